package io.clothify.model.arch;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;

/** The classifier over a feature vector: an optional inner dense layer (ReLU), dropout, then the linear layer. */
final class ClassifierHead {
    private ClassifierHead() {}

    static void check(int innerSize, double dropout) {
        if (innerSize < 0) {
            throw new IllegalArgumentException("innerSize must be >= 0, got " + innerSize);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    static SequentialBlock build(int innerSize, double dropout, int numClasses) {
        return build(new SequentialBlock(), innerSize, dropout, numClasses);
    }

    /**
     * The head over a backbone's output, flattened first: a TorchScript feature extractor may end in a pooled map
     * {@code [N, F, 1, 1]} (DJL's resnet18_embedding) rather than {@code [N, F]}, which a Linear would read along
     * its last axis only.
     */
    static SequentialBlock afterFlatten(int innerSize, double dropout, int numClasses) {
        return build(new SequentialBlock().add(Blocks.batchFlattenBlock()), innerSize, dropout, numClasses);
    }

    private static SequentialBlock build(SequentialBlock head, int innerSize, double dropout, int numClasses) {
        if (innerSize > 0) {
            head.add(Linear.builder().setUnits(innerSize).build()).add(Activation.reluBlock());
        }
        if (dropout > 0) {
            head.add(Dropout.builder().optRate((float) dropout).build());
        }
        return head.add(Linear.builder().setUnits(numClasses).build());
    }
}
