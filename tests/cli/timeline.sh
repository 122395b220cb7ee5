#!/usr/bin/env bash
# hoptac timeline through the binary: a party named by id, name, variant or without
# accents gives the same timeline; a successor's history; unknown and ambiguous names
# (exit 1, with the candidates); usage errors (exit 2). The registry is the one of
# tests/cli/report.sh (written by tests/unit/test_app_report.c).
. "$(dirname "$0")/../lib.sh"
export SOURCE_DATE_EPOCH=1700000000
db="$TMP/r.db"
builder="$ROOT/build/asan/tests/test_app_report"
if [ ! -x "$builder" ]; then
    not_ok "registry builder built" "missing $builder (run make check)"
    done_testing; exit
fi
HT_REPORT_REGISTRY="$db" "$builder" >"$TMP/build.log" 2>&1
expect_status "test registry written" 0 $?
T=("$H" timeline --db "$db")

want=$("${T[@]}" VN-DLK LA-XE --csv); st=$?
expect_status "timeline by ids exits 0" 0 "$st"
expect_eq "four rows and a header" "$(printf '%s\n' "$want" | grep -c '^20')" "4"
for names in "Đắk Lắk|Sê Kông" "dak lak|sekong" "DAKLAK|Xê Kông" "vn-dlk|Xekong" "Darlac|la-xe"; do
    got=$("${T[@]}" "${names%|*}" "${names#*|}" --csv)
    expect_eq "the same timeline for '${names%|*}' and '${names#*|}'" "$got" "$want"
done
rows() { /usr/bin/python3 -c 'import csv, sys
for r in list(csv.DictReader(sys.stdin)): print(r["date"], r["type"], r["id"])'; }
expect_eq "the pair in either order has the same rows" "$("${T[@]}" LA-XE VN-DLK --csv | rows)" \
    "$(printf '%s\n' "$want" | rows)"

out=$("${T[@]}" "Kon Tum")
expect_match "Kon Tum's own records" "$out" "2022-11-03  agreement  mou"
out=$("${T[@]}" "Quảng Ngãi" "Sê Kông")
expect_match "Quảng Ngãi and Sê Kông: Kon Tum's memorandum, via Kon Tum" "$out" \
    "2022-11-03  agreement  mou .* Kon Tum  agr-"
out=$("${T[@]}" "Gia Lai" --json)
expect_match "Gia Lai: its two memoranda" "$out" '"signed"|"kind":"mou".*"kind":"mou"'
out=$("${T[@]}" "Hà Giang" --csv)
expect_eq "a party without records: the header alone" "$(printf '%s' "$out" | tr -d '\r')" \
    "date,type,kind,title,parties,place,via,id,sources"

err=$("${T[@]}" Atlantis 2>&1); st=$?
expect_status "an unknown party exits 1" 1 "$st"
expect_match "and says so" "$err" "no party named 'Atlantis'"
err=$("${T[@]}" "Hội hữu nghị tỉnh" 2>&1); st=$?
expect_status "an ambiguous name exits 1" 1 "$st"
expect_match "and lists the candidates" "$err" \
    "'Hội hữu nghị tỉnh' names 2 parties: org-[0-9a-f]+ \(Hội hữu nghị Việt Nam – (Lào|Campuchia).*\); org-"
"${T[@]}" >/dev/null 2>&1; expect_status "no party is a usage error" 2 $?
"${T[@]}" a b c >/dev/null 2>&1; expect_status "three parties is a usage error" 2 $?
"${T[@]}" VN-DLK --yaml >/dev/null 2>&1; expect_status "an unknown option is a usage error" 2 $?
out=$("${T[@]}" -- VN-DLK 2>&1); st=$?
expect_status "-- before the party" 0 "$st"
done_testing
