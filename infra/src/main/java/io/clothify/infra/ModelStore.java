package io.clothify.infra;

import static io.clothify.model.contract.ModelStoreLayout.CHECKPOINTS_PREFIX;
import static io.clothify.model.contract.ModelStoreLayout.DATA_PREFIX;
import static io.clothify.model.contract.ModelStoreLayout.MODELS_PREFIX;
import static io.clothify.model.contract.ModelStoreLayout.TRAINING_PREFIX;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The one bucket of the promotion contract ({@link io.clothify.model.contract.ModelStoreLayout}): training data,
 * SageMaker outputs and checkpoints, promoted models and the {@code models/current.json} pointer. Encrypted, private,
 * TLS-only and versioned (the pointer's history is the rollback); old training outputs and checkpoints expire,
 * promoted models (copied under {@code models/}) do not.
 *
 * <p>Server access logs go to a second bucket that expires them. What {@code cdk destroy} does is
 * {@link ModelStoreProps#retainData()}: by default both buckets are emptied and deleted.
 */
public final class ModelStore extends Construct {

    /**
     * @param retainData keep both buckets and their objects when the stack is destroyed
     * @param trainingOutputDays days after which {@code training/} objects (every job's raw output) expire
     * @param checkpointDays days after which {@code checkpoints/} objects expire
     * @param noncurrentVersionDays days a replaced object version (an old pointer) is kept for rollback
     * @param accessLogDays days server access logs are kept
     */
    public record ModelStoreProps(boolean retainData, int trainingOutputDays, int checkpointDays,
            int noncurrentVersionDays, int accessLogDays) {
        public ModelStoreProps {
            if (trainingOutputDays < 1 || checkpointDays < 1 || noncurrentVersionDays < 1 || accessLogDays < 1) {
                throw new IllegalArgumentException("Expiry periods must be at least one day");
            }
        }

        public static ModelStoreProps defaults(boolean retainData) {
            return new ModelStoreProps(retainData, 30, 7, 90, 90);
        }
    }

    private final Bucket bucket;

    public ModelStore(Construct scope, String id, ModelStoreProps props) {
        super(scope, id);
        RemovalPolicy removal = props.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
        boolean autoDelete = !props.retainData();

        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(props.accessLogDays()))
                        .build()))
                .removalPolicy(removal)
                .autoDeleteObjects(autoDelete)
                .build();

        this.bucket = Bucket.Builder.create(this, "Bucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("model-store/")
                .lifecycleRules(List.of(
                        LifecycleRule.builder()
                                .id("expire-training-outputs")
                                .prefix(TRAINING_PREFIX)
                                .expiration(Duration.days(props.trainingOutputDays()))
                                .noncurrentVersionExpiration(Duration.days(1))
                                .build(),
                        LifecycleRule.builder()
                                .id("expire-checkpoints")
                                .prefix(CHECKPOINTS_PREFIX)
                                .expiration(Duration.days(props.checkpointDays()))
                                .noncurrentVersionExpiration(Duration.days(1))
                                .build(),
                        LifecycleRule.builder()
                                .id("expire-replaced-versions")
                                .noncurrentVersionExpiration(Duration.days(props.noncurrentVersionDays()))
                                .abortIncompleteMultipartUploadAfter(Duration.days(2))
                                .build()))
                .removalPolicy(removal)
                .autoDeleteObjects(autoDelete)
                .build();
    }

    public IBucket bucket() {
        return bucket;
    }

    /** {@code s3://bucket/prefix} (a token until deploy). */
    public String s3Uri(String key) {
        return "s3://" + bucket.getBucketName() + "/" + key;
    }

    /**
     * Read access to the served models only: {@code s3:GetObject} on {@code models/*}, and {@code s3:ListBucket} so
     * that a missing pointer reads as NoSuchKey (404) rather than AccessDenied.
     */
    public void grantReadModels(IGrantable grantee) {
        allow(grantee, List.of("s3:GetObject"), bucket.arnForObjects(MODELS_PREFIX + "*"));
        allow(grantee, List.of("s3:ListBucket"), bucket.getBucketArn());
    }

    /**
     * What a SageMaker training job needs: list and read {@code data/}, write its output under {@code training/},
     * read, write and delete its checkpoints under {@code checkpoints/}, and read (never write) {@code models/},
     * where a model to fine-tune from and a backbone for transfer learning ({@code models/backbones/}) come from.
     */
    public void grantTrainingJob(IGrantable grantee) {
        allow(grantee, List.of("s3:GetObject"), bucket.arnForObjects(DATA_PREFIX + "*"));
        allow(grantee, List.of("s3:GetObject"), bucket.arnForObjects(MODELS_PREFIX + "*"));
        allow(grantee, List.of("s3:GetBucketLocation"), bucket.getBucketArn());
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .conditions(Json.obj("StringLike", Json.obj("s3:prefix",
                        List.of(DATA_PREFIX + "*", CHECKPOINTS_PREFIX + "*", MODELS_PREFIX + "*"))))
                .build());
        allow(grantee, List.of("s3:PutObject", "s3:AbortMultipartUpload"),
                bucket.arnForObjects(TRAINING_PREFIX + "*"));
        allow(grantee, List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"),
                bucket.arnForObjects(CHECKPOINTS_PREFIX + "*"));
    }

    private static void allow(IGrantable grantee, List<String> actions, String resource) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(actions).resources(List.of(resource)).build());
    }
}
