package io.clothify.training.loop;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.clothify.model.artifact.EvaluationMetrics;
import io.clothify.model.artifact.ForwardPass;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.InferenceViews;
import io.clothify.training.data.LabelledImages;

/**
 * Evaluates a network on a split through the shared pipeline's center crop, averaging the predictions of the
 * given test-time views with the forward pass the Classifier serves with.
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
        ForwardPass forward = new ForwardPass(network, pipeline);
        for (int from = 0; from < data.size(); from += batchSize) {
            int count = Math.min(batchSize, data.size() - from);
            float[] p = forward.probabilities(parent, data.images().subList(from, from + count), views);
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
        return EvaluationMetrics.fromConfusion(data.classNames(), confusion, lossSum);
    }
}
