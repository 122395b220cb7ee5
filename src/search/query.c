/* The query parser and compiler: lexemes, a recursive-descent parser building the tree in
 * the query's arena, alias expansion, and the translation to FTS5 MATCH expressions in
 * which every term is a quoted string, so no user input is ever read as FTS5 syntax. */
#include "query.h"

#include "text/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef enum { LX_TERM, LX_AND, LX_OR, LX_NOT, LX_DASH, LX_LP, LX_RP } lx_kind;

typedef struct {
    lx_kind kind;
    size_t off;         /* byte offset in the query */
    ht_query_node *term; /* LX_TERM */
    bool bare;          /* LX_TERM: neither quoted nor a prefix (alias runs use these) */
} lexeme;

typedef struct {
    ht_query_node *node;
    bool bare, joined; /* joined: no explicit AND before it */
} item;

typedef struct {
    const char *s;
    size_t n;
    const ht_query_opts *o;
    ht_query *q;
    ht_error *e;
    lexeme *lx;
    size_t nlx, caplx, pos;
    int depth;
    ht_buf tmp, tmp2;
} parser;

struct ht_query_alts {
    parser *p;
    const char *self;
    const char *v[HT_QUERY_MAX_ALTS];
    size_t n;
};

/* 1-based column (in code points) of byte offset off. */
static size_t col_at(const parser *p, size_t off)
{
    size_t col = 1;
    for (size_t i = 0; i < off && i < p->n; i++)
        col += ((unsigned char)p->s[i] & 0xC0) != 0x80;
    return col;
}

static bool is_quote(uint32_t cp) { return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E; }

static char *arena_dup(parser *p, const char *s, size_t n)
{
    return ht_arena_strndup(&p->q->arena, s, n);
}

int ht_query_exact_form(const char *w, size_t n, ht_buf *out)
{
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = (unsigned char)w[i] < 0x80;
    if (ascii) {
        if (ht_buf_reserve(out, n))
            return HT_ENOMEM;
        for (size_t i = 0; i < n; i++) {
            char c = w[i];
            out->p[out->n++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        out->p[out->n] = 0;
        return 0;
    }
    ht_buf norm = {0};
    int rc = ht_text_normalize(w, n, &norm, NULL, NULL);
    const unsigned char *u = (const unsigned char *)norm.p;
    for (size_t i = 0; rc == 0 && i < norm.n;) {
        uint32_t cp;
        i += ht_utf8_decode(u + i, norm.n - i, &cp);
        char enc[4];
        size_t k = ht_utf8_encode((uint32_t)utf8proc_tolower((utf8proc_int32_t)cp), enc);
        rc = ht_buf_append(out, enc, k);
    }
    ht_buf_free(&norm);
    return rc;
}

/* ---- the forms with marks of a word written without them ---- */

/* What an ASCII letter may be with marks: its bases (the letter, then with a breve,
 * circumflex, horn or stroke); a vowel also takes one of the five tones. */
static size_t bases_of(char c, uint32_t out[3])
{
    static const struct {
        char c;
        uint32_t b[3];
    } t[] = {{'a', {'a', 0x103, 0xE2}}, {'e', {'e', 0xEA, 0}}, {'i', {'i', 0, 0}},
             {'o', {'o', 0xF4, 0x1A1}}, {'u', {'u', 0x1B0, 0}}, {'y', {'y', 0, 0}},
             {'d', {'d', 0x111, 0}}};
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (t[i].c == c) {
            size_t n = 0;
            while (n < 3 && t[i].b[n])
                out[n] = t[i].b[n], n++;
            return n;
        }
    out[0] = (unsigned char)c;
    return 1;
}

static bool is_vowel(char c) { return c && strchr("aeiouy", c); }

/* The forms with marks of the ASCII word w (lower case, n bytes): every choice of bases,
 * with no tone or one tone on one of its vowels, in NFC, each passed to fn (NULL: only
 * counted). Returns their number, -1 when w is not such a word or has more than
 * HT_QUERY_MAX_VARIANTS, or a negative HT_E* code other than -1 from fn or on a failure. */
typedef int (*variant_fn)(void *ctx, const char *form, size_t n);
static long word_variants(const char *w, size_t n, variant_fn fn, void *ctx)
{
    static const uint32_t tones[] = {0x301, 0x300, 0x309, 0x303, 0x323};
    uint32_t b[64][3];
    size_t nb[64], vowels = 0, combos = 1;
    if (n == 0 || n > 64)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            return -1;
        nb[i] = bases_of(c, b[i]);
        vowels += is_vowel(c);
        combos *= nb[i];
        if (combos > HT_QUERY_MAX_VARIANTS)
            return -1;
    }
    size_t forms = combos * (1 + 5 * vowels) - 1; /* all but w itself */
    if (forms > HT_QUERY_MAX_VARIANTS)
        return -1;
    if (!fn)
        return (long)forms;
    size_t pick[64] = {0}, count = 0;
    char nfd[64 * 8];
    for (;;) {
        /* tone 0: none; else tone (k - 1) % 5 on the (k - 1) / 5 th vowel */
        for (size_t k = 0; k <= 5 * vowels; k++) {
            size_t len = 0, v = 0;
            bool marked = k > 0;
            for (size_t i = 0; i < n; i++) {
                marked |= pick[i] > 0;
                len += ht_utf8_encode(b[i][pick[i]], nfd + len);
                if (is_vowel(w[i]) && k > 0 && v++ == (k - 1) / 5)
                    len += ht_utf8_encode(tones[(k - 1) % 5], nfd + len);
            }
            if (!marked)
                continue;
            count++;
            nfd[len] = 0;
            utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)nfd);
            if (!nfc)
                return HT_ENOMEM;
            int rc = fn(ctx, (const char *)nfc, strlen((const char *)nfc));
            free(nfc);
            if (rc)
                return rc;
        }
        size_t i = 0;
        while (i < n && ++pick[i] == nb[i])
            pick[i++] = 0;
        if (i == n)
            return (long)count;
    }
}

static bool term_accented(const ht_query_node *t)
{
    for (size_t i = 0; i < t->nwords; i++)
        if (t->words[i].accented)
            return true;
    return false;
}

static int quoted(ht_buf *b, const char *s)
{
    int rc = ht_buf_putc(b, '"');
    for (; *s && !rc; s++)
        rc = *s == '"' ? ht_buf_append(b, "\"\"", 2) : ht_buf_putc(b, *s);
    return rc | ht_buf_putc(b, '"');
}

/* The words of a term's text: folded key and exact form of each word, numbers as
 * written, punctuation dropped. Sets *nw = 0 when there is nothing to search for. */
static int term_words(parser *p, const char *raw, size_t rawn, ht_query_word **out, size_t *nw)
{
    size_t pos = 0, count = 0;
    ht_token t;
    while (ht_text_next_token(raw, rawn, &pos, &t))
        count += t.kind != HT_TOK_PUNCT;
    *nw = 0;
    *out = NULL;
    if (!count)
        return 0;
    ht_query_word *w = ht_arena_alloc(&p->q->arena, count * sizeof *w);
    if (!w)
        return ht_err(p->e, HT_ENOMEM, "out of memory");
    size_t k = 0;
    pos = 0;
    while (ht_text_next_token(raw, rawn, &pos, &t)) {
        const char *ts = raw + t.start;
        size_t tn = t.end - t.start;
        if (t.kind == HT_TOK_PUNCT)
            continue;
        if (t.kind == HT_TOK_NUM) {
            w[k].key = w[k].exact = arena_dup(p, ts, tn);
            w[k].num = true;
            w[k].variants = -1;
            if (!w[k].key)
                return ht_err(p->e, HT_ENOMEM, "out of memory");
            k++;
            continue;
        }
        ht_buf_reset(&p->tmp);
        ht_buf_reset(&p->tmp2);
        if (ht_text_fold(ts, tn, &p->tmp) || ht_query_exact_form(ts, tn, &p->tmp2))
            return ht_err(p->e, HT_ENOMEM, "out of memory");
        if (!p->tmp.n) /* only marks or ignorable characters */
            continue;
        w[k].key = arena_dup(p, p->tmp.p, p->tmp.n);
        w[k].exact = arena_dup(p, p->tmp2.p, p->tmp2.n);
        if (!w[k].key || !w[k].exact)
            return ht_err(p->e, HT_ENOMEM, "out of memory");
        w[k].accented = strcmp(w[k].key, w[k].exact) != 0;
        w[k].variants = -1;
        if (!w[k].accented && p->o && p->o->exact)
            w[k].variants = word_variants(w[k].key, p->tmp.n, NULL, NULL);
        k++;
    }
    *out = w;
    *nw = k;
    return 0;
}

static ht_query_node *new_node(parser *p, ht_query_kind kind, size_t col)
{
    ht_query_node *nd = ht_arena_alloc(&p->q->arena, sizeof *nd);
    if (nd) {
        nd->kind = kind;
        nd->col = col;
    }
    return nd;
}

static size_t utf8_chars(const char *s)
{
    size_t c = 0;
    for (; *s; s++)
        c += ((unsigned char)*s & 0xC0) != 0x80;
    return c;
}

/* Builds the term of a lexeme; *out = NULL when it has no words. */
static int make_term(parser *p, const char *raw, size_t rawn, size_t off, bool phrase,
                     bool prefix, ht_query_node **out)
{
    *out = NULL;
    ht_query_word *w;
    size_t nw;
    int rc = term_words(p, raw, rawn, &w, &nw);
    if (rc)
        return rc;
    if (!nw) {
        if (phrase)
            return ht_err(p->e, HT_EFORMAT,
                          "nothing to search for between the quotes at column %zu",
                          col_at(p, off));
        return 0;
    }
    if (prefix && utf8_chars(w[nw - 1].key) < 2)
        return ht_err(p->e, HT_EFORMAT,
                      "prefix at column %zu is too short: write at least 2 letters before '*'",
                      col_at(p, off));
    ht_query_node *nd = new_node(p, HT_QN_TERM, col_at(p, off));
    if (!nd)
        return ht_err(p->e, HT_ENOMEM, "out of memory");
    nd->words = w;
    nd->nwords = nw;
    nd->phrase = phrase;
    nd->prefix = prefix;
    *out = nd;
    return 0;
}

static int push(parser *p, lx_kind kind, size_t off, ht_query_node *term, bool bare)
{
    if (p->nlx == p->caplx) {
        size_t cap = p->caplx ? 2 * p->caplx : 16;
        lexeme *v = realloc(p->lx, cap * sizeof *v);
        if (!v)
            return ht_err(p->e, HT_ENOMEM, "out of memory");
        p->lx = v;
        p->caplx = cap;
    }
    p->lx[p->nlx++] = (lexeme){kind, off, term, bare};
    return 0;
}

static int push_term(parser *p, size_t off, ht_query_node *t, bool bare, size_t *terms)
{
    if (++*terms > HT_QUERY_MAX_TERMS)
        return ht_err(p->e, HT_ELIMIT, "too many terms: at most %d", HT_QUERY_MAX_TERMS);
    return push(p, LX_TERM, off, t, bare);
}

/* A '-' directly before a word, a quote or a parenthesis is NOT; elsewhere it is
 * punctuation ("Lào-Việt", "- ", "--"). */
static bool dash_is_not(const unsigned char *u, size_t i, size_t n)
{
    if (u[i] != '-' || i + 1 >= n)
        return false;
    uint32_t c;
    ht_utf8_decode(u + i + 1, n - i - 1, &c);
    int cls = ht_text_class(c);
    return is_quote(c) || c == '(' || cls == HT_CC_LETTER || cls == HT_CC_DIGIT ||
           cls == HT_CC_MARK;
}

/* Whether s[0..n) ends with a letter, digit or mark (a word still being typed). */
static bool ends_in_word(const char *s, size_t n)
{
    size_t i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return false;
    uint32_t c;
    ht_utf8_decode((const unsigned char *)s + i - 1, n - i + 1, &c);
    int cls = ht_text_class(c);
    return cls == HT_CC_LETTER || cls == HT_CC_DIGIT || cls == HT_CC_MARK;
}

static int lex(parser *p)
{
    const unsigned char *u = (const unsigned char *)p->s;
    size_t i = 0, n = p->n, terms = 0;
    int rc = 0;
    while (i < n && rc == 0) {
        uint32_t cp;
        size_t len = ht_utf8_decode(u + i, n - i, &cp);
        ht_query_node *t = NULL;
        if (ht_text_class(cp) == HT_CC_SPACE) {
            i += len;
        } else if (cp == '(' || cp == ')') {
            rc = push(p, cp == '(' ? LX_LP : LX_RP, i, NULL, false);
            i++;
        } else if (is_quote(cp)) {
            size_t q = i, a = i + len, j = a, qlen = 0;
            bool closed = false;
            while (j < n) {
                uint32_t c2;
                qlen = ht_utf8_decode(u + j, n - j, &c2);
                if (is_quote(c2)) {
                    closed = true;
                    break;
                }
                j += qlen;
            }
            if (!closed)
                return ht_err(p->e, HT_EFORMAT, "unclosed quote at column %zu", col_at(p, q));
            /* `"hợp tác*"` is read as the prefix phrase `"hợp tác"*` */
            size_t k = j;
            while (k > a && (u[k - 1] == ' ' || u[k - 1] == '*'))
                k--;
            bool prefix = memchr(p->s + k, '*', j - k) != NULL;
            i = j + qlen;
            while (i < n && u[i] == '*') {
                prefix = true;
                i++;
            }
            if ((rc = make_term(p, p->s + a, (prefix ? k : j) - a, q, true, prefix, &t)))
                return rc;
            rc = push_term(p, q, t, false, &terms);
        } else if (dash_is_not(u, i, n)) {
            rc = push(p, LX_DASH, i, NULL, false);
            i++;
        } else {
            size_t a = i;
            while (i < n) {
                len = ht_utf8_decode(u + i, n - i, &cp);
                if (ht_text_class(cp) == HT_CC_SPACE || cp == '(' || cp == ')' || is_quote(cp))
                    break;
                i += len;
            }
            size_t wn = i - a;
            const char *w = p->s + a;
            if (wn == 3 && !memcmp(w, "AND", 3)) {
                rc = push(p, LX_AND, a, NULL, false);
                continue;
            }
            if (wn == 2 && !memcmp(w, "OR", 2)) {
                rc = push(p, LX_OR, a, NULL, false);
                continue;
            }
            if (wn == 3 && !memcmp(w, "NOT", 3)) {
                rc = push(p, LX_NOT, a, NULL, false);
                continue;
            }
            bool prefix = false;
            while (wn > 0 && w[wn - 1] == '*') {
                prefix = true;
                wn--;
            }
            if ((rc = make_term(p, w, wn, a, false, prefix, &t)))
                return rc;
            /* the word being typed: still bare, so that its aliases are looked up */
            if (t && !prefix && i == n && p->o && p->o->prefix_last &&
                ends_in_word(w, wn) && utf8_chars(t->words[t->nwords - 1].key) >= 2)
                t->prefix = true;
            if (t) /* punctuation alone separates, like white space */
                rc = push_term(p, a, t, !prefix, &terms);
        }
    }
    return rc;
}

/* ---- aliases ---- */

int ht_query_alts_add(ht_query_alts *a, const char *s, size_t n)
{
    parser *p = a->p;
    size_t bad;
    if (!s || ht_utf8_validate(s, n, &bad, NULL) != 0 || a->n >= HT_QUERY_MAX_ALTS)
        return 0;
    /* folded word by word, as the terms are: numbers stay as written */
    ht_buf *b = &p->tmp2;
    ht_buf_reset(b);
    size_t pos = 0;
    ht_token t;
    while (ht_text_next_token(s, n, &pos, &t)) {
        if (t.kind == HT_TOK_PUNCT)
            continue;
        size_t at = b->n;
        if (b->n && ht_buf_putc(b, ' '))
            return HT_ENOMEM;
        size_t mark = b->n;
        if (t.kind == HT_TOK_NUM ? ht_buf_append(b, s + t.start, t.end - t.start)
                                 : ht_text_fold(s + t.start, t.end - t.start, b))
            return HT_ENOMEM;
        if (b->n == mark) /* a word of marks only */
            b->n = at;
    }
    if (!b->n || !strcmp(b->p, a->self))
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (!strcmp(a->v[i], b->p))
            return 0;
    const char *d = arena_dup(p, b->p, b->n);
    if (!d)
        return HT_ENOMEM;
    a->v[a->n++] = d;
    return 0;
}

/* Whether the words of needle (nn words of a folded phrase, separated by one space)
 * occur in a row in hay (hn bytes, same form). */
static bool has_run(const char *hay, size_t hn, const char *needle, size_t nn)
{
    for (size_t i = 0; i + nn <= hn; i++) {
        if (i > 0 && hay[i - 1] != ' ')
            continue;
        if (!memcmp(hay + i, needle, nn) && (i + nn == hn || hay[i + nn] == ' '))
            return true;
    }
    return false;
}

/* An alternative that holds what was written (each word run of the terms) or another,
 * shorter alternative adds no row, only work ("nước việt nam" beside "viet" "nam"):
 * it is left out. */
static size_t drop_subsumed(parser *p, ht_query_node *const *terms, size_t nt, const char **v,
                            size_t n)
{
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        size_t li = strlen(v[i]);
        bool holds = true;
        for (size_t t = 0; t < nt && holds; t++) {
            ht_buf_reset(&p->tmp);
            for (size_t w = 0; w < terms[t]->nwords; w++)
                if ((w && ht_buf_putc(&p->tmp, ' ')) || ht_buf_puts(&p->tmp, terms[t]->words[w].key))
                    return n; /* out of memory: keep them all */
            holds = has_run(v[i], li, p->tmp.p, p->tmp.n);
        }
        for (size_t j = 0; j < n && !holds; j++) {
            size_t lj = strlen(v[j]);
            holds = j != i && (lj < li || (lj == li && j < i)) && has_run(v[i], li, v[j], lj);
        }
        if (!holds)
            v[out++] = v[i];
    }
    return out;
}

static int key_of(parser *p, ht_query_node *const *terms, size_t nt, ht_buf *b)
{
    ht_buf_reset(b);
    for (size_t i = 0; i < nt; i++)
        for (size_t w = 0; w < terms[i]->nwords; w++)
            if ((b->n && ht_buf_putc(b, ' ')) || ht_buf_puts(b, terms[i]->words[w].key))
                return ht_err(p->e, HT_ENOMEM, "out of memory");
    return 0;
}

/* Asks the callback for the alternatives of the words of terms[0..nt); when it gives
 * some, *out is the term that carries them (terms[0], or a new phrase of all the words),
 * else NULL. */
static int lookup(parser *p, ht_query_node *const *terms, size_t nt, ht_query_node **out)
{
    *out = NULL;
    if (!p->o || !p->o->alias || p->q->exact)
        return 0;
    int rc = key_of(p, terms, nt, &p->tmp);
    if (rc)
        return rc;
    char *key = arena_dup(p, p->tmp.p, p->tmp.n);
    if (!key)
        return ht_err(p->e, HT_ENOMEM, "out of memory");
    ht_query_alts a = {.p = p, .self = key};
    ht_error ce = {0};
    rc = p->o->alias(p->o->alias_ctx, key, strlen(key), &a, &ce);
    if (rc)
        return ht_err(p->e, rc < 0 ? rc : HT_EINVAL, "%s", ce.msg[0] ? ce.msg : "alias look-up failed");
    a.n = drop_subsumed(p, terms, nt, a.v, a.n);
    if (!a.n)
        return 0;
    ht_query_node *nd = terms[0];
    if (nt > 1) {
        size_t nw = 0;
        for (size_t i = 0; i < nt; i++)
            nw += terms[i]->nwords;
        nd = new_node(p, HT_QN_TERM, terms[0]->col);
        ht_query_word *w = ht_arena_alloc(&p->q->arena, nw * sizeof *w);
        if (!nd || !w)
            return ht_err(p->e, HT_ENOMEM, "out of memory");
        nd->words = w;
        for (size_t i = 0; i < nt; i++)
            for (size_t k = 0; k < terms[i]->nwords; k++)
                w[nd->nwords++] = terms[i]->words[k];
        /* the words keep their meaning (each anywhere): the aliases only add */
        nd->kids = ht_arena_alloc(&p->q->arena, nt * sizeof *nd->kids);
        if (!nd->kids)
            return ht_err(p->e, HT_ENOMEM, "out of memory");
        memcpy(nd->kids, terms, nt * sizeof *terms);
        nd->nkids = nt;
        nd->loose = true;
    }
    nd->alts = ht_arena_alloc(&p->q->arena, a.n * sizeof *nd->alts);
    if (!nd->alts)
        return ht_err(p->e, HT_ENOMEM, "out of memory");
    memcpy(nd->alts, a.v, a.n * sizeof *nd->alts);
    nd->nalts = a.n;
    *out = nd;
    return 0;
}

/* Replaces the longest runs of consecutive bare words that have aliases by one term
 * carrying the alternatives ("xe kong" -> ("xe" AND "kong") OR "sekong" OR "se kong"). */
static int expand_runs(parser *p, item *it, size_t *nit)
{
    size_t out = 0;
    for (size_t i = 0; i < *nit;) {
        if (!it[i].bare) {
            it[out++] = it[i++];
            continue;
        }
        size_t run = 1;
        while (i + run < *nit && run < HT_QUERY_MAX_RUN && it[i + run].bare && it[i + run].joined)
            run++;
        ht_query_node *terms[HT_QUERY_MAX_RUN], *hit = NULL;
        for (size_t k = 0; k < run; k++)
            terms[k] = it[i + k].node;
        size_t used = 1;
        for (size_t len = run; len >= 1 && !hit; len--) {
            int rc = lookup(p, terms, len, &hit);
            if (rc)
                return rc;
            if (hit)
                used = len;
        }
        it[out] = it[i];
        if (hit)
            it[out].node = hit;
        out++;
        i += used;
    }
    *nit = out;
    return 0;
}

/* ---- parser ---- */

static lexeme *peek(parser *p) { return p->pos < p->nlx ? &p->lx[p->pos] : NULL; }

static bool starts_unary(const lexeme *l)
{
    return l && (l->kind == LX_TERM || l->kind == LX_NOT || l->kind == LX_DASH ||
                 l->kind == LX_LP);
}

static int parse_or(parser *p, ht_query_node **out);

static int parse_unary(parser *p, ht_query_node **out)
{
    lexeme *l = &p->lx[p->pos++];
    size_t col = col_at(p, l->off);
    if (++p->depth > HT_QUERY_MAX_DEPTH)
        return ht_err(p->e, HT_ELIMIT, "query nested too deeply at column %zu (at most %d levels)",
                      col, HT_QUERY_MAX_DEPTH);
    int rc = 0;
    switch (l->kind) {
    case LX_NOT:
    case LX_DASH: {
        if (!starts_unary(peek(p)))
            return ht_err(p->e, HT_EFORMAT, "%s at column %zu needs a term after it",
                          l->kind == LX_NOT ? "NOT" : "'-'", col);
        bool bare = peek(p)->kind == LX_TERM && peek(p)->bare;
        ht_query_node *kid, *hit;
        if ((rc = parse_unary(p, &kid)))
            return rc;
        if (bare && (rc = lookup(p, &kid, 1, &hit)) == 0 && hit)
            kid = hit;
        if (rc)
            return rc;
        if (kid->kind == HT_QN_NOT) { /* NOT NOT x is x */
            *out = kid->kids[0];
            break;
        }
        ht_query_node *nd = new_node(p, HT_QN_NOT, col);
        if (!nd || !(nd->kids = ht_arena_alloc(&p->q->arena, sizeof *nd->kids)))
            return ht_err(p->e, HT_ENOMEM, "out of memory");
        nd->kids[0] = kid;
        nd->nkids = 1;
        *out = nd;
        break;
    }
    case LX_LP:
        if (!peek(p))
            return ht_err(p->e, HT_EFORMAT, "'(' at column %zu is not closed", col);
        if (peek(p)->kind == LX_RP)
            return ht_err(p->e, HT_EFORMAT, "empty parentheses at column %zu", col);
        if ((rc = parse_or(p, out)))
            return rc;
        if (!peek(p) || peek(p)->kind != LX_RP)
            return ht_err(p->e, HT_EFORMAT, "'(' at column %zu is not closed", col);
        p->pos++;
        break;
    case LX_TERM: {
        ht_query_node *hit;
        *out = l->term;
        if (l->term->phrase && !l->term->prefix && (rc = lookup(p, &l->term, 1, &hit)) == 0 && hit)
            *out = hit;
        if (rc)
            return rc;
        break;
    }
    default:
        return ht_err(p->e, HT_EFORMAT, "unexpected operator at column %zu", col);
    }
    p->depth--;
    return 0;
}

static int parse_and(parser *p, ht_query_node **out)
{
    item it[HT_QUERY_MAX_TERMS + 2];
    size_t nit = 0;
    bool explicit_and = false;
    for (;;) {
        lexeme *l = peek(p);
        if (starts_unary(l)) {
            if (nit == HT_QUERY_MAX_TERMS + 2)
                return ht_err(p->e, HT_ELIMIT, "too many terms: at most %d", HT_QUERY_MAX_TERMS);
            bool bare = l->kind == LX_TERM && l->bare;
            ht_query_node *nd;
            int rc = parse_unary(p, &nd);
            if (rc)
                return rc;
            it[nit++] = (item){nd, bare, !explicit_and};
            explicit_and = false;
            continue;
        }
        if (l && l->kind == LX_AND) {
            size_t col = col_at(p, l->off);
            if (nit == 0)
                return ht_err(p->e, HT_EFORMAT, "AND at column %zu needs a term before it", col);
            p->pos++;
            if (!starts_unary(peek(p)))
                return ht_err(p->e, HT_EFORMAT, "AND at column %zu needs a term after it", col);
            explicit_and = true;
            continue;
        }
        break;
    }
    if (nit == 0) {
        lexeme *l = peek(p);
        if (l && l->kind == LX_OR)
            return ht_err(p->e, HT_EFORMAT, "OR at column %zu needs a term before it",
                          col_at(p, l->off));
        if (l && l->kind == LX_RP)
            return ht_err(p->e, HT_EFORMAT, "')' at column %zu has no matching '('",
                          col_at(p, l->off));
        return ht_err(p->e, HT_EFORMAT, "empty query");
    }
    int rc = expand_runs(p, it, &nit);
    if (rc)
        return rc;
    if (nit == 1) {
        *out = it[0].node;
        return 0;
    }
    ht_query_node *nd = new_node(p, HT_QN_AND, it[0].node->col);
    if (!nd || !(nd->kids = ht_arena_alloc(&p->q->arena, nit * sizeof *nd->kids)))
        return ht_err(p->e, HT_ENOMEM, "out of memory");
    for (size_t i = 0; i < nit; i++)
        nd->kids[nd->nkids++] = it[i].node;
    *out = nd;
    return 0;
}

static int parse_or(parser *p, ht_query_node **out)
{
    ht_query_node *kids[HT_QUERY_MAX_TERMS + 2];
    size_t nk = 0;
    int rc = parse_and(p, &kids[nk++]);
    if (rc)
        return rc;
    size_t col = 0;
    while (peek(p) && peek(p)->kind == LX_OR) {
        size_t c = col_at(p, peek(p)->off);
        if (!col)
            col = c;
        p->pos++;
        if (!starts_unary(peek(p)))
            return ht_err(p->e, HT_EFORMAT, "OR at column %zu needs a term after it", c);
        if (nk == HT_QUERY_MAX_TERMS + 2)
            return ht_err(p->e, HT_ELIMIT, "too many terms: at most %d", HT_QUERY_MAX_TERMS);
        if ((rc = parse_and(p, &kids[nk++])))
            return rc;
    }
    if (nk == 1) {
        *out = kids[0];
        return 0;
    }
    ht_query_node *nd = new_node(p, HT_QN_OR, col);
    if (!nd || !(nd->kids = ht_arena_alloc(&p->q->arena, nk * sizeof *nd->kids)))
        return ht_err(p->e, HT_ENOMEM, "out of memory");
    memcpy(nd->kids, kids, nk * sizeof *kids);
    nd->nkids = nk;
    *out = nd;
    return 0;
}

/* FTS5's NOT is binary: every AND needs a term to search for, and neither the whole
 * query nor a side of OR can be an exclusion alone. `root` is true for the query and
 * for the operand of a NOT, which stands alone in FTS5 as a whole query does. */
static int check(parser *p, const ht_query_node *nd, bool root, bool in_or, bool top)
{
    size_t neg_col = 0, pos = 0;
    if (nd->kind == HT_QN_NOT)
        neg_col = nd->col;
    if (nd->kind == HT_QN_AND) {
        for (size_t i = 0; i < nd->nkids; i++)
            pos += nd->kids[i]->kind != HT_QN_NOT;
        if (!pos)
            neg_col = nd->kids[0]->col;
    }
    if (neg_col && in_or)
        return ht_err(p->e, HT_EFORMAT,
                      "NOT at column %zu cannot be a side of OR alone: put a term to search "
                      "for beside it",
                      neg_col);
    if (neg_col && top)
        return ht_err(p->e, HT_EFORMAT,
                      "nothing to search for: the query only excludes (NOT at column %zu)",
                      neg_col);
    if (neg_col && (root || nd->kind == HT_QN_AND))
        return ht_err(p->e, HT_EFORMAT, "nothing to search for beside NOT at column %zu",
                      neg_col);
    for (size_t i = 0; i < nd->nkids; i++) {
        int rc = check(p, nd->kids[i], nd->kind == HT_QN_NOT, nd->kind == HT_QN_OR, false);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- compiler ---- */

enum { M_FOLD, M_EXACT, M_BOOST, M_EXACT_NOT };

/* Compilation of one expression: its text and the count of phrases written so far
 * (slot 0 for the match expression, 1 for the boost expression). */
typedef struct {
    ht_buf *b;
    int slot, nph;
    ht_query *q;
    long budget; /* forms with marks the expression may still hold (HT_QUERY_MAX_CHECKED) */
} emitter;

typedef struct {
    ht_buf *b;
    bool prefix, first;
} variant_out;

/* Writes one form with marks as a phrase of an OR. */
static int put_variant(void *ctx, const char *form, size_t n)
{
    variant_out *v = ctx;
    int rc = (v->first ? 0 : ht_buf_puts(v->b, " OR ")) | ht_buf_putc(v->b, '"') |
             ht_buf_puts(v->b, HT_QUERY_EXACT_MARK) | ht_buf_append(v->b, form, n) |
             ht_buf_puts(v->b, v->prefix ? "\"*" : "\"");
    v->first = false;
    return rc ? HT_ENOMEM : 0;
}

enum { C_MATCH, C_EXCLUDE, C_LOOK };

/* Exact mode, term t written with its keys. how:
 * - C_MATCH: after t, per word without marks, " AND (key OR =accept OR =form ...)", a
 *   group every row holding t matches, whose phrases the ranking checks t's hits against
 *   (t->check);
 * - C_LOOK: the same phrases, without the keys, as " OR " alternatives of a group that
 *   matches anyway: the ranking checks the hits of t, an excluded term, and drops the row
 *   when one stands without marks (t->check);
 * - C_EXCLUDE: " NOT (=form OR ...)": t excludes the rows where none of its forms with
 *   marks stands (the ranking cannot see the positions of an excluded term). */
static int emit_checks(emitter *x, ht_query_node *t, int how)
{
    ht_buf *b = x->b;
    int rc = 0;
    bool any = false;
    for (size_t i = 0; i < t->nwords && !rc; i++) {
        const ht_query_word *w = &t->words[i];
        bool prefix = t->prefix && i + 1 == t->nwords;
        long n = w->variants;
        if (n <= 0 || n > x->budget)
            continue;
        x->budget -= n;
        if (how != C_EXCLUDE && !t->check) {
            t->check = ht_arena_alloc(&x->q->arena, t->nwords * sizeof *t->check);
            if (!t->check)
                return HT_ENOMEM;
        }
        variant_out v = {b, prefix, false};
        if (how == C_EXCLUDE) {
            rc |= ht_buf_puts(b, any ? " OR " : " NOT (");
            v.first = true;
        } else {
            if (how == C_MATCH) {
                rc |= ht_buf_puts(b, " AND (\"") | ht_buf_puts(b, w->key) |
                      ht_buf_puts(b, prefix ? "\"*" : "\"");
                x->nph++;
            }
            t->check[i].accept = -1;
            if (prefix) {
                rc |= ht_buf_puts(b, " OR \"") | ht_buf_puts(b, HT_QUERY_EXACT_MARK) |
                      ht_buf_puts(b, w->key) | ht_buf_puts(b, "\"*");
                t->check[i].accept = x->nph++;
            }
            t->check[i].first = x->nph;
            t->check[i].n = (int)n;
            x->q->checked = true;
        }
        any = true;
        x->nph += (int)n;
        if (!rc && word_variants(w->key, strlen(w->key), put_variant, &v) != n)
            return HT_ENOMEM;
        if (how == C_MATCH)
            rc |= ht_buf_putc(b, ')');
    }
    if (how == C_EXCLUDE && any)
        rc |= ht_buf_putc(b, ')');
    return rc;
}

/* Whether some word of term t is checked in exact mode. */
static bool has_checks(const ht_query_node *t)
{
    bool checks = false;
    for (size_t i = 0; t->kind == HT_QN_TERM && !t->loose && i < t->nwords; i++)
        checks |= t->words[i].variants > 0;
    return checks;
}

/* Writes term t's phrase: its keys, or its exact forms where they have marks. */
static int put_phrase(ht_buf *b, const ht_query_node *t, bool exact)
{
    int rc = ht_buf_putc(b, '"');
    for (size_t i = 0; i < t->nwords && !rc; i++) {
        const ht_query_word *w = &t->words[i];
        if (i)
            rc |= ht_buf_putc(b, ' ');
        /* a word never holds '"' (it is punctuation), so no doubling is needed here */
        if (exact && !w->num && w->accented)
            rc |= ht_buf_puts(b, HT_QUERY_EXACT_MARK) | ht_buf_puts(b, w->exact);
        else
            rc |= ht_buf_puts(b, w->key);
    }
    rc |= ht_buf_putc(b, '"');
    if (t->prefix)
        rc |= ht_buf_putc(b, '*');
    return rc;
}

static int compile(emitter *x, ht_query_node *nd, int mode);

static int emit_term(emitter *x, ht_query_node *t, int mode)
{
    ht_buf *b = x->b;
    bool neg = mode == M_EXACT_NOT;
    if (neg)
        mode = M_EXACT;
    bool exact = mode == M_EXACT || (mode == M_BOOST && term_accented(t));
    bool alts = !exact && t->nalts > 0, checks = mode == M_EXACT && has_checks(t);
    int first = x->nph, rc = alts || checks ? ht_buf_putc(b, '(') : 0;
    if (t->loose) { /* the words of a run of bare words, each anywhere */
        rc |= ht_buf_putc(b, '(');
        for (size_t i = 0; i < t->nkids && !rc; i++)
            rc |= (i ? ht_buf_puts(b, " AND ") : 0) | compile(x, t->kids[i], mode);
        rc |= ht_buf_putc(b, ')');
    } else {
        x->nph++;
        rc |= put_phrase(b, t, exact);
    }
    for (size_t i = 0; alts && i < t->nalts && !rc; i++)
        rc |= ht_buf_puts(b, " OR ") | quoted(b, t->alts[i]);
    x->nph += alts ? (int)t->nalts : 0;
    t->ph[x->slot] = first;
    t->nph[x->slot] = x->nph - first;
    if (checks)
        rc |= emit_checks(x, t, neg ? C_EXCLUDE : C_MATCH);
    if (alts || checks)
        rc |= ht_buf_putc(b, ')');
    return rc;
}

static int compile(emitter *x, ht_query_node *nd, int mode)
{
    ht_buf *b = x->b;
    int rc = 0;
    size_t k = 0;
    switch (nd->kind) {
    case HT_QN_TERM:
        return emit_term(x, nd, mode);
    case HT_QN_OR:
        rc = ht_buf_putc(b, '(');
        for (size_t i = 0; i < nd->nkids && !rc; i++)
            rc = (i ? ht_buf_puts(b, " OR ") : 0) | compile(x, nd->kids[i], mode);
        return rc | ht_buf_putc(b, ')');
    case HT_QN_AND: {
        size_t neg = 0;
        for (size_t i = 0; i < nd->nkids; i++)
            neg += nd->kids[i]->kind == HT_QN_NOT;
        rc = ht_buf_puts(b, neg ? "((" : "(");
        for (size_t i = 0; i < nd->nkids && !rc; i++)
            if (nd->kids[i]->kind != HT_QN_NOT)
                rc = (k++ ? ht_buf_puts(b, " AND ") : 0) | compile(x, nd->kids[i], mode);
        if (neg)
            rc |= ht_buf_putc(b, ')');
        /* in exact mode, an excluded term with words without marks is looked at by the
         * ranking when a term of the AND holds in every row: the group (that term OR
         * the excluded one OR its forms with marks) leaves the rows as they are */
        const ht_query_node *guard = NULL;
        for (size_t i = 0; mode == M_EXACT && i < nd->nkids && !guard; i++)
            if (nd->kids[i]->kind == HT_QN_TERM && !nd->kids[i]->loose)
                guard = nd->kids[i];
        for (size_t i = 0; guard && i < nd->nkids && !rc; i++) {
            ht_query_node *t = nd->kids[i]->kind == HT_QN_NOT ? nd->kids[i]->kids[0] : NULL;
            if (!t || !has_checks(t))
                continue;
            rc = ht_buf_puts(b, " AND (") | put_phrase(b, guard, true) | ht_buf_puts(b, " OR ");
            x->nph++;
            t->ph[x->slot] = x->nph++;
            t->nph[x->slot] = 1;
            rc |= put_phrase(b, t, true) | emit_checks(x, t, C_LOOK) | ht_buf_putc(b, ')');
        }
        /* what is excluded is excluded whatever its accents, except in exact mode */
        for (size_t i = 0; i < nd->nkids && !rc; i++)
            if (nd->kids[i]->kind == HT_QN_NOT && !(guard && nd->kids[i]->kids[0]->check))
                rc = ht_buf_puts(b, " NOT ") |
                     compile(x, nd->kids[i]->kids[0],
                             mode == M_EXACT || mode == M_EXACT_NOT ? M_EXACT_NOT : M_FOLD);
        return rc | ht_buf_putc(b, ')');
    }
    case HT_QN_NOT: /* refused by check() */
        return HT_EINVAL;
    }
    return HT_EINVAL;
}

/* The positive terms and their alternatives, for snippets; the words of a loose term
 * count as terms of their own, its alternatives go with the first of them. */
static int collect(parser *p, const ht_query_node *nd, int *group)
{
    if (nd->kind == HT_QN_NOT)
        return 0;
    if (nd->kind != HT_QN_TERM) {
        for (size_t i = 0; i < nd->nkids; i++) {
            int rc = collect(p, nd->kids[i], group);
            if (rc)
                return rc;
        }
        return 0;
    }
    ht_query *q = p->q;
    int first = *group;
    if (nd->loose) {
        for (size_t i = 0; i < nd->nkids; i++) {
            int rc = collect(p, nd->kids[i], group);
            if (rc)
                return rc;
        }
    } else {
        ht_query_term *v = realloc(q->terms, (q->nterms + 1) * sizeof *v);
        if (!v)
            return ht_err(p->e, HT_ENOMEM, "out of memory");
        q->terms = v;
        ht_buf_reset(&p->tmp);
        ht_buf_reset(&p->tmp2);
        int rc = 0;
        for (size_t i = 0; i < nd->nwords; i++) {
            if (i)
                rc |= ht_buf_putc(&p->tmp, ' ') | ht_buf_putc(&p->tmp2, ' ');
            rc |= ht_buf_puts(&p->tmp, nd->words[i].key) |
                  ht_buf_puts(&p->tmp2, nd->words[i].exact);
        }
        ht_query_term *t = &q->terms[q->nterms];
        t->key = arena_dup(p, p->tmp.p, p->tmp.n);
        t->exact = arena_dup(p, p->tmp2.p, p->tmp2.n);
        if (rc || !t->key || !t->exact)
            return ht_err(p->e, HT_ENOMEM, "out of memory");
        t->prefix = nd->prefix;
        t->accented = term_accented(nd);
        t->group = *group;
        q->nterms++;
        ++*group;
    }
    if (nd->nalts) {
        ht_query_term *v = realloc(q->terms, (q->nterms + nd->nalts) * sizeof *v);
        if (!v)
            return ht_err(p->e, HT_ENOMEM, "out of memory");
        q->terms = v;
        for (size_t i = 0; i < nd->nalts; i++)
            q->terms[q->nterms++] = (ht_query_term){nd->alts[i], NULL, false, false, first};
    }
    return 0;
}

int ht_query_parse(const char *s, size_t n, const ht_query_opts *o, ht_query *q, ht_error *e)
{
    memset(q, 0, sizeof *q);
    q->exact = o && o->exact;
    if (n > HT_QUERY_MAX_BYTES)
        return ht_err(e, HT_ELIMIT, "query too long: %zu bytes (at most %d)", n,
                      HT_QUERY_MAX_BYTES);
    size_t bad;
    if (ht_utf8_validate(s, n, &bad, NULL) != 0)
        return ht_err(e, HT_EUTF8, "the query is not valid UTF-8 (byte %zu)", bad);
    parser p = {.s = s, .n = n, .o = o, .q = q, .e = e};
    int rc = lex(&p);
    if (rc == 0 && p.nlx == 0)
        rc = ht_err(e, HT_EFORMAT, "empty query");
    if (rc == 0)
        rc = parse_or(&p, &q->root);
    if (rc == 0 && p.pos < p.nlx)
        rc = ht_err(e, HT_EFORMAT, "')' at column %zu has no matching '('",
                    col_at(&p, p.lx[p.pos].off));
    if (rc == 0)
        rc = check(&p, q->root, true, false, true);
    int group = 0;
    if (rc == 0)
        rc = collect(&p, q->root, &group);
    ht_buf b = {0};
    emitter x = {&b, 0, 0, q, HT_QUERY_MAX_CHECKED};
    if (rc == 0 && compile(&x, q->root, q->exact ? M_EXACT : M_FOLD))
        rc = ht_err(e, HT_ENOMEM, "out of memory");
    if (rc == 0) {
        q->match = ht_buf_take(&b);
        q->nphrases[0] = x.nph;
    }
    bool boost = false;
    for (size_t i = 0; rc == 0 && !q->exact && i < q->nterms; i++)
        boost |= q->terms[i].accented;
    if (rc == 0 && boost) {
        x = (emitter){&b, 1, 0, q, HT_QUERY_MAX_CHECKED};
        if (compile(&x, q->root, M_BOOST))
            rc = ht_err(e, HT_ENOMEM, "out of memory");
        else {
            q->boost = ht_buf_take(&b);
            q->nphrases[1] = x.nph;
        }
    }
    ht_buf_free(&b);
    ht_buf_free(&p.tmp);
    ht_buf_free(&p.tmp2);
    free(p.lx);
    if (rc)
        ht_query_free(q);
    return rc;
}

void ht_query_free(ht_query *q)
{
    free(q->match);
    free(q->boost);
    free(q->terms);
    ht_arena_free(&q->arena);
    memset(q, 0, sizeof *q);
}

int ht_query_dump(const ht_query_node *nd, ht_buf *out)
{
    int rc = 0;
    if (nd->kind == HT_QN_TERM && nd->loose) {
        rc |= ht_buf_putc(out, '(');
        for (size_t i = 0; i < nd->nkids; i++)
            rc |= (i ? ht_buf_putc(out, ' ') : 0) | ht_query_dump(nd->kids[i], out);
        rc |= ht_buf_putc(out, ')');
    } else if (nd->kind == HT_QN_TERM) {
        rc |= ht_buf_putc(out, '"');
        for (size_t i = 0; i < nd->nwords; i++)
            rc |= (i ? ht_buf_putc(out, ' ') : 0) | ht_buf_puts(out, nd->words[i].key);
        rc |= ht_buf_puts(out, nd->prefix ? "\"*" : "\"");
    }
    if (nd->kind == HT_QN_TERM) {
        for (size_t i = 0; i < nd->nalts; i++)
            rc |= ht_buf_puts(out, i ? "|" : "{") | quoted(out, nd->alts[i]);
        if (nd->nalts)
            rc |= ht_buf_putc(out, '}');
        return rc;
    }
    static const char *names[] = {"", "", "AND", "OR", "NOT"};
    rc |= ht_buf_printf(out, "(%s", names[nd->kind]);
    for (size_t i = 0; i < nd->nkids && !rc; i++)
        rc |= ht_buf_putc(out, ' ') | ht_query_dump(nd->kids[i], out);
    return rc | ht_buf_putc(out, ')');
}
