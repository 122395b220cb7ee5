#!/usr/bin/env bash
# Runs every test of hoptac and counts them. Each part prints TAP lines
# ("ok ...", "not ok ...", "ok ... # SKIP reason"); this script adds them up.
# Under CI=true a skipped test counts as failed. The last line is "N passed, M failed".
set -u
cd "$(dirname "$0")/.."
export HOPTAC_BIN="$PWD/build/asan/hoptac"
export SHARED="${SHARED:-$PWD/../shared}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export CMOCKA_MESSAGE_OUTPUT=TAP
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
passed=0 failed=0 skipped=0

# run NAME CMD...: runs one part, shows failures, and counts its TAP lines.
run() {
    local name=$1; shift
    local log="$out/$(echo "$name" | tr '/ ' '__').log"
    local t0=$SECONDS
    "$@" >"$log" 2>&1
    local rc=$?
    local took=$((SECONDS - t0))
    local ok notok skip
    ok=$(grep -cE '^ok ' "$log" | head -1)
    skip=$(grep -cE '^ok .*# SKIP' "$log" | head -1)
    notok=$(grep -cE '^not ok ' "$log" | head -1)
    ok=$((ok - skip))
    if [ "$rc" -ne 0 ] && [ "$notok" -eq 0 ]; then
        notok=1
        echo "not ok $name: exited with status $rc" >>"$log"
    fi
    if [ "${CI:-}" = "true" ] && [ "$skip" -gt 0 ]; then
        notok=$((notok + skip)); skip=0
    fi
    passed=$((passed + ok)); failed=$((failed + notok)); skipped=$((skipped + skip))
    if [ "$notok" -gt 0 ]; then
        echo "FAIL $name ($ok passed, $notok failed; ${took} s)"
        grep -vE '^ok ' "$log" | tail -n 40 | sed 's/^/    /'
    else
        echo "ok   $name ($ok passed${skip:+, $skip skipped}; ${took} s)" | sed 's/, 0 skipped//'
    fi
}

for t in build/asan/tests/test_*; do
    [ -f "tests/unit/$(basename "$t").c" ] || continue # left from a removed test
    [ -x "$t" ] && run "unit/$(basename "$t")" "$t"
done
for t in build/asan/fuzz/fuzz_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    run "fuzz-replay/$name" "$t" "tests/fuzz/corpus/${name#fuzz_}"
done
for t in tests/cli/*.sh; do
    [ -f "$t" ] && run "cli/$(basename "$t" .sh)" bash "$t"
done
for t in tests/checks/*.sh; do
    [ -f "$t" ] && run "check/$(basename "$t" .sh)" bash "$t"
done
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
