#!/usr/bin/env bash
# hoptac export --events: activities as GDELT 2.0-style event rows. A visit, a donation
# and a signing entered by hand get their CAMEO event codes, QuadClass and PLOVER types
# and actor codes built from country and province; the sample articles (examples/) give
# rows whose SOURCEURL is the article's URL; a Python oracle reads the TSV as GDELT-style
# event data (column names and order, dates, codes); --csv and --json hold the same rows.
. "$(dirname "$0")/../lib.sh"
export SOURCE_DATE_EPOCH=1700000000
PY=/usr/bin/python3
db="$TMP/m.db"
R=(--db "$db")

"$H" init "${R[@]}" >/dev/null
"$H" party add "name=Hội hữu nghị Việt Nam – Lào tỉnh Đắk Lắk" kind=organisation parent=VN-DLK \
    country=VN "${R[@]}" >/dev/null
"$H" party add "name=Hội hữu nghị Lào – Việt Nam tỉnh Sê Kông" kind=organisation parent=LA-XE \
    country=LA "${R[@]}" >/dev/null
add() { "$H" activity add "$@" "${R[@]}" >/dev/null || not_ok "activity add $1" "status $?"; }
add kind=visit date=2024-03-05 'parties=["Đắk Lắk","Sê Kông"]' "place=Sê Kông"
add kind=donation date=2024-11 'parties=["Đắk Lắk","Sê Kông"]'
add kind=signing date=2018-06-21 \
    'parties=["Hội hữu nghị Việt Nam – Lào tỉnh Đắk Lắk","Hội hữu nghị Lào – Việt Nam tỉnh Sê Kông"]' \
    "place=Buôn Ma Thuột"
add kind=reception date=2023 'parties=["Kon Tum","Campuchia"]'

"$H" export --events "${R[@]}" >"$TMP/m.tsv"; st=$?
expect_status "export --events exits 0" 0 "$st"
"$H" export --events --csv "${R[@]}" >"$TMP/m.csv"
expect_status "--csv exits 0" 0 $?
"$H" export --events --json "${R[@]}" >"$TMP/m.json"
expect_status "--json exits 0" 0 $?
"$H" export --events --output "$TMP/o.tsv" "${R[@]}" >/dev/null
expect_eq "--output writes the same rows" "$(cmp -s "$TMP/o.tsv" "$TMP/m.tsv" && echo same)" same
"$H" report events "${R[@]}" >"$TMP/r.tsv"
expect_eq "report events gives the same rows" "$(cmp -s "$TMP/r.tsv" "$TMP/m.tsv" && echo same)" same

# codes of each kind, read from the JSON form
got=$("$PY" - "$TMP/m.json" <<'EOF'
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
for r in sorted(rows, key=lambda r: r["SQLDATE"]):
    print(r["SQLDATE"], r["EventCode"], r["EventBaseCode"], r["EventRootCode"], r["QuadClass"],
          r["PloverType"], r["Actor1Code"], r["Actor1CountryCode"], r["Actor1Type1Code"],
          r["Actor2Code"], r["Actor2CountryCode"], r["Actor2Type1Code"], r["DatePrecision"])
EOF
)
expect_eq "CAMEO and PLOVER codes of a signing, a reception, a visit and a donation" "$got" \
"20180621 057 057 05 1 SUPPORT VNMDLK VNM None LAO0XE LAO None day
20230101 043 043 04 1 CONSULT VNMKTMGOV VNM GOV KHM KHM None year
20240305 042 042 04 1 CONSULT VNMDLKGOV VNM GOV LAO0XEGOV LAO GOV day
20241101 070 070 07 2 AID VNMDLKGOV VNM GOV LAO0XEGOV LAO GOV month"

# ---- the sample articles, one with a URL ----
edb="$TMP/ex.db"
"$H" ingest --db "$edb" "$ROOT/examples" >/dev/null 2>&1
expect_status "examples ingested" 0 $?
doc=$(sqlite3 "$edb" "SELECT id FROM documents WHERE source LIKE '%daklak-sekong-2024%'")
"$H" document edit "$doc" url=https://tin.example.vn/2024/11/dak-lak-se-kong --db "$edb" >/dev/null
"$H" export --events --db "$edb" >"$TMP/ex.tsv"
expect_status "export --events of the examples exits 0" 0 $?
"$H" export --events --csv --db "$edb" >"$TMP/ex.csv"
"$H" export --events --json --db "$edb" >"$TMP/ex.json"

# The oracle: GDELT 2.0's event table columns (the GDELT Event Codebook V2.0), of
# which the file must hold a subset in GDELT's order before its own columns.
"$PY" - "$TMP" <<'EOF' >"$TMP/oracle.log" 2>&1
import csv, datetime, json, os, sys
d = sys.argv[1]
GDELT = """GlobalEventID SQLDATE MonthYear Year FractionDate
Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode
Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code
Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode
Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code
IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions
NumSources NumArticles AvgTone Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode
Actor1Geo_ADM1Code Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID
Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code
Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID ActionGeo_Type
ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code
ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL""".split()
OWN = ["PloverType", "DatePrecision", "YearInferred", "HoptacID", "SourceURLs"]
QUAD = {"01": 1, "02": 1, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "08": 2}
PLOVER = {"03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID"}

def check(name, f):
    try:
        why = f()
    except Exception as e:
        why = "%s: %s" % (type(e).__name__, e)
    print(("ok - " + name) if not why else ("not ok - %s : %s" % (name, why)))

def read_tsv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE, strict=True))

def gdelt(path):
    rows = read_tsv(path)
    head, body = rows[0], rows[1:]
    if not body:
        return "no rows"
    gd = [c for c in head if c not in OWN]
    if head[len(gd):] != OWN:
        return "hoptac's own columns are not last: %r" % head[len(gd):]
    unknown = [c for c in gd if c not in GDELT]
    if unknown:
        return "not GDELT 2.0 columns: %r" % unknown
    if [GDELT.index(c) for c in gd] != sorted(GDELT.index(c) for c in gd):
        return "columns out of GDELT's order"
    ids = set()
    for n, cells in enumerate(body, 2):
        if len(cells) != len(head):
            return "line %d: %d fields, header %d" % (n, len(cells), len(head))
        r = dict(zip(head, cells))
        day = datetime.datetime.strptime(r["SQLDATE"], "%Y%m%d").date()
        if r["MonthYear"] != r["SQLDATE"][:6] or r["Year"] != r["SQLDATE"][:4]:
            return "line %d: MonthYear/Year disagree with SQLDATE" % n
        frac = float(r["FractionDate"])
        if int(frac) != day.year or abs(frac - (day.year + ((day.month - 1) * 30 + day.day) / 365)) > 1e-4:
            return "line %d: FractionDate %s" % (n, r["FractionDate"])
        code, base, root = r["EventCode"], r["EventBaseCode"], r["EventRootCode"]
        if not (code.startswith(base) and base.startswith(root) and len(root) == 2):
            return "line %d: codes %s %s %s" % (n, code, base, root)
        if int(r["QuadClass"]) != QUAD[root] or r["PloverType"] != PLOVER[root]:
            return "line %d: QuadClass/PloverType of root %s" % (n, root)
        for a in ("Actor1", "Actor2"):
            c, cc, ty = r[a + "Code"], r[a + "CountryCode"], r[a + "Type1Code"]
            if c and not (c.startswith(cc) and len(cc) == 3 and (not ty or c.endswith(ty))):
                return "line %d: %s %s %s" % (n, c, cc, ty)
        datetime.datetime.strptime(r["DATEADDED"], "%Y%m%d%H%M%S")
        # a record entered by hand has no source
        urls = r["SourceURLs"].split(" ") if r["SourceURLs"] else []
        if (urls[:1] or [""])[0] != r["SOURCEURL"] or int(r["NumArticles"]) != len(urls):
            return "line %d: SOURCEURL %r, SourceURLs %r" % (n, r["SOURCEURL"], urls)
        if r["GlobalEventID"] in ids or not 0 <= int(r["GlobalEventID"]) < 2**53:
            return "line %d: GlobalEventID %s" % (n, r["GlobalEventID"])
        ids.add(r["GlobalEventID"])
    print("# %s: %d rows, %d columns" % (os.path.basename(path), len(body), len(head)))

def same(base):
    def f():
        tsv = read_tsv(os.path.join(d, base + ".tsv"))
        with open(os.path.join(d, base + ".csv"), newline="", encoding="utf-8") as fh:
            cs = list(csv.reader(fh, strict=True))
        js = json.load(open(os.path.join(d, base + ".json"), encoding="utf-8"))
        if tsv[0] != cs[0] or tsv[0] != list(js[0].keys()):
            return "headers differ"
        if len(tsv) != len(cs) or len(js) != len(tsv) - 1:
            return "row counts differ"
        for t, c, j in zip(tsv[1:], cs[1:], js):
            for k, a, b in zip(tsv[0], t, c):
                v = j[k]
                v = " ".join(v) if k == "SourceURLs" else "" if v is None else str(v)
                if k == "SourceURLs":
                    b = b.replace("\n", " ")
                if not (a == b == v):
                    return "%s: %r %r %r" % (k, a, b, v)
    return f

for base in ("m", "ex"):
    check("GDELT-style TSV " + base, lambda base=base: gdelt(os.path.join(d, base + ".tsv")))
    check("TSV, CSV and JSON hold the same rows " + base, same(base))

def url():
    rows = read_tsv(os.path.join(d, "ex.tsv"))
    r = [dict(zip(rows[0], x)) for x in rows[1:]]
    hit = [x for x in r if x["SOURCEURL"] == "https://tin.example.vn/2024/11/dak-lak-se-kong"]
    if not hit or hit[0]["Actor1Code"] != "VNMDLKGOV" or hit[0]["Actor2CountryCode"] != "LAO":
        return "no Đắk Lắk – Sê Kông row with the article's URL: %r" % [(x["Actor1Code"], x["SOURCEURL"]) for x in r]
    if hit[0]["NumSources"] != "1" or hit[0]["SQLDATE"] != "20241128":
        return "NumSources %s, SQLDATE %s" % (hit[0]["NumSources"], hit[0]["SQLDATE"])
check("the article's URL is SOURCEURL", url)
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

# ---- usage ----
"$H" export --csv "${R[@]}" >/dev/null 2>&1
expect_status "--csv without --events is a usage error" 2 $?
"$H" export --events --csv --json "${R[@]}" >/dev/null 2>&1
expect_status "two formats are a usage error" 2 $?
"$H" export --json "${R[@]}" >/dev/null 2>&1
expect_status "--json without --events is still a usage error" 2 $?
"$H" export --events --db "$TMP/none.db" >/dev/null 2>&1
expect_status "no registry exits 1" 1 $?
done_testing
