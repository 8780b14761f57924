package io.clothify.training.data;

import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.PixelImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** Reads (Fashion-)MNIST IDX files: {@code <prefix>-images-idx3-ubyte[.gz]} and {@code -labels-idx1-ubyte[.gz]}. */
public final class IdxFiles {
    public static final String TRAIN_PREFIX = "train";
    public static final String TEST_PREFIX = "t10k";
    /** Fashion-MNIST's labels 0..9. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("t-shirt/top", "trouser", "pullover",
            "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot");

    private IdxFiles() {}

    /** Whether {@code dir} holds the image and label files of {@code prefix}. */
    public static boolean present(Path dir, String prefix) {
        return find(dir, prefix + "-images-idx3-ubyte").isPresent()
                && find(dir, prefix + "-labels-idx1-ubyte").isPresent();
    }

    public static LabelledImages load(Path dir, String prefix, ImagePipeline pipeline, Fingerprint fingerprint)
            throws IOException {
        Path imagesFile = find(dir, prefix + "-images-idx3-ubyte").orElseThrow();
        Path labelsFile = find(dir, prefix + "-labels-idx1-ubyte").orElseThrow();
        int[] labels;
        try (DataInputStream in = open(labelsFile)) {
            expectMagic(in.readInt(), 0x00000801, labelsFile);
            labels = new int[in.readInt()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = in.readUnsignedByte();
                if (labels[i] >= FASHION_MNIST_CLASSES.size()) {
                    throw new IOException(labelsFile + ": label " + labels[i] + " out of range at " + i);
                }
            }
        }
        List<PixelImage> images = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        try (DataInputStream in = open(imagesFile)) {
            expectMagic(in.readInt(), 0x00000803, imagesFile);
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count != labels.length) {
                throw new IOException(imagesFile + " has " + count + " images but " + labelsFile + " has "
                        + labels.length + " labels");
            }
            for (int i = 0; i < count; i++) {
                byte[] px = new byte[rows * cols];
                in.readFully(px);
                PixelImage gray = new PixelImage(cols, rows, 1, px);
                images.add(pipeline.spec().channels() == 1 ? pipeline.resize(gray)
                        : pipeline.resize(toRgb(gray)));
                sources.add(prefix + "#" + i);
            }
        }
        fingerprint.add(prefix, imagesFile.getFileName().toString(), Files.size(imagesFile), "images");
        fingerprint.add(prefix, labelsFile.getFileName().toString(), Files.size(labelsFile), "labels");
        return new LabelledImages(FASHION_MNIST_CLASSES, images, labels, sources);
    }

    private static PixelImage toRgb(PixelImage gray) {
        byte[] rgb = new byte[gray.pixels().length * 3];
        for (int i = 0; i < gray.pixels().length; i++) {
            rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = gray.pixels()[i];
        }
        return new PixelImage(gray.width(), gray.height(), 3, rgb);
    }

    private static Optional<Path> find(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base, base.replace("-idx", ".idx")}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(in);
    }

    private static void expectMagic(int actual, int expected, Path file) throws IOException {
        if (actual != expected) {
            throw new IOException(file + " is not an IDX file (magic " + Integer.toHexString(actual) + ")");
        }
    }
}
