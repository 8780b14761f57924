#!/usr/bin/env bash
# Training throughput of the project's DJL loop against a plain PyTorch peer (pytorch_peer.py, the comparison,
# not product code) on the same network (compact-cnn), batch size and thread count, alternating RUNS times in one
# run; prints every figure with its pair's ratio DJL / PyTorch, the medians, the ratio of the medians and the
# median of the paired ratios (the steadier figure on a shared machine, where the speed drifts between pairs).
#
#   training-job/benchmark/throughput-vs-pytorch.sh FASHION_MNIST_DIR [RUNS] [BATCHES] [THREADS]
#
# PEER_CHANNELS_LAST=1 makes the peer store its first layer's output channels-last, as the project does (=patch: and
# compute that layer as the project does, a matrix product of the image's patches; slower in torch 1.13).
#
# Needs the built jar (./mvnw -B package -DskipTests), JAVA_HOME -> JDK 21+, and Debian's python3-torch:
#   apt-get install -y python3-torch python3-numpy
set -euo pipefail
data=${1:?usage: throughput-vs-pytorch.sh FASHION_MNIST_DIR [RUNS] [BATCHES] [THREADS]}
runs=${2:-5}
batches=${3:-150}
threads=${4:-2}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/training-job.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
python=${PEER_PYTHON:-/usr/bin/python3}
out=$(mktemp -d -t clothify-throughput.XXXXXX)
trap 'rm -rf "$out"' EXIT

djl=() peer=() ratios=()
for run in $(seq 1 "$runs"); do
  d=$("$java" -Dai.djl.offline=true -jar "$jar" --data "$data" --output "$out/run-$run" --epochs 1 \
        --max_batches "$batches" --batch_size 128 --threads "$threads" --augment flip --seed "$run" 2>/dev/null \
      | grep '^summary ' | tr ' ' '\n' | grep '^train_images_per_second=' | cut -d= -f2)
  p=$("$python" "$here/pytorch_peer.py" "$data" "$batches" 128 "$threads" | sed 's/.*images_per_second=\([0-9.]*\).*/\1/')
  r=$(awk -v a="$d" -v b="$p" 'BEGIN {printf "%.3f", a / b}')
  echo "run $run: djl images_per_second=$d  pytorch images_per_second=$p  ratio=$r"
  djl+=("$d") peer+=("$p") ratios+=("$r")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
m_djl=$(median "${djl[@]}")
m_peer=$(median "${peer[@]}")
echo "median of $runs runs ($batches batches of 128, $threads threads): djl=$m_djl pytorch=$m_peer" \
  "ratio_of_medians=$(awk -v a="$m_djl" -v b="$m_peer" 'BEGIN {printf "%.2f", a / b}')" \
  "median_paired_ratio=$(median "${ratios[@]}")"
