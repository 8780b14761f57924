package io.clothify.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/**
 * The synthesized state machine is valid Amazon States Language, checked by the npm {@code asl-validator} (pinned in
 * package.json): JSON schema, JSONPath syntax, intrinsic functions, and every Next/Default/Catch target existing.
 */
class StateMachineAslTest {

    /** The variant with the most states: isolation adds the refusal of model-zoo backbones to the default's. */
    @Test
    void definitionPassesTheAmazonStatesLanguageValidator(@TempDir Path dir) throws IOException {
        Path validator = Commands.npmBin("asl-validator");
        Template template = Template.fromStack(TestStacks.stack(TestStacks.app(Map.of("useSpot", true,
                "trainingNetworkIsolation", true))));
        Path definition = dir.resolve("state-machine.asl.json");
        Files.writeString(definition, StateMachineDefinition.text(template));

        Commands.Result result = Commands.run(TestStacks.REPO_ROOT, Map.of(), 120,
                List.of(validator.toString(), "--json-path", definition.toString()));

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("is valid"), result.output());
    }

    @Test
    void validatorRejectsABrokenDefinition(@TempDir Path dir) throws IOException {
        Path validator = Commands.npmBin("asl-validator");
        Path broken = dir.resolve("broken.asl.json");
        Files.writeString(broken, """
                {"StartAt":"Gate","States":{"Gate":{"Type":"Choice","Choices":[{"Variable":"$.x",
                "NumericGreaterThanEqualsPath":"$.y","Next":"Missing"}],"Default":"Missing"}}}""");

        Commands.Result result = Commands.run(TestStacks.REPO_ROOT, Map.of(), 120,
                List.of(validator.toString(), "--json-path", broken.toString()));

        assertTrue(result.exitCode() != 0, "the validator must catch a transition to a missing state: "
                + result.output());
    }
}
