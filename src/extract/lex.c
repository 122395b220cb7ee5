/* Tokens of the extraction blocks and lexicon look-ups over folded token sequences
 * (binary search in the compiled tables, longest match first). */
#include "lex.h"

#include <pthread.h>
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

/* Upper and lower case, without a table look-up for ASCII (most letters). */
static inline bool is_up(uint32_t cp)
{
    return cp < 0x80 ? cp - 'A' < 26 : utf8proc_isupper((utf8proc_int32_t)cp);
}

static inline bool is_low(uint32_t cp)
{
    return cp < 0x80 ? cp - 'a' < 26 : utf8proc_islower((utf8proc_int32_t)cp);
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
        bool up = is_up(cp);
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

bool ht_xtok_quote(const ht_xtext *x, size_t i, bool open)
{
    if (i >= x->n || x->t[i].kind != HT_TOK_PUNCT)
        return false;
    const char *s = x->text + x->t[i].start;
    size_t n = x->t[i].end - x->t[i].start;
    return (n == 1 && s[0] == '"') || (n == 3 && !memcmp(s, open ? "\xE2\x80\x9C" : "\xE2\x80\x9D", 3));
}

/* Initial and final consonants of Vietnamese syllables, folded (đ is d), longest first. */
static const char *const onsets[] = {"ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr",
                                     "b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s",
                                     "t", "v", "x", ""};
static const char *const codas[] = {"ch", "ng", "nh", "c", "m", "n", "p", "t", ""};

static bool vowel(char c) { return c && strchr("aeiouy", c); }

bool ht_xtok_syllable(const ht_xtext *x, size_t i)
{
    if (i >= x->n || x->t[i].kind != HT_TOK_WORD)
        return false;
    const char *f = ht_xtok_fold(x, i);
    for (size_t o = 0; o < sizeof onsets / sizeof *onsets; o++) {
        size_t k = strlen(onsets[o]);
        if (strncmp(f, onsets[o], k))
            continue;
        const char *v = f + k;
        size_t nv = 0;
        while (vowel(v[nv]))
            nv++;
        if (nv < 1 || nv > 3)
            continue;
        for (size_t c = 0; c < sizeof codas / sizeof *codas; c++)
            if (!strcmp(v + nv, codas[c]))
                return true;
    }
    return false;
}

bool ht_xtok_word(const ht_xtext *x, size_t i, const char *f)
{
    return i < x->n && x->t[i].kind == HT_TOK_WORD && strcmp(ht_xtok_fold(x, i), f) == 0;
}

bool ht_xtok_text(const ht_xtext *x, size_t i, const char *s)
{
    size_t n = strlen(s);
    return i < x->n && x->t[i].kind == HT_TOK_WORD && x->t[i].end - x->t[i].start == n &&
           memcmp(x->text + x->t[i].start, s, n) == 0;
}

bool ht_xtok_word_in(const ht_xtext *x, size_t i, const char *const *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (ht_xtok_word(x, i, v[k]))
            return true;
    return false;
}

bool ht_xtok_pair_in(const ht_xtext *x, size_t i, const char *const (*v)[2], size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (ht_xtok_word(x, i, v[k][0]) && ht_xtok_word(x, i + 1, v[k][1]))
            return true;
    return false;
}

bool ht_xtok_text_in(const ht_xtext *x, size_t i, const char *const *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (ht_xtok_text(x, i, v[k]))
            return true;
    return false;
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

/* FNV-1a of a folded word (never 0: 0 marks an empty slot). */
static uint32_t hash_word(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h ? h : 1;
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

/* Any byte outside ASCII in u[0, n): a Vietnamese mark (or another script). */
static bool has_mark(const unsigned char *u, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (u[i] >= 0x80)
            return true;
    return false;
}

/* Where a word glued to the next one ends ("công nghệSố giấy phép", "thiêu hủyTheo"): a
 * capital after two lower-case letters or more, in a word with Vietnamese marks (a
 * name in Latin letters such as "LienVietPostBank" or "iPhone" stays whole, and so
 * does a brand whose first part has none: "VinaCafé"). The offset of the capital, or
 * 0. *sent: the glued word starts with a capital and goes on in lower case, as the
 * lost line break's next line does (not "triệuUSD"). */
static size_t glue_point(const char *s, size_t n, bool *sent)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!has_mark(u, n))
        return 0;
    size_t lowers = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = ht_utf8_decode(u + i, n - i, &cp);
        bool letter = ht_text_class(cp) == HT_CC_LETTER;
        /* the word before has marks, or starts in lower case before a word with them
         * (not a brand: "VinaCafé") */
        if (letter && is_up(cp) && lowers >= 2 &&
            (has_mark(u, i) || (u[0] >= 'a' && u[0] <= 'z'))) {
            uint32_t next = 0;
            if (i + k < n)
                ht_utf8_decode(u + i + k, n - i - k, &next);
            *sent = next && ht_text_class(next) == HT_CC_LETTER && is_low(next);
            return i;
        }
        lowers = letter && is_low(cp) ? lowers + 1 : 0;
        i += k;
    }
    return 0;
}

int ht_xtext_add(ht_xtext *x, const char *text, size_t text_n, size_t start, size_t end,
                 uint32_t block)
{
    x->text = text;
    x->text_n = text_n;
    size_t pos = start, prev_end = start, first = x->n;
    ht_token tk;
    bool sent_next = true;
    ht_token rest = {0}; /* the part of a glued word still to take */
    bool have_rest = false, rest_sent = false;
    while (have_rest || (pos < end && ht_text_next_token(text, end, &pos, &tk))) {
        bool glued = have_rest;
        if (have_rest) {
            tk = rest;
            have_rest = false;
        }
        if (tk.kind == HT_TOK_WORD) {
            size_t g = glue_point(text + tk.start, tk.end - tk.start, &rest_sent);
            if (g) {
                rest = tk;
                rest.start = tk.start + g;
                tk.end = rest.start;
                have_rest = true;
            }
        }
        ht_xtok t = {0};
        t.start = (uint32_t)tk.start;
        t.end = (uint32_t)tk.end;
        t.kind = (uint8_t)tk.kind;
        t.block = block;
        if (tk.start > prev_end || x->n == first || glued)
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
        t.fold_hash = hash_word(x->folds.p + t.fold, t.fold_n);
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
        if (have_rest && rest_sent)
            sent_next = true; /* the glued word starts the lost line */
    }
    return 0;
}

void ht_xtext_finish(ht_xtext *x)
{
    free(x->cue);
    x->cue = calloc(x->n + 1, HT_XCUE_KINDS + 1);
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
    free(x->cue);
    free(x->t);
    ht_buf_free(&x->folds);
    memset(x, 0, sizeof *x);
}

/* The marks of a tone: grave, acute, hook above, tilde, dot below. */
static bool tone_mark(utf8proc_int32_t m)
{
    return m == 0x300 || m == 0x301 || m == 0x309 || m == 0x303 || m == 0x323;
}

/* True if letter t of the text is letter e of an entry written without its tone
 * ("ê" for "ệ"): the same letter once both are lower case and decomposed, with every
 * tone mark taken off e, and t carrying none. */
static bool toneless_of(uint32_t t, uint32_t e)
{
    utf8proc_int32_t dt[4], de[4];
    int last = 0;
    utf8proc_ssize_t nt = utf8proc_decompose_char(utf8proc_tolower((utf8proc_int32_t)t), dt, 4,
                                                  UTF8PROC_DECOMPOSE, &last);
    utf8proc_ssize_t ne = utf8proc_decompose_char(utf8proc_tolower((utf8proc_int32_t)e), de, 4,
                                                  UTF8PROC_DECOMPOSE, &last);
    if (nt < 1 || nt > 4 || ne < 1 || ne > 4)
        return false;
    utf8proc_ssize_t k = 0;
    for (utf8proc_ssize_t q = 0; q < ne; q++) {
        if (tone_mark(de[q]))
            continue;
        if (k >= nt || dt[k] != de[q] || tone_mark(dt[k]))
            return false;
        k++;
    }
    return k == nt;
}

/* Case-insensitive equality of a word of the text (a) and a word of an entry (b);
 * with "toneless", a letter of a may lack the tone of b's. */
static bool words_eq(const char *a, size_t an, const char *b, size_t bn, bool toneless)
{
    const unsigned char *ua = (const unsigned char *)a, *ub = (const unsigned char *)b;
    size_t i = 0, j = 0;
    while (i < an && j < bn) {
        uint32_t ca, cb;
        i += ht_utf8_decode(ua + i, an - i, &ca);
        j += ht_utf8_decode(ub + j, bn - j, &cb);
        if (ca != cb && utf8proc_tolower((utf8proc_int32_t)ca) != utf8proc_tolower((utf8proc_int32_t)cb) &&
            !(toneless && toneless_of(ca, cb)))
            return false;
    }
    return i == an && j == bn;
}

bool ht_xlex_lower_eq(const char *a, size_t an, const char *b, size_t bn)
{
    return words_eq(a, an, b, bn, false);
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
    bool alt_punct = false;
    while (ht_text_next_token(alt, altn, &pos, &at)) {
        if (at.kind == HT_TOK_PUNCT) {
            alt_punct = true;
            continue;
        }
        /* a comma or a parenthesis of the text after a capitalised word is one of the
         * entry's ("Hồng Kông, Trung Quốc"), not one between two clauses ("Nhật Bản,
         * thỏa thuận …"); in lower case it may stand in a phrase ("khám, chữa bệnh") */
        while (k < j && x->t[k].kind == HT_TOK_PUNCT) {
            if (k > i && !alt_punct && (ht_xtok_is(x, k, ',') || ht_xtok_is(x, k, '(')) &&
                (x->t[k - 1].flags & HT_XT_CAP) && !(x->t[k - 1].flags & HT_XT_SENT))
                return false;
            k++;
        }
        alt_punct = false;
        if (k >= j)
            return false;
        const ht_xtok *t = &x->t[k];
        const char *ts = x->text + t->start;
        size_t tn = t->end - t->start;
        if ((mode & HT_XM_ACCENT) && !(x->unmarked && (t->flags & HT_XT_PLAIN)) &&
            !ht_xlex_lower_eq(ts, tn, alt + at.start, at.end - at.start))
            return false;
        if ((mode & HT_XM_ACCENT_MARKED) && !(t->flags & HT_XT_PLAIN) &&
            !words_eq(ts, tn, alt + at.start, at.end - at.start, true))
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

/* Where the values of a key are: every '|' alternative that folds to the key
 * ("Hòa Bình|Hoà Bình"), in every indexed cell of the key's row (a name and an alias
 * that fold alike, "Thành phố Huế" and "thành phố Huế", are one key of the table), in
 * column then cell order, found by folding the cells once, then kept (per table): the
 * values of key k are pool[start[k] .. start[k + 1]), each a column and an offset in
 * that column's cell. */
typedef struct {
    uint16_t col;
    int32_t off;
} alt_value;

typedef struct {
    const ht_data_table *t;
    int32_t *start; /* nkeys + 1 */
    alt_value *pool;
} alt_index;

static alt_index alts[32];
static size_t nalts;
static pthread_mutex_t alts_lock = PTHREAD_MUTEX_INITIALIZER;

static bool alt_build(const ht_data_table *t, alt_index *a)
{
    /* the indexed columns: those some key points into */
    bool *indexed = calloc(t->ncols + 1, sizeof *indexed);
    a->start = malloc((t->nkeys + 1) * sizeof *a->start);
    size_t n = 0, cap = t->nkeys + 16;
    a->pool = malloc(cap * sizeof *a->pool);
    ht_buf fb = {0};
    bool ok = indexed && a->start && a->pool;
    for (size_t k = 0; ok && k < t->nkeys; k++)
        if (t->keys[k].col < t->ncols)
            indexed[t->keys[k].col] = true;
    for (size_t k = 0; ok && k < t->nkeys; k++) {
        a->start[k] = (int32_t)n;
        for (size_t c = 0; ok && c < t->ncols; c++) {
            if (!indexed[c])
                continue;
            const char *cell = ht_data_cell(t, t->keys[k].row, c);
            for (const char *s = cell; ok && *cell;) {
                size_t len = strcspn(s, "|");
                fb.n = 0;
                if (ht_text_fold(s, len, &fb) == 0 && fb.p && strcmp(fb.p, t->keys[k].key) == 0) {
                    if (n == cap) {
                        alt_value *np = realloc(a->pool, 2 * cap * sizeof *np);
                        if (!np) {
                            ok = false;
                            break;
                        }
                        a->pool = np;
                        cap *= 2;
                    }
                    a->pool[n++] = (alt_value){(uint16_t)c, (int32_t)(s - cell)};
                }
                if (!s[len])
                    break;
                s += len + 1;
            }
        }
    }
    ht_buf_free(&fb);
    free(indexed);
    if (ok)
        a->start[t->nkeys] = (int32_t)n;
    else {
        free(a->start);
        free(a->pool);
    }
    return ok;
}

static const alt_index *alt_offsets(const ht_data_table *t)
{
    size_t n = __atomic_load_n(&nalts, __ATOMIC_ACQUIRE);
    for (size_t k = 0; k < n; k++)
        if (alts[k].t == t)
            return &alts[k];
    pthread_mutex_lock(&alts_lock);
    const alt_index *r = NULL;
    for (size_t k = 0; k < nalts && !r; k++)
        if (alts[k].t == t)
            r = &alts[k];
    if (!r && nalts < sizeof alts / sizeof alts[0] && alt_build(t, &alts[nalts])) {
        alts[nalts].t = t;
        r = &alts[nalts];
        __atomic_store_n(&nalts, nalts + 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&alts_lock);
    return r;
}

static bool verify_cell(const ht_xtext *x, size_t i, size_t j, const ht_data_table *t,
                        const ht_data_key *key, int mode)
{
    if (!mode)
        return true;
    const char *cell = ht_data_cell(t, key->row, key->col);
    const alt_index *a = alt_offsets(t);
    if (a) {
        size_t k = (size_t)(key - t->keys);
        for (int32_t q = a->start[k]; q < a->start[k + 1]; q++) {
            const char *v = ht_data_cell(t, key->row, a->pool[q].col) + a->pool[q].off;
            if (verify(x, i, j, v, strcspn(v, "|"), mode))
                return true;
        }
        return false;
    }
    /* out of memory: fold the alternatives here */
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

/* ---- key look-ups ----
 * Each table's keys, and every beginning of a key that ends before a space, are in a
 * hash table built once per table on first use: a look-up at each word a text adds to
 * the phrase. Most tokens start no key: a bit per value of the high bits of their
 * word's hash turns them away first, in a few kilobytes. */

/* Every key and every beginning of a key that ends before a space ("ha", "ha noi" of
 * "ha noi"): the keys equal to it, and whether a key goes on after it with a space. */
typedef struct {
    uint64_t h;      /* phrase_hash of the phrase, 0 when empty */
    uint32_t len;    /* its bytes */
    uint32_t rep;    /* a key that starts with it */
    uint32_t lo, hi; /* the keys [lo, hi) equal to it */
    bool more;       /* a key starts with it and a space */
} phrase_slot;

typedef struct {
    const ht_data_table *t;
    uint64_t *bits; /* FIRST_BITS bits: the first words' hash_word, high bits */
    phrase_slot *phrases;
    size_t phrase_mask;
} key_set;

#define FIRST_BITS (1u << 16)
#define FIRST_BIT(h) ((h) >> 16)

static inline uint64_t phrase_hash(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}
#define PHRASE_SEED 14695981039346656037ull

/* The slot of the phrase key[0..n) of hash h: its own, or the empty one where it would
 * go. */
static phrase_slot *phrase_at(phrase_slot *ph, size_t mask, const ht_data_table *t,
                              uint64_t h, const char *key, size_t n)
{
    h = h ? h : 1;
    for (size_t j = (size_t)h & mask;; j = (j + 1) & mask) {
        phrase_slot *p = &ph[j];
        if (!p->h || (p->h == h && p->len == n && !memcmp(t->keys[p->rep].key, key, n)))
            return p;
    }
}

static phrase_slot *build_phrases(const ht_data_table *t, size_t *mask)
{
    size_t n = 0;
    for (size_t k = 0; k < t->nkeys; k++)
        for (const char *c = t->keys[k].key;; c++) {
            if (*c == ' ' || !*c)
                n++;
            if (!*c)
                break;
        }
    size_t cap = 64;
    while (cap < 2 * n + 16)
        cap *= 2;
    if (t->nkeys >= UINT32_MAX)
        return NULL;
    phrase_slot *ph = calloc(cap, sizeof *ph);
    if (!ph)
        return NULL;
    for (size_t k = 0; k < t->nkeys; k++) {
        const char *key = t->keys[k].key;
        uint64_t h = PHRASE_SEED;
        size_t from = 0;
        for (size_t e = 0;; e++) {
            if (key[e] != ' ' && key[e])
                continue;
            h = phrase_hash(h, key + from, e - from);
            phrase_slot *p = phrase_at(ph, cap - 1, t, h, key, e);
            if (!p->h)
                *p = (phrase_slot){h ? h : 1, (uint32_t)e, (uint32_t)k, 0, 0, false};
            if (!key[e]) {
                if (p->lo == p->hi)
                    p->lo = (uint32_t)k;
                p->hi = (uint32_t)k + 1; /* equal keys are together */
                break;
            }
            p->more = true;
            h = phrase_hash(h, " ", 1);
            from = e + 1;
        }
    }
    *mask = cap - 1;
    return ph;
}

/* The sets by table, open addressing on the table's address (written under the lock,
 * read without it); never freed. */
#define SETS 64
static key_set *set_of[SETS];
static size_t nsets;
static pthread_mutex_t sets_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t set_slot(const ht_data_table *t)
{
    return (size_t)(((uint64_t)(uintptr_t)t * 0x9E3779B97F4A7C15ull) >> 58);
}

static key_set *find_set(const ht_data_table *t)
{
    for (size_t j = set_slot(t);; j = (j + 1) & (SETS - 1)) {
        key_set *f = __atomic_load_n(&set_of[j], __ATOMIC_ACQUIRE);
        if (!f || f->t == t)
            return f;
    }
}

/* The set of t, built on first use; NULL when there was no room (binary searches
 * instead). */
static const key_set *key_set_of(const ht_data_table *t)
{
    const key_set *r = find_set(t);
    if (r)
        return r;
    pthread_mutex_lock(&sets_lock);
    r = find_set(t);
    if (!r && nsets < SETS / 2) {
        key_set *f = calloc(1, sizeof *f);
        if (f && (f->bits = calloc(FIRST_BITS / 64, sizeof *f->bits)) &&
            (f->phrases = build_phrases(t, &f->phrase_mask))) {
            for (size_t k = 0; k < t->nkeys; k++) {
                const char *key = t->keys[k].key;
                uint32_t h = hash_word(key, strcspn(key, " "));
                f->bits[FIRST_BIT(h) / 64] |= 1ull << (FIRST_BIT(h) % 64);
            }
            f->t = t;
            size_t j = set_slot(t);
            while (set_of[j])
                j = (j + 1) & (SETS - 1);
            __atomic_store_n(&set_of[j], f, __ATOMIC_RELEASE);
            nsets++;
            r = f;
        } else if (f) {
            free(f->bits);
            free(f);
        }
    }
    pthread_mutex_unlock(&sets_lock);
    return r;
}

/* The first key of t[lo, hi) not below key[0..n) (bytewise, a key shorter than n
 * counting as below when it is a prefix). */
static size_t lower_bound(const ht_data_table *t, const char *key, size_t n, size_t lo, size_t hi)
{
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *k = t->keys[mid].key;
        int c = strncmp(k, key, n);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Calls visit for every entry of t (verified by mode) whose words start at token i,
 * shorter first; visit returns true when no other entry of the same length is
 * wanted. */
typedef bool (*visit_fn)(const ht_data_table *t, size_t key, size_t ntok, void *ud);

static void scan_entries(const ht_xtext *x, size_t i, size_t lim, const ht_data_table *t, int mode,
                         visit_fn visit, void *ud)
{
    if (lim > x->n)
        lim = x->n;
    if (i >= lim || (x->t[i].kind != HT_TOK_WORD && x->t[i].kind != HT_TOK_NUM))
        return;
    const key_set *set = key_set_of(t);
    uint32_t fh = x->t[i].fold_hash;
    if (set && !(set->bits[FIRST_BIT(fh) / 64] >> (FIRST_BIT(fh) % 64) & 1))
        return;
    char key[256];
    size_t kn = 0, j = i, words = 0;
    uint64_t h = PHRASE_SEED;
    while (j < lim && words < 10) {
        const char *f = ht_xtok_fold(x, j);
        size_t fn = x->t[j].fold_n;
        if (x->t[j].kind == HT_TOK_NUM || x->t[j].block != x->t[i].block)
            break;
        if (kn + fn + 2 >= sizeof key)
            break;
        if (kn) {
            key[kn++] = ' ';
            h = phrase_hash(h, " ", 1);
        }
        memcpy(key + kn, f, fn);
        kn += fn;
        key[kn] = 0;
        j++;
        words++;
        size_t first, c;
        bool more;
        if (set) {
            h = phrase_hash(h, f, fn);
            const phrase_slot *p = phrase_at(set->phrases, set->phrase_mask, t, h, key, kn);
            first = p->lo;
            c = p->hi;
            more = p->more;
        } else {
            /* one binary search: the entries equal to the key, then those that go on
             * with a space (a space sorts before every letter) */
            first = lower_bound(t, key, kn, 0, t->nkeys), c = first;
            while (c < t->nkeys && !strncmp(t->keys[c].key, key, kn) && t->keys[c].key[kn] == 0)
                c++;
            more = c < t->nkeys && !strncmp(t->keys[c].key, key, kn) && t->keys[c].key[kn] == ' ';
        }
        for (size_t q = first; q < c; q++)
            if (verify_cell(x, i, j, t, &t->keys[q], mode) && visit(t, q, j - i, ud))
                break;
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
}

typedef struct {
    ht_xrow_ok ok;
    const void *ud;
    ht_xmatch best;
} best_ctx;

static bool keep_best(const ht_data_table *t, size_t key, size_t ntok, void *ud)
{
    best_ctx *b = ud;
    if (b->ok && !b->ok(t, t->keys[key].row, b->ud))
        return false;
    b->best.ntok = ntok;
    b->best.row = t->keys[key].row;
    b->best.key = key;
    return true;
}

ht_xmatch ht_xlex_match(const ht_xtext *x, size_t i, size_t lim, const ht_data_table *t,
                        int mode, ht_xrow_ok ok, const void *ud)
{
    best_ctx b = {ok, ud, {0, 0, 0}};
    scan_entries(x, i, lim, t, mode, keep_best, &b);
    return b.best;
}

/* ---- cues ----
 * The cue words of data/cues.tsv are asked about many times per token (is it a day
 * word, a stop word, an intent…): each token's answers for every kind are found in one
 * look-up and kept. */

extern const ht_data_table ht_data_cues;

static const char *const cue_names[HT_XCUE_KINDS] = {
    "abbrev", "admin", "anniv", "before", "blocker", "commit", "company", "continuing", "country", "credit", "day", "ends",
    "field", "give", "intent", "list", "month", "notplace", "now", "opener", "past", "place",
    "placeword", "promise", "says", "since", "stop", "tasks", "term", "venue", "year",
};
static int8_t *row_kind; /* per row of the cue table */
static pthread_once_t cue_once = PTHREAD_ONCE_INIT;

int ht_xcue_kind_of(const char *name)
{
    for (int k = 0; k < HT_XCUE_KINDS; k++)
        if (!strcmp(cue_names[k], name))
            return k;
    return -1;
}

static void list_kinds(void)
{
    row_kind = malloc(ht_data_cues.nrows + 1);
    for (size_t r = 0; row_kind && r < ht_data_cues.nrows; r++)
        row_kind[r] = (int8_t)ht_xcue_kind_of(ht_data_cell(&ht_data_cues, r, 1));
}

static bool keep_cue(const ht_data_table *t, size_t key, size_t ntok, void *ud)
{
    uint8_t *lens = ud;
    size_t row = t->keys[key].row;
    int k = row_kind ? row_kind[row] : ht_xcue_kind_of(ht_data_cell(t, row, 1));
    if (k >= 0 && ntok > lens[k])
        lens[k] = (uint8_t)(ntok > 255 ? 255 : ntok);
    return false;
}

/* The longest cue of each kind at token i that ends before lim, into lens. */
static void scan_cues(const ht_xtext *x, size_t i, size_t lim, uint8_t *lens)
{
    pthread_once(&cue_once, list_kinds);
    scan_entries(x, i, lim, &ht_data_cues, HT_XM_ACCENT, keep_cue, lens);
}

/* ht_xtext_cue when the answer is not kept yet (or ends past lim). */
size_t ht_xtext_cue_scan(const ht_xtext *x, size_t i, size_t lim, ht_xcue_kind kind)
{
    if (lim > x->n)
        lim = x->n;
    if (i >= lim || (unsigned)kind >= HT_XCUE_KINDS)
        return 0;
    size_t k = (size_t)kind;
    if (!x->cue) { /* no room kept (out of memory, or before ht_xtext_finish) */
        uint8_t tmp[HT_XCUE_KINDS + 1] = {0};
        scan_cues(x, i, lim, tmp);
        return tmp[k];
    }
    uint8_t *lens = x->cue + i * (HT_XCUE_KINDS + 1);
    if (!lens[HT_XCUE_KINDS]) {
        scan_cues(x, i, x->n, lens);
        lens[HT_XCUE_KINDS] = 1;
    }
    size_t n = lens[k];
    if (i + n > lim) { /* the entry crosses the limit asked for: look again */
        uint8_t tmp[HT_XCUE_KINDS + 1] = {0};
        scan_cues(x, i, lim, tmp);
        n = tmp[k];
    }
    return n;
}
