#!/usr/bin/env bash
# The server under 8 readers and 2 writers through the API for a bounded number of
# requests: no failed request, no "database is locked" reaching a client, and a
# registry that holds exactly what the writers were told was written.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/serve-env.sh"

DB="$TMP/reg.db"
"$H" init --db "$DB" >/dev/null
"$H" ingest --db "$DB" "$ROOT/examples" >/dev/null 2>&1
echo 'writer password' | "$H" user add w1 --db "$DB" >/dev/null
echo 'writer password' | "$H" user add w2 --db "$DB" >/dev/null
if ! serve_start "$DB" --threads 4; then
    not_ok "the server starts" "$(cat "$SERVE_LOG")"
    done_testing
    exit 1
fi
ok "the server starts"

python3 - "$BASE" "$TMP/result.json" <<'EOF'
import http.client, json, sys, threading, time, urllib.parse

base, out = sys.argv[1], sys.argv[2]
host = urllib.parse.urlparse(base).netloc
READS, WRITES, DEADLINE = 60, 25, time.time() + 120  # per thread; the deadline is a guard
failures, locked, added, counts = [], [], [], {"reads": 0, "writes": 0}
lock = threading.Lock()

def conn():
    return http.client.HTTPConnection(host, timeout=60)

def request(c, method, path, body=None, headers=None):
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read().decode("utf-8", "replace")
    hdrs = r.getheaders()
    if "database is locked" in data or "is locked" in data:
        with lock:
            locked.append((method, path, r.status))
    return r.status, data, hdrs

def signin(name):
    c = conn()
    st, data, h = request(c, "GET", "/api/session")
    cookie = "; ".join(v.split(";")[0] for k, v in h if k.lower() == "set-cookie")
    token = json.loads(data)["csrf"]
    st, data, h = request(c, "POST", "/api/session",
                          json.dumps({"name": name, "password": "writer password"}),
                          {"Content-Type": "application/json", "X-CSRF-Token": token,
                           "Cookie": cookie})
    if st != 200:
        raise SystemExit("sign-in failed: %d %s" % (st, data))
    session = [v.split(";")[0] for k, v in h if k.lower() == "set-cookie"
               and v.startswith("hoptac_session=")][0]
    return c, session, json.loads(data)["csrf"]

def reader(i):
    c = conn()
    paths = ["/api/search?q=dak+lak", "/api/search?q=savannakhet&kind=document",
             "/api/agreements", "/api/review", "/api/parties/VN-DLK/timeline",
             "/search?q=l%C3%A0o+cai", "/review", "/agreements", "/party/VN-DLK", "/api/stats"]
    for n in range(READS):
        if time.time() > DEADLINE:
            break
        p = paths[(i + n) % len(paths)]
        try:
            st, data, _ = request(c, "GET", p)
        except Exception as e:
            st, data = -1, repr(e)
            c = conn()
        with lock:
            counts["reads"] += 1
            if st != 200:
                failures.append(("GET", p, st, data[:200]))

def writer(name):
    c, session, csrf = signin(name)
    h = {"Content-Type": "application/json", "X-CSRF-Token": csrf, "Cookie": session}
    for n in range(WRITES):
        if time.time() > DEADLINE:
            break
        body = json.dumps({"kind": "mou", "title": "Bản ghi nhớ %s số %d" % (name, n),
                           "parties": ["Đắk Lắk", "Sê Kông"], "signed": "2024-%02d-%02d" % (1 + int(name[1:]), n % 28 + 1),
                           "tasks": ["nhiệm vụ %d" % n]})
        st, data, _ = request(c, "POST", "/api/agreements", body, h)
        ok = st == 201
        if ok:
            aid = json.loads(data)["id"]
            for action in ("reject", "confirm"):
                st2, d2, _ = request(c, "POST", "/api/review/" + aid,
                                     json.dumps({"action": action}), h)
                ok = ok and st2 == 200
                if st2 != 200:
                    st, data = st2, d2
            st3, d3, _ = request(c, "PATCH", "/api/agreements/" + aid,
                                 json.dumps({"place": "Buôn Ma Thuột %d" % n}), h)
            ok = ok and st3 == 200
            if st3 != 200:
                st, data = st3, d3
        with lock:
            counts["writes"] += 1
            if ok:
                added.append(aid)
            else:
                failures.append(("write", name, st, data[:200]))

threads = [threading.Thread(target=reader, args=(i,)) for i in range(8)]
threads += [threading.Thread(target=writer, args=(w,)) for w in ("w1", "w2")]
for t in threads:
    t.start()
for t in threads:
    t.join()
json.dump({"failures": failures, "locked": locked, "added": added, "counts": counts},
          open(out, "w"), ensure_ascii=False)
EOF
st=$?
expect_status "the load ran to its end" 0 "$st"
get() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$TMP/result.json" "$1"; }
expect_eq "every request succeeded" "$(get 'len(r["failures"])')" 0
[ "$(get 'len(r["failures"])')" = 0 ] || get 'r["failures"][:5]'
expect_eq "no 'database is locked' reached a client" "$(get 'len(r["locked"])')" 0
expect_eq "the readers made all their requests" "$(get 'r["counts"]["reads"]')" 480
expect_eq "the writers made all their writes" "$(get 'len(r["added"])')" 50
serve_stop TERM
expect_eq "the server stops cleanly after the load" "$SERVE_STATUS" 0
expect_eq "the registry passes its integrity check" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok
n=$(sqlite3 "$DB" "SELECT count(*) FROM agreements WHERE origin = 'manual' AND status = 'confirmed' AND place LIKE 'Buôn Ma Thuột %'")
expect_eq "the registry holds every agreement written, confirmed and corrected" "$n" 50
n=$(sqlite3 "$DB" "SELECT count(*) FROM history")
expect_eq "history has one line per write (add, reject, confirm, edit)" "$n" 200
n=$(sqlite3 "$DB" "SELECT count(*) FROM agreement_parties p JOIN agreements a ON a.id = p.agreement WHERE a.origin = 'manual' AND p.party IN ('VN-DLK', 'LA-XE')")
expect_eq "each has its two parties" "$n" 100
done_testing
