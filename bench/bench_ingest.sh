#!/usr/bin/env bash
# Ingest: the news corpus (../shared/corpus/news.jsonl) into a new registry, beside the
# raw cost of loading the same JSON Lines into an FTS5 table with the sqlite3 shell, in
# the same run. Prints documents per CPU second, the ratio to the sqlite3 load and the
# database size per 1,000 documents; PASS or MISS for the targets (at least 1,000
# documents/s, within 3x of the sqlite3 load). Fails when the corpus, sqlite3 or hoptac
# is missing, or when a run fails.
set -u
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
PY=/usr/bin/python3
BIN=./hoptac
TARGET_DOCS=1000 TARGET_RATIO=3

fail() {
    echo "bench_ingest: FAIL: $*"
    echo "summary: FAIL: $*"
    exit 1
}
news="$SHARED/corpus/news.jsonl"
[ -r "$news" ] || fail "$news not found (the shared corpus; set SHARED)"
[ -x "$PY" ] || fail "$PY not found (apt-get install python3)"
command -v sqlite3 >/dev/null || fail "sqlite3 not found (bash scripts/install-deps)"
[ -x "$BIN" ] || fail "$BIN not found (make hoptac)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# CPU seconds (user + system) and wall seconds of a command, from the kernel's
# accounting of the child (see bench/README.md: the machines are shared).
measure() { # OUT-PREFIX CMD...: writes OUT-PREFIX.cpu, .wall, .out
    local p=$1
    shift
    "$PY" - "$p" "$@" <<'EOF'
import os, subprocess, sys, time
p, cmd = sys.argv[1], sys.argv[2:]
t0 = time.monotonic()
with open(p + ".out", "wb") as out:
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    _, status, ru = os.wait4(proc.pid, 0)
wall = time.monotonic() - t0
open(p + ".cpu", "w").write("%.3f" % (ru.ru_utime + ru.ru_stime))
open(p + ".wall", "w").write("%.3f" % wall)
sys.exit(os.waitstatus_to_exitcode(status))
EOF
}

ndocs=$(grep -c '' "$news")
echo "input: $news, $ndocs articles, $(stat -c %s "$news") bytes"

# hoptac's input: the JSON Lines file when the page layer reads it, else the same
# articles written out as text files (title, then text), outside the timing.
printf '{"id":"a","title":"Một","text":"Hai tỉnh ký kết."}\n{"id":"b","title":"Hai","text":"Ba tỉnh gặp nhau."}\n' >"$tmp/probe.jsonl"
if [ "$("$BIN" extract --json "$tmp/probe.jsonl" 2>/dev/null | grep -c '')" -eq 2 ]; then
    input="$news"
    echo "hoptac reads the JSON Lines file"
else
    input="$tmp/articles"
    "$PY" - "$news" "$input" <<'EOF' || fail "could not write the articles out"
import json, os, sys
os.makedirs(sys.argv[2])
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    o = json.loads(line)
    with open(os.path.join(sys.argv[2], "%05d.txt" % i), "w", encoding="utf-8") as f:
        f.write((o.get("title") or "") + "\n" + (o.get("text") or ""))
EOF
    echo "note: this hoptac reads no JSON Lines yet: it ingests the same articles as text files"
fi

# The reference: the sqlite3 shell loads the lines into a table and indexes title and
# text in an FTS5 table (unicode61), in one statement.
printf 'CREATE TABLE raw(line TEXT);\n.mode ascii\n.separator "\x1f" "\\n"\n.import %s raw\n' "$news" >"$tmp/raw.sql"
cat >>"$tmp/raw.sql" <<'EOF'
CREATE VIRTUAL TABLE f USING fts5(title, text);
INSERT INTO f(title, text) SELECT json_extract(line, '$.title'), json_extract(line, '$.text') FROM raw;
SELECT count(*) FROM f;
EOF
measure "$tmp/ref" sh -c "sqlite3 '$tmp/raw.db' <'$tmp/raw.sql'" || fail "the sqlite3 load failed: $(tail -3 "$tmp/ref.out")"
ref_docs=$(tail -1 "$tmp/ref.out")
[ "$ref_docs" = "$ndocs" ] || fail "the sqlite3 load indexed $ref_docs rows, not $ndocs"

measure "$tmp/hop" "$BIN" ingest --json --db "$tmp/hoptac.db" "$input" ||
    fail "hoptac ingest failed: $(tail -3 "$tmp/hop.out")"
added=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["added"])' "$tmp/hop.out") ||
    fail "no summary from hoptac ingest"
[ "$added" -gt $((ndocs * 9 / 10)) ] || fail "hoptac stored $added of $ndocs articles"

"$PY" - "$tmp" "$added" "$ndocs" "$TARGET_DOCS" "$TARGET_RATIO" <<'EOF'
import os, sys
d, added, ndocs, tdocs, tratio = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
num = lambda n: float(open(os.path.join(d, n)).read())
ref_cpu, ref_wall, hop_cpu, hop_wall = num("ref.cpu"), num("ref.wall"), num("hop.cpu"), num("hop.wall")
size = lambda n: sum(os.path.getsize(os.path.join(d, n + s)) for s in ("", "-wal") if os.path.exists(os.path.join(d, n + s)))
ref_mb, hop_mb = size("raw.db") / 1e6, size("hoptac.db") / 1e6
rate, ref_rate = added / hop_cpu, ndocs / ref_cpu
ratio = hop_cpu / ref_cpu
print("%-34s %9s %9s %10s %12s" % ("", "CPU s", "wall s", "docs/s", "MB/1000 docs"))
print("%-34s %9.2f %9.2f %10.0f %12.2f" % ("sqlite3 shell, FTS5 (reference)", ref_cpu, ref_wall, ref_rate, ref_mb / ndocs * 1000))
print("%-34s %9.2f %9.2f %10.0f %12.2f" % ("hoptac ingest", hop_cpu, hop_wall, rate, hop_mb / added * 1000))
print("hoptac / sqlite3: %.2fx the CPU time; by the wall clock %.0f docs/s" % (ratio, added / hop_wall))
ok_rate, ok_ratio = rate >= tdocs, ratio <= tratio
print("target: >= %.0f documents/s: %s (%.0f); within %.0fx of sqlite3: %s (%.2fx)" %
      (tdocs, "PASS" if ok_rate else "MISS", rate, tratio, "PASS" if ok_ratio else "MISS", ratio))
print("summary: %s: %.0f docs/s, %.2fx sqlite3, %.1f MB per 1,000 documents" %
      ("PASS" if ok_rate and ok_ratio else "MISS", rate, ratio, hop_mb / added * 1000))
EOF
