#!/usr/bin/env bash
# Whole-process A/B of `./deepfake4j score` against the Python pipeline a user would write instead
# (../shared/peers/python_opencv_ort.py), on the same videos, one run of each in turn (A B A B ...), timed by
# /usr/bin/time: CPU seconds (user + sys), wall seconds and peak resident memory of each run, then the medians and
# the median of the pair-by-pair ratios (pairs cancel most of the drift of a shared machine).
#
#   usage: deepfake-benchmarks/scripts/ab_vs_peer.sh [-n RUNS] [-- EXTRA SCORE OPTIONS] [VIDEO ...]
#   e.g.   deepfake-benchmarks/scripts/ab_vs_peer.sh -n 5 -- --fast --detect-every=3
# (options after -- go to `deepfake4j score`; give their values with '=')
#
# Videos default to the shared labelled clips ($DEEPFAKE4J_ASSETS/videos/labelled/*/*.mp4, DEEPFAKE4J_ASSETS
# defaulting to ../shared/assets beside the repository). The peer runs only when a Python with OpenCV and
# onnxruntime is found: $PEER_PYTHON, else what ../shared/peers/setup.sh prints, else `python3` if it imports both;
# without one, deepfake4j alone is timed. Models resolve offline from the assets' models/ folder. One warm-up run
# of each is not counted. Needs GNU time (/usr/bin/time; Debian: apt-get install time). Never run by the build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs=5
extra=()
videos=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs=$2; shift 2 ;;
    --) shift; while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do extra+=("$1"); shift; done ;;
    *) videos+=("$1"); shift ;;
  esac
done
assets="${DEEPFAKE4J_ASSETS:-$root/../shared/assets}"
if [ ${#videos[@]} -eq 0 ]; then
  videos=("$assets"/videos/labelled/*/*.mp4)
fi
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 2; }
export DEEPFAKE4J_MODEL_MIRROR="${DEEPFAKE4J_MODEL_MIRROR:-$assets/models}" DEEPFAKE4J_OFFLINE="${DEEPFAKE4J_OFFLINE:-1}"
export ASSETS="$assets"

peer_script="$assets/../peers/python_opencv_ort.py"
py="${PEER_PYTHON:-}"
if [ -z "$py" ] && [ -x "$assets/../peers/setup.sh" ]; then
  py="$("$assets/../peers/setup.sh" 2>/dev/null || true)"
fi
if [ -z "$py" ] && command -v python3 >/dev/null; then
  py=python3
fi
if [ -z "$py" ] || [ ! -f "$peer_script" ] || ! "$py" -c 'import cv2, onnxruntime' 2>/dev/null; then
  echo "no Python with OpenCV and onnxruntime (or no $peer_script): timing deepfake4j alone" >&2
  py=""
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# one line per run: cpu_seconds wall_seconds peak_kib
timed() { # name command...
  local name=$1; shift
  /usr/bin/time -f '%U %S %e %M' -o "$out/t" "$@" >/dev/null 2>"$out/err" || {
    echo "$name failed:" >&2; cat "$out/err" >&2; exit 1; }
  awk '{printf "%.3f %.3f %d\n", $1 + $2, $3, $4}' "$out/t" >>"$out/$name"
}
a=("$root/deepfake4j" score "${extra[@]}" "${videos[@]}")
b=("$py" "$peer_script" "${videos[@]}")
echo "A: deepfake4j score ${extra[*]} (${#videos[@]} videos)${py:+; B: $py $(basename "$peer_script")}; $runs runs each after 1 warm-up"
timed warmup "${a[@]}"
[ -n "$py" ] && timed warmup "${b[@]}"
for _ in $(seq "$runs"); do
  timed A "${a[@]}"
  [ -n "$py" ] && timed B "${b[@]}"
done

median() { sort -n | awk '{v[NR]=$1} END{print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
column_of() { awk -v c="$2" '{print $c}' "$out/$1"; }
printf '%-10s %10s %10s %12s\n' "" "CPU s" "wall s" "peak MiB"
for side in A B; do
  [ -f "$out/$side" ] || continue
  printf '%-10s %10.2f %10.2f %12.0f\n' "$side median" "$(column_of "$side" 1 | median)" \
    "$(column_of "$side" 2 | median)" "$(column_of "$side" 3 | median | awk '{print $1 / 1024}')"
done
if [ -f "$out/B" ]; then
  ratio() { paste -d' ' <(column_of A "$1") <(column_of B "$1") | awk '{printf "%.4f\n", $1 / $2}' | median; }
  printf '%-10s %10.3f %10.3f %12.3f   (median of the pair-by-pair ratios)\n' "A/B" "$(ratio 1)" "$(ratio 2)" \
    "$(ratio 3)"
fi
