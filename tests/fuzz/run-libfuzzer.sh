#!/usr/bin/env bash
# Runs every tests/fuzz/fuzz_*.c under libFuzzer (clang, ASan+UBSan) for N seconds on
# a scratch copy of its corpus tests/fuzz/corpus/<name>/, and prints per target the
# executions, the coverage (cov/ft of libFuzzer's final stats) and any crash file.
# Exit status 1 on a crash or a failed build, 2 on a usage error.
#   usage: tests/fuzz/run-libfuzzer.sh [SECONDS] [--merge] [TARGET...]
# --merge adds the scratch inputs that reach new coverage to the committed corpus
# (libFuzzer's -merge=1 keeps only those, so the corpus stays small).
set -u
cd "$(dirname "$0")/../.."

secs=60 merge=0 only=()
for a in "$@"; do
    case $a in
        --merge) merge=1 ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "run-libfuzzer: unknown option $a" >&2; exit 2 ;;
        *[!0-9]*) only+=("$a") ;;
        *) secs=$a ;;
    esac
done
if [ "$secs" -lt 1 ]; then
    echo "run-libfuzzer: SECONDS must be at least 1" >&2
    exit 2
fi
if ! command -v clang >/dev/null; then
    echo "run-libfuzzer: clang is missing (bash scripts/install-deps)" >&2
    exit 1
fi

# hoptac first: it generates build/gen/*.c, which the fuzz builds compile too.
make -s -j2 hoptac || exit 1

targets=()
for src in tests/fuzz/fuzz_*.c; do
    t=$(basename "$src" .c)
    if [ ${#only[@]} -gt 0 ] && [[ " ${only[*]} " != *" $t "* && " ${only[*]} " != *" ${t#fuzz_} "* ]]; then
        continue
    fi
    targets+=("$t")
done
if [ ${#targets[@]} -eq 0 ]; then
    echo "run-libfuzzer: no fuzz target matches" >&2
    exit 2
fi

failed=0
for t in "${targets[@]}"; do
    name=${t#fuzz_}
    echo "== $t: building"
    if ! make -s -j2 "build/fuzz/$t" >"build/fuzz-$t.build.log" 2>&1; then
        cat "build/fuzz-$t.build.log"
        echo "$t: BUILD FAILED"
        failed=1
        continue
    fi
    rm -f "build/fuzz-$t.build.log"
    corpus=tests/fuzz/corpus/$name
    run=build/fuzz/run/$name
    rm -rf "$run"
    mkdir -p "$run/corpus" "$run/crashes" "$corpus"
    cp -p "$corpus"/. "$run/corpus/" -r 2>/dev/null
    before=$(find "$run/corpus" -type f | wc -l)
    echo "== $t: fuzzing for $secs s on a copy of $corpus ($before inputs)"
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
        "build/fuzz/$t" -max_total_time="$secs" -print_final_stats=1 -timeout=20 \
        -rss_limit_mb=2048 -max_len=8192 -artifact_prefix="$run/crashes/" "$run/corpus" \
        >"$run/log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$run/log" | tail -1)
    cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$run/log" | tail -1)
    after=$(find "$run/corpus" -type f | wc -l)
    crashes=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$run/log")
    echo "$t: ${execs:-?} executions (${speed:-?}/s), ${cov:-cov: ? ft: ?}, corpus $before -> $after inputs"
    if [ -n "$crashes" ] || [ "$rc" -ne 0 ]; then
        failed=1
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$run/log" | head -5 | sed 's/^/    /'
        for c in $crashes; do
            echo "$t: CRASH $c"
            echo "    replay: build/asan/fuzz/$t $c (once fixed, commit it as $corpus/<what-it-shows>)"
        done
        [ -z "$crashes" ] && echo "$t: FAILED (libFuzzer exit $rc, see $run/log)"
        continue
    fi
    if [ "$merge" = 1 ]; then
        n0=$(find "$corpus" -type f | wc -l)
        "build/fuzz/$t" -merge=1 -max_len=8192 "$corpus" "$run/corpus" >"$run/merge.log" 2>&1
        n1=$(find "$corpus" -type f | wc -l)
        echo "$t: merged $((n1 - n0)) new inputs into $corpus ($n1 inputs)"
    fi
done
exit $failed
