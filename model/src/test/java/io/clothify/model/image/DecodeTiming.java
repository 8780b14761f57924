package io.clothify.model.image;

import io.clothify.model.InputSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A timing harness, not a test: how long each step of decoding a phone-sized JPEG takes. Run it with the model's
 * test class path: {@code java -cp ... io.clothify.model.image.DecodeTiming PHOTO.jpg [WIDTH HEIGHT]}; it upscales
 * the photo (bicubic, quality 90, as the benchmark does) and prints the median thread CPU and wall time of 30 runs of each step.
 */
final class DecodeTiming {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private DecodeTiming() {}

    public static void main(String[] args) throws Exception {
        byte[] photo = Files.readAllBytes(Path.of(args[0]));
        int width = args.length > 2 ? Integer.parseInt(args[1]) : 4032;
        int height = args.length > 2 ? Integer.parseInt(args[2]) : 3024;
        byte[] large = TestJpegs.upscaled(photo, width, height, 0.9f);
        ImagePipeline pipeline = new ImagePipeline(InputSpec.rgb(128, 0.875));
        int min = ImagePipeline.OVERSAMPLING * pipeline.spec().resizeWidth();
        JpegHeader header = JpegDcDecoder.header(large);
        System.out.printf(Locale.ROOT, "%dx%d JPEG, %d bytes; step: CPU ms / wall ms (medians of 30)%n", width,
                height, large.length);
        time("general reader (subsampled)", () -> ImageDecoder.decode(large, 3, min, min, false));
        time("whole decode (fast paths)", () -> ImageDecoder.decode(large, 3, min, min, true));
        time("  header", () -> JpegDcDecoder.header(large));
        time("  EXIF orientation", () -> Orientation.read(large, "jpeg"));
        time("  DC scan", () -> {
            try {
                return JpegDcScan.decode(large, header);
            } catch (JpegUnsupportedException e) {
                throw new IllegalStateException(e);
            }
        });
        time("  upsample + color", () -> JpegDcDecoder.decode(large, header, 3));
        PixelImage eighth = ImageDecoder.decode(large, 3, min, min).image();
        time("resize " + eighth.width() + "x" + eighth.height(), () -> pipeline.resize(eighth));
    }

    private static void time(String what, java.util.concurrent.Callable<Object> step) throws Exception {
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
        System.out.printf(Locale.ROOT, "%-34s %7.2f / %7.2f%n", what, cpu[15], wall[15]);
    }
}
