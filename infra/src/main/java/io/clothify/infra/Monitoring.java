package io.clothify.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * A CloudWatch dashboard and alarms: the API's 5xx rate, p95 latency and the function's throttles, and the
 * pipeline's failed executions (a model the gate rejected ends FAILED too, as do aborted and timed-out runs).
 * With an e-mail address, every alarm notifies an SNS topic (KMS-encrypted with a key CloudWatch may use, TLS only)
 * that sends to it; AWS asks the address to confirm the subscription first.
 *
 * @see Props
 */
final class Monitoring extends Construct {
    /** Alarm above this share of 5xx answers, in percent, in two of three 5-minute periods. */
    static final double ERROR_RATE_PERCENT = 5;
    /** Alarm above this p95 latency: a warm prediction takes well under a second, a cold start a few. */
    static final Duration P95_LATENCY = Duration.seconds(10);

    /**
     * @param api the HTTP API
     * @param function the inference function
     * @param pipeline the retraining state machine
     * @param alarmEmail where alarms are sent, or null for none
     */
    record Props(HttpApi api, IFunction function, StateMachine pipeline, String alarmEmail) {}

    private final List<Alarm> alarms;

    Monitoring(Construct scope, String id, Props props) {
        super(scope, id);
        Duration period = Duration.minutes(5);
        MetricOptions sum = MetricOptions.builder().period(period).statistic("Sum").build();
        IMetric requests = props.api().metricCount(sum);
        IMetric serverErrors = props.api().metricServerError(sum);
        MathExpression errorRate = MathExpression.Builder.create()
                .expression("IF(requests > 0, 100 * errors / requests, 0)")
                .usingMetrics(new java.util.TreeMap<>(
                        java.util.Map.of("requests", requests, "errors", serverErrors))) // sorted: stable synth
                .label("5xx %")
                .period(period)
                .build();
        IMetric latency = props.api().metricLatency(MetricOptions.builder().period(period).statistic("p95").build());
        IMetric throttles = props.function().metricThrottles(sum);
        IMetric failed = MathExpression.Builder.create()
                .expression("failed + aborted + timedOut")
                .usingMetrics(new java.util.TreeMap<>(java.util.Map.of( // sorted: the same template every synth
                        "failed", props.pipeline().metricFailed(sum),
                        "aborted", props.pipeline().metricAborted(sum),
                        "timedOut", props.pipeline().metricTimedOut(sum))))
                .label("failed, rejected, aborted or timed-out runs")
                .period(period)
                .build();

        this.alarms = List.of(
                alarm("ApiErrorRate", errorRate, ERROR_RATE_PERCENT, 3, 2,
                        "More than " + ERROR_RATE_PERCENT + " % of API answers were 5xx (the model cannot load, or a bug)"),
                alarm("ApiLatencyP95", latency, P95_LATENCY.toMilliseconds().doubleValue(), 3, 2,
                        "p95 API latency above " + P95_LATENCY.toSeconds() + " s"),
                alarm("FunctionThrottles", throttles, 0, 1, 1,
                        "The function was throttled (account concurrency exhausted)"),
                alarm("PipelineFailures", failed, 0, 1, 1,
                        "A retraining run failed, was rejected by the gate, aborted or timed out; see its cause"));

        Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(software.amazon.awscdk.Stack.of(this).getStackName())
                .widgets(List.of(List.of(
                        graph("API requests and 5xx", List.of(requests, serverErrors)),
                        graph("API 5xx rate (%)", List.of(errorRate)),
                        graph("API p95 latency (ms)", List.of(latency)),
                        graph("Function throttles", List.of(throttles)),
                        graph("Retraining runs that did not promote", List.of(failed)))))
                .build();

        if (props.alarmEmail() != null) {
            Key key = Key.Builder.create(this, "AlarmTopicKey")
                    .description("Encrypts the alarm topic; CloudWatch may use it to publish")
                    .enableKeyRotation(true)
                    .build();
            key.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
            Topic topic = Topic.Builder.create(this, "AlarmTopic")
                    .masterKey(key)
                    .enforceSsl(true)
                    .build();
            topic.addSubscription(new EmailSubscription(props.alarmEmail()));
            alarms.forEach(alarm -> alarm.addAlarmAction(new SnsAction(topic)));
        }
    }

    List<Alarm> alarms() {
        return alarms;
    }

    private Alarm alarm(String id, IMetric metric, double threshold, int periods, int datapoints, String description) {
        return Alarm.Builder.create(this, id)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(periods)
                .datapointsToAlarm(datapoints)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(8).build();
    }
}
