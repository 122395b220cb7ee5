#!/usr/bin/env bash
# The reports through the binary, on a registry built from articles and records written
# for the tests (tests/unit/test_app_report.c writes it): every report in every format
# against golden files in tests/fixtures/report_cli/, read back by Python's csv, json
# and icalendar modules; options, errors and exit statuses.
# HT_REPORT_UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
. "$(dirname "$0")/../lib.sh"
export SOURCE_DATE_EPOCH=1700000000 # 2023-11-14
GOLD="$ROOT/tests/fixtures/report_cli"
PY=/usr/bin/python3
db="$TMP/r.db"
builder="$ROOT/build/asan/tests/test_app_report"
if [ ! -x "$builder" ]; then
    not_ok "registry builder built" "missing $builder (run make check)"
    done_testing; exit
fi
HT_REPORT_REGISTRY="$db" "$builder" >"$TMP/build.log" 2>&1
expect_status "test registry written" 0 $?

# golden NAME CMD...: runs the command, compares its output with $GOLD/NAME
golden() {
    local name=$1; shift
    "$@" >"$TMP/$name" 2>"$TMP/$name.err"
    local st=$?
    if [ "$st" -ne 0 ]; then
        not_ok "$name: exits 0" "status $st: $(head -c 300 "$TMP/$name.err")"
        return
    fi
    if [ "${HT_REPORT_UPDATE_GOLDEN:-}" = 1 ]; then
        mkdir -p "$GOLD" && cp "$TMP/$name" "$GOLD/$name"
    fi
    if cmp -s "$TMP/$name" "$GOLD/$name"; then
        ok "$name equals its golden file"
    else
        not_ok "$name equals its golden file" "$(diff "$GOLD/$name" "$TMP/$name" 2>&1 | head -n 12)"
    fi
}

R=("$H" report --db "$db")
for f in txt json csv md; do
    opt=(); [ $f != txt ] && opt=(--$f)
    golden "timeline_pair.$f" "$H" timeline --db "$db" "Đắk Lắk" "Sekong" "${opt[@]}"
    golden "agreements.$f" "${R[@]}" agreements --as-of 2024-01-01 "${opt[@]}"
    golden "implementation.$f" "${R[@]}" implementation "dak lak se kong 2018" "${opt[@]}"
    golden "anniversaries.$f" "${R[@]}" anniversaries --from 2023 --to 2028 "${opt[@]}"
done
golden timeline_successor.txt "$H" timeline --db "$db" "quang ngai"
golden agreements_expiring.txt "${R[@]}" agreements --as-of 2024-01-01 --expiring 24-months \
    --status expiring,expired
golden anniversaries.ics "${R[@]}" anniversaries --from 2023 --to 2028 --ics
golden anniversaries_en.ics "${R[@]}" anniversaries --from 2023-06 --to 2023-12 --ics --lang en
golden events.tsv "${R[@]}" events
golden events.csv "${R[@]}" events --csv
golden events.json "${R[@]}" events --json

# ---- the same reports read by parsers that are not ours ----
"$PY" - "$TMP" <<'PYEOF' >"$TMP/oracle.log" 2>&1
import csv, glob, io, json, os, re, sys
d = sys.argv[1]

def check(name, f):
    try:
        why = f()
    except Exception as e:
        why = "%s: %s" % (type(e).__name__, e)
    print(("ok - " if not why else "not ok - ") + name + ("" if not why else " : " + why))

for path in sorted(glob.glob(os.path.join(d, "*.csv"))):
    def rt(path=path):
        data = open(path, "rb").read()
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f, strict=True))
        if len(set(len(r) for r in rows)) != 1:
            return "rows of different lengths"
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        if out.getvalue().encode("utf-8") != data:
            return "Python's csv writer gives other bytes"
        # the same cells as the JSON form of the report
        js = json.load(open(path[:-4] + ".json", encoding="utf-8"))
        if len(js) != len(rows) - 1:
            return "%d CSV rows, %d JSON objects" % (len(rows) - 1, len(js))
        for obj, row in zip(js, rows[1:]):
            for k, v in zip(rows[0], row):
                w = obj[k]
                w = "\n".join(w) if k in ("sources", "SourceURLs") else "" if w is None else str(w)
                if isinstance(obj[k], float) and float(v) == obj[k]:
                    continue
                if w != v:
                    return "%s: %r != %r" % (k, v, w)
    check("csv round trip " + os.path.basename(path), rt)

for path in sorted(glob.glob(os.path.join(d, "*.json"))):
    def js(path=path):
        rows = json.load(open(path, encoding="utf-8"))
        if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
            return "not an array of objects"
    check("json parses " + os.path.basename(path), js)

for path in sorted(glob.glob(os.path.join(d, "*.ics"))):
    def ics(path=path):
        import icalendar
        data = open(path, "rb").read()
        for i, line in enumerate(data.split(b"\r\n")[:-1]):
            if len(line) > 75:
                return "line %d has %d octets" % (i + 1, len(line))
            line.decode("utf-8")
        cal = icalendar.Calendar.from_ical(data)
        evs = cal.walk("VEVENT")
        if not evs or str(cal.get("VERSION")) != "2.0":
            return "no events or no VERSION"
        print("# %s: %s" % (os.path.basename(path),
              " ".join(e.decoded("DTSTART").isoformat() for e in evs)))
        if len(set(str(e.get("UID")) for e in evs)) != len(evs):
            return "UIDs repeat"
    check("icalendar parses " + os.path.basename(path), ics)

# Terminal tables: every row's columns start where the rule's dashes do, counted in
# display columns by Python's unicodedata (wide East Asian characters 2, combining marks 0).
import unicodedata
def cols_of(line):
    out = []
    for ch in line:
        w = 0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        out.extend([ch] + [""] * (w - 1) if w else [])
        if not w and out:
            out[-1] += ch
    return out
for path in sorted(glob.glob(os.path.join(d, "*.txt"))):
    def aligned(path=path):
        lines = open(path, encoding="utf-8").read().split("\n")
        rule = next(i for i, l in enumerate(lines) if l.startswith("--"))
        starts = [m.start() for m in re.finditer(r"-+", lines[rule])]
        ends = [m.end() for m in re.finditer(r"-+", lines[rule])]
        rows = [l for l in lines[rule - 1:] if l and not l.startswith("    ") and l is not lines[rule]]
        rows = [l for l in rows[:1] + rows[1:] if not re.match(r"^\d+ tasks declared", l)]
        for l in rows:
            c = cols_of(l)
            if len(c) > ends[-1] and len(starts) > 1:
                return "row wider than the rule: %r" % l
            for k in range(1, len(starts)):
                gap = c[starts[k] - 2:starts[k]]
                if len(c) > starts[k] and gap != [" ", " "]:
                    return "column %d does not start at display column %d: %r" % (k, starts[k], l)
    check("aligned by display width " + os.path.basename(path), aligned)

for path in sorted(glob.glob(os.path.join(d, "*.tsv"))):
    def tsv(path=path):
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        if rows[0][:3] != ["GlobalEventID", "SQLDATE", "MonthYear"] or "PloverType" not in rows[0]:
            return "header %r" % rows[0][:4]
        if any(len(r) != len(rows[0]) for r in rows):
            return "rows of different lengths"
    check("event rows " + os.path.basename(path), tsv)
PYEOF
st=$?
while IFS= read -r line; do
    case "$line" in
    "ok - "*) ok "${line#ok - }" ;;
    "not ok - "*) rest=${line#not ok - }; not_ok "${rest%% : *}" "${rest#* : }" ;;
    *) echo "# $line" ;;
    esac
done <"$TMP/oracle.log"
expect_status "python oracle ran" 0 "$st"
got=$(grep -h '^# anniversaries.ics' "$TMP/oracle.log")
expect_eq "icalendar reads the days" "$got" \
    "# anniversaries.ics: 2023-06-21 2023-12-31 2024-02-18 2025-12-31 2026-01-15 2026-05-05 2027-06-24 2027-07-18 2027-09-05 2027-11-03 2027-12-31 2028-06-21"

# ---- options and errors ----
out=$("${R[@]}" agreements 2>&1); st=$?
expect_status "agreements as of today exits 0" 0 "$st"
expect_match "today comes from SOURCE_DATE_EPOCH" "$out" "^Thỏa thuận ngày 2023-11-14"
out=$("${R[@]}" agreements --as-of 2023-06 --party "Kon Tum" --json)
expect_eq "--party: that party's agreements" \
    "$(printf '%s' "$out" | "$PY" -c 'import json,sys; print([(r["kind"], r["status"]) for r in json.load(sys.stdin)])')" \
    "[('mou', 'in_force')]"
out=$("${R[@]}" anniversaries --from 2026 --to 2026 --every 10 --csv)
expect_eq "--every 10" "$(printf '%s' "$out" | cut -d, -f1-3 | tr -d '\r')" \
    "date,kind,years
2026-05-05,anniversary,10"
"${R[@]}" anniversaries --ics --csv >/dev/null 2>&1; expect_status "--ics with --csv is a usage error" 2 $?
"${R[@]}" agreements --expiring soon >/dev/null 2>&1; expect_status "--expiring soon is a usage error" 2 $?
"${R[@]}" agreements --status nope >/dev/null 2>&1; expect_status "an unknown status is a usage error" 2 $?
"${R[@]}" agreements --from 2020 >/dev/null 2>&1; expect_status "--from belongs to anniversaries" 2 $?
"${R[@]}" implementation >/dev/null 2>&1; expect_status "implementation without an agreement" 2 $?
"${R[@]}" summary >/dev/null 2>&1; expect_status "an unknown report is a usage error" 2 $?
"${R[@]}" >/dev/null 2>&1; expect_status "report alone is a usage error" 2 $?
err=$("${R[@]}" agreements --as-of 2023-02-30 2>&1); st=$?
expect_status "an impossible date exits 1" 1 "$st"
expect_match "and names it" "$err" "--as-of: '2023-02-30' is not a date"
err=$("${R[@]}" implementation "Sê Kông" 2>&1); st=$?
expect_status "an agreement named ambiguously exits 1" 1 "$st"
expect_match "and lists the candidates" "$err" "'Sê Kông' names 2 agreements: agr-[0-9a-f]{16} \(.*\); agr-"
err=$("${R[@]}" implementation "nothing like it" 2>&1); st=$?
expect_status "an unknown agreement exits 1" 1 "$st"
expect_match "and says so" "$err" "no agreement 'nothing like it'"
err=$("${R[@]}" anniversaries --from 2025 --to 2024 2>&1); st=$?
expect_status "--from after --to exits 1" 1 "$st"
err=$("$H" report agreements --db "$TMP/none.db" 2>&1); st=$?
expect_status "no registry exits 1" 1 "$st"
expect_match "and says to run init" "$err" "hoptac init"
"${R[@]}" events --json >"$TMP/ev.json" 2>&1; st=$?
expect_status "events --json exits 0" 0 "$st"
expect_eq "events --json: the rows of the TSV" \
    "$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$TMP/ev.json")" \
    "$(($(wc -l <"$TMP/events.tsv") - 1))"
"${R[@]}" agreements --tsv >/dev/null 2>&1; expect_status "--tsv belongs to events" 2 $?
done_testing
