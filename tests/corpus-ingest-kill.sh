#!/usr/bin/env bash
# Ingest of real news killed with kill -9 several times while it works, each time run
# again, until it finishes: the final export must be the export of one clean run,
# byte for byte, and the database sound. Prints TAP lines.
#   tests/corpus-ingest-kill.sh [N]    the first N articles of news.jsonl (default 1000)
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
BIN="${HOPTAC_BIN:-$ROOT/build/asan/hoptac}"
CORPUS="$SHARED/corpus/news.jsonl"
n="${1:-1000}"
if [ ! -f "$CORPUS" ]; then
    skip "kill -9 during ingest" "no corpus at $CORPUS"
    done_testing
    exit
fi
export SOURCE_DATE_EPOCH=1700000000
head -n "$n" "$CORPUS" >"$TMP/news.jsonl"
count() { sqlite3 "$1" 'SELECT count(*) FROM documents' 2>/dev/null || echo 0; }

"$BIN" ingest --db "$TMP/clean.db" "$TMP/news.jsonl" >/dev/null 2>&1
expect_status "clean run of $n articles" 0 $?
"$BIN" export --db "$TMP/clean.db" >"$TMP/clean.json"
total=$(count "$TMP/clean.db")

# Each run is killed a moment after it has stored a sixteenth of the documents more, so
# that the kills spread over the whole input. A run commits its first document alone,
# then groups that double (2, 4, ... documents), and the rest of the input takes a
# second or two: the store is watched often and the kill follows soon, or the last runs
# would finish before it.
db="$TMP/killed.db"
kills=0 last=0 st=1 step=$((total / 16))
while [ "$kills" -lt 12 ]; do
    "$BIN" ingest --db "$db" "$TMP/news.jsonl" >/dev/null 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null && [ "$(count "$db")" -le "$((last + step))" ]; do
        sleep 0.02
    done
    # then a little later, inside the group of documents being written
    sleep "0.0$((RANDOM % 10))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid"; st=$?
    [ "$st" -eq 137 ] || break
    kills=$((kills + 1))
    last=$(count "$db")
    echo "# killed after $last of $total documents"
done
if [ "$st" -eq 137 ]; then
    "$BIN" ingest --db "$db" "$TMP/news.jsonl" >/dev/null 2>&1; st=$?
fi
expect_status "the last run finishes" 0 "$st"
[ "$kills" -ge 3 ] && ok "killed $kills times while it worked" || not_ok "killed several times" "kills: $kills"
"$BIN" export --db "$db" >"$TMP/killed.json"
if cmp -s "$TMP/killed.json" "$TMP/clean.json"; then
    ok "the export of the clean run, byte for byte"
else
    not_ok "the export of the clean run" "$(diff "$TMP/killed.json" "$TMP/clean.json" | head -5)"
fi
expect_eq "the database is sound" "$(sqlite3 "$db" 'PRAGMA integrity_check')" "ok"
done_testing
