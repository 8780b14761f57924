package io.clothify.training.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.training.loop.EpochRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The human-facing reports next to the artifact: {@value #METRICS_FILE} (test and validation metrics, the
 * training history, timing) and the PNG plots.
 */
public final class RunReport {
    public static final String METRICS_FILE = "metrics.json";
    public static final String CURVES_PNG = "training-curves.png";
    public static final String CONFUSION_PNG = "confusion-matrix.png";
    public static final String VALIDATION_CONFUSION_PNG = "confusion-matrix-validation.png";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunReport() {}

    public static void write(Path dir, ArtifactMetadata metadata, List<EpochRecord> history, int bestEpoch,
            double seconds) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", metadata.name());
        report.put("version", metadata.version());
        report.put("trainableParameters", metadata.trainableParameters());
        report.put("bestEpoch", bestEpoch);
        report.put("seconds", seconds);
        report.put("test", metadata.testMetrics());
        report.put("validation", metadata.validationMetrics());
        report.put("history", history);
        report.put("dataset", metadata.dataset());
        report.put("hyperparameters", metadata.hyperparameters());
        JSON.writeValue(dir.resolve(METRICS_FILE).toFile(), report);
        Plots.trainingCurves(history, dir.resolve(CURVES_PNG));
        if (metadata.testMetrics() != null) {
            Plots.confusionMatrix(metadata.testMetrics(), metadata.name() + " (test)", dir.resolve(CONFUSION_PNG));
        }
        Plots.confusionMatrix(metadata.validationMetrics(), metadata.name() + " (validation)",
                dir.resolve(VALIDATION_CONFUSION_PNG));
    }
}
