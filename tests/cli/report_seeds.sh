#!/usr/bin/env bash
# The reports after ingesting the seed articles ($SHARED/seeds): the timeline of Đắk Lắk
# and Sê Kông with the 2018 signing and the 2022 working session and their sources; the
# 2018–2023 agreement expired without renewal on 2024-01-01; the Kon Tum – Sê Kông
# memorandum in the history of Quảng Ngãi (Kon Tum's successor); the implementation of
# the 2018 agreement: 9 tasks declared, 5 listed, 4 not listed, its signing linked.
. "$(dirname "$0")/../lib.sh"
export SOURCE_DATE_EPOCH=1700000000
PY=/usr/bin/python3
if ! have_shared; then
    skip "reports on the seeds" "no $SHARED/seeds"
    done_testing; exit
fi
db="$TMP/seeds.db"
out=$("$H" ingest --db "$db" "$SHARED"/seeds/*.txt 2>&1); st=$?
expect_status "ingest of the seeds exits 0" 0 "$st"

# Names resolve through the gazetteer whatever extraction found.
run_ok() { local name=$1; shift; "$H" "$@" --db "$db" >/dev/null 2>"$TMP/err"; expect_status "$name exits 0" 0 $?; }
run_ok "timeline of the pair" timeline "Đắk Lắk" Sekong
run_ok "timeline of Quảng Ngãi" timeline "quang ngai"
run_ok "agreements" report agreements --as-of 2024-01-01
run_ok "anniversaries" report anniversaries --from 2018 --to 2030 --ics
run_ok "events" report events

n=$(sqlite3 "$db" "SELECT count(*) FROM agreements" 2>/dev/null || echo 0)
[ "${n:-0}" -ge 2 ] && ok "the seeds give agreements ($n)" ||
    not_ok "the seeds give agreements" "found ${n:-0}: the checks below need extraction to find them"

json() { "$H" "$@" --db "$db" --json; }

# ---- timeline of the pair ----
tl=$(json timeline "Đắk Lắk" "Sê Kông")
r=$(printf '%s' "$tl" | "$PY" -c '
import json, sys
rows = json.load(sys.stdin)
def has(pred):
    return any(pred(r) for r in rows)
s2018 = has(lambda r: r["type"] == "activity" and r["kind"] in ("signing", "twinning")
            and r["date"].startswith("2018-06-21") and any("001_" in s for s in r["sources"]))
w2022 = has(lambda r: r["type"] == "activity" and r["date"].startswith("2022")
            and r["kind"] in ("working_session", "visit", "reception", "talks")
            and any("000_" in s for s in r["sources"]))
dates = [r["date"][:10] for r in rows]
print(s2018, w2022, dates == sorted(dates))')
expect_eq "timeline Đắk Lắk – Sê Kông: the 2018 signing, the 2022 session, in date order" "$r" \
    "True True True"

# ---- agreements on 2024-01-01 ----
ag=$(json report agreements --as-of 2024-01-01)
r=$(printf '%s' "$ag" | "$PY" -c '
import json, sys
rows = json.load(sys.stdin)
hit = [r for r in rows if r["term"] == "2018–2023" and "Đắk Lắk" in r["parties"]
       and "Sê Kông" in r["parties"]]
print(len(hit) > 0 and all(r["status"] == "expired" and not r["by"] for r in hit))')
expect_eq "the 2018–2023 agreement expired without renewal" "$r" "True"

# ---- Quảng Ngãi's history holds Kon Tum's memorandum ----
qn=$(json timeline "Quảng Ngãi")
r=$(printf '%s' "$qn" | "$PY" -c '
import json, sys
rows = json.load(sys.stdin)
print(any(r["type"] == "agreement" and r["kind"] == "mou" and r["date"].startswith("2022-11-03")
          and r["via"] == "Kon Tum" and "Sê Kông" in r["parties"] for r in rows))')
expect_eq "the Kon Tum – Sê Kông memorandum under Quảng Ngãi, via Kon Tum" "$r" "True"

# ---- implementation of the 2018 agreement ----
id=$(printf '%s' "$ag" | "$PY" -c '
import json, sys
rows = [r for r in json.load(sys.stdin) if r["term"] == "2018–2023"]
print(rows[0]["id"] if rows else "")')
im=$(json report implementation "${id:-none}")
r=$(printf '%s' "$im" | "$PY" -c '
import json, sys
rows = json.load(sys.stdin)
tasks = {r["task"]: r for r in rows if r["task"] is not None}
listed = sorted(t for t, r in tasks.items() if r["text"])
unlisted = sorted(t for t, r in tasks.items() if r["state"] == "not_listed")
linked = [r for r in rows if r["activity_id"]]
print(sorted(tasks) == list(range(1, 10)), listed, unlisted, len(linked) > 0)')
expect_eq "implementation: 9 declared, 5 listed, 4 not listed, activities linked" "$r" \
    "True [1, 2, 3, 4, 5] [6, 7, 8, 9] True"
txt=$("$H" report implementation "${id:-none}" --db "$db")
expect_match "and says so under the table" "$txt" "9 tasks declared, 5 listed \\(4 not listed in the sources\\), [0-9]+ carried out"

# ---- anniversaries and deadlines, read by Python's icalendar ----
"$H" report anniversaries --from 2018 --to 2030 --ics --db "$db" >"$TMP/seeds.ics"
r=$("$PY" - "$TMP/seeds.ics" <<'EOF'
import sys
import icalendar
data = open(sys.argv[1], "rb").read()
assert all(len(l) <= 75 for l in data.split(b"\r\n")), "a line longer than 75 octets"
cal = icalendar.Calendar.from_ical(data)
for e in cal.walk("VEVENT"):
    print(e.decoded("DTSTART").isoformat(), e.get("CATEGORIES").to_ical().decode(),
          str(e.get("SUMMARY")).split(" (")[0])
EOF
)
expect_match "5 years of the 2018 signing" "$r" "2023-06-21 anniversary Kỷ niệm 5 năm ký Thỏa thuận hợp tác"
expect_match "the 2018–2023 term ends" "$r" "2023-12-31 term_end Hết hạn: Thỏa thuận hợp tác"
expect_match "5 years of the Kon Tum – Sê Kông memorandum" "$r" "2027-11-03 anniversary Kỷ niệm 5 năm ký Bản ghi nhớ"
expect_match "its 2022–2027 term ends" "$r" "2027-12-31 term_end Hết hạn: Bản ghi nhớ"
expect_match "60 years of Vietnam – Laos diplomatic relations" "$r" \
    "2022-09-05 anniversary Kỷ niệm 60 năm thiết lập quan hệ ngoại giao Việt Nam – Lào"
expect_match "50 years of the Vietnam – Laos treaty" "$r" \
    "2027-07-18 anniversary Kỷ niệm 50 năm ký Hiệp ước hữu nghị và hợp tác Việt Nam – Lào"
expect_nomatch "no Cambodian dates: no Cambodian party in the seeds" "$r" "Campuchia"
done_testing
