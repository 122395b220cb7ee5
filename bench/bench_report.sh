#!/usr/bin/env bash
# Reports: the time of each report (timeline of a party and of a pair, agreements,
# implementation, anniversaries as iCalendar, event rows) on a registry built from the
# corpus, beside the sqlite3 shell running the equivalent plain SQL on the same file in
# the same run. Figures are CPU milliseconds (user + system) of the whole process, the
# median of several runs, with the wall clock beside them; the ratio is hoptac / sqlite3.
#
#   bash bench/bench_report.sh                     # coop.jsonl + the whole news.jsonl
#   BENCH_REPORT_DOCS=2000 bash bench/bench_report.sh   # coop + 2,000 news articles
#   BENCH_REPORT_DB=r.db bash bench/bench_report.sh     # an existing registry
# Exits non-zero when sqlite3, python3, the corpus or a report fails.
set -u
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
PY=/usr/bin/python3
H="${HOPTAC:-$PWD/hoptac}"
RUNS="${BENCH_REPORT_RUNS:-7}"
DOCS="${BENCH_REPORT_DOCS:-all}"

fail() {
    echo "bench_report: FAIL: $*"
    echo "summary: FAIL: $*"
    exit 1
}
command -v sqlite3 >/dev/null || fail "sqlite3 not found (apt-get install sqlite3)"
[ -x "$PY" ] || fail "$PY not found (apt-get install python3)"
[ -x "$H" ] || fail "$H not found (make hoptac)"
coop="$SHARED/corpus/coop.jsonl" news="$SHARED/corpus/news.jsonl"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01: the same "today" in every run

# ---- the registry ----
db="${BENCH_REPORT_DB:-}"
if [ -z "$db" ]; then
    [ -r "$coop" ] && [ -r "$news" ] || fail "$coop or $news not found (the shared corpus; set SHARED)"
    db="$tmp/registry.db"
    # One document per line needs the JSON Lines reader; without it each article
    # becomes a text file of its own (title, then text).
    "$H" ingest --db "$tmp/probe.db" "$coop" >/dev/null 2>&1
    ndoc=$(sqlite3 "$tmp/probe.db" "SELECT count(*) FROM documents" 2>/dev/null || echo 0)
    "$PY" - "$coop" "$news" "$DOCS" "$tmp/in" "$ndoc" <<'PYEOF' || fail "could not prepare the input"
import json, os, sys
coop, news, docs, out, ndoc = sys.argv[1:6]
lines = sum(1 for _ in open(coop, encoding="utf-8"))
as_text = int(ndoc) < lines
os.makedirs(out)
seen = set()
chosen = []
for path in (coop, news):
    rows = [l for l in open(path, encoding="utf-8").read().split("\n") if l.strip()]
    if path == news and docs != "all":
        step = max(1, len(rows) // int(docs))
        rows = rows[::step][: int(docs)]
    for line in rows:
        j = json.loads(line)
        if j["id"] in seen:
            continue
        seen.add(j["id"])
        chosen.append(j)
if as_text:
    for j in chosen:
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in j["id"])
        with open(os.path.join(out, name + ".txt"), "w", encoding="utf-8") as f:
            f.write((j.get("title") or "") + "\n\n" + j["text"] + "\n")
else:
    with open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8") as f:
        for j in chosen:
            f.write(json.dumps(j, ensure_ascii=False) + "\n")
print("input: %d articles as %s" % (len(chosen), "text files" if as_text else "JSON Lines"))
PYEOF
    echo "building the registry (hoptac ingest)..."
    # exit 1 only says that some documents were bad (they are named); a crash is not that
    "$H" ingest --db "$db" "$tmp/in" >"$tmp/ingest.log" 2>&1
    st=$?
    tail -1 "$tmp/ingest.log"
    [ "$st" -le 1 ] || fail "ingest ended with status $st: $(tail -3 "$tmp/ingest.log")"
fi
[ -r "$db" ] || fail "no registry at $db"
q() { sqlite3 -readonly "$db" "$1"; }
stats="$(q 'SELECT count(*) FROM documents') documents, $(q 'SELECT count(*) FROM parties') parties, $(q "SELECT count(*) FROM agreements") agreements, $(q "SELECT count(*) FROM activities") activities"
echo "registry: $stats"

# ---- what to report on: the busiest province, its usual partner, the longest agreement ----
party=$(q "SELECT x.party FROM (SELECT party FROM activity_parties UNION ALL SELECT party
           FROM agreement_parties) x JOIN parties p ON p.id = x.party WHERE p.kind = 'province'
           GROUP BY x.party ORDER BY count(*) DESC, x.party LIMIT 1")
party2=$(q "SELECT b.party FROM activity_parties a JOIN activity_parties b ON a.activity = b.activity
            AND b.party <> a.party WHERE a.party = '$party' GROUP BY b.party ORDER BY count(*) DESC,
            b.party LIMIT 1")
agr=$(q "SELECT a.id FROM agreements a WHERE a.status IN ('proposed', 'confirmed') ORDER BY
         (SELECT count(*) FROM tasks WHERE agreement = a.id) DESC, a.id LIMIT 1")
[ -n "$party" ] && [ -n "$party2" ] && [ -n "$agr" ] ||
    fail "the registry holds no party pair or agreement to report on (does extraction find records?)"
echo "party $party, pair $party $party2, agreement $agr"

# ---- the equivalent plain SQL ----
LIVE="status IN ('proposed', 'confirmed')"
fam() { # NAME PARTY: the party, its predecessors and its members, as a CTE
    echo "$1(id) AS (SELECT '$2' UNION SELECT p.id FROM parties p JOIN $1 ON
     p.successor = $1.id OR (p.parent = $1.id AND p.kind IN ('organisation', 'district', 'commune')))"
}
REC_COLS="(SELECT group_concat(coalesce(p.name, x.name), ' – ') FROM %s x LEFT JOIN parties p
     ON p.id = x.party WHERE x.%s = r.id), (SELECT group_concat(coalesce(d.url, d.source), ' ')
     FROM documents d WHERE d.id IN (SELECT document FROM sources WHERE record = r.id))"
agr_cols=$(printf "$REC_COLS" agreement_parties agreement)
act_cols=$(printf "$REC_COLS" activity_parties activity)
timeline_sql() { # one party's family, or two
    local ctes w2="" w3=""
    ctes="WITH RECURSIVE $(fam fam1 "$1")"
    if [ -n "${2:-}" ]; then
        ctes="$ctes, $(fam fam2 "$2")"
        w2=" AND r.id IN (SELECT agreement FROM agreement_parties WHERE party IN fam2)"
        w3=" AND r.id IN (SELECT activity FROM activity_parties WHERE party IN fam2)"
    fi
    echo "$ctes SELECT 'agreement', r.id, r.kind, r.title, r.signed AS d, r.place, $agr_cols
      FROM agreements r WHERE r.$LIVE AND r.id IN (SELECT agreement FROM agreement_parties WHERE
      party IN fam1)$w2
      UNION ALL SELECT 'activity', r.id, r.kind, r.commitments, r.date AS d, r.place, $act_cols
      FROM activities r WHERE r.$LIVE AND r.id IN (SELECT activity FROM activity_parties WHERE
      party IN fam1)$w3 ORDER BY d, 1, 2;"
}
sql_timeline1=$(timeline_sql "$party")
sql_timeline2=$(timeline_sql "$party" "$party2")
sql_agreements="SELECT r.id, r.kind, r.title, r.signed, r.term_from, r.term_to,
  CASE WHEN r.term_to IS NULL THEN 'unknown' WHEN r.term_to || '-12-31' < date('now') THEN
  'expired' ELSE 'in_force' END, (SELECT min(b.id) FROM agreements b WHERE b.$LIVE AND b.id <> r.id
  AND b.signed > r.signed AND (SELECT group_concat(party) FROM (SELECT party FROM agreement_parties
  WHERE agreement = b.id ORDER BY party)) = (SELECT group_concat(party) FROM (SELECT party FROM
  agreement_parties WHERE agreement = r.id ORDER BY party))), $agr_cols FROM agreements r
  WHERE r.$LIVE ORDER BY r.term_to IS NULL, r.term_to, r.signed, r.id;"
sql_implementation="SELECT t.n, t.text, r.id, r.date, r.kind, $act_cols FROM tasks t LEFT JOIN
  activities r ON r.$LIVE AND (r.agreement = t.agreement OR r.id IN (SELECT activity FROM
  activity_parties WHERE party IN (SELECT party FROM agreement_parties WHERE agreement =
  t.agreement))) WHERE t.agreement = '$agr' ORDER BY t.n, r.date, r.id;"
sql_anniversaries="WITH RECURSIVE y(n) AS (SELECT 5 UNION ALL SELECT n + 5 FROM y WHERE n < 100)
  SELECT date(r.signed, '+' || y.n || ' years') AS d, 'anniversary', y.n, r.title, r.id FROM
  agreements r, y WHERE r.$LIVE AND length(r.signed) = 10 AND d BETWEEN '2000-01-01' AND '2030-12-31'
  UNION ALL SELECT r.term_to || '-12-31', 'term_end', NULL, r.title, r.id FROM agreements r
  WHERE r.$LIVE AND r.term_to BETWEEN 2000 AND 2030 ORDER BY 1, 2, 4, 5;"
sql_events="SELECT r.id, r.date, r.kind, a.name, p.country, r.place, (SELECT count(*) FROM mentions
  WHERE record = r.id), (SELECT group_concat(coalesce(d.url, d.source), ' ') FROM documents d
  WHERE d.id IN (SELECT document FROM sources WHERE record = r.id)) FROM activities r
  JOIN activity_parties a ON a.activity = r.id LEFT JOIN parties p ON p.id = a.party
  WHERE r.$LIVE AND r.date GLOB '[0-9][0-9][0-9][0-9]*' ORDER BY r.date, r.id, a.name;"

# ---- the runs ----
cat >"$tmp/time.py" <<'PYEOF'
# Runs a command RUNS times (output thrown away); prints the median CPU and wall ms.
import os, statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
cpu, wall = [], []
for _ in range(runs):
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    wall.append(time.perf_counter() - t)
    if p.returncode != 0:
        sys.exit("exit status %d: %s" % (p.returncode, " ".join(cmd)[:200]))
    cpu.append(ru.ru_utime + ru.ru_stime)
print("%.2f %.2f" % (statistics.median(cpu) * 1000, statistics.median(wall) * 1000))
PYEOF
printf '%-16s %12s %12s %12s %12s %8s\n' report "hoptac ms" "(wall)" "sqlite3 ms" "(wall)" ratio
ratios=() total=0
measure() { # NAME SQL HOPTAC-ARGS...
    local name=$1 sql=$2; shift 2
    local h s
    h=$("$PY" "$tmp/time.py" "$RUNS" "$H" "$@" --db "$db") || fail "hoptac $* failed"
    s=$("$PY" "$tmp/time.py" "$RUNS" sqlite3 -readonly "$db" "$sql") || fail "sqlite3 for $name failed"
    local hc=${h% *} hw=${h#* } sc=${s% *} sw=${s#* }
    local r
    r=$(awk -v a="$hc" -v b="$sc" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
    printf '%-16s %12s %12s %12s %12s %7sx\n' "$name" "$hc" "$hw" "$sc" "$sw" "$r"
    ratios+=("$name $hc ms ${r}x")
}
measure timeline "$sql_timeline1" timeline "$party"
measure timeline_pair "$sql_timeline2" timeline "$party" "$party2"
measure agreements "$sql_agreements" report agreements
measure implementation "$sql_implementation" report implementation "$agr"
measure anniversaries "$sql_anniversaries" report anniversaries --from 2000 --to 2030 --ics
measure events "$sql_events" report events
echo "(CPU ms of the whole process, median of $RUNS runs; ratio = hoptac / sqlite3 shell)"
echo "summary: $stats; $(IFS=';'; echo "${ratios[*]}" | sed 's/;/; /g')"
