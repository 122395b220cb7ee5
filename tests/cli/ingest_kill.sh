#!/usr/bin/env bash
# Interrupted ingest of real cooperation news (../shared/corpus/coop.jsonl): ended
# abruptly at about 20 points spread over the whole run (HOPTAC_CRASH_AFTER), each
# time resumed, then a real kill -9 while it works; each time the final export is the
# export of one clean run, byte for byte.
. "$(dirname "$0")/../lib.sh"
export SOURCE_DATE_EPOCH=1700000000
COOP="$SHARED/corpus/coop.jsonl"
if [ ! -f "$COOP" ]; then
    skip "interrupted ingest of coop.jsonl" "no corpus at $COOP"
    done_testing
    exit
fi
ndocs=$(grep -c . "$COOP")

out=$("$H" ingest --db "$TMP/clean.db" --json "$COOP"); st=$?
expect_status "clean run exits 0" 0 "$st"
total=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["writes"])' "$out")
"$H" export --db "$TMP/clean.db" >"$TMP/clean.json"
[ -s "$TMP/clean.json" ] && ok "clean run: $ndocs documents, $total writes" || not_ok "clean run exported"

# The chain: every run ends after its `step`-th write, about 5% of the whole work,
# until one gets to the end. A run commits its documents in small groups first, so
# each one keeps some of its work.
step=$((total / 20 + 1))
db="$TMP/chain.db"
runs=0 stored=() st=137
while [ "$st" -eq 137 ] && [ "$runs" -lt 80 ]; do
    runs=$((runs + 1))
    HOPTAC_CRASH_AFTER=$step "$H" ingest --db "$db" "$COOP" >/dev/null 2>&1; st=$?
    [ "$st" -eq 137 ] && stored+=("$(sqlite3 "$db" 'SELECT count(*) FROM documents')")
done
expect_status "a chain of interrupted runs ends in a finished ingest" 0 "$st"
crashes=$((runs - 1))
[ "$crashes" -ge 18 ] && ok "it was ended abruptly $crashes times (every $step writes of $total)" ||
    not_ok "ended abruptly about 20 times" "crashes: $crashes, step $step of $total"
# spread over the whole run: each crash found more documents stored than the last,
# the first early, the last near the end
spread=$(python3 - "$ndocs" "${stored[@]}" <<'EOF'
import sys
n, v = int(sys.argv[1]), [int(x) for x in sys.argv[2:]]
grows = all(b > a for a, b in zip(v, v[1:]))
print("ok" if v and grows and v[0] <= n // 4 and v[-1] >= n * 3 // 4 else "documents stored at each crash: %s of %d" % (v, n))
EOF
)
expect_eq "the crash points are spread over the whole run, each run keeps some work" "$spread" "ok"
"$H" export --db "$db" >"$TMP/chain.json"
if cmp -s "$TMP/chain.json" "$TMP/clean.json"; then
    ok "after $crashes crashes: the export of the clean run, byte for byte"
else
    not_ok "after the crashes: the export of the clean run" "$(diff "$TMP/chain.json" "$TMP/clean.json" | head -5)"
fi
expect_eq "the database is sound" "$(sqlite3 "$db" 'PRAGMA integrity_check')" "ok"
expect_eq "and its full-text index agrees with its documents" \
    "$(sqlite3 "$db" "SELECT count(*) FROM doc_fts_docsize") $(sqlite3 "$db" 'SELECT count(*) FROM fts_queue')" "$ndocs 0"

# A real kill -9, once some documents are committed and while others are not.
db="$TMP/killed.db"
"$H" ingest --db "$db" "$COOP" >/dev/null 2>&1 &
pid=$!
n=0
for _ in $(seq 1 600); do
    n=$(sqlite3 "$db" 'SELECT count(*) FROM documents' 2>/dev/null || echo 0)
    [ "${n:-0}" -ge 3 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
done
kill -9 "$pid" 2>/dev/null
wait "$pid"; st=$?
expect_status "kill -9 in the middle of the run" 137 "$st"
left=$(sqlite3 "$db" 'SELECT count(*) FROM documents')
[ "$left" -ge 3 ] && [ "$left" -lt "$ndocs" ] && ok "it had stored $left of $ndocs documents" ||
    not_ok "killed with part of the work committed" "$left of $ndocs stored"
out=$("$H" ingest --db "$db" "$COOP"); st=$?
expect_status "ingest again exits 0" 0 "$st"
expect_match "it stores the rest" "$out" "^$ndocs documents: $((ndocs - left)) added, $left unchanged, 0 failed"
"$H" export --db "$db" >"$TMP/killed.json"
if cmp -s "$TMP/killed.json" "$TMP/clean.json"; then
    ok "after kill -9: the export of the clean run, byte for byte"
else
    not_ok "after kill -9: the export of the clean run" "$(diff "$TMP/killed.json" "$TMP/clean.json" | head -5)"
fi
done_testing
