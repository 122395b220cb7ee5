#!/usr/bin/env bash
# Text layer: NFC normalisation and folding of the text of the news corpus, hoptac
# (build/bench/text_bench) beside uconv (ICU) and Python's unicodedata, on the same
# bytes in the same run: the corpus text as it is (NFC) and an NFD copy of it.
# Fails when a reference tool or the corpus is missing; prints PASS or MISS for the
# target (NFC input: >= 300 MB/s on one core, > 15x uconv, peak memory flat).
set -u
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
PY=/usr/bin/python3 # Debian's: the one whose unicodedata the references use
BIN=build/bench/text_bench
TARGET_MBPS=300 TARGET_RATIO=15

fail() {
    echo "bench_text: FAIL: $*"
    echo "summary: FAIL: $*"
    exit 1
}
news="$SHARED/corpus/news.jsonl"
[ -r "$news" ] || fail "$news not found (the shared corpus; set SHARED)"
[ -x "$PY" ] || fail "$PY not found (apt-get install python3)"
command -v uconv >/dev/null || fail "uconv not found (icu-devtools: bash scripts/install-deps --bench)"
[ -x "$BIN" ] || fail "$BIN not found (make bench-tools)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "preparing inputs from $news"
"$PY" bench/text_ref.py extract "$news" "$tmp" || fail "could not extract the text of $news"
res="$tmp/results.tsv"
: >"$res"

bytes_of() { stat -c %s "$1"; }

# Every figure is CPU seconds of the work (see bench/README.md).
hoptac() { # MODE INPUT-NAME [FILE]: best of five runs (they last a tenth of a second)
    local out
    out=$("$BIN" --repeat 5 "$1" "${3:-$tmp/$2.txt}") || fail "$BIN $1 $2 failed"
    echo "  hoptac $1 on $2: $out" >&2
    echo "$out"
}
field() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p"; }

declare -A hash
for inp in nfc nfd; do
    f="$tmp/$inp.txt"
    echo "input $inp: $(bytes_of "$f") bytes"
    for mode in nfc fold both; do
        out=$(hoptac "$mode" "$inp")
        hash[$mode.$inp]=$(field hash "$out")
        printf '%s\thoptac\t%s\t%s\t%s\n' "$mode" "$inp" "$(field seconds "$out")" "$(field bytes "$out")" >>"$res"
    done
    for pair in "nfc|Any-NFC" "fold|Any-Latin; Latin-ASCII; Lower"; do
        mode=${pair%%|*} tr=${pair#*|}
        out=$("$PY" bench/text_ref.py cmd "$f" uconv -f utf-8 -t utf-8 -x "$tr") ||
            fail "uconv -x '$tr' failed on $inp"
        echo "  uconv -x '$tr' on $inp: $out"
        printf '%s\tuconv\t%s\t%s\t%s\n' "$mode" "$inp" "$(field seconds "$out")" "$(field bytes "$out")" >>"$res"
        out=$("$PY" bench/text_ref.py "$mode" "$f") || fail "python3 $mode failed on $inp"
        echo "  python3 $mode on $inp: $out"
        printf '%s\tpython\t%s\t%s\t%s\n' "$mode" "$inp" "$(field seconds "$out")" "$(field bytes "$out")" >>"$res"
    done
done

# The same text in NFC and NFD must give the same normalised text and the same keys.
for mode in nfc fold both; do
    [ "${hash[$mode.nfc]}" = "${hash[$mode.nfd]}" ] ||
        fail "hoptac $mode gives different output for the NFC and the NFD input"
done
echo "hoptac gives the same output for the NFC and the NFD input: yes"

# Peak memory: the whole file and its first quarter, streamed the same way.
whole=$("$BIN" --repeat 1 both "$tmp/nfc.txt") || fail "$BIN on the whole file failed"
quarter=$("$BIN" --repeat 1 both "$tmp/quarter.txt") || fail "$BIN on the quarter failed"
printf 'rss\twhole\t%s\nrss\tquarter\t%s\n' "$(field rss_kb "$whole")" "$(field rss_kb "$quarter")" >>"$res"
printf 'target\tmbps\t%s\ntarget\tratio\t%s\n' "$TARGET_MBPS" "$TARGET_RATIO" >>"$res"

"$PY" bench/text_ref.py report "$res" || fail "report failed"
