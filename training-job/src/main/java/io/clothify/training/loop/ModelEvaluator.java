package io.clothify.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.clothify.model.InputSpec;
import io.clothify.model.artifact.EvaluationMetrics;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.InferenceViews;
import io.clothify.training.data.LabelledImages;

/**
 * Evaluates a network on a split through the shared pipeline's center crop, averaging the predictions of the
 * given test-time views, as the Classifier does with the views its artifact names.
 */
public final class ModelEvaluator {
    private final ImagePipeline pipeline;
    private final int batchSize;

    public ModelEvaluator(ImagePipeline pipeline, int batchSize) {
        this.pipeline = pipeline;
        this.batchSize = Math.max(1, batchSize);
    }

    public EvaluationMetrics evaluate(Block network, NDManager parent, LabelledImages data, InferenceViews views) {
        int n = data.classNames().size();
        long[][] confusion = new long[n][n];
        double lossSum = 0;
        InputSpec spec = pipeline.spec();
        int size = pipeline.tensorSize();
        int perImage = views.count();
        for (int from = 0; from < data.size(); from += batchSize) {
            int count = Math.min(batchSize, data.size() - from);
            float[] images = new float[count * perImage * size];
            for (int i = 0; i < count; i++) {
                // view k of image i at row k * count + i, so the views reshape to (views, count, classes)
                views.write(pipeline, data.images().get(from + i), images, i * size, count * size);
            }
            try (NDManager manager = parent.newSubManager()) {
                NDArray x = manager.create(images, new Shape((long) count * perImage, spec.channels(),
                        spec.height(), spec.width()));
                NDArray probabilities = network.forward(new ParameterStore(manager, false), new NDList(x), false)
                        .singletonOrThrow().softmax(1);
                if (perImage > 1) {
                    probabilities = probabilities.reshape(perImage, count, n).mean(new int[] {0});
                }
                float[] p = probabilities.toFloatArray();
                for (int i = 0; i < count; i++) {
                    int actual = data.labels()[from + i];
                    int predicted = 0;
                    for (int c = 1; c < n; c++) {
                        if (p[i * n + c] > p[i * n + predicted]) {
                            predicted = c;
                        }
                    }
                    confusion[actual][predicted]++;
                    lossSum += -Math.log(Math.max(1e-12, p[i * n + actual]));
                }
            }
        }
        return EvaluationMetrics.fromConfusion(data.classNames(), confusion, lossSum);
    }
}
