package io.clothify.function.cli;

import io.clothify.function.FunctionConfig;
import io.clothify.function.Functions;
import io.clothify.function.handler.HttpRequest;
import io.clothify.function.handler.PredictHandler;
import io.clothify.function.handler.PredictRequest;
import io.clothify.function.handler.PredictionService;
import io.clothify.function.intake.ImageInspector;
import io.clothify.function.loading.ModelLease;
import io.clothify.model.Classifier;
import io.clothify.model.image.PixelImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;

/**
 * A timing harness, not a test: where a large JPEG's time goes in the handler, step by step (median thread CPU time
 * and wall time of 30 runs each, after 10 warm-up runs). Run with the function's test class path:
 * {@code java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -cp ... io.clothify.function.cli.HandlerTiming
 * MODEL.tar.gz PHOTO.jpg [WIDTH HEIGHT]}; the photo is upscaled as the benchmark upscales it, unless it has that size
 * already (then it is sent as it is: an ICC-tagged phone photo, say).
 */
final class HandlerTiming {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private HandlerTiming() {}

    public static void main(String[] args) throws Exception {
        int width = args.length > 3 ? Integer.parseInt(args[2]) : 4032;
        int height = args.length > 3 ? Integer.parseInt(args[3]) : 3024;
        byte[] photo = Files.readAllBytes(Path.of(args[1]));
        BufferedImage source = ImageIO.read(new ByteArrayInputStream(photo));
        byte[] jpeg = source.getWidth() == width && source.getHeight() == height ? photo
                : LargePhotos.upscaledJpeg(photo, width, height);
        Functions.configureEngineThreads();
        PredictionService service = Functions.service(FunctionConfig.forModel(args[0]));
        PredictHandler handler = new PredictHandler(service);
        System.out.printf(Locale.ROOT, "%dx%d JPEG, %d bytes; step: CPU ms / wall ms (medians)%n", width, height,
                jpeg.length);
        HttpRequest request = request(jpeg);
        time("whole handler (request built before)", () -> handler.handle(request, "timing"));
        time("  the benchmark's base64 encoding", () -> request(jpeg));
        time("  parse: base64 check + decode", () -> service.parser().parse(request));
        PredictRequest parsed = service.parser().parse(request);
        ImageInspector inspector = new ImageInspector(100_000_000L);
        time("  intake header checks", () -> inspector.inspect(parsed.image()));
        try (ModelLease lease = service.models().acquire()) {
            Classifier classifier = lease.classifier();
            time("  decode (EXIF + 1/8 scale)", () -> classifier.decode(parsed.image()));
            PixelImage image = classifier.decode(parsed.image()).image();
            time("  classify: resize + views + forward", () -> classifier.classify(image));
        }
        service.close();
    }

    private static HttpRequest request(byte[] image) {
        return new HttpRequest("POST", "/predict", Map.of("content-type", "image/jpeg"), Map.of(),
                Base64.getEncoder().encodeToString(image), true, "timing");
    }

    private static void time(String what, Callable<Object> step) throws Exception {
        double[] cpu = new double[30];
        double[] wall = new double[30];
        for (int i = 0; i < 10; i++) {
            step.call();
        }
        for (int i = 0; i < cpu.length; i++) {
            long c = THREADS.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            step.call();
            wall[i] = (System.nanoTime() - t) / 1e6;
            cpu[i] = (THREADS.getCurrentThreadCpuTime() - c) / 1e6;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "%-40s %7.2f / %7.2f%n", what, cpu[15], wall[15]);
    }
}
