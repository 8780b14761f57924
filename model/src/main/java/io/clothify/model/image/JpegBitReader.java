package io.clothify.model.image;

/**
 * Reads a JPEG's entropy-coded data bit by bit: removes the stuffed zero after each 0xFF, stops at a marker (past
 * it, and past the end of the bytes, it reads zero bits and counts them so that a decoder can tell it ran out of
 * data), and decodes Huffman symbols.
 */
final class JpegBitReader {
    private final byte[] data;
    private int pos;
    /** The next bits, most significant first. */
    private long buffer;
    private int bits;
    /** Zero bytes put into the buffer for want of data since the last {@link #restart}. */
    private int padding;

    JpegBitReader(byte[] data, int start) {
        this.data = data;
        this.pos = start;
    }

    private void fill() {
        while (bits <= 56) {
            int b = 0;
            if (pos < data.length) {
                b = data[pos] & 0xFF;
                if (b == 0xFF) {
                    int next = pos + 1 < data.length ? data[pos + 1] & 0xFF : -1;
                    if (next == 0) {
                        pos += 2;
                    } else { // a marker (or the end): stay before it
                        b = 0;
                        padding++;
                    }
                } else {
                    pos++;
                }
            } else {
                padding++;
            }
            buffer |= (long) b << (56 - bits);
            bits += 8;
        }
    }

    /** The next {@code n} (0..16) bits as an unsigned number. */
    int bits(int n) {
        if (bits < n) {
            fill();
        }
        int value = (int) (buffer >>> (64 - n)) & ((1 << n) - 1);
        buffer <<= n;
        bits -= n;
        return value;
    }

    /** The next {@code n} (1..16) bits as a signed coefficient value ({@code EXTEND} of the JPEG standard). */
    int signed(int n) {
        int value = bits(n);
        return value < (1 << (n - 1)) ? value - (1 << n) + 1 : value;
    }

    /** Drops the next {@code n} (0..16) bits. */
    void skip(int n) {
        if (bits < n) {
            fill();
        }
        buffer <<= n;
        bits -= n;
    }

    /** The next Huffman-coded symbol of {@code table}. */
    int decode(JpegHuffmanTable table) throws JpegUnsupportedException {
        if (bits < 16) {
            fill();
        }
        int entry = table.lookup[(int) (buffer >>> (64 - JpegHuffmanTable.LOOKAHEAD))];
        if (entry != 0) {
            int length = entry >>> 8;
            buffer <<= length;
            bits -= length;
            return entry & 0xFF;
        }
        for (int length = JpegHuffmanTable.LOOKAHEAD + 1; length <= 16; length++) {
            int code = (int) (buffer >>> (64 - length));
            if (code <= table.maxCode[length]) {
                int index = code + table.valueOffset[length];
                if (index < 0 || index >= table.symbols.length) {
                    break;
                }
                buffer <<= length;
                bits -= length;
                return table.symbols[index];
            }
        }
        throw new JpegUnsupportedException("Invalid Huffman code");
    }

    /** Whether the decoder has used bits that were not in the data (it ran into a marker or the end). */
    boolean overran() {
        return padding * 8 > bits;
    }

    /**
     * Moves to the data after the restart marker {@code RSTn}, {@code n = index % 8}, and empties the buffer.
     *
     * @throws JpegUnsupportedException if that marker does not come next, or the decoder had overrun the data
     */
    void restart(int index) throws JpegUnsupportedException {
        if (overran()) {
            throw new JpegUnsupportedException("Entropy-coded data ended early");
        }
        buffer = 0;
        bits = 0;
        padding = 0;
        while (pos + 1 < data.length && (data[pos] & 0xFF) == 0xFF && (data[pos + 1] & 0xFF) == 0xFF) {
            pos++; // fill bytes before a marker
        }
        if (pos + 1 >= data.length || (data[pos] & 0xFF) != 0xFF || (data[pos + 1] & 0xFF) != 0xD0 + (index & 7)) {
            throw new JpegUnsupportedException("Expected restart marker " + (index & 7) + " at " + pos);
        }
        pos += 2;
    }
}
