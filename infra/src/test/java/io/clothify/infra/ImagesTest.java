package io.clothify.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.infra.Images.ImageSource;
import io.clothify.infra.Images.ImagesProps;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each image's build context holds, and how SavedModel support changes the function image. */
class ImagesTest {

    @Test
    void theDefaultFunctionImageCarriesPyTorchNativesOnly() {
        ImageSource function = ImagesProps.of(TestStacks.REPO_ROOT, false).function();
        assertEquals(List.of("*", "!Dockerfile", "!target/lambda.jar", "!target/natives/pytorch-native-cpu.jar"),
                function.whitelist());
        assertEquals(Map.of("WITH_TENSORFLOW", "false"), function.buildArgs());
    }

    @Test
    void savedModelSupportAddsTensorFlowNativesAndTheBuildArgument() {
        ImageSource function = ImagesProps.of(TestStacks.REPO_ROOT, true).function();
        assertTrue(function.whitelist().contains("!target/natives/tensorflow-core-native.jar"), function.toString());
        assertEquals(Map.of("WITH_TENSORFLOW", "true"), function.buildArgs());
    }

    @Test
    void theWhitelistsMatchTheDockerIgnoreFilesAndTheDockerfileArgument() throws Exception {
        ImagesProps images = ImagesProps.of(TestStacks.REPO_ROOT, true);
        for (ImageSource source : List.of(images.function(), images.training())) {
            List<String> dockerignore = Files.readAllLines(source.directory().resolve(".dockerignore")).stream()
                    .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            assertEquals(source.whitelist(), dockerignore, source.directory() + "/.dockerignore");
        }
        String dockerfile = Files.readString(images.function().directory().resolve("Dockerfile"));
        assertTrue(dockerfile.contains("ARG WITH_TENSORFLOW=false"), "the Dockerfile's default is no TensorFlow");
    }

    @Test
    void refusesPathsOutsideTheModule() {
        assertThrows(IllegalArgumentException.class, () -> new ImageSource(TestStacks.REPO_ROOT.resolve("function"),
                List.of("../secrets"), Map.of()));
    }
}
