/* UTF-8 validation with precise error offsets, and the small codec the layer needs. */
#include "text.h"

int ht_utf8_validate(const char *s, size_t n, size_t *bad, ht_error *e)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* ASCII fast path, 8 bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            __builtin_memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned c = u[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        const char *why = NULL;
        size_t len = 0;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0xC2)
            why = c < 0xC0 ? "unexpected continuation byte" : "overlong encoding";
        else if (c < 0xE0)
            len = 2;
        else if (c < 0xF0) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0; /* overlong below */
            if (c == 0xED)
                hi = 0x9F; /* surrogates above */
        } else if (c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90;
            if (c == 0xF4)
                hi = 0x8F;
        } else
            why = "byte above F4";
        if (!why) {
            for (size_t k = 1; k < len; k++) {
                if (i + k >= n) {
                    why = "truncated sequence at end of input";
                    break;
                }
                unsigned d = u[i + k];
                unsigned l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
                if (d < l || d > h) {
                    if (k == 1 && c == 0xE0 && d >= 0x80 && d < 0xA0)
                        why = "overlong encoding";
                    else if (k == 1 && c == 0xF0 && d >= 0x80 && d < 0x90)
                        why = "overlong encoding";
                    else if (k == 1 && c == 0xED && d >= 0xA0 && d <= 0xBF)
                        why = "UTF-16 surrogate";
                    else if (k == 1 && c == 0xF4 && d >= 0x90 && d <= 0xBF)
                        why = "code point above U+10FFFF";
                    else
                        why = "truncated sequence";
                    break;
                }
            }
        }
        if (why) {
            if (bad)
                *bad = i;
            return ht_err(e, HT_EUTF8, "byte %zu: invalid UTF-8 (%s, byte 0x%02X)", i, why,
                          c);
        }
        i += len;
    }
    return 0;
}

size_t ht_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80 || n < 2) {
        *cp = c;
        return 1;
    }
    if (c < 0xE0) {
        *cp = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
        return 2;
    }
    if (c < 0xF0 || n < 4) {
        if (n < 3) {
            *cp = c;
            return 1;
        }
        *cp = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        return 3;
    }
    *cp = ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
    return 4;
}

size_t ht_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t ht_utf8_bom(const char *s, size_t n)
{
    return n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
                   (unsigned char)s[2] == 0xBF
               ? 3
               : 0;
}
