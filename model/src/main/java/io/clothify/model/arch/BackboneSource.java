package io.clothify.model.arch;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a backbone comes from, as the {@code backbone} hyperparameter names it: a local TorchScript file, or a
 * network of DJL's model zoo ({@code djl://ai.djl.pytorch/resnet18_embedding}), which DJL downloads into its cache.
 */
public final class BackboneSource {
    public static final String ZOO_SCHEME = "djl://";
    private static final Pattern ZOO_URL =
            Pattern.compile("djl://[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");

    private BackboneSource() {}

    public static boolean isModelZoo(String source) {
        return source.startsWith(ZOO_SCHEME);
    }

    /**
     * Checks the form of a source without loading anything.
     *
     * @throws IllegalArgumentException saying what to do instead, for a malformed model-zoo URL, a model-zoo URL
     *     when DJL runs offline ({@code ai.djl.offline=true}), or a local file that does not exist
     */
    public static void check(String source) {
        if (isModelZoo(source)) {
            if (!ZOO_URL.matcher(source).matches()) {
                throw new IllegalArgumentException("Invalid backbone '" + source + "': expected a DJL model-zoo URL"
                        + " djl://<group>/<model>, e.g. djl://ai.djl.pytorch/resnet18_embedding, or a TorchScript"
                        + " file");
            }
            if (Boolean.getBoolean("ai.djl.offline")) {
                throw new IllegalArgumentException("Cannot use backbone '" + source + "': DJL runs offline"
                        + " (ai.djl.offline=true), so its model zoo cannot download it. Download the network where"
                        + " there is internet (DJL caches it under ~/.djl.ai) or trace one with torch.jit.trace, and"
                        + " pass the TorchScript file instead: backbone=/path/to/backbone.pt");
            }
        } else if (!Files.isRegularFile(Path.of(source))) {
            throw new IllegalArgumentException("Invalid backbone '" + source + "': no such TorchScript file");
        }
    }

    /** The local TorchScript file of a source, downloading a model-zoo network first (into DJL's cache). */
    public static Path localFile(String source) {
        check(source);
        if (!isModelZoo(source)) {
            return Path.of(source).toAbsolutePath().normalize();
        }
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelUrls(source).optEngine("PyTorch").build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Stream<Path> files = Files.list(model.getModelPath())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pt")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Backbone " + source
                            + " holds no TorchScript (.pt) file in " + model.getModelPath()));
        } catch (IOException | ai.djl.ModelException e) {
            throw new IllegalArgumentException("Cannot load backbone " + source + ": " + e.getMessage(), e);
        }
    }
}
