/* Reading the registry's records: each as its JSON object (SPEC 1c), finding them by
 * id, id prefix or name (through the folded aliases and the gazetteer), lists, the
 * review queue, and what a party's page shows beside it: succession, predecessors,
 * member organisations, and the agreements, activities and people of all of them. */
#include "registry.h"
#include "store_int.h"
#include "base/data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern const ht_data_table ht_data_gazetteer;

static const char *const KIND_NAMES[] = {"party", "person", "agreement", "activity"};

const char *ht_rec_kind_name(ht_rec_kind k) { return KIND_NAMES[k]; }

ht_rec_kind ht_rec_kind_of(const char *id)
{
    if (strncmp(id, "per-", 4) == 0)
        return HT_REC_PERSON;
    if (strncmp(id, "agr-", 4) == 0)
        return HT_REC_AGREEMENT;
    if (strncmp(id, "act-", 4) == 0)
        return HT_REC_ACTIVITY;
    return HT_REC_PARTY;
}

/* ---- JSON helpers ---- */

void st_json_col(ht_json *j, sqlite3_stmt *s, int i)
{
    switch (sqlite3_column_type(s, i)) {
    case SQLITE_NULL:
        ht_json_null(j);
        break;
    case SQLITE_INTEGER:
        ht_json_int(j, sqlite3_column_int64(s, i));
        break;
    case SQLITE_FLOAT:
        ht_json_num(j, sqlite3_column_double(s, i));
        break;
    default:
        ht_json_str(j, (const char *)sqlite3_column_text(s, i), (size_t)sqlite3_column_bytes(s, i));
    }
}

/* A column holding JSON this layer wrote (arrays of fields, participants...). */
static void json_raw_col(ht_json *j, sqlite3_stmt *s, int i, const char *dflt)
{
    const char *v = (const char *)sqlite3_column_text(s, i);
    if (!v || !*v)
        v = dflt;
    ht_json_raw(j, v, strlen(v));
}

static void key_col(ht_json *j, const char *k, sqlite3_stmt *s, int i)
{
    ht_json_key(j, k);
    st_json_col(j, s, i);
}

static void key_bool(ht_json *j, const char *k, sqlite3_stmt *s, int i)
{
    ht_json_key(j, k);
    ht_json_bool(j, sqlite3_column_int(s, i) != 0);
}

/* "evidence": {"document", "start", "end"} from three columns, null without document. */
static void key_evidence(ht_json *j, sqlite3_stmt *s, int i)
{
    ht_json_key(j, "evidence");
    if (sqlite3_column_type(s, i) == SQLITE_NULL) {
        ht_json_null(j);
        return;
    }
    ht_json_obj(j);
    key_col(j, "document", s, i);
    key_col(j, "start", s, i + 1);
    key_col(j, "end", s, i + 2);
    ht_json_obj_end(j);
}

void st_json_span(ht_json *j, long long a, long long z)
{
    ht_json_obj(j);
    ht_json_key(j, "start");
    ht_json_int(j, a);
    ht_json_key(j, "end");
    ht_json_int(j, z);
    ht_json_obj_end(j);
}

static int dberr(ht_store *st, int rc, const char *what, ht_error *e)
{
    return ht_store_error(st, rc, what, e);
}

/* Runs a one-column query bound to id and writes its rows as a JSON array. */
static int column_array(ht_store *st, const char *sql, const char *id, ht_json *j, ht_error *e)
{
    sqlite3_stmt *s = st_stmt(st, sql, e);
    if (!s)
        return e->code;
    st_bind_cstr(s, 1, id);
    ht_json_arr(j);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        st_json_col(j, s, 0);
    ht_json_arr_end(j);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : dberr(st, rc, "reading a record", e);
}

/* "parties": [{"id", "name"}] of an agreement or activity: a party the articles name
 * in two ways ("Công ty Hyosung", "Tập đoàn Hyosung") once, under the name that sorts
 * first. */
static int event_parties(ht_store *st, ht_rec_kind k, const char *id, ht_json *j, ht_error *e)
{
    sqlite3_stmt *s = st_stmt(st, k == HT_REC_AGREEMENT
                                      ? "SELECT party, min(name) FROM agreement_parties"
                                        " WHERE agreement = ?1 GROUP BY coalesce(party, name) ORDER BY 2"
                                      : "SELECT party, min(name) FROM activity_parties"
                                        " WHERE activity = ?1 GROUP BY coalesce(party, name) ORDER BY 2",
                              e);
    if (!s)
        return e->code;
    st_bind_cstr(s, 1, id);
    ht_json_key(j, "parties");
    ht_json_arr(j);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        ht_json_obj(j);
        key_col(j, "id", s, 0);
        key_col(j, "name", s, 1);
        ht_json_obj_end(j);
    }
    ht_json_arr_end(j);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : dberr(st, rc, "reading a record", e);
}

static int sources(ht_store *st, const char *id, int flags, ht_json *j, ht_error *e)
{
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT s.document, s.span_start, s.span_end, s.candidate,"
                              " s.confidence, s.data, d.title, d.source,"
                              " CASE WHEN ?2 THEN substr(d.orig, s.span_start + 1,"
                              " s.span_end - s.span_start) END"
                              " FROM sources s JOIN documents d ON d.id = s.document"
                              " WHERE s.record = ?1 ORDER BY s.document, s.span_start, s.span_end",
                              e);
    if (!s)
        return e->code;
    st_bind_cstr(s, 1, id);
    sqlite3_bind_int(s, 2, (flags & HT_REC_EVIDENCE) != 0);
    ht_json_key(j, "sources");
    ht_json_arr(j);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        ht_json_obj(j);
        key_col(j, "document", s, 0);
        ht_json_key(j, "span");
        st_json_span(j, sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2));
        if (flags & HT_REC_EXPORT) {
            key_col(j, "candidate", s, 3);
            key_col(j, "confidence", s, 4);
            ht_json_key(j, "data");
            json_raw_col(j, s, 5, "{}");
        } else if (flags & HT_REC_EVIDENCE) {
            key_col(j, "title", s, 6);
            key_col(j, "source", s, 7);
            ht_json_key(j, "text");
            ht_json_str(j, sqlite3_column_blob(s, 8), (size_t)sqlite3_column_bytes(s, 8));
        }
        ht_json_obj_end(j);
    }
    ht_json_arr_end(j);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : dberr(st, rc, "reading the sources of a record", e);
}

/* The columns every record ends with, from column i on: status, origin, reviewed,
 * merged_into, created, updated. */
static void tail_cols(ht_json *j, sqlite3_stmt *s, int i)
{
    key_col(j, "status", s, i);
    key_col(j, "origin", s, i + 1);
    key_bool(j, "reviewed", s, i + 2);
    key_col(j, "merged_into", s, i + 3);
    key_col(j, "created", s, i + 4);
    key_col(j, "updated", s, i + 5);
}

#define TAIL "status, origin, reviewed, merged_into, created, updated"

/* ---- dates ---- */

/* The day after a YYYY-MM-DD date (the first day of a successor), "" when not a day. */
static void day_after(const char *d, char out[11])
{
    out[0] = 0;
    int y, m, dd;
    if (!d || strlen(d) != 10 || sscanf(d, "%4d-%2d-%2d", &y, &m, &dd) != 3)
        return;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = dd + 1, .tm_hour = 12};
    time_t t = timegm(&tm);
    struct tm o;
    gmtime_r(&t, &o);
    if (o.tm_year + 1900 < 0 || o.tm_year + 1900 > 9999)
        return;
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(o.tm_year + 1900) % 10000u,
             (unsigned)(o.tm_mon + 1) % 100u, (unsigned)o.tm_mday % 100u);
}

/* ---- parties: the registry row or the gazetteer ---- */

static int party_name(ht_store *st, const char *id, char *out, size_t n, ht_error *e)
{
    out[0] = 0;
    sqlite3_stmt *s = st_stmt(st, "SELECT name FROM parties WHERE id = ?1", e);
    if (!s)
        return e->code;
    st_bind_cstr(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        snprintf(out, n, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return dberr(st, rc, "reading a party", e);
    if (!out[0]) {
        const char *g = st_gz(st_gazetteer_row(id), "name_vi");
        snprintf(out, n, "%s", g ? g : "");
    }
    return 0;
}

/* Sets of party ids, small: a linear scan is enough. */
typedef struct {
    char (*v)[HT_ID_MAX];
    char (*via)[HT_ID_MAX]; /* through which party of the set it came in */
    size_t n, cap;
} idset;

static bool idset_has(const idset *s, const char *id)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], id) == 0)
            return true;
    return false;
}

static int idset_add(idset *s, const char *id, const char *via)
{
    if (idset_has(s, id) || strlen(id) >= HT_ID_MAX)
        return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        void *v = realloc(s->v, cap * HT_ID_MAX), *w = realloc(s->via, cap * HT_ID_MAX);
        if (v)
            s->v = v;
        if (w)
            s->via = w;
        if (!v || !w)
            return HT_ENOMEM;
        s->cap = cap;
    }
    snprintf(s->v[s->n], HT_ID_MAX, "%s", id);
    snprintf(s->via[s->n], HT_ID_MAX, "%s", via ? via : id);
    s->n++;
    return 0;
}

static void idset_free(idset *s)
{
    free(s->v);
    free(s->via);
    memset(s, 0, sizeof *s);
}

/* The parties whose successor is id, in the registry and in the gazetteer, added to
 * preds (recursively: a predecessor's own predecessors). */
static int predecessors(ht_store *st, const char *id, idset *preds, int depth, ht_error *e)
{
    if (depth > 8)
        return 0;
    idset found = {0};
    int r = 0;
    int sc = ht_data_col(&ht_data_gazetteer, "successor"), ic = ht_data_col(&ht_data_gazetteer, "id");
    for (size_t row = 0; sc >= 0 && ic >= 0 && row < ht_data_gazetteer.nrows && !r; row++)
        if (strcmp(ht_data_cell(&ht_data_gazetteer, row, (size_t)sc), id) == 0)
            r = idset_add(&found, ht_data_cell(&ht_data_gazetteer, row, (size_t)ic), NULL);
    sqlite3_stmt *s = r ? NULL : st_stmt(st, "SELECT id FROM parties WHERE successor = ?1"
                                             " AND status <> 'deleted'", e);
    if (!r && !s)
        r = e->code;
    if (s) {
        st_bind_cstr(s, 1, id);
        int rc;
        while (!r && (rc = sqlite3_step(s)) == SQLITE_ROW)
            r = idset_add(&found, (const char *)sqlite3_column_text(s, 0), NULL);
        sqlite3_reset(s);
        if (!r && rc != SQLITE_DONE)
            r = dberr(st, rc, "reading successions", e);
    }
    for (size_t i = 0; i < found.n && !r; i++) {
        if (idset_has(preds, found.v[i]))
            continue;
        if ((r = idset_add(preds, found.v[i], NULL)))
            break;
        r = predecessors(st, found.v[i], preds, depth + 1, e);
    }
    idset_free(&found);
    return r == HT_ENOMEM ? ht_err(e, HT_ENOMEM, "out of memory") : r;
}

/* valid_to and successor of a party: the registry's values, else the gazetteer's. */
static int party_succession(ht_store *st, const char *id, char *succ, char *valid_to, ht_error *e)
{
    succ[0] = valid_to[0] = 0;
    sqlite3_stmt *s = st_stmt(st, "SELECT successor, valid_to FROM parties WHERE id = ?1", e);
    if (!s)
        return e->code;
    st_bind_cstr(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *a = (const char *)sqlite3_column_text(s, 0);
        const char *b = (const char *)sqlite3_column_text(s, 1);
        snprintf(succ, HT_ID_MAX, "%s", a ? a : "");
        snprintf(valid_to, 11, "%s", b ? b : "");
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return dberr(st, rc, "reading a party", e);
    /* what the registry leaves empty, the gazetteer tells */
    long g = st_gazetteer_row(id);
    const char *a = st_gz(g, "successor"), *b = st_gz(g, "valid_to");
    if (!succ[0])
        snprintf(succ, HT_ID_MAX, "%s", a ? a : "");
    if (!valid_to[0])
        snprintf(valid_to, 11, "%s", b ? b : "");
    return 0;
}

/* A JSON array of the set's ids, for "IN (SELECT value FROM json_each(?))". */
static char *idset_json(const idset *s)
{
    ht_buf b = {0};
    ht_json j;
    ht_json_init(&j, &b);
    ht_json_arr(&j);
    for (size_t i = 0; i < s->n; i++)
        ht_json_cstr(&j, s->v[i]);
    ht_json_arr_end(&j);
    if (j.err || ht_buf_putc(&b, 0)) {
        ht_buf_free(&b);
        return NULL;
    }
    return b.p;
}

/* The related lists of a party page: everything of the party itself, of the parties
 * it succeeded and of the member organisations of both, each row saying "via" which
 * party when it is not the party itself. */
static int party_related(ht_store *st, const char *id, ht_json *j, ht_error *e)
{
    char succ[HT_ID_MAX], vt[11], date[11], name[512];
    int r = party_succession(st, id, succ, vt, e);
    if (r)
        return r;
    ht_json_key(j, "succession");
    if (succ[0]) {
        if ((r = party_name(st, succ, name, sizeof name, e)))
            return r;
        day_after(vt, date);
        ht_json_obj(j);
        ht_json_key(j, "id");
        ht_json_cstr(j, succ);
        ht_json_key(j, "name");
        ht_json_cstr(j, name[0] ? name : NULL);
        ht_json_key(j, "date");
        ht_json_cstr(j, date[0] ? date : NULL);
        ht_json_obj_end(j);
    } else
        ht_json_null(j);

    idset preds = {0}, all = {0};
    if ((r = predecessors(st, id, &preds, 0, e)))
        goto out;
    ht_json_key(j, "predecessors");
    ht_json_arr(j);
    for (size_t i = 0; i < preds.n && !r; i++) {
        char s2[HT_ID_MAX];
        if ((r = party_name(st, preds.v[i], name, sizeof name, e)) ||
            (r = party_succession(st, preds.v[i], s2, vt, e)))
            break;
        day_after(vt, date);
        ht_json_obj(j);
        ht_json_key(j, "id");
        ht_json_cstr(j, preds.v[i]);
        ht_json_key(j, "name");
        ht_json_cstr(j, name[0] ? name : NULL);
        ht_json_key(j, "date");
        ht_json_cstr(j, date[0] ? date : NULL);
        ht_json_obj_end(j);
    }
    ht_json_arr_end(j);
    if (r)
        goto out;

    /* the set: the party, its predecessors, and their member organisations */
    if (idset_add(&all, id, NULL))
        goto nomem;
    for (size_t i = 0; i < preds.n; i++)
        if (idset_add(&all, preds.v[i], NULL))
            goto nomem;
    size_t heads = all.n;
    ht_json_key(j, "members");
    ht_json_arr(j);
    for (size_t i = 0; i < heads && !r; i++) {
        sqlite3_stmt *s = st_stmt(st, "SELECT id, name, kind FROM parties WHERE parent = ?1"
                                      " AND status <> 'deleted' ORDER BY folded, id", e);
        if (!s) {
            r = e->code;
            break;
        }
        char parent[HT_ID_MAX];
        snprintf(parent, sizeof parent, "%s", all.v[i]);
        st_bind_cstr(s, 1, parent);
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            const char *mid = (const char *)sqlite3_column_text(s, 0);
            if (strcmp(parent, id) == 0) {
                ht_json_obj(j);
                key_col(j, "id", s, 0);
                key_col(j, "name", s, 1);
                key_col(j, "kind", s, 2);
                ht_json_obj_end(j);
            }
            if (idset_add(&all, mid, parent)) {
                sqlite3_reset(s);
                goto nomem;
            }
        }
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            r = dberr(st, rc, "reading members", e);
    }
    ht_json_arr_end(j);
    if (r)
        goto out;

    char *set = idset_json(&all);
    if (!set)
        goto nomem;
    static const char *const sql[] = {
        "SELECT x.*, (SELECT name FROM parties WHERE id = x.via) FROM (SELECT a.id, a.kind,"
        " a.title, a.signed AS d, a.status, min(ap.party) AS via,"
        " (SELECT json_group_array(name) FROM (SELECT min(name) AS name FROM agreement_parties"
        "  WHERE agreement = a.id GROUP BY coalesce(party, name) ORDER BY 1))"
        " FROM agreement_parties ap JOIN agreements a ON a.id = ap.agreement"
        " WHERE ap.party IN (SELECT value FROM json_each(?1)) AND a.status <> 'deleted'"
        " GROUP BY a.id) x ORDER BY x.d IS NULL, x.d, x.id",
        "SELECT x.*, (SELECT name FROM parties WHERE id = x.via) FROM (SELECT a.id, a.kind,"
        " NULL, a.date AS d, a.status, min(ap.party) AS via,"
        " (SELECT json_group_array(name) FROM (SELECT min(name) AS name FROM activity_parties"
        "  WHERE activity = a.id GROUP BY coalesce(party, name) ORDER BY 1))"
        " FROM activity_parties ap JOIN activities a ON a.id = ap.activity"
        " WHERE ap.party IN (SELECT value FROM json_each(?1)) AND a.status <> 'deleted'"
        " GROUP BY a.id) x ORDER BY x.d IS NULL, x.d, x.id",
    };
    for (int q = 0; q < 2 && !r; q++) {
        sqlite3_stmt *s = st_stmt(st, sql[q], e);
        if (!s) {
            r = e->code;
            break;
        }
        sqlite3_bind_text(s, 1, set, -1, SQLITE_STATIC);
        ht_json_key(j, q == 0 ? "agreements" : "activities");
        ht_json_arr(j);
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            ht_json_obj(j);
            key_col(j, "id", s, 0);
            key_col(j, "kind", s, 1);
            if (q == 0)
                key_col(j, "title", s, 2);
            key_col(j, q == 0 ? "signed" : "date", s, 3);
            key_col(j, "status", s, 4);
            ht_json_key(j, "parties");
            json_raw_col(j, s, 6, "[]");
            /* the party of the set it came through, when not this one: a
             * predecessor, a member organisation, or a member of a predecessor */
            const char *via = (const char *)sqlite3_column_text(s, 5);
            ht_json_key(j, "via");
            if (via && strcmp(via, id) != 0) {
                ht_json_obj(j);
                key_col(j, "id", s, 5);
                key_col(j, "name", s, 7);
                ht_json_obj_end(j);
            } else
                ht_json_null(j);
            ht_json_obj_end(j);
        }
        ht_json_arr_end(j);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            r = dberr(st, rc, "reading the records of a party", e);
    }
    if (!r) {
        sqlite3_stmt *s = st_stmt(st, "SELECT id, name, party, status FROM people WHERE party IN"
                                      " (SELECT value FROM json_each(?1)) AND status <> 'deleted'"
                                      " ORDER BY folded, id", e);
        if (!s)
            r = e->code;
        else {
            sqlite3_bind_text(s, 1, set, -1, SQLITE_STATIC);
            ht_json_key(j, "people");
            ht_json_arr(j);
            int rc;
            while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                ht_json_obj(j);
                key_col(j, "id", s, 0);
                key_col(j, "name", s, 1);
                key_col(j, "party", s, 2);
                key_col(j, "status", s, 3);
                ht_json_obj_end(j);
            }
            ht_json_arr_end(j);
            sqlite3_reset(s);
            if (rc != SQLITE_DONE)
                r = dberr(st, rc, "reading the people of a party", e);
        }
    }
    free(set);
    goto out;
nomem:
    r = ht_err(e, HT_ENOMEM, "out of memory");
out:
    idset_free(&preds);
    idset_free(&all);
    return r;
}

/* A party only the gazetteer knows. */
static void gazetteer_party(long row, ht_json *j)
{
    static const char *const cols[] = {"name_en", "name_local", "valid_from", "valid_to",
                                       "successor"};
    ht_json_key(j, "id");
    ht_json_cstr(j, st_gz(row, "id"));
    ht_json_key(j, "name");
    ht_json_cstr(j, st_gz(row, "name_vi"));
    ht_json_key(j, "kind");
    ht_json_cstr(j, st_gz(row, "kind"));
    ht_json_key(j, "country");
    ht_json_cstr(j, st_gz(row, "country"));
    ht_json_key(j, "parent");
    ht_json_cstr(j, st_gz(row, "parent"));
    ht_json_key(j, "aliases");
    ht_json_arr(j);
    const char *al = st_gz(row, "aliases");
    while (al && *al) {
        const char *bar = strchr(al, '|');
        size_t n = bar ? (size_t)(bar - al) : strlen(al);
        ht_json_str(j, al, n);
        al = bar ? bar + 1 : NULL;
    }
    ht_json_arr_end(j);
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        ht_json_key(j, cols[i]);
        ht_json_cstr(j, st_gz(row, cols[i]));
    }
    ht_json_key(j, "gazetteer");
    ht_json_bool(j, true);
    static const char *const nulls[] = {"confidence", "evidence", "status", "origin"};
    for (size_t i = 0; i < 4; i++) {
        ht_json_key(j, nulls[i]);
        ht_json_null(j);
    }
    ht_json_key(j, "reviewed");
    ht_json_bool(j, false);
    static const char *const nulls2[] = {"merged_into", "created", "updated"};
    for (size_t i = 0; i < 3; i++) {
        ht_json_key(j, nulls2[i]);
        ht_json_null(j);
    }
    ht_json_key(j, "sources");
    ht_json_arr(j);
    ht_json_arr_end(j);
}

/* ---- one record ---- */

static const char *const RECORD_SQL[] = {
    "SELECT id, name, kind, country, parent, name_en, name_local, valid_from, valid_to,"
    " successor, gazetteer, confidence, document, span_start, span_end, " TAIL
    " FROM parties WHERE id = ?1",
    "SELECT id, name, party, confidence, document, span_start, span_end, " TAIL
    " FROM people WHERE id = ?1",
    "SELECT id, kind, title, signed, signed_inferred, place, term_from, term_to, fields,"
    " tasks_declared, confidence, document, span_start, span_end, match_key, " TAIL
    " FROM agreements WHERE id = ?1",
    "SELECT id, kind, kinds, date, date_inferred, place, participants, commitments, fields,"
    " agreement, tasks, summary, confidence, document, span_start, span_end, match_key, " TAIL
    " FROM activities WHERE id = ?1",
};

static int write_record(ht_store *st, ht_rec_kind k, sqlite3_stmt *s, const char *id, int flags,
                        ht_json *j, ht_error *e)
{
    int r = 0;
    switch (k) {
    case HT_REC_PARTY:
        key_col(j, "id", s, 0);
        key_col(j, "name", s, 1);
        key_col(j, "kind", s, 2);
        key_col(j, "country", s, 3);
        key_col(j, "parent", s, 4);
        ht_json_key(j, "aliases");
        r = column_array(st, "SELECT alias FROM aliases WHERE record = ?1 ORDER BY alias", id, j, e);
        key_col(j, "name_en", s, 5);
        key_col(j, "name_local", s, 6);
        key_col(j, "valid_from", s, 7);
        key_col(j, "valid_to", s, 8);
        key_col(j, "successor", s, 9);
        key_bool(j, "gazetteer", s, 10);
        key_col(j, "confidence", s, 11);
        key_evidence(j, s, 12);
        tail_cols(j, s, 15);
        break;
    case HT_REC_PERSON:
        key_col(j, "id", s, 0);
        key_col(j, "name", s, 1);
        ht_json_key(j, "aliases");
        r = column_array(st, "SELECT alias FROM aliases WHERE record = ?1 ORDER BY alias", id, j, e);
        ht_json_key(j, "titles");
        if (!r)
            r = column_array(st, "SELECT DISTINCT title FROM positions WHERE person = ?1"
                                 " ORDER BY title", id, j, e);
        key_col(j, "party", s, 2);
        ht_json_key(j, "positions");
        ht_json_arr(j);
        if (!r) {
            sqlite3_stmt *p = st_stmt(st, "SELECT title, nullif(party, ''), document FROM positions"
                                          " WHERE person = ?1 ORDER BY document, title, party", e);
            if (!p)
                r = e->code;
            else {
                st_bind_cstr(p, 1, id);
                int rc;
                while ((rc = sqlite3_step(p)) == SQLITE_ROW) {
                    ht_json_obj(j);
                    key_col(j, "title", p, 0);
                    key_col(j, "party", p, 1);
                    key_col(j, "document", p, 2);
                    ht_json_obj_end(j);
                }
                sqlite3_reset(p);
                if (rc != SQLITE_DONE)
                    r = dberr(st, rc, "reading positions", e);
            }
        }
        ht_json_arr_end(j);
        key_col(j, "confidence", s, 3);
        key_evidence(j, s, 4);
        tail_cols(j, s, 7);
        break;
    case HT_REC_AGREEMENT:
        key_col(j, "id", s, 0);
        key_col(j, "kind", s, 1);
        key_col(j, "title", s, 2);
        r = event_parties(st, k, id, j, e);
        key_col(j, "signed", s, 3);
        key_bool(j, "signed_inferred", s, 4);
        key_col(j, "place", s, 5);
        ht_json_key(j, "term");
        if (sqlite3_column_type(s, 6) == SQLITE_NULL && sqlite3_column_type(s, 7) == SQLITE_NULL)
            ht_json_null(j);
        else {
            ht_json_obj(j);
            key_col(j, "from", s, 6);
            key_col(j, "to", s, 7);
            ht_json_obj_end(j);
        }
        ht_json_key(j, "fields");
        json_raw_col(j, s, 8, "[]");
        key_col(j, "tasks_declared", s, 9);
        ht_json_key(j, "tasks");
        if (!r)
            r = column_array(st, "SELECT text FROM tasks WHERE agreement = ?1 ORDER BY n", id, j, e);
        key_col(j, "confidence", s, 10);
        key_evidence(j, s, 11);
        key_col(j, "match_key", s, 14);
        tail_cols(j, s, 15);
        break;
    case HT_REC_ACTIVITY:
        key_col(j, "id", s, 0);
        key_col(j, "kind", s, 1);
        ht_json_key(j, "kinds");
        json_raw_col(j, s, 2, "[]");
        key_col(j, "date", s, 3);
        key_bool(j, "date_inferred", s, 4);
        key_col(j, "place", s, 5);
        r = event_parties(st, k, id, j, e);
        ht_json_key(j, "participants");
        json_raw_col(j, s, 6, "[]");
        ht_json_key(j, "commitments");
        json_raw_col(j, s, 7, "[]");
        ht_json_key(j, "fields");
        json_raw_col(j, s, 8, "[]");
        key_col(j, "agreement", s, 9);
        ht_json_key(j, "tasks");
        json_raw_col(j, s, 10, "[]");
        key_col(j, "summary", s, 11);
        key_col(j, "confidence", s, 12);
        key_evidence(j, s, 13);
        key_col(j, "match_key", s, 16);
        tail_cols(j, s, 17);
        break;
    }
    if (!r)
        r = sources(st, id, flags, j, e);
    return r;
}

static int agreement_related(ht_store *st, const char *id, ht_json *j, ht_error *e)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT id, kind, date, tasks, status FROM activities"
                                  " WHERE agreement = ?1 AND status <> 'deleted'"
                                  " ORDER BY date IS NULL, date, id", e);
    if (!s)
        return e->code;
    st_bind_cstr(s, 1, id);
    ht_json_key(j, "activities");
    ht_json_arr(j);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        ht_json_obj(j);
        key_col(j, "id", s, 0);
        key_col(j, "kind", s, 1);
        key_col(j, "date", s, 2);
        ht_json_key(j, "tasks");
        json_raw_col(j, s, 3, "[]");
        key_col(j, "status", s, 4);
        ht_json_obj_end(j);
    }
    ht_json_arr_end(j);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : dberr(st, rc, "reading the activities of an agreement", e);
}

int ht_store_rec_json(ht_store *st, ht_rec_kind k, const char *id, int flags,
                      ht_rec_extra_fn extra, void *ud, ht_json *j, ht_error *e)
{
    sqlite3_stmt *s = st_stmt(st, RECORD_SQL[k], e);
    if (!s)
        return e->code;
    st_bind_cstr(s, 1, id);
    int rc = sqlite3_step(s);
    int r = 0;
    if (rc == SQLITE_ROW) {
        ht_json_obj(j);
        r = write_record(st, k, s, id, flags, j, e);
        sqlite3_reset(s);
        if (!r && (flags & HT_REC_RELATED)) {
            if (k == HT_REC_PARTY) {
                ht_json_key(j, "in_registry");
                ht_json_bool(j, true);
                r = party_related(st, id, j, e);
            } else if (k == HT_REC_AGREEMENT)
                r = agreement_related(st, id, j, e);
        }
    } else {
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            return dberr(st, rc, "reading a record", e);
        long row = k == HT_REC_PARTY ? st_gazetteer_row(id) : -1;
        if (row < 0)
            return ht_err(e, HT_ENOTFOUND, "no %s %s in the registry", KIND_NAMES[k], id);
        ht_json_obj(j);
        gazetteer_party(row, j);
        if (flags & HT_REC_RELATED) {
            ht_json_key(j, "in_registry");
            ht_json_bool(j, false);
            r = party_related(st, id, j, e);
        }
    }
    if (!r && extra)
        extra(j, k, id, ud);
    ht_json_obj_end(j);
    if (!r && j->err)
        r = ht_err(e, HT_ENOMEM, "out of memory");
    return r;
}

/* ---- finding ---- */

typedef struct {
    char (*v)[HT_ID_MAX];
    size_t n;
} hits;

static int hits_add(hits *h, const char *id)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->v[i], id) == 0)
            return 0;
    void *v = realloc(h->v, (h->n + 1) * HT_ID_MAX);
    if (!v)
        return HT_ENOMEM;
    h->v = v;
    snprintf(h->v[h->n++], HT_ID_MAX, "%s", id);
    return 0;
}

/* Rows of a one-column query bound to q, added to h. */
static int query_hits(ht_store *st, const char *sql, const char *q, hits *h, ht_error *e)
{
    sqlite3_stmt *s = st_stmt(st, sql, e);
    if (!s)
        return e->code;
    st_bind_cstr(s, 1, q);
    int rc, r = 0;
    while (!r && (rc = sqlite3_step(s)) == SQLITE_ROW)
        r = hits_add(h, (const char *)sqlite3_column_text(s, 0));
    sqlite3_reset(s);
    if (r)
        return ht_err(e, HT_ENOMEM, "out of memory");
    return rc == SQLITE_DONE ? 0 : dberr(st, rc, "finding a record", e);
}

static int survivor(ht_store *st, ht_rec_kind k, char *id, ht_error *e)
{
    static const char *const sql[] = {
        "SELECT merged_into FROM parties WHERE id = ?1",
        "SELECT merged_into FROM people WHERE id = ?1",
        "SELECT merged_into FROM agreements WHERE id = ?1",
        "SELECT merged_into FROM activities WHERE id = ?1",
    };
    for (int depth = 0; depth < 16; depth++) {
        sqlite3_stmt *s = st_stmt(st, sql[k], e);
        if (!s)
            return e->code;
        st_bind_cstr(s, 1, id);
        int rc = sqlite3_step(s);
        const char *m = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
        bool more = m && *m;
        if (more)
            snprintf(id, HT_ID_MAX, "%s", m);
        sqlite3_reset(s);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return dberr(st, rc, "finding a record", e);
        if (!more)
            break;
    }
    return 0;
}

static int ambiguous(ht_store *st, ht_rec_kind k, const char *q, const hits *h, ht_error *e)
{
    char list[320] = "";
    size_t used = 0;
    for (size_t i = 0; i < h->n && i < 6; i++) {
        char name[96] = "";
        if (k == HT_REC_PARTY)
            party_name(st, h->v[i], name, sizeof name, e);
        int w = snprintf(list + used, sizeof list - used, "%s%s%s%s%s", i ? ", " : "", h->v[i],
                         name[0] ? " (" : "", name, name[0] ? ")" : "");
        if (w < 0 || (size_t)w >= sizeof list - used)
            break;
        used += (size_t)w;
    }
    return ht_err(e, HT_EINVAL, "'%s' names %zu %s records: %s%s; give the id", q, h->n,
                  KIND_NAMES[k], list, h->n > 6 ? ", ..." : "");
}

int ht_store_rec_find(ht_store *st, ht_rec_kind k, const char *q, char id[HT_ID_MAX],
                      ht_error *e)
{
    static const char *const by_id[] = {
        "SELECT id FROM parties WHERE id = ?1", "SELECT id FROM people WHERE id = ?1",
        "SELECT id FROM agreements WHERE id = ?1", "SELECT id FROM activities WHERE id = ?1"};
    static const char *const by_prefix[] = {
        "SELECT id FROM parties WHERE id >= ?1 AND substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 7",
        "SELECT id FROM people WHERE id >= ?1 AND substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 7",
        "SELECT id FROM agreements WHERE id >= ?1 AND substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 7",
        "SELECT id FROM activities WHERE id >= ?1 AND substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 7"};
    hits h = {0};
    int r = query_hits(st, by_id[k], q, &h, e);
    if (!r && !h.n && strlen(q) >= 6)
        r = query_hits(st, by_prefix[k], q, &h, e);
    if (!r && !h.n && k == HT_REC_PARTY) {
        /* a gazetteer code in any case: vn-ktm */
        char up[HT_ID_MAX];
        size_t n = strlen(q);
        if (n < sizeof up) {
            for (size_t i = 0; i <= n; i++)
                up[i] = (q[i] >= 'a' && q[i] <= 'z') ? (char)(q[i] - 32) : q[i];
            if (st_gazetteer_row(up) >= 0 && hits_add(&h, up))
                r = ht_err(e, HT_ENOMEM, "out of memory");
            if (!r && !h.n)
                r = query_hits(st, by_id[k], up, &h, e);
        }
    }
    bool by_name = false;
    if (!r && !h.n && (k == HT_REC_PARTY || k == HT_REC_PERSON)) {
        by_name = true;
        char *f = st_fold(q);
        if (!f)
            r = ht_err(e, HT_ENOMEM, "out of memory");
        else if (*f) {
            r = query_hits(st, k == HT_REC_PARTY
                                   ? "SELECT DISTINCT a.record FROM aliases a JOIN parties p"
                                     " ON p.id = a.record WHERE a.kind = 'party' AND a.folded = ?1"
                                     " UNION SELECT id FROM parties WHERE folded = ?1 ORDER BY 1"
                                   : "SELECT DISTINCT a.record FROM aliases a JOIN people p"
                                     " ON p.id = a.record WHERE a.kind = 'person' AND a.folded = ?1"
                                     " UNION SELECT id FROM people WHERE folded = ?1 ORDER BY 1",
                           f, &h, e);
            /* the parties of the gazetteer never mentioned yet */
            if (!r && !h.n && k == HT_REC_PARTY) {
                size_t first, n = ht_data_lookup(&ht_data_gazetteer, f, strlen(f), &first);
                int ic = ht_data_col(&ht_data_gazetteer, "id");
                hits exact = {0};
                for (size_t i = 0; i < n && !r && ic >= 0; i++) {
                    uint32_t row = ht_data_gazetteer.keys[first + i].row;
                    const char *gid = ht_data_cell(&ht_data_gazetteer, row, (size_t)ic);
                    char *nf = st_fold(st_gz((long)row, "name_vi") ? st_gz((long)row, "name_vi") : "");
                    if (hits_add(&h, gid) || (nf && strcmp(nf, f) == 0 && hits_add(&exact, gid)))
                        r = ht_err(e, HT_ENOMEM, "out of memory");
                    free(nf);
                }
                /* "Quảng Ngãi": the province rather than a place that also goes by it */
                if (!r && h.n > 1 && exact.n == 1) {
                    free(h.v);
                    h = exact;
                } else
                    free(exact.v);
            }
        }
        free(f);
    }
    if (!r && by_name && h.n > 1) {
        /* records merged into one, or deleted beside a live one, are not a choice */
        hits live = {0};
        for (size_t i = 0; i < h.n && !r; i++) {
            char s2[HT_ID_MAX];
            snprintf(s2, sizeof s2, "%s", h.v[i]);
            if (!(r = survivor(st, k, s2, e)) && hits_add(&live, s2))
                r = ht_err(e, HT_ENOMEM, "out of memory");
        }
        free(h.v);
        h = live;
    }
    if (!r && !h.n)
        r = ht_err(e, HT_ENOTFOUND, "no %s '%s' in the registry%s", KIND_NAMES[k], q,
                   k == HT_REC_PARTY ? " or the gazetteer" : "");
    if (!r && h.n > 1)
        r = ambiguous(st, k, q, &h, e);
    if (!r) {
        snprintf(id, HT_ID_MAX, "%s", h.v[0]);
        if (by_name)
            r = survivor(st, k, id, e);
    }
    free(h.v);
    return r;
}

/* ---- lists ---- */

static const char *const LIST_SQL[] = {
    "SELECT id FROM parties WHERE ?1 OR (?2 IS NULL AND status IN ('proposed', 'confirmed'))"
    " OR status = ?2 ORDER BY folded, id",
    "SELECT id FROM people WHERE ?1 OR (?2 IS NULL AND status IN ('proposed', 'confirmed'))"
    " OR status = ?2 ORDER BY folded, id",
    "SELECT id FROM agreements WHERE ?1 OR (?2 IS NULL AND status IN ('proposed', 'confirmed'))"
    " OR status = ?2 ORDER BY signed IS NULL, signed, id",
    "SELECT id FROM activities WHERE ?1 OR (?2 IS NULL AND status IN ('proposed', 'confirmed'))"
    " OR status = ?2 ORDER BY date IS NULL, date, id",
};

/* Ids of a query collected first, so that the callback may read the registry. */
static int collect_and_call(ht_store *st, sqlite3_stmt *s, ht_rec_kind k,
                            int (*cb)(ht_rec_kind, const char *, void *), void *ud, ht_error *e)
{
    hits h = {0};
    int rc, r = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        void *v = realloc(h.v, (h.n + 1) * HT_ID_MAX);
        if (!v) {
            r = ht_err(e, HT_ENOMEM, "out of memory");
            break;
        }
        h.v = v;
        snprintf(h.v[h.n++], HT_ID_MAX, "%s", (const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_reset(s);
    if (!r && rc != SQLITE_DONE)
        r = dberr(st, rc, "listing records", e);
    for (size_t i = 0; i < h.n && !r; i++)
        r = cb(k, h.v[i], ud);
    free(h.v);
    return r;
}

int ht_store_rec_list(ht_store *st, ht_rec_kind k, const ht_rec_filter *f,
                      int (*cb)(ht_rec_kind k, const char *id, void *ud), void *ud,
                      ht_error *e)
{
    sqlite3_stmt *s = st_stmt(st, LIST_SQL[k], e);
    if (!s)
        return e->code;
    sqlite3_bind_int(s, 1, f && f->all);
    st_bind_cstr(s, 2, f ? f->status : NULL);
    return collect_and_call(st, s, k, cb, ud, e);
}

typedef struct {
    int (*cb)(ht_rec_kind, const char *, void *);
    void *ud;
    size_t n;
} counter;

static int count_cb(ht_rec_kind k, const char *id, void *ud)
{
    counter *c = ud;
    c->n++;
    return c->cb(k, id, c->ud);
}

int ht_store_review_queue(ht_store *st, unsigned kinds, size_t limit,
                          int (*cb)(ht_rec_kind k, const char *id, void *ud), void *ud,
                          ht_error *e)
{
    /* In the order of the articles as they are named, then of the text. */
    static const char *const sql[] = {
        "SELECT id FROM parties r WHERE status = 'proposed' ORDER BY document IS NULL,"
        " (SELECT source FROM documents WHERE id = r.document), document, span_start, id"
        " LIMIT ?1",
        "SELECT id FROM people r WHERE status = 'proposed' ORDER BY document IS NULL,"
        " (SELECT source FROM documents WHERE id = r.document), document, span_start, id"
        " LIMIT ?1",
        "SELECT id FROM agreements r WHERE status = 'proposed' ORDER BY document IS NULL,"
        " (SELECT source FROM documents WHERE id = r.document), document, span_start, id"
        " LIMIT ?1",
        "SELECT id FROM activities r WHERE status = 'proposed' ORDER BY document IS NULL,"
        " (SELECT source FROM documents WHERE id = r.document), document, span_start, id"
        " LIMIT ?1",
    };
    static const ht_rec_kind order[] = {HT_REC_AGREEMENT, HT_REC_ACTIVITY, HT_REC_PERSON,
                                        HT_REC_PARTY};
    size_t left = limit ? limit : (size_t)-1;
    for (int i = 0; i < 4 && left; i++) {
        ht_rec_kind k = order[i];
        if (kinds && !(kinds & (1u << k)))
            continue;
        sqlite3_stmt *s = st_stmt(st, sql[k], e);
        if (!s)
            return e->code;
        sqlite3_bind_int64(s, 1, limit ? (long long)left : -1);
        counter c = {cb, ud, 0};
        int r = collect_and_call(st, s, k, count_cb, &c, e);
        if (r)
            return r;
        left = c.n >= left ? 0 : left - c.n;
    }
    return 0;
}

int ht_store_review_count(ht_store *st, size_t *n, ht_error *e)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT (SELECT count(*) FROM parties WHERE status = 'proposed')"
                                  " + (SELECT count(*) FROM people WHERE status = 'proposed')"
                                  " + (SELECT count(*) FROM agreements WHERE status = 'proposed')"
                                  " + (SELECT count(*) FROM activities WHERE status = 'proposed')", e);
    if (!s)
        return e->code;
    int rc = sqlite3_step(s);
    *n = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : dberr(st, rc, "counting the review queue", e);
}

int ht_store_history_json(ht_store *st, const char *record, ht_json *j, ht_error *e)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT id, record, action, before, after, user, at"
                                  " FROM history WHERE record = ?1 ORDER BY id", e);
    if (!s)
        return e->code;
    st_bind_cstr(s, 1, record);
    ht_json_arr(j);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        st_history_row(j, s);
    ht_json_arr_end(j);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : dberr(st, rc, "reading history", e);
}

void st_history_row(ht_json *j, sqlite3_stmt *s)
{
    ht_json_obj(j);
    key_col(j, "id", s, 0);
    key_col(j, "record", s, 1);
    key_col(j, "action", s, 2);
    ht_json_key(j, "before");
    json_raw_col(j, s, 3, "null");
    ht_json_key(j, "after");
    json_raw_col(j, s, 4, "null");
    key_col(j, "user", s, 5);
    key_col(j, "at", s, 6);
    ht_json_obj_end(j);
}

/* ---- what agreement statuses are derived from ---- */

/* The last successor of a party: the registry's successor, else the gazetteer's. */
static int last_successor(ht_store *st, const char *id, char out[HT_ID_MAX], ht_error *e)
{
    snprintf(out, HT_ID_MAX, "%s", id);
    for (int depth = 0; depth < 8; depth++) {
        char succ[HT_ID_MAX], vt[11];
        int r = party_succession(st, out, succ, vt, e);
        if (r)
            return r;
        if (!succ[0] || strcmp(succ, out) == 0)
            break;
        snprintf(out, HT_ID_MAX, "%s", succ);
    }
    return 0;
}

static int cmp_id(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

int ht_store_agreement_dates(ht_store *st, int (*cb)(const ht_store_agr_dates *a, void *ud),
                             void *ud, ht_error *e)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT a.id, a.kind, a.signed, a.term_from, a.term_to,"
                                  " (SELECT json_group_array(party) FROM agreement_parties"
                                  "  WHERE agreement = a.id AND party IS NOT NULL)"
                                  " FROM agreements a WHERE a.status IN ('proposed', 'confirmed')"
                                  " ORDER BY a.id", e);
    if (!s)
        return e->code;
    /* rows first: mapping successors reads the registry */
    typedef struct {
        char *id, *kind, *signed_on, *parties;
        long long from, to;
    } row;
    row *rows = NULL;
    size_t n = 0;
    int rc, r = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        void *v = realloc(rows, (n + 1) * sizeof *rows);
        if (!v) {
            r = ht_err(e, HT_ENOMEM, "out of memory");
            break;
        }
        rows = v;
        row *w = &rows[n++];
        const char *sg = (const char *)sqlite3_column_text(s, 2);
        w->id = strdup((const char *)sqlite3_column_text(s, 0));
        w->kind = strdup((const char *)sqlite3_column_text(s, 1));
        w->signed_on = sg ? strdup(sg) : NULL;
        w->parties = strdup((const char *)sqlite3_column_text(s, 5));
        w->from = sqlite3_column_int64(s, 3);
        w->to = sqlite3_column_int64(s, 4);
        if (!w->id || !w->kind || (sg && !w->signed_on) || !w->parties)
            r = ht_err(e, HT_ENOMEM, "out of memory");
    }
    sqlite3_reset(s);
    if (!r && rc != SQLITE_DONE)
        r = dberr(st, rc, "reading agreements", e);
    for (size_t i = 0; i < n && !r; i++) {
        /* the parties: a JSON array of ids written by json_group_array */
        char (*ids)[HT_ID_MAX] = NULL;
        size_t np = 0;
        const char *p = rows[i].parties;
        while (!r && (p = strchr(p, '"'))) {
            const char *q = strchr(p + 1, '"');
            if (!q)
                break;
            char raw[HT_ID_MAX];
            snprintf(raw, sizeof raw, "%.*s", (int)(q - p - 1), p + 1);
            void *v = realloc(ids, (np + 1) * HT_ID_MAX);
            if (!v) {
                r = ht_err(e, HT_ENOMEM, "out of memory");
                break;
            }
            ids = v;
            r = last_successor(st, raw, ids[np++], e);
            p = q + 1;
        }
        if (r) {
            free(ids);
            break;
        }
        qsort(ids, np, HT_ID_MAX, cmp_id);
        const char **pv = calloc(np + 1, sizeof *pv);
        size_t k = 0;
        for (size_t q = 0; pv && q < np; q++)
            if (!k || strcmp(pv[k - 1], ids[q]) != 0)
                pv[k++] = ids[q];
        ht_store_agr_dates a = {rows[i].id, rows[i].kind, rows[i].signed_on, rows[i].from,
                                rows[i].to, pv, k};
        r = pv ? cb(&a, ud) : ht_err(e, HT_ENOMEM, "out of memory");
        free(pv);
        free(ids);
    }
    for (size_t i = 0; i < n; i++) {
        free(rows[i].id);
        free(rows[i].kind);
        free(rows[i].signed_on);
        free(rows[i].parties);
    }
    free(rows);
    return r;
}
