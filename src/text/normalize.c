/* Normalisation to hoptac's canonical text, keeping a map back to the input bytes.
 * The input is cut into words (runs between white space); a word is normalised as a
 * whole (NFC, tone placement, zero-width characters removed) and, when it changes,
 * recorded as one edit. Spans therefore snap to word edges inside changed words,
 * which is exact enough for tokens and never wrong about which bytes a word came from.
 * One pass validates, copies words that are certainly unchanged (the common case in
 * NFC news text) and sends only the others through utf8proc. */
#include "text.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static int map_edit(ht_offmap *m, size_t out, size_t out_len, size_t in, size_t in_len)
{
    if (!m)
        return 0;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        ht_edit *v = realloc(m->v, cap * sizeof *v);
        if (!v)
            return HT_ENOMEM;
        m->v = v;
        m->cap = cap;
    }
    m->v[m->n++] = (ht_edit){out, out_len, in, in_len};
    return 0;
}

size_t ht_offmap_orig(const ht_offmap *m, size_t off, bool is_end)
{
    if (!m || !m->n)
        return off;
    /* last edit with out <= off (or < off for ends, so an end at an edit's start
     * stays before it) */
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (is_end ? m->v[mid].out < off : m->v[mid].out <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return off;
    const ht_edit *e = &m->v[lo - 1];
    if (off < e->out + e->out_len || (is_end && off == e->out + e->out_len))
        return is_end ? e->in + e->in_len : e->in;
    if (!is_end && off == e->out + e->out_len && e->out_len == 0)
        return e->in + e->in_len;
    return off - (e->out + e->out_len) + (e->in + e->in_len);
}

void ht_offmap_free(ht_offmap *m)
{
    free(m->v);
    memset(m, 0, sizeof *m);
}

/* Horizontal white space: replaced, with its neighbours, by one space. */
static bool is_hspace(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || cp == '\t' || cp == '\f' || cp == '\v' ||
               (cp < 0x20 && cp != '\n' && cp != '\r') || cp == 0x7F;
    return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000 || (cp >= 0x80 && cp < 0xA0 && cp != 0x85);
}

static bool is_newline(uint32_t cp) { return cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029; }

/* Removed wherever they stand: zero-width characters, BOM, soft hyphen. */
static bool is_ignorable(uint32_t cp)
{
    return cp == 0xAD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

/* Code points that are certainly NFC and never start a composition with what follows
 * in Vietnamese text; anything else in a word goes through utf8proc. */
static bool is_stable(uint32_t cp)
{
    return (cp >= 0xA0 && cp < 0x0300 && cp != 0xAD) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
           (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) ||
           (cp >= 0x20A0 && cp <= 0x20BF);
}

/* Tone placement tables: base vowel and its five toned forms (grave, acute, hook,
 * tilde, dot below). */
static const uint32_t tone_rows[][6] = {
    {'a', 0xE0, 0xE1, 0x1EA3, 0xE3, 0x1EA1},  {'A', 0xC0, 0xC1, 0x1EA2, 0xC3, 0x1EA0},
    {'e', 0xE8, 0xE9, 0x1EBB, 0x1EBD, 0x1EB9}, {'E', 0xC8, 0xC9, 0x1EBA, 0x1EBC, 0x1EB8},
    {'y', 0x1EF3, 0xFD, 0x1EF7, 0x1EF9, 0x1EF5}, {'Y', 0x1EF2, 0xDD, 0x1EF6, 0x1EF8, 0x1EF4},
    {'o', 0xF2, 0xF3, 0x1ECF, 0xF5, 0x1ECD},  {'O', 0xD2, 0xD3, 0x1ECE, 0xD5, 0x1ECC},
    {'u', 0xF9, 0xFA, 0x1EE7, 0x169, 0x1EE5}, {'U', 0xD9, 0xDA, 0x1EE6, 0x168, 0x1EE4},
};

/* If cp is a toned vowel of the rows [first,last), sets its base and tone (1..5). */
static bool toned(uint32_t cp, int first, int last, uint32_t *base, int *tone)
{
    for (int r = first; r < last; r++)
        for (int t = 1; t <= 5; t++)
            if (tone_rows[r][t] == cp) {
                *base = tone_rows[r][0];
                *tone = t;
                return true;
            }
    return false;
}

static uint32_t with_tone(uint32_t base, int tone)
{
    for (size_t r = 0; r < sizeof tone_rows / sizeof tone_rows[0]; r++)
        if (tone_rows[r][0] == base)
            return tone_rows[r][tone];
    return base;
}

static bool is_letter(uint32_t cp)
{
    int c = ht_text_class(cp);
    return c == HT_CC_LETTER || c == HT_CC_MARK;
}

/* Moves the tone of syllable-final oa/oe/uy to the first vowel, in place on a code
 * point array; returns whether anything changed. */
static bool fix_tones(uint32_t *cp, size_t n)
{
    bool changed = false;
    for (size_t i = 0; i + 1 < n; i++) {
        uint32_t a = cp[i], b = cp[i + 1];
        bool o = a == 'o' || a == 'O', u = a == 'u' || a == 'U';
        if (!o && !u)
            continue;
        uint32_t base = 0;
        int tone = 0;
        if (o ? !toned(b, 0, 4, &base, &tone) : !toned(b, 4, 6, &base, &tone))
            continue;
        if (i + 2 < n && is_letter(cp[i + 2]))
            continue; /* a final consonant or a third vowel: hoàng, ngoài, huỳnh */
        if (u && i > 0 && (cp[i - 1] == 'q' || cp[i - 1] == 'Q'))
            continue; /* quý */
        cp[i] = with_tone(a, tone);
        cp[i + 1] = base;
        changed = true;
    }
    return changed;
}

/* Per code point flags for the single pass, precomputed below U+2000 where nearly all
 * Vietnamese text lies. */
enum {
    NF_STABLE = 1,   /* is_stable */
    NF_TONED_AE = 2, /* a toned a/A/e/E: after o/O it may need its tone moved */
    NF_TONED_Y = 4,  /* a toned y/Y: likewise after u/U */
    NF_SPACE = 8,    /* is_hspace or is_ignorable: starts a run of white space */
    NF_BREAK = 16    /* is_hspace or is_newline: ends a word */
};

#define NF_MAX 0x2000u
static unsigned char nf_table[NF_MAX];
static pthread_once_t nf_once = PTHREAD_ONCE_INIT;

static unsigned nf_flags_slow(uint32_t cp)
{
    unsigned f = 0;
    uint32_t base;
    int tone;
    if (is_stable(cp))
        f |= NF_STABLE;
    if (toned(cp, 0, 4, &base, &tone))
        f |= NF_TONED_AE;
    if (toned(cp, 4, 6, &base, &tone))
        f |= NF_TONED_Y;
    if (is_hspace(cp) || is_ignorable(cp))
        f |= NF_SPACE;
    if (is_hspace(cp) || is_newline(cp))
        f |= NF_BREAK;
    return f;
}

/* Composition of a letter and the combining marks U+0300..U+036F that follow it, for
 * text in NFD (Vietnamese above all): the pairs (base, mark) -> composite below NF_MAX
 * that NFC makes, taken from utf8proc, in an open-addressing table. mark_ccc holds
 * each mark's combining class (0 for those it must not handle: singletons that NFC
 * replaces), dec_ccc the highest class among the marks of a code point's canonical
 * decomposition. */
#define PAIR_SLOTS 4096u
static uint32_t pair_key[PAIR_SLOTS]; /* (base << 8 | mark - 0x300) + 1; 0 = empty */
static uint16_t pair_val[PAIR_SLOTS];
static unsigned char mark_ccc[0x70];
static unsigned char dec_ccc[NF_MAX];

static inline unsigned pair_slot(uint32_t key) { return (key * 2654435761u) >> 20; }

static uint32_t pair_get(uint32_t base, uint32_t mark)
{
    if (base >= NF_MAX)
        return 0;
    uint32_t key = ((base << 8) | (mark - 0x300)) + 1;
    unsigned h = pair_slot(key);
    for (unsigned tries = 0; tries < PAIR_SLOTS / 2; tries++, h = (h + 1) & (PAIR_SLOTS - 1)) {
        if (pair_key[h] == key)
            return pair_val[h];
        if (!pair_key[h])
            return 0;
    }
    return 0;
}

static void pair_put(uint32_t base, uint32_t mark, uint32_t comp)
{
    uint32_t key = ((base << 8) | (mark - 0x300)) + 1;
    unsigned h = pair_slot(key);
    for (unsigned tries = 0; tries < PAIR_SLOTS / 2; tries++, h = (h + 1) & (PAIR_SLOTS - 1))
        if (!pair_key[h]) { /* a full table only costs speed: the general path remains */
            pair_key[h] = key;
            pair_val[h] = (uint16_t)comp;
            return;
        }
}

/* NFC of cps[0..n) with utf8proc: the number of code points left. */
static utf8proc_ssize_t nfc_cps(utf8proc_int32_t *cps, utf8proc_ssize_t n)
{
    return utf8proc_normalize_utf32(cps, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

static void pairs_build(void)
{
    for (uint32_t m = 0x300; m < 0x370; m++) {
        const utf8proc_property_t *pr = utf8proc_get_property((utf8proc_int32_t)m);
        utf8proc_int32_t d[4];
        int last = 0;
        /* a mark that NFC replaces by another (U+0340 -> U+0300...) is left out */
        utf8proc_ssize_t r = utf8proc_decompose_char((utf8proc_int32_t)m, d, 4,
                                                     UTF8PROC_DECOMPOSE, &last);
        mark_ccc[m - 0x300] = (r == 1 && d[0] == (utf8proc_int32_t)m) ? (unsigned char)pr->combining_class : 0;
    }
    for (uint32_t x = 0xC0; x < NF_MAX; x++) {
        char enc[4];
        size_t el = ht_utf8_encode(x, enc);
        utf8proc_int32_t d[16], b[16];
        /* the full canonical decomposition, marks in canonical order */
        utf8proc_ssize_t r = utf8proc_decompose((const utf8proc_uint8_t *)enc, (utf8proc_ssize_t)el,
                                                d, 16, UTF8PROC_DECOMPOSE);
        if (r < 2 || r > 16)
            continue;
        unsigned hi = 0;
        for (utf8proc_ssize_t i = 1; i < r; i++) {
            unsigned c = utf8proc_get_property(d[i])->combining_class;
            hi = c > hi ? c : hi;
        }
        dec_ccc[x] = (unsigned char)hi;
        uint32_t m = (uint32_t)d[r - 1];
        if (m < 0x300 || m >= 0x370 || !mark_ccc[m - 0x300])
            continue;
        /* x = NFC(rest) + m when both sides agree with utf8proc */
        memcpy(b, d, sizeof d);
        if (nfc_cps(b, r - 1) != 1 || (uint32_t)b[0] >= NF_MAX)
            continue;
        uint32_t base = (uint32_t)b[0];
        b[1] = (utf8proc_int32_t)m;
        if (nfc_cps(b, 2) == 1 && (uint32_t)b[0] == x)
            pair_put(base, m, x);
    }
}

static void nf_build(void)
{
    for (uint32_t cp = 0; cp < NF_MAX; cp++)
        nf_table[cp] = (unsigned char)nf_flags_slow(cp);
    pairs_build();
}

static inline unsigned nf_flags(uint32_t cp)
{
    return cp < NF_MAX ? nf_table[cp] : nf_flags_slow(cp);
}

/* Decodes and validates one multi-byte sequence at u[i] (u[i] >= 0x80); returns its
 * length, or 0 when it is not valid UTF-8 (ht_utf8_validate then says why). */
static inline size_t decode_valid(const unsigned char *u, size_t n, size_t i, uint32_t *cp)
{
    unsigned c = u[i];
    if (c < 0xC2)
        return 0;
    if (c < 0xE0) {
        if (i + 1 >= n || (u[i + 1] & 0xC0) != 0x80)
            return 0;
        *cp = ((c & 0x1Fu) << 6) | (u[i + 1] & 0x3Fu);
        return 2;
    }
    if (c < 0xF0) {
        if (i + 2 >= n || (u[i + 1] & 0xC0) != 0x80 || (u[i + 2] & 0xC0) != 0x80)
            return 0;
        uint32_t v = ((c & 0x0Fu) << 12) | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu);
        if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
            return 0;
        *cp = v;
        return 3;
    }
    if (c > 0xF4 || i + 3 >= n || (u[i + 1] & 0xC0) != 0x80 || (u[i + 2] & 0xC0) != 0x80 ||
        (u[i + 3] & 0xC0) != 0x80)
        return 0;
    uint32_t v = ((c & 0x07u) << 18) | ((u[i + 1] & 0x3Fu) << 12) | ((u[i + 2] & 0x3Fu) << 6) |
                 (u[i + 3] & 0x3Fu);
    if (v < 0x10000 || v > 0x10FFFF)
        return 0;
    *cp = v;
    return 4;
}

typedef struct {
    ht_buf *out;
    ht_offmap *map;
    utf8proc_int32_t *cps; /* scratch for one word */
    size_t cps_cap;
    ht_buf tmp; /* a word without its ignorables */
} norm;

static int grow_cps(norm *z, size_t need)
{
    if (need <= z->cps_cap)
        return 0;
    size_t cap = need + 16;
    utf8proc_int32_t *v = realloc(z->cps, cap * sizeof *v);
    if (!v)
        return HT_ENOMEM;
    z->cps = v;
    z->cps_cap = cap;
    return 0;
}

/* NFC of a word made of letters that need no decomposition (or whose marks all rank
 * at or below the marks that follow them) and marks that each compose with the letter
 * before them, in canonical order: what NFD Vietnamese is. Composing pair by pair is
 * then exactly what NFC does. Fills z->cps and returns the count, or -1 when the
 * word is anything else (utf8proc then decides). */
static long compose_simple(norm *z, const unsigned char *u, size_t n)
{
    long k = 0, starter = -1;
    unsigned floor = 0; /* marks after the starter must rank at least this */
    for (size_t i = 0; i < n;) {
        uint32_t cp = u[i];
        if (cp < 0x80)
            i++;
        else if (cp < 0xE0 && i + 1 < n) {
            cp = ((cp & 0x1Fu) << 6) | (u[i + 1] & 0x3Fu);
            i += 2;
        } else
            i += ht_utf8_decode(u + i, n - i, &cp);
        if (cp >= 0x300 && cp < 0x370) {
            unsigned c = mark_ccc[cp - 0x300];
            if (starter < 0 || !c || c < floor)
                return -1;
            uint32_t x = pair_get((uint32_t)z->cps[starter], cp);
            if (!x)
                return -1;
            z->cps[starter] = (utf8proc_int32_t)x;
            floor = c;
            continue;
        }
        if (cp >= 0x80 && !is_stable(cp))
            return -1;
        starter = k;
        floor = cp < NF_MAX ? dec_ccc[cp] : 0;
        z->cps[k++] = (utf8proc_int32_t)cp;
    }
    return k;
}

/* The general path for one word s[0..n) at input offset in: drop ignorables, NFC
 * through utf8proc when compose is set, move tones; appends to the output and
 * records an edit when the word changed. */
static int put_word_slow(norm *z, const char *s, size_t n, size_t in, bool compose)
{
    ht_buf *out = z->out;
    size_t at = out->n;
    const unsigned char *u = (const unsigned char *)s;
    size_t k = 0;
    long simple = -1;
    if (compose) {
        if (grow_cps(z, n))
            return HT_ENOMEM;
        simple = compose_simple(z, u, n);
    }
    if (simple >= 0)
        k = (size_t)simple;
    else if (compose) {
        /* utf8proc decomposes, orders marks canonically and recomposes, all in the
         * scratch array. */
        const unsigned char *w = u;
        size_t wn = n;
        for (size_t i = 0; i < n;) {
            uint32_t cp;
            size_t l = ht_utf8_decode(u + i, n - i, &cp);
            if (is_ignorable(cp)) {
                z->tmp.n = 0;
                for (size_t j = 0; j < n;) {
                    size_t lj = ht_utf8_decode(u + j, n - j, &cp);
                    if (!is_ignorable(cp) && ht_buf_append(&z->tmp, u + j, lj))
                        return HT_ENOMEM;
                    j += lj;
                }
                w = (const unsigned char *)z->tmp.p;
                wn = z->tmp.n;
                break;
            }
            i += l;
        }
        utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
        utf8proc_ssize_t r = 0;
        if (wn) {
            for (;;) {
                r = utf8proc_decompose(w, (utf8proc_ssize_t)wn, z->cps,
                                       (utf8proc_ssize_t)z->cps_cap, opt);
                if (r < 0)
                    return r == UTF8PROC_ERROR_NOMEM ? HT_ENOMEM : HT_EINVAL;
                if ((size_t)r <= z->cps_cap)
                    break;
                if (grow_cps(z, (size_t)r))
                    return HT_ENOMEM;
            }
            r = utf8proc_normalize_utf32(z->cps, r, opt);
            if (r < 0)
                return r == UTF8PROC_ERROR_NOMEM ? HT_ENOMEM : HT_EINVAL;
        }
        k = (size_t)r;
    } else {
        if (grow_cps(z, n))
            return HT_ENOMEM;
        for (size_t i = 0; i < n;) {
            uint32_t cp;
            i += ht_utf8_decode(u + i, n - i, &cp);
            if (!is_ignorable(cp))
                z->cps[k++] = (utf8proc_int32_t)cp;
        }
    }
    fix_tones((uint32_t *)z->cps, k);
    if (ht_buf_reserve(out, k * 4))
        return HT_ENOMEM;
    char *o = out->p;
    size_t at_end = out->n;
    for (size_t i = 0; i < k; i++) {
        uint32_t c = (uint32_t)z->cps[i];
        if (c < 0x80)
            o[at_end++] = (char)c;
        else
            at_end += ht_utf8_encode(c, o + at_end);
    }
    out->n = at_end;
    out->p[out->n] = 0;
    if (out->n - at == n && memcmp(out->p + at, s, n) == 0)
        return 0;
    return map_edit(z->map, at, out->n - at, in, n);
}

#if defined(__SSE2__)
#include <emmintrin.h>

/* Sixteen bytes at a time: a block is copied as it is when every byte is certainly
 * unchanged (plain ASCII, single spaces between words, line feeds not next to a space,
 * and only the multi-byte characters of Vietnamese text that is already NFC: U+00A1..
 * U+02FF but the soft hyphen, U+1E00..U+1EFF, U+2010..U+2027, U+2030..U+203F), none of
 * them a toned vowel right after o/u. Anything else, or a doubt, goes to the loop
 * below, which decides exactly. This also validates: only well-formed sequences of
 * those characters pass. */
enum { C_SP = 1, C_NL = 2, C_O = 4, C_U = 8 }; /* what the byte before the block was */

static inline unsigned mask_eq(__m128i v, int b) { return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)b))); }

/* Bytes in [lo, hi], both in 0x81..0xFE (signed comparisons). */
static inline unsigned mask_in(__m128i v, int lo, int hi)
{
    __m128i a = _mm_cmpgt_epi8(v, _mm_set1_epi8((char)(lo - 1)));
    __m128i b = _mm_cmplt_epi8(v, _mm_set1_epi8((char)(hi + 1)));
    return (unsigned)_mm_movemask_epi8(_mm_and_si128(a, b));
}

/* Returns how many bytes of p[0..16) are certainly unchanged (13 to 16: a character
 * cut by the block's end is left to the next block), or 0. *carry describes the byte
 * before on entry and the last byte taken on return; *brk is the offset of the last
 * space or line feed taken, or -1. */
static inline unsigned fast_block(const unsigned char *p, unsigned *carry, int *brk)
{
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    unsigned c = *carry;
    unsigned hi = (unsigned)_mm_movemask_epi8(v);
    unsigned L = 16;
    if (hi) {
        if (p[15] >= 0xC0)
            L = 15;
        else if (p[14] >= 0xE0)
            L = 14;
    }
    unsigned lm = (1u << L) - 1;
    unsigned nl = mask_eq(v, '\n'), sp = mask_eq(v, ' ');
    unsigned ctl = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20))) & ~hi;
    unsigned bad = (ctl & ~nl) | mask_eq(v, 0x7F);
    unsigned after_sp = (sp << 1) | (c & C_SP), after_nl = (nl << 1) | ((c & C_NL) >> 1);
    bad |= ((sp | nl) & after_sp) | (sp & after_nl);
    __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    unsigned om = mask_eq(lower, 'o'), um = mask_eq(lower, 'u');
    if (hi) {
        unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0)));
        unsigned c2 = mask_eq(v, 0xC2), c3 = mask_eq(v, 0xC3), e1 = mask_eq(v, 0xE1),
                 e2 = mask_eq(v, 0xE2);
        unsigned lead2 = mask_in(v, 0xC2, 0xCB);
        bad |= hi & ~cont & ~(lead2 | e1 | e2);
        /* continuation bytes exactly where the leads taken want them, all inside */
        unsigned want = (((lead2 | e1 | e2) & lm) << 1) | (((e1 | e2) & lm) << 2);
        bad |= cont ^ want;
        if (want & ~lm)
            return 0;
        bad |= (c2 << 1) & ~(mask_in(v, 0xA1, 0xBF) & ~mask_eq(v, 0xAD));
        bad |= (e1 << 1) & ~mask_in(v, 0xB8, 0xBB);
        bad |= (e2 << 1) & ~mask_eq(v, 0x80);
        bad |= (e2 << 2) & ~(mask_in(v, 0x90, 0xA7) | mask_in(v, 0xB0, 0xBF));
        /* a toned a/e after o, a toned y after u (a superset of them) */
        unsigned ov = (om << 1) | ((c & C_O) >> 2), uv = (um << 1) | ((c & C_U) >> 3);
        unsigned ae3 = mask_in(v, 0xA0, 0xA3) | mask_in(v, 0xB8, 0xBD);
        bad |= ov & (c3 | (e1 & (mask_eq(v, 0xBA) >> 1) & (ae3 >> 2)));
        bad |= uv & ((c3 & (mask_eq(lower, 0xBD) >> 1)) |
                     (e1 & (mask_eq(v, 0xBB) >> 1) & (mask_in(v, 0xB2, 0xB9) >> 2)));
    }
    if (bad & lm)
        return 0;
    unsigned last = 1u << (L - 1);
    *carry = ((sp & last) ? C_SP : 0) | ((nl & last) ? C_NL : 0) | ((om & last) ? C_O : 0) |
             ((um & last) ? C_U : 0);
    unsigned br = (sp | nl) & lm;
    *brk = br ? 31 - __builtin_clz(br) : -1;
    return L;
}
#endif

static inline bool is_ascii_letter(uint32_t c) { return (c | 0x20) - 'a' < 26; }

int ht_text_normalize(const char *s, size_t n, ht_buf *out, ht_offmap *map, ht_error *e)
{
    pthread_once(&nf_once, nf_build);
    if (map) {
        map->n = 0;
        map->in_total = n;
    }
    /* Output never outgrows the input except inside words of the slow path, which
     * make room again; so the loop writes through o without checks. */
    if (ht_buf_reserve(out, n))
        return ht_err(e, HT_ENOMEM, "out of memory");
    norm z = {out, map, NULL, 0, {0}};
    const unsigned char *u = (const unsigned char *)s;
    const size_t base = out->n;
    char *o = out->p;
    size_t k = out->n;
    int rc = 0;
    size_t i = ht_utf8_bom(s, n);
    if (i && (rc = map_edit(map, k, 0, 0, i)))
        goto done;
    /* A pending run of white space [sp_in, i): emitted as one space before the next
     * word unless a line break or the end comes first. */
    bool pending = false, line_start = true;
    size_t sp_in = 0;
#if defined(__SSE2__)
    /* Blocks start where the loop below is between words. Leaving them, the loop goes
     * back to the last space or line feed taken (a break whose state is known) and
     * runs at least past the block that stopped them. */
    size_t loop_until = i, skip = 16;
#endif
    while (i < n) {
#if defined(__SSE2__)
        if (!pending && i >= loop_until && i + 16 <= n) {
            size_t ck_i = i, ck_k = k;
            bool ck_ls = line_start;
            unsigned carry = line_start ? C_NL : 0;
            int brk;
            size_t from = i;
            while (i + 16 <= n) {
                unsigned L = fast_block(u + i, &carry, &brk);
                if (!L)
                    break;
                memcpy(o + k, u + i, 16);
                if (brk >= 0) {
                    ck_i = i + (size_t)brk;
                    ck_k = k + (size_t)brk;
                    ck_ls = false;
                }
                i += L;
                k += L;
            }
            /* Text where blocks keep failing (NFD, other scripts) is left to the loop
             * for longer and longer stretches. */
            skip = i == from ? (skip < 4096 ? skip * 2 : skip) : 16;
            loop_until = i + skip;
            i = ck_i;
            k = ck_k;
            line_start = ck_ls;
            if (i >= n)
                break;
        }
#endif
        unsigned c = u[i];
        uint32_t cp = c;
        size_t len = 1;
        unsigned f;
        if (c < 0x80) {
            if (c > 0x20 && c != 0x7F)
                f = 0;
            else if (c == '\n' || c == '\r')
                f = NF_BREAK;
            else
                f = NF_SPACE | NF_BREAK;
        } else {
            if (!(len = decode_valid(u, n, i, &cp)))
                goto invalid;
            f = nf_flags(cp);
        }
        if (f & NF_SPACE) {
            if (!pending) {
                pending = true;
                sp_in = i;
            }
            i += len;
            continue;
        }
        if (f & NF_BREAK) { /* CR, LF or a Unicode line break */
            size_t start = pending ? sp_in : i;
            i += len;
            if (cp == '\r' && i < n && u[i] == '\n')
                i++;
            o[k] = '\n';
            if ((i - start != 1 || cp != '\n') && (rc = map_edit(map, k, 1, start, i - start)))
                goto done;
            k++;
            pending = false;
            line_start = true;
            continue;
        }
        if (pending) {
            if (line_start)
                rc = map_edit(map, k, 0, sp_in, i - sp_in);
            else {
                o[k] = ' ';
                if (!(i - sp_in == 1 && u[sp_in] == ' '))
                    rc = map_edit(map, k, 1, sp_in, i - sp_in);
                k++;
            }
            if (rc)
                goto done;
            pending = false;
        }
        line_start = false;
        /* A word, copied as it goes. It takes the slow path when it holds a code point
         * that may change under NFC, or a toned vowel after o/u (not qu) that no
         * letter follows: the old tone placement. */
        size_t wi = i, wk = k;
        bool slow = false, tone = false, compose = false;
        uint32_t p1 = 0, p2 = 0;
        while (i < n) {
            c = u[i];
            if (c < 0x80) {
                if (c <= 0x20 || c == 0x7F)
                    break;
                o[k++] = (char)c;
                i++;
                if (tone) {
                    slow |= !is_ascii_letter(c);
                    tone = false;
                }
                p2 = p1;
                p1 = c;
                continue;
            }
            if (!(len = decode_valid(u, n, i, &cp)))
                goto invalid;
            f = nf_flags(cp);
            if (f & NF_BREAK)
                break;
            for (size_t b = 0; b < len; b++)
                o[k++] = (char)u[i + b];
            i += len;
            compose |= !(f & NF_STABLE);
            slow |= tone || compose;
            tone = false;
            if ((f & NF_TONED_AE) && (p1 == 'o' || p1 == 'O'))
                tone = true;
            else if ((f & NF_TONED_Y) && (p1 == 'u' || p1 == 'U') && p2 != 'q' && p2 != 'Q')
                tone = true;
            p2 = p1;
            p1 = cp;
        }
        if (slow || tone) {
            out->n = wk;
            if ((rc = put_word_slow(&z, s + wi, i - wi, wi, compose)) ||
                (rc = ht_buf_reserve(out, n - i)))
                goto done;
            o = out->p;
            k = out->n;
        }
    }
    if (pending)
        rc = map_edit(map, k, 0, sp_in, n - sp_in);
    goto done;
invalid:
    out->n = base;
    out->p[base] = 0;
    if (map)
        map->n = 0;
    free(z.cps);
    ht_buf_free(&z.tmp);
    {
        size_t bad;
        rc = ht_utf8_validate(s, n, &bad, e);
        return rc ? rc : ht_err(e, HT_EUTF8, "byte %zu: invalid UTF-8", i);
    }
done:
    out->n = rc ? base : k;
    out->p[out->n] = 0;
    free(z.cps);
    ht_buf_free(&z.tmp);
    if (rc == HT_ENOMEM)
        return ht_err(e, HT_ENOMEM, "out of memory");
    if (rc)
        return ht_err(e, rc, "normalisation failed");
    if (map)
        map->out_total = out->n - base;
    return 0;
}
