#!/usr/bin/env bash
# hoptac extract, the document part, through the binary: --json, --text, --blocks on
# HTML, text and JSON Lines; files, directories, '-' and FILE.jsonl#ID; bad input
# (empty, binary, invalid UTF-8, bad JSON lines, a long single line, deep nesting).
. "$(dirname "$0")/../lib.sh"
FIX="$ROOT/tests/fixtures/pages"

# --- JSON of an HTML page, checked by Python's json
out=$("$H" extract --json "$FIX/portal_article.html"); st=$?
expect_status "extract --json on an HTML page exits 0" 0 "$st"
got=$(printf '%s' "$out" | python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
doc = d["document"]
print(d["source"].endswith("portal_article.html"), doc["title"], doc["published"],
      doc["body_chars"] > 800, doc["boilerplate_blocks"] >= 10,
      all(isinstance(d[k], list) for k in ("parties", "people", "agreements", "activities", "anniversaries")))')
expect_eq "document fields of the HTML page" "$got" \
    "True Quảng Trị và Savannakhet ký biên bản ghi nhớ hợp tác giai đoạn 2023 - 2027 2022-11-03 True True True"

# --- the article alone
out=$("$H" extract --text "$FIX/portal_article.html")
expect_match "--text has the title" "$out" "^Quảng Trị và Savannakhet ký"
expect_match "--text has the lead" "$out" "Chiều 2/11, tại thành phố Đông Hà"
expect_match "--text has the last paragraph" "$out" "triển khai nghiêm túc những nội dung đã ký"
expect_nomatch "--text has no menu" "$out" "Thời sự|Thể thao"
expect_nomatch "--text has no related list" "$out" "Tin liên quan|Khai mạc hội chợ"
expect_nomatch "--text has no most-read list" "$out" "Đọc nhiều|Giá lúa"
expect_nomatch "--text has no caption nor byline" "$out" "Ảnh: Thanh Hà|Minh Châu"
expect_nomatch "--text has no footer" "$out" "Cơ quan chủ quản"

# --- blocks: class, span, first words, reason
out=$("$H" extract --blocks "$FIX/form_wrapped.html")
expect_match "--blocks header names source and format" "$out" "^# .*form_wrapped.html \(html, [0-9]+ blocks, published 2021-06-21\)"
expect_match "--blocks shows the title" "$out" "title +[0-9]+-[0-9]+ +Kết nghĩa giữa Hội hữu nghị hai tỉnh"
expect_match "--blocks shows the byline with its reason" "$out" "byline +[0-9]+-[0-9]+ +Nguyễn Văn An +\[name after the last paragraph\]"
expect_match "--blocks shows why the list was dropped" "$out" "boilerplate +[0-9]+-[0-9]+ +Gặp mặt cán bộ.*\["
span=$(printf '%s\n' "$out" | awk '$1=="byline"{print $2}')
a=${span%-*}; b=${span#*-}
expect_eq "the byline's span holds its bytes" "$(head -c "$b" "$FIX/form_wrapped.html" | tail -c $((b - a)))" "Nguyễn Văn An"

# --- JSON Lines: names, a bad line that does not stop the others
cat >"$TMP/n.jsonl" <<'EOF'
{"id": "x1", "title": "Tin thứ nhất", "text": "Sapo.\nThân bài của tin thứ nhất.", "date": "2021-04-12", "url": "http://vd/1"}
{"id": "x2", "title": "Tin hỏng", "text": "thiếu ngoặc"
{"title": "Tin không có id", "text": "Thân bài của tin thứ ba."}
EOF
out=$("$H" extract --json "$TMP/n.jsonl" 2>"$TMP/err"); st=$?
expect_status "a bad JSON line makes the exit status 1" 1 "$st"
expect_eq "the good lines are still printed" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "2"
expect_match "a JSON Lines document is FILE#ID" "$out" "\"source\":\"[^\"]*n.jsonl#x1\""
expect_match "without an id it is FILE#LINE" "$out" "\"source\":\"[^\"]*n.jsonl#3\""
expect_match "title and date come from the fields" "$out" "\"title\":\"Tin thứ nhất\",\"published\":\"2021-04-12\""
expect_match "the bad line is named with line and column" "$(cat "$TMP/err")" "n.jsonl:2:[0-9]+: "
out=$("$H" extract --text "$TMP/n.jsonl#x1"); st=$?
expect_status "FILE.jsonl#ID exits 0" 0 "$st"
expect_eq "FILE.jsonl#ID prints that article, title first" "$out" "Tin thứ nhất
Sapo.
Thân bài của tin thứ nhất."
"$H" extract "$TMP/n.jsonl#nope" >/dev/null 2>"$TMP/err"; st=$?
expect_status "an unknown #ID exits 1" 1 "$st"
expect_match "an unknown #ID is named" "$(cat "$TMP/err")" "n.jsonl#nope"

# --- standard input and directories
out=$(printf 'Tiêu đề từ đầu vào chuẩn\nMột đoạn văn đủ dài, có dấu chấm ở cuối câu để làm thân bài.\n' | "$H" extract --json -)
expect_match "'-' reads standard input" "$out" "\"source\":\"-\",\"document\":\{\"title\":\"Tiêu đề từ đầu vào chuẩn\""
mkdir -p "$TMP/d/sub"
cp "$FIX/article_tags.html" "$TMP/d/sub/"
cp "$TMP/n.jsonl" "$TMP/d/"
printf '\x89PNG\r\n\x1a\n\0\0' >"$TMP/d/sub/logo.png"
out=$("$H" extract --json "$TMP/d" 2>"$TMP/err")
expect_eq "a directory is read recursively, articles only" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "3"
expect_nomatch "files that are not articles are skipped" "$(cat "$TMP/err")" "logo.png"

# --- bad input: clear errors, never a crash
: >"$TMP/empty.txt"
err=$("$H" extract "$TMP/empty.txt" 2>&1 >/dev/null); st=$?
expect_status "an empty file exits 1" 1 "$st"
expect_match "an empty file is said so" "$err" "empty.txt: empty file"
printf 'GIF89a\0\0\1\0' >"$TMP/pic.txt"
err=$("$H" extract "$TMP/pic.txt" 2>&1 >/dev/null); st=$?
expect_status "a binary file exits 1" 1 "$st"
expect_match "a binary file is said so" "$err" "pic.txt: byte 6: NUL byte: binary data"
printf 'Tiêu đề\nĐoạn \xc3\x28 hỏng\n' >"$TMP/bad.txt"
err=$("$H" extract "$TMP/bad.txt" 2>&1 >/dev/null); st=$?
expect_status "invalid UTF-8 exits 1" 1 "$st"
expect_match "invalid UTF-8 names the byte" "$err" "bad.txt: byte 20: invalid UTF-8"
out=$("$H" extract --json "$TMP/bad.txt" "$FIX/form_wrapped.html" 2>/dev/null)
expect_match "a bad file does not stop the next one" "$out" "form_wrapped.html"
python3 -c "
s = 'Hai bên trao đổi kinh nghiệm (Ảnh: TTXVN) và hợp tác [Một tin khác có liên quan ở đây] tiếp. '
open('$TMP/long.txt', 'w').write(s * (4 * 1024 * 1024 // len(s.encode())))"
out=$("$H" extract --json "$TMP/long.txt"); st=$?
expect_status "a 4 MB single line is read" 0 "$st"
expect_match "a 4 MB single line gives a document" "$out" "\"body_chars\":[0-9]{6,}"
python3 -c "print('<div>' * 10000 + 'sâu' + '</div>' * 10000)" >"$TMP/deep.html"
out=$("$H" extract --blocks "$TMP/deep.html"); st=$?
expect_status "10,000 nested elements are read" 0 "$st"
expect_match "the deep text is found" "$out" "sâu"
python3 -c "print('<html><body>' + '<p>a<b>b<i>c' * 3000)" >"$TMP/unclosed.html"
"$H" extract --json "$TMP/unclosed.html" >/dev/null; st=$?
expect_status "thousands of unclosed elements are read" 0 "$st"

# --- standard input
# JSON Lines come a line at a time and each document is printed at once: a program
# that writes one article and waits sees its result before it writes the next (the
# wait gives up after 30 s). Other input is read whole, with its spans counted from
# the first byte: leading blank lines and a byte order mark included.
line() { printf '{"id":"s%d","title":"Tỉnh Gia Lai và tỉnh Ratanakiri","text":"Ngày %d/3/2024, đoàn tỉnh Gia Lai làm việc với tỉnh Ratanakiri."}\n' "$1" "$1"; }
lines_of() { local n; n=$(wc -l <"$1" 2>/dev/null); echo "${n:-0}"; }
wait_lines() { # FILE N
    local i=0
    while [ "$i" -lt 150 ] && [ "$(lines_of "$1")" -lt "$2" ]; do
        sleep 0.2
        i=$((i + 1))
    done
}
{ line 1; wait_lines "$TMP/stream.out" 1; lines_of "$TMP/stream.out" >"$TMP/stream.seen"; line 2; } |
    "$H" extract --json - >"$TMP/stream.out"; st=$?
expect_status "extract - of a slow stream exits 0" 0 "$st"
expect_eq "the first document is printed before the second line is written" "$(cat "$TMP/stream.seen")" 1
expect_eq "then the second" "$(grep -o '"source":"[^"]*"' "$TMP/stream.out" | tr '\n' ' ')" '"source":"-#s1" "source":"-#s2" '
out=$(printf '\xef\xbb\xbf\n\n%s\n{bad\n' "$(line 3)" | "$H" extract --json - 2>&1); st=$?
expect_status "a bad line on standard input exits 1" 1 "$st"
expect_match "the good line is read after a byte order mark and blank lines" "$out" '"source":"-#s3"'
expect_match "the bad one is named by its line" "$out" "hoptac extract: -:4:"
out=$(printf '\n  Tỉnh Gia Lai và tỉnh Ratanakiri\n\nĐoàn tỉnh Gia Lai làm việc với tỉnh Ratanakiri về thương mại.\n' | "$H" extract --blocks -)
expect_match "a text on standard input keeps the spans of its bytes" "$out" "^title +3-39 "

# --- usage
"$H" extract --frob x >/dev/null 2>&1; expect_status "an unknown option is a usage error" 2 $?
"$H" extract >/dev/null 2>&1; expect_status "no input is a usage error" 2 $?
"$H" extract "$TMP/none.txt" >/dev/null 2>&1; expect_status "a missing file exits 1" 1 $?
done_testing
