package io.clothify.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import software.constructs.Node;

/**
 * Everything a user may choose at deploy time, read from CDK context ({@code cdk.json} or {@code -c key=value}).
 * Each value is validated here, so a typo fails synth with a message instead of producing a broken stack.
 *
 * @param repoRoot the directory holding {@code cdk.json}; Docker contexts and the default model resolve against it
 * @param stackName the CloudFormation stack name
 * @param retainData keep the model bucket (data, trained models) on {@code cdk destroy}; default false: nothing
 *        billable is left behind
 * @param iamAuth protect the API with IAM (SigV4-signed requests) instead of leaving it public
 * @param urlHosts which hosts the function may fetch image URLs from: {@code none} (the default: URL intake off, so
 *        no anonymous caller can make the function download anything), {@code *} (any public host), or a
 *        comma-separated list ({@code .example.com} = its subdomains)
 * @param functionMemoryMb Lambda memory; CPU scales with it. Default 1,769 MB = one full vCPU: serving the
 *        1.23M-parameter photo CNN locally peaked at 327 MiB resident (JDK, PyTorch natives, model, 20 requests),
 *        so memory has 5x headroom and the size is chosen for the CPU that cold start and inference need
 * @param throttleRateLimit steady-state requests per second allowed on the API stage
 * @param throttleBurstLimit burst requests allowed on the API stage
 * @param logRetentionDays retention of the function, API access and state machine logs
 * @param gateFloor the lowest test accuracy a retrained model may have to be promoted
 * @param defaultModelTestAccuracy the test accuracy written to the first pointer for the shipped default model;
 *        null (the default) reads it from the artifact's metadata, so that a retrained model must beat it
 * @param trainingInstanceType the default SageMaker instance type of training jobs
 * @param useSpot whether training uses managed spot instances by default
 * @param maxRuntimeSeconds the default training time limit
 * @param maxWaitSeconds the default limit including waiting for spot capacity; must exceed maxRuntimeSeconds
 * @param trainingNetworkIsolation run every training job (and every job of a tuning job) with SageMaker's
 *        {@code EnableNetworkIsolation}: no network in the container; default false, because a model-zoo backbone
 *        ({@code resnet18}, {@code djl://...}) is downloaded by the job itself
 * @param savedModelSupport build the function image with TensorFlow's natives (about 630 MB more), needed only to
 *        serve Keras/TensorFlow SavedModels; default false: the image carries PyTorch's natives only
 * @param alarmEmail where the alarms send e-mail (through an SNS topic), or null for no notifications
 */
public record StackConfig(
        Path repoRoot,
        String stackName,
        boolean retainData,
        boolean iamAuth,
        String urlHosts,
        int functionMemoryMb,
        int throttleRateLimit,
        int throttleBurstLimit,
        int logRetentionDays,
        double gateFloor,
        Double defaultModelTestAccuracy,
        String trainingInstanceType,
        boolean useSpot,
        int maxRuntimeSeconds,
        int maxWaitSeconds,
        boolean trainingNetworkIsolation,
        boolean savedModelSupport,
        String alarmEmail) {

    /** Context keys; documented in README and set to their defaults in cdk.json. */
    public static final String PREFIX = "clothify:";

    public StackConfig {
        if (!Files.isRegularFile(repoRoot.resolve("cdk.json"))) {
            throw new IllegalArgumentException("Expected the repository root (holding cdk.json), got: " + repoRoot);
        }
        if (!stackName.matches("[A-Za-z][A-Za-z0-9-]{0,127}")) {
            throw new IllegalArgumentException("Invalid stack name: " + stackName);
        }
        if (!urlHosts.matches("none|\\*|\\.?[A-Za-z0-9.-]+(\\s*,\\s*\\.?[A-Za-z0-9.-]+)*")) {
            throw new IllegalArgumentException(PREFIX + "urlHosts is none, * or a comma-separated list of host names"
                    + " (.example.com for its subdomains), got: " + urlHosts);
        }
        requireRange("functionMemoryMb", functionMemoryMb, 128, 10_240);
        requireRange("throttleRateLimit", throttleRateLimit, 1, 10_000);
        requireRange("throttleBurstLimit", throttleBurstLimit, 1, 5_000);
        requireRange("logRetentionDays", logRetentionDays, 1, 3_653);
        if (gateFloor < 0 || gateFloor > 1 || defaultModelTestAccuracy != null
                && (defaultModelTestAccuracy < 0 || defaultModelTestAccuracy > 1)) {
            throw new IllegalArgumentException("Accuracies must be within [0, 1], got gateFloor=" + gateFloor
                    + " defaultModelTestAccuracy=" + defaultModelTestAccuracy);
        }
        if (!trainingInstanceType.startsWith("ml.")) {
            throw new IllegalArgumentException("Expected a SageMaker instance type like ml.m5.xlarge, got: "
                    + trainingInstanceType);
        }
        requireRange("maxRuntimeSeconds", maxRuntimeSeconds, 60, 28 * 24 * 3600);
        if (alarmEmail != null && !alarmEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new IllegalArgumentException(PREFIX + "alarmEmail must be an e-mail address, got: " + alarmEmail);
        }
        if (maxWaitSeconds <= maxRuntimeSeconds) {
            throw new IllegalArgumentException("maxWaitSeconds (" + maxWaitSeconds
                    + ") must exceed maxRuntimeSeconds (" + maxRuntimeSeconds + ") for managed spot training");
        }
    }

    /** Reads the configuration from the app's context, with the defaults documented in README. */
    public static StackConfig fromContext(Node node, Path repoRoot) {
        Function<String, String> ctx = key -> {
            Object value = node.tryGetContext(PREFIX + key);
            return value == null ? null : value.toString().trim();
        };
        return new StackConfig(
                repoRoot,
                orDefault(ctx.apply("stackName"), "Clothify"),
                bool(ctx, "retainData", false),
                bool(ctx, "iamAuth", false),
                orDefault(ctx.apply("urlHosts"), "none"),
                integer(ctx, "functionMemoryMb", 1769),
                integer(ctx, "throttleRateLimit", 20),
                integer(ctx, "throttleBurstLimit", 40),
                integer(ctx, "logRetentionDays", 30),
                decimal(ctx, "gateFloor", 0.5),
                ctx.apply("defaultModelTestAccuracy") == null ? null : decimal(ctx, "defaultModelTestAccuracy", 0),
                orDefault(ctx.apply("trainingInstanceType"), "ml.m5.xlarge"),
                bool(ctx, "useSpot", false),
                integer(ctx, "maxRuntimeSeconds", 2 * 3600),
                integer(ctx, "maxWaitSeconds", 4 * 3600),
                bool(ctx, "trainingNetworkIsolation", false),
                bool(ctx, "savedModelSupport", false),
                orDefault(ctx.apply("alarmEmail"), null));
    }

    /** The directory that holds cdk.json, searched upwards from {@code start}. */
    public static Path findRepoRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("cdk.json"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No cdk.json found in " + start.toAbsolutePath() + " or its parents");
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be within [" + min + ", " + max + "], got " + value);
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static boolean bool(Function<String, String> ctx, String key, boolean fallback) {
        String value = ctx.apply(key);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(PREFIX + key + " must be true or false, got: " + value);
        };
    }

    private static int integer(Function<String, String> ctx, String key, int fallback) {
        String value = ctx.apply(key);
        try {
            return value == null || value.isEmpty() ? fallback : new java.math.BigDecimal(value).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(PREFIX + key + " must be an integer, got: " + value, e);
        }
    }

    private static double decimal(Function<String, String> ctx, String key, double fallback) {
        String value = ctx.apply(key);
        try {
            return value == null || value.isEmpty() ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + " must be a number, got: " + value, e);
        }
    }
}
