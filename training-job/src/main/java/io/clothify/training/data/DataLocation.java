package io.clothify.training.data;

import io.clothify.model.contract.TrainingChannels;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the splits of a dataset are.
 *
 * @param name dataset name
 * @param kind how it is stored
 * @param train the training split's folder (class folders, or the folder holding {@code train-*} IDX files)
 * @param validation the validation split's folder, or null (then it is held out from train)
 * @param test the test split's folder, or null
 */
public record DataLocation(String name, DatasetKind kind, Path train, Path validation, Path test) {

    /**
     * A local dataset folder: either {@code train/ [validation/] [test/]} with class folders inside (like
     * clothing-dataset-small), or the Fashion-MNIST IDX files.
     */
    public static DataLocation fromDataDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Data folder " + dir + " does not exist");
        }
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        if (IdxFiles.present(dir, IdxFiles.TRAIN_PREFIX)) {
            return new DataLocation(name, DatasetKind.IDX, dir, null,
                    IdxFiles.present(dir, IdxFiles.TEST_PREFIX) ? dir : null);
        }
        Path train = dir.resolve(TrainingChannels.TRAIN);
        if (!Files.isDirectory(train)) {
            throw new IllegalArgumentException("Data folder " + dir + " has neither a train/ folder of class "
                    + "folders nor Fashion-MNIST IDX files (train-images-idx3-ubyte.gz, ...)");
        }
        Path validation = firstDir(dir.resolve(TrainingChannels.VALIDATION), dir.resolve("val"));
        return new DataLocation(name, DatasetKind.IMAGE_FOLDERS, train, validation,
                firstDir(dir.resolve(TrainingChannels.TEST)));
    }

    /**
     * SageMaker channels under {@code /opt/ml/input/data}: {@code train} (required), {@code validation} and
     * {@code test} (optional). Each holds class folders, or IDX files ({@code train-*} in train, {@code t10k-*}
     * in test).
     */
    public static DataLocation fromChannels(Path channelsRoot, String name) {
        Path train = channelsRoot.resolve(TrainingChannels.TRAIN);
        if (!Files.isDirectory(train)) {
            throw new IllegalArgumentException("The required 'train' channel is missing: " + train);
        }
        Path validation = firstDir(channelsRoot.resolve(TrainingChannels.VALIDATION));
        Path test = firstDir(channelsRoot.resolve(TrainingChannels.TEST));
        if (IdxFiles.present(train, IdxFiles.TRAIN_PREFIX)) {
            if (test == null && IdxFiles.present(train, IdxFiles.TEST_PREFIX)) {
                test = train;
            }
            return new DataLocation(name, DatasetKind.IDX, train, validation, test);
        }
        return new DataLocation(name, DatasetKind.IMAGE_FOLDERS, train, validation, test);
    }

    private static Path firstDir(Path... candidates) {
        for (Path p : candidates) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }
}
