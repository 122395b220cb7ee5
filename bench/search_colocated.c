/* What a colocated token costs FTS5, for bench/bench_search.sh: loads the staging
 * documents into an FTS5 table whose tokenizer is SQLite's unicode61 (remove_diacritics
 * 2) with every token it gives followed by a colocated copy ("=" + token), the shape of
 * hoptac's index (folded key and exact form at each position) at the cost of
 * unicode61's tokenizing. Beside unicode61 alone and hoptac's tokenizer, it tells what
 * the second token costs FTS5 and what hoptac's own tokenizing costs.
 *
 *   search_colocated STAGING.db OUT.db
 * prints "seconds=.. cpu_seconds=.." for the load (INSERT ... SELECT from the staging). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int (*token_fn)(void *, int, const char *, int, int, int);

static fts5_tokenizer base;
static void *base_ud;

typedef struct {
    Fts5Tokenizer *inner;
} doubled;

typedef struct {
    void *ctx;
    token_fn fn;
    int query;
} sink;

static int create(void *ud, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)ud;
    (void)argv;
    (void)argc;
    static const char *args[] = {"remove_diacritics", "2"};
    doubled *d = malloc(sizeof *d);
    if (!d || base.xCreate(base_ud, args, 2, &d->inner) != SQLITE_OK) {
        free(d);
        return SQLITE_ERROR;
    }
    *out = (Fts5Tokenizer *)d;
    return SQLITE_OK;
}

static void destroy(Fts5Tokenizer *t)
{
    base.xDelete(((doubled *)t)->inner);
    free(t);
}

static int twice(void *p, int flags, const char *tok, int n, int start, int end)
{
    sink *s = p;
    int rc = s->fn(s->ctx, flags, tok, n, start, end);
    char buf[512];
    if (rc != SQLITE_OK || s->query || n + 1 > (int)sizeof buf)
        return rc;
    buf[0] = '=';
    memcpy(buf + 1, tok, (size_t)n);
    return s->fn(s->ctx, FTS5_TOKEN_COLOCATED, buf, n + 1, start, end);
}

static int tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n, token_fn fn)
{
    sink s = {ctx, fn, flags & FTS5_TOKENIZE_QUERY};
    return base.xTokenize(((doubled *)t)->inner, &s, flags, text, n, twice);
}

static double clock_of(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: search_colocated STAGING.db OUT.db\n");
        return 2;
    }
    sqlite3 *db;
    if (sqlite3_open(argv[2], &db) != SQLITE_OK) {
        fprintf(stderr, "search_colocated: %s: %s\n", argv[2], sqlite3_errmsg(db));
        return 1;
    }
    fts5_api *api = NULL;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    static fts5_tokenizer tk = {create, destroy, tokenize};
    if (!api || api->xFindTokenizer(api, "unicode61", &base_ud, &base) != SQLITE_OK ||
        api->xCreateTokenizer(api, "doubled", NULL, &tk, NULL) != SQLITE_OK) {
        fprintf(stderr, "search_colocated: no FTS5\n");
        return 1;
    }
    char *sql = sqlite3_mprintf("ATTACH %Q AS s; CREATE VIRTUAL TABLE t USING fts5(title, body,"
                                " tokenize = 'doubled')", argv[1]);
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "search_colocated: %s\n", err);
        return 1;
    }
    sqlite3_free(sql);
    double t0 = clock_of(CLOCK_MONOTONIC), c0 = clock_of(CLOCK_PROCESS_CPUTIME_ID);
    if (sqlite3_exec(db, "INSERT INTO t (rowid, title, body) SELECT rowid, title, body FROM s.docs",
                     NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "search_colocated: %s\n", err);
        return 1;
    }
    printf("seconds=%.3f cpu_seconds=%.3f\n", clock_of(CLOCK_MONOTONIC) - t0,
           clock_of(CLOCK_PROCESS_CPUTIME_ID) - c0);
    sqlite3_close(db);
    return 0;
}
