package io.clothify.model.contract;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Reads and writes artifacts as {@code model.tar.gz} (SageMaker's layout: the files at the archive's root). The one
 * tar reader of the project. Extraction refuses paths that escape the target folder, links, and archives over a
 * size limit. No DJL here: the CDK app reads shipped archives with this class.
 */
public final class TarGz {
    /** Refuse archives that would unpack to more than this (a model here is a few MB). */
    public static final long MAX_EXTRACTED_BYTES = 2L << 30;

    private TarGz() {}

    /** Writes the regular files directly inside {@code dir} into a reproducible archive, atomically. */
    public static void pack(Path dir, Path archive) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        Path parent = archive.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".model", ".tar.gz.tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp));
                    GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (Path file : files) {
                    TarArchiveEntry entry = new TarArchiveEntry(file.getFileName().toString());
                    entry.setSize(Files.size(file));
                    entry.setModTime(0);
                    entry.setMode(0644);
                    tar.putArchiveEntry(entry);
                    Files.copy(file, tar);
                    tar.closeArchiveEntry();
                }
            }
            Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Unpacks an archive into {@code target} (created if needed).
     *
     * @throws ArtifactException if the archive is not gzip/tar, is truncated, or holds unsafe entries
     */
    public static void unpack(Path archive, Path target) {
        unpack(archive, target, MAX_EXTRACTED_BYTES);
    }

    static void unpack(Path archive, Path target, long maxBytes) {
        Path root = target.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long[] total = {0};
        read(archive, (entry, tar) -> {
            Path out = root.resolve(entry.getName()).normalize();
            if (!out.startsWith(root)) {
                throw new ArtifactException("Archive " + archive + " has an entry outside its root: "
                        + entry.getName());
            }
            if (entry.isDirectory()) {
                Files.createDirectories(out);
                return false;
            }
            total[0] += entry.getSize();
            if (total[0] > maxBytes) {
                throw new ArtifactException("Archive " + archive + " unpacks to more than " + maxBytes + " bytes");
            }
            Files.createDirectories(out.getParent());
            long copied = Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
            if (copied != entry.getSize()) {
                throw new ArtifactException("Archive " + archive + " is truncated in " + entry.getName());
            }
            return false;
        });
    }

    /**
     * The bytes of the first file named {@code fileName} at the archive's root or in any folder of it, without
     * unpacking the rest; empty when there is none.
     *
     * @throws ArtifactException if the archive is not gzip/tar, is truncated, holds a link or device before that
     *         file, or that file is over {@code maxBytes}
     */
    public static Optional<byte[]> readFile(Path archive, String fileName, int maxBytes) {
        byte[][] found = {null};
        read(archive, (entry, tar) -> {
            String name = entry.getName();
            if (entry.isDirectory() || !(name.equals(fileName) || name.endsWith("/" + fileName))) {
                return false;
            }
            if (entry.getSize() > maxBytes) {
                throw new ArtifactException("Archive " + archive + " has a " + name + " of " + entry.getSize()
                        + " bytes, over the " + maxBytes + " this reads");
            }
            found[0] = tar.readNBytes((int) entry.getSize());
            if (found[0].length != entry.getSize()) {
                throw new ArtifactException("Archive " + archive + " is truncated in " + name);
            }
            return true;
        });
        return Optional.ofNullable(found[0]);
    }

    /** What to do with one directory or regular-file entry, its content readable from {@code tar}; true to stop. */
    private interface EntryVisitor {
        boolean visit(TarArchiveEntry entry, InputStream tar) throws IOException;
    }

    private static void read(Path archive, EntryVisitor visitor) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
                GzipCompressorInputStream gz = new GzipCompressorInputStream(in);
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isDirectory() && !isPlainFile(entry)) {
                    throw new ArtifactException("Archive " + archive + " has an unsupported entry (link or "
                            + "device): " + entry.getName());
                }
                if (visitor.visit(entry, tar)) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new ArtifactException("Archive " + archive + " is not a readable model.tar.gz (corrupt or "
                    + "truncated): " + e.getMessage(), e);
        }
    }

    /** Commons Compress calls a link a file too (no directory flag, no trailing slash): ask every kind. */
    private static boolean isPlainFile(TarArchiveEntry entry) {
        return entry.isFile() && !entry.isSymbolicLink() && !entry.isLink() && !entry.isCharacterDevice()
                && !entry.isBlockDevice() && !entry.isFIFO();
    }
}
