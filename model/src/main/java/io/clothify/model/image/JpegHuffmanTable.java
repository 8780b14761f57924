package io.clothify.model.image;

/**
 * One canonical Huffman table of a JPEG (a DHT segment's counts and symbols), with a lookup table for the codes of
 * up to {@value #LOOKAHEAD} bits, which are nearly all the codes a photo uses.
 */
final class JpegHuffmanTable {
    static final int LOOKAHEAD = 9;

    /** For each {@value #LOOKAHEAD}-bit prefix: {@code (length << 8) | symbol}, or 0 when the code is longer. */
    final int[] lookup = new int[1 << LOOKAHEAD];
    /** For each length 1-16: the largest code of that length, or -1 when there is none. */
    final int[] maxCode = new int[17];
    /** For each length: what to add to a code of that length to get its index in {@link #symbols}. */
    final int[] valueOffset = new int[17];
    final int[] symbols;

    /**
     * @param counts the number of codes of each length 1..16 ({@code counts[0]} is length 1)
     * @param symbols the symbols in code order
     * @throws JpegUnsupportedException if the counts do not form a valid prefix code
     */
    JpegHuffmanTable(int[] counts, int[] symbols) throws JpegUnsupportedException {
        this.symbols = symbols.clone();
        int code = 0;
        int index = 0;
        for (int length = 1; length <= 16; length++) {
            int n = counts[length - 1];
            valueOffset[length] = index - code;
            if (n == 0) {
                maxCode[length] = -1;
            } else {
                if (code + n > (1 << length)) {
                    throw new JpegUnsupportedException("Huffman table with too many codes of length " + length);
                }
                if (length <= LOOKAHEAD) {
                    int shift = LOOKAHEAD - length;
                    for (int k = 0; k < n; k++) {
                        int entry = (length << 8) | (symbols[index + k] & 0xFF);
                        int first = (code + k) << shift;
                        for (int fill = 0; fill < (1 << shift); fill++) {
                            lookup[first + fill] = entry;
                        }
                    }
                }
                code += n;
                index += n;
                maxCode[length] = code - 1;
            }
            code <<= 1;
        }
        if (index != symbols.length) {
            throw new JpegUnsupportedException("Huffman table counts " + index + " codes for " + symbols.length
                    + " symbols");
        }
    }
}
