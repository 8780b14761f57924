package io.clothify.infra;

import static io.clothify.model.contract.ModelStoreLayout.MODELS_PREFIX;
import static io.clothify.model.contract.ModelStoreLayout.POINTER_KEY;
import static io.clothify.model.contract.ModelStoreLayout.TRAINING_PREFIX;

import io.clothify.model.contract.TrainingChannels;
import io.clothify.model.contract.TrainingLog;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * The retraining pipeline: a Step Functions state machine that runs the project's training image as a SageMaker
 * training job (or a hyperparameter tuning job), reads the new model's {@value TrainingLog#GATE_METRIC} and promotes
 * it by rewriting {@code models/current.json} only when it is not worse than the live model and above a floor. It
 * also carries the two manual pointer moves, an explicit promote of a finished job and a rollback, through the same
 * conditional write. The parts: {@link PipelineInput}, {@link SageMakerJobs}, {@link GateAndPromotion}.
 *
 * <p>Execution input (every field optional; see README):
 * <pre>{"action":"retrain|promote|rollback","candidate":"clothify-...","mode":"train|tune",
 *  "dataset":"clothing-dataset-small","channels":["train","validation","test"],"hyperparameters":{"epochs":"30"},
 *  "useSpot":true,"instanceType":"ml.m5.xlarge","volumeSizeGb":30,"maxRuntimeSeconds":7200,
 *  "maxWaitSeconds":14400,"minTestAccuracy":0.5,"tuningMaxJobs":8,"tuningMaxParallelJobs":2,
 *  "pretrainedModelUri":"s3://<bucket>/models/...","backboneUri":"s3://<bucket>/models/backbones/..."}</pre>
 * Training job names are {@code clothify-<execution name>}, so execution names follow SageMaker's job-name rule.
 */
public final class TrainingPipeline extends Construct {

    /** Every job this pipeline starts is named with this prefix; IAM is scoped to it. */
    public static final String JOB_PREFIX = "clothify-";
    /** The optional channel of the training job that holds an artifact to fine-tune from. */
    public static final String PRETRAINED_CHANNEL = TrainingChannels.PRETRAINED;
    /** The optional channel of the training job that holds a TorchScript backbone (transfer learning). */
    public static final String BACKBONE_CHANNEL = TrainingChannels.BACKBONE;
    /** The Step Functions rule that the SageMaker .sync integration manages. */
    static final String SYNC_RULE = "StepFunctionsGetEventsForSageMakerTrainingJobsRule";

    /**
     * @param store the model bucket
     * @param trainingImage the training container image
     * @param recipe hyperparameters (strings) that reproduce the shipped model, used on its dataset unless the
     *        execution input overrides them; empty when no model is shipped
     * @param recipeDataset the dataset the recipe is for (empty: none)
     * @param instanceType default SageMaker instance type
     * @param useSpot default for managed spot training
     * @param maxRuntimeSeconds default training time limit
     * @param maxWaitSeconds default limit including spot waiting; must exceed maxRuntimeSeconds
     * @param networkIsolation every job runs with EnableNetworkIsolation, and the input validation refuses a
     *        model-zoo backbone (the job could not download it)
     * @param gateFloor default lowest test accuracy a model needs to be promoted
     * @param logGroupName the state machine's log group, under /aws/vendedlogs/states/
     * @param logRetention state machine log retention
     * @param retainLogs keep the log group on destroy
     */
    public record TrainingPipelineProps(ModelStore store, DockerImageAsset trainingImage, Map<String, String> recipe,
            String recipeDataset, String instanceType, boolean useSpot, int maxRuntimeSeconds, int maxWaitSeconds,
            boolean networkIsolation, double gateFloor, String logGroupName, RetentionDays logRetention, boolean retainLogs) {
        public TrainingPipelineProps {
            recipe = Map.copyOf(recipe);
            if (maxWaitSeconds <= maxRuntimeSeconds) {
                throw new IllegalArgumentException("Managed spot training needs maxWaitSeconds > maxRuntimeSeconds");
            }
            if (!logGroupName.startsWith("/aws/vendedlogs/states/")) {
                throw new IllegalArgumentException("Step Functions log groups belong under /aws/vendedlogs/states/"
                        + " (their resource policy stays small), got " + logGroupName);
            }
        }
    }

    private final IBucket bucket;
    private final String trainingImageUri;
    private final Role sageMakerRole;
    private final StateMachine stateMachine;
    private final boolean networkIsolation;

    public TrainingPipeline(Construct scope, String id, TrainingPipelineProps props) {
        super(scope, id);
        this.bucket = props.store().bucket();
        this.trainingImageUri = props.trainingImage().getImageUri();
        this.networkIsolation = props.networkIsolation();
        this.sageMakerRole = Role.Builder.create(this, "SageMakerRole")
                .assumedBy(new ServicePrincipal("sagemaker.amazonaws.com"))
                .description("Runs clothify training jobs: reads data/, writes training/ and checkpoints/")
                .build();
        props.store().grantTrainingJob(sageMakerRole);
        props.trainingImage().getRepository().grantPull(sageMakerRole);
        sageMakerRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                        "logs:DescribeLogStreams"))
                .resources(List.of(arn("logs", "log-group:/aws/sagemaker/TrainingJobs*")))
                .build());
        sageMakerRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("cloudwatch:PutMetricData"))
                .resources(List.of("*"))
                .conditions(Json.obj("StringLike", Json.obj("cloudwatch:namespace", "/aws/sagemaker/*")))
                .build());

        GateAndPromotion gate = new GateAndPromotion(this, "Gate");
        SageMakerJobs jobs = new SageMakerJobs(this, "Jobs", gate.gate());
        var describeCandidate = jobs.describeTrainingJob(this, "DescribeCandidate", "$.config.candidate");
        describeCandidate.next(gate.gate());
        PipelineInput input = new PipelineInput(this, "Input", props,
                new PipelineInput.Targets(jobs.train(), jobs.tune(), describeCandidate, gate.readLive()));

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName(props.logGroupName())
                .retention(props.logRetention())
                .removalPolicy(props.retainLogs() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        this.stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .comment("Train (or tune) on SageMaker, gate on " + TrainingLog.GATE_METRIC + ", promote "
                        + POINTER_KEY + "; or promote/roll back it by hand through the same conditional write")
                .definitionBody(DefinitionBody.fromChainable(input.start()))
                .timeout(Duration.hours(48))
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(true).build())
                .build();
        grantStateMachine();
        acknowledge();
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public Role sageMakerRole() {
        return sageMakerRole;
    }

    String bucketName() {
        return bucket.getBucketName();
    }

    String bucketArn() {
        return bucket.getBucketArn();
    }

    String objectArn(String key) {
        return bucket.arnForObjects(key);
    }

    String trainingImageUri() {
        return trainingImageUri;
    }

    /** Whether the training containers run without network (SageMaker still moves channels, output and logs). */
    public boolean networkIsolation() {
        return networkIsolation;
    }

    String partition() {
        return Aws.PARTITION;
    }

    String arn(String service, String resource) {
        return "arn:" + Aws.PARTITION + ":" + service + ":" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":" + resource;
    }

    /** What the state machine needs beyond what its CallAwsService states grant themselves. */
    private void grantStateMachine() {
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob",
                        "sagemaker:StopTrainingJob", "sagemaker:ListTags"))
                .resources(List.of(arn("sagemaker", "training-job/" + JOB_PREFIX + "*")))
                .build());
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"))
                .resources(List.of(arn("events", "rule/" + SYNC_RULE)))
                .build());
        stateMachine.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("iam:PassRole"))
                .resources(List.of(sageMakerRole.getRoleArn()))
                .conditions(Json.obj("StringEquals", Json.obj("iam:PassedToService", "sagemaker.amazonaws.com")))
                .build());
    }

    private void acknowledge() {
        String bucketArn = Acknowledgments.ref(bucket, "Arn");
        String sageMaker = "arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:";
        Acknowledgments.acknowledge(sageMakerRole, "AwsSolutions-IAM5[Resource::" + bucketArn + "/data/*]",
                "Training jobs read the dataset chosen at execution time under data/<dataset>/ (read-only).");
        Acknowledgments.acknowledge(sageMakerRole, "AwsSolutions-IAM5[Resource::" + bucketArn + "/models/*]",
                "Fine-tuning reads the promoted model named at execution time (models/<job>/model.tar.gz); read-only.");
        Acknowledgments.acknowledge(sageMakerRole, "AwsSolutions-IAM5[Resource::" + bucketArn + "/training/*]",
                "SageMaker writes each job's model to training/<job-name>/output/; job names are made per execution.");
        Acknowledgments.acknowledge(sageMakerRole, "AwsSolutions-IAM5[Resource::" + bucketArn + "/checkpoints/*]",
                "Managed spot training syncs checkpoints/<job-name>/ both ways to resume after an interruption.");
        Acknowledgments.acknowledge(sageMakerRole, "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:"
                + "<AWS::Region>:<AWS::AccountId>:log-group:/aws/sagemaker/TrainingJobs*]",
                "SageMaker writes each job's container logs to streams of /aws/sagemaker/TrainingJobs, named per job.");
        Acknowledgments.acknowledge(sageMakerRole, "AwsSolutions-IAM5[Resource::*]",
                "ecr:GetAuthorizationToken and cloudwatch:PutMetricData take no resource ARN; PutMetricData is"
                        + " limited to the /aws/sagemaker/ namespaces by a condition.");
        Acknowledgments.acknowledge(stateMachine, "AwsSolutions-IAM5[Resource::" + sageMaker + "training-job/"
                + JOB_PREFIX + "*]",
                "Training job names are made per execution (clothify-<execution name>, and the tuning job's children);"
                        + " the prefix confines the state machine to this pipeline's jobs.");
        Acknowledgments.acknowledge(stateMachine, "AwsSolutions-IAM5[Resource::" + sageMaker
                + "hyper-parameter-tuning-job/" + JOB_PREFIX + "tune-*]",
                "Tuning job names are made per execution (clothify-tune-<random>); the prefix confines access to them.");
        Acknowledgments.acknowledge(stateMachine, "AwsSolutions-IAM5[Resource::" + bucketArn + "/" + MODELS_PREFIX
                + JOB_PREFIX + "*]",
                "Promotion copies the new model to models/<job-name>/model.tar.gz, a key known only at run time.");
        Acknowledgments.acknowledge(stateMachine, "AwsSolutions-IAM5[Resource::" + bucketArn + "/" + TRAINING_PREFIX
                + JOB_PREFIX + "*/output/model.tar.gz]",
                "Promotion reads the model.tar.gz of the job that passed the gate; its name is known only at run time.");
        Acknowledgments.acknowledge(stateMachine, "AwsSolutions-IAM5[Resource::*]",
                "Step Functions' log delivery (logs:*LogDelivery*, DescribeLogGroups, resource policies) and X-Ray"
                        + " tracing APIs take no resource ARN; CDK grants exactly these for logging and tracing.");
    }
}
