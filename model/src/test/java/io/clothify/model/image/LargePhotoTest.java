package io.clothify.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.InputSpec;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A photo much larger than the network's input is decoded at a reduced scale; its tensor must not depend on that.
 * The large photo is the committed dress photo upscaled 4x (bicubic) at run time.
 */
class LargePhotoTest {
    private static final ImagePipeline PIPELINE = new ImagePipeline(InputSpec.rgb(128, 0.875));

    @Test
    void aPhotoFourTimesLargerGivesTheSameTensorWithinTolerance() throws IOException {
        byte[] photo = ImagePipelineTest.dressJpeg(); // 400x533
        byte[] large = TestJpegs.upscaled(photo, 1600, 2132, 0.95f);
        DecodedImage small = PIPELINE.decode(photo);
        DecodedImage big = PIPELINE.decode(large);
        assertEquals(1600, big.width());
        assertEquals(2132, big.height());
        assertTrue(big.image().width() < 1600 / 4 * 2, "decoded at a reduced scale: " + big.image().width());
        assertTrue(big.image().width() >= 2 * PIPELINE.spec().resizeWidth(), "at least twice the pre-crop size");
        SampleDifference difference = SampleDifference.between(PIPELINE.evalTensor(small.image()),
                PIPELINE.evalTensor(big.image()));
        // measured mean 0.23 and max 9.9; the upscale and re-encoding are lossy
        assertTrue(difference.withinReducedScaleTolerance(), difference.toString());
    }

    @Test
    void subsamplingFollowsTheOrientedSidesAndTheAnswerReportsTheFullUprightSize() {
        byte[] sideways = Fixtures.bytes("orientation-6.png"); // stored 80x64, upright 64x80
        DecodedImage full = ImageDecoder.decode(sideways, 3, 0, 0);
        assertEquals(64, full.width());
        assertEquals(80, full.height());
        DecodedImage reduced = ImageDecoder.decode(sideways, 3, 16, 40);
        assertEquals(64, reduced.width());
        assertEquals(80, reduced.height());
        assertEquals(32, reduced.image().width(), "step 2: 64/16 = 4 across but 80/40 = 2 down");
        assertEquals(40, reduced.image().height());
    }

    @Test
    void theFastYccPathGivesTheReadersPixels() throws IOException {
        byte[] large = TestJpegs.upscaled(ImagePipelineTest.dressJpeg(), 1600, 2132, 0.9f); // JFIF, 4:2:0
        byte[] exifOnly = withoutJfif(large);                                   // a phone's layout
        assertTrue(JpegYcc.isPlainYcc(large) && JpegYcc.isPlainYcc(exifOnly));
        assertTrue(!JpegYcc.isPlainYcc(Fixtures.bytes("ycck.jpg")) && !JpegYcc.isPlainYcc(Fixtures.bytes("gray.jpg"))
                && !JpegYcc.isPlainYcc(Fixtures.bytes("adobe-rgb.jpg")), "CMYK, gray and ICC JPEGs take the reader");
        for (byte[] photo : new byte[][] {large, exifOnly, Fixtures.bytes("progressive.jpg"),
            Fixtures.bytes("orientation-6.jpg")}) {
            for (int channels : new int[] {1, 3}) {
                // a step of 2 to 7, below the 1/8-scale decoder's 8
                boolean big = photo == large || photo == exifOnly;
                int min = big ? 300 : 20;
                PixelImage fast = ImageDecoder.decode(photo, channels, min, min, true).image();
                PixelImage reader = ImageDecoder.decode(photo, channels, min, min, false).image();
                assertTrue(fast.width() <= (big ? 1600 : 64) / 2, "subsampled: " + fast.width());
                assertArrayEquals(reader.pixels(), fast.pixels());
            }
        }
    }

    /** The JPEG without its JFIF APP0 segment (right after the start-of-image marker in Java's output). */
    private static byte[] withoutJfif(byte[] jpeg) {
        assertEquals(0xE0, jpeg[3] & 0xFF);
        int length = ((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF);
        byte[] out = new byte[jpeg.length - 2 - length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(jpeg, 4 + length, out, 2, jpeg.length - 4 - length);
        return out;
    }

    @Test
    void grayIsExactInOneChannelToo() {
        PixelImage gray = Fixtures.decode("gray8.png", 1);
        PixelImage asRgb = Fixtures.decode("gray-reference.png", 1);
        assertArrayEquals(asRgb.pixels(), gray.pixels());
        assertArrayEquals(gray.pixels(), Fixtures.decode("gray16.png", 1).pixels());
    }
}
