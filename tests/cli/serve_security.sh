#!/usr/bin/env bash
# Security of hoptac serve: escaping of scraped titles and names in every page, CSRF,
# session fixation, rate-limited sign-in, path traversal on static assets, oversized
# headers and bodies, SQL/FTS injection through search, writes without sign-in.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/serve-env.sh"

DB="$TMP/reg.db"
"$H" init --db "$DB" >/dev/null
mkdir -p "$TMP/in"
# Pages as a hostile site could serve them: markup in the title and the text.
cat >"$TMP/in/xss.txt" <<'EOF'
Đắk Lắk <script>alert("tieu-de")</script> <img src=x onerror=alert(1)> hợp tác
Ngày 3/5/2024, đoàn công tác tỉnh Đắk Lắk "><script>alert('than-bai')</script> làm việc với tỉnh Sê Kông.
Hai bên trao đổi về giáo dục & y tế <b>đậm</b>.
EOF
cat >"$TMP/in/xss.html" <<'EOF'
<!doctype html><html><head><title>&lt;script&gt;alert(&quot;html-title&quot;)&lt;/script&gt; Sê Kông</title></head>
<body><h1>&lt;svg onload=alert(2)&gt; Sê Kông và Đắk Lắk</h1><p>Tỉnh Sê Kông tiếp đoàn tỉnh Đắk Lắk &lt;iframe src=javascript:alert(3)&gt;.</p></body></html>
EOF
"$H" ingest --db "$DB" "$TMP/in" >/dev/null 2>&1
echo 'a long enough password' | "$H" user add editor --db "$DB" >/dev/null
echo 'a long enough password' | "$H" user add target --db "$DB" >/dev/null

if ! serve_start "$DB" --max-body 65536; then
    not_ok "the server starts" "$(cat "$SERVE_LOG")"
    done_testing
    exit 1
fi

jar="$TMP/jar"
csrf=$(signin "$jar" editor 'a long enough password')
W=(-b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json')
pty=$(curl -s "${W[@]}" --data '{"name":"<script>alert(5)</script>","kind":"organisation"}' "$BASE/api/parties" | json_get id)
expect_match "a party with markup in its name is stored" "$pty" '^org-'
agr=$(curl -s "${W[@]}" --data '{"kind":"mou","title":"<img src=x onerror=alert(4)> \"q\" & '"'"'s'"'"'","parties":["Đắk Lắk","<script>alert(5)</script>"],"place":"<b>nơi</b>","tasks":["<script>alert(6)</script>"]}' "$BASE/api/agreements" | json_get id)
expect_match "a record with markup in its fields is stored" "$agr" '^agr-'

# ---- escaping ----
docs=$(sqlite3 "$DB" "SELECT id FROM documents ORDER BY id")
pages=(/ /documents /agreements /review /parties "/search?q=script" "/search?q=s%C3%AA+k%C3%B4ng"
       "/search?q=alert" "/agreement/$agr" "/edit/$agr" "/party/VN-DLK" "/party/$pty" /people /activities "/pair/VN-DLK/LA-XE")
for d in $docs; do pages+=("/document/$d"); done
bad=""
for p in "${pages[@]}"; do
    html=$(curl -s -b "$jar" "$BASE$p")
    if printf '%s' "$html" | grep -qiE '<script>alert|<img src=x|<svg onload|<iframe|<b>(đậm|nơi)</b>|onerror=alert\(4\)>'; then
        bad+=" $p"
    fi
done
expect_eq "no page lets scraped or entered markup through" "$bad" ""
html=$(curl -s "$BASE/documents")
expect_match "a scraped title is shown escaped" "$html" '&lt;script&gt;alert\(&quot;tieu-de&quot;\)&lt;/script&gt;'
html=$(curl -s "$BASE/agreement/$agr")
expect_match "an entered title is shown escaped" "$html" '&lt;img src=x onerror=alert\(4\)&gt; &quot;q&quot; &amp; &#39;s&#39;'
expect_match "pages forbid inline scripts (CSP)" "$(curl -s -D - -o /dev/null "$BASE/")" "Content-Security-Policy: default-src 'self';.*script-src 'self'"
out=$(curl -s "$BASE/search?q=%3Cscript%3Ealert(7)%3C/script%3E")
expect_nomatch "the query is escaped when shown again" "$out" '<script>alert\(7\)'
expect_match "API answers are JSON, not HTML" "$(curl -s -D - -o /dev/null "$BASE/api/agreements/$agr")" 'Content-Type: application/json'

# ---- CSRF ----
expect_eq "a signed-in write without the CSRF token is 403" \
    "$(status POST "$BASE/api/review/$agr" -b "$jar" -H 'Content-Type: application/json' --data '{"action":"confirm"}')" 403
expect_eq "a signed-in write with a wrong token is 403" \
    "$(status POST "$BASE/api/review/$agr" -b "$jar" -H 'X-CSRF-Token: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' -H 'Content-Type: application/json' --data '{"action":"confirm"}')" 403
expect_eq "a form post without the token is 403" \
    "$(status POST "$BASE/review/$agr" -b "$jar" --data 'action=confirm&next=/review')" 403
expect_eq "a form post with the token is accepted" \
    "$(status POST "$BASE/review/$agr" -b "$jar" --data "action=confirm&next=/review&csrf=$csrf")" 303
expect_eq "an anonymous token does not allow writes" \
    "$(status POST "$BASE/api/review/$agr" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' --data '{"action":"reject"}')" 401
expect_eq "sign-in itself needs a CSRF token" \
    "$(status POST "$BASE/api/session" -H 'Content-Type: application/json' --data '{"name":"editor","password":"a long enough password"}')" 403
loc=$(curl -s -D - -o /dev/null -b "$jar" --data "action=confirm&next=//evil.example/&csrf=$csrf" "$BASE/review/$agr" | tr -d '\r' | sed -n 's/^Location: //p')
expect_match "a form's next page stays on this site" "$loc" '^/'

# ---- session fixation ----
fixed=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
fjar="$TMP/fjar"
printf '127.0.0.1\tFALSE\t/\tFALSE\t0\thoptac_session\t%s\n' "$fixed" >"$fjar"
sed -i "s|^127.0.0.1|${BASE#http://}|; s|:[0-9]*\t|\t|" "$fjar"
anon=$(curl -s -c "$fjar" -b "$fjar" "$BASE/api/session" | json_get csrf)
hdr=$(curl -s -D - -o /dev/null -c "$fjar" -b "$fjar" -H "X-CSRF-Token: $anon" -H 'Content-Type: application/json' --data '{"name":"editor","password":"a long enough password"}' "$BASE/api/session")
new=$(printf '%s' "$hdr" | sed -n 's/.*hoptac_session=\([0-9a-f]\{64\}\).*/\1/p' | head -1)
expect_match "sign-in sets a session cookie" "$new" '^[0-9a-f]{64}$'
[ "$new" != "$fixed" ] && ok "sign-in issues a new session id (no fixation)" || not_ok "sign-in issues a new session id (no fixation)"
u=$(curl -s -H "Cookie: hoptac_session=$fixed" "$BASE/api/session" | json_get user)
expect_eq "the planted id is not a session" "$u" ""

# ---- sign-out ----
sjar="$TMP/sjar"
scsrf=$(signin "$sjar" editor 'a long enough password')
expect_eq "sign-out" "$(status DELETE "$BASE/api/session" -b "$sjar" -H "X-CSRF-Token: $scsrf")" 200
old=$(grep hoptac_session "$jar.old" 2>/dev/null)
expect_eq "after sign-out the old cookie writes nothing" \
    "$(status POST "$BASE/api/review/$agr" -H "Cookie: hoptac_session=$(sed -n 's/.*hoptac_session\t\([0-9a-f]*\).*/\1/p' "$sjar" | head -1)" -H "X-CSRF-Token: $scsrf" -H 'Content-Type: application/json' --data '{"action":"reject"}')" 401

# ---- brute force ----
bjar="$TMP/bjar"
codes=""
for i in 1 2 3 4 5 6; do
    a=$(curl -s -c "$bjar" -b "$bjar" "$BASE/api/session" | json_get csrf)
    codes+="$(status POST "$BASE/api/session" -c "$bjar" -b "$bjar" -H "X-CSRF-Token: $a" -H 'Content-Type: application/json' --data '{"name":"target","password":"guess '"$i"'"}') "
done
expect_eq "five wrong passwords are 401, the sixth try is 429" "$codes" "401 401 401 401 401 429 "
a=$(curl -s -c "$bjar" -b "$bjar" "$BASE/api/session" | json_get csrf)
hdr=$(curl -s -D - -o /dev/null -c "$bjar" -b "$bjar" -H "X-CSRF-Token: $a" -H 'Content-Type: application/json' --data '{"name":"target","password":"a long enough password"}' "$BASE/api/session")
expect_match "even the right password waits (429)" "$hdr" '^HTTP/1.1 429'
expect_match "429 says when to retry" "$hdr" 'Retry-After: [0-9]+'
ok_user=$(signin "$TMP/ojar" editor 'a long enough password')
expect_match "another user can still sign in" "$ok_user" '^[A-Za-z0-9_-]{43}$'

# ---- path traversal ----
for p in '/static/../../etc/passwd' '/static/%2e%2e/%2e%2e/etc/passwd' '/static/..%2f..%2fetc%2fpasswd' \
         '/static/layout.html' '/static/' '/static/style.css/..' '/static/%00style.css' '/static/.%2e/reg.db'; do
    code=$(status GET "$BASE$p" --path-as-is)
    case $code in 400|404) ok "static $p is refused ($code)" ;; *) not_ok "static $p is refused" "status $code" ;; esac
done
out=$(curl -s --path-as-is "$BASE/static/..%2f..%2fetc%2fpasswd")
expect_nomatch "no file outside the assets is served" "$out" 'root:'

# ---- oversized requests ----
big=$(head -c 70000 /dev/zero | tr '\0' 'a')
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $big" "$BASE/api" 2>/dev/null)
case $code in 431|413|000) ok "oversized headers are refused ($code)" ;; *) not_ok "oversized headers are refused" "status $code" ;; esac
head -c 200000 /dev/zero | tr '\0' 'x' >"$TMP/big.json"
code=$(curl -s -o /dev/null -w '%{http_code}' "${W[@]}" --data-binary @"$TMP/big.json" "$BASE/api/agreements")
case $code in 413|000) ok "an oversized body is refused ($code)" ;; *) not_ok "an oversized body is refused" "status $code" ;; esac
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/search?q=$(head -c 9000 /dev/zero | tr '\0' 'a')")
case $code in 414|413|400|431|000) ok "an overlong target is refused ($code)" ;; *) not_ok "an overlong target is refused" "status $code" ;; esac
expect_eq "a malformed percent escape is 400" "$(status GET "$BASE/api/search?q=%zz")" 400
expect_eq "invalid UTF-8 in the query is 400" "$(status GET "$BASE/api/search?q=%C3%28")" 400

# ---- SQL and FTS injection ----
n0=$(sqlite3 "$DB" "SELECT count(*) FROM documents")
bad=""
for q in '" OR 1=1 --' "'; DROP TABLE documents; --" 'NEAR(dak lak)' 'title:x' '*' '"unterminated' \
         'a AND OR NOT b' '^dak' 'dak*' '(((' '{title body}: x' '-dak' '+' 'x" UNION SELECT hash FROM users --'; do
    enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$q")
    for path in "/api/search?q=$enc" "/search?q=$enc"; do
        code=$(status GET "$BASE$path")
        case $code in 200|400) ;; *) bad+=" [$q]$path=$code" ;; esac
    done
done
expect_eq "hostile queries give results or 400, never 500" "$bad" ""
expect_eq "the registry is intact after them" "$(sqlite3 "$DB" "SELECT count(*) FROM documents")" "$n0"
out=$(curl -s "$BASE/api/search?q=x%22%20UNION%20SELECT%20hash%20FROM%20users%20--")
expect_nomatch "no password hash leaks through search" "$out" 'argon2'

# ---- writes without sign-in ----
for spec in "POST /api/agreements" "PATCH /api/agreements/$agr" "POST /api/review/$agr" "POST /api/parties"; do
    set -- $spec
    expect_eq "$spec without sign-in is 401" "$(status "$1" "$BASE$2" -H 'Content-Type: application/json' --data '{}')" 401
done
expect_eq "a form write without sign-in is 401" "$(status POST "$BASE/new/agreement" --data 'kind=mou')" 401
serve_stop TERM
expect_eq "the server stops cleanly" "$SERVE_STATUS" 0

# ---- slow clients (slowloris): 60 connections that send half a request and stall,
# one that sends a header byte at a time; others are still answered, and the stalled
# ones are closed once idle for --timeout ----
if ! serve_start "$DB" --timeout 2; then
    not_ok "the server starts with --timeout" "$(cat "$SERVE_LOG")"
    done_testing
    exit 1
fi
out=$(python3 - "${BASE#http://}" 2 <<'PY'
import socket, sys, time, urllib.request
host, port = sys.argv[1].rsplit(":", 1)
port, timeout = int(port), float(sys.argv[2])
stalled = []
for i in range(60):
    s = socket.create_connection((host, port))
    s.sendall(b"GET /api/stats HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    stalled.append(s)
trickle = socket.create_connection((host, port))
trickle.sendall(b"GET /api/stats HTTP/1.1\r\nHost: x\r\nX-Trickle: ")
start = time.time()
answered = 0
for i in range(5):
    trickle.sendall(b"a")
    with urllib.request.urlopen("http://%s:%d/api/stats" % (host, port), timeout=10) as r:
        answered += r.status == 200
print("answered %d" % answered)
for s in stalled:
    s.settimeout(0.01)
open_ = set(range(len(stalled)))
deadline = start + timeout + 20  # generous: the machine may be busy
while time.time() < deadline and open_:
    for i in list(open_):
        try:
            if stalled[i].recv(4096) == b"":
                open_.discard(i)
        except socket.timeout:
            pass
        except OSError:
            open_.discard(i)
    time.sleep(0.2)
print("dropped %d" % (len(stalled) - len(open_)))
print("early %d" % (time.time() - start < timeout - 0.5))
PY
)
expect_match "slow clients: the others are answered meanwhile" "$out" 'answered 5'
expect_match "slow clients: every stalled connection is closed after the timeout" "$out" 'dropped 60'
expect_match "slow clients: not before the timeout" "$out" 'early 0'
expect_eq "slow clients: the server still answers" "$(status GET "$BASE/api/stats")" 200
serve_stop TERM
expect_eq "the server with slow clients stops cleanly" "$SERVE_STATUS" 0
# ---- --public: other machines must sign in to read; this machine still reads ----
ext=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+\.' | grep -v '^127\.' | head -1)
if [ -z "$ext" ]; then
    skip "--public: a client from another address must sign in" "no address other than loopback"
elif serve_start "$DB" --listen 0.0.0.0:0 --public; then
    port=${BASE##*:}
    loop=$BASE
    BASE="http://$ext:$port"
    expect_eq "--public: the API refuses an anonymous reader from $ext (401)" "$(status GET "$BASE/api/stats")" 401
    expect_eq "--public: a page sends an anonymous reader from $ext to sign in" \
        "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$BASE/agreements")" "303 $BASE/signin"
    expect_eq "--public: search is not open to $ext either" "$(status GET "$BASE/api/search?q=lak")" 401
    expect_eq "--public: loopback still reads" "$(status GET "$loop/api/stats")" 200
    pjar="$TMP/pjar"
    pcsrf=$(signin "$pjar" editor 'a long enough password')
    expect_match "--public: sign-in from $ext works" "$pcsrf" '^[A-Za-z0-9_-]{43}$'
    expect_eq "--public: signed in, $ext reads" "$(status GET "$BASE/api/stats" -b "$pjar")" 200
    BASE=$loop
    serve_stop TERM
else
    not_ok "the server starts with --public" "$(cat "$SERVE_LOG")"
fi
expect_eq "--timeout 0 is a usage error" "$("$H" serve --db "$DB" --timeout 0 >/dev/null 2>&1; echo $?)" 2
done_testing
