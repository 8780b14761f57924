package io.clothify.model.arch;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * A compact CNN for small grayscale images (Fashion-MNIST, 28x28) that stays under 100,000 parameters:
 * two 3x3 conv-BN-ReLU layers at full resolution, a 2x2 max-pool, two more at half resolution, a max-pool,
 * the rest at quarter resolution, then global average pooling, dropout and a linear classifier.
 */
public final class CompactCnn {
    public static final String NAME = "compact-cnn";

    /**
     * @param widths output channels of each 3x3 convolution; max-pools follow the 2nd and 4th
     * @param dropout dropout rate before the classifier, in [0, 1)
     */
    public record Config(List<Integer> widths, double dropout) {
        public Config {
            if (widths == null || widths.isEmpty() || widths.stream().anyMatch(w -> w == null || w < 1)) {
                throw new IllegalArgumentException("compact-cnn widths must be positive, got " + widths);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            widths = List.copyOf(widths);
        }

        public static Config defaults() {
            return new Config(List.of(32, 32, 64, 64, 56), 0.2);
        }
    }

    private CompactCnn() {}

    /** Builds the network as {@code [backbone, head]} so a fine-tune can freeze the backbone. */
    public static SequentialBlock build(Config config, int numClasses) {
        SequentialBlock backbone = new SequentialBlock();
        for (int i = 0; i < config.widths().size(); i++) {
            backbone.add(convBnRelu(config.widths().get(i)));
            if (i == 1 || i == 3) {
                backbone.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
        }
        backbone.add(Pool.globalAvgPool2dBlock());
        SequentialBlock head = new SequentialBlock();
        if (config.dropout() > 0) {
            head.add(Dropout.builder().optRate((float) config.dropout()).build());
        }
        head.add(Linear.builder().setUnits(numClasses).build());
        return new SequentialBlock().add(backbone).add(head);
    }

    static Block convBnRelu(int filters) {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .setFilters(filters).optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
    }
}
