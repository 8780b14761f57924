package io.clothify.model.arch;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.clothify.model.contract.ModelZooBackbones;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a backbone comes from, as the {@code backbone} hyperparameter names it: a short name of a network in DJL's
 * PyTorch model zoo ({@code resnet18}, see {@link ModelZooBackbones}), a model-zoo URL
 * ({@code djl://ai.djl.pytorch/resnet18_embedding}), which DJL downloads into its cache, or a local TorchScript file.
 * An {@code s3://} URI is not read here: the retraining pipeline hands it to the SageMaker job as a channel, and the
 * job names the file in it.
 */
public final class BackboneSource {
    public static final String ZOO_SCHEME = "djl://";
    public static final String S3_SCHEME = "s3://";
    private static final Pattern ZOO_URL =
            Pattern.compile("djl://[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final Pattern SHORT_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private BackboneSource() {}

    /** Whether the source is DJL's model zoo: a {@code djl://} URL or a short name of {@link ModelZooBackbones}. */
    public static boolean isModelZoo(String source) {
        return source.startsWith(ZOO_SCHEME) || ModelZooBackbones.find(source).isPresent();
    }

    public static boolean isS3(String source) {
        return source.startsWith(S3_SCHEME);
    }

    /** The input size a source was trained at, when it is known (a network of {@link ModelZooBackbones}). */
    public static OptionalInt trainedImageSize(String source) {
        return ModelZooBackbones.find(source).isPresent() ? OptionalInt.of(ModelZooBackbones.IMAGE_SIZE)
                : OptionalInt.empty();
    }

    /**
     * Checks the form of a source without loading anything.
     *
     * @throws IllegalArgumentException saying what to do instead, for an unknown short name, a malformed model-zoo
     *     URL, a model-zoo network when DJL runs offline ({@code ai.djl.offline=true}), an S3 URI, or a local file
     *     that does not exist
     */
    public static void check(String source) {
        if (isS3(source)) {
            throw new IllegalArgumentException("Cannot read backbone '" + source + "' here: the training job reads no"
                    + " S3 URIs itself. The retraining pipeline passes it to the SageMaker job as the 'backbone'"
                    + " channel (infra/bin/retrain -p backbone=" + source + "); elsewhere, copy the file and pass"
                    + " its path: backbone=/path/to/backbone.pt");
        }
        if (isModelZoo(source)) {
            String url = url(source);
            if (!ZOO_URL.matcher(url).matches()) {
                throw new IllegalArgumentException("Invalid backbone '" + source + "': expected a DJL model-zoo URL"
                        + " djl://<group>/<model>, e.g. djl://ai.djl.pytorch/resnet18_embedding, a short name "
                        + ModelZooBackbones.names() + ", or a TorchScript file");
            }
            if (Boolean.getBoolean("ai.djl.offline")) {
                throw new IllegalArgumentException("Cannot use backbone '" + source + "'"
                        + (url.equals(source) ? "" : " (" + url + ")") + ": DJL runs offline (ai.djl.offline=true),"
                        + " so its model zoo cannot download it. Download the network where there is internet (DJL"
                        + " caches it under ~/.djl.ai) or trace one with torch.jit.trace, and pass the TorchScript"
                        + " file instead: backbone=/path/to/backbone.pt");
            }
        } else if (!Files.isRegularFile(Path.of(source))) {
            if (SHORT_NAME.matcher(source).matches()) {
                throw new IllegalArgumentException("Unknown backbone '" + source + "': expected one of the model-zoo"
                        + " networks " + ModelZooBackbones.names() + ", a djl:// model-zoo URL, or a TorchScript file (for a file"
                        + " without an extension in this folder, write ./" + source + ")");
            }
            throw new IllegalArgumentException("Invalid backbone '" + source + "': no such TorchScript file");
        }
    }

    /** The model-zoo URL of a short name; any other source as it is. */
    public static String url(String source) {
        return ModelZooBackbones.find(source).map(ModelZooBackbones.ZooBackbone::url).orElse(source);
    }

    /** The local TorchScript file of a source, downloading a model-zoo network first (into DJL's cache). */
    public static Path localFile(String source) {
        check(source);
        if (!isModelZoo(source)) {
            return Path.of(source).toAbsolutePath().normalize();
        }
        String url = url(source);
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelUrls(url).optEngine("PyTorch").build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Stream<Path> files = Files.walk(model.getModelPath(), 2)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pt")).sorted().findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Backbone " + url
                            + " holds no TorchScript (.pt) file in " + model.getModelPath()));
        } catch (IOException | ai.djl.ModelException e) {
            throw new IllegalArgumentException("Cannot load backbone " + url + ": " + e.getMessage()
                    + ". DJL downloads it from its model zoo, which needs internet; without it (e.g. a SageMaker job"
                    + " under network isolation), pass the TorchScript file as an S3 URI (infra/bin/retrain"
                    + " -p backbone=s3://<bucket>/models/backbones/...) or a local file", e);
        }
    }
}
