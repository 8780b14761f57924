package io.clothify.function.loading;

import io.clothify.model.artifact.AtomicFiles;
import io.clothify.model.contract.ArtifactException;
import io.clothify.model.contract.ArtifactFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Turns a model URI into a local path: a local directory or archive as it is; an {@code s3://} object downloaded
 * once into {@code cacheDir} (a file per URI and ETag, written to a temporary name, checked against the object's
 * length and moved into place atomically). Older downloads are deleted so /tmp (512 MB by default) does not fill.
 */
public final class ArtifactStore {
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactStore.class);

    private final Supplier<S3Client> s3;
    private final Path cacheDir;

    /**
     * @param s3 the S3 client, created on first use (local-only setups never build one)
     * @param cacheDir where downloads go (under /tmp in Lambda)
     */
    public ArtifactStore(Supplier<S3Client> s3, Path cacheDir) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    }

    /**
     * A local path holding the artifact named by {@code uri}.
     *
     * @throws ArtifactException if a local path does not exist or a download is incomplete
     */
    public Path localize(String uri) {
        if (!S3Uri.isS3(uri)) {
            Path local = Path.of(uri.startsWith("file:") ? java.net.URI.create(uri).getPath() : uri);
            if (!Files.exists(local)) {
                throw new ArtifactException("No model artifact at " + local);
            }
            return local;
        }
        S3Uri location = S3Uri.parse(uri);
        try {
            return download(location);
        } catch (IOException e) {
            throw new UncheckedIOException("Downloading " + location + " failed", e);
        }
    }

    private Path download(S3Uri location) throws IOException {
        S3Client client = s3.get();
        HeadObjectResponse head = client.headObject(b -> b.bucket(location.bucket()).key(location.key()));
        String name = location.key().substring(location.key().lastIndexOf('/') + 1);
        Path dir = cacheDir.resolve(digest(location + "@" + head.eTag()));
        Path file = dir.resolve(name.isEmpty() ? ArtifactFiles.ARCHIVE_NAME : name);
        if (Files.isRegularFile(file) && Files.size(file) == head.contentLength()) {
            return file;
        }
        deleteOtherDownloads(dir);
        Files.createDirectories(dir);
        Path part = dir.resolve(file.getFileName() + ".part");
        long started = System.nanoTime();
        GetObjectRequest request = GetObjectRequest.builder().bucket(location.bucket()).key(location.key())
                .ifMatch(head.eTag()).build();
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(request)) {
            long written = Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            long expected = in.response().contentLength();
            if (written != expected) {
                throw new ArtifactException("Download of " + location + " is incomplete: " + written + " of "
                        + expected + " bytes");
            }
        }
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LOG.info("Downloaded {} ({} bytes) in {} ms", location, Files.size(file),
                (System.nanoTime() - started) / 1_000_000);
        return file;
    }

    private void deleteOtherDownloads(Path keep) throws IOException {
        if (!Files.isDirectory(cacheDir)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(cacheDir)) {
            for (Path dir : dirs.filter(d -> !d.equals(keep)).toList()) {
                AtomicFiles.deleteRecursively(dir);
            }
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
