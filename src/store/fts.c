/* The "hoptac" FTS5 tokenizer and the hoptac_fold() SQL function: SQLite glue over
 * the text layer's tokens, normalisation and folding. Built into hoptac, and with
 * -DHT_FTS_EXTENSION as a loadable extension for the sqlite3 shell. */
#ifdef HT_FTS_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1
#define HT_EXPORT __attribute__((visibility("default")))
#endif

#include "fts.h"
#include "text/text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Longer "words" (base64 blobs, runs of letters without spaces) are not searched for. */
#define MAX_TOKEN 256

typedef struct {
    ht_buf key, norm, exact;
} scratch;

/* The words of the language are few and come back all the time: the folded key and
 * the exact form of a word, as written, are remembered (a pure memo: what is emitted
 * does not depend on it). Normalising and folding each word again was most of the
 * tokenizer's time. A slot holds the word and both forms in one cache line; words
 * whose forms do not fit are worked out each time. The table is emptied when full. */
#define MEMO_SLOTS 16384 /* a power of two */
#define MEMO_FILL 12288  /* words kept before the table is emptied */
#define MEMO_ROOM 56     /* bytes of a slot for the word, its key and its exact form */

typedef struct {
    uint32_t hash;
    uint8_t wn, kn, xn; /* 0 wn: empty slot */
    uint8_t pad;
    char b[MEMO_ROOM]; /* the word's chunks, its key, its exact form (with the mark) */
} memo_slot;

typedef struct {
    memo_slot *slots;
    size_t used;
} memo;

typedef int (*token_fn)(void *ctx, int tflags, const char *tok, int n, int start, int end);

/* FTS5 calls a tokenizer of one connection from one thread at a time: its buffers and
 * its memo are reused from one text to the next. */
typedef struct {
    scratch s;
    memo m;
    bool normalised; /* documents come normalised: their words are not normalised again */
} tokenizer;

/* A word is hashed and compared 8 bytes at a time: chunk k of w (n bytes, at most
 * MEMO_ROOM) holds its bytes 8k.. and zeros past its end. A slot keeps the word's
 * chunks as they are (zeros included), then its key and its exact form. */
typedef struct {
    uint64_t c[MEMO_ROOM / 8];
    size_t nc;
    uint32_t hash;
} word_key;

static inline uint64_t first_bytes(uint64_t x, size_t r)
{
    if (r >= 8)
        return x;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return x & ~(~0ull >> (8 * r));
#else
    return x & ((1ull << (8 * r)) - 1);
#endif
}

/* end: the end of the text, past which nothing is read. */
static inline void word_key_of(word_key *k, const char *w, size_t n, const char *end)
{
    uint64_t h = n * 0x9E3779B97F4A7C15ull, x;
    size_t nc = (n + 7) / 8, last = nc - 1;
    for (size_t i = 0; i < last; i++) {
        memcpy(&x, w + 8 * i, 8);
        k->c[i] = x;
        h = (h ^ x) * 0x9E3779B97F4A7C15ull;
    }
    const char *p = w + 8 * last;
    if (end - p >= 8)
        memcpy(&x, p, 8);
    else {
        x = 0;
        memcpy(&x, p, (size_t)(end - p));
    }
    x = first_bytes(x, n - 8 * last);
    k->c[last] = x;
    h = (h ^ x) * 0x9E3779B97F4A7C15ull;
    k->nc = nc;
    k->hash = (uint32_t)(h >> 32);
}

/* The slot of word w (n bytes, key k), or the empty slot where it would go. */
static inline memo_slot *memo_find(memo *m, const word_key *k, size_t n)
{
    for (uint32_t i = k->hash & (MEMO_SLOTS - 1);; i = (i + 1) & (MEMO_SLOTS - 1)) {
        memo_slot *e = &m->slots[i];
        if (!e->wn)
            return e;
        if (e->hash != k->hash || e->wn != n)
            continue;
        size_t j = 0;
        for (; j < k->nc; j++) {
            uint64_t x;
            memcpy(&x, e->b + 8 * j, 8);
            if (x != k->c[j])
                break;
        }
        if (j == k->nc)
            return e;
    }
}

/* A word whose exact form is its key (no marks, no đ, as "cho" or "hop"): it is indexed
 * under its key alone. */
static inline bool unmarked(const char *key, size_t kn, const char *exact, size_t xn)
{
    return kn && xn == kn + 1 && memcmp(exact + 1, key, kn) == 0;
}

/* Keeps w's key and exact form (xn bytes of exact; 0: an unmarked word's, none) in the
 * empty slot e (found by memo_find). */
static void memo_put(memo *m, memo_slot *e, const word_key *k, size_t n, const ht_buf *key,
                     const ht_buf *exact, size_t xn)
{
    size_t wn = 8 * k->nc; /* the word's chunks */
    if (wn + key->n + xn > MEMO_ROOM)
        return;
    if (m->used == MEMO_FILL) {
        memset(m->slots, 0, MEMO_SLOTS * sizeof *m->slots);
        m->used = 0;
        e = memo_find(m, k, n);
    }
    memcpy(e->b, k->c, wn);
    if (key->n)
        memcpy(e->b + wn, key->p, key->n);
    memcpy(e->b + wn + key->n, exact->p, xn);
    e->hash = k->hash;
    e->kn = (uint8_t)key->n;
    e->xn = (uint8_t)xn;
    e->wn = (uint8_t)n;
    m->used++;
}

static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)ctx;
    bool normalised = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "normalised") == 0)
            normalised = true;
        else
            return SQLITE_ERROR; /* a typo should not pass silently */
    }
    tokenizer *t = calloc(1, sizeof *t);
    if (!t)
        return SQLITE_NOMEM;
    t->normalised = normalised;
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *tk)
{
    tokenizer *t = (tokenizer *)tk;
    if (!t)
        return;
    ht_buf_free(&t->s.key);
    ht_buf_free(&t->s.norm);
    ht_buf_free(&t->s.exact);
    free(t->m.slots);
    free(t);
}


/* The exact form: the word normalised (NFC, tone placement; unless it comes from
 * normalised text) and lower-cased, after the marker. */
static int exact_form(scratch *s, const char *w, size_t n, bool normalised)
{
    ht_buf_reset(&s->exact);
    if (ht_buf_putc(&s->exact, HT_FTS_EXACT_MARK))
        return HT_ENOMEM;
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = (unsigned char)w[i] < 0x80;
    if (ascii) {
        if (ht_buf_reserve(&s->exact, n))
            return HT_ENOMEM;
        for (size_t i = 0; i < n; i++) {
            char c = w[i];
            s->exact.p[s->exact.n++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        s->exact.p[s->exact.n] = 0;
        return 0;
    }
    const unsigned char *u = (const unsigned char *)w;
    size_t len = n;
    if (!normalised) {
        ht_buf_reset(&s->norm);
        int rc = ht_text_normalize(w, n, &s->norm, NULL, NULL);
        if (rc)
            return rc;
        u = (const unsigned char *)s->norm.p;
        len = s->norm.n;
    }
    /* lower case can take a code point from 2 to 3 bytes (U+023A -> U+2C65) */
    if (ht_buf_reserve(&s->exact, 2 * len + 4))
        return HT_ENOMEM;
    char *o = s->exact.p + s->exact.n;
    for (size_t i = 0; i < len;) {
        if (u[i] < 0x80) {
            unsigned char c = u[i++];
            *o++ = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        uint32_t cp;
        i += ht_utf8_decode(u + i, len - i, &cp);
        o += ht_utf8_encode((uint32_t)utf8proc_tolower((utf8proc_int32_t)cp), o);
    }
    s->exact.n = (size_t)(o - s->exact.p);
    s->exact.p[s->exact.n] = 0;
    return 0;
}

static int emit(token_fn fn, void *ctx, int tflags, const ht_buf *b, size_t start, size_t end)
{
    if (!b->n)
        return SQLITE_OK;
    return fn(ctx, tflags, b->p, (int)b->n, (int)start, (int)end);
}

/* Emits a document's word: its folded key, and its exact form at the same position
 * unless the word is unmarked (xn 0). */
static inline int emit_word(void *ctx, token_fn fn, const char *key, size_t kn,
                            const char *exact, size_t xn, int a, int z)
{
    int rc;
    if (kn && (rc = fn(ctx, 0, key, (int)kn, a, z)) != SQLITE_OK)
        return rc;
    if (kn && !xn)
        return SQLITE_OK;
    return fn(ctx, kn ? FTS5_TOKEN_COLOCATED : 0, exact, (int)xn, a, z);
}

static inline int emit_slot(void *ctx, token_fn fn, const memo_slot *e, int a, int z)
{
    const char *key = e->b + 8 * ((e->wn + 7) / 8);
    return emit_word(ctx, fn, key, e->kn, key + e->kn, e->xn, a, z);
}

/* A document's word w (a token of the text layer) that may not be remembered yet. */
static int doc_word(tokenizer *tk, void *ctx, const char *w, size_t len, const char *end,
                    int a, int z, token_fn fn)
{
    scratch *s = &tk->s;
    memo_slot *e = NULL;
    word_key k;
    k.nc = 0;
    k.hash = 0;
    if (len <= MEMO_ROOM && tk->m.slots) {
        word_key_of(&k, w, len, end);
        e = memo_find(&tk->m, &k, len);
        if (e->wn)
            return emit_slot(ctx, fn, e, a, z);
    }
    ht_buf_reset(&s->key);
    if (ht_text_fold(w, len, &s->key) || exact_form(s, w, len, tk->normalised))
        return SQLITE_NOMEM;
    size_t xn = unmarked(s->key.p, s->key.n, s->exact.p, s->exact.n) ? 0 : s->exact.n;
    if (e)
        memo_put(&tk->m, e, &k, len, &s->key, &s->exact, xn);
    return emit_word(ctx, fn, s->key.p, s->key.n, s->exact.p, xn, a, z);
}

/* ASCII bytes other than letters and digits: white space and punctuation, never inside
 * a word of the text layer. */
#define BOUNDARY(c) ((c) < 0x80 && !((((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z') || ((c) >= '0' && (c) <= '9')))
#define B4(c) BOUNDARY(c), BOUNDARY(c + 1), BOUNDARY(c + 2), BOUNDARY(c + 3)
#define B16(c) B4(c), B4(c + 4), B4(c + 8), B4(c + 12)
#define B64(c) B16(c), B16(c + 16), B16(c + 32), B16(c + 48)
static const bool boundary[256] = {B64(0), B64(64), B64(128), B64(192)};

static inline bool ascii_boundary(unsigned c) { return boundary[c]; }

/* Moves *pos past white space and punctuation that can be dropped a byte at a time, and
 * finds the word there: its bytes up to the next ASCII space or punctuation, [*pos, *e),
 * and their key. False when the text layer is to take the token at *pos (a number,
 * punctuation with marks after it, a run too long to be remembered) or at the end. */
static inline bool next_candidate(const unsigned char *u, size_t n, size_t *pos, word_key *k,
                                  size_t *e)
{
    size_t p = *pos;
    for (; p < n; p++) {
        unsigned c = u[p];
        if (c <= ' ' || c == 0x7F) /* white space: never part of a token */
            continue;
        if (boundary[c]) { /* punctuation is dropped; marks after it stay with it */
            if (p + 1 == n || u[p + 1] < 0x80)
                continue;
            break;
        }
        if (c - '0' < 10)
            break;
        size_t z = p + 1;
        while (z < n && !boundary[u[z]])
            z++;
        if (z - p > MEMO_ROOM)
            break;
        word_key_of(k, (const char *)u + p, z - p, (const char *)u + n);
        *pos = p;
        *e = z;
        return true;
    }
    *pos = p;
    return false;
}

/* A document's text. Most words are remembered: the bytes up to the next ASCII space or
 * punctuation are looked up at once, and when they are a remembered word they are that
 * word's token (a remembered word is a whole token, and such a byte always ends one);
 * everything else takes the text layer's tokens. The slot of the next word is fetched
 * while FTS5 takes the current one: the memo is larger than a core's cache. */
static int doc_text(tokenizer *t, void *ctx, const char *text, size_t n, token_fn fn)
{
    const unsigned char *u = (const unsigned char *)text;
    memo *m = &t->m;
    size_t pos = 0, e = 0;
    word_key k;
    int rc = SQLITE_OK;
    bool cand = m->slots && next_candidate(u, n, &pos, &k, &e);
    while (pos < n && rc == SQLITE_OK) {
        if (cand) {
            const memo_slot *hit = memo_find(m, &k, e - pos);
            if (hit->wn) {
                int a = (int)pos, z = (int)e;
                pos = e;
                cand = next_candidate(u, n, &pos, &k, &e);
                if (cand)
                    __builtin_prefetch(&m->slots[k.hash & (MEMO_SLOTS - 1)]);
                rc = emit_slot(ctx, fn, hit, a, z);
                continue;
            }
        }
        ht_token tok;
        if (!ht_text_next_token_lax(text, n, &pos, &tok))
            break;
        size_t len = tok.end - tok.start;
        const char *w = text + tok.start;
        if (tok.kind == HT_TOK_NUM && len <= MAX_TOKEN)
            rc = fn(ctx, 0, w, (int)len, (int)tok.start, (int)tok.end);
        else if (tok.kind == HT_TOK_WORD && len <= MAX_TOKEN)
            rc = doc_word(t, ctx, w, len, text + n, (int)tok.start, (int)tok.end, fn);
        cand = m->slots && next_candidate(u, n, &pos, &k, &e);
    }
    return rc;
}

/* Invalid bytes (only possible in text that did not come through hoptac) are skipped;
 * the valid runs around them are still indexed. */
static int tok_tokenize(Fts5Tokenizer *tk, void *ctx, int flags, const char *text, int ntext,
                        token_fn fn)
{
    tokenizer *t = (tokenizer *)tk;
    scratch *s = &t->s;
    size_t n = ntext > 0 ? (size_t)ntext : 0, pos = 0, exact_at = (size_t)-1;
    if (!(flags & FTS5_TOKENIZE_QUERY)) {
        if (!t->m.slots)
            t->m.slots = calloc(MEMO_SLOTS, sizeof *t->m.slots); /* none: no memo */
        return doc_text(t, ctx, text, n, fn);
    }
    ht_token tok;
    while (ht_text_next_token_lax(text, n, &pos, &tok)) {
        size_t len = tok.end - tok.start;
        const char *w = text + tok.start;
        if (tok.kind == HT_TOK_PUNCT) {
            if (len == 1 && *w == HT_FTS_EXACT_MARK)
                exact_at = tok.end;
            continue;
        }
        if (len > MAX_TOKEN)
            continue;
        int a = (int)tok.start, z = (int)tok.end, rc;
        if (tok.kind == HT_TOK_NUM)
            rc = fn(ctx, 0, w, (int)len, a, z);
        else if (exact_at == tok.start) { /* '=word': the exact form alone */
            if (exact_form(s, w, len, false))
                return SQLITE_NOMEM;
            rc = emit(fn, ctx, 0, &s->exact, (size_t)a, (size_t)z);
        } else {
            ht_buf_reset(&s->key);
            if (ht_text_fold(w, len, &s->key))
                return SQLITE_NOMEM;
            rc = emit(fn, ctx, 0, &s->key, (size_t)a, (size_t)z);
        }
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

static void fold_func(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(c);
        return;
    }
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    int n = sqlite3_value_bytes(argv[0]);
    size_t bad;
    if (!s || ht_utf8_validate(s, (size_t)n, &bad, NULL) != 0) {
        sqlite3_result_error(c, "hoptac_fold: invalid UTF-8", -1);
        return;
    }
    ht_buf b = {0};
    if (ht_text_fold(s, (size_t)n, &b) || ht_buf_putc(&b, 0)) {
        ht_buf_free(&b);
        sqlite3_result_error_nomem(c);
        return;
    }
    sqlite3_result_text(c, b.p, (int)b.n - 1, free);
}

/* hoptac_normalize(TEXT|BLOB): the text layer's normalised form (the text stored
 * documents are indexed and read in); NULL stays NULL. The view of the documents' index
 * asks it for the same document twice in a row (body and captions): the last input of
 * a connection and its result are kept (memo, freed with the function). */
typedef struct {
    ht_buf in, out; /* the last input and its result, with its NUL */
    bool valid;
} norm_memo;

static void norm_memo_free(void *p)
{
    norm_memo *m = p;
    if (!m)
        return;
    ht_buf_free(&m->in);
    ht_buf_free(&m->out);
    free(m);
}

static void normalize_func(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(c);
        return;
    }
    const char *s = sqlite3_value_type(argv[0]) == SQLITE_BLOB
                        ? (const char *)sqlite3_value_blob(argv[0])
                        : (const char *)sqlite3_value_text(argv[0]);
    int n = sqlite3_value_bytes(argv[0]);
    size_t len = s ? (size_t)n : 0;
    norm_memo *m = sqlite3_user_data(c);
    if (m && m->valid && m->in.n == len && (!len || !memcmp(m->in.p, s, len))) {
        sqlite3_result_text(c, m->out.p, (int)m->out.n - 1, SQLITE_TRANSIENT);
        return;
    }
    ht_buf b = {0};
    int rc = ht_text_normalize(s ? s : "", len, &b, NULL, NULL);
    if (rc == HT_ENOMEM || (!rc && ht_buf_putc(&b, 0))) {
        ht_buf_free(&b);
        sqlite3_result_error_nomem(c);
        return;
    }
    if (rc) {
        ht_buf_free(&b);
        sqlite3_result_error(c, "hoptac_normalize: invalid UTF-8", -1);
        return;
    }
    if (m) {
        m->valid = false;
        ht_buf_reset(&m->in);
        ht_buf_reset(&m->out);
        if (!ht_buf_append(&m->in, s ? s : "", len) && !ht_buf_append(&m->out, b.p, b.n))
            m->valid = true;
    }
    sqlite3_result_text(c, b.p, (int)b.n - 1, free);
}

/* hoptac_slices(TEXT, SPANS): the pieces of TEXT at the byte spans "start end start
 * end ..." joined by line feeds (the blocks of a class, in order); NULL without spans. */
static void slices_func(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(c);
        return;
    }
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    const char *p = (const char *)sqlite3_value_text(argv[1]);
    ht_buf b = {0};
    int err = 0;
    bool first = true;
    while (p && *p && !err) {
        char *e1, *e2;
        unsigned long long a = strtoull(p, &e1, 10);
        if (e1 == p)
            break;
        unsigned long long z = strtoull(e1, &e2, 10);
        if (e2 == e1)
            break;
        p = e2;
        if (a > n)
            a = n;
        if (z > n)
            z = n;
        if (!first)
            err |= ht_buf_putc(&b, '\n');
        first = false;
        if (z > a)
            err |= ht_buf_append(&b, t + a, (size_t)(z - a));
    }
    if (err || ht_buf_putc(&b, 0)) {
        ht_buf_free(&b);
        sqlite3_result_error_nomem(c);
        return;
    }
    sqlite3_result_text(c, b.p, (int)b.n - 1, free);
}

fts5_api *ht_fts_api(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

int ht_fts_register(sqlite3 *db)
{
    fts5_api *api = ht_fts_api(db);
    if (!api || api->iVersion < 2)
        return SQLITE_ERROR;
    static fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
    int rc = api->xCreateTokenizer(api, HT_FTS_TOKENIZER, NULL, &tok, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_create_function(db, "hoptac_fold", 1,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                 fold_func, NULL, NULL);
    if (rc != SQLITE_OK)
        return rc;
    norm_memo *m = calloc(1, sizeof *m); /* none: no memo */
    rc = sqlite3_create_function_v2(db, "hoptac_normalize", 1,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, m,
                                    normalize_func, NULL, NULL, norm_memo_free);
    if (rc != SQLITE_OK)
        return rc;
    return sqlite3_create_function(db, "hoptac_slices", 2,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                   slices_func, NULL, NULL);
}

#ifdef HT_FTS_EXTENSION
static int ext_init(sqlite3 *db, char **err)
{
    int rc = ht_fts_register(db);
    if (rc != SQLITE_OK && err)
        *err = sqlite3_mprintf("hoptac_fts: cannot register the tokenizer (is FTS5 built in?)");
    return rc;
}

/* Entry points: the name SQLite derives from "hoptac_fts.so", and the generic one. */
HT_EXPORT int sqlite3_hoptacfts_init(sqlite3 *db, char **err, const sqlite3_api_routines *api)
{
    SQLITE_EXTENSION_INIT2(api);
    return ext_init(db, err);
}

HT_EXPORT int sqlite3_extension_init(sqlite3 *db, char **err, const sqlite3_api_routines *api)
{
    SQLITE_EXTENSION_INIT2(api);
    return ext_init(db, err);
}
#endif
