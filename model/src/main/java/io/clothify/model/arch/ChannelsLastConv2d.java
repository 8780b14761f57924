package io.clothify.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link Conv2d} whose output is stored channels-last: NHWC in memory, with the usual NCHW shape. PyTorch keeps
 * that layout through the batch norms, max-pools, ReLUs and convolutions that follow and runs its channels-last
 * kernels for them, which on a CPU are faster for narrow feature maps (the compact-cnn training step: about 15 %).
 * The first layer is the place for it: a one-channel input is the same in both layouts, so PyTorch would never
 * choose channels-last by itself. Same parameters, same saved form and same function as a plain {@link Conv2d}, so
 * artifacts move between the two.
 */
final class ChannelsLastConv2d extends Conv2d {

    ChannelsLastConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray output = super.forwardInternal(parameterStore, inputs, training, params).singletonOrThrow();
        return new NDList(toChannelsLast(output));
    }

    /** The same NCHW array, copied into NHWC memory: the flat copy of the NHWC view, seen again as NCHW. */
    private static NDArray toChannelsLast(NDArray nchw) {
        long[] s = nchw.getShape().getShape();
        return nchw.transpose(0, 2, 3, 1).reshape(-1).reshape(s[0], s[2], s[3], s[1]).transpose(0, 3, 1, 2);
    }
}
