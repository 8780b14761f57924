package io.clothify.model.artifact;

import java.util.List;

/**
 * How a model did on a labelled split.
 *
 * @param samples number of images evaluated
 * @param accuracy fraction classified correctly
 * @param loss mean cross-entropy
 * @param perClass precision/recall/support per class, in output order
 * @param confusionMatrix {@code confusionMatrix[actual][predicted]} counts, in output order
 */
public record EvaluationMetrics(int samples, double accuracy, double loss, List<ClassMetrics> perClass,
        List<List<Integer>> confusionMatrix) {

    /** One class's precision, recall and support. */
    public record ClassMetrics(String label, double precision, double recall, int support) {}

    /** Computes the metrics from a confusion matrix and the summed loss. */
    public static EvaluationMetrics fromConfusion(List<String> classNames, long[][] confusion, double lossSum) {
        int n = classNames.size();
        long total = 0;
        long correct = 0;
        List<ClassMetrics> perClass = new java.util.ArrayList<>();
        List<List<Integer>> matrix = new java.util.ArrayList<>();
        for (int actual = 0; actual < n; actual++) {
            long support = 0;
            long predictedAs = 0;
            List<Integer> row = new java.util.ArrayList<>();
            for (int predicted = 0; predicted < n; predicted++) {
                support += confusion[actual][predicted];
                predictedAs += confusion[predicted][actual];
                row.add((int) confusion[actual][predicted]);
            }
            long hits = confusion[actual][actual];
            total += support;
            correct += hits;
            perClass.add(new ClassMetrics(classNames.get(actual),
                    predictedAs == 0 ? 0 : (double) hits / predictedAs,
                    support == 0 ? 0 : (double) hits / support, (int) support));
            matrix.add(row);
        }
        return new EvaluationMetrics((int) total, total == 0 ? 0 : (double) correct / total,
                total == 0 ? 0 : lossSum / total, perClass, matrix);
    }
}
