package io.clothify.training.listener;

import io.clothify.model.artifact.EvaluationMetrics;
import io.clothify.model.contract.TrainingLog;
import io.clothify.training.loop.EpochListener;
import io.clothify.training.report.RunReport;
import java.io.IOException;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account of a finished run: the {@link RunReport} (metrics and plots) beside the artifact, the test line on
 * the console (a metric SageMaker reads, and the quality gate's input) and where the artifact went.
 */
public final class RunReportListener implements EpochListener {
    private static final Logger LOG = LoggerFactory.getLogger(RunReportListener.class);

    private final PrintStream console;

    public RunReportListener(PrintStream console) {
        this.console = console;
    }

    @Override
    public void onTrainingEnd(RunEnd end) throws IOException {
        RunReport.write(end.output(), end.artifact(), end.history(), end.bestEpoch(), end.seconds());
        EvaluationMetrics test = end.artifact().testMetrics();
        if (test != null) {
            console.println(TrainingLog.testLine(test.loss(), test.accuracy()));
        }
        LOG.info("Best epoch {} (validation accuracy {}); artifact written to {} in {} s", end.bestEpoch(),
                String.format("%.4f", end.artifact().validationMetrics().accuracy()), end.output(),
                String.format("%.1f", end.seconds()));
    }
}
