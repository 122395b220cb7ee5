#!/usr/bin/env bash
# The command table through the binary: help, version, exit statuses.
. "$(dirname "$0")/../lib.sh"

out=$("$H" --help); st=$?
expect_status "--help exits 0" 0 "$st"
expect_match "--help lists help" "$out" "help "
out=$("$H" --version); st=$?
expect_status "--version exits 0" 0 "$st"
expect_match "--version prints the version" "$out" "^hoptac [0-9]+\.[0-9]+"
"$H" >/dev/null 2>&1; expect_status "no command is a usage error" 2 $?
err=$("$H" frobnicate 2>&1); st=$?
expect_status "unknown command exits 2" 2 "$st"
expect_match "unknown command is named" "$err" "unknown command 'frobnicate'"
out=$("$H" help help); expect_match "help help" "$out" "usage: hoptac help"
"$H" help nosuch >/dev/null 2>&1; expect_status "help of an unknown command exits 2" 2 $?
for c in $("$H" --help | awk '/^Commands:/{f=1;next} f&&/^  [a-z]/{print $1}'); do
    a=$("$H" help "$c"); b=$("$H" "$c" --help); st=$?
    expect_status "$c --help exits 0" 0 "$st"
    expect_eq "help $c equals $c --help" "$a" "$b"
    expect_match "$c has a usage line" "$a" "usage: hoptac $c"
done
done_testing
