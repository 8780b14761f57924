package io.clothify.training.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Local-mode flags: {@code --data DIR --output DIR [--checkpoints DIR] [--<hyperparameter> VALUE]...}.
 * Hyperparameter flags take the same names as SageMaker's (dashes or underscores).
 *
 * @param data dataset folder
 * @param output artifact folder
 * @param checkpoints checkpoint folder (default {@code <output>/checkpoints})
 * @param hyperparameters the remaining flags
 */
public record CommandLine(Path data, Path output, Path checkpoints, Map<String, String> hyperparameters) {

    /**
     * @throws IllegalArgumentException for a missing value, a missing {@code --data}/{@code --output}, or an
     *     unknown flag
     */
    public static CommandLine parse(List<String> args) {
        Path data = null;
        Path output = null;
        Path checkpoints = null;
        Map<String, String> hyperparameters = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (!flag.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + flag + "' (flags start with --)");
            }
            String name = flag.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("Flag " + flag + " needs a value");
                }
                value = args.get(++i);
            }
            switch (name) {
                case "data" -> data = Path.of(value);
                case "output" -> output = Path.of(value);
                case "checkpoints" -> checkpoints = Path.of(value);
                default -> {
                    String key = name.replace('-', '_');
                    if (!Hyperparameters.DESCRIPTIONS.containsKey(key)) {
                        throw new IllegalArgumentException("Unknown flag " + flag + " (see --help)");
                    }
                    hyperparameters.put(key, value);
                }
            }
        }
        if (data == null || output == null) {
            throw new IllegalArgumentException("--data and --output are required (see --help)");
        }
        return new CommandLine(data, output, checkpoints == null ? output.resolve("checkpoints") : checkpoints,
                hyperparameters);
    }

    public static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("""
                Trains a clothing classifier and writes a self-describing model artifact.

                Local mode:
                  java -jar training-job.jar --data DIR --output DIR [--checkpoints DIR] [--NAME VALUE]...
                    --data         a folder with train/ [validation/] [test/] class folders
                                   (clothing-dataset-small) or the Fashion-MNIST IDX files
                    --output       where the artifact, metrics.json and plots are written
                    --checkpoints  checkpoint folder; a run finding one resumes (default OUTPUT/checkpoints)
                SageMaker mode (the training container's command):
                  java -jar training-job.jar train
                    reads /opt/ml/input/config/hyperparameters.json and the train/validation/test channels
                    in /opt/ml/input/data, writes /opt/ml/model and /opt/ml/checkpoints
                    (root overridable with OPT_ML_ROOT); on error writes /opt/ml/output/failure, exits 1

                Hyperparameters (same names in both modes):
                """);
        Hyperparameters.DESCRIPTIONS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(String.format("  --%-20s %s%n", e.getKey(), e.getValue())));
        sb.append("""

                Log lines (one per epoch, then the test result) for SageMaker metric definitions:
                  epoch=3/30 train_loss=0.4123 train_accuracy=0.8512 val_loss=0.3921 val_accuracy=0.8610 lr=0.001000 seconds=12.3
                  test_loss=0.3511 test_accuracy=0.8710
                """);
        return sb.toString();
    }
}
