#!/usr/bin/env bash
# The project's own gold files: tests/gold/own (articles written for the tests, beside
# their gold files) and tests/gold/coop (gold files for articles of
# $SHARED/corpus/coop.jsonl), through tests/gold/run.sh and $SHARED/tools/goldcheck.py;
# each condition becomes a TAP line.
. "$(dirname "$0")/../lib.sh"

if [ ! -f "$SHARED/tools/goldcheck.py" ]; then
    skip "own gold check" "no $SHARED/tools/goldcheck.py"
    done_testing
    exit
fi
for what in own coop; do
    if [ "$what" = coop ] && [ ! -f "$SHARED/corpus/coop.jsonl" ]; then
        skip "coop gold check" "no $SHARED/corpus/coop.jsonl"
        continue
    fi
    HOPTAC_BIN="$H" SHARED="$SHARED" bash "$ROOT/tests/gold/run.sh" "$what" >"$TMP/gold" 2>"$TMP/err"
    goldcheck_tap "$what gold" "$TMP/gold" "$TMP/err"
done
done_testing
