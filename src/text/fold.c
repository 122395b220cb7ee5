/* Character classes, folding to a search key, and tokens.
 * The Latin and Vietnamese ranges, general punctuation and currency signs (below
 * U+2100) are looked up in tables built once
 * from utf8proc; everything above goes to utf8proc per code point. */
#include "text.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <utf8proc.h>

#define TABLE_MAX 0x2100u /* to the currency signs (₫ U+20AB) */
#define FOLD_MULTI 0xFFFFFFFFu

static uint32_t fold_table[TABLE_MAX];
static unsigned char class_table[TABLE_MAX];
/* For the fold loop: the folded code point as UTF-8 (len 1..3), or len 0 and b[0]
 * one of the ENC_ kinds. Four bytes, copied at once whatever the length. ascii_key
 * is the folded byte of an ASCII letter or digit, 0 for a separator. */
typedef struct {
    unsigned char b[3], len;
} fold_enc_t;
enum { ENC_REMOVED = 0, ENC_SEP = 1, ENC_OTHER = 2 }; /* OTHER: the general path */
static fold_enc_t fold_enc[TABLE_MAX];
static unsigned char ascii_key[128];
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
    /* Đ/đ have no decomposition; Ð/ð (eth, U+00D0/U+00F0) stand in for them in some
     * Vietnamese texts ("ÐBSCL"). */
    if (cp == 0x0110 || cp == 0x0111 || cp == 0x00D0 || cp == 0x00F0 || cp == 0x0189)
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
        /* the Greek iota subscript is the one mark that case folding makes a letter:
         * precomposed "ᾳ" folds to "αι", so its combining form folds to "ι" */
        return cp == 0x0345 ? 0x03B9 : 0;
    case HT_CC_IGNORE:
        return 0;
    default:
        return ' ';
    }
}

static fold_enc_t enc_of(uint32_t f)
{
    fold_enc_t r = {{0}, 0};
    char tmp[4];
    size_t len;
    if (f == 0)
        r.b[0] = ENC_REMOVED;
    else if (f == ' ')
        r.b[0] = ENC_SEP;
    else if (f == FOLD_MULTI || (len = ht_utf8_encode(f, tmp)) > 3)
        r.b[0] = ENC_OTHER;
    else {
        memcpy(r.b, tmp, len);
        r.len = (unsigned char)len;
    }
    return r;
}

static void build_tables(void)
{
    for (uint32_t cp = 0; cp < TABLE_MAX; cp++) {
        class_table[cp] = (unsigned char)class_slow(cp);
        fold_table[cp] = fold_slow(cp);
        fold_enc[cp] = enc_of(fold_table[cp]);
        /* the fold loop writes a table entry in place of its input, so it must not be
         * longer: else the general path, which makes room */
        if (fold_enc[cp].len > ht_utf8_encode(cp, (char[4]){0}))
            fold_enc[cp] = enc_of(FOLD_MULTI);
    }
    for (uint32_t c = 0; c < 128; c++) {
        uint32_t f = fold_table[c];
        ascii_key[c] = f == ' ' || f == 0 ? 0 : (unsigned char)f;
    }
}

/* Set once the tables are built: a load and a branch per call instead of pthread_once,
 * which was a measurable share of tokenizing. */
static atomic_bool tables_built;

static void build_once(void)
{
    build_tables();
    atomic_store_explicit(&tables_built, true, memory_order_release);
}

static inline void tables(void)
{
    if (!atomic_load_explicit(&tables_built, memory_order_acquire))
        pthread_once(&tables_once, build_once);
}

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

/* Appends the fold f of cp (not a separator nor removed) the general way. */
static int fold_put(uint32_t cp, uint32_t f, ht_buf *out)
{
    if (f == FOLD_MULTI)
        return fold_multi(cp, out);
    char enc[4];
    return ht_buf_append(out, enc, ht_utf8_encode(f, enc));
}

int ht_text_fold(const char *s, size_t n, ht_buf *out)
{
    tables();
    const unsigned char *u = (const unsigned char *)s;
    /* Room for the input and four bytes more: a code point below TABLE_MAX is written
     * as four bytes at once and never folds longer than it is; others make room. */
    if (ht_buf_reserve(out, n + 4))
        return HT_ENOMEM;
    char *o = out->p;
    size_t k = out->n, start = k;
    bool space = true; /* suppresses leading and repeated separators */
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        if (c < 0x80) {
            unsigned char f = ascii_key[c];
            i++;
            o[k] = f ? (char)f : ' ';
            k += f || !space;
            space = !f;
            continue;
        }
        uint32_t cp;
        if (c < 0xE0 && i + 1 < n) {
            cp = ((c & 0x1Fu) << 6) | (u[i + 1] & 0x3Fu);
            i += 2;
        } else if (c < 0xF0 && i + 2 < n) {
            cp = ((c & 0x0Fu) << 12) | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu);
            i += 3;
        } else
            i += ht_utf8_decode(u + i, n - i, &cp);
        fold_enc_t en = {{ENC_OTHER}, 0};
        if (cp < TABLE_MAX)
            en = fold_enc[cp];
        if (en.len) {
            memcpy(o + k, &en, 4);
            k += en.len;
            space = false;
        } else if (en.b[0] == ENC_SEP) {
            o[k] = ' ';
            k += !space;
            space = true;
        } else if (en.b[0] == ENC_OTHER) {
            uint32_t f = cp < TABLE_MAX ? fold_table[cp] : fold_slow(cp);
            if (f == 0)
                continue;
            if (f == ' ') {
                o[k] = ' ';
                k += !space;
                space = true;
                continue;
            }
            out->n = k;
            if (fold_put(cp, f, out) || ht_buf_reserve(out, n - i + 4))
                return HT_ENOMEM;
            o = out->p;
            k = out->n;
            space = false;
        }
    }
    if (k > start && o[k - 1] == ' ')
        k--;
    out->n = k;
    o[k] = 0;
    return 0;
}

/* A byte that does not begin a valid sequence: a boundary, skipped (lax mode only). */
#define CC_BAD 6

/* The code point at u[i] (i < n) and its class; its length in *len. Valid UTF-8 is
 * decoded leniently as ht_utf8_decode does; in lax mode, a byte where ht_utf8_validate
 * would report an error is CC_BAD, of length 1. */
static inline __attribute__((always_inline)) int class_at(const unsigned char *u, size_t i, size_t n, bool lax, uint32_t *cpo,
                           size_t *len)
{
    unsigned c = u[i];
    uint32_t cp;
    if (c < 0x80) {
        *cpo = c;
        *len = 1;
        return class_table[c];
    }
    size_t left = n - i;
    if (lax) {
        unsigned lo = 0x80, hi = 0xBF;
        size_t k;
        if (c < 0xC2 || c > 0xF4)
            goto bad;
        k = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (left < k)
            goto bad;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
        else if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
        if (u[i + 1] < lo || u[i + 1] > hi)
            goto bad;
        for (size_t j = 2; j < k; j++)
            if ((u[i + j] & 0xC0) != 0x80)
                goto bad;
    }
    if (c < 0xE0 && left >= 2) {
        cp = ((c & 0x1Fu) << 6) | (u[i + 1] & 0x3Fu);
        *len = 2;
    } else if (c >= 0xE0 && c < 0xF0 && left >= 3) {
        cp = ((c & 0x0Fu) << 12) | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu);
        *len = 3;
    } else
        *len = ht_utf8_decode(u + i, left, &cp);
    *cpo = cp;
    return cp < TABLE_MAX ? class_table[cp] : class_slow(cp);
bad:
    *cpo = 0xFFFD;
    *len = 1;
    return CC_BAD;
}

static inline __attribute__((always_inline)) bool next_token(const char *s, size_t n, size_t *pos, ht_token *t, bool lax)
{
    tables();
    const unsigned char *u = (const unsigned char *)s;
    size_t i = *pos;
    uint32_t cp = 0;
    int cls = HT_CC_SPACE;
    size_t len = 0;
    while (i < n) {
        cls = class_at(u, i, n, lax, &cp, &len);
        if (cls != HT_CC_SPACE && cls != HT_CC_IGNORE && cls != CC_BAD)
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
            /* ASCII letters and digits, the bulk of a word, without the general path */
            unsigned c = u[i];
            if (c < 0x80 && (class_table[c] == HT_CC_LETTER || class_table[c] == HT_CC_DIGIT)) {
                i++;
                continue;
            }
            cls = class_at(u, i, n, lax, &cp, &len);
            if (cls != HT_CC_LETTER && cls != HT_CC_MARK && cls != HT_CC_DIGIT &&
                cls != HT_CC_IGNORE)
                break;
            i += len;
        }
    } else if (cls == HT_CC_DIGIT) {
        t->kind = HT_TOK_NUM;
        i += len;
        while (i < n) {
            cls = class_at(u, i, n, lax, &cp, &len);
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
            if (class_at(u, i, n, lax, &cp, &len) != HT_CC_MARK)
                break;
            i += len;
        }
    }
    t->end = i;
    *pos = i;
    return true;
}

bool ht_text_next_token(const char *s, size_t n, size_t *pos, ht_token *t)
{
    return next_token(s, n, pos, t, false);
}

bool ht_text_next_token_lax(const char *s, size_t n, size_t *pos, ht_token *t)
{
    return next_token(s, n, pos, t, true);
}
