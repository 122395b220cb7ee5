/* GDELT-style event rows from activities: CAMEO and PLOVER codes from data/cameo.tsv,
 * actor codes from countries and provinces (see events.h for the choices). */
#include "events.h"

#include "../base/data.h"
#include "vocab.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

extern const ht_data_table ht_data_cameo;
extern const ht_data_table ht_data_countries_cameo;
extern const ht_data_table ht_data_countries_fips;

/* First row whose indexed column equals key (folded), or -1. */
static long row_of(const ht_data_table *t, const char *key)
{
    size_t first;
    return ht_report_lookup(t, key, &first) ? (long)t->keys[first].row : -1;
}

static const char *cell(const ht_data_table *t, long row, const char *col)
{
    int c = ht_data_col(t, col);
    return row < 0 || c < 0 ? NULL : ht_data_cell(t, (size_t)row, (size_t)c);
}

void ht_report_event_codes(const char *kind, ht_report_event_code *out)
{
    const ht_data_table *t = &ht_data_cameo;
    long row = row_of(t, kind);
    if (row < 0 || strcmp(cell(t, row, "kind"), kind) != 0)
        row = row_of(t, "other");
    out->code = cell(t, row, "EventCode");
    out->base = cell(t, row, "EventBaseCode");
    out->root = cell(t, row, "EventRootCode");
    out->quad = atoi(cell(t, row, "QuadClass"));
    out->plover = cell(t, row, "PloverType");
    out->name = cell(t, row, "cameo_name");
    out->actor1 = cell(t, row, "actor1");
}

/* Row of an ISO alpha-2 code in t (its first column), or -1. */
static long country_row(const ht_data_table *t, const char *iso2)
{
    long row = row_of(t, iso2);
    if (row >= 0 && strcasecmp(ht_data_cell(t, (size_t)row, 0), iso2) != 0)
        row = -1;
    return row;
}

const char *ht_report_cameo_country(const char *iso2)
{
    const ht_data_table *t = &ht_data_countries_cameo;
    return cell(t, country_row(t, iso2), "cameo");
}

const char *ht_report_fips_country(const char *iso2)
{
    const ht_data_table *t = &ht_data_countries_fips;
    return cell(t, country_row(t, iso2), "fips");
}

size_t ht_report_actor_code(const ht_report_actor *a, char out[32])
{
    out[0] = 0;
    const char *cc = a->country ? ht_report_cameo_country(a->country) : NULL;
    if (!cc)
        return 0;
    size_t k = (size_t)snprintf(out, 32, "%s", cc);
    const char *r = a->region;
    size_t cl = a->country ? strlen(a->country) : 0;
    if (r && strncasecmp(r, a->country, cl) == 0 && r[cl] == '-') {
        const char *sub = r + cl + 1;
        size_t sl = strlen(sub);
        bool ok = sl >= 1 && sl <= 3;
        for (size_t i = 0; ok && i < sl; i++)
            ok = isalnum((unsigned char)sub[i]);
        if (ok && k + 3 < 32) {
            for (size_t i = sl; i < 3; i++)
                out[k++] = '0';
            for (size_t i = 0; i < sl; i++)
                out[k++] = (char)toupper((unsigned char)sub[i]);
            out[k] = 0;
        }
    }
    const char *ro = a->role;
    if (ro && strlen(ro) == 3 && isalpha((unsigned char)ro[0]) && isalpha((unsigned char)ro[1]) &&
        isalpha((unsigned char)ro[2]) && k + 3 < 32) {
        for (size_t i = 0; i < 3; i++)
            out[k++] = (char)toupper((unsigned char)a->role[i]);
        out[k] = 0;
    }
    return k;
}

/* A field: tabs and line breaks as spaces, invalid UTF-8 as U+FFFD. */
static int field(ht_buf *b, const char *s)
{
    int err = 0;
    size_t n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            err |= ht_buf_append(b, "\xEF\xBF\xBD", 3);
            i++;
            continue;
        }
        if (cp == '\t' || cp == '\n' || cp == '\r')
            err |= ht_buf_putc(b, ' ');
        else
            err |= ht_buf_append(b, s + i, (size_t)k);
        i += (size_t)k;
    }
    return err;
}

/* Host of a URL ("scheme://host[:port]/..."), or the whole string. */
static void host_of(const char *s, const char **h, size_t *n)
{
    const char *p = strstr(s, "://");
    if (!p) {
        *h = s;
        *n = strlen(s);
        return;
    }
    p += 3;
    *h = p;
    *n = strcspn(p, "/?#");
}

static int distinct_hosts(const char *const *src, size_t n)
{
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        const char *h, *g;
        size_t hn, gn;
        host_of(src[i], &h, &hn);
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) {
            host_of(src[j], &g, &gn);
            seen = gn == hn && strncasecmp(g, h, hn) == 0;
        }
        count += !seen;
    }
    return count;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static const char header[] =
    "GlobalEventID\tSQLDATE\tMonthYear\tYear\tFractionDate\tActor1Code\tActor1Name\t"
    "Actor1CountryCode\tActor2Code\tActor2Name\tActor2CountryCode\tIsRootEvent\tEventCode\t"
    "EventBaseCode\tEventRootCode\tQuadClass\tNumMentions\tNumSources\tNumArticles\t"
    "ActionGeo_FullName\tActionGeo_CountryCode\tDATEADDED\tSOURCEURL\tPloverType\t"
    "DatePrecision\tYearInferred\tHoptacID\tSourceURLs\n";

static int actor_fields(ht_buf *b, const ht_report_actor *a)
{
    char code[32] = "";
    int err = 0;
    const char *cc = NULL;
    if (a) {
        ht_report_actor_code(a, code);
        cc = a->country ? ht_report_cameo_country(a->country) : NULL;
    }
    err |= ht_buf_puts(b, code);
    err |= ht_buf_putc(b, '\t');
    err |= field(b, a ? a->name : NULL);
    err |= ht_buf_putc(b, '\t');
    /* a CAMEO country code is its first three characters (SRBKSV: SRB) */
    if (cc)
        err |= ht_buf_append(b, cc, strlen(cc) < 3 ? strlen(cc) : 3);
    err |= ht_buf_putc(b, '\t');
    return err;
}

static int row(ht_buf *b, const ht_report_event *ev, const ht_report_actor *a2, size_t dyad)
{
    static const char *const prec[] = {"", "year", "month", "day"};
    ht_report_event_code c;
    ht_report_event_codes(ev->kind, &c);
    ht_report_date d = ht_report_date_first(ev->date);
    uint64_t h = fnv(0xcbf29ce484222325ULL, ev->id ? ev->id : "", ev->id ? strlen(ev->id) + 1 : 1);
    h = fnv(h, &dyad, sizeof dyad) & ((1ULL << 53) - 1);
    long frac = (((long)(d.month - 1) * 30 + d.day) * 20000 + 365) / 730;
    int err = ht_buf_printf(b, "%llu\t%04d%02u%02u\t%04d%02u\t%04d\t%04d.%04ld\t",
                            (unsigned long long)h, d.year, d.month, d.day, d.year, d.month,
                            d.year, d.year, frac);
    err |= actor_fields(b, ev->nactors ? &ev->actors[0] : NULL);
    err |= actor_fields(b, a2);
    err |= ht_buf_printf(b, "%d\t%s\t%s\t%s\t%d\t", ev->from_caption ? 0 : 1, c.code, c.base,
                         c.root, c.quad);
    int articles = (int)ev->nsources;
    err |= ht_buf_printf(b, "%d\t%d\t%d\t", ev->mentions > 0 ? ev->mentions : articles,
                         distinct_hosts(ev->sources, ev->nsources), articles);
    err |= field(b, ev->place);
    err |= ht_buf_putc(b, '\t');
    const char *fips = ev->place_country ? ht_report_fips_country(ev->place_country) : NULL;
    err |= ht_buf_puts(b, fips ? fips : "");
    struct tm tm;
    time_t added = ev->added;
    if (!gmtime_r(&added, &tm) || tm.tm_year + 1900 > 9999)
        memset(&tm, 0, sizeof tm);
    err |= ht_buf_printf(b, "\t%04d%02d%02d%02d%02d%02d\t", tm.tm_year + 1900, tm.tm_mon + 1,
                         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    err |= field(b, ev->nsources ? ev->sources[0] : NULL);
    err |= ht_buf_printf(b, "\t%s\t%s\t%d\t", c.plover, prec[ev->date.prec & 3],
                         ev->date.inferred ? 1 : 0);
    err |= field(b, ev->id);
    err |= ht_buf_putc(b, '\t');
    for (size_t i = 0; i < ev->nsources; i++) {
        if (i)
            err |= ht_buf_putc(b, ' ');
        err |= field(b, ev->sources[i]);
    }
    err |= ht_buf_putc(b, '\n');
    return err;
}

int ht_report_events_tsv(const ht_report_event *ev, size_t n, ht_buf *out, size_t *skipped)
{
    int err = ht_buf_puts(out, header);
    size_t skip = 0;
    for (size_t i = 0; i < n && !err; i++) {
        const ht_report_event *e = &ev[i];
        if (e->date.prec == HT_REPORT_DATE_NONE || !e->date.year) {
            skip++;
            continue;
        }
        if (e->nactors <= 1)
            err |= row(out, e, NULL, 0);
        for (size_t k = 1; k < e->nactors; k++)
            err |= row(out, e, &e->actors[k], k);
    }
    if (skipped)
        *skipped = skip;
    return err ? HT_ENOMEM : 0;
}
