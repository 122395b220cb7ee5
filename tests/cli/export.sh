#!/usr/bin/env bash
# export and import through the binary: the round trip export -> import into an empty
# file -> export gives the same bytes, on a registry that holds confirmed, rejected,
# edited, merged, deleted and hand-entered records; a bad import (JSON error at a known
# line and column, a reference to a missing record, a registry that is not empty, a
# crash half-way) names the place and leaves the database as it was.
. "$(dirname "$0")/../lib.sh"
export SOURCE_DATE_EPOCH=1700000000
ART="$ROOT/tests/cli/registry_articles"
DUMP=(python3 "$ROOT/tests/cli/ingest_dump.py")
db="$TMP/r.db"

# ---- a registry that has seen every kind of change ----
"$H" ingest --db "$TMP/docs.db" "$ART" >/dev/null
"$H" export --db "$TMP/docs.db" >"$TMP/docs.json"
python3 "$ROOT/tests/cli/registry_fixture.py" "$TMP/docs.json" >"$TMP/fixture.json"
"$H" import --db "$db" "$TMP/fixture.json" >/dev/null
"$H" review confirm agr-0000000000000001 --db "$db" >/dev/null
"$H" review reject act-0000000000000004 --db "$db" >/dev/null
"$H" agreement edit agr-0000000000000002 "title=Biên bản ghi nhớ Kon Tum – Attapư" fields+=culture --db "$db" >/dev/null
"$H" person merge per-0000000000000001 per-0000000000000002 --db "$db" >/dev/null
"$H" activity merge act-0000000000000001 act-0000000000000002 --db "$db" >/dev/null
"$H" activity link act-0000000000000003 agr-0000000000000001 --task 1 --task 3 --db "$db" >/dev/null
"$H" activity delete act-0000000000000003 --db "$db" >/dev/null
"$H" party add "name=Hội Hữu nghị Việt Nam – Lào tỉnh Đắk Lắk" kind=organisation parent=VN-DLK "aliases=[\"Hội hữu nghị Việt – Lào Đắk Lắk\"]" --db "$db" >/dev/null
"$H" document delete "$(sqlite3 "$db" "SELECT id FROM documents WHERE source LIKE '%r02_%'")" --db "$db" >/dev/null
"$H" document edit "$(sqlite3 "$db" "SELECT id FROM documents WHERE source LIKE '%r03_%'")" url=https://example.org/r03 --db "$db" >/dev/null

out=$("$H" export --db "$db"); st=$?
expect_status "export exits 0" 0 "$st"
printf '%s\n' "$out" >"$TMP/e1.json"
r=$(python3 - "$TMP/e1.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
recs = [r for k in ("parties", "people", "agreements", "activities") for r in d[k]]
print(sorted(set(r["status"] for r in recs)), sum(1 for r in recs if r["merged_into"]),
      sorted(set(h["action"] for h in d["history"])), sum(x["deleted"] for x in d["documents"]),
      sorted(set(r["origin"] for r in recs)))
EOF
)
expect_eq "the registry holds every kind of record and change" "$r" \
    "['confirmed', 'deleted', 'proposed', 'rejected'] 2 ['add', 'confirm', 'delete', 'edit', 'link', 'merge', 'reject'] 1 ['extracted', 'manual']"
r=$(python3 - "$TMP/e1.json" <<'EOF'
import json, sys
raw = open(sys.argv[1], encoding="utf-8").read()
d = json.loads(raw)
keys = list(d.keys())
ok = keys == ["hoptac_export", "schema", "parties", "people", "documents", "agreements", "activities",
              "mentions", "history"]
for k in keys[2:]:
    ids = [x["id"] for x in d[k]]
    ok = ok and ids == sorted(ids, key=lambda s: s.encode()) and len(set(ids)) == len(ids)
    ok = ok and len(set(tuple(x.keys()) for x in d[k])) <= 1
lines = raw.split("\n")
n = sum(len(d[k]) for k in keys[2:])
print(ok, d["hoptac_export"], d["schema"] >= 2, len(lines) == n + 2 * 7 + 2, "2023-11-14T22:13:20Z" in raw)
EOF
)
expect_eq "arrays sorted by id, fixed keys, one record a line, the clock of SOURCE_DATE_EPOCH" "$r" "True 1 True True True"
expect_nomatch "no time of export, no users" "$out" "exported_at|password"
expect_eq "export twice: the same bytes" "$("$H" export --db "$db")" "$out"
"$H" export --db "$db" --output "$TMP/e1o.json"; st=$?
expect_status "export --output exits 0" 0 "$st"
cmp -s "$TMP/e1.json" "$TMP/e1o.json" && ok "--output writes the same bytes" || not_ok "--output writes the same bytes"
[ ! -e "$TMP/e1o.json.part" ] && ok "no partial file is left" || not_ok "no partial file is left"

# ---- the round trip ----
out=$("$H" import --db "$TMP/new.db" "$TMP/e1.json"); st=$?
expect_status "import into a new file exits 0" 0 "$st"
"$H" export --db "$TMP/new.db" >"$TMP/e2.json"
cmp -s "$TMP/e1.json" "$TMP/e2.json" && ok "export -> import -> export: the same bytes" \
    || not_ok "export -> import -> export: the same bytes" "$(diff "$TMP/e1.json" "$TMP/e2.json" | head -5)"
expect_eq "the imported registry answers like the first" "$("$H" party show "Nguyen V. Hung" --db "$TMP/new.db" 2>&1 | head -1)" \
    "$("$H" party show "Nguyen V. Hung" --db "$db" 2>&1 | head -1)"
expect_eq "and shows the same evidence" "$("$H" agreement show agr-0000000000000001 --db "$TMP/new.db")" "$("$H" agreement show agr-0000000000000001 --db "$db")"
expect_eq "its full-text index holds the same documents" \
    "$(sqlite3 "$TMP/new.db" -cmd ".load $ROOT/build/hoptac_fts.so" "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'ca phe'" 2>&1)" \
    "$(sqlite3 "$db" -cmd ".load $ROOT/build/hoptac_fts.so" "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'ca phe'" 2>&1)"
expect_eq "its record index too" \
    "$(sqlite3 "$TMP/new.db" -cmd ".load $ROOT/build/hoptac_fts.so" "SELECT count(*) FROM record_fts WHERE record_fts MATCH 'hung'" 2>&1)" \
    "$(sqlite3 "$db" -cmd ".load $ROOT/build/hoptac_fts.so" "SELECT count(*) FROM record_fts WHERE record_fts MATCH 'hung'" 2>&1)"
"$H" init --db "$TMP/init.db" >/dev/null
"$H" import --db "$TMP/init.db" "$TMP/e1.json" >/dev/null; st=$?
expect_status "import into a file made by init exits 0" 0 "$st"
out=$("$H" ingest --db "$TMP/new.db" "$ART"); st=$?
expect_match "ingest after import: the articles are already there" "$out" "0 added, 4 unchanged"
"$H" export --db "$TMP/new.db" >"$TMP/e3.json"
cmp -s "$TMP/e1.json" "$TMP/e3.json" && ok "and change nothing" || not_ok "and change nothing"

# ---- what import refuses, leaving the database as it was ----
d0=$("${DUMP[@]}" "$db")
err=$("$H" import --db "$db" "$TMP/e1.json" 2>&1); st=$?
expect_status "import into a registry that holds records exits 1" 1 "$st"
expect_match "and says why" "$err" "already holds a registry: import loads into an empty one"
expect_eq "the registry is untouched" "$("${DUMP[@]}" "$db")" "$d0"

"$H" init --db "$TMP/empty.db" >/dev/null
empty=$("${DUMP[@]}" "$TMP/empty.db")
bad_import() { # NAME FILE REGEX
    local err st
    err=$("$H" import --db "$TMP/empty.db" "$2" 2>&1); st=$?
    expect_status "$1: exits 1" 1 "$st"
    expect_match "$1: names the place" "$err" "$3"
    expect_eq "$1: the database is as it was" "$("${DUMP[@]}" "$TMP/empty.db")" "$empty"
}
# a comma missing at the end of line 3: the error is where line 4 starts
awk 'NR == 3 { sub(/,$/, "") } { print }' "$TMP/e1.json" >"$TMP/bad1.json"
bad_import "broken JSON" "$TMP/bad1.json" "bad1.json: line 4 column 1: "
printf '{"hoptac_export": 1,\n "schema": 2,\n "schema": 2}\n' >"$TMP/bad2.json"
bad_import "a key twice" "$TMP/bad2.json" "bad2.json: line 3 column .*duplicate object key"
python3 - "$TMP/e1.json" "$TMP/bad3.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
i = next(i for i, a in enumerate(d["activities"]) if len(a["parties"]) > 1)
d["activities"][i]["parties"][1]["id"] = "VN-XYZ"
open(sys.argv[2], "w", encoding="utf-8").write(json.dumps(d, ensure_ascii=False))
EOF
i=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(next(i for i, a in enumerate(d["activities"]) if len(a["parties"]) > 1))' "$TMP/e1.json")
bad_import "a dangling reference" "$TMP/bad3.json" "bad3.json: activities\[$i\]\.parties\[1\]: no party 'VN-XYZ'"
python3 - "$TMP/e1.json" "$TMP/bad4.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["people"][0]["sources"][0]["document"] = "doc-0000000000000000"
open(sys.argv[2], "w", encoding="utf-8").write(json.dumps(d, ensure_ascii=False))
EOF
bad_import "a source in a missing document" "$TMP/bad4.json" "people\[0\]\.sources\[0\]: document: no document 'doc-0000000000000000'"
python3 - "$TMP/e1.json" "$TMP/bad5.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["agreements"][1]["status"] = "maybe"
open(sys.argv[2], "w", encoding="utf-8").write(json.dumps(d, ensure_ascii=False))
EOF
bad_import "a status outside the vocabulary" "$TMP/bad5.json" "agreements\[1\]: \"status\" 'maybe' is not"
printf '[1, 2]\n' >"$TMP/bad6.json"
bad_import "not an export" "$TMP/bad6.json" "not a hoptac export"
err=$("$H" import --db "$TMP/empty.db" "$TMP/no-such.json" 2>&1); st=$?
expect_status "a missing file exits 1" 1 "$st"
expect_match "and is named" "$err" "no-such.json"
"$H" import --db "$TMP/empty.db" >/dev/null 2>&1; expect_status "import without a file is a usage error" 2 $?

# ---- an import ended abruptly leaves nothing behind ----
total=1
while :; do
    HOPTAC_CRASH_AFTER=$total "$H" import --db "$TMP/probe.db" "$TMP/e1.json" >/dev/null 2>&1
    [ $? -ne 137 ] && break
    rm -f "$TMP/probe.db"*
    total=$((total * 2))
done
crashed=0 intact=0 points=0
for n in 1 2 $((total / 8)) $((total / 4)) $((total / 3)) $((total / 2)); do
    points=$((points + 1))
    cp "$TMP/empty.db" "$TMP/crash.db"
    HOPTAC_CRASH_AFTER=$n "$H" import --db "$TMP/crash.db" "$TMP/e1.json" >/dev/null 2>&1
    [ $? -eq 137 ] && crashed=$((crashed + 1))
    [ "$("${DUMP[@]}" "$TMP/crash.db")" == "$empty" ] && [ "$(sqlite3 "$TMP/crash.db" 'PRAGMA integrity_check')" == ok ] \
        && intact=$((intact + 1))
done
expect_eq "import crashed at $points points (up to $total writes)" "$crashed" "$points"
expect_eq "each time the database was as before, and sound" "$intact" "$points"
"$H" import --db "$TMP/crash.db" "$TMP/e1.json" >/dev/null; st=$?
expect_status "import after the crashes exits 0" 0 "$st"
"$H" export --db "$TMP/crash.db" >"$TMP/e4.json"
cmp -s "$TMP/e1.json" "$TMP/e4.json" && ok "and gives the same registry" || not_ok "and gives the same registry"
done_testing
