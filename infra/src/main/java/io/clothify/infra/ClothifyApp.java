package io.clothify.infra;

import io.clothify.infra.Images.ImagesProps;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app that {@code cdk.json} runs: one {@link ClothifyStack}, configured from context (see
 * {@link StackConfig}). Paths resolve against the directory holding cdk.json, so {@code npx cdk synth} from the
 * repository root and the tests (run from {@code infra/}) build the same stack.
 */
public final class ClothifyApp {

    private ClothifyApp() {}

    public static void main(String[] args) {
        App app = new App();
        synthesize(app);
        app.synth();
    }

    /** Builds the stack into {@code app}; the account and region come from the CLI's environment at deploy. */
    public static ClothifyStack synthesize(App app) {
        Path repoRoot = StackConfig.findRepoRoot(Path.of(""));
        StackConfig config = StackConfig.fromContext(app.getNode(), repoRoot);
        StackProps props = StackProps.builder()
                .description("Serverless clothing classifier: API, model bucket, SageMaker retraining pipeline")
                .env(Environment.builder()
                        .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                        .region(System.getenv("CDK_DEFAULT_REGION"))
                        .build())
                .build();
        return new ClothifyStack(app, config.stackName(), props, config,
                ImagesProps.of(repoRoot, config.savedModelSupport()),
                repoRoot.resolve(ClothifyStack.DEFAULT_ARTIFACT));
    }
}
