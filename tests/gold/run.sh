#!/usr/bin/env bash
# Checks what `hoptac extract --json` finds against the gold files and prints the
# result of goldcheck.py (one line per condition, then "N passed, M failed").
# usage: tests/gold/run.sh [coop|own|seeds|all]   (default: all)
# $SHARED: the shared data folder (default ../shared beside the project);
# $HOPTAC_BIN: the binary (default ./hoptac).
set -u
cd "$(dirname "$0")/../.."
SHARED="${SHARED:-$PWD/../shared}"
H="${HOPTAC_BIN:-$PWD/hoptac}"
CHECK="$SHARED/tools/goldcheck.py"
what="${1:-all}"

if [ ! -x "$H" ]; then
    echo "run.sh: no binary at $H (run make, or set HOPTAC_BIN)" >&2
    exit 2
fi
if [ ! -f "$CHECK" ]; then
    echo "run.sh: no $CHECK (set SHARED)" >&2
    exit 2
fi

# The documents named by the gold files of a folder: "coop.jsonl#ID" becomes a path
# into the shared corpus, a plain name a file beside the gold file.
docs_of() {
    python3 - "$1" "$SHARED" <<'PY'
import json, sys
from pathlib import Path
folder, shared = Path(sys.argv[1]), Path(sys.argv[2])
for g in sorted(folder.glob("*.json")):
    doc = json.load(open(g, encoding="utf-8"))["document"]
    if "#" in doc:
        print(shared / "corpus" / doc)
    elif (folder / doc).exists():
        print(folder / doc)
    else:
        print(shared / "seeds" / doc)
PY
}

# check GOLD_DIR: extraction of every document of the folder, then goldcheck.
check() {
    local dir=$1 docs
    mapfile -t docs < <(docs_of "$dir")
    echo "== $dir (${#docs[@]} documents)"
    # A document that fails to extract is reported by goldcheck as having no output.
    "$H" extract --json "${docs[@]}" 2>/dev/null | python3 "$CHECK" "$dir"
}

status=0
case "$what" in
    coop)  check tests/gold/coop || status=1 ;;
    own)   check tests/gold/own || status=1 ;;
    seeds) check "$SHARED/gold" || status=1 ;;
    all)
        check "$SHARED/gold" || status=1
        check tests/gold/coop || status=1
        check tests/gold/own || status=1
        ;;
    *) echo "usage: tests/gold/run.sh [coop|own|seeds|all]" >&2; exit 2 ;;
esac
exit $status
