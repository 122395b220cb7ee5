/* Tokens of the extraction blocks and lexicon look-ups over folded token sequences
 * (binary search in the compiled tables, longest match first). */
#include "lex.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

extern const ht_data_table ht_data_cues;

static int push(ht_xtext *x, const ht_xtok *t)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 256;
        ht_xtok *v = realloc(x->t, cap * sizeof *v);
        if (!v)
            return HT_ENOMEM;
        x->t = v;
        x->cap = cap;
    }
    x->t[x->n++] = *t;
    return 0;
}

static uint8_t word_flags(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    uint8_t f = HT_XT_PLAIN;
    size_t letters = 0, upper = 0;
    bool first = true;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        if (u[i] >= 0x80)
            f &= (uint8_t)~HT_XT_PLAIN;
        i += ht_utf8_decode(u + i, n - i, &cp);
        if (ht_text_class(cp) != HT_CC_LETTER)
            continue;
        letters++;
        bool up = utf8proc_isupper((utf8proc_int32_t)cp);
        upper += up;
        if (first && up)
            f |= HT_XT_CAP;
        first = false;
    }
    if (letters >= 2 && upper == letters)
        f |= HT_XT_UPPER;
    return f;
}

bool ht_xtok_is(const ht_xtext *x, size_t i, char c)
{
    return i < x->n && x->t[i].kind == HT_TOK_PUNCT && x->t[i].end - x->t[i].start == 1 &&
           x->text[x->t[i].start] == c;
}

bool ht_xtok_dash(const ht_xtext *x, size_t i)
{
    if (i >= x->n || x->t[i].kind != HT_TOK_PUNCT)
        return false;
    const char *s = x->text + x->t[i].start;
    size_t n = x->t[i].end - x->t[i].start;
    return (n == 1 && s[0] == '-') ||
           (n == 3 && (!memcmp(s, "\xE2\x80\x93", 3) || !memcmp(s, "\xE2\x80\x94", 3)));
}

bool ht_xtok_word(const ht_xtext *x, size_t i, const char *f)
{
    return i < x->n && x->t[i].kind == HT_TOK_WORD && strcmp(ht_xtok_fold(x, i), f) == 0;
}

long ht_xtok_int(const ht_xtext *x, size_t i, int *ndig)
{
    *ndig = 0;
    if (i >= x->n || x->t[i].kind != HT_TOK_NUM)
        return -1;
    long v = 0;
    for (uint32_t k = x->t[i].start; k < x->t[i].end; k++) {
        char c = x->text[k];
        if (c < '0' || c > '9' || *ndig >= 9)
            return -1;
        v = v * 10 + (c - '0');
        (*ndig)++;
    }
    return v;
}

/* A full stop after these does not end a sentence: "TP. Huế", "Nguyễn V. An". */
static bool abbrev_before(const ht_xtext *x, size_t dot)
{
    if (dot == 0 || (x->t[dot].flags & HT_XT_SPACE))
        return false;
    size_t w = dot - 1;
    if (x->t[w].kind != HT_TOK_WORD)
        return false;
    const char *f = ht_xtok_fold(x, w);
    if (f[0] && !f[1] && (x->t[w].flags & HT_XT_CAP))
        return true; /* an initial */
    size_t first;
    size_t k = ht_data_lookup(&ht_data_cues, f, strlen(f), &first);
    for (size_t j = 0; j < k; j++) {
        size_t row = ht_data_cues.keys[first + j].row;
        if (!strcmp(ht_data_cell(&ht_data_cues, row, 1), "abbrev"))
            return true;
    }
    return false;
}

int ht_xtext_add(ht_xtext *x, const char *text, size_t text_n, size_t start, size_t end,
                 uint32_t block)
{
    x->text = text;
    x->text_n = text_n;
    size_t pos = start, prev_end = start, first = x->n;
    ht_token tk;
    bool sent_next = true;
    while (pos < end && ht_text_next_token(text, end, &pos, &tk)) {
        ht_xtok t = {0};
        t.start = (uint32_t)tk.start;
        t.end = (uint32_t)tk.end;
        t.kind = (uint8_t)tk.kind;
        t.block = block;
        if (tk.start > prev_end || x->n == first)
            t.flags |= HT_XT_SPACE;
        if (x->n == first)
            t.flags |= HT_XT_BLOCK;
        prev_end = tk.end;
        if (tk.kind == HT_TOK_WORD)
            t.flags |= word_flags(text + tk.start, tk.end - tk.start);
        t.fold = (uint32_t)x->folds.n;
        if (tk.kind == HT_TOK_WORD) {
            if (ht_text_fold(text + tk.start, tk.end - tk.start, &x->folds))
                return HT_ENOMEM;
        } else if (ht_buf_append(&x->folds, text + tk.start, tk.end - tk.start))
            return HT_ENOMEM;
        t.fold_n = (uint16_t)(x->folds.n - t.fold > 0xFFFF ? 0xFFFF : x->folds.n - t.fold);
        if (ht_buf_putc(&x->folds, 0))
            return HT_ENOMEM;
        /* a sentence starts after a stop, unless a lower-case word follows ("v.v. và") */
        if (sent_next && !(tk.kind == HT_TOK_WORD && !(t.flags & HT_XT_CAP) && x->n > first)) {
            t.flags |= HT_XT_SENT;
            x->nsent++;
        }
        sent_next = false;
        t.sent = x->nsent - 1;
        if (push(x, &t))
            return HT_ENOMEM;
        size_t i = x->n - 1;
        if (tk.kind == HT_TOK_PUNCT) {
            const char *s = text + tk.start;
            size_t n = tk.end - tk.start;
            bool stop = (n == 1 && (*s == '.' || *s == '!' || *s == '?')) ||
                        (n == 3 && !memcmp(s, "\xE2\x80\xA6", 3));
            if (stop && n == 1 && *s == '.' && abbrev_before(x, i))
                stop = false;
            if (stop)
                sent_next = true;
        }
    }
    return 0;
}

void ht_xtext_finish(ht_xtext *x)
{
    size_t words = 0, marked = 0;
    for (size_t i = 0; i < x->n; i++)
        if (x->t[i].kind == HT_TOK_WORD) {
            words++;
            marked += !(x->t[i].flags & HT_XT_PLAIN);
        }
    x->unmarked = words > 0 && marked * 20 < words;
}

void ht_xtext_free(ht_xtext *x)
{
    free(x->t);
    ht_buf_free(&x->folds);
    memset(x, 0, sizeof *x);
}

bool ht_xlex_lower_eq(const char *a, size_t an, const char *b, size_t bn)
{
    const unsigned char *ua = (const unsigned char *)a, *ub = (const unsigned char *)b;
    size_t i = 0, j = 0;
    while (i < an && j < bn) {
        uint32_t ca, cb;
        i += ht_utf8_decode(ua + i, an - i, &ca);
        j += ht_utf8_decode(ub + j, bn - j, &cb);
        if (ca != cb && utf8proc_tolower((utf8proc_int32_t)ca) != utf8proc_tolower((utf8proc_int32_t)cb))
            return false;
    }
    return i == an && j == bn;
}

/* A punctuation token that joins the words around it into one name or term when it
 * touches both: "Chăm-pa-xắc", "KH&ĐT", "H'Mông", "TP.HCM". */
static bool joiner(const ht_xtext *x, size_t i)
{
    if (i + 1 >= x->n || x->t[i].kind != HT_TOK_PUNCT)
        return false;
    if ((x->t[i].flags & HT_XT_SPACE) || x->t[i + 1].kind == HT_TOK_PUNCT)
        return false;
    const char *s = x->text + x->t[i].start;
    size_t n = x->t[i].end - x->t[i].start;
    bool j = (n == 1 && strchr("-'&./", *s)) || (n == 3 && (!memcmp(s, "\xE2\x80\x99", 3) ||
                                                           !memcmp(s, "\xE2\x80\x93", 3)));
    if (!j)
        return false;
    /* "TP. Huế": a full stop after an abbreviation joins across the space */
    if (x->t[i + 1].flags & HT_XT_SPACE)
        return n == 1 && *s == '.' && abbrev_before(x, i);
    return true;
}

/* Punctuation an entry may hold between its words when the entry goes on: "Bà Rịa -
 * Vũng Tàu", "Hồng Hà, Vân Nam", "Hồng Hà (Trung Quốc)". */
static bool inner_punct(const ht_xtext *x, size_t i)
{
    return ht_xtok_dash(x, i) || ht_xtok_is(x, i, ',') || ht_xtok_is(x, i, '(');
}

/* The words of one '|' alternative of a cell, compared with the text tokens. */
static bool verify(const ht_xtext *x, size_t i, size_t j, const char *alt, size_t altn, int mode)
{
    size_t pos = 0;
    ht_token at;
    size_t k = i;
    if (mode & HT_XM_ACCENT_SHORT) {
        size_t words = 0, p2 = 0, len = 0;
        while (ht_text_next_token(alt, altn, &p2, &at))
            if (at.kind != HT_TOK_PUNCT) {
                words++;
                len = at.end - at.start;
            }
        if (words == 1 && len <= 6)
            mode |= HT_XM_ACCENT;
    }
    while (ht_text_next_token(alt, altn, &pos, &at)) {
        if (at.kind == HT_TOK_PUNCT)
            continue;
        while (k < j && x->t[k].kind == HT_TOK_PUNCT)
            k++;
        if (k >= j)
            return false;
        const ht_xtok *t = &x->t[k];
        const char *ts = x->text + t->start;
        size_t tn = t->end - t->start;
        if ((mode & HT_XM_ACCENT) && !(x->unmarked && (t->flags & HT_XT_PLAIN)) &&
            !ht_xlex_lower_eq(ts, tn, alt + at.start, at.end - at.start))
            return false;
        if (mode & HT_XM_CASE) {
            uint32_t cp;
            ht_utf8_decode((const unsigned char *)alt + at.start, at.end - at.start, &cp);
            if (utf8proc_isupper((utf8proc_int32_t)cp) && !(t->flags & HT_XT_CAP))
                return false;
        }
        k++;
    }
    return true;
}

static bool verify_cell(const ht_xtext *x, size_t i, size_t j, const ht_data_table *t,
                        const ht_data_key *key, int mode)
{
    if (!mode)
        return true;
    const char *cell = ht_data_cell(t, key->row, key->col);
    ht_buf fb = {0};
    bool ok = false;
    for (const char *s = cell;;) {
        size_t len = strcspn(s, "|");
        fb.n = 0;
        if (ht_text_fold(s, len, &fb) == 0 && fb.p && strcmp(fb.p, key->key) == 0 &&
            verify(x, i, j, s, len, mode)) {
            ok = true;
            break;
        }
        if (!s[len])
            break;
        s += len + 1;
    }
    ht_buf_free(&fb);
    return ok;
}

ht_xmatch ht_xlex_match(const ht_xtext *x, size_t i, size_t lim, const ht_data_table *t,
                        int mode, ht_xrow_ok ok, const void *ud)
{
    ht_xmatch best = {0, 0, 0};
    if (lim > x->n)
        lim = x->n;
    if (i >= lim || (x->t[i].kind != HT_TOK_WORD && x->t[i].kind != HT_TOK_NUM))
        return best;
    char key[256];
    size_t kn = 0, j = i, words = 0;
    while (j < lim && words < 10) {
        const char *f = ht_xtok_fold(x, j);
        size_t fn = x->t[j].fold_n;
        if (x->t[j].kind == HT_TOK_NUM)
            break;
        if (kn + fn + 2 >= sizeof key)
            break;
        if (kn)
            key[kn++] = ' ';
        memcpy(key + kn, f, fn);
        kn += fn;
        key[kn] = 0;
        j++;
        words++;
        size_t first, cnt = ht_data_lookup(t, key, kn, &first);
        for (size_t c = 0; c < cnt; c++) {
            const ht_data_key *k = &t->keys[first + c];
            if (ok && !ok(t, k->row, ud))
                continue;
            if (!verify_cell(x, i, j, t, k, mode))
                continue;
            best.ntok = j - i;
            best.row = k->row;
            best.key = first + c;
            break;
        }
        /* anything longer? */
        key[kn] = ' ';
        size_t more = ht_data_prefix(t, key, kn + 1, &first);
        key[kn] = 0;
        if (!more)
            break;
        /* a dash joins even between spaces when an entry goes on: "Bà Rịa - Vũng Tàu" */
        if (j < lim && (joiner(x, j) || (inner_punct(x, j) && j + 1 < lim &&
                                         x->t[j + 1].kind == HT_TOK_WORD)))
            j++;
        else if (j + 1 < lim && ht_xtok_is(x, j, ')') && words > 1)
            break;
        else if (j < lim && (x->t[j].kind != HT_TOK_WORD))
            break;
    }
    return best;
}
