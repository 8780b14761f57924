#!/bin/sh
# Copies a folder-per-class test split twice at a phone camera's size (the ~400x533 photos upscaled 7.56x, Catmull-Rom,
# quality 90: 3024x4032 for a 3:4 photo, 12 MP and up):
#   up/    upright
#   rot6/  stored a quarter turn counter-clockwise with EXIF Orientation 6, as a phone stores a portrait photo
# Then `function.jar evaluate --api ... --data OUT/rot6` measures accuracy and latency on such photos.
# Needs: imagemagick (convert), libimage-exiftool-perl (exiftool). About 5 minutes and 470 MB for the 372 photos.
# Usage: sh function/benchmark/phone-size-photos.sh ../shared/data/clothing-dataset-small/test /tmp/p12
set -eu
src=$1
out=$2
for dir in "$src"/*/; do
  class=$(basename "$dir")
  mkdir -p "$out/up/$class" "$out/rot6/$class"
  for f in "$dir"*.jpg; do
    name=$(basename "$f")
    convert "$f" -filter Catrom -resize 756% -quality 90 "$out/up/$class/$name"
    convert "$out/up/$class/$name" -rotate -90 -quality 90 "$out/rot6/$class/$name"
    exiftool -q -overwrite_original -n -Orientation=6 "$out/rot6/$class/$name"
  done
done
