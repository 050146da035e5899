#!/bin/sh
# bench/store.sh - the store benchmark (issue 5): time `vetter ingest` of
# 10,000 new subjects with their events (tools/genpop) into a store that
# already holds a larger population, and the figures around it (the
# initial load, a re-ingest that changes nothing, the store's size), then
# `vetter check --store` of another 10,000 and `vetter rings`.
# Usage: bench/store.sh [BUILD_DIR] [BASE_SUBJECTS] [EVENTS_PER_SUBJECT]
#   defaults: build, 100000 subjects already stored, 30 events a subject
#   (genpop's default).  Use an optimized build (RelWithDebInfo or
#   Release) for figures.  The store takes about 1 GB per 100,000 base
#   subjects at 30 events each (10 GB and 15 minutes for 1,000,000 on the
#   2-core machine).
set -eu
B=${1:-build}
BASE=${2:-100000}
K=${3:-30}
NEW=10000
cd "$(dirname "$0")/.."
T=$(mktemp -d "${TMPDIR:-/tmp}/vetter-bench-store.XXXXXX")
trap 'rm -rf "$T"' EXIT
echo "== machine =="
nproc
grep -m1 "model name" /proc/cpuinfo || true
echo "== inputs: genpop, $BASE base subjects and $NEW new ones, $K events a subject on average =="
# new subjects: another seed, ids renamed so that none is already stored
"$B/tools/vetter-genpop" --subjects "$NEW" --events "$K" --seed 20261127 |
  sed -e 's/"id":"w/"id":"n/' -e 's/"subject":"w/"subject":"n/' >"$T/new.jsonl"
wc -l "$T/new.jsonl"
echo "== initial load of the base population, straight from the generator (batches of 5000 records) =="
"$B/tools/vetter-genpop" --subjects "$BASE" --events "$K" --seed 20261126 |
  /usr/bin/time -f "initial load (generation included): %e s wall, %M KB peak" "$B/vetter" ingest - --db "$T/store.db"
du -k "$T/store.db" | awk '{printf "store size: %.0f MB\n", $1 / 1024}'
echo "== incremental ingest of $NEW new subjects with their events (the target: under 10 s) =="
/usr/bin/time -f "incremental ingest: %e s wall, %M KB peak" "$B/vetter" ingest "$T/new.jsonl" --db "$T/store.db"
echo "== the same file again: nothing changes =="
/usr/bin/time -f "re-ingest: %e s wall, %M KB peak" "$B/vetter" ingest "$T/new.jsonl" --db "$T/store.db"
du -k "$T/store.db" | awk '{printf "store size: %.0f MB\n", $1 / 1024}'
echo "== vetter check --store of another $NEW new subjects: ingested, the whole store read back and linked, the new ones reported =="
"$B/tools/vetter-genpop" --subjects "$NEW" --events "$K" --seed 20261128 |
  sed -e 's/"id":"w/"id":"m/' -e 's/"subject":"w/"subject":"m/' >"$T/more.jsonl"
/usr/bin/time -f "check --store: %e s wall, %M KB peak" "$B/vetter" check "$T/more.jsonl" --store --db "$T/store.db" \
  --threads 2 >"$T/more.out"
wc -l <"$T/more.out" | awk '{printf "reports written: %d\n", $1}'
/usr/bin/time -f "rings: %e s wall, %M KB peak" "$B/vetter" rings --db "$T/store.db" >"$T/rings.out"
grep -c '^group ' "$T/rings.out" | awk '{printf "groups listed: %d\n", $1}'
