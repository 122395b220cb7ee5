#!/usr/bin/env bash
# The registry through the binary: a registry with proposed records (our articles, and
# records as extraction stores them, loaded by import), the review queue (confirm,
# reject, edit; all or nothing), ingest again changing nothing, merges of people and
# activities, deletion kept in history, links to tasks, hand-entered records, party
# succession, documents edited, deleted and merged, and --json everywhere.
. "$(dirname "$0")/../lib.sh"
export SOURCE_DATE_EPOCH=1700000000
ART="$ROOT/tests/cli/registry_articles"
DUMP=(python3 "$ROOT/tests/cli/ingest_dump.py")
db="$TMP/r.db"
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print(($1))"; }

# ---- a registry with proposed records ----
"$H" ingest --db "$TMP/docs.db" "$ART" >/dev/null
"$H" export --db "$TMP/docs.db" >"$TMP/docs.json"
python3 "$ROOT/tests/cli/registry_fixture.py" "$TMP/docs.json" >"$TMP/fixture.json"
out=$("$H" import --db "$db" "$TMP/fixture.json"); st=$?
expect_status "import of a registry with proposed records exits 0" 0 "$st"
expect_match "import says what it loaded" "$out" "imported .*fixture.json"

# ingest the same articles again: nothing changes
d1=$("${DUMP[@]}" "$db")
out=$("$H" ingest --db "$db" "$ART"); st=$?
expect_status "ingest into the registry exits 0" 0 "$st"
expect_match "its articles are already there" "$out" "^4 documents: 0 added, 4 unchanged"
expect_eq "ingest again changes nothing" "$("${DUMP[@]}" "$db")" "$d1"
"$H" ingest --db "$db" "$ART" >/dev/null
expect_eq "and again" "$("${DUMP[@]}" "$db")" "$d1"

# ---- the review queue ----
out=$("$H" review --db "$db" </dev/null); st=$?
expect_status "review without a terminal exits 0" 0 "$st"
expect_match "it lists the queue" "$out" "agr-0000000000000001 +agreement +0.90 +2021-06-05 cooperation_agreement"
expect_match "with a count" "$out" "9 records waiting for review"
expect_eq "review list --json: the records" "$("$H" review list --db "$db" --json | j 'len(d), d[0]["id"], d[0]["sources"][0]["text"]')" \
    "(9, 'agr-0000000000000001', 'đã ký thỏa thuận hợp tác giai đoạn 2021 - 2025')"
expect_eq "--kind and --limit" "$("$H" review --db "$db" --json --kind activity --limit 2 | j '[r["id"][:4] for r in d]')" "['act-', 'act-']"
"$H" review --db "$db" --kind thing >/dev/null 2>&1; expect_status "a bad --kind is a usage error" 2 $?
"$H" review frob --db "$db" >/dev/null 2>&1; expect_status "an unknown review action is a usage error" 2 $?
"$H" review confirm --db "$db" >/dev/null 2>&1; expect_status "confirm without ids is a usage error" 2 $?

status() { sqlite3 "$db" "SELECT status || '/' || reviewed FROM $1 WHERE id = '$2'"; }
out=$("$H" review confirm agr-0000000000000001 --db "$db"); st=$?
expect_status "review confirm exits 0" 0 "$st"
expect_eq "the agreement is confirmed and reviewed" "$(status agreements agr-0000000000000001)" "confirmed/1"
err=$("$H" review confirm act-0000000000000003 act-ffffffffffffffff --db "$db" 2>&1); st=$?
expect_status "confirm with an unknown id exits 1" 1 "$st"
expect_match "and names it" "$err" "no activity 'act-ffffffffffffffff'"
expect_eq "all or nothing: the known one is not confirmed either" "$(status activities act-0000000000000003)" "proposed/0"
"$H" review reject act-0000000000000004 --db "$db" >/dev/null
expect_eq "review reject" "$(status activities act-0000000000000004)" "rejected/1"
out=$("$H" review edit agr-0000000000000002 "title=Biên bản ghi nhớ Kon Tum – Attapư" "tasks+=họp rà soát hằng năm" --db "$db"); st=$?
expect_status "review edit exits 0" 0 "$st"
expect_eq "the edit is applied and confirms" \
    "$(sqlite3 "$db" "SELECT title || '|' || status || '|' || (SELECT text FROM tasks WHERE agreement = id AND n = 1) FROM agreements WHERE id = 'agr-0000000000000002'")" \
    "Biên bản ghi nhớ Kon Tum – Attapư|confirmed|họp rà soát hằng năm"
err=$("$H" review edit agr-0000000000000002 colour=red --db "$db" 2>&1); st=$?
expect_status "editing an unknown field exits 1" 1 "$st"
expect_match "and lists the fields" "$err" "no field 'colour' \(fields: kind, title, parties"
err=$("$H" agreement edit agr-0000000000000002 signed=2022-02-30 --db "$db" 2>&1); st=$?
expect_status "an impossible date exits 1" 1 "$st"
expect_match "naming the record and field" "$err" "agreement agr-0000000000000002: signed: expected a date"
err=$("$H" agreement edit agr-0000000000000002 fields=education,cooking --db "$db" 2>&1)
expect_match "a field code outside the vocabulary is refused" "$err" "'cooking' is not one of the codes"
expect_eq "history of the edit" "$(sqlite3 "$db" "SELECT action || ' ' || coalesce(json_extract(before, '$.title'), 'null') || ' ' || json_extract(after, '$.title') FROM history WHERE record = 'agr-0000000000000002' AND action = 'edit'")" \
    "edit null Biên bản ghi nhớ Kon Tum – Attapư"

# a reviewed record is not changed by ingest: the documents come again under new names
mkdir -p "$TMP/again"
for f in "$ART"/*; do cp "$f" "$TMP/again/0-$(basename "$f")"; done
before=$(sqlite3 "$db" "SELECT id, status, reviewed, title FROM agreements ORDER BY id")
"$H" ingest --db "$db" "$TMP/again" >/dev/null
expect_eq "reviewed records stay as a person left them" "$(sqlite3 "$db" "SELECT id, status, reviewed, title FROM agreements ORDER BY id")" "$before"
expect_eq "the documents keep the smallest path" "$(sqlite3 "$db" "SELECT count(*) FROM documents WHERE source LIKE '%/0-r%'")" "4"

# ---- people: two spellings are one person ----
out=$("$H" person merge "Nguyễn Văn Hùng" "nguyen v hung" --db "$db"); st=$?
expect_status "person merge by names exits 0" 0 "$st"
expect_eq "the other stays, deleted, pointing at the survivor" \
    "$(sqlite3 "$db" "SELECT status || ' ' || merged_into FROM people WHERE id = 'per-0000000000000002'")" "deleted per-0000000000000001"
expect_eq "show by the merged spelling finds the survivor" \
    "$("$H" person show "Nguyễn V. Hùng" --db "$db" --json | j 'd["id"], d["aliases"], len(d["sources"])')" \
    "('per-0000000000000001', ['Nguyễn V. Hùng', 'Nguyễn Văn Hùng'], 2)"
expect_eq "mentions follow" "$(sqlite3 "$db" "SELECT count(*) FROM mentions WHERE record = 'per-0000000000000002'")" "0"
"$H" person merge per-0000000000000001 per-0000000000000001 --db "$db" >/dev/null 2>&1
expect_status "merging a record into itself exits 1" 1 $?
"$H" person merge per-0000000000000001 --db "$db" >/dev/null 2>&1
expect_status "merge with one record is a usage error" 2 $?

# ---- activities: merge, link to a task, delete ----
"$H" activity merge act-0000000000000001 act-0000000000000002 --db "$db" >/dev/null
expect_eq "merged activity: commitments and participants are unions" \
    "$("$H" activity show act-0000000000000001 --db "$db" --json | j 'd["commitments"], len(d["participants"]), len(d["sources"]), d["status"]')" \
    "(['mười sinh viên Sê Kông sang học tập'], 2, 2, 'confirmed')"
out=$("$H" activity link act-0000000000000003 agr-0000000000000001 --task 2 --db "$db"); st=$?
expect_status "activity link exits 0" 0 "$st"
expect_eq "the activity carries out task 2" "$(sqlite3 "$db" "SELECT agreement || ' ' || tasks FROM activities WHERE id = 'act-0000000000000003'")" "agr-0000000000000001 [2]"
err=$("$H" activity link act-0000000000000003 agr-0000000000000001 --task 7 --db "$db" 2>&1); st=$?
expect_status "a task the agreement does not have exits 1" 1 "$st"
expect_match "and says how many it has" "$err" "task 7: agreement agr-0000000000000001 has 3 tasks"
"$H" activity link act-0000000000000003 --db "$db" >/dev/null 2>&1; expect_status "link without an agreement is a usage error" 2 $?
expect_match "the agreement lists its activity and task" "$("$H" agreement show agr-0000000000000001 --db "$db")" "act-0000000000000003 .*tasks 2"
"$H" activity delete act-0000000000000003 --db "$db" >/dev/null
expect_eq "delete keeps the record, deleted" "$(status activities act-0000000000000003)" "deleted/1"
expect_eq "list leaves it out" "$("$H" activity list --db "$db" --json | j '[r["id"] for r in d]')" "['act-0000000000000001']"
expect_eq "--all shows every one" "$("$H" activity list --db "$db" --all --json | j 'len(d)')" "4"
expect_eq "--status deleted" "$("$H" activity list --db "$db" --status deleted --json | j 'sorted(r["id"] for r in d)')" "['act-0000000000000002', 'act-0000000000000003']"
expect_match "history says so" "$("$H" activity show act-0000000000000003 --db "$db")" "delete +status: \"confirmed\" → \"deleted\""
"$H" activity list --status gone --db "$db" >/dev/null 2>&1; expect_status "a bad --status is a usage error" 2 $?

# ---- parties: edit, names, succession ----
"$H" party edit "so ngoai vu tinh dak lak" "aliases+=Sở Ngoại vụ Đắk Lắk" "name_en=Department of Foreign Affairs" --db "$db" >/dev/null
expect_eq "a party found by its new alias" "$("$H" party show "So Ngoai vu Dak Lak" --db "$db" --json | j 'd["id"], d["name_en"], d["status"]')" \
    "('org-0000000000000001', 'Department of Foreign Affairs', 'confirmed')"
out=$("$H" party show "Kon Tum" --db "$db"); st=$?
expect_status "party show Kon Tum exits 0" 0 "$st"
expect_match "Kon Tum merged into Quảng Ngãi on 2025-07-01" "$out" "Kon Tum merged into Quảng Ngãi \(VN-QNG\) on 2025-07-01"
out=$("$H" party show "Quảng Ngãi" --db "$db")
expect_match "Quảng Ngãi's history includes Kon Tum's agreements" "$out" "agr-0000000000000002 .*\(as Kon Tum\)"
expect_match "and says where they come from" "$out" "Kon Tum \(VN-KTM\) merged into Quảng Ngãi on 2025-07-01"
expect_eq "party show --json: succession and predecessors" \
    "$("$H" party show vn-ktm --db "$db" --json | j 'd["succession"]')" "{'id': 'VN-QNG', 'name': 'Quảng Ngãi', 'date': '2025-07-01'}"
expect_eq "a province only the gazetteer knows" \
    "$("$H" party show "Phu Yen" --db "$db" --json | j 'd["id"], d["in_registry"], d["status"], d["succession"]["id"]')" "('VN-PYN', False, None, 'VN-DLK')"
expect_match "and its successor counts it as a predecessor" "$("$H" party show "Đắk Lắk" --db "$db")" "Phú Yên \(VN-PYN\) merged into Đắk Lắk on 2025-07-01"
err=$("$H" party show "Atlantis" --db "$db" 2>&1); st=$?
expect_status "an unknown party exits 1" 1 "$st"
expect_match "and is named" "$err" "no party 'Atlantis' in the registry or the gazetteer"
expect_eq "party list --json" "$("$H" party list --db "$db" --json | j 'sorted(r["id"] for r in d)[:3]')" "['LA', 'LA-AT', 'LA-XE']"

# ---- records entered by hand ----
out=$("$H" party add "name=Hội Hữu nghị Việt Nam – Lào tỉnh Kon Tum" kind=organisation parent="Kon Tum" --db "$db"); st=$?
expect_status "party add exits 0" 0 "$st"
org=$(printf %s "$out" | awk '{print $3}')
expect_match "it gets an id from its name" "$org" "^org-[0-9a-f]{16}$"
"$H" party add "name=Hội Hữu nghị Việt Nam – Lào tỉnh Kon Tum" kind=organisation parent=VN-KTM --db "$db" >/dev/null 2>&1
expect_status "adding it again exits 1" 1 $?
err=$("$H" party add name=Kontum kind=province --db "$db" 2>&1)
expect_match "a gazetteer party is not added twice" "$err" "in the gazetteer as VN-KTM"
out=$("$H" agreement add kind=twinning "parties=$org,Sê Kông" signed=2023-04-10 term=2023-2028 --db "$db" --json); st=$?
expect_status "agreement add --json exits 0" 0 "$st"
expect_eq "it is confirmed, by hand, with its parties" "$(printf %s "$out" | j 'd["status"], d["origin"], [p["id"] for p in d["parties"]], d["term"]')" \
    "('confirmed', 'manual', ['$org', 'LA-XE'], {'from': 2023, 'to': 2028})"
expect_match "Quảng Ngãi's history includes the association of Kon Tum" "$("$H" party show VN-QNG --db "$db")" "twinning .*\(as Hội Hữu nghị Việt Nam – Lào tỉnh Kon Tum\)"
err=$("$H" agreement add kind=mou parties=VN-KTM --db "$db" 2>&1); st=$?
expect_status "an agreement with one party exits 1" 1 "$st"
expect_match "and says why" "$err" "two or more"
"$H" agreement add --db "$db" >/dev/null 2>&1; expect_status "add without fields is a usage error" 2 $?
"$H" person add "name=Trần Thị Mai" party=VN-DLK --db "$db" >/dev/null; expect_status "person add exits 0" 0 $?
"$H" person add "name=Tran Thi Mai" --db "$db" >/dev/null 2>&1; expect_status "the same name without accents is the same person" 1 $?
"$H" activity add kind=visit date=2023-05-02 parties=VN-DLK,LA-XE "summary=Đoàn Sê Kông sang dự lễ hội cà phê" --db "$db" >/dev/null
expect_status "activity add exits 0" 0 $?
expect_eq "an agreement's standing (SOURCE_DATE_EPOCH: 2023-11-14)" \
    "$("$H" agreement show agr-0000000000000001 --db "$db" --json | j 'd["agreement_status"]')" "in_force"
"$H" agreement add kind=cooperation_agreement "parties=Quảng Ngãi,Attapư" signed=2023-01-10 term=2023-2028 --db "$db" >/dev/null
expect_eq "a later agreement of the successor province supersedes Kon Tum's" \
    "$("$H" agreement list --db "$db" --json | j '[a["agreement_status"] for a in d if a["id"] == "agr-0000000000000002"]')" "['superseded']"
expect_match "the list says so too" "$("$H" agreement list --db "$db")" "agr-0000000000000002 .*\[superseded\]"
"$H" agreement frob --db "$db" >/dev/null 2>&1; expect_status "an unknown action is a usage error" 2 $?

# ---- documents ----
doc=$(sqlite3 "$db" "SELECT id FROM documents WHERE source LIKE '%r04_%'")
other=$(sqlite3 "$db" "SELECT id FROM documents WHERE source LIKE '%r01_%'")
"$H" document edit "$doc" "title=Đoàn Sê Kông làm việc tại Đắk Lắk" --db "$db" >/dev/null
expect_eq "document edit" "$("$H" document show "$doc" --db "$db" --json | j 'd["title"], d["history"][0]["action"]')" "('Đoàn Sê Kông làm việc tại Đắk Lắk', 'edit')"
"$H" document merge "$other" "$doc" --db "$db" >/dev/null
expect_eq "document merge: one cluster" "$(sqlite3 "$db" "SELECT count(DISTINCT cluster) FROM documents WHERE id IN ('$doc', '$other')")" "1"
"$H" document delete "$doc" --db "$db" >/dev/null
expect_eq "a deleted document leaves the list" "$("$H" document list --db "$db" --json | j 'len(d)')" "3"
expect_eq "--all shows it" "$("$H" document list --db "$db" --all --json | j 'sum(x["deleted"] for x in d)')" "1"
"$H" ingest --db "$db" "$ART" >/dev/null
expect_eq "ingesting it again does not bring it back" "$(sqlite3 "$db" "SELECT deleted FROM documents WHERE id = '$doc'")" "1"
"$H" document edit "$doc" title=x --db "$db" >/dev/null 2>&1; expect_status "editing a deleted document exits 1" 1 $?
"$H" document edit "$other" colour=red --db "$db" >/dev/null 2>&1; expect_status "an unknown document field exits 1" 1 $?
if [ -f "$ROOT/build/hoptac_fts.so" ]; then
    n=$(sqlite3 "$db" -cmd ".load $ROOT/build/hoptac_fts.so" "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'krong pac'")
    expect_eq "a deleted document leaves the full-text index" "$n" "0"
    r=$(sqlite3 "$db" -cmd ".load $ROOT/build/hoptac_fts.so" "INSERT INTO doc_fts(doc_fts) VALUES('integrity-check'); SELECT 'ok'" 2>&1)
    expect_eq "the index agrees with its documents" "$r" "ok"
fi

# ---- review on a terminal ----
if command -v script >/dev/null; then
    db2="$TMP/walk.db"
    "$H" import --db "$db2" "$TMP/fixture.json" >/dev/null
    out=$(printf 'c\nr\ne\nplace=Pleiku\n\nx\ns\nq\n' | script -qec "'$H' review --db '$db2'" /dev/null | tr -d '\r')
    expect_match "the walk shows a record with its evidence" "$out" "\"đã ký thỏa thuận hợp tác giai đoạn 2021 - 2025\""
    expect_match "and asks" "$out" "\[c\]onfirm \[r\]eject \[e\]dit \[s\]kip \[q\]uit\?"
    expect_match "it says what was done" "$out" "1 confirmed, 1 rejected, 1 edited, 1 skipped; the rest is still waiting"
    expect_match "a wrong answer is asked again" "$out" "answer c, r, e, s or q"
    expect_eq "the answers are applied in queue order" \
        "$(sqlite3 "$db2" "SELECT group_concat(status, ',') FROM (SELECT status FROM agreements UNION ALL SELECT status || ':' || coalesce(place, '') FROM activities WHERE id = 'act-0000000000000001')")" \
        "confirmed,rejected,confirmed:Pleiku"
else
    skip "review on a terminal" "no script(1) to make a terminal"
fi

# ---- --json everywhere, and exit statuses ----
for c in party person agreement activity; do
    out=$("$H" "$c" list --db "$db" --json); st=$?
    expect_status "$c list --json exits 0" 0 "$st"
    expect_eq "$c list --json is an array of records with sources" "$(printf %s "$out" | j 'all("sources" in r and "status" in r for r in d)')" "True"
done
"$H" party show --db "$db" >/dev/null 2>&1; expect_status "show without a record is a usage error" 2 $?
"$H" party list --db "$TMP/none.db" >/dev/null 2>&1; expect_status "a missing database exits 1" 1 $?
"$H" party list --frob --db "$db" >/dev/null 2>&1; expect_status "an unknown option is a usage error" 2 $?
done_testing
