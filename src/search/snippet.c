/* Snippet cutting: tokens of the original text with their folded keys, matches of the
 * query's terms, the best window by distinct terms, then the cut at word boundaries
 * with the marks mapped into the cut text. */
#include "snippet.h"

#include "text/text.h"

#include <stdlib.h>
#include <string.h>

#define ELLIPSIS "\xE2\x80\xA6" /* … */

typedef struct {
    size_t start, end;   /* bytes */
    size_t cstart, cend; /* characters (marks and ignorables not counted) */
    size_t key, keyn;    /* folded key (exact form in exact mode) in the pool */
    bool word;           /* a word or number (not punctuation) */
} tok;

typedef struct {
    size_t first, last; /* indices into the word tokens */
    int group;
} match;

static bool counted(uint32_t cp)
{
    int c = ht_text_class(cp);
    return c != HT_CC_MARK && c != HT_CC_IGNORE;
}

static size_t count_chars(const char *s, size_t a, size_t b)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t c = 0;
    while (a < b) {
        if (u[a] < 0x80) {
            c++;
            a++;
            continue;
        }
        uint32_t cp;
        a += ht_utf8_decode(u + a, b - a, &cp);
        c += counted(cp);
    }
    return c;
}

/* Byte offset of the character numbered c (the end of the text when c is past it). */
static size_t byte_at_char(const char *s, size_t n, size_t c)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, k = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = ht_utf8_decode(u + i, n - i, &cp);
        if (counted(cp)) {
            if (k == c)
                return i;
            k++;
        }
        i += len;
    }
    return n;
}

static bool is_space_at(const char *s, size_t n, size_t i, size_t *len)
{
    uint32_t cp;
    *len = ht_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    return ht_text_class(cp) == HT_CC_SPACE;
}

/* One word of a term, as compared with the tokens' keys. */
typedef struct {
    const char *w;
    size_t n;
} word;

typedef struct {
    word *w;
    size_t nw;
    bool prefix;
    int group;
} pterm;

static int split_terms(const ht_query_term *terms, size_t nterms, bool exact, pterm **out,
                       word **words)
{
    size_t total = 0;
    for (size_t i = 0; i < nterms; i++) {
        const char *k = exact && terms[i].exact ? terms[i].exact : terms[i].key;
        total += 1;
        for (; k && *k; k++)
            total += *k == ' ';
    }
    pterm *pt = calloc(nterms ? nterms : 1, sizeof *pt);
    word *w = calloc(total ? total : 1, sizeof *w);
    if (!pt || !w) {
        free(pt);
        free(w);
        return HT_ENOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < nterms; i++) {
        const char *s = exact && terms[i].exact ? terms[i].exact : terms[i].key;
        pt[i].w = w + k;
        pt[i].prefix = terms[i].prefix;
        pt[i].group = terms[i].group;
        while (s && *s) {
            const char *sp = strchr(s, ' ');
            size_t len = sp ? (size_t)(sp - s) : strlen(s);
            if (len)
                w[k++] = (word){s, len};
            s += len + (sp != NULL);
        }
        pt[i].nw = (size_t)(w + k - pt[i].w);
    }
    *out = pt;
    *words = w;
    return 0;
}

static bool word_eq(const word *w, const char *key, size_t keyn, bool prefix)
{
    if (prefix)
        return keyn >= w->n && !memcmp(key, w->w, w->n);
    return keyn == w->n && !memcmp(key, w->w, w->n);
}

typedef struct {
    tok *v;
    size_t n, cap;
    size_t *words; /* indices of the word tokens */
    size_t nwords;
    ht_buf pool;
    match *m;
    size_t nm, capm;
} work;

static int tokenize(work *k, const char *s, size_t n, bool exact)
{
    size_t pos = 0, prev_end = 0, chars = 0;
    ht_token t;
    while (ht_text_next_token(s, n, &pos, &t)) {
        if (k->n == k->cap) {
            size_t cap = k->cap ? 2 * k->cap : 256;
            tok *v = realloc(k->v, cap * sizeof *v);
            if (!v)
                return HT_ENOMEM;
            k->v = v;
            k->cap = cap;
        }
        tok *x = &k->v[k->n];
        chars += count_chars(s, prev_end, t.start);
        x->start = t.start;
        x->end = t.end;
        x->cstart = chars;
        chars += count_chars(s, t.start, t.end);
        x->cend = chars;
        prev_end = t.end;
        x->word = t.kind != HT_TOK_PUNCT;
        x->key = k->pool.n;
        int rc = 0;
        if (t.kind == HT_TOK_NUM)
            rc = ht_buf_append(&k->pool, s + t.start, t.end - t.start);
        else if (t.kind == HT_TOK_WORD)
            rc = exact ? ht_query_exact_form(s + t.start, t.end - t.start, &k->pool)
                       : ht_text_fold(s + t.start, t.end - t.start, &k->pool);
        if (rc)
            return HT_ENOMEM;
        x->keyn = k->pool.n - x->key;
        k->n++;
    }
    k->words = malloc((k->n ? k->n : 1) * sizeof *k->words);
    if (!k->words)
        return HT_ENOMEM;
    for (size_t i = 0; i < k->n; i++)
        if (k->v[i].word && k->v[i].keyn)
            k->words[k->nwords++] = i;
    return 0;
}

static int find_matches(work *k, const pterm *pt, size_t npt)
{
    for (size_t i = 0; i < k->nwords; i++) {
        for (size_t t = 0; t < npt; t++) {
            if (!pt[t].nw || i + pt[t].nw > k->nwords)
                continue;
            bool ok = true;
            for (size_t j = 0; j < pt[t].nw && ok; j++) {
                const tok *x = &k->v[k->words[i + j]];
                ok = word_eq(&pt[t].w[j], k->pool.p + x->key, x->keyn,
                             pt[t].prefix && j + 1 == pt[t].nw);
            }
            if (!ok)
                continue;
            if (k->nm == k->capm) {
                size_t cap = k->capm ? 2 * k->capm : 64;
                match *v = realloc(k->m, cap * sizeof *v);
                if (!v)
                    return HT_ENOMEM;
                k->m = v;
                k->capm = cap;
            }
            k->m[k->nm++] = (match){k->words[i], k->words[i + pt[t].nw - 1], pt[t].group};
        }
    }
    return 0;
}

/* The window [*mi, *mj) of matches with the most distinct groups within width
 * characters, the earliest on a tie. */
static int best_window(const work *k, size_t width, int ngroups, size_t *mi, size_t *mj)
{
    int *cnt = calloc((size_t)ngroups + 1, sizeof *cnt);
    if (!cnt)
        return HT_ENOMEM;
    size_t j = 0, best = 0;
    int d = 0;
    *mi = 0;
    *mj = 1;
    for (size_t i = 0; i < k->nm; i++) {
        if (j <= i) { /* a match wider than the window still stands alone */
            j = i + 1;
            d += cnt[k->m[i].group]++ == 0;
        }
        size_t c0 = k->v[k->m[i].first].cstart;
        while (j < k->nm && k->v[k->m[j].last].cend - c0 <= width) {
            d += cnt[k->m[j].group]++ == 0;
            j++;
        }
        if ((size_t)d > best) {
            best = (size_t)d;
            *mi = i;
            *mj = j;
        }
        d -= --cnt[k->m[i].group] == 0;
    }
    free(cnt);
    return 0;
}

/* Cuts [a, b) to whole tokens around the matched bytes [ma, mb) and trims white space. */
static void cut(const work *k, const char *s, size_t n, size_t ca, size_t cb, size_t chars,
                bool any, size_t ma, size_t mb, size_t *pa, size_t *pb, bool *lead, bool *trail)
{
    size_t a = 0, b = n;
    *lead = *trail = false;
    if (ca > 0) {
        size_t at = byte_at_char(s, n, ca);
        a = any ? ma : n;
        for (size_t i = 0; i < k->nwords; i++)
            if (k->v[k->words[i]].start >= at) {
                if (k->v[k->words[i]].start < a)
                    a = k->v[k->words[i]].start;
                break;
            }
        *lead = k->nwords && k->v[k->words[0]].start < a;
        if (!*lead)
            a = 0;
    }
    if (cb < chars) {
        size_t at = byte_at_char(s, n, cb);
        b = any ? mb : 0;
        size_t last = 0;
        bool found = false;
        for (size_t i = 0; i < k->n && k->v[i].end <= at; i++) {
            last = k->v[i].end;
            found = true;
        }
        if (found && last > b)
            b = last;
        if (!found && !any && k->n)
            b = k->v[0].end; /* a first word longer than the window */
        if (b < a)
            b = a;
        for (size_t i = 0; i < k->nwords && !*trail; i++)
            *trail = k->v[k->words[i]].start >= b;
        if (!*trail)
            b = n;
    }
    size_t len;
    while (a < b && is_space_at(s, n, a, &len))
        a += len;
    while (a < b) { /* step back over trailing white space, one code point at a time */
        size_t p = b - 1;
        while (p > a && ((unsigned char)s[p] & 0xC0) == 0x80)
            p--;
        if (!is_space_at(s, n, p, &len))
            break;
        b = p;
    }
    *pa = a;
    *pb = b;
}

static int build(ht_snippet *sn, const work *k, const char *s, size_t n, size_t a, size_t b,
                 bool lead, bool trail, int ngroups)
{
    ht_buf out = {0};
    size_t *omap = malloc((b - a + 1) * sizeof *omap);
    int rc = omap ? 0 : HT_ENOMEM;
    if (!rc && lead)
        rc = ht_buf_puts(&out, ELLIPSIS);
    bool space = false;
    for (size_t i = a; i < b && !rc;) {
        size_t len;
        bool sp = is_space_at(s, n, i, &len);
        for (size_t j = 0; j < len; j++)
            omap[i - a + j] = out.n;
        if (sp) {
            if (!space)
                rc = ht_buf_putc(&out, ' ');
            space = true;
        } else {
            rc = ht_buf_append(&out, s + i, len);
            space = false;
        }
        i += len;
    }
    if (!rc) {
        omap[b - a] = out.n;
        if (trail)
            rc = ht_buf_puts(&out, ELLIPSIS);
    }
    size_t nm = 0;
    bool *seen = calloc((size_t)ngroups + 1, sizeof *seen);
    if (!seen)
        rc = HT_ENOMEM;
    int groups = 0;
    for (size_t i = 0; i < k->nm && !rc; i++)
        if (k->v[k->m[i].first].start >= a && k->v[k->m[i].last].end <= b) {
            nm++;
            groups += !seen[k->m[i].group];
            seen[k->m[i].group] = true;
        }
    free(seen);
    ht_snippet_mark *marks = NULL;
    if (!rc && nm && !(marks = malloc(nm * sizeof *marks)))
        rc = HT_ENOMEM;
    size_t km = 0;
    for (size_t i = 0; i < k->nm && !rc; i++) {
        size_t ms = k->v[k->m[i].first].start, me = k->v[k->m[i].last].end;
        if (ms < a || me > b)
            continue;
        ms = omap[ms - a];
        me = omap[me - a];
        /* matches come in order of their first token: merge those that overlap */
        if (km && ms <= marks[km - 1].end) {
            if (me > marks[km - 1].end)
                marks[km - 1].end = me;
        } else
            marks[km++] = (ht_snippet_mark){ms, me};
    }
    free(omap);
    if (rc) {
        free(marks);
        ht_buf_free(&out);
        return HT_ENOMEM;
    }
    if (!out.p && ht_buf_reserve(&out, 1)) {
        free(marks);
        return HT_ENOMEM;
    }
    sn->n = out.n;
    sn->text = ht_buf_take(&out);
    sn->start = a;
    sn->end = b;
    sn->marks = marks;
    sn->nmarks = km;
    sn->groups = groups;
    return 0;
}

int ht_snippet_make(const char *s, size_t n, const ht_query_term *terms, size_t nterms,
                    const ht_snippet_opts *o, ht_snippet *out, ht_error *e)
{
    memset(out, 0, sizeof *out);
    size_t bad;
    if (ht_utf8_validate(s, n, &bad, NULL) != 0)
        return ht_err(e, HT_EUTF8, "snippet: the text is not valid UTF-8 (byte %zu)", bad);
    size_t width = o && o->width ? o->width : HT_SNIPPET_WIDTH;
    bool exact = o && o->exact;
    work k = {0};
    pterm *pt = NULL;
    word *words = NULL;
    int ngroups = 0;
    for (size_t i = 0; i < nterms; i++)
        if (terms[i].group >= ngroups)
            ngroups = terms[i].group + 1;
    int rc = split_terms(terms, nterms, exact, &pt, &words);
    if (!rc)
        rc = tokenize(&k, s, n, exact);
    if (!rc)
        rc = find_matches(&k, pt, nterms);
    size_t mi = 0, mj = 0;
    if (!rc && k.nm)
        rc = best_window(&k, width, ngroups, &mi, &mj);
    if (!rc) {
        size_t chars = k.n ? k.v[k.n - 1].cend + count_chars(s, k.v[k.n - 1].end, n)
                           : count_chars(s, 0, n);
        size_t ca = 0, cb = width < chars ? width : chars, ma = 0, mb = 0;
        if (k.nm) {
            ma = k.v[k.m[mi].first].start;
            size_t wa = k.v[k.m[mi].first].cstart, wb = 0;
            for (size_t i = mi; i < mj; i++) {
                if (k.v[k.m[i].last].end > mb)
                    mb = k.v[k.m[i].last].end;
                if (k.v[k.m[i].last].cend > wb)
                    wb = k.v[k.m[i].last].cend;
            }
            /* a third of the room before the matches, the rest after, and what one
             * side cannot use goes to the other */
            size_t slack = width > wb - wa ? width - (wb - wa) : 0;
            size_t before = slack / 3, after = slack - before;
            if (before > wa) {
                after += before - wa;
                before = wa;
            }
            if (after > chars - wb) {
                before += after - (chars - wb);
                after = chars - wb;
                if (before > wa)
                    before = wa;
            }
            ca = wa - before;
            cb = wb + after;
        }
        size_t a, b;
        bool lead, trail;
        cut(&k, s, n, ca, cb, chars, k.nm > 0, ma, mb, &a, &b, &lead, &trail);
        rc = build(out, &k, s, n, a, b, lead, trail, ngroups);
    }
    free(pt);
    free(words);
    free(k.v);
    free(k.words);
    free(k.m);
    ht_buf_free(&k.pool);
    if (rc)
        return ht_err(e, rc, "snippet: out of memory");
    return 0;
}

void ht_snippet_free(ht_snippet *sn)
{
    free(sn->text);
    free(sn->marks);
    memset(sn, 0, sizeof *sn);
}

int ht_snippet_tty(const ht_snippet *sn, bool colour, ht_buf *out)
{
    if (!sn->text)
        return 0;
    if (!colour)
        return ht_buf_append(out, sn->text, sn->n);
    size_t at = 0;
    int rc = 0;
    for (size_t i = 0; i < sn->nmarks && !rc; i++) {
        rc |= ht_buf_append(out, sn->text + at, sn->marks[i].start - at);
        rc |= ht_buf_puts(out, "\x1b[1;31m");
        rc |= ht_buf_append(out, sn->text + sn->marks[i].start, sn->marks[i].end - sn->marks[i].start);
        rc |= ht_buf_puts(out, "\x1b[0m");
        at = sn->marks[i].end;
    }
    return rc | ht_buf_append(out, sn->text + at, sn->n - at);
}

void ht_snippet_json(ht_json *j, const ht_snippet *sn)
{
    if (!sn || !sn->text) {
        ht_json_null(j);
        return;
    }
    ht_json_obj(j);
    ht_json_key(j, "text");
    ht_json_str(j, sn->text, sn->n);
    ht_json_key(j, "start");
    ht_json_int(j, (long long)sn->start);
    ht_json_key(j, "end");
    ht_json_int(j, (long long)sn->end);
    ht_json_key(j, "marks");
    ht_json_arr(j);
    for (size_t i = 0; i < sn->nmarks; i++) {
        ht_json_obj(j);
        ht_json_key(j, "start");
        ht_json_int(j, (long long)sn->marks[i].start);
        ht_json_key(j, "end");
        ht_json_int(j, (long long)sn->marks[i].end);
        ht_json_obj_end(j);
    }
    ht_json_arr_end(j);
    ht_json_obj_end(j);
}
