package io.clothify.function.loading;

import io.clothify.model.contract.ModelPointer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Follows the promotion pointer ({@code models/current.json}). Each poll is one conditional GET
 * ({@code If-None-Match} with the last ETag), so an unchanged pointer costs a 304 and no parsing.
 */
public final class PointerLocator implements ModelLocator {
    private static final Logger LOG = LoggerFactory.getLogger(PointerLocator.class);

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private String etag;
    private ModelTarget last;

    public PointerLocator(S3Client s3, String bucket, String key) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.key = Objects.requireNonNull(key, "key");
    }

    @Override
    public synchronized ModelTarget locate() {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
        if (etag != null && last != null) {
            request.ifNoneMatch(etag);
        }
        ResponseBytes<GetObjectResponse> bytes;
        try {
            bytes = s3.getObjectAsBytes(request.build());
        } catch (S3Exception e) {
            if (e.statusCode() == 304 && last != null) {
                return last;
            }
            throw e;
        }
        ModelPointer pointer = ModelPointer.parse(bytes.asByteArray());
        ModelTarget target = new ModelTarget(pointer.modelUri(), pointer.modelVersion());
        if (!target.equals(last)) {
            LOG.info("Model pointer s3://{}/{} names {} ({})", bucket, key, target.version(), target.uri());
        }
        etag = bytes.response().eTag();
        last = target;
        return target;
    }
}
