package io.clothify.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.stepfunctions.RetryProps;

/**
 * The error names Step Functions raises for aws-sdk tasks: {@code <Service>.<Code>Exception}, the service and the
 * API's error code in PascalCase, with "Exception" appended when the code lacks it (AWS Step Functions developer
 * guide, "AWS SDK service integrations"). Retries cover only throttling and the services' own transient faults;
 * a caller's mistake or a missing resource is not retried.
 */
final class AwsErrors {
    /** SageMaker's common errors that mean "try again later" (throttling, 500, 503). */
    static final List<String> SAGEMAKER_TRANSIENT = List.of("SageMaker.ThrottlingException",
            "SageMaker.InternalFailureException", "SageMaker.ServiceUnavailableException");
    /** S3's transient errors: 503 SlowDown, 500 InternalError, 503 ServiceUnavailable. */
    static final List<String> S3_TRANSIENT = List.of("S3.SlowDownException", "S3.InternalErrorException",
            "S3.ServiceUnavailableException");
    /** GetObject on a key that does not exist (with s3:ListBucket; without it S3 answers AccessDenied). */
    static final List<String> S3_NO_SUCH_KEY = List.of("S3.NoSuchKeyException");
    /**
     * A conditional write lost a race: 412 PreconditionFailed (the ETag no longer matches, or a pointer appeared
     * under IfNoneMatch "*"), or 409 ConditionalRequestConflict (a concurrent conditional write).
     */
    static final List<String> S3_CONDITION_LOST = List.of("S3.PreconditionFailedException",
            "S3.ConditionalRequestConflictException");
    /** Every error, for catch-alls that clean up. */
    static final List<String> ALL = List.of("States.ALL");

    private AwsErrors() {}

    /** Read-only or idempotent SageMaker calls (Describe*, Stop*): retried with back-off on transient errors. */
    static RetryProps sageMakerRetry() {
        return RetryProps.builder().errors(SAGEMAKER_TRANSIENT)
                .interval(Duration.seconds(10)).maxAttempts(6).backoffRate(2).build();
    }

    static RetryProps s3Retry() {
        return RetryProps.builder().errors(S3_TRANSIENT)
                .interval(Duration.seconds(2)).maxAttempts(4).backoffRate(2).build();
    }
}
