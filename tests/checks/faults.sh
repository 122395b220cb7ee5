#!/usr/bin/env bash
# Faults around the database: a full disk (a file size limit), a read-only database
# file, a database locked by another process, a corrupt or truncated database file, and
# an import killed half-way. Each gives a clear message and exit status 1, and leaves
# the database as it was (or, for the full disk, with whole documents only, and a
# second run finishes the job).
. "$(dirname "$0")/../lib.sh"
export SOURCE_DATE_EPOCH=1700000000
ART="$ROOT/tests/cli/ingest_articles"
ONE="$ROOT/tests/bad/article.txt"
dump() { sqlite3 "$1" .dump; }
sane() { sqlite3 "$1" 'PRAGMA integrity_check' 2>&1; }

"$H" ingest --db "$TMP/base.db" "$ONE" >/dev/null 2>&1
expect_status "a one-article registry" 0 $?
"$H" ingest --db "$TMP/clean.db" "$ONE" "$ART" >/dev/null 2>&1
# the full-text index's b-tree depends on how writes were batched: compared by content
canon() { python3 "$ROOT/tests/cli/ingest_dump.py" "$1"; }
clean=$(canon "$TMP/clean.db")

# ---- full disk: the file size limit stops the writes (SIGXFSZ ignored, so write()
# fails with EFBIG as it would with ENOSPC on a full file system) ----
cp "$TMP/base.db" "$TMP/full.db"
limit=$(( $(stat -c %s "$TMP/base.db") / 1024 + 24 ))
out=$( (trap '' XFSZ; ulimit -f "$limit"; "$H" ingest --db "$TMP/full.db" "$ART") 2>&1 >/dev/null); st=$?
expect_status "full disk: ingest exits 1" 1 "$st"
expect_match "full disk: the message names the database and the failed write" "$out" \
    "^hoptac ingest: (disk full while [a-z ]+ \(database $TMP/full\.db\)|I/O error on database $TMP/full\.db while [a-z ]+: .*)$"
expect_eq "full disk: the database is sound" "$(sane "$TMP/full.db")" "ok"
"$H" ingest --db "$TMP/full.db" "$ART" >/dev/null 2>&1
expect_status "full disk: a second run with room finishes" 0 $?
expect_eq "full disk: then the registry is the clean run's" "$(canon "$TMP/full.db")" "$clean"

# the export to a full disk: an error, not a short file passed off as whole
out=$( (trap '' XFSZ; ulimit -f 4; "$H" export --db "$TMP/clean.db" >"$TMP/short.json") 2>&1); st=$?
expect_status "full disk: export exits 1" 1 "$st"
expect_match "full disk: export says it could not write" "$out" "^hoptac export: .*(write|disk full|File too large)"

# ---- a read-only database file (as another user when run as root, who may write anyway) ----
as_user=()
if [ "$(id -u)" = 0 ]; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    chmod 755 "$TMP"
fi
cp "$TMP/base.db" "$TMP/ro.db"
chmod 444 "$TMP/ro.db"
before=$(dump "$TMP/ro.db")
out=$("${as_user[@]}" "$H" ingest --db "$TMP/ro.db" "$ART" 2>&1 >/dev/null); st=$?
expect_status "read-only file: ingest exits 1" 1 "$st"
expect_match "read-only file: the message says so" "$out" \
    "^hoptac ingest: (database file $TMP/ro\.db is read-only|.*$TMP/ro\.db.*read-only)"
expect_eq "read-only file: the database is unchanged" "$(dump "$TMP/ro.db")" "$before"
"$H" export --db "$TMP/clean.db" >"$TMP/clean.json"
"$H" init --db "$TMP/ro2.db" >/dev/null 2>&1
chmod 444 "$TMP/ro2.db"
out=$("${as_user[@]}" "$H" import --db "$TMP/ro2.db" "$TMP/clean.json" 2>&1 >/dev/null); st=$?
expect_status "read-only file: import exits 1" 1 "$st"
expect_match "read-only file: import says so" "$out" "^hoptac import: .*$TMP/ro2\.db.*read-only"

# ---- a database locked by another process: sqlite3 holds an exclusive transaction ----
cp "$TMP/base.db" "$TMP/locked.db"
before=$(dump "$TMP/locked.db")
mkfifo "$TMP/fifo"
sqlite3 "$TMP/locked.db" <"$TMP/fifo" >"$TMP/holder.out" 2>&1 &
holder=$!
exec 7>"$TMP/fifo"
echo "BEGIN EXCLUSIVE; SELECT 'held';" >&7
for _ in $(seq 50); do grep -q held "$TMP/holder.out" && break; sleep 0.1; done
expect_eq "locked: another process holds the database" "$(cat "$TMP/holder.out")" "held"
out=$("$H" ingest --db "$TMP/locked.db" "$ART" 2>&1 >/dev/null); st=$?
expect_status "locked: ingest exits 1 after waiting" 1 "$st"
expect_match "locked: the message says who holds it" "$out" \
    "^hoptac ingest: database $TMP/locked\.db is locked by another process \(while [a-z ]+\); try again when it has finished$"
echo "ROLLBACK;" >&7
exec 7>&-
wait "$holder"
expect_eq "locked: the database is unchanged" "$(dump "$TMP/locked.db")" "$before"
"$H" ingest --db "$TMP/locked.db" "$ART" >/dev/null 2>&1
expect_status "locked: once released, ingest goes through" 0 $?

# ---- corrupt database files: garbage, truncated, a damaged page ----
head -c 65536 /dev/urandom >"$TMP/garbage.db"
cp "$TMP/clean.db" "$TMP/whole.db"
size=$(stat -c %s "$TMP/whole.db")
head -c $((size / 2)) "$TMP/whole.db" >"$TMP/truncated.db"
cp "$TMP/whole.db" "$TMP/damaged.db"
pages=$((size / 4096))
# every page after the first two: the schema survives, the rows do not
dd if=/dev/urandom of="$TMP/damaged.db" bs=4096 seek=2 count=$((pages - 3)) conv=notrunc status=none
for f in garbage truncated damaged; do
    sum=$(md5sum <"$TMP/$f.db")
    for cmd in "ingest $ART" "party list" "export"; do
        out=$("$H" $cmd --db "$TMP/$f.db" 2>&1 >/dev/null); st=$?
        name=${cmd%% *}
        if grep -qE "AddressSanitizer|runtime error" <<<"$out"; then
            not_ok "$f database: $name does not crash" "$(head -3 <<<"$out")"
            continue
        fi
        expect_status "$f database: $name exits 1" 1 "$st"
        expect_match "$f database: $name says the file is not a sound database" "$out" \
            "^hoptac $name: $TMP/$f\.db is not a hoptac database or is corrupt \(.+\)$"
    done
    expect_eq "$f database: the file is left as it was" "$(md5sum <"$TMP/$f.db")" "$sum"
done

# ---- a database of a newer hoptac, and another program's SQLite file ----
cp "$TMP/base.db" "$TMP/newer.db"
sqlite3 "$TMP/newer.db" 'PRAGMA user_version = 999' >/dev/null
sum=$(md5sum <"$TMP/newer.db")
out=$("$H" ingest --db "$TMP/newer.db" "$ART" 2>&1 >/dev/null); st=$?
expect_status "newer schema: ingest exits 1" 1 "$st"
expect_match "newer schema: the message says to use a newer hoptac" "$out" \
    "^hoptac ingest: database $TMP/newer\.db has schema 999, newer than this hoptac knows \([0-9]+\): use a newer hoptac$"
expect_eq "newer schema: the file is left as it was" "$(md5sum <"$TMP/newer.db")" "$sum"
sqlite3 "$TMP/other.db" 'CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES (1)' >/dev/null
sum=$(md5sum <"$TMP/other.db")
out=$("$H" import --db "$TMP/other.db" "$TMP/clean.json" 2>&1 >/dev/null); st=$?
expect_status "another program's database: import exits 1" 1 "$st"
expect_match "another program's database: the message says so" "$out" \
    "^hoptac import: $TMP/other\.db is not a hoptac database or is corrupt \(another program's file\)$"
expect_eq "another program's database: the file is left as it was" "$(md5sum <"$TMP/other.db")" "$sum"

# ---- import killed half-way: one transaction, so the database is as before ----
"$H" init --db "$TMP/empty.db" >/dev/null 2>&1
empty=$(dump "$TMP/empty.db")
for n in 1 10 30; do
    cp "$TMP/empty.db" "$TMP/killed.db"
    HOPTAC_CRASH_AFTER=$n "$H" import --db "$TMP/killed.db" "$TMP/clean.json" >/dev/null 2>&1; st=$?
    expect_status "import killed after write $n: the process ends abruptly" 137 "$st"
    expect_eq "import killed after write $n: the database is as before" "$(dump "$TMP/killed.db")" "$empty"
    expect_eq "import killed after write $n: the database is sound" "$(sane "$TMP/killed.db")" "ok"
    "$H" import --db "$TMP/killed.db" "$TMP/clean.json" >/dev/null 2>&1
    expect_status "import killed after write $n: importing again succeeds" 0 $?
done
expect_eq "the import loads every document" "$(sqlite3 "$TMP/killed.db" 'SELECT count(*) FROM documents')" \
    "$(sqlite3 "$TMP/clean.db" 'SELECT count(*) FROM documents')"
# a real SIGKILL at whatever moment it lands: the database is before or after, never between
cp "$TMP/empty.db" "$TMP/sigkill.db"
"$H" import --db "$TMP/sigkill.db" "$TMP/clean.json" >/dev/null 2>&1 &
pid=$!
sleep 0.05
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
got=$(dump "$TMP/sigkill.db")
cp "$TMP/empty.db" "$TMP/full-import.db"
"$H" import --db "$TMP/full-import.db" "$TMP/clean.json" >/dev/null 2>&1
if [ "$got" == "$empty" ] || [ "$got" == "$(dump "$TMP/full-import.db")" ]; then
    ok "import under kill -9: the database is empty or whole"
else
    not_ok "import under kill -9: the database is empty or whole" "a partial registry"
fi
done_testing
