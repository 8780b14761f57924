package io.clothify.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link Conv2d} for a network's first layer, computed as a matrix product of each image's patches with the
 * filters, whose output is stored channels-last: NHWC in memory, with the usual NCHW shape. Same parameters, same
 * saved form and same function as a plain {@link Conv2d}, so artifacts move between the two.
 *
 * <p>Why: a one-channel image is the same in both layouts, so PyTorch picks its NCHW kernels for the first layer and
 * everything after it; the channels-last output makes it keep NHWC through the batch norms, max-pools, ReLUs and
 * convolutions that follow, whose channels-last kernels are faster on a CPU for narrow feature maps. And PyTorch's
 * CPU convolution is slow for one input channel: on the compact-cnn it spent more time on the first layer (forward,
 * weight gradient, and the copy into NHWC) than on the four others together, for 2 % of the arithmetic. As a matrix
 * product of the {@code H*W x C*kh*kw} patches with the {@code C*kh*kw x filters} weights, the output comes out
 * NHWC with no copy. The product is batched per image (the weights broadcast over the batch) rather than one
 * product of all {@code N*H*W} patches because of the weight gradient: as one product its inner dimension is
 * {@code N*H*W} and its output only {@code filters x C*kh*kw}, a shape the CPU's matrix product handles badly
 * (6.5 ms of a 52 ms compact-cnn step in a profiler trace); batched, it is one small product per image and a sum
 * (1.2 ms).
 */
final class ChannelsLastConv2d extends Conv2d {

    ChannelsLastConv2d(Conv2d.Builder builder) {
        super(builder);
        if (groups != 1 || dilation.get(0) != 1 || dilation.get(1) != 1) {
            throw new IllegalArgumentException("a patch-product convolution supports neither groups nor dilation");
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        long n = x.getShape().get(0);
        long channels = x.getShape().get(1);
        long kh = kernelShape.get(0);
        long kw = kernelShape.get(1);
        long sh = stride.get(0);
        long sw = stride.get(1);
        NDArray padded = x.pad(new Shape(padding.get(1), padding.get(1), padding.get(0), padding.get(0)), 0);
        long outH = (padded.getShape().get(2) - kh) / sh + 1;
        long outW = (padded.getShape().get(3) - kw) / sw + 1;
        NDList shifted = new NDList();
        for (long i = 0; i < kh; i++) {
            for (long j = 0; j < kw; j++) {
                shifted.add(padded.get(new NDIndex().addAllDim().addAllDim()
                        .addSliceDim(i, i + (outH - 1) * sh + 1, sh).addSliceDim(j, j + (outW - 1) * sw + 1, sw)));
            }
        }
        // [N, C, outH, outW, kh*kw] -> per image, rows (y, x), columns (c, i, j): the order of the weight's elements
        NDArray patches = NDArrays.stack(shifted, 4).transpose(0, 2, 3, 1, 4)
                .reshape(n, outH * outW, channels * kh * kw);
        NDArray out = patches.batchMatMul(w.reshape(filters, channels * kh * kw).transpose().expandDims(0)
                .broadcast(new Shape(n, channels * kh * kw, filters)));
        if (includeBias) {
            out = out.add(parameterStore.getValue(bias, x.getDevice(), training));
        }
        return new NDList(out.reshape(n, outH, outW, filters).transpose(0, 3, 1, 2));
    }
}
