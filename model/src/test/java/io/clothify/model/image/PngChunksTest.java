package io.clothify.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Compressed text chunks are dropped before any reader can inflate them. */
class PngChunksTest {

    @Test
    void aZtxtBombIsDroppedBeforeDecodingAndThePixelsAreUnchanged() {
        byte[] png = Fixtures.bytes("reference.png");
        byte[] bomb = withChunkAfterHeader(png, "zTXt", ztxt(256 << 20)); // inflates to 256 MB of zeros
        PixelImage plain = ImageDecoder.decode(png, 3, 1000, 1000).image();
        PixelImage decoded = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> ImageDecoder.decode(bomb, 3, 1000, 1000).image());
        assertArrayEquals(plain.pixels(), decoded.pixels());
    }

    @Test
    void keepsTheChunksAskedForAndLeavesMalformedPngsAlone() {
        byte[] png = Fixtures.bytes("reference.png");
        byte[] withText = withChunkAfterHeader(png, "tEXt", "Comment\0hello".getBytes(StandardCharsets.ISO_8859_1));
        assertArrayEquals(png, PngChunks.without(withText, PngChunks.TEXT));
        byte[] truncated = Arrays.copyOf(withText, withText.length - 7);
        assertArrayEquals(truncated, PngChunks.without(truncated, PngChunks.TEXT));
        byte[] headerOnly = PngChunks.only(png, Set.of("IHDR", "IEND"));
        assertEquals(8 + 25 + 12, headerOnly.length, "signature, IHDR and IEND");
    }

    private static byte[] ztxt(int inflatedBytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(new byte[inflatedBytes]);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Comment".getBytes(StandardCharsets.ISO_8859_1));
        out.write(0); // keyword terminator
        out.write(0); // compression method: deflate
        byte[] buffer = new byte[1 << 16];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return out.toByteArray();
    }

    private static byte[] withChunkAfterHeader(byte[] png, String type, byte[] data) {
        int afterHeader = 8 + 12 + 13; // signature, then IHDR (length, type, 13 bytes, CRC)
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterHeader);
        out.writeBytes(chunk.array());
        out.write(png, afterHeader, png.length - afterHeader);
        return out.toByteArray();
    }
}
