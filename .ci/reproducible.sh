#!/usr/bin/env bash
# Reproducible-build check: packages the library modules twice, from two copies of the working tree in two
# different folders (so an absolute path that leaks into a jar shows too), and compares every jar byte for byte.
# Exits non-zero on any difference. Extra arguments go to Maven (e.g. -o when ~/.m2 already has everything).
#
#   .ci/reproducible.sh [-o]
set -euo pipefail
cd "$(dirname "$0")/.."

modules=deepfake-core,deepfake-video,deepfake-onnx,deepfake-importers,deepfake-default-models,deepfake-models
work=$(mktemp -d "${TMPDIR:-/tmp}/deepfake4j-repro.XXXXXX")
trap 'rm -rf "$work"' EXIT

build() { # $1: folder to copy the tree into and build there; the rest: Maven arguments
  local dir=$1
  shift
  mkdir -p "$dir"
  # Tracked and untracked-but-not-ignored files, as they are now (uncommitted edits included).
  git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf - | tar -xf - -C "$dir"
  (cd "$dir" && mvn -B -ntp -q "$@" package -DskipTests -pl "$modules" -am)
}

first="$work/first"
second="$work/second-build"
build "$first" "$@"
build "$second" "$@"

status=0
count=0
while IFS= read -r -d '' jar; do
  rel=${jar#"$first"/}
  count=$((count + 1))
  if [ ! -f "$second/$rel" ]; then
    echo "only in the first build: $rel"
    status=1
  elif cmp -s "$jar" "$second/$rel"; then
    echo "identical  $rel"
  else
    echo "DIFFERENT  $rel"
    status=1
  fi
done < <(find "$first" -maxdepth 3 -path '*/target/*' -name '*.jar' -print0 | sort -z)
others=$(find "$second" -maxdepth 3 -path '*/target/*' -name '*.jar' | wc -l)
if [ "$others" -ne "$count" ]; then
  echo "the second build made $others jars, the first $count"
  status=1
fi

if [ "$count" -eq 0 ]; then
  echo "no jars were built" >&2
  exit 1
fi
if [ "$status" -eq 0 ]; then
  echo "reproducible: $count jars byte-identical across two builds"
else
  echo "NOT reproducible: see the differences above" >&2
fi
exit "$status"
