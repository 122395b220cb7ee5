/* Character classes, folding to a search key, and tokens.
 * The Latin and Vietnamese ranges (below U+2000) are looked up in tables built once
 * from utf8proc; everything above goes to utf8proc per code point. */
#include "text.h"

#include <pthread.h>
#include <utf8proc.h>

#define TABLE_MAX 0x2000u
#define FOLD_MULTI 0xFFFFFFFFu

static uint32_t fold_table[TABLE_MAX];
static unsigned char class_table[TABLE_MAX];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static int class_slow(uint32_t cp)
{
    if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
            return HT_CC_LETTER;
        if (cp >= '0' && cp <= '9')
            return HT_CC_DIGIT;
        if (cp <= 0x20 || cp == 0x7F)
            return HT_CC_SPACE;
        return HT_CC_SEP;
    }
    if (cp > 0x10FFFF)
        return HT_CC_SEP;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return HT_CC_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return HT_CC_MARK;
    case UTF8PROC_CATEGORY_ND:
        return HT_CC_DIGIT;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
        return HT_CC_SPACE;
    case UTF8PROC_CATEGORY_CF:
        return HT_CC_IGNORE;
    default:
        return HT_CC_SEP;
    }
}

/* Folded form of a letter: one code point, or FOLD_MULTI when it is several. */
static uint32_t fold_letter_slow(uint32_t cp)
{
    if (cp == 0x0110 || cp == 0x0111)
        return 'd';
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    utf8proc_int32_t dst[8];
    int last = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(
        (utf8proc_int32_t)cp, dst, 8,
        UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK, &last);
    if (k == 1)
        return dst[0] == 0x0111 ? 'd' : (uint32_t)dst[0];
    if (k <= 0)
        return 0;
    return FOLD_MULTI;
}

static uint32_t fold_slow(uint32_t cp)
{
    switch (class_slow(cp)) {
    case HT_CC_LETTER:
        return fold_letter_slow(cp);
    case HT_CC_DIGIT:
        return cp;
    case HT_CC_MARK:
    case HT_CC_IGNORE:
        return 0;
    default:
        return ' ';
    }
}

static void build_tables(void)
{
    for (uint32_t cp = 0; cp < TABLE_MAX; cp++) {
        class_table[cp] = (unsigned char)class_slow(cp);
        fold_table[cp] = fold_slow(cp);
    }
}

static inline void tables(void) { pthread_once(&tables_once, build_tables); }

int ht_text_class(uint32_t cp)
{
    if (cp < TABLE_MAX) {
        tables();
        return class_table[cp];
    }
    return class_slow(cp);
}

uint32_t ht_text_fold_cp(uint32_t cp)
{
    uint32_t f;
    if (cp < TABLE_MAX) {
        tables();
        f = fold_table[cp];
    } else
        f = fold_slow(cp);
    if (f == FOLD_MULTI) {
        utf8proc_int32_t dst[8];
        int last = 0;
        utf8proc_ssize_t k = utf8proc_decompose_char(
            (utf8proc_int32_t)cp, dst, 8,
            UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK, &last);
        f = k > 0 ? (uint32_t)dst[0] : 0;
    }
    return f;
}

/* Appends the fold of a letter whose folding is several code points. */
static int fold_multi(uint32_t cp, ht_buf *out)
{
    utf8proc_int32_t dst[8];
    int last = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(
        (utf8proc_int32_t)cp, dst, 8,
        UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK, &last);
    for (utf8proc_ssize_t i = 0; i < k; i++) {
        char enc[4];
        if (ht_buf_append(out, enc, ht_utf8_encode((uint32_t)dst[i], enc)))
            return HT_ENOMEM;
    }
    return 0;
}

int ht_text_fold(const char *s, size_t n, ht_buf *out)
{
    tables();
    const unsigned char *u = (const unsigned char *)s;
    size_t start = out->n;
    bool space = true; /* suppresses leading and repeated separators */
    if (ht_buf_reserve(out, n))
        return HT_ENOMEM;
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        if (c < 0x80) {
            i++;
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
                out->p[out->n++] = (char)(c | 0x20);
                space = false;
            } else if (c >= '0' && c <= '9') {
                out->p[out->n++] = (char)c;
                space = false;
            } else if (!space) {
                out->p[out->n++] = ' ';
                space = true;
            }
            continue;
        }
        uint32_t cp;
        i += ht_utf8_decode(u + i, n - i, &cp);
        uint32_t f = cp < TABLE_MAX ? fold_table[cp] : fold_slow(cp);
        if (f == 0)
            continue;
        if (f == ' ') {
            if (!space) {
                out->p[out->n++] = ' ';
                space = true;
            }
            continue;
        }
        space = false;
        if (f == FOLD_MULTI) {
            out->p[out->n] = 0;
            if (fold_multi(cp, out) || ht_buf_reserve(out, n - i + 1))
                return HT_ENOMEM;
            continue;
        }
        char enc[4];
        size_t k = ht_utf8_encode(f, enc);
        /* A folded code point may be longer than the input one (rare): make room. */
        if (out->n + k + (n - i) + 1 > out->cap && ht_buf_reserve(out, k + (n - i)))
            return HT_ENOMEM;
        for (size_t j = 0; j < k; j++)
            out->p[out->n++] = enc[j];
    }
    if (out->n > start && out->p[out->n - 1] == ' ')
        out->n--;
    out->p[out->n] = 0;
    return 0;
}

bool ht_text_next_token(const char *s, size_t n, size_t *pos, ht_token *t)
{
    tables();
    const unsigned char *u = (const unsigned char *)s;
    size_t i = *pos;
    uint32_t cp = 0;
    int cls = HT_CC_SPACE;
    size_t len = 0;
    while (i < n) {
        len = ht_utf8_decode(u + i, n - i, &cp);
        cls = ht_text_class(cp);
        if (cls != HT_CC_SPACE && cls != HT_CC_IGNORE)
            break;
        i += len;
    }
    if (i >= n) {
        *pos = n;
        return false;
    }
    t->start = i;
    if (cls == HT_CC_LETTER || cls == HT_CC_MARK) {
        t->kind = HT_TOK_WORD;
        i += len;
        while (i < n) {
            len = ht_utf8_decode(u + i, n - i, &cp);
            cls = ht_text_class(cp);
            if (cls != HT_CC_LETTER && cls != HT_CC_MARK && cls != HT_CC_DIGIT &&
                cls != HT_CC_IGNORE)
                break;
            i += len;
        }
    } else if (cls == HT_CC_DIGIT) {
        t->kind = HT_TOK_NUM;
        i += len;
        while (i < n) {
            len = ht_utf8_decode(u + i, n - i, &cp);
            cls = ht_text_class(cp);
            if (cls == HT_CC_DIGIT || cls == HT_CC_MARK) {
                i += len;
                continue;
            }
            /* one inner separator between digits: 264.522, 28,22 */
            if ((cp == '.' || cp == ',') && i + 1 < n && u[i + 1] >= '0' && u[i + 1] <= '9') {
                i += 1;
                continue;
            }
            break;
        }
    } else {
        t->kind = HT_TOK_PUNCT;
        i += len;
        while (i < n) { /* marks on punctuation stay with it */
            len = ht_utf8_decode(u + i, n - i, &cp);
            if (ht_text_class(cp) != HT_CC_MARK)
                break;
            i += len;
        }
    }
    t->end = i;
    *pos = i;
    return true;
}
