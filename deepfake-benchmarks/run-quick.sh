#!/usr/bin/env bash
# Builds the JMH jar and runs the benchmark suite, then writes docs/benchmarks/<suite>.json and the tables of
# docs/benchmarks.md. Run from anywhere; paths are relative to the repository root.
#
#   deepfake-benchmarks/run-quick.sh              # quick suite: < 10 minutes on 2 cores
#   deepfake-benchmarks/run-quick.sh --careful    # careful suite: more forks and iterations (~1 hour on 2 cores)
#   deepfake-benchmarks/run-quick.sh --with-eval  # also time `./deepfake4j eval` over the labelled videos
#   deepfake-benchmarks/run-quick.sh --gpu        # GPU suite on a CUDA 12 machine: builds with -Pgpu (onnxruntime_gpu),
#                                                 # classifiers on CPU/CUDA/TensorRT-FP16 at batches up to 256,
#                                                 # decoding and feed rate with NVDEC; writes docs/benchmarks-gpu.md
#
# Environment: DEEPFAKE4J_ASSETS (shared assets, default ../shared/assets beside the repository),
# DEEPFAKE4J_MODEL_MIRROR / DEEPFAKE4J_OFFLINE / DEEPFAKE4J_HOME (models; by default the assets' models folder is the
# mirror and nothing is downloaded), MVN_ARGS (extra Maven arguments, e.g. -o), JMH_ARGS (extra JMH arguments,
# e.g. a benchmark regex such as 'Decode' to run one class), SKIP_BUILD=1 (use the jar already built).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

suite=quick
with_eval=0
out_md=docs/benchmarks.md
for arg in "$@"; do
  case $arg in
    --careful) suite=careful ;;
    --with-eval) with_eval=1 ;;
    --gpu) suite=gpu; out_md=docs/benchmarks-gpu.md ;;
    *) echo "unknown option $arg (use --careful, --with-eval, --gpu)" >&2; exit 2 ;;
  esac
done

# ONNX Runtime's telemetry crashes on long command lines (see ./deepfake4j); off unless set.
export ORT_DISABLE_TELEMETRY="${ORT_DISABLE_TELEMETRY:-1}"
export DEEPFAKE4J_ASSETS="${DEEPFAKE4J_ASSETS:-$(cd "$root/.." && pwd)/shared/assets}"
export DEEPFAKE4J_MODEL_MIRROR="${DEEPFAKE4J_MODEL_MIRROR:-$DEEPFAKE4J_ASSETS/models}"
export DEEPFAKE4J_OFFLINE="${DEEPFAKE4J_OFFLINE:-1}"
export DEEPFAKE4J_HOME="${DEEPFAKE4J_HOME:-$root/deepfake-benchmarks/target/deepfake4j-home}"
[ -d "$DEEPFAKE4J_ASSETS" ] || { echo "assets not found at $DEEPFAKE4J_ASSETS; set DEEPFAKE4J_ASSETS" >&2; exit 1; }

gpu_args=()
if [ $suite = gpu ]; then
  gpu_args=(-Pgpu)
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q ${MVN_ARGS:-} "${gpu_args[@]}" -pl deepfake-benchmarks -am package -DskipTests
fi
jar=deepfake-benchmarks/target/benchmarks.jar
mkdir -p docs/benchmarks

case $suite in
  # One fork, one 1 s warm-up and three 1 s measurements per combination.
  quick) jmh_opts=(-f 1 -wi 1 -w 1s -i 3 -r 1s) ;;
  careful) jmh_opts=(-f 2 -wi 3 -w 5s -i 5 -r 5s) ;;
  # GPU: the benchmarks whose alternatives include the GPU, side by side with the CPU in one run. TensorRT builds
  # its engines in the first warm-up (minutes), cached in deepfake-benchmarks/target/trt-engines for later runs.
  gpu) jmh_opts=(-f 1 -wi 2 -w 5s -i 5 -r 3s -p provider=CPU,CUDA,TENSOR_RT_FP16 -p batch=1,32,128,256
         -p hardware=NONE,CUDA 'ClassifierBenchmark|FeedRateBenchmark|DecodeBenchmark') ;;
esac

echo "== FFmpeg command-line baseline" >&2
deepfake-benchmarks/ffmpeg-cli-baseline.sh "$DEEPFAKE4J_ASSETS" docs/benchmarks/ffmpeg-cli.tsv \
  "$([ $suite = quick ] && echo 5 || echo 15)" || echo "FFmpeg CLI baseline failed; continuing" >&2

echo "== JMH ($suite suite)" >&2
java -Ddeepfake4j.assets="$DEEPFAKE4J_ASSETS" -jar "$jar" "${jmh_opts[@]}" -e FirstFrameBenchmark \
  -jvmArgsAppend "-Ddeepfake4j.assets=$DEEPFAKE4J_ASSETS" \
  -rf json -rff "docs/benchmarks/$suite.json" ${JMH_ARGS:-}
jsons="docs/benchmarks/$suite.json"
if [ $suite != gpu ] && [ -z "${JMH_ARGS:-}" ]; then
  # Time to the first frame needs a fresh JVM per measurement: its own invocation, one single shot per fork.
  java -jar "$jar" FirstFrameBenchmark -bm ss -wi 0 -i 1 -f "$([ $suite = quick ] && echo 5 || echo 15)" \
    -jvmArgsAppend "-Ddeepfake4j.assets=$DEEPFAKE4J_ASSETS" -rf json -rff "docs/benchmarks/$suite-first-frame.json"
  jsons="$jsons,docs/benchmarks/$suite-first-frame.json"
fi
load=$(awk '{print $1 " / " $2 " / " $3}' /proc/loadavg 2>/dev/null || echo unknown)

eval_file=docs/benchmarks/eval.txt
if [ $with_eval = 1 ]; then
  echo "== ./deepfake4j eval, whole process" >&2
  log=$(mktemp)
  /usr/bin/time -v ./deepfake4j eval --labels "$DEEPFAKE4J_ASSETS/videos/labelled/labels.json" \
    "$DEEPFAKE4J_ASSETS/videos/labelled" >"$log.out" 2>"$log"
  wall=$(grep 'Elapsed (wall clock)' "$log" | sed 's/.*: //')
  rss=$(grep 'Maximum resident set size' "$log" | sed 's/.*: //')
  cpu=$(grep 'Percent of CPU' "$log" | sed 's/.*: //')
  {
    echo "Command: \`/usr/bin/time -v ./deepfake4j eval --labels \$ASSETS/videos/labelled/labels.json \$ASSETS/videos/labelled\`"
    echo
    echo "| wall time (m:ss) | peak resident memory | CPU |"
    echo "|---:|---:|---:|"
    echo "| $wall | $((rss / 1024)) MiB | $cpu |"
    echo
    echo "Its output:"
    echo
    echo '```'
    cat "$log.out"
    echo '```'
  } > "$eval_file"
  rm -f "$log" "$log.out"
fi

java -cp "$jar" dev.deepfake4j.benchmarks.report.BenchmarkSummary \
  --json "$jsons" --out "$out_md" \
  --command "deepfake-benchmarks/run-quick.sh${*:+ $*}" \
  --ffmpeg docs/benchmarks/ffmpeg-cli.tsv --eval "$eval_file" --load "$load"
echo "Wrote $out_md and docs/benchmarks/$suite.json" >&2
