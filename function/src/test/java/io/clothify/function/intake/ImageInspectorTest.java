package io.clothify.function.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.function.api.BadRequestException;
import io.clothify.function.api.PayloadTooLargeException;
import io.clothify.function.api.UnprocessableImageException;
import io.clothify.function.api.UnsupportedMediaTypeException;
import io.clothify.function.testing.HeaderEdits;
import io.clothify.function.testing.TestImages;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageInspectorTest {
    private final ImageInspector inspector = new ImageInspector(40_000_000L);

    @Test
    void readsJpegAndPngDimensionsFromTheHeader() {
        assertEquals(new ImageHeader(ImageFormat.JPEG, 400, 424), inspector.inspect(TestImages.photo("t-shirt.jpg")));
        assertEquals(new ImageHeader(ImageFormat.PNG, 37, 21), inspector.inspect(TestImages.png(37, 21)));
        assertEquals(new ImageHeader(ImageFormat.JPEG, 64, 48), inspector.inspect(TestImages.jpeg(64, 48)));
    }

    @Test
    void refusesAPngClaiming50000x50000PixelsWithoutAllocatingThem() {
        byte[] bomb = TestImages.pngHeaderClaiming(50_000, 50_000);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(tid);
        PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class, () -> inspector.inspect(bomb));
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("50000x50000"), e.getMessage());
        assertTrue(allocated < 1_000_000, "allocated " + allocated + " bytes");
    }

    @Test
    void refusesEmptyTextAndOtherFormatsByMagicBytes() {
        assertEquals(400, assertThrows(BadRequestException.class, () -> inspector.inspect(new byte[0])).status());
        UnsupportedMediaTypeException text = assertThrows(UnsupportedMediaTypeException.class,
                () -> inspector.inspect("hello, I am a JPEG".getBytes(StandardCharsets.UTF_8)));
        assertEquals(415, text.status());
        assertTrue(text.getMessage().contains("not a known image format; send JPEG, PNG or WebP"), text.getMessage());
        byte[] bmw = "BMW is not a bitmap, just text".getBytes(StandardCharsets.US_ASCII);
        assertTrue(assertThrows(UnsupportedMediaTypeException.class, () -> inspector.inspect(bmw)).getMessage()
                .startsWith("The bytes are not a known image format"));
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(UnsupportedMediaTypeException.class, () -> inspector.inspect(gif));
    }

    /** The 415 names what was sent, where it is recognised, and always what is accepted. */
    @ParameterizedTest
    @CsvSource({
        "'\u0000\u0000\u0000\u0018ftypheic\u0000\u0000\u0000\u0000mif1heic', HEIC",
        "'\u0000\u0000\u0000\u001Cftypmif1\u0000\u0000\u0000\u0000mif1heic', HEIF",
        "'\u0000\u0000\u0000\u0020ftypavif\u0000\u0000\u0000\u0000avifmif1', AVIF",
        "'GIF87a\u0010\u0000\u0010\u0000', GIF",
        "'BM6\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0036\u0000\u0000\u0000\u0028\u0000\u0000\u0000', BMP",
        "'II*\u0000\u0008\u0000\u0000\u0000', TIFF",
        "'MM\u0000*\u0000\u0000\u0000\u0008', TIFF",
        "'RIFF\u0024\u0000\u0000\u0000WAVEfmt ', a RIFF file that is not WebP",
        "'<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>', SVG",
        "'<!DOCTYPE html><html></html>', HTML",
        "'%PDF-1.7', PDF"})
    void namesRefusedFormatsAndWhatIsAccepted(String magic, String name) {
        byte[] bytes = (magic + "\u0000".repeat(32)).getBytes(StandardCharsets.ISO_8859_1);
        UnsupportedMediaTypeException e = assertThrows(UnsupportedMediaTypeException.class,
                () -> inspector.inspect(bytes));
        assertEquals(415, e.status());
        assertEquals("unsupported_media_type", e.code());
        assertTrue(e.getMessage().startsWith("The image is " + name + "; send JPEG, PNG or WebP"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"t-shirt-lossy.webp, 160, 170", "t-shirt-lossless.webp, 96, 102",
        "pants-alpha-lossy.webp, 160, 214", "pants-alpha-lossless.webp, 96, 129"})
    void readsWebpDimensionsFromVp8Vp8lAndVp8xHeaders(String file, int width, int height) {
        assertEquals(new ImageHeader(ImageFormat.WEBP, width, height), inspector.inspect(TestImages.photo(file)));
    }

    @ParameterizedTest
    @CsvSource({"t-shirt-lossy.webp, 16383, 16383", "t-shirt-lossless.webp, 16384, 16384",
        "pants-alpha-lossy.webp, 16383, 9000", "pants-alpha-lossless.webp, 7000, 7000",
        "t-shirt-lossy.webp, 6326, 6324"})
    void refusesOversizeWebpBeforeDecodingLikeJpegAndPng(String file, int width, int height) {
        byte[] bomb = HeaderEdits.withDimensions(TestImages.photo(file), width, height);
        PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class, () -> inspector.inspect(bomb));
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains(width + "x" + height), e.getMessage());
        assertEquals(new ImageHeader(ImageFormat.WEBP, 6324, 6324),
                inspector.inspect(HeaderEdits.withDimensions(TestImages.photo(file), 6324, 6324)),
                "39,992,976 pixels are allowed");
    }

    @Test
    void readsAnAnimatedWebpsCanvasAndChecksItsFramesFitInside() {
        byte[] frame = Arrays.copyOfRange(TestImages.photo("t-shirt-lossy.webp"), 12, 1860); // its VP8 chunk, 160x170
        byte[] inside = animatedWebp(200, 200, anmf(20, 10, 160, 170, frame));
        assertEquals(new ImageHeader(ImageFormat.WEBP, 200, 200), inspector.inspect(inside));
        byte[] outside = animatedWebp(200, 200, anmf(20, 40, 160, 170, frame));
        assertTrue(assertThrows(UnprocessableImageException.class, () -> inspector.inspect(outside)).getMessage()
                .contains("frame reaches 180x210, outside its 200x200 canvas"));
        assertThrows(UnprocessableImageException.class, () -> inspector.inspect(animatedWebp(200, 200)));
        assertEquals(413, assertThrows(PayloadTooLargeException.class,
                () -> inspector.inspect(animatedWebp(10_000, 10_000, anmf(0, 0, 160, 170, frame)))).status());
    }

    private static byte[] animatedWebp(int width, int height, byte[]... frames) {
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(chunk("VP8X", new byte[] {0x02, 0, 0, 0, (byte) (width - 1), (byte) ((width - 1) >> 8),
            (byte) ((width - 1) >> 16), (byte) (height - 1), (byte) ((height - 1) >> 8), (byte) ((height - 1) >> 16)}));
        out.writeBytes(chunk("ANIM", new byte[6]));
        for (byte[] f : frames) {
            out.writeBytes(f);
        }
        byte[] body = out.toByteArray();
        var riff = java.nio.ByteBuffer.allocate(12 + body.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.length);
        return riff.put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(body).array();
    }

    private static byte[] anmf(int x, int y, int width, int height, byte[] bitstream) {
        var header = java.nio.ByteBuffer.allocate(16 + bitstream.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int v : new int[] {x / 2, y / 2, width - 1, height - 1, 100}) {
            header.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
        }
        return chunk("ANMF", header.put((byte) 0).put(bitstream).array());
    }

    private static byte[] chunk(String fourcc, byte[] payload) {
        var b = java.nio.ByteBuffer.allocate(8 + payload.length + (payload.length & 1))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return b.put(fourcc.getBytes(StandardCharsets.US_ASCII)).putInt(payload.length).put(payload).array();
    }

    @Test
    void refusesTruncatedAndInconsistentWebps() {
        for (String file : new String[] {"t-shirt-lossy.webp", "t-shirt-lossless.webp", "pants-alpha-lossy.webp",
            "pants-alpha-lossless.webp"}) {
            byte[] webp = TestImages.photo(file);
            for (int keep : new int[] {12, 19, 20, 29, 40, webp.length / 2, webp.length - 1}) {
                UnprocessableImageException e = assertThrows(UnprocessableImageException.class,
                        () -> inspector.inspect(Arrays.copyOf(webp, keep)), file + " kept " + keep);
                assertEquals(422, e.status());
                assertTrue(e.getMessage().startsWith("The WebP is truncated"), e.getMessage());
            }
        }
        byte[] alpha = TestImages.photo("pants-alpha-lossy.webp");
        byte[] canvasOnly = alpha.clone();
        canvasOnly[24] = 0x10; // VP8X canvas width-1 from 159 to 16: the VP8 frame inside stays 160 wide
        assertTrue(assertThrows(UnprocessableImageException.class, () -> inspector.inspect(canvasOnly)).getMessage()
                .contains("canvas is 17x214 but its image is 160x214"));
        byte[] notKeyFrame = TestImages.photo("t-shirt-lossy.webp");
        notKeyFrame[20] |= 1;
        assertThrows(UnprocessableImageException.class, () -> inspector.inspect(notKeyFrame));
        byte[] badSignature = TestImages.photo("t-shirt-lossless.webp");
        badSignature[20] = 0x2E;
        assertThrows(UnprocessableImageException.class, () -> inspector.inspect(badSignature));
        byte[] unknownFirstChunk = TestImages.photo("t-shirt-lossy.webp");
        unknownFirstChunk[15] = 'Q';
        assertTrue(assertThrows(UnprocessableImageException.class, () -> inspector.inspect(unknownFirstChunk))
                .getMessage().contains("first chunk is 'VP8Q'"));
    }

    @Test
    void refusesTruncatedJpegsAndPngs() {
        byte[] jpeg = TestImages.photo("pants.jpg");
        for (int keep : new int[] {3, 20, 200, jpeg.length / 2, jpeg.length - 2}) {
            byte[] cut = Arrays.copyOf(jpeg, keep);
            assertEquals(422, assertThrows(UnprocessableImageException.class, () -> inspector.inspect(cut),
                    "kept " + keep).status());
        }
        byte[] png = TestImages.png(40, 40);
        assertThrows(UnprocessableImageException.class, () -> inspector.inspect(Arrays.copyOf(png, 20)));
        assertThrows(UnprocessableImageException.class, () -> inspector.inspect(Arrays.copyOf(png, png.length - 12)));
    }

    @Test
    void appliesThePixelLimitToJpegsToo() {
        ImageInspector small = new ImageInspector(100 * 100);
        assertThrows(PayloadTooLargeException.class, () -> small.inspect(TestImages.jpeg(101, 100)));
        assertEquals(10_000, small.inspect(TestImages.jpeg(100, 100)).pixels());
    }
}
