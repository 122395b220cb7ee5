#!/usr/bin/env bash
# Crash and resume: HOPTAC_CRASH_AFTER=N ends ingest abruptly right after its N-th
# database write; running ingest again must finish the job with exactly the registry
# of a clean run. The crash points are spread over the whole run, from the first
# write to the last commit.
. "$(dirname "$0")/../lib.sh"
export SOURCE_DATE_EPOCH=1700000000
ART="$ROOT/tests/cli/ingest_articles"
DUMP=(python3 "$ROOT/tests/cli/ingest_dump.py")

# Records too, not only documents: the seeds when present (extraction finds more in
# them as it grows), else our own articles alone.
inputs=("$ART")
have_shared && inputs+=("$SHARED/seeds")

out=$("$H" ingest --db "$TMP/clean.db" --json "${inputs[@]}"); st=$?
expect_status "clean run exits 0" 0 "$st"
total=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["writes"])' "$out")
[ "$total" -gt 10 ] && ok "a clean run writes ($total statements)" || not_ok "a clean run writes" "writes: $total"
ref=$("${DUMP[@]}" "$TMP/clean.db")

for n in 1 $((total / 3)) $((total * 2 / 3)) "$total"; do
    db="$TMP/crash-$n.db"
    HOPTAC_CRASH_AFTER=$n "$H" ingest --db "$db" "${inputs[@]}" >/dev/null 2>&1; st=$?
    expect_status "crash after write $n of $total ends the process" 137 "$st"
    "$H" ingest --db "$db" "${inputs[@]}" >/dev/null 2>&1; st=$?
    expect_status "resume after write $n exits 0" 0 "$st"
    expect_eq "after a crash at write $n: the clean run's registry" "$("${DUMP[@]}" "$db")" "$ref"
done

# Crash again and again, each run a little further, until one finishes. A run must
# get through the document that needs the most writes (and the full-text flush an
# interrupted run leaves to the next), or the chain would never end.
db="$TMP/chain.db"
most=0
while IFS= read -r f; do
    w=$("$H" ingest --db "$TMP/one-$RANDOM.db" --json "$f" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["writes"])')
    [ "${w:-0}" -gt "$most" ] && most=$w
done < <(find "${inputs[@]}" -type f ! -name '.*')
step=$((total / 3 + 1))
[ "$step" -lt $((most + 4)) ] && step=$((most + 4))
runs=0
while :; do
    runs=$((runs + 1))
    HOPTAC_CRASH_AFTER=$step "$H" ingest --db "$db" "${inputs[@]}" >/dev/null 2>&1; st=$?
    [ "$st" -ne 137 ] || [ "$runs" -gt 50 ] && break
done
expect_status "a chain of crashes ends in a finished ingest" 0 "$st"
[ "$runs" -gt 2 ] && ok "the chain crashed $((runs - 1)) times first" || not_ok "the chain crashed several times" "runs: $runs"
expect_eq "after a chain of crashes: the clean run's registry" "$("${DUMP[@]}" "$db")" "$ref"
expect_eq "after a chain of crashes: the database is sound" "$(sqlite3 "$db" 'PRAGMA integrity_check')" "ok"

HOPTAC_CRASH_AFTER=soon "$H" ingest --db "$TMP/x.db" "$ART" >/dev/null 2>&1
expect_status "a bad HOPTAC_CRASH_AFTER is an error" 1 $?
done_testing
