# Shared helpers for CLI tests: TAP output and assertions. Sourced, not run.
set -u
H="${HOPTAC_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/asan/hoptac}"
SHARED="${SHARED:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/../shared}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
_n=0 _bad=0
ok()     { _n=$((_n + 1)); echo "ok $_n - $1"; }
not_ok() { _n=$((_n + 1)); _bad=$((_bad + 1)); echo "not ok $_n - $1"; shift; for l in "$@"; do echo "#   $l"; done; }
skip()   { _n=$((_n + 1)); echo "ok $_n - $1 # SKIP $2"; }
expect_status() { [ "$3" -eq "$2" ] && ok "$1" || not_ok "$1" "status $3, want $2"; }
expect_eq()     { [ "$2" == "$3" ] && ok "$1" || not_ok "$1" "got:  $(printf %s "$2" | head -c 400)" "want: $(printf %s "$3" | head -c 400)"; }
expect_match()  { printf '%s' "$2" | grep -qE -- "$3" && ok "$1" || not_ok "$1" "no match for /$3/ in: $(printf %s "$2" | head -c 400)"; }
expect_nomatch(){ printf '%s' "$2" | grep -qE -- "$3" && not_ok "$1" "unexpected /$3/ in: $(printf %s "$2" | head -c 400)" || ok "$1"; }
have_shared()   { [ -d "$SHARED/seeds" ]; }
done_testing()  { echo "1..$_n"; [ "$_bad" -eq 0 ]; }
# goldcheck_tap PREFIX OUT ERR: each "ok"/"FAIL" line of goldcheck.py's output OUT a
# test, then one for its summary (ERR: its standard error, shown on failure).
goldcheck_tap() {
    local line
    while IFS= read -r line; do
        case "$line" in
            "ok "*) ok "$1: ${line#ok }" ;;
            "FAIL "*) not_ok "$1: ${line#FAIL }" ;;
        esac
    done <"$2"
    grep -qE '^[0-9]+ passed, 0 failed$' "$2" && ok "${1%gold}goldcheck: $(tail -n 1 "$2")" ||
        not_ok "${1%gold}goldcheck" "$(tail -n 1 "$2")" "$(head -c 300 "$3")"
}
