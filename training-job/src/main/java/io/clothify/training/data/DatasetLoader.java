package io.clothify.training.data;

import io.clothify.model.image.ImagePipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads every split of a {@link DataLocation} into memory, holding out validation when there is none. */
public final class DatasetLoader {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetLoader.class);

    private DatasetLoader() {}

    /** The class names of a dataset, known before anything is decoded. */
    public static List<String> classNames(DataLocation location) throws IOException {
        return location.kind() == DatasetKind.IDX ? IdxFiles.FASHION_MNIST_CLASSES
                : ImageFolders.classNames(location.train());
    }

    public static Splits load(DataLocation location, ImagePipeline pipeline, double validationFraction,
            long seed, int threads) throws IOException {
        long start = System.nanoTime();
        Fingerprint fingerprint = new Fingerprint();
        List<String> classes = classNames(location);
        LabelledImages train = read(location, location.train(), "train", IdxFiles.TRAIN_PREFIX, classes, pipeline,
                fingerprint, threads);
        LabelledImages validation;
        if (location.validation() != null) {
            validation = read(location, location.validation(), "validation", IdxFiles.TRAIN_PREFIX, classes,
                    pipeline, fingerprint, threads);
        } else {
            int[][] parts = stratifiedHoldout(train.labels(), classes.size(), validationFraction, seed);
            validation = train.select(parts[1]);
            train = train.select(parts[0]);
        }
        LabelledImages test = location.test() == null ? null
                : read(location, location.test(), "test", IdxFiles.TEST_PREFIX, classes, pipeline, fingerprint,
                        threads);
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("Not enough images: train has " + train.size()
                    + ", validation has " + validation.size());
        }
        LOG.info("Loaded {}: train {}, validation {}, test {} images ({} classes) in {} s", location.name(),
                train.size(), validation.size(), test == null ? 0 : test.size(), classes.size(),
                String.format("%.1f", (System.nanoTime() - start) / 1e9));
        return new Splits(location.name(), location.kind(), train, validation, test, fingerprint.digest());
    }

    private static LabelledImages read(DataLocation location, Path dir, String split, String idxPrefix,
            List<String> classes, ImagePipeline pipeline, Fingerprint fingerprint, int threads) throws IOException {
        if (location.kind() == DatasetKind.IDX) {
            String prefix = IdxFiles.present(dir, idxPrefix) ? idxPrefix : IdxFiles.TRAIN_PREFIX;
            return IdxFiles.load(dir, prefix, pipeline, fingerprint);
        }
        return ImageFolders.load(dir, split, classes, pipeline, fingerprint, threads);
    }

    /**
     * Splits indices per class: {@code fraction} of each class (at least one image when the class has two or
     * more) goes to the second part. Returns {@code {kept, heldOut}}.
     */
    static int[][] stratifiedHoldout(int[] labels, int numClasses, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation_fraction must be in (0, 1), got " + fraction);
        }
        Random random = new Random(seed);
        List<Integer> kept = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            java.util.Collections.shuffle(members, random);
            int holdout = members.size() < 2 ? 0 : Math.max(1, (int) Math.round(members.size() * fraction));
            held.addAll(members.subList(0, holdout));
            kept.addAll(members.subList(holdout, members.size()));
        }
        kept.sort(null);
        held.sort(null);
        return new int[][] {kept.stream().mapToInt(Integer::intValue).toArray(),
            held.stream().mapToInt(Integer::intValue).toArray()};
    }
}
