package io.clothify.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.model.InputSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePipelineTest {

    static byte[] dressJpeg() throws IOException {
        try (InputStream in = ImagePipelineTest.class.getResourceAsStream("/images/dress.jpg")) {
            return in.readAllBytes();
        }
    }

    @Test
    void decodesJpegAndPngToTheSamePixels() throws IOException {
        PixelImage fromJpeg = ImageDecoder.decode(dressJpeg(), 3, 0, 0).image();
        assertEquals(400, fromJpeg.width());
        assertEquals(533, fromJpeg.height());
        BufferedImage rgb = new BufferedImage(fromJpeg.width(), fromJpeg.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                rgb.setRGB(x, y, fromJpeg.sample(x, y, 0) << 16 | fromJpeg.sample(x, y, 1) << 8
                        | fromJpeg.sample(x, y, 2));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(rgb, "png", png);
        PixelImage fromPng = ImageDecoder.decode(png.toByteArray(), 3, 0, 0).image();
        assertArrayEquals(fromJpeg.pixels(), fromPng.pixels());
    }

    @Test
    void evalTensorHasTheSpecShapeAndNormalization() throws IOException {
        InputSpec spec = new InputSpec(64, 64, 3, List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5), 0.875);
        ImagePipeline pipeline = new ImagePipeline(spec);
        float[] tensor = pipeline.evalTensor(ImageDecoder.decode(dressJpeg(), 3, 0, 0).image());
        assertEquals(3 * 64 * 64, tensor.length);
        for (float v : tensor) {
            assertTrue(v >= -1f && v <= 1f, "value out of the -1..1 range: " + v);
        }
        assertArrayEquals(tensor, pipeline.evalTensor(ImageDecoder.decode(dressJpeg(), 3, 0, 0).image()),
                "preprocessing must be deterministic");
    }

    @Test
    void shrinkingAveragesInsteadOfSampling() {
        byte[] stripes = new byte[8 * 8];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                stripes[y * 8 + x] = (byte) (x % 2 == 0 ? 0 : 200);
            }
        }
        PixelImage small = Resampler.resize(new PixelImage(8, 8, 1, stripes), 2, 2);
        for (byte b : small.pixels()) {
            assertTrue(Math.abs((b & 0xFF) - 100) <= 15, "expected about 100, got " + (b & 0xFF)
                    + " in " + Arrays.toString(small.pixels()));
        }
    }

    @Test
    void rejectsBytesThatAreNotAnImage() {
        assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(new byte[0], 3, 0, 0));
        assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.decode("hello, not an image".getBytes(), 3, 0, 0));
    }

    @Test
    void truncatedJpegIsADecodeErrorNotACrash() throws IOException {
        byte[] jpeg = dressJpeg();
        byte[] head = Arrays.copyOf(jpeg, 200);
        assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(head, 3, 0, 0));
    }
}
