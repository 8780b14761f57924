package io.clothify.model;

import java.util.Comparator;
import java.util.List;

/**
 * A model's answer for one image: every class with its probability, most likely first; probabilities sum to 1.
 */
public record Classification(List<Prediction> predictions) {
    public Classification {
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("A classification needs at least one class");
        }
        predictions = predictions.stream()
                .sorted(Comparator.comparingDouble(Prediction::probability).reversed())
                .toList();
    }

    /** Builds a ranked classification from softmax probabilities in the model's output order. */
    public static Classification of(List<String> classNames, float[] probabilities) {
        if (classNames.size() != probabilities.length) {
            throw new IllegalArgumentException("Expected " + classNames.size() + " probabilities, got "
                    + probabilities.length);
        }
        Prediction[] predictions = new Prediction[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            predictions[i] = new Prediction(classNames.get(i), probabilities[i]);
        }
        return new Classification(List.of(predictions));
    }

    public Prediction top() {
        return predictions.getFirst();
    }

    /** The {@code k} most likely classes ({@code k} is clamped to 1..number of classes). */
    public List<Prediction> topK(int k) {
        return predictions.subList(0, Math.max(1, Math.min(k, predictions.size())));
    }
}
