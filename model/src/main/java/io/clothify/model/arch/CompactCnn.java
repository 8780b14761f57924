package io.clothify.model.arch;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * A compact CNN for small grayscale images (Fashion-MNIST, 28x28) that stays under 100,000 parameters: a stack
 * of 3x3 conv-BN-ReLU layers with 2x2 max-pools in chosen layers, then the flattened last feature map (or global
 * average pooling), dropout and a linear classifier. The default pools right after the first layer: at this size
 * the parameters live in the low-resolution layers anyway, and full-resolution layers cost most of the compute, so
 * pooling early buys about twice the epochs per minute for the same parameter budget. It also pools the last layer
 * to 3x3, so the flattened map costs the classifier 4.7k parameters and tells it where each feature is.
 */
public final class CompactCnn {
    public static final String NAME = "compact-cnn";

    /** Where the first version of this network pooled; artifacts written before {@code poolAfter} existed. */
    static final List<Integer> LEGACY_POOL_AFTER = List.of(2, 4);

    /** The classifier sees the channel averages of the last feature map; artifacts without a head use it. */
    public static final String HEAD_AVERAGE = "gap";
    /** The classifier sees the whole last feature map, so it knows where each feature is (a collar, a sleeve). */
    public static final String HEAD_FLATTEN = "flatten";

    /**
     * @param widths output channels of each 3x3 convolution
     * @param poolAfter 1-based positions of the convolutions followed by a 2x2 max-pool, increasing; null means
     *     {@link #LEGACY_POOL_AFTER} (those positions that exist)
     * @param dropout dropout rate before the classifier, in [0, 1)
     * @param head {@link #HEAD_AVERAGE} or {@link #HEAD_FLATTEN}; null means {@link #HEAD_AVERAGE}
     * @param firstStride stride of the first convolution, 1 or 2; null means 1. A stride of 2 halves the image
     *     in the first layer without a pool, so that layer and its batch norm compute a quarter of the outputs
     * @param poolBeforeNorm whether a pooled layer pools before its batch norm (conv-pool-BN-ReLU), so the batch
     *     norm, one of the costliest steps after the convolution on a CPU, sees a quarter of the elements; null means
     *     false (conv-BN-pool-ReLU, the order of artifacts written before this option existed)
     */
    public record Config(List<Integer> widths, List<Integer> poolAfter, double dropout, String head,
            Integer firstStride, Boolean poolBeforeNorm) {
        public Config {
            if (widths == null || widths.isEmpty() || widths.stream().anyMatch(w -> w == null || w < 1)) {
                throw new IllegalArgumentException("compact-cnn widths must be positive, got " + widths);
            }
            int layers = widths.size();
            poolAfter = poolAfter == null
                    ? LEGACY_POOL_AFTER.stream().filter(p -> p <= layers).toList() : List.copyOf(poolAfter);
            for (int i = 0; i < poolAfter.size(); i++) {
                int position = poolAfter.get(i);
                if (position < 1 || position > widths.size() || (i > 0 && position <= poolAfter.get(i - 1))) {
                    throw new IllegalArgumentException("compact-cnn pool_after must be increasing positions in 1.."
                            + widths.size() + " (one per width), got " + poolAfter);
                }
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            head = head == null ? HEAD_AVERAGE : head;
            if (!HEAD_AVERAGE.equals(head) && !HEAD_FLATTEN.equals(head)) {
                throw new IllegalArgumentException("compact-cnn head must be " + HEAD_AVERAGE + " or " + HEAD_FLATTEN
                        + ", got " + head);
            }
            firstStride = firstStride == null ? 1 : firstStride;
            if (firstStride != 1 && firstStride != 2) {
                throw new IllegalArgumentException("compact-cnn first_stride must be 1 or 2, got " + firstStride);
            }
            poolBeforeNorm = poolBeforeNorm != null && poolBeforeNorm;
            widths = List.copyOf(widths);
        }

        /** A layout with the layer order and stride of the first version: artifacts that do not record them. */
        public Config(List<Integer> widths, List<Integer> poolAfter, double dropout, String head) {
            this(widths, poolAfter, dropout, head, null, null);
        }

        public static Config defaults() {
            return new Config(List.of(32, 48, 48, 64, 52), List.of(1, 3, 5), 0.2, HEAD_FLATTEN);
        }
    }

    private CompactCnn() {}

    /** Builds the network as {@code [backbone, head]} so a fine-tune can freeze the backbone. */
    public static SequentialBlock build(Config config, int numClasses) {
        return build(config, numClasses, true);
    }

    /**
     * {@link #build(Config, int)}, with the first layer a {@link ChannelsLastConv2d} or (for comparisons) a plain
     * {@link Conv2d}.
     */
    static SequentialBlock build(Config config, int numClasses, boolean channelsLast) {
        SequentialBlock backbone = new SequentialBlock();
        for (int i = 0; i < config.widths().size(); i++) {
            backbone.add(convLayer(config.widths().get(i), i == 0 ? config.firstStride() : 1,
                    config.poolAfter().contains(i + 1), config.poolBeforeNorm(), channelsLast && i == 0));
        }
        backbone.add(HEAD_FLATTEN.equals(config.head()) ? Blocks.batchFlattenBlock() : Pool.globalAvgPool2dBlock());
        SequentialBlock head = new SequentialBlock();
        if (config.dropout() > 0) {
            head.add(Dropout.builder().optRate((float) config.dropout()).build());
        }
        head.add(Linear.builder().setUnits(numClasses).build());
        return new SequentialBlock().add(backbone).add(head);
    }

    /**
     * Conv-BN-ReLU, with the 2x2 max-pool (when there is one) before the ReLU: ReLU is monotonic, so it
     * commutes with max and the function is the same, but the ReLU and its gradient touch a quarter of the
     * elements. Artifacts saved with the pool after the ReLU load unchanged: both blocks are parameter-free and
     * are stored in the same sequence. With {@code poolBeforeNorm} the pool comes before the batch norm too: a
     * different function (the norm's statistics are those of the pooled map), so it is recorded in the spec.
     * {@code channelsLast} (the first layer) computes the convolution as {@link ChannelsLastConv2d} does, a patch
     * product whose output is stored channels-last, for speed only.
     */
    static Block convLayer(int filters, int stride, boolean pooled, boolean poolBeforeNorm, boolean channelsLast) {
        Conv2d.Builder conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                .optStride(new Shape(stride, stride)).setFilters(filters).optBias(false);
        SequentialBlock layer = new SequentialBlock().add(channelsLast ? new ChannelsLastConv2d(conv) : conv.build());
        if (pooled && poolBeforeNorm) {
            layer.add(maxPool());
        }
        layer.add(BatchNorm.builder().build());
        if (pooled && !poolBeforeNorm) {
            layer.add(maxPool());
        }
        return layer.add(Activation.reluBlock());
    }

    private static Block maxPool() {
        return Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
    }
}
