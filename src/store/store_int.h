/* Internals shared by the files of the store layer: the connection, its cache of
 * prepared statements and the write counter behind HOPTAC_CRASH_AFTER. */
#ifndef HT_STORE_INT_H
#define HT_STORE_INT_H

#include "store.h"

#define STMT_CACHE 96

struct ht_store {
    sqlite3 *db;
    char *path;
    int schema;
    bool readonly;
    long crash_after, writes;
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } cache[STMT_CACHE];
    int ncache;
};

/* The prepared statement for sql (a string literal: cached by address), reset and with
 * its bindings cleared; NULL with e filled on error. */
sqlite3_stmt *st_stmt(ht_store *st, const char *sql, ht_error *e);
/* sqlite3_step that counts writes (and ends the process when the crash point is
 * reached); returns SQLITE_ROW, SQLITE_DONE or an error code. */
int st_step(ht_store *st, sqlite3_stmt *s);
/* Runs a statement to completion (no rows expected); 0 or an HT_E* code. */
int st_run(ht_store *st, sqlite3_stmt *s, ht_error *e);
/* Runs SQL text (several statements); 0 or an HT_E* code. */
int st_exec(ht_store *st, const char *sql, ht_error *e);

/* Bind helpers: NULL or n == 0 with NULL s binds NULL. */
void st_bind_text(sqlite3_stmt *s, int i, const char *p, size_t n);
void st_bind_cstr(sqlite3_stmt *s, int i, const char *p);

/* "pfx-" followed by 16 hex digits of the hash of the parts (NUL-separated). */
void st_make_id(char *out, const char *pfx, const char *const *parts, const size_t *lens,
                int nparts);
/* A 63-bit integer from the hash of s, used as an FTS rowid. */
long long st_rowid_of(const char *s, size_t n);

/* Schema creation and migrations (schema.c). */
int st_schema_migrate(ht_store *st, ht_error *e);

#endif
