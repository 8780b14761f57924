package io.clothify.training.data;

import io.clothify.model.image.ImageDecodeException;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.PixelImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a folder-per-class split (e.g. {@code train/dress/*.jpg}), decoding and resizing every image once with
 * the shared {@link ImagePipeline}, in parallel.
 */
public final class ImageFolders {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFolders.class);

    private ImageFolders() {}

    /** Sorted names of the class folders in {@code splitDir}. */
    public static List<String> classNames(Path splitDir) throws IOException {
        try (Stream<Path> s = Files.list(splitDir)) {
            List<String> names = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
            if (names.size() < 2) {
                throw new IllegalArgumentException("Expected at least 2 class folders in " + splitDir
                        + ", found " + names);
            }
            return names;
        }
    }

    /**
     * Loads a split whose classes must be among {@code classNames}. Files that are not JPEG/PNG/WebP are skipped
     * with a warning; a class folder unknown to {@code classNames} is an error.
     */
    public static LabelledImages load(Path splitDir, String splitName, List<String> classNames,
            ImagePipeline pipeline, Fingerprint fingerprint, int threads) throws IOException {
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String folder : classNames(splitDir)) {
            int label = classNames.indexOf(folder);
            if (label < 0) {
                throw new IllegalArgumentException("Class folder '" + folder + "' in " + splitDir
                        + " is not one of the training classes " + classNames);
            }
            try (Stream<Path> s = Files.list(splitDir.resolve(folder))) {
                for (Path f : s.filter(ImageFolders::isImageFile).sorted().toList()) {
                    files.add(f);
                    labels.add(label);
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<PixelImage>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> decode(f, pipeline)));
            }
            List<PixelImage> images = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                PixelImage img = futures.get(i).get();
                if (img == null) {
                    continue;
                }
                Path rel = splitDir.relativize(files.get(i));
                fingerprint.add(splitName, rel.toString().replace('\\', '/'), Files.size(files.get(i)),
                        classNames.get(labels.get(i)));
                images.add(img);
                sources.add(rel.toString());
                kept.add(labels.get(i));
            }
            return new LabelledImages(classNames, images, kept.stream().mapToInt(Integer::intValue).toArray(),
                    sources);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while loading " + splitDir, e);
        } catch (ExecutionException e) {
            throw new IOException("Failed to load " + splitDir + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static PixelImage decode(Path file, ImagePipeline pipeline) {
        try {
            return pipeline.resize(pipeline.decode(file).image());
        } catch (ImageDecodeException e) {
            LOG.warn("Skipping {}: {}", file, e.getMessage());
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isImageFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png")
                || n.endsWith(".webp"));
    }
}
