#!/bin/sh
# A series of `vetter check` rounds spread over time: first runs on fresh
# memory against runs right after another (docs/benchmarks.md, "Reading
# the figures").  Each round prints bench_machine, then three one-thread
# and one two-thread checks of 100,000 subjects without events, then two
# two-thread checks of 100,000 subjects with about ten million events; the
# first of each kind in a round is a first run after the pause.
# Usage: sh bench/series.sh BUILD_DIR [ROUNDS] [PAUSE_SECONDS]   (3 rounds, 540 s apart)
# Needs about 2.2 GB of disk for the generated inputs (removed at the end).
set -eu
B=${1:?usage: sh bench/series.sh BUILD_DIR [ROUNDS] [PAUSE_SECONDS]}
ROUNDS=${2:-3}
PAUSE=${3:-540}
cd "$(dirname "$0")/.."
D=$(mktemp -d "${TMPDIR:-/tmp}/vetter-series.XXXXXX")
trap 'rm -rf "$D"' EXIT
"$B/tools/vetter-genpop" --subjects 100000 --events 0 --seed 20261126 --out "$D/subjects.jsonl"
"$B/tools/vetter-genpop" --subjects 100000 --events 100 --seed 20261126 --out "$D/events.jsonl"
r=1
while [ "$r" -le "$ROUNDS" ]; do
  [ "$r" -eq 1 ] || sleep "$PAUSE"
  echo "== round $r at $(date -u +%H:%M:%S) UTC: $("$B/bench/bench_machine")"
  for t in 1 1 1 2; do
    /usr/bin/time -f "check of 100000 subjects, $t thread(s): %e s wall, %U s user, %S s system, %M KB peak" \
      "$B/vetter" check "$D/subjects.jsonl" --threads $t > /dev/null 2> "$D/err" || { cat "$D/err"; exit 1; }
    tail -1 "$D/err"
  done
  for k in 1 2; do
    /usr/bin/time -f "check of 100000 subjects with events, 2 threads: %e s wall, %U s user, %S s system, %M KB peak" \
      "$B/vetter" check "$D/events.jsonl" --threads 2 > /dev/null 2> "$D/err" || { cat "$D/err"; exit 1; }
    tail -1 "$D/err"
  done
  r=$((r + 1))
done
