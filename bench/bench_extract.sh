#!/usr/bin/env bash
# Full extraction (`hoptac extract --json`) over the news corpus on one core:
# documents per CPU second and peak memory, beside the document-only pass
# (`hoptac extract --text`, reading and block classification without extraction) on
# the same input as the baseline ratio; and the peak memory on a quarter of the
# corpus, to show it does not grow with the corpus. No outside tool does full
# extraction, so there is no reference run. Prints PASS or MISS for the target
# (>= 1,000 documents per CPU second, peak RSS < 100 MB at both sizes).
set -u
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
H=${HOPTAC_BIN:-./hoptac}
TARGET_DOCS=1000 TARGET_RSS_KB=102400

fail() {
    echo "bench_extract: FAIL: $*"
    echo "summary: FAIL: $*"
    exit 1
}
news="$SHARED/corpus/news.jsonl"
[ -r "$news" ] || fail "$news not found (the shared corpus; set SHARED)"
[ -x "$H" ] || fail "$H not found (make)"
[ -x /usr/bin/time ] || fail "/usr/bin/time not found (apt-get install time)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lines=$(wc -l <"$news")
head -n $((lines / 4)) "$news" >"$tmp/quarter.jsonl"

# run NAME MODE INPUT: CPU seconds (user + system), peak RSS in kB, documents out
run() {
    local name=$1 mode=$2 input=$3
    taskset -c 0 /usr/bin/time -f '%U %S %M' -o "$tmp/$name.time" \
        "$H" extract "$mode" "$input" >"$tmp/$name.out" 2>"$tmp/$name.err"
    local st=$?
    [ "$st" -le 1 ] || fail "$H extract $mode $input: exit status $st ($(head -c 200 "$tmp/$name.err"))"
    read -r u s m <"$tmp/$name.time"
    local docs
    if [ "$mode" = --json ]; then
        docs=$(wc -l <"$tmp/$name.out")
    else
        docs=$lines
    fi
    cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
    rss=$m
    ndocs=$docs
    echo "  $name: $docs documents, $(printf '%.2f' "$cpu") CPU s, peak RSS $((m / 1024)) MB"
}

echo "input: $news ($lines lines, $(($(stat -c %s "$news") / 1048576)) MB)"
run text --text "$news"
base_cpu=$cpu
run json --json "$news"
json_cpu=$cpu json_rss=$rss json_docs=$ndocs
[ "$json_docs" -gt 0 ] || fail "no document extracted from $news (does the page layer read JSON Lines?)"
run quarter --json "$tmp/quarter.jsonl"
q_rss=$rss

calc() { awk "BEGIN { x = $1; printf \"%.3f\", x }"; }
rate=$(calc "$json_docs / ($json_cpu > 0 ? $json_cpu : 0.001)")
base_rate=$(calc "$lines / ($base_cpu > 0 ? $base_cpu : 0.001)")
ratio=$(calc "$json_cpu / ($base_cpu > 0 ? $base_cpu : 0.001)")
printf '  extraction: %.0f documents per CPU second (document-only pass: %.0f/s; extraction costs %.1fx it)\n' \
    "$rate" "$base_rate" "$ratio"
echo "  peak RSS: $((json_rss / 1024)) MB on the corpus, $((q_rss / 1024)) MB on a quarter of it"
verdict=PASS
[ "$(calc "$rate >= $TARGET_DOCS")" = 1.000 ] || verdict=MISS
[ "$json_rss" -lt "$TARGET_RSS_KB" ] && [ "$q_rss" -lt "$TARGET_RSS_KB" ] || verdict=MISS
echo "summary: $verdict: $(printf '%.0f' "$rate") docs/s per core (target $TARGET_DOCS), peak RSS $((json_rss / 1024)) MB (quarter: $((q_rss / 1024)) MB, target < 100), $(printf '%.1f' "$ratio")x the document-only pass"
