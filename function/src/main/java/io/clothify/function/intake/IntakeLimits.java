package io.clothify.function.intake;

/**
 * Size limits for untrusted images. Lambda's synchronous payload is 6 MB including the base64 encoding API
 * Gateway applies to binary bodies, so body and base64 caps sit under it.
 *
 * @param maxBodyBytes largest request body accepted (raw bytes as received, before any base64 decoding)
 * @param maxImageBytes largest image (decoded from base64, or received raw)
 * @param maxFetchBytes largest image downloaded from a URL, enforced while streaming
 * @param maxPixels largest width x height, checked from the header before decoding
 */
public record IntakeLimits(int maxBodyBytes, int maxImageBytes, int maxFetchBytes, long maxPixels) {
    /** 6 MB is Lambda's payload limit; stay under it. */
    public static final int LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;

    public IntakeLimits {
        if (maxBodyBytes <= 0 || maxBodyBytes > LAMBDA_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("maxBodyBytes must be 1.." + LAMBDA_PAYLOAD_BYTES + ", got "
                    + maxBodyBytes);
        }
        if (maxImageBytes <= 0 || maxImageBytes > maxBodyBytes) {
            throw new IllegalArgumentException("maxImageBytes must be 1..maxBodyBytes, got " + maxImageBytes);
        }
        if (maxFetchBytes <= 0) {
            throw new IllegalArgumentException("maxFetchBytes must be > 0, got " + maxFetchBytes);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be > 0, got " + maxPixels);
        }
    }

    /** 5.5 MB bodies, 4 MB images (4 MB is 5.4 MB as base64), 10 MB downloads, 40 megapixels. */
    public static IntakeLimits defaults() {
        return new IntakeLimits(5_500_000, 4_000_000, 10_000_000, 40_000_000L);
    }
}
