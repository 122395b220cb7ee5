/* The hoptac_rank FTS5 auxiliary function: BM25 with FTS5's formula, a bounded heap of
 * the best rows, and the size bound that spares reading the size of rows that cannot
 * enter the heap. */
#include "rank.h"
#include "store/fts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define K1 1.2
#define B 0.75
#define POINTER_TYPE "hoptac_rank"

/* Per statement (FTS5 keeps it with the cursor): what does not change from row to row. */
typedef struct {
    int np;          /* phrases in the statement's MATCH */
    double avgdl;
    double *idf;     /* 0 for the phrases that do not score */
    int *size;       /* tokens per phrase */
    double *freq;    /* per row: weighted hits per phrase */
    /* exact mode with words checked (ht_query_check): */
    bool *fixed;         /* per phrase: its freq is set by check_term */
    long long *pos;      /* per row: positions (column << 32 | offset) of a word's forms */
    size_t npos, cappos;
} state;

/* Phrases of the terms that are not excluded: only they can hit in a matching row. */
static void mark_positive(const ht_query_node *nd, int slot, double *idf, int np)
{
    if (nd->kind == HT_QN_NOT)
        return;
    if (nd->kind == HT_QN_TERM) {
        for (int i = nd->ph[slot]; i < nd->ph[slot] + nd->nph[slot] && i < np; i++)
            idf[i] = 1;
        return;
    }
    for (size_t i = 0; i < nd->nkids; i++)
        mark_positive(nd->kids[i], slot, idf, np);
}

/* The phrases of the checked terms, whose freq check_term sets. */
static void mark_fixed(const ht_query_node *nd, state *s)
{
    if (nd->kind == HT_QN_TERM && nd->check && nd->ph[0] >= 0 && nd->ph[0] < s->np)
        s->fixed[nd->ph[0]] = true;
    for (size_t i = 0; nd->kind != HT_QN_TERM && nd->kind != HT_QN_NOT && i < nd->nkids; i++)
        mark_fixed(nd->kids[i], s);
}

typedef struct {
    sqlite3_int64 hits, floor; /* floor: the count from which idf is floored */
    sqlite3_int64 sample;
    long long lo, hi;          /* rowid range, when the sample may stand for the rest */
    double estimate;           /* > 0 once estimated */
} counter;

static int count_cb(const Fts5ExtensionApi *x, Fts5Context *c, void *ud)
{
    counter *k = ud;
    if (++k->hits >= k->floor)
        return SQLITE_DONE;
    if (k->hits == k->sample && k->lo < k->hi) {
        long long at = x->xRowid(c);
        double part = ((double)at - (double)k->lo + 1) / ((double)k->hi - (double)k->lo + 1);
        if (part > 0 && part < 1) {
            k->estimate = (double)k->hits / part;
            return SQLITE_DONE;
        }
    }
    return SQLITE_OK;
}

static void state_free(void *p)
{
    state *s = p;
    if (s) {
        free(s->idf);
        free(s->size);
        free(s->freq);
        free(s->fixed);
        free(s->pos);
        free(s);
    }
}

static int state_new(const Fts5ExtensionApi *x, Fts5Context *c, const ht_rank *r, state **out)
{
    *out = NULL;
    const ht_query *q = r->q;
    int np = x->xPhraseCount(c);
    if (!q || r->slot < 0 || r->slot > 1 || np != q->nphrases[r->slot])
        return SQLITE_MISMATCH; /* the MATCH is not this query's */
    state *s = calloc(1, sizeof *s);
    if (!s)
        return SQLITE_NOMEM;
    s->np = np;
    size_t n = np > 0 ? (size_t)np : 1;
    s->idf = calloc(n, sizeof *s->idf);
    s->size = calloc(n, sizeof *s->size);
    s->freq = calloc(n, sizeof *s->freq);
    s->fixed = calloc(n, sizeof *s->fixed);
    if (!s->idf || !s->size || !s->freq || !s->fixed) {
        state_free(s);
        return SQLITE_NOMEM;
    }
    sqlite3_int64 rows = 0, tokens = 0;
    int rc = x->xRowCount(c, &rows);
    if (rc == SQLITE_OK)
        rc = x->xColumnTotalSize(c, -1, &tokens);
    s->avgdl = rows > 0 ? (double)tokens / (double)rows : 1;
    if (s->avgdl <= 0)
        s->avgdl = 1;
    mark_positive(q->root, r->slot, s->idf, np);
    if (q->checked && r->slot == 0)
        mark_fixed(q->root, s);
    for (int i = 0; i < np && rc == SQLITE_OK; i++) {
        s->size[i] = x->xPhraseSize(c, i);
        if (s->idf[i] == 0)
            continue;
        /* FTS5's idf, which it floors at 1e-6 once a phrase is in half of the rows:
         * counting stops there */
        counter k = {0, (rows + 1) / 2, r->sample > 0 ? r->sample : HT_RANK_SAMPLE,
                     r->rowid_lo, r->rowid_hi, 0};
        if (k.floor < 1)
            k.floor = 1;
        rc = x->xQueryPhrase(c, i, &k, count_cb);
        double hits = k.estimate > 0 ? k.estimate : (double)k.hits;
        double idf = log(((double)rows - hits + 0.5) / (hits + 0.5));
        s->idf[i] = idf > 0 && 2 * hits < (double)rows ? idf : 1e-6;
    }
    if (rc != SQLITE_OK) {
        state_free(s);
        return rc;
    }
    *out = s;
    return SQLITE_OK;
}

/* Rowids, and positions (column << 32 | offset), in order. */
static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* ---- exact mode: the words without marks, checked ---- */

/* Appends the positions of phrases first..first+n-1 in the row to s->pos. */
static int gather(const Fts5ExtensionApi *x, Fts5Context *c, state *s, int first, int n)
{
    for (int i = first; i < first + n && i < s->np; i++) {
        Fts5PhraseIter it;
        int col = -1, off = 0;
        for (x->xPhraseFirst(c, i, &it, &col, &off); col >= 0; x->xPhraseNext(c, &it, &col, &off)) {
            if (s->npos == s->cappos) {
                size_t cap = s->cappos ? 2 * s->cappos : 256;
                long long *v = realloc(s->pos, cap * sizeof *v);
                if (!v)
                    return SQLITE_NOMEM;
                s->pos = v;
                s->cappos = cap;
            }
            s->pos[s->npos++] = (long long)col << 32 | (unsigned)off;
        }
    }
    return SQLITE_OK;
}

/* Sorts the positions gathered from from on. */
static void sort_pos(state *s, size_t from)
{
    if (s->npos > from + 1)
        qsort(s->pos + from, s->npos - from, sizeof *s->pos, cmp_ll);
}

/* Whether the sorted positions s->pos[from, to) hold at (none gathered: s->pos may be
 * NULL). */
static bool holds(const state *s, size_t from, size_t to, long long at)
{
    return to > from && bsearch(&at, s->pos + from, to - from, sizeof *s->pos, cmp_ll);
}

/* Term t's hits in the row whose checked words stand without marks: how many (*hits),
 * and their weighted count into s->freq of its phrase. */
static int check_term(const Fts5ExtensionApi *x, Fts5Context *c, const ht_rank *r, state *s,
                      const ht_query_node *t, int *hits)
{
    int p = t->ph[0];
    size_t nw = t->nwords;
    *hits = 0;
    if (p < 0 || p >= s->np)
        return SQLITE_OK;
    s->freq[p] = 0;
    s->npos = 0;
    /* per word: its forms' positions, then its accepted positions, each sorted */
    size_t at[2 * HT_RANK_CHECK_WORDS + 1] = {0};
    if (nw > HT_RANK_CHECK_WORDS)
        nw = HT_RANK_CHECK_WORDS;
    for (size_t i = 0; i < nw; i++) {
        const ht_query_check *k = &t->check[i];
        int rc = k->n > 0 ? gather(x, c, s, k->first, k->n) : SQLITE_OK;
        sort_pos(s, at[2 * i]);
        at[2 * i + 1] = s->npos;
        if (rc == SQLITE_OK && k->n > 0 && k->accept >= 0)
            rc = gather(x, c, s, k->accept, 1);
        if (rc != SQLITE_OK)
            return rc;
        sort_pos(s, at[2 * i + 1]);
        at[2 * i + 2] = s->npos;
    }
    Fts5PhraseIter it;
    int col = -1, off = 0;
    for (x->xPhraseFirst(c, p, &it, &col, &off); col >= 0; x->xPhraseNext(c, &it, &col, &off)) {
        bool ok = true;
        for (size_t i = 0; i < nw && ok; i++) {
            long long w = (long long)col << 32 | (unsigned)(off + (int)i);
            ok = holds(s, at[2 * i + 1], at[2 * i + 2], w) || !holds(s, at[2 * i], at[2 * i + 1], w);
        }
        if (ok) {
            s->freq[p] += r->weights[col < HT_RANK_MAX_COLUMNS ? col : HT_RANK_MAX_COLUMNS - 1];
            ++*hits;
        }
    }
    return SQLITE_OK;
}

/* Whether the row matches nd once the checked words are checked (the excluded terms
 * were left out by FTS5 already, but for those the ranking looks at). */
static int check_node(const Fts5ExtensionApi *x, Fts5Context *c, const ht_rank *r, state *s,
                      const ht_query_node *nd, bool *match)
{
    *match = false;
    if (nd->kind == HT_QN_TERM && nd->check) {
        int hits = 0, rc = check_term(x, c, r, s, nd, &hits);
        *match = hits > 0;
        return rc;
    }
    if (nd->kind == HT_QN_TERM) {
        for (int i = nd->ph[0]; i < nd->ph[0] + nd->nph[0] && i < s->np && !*match; i++) {
            Fts5PhraseIter it;
            int col = -1, off = 0;
            x->xPhraseFirst(c, i, &it, &col, &off);
            *match = col >= 0;
        }
        return SQLITE_OK;
    }
    bool all = nd->kind == HT_QN_AND;
    *match = all;
    for (size_t i = 0; i < nd->nkids; i++) {
        if (nd->kids[i]->kind == HT_QN_NOT) {
            const ht_query_node *t = nd->kids[i]->kids[0];
            int hits = 0, rc = all && t->kind == HT_QN_TERM && t->check
                                   ? check_term(x, c, r, s, t, &hits) : SQLITE_OK;
            if (rc != SQLITE_OK)
                return rc;
            *match = *match && hits == 0;
            continue;
        }
        bool m;
        int rc = check_node(x, c, r, s, nd->kids[i], &m);
        if (rc != SQLITE_OK)
            return rc;
        *match = all ? *match && m : *match || m;
    }
    return SQLITE_OK;
}

static double bm25(const state *s, double dl)
{
    double score = 0, norm = K1 * (1 - B + B * dl / s->avgdl);
    for (int i = 0; i < s->np; i++)
        if (s->freq[i] > 0)
            score += s->idf[i] * (s->freq[i] * (K1 + 1)) / (s->freq[i] + norm);
    return score;
}

/* < 0 when a ranks before b. */
static int order(const ht_rank_hit *a, const ht_rank_hit *b)
{
    if (a->exact != b->exact)
        return a->exact ? -1 : 1;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    return a->rowid < b->rowid ? -1 : a->rowid > b->rowid;
}

/* The heap keeps the worst kept hit at [0]. */
static void sift_down(ht_rank_hit *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i;
        if (l < n && order(&h[l], &h[w]) > 0)
            w = l;
        if (r < n && order(&h[r], &h[w]) > 0)
            w = r;
        if (w == i)
            return;
        ht_rank_hit t = h[i];
        h[i] = h[w];
        h[w] = t;
        i = w;
    }
}

static int keep(ht_rank *r, const ht_rank_hit *hit)
{
    if (r->n < r->keep) {
        if (r->n == r->cap) {
            size_t cap = r->cap ? 2 * r->cap : 32;
            if (cap > r->keep)
                cap = r->keep;
            ht_rank_hit *v = realloc(r->heap, cap * sizeof *v);
            if (!v)
                return SQLITE_NOMEM;
            r->heap = v;
            r->cap = cap;
        }
        size_t i = r->n++;
        r->heap[i] = *hit;
        while (i > 0 && order(&r->heap[(i - 1) / 2], &r->heap[i]) < 0) {
            ht_rank_hit t = r->heap[i];
            r->heap[i] = r->heap[(i - 1) / 2];
            r->heap[(i - 1) / 2] = t;
            i = (i - 1) / 2;
        }
    } else if (r->n > 0 && order(hit, &r->heap[0]) < 0) {
        r->heap[0] = *hit;
        sift_down(r->heap, r->n, 0);
    }
    return SQLITE_OK;
}

static void rank_fn(const Fts5ExtensionApi *x, Fts5Context *c, sqlite3_context *ctx, int nval,
                    sqlite3_value **val)
{
    ht_rank *r = nval >= 1 ? sqlite3_value_pointer(val[0], POINTER_TYPE) : NULL;
    if (!r) {
        sqlite3_result_error(ctx, HT_RANK_FUNCTION ": no ranking context bound", -1);
        return;
    }
    state *s = x->xGetAuxdata(c, 0);
    int rc = SQLITE_OK;
    if (!s) {
        if ((rc = state_new(x, c, r, &s)) == SQLITE_OK)
            rc = x->xSetAuxdata(c, s, state_free); /* frees s itself on failure */
        if (rc != SQLITE_OK) {
            r->err = rc;
            sqlite3_result_error_code(ctx, rc);
            return;
        }
    }
    if (r->q->checked && r->slot == 0) {
        bool match = false;
        if ((rc = check_node(x, c, r, s, r->q->root, &match)) != SQLITE_OK) {
            r->err = rc;
            sqlite3_result_error_code(ctx, rc);
            return;
        }
        if (!match) { /* a checked word stands only with marks */
            sqlite3_result_null(ctx);
            return;
        }
    }
    r->total++;
    long long rowid = x->xRowid(c);
    if (r->keep == 0 || (r->nskip && bsearch(&rowid, r->skip, r->nskip, sizeof *r->skip, cmp_ll))) {
        sqlite3_result_null(ctx);
        return;
    }
    int lb[HT_RANK_MAX_COLUMNS] = {0};
    for (int i = 0; i < s->np; i++) {
        if (s->fixed[i])
            continue;
        s->freq[i] = 0;
        if (s->idf[i] == 0)
            continue;
        Fts5PhraseIter it;
        int col = -1, off = 0;
        for (x->xPhraseFirst(c, i, &it, &col, &off); col >= 0; x->xPhraseNext(c, &it, &col, &off)) {
            int k = col < HT_RANK_MAX_COLUMNS ? col : HT_RANK_MAX_COLUMNS - 1;
            s->freq[i] += r->weights[k];
            if (off + s->size[i] > lb[k])
                lb[k] = off + s->size[i];
        }
    }
    ht_rank_hit hit = {.rowid = rowid, .type = r->type, .exact = r->exact};
    if (r->n == r->keep) {
        /* the row has at least as many tokens as its last hit in each column shows */
        double dl = 0;
        for (int k = 0; k < HT_RANK_MAX_COLUMNS; k++)
            dl += lb[k];
        hit.score = bm25(s, dl);
        if (order(&hit, &r->heap[0]) >= 0) {
            sqlite3_result_null(ctx);
            return;
        }
    }
    int size = 0;
    if ((rc = x->xColumnSize(c, -1, &size)) != SQLITE_OK) {
        r->err = rc;
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    r->sized++;
    hit.score = bm25(s, size);
    if ((rc = keep(r, &hit)) != SQLITE_OK) {
        r->err = rc;
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    sqlite3_result_null(ctx);
}

int ht_rank_add(ht_rank *r, const ht_rank_hit *hit)
{
    return r->keep ? keep(r, hit) : SQLITE_OK;
}

int ht_rank_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
    int rc = sqlite3_prepare_v2(db, sql, -1, st, NULL);
    if (rc != SQLITE_ERROR || !strstr(sqlite3_errmsg(db), HT_RANK_FUNCTION))
        return rc;
    /* FTS5 keeps a list of auxiliary functions per connection: register once */
    fts5_api *api = ht_fts_api(db);
    if (!api)
        return SQLITE_ERROR;
    rc = api->xCreateFunction(api, HT_RANK_FUNCTION, NULL, rank_fn, NULL);
    if (rc != SQLITE_OK)
        return rc;
    return sqlite3_prepare_v2(db, sql, -1, st, NULL);
}

int ht_rank_bind(sqlite3_stmt *st, int i, ht_rank *r)
{
    return sqlite3_bind_pointer(st, i, r, POINTER_TYPE, NULL);
}

static int cmp_hits(const void *a, const void *b) { return order(a, b); }

void ht_rank_sort(ht_rank *r)
{
    if (r->n > 1)
        qsort(r->heap, r->n, sizeof *r->heap, cmp_hits);
}

void ht_rank_free(ht_rank *r)
{
    free(r->heap);
    r->heap = NULL;
    r->n = r->cap = 0;
}
