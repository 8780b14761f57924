package io.clothify.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.InputSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The 1/8-scale JPEG decoder against the general reader's full decode averaged over the same 8x8 blocks, on the
 * fixtures of {@code images/eighth/make-fixtures.sh} (197x267: partial blocks and MCUs on both sides).
 */
class JpegDcDecoderTest {
    /** 24 px is at most an eighth of both sides (197 / 24 = 8): the 1/8-scale path applies. */
    private static final int MIN = 24;

    static byte[] fixture(String name) {
        try (InputStream in = JpegDcDecoderTest.class.getResourceAsStream("/images/eighth/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The mean of each 8x8 block of {@code full}; a block that reaches past the image is filled as the encoder filled
     * it, by repeating the last column and row.
     */
    static PixelImage blockMeans(PixelImage full) {
        int w = (full.width() + 7) / 8;
        int h = (full.height() + 7) / 8;
        int c = full.channels();
        byte[] out = new byte[w * h * c];
        for (int by = 0; by < h; by++) {
            for (int bx = 0; bx < w; bx++) {
                for (int ch = 0; ch < c; ch++) {
                    int sum = 0;
                    for (int y = 8 * by; y < 8 * by + 8; y++) {
                        for (int x = 8 * bx; x < 8 * bx + 8; x++) {
                            sum += full.sample(Math.min(x, full.width() - 1), Math.min(y, full.height() - 1), ch);
                        }
                    }
                    out[(by * w + bx) * c + ch] = (byte) Math.round(sum / 64f);
                }
            }
        }
        return new PixelImage(w, h, c, out);
    }

    private static PixelImage eighth(byte[] jpeg, int channels) {
        DecodedImage decoded = ImageDecoder.decode(jpeg, channels, MIN, MIN);
        assertEquals(197, decoded.width());
        assertEquals(267, decoded.height());
        return decoded.image();
    }

    /**
     * Tolerance, in 0..255 sample units (measured on 2026-12-04 in the comments). A block's DC is the exact mean of
     * its samples before the inverse DCT rounds and clamps each of them, so gray, luma and full-resolution chroma
     * differ by that rounding only: at most 3, mean 0.3. Subsampled chroma is interpolated between the means of its
     * 16-pixel (8 for 4:2:2 down, 32 for 4:1:1 across) blocks instead of averaged over each 8x8 block from the
     * reader's full-resolution chroma: the two differ where the color changes sharply inside a chroma block, by up
     * to 26 in one channel of a pixel, mean 2.2. (The resize to the network's input averages such pixels further.)
     */
    @ParameterizedTest
    @CsvSource({
        // file, channels, max, mean         measured max, mean
        "gray.jpg, 1, 3, 0.15",           // 2, 0.07
        "444.jpg, 3, 3, 0.3",             // 2, 0.21
        "420.jpg, 1, 3, 0.15",            // 2, 0.09: gray from YCbCr is mostly luma
        "420.jpg, 3, 20, 1.6",            // 16, 1.36
        "422.jpg, 3, 20, 1.6",            // 15, 1.27
        "411.jpg, 3, 26, 2.2",            // 22, 1.95
        "restart.jpg, 3, 20, 1.6",        // 16, 1.36
    })
    void theEighthIsTheReadersImageAveragedOverEachBlock(String file, int channels, int max, double mean) {
        byte[] jpeg = fixture(file);
        assertNotNull(JpegDcDecoder.header(jpeg), file + " is one the 1/8-scale decoder takes");
        PixelImage got = eighth(jpeg, channels);
        assertEquals(25, got.width());
        assertEquals(34, got.height());
        PixelImage want = blockMeans(ImageDecoder.decode(jpeg, channels, 0, 0, false).image());
        Fixtures.Difference d = Fixtures.Difference.of(got, want);
        assertTrue(d.max() <= max && d.mean() <= mean && Math.abs(d.bias()) < 0.5, file + ": " + d);
    }

    @Test
    void restartMarkersChangeNothing() {
        // the same image, tables and coefficients as 420.jpg, coded with a restart marker every 5 MCUs
        assertArrayEquals(eighth(fixture("420.jpg"), 3).pixels(), eighth(fixture("restart.jpg"), 3).pixels());
    }

    @Test
    void theExifOrientationIsApplied() {
        byte[] sideways = fixture("orientation-6.jpg"); // 420.jpg with an EXIF Orientation 6
        DecodedImage upright = ImageDecoder.decode(sideways, 3, MIN, MIN);
        assertEquals(267, upright.width(), "the full upright size");
        assertEquals(197, upright.height());
        PixelImage stored = eighth(fixture("420.jpg"), 3);
        assertArrayEquals(Orientation.apply(stored, 6).pixels(), upright.image().pixels());
        assertEquals(34, upright.image().width());
    }

    @Test
    void aProgressiveJpegTakesTheReader() {
        byte[] progressive = fixture("progressive.jpg");
        assertNull(JpegDcDecoder.header(progressive));
        PixelImage got = ImageDecoder.decode(progressive, 3, MIN, MIN).image();
        assertArrayEquals(ImageDecoder.decode(progressive, 3, MIN, MIN, false).image().pixels(), got.pixels());
        assertEquals((197 - 4 + 7) / 8, got.width(), "source subsampling: every 8th pixel from the 4th");
    }

    @Test
    void cmykAndSmallJpegsTakeTheReader() {
        assertNull(JpegDcDecoder.header(Fixtures.bytes("ycck.jpg")), "4 components");
        byte[] jpeg = fixture("420.jpg");
        // one size less than 8 times smaller: source subsampling with a step of 7
        PixelImage seventh = ImageDecoder.decode(jpeg, 3, 197 / 7, 267 / 7).image();
        assertArrayEquals(ImageDecoder.decode(jpeg, 3, 197 / 7, 267 / 7, false).image().pixels(), seventh.pixels());
    }

    @Test
    void aStreamThatEndsEarlyTakesTheReader() {
        byte[] jpeg = fixture("420.jpg");
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
        JpegHeader header = JpegDcDecoder.header(truncated);
        assertNotNull(header);
        assertNull(JpegDcDecoder.decode(truncated, header, 3), "half the data: refused, not padded with gray");
        DecodedImage byReader = ImageDecoder.decode(truncated, 3, MIN, MIN); // the reader pads, as it always did
        assertArrayEquals(ImageDecoder.decode(truncated, 3, MIN, MIN, false).image().pixels(),
                byReader.image().pixels());
    }

    @Test
    void aPhotoEightTimesLargerGivesTheSameTensorWithinTolerance() throws IOException {
        ImagePipeline pipeline = new ImagePipeline(InputSpec.rgb(128, 0.875));
        byte[] photo = ImagePipelineTest.dressJpeg(); // 400x533
        byte[] large = TestJpegs.upscaled(photo, 3200, 4264, 0.9f);
        assertNotNull(JpegDcDecoder.header(large));
        DecodedImage big = pipeline.decode(large);
        assertEquals(400, big.image().width(), "1/8 scale");
        SampleDifference difference = SampleDifference.between(pipeline.evalTensor(pipeline.decode(photo).image()),
                pipeline.evalTensor(big.image()));
        // the same tolerance as LargePhotoTest's 4x photo
        assertTrue(difference.withinReducedScaleTolerance(), difference.toString());
    }
}
