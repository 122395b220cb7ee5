#!/usr/bin/env bash
# Reports on the sample articles of examples/: the timeline of Đắk Lắk with the 2024
# handover in Sê Kông and its source, and the anniversaries of 2025–2030 as iCalendar
# read by Python's icalendar (Debian's python3-icalendar): the dates of Vietnam's
# relations with the partner countries the articles name (China, Laos), lines folded at
# 75 octets with CRLF, DTSTAMP from the clock, UIDs that do not change with it.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
db="$TMP/ex.db"
export SOURCE_DATE_EPOCH=1700000000
"$H" ingest --db "$db" "$ROOT/examples" >/dev/null 2>&1
expect_status "examples ingested" 0 $?

tl=$("$H" timeline "Đắk Lắk" --json --db "$db"); st=$?
expect_status "timeline of Đắk Lắk exits 0" 0 "$st"
r=$(printf '%s' "$tl" | "$PY" -c '
import json, sys
rows = json.load(sys.stdin)
print(any(r["date"] == "2024-11-28" and r["type"] == "activity" and "Sê Kông" in r["parties"]
          and any(s.endswith("examples/daklak-sekong-2024.txt") for s in r["sources"])
          for r in rows))')
expect_eq "the 2024 handover in Sê Kông, with its source" "$r" True

"$H" report anniversaries --from 2025 --to 2030 --ics --db "$db" >"$TMP/a.ics"
expect_status "anniversaries --ics exits 0" 0 $?
SOURCE_DATE_EPOCH=1800000000 "$H" report anniversaries --from 2025 --to 2030 --ics --db "$db" \
    >"$TMP/b.ics"
"$H" report anniversaries --from 2025 --to 2030 --csv --db "$db" >"$TMP/a.csv"
expect_status "anniversaries --csv exits 0" 0 $?

"$PY" - "$TMP" <<'EOF' >"$TMP/oracle.log" 2>&1
import csv, os, sys
import icalendar
d = sys.argv[1]

def check(name, f):
    try:
        why = f()
    except Exception as e:
        why = "%s: %s" % (type(e).__name__, e)
    print(("ok - " + name) if not why else ("not ok - %s : %s" % (name, why)))

def events(name):
    data = open(os.path.join(d, name), "rb").read()
    return data, icalendar.Calendar.from_ical(data).walk("VEVENT")

def lines():
    data, _ = events("a.ics")
    if not data.endswith(b"\r\n") or b"\n" in data.replace(b"\r\n", b""):
        return "not CRLF line ends"
    long = [l for l in data.split(b"\r\n") if len(l) > 75]
    return "%d lines over 75 octets" % len(long) if long else None
check("CRLF, folded at 75 octets", lines)

def dates():
    _, ev = events("a.ics")
    got = [(e.decoded("DTSTART").isoformat(), str(e.get("SUMMARY"))) for e in ev]
    want = [("2025-01-18", "Kỷ niệm 75 năm thiết lập quan hệ ngoại giao Việt Nam – Trung Quốc"),
            ("2027-07-18", "Kỷ niệm 50 năm ký Hiệp ước hữu nghị và hợp tác Việt Nam – Lào"),
            ("2027-09-05", "Kỷ niệm 65 năm thiết lập quan hệ ngoại giao Việt Nam – Lào"),
            ("2030-01-18", "Kỷ niệm 80 năm thiết lập quan hệ ngoại giao Việt Nam – Trung Quốc")]
    missing = [w for w in want if w not in got]
    return "missing %r in %r" % (missing, got) if missing else None
check("the relations with China and Laos, round years", dates)

def stamps():
    _, a = events("a.ics")
    _, b = events("b.ics")
    if [str(e.get("UID")) for e in a] != [str(e.get("UID")) for e in b]:
        return "UIDs change with the clock"
    if len(set(str(e.get("UID")) for e in a)) != len(a):
        return "UIDs repeat"
    sa = {e.decoded("DTSTAMP").strftime("%Y%m%dT%H%M%S") for e in a}
    sb = {e.decoded("DTSTAMP").strftime("%Y%m%dT%H%M%S") for e in b}
    return None if sa == {"20231114T221320"} and sb == {"20270115T080000"} else "DTSTAMP %r %r" % (sa, sb)
check("stable UIDs, DTSTAMP from the clock", stamps)

def same_as_csv():
    _, ev = events("a.ics")
    with open(os.path.join(d, "a.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, strict=True))
    got = [r["date"] for r in rows if r["date"]]
    want = [e.decoded("DTSTART").isoformat() for e in ev]
    return None if got == want else "CSV %r, iCalendar %r" % (got, want)
check("the CSV lists the same days", same_as_csv)
EOF
st=$?
while IFS= read -r line; do
    case "$line" in
    "ok - "*) ok "${line#ok - }" ;;
    "not ok - "*) rest=${line#not ok - }; not_ok "${rest%% : *}" "${rest#* : }" ;;
    *) echo "# $line" ;;
    esac
done <"$TMP/oracle.log"
expect_status "python oracle ran" 0 "$st"
done_testing
