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
 * tokenizer's time. The table is emptied when full. */
#define MEMO_SLOTS 16384       /* a power of two */
#define MEMO_FILL 12288        /* words kept before the table is emptied */
#define MEMO_WORD 48           /* longer words are not remembered */
#define MEMO_BYTES (MEMO_FILL * 3 * (MEMO_WORD / 2))

typedef struct {
    uint32_t hash;
    uint32_t at;                /* offset in bytes: the word, its key, its exact form */
    uint8_t wn, kn, xn;         /* 0 wn: empty slot */
} memo_slot;

typedef struct {
    memo_slot *slots;
    char *bytes;
    size_t used, nbytes;
} memo;

/* FTS5 calls a tokenizer of one connection from one thread at a time: its buffers and
 * its memo are reused from one text to the next. */
typedef struct {
    scratch s;
    memo m;
    bool normalised; /* documents come normalised: their words are not normalised again */
} tokenizer;

static uint32_t memo_hash(const char *w, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h;
}

static const memo_slot *memo_get(const memo *m, uint32_t h, const char *w, size_t n)
{
    if (!m->slots)
        return NULL;
    for (uint32_t i = h & (MEMO_SLOTS - 1);; i = (i + 1) & (MEMO_SLOTS - 1)) {
        const memo_slot *e = &m->slots[i];
        if (!e->wn)
            return NULL;
        if (e->hash == h && e->wn == n && !memcmp(m->bytes + e->at, w, n))
            return e;
    }
}

static void memo_put(memo *m, uint32_t h, const char *w, size_t n, const ht_buf *key,
                     const ht_buf *exact)
{
    if (n > MEMO_WORD || key->n > 255 || exact->n > 255)
        return;
    if (!m->slots) {
        m->slots = calloc(MEMO_SLOTS, sizeof *m->slots);
        m->bytes = malloc(MEMO_BYTES);
        if (!m->slots || !m->bytes) {
            free(m->slots);
            free(m->bytes);
            m->slots = NULL;
            m->bytes = NULL;
            return;
        }
    }
    size_t need = n + key->n + exact->n;
    if (m->used == MEMO_FILL || m->nbytes + need > MEMO_BYTES) {
        memset(m->slots, 0, MEMO_SLOTS * sizeof *m->slots);
        m->used = m->nbytes = 0;
    }
    uint32_t i = h & (MEMO_SLOTS - 1);
    while (m->slots[i].wn)
        i = (i + 1) & (MEMO_SLOTS - 1);
    char *p = m->bytes + m->nbytes;
    memcpy(p, w, n);
    if (key->n)
        memcpy(p + n, key->p, key->n);
    memcpy(p + n + key->n, exact->p, exact->n);
    m->slots[i] = (memo_slot){h, (uint32_t)m->nbytes, (uint8_t)n, (uint8_t)key->n,
                              (uint8_t)exact->n};
    m->nbytes += need;
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
    free(t->m.bytes);
    free(t);
}

typedef int (*token_fn)(void *ctx, int tflags, const char *tok, int n, int start, int end);

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

/* Tokenizes a run of valid UTF-8 at text[off..off+n). */
static int tokenize_run(tokenizer *tk, void *ctx, bool query, const char *text, size_t off,
                        size_t n, token_fn fn)
{
    scratch *s = &tk->s;
    const char *r = text + off;
    size_t pos = 0, exact_at = (size_t)-1;
    ht_token t;
    while (ht_text_next_token(r, n, &pos, &t)) {
        size_t len = t.end - t.start;
        if (t.kind == HT_TOK_PUNCT) {
            if (query && len == 1 && r[t.start] == HT_FTS_EXACT_MARK)
                exact_at = t.end;
            continue;
        }
        if (len > MAX_TOKEN)
            continue;
        const char *w = r + t.start;
        int a = (int)(off + t.start), z = (int)(off + t.end), rc;
        if (t.kind == HT_TOK_NUM) {
            if ((rc = fn(ctx, 0, w, (int)len, a, z)) != SQLITE_OK)
                return rc;
            continue;
        }
        if (!query) { /* a document: the key, and the exact form at the same position */
            uint32_t h = memo_hash(w, len);
            const memo_slot *e = memo_get(&tk->m, h, w, len);
            const char *key, *exact;
            size_t kn, xn;
            if (e) {
                key = tk->m.bytes + e->at + e->wn;
                kn = e->kn;
                exact = key + kn;
                xn = e->xn;
            } else {
                ht_buf_reset(&s->key);
                if (ht_text_fold(w, len, &s->key) || exact_form(s, w, len, tk->normalised))
                    return SQLITE_NOMEM;
                memo_put(&tk->m, h, w, len, &s->key, &s->exact);
                key = s->key.p;
                kn = s->key.n;
                exact = s->exact.p;
                xn = s->exact.n;
            }
            if (kn && (rc = fn(ctx, 0, key, (int)kn, a, z)) != SQLITE_OK)
                return rc;
            if ((rc = fn(ctx, kn ? FTS5_TOKEN_COLOCATED : 0, exact, (int)xn, a, z)) != SQLITE_OK)
                return rc;
            continue;
        }
        if (exact_at == t.start) { /* '=word' in a query: the exact form alone */
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

static int tok_tokenize(Fts5Tokenizer *tk, void *ctx, int flags, const char *text, int ntext,
                        token_fn fn)
{
    tokenizer *t = (tokenizer *)tk;
    bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
    int rc = SQLITE_OK;
    size_t n = ntext > 0 ? (size_t)ntext : 0, off = 0;
    /* Invalid bytes (only possible in text that did not come through hoptac) are
     * skipped; the valid runs around them are still indexed. */
    while (off < n && rc == SQLITE_OK) {
        size_t bad = n - off;
        if (ht_utf8_validate(text + off, n - off, &bad, NULL) == 0)
            bad = n - off;
        rc = tokenize_run(t, ctx, query, text, off, bad, fn);
        off += bad + 1;
    }
    return rc;
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
 * documents are indexed and read in); NULL stays NULL. */
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
    ht_buf b = {0};
    int rc = ht_text_normalize(s ? s : "", s ? (size_t)n : 0, &b, NULL, NULL);
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
    rc = sqlite3_create_function(db, "hoptac_normalize", 1,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                 normalize_func, NULL, NULL);
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
