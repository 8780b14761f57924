package io.clothify.model.image;

import java.util.Arrays;

/**
 * Decodes a baseline JPEG's scan at 1/8 scale: each 8x8 block becomes one sample, its DC coefficient, which is the
 * block's exact mean. The AC coefficients are Huffman-decoded only to be skipped: no dequantization, no IDCT, no
 * upsampling of full-resolution planes. The result is one plane of block means per component.
 */
final class JpegDcScan {
    /**
     * One component's block means: {@code width x height} samples (the blocks that hold image pixels), stored with
     * {@code stride} samples per row.
     */
    record Plane(int width, int height, int stride, byte[] samples) {
        int sample(int x, int y) {
            return samples[y * stride + x] & 0xFF;
        }
    }

    private JpegDcScan() {}

    /**
     * The block means of every component of the first scan of {@code bytes}.
     *
     * @throws JpegUnsupportedException if the entropy-coded data is malformed or ends early
     */
    static Plane[] decode(byte[] bytes, JpegHeader header) throws JpegUnsupportedException {
        JpegHeader.Component[] components = header.components;
        int n = components.length;
        Plane[] planes = new Plane[n];
        int mcusX;
        int mcusY;
        if (n == 1) { // a non-interleaved scan: one block per MCU, only the blocks the component's samples need
            mcusX = ceilDiv(ceilDiv(header.width * components[0].h(), header.maxH), 8);
            mcusY = ceilDiv(ceilDiv(header.height * components[0].v(), header.maxV), 8);
        } else {
            mcusX = ceilDiv(header.width, 8 * header.maxH);
            mcusY = ceilDiv(header.height, 8 * header.maxV);
        }
        long blocks = 0;
        for (JpegHeader.Component comp : components) {
            blocks += (long) mcusX * mcusY * (n == 1 ? 1 : comp.h() * comp.v());
        }
        // every block takes at least two bits (a DC and an end-of-block code): a header that claims more blocks than
        // the data can hold is refused before anything is allocated
        if (blocks > 4L * (bytes.length - header.scanStart) + 64) {
            throw new JpegUnsupportedException("The data is too short for a " + header.width + "x" + header.height
                    + " image");
        }
        for (int c = 0; c < n; c++) {
            JpegHeader.Component comp = components[c];
            int h = n == 1 ? 1 : comp.h();
            int v = n == 1 ? 1 : comp.v();
            int realWidth = ceilDiv(ceilDiv(header.width * comp.h(), header.maxH), 8);
            int realHeight = ceilDiv(ceilDiv(header.height * comp.v(), header.maxV), 8);
            planes[c] = new Plane(realWidth, realHeight, mcusX * h, new byte[mcusX * h * mcusY * v]);
        }
        JpegBitReader in = new JpegBitReader(bytes, header.scanStart);
        int[] predictor = new int[n];
        int restarts = 0;
        int sinceRestart = 0;
        int total = mcusX * mcusY;
        for (int mcu = 0; mcu < total; mcu++) {
            if (header.restartInterval > 0 && sinceRestart == header.restartInterval) {
                in.restart(restarts++);
                Arrays.fill(predictor, 0);
                sinceRestart = 0;
            }
            sinceRestart++;
            int mx = mcu % mcusX;
            int my = mcu / mcusX;
            if (mx == 0 && in.overran()) { // no use decoding zeros to the end
                throw new JpegUnsupportedException("Entropy-coded data ended early");
            }
            for (int c = 0; c < n; c++) {
                JpegHeader.Component comp = components[c];
                Plane plane = planes[c];
                int h = n == 1 ? 1 : comp.h();
                int v = n == 1 ? 1 : comp.v();
                int q = comp.quantization()[0];
                for (int by = 0; by < v; by++) {
                    int row = (my * v + by) * plane.stride() + mx * h;
                    for (int bx = 0; bx < h; bx++) {
                        predictor[c] += dc(in, comp.dc());
                        skipAc(in, comp.ac());
                        // libjpeg's 1x1 inverse DCT: the dequantized DC / 8, rounded, level-shifted, clamped
                        int mean = (((short) predictor[c] * q + 4) >> 3) + 128; // a JCOEF is 16 bits
                        plane.samples()[row + bx] = (byte) (mean < 0 ? 0 : (mean > 255 ? 255 : mean));
                    }
                }
            }
        }
        if (in.overran()) {
            throw new JpegUnsupportedException("Entropy-coded data ended early");
        }
        return planes;
    }

    private static int dc(JpegBitReader in, JpegHuffmanTable table) throws JpegUnsupportedException {
        int size = in.decode(table);
        if (size > 11) {
            throw new JpegUnsupportedException("DC difference of " + size + " bits");
        }
        return size == 0 ? 0 : in.signed(size);
    }

    private static void skipAc(JpegBitReader in, JpegHuffmanTable table) throws JpegUnsupportedException {
        for (int k = 1; k < 64; k++) {
            int rs = in.decode(table);
            int run = rs >> 4;
            int size = rs & 0x0F;
            if (size == 0) {
                if (run != 15) {
                    return; // end of block
                }
                k += 15;
            } else {
                if (size > 10) {
                    throw new JpegUnsupportedException("AC coefficient of " + size + " bits");
                }
                k += run;
                in.skip(size);
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
