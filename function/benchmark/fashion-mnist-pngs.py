#!/usr/bin/env python3
"""Writes Fashion-MNIST's test images as 8-bit gray PNGs (color type 0), one folder per class, for
`function.jar evaluate`: the images a user would send, with no other change to their pixels.

Usage: python3 function/benchmark/fashion-mnist-pngs.py ../shared/data/fashion-mnist /tmp/fm-gray [--rgb]
(--rgb writes the same pixels as 8-bit RGB PNGs instead.) Standard library only.
"""
import gzip
import os
import struct
import sys
import zlib

# the shipped model's labels; a folder name cannot hold '/', so `evaluate` reads '_' in a folder name as '/'
CLASSES = ["t-shirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]


def png(width, height, rows, color_type):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\0" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main(src, out, rgb):
    with gzip.open(os.path.join(src, "t10k-images-idx3-ubyte.gz")) as f:
        _, count, rows, cols = struct.unpack(">IIII", f.read(16))
        pixels = f.read()
    with gzip.open(os.path.join(src, "t10k-labels-idx1-ubyte.gz")) as f:
        labels = f.read()[8:]
    for name in CLASSES:
        os.makedirs(os.path.join(out, name), exist_ok=True)
    size = rows * cols
    for i in range(count):
        image = pixels[i * size:(i + 1) * size]
        lines = [image[r * cols:(r + 1) * cols] for r in range(rows)]
        if rgb:
            lines = [bytes(v for p in line for v in (p, p, p)) for line in lines]
        with open(os.path.join(out, CLASSES[labels[i]], "%05d.png" % i), "wb") as f:
            f.write(png(cols, rows, lines, 2 if rgb else 0))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "--rgb" in sys.argv[3:])
