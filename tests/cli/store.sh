#!/bin/sh
# tests/cli/store.sh - end-to-end checks of the store commands (`vetter
# ingest`, `report`, `decide`, `audit`, `check --store`, `rings`), run by
# CTest as `cli_store`:
# sh tests/cli/store.sh VETTER_BINARY TESTS_DIR, with VETTER_DATA naming
# the repository's data directory.
#
# The bundled examples/population.jsonl is ingested twice (the second time
# nothing changes), its reports from `vetter check` are stored, an analyst
# decides, new evidence reopens the decision, and bad input and bad usage
# are refused with the right messages.  Then `vetter check --store` checks
# the population in two parts against one store (the second part's reports
# must equal those of one run over everything), `vetter rings` lists the
# groups, and a decision shows in the next report.  Everything is written to a
# temporary directory removed on exit.  Every check also fails when the
# command died from a signal or printed a sanitizer report.  Only POSIX
# sh, coreutils, grep and sed are used.
set -eu

if [ $# -ne 2 ]; then
  echo "usage: sh tests/cli/store.sh VETTER_BINARY TESTS_DIR" >&2
  exit 2
fi
V=$1
TESTS=$2
case $V in /*) ;; *) V=$(pwd)/$V ;; esac
case $TESTS in /*) ;; *) TESTS=$(pwd)/$TESTS ;; esac
DATA=${VETTER_DATA:-$TESTS/../data}
case $DATA in /*) ;; *) DATA=$(pwd)/$DATA ;; esac
export VETTER_DATA="$DATA"
unset VETTER_CONF VETTER_DB # a developer's own settings must not change the results
POP=$TESTS/../examples/population.jsonl
[ -x "$V" ] || { echo "store.sh: '$V' is not an executable" >&2; exit 2; }
[ -f "$POP" ] || { echo "store.sh: no '$POP'" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vetter-store.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
cd "$TMP"

pass=0
fail=0
rc=0
OUT=$TMP/out
ERR=$TMP/err

run() {
  if "$@" >"$OUT" 2>"$ERR"; then rc=0; else rc=$?; fi
}
run_in() {
  _in=$1
  shift
  if "$@" <"$_in" >"$OUT" 2>"$ERR"; then rc=0; else rc=$?; fi
}
check() {
  _why=""
  if [ "$rc" -ge 128 ]; then
    _why="killed by a signal (status $rc)"
  elif grep -Eq 'runtime error:|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer' "$ERR"; then
    _why="sanitizer report"
  elif ! (eval "$2") >/dev/null 2>&1; then
    _why="condition failed: $2"
  fi
  if [ -z "$_why" ]; then
    pass=$((pass + 1))
    echo "ok   $1"
  else
    fail=$((fail + 1))
    echo "FAIL $1"
    echo "     $_why"
    echo "     exit status: $rc"
    echo "     stdout:"
    head -c 1500 "$OUT" | sed 's/^/       /'
    echo
    echo "     stderr:"
    head -c 1500 "$ERR" | sed 's/^/       /'
    echo
  fi
}
has() { grep -Eq -- "$1" "$OUT"; }
err_has() { grep -Eq -- "$1" "$ERR"; }
lines() { [ "$(wc -l <"$OUT")" -eq "$1" ]; }

echo "vetter: $V"

# ---- ingest -------------------------------------------------------------------

run "$V" ingest "$POP"
check "ingest population.jsonl: 400 new subjects, 4119 new events, into ./vetter.db" \
  '[ $rc -eq 0 ] && [ -f vetter.db ] && [ ! -s "$OUT" ] &&
   err_has "subjects 400 new, 0 updated, 0 unchanged; events 4119 new, 0 duplicate; 0 of 4519 records skipped"'

run "$V" ingest "$POP"
check "ingest again: all unchanged, no new events" \
  '[ $rc -eq 0 ] && err_has "subjects 0 new, 0 updated, 400 unchanged; events 0 new, 4119 duplicate; 0 of 4519 records skipped"'

VETTER_DB=$TMP/vetter.db run_in "$POP" "$V" ingest - --batch 7
check "ingest - with \$VETTER_DB and --batch 7: still unchanged" \
  '[ $rc -eq 0 ] && err_has "into .*/vetter\.db.*subjects 0 new, 0 updated, 400 unchanged; events 0 new, 4119 duplicate"'

sed -n 1p "$POP" | sed 's/"display_name":"[^"]*"/"display_name":"Y. Durand"/' >changed.jsonl
run "$V" ingest changed.jsonl --quiet
check "ingest of a changed subject: updated (quiet: nothing printed)" '[ $rc -eq 0 ] && [ ! -s "$ERR" ] && [ ! -s "$OUT" ]'
run "$V" ingest changed.jsonl
check "... and the same change again: unchanged" '[ $rc -eq 0 ] && err_has "subjects 0 new, 0 updated, 1 unchanged"'

cat >bad.jsonl <<'EOF'
{"type":"subject","id":"w-1","name":"Ann Lee","country":"PL"}
{"type":"subject","id":"w-2","name":"B"
{"type":"subject","id":"w-3","name":5}
{"type":"subject","id":"w-4","birth_date":"1988-02-30"}
{"type":"subject","id":"w-1","name":"again"}
{"type":"event","subject":"w-9","ts":"2026-11-04T01:14:09Z"}
{"type":"subject","id":"w-5","country":"Atlantis"}
{"type":"event","subject":"w-1","ts":"2026-11-04 01:14"}
{"type":"event","subject":"w-1","ts":"2026-11-04T01:14:09Z","kind":"login"}
EOF
run "$V" ingest bad.jsonl --db bad.db
check "ingest of bad lines: each reported with file, line and field; the good ones stored" \
  "[ \$rc -eq 0 ] && err_has '^vetter: bad\\.jsonl:2: record skipped: not valid JSON' &&
   err_has \"^vetter: bad\\.jsonl:3: subject 'w-3' skipped: field 'name': expected a string\" &&
   err_has \"^vetter: bad\\.jsonl:4: subject 'w-4' skipped: field 'birth_date'\" &&
   err_has \"^vetter: bad\\.jsonl:5: subject 'w-1' skipped: field 'id': duplicate subject id \\(first on line 1\\)\" &&
   err_has \"^vetter: bad\\.jsonl:7: subject 'w-5': field 'country': 'Atlantis' is not a known country\" &&
   err_has \"^vetter: bad\\.jsonl:8: event of subject 'w-1' skipped: field 'ts'\" &&
   err_has \"^vetter: bad\\.jsonl:6: event for unknown subject 'w-9'\" &&
   err_has 'subjects 2 new, 0 updated, 0 unchanged; events 1 new, 0 duplicate; 6 of 9 records skipped'"
grep '^vetter: bad' "$ERR" >ingest_issues || true
run "$V" check bad.jsonl --quiet --lists un_sc
grep '^vetter: bad' "$ERR" >check_issues || true
check "ingest reports bad records exactly as vetter check does" '[ $rc -eq 0 ] && cmp -s ingest_issues check_issues'

i=0
while [ $i -lt 30 ]; do echo "{\"type\":\"subject\",\"id\":\"g-$i\",\"name\":$i}"; i=$((i + 1)); done >garbage.jsonl
run "$V" ingest garbage.jsonl --db garbage.db --batch 4
check "ingest of 30 bad lines: the first 20 printed, the rest counted" \
  '[ $rc -eq 0 ] && [ "$(grep -c "^vetter: garbage\.jsonl:[0-9]*: subject .g-[0-9]*. skipped: field .name." "$ERR")" -eq 20 ] &&
   err_has "^vetter: \.\.\. and 10 more input problems$" && err_has "subjects 0 new.* 30 of 30 records skipped"'

printf 'this is not a database, only text that happens to be long enough\n' >notes.txt
run "$V" ingest "$POP" --db notes.txt
check "ingest into a file that is not a store is refused" "[ \$rc -eq 1 ] && err_has \"'notes\\.txt' is not a vetter store\""

run "$V" ingest "$POP" --batch 0
check "ingest --batch 0 is a usage error" '[ $rc -eq 2 ] && err_has "batch"'

run "$V" ingest nosuch.jsonl
check "ingest of a missing file fails" '[ $rc -eq 1 ] && err_has "nosuch\.jsonl"'

# ---- report, decide, audit ----------------------------------------------------

run "$V" report w000002
check "report before any report is stored: the subject, no report, no decision" \
  '[ $rc -eq 0 ] && has "^subject w000002  \(Luis White\)" && has "9 events" && has "^no report stored yet" &&
   has "^decision: none"'

run "$V" report w999999
check "report of an unknown subject fails" "[ \$rc -eq 1 ] && err_has \"subject 'w999999' is not in the store 'vetter\\.db'\""

run "$V" report w000002 --db missing.db
check "report without a store fails and creates none" '[ $rc -eq 1 ] && err_has "no store at .missing\.db." && [ ! -e missing.db ]'

"$V" check "$POP" --quiet --lists ofac_sdn,un_sc >reports.jsonl
run_in reports.jsonl "$V" ingest --reports -
check "ingest --reports: every report of vetter check stored" '[ $rc -eq 0 ] && err_has "^vetter: 400 reports stored in .vetter\.db. \(0 of 400 lines skipped\)"'

run "$V" report w000002
check "report: the latest report with its findings and a history of one" \
  '[ $rc -eq 0 ] && has "^latest report [0-9]+  [0-9T:-]+Z  score [0-9.]+  band (high|critical)" &&
   has "^  high +payout\.high_risk_country" && has "^history \(oldest first\)" &&
   [ "$(grep -Ec "^  [0-9-]+T[0-9:]+Z  score" "$OUT")" -eq 1 ] && has "^decision: none"'

run "$V" decide w000002 --status cleared --note "known contractor, verified on a video call" --by alice
check "decide: recorded with the fingerprint of the latest report" \
  '[ $rc -eq 0 ] && has "^decision 1: w000002 cleared by alice \(report [0-9]+, fingerprint [0-9a-f]{16}\)$"'

run "$V" report w000002
check "report: the decision stands, no new evidence" \
  '[ $rc -eq 0 ] && has "^decision: cleared on [0-9]{4}-[0-9]{2}-[0-9]{2} by alice; no new evidence since$" &&
   has "^  note: known contractor, verified on a video call$"'

# the same report again (a rerun of the checks): the decision still stands
grep '"subject":"w000002"' reports.jsonl >again.jsonl
run "$V" ingest --reports again.jsonl
run "$V" report w000002
check "a rerun with the same findings: two history rows, the decision stands" \
  '[ $rc -eq 0 ] && [ "$(grep -Ec "^  [0-9-]+T[0-9:]+Z  score" "$OUT")" -eq 2 ] && has "no new evidence since"'

# new evidence: a crypto payout appears
sed 's/"findings":\[/"findings":[{"rule":"payout.crypto","severity":"medium","score_weight":0.3,"message":"payout 1 is in USDT","evidence":{"payout":1,"currency":"USDT"}},/' \
  again.jsonl >newer.jsonl
run "$V" ingest --reports newer.jsonl
run "$V" report w000002
check "new evidence reopens the cleared decision, naming the rule" \
  '[ $rc -eq 0 ] && has "^decision: cleared on [0-9-]+ by alice, but new evidence since: payout\.crypto$" &&
   has "^  medium +payout\.crypto"'

run "$V" report w000002 --json
check "report --json: latest report, history of three, decision with stands false" \
  '[ $rc -eq 0 ] && lines 1 && has "^\{\"subject\":\"w000002\"," && has "\"report\":\{\"subject\":\"w000002\"" &&
   [ "$(grep -o "\"fingerprint\":\"[0-9a-f]*\"" "$OUT" | wc -l)" -eq 4 ] &&
   has "\"decision\":\{\"id\":1,\"subject\":\"w000002\",\"status\":\"cleared\",\"by\":\"alice\"" &&
   has "\"stands\":false,\"new_evidence\":\[\"payout\.crypto\"\]"'

run "$V" decide w000002 --status watch --note "crypto payout: watch" --by bob --json
check "decide --json: the stored decision" \
  '[ $rc -eq 0 ] && lines 1 && has "^\{\"id\":2,\"subject\":\"w000002\",\"status\":\"watch\",\"by\":\"bob\""'

run "$V" decide w000002 --status cleared --note "no analyst named"
check "decide without --by is refused" '[ $rc -eq 2 ] && err_has "--by NAME is required" && [ ! -s "$OUT" ]'

run "$V" decide w000002 --status approved --note x --by carol
check "decide with an unknown status is refused" "[ \$rc -eq 2 ] && err_has \"cleared, watch or blocked, not 'approved'\""

run "$V" decide w000002 --status blocked --by carol
check "decide without --note is refused" '[ $rc -eq 2 ] && err_has "--note TEXT is required"'

run "$V" decide w999999 --status blocked --note x --by carol
check "decide on an unknown subject fails cleanly" "[ \$rc -eq 1 ] && err_has \"subject 'w999999' is not in the store\""

run "$V" decide w-1 --status blocked --note "shared device with w-5" --by carol --db bad.db
check "decide on a subject without a report: recorded, no report" \
  '[ $rc -eq 0 ] && has "^decision 1: w-1 blocked by carol \(no report stored yet\)$"'

run "$V" audit --db bad.db
check "audit of that store: the one decision, without a report" \
  '[ $rc -eq 0 ] && lines 1 && has "^1 +[0-9T:-]+Z  w-1  blocked  by carol  no report  shared device with w-5$"'

run "$V" audit
check "audit: two decisions in order, the refused ones left no trace" \
  '[ $rc -eq 0 ] && lines 2 &&
   sed -n 1p "$OUT" | grep -Eq "^1 +[0-9T:-]+Z  w000002  cleared  by alice  report [0-9]+ \([0-9a-f]{16}\)  known contractor, verified on a video call$" &&
   sed -n 2p "$OUT" | grep -Eq "^2 +[0-9T:-]+Z  w000002  watch    by bob  report [0-9]+ \([0-9a-f]{16}\)  crypto payout: watch$"'

run "$V" audit --subject w000002 --json
check "audit --subject --json: one JSON line per decision of that subject" \
  '[ $rc -eq 0 ] && lines 2 && [ "$(grep -c "^{\"id\":[12],\"subject\":\"w000002\"," "$OUT")" -eq 2 ]'

run "$V" audit --subject w000003
check "audit of a subject without decisions: nothing on stdout" '[ $rc -eq 0 ] && [ ! -s "$OUT" ] && err_has "no decisions recorded on .w000003."'

run "$V" ingest "$POP"
check "a third ingest after reports and decisions: still all unchanged" \
  '[ $rc -eq 0 ] && err_has "subjects 0 new, 1 updated, 399 unchanged; events 0 new, 4119 duplicate"'

# ---- check --store and rings -----------------------------------------------------

grep '"type":"subject"' "$POP" >subjects.jsonl
head -n 300 subjects.jsonl >part_a.jsonl
tail -n +301 subjects.jsonl >part_b.jsonl
"$V" check subjects.jsonl --quiet --lists ofac_sdn,un_sc | sed -n 's/^{"subject":"\([^"]*\)","score":\([0-9.]*\),"band":"\([a-z]*\)".*/\1 \2 \3/p' |
  tail -n 100 >all_b.txt
run "$V" check part_a.jsonl --store --db c.db --lists ofac_sdn,un_sc
check "check --store: the input ingested, checked, 300 reports and the groups stored" \
  '[ $rc -eq 0 ] && lines 300 && err_has "subjects 300 new" && err_has "stored 300 reports and [0-9]+ groups in .c\.db."'
run "$V" check part_b.jsonl --store --db c.db --lists ofac_sdn,un_sc
sed -n 's/^{"subject":"\([^"]*\)","score":\([0-9.]*\),"band":"\([a-z]*\)".*/\1 \2 \3/p' "$OUT" >store_b.txt
check "check --store of the rest: only its 100 subjects reported, linked against the stored ones exactly as one run of all" \
  '[ $rc -eq 0 ] && lines 100 && err_has "read 400 subjects" && [ "$(wc -l <all_b.txt)" -eq 100 ] && cmp -s all_b.txt store_b.txt'
grep -c '"ring\.' "$OUT" >ring_b.txt || true
check "... and some of them are linked to stored subjects" '[ "$(cat ring_b.txt)" -gt 0 ]'

run "$V" rings --db c.db
check "rings: the groups, riskiest first, with members, risk and shared identifiers" \
  '[ $rc -eq 0 ] && has "^group g[0-9a-f]{12}  [0-9]+ members  risk (critical|high|medium|low) \(highest own score" &&
   has "^  members: w[0-9]+, w[0-9]+" && has "^  shared (payout|document|device|photo|address|holder|text) " &&
   err_has "^vetter: [0-9]+ groups of 2 or more \([0-9]+ subjects\) in .c\.db., as the last .vetter check --store. found them"'
ngroups=$(grep -c '^group ' "$OUT")
sed -n 1p "$OUT" | sed 's/.*highest own score \([0-9.]*\).*/\1/' >top_score.txt
run "$V" rings --db c.db --json
check "rings --json: one object per group with every member" \
  '[ $rc -eq 0 ] && lines "$ngroups" && [ "$(grep -c "^{\"id\":\"g[0-9a-f]*\",\"size\":[0-9]*,\"members\":\[" "$OUT")" -eq "$ngroups" ] &&
   has "\"risk\":\{\"max_own_score\":$(cat top_score.txt)"'
member=$(sed -n 1p "$OUT" | sed 's/^{"id":"g[0-9a-f]*","size":[0-9]*,"members":\["\([^"]*\)".*/\1/')
run "$V" rings --db c.db --min-size 3
check "rings --min-size 3: fewer groups, none of two" '[ $rc -eq 0 ] && [ "$(grep -c "^group " "$OUT")" -lt "$ngroups" ] && ! has " 2 members "'
run "$V" rings --db c.db --subject "$member"
check "rings --subject: that member's group only" "[ \$rc -eq 0 ] && [ \"\$(grep -c '^group ' \"\$OUT\")\" -eq 1 ] && has 'members: .*$member'"
run "$V" rings --db c.db --min-size 1
check "rings --min-size 1 is a usage error" '[ $rc -eq 2 ] && err_has "from 2"'
run "$V" rings --db vetter.db
check "rings of a store never checked with --store: none, and how to make them" \
  '[ $rc -eq 0 ] && [ ! -s "$OUT" ] && err_has "no groups are stored yet: .vetter check FILE --store"'

run "$V" decide "$member" --status cleared --note "verified" --by alice --db c.db
run "$V" check subjects.jsonl --store --db c.db --lists ofac_sdn,un_sc --quiet
check "check --store again: unchanged subjects, every report carries the decision when there is one" \
  "[ \$rc -eq 0 ] && lines 400 && grep '^{\"subject\":\"$member\"' \"\$OUT\" | grep -q '\"decision\":{\"id\":[0-9]*,\"subject\":\"$member\",\"status\":\"cleared\".*\"stands\":true'"
run "$V" report "$member" --db c.db
check "the stored history grows with each check --store" \
  '[ $rc -eq 0 ] && [ "$(grep -Ec "^  [0-9-]+T[0-9:]+Z  score" "$OUT")" -ge 2 ] && has "no new evidence since"'

run "$V" check bad.jsonl --store --db c.db --lists un_sc
check "check --store of bad lines: reported with file and line, the good ones checked" \
  "[ \$rc -eq 0 ] && err_has '^vetter: bad\\.jsonl:2: record skipped: not valid JSON' && has '^\\{\"subject\":\"w-1\"'"
run "$V" check "$POP" --db c.db
check "check --db without --store is a usage error" '[ $rc -eq 2 ] && err_has "--db needs --store"'

run "$V" --help
check "usage lists the store commands" '[ $rc -eq 0 ] && has "^  ingest " && has "^  report " && has "^  decide " && has "^  audit " && has "^  rings "'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
