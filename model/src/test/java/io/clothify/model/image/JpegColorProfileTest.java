package io.clothify.model.image;

import static io.clothify.model.image.JpegDcDecoderTest.blockMeans;
import static io.clothify.model.image.JpegDcDecoderTest.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ICC-tagged JPEGs on the 1/8-scale path: the embedded profile is applied as the general reader applies it, on the
 * fixtures of {@code images/eighth/make-fixtures.sh} (197x267, 4:2:0; {@code p3.jpg} holds Display P3 samples tagged
 * with a Display P3 profile, as iPhones write them).
 */
class JpegColorProfileTest {
    private static final int MIN = 24;

    private static PixelImage eighth(byte[] jpeg, int channels) {
        assertNotNull(JpegDcDecoder.header(jpeg), "the 1/8-scale decoder takes it");
        PixelImage image = ImageDecoder.decode(jpeg, channels, MIN, MIN).image();
        assertEquals(25, image.width(), "1/8 scale");
        return image;
    }

    private static PixelImage readerBlockMeans(byte[] jpeg, int channels) {
        return blockMeans(ImageDecoder.decode(jpeg, channels, 0, 0, false).image());
    }

    /** The JPEG without its APP2 ICC_PROFILE segments: the same scan, samples taken as sRGB. */
    static byte[] withoutProfile(byte[] jpeg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int i = 2;
        while ((jpeg[i + 1] & 0xFF) != 0xDA) {
            int end = i + 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
            if (!((jpeg[i + 1] & 0xFF) == 0xE2 && JpegYcc.startsWith(jpeg, i + 4, "ICC_PROFILE\0"))) {
                out.write(jpeg, i, end - i);
            }
            i = end;
        }
        out.write(jpeg, i, jpeg.length - i);
        return out.toByteArray();
    }

    /**
     * Against the reader's full decode averaged over each 8x8 block, in 0..255 sample units (measured on 2026-12-04
     * in the comments). With full chroma the conversion adds almost nothing to the DC path's rounding: converting
     * block means is not averaging converted pixels (the transfer curve is not linear), but over an 8x8 block of a
     * photo the two differ by a unit or so. With 4:2:0 chroma the interpolation error of {@link JpegDcDecoderTest}
     * dominates; the P3 fixtures' colors are twice as saturated as the dress's, so it is larger (the same file with
     * its profile ignored: 29, 2.24), and the P3-to-sRGB matrix, which stretches saturation, adds a little.
     */
    @ParameterizedTest
    @CsvSource({
        // file, channels, max, mean         measured max, mean
        "p3.jpg, 3, 4, 0.4",              // 3, 0.28
        "p3.jpg, 1, 3, 0.25",             // 2, 0.16
        "p3-chunks.jpg, 3, 4, 0.4",       // 3, 0.28
        "p3-420.jpg, 3, 36, 3.0",         // 31, 2.53
        "p3-420.jpg, 1, 3, 0.4",          // 2, 0.28
        "srgb.jpg, 3, 20, 1.6",           // 16, 1.36: as the untagged 420.jpg
        "icc-corrupt.jpg, 3, 4, 0.4",     // 3, 0.24: the profile ignored, by both paths
    })
    void theEighthIsTheReadersConvertedImageAveragedOverEachBlock(String file, int channels, int max,
            double mean) {
        byte[] jpeg = fixture(file);
        Fixtures.Difference d = Fixtures.Difference.of(eighth(jpeg, channels), readerBlockMeans(jpeg, channels));
        assertTrue(d.max() <= max && d.mean() <= mean && Math.abs(d.bias()) < 0.5, file + ": " + d);
    }

    @Test
    void theDisplayP3ProfileIsApplied() {
        byte[] p3 = fixture("p3.jpg");
        PixelImage reader = readerBlockMeans(p3, 3);
        Fixtures.Difference converted = Fixtures.Difference.of(eighth(p3, 3), reader);
        Fixtures.Difference unconverted = Fixtures.Difference.of(eighth(withoutProfile(p3), 3), reader);
        // P3 samples taken as sRGB are duller than the reader's converted ones, by far more than the 1/8 path's error
        // (measured 2026-12-04: converted max 3, mean 0.28; unconverted max 15, mean 1.67)
        assertTrue(unconverted.mean() > 3 * converted.mean() && unconverted.max() > 2 * converted.max(),
                "converted " + converted + ", unconverted " + unconverted);
    }

    @Test
    void aProfileInThreeChunksIsTheProfileInOne() {
        assertArrayEquals(eighth(fixture("p3.jpg"), 3).pixels(), eighth(fixture("p3-chunks.jpg"), 3).pixels());
    }

    @Test
    void aCorruptProfileIsIgnoredAsTheReaderIgnoresIt() {
        byte[] corrupt = fixture("icc-corrupt.jpg"); // p3.jpg with junk over its profile's header
        assertArrayEquals(eighth(withoutProfile(corrupt), 3).pixels(), eighth(corrupt, 3).pixels());
        assertArrayEquals(ImageDecoder.decode(withoutProfile(corrupt), 3, 0, 0, false).image().pixels(),
                ImageDecoder.decode(corrupt, 3, 0, 0, false).image().pixels(), "the reader ignores it too");
    }

    @Test
    void chunksThatContradictEachOtherAreRefusedAsByTheReader() {
        byte[] jpeg = fixture("p3-chunks.jpg").clone();
        int second = -1;
        for (int i = 2, seen = 0; second < 0; i++) { // the second ICC_PROFILE segment
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xE2 && ++seen == 2) {
                second = i;
            }
        }
        jpeg[second + 17] = 2; // its count: "2 of 2" in a profile announced as 3 chunks
        byte[] contradicting = jpeg;
        ImageDecodeException byReader = assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.decode(contradicting, 3, 0, 0, false));
        ImageDecodeException fast = assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.decode(contradicting, 3, MIN, MIN));
        assertEquals(byReader.getMessage(), fast.getMessage());
    }

    @Test
    void aGrayJpegsProfileIsNotAppliedByEitherPath() {
        byte[] tagged = fixture("gray-icc.jpg"); // gray.jpg with a gray profile
        assertArrayEquals(eighth(fixture("gray.jpg"), 1).pixels(), eighth(tagged, 1).pixels());
        assertArrayEquals(ImageDecoder.decode(fixture("gray.jpg"), 1, 0, 0, false).image().pixels(),
                ImageDecoder.decode(tagged, 1, 0, 0, false).image().pixels());
    }
}
