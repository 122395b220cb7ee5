/* Documents in the registry: content hash and id, the row with its original bytes
 * (the normalised text is recomputed when read), blocks, the full-text row,
 * near-duplicate clusters (MinHash over folded word shingles), and reading documents
 * back. */
#include "store_int.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Near duplicates: MinHash of the 3-word shingles of the folded article (NHASH
 * values); documents agreeing on at least NEAR_MIN of them (an estimated Jaccard
 * similarity of 0.6) are in one cluster. Candidates are found through bands of
 * BAND_ROWS values: two documents that similar share a band with near certainty.
 * Articles with fewer than MIN_SHINGLES shingles are not compared. */
#define SHINGLE 3
#define MIN_SHINGLES 8
#define NHASH ST_NHASH
#define BAND_ROWS 2
#define NBANDS (NHASH / BAND_ROWS)
#define NEAR_MIN 19
_Static_assert(NBANDS == 16, "the candidate query has one placeholder per band");

static const char *format_name(ht_format f)
{
    switch (f) {
    case HT_FMT_TEXT: return "text";
    case HT_FMT_MARKDOWN: return "markdown";
    case HT_FMT_HTML: return "html";
    case HT_FMT_JSONL: return "jsonl";
    case HT_FMT_AUTO: break;
    }
    return "text";
}

void ht_store_doc_hash(const ht_doc *d, char out[33])
{
    crypto_generichash_state s;
    unsigned char h[16];
    crypto_generichash_init(&s, NULL, 0, sizeof h);
    const char *parts[] = {d->title, d->published, d->url};
    crypto_generichash_update(&s, (const unsigned char *)d->orig, d->orig_n);
    for (int i = 0; i < 3; i++) {
        crypto_generichash_update(&s, (const unsigned char *)(parts[i] ? "\1" : "\0"), 1);
        if (parts[i])
            crypto_generichash_update(&s, (const unsigned char *)parts[i], strlen(parts[i]));
    }
    crypto_generichash_final(&s, h, sizeof h);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        out[2 * i] = hex[h[i] >> 4];
        out[2 * i + 1] = hex[h[i] & 15];
    }
    out[32] = 0;
}

int ht_store_doc_find(ht_store *st, const char *hash, const char *source, char *id,
                      bool *found, bool *update, ht_error *e)
{
    *found = *update = false;
    sqlite3_stmt *s = st_stmt(st, "SELECT id, source FROM documents WHERE hash = ?1", e);
    if (!s)
        return e->code;
    st_bind_cstr(s, 1, hash);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *found = true;
        snprintf(id, HT_ID_MAX, "%s", (const char *)sqlite3_column_text(s, 0));
        *update = source && strcmp(source, (const char *)sqlite3_column_text(s, 1)) < 0;
        rc = SQLITE_DONE;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : ht_store_error(st, rc, "looking up a document", e);
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* The MinHash signature of the folded title, lead and body of text; *ok false when
 * the text is too short. */
int st_minhash(const char *text, const st_block *blocks, size_t nblocks, uint32_t sig[ST_NHASH],
               bool *ok)
{
    *ok = false;
    ht_buf f = {0};
    for (size_t i = 0; i < nblocks; i++) {
        const st_block *b = &blocks[i];
        if (!b->minhash)
            continue;
        if ((f.n && ht_buf_putc(&f, ' ')) || ht_text_fold(text + b->start, b->end - b->start, &f)) {
            ht_buf_free(&f);
            return HT_ENOMEM;
        }
    }
    /* word starts */
    size_t nw = 0, cap = 0, *w = NULL;
    for (size_t i = 0; i < f.n; i++) {
        if (f.p[i] != ' ' && (i == 0 || f.p[i - 1] == ' ')) {
            if (nw == cap) {
                cap = cap ? 2 * cap : 256;
                size_t *nv = realloc(w, cap * sizeof *w);
                if (!nv) {
                    free(w);
                    ht_buf_free(&f);
                    return HT_ENOMEM;
                }
                w = nv;
            }
            w[nw++] = i;
        }
    }
    if (nw >= SHINGLE + MIN_SHINGLES - 1) {
        for (int k = 0; k < NHASH; k++)
            sig[k] = UINT32_MAX;
        for (size_t i = 0; i + SHINGLE <= nw; i++) {
            size_t a = w[i], z = i + SHINGLE < nw ? w[i + SHINGLE] - 1 : f.n;
            uint64_t h = 0xcbf29ce484222325ULL;
            for (size_t k = a; k < z; k++)
                h = (h ^ (unsigned char)f.p[k]) * 0x100000001b3ULL;
            /* the k-th value h1 + k * h2 of one mixed hash (double hashing): a few
             * operations per value instead of a hash each */
            uint64_t x = mix64(h);
            uint32_t v = (uint32_t)x, step = (uint32_t)(x >> 32) | 1;
            for (int k = 0; k < NHASH; k++) /* no branch: the compiler makes it vector code */
                sig[k] = v + (uint32_t)k * step < sig[k] ? v + (uint32_t)k * step : sig[k];
        }
        *ok = true;
    }
    free(w);
    ht_buf_free(&f);
    return 0;
}

/* The band keys of a signature: band number and its values, hashed to 63 bits. */
static long long band_key(const uint32_t sig[NHASH], int band)
{
    uint64_t h = (uint64_t)band + 1;
    for (int r = 0; r < BAND_ROWS; r++)
        h = mix64(h ^ ((uint64_t)sig[band * BAND_ROWS + r] << 17));
    return (long long)(h >> 1);
}

void st_sig_encode(const uint32_t sig[NHASH], unsigned char out[4 * NHASH])
{
    for (int k = 0; k < NHASH; k++)
        for (int q = 0; q < 4; q++)
            out[4 * k + q] = (unsigned char)(sig[k] >> (8 * q));
}

static void sig_decode(const unsigned char *p, uint32_t sig[NHASH])
{
    for (int k = 0; k < NHASH; k++)
        sig[k] = (uint32_t)p[4 * k] | (uint32_t)p[4 * k + 1] << 8 | (uint32_t)p[4 * k + 2] << 16 |
                 (uint32_t)p[4 * k + 3] << 24;
}

/* Records the bands of the new document and joins it to the clusters of its near
 * duplicates; a cluster is named by its smallest document id, so the result does not
 * depend on the order of ingestion. */
/* The band index: band keys (32 bits of them) -> document rowids, a multimap with
 * open addressing, rebuilt from documents.minhash when this connection first needs it
 * and whenever another connection has written (PRAGMA data_version). Candidates are
 * checked against the stored signatures, so a stale or colliding entry costs a look-up,
 * never a wrong cluster. */
typedef struct {
    uint32_t key;
    uint32_t rid; /* 0: empty slot (rowids start at 1) */
} band_slot;

struct st_bands {
    band_slot *v;
    size_t cap, n;
    long long version; /* PRAGMA data_version when loaded */
};

static size_t band_slot_of(uint32_t key, size_t cap)
{
    return (size_t)((key * 2654435761u) >> 7) & (cap - 1);
}

static int bands_put(struct st_bands *b, uint32_t key, uint32_t rid)
{
    if (2 * (b->n + 1) > b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 4096;
        band_slot *v = calloc(cap, sizeof *v);
        if (!v)
            return HT_ENOMEM;
        for (size_t i = 0; i < b->cap; i++)
            if (b->v[i].rid) {
                size_t j = band_slot_of(b->v[i].key, cap);
                while (v[j].rid)
                    j = (j + 1) & (cap - 1);
                v[j] = b->v[i];
            }
        free(b->v);
        b->v = v;
        b->cap = cap;
    }
    size_t j = band_slot_of(key, b->cap);
    while (b->v[j].rid)
        j = (j + 1) & (b->cap - 1);
    b->v[j] = (band_slot){key, rid};
    b->n++;
    return 0;
}

static uint32_t key32(long long k) { return (uint32_t)((uint64_t)k >> 31); }

void st_bands_free(struct st_bands *b)
{
    if (b) {
        free(b->v);
        free(b);
    }
}

/* The band index of this connection, loaded or reloaded as needed. */
static int bands_ready(ht_store *st, struct st_bands **out, ht_error *e)
{
    *out = NULL;
    sqlite3_stmt *s = st_stmt(st, "PRAGMA data_version", e);
    if (!s)
        return e->code;
    int rc = sqlite3_step(s);
    long long version = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return ht_store_error(st, rc, "reading the data version", e);
    if (st->bands && st->bands->version == version) {
        *out = st->bands;
        return 0;
    }
    st_bands_free(st->bands);
    if (!(st->bands = calloc(1, sizeof *st->bands)))
        return ht_err(e, HT_ENOMEM, "out of memory");
    st->bands->version = version;
    if (!(s = st_stmt(st, "SELECT rid, minhash FROM documents WHERE length(minhash) = ?1", e)))
        return e->code;
    sqlite3_bind_int(s, 1, 4 * NHASH);
    int r = 0;
    while (!r && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        uint32_t sig[NHASH];
        sig_decode(sqlite3_column_blob(s, 1), sig);
        uint32_t rid = (uint32_t)sqlite3_column_int64(s, 0);
        for (int b = 0; b < NBANDS && !r; b++)
            r = bands_put(st->bands, key32(band_key(sig, b)), rid);
    }
    sqlite3_reset(s);
    if (r)
        return ht_err(e, HT_ENOMEM, "out of memory");
    if (rc != SQLITE_DONE)
        return ht_store_error(st, rc, "reading signatures", e);
    *out = st->bands;
    return 0;
}

int st_doc_bands(ht_store *st, long long rid, const uint32_t sig[NHASH], ht_error *e)
{
    /* an index not loaded yet will read this document from the table */
    if (!st->bands)
        return 0;
    for (int b = 0; b < NBANDS; b++)
        if (bands_put(st->bands, key32(band_key(sig, b)), (uint32_t)rid))
            return ht_err(e, HT_ENOMEM, "out of memory");
    return 0;
}

int st_doc_cluster(ht_store *st, const char *id, long long rid, const uint32_t sig[NHASH],
                   ht_error *e)
{
    struct st_bands *bi;
    int r = bands_ready(st, &bi, e);
    if (r)
        return r;
    /* the candidates: documents sharing a band, each once */
    uint32_t *cand = NULL;
    size_t nc = 0, capc = 0;
    for (int b = 0; b < NBANDS; b++) {
        uint32_t key = key32(band_key(sig, b));
        for (size_t j = band_slot_of(key, bi->cap); bi->v[j].rid; j = (j + 1) & (bi->cap - 1)) {
            if (bi->v[j].key != key || bi->v[j].rid == (uint32_t)rid)
                continue;
            bool dup = false;
            for (size_t q = 0; q < nc && !dup; q++)
                dup = cand[q] == bi->v[j].rid;
            if (dup)
                continue;
            if (nc == capc) {
                capc = capc ? 2 * capc : 16;
                uint32_t *nv = realloc(cand, capc * sizeof *nv);
                if (!nv) {
                    free(cand);
                    return ht_err(e, HT_ENOMEM, "out of memory");
                }
                cand = nv;
            }
            cand[nc++] = bi->v[j].rid;
        }
    }
    if ((r = st_doc_bands(st, rid, sig, e))) {
        free(cand);
        return r;
    }
    sqlite3_stmt *s = NULL;
    char best[HT_ID_MAX];
    snprintf(best, sizeof best, "%s", id);
    char (*found)[HT_ID_MAX] = NULL;
    size_t nf = 0, cap = 0;
    int rc = SQLITE_DONE;
    for (size_t ci = 0; ci < nc; ci++) {
        if (!(s = st_stmt(st, "SELECT minhash, cluster FROM documents WHERE rid = ?1", e))) {
            free(found);
            free(cand);
            return e->code;
        }
        sqlite3_bind_int64(s, 1, cand[ci]);
        if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
            sqlite3_reset(s);
            if (rc != SQLITE_DONE)
                break;
            continue;
        }
        rc = SQLITE_DONE;
        if (sqlite3_column_bytes(s, 0) != 4 * NHASH) {
            sqlite3_reset(s);
            continue;
        }
        uint32_t o[NHASH];
        sig_decode(sqlite3_column_blob(s, 0), o);
        int same = 0;
        for (int k = 0; k < NHASH; k++)
            same += o[k] == sig[k];
        if (same < NEAR_MIN) {
            sqlite3_reset(s);
            continue;
        }
        const char *c = (const char *)sqlite3_column_text(s, 1);
        if (nf == cap) {
            cap = cap ? 2 * cap : 8;
            void *nv = realloc(found, cap * sizeof *found);
            if (!nv) {
                free(found);
                free(cand);
                sqlite3_reset(s);
                return ht_err(e, HT_ENOMEM, "out of memory");
            }
            found = nv;
        }
        snprintf(found[nf++], HT_ID_MAX, "%s", c);
        if (strcmp(c, best) < 0)
            snprintf(best, sizeof best, "%s", c);
        sqlite3_reset(s);
    }
    free(cand);
    if (rc != SQLITE_DONE) {
        free(found);
        return ht_store_error(st, rc, "finding near duplicates", e);
    }
    char now[32];
    ht_store_now(now);
    for (size_t i = 0; i < nf && !r; i++) {
        if (strcmp(found[i], best) == 0)
            continue;
        sqlite3_stmt *u = st_stmt(st,
                                  "UPDATE documents SET cluster = ?1, updated = ?3"
                                  " WHERE cluster = ?2",
                                  e);
        if (!u) {
            r = e->code;
            break;
        }
        st_bind_cstr(u, 1, best);
        st_bind_cstr(u, 2, found[i]);
        st_bind_cstr(u, 3, now);
        r = st_run(st, u, e);
    }
    free(found);
    if (!r && strcmp(best, id) != 0) {
        sqlite3_stmt *u = st_stmt(st, "UPDATE documents SET cluster = ?1 WHERE id = ?2", e);
        if (!u)
            return e->code;
        st_bind_cstr(u, 1, best);
        st_bind_cstr(u, 2, id);
        r = st_run(st, u, e);
    }
    return r;
}

_Static_assert(sizeof ((ht_store_doc_prep *)0)->sig / sizeof(uint32_t) == NHASH, "signature size");

int ht_store_doc_prepare(const ht_doc *d, ht_store_doc_prep *p, ht_error *e)
{
    ht_store_doc_hash(d, p->hash);
    st_block *sb = malloc((d->nblocks + 1) * sizeof *sb);
    if (!sb)
        return ht_err(e, HT_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->nblocks; i++)
        sb[i] = (st_block){d->blocks[i].start, d->blocks[i].end,
                           d->blocks[i].cls == HT_BLK_TITLE || d->blocks[i].cls == HT_BLK_LEAD ||
                               d->blocks[i].cls == HT_BLK_BODY};
    int mr = st_minhash(d->text, sb, d->nblocks, p->sig, &p->have_sig);
    free(sb);
    if (mr)
        return ht_err(e, HT_ENOMEM, "out of memory");
    /* the page's text is stored only when it is not the original normalised (the page
     * layer knows when it is) */
    if (d->text_is_orig) {
        p->text_differs = false;
        return 0;
    }
    ht_buf again = {0};
    ht_error ne;
    int nr = ht_text_normalize(d->orig ? d->orig : "", d->orig_n, &again, NULL, &ne);
    if (nr == HT_ENOMEM) {
        ht_buf_free(&again);
        return ht_err(e, HT_ENOMEM, "out of memory");
    }
    p->text_differs =
        nr || again.n != d->text_n || (d->text_n && memcmp(again.p, d->text, d->text_n) != 0);
    ht_buf_free(&again);
    return 0;
}

void st_fts_rows_cut(ht_store *st, size_t n)
{
    while (st->fts_rows.n > n) {
        struct st_fts_row *r = &st->fts_rows.v[--st->fts_rows.n];
        free(r->title);
        free(r->body);
        free(r->caption);
    }
    if (st->fts_rows.mark > n)
        st->fts_rows.mark = n;
}

/* The text of d's blocks of a class (lead and body, or the captions) joined by line
 * feeds, as hoptac_slices() gives it to the view doc_fts_src; *out NULL without such
 * blocks. false: out of memory. */
static bool class_text(const ht_doc *d, bool captions, char **out)
{
    *out = NULL;
    ht_buf b = {0};
    bool any = false;
    int err = 0;
    for (size_t i = 0; i < d->nblocks; i++) {
        ht_block_class c = d->blocks[i].cls;
        bool cap = c == HT_BLK_CAPTION || c == HT_BLK_CAPTION_OTHER;
        if (cap != captions || (!cap && c != HT_BLK_LEAD && c != HT_BLK_BODY))
            continue;
        size_t a = d->blocks[i].start, z = d->blocks[i].end;
        if (a > d->text_n)
            a = d->text_n;
        if (z > d->text_n)
            z = d->text_n;
        if (any)
            err |= ht_buf_putc(&b, '\n');
        any = true;
        if (z > a)
            err |= ht_buf_append(&b, d->text + a, z - a);
    }
    if (any && !err)
        err |= ht_buf_putc(&b, 0);
    if (err) {
        ht_buf_free(&b);
        return false;
    }
    *out = any ? b.p : NULL;
    return true;
}

/* Keeps the full-text row of a document just stored for the flush, which then need not
 * build it again through the view (normalising the whole original once more). Rows
 * that cannot be made here (no memory, a title the view would refuse) are left to the
 * view: the document is in fts_queue either way. */
static void fts_row_add(ht_store *st, long long rid, const ht_doc *d)
{
    struct st_fts_row r = {.rid = rid};
    if (d->text_n && (!d->text || memchr(d->text, 0, d->text_n)))
        return;
    if (d->title) {
        ht_buf t = {0};
        if (ht_text_normalize(d->title, strlen(d->title), &t, NULL, NULL) || ht_buf_putc(&t, 0)) {
            ht_buf_free(&t);
            return;
        }
        r.title = t.p;
    }
    if (st->fts_rows.n == st->fts_rows.cap) {
        size_t cap = st->fts_rows.cap ? 2 * st->fts_rows.cap : 256;
        void *v = realloc(st->fts_rows.v, cap * sizeof *st->fts_rows.v);
        if (!v) {
            free(r.title);
            return;
        }
        st->fts_rows.v = v;
        st->fts_rows.cap = cap;
    }
    if (!class_text(d, false, &r.body) || !class_text(d, true, &r.caption)) {
        free(r.title);
        free(r.body);
        return;
    }
    st->fts_rows.v[st->fts_rows.n++] = r;
}

/* The documents' full-text rows as st_rows: rowid, title, body, captions. */
static long long fts_row_rowid(const void *ud, size_t i)
{
    return ((const struct st_fts_row *)ud)[i].rid;
}

static const char *fts_row_text(const void *ud, size_t i, int col)
{
    const struct st_fts_row *r = (const struct st_fts_row *)ud + i;
    return col == 1 ? r->title : col == 2 ? r->body : col == 3 ? r->caption : NULL;
}

int ht_store_doc_put(ht_store *st, const ht_doc *d, char *id, bool *added, ht_error *e)
{
    *added = false;
    ht_store_doc_prep p;
    int r = ht_store_doc_prepare(d, &p, e);
    return r ? r : ht_store_doc_put_prepared(st, d, &p, id, added, e);
}

int ht_store_doc_put_prepared(ht_store *st, const ht_doc *d, const ht_store_doc_prep *p, char *id,
                              bool *added, ht_error *e)
{
    *added = false;
    const char *hash = p->hash;
    char now[32];
    ht_store_now(now);
    snprintf(id, HT_ID_MAX, "doc-%.16s", hash);

    sqlite3_stmt *s = st_stmt(st, "SELECT source FROM documents WHERE hash = ?1", e);
    if (!s)
        return e->code;
    st_bind_cstr(s, 1, hash);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        /* Same content again: the registry keeps the smallest source path, so the
         * result does not depend on which copy came first. */
        bool smaller = strcmp(d->source, (const char *)sqlite3_column_text(s, 0)) < 0;
        sqlite3_reset(s);
        if (!smaller)
            return 0;
        sqlite3_stmt *u = st_stmt(st, "UPDATE documents SET source = ?1, updated = ?2"
                                      " WHERE hash = ?3", e);
        if (!u)
            return e->code;
        st_bind_cstr(u, 1, d->source);
        st_bind_cstr(u, 2, now);
        st_bind_cstr(u, 3, hash);
        return st_run(st, u, e);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return ht_store_error(st, rc, "looking up a document", e);

    unsigned char sigb[4 * NHASH];
    s = st_stmt(st,
                "INSERT INTO documents (rid, id, hash, source, format, title, published, url,"
                " orig, minhash, cluster, created, updated, text) VALUES (NULL, ?2, ?3, ?4,"
                " ?5, ?6, ?7, ?8, ?9, ?10, ?2, ?11, ?11, ?12)",
                e);
    if (!s)
        return e->code;
    st_bind_cstr(s, 2, id);
    st_bind_cstr(s, 3, hash);
    st_bind_cstr(s, 4, d->source);
    st_bind_cstr(s, 5, format_name(d->format));
    st_bind_cstr(s, 6, d->title);
    st_bind_cstr(s, 7, d->published);
    st_bind_cstr(s, 8, d->url);
    sqlite3_bind_blob(s, 9, d->orig ? d->orig : "", (int)d->orig_n, SQLITE_STATIC);
    if (p->have_sig) {
        st_sig_encode(p->sig, sigb);
        sqlite3_bind_blob(s, 10, sigb, sizeof sigb, SQLITE_STATIC);
    }
    st_bind_cstr(s, 11, now);
    if (p->text_differs)
        sqlite3_bind_text(s, 12, d->text ? d->text : "", (int)d->text_n, SQLITE_STATIC);
    int r = st_run(st, s, e);
    if (r)
        return r;
    /* the next rowid in order of arrival: the full-text rowid */
    long long rid = sqlite3_last_insert_rowid(ht_store_db(st));

    for (size_t i = 0; i < d->nblocks; i++) {
        const ht_block *b = &d->blocks[i];
        s = st_stmt(st,
                    "INSERT INTO blocks (document, n, class, text_start, text_end, orig_start,"
                    " orig_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    e);
        if (!s)
            return e->code;
        st_bind_cstr(s, 1, id);
        sqlite3_bind_int64(s, 2, (long long)i);
        st_bind_cstr(s, 3, ht_block_class_name(b->cls));
        sqlite3_bind_int64(s, 4, (long long)b->start);
        sqlite3_bind_int64(s, 5, (long long)b->end);
        sqlite3_bind_int64(s, 6, (long long)b->orig_start);
        sqlite3_bind_int64(s, 7, (long long)b->orig_end);
        if ((r = st_run(st, s, e)))
            return r;
    }
    s = st_stmt(st, st->fts_batch ? "INSERT INTO fts_queue (rid) VALUES (?1)"
                                   : "INSERT INTO doc_fts (rowid, title, body, caption)"
                                     " SELECT rid, title, body, caption FROM doc_fts_src"
                                     " WHERE rid = ?1",
                e);
    if (!s)
        return e->code;
    sqlite3_bind_int64(s, 1, rid);
    if ((r = st_run(st, s, e)))
        return r;
    if (st->fts_batch)
        fts_row_add(st, rid, d);
    if (p->have_sig && (r = st_doc_cluster(st, id, rid, p->sig, e)))
        return r;
    *added = true;
    return 0;
}

/* ---- reading ---- */

static const char *col(ht_arena *a, sqlite3_stmt *s, int i)
{
    if (sqlite3_column_type(s, i) == SQLITE_NULL)
        return NULL;
    const char *t = (const char *)sqlite3_column_text(s, i);
    return ht_arena_strndup(a, t ? t : "", (size_t)sqlite3_column_bytes(s, i));
}

#define DOC_COLS                                                                            \
    "id, hash, source, format, title, published, url, cluster, created, updated, deleted"

static int fill_doc(ht_store_doc *d, sqlite3_stmt *s)
{
    const char **f[] = {&d->id,    &d->hash,    &d->source,  &d->format,  &d->title,
                        &d->published, &d->url, &d->cluster, &d->created, &d->updated};
    for (int i = 0; i < 10; i++) {
        *f[i] = col(&d->arena, s, i);
        if (!*f[i] && sqlite3_column_type(s, i) != SQLITE_NULL)
            return HT_ENOMEM;
    }
    d->deleted = sqlite3_column_int(s, 10) != 0;
    return 0;
}

int ht_store_doc_list(ht_store *st, bool all, int (*cb)(const ht_store_doc *d, void *ud),
                      void *ud, ht_error *e)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT " DOC_COLS " FROM documents WHERE deleted = 0 OR ?1"
                                  " ORDER BY published, id", e);
    if (!s)
        return e->code;
    sqlite3_bind_int(s, 1, all);
    int rc, r = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        ht_store_doc d;
        memset(&d, 0, sizeof d);
        if (fill_doc(&d, s)) {
            ht_arena_free(&d.arena);
            r = ht_err(e, HT_ENOMEM, "out of memory");
            break;
        }
        r = cb(&d, ud);
        ht_arena_free(&d.arena);
        if (r)
            break;
    }
    sqlite3_reset(s);
    if (!r && rc != SQLITE_DONE)
        r = ht_store_error(st, rc, "listing documents", e);
    return r;
}

int ht_store_doc_get(ht_store *st, const char *id, ht_store_doc *out, ht_error *e)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = st_stmt(st,
                              "SELECT " DOC_COLS ", orig, text FROM documents"
                              " WHERE id = ?1 OR hash = ?1 OR (length(?1) >= 6 AND"
                              " substr(id, 1, length(?1)) = ?1) LIMIT 2",
                              e);
    if (!s)
        return e->code;
    st_bind_cstr(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        if (rc == SQLITE_DONE)
            return ht_err(e, HT_ENOTFOUND, "no document %s in the registry", id);
        return ht_store_error(st, rc, "reading a document", e);
    }
    int r = fill_doc(out, s);
    if (!r) {
        out->orig_n = (size_t)sqlite3_column_bytes(s, 11);
        out->orig = ht_arena_strndup(&out->arena, sqlite3_column_blob(s, 11), out->orig_n);
        ht_buf t = {0};
        ht_error ne;
        if (!out->orig)
            r = HT_ENOMEM;
        else if (sqlite3_column_type(s, 12) != SQLITE_NULL) {
            out->text_n = (size_t)sqlite3_column_bytes(s, 12);
            if (!(out->text = ht_arena_strndup(&out->arena, (const char *)sqlite3_column_text(s, 12),
                                               out->text_n)))
                r = HT_ENOMEM;
        } else if ((r = ht_text_normalize(out->orig, out->orig_n, &t, NULL, &ne)) == 0) {
            out->text_n = t.n;
            if (!(out->text = ht_arena_strndup(&out->arena, t.p ? t.p : "", t.n)))
                r = HT_ENOMEM;
        }
        ht_buf_free(&t);
    }
    if (!r && sqlite3_step(s) == SQLITE_ROW && strcmp(out->id, id) != 0) {
        sqlite3_reset(s);
        ht_store_doc_free(out);
        return ht_err(e, HT_EINVAL, "document id prefix %s is ambiguous: give more of it", id);
    }
    sqlite3_reset(s);
    if (r) {
        ht_store_doc_free(out);
        if (r != HT_ENOMEM)
            return ht_err(e, HT_ECORRUPT, "document %s: stored text is not valid UTF-8", id);
        return ht_err(e, HT_ENOMEM, "out of memory");
    }

    s = st_stmt(st,
                "SELECT class, text_start, text_end, orig_start, orig_end FROM blocks"
                " WHERE document = ?1 ORDER BY n",
                e);
    if (!s)
        goto fail;
    st_bind_cstr(s, 1, out->id);
    size_t cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (out->nblocks == cap) {
            cap = cap ? cap * 2 : 16;
            ht_store_block *nb = ht_arena_alloc(&out->arena, cap * sizeof *nb);
            if (!nb)
                goto nomem;
            if (out->nblocks)
                memcpy(nb, out->blocks, out->nblocks * sizeof *nb);
            out->blocks = nb;
        }
        ht_store_block *b = &out->blocks[out->nblocks++];
        b->cls = col(&out->arena, s, 0);
        b->start = (size_t)sqlite3_column_int64(s, 1);
        b->end = (size_t)sqlite3_column_int64(s, 2);
        b->orig_start = (size_t)sqlite3_column_int64(s, 3);
        b->orig_end = (size_t)sqlite3_column_int64(s, 4);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        goto dberr;

    s = st_stmt(st,
                "SELECT id, kind, record, span_start, span_end, confidence FROM mentions"
                " WHERE document = ?1 ORDER BY span_start, span_end, kind, id",
                e);
    if (!s)
        goto fail;
    st_bind_cstr(s, 1, out->id);
    cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (out->nmentions == cap) {
            cap = cap ? cap * 2 : 16;
            ht_store_mention *nm = ht_arena_alloc(&out->arena, cap * sizeof *nm);
            if (!nm)
                goto nomem;
            if (out->nmentions)
                memcpy(nm, out->mentions, out->nmentions * sizeof *nm);
            out->mentions = nm;
        }
        ht_store_mention *m = &out->mentions[out->nmentions++];
        m->id = col(&out->arena, s, 0);
        m->kind = col(&out->arena, s, 1);
        m->record = col(&out->arena, s, 2);
        m->start = (size_t)sqlite3_column_int64(s, 3);
        m->end = (size_t)sqlite3_column_int64(s, 4);
        m->confidence = sqlite3_column_type(s, 5) == SQLITE_NULL ? -1 : sqlite3_column_double(s, 5);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        goto dberr;
    return 0;
nomem:
    sqlite3_reset(s);
    ht_store_doc_free(out);
    return ht_err(e, HT_ENOMEM, "out of memory");
dberr:
    ht_store_doc_free(out);
    return ht_store_error(st, rc, "reading a document", e);
fail:
    ht_store_doc_free(out);
    return e->code;
}

void ht_store_doc_free(ht_store_doc *d)
{
    ht_arena_free(&d->arena);
    memset(d, 0, sizeof *d);
}

int ht_store_fts_flush(ht_store *st, size_t *n, ht_error *e)
{
    if (n)
        *n = 0;
    /* the records first: they are found through the documents still in the queue */
    int r = st_record_queue_flush(st, e);
    if (r)
        return r;
    /* the rows made as the documents were stored, then what only the view gives */
    size_t done = st->fts_rows.n;
    st_rows rows = {done, fts_row_rowid, fts_row_text, st->fts_rows.v};
    r = st_rows_run(st, ST_ROWS_CTE " INSERT INTO doc_fts (rowid, title, body, caption)"
                                    " SELECT hoptac_row(i, 0), hoptac_row(i, 1), hoptac_row(i, 2),"
                                    " hoptac_row(i, 3) FROM k", &rows, e);
    if (!r)
        r = st_rows_run(st, ST_ROWS_CTE " DELETE FROM fts_queue WHERE rid IN"
                                        " (SELECT hoptac_row(i, 0) FROM k)", &rows, e);
    st_fts_rows_cut(st, 0);
    if (r)
        return r;
    sqlite3_stmt *s = st_stmt(st, "INSERT INTO doc_fts (rowid, title, body, caption)"
                                  " SELECT rid, title, body, caption FROM doc_fts_src"
                                  " WHERE rid IN (SELECT rid FROM fts_queue)", e);
    if (!s)
        return e->code;
    r = st_run(st, s, e);
    if (!r && n)
        *n = done + (size_t)sqlite3_changes(ht_store_db(st));
    if (!r && !(s = st_stmt(st, "DELETE FROM fts_queue", e)))
        r = e->code;
    if (!r)
        r = st_run(st, s, e);
    return r;
}

int ht_store_fts_pending(ht_store *st, bool *pending, ht_error *e)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT EXISTS (SELECT 1 FROM fts_queue)", e);
    if (!s)
        return e->code;
    int rc = sqlite3_step(s);
    *pending = rc == SQLITE_ROW && sqlite3_column_int(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : ht_store_error(st, rc, "reading the full-text queue", e);
}

/* Every document's id in storage order, read before an upgrade rewrites the rows (a
 * statement must not stay open over its own table's writes). *ids is freed by the
 * caller, also on error. */
static int doc_ids(ht_store *st, char (**ids)[HT_ID_MAX], size_t *n, ht_error *e)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *s = st_stmt(st, "SELECT id FROM documents ORDER BY rid", e);
    if (!s)
        return e->code;
    int rc, r = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        void *v = realloc(*ids, (*n + 1) * HT_ID_MAX);
        if (!v) {
            r = ht_err(e, HT_ENOMEM, "out of memory");
            break;
        }
        *ids = v;
        snprintf((*ids)[(*n)++], HT_ID_MAX, "%s", (const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_reset(s);
    if (!r && rc != SQLITE_DONE)
        r = ht_store_error(st, rc, "reading documents", e);
    return r;
}

int st_doc_resign(ht_store *st, ht_error *e)
{
    char (*ids)[HT_ID_MAX];
    size_t n;
    int r = doc_ids(st, &ids, &n, e);
    for (size_t i = 0; i < n && !r; i++) {
        ht_store_doc d;
        if ((r = ht_store_doc_get(st, ids[i], &d, e)))
            break;
        st_block *sb = calloc(d.nblocks + 1, sizeof *sb);
        uint32_t sig[NHASH];
        unsigned char sigb[4 * NHASH];
        bool ok = false;
        if (!sb)
            r = ht_err(e, HT_ENOMEM, "out of memory");
        for (size_t k = 0; !r && k < d.nblocks; k++)
            sb[k] = (st_block){d.blocks[k].start, d.blocks[k].end,
                               !strcmp(d.blocks[k].cls, "title") || !strcmp(d.blocks[k].cls, "lead") ||
                                   !strcmp(d.blocks[k].cls, "body")};
        if (!r && st_minhash(d.text, sb, d.nblocks, sig, &ok))
            r = ht_err(e, HT_ENOMEM, "out of memory");
        sqlite3_stmt *u = r ? NULL : st_stmt(st, "UPDATE documents SET minhash = ?2 WHERE id = ?1", e);
        if (!r && !u)
            r = e->code;
        if (!r) {
            st_bind_cstr(u, 1, ids[i]);
            if (ok) {
                st_sig_encode(sig, sigb);
                sqlite3_bind_blob(u, 2, sigb, sizeof sigb, SQLITE_TRANSIENT);
            }
            r = st_run(st, u, e);
        }
        free(sb);
        ht_store_doc_free(&d);
    }
    free(ids);
    return r;
}

/* The document as the page layer reads it again: a JSON Lines document from a line
 * made of its stored fields. */
static int reparse(const char *source, const char *format, const char *title, const char *pub,
                   const char *url, const char *orig, size_t n, ht_doc *d, ht_error *e)
{
    ht_format f = !strcmp(format, "html")       ? HT_FMT_HTML
                  : !strcmp(format, "markdown") ? HT_FMT_MARKDOWN
                  : !strcmp(format, "jsonl")    ? HT_FMT_JSONL
                                                : HT_FMT_TEXT;
    if (f != HT_FMT_JSONL)
        return ht_page_parse(source, orig, n, f, d, e);
    const char *hash = strrchr(source, '#');
    json_t *o = json_pack("{s:s, s:s?, s:s#, s:s?, s:s?}", "id", hash ? hash + 1 : "", "title", title,
                          "text", orig, (int)n, "date", pub, "url", url);
    char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (!line)
        return ht_err(e, HT_ENOMEM, "out of memory");
    int r = ht_page_parse(source, line, strlen(line), f, d, e);
    free(line);
    return r;
}

int st_doc_retext(ht_store *st, ht_error *e)
{
    char (*ids)[HT_ID_MAX];
    size_t n;
    int r = doc_ids(st, &ids, &n, e);
    for (size_t i = 0; i < n && !r; i++) {
        ht_store_doc sd;
        if ((r = ht_store_doc_get(st, ids[i], &sd, e)))
            break;
        ht_doc d;
        ht_error pe;
        if (reparse(sd.source, sd.format, sd.title, sd.published, sd.url, sd.orig, sd.orig_n, &d,
                    &pe) == 0) {
            /* the text is right only if it gives the blocks stored from it */
            bool same = d.nblocks == sd.nblocks;
            for (size_t k = 0; same && k < d.nblocks; k++)
                same = d.blocks[k].start == sd.blocks[k].start && d.blocks[k].end == sd.blocks[k].end;
            bool plain = d.text_n == sd.text_n && !memcmp(d.text, sd.text, d.text_n);
            if (same && !plain) {
                sqlite3_stmt *u = st_stmt(st, "UPDATE documents SET text = ?2 WHERE id = ?1", e);
                if (!u)
                    r = e->code;
                else {
                    st_bind_cstr(u, 1, ids[i]);
                    sqlite3_bind_text(u, 2, d.text, (int)d.text_n, SQLITE_TRANSIENT);
                    r = st_run(st, u, e);
                }
            }
            ht_doc_free(&d);
        }
        ht_store_doc_free(&sd);
    }
    free(ids);
    return r;
}

int ht_store_checkpoint(ht_store *st, bool *complete, ht_error *e)
{
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    if (complete)
        *complete = rc == SQLITE_OK && done == log;
    /* busy: another connection is checkpointing, nothing to report */
    return rc == SQLITE_OK || rc == SQLITE_BUSY ? 0 : ht_store_error(st, rc, "checkpointing", e);
}

void ht_store_fts_batch(ht_store *st, bool on)
{
    st->fts_batch = on;
    /* Bulk writing: a larger page cache holds a group's pages until its commit, and a
     * longer write-ahead log lets a page rewritten by several groups reach the file
     * once. Each document's savepoint keeps the pages it changes first in a
     * sub-journal, to roll that document back alone: in memory (temp_store), a few
     * hundred kilobytes, instead of a temporary file written for every document. */
    sqlite3_exec(st->db, on ? "PRAGMA cache_size = -131072; PRAGMA wal_autocheckpoint = 32768;"
                              " PRAGMA temp_store = MEMORY"
                            : "PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 8192;"
                              " PRAGMA temp_store = DEFAULT",
                 NULL, NULL, NULL);
    /* FTS5 writes the terms it holds to a new segment on disk when they pass its
     * 'hashsize' (1 MB unless set): a group's flush made dozens of small segments,
     * merged again and again. With 32 MB each index writes a group in a few, for at
     * most 32 MB of memory each. Kept in the index's configuration (written once, by the
     * first ingest), outside the registry and its export; nothing depends on it. */
    static const char *const fts[][2] = {
        {"SELECT v = 33554432 FROM doc_fts_config WHERE k = 'hashsize'",
         "INSERT INTO doc_fts (doc_fts, rank) VALUES ('hashsize', 33554432)"},
        {"SELECT v = 33554432 FROM record_fts_config WHERE k = 'hashsize'",
         "INSERT INTO record_fts (record_fts, rank) VALUES ('hashsize', 33554432)"}};
    for (size_t i = 0; on && !st->readonly && i < sizeof fts / sizeof *fts; i++) {
        sqlite3_stmt *q = NULL;
        bool set = sqlite3_prepare_v2(st->db, fts[i][0], -1, &q, NULL) == SQLITE_OK &&
                   sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
        if (!set)
            sqlite3_exec(st->db, fts[i][1], NULL, NULL, NULL);
    }
}
