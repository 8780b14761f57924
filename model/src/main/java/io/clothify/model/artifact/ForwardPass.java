package io.clothify.model.artifact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.clothify.model.InputSpec;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.InferenceViews;
import io.clothify.model.image.PixelImage;
import java.util.List;

/**
 * A network applied to images prepared by the shared pipeline: the one forward pass that serving, evaluation and
 * the benchmarks run. {@link #probabilities} averages the softmax over an image's test-time views, so a model's
 * test metrics are what it serves. Thread-safe when the network is (inference).
 */
public final class ForwardPass {
    private final Block network;
    private final ImagePipeline pipeline;

    public ForwardPass(Block network, ImagePipeline pipeline) {
        this.network = network;
        this.pipeline = pipeline;
    }

    /**
     * Each image's class probabilities, the mean over its views of the network's softmax: {@code images.size()}
     * rows of one probability per class, row after row.
     *
     * @param resized images at the pipeline's pre-crop size ({@link ImagePipeline#resize})
     */
    public float[] probabilities(NDManager parent, List<PixelImage> resized, InferenceViews views) {
        int count = resized.size();
        int size = pipeline.tensorSize();
        int perImage = views.count();
        float[] tensors = new float[count * perImage * size];
        for (int i = 0; i < count; i++) {
            // view k of image i at row k * count + i, so the views reshape to (views, count, classes)
            views.write(pipeline, resized.get(i), tensors, i * size, count * size);
        }
        try (NDManager manager = parent.newSubManager()) {
            NDArray probabilities = logits(batch(manager, tensors), false).softmax(1);
            if (perImage > 1) {
                probabilities = probabilities.reshape(perImage, count, -1).mean(new int[] {0});
            }
            return probabilities.toFloatArray();
        }
    }

    /** Normalized tensors ({@link ImagePipeline#tensorSize()} floats each, one after another) as one NCHW batch. */
    public NDArray batch(NDManager manager, float[] tensors) {
        InputSpec spec = pipeline.spec();
        return manager.create(tensors, new Shape(tensors.length / pipeline.tensorSize(), spec.channels(),
                spec.height(), spec.width()));
    }

    /**
     * The network's raw outputs for a batch, in the batch's manager. {@code training} runs it as training does
     * (batch norm uses and updates the batch's statistics, dropout is on).
     */
    public NDArray logits(NDArray batch, boolean training) {
        return network.forward(new ParameterStore(batch.getManager(), false), new NDList(batch), training)
                .singletonOrThrow();
    }
}
