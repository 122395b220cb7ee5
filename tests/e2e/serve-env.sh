# Starting a hoptac server for a test and talking to it: sourced by the tests of
# `hoptac serve` after tests/lib.sh (which gives $H and $TMP).

# serve_start DB [ARGS...]: starts the server on a free loopback port; sets SERVE_PID,
# BASE (http://127.0.0.1:PORT) and SERVE_LOG. Fails when it does not come up.
serve_start() {
    local db=$1; shift
    SERVE_LOG="$TMP/serve.$RANDOM.log"
    : >"$SERVE_LOG"
    "$H" serve --db "$db" --listen 127.0.0.1:0 "$@" 2>>"$SERVE_LOG" &
    SERVE_PID=$!
    BASE=""
    local i
    for i in $(seq 1 400); do
        BASE=$(sed -n 's|.*listening on \(http://[^/]*\)/.*|\1|p' "$SERVE_LOG" | head -1)
        [ -n "$BASE" ] && return 0
        kill -0 "$SERVE_PID" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

# serve_stop [SIGNAL]: stops the server and waits; sets SERVE_STATUS to its exit status
# (call it directly, not in $(...), so that the wait is in the server's parent shell).
serve_stop() {
    kill -"${1:-TERM}" "$SERVE_PID" 2>/dev/null
    wait "$SERVE_PID"
    SERVE_STATUS=$?
}

# signin JAR NAME PASSWORD: signs in through the API with the cookie jar JAR; prints the
# session's CSRF token (empty on failure).
signin() {
    local jar=$1 name=$2 pw=$3 anon
    anon=$(curl -s -c "$jar" -b "$jar" "$BASE/api/session" | json_get csrf)
    curl -s -c "$jar" -b "$jar" -H "X-CSRF-Token: $anon" -H 'Content-Type: application/json' \
        --data "{\"name\":\"$name\",\"password\":\"$pw\"}" "$BASE/api/session" | json_get csrf
}

# json_get KEY: a top-level value of the JSON object on standard input ("" for null).
json_get() {
    python3 -c 'import sys, json
try:
    v = json.load(sys.stdin).get(sys.argv[1])
except Exception:
    v = None
print("" if v is None else (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v))' "$1"
}

# status METHOD URL [CURL ARGS...]: prints the HTTP status of one request.
status() {
    local m=$1 u=$2; shift 2
    curl -s -o /dev/null -w '%{http_code}' -X "$m" "$@" "$u"
}
