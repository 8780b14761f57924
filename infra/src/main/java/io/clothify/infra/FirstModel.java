package io.clothify.infra;

import static io.clothify.model.contract.ModelStoreLayout.DEFAULT_MODEL_KEY;
import static io.clothify.model.contract.ModelStoreLayout.POINTER_KEY;

import io.clothify.model.contract.ModelPointer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * The model the API serves right after the first deploy: the repository's default artifact is uploaded as a file
 * asset, copied to {@value io.clothify.model.contract.ModelStoreLayout#DEFAULT_MODEL_KEY} (again whenever it
 * changes), and {@code models/current.json} is created pointing at it, only if no pointer exists yet (a conditional
 * write), so a redeploy never demotes a promoted model.
 */
public final class FirstModel extends Construct {

    /** {@code promotedAt} of the shipped model: it was never promoted, and a fixed value keeps synth deterministic. */
    static final String SHIPPED_AT = "1970-01-01T00:00:00Z";

    /**
     * @param store the model bucket
     * @param artifact the default model.tar.gz (must exist)
     * @param testAccuracy the artifact's test accuracy, written to the first pointer for the quality gate
     */
    public record FirstModelProps(ModelStore store, Path artifact, double testAccuracy) {
        public FirstModelProps {
            if (!Files.isRegularFile(artifact)) {
                throw new IllegalArgumentException("No default model artifact at " + artifact);
            }
        }
    }

    private final String modelVersion;

    public FirstModel(Construct scope, String id, FirstModelProps props) {
        super(scope, id);
        var bucket = props.store().bucket();
        Asset artifact = Asset.Builder.create(this, "Artifact").path(props.artifact().toString()).build();
        this.modelVersion = "default-" + artifact.getAssetHash().substring(0, 12);

        AwsSdkCall copy = AwsSdkCall.builder()
                .service("S3")
                .action("copyObject")
                .parameters(Json.obj(
                        "Bucket", bucket.getBucketName(),
                        "Key", DEFAULT_MODEL_KEY,
                        "CopySource", artifact.getS3BucketName() + "/" + artifact.getS3ObjectKey()))
                .physicalResourceId(PhysicalResourceId.of(DEFAULT_MODEL_KEY))
                .build();
        AwsCustomResource copyResource = AwsCustomResource.Builder.create(this, "CopyDefaultModel")
                .onCreate(copy)
                .onUpdate(copy)
                .installLatestAwsSdk(false)
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(
                        PolicyStatement.Builder.create()
                                .actions(List.of("s3:GetObject"))
                                .resources(List.of(artifact.getBucket().arnForObjects(artifact.getS3ObjectKey())))
                                .build(),
                        PolicyStatement.Builder.create()
                                .actions(List.of("s3:PutObject"))
                                .resources(List.of(bucket.arnForObjects(DEFAULT_MODEL_KEY)))
                                .build())))
                .build();

        ModelPointer pointer = new ModelPointer(props.store().s3Uri(DEFAULT_MODEL_KEY), modelVersion,
                props.testAccuracy(), SHIPPED_AT);
        AwsCustomResource pointerResource = AwsCustomResource.Builder.create(this, "InitialPointer")
                .onCreate(AwsSdkCall.builder()
                        .service("S3")
                        .action("putObject")
                        .parameters(Json.obj(
                                "Bucket", bucket.getBucketName(),
                                "Key", POINTER_KEY,
                                "ContentType", "application/json",
                                "IfNoneMatch", "*",
                                "Body", new String(pointer.toJson(), StandardCharsets.UTF_8)))
                        .physicalResourceId(PhysicalResourceId.of(POINTER_KEY))
                        // A pointer already exists (a promoted model, or a retained bucket): keep it.
                        .ignoreErrorCodesMatching("PreconditionFailed|ConditionalRequestConflict")
                        .build())
                .installLatestAwsSdk(false)
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("s3:PutObject"))
                        .resources(List.of(bucket.arnForObjects(POINTER_KEY)))
                        .build())))
                .build();
        pointerResource.getNode().addDependency(copyResource);

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

    /** The version name of the shipped model in the first pointer. */
    public String modelVersion() {
        return modelVersion;
    }
}
