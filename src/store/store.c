/* The connection to the registry: opening (WAL, foreign keys, busy timeout, the FTS5
 * tokenizer), error mapping, transactions, the write counter for crash tests, the
 * clock and content hashes. */
#include "store_int.h"
#include "fts.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define APPLICATION_ID 0x686F7074 /* "hopt": marks a file as a hoptac registry */
#define BUSY_TIMEOUT_MS 5000

const char *ht_store_path(const char *opt)
{
    if (opt && *opt)
        return opt;
    const char *env = getenv("HOPTAC_DB");
    if (env && *env)
        return env;
    return "./hoptac.db";
}

sqlite3 *ht_store_db(ht_store *st) { return st->db; }
const char *ht_store_file(const ht_store *st) { return st->path; }
int ht_store_schema(const ht_store *st) { return st->schema; }
long ht_store_writes(const ht_store *st) { return st->writes; }

void ht_store_set_busy_timeout(ht_store *st, int ms) { sqlite3_busy_timeout(st->db, ms); }

int ht_store_error(ht_store *st, int rc, const char *what, ht_error *e)
{
    const char *path = st && st->path ? st->path : "(database)";
    const char *msg = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
    int sys = st && st->db ? sqlite3_system_errno(st->db) : 0;
    what = what ? what : "using the database";
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ht_err(e, HT_EBUSY,
                      "database %s is locked by another process (while %s); try again when "
                      "it has finished",
                      path, what);
    case SQLITE_FULL:
        return ht_err(e, HT_EFULL, "disk full while %s (database %s)", what, path);
    case SQLITE_READONLY:
        return ht_err(e, HT_EREADONLY, "database file %s is read-only (while %s)", path, what);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return ht_err(e, HT_ECORRUPT, "%s is not a hoptac database or is corrupt (%s)", path,
                      msg);
    case SQLITE_NOMEM:
        return ht_err(e, HT_ENOMEM, "out of memory while %s", what);
    case SQLITE_CANTOPEN:
        return ht_err(e, HT_EIO, "cannot open database %s: %s", path,
                      sys ? strerror(sys) : msg);
    case SQLITE_IOERR:
        if (sys == ENOSPC)
            return ht_err(e, HT_EFULL, "disk full while %s (database %s)", what, path);
        return ht_err(e, HT_EIO, "I/O error on database %s while %s: %s", path, what,
                      sys ? strerror(sys) : msg);
    case SQLITE_CONSTRAINT:
        return ht_err(e, HT_ECONFLICT, "conflict while %s: %s", what, msg);
    default:
        return ht_err(e, HT_EDB, "database error while %s (%s): %s", what, path, msg);
    }
}

static size_t slot_of(const char *sql)
{
    uint64_t h = (uint64_t)(uintptr_t)sql * 0x9e3779b97f4a7c15ULL;
    return (size_t)(h >> 40) & (STMT_CACHE - 1);
}

sqlite3_stmt *st_stmt(ht_store *st, const char *sql, ht_error *e)
{
    size_t i = slot_of(sql);
    while (st->cache[i].sql) {
        if (st->cache[i].sql == sql) {
            sqlite3_stmt *s = st->cache[i].st;
            sqlite3_reset(s);
            sqlite3_clear_bindings(s);
            return s;
        }
        i = (i + 1) & (STMT_CACHE - 1);
    }
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK) {
        ht_store_error(st, rc, "preparing a statement", e);
        return NULL;
    }
    if (st->ncache < STMT_CACHE / 2) {
        st->cache[i].sql = sql;
        st->cache[i].st = s;
        st->ncache++;
    } else {
        /* never expected: the layer has fewer statements than the cache holds */
        sqlite3_finalize(s);
        ht_err(e, HT_EDB, "statement cache full");
        return NULL;
    }
    return s;
}

static void count_write(ht_store *st)
{
    st->writes++;
    if (st->crash_after > 0 && st->writes >= st->crash_after)
        _exit(137); /* the crash-test power cut: no clean-up, no rollback, no flush */
}

int st_step(ht_store *st, sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE && !sqlite3_stmt_readonly(s))
        count_write(st);
    return rc;
}

int st_run(ht_store *st, sqlite3_stmt *s, ht_error *e)
{
    int rc = st_step(st, s);
    if (rc == SQLITE_ROW)
        rc = SQLITE_DONE;
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return ht_store_error(st, rc, "writing to the registry", e);
    return 0;
}

int st_exec(ht_store *st, const char *sql, ht_error *e)
{
    char *msg = NULL;
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
    sqlite3_free(msg);
    if (rc != SQLITE_OK)
        return ht_store_error(st, rc, "updating the schema", e);
    return 0;
}

void st_bind_text(sqlite3_stmt *s, int i, const char *p, size_t n)
{
    if (!p)
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_text(s, i, p, (int)n, SQLITE_TRANSIENT);
}

void st_bind_cstr(sqlite3_stmt *s, int i, const char *p)
{
    st_bind_text(s, i, p, p ? strlen(p) : 0);
}

static void hexify(const unsigned char *h, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[h[i] >> 4];
        out[2 * i + 1] = hex[h[i] & 15];
    }
    out[2 * n] = 0;
}

void ht_store_hash_hex(const void *p, size_t n, char out[33])
{
    unsigned char h[16];
    crypto_generichash(h, sizeof h, p, n, NULL, 0);
    hexify(h, sizeof h, out);
}

void st_make_id(char *out, const char *pfx, const char *const *parts, const size_t *lens,
                int nparts)
{
    crypto_generichash_state s;
    unsigned char h[8];
    crypto_generichash_init(&s, NULL, 0, sizeof h);
    for (int i = 0; i < nparts; i++) {
        if (parts[i])
            crypto_generichash_update(&s, (const unsigned char *)parts[i], lens[i]);
        crypto_generichash_update(&s, (const unsigned char *)"", 1);
    }
    crypto_generichash_final(&s, h, sizeof h);
    size_t k = strlen(pfx);
    memcpy(out, pfx, k);
    out[k] = '-';
    hexify(h, sizeof h, out + k + 1);
}

long long st_rowid_of(const char *s, size_t n)
{
    unsigned char h[8];
    crypto_generichash(h, sizeof h, (const unsigned char *)s, n, NULL, 0);
    unsigned long long v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | h[i];
    return (long long)(v >> 1);
}

void ht_store_now(char out[32])
{
    time_t t = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (!errno && !*end && v >= 0)
            t = (time_t)v;
    }
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void ht_store_crash_after(ht_store *st, long n) { st->crash_after = n > 0 ? n : 0; }

int ht_store_crash_from_env(ht_store *st, ht_error *e)
{
    const char *v = getenv("HOPTAC_CRASH_AFTER");
    if (!v || !*v)
        return 0;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || *end || n <= 0)
        return ht_err(e, HT_EINVAL, "HOPTAC_CRASH_AFTER must be a positive integer, not '%s'",
                      v);
    ht_store_crash_after(st, n);
    return 0;
}

static int run_sql(ht_store *st, const char *sql, bool counts, const char *what, ht_error *e)
{
    sqlite3_stmt *s = st_stmt(st, sql, e);
    if (!s)
        return e ? e->code : HT_EDB;
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return ht_store_error(st, rc, what, e);
    if (counts)
        count_write(st);
    return 0;
}

void st_written_forget(ht_store *st)
{
    for (size_t i = 0; i < st->written.cap; i++)
        free(st->written.slots[i].key);
    free(st->written.slots);
    st->written.slots = NULL;
    st->written.cap = st->written.n = 0;
}

/* The slot of key (hash h) in slots[cap], cap a power of two: its own or the empty one. */
static struct st_written_slot *written_at(struct st_written_slot *slots, size_t cap, uint64_t h,
                                          const char *key)
{
    size_t j = (size_t)h & (cap - 1);
    while (slots[j].key && (slots[j].h != h || strcmp(slots[j].key, key)))
        j = (j + 1) & (cap - 1);
    return &slots[j];
}

bool st_written(ht_store *st, const char *a, const char *b)
{
    if (!st->in_write || !a || !b || strchr(a, 0x1f))
        return false;
    size_t an = strlen(a), bn = strlen(b);
    char *key = malloc(an + bn + 2);
    if (!key)
        return false;
    memcpy(key, a, an);
    key[an] = 0x1f;
    memcpy(key + an + 1, b, bn + 1);
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    if (st->written.cap && written_at(st->written.slots, st->written.cap, h, key)->key) {
        free(key);
        return true;
    }
    if (2 * (st->written.n + 1) > st->written.cap) {
        size_t cap = st->written.cap ? 2 * st->written.cap : 1024;
        struct st_written_slot *slots = calloc(cap, sizeof *slots);
        if (!slots) {
            free(key);
            return false;
        }
        for (size_t i = 0; i < st->written.cap; i++)
            if (st->written.slots[i].key)
                *written_at(slots, cap, st->written.slots[i].h, st->written.slots[i].key) =
                    st->written.slots[i];
        free(st->written.slots);
        st->written.slots = slots;
        st->written.cap = cap;
    }
    *written_at(st->written.slots, st->written.cap, h, key) = (struct st_written_slot){h, key};
    st->written.n++;
    return false;
}

int ht_store_begin(ht_store *st, ht_error *e)
{
    st_written_forget(st);
    int r = run_sql(st, "BEGIN IMMEDIATE", false, "starting a write", e);
    st->in_write = !r;
    return r;
}

/* What the connection keeps about the transaction that ends (committed or not). */
static void write_ended(ht_store *st)
{
    st->in_write = false;
    st_written_forget(st);
    st_fts_rows_cut(st, 0);
    st->touched.n = 0;
}

int ht_store_commit(ht_store *st, ht_error *e)
{
    write_ended(st);
    return run_sql(st, "COMMIT", true, "committing", e);
}

int ht_store_savepoint(ht_store *st, ht_error *e)
{
    st->fts_rows.mark = st->fts_rows.n;
    return run_sql(st, "SAVEPOINT ht_part", false, "starting a write", e);
}

int ht_store_release(ht_store *st, ht_error *e)
{
    return run_sql(st, "RELEASE ht_part", false, "writing", e);
}

void ht_store_rollback_savepoint(ht_store *st)
{
    st_written_forget(st);
    st_fts_rows_cut(st, st->fts_rows.mark);
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK TO ht_part; RELEASE ht_part", NULL, NULL, NULL);
}

void ht_store_rollback(ht_store *st)
{
    write_ended(st);
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static int pragma_int(ht_store *st, const char *sql, int *out, ht_error *e)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int(s, 0);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            *out = 0;
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(s);
    return rc == SQLITE_OK ? 0 : ht_store_error(st, rc, "reading the database header", e);
}

static bool file_exists(const char *path) { return access(path, F_OK) == 0; }

static int check_and_migrate(ht_store *st, int flags, ht_error *e)
{
    int appid = 0, version = 0, tables = 0, rc;
    if ((rc = pragma_int(st, "PRAGMA application_id", &appid, e)) ||
        (rc = pragma_int(st, "PRAGMA user_version", &version, e)) ||
        (rc = pragma_int(st, "SELECT count(*) FROM sqlite_master", &tables, e)))
        return rc;
    bool empty = appid == 0 && version == 0 && tables == 0;
    if (!empty && appid != APPLICATION_ID)
        return ht_err(e, HT_ECORRUPT,
                      "%s is not a hoptac database or is corrupt (another program's file)",
                      st->path);
    if (version > HT_STORE_SCHEMA)
        return ht_err(e, HT_EINVAL,
                      "database %s has schema %d, newer than this hoptac knows (%d): use a "
                      "newer hoptac",
                      st->path, version, HT_STORE_SCHEMA);
    st->schema = version;
    if (version == HT_STORE_SCHEMA)
        return 0;
    if (st->readonly || !(flags & HT_STORE_CREATE)) {
        if (empty)
            return ht_err(e, HT_ENOTFOUND, "%s holds no registry yet: run 'hoptac init' first",
                          st->path);
        return ht_err(e, HT_EINVAL,
                      "database %s has schema %d and needs an upgrade to %d: run 'hoptac "
                      "init' to upgrade it",
                      st->path, version, HT_STORE_SCHEMA);
    }
    if ((rc = ht_store_begin(st, e)))
        return rc;
    rc = st_schema_migrate(st, e);
    /* the page texts schemas 2 and 3 did not keep; signatures computed another way
     * before schema 2; the full-text index made again by schema 4 */
    if (!rc && version >= 1 && version < 4)
        rc = st_doc_retext(st, e);
    if (!rc && version >= 1 && version < 2)
        rc = st_doc_resign(st, e);
    if (!rc && version >= 1 && version < 4)
        rc = st_exec(st, "INSERT INTO doc_fts (doc_fts) VALUES ('rebuild')", e);
    if (!rc && version >= 1 && version < 6)
        rc = st_rekey_events(st, e);
    if (!rc) {
        char sql[96];
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
                 APPLICATION_ID, HT_STORE_SCHEMA);
        rc = st_exec(st, sql, e);
    }
    if (!rc)
        rc = ht_store_commit(st, e);
    if (rc) {
        ht_store_rollback(st);
        return rc;
    }
    st->schema = HT_STORE_SCHEMA;
    return 0;
}

void ht_store_library_setup(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); /* refused once the library runs: harmless */
}

/* hoptac_row(I, COL): column COL of row I of the rows st_rows_run hands to its
 * statement; NULL past them. */
static void row_func(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    const st_rows *rows = ((const ht_store *)sqlite3_user_data(c))->rows;
    sqlite3_int64 i = sqlite3_value_int64(argv[0]), col = sqlite3_value_int64(argv[1]);
    const char *t = NULL;
    if (!rows || i < 0 || (size_t)i >= rows->n || col < 0)
        sqlite3_result_null(c);
    else if (col == 0)
        sqlite3_result_int64(c, rows->rowid(rows->ud, (size_t)i));
    else if (rows->text && (t = rows->text(rows->ud, (size_t)i, (int)col)))
        sqlite3_result_text(c, t, -1, SQLITE_STATIC);
    else
        sqlite3_result_null(c);
}

int st_rows_run(ht_store *st, const char *sql, const st_rows *rows, ht_error *e)
{
    if (!rows->n)
        return 0;
    sqlite3_stmt *s = st_stmt(st, sql, e);
    if (!s)
        return e->code;
    sqlite3_bind_int64(s, 1, (long long)rows->n);
    st->rows = rows;
    int r = st_run(st, s, e);
    st->rows = NULL;
    return r;
}

int ht_store_open(const char *path, int flags, ht_store **out, ht_error *e)
{
    *out = NULL;
    if (sodium_init() < 0)
        return ht_err(e, HT_EINVAL, "cannot initialise the hash library");
    bool memory = strcmp(path, ":memory:") == 0;
    if (!memory && !(flags & HT_STORE_CREATE) && !file_exists(path))
        return ht_err(e, HT_ENOTFOUND, "no database at %s: run 'hoptac init' first (or give "
                                       "--db PATH)",
                      path);
    ht_store *st = calloc(1, sizeof *st);
    if (!st || !(st->path = strdup(path))) {
        free(st);
        return ht_err(e, HT_ENOMEM, "out of memory");
    }
    st->readonly = (flags & HT_STORE_READONLY) != 0;
    int oflags = st->readonly ? SQLITE_OPEN_READONLY
                              : SQLITE_OPEN_READWRITE | ((flags & HT_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
    oflags |= SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path, &st->db, oflags, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(st->db, 1);
        sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
        rc = ht_fts_register(st->db);
        if (rc == SQLITE_OK)
            rc = sqlite3_create_function(st->db, "hoptac_row", 2, SQLITE_UTF8, st, row_func, NULL,
                                         NULL);
        if (rc != SQLITE_OK) {
            ht_err(e, HT_EDB, "SQLite has no FTS5: cannot register the hoptac tokenizer");
            ht_store_close(st);
            return HT_EDB;
        }
    }
    if (rc != SQLITE_OK) {
        int r = ht_store_error(st, rc, "opening", e);
        ht_store_close(st);
        return r;
    }
    /* The file is read through a map of up to 2 GB (SQLite's own bound on Debian): past
     * the map, every page a search touches is copied into the 32 MB page cache, which a
     * registry of 100,000 documents (1 GB) overflows query after query. */
    int r = st_exec(st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
                        " PRAGMA cache_size = -32768; PRAGMA mmap_size = 2147418112;"
                        " PRAGMA wal_autocheckpoint = 8192", e);
    /* The file is checked (a file that is not a database fails with NOTADB, another
     * program's database is refused) before anything is written to it, even the
     * journal mode. */
    if (!r)
        r = check_and_migrate(st, flags, e);
    if (!r && !st->readonly && !memory) {
        char *msg = NULL;
        rc = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, &msg);
        sqlite3_free(msg);
        if (rc != SQLITE_OK)
            r = ht_store_error(st, rc, "opening", e);
    }
    if (r) {
        ht_store_close(st);
        return r;
    }
    *out = st;
    return 0;
}

void ht_store_close(ht_store *st)
{
    if (!st)
        return;
    for (int i = 0; i < STMT_CACHE; i++)
        if (st->cache[i].sql)
            sqlite3_finalize(st->cache[i].st);
    if (st->db)
        sqlite3_close(st->db);
    st_bands_free(st->bands);
    st_fts_rows_cut(st, 0);
    free(st->fts_rows.v);
    free(st->touched.v);
    st_written_forget(st);
    free(st->path);
    free(st);
}
