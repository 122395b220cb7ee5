#!/usr/bin/env bash
# The seed documents through `hoptac extract`: the document part of what the issue
# asks of them (title, captions, boilerplate lists, byline, no published date).
. "$(dirname "$0")/../lib.sh"
S0="$SHARED/seeds/000_99a0bb244055c814.txt"
S1="$SHARED/seeds/001_ca6b6188b55768b1.txt"
if [ ! -f "$S0" ] || [ ! -f "$S1" ]; then
    skip "seed documents" "no seeds at $SHARED/seeds"
    done_testing
    exit
fi

out=$("$H" extract --json "$S0"); st=$?
expect_status "seed 000 is read" 0 "$st"
expect_match "seed 000: the title is found" "$out" \
    "\"title\":\"Tăng cường quan hệ hợp tác toàn diện giữa hai tỉnh Đắk Lắk và Sê Kông \(Lào\)\""
expect_match "seed 000: no published date" "$out" "\"published\":null"

blocks=$("$H" extract --blocks "$S0" | tail -n +2)
classes=$(printf '%s\n' "$blocks" | awk '{print $1}')
expect_eq "seed 000: the title, then two captions" "$(printf '%s\n' "$classes" | head -3 | sed 's/caption-other/caption/' | tr '\n' ' ')" "title caption caption "
after=$(printf '%s\n' "$blocks" | awk '/Tin bài liên quan/{f=1} f{print $1}' | sort -u | tr '\n' ' ')
expect_eq "seed 000: everything from 'Tin bài liên quan' on is boilerplate" "$after" "boilerplate "
before=$(printf '%s\n' "$blocks" | awk '/Tin bài liên quan/{exit} {print $1}' | grep -c boilerplate)
expect_eq "seed 000: nothing before it is boilerplate" "$before" "0"
expect_match "seed 000: the photo of the meeting is a caption" "$blocks" "^caption +[0-9]+-[0-9]+ +Bí thư Tỉnh ủy Đắk Lắk"

text=$("$H" extract --text "$S0")
expect_match "seed 000 --text: the article's paragraphs" "$text" "5 du học sinh"
expect_nomatch "seed 000 --text: no lists" "$text" "Tin bài liên quan|Đọc nhiều|Multimedia|Infographic"
expect_nomatch "seed 000 --text: no captions" "$text" "Frederik|Ảnh: Báo Đắk Lắk"

blocks=$("$H" extract --blocks "$S1" | tail -n +2)
expect_match "seed 001: Kim Bảo is the byline" "$blocks" "^byline +[0-9]+-[0-9]+ +Kim Bảo"
after=$(printf '%s\n' "$blocks" | awk '/Kim Bảo/{f=1; next} f{print $1}')
expect_eq "seed 001: the headline list at the end is boilerplate" "$(printf '%s\n' "$after" | sort -u)" "boilerplate"
expect_eq "seed 001: all eleven headlines" "$(printf '%s\n' "$after" | wc -l | tr -d ' ')" "11"
expect_match "seed 001: the photo lines are captions" "$blocks" "^caption +[0-9]+-[0-9]+ +Các đại biểu tham dự buổi Lễ"
out=$("$H" extract --json "$S1")
expect_match "seed 001: no published date from the 2025 headlines" "$out" "\"published\":null"
text=$("$H" extract --text "$S1")
expect_nomatch "seed 001 --text: no byline, no list" "$text" "Kim Bảo|10/07/2025"
done_testing
