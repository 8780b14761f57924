package io.clothify.infra;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.clothify.model.contract.Hyperparameter;
import io.clothify.model.contract.ModelZooBackbones;
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
 * {@code clothify:trainingNetworkIsolation}: off by default, on for both job kinds (the training job and the tuning
 * job's training-job definition) when set, with the input validation then refusing model-zoo backbones, and no new
 * cdk-nag acknowledgment either way.
 */
class NetworkIsolationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REFUSAL = "ModelZooBackboneIsolated";

    @Test
    void offByDefaultForBothJobKindsWithNoRefusal() {
        Template template = template(Map.of());
        JsonNode states = StateMachineDefinition.of(template).get("States");

        assertEquals(false, isolation(states, "TrainModel"));
        assertEquals(false, isolation(states, "StartTuningJob"));
        assertFalse(states.has(REFUSAL), "model-zoo backbones are allowed when the jobs have internet");
        template.hasOutput(ClothifyStack.NETWORK_ISOLATION_OUTPUT, Map.of("Value", "false"));
    }

    @Test
    void onForBothJobKindsAndModelZooBackbonesAreRefusedBeforeAnyJob() {
        Template template = template(Map.of("trainingNetworkIsolation", "true"));
        JsonNode states = StateMachineDefinition.of(template).get("States");

        assertEquals(true, isolation(states, "TrainModel"));
        assertEquals(true, isolation(states, "StartTuningJob"));
        template.hasOutput(ClothifyStack.NETWORK_ISOLATION_OUTPUT, Map.of("Value", "true"));

        JsonNode refusal = states.get(REFUSAL);
        assertEquals("Fail", refusal.get("Type").asText());
        assertEquals("InvalidInput", refusal.get("Error").asText());
        assertTrue(refusal.get("Cause").asText().contains("backboneUri (s3://REF/models/backbones/"),
                "says what to pass instead: " + refusal);

        JsonNode rule = null;
        for (JsonNode choice : states.get("ValidateInput").get("Choices")) {
            if (REFUSAL.equals(choice.get("Next").asText())) {
                rule = choice;
            }
        }
        assertTrue(rule != null, "ValidateInput leads to the refusal: " + states.get("ValidateInput"));
        String backbone = "$.config.hyperparameters." + Hyperparameter.BACKBONE;
        List<String> refused = new ArrayList<>();
        for (JsonNode condition : rule.get("And").get(2).get("Or")) {
            assertEquals(backbone, condition.get("Variable").asText());
            refused.add(condition.has("StringMatches") ? condition.get("StringMatches").asText()
                    : condition.get("StringEquals").asText());
        }
        List<String> expected = new ArrayList<>(List.of("djl://*"));
        expected.addAll(ModelZooBackbones.names());
        assertEquals(expected, refused, "every model-zoo form, and nothing else (an s3:// backbone is the channel's)");
        assertTrue(rule.get("And").toString().contains("{\"Variable\":\"" + backbone + "\",\"IsPresent\":true}"),
                rule.toString());
    }

    @Test
    void isolationNeedsNoNewCdkNagAcknowledgment(@TempDir Path outdir) throws IOException {
        assertEquals(acknowledged(outdir.resolve("default"), Map.of()),
                acknowledged(outdir.resolve("isolated"), Map.of("trainingNetworkIsolation", true)));
    }

    private static Template template(Map<String, Object> context) {
        return Template.fromStack(TestStacks.stack(TestStacks.app(context)));
    }

    /** EnableNetworkIsolation of a training job (TrainModel) or of a tuning job's training-job definition. */
    private static Object isolation(JsonNode states, String state) {
        JsonNode parameters = states.get(state).get("Parameters");
        JsonNode definition = parameters.has("TrainingJobDefinition") ? parameters.get("TrainingJobDefinition")
                : parameters;
        JsonNode value = definition.get("EnableNetworkIsolation");
        return value == null ? null : value.isBoolean() ? value.asBoolean() : value.toString();
    }

    /** The suppressed AwsSolutions rules of a synth with the pack (synth throws on any unacknowledged one). */
    private static List<String> acknowledged(Path outdir, Map<String, Object> context) throws IOException {
        App app = TestStacks.app(context, outdir);
        Validations.of(app).addPlugins(new AwsSolutionsChecks());
        TestStacks.stack(app);
        assertDoesNotThrow(() -> app.synth(), "cdk-nag AwsSolutions findings (printed above)");
        List<String> rules = new ArrayList<>();
        for (JsonNode plugin : JSON.readTree(outdir.resolve("validation-report.json").toFile()).get("pluginReports")) {
            if (plugin.get("pluginName").asText().contains("AwsSolutions")) {
                assertEquals(0, plugin.path("violations").size(), plugin.toString());
                plugin.path("suppressedViolations").forEach(s -> rules.add(s.get("ruleName").asText()));
            }
        }
        assertFalse(rules.isEmpty(), "the AwsSolutions pack did not run");
        return rules;
    }
}
