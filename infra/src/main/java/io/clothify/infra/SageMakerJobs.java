package io.clothify.infra;

import static io.clothify.model.contract.ModelStoreLayout.CHECKPOINTS_PREFIX;
import static io.clothify.model.contract.ModelStoreLayout.TRAINING_PREFIX;

import io.clothify.model.contract.Hyperparameter;
import io.clothify.model.contract.Hyperparameter.TunedRange;
import io.clothify.model.contract.TrainingChannels;
import io.clothify.model.contract.TrainingLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.CustomState;
import software.amazon.awscdk.services.stepfunctions.CustomStateProps;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Wait;
import software.amazon.awscdk.services.stepfunctions.WaitTime;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.constructs.Construct;

/**
 * The pipeline's SageMaker work: one training job ({@code createTrainingJob.sync}) or one hyperparameter tuning job
 * (started, then polled), both built from ONE training-job definition. Every failure path stops the job it started
 * (StopTrainingJob / StopHyperParameterTuningJob, whose own failure, e.g. on a job that already ended, is ignored)
 * before ending in a named Fail state, so a failed execution leaves nothing running and billing.
 *
 * <p>The create calls are never retried: a retry after a create that reached SageMaker would fail on the existing
 * name while the first job ran on. Describe and Stop calls, which change nothing, retry on transient errors.
 */
final class SageMakerJobs extends Construct {

    /** Tuned hyperparameters and their ranges (the contract's); they must not also be passed as static ones. */
    static final List<Map<String, Object>> CONTINUOUS_RANGES = ranges(false);
    static final List<Map<String, Object>> INTEGER_RANGES = ranges(true);
    /** The names in the ranges above. */
    static final List<String> TUNED = Hyperparameter.TUNED_NAMES;

    /** A training job's hyperparameters: its time limit, then the recipe and the input's (see PipelineInput). */
    static final String JOB_HYPERPARAMETERS = "States.JsonMerge($.capacity.hyperparameters, $.hyperparameters, false)";
    /** A tuning job's static hyperparameters: the same without the tuned ones. */
    static final String STATIC_HYPERPARAMETERS =
            "States.JsonMerge($.capacity.hyperparameters, $.staticHyperparameters, false)";

    private final TrainingPipeline pipeline;
    private final IChainable train;
    private final IChainable tune;

    /** @param gate where a finished job's DescribeTrainingJob result ({@code $.training}) goes */
    SageMakerJobs(TrainingPipeline pipeline, String id, IChainable gate) {
        super(pipeline, id);
        this.pipeline = pipeline;
        this.train = training(gate);
        this.tune = tuning(gate);
    }

    IChainable train() {
        return train;
    }

    IChainable tune() {
        return tune;
    }

    // ------------------------------------------------------------------------------------------------ training

    private IChainable training(IChainable gate) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("TrainingJobName.$", "$.jobName");
        parameters.put("HyperParameters.$", JOB_HYPERPARAMETERS);
        parameters.putAll(jobDefinition(true));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Type", "Task");
        state.put("Comment", "SageMaker training job with the project's training image (run-job .sync); not retried:"
                + " a second CreateTrainingJob with the same name would fail while the first job runs on");
        state.put("Resource", "arn:" + pipeline.partition() + ":states:::sagemaker:createTrainingJob.sync");
        state.put("Parameters", parameters);
        state.put("ResultPath", "$.training");
        CustomState train = new CustomState(this, "TrainModel", CustomStateProps.builder().stateJson(state).build());

        Fail failed = Fail.Builder.create(this, "TrainingFailed").error("TrainingFailed").causePath("$.error.Cause")
                .build();
        CallAwsService stop = stop("StopTrainingJob", "stopTrainingJob", "training-job/" + TrainingPipeline.JOB_PREFIX
                + "*", Json.obj("TrainingJobName", JsonPath.stringAt("$.jobName")), failed);
        train.addCatch(stop, CatchProps.builder().errors(AwsErrors.ALL).resultPath("$.error").build());
        train.next(gate);
        return train;
    }

    /**
     * The training-job definition both job kinds share (CreateTrainingJob's fields, which tuning's
     * TrainingJobDefinition takes under the same names).
     */
    private Map<String, Object> jobDefinition(boolean checkpoints) {
        List<Map<String, Object>> metrics = new ArrayList<>();
        new TreeMap<>(TrainingLog.METRIC_REGEXES).forEach((name, regex) ->
                metrics.add(Json.obj("Name", name, "Regex", regex)));
        String bucket = pipeline.bucketName();
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("RoleArn", pipeline.sageMakerRole().getRoleArn());
        definition.put("AlgorithmSpecification", Json.obj(
                "TrainingImage", pipeline.trainingImageUri(),
                "TrainingInputMode", "File",
                "MetricDefinitions", metrics));
        definition.put("InputDataConfig.$", "$.inputs.list");
        definition.put("Environment", Json.obj(TrainingChannels.DATASET_NAME_ENV + ".$", "$.config.dataset"));
        definition.put("OutputDataConfig", Json.obj("S3OutputPath", "s3://" + bucket + "/" + TRAINING_PREFIX));
        if (checkpoints) {
            definition.put("CheckpointConfig", Json.obj("S3Uri.$",
                    "States.Format('s3://" + bucket + "/" + CHECKPOINTS_PREFIX + "{}/', $.jobName)"));
        }
        definition.put("ResourceConfig", Json.obj(
                "InstanceCount", 1,
                "InstanceType.$", "$.config.instanceType",
                "VolumeSizeInGB.$", "$.config.volumeSizeGb"));
        definition.put("StoppingCondition.$", "$.capacity.stopping");
        definition.put("EnableManagedSpotTraining.$", "$.capacity.spot");
        definition.put("EnableNetworkIsolation", pipeline.networkIsolation());
        return definition;
    }

    // ------------------------------------------------------------------------------------------------ tuning

    private IChainable tuning(IChainable gate) {
        String tuningJobs = "hyper-parameter-tuning-job/" + TrainingPipeline.JOB_PREFIX + "tune-*";
        Pass name = Pass.Builder.create(this, "NameTuningJob")
                .comment("Tuning job names are at most 32 characters")
                .parameters(Json.obj("name", JsonPath.format(TrainingPipeline.JOB_PREFIX + "tune-{}",
                        JsonPath.arrayGetItem(JsonPath.stringSplit(JsonPath.uuid(), "-"), 0))))
                .resultPath("$.tuning")
                .build();

        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("StaticHyperParameters.$", STATIC_HYPERPARAMETERS);
        definition.putAll(jobDefinition(false));
        Fail failed = Fail.Builder.create(this, "TuningFailed").error("TuningFailed").causePath("$.error.Cause")
                .build();
        CallAwsService stop = stop("StopTuningJob", "stopHyperParameterTuningJob", tuningJobs,
                Json.obj("HyperParameterTuningJobName", JsonPath.stringAt("$.tuning.name")), failed);
        CatchProps catchAll = CatchProps.builder().errors(AwsErrors.ALL).resultPath("$.error").build();

        CallAwsService create = CallAwsService.Builder.create(this, "StartTuningJob")
                .comment("Bayesian search over " + String.join(", ", TUNED) + " maximizing "
                        + TrainingLog.TUNING_OBJECTIVE + "; not retried (a retry would meet its own name)")
                .service("sagemaker")
                .action("createHyperParameterTuningJob")
                .iamResources(List.of(pipeline.arn("sagemaker", tuningJobs)))
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
        create.addCatch(stop, catchAll);

        Wait wait = Wait.Builder.create(this, "WaitForTuning").time(WaitTime.duration(Duration.minutes(5))).build();
        CallAwsService describe = CallAwsService.Builder.create(this, "DescribeTuningJob")
                .service("sagemaker")
                .action("describeHyperParameterTuningJob")
                .iamResources(List.of(pipeline.arn("sagemaker", tuningJobs)))
                .parameters(Json.obj("HyperParameterTuningJobName", JsonPath.stringAt("$.tuning.name")))
                .resultPath("$.tuning.state")
                .build();
        describe.addRetry(AwsErrors.sageMakerRetry());
        describe.addCatch(stop, catchAll);

        CallAwsService describeBest = describeTrainingJob(this, "DescribeBestTrainingJob",
                "$.tuning.state.BestTrainingJob.TrainingJobName");
        describeBest.addCatch(failed, catchAll); // the tuning job has ended: nothing to stop
        describeBest.next(gate);

        String status = "$.tuning.state.HyperParameterTuningJobStatus";
        Fail unsuccessful = Fail.Builder.create(this, "TuningUnsuccessful")
                .error("TuningFailed")
                .causePath(JsonPath.format("Tuning job {} ended {} without a best training job",
                        JsonPath.stringAt("$.tuning.name"), JsonPath.stringAt(status)))
                .build();
        Choice done = Choice.Builder.create(this, "TuningDone").build()
                .when(Condition.and(Condition.stringEquals(status, "Completed"),
                        Condition.isPresent("$.tuning.state.BestTrainingJob.TrainingJobName")), describeBest)
                .when(Condition.or(Condition.stringEquals(status, "Completed"), Condition.stringEquals(status, "Failed"),
                        Condition.stringEquals(status, "Stopped")), unsuccessful)
                .otherwise(wait);
        wait.next(describe);
        describe.next(done);
        return name.next(create).next(wait);
    }

    private static List<Map<String, Object>> ranges(boolean integer) {
        return Hyperparameter.TUNED.stream().filter(range -> range.integer() == integer)
                .map(range -> Json.obj("Name", range.name(), "MinValue", range.min(), "MaxValue", range.max(),
                        "ScalingType", range.scaling()))
                .toList();
    }

    /** DescribeTrainingJob into {@code $.training}: the same shape a {@code .sync} training state returns. */
    CallAwsService describeTrainingJob(Construct scope, String id, String jobNamePath) {
        CallAwsService describe = CallAwsService.Builder.create(scope, id)
                .service("sagemaker")
                .action("describeTrainingJob")
                .iamResources(List.of(pipeline.arn("sagemaker", "training-job/" + TrainingPipeline.JOB_PREFIX + "*")))
                .parameters(Json.obj("TrainingJobName", JsonPath.stringAt(jobNamePath)))
                .resultPath("$.training")
                .build();
        describe.addRetry(AwsErrors.sageMakerRetry());
        return describe;
    }

    /** Stops a job on a failure path, then fails; a Stop that fails (the job already ended) still fails cleanly. */
    private CallAwsService stop(String id, String action, String resource, Map<String, Object> parameters,
            Fail failed) {
        CallAwsService stop = CallAwsService.Builder.create(this, id)
                .comment("Leave nothing running: stop the job this execution started")
                .service("sagemaker")
                .action(action)
                .iamResources(List.of(pipeline.arn("sagemaker", resource)))
                .parameters(parameters)
                .resultPath(JsonPath.DISCARD)
                .build();
        stop.addRetry(AwsErrors.sageMakerRetry());
        stop.addCatch(failed, CatchProps.builder().errors(AwsErrors.ALL).resultPath("$.stopError").build());
        stop.next(failed);
        return stop;
    }
}
