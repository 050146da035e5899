#!/bin/sh
# tests/cli/run.sh - end-to-end checks of the `vetter` command line, run by
# CTest as `cli_e2e`: sh tests/cli/run.sh VETTER_BINARY TESTS_DIR, with
# VETTER_DATA naming the repository's data directory.
#
# Each check runs the real binary on the bundled lists and asserts on what
# it prints (stdout, stderr, exit status).  Everything written goes to a
# temporary directory removed on exit; `lists update` is exercised only
# against file:// URLs, so no check touches the network.  Every check also
# fails when the command died from a signal or printed a sanitizer report.
# Only POSIX sh, coreutils, grep and sed are used (no jq, no python).
set -eu

if [ $# -ne 2 ]; then
  echo "usage: sh tests/cli/run.sh VETTER_BINARY TESTS_DIR" >&2
  exit 2
fi
V=$1
TESTS=$2
case $V in /*) ;; *) V=$(pwd)/$V ;; esac
case $TESTS in /*) ;; *) TESTS=$(pwd)/$TESTS ;; esac
DATA=${VETTER_DATA:-$TESTS/../data}
case $DATA in /*) ;; *) DATA=$(pwd)/$DATA ;; esac
export VETTER_DATA="$DATA"
unset VETTER_CONF # a developer's own config must not change the results
[ -x "$V" ] || { echo "run.sh: '$V' is not an executable" >&2; exit 2; }
[ -f "$DATA/lists/lists.json" ] || { echo "run.sh: no lists.json under '$DATA'" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vetter-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
cd "$TMP" # no ./vetter.conf here; relative file names in messages stay short

pass=0
fail=0
rc=0
OUT=$TMP/out
ERR=$TMP/err

# run CMD...: run the command, stdout in $OUT, stderr in $ERR, status in $rc.
run() {
  if "$@" >"$OUT" 2>"$ERR"; then rc=0; else rc=$?; fi
}
# run_in FILE CMD...: the same with stdin from FILE.
run_in() {
  _in=$1
  shift
  if "$@" <"$_in" >"$OUT" 2>"$ERR"; then rc=0; else rc=$?; fi
}

# check DESCRIPTION CONDITION: CONDITION is shell code evaluated after the
# last run; the check also fails on a crash or a sanitizer report.
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

# helpers for conditions
has() { grep -Eq -- "$1" "$OUT"; }          # stdout matches the ERE
err_has() { grep -Eq -- "$1" "$ERR"; }      # stderr matches the ERE
lines() { [ "$(wc -l <"$OUT")" -eq "$1" ]; } # stdout has exactly N lines
hits() { grep -Ec '^[01]\.[0-9]{3} ' "$OUT" || true; } # table rows
# The order of a batch output: the id of each result line, "L<n>" for an
# error line without an id, "<id>!" for an error line with one.
order() {
  sed -n -e 's/^{"line":[0-9]*,"id":"\{0,1\}\([^",]*\)"\{0,1\},"error".*/\1!/p' \
    -e 's/^{"line":\([0-9]*\),"error".*/L\1/p' \
    -e 's/^{"id":"\{0,1\}\([^",]*\)"\{0,1\},.*/\1/p' "$1" | tr '\n' ' ' | sed 's/ $//'
}

echo "vetter: $V"
echo "data:   $DATA"

# ---- general ----------------------------------------------------------------

run "$V" version
check "version prints 'vetter X.Y.Z'" '[ $rc -eq 0 ] && has "^vetter [0-9]+\.[0-9]+\.[0-9]+$" && lines 1'

run "$V" --help
check "--help exits 0 with the command list" \
  '[ $rc -eq 0 ] && has "^usage: vetter COMMAND" && has "^  screen " && has "^  lists " && [ ! -s "$ERR" ]'

run "$V"
check "no command exits 2 with the usage on stderr" '[ $rc -eq 2 ] && err_has "^usage: vetter" && [ ! -s "$OUT" ]'

run "$V" frobnicate
check "unknown command exits 2 naming it" "[ \$rc -eq 2 ] && err_has \"unknown command 'frobnicate'\""

run "$V" screen --frob "Kim"
check "unknown screen option exits 2 naming it" "[ \$rc -eq 2 ] && err_has \"unknown option '--frob'\""

run "$V" screen --help
check "screen --help exits 0" '[ $rc -eq 0 ] && has "^usage: vetter screen"'

# ---- screen: one name -------------------------------------------------------

run "$V" screen "Kim Jong Un"
check "screen: table shows ofac_sdn 20157 KIM, Jong Un (DPRK3)" \
  '[ $rc -eq 0 ] && has "^1\.000 +ofac_sdn +20157 +person +KIM, Jong Un +DPRK3" && has "kim +~ kim +1\.000 exact"'

run "$V" screen "Kim Jong Un" --json
check "screen --json: one line with entity 20157 and its explanation" \
  '[ $rc -eq 0 ] && lines 1 && has "^\{\"query\":\{\"name\":\"Kim Jong Un\"\}" &&
   has "\"list\":\"ofac_sdn\",\"entity_id\":\"20157\"" && has "\"explain\":\{\"name_score\":1(\.0)?," &&
   has "\"birth_dates\":\[\"1984-01-08\"\]" && has "\"lists\":\{\"ofac_sdn\":\"[0-9]{4}-[0-9]{2}-[0-9]{2}\""'

run "$V" screen "Kim Jong Un" --type organization
check "screen --type organization: a person no longer reaches the threshold" \
  '[ $rc -eq 0 ] && has "^no match for \"Kim Jong Un\" at or above the threshold" && [ "$(hits)" -eq 0 ]'

run "$V" screen "Kim Jong Un" --type organization --threshold 0.5 --json
check "screen --type organization --json: schema adjustment lowers 20157 to 0.7" \
  '[ $rc -eq 0 ] && lines 1 && has "\"type\":\"organization\"" &&
   has "\"entity_id\":\"20157\",\"schema\":\"person\",[^{]*\"score\":0\.7," &&
   has "\{\"rule\":\"schema\",\"result\":\"mismatch\",\"query\":\"organization\",\"list\":\"person\",\"before\":1(\.0)?,\"after\":0\.7\}"'

run "$V" screen "Kim Jong Un" --birth-date 1984-01-08
check "screen --birth-date 1984-01-08: birth_date adjustment 'exact'" \
  '[ $rc -eq 0 ] && has "^1\.000 +ofac_sdn +20157 " && has "^ +birth_date: exact \(1984-01-08 vs 1984-01-08"'

run "$V" screen "Kim Jong Un" --birth-date 1984-13-45
check "screen --birth-date 1984-13-45 is refused" '[ $rc -eq 2 ] && err_has "birth_date.*not a valid date" && [ ! -s "$OUT" ]'

run "$V" screen "Kim Jong Un" --country KP --lists ofac_sdn --json
check "screen --country KP: country adjustment 'match'" \
  '[ $rc -eq 0 ] && has "\"country\":\"KP\"" && has "\"entity_id\":\"20157\"" &&
   has "\{\"rule\":\"country\",\"result\":\"match\",\"query\":\"KP\",\"list\":\"KP\""'

run "$V" screen "Kim Jong Un" --country "North Korea" --lists ofac_sdn --json
check "screen --country 'North Korea' resolves to KP" \
  '[ $rc -eq 0 ] && has "\"query\":\{\"name\":\"Kim Jong Un\",\"country\":\"KP\"\}" && has "\"rule\":\"country\",\"result\":\"match\""'

run "$V" screen "Kim Jong Un" --country CN --lists ofac_sdn --json
check "screen --country CN: country adjustment 'mismatch' lowers the score" \
  '[ $rc -eq 0 ] && has "\{\"rule\":\"country\",\"result\":\"mismatch\",\"query\":\"CN\",\"list\":\"KP\",\"before\":1(\.0)?,\"after\":0\.9[0-9]*\}"'

run "$V" screen "Kim Jong Un" --threshold 0.99 --limit 1
check "screen --threshold 0.99 --limit 1: exactly one hit, 20157" \
  '[ $rc -eq 0 ] && [ "$(hits)" -eq 1 ] && has "^1\.000 +[a-z_]+ +20157 "'

run "$V" screen "Kim Jong Un" --lists un_sc --json
check "screen --lists un_sc: nothing from ofac_sdn, only un_sc versioned" \
  '[ $rc -eq 0 ] && ! has "ofac_sdn" && has "\"lists\":\{\"un_sc\":\"[0-9-]{10}\"\}"'

run "$V" screen "Korea Kwangson Banking" --lists un_sc
check "screen --lists un_sc finds the UN entry KPe.025" \
  '[ $rc -eq 0 ] && has "^[01]\.[0-9]{3} +un_sc +KPe\.025 +organization +KOREA KWANGSON BANKING" && ! has " ofac_sdn "'

run "$V" screen "Kim Jong Un" --lists nosuch
check "screen --lists nosuch fails naming the list" "[ \$rc -eq 1 ] && err_has \"'nosuch'\" && [ ! -s \"\$OUT\" ]"

run "$V" screen "Kim Jong Un" --lists un_sc,nosuch
check "screen --lists un_sc,nosuch fails naming the unknown one" "[ \$rc -ne 0 ] && err_has \"'nosuch'\""

run "$V" screen "Kim Jong Un" --threshold 2
check "screen --threshold 2 exits 2" '[ $rc -eq 2 ] && err_has "threshold" && [ ! -s "$OUT" ]'

run "$V" screen "Kim Jong Un" --limit 0
check "screen --limit 0 exits 2" '[ $rc -eq 2 ] && err_has "limit"'

run "$V" screen "$(printf 'Kim \377Jong')"
check "screen with an invalid UTF-8 name exits 2" '[ $rc -eq 2 ] && err_has "invalid UTF-8 at byte 4" && [ ! -s "$OUT" ]'

long=$(head -c 5000 /dev/zero | tr '\0' 'k')
run "$V" screen "$long" --lists un_sc
check "screen with a 5000-byte name fails cleanly" \
  '[ $rc -eq 1 ] && err_has "5000 bytes, longer than the limit" && [ ! -s "$OUT" ]'

run "$V" screen ""
check "screen with an empty name fails with a message" '[ $rc -ne 0 ] && [ $rc -lt 128 ] && [ -s "$ERR" ]'

# ---- screen: batch ----------------------------------------------------------

cat >batch.jsonl <<'EOF'
{"id":"a1","name":"Kim Jong Un"}
{"id":"a2","name":"Korea Kwangson Banking Corp"
{"id":"a3","name":"Kim Jong Un","type":"spaceship"}
{"name":"Kim Jong Un"}

{"id":"a5","email":"iranvisacart@yahoo.com"}
{"id":"a6","name":"김정은"}
{"id":"a7","name":"Korea Kwangson Banking Corp","type":"organization","country":"KP"}
{"id":8,"name":"Choe Ryong Hae","birth_date":"1950-01-15"}
EOF

run "$V" screen --batch batch.jsonl
cp "$OUT" batch.out
cp "$ERR" batch.err
check "screen --batch: exit 0, one output line per non-blank input line" '[ $rc -eq 0 ] && lines 8'
check "screen --batch: results and errors in input order" \
  '[ "$(order batch.out)" = "a1 L2 a3! L4 a5 a6 a7 8" ]'
check "screen --batch: errors on stderr with file and line number" \
  "err_has '^vetter: batch\.jsonl:2: invalid JSON' && err_has \"^vetter: batch\\.jsonl:3: field 'type'\" &&
   err_has \"^vetter: batch\\.jsonl:4: field 'id' is required\" && [ \$(wc -l <\"\$ERR\") -eq 3 ]"
check "screen --batch: Kim Jong Un -> 20157" \
  'grep "^{\"id\":\"a1\"," batch.out | grep -q "\"entity_id\":\"20157\""'
check "screen --batch: e-mail identifier alone -> ofac_sdn 26137" \
  'grep "^{\"id\":\"a5\"," batch.out | grep -q "\"list\":\"ofac_sdn\",\"entity_id\":\"26137\""'
check "screen --batch: Hangul 김정은 -> 20157" \
  'grep "^{\"id\":\"a6\"," batch.out | grep -q "\"entity_id\":\"20157\""'
check "screen --batch: organization with country -> 11581" \
  'grep "^{\"id\":\"a7\"," batch.out | grep -q "\"entity_id\":\"11581\""'
check "screen --batch: numeric id kept as a number" 'grep -q "^{\"id\":8,\"query\":" batch.out'

run "$V" screen --batch batch.jsonl --threads 1
cp "$OUT" t1.out
run "$V" screen --batch batch.jsonl --threads 2
check "screen --batch: --threads 1 and --threads 2 byte-identical" '[ $rc -eq 0 ] && cmp -s t1.out "$OUT" && cmp -s t1.out batch.out'

# more lines than one chunk of the batch runner (2048), over several threads
i=0
while [ $i -lt 2100 ]; do
  case $((i % 3)) in
  0) echo "{\"id\":$i,\"name\":\"Kim Jong Un\"}" ;;
  1) echo "{\"id\":$i,\"name\":\"Choe Ryong Hae\",\"type\":\"person\"}" ;;
  2) echo "{\"id\":$i,\"name\":\"Zzyzx Qwerty $i\"}" ;;
  esac
  i=$((i + 1))
done >many.jsonl
run "$V" screen --batch many.jsonl --threads 1 --lists ofac_sdn
cp "$OUT" many1.out
run "$V" screen --batch many.jsonl --threads 3 --lists ofac_sdn
check "screen --batch: 2100 lines over 3 threads, same output as 1 thread" \
  '[ $rc -eq 0 ] && lines 2100 && cmp -s many1.out "$OUT" &&
   [ "$(sed -n "2100p" "$OUT" | sed "s/^{\"id\":\([0-9]*\),.*/\1/")" = 2099 ] &&
   [ "$(grep -c "\"entity_id\":\"20157\"" "$OUT")" -eq 700 ]'

run_in batch.jsonl "$V" screen --batch -
check "screen --batch - reads stdin (same output, source named <stdin>)" \
  '[ $rc -eq 0 ] && sed "s/<stdin>:/batch.jsonl:/" "$OUT" | cmp -s - batch.out && err_has "^vetter: <stdin>:2: invalid JSON"'

printf '{"id":"x1","name":"Kim Jong Un"}\n{"id":"big","name":"' >long.jsonl
head -c 1100000 /dev/zero | tr '\0' 'a' >>long.jsonl
printf '"}\n{"id":"long","name":"%s"}\n{"id":"x2","name":"Choe Ryong Hae"}\n' "$long" >>long.jsonl
run "$V" screen --batch long.jsonl --lists ofac_sdn
check "screen --batch: a line over 1 MiB and an over-long name are reported in order" \
  "[ \$rc -eq 0 ] && lines 4 && [ \"\$(order \"\$OUT\")\" = 'x1 L2 long! x2' ] &&
   err_has 'long\\.jsonl:2: line longer than' && err_has 'long\\.jsonl:3: name is 5000 bytes, longer than'"

printf '{"a":1\n[1,2]\n' >allbad.jsonl
run "$V" screen --batch allbad.jsonl --lists un_sc
check "screen --batch: every line bad exits 1" '[ $rc -eq 1 ] && lines 2 && err_has "allbad\.jsonl:2: expected a JSON object"'

run "$V" screen --batch nosuch.jsonl --lists un_sc
check "screen --batch on a missing file fails naming it" "[ \$rc -eq 1 ] && err_has \"'nosuch\\.jsonl'\""

run "$V" screen "Kim Jong Un" --batch batch.jsonl
check "screen with both a name and --batch exits 2" '[ $rc -eq 2 ] && err_has "give a NAME or --batch"'

# ---- compare ----------------------------------------------------------------

run "$V" compare "Kim Jong Un" "김정은"
check "compare Kim Jong Un ~ 김정은 scores >= 0.9 by romanization" \
  '[ $rc -eq 0 ] && has "^(0\.9[0-9]{2}|1\.000)  Kim Jong Un ~ 김정은$" && has "jong +~ jeong +0\.[0-9]{3} korean"'

run "$V" compare "Kim Jong Un" "김정은" --json
check "compare --json: one line with score and explanation" \
  '[ $rc -eq 0 ] && lines 1 && has "^\{\"a\":\"Kim Jong Un\",\"b\":\"김정은\",\"score\":(0\.9[0-9]*|1(\.0)?),\"explain\":\{" &&
   has "\"how\":\"korean\""'

run "$V" compare "Kim Jong Un" "Zzyzx Qwerty"
check "compare of unrelated names scores low" '[ $rc -eq 0 ] && has "^0\.[0-4][0-9]{2}  Kim Jong Un ~ Zzyzx Qwerty$"'

run "$V" compare "$(printf 'Kim\377')" "Kim"
check "compare with an invalid UTF-8 name fails with a message" \
  '[ $rc -ne 0 ] && [ $rc -lt 128 ] && err_has "invalid UTF-8" && [ ! -s "$OUT" ]'

run "$V" compare "Kim Jong Un"
check "compare with one name exits 2" '[ $rc -eq 2 ] && err_has "give two names"'

cat >pairs.jsonl <<'EOF'
{"id":1,"a":"Kim Jong Un","b":"김정은"}
{"id":2,"a":"Pak Kwang Ho"

{"id":3,"a":"Ali","b":5}
{"id":4,"a":"Korea Kwangson Banking Corp","b":"KOREA KWANGSON BANKING CORPORATION","type":"organization"}
{"id":5,"a":"Ali","b":"Ali","type":"planet"}
EOF
run "$V" compare --batch pairs.jsonl
check "compare --batch: results and errors in input order, errors on stderr" \
  "[ \$rc -eq 0 ] && lines 5 && [ \"\$(order \"\$OUT\")\" = '1 L2 3! 4 5!' ] &&
   err_has '^vetter: pairs\\.jsonl:2: invalid JSON' && err_has \"pairs\\\\.jsonl:4: field 'b'\" &&
   err_has \"pairs\\\\.jsonl:6: field 'type'\" && grep '^{\"id\":4,' \"\$OUT\" | grep -Eq '\"score\":(0\\.9|1)'"
cp "$OUT" pairs.out
run "$V" compare --batch pairs.jsonl --threads 2
check "compare --batch: --threads 2 gives the same output" '[ $rc -eq 0 ] && cmp -s pairs.out "$OUT"'

# ---- lists ------------------------------------------------------------------

run "$V" lists
check "lists: the enabled lists with dates and entity counts" \
  '[ $rc -eq 0 ] && has "^LIST +DATE +ENTITIES +AGE +TITLE" &&
   has "^ofac_sdn +[0-9]{4}-[0-9]{2}-[0-9]{2} +[1-9][0-9]{4,} +[0-9]+d " &&
   has "^ofac_cons +[0-9-]{10} +[1-9][0-9]{2,} " && has "^un_sc +[0-9-]{10} +[1-9][0-9]{3,} " &&
   has "^uk_ofsi +[0-9-]{10} +[1-9][0-9]{3,} " && has "^us_csl +[0-9-]{10} +[1-9][0-9]{4,} " &&
   ! has "^ofac_cons_xml " && ! has "^os_eu_fsf " && lines 6'
check "lists: warns on stderr about old lists" 'err_has "^vetter: warning: [0-9]+ list\(s\) older than [0-9]+ days"'

run "$V" lists --json
check "lists --json: one array line with name, date, entities, age" \
  '[ $rc -eq 0 ] && lines 1 && has "^\[\{\"name\":\"ofac_sdn\"," &&
   has "\{\"name\":\"un_sc\",[^}]*\"date\":\"[0-9-]{10}\",\"entities\":[1-9][0-9]{3,},\"age_days\":[0-9]+," &&
   has "\"name\":\"uk_ofsi\"" && has "\"name\":\"us_csl\"" && has "\"name\":\"ofac_cons\"" && ! has "os_eu_fsf"'

run "$V" lists --all
check "lists --all also shows ofac_cons_xml and os_eu_fsf" \
  '[ $rc -eq 0 ] && has "^ofac_cons_xml +[0-9-]{10} +[1-9][0-9]* " && has "^os_eu_fsf +[0-9-]{10} +[1-9][0-9]* " &&
   has "^ofac_sdn " && lines 8'

run "$V" lists --lists un_sc,uk_ofsi
check "lists --lists un_sc,uk_ofsi shows just those" '[ $rc -eq 0 ] && lines 3 && has "^un_sc " && has "^uk_ofsi "'

run "$V" lists --frob
check "lists with an unknown option exits 2" "[ \$rc -eq 2 ] && err_has \"unexpected '--frob'\""

# ---- config -----------------------------------------------------------------

run "$V" config
check "config prints every setting with its value and meaning" \
  '[ $rc -eq 0 ] && has "^match\.threshold = 0\.[0-9]+	# " && has "^match\.limit = [0-9]+	# " &&
   has "^lists\.max_age_days = [0-9]+	# "'

printf '# comment\nmatch.limit = 5\nthis line is wrong\n' >bad.conf
run "$V" config --config bad.conf
check "config --config with a bad line fails naming file:line" '[ $rc -eq 1 ] && err_has "^vetter: bad\.conf:3: "'

printf 'match.nosuch = 1\n' >bad2.conf
run "$V" config --config bad2.conf
check "config with an unknown setting fails naming it" "[ \$rc -eq 1 ] && err_has \"bad2\\.conf:1: .*'match\\.nosuch'\""

printf 'match.threshold = 7\n' >bad3.conf
run "$V" config --config bad3.conf
check "config with an out-of-range value fails naming file:line" '[ $rc -eq 1 ] && err_has "bad3\.conf:1: "'

run "$V" config --config nosuch.conf
check "config --config on a missing file fails naming it" "[ \$rc -eq 1 ] && err_has \"'nosuch\\.conf'\""

printf 'match.threshold = 0.99  # strict\nlists.max_age_days = 100000\n' >strict.conf
run env VETTER_CONF=strict.conf "$V" config
check "VETTER_CONF is read" '[ $rc -eq 0 ] && has "^match\.threshold = 0\.99	" && has "^lists\.max_age_days = 100000	"'

run env VETTER_CONF=bad.conf "$V" config --config strict.conf
check "--config takes precedence over VETTER_CONF" '[ $rc -eq 0 ] && has "^match\.threshold = 0\.99	"'

run "$V" screen "Korea Kwangson Banking"
n_default=$(hits)
check "screen Korea Kwangson Banking: hits at the default threshold" '[ $rc -eq 0 ] && [ "$n_default" -ge 2 ]'
run env VETTER_CONF=strict.conf "$V" screen "Korea Kwangson Banking"
check "match.threshold = 0.99 (VETTER_CONF) removes those hits" \
  '[ $rc -eq 0 ] && [ "$(hits)" -eq 0 ] && has "^no match for"'
run "$V" screen "Korea Kwangson Banking" --config strict.conf --threshold 0.5
check "--threshold overrides match.threshold" '[ $rc -eq 0 ] && [ "$(hits)" -ge "$n_default" ]'

run env VETTER_CONF=strict.conf "$V" lists
check "lists.max_age_days from the config silences the age warning" '[ $rc -eq 0 ] && ! err_has "warning"'

# ---- unreadable and malformed lists ----------------------------------------

cp -r "$DATA" bad_data
head -c 5000 "$DATA/lists/un_sc/consolidated.xml" >bad_data/lists/un_sc/consolidated.xml
run "$V" screen "Kim Jong Un" --data bad_data
check "truncated un_sc XML: exit 1 naming the list and the file" \
  "[ \$rc -eq 1 ] && err_has \"list 'un_sc'\" && err_has 'bad_data/lists/un_sc/consolidated\\.xml:[0-9]+:' && [ ! -s \"\$OUT\" ]"

: >bad_data/lists/un_sc/consolidated.xml
run "$V" lists --data bad_data
check "empty un_sc XML: exit 1 naming the file" "[ \$rc -eq 1 ] && err_has 'un_sc/consolidated\\.xml:'"

printf '<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATA' >bad_data/lists/un_sc/consolidated.xml
run "$V" lists --data bad_data
check "malformed un_sc XML: exit 1 naming the file" "[ \$rc -eq 1 ] && err_has 'un_sc/consolidated\\.xml:[0-9]+:'"

rm bad_data/lists/un_sc/consolidated.xml
run "$V" lists --data bad_data
check "missing un_sc XML: exit 1 naming the file" "[ \$rc -eq 1 ] && err_has 'un_sc/consolidated\\.xml'"

run "$V" lists --data bad_data --lists ofac_sdn
check "the other lists still load with --lists ofac_sdn" '[ $rc -eq 0 ] && has "^ofac_sdn " && lines 2'

head -c 3000 "$DATA/lists/ofac_sdn/sdn.csv" >bad_data/lists/ofac_sdn/sdn.csv
printf '"123","broken\n' >>bad_data/lists/ofac_sdn/sdn.csv
run "$V" lists --data bad_data --lists ofac_sdn
check "malformed ofac_sdn CSV: fails cleanly naming the list" \
  "[ \$rc -eq 1 ] && err_has \"list 'ofac_sdn'\" && err_has 'sdn\\.csv'"

printf '{"lists": [ {"name": "un_sc",\n' >bad_data/lists/lists.json
run "$V" screen "Kim Jong Un" --data bad_data
check "malformed lists.json: exit 1 naming lists.json and the line" \
  "[ \$rc -eq 1 ] && err_has 'lists\\.json:[0-9]+:'"

run "$V" screen "Kim Jong Un" --data nosuch_dir
check "missing data directory: exit 1 naming it" "[ \$rc -eq 1 ] && err_has 'nosuch_dir'"

# ---- lists update (file:// URLs only) --------------------------------------

UN_URL=https://scsanctions.un.org/resources/xml/en/consolidated.xml
cp -r "$DATA" up
mkdir src
sed 's/dateGenerated="[0-9-]*T/dateGenerated="2031-03-15T/' "$DATA/lists/un_sc/consolidated.xml" >src/good.xml
sed 's/dateGenerated="[0-9-]*T/dateGenerated="2031-04-01T/' "$DATA/lists/un_sc/consolidated.xml" >src/good2.xml
head -c 3000 "$DATA/lists/un_sc/consolidated.xml" >src/bad.xml
cp "$TESTS/data/un_xml/consolidated_sample.xml" src/small.xml

# point un_sc's download URL at a local file (the URL is unique in lists.json)
sed "s|$UN_URL|file://$TMP/src/good.xml|" "$DATA/lists/lists.json" >up/lists/lists.json
no_tmp_dirs() { ! ls -a up/lists | grep -q '^\.un_sc\.'; }
un_date() { sed -n '/"name": *"un_sc"/,/"date"/s/.*"date": *"\([0-9-]*\)".*/\1/p' up/lists/lists.json; }

check "update fixture: un_sc's URL now points at file://" \
  "grep -q 'file://$TMP/src/good.xml' up/lists/lists.json && [ \$(grep -c 'file://' up/lists/lists.json) -eq 1 ]"

run "$V" lists update --lists un_sc --data up
check "lists update from file://: exit 0, reports the new list" \
  "[ \$rc -eq 0 ] && err_has '^vetter: un_sc: file://' && err_has '^vetter: un_sc: updated: [0-9]+ entities \\(was [0-9]+\\), dated 2031-03-15'"
check "lists update: files replaced by the download" 'cmp -s src/good.xml up/lists/un_sc/consolidated.xml'
check "lists update: lists.json dated from the file (2031-03-15)" '[ "$(un_date)" = 2031-03-15 ]'
check "lists update: other lists untouched" \
  'cmp -s "$DATA/lists/ofac_sdn/sdn.csv" up/lists/ofac_sdn/sdn.csv && grep -q "sanctionslistservice" up/lists/lists.json'
check "lists update: no temporary directories left" 'no_tmp_dirs'

run "$V" lists --data up --lists un_sc --json
check "the updated list loads with its new date" '[ $rc -eq 0 ] && has "\"name\":\"un_sc\",.*\"date\":\"2031-03-15\""'

cp up/lists/lists.json manifest.before
cp up/lists/un_sc/consolidated.xml un.before
# lists.json is rewritten by jansson now: swap the one file:// URL
sed "s|file://$TMP/src/good.xml|file://$TMP/src/bad.xml|" manifest.before >up/lists/lists.json
cp up/lists/lists.json manifest.bad
run "$V" lists update --lists un_sc --data up
check "lists update of a malformed file: fails naming the list" \
  "[ \$rc -ne 0 ] && [ \$rc -lt 128 ] && err_has \"list 'un_sc'\" && err_has 'not load'"
check "lists update failure: previous file byte-identical" 'cmp -s un.before up/lists/un_sc/consolidated.xml'
check "lists update failure: lists.json unchanged" 'cmp -s manifest.bad up/lists/lists.json'
check "lists update failure: no temporary directories left" 'no_tmp_dirs'

sed "s|file://$TMP/src/good.xml|file://$TMP/src/missing.xml|" manifest.before >up/lists/lists.json
run "$V" lists update --lists un_sc --data up
check "lists update of a missing URL: fails, old files kept, no temporaries" \
  "[ \$rc -ne 0 ] && [ \$rc -lt 128 ] && err_has 'un_sc' && err_has 'missing\\.xml' &&
   cmp -s un.before up/lists/un_sc/consolidated.xml && no_tmp_dirs"

sed "s|file://$TMP/src/good.xml|file://$TMP/src/small.xml|" manifest.before >up/lists/lists.json
run "$V" lists update --lists un_sc --data up
check "lists update of a list that shrank (sample vs full): refused by min_ratio" \
  "[ \$rc -ne 0 ] && err_has \"list 'un_sc': the download has [0-9]+ entities, under 50% of the current [0-9]+\" &&
   cmp -s un.before up/lists/un_sc/consolidated.xml && no_tmp_dirs"

sed "s|file://$TMP/src/good.xml|file://$TMP/src/good2.xml|" manifest.before >up/lists/lists.json
cp up/lists/lists.json manifest.dry
run "$V" lists update --lists un_sc --data up --dry-run
check "lists update --dry-run: validates, changes nothing" \
  "[ \$rc -eq 0 ] && err_has 'dry run, not installed' && cmp -s un.before up/lists/un_sc/consolidated.xml &&
   cmp -s manifest.dry up/lists/lists.json && no_tmp_dirs"

run "$V" lists update --lists nosuch --data up
check "lists update --lists nosuch: exit 1 naming it" "[ \$rc -eq 1 ] && err_has \"no list named 'nosuch'\""

run "$V" lists update --lists un_sc --data up
check "lists update again (good2): installs the newer date" \
  '[ $rc -eq 0 ] && cmp -s src/good2.xml up/lists/un_sc/consolidated.xml && [ "$(un_date)" = 2031-04-01 ] && no_tmp_dirs'

# ---- vetter mrz ----------------------------------------------------------------

# Lines: the ICAO TD3, TD1 and TD2 specimens, a blank line (skipped), a broken
# composite digit, no MRZ at all, and the TD3 specimen in lower case.
cat >mrz.txt <<'EOF'
P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<|L898902C36UTO7408122F1204159ZE184226B<<<<<10
I<UTOD231458907<<<<<<<<<<<<<<<|7408122F1204159UTO<<<<<<<<<<<6|ERIKSSON<<ANNA<MARIA<<<<<<<<<<

I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<|D231458907UTO7408122F1204159<<<<<<<6
P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<|L898902C36UTO7408122F1204159ZE184226B<<<<<11
hello world
p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<|l898902c36uto7408122f1204159ze184226b<<<<<10
EOF
# "valid format" of each output line, in order.
mrz_order() {
  sed -n 's/^{"valid":\([a-z]*\),"format":\([^,]*\),.*/\1 \2/p' "$1" | tr '\n' ' ' | sed 's/ $//'
}
run "$V" mrz mrz.txt
check "mrz: one JSON line per MRZ in input order, blank line skipped, summary on stderr" \
  "[ \$rc -eq 0 ] && lines 6 &&
   [ \"\$(mrz_order \"\$OUT\")\" = 'true \"TD3\" true \"TD1\" true \"TD2\" false \"TD3\" false null false \"TD3\"' ] &&
   err_has '^vetter: mrz: 6 lines, 3 valid, 3 invalid\$'"
check "mrz: the TD3 specimen, field by field" \
  "head -n 1 \"\$OUT\" | grep -Fqx '{\"valid\":true,\"format\":\"TD3\",\"document_code\":\"P\",\"issuing_state\":\"UTO\",\"surname\":\"ERIKSSON\",\"given_names\":\"ANNA MARIA\",\"document_number\":\"L898902C3\",\"nationality\":\"UTO\",\"birth_date\":\"1974-08-12\",\"sex\":\"F\",\"expiry_date\":\"2012-04-15\",\"optional_data\":\"ZE184226B\",\"optional_data2\":null,\"checks\":{\"document_number\":\"ok\",\"birth_date\":\"ok\",\"expiry_date\":\"ok\",\"optional_data\":\"ok\",\"composite\":\"ok\"},\"errors\":[]}'"
check "mrz: a broken composite digit, a non-MRZ line and lower case are reported" \
  "sed -n 4p \"\$OUT\" | grep -Fq '\"composite\":\"fail\"},\"errors\":[{\"code\":\"check_composite\",\"message\":\"composite check digit is '\\''1'\\'', computed '\\''0'\\''\"}]' &&
   sed -n 5p \"\$OUT\" | grep -Fq '\"code\":\"line_count\",\"message\":\"expected 2 lines of 44 or 36 or 3 lines of 30 characters, got 1 line of 11\"' &&
   sed -n 6p \"\$OUT\" | grep -Fq '\"surname\":\"ERIKSSON\"' && sed -n 6p \"\$OUT\" | grep -Fq '\"code\":\"lowercase\"'"
cp "$OUT" mrz.out

run "$V" mrz mrz.txt --threads 3 --quiet
check "mrz --threads 3 --quiet: the same output, nothing on stderr" '[ $rc -eq 0 ] && cmp -s mrz.out "$OUT" && [ ! -s "$ERR" ]'

printf 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<|L898902C36UTO7408122F1204159ZE184226B<<<<<10\r\nV<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<|L8988901C4XXX4009078F9612109<<<<<<<<\r\n' >mrz_crlf.txt
run_in mrz_crlf.txt "$V" mrz -
check "mrz - reads standard input with CRLF line ends" \
  "[ \$rc -eq 0 ] && lines 2 && [ \"\$(mrz_order \"\$OUT\")\" = 'true \"TD3\" true \"MRV-B\"' ] && err_has '2 lines, 2 valid, 0 invalid'"

run "$V" mrz nosuch.txt
check "mrz on a missing file: exit 1 naming it" "[ \$rc -eq 1 ] && err_has \"'nosuch\\.txt'\" && [ ! -s \"\$OUT\" ]"

run "$V" mrz
check "mrz without FILE: usage error" '[ $rc -eq 2 ] && err_has "^usage: vetter mrz" && [ ! -s "$OUT" ]'

run "$V" mrz --frob mrz.txt
check "mrz with an unknown option: exit 2 naming it" "[ \$rc -eq 2 ] && err_has \"unknown option '--frob'\""

run "$V" mrz --help
check "mrz --help exits 0" '[ $rc -eq 0 ] && has "^usage: vetter mrz FILE"'

# ---- vetter check and vetter rules -----------------------------------------

# The report line of subject $1 in $OUT, and the subject ids of a report file
# in output order.
subj() { grep "^{\"subject\":\"$1\"," "$OUT"; }
subj_order() { sed -n 's/^{"subject":"\([^"]*\)",.*/\1/p' "$1" | tr '\n' ' ' | sed 's/ $//'; }

run "$V" check --help
check "check --help exits 0 with the usage on stdout" \
  '[ $rc -eq 0 ] && has "^usage: vetter check FILE\|-" && has "--min-band" && [ ! -s "$ERR" ]'

run "$V" check
check "check without FILE exits 2" '[ $rc -eq 2 ] && err_has "check: no input file" && err_has "^usage: vetter check" && [ ! -s "$OUT" ]'

run "$V" check a.jsonl b.jsonl
check "check with two files exits 2" '[ $rc -eq 2 ] && err_has "check: one input file only" && [ ! -s "$OUT" ]'

run "$V" check a.jsonl --format xml
check "check --format xml exits 2 naming it" "[ \$rc -eq 2 ] && err_has \"--format must be jsonl or text, not 'xml'\" && [ ! -s \"\$OUT\" ]"

run "$V" check a.jsonl --min-band severe
check "check --min-band severe exits 2 naming it" \
  "[ \$rc -eq 2 ] && err_has \"--min-band must be low, medium, high or critical, not 'severe'\" && [ ! -s \"\$OUT\" ]"

run "$V" check a.jsonl --frob
check "check with an unknown option exits 2 naming it" "[ \$rc -eq 2 ] && err_has \"check: unknown option '--frob'\""

# (one small list: all the lists are loaded before the input is opened)
run "$V" check nosuch.jsonl --lists ofac_cons
check "check on a missing file exits 1 naming it" "[ \$rc -eq 1 ] && err_has \"'nosuch\\.jsonl'\" && [ ! -s \"\$OUT\" ]"

# An event (no report of its own), an honest subject, an employer on OFAC's
# DPRK list, an e-mail address from the remarks of OFAC SDN 18953, an
# impossible birth date, a line cut short, a passport whose MRZ composite
# digit is wrong (the ICAO specimen with 1 for 0), a crypto payout.
printf '%s\n' \
  '{"type":"event","subject":"honest","ts":"2026-11-02T08:55:12+01:00","kind":"login"}' \
  '{"type":"subject","id":"honest","name":"Jan Kowalski","nationality":"Poland","country":"PL","emails":["jan.kowalski@gmail.com"]}' \
  '{"type":"subject","id":"employer","name":"Sam Porter","employer":"Yanbian Silverstar Network Technology"}' \
  '{"type":"subject","id":"listed","name":"Sam Porter","emails":["haejinsm@silibank.net.kp"]}' \
  '{"type":"subject","id":"baddate","name":"Ann Lee","birth_date":"1988-02-30"}' \
  '{"type":"subject","id":"broken",' \
  '{"type":"subject","id":"mrz","name":"Anna Eriksson","documents":[{"kind":"passport","mrz":"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<|L898902C36UTO7408122F1204159ZE184226B<<<<<11"}]}' \
  '{"type":"subject","id":"crypto","name":"Tom Green","payouts":[{"kind":"crypto","currency":"BTC","holder":"Tom Green"}]}' \
  >check.jsonl

run "$V" check check.jsonl
check "check: exit 0 and one report line per good subject, in input order" \
  '[ $rc -eq 0 ] && lines 5 && [ "$(subj_order "$OUT")" = "honest employer listed mrz crypto" ]'
check "check: every line is {subject, score, band, findings, sanctions, versions}" \
  '[ "$(grep -Ec "^\{\"subject\":\"[^\"]+\",\"score\":[0-9]+\.[0-9],\"band\":\"(low|medium|high|critical)\",\"findings\":\[.*\],\"sanctions\":\[.*\],\"versions\":\{\"vetter\":\"[0-9]+\.[0-9]+\.[0-9]+\",\"config\":\{\"hash\":\"[0-9a-f]{16}\",\"changed\":\{\}\},\"lists\":\{\"ofac_sdn\":\"[0-9]{4}-[0-9]{2}-[0-9]{2}\"[^{}]*\}\}\}$" "$OUT")" -eq 5 ]'
check "check: bad records on stderr with file:line and the field, summary counts them" \
  "err_has \"^vetter: check\\.jsonl:5: subject 'baddate' skipped: field 'birth_date': '1988-02-30' is not a possible date\" &&
   err_has '^vetter: check\\.jsonl:6: record skipped: not valid JSON' && [ \"\$(grep -c '^vetter: check\\.jsonl:' \"\$ERR\")\" -eq 2 ] &&
   err_has '^vetter: 5 subjects checked \\(1 events; 2 of 8 records skipped\\)'"
check "check: the honest subject is low with no high or critical finding" \
  'subj honest | grep -Fq "\"score\":0.0,\"band\":\"low\"" && ! subj honest | grep -Eq "\"severity\":\"(high|critical)\"" &&
   subj honest | grep -Fq "\"sanctions\":[]"'
check "check: employer Yanbian Silverstar -> sanctions.employer on ofac_sdn 24977" \
  'subj employer | grep -Fq "{\"rule\":\"sanctions.employer\",\"severity\":\"high\"" &&
   subj employer | grep -Fq "\"sanctions\":[{\"list\":\"ofac_sdn\",\"entity_id\":\"24977\",\"schema\":\"organization\",\"name\":\"YANBIAN SILVERSTAR"'
check "check: a listed e-mail address -> sanctions.identifier, critical" \
  'subj listed | grep -Eq "^\{\"subject\":\"listed\",\"score\":(9[0-9]|100)\.[0-9],\"band\":\"critical\",\"findings\":\[\{\"rule\":\"sanctions.identifier\",\"severity\":\"critical\"" &&
   subj listed | grep -Fq "\"identifier_kind\":\"email\",\"listed_identifier\":\"haejinsm@silibank.net.kp\"" &&
   subj listed | grep -Fq "{\"list\":\"ofac_sdn\",\"entity_id\":\"18953\""'
check "check: a wrong MRZ composite digit -> document.mrz_invalid; crypto -> payout.crypto" \
  "subj mrz | grep -Fq '{\"rule\":\"document.mrz_invalid\",\"severity\":\"high\"' &&
   subj mrz | grep -Fq \"the MRZ is invalid: composite check digit is '1', computed '0'\" &&
   subj crypto | grep -Fq '{\"rule\":\"payout.crypto\",'"

run_in check.jsonl "$V" check - --format text --min-band critical --lists ofac_sdn
check "check - --format text --min-band critical: stdin, only the critical subject" \
  '[ $rc -eq 0 ] && [ "$(grep -c "^subject " "$OUT")" -eq 1 ] &&
   has "^subject listed  score (9[0-9]|100)\.[0-9]  band critical  \(Sam Porter\)$" &&
   has "^  critical sanctions\.identifier +1\.00  emails\[0\] .haejinsm@silibank\.net\.kp. is the email of "'
# stdin is named "<stdin>" in messages, as by screen --batch
check "check --min-band: the summary still counts every subject (stdin named in messages)" \
  'err_has "^vetter: <stdin>:5: subject .baddate. skipped" && err_has "^vetter: 5 subjects checked " &&
   err_has "^  critical +1$" && err_has "^  high +1$" && err_has "^  medium +1$" && err_has "^  low +2$"'

# A config that switches a rule off, on the generated population (clean input).
printf '# no crypto rule\nrule.payout.crypto.enabled = false\n' >nocrypto.conf
POP=$TESTS/../examples/population.jsonl
sed -n 's/^{"type":"subject","id":"\([^"]*\)",.*/\1/p' "$POP" | tr '\n' ' ' | sed 's/ $//' >pop.ids
run "$V" check "$POP" --quiet --config nocrypto.conf
check "check examples/population.jsonl --quiet: 400 reports in input order, nothing on stderr" \
  '[ $rc -eq 0 ] && lines 400 && [ "$(subj_order "$OUT")" = "$(cat pop.ids)" ] && [ ! -s "$ERR" ] && ! has "_truth"'
check "check --config with rule.payout.crypto.enabled = false: no payout.crypto, shown in versions" \
  'grep -q "\"kind\":\"crypto\"" "$POP" && ! has "\"rule\":\"payout\.crypto\"" &&
   [ "$(grep -Fc "\"config\":{\"hash\":\"" "$OUT")" -eq 400 ] &&
   [ "$(grep -Fc "\"changed\":{\"rule.payout.crypto.enabled\":\"false\"}" "$OUT")" -eq 400 ]'

# Without the IP table the IP signals are skipped, with a warning; the rest runs.
mkdir noip
for d in "$DATA"/*; do ln -s "$d" noip/; done
rm noip/ip
mkdir noip/ip
run "$V" check "$POP" --quiet --data noip
check "check without the IP table: a warning naming the table, 400 reports, no location signal" \
  '[ $rc -eq 0 ] && lines 400 && err_has "^vetter: check: warning: ip table .*vetter-ip\.db.*the IP-based signals do not run$" &&
   ! has "\"rule\":\"location\.(anonymizer|country_mismatch|timezone_vs_ip)\"" && has "\"rule\":\"behaviour\.remote_access\""'

printf '# comment\nrule.payout.crypto.enabled = maybe\n' >badrule.conf
run "$V" check check.jsonl --config badrule.conf
check "check with a bad config line exits 1 naming file:line" \
  "[ \$rc -eq 1 ] && err_has \"^vetter: badrule\\.conf:2: .*'rule\\.payout\\.crypto\\.enabled'\" && [ ! -s \"\$OUT\" ]"

n_rules=$(grep -c '^<a id="' "$TESTS/../docs/rules.md" || true)
run "$V" rules
check "rules: one line per rule, with sanctions.identifier" \
  '[ $rc -eq 0 ] && [ "$n_rules" -gt 0 ] && lines "$n_rules" &&
   has "^sanctions\.identifier +critical 1\.00  an identifier equals one of a listed entity$"'

run "$V" rules --config nocrypto.conf
check "rules --config: a rule switched off is marked (off)" '[ $rc -eq 0 ] && has "^payout\.crypto +[a-z]+ +[01]\.[0-9]{2} \(off\)  "'

run "$V" rules --markdown
check "rules --markdown is docs/rules.md (regenerate: vetter rules --markdown > docs/rules.md)" \
  '[ $rc -eq 0 ] && cmp -s "$OUT" "$TESTS/../docs/rules.md"'

run "$V" rules --json
check "rules --json: one JSON object a line per rule" \
  '[ $rc -eq 0 ] && lines "$n_rules" &&
   [ "$(grep -Ec "^\{\"rule\":\"[a-z_]+\.[a-z_]+\",\"severity\":\"(info|low|medium|high|critical)\",\"weight\":[01](\.[0-9]+)?,\"enabled\":true,\"title\":\"[^\"]+\",\"meaning\":\".*\",\"needs\":\".*\",\"source\":\".*\"\}$" "$OUT")" -eq "$n_rules" ] &&
   has "^\{\"rule\":\"sanctions\.identifier\",\"severity\":\"critical\",\"weight\":1(\.0)?,"'

# ---- summary ----------------------------------------------------------------

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
