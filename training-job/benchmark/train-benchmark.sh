#!/usr/bin/env bash
# Training benchmark: full training + test evaluation, repeated with different seeds; prints every run's
# summary line and the medians. Not a test: it takes minutes to hours on a 2-core machine.
#
#   training-job/benchmark/train-benchmark.sh DATA_DIR [RUNS] [--hyperparameter value ...]
#   e.g. training-job/benchmark/train-benchmark.sh ../shared/data/fashion-mnist 3
#        training-job/benchmark/train-benchmark.sh ../shared/data/clothing-dataset-small 3 --epochs 40
#
# Needs the built jar (./mvnw -B package -DskipTests) and JAVA_HOME pointing to JDK 21+.
set -euo pipefail
data=${1:?usage: train-benchmark.sh DATA_DIR [RUNS] [--name value ...]}
runs=${2:-3}
shift $(( $# >= 2 ? 2 : 1 ))
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/training-job.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
out=${BENCHMARK_OUT:-$(mktemp -d -t clothify-benchmark.XXXXXX)}
mkdir -p "$out"
[ -f "$jar" ] || { echo "build first: ./mvnw -B package -DskipTests" >&2; exit 2; }

summaries=()
for run in $(seq 1 "$runs"); do
  dir="$out/run-$run"
  echo "== run $run of $runs -> $dir" >&2
  line=$("$java" -Dai.djl.offline=true -jar "$jar" --data "$data" --output "$dir" --seed "$run" "$@" \
      | tee "$dir.log" | grep '^summary ' | tail -1)
  echo "$line"
  summaries+=("$line")
done

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
field() { for s in "${summaries[@]}"; do echo "$s" | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; done; }
printf 'median of %d runs: test_accuracy=%s wall_seconds=%s train_images_per_second=%s parameters=%s\n' "$runs" \
  "$(field test_accuracy | median)" "$(field wall_seconds | median)" "$(field train_images_per_second | median)" \
  "$(field parameters | head -1)"
echo "artifacts, logs, metrics.json and plots: $out" >&2
