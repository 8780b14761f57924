package io.clothify.infra;

import static io.clothify.model.contract.ModelStoreLayout.POINTER_KEY;

import io.clothify.model.contract.ModelPointer;
import io.clothify.model.contract.ModelStoreLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * The model the API serves right after the first deploy. The repository's default artifact is uploaded as a file
 * asset and copied to its content-addressed key ({@code models/default-<sha256 prefix>/model.tar.gz}), so a key
 * never changes its bytes under a pointer that names it. On the first deploy {@code models/current.json} is
 * created pointing at it, only if no pointer exists yet (a conditional write). When a later deploy ships a new
 * default, the pipeline is started with {@code action: adopt-default}: it moves the pointer to the new default
 * only when the live model is a shipped default (never a promoted one), through the pipeline's conditional write.
 */
public final class FirstModel extends Construct {

    /** {@code promotedAt} of the shipped model: it was never promoted, and a fixed value keeps synth deterministic. */
    static final String SHIPPED_AT = "1970-01-01T00:00:00Z";

    /**
     * @param store the model bucket
     * @param artifact the default model.tar.gz (must exist)
     * @param shipped what the artifact says about itself (hash, test accuracy)
     * @param testAccuracy the test accuracy written to the pointer for the quality gate
     * @param pipeline the retraining state machine, which adopts a new default on redeploy
     * @param logGroup where CDK's custom-resource function logs (with retention; deleted with the stack)
     */
    public record FirstModelProps(ModelStore store, Path artifact, ShippedArtifact shipped, double testAccuracy,
            IStateMachine pipeline, ILogGroup logGroup) {
        public FirstModelProps {
            if (!Files.isRegularFile(artifact)) {
                throw new IllegalArgumentException("No default model artifact at " + artifact);
            }
        }
    }

    private final String modelVersion;
    private final String key;

    public FirstModel(Construct scope, String id, FirstModelProps props) {
        super(scope, id);
        var bucket = props.store().bucket();
        Asset artifact = Asset.Builder.create(this, "Artifact").path(props.artifact().toString()).build();
        this.key = ModelStoreLayout.defaultModelKey(props.shipped().shortHash());
        this.modelVersion = ModelStoreLayout.DEFAULT_MODEL_PREFIX + props.shipped().shortHash();

        AwsSdkCall copy = AwsSdkCall.builder()
                .service("S3")
                .action("copyObject")
                .parameters(Json.obj(
                        "Bucket", bucket.getBucketName(),
                        "Key", key,
                        "CopySource", artifact.getS3BucketName() + "/" + artifact.getS3ObjectKey()))
                .physicalResourceId(PhysicalResourceId.of(key))
                .build();
        AwsCustomResource copyResource = AwsCustomResource.Builder.create(this, "CopyDefaultModel")
                .onCreate(copy)
                .onUpdate(copy)
                .installLatestAwsSdk(false)
                .logGroup(props.logGroup())
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(
                        PolicyStatement.Builder.create()
                                .actions(List.of("s3:GetObject"))
                                .resources(List.of(artifact.getBucket().arnForObjects(artifact.getS3ObjectKey())))
                                .build(),
                        PolicyStatement.Builder.create()
                                .actions(List.of("s3:PutObject"))
                                .resources(List.of(bucket.arnForObjects(key)))
                                .build())))
                .build();

        ModelPointer pointer = new ModelPointer(props.store().s3Uri(key), modelVersion, props.testAccuracy(),
                SHIPPED_AT);
        String body = new String(pointer.toJson(), StandardCharsets.UTF_8);
        AwsCustomResource pointerResource = AwsCustomResource.Builder.create(this, "InitialPointer")
                .onCreate(AwsSdkCall.builder()
                        .service("S3")
                        .action("putObject")
                        .parameters(Json.obj(
                                "Bucket", bucket.getBucketName(),
                                "Key", POINTER_KEY,
                                "ContentType", "application/json",
                                "IfNoneMatch", "*",
                                "Body", body))
                        .physicalResourceId(PhysicalResourceId.of(POINTER_KEY))
                        // A pointer already exists (a promoted model, or a retained bucket): keep it.
                        .ignoreErrorCodesMatching("PreconditionFailed|ConditionalRequestConflict")
                        .build())
                .installLatestAwsSdk(false)
                .logGroup(props.logGroup())
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("s3:PutObject"))
                        .resources(List.of(bucket.arnForObjects(POINTER_KEY)))
                        .build())))
                .build();
        pointerResource.getNode().addDependency(copyResource);

        // A deploy that ships another default (or meets a retained bucket): the pipeline moves the pointer only if
        // the live model is a shipped default. Run on create too (CDK's default for onCreate), as a no-op when the
        // pointer already names this default.
        AwsCustomResource adopt = AwsCustomResource.Builder.create(this, "AdoptNewDefault")
                .onUpdate(AwsSdkCall.builder()
                        .service("SFN")
                        .action("startExecution")
                        .parameters(Json.obj(
                                "stateMachineArn", props.pipeline().getStateMachineArn(),
                                "input", "{\"action\":\"" + GateAndPromotion.ADOPT_DEFAULT + "\",\"defaultPointer\":"
                                        + body + "}"))
                        .physicalResourceId(PhysicalResourceId.of(modelVersion))
                        .build())
                .installLatestAwsSdk(false)
                .logGroup(props.logGroup())
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("states:StartExecution"))
                        .resources(List.of(props.pipeline().getStateMachineArn()))
                        .build())))
                .build();
        adopt.getNode().addDependency(pointerResource);

        // AwsCustomResource runs one shared Lambda function per stack; its role is CDK's.
        var provider = Stack.of(this).getNode().tryFindChild(
                "AWS" + AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", ""));
        if (provider != null) {
            Acknowledgments.acknowledge(provider, "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/"
                            + "service-role/AWSLambdaBasicExecutionRole]",
                    "CDK's AwsCustomResource function, run only at deploy; the managed policy lets it write its own"
                            + " logs (CreateLogGroup/CreateLogStream/PutLogEvents) and nothing else.");
        }
    }

    /** The version name of the shipped model in the first pointer: {@code default-<sha256 prefix>}. */
    public String modelVersion() {
        return modelVersion;
    }

    /** The shipped model's content-addressed key. */
    public String key() {
        return key;
    }
}
