/* Search options and results: checking the filters against SPEC §1a's codes, dates of
 * --from/--to, and the JSON and terminal forms of the results. */
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_codes[] = {"document", "agreement", "activity", "party", "person"};
static const char *const status_codes[] = {"in_force", "expiring", "expired",
                                           "renewed",  "superseded", "unknown"};
static const char *const review_codes[] = {"proposed", "confirmed", "rejected", "deleted"};
static const char *const field_codes[] = {
    "politics", "diplomacy",  "economy", "trade",   "investment",  "agriculture", "education",
    "health",   "culture",    "tourism", "sport",   "security",    "defence",     "transport",
    "energy",   "environment", "science", "youth",  "labour",      "other"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int code_index(const char *const *codes, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(codes[i], s))
            return (int)i;
    return -1;
}

static int bad_code(ht_error *e, const char *opt, const char *s, const char *const *codes,
                    size_t n)
{
    char list[512];
    size_t k = 0;
    list[0] = 0;
    for (size_t i = 0; i < n && k < sizeof list; i++)
        k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "", codes[i]);
    return ht_err(e, HT_EINVAL, "%s: '%.64s' is not one of %s", opt, s, list);
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int days_in(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

int ht_search_date(const char *s, bool is_end, char out[11], ht_error *e)
{
    size_t n = strlen(s);
    int y = 0, m = 0, d = 0;
    bool ok = (n == 4 || (n == 7 && s[4] == '-') || (n == 10 && s[4] == '-' && s[7] == '-')) &&
              digits(s, 4) && (n < 7 || digits(s + 5, 2)) && (n < 10 || digits(s + 8, 2));
    if (ok) {
        y = atoi(s);
        m = n >= 7 ? atoi(s + 5) : (is_end ? 12 : 1);
        ok = y > 0 && m >= 1 && m <= 12;
    }
    if (ok) {
        d = n == 10 ? atoi(s + 8) : (is_end ? days_in(y, m) : 1);
        ok = d >= 1 && d <= days_in(y, m);
    }
    if (!ok)
        return ht_err(e, HT_EINVAL, "'%.32s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", s);
    /* y has 4 digits, m and d 2: the bounds tell the compiler so */
    snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return 0;
}

int ht_search_opts_check(const ht_search_opts *o, ht_search_filters *f, ht_error *e)
{
    memset(f, 0, sizeof *f);
    for (size_t i = 0; i < o->nkinds; i++) {
        int k = code_index(kind_codes, COUNT(kind_codes), o->kinds[i]);
        if (k < 0)
            return bad_code(e, "--kind", o->kinds[i], kind_codes, COUNT(kind_codes));
        f->kinds |= 1u << k;
    }
    if (!f->kinds)
        f->kinds = (1u << COUNT(kind_codes)) - 1;
    if (o->country) {
        const char *c = o->country;
        bool ok = strlen(c) == 2;
        for (int i = 0; i < 2 && ok; i++) {
            char u = (c[i] >= 'a' && c[i] <= 'z') ? (char)(c[i] - 32) : c[i];
            ok = u >= 'A' && u <= 'Z';
            f->country[i] = u;
        }
        if (!ok)
            return ht_err(e, HT_EINVAL,
                          "--country: '%.32s' is not a two-letter country code (VN, LA, KH...)", c);
        f->country[2] = 0;
    }
    if (o->field && code_index(field_codes, COUNT(field_codes), o->field) < 0)
        return bad_code(e, "--field", o->field, field_codes, COUNT(field_codes));
    if (o->status && code_index(status_codes, COUNT(status_codes), o->status) < 0)
        return bad_code(e, "--status", o->status, status_codes, COUNT(status_codes));
    if (o->review && code_index(review_codes, COUNT(review_codes), o->review) < 0)
        return bad_code(e, "--review", o->review, review_codes, COUNT(review_codes));
    if (o->from && ht_search_date(o->from, false, f->from, e)) {
        ht_err_prefix(e, "--from");
        return HT_EINVAL;
    }
    if (o->to && ht_search_date(o->to, true, f->to, e)) {
        ht_err_prefix(e, "--to");
        return HT_EINVAL;
    }
    if (o->from && o->to && strcmp(f->from, f->to) > 0)
        return ht_err(e, HT_EINVAL, "--from %.32s is after --to %.32s", o->from, o->to);
    if (o->limit < 0 || o->limit > HT_SEARCH_MAX_LIMIT)
        return ht_err(e, HT_EINVAL, "--limit: %ld is not between 1 and %d", o->limit,
                      HT_SEARCH_MAX_LIMIT);
    if (o->offset < 0)
        return ht_err(e, HT_EINVAL, "--offset: %ld is negative", o->offset);
    f->limit = o->limit ? o->limit : HT_SEARCH_LIMIT;
    f->offset = o->offset;
    return 0;
}

ht_search_hit *ht_search_add(ht_search_results *r)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        ht_search_hit *v = realloc(r->v, cap * sizeof *v);
        if (!v)
            return NULL;
        r->v = v;
        r->cap = cap;
    }
    ht_search_hit *h = &r->v[r->n++];
    memset(h, 0, sizeof *h);
    return h;
}

const char *ht_search_str(ht_search_results *r, const char *s, size_t n)
{
    return s ? ht_arena_strndup(&r->arena, s, n) : NULL;
}

void ht_search_results_free(ht_search_results *r)
{
    for (size_t i = 0; i < r->n; i++)
        ht_snippet_free(&r->v[i].snippet);
    free(r->v);
    ht_arena_free(&r->arena);
    memset(r, 0, sizeof *r);
}

void ht_search_json(ht_json *j, const ht_search_results *r)
{
    ht_json_obj(j);
    ht_json_key(j, "query");
    ht_json_cstr(j, r->query);
    ht_json_key(j, "total");
    ht_json_int(j, r->total);
    ht_json_key(j, "offset");
    ht_json_int(j, r->offset);
    ht_json_key(j, "limit");
    ht_json_int(j, r->limit);
    ht_json_key(j, "results");
    ht_json_arr(j);
    for (size_t i = 0; i < r->n; i++) {
        const ht_search_hit *h = &r->v[i];
        ht_json_obj(j);
        ht_json_key(j, "type");
        ht_json_cstr(j, h->type);
        ht_json_key(j, "id");
        ht_json_cstr(j, h->id);
        ht_json_key(j, "title");
        ht_json_cstr(j, h->title);
        ht_json_key(j, "score");
        ht_json_num(j, h->score);
        ht_json_key(j, "exact");
        ht_json_bool(j, h->exact);
        ht_json_key(j, "date");
        ht_json_cstr(j, h->date);
        ht_json_key(j, "source");
        ht_json_cstr(j, h->source);
        ht_json_key(j, "snippet");
        ht_snippet_json(j, &h->snippet);
        ht_json_obj_end(j);
    }
    ht_json_arr_end(j);
    ht_json_obj_end(j);
}

/* Control characters of stored titles must not reach the terminal. */
static int put_clean(ht_buf *out, const char *s)
{
    int rc = 0;
    for (; *s && !rc; s++)
        rc = ht_buf_putc(out, (unsigned char)*s < 0x20 || *s == 0x7F ? ' ' : *s);
    return rc;
}

int ht_search_text(const ht_search_results *r, bool colour, ht_buf *out)
{
    int rc = 0;
    for (size_t i = 0; i < r->n && !rc; i++) {
        const ht_search_hit *h = &r->v[i];
        rc |= ht_buf_printf(out, "%ld. [%s] ", r->offset + (long)i + 1, h->type ? h->type : "?");
        rc |= put_clean(out, h->title ? h->title : "(untitled)");
        if (h->date)
            rc |= ht_buf_puts(out, " (") | put_clean(out, h->date) | ht_buf_putc(out, ')');
        rc |= ht_buf_puts(out, "  ") | put_clean(out, h->id ? h->id : "") | ht_buf_putc(out, '\n');
        if (h->snippet.text && h->snippet.n) {
            rc |= ht_buf_puts(out, "   ") | ht_snippet_tty(&h->snippet, colour, out) |
                  ht_buf_putc(out, '\n');
        }
        if (h->source)
            rc |= ht_buf_puts(out, "   ") | put_clean(out, h->source) | ht_buf_putc(out, '\n');
    }
    if (!rc) {
        if (r->n)
            rc = ht_buf_printf(out, "%ld-%ld of %ld results\n", r->offset + 1,
                               r->offset + (long)r->n, r->total);
        else if (r->total)
            rc = ht_buf_printf(out, "no results after the first %ld (%ld in all)\n",
                               r->offset, r->total);
        else
            rc = ht_buf_puts(out, "no results\n");
    }
    return rc;
}
