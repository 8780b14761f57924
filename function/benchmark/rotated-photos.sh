#!/bin/sh
# Copies a folder-per-class test split four times, as a phone would store its photos:
#   upright/  the files as they are
#   o6/ o8/ o3/  the pixels turned losslessly (jpegtran -trim: a partial edge block is dropped) so that EXIF
#             Orientation 6 / 8 / 3 turns them back upright, with that tag set (exiftool)
# Then `function.jar evaluate --api ... --data OUT/o6` measures accuracy on photos a viewer shows upright.
# Needs: libjpeg-turbo-progs (jpegtran), libimage-exiftool-perl (exiftool).
# Usage: sh function/benchmark/rotated-photos.sh ../shared/data/clothing-dataset-small/test /tmp/rotated
set -eu
src=$1
out=$2
for tag in upright o6 o8 o3; do
  for dir in "$src"/*/; do
    class=$(basename "$dir")
    mkdir -p "$out/$tag/$class"
    for f in "$dir"*.jpg; do
      target="$out/$tag/$class/$(basename "$f")"
      case $tag in
        upright) cp "$f" "$target"; continue ;;
        o6) jpegtran -copy none -trim -rotate 270 "$f" > "$target" ;; # stored a quarter turn counter-clockwise
        o8) jpegtran -copy none -trim -rotate 90 "$f" > "$target" ;;
        o3) jpegtran -copy none -trim -rotate 180 "$f" > "$target" ;;
      esac
      exiftool -q -overwrite_original -n -Orientation="${tag#o}" "$target"
    done
  done
done
