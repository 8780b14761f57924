#!/bin/sh
# Makes the fixtures of the 1/8-scale JPEG decoder (JpegDcDecoderTest) from ../dress.jpg (clothing-dataset-small, CC0).
# Run from anywhere: sh model/src/test/resources/images/eighth/make-fixtures.sh
# Needs (Debian packages; tests do NOT need them, they read the committed files): libjpeg-turbo-progs (cjpeg, djpeg,
# jpegtran), libimage-exiftool-perl, imagemagick (6.9.11, with lcms), ghostscript's ICC profiles
# (/usr/share/color/icc/ghostscript, package libgs-common), python3. The Display P3 profile is written by icc.py (no
# Debian package ships one: colord-data and icc-profiles-free have Adobe RGB, ProPhoto, ... but no P3).
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
# ICC-tagged: what iPhones (Display P3) and many Android cameras send
python3 icc.py display-p3 p3.icc
# saturation doubled first: the dress's muted colors barely differ between sRGB and P3, vivid ones do
/usr/bin/convert source.ppm -modulate 100,200 -profile /usr/share/color/icc/ghostscript/srgb.icc -profile p3.icc \
    -strip p3.ppm
# full chroma, so that the 1/8 path's own error (chroma interpolation) does not hide the conversion
cjpeg -quality 90 -sample 1x1 -outfile p3.jpg p3.ppm             # P3 samples...
exiftool -q -overwrite_original '-ICC_Profile<=p3.icc' p3.jpg     # ... tagged with their profile, one APP2 chunk
cjpeg -quality 90 -sample 2x2 -outfile p3-420.jpg p3.ppm         # the same with a phone's 4:2:0 chroma
exiftool -q -overwrite_original '-ICC_Profile<=p3.icc' p3-420.jpg
python3 icc.py chunk p3.jpg p3-chunks.jpg 3                       # the same profile in 3 APP2 chunks (1/3..3/3)
python3 icc.py corrupt p3.jpg icc-corrupt.jpg                     # a profile with a junk header: the reader ignores it
cp 420.jpg srgb.jpg
exiftool -q -overwrite_original '-ICC_Profile<=/usr/share/color/icc/ghostscript/srgb.icc' srgb.jpg # sRGB-tagged
cp gray.jpg gray-icc.jpg
exiftool -q -overwrite_original '-ICC_Profile<=/usr/share/color/icc/ghostscript/sgray.icc' gray-icc.jpg
rm -f source.ppm p3.ppm p3.icc
