package io.clothify.infra;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Template;

/**
 * cdk-nag's AwsSolutions pack over the whole stack: synth fails on any unacknowledged finding, and every
 * acknowledgment carries a reason of substance. Run for the default (public API) and the IAM-protected variant.
 */
class NagTest {

    @Test
    void defaultStackHasNoUnacknowledgedFindings(@TempDir Path outdir) throws IOException {
        List<String> acknowledged = nag(outdir, Map.of());
        assertTrue(acknowledged.stream().anyMatch(a -> a.startsWith("AwsSolutions-APIG4:")), acknowledged::toString);
        System.out.println("Acknowledged AwsSolutions findings:\n  " + String.join("\n  ", acknowledged));
    }

    @Test
    void iamProtectedStackNeedsNoAuthorizationAcknowledgment(@TempDir Path outdir) throws IOException {
        List<String> acknowledged = nag(outdir, Map.of("iamAuth", true));
        assertFalse(acknowledged.stream().anyMatch(a -> a.startsWith("AwsSolutions-APIG4")), acknowledged::toString);
    }

    @Test
    void alarmEmailTopicNeedsNoAcknowledgment(@TempDir Path outdir) throws IOException {
        List<String> withTopic = nag(outdir, Map.of("alarmEmail", "ops@example.com"));
        List<String> without = nag(outdir.resolve("plain"), Map.of());
        assertEquals(without.size(), withTopic.size(), "the SNS topic and its key pass cdk-nag as they are");
    }

    /** Synthesizes with the pack and returns the acknowledged findings as "rule: reason". */
    private static List<String> nag(Path outdir, Map<String, Object> context) throws IOException {
        App app = TestStacks.app(context, outdir);
        Validations.of(app).addPlugins(new AwsSolutionsChecks());
        ClothifyStack stack = TestStacks.stack(app);

        assertDoesNotThrow(() -> app.synth(), "cdk-nag AwsSolutions findings (printed above)");
        if (Boolean.TRUE.equals(context.get("iamAuth"))) {
            Template.fromStack(stack).allResourcesProperties("AWS::ApiGatewayV2::Route",
                    Map.of("AuthorizationType", "AWS_IAM"));
        }

        JsonNode report = new ObjectMapper().readTree(outdir.resolve("validation-report.json").toFile());
        JsonNode pack = null;
        for (JsonNode plugin : report.get("pluginReports")) {
            if (plugin.get("pluginName").asText().contains("AwsSolutions")) {
                pack = plugin;
            }
        }
        assertTrue(pack != null, "the AwsSolutions pack did not run: " + report);
        assertEquals("success", pack.get("conclusion").asText(), pack.toString());
        assertEquals(0, pack.path("violations").size(), pack.toString());

        List<String> acknowledged = new ArrayList<>();
        for (JsonNode suppressed : pack.path("suppressedViolations")) {
            String rule = suppressed.get("ruleName").asText();
            String reason = suppressed.path("reason").asText("");
            assertTrue(reason.length() >= 60, "acknowledgment of " + rule + " needs a real reason, got: " + suppressed);
            acknowledged.add(rule + ": " + reason);
        }
        return acknowledged;
    }
}
