#!/usr/bin/env bash
# Ingest reads and extracts documents ahead of the writes: what a run stores and says
# must not depend on it. Many documents (more than the queue between reading and
# writing holds: 512), good and bad ones mixed, are reported in reading order; one run
# and one file per run give the same registry; a second run writes nothing; duplicates
# inside one run keep the smallest path.
. "$(dirname "$0")/../lib.sh"
export SOURCE_DATE_EPOCH=1700000000
IN="$TMP/in"
mkdir -p "$IN"

# Articles of our own, built from a few sentences: parties, dates, agreements.
python3 - "$IN" <<'EOF'
import os, sys
out = sys.argv[1]
vn = ["Đắk Lắk", "Kon Tum", "Gia Lai", "Quảng Nam", "Nghệ An", "Điện Biên"]
la = ["Sê Kông", "Attapeu", "Champasak", "Salavan"]
for i in range(40):
    a, b = vn[i % len(vn)], la[i % len(la)]
    day, month = 1 + i % 27, 1 + i % 12
    text = ("Ngày %d/%d/2024, đoàn công tác tỉnh %s do Phó Chủ tịch UBND tỉnh dẫn đầu "
            "đã làm việc với chính quyền tỉnh %s (Lào).\n"
            "Hai bên đã ký kết biên bản ghi nhớ hợp tác giai đoạn 2024 - 2028 về y tế, "
            "giáo dục và thương mại, lần thứ %d.\n" % (day, month, a, b, i + 1))
    with open(os.path.join(out, "a%03d.txt" % i), "w", encoding="utf-8") as f:
        f.write("Tỉnh %s và tỉnh %s tăng cường hợp tác (%d)\n\n%s" % (a, b, i, text))
# the same article under a larger name: the registry keeps the smaller one
with open(os.path.join(out, "a007.txt"), "rb") as f:
    same = f.read()
with open(os.path.join(out, "z007.txt"), "wb") as f:
    f.write(same)
# bad ones among them
open(os.path.join(out, "a010.txt"), "w").close()
with open(os.path.join(out, "a025.txt"), "wb") as f:
    f.write(b"Tinh Dak Lak\x00\x01\x02 hop tac")
# many short ones, one of them broken far down
with open(os.path.join(out, "m.jsonl"), "w", encoding="utf-8") as f:
    for i in range(600):
        if i == 549:
            f.write('{"id": "m549", "text": "Tỉnh\n')
            continue
        f.write('{"id": "m%d", "title": "Tin %d", "text": "Ngày %d/%d/2023, tỉnh %s tiếp '
                'đoàn tỉnh %s (Lào) đến thăm và làm việc, chuyến thăm thứ %d."}\n'
                % (i, i, 1 + i % 28, 1 + i % 12, vn[i % len(vn)], la[i % len(la)], i))
with open(os.path.join(out, "a040.jsonl"), "w", encoding="utf-8") as f:
    f.write('{"id": "x1", "title": "Tin", "text": "Tỉnh Gia Lai đón đoàn tỉnh Attapeu."}\n')
    f.write('{"id": "x2", "title": "Hỏng", "text": \n')
    f.write('{"id": "x3", "title": "Tin", "text": "Tỉnh Kon Tum tiếp đoàn tỉnh Sê Kông."}\n')
EOF

out=$("$H" ingest --json --db "$TMP/one.db" "$IN" 2>"$TMP/err"); st=$?
expect_status "one run over the directory: exit 1 (bad documents)" 1 "$st"
summary() { python3 -c 'import json,sys; o=json.loads(sys.argv[1]); print(o["documents"], o["added"], o["unchanged"], o["failed"], o["writes"] > 0)' "$1"; }
expect_eq "documents, added, unchanged, failed" "$(summary "$out")" "644 639 1 4 True"
expect_eq "the bad ones are named in reading order" \
    "$(sed -E 's/^hoptac ingest: ([^:]*):.*/\1/' "$TMP/err")" \
    "$(printf '%s\n' "$IN/a010.txt" "$IN/a025.txt" "$IN/a040.jsonl" "$IN/m.jsonl")"
expect_eq "the JSON summary lists them in the same order" \
    "$(python3 -c 'import json,sys; print(" ".join(f["source"].split("/")[-1] for f in json.loads(sys.argv[1])["failures"]))' "$out")" \
    "a010.txt a025.txt a040.jsonl m.jsonl"
expect_match "the broken lines are named with their line" "$(tr '\n' ' ' <"$TMP/err")" \
    "a040\.jsonl:2:[0-9]+: .*/m\.jsonl:550:[0-9]+: "

# one file per run, where nothing is read ahead, on a part of them (a process each)
mkdir -p "$TMP/part"
cp "$IN"/a00[0-9].txt "$IN"/a010.txt "$IN"/a040.jsonl "$IN"/z007.txt "$TMP/part/"
"$H" ingest --db "$TMP/part.db" "$TMP/part" >/dev/null 2>&1
for f in "$TMP/part"/*; do "$H" ingest --db "$TMP/each.db" "$f" >/dev/null 2>&1; done
"$H" export --db "$TMP/part.db" >"$TMP/part.json"
"$H" export --db "$TMP/each.db" >"$TMP/each.json"
expect_eq "the same registry as one file per run" "$(cmp "$TMP/part.json" "$TMP/each.json" && echo same)" "same"
"$H" export --db "$TMP/one.db" >"$TMP/one.json"
expect_match "the duplicate keeps the smaller path" "$(cat "$TMP/one.json")" "/a007\.txt\""
expect_nomatch "the larger path is not kept" "$(cat "$TMP/one.json")" "/z007\.txt\""

out=$("$H" ingest --json --db "$TMP/one.db" "$IN" 2>/dev/null); st=$?
expect_eq "a second run: all unchanged, nothing written" \
    "$(python3 -c 'import json,sys; o=json.loads(sys.argv[1]); print(o["unchanged"], o["writes"])' "$out")" "640 0"
"$H" export --db "$TMP/one.db" >"$TMP/again.json"
expect_eq "a second run changes nothing" "$(cmp "$TMP/one.json" "$TMP/again.json" && echo same)" "same"

done_testing
