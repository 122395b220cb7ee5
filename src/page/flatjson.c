/* JSON Lines objects read without building a tree. News exports write one flat object
 * per line: keys with string values, and null where a field is missing. Such a line is
 * read here in one pass, its wanted strings decoded straight into the document's arena.
 * Any other line (numbers, arrays, nested objects, escapes in keys, more keys than
 * kept, a syntax error, a lone surrogate, invalid UTF-8) is left to jansson, which
 * gives the same fields or names the error: this reader never reports one. */
#include "page_int.h"
#include "text/text.h"

#include <string.h>

/* Keys looked at for duplicates (jansson refuses a line with a key twice). */
#define FLAT_KEYS 32

typedef struct {
    const char *p, *end;
} cur;

static void skip_ws(cur *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

static int hex4(const char *p, const char *end, unsigned *out)
{
    if (end - p < 4)
        return -1;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char ch = p[i];
        v <<= 4;
        if (ch >= '0' && ch <= '9')
            v |= (unsigned)(ch - '0');
        else if (ch >= 'a' && ch <= 'f')
            v |= (unsigned)(ch - 'a' + 10);
        else if (ch >= 'A' && ch <= 'F')
            v |= (unsigned)(ch - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

/* A string at c->p (the opening quote). On success c->p is past the closing quote,
 * [*body, *body_end) the raw bytes between the quotes and *escaped whether they hold a
 * backslash. false: not a string this reader takes. */
static bool scan_string(cur *c, const char **body, const char **body_end, bool *escaped)
{
    if (c->p >= c->end || *c->p != '"')
        return false;
    const char *p = c->p + 1, *end = c->end;
    bool esc = false;
    while (p < end) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '"')
            break;
        if (ch < 0x20)
            return false; /* a control character: jansson names it */
        if (ch == '\\') {
            esc = true;
            if (++p >= end)
                return false;
        }
        p++;
    }
    if (p >= end)
        return false;
    if (ht_utf8_validate(c->p + 1, (size_t)(p - (c->p + 1)), NULL, NULL) != 0)
        return false;
    *body = c->p + 1;
    *body_end = p;
    *escaped = esc;
    c->p = p + 1;
    return true;
}

/* Resolves the escapes of a raw string body [s, end) into out (room for end - s
 * bytes; NULL: only checks them); *len is the value's length (it may hold NUL
 * characters written \u0000). false: an escape this reader leaves to jansson. */
static bool unescape(const char *s, const char *end, char *out, size_t *len)
{
    size_t o = 0;
    char tmp[4];
    while (s < end) {
        if (*s != '\\') {
            if (out)
                out[o] = *s;
            o++;
            s++;
            continue;
        }
        s++;
        char ch = *s++, w = 0;
        switch (ch) {
        case '"': case '\\': case '/': w = ch; break;
        case 'b': w = '\b'; break;
        case 'f': w = '\f'; break;
        case 'n': w = '\n'; break;
        case 'r': w = '\r'; break;
        case 't': w = '\t'; break;
        case 'u': {
            unsigned u, lo;
            if (hex4(s, end, &u) || (u >= 0xDC00 && u <= 0xDFFF))
                return false;
            s += 4;
            if (u >= 0xD800 && u <= 0xDBFF) {
                if (end - s < 6 || s[0] != '\\' || s[1] != 'u' || hex4(s + 2, end, &lo) ||
                    lo < 0xDC00 || lo > 0xDFFF)
                    return false;
                s += 6;
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            }
            /* an escape takes more bytes than its UTF-8 */
            o += ht_utf8_encode(u, out ? out + o : tmp);
            continue;
        }
        default:
            return false;
        }
        if (out)
            out[o] = w;
        o++;
    }
    *len = o;
    return true;
}

/* true, false or null at c->p, followed by what may follow a value. */
static bool scan_literal(cur *c, bool *is_null)
{
    static const char *const words[] = {"null", "true", "false"};
    for (int i = 0; i < 3; i++) {
        size_t wl = strlen(words[i]);
        if ((size_t)(c->end - c->p) >= wl && memcmp(c->p, words[i], wl) == 0) {
            const char *q = c->p + wl;
            if (q < c->end && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != ',' &&
                *q != '}')
                return false;
            c->p = q;
            *is_null = i == 0;
            return true;
        }
    }
    return false;
}

int ht_pg_json_flat(const char *s, size_t n, ht_arena *a, ht_pg_jfield *f, size_t nf)
{
    for (size_t i = 0; i < nf; i++) {
        f[i].v = NULL;
        f[i].n = 0;
        f[i].kind = HT_PG_JABSENT;
    }
    cur c = {s, s + n};
    struct {
        const char *p;
        size_t n;
    } keys[FLAT_KEYS];
    size_t nkeys = 0;
    skip_ws(&c);
    if (c.p >= c.end || *c.p != '{')
        return 0;
    c.p++;
    skip_ws(&c);
    if (c.p < c.end && *c.p == '}')
        c.p++;
    else
        for (;;) {
            const char *k, *ke;
            bool kesc;
            if (!scan_string(&c, &k, &ke, &kesc) || kesc || nkeys == FLAT_KEYS)
                return 0;
            size_t kn = (size_t)(ke - k);
            for (size_t i = 0; i < nkeys; i++)
                if (keys[i].n == kn && memcmp(keys[i].p, k, kn) == 0)
                    return 0;
            keys[nkeys].p = k;
            keys[nkeys++].n = kn;
            skip_ws(&c);
            if (c.p >= c.end || *c.p != ':')
                return 0;
            c.p++;
            skip_ws(&c);
            ht_pg_jfield *want = NULL;
            for (size_t i = 0; i < nf; i++)
                if (strlen(f[i].name) == kn && memcmp(f[i].name, k, kn) == 0)
                    want = &f[i];
            if (c.p < c.end && *c.p == '"') {
                const char *v, *ve;
                bool vesc;
                if (!scan_string(&c, &v, &ve, &vesc))
                    return 0;
                size_t vn = (size_t)(ve - v);
                if (want) {
                    char *out = ht_arena_alloc(a, vn + 1); /* zeroed: terminated */
                    if (!out)
                        return -1;
                    if (!vesc) {
                        memcpy(out, v, vn);
                        want->n = vn;
                    } else if (!unescape(v, ve, out, &want->n))
                        return 0;
                    want->v = out;
                    want->kind = HT_PG_JSTRING;
                } else if (vesc && !unescape(v, ve, NULL, &vn))
                    return 0; /* checked as jansson would */
            } else {
                bool is_null;
                if (!scan_literal(&c, &is_null))
                    return 0;
                if (want)
                    want->kind = is_null ? HT_PG_JNULL : HT_PG_JOTHER;
            }
            skip_ws(&c);
            if (c.p < c.end && *c.p == ',') {
                c.p++;
                skip_ws(&c);
                continue;
            }
            if (c.p < c.end && *c.p == '}') {
                c.p++;
                break;
            }
            return 0;
        }
    skip_ws(&c);
    return c.p == c.end ? 1 : 0;
}
