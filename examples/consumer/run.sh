#!/usr/bin/env bash
# The "add a dependency" path, tested: installs the deepfake4j reactor into a throw-away local Maven repository,
# then builds this consumer project (not a reactor module) offline against it and runs it with an empty model
# cache, no mirror and DEEPFAKE4J_OFFLINE=1 on a shared clip. Fails unless it prints a "p_fake <value>" line.
#
#   examples/consumer/run.sh [VIDEO]     (default: ../shared/assets/videos/labelled/ffpp/youtube_519.mp4)
#
# The throw-away repository is seeded with hard links to the user's repository (cp -al; DEEPFAKE4J_SEED_REPO,
# default ~/.m2/repository) minus dev/deepfake4j, so nothing is downloaded again and nothing stale of ours is
# inside. It lives beside the seed (hard links need one file system) and is removed at exit
# (DEEPFAKE4J_CONSUMER_KEEP=1 keeps it). Maven must never write a hard-linked file in place, or the seed changes
# too: the resolver's bookkeeping files, which it does rewrite in place, are copied rather than linked, and after
# the run every file outside dev/deepfake4j that is newer than the start and still has more than one link fails
# the script.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
clip=${1:-$root/../shared/assets/videos/labelled/ffpp/youtube_519.mp4}
seed=${DEEPFAKE4J_SEED_REPO:-$HOME/.m2/repository}
[ -f "$clip" ] || { echo "run.sh: no video at $clip" >&2; exit 1; }
clip=$(cd "$(dirname "$clip")" && pwd)/$(basename "$clip")

mkdir -p "$seed"
work=$(mktemp -d "$(dirname "$seed")/deepfake4j-consumer.XXXXXX")
if [ "${DEEPFAKE4J_CONSUMER_KEEP:-}" != 1 ]; then
  trap 'rm -rf "$work"' EXIT
fi
repo=$work/repository
cp -al "$seed" "$repo"
rm -rf "$repo/dev/deepfake4j"
# Maven's resolver replaces artifacts it downloads (temporary file, rename), but rewrites its bookkeeping files in
# place (_remote.repositories gains a line when a jar joins a pom already there): the copy gets its own of those.
find "$repo" -type f \( -name _remote.repositories -o -name '*.lastUpdated' -o -name resolver-status.properties \
  -o -name 'maven-metadata*.xml' \) -print0 | while IFS= read -r -d '' f; do
  cp -p "$f" "$f.own" && mv -f "$f.own" "$f"
done
stamp=$work/start.stamp
touch "$stamp"
sleep 1 # file times have a coarse grain on some file systems: anything written from now on is newer

echo "== install the reactor into $repo"
(cd "$root" && mvn -B -ntp -q install -DskipTests -Dmaven.repo.local="$repo")

echo "== build the consumer offline"
cd "$here"
mvn -B -ntp -q -o -Dmaven.repo.local="$repo" compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile="$work/classpath.txt"

echo "== run it: empty DEEPFAKE4J_HOME, no mirror, DEEPFAKE4J_OFFLINE=1, $clip"
home=$work/home
mkdir -p "$home"
# no network either: any HTTP(S) connection would go to a closed port on the loopback interface
out=$(env -u DEEPFAKE4J_MODEL_MIRROR DEEPFAKE4J_HOME="$home" DEEPFAKE4J_OFFLINE=1 ORT_DISABLE_TELEMETRY=1 \
  java -Dhttp.proxyHost=127.0.0.1 -Dhttp.proxyPort=9 -Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=9 \
  -cp "target/classes:$(cat "$work/classpath.txt")" dev.deepfake4j.consumer.Main "$clip")
echo "$out"
echo "model cache after the run:"
ls -l "$home/models"

echo "== check that no hard-linked file of the seed was written"
shared_written=$(find "$repo" -path "$repo/dev/deepfake4j" -prune -o -type f -newer "$stamp" -links +1 -print)
if [ -n "$shared_written" ]; then
  echo "run.sh: Maven wrote hard-linked files in place (the seed $seed changed too):" >&2
  echo "$shared_written" >&2
  exit 1
fi
new_outside=$(find "$repo" -path "$repo/dev/deepfake4j" -prune -o -type f -newer "$stamp" -print | wc -l)
echo "none; files written outside dev/deepfake4j (new, not linked): $new_outside"

echo "$out" | grep -Eq '^p_fake (0|1|0\.[0-9]+|1\.0|[0-9.]+E-[0-9]+)$' \
  || { echo "run.sh: the consumer printed no p_fake line" >&2; exit 1; }
echo "consumer OK"
