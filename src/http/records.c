/* The glue between the registry and the faces of the server: prepared statements cached
 * per worker thread, record kinds from ids, and the counts of the home page. Everything
 * a user reads or changes goes through the app layer (app/app.h, app/report.h), the
 * same functions as the command line. */
#include "http_int.h"
#include "store/registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- statements: a small cache per thread and connection ---- */

#define HS_STMTS 64
static _Thread_local struct {
    sqlite3 *db;
    const char *sql;
    sqlite3_stmt *s;
} cache[HS_STMTS];

sqlite3_stmt *hs_stmt(ht_store *st, const char *sql, ht_error *e)
{
    sqlite3 *db = ht_store_db(st);
    int free_slot = -1;
    for (int i = 0; i < HS_STMTS; i++) {
        if (cache[i].db == db && cache[i].sql == sql) {
            sqlite3_reset(cache[i].s);
            sqlite3_clear_bindings(cache[i].s);
            return cache[i].s;
        }
        if (!cache[i].db && free_slot < 0)
            free_slot = i;
    }
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK) {
        ht_store_error(st, rc, "preparing a query", e);
        return NULL;
    }
    if (free_slot >= 0) {
        cache[free_slot].db = db;
        cache[free_slot].sql = sql;
        cache[free_slot].s = s;
    } else {
        sqlite3_finalize(s);
        ht_err(e, HT_EDB, "query cache full");
        return NULL;
    }
    return s;
}

void hs_stmt_release(ht_store *st)
{
    sqlite3 *db = ht_store_db(st);
    for (int i = 0; i < HS_STMTS; i++)
        if (cache[i].db == db) {
            sqlite3_finalize(cache[i].s);
            cache[i].db = NULL;
            cache[i].sql = NULL;
            cache[i].s = NULL;
        }
}

static int step_err(ht_store *st, int rc, ht_error *e)
{
    return rc == SQLITE_DONE ? 0 : ht_store_error(st, rc, "reading the registry", e);
}

/* ---- kinds ---- */

/* The pages pass an hs_kind of a record where ht_rec_kind is taken. */
_Static_assert((int)HS_PARTY == (int)HT_REC_PARTY && (int)HS_PERSON == (int)HT_REC_PERSON &&
                   (int)HS_AGREEMENT == (int)HT_REC_AGREEMENT &&
                   (int)HS_ACTIVITY == (int)HT_REC_ACTIVITY,
               "hs_kind and ht_rec_kind agree on records");

hs_kind hs_kind_of(const char *id)
{
    if (!id || !*id)
        return HS_NONE;
    static const struct {
        const char *pfx;
        hs_kind k;
    } P[] = {{"org-", HS_PARTY}, {"per-", HS_PERSON}, {"agr-", HS_AGREEMENT},
             {"act-", HS_ACTIVITY}, {"doc-", HS_DOCUMENT}};
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++)
        if (strncmp(id, P[i].pfx, 4) == 0)
            return P[i].k;
    /* gazetteer codes: VN, VN-DLK, LA-XE, VN-DLK-BMT */
    size_t n = strlen(id);
    if (n < 2 || n > 24)
        return HS_NONE;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
            return HS_NONE;
    return HS_PARTY;
}

const char *hs_kind_name(hs_kind k)
{
    static const char *const N[] = {"party", "person", "agreement", "activity", "document", ""};
    return N[k];
}

/* ---- counts ---- */

int hs_stats_json(ht_store *st, ht_buf *out, ht_error *e)
{
    sqlite3_stmt *s = hs_stmt(st,
                              "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM"
                              " parties WHERE gazetteer = 0 OR status = 'confirmed'), (SELECT"
                              " count(*) FROM people), (SELECT count(*) FROM agreements WHERE"
                              " status NOT IN ('rejected', 'deleted')), (SELECT count(*) FROM"
                              " activities WHERE status NOT IN ('rejected', 'deleted')), (SELECT"
                              " (SELECT count(*) FROM agreements WHERE status = 'proposed') +"
                              " (SELECT count(*) FROM activities WHERE status = 'proposed') +"
                              " (SELECT count(*) FROM people WHERE status = 'proposed') + (SELECT"
                              " count(*) FROM parties WHERE status = 'proposed' AND gazetteer ="
                              " 0))",
                              e);
    if (!s)
        return e->code;
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return step_err(st, rc, e);
    }
    ht_json j;
    ht_json_init(&j, out);
    ht_json_obj(&j);
    static const char *const K[] = {"documents", "parties", "people", "agreements", "activities",
                                    "proposed"};
    for (int i = 0; i < 6; i++) {
        ht_json_key(&j, K[i]);
        ht_json_int(&j, sqlite3_column_int64(s, i));
    }
    ht_json_obj_end(&j);
    ht_buf_putc(out, '\n');
    sqlite3_reset(s);
    return j.err ? ht_err(e, HT_ENOMEM, "out of memory") : 0;
}

