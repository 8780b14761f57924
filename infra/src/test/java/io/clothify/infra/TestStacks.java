package io.clothify.infra;

import io.clothify.infra.Images.ImageSource;
import io.clothify.infra.Images.ImagesProps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * Builds the real stack for tests. Template and cdk-nag tests use stand-in Dockerfiles and a tiny default artifact
 * from {@code src/test/resources/fixtures}, so they test the infrastructure's intent whatever state the other
 * modules are in; {@link CdkSynthCliTest} synthesizes the real repository through the CLI.
 */
final class TestStacks {
    static final Path REPO_ROOT = StackConfig.findRepoRoot(Path.of(""));
    static final Path FIXTURES = REPO_ROOT.resolve("infra/src/test/resources/fixtures");
    static final ImagesProps FIXTURE_IMAGES = new ImagesProps(
            new ImageSource(FIXTURES.resolve("images/function"), List.of("target/lambda.jar"), Map.of()),
            new ImageSource(FIXTURES.resolve("images/training-job"), List.of("target/training-job.jar"), Map.of()));
    static final Path FIXTURE_ARTIFACT = FIXTURES.resolve("default-model.tar.gz");

    private TestStacks() {}

    /** An app with the given context (keys without the {@code clothify:} prefix). */
    static App app(Map<String, Object> context) {
        return app(context, null);
    }

    /** An app that writes its cloud assembly to {@code outdir} (a temporary directory when null). */
    static App app(Map<String, Object> context, Path outdir) {
        App app = outdir == null ? App.Builder.create().build()
                : App.Builder.create().outdir(outdir.toString()).build();
        context.forEach((key, value) -> app.getNode().setContext(StackConfig.PREFIX + key, value));
        return app;
    }

    static ClothifyStack stack(App app) {
        StackConfig config = StackConfig.fromContext(app.getNode(), REPO_ROOT);
        return new ClothifyStack(app, config.stackName(), StackProps.builder().build(), config, FIXTURE_IMAGES,
                FIXTURE_ARTIFACT);
    }
}
