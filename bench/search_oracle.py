#!/usr/bin/env python3
"""Independent judge of accent-insensitive search recall for `make bench`.

For each query of a query file, lists the documents of a JSON Lines corpus (title and
text) that contain every word of the query as a whole word, after this script's own
folding: Unicode NFD, combining marks removed, format characters (zero-width) removed,
đ/Đ -> d, lower case, words split on every character that is not a letter or digit.
It shares no code with hoptac, so hoptac's search can be judged against it.

Usage: search_oracle.py CORPUS.jsonl QUERIES.txt [--phrase] [--ids]
Prints one JSON object per query: {"query", "words", "count", "ids"} (ids sorted; left
out unless --ids). With --phrase the words must also follow each other in that order.
Query files hold one query per line; empty lines and lines starting with '#' are skipped.
"""
import argparse
import json
import sys
import unicodedata


def fold(s):
    out = []
    for ch in unicodedata.normalize("NFD", s):
        cat = unicodedata.category(ch)
        if cat.startswith("M") or cat == "Cf":
            continue
        if ch in "đĐ":
            ch = "d"
        out.append(ch.lower())
    return "".join(out)


def words(s):
    w, cur = [], []
    for ch in fold(s):
        if ch.isalnum():
            cur.append(ch)
        elif cur:
            w.append("".join(cur))
            cur = []
    if cur:
        w.append("".join(cur))
    return w


def read_queries(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            q = line.strip()
            if q and not q.startswith("#"):
                yield q


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("queries")
    ap.add_argument("--phrase", action="store_true", help="words in a row, in order")
    ap.add_argument("--ids", action="store_true", help="print the matching ids")
    a = ap.parse_args()

    queries = list(read_queries(a.queries))
    qwords = [words(q) for q in queries]
    wanted = {w for ws in qwords for w in ws}
    index = {w: set() for w in wanted}  # word -> ids of documents holding it
    docs = {}  # id -> folded words, kept only for --phrase
    with open(a.corpus, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            d = json.loads(line)
            did = d.get("id") or str(n)
            ws = words((d.get("title") or "") + "\n" + (d.get("text") or ""))
            for w in set(ws) & wanted:
                index[w].add(did)
            if a.phrase:
                docs[did] = ws

    for q, ws in zip(queries, qwords):
        ids = set.intersection(*(index[w] for w in ws)) if ws else set()
        if a.phrase and len(ws) > 1:
            k = len(ws)
            ids = {i for i in ids
                   if any(docs[i][j:j + k] == ws for j in range(len(docs[i]) - k + 1))}
        rec = {"query": q, "words": ws, "count": len(ids)}
        if a.ids:
            rec["ids"] = sorted(ids)
        print(json.dumps(rec, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
