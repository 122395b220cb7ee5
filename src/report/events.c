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

/* The GDELT 2.0 event file columns that hoptac has, in GDELT's order, then its own. */
static const ht_report_col cols[] = {
    {"GlobalEventID", NULL, HT_REPORT_COL_INT, 0},
    {"SQLDATE", NULL, HT_REPORT_COL_INT, 0},
    {"MonthYear", NULL, HT_REPORT_COL_INT, 0},
    {"Year", NULL, HT_REPORT_COL_INT, 0},
    {"FractionDate", NULL, HT_REPORT_COL_NUM, 0},
    {"Actor1Code", NULL, HT_REPORT_COL_TEXT, 0},
    {"Actor1Name", NULL, HT_REPORT_COL_TEXT, 0},
    {"Actor1CountryCode", NULL, HT_REPORT_COL_TEXT, 0},
    {"Actor1Type1Code", NULL, HT_REPORT_COL_TEXT, 0},
    {"Actor2Code", NULL, HT_REPORT_COL_TEXT, 0},
    {"Actor2Name", NULL, HT_REPORT_COL_TEXT, 0},
    {"Actor2CountryCode", NULL, HT_REPORT_COL_TEXT, 0},
    {"Actor2Type1Code", NULL, HT_REPORT_COL_TEXT, 0},
    {"IsRootEvent", NULL, HT_REPORT_COL_INT, 0},
    {"EventCode", NULL, HT_REPORT_COL_TEXT, 0},
    {"EventBaseCode", NULL, HT_REPORT_COL_TEXT, 0},
    {"EventRootCode", NULL, HT_REPORT_COL_TEXT, 0},
    {"QuadClass", NULL, HT_REPORT_COL_INT, 0},
    {"NumMentions", NULL, HT_REPORT_COL_INT, 0},
    {"NumSources", NULL, HT_REPORT_COL_INT, 0},
    {"NumArticles", NULL, HT_REPORT_COL_INT, 0},
    {"ActionGeo_FullName", NULL, HT_REPORT_COL_TEXT, 0},
    {"ActionGeo_CountryCode", NULL, HT_REPORT_COL_TEXT, 0},
    {"DATEADDED", NULL, HT_REPORT_COL_INT, 0},
    {"SOURCEURL", NULL, HT_REPORT_COL_TEXT, 0},
    {"PloverType", NULL, HT_REPORT_COL_TEXT, 0},
    {"DatePrecision", NULL, HT_REPORT_COL_TEXT, 0},
    {"YearInferred", NULL, HT_REPORT_COL_INT, 0},
    {"HoptacID", NULL, HT_REPORT_COL_TEXT, 0},
};
enum { NCOLS = sizeof cols / sizeof cols[0] };

/* The cells of one actor from cell c on: code, name, country (the first three
 * characters of its CAMEO country code: SRBKSV is SRB), type (the role part of its
 * code); an empty cell is NULL. buf holds the code, the country and the type. */
static void actor_cells(const ht_report_actor *a, char buf[48], const char **cell, size_t c)
{
    cell[c] = cell[c + 1] = cell[c + 2] = cell[c + 3] = NULL;
    if (!a)
        return;
    char *code = buf, *country = buf + 32, *type = buf + 40;
    size_t n = ht_report_actor_code(a, code);
    const char *cc = a->country ? ht_report_cameo_country(a->country) : NULL;
    cell[c] = n ? code : NULL;
    cell[c + 1] = a->name && *a->name ? a->name : NULL;
    if (cc) {
        snprintf(country, 4, "%.3s", cc);
        cell[c + 2] = country;
    }
    /* ht_report_actor_code ends the code with a valid role */
    const char *r = a->role;
    if (n >= 6 && r && strlen(r) == 3 && isalpha((unsigned char)r[0]) &&
        isalpha((unsigned char)r[1]) && isalpha((unsigned char)r[2]) &&
        strncasecmp(code + n - 3, r, 3) == 0) {
        memcpy(type, code + n - 3, 4);
        cell[c + 3] = type;
    }
}

static int row(ht_report_table *t, const ht_report_event *ev, const ht_report_actor *a2,
               size_t dyad)
{
    static const char *const prec[] = {"", "year", "month", "day"};
    ht_report_event_code c;
    ht_report_event_codes(ev->kind, &c);
    ht_report_date d = ht_report_date_first(ev->date);
    uint64_t h = fnv(0xcbf29ce484222325ULL, ev->id ? ev->id : "", ev->id ? strlen(ev->id) + 1 : 1);
    h = fnv(h, &dyad, sizeof dyad) & ((1ULL << 53) - 1);
    long frac = (((long)(d.month - 1) * 30 + d.day) * 20000 + 365) / 730;
    char id[24], sqldate[16], monthyear[16], year[8], fraction[24], act1[48], act2[48];
    char root_event[2], quad[8], mentions[16], sources[16];
    char articles[16], added[24], inferred[2];
    const char *cell[NCOLS];
    snprintf(id, sizeof id, "%llu", (unsigned long long)h);
    snprintf(sqldate, sizeof sqldate, "%04d%02u%02u", d.year, d.month, d.day);
    snprintf(monthyear, sizeof monthyear, "%04d%02u", d.year, d.month);
    snprintf(year, sizeof year, "%04d", d.year);
    snprintf(fraction, sizeof fraction, "%04d.%04ld", d.year, frac);
    cell[0] = id;
    cell[1] = sqldate;
    cell[2] = monthyear;
    cell[3] = year;
    cell[4] = fraction;
    const ht_report_actor *a1 = ev->nactors ? &ev->actors[0] : NULL;
    actor_cells(a1, act1, cell, 5);
    actor_cells(a2, act2, cell, 9);
    snprintf(root_event, sizeof root_event, "%d", ev->from_caption ? 0 : 1);
    cell[13] = root_event;
    cell[14] = c.code;
    cell[15] = c.base;
    cell[16] = c.root;
    snprintf(quad, sizeof quad, "%d", c.quad);
    cell[17] = quad;
    int narticles = (int)ev->nsources;
    snprintf(mentions, sizeof mentions, "%d", ev->mentions > 0 ? ev->mentions : narticles);
    snprintf(sources, sizeof sources, "%d", distinct_hosts(ev->sources, ev->nsources));
    snprintf(articles, sizeof articles, "%d", narticles);
    cell[18] = mentions;
    cell[19] = sources;
    cell[20] = articles;
    cell[21] = ev->place && *ev->place ? ev->place : NULL;
    cell[22] = ev->place_country ? ht_report_fips_country(ev->place_country) : NULL;
    struct tm tm;
    time_t at = ev->added;
    if (!gmtime_r(&at, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 0)
        memset(&tm, 0, sizeof tm);
    snprintf(added, sizeof added, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cell[23] = added;
    cell[24] = ev->nsources ? ev->sources[0] : NULL;
    cell[25] = c.plover;
    cell[26] = prec[ev->date.prec & 3];
    snprintf(inferred, sizeof inferred, "%d", ev->date.inferred ? 1 : 0);
    cell[27] = inferred;
    cell[28] = ev->id;
    int err = ht_report_table_add(t, cell);
    for (size_t i = 0; i < ev->nsources && !err; i++)
        err = ht_report_table_source(t, ev->sources[i]);
    return err;
}

int ht_report_events_table(const ht_report_event *ev, size_t n, ht_report_table *t,
                           size_t *skipped)
{
    int err = ht_report_table_init(t, NULL, cols, NCOLS, true);
    t->sources_key = "SourceURLs";
    size_t skip = 0;
    for (size_t i = 0; i < n && !err; i++) {
        const ht_report_event *e = &ev[i];
        if (e->date.prec == HT_REPORT_DATE_NONE || !e->date.year) {
            skip++;
            continue;
        }
        if (e->nactors <= 1)
            err = row(t, e, NULL, 0);
        for (size_t k = 1; k < e->nactors && !err; k++)
            err = row(t, e, &e->actors[k], k);
    }
    if (skipped)
        *skipped = skip;
    return err ? HT_ENOMEM : 0;
}

int ht_report_events_tsv(const ht_report_event *ev, size_t n, ht_buf *out, size_t *skipped)
{
    ht_report_table t;
    int err = ht_report_events_table(ev, n, &t, skipped);
    if (!err)
        err = ht_report_write_tsv(&t, out);
    ht_report_table_free(&t);
    return err;
}
