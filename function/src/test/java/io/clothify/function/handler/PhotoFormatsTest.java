package io.clothify.function.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.function.loading.ArtifactLoaders;
import io.clothify.function.testing.OrientedImages;
import io.clothify.function.testing.TestImages;
import io.clothify.function.testing.TestServices;
import io.clothify.model.Classifier;
import io.clothify.model.image.ImageDecoder;
import io.clothify.model.image.PixelImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped models through the handler: a photo answers the same upright or EXIF-turned, at its size, 4x or 8x, and
 * Fashion-MNIST's gray images sent as 8-bit gray PNGs answer exactly what their raw pixels do.
 */
class PhotoFormatsTest {
    private static final Path ARTIFACTS = Path.of("..", "model", "artifacts");
    private static final Path FIXTURES = Path.of("..", "training-job", "src", "test", "resources", "fixtures");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PredictHandler clothing;

    @BeforeAll
    static void loadModel() {
        clothing = new PredictHandler(TestServices.service(ARTIFACTS.resolve("default-model.tar.gz"), Set.of()));
    }

    @AfterAll
    static void close() {
        clothing.service().close();
    }

    @Test
    void turnedPhotosWithAnOrientationTagAnswerExactlyAsUpright() throws IOException {
        for (Path photo : testPhotos()) {
            BufferedImage upright = OrientedImages.read(Files.readAllBytes(photo));
            JsonNode want = predict(clothing, OrientedImages.encode(upright, "png"));
            for (int orientation : new int[] {3, 6, 8}) {
                JsonNode got = predict(clothing, OrientedImages.png(OrientedImages.stored(upright, orientation),
                        orientation));
                assertEquals(want.get("predictions"), got.get("predictions"), photo + " orientation " + orientation);
                assertEquals(upright.getWidth(), got.at("/image/width").asInt(), "width after orientation");
                assertEquals(upright.getHeight(), got.at("/image/height").asInt(), "height after orientation");
            }
        }
    }

    @Test
    void aPhoneJpegStoredSidewaysAnswersAsUprightAndReportsItsUprightSize() throws IOException {
        int same = 0;
        List<Path> photos = testPhotos();
        for (Path photo : photos) {
            BufferedImage upright = OrientedImages.read(Files.readAllBytes(photo));
            String want = predict(clothing, OrientedImages.encode(upright, "jpg")).get("label").asText();
            JsonNode got = predict(clothing, OrientedImages.jpeg(OrientedImages.stored(upright, 6), 6));
            same += want.equals(got.get("label").asText()) ? 1 : 0;
            assertEquals(upright.getWidth(), got.at("/image/width").asInt());
            assertEquals(upright.getHeight(), got.at("/image/height").asInt());
        }
        // both are JPEG re-encodings, whose blocks fall differently on a turned grid: a label may rarely flip
        assertTrue(same >= photos.size() - 1, same + " of " + photos.size() + " labels kept");
    }

    @Test
    void webpPhotosAnswerLikeTheSamePixelsAsPng() throws IOException {
        for (String name : List.of("t-shirt-lossless", "pants-alpha-lossless", "t-shirt-lossy")) {
            byte[] webp = TestImages.photo(name + ".webp");
            BufferedImage pixels = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(webp));
            // the same pixels as a PNG, transparent ones composited onto white as the decoder does (decoded whole:
            // a minimum size of the image itself turns reduced-scale decoding off)
            byte[] png = OrientedImages.encode(onWhite(pixels), "png");
            PixelImage fromWebp = ImageDecoder.decode(webp, 3, pixels.getWidth(), pixels.getHeight()).image();
            PixelImage fromPng = ImageDecoder.decode(png, 3, pixels.getWidth(), pixels.getHeight()).image();
            int maxDifference = 0;
            for (int k = 0; k < fromWebp.pixels().length; k++) {
                maxDifference = Math.max(maxDifference,
                        Math.abs((fromWebp.pixels()[k] & 0xFF) - (fromPng.pixels()[k] & 0xFF)));
            }
            assertTrue(maxDifference <= 1, name + ": WebP and PNG pixels differ by " + maxDifference);
            JsonNode got = predict(clothing, webp);
            assertEquals("webp", got.at("/image/format").asText(), got.toString());
            assertEquals(pixels.getWidth(), got.at("/image/width").asInt());
            assertEquals(predict(clothing, png).get("label"), got.get("label"), name);
        }
    }

    private static BufferedImage onWhite(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    /** 4x: decoded by source subsampling; 8x: at 1/8 scale from the DC coefficients (JpegDcDecoder). */
    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void aPhotoManyTimesLargerKeepsItsLabel(int factor) throws IOException {
        int same = 0;
        List<Path> photos = testPhotos();
        for (Path photo : photos) {
            byte[] bytes = Files.readAllBytes(photo);
            BufferedImage upright = OrientedImages.read(bytes);
            BufferedImage large = new BufferedImage(upright.getWidth() * factor, upright.getHeight() * factor,
                    BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = large.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(upright, 0, 0, large.getWidth(), large.getHeight(), null);
            g.dispose();
            JsonNode got = predict(clothing, OrientedImages.encode(large, "jpg"));
            same += predict(clothing, bytes).get("label").equals(got.get("label")) ? 1 : 0;
            assertEquals(large.getWidth(), got.at("/image/width").asInt(), "the full size, not the decoded one");
        }
        assertEquals(photos.size(), same, "labels kept at " + factor + "x");
    }

    @Test
    void fashionMnistAsGrayPngsAnswersExactlyAsItsRawPixels() throws IOException {
        Path archive = ARTIFACTS.resolve("fashion-mnist-compact-cnn.tar.gz");
        byte[] pixels = idxPayload(FIXTURES.resolve("fashion-mnist/t10k-images-idx3-ubyte.gz"), 16);
        PredictHandler handler = new PredictHandler(TestServices.service(archive, Set.of()));
        try (Classifier direct = ArtifactLoaders.detecting().load(archive)) {
            for (int i = 0; i < 100; i++) {
                byte[] image = Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784);
                BufferedImage gray = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
                gray.getRaster().setDataElements(0, 0, 28, 28, image);
                JsonNode answer = predict(handler, OrientedImages.encode(gray, "png"));
                double want = direct.classify(new PixelImage(28, 28, 1, image)).top().probability();
                assertEquals(want, answer.get("probability").asDouble(), 1e-6, "image " + i);
            }
        } finally {
            handler.service().close();
        }
    }

    private static JsonNode predict(PredictHandler handler, byte[] image) throws IOException {
        HttpResponse response = handler.handle(new HttpRequest("POST", "/predict",
                Map.of("content-type", "application/octet-stream"), Map.of(),
                Base64.getEncoder().encodeToString(image), true, "photo-formats"), "photo-formats");
        assertEquals(200, response.status(), response.body());
        return JSON.readTree(response.body());
    }

    private static List<Path> testPhotos() throws IOException {
        List<Path> photos = new ArrayList<>();
        try (Stream<Path> classes = Files.list(FIXTURES.resolve("clothing/test"))) {
            for (Path folder : classes.sorted().toList()) {
                try (Stream<Path> files = Files.list(folder)) {
                    photos.addAll(files.sorted().toList());
                }
            }
        }
        return photos;
    }

    private static byte[] idxPayload(Path file, int headerBytes) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            in.skipNBytes(headerBytes);
            return in.readAllBytes();
        }
    }
}
