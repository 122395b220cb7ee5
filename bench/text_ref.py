#!/usr/bin/python3
"""Python side of bench_text.sh: prepares the inputs, runs the Python references and
prints the table.

  text_ref.py extract NEWS.jsonl DIR  writes DIR/nfc.txt (the `text` fields, each ended
                                      by a newline, as they are), DIR/nfd.txt (its NFD)
                                      and DIR/quarter.txt (its first quarter, whole lines)
  text_ref.py nfc FILE | fold FILE    runs the reference line by line; prints seconds
  text_ref.py cmd FILE PROGRAM ARG..  runs PROGRAM with FILE as standard input and its
                                      output thrown away; prints seconds
  text_ref.py report RESULTS          the table, the target and the summary line

Seconds are CPU seconds (user + system) of the work: the machines are shared, and time
spent waiting for a core is nobody's work. The wall clock is printed beside them.
"""
import os
import resource
import subprocess
import json
import sys
import time
import unicodedata


def extract(src, out):
    with open(src, encoding="utf-8") as f, open(out + "/nfc.txt", "w", encoding="utf-8", newline="") as o:
        for line in f:
            o.write(json.loads(line)["text"])
            o.write("\n")
    total = 0
    with open(out + "/nfc.txt", "rb") as f, open(out + "/nfd.txt", "wb") as d:
        for line in f:
            total += len(line)
            d.write(unicodedata.normalize("NFD", line.decode("utf-8")).encode("utf-8"))
    with open(out + "/nfc.txt", "rb") as f, open(out + "/quarter.txt", "wb") as q:
        n = 0
        for line in f:
            if n >= total // 4:
                break
            q.write(line)
            n += len(line)


def run(mode, path):
    """Line by line (a document's paragraphs), as a Python program would; whole-file
    calls are slower in CPython. Reading, decoding and encoding are timed, as they are
    for the other tools."""
    if mode == "fold":
        drop = {cp: None for cp in range(0x110000) if unicodedata.category(chr(cp)) == "Mn"}
        drop[0x111] = "d"
        drop[0x110] = "D"
        t0, w0 = time.process_time(), time.perf_counter()
        n = 0
        with open(path, "rb") as f:
            for line in f:
                n += len(line)
                unicodedata.normalize("NFD", line.decode("utf-8")).translate(drop).lower().encode("utf-8")
    else:
        t0, w0 = time.process_time(), time.perf_counter()
        n = 0
        with open(path, "rb") as f:
            for line in f:
                n += len(line)
                unicodedata.normalize("NFC", line.decode("utf-8")).encode("utf-8")
    print("seconds=%.4f wall=%.4f bytes=%d" % (time.process_time() - t0, time.perf_counter() - w0, n))


def cmd(path, argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    w0 = time.perf_counter()
    with open(path, "rb") as f:
        rc = subprocess.run(argv, stdin=f, stdout=subprocess.DEVNULL).returncode
    wall = time.perf_counter() - w0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if rc != 0:
        sys.stderr.write("%s exited with status %d\n" % (argv[0], rc))
        return 1
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print("seconds=%.4f wall=%.4f bytes=%d" % (cpu, wall, os.path.getsize(path)))
    return 0


TASKS = [
    ("nfc", "hoptac", "hoptac normalise (NFC, tones, spaces, offsets map)"),
    ("nfc", "uconv", "uconv -x Any-NFC"),
    ("nfc", "python", "python3 unicodedata NFC"),
    ("fold", "hoptac", "hoptac fold"),
    ("fold", "uconv", "uconv -x 'Any-Latin; Latin-ASCII; Lower'"),
    ("fold", "python", "python3 NFD, drop marks, đ→d, lower"),
    ("both", "hoptac", "hoptac normalise then fold (ingest)"),
]


def report(path):
    r = {}
    rss = {}
    target = {}
    for line in open(path, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if f[0] == "rss":
            rss[f[1]] = int(f[2])
        elif f[0] == "target":
            target[f[1]] = float(f[2])
        else:
            task, tool, inp, secs, nbytes = f
            r[(task, tool, inp)] = (float(secs), int(nbytes))

    def mbps(key):
        s, n = r[key]
        return n / 1e6 / s if s > 0 else float("inf")

    size = {inp: r[("nfc", "hoptac", inp)][1] / 1e6 for inp in ("nfc", "nfd")}
    print()
    print("%-52s %22s   %22s" % ("", "NFC input (%.1f MB)" % size["nfc"], "NFD input (%.1f MB)" % size["nfd"]))
    print("%-52s %8s %7s %6s   %8s %7s %6s" % ("task / tool", "cpu s", "MB/s", "ratio", "cpu s", "MB/s", "ratio"))
    for task, tool, label in TASKS:
        cells = []
        for inp in ("nfc", "nfd"):
            key = (task, tool, inp)
            if key not in r:
                cells.append("%8s %7s %6s" % ("-", "-", ""))
                continue
            ratio = ""
            if tool != "hoptac":
                ratio = "%.1f×" % (mbps((task, "hoptac", inp)) / mbps(key))
            cells.append("%8.3f %7.1f %6s" % (r[key][0], mbps(key), ratio))
        print("%-52s %s   %s" % (label, cells[0], cells[1]))
    print("(ratio: hoptac's MB/s on the same task and input divided by the tool's)")

    nfc = mbps(("nfc", "hoptac", "nfc"))
    vs_uconv = nfc / mbps(("nfc", "uconv", "nfc"))
    flat = rss["whole"] <= rss["quarter"] + 1024
    print()
    print("peak RSS of hoptac (normalise then fold, streamed): whole file %.1f MB, first quarter %.1f MB: %s"
          % (rss["whole"] / 1024, rss["quarter"] / 1024, "flat" if flat else "GROWS with the input"))
    ok = nfc >= target["mbps"] and vs_uconv > target["ratio"] and flat
    verdict = "PASS" if ok else "MISS"
    print("target: NFC input >= %.0f MB/s on one core, > %.0f× uconv, memory flat: %s (%.0f MB/s, %.1f× uconv, %s)"
          % (target["mbps"], target["ratio"], verdict, nfc, vs_uconv, "flat" if flat else "not flat"))
    print("summary: %s: NFC %.0f MB/s (%.1f× uconv, %.1f× python), NFD input %.0f MB/s, fold %.0f MB/s (%.0f× uconv), RSS %.1f MB"
          % (verdict, nfc, vs_uconv, nfc / mbps(("nfc", "python", "nfc")), mbps(("nfc", "hoptac", "nfd")),
             mbps(("fold", "hoptac", "nfc")), mbps(("fold", "hoptac", "nfc")) / mbps(("fold", "uconv", "nfc")),
             rss["whole"] / 1024))


def main(argv):
    if len(argv) == 4 and argv[1] == "extract":
        extract(argv[2], argv[3])
    elif len(argv) == 3 and argv[1] in ("nfc", "fold"):
        run(argv[1], argv[2])
    elif len(argv) >= 4 and argv[1] == "cmd":
        return cmd(argv[2], argv[3:])
    elif len(argv) == 3 and argv[1] == "report":
        report(argv[2])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
