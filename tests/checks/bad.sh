#!/usr/bin/env bash
# The bad-input catalogue (tests/bad/): every malformed input through extract, ingest or
# import as tests/bad/expect.tsv says, with its exit status and the exact message (file,
# place, reason); a refused input leaves the database as it was, dump for dump.
. "$(dirname "$0")/../lib.sh"
export SOURCE_DATE_EPOCH=1700000000
BAD="$ROOT/tests/bad"
# The dump compared: every table, full-text shadow tables included, as the sqlite3 shell writes it.
dump() { sqlite3 "$1" .dump; }
IN="$TMP/in"
mkdir -p "$IN"

# The registry the ingest and import cases meet: one article of our own, and its export
# (the bad import files are variations of it).
"$H" ingest --db "$TMP/base.db" "$BAD/article.txt" >/dev/null 2>&1 &&
    "$H" export --db "$TMP/base.db" >"$IN/base.json"
expect_status "the base registry is made" 0 $?
python3 "$BAD/make-inputs.py" "$IN" "$IN/base.json"
expect_status "the inputs are made" 0 $?
# The 100 MB line is made here, not kept in the repository.
yes 'Đắk Lắk hợp tác với Sê Kông.' | tr -d '\n' | head -c 104857600 >"$IN/long_line.txt"
{ printf '{"id":"long","title":"Dài","text":"'; cat "$IN/long_line.txt"
  printf '"}\n{"id":"ok","title":"Tin","text":"Tỉnh Đắk Lắk đón đoàn tỉnh Sê Kông."}\n'; } >"$IN/long_line.jsonl"
base_dump=$(dump "$TMP/base.db")
"$H" init --db "$TMP/empty.db" >/dev/null 2>&1
empty_dump=$(dump "$TMP/empty.db")

n=0
cd "$IN" || exit 1
while IFS=$'\t' read -r file cmd status db match nomatch; do
    case $file in ''|'#'*|file) continue ;; esac
    n=$((n + 1))
    [ -f "$file" ] || { not_ok "$file: exists" "make-inputs.py did not write it"; continue; }
    case $cmd in
        extract)
            "$H" extract --json "$file" >"$TMP/out" 2>"$TMP/err"; st=$? ;;
        ingest)
            cp "$TMP/base.db" "$TMP/t.db"
            "$H" ingest --db "$TMP/t.db" "$file" >"$TMP/out" 2>"$TMP/err"; st=$?
            before=$base_dump ;;
        import)
            cp "$TMP/empty.db" "$TMP/t.db"
            "$H" import --db "$TMP/t.db" "$file" >"$TMP/out" 2>"$TMP/err"; st=$?
            before=$empty_dump ;;
        import-into-full)
            cp "$TMP/base.db" "$TMP/t.db"
            "$H" import --db "$TMP/t.db" "$file" >"$TMP/out" 2>"$TMP/err"; st=$?
            sed -i "s|$TMP/t.db|$TMP/base.db|" "$TMP/err"
            before=$base_dump ;;
        *) not_ok "$file: known command" "command '$cmd'"; continue ;;
    esac
    what="$cmd $file"
    if grep -qE "AddressSanitizer|LeakSanitizer|runtime error" "$TMP/err"; then
        not_ok "$what: no sanitizer report" "$(grep -m2 -E "ERROR|runtime error" "$TMP/err")"
        continue
    fi
    expect_status "$what: exit status $status" "$status" "$st"
    if [ "$status" -eq 0 ]; then
        expect_match "$what: output" "$(cat "$TMP/out")" "$match"
        [ -n "$nomatch" ] && expect_nomatch "$what: no false value" "$(cat "$TMP/out")" "$nomatch"
    else
        expect_eq "$what: one message" "$(grep -c . "$TMP/err")" 1
        expect_match "$what: message" "$(cat "$TMP/err")" "$match"
    fi
    if [ "$db" = same ] && [ "$cmd" != extract ]; then
        expect_eq "$what: database unchanged" "$(dump "$TMP/t.db")" "$before"
    fi
done <"$BAD/expect.tsv"
[ "$n" -ge 60 ] && ok "the catalogue has $n cases" || not_ok "the catalogue has at least 60 cases" "$n"
done_testing
