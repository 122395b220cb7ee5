#!/usr/bin/env bash
# The search of the web API and the search page is the search of `hoptac search`: the
# same JSON, byte for byte, for the same query and options; a malformed query is a 400
# with the parser's message; the page searches as the user types (the last word as a
# prefix) and marks the matches.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/serve-env.sh"
export SOURCE_DATE_EPOCH=1700000000

DB="$TMP/s.db"
"$H" ingest --db "$DB" "$ROOT/tests/cli/search_articles" >/dev/null 2>&1
expect_status "ingest of the search articles" 0 $?
if ! serve_start "$DB"; then
    not_ok "the server starts" "$(cat "$SERVE_LOG")"
    done_testing
    exit 1
fi
ok "the server starts"

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# same NAME QUERY PARAMS CLI-ARGS...: /api/search?q=QUERY&PARAMS against hoptac search
# --json CLI-ARGS QUERY.
same() {
    local name=$1 q=$2 params=$3
    shift 3
    local api cli
    api=$(curl -s "$BASE/api/search?q=$(enc "$q")${params:+&$params}")
    cli=$("$H" search --db "$DB" --json "$@" -- "$q")
    if [ -n "$cli" ] && [ "$api" == "$cli" ]; then
        ok "$name: the API gives what hoptac search gives"
    else
        not_ok "$name: the API gives what hoptac search gives" "api: ${api:0:300}" "cli: ${cli:0:300}"
    fi
}
same "dak lak" "dak lak" ""
same "đường (accents as typed first)" "đường" ""
same "sekong (aliases)" "sekong" ""
same "a phrase, OR and NOT" '"bản ghi nhớ" OR (hợp tác -giáo)' ""
same "--exact" "Hòa" "exact=1" --exact
same "kinds, paging" "tỉnh" "kind=document,party&limit=2&offset=1" --kind document,party --limit 2 --offset 1
same "dates" "sekong" "from=2018&to=2023" --from 2018 --to 2023
out=$(curl -s "$BASE/api/search?q=dak+lak")
expect_match "snippets carry marks" "$out" '"marks":\[\{"start":[0-9]+'

# ---- malformed queries and options ----
out=$(curl -s -w ' %{http_code}' "$BASE/api/search?q=%22dak+lak")
expect_eq "an unclosed quote is 400 with the parser's message" "$out" \
    '{"error":{"status":400,"message":"unclosed quote at column 1"}}'$'\n'' 400'
out=$(curl -s -w ' %{http_code}' "$BASE/api/search?q=dak+OR")
expect_match "a dangling OR is 400" "$out" '"message":"OR at column 5 needs a term after it"\}\}'
out=$(curl -s "$BASE/api/search?q=dak&from=2018-13")
expect_match "a bad date names the parameter" "$out" '"message":"from: '
page=$(curl -s "$BASE/search?q=%28dak")
expect_match "the page shows the message" "$page" "class=\"error\">&#39;\(&#39; at column 1 is not closed|class=\"error\">'\(' at column 1 is not closed"

# ---- the page ----
page=$(curl -s "$BASE/search")
expect_nomatch "an empty query shows no error" "$page" 'class="error"'
page=$(curl -s "$BASE/search?q=dak+la&partial=1")
expect_match "as you type, the last word is a prefix" "$page" '<mark>Đắk</mark> <mark>Lắk</mark>'
page=$(curl -s "$BASE/search?q=dak+la")
expect_nomatch "a submitted query keeps whole words" "$page" '<mark>Lắk</mark>'
page=$(curl -s "$BASE/search?q=sekong")
expect_match "the page finds the other names" "$page" '<mark>Sê Kông</mark>|<mark>Xê Kông</mark>'

serve_stop TERM
expect_eq "the server stops cleanly" "$SERVE_STATUS" 0
done_testing
