package io.clothify.function.cli;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.clothify.function.FunctionConfig;
import io.clothify.function.Functions;
import io.clothify.function.handler.HttpRequest;
import io.clothify.function.handler.HttpResponse;
import io.clothify.function.handler.PredictHandler;
import io.clothify.function.server.LocalServer;
import io.clothify.model.InputSpec;
import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.artifact.TarGz;
import io.clothify.model.image.ImagePipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
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
    private BenchmarkCommand() {}

    static int run(List<String> argList, PrintStream out) throws Exception {
        Args args = new Args(argList, Set.of("--model", "--data", "--images", "--clients", "--requests"), Set.of());
        String model = args.require("--model");
        List<byte[]> images = images(Path.of(args.require("--data")), args.intValue("--images", 200));
        if (images.isEmpty()) {
            throw new IllegalArgumentException("No JPEG/PNG images under " + args.require("--data"));
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

        for (byte[] image : images) { // one warm-up pass over every image (JIT), then the measured pass
            handler.handle(raw(image), "bench-warmup");
        }
        List<Double> handlerMs = new ArrayList<>();
        for (byte[] image : images) {
            long t = System.nanoTime();
            HttpResponse r = handler.handle(raw(image), "bench");
            handlerMs.add((System.nanoTime() - t) / 1e6);
            if (r.status() != 200) {
                throw new IllegalStateException("A request failed: " + r.body());
            }
        }
        double handlerP50 = Stats.percentile(handlerMs, 50);
        out.printf(Locale.ROOT, "handler warm latency ms (%d images): p50 %.2f  p95 %.2f%n", images.size(), handlerP50,
                Stats.percentile(handlerMs, 95));

        if (!model.startsWith("s3://")) {
            List<Double> bareMs = bareForward(Path.of(model), images);
            double bareP50 = Stats.percentile(bareMs, 50);
            out.printf(Locale.ROOT, "bare forward pass ms: p50 %.2f  p95 %.2f  (handler/bare p50 ratio %.2f)%n",
                    bareP50, Stats.percentile(bareMs, 95), handlerP50 / bareP50);
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

    /** The network alone: a prepared tensor in, logits out (no decoding, resizing or JSON). */
    private static List<Double> bareForward(Path artifact, List<byte[]> images) throws IOException {
        Path dir = artifact;
        if (!Files.isDirectory(artifact)) {
            dir = Files.createTempDirectory("clothify-bench");
            TarGz.unpack(artifact, dir);
        }
        ArtifactMetadata metadata = ModelArtifacts.readMetadata(dir);
        InputSpec in = metadata.input();
        ImagePipeline pipeline = new ImagePipeline(in);
        List<float[]> tensors = new ArrayList<>();
        for (byte[] image : images) {
            tensors.add(pipeline.evalTensor(pipeline.decode(image).image()));
        }
        List<Double> millis = new ArrayList<>();
        try (Model model = ModelArtifacts.loadModel(dir, metadata)) {
            for (int pass = 0; pass < 2; pass++) { // the first pass warms up
                for (float[] tensor : tensors) {
                    try (NDManager manager = model.getNDManager().newSubManager()) {
                        NDArray x = manager.create(tensor, new Shape(1, in.channels(), in.height(), in.width()));
                        long t = System.nanoTime();
                        NDList y = model.getBlock().forward(new ParameterStore(manager, false), new NDList(x), false);
                        y.singletonOrThrow().toFloatArray();
                        if (pass == 1) {
                            millis.add((System.nanoTime() - t) / 1e6);
                        }
                    }
                }
            }
        }
        return millis;
    }

    private static HttpRequest raw(byte[] image) {
        return new HttpRequest("POST", "/predict", Map.of("content-type", "image/jpeg"), Map.of(),
                Base64.getEncoder().encodeToString(image), true, "bench");
    }

    private static List<byte[]> images(Path data, int limit) throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            List<Path> paths = files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)$")).sorted().toList();
            List<byte[]> images = new ArrayList<>();
            int step = Math.max(1, paths.size() / Math.max(1, limit));
            for (int i = 0; i < paths.size() && images.size() < limit; i += step) {
                images.add(Files.readAllBytes(paths.get(i)));
            }
            return images;
        }
    }
}
