#!/usr/bin/env bash
# The seed gold check: what `hoptac extract --json` finds in $SHARED/seeds against
# $SHARED/gold, through $SHARED/tools/goldcheck.py; each of its "ok"/"FAIL" lines
# becomes a TAP line.
. "$(dirname "$0")/../lib.sh"

if ! have_shared || [ ! -d "$SHARED/gold" ] || [ ! -f "$SHARED/tools/goldcheck.py" ]; then
    skip "seed gold check" "no seeds, gold or goldcheck.py under $SHARED"
    done_testing
    exit
fi
# The seeds are scraped pages: their gold holds only with the article told apart from
# the lists around it, which is the page layer's work.
if ! "$H" extract --blocks "$SHARED"/seeds/*.txt 2>/dev/null | grep -q '^boilerplate '; then
    skip "seed gold check" "the page layer classifies no block as boilerplate yet"
    done_testing
    exit
fi

"$H" extract --json "$SHARED"/seeds/*.txt >"$TMP/out.jsonl" 2>"$TMP/err"
expect_status "extract --json over the seeds exits 0" 0 $?
python3 "$SHARED/tools/goldcheck.py" "$SHARED/gold" <"$TMP/out.jsonl" >"$TMP/gold" 2>&1
goldcheck_tap "gold" "$TMP/gold" "$TMP/err"
done_testing
