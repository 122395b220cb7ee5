#!/usr/bin/env bash
# hoptac serve and hoptac user through the binary: options, the JSON API (reading,
# writing, errors), the pages, and a clean stop on SIGTERM and SIGINT.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/serve-env.sh"

DB="$TMP/reg.db"
"$H" init --db "$DB" >/dev/null
"$H" ingest --db "$DB" "$ROOT/examples" >/dev/null 2>&1

# ---- options ----
out=$("$H" serve --help); expect_status "serve --help exits 0" 0 $?
expect_match "serve --help names --listen" "$out" "--listen ADDRESS:PORT"
"$H" serve --frobnicate >/dev/null 2>&1; expect_status "unknown option is a usage error" 2 $?
err=$("$H" serve --db "$DB" --listen 0.0.0.0:0 2>&1); st=$?
expect_status "a non-loopback address without --public is refused" 1 "$st"
expect_match "the refusal names --public" "$err" "--public"
err=$("$H" serve --db "$TMP/none.db" --listen 127.0.0.1:0 2>&1); st=$?
expect_status "a missing registry is an error" 1 "$st"
expect_match "the error says to run init" "$err" "hoptac init"

# ---- users ----
echo 'correct horse' | "$H" user add alice --db "$DB" >/dev/null; expect_status "user add" 0 $?
echo 'correct horse' | "$H" user add alice --db "$DB" >/dev/null 2>&1
expect_status "user add of a taken name fails" 1 $?
err=$(echo 'short' | "$H" user add bob --db "$DB" 2>&1); st=$?
expect_status "a short password is refused" 1 "$st"
expect_match "the refusal says why" "$err" "at least 8"
"$H" user add 'bad name' --db "$DB" </dev/null >/dev/null 2>&1; expect_status "a bad user name is refused" 1 $?
echo 'another pass' | "$H" user add carol --db "$DB" >/dev/null
out=$("$H" user list --db "$DB")
expect_match "user list shows alice" "$out" "^alice "
out=$("$H" user list --json --db "$DB")
expect_match "user list --json" "$out" '"name":"carol"'
expect_nomatch "user list shows no password hash" "$out" 'argon2'
hash=$(sqlite3 "$DB" "SELECT hash FROM users WHERE name = 'alice'")
expect_match "passwords are stored as Argon2id hashes" "$hash" '^\$argon2id\$'
"$H" user delete carol --db "$DB" >/dev/null; expect_status "user delete" 0 $?
"$H" user delete carol --db "$DB" >/dev/null 2>&1; expect_status "deleting a missing user fails" 1 $?

# ---- the server ----
if ! serve_start "$DB"; then
    not_ok "the server starts" "$(cat "$SERVE_LOG")"
    done_testing
    exit 1
fi
ok "the server starts and logs its address"
expect_match "the log names the registry" "$(head -1 "$SERVE_LOG")" "registry $DB"

out=$(curl -s "$BASE/api")
expect_match "GET /api lists the endpoints" "$out" '"GET /api/search'
out=$(curl -s "$BASE/api/documents")
n=$(printf '%s' "$out" | python3 -c 'import sys,json; print(len(json.load(sys.stdin)))')
expect_eq "GET /api/documents lists the sample articles" "$n" "$(ls "$ROOT/examples" | wc -l)"
doc=$(printf '%s' "$out" | python3 -c 'import sys,json; d=[x for x in json.load(sys.stdin) if x["title"] and "Savannakhet" in x["title"]]; print(d[0]["id"])')
out=$(curl -s "$BASE/api/documents/$doc")
expect_match "a document has its original text" "$out" '"original":"Quảng Trị và Savannakhet'
out=$(curl -s "$BASE/api/search?q=savannakhet")
expect_match "search finds the document" "$out" "\"id\":\"$doc\""
out=$(curl -s "$BASE/api/search?q=quang%20tri")
expect_match "search is accent-insensitive" "$out" "\"id\":\"$doc\""
expect_match "search snippets carry marks" "$out" '"marks":\[\{"start":[0-9]+'
expect_eq "search without q is 400" "$(status GET "$BASE/api/search")" 400
expect_eq "a bad search option is 400" "$(status GET "$BASE/api/search?q=a&kind=nonsense")" 400
out=$(curl -s "$BASE/api/search?q=a&from=2018-13-99")
expect_match "a bad date names the option" "$out" '"message":"from:'
expect_eq "an unknown record is 404" "$(status GET "$BASE/api/agreements/agr-0000000000000000")" 404
out=$(curl -s "$BASE/api/agreements/agr-0000000000000000")
expect_match "errors are JSON with their status" "$out" '^\{"error":\{"status":404,"message":'
expect_eq "an unknown endpoint is 404" "$(status GET "$BASE/api/nothing")" 404
expect_eq "an unsupported method is 405" "$(status OPTIONS "$BASE/api/search?q=a")" 405

# ---- writing ----
jar="$TMP/jar"
expect_eq "a write without sign-in is 401" \
    "$(status POST "$BASE/api/agreements" -H 'Content-Type: application/json' --data '{"kind":"mou"}')" 401
csrf=$(signin "$jar" alice 'wrong password')
expect_eq "a wrong password gives no session" "$csrf" ""
csrf=$(signin "$jar" alice 'correct horse')
expect_match "sign-in gives a CSRF token" "$csrf" '^[A-Za-z0-9_-]{43}$'
expect_match "the session cookie is HttpOnly" "$(grep hoptac_session "$jar")" '^#HttpOnly_'
user=$(curl -s -b "$jar" "$BASE/api/session" | json_get user)
expect_eq "the session names the user" "$user" alice
hdr=$(curl -s -D - -o /dev/null -b "$jar" -c "$jar.2" -H "X-CSRF-Token: $(curl -s -b "$jar" "$BASE/api/session" | json_get csrf)" -H 'Content-Type: application/json' --data '{"name":"alice","password":"correct horse"}' "$BASE/api/session")
expect_match "the cookie is SameSite=Strict and HttpOnly" "$hdr" 'hoptac_session=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict'
csrf=$(curl -s -b "$jar.2" "$BASE/api/session" | json_get csrf)
cp "$jar.2" "$jar"

W=(-b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json')
body='{"kind":"cooperation_agreement","title":"Thỏa thuận hợp tác giai đoạn 2018–2023","parties":["Đắk Lắk","Sê Kông"],"signed":"2018-06-21","place":"Buôn Ma Thuột","term":{"from":2018,"to":2023},"fields":["culture","education"],"tasks_declared":9,"tasks":["Trao đổi thông tin","Giao lưu văn hóa","Đào tạo cán bộ","Hỗ trợ học sinh","Đón tết cổ truyền"]}'
out=$(curl -s -w '\n%{http_code}' "${W[@]}" --data "$body" "$BASE/api/agreements")
expect_eq "adding an agreement is 201" "$(printf '%s' "$out" | tail -1)" 201
agr=$(printf '%s' "$out" | head -1 | json_get id)
expect_match "the new agreement has an id" "$agr" '^agr-[0-9a-f]{16}$'
out=$(curl -s "$BASE/api/agreements/$agr")
expect_match "the agreement is confirmed and manual" "$out" '"status":"confirmed","origin":"manual"'
n=$(printf '%s' "$out" | python3 -c 'import sys,json; print(len(json.load(sys.stdin)["tasks"]))')
expect_eq "the agreement has its 5 tasks" "$n" 5
expect_match "its parties are resolved to the gazetteer" "$out" '\{"id":"VN-DLK","name":"Đắk Lắk"\}'
expect_eq "the API gives what 'agreement show --json' gives" "$out" "$("$H" agreement show --json "$agr" --db "$DB")"
expect_eq "the same agreement twice is 409" "$(status POST "$BASE/api/agreements" "${W[@]}" --data "$body")" 409
expect_eq "a bad kind is 400" "$(status POST "$BASE/api/agreements" "${W[@]}" --data '{"kind":"treaty"}')" 400
expect_eq "a bad date is 400" "$(status POST "$BASE/api/agreements" "${W[@]}" --data '{"kind":"mou","signed":"2018-02-30"}')" 400
expect_eq "malformed JSON is 400" "$(status POST "$BASE/api/agreements" "${W[@]}" --data '{"kind":')" 400
out=$(curl -s "$BASE/api/parties/VN-DLK/timeline")
expect_match "the party's timeline holds the agreement" "$out" "\"id\":\"$agr\""
out=$(curl -s "$BASE/api/timeline?party=VN-DLK&with=LA-XE")
expect_match "the pair timeline holds the agreement" "$out" "\"id\":\"$agr\""
out=$(curl -s "$BASE/api/timeline?party=VN-DLK&with=CN")
expect_nomatch "a pair timeline keeps to the pair" "$out" "\"id\":\"$agr\""
out=$(curl -s "$BASE/api/search?q=dak%20lak&kind=agreement")
expect_match "search finds the agreement by its party" "$out" "\"id\":\"$agr\""

# ---- review ----
queue=$(curl -s "$BASE/api/review")
expect_eq "the review queue is what 'review list --json' gives" "$queue" "$("$H" review list --json --db "$DB")"
ids=($(printf '%s' "$queue" | python3 -c 'import sys,json; print(" ".join(r["id"] for r in json.load(sys.stdin)))'))
expect_match "the queue holds proposed records" "${#ids[@]}" '^[1-9]'
r1=${ids[0]} r2=${ids[1]} r3=${ids[2]}
out=$(curl -s "${W[@]}" --data '{"action":"confirm"}' "$BASE/api/review/$r1")
expect_match "confirming a proposed record" "$out" '"status":"confirmed"'
expect_nomatch "the queue no longer holds it" "$(curl -s "$BASE/api/review")" "\"id\":\"$r1\""
out=$(curl -s "${W[@]}" --data '{"action":"reject"}' "$BASE/api/review/$r2")
expect_match "rejecting a proposed record" "$out" '"status":"rejected"'
k3=$(case $r3 in agr-*) echo agreements;; act-*) echo activities;; per-*) echo people;; *) echo parties;; esac)
f3=$(case $r3 in agr-*|act-*) echo '{"place":"Viêng Chăn"}';; per-*) echo '{"aliases":["Bí danh thử"]}';; *) echo '{"name_en":"Test name"}';; esac)
out=$(curl -s "${W[@]}" --data "{\"action\":\"edit\",\"fields\":$f3}" "$BASE/api/review/$r3")
expect_match "editing a proposed record confirms it" "$out" '"status":"confirmed"'
expect_match "the edit is kept" "$(curl -s "$BASE/api/$k3/$r3")" 'Viêng Chăn|Bí danh thử|Test name'
expect_eq "a bad review action is 400" "$(status POST "$BASE/api/review/$agr" "${W[@]}" --data '{"action":"maybe"}')" 400
expect_eq "reviewing an unknown record is 404" "$(status POST "$BASE/api/review/agr-0000000000000000" "${W[@]}" --data '{"action":"confirm"}')" 404
rest=$(python3 -c 'import sys, json; print(json.dumps(sys.argv[1:]))' "${ids[@]:3:2}")
out=$(curl -s "${W[@]}" --data "{\"action\":\"confirm\",\"ids\":$rest}" "$BASE/api/review")
expect_match "confirming several records at once" "$out" '"confirmed":2'
expect_eq "an unknown id in a batch changes nothing (404)" \
    "$(status POST "$BASE/api/review" "${W[@]}" --data "{\"action\":\"reject\",\"ids\":[\"${ids[5]}\",\"act-0000000000000000\"]}")" 404
expect_match "the batch left the first one proposed" "$(curl -s "$BASE/api/review")" "\"id\":\"${ids[5]}\""

out=$(curl -s -X PATCH "${W[@]}" --data '{"place":"thành phố Buôn Ma Thuột"}' "$BASE/api/agreements/$agr")
expect_match "a correction is saved" "$out" '"place":"thành phố Buôn Ma Thuột"'
expect_match "a correction keeps the rest" "$out" '"signed":"2018-06-21"'
expect_eq "an unknown field is 400" "$(status PATCH "$BASE/api/agreements/$agr" "${W[@]}" --data '{"colour":"red"}')" 400
hist=$(sqlite3 "$DB" "SELECT group_concat(action || ':' || user, ' ') FROM (SELECT * FROM history WHERE record = '$agr' ORDER BY at, action)")
expect_match "history keeps who did what" "$hist" "add:alice"
expect_match "history keeps the correction" "$hist" "edit:alice"

# ---- records: lists, names, add, merge, delete, link (the functions of party, person,
# agreement and activity) ----
expect_eq "GET /api/agreements is 'agreement list --json'" "$(curl -s "$BASE/api/agreements")" "$("$H" agreement list --json --db "$DB")"
expect_eq "GET /api/parties?status=confirmed is 'party list --status confirmed --json'" \
    "$(curl -s "$BASE/api/parties?status=confirmed")" "$("$H" party list --status confirmed --json --db "$DB")"
expect_eq "a bad status filter is 400" "$(status GET "$BASE/api/parties?status=maybe")" 400
expect_eq "a party is found by its name, without accents" "$(curl -s "$BASE/api/parties/dak%20lak" | json_get id)" VN-DLK
expect_eq "a person list is JSON" "$(curl -s "$BASE/api/people" | head -c 1)" '['
p1=$(curl -s "${W[@]}" --data '{"name":"Hội Hữu nghị Thử nghiệm","kind":"organisation","country":"VN","parent":"VN-DLK"}' "$BASE/api/parties" | json_get id)
expect_match "adding a party" "$p1" '^org-'
expect_eq "the same party twice is 409" "$(status POST "$BASE/api/parties" "${W[@]}" --data '{"name":"Hội Hữu nghị Thử nghiệm","kind":"organisation","country":"VN","parent":"VN-DLK"}')" 409
p2=$(curl -s "${W[@]}" --data '{"name":"Hội HN Thử nghiệm","kind":"organisation","country":"VN"}' "$BASE/api/parties" | json_get id)
out=$(curl -s "${W[@]}" --data "{\"from\":\"$p2\"}" "$BASE/api/parties/$p1/merge")
expect_match "merging two parties keeps the other name as an alias" "$out" '"Hội HN Thử nghiệm"'
expect_match "the merged one points at the survivor" "$(curl -s "$BASE/api/parties?all=1")" "\"id\":\"$p2\"[^}]*\"status\":\"deleted\",[^}]*\"merged_into\":\"$p1\""
expect_match "a party page names its parent" "$(curl -s "$BASE/party/$p1")" '<dt>Thuộc</dt><dd><a href="/party/VN-DLK">Đắk Lắk</a>'
expect_eq "merge without from is 400" "$(status POST "$BASE/api/parties/$p1/merge" "${W[@]}" --data '{}')" 400
expect_eq "merging an unknown record is 404" "$(status POST "$BASE/api/parties/$p1/merge" "${W[@]}" --data '{"from":"org-0000000000000000"}')" 404
per=$(curl -s "${W[@]}" --data '{"name":"Nguyễn Văn Thử","party":"VN-DLK"}' "$BASE/api/people" | json_get id)
expect_match "adding a person" "$per" '^per-'
out=$(curl -s -X DELETE "${W[@]}" "$BASE/api/people/$per")
expect_match "deleting a person" "$out" "\"deleted\":\"$per\""
expect_match "a deleted record stays, with status deleted" "$(curl -s "$BASE/api/people/$per")" '"status":"deleted"'
expect_nomatch "and leaves the list" "$(curl -s "$BASE/api/people")" "\"id\":\"$per\""
expect_eq "deleting an unknown record is 404" "$(status DELETE "$BASE/api/people/per-0000000000000000" "${W[@]}")" 404
act=$(curl -s "${W[@]}" --data '{"kind":"exchange","date":"2019-03-02","place":"Buôn Ma Thuột","parties":["Đắk Lắk","Sê Kông"],"fields":["culture"]}' "$BASE/api/activities" | json_get id)
expect_match "adding an activity" "$act" '^act-'
out=$(curl -s "${W[@]}" --data "{\"agreement\":\"$agr\",\"tasks\":[2]}" "$BASE/api/activities/$act/link")
expect_match "linking it to task 2 of the agreement" "$out" "\"agreement\":\"$agr\",\"tasks\":\\[2\\]"
expect_match "the activity page names the agreement it carries out" "$(curl -s "$BASE/activity/$act")" "href=\"/agreement/$agr\">[^<]*giai đoạn 2018–2023</a>, nhiệm vụ 2"
expect_eq "a bad task number is 400" "$(status POST "$BASE/api/activities/$act/link" "${W[@]}" --data "{\"agreement\":\"$agr\",\"tasks\":[0]}")" 400
expect_eq "a write to an unknown kind is 405" "$(status POST "$BASE/api/nothing" "${W[@]}" --data '{}')" 405

# ---- documents ----
docs=($(curl -s "$BASE/api/documents" | python3 -c 'import sys,json; print(" ".join(d["id"] for d in json.load(sys.stdin) if "Savannakhet" not in (d["title"] or "")))'))
d1=${docs[0]} d2=${docs[1]}
out=$(curl -s -X PATCH "${W[@]}" --data '{"title":"Tiêu đề đã sửa"}' "$BASE/api/documents/$d1")
expect_match "correcting a document's title" "$out" '"title":"Tiêu đề đã sửa"'
expect_eq "a document's unknown field is 400" "$(status PATCH "$BASE/api/documents/$d1" "${W[@]}" --data '{"colour":"red"}')" 400
expect_eq "merging documents" "$(status POST "$BASE/api/documents/$d1/merge" "${W[@]}" --data "{\"from\":\"$d2\"}")" 200
expect_eq "deleting a document" "$(status DELETE "$BASE/api/documents/$d2" "${W[@]}")" 200
expect_nomatch "a deleted document leaves the list" "$(curl -s "$BASE/api/documents")" "\"id\":\"$d2\""
expect_match "and stays in the full list" "$(curl -s "$BASE/api/documents?all=1")" "\"id\":\"$d2\""

# ---- timelines and reports (the functions of timeline and report) ----
expect_eq "the party timeline is 'timeline --json'" "$(curl -s "$BASE/api/parties/VN-DLK/timeline")" "$("$H" timeline VN-DLK --json --db "$DB")"
expect_eq "the pair timeline is 'timeline A B --json'" "$(curl -s "$BASE/api/timeline/VN-DLK/LA-XE")" "$("$H" timeline VN-DLK LA-XE --json --db "$DB")"
out=$(curl -s -D - "$BASE/api/timeline?party=dak+lak&format=csv")
expect_match "a timeline as CSV" "$out" 'Content-Type: text/csv'
expect_eq "a bad format is 400" "$(status GET "$BASE/api/timeline?party=VN-DLK&format=pdf")" 400
expect_eq "an unknown party is 404" "$(status GET "$BASE/api/timeline?party=khong+co+dau")" 404
expect_eq "the agreements report is 'report agreements --json'" \
    "$(curl -s "$BASE/api/reports/agreements?as_of=2024-01-01")" "$("$H" report agreements --as-of 2024-01-01 --json --db "$DB")"
out=$(curl -s "$BASE/api/reports/agreements?as_of=2022-01-01&status=in_force")
expect_match "agreements in force at a date" "$out" "\"id\":\"$agr\""
expect_nomatch "only those" "$out" '"status":"(expired|unknown)"'
expect_eq "a bad status is 400" "$(status GET "$BASE/api/reports/agreements?status=valid")" 400
out=$(curl -s "$BASE/api/reports/implementation/$agr")
expect_eq "the implementation report is 'report implementation --json'" "$out" "$("$H" report implementation "$agr" --json --db "$DB")"
expect_match "it puts the linked activity on task 2" "$out" "\"task\":2,[^}]*\"activity_id\":\"$act\""
expect_eq "implementation without an agreement is 400" "$(status GET "$BASE/api/reports/implementation")" 400
out=$(curl -s "$BASE/api/reports/anniversaries?from=2023-01-01&to=2023-12-31")
expect_match "anniversaries: 5 years since the signing" "$out" '"date":"2023-06-21"'
expect_match "anniversaries as iCalendar" "$(curl -s -D - "$BASE/api/reports/anniversaries?from=2023-01-01&to=2023-12-31&format=ics")" 'text/calendar.*|BEGIN:VCALENDAR'
expect_match "events as GDELT-style rows" "$(curl -s "$BASE/api/reports/events" | head -1)" '^GlobalEventID	SQLDATE	'
expect_eq "an unknown report is 404" "$(status GET "$BASE/api/reports/nothing")" 404

# ---- export ----
curl -s "$BASE/api/export" >"$TMP/api.json"
"$H" export --db "$DB" >"$TMP/cli.json"
expect_eq "GET /api/export gives the bytes of 'hoptac export'" "$(cmp "$TMP/api.json" "$TMP/cli.json" && echo same)" same
expect_match "the export is the whole registry" "$(head -c 40 "$TMP/api.json")" '"hoptac_export": ?1'

# ---- pages ----
page=$(curl -s "$BASE/agreement/$agr")
expect_match "the agreement page is in Vietnamese" "$page" '<html lang="vi">'
expect_match "dates are shown as in Vietnam, ISO in the markup" "$page" '<time datetime="2018-06-21">21/06/2018</time>'
n=$(printf '%s' "$page" | grep -o '<li class="task">' | wc -l)
expect_eq "the agreement page lists its 5 tasks" "$n" 5
expect_match "the page links its parties" "$page" 'href="/party/VN-DLK"'
page=$(curl -s "$BASE/search?q=dak+lak")
expect_match "the search page highlights matches" "$page" '<mark>Đắk</mark>'
page=$(curl -s "$BASE/document/$doc")
expect_match "the document page shows the text" "$page" 'Savannakhet'
page=$(curl -s "$BASE/party/VN-DLK")
expect_match "the party page shows the timeline" "$page" "href=\"/agreement/$agr\""
page=$(curl -s "$BASE/party/dak%20lak")
expect_match "a party page asked by name, without accents" "$page" '<h1>Đắk Lắk</h1>'
loc=$(curl -s -D - -o /dev/null "$BASE/pair?a=VN-DLK&b=se+kong" | tr -d '\r' | sed -n 's/^Location: //p')
expect_eq "the pair form takes names" "$loc" "/pair/VN-DLK/se%20kong"
expect_match "the pair page finds the partner by name" "$(curl -s "$BASE$loc")" '<h1><a href="/party/VN-DLK">Đắk Lắk</a> – <a href="/party/LA-XE">Sê Kông</a></h1>'
expect_match "the pair page shows the agreement" "$(curl -s "$BASE$loc")" "href=\"/agreement/$agr\""
page=$(curl -s "$BASE/party/VN-KTM")
expect_match "a former province names its successor" "$page" 'class="successor"><a href="/party/VN-QNG"'
for p in / /review /documents /agreements /activities /parties /people /signin /new/agreement "/pair/VN-DLK/LA-XE"; do
    expect_eq "page $p answers 200" "$(status GET "$BASE$p")" 200
done
expect_eq "an unknown page is 404" "$(status GET "$BASE/nowhere")" 404
expect_eq "a static asset is served" "$(status GET "$BASE/static/style.css")" 200
page=$(curl -s -b "$jar" "$BASE/review")
expect_match "forms carry the CSRF token" "$(curl -s -b "$jar" "$BASE/agreement/$agr")" "name=\"csrf\" value=\"$csrf\""

# ---- answers follow the registry, whoever writes to it ----
before=$(curl -s "$BASE/api/documents"; curl -s "$BASE/api/documents")
printf 'Tỉnh Hòa Bình đón đoàn khách quốc tế\nNgày 5/6/2024, tỉnh Hòa Bình đón một đoàn khách.\n' >"$TMP/new.txt"
"$H" ingest --db "$DB" "$TMP/new.txt" >/dev/null 2>&1
after=$(curl -s "$BASE/api/documents")
expect_nomatch "the document was not there before" "$before" 'Hòa Bình đón đoàn'
expect_match "a document ingested by another process shows at once" "$after" 'Hòa Bình đón đoàn'
expect_match "and is found by search" "$(curl -s "$BASE/api/search?q=hoa+binh")" '"type":"document"'

# ---- where a record was reported: an article's http(s) address is a link that opens
# it; an address of another scheme (it comes from an ingested page) is only text ----
printf '%s\n' '{"id":"u1","title":"Tỉnh Lai Châu đón đoàn tỉnh Phông-xa-lỳ","text":"Ngày 9/6/2024, tỉnh Lai Châu đón đoàn công tác tỉnh Phông-xa-lỳ (Lào) sang thăm và làm việc.","url":"https://tin.example.org/lai-chau/don-doan.html"}' \
    '{"id":"u2","title":"Tỉnh Lai Châu làm việc với tỉnh Phông-xa-lỳ","text":"Ngày 12/6/2024, đoàn tỉnh Lai Châu đã thăm và làm việc tại tỉnh Phông-xa-lỳ (Lào) về thương mại biên giới.","url":"javascript:alert(1)"}' >"$TMP/urls.jsonl"
"$H" ingest --db "$DB" "$TMP/urls.jsonl" >/dev/null 2>&1
page=$(curl -s "$BASE/party/VN-LCU")
expect_match "a timeline row links its article" "$page" \
    '<a class="src" href="https://tin.example.org/lai-chau/don-doan.html" rel="noopener noreferrer nofollow">nguồn: don-doan.html</a>'
expect_match "an address of another scheme is shown as text" "$page" '<span class="src">nguồn: javascript:alert\(1\)</span>'
expect_nomatch "and never as a link" "$page" 'href="javascript:'
u1=$(curl -s "$BASE/api/documents" | python3 -c 'import sys,json; print([d["id"] for d in json.load(sys.stdin) if d["title"] == "Tỉnh Lai Châu đón đoàn tỉnh Phông-xa-lỳ"][0])')
expect_match "the document page links its address" "$(curl -s "$BASE/document/$u1")" \
    '<dt>Nguồn</dt><dd><a class="src" href="https://tin.example.org/lai-chau/don-doan.html"'

# ---- stopping ----
serve_stop TERM
expect_eq "SIGTERM stops the server with status 0" "$SERVE_STATUS" 0
expect_match "the log says it stopped" "$(tail -2 "$SERVE_LOG")" "stopped"
expect_match "the access log has the requests" "$(cat "$SERVE_LOG")" '"GET /api/agreements/agr-[0-9a-f]+" 200'
serve_start "$DB" && ok "the server starts again" || not_ok "the server starts again"
serve_stop INT
expect_eq "SIGINT stops the server with status 0" "$SERVE_STATUS" 0
serve_start "$DB" --listen 0.0.0.0:0 --public --threads 2 && ok "--public allows any address" || not_ok "--public allows any address" "$(cat "$SERVE_LOG")"
expect_match "--public is said in the log" "$(cat "$SERVE_LOG")" "--public: 0.0.0.0 is not a loopback address"
serve_stop TERM
done_testing
