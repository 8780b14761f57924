package io.clothify.model.contract;

import java.util.List;
import java.util.Optional;

/**
 * The short names the {@link Hyperparameter#BACKBONE} hyperparameter takes for ImageNet networks of DJL's PyTorch
 * model zoo (artifacts of {@code ai.djl.pytorch:pytorch-model-zoo} 0.35.1), shared by the training job, which
 * downloads them, and {@code infra/bin/retrain}, which checks them before starting a run. Both were trained on 224 px
 * center crops of 256 px images normalized with ImageNet's mean and std.
 */
public final class ModelZooBackbones {
    /**
     * One network.
     *
     * @param name the short name
     * @param url its model-zoo URL
     * @param features what it maps {@code [N, 3, H, W]} images to
     */
    public record ZooBackbone(String name, String url, String features) {}

    /** The size the networks were trained at: the default {@code image_size} with them. */
    public static final int IMAGE_SIZE = 224;

    /** The networks, in the order help texts list them. */
    public static final List<ZooBackbone> ALL = List.of(
            new ZooBackbone("resnet18", "djl://ai.djl.pytorch/resnet18_embedding",
                    "[N, 512, 1, 1]: ResNet-18's pooled features without its classifier (512 after flattening)"),
            new ZooBackbone("resnet50", "djl://ai.djl.pytorch/resnet/0.0.1/traced_resnet50",
                    "[N, 1000]: ResNet-50's ImageNet class scores (the zoo ships no ResNet-50 without its"
                            + " classifier)"));

    private ModelZooBackbones() {}

    /** The short names, in order. */
    public static List<String> names() {
        return ALL.stream().map(ZooBackbone::name).toList();
    }

    /** The network a short name or model-zoo URL names, if it is one of {@link #ALL}. */
    public static Optional<ZooBackbone> find(String source) {
        return ALL.stream().filter(n -> n.name().equals(source) || n.url().equals(source)).findFirst();
    }
}
