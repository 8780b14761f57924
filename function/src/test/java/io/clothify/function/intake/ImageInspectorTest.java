package io.clothify.function.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clothify.function.api.BadRequestException;
import io.clothify.function.api.PayloadTooLargeException;
import io.clothify.function.api.UnprocessableImageException;
import io.clothify.function.api.UnsupportedMediaTypeException;
import io.clothify.function.testing.TestImages;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

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
        assertEquals(415, assertThrows(UnsupportedMediaTypeException.class,
                () -> inspector.inspect("hello, I am a JPEG".getBytes(StandardCharsets.UTF_8))).status());
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(UnsupportedMediaTypeException.class, () -> inspector.inspect(gif));
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
