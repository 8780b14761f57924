package io.clothify.model.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The committed image-format fixtures (made by {@code images/formats/make-fixtures.sh}). */
final class Fixtures {
    private Fixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/images/formats/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PixelImage decode(String name, int channels) {
        return ImageDecoder.decode(bytes(name), channels, 0, 0).image();
    }

    /** Per-sample differences between two images of the same shape. */
    record Difference(int max, double mean, double bias) {
        static Difference of(PixelImage a, PixelImage b) {
            if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) {
                throw new AssertionError("shapes differ: " + a.width() + "x" + a.height() + "x" + a.channels()
                        + " vs " + b.width() + "x" + b.height() + "x" + b.channels());
            }
            int max = 0;
            long sum = 0;
            long signed = 0;
            for (int i = 0; i < a.pixels().length; i++) {
                int d = (a.pixels()[i] & 0xFF) - (b.pixels()[i] & 0xFF);
                max = Math.max(max, Math.abs(d));
                sum += Math.abs(d);
                signed += d;
            }
            return new Difference(max, (double) sum / a.pixels().length, (double) signed / a.pixels().length);
        }
    }
}
