#!/bin/sh
# Makes the fixtures of the 1/8-scale JPEG decoder (JpegDcDecoderTest) from ../dress.jpg (clothing-dataset-small, CC0).
# Run from anywhere: sh model/src/test/resources/images/eighth/make-fixtures.sh
# Needs (Debian packages; tests do NOT need them, they read the committed files): libjpeg-turbo-progs (cjpeg, djpeg,
# jpegtran), libimage-exiftool-perl.
# Every fixture is 197x267 pixels: neither side a multiple of 8 or 16, so every file has partial blocks and MCUs.
set -eu
cd "$(dirname "$0")"
jpegtran -crop 394x533+0+0 ../dress.jpg | djpeg -scale 1/2 -pnm > source.ppm   # 197x267
enc() { out=$1; shift; cjpeg -quality 90 "$@" -outfile "$out" source.ppm; }
enc 420.jpg -sample 2x2                       # a phone's layout: chroma halved both ways
enc 422.jpg -sample 2x1                       # chroma halved across
enc 444.jpg -sample 1x1                       # full chroma
enc 411.jpg -sample 4x1                       # chroma quartered across (a factor of 4)
enc gray.jpg -grayscale                       # one component
enc restart.jpg -sample 2x2 -restart 5B       # a restart marker every 5 MCUs, mid-row
enc progressive.jpg -sample 2x2 -progressive  # not baseline: the general reader decodes it
cp 420.jpg orientation-6.jpg
exiftool -q -overwrite_original -n -Orientation=6 orientation-6.jpg
rm -f source.ppm
