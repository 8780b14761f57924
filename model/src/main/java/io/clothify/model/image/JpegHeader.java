package io.clothify.model.image;

/**
 * The markers of a baseline JPEG from its start to its first scan, as far as the reduced-scale decoder needs them:
 * the frame (size, components, sampling factors), quantization and Huffman tables, the restart interval and the
 * first scan's header. Anything the decoder does not handle is refused here, so that the caller falls back to the
 * general reader: a frame other than baseline or extended sequential Huffman (SOF0/SOF1), a precision other than
 * 8 bits, other than 1 or 3 components, sampling factors that do not divide the largest, a first scan that does
 * not hold every component. An embedded ICC profile is noted ({@link #iccProfile}), not read: {@link JpegColorProfile}
 * asks the general reader for it.
 */
final class JpegHeader {
    /** One component of the frame, with the tables its scan uses. */
    record Component(int id, int h, int v, int[] quantization, JpegHuffmanTable dc, JpegHuffmanTable ac) {}

    final int width;
    final int height;
    final Component[] components;
    final int maxH;
    final int maxV;
    final int restartInterval;
    /** Offset of the first scan's entropy-coded data. */
    final int scanStart;
    /** Whether an APP2 {@code ICC_PROFILE} segment comes before the first scan. */
    final boolean iccProfile;

    private JpegHeader(int width, int height, Component[] components, int restartInterval, int scanStart,
            boolean iccProfile) {
        this.iccProfile = iccProfile;
        this.width = width;
        this.height = height;
        this.components = components;
        this.restartInterval = restartInterval;
        this.scanStart = scanStart;
        int h = 1;
        int v = 1;
        for (Component c : components) {
            h = Math.max(h, c.h());
            v = Math.max(v, c.v());
        }
        maxH = h;
        maxV = v;
    }

    /**
     * Reads the markers of {@code b} up to the first scan's data.
     *
     * @throws JpegUnsupportedException if the JPEG is outside what the reduced-scale decoder handles, or malformed
     */
    static JpegHeader read(byte[] b) throws JpegUnsupportedException {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            throw new JpegUnsupportedException("Not a JPEG");
        }
        int[][] quantization = new int[4][];
        JpegHuffmanTable[][] huffman = new JpegHuffmanTable[2][4];
        int width = 0;
        int height = 0;
        int[][] frame = null; // per component: id, h, v, quantization table
        int restartInterval = 0;
        boolean iccProfile = false;
        int i = 2;
        while (true) {
            if (i + 4 > b.length) {
                throw new JpegUnsupportedException("No scan before the end");
            }
            if ((b[i] & 0xFF) != 0xFF) {
                throw new JpegUnsupportedException("Expected a marker at " + i);
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            int length = u16(b, i + 2);
            int data = i + 4;
            int end = i + 2 + length;
            if (length < 2 || end > b.length) {
                throw new JpegUnsupportedException("Marker segment out of bounds at " + i);
            }
            switch (marker) {
                case 0xC0, 0xC1 -> {
                    if (frame != null) {
                        throw new JpegUnsupportedException("Two frames");
                    }
                    if (length < 8 || b[data] != 8) {
                        throw new JpegUnsupportedException("Not an 8-bit frame");
                    }
                    height = u16(b, data + 1);
                    width = u16(b, data + 3);
                    int n = b[data + 5] & 0xFF;
                    if ((n != 1 && n != 3) || length != 8 + 3 * n || width == 0 || height == 0) {
                        throw new JpegUnsupportedException("Unsupported frame: " + n + " components, " + width + "x"
                                + height);
                    }
                    frame = new int[n][];
                    for (int k = 0; k < n; k++) {
                        int at = data + 6 + 3 * k;
                        int h = (b[at + 1] & 0xFF) >> 4;
                        int v = b[at + 1] & 0x0F;
                        int tq = b[at + 2] & 0xFF;
                        if (h < 1 || h > 4 || v < 1 || v > 4 || tq > 3) {
                            throw new JpegUnsupportedException("Bad component " + k);
                        }
                        frame[k] = new int[] {b[at] & 0xFF, h, v, tq};
                    }
                }
                case 0xC4 -> readHuffman(b, data, end, huffman);
                case 0xDB -> readQuantization(b, data, end, quantization);
                case 0xDD -> {
                    if (length != 4) {
                        throw new JpegUnsupportedException("Bad restart interval segment");
                    }
                    restartInterval = u16(b, data);
                }
                case 0xE2 -> iccProfile |= JpegYcc.startsWith(b, data, "ICC_PROFILE\0");
                case 0xDA -> {
                    return scan(b, data, end, width, height, frame, quantization, huffman, restartInterval,
                            iccProfile);
                }
                default -> {
                    // SOF2/3/5-15 (progressive, lossless, hierarchical, arithmetic), DAC, DNL, EOI, RSTn, TEM
                    if ((marker >= 0xC2 && marker <= 0xCF) || (marker >= 0xD0 && marker <= 0xD9) || marker == 0xDC
                            || marker == 0x01) {
                        throw new JpegUnsupportedException(String.format("Marker 0x%02X", marker));
                    }
                }
            }
            i = end;
        }
    }

    private static JpegHeader scan(byte[] b, int data, int end, int width, int height, int[][] frame,
            int[][] quantization, JpegHuffmanTable[][] huffman, int restartInterval, boolean iccProfile)
            throws JpegUnsupportedException {
        if (frame == null) {
            throw new JpegUnsupportedException("A scan before the frame");
        }
        int n = data < end ? b[data] & 0xFF : 0;
        if (n != frame.length || end - data != 1 + 2 * n + 3) {
            throw new JpegUnsupportedException("The first scan does not hold every component");
        }
        int spectralStart = b[data + 1 + 2 * n] & 0xFF;
        int spectralEnd = b[data + 2 + 2 * n] & 0xFF;
        int approximation = b[data + 3 + 2 * n] & 0xFF;
        if (spectralStart != 0 || spectralEnd != 63 || approximation != 0) {
            throw new JpegUnsupportedException("Not a sequential scan");
        }
        int maxH = 1;
        int maxV = 1;
        for (int[] f : frame) {
            maxH = Math.max(maxH, f[1]);
            maxV = Math.max(maxV, f[2]);
        }
        int blocksPerMcu = 0;
        Component[] components = new Component[n];
        for (int k = 0; k < n; k++) {
            int id = b[data + 1 + 2 * k] & 0xFF;
            int tables = b[data + 2 + 2 * k] & 0xFF;
            int[] f = frame[k];
            if (id != f[0]) {
                throw new JpegUnsupportedException("Scan components out of frame order");
            }
            if (maxH % f[1] != 0 || maxV % f[2] != 0) {
                throw new JpegUnsupportedException("Sampling factors that do not divide the largest");
            }
            blocksPerMcu += f[1] * f[2];
            int td = tables >> 4;
            int ta = tables & 0x0F;
            if (td > 3 || ta > 3 || quantization[f[3]] == null || huffman[0][td] == null || huffman[1][ta] == null) {
                throw new JpegUnsupportedException("A table the scan uses is missing");
            }
            components[k] = new Component(id, f[1], f[2], quantization[f[3]], huffman[0][td], huffman[1][ta]);
        }
        if (n > 1 && blocksPerMcu > 10) {
            throw new JpegUnsupportedException("More than 10 blocks per MCU");
        }
        return new JpegHeader(width, height, components, restartInterval, end, iccProfile);
    }

    private static void readHuffman(byte[] b, int at, int end, JpegHuffmanTable[][] huffman)
            throws JpegUnsupportedException {
        while (at < end) {
            if (at + 17 > end) {
                throw new JpegUnsupportedException("Truncated Huffman table");
            }
            int tableClass = (b[at] & 0xFF) >> 4;
            int id = b[at] & 0x0F;
            if (tableClass > 1 || id > 3) {
                throw new JpegUnsupportedException("Bad Huffman table id");
            }
            int[] counts = new int[16];
            int total = 0;
            for (int k = 0; k < 16; k++) {
                counts[k] = b[at + 1 + k] & 0xFF;
                total += counts[k];
            }
            if (total > 256 || at + 17 + total > end) {
                throw new JpegUnsupportedException("Truncated Huffman table");
            }
            int[] symbols = new int[total];
            for (int k = 0; k < total; k++) {
                symbols[k] = b[at + 17 + k] & 0xFF;
            }
            huffman[tableClass][id] = new JpegHuffmanTable(counts, symbols);
            at += 17 + total;
        }
    }

    private static void readQuantization(byte[] b, int at, int end, int[][] quantization)
            throws JpegUnsupportedException {
        while (at < end) {
            int precision = (b[at] & 0xFF) >> 4;
            int id = b[at] & 0x0F;
            int size = precision == 0 ? 64 : 128;
            if (precision > 1 || id > 3 || at + 1 + size > end) {
                throw new JpegUnsupportedException("Bad quantization table");
            }
            int[] table = new int[64]; // in zigzag order, as stored: the DC is entry 0 either way
            for (int k = 0; k < 64; k++) {
                table[k] = precision == 0 ? b[at + 1 + k] & 0xFF : u16(b, at + 1 + 2 * k);
            }
            quantization[id] = table;
            at += 1 + size;
        }
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
