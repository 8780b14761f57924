package io.clothify.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdk synth} through the real, pinned CLI ({@code node_modules/.bin/cdk}, i.e. what {@code npx cdk} runs)
 * with the repository's cdk.json: the app command, offline, without Docker. Then the image assets it staged must
 * hold exactly the module's Dockerfile and its packaged jar, which is what {@code cdk deploy} sends to Docker.
 *
 * <p>Needs {@code npm ci} and the packaged function and training-job jars (the reactor builds them before infra);
 * locally it is skipped without them, in CI ({@code CI=true}) it fails.
 */
class CdkSynthCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path outdir;
    private static Commands.Result synth;

    @BeforeAll
    static void synthWithTheCli() {
        Path cdk = Commands.npmBin("cdk");
        Path root = TestStacks.REPO_ROOT;
        Commands.require(Files.isRegularFile(root.resolve("infra/target/classpath.txt")),
                "infra/target/classpath.txt is missing: build infra (./mvnw -pl infra package)");
        synth = Commands.run(root, Map.of(
                        "CDK_DISABLE_VERSION_CHECK", "1",
                        "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20",
                        "JAVA_HOME", System.getProperty("java.home")),
                300, List.of(cdk.toString(), "synth", "--quiet", "--no-notices", "--output", outdir.toString()));
    }

    @Test
    void cliSynthesizesTheStackOffline() throws IOException {
        assertEquals(0, synth.exitCode(), synth.output());
        JsonNode template = JSON.readTree(outdir.resolve("Clothify.template.json").toFile());
        assertTrue(template.get("Resources").size() > 20, "a near-empty template");
        assertTrue(template.get("Outputs").has("ApiUrl") && template.get("Outputs").has("StateMachineArn"));
    }

    @Test
    void imageAssetsHoldOnlyTheDockerfileAndWhatItCopies() throws IOException {
        assertEquals(0, synth.exitCode(), synth.output());
        Path root = TestStacks.REPO_ROOT;
        Commands.require(Files.isRegularFile(root.resolve("function/target/lambda.jar"))
                        && Files.isRegularFile(root.resolve("training-job/target/training-job.jar")),
                "package function and training-job first (./mvnw package builds them before infra)");

        JsonNode images = JSON.readTree(outdir.resolve("Clothify.assets.json").toFile()).get("dockerImages");
        assertEquals(2, images.size(), images.toString());
        Set<Set<String>> contents = new HashSet<>();
        for (JsonNode image : images) {
            JsonNode source = image.get("source");
            assertEquals("linux/amd64", source.path("platform").asText(), source.toString());
            Path staged = outdir.resolve(source.get("directory").asText());
            Set<String> files = files(staged);
            // CDK always stages the .dockerignore next to the Dockerfile; Docker then leaves it out of the build
            // context, because the whitelist starts with "*" and never re-includes it.
            if (files.remove(".dockerignore")) {
                List<String> patterns = Files.readAllLines(staged.resolve(".dockerignore")).stream()
                        .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
                assertEquals("*", patterns.getFirst(), "the .dockerignore must be a whitelist: " + patterns);
                assertTrue(patterns.stream().noneMatch(p -> p.contains(".dockerignore")), patterns.toString());
            }
            contents.add(files);
        }
        // The default function image: the lean jar and PyTorch's natives, no TensorFlow (savedModelSupport=false).
        assertEquals(Set.of(Set.of("Dockerfile", "target/lambda.jar", "target/natives/pytorch-native-cpu.jar"),
                Set.of("Dockerfile", "target/training-job.jar")), contents);
    }

    private static Set<String> files(Path dir) throws IOException { // mutable
        List<String> names = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(p -> names.add(dir.relativize(p).toString()));
        }
        return new TreeSet<>(names);
    }
}
