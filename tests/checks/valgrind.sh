#!/usr/bin/env bash
# Five articles of our own (text, NFD text, HTML) through the release build's ingest and
# export under Valgrind: no memory error, no leak. `make corpus-check` does the same on
# a sample of the real corpus.
. "$(dirname "$0")/../lib.sh"
REL="$ROOT/build/rel/hoptac"
if ! command -v valgrind >/dev/null; then
    skip "valgrind" "valgrind is not installed (bash scripts/install-deps)"
    done_testing
    exit
fi
if [ ! -x "$REL" ]; then
    not_ok "the release build exists" "no $REL (make hoptac)"
    done_testing
    exit 1
fi
ART="$ROOT/tests/cli/ingest_articles"
mkdir -p "$TMP/in"
cp "$ART/a01_dak_lak_training.txt" "$ART/a03_hoa_binh_exchange.txt" "$ART/a04_kon_tum_scholarship.txt" \
   "$ART/a05_quang_ngai_nfd.txt" "$ROOT/examples/laocai-yunnan.html" "$TMP/in/"
VG=(valgrind -q --error-exitcode=99 --leak-check=full)
"${VG[@]}" --log-file="$TMP/ingest.log" "$REL" ingest --db "$TMP/vg.db" "$TMP/in" >"$TMP/out" 2>&1
st=$?
expect_status "ingest of 5 articles under valgrind exits 0" 0 "$st"
expect_eq "ingest: valgrind reports nothing" "$(cat "$TMP/ingest.log")" ""
expect_match "ingest: the 5 articles are added" "$(cat "$TMP/out")" '^5 documents: 5 added'
"${VG[@]}" --log-file="$TMP/export.log" "$REL" export --db "$TMP/vg.db" >"$TMP/export.json" 2>&1
expect_status "export under valgrind exits 0" 0 $?
expect_eq "export: valgrind reports nothing" "$(cat "$TMP/export.log")" ""
"${VG[@]}" --log-file="$TMP/import.log" "$REL" import --db "$TMP/vg2.db" "$TMP/export.json" >/dev/null 2>&1
expect_status "import under valgrind exits 0" 0 $?
expect_eq "import: valgrind reports nothing" "$(cat "$TMP/import.log")" ""
printf '\xff\xfeH\0a\0' >"$TMP/in/utf16.txt"
"${VG[@]}" --log-file="$TMP/bad.log" "$REL" ingest --db "$TMP/vg.db" "$TMP/in/utf16.txt" >/dev/null 2>&1
expect_status "a refused document under valgrind exits 1" 1 $?
expect_eq "a refused document: valgrind reports nothing" "$(cat "$TMP/bad.log")" ""
# standard input: JSON Lines taken a line at a time (a bad line among them), and a text
# read whole after the blank lines that told its format
{ printf '{"id":"v1","title":"Tỉnh Gia Lai và tỉnh Ratanakiri","text":"Ngày 5/3/2024, đoàn tỉnh Gia Lai làm việc với tỉnh Ratanakiri."}\n{bad\n'
  printf '{"id":"v2","title":"Tỉnh Điện Biên và tỉnh Phongsaly","text":"Ngày 6/3/2024, hai tỉnh ký biên bản ghi nhớ hợp tác."}\n'; } |
    "${VG[@]}" --log-file="$TMP/stdin.log" "$REL" ingest --db "$TMP/vg3.db" - >"$TMP/out" 2>&1
expect_status "JSON Lines on standard input, one bad line, under valgrind: exits 1" 1 $?
expect_eq "JSON Lines on standard input: valgrind reports nothing" "$(cat "$TMP/stdin.log")" ""
expect_match "JSON Lines on standard input: the good lines are added" "$(cat "$TMP/out")" '^3 documents: 2 added'
printf '\n\n  Tỉnh Gia Lai và tỉnh Ratanakiri\n\nĐoàn tỉnh Gia Lai làm việc với tỉnh Ratanakiri.\n' |
    "${VG[@]}" --log-file="$TMP/stdin2.log" "$REL" ingest --db "$TMP/vg3.db" - >/dev/null 2>&1
expect_status "a text on standard input under valgrind exits 0" 0 $?
expect_eq "a text on standard input: valgrind reports nothing" "$(cat "$TMP/stdin2.log")" ""
done_testing
