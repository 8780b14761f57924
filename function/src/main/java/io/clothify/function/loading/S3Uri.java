package io.clothify.function.loading;

/**
 * An {@code s3://bucket/key} URI.
 *
 * @param bucket the bucket
 * @param key the object key (no leading slash)
 */
public record S3Uri(String bucket, String key) {
    public S3Uri {
        if (bucket == null || bucket.isBlank() || key == null || key.isBlank()) {
            throw new IllegalArgumentException("An S3 URI needs a bucket and a key, got s3://" + bucket + "/" + key);
        }
    }

    public static boolean isS3(String uri) {
        return uri != null && uri.startsWith("s3://");
    }

    /** Parses {@code s3://bucket/key}. */
    public static S3Uri parse(String uri) {
        if (!isS3(uri)) {
            throw new IllegalArgumentException("Expected an s3://bucket/key URI, got " + uri);
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("Expected an s3://bucket/key URI, got " + uri);
        }
        return new S3Uri(rest.substring(0, slash), rest.substring(slash + 1));
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
