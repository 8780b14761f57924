package io.clothify.model.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one tar reader: what it unpacks, what it refuses, and reading one file without unpacking. */
class TarGzTest {
    @TempDir
    Path temp;

    @Test
    void packedFilesUnpackByteForByte() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("artifact"));
        Files.writeString(dir.resolve("metadata.json"), "{\"name\":\"m\"}");
        Files.write(dir.resolve("model-0000.params"), new byte[] {1, 2, 3, 4});
        Path archive = temp.resolve("model.tar.gz");
        TarGz.pack(dir, archive);
        Path out = temp.resolve("out");
        TarGz.unpack(archive, out);
        assertEquals("{\"name\":\"m\"}", Files.readString(out.resolve("metadata.json")));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Files.readAllBytes(out.resolve("model-0000.params")));
    }

    @Test
    void anEntryOutsideTheTargetIsRefusedAndNotWritten() throws IOException {
        Path archive = archive(new Entry("../escaped.txt", "gotcha"));
        Path out = Files.createDirectories(temp.resolve("a/b"));
        ArtifactException e = assertThrows(ArtifactException.class, () -> TarGz.unpack(archive, out));
        assertTrue(e.getMessage().contains("outside its root"), e.getMessage());
        assertFalse(Files.exists(temp.resolve("a/escaped.txt")));
    }

    @Test
    void aLinkIsRefused() throws IOException {
        Path archive = temp.resolve("link.tar.gz");
        try (OutputStream file = Files.newOutputStream(archive);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            TarArchiveEntry link = new TarArchiveEntry("metadata.json", TarConstants.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        Path out = temp.resolve("out");
        ArtifactException e = assertThrows(ArtifactException.class, () -> TarGz.unpack(archive, out));
        assertTrue(e.getMessage().contains("link"), e.getMessage());
        assertFalse(Files.exists(out.resolve("metadata.json"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertThrows(ArtifactException.class, () -> TarGz.readFile(archive, "metadata.json", 1024));
    }

    @Test
    void anArchiveOverTheSizeLimitIsRefused() throws IOException {
        Path archive = archive(new Entry("a.bin", "x".repeat(60)), new Entry("b.bin", "y".repeat(60)));
        ArtifactException e = assertThrows(ArtifactException.class,
                () -> TarGz.unpack(archive, temp.resolve("out"), 100));
        assertTrue(e.getMessage().contains("more than 100 bytes"), e.getMessage());
        assertFalse(Files.exists(temp.resolve("out/b.bin")), "nothing past the limit is written");
        TarGz.unpack(archive, temp.resolve("roomy"), 120);
        assertEquals(60, Files.size(temp.resolve("roomy/b.bin")));
    }

    @Test
    void aTruncatedArchiveIsRefusedAsSuch() throws IOException {
        Path archive = archive(new Entry("model.params", "z".repeat(100_000)));
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(bytes, bytes.length / 2));
        ArtifactException e = assertThrows(ArtifactException.class, () -> TarGz.unpack(archive, temp.resolve("o")));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void readFileFindsTheFileAtTheRootOrInAFolderWithoutUnpacking() throws IOException {
        Path flat = archive(new Entry("model.params", "p"), new Entry("metadata.json", "{\"a\":1}"));
        assertEquals("{\"a\":1}", text(TarGz.readFile(flat, "metadata.json", 1024).orElseThrow()));
        Path nested = archive(new Entry("model/", null), new Entry("model/metadata.json", "{\"b\":2}"));
        assertEquals("{\"b\":2}", text(TarGz.readFile(nested, "metadata.json", 1024).orElseThrow()));
        assertTrue(TarGz.readFile(flat, "saved_model.pb", 1024).isEmpty());
        assertTrue(TarGz.readFile(archive(new Entry("not-metadata.json", "{}")), "metadata.json", 1024).isEmpty(),
                "a name that merely ends the same is another file");
    }

    @Test
    void readFileRefusesAFileOverItsLimit() throws IOException {
        Path archive = archive(new Entry("metadata.json", "{\"big\":\"" + "b".repeat(200) + "\"}"));
        ArtifactException e = assertThrows(ArtifactException.class,
                () -> TarGz.readFile(archive, "metadata.json", 100));
        assertTrue(e.getMessage().contains("over the 100"), e.getMessage());
    }

    @Test
    void aFileThatIsNotGzipIsRefusedWithItsName() throws IOException {
        Path notAnArchive = Files.writeString(temp.resolve("model.tar.gz"), "not gzip");
        ArtifactException e = assertThrows(ArtifactException.class,
                () -> TarGz.readFile(notAnArchive, "metadata.json", 100));
        assertTrue(e.getMessage().contains(notAnArchive.toString()), e.getMessage());
    }

    private record Entry(String name, String text) {}

    private Path archive(Entry... entries) throws IOException {
        Path archive = Files.createTempFile(temp, "archive", ".tar.gz");
        try (OutputStream file = Files.newOutputStream(archive);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            for (Entry entry : entries) {
                TarArchiveEntry e = new TarArchiveEntry(entry.name(), true); // keep names as written, even "../"
                byte[] bytes = entry.text() == null ? new byte[0] : entry.text().getBytes(StandardCharsets.UTF_8);
                if (entry.text() != null) {
                    e.setSize(bytes.length);
                }
                tar.putArchiveEntry(e);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
