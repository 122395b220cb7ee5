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
expect_match "its parties are resolved to the gazetteer" "$out" '\{"name":"Đắk Lắk","id":"VN-DLK"\}'
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

out=$(curl -s "${W[@]}" --data '{"action":"propose"}' "$BASE/api/review/$agr")
expect_match "a record can be sent back to review" "$out" '"status":"proposed"'
out=$(curl -s "$BASE/api/review")
expect_match "the review queue holds it" "$out" "\"id\":\"$agr\""
out=$(curl -s "${W[@]}" --data '{"action":"confirm"}' "$BASE/api/review/$agr")
expect_match "confirming it" "$out" '"status":"confirmed"'
expect_nomatch "the queue no longer holds it" "$(curl -s "$BASE/api/review")" "\"id\":\"$agr\""
expect_eq "a bad review action is 400" "$(status POST "$BASE/api/review/$agr" "${W[@]}" --data '{"action":"maybe"}')" 400
out=$(curl -s -X PATCH "${W[@]}" --data '{"place":"thành phố Buôn Ma Thuột"}' "$BASE/api/agreements/$agr")
expect_match "a correction is saved" "$out" '"place":"thành phố Buôn Ma Thuột"'
expect_match "a correction keeps the rest" "$out" '"signed":"2018-06-21"'
expect_eq "an unknown field is 400" "$(status PATCH "$BASE/api/agreements/$agr" "${W[@]}" --data '{"colour":"red"}')" 400
hist=$(sqlite3 "$DB" "SELECT group_concat(action || ':' || user, ' ') FROM (SELECT * FROM history WHERE record = '$agr' ORDER BY at, action)")
expect_match "history keeps who did what" "$hist" "add:alice"
expect_match "history keeps the correction" "$hist" "edit:alice"

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
