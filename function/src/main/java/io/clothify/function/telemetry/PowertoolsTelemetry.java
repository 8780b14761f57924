package io.clothify.function.telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import io.clothify.model.contract.FunctionEnvironment;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Powertools for AWS Lambda: JSON logs carrying the Lambda context, and one CloudWatch EMF record per request
 * (namespace {@code POWERTOOLS_METRICS_NAMESPACE}, default {@code Clothify}; service {@code POWERTOOLS_SERVICE_NAME},
 * default {@code clothify-predict}, the name the stack sets) with {@code Latency} (ms) and a count
 * of {@code Predictions}, {@code ClientErrors}, {@code UpstreamErrors} (502/504), {@code Unavailable} (503) or
 * {@code ServerErrors} (500), by {@code ModelVersion}.
 */
public final class PowertoolsTelemetry implements Telemetry {
    private final Metrics metrics;
    private final String namespace;
    private boolean coldStart = true;

    public PowertoolsTelemetry() {
        // EMF to stdout as in Lambda; never let the EMF library probe EC2/ECS metadata endpoints to guess.
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Lambda);
        this.metrics = MetricsFactory.getMetricsInstance();
        String configured = System.getenv(FunctionEnvironment.POWERTOOLS_METRICS_NAMESPACE);
        this.namespace = configured == null || configured.isBlank() ? FunctionEnvironment.METRICS_NAMESPACE
                : configured;
    }

    @Override
    public void requestStarted(Context context) {
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
    }

    @Override
    public synchronized void requestFinished(Outcome outcome) {
        String version = outcome.modelVersion() == null ? "none" : outcome.modelVersion();
        boolean cold = coldStart;
        coldStart = false;
        metrics.flushMetrics(m -> {
            m.setNamespace(namespace);
            m.setDefaultDimensions(DimensionSet.of("Service", serviceName(), "ModelVersion", version));
            m.addMetric("Latency", outcome.millis(), MetricUnit.MILLISECONDS);
            m.addMetric(counter(outcome.status()), 1, MetricUnit.COUNT);
            if (cold) {
                m.addMetric("ColdStartRequests", 1, MetricUnit.COUNT);
            }
            if (outcome.errorCode() != null) {
                m.addMetadata("error", outcome.errorCode());
            }
        });
    }

    static String counter(int status) {
        if (status < 400) {
            return "Predictions";
        }
        return switch (status) {
            case 502, 504 -> "UpstreamErrors";
            case 503 -> "Unavailable";
            default -> status >= 500 ? "ServerErrors" : "ClientErrors";
        };
    }

    private static String serviceName() {
        String service = System.getenv(FunctionEnvironment.POWERTOOLS_SERVICE_NAME);
        return service == null || service.isBlank() ? FunctionEnvironment.SERVICE_NAME : service;
    }
}
