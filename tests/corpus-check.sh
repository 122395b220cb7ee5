#!/usr/bin/env bash
# Runs `hoptac extract --json` (and --text) over the real news corpus under the
# sanitizers: zero crashes, zero sanitizer reports, one valid JSON object per article.
# The whole run also ingests every article of the corpus (news.jsonl and coop.jsonl)
# under the sanitizers, and a sample (200 news articles and all of coop.jsonl) with
# the release build under Valgrind: zero errors, zero leaks.
# Prints TAP lines, then the counts and the time.
#   tests/corpus-check.sh               every article of $SHARED/corpus/news.jsonl
#   tests/corpus-check.sh --sample N    N articles spread over the file (make check)
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
BIN="${HOPTAC_BIN:-$ROOT/build/asan/hoptac}"
CORPUS="$SHARED/corpus/news.jsonl"
sample=0
[ "${1:-}" = "--sample" ] && sample="${2:-1000}"
if [ ! -f "$CORPUS" ]; then
    skip "corpus check" "no corpus at $CORPUS"
    done_testing
    exit
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:halt_on_error=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:halt_on_error=1"

input="$CORPUS"
total=$(wc -l <"$CORPUS" | tr -d ' ')
if [ "$sample" -gt 0 ] && [ "$sample" -lt "$total" ]; then
    input="$TMP/sample.jsonl"
    awk -v n="$sample" -v t="$total" 'NR % int(t / n) == 0 && c < n {print; c++}' "$CORPUS" >"$input"
fi
docs=$(grep -c . "$input")

start=$(date +%s.%N)
"$BIN" extract --json "$input" >"$TMP/out.jsonl" 2>"$TMP/err"
st=$?
end=$(date +%s.%N)
"$BIN" extract --text "$input" >"$TMP/out.txt" 2>"$TMP/err2"
st2=$?

if grep -qE "AddressSanitizer|LeakSanitizer|runtime error|Segmentation|Aborted" "$TMP/err" "$TMP/err2"; then
    not_ok "no sanitizer report" "$(grep -hE -m3 "AddressSanitizer|LeakSanitizer|runtime error" "$TMP/err" "$TMP/err2")"
else
    ok "no sanitizer report"
fi
[ "$st" -le 1 ] && ok "extract --json ends normally (status $st)" || not_ok "extract --json ends normally" "status $st"
[ "$st2" -le 1 ] && ok "extract --text ends normally (status $st2)" || not_ok "extract --text ends normally" "status $st2"
errors=$(grep -c "^hoptac extract:" "$TMP/err")
lines=$(wc -l <"$TMP/out.jsonl" | tr -d ' ')
expect_eq "one object per article (articles minus errors)" "$lines" "$((docs - errors))"
counts=$(python3 - "$TMP/out.jsonl" <<'PY'
import json, sys
n = title = pub = boiler = chars = bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    try:
        d = json.loads(line)["document"]
    except Exception:
        bad += 1
        continue
    n += 1
    title += d["title"] is not None
    pub += d["published"] is not None
    boiler += d["boilerplate_blocks"]
    chars += d["body_chars"]
print(bad, n, title, pub, boiler, chars)
PY
)
read -r bad n title pub boiler chars <<<"$counts"
expect_eq "every line is valid JSON" "$bad" "0"
secs=$(awk -v a="$start" -v b="$end" 'BEGIN{print b - a}')
printf '# %d articles, %d errors, %d documents: %d with a title, %d with a published date,\n' \
    "$docs" "$errors" "$n" "$title" "$pub"
printf '# %d boilerplate blocks, %d body characters; --json in %.1f s under the sanitizers (%.0f articles/s)\n' \
    "$boiler" "$chars" "$secs" "$(awk -v d="$docs" -v s="$secs" 'BEGIN{print d / (s + 0.001)}')"
[ "$errors" -gt 0 ] && sed -n '1,5s/^/# /p' "$TMP/err"

# The whole run: ingest under the sanitizers, then a sample under Valgrind.
if [ "$sample" -eq 0 ]; then
    COOP="$SHARED/corpus/coop.jsonl"
    ins=("$CORPUS")
    [ -f "$COOP" ] && ins+=("$COOP")
    start=$(date +%s.%N)
    "$BIN" ingest --db "$TMP/asan.db" --json "${ins[@]}" >"$TMP/ingest.json" 2>"$TMP/ingest.err"
    st=$?
    end=$(date +%s.%N)
    if grep -qE "AddressSanitizer|LeakSanitizer|runtime error" "$TMP/ingest.err"; then
        not_ok "ingest: no sanitizer report" "$(grep -m3 -E "ERROR|runtime error" "$TMP/ingest.err")"
    else
        ok "ingest: no sanitizer report"
    fi
    [ "$st" -le 1 ] && ok "ingest ends normally (status $st)" || not_ok "ingest ends normally" "status $st"
    expect_eq "ingest: the database is sound" "$(sqlite3 "$TMP/asan.db" 'PRAGMA integrity_check')" "ok"
    python3 - "$TMP/ingest.json" "$(awk -v a="$start" -v b="$end" 'BEGIN{print b - a}')" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print("# ingest under the sanitizers: %d documents, %d added, %d failed, %d activities, %d agreements in %.0f s"
      % (s["documents"], s["added"], s["failed"], s["activities"], s["agreements"], float(sys.argv[2])))
PY
    REL="$ROOT/build/rel/hoptac"
    if ! command -v valgrind >/dev/null; then
        skip "valgrind" "valgrind is not installed"
    elif [ ! -x "$REL" ]; then
        skip "valgrind" "no release build at $REL (make hoptac)"
    else
        total=$(wc -l <"$CORPUS" | tr -d ' ')
        awk -v t="$total" 'NR % int(t / 200) == 0 && c < 200 {print; c++}' "$CORPUS" >"$TMP/vg.jsonl"
        [ -f "$COOP" ] && cat "$COOP" >>"$TMP/vg.jsonl"
        start=$(date +%s.%N)
        valgrind -q --error-exitcode=99 --leak-check=full --log-file="$TMP/vg.log" \
            "$REL" ingest --db "$TMP/vg.db" "$TMP/vg.jsonl" >"$TMP/vg.out" 2>"$TMP/vg.err"
        st=$?
        end=$(date +%s.%N)
        if [ "$st" -eq 99 ] || [ -s "$TMP/vg.log" ]; then
            not_ok "valgrind: no error and no leak over $(grep -c . "$TMP/vg.jsonl") articles" "$(head -20 "$TMP/vg.log")"
        else
            ok "valgrind: no error and no leak over $(grep -c . "$TMP/vg.jsonl") articles"
        fi
        [ "$st" -le 1 ] && ok "valgrind: ingest ends normally (status $st)" || not_ok "valgrind: ingest ends normally" "status $st"
        printf '# valgrind: %s in %.0f s\n' "$(cat "$TMP/vg.out")" "$(awk -v a="$start" -v b="$end" 'BEGIN{print b - a}')"
    fi
fi
done_testing
