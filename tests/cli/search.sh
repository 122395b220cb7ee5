#!/usr/bin/env bash
# hoptac search through the binary, over the articles of tests/cli/search_articles
# (written for this test: places with and without accents, in both tone placements,
# under their other names, words that fold alike, a person written two ways, a file in
# NFD) and the seeds: the table of queries and what they must and must not find, the
# accents as typed ranked first, exact mode, filters, paging, the JSON of SPEC 1c
# checked by Python's json against the original bytes, colour on a terminal only,
# malformed queries and usage errors.
. "$(dirname "$0")/../lib.sh"
export SOURCE_DATE_EPOCH=1700000000
ART="$ROOT/tests/cli/search_articles"
db="$TMP/s.db"
export HOPTAC_DB="$db"

"$H" ingest "$ART" >/dev/null 2>&1
expect_status "ingest of the search articles" 0 $?
seeds=false
if have_shared; then
    "$H" ingest "$SHARED/seeds"/*.txt >/dev/null 2>&1
    expect_status "ingest of the seeds" 0 $?
    seeds=true
else
    skip "ingest of the seeds" "no seeds in $SHARED"
fi

# docs ARGS...: the file names of the documents found (in rank order), from --json.
docs() {
    "$H" search --json --limit 100 "$@" | python3 -c '
import json, os, sys
r = json.load(sys.stdin)
print(" ".join(os.path.basename(h["source"]) for h in r["results"] if h["type"] == "document"))'
}

# check NAME "must" "must_not" ARGS...
check() {
    local name=$1 must=$2 mustnot=$3
    shift 3
    local got
    got=$(docs "$@" 2>&1)
    local miss="" extra=""
    for f in $must; do [[ " $got " == *" $f "* ]] || miss+=" $f"; done
    for f in $mustnot; do [[ " $got " == *" $f "* ]] && extra+=" $f"; done
    if [ -z "$miss" ] && [ -z "$extra" ]; then
        ok "$name"
    else
        not_ok "$name" "query: $*" "got: $got" "missing:$miss" "unexpected:$extra"
    fi
}

# ---- the table of queries, over the articles ----
check "dak lak" "xe_kong.txt nfd.txt" "duong.txt sekong.txt" "dak lak"
check "DAK LAK" "xe_kong.txt nfd.txt" "duong.txt" "DAK LAK"
check "đắk lắk" "xe_kong.txt nfd.txt" "duong.txt" "đắk lắk"
check "Daklak (the gazetteer's spelling)" "xe_kong.txt nfd.txt" "" Daklak
check "hoa binh finds Hòa Bình and Hoà Bình" "hoa_binh.txt hoa_binh_cu.txt" \
    "hoa_chat.txt duong_bien.txt" "hoa binh"
check "sekong finds Sê Kông, Xê Kông and Sekong" "duong.txt xe_kong.txt sekong.txt" \
    "hoa_binh.txt" sekong
check "xe kong" "duong.txt xe_kong.txt sekong.txt" "hoa_binh.txt" "xe kong"
check "Sê-Kông" "duong.txt xe_kong.txt sekong.txt" "" "Sê-Kông"
check "\"bản ghi nhớ\"" "hoa_binh.txt" "hoa_binh_cu.txt hoa_chat.txt" '"bản ghi nhớ"'
check "--exact Hòa keeps the tone placements, not Hóa" "hoa_binh.txt hoa_binh_cu.txt" \
    "hoa_chat.txt sekong.txt" --exact Hòa
check "--exact Hóa" "hoa_chat.txt sekong.txt" "hoa_binh.txt hoa_binh_cu.txt" --exact Hóa
check "hoa without accents finds them all" \
    "hoa_binh.txt hoa_binh_cu.txt hoa_chat.txt sekong.txt" "" hoa
check "words, OR, NOT, parentheses" "duong.txt" "xe_kong.txt hoa_binh.txt" "(hợp tác OR Kon)" -giáo
check "prefix" "hoa_binh_cu.txt hoa_chat.txt" "duong.txt" "nông*"
# … and the other spelling of the same person ("Bun-my Si-pha-lăn": "my" is "mi" written
# the old way), through the registry's names
check "a phrase across punctuation" "xe_kong.txt sekong.txt" "duong.txt hoa_binh.txt" '"Bun mi Sỉ pha lan"'
if $seeds; then
    check "seeds: dak lak" "000_99a0bb244055c814.txt 001_ca6b6188b55768b1.txt" "" "dak lak"
    check "seeds: DAK LAK" "000_99a0bb244055c814.txt 001_ca6b6188b55768b1.txt" "" "DAK LAK"
    check "seeds: đắk lắk" "000_99a0bb244055c814.txt 001_ca6b6188b55768b1.txt" "" "đắk lắk"
    check "seeds: sekong" "000_99a0bb244055c814.txt 001_ca6b6188b55768b1.txt" "" sekong
    check "seeds: xe kong" "000_99a0bb244055c814.txt 001_ca6b6188b55768b1.txt" "" "xe kong"
    check "seeds: lech lay" "000_99a0bb244055c814.txt" "001_ca6b6188b55768b1.txt" "lech lay"
    check "seeds: \"bản ghi nhớ\"" "000_99a0bb244055c814.txt" "" '"bản ghi nhớ"'
    # the records of the seeds (parties of the gazetteer, people) by the same queries
    rec_check() {
        local name=$1 want=$2
        shift 2
        local got
        got=$("$H" search --json --limit 100 "$@" | python3 -c '
import json, sys
print("|".join("%s %s %s" % (h["type"], h["id"], h["title"]) for h in json.load(sys.stdin)["results"]
               if h["type"] != "document"))')
        expect_match "$name" "$got" "$want"
    }
    rec_check "seeds: dak lak finds the party Đắk Lắk" "party VN-DLK Đắk Lắk" "dak lak"
    rec_check "seeds: sekong finds the party Sê Kông" "party LA-XE Sê Kông" sekong
    rec_check "seeds: xe kong finds the party Sê Kông" "party LA-XE Sê Kông" "xe kong"
    rec_check "seeds: lech lay finds the person" "person per-[0-9a-f]+ Lếc[h]?-lay" --kind person "lech lay"
    rec_check "seeds: lec lay sy vy lay (the other spelling) finds the same person" \
        "person per-[0-9a-f]+ Lếc[h]?-lay" --kind person "lec lay si vy lay"
    # Filters on partners and dates need the records of the seeds: extraction decides.
    recs=$(sqlite3 "$db" "SELECT count(*) FROM mentions m JOIN parties p ON p.id = m.record WHERE p.country = 'LA'")
    if [ "${recs:-0}" -gt 0 ]; then
        check "hop tac --country LA --from 2018 --to 2023" "001_ca6b6188b55768b1.txt hoa_binh.txt" \
            "duong.txt hoa_chat.txt hoa_binh_cu.txt" hop tac --country LA --from 2018 --to 2023
    else
        check "hop tac --country LA --from 2018 --to 2023: nothing without records" "" \
            "001_ca6b6188b55768b1.txt hoa_binh.txt" hop tac --country LA --from 2018 --to 2023
    fi
else
    skip "the seeds' queries" "no seeds in $SHARED"
fi

# ---- a sample of the corpus, judged by the benchmark's oracle ----
# Every article the oracle finds in what the index holds (title, lead, body, captions:
# not bylines nor boilerplate) must be found; a query that names no place finds nothing
# the oracle does not find in the whole text.
coop="$SHARED/corpus/coop.jsonl"
if [ -r "$coop" ]; then
    "$H" ingest --db "$TMP/coop.db" "$coop" >/dev/null 2>&1
    expect_status "ingest of the corpus sample" 0 $?
    "$H" extract --blocks "$coop" >"$TMP/coop.blocks"
    python3 "$ROOT/bench/search_ref.py" indexed "$coop" "$TMP/coop.blocks" "$TMP/indexed.jsonl"
    python3 "$ROOT/bench/search_oracle.py" "$TMP/indexed.jsonl" "$ROOT/bench/search_queries.txt" \
        --ids >"$TMP/must.jsonl"
    python3 "$ROOT/bench/search_oracle.py" "$coop" "$ROOT/bench/search_queries.txt" --ids \
        >"$TMP/may.jsonl"
    noplace="thuỷ lợi|thủy lợi|thuy loi|khoẻ|khỏe|đường|duong|uỷ ban|ủy ban|thoả thuận|thỏa thuận|bản ghi nhớ|ban ghi nho|hữu nghị|hoá chất|tuỳ|quý"
    # every query first, then one judge for all of them
    i=0
    while IFS= read -r q; do
        i=$((i + 1))
        "$H" search --db "$TMP/coop.db" --json --kind document --limit 1000 "$q" >"$TMP/got.$i.json"
    done < <(grep -v '^#' "$ROOT/bench/search_queries.txt" | grep .)
    res=$(python3 - "$TMP" "$ROOT/bench/search_queries.txt" "$noplace" <<'PY'
import json, sys
tmp, queries, noplace = sys.argv[1], sys.argv[2], sys.argv[3].split("|")
qs = [l.rstrip("\n") for l in open(queries, encoding="utf-8") if l.strip() and not l.startswith("#")]
def table(f):
    return {r["query"]: set(r["ids"]) for r in map(json.loads, open(f, encoding="utf-8"))}
must, may = table(tmp + "/must.jsonl"), table(tmp + "/may.jsonl")
found, bad = 0, []
for i, q in enumerate(qs, 1):
    got = {h["source"].rsplit("#", 1)[1] for h in json.load(open("%s/got.%d.json" % (tmp, i)))["results"]}
    found += len(got)
    missing = must[q] - got
    beyond = got - may[q] if q in noplace else set()
    if missing or beyond:
        bad.append("[%s: %d%s%s]" % (q, len(got), " missing " + ",".join(sorted(missing)[:3]) if missing else "",
                                      " beyond " + ",".join(sorted(beyond)[:3]) if beyond else ""))
print(found, " ".join(bad))
PY
)
    found=${res%% *} bad=${res#* }
    if [ -z "$bad" ] && [ "$found" -gt 100 ]; then
        ok "corpus sample: the 30 folding queries find what the oracle finds ($found matches)"
    else
        not_ok "corpus sample: the folding queries against the oracle" "$found matches" "$bad"
    fi
else
    skip "the corpus sample" "no $coop"
fi

# ---- ranking: the accents as typed first ----
got=$(docs đường)
expect_match "đường: đường before dương" "$got" "duong\.txt.*duong_bien\.txt"
got=$(docs dương)
expect_match "dương: dương before đường" "$got" "duong_bien\.txt.*duong\.txt"
exact=$("$H" search --json đường | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(" ".join("%s=%s" % (h["source"].rsplit("/", 1)[-1], h["exact"]) for h in r["results"]))')
expect_match "exact says which matched the accents typed" "$exact" "duong\.txt=True.*duong_bien\.txt=False"

# ---- paging ----
all=$(docs tỉnh --kind document)
n=$(wc -w <<<"$all")
[ "$n" -ge 5 ] && ok "tỉnh finds $n documents" || not_ok "tỉnh finds at least 5 documents" "got: $all"
page=$(docs tỉnh --kind document --limit 2 --offset 1)
expect_eq "--limit 2 --offset 1 is a window of the ranking" "$page" "$(cut -d' ' -f2-3 <<<"$all")"
tot=$("$H" search --json --limit 1 tỉnh | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["total"], r["limit"], r["offset"], len(r["results"]))')
expect_match "total counts them all" "$tot" "^[0-9]+ 1 0 1$"
out=$("$H" search --offset 500 tỉnh); st=$?
expect_status "an offset past the end exits 0" 0 "$st"
expect_match "and says how many there are" "$out" "no results after the first 500 \([0-9]+ in all\)"

# ---- the JSON of SPEC 1c, against the original bytes ----
"$H" search --json --limit 50 "dak lak OR sekong OR hòa OR đường" >"$TMP/r.json"
msg=$(python3 - "$TMP/r.json" "$ART" <<'EOF'
import json, os, re, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert list(r) == ["query", "total", "offset", "limit", "results"], list(r)
assert r["query"] == "dak lak OR sekong OR hòa OR đường" and r["offset"] == 0 and r["limit"] == 50
assert isinstance(r["total"], int) and r["total"] >= len(r["results"]) > 5
keys = ["type", "id", "title", "score", "exact", "date", "source", "snippet"]
for h in r["results"]:
    assert list(h) == keys, list(h)
    assert h["type"] in ("document", "agreement", "activity", "party", "person")
    assert isinstance(h["score"], (int, float)) and isinstance(h["exact"], bool)
    s = h["snippet"]
    if s is None:
        continue
    assert list(s) == ["text", "start", "end", "marks"], list(s)
    text = s["text"]
    for m in s["marks"]:
        assert 0 <= m["start"] < m["end"] <= len(text.encode()), m
    if h["type"] != "document" or not h["source"].startswith(sys.argv[2]):
        continue
    orig = open(h["source"], "rb").read()
    assert 0 <= s["start"] < s["end"] <= len(orig)
    cut = orig[s["start"]:s["end"]].decode("utf-8")
    body = text.encode()
    # the marks' bytes are in the original passage
    for m in s["marks"]:
        assert body[m["start"]:m["end"]] in orig[s["start"]:s["end"]], m
    # the text is the passage, white space runs as one space, '…' at a cut
    plain = text.strip("…")
    assert re.sub(r"\s+", " ", cut).strip() == plain, (cut, plain)
print("ok")
EOF
)
expect_eq "JSON keys in order, snippets cut from the original bytes" "$msg" "ok"
nfd=$(python3 -c '
import json, sys, unicodedata
r = json.load(sys.stdin)
h = [h for h in r["results"] if h["source"].endswith("nfd.txt")][0]
t = h["snippet"]["text"]
m = h["snippet"]["marks"][0]
print(t == unicodedata.normalize("NFD", t), t.encode()[m["start"]:m["end"]].decode() == unicodedata.normalize("NFD", "Đắk"))' \
    < <("$H" search --json "đắk"))
expect_eq "a decomposed file's snippet stays decomposed, marks on its bytes" "$nfd" "True True"

# ---- the terminal ----
out=$("$H" search "dak lak")
expect_match "a numbered list with type, title, id" "$out" "^1\. \[(document|party|person|agreement|activity)\] .+  [A-Za-z]+-[0-9a-zA-Z]+"
expect_match "the source under it" "$out" "search_articles/(xe_kong|nfd)\.txt"
expect_match "a last line with the count" "$out" "[0-9]+-[0-9]+ of [0-9]+ results$"
[[ "$out" != *$'\e['* ]] && ok "no colour when standard output is not a terminal" ||
    not_ok "no colour when standard output is not a terminal"
if command -v script >/dev/null; then
    out=$(script -qec "'$H' search --db '$db' 'dak lak'" /dev/null)
    [[ "$out" == *$'\e[1;31m'* ]] && ok "matches in colour on a terminal" ||
        not_ok "matches in colour on a terminal" "$(head -c 300 <<<"$out")"
    out=$(script -qec "'$H' search --db '$db' --no-colour 'dak lak'" /dev/null)
    [[ "$out" != *$'\e['* ]] && ok "--no-colour" || not_ok "--no-colour"
else
    skip "colour on a terminal" "no script(1) to make a terminal"
fi
out=$("$H" search nothingmatchesthis); st=$?
expect_status "no result exits 0" 0 "$st"
expect_eq "and says so" "$out" "no results"
out=$("$H" search --json nothingmatchesthis | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["total"], r["results"])')
expect_eq "no result in JSON" "$out" "0 []"

# ---- kinds and filters from the command line ----
out=$("$H" search --kind party,document --kind person sekong); st=$?
expect_status "--kind, repeated and with commas" 0 "$st"
out=$("$H" search --json --kind document --from 2030 sekong | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
expect_eq "--from after every date finds nothing" "$out" "0"

# ---- malformed queries: the parser's message, never SQLite's ----
for q in '"dak lak' 'dak OR' 'NOT dak' '(dak' 'dak)' 'a*' '   ' 'AND' '-'; do
    err=$("$H" search "$q" 2>&1 >/dev/null); st=$?
    if [ "$st" -eq 1 ] && [[ "$err" == "hoptac search: "* ]] && ! grep -qiE "fts5|sqlite|syntax error" <<<"$err"; then
        ok "malformed query [$q]: exit 1, $err"
    else
        not_ok "malformed query [$q]" "status $st" "$err"
    fi
done
err=$("$H" search '"dak lak' 2>&1); expect_eq "unclosed quote message" "$err" "hoptac search: unclosed quote at column 1"
err=$("$H" search --party Atlantis dak 2>&1); st=$?
expect_status "an unknown party exits 1" 1 "$st"
expect_match "and says so" "$err" "no party 'Atlantis'"

# ---- usage errors ----
"$H" search >/dev/null 2>&1; expect_status "no query is a usage error" 2 $?
"$H" search --kind places dak >/dev/null 2>&1; expect_status "--kind places is a usage error" 2 $?
"$H" search --limit many dak >/dev/null 2>&1; expect_status "--limit many is a usage error" 2 $?
"$H" search --limit 0 dak >/dev/null 2>&1; expect_status "--limit 0 is a usage error" 2 $?
"$H" search --from 2018-13 dak >/dev/null 2>&1; expect_status "--from 2018-13 is a usage error" 2 $?
"$H" search --country Lao dak >/dev/null 2>&1; expect_status "--country Lao is a usage error" 2 $?
"$H" search --status active dak >/dev/null 2>&1; expect_status "--status active is a usage error" 2 $?
"$H" search --frobnicate dak >/dev/null 2>&1; expect_status "an unknown option is a usage error" 2 $?
"$H" search dak --party >/dev/null 2>&1; expect_status "an option without its value" 2 $?
out=$("$H" search -- -dak-lak 2>&1); st=$?
expect_status "after --, a word starting with '-' is the query" 1 "$st"
expect_match "(a query that only excludes)" "$out" "nothing to search for"
out=$("$H" search --help); expect_match "--help" "$out" "^usage: hoptac search"
err=$("$H" search --db "$TMP/none.db" dak 2>&1); st=$?
expect_status "a missing database exits 1" 1 "$st"
expect_match "and tells to run init" "$err" "hoptac init"

# A registry name expands a query when it is more than a short common word: a party
# entered with the alias "Anh" (as a page's "(Anh)" once made) does not turn every "anh"
# into its name, while its longer alias still finds its articles.
db2="$TMP/alias.db"
printf 'Học viện Westbury mở khóa học\n\nHọc viện Westbury mở khóa học tiếng Việt cho sinh viên tỉnh Kon Tum.\n' \
    >"$TMP/westbury.txt"
HOPTAC_DB="$db2" "$H" init >/dev/null 2>&1 &&
    HOPTAC_DB="$db2" "$H" ingest "$TMP/westbury.txt" >/dev/null 2>&1 &&
    HOPTAC_DB="$db2" "$H" party edit "Học viện Westbury" "aliases+=Anh" \
        "aliases+=Westbury Academy" >/dev/null 2>&1
expect_status "a party with a short and a long alias" 0 $?
got=$(HOPTAC_DB="$db2" docs --kind document anh)
expect_eq "a short alias does not expand 'anh'" "$got" ""
got=$(HOPTAC_DB="$db2" docs --kind document westbury academy)
expect_eq "a longer alias expands" "$got" "westbury.txt"

done_testing
