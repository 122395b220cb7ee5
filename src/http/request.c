/* Request targets, query strings, form bodies and cookies as the client sent them,
 * decoded and checked (see request.h). */
#include "request.h"
#include "text/text.h"

#include <string.h>

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int check_text(const char *s, size_t n, ht_error *e)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            return ht_err(e, HT_EFORMAT, "control character 0x%02x at byte %zu", c, i);
    }
    size_t bad = 0;
    if (ht_utf8_validate(s, n, &bad, NULL))
        return ht_err(e, HT_EFORMAT, "invalid UTF-8 at byte %zu", bad);
    return 0;
}

int hs_url_decode(const char *s, size_t n, bool plus, ht_arena *a, char **out, size_t *outn,
                  ht_error *e)
{
    char *d = ht_arena_alloc(a, n + 1);
    if (!d)
        return ht_err(e, HT_ENOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            int x = i + 1 < n ? hexval((unsigned char)s[i + 1]) : -1;
            int y = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
            int h = x >= 0 && y >= 0 ? x * 16 + y : -1;
            if (h < 0)
                return ht_err(e, HT_EFORMAT, "bad percent escape at byte %zu", i);
            d[k++] = (char)h;
            i += 2;
        } else if (c == '+' && plus)
            d[k++] = ' ';
        else
            d[k++] = (char)c;
    }
    d[k] = 0;
    int rc = check_text(d, k, e);
    if (rc)
        return rc;
    *out = d;
    *outn = k;
    return 0;
}

static int add_pair(hs_kvs *out, const char *k, const char *v, size_t vn, ht_error *e)
{
    if (out->n >= HS_MAX_PAIRS)
        return ht_err(e, HT_ELIMIT, "more than %d fields", HS_MAX_PAIRS);
    out->v[out->n].k = k;
    out->v[out->n].v = v;
    out->v[out->n].vn = vn;
    out->n++;
    return 0;
}

int hs_parse_urlencoded(const char *s, size_t n, ht_arena *a, hs_kvs *out, ht_error *e)
{
    size_t i = 0;
    while (i < n) {
        const char *amp = memchr(s + i, '&', n - i);
        size_t end = amp ? (size_t)(amp - s) : n;
        if (end > i) {
            const char *eq = memchr(s + i, '=', end - i);
            size_t kend = eq ? (size_t)(eq - s) : end;
            char *k, *v;
            size_t kn, vn;
            int rc = hs_url_decode(s + i, kend - i, true, a, &k, &kn, e);
            if (!rc)
                rc = eq ? hs_url_decode(eq + 1, end - kend - 1, true, a, &v, &vn, e)
                        : hs_url_decode("", 0, true, a, &v, &vn, e);
            if (rc) {
                ht_err_prefix(e, "field at byte %zu", i);
                return rc;
            }
            if ((rc = add_pair(out, k, v, vn, e)))
                return rc;
        }
        i = end + 1;
    }
    return 0;
}

static bool cookie_octet(unsigned char c)
{
    return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) ||
           (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

static bool token_char(unsigned char c)
{
    return c > 0x20 && c < 0x7f && !strchr("()<>@,;:\\\"/[]?={}", c);
}

int hs_parse_cookies(const char *s, size_t n, ht_arena *a, hs_kvs *out, ht_error *e)
{
    size_t i = 0;
    while (i < n) {
        const char *semi = memchr(s + i, ';', n - i);
        size_t end = semi ? (size_t)(semi - s) : n;
        size_t p = i, q = end;
        while (p < q && (s[p] == ' ' || s[p] == '\t'))
            p++;
        while (q > p && (s[q - 1] == ' ' || s[q - 1] == '\t'))
            q--;
        const char *eq = memchr(s + p, '=', q - p);
        bool good = eq && eq > s + p;
        size_t kend = eq ? (size_t)(eq - s) : q;
        for (size_t j = p; good && j < kend; j++)
            good = token_char((unsigned char)s[j]);
        size_t vs = kend + 1, ve = q;
        if (good && ve - vs >= 2 && s[vs] == '"' && s[ve - 1] == '"') {
            vs++;
            ve--;
        }
        for (size_t j = vs; good && j < ve; j++)
            good = cookie_octet((unsigned char)s[j]);
        if (good) {
            char *k = ht_arena_strndup(a, s + p, kend - p);
            char *v = ht_arena_strndup(a, s + vs, ve - vs);
            if (!k || !v)
                return ht_err(e, HT_ENOMEM, "out of memory");
            int rc = add_pair(out, k, v, ve - vs, e);
            if (rc)
                return rc;
        }
        i = end + 1;
    }
    return 0;
}

int hs_parse_target(const char *s, size_t n, ht_arena *a, char **path, const char **query,
                    size_t *qn, ht_error *e)
{
    *query = NULL;
    *qn = 0;
    if (n > HS_MAX_TARGET)
        return ht_err(e, HT_ELIMIT, "request target longer than %d bytes", HS_MAX_TARGET);
    if (n == 0 || s[0] != '/')
        return ht_err(e, HT_EFORMAT, "the request target does not start with '/'");
    const char *qm = memchr(s, '?', n);
    size_t pn = qm ? (size_t)(qm - s) : n;
    const char *hash = memchr(s, '#', n);
    if (hash && (size_t)(hash - s) < pn)
        pn = (size_t)(hash - s);
    if (qm && (!hash || hash > qm)) {
        *query = qm + 1;
        *qn = (hash ? (size_t)(hash - qm) : n - pn) - 1;
    }
    size_t dn;
    int rc = hs_url_decode(s, pn, false, a, path, &dn, e);
    if (rc) {
        ht_err_prefix(e, "request path");
        return rc;
    }
    /* Walk the segments: "/a//b", "/./", "/../" are refused rather than normalised,
     * so that one resource has one path. */
    const char *p = *path;
    for (size_t i = 1; i <= dn; i++) {
        size_t st = i;
        while (i < dn && p[i] != '/')
            i++;
        size_t len = i - st;
        bool last = i >= dn;
        if ((len == 0 && !last) || (len == 1 && p[st] == '.') ||
            (len == 2 && p[st] == '.' && p[st + 1] == '.'))
            return ht_err(e, HT_EFORMAT, "request path: bad segment at byte %zu", st);
        for (size_t j = st; j < i; j++)
            if (p[j] == '\\')
                return ht_err(e, HT_EFORMAT, "request path: backslash at byte %zu", j);
    }
    return 0;
}

const char *hs_kv_get(const hs_kvs *kv, const char *k)
{
    for (size_t i = 0; i < kv->n; i++)
        if (strcmp(kv->v[i].k, k) == 0)
            return kv->v[i].v;
    return NULL;
}

size_t hs_path_split(const char *path, ht_arena *a, const char **seg, size_t max)
{
    char *c = ht_arena_strndup(a, path, strlen(path));
    if (!c)
        return 0;
    size_t n = 0;
    char *p = c[0] == '/' ? c + 1 : c;
    while (*p && n < max) {
        char *sl = strchr(p, '/');
        seg[n++] = p;
        if (!sl)
            break;
        *sl = 0;
        p = sl + 1;
    }
    return n;
}
