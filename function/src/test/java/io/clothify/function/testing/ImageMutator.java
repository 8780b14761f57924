package io.clothify.function.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of well-formed images, for robustness tests: bit flips (half of them in the first 64 bytes,
 * where the headers are), truncation, splices of another file's bytes, inserted and deleted header bytes, and
 * header dimensions grown, shrunk to one pixel or set to the format's maximum. The same seed gives the same bytes.
 */
public final class ImageMutator {
    /** One mutated image and how it was made (to reproduce a failing case by name). */
    public record Mutant(String description, byte[] bytes) {}

    private final Random random;
    private final List<byte[]> donors;

    /** @param donors files whose bytes splices copy (the originals of every format) */
    public ImageMutator(long seed, List<byte[]> donors) {
        this.random = new Random(seed);
        this.donors = donors;
    }

    public Mutant mutate(byte[] image) {
        int kind = random.nextInt(7);
        return switch (kind) {
            case 0 -> flip(image);
            case 1 -> truncate(image);
            case 2 -> splice(image);
            case 3 -> insertOrDelete(image);
            case 4, 5 -> resize(image);
            default -> {
                Mutant cut = truncate(image);
                Mutant both = flip(cut.bytes());
                yield new Mutant(cut.description() + " then " + both.description(), both.bytes());
            }
        };
    }

    private Mutant flip(byte[] image) {
        byte[] b = image.clone();
        if (b.length == 0) {
            return new Mutant("nothing to flip", b);
        }
        int flips = 1 + random.nextInt(8);
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < flips; i++) {
            int at = random.nextBoolean() ? random.nextInt(Math.min(64, b.length)) : random.nextInt(b.length);
            int bit = random.nextInt(8);
            b[at] ^= (byte) (1 << bit);
            where.append(i == 0 ? "" : ",").append(at).append('.').append(bit);
        }
        return new Mutant("flip " + where, b);
    }

    private Mutant truncate(byte[] image) {
        int keep = random.nextBoolean() ? random.nextInt(Math.min(96, image.length)) : random.nextInt(image.length);
        return new Mutant("truncate to " + keep, Arrays.copyOf(image, keep));
    }

    private Mutant splice(byte[] image) {
        byte[] donor = donors.get(random.nextInt(donors.size()));
        int from = random.nextInt(donor.length);
        int length = 1 + random.nextInt(Math.min(512, donor.length - from));
        int at = random.nextInt(image.length);
        byte[] b = image.clone();
        int copied = Math.min(length, b.length - at);
        System.arraycopy(donor, from, b, at, copied);
        return new Mutant("splice " + copied + " donor bytes at " + at, b);
    }

    private Mutant insertOrDelete(byte[] image) {
        int at = random.nextInt(Math.min(64, image.length));
        int count = 1 + random.nextInt(4);
        if (random.nextBoolean()) {
            byte[] extra = new byte[count];
            random.nextBytes(extra);
            byte[] b = new byte[image.length + count];
            System.arraycopy(image, 0, b, 0, at);
            System.arraycopy(extra, 0, b, at, count);
            System.arraycopy(image, at, b, at + count, image.length - at);
            return new Mutant("insert " + count + " at " + at, b);
        }
        count = Math.min(count, image.length - at);
        byte[] b = new byte[image.length - count];
        System.arraycopy(image, 0, b, 0, at);
        System.arraycopy(image, at + count, b, at, image.length - at - count);
        return new Mutant("delete " + count + " at " + at, b);
    }

    /** Header dimensions within each format's fields: JPEG 16 bits, WebP VP8 14 bits, PNG 31 bits. */
    private Mutant resize(byte[] image) {
        int max = image[0] == 'R' ? 16383 : 65535;
        int width;
        int height;
        switch (random.nextInt(4)) {
            case 0 -> {
                width = max;
                height = max;
            }
            case 1 -> {
                width = 1;
                height = 1;
            }
            case 2 -> { // around the test's pixel limit
                width = 1000 + random.nextInt(3000);
                height = 1000 + random.nextInt(3000);
            }
            default -> {
                width = 1 + random.nextInt(max);
                height = 1 + random.nextInt(max);
            }
        }
        return new Mutant("dimensions " + width + "x" + height, HeaderEdits.withDimensions(image, width, height));
    }
}
