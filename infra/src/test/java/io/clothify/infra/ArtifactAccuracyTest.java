package io.clothify.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactAccuracyTest {

    @Test
    void readsTheTestAccuracyFromTheArtifactMetadata() {
        assertEquals(OptionalDouble.of(0.61), ArtifactAccuracy.of(TestStacks.FIXTURE_ARTIFACT));
    }

    @Test
    void anArtifactWithoutTestMetricsHasNoAccuracy(@TempDir Path dir) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("metadata.json"), "{\"formatVersion\":1,\"name\":\"untrained\"}");
        Path archive = dir.resolve("model.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", dir.toString(), "metadata.json")
                .inheritIO().start();
        assertEquals(0, tar.waitFor());
        assertTrue(ArtifactAccuracy.of(archive).isEmpty());
    }

    @Test
    void aFileThatIsNotAnArchiveIsRefusedWithItsName(@TempDir Path dir) throws IOException {
        Path notAnArchive = Files.writeString(dir.resolve("model.tar.gz"), "not gzip");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArtifactAccuracy.of(notAnArchive));
        assertTrue(e.getMessage().contains(notAnArchive.toString()), e.getMessage());
    }
}
