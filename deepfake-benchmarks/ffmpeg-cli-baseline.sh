#!/usr/bin/env bash
# Times the FFmpeg command line decoding the same clips as DecodeBenchmark, whole process (start-up included),
# and writes "name<TAB>median seconds" lines for BenchmarkSummary.
#   usage: ffmpeg-cli-baseline.sh ASSETS_DIR OUT_TSV [RUNS]
# Uses the first `ffmpeg` on PATH (on Debian: apt-get install ffmpeg). The FFmpeg bundled in the Bytedeco jar
# needs libpulse and does not start on a bare server, so it is not used here. Never needed by the build.
set -euo pipefail
assets=$1
out=$2
runs=${3:-5}
threads=$(nproc)
command -v ffmpeg >/dev/null || { echo "ffmpeg not on PATH; skipping the CLI baseline" >&2; exit 0; }

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
  echo "# $(ffmpeg -version | head -1); -threads $threads; median of $runs whole-process runs; $(date -u +%FT%TZ)"
  for res in 1080p 720p; do
    case $res in
      1080p) clip=$assets/videos/labelled/dfdc/lynaeydofd.mp4 ;;
      720p) clip=$assets/videos/labelled/dfdc/yhffcuhhjy.mp4 ;;
    esac
    printf '%s-full\t%s\n' "$res" \
      "$(median_seconds ffmpeg -nostdin -hide_banner -loglevel error -threads "$threads" -i "$clip" -f null -)"
    printf '%s-skip_bidir\t%s\n' "$res" \
      "$(median_seconds ffmpeg -nostdin -hide_banner -loglevel error -threads "$threads" -skip_frame bidir -i "$clip" -f null -)"
  done
} > "$out"
cat "$out"
