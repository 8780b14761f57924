package io.clothify.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The dashboard, the four alarms, and the e-mail topic that exists only when an address is given. */
class MonitoringTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void alarmsWatchTheApisErrorRateLatencyThrottlesAndThePipelinesFailures() {
        Template template = Template.fromStack(TestStacks.stack(TestStacks.app(Map.of())));
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "Clothify",
                "DashboardBody", Match.anyValue()));
        template.resourceCountIs("AWS::CloudWatch::Alarm", 4);
        template.resourceCountIs("AWS::SNS::Topic", 0);
        String alarms = JSON.valueToTree(template.findResources("AWS::CloudWatch::Alarm")).toString();
        assertTrue(alarms.contains("IF(requests > 0, 100 * errors / requests, 0)") && alarms.contains("\"5xx\""),
                "the 5xx rate of the HTTP API");
        assertTrue(alarms.contains("\"ExtendedStatistic\":\"p95\"") && alarms.contains("\"Latency\""), alarms);
        assertTrue(alarms.contains("\"Throttles\""), alarms);
        assertTrue(alarms.contains("ExecutionsFailed") && alarms.contains("ExecutionsAborted")
                && alarms.contains("ExecutionsTimedOut"), "a rejected model ends FAILED: " + alarms);
        template.allResourcesProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "TreatMissingData", "notBreaching")));
    }

    @Test
    void anEmailAddressAddsAnEncryptedTopicThatEveryAlarmNotifies() {
        Template template = Template.fromStack(TestStacks.stack(TestStacks.app(Map.of(
                "alarmEmail", "ops@example.com"))));
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email",
                "Endpoint", "ops@example.com"));
        template.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of("KmsMasterKeyId", Match.anyValue())));
        template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true)));
        String keyPolicy = JSON.valueToTree(template.findResources("AWS::KMS::Key")).toString();
        assertTrue(keyPolicy.contains("cloudwatch.amazonaws.com"), "CloudWatch must be able to publish: " + keyPolicy);
        JsonNode alarms = JSON.valueToTree(template.findResources("AWS::CloudWatch::Alarm"));
        assertEquals(4, alarms.size());
        alarms.forEach(alarm -> assertEquals(1, alarm.get("Properties").get("AlarmActions").size(), alarm.toString()));
        List.of("ApiErrorRate", "ApiLatencyP95", "FunctionThrottles", "PipelineFailures").forEach(id ->
                assertTrue(alarms.toString().contains("\"AlarmDescription\""), id));
    }
}
