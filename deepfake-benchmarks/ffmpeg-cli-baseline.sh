#!/usr/bin/env bash
# Times the FFmpeg command line decoding the same clips as DecodeBenchmark, whole process (start-up included),
# and writes "name<TAB>median seconds" lines for BenchmarkSummary.
#   usage: ffmpeg-cli-baseline.sh ASSETS_DIR OUT_TSV [RUNS]
# Prefers the FFmpeg 8.0.1 binary bundled in the Bytedeco jar (the same FFmpeg the library decodes with), extracted
# from deepfake-benchmarks/target/lib; it needs libpulse.so.0 (Debian: apt-get install libpulse0). Falls back to the
# first `ffmpeg` on PATH (Debian: apt-get install ffmpeg). Never needed by the build.
set -euo pipefail
assets=$1
out=$2
runs=${3:-5}
threads=$(nproc)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ffmpeg=""
jar=$(ls "$here"/target/lib/ffmpeg-*-linux-x86_64.jar 2>/dev/null | head -1 || true)
if [ -n "$jar" ]; then
  dir="$here/target/ffmpeg-bundled"
  if [ ! -x "$dir/org/bytedeco/ffmpeg/linux-x86_64/ffmpeg" ]; then
    mkdir -p "$dir" && (cd "$dir" && unzip -q -o "$jar" 'org/bytedeco/ffmpeg/linux-x86_64/*')
    chmod +x "$dir/org/bytedeco/ffmpeg/linux-x86_64/ffmpeg"
  fi
  export LD_LIBRARY_PATH="$dir/org/bytedeco/ffmpeg/linux-x86_64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  if "$dir/org/bytedeco/ffmpeg/linux-x86_64/ffmpeg" -version >/dev/null 2>&1; then
    ffmpeg="$dir/org/bytedeco/ffmpeg/linux-x86_64/ffmpeg"
  else
    echo "the bundled ffmpeg does not start (missing libpulse.so.0? apt-get install libpulse0); trying PATH" >&2
  fi
fi
if [ -z "$ffmpeg" ]; then
  command -v ffmpeg >/dev/null || { echo "no ffmpeg; skipping the CLI baseline" >&2; exit 0; }
  ffmpeg=ffmpeg
fi

median_seconds() { # command... ; prints the median wall time of $runs runs
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
}

{
  echo "# $("$ffmpeg" -version | head -1); -threads $threads; median of $runs whole-process runs; $(date -u +%FT%TZ)"
  for res in 1080p 720p; do
    case $res in
      1080p) clip=$assets/videos/labelled/dfdc/lynaeydofd.mp4 ;;
      720p) clip=$assets/videos/labelled/dfdc/yhffcuhhjy.mp4 ;;
    esac
    printf '%s-full\t%s\n' "$res" \
      "$(median_seconds "$ffmpeg" -nostdin -hide_banner -loglevel error -threads "$threads" -i "$clip" -f null -)"
    printf '%s-skip_bidir\t%s\n' "$res" \
      "$(median_seconds "$ffmpeg" -nostdin -hide_banner -loglevel error -threads "$threads" -skip_frame bidir -i "$clip" -f null -)"
  done
} > "$out"
cat "$out"
