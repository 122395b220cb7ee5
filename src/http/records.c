/* The registry's records as JSON for the API and the pages: one record with what its
 * page shows, timelines of a party or a pair, lists, the review queue, agreements with
 * their derived status; and the writes people make: review decisions, records entered
 * by hand, corrections, each with its line in `history`. */
#include "http_int.h"
#include "base/data.h"
#include "report/status.h"
#include "text/text.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern const ht_data_table ht_data_gazetteer;

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

static const char *col(sqlite3_stmt *s, int i) { return (const char *)sqlite3_column_text(s, i); }

static int step_err(ht_store *st, int rc, ht_error *e)
{
    return rc == SQLITE_DONE ? 0 : ht_store_error(st, rc, "reading the registry", e);
}

static void jstr(ht_json *j, const char *k, const char *v)
{
    ht_json_key(j, k);
    ht_json_cstr(j, v);
}

static void jcol(ht_json *j, const char *k, sqlite3_stmt *s, int i)
{
    ht_json_key(j, k);
    if (sqlite3_column_type(s, i) == SQLITE_NULL)
        ht_json_null(j);
    else if (sqlite3_column_type(s, i) == SQLITE_INTEGER)
        ht_json_int(j, sqlite3_column_int64(s, i));
    else if (sqlite3_column_type(s, i) == SQLITE_FLOAT)
        ht_json_num(j, sqlite3_column_double(s, i));
    else
        ht_json_str(j, col(s, i), (size_t)sqlite3_column_bytes(s, i));
}

/* A column holding a JSON array, written as it is (an empty array when NULL). */
static void jraw(ht_json *j, const char *k, sqlite3_stmt *s, int i)
{
    ht_json_key(j, k);
    const char *v = col(s, i);
    if (v && (v[0] == '[' || v[0] == '{'))
        ht_json_raw(j, v, (size_t)sqlite3_column_bytes(s, i));
    else
        ht_json_raw(j, "[]", 2);
}

static void jbool(ht_json *j, const char *k, sqlite3_stmt *s, int i)
{
    ht_json_key(j, k);
    ht_json_bool(j, sqlite3_column_int(s, i) != 0);
}

static void span(ht_json *j, long long a, long long z)
{
    ht_json_obj(j);
    ht_json_key(j, "start");
    ht_json_int(j, a);
    ht_json_key(j, "end");
    ht_json_int(j, z);
    ht_json_obj_end(j);
}

/* ---- kinds ---- */

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

/* ---- the gazetteer, for parties the registry has not met yet ---- */

static int gz_col(const char *name)
{
    return ht_data_col(&ht_data_gazetteer, name);
}

static long gz_row(const char *id)
{
    int c = gz_col("id");
    if (c < 0 || !id)
        return -1;
    for (size_t r = 0; r < ht_data_gazetteer.nrows; r++)
        if (strcmp(ht_data_cell(&ht_data_gazetteer, r, (size_t)c), id) == 0)
            return (long)r;
    return -1;
}

static const char *gz(long row, const char *colname)
{
    int c = gz_col(colname);
    if (row < 0 || c < 0)
        return NULL;
    const char *v = ht_data_cell(&ht_data_gazetteer, (size_t)row, (size_t)c);
    return v && *v ? v : NULL;
}

/* The name of a party: the registry's, else the gazetteer's, else NULL. */
static const char *party_name(ht_store *st, const char *id, char *buf, size_t cap)
{
    if (!id)
        return NULL;
    ht_error e;
    sqlite3_stmt *s = hs_stmt(st, "SELECT name FROM parties WHERE id = ?1", &e);
    if (s) {
        sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_ROW && col(s, 0) && *col(s, 0)) {
            snprintf(buf, cap, "%s", col(s, 0));
            sqlite3_reset(s);
            return buf;
        }
        sqlite3_reset(s);
    }
    const char *g = gz(gz_row(id), "name_vi");
    if (g) {
        snprintf(buf, cap, "%s", g);
        return buf;
    }
    return NULL;
}

static void party_ref(ht_json *j, ht_store *st, const char *id)
{
    char buf[512];
    if (!id) {
        ht_json_null(j);
        return;
    }
    ht_json_obj(j);
    jstr(j, "id", id);
    jstr(j, "name", party_name(st, id, buf, sizeof buf));
    ht_json_obj_end(j);
}

/* ---- sets of parties: a party, its predecessors and its member organisations ---- */

#define SET_MAX 64
typedef struct {
    char id[SET_MAX][HT_ID_MAX];
    size_t n;
} party_set;

static bool set_has(const party_set *p, const char *id)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->id[i], id) == 0)
            return true;
    return false;
}

static void set_add(party_set *p, const char *id)
{
    if (id && *id && p->n < SET_MAX && !set_has(p, id) && strlen(id) < HT_ID_MAX)
        snprintf(p->id[p->n++], HT_ID_MAX, "%s", id);
}

static int expand(ht_store *st, const char *root, party_set *p, ht_error *e)
{
    p->n = 0;
    set_add(p, root);
    int csucc = gz_col("successor"), cid = gz_col("id");
    for (size_t i = 0; i < p->n; i++) {
        const char *cur = p->id[i];
        /* predecessors in the gazetteer (provinces merged into this one) */
        for (size_t r = 0; csucc >= 0 && cid >= 0 && r < ht_data_gazetteer.nrows; r++)
            if (strcmp(ht_data_cell(&ht_data_gazetteer, r, (size_t)csucc), cur) == 0)
                set_add(p, ht_data_cell(&ht_data_gazetteer, r, (size_t)cid));
        sqlite3_stmt *s = hs_stmt(st,
                                  "SELECT id FROM parties WHERE (successor = ?1 OR (parent = ?1"
                                  " AND kind = 'organisation')) AND status NOT IN ('rejected',"
                                  " 'deleted') ORDER BY id",
                                  e);
        if (!s)
            return e->code;
        sqlite3_bind_text(s, 1, cur, -1, SQLITE_TRANSIENT);
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW)
            set_add(p, col(s, 0));
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            return step_err(st, rc, e);
    }
    return 0;
}

static void set_json(const party_set *p, ht_buf *b)
{
    ht_json j;
    ht_json_init(&j, b);
    ht_json_arr(&j);
    for (size_t i = 0; i < p->n; i++)
        ht_json_cstr(&j, p->id[i]);
    ht_json_arr_end(&j);
    ht_buf_putc(b, 0);
}

/* ---- derived agreement status ---- */

static void today(char out[11])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The derived status of every agreement at today's date (report layer: terms, and
 * later agreements of the same parties that renew or supersede them). */
typedef struct {
    char (*id)[HT_ID_MAX];
    const char **code;
    char (*by)[HT_ID_MAX];
    size_t n;
} statuses;

static void statuses_free(statuses *ss)
{
    free(ss->id);
    free(ss->code);
    free(ss->by);
    memset(ss, 0, sizeof *ss);
}

static ht_report_date year_date(sqlite3_stmt *s, int c)
{
    ht_report_date d = {0};
    if (sqlite3_column_type(s, c) != SQLITE_NULL) {
        int y = sqlite3_column_int(s, c);
        if (y >= 1 && y <= 9999) {
            d.year = (int16_t)y;
            d.prec = HT_REPORT_DATE_YEAR;
        }
    }
    return d;
}

static int load_statuses(ht_store *st, statuses *ss, ht_error *e)
{
    memset(ss, 0, sizeof *ss);
    sqlite3_stmt *s = hs_stmt(st,
                              "SELECT g.id, g.kind, g.signed, g.signed_inferred, g.term_from,"
                              " g.term_to, (SELECT group_concat(p, char(10)) FROM (SELECT"
                              " coalesce(party, name) AS p FROM agreement_parties WHERE"
                              " agreement = g.id ORDER BY 1)), count(*) OVER ()"
                              " FROM agreements g WHERE g.status NOT IN ('rejected', 'deleted')"
                              " ORDER BY g.id",
                              e);
    if (!s)
        return e->code;
    ht_arena a = {0};
    ht_report_agr *v = NULL;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (!v) {
            cap = (size_t)sqlite3_column_int64(s, 7);
            v = calloc(cap ? cap : 1, sizeof *v);
            ss->id = calloc(cap ? cap : 1, sizeof *ss->id);
            ss->code = calloc(cap ? cap : 1, sizeof *ss->code);
            ss->by = calloc(cap ? cap : 1, sizeof *ss->by);
            if (!v || !ss->id || !ss->code || !ss->by)
                break;
        }
        if (ss->n >= cap)
            break;
        ht_report_agr *g = &v[ss->n];
        snprintf(ss->id[ss->n], HT_ID_MAX, "%s", col(s, 0) ? col(s, 0) : "");
        g->id = ss->id[ss->n];
        g->kind = ht_arena_strndup(&a, col(s, 1) ? col(s, 1) : "other",
                                   strlen(col(s, 1) ? col(s, 1) : "other"));
        if (col(s, 2) &&
            ht_report_date_parse(col(s, 2), strlen(col(s, 2)), sqlite3_column_int(s, 3) != 0,
                                 &g->signed_on, NULL) != 0)
            memset(&g->signed_on, 0, sizeof g->signed_on);
        g->term_from = year_date(s, 4);
        g->term_to = year_date(s, 5);
        const char *ps = col(s, 6);
        size_t np = 0;
        for (const char *p = ps; p && *p; p++)
            np += *p == '\n';
        if (ps && *ps)
            np++;
        const char **parties = np ? ht_arena_alloc(&a, np * sizeof *parties) : NULL;
        size_t k = 0;
        for (const char *p = ps; parties && p && *p && k < np;) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            parties[k++] = ht_arena_strndup(&a, p, len);
            p = nl ? nl + 1 : p + len;
        }
        g->parties = parties;
        g->nparties = k;
        ss->n++;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        rc = step_err(st, rc, e);
    else if (ss->n && (!v || !ss->id || !ss->code || !ss->by))
        rc = ht_err(e, HT_ENOMEM, "out of memory");
    else
        rc = 0;
    ht_report_agr_state *out = rc || !ss->n ? NULL : calloc(ss->n, sizeof *out);
    if (!rc && ss->n) {
        if (!out)
            rc = ht_err(e, HT_ENOMEM, "out of memory");
        else
            rc = ht_report_agr_status(v, ss->n, ht_report_date_from_time(time(NULL)), 6, out, e);
    }
    for (size_t i = 0; !rc && i < ss->n; i++) {
        ss->code[i] = ht_report_status_code(out[i].status);
        ss->by[i][0] = 0;
        if (out[i].by != HT_REPORT_NONE && out[i].by < ss->n)
            snprintf(ss->by[i], HT_ID_MAX, "%s", ss->id[out[i].by]);
    }
    free(out);
    free(v);
    ht_arena_free(&a);
    if (rc)
        statuses_free(ss);
    return rc;
}

static size_t status_of(const statuses *ss, const char *id)
{
    for (size_t i = 0; id && i < ss->n; i++)
        if (strcmp(ss->id[i], id) == 0)
            return i;
    return SIZE_MAX;
}

static void status_json(ht_json *j, const statuses *ss, const char *id)
{
    size_t i = status_of(ss, id);
    ht_json_key(j, "agreement_status");
    ht_json_cstr(j, i == SIZE_MAX ? "unknown" : ss->code[i]);
    ht_json_key(j, "status_by");
    ht_json_cstr(j, i == SIZE_MAX || !ss->by[i][0] ? NULL : ss->by[i]);
}

/* ---- one record ---- */

static void sources(ht_json *j, ht_store *st, const char *id, bool with_text, ht_error *e)
{
    ht_json_key(j, "sources");
    ht_json_arr(j);
    sqlite3_stmt *s = hs_stmt(st,
                              "SELECT s.document, s.span_start, s.span_end, d.title,"
                              " d.published, d.source, CASE WHEN ?2 THEN substr(d.orig,"
                              " s.span_start + 1, min(s.span_end - s.span_start, 2000)) END"
                              " FROM sources s JOIN documents d ON d.id = s.document"
                              " WHERE s.record = ?1 ORDER BY s.document, s.span_start,"
                              " s.span_end",
                              e);
    if (s) {
        sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(s, 2, with_text);
        while (sqlite3_step(s) == SQLITE_ROW) {
            ht_json_obj(j);
            jcol(j, "document", s, 0);
            ht_json_key(j, "span");
            span(j, sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2));
            jcol(j, "title", s, 3);
            jcol(j, "published", s, 4);
            jcol(j, "source", s, 5);
            if (with_text) {
                /* the span's bytes, cut back to a character boundary */
                const char *t = (const char *)sqlite3_column_blob(s, 6);
                size_t n = (size_t)sqlite3_column_bytes(s, 6);
                while (n && t && ((unsigned char)t[n - 1] & 0xC0) == 0x80)
                    n--;
                if (n && t && (unsigned char)t[n - 1] >= 0xC0)
                    n--;
                ht_json_key(j, "text");
                ht_json_str(j, t ? t : "", n);
            }
            ht_json_obj_end(j);
        }
        sqlite3_reset(s);
    }
    ht_json_arr_end(j);
}

static void provenance(ht_json *j, sqlite3_stmt *s, int c)
{
    /* columns c..: status, origin, reviewed, confidence, document, span_start, span_end,
     * created, updated */
    jcol(j, "status", s, c);
    jcol(j, "origin", s, c + 1);
    jbool(j, "reviewed", s, c + 2);
    jcol(j, "confidence", s, c + 3);
    ht_json_key(j, "evidence");
    if (sqlite3_column_type(s, c + 4) == SQLITE_NULL)
        ht_json_null(j);
    else {
        ht_json_obj(j);
        jcol(j, "document", s, c + 4);
        ht_json_key(j, "start");
        ht_json_int(j, sqlite3_column_int64(s, c + 5));
        ht_json_key(j, "end");
        ht_json_int(j, sqlite3_column_int64(s, c + 6));
        ht_json_obj_end(j);
    }
    jcol(j, "created", s, c + 7);
    jcol(j, "updated", s, c + 8);
}

#define PROV "status, origin, reviewed, confidence, document, span_start, span_end, created, updated"

static void aliases(ht_json *j, ht_store *st, const char *id, ht_error *e)
{
    ht_json_key(j, "aliases");
    ht_json_arr(j);
    sqlite3_stmt *s = hs_stmt(st, "SELECT alias FROM aliases WHERE record = ?1 ORDER BY alias", e);
    if (s) {
        sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(s) == SQLITE_ROW)
            ht_json_cstr(j, col(s, 0));
        sqlite3_reset(s);
    }
    ht_json_arr_end(j);
}

static void party_list(ht_json *j, ht_store *st, const char *key, const char *sql,
                       const char *id, ht_error *e)
{
    ht_json_key(j, key);
    ht_json_arr(j);
    sqlite3_stmt *s = hs_stmt(st, sql, e);
    if (s) {
        sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(s) == SQLITE_ROW) {
            ht_json_obj(j);
            jcol(j, "id", s, 0);
            jcol(j, "name", s, 1);
            ht_json_obj_end(j);
        }
        sqlite3_reset(s);
    }
    ht_json_arr_end(j);
}

static int party_json(ht_store *st, const char *id, ht_json *j, ht_error *e)
{
    sqlite3_stmt *s = hs_stmt(st,
                              "SELECT id, name, kind, country, parent, name_en, name_local,"
                              " valid_from, valid_to, successor, gazetteer, " PROV
                              " FROM parties WHERE id = ?1",
                              e);
    if (!s)
        return e->code;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    long g = gz_row(id);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            return step_err(st, rc, e);
        if (g < 0)
            return ht_err(e, HT_ENOTFOUND, "no party '%s'", id);
    }
    bool row = rc == SQLITE_ROW;
    ht_json_obj(j);
    jstr(j, "id", id);
    jstr(j, "type", "party");
    if (row) {
        jcol(j, "name", s, 1);
        jcol(j, "kind", s, 2);
        jcol(j, "country", s, 3);
    } else {
        jstr(j, "name", gz(g, "name_vi"));
        jstr(j, "kind", gz(g, "kind"));
        jstr(j, "country", gz(g, "country"));
    }
    const char *parent = row ? col(s, 4) : gz(g, "parent");
    ht_json_key(j, "parent");
    party_ref(j, st, parent);
    if (row) {
        jcol(j, "name_en", s, 5);
        jcol(j, "name_local", s, 6);
        jcol(j, "valid_from", s, 7);
        jcol(j, "valid_to", s, 8);
    } else {
        jstr(j, "name_en", gz(g, "name_en"));
        jstr(j, "name_local", gz(g, "name_local"));
        jstr(j, "valid_from", gz(g, "valid_from"));
        jstr(j, "valid_to", gz(g, "valid_to"));
    }
    const char *succ = row && col(s, 9) ? col(s, 9) : gz(g, "successor");
    ht_json_key(j, "successor");
    party_ref(j, st, succ);
    ht_json_key(j, "gazetteer");
    ht_json_bool(j, g >= 0);
    if (row)
        provenance(j, s, 11);
    else {
        jstr(j, "status", NULL);
        jstr(j, "origin", NULL);
    }
    sqlite3_reset(s);
    aliases(j, st, id, e);
    /* predecessors: the registry's and the gazetteer's */
    ht_json_key(j, "predecessors");
    ht_json_arr(j);
    party_set seen = {.n = 0};
    int csucc = gz_col("successor"), cid = gz_col("id");
    for (size_t r = 0; csucc >= 0 && cid >= 0 && r < ht_data_gazetteer.nrows; r++)
        if (strcmp(ht_data_cell(&ht_data_gazetteer, r, (size_t)csucc), id) == 0) {
            const char *pid = ht_data_cell(&ht_data_gazetteer, r, (size_t)cid);
            set_add(&seen, pid);
            ht_json_obj(j);
            jstr(j, "id", pid);
            jstr(j, "name", gz((long)r, "name_vi"));
            jstr(j, "valid_to", gz((long)r, "valid_to"));
            ht_json_obj_end(j);
        }
    sqlite3_stmt *p = hs_stmt(st, "SELECT id, name, valid_to FROM parties WHERE successor = ?1"
                                  " ORDER BY id", e);
    if (p) {
        sqlite3_bind_text(p, 1, id, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(p) == SQLITE_ROW)
            if (!set_has(&seen, col(p, 0))) {
                ht_json_obj(j);
                jcol(j, "id", p, 0);
                jcol(j, "name", p, 1);
                jcol(j, "valid_to", p, 2);
                ht_json_obj_end(j);
            }
        sqlite3_reset(p);
    }
    ht_json_arr_end(j);
    party_list(j, st, "members",
               "SELECT id, name FROM parties WHERE parent = ?1 AND kind = 'organisation'"
               " AND status NOT IN ('rejected', 'deleted') ORDER BY name",
               id, e);
    party_list(j, st, "people",
               "SELECT id, name FROM people WHERE party = ?1 AND status NOT IN ('rejected',"
               " 'deleted') ORDER BY name",
               id, e);
    sources(j, st, id, false, e);
    ht_json_obj_end(j);
    return 0;
}

static int person_json(ht_store *st, const char *id, ht_json *j, ht_error *e)
{
    sqlite3_stmt *s = hs_stmt(st, "SELECT id, name, party, " PROV " FROM people WHERE id = ?1", e);
    if (!s)
        return e->code;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? ht_err(e, HT_ENOTFOUND, "no person '%s'", id) : step_err(st, rc, e);
    }
    ht_json_obj(j);
    jcol(j, "id", s, 0);
    jstr(j, "type", "person");
    jcol(j, "name", s, 1);
    char party[HT_ID_MAX] = "";
    if (col(s, 2))
        snprintf(party, sizeof party, "%s", col(s, 2));
    provenance(j, s, 3);
    sqlite3_reset(s);
    ht_json_key(j, "party");
    party_ref(j, st, party[0] ? party : NULL);
    aliases(j, st, id, e);
    ht_json_key(j, "positions");
    ht_json_arr(j);
    sqlite3_stmt *p = hs_stmt(st, "SELECT title, party, document FROM positions WHERE person = ?1"
                                  " ORDER BY title, party, document", e);
    if (p) {
        sqlite3_bind_text(p, 1, id, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(p) == SQLITE_ROW) {
            ht_json_obj(j);
            jcol(j, "title", p, 0);
            ht_json_key(j, "party");
            const char *pp = col(p, 1);
            if (pp && *pp) {
                char pid[HT_ID_MAX];
                snprintf(pid, sizeof pid, "%s", pp);
                party_ref(j, st, pid);
            } else
                ht_json_null(j);
            jcol(j, "document", p, 2);
            ht_json_obj_end(j);
        }
        sqlite3_reset(p);
    }
    ht_json_arr_end(j);
    sources(j, st, id, false, e);
    ht_json_obj_end(j);
    return 0;
}

static void record_parties(ht_json *j, ht_store *st, const char *sql, const char *id,
                           ht_error *e)
{
    ht_json_key(j, "parties");
    ht_json_arr(j);
    sqlite3_stmt *s = hs_stmt(st, sql, e);
    if (s) {
        sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(s) == SQLITE_ROW)
            ht_json_cstr(j, col(s, 0));
        sqlite3_reset(s);
    }
    ht_json_arr_end(j);
    ht_json_key(j, "party_refs");
    ht_json_arr(j);
    if (s) {
        sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(s) == SQLITE_ROW) {
            ht_json_obj(j);
            jcol(j, "name", s, 0);
            jcol(j, "id", s, 1);
            ht_json_obj_end(j);
        }
        sqlite3_reset(s);
    }
    ht_json_arr_end(j);
}

/* An activity in a list: id, kind, kinds, date, place, parties, status, confidence. */
#define ACT_BRIEF                                                                              \
    "SELECT a.id, a.kind, a.date, a.date_inferred, a.place, a.status, a.confidence,"           \
    " (SELECT group_concat(name, ' – ') FROM (SELECT name FROM activity_parties"              \
    " WHERE activity = a.id ORDER BY name)), a.commitments, a.document FROM activities a"

static void act_brief(ht_json *j, sqlite3_stmt *s)
{
    ht_json_obj(j);
    jcol(j, "id", s, 0);
    jcol(j, "kind", s, 1);
    jcol(j, "date", s, 2);
    jbool(j, "date_inferred", s, 3);
    jcol(j, "place", s, 4);
    jcol(j, "status", s, 5);
    jcol(j, "confidence", s, 6);
    jcol(j, "parties", s, 7);
    jraw(j, "commitments", s, 8);
    jcol(j, "document", s, 9);
    ht_json_obj_end(j);
}

static int agreement_json(ht_store *st, const char *id, ht_json *j, ht_error *e)
{
    sqlite3_stmt *s = hs_stmt(st,
                              "SELECT id, kind, title, signed, signed_inferred, place, term_from,"
                              " term_to, fields, tasks_declared, " PROV
                              " FROM agreements WHERE id = ?1",
                              e);
    if (!s)
        return e->code;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? ht_err(e, HT_ENOTFOUND, "no agreement '%s'", id)
                                 : step_err(st, rc, e);
    }
    char as_of[11];
    today(as_of);
    statuses ss;
    int src = load_statuses(st, &ss, e);
    if (src) {
        sqlite3_reset(s);
        return src;
    }
    /* load_statuses ran another statement: this one's row is still current */
    ht_json_obj(j);
    jcol(j, "id", s, 0);
    jstr(j, "type", "agreement");
    jcol(j, "kind", s, 1);
    jcol(j, "title", s, 2);
    jcol(j, "signed", s, 3);
    jbool(j, "signed_inferred", s, 4);
    jcol(j, "place", s, 5);
    ht_json_key(j, "term");
    if (sqlite3_column_type(s, 6) == SQLITE_NULL && sqlite3_column_type(s, 7) == SQLITE_NULL)
        ht_json_null(j);
    else {
        ht_json_obj(j);
        jcol(j, "from", s, 6);
        jcol(j, "to", s, 7);
        ht_json_obj_end(j);
    }
    jraw(j, "fields", s, 8);
    jcol(j, "tasks_declared", s, 9);
    status_json(j, &ss, id);
    statuses_free(&ss);
    jstr(j, "as_of", as_of);
    provenance(j, s, 10);
    sqlite3_reset(s);
    record_parties(j, st,
                   "SELECT name, party FROM agreement_parties WHERE agreement = ?1 ORDER BY name",
                   id, e);
    /* tasks, each with the activities recorded against it (none yet: activities name
     * their agreement, not a task), then the activities under the agreement */
    ht_json_key(j, "tasks");
    ht_json_arr(j);
    sqlite3_stmt *t = hs_stmt(st, "SELECT n, text FROM tasks WHERE agreement = ?1 ORDER BY n", e);
    if (t) {
        sqlite3_bind_text(t, 1, id, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(t) == SQLITE_ROW)
            ht_json_cstr(j, col(t, 1));
        sqlite3_reset(t);
    }
    ht_json_arr_end(j);
    ht_json_key(j, "implementation");
    ht_json_arr(j);
    if (t) {
        sqlite3_bind_text(t, 1, id, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(t) == SQLITE_ROW) {
            ht_json_obj(j);
            jcol(j, "task", t, 0);
            jcol(j, "text", t, 1);
            ht_json_key(j, "activities");
            ht_json_arr(j);
            ht_json_arr_end(j);
            ht_json_obj_end(j);
        }
        sqlite3_reset(t);
    }
    ht_json_arr_end(j);
    ht_json_key(j, "activities");
    ht_json_arr(j);
    sqlite3_stmt *a = hs_stmt(st, ACT_BRIEF " WHERE a.agreement = ?1 AND a.status NOT IN"
                                            " ('rejected', 'deleted') ORDER BY a.date, a.id", e);
    if (a) {
        sqlite3_bind_text(a, 1, id, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(a) == SQLITE_ROW)
            act_brief(j, a);
        sqlite3_reset(a);
    }
    ht_json_arr_end(j);
    sources(j, st, id, true, e);
    ht_json_obj_end(j);
    return 0;
}

static int activity_json(ht_store *st, const char *id, ht_json *j, ht_error *e)
{
    sqlite3_stmt *s = hs_stmt(st,
                              "SELECT a.id, a.kind, a.kinds, a.date, a.date_inferred, a.place,"
                              " a.participants, a.commitments, a.fields, a.agreement,"
                              " g.title, g.kind, a.status, a.origin, a.reviewed, a.confidence,"
                              " a.document, a.span_start, a.span_end, a.created, a.updated"
                              " FROM activities a LEFT JOIN agreements g ON g.id = a.agreement"
                              " WHERE a.id = ?1",
                              e);
    if (!s)
        return e->code;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? ht_err(e, HT_ENOTFOUND, "no activity '%s'", id)
                                 : step_err(st, rc, e);
    }
    ht_json_obj(j);
    jcol(j, "id", s, 0);
    jstr(j, "type", "activity");
    jcol(j, "kind", s, 1);
    jraw(j, "kinds", s, 2);
    jcol(j, "date", s, 3);
    jbool(j, "date_inferred", s, 4);
    jcol(j, "place", s, 5);
    jraw(j, "participants", s, 6);
    jraw(j, "commitments", s, 7);
    jraw(j, "fields", s, 8);
    ht_json_key(j, "agreement");
    if (sqlite3_column_type(s, 9) == SQLITE_NULL)
        ht_json_null(j);
    else {
        ht_json_obj(j);
        jcol(j, "id", s, 9);
        jcol(j, "title", s, 10);
        jcol(j, "kind", s, 11);
        ht_json_obj_end(j);
    }
    provenance(j, s, 12);
    sqlite3_reset(s);
    record_parties(j, st,
                   "SELECT name, party FROM activity_parties WHERE activity = ?1 ORDER BY name",
                   id, e);
    sources(j, st, id, true, e);
    ht_json_obj_end(j);
    return 0;
}

int hs_record_json(ht_store *st, const char *id, ht_buf *out, ht_error *e)
{
    ht_json j;
    ht_json_init(&j, out);
    int rc;
    switch (hs_kind_of(id)) {
    case HS_PARTY: rc = party_json(st, id, &j, e); break;
    case HS_PERSON: rc = person_json(st, id, &j, e); break;
    case HS_AGREEMENT: rc = agreement_json(st, id, &j, e); break;
    case HS_ACTIVITY: rc = activity_json(st, id, &j, e); break;
    default: return ht_err(e, HT_ENOTFOUND, "no record '%s'", id);
    }
    if (rc)
        return rc;
    ht_buf_putc(out, '\n');
    return j.err ? ht_err(e, HT_ENOMEM, "out of memory") : 0;
}

/* ---- timelines ---- */

static const char TL_SQL[] =
    "WITH a(id) AS (SELECT value FROM json_each(?1)), b(id) AS (SELECT value FROM"
    " json_each(?2)),"
    " items AS ("
    " SELECT 'agreement' AS type, g.id, g.kind, g.title AS title, g.signed AS date,"
    "  g.signed_inferred AS inferred, g.place, g.status, g.document,"
    "  (SELECT group_concat(name, ' – ') FROM (SELECT name FROM agreement_parties"
    "   WHERE agreement = g.id ORDER BY name)) AS parties,"
    "  (SELECT min(party) FROM agreement_parties WHERE agreement = g.id AND party IN a) AS hit,"
    "  (SELECT count(*) FROM agreement_parties WHERE agreement = g.id AND party IN b) AS hitb,"
    "  g.term_from, g.term_to"
    " FROM agreements g WHERE g.status NOT IN ('rejected', 'deleted')"
    " UNION ALL"
    " SELECT 'activity', v.id, v.kind, NULL, v.date, v.date_inferred, v.place, v.status,"
    "  v.document,"
    "  (SELECT group_concat(name, ' – ') FROM (SELECT name FROM activity_parties"
    "   WHERE activity = v.id ORDER BY name)),"
    "  (SELECT min(party) FROM activity_parties WHERE activity = v.id AND party IN a),"
    "  (SELECT count(*) FROM activity_parties WHERE activity = v.id AND party IN b),"
    "  NULL, NULL"
    " FROM activities v WHERE v.status NOT IN ('rejected', 'deleted'))"
    " SELECT i.type, i.id, i.kind, i.title, i.date, i.inferred, i.place, i.status, i.document,"
    "  i.parties, i.hit, d.title, d.source, i.term_from, i.term_to FROM items i"
    " LEFT JOIN documents d ON d.id = i.document"
    " WHERE i.hit IS NOT NULL AND (?3 = 0 OR i.hitb > 0)"
    " ORDER BY i.date IS NULL, i.date, i.type, i.id";

int hs_timeline_json(ht_store *st, const char *party, const char *with, ht_buf *out,
                     ht_error *e)
{
    if (hs_kind_of(party) != HS_PARTY)
        return ht_err(e, HT_ENOTFOUND, "no party '%s'", party ? party : "");
    if (with && hs_kind_of(with) != HS_PARTY)
        return ht_err(e, HT_ENOTFOUND, "no party '%s'", with);
    char buf[512];
    if (!party_name(st, party, buf, sizeof buf))
        return ht_err(e, HT_ENOTFOUND, "no party '%s'", party);
    if (with && !party_name(st, with, buf, sizeof buf))
        return ht_err(e, HT_ENOTFOUND, "no party '%s'", with);
    party_set *pa = calloc(2, sizeof *pa);
    if (!pa)
        return ht_err(e, HT_ENOMEM, "out of memory");
    party_set *pb = pa + 1;
    int rc = expand(st, party, pa, e);
    if (!rc && with)
        rc = expand(st, with, pb, e);
    ht_buf sa = {0}, sb = {0};
    if (!rc) {
        set_json(pa, &sa);
        set_json(pb, &sb);
    }
    sqlite3_stmt *s = rc ? NULL : hs_stmt(st, TL_SQL, e);
    if (!s) {
        free(pa);
        ht_buf_free(&sa);
        ht_buf_free(&sb);
        return rc ? rc : e->code;
    }
    ht_json j;
    ht_json_init(&j, out);
    ht_json_obj(&j);
    ht_json_key(&j, "party");
    party_ref(&j, st, party);
    ht_json_key(&j, "with");
    party_ref(&j, st, with);
    ht_json_key(&j, "includes");
    ht_json_arr(&j);
    for (size_t i = 0; i < pa->n; i++)
        party_ref(&j, st, pa->id[i]);
    ht_json_arr_end(&j);
    ht_json_key(&j, "items");
    ht_json_arr(&j);
    sqlite3_bind_text(s, 1, sa.p, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, sb.p, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 3, with != NULL);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        ht_json_obj(&j);
        jcol(&j, "type", s, 0);
        jcol(&j, "id", s, 1);
        jcol(&j, "kind", s, 2);
        jcol(&j, "title", s, 3);
        jcol(&j, "date", s, 4);
        jbool(&j, "date_inferred", s, 5);
        jcol(&j, "place", s, 6);
        jcol(&j, "status", s, 7);
        jcol(&j, "parties", s, 9);
        ht_json_key(&j, "via");
        const char *hit = col(s, 10);
        if (hit && strcmp(hit, party) != 0) {
            char hid[HT_ID_MAX];
            snprintf(hid, sizeof hid, "%s", hit);
            party_ref(&j, st, hid);
        } else
            ht_json_null(&j);
        ht_json_key(&j, "term");
        if (sqlite3_column_type(s, 13) == SQLITE_NULL && sqlite3_column_type(s, 14) == SQLITE_NULL)
            ht_json_null(&j);
        else {
            ht_json_obj(&j);
            jcol(&j, "from", s, 13);
            jcol(&j, "to", s, 14);
            ht_json_obj_end(&j);
        }
        ht_json_key(&j, "sources");
        ht_json_arr(&j);
        if (sqlite3_column_type(s, 8) != SQLITE_NULL) {
            ht_json_obj(&j);
            jcol(&j, "document", s, 8);
            jcol(&j, "title", s, 11);
            jcol(&j, "source", s, 12);
            ht_json_obj_end(&j);
        }
        ht_json_arr_end(&j);
        ht_json_obj_end(&j);
    }
    sqlite3_reset(s);
    ht_json_arr_end(&j);
    ht_json_obj_end(&j);
    ht_buf_putc(out, '\n');
    free(pa);
    ht_buf_free(&sa);
    ht_buf_free(&sb);
    if (rc != SQLITE_DONE)
        return step_err(st, rc, e);
    return j.err ? ht_err(e, HT_ENOMEM, "out of memory") : 0;
}

/* ---- lists ---- */

static const char *const LIST_SQL[] = {
    "SELECT id, name, kind, country, status, (SELECT count(*) FROM mentions m WHERE m.record"
    " = p.id) FROM parties p WHERE (?1 IS NULL OR status = ?1) ORDER BY gazetteer, folded, id"
    " LIMIT ?2 OFFSET ?3",
    "SELECT id, name, party, status, (SELECT count(*) FROM mentions m WHERE m.record = p.id)"
    " FROM people p WHERE (?1 IS NULL OR status = ?1) ORDER BY folded, id LIMIT ?2 OFFSET ?3",
    "SELECT id, kind, title, signed, status, (SELECT group_concat(name, ' – ') FROM (SELECT"
    " name FROM agreement_parties WHERE agreement = g.id ORDER BY name)), term_from, term_to"
    " FROM agreements g WHERE (?1 IS NULL OR status = ?1) ORDER BY signed IS NULL, signed, id"
    " LIMIT ?2 OFFSET ?3",
    ACT_BRIEF " WHERE (?1 IS NULL OR a.status = ?1) ORDER BY a.date IS NULL, a.date, a.id"
              " LIMIT ?2 OFFSET ?3",
};

int hs_list_json(ht_store *st, const char *kind, const char *status, long limit, long offset,
                 ht_buf *out, ht_error *e)
{
    static const char *const K[] = {"parties", "people", "agreements", "activities"};
    int k = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(kind, K[i]) == 0)
            k = i;
    if (k < 0)
        return ht_err(e, HT_ENOTFOUND, "no list '%s'", kind);
    sqlite3_stmt *s = hs_stmt(st, LIST_SQL[k], e);
    if (!s)
        return e->code;
    if (status)
        sqlite3_bind_text(s, 1, status, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, limit);
    sqlite3_bind_int64(s, 3, offset);
    ht_json j;
    ht_json_init(&j, out);
    ht_json_obj(&j);
    jstr(&j, "kind", kind);
    ht_json_key(&j, "items");
    ht_json_arr(&j);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (k == 3) {
            act_brief(&j, s);
            continue;
        }
        ht_json_obj(&j);
        jcol(&j, "id", s, 0);
        if (k == 0) {
            jcol(&j, "name", s, 1);
            jcol(&j, "kind", s, 2);
            jcol(&j, "country", s, 3);
            jcol(&j, "status", s, 4);
            jcol(&j, "mentions", s, 5);
        } else if (k == 1) {
            jcol(&j, "name", s, 1);
            jcol(&j, "party", s, 2);
            jcol(&j, "status", s, 3);
            jcol(&j, "mentions", s, 4);
        } else {
            jcol(&j, "kind", s, 1);
            jcol(&j, "title", s, 2);
            jcol(&j, "signed", s, 3);
            jcol(&j, "status", s, 4);
            jcol(&j, "parties", s, 5);
            ht_json_key(&j, "term");
            if (sqlite3_column_type(s, 6) == SQLITE_NULL && sqlite3_column_type(s, 7) == SQLITE_NULL)
                ht_json_null(&j);
            else {
                ht_json_obj(&j);
                jcol(&j, "from", s, 6);
                jcol(&j, "to", s, 7);
                ht_json_obj_end(&j);
            }
        }
        ht_json_obj_end(&j);
    }
    sqlite3_reset(s);
    ht_json_arr_end(&j);
    ht_json_obj_end(&j);
    ht_buf_putc(out, '\n');
    if (rc != SQLITE_DONE)
        return step_err(st, rc, e);
    return j.err ? ht_err(e, HT_ENOMEM, "out of memory") : 0;
}

/* ---- review queue ---- */

static const char REVIEW_SQL[] =
    "WITH q AS ("
    " SELECT 'agreement' AS type, 0 AS ord, id, coalesce(title, kind) AS title, signed AS date,"
    "  confidence, document, kind FROM agreements WHERE status = 'proposed'"
    " UNION ALL SELECT 'activity', 1, id, NULL, date, confidence, document, kind"
    "  FROM activities WHERE status = 'proposed'"
    " UNION ALL SELECT 'person', 2, id, name, NULL, confidence, document, NULL"
    "  FROM people WHERE status = 'proposed'"
    " UNION ALL SELECT 'party', 3, id, name, NULL, confidence, document, kind"
    "  FROM parties WHERE status = 'proposed' AND gazetteer = 0)"
    " SELECT q.type, q.id, q.title, q.date, q.confidence, q.document, q.kind, d.title,"
    "  CASE q.type WHEN 'agreement' THEN (SELECT group_concat(name, ' – ') FROM (SELECT name"
    "  FROM agreement_parties WHERE agreement = q.id ORDER BY name)) WHEN 'activity' THEN"
    "  (SELECT group_concat(name, ' – ') FROM (SELECT name FROM activity_parties WHERE"
    "  activity = q.id ORDER BY name)) END, count(*) OVER ()"
    " FROM q LEFT JOIN documents d ON d.id = q.document"
    " ORDER BY q.ord, q.confidence IS NULL, q.confidence DESC, q.id LIMIT ?1 OFFSET ?2";

int hs_review_json(ht_store *st, long limit, long offset, ht_buf *out, ht_error *e)
{
    sqlite3_stmt *s = hs_stmt(st, REVIEW_SQL, e);
    if (!s)
        return e->code;
    sqlite3_bind_int64(s, 1, limit);
    sqlite3_bind_int64(s, 2, offset);
    ht_json j;
    ht_json_init(&j, out);
    ht_json_obj(&j);
    ht_json_key(&j, "items");
    ht_json_arr(&j);
    long long total = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        ht_json_obj(&j);
        jcol(&j, "type", s, 0);
        jcol(&j, "id", s, 1);
        jcol(&j, "kind", s, 6);
        jcol(&j, "title", s, 2);
        jcol(&j, "parties", s, 8);
        jcol(&j, "date", s, 3);
        jcol(&j, "confidence", s, 4);
        jcol(&j, "document", s, 5);
        jcol(&j, "document_title", s, 7);
        ht_json_obj_end(&j);
        total = sqlite3_column_int64(s, 9);
    }
    sqlite3_reset(s);
    ht_json_arr_end(&j);
    ht_json_key(&j, "total");
    ht_json_int(&j, total);
    ht_json_key(&j, "offset");
    ht_json_int(&j, offset);
    ht_json_key(&j, "limit");
    ht_json_int(&j, limit);
    ht_json_obj_end(&j);
    ht_buf_putc(out, '\n');
    if (rc != SQLITE_DONE)
        return step_err(st, rc, e);
    return j.err ? ht_err(e, HT_ENOMEM, "out of memory") : 0;
}

/* ---- reports ---- */

int hs_agreements_report_json(ht_store *st, const char *status, ht_buf *out, ht_error *e)
{
    static const char *const OK[] = {"in_force", "expiring", "expired", "renewed",
                                     "superseded", "unknown"};
    bool known = !status;
    for (size_t i = 0; status && i < 6; i++)
        known |= strcmp(status, OK[i]) == 0;
    if (!known)
        return ht_err(e, HT_EINVAL,
                      "status: '%s' is not one of in_force, expiring, expired, renewed, "
                      "superseded, unknown",
                      status);
    static const char REPORT_SQL[] =
        "SELECT id, kind, title, signed, signed_inferred, term_from, term_to, status,"
        " (SELECT group_concat(name, ' – ') FROM (SELECT name FROM agreement_parties WHERE"
        " agreement = g.id ORDER BY name)) FROM agreements g WHERE status NOT IN ('rejected',"
        " 'deleted') ORDER BY term_to IS NULL, term_to, signed, id";
    sqlite3_stmt *s;
    char as_of[11];
    today(as_of);
    statuses ss;
    int lrc = load_statuses(st, &ss, e);
    if (lrc)
        return lrc;
    s = hs_stmt(st, REPORT_SQL, e);
    if (!s) {
        statuses_free(&ss);
        return e->code;
    }
    ht_json j;
    ht_json_init(&j, out);
    ht_json_obj(&j);
    jstr(&j, "as_of", as_of);
    ht_json_key(&j, "items");
    ht_json_arr(&j);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        size_t si = status_of(&ss, col(s, 0));
        const char *ds = si == SIZE_MAX ? "unknown" : ss.code[si];
        if (status && strcmp(ds, status) != 0)
            continue;
        ht_json_obj(&j);
        jcol(&j, "id", s, 0);
        jcol(&j, "kind", s, 1);
        jcol(&j, "title", s, 2);
        jcol(&j, "parties", s, 8);
        jcol(&j, "signed", s, 3);
        jbool(&j, "signed_inferred", s, 4);
        ht_json_key(&j, "term");
        if (sqlite3_column_type(s, 5) == SQLITE_NULL && sqlite3_column_type(s, 6) == SQLITE_NULL)
            ht_json_null(&j);
        else {
            ht_json_obj(&j);
            jcol(&j, "from", s, 5);
            jcol(&j, "to", s, 6);
            ht_json_obj_end(&j);
        }
        status_json(&j, &ss, col(s, 0));
        jcol(&j, "status", s, 7);
        ht_json_obj_end(&j);
    }
    sqlite3_reset(s);
    statuses_free(&ss);
    ht_json_arr_end(&j);
    ht_json_obj_end(&j);
    ht_buf_putc(out, '\n');
    if (rc != SQLITE_DONE)
        return step_err(st, rc, e);
    return j.err ? ht_err(e, HT_ENOMEM, "out of memory") : 0;
}

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

/* ---- writes ---- */

static const char *table_of(hs_kind k)
{
    static const char *const T[] = {"parties", "people", "agreements", "activities"};
    return k <= HS_ACTIVITY ? T[k] : NULL;
}

static int exec_bind(ht_store *st, const char *sql, const char *const *args, int nargs,
                     int *changes, ht_error *e)
{
    sqlite3_stmt *s = hs_stmt(st, sql, e);
    if (!s)
        return e->code;
    for (int i = 0; i < nargs; i++)
        if (args[i])
            sqlite3_bind_text(s, i + 1, args[i], -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (changes)
        *changes = sqlite3_changes(ht_store_db(st));
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        rc = SQLITE_DONE;
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return ht_err(e, HT_ECONFLICT, "conflict: %s", sqlite3_errmsg(ht_store_db(st)));
    return rc == SQLITE_DONE ? 0 : ht_store_error(st, rc, "writing to the registry", e);
}

/* A line of history: before and after are JSON (may be NULL). */
static int history(ht_store *st, const char *record, const char *action, const char *before,
                   const char *after, const char *user, ht_error *e)
{
    char now[32], id[HT_ID_MAX];
    ht_store_now(now);
    crypto_generichash_state h;
    unsigned char d[8];
    crypto_generichash_init(&h, NULL, 0, sizeof d);
    const char *parts[] = {record, action, before, after, user, now};
    for (size_t i = 0; i < 6; i++) {
        if (parts[i])
            crypto_generichash_update(&h, (const unsigned char *)parts[i], strlen(parts[i]));
        crypto_generichash_update(&h, (const unsigned char *)"", 1);
    }
    /* two identical edits in the same second are two lines */
    unsigned char r[8];
    randombytes_buf(r, sizeof r);
    crypto_generichash_update(&h, r, sizeof r);
    crypto_generichash_final(&h, d, sizeof d);
    char hx[17];
    sodium_bin2hex(hx, sizeof hx, d, sizeof d);
    snprintf(id, sizeof id, "his-%s", hx);
    const char *args[] = {id, record, action, before, after, user, now};
    return exec_bind(st,
                     "INSERT INTO history (id, record, action, before, after, user, at)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                     args, 7, NULL, e);
}

int hs_review_set(ht_store *st, const char *id, const char *action, const char *user,
                  ht_error *e)
{
    static const char *const ACT[][2] = {{"confirm", "confirmed"},
                                         {"reject", "rejected"},
                                         {"delete", "deleted"},
                                         {"propose", "proposed"}};
    const char *to = NULL;
    for (size_t i = 0; i < 4; i++)
        if (action && strcmp(action, ACT[i][0]) == 0)
            to = ACT[i][1];
    if (!to)
        return ht_err(e, HT_EINVAL, "action: '%s' is not confirm, reject, delete or propose",
                      action ? action : "");
    hs_kind k = hs_kind_of(id);
    const char *t = table_of(k);
    if (!t)
        return ht_err(e, HT_ENOTFOUND, "no record '%s'", id);
    static const char *const GET[] = {
        "SELECT status FROM parties WHERE id = ?1", "SELECT status FROM people WHERE id = ?1",
        "SELECT status FROM agreements WHERE id = ?1",
        "SELECT status FROM activities WHERE id = ?1"};
    static const char *const SET[] = {
        "UPDATE parties SET status = ?2, reviewed = 1, updated = ?3 WHERE id = ?1",
        "UPDATE people SET status = ?2, reviewed = 1, updated = ?3 WHERE id = ?1",
        "UPDATE agreements SET status = ?2, reviewed = 1, updated = ?3 WHERE id = ?1",
        "UPDATE activities SET status = ?2, reviewed = 1, updated = ?3 WHERE id = ?1"};
    sqlite3_stmt *s = hs_stmt(st, GET[k], e);
    if (!s)
        return e->code;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    char before[16] = "";
    if (rc == SQLITE_ROW)
        snprintf(before, sizeof before, "%s", col(s, 0) ? col(s, 0) : "");
    sqlite3_reset(s);
    if (rc == SQLITE_DONE)
        return ht_err(e, HT_ENOTFOUND, "no %s '%s'", hs_kind_name(k), id);
    if (rc != SQLITE_ROW)
        return step_err(st, rc, e);
    char now[32];
    ht_store_now(now);
    const char *args[] = {id, to, now};
    if ((rc = exec_bind(st, SET[k], args, 3, NULL, e)))
        return rc;
    char b[64], a[64];
    snprintf(b, sizeof b, "{\"status\":\"%s\"}", before);
    snprintf(a, sizeof a, "{\"status\":\"%s\"}", to);
    return history(st, id, action, b, a, user, e);
}

/* The FTS row of a record, as the store computes it (rowid: a hash of the id). */
static long long fts_rowid(const char *id)
{
    unsigned char h[8];
    crypto_generichash(h, sizeof h, (const unsigned char *)id, strlen(id), NULL, 0);
    unsigned long long v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | h[i];
    return (long long)(v >> 1);
}

static int fts_refresh(ht_store *st, hs_kind k, const char *id, ht_error *e)
{
    static const char *const INS[] = {
        "INSERT INTO record_fts (rowid, id, kind, names, text) SELECT ?1, p.id, 'party',"
        " coalesce((SELECT group_concat(alias, char(10)) FROM aliases WHERE record = p.id),"
        " p.name), '' FROM parties p WHERE p.id = ?2",
        NULL,
        "INSERT INTO record_fts (rowid, id, kind, names, text) SELECT ?1, a.id, 'agreement',"
        " coalesce(a.title, '') || char(10) || coalesce((SELECT group_concat(name, char(10))"
        " FROM agreement_parties WHERE agreement = a.id), ''),"
        " coalesce(a.place, '') || char(10) || coalesce((SELECT group_concat(text, char(10))"
        " FROM tasks WHERE agreement = a.id), '') FROM agreements a WHERE a.id = ?2",
        "INSERT INTO record_fts (rowid, id, kind, names, text) SELECT ?1, a.id, 'activity',"
        " coalesce((SELECT group_concat(name, char(10)) FROM activity_parties"
        " WHERE activity = a.id), ''), coalesce(a.place, '') || char(10) || coalesce((SELECT"
        " group_concat(value, char(10)) FROM json_each(a.commitments)), '')"
        " FROM activities a WHERE a.id = ?2"};
    if (k > HS_ACTIVITY || !INS[k])
        return 0;
    sqlite3_stmt *s = hs_stmt(st, "DELETE FROM record_fts WHERE rowid = ?1", e);
    if (!s)
        return e->code;
    long long rid = fts_rowid(id);
    sqlite3_bind_int64(s, 1, rid);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return ht_store_error(st, rc, "updating the search index", e);
    if (!(s = hs_stmt(st, INS[k], e)))
        return e->code;
    sqlite3_bind_int64(s, 1, rid);
    sqlite3_bind_text(s, 2, id, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : ht_store_error(st, rc, "updating the search index", e);
}

/* ---- records entered or corrected by a person ----
 * A write takes the record's current values as a JSON object in its 1b shape, lays the
 * given fields over it, checks the result against the vocabularies and writes it all;
 * history keeps the object before and after. */

static const char *const AGR_KINDS[] = {"mou", "cooperation_agreement", "twinning", "minutes",
                                        "plan", "other", NULL};
static const char *const ACT_KINDS[] = {"visit", "reception", "working_session", "talks",
                                        "signing", "twinning", "exchange", "festival",
                                        "donation", "training", "scholarship", "conference",
                                        "other", NULL};
static const char *const PARTY_KINDS[] = {"country", "province", "district", "commune",
                                          "organisation", NULL};
static const char *const FIELDS[] = {
    "politics", "diplomacy", "economy", "trade", "investment", "agriculture", "education",
    "health", "culture", "tourism", "sport", "security", "defence", "transport", "energy",
    "environment", "science", "youth", "labour", "other", NULL};

/* The fields a person may set, per kind. */
static const char *const EDIT_AGR[] = {"kind", "title", "signed", "place", "term", "fields",
                                       "tasks_declared", "tasks", "parties", NULL};
static const char *const EDIT_ACT[] = {"kind", "date", "place", "fields", "commitments",
                                       "parties", "agreement", NULL};
static const char *const EDIT_PARTY[] = {"name", "kind", "country", "name_en", "parent", NULL};
static const char *const EDIT_PERSON[] = {"name", "party", NULL};

static bool in_vocab(const char *v, const char *const *vocab)
{
    for (size_t i = 0; v && vocab[i]; i++)
        if (strcmp(v, vocab[i]) == 0)
            return true;
    return false;
}

/* A date as stored: YYYY, YYYY-MM or YYYY-MM-DD naming a real day. */
static bool date_ok(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return false;
    for (size_t i = 0; i < n; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
            return false;
    }
    int y = atoi(s), m = n >= 7 ? atoi(s + 5) : 1, d = n == 10 ? atoi(s + 8) : 1;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    return !(m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
}

static int check_str(json_t *o, const char *k, size_t max, bool required, ht_error *e)
{
    json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v))) {
        if (required)
            return ht_err(e, HT_EINVAL, "%s: is required", k);
        json_object_set_new(o, k, json_null());
        return 0;
    }
    if (!json_is_string(v))
        return ht_err(e, HT_EINVAL, "%s: must be a string", k);
    if (strlen(json_string_value(v)) > max)
        return ht_err(e, HT_ELIMIT, "%s: longer than %zu bytes", k, max);
    return 0;
}

static int check_vocab(json_t *o, const char *k, const char *const *vocab, ht_error *e)
{
    json_t *v = json_object_get(o, k);
    if (json_is_string(v) && !in_vocab(json_string_value(v), vocab))
        return ht_err(e, HT_EINVAL, "%s: '%s' is not one of the codes", k, json_string_value(v));
    return 0;
}

static int check_list(json_t *o, const char *k, const char *const *vocab, size_t max,
                      ht_error *e)
{
    json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v)) {
        json_object_set_new(o, k, json_array());
        return 0;
    }
    if (!json_is_array(v))
        return ht_err(e, HT_EINVAL, "%s: must be an array of strings", k);
    if (json_array_size(v) > max)
        return ht_err(e, HT_ELIMIT, "%s: more than %zu items", k, max);
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
        if (!json_is_string(x) || strlen(json_string_value(x)) > 4000)
            return ht_err(e, HT_EINVAL, "%s: item %zu is not a string of at most 4000 bytes",
                          k, i);
        if (vocab && !in_vocab(json_string_value(x), vocab))
            return ht_err(e, HT_EINVAL, "%s: '%s' is not one of the codes", k,
                          json_string_value(x));
    }
    return 0;
}

static int check_date(json_t *o, const char *k, ht_error *e)
{
    json_t *v = json_object_get(o, k);
    if (json_is_string(v) && !date_ok(json_string_value(v)))
        return ht_err(e, HT_EINVAL, "%s: '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", k,
                      json_string_value(v));
    return 0;
}

static int check_year(json_t *v, const char *k, ht_error *e)
{
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 9999)
        return ht_err(e, HT_EINVAL, "%s: must be a year (1 to 9999)", k);
    return 0;
}

static int check(hs_kind k, json_t *o, ht_error *e)
{
    int rc = 0;
    switch (k) {
    case HS_AGREEMENT: {
        if ((rc = check_str(o, "kind", 64, true, e)) || (rc = check_vocab(o, "kind", AGR_KINDS, e)) ||
            (rc = check_str(o, "title", 2000, false, e)) || (rc = check_str(o, "signed", 10, false, e)) ||
            (rc = check_date(o, "signed", e)) || (rc = check_str(o, "place", 500, false, e)) ||
            (rc = check_list(o, "fields", FIELDS, 32, e)) ||
            (rc = check_list(o, "tasks", NULL, 100, e)) ||
            (rc = check_list(o, "parties", NULL, 50, e)))
            return rc;
        json_t *t = json_object_get(o, "term");
        if (t && !json_is_null(t)) {
            if (!json_is_object(t))
                return ht_err(e, HT_EINVAL, "term: must be {\"from\": year, \"to\": year}");
            json_t *f = json_object_get(t, "from"), *z = json_object_get(t, "to");
            if ((rc = check_year(f, "term.from", e)) || (rc = check_year(z, "term.to", e)))
                return rc;
            if (json_is_integer(f) && json_is_integer(z) &&
                json_integer_value(z) < json_integer_value(f))
                return ht_err(e, HT_EINVAL, "term: ends before it starts");
        }
        json_t *d = json_object_get(o, "tasks_declared");
        if (d && !json_is_null(d) &&
            (!json_is_integer(d) || json_integer_value(d) < 0 || json_integer_value(d) > 1000))
            return ht_err(e, HT_EINVAL, "tasks_declared: must be a number from 0 to 1000");
        return 0;
    }
    case HS_ACTIVITY:
        if ((rc = check_str(o, "kind", 64, true, e)) || (rc = check_vocab(o, "kind", ACT_KINDS, e)) ||
            (rc = check_str(o, "date", 10, false, e)) || (rc = check_date(o, "date", e)) ||
            (rc = check_str(o, "place", 500, false, e)) ||
            (rc = check_list(o, "fields", FIELDS, 32, e)) ||
            (rc = check_list(o, "commitments", NULL, 50, e)) ||
            (rc = check_list(o, "parties", NULL, 50, e)) ||
            (rc = check_str(o, "agreement", HT_ID_MAX - 1, false, e)))
            return rc;
        return 0;
    case HS_PARTY:
        if ((rc = check_str(o, "name", 500, true, e)) || (rc = check_str(o, "kind", 64, true, e)) ||
            (rc = check_vocab(o, "kind", PARTY_KINDS, e)) ||
            (rc = check_str(o, "country", 2, false, e)) ||
            (rc = check_str(o, "name_en", 500, false, e)) ||
            (rc = check_str(o, "parent", HT_ID_MAX - 1, false, e)))
            return rc;
        return 0;
    case HS_PERSON:
        if ((rc = check_str(o, "name", 500, true, e)) ||
            (rc = check_str(o, "party", HT_ID_MAX - 1, false, e)))
            return rc;
        return 0;
    default:
        return ht_err(e, HT_EINVAL, "records of this kind cannot be written");
    }
}

/* Current values of a record as a JSON object of its editable fields; NULL when it
 * does not exist (e filled). */
static json_t *current(ht_store *st, hs_kind k, const char *id, ht_error *e)
{
    ht_buf b = {0};
    int rc = hs_record_json(st, id, &b, e);
    if (rc) {
        ht_buf_free(&b);
        return NULL;
    }
    json_t *full = json_loadb(b.p, b.n, 0, NULL);
    ht_buf_free(&b);
    if (!full) {
        ht_err(e, HT_ENOMEM, "out of memory");
        return NULL;
    }
    const char *const *keys = k == HS_AGREEMENT ? EDIT_AGR
                              : k == HS_ACTIVITY ? EDIT_ACT
                              : k == HS_PARTY    ? EDIT_PARTY
                                                 : EDIT_PERSON;
    json_t *o = json_object();
    for (size_t i = 0; keys[i]; i++) {
        json_t *v = json_object_get(full, keys[i]);
        /* references are written as ids */
        if (json_is_object(v) && json_object_get(v, "id"))
            v = json_object_get(v, "id");
        json_object_set(o, keys[i], v ? v : json_null());
    }
    json_decref(full);
    return o;
}

static int overlay(hs_kind k, json_t *o, json_t *in, ht_error *e)
{
    const char *const *keys = k == HS_AGREEMENT ? EDIT_AGR
                              : k == HS_ACTIVITY ? EDIT_ACT
                              : k == HS_PARTY    ? EDIT_PARTY
                                                 : EDIT_PERSON;
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) {
        if (!in_vocab(key, keys))
            return ht_err(e, HT_EINVAL, "%s: not a field that can be written here", key);
        json_object_set(o, key, v);
    }
    return 0;
}

static const char *ostr(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void bind_str(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

static void bind_int(sqlite3_stmt *s, int i, json_t *v)
{
    if (json_is_integer(v))
        sqlite3_bind_int64(s, i, json_integer_value(v));
    else
        sqlite3_bind_null(s, i);
}

static int run_stmt(ht_store *st, sqlite3_stmt *s, ht_error *e)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return ht_err(e, HT_ECONFLICT, "conflict: %s", sqlite3_errmsg(ht_store_db(st)));
    return rc == SQLITE_DONE ? 0 : ht_store_error(st, rc, "writing to the registry", e);
}

static char *folded(const char *s)
{
    ht_buf f = {0};
    if (ht_text_fold(s, strlen(s), &f) || ht_buf_putc(&f, 0)) {
        ht_buf_free(&f);
        return NULL;
    }
    return f.p;
}

static int write_tasks(ht_store *st, const char *id, json_t *tasks, ht_error *e)
{
    sqlite3_stmt *s = hs_stmt(st, "DELETE FROM tasks WHERE agreement = ?1", e);
    if (!s)
        return e->code;
    bind_str(s, 1, id);
    int rc = run_stmt(st, s, e);
    size_t i, n = 0;
    json_t *x;
    json_array_foreach(tasks, i, x) {
        const char *t = json_string_value(x);
        if (rc || !*t)
            continue;
        if (!(s = hs_stmt(st, "INSERT INTO tasks (agreement, n, text) VALUES (?1, ?2, ?3)", e)))
            return e->code;
        bind_str(s, 1, id);
        sqlite3_bind_int64(s, 2, (long long)++n);
        bind_str(s, 3, t);
        rc = run_stmt(st, s, e);
    }
    return rc;
}

static int write_alias(ht_store *st, const char *id, const char *kind, const char *name,
                       ht_error *e)
{
    char *f = folded(name);
    if (!f)
        return ht_err(e, HT_ENOMEM, "out of memory");
    sqlite3_stmt *s = hs_stmt(st, "INSERT OR IGNORE INTO aliases (record, kind, alias, folded)"
                                  " VALUES (?1, ?2, ?3, ?4)", e);
    int rc = s ? 0 : e->code;
    if (s) {
        bind_str(s, 1, id);
        bind_str(s, 2, kind);
        bind_str(s, 3, name);
        bind_str(s, 4, f);
        rc = run_stmt(st, s, e);
    }
    free(f);
    return rc;
}

/* The party a name written by a person means: a registry party with that name or
 * alias, else a country or province of the gazetteer, which is then added to the
 * registry (confirmed: a person named it). *out is "" when nothing matches. */
static int resolve_party(ht_store *st, const char *name, char out[HT_ID_MAX], ht_error *e)
{
    out[0] = 0;
    char *f = folded(name);
    if (!f)
        return ht_err(e, HT_ENOMEM, "out of memory");
    sqlite3_stmt *s = hs_stmt(st, "SELECT record FROM aliases WHERE kind = 'party' AND"
                                  " folded = ?1 ORDER BY record LIMIT 1", e);
    if (!s) {
        free(f);
        return e->code;
    }
    bind_str(s, 1, f);
    if (sqlite3_step(s) == SQLITE_ROW && col(s, 0))
        snprintf(out, HT_ID_MAX, "%s", col(s, 0));
    sqlite3_reset(s);
    long row = -1;
    if (!out[0]) {
        size_t first, n = ht_data_lookup(&ht_data_gazetteer, f, strlen(f), &first);
        for (size_t i = 0; i < n && row < 0; i++) {
            long r = (long)ht_data_gazetteer.keys[first + i].row;
            const char *kind = gz(r, "kind");
            if (kind && (strcmp(kind, "country") == 0 || strcmp(kind, "province") == 0))
                row = r;
        }
        if (row >= 0)
            snprintf(out, HT_ID_MAX, "%s", gz(row, "id"));
    }
    free(f);
    if (row < 0)
        return 0;
    char now[32];
    ht_store_now(now);
    const char *nm = gz(row, "name_vi");
    char *nf = folded(nm ? nm : out);
    s = hs_stmt(st,
                "INSERT OR IGNORE INTO parties (id, kind, name, folded, country, parent,"
                " gazetteer, name_en, name_local, valid_from, valid_to, successor, status,"
                " origin, reviewed, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7,"
                " ?8, ?9, ?10, ?11, 'confirmed', 'manual', 1, ?12, ?12)",
                e);
    if (!s || !nf) {
        free(nf);
        return s ? ht_err(e, HT_ENOMEM, "out of memory") : e->code;
    }
    static const char *const C[] = {"kind", "name_vi", NULL, "country", "parent", "name_en",
                                    "name_local", "valid_from", "valid_to", "successor"};
    bind_str(s, 1, out);
    for (int i = 0; i < 10; i++)
        bind_str(s, i + 2, i == 2 ? nf : gz(row, C[i]));
    bind_str(s, 12, now);
    int rc = run_stmt(st, s, e);
    free(nf);
    if (!rc && sqlite3_changes(ht_store_db(st)) > 0) {
        rc = write_alias(st, out, "party", nm ? nm : out, e);
        if (!rc)
            rc = fts_refresh(st, HS_PARTY, out, e);
    }
    return rc;
}

static int write_parties(ht_store *st, hs_kind k, const char *id, json_t *names, ht_error *e)
{
    const char *del = k == HS_AGREEMENT ? "DELETE FROM agreement_parties WHERE agreement = ?1"
                                        : "DELETE FROM activity_parties WHERE activity = ?1";
    const char *ins = k == HS_AGREEMENT
                          ? "INSERT OR IGNORE INTO agreement_parties (agreement, name, party)"
                            " VALUES (?1, ?2, ?3)"
                          : "INSERT OR IGNORE INTO activity_parties (activity, name, party)"
                            " VALUES (?1, ?2, ?3)";
    sqlite3_stmt *s = hs_stmt(st, del, e);
    if (!s)
        return e->code;
    bind_str(s, 1, id);
    int rc = run_stmt(st, s, e);
    size_t i;
    json_t *x;
    json_array_foreach(names, i, x) {
        const char *name = json_string_value(x);
        if (rc || !*name)
            continue;
        char pid[HT_ID_MAX];
        if ((rc = resolve_party(st, name, pid, e)))
            break;
        if (!(s = hs_stmt(st, ins, e)))
            return e->code;
        bind_str(s, 1, id);
        bind_str(s, 2, name);
        bind_str(s, 3, pid[0] ? pid : NULL);
        rc = run_stmt(st, s, e);
    }
    return rc;
}

/* Writes every editable field of o to the record (which exists). */
static int write_all(ht_store *st, hs_kind k, const char *id, json_t *o, json_t *before,
                     ht_error *e)
{
    char now[32];
    ht_store_now(now);
    sqlite3_stmt *s = NULL;
    int rc = 0;
    char *fields = NULL, *commit = NULL;
    if (k == HS_AGREEMENT || k == HS_ACTIVITY) {
        fields = json_dumps(json_object_get(o, "fields"), JSON_COMPACT);
        if (!fields)
            return ht_err(e, HT_ENOMEM, "out of memory");
    }
    switch (k) {
    case HS_AGREEMENT: {
        json_t *t = json_object_get(o, "term");
        const char *sd = ostr(o, "signed"), *old = before ? ostr(before, "signed") : NULL;
        bool same_date = sd && old && strcmp(sd, old) == 0;
        s = hs_stmt(st,
                    "UPDATE agreements SET kind = ?2, title = ?3, signed = ?4,"
                    " signed_inferred = CASE WHEN ?5 THEN signed_inferred ELSE 0 END,"
                    " place = ?6, term_from = ?7, term_to = ?8, fields = ?9,"
                    " tasks_declared = ?10, reviewed = 1, updated = ?11 WHERE id = ?1",
                    e);
        if (!s)
            break;
        bind_str(s, 1, id);
        bind_str(s, 2, ostr(o, "kind"));
        bind_str(s, 3, ostr(o, "title"));
        bind_str(s, 4, sd);
        sqlite3_bind_int(s, 5, same_date);
        bind_str(s, 6, ostr(o, "place"));
        bind_int(s, 7, json_is_object(t) ? json_object_get(t, "from") : NULL);
        bind_int(s, 8, json_is_object(t) ? json_object_get(t, "to") : NULL);
        bind_str(s, 9, fields);
        bind_int(s, 10, json_object_get(o, "tasks_declared"));
        bind_str(s, 11, now);
        if ((rc = run_stmt(st, s, e)) ||
            (rc = write_tasks(st, id, json_object_get(o, "tasks"), e)) ||
            (rc = write_parties(st, k, id, json_object_get(o, "parties"), e)))
            goto out;
        break;
    }
    case HS_ACTIVITY: {
        commit = json_dumps(json_object_get(o, "commitments"), JSON_COMPACT);
        const char *d = ostr(o, "date"), *old = before ? ostr(before, "date") : NULL;
        bool same_date = d && old && strcmp(d, old) == 0;
        const char *agr = ostr(o, "agreement");
        if (agr) {
            /* the agreement must exist */
            sqlite3_stmt *q = hs_stmt(st, "SELECT 1 FROM agreements WHERE id = ?1", e);
            if (!q)
                break;
            bind_str(q, 1, agr);
            int r = sqlite3_step(q);
            sqlite3_reset(q);
            if (r != SQLITE_ROW) {
                rc = ht_err(e, HT_EINVAL, "agreement: no agreement '%s'", agr);
                goto out;
            }
        }
        s = hs_stmt(st,
                    "UPDATE activities SET kind = ?2, date = ?3,"
                    " date_inferred = CASE WHEN ?4 THEN date_inferred ELSE 0 END, place = ?5,"
                    " fields = ?6, commitments = ?7, agreement = ?8, reviewed = 1,"
                    " updated = ?9 WHERE id = ?1",
                    e);
        if (!s)
            break;
        bind_str(s, 1, id);
        bind_str(s, 2, ostr(o, "kind"));
        bind_str(s, 3, d);
        sqlite3_bind_int(s, 4, same_date);
        bind_str(s, 5, ostr(o, "place"));
        bind_str(s, 6, fields);
        bind_str(s, 7, commit ? commit : "[]");
        bind_str(s, 8, agr);
        bind_str(s, 9, now);
        if ((rc = run_stmt(st, s, e)) ||
            (rc = write_parties(st, k, id, json_object_get(o, "parties"), e)))
            goto out;
        break;
    }
    case HS_PARTY: {
        char *f = folded(ostr(o, "name"));
        s = hs_stmt(st,
                    "UPDATE parties SET name = ?2, folded = ?3, kind = ?4, country = ?5,"
                    " name_en = ?6, parent = ?7, reviewed = 1, updated = ?8 WHERE id = ?1",
                    e);
        if (!s || !f) {
            free(f);
            if (!f)
                rc = ht_err(e, HT_ENOMEM, "out of memory");
            else
                rc = e->code;
            goto out;
        }
        bind_str(s, 1, id);
        bind_str(s, 2, ostr(o, "name"));
        bind_str(s, 3, f);
        bind_str(s, 4, ostr(o, "kind"));
        bind_str(s, 5, ostr(o, "country"));
        bind_str(s, 6, ostr(o, "name_en"));
        bind_str(s, 7, ostr(o, "parent"));
        bind_str(s, 8, now);
        free(f);
        if ((rc = run_stmt(st, s, e)) || (rc = write_alias(st, id, "party", ostr(o, "name"), e)))
            goto out;
        break;
    }
    case HS_PERSON: {
        char *f = folded(ostr(o, "name"));
        s = hs_stmt(st, "UPDATE people SET name = ?2, folded = ?3, party = ?4, reviewed = 1,"
                        " updated = ?5 WHERE id = ?1", e);
        if (!s || !f) {
            free(f);
            rc = f ? e->code : ht_err(e, HT_ENOMEM, "out of memory");
            goto out;
        }
        bind_str(s, 1, id);
        bind_str(s, 2, ostr(o, "name"));
        bind_str(s, 3, f);
        bind_str(s, 4, ostr(o, "party"));
        bind_str(s, 5, now);
        free(f);
        if ((rc = run_stmt(st, s, e)) || (rc = write_alias(st, id, "person", ostr(o, "name"), e)))
            goto out;
        break;
    }
    default:
        rc = ht_err(e, HT_EINVAL, "records of this kind cannot be written");
        goto out;
    }
    rc = s ? fts_refresh(st, k, id, e) : e->code;
out:
    free(fields);
    free(commit);
    return rc;
}

static json_t *parse_object(const char *json, size_t n, ht_error *e)
{
    json_error_t je;
    json_t *in = json_loadb(json, n, JSON_REJECT_DUPLICATES, &je);
    if (!in) {
        ht_err(e, HT_EFORMAT, "request body: line %d, column %d: %s", je.line, je.column,
               je.text);
        return NULL;
    }
    if (!json_is_object(in)) {
        json_decref(in);
        ht_err(e, HT_EFORMAT, "request body: expected a JSON object");
        return NULL;
    }
    return in;
}

int hs_record_edit(ht_store *st, const char *id, const char *json, size_t n, const char *user,
                   ht_error *e)
{
    hs_kind k = hs_kind_of(id);
    if (!table_of(k))
        return ht_err(e, HT_ENOTFOUND, "no record '%s'", id);
    json_t *in = parse_object(json, n, e);
    if (!in)
        return e->code;
    json_t *before = current(st, k, id, e);
    if (!before) {
        json_decref(in);
        return e->code;
    }
    json_t *o = json_deep_copy(before);
    int rc = overlay(k, o, in, e);
    if (!rc)
        rc = check(k, o, e);
    if (!rc)
        rc = write_all(st, k, id, o, before, e);
    if (!rc) {
        char *b = json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS);
        char *a = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
        rc = history(st, id, "edit", b, a, user, e);
        free(b);
        free(a);
    }
    json_decref(in);
    json_decref(before);
    json_decref(o);
    return rc;
}

int hs_record_add(ht_store *st, const char *kind, const char *json, size_t n, const char *user,
                  char *id, ht_error *e)
{
    hs_kind k = HS_NONE;
    static const char *const PFX[] = {"org", "per", "agr", "act"};
    for (int i = 0; i <= HS_ACTIVITY; i++)
        if (strcmp(kind, hs_kind_name((hs_kind)i)) == 0)
            k = (hs_kind)i;
    if (k == HS_NONE || k == HS_PERSON)
        return ht_err(e, HT_ENOTFOUND, "records of kind '%s' cannot be added", kind);
    json_t *in = parse_object(json, n, e);
    if (!in)
        return e->code;
    json_t *o = json_object();
    int rc = overlay(k, o, in, e);
    if (!rc)
        rc = check(k, o, e);
    char *canon = rc ? NULL : json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    if (!rc && !canon)
        rc = ht_err(e, HT_ENOMEM, "out of memory");
    if (!rc) {
        /* the id comes from the content, as every id of the registry does */
        unsigned char h[8];
        crypto_generichash_state gs;
        crypto_generichash_init(&gs, NULL, 0, sizeof h);
        crypto_generichash_update(&gs, (const unsigned char *)"manual", 7);
        crypto_generichash_update(&gs, (const unsigned char *)canon, strlen(canon));
        crypto_generichash_final(&gs, h, sizeof h);
        char hx[17];
        sodium_bin2hex(hx, sizeof hx, h, sizeof h);
        snprintf(id, HT_ID_MAX, "%s-%s", PFX[k], hx);
        static const char *const INS[] = {
            "INSERT INTO parties (id, kind, name, folded, status, origin, reviewed, created,"
            " updated) VALUES (?1, 'organisation', '', '', 'confirmed', 'manual', 1, ?2, ?2)",
            NULL,
            "INSERT INTO agreements (id, kind, status, origin, reviewed, created, updated)"
            " VALUES (?1, '', 'confirmed', 'manual', 1, ?2, ?2)",
            "INSERT INTO activities (id, kind, status, origin, reviewed, created, updated)"
            " VALUES (?1, '', 'confirmed', 'manual', 1, ?2, ?2)"};
        char now[32];
        ht_store_now(now);
        sqlite3_stmt *s = hs_stmt(st, INS[k], e);
        if (!s)
            rc = e->code;
        else {
            bind_str(s, 1, id);
            bind_str(s, 2, now);
            rc = run_stmt(st, s, e);
            if (rc == HT_ECONFLICT)
                rc = ht_err(e, HT_ECONFLICT, "the same %s is already in the registry (%s)",
                            kind, id);
        }
        if (!rc)
            rc = write_all(st, k, id, o, NULL, e);
        if (!rc)
            rc = history(st, id, "add", NULL, canon, user, e);
    }
    free(canon);
    json_decref(in);
    json_decref(o);
    return rc;
}
