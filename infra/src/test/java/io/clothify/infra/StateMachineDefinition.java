package io.clothify.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/**
 * The state machine's Amazon States Language document as CloudFormation will deploy it, with the template's
 * references replaced by plausible values (partition {@code aws}, region, account, and {@code REF} for resources).
 */
final class StateMachineDefinition {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> PSEUDO = Map.of(
            "AWS::Partition", "aws", "AWS::Region", "eu-west-1", "AWS::AccountId", "123456789012",
            "AWS::URLSuffix", "amazonaws.com");

    private StateMachineDefinition() {}

    static String text(Template template) {
        JsonNode machines = JSON.valueToTree(template.findResources("AWS::StepFunctions::StateMachine"));
        if (machines.size() != 1) {
            throw new AssertionError("Expected one state machine, found " + machines.size());
        }
        return flatten(machines.elements().next().get("Properties").get("DefinitionString"));
    }

    static JsonNode of(Template template) {
        try {
            return JSON.readTree(text(template));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String flatten(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.has("Fn::Join")) {
            String separator = node.get("Fn::Join").get(0).asText();
            StringBuilder out = new StringBuilder();
            JsonNode parts = node.get("Fn::Join").get(1);
            for (int i = 0; i < parts.size(); i++) {
                out.append(i == 0 ? "" : separator).append(flatten(parts.get(i)));
            }
            return out.toString();
        }
        if (node.has("Ref")) {
            return PSEUDO.getOrDefault(node.get("Ref").asText(), "REF");
        }
        return "REF"; // Fn::GetAtt and friends: an ARN or a name, only ever inside a string
    }
}
