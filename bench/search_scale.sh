#!/usr/bin/env bash
# Search at about 100k documents without an hour of ingest: a registry made by
# `hoptac ingest` of the news corpus is copied COPIES times inside SQLite (documents and
# their blocks; each copy with ids, hashes, sources and clusters of its own, as distinct
# documents), its full-text index built again by FTS5 ('rebuild', with hoptac's
# tokenizer loaded from build/hoptac_fts.so), then the same 1,000 queries are timed as in
# bench_search.sh (build/bench/search_bench, second run counts), beside unicode61 over
# the same copies of the articles.
#
#   bash bench/search_scale.sh REGISTRY QUERIES STAGING [COPIES]
# REGISTRY: a registry of the corpus (left unchanged); QUERIES: bench/search_queries_1000.py's
# output; STAGING: search_ref.py prep's staging.db of the same corpus. COPIES: 8.
# Prints the timings, then "summary: ...".
set -u
cd "$(dirname "$0")/.."
reg=$1 queries=$2 staging=$3 copies=${4:-8}
PY=/usr/bin/python3
BIN=build/bench/search_bench
EXT=build/hoptac_fts.so
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hoptac-bench-scale.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "summary: FAIL: $*"; exit 1; }
[ -x "$BIN" ] && [ -f "$EXT" ] || fail "build $BIN and $EXT first (make bench-tools $EXT)"

cp "$reg" "$tmp/s.db" || fail "cannot copy $reg"
start=$(date +%s)
sql="BEGIN;"
for k in $(seq 1 $((copies - 1))); do
    sql+="
INSERT INTO documents (rid, id, hash, source, format, title, published, url, orig, minhash,
  cluster, created, updated, deleted, text)
 SELECT rid + $k * (SELECT max(rid) + 1 FROM documents WHERE id NOT LIKE '%~%'),
  id || '~$k', hash || '~$k', source || '~$k', format, title, published, url, orig, minhash,
  cluster || '~$k', created, updated, deleted, text FROM documents WHERE id NOT LIKE '%~%';
INSERT INTO blocks SELECT document || '~$k', n, class, text_start, text_end, orig_start, orig_end
 FROM blocks WHERE document NOT LIKE '%~%';"
done
sql+="
COMMIT;
INSERT INTO doc_fts (doc_fts) VALUES ('rebuild');"
sqlite3 "$tmp/s.db" -cmd ".load $EXT" "$sql" || fail "copying the documents failed"
n=$(sqlite3 "$tmp/s.db" "SELECT count(*) FROM documents WHERE deleted = 0")
echo "scale: $n documents ($copies copies), made in $(($(date +%s) - start)) s"

# unicode61 over the same copies of the articles
start=$(date +%s)
sel="SELECT rowid, title, body FROM s.docs"
for k in $(seq 1 $((copies - 1))); do
    sel+=" UNION ALL SELECT rowid + $k * 10000000, title, body FROM s.docs"
done
sqlite3 "$tmp/u.db" "ATTACH '$staging' AS s;
CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO t (rowid, title, body) $sel;" || fail "unicode61 over the copies failed"
echo "unicode61 over the copies: made in $(($(date +%s) - start)) s"

"$BIN" time "$tmp/s.db" "$queries" >/dev/null || fail "hoptac queries failed"
h=$("$BIN" time "$tmp/s.db" "$queries" --slowest 5) || fail "hoptac queries failed"
# the same on one thread: the work, apart from the two threads' latency
"$BIN" time "$tmp/s.db" "$queries" --split -1 >/dev/null || fail "hoptac queries failed"
h1=$("$BIN" time "$tmp/s.db" "$queries" --split -1) || fail "hoptac queries failed"
echo "hoptac, one thread: $h1"
echo "hoptac: $h"
"$PY" bench/search_ref.py sqlite-time "$tmp/u.db" "$queries" >/dev/null || fail "unicode61 queries failed"
u=$("$PY" bench/search_ref.py sqlite-time "$tmp/u.db" "$queries") || fail "unicode61 queries failed"
echo "unicode61: $u"
sqlite3 "$tmp/s.db" -cmd ".load $EXT" "INSERT INTO doc_fts (doc_fts) VALUES ('optimize')" ||
    fail "cannot merge the index"
"$BIN" time "$tmp/s.db" "$queries" >/dev/null
m=$("$BIN" time "$tmp/s.db" "$queries") || fail "hoptac queries on the merged index failed"
echo "hoptac, index merged: $m"
get() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p" | head -1; }
# latency is the wall clock of a query (two threads share a search here); CPU time is
# the process's, both threads counted
p99=$(get p99_ms "$h")
verdict=$(awk -v p="$p99" 'BEGIN { print (p < 20 ? "PASS" : "MISS") }')
echo "summary: $verdict p99 under 20 ms at $n documents (load $(cut -d' ' -f1 /proc/loadavg)): hoptac p50 $(get p50_ms "$h") ms, p99 $p99 ms (CPU $(get cpu_p50_ms "$h") / $(get cpu_p99_ms "$h") ms; one thread $(get p50_ms "$h1") / $(get p99_ms "$h1") ms; merged index p99 $(get p99_ms "$m") ms); unicode61 p50 $(get p50_ms "$u") ms, p99 $(get p99_ms "$u") ms"
