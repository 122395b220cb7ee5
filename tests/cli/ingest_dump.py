#!/usr/bin/env python3
"""Prints a canonical dump of a hoptac registry: every row of every registry table
(and the record index's stored content), sorted, so that two registries can be
compared byte for byte. The FTS5 index's own b-tree is left out: its layout depends
on how the writes were batched, not on what it holds; so is the full-text rowid of
documents, given in order of arrival (a document stands for it)."""
import sqlite3
import sys

TABLES = ["documents", "blocks", "parties", "people", "positions", "aliases",
          "agreements", "agreement_parties", "tasks", "activities", "activity_parties",
          "mentions", "sources", "history", "record_fts_content"]

db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
db.text_factory = bytes
SQL = {"documents": "SELECT id, hash, source, format, title, published, url, orig, minhash, cluster,"
                     " created, updated, deleted, text FROM documents",
       }
for t in TABLES:
    rows = sorted(repr(r) for r in db.execute(SQL.get(t, "SELECT * FROM %s" % t)))
    print("== %s %d" % (t, len(rows)))
    for r in rows:
        print(r)
