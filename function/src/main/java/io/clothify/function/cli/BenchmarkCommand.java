package io.clothify.function.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.clothify.function.FunctionConfig;
import io.clothify.function.Functions;
import io.clothify.function.handler.HttpRequest;
import io.clothify.function.handler.HttpResponse;
import io.clothify.function.handler.PredictHandler;
import io.clothify.function.server.LocalServer;
import io.clothify.model.artifact.ForwardPass;
import io.clothify.model.artifact.LoadedNetwork;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.InferenceViews;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * {@code benchmark}: cold start (JVM start to the first answer, in this fresh JVM), warm latency per image through
 * the handler vs the bare forward pass of the same network on a prepared tensor, and the local server's throughput
 * with N concurrent clients. A measurement, not a test.
 */
final class BenchmarkCommand {
    /** A phone's default 12 MP (4032x3024) and a 2 MP (1632x1224) photo. */
    private static final int[][] LARGE_SIZES = {{4032, 3024}, {1632, 1224}};
    private static final int LARGE_PHOTOS = 5;
    private static final int LARGE_REPEATS = 4;
    /**
     * Each request's CPU time on its thread is printed beside its wall time: on a shared machine it is what an idle
     * one would approach (the handler sets PyTorch to one thread, which runs in the caller's).
     */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private BenchmarkCommand() {}

    static int run(List<String> argList, PrintStream out) throws Exception {
        Args args = new Args(argList, Set.of("--model", "--data", "--images", "--clients", "--requests"), Set.of());
        String model = args.require("--model");
        List<byte[]> images = images(Path.of(args.require("--data")), args.intValue("--images", 200));
        if (images.isEmpty()) {
            throw new IllegalArgumentException("No JPEG/PNG/WebP images under " + args.require("--data"));
        }
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Functions.configureEngineThreads();
        PredictHandler handler = new PredictHandler(Functions.service(FunctionConfig.forModel(model)));
        HttpResponse first = handler.handle(raw(images.getFirst()), "bench-first");
        long coldMillis = System.currentTimeMillis() - jvmStart;
        if (first.status() != 200) {
            throw new IllegalStateException("The first request failed: " + first.body());
        }
        out.printf(Locale.ROOT, "cold start (JVM start to first answer): %d ms%n", coldMillis);

        Latencies photos = handlerLatency(handler, images, 1, "dataset photos", out);
        for (int[] size : LARGE_SIZES) {
            List<byte[]> large = new ArrayList<>();
            for (int i = 0; i < Math.min(LARGE_PHOTOS, images.size()); i++) {
                large.add(LargePhotos.upscaledJpeg(images.get(i * images.size() / LARGE_PHOTOS), size[0], size[1]));
            }
            handlerLatency(handler, large, LARGE_REPEATS, String.format(Locale.ROOT, "%.0f MP JPEGs (%dx%d)",
                    size[0] * (double) size[1] / 1e6, size[0], size[1]), out);
        }

        if (!model.startsWith("s3://")) {
            Latencies bare = bareForward(Path.of(model), images);
            out.printf(Locale.ROOT, "bare forward pass ms: p50 %.2f  p95 %.2f  (cpu p50 %.2f)%n", bare.p50(),
                    Stats.percentile(bare.wall(), 95), bare.cpuP50());
            out.printf(Locale.ROOT, "handler/bare p50 ratio, dataset photos: %.2f  (cpu %.2f)%n",
                    photos.p50() / bare.p50(), photos.cpuP50() / bare.cpuP50());
        }

        int clients = args.intValue("--clients", 4);
        int requests = args.intValue("--requests", images.size());
        try (LocalServer server = LocalServer.start(handler, 0, clients)) {
            ApiClient client = new ApiClient("http://127.0.0.1:" + server.port());
            List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger next = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            long started = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
                for (int c = 0; c < clients; c++) {
                    pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                            ApiClient.Answer a = client.predictBytes(images.get(i % images.size()));
                            latencies.add(a.millis());
                            if (!a.ok()) {
                                failed.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "local server, %d clients, %d requests: %.1f req/s, p50 %.1f ms, p95 %.1f ms, "
                    + "%d failed%n", clients, requests, requests / seconds, Stats.percentile(latencies, 50),
                    Stats.percentile(latencies, 95), failed.get());
        }
        handler.service().close();
        return 0;
    }

    /** Wall and thread CPU milliseconds of the same calls. */
    private record Latencies(List<Double> wall, List<Double> cpu) {
        Latencies() {
            this(new ArrayList<>(), new ArrayList<>());
        }

        double p50() {
            return Stats.percentile(wall, 50);
        }

        double cpuP50() {
            return Stats.percentile(cpu, 50);
        }
    }

    /** Warm-up pass, then {@code repeats} measured passes over the images; prints and returns the latencies. */
    private static Latencies handlerLatency(PredictHandler handler, List<byte[]> images, int repeats, String what,
            PrintStream out) {
        for (byte[] image : images) { // warm-up (JIT)
            handler.handle(raw(image), "bench-warmup");
        }
        Latencies latencies = new Latencies();
        for (int pass = 0; pass < repeats; pass++) {
            for (byte[] image : images) {
                long cpu = THREADS.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                HttpResponse r = handler.handle(raw(image), "bench");
                latencies.wall().add((System.nanoTime() - t) / 1e6);
                latencies.cpu().add((THREADS.getCurrentThreadCpuTime() - cpu) / 1e6);
                if (r.status() != 200) {
                    throw new IllegalStateException("A request failed: " + r.body());
                }
            }
        }
        out.printf(Locale.ROOT, "handler warm latency ms, %s (%d requests): p50 %.2f  p95 %.2f  (cpu p50 %.2f)%n",
                what, latencies.wall().size(), latencies.p50(), Stats.percentile(latencies.wall(), 95),
                latencies.cpuP50());
        return latencies;
    }

    /**
     * The network alone: a prepared tensor in, logits out (no decoding, resizing or JSON), with as many views of
     * each image as the model's test-time views (a mirrored copy for a flip-averaging model), as the handler runs.
     */
    private static Latencies bareForward(Path artifact, List<byte[]> images) {
        Latencies latencies = new Latencies();
        try (LoadedNetwork network = ModelArtifacts.loadNetwork(artifact)) {
            ImagePipeline pipeline = new ImagePipeline(network.metadata().input());
            InferenceViews views = network.metadata().inferenceViews();
            ForwardPass forward = new ForwardPass(network.model().getBlock(), pipeline);
            List<float[]> tensors = new ArrayList<>();
            for (byte[] image : images) {
                float[] tensor = new float[views.count() * pipeline.tensorSize()];
                views.write(pipeline, pipeline.resize(pipeline.decode(image).image()), tensor, 0,
                        pipeline.tensorSize());
                tensors.add(tensor);
            }
            for (int pass = 0; pass < 2; pass++) { // the first pass warms up
                for (float[] tensor : tensors) {
                    try (NDManager manager = network.model().getNDManager().newSubManager()) {
                        NDArray x = forward.batch(manager, tensor);
                        long cpu = THREADS.getCurrentThreadCpuTime();
                        long t = System.nanoTime();
                        forward.logits(x, false).toFloatArray();
                        if (pass == 1) {
                            latencies.wall().add((System.nanoTime() - t) / 1e6);
                            latencies.cpu().add((THREADS.getCurrentThreadCpuTime() - cpu) / 1e6);
                        }
                    }
                }
            }
        }
        return latencies;
    }

    private static HttpRequest raw(byte[] image) {
        return new HttpRequest("POST", "/predict", Map.of("content-type", "image/jpeg"), Map.of(),
                Base64.getEncoder().encodeToString(image), true, "bench");
    }

    private static List<byte[]> images(Path data, int limit) throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            List<Path> paths = files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png|webp)$")).sorted().toList();
            List<byte[]> images = new ArrayList<>();
            int step = Math.max(1, paths.size() / Math.max(1, limit));
            for (int i = 0; i < paths.size() && images.size() < limit; i += step) {
                images.add(Files.readAllBytes(paths.get(i)));
            }
            return images;
        }
    }
}
