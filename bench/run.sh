#!/usr/bin/env bash
# The benchmark harness behind `make bench`: installs the reference tools, builds the
# benchmark programs, runs every bench/bench_*.sh in name order (or only those named:
# `bash bench/run.sh text`), and ends with one summary line per benchmark.
# A benchmark prints its own figures and a last line "summary: ..."; it exits non-zero
# when it failed, a missing reference tool included. Exit status 1 if any failed.
set -u
cd "$(dirname "$0")/.."
export SHARED="${SHARED:-$PWD/../shared}"
export BENCH_OUT="${BENCH_OUT:-$PWD/bench/out}"
mkdir -p "$BENCH_OUT"

if ! bash scripts/install-deps --bench; then
    echo "bench: installing the reference tools failed; benchmarks missing one will fail"
fi
if ! make -s -j2 hoptac bench-tools; then
    echo "bench: build failed"
    exit 1
fi

scripts=()
for b in bench/bench_*.sh; do
    [ -f "$b" ] || continue
    name=$(basename "$b" .sh)
    name=${name#bench_}
    if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then
        continue
    fi
    scripts+=("$b")
done
if [ ${#scripts[@]} -eq 0 ]; then
    echo "bench: no benchmark to run${1:+ (asked for: $*)}"
    exit 1
fi

echo "bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
summary=() failed=0
for b in "${scripts[@]}"; do
    name=$(basename "$b" .sh)
    name=${name#bench_}
    log="$BENCH_OUT/$name.log"
    echo
    echo "== $name ($b)"
    start=$(date +%s)
    bash "$b" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    secs=$(($(date +%s) - start))
    line=$(sed -n 's/^summary: //p' "$log" | tail -1)
    if [ "$rc" -eq 0 ]; then
        summary+=("ok    $name (${secs} s): ${line:-done}")
    else
        failed=1
        summary+=("FAIL  $name (${secs} s, exit $rc): ${line:-$(grep -v '^$' "$log" | tail -1)}")
    fi
done

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $failed
