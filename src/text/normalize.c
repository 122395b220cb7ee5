/* Normalisation to hoptac's canonical text, keeping a map back to the input bytes.
 * The input is cut into words (runs between white space); a word is normalised as a
 * whole (NFC, tone placement, zero-width characters removed) and, when it changes,
 * recorded as one edit. Spans therefore snap to word edges inside changed words,
 * which is exact enough for tokens and never wrong about which bytes a word came from. */
#include "text.h"

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

typedef struct {
    ht_buf *out;
    ht_offmap *map;
    uint32_t *cps; /* scratch for one word */
    size_t cps_cap;
} norm;

/* Normalises one word s[0..n) at input offset in; appends it to the output. */
static int put_word(norm *z, const char *s, size_t n, size_t in, bool nonascii)
{
    ht_buf *out = z->out;
    size_t at = out->n;
    if (!nonascii)
        return ht_buf_append(out, s, n);
    const unsigned char *u = (const unsigned char *)s;
    /* Quick check: stable code points only, no ignorables, no tone to move. */
    bool slow = false, tone_candidate = false;
    uint32_t prev = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += ht_utf8_decode(u + i, n - i, &cp);
        if (cp >= 0x80 && !is_stable(cp)) {
            slow = true;
            break;
        }
        if (cp >= 0x80 && (prev == 'o' || prev == 'O' || prev == 'u' || prev == 'U'))
            tone_candidate = true;
        prev = cp;
    }
    if (!slow && !tone_candidate)
        return ht_buf_append(out, s, n);

    /* Slow path: decode, drop ignorables, NFC through utf8proc, fix tones. */
    if (n + 1 > z->cps_cap) {
        size_t cap = n + 16;
        uint32_t *v = realloc(z->cps, cap * sizeof *v);
        if (!v)
            return HT_ENOMEM;
        z->cps = v;
        z->cps_cap = cap;
    }
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += ht_utf8_decode(u + i, n - i, &cp);
        if (!is_ignorable(cp))
            z->cps[k++] = cp;
    }
    if (slow && k) {
        /* utf8proc decomposes, orders marks canonically and recomposes. */
        char *tmp = malloc(k * 4 + 1);
        if (!tmp)
            return HT_ENOMEM;
        size_t tn = 0;
        for (size_t i = 0; i < k; i++)
            tn += ht_utf8_encode(z->cps[i], tmp + tn);
        utf8proc_uint8_t *nfc = NULL;
        utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)tmp, (utf8proc_ssize_t)tn,
                                          &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        free(tmp);
        if (r < 0)
            return r == UTF8PROC_ERROR_NOMEM ? HT_ENOMEM : HT_EINVAL;
        if ((size_t)r + 1 > z->cps_cap) { /* NFC can be longer: composition exclusions */
            uint32_t *v = realloc(z->cps, ((size_t)r + 1) * sizeof *v);
            if (!v) {
                free(nfc);
                return HT_ENOMEM;
            }
            z->cps = v;
            z->cps_cap = (size_t)r + 1;
        }
        k = 0;
        for (utf8proc_ssize_t i = 0; i < r;)
            i += (utf8proc_ssize_t)ht_utf8_decode(nfc + i, (size_t)(r - i), &z->cps[k++]);
        free(nfc);
    }
    fix_tones(z->cps, k);
    for (size_t i = 0; i < k; i++) {
        char enc[4];
        if (ht_buf_append(out, enc, ht_utf8_encode(z->cps[i], enc)))
            return HT_ENOMEM;
    }
    if (out->n - at == n && memcmp(out->p + at, s, n) == 0)
        return 0;
    return map_edit(z->map, at, out->n - at, in, n);
}

int ht_text_normalize(const char *s, size_t n, ht_buf *out, ht_offmap *map, ht_error *e)
{
    size_t bad;
    int rc = ht_utf8_validate(s, n, &bad, e);
    if (rc)
        return rc;
    if (map) {
        map->n = 0;
        map->in_total = n;
    }
    if (ht_buf_reserve(out, n))
        return ht_err(e, HT_ENOMEM, "out of memory");
    norm z = {out, map, NULL, 0};
    const unsigned char *u = (const unsigned char *)s;
    size_t base = out->n;
    size_t i = ht_utf8_bom(s, n);
    if (i && (rc = map_edit(map, out->n, 0, 0, i)))
        goto done;
    /* A pending run of white space [sp_in, i): emitted as one space before the next
     * word unless a line break or the end comes first. */
    bool pending = false, line_start = true;
    size_t sp_in = 0;
    while (i < n && !rc) {
        unsigned c = u[i];
        uint32_t cp = c;
        size_t len = 1;
        if (c >= 0x80)
            len = ht_utf8_decode(u + i, n - i, &cp);
        if (is_hspace(cp) || is_ignorable(cp)) {
            if (!pending) {
                pending = true;
                sp_in = i;
            }
            i += len;
            continue;
        }
        if (cp == '\r' || is_newline(cp)) {
            size_t start = pending ? sp_in : i;
            i += len;
            if (cp == '\r' && i < n && u[i] == '\n')
                i++;
            size_t at = out->n;
            if ((rc = ht_buf_putc(out, '\n')))
                break;
            if (i - start != 1 || cp != '\n')
                rc = map_edit(map, at, 1, start, i - start);
            pending = false;
            line_start = true;
            continue;
        }
        /* a word: up to the next white space or line break */
        size_t j = i;
        bool nonascii = false;
        while (j < n) {
            unsigned d = u[j];
            if (d < 0x80) {
                if (d <= 0x20 || d == 0x7F)
                    break;
                j++;
                continue;
            }
            uint32_t w;
            size_t l = ht_utf8_decode(u + j, n - j, &w);
            if (is_hspace(w) || is_newline(w))
                break;
            nonascii = true;
            j += l;
        }
        if (pending) {
            size_t at = out->n;
            if (line_start)
                rc = map_edit(map, at, 0, sp_in, i - sp_in);
            else if (!(rc = ht_buf_putc(out, ' ')) && !(i - sp_in == 1 && u[sp_in] == ' '))
                rc = map_edit(map, at, 1, sp_in, i - sp_in);
            pending = false;
            if (rc)
                break;
        }
        rc = put_word(&z, s + i, j - i, i, nonascii);
        line_start = false;
        i = j;
    }
    if (!rc && pending)
        rc = map_edit(map, out->n, 0, sp_in, n - sp_in);
done:
    free(z.cps);
    if (rc == HT_ENOMEM)
        return ht_err(e, HT_ENOMEM, "out of memory");
    if (rc)
        return ht_err(e, rc, "normalisation failed");
    if (map)
        map->out_total = out->n - base;
    return 0;
}
