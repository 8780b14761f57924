package io.clothify.function;

import io.clothify.function.handler.PredictionService;
import io.clothify.function.handler.RequestParser;
import io.clothify.function.intake.AddressPolicy;
import io.clothify.function.intake.FetchSettings;
import io.clothify.function.intake.ImageInspector;
import io.clothify.function.intake.SafeUrlFetcher;
import io.clothify.function.loading.ArtifactLoaders;
import io.clothify.function.loading.ArtifactStore;
import io.clothify.function.loading.ClassifierLoader;
import io.clothify.function.loading.ModelLocator;
import io.clothify.function.loading.ModelManager;
import io.clothify.function.loading.PointerLocator;
import java.net.URI;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Wires a {@link PredictionService} from a {@link FunctionConfig}. */
public final class Functions {
    private Functions() {}

    /**
     * Sets PyTorch's thread counts from the CPUs this container has (Lambda's vCPUs follow its memory size),
     * unless already set. Must run before the engine starts.
     */
    public static void configureEngineThreads() {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(cpus));
        }
        if (System.getProperty("ai.djl.default_engine") == null && System.getenv("DJL_DEFAULT_ENGINE") == null) {
            System.setProperty("ai.djl.default_engine", "PyTorch"); // TensorFlow is only for SavedModels
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /** The production wiring: S3 from the default credential chain, the real DJL loader. */
    public static PredictionService service(FunctionConfig config) {
        return service(config, Functions::defaultS3, ArtifactLoaders.detecting());
    }

    public static PredictionService service(FunctionConfig config, Supplier<S3Client> s3, ClassifierLoader loader) {
        Supplier<S3Client> shared = memoize(s3);
        ModelLocator locator = config.modelUri() != null
                ? ModelLocator.fixed(config.modelUri())
                : new PointerLocator(shared.get(), config.modelBucket(), config.pointerKey());
        ModelManager models = new ModelManager(locator, new ArtifactStore(shared, config.cacheDir()), loader,
                config.pollInterval());
        AddressPolicy policy = config.allowLoopbackUrls() ? AddressPolicy.allowingLoopback() : AddressPolicy.strict();
        FetchSettings fetch = FetchSettings.defaults(config.limits().maxFetchBytes()).withPolicy(policy);
        return new PredictionService(models, new SafeUrlFetcher(fetch, config.urlHosts()),
                new ImageInspector(config.limits().maxPixels()),
                new RequestParser(config.limits(), config.urlHosts()));
    }

    /**
     * An S3 client over the JDK's HTTP client (light for cold starts). {@code AWS_ENDPOINT_URL_S3} or
     * {@code AWS_ENDPOINT_URL} points it at another S3 (e.g. S3Proxy), with path-style addressing.
     */
    public static S3Client defaultS3() {
        var builder = S3Client.builder().httpClient(UrlConnectionHttpClient.create());
        String endpoint = System.getenv().getOrDefault("AWS_ENDPOINT_URL_S3", System.getenv("AWS_ENDPOINT_URL"));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        return builder.build();
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
