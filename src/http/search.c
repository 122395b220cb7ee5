/* Search for the API and the search page, in the JSON of SPEC 1c: the words of the
 * query (accent- and case-insensitive through the "hoptac" tokenizer; the last word
 * also as a prefix, for search-as-you-type) against the full-text index of documents
 * and of records, ranked by BM25, with the index's own highlighted snippets.
 * The query never reaches FTS5 as syntax: each word is quoted, so operators, quotes and
 * column filters typed by a user are plain words. */
#include "http_int.h"

#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 16

/* Builds the MATCH expression: "w1" "w2" ... "wn"* ; returns the number of words. */
static size_t build_match(const char *q, bool prefix, ht_buf *out)
{
    size_t n = 0, len = strlen(q);
    for (size_t i = 0; i < len && n < MAX_WORDS;) {
        while (i < len && (unsigned char)q[i] < 0x80 &&
               !((q[i] >= 'a' && q[i] <= 'z') || (q[i] >= 'A' && q[i] <= 'Z') ||
                 (q[i] >= '0' && q[i] <= '9')))
            i++;
        size_t st = i;
        while (i < len && ((unsigned char)q[i] >= 0x80 || (q[i] >= 'a' && q[i] <= 'z') ||
                           (q[i] >= 'A' && q[i] <= 'Z') || (q[i] >= '0' && q[i] <= '9')))
            i++;
        if (i == st)
            continue;
        if (n)
            ht_buf_putc(out, ' ');
        ht_buf_putc(out, '"');
        ht_buf_append(out, q + st, i - st);
        ht_buf_putc(out, '"');
        if (prefix && i >= len)
            ht_buf_putc(out, '*');
        n++;
    }
    ht_buf_putc(out, 0);
    return n;
}

typedef struct {
    const char *type;
    char *id, *title, *date, *source, *snip;
    double score;
} hit;

static int cmp_hit(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? -1 : 1; /* bm25: smaller is better */
    int c = strcmp(x->type, y->type);
    return c ? c : strcmp(x->id, y->id);
}

static char *dup(const unsigned char *s)
{
    return s ? strdup((const char *)s) : NULL;
}

/* Writes the snippet made with \x01 ... \x02 marks as {"text", "start", "end",
 * "marks"}; start and end are not known here (null). */
static void snippet_json(ht_json *j, const char *s)
{
    if (!s || !*s) {
        ht_json_null(j);
        return;
    }
    ht_buf text = {0};
    size_t marks[64][2], nm = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '\x01') {
            if (nm < 64)
                marks[nm][0] = text.n;
        } else if (*p == '\x02') {
            if (nm < 64)
                marks[nm++][1] = text.n;
        } else
            ht_buf_putc(&text, *p == '\n' ? ' ' : *p);
    }
    ht_json_obj(j);
    ht_json_key(j, "text");
    ht_json_str(j, text.p ? text.p : "", text.n);
    ht_json_key(j, "start");
    ht_json_null(j);
    ht_json_key(j, "end");
    ht_json_null(j);
    ht_json_key(j, "marks");
    ht_json_arr(j);
    for (size_t i = 0; i < nm; i++) {
        ht_json_obj(j);
        ht_json_key(j, "start");
        ht_json_int(j, (long long)marks[i][0]);
        ht_json_key(j, "end");
        ht_json_int(j, (long long)marks[i][1]);
        ht_json_obj_end(j);
    }
    ht_json_arr_end(j);
    ht_json_obj_end(j);
    ht_buf_free(&text);
}

static const char DOC_SQL[] =
    "SELECT d.id, d.title, d.published, d.source,"
    " snippet(doc_fts, -1, char(1), char(2), '…', 24), bm25(doc_fts, 4.0, 1.0, 0.5)"
    " FROM doc_fts JOIN documents d ON d.rid = doc_fts.rowid WHERE doc_fts MATCH ?1"
    " AND (?2 IS NULL OR d.published >= ?2) AND (?3 IS NULL OR d.published <= ?3)"
    " ORDER BY bm25(doc_fts, 4.0, 1.0, 0.5) LIMIT ?4";

static const char REC_SQL[] =
    "SELECT r.id, r.kind, snippet(record_fts, -1, char(1), char(2), '…', 16), bm25(record_fts),"
    " CASE r.kind WHEN 'party' THEN (SELECT name FROM parties WHERE id = r.id)"
    "  WHEN 'person' THEN (SELECT name FROM people WHERE id = r.id)"
    "  WHEN 'agreement' THEN (SELECT coalesce(title, kind) FROM agreements WHERE id = r.id)"
    "  ELSE (SELECT kind FROM activities WHERE id = r.id) END,"
    " CASE r.kind WHEN 'agreement' THEN (SELECT signed FROM agreements WHERE id = r.id)"
    "  WHEN 'activity' THEN (SELECT date FROM activities WHERE id = r.id) END,"
    " CASE r.kind WHEN 'party' THEN (SELECT status FROM parties WHERE id = r.id)"
    "  WHEN 'person' THEN (SELECT status FROM people WHERE id = r.id)"
    "  WHEN 'agreement' THEN (SELECT status FROM agreements WHERE id = r.id)"
    "  ELSE (SELECT status FROM activities WHERE id = r.id) END,"
    " CASE r.kind WHEN 'agreement' THEN (SELECT group_concat(name, ' – ') FROM (SELECT name"
    "  FROM agreement_parties WHERE agreement = r.id ORDER BY name))"
    "  WHEN 'activity' THEN (SELECT group_concat(name, ' – ') FROM (SELECT name"
    "  FROM activity_parties WHERE activity = r.id ORDER BY name)) END"
    " FROM record_fts r WHERE record_fts MATCH ?1 ORDER BY bm25(record_fts) LIMIT ?2";

static bool kind_on(const char *kinds, const char *k)
{
    if (!kinds || !*kinds)
        return true;
    size_t n = strlen(k);
    for (const char *p = kinds; *p;) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        if (len == n && memcmp(p, k, n) == 0)
            return true;
        if (!c)
            break;
        p = c + 1;
    }
    return false;
}

static int check_kinds(const char *kinds, ht_error *e)
{
    static const char *const K[] = {"document", "agreement", "activity", "party", "person"};
    for (const char *p = kinds; p && *p;) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        bool ok = false;
        for (size_t i = 0; i < 5; i++)
            ok |= len == strlen(K[i]) && memcmp(p, K[i], len) == 0;
        if (!ok)
            return ht_err(e, HT_EINVAL,
                          "kind: '%.*s' is not document, agreement, activity, party or person",
                          (int)(len > 40 ? 40 : len), p);
        if (!c)
            break;
        p = c + 1;
    }
    return 0;
}

static bool date_like(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
            return false;
    int m = n >= 7 ? atoi(s + 5) : 1, d = n == 10 ? atoi(s + 8) : 1;
    return atoi(s) > 0 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int hs_search_json(ht_store *st, const hs_search_opts *o, ht_buf *out, ht_error *e)
{
    int rc = check_kinds(o->kind, e);
    if (rc)
        return rc;
    if (o->from && !date_like(o->from))
        return ht_err(e, HT_EINVAL, "from: '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                      o->from);
    if (o->to && !date_like(o->to))
        return ht_err(e, HT_EINVAL, "to: '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                      o->to);
    static const char *const REVIEW[] = {"proposed", "confirmed", "rejected", "deleted"};
    bool rv = !o->review;
    for (size_t i = 0; o->review && i < 4; i++)
        rv |= strcmp(o->review, REVIEW[i]) == 0;
    if (!rv)
        return ht_err(e, HT_EINVAL, "review: '%s' is not proposed, confirmed, rejected or deleted",
                      o->review);
    long limit = o->limit > 0 ? o->limit : 20, offset = o->offset > 0 ? o->offset : 0;
    if (limit > 1000)
        return ht_err(e, HT_EINVAL, "limit: at most 1000");
    if (offset > 100000)
        return ht_err(e, HT_EINVAL, "offset: at most 100000");
    ht_buf m = {0};
    size_t words = build_match(o->q ? o->q : "", true, &m);
    hit *hits = NULL;
    size_t n = 0, cap = 0;
    long want = limit + offset;
    char to_end[11] = "";
    if (o->to) {
        /* "2018" runs to the end of 2018 */
        snprintf(to_end, sizeof to_end, "%s%s", o->to,
                 strlen(o->to) == 4 ? "-12-31" : strlen(o->to) == 7 ? "-31" : "");
    }
    rc = 0;
    for (int pass = 0; words && pass < 2 && !rc; pass++) {
        bool docs = pass == 0;
        if (docs && !kind_on(o->kind, "document"))
            continue;
        sqlite3_stmt *s = hs_stmt(st, docs ? DOC_SQL : REC_SQL, e);
        if (!s) {
            rc = e->code;
            break;
        }
        sqlite3_bind_text(s, 1, m.p, -1, SQLITE_TRANSIENT);
        if (docs) {
            if (o->from)
                sqlite3_bind_text(s, 2, o->from, -1, SQLITE_TRANSIENT);
            if (o->to)
                sqlite3_bind_text(s, 3, to_end, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(s, 4, want + 200);
        } else
            sqlite3_bind_int64(s, 2, want + 1000);
        int r;
        while ((r = sqlite3_step(s)) == SQLITE_ROW) {
            hit h = {0};
            if (docs) {
                h.type = "document";
                h.id = dup(sqlite3_column_text(s, 0));
                h.title = dup(sqlite3_column_text(s, 1));
                h.date = dup(sqlite3_column_text(s, 2));
                h.source = dup(sqlite3_column_text(s, 3));
                h.snip = dup(sqlite3_column_text(s, 4));
                h.score = sqlite3_column_double(s, 5);
            } else {
                const char *k = (const char *)sqlite3_column_text(s, 1);
                static const char *const K[] = {"party", "person", "agreement", "activity"};
                h.type = NULL;
                for (size_t i = 0; k && i < 4; i++)
                    if (strcmp(k, K[i]) == 0)
                        h.type = K[i];
                const char *status = (const char *)sqlite3_column_text(s, 6);
                if (!h.type || !kind_on(o->kind, h.type))
                    continue;
                if (o->review ? !status || strcmp(status, o->review) != 0
                              : status && (strcmp(status, "rejected") == 0 ||
                                           strcmp(status, "deleted") == 0))
                    continue;
                const char *date = (const char *)sqlite3_column_text(s, 5);
                if ((o->from || o->to) &&
                    (!date || (o->from && strcmp(date, o->from) < 0) ||
                     (o->to && strcmp(date, to_end) > 0)))
                    continue;
                h.id = dup(sqlite3_column_text(s, 0));
                h.snip = dup(sqlite3_column_text(s, 2));
                h.score = sqlite3_column_double(s, 3);
                h.title = dup(sqlite3_column_text(s, 4));
                h.date = dup(sqlite3_column_text(s, 5));
                const char *parties = (const char *)sqlite3_column_text(s, 7);
                h.source = parties ? strdup(parties) : NULL;
                /* a record's names weigh as a document's title does */
                h.score *= 2;
            }
            if (n == cap) {
                cap = cap ? cap * 2 : 32;
                hit *nh = realloc(hits, cap * sizeof *hits);
                if (!nh) {
                    rc = ht_err(e, HT_ENOMEM, "out of memory");
                    break;
                }
                hits = nh;
            }
            hits[n++] = h;
        }
        sqlite3_reset(s);
        if (!rc && r != SQLITE_DONE)
            rc = ht_store_error(st, r, "searching", e);
    }
    if (!rc) {
        if (n)
            qsort(hits, n, sizeof *hits, cmp_hit);
        ht_json j;
        ht_json_init(&j, out);
        ht_json_obj(&j);
        ht_json_key(&j, "query");
        ht_json_cstr(&j, o->q ? o->q : "");
        ht_json_key(&j, "total");
        ht_json_int(&j, (long long)n);
        ht_json_key(&j, "offset");
        ht_json_int(&j, offset);
        ht_json_key(&j, "limit");
        ht_json_int(&j, limit);
        ht_json_key(&j, "results");
        ht_json_arr(&j);
        for (size_t i = (size_t)offset; i < n && i < (size_t)want; i++) {
            hit *h = &hits[i];
            ht_json_obj(&j);
            ht_json_key(&j, "type");
            ht_json_cstr(&j, h->type);
            ht_json_key(&j, "id");
            ht_json_cstr(&j, h->id);
            ht_json_key(&j, "title");
            ht_json_cstr(&j, h->title);
            ht_json_key(&j, "score");
            ht_json_num(&j, -h->score);
            ht_json_key(&j, "exact");
            ht_json_bool(&j, false);
            ht_json_key(&j, "date");
            ht_json_cstr(&j, h->date);
            ht_json_key(&j, "source");
            ht_json_cstr(&j, h->source);
            ht_json_key(&j, "snippet");
            snippet_json(&j, h->snip);
            ht_json_obj_end(&j);
        }
        ht_json_arr_end(&j);
        ht_json_obj_end(&j);
        ht_buf_putc(out, '\n');
        if (j.err)
            rc = ht_err(e, HT_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        free(hits[i].id);
        free(hits[i].title);
        free(hits[i].date);
        free(hits[i].source);
        free(hits[i].snip);
    }
    free(hits);
    ht_buf_free(&m);
    return rc;
}
