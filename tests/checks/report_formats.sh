#!/usr/bin/env bash
# Report formats checked by parsers that are not ours: the sample reports written by
# the golden-file test are read back with Python's icalendar (Debian's
# python3-icalendar), csv and json modules, and the GDELT-style TSV with csv.
. "$(dirname "$0")/../lib.sh"

PY=/usr/bin/python3
bin="$ROOT/build/asan/tests/test_report_golden"
if [ ! -x "$bin" ]; then
    not_ok "golden-file test binary built" "missing $bin (run make check)"
    done_testing; exit
fi
if [ ! -x "$PY" ]; then
    skip "report formats read by independent parsers" "no $PY"
    done_testing; exit
fi
mkdir -p "$TMP/samples"
(cd "$ROOT" && HT_REPORT_SAMPLES_DIR="$TMP/samples" CMOCKA_MESSAGE_OUTPUT=TAP "$bin" >"$TMP/golden.log" 2>&1)
expect_status "sample reports written" 0 $?
n=$(ls "$TMP/samples" | wc -l)
[ "$n" -ge 20 ] && ok "sample files ($n)" || not_ok "sample files" "only $n in $TMP/samples"

have_ical=1
"$PY" -c 'import icalendar' 2>/dev/null || have_ical=0

# The Python oracle prints TAP-like lines "ok - ..." / "not ok - ... : why".
"$PY" - "$TMP/samples" "$have_ical" <<'PYEOF' >"$TMP/oracle.log" 2>&1
import csv, glob, io, json, os, re, sys

d, have_ical = sys.argv[1], sys.argv[2] == "1"

def report(good, name, why=""):
    print(("ok - " if good else "not ok - ") + name + ("" if good else " : " + why))

def check(name, f):
    try:
        why = f()
        report(not why, name, why or "")
    except Exception as e:  # a parser error is a failure, with its message
        report(False, name, "%s: %s" % (type(e).__name__, e))

def lines_crlf(data, limit=None):
    if b"\n" in data.replace(b"\r\n", b""):
        return "a line ends with LF alone"
    if not data.endswith(b"\r\n"):
        return "no CRLF at the end"
    for i, line in enumerate(data.split(b"\r\n")[:-1]):
        if limit and len(line) > limit:
            return "line %d has %d octets" % (i + 1, len(line))
        line.decode("utf-8")  # a fold inside a character fails here
    return None

for path in sorted(glob.glob(os.path.join(d, "*.csv"))):
    base = path[:-4]
    name = os.path.basename(path)
    def csv_roundtrip(path=path, base=base):
        data = open(path, "rb").read()
        if not data.endswith(b"\r\n"):
            return "record does not end with CRLF"
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f, strict=True))
        want = json.load(open(base + ".cells.json", encoding="utf-8"))
        if rows != want:
            for i, (a, b) in enumerate(zip(rows, want)):
                if a != b:
                    return "row %d: %r != %r" % (i, a, b)
            return "%d rows, want %d" % (len(rows), len(want))
        # and back: Python's writer with CRLF gives the same bytes
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        if out.getvalue().encode("utf-8") != data:
            return "Python's csv writer gives other bytes"
    check("csv round trip " + name, csv_roundtrip)

for path in sorted(glob.glob(os.path.join(d, "*.json"))):
    if path.endswith(".cells.json"):
        continue
    name = os.path.basename(path)
    def json_rows(path=path):
        rows = json.load(open(path, encoding="utf-8"))
        cells = json.load(open(path[:-5] + ".cells.json", encoding="utf-8"))
        header = cells[0]
        if not isinstance(rows, list) or len(rows) != len(cells) - 1:
            return "not an array of %d objects" % (len(cells) - 1)
        for i, (obj, want) in enumerate(zip(rows, cells[1:])):
            if list(obj.keys()) != header:
                return "row %d keys %r, want %r" % (i, list(obj.keys()), header)
            for k, w in zip(header, want):
                v = obj[k]
                if k == "sources":
                    v = "\n".join(v)
                elif v is None:
                    v = ""
                elif isinstance(v, int):
                    v = str(v)
                if v != w:
                    return "row %d %s: %r != %r" % (i, k, v, w)
    check("json rows " + name, json_rows)

for path in sorted(glob.glob(os.path.join(d, "*.md"))):
    name = os.path.basename(path)
    def md_table(path=path):
        lines = [l for l in open(path, encoding="utf-8").read().split("\n") if l.startswith("|")]
        if len(lines) < 2 or not re.fullmatch(r"(\| -{3}:? )+\|", lines[1]):
            return "no header rule"
        cols = None
        for l in lines:
            # cell separators: pipes after an even number of backslashes
            n = len(re.findall(r"(?<!\\)(?:\\\\)*\|", l))
            if cols is None:
                cols = n
            elif n != cols:
                return "row with %d cells, header %d: %r" % (n - 1, cols - 1, l)
            if "\n" in l or "\r" in l:
                return "line break inside a row"
    check("markdown table " + name, md_table)

for path in sorted(glob.glob(os.path.join(d, "*.tsv"))):
    name = os.path.basename(path)
    def gdelt(path=path):
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        h = rows[0]
        want = ["GlobalEventID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code",
                "Actor1Name", "Actor1CountryCode", "Actor1Type1Code", "Actor2Code",
                "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", "IsRootEvent", "EventCode", "EventBaseCode",
                "EventRootCode", "QuadClass", "NumMentions", "NumSources", "NumArticles",
                "ActionGeo_FullName", "ActionGeo_CountryCode", "DATEADDED", "SOURCEURL",
                "PloverType"]
        if h[:len(want)] != want:
            return "header %r" % h[:len(want)]
        ids = set()
        for r in rows[1:]:
            if len(r) != len(h):
                return "row of %d fields, header %d" % (len(r), len(h))
            e = dict(zip(h, r))
            if not re.fullmatch(r"\d{8}", e["SQLDATE"]) or e["MonthYear"] != e["SQLDATE"][:6] \
                    or e["Year"] != e["SQLDATE"][:4]:
                return "dates %r" % r[:4]
            if not e["EventCode"].startswith(e["EventRootCode"]) or e["QuadClass"] not in "1234":
                return "codes %r" % e
            if not re.fullmatch(r"\d{14}", e["DATEADDED"]) or not e["GlobalEventID"].isdigit():
                return "DATEADDED or id %r" % e
            if e["GlobalEventID"] in ids:
                return "GlobalEventID repeated"
            ids.add(e["GlobalEventID"])
            if e["Actor1CountryCode"] and not e["Actor1Code"].startswith(e["Actor1CountryCode"]):
                return "actor code %r" % e["Actor1Code"]
    check("GDELT columns " + name, gdelt)

for path in sorted(glob.glob(os.path.join(d, "*.ics"))):
    name = os.path.basename(path)
    data = open(path, "rb").read()
    check("iCalendar lines " + name, lambda data=data: lines_crlf(data, 75))
    if not have_ical:
        continue
    def ical(data=data, name=name):
        import icalendar
        cal = icalendar.Calendar.from_ical(data)
        if str(cal.get("VERSION")) != "2.0" or not cal.get("PRODID"):
            return "VERSION or PRODID"
        # the same items, read by our own eyes from the unfolded text
        unfolded = re.sub(rb"\r\n[ \t]", b"", data).decode("utf-8")
        raw = re.findall(r"\nSUMMARY:(.*)\r", unfolded)
        events = cal.walk("VEVENT")
        if len(events) != len(raw) or not events:
            return "%d events, %d SUMMARY lines" % (len(events), len(raw))
        uids = set()
        for ev, r in zip(events, raw):
            uid = str(ev.get("UID"))
            if not re.fullmatch(r"[0-9a-f]{16}@hoptac", uid) or uid in uids:
                return "UID %r" % uid
            uids.add(uid)
            if ev.get("DTSTAMP") is None or ev.get("DTSTART") is None:
                return "DTSTAMP or DTSTART missing"
            start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
            if (end - start).days != 1:
                return "an all-day event lasts one day"
            want = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), r)
            if str(ev.get("SUMMARY")) != want:
                return "SUMMARY %r != %r" % (str(ev.get("SUMMARY")), want)
            if ev.get("DESCRIPTION") is None:
                return "DESCRIPTION missing"
        # serialising again keeps every event and its text
        again = icalendar.Calendar.from_ical(cal.to_ical())
        if [str(e.get("SUMMARY")) for e in again.walk("VEVENT")] != \
                [str(e.get("SUMMARY")) for e in events]:
            return "summaries change through icalendar's writer"
    check("icalendar parses " + name, ical)
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
if [ "$have_ical" = 1 ]; then
    ok "python3-icalendar present"
else
    skip "iCalendar read by python3-icalendar" "python3-icalendar is not installed"
fi

# The events sample against the committed golden file, and the dates of the calendar
# sample as the independent parser reads them.
expect_eq "events sample equals its golden file" \
    "$(cmp "$TMP/samples/events.tsv" "$ROOT/tests/fixtures/report/events.tsv" && echo same)" same
if [ "$have_ical" = 1 ]; then
    got=$("$PY" -c '
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
for ev in cal.walk("VEVENT")[:3]:
    print(ev.decoded("DTSTART").isoformat(), ev.decoded("DTSTAMP").isoformat())
' "$TMP/samples/calendar.ics")
    expect_eq "calendar dates read by icalendar" "$got" "2022-07-18 2023-11-14T22:13:20+00:00
2022-09-05 2023-11-14T22:13:20+00:00
2023-06-21 2023-11-14T22:13:20+00:00"
fi
done_testing
