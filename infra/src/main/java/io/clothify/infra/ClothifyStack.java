package io.clothify.infra;

import static io.clothify.model.contract.ModelStoreLayout.DATA_PREFIX;
import static io.clothify.model.contract.ModelStoreLayout.DEFAULT_DATASET;
import static io.clothify.model.contract.ModelStoreLayout.POINTER_KEY;

import io.clothify.infra.FirstModel.FirstModelProps;
import io.clothify.infra.Images.ImagesProps;
import io.clothify.infra.InferenceApi.InferenceApiProps;
import io.clothify.infra.ModelStore.ModelStoreProps;
import io.clothify.infra.TrainingPipeline.TrainingPipelineProps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The whole product in one stack: the model bucket, the two images, the inference API, the retraining pipeline and
 * the first model, with outputs that print the next commands.
 */
public final class ClothifyStack extends Stack {

    /** Where the lead's build leaves the model shipped with the stack, relative to the repository root. */
    public static final String DEFAULT_ARTIFACT = "model/artifacts/default-model.tar.gz";
    /** The output infra/bin/retrain reads to refuse a model-zoo backbone before it starts a run. */
    public static final String NETWORK_ISOLATION_OUTPUT = "TrainingNetworkIsolation";

    private final ModelStore store;
    private final InferenceApi api;
    private final TrainingPipeline pipeline;

    /**
     * @param config deploy-time choices
     * @param images where the two Dockerfiles are
     * @param defaultArtifact the model served after the first deploy; when the file is missing the stack still
     *        synthesizes, with a warning, and the API has no model until a retraining is promoted
     */
    public ClothifyStack(Construct scope, String id, StackProps stackProps, StackConfig config, ImagesProps images,
            Path defaultArtifact) {
        super(scope, id, stackProps);
        RetentionDays retention = retention(config.logRetentionDays());

        this.store = new ModelStore(this, "ModelStore", ModelStoreProps.defaults(config.retainData()));
        Images built = new Images(this, "Images", images);
        this.api = new InferenceApi(this, "InferenceApi", new InferenceApiProps(built.function(), store,
                config.functionMemoryMb(), Duration.seconds(28), config.iamAuth(), config.urlHosts(),
                config.throttleRateLimit(),
                config.throttleBurstLimit(), retention, config.retainData()));
        // The shipped model is the one source of its recipe: the pipeline's default hyperparameters on its dataset.
        ShippedArtifact shipped = Files.isRegularFile(defaultArtifact) ? ShippedArtifact.read(defaultArtifact) : null;
        this.pipeline = new TrainingPipeline(this, "TrainingPipeline", new TrainingPipelineProps(store,
                built.training(), shipped == null ? Map.of() : shipped.recipe(), shipped == null ? "" : shipped.dataset(),
                config.trainingInstanceType(), config.useSpot(), config.maxRuntimeSeconds(), config.maxWaitSeconds(),
                config.trainingNetworkIsolation(), config.gateFloor(), "/aws/vendedlogs/states/" + getStackName() + "-retrain", retention,
                config.retainData()));
        HelperLogs helperLogs = new HelperLogs(this, "HelperLogs", retention, config.retainData());
        new Monitoring(this, "Monitoring", new Monitoring.Props(api.api(), api.function(), pipeline.stateMachine(),
                config.alarmEmail()));

        if (shipped != null) {
            double accuracy = config.defaultModelTestAccuracy() != null ? config.defaultModelTestAccuracy()
                    : shipped.testAccuracy().orElse(0.0);
            new FirstModel(this, "FirstModel", new FirstModelProps(store, defaultArtifact, shipped, accuracy,
                    pipeline.stateMachine(), helperLogs.customResources()));
        } else {
            Annotations.of(this).addWarningV2("clothify:no-default-model", "No "
                    + (defaultArtifact.startsWith(config.repoRoot())
                            ? config.repoRoot().relativize(defaultArtifact) : defaultArtifact)
                    + ": the stack deploys without a first model and the API answers 503 until a retraining is"
                    + " promoted. Build it first (see README) to serve a model right after deploy.");
        }

        String bucket = store.bucket().getBucketName();
        String url = api.url();
        output("ApiUrl", url, "Base URL of the classifier API (POST /predict, GET /health)");
        output("ModelBucketName", bucket, "Bucket holding data/, training/, checkpoints/ and models/");
        output("StateMachineArn", pipeline.stateMachine().getStateMachineArn(), "The retraining pipeline");
        output(NETWORK_ISOLATION_OUTPUT, Boolean.toString(config.trainingNetworkIsolation()),
                "true: training jobs run without network, so retrain refuses model-zoo backbones");
        output("HealthCommand", "curl -s " + url + "/health", "Check the API");
        output("PredictCommand", "curl -s -X POST --data-binary @shirt.jpg -H 'Content-Type: image/jpeg' "
                + url + "/predict", "Classify a local photo");
        output("ClientCommand", "java -jar function/target/function.jar predict --api " + url + " --file shirt.jpg",
                "Classify a local photo with the client CLI (evaluate --api ... --data <folder> scores a test set)");
        output("UploadDataCommand", "aws s3 sync ./" + DEFAULT_DATASET + " s3://" + bucket + "/" + DATA_PREFIX
                + DEFAULT_DATASET + "/", "Upload a dataset folder holding train/, validation/, test/");
        output("RetrainCommand", "infra/bin/retrain --stack " + getStackName() + " --wait",
                "Train on SageMaker and promote the model if it passes the quality gate");
        output("PointerCommand", "aws s3 cp s3://" + bucket + "/" + POINTER_KEY + " -", "Show the live model");
        helperLogs.adoptAutoDeleteProvider(this);
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    static RetentionDays retention(int days) {
        return switch (days) {
            case 1 -> RetentionDays.ONE_DAY;
            case 3 -> RetentionDays.THREE_DAYS;
            case 5 -> RetentionDays.FIVE_DAYS;
            case 7 -> RetentionDays.ONE_WEEK;
            case 14 -> RetentionDays.TWO_WEEKS;
            case 30 -> RetentionDays.ONE_MONTH;
            case 60 -> RetentionDays.TWO_MONTHS;
            case 90 -> RetentionDays.THREE_MONTHS;
            case 180 -> RetentionDays.SIX_MONTHS;
            case 365 -> RetentionDays.ONE_YEAR;
            default -> throw new IllegalArgumentException(
                    "logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 180, 365; got " + days);
        };
    }

    public ModelStore store() {
        return store;
    }

    public InferenceApi api() {
        return api;
    }

    public TrainingPipeline pipeline() {
        return pipeline;
    }
}
