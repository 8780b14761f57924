package io.clothify.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.InputSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every committed fixture against its upright RGB reference: pixels and the tensor of the shared pipeline are equal
 * where the fixture holds the same samples, and within a stated tolerance (in 0..255 sample units) where it is a
 * lossy re-encoding.
 */
class ImageDecoderTest {
    private static final ImagePipeline PIPELINE = new ImagePipeline(InputSpec.rgb(32, 0.875));

    private static void assertSame(String file, String reference) {
        PixelImage got = Fixtures.decode(file, 3);
        PixelImage want = Fixtures.decode(reference, 3);
        assertArrayEquals(want.pixels(), got.pixels(), file + " against " + reference);
        assertArrayEquals(PIPELINE.evalTensor(want), PIPELINE.evalTensor(got), file + " tensor");
    }

    private static Fixtures.Difference assertClose(String file, String reference, int maxDiff, double meanDiff) {
        Fixtures.Difference d = Fixtures.Difference.of(Fixtures.decode(file, 3), Fixtures.decode(reference, 3));
        assertTrue(d.max() <= maxDiff && d.mean() <= meanDiff, file + " against " + reference + ": " + d);
        return d;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyExifOrientationOfAPngIsTurnedUpright(int orientation) {
        assertSame("orientation-" + orientation + ".png", "reference.png");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyExifOrientationOfAJpegIsTurnedUpright(int orientation) {
        // jpegtran turned the DCT blocks losslessly; the IDCT rounds a turned block slightly differently
        assertClose("orientation-" + orientation + ".jpg", "reference.jpg", 3, 0.1);
    }

    @Test
    void anEmbeddedProfileIsConvertedToSrgb() {
        PixelImage reference = Fixtures.decode("reference.png", 3);
        Fixtures.Difference untagged = Fixtures.Difference.of(Fixtures.decode("adobe-rgb-untagged.png", 3), reference);
        for (String tagged : new String[] {"adobe-rgb.png", "adobe-rgb.webp"}) { // lossless, unlike the JPEG
            Fixtures.Difference converted = Fixtures.Difference.of(Fixtures.decode(tagged, 3), reference);
            assertTrue(converted.max() < untagged.max() && converted.mean() < untagged.mean() / 2,
                    tagged + ": " + converted + ", the same samples read as sRGB: " + untagged);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "gray8.png, gray-reference.png",
        "gray16.png, gray-reference.png",
        "gray4.png, gray4-reference.png",
        "rgb16.png, reference.png",
        "palette.png, palette-reference.png",
        "progressive.jpg, reference.jpg",
        "lossless.webp, reference.png",
        "orientation-6.webp, reference.png",
    })
    void exactSamples(String file, String reference) {
        assertSame(file, reference);
    }

    /** ImageMagick's flattening onto white is the reference; its rounding differs by at most one step. */
    @ParameterizedTest
    @CsvSource({
        "rgba8.png, rgba-on-white.png",
        "rgba16.png, rgba-on-white.png",
        "gray-alpha8.png, gray-alpha-on-white.png",
        "gray-alpha16.png, gray-alpha-on-white.png",
        "palette-alpha.png, palette-alpha-on-white.png",
        "alpha.webp, rgba-on-white.png",
    })
    void transparentPixelsAreCompositedOntoWhite(String file, String reference) {
        assertClose(file, reference, 1, 0.5);
    }

    @ParameterizedTest
    @CsvSource({
        "lossy.webp, reference.png, 40, 2.5, 0.5",
        "lossy-alpha.webp, rgba-on-white.png, 40, 2.0, 0.5",
        "gray.jpg, gray-reference.png, 16, 1.0, 0.5",
        "ycck.jpg, reference.png, 16, 1.5, 0.5",
        // two ICC conversions (LCMS in ImageMagick, then in Java) on top of JPEG's loss
        "ycck-icc.jpg, reference.png, 40, 6.0, 5.0",
        "adobe-rgb.jpg, reference.png, 24, 2.0, 0.5",
        // lossless, but two ICC conversions (to Adobe RGB by ImageMagick, back to sRGB by Java) round twice
        "adobe-rgb.png, reference.png, 4, 1.0, 1.0",
        "adobe-rgb.webp, reference.png, 4, 1.0, 1.0",
    })
    void lossyReEncodingsStayWithinTheirTolerance(String file, String reference, int max, double mean, double bias) {
        Fixtures.Difference d = assertClose(file, reference, max, mean);
        assertTrue(Math.abs(d.bias()) <= bias, file + " is brighter or darker on average: " + d);
    }
}
