package io.clothify.function.testing;

import io.clothify.function.handler.PredictionService;
import io.clothify.function.handler.RequestParser;
import io.clothify.function.intake.AddressPolicy;
import io.clothify.function.intake.FetchSettings;
import io.clothify.function.intake.HostResolver;
import io.clothify.function.intake.ImageInspector;
import io.clothify.function.intake.IntakeLimits;
import io.clothify.function.intake.SafeUrlFetcher;
import io.clothify.function.loading.ArtifactStore;
import io.clothify.function.loading.ClassifierLoader;
import io.clothify.function.loading.ModelLocator;
import io.clothify.function.loading.ModelManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;

/** Builds the real service for tests: a real model, the real fetcher, with a local test server allowed. */
public final class TestServices {
    /** Host names that resolve to addresses that must be refused. */
    public static final Map<String, String> HOSTILE_NAMES = Map.of("internal.test", "10.1.2.3",
            "metadata.test", "169.254.169.254", "cgnat.test", "100.64.1.1", "v6private.test", "fd00::1");

    private TestServices() {}

    public static PredictionService service(ModelLocator locator, Set<InetSocketAddress> allowed) {
        return service(locator, allowed, IntakeLimits.defaults(), Duration.ofMillis(1500));
    }

    public static PredictionService service(ModelLocator locator, Set<InetSocketAddress> allowed, IntakeLimits limits,
            Duration totalTimeout) {
        try {
            ModelManager models = new ModelManager(locator, new ArtifactStore(() -> {
                throw new IllegalStateException("no S3 in this test");
            }, Files.createTempDirectory("clothify-cache")), ClassifierLoader.djl(), Duration.ZERO);
            return service(models, allowed, limits, totalTimeout);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static PredictionService service(ModelManager models, Set<InetSocketAddress> allowed, IntakeLimits limits,
            Duration totalTimeout) {
        HostResolver resolver = host -> HOSTILE_NAMES.containsKey(host)
                ? new InetAddress[] {InetAddress.getByName(HOSTILE_NAMES.get(host))}
                : InetAddress.getAllByName(host);
        FetchSettings fetch = new FetchSettings(Duration.ofSeconds(1), Duration.ofMillis(700), totalTimeout, 3,
                limits.maxFetchBytes(), AddressPolicy.strictExcept(allowed));
        return new PredictionService(models, new SafeUrlFetcher(fetch, resolver,
                (SSLSocketFactory) SSLSocketFactory.getDefault()), new ImageInspector(limits.maxPixels()),
                new RequestParser(limits));
    }

    public static PredictionService service(Path model, Set<InetSocketAddress> allowed) {
        return service(ModelLocator.fixed(model.toString()), allowed);
    }
}
