#!/usr/bin/env bash
# hoptac serve under load: wrk on loopback against /api/search and a party page, and,
# in the same run, the same response bytes served as static files by nginx (Debian's
# nginx-light on a loopback port): the ceiling. Targets: the search endpoint at least
# 50% of nginx's requests/s, p99 under 10 ms.
# Settings: BENCH_SECONDS (10), BENCH_CONNECTIONS (32), BENCH_THREADS (2 wrk threads).
set -u
cd "$(dirname "$0")/.."
SHARED="${SHARED:-$PWD/../shared}"
OUT="${BENCH_OUT:-$PWD/bench/out}/serve"
SECS="${BENCH_SECONDS:-10}"
CONN="${BENCH_CONNECTIONS:-32}"
WT="${BENCH_THREADS:-2}"
H="$PWD/hoptac"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
for t in wrk "$NGINX" curl; do
    if ! command -v "$t" >/dev/null 2>&1 && [ ! -x "$t" ]; then
        echo "bench serve: $t is missing (bash scripts/install-deps --bench)"
        echo "summary: not run, $t missing"
        exit 1
    fi
done
[ -x "$H" ] || { echo "bench serve: build ./hoptac first (make)"; exit 1; }
rm -rf "$OUT"
mkdir -p "$OUT/www" "$OUT/nginx"

# The registry: the sample articles, the seeds and the cooperation corpus when present.
db="$OUT/bench.db"
"$H" init --db "$db" >/dev/null
inputs=(examples)
[ -d "$SHARED/seeds" ] && inputs+=("$SHARED/seeds")
[ -f "$SHARED/corpus/coop.jsonl" ] && inputs+=("$SHARED/corpus/coop.jsonl")
"$H" ingest --db "$db" "${inputs[@]}" 2>&1 | tail -1

"$H" serve --db "$db" --listen 127.0.0.1:0 --threads 2 --access-log /dev/null 2>"$OUT/serve.log" &
spid=$!
trap 'kill $spid 2>/dev/null; [ -f "$OUT/nginx/nginx.pid" ] && kill $(cat "$OUT/nginx/nginx.pid") 2>/dev/null' EXIT
base=""
for _ in $(seq 1 100); do
    base=$(sed -n 's|.*listening on \(http://[^/]*\)/.*|\1|p' "$OUT/serve.log" | head -1)
    [ -n "$base" ] && break
    sleep 0.05
done
[ -n "$base" ] || { echo "bench serve: the server did not start"; cat "$OUT/serve.log"; exit 1; }

search_path="/api/search?q=dak+lak"
party_path="/party/VN-DLK"
curl -sf "$base$search_path" -o "$OUT/www/search.json" || { echo "bench serve: $search_path failed"; exit 1; }
curl -sf "$base$party_path" -o "$OUT/www/party.html" || { echo "bench serve: $party_path failed"; exit 1; }

# nginx with the same bytes, as many workers as hoptac has threads
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$OUT/nginx/nginx.conf" <<EOF
worker_processes 2;
daemon on;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $OUT/nginx;
    proxy_temp_path $OUT/nginx;
    fastcgi_temp_path $OUT/nginx;
    uwsgi_temp_path $OUT/nginx;
    scgi_temp_path $OUT/nginx;
    server {
        listen 127.0.0.1:$nport;
        root $OUT/www;
        location = /search.json { default_type application/json; }
        location = /party.html { default_type text/html; }
    }
}
EOF
"$NGINX" -c "$OUT/nginx/nginx.conf" -p "$OUT/nginx" 2>"$OUT/nginx/start.log" ||
    { echo "bench serve: nginx did not start"; cat "$OUT/nginx/start.log"; exit 1; }
nbase="http://127.0.0.1:$nport"
for _ in $(seq 1 100); do curl -sf "$nbase/search.json" -o /dev/null && break; sleep 0.05; done
cmp -s <(curl -s "$nbase/search.json") "$OUT/www/search.json" || { echo "bench serve: nginx serves other bytes"; exit 1; }

# run NAME URL [WRK ARGS]: wrk's requests/s and p99 (ms) into $rps and $p99
run() {
    local log="$OUT/wrk-$1.txt" name=$1 url=$2
    shift 2
    wrk -t"$WT" -c"$CONN" -d"${SECS}s" --latency "$@" "$url" >"$log" 2>&1
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$log")
    p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) sub(/ms$/,"",v); else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' "$log")
    local errs
    errs=$(awk '/Non-2xx|Socket errors/' "$log")
    [ -n "$errs" ] && echo "  ($name: $errs)"
    [ -n "$rps" ] || { echo "bench serve: wrk failed on $url"; cat "$log"; exit 1; }
}

echo "registry: $(sqlite3 "$db" 'SELECT count(*) FROM documents') documents; wrk -t$WT -c$CONN -d${SECS}s on $(nproc) cores"
echo "response bytes: search $(wc -c <"$OUT/www/search.json"), party page $(wc -c <"$OUT/www/party.html")"
run nginx-search "$nbase/search.json"; n_s=$rps; n_s99=$p99
run hoptac-search "$base$search_path"; h_s=$rps; h_s99=$p99
run nginx-party "$nbase/party.html"; n_p=$rps; n_p99=$p99
run hoptac-party "$base$party_path"; h_p=$rps; h_p99=$p99
# A request with a cookie is never answered from the server's cache of anonymous reads:
# these rows are the work itself (search, record, timeline) on every request.
run hoptac-search-work "$base$search_path" -H "Cookie: bench=1"; w_s=$rps; w_s99=$p99
run hoptac-party-work "$base$party_path" -H "Cookie: bench=1"; w_p=$rps; w_p99=$p99

printf '%-22s %12s %10s %8s\n' "" "requests/s" "p99 ms" "of nginx"
printf '%-22s %12.0f %10.2f %8s\n' "nginx search.json" "$n_s" "$n_s99" ""
printf '%-22s %12.0f %10.2f %7.0f%%\n' "hoptac /api/search" "$h_s" "$h_s99" "$(echo "100*$h_s/$n_s" | bc -l)"
printf '%-22s %12.0f %10.2f %8s\n' "nginx party.html" "$n_p" "$n_p99" ""
printf '%-22s %12.0f %10.2f %7.0f%%\n' "hoptac /party/VN-DLK" "$h_p" "$h_p99" "$(echo "100*$h_p/$n_p" | bc -l)"
printf '%-22s %12.0f %10.2f %7.0f%%\n' "  search, no cache" "$w_s" "$w_s99" "$(echo "100*$w_s/$n_s" | bc -l)"
printf '%-22s %12.0f %10.2f %7.0f%%\n' "  party, no cache" "$w_p" "$w_p99" "$(echo "100*$w_p/$n_p" | bc -l)"
ratio=$(echo "100*$h_s/$n_s" | bc -l)
met=$(echo "$ratio >= 50 && $h_s99 < 10" | bc -l)
verdict=$([ "$met" = 1 ] && echo "target met" || echo "target missed")
printf 'summary: /api/search %.0f req/s = %.0f%% of nginx (%.0f, p99 %.2f ms), p99 %.2f ms; party page %.0f%% of nginx, p99 %.2f ms; uncached search %.0f req/s, party %.0f req/s (%s: >=50%%, p99 <10 ms)\n' \
    "$h_s" "$ratio" "$n_s" "$n_s99" "$h_s99" "$(echo "100*$h_p/$n_p" | bc -l)" "$h_p99" "$w_s" "$w_p" "$verdict"
