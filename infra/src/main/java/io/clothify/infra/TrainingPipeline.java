package io.clothify.infra;

import static io.clothify.model.contract.ModelStoreLayout.CHECKPOINTS_PREFIX;
import static io.clothify.model.contract.ModelStoreLayout.DATA_PREFIX;
import static io.clothify.model.contract.ModelStoreLayout.DEFAULT_DATASET;
import static io.clothify.model.contract.ModelStoreLayout.MODELS_PREFIX;
import static io.clothify.model.contract.ModelStoreLayout.POINTER_KEY;
import static io.clothify.model.contract.ModelStoreLayout.TRAINING_PREFIX;

import io.clothify.model.contract.TrainingLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.CustomState;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Result;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.Wait;
import software.amazon.awscdk.services.stepfunctions.WaitTime;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.constructs.Construct;

/**
 * The retraining pipeline: a Step Functions state machine that runs the project's training image as a SageMaker
 * training job (or a hyperparameter tuning job), reads the new model's {@value TrainingLog#GATE_METRIC} and promotes
 * it by rewriting {@code models/current.json} only when it is not worse than the live model and above a floor.
 * A failed job, a missing metric or a worse model ends in a named Fail state and leaves the pointer untouched.
 *
 * <p>Execution input (every field optional; see README):
 * <pre>{"mode":"train|tune","dataset":"clothing-dataset-small","hyperparameters":{"epochs":"30"},
 *  "useSpot":true,"instanceType":"ml.m5.xlarge","volumeSizeGb":30,"maxRuntimeSeconds":7200,
 *  "maxWaitSeconds":14400,"minTestAccuracy":0.5,"tuningMaxJobs":8,"tuningMaxParallelJobs":2}</pre>
 * Training job names are {@code clothify-<execution name>}, so execution names use letters, digits and hyphens.
 * Every job gets {@code maxRuntimeSeconds} as its {@code time_limit_seconds} hyperparameter, so it stops training
 * in time to save a model rather than being stopped by SageMaker with none.
 */
public final class TrainingPipeline extends Construct {

    /** Every job this pipeline starts is named with this prefix; IAM is scoped to it. */
    public static final String JOB_PREFIX = "clothify-";
    /** The optional channel of the training job that holds an artifact to fine-tune from. */
    public static final String PRETRAINED_CHANNEL = "pretrained";
    /** The Step Functions rule that the SageMaker .sync integration manages. */
    static final String SYNC_RULE = "StepFunctionsGetEventsForSageMakerTrainingJobsRule";
    /** The job's hyperparameters: its time limit, overridden by the defaults and the input's, if they set it. */
    static final String JOB_HYPERPARAMETERS =
            "States.JsonMerge($.capacity.hyperparameters, $.hyperparameters, false)";
    /** Tuned hyperparameters and their ranges; they must not also be passed as static hyperparameters. */
    public static final List<Map<String, Object>> CONTINUOUS_RANGES = List.of(
            Json.obj("Name", "learning_rate", "MinValue", "0.0001", "MaxValue", "0.01", "ScalingType", "Logarithmic"),
            Json.obj("Name", "dropout", "MinValue", "0.0", "MaxValue", "0.5", "ScalingType", "Linear"));
    public static final List<Map<String, Object>> INTEGER_RANGES = List.of(
            Json.obj("Name", "inner_size", "MinValue", "32", "MaxValue", "512", "ScalingType", "Logarithmic"));

    /**
     * @param store the model bucket
     * @param trainingImage the training container image
     * @param defaultHyperparameters hyperparameters (strings) used unless the execution input overrides them
     * @param instanceType default SageMaker instance type
     * @param useSpot default for managed spot training
     * @param maxRuntimeSeconds default training time limit
     * @param maxWaitSeconds default limit including spot waiting; must exceed maxRuntimeSeconds
     * @param gateFloor default lowest test accuracy a model needs to be promoted
     * @param logRetention state machine log retention
     * @param retainLogs keep the log group on destroy
     */
    public record TrainingPipelineProps(ModelStore store, DockerImageAsset trainingImage,
            Map<String, String> defaultHyperparameters, String instanceType, boolean useSpot,
            int maxRuntimeSeconds, int maxWaitSeconds, double gateFloor, RetentionDays logRetention,
            boolean retainLogs) {
        public TrainingPipelineProps {
            defaultHyperparameters = Map.copyOf(defaultHyperparameters);
            if (maxWaitSeconds <= maxRuntimeSeconds) {
                throw new IllegalArgumentException("Managed spot training needs maxWaitSeconds > maxRuntimeSeconds");
            }
            for (String tuned : List.of("learning_rate", "dropout", "inner_size")) {
                if (defaultHyperparameters.containsKey(tuned)) {
                    throw new IllegalArgumentException(tuned + " is tuned; leave it to the training job's default");
                }
            }
        }
    }

    private final Role sageMakerRole;
    private final StateMachine stateMachine;
    private final String bucketName;
    private final IBucket bucket;
    private final String trainingImageUri;
    private final String region = Aws.REGION;
    private final String account = Aws.ACCOUNT_ID;
    private final String partition = Aws.PARTITION;

    public TrainingPipeline(Construct scope, String id, TrainingPipelineProps props) {
        super(scope, id);
        this.bucket = props.store().bucket();
        this.bucketName = bucket.getBucketName();
        this.trainingImageUri = props.trainingImage().getImageUri();

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

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(props.logRetention())
                .removalPolicy(props.retainLogs() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        this.stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .comment("Train (or tune) on SageMaker, gate on " + TrainingLog.GATE_METRIC + ", promote "
                        + POINTER_KEY)
                .definitionBody(DefinitionBody.fromChainable(definition(props)))
                .timeout(Duration.hours(48))
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(true).build())
                .build();
        grantStateMachine();
        acknowledge();
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

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public Role sageMakerRole() {
        return sageMakerRole;
    }

    // ---------------------------------------------------------------------------------------------- definition

    private IChainable definition(TrainingPipelineProps props) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("mode", "train");
        defaults.put("dataset", DEFAULT_DATASET);
        defaults.put("instanceType", props.instanceType());
        defaults.put("volumeSizeGb", 30);
        defaults.put("useSpot", props.useSpot());
        defaults.put("maxRuntimeSeconds", props.maxRuntimeSeconds());
        defaults.put("maxWaitSeconds", props.maxWaitSeconds());
        defaults.put("minTestAccuracy", props.gateFloor());
        defaults.put("tuningMaxJobs", 8);
        defaults.put("tuningMaxParallelJobs", 2);
        defaults.put("hyperparameters", Json.obj());
        defaults.put("defaultHyperparameters", new TreeMap<>(props.defaultHyperparameters()));

        Pass applyDefaults = Pass.Builder.create(this, "ApplyDefaults")
                .comment("Defaults for every input field; the execution input overrides them")
                .parameters(Json.obj("defaults", defaults, "input", JsonPath.getEntirePayload()))
                .build();
        Pass mergeInput = Pass.Builder.create(this, "MergeInput")
                .parameters(Json.obj("config", JsonPath.jsonMerge(JsonPath.objectAt("$.defaults"),
                        JsonPath.objectAt("$.input"))))
                .build();
        Pass resolveJob = Pass.Builder.create(this, "ResolveJob")
                .comment("The job name follows the execution name; hyperparameters are defaults + input")
                .parameters(Json.obj(
                        "config", JsonPath.objectAt("$.config"),
                        "jobName", JsonPath.format(JOB_PREFIX + "{}", JsonPath.getExecutionName()),
                        "hyperparameters", JsonPath.jsonMerge(JsonPath.objectAt("$.config.defaultHyperparameters"),
                                JsonPath.objectAt("$.config.hyperparameters"))))
                .build();

        Fail invalidInput = Fail.Builder.create(this, "InvalidInput")
                .error("InvalidInput")
                .cause("Expected mode 'train' or 'tune', a string dataset, boolean useSpot, numeric limits, "
                        + "maxWaitSeconds > maxRuntimeSeconds when useSpot is true, and a pretrainedModelUri (if any)"
                        + " under s3://<bucket>/" + MODELS_PREFIX)
                .build();
        Choice validate = Choice.Builder.create(this, "ValidateInput").build()
                .when(Condition.or(
                        Condition.isNotString("$.config.dataset"),
                        Condition.isNotString("$.config.instanceType"),
                        Condition.isNotBoolean("$.config.useSpot"),
                        Condition.isNotNumeric("$.config.maxRuntimeSeconds"),
                        Condition.isNotNumeric("$.config.maxWaitSeconds"),
                        Condition.isNotNumeric("$.config.minTestAccuracy"),
                        Condition.isNotNumeric("$.config.volumeSizeGb")), invalidInput)
                .when(Condition.and(
                        Condition.booleanEquals("$.config.useSpot", true),
                        Condition.numberLessThanEqualsJsonPath("$.config.maxWaitSeconds",
                                "$.config.maxRuntimeSeconds")), invalidInput)
                .when(Condition.and(
                        Condition.isPresent("$.config.pretrainedModelUri"),
                        Condition.or(Condition.isNotString("$.config.pretrainedModelUri"),
                                Condition.not(Condition.stringMatches("$.config.pretrainedModelUri",
                                        "s3://" + bucketName + "/" + MODELS_PREFIX + "*")))), invalidInput);

        Pass spot = Pass.Builder.create(this, "SpotCapacity")
                .comment("Managed spot training: MaxWaitTimeInSeconds > MaxRuntimeInSeconds, resumes from checkpoints")
                .parameters(Json.obj("spot", true, "stopping", Json.obj(
                        "MaxRuntimeInSeconds", JsonPath.numberAt("$.config.maxRuntimeSeconds"),
                        "MaxWaitTimeInSeconds", JsonPath.numberAt("$.config.maxWaitSeconds")),
                        "hyperparameters", timeLimitHyperparameters()))
                .resultPath("$.capacity")
                .build();
        Pass onDemand = Pass.Builder.create(this, "OnDemandCapacity")
                .parameters(Json.obj("spot", false, "stopping", Json.obj(
                        "MaxRuntimeInSeconds", JsonPath.numberAt("$.config.maxRuntimeSeconds")),
                        "hyperparameters", timeLimitHyperparameters()))
                .resultPath("$.capacity")
                .build();
        validate.when(Condition.booleanEquals("$.config.useSpot", true), spot).otherwise(onDemand);

        // ---- gate and promotion, shared by both modes: $.training is a DescribeTrainingJob result
        IChainable gate = gateAndPromote();

        // ---- train
        CustomState train = new CustomState(this, "TrainModel",
                software.amazon.awscdk.services.stepfunctions.CustomStateProps.builder()
                        .stateJson(trainingJobState()).build());
        train.addRetry(RetryProps.builder()
                .errors(List.of("SageMaker.AmazonSageMakerException"))
                .interval(Duration.seconds(30)).maxAttempts(3).backoffRate(2).build());
        Fail trainingFailed = Fail.Builder.create(this, "TrainingFailed")
                .error("TrainingFailed")
                .causePath("$.error.Cause")
                .build();
        train.addCatch(trainingFailed, CatchProps.builder().errors(List.of("States.ALL")).resultPath("$.error")
                .build());
        train.next(gate);

        // ---- tune
        IChainable tune = tuning(gate);

        Choice mode = Choice.Builder.create(this, "TrainOrTune").build()
                .when(Condition.stringEquals("$.config.mode", "train"), train)
                .when(Condition.stringEquals("$.config.mode", "tune"), tune)
                .otherwise(invalidInput);
        Pass dataChannels = Pass.Builder.create(this, "DataChannels")
                .comment("train, validation and test prefixes of the chosen dataset")
                .parameters(Json.obj("train", channel("train"), "validation", channel("validation"),
                        "test", channel("test")))
                .resultPath("$.channels")
                .build();
        Pass pretrainedChannel = Pass.Builder.create(this, "PretrainedChannel")
                .comment("Fine-tuning: the training job reads this artifact from its 'pretrained' channel")
                .parameters(Json.obj(
                        "ChannelName", PRETRAINED_CHANNEL,
                        "DataSource", Json.obj("S3DataSource", Json.obj(
                                "S3DataType", "S3Prefix",
                                "S3DataDistributionType", "FullyReplicated",
                                "S3Uri", JsonPath.stringAt("$.config.pretrainedModelUri")))))
                .resultPath("$.channels.pretrained")
                .build();
        Pass withPretrained = Pass.Builder.create(this, "ChannelsWithPretrained")
                .parameters(Json.obj("list", JsonPath.array(JsonPath.stringAt("$.channels.train"),
                        JsonPath.stringAt("$.channels.validation"),
                        JsonPath.stringAt("$.channels.test"),
                        JsonPath.stringAt("$.channels.pretrained"))))
                .resultPath("$.inputs")
                .build();
        Pass fromScratch = Pass.Builder.create(this, "ChannelsFromScratch")
                .parameters(Json.obj("list", JsonPath.array(JsonPath.stringAt("$.channels.train"),
                        JsonPath.stringAt("$.channels.validation"),
                        JsonPath.stringAt("$.channels.test"))))
                .resultPath("$.inputs")
                .build();
        Choice fineTune = Choice.Builder.create(this, "FineTuneOrFromScratch").build()
                .when(Condition.isPresent("$.config.pretrainedModelUri"), pretrainedChannel)
                .otherwise(fromScratch);
        pretrainedChannel.next(withPretrained);
        withPretrained.next(mode);
        fromScratch.next(mode);
        spot.next(dataChannels);
        onDemand.next(dataChannels);
        dataChannels.next(fineTune);

        return applyDefaults.next(mergeInput).next(resolveJob).next(validate);
    }

    /**
     * The job learns its time limit, so it stops training early enough to evaluate and save its model before
     * SageMaker stops it; hyperparameters in the input come after it and may override it.
     */
    private static Map<String, Object> timeLimitHyperparameters() {
        return Json.obj("time_limit_seconds", JsonPath.format("{}", JsonPath.stringAt("$.config.maxRuntimeSeconds")));
    }

    /** One data channel: the {@code <name>/} prefix of the chosen dataset. */
    private Map<String, Object> channel(String name) {
        return Json.obj(
                "ChannelName", name,
                "DataSource", Json.obj("S3DataSource", Json.obj(
                        "S3DataType", "S3Prefix",
                        "S3DataDistributionType", "FullyReplicated",
                        "S3Uri", JsonPath.format("s3://" + bucketName + "/" + DATA_PREFIX + "{}/" + name + "/",
                                JsonPath.stringAt("$.config.dataset")))));
    }

    private Map<String, Object> algorithmSpecification() {
        List<Map<String, Object>> metrics = new ArrayList<>();
        new TreeMap<>(TrainingLog.METRIC_REGEXES).forEach((name, regex) ->
                metrics.add(Json.obj("Name", name, "Regex", regex)));
        return Json.obj(
                "TrainingImage", trainingImageUri,
                "TrainingInputMode", "File",
                "MetricDefinitions", metrics);
    }

    private Map<String, Object> resourceConfig() {
        return Json.obj(
                "InstanceCount", 1,
                "InstanceType.$", "$.config.instanceType",
                "VolumeSizeInGB.$", "$.config.volumeSizeGb");
    }

    /** SageMaker CreateTrainingJob, run-job (.sync): waits for the job and returns DescribeTrainingJob. */
    private Map<String, Object> trainingJobState() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("TrainingJobName.$", "$.jobName");
        parameters.put("RoleArn", sageMakerRole.getRoleArn());
        parameters.put("AlgorithmSpecification", algorithmSpecification());
        parameters.put("HyperParameters.$", JOB_HYPERPARAMETERS);
        parameters.put("InputDataConfig.$", "$.inputs.list");
        parameters.put("Environment", Json.obj("DATASET_NAME.$", "$.config.dataset"));
        parameters.put("OutputDataConfig", Json.obj("S3OutputPath", "s3://" + bucketName + "/" + TRAINING_PREFIX));
        parameters.put("CheckpointConfig", Json.obj("S3Uri.$",
                "States.Format('s3://" + bucketName + "/" + CHECKPOINTS_PREFIX + "{}/', $.jobName)"));
        parameters.put("ResourceConfig", resourceConfig());
        parameters.put("StoppingCondition.$", "$.capacity.stopping");
        parameters.put("EnableManagedSpotTraining.$", "$.capacity.spot");

        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Type", "Task");
        state.put("Comment", "SageMaker training job with the project's training image (run-job .sync)");
        state.put("Resource", "arn:" + partition + ":states:::sagemaker:createTrainingJob.sync");
        state.put("Parameters", parameters);
        state.put("ResultPath", "$.training");
        return state;
    }

    private IChainable tuning(IChainable gate) {
        Pass name = Pass.Builder.create(this, "NameTuningJob")
                .comment("Tuning job names are at most 32 characters")
                .parameters(Json.obj("name", JsonPath.format(JOB_PREFIX + "tune-{}",
                        JsonPath.arrayGetItem(JsonPath.stringSplit(JsonPath.uuid(), "-"), 0))))
                .resultPath("$.tuning")
                .build();

        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("AlgorithmSpecification", algorithmSpecification());
        definition.put("RoleArn", sageMakerRole.getRoleArn());
        definition.put("StaticHyperParameters.$", JOB_HYPERPARAMETERS);
        definition.put("InputDataConfig.$", "$.inputs.list");
        definition.put("Environment", Json.obj("DATASET_NAME.$", "$.config.dataset"));
        definition.put("OutputDataConfig", Json.obj("S3OutputPath", "s3://" + bucketName + "/" + TRAINING_PREFIX));
        definition.put("ResourceConfig", resourceConfig());
        definition.put("StoppingCondition.$", "$.capacity.stopping");
        definition.put("EnableManagedSpotTraining.$", "$.capacity.spot");

        CallAwsService create = CallAwsService.Builder.create(this, "StartTuningJob")
                .comment("Bayesian search over learning_rate, dropout, inner_size maximizing "
                        + TrainingLog.TUNING_OBJECTIVE)
                .service("sagemaker")
                .action("createHyperParameterTuningJob")
                .iamResources(List.of(arn("sagemaker", "hyper-parameter-tuning-job/" + JOB_PREFIX + "tune-*")))
                .parameters(Json.obj(
                        "HyperParameterTuningJobName", JsonPath.stringAt("$.tuning.name"),
                        "HyperParameterTuningJobConfig", Json.obj(
                                "Strategy", "Bayesian",
                                "HyperParameterTuningJobObjective", Json.obj(
                                        "Type", "Maximize", "MetricName", TrainingLog.TUNING_OBJECTIVE),
                                "ResourceLimits", Json.obj(
                                        "MaxNumberOfTrainingJobs", JsonPath.numberAt("$.config.tuningMaxJobs"),
                                        "MaxParallelTrainingJobs",
                                        JsonPath.numberAt("$.config.tuningMaxParallelJobs")),
                                "ParameterRanges", Json.obj(
                                        "ContinuousParameterRanges", CONTINUOUS_RANGES,
                                        "IntegerParameterRanges", INTEGER_RANGES)),
                        "TrainingJobDefinition", definition))
                .resultPath(JsonPath.DISCARD)
                .build();
        Fail tuningFailed = Fail.Builder.create(this, "TuningFailed")
                .error("TuningFailed")
                .causePath("$.error.Cause")
                .build();
        create.addRetry(sageMakerApiRetry());
        create.addCatch(tuningFailed, CatchProps.builder().resultPath("$.error").build());

        Wait wait = Wait.Builder.create(this, "WaitForTuning")
                .time(WaitTime.duration(Duration.minutes(5)))
                .build();
        CallAwsService describe = CallAwsService.Builder.create(this, "DescribeTuningJob")
                .service("sagemaker")
                .action("describeHyperParameterTuningJob")
                .iamResources(List.of(arn("sagemaker", "hyper-parameter-tuning-job/" + JOB_PREFIX + "tune-*")))
                .parameters(Json.obj("HyperParameterTuningJobName", JsonPath.stringAt("$.tuning.name")))
                .resultPath("$.tuning.state")
                .build();
        describe.addRetry(sageMakerApiRetry());
        describe.addCatch(tuningFailed, CatchProps.builder().resultPath("$.error").build());

        CallAwsService describeBest = CallAwsService.Builder.create(this, "DescribeBestTrainingJob")
                .comment("The best job's DescribeTrainingJob result goes through the same gate as a plain run")
                .service("sagemaker")
                .action("describeTrainingJob")
                .iamResources(List.of(arn("sagemaker", "training-job/" + JOB_PREFIX + "*")))
                .parameters(Json.obj("TrainingJobName", JsonPath.stringAt("$.tuning.state.BestTrainingJob.TrainingJobName")))
                .resultPath("$.training")
                .build();
        describeBest.addRetry(sageMakerApiRetry());
        describeBest.addCatch(tuningFailed, CatchProps.builder().resultPath("$.error").build());
        describeBest.next(gate);

        Fail tuningUnsuccessful = Fail.Builder.create(this, "TuningUnsuccessful")
                .error("TuningFailed")
                .causePath(JsonPath.format("Tuning job {} ended {} without a best training job",
                        JsonPath.stringAt("$.tuning.name"), JsonPath.stringAt("$.tuning.state.HyperParameterTuningJobStatus")))
                .build();
        Choice done = Choice.Builder.create(this, "TuningDone").build()
                .when(Condition.and(Condition.stringEquals("$.tuning.state.HyperParameterTuningJobStatus", "Completed"),
                        Condition.isPresent("$.tuning.state.BestTrainingJob.TrainingJobName")), describeBest)
                .when(Condition.or(Condition.stringEquals("$.tuning.state.HyperParameterTuningJobStatus", "Completed"),
                        Condition.stringEquals("$.tuning.state.HyperParameterTuningJobStatus", "Failed"),
                        Condition.stringEquals("$.tuning.state.HyperParameterTuningJobStatus", "Stopped")), tuningUnsuccessful)
                .otherwise(wait);
        wait.next(describe);
        describe.next(done);
        return name.next(create).next(wait);
    }

    private static RetryProps sageMakerApiRetry() {
        return RetryProps.builder()
                .errors(List.of("SageMaker.AmazonSageMakerException", "SageMaker.SdkClientException"))
                .interval(Duration.seconds(10)).maxAttempts(5).backoffRate(2).build();
    }

    private static RetryProps s3Retry() {
        return RetryProps.builder()
                .errors(List.of("S3.S3Exception", "S3.SdkClientException"))
                .interval(Duration.seconds(2)).maxAttempts(3).backoffRate(2).build();
    }

    /**
     * The quality gate: the new model's {@value TrainingLog#GATE_METRIC} (from FinalMetricDataList) must reach the
     * floor and the live pointer's testAccuracy; then the artifact is copied under {@code models/} (so it outlives
     * the expiry of {@code training/}) and the pointer is rewritten.
     */
    private IChainable gateAndPromote() {
        Fail noMetric = Fail.Builder.create(this, "NoTestMetric")
                .error("NoTestMetric")
                .cause("The training job reported no " + TrainingLog.GATE_METRIC
                        + " (is there a test channel, and does the job log test_accuracy=?); the live model is kept")
                .build();
        Choice hasMetrics = Choice.Builder.create(this, "HasMetrics").build();
        Pass extract = Pass.Builder.create(this, "ExtractTestAccuracy")
                .parameters(Json.obj("values", JsonPath.listAt("$.training.FinalMetricDataList[?(@.MetricName == '"
                        + TrainingLog.GATE_METRIC + "')].Value")))
                .resultPath("$.gate")
                .build();
        hasMetrics.when(Condition.isPresent("$.training.FinalMetricDataList"), extract).otherwise(noMetric);

        Pass select = Pass.Builder.create(this, "SelectTestAccuracy")
                .parameters(Json.obj("testAccuracy", JsonPath.numberAt("$.gate.values[0]")))
                .resultPath("$.gate")
                .build();
        Choice hasTestMetric = Choice.Builder.create(this, "HasTestMetric").build()
                .when(Condition.isPresent("$.gate.values[0]"), select)
                .otherwise(noMetric);
        extract.next(hasTestMetric);

        CallAwsService readLive = CallAwsService.Builder.create(this, "ReadLivePointer")
                .service("s3")
                .action("getObject")
                .iamResources(List.of(objectArn(POINTER_KEY)))
                .additionalIamStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("s3:ListBucket")) // so that a missing pointer is NoSuchKey, not AccessDenied
                        .resources(List.of(bucketArn()))
                        .build()))
                .parameters(Json.obj("Bucket", bucketName, "Key", POINTER_KEY))
                .resultSelector(Json.obj("pointer", JsonPath.stringToJson(JsonPath.stringAt("$.Body"))))
                .resultPath("$.live")
                .build();
        readLive.addRetry(s3Retry());
        Pass noLive = Pass.Builder.create(this, "NoLiveModel")
                .comment("No pointer yet: any model above the floor is promoted")
                .result(Result.fromObject(Json.obj("pointer", Json.obj("testAccuracy", 0))))
                .resultPath("$.live")
                .build();
        readLive.addCatch(noLive, CatchProps.builder()
                .errors(List.of("S3.NoSuchKeyException", "S3.NoSuchKey")).resultPath("$.error").build());
        select.next(readLive);

        CallAwsService copy = CallAwsService.Builder.create(this, "CopyArtifactToModels")
                .service("s3")
                .action("copyObject")
                .iamAction("s3:PutObject")
                .iamResources(List.of(objectArn(MODELS_PREFIX + JOB_PREFIX + "*")))
                .additionalIamStatements(List.of(PolicyStatement.Builder.create()
                        .effect(Effect.ALLOW)
                        .actions(List.of("s3:GetObject", "s3:GetObjectTagging"))
                        .resources(List.of(objectArn(TRAINING_PREFIX + JOB_PREFIX + "*/output/model.tar.gz")))
                        .build()))
                .parameters(Json.obj(
                        "Bucket", bucketName,
                        "CopySource", JsonPath.format(bucketName + "/" + TRAINING_PREFIX + "{}/output/model.tar.gz",
                                JsonPath.stringAt("$.training.TrainingJobName")),
                        "Key", JsonPath.format(MODELS_PREFIX + "{}/model.tar.gz",
                                JsonPath.stringAt("$.training.TrainingJobName"))))
                .resultPath(JsonPath.DISCARD)
                .build();
        copy.addRetry(s3Retry());

        Pass pointer = Pass.Builder.create(this, "BuildPointer")
                .comment("The ModelPointer JSON the function reads")
                .parameters(Json.obj(
                        "modelUri", JsonPath.format("s3://" + bucketName + "/" + MODELS_PREFIX + "{}/model.tar.gz",
                                JsonPath.stringAt("$.training.TrainingJobName")),
                        "modelVersion", JsonPath.stringAt("$.training.TrainingJobName"),
                        "testAccuracy", JsonPath.numberAt("$.gate.testAccuracy"),
                        "promotedAt", JsonPath.getStateEnteredTime()))
                .resultPath("$.pointer")
                .build();
        CallAwsService write = CallAwsService.Builder.create(this, "WritePointer")
                .service("s3")
                .action("putObject")
                .iamResources(List.of(objectArn(POINTER_KEY)))
                .parameters(Json.obj(
                        "Bucket", bucketName,
                        "Key", POINTER_KEY,
                        "ContentType", "application/json",
                        "Body", JsonPath.jsonToString(JsonPath.objectAt("$.pointer"))))
                .resultPath(JsonPath.DISCARD)
                .build();
        write.addRetry(s3Retry());
        Succeed promoted = Succeed.Builder.create(this, "Promoted")
                .comment("models/current.json names the new model; the function swaps to it on its next check")
                .outputPath("$.pointer")
                .build();

        Fail rejected = Fail.Builder.create(this, "ModelRejected")
                .error("ModelRejected")
                .causePath(JsonPath.format("{} reached " + TrainingLog.GATE_METRIC
                                + " {}; the live model has {} and the floor is {}: models/current.json is unchanged",
                        JsonPath.stringAt("$.training.TrainingJobName"), JsonPath.stringAt("$.gate.testAccuracy"),
                        JsonPath.stringAt("$.live.pointer.testAccuracy"),
                        JsonPath.stringAt("$.config.minTestAccuracy")))
                .build();
        Choice qualityGate = Choice.Builder.create(this, "QualityGate")
                .comment("Promote only a model at least as good as the live one and above the floor")
                .build()
                .when(Condition.and(
                        Condition.numberGreaterThanEqualsJsonPath("$.gate.testAccuracy", "$.config.minTestAccuracy"),
                        Condition.numberGreaterThanEqualsJsonPath("$.gate.testAccuracy",
                                "$.live.pointer.testAccuracy")), copy)
                .otherwise(rejected);
        readLive.next(qualityGate);
        noLive.next(qualityGate);
        copy.next(pointer).next(write).next(promoted);
        return hasMetrics;
    }

    // ---------------------------------------------------------------------------------------------- IAM

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

    private String arn(String service, String resource) {
        return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }

    private String bucketArn() {
        return bucket.getBucketArn();
    }

    private String objectArn(String key) {
        return bucket.arnForObjects(key);
    }
}
