package io.clothify.model.arch;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * A residual CNN for RGB photos at any input size: a stride-2 3x3 stem, then one stage per width, each of
 * {@code blocksPerStage} basic residual blocks (two 3x3 conv-BN, identity or 1x1 projection shortcut), every
 * stage after the first halving the resolution; global average pooling, an optional inner dense layer
 * ({@code innerSize}, ReLU) and dropout before the classifier.
 */
public final class PhotoCnn {
    public static final String NAME = "photo-cnn";

    /**
     * @param widths output channels of the stages (the stem uses the first)
     * @param blocksPerStage residual blocks per stage, at least 1
     * @param innerSize units of the extra dense layer before the classifier; 0 for none
     * @param dropout dropout rate before the classifier, in [0, 1)
     */
    public record Config(List<Integer> widths, int blocksPerStage, int innerSize, double dropout) {
        public Config {
            if (widths == null || widths.isEmpty() || widths.stream().anyMatch(w -> w == null || w < 1)) {
                throw new IllegalArgumentException("photo-cnn widths must be positive, got " + widths);
            }
            if (blocksPerStage < 1) {
                throw new IllegalArgumentException("blocksPerStage must be >= 1, got " + blocksPerStage);
            }
            ClassifierHead.check(innerSize, dropout);
            widths = List.copyOf(widths);
        }

        public static Config defaults() {
            return new Config(List.of(32, 64, 128, 256), 1, 0, 0.2);
        }
    }

    private PhotoCnn() {}

    /** Builds the network as {@code [backbone, head]} so a fine-tune can freeze the backbone. */
    public static SequentialBlock build(Config config, int numClasses) {
        SequentialBlock backbone = new SequentialBlock()
                .add(conv(config.widths().getFirst(), 3, 2))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        int inChannels = config.widths().getFirst();
        for (int stage = 0; stage < config.widths().size(); stage++) {
            int width = config.widths().get(stage);
            for (int b = 0; b < config.blocksPerStage(); b++) {
                int stride = (stage > 0 && b == 0) ? 2 : 1;
                backbone.add(residual(width, stride, inChannels != width || stride != 1));
                inChannels = width;
            }
        }
        backbone.add(Pool.globalAvgPool2dBlock());

        return new SequentialBlock().add(backbone)
                .add(ClassifierHead.build(config.innerSize(), config.dropout(), numClasses));
    }

    private static Block residual(int width, int stride, boolean project) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(width, 3, stride))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(conv(width, 3, 1))
                .add(BatchNorm.builder().build());
        Block shortcut = project
                ? new SequentialBlock().add(conv(width, 1, stride)).add(BatchNorm.builder().build())
                : Blocks.identityBlock();
        ParallelBlock sum = new ParallelBlock(
                outputs -> new NDList(outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow())),
                List.of(main, shortcut));
        return new SequentialBlock().add(sum).add(Activation.reluBlock());
    }

    private static Block conv(int filters, int kernel, int stride) {
        int pad = kernel / 2;
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .setFilters(filters)
                .optBias(false)
                .build();
    }
}
