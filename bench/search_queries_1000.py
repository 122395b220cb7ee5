#!/usr/bin/env python3
"""Writes 1,000 search queries for `make bench`, drawn from the titles of a JSON Lines
corpus: one to four consecutive words of a title, every other query folded (no accents,
lower case) and the others as written in the title, lower case. The draw depends only on
the corpus (titles ordered by document id, positions taken from SHA-1 of the query's
number), so the same corpus always gives the same queries.

Usage: search_queries_1000.py CORPUS.jsonl [COUNT] > queries.txt
"""
import hashlib
import json
import sys
import unicodedata


def fold(s):
    out = []
    for ch in unicodedata.normalize("NFD", s):
        if unicodedata.category(ch).startswith("M") or unicodedata.category(ch) == "Cf":
            continue
        out.append("d" if ch in "đĐ" else ch.lower())
    return "".join(out)


def title_words(t):
    w, cur = [], []
    for ch in unicodedata.normalize("NFC", t):
        if ch.isalnum() or unicodedata.category(ch).startswith("M"):
            cur.append(ch)
        elif cur:
            w.append("".join(cur))
            cur = []
    if cur:
        w.append("".join(cur))
    return [x for x in w if not x.isdigit()]


def main():
    if len(sys.argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    titles = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            ws = title_words(d.get("title") or "")
            if ws:
                titles.append((d["id"], ws))
    titles.sort()
    if not titles:
        sys.stderr.write("no titles in %s\n" % sys.argv[1])
        return 1
    for i in range(count):
        h = int.from_bytes(hashlib.sha1(b"hoptac-query-%d" % i).digest()[:8], "big")
        ws = titles[h % len(titles)][1]
        n = 1 + (h >> 20) % 4
        n = min(n, len(ws))
        start = (h >> 24) % (len(ws) - n + 1)
        q = " ".join(ws[start:start + n]).lower()
        print(fold(q) if i % 2 else q)
    return 0


if __name__ == "__main__":
    sys.exit(main())
