package io.clothify.model.image;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of the 1/8-scale decoder's fixtures: bit flips (half of them in the headers), truncations,
 * random bytes written over the data or the header, bytes inserted into or deleted from the headers. The decoder
 * itself never throws (it answers {@code null} and the caller takes the reader), the whole decode throws nothing
 * but {@link ImageDecodeException}, and nothing hangs.
 */
class JpegDcMutationTest {
    private static final long SEED = 20261204L;
    private static final int MUTANTS = 1200;

    @Test
    void noMutantBreaksTheDecoderOrHangs() {
        List<byte[]> originals = List.of(JpegDcDecoderTest.fixture("420.jpg"), JpegDcDecoderTest.fixture("444.jpg"),
                JpegDcDecoderTest.fixture("411.jpg"), JpegDcDecoderTest.fixture("gray.jpg"),
                JpegDcDecoderTest.fixture("restart.jpg"), JpegDcDecoderTest.fixture("p3-chunks.jpg"));
        Random random = new Random(SEED);
        int[] outcomes = new int[3]; // decoded at 1/8 scale, decoded by the reader, refused
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < MUTANTS; i++) {
                byte[] original = originals.get(i % originals.size());
                byte[] mutant = mutate(original, random);
                String what = "mutant " + i;
                try {
                    JpegHeader header = JpegDcDecoder.header(mutant);
                    PixelImage eighth = header == null ? null : JpegDcDecoder.decode(mutant, header, 3);
                    ImageDecoder.decode(mutant, 3, 24, 24);
                    outcomes[eighth != null ? 0 : 1]++; // counted once the whole decoder has accepted it
                } catch (ImageDecodeException refused) {
                    outcomes[2]++;
                } catch (RuntimeException | Error e) {
                    throw new AssertionError(what + " threw " + e, e);
                }
            }
        });
        // the mix is part of the test: a mutation test where nothing reaches the scan decoder would prove little
        assertTrue(outcomes[0] > MUTANTS / 10 && outcomes[1] > MUTANTS / 10, Arrays.toString(outcomes));
    }

    @Test
    void segmentsCutShortAtTheEndOfTheBytesAreRefused() {
        byte[] jpeg = JpegDcDecoderTest.fixture("420.jpg");
        int scan = 0;
        while (!((jpeg[scan] & 0xFF) == 0xFF && (jpeg[scan + 1] & 0xFF) == 0xDA)) {
            scan++;
        }
        for (int length = 0; length <= 16; length++) { // an SOS segment claiming 0..16 bytes, then nothing
            byte[] cut = Arrays.copyOf(jpeg, scan + 4);
            cut[scan + 2] = 0;
            cut[scan + 3] = (byte) length;
            assertTrue(JpegDcDecoder.header(cut) == null, "length " + length);
        }
        for (int keep = 0; keep < scan + 12; keep++) { // every cut through the headers
            assertTrue(JpegDcDecoder.header(Arrays.copyOf(jpeg, keep)) == null, "cut at " + keep);
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        int headerEnd = Math.min(700, b.length); // these fixtures' tables and frame lie in their first ~620 bytes
        switch (random.nextInt(5)) {
            case 0 -> { // bit flips, half in the headers
                for (int k = 1 + random.nextInt(6); k > 0; k--) {
                    int at = random.nextBoolean() ? random.nextInt(headerEnd) : random.nextInt(b.length);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length)); // truncation
            case 2 -> { // random bytes over the data or the header
                int length = 1 + random.nextInt(64);
                int at = random.nextBoolean() ? random.nextInt(headerEnd) : random.nextInt(b.length - length);
                for (int k = 0; k < length && at + k < b.length; k++) {
                    b[at + k] = (byte) random.nextInt(256);
                }
            }
            case 3 -> { // bytes inserted into or deleted from the headers
                int at = 2 + random.nextInt(headerEnd - 2);
                int count = 1 + random.nextInt(4);
                byte[] out = new byte[random.nextBoolean() ? b.length + count : b.length - count];
                System.arraycopy(b, 0, out, 0, at);
                if (out.length > b.length) {
                    System.arraycopy(b, at, out, at + count, b.length - at);
                } else {
                    System.arraycopy(b, at + count, out, at, b.length - at - count);
                }
                b = out;
            }
            default -> { // a 0xFF marker prefix written somewhere in the data
                int at = headerEnd + random.nextInt(b.length - headerEnd - 1);
                b[at] = (byte) 0xFF;
                b[at + 1] = (byte) (random.nextBoolean() ? 0xD0 + random.nextInt(8) : random.nextInt(256));
            }
        }
        return b;
    }
}
