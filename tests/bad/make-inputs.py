#!/usr/bin/env python3
"""Writes the catalogue of malformed inputs (tests/bad/expect.tsv names each one and
what hoptac must say about it) into the directory OUT. The bad import files are
variations of BASE, an export of a small registry made by the test itself.
    usage: make-inputs.py OUT BASE_EXPORT
Every text here is written for this catalogue."""
import copy
import json
import os
import random
import sys
import unicodedata

out, base = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
os.makedirs(out, exist_ok=True)


def put(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


ARTICLE = ("Ngày 12/4/2024, tại thành phố Buôn Ma Thuột, UBND tỉnh Đắk Lắk và chính quyền "
           "tỉnh Sê Kông (Lào) ký kết thỏa thuận hợp tác giai đoạn 2024 - 2028.\n")
A = ARTICLE.encode("utf-8")


def cp1258(s):
    # Windows-1258 holds the base letters precomposed and the five tone marks apart.
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    r = ""
    for ch in s:
        d = unicodedata.normalize("NFD", ch)
        r += unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        r += "".join(c for c in d if c in tones)
    return r.encode("cp1258")


# ---- encodings ----
put("utf8_truncated_end.txt", A + "Hà Nội".encode()[:-1] + b"\xe1\xba")
put("utf8_truncated_middle.txt", b"Ha Noi \xe1\xba va Hue\n" + A)
put("utf8_overlong_2.txt", b"Hop tac \xc0\xaf Lao\n")
put("utf8_overlong_3.txt", A + b"Hop tac \xe0\x80\xaf Lao\n")
put("utf8_surrogate.txt", A + b"Hop tac \xed\xa0\x80 Lao\n")
put("utf8_above_max.txt", A + b"Hop tac \xf4\x90\x80\x80 Lao\n")
put("utf8_stray_continuation.txt", A + b"Hop tac \x80 Lao\n")
put("utf8_byte_f5.txt", A + b"Hop tac \xf5\x80\x80\x80 Lao\n")
put("utf16le_bom.txt", b"\xff\xfe" + ARTICLE.encode("utf-16-le"))
put("utf16be_bom.txt", b"\xfe\xff" + ARTICLE.encode("utf-16-be"))
put("utf16le_nobom.txt", ARTICLE.encode("utf-16-le"))
put("utf16be_nobom.txt", ARTICLE.encode("utf-16-be"))
put("windows1258.txt", cp1258(ARTICLE))
put("latin1.txt", "Délégation de Sê Kông à Đắk Lắk\n".replace("Đắk Lắk", "Dak Lak").encode("latin-1"))
put("nul_byte.txt", A[:20] + b"\0" + A[20:])
rnd = random.Random(1258)
put("binary.dat", bytes([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]) + bytes(rnd.randrange(256) for _ in range(4000)))
put("empty.txt", b"")
put("blank.txt", b" \n\t\r\n  \n")
put("bom_only.txt", b"\xef\xbb\xbf")
# ---- HTML ----
put("deep_nesting.html", "<html><body>" + "<div>" * 10000 + ARTICLE + "</div>" * 10000 + "</body></html>")
put("html_bad_utf8.html", b"<html><head><title>Tin</title></head><body><p>" + A + b"</p><p>Lao \xc3\x28 Cai</p></body></html>")
put("html_unclosed.html", "<html><body><p>" + ARTICLE + "<b><i><table><tr><td>Sê Kông<p")
put("html_nul.html", b"<html><body><p>" + A + b"\0</p></body></html>")
# ---- JSON Lines ----
put("jsonl_duplicate_keys.jsonl", '{"id":"a","title":"T","text":"Hà Nội","text":"Huế"}\n')
put("jsonl_truncated.jsonl", json.dumps({"id": "a", "title": "Đắk Lắk", "text": ARTICLE}, ensure_ascii=False)
    + "\n" + '{"id":"b","title":"Sê Kông","text":"Ngày 5/6')
put("jsonl_no_text.jsonl", '{"id":"a","title":"Đắk Lắk"}\n')
put("jsonl_text_number.jsonl", '{"id":"a","title":"Đắk Lắk","text":2024}\n')
put("jsonl_not_object.jsonl", '{"id":"a","text":"Đắk Lắk"}\n[1,2,3]\n')
put("jsonl_text_nul.jsonl", '{"id":"a","title":"Đắk Lắk","text":"Hà\\u0000Nội"}\n')
put("jsonl_bad_utf8.jsonl", b'{"id":"a","title":"T","text":"H\xe0 N\xf4i"}\n')
put("jsonl_bad_escape.jsonl", '{"id":"a","title":"T","text":"Hà Nội \\x41"}\n')
put("jsonl_lone_surrogate.jsonl", '{"id":"a","title":"T","text":"Hà Nội \\ud800 Huế"}\n')
# ---- dates and periods: not errors, but no false date may come out of them ----
put("date_31_02.txt", "Ngày 31/02/2023, tỉnh Đắk Lắk và tỉnh Sê Kông ký kết biên bản ghi nhớ hợp tác.\n")
put("date_99_99_9999.txt", "Ngày 99/99/9999, đoàn công tác tỉnh Đắk Lắk thăm tỉnh Sê Kông.\n")
put("date_29_02_2023.txt", "Ngày 29/02/2023, tỉnh Đắk Lắk đón đoàn tỉnh Sê Kông sang thăm và làm việc.\n")
put("date_00_00.txt", "Ngày 00/00/2020, tỉnh Đắk Lắk đón đoàn tỉnh Sê Kông sang thăm và làm việc.\n")
put("period_backwards.txt", "Tỉnh Đắk Lắk và tỉnh Sê Kông ký kết thỏa thuận hợp tác giai đoạn 2023 - 2018.\n")
put("period_huge.txt", "Tỉnh Đắk Lắk và tỉnh Sê Kông ký kết thỏa thuận hợp tác giai đoạn 2023 - 99999.\n")


# ---- import files ----
def export(name, obj):
    put(name, json.dumps(obj, ensure_ascii=False, indent=1))


def variant(change):
    x = copy.deepcopy(base)
    change(x)
    return x


export("import_dangling_party.json",
       variant(lambda x: x["activities"][0]["parties"][0].update(id="VN-XYZ")))
export("import_dangling_document.json",
       variant(lambda x: x["mentions"][0].update(document="doc-0000000000000000")))
export("import_wrong_type.json", variant(lambda x: x["agreements"][0].update(tasks_declared="chín")))
export("import_term_text.json", variant(lambda x: x["agreements"][0].update(term={"from": "2024", "to": 2028})))
export("import_unknown_schema.json", variant(lambda x: x.update(schema=999)))
export("import_wrong_format.json", variant(lambda x: x.update(hoptac_export=2)))
export("import_unknown_key.json", variant(lambda x: x.update(users=[])))
export("import_impossible_date.json", variant(lambda x: x["activities"][0].update(date="2023-02-31")))
export("import_duplicate_id.json", variant(lambda x: x["parties"].append(copy.deepcopy(x["parties"][0]))))
put("import_duplicate_keys.json", '{"hoptac_export": 1,\n "hoptac_export": 1}\n')
whole = json.dumps(base, ensure_ascii=False, indent=1)
put("import_truncated.json", whole[: len(whole) // 2])
put("import_array.json", "[]\n")
put("import_latin1.json", b'{"hoptac_export": 1, "schema": 1, "parties": [{"id": "VN-HN", "name": "H\xe0 N\xf4i"}]}\n')
put("import_empty.json", b"")
