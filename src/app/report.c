/* The reports read from the registry (see report.h): plain read-only SQL against the
 * store's schema feeds the pure builders of src/report/, with parties resolved through
 * the registry and the gazetteer (names, succession, parents). */
#include "report.h"

#include "../base/data.h"
#include "../base/json.h"
#include "../report/calendar.h"
#include "../report/dates.h"
#include "../report/events.h"
#include "../report/match.h"
#include "../report/vocab.h"
#include "../text/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern const ht_data_table ht_data_gazetteer;

#define LIVE "status IN ('proposed', 'confirmed')"
#define MAX_FAMILY 4096 /* parties one party may stand for */
#define MAX_CHAIN 16    /* steps along successor or parent links */

/* ---- small vectors ---- */

/* Appends a zeroed element to the array whose pointer is at pv (any T **: read and
 * written as bytes, so that no pointer type is accessed as another). */
static void *vec_push(void *pv, size_t *n, size_t *cap, size_t elem)
{
    char *v;
    memcpy(&v, pv, sizeof v);
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 16;
        char *p = realloc(v, c * elem);
        if (!p)
            return NULL;
        v = p;
        memcpy(pv, &v, sizeof v);
        *cap = c;
    }
    void *slot = v + (*n)++ * elem;
    memset(slot, 0, elem);
    return slot;
}

/* ---- the query context ---- */

typedef struct {
    const char *id, *name, *kind, *country, *parent, *successor, *merged;
    bool in_registry, known;
} pinfo;

#define NSTMT 48

typedef struct {
    const char *to, *from, *name; /* from is a predecessor or member of to */
    bool pred;
} edge;

typedef struct {
    ht_store *st;
    sqlite3 *db;
    ht_error *e;
    ht_arena ar;
    /* columns that later schemas add */
    bool has_tasks, has_summary, has_doc_deleted, has_merged;
    bool began; /* the read transaction is ours */
    const char *sql_agr, *sql_act, *sql_src;
    struct {
        const char *sql;
        sqlite3_stmt *s;
    } stmt[NSTMT];
    int nstmt;
    /* parties read so far, by id (open addressing) */
    pinfo **pmap;
    size_t pcap, pn;
    edge *edges;
    size_t nedges;
    bool edges_loaded;
    uint32_t *gz_ids; /* gazetteer rows by id */
} rq;

static int nomem(rq *q) { return ht_err(q->e, HT_ENOMEM, "out of memory"); }

static int dberr(rq *q, int rc, const char *what) { return ht_store_error(q->st, rc, what, q->e); }

static char *adup(rq *q, const char *s)
{
    return s ? ht_arena_strndup(&q->ar, s, strlen(s)) : NULL;
}

/* The prepared statement of sql (cached by address), reset, bindings cleared. */
static sqlite3_stmt *S(rq *q, const char *sql)
{
    for (int i = 0; i < q->nstmt; i++)
        if (q->stmt[i].sql == sql) {
            sqlite3_reset(q->stmt[i].s);
            sqlite3_clear_bindings(q->stmt[i].s);
            return q->stmt[i].s;
        }
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK) {
        dberr(q, rc, "preparing a report query");
        return NULL;
    }
    if (q->nstmt == NSTMT) {
        sqlite3_finalize(s);
        ht_err(q->e, HT_ELIMIT, "too many report queries");
        return NULL;
    }
    q->stmt[q->nstmt].sql = sql;
    q->stmt[q->nstmt++].s = s;
    return s;
}

static void bind(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

static char *col(rq *q, sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? ht_arena_strndup(&q->ar, (const char *)t, (size_t)sqlite3_column_bytes(s, i))
             : NULL;
}

static bool has_column(sqlite3 *db, const char *table, const char *column)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", -1, &s,
                           NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, column, -1, SQLITE_STATIC);
    bool yes = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return yes;
}

static char *aprintf(rq *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *aprintf(rq *q, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = ht_arena_alloc(&q->ar, (size_t)n + 1);
    if (p) {
        va_start(ap, fmt);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return p;
}

static int rq_open(rq *q, ht_store *st, ht_error *e)
{
    memset(q, 0, sizeof *q);
    q->st = st;
    q->db = ht_store_db(st);
    q->e = e;
    q->has_tasks = has_column(q->db, "activities", "tasks");
    q->has_summary = has_column(q->db, "activities", "summary");
    q->has_doc_deleted = has_column(q->db, "documents", "deleted");
    q->has_merged = has_column(q->db, "parties", "merged_into");
    q->sql_agr = aprintf(q,
                         "SELECT id, kind, title, signed, signed_inferred, place, term_from,"
                         " term_to, tasks_declared, fields, document, span_start, span_end,"
                         " created FROM agreements WHERE " LIVE
                         " AND (?1 IS NULL OR id IN (SELECT agreement FROM agreement_parties"
                         " WHERE party IN (SELECT value FROM json_each(?1))))"
                         " AND (?2 IS NULL OR id IN (SELECT agreement FROM agreement_parties"
                         " WHERE party IN (SELECT value FROM json_each(?2))))"
                         " AND (?3 IS NULL OR id = ?3) ORDER BY id");
    q->sql_act = aprintf(q,
                         "SELECT id, kind, date, date_inferred, place, agreement, fields,"
                         " commitments, document, span_start, span_end, created, %s, %s"
                         " FROM activities WHERE " LIVE
                         " AND (?1 IS NULL OR id IN (SELECT activity FROM activity_parties"
                         " WHERE party IN (SELECT value FROM json_each(?1)))"
                         "   OR (?3 IS NOT NULL AND agreement = ?3))"
                         " AND (?2 IS NULL OR id IN (SELECT activity FROM activity_parties"
                         " WHERE party IN (SELECT value FROM json_each(?2)))) ORDER BY id",
                         q->has_tasks ? "tasks" : "'[]'", q->has_summary ? "summary" : "NULL");
    q->sql_src = aprintf(q,
                         "SELECT coalesce(d.url, d.source), coalesce(d.published, ''), d.id"
                         " FROM sources s JOIN documents d ON d.id = s.document"
                         " WHERE s.record = ?1%s",
                         q->has_doc_deleted ? " AND d.deleted = 0" : "");
    if (!q->sql_agr || !q->sql_act || !q->sql_src)
        return nomem(q);
    /* one read transaction: a report sees one state of the registry, and its many small
     * queries do not each take and release the lock */
    if (sqlite3_get_autocommit(q->db)) {
        int rc = sqlite3_exec(q->db, "BEGIN", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            return dberr(q, rc, "starting to read");
        q->began = true;
    }
    return 0;
}

static void rq_close(rq *q)
{
    for (int i = 0; i < q->nstmt; i++)
        sqlite3_finalize(q->stmt[i].s);
    if (q->began)
        sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL);
    free(q->pmap);
    free(q->edges);
    free(q->gz_ids);
    ht_arena_free(&q->ar);
}

/* ---- parties: the registry, else the gazetteer ---- */

static const char *gz(long row, const char *c)
{
    int k = ht_data_col(&ht_data_gazetteer, c);
    if (row < 0 || k < 0)
        return NULL;
    const char *v = ht_data_cell(&ht_data_gazetteer, (size_t)row, (size_t)k);
    return *v ? v : NULL;
}

static int gz_id_cmp(const void *pa, const void *pb)
{
    int k = ht_data_col(&ht_data_gazetteer, "id");
    return strcmp(ht_data_cell(&ht_data_gazetteer, *(const uint32_t *)pa, (size_t)k),
                  ht_data_cell(&ht_data_gazetteer, *(const uint32_t *)pb, (size_t)k));
}

/* The gazetteer row of an id (rows sorted by id once per query context), or -1. */
static long gz_row(rq *q, const char *id)
{
    const ht_data_table *g = &ht_data_gazetteer;
    int k = ht_data_col(g, "id");
    if (k < 0)
        return -1;
    if (!q->gz_ids) {
        if (!(q->gz_ids = malloc((g->nrows + 1) * sizeof *q->gz_ids)))
            return -1;
        for (size_t r = 0; r < g->nrows; r++)
            q->gz_ids[r] = (uint32_t)r;
        qsort(q->gz_ids, g->nrows, sizeof *q->gz_ids, gz_id_cmp);
    }
    size_t lo = 0, hi = g->nrows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ht_data_cell(g, q->gz_ids[mid], (size_t)k), id);
        if (c == 0)
            return (long)q->gz_ids[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

static int pmap_put(rq *q, pinfo *p)
{
    if (2 * (q->pn + 1) > q->pcap) {
        size_t cap = q->pcap ? 2 * q->pcap : 256;
        pinfo **m = calloc(cap, sizeof *m);
        if (!m)
            return nomem(q);
        for (size_t i = 0; i < q->pcap; i++)
            if (q->pmap[i]) {
                size_t k = hash_str(q->pmap[i]->id) & (cap - 1);
                while (m[k])
                    k = (k + 1) & (cap - 1);
                m[k] = q->pmap[i];
            }
        free(q->pmap);
        q->pmap = m;
        q->pcap = cap;
    }
    size_t k = hash_str(p->id) & (q->pcap - 1);
    while (q->pmap[k])
        k = (k + 1) & (q->pcap - 1);
    q->pmap[k] = p;
    q->pn++;
    return 0;
}

/* The party id as the registry or the gazetteer knows it (known false when neither
 * does: name is then the id); NULL on error. */
static pinfo *party(rq *q, const char *id)
{
    if (q->pcap) {
        size_t k = hash_str(id) & (q->pcap - 1);
        for (; q->pmap[k]; k = (k + 1) & (q->pcap - 1))
            if (strcmp(q->pmap[k]->id, id) == 0)
                return q->pmap[k];
    }
    pinfo *p = ht_arena_alloc(&q->ar, sizeof *p);
    if (!p || !(p->id = adup(q, id))) {
        nomem(q);
        return NULL;
    }
    sqlite3_stmt *s = S(q, q->has_merged
                               ? "SELECT name, kind, country, parent, successor, merged_into"
                                 " FROM parties WHERE id = ?1"
                               : "SELECT name, kind, country, parent, successor, NULL"
                                 " FROM parties WHERE id = ?1");
    if (!s)
        return NULL;
    bind(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        p->name = col(q, s, 0);
        p->kind = col(q, s, 1);
        p->country = col(q, s, 2);
        p->parent = col(q, s, 3);
        p->successor = col(q, s, 4);
        p->merged = col(q, s, 5);
        p->in_registry = p->known = true;
    } else if (rc != SQLITE_DONE) {
        dberr(q, rc, "reading a party");
        return NULL;
    }
    long row = gz_row(q, id);
    if (row >= 0) {
        p->known = true;
        if (!p->name || !*p->name)
            p->name = gz(row, "name_vi");
        if (!p->kind || !*p->kind)
            p->kind = gz(row, "kind");
        if (!p->country)
            p->country = gz(row, "country");
        if (!p->parent)
            p->parent = gz(row, "parent");
        if (!p->successor)
            p->successor = gz(row, "successor");
    }
    if (!p->name || !*p->name)
        p->name = p->id;
    if (!p->kind)
        p->kind = "";
    return pmap_put(q, p) ? NULL : p;
}

/* The party that now stands for id: merges, then the successor chain. */
static const char *final_party(rq *q, const char *id)
{
    for (int i = 0; i < MAX_CHAIN; i++) {
        pinfo *p = party(q, id);
        if (!p)
            return NULL;
        const char *next = p->merged ? p->merged : p->successor;
        if (!next || !*next || strcmp(next, id) == 0)
            return p->id;
        id = next;
    }
    return id;
}

static bool is_sub_kind(const char *kind)
{
    return strcmp(kind, "organisation") == 0 || strcmp(kind, "district") == 0 ||
           strcmp(kind, "commune") == 0;
}

/* The province (or country) an organisation, district or commune belongs to, after
 * succession: what two records must share to be about the same locality. */
static const char *root_party(rq *q, const char *id)
{
    for (int i = 0; i < MAX_CHAIN; i++) {
        pinfo *p = party(q, id);
        if (!p)
            return NULL;
        if (!is_sub_kind(p->kind) || !p->parent || !*p->parent)
            break;
        id = p->parent;
    }
    return final_party(q, id);
}

/* The province code of a party for CAMEO actor codes: itself when a province, else the
 * first province up its parents. */
static const char *region_of(rq *q, const char *id)
{
    for (int i = 0; i < MAX_CHAIN && id; i++) {
        pinfo *p = party(q, id);
        if (!p)
            return NULL;
        if (strcmp(p->kind, "province") == 0)
            return p->id;
        if (strcmp(p->kind, "country") == 0)
            return NULL;
        id = p->parent;
    }
    return NULL;
}

/* ---- families: a party with its predecessors and members ---- */

typedef struct {
    const char *id;
    const char *via; /* the party it came through, NULL for the party itself */
    int depth;
    bool predecessor;
} member;

typedef struct {
    member *v;
    size_t n, cap;
    char *json; /* the ids as a JSON array, for json_each() */
} family;

static const member *family_find(const family *f, const char *id)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->v[i].id, id) == 0)
            return &f->v[i];
    return NULL;
}

static int family_add(rq *q, family *f, const char *id, const char *via, int depth, bool pred)
{
    if (family_find(f, id))
        return 0;
    if (f->n >= MAX_FAMILY)
        return ht_err(q->e, HT_ELIMIT, "party %s stands for more than %d parties", f->v[0].id,
                      MAX_FAMILY);
    member *m = vec_push(&f->v, &f->n, &f->cap, sizeof *m);
    if (!m || !(m->id = adup(q, id)))
        return nomem(q);
    m->via = via;
    m->depth = depth;
    m->predecessor = pred;
    return 0;
}

static void family_free(family *f)
{
    free(f->v);
    free(f->json);
    memset(f, 0, sizeof *f);
}

static int edge_cmp(const void *pa, const void *pb)
{
    const edge *a = pa, *b = pb;
    int c = strcmp(a->to, b->to);
    return c ? c : strcmp(a->from, b->from);
}

static int edge_add(rq *q, size_t *cap, const char *to, const char *from, const char *name,
                    bool pred)
{
    edge *e = vec_push(&q->edges, &q->nedges, cap, sizeof *e);
    if (!e)
        return nomem(q);
    *e = (edge){to, from, name, pred};
    return 0;
}

/* The links that make a family, read once: successor (a predecessor merged into its
 * successor), merged_into, and parent for organisations, districts and communes, from
 * the gazetteer and the registry; sorted by the party they lead to. */
static int load_edges(rq *q)
{
    if (q->edges_loaded)
        return 0;
    q->edges_loaded = true;
    size_t cap = 0;
    const ht_data_table *g = &ht_data_gazetteer;
    int kid = ht_data_col(g, "id"), ksucc = ht_data_col(g, "successor"),
        kpar = ht_data_col(g, "parent"), kkind = ht_data_col(g, "kind"),
        kname = ht_data_col(g, "name_vi");
    int r = 0;
    for (size_t i = 0; i < g->nrows && !r; i++) {
        const char *id = ht_data_cell(g, i, (size_t)kid), *name = ht_data_cell(g, i, (size_t)kname);
        const char *succ = ht_data_cell(g, i, (size_t)ksucc), *par = ht_data_cell(g, i, (size_t)kpar);
        if (*succ)
            r = edge_add(q, &cap, succ, id, name, true);
        else if (*par && is_sub_kind(ht_data_cell(g, i, (size_t)kkind)))
            r = edge_add(q, &cap, par, id, name, false);
    }
    sqlite3_stmt *s = S(q, q->has_merged
                               ? "SELECT id, name, successor, parent, kind, merged_into FROM parties"
                                 " WHERE successor IS NOT NULL OR merged_into IS NOT NULL OR"
                                 " (parent IS NOT NULL AND kind IN ('organisation', 'district',"
                                 " 'commune'))"
                               : "SELECT id, name, successor, parent, kind, NULL FROM parties"
                                 " WHERE successor IS NOT NULL OR (parent IS NOT NULL AND kind IN"
                                 " ('organisation', 'district', 'commune'))");
    if (!s)
        return q->e->code;
    int rc;
    while (!r && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        char *id = col(q, s, 0), *name = col(q, s, 1), *succ = col(q, s, 2), *par = col(q, s, 3),
             *kind = col(q, s, 4), *merged = col(q, s, 5);
        if (!id)
            continue;
        if (!name)
            name = id;
        if (merged && *merged)
            r = edge_add(q, &cap, merged, id, name, false);
        else if (succ && *succ)
            r = edge_add(q, &cap, succ, id, name, true);
        else if (par && *par && kind && is_sub_kind(kind))
            r = edge_add(q, &cap, par, id, name, false);
    }
    if (!r && rc != SQLITE_DONE)
        r = dberr(q, rc, "reading the links between parties");
    sqlite3_reset(s);
    if (!r && q->nedges > 1)
        qsort(q->edges, q->nedges, sizeof *q->edges, edge_cmp);
    return r;
}

static int family_of(rq *q, const char *root, family *f)
{
    memset(f, 0, sizeof *f);
    int r = load_edges(q);
    if (!r)
        r = family_add(q, f, root, NULL, 0, false);
    for (size_t i = 0; i < f->n && !r; i++) {
        const char *id = f->v[i].id;
        int depth = f->v[i].depth;
        const char *via = f->v[i].via;
        /* the first edge leading to id */
        size_t lo = 0, hi = q->nedges;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(q->edges[mid].to, id) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < q->nedges && !r && strcmp(q->edges[k].to, id) == 0; k++) {
            const edge *e = &q->edges[k];
            r = family_add(q, f, e->from, depth ? via : e->name, depth + 1, e->pred);
        }
    }
    if (r)
        return r;
    ht_buf b = {0};
    int err = ht_buf_putc(&b, '[');
    for (size_t i = 0; i < f->n; i++) {
        if (i)
            err |= ht_buf_putc(&b, ',');
        err |= ht_buf_putc(&b, '"');
        err |= ht_json_escape(&b, f->v[i].id, strlen(f->v[i].id));
        err |= ht_buf_putc(&b, '"');
    }
    err |= ht_buf_putc(&b, ']');
    if (err) {
        ht_buf_free(&b);
        return nomem(q);
    }
    f->json = ht_buf_take(&b);
    return 0;
}

/* ---- finding parties and agreements by name ---- */

static char *fold(const char *s)
{
    ht_buf b = {0};
    if (ht_text_fold(s, strlen(s), &b) || ht_buf_putc(&b, 0)) {
        ht_buf_free(&b);
        return NULL;
    }
    return b.p;
}

typedef struct {
    const char **v;
    size_t n, cap;
} strv;

static int strv_add_unique(rq *q, strv *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->v[i], s) == 0)
            return 0;
    const char **slot = vec_push(&v->v, &v->n, &v->cap, sizeof *slot);
    if (!slot || !(*slot = adup(q, s)))
        return nomem(q);
    return 0;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Writes "a, b, c (and N more)" of the candidates into the error. */
static int ambiguous(rq *q, const char *what, const char *arg, const strv *c,
                     const char *(*describe)(rq *, const char *))
{
    char list[400] = "";
    size_t k = 0, shown = 0;
    for (size_t i = 0; i < c->n && k < sizeof list - 80; i++, shown++) {
        const char *d = describe(q, c->v[i]);
        int w = snprintf(list + k, sizeof list - k, "%s%s", i ? "; " : "", d ? d : c->v[i]);
        if (w < 0 || (size_t)w >= sizeof list - k)
            break;
        k += (size_t)w;
    }
    if (shown < c->n)
        snprintf(list + k, sizeof list - k, "; and %zu more", c->n - shown);
    return ht_err(q->e, HT_EINVAL, "'%s' names %zu %s: %s; give an id", arg, c->n, what, list);
}

static const char *describe_party(rq *q, const char *id)
{
    pinfo *p = party(q, id);
    if (!p)
        return NULL;
    if (p->country && strcmp(p->kind, "country") != 0)
        return aprintf(q, "%s (%s, %s, %s)", id, p->name, p->kind, p->country);
    return aprintf(q, "%s (%s, %s)", id, p->name, p->kind);
}

/* Candidates for q: registry names and aliases, the gazetteer's names. */
static int party_candidates(rq *q, const char *arg, strv *out)
{
    char *f = fold(arg);
    if (!f)
        return nomem(q);
    int r = 0;
    sqlite3_stmt *s = S(q, "SELECT id FROM parties WHERE folded = ?1 AND " LIVE
                           " UNION SELECT a.record FROM aliases a JOIN parties p ON p.id = a.record"
                           " WHERE a.kind = 'party' AND a.folded = ?1 AND p." LIVE " ORDER BY 1");
    if (!s) {
        free(f);
        return q->e->code;
    }
    bind(s, 1, f);
    int rc;
    while (!r && (rc = sqlite3_step(s)) == SQLITE_ROW)
        r = strv_add_unique(q, out, (const char *)sqlite3_column_text(s, 0));
    if (!r && rc != SQLITE_DONE)
        r = dberr(q, rc, "finding a party");
    sqlite3_reset(s);
    size_t first, n = *f ? ht_data_lookup(&ht_data_gazetteer, f, strlen(f), &first) : 0;
    int kid = ht_data_col(&ht_data_gazetteer, "id");
    for (size_t i = 0; i < n && !r; i++)
        r = strv_add_unique(q, out,
                            ht_data_cell(&ht_data_gazetteer, ht_data_gazetteer.keys[first + i].row,
                                         (size_t)kid));
    free(f);
    /* a record merged into another is found as the survivor */
    for (size_t i = 0; i < out->n && !r; i++) {
        pinfo *p = party(q, out->v[i]);
        if (!p)
            return q->e->code;
        if (p->merged && *p->merged)
            out->v[i] = p->merged;
    }
    for (size_t i = 0; i < out->n; i++)
        for (size_t j = i + 1; j < out->n;)
            if (strcmp(out->v[i], out->v[j]) == 0)
                out->v[j] = out->v[--out->n];
            else
                j++;
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, cmp_cstr);
    return r;
}

static int find_party(rq *q, const char *arg, char id[HT_ID_MAX])
{
    if (!arg || !*arg)
        return ht_err(q->e, HT_EINVAL, "no party given");
    /* an id of the registry or the gazetteer (codes in any case: "vn-dlk") */
    size_t n = strlen(arg);
    if (n < HT_ID_MAX) {
        char up[HT_ID_MAX];
        bool code = strncmp(arg, "org-", 4) != 0;
        for (size_t i = 0; i <= n; i++)
            up[i] = (char)(code && arg[i] >= 'a' && arg[i] <= 'z' ? arg[i] - 'a' + 'A' : arg[i]);
        const char *tries[] = {arg, up};
        for (int t = 0; t < 2; t++) {
            pinfo *p = party(q, tries[t]);
            if (!p)
                return q->e->code;
            if (p->known) {
                snprintf(id, HT_ID_MAX, "%s", p->merged && *p->merged ? p->merged : p->id);
                return 0;
            }
        }
    }
    strv c = {0};
    int r = party_candidates(q, arg, &c);
    if (!r && c.n == 0 && n >= 6 && n < HT_ID_MAX) {
        /* a unique prefix of an id */
        sqlite3_stmt *s = S(q, "SELECT id FROM parties WHERE substr(id, 1, length(?1)) = ?1"
                               " ORDER BY id LIMIT 6");
        if (!s)
            r = q->e->code;
        else {
            bind(s, 1, arg);
            int rc;
            while (!r && (rc = sqlite3_step(s)) == SQLITE_ROW)
                r = strv_add_unique(q, &c, (const char *)sqlite3_column_text(s, 0));
            if (!r && rc != SQLITE_DONE)
                r = dberr(q, rc, "finding a party");
            sqlite3_reset(s);
        }
    }
    if (!r && c.n == 1)
        snprintf(id, HT_ID_MAX, "%s", c.v[0]);
    else if (!r && c.n > 1)
        r = ambiguous(q, "parties", arg, &c, describe_party);
    else if (!r)
        r = ht_err(q->e, HT_ENOTFOUND,
                   "no party named '%s' in the registry or the gazetteer (try 'hoptac search')",
                   arg);
    free(c.v);
    return r;
}

int ht_app_find_party(ht_store *st, const char *qs, char id[HT_ID_MAX], ht_error *e)
{
    rq q;
    int r = rq_open(&q, st, e);
    if (!r)
        r = find_party(&q, qs, id);
    rq_close(&q);
    return r;
}

/* ---- records ---- */

typedef struct {
    const char *name; /* as written */
    const char *id;   /* the party record, NULL when unresolved */
} rparty;

typedef struct {
    bool agreement;
    char *id, *kind, *title, *place, *summary, *agr, *fields, *commitments, *tasks;
    char *doc, *created;
    long long s0, s1;
    ht_report_date date;       /* of the activity, or the signing */
    ht_report_date from, to;   /* term */
    int declared;              /* tasks declared, -1 when unknown */
    rparty *p;
    size_t np;
    const char **src;
    size_t nsrc;
    const char *display;       /* parties for display */
    const char *label;         /* title for display */
} rec;

typedef struct {
    rec *v;
    size_t n, cap;
} recv;

static void recv_free(recv *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->v[i].p);
        free(v->v[i].src);
    }
    free(v->v);
    memset(v, 0, sizeof *v);
}

static ht_report_date date_of(const char *s, bool inferred)
{
    ht_report_date d = {0};
    if (s && *s && ht_report_date_parse(s, strlen(s), inferred, &d, NULL))
        memset(&d, 0, sizeof d);
    return d;
}

static int kind_rank(const char *kind)
{
    static const char *const order[] = {"country", "province", "district", "commune",
                                        "organisation"};
    for (int i = 0; i < 5; i++)
        if (strcmp(kind, order[i]) == 0)
            return i;
    return 5;
}

/* Vietnamese parties first, localities before their organisations, then by name: "Đắk
 * Lắk – Hội hữu nghị Việt Nam – Lào tỉnh Đắk Lắk – Sê Kông – ...". */
static int display_cmp(rq *q, const rparty *a, const rparty *b)
{
    pinfo *pa = a->id ? party(q, a->id) : NULL, *pb = b->id ? party(q, b->id) : NULL;
    bool va = pa && pa->country && strcmp(pa->country, "VN") == 0;
    bool vb = pb && pb->country && strcmp(pb->country, "VN") == 0;
    if (va != vb)
        return va ? -1 : 1;
    int ka = pa ? kind_rank(pa->kind) : 6, kb = pb ? kind_rank(pb->kind) : 6;
    if (ka != kb)
        return ka - kb;
    return strcmp(pa ? pa->name : a->name, pb ? pb->name : b->name);
}

/* The parties of a record, one entry per party record. source_order: in the order of
 * its primary source (Actor1 first, for event rows), the others after them by name;
 * else, and for a record entered by hand (the store keeps no order), in display order:
 * the Vietnamese side first. */
static int load_parties(rq *q, rec *r, bool source_order)
{
    sqlite3_stmt *s = S(q, r->agreement ? "SELECT name, party FROM agreement_parties"
                                          " WHERE agreement = ?1 ORDER BY name"
                                        : "SELECT name, party FROM activity_parties"
                                          " WHERE activity = ?1 ORDER BY name");
    if (!s)
        return q->e->code;
    bind(s, 1, r->id);
    rparty *all = NULL;
    size_t n = 0, cap = 0;
    int rc, err = 0;
    while (!err && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        rparty *p = vec_push(&all, &n, &cap, sizeof *p);
        if (!p || !(p->name = col(q, s, 0)))
            err = nomem(q);
        else
            p->id = col(q, s, 1);
    }
    if (!err && rc != SQLITE_DONE)
        err = dberr(q, rc, "reading the parties of a record");
    sqlite3_reset(s);
    /* the order of the primary source */
    if (!err && source_order && r->doc && n > 1) {
        s = S(q, "SELECT j.value FROM sources s, json_each(s.data, '$.parties') j"
                 " WHERE s.record = ?1 AND s.document = ?2 AND s.span_start = ?3"
                 " AND s.span_end = ?4 AND json_valid(s.data) ORDER BY j.key");
        if (!s)
            err = q->e->code;
        else {
            bind(s, 1, r->id);
            bind(s, 2, r->doc);
            sqlite3_bind_int64(s, 3, r->s0);
            sqlite3_bind_int64(s, 4, r->s1);
            size_t k = 0;
            while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                const char *nm = (const char *)sqlite3_column_text(s, 0);
                for (size_t i = k; nm && i < n; i++)
                    if (strcmp(all[i].name, nm) == 0) {
                        rparty t = all[i];
                        memmove(all + k + 1, all + k, (i - k) * sizeof *all);
                        all[k++] = t;
                        break;
                    }
            }
            if (rc != SQLITE_DONE)
                err = dberr(q, rc, "reading the source of a record");
            sqlite3_reset(s);
        }
    }
    /* one entry per party record */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool dup = false;
        for (size_t j = 0; j < k && !dup; j++)
            dup = all[i].id ? all[j].id && strcmp(all[i].id, all[j].id) == 0
                            : !all[j].id && strcmp(all[i].name, all[j].name) == 0;
        if (!dup)
            all[k++] = all[i];
    }
    /* insertion sort: a record has a handful of parties */
    for (size_t i = 1; !err && (!source_order || !r->doc) && i < k; i++)
        for (size_t j = i; j > 0 && display_cmp(q, &all[j - 1], &all[j]) > 0; j--) {
            rparty t = all[j];
            all[j] = all[j - 1];
            all[j - 1] = t;
        }
    r->p = all;
    r->np = k;
    return err;
}

typedef struct {
    const char *src, *published, *doc;
} srcrow;

static int srcrow_cmp(const void *pa, const void *pb)
{
    const srcrow *a = pa, *b = pb;
    int c = strcmp(a->published, b->published);
    return c ? c : strcmp(a->doc, b->doc);
}

/* The documents that report a record, by date of publication (unknown first), each
 * once: their URL, else their origin. */
static int load_sources(rq *q, rec *r)
{
    sqlite3_stmt *s = S(q, q->sql_src);
    if (!s)
        return q->e->code;
    bind(s, 1, r->id);
    srcrow *v = NULL;
    size_t n = 0, cap = 0;
    int rc, err = 0;
    while (!err && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        srcrow *x = vec_push(&v, &n, &cap, sizeof *x);
        if (!x || !(x->src = col(q, s, 0)) || !(x->published = col(q, s, 1)) ||
            !(x->doc = col(q, s, 2)))
            err = nomem(q);
    }
    if (!err && rc != SQLITE_DONE)
        err = dberr(q, rc, "reading the sources of a record");
    sqlite3_reset(s);
    if (!err && n > 1)
        qsort(v, n, sizeof *v, srcrow_cmp);
    if (!err && n && !(r->src = malloc(n * sizeof *r->src)))
        err = nomem(q);
    for (size_t i = 0; i < n && !err; i++)
        if (!i || strcmp(v[i].doc, v[i - 1].doc) != 0)
            r->src[r->nsrc++] = v[i].src;
    free(v);
    return err;
}

static const char *party_name(rq *q, const rparty *p)
{
    if (!p->id)
        return p->name;
    pinfo *i = party(q, p->id);
    return i ? i->name : p->name;
}

/* "Đắk Lắk – Sê Kông": the parties' record names, each once. */
static int make_display(rq *q, rec *r)
{
    ht_buf b = {0};
    const char **seen = calloc(r->np + 1, sizeof *seen);
    size_t ns = 0;
    int err = seen ? 0 : 1;
    for (size_t i = 0; i < r->np && !err; i++) {
        const char *nm = party_name(q, &r->p[i]);
        bool dup = false;
        for (size_t j = 0; j < ns && !dup; j++)
            dup = strcmp(seen[j], nm) == 0;
        if (dup)
            continue;
        seen[ns++] = nm;
        if (b.n)
            err |= ht_buf_puts(&b, " \xE2\x80\x93 ");
        err |= ht_buf_puts(&b, nm);
    }
    free(seen);
    if (!err)
        r->display = b.p ? adup(q, b.p) : "";
    ht_buf_free(&b);
    return err || !r->display ? nomem(q) : 0;
}

/* Appends the strings of a JSON array of strings, joined by sep. */
static int join_json(rq *q, ht_buf *b, const char *json, const char *sep)
{
    if (!json || strcmp(json, "[]") == 0)
        return 0;
    sqlite3_stmt *s = S(q, "SELECT value FROM json_each(?1) WHERE json_valid(?1)"
                           " AND type = 'text' ORDER BY key");
    if (!s)
        return q->e->code;
    bind(s, 1, json);
    int rc, err = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (b->n)
            err |= ht_buf_puts(b, sep);
        err |= ht_buf_puts(b, (const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return dberr(q, rc, "reading a list");
    return err ? nomem(q) : 0;
}

/* The title shown for a record: an agreement's title (or kind) with its term; an
 * activity's summary, else its kind and commitments. */
static int make_label(rq *q, rec *r)
{
    ht_buf b = {0};
    int err = 0;
    if (r->agreement) {
        const char *t = r->title && *r->title ? r->title
                                              : ht_report_label("agreement_kind", r->kind, "vi");
        err |= ht_buf_puts(&b, t);
        char term[80], year[8];
        snprintf(year, sizeof year, "%d", r->from.year);
        if (ht_report_term_text(r->from, r->to, term) && !(r->from.year && strstr(t, year)))
            err |= ht_buf_printf(&b, " %s", term);
    } else if (r->summary && *r->summary) {
        err |= ht_buf_puts(&b, r->summary);
    } else {
        ht_buf c = {0};
        int e2 = join_json(q, &c, r->commitments, "; ");
        if (e2) {
            ht_buf_free(&b);
            ht_buf_free(&c);
            return e2;
        }
        err |= ht_buf_puts(&b, ht_report_label("activity_kind", r->kind, "vi"));
        if (c.n)
            err |= ht_buf_printf(&b, ": %s", c.p);
        ht_buf_free(&c);
    }
    if (!err)
        r->label = adup(q, b.p ? b.p : "");
    ht_buf_free(&b);
    return err || !r->label ? nomem(q) : 0;
}

/* Reads agreements (agreement true) or activities: those with a party among f1 (NULL:
 * any), and among f2 when given; only_agr: one agreement, or (activities) those linked
 * to it as well. load_rows reads their own columns, load_records all of them. */
static int load_rows(rq *q, bool agreement, const char *f1, const char *f2,
                     const char *only_agr, recv *out)
{
    sqlite3_stmt *s = S(q, agreement ? q->sql_agr : q->sql_act);
    if (!s)
        return q->e->code;
    bind(s, 1, f1);
    bind(s, 2, f2);
    bind(s, 3, only_agr);
    int rc, err = 0;
    while (!err && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        rec *r = vec_push(&out->v, &out->n, &out->cap, sizeof *r);
        if (!r) {
            err = nomem(q);
            break;
        }
        r->agreement = agreement;
        r->id = col(q, s, 0);
        r->kind = col(q, s, 1);
        if (!r->kind)
            r->kind = "other";
        r->declared = -1;
        if (agreement) {
            r->title = col(q, s, 2);
            r->date = date_of((const char *)sqlite3_column_text(s, 3), sqlite3_column_int(s, 4));
            r->place = col(q, s, 5);
            if (sqlite3_column_type(s, 6) == SQLITE_INTEGER)
                r->from = ht_report_date_year(sqlite3_column_int(s, 6));
            if (sqlite3_column_type(s, 7) == SQLITE_INTEGER)
                r->to = ht_report_date_year(sqlite3_column_int(s, 7));
            if (sqlite3_column_type(s, 8) == SQLITE_INTEGER)
                r->declared = sqlite3_column_int(s, 8);
            r->fields = col(q, s, 9);
            r->doc = col(q, s, 10);
            r->s0 = sqlite3_column_int64(s, 11);
            r->s1 = sqlite3_column_int64(s, 12);
            r->created = col(q, s, 13);
        } else {
            r->date = date_of((const char *)sqlite3_column_text(s, 2), sqlite3_column_int(s, 3));
            r->place = col(q, s, 4);
            r->agr = col(q, s, 5);
            r->fields = col(q, s, 6);
            r->commitments = col(q, s, 7);
            r->doc = col(q, s, 8);
            r->s0 = sqlite3_column_int64(s, 9);
            r->s1 = sqlite3_column_int64(s, 10);
            r->created = col(q, s, 11);
            r->tasks = col(q, s, 12);
            r->summary = col(q, s, 13);
        }
        if (!r->id)
            err = nomem(q);
    }
    if (!err && rc != SQLITE_DONE)
        err = dberr(q, rc, agreement ? "reading agreements" : "reading activities");
    sqlite3_reset(s);
    return err;
}

/* The rest of a record read by load_rows: its sources and what is shown of it (with its
 * parties, unless read already). */
static int rec_details(rq *q, rec *r, bool parties)
{
    int err = parties ? load_parties(q, r, false) : 0;
    if (!err && !(err = load_sources(q, r)) && !(err = make_display(q, r)))
        err = make_label(q, r);
    return err;
}

static int load_records(rq *q, bool agreement, const char *f1, const char *f2,
                        const char *only_agr, recv *out)
{
    size_t start = out->n;
    int err = load_rows(q, agreement, f1, f2, only_agr, out);
    for (size_t i = start; i < out->n && !err; i++)
        err = rec_details(q, &out->v[i], true);
    return err;
}

/* The member of f among the record's parties nearest to f's party (NULL: none). */
static const member *record_member(const rec *r, const family *f)
{
    const member *best = NULL;
    for (size_t i = 0; i < r->np; i++) {
        const member *m = r->p[i].id ? family_find(f, r->p[i].id) : NULL;
        if (m && (!best || m->depth < best->depth))
            best = m;
    }
    return best;
}

/* ---- timeline ---- */

/* "Quảng Ngãi (gồm Kon Tum)": a party's name with its predecessors. */
static char *family_title(rq *q, const family *f)
{
    pinfo *p = party(q, f->v[0].id);
    if (!p)
        return NULL;
    ht_buf b = {0};
    int err = ht_buf_puts(&b, p->name);
    size_t k = 0;
    for (size_t i = 1; i < f->n; i++)
        if (f->v[i].predecessor) {
            pinfo *pp = party(q, f->v[i].id);
            if (!pp) {
                ht_buf_free(&b);
                return NULL;
            }
            err |= ht_buf_printf(&b, "%s%s", k++ ? ", " : " (gồm ", pp->name);
        }
    if (k)
        err |= ht_buf_putc(&b, ')');
    char *t = err ? NULL : adup(q, b.p);
    ht_buf_free(&b);
    if (!t)
        nomem(q);
    return t;
}

static int timeline(rq *q, const char *a1, const char *a2, ht_report_table *t)
{
    char id1[HT_ID_MAX], id2[HT_ID_MAX];
    family f1 = {0}, f2 = {0};
    recv recs = {0};
    ht_report_tl_item *items = NULL;
    int r = find_party(q, a1, id1);
    if (!r && a2)
        r = find_party(q, a2, id2);
    if (!r)
        r = family_of(q, id1, &f1);
    if (!r && a2)
        r = family_of(q, id2, &f2);
    if (!r && !(r = load_records(q, true, f1.json, a2 ? f2.json : NULL, NULL, &recs)))
        r = load_records(q, false, f1.json, a2 ? f2.json : NULL, NULL, &recs);
    const char *title = NULL;
    if (!r) {
        const char *t1 = family_title(q, &f1), *t2 = a2 ? family_title(q, &f2) : NULL;
        title = a2 && t1 && t2 ? aprintf(q, "%s \xE2\x80\x93 %s", t1, t2) : t1;
        if (!title)
            r = nomem(q);
    }
    if (!r && !(items = calloc(recs.n + 1, sizeof *items)))
        r = nomem(q);
    size_t n = 0;
    for (size_t i = 0; i < recs.n && !r; i++) {
        rec *x = &recs.v[i];
        const member *m1 = record_member(x, &f1), *m2 = a2 ? record_member(x, &f2) : NULL;
        if (!m1 || (a2 && !m2))
            continue; /* a party the record names without a record of it */
        const char *via = m1->via;
        if (m2 && m2->via)
            via = via ? aprintf(q, "%s, %s", via, m2->via) : m2->via;
        items[n++] = (ht_report_tl_item){
            .date = x->date,
            .type = x->agreement ? "agreement" : "activity",
            .kind = x->kind,
            .title = x->label,
            .parties = x->display,
            .place = x->place,
            .via = via,
            .id = x->id,
            .sources = x->src,
            .nsources = x->nsrc,
        };
    }
    if (!r && ht_report_timeline(items, n, title, t))
        r = nomem(q);
    free(items);
    recv_free(&recs);
    family_free(&f1);
    family_free(&f2);
    return r;
}

int ht_app_timeline_table(ht_store *st, const char *party1, const char *party2,
                          ht_report_table *t, ht_error *e)
{
    rq q;
    memset(t, 0, sizeof *t);
    int r = rq_open(&q, st, e);
    if (!r)
        r = timeline(&q, party1, party2, t);
    rq_close(&q);
    return r;
}

static int write_table(ht_report_table *t, ht_report_format f, ht_buf *out, ht_error *e)
{
    int r = ht_report_write(t, f, out);
    return r ? ht_err(e, r, "writing the report") : 0;
}

int ht_app_timeline(ht_store *st, const char *party1, const char *party2, ht_report_format f,
                    ht_buf *out, ht_error *e)
{
    ht_report_table t;
    int r = ht_app_timeline_table(st, party1, party2, &t, e);
    if (!r)
        r = write_table(&t, f, out, e);
    ht_report_table_free(&t);
    return r;
}

/* ---- agreements ---- */

/* The localities of a record (ids, each once, sorted): the province or country of each
 * of its parties after succession; unresolved names as "?" + name. What decides
 * whether two agreements are "of the same parties" and whether an activity concerns an
 * agreement, so that an agreement signed by a province's friendship association and one
 * of the province itself belong to the same relation. */
static int record_roots(rq *q, const rec *r, strv *out)
{
    memset(out, 0, sizeof *out);
    int err = 0;
    for (size_t i = 0; i < r->np && !err; i++) {
        const char *root = r->p[i].id ? root_party(q, r->p[i].id)
                                      : aprintf(q, "?%s", r->p[i].name);
        if (!root)
            return q->e->code ? q->e->code : nomem(q);
        err = strv_add_unique(q, out, root);
    }
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, cmp_cstr);
    return err;
}

static int parse_date_arg(rq *q, const char *what, const char *s, ht_report_date *d)
{
    ht_error e2 = {0};
    if (ht_report_date_parse(s, strlen(s), false, d, &e2) || !d->year)
        return ht_err(q->e, HT_EINVAL, "%s: '%s' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)%s%s",
                      what, s, e2.msg[0] ? ": " : "", e2.msg);
    return 0;
}

static int today(rq *q, ht_report_date *d)
{
    time_t now;
    int r = ht_report_clock(&now, q->e);
    if (!r)
        *d = ht_report_date_from_time(now);
    return r;
}

int ht_app_report_statuses(const char *list, unsigned *bits, ht_error *e)
{
    *bits = 0;
    const char *p = list ? list : "";
    while (*p) {
        size_t n = strcspn(p, ",");
        bool found = false;
        for (int s = HT_REPORT_UNKNOWN; s <= HT_REPORT_SUPERSEDED && !found; s++) {
            const char *c = ht_report_status_code((ht_report_status)s);
            if (strlen(c) == n && strncmp(c, p, n) == 0) {
                *bits |= 1u << s;
                found = true;
            }
        }
        if (!found && n)
            return ht_err(e, HT_EINVAL,
                          "unknown status '%.*s' (in_force, expiring, expired, renewed,"
                          " superseded, unknown)",
                          (int)n, p);
        p += n + (p[n] == ',');
    }
    if (!*bits)
        return ht_err(e, HT_EINVAL, "no status given");
    return 0;
}

static int agreements(rq *q, const ht_app_agreements_opts *o, ht_report_table *t)
{
    ht_report_date as_of;
    int r = o->as_of ? parse_date_arg(q, "--as-of", o->as_of, &as_of) : today(q, &as_of);
    if (r)
        return r;
    if (o->expiring_months < 0 || o->expiring_months > 1200)
        return ht_err(q->e, HT_EINVAL, "--expiring: %d months is out of range (0 to 1200)",
                      o->expiring_months);
    family f = {0};
    recv recs = {0};
    char pid[HT_ID_MAX];
    ht_report_agr_item *items = NULL;
    if (o->party && !(r = find_party(q, o->party, pid)))
        r = family_of(q, pid, &f);
    if (!r)
        r = load_records(q, true, o->party ? f.json : NULL, NULL, NULL, &recs);
    if (!r && !(items = calloc(recs.n + 1, sizeof *items)))
        r = nomem(q);
    for (size_t i = 0; i < recs.n && !r; i++) {
        rec *x = &recs.v[i];
        strv roots;
        if ((r = record_roots(q, x, &roots)))
            break;
        const char **set = ht_arena_alloc(&q->ar, (roots.n + 1) * sizeof *set);
        if (!set) {
            free(roots.v);
            r = nomem(q);
            break;
        }
        memcpy(set, roots.v, roots.n * sizeof *set);
        items[i] = (ht_report_agr_item){
            .agr = {.id = x->id, .parties = set, .nparties = roots.n, .kind = x->kind,
                    .signed_on = x->date, .term_from = x->from, .term_to = x->to},
            .title = x->label,
            .parties = x->display,
            .sources = x->src,
            .nsources = x->nsrc,
        };
        free(roots.v);
    }
    if (!r) {
        char d[HT_REPORT_DATE_MAX];
        ht_report_date_iso(as_of, d);
        const char *who = o->party ? family_title(q, &f) : NULL;
        const char *title = who ? aprintf(q, "Thỏa thuận ngày %s \xE2\x80\x93 %s", d, who)
                                : aprintf(q, "Thỏa thuận ngày %s", d);
        if (!title)
            r = nomem(q);
        else
            r = ht_report_agreements(items, recs.n, as_of,
                                     o->expiring_months ? o->expiring_months : 6,
                                     o->statuses ? o->statuses : HT_REPORT_ALL, title, t, q->e);
    }
    free(items);
    recv_free(&recs);
    family_free(&f);
    return r;
}

int ht_app_report_agreements_table(ht_store *st, const ht_app_agreements_opts *o,
                                   ht_report_table *t, ht_error *e)
{
    static const ht_app_agreements_opts none;
    rq q;
    memset(t, 0, sizeof *t);
    int r = rq_open(&q, st, e);
    if (!r)
        r = agreements(&q, o ? o : &none, t);
    rq_close(&q);
    return r;
}

int ht_app_report_agreements(ht_store *st, const ht_app_agreements_opts *o, ht_report_format f,
                             ht_buf *out, ht_error *e)
{
    ht_report_table t;
    int r = ht_app_report_agreements_table(st, o, &t, e);
    if (!r)
        r = write_table(&t, f, out, e);
    ht_report_table_free(&t);
    return r;
}

/* ---- finding an agreement ---- */

static const char *describe_agreement(rq *q, const char *id)
{
    recv v = {0};
    const char *d = NULL;
    if (!load_records(q, true, NULL, NULL, id, &v) && v.n) {
        char sig[HT_REPORT_DATE_MAX];
        ht_report_date_written(v.v[0].date, sig);
        d = aprintf(q, "%s (%s, %s%s%s)", id, v.v[0].label, v.v[0].display, sig[0] ? ", " : "",
                    sig);
    }
    recv_free(&v);
    return d;
}

/* True when every word of the folded query occurs in the folded text. */
static bool words_in(const char *fq, const char *ft)
{
    const char *p = fq;
    while (*p) {
        size_t n = strcspn(p, " ");
        char w[128];
        if (n >= sizeof w)
            return false;
        memcpy(w, p, n);
        w[n] = 0;
        if (n && !strstr(ft, w))
            return false;
        p += n + (p[n] == ' ');
    }
    return true;
}

static int find_agreement(rq *q, const char *arg, char id[HT_ID_MAX])
{
    if (!arg || !*arg)
        return ht_err(q->e, HT_EINVAL, "no agreement given");
    strv c = {0};
    int r = 0, rc;
    /* an id, or a unique prefix of one */
    sqlite3_stmt *s = S(q, q->has_merged
                               ? "SELECT coalesce(merged_into, id) FROM agreements WHERE id = ?1"
                                 " UNION SELECT id FROM agreements WHERE length(?1) >= 6 AND"
                                 " substr(id, 1, length(?1)) = ?1 AND id <> ?1 ORDER BY 1 LIMIT 6"
                               : "SELECT id FROM agreements WHERE id = ?1"
                                 " UNION SELECT id FROM agreements WHERE length(?1) >= 6 AND"
                                 " substr(id, 1, length(?1)) = ?1 AND id <> ?1 ORDER BY 1 LIMIT 6");
    if (!s)
        return q->e->code;
    bind(s, 1, arg);
    bool exact = false;
    while (!r && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(s, 0);
        exact = exact || strcmp(v, arg) == 0;
        r = strv_add_unique(q, &c, v);
    }
    if (!r && rc != SQLITE_DONE)
        r = dberr(q, rc, "finding an agreement");
    sqlite3_reset(s);
    if (!r && exact) {
        snprintf(id, HT_ID_MAX, "%s", arg);
        free(c.v);
        return 0;
    }
    /* words of its title, parties and dates */
    char *fq = r || c.n ? NULL : fold(arg);
    if (fq && *fq) {
        recv all = {0};
        r = load_records(q, true, NULL, NULL, NULL, &all);
        for (size_t i = 0; i < all.n && !r; i++) {
            char sig[HT_REPORT_DATE_MAX];
            ht_report_date_iso(all.v[i].date, sig);
            const char *text = aprintf(q, "%s %s %s %s", all.v[i].label, all.v[i].display, sig,
                                       all.v[i].kind);
            char *ft = text ? fold(text) : NULL;
            if (!ft)
                r = nomem(q);
            else if (words_in(fq, ft))
                r = strv_add_unique(q, &c, all.v[i].id);
            free(ft);
        }
        recv_free(&all);
    }
    free(fq);
    /* a party with its agreements */
    if (!r && c.n == 0) {
        char pid[HT_ID_MAX];
        ht_error keep = *q->e;
        if (find_party(q, arg, pid) == 0) {
            family f;
            recv v = {0};
            if (!(r = family_of(q, pid, &f)) && !(r = load_records(q, true, f.json, NULL, NULL, &v)))
                for (size_t i = 0; i < v.n && !r; i++)
                    r = strv_add_unique(q, &c, v.v[i].id);
            recv_free(&v);
            family_free(&f);
        } else
            *q->e = keep;
    }
    if (!r && c.n == 1)
        snprintf(id, HT_ID_MAX, "%s", c.v[0]);
    else if (!r && c.n > 1)
        r = ambiguous(q, "agreements", arg, &c, describe_agreement);
    else if (!r)
        r = ht_err(q->e, HT_ENOTFOUND, "no agreement '%s' (give an id, words of its title, or a"
                                       " party; 'hoptac report agreements' lists them)", arg);
    free(c.v);
    return r;
}

int ht_app_find_agreement(ht_store *st, const char *qs, char id[HT_ID_MAX], ht_error *e)
{
    rq q;
    int r = rq_open(&q, st, e);
    if (!r)
        r = find_agreement(&q, qs, id);
    rq_close(&q);
    return r;
}

/* ---- implementation ---- */

/* The words an activity is matched on: its title, commitments and evidence text. */
static char *activity_text(rq *q, const rec *x)
{
    ht_buf b = {0};
    int err = ht_buf_puts(&b, x->label);
    if (x->summary && *x->summary) {
        ht_buf c = {0};
        if (join_json(q, &c, x->commitments, ". ")) {
            ht_buf_free(&b);
            return NULL;
        }
        if (c.n)
            err |= ht_buf_printf(&b, ". %s", c.p);
        ht_buf_free(&c);
    }
    sqlite3_stmt *s = x->doc && x->s1 > x->s0
                          ? S(q, "SELECT substr(orig, ?2 + 1, ?3 - ?2) FROM documents WHERE id = ?1")
                          : NULL;
    if (s) {
        bind(s, 1, x->doc);
        sqlite3_bind_int64(s, 2, x->s0);
        sqlite3_bind_int64(s, 3, x->s1);
        if (sqlite3_step(s) == SQLITE_ROW) {
            const char *p = sqlite3_column_blob(s, 0);
            size_t n = (size_t)sqlite3_column_bytes(s, 0), bad;
            if (p && ht_utf8_validate(p, n, &bad, NULL) == 0) {
                err |= ht_buf_puts(&b, ". ");
                err |= ht_buf_append(&b, p, n);
            }
        }
        sqlite3_reset(s);
    }
    char *t = err ? NULL : adup(q, b.p ? b.p : "");
    ht_buf_free(&b);
    return t;
}

/* The strings of a JSON array of strings (in the arena). */
static int json_strings(rq *q, const char *json, strv *out)
{
    memset(out, 0, sizeof *out);
    if (!json || strcmp(json, "[]") == 0)
        return 0;
    sqlite3_stmt *s = S(q, "SELECT value FROM json_each(?1) WHERE json_valid(?1)"
                           " AND type = 'text' ORDER BY key");
    if (!s)
        return q->e->code;
    bind(s, 1, json);
    int rc, err = 0;
    while (!err && (rc = sqlite3_step(s)) == SQLITE_ROW)
        err = strv_add_unique(q, out, (const char *)sqlite3_column_text(s, 0));
    sqlite3_reset(s);
    return err ? err : rc == SQLITE_DONE ? 0 : dberr(q, rc, "reading a list");
}

/* Task numbers linked by hand (a JSON array of integers). */
static int json_ints(rq *q, const char *json, long *v, size_t cap, size_t *n)
{
    *n = 0;
    if (!json || strcmp(json, "[]") == 0)
        return 0;
    sqlite3_stmt *s = S(q, "SELECT value FROM json_each(?1) WHERE json_valid(?1)"
                           " AND type = 'integer' ORDER BY key");
    if (!s)
        return q->e->code;
    bind(s, 1, json);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (*n < cap)
            v[(*n)++] = (long)sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : dberr(q, rc, "reading task numbers");
}

static size_t overlap(const strv *a, const strv *b)
{
    size_t k = 0;
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            k += strcmp(a->v[i], b->v[j]) == 0;
    return k;
}

static int implementation(rq *q, const char *arg, ht_report_table *t,
                          ht_report_impl_counts *counts)
{
    char aid[HT_ID_MAX];
    recv agr = {0}, acts = {0};
    strv roots = {0}, ids = {0};
    const char **tasks = NULL;
    ht_report_match_text *mt = NULL;
    ht_report_impl_link *links = NULL;
    size_t ntasks = 0, nlinks = 0, caplinks = 0;
    int r = find_agreement(q, arg, aid);
    if (!r)
        r = load_records(q, true, NULL, NULL, aid, &agr);
    if (!r && agr.n != 1)
        r = ht_err(q->e, HT_ENOTFOUND, "agreement %s is rejected or deleted", aid);
    rec *a = r ? NULL : &agr.v[0];
    /* its tasks, by number */
    if (!r) {
        sqlite3_stmt *s = S(q, "SELECT n, text FROM tasks WHERE agreement = ?1 AND n BETWEEN 1"
                               " AND 1000 ORDER BY n");
        int rc;
        if (!s)
            r = q->e->code;
        else {
            bind(s, 1, aid);
            while (!r && (rc = sqlite3_step(s)) == SQLITE_ROW) {
                size_t n = (size_t)sqlite3_column_int(s, 0);
                if (n > ntasks) {
                    const char **nt = realloc(tasks, n * sizeof *nt);
                    if (!nt) {
                        r = nomem(q);
                        break;
                    }
                    for (size_t i = ntasks; i < n; i++)
                        nt[i] = NULL;
                    tasks = nt;
                    ntasks = n;
                }
                tasks[n - 1] = col(q, s, 1);
            }
            if (!r && rc != SQLITE_DONE)
                r = dberr(q, rc, "reading tasks");
            sqlite3_reset(s);
        }
    }
    if (!r && !(mt = calloc(ntasks + 1, sizeof *mt)))
        r = nomem(q);
    for (size_t i = 0; i < ntasks && !r; i++)
        mt[i].text = tasks[i];
    /* the activities of its localities, and those linked to it */
    if (!r)
        r = record_roots(q, a, &roots);
    for (size_t i = 0; i < roots.n && !r; i++) {
        if (roots.v[i][0] == '?')
            continue;
        family f;
        if (!(r = family_of(q, roots.v[i], &f)))
            for (size_t k = 0; k < f.n && !r; k++)
                r = strv_add_unique(q, &ids, f.v[k].id);
        family_free(&f);
    }
    if (!r) {
        ht_buf b = {0};
        int err = ht_buf_putc(&b, '[');
        for (size_t i = 0; i < ids.n; i++) {
            err |= ht_buf_puts(&b, i ? ",\"" : "\"");
            err |= ht_json_escape(&b, ids.v[i], strlen(ids.v[i]));
            err |= ht_buf_putc(&b, '"');
        }
        err |= ht_buf_putc(&b, ']');
        r = err ? nomem(q) : load_rows(q, false, b.p, NULL, aid, &acts);
        ht_buf_free(&b);
    }
    ht_report_agr ag = {0};
    if (a)
        ag = (ht_report_agr){.id = a->id, .kind = a->kind, .signed_on = a->date,
                             .term_from = a->from, .term_to = a->to};
    ht_report_date start = ht_report_agr_start(&ag), end = ht_report_agr_end(&ag);
    size_t need = roots.n < 2 ? roots.n : 2;
    for (size_t i = 0; i < acts.n && !r; i++) {
        rec *x = &acts.v[i];
        bool linked = x->agr && strcmp(x->agr, aid) == 0;
        long manual[64];
        size_t nman = 0;
        if (linked && ((r = rec_details(q, x, true)) ||
                       (r = json_ints(q, x->tasks, manual, 64, &nman))))
            break;
        int task = 0;
        const char *how = NULL;
        if (!nman) {
            if (!linked) {
                if (x->agr || !x->date.year || !start.year || !ntasks)
                    continue;
                /* the activity's period must meet the term */
                ht_report_date xf = ht_report_date_first(x->date), xl = ht_report_date_last(x->date);
                if (ht_report_date_cmp(&xl, &start) < 0 ||
                    (end.year && ht_report_date_cmp(&xf, &end) > 0))
                    continue;
                strv xr;
                if ((r = load_parties(q, x, false)) || (r = record_roots(q, x, &xr)))
                    break;
                size_t k = overlap(&xr, &roots);
                free(xr.v);
                if (!need || k < need)
                    continue;
                if ((r = rec_details(q, x, false)))
                    break;
            }
            /* the signing of the agreement itself carries out no one task */
            bool signing = linked && (strcmp(x->kind, "signing") == 0 ||
                                      strcmp(x->kind, "twinning") == 0);
            strv fields = {0};
            const char *text = signing ? NULL : activity_text(q, x);
            if (!signing && !text) {
                r = q->e->code ? q->e->code : nomem(q);
                break;
            }
            if (!signing && (r = json_strings(q, x->fields, &fields)))
                break;
            ht_report_match_text am = {text, fields.v, fields.n};
            task = ntasks && !signing
                       ? ht_report_best_task(mt, ntasks, &am, HT_REPORT_MATCH_MIN, NULL)
                       : 0;
            free(fields.v);
            if (!linked && !task)
                continue;
            how = linked ? "extracted" : "similarity";
        }
        for (size_t k = 0; k < (nman ? nman : 1); k++) {
            if (nman && manual[k] < 1)
                continue;
            ht_report_impl_link *l = vec_push(&links, &nlinks, &caplinks, sizeof *l);
            if (!l) {
                r = nomem(q);
                break;
            }
            *l = (ht_report_impl_link){
                .task = nman ? (int)manual[k] : task,
                .id = x->id,
                .date = x->date,
                .kind = x->kind,
                .title = x->label,
                .how = nman ? "manual" : how,
                .sources = x->src,
                .nsources = x->nsrc,
            };
        }
    }
    if (!r) {
        const char *title = aprintf(q, "%s \xE2\x80\x93 %s", a->label, a->display);
        if (!title || ht_report_implementation(title, a->declared > 0 ? a->declared : 0, tasks,
                                               ntasks, links, nlinks, t, counts))
            r = nomem(q);
    }
    free(links);
    free(mt);
    free(tasks);
    free(roots.v);
    free(ids.v);
    recv_free(&agr);
    recv_free(&acts);
    return r;
}

int ht_app_report_implementation_table(ht_store *st, const char *agreement, ht_report_table *t,
                                       ht_report_impl_counts *counts, ht_error *e)
{
    rq q;
    memset(t, 0, sizeof *t);
    int r = rq_open(&q, st, e);
    if (!r)
        r = implementation(&q, agreement, t, counts);
    rq_close(&q);
    return r;
}

int ht_app_report_implementation(ht_store *st, const char *agreement, ht_report_format f,
                                 ht_buf *out, ht_error *e)
{
    ht_report_table t;
    ht_report_impl_counts c = {0};
    int r = ht_app_report_implementation_table(st, agreement, &t, &c, e);
    if (!r)
        r = write_table(&t, f, out, e);
    char unlisted[64] = "";
    if (c.declared > c.listed)
        snprintf(unlisted, sizeof unlisted, " (%d not listed in the sources)",
                 c.declared - c.listed);
    if (!r && (f == HT_REPORT_TEXT || f == HT_REPORT_MD) &&
        ht_buf_printf(out, "%s%d tasks declared, %d listed%s, %d carried out by an activity.\n",
                      f == HT_REPORT_MD ? "\n" : "", c.declared, c.listed, unlisted,
                      c.with_activity))
        r = ht_err(e, HT_ENOMEM, "out of memory");
    ht_report_table_free(&t);
    return r;
}

/* ---- anniversaries and deadlines ---- */

static int anniversaries(rq *q, const ht_app_anniv_opts *o, ht_report_format f, ht_buf *out)
{
    ht_report_date from, to;
    int r = o->from ? parse_date_arg(q, "--from", o->from, &from) : today(q, &from);
    if (!r && o->to)
        r = parse_date_arg(q, "--to", o->to, &to);
    else if (!r)
        r = ht_report_date_add_months(ht_report_date_first(from), 12, &to, q->e);
    if (r)
        return r;
    if (o->every < 0 || o->every > 100)
        return ht_err(q->e, HT_EINVAL, "--every: %d years is out of range (1 to 100)", o->every);
    ht_report_date lf = ht_report_date_first(from), lt = ht_report_date_last(to);
    if (ht_report_date_cmp(&lf, &lt) > 0) {
        char a[HT_REPORT_DATE_MAX], b[HT_REPORT_DATE_MAX];
        ht_report_date_iso(from, a);
        ht_report_date_iso(to, b);
        return ht_err(q->e, HT_EINVAL, "--from %s is after --to %s", a, b);
    }
    recv recs = {0};
    ht_report_anniv *an = NULL;
    ht_report_deadline *dl = NULL;
    size_t nan = 0, ndl = 0;
    ht_report_calendar cal = {0};
    ht_report_table t = {0};
    /* what is shown of each agreement; a calendar item has no sources */
    r = load_rows(q, true, NULL, NULL, NULL, &recs);
    for (size_t i = 0; i < recs.n && !r; i++)
        if (!(r = load_parties(q, &recs.v[i], false)) && !(r = make_display(q, &recs.v[i])))
            r = make_label(q, &recs.v[i]);
    /* the partner countries of the registry's records, for the dates of their relations
     * with Vietnam */
    strv cc = {0};
    sqlite3_stmt *s =
        r ? NULL
          : S(q, "WITH ids(id) AS (SELECT x.party FROM agreement_parties x"
                 " JOIN agreements a ON a.id = x.agreement WHERE a.status IN ('proposed',"
                 " 'confirmed') AND x.party IS NOT NULL UNION SELECT x.party FROM"
                 " activity_parties x JOIN activities a ON a.id = x.activity WHERE a.status IN"
                 " ('proposed', 'confirmed') AND x.party IS NOT NULL)"
                 " SELECT DISTINCT nullif(p.country, ''),"
                 " CASE WHEN coalesce(p.country, '') = '' THEN ids.id END"
                 " FROM ids LEFT JOIN parties p ON p.id = ids.id");
    if (!r && !s)
        r = q->e->code;
    int rc = SQLITE_DONE;
    while (!r && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        /* the registry's country, else the gazetteer's (a province no article named yet) */
        const char *c = (const char *)sqlite3_column_text(s, 0);
        const char *id = (const char *)sqlite3_column_text(s, 1);
        long row = !c && id ? gz_row(q, id) : -1;
        if (row >= 0)
            c = gz(row, "country");
        if (c && *c && strcmp(c, "VN") != 0)
            r = strv_add_unique(q, &cc, c);
    }
    if (!r && rc != SQLITE_DONE)
        r = dberr(q, rc, "reading the countries of the registry");
    if (s)
        sqlite3_reset(s);
    size_t nnat = r ? 0 : ht_report_national_anniv((const char *const *)cc.v, cc.n, NULL, 0);
    if (!r && (!(an = calloc(recs.n + nnat + 1, sizeof *an)) ||
               !(dl = calloc(recs.n + 1, sizeof *dl))))
        r = nomem(q);
    if (!r)
        nan = ht_report_national_anniv((const char *const *)cc.v, cc.n, an, nnat);
    for (size_t i = 0; i < recs.n && !r; i++) {
        rec *x = &recs.v[i];
        if (x->date.year) {
            const char *what = strcmp(x->kind, "twinning") == 0
                                   ? aprintf(q, "kết nghĩa %s", x->display)
                                   : aprintf(q, "ký %s (%s)", x->label, x->display);
            if (!what) {
                r = nomem(q);
                break;
            }
            an[nan++] = (ht_report_anniv){what, x->date, x->id, NULL};
        }
        ht_report_agr ag = {.id = x->id, .kind = x->kind, .signed_on = x->date,
                            .term_from = x->from, .term_to = x->to};
        ht_report_date end = ht_report_agr_end(&ag);
        if (end.year) {
            const char *what = aprintf(q, "%s (%s)", x->label, x->display);
            if (!what) {
                r = nomem(q);
                break;
            }
            dl[ndl++] = (ht_report_deadline){what, end, x->id};
        }
    }
    char a[HT_REPORT_DATE_MAX], b[HT_REPORT_DATE_MAX];
    ht_report_date_iso(from, a);
    ht_report_date_iso(to, b);
    const char *title = aprintf(q, "Kỷ niệm và thời hạn %s \xE2\x80\x93 %s", a, b);
    if (!r && !title)
        r = nomem(q);
    if (!r)
        r = ht_report_calendar_build(an, nan, dl, ndl, from, to, o->every, &cal, q->e);
    if (!r && o->ics) {
        time_t now;
        if (!(r = ht_report_clock(&now, q->e))) {
            ht_report_ics_opts io = {.title = title, .lang = o->lang, .stamp = now};
            if (ht_report_calendar_ics(&cal, &io, out))
                r = nomem(q);
        }
    } else if (!r) {
        if (ht_report_calendar_table(&cal, title, &t))
            r = nomem(q);
        else
            r = write_table(&t, f, out, q->e);
    }
    ht_report_table_free(&t);
    ht_report_calendar_free(&cal);
    free(an);
    free(dl);
    free(cc.v);
    recv_free(&recs);
    return r;
}

int ht_app_report_anniversaries(ht_store *st, const ht_app_anniv_opts *o, ht_report_format f,
                                ht_buf *out, ht_error *e)
{
    static const ht_app_anniv_opts none;
    rq q;
    int r = rq_open(&q, st, e);
    if (!r)
        r = anniversaries(&q, o ? o : &none, f, out);
    rq_close(&q);
    return r;
}

/* ---- events ---- */

/* The country of a place written as text ("Buôn Ma Thuột, Đắk Lắk"): the gazetteer's
 * entry for the whole, else for one of its comma-separated parts, when all entries of
 * that name agree. */
static const char *place_country(const char *place)
{
    if (!place)
        return NULL;
    int kc = ht_data_col(&ht_data_gazetteer, "country");
    const char *p = place;
    for (int whole = 1; *p; whole = 0) {
        size_t n = whole ? strlen(p) : strcspn(p, ",;");
        char part[256];
        if (n && n < sizeof part) {
            memcpy(part, p, n);
            part[n] = 0;
            size_t first, k = ht_report_lookup(&ht_data_gazetteer, part, &first);
            const char *c = NULL;
            bool agree = k > 0;
            for (size_t i = 0; i < k && agree; i++) {
                const char *ci = ht_data_cell(&ht_data_gazetteer,
                                              ht_data_gazetteer.keys[first + i].row, (size_t)kc);
                agree = *ci && (!c || strcmp(c, ci) == 0);
                c = ci;
            }
            if (agree)
                return c;
        }
        if (!whole)
            p += n;
        while (*p == ',' || *p == ';' || *p == ' ')
            p++;
    }
    return NULL;
}

static time_t time_of(const char *iso)
{
    struct tm tm = {0};
    if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                       &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return timegm(&tm);
}

static int rec_date_cmp(const void *pa, const void *pb)
{
    const rec *a = pa, *b = pb;
    int c = ht_report_date_cmp(&a->date, &b->date);
    return c ? c : strcmp(a->id, b->id);
}

static int events(rq *q, ht_report_format f, ht_buf *out, size_t *rows, size_t *skipped)
{
    recv acts = {0};
    ht_report_event *ev = NULL;
    ht_report_actor *actors = NULL;
    size_t nactors = 0;
    int r = load_rows(q, false, NULL, NULL, NULL, &acts);
    for (size_t i = 0; i < acts.n && !r; i++)
        if (!(r = load_parties(q, &acts.v[i], true)))
            r = load_sources(q, &acts.v[i]);
    if (!r && acts.n > 1)
        qsort(acts.v, acts.n, sizeof *acts.v, rec_date_cmp);
    for (size_t i = 0; i < acts.n; i++)
        nactors += acts.v[i].np;
    if (!r && (!(ev = calloc(acts.n + 1, sizeof *ev)) ||
               !(actors = calloc(nactors + 1, sizeof *actors))))
        r = nomem(q);
    size_t k = 0;
    for (size_t i = 0; i < acts.n && !r; i++) {
        rec *x = &acts.v[i];
        ht_report_event *e = &ev[i];
        e->actors = actors + k;
        for (size_t j = 0; j < x->np; j++) {
            ht_report_actor *ac = &actors[k++];
            ac->name = party_name(q, &x->p[j]);
            if (x->p[j].id) {
                pinfo *p = party(q, x->p[j].id);
                if (!p) {
                    r = q->e->code;
                    break;
                }
                ac->id = p->id;
                ac->country = p->country;
                ac->region = region_of(q, p->id);
                /* CAMEO: a local government acts as GOV; a country or an
                 * organisation is coded by its country (and province) alone */
                if (strcmp(p->kind, "province") == 0 || strcmp(p->kind, "district") == 0 ||
                    strcmp(p->kind, "commune") == 0)
                    ac->role = "GOV";
            }
            e->nactors++;
        }
        e->id = x->id;
        e->date = x->date;
        e->kind = x->kind;
        e->place = x->place;
        e->place_country = place_country(x->place);
        e->sources = x->src;
        e->nsources = x->nsrc;
        e->added = time_of(x->created);
        sqlite3_stmt *s = S(q, "SELECT (SELECT count(*) FROM mentions WHERE record = ?1),"
                               " EXISTS (SELECT 1 FROM blocks WHERE document = ?2 AND class ="
                               " 'caption-other' AND orig_start <= ?3 AND ?3 < orig_end)");
        if (!s) {
            r = q->e->code;
            break;
        }
        bind(s, 1, x->id);
        bind(s, 2, x->doc);
        sqlite3_bind_int64(s, 3, x->s0);
        int rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            e->mentions = sqlite3_column_int(s, 0);
            e->from_caption = sqlite3_column_int(s, 1) != 0;
        }
        sqlite3_reset(s);
        if (rc != SQLITE_ROW)
            r = dberr(q, rc, "reading mentions");
    }
    size_t skip = 0;
    ht_report_table t = {0};
    if (!r && ht_report_events_table(ev, acts.n, &t, &skip))
        r = nomem(q);
    if (!r && ht_report_write(&t, f, out))
        r = nomem(q);
    if (rows)
        *rows = r ? 0 : t.nrows;
    ht_report_table_free(&t);
    if (skipped)
        *skipped = skip;
    free(ev);
    free(actors);
    recv_free(&acts);
    return r;
}

int ht_app_events(ht_store *st, ht_report_format f, ht_buf *out, size_t *rows, size_t *skipped,
                  ht_error *e)
{
    rq q;
    int r = rq_open(&q, st, e);
    if (!r)
        r = events(&q, f, out, rows, skipped);
    rq_close(&q);
    return r;
}

int ht_app_export_events_n(ht_store *st, ht_buf *out, size_t *rows, size_t *skipped,
                           ht_error *e)
{
    return ht_app_events(st, HT_REPORT_TSV, out, rows, skipped, e);
}

int ht_app_export_events(ht_store *st, ht_buf *out, ht_error *e)
{
    return ht_app_events(st, HT_REPORT_TSV, out, NULL, NULL, e);
}
