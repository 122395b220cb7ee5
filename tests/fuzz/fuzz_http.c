/* Fuzz target: what a client controls in a request. The input is the request target,
 * a line feed, the Cookie header, a line feed, then a form body. Checks: decoded values
 * are valid UTF-8 without control bytes, accepted paths have no dot segments, escaped
 * HTML has no markup character left, and the search over an empty registry answers
 * 0 or a user error for any q (the query never reaches FTS5 as syntax). */
#include <stdlib.h>
#include <string.h>

#include "http/html.h"
#include "http/http_int.h"
#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ht_store *store;

static void check_value(const char *v, size_t n)
{
    size_t bad;
    if (ht_utf8_validate(v, n, &bad, NULL) != 0)
        abort();
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
            abort();
    }
    ht_buf h = {0};
    hs_html_text(&h, v, n);
    for (size_t i = 0; i < h.n; i++)
        if (h.p[i] == '<' || h.p[i] == '>' || h.p[i] == '"' || h.p[i] == '\'')
            abort();
    ht_buf_free(&h);
}

static void check_kvs(const hs_kvs *kv)
{
    for (size_t i = 0; i < kv->n; i++) {
        check_value(kv->v[i].k, strlen(kv->v[i].k));
        check_value(kv->v[i].v, kv->v[i].vn);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data, *end = s + size;
    const char *nl1 = memchr(s, '\n', size);
    const char *t_end = nl1 ? nl1 : end;
    const char *c_start = nl1 ? nl1 + 1 : end;
    const char *nl2 = memchr(c_start, '\n', (size_t)(end - c_start));
    const char *c_end = nl2 ? nl2 : end;
    const char *b_start = nl2 ? nl2 + 1 : end;

    ht_arena a = {0};
    hs_kvs *q = calloc(3, sizeof *q);
    if (!q)
        return 0;
    hs_kvs *form = q + 1, *cookies = q + 2;
    char *path;
    const char *qs;
    size_t qn;
    if (hs_parse_target(s, (size_t)(t_end - s), &a, &path, &qs, &qn, NULL) == 0) {
        size_t pn = strlen(path);
        check_value(path, pn);
        if (path[0] != '/' || strstr(path, "/../") || strstr(path, "/./") ||
            (pn >= 3 && strcmp(path + pn - 3, "/..") == 0) || strstr(path, "//"))
            abort();
        const char *seg[8];
        size_t ns = hs_path_split(path, &a, seg, 8);
        if (ns > 8)
            abort();
        if (qs && qs >= s && qs + qn <= t_end && hs_parse_urlencoded(qs, qn, &a, q, NULL) == 0)
            check_kvs(q);
    }
    if (hs_parse_cookies(c_start, (size_t)(c_end - c_start), &a, cookies, NULL) == 0)
        for (size_t i = 0; i < cookies->n; i++)
            if (strchr(cookies->v[i].v, ';') || strchr(cookies->v[i].v, ' '))
                abort();
    if (hs_parse_urlencoded(b_start, (size_t)(end - b_start), &a, form, NULL) == 0) {
        check_kvs(form);
        if (!store && ht_store_open(":memory:", HT_STORE_CREATE, &store, NULL) != 0)
            store = NULL;
        const char *text = hs_kv_get(form, "q");
        if (store && text) {
            hs_search_opts o = {.q = text, .kind = hs_kv_get(form, "kind"),
                                .from = hs_kv_get(form, "from"), .limit = 5};
            ht_buf out = {0};
            ht_error e;
            int rc = hs_search_json(store, &o, &out, &e);
            /* a bad option, a malformed, over-long or invalid query: the user's errors */
            if (rc != 0 && rc != HT_EINVAL && rc != HT_EFORMAT && rc != HT_ELIMIT &&
                rc != HT_EUTF8)
                abort();
            ht_buf_free(&out);
        }
    }
    free(q);
    ht_arena_free(&a);
    return 0;
}
