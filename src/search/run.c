/* ht_search_run: a search against the registry. One statement per kind of record
 * (documents over doc_fts, parties, people, agreements and activities over record_fts,
 * each joined to its table for the filters) feeds one hoptac_rank heap: first over the
 * expression with the accents as typed, then over the folded one (ranked, or only
 * counted when the first filled the page); the kept hits are then read back with their
 * titles, dates, sources and snippets. */
#include "search.h"

#include "base/data.h"
#include "search/alias.h"
#include "search/rank.h"
#include "store/store.h"
#include "text/text.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const ht_data_table ht_data_gazetteer;

/* Ties between kinds of records: the registry's own records first. */
enum { T_PARTY, T_PERSON, T_AGREEMENT, T_ACTIVITY, T_DOCUMENT, T_COUNT };

static const char *const type_names[T_COUNT] = {"party", "person", "agreement", "activity",
                                                "document"};
static const unsigned type_bits[T_COUNT] = {HT_SEARCH_PARTY, HT_SEARCH_PERSON,
                                           HT_SEARCH_AGREEMENT, HT_SEARCH_ACTIVITY,
                                           HT_SEARCH_DOCUMENT};

/* BM25 weights by column: doc_fts(title, body, caption), record_fts(id, kind, names,
 * text); captions weigh less than the article, names more than the other fields. */
static const double doc_weights[] = {4.0, 1.0, 0.5};
static const double record_weights[] = {0, 0, 2.0, 1.0};

/* An agreement is "expiring" when its term ends within this many months. */
#define EXPIRING_MONTHS 6

/* Bytes of the evidence document shown around a record's span. */
#define EVIDENCE_CONTEXT 240

/* Statements prepared once per session, by their SQL. */
#define CACHE 32

struct ht_search_session {
    sqlite3 *db;
    long split_min;               /* documents from which two threads rank them; < 0 never */
    struct ht_search_session *s2; /* the second thread's, on its own connection */
    ht_store *st2;                /* that connection */
    ht_search_aliases aliases;
    struct {
        char *sql;
        sqlite3_stmt *st;
    } cache[CACHE];
    int ncache;
};

typedef struct {
    sqlite3 *db;
    ht_search_session *s;
    const ht_search_opts *o;
    ht_search_filters f;
    ht_error *e;
    ht_query q;
    char *parties; /* JSON array of party ids, or NULL */
    long long doc_lo, doc_hi; /* the documents' rowids */
    long long *skip;
    char today[11], horizon[11];
    ht_rank rank;
    ht_buf sql;
} run;

static int db_error(run *r, int rc, const char *what)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ht_err(r->e, HT_EBUSY, "the registry is locked by another process (while %s); "
                                      "try again when it has finished", what);
    case SQLITE_NOMEM:
        return ht_err(r->e, HT_ENOMEM, "out of memory while %s", what);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return ht_err(r->e, HT_ECORRUPT, "the registry is corrupt (while %s)", what);
    default:
        return ht_err(r->e, HT_EDB, "database error while %s: %s", what, sqlite3_errmsg(r->db));
    }
}

/* ---- statements ---- */

/* The session's statement for sql, ready to bind (with hoptac_rank registered). */
static int stmt(run *r, const char *sql, sqlite3_stmt **out)
{
    ht_search_session *s = r->s;
    for (int i = 0; i < s->ncache; i++)
        if (!strcmp(s->cache[i].sql, sql)) {
            *out = s->cache[i].st;
            return 0;
        }
    if (s->ncache == CACHE) { /* a long session met many filters: drop those not running */
        int k = 0;
        for (int i = 0; i < s->ncache; i++) {
            if (sqlite3_stmt_busy(s->cache[i].st)) {
                s->cache[k++] = s->cache[i];
                continue;
            }
            sqlite3_finalize(s->cache[i].st);
            free(s->cache[i].sql);
        }
        s->ncache = k;
        if (k == CACHE)
            return ht_err(r->e, HT_ELIMIT, "too many statements running at once");
    }
    sqlite3_stmt *st = NULL;
    int rc = ht_rank_prepare(r->db, sql, &st);
    char *copy = rc == SQLITE_OK ? strdup(sql) : NULL;
    if (!copy) {
        sqlite3_finalize(st);
        return rc == SQLITE_OK ? ht_err(r->e, HT_ENOMEM, "out of memory")
                               : db_error(r, rc, "preparing the search");
    }
    s->cache[s->ncache].sql = copy;
    s->cache[s->ncache++].st = st;
    *out = st;
    return 0;
}

/* Puts a statement back: reset, and its bindings (pointers among them) cleared. */
static void done(sqlite3_stmt *st)
{
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
}

/* Runs a statement without rows (BEGIN, COMMIT) from the session's cache. */
static int step_once(run *r, const char *sql)
{
    sqlite3_stmt *st;
    int rc = stmt(r, sql, &st);
    if (rc)
        return rc;
    rc = sqlite3_step(st);
    done(st);
    return rc == SQLITE_DONE ? 0 : db_error(r, rc, sql);
}

/* ---- dates ---- */

static void add_months(const char *day, int months, char out[11])
{
    int y = atoi(day), m = atoi(day + 5), d = atoi(day + 8);
    m += months;
    y += (m - 1) / 12;
    m = (m - 1) % 12 + 1;
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last = len[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    if (d > last)
        d = last;
    /* y has 4 digits, m and d 2: the bounds tell the compiler so */
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}

/* SQL for "the date X (YYYY, YYYY-MM or YYYY-MM-DD) overlaps [:from, :to]"; a day
 * without a year ("--06-21") overlaps nothing. */
static int sql_overlap(ht_buf *b, const char *x)
{
    return ht_buf_printf(b,
                         "(%s IS NOT NULL AND substr(%s, 1, 1) <> '-' AND"
                         " (CASE length(%s) WHEN 4 THEN %s || '-01-01' WHEN 7 THEN %s || '-01'"
                         " ELSE %s END) <= :to AND"
                         " (CASE length(%s) WHEN 4 THEN %s || '-12-31' WHEN 7 THEN %s || '-31'"
                         " ELSE %s END) >= :from)",
                         x, x, x, x, x, x, x, x, x, x);
}

/* ---- the statements ---- */

static bool has_dates(const run *r) { return r->f.from[0] || r->f.to[0]; }

/* Whether records of type t can pass the filters at all. */
static bool type_wanted(const run *r, int t)
{
    if (!(r->f.kinds & type_bits[t]))
        return false;
    const ht_search_opts *o = r->o;
    switch (t) {
    case T_DOCUMENT: /* documents have no review state nor agreement status */
        return !o->status && !o->review;
    case T_PARTY:
    case T_PERSON: /* undated, without fields or status */
        return !o->status && !o->field && !has_dates(r);
    case T_ACTIVITY:
        return !o->status;
    default:
        return true;
    }
}

#define PARTY_SET "(SELECT value FROM json_each(:parties))"

static int sql_review(run *r, const char *alias)
{
    if (r->o->review)
        return ht_buf_printf(&r->sql, " AND %s.status = :review", alias);
    return ht_buf_printf(&r->sql, " AND %s.status IN ('proposed', 'confirmed')", alias);
}

static int sql_status(ht_buf *b)
{
    /* SPEC 1c's derived status as far as the dates tell it: renewed and superseded
     * need the later agreements, which the reports work out */
    return ht_buf_puts(b,
                       " AND (CASE"
                       " WHEN coalesce(CASE WHEN substr(a.signed, 1, 1) <> '-' THEN"
                       "  substr(a.signed || '-01-01', 1, 10) END, a.term_from || '-01-01') > :today"
                       "  THEN 'unknown'"
                       " WHEN a.term_to IS NULL THEN 'unknown'"
                       " WHEN :today > a.term_to || '-12-31' THEN 'expired'"
                       " WHEN a.term_to || '-12-31' <= :horizon THEN 'expiring'"
                       " ELSE 'in_force' END) = :status");
}

/* The statement over the rows of type t that pass the filters: ranking them, or only
 * counting them. */
static int build_sql(run *r, int t, bool count, bool range)
{
    ht_buf *b = &r->sql;
    const ht_search_opts *o = r->o;
    ht_buf_reset(b);
    int rc = 0;
    if (t == T_DOCUMENT) {
        bool join = r->parties || r->f.country[0] || o->field || has_dates(r);
        rc |= ht_buf_printf(b, "SELECT %s FROM doc_fts%s WHERE doc_fts MATCH :m",
                            count ? "count(*)" : HT_RANK_FUNCTION "(doc_fts, :rank)",
                            join ? " JOIN documents d ON d.rid = doc_fts.rowid" : "");
        if (r->parties)
            rc |= ht_buf_puts(b, " AND EXISTS (SELECT 1 FROM mentions m WHERE m.document = d.id"
                                 " AND m.record IN " PARTY_SET ")");
        if (r->f.country[0])
            rc |= ht_buf_puts(b, " AND EXISTS (SELECT 1 FROM mentions m JOIN parties p"
                                 " ON p.id = m.record WHERE m.document = d.id AND m.kind = 'party'"
                                 " AND p.country = :country)");
        if (o->field)
            rc |= ht_buf_puts(b, " AND EXISTS (SELECT 1 FROM sources s, json_each(s.data, '$.fields') f"
                                 " WHERE s.document = d.id AND s.kind IN ('agreement', 'activity')"
                                 " AND f.value = :field)");
        if (has_dates(r)) {
            /* a document without a published date is dated by the records it reports */
            rc |= ht_buf_puts(b, " AND (CASE WHEN d.published IS NOT NULL THEN ");
            rc |= sql_overlap(b, "d.published");
            rc |= ht_buf_puts(b, " ELSE EXISTS (SELECT 1 FROM sources s LEFT JOIN agreements ra"
                                 " ON s.kind = 'agreement' AND ra.id = s.record LEFT JOIN activities rv"
                                 " ON s.kind = 'activity' AND rv.id = s.record WHERE s.document = d.id AND ");
            rc |= sql_overlap(b, "coalesce(ra.signed, rv.date)");
            rc |= ht_buf_puts(b, ") END)");
        }
        if (range)
            rc |= ht_buf_puts(b, " AND doc_fts.rowid BETWEEN :lo AND :hi");
        return rc;
    }
    static const char *const tables[] = {"parties p", "people p", "agreements a", "activities a"};
    const char *alias = t == T_PARTY || t == T_PERSON ? "p" : "a";
    rc |= ht_buf_printf(b, "SELECT %s FROM record_fts JOIN %s ON %s.id = record_fts.id"
                           " WHERE record_fts MATCH :m",
                        count ? "count(*)" : HT_RANK_FUNCTION "(record_fts, :rank)", tables[t],
                        alias);
    rc |= sql_review(r, alias);
    switch (t) {
    case T_PARTY:
        if (r->parties)
            rc |= ht_buf_puts(b, " AND p.id IN " PARTY_SET);
        if (r->f.country[0])
            rc |= ht_buf_puts(b, " AND p.country = :country");
        break;
    case T_PERSON:
        if (r->parties)
            rc |= ht_buf_puts(b, " AND (p.party IN " PARTY_SET " OR EXISTS (SELECT 1 FROM positions po"
                                 " WHERE po.person = p.id AND po.party IN " PARTY_SET "))");
        if (r->f.country[0])
            rc |= ht_buf_puts(b, " AND EXISTS (SELECT 1 FROM parties x WHERE x.country = :country"
                                 " AND (x.id = p.party OR x.id IN (SELECT po.party FROM positions po"
                                 " WHERE po.person = p.id)))");
        break;
    case T_AGREEMENT:
    case T_ACTIVITY: {
        const char *link = t == T_AGREEMENT ? "agreement_parties lp WHERE lp.agreement = a.id"
                                            : "activity_parties lp WHERE lp.activity = a.id";
        if (r->parties)
            rc |= ht_buf_printf(b, " AND EXISTS (SELECT 1 FROM %s AND lp.party IN " PARTY_SET ")", link);
        if (r->f.country[0])
            rc |= ht_buf_printf(b, " AND EXISTS (SELECT 1 FROM %s AND lp.party IN (SELECT x.id"
                                   " FROM parties x WHERE x.country = :country))", link);
        if (o->field)
            rc |= ht_buf_puts(b, " AND EXISTS (SELECT 1 FROM json_each(a.fields) WHERE value = :field)");
        if (has_dates(r)) {
            rc |= ht_buf_puts(b, " AND (");
            rc |= sql_overlap(b, t == T_AGREEMENT ? "a.signed" : "a.date");
            if (t == T_AGREEMENT) /* or its term overlaps */
                rc |= ht_buf_puts(b, " OR (a.term_from IS NOT NULL AND a.term_from <= :toy AND"
                                     " coalesce(a.term_to, a.term_from) >= :fromy)");
            rc |= ht_buf_putc(b, ')');
        }
        if (t == T_AGREEMENT && o->status)
            rc |= sql_status(b);
        break;
    }
    }
    return rc;
}

static void bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i > 0)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static void bind_int(sqlite3_stmt *st, const char *name, long v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i > 0)
        sqlite3_bind_int64(st, i, v);
}

static int cmp_rowid(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* The range of the documents' rowids (given in order of arrival: they fill it). */
static int doc_rowids(run *r)
{
    sqlite3_stmt *st;
    int rc = stmt(r, "SELECT (SELECT min(rid) FROM documents), (SELECT max(rid) FROM documents)",
                  &st);
    if (rc)
        return rc;
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        r->doc_lo = sqlite3_column_int64(st, 0);
        r->doc_hi = sqlite3_column_int64(st, 1);
        rc = SQLITE_OK;
    }
    done(st);
    return rc == SQLITE_OK ? 0 : db_error(r, rc, "reading the documents");
}

/* Runs the statement of type t over the query's expression in slot (0: match, 1:
 * boost): ranking its rows into r->rank (flagged exact or not), or only counting them
 * into r->rank.total. */
static int run_range(run *r, int t, int slot, bool exact, bool count, long long lo, long long hi)
{
    bool range = lo <= hi;
    if (build_sql(r, t, count, range))
        return ht_err(r->e, HT_ENOMEM, "out of memory");
    sqlite3_stmt *st;
    int rc = stmt(r, r->sql.p, &st);
    if (rc)
        return rc;
    const ht_search_opts *o = r->o;
    bind_text(st, ":m", slot ? r->q.boost : r->q.match);
    bind_text(st, ":parties", r->parties);
    bind_text(st, ":country", r->f.country);
    bind_text(st, ":field", o->field);
    bind_text(st, ":review", o->review);
    bind_text(st, ":status", o->status);
    bind_text(st, ":from", r->f.from[0] ? r->f.from : "0000-00-00");
    bind_text(st, ":to", r->f.to[0] ? r->f.to : "9999-99-99");
    bind_int(st, ":fromy", r->f.from[0] ? atol(r->f.from) : 0);
    bind_int(st, ":toy", r->f.to[0] ? atol(r->f.to) : 9999);
    bind_text(st, ":today", r->today);
    bind_text(st, ":horizon", r->horizon);
    if (range) {
        bind_int(st, ":lo", (long)lo);
        bind_int(st, ":hi", (long)hi);
    }
    ht_rank *k = &r->rank;
    if (!count) {
        ht_rank_bind(st, sqlite3_bind_parameter_index(st, ":rank"), k);
        memset(k->weights, 0, sizeof k->weights);
        const double *w = t == T_DOCUMENT ? doc_weights : record_weights;
        size_t nw = t == T_DOCUMENT ? sizeof doc_weights / sizeof *w
                                    : sizeof record_weights / sizeof *w;
        memcpy(k->weights, w, nw * sizeof *w);
        k->type = t;
        k->slot = slot;
        k->exact = exact;
        k->err = 0;
        k->rowid_lo = t == T_DOCUMENT ? r->doc_lo : 0;
        k->rowid_hi = t == T_DOCUMENT ? r->doc_hi : 0;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (count)
            k->total += sqlite3_column_int64(st, 0);
    done(st);
    if (rc != SQLITE_DONE)
        return db_error(r, !count && k->err ? k->err : rc, "searching");
    return 0;
}

/* ---- two threads over the documents ---- */

/* The second thread's session, on a read-only connection of its own to the same file;
 * NULL (one thread does all) when there is no file or it cannot be opened. */
static ht_search_session *second(ht_search_session *s)
{
    if (s->s2 || s->split_min < 0)
        return s->s2;
    const char *file = sqlite3_db_filename(s->db, "main");
    ht_error e = {0};
    if (!file || !*file || ht_store_open(file, HT_STORE_READONLY, &s->st2, &e) ||
        ht_search_session_open(ht_store_db(s->st2), &s->s2, &e)) {
        ht_store_close(s->st2);
        s->st2 = NULL;
        s->s2 = NULL;
        s->split_min = -1;
        return NULL;
    }
    s->s2->split_min = -1;
    return s->s2;
}

typedef struct {
    run w;
    int t, slot;
    bool exact, count;
    long long lo, hi;
    int rc;
    ht_error e;
} half;

static void *half_main(void *p)
{
    half *h = p;
    h->rc = run_range(&h->w, h->t, h->slot, h->exact, h->count, h->lo, h->hi);
    return NULL;
}

/* Runs the statement of type t: the documents of a large registry in two halves, the
 * upper one on the second thread, then its rows merged into r's. The halves share the
 * whole table's statistics (idf, average size), so the kept rows are the same as one
 * pass over all of them would keep. */
static int run_type(run *r, int t, int slot, bool exact, bool count)
{
    ht_search_session *s2 = NULL;
    if (t != T_DOCUMENT || r->s->split_min < 0 || r->doc_hi - r->doc_lo + 1 < r->s->split_min ||
        !(s2 = second(r->s)))
        return run_range(r, t, slot, exact, count, 1, 0);
    long long mid = r->doc_lo + (r->doc_hi - r->doc_lo) / 2;
    half *h = calloc(1, sizeof *h);
    if (!h)
        return ht_err(r->e, HT_ENOMEM, "out of memory");
    *h = (half){.w = {.db = s2->db, .s = s2, .o = r->o, .f = r->f, .q = r->q,
                      .parties = r->parties, .doc_lo = r->doc_lo, .doc_hi = r->doc_hi,
                      .rank = {.q = &r->q, .keep = r->rank.keep, .skip = r->rank.skip,
                               .nskip = r->rank.nskip, .sample = r->rank.sample}},
                .t = t, .slot = slot, .exact = exact, .count = count, .lo = mid + 1,
                .hi = r->doc_hi};
    h->w.e = &h->e;
    memcpy(h->w.today, r->today, sizeof r->today);
    memcpy(h->w.horizon, r->horizon, sizeof r->horizon);
    pthread_t th;
    bool started = pthread_create(&th, NULL, half_main, h) == 0;
    int rc = run_range(r, t, slot, exact, count, r->doc_lo, mid);
    if (started)
        pthread_join(th, NULL);
    else
        half_main(h); /* no thread to be had: one after the other */
    if (!rc && h->rc) {
        *r->e = h->e;
        rc = h->rc;
    }
    for (size_t i = 0; i < h->w.rank.n && !rc; i++)
        if (ht_rank_add(&r->rank, &h->w.rank.heap[i]) != SQLITE_OK)
            rc = ht_err(r->e, HT_ENOMEM, "out of memory");
    r->rank.total += h->w.rank.total;
    r->rank.sized += h->w.rank.sized;
    ht_rank_free(&h->w.rank);
    ht_buf_free(&h->w.sql);
    free(h);
    return rc;
}

/* The boost rows of type t among the kept rows, sorted: the match expression's pass
 * counts them again but does not rank them twice. */
static int skip_boosted(run *r, int t)
{
    ht_rank *k = &r->rank;
    free(r->skip);
    r->skip = malloc((k->n ? k->n : 1) * sizeof *r->skip);
    if (!r->skip)
        return ht_err(r->e, HT_ENOMEM, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < k->n; i++)
        if (k->heap[i].type == t && k->heap[i].exact)
            r->skip[n++] = k->heap[i].rowid;
    qsort(r->skip, n, sizeof *r->skip, cmp_rowid);
    k->skip = r->skip;
    k->nskip = n;
    return 0;
}

/* Ranks (and counts) every kind of record wanted. A query with accents has two
 * expressions: the rows matching the accents as typed come first, so they are ranked
 * first, on their own; when they fill the page, the others are only counted. */
static int rank_all(run *r)
{
    int rc = 0;
    if (!r->q.boost) {
        for (int t = 0; t < T_COUNT && !rc; t++)
            if (type_wanted(r, t))
                rc = run_type(r, t, 0, r->q.exact, false);
        return rc;
    }
    for (int t = 0; t < T_COUNT && !rc; t++)
        if (type_wanted(r, t))
            rc = run_type(r, t, 1, true, false);
    bool full = (size_t)r->rank.total >= r->rank.keep;
    r->rank.total = 0;
    for (int t = 0; t < T_COUNT && !rc; t++) {
        if (!type_wanted(r, t))
            continue;
        if (full) {
            rc = run_type(r, t, 0, false, true);
            continue;
        }
        if (!(rc = skip_boosted(r, t)))
            rc = run_type(r, t, 0, false, false);
        r->rank.skip = NULL;
        r->rank.nskip = 0;
    }
    return rc;
}

/* ---- the party filter ---- */

/* The codes of the gazetteer's places named key (folded), as a JSON array. */
static int gazetteer_codes(const char *key, size_t n, ht_buf *out)
{
    const ht_data_table *t = &ht_data_gazetteer;
    size_t first, count = ht_data_lookup(t, key, n, &first);
    int col = ht_data_col(t, "id"), rc = ht_buf_putc(out, '[');
    for (size_t i = first; i < first + count && col >= 0 && !rc; i++) {
        const char *id = ht_data_cell(t, t->keys[i].row, (size_t)col);
        rc = ht_buf_puts(out, i > first ? ",\"" : "\"") | ht_json_escape(out, id, strlen(id)) |
             ht_buf_putc(out, '"');
    }
    return rc | ht_buf_putc(out, ']');
}

/* The ids of the parties named by --party (an id, a name or an alias, or a place of the
 * gazetteer), with the parties under them and those that merged into them. */
static int resolve_party(run *r)
{
    const char *v = r->o->party;
    ht_buf folded = {0}, codes = {0}; /* folded as the store and the gazetteer fold names */
    if (ht_text_fold(v, strlen(v), &folded) || ht_buf_putc(&folded, 0) ||
        gazetteer_codes(folded.p, strlen(folded.p), &codes)) {
        ht_buf_free(&folded);
        ht_buf_free(&codes);
        return ht_err(r->e, HT_ENOMEM, "out of memory");
    }
    static const char sql[] =
        "WITH RECURSIVE base(id) AS ("
        " SELECT id FROM parties WHERE id = ?1 OR upper(id) = upper(?1)"
        " UNION SELECT id FROM parties WHERE folded = ?2"
        " UNION SELECT record FROM aliases WHERE kind = 'party' AND folded = ?2"
        " UNION SELECT id FROM parties WHERE id IN (SELECT value FROM json_each(?3))),"
        " tree(id) AS (SELECT id FROM base UNION SELECT p.id FROM parties p, tree t"
        "  WHERE p.parent = t.id OR p.successor = t.id)"
        " SELECT json_group_array(id), count(*) FROM (SELECT id FROM tree ORDER BY id)";
    sqlite3_stmt *st;
    int err = stmt(r, sql, &st);
    if (err) {
        ht_buf_free(&folded);
        ht_buf_free(&codes);
        return err;
    }
    sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, folded.p, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, codes.p, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_int(st, 1) == 0)
        err = ht_err(r->e, HT_ENOTFOUND,
                     "--party: no party '%.64s' in the registry (give an id such as VN-DLK, "
                     "a name or an alias)", v);
    else if (rc == SQLITE_ROW) {
        r->parties = strdup((const char *)sqlite3_column_text(st, 0));
        if (!r->parties)
            err = ht_err(r->e, HT_ENOMEM, "out of memory");
    } else
        err = db_error(r, rc, "looking up the party");
    done(st);
    ht_buf_free(&folded);
    ht_buf_free(&codes);
    return err;
}

/* ---- reading the hits back ---- */

typedef struct {
    const char *title, *date, *doc;
    long long span_start, span_end;
} record_info;

static const char *col_str(ht_search_results *res, sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? ht_search_str(res, s, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

/* The snippet of a document: from the block (lead, body or caption) that shows the
 * most terms, offsets in the original bytes. */
static int doc_snippet(run *r, const char *doc_id, const char *orig, size_t n, ht_snippet *out)
{
    static const char sql[] = "SELECT orig_start, orig_end FROM blocks WHERE document = ?1 AND"
                              " class IN ('lead', 'body', 'caption', 'caption-other') ORDER BY n";
    sqlite3_stmt *st;
    int rc = stmt(r, sql, &st);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, doc_id, -1, SQLITE_STATIC);
    ht_snippet_opts so = {.exact = r->q.exact};
    ht_snippet best = {0};
    size_t best_off = 0;
    bool any = false;
    int err = 0;
    while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long a = sqlite3_column_int64(st, 0), z = sqlite3_column_int64(st, 1);
        if (a < 0 || z > (long long)n || a >= z)
            continue;
        ht_snippet sn;
        ht_error se;
        if (ht_snippet_make(orig + a, (size_t)(z - a), r->q.terms, r->q.nterms, &so, &sn, &se))
            continue; /* a block cut inside a character: skip it */
        if (!any || sn.groups > best.groups ||
            (sn.groups == best.groups && sn.nmarks > best.nmarks)) {
            ht_snippet_free(&best);
            best = sn;
            best_off = (size_t)a;
            any = true;
        } else
            ht_snippet_free(&sn);
    }
    done(st);
    if (!err && rc != SQLITE_DONE && rc != SQLITE_ROW)
        err = db_error(r, rc, "reading a document's blocks");
    if (!err && !any) { /* no article blocks: the start of the document */
        ht_error se;
        if (ht_snippet_make(orig, n, r->q.terms, r->q.nterms, &so, &best, &se) == 0)
            any = true;
    }
    if (err || !any) {
        ht_snippet_free(&best);
        return err;
    }
    best.start += best_off;
    best.end += best_off;
    *out = best;
    return 0;
}

/* A valid UTF-8 boundary at or before i. */
static size_t char_start(const char *s, size_t n, size_t i)
{
    if (i > n)
        i = n;
    while (i > 0 && i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* The snippet of a record: its evidence document around its span. */
static int record_snippet(run *r, const record_info *ri, ht_search_hit *h, ht_search_results *res)
{
    if (!ri->doc)
        return 0;
    sqlite3_stmt *st;
    int rc = stmt(r, "SELECT orig, source FROM documents WHERE id = ?1", &st);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, ri->doc, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *orig = sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        h->source = col_str(res, st, 1);
        size_t a = ri->span_start > 0 ? (size_t)ri->span_start : 0;
        size_t z = ri->span_end > 0 ? (size_t)ri->span_end : a;
        if (orig && a <= n && z <= n && a <= z) {
            size_t wa = char_start(orig, n, a > EVIDENCE_CONTEXT ? a - EVIDENCE_CONTEXT : 0);
            size_t wz = char_start(orig, n, z + EVIDENCE_CONTEXT < n ? z + EVIDENCE_CONTEXT : n);
            ht_snippet_opts so = {.exact = r->q.exact};
            ht_error se;
            ht_snippet sn;
            if (ht_snippet_make(orig + wa, wz - wa, r->q.terms, r->q.nterms, &so, &sn, &se) == 0) {
                if (sn.nmarks == 0) { /* no term near the span: the span itself */
                    ht_snippet_free(&sn);
                    wa = char_start(orig, n, a);
                    if (ht_snippet_make(orig + wa, wz - wa, r->q.terms, r->q.nterms, &so, &sn, &se))
                        memset(&sn, 0, sizeof sn);
                }
                sn.start += wa;
                sn.end += wa;
                h->snippet = sn;
            }
        }
        rc = SQLITE_DONE;
    }
    done(st);
    return rc == SQLITE_DONE ? 0 : db_error(r, rc, "reading a record's document");
}

static int load_document(run *r, const ht_rank_hit *k, ht_search_hit *h, ht_search_results *res)
{
    sqlite3_stmt *st;
    int rc = stmt(r, r->o->no_snippets ? "SELECT id, title, published, source FROM documents"
                                         " WHERE rid = ?1"
                                       : "SELECT id, title, published, source, orig FROM"
                                         " documents WHERE rid = ?1", &st);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, k->rowid);
    int err = 0;
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        h->id = col_str(res, st, 0);
        h->title = col_str(res, st, 1);
        h->date = col_str(res, st, 2);
        h->source = col_str(res, st, 3);
        if (!r->o->no_snippets && h->id)
            err = doc_snippet(r, h->id, sqlite3_column_blob(st, 4),
                              (size_t)sqlite3_column_bytes(st, 4), &h->snippet);
    } else if (rc != SQLITE_DONE)
        err = db_error(r, rc, "reading a document");
    done(st);
    return err;
}

/* Title, date and evidence of a record; agreements and activities without a title are
 * named by their kind and parties. */
static const char *const record_sql[] = {
    [T_PARTY] = "SELECT name, NULL, document, span_start, span_end FROM parties WHERE id = ?1",
    [T_PERSON] = "SELECT name, NULL, document, span_start, span_end FROM people WHERE id = ?1",
    [T_AGREEMENT] =
        "SELECT coalesce(a.title, a.kind || ': ' || coalesce((SELECT group_concat(name, ' – ')"
        " FROM (SELECT name FROM agreement_parties WHERE agreement = a.id ORDER BY name)), '')"
        " || CASE WHEN a.term_from IS NOT NULL THEN ' (' || a.term_from || coalesce('–' ||"
        " a.term_to, '') || ')' ELSE '' END),"
        " coalesce(a.signed, CAST(a.term_from AS TEXT)), a.document, a.span_start, a.span_end"
        " FROM agreements a WHERE a.id = ?1",
    [T_ACTIVITY] =
        "SELECT a.kind || ': ' || coalesce((SELECT group_concat(name, ' – ') FROM (SELECT name"
        " FROM activity_parties WHERE activity = a.id ORDER BY name)), ''),"
        " a.date, a.document, a.span_start, a.span_end FROM activities a WHERE a.id = ?1",
};

static int load_record(run *r, const ht_rank_hit *k, ht_search_hit *h, ht_search_results *res)
{
    sqlite3_stmt *st;
    int rc = stmt(r, "SELECT id FROM record_fts WHERE rowid = ?1", &st);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, k->rowid);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW)
        h->id = col_str(res, st, 0);
    done(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error(r, rc, "reading a record");
    if (!h->id)
        return 0;
    if ((rc = stmt(r, record_sql[k->type], &st)))
        return rc;
    sqlite3_bind_text(st, 1, h->id, -1, SQLITE_STATIC);
    record_info ri = {0};
    int err = 0;
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        h->title = col_str(res, st, 0);
        h->date = col_str(res, st, 1);
        ri.doc = col_str(res, st, 2);
        ri.span_start = sqlite3_column_int64(st, 3);
        ri.span_end = sqlite3_column_int64(st, 4);
    } else if (rc != SQLITE_DONE)
        err = db_error(r, rc, "reading a record");
    done(st);
    if (!err && !r->o->no_snippets)
        err = record_snippet(r, &ri, h, res);
    else if (!err && ri.doc) { /* the source without the snippet */
        if (!(err = stmt(r, "SELECT source FROM documents WHERE id = ?1", &st))) {
            sqlite3_bind_text(st, 1, ri.doc, -1, SQLITE_STATIC);
            if (sqlite3_step(st) == SQLITE_ROW)
                h->source = col_str(res, st, 0);
            done(st);
        }
    }
    return err;
}

/* ---- the search ---- */

int ht_search_session_open(sqlite3 *db, ht_search_session **out, ht_error *e)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return ht_err(e, HT_ENOMEM, "out of memory");
    (*out)->db = db;
    /* one core: a second thread would only wait for it */
    (*out)->split_min = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? HT_SEARCH_SPLIT_MIN : -1;
    (*out)->aliases.db = db;
    return 0;
}

void ht_search_session_split(ht_search_session *s, long min_documents)
{
    s->split_min = min_documents;
}

int ht_search_session_threads(const ht_search_session *s)
{
    return s->s2 ? 2 : 1;
}

void ht_search_session_close(ht_search_session *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->ncache; i++) {
        sqlite3_finalize(s->cache[i].st);
        free(s->cache[i].sql);
    }
    ht_search_aliases_free(&s->aliases);
    ht_search_session_close(s->s2);
    ht_store_close(s->st2);
    free(s);
}

int ht_search_run(sqlite3 *db, const ht_search_opts *o, ht_search_results *res, ht_error *e)
{
    ht_search_session *s;
    memset(res, 0, sizeof *res);
    int rc = ht_search_session_open(db, &s, e);
    if (rc)
        return rc;
    rc = ht_search_session_run(s, o, res, e);
    ht_search_session_close(s);
    return rc;
}

int ht_search_session_run(ht_search_session *s, const ht_search_opts *o, ht_search_results *res,
                          ht_error *e)
{
    memset(res, 0, sizeof *res);
    run r = {.db = s->db, .s = s, .o = o, .e = e};
    int rc = ht_search_opts_check(o, &r.f, e);
    if (rc)
        return rc;
    if (!o->query)
        return ht_err(e, HT_EFORMAT, "empty query");
    res->query = ht_search_str(res, o->query, strlen(o->query));
    res->offset = r.f.offset;
    res->limit = r.f.limit;
    /* One read transaction for the whole search: every statement sees the same registry,
     * and the file is locked and checked once, not once per statement (a few dozen). */
    bool own = sqlite3_get_autocommit(s->db);
    if (own && (rc = step_once(&r, "BEGIN")))
        return rc;
    ht_query_opts qo = {.exact = o->exact, .prefix_last = o->typing, .alias = ht_search_alias,
                        .alias_ctx = &s->aliases};
    rc = ht_query_parse(o->query, strlen(o->query), &qo, &r.q, e);
    if (rc)
        goto done;
    if (o->party && (rc = resolve_party(&r)))
        goto done;
    char now[32];
    ht_store_now(now);
    memcpy(r.today, now, 10);
    r.today[10] = 0;
    add_months(r.today, EXPIRING_MONTHS, r.horizon);
    r.rank.q = &r.q;
    r.rank.keep = (size_t)(r.f.offset + r.f.limit);
    if (type_wanted(&r, T_DOCUMENT))
        rc = doc_rowids(&r);
    if (rc || (rc = rank_all(&r)))
        goto done;
    ht_rank_sort(&r.rank);
    res->total = r.rank.total;
    for (size_t i = (size_t)r.f.offset; i < r.rank.n && !rc; i++) {
        const ht_rank_hit *k = &r.rank.heap[i];
        ht_search_hit *h = ht_search_add(res);
        if (!h) {
            rc = ht_err(e, HT_ENOMEM, "out of memory");
            break;
        }
        h->type = type_names[k->type];
        h->score = k->score;
        h->exact = k->exact;
        rc = k->type == T_DOCUMENT ? load_document(&r, k, h, res) : load_record(&r, k, h, res);
    }
done:
    if (own) {
        ht_error ce = {0};
        run c = r;
        c.e = &ce;
        int x = step_once(&c, "COMMIT");
        if (x && !rc) {
            *e = ce;
            rc = x;
        }
    }
    ht_query_free(&r.q);
    free(r.skip);
    free(r.parties);
    ht_rank_free(&r.rank);
    ht_buf_free(&r.sql);
    if (rc) {
        ht_search_results_free(res);
        memset(res, 0, sizeof *res);
    }
    return rc;
}
