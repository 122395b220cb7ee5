#!/usr/bin/env python3
"""The reference side of the search benchmark (bench/bench_search.sh): inputs from the
corpus, the sqlite3 FTS5 table with `unicode61 remove_diacritics 2` and a Xapian index
queried as a user of each would, recall against search_oracle.py, and the report.

Usage:
  search_ref.py prep CORPUS.jsonl OUT [--copies N]
      OUT/staging.db (table docs(rowid, id, title, body)) for the sqlite3 shell, and
      OUT/docs/ID.txt (title line, then the text) for `hoptac ingest` when it cannot read
      JSON Lines; with --copies N > 1, N copies of each article, each made distinct by a
      marker line ([zzcopyK]) so that de-duplication keeps it.
  search_ref.py sqlite-time DB QUERIES        top-10 by rank, timed in this process
  search_ref.py sqlite-ids DB STAGING.db QUERIES  every match, as corpus ids (JSON lines)
  search_ref.py xapian-build STAGING.db DIR   a Xapian index (TermGenerator, no stemmer)
  search_ref.py xapian-time DIR QUERIES       top-10, timed in this process
  search_ref.py xapian-ids DIR QUERIES        every match, as corpus ids (JSON lines)
  search_ref.py indexed CORPUS.jsonl BLOCKS OUT.jsonl
      the corpus as the index holds it (title, lead, body and captions), from the output
      of `hoptac extract --blocks CORPUS.jsonl`
  search_ref.py recall ORACLE.jsonl IDS.jsonl CORPUS.jsonl
      recall against the oracle's ids; articles with the same title and text count once
  search_ref.py report RESULTS.tsv            the table of figures, ratios and targets

A query is typed as a user would type it in each tool: its words, all required
(FTS5: each word quoted, implicit AND; Xapian: QueryParser with the AND operator).
Timings print "queries=N p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. mean_ms=..
cpu_p50_ms=.. cpu_p99_ms=.. cpu_mean_ms=.." (wall clock, then this thread's CPU time).
"""
import json
import os
import sqlite3
import sys
import time


def read_queries(path):
    with open(path, encoding="utf-8") as f:
        return [q.strip() for q in f if q.strip() and not q.startswith("#")]


def timing_line(wall, cpu):
    wall, cpu = sorted(wall), sorted(cpu)
    n = len(wall)
    pick = lambda v, p: v[min(n - 1, n * p // 100)] * 1e3
    return ("queries=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_ms=%.3f "
            "cpu_p50_ms=%.3f cpu_p99_ms=%.3f cpu_mean_ms=%.3f" % (
                n, pick(wall, 50), pick(wall, 90), pick(wall, 99), wall[-1] * 1e3,
                sum(wall) / n * 1e3, pick(cpu, 50), pick(cpu, 99), sum(cpu) / n * 1e3))


def prep(corpus, out, copies):
    os.makedirs(os.path.join(out, "docs"), exist_ok=True)
    db = os.path.join(out, "staging.db")
    if os.path.exists(db):
        os.remove(db)
    c = sqlite3.connect(db)
    c.execute("CREATE TABLE docs (rowid INTEGER PRIMARY KEY, id TEXT, title TEXT, body TEXT)")
    rows = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            rows.append((d["id"], d.get("title") or "", d.get("text") or ""))
    n = 0
    for k in range(copies):
        for did, title, text in rows:
            name = did if copies == 1 else "%s~%d" % (did, k)
            if copies > 1:
                text = text + "\n[zzcopy%d]" % k
            n += 1
            c.execute("INSERT INTO docs VALUES (?, ?, ?, ?)", (n, name, title, text))
            with open(os.path.join(out, "docs", name + ".txt"), "w", encoding="utf-8") as g:
                g.write(title.replace("\n", " ") + "\n" + text)
    c.commit()
    print("documents=%d" % n)


def fts_query(q):
    return " ".join('"%s"' % w.replace('"', '""') for w in q.split())


def sqlite_time(db, queries):
    c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    wall, cpu = [], []
    for q in read_queries(queries):
        m = fts_query(q)
        t0, c0 = time.perf_counter(), time.thread_time()
        c.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 10", (m,)).fetchall()
        cpu.append(time.thread_time() - c0)
        wall.append(time.perf_counter() - t0)
    print(timing_line(wall, cpu))


def sqlite_ids(db, staging, queries):
    c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    c.execute("ATTACH ? AS s", ("file:%s?mode=ro" % staging,))
    for q in read_queries(queries):
        ids = [r[0] for r in c.execute(
            "SELECT d.id FROM t JOIN s.docs d ON d.rowid = t.rowid WHERE t MATCH ?",
            (fts_query(q),))]
        print(json.dumps({"query": q, "total": len(ids), "ids": ids}, ensure_ascii=False))


def xapian_build(staging, out):
    import xapian
    t0, c0 = time.perf_counter(), time.process_time()
    db = xapian.WritableDatabase(out, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    c = sqlite3.connect(staging)
    for did, title, body in c.execute("SELECT id, title, body FROM docs ORDER BY rowid"):
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(title)
        tg.increase_termpos()
        tg.index_text(body)
        doc.set_data(did)
        db.add_document(doc)
    db.commit()
    db.close()
    print("seconds=%.3f cpu_seconds=%.3f" % (time.perf_counter() - t0, time.process_time() - c0))


def xapian_parser(db):
    import xapian
    qp = xapian.QueryParser()
    qp.set_database(db)
    qp.set_default_op(xapian.Query.OP_AND)
    return qp


def xapian_time(path, queries):
    import xapian
    db = xapian.Database(path)
    qp = xapian_parser(db)
    enq = xapian.Enquire(db)
    wall, cpu = [], []
    for q in read_queries(queries):
        t0, c0 = time.perf_counter(), time.thread_time()
        enq.set_query(qp.parse_query(q))
        mset = enq.get_mset(0, 10)
        [m.docid for m in mset]
        cpu.append(time.thread_time() - c0)
        wall.append(time.perf_counter() - t0)
    print(timing_line(wall, cpu))


def xapian_ids(path, queries):
    import xapian
    db = xapian.Database(path)
    qp = xapian_parser(db)
    enq = xapian.Enquire(db)
    for q in read_queries(queries):
        enq.set_query(qp.parse_query(q))
        ids = [m.document.get_data().decode("utf-8") for m in enq.get_mset(0, db.get_doccount())]
        print(json.dumps({"query": q, "total": len(ids), "ids": ids}, ensure_ascii=False))


def same_documents(corpus):
    """Maps the id of each article to the smallest id of the articles with the same title
    and text: hoptac stores such copies once, the other tools once each."""
    first, canon = {}, {}
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            key = (d.get("title") or "", d.get("text") or "")
            canon[d["id"]] = first.setdefault(key, d["id"])
    return canon


INDEXED = ("title", "lead", "body", "caption", "caption-other")


def indexed(corpus, blocks, out):
    """Writes the corpus as hoptac's index holds it: each article's title and the blocks
    `hoptac extract --blocks` classes as title, lead, body or caption (bylines and
    boilerplate are left out of the index), for the oracle to judge what the index can
    find."""
    spans, cur = {}, None
    with open(blocks, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# "):
                head = line[2:].split(" (", 1)[0]
                cur = head.rsplit("#", 1)[1] if "#" in head else None
                spans[cur] = []
            elif cur is not None and line.strip():
                cls, rng = line.split()[:2]
                if cls in INDEXED:
                    a, z = rng.split("-")
                    spans[cur].append((int(a), int(z)))
    with open(corpus, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as g:
        for line in f:
            d = json.loads(line)
            raw = (d.get("text") or "").encode("utf-8")
            text = "\n".join(raw[a:z].decode("utf-8", "replace") for a, z in spans.get(d["id"], []))
            g.write(json.dumps({"id": d["id"], "title": d.get("title") or "", "text": text},
                               ensure_ascii=False) + "\n")


def recall(oracle, found, corpus):
    canon = same_documents(corpus)
    one = lambda ids: {canon.get(i, i) for i in ids}
    want = {}
    with open(oracle, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            want[r["query"]] = one(r["ids"])
    got = {}
    with open(found, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            got[r["query"]] = one(r["ids"])
    hit = total = extra = 0
    per = []
    for q, w in want.items():
        g = got.get(q, set())
        hit += len(w & g)
        total += len(w)
        extra += len(g - w)
        per.append(len(w & g) / len(w) if w else 1.0)
    worst = sorted(zip(per, want))[:3]
    print("recall=%.4f macro=%.4f expected=%d found=%d beyond=%d worst=%s" % (
        hit / total if total else 1.0, sum(per) / len(per) if per else 1.0, total, hit, extra,
        json.dumps(["%s:%.2f" % (q, p) for p, q in worst], ensure_ascii=False)))


def report(path):
    """RESULTS.tsv rows: tool, metric, value."""
    v = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                v[(parts[0], parts[1])] = parts[2]
    num = lambda t, m: float(v[(t, m)]) if (t, m) in v and v[(t, m)] not in ("", "-") else None

    def ratio(a, b):
        return None if a is None or b is None or b == 0 else a / b
    tools = [("hoptac", "hoptac (registry, ingest)"), ("hoptac-tok", "hoptac tokenizer, sqlite3 shell"),
             ("unicode61", "sqlite3 unicode61 rd2"), ("xapian", "Xapian (python3-xapian)")]
    rows = [("index build, CPU s", "build_cpu_s"), ("  wall s", "build_s"),
            ("index size, MB", "index_mb"), ("top-10 p50 CPU, ms", "cpu_p50_ms"),
            ("top-10 p99 CPU, ms", "cpu_p99_ms"), ("  p50 wall, ms", "p50_ms"),
            ("  p99 wall, ms", "p99_ms"), ("recall, folding set", "recall")]
    head = "%-24s" % "" + "".join("%16s" % t for t, _ in tools)
    print(head)
    for label, m in rows:
        cells = []
        for t, _ in tools:
            x = num(t, m)
            cells.append("%16s" % ("-" if x is None else ("%.1f%%" % (100 * x) if m == "recall" else "%.3f" % x)))
        print("%-24s" % label + "".join(cells))
    print("  (" + "; ".join("%s = %s" % (t, d) for t, d in tools) + ")")
    if num("colocated", "build_cpu_s") is not None:
        print("unicode61 with a colocated copy of each token (the shape of hoptac's index): build "
              "%.2f s CPU = %.2fx unicode61, index %.1f MB" % (
                  num("colocated", "build_cpu_s"), ratio(num("colocated", "build_cpu_s"),
                                                         num("unicode61", "build_cpu_s")) or 0,
                  num("colocated", "index_mb") or 0))
    if num("hoptac", "full_p50_ms") is not None:
        print("hoptac search as the command computes it (all kinds, titles, snippets): "
              "p50 %.3f ms, p99 %.3f ms" % (num("hoptac", "full_p50_ms"), num("hoptac", "full_p99_ms")))
    if num("hoptac", "merged_p50_ms") is not None:
        print("hoptac with its full-text index merged into one segment: p50 %.3f ms (CPU %.3f ms), "
              "p99 %.3f ms" % (num("hoptac", "merged_p50_ms"), num("hoptac", "merged_cpu_p50_ms"),
                               num("hoptac", "merged_p99_ms")))
    print()
    lines, ok = [], True
    def target(name, value, good, shown):
        nonlocal ok
        if value is None:
            lines.append("  ----  %s: not measured" % name)
            return
        ok = ok and good
        lines.append("  %s  %s: %s" % ("PASS" if good else "MISS", name, shown))
    r = num("hoptac", "recall")
    ri = num("hoptac", "recall_indexed")
    target("recall 100% on the folding set", r, r is not None and r >= 0.99995,
           "%.2f%% (unicode61 %.2f%%, Xapian %.2f%%)%s" % (
               100 * (r or 0), 100 * (num("unicode61", "recall") or 0), 100 * (num("xapian", "recall") or 0),
               "; %.2f%% of what the index holds (bylines and boilerplate are left out)" % (100 * ri)
               if ri is not None else ""))
    h, u, x = num("hoptac", "cpu_p50_ms"), num("unicode61", "cpu_p50_ms"), num("xapian", "cpu_p50_ms")
    rr = ratio(h, u)
    target("top-10 p50 no slower than unicode61's", rr, rr is not None and rr <= 1.0,
           "%.3f ms CPU = %.2fx unicode61 (%.3f ms), %.1fx Xapian (%.3f ms); wall %.3f ms = %.2fx "
           "unicode61" % (h or 0, rr or 0, u or 0, ratio(h, x) or 0, x or 0, num("hoptac", "p50_ms") or 0,
                          ratio(num("hoptac", "p50_ms"), num("unicode61", "p50_ms")) or 0))
    for t in ("hoptac-tok", "hoptac"):
        rr = ratio(num(t, "build_cpu_s"), num("unicode61", "build_cpu_s"))
        target("index build within 1.5x unicode61's (%s)" % dict(tools)[t], rr, rr is not None and rr <= 1.5,
               "%.1f s CPU = %.2fx unicode61 (%.1f s); wall %.1f s = %.2fx" % (
                   num(t, "build_cpu_s") or 0, rr or 0, num("unicode61", "build_cpu_s") or 0,
                   num(t, "build_s") or 0, ratio(num(t, "build_s"), num("unicode61", "build_s")) or 0))
    p = num("hoptac-scale", "cpu_p99_ms")
    if p is not None:
        target("p99 under 20 ms at %s documents" % v.get(("hoptac-scale", "documents"), "?"), p, p < 20,
               "%.3f ms CPU, %.3f ms wall; p50 %.3f ms CPU (unicode61 there: p99 %.3f ms, p50 %.3f ms CPU)" % (
                   p, num("hoptac-scale", "p99_ms") or 0, num("hoptac-scale", "cpu_p50_ms") or 0,
                   num("unicode61-scale", "cpu_p99_ms") or 0, num("unicode61-scale", "cpu_p50_ms") or 0))
    else:
        lines.append("  ----  p99 at 100k documents: not run (HOPTAC_BENCH_SCALE=8 runs it)")
    print("targets:")
    print("\n".join(lines))
    h, u, x = num("hoptac", "cpu_p50_ms"), num("unicode61", "cpu_p50_ms"), num("xapian", "cpu_p50_ms")
    print("summary: recall %.1f%% (unicode61 %.1f%%, Xapian %.1f%%); p50 %.2f ms CPU = %.2fx unicode61, "
          "%.0fx Xapian; p99 %.1f ms CPU; build %.2fx unicode61 CPU (tokenizer alone %.2fx)%s%s" % (
              100 * (r or 0), 100 * (num("unicode61", "recall") or 0), 100 * (num("xapian", "recall") or 0),
              h or 0, ratio(h, u) or 0, ratio(h, x) or 0, num("hoptac", "cpu_p99_ms") or 0,
              ratio(num("hoptac", "build_cpu_s"), num("unicode61", "build_cpu_s")) or 0,
              ratio(num("hoptac-tok", "build_cpu_s"), num("unicode61", "build_cpu_s")) or 0,
              "; p99 at scale %.1f ms CPU" % p if p is not None else "",
              "; %d MISS" % sum(1 for l in lines if "MISS" in l) if not ok else ""))
    return 0


def main():
    a = sys.argv[1:]
    if not a:
        sys.stderr.write(__doc__)
        return 2
    cmd = a[0]
    if cmd == "prep":
        copies = int(a[a.index("--copies") + 1]) if "--copies" in a else 1
        prep(a[1], a[2], copies)
    elif cmd == "sqlite-time":
        sqlite_time(a[1], a[2])
    elif cmd == "sqlite-ids":
        sqlite_ids(a[1], a[2], a[3])
    elif cmd == "xapian-build":
        xapian_build(a[1], a[2])
    elif cmd == "xapian-time":
        xapian_time(a[1], a[2])
    elif cmd == "xapian-ids":
        xapian_ids(a[1], a[2])
    elif cmd == "indexed":
        indexed(a[1], a[2], a[3])
    elif cmd == "recall":
        recall(a[1], a[2], a[3])
    elif cmd == "report":
        return report(a[1])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
