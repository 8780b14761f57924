package io.clothify.infra;

import static io.clothify.model.contract.ModelStoreLayout.DEFAULT_MODEL_PREFIX;
import static io.clothify.model.contract.ModelStoreLayout.MODELS_PREFIX;
import static io.clothify.model.contract.ModelStoreLayout.POINTER_KEY;
import static io.clothify.model.contract.ModelStoreLayout.TRAINING_OUTPUT_SUFFIX;
import static io.clothify.model.contract.ModelStoreLayout.TRAINING_PREFIX;

import io.clothify.model.contract.ArtifactFiles;
import io.clothify.model.contract.TrainingLog;
import java.util.List;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Result;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.constructs.Construct;

/**
 * The quality gate and every write of {@code models/current.json}. A candidate ({@code $.training}, a
 * DescribeTrainingJob result) passes when its {@value TrainingLog#GATE_METRIC} reaches the floor and the live
 * pointer's testAccuracy, or when the execution is an explicit {@code promote}; {@code rollback} restores the
 * pointer's previous S3 version. All three end in the same conditional write: {@code IfMatch} the ETag read with the
 * live pointer ({@code IfNoneMatch: "*"} when there was none). When another writer got there first (412/409) the
 * pointer is read again and the gate decides again, so a worse model can never overwrite a better one.
 */
final class GateAndPromotion extends Construct {
    static final String PROMOTE = "promote";
    static final String ROLLBACK = "rollback";
    /** Started by a redeploy that ships a new default model (see FirstModel). */
    static final String ADOPT_DEFAULT = "adopt-default";
    /** The success output's one-line summary, which {@code retrain --wait} prints; also the rejection's cause. */
    static final String SUMMARY = "candidate={} candidateAccuracy={} live={} liveAccuracy={}";

    private final TrainingPipeline pipeline;
    private final Choice hasMetrics;
    private final CallAwsService readLive;

    GateAndPromotion(TrainingPipeline pipeline, String id) {
        super(pipeline, id);
        this.pipeline = pipeline;
        Fail noMetric = Fail.Builder.create(this, "NoTestMetric")
                .error("NoTestMetric")
                .cause("The training job is not Completed or reported no " + TrainingLog.GATE_METRIC
                        + " (is there a test channel, and does the job log test_accuracy=?); the live model is kept")
                .build();
        this.hasMetrics = Choice.Builder.create(this, "HasMetrics").build();
        Pass extract = Pass.Builder.create(this, "ExtractTestAccuracy")
                .parameters(Json.obj("values", JsonPath.listAt(GateExpressions.TEST_ACCURACY_VALUES)))
                .resultPath("$.gate")
                .build();
        hasMetrics.when(Condition.and(Condition.stringEquals("$.training.TrainingJobStatus", "Completed"),
                Condition.isPresent("$.training.FinalMetricDataList")), extract).otherwise(noMetric);
        Pass select = Pass.Builder.create(this, "SelectTestAccuracy")
                .parameters(Json.obj("testAccuracy", JsonPath.numberAt("$.gate.values[0]")))
                .resultPath("$.gate")
                .build();
        extract.next(Choice.Builder.create(this, "HasTestMetric").build()
                .when(Condition.isPresent("$.gate.values[0]"), select)
                .otherwise(noMetric));

        this.readLive = CallAwsService.Builder.create(this, "ReadLivePointer")
                .comment("The live pointer and its ETag, which the write below must still match")
                .service("s3")
                .action("getObject")
                .iamResources(List.of(pipeline.objectArn(POINTER_KEY)))
                .additionalIamStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("s3:ListBucket")) // so that a missing pointer is NoSuchKey, not AccessDenied
                        .resources(List.of(pipeline.bucketArn()))
                        .build()))
                .parameters(Json.obj("Bucket", pipeline.bucketName(), "Key", POINTER_KEY))
                .resultSelector(Json.obj(
                        "pointer", JsonPath.stringToJson(JsonPath.stringAt("$.Body")),
                        "etag", JsonPath.stringAt("$.ETag")))
                .resultPath("$.live")
                .build();
        readLive.addRetry(AwsErrors.s3Retry());
        Pass noLive = Pass.Builder.create(this, "NoLiveModel")
                .comment("No pointer yet: any model above the floor is promoted, written with IfNoneMatch \"*\"")
                .result(Result.fromObject(Json.obj("pointer", Json.obj("modelVersion", "none", "testAccuracy", 0))))
                .resultPath("$.live")
                .build();
        readLive.addCatch(noLive, CatchProps.builder().errors(AwsErrors.S3_NO_SUCH_KEY).resultPath("$.error").build());
        select.next(readLive);

        IChainable write = conditionalWrite();
        IChainable copy = copyAndBuildPointer(write);
        Fail rejected = Fail.Builder.create(this, "ModelRejected")
                .error("ModelRejected")
                .causePath(JsonPath.format("verdict=rejected " + SUMMARY + " floor={}: " + POINTER_KEY
                                + " is unchanged",
                        JsonPath.stringAt("$.training.TrainingJobName"), JsonPath.stringAt("$.gate.testAccuracy"),
                        JsonPath.stringAt("$.live.pointer.modelVersion"),
                        JsonPath.stringAt("$.live.pointer.testAccuracy"),
                        JsonPath.stringAt("$.config.minTestAccuracy")))
                .build();
        Choice gate = Choice.Builder.create(this, "QualityGate")
                .comment("Promote a model at least as good as the live one and above the floor, or on an explicit"
                        + " promote (logged in the execution and in the pointer's promotedBy)")
                .build()
                .when(Condition.stringEquals("$.config.action", PROMOTE), copy)
                .when(Condition.and(
                        Condition.numberGreaterThanEqualsJsonPath("$.gate.testAccuracy", "$.config.minTestAccuracy"),
                        Condition.numberGreaterThanEqualsJsonPath("$.gate.testAccuracy",
                                "$.live.pointer.testAccuracy")), copy)
                .otherwise(rejected);
        Choice afterRead = Choice.Builder.create(this, "GateRollbackOrAdopt").build()
                .when(Condition.stringEquals("$.config.action", ROLLBACK), rollback(write))
                .when(Condition.stringEquals("$.config.action", ADOPT_DEFAULT), adoptDefault(write))
                .otherwise(gate);
        readLive.next(afterRead);
        noLive.next(afterRead);
    }

    /** Where a finished job's DescribeTrainingJob result ({@code $.training}) enters. */
    IChainable gate() {
        return hasMetrics;
    }

    /** Where {@code rollback} and {@code adopt-default} enter. */
    IChainable readLive() {
        return readLive;
    }

    private IChainable copyAndBuildPointer(IChainable write) {
        CallAwsService copy = CallAwsService.Builder.create(this, "CopyArtifactToModels")
                .comment("models/<job>/ outlives the expiry of training/")
                .service("s3")
                .action("copyObject")
                .iamAction("s3:PutObject")
                .iamResources(List.of(pipeline.objectArn(MODELS_PREFIX + TrainingPipeline.JOB_PREFIX + "*")))
                .additionalIamStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("s3:GetObject", "s3:GetObjectTagging"))
                        .resources(List.of(pipeline.objectArn(TRAINING_PREFIX + TrainingPipeline.JOB_PREFIX
                                + "*" + TRAINING_OUTPUT_SUFFIX)))
                        .build()))
                .parameters(Json.obj(
                        "Bucket", pipeline.bucketName(),
                        "CopySource", JsonPath.format(pipeline.bucketName() + "/" + TRAINING_PREFIX
                                + "{}" + TRAINING_OUTPUT_SUFFIX, JsonPath.stringAt("$.training.TrainingJobName")),
                        "Key", JsonPath.format(MODELS_PREFIX + "{}/" + ArtifactFiles.ARCHIVE_NAME,
                                JsonPath.stringAt("$.training.TrainingJobName"))))
                .resultPath(JsonPath.DISCARD)
                .build();
        copy.addRetry(AwsErrors.s3Retry());
        Pass pointer = Pass.Builder.create(this, "BuildPointer")
                .comment("The ModelPointer JSON the function reads; promotedBy says whether the gate or a person did")
                .parameters(Json.obj(
                        "modelUri", JsonPath.format("s3://" + pipeline.bucketName() + "/" + MODELS_PREFIX
                                + "{}/" + ArtifactFiles.ARCHIVE_NAME, JsonPath.stringAt("$.training.TrainingJobName")),
                        "modelVersion", JsonPath.stringAt("$.training.TrainingJobName"),
                        "testAccuracy", JsonPath.numberAt("$.gate.testAccuracy"),
                        "promotedAt", JsonPath.getStateEnteredTime(),
                        "promotedBy", JsonPath.format("{} by execution {}", JsonPath.stringAt("$.config.action"),
                                JsonPath.getExecutionName())))
                .resultPath("$.pointer")
                .build();
        copy.next(pointer).next(write);
        return copy;
    }

    /** Restores the pointer's previous S3 version (the bucket is versioned; versions are listed newest first). */
    private IChainable rollback(IChainable write) {
        CallAwsService list = CallAwsService.Builder.create(this, "ListPointerVersions")
                .service("s3")
                .action("listObjectVersions")
                .iamAction("s3:ListBucketVersions")
                .iamResources(List.of(pipeline.bucketArn()))
                .parameters(Json.obj("Bucket", pipeline.bucketName(), "Prefix", POINTER_KEY, "MaxKeys", 2))
                .resultSelector(Json.obj("versions", JsonPath.listAt(GateExpressions.POINTER_VERSIONS)))
                .resultPath("$.rollback")
                .build();
        list.addRetry(AwsErrors.s3Retry());
        CallAwsService previous = CallAwsService.Builder.create(this, "ReadPreviousPointer")
                .service("s3")
                .action("getObject")
                .iamAction("s3:GetObjectVersion")
                .iamResources(List.of(pipeline.objectArn(POINTER_KEY)))
                .parameters(Json.obj("Bucket", pipeline.bucketName(), "Key", POINTER_KEY,
                        "VersionId", JsonPath.stringAt(GateExpressions.PREVIOUS_VERSION_ID)))
                .resultSelector(Json.obj("pointer", JsonPath.stringToJson(JsonPath.stringAt("$.Body"))))
                .resultPath("$.restored")
                .build();
        previous.addRetry(AwsErrors.s3Retry());
        Pass restore = Pass.Builder.create(this, "RestorePreviousPointer")
                .inputPath("$.restored.pointer")
                .resultPath("$.pointer")
                .build();
        Fail nothing = Fail.Builder.create(this, "NothingToRollBack")
                .error("NothingToRollBack")
                .cause(POINTER_KEY + " has no previous version to restore")
                .build();
        list.next(Choice.Builder.create(this, "HasPreviousPointer").build()
                .when(Condition.isPresent(GateExpressions.PREVIOUS_VERSION_ID), previous)
                .otherwise(nothing));
        previous.next(restore).next(write);
        return list;
    }

    /**
     * A redeploy shipped a new default: the pointer moves to it only when the live model is a shipped default
     * ({@code default-...}) or there is none; a promoted model stays live.
     */
    private IChainable adoptDefault(IChainable write) {
        Pass adopt = Pass.Builder.create(this, "UseNewDefault")
                .inputPath("$.config.defaultPointer")
                .resultPath("$.pointer")
                .build();
        adopt.next(write);
        Succeed keep = Succeed.Builder.create(this, "KeepPromotedModel")
                .comment("The live model was promoted: a new shipped default does not replace it")
                .build();
        Succeed already = Succeed.Builder.create(this, "DefaultAlreadyLive").build();
        return Choice.Builder.create(this, "LiveIsADefault").build()
                .when(Condition.stringEqualsJsonPath("$.live.pointer.modelVersion",
                        "$.config.defaultPointer.modelVersion"), already)
                .when(Condition.or(
                        Condition.stringMatches("$.live.pointer.modelVersion", DEFAULT_MODEL_PREFIX + "*"),
                        Condition.stringEquals("$.live.pointer.modelVersion", "none")), adopt)
                .otherwise(keep);
    }

    /**
     * The one write of the pointer: conditional on the ETag read by ReadLivePointer; on 412/409 back to that read
     * (and so back to the gate) instead of overwriting what another execution promoted meanwhile.
     */
    private IChainable conditionalWrite() {
        Pass lost = Pass.Builder.create(this, "PointerChangedMeanwhile")
                .comment("Another execution wrote the pointer after our read: read it again and gate again")
                .resultPath(JsonPath.DISCARD)
                .build();
        lost.next(readLive);
        CallAwsService ifMatch = write("WritePointerIfMatch", "IfMatch", JsonPath.stringAt("$.live.etag"), lost);
        CallAwsService ifNoneMatch = write("WritePointerIfNoneMatch", "IfNoneMatch", "*", lost);

        Pass verdict = Pass.Builder.create(this, "Verdict")
                .comment("What retrain --wait prints")
                .parameters(Json.obj(
                        "summary", JsonPath.format("verdict=promoted action={} " + SUMMARY, JsonPath.stringAt("$.config.action"),
                                JsonPath.stringAt("$.pointer.modelVersion"), JsonPath.stringAt("$.pointer.testAccuracy"),
                                JsonPath.stringAt("$.live.pointer.modelVersion"),
                                JsonPath.stringAt("$.live.pointer.testAccuracy")),
                        "pointer", JsonPath.objectAt("$.pointer"),
                        "previous", JsonPath.objectAt("$.live.pointer")))
                .build();
        Succeed done = Succeed.Builder.create(this, "Promoted")
                .comment(POINTER_KEY + " names the new model; the function swaps to it on its next check")
                .build();
        ifMatch.next(verdict);
        ifNoneMatch.next(verdict);
        verdict.next(done);
        return Choice.Builder.create(this, "HadLivePointer").build()
                .when(Condition.isPresent("$.live.etag"), ifMatch)
                .otherwise(ifNoneMatch);
    }

    private CallAwsService write(String id, String condition, String value, IChainable lost) {
        CallAwsService write = CallAwsService.Builder.create(this, id)
                .service("s3")
                .action("putObject")
                .iamResources(List.of(pipeline.objectArn(POINTER_KEY)))
                .parameters(Json.obj(
                        "Bucket", pipeline.bucketName(),
                        "Key", POINTER_KEY,
                        "ContentType", "application/json",
                        condition, value,
                        "Body", JsonPath.jsonToString(JsonPath.objectAt("$.pointer"))))
                .resultPath(JsonPath.DISCARD)
                .build();
        write.addRetry(AwsErrors.s3Retry());
        write.addCatch(lost, CatchProps.builder().errors(AwsErrors.S3_CONDITION_LOST).resultPath("$.error").build());
        return write;
    }
}
