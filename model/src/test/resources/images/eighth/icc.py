#!/usr/bin/env python3
"""ICC helpers for make-fixtures.sh (Python 3 standard library only).

  icc.py display-p3 OUT.icc        writes a Display P3 profile: an ICC v2 display profile with matrix and curves,
                                   the DCI-P3 primaries, the D65 white point and the sRGB transfer curve (what
                                   Apple's "Display P3" is), colorants Bradford-adapted to D50 as ICC requires
  icc.py chunk IN.jpg OUT.jpg N    rewrites the JPEG's one APP2 ICC_PROFILE segment as N segments (chunks 1/N..N/N),
                                   as writers split a profile over 64 KB
  icc.py corrupt IN.jpg OUT.jpg    keeps the APP2 ICC_PROFILE segment's length but overwrites the profile's header
                                   and first tags with junk (its declared size then exceeds the segment)
"""
import struct
import sys

D50 = (0.9642, 1.0, 0.8249)


def xyz(x, y):
    return (x / y, 1.0, (1 - x - y) / y)


def mul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]


def inv(m):
    (a, b, c), (d, e, f), (g, h, i) = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    return [[(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
            [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
            [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det]]


def apply(m, v):
    return [sum(m[i][k] * v[k] for k in range(3)) for i in range(3)]


def s15(v):
    return struct.pack(">i", round(v * 65536))


def xyz_tag(v):
    return b"XYZ " + b"\0" * 4 + b"".join(s15(c) for c in v)


def curve_tag(n=1024):
    def srgb(u):
        return u / 12.92 if u <= 0.04045 else ((u + 0.055) / 1.055) ** 2.4
    values = [round(srgb(k / (n - 1)) * 65535) for k in range(n)]
    return b"curv" + b"\0" * 4 + struct.pack(">I", n) + struct.pack(">%dH" % n, *values)


def desc_tag(text):
    ascii_text = text.encode("ascii") + b"\0"
    # ASCII part, then empty Unicode and ScriptCode parts (ICC v2 textDescriptionType)
    return (b"desc" + b"\0" * 4 + struct.pack(">I", len(ascii_text)) + ascii_text
            + struct.pack(">II", 0, 0) + struct.pack(">HB", 0, 0) + b"\0" * 67)


def text_tag(text):
    return b"text" + b"\0" * 4 + text.encode("ascii") + b"\0"


def display_p3():
    primaries = [xyz(0.680, 0.320), xyz(0.265, 0.690), xyz(0.150, 0.060)]
    white = xyz(0.3127, 0.3290)
    p = [[primaries[j][i] for j in range(3)] for i in range(3)]  # columns: R, G, B
    s = apply(inv(p), white)
    rgb_to_xyz = [[p[i][j] * s[j] for j in range(3)] for i in range(3)]
    bradford = [[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]]
    src = apply(bradford, white)
    dst = apply(bradford, D50)
    scale = [[dst[i] / src[i] if i == j else 0 for j in range(3)] for i in range(3)]
    adapt = mul(inv(bradford), mul(scale, bradford))
    adapted = mul(adapt, rgb_to_xyz)
    curve = curve_tag()
    tags = [
        (b"desc", desc_tag("Display P3 (clothify test fixture)")),
        (b"cprt", text_tag("No copyright, use freely")),
        (b"wtpt", xyz_tag(D50)),
        (b"chad", b"sf32" + b"\0" * 4 + b"".join(s15(adapt[i][j]) for i in range(3) for j in range(3))),
        (b"rXYZ", xyz_tag([adapted[i][0] for i in range(3)])),
        (b"gXYZ", xyz_tag([adapted[i][1] for i in range(3)])),
        (b"bXYZ", xyz_tag([adapted[i][2] for i in range(3)])),
        (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve),
    ]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    table = struct.pack(">I", len(tags))
    data = b""
    placed = {}
    for sig, body in tags:
        if body not in placed:  # the three curves share one copy, as usual
            while (offset + len(data)) % 4:
                data += b"\0"
            placed[body] = offset + len(data)
            data += body
        table += sig + struct.pack(">II", placed[body], len(body))
    size = 128 + table_size + len(data)
    header = (struct.pack(">I", size) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"mntr" + b"RGB " + b"XYZ "
              + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp" + b"APPL" + struct.pack(">I", 0) + b"\0" * 4
              + b"\0" * 4 + b"\0" * 8 + struct.pack(">I", 0) + b"".join(s15(c) for c in D50) + b"lcms"
              + b"\0" * 16 + b"\0" * 28)
    assert len(header) == 128
    return header + table + data


def segments(jpeg):
    """(start, end) of each marker segment before the first scan, SOI excluded."""
    out = []
    i = 2
    while True:
        marker = jpeg[i + 1]
        length = struct.unpack(">H", jpeg[i + 2:i + 4])[0]
        out.append((i, i + 2 + length))
        if marker == 0xDA:
            return out
        i += 2 + length


def icc_segment(jpeg):
    for start, end in segments(jpeg):
        if jpeg[start + 1] == 0xE2 and jpeg[start + 4:start + 16] == b"ICC_PROFILE\0":
            return start, end
    raise SystemExit("no ICC_PROFILE segment")


def chunk(jpeg, n):
    start, end = icc_segment(jpeg)
    if jpeg[start + 16:start + 18] != b"\x01\x01":
        raise SystemExit("expected one chunk")
    profile = jpeg[start + 18:end]
    size = -(-len(profile) // n)
    parts = [profile[k * size:(k + 1) * size] for k in range(n)]
    new = b"".join(b"\xff\xe2" + struct.pack(">H", 2 + 14 + len(p)) + b"ICC_PROFILE\0" + bytes([k + 1, n]) + p
                   for k, p in enumerate(parts))
    return jpeg[:start] + new + jpeg[end:]


def corrupt(jpeg):
    start, end = icc_segment(jpeg)
    junk = bytes((37 * k + 11) & 0xFF for k in range(200))
    body = start + 18
    return jpeg[:body] + junk + jpeg[body + len(junk):]


def main(args):
    if args[:1] == ["display-p3"] and len(args) == 2:
        open(args[1], "wb").write(display_p3())
    elif args[:1] == ["chunk"] and len(args) == 4:
        open(args[2], "wb").write(chunk(open(args[1], "rb").read(), int(args[3])))
    elif args[:1] == ["corrupt"] and len(args) == 3:
        open(args[2], "wb").write(corrupt(open(args[1], "rb").read()))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
