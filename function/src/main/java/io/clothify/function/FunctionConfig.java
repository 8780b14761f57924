package io.clothify.function;

import io.clothify.function.intake.AllowedUrlHosts;
import io.clothify.function.intake.IntakeLimits;
import io.clothify.model.contract.FunctionEnvironment;
import io.clothify.model.contract.ModelStoreLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The function's settings, read from environment variables.
 *
 * <ul>
 *   <li>{@code MODEL_URI}: a fixed artifact ({@code s3://bucket/key/model.tar.gz}, or a local directory/archive);
 *   <li>otherwise {@code MODEL_BUCKET} (+ {@code MODEL_POINTER_KEY}, default {@code models/current.json}): follow
 *       the promotion pointer, checked every {@code MODEL_POLL_SECONDS} (default 60);
 *   <li>{@code MODEL_CACHE_DIR}: where downloads go (default {@code <tmpdir>/clothify-models});
 *   <li>{@code ALLOW_LOOPBACK_URLS=true}: dev/test only, lets image URLs point at 127.0.0.1;
 *   <li>{@code MAX_IMAGE_PIXELS}: the decompression-bomb limit (default 40 megapixels);
 *   <li>{@code URL_HOSTS}: which hosts image URLs may name (see {@link AllowedUrlHosts}; unset = any, {@code none} = off).
 * </ul>
 *
 * @param modelUri the fixed artifact, or {@code null} to follow the pointer
 * @param modelBucket the bucket holding the pointer, or {@code null} with a fixed {@code modelUri}
 * @param pointerKey the pointer's key
 * @param pollInterval how often the pointer is checked
 * @param cacheDir where downloaded artifacts are kept
 * @param allowLoopbackUrls whether image URLs may resolve to loopback (never in Lambda)
 * @param limits size limits for images
 * @param urlHosts which hosts image URLs may name
 */
public record FunctionConfig(String modelUri, String modelBucket, String pointerKey, Duration pollInterval,
        Path cacheDir, boolean allowLoopbackUrls, IntakeLimits limits, AllowedUrlHosts urlHosts) {

    public FunctionConfig {
        modelUri = blankToNull(modelUri);
        modelBucket = blankToNull(modelBucket);
        if (modelUri == null && modelBucket == null) {
            throw new IllegalArgumentException("Set MODEL_URI (an s3:// URI or a local path of a model artifact) "
                    + "or MODEL_BUCKET (to follow the promotion pointer " + ModelStoreLayout.POINTER_KEY + ")");
        }
        pointerKey = Objects.requireNonNullElse(blankToNull(pointerKey), ModelStoreLayout.POINTER_KEY);
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative()) {
            throw new IllegalArgumentException("The poll interval must be >= 0, got " + pollInterval);
        }
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(limits, "limits");
        urlHosts = Objects.requireNonNullElse(urlHosts, AllowedUrlHosts.anyHost());
    }

    /** A fixed artifact with default settings. */
    public static FunctionConfig forModel(String modelUri) {
        return new FunctionConfig(modelUri, null, null, Duration.ofSeconds(60), defaultCacheDir(), false,
                IntakeLimits.defaults(), AllowedUrlHosts.anyHost());
    }

    public static FunctionConfig fromEnvironment() {
        return fromMap(System.getenv());
    }

    public static FunctionConfig fromMap(Map<String, String> env) {
        IntakeLimits d = IntakeLimits.defaults();
        long pixels = Long.parseLong(env.getOrDefault("MAX_IMAGE_PIXELS", Long.toString(d.maxPixels())));
        return new FunctionConfig(env.get(FunctionEnvironment.MODEL_URI), env.get(FunctionEnvironment.MODEL_BUCKET),
                env.get(FunctionEnvironment.MODEL_POINTER_KEY),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("MODEL_POLL_SECONDS", "60"))),
                env.containsKey("MODEL_CACHE_DIR") ? Path.of(env.get("MODEL_CACHE_DIR")) : defaultCacheDir(),
                Boolean.parseBoolean(env.getOrDefault("ALLOW_LOOPBACK_URLS", "false")),
                new IntakeLimits(d.maxBodyBytes(), d.maxImageBytes(), d.maxFetchBytes(), pixels),
                AllowedUrlHosts.parse(env.get(AllowedUrlHosts.ENV)));
    }

    public FunctionConfig withAllowLoopbackUrls(boolean allow) {
        return new FunctionConfig(modelUri, modelBucket, pointerKey, pollInterval, cacheDir, allow, limits, urlHosts);
    }

    public FunctionConfig withPollInterval(Duration interval) {
        return new FunctionConfig(modelUri, modelBucket, pointerKey, interval, cacheDir, allowLoopbackUrls, limits,
                urlHosts);
    }

    private static Path defaultCacheDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "clothify-models");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
