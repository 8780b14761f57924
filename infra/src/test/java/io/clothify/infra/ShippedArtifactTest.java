package io.clothify.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedArtifactTest {

    @Test
    void readsTheTestAccuracyFromTheArtifactMetadata() {
        assertEquals(OptionalDouble.of(0.61), ShippedArtifact.read(TestStacks.FIXTURE_ARTIFACT).testAccuracy());
    }

    @Test
    void theRecipeIsTheMetadataHyperparametersAsSageMakerStringsWithoutRunSettings() {
        ShippedArtifact fixture = ShippedArtifact.read(TestStacks.FIXTURE_ARTIFACT);
        assertEquals("clothing-dataset-small", fixture.dataset());
        assertEquals("90", fixture.recipe().get("epochs"));
        assertEquals("1", fixture.recipe().get("seed"));
        assertEquals("0.002", fixture.recipe().get("learning_rate"));
        assertEquals("32,64,128,256", fixture.recipe().get("widths"), "lists as the training job reads them");
        assertEquals("true", fixture.recipe().get("test_time_flip"));
        for (String run : ShippedArtifact.NOT_RECIPE) {
            assertFalse(fixture.recipe().containsKey(run), run + " belongs to one run, not to the recipe");
        }
    }

    /** The artifact the stack really ships: its recipe is what made test accuracy 0.8522 (model/artifacts/README). */
    @Test
    void theShippedModelsRecipeIsNinetyEpochsSeedOneOfPhotoCnn() throws IOException {
        Path shippedPath = TestStacks.REPO_ROOT.resolve(ClothifyStack.DEFAULT_ARTIFACT);
        ShippedArtifact shipped = ShippedArtifact.read(shippedPath);
        assertEquals(0.8522, shipped.testAccuracy().orElseThrow(), 0.0001);
        assertEquals("photo-cnn", shipped.recipe().get("architecture"));
        assertEquals("90", shipped.recipe().get("epochs"));
        assertEquals("0", shipped.recipe().get("patience"), "the shipped run never stopped early");
        assertEquals("1", shipped.recipe().get("seed"));
        String sha256 = java.util.HexFormat.of().formatHex(uncheckedSha256(Files.readAllBytes(shippedPath)));
        assertEquals(sha256, shipped.sha256());
        assertEquals(sha256.substring(0, 12), shipped.shortHash());
    }

    private static byte[] uncheckedSha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anArtifactWithoutTestMetricsHasNoAccuracy(@TempDir Path dir) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("metadata.json"), "{\"formatVersion\":1,\"name\":\"untrained\"}");
        Path archive = dir.resolve("model.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", dir.toString(), "metadata.json")
                .inheritIO().start();
        assertEquals(0, tar.waitFor());
        assertTrue(ShippedArtifact.read(archive).testAccuracy().isEmpty());
        assertTrue(ShippedArtifact.read(archive).recipe().isEmpty());
    }

    @Test
    void aFileThatIsNotAnArchiveIsRefusedWithItsName(@TempDir Path dir) throws IOException {
        Path notAnArchive = Files.writeString(dir.resolve("model.tar.gz"), "not gzip");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShippedArtifact.read(notAnArchive));
        assertTrue(e.getMessage().contains(notAnArchive.toString()), e.getMessage());
    }
}
