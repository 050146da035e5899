#!/bin/sh
# bench/link.sh - the linking benchmark of issue 5: `vetter check` over a
# generated population of SUBJECTS subjects with EVENTS events each on
# average (default 1,000,000 and 20: about 20 million events, 5.5 GB of
# JSON lines), on 2 threads.  The check links every subject through the
# identifiers it shares (docs/linking.md), rates the grouped ones on their
# own evidence, then checks everyone; the summary separates reading, the
# links and indexes, and the checks.  Prints wall time and peak memory,
# then the groups found by size and the ground truth of their members.
# Usage: sh bench/link.sh [BUILD_DIR] [SUBJECTS] [EVENTS]
# Needs about 6 GB of free disk in $TMPDIR (or /tmp).
set -eu
B=${1:-build}
N=${2:-1000000}
K=${3:-20}
cd "$(dirname "$0")/.."
P=$(mktemp "${TMPDIR:-/tmp}/vetter-link.XXXXXX")
trap 'rm -f "$P" "$P.out" "$P.err"' EXIT
/usr/bin/time -f "genpop: %e s" "$B/tools/vetter-genpop" --subjects "$N" --events "$K" --seed 20261126 --out "$P"
ls -l "$P" | awk '{printf "input: %.2f GB\n", $5 / 1e9}'
/usr/bin/time -f "check of $N subjects with about $K events each, 2 threads: %e s wall, %M KB peak" \
  "$B/vetter" check "$P" --threads 2 > "$P.out" 2> "$P.err" || { cat "$P.err"; exit 1; }
grep -v "^vetter: check: warning" "$P.err"
echo "== groups by size (subjects in groups of that size) =="
grep -o '"group":{"id":"g[0-9a-f]*","size":[0-9]*' "$P.out" | sed 's/.*"size"://' |
  awk '{ s = $1 < 10 ? $1 : ($1 < 100 ? "10-99" : ($1 < 1000 ? "100-999" : "1000+")); n[s]++ }
       END { for (k in n) printf "  %-8s %8d\n", k, n[k] }' | sort -n
echo "== members of groups by ground truth (the generator's _truth.label) =="
grep -o '"id":"[^"]*"\|"_truth":{"label":"[a-z_]*"' "$P" |
  awk -F'"' '/"id"/ {id = $4; next} {label[id] = $6}
             END {while ((getline line < OUT) > 0) {
                    if (line !~ /"group":\{/) continue;
                    split(line, a, "\""); n[label[a[4]]]++ }
                  for (k in n) printf "  %-16s %8d\n", k, n[k] }' OUT="$P.out" | sort
