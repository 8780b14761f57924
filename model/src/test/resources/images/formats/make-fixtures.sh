#!/bin/sh
# Makes the image-format fixtures in this folder from ../dress.jpg (a photo of clothing-dataset-small, CC0).
# Run from anywhere: sh model/src/test/resources/images/formats/make-fixtures.sh
# Needs (Debian 12 packages; tests do NOT need them, they read the committed files):
#   imagemagick (6.9.11), webp (cwebp/webpmux 1.2.4), libjpeg-turbo-progs (jpegtran), libimage-exiftool-perl,
#   ghostscript's ICC profiles in /usr/share/color/icc/ghostscript (package libgs-common / ghostscript).
# Every fixture is 64x80 pixels (multiples of 16, so jpegtran's rotations are lossless) unless its name says
# otherwise. What each test expects from each file is in ImageDecoderTest; "exact" there means the decoded
# samples equal the named reference file's samples.
set -eu
cd "$(dirname "$0")"
CONVERT=/usr/bin/convert # a full ImageMagick, not a stand-in earlier on PATH
ICC=/usr/share/color/icc/ghostscript
NO_DATE="-define png:exclude-chunks=date,time"
png() { "$CONVERT" $NO_DATE "$@"; }
exif() { exiftool -q -overwrite_original -n -Orientation="$1" "$2"; }

# The upright RGB reference and its gray, alpha and palette variants
png ../dress.jpg -resize '64x80!' -strip PNG24:reference.png
png reference.png -colorspace Gray -type Grayscale -depth 8 PNG8:gray-tmp.png # 8-bit gray samples
png gray-tmp.png -type TrueColor PNG24:gray-reference.png                      # the same samples as RGB
png gray-tmp.png -define png:color-type=0 -define png:bit-depth=8 gray8.png
png gray-tmp.png -define png:color-type=0 -depth 16 -define png:bit-depth=16 gray16.png
png gray-tmp.png -depth 4 PNG:gray4.png                                         # 4-bit gray
png gray4.png -type TrueColor PNG24:gray4-reference.png
png reference.png -depth 16 PNG48:rgb16.png
# alpha: a left-to-right ramp from transparent to opaque
"$CONVERT" -size 80x64 gradient:black-white -rotate 90 alpha-mask.png
png reference.png alpha-mask.png -alpha off -compose CopyOpacity -composite PNG32:rgba8.png
png rgba8.png -depth 16 PNG64:rgba16.png
png rgba8.png -background white -alpha remove -alpha off PNG24:rgba-on-white.png
png gray-tmp.png alpha-mask.png -alpha off -compose CopyOpacity -composite -define png:color-type=4 \
    -define png:bit-depth=8 gray-alpha8.png
png gray-alpha8.png -depth 16 -define png:color-type=4 -define png:bit-depth=16 gray-alpha16.png
png gray-alpha8.png -background white -alpha remove -alpha off -type TrueColor PNG24:gray-alpha-on-white.png
png reference.png -colors 64 PNG8:palette.png
png palette.png PNG24:palette-reference.png
png rgba8.png -channel A -threshold 50% +channel -colors 64 PNG8:palette-alpha.png
png palette-alpha.png -background white -alpha remove -alpha off PNG24:palette-alpha-on-white.png
rm -f gray-tmp.png alpha-mask.png

# JPEGs: 4:4:4 so that rotated copies decode to the same pixels up to IDCT rounding
"$CONVERT" reference.png -quality 95 -sampling-factor 1x1 -strip reference.jpg
jpegtran -copy none -progressive reference.jpg > progressive.jpg         # same coefficients: exact
"$CONVERT" gray8.png -quality 95 -strip gray.jpg                          # a 1-component JPEG
# Adobe YCCK (4 components, ImageMagick/libjpeg's choice for CMYK): naive CMYK, and CMYK through an ICC profile
"$CONVERT" reference.png -colorspace CMYK -quality 95 ycck.jpg
"$CONVERT" reference.png -profile "$ICC/srgb.icc" -profile "$ICC/default_cmyk.icc" -quality 95 ycck-icc.jpg
"$CONVERT" reference.png -profile "$ICC/srgb.icc" -profile "$ICC/a98.icc" -quality 95 -sampling-factor 1x1 \
    adobe-rgb.jpg                                                         # Adobe RGB samples + its ICC profile
png reference.png -profile "$ICC/srgb.icc" -profile "$ICC/a98.icc" PNG24:adobe-rgb.png     # ... in an iCCP chunk
png reference.png -profile "$ICC/srgb.icc" -profile "$ICC/a98.icc" -strip PNG24:adobe-rgb-untagged.png # no profile

# EXIF orientation 1-8: the stored pixels are the upright reference turned by the inverse of what the tag says
for n in 1 2 3 4 5 6 7 8; do
  case $n in
    1) im="" ; jt="" ;;
    2) im="-flop" ; jt="-flip horizontal" ;;
    3) im="-rotate 180" ; jt="-rotate 180" ;;
    4) im="-flip" ; jt="-flip vertical" ;;
    5) im="-transpose" ; jt="-transpose" ;;
    6) im="-rotate 270" ; jt="-rotate 270" ;;
    7) im="-transverse" ; jt="-transverse" ;;
    8) im="-rotate 90" ; jt="-rotate 90" ;;
  esac
  png reference.png $im PNG24:orientation-$n.png
  exif $n orientation-$n.png                                              # a PNG eXIf chunk
  if [ -n "$jt" ]; then jpegtran -perfect -copy none $jt reference.jpg > orientation-$n.jpg
  else cp reference.jpg orientation-$n.jpg; fi
  exif $n orientation-$n.jpg                                              # a JPEG APP1 Exif segment
  # ImageMagick agrees on what each tag means (it reads JPEG orientation; not PNG eXIf)
  # (up to a few pixels of IDCT rounding: a wrong turn would differ in thousands)
  [ "$("$CONVERT" orientation-$n.jpg -auto-orient PNG24:- | /usr/bin/compare -fuzz 1% -metric AE - reference.jpg null: 2>&1)" -lt 20 ]
done

# WebP
cwebp -quiet -lossless -exact reference.png -o lossless.webp                 # exact
cwebp -quiet -q 90 reference.png -o lossy.webp                               # lossy: within a tolerance
cwebp -quiet -lossless -exact rgba8.png -o alpha.webp                        # RGBA, lossless
cwebp -quiet -q 90 -alpha_q 100 rgba8.png -o lossy-alpha.webp                # VP8X + ALPH + VP8
cwebp -quiet -lossless -exact -metadata icc adobe-rgb.png -o adobe-rgb.webp  # VP8X + ICCP + VP8L
"$CONVERT" reference.png -rotate 270 PNG24:tmp-6.png
cwebp -quiet -lossless -exact tmp-6.png -o tmp-6.webp
exiftool -q -n -Orientation=6 -o orientation-6.webp tmp-6.webp 2>/dev/null || {
  # older exiftool cannot create EXIF in WebP: add it with webpmux from the PNG's EXIF
  exiftool -q -b -Exif orientation-6.png > tmp-6.exif
  webpmux -set exif tmp-6.exif tmp-6.webp -o orientation-6.webp
}
rm -f tmp-6.png tmp-6.webp tmp-6.exif
ls -l
