/* Agreement status derivation: terms, kinds and the later agreements of the same
 * parties (see status.h for the rules). Dates are compared as day numbers. */
#include "status.h"

#include "vocab.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define NO_DAY LONG_MIN

const char *ht_report_status_code(ht_report_status s)
{
    static const char *const codes[] = {"unknown", "in_force", "expiring", "expired",
                                        "renewed", "superseded"};
    return (unsigned)s < sizeof codes / sizeof codes[0] ? codes[s] : "unknown";
}

static bool dated(ht_report_date d) { return d.prec != HT_REPORT_DATE_NONE && d.year; }

ht_report_date ht_report_agr_start(const ht_report_agr *a)
{
    if (dated(a->term_from))
        return ht_report_date_first(a->term_from);
    if (dated(a->signed_on))
        return ht_report_date_first(a->signed_on);
    return (ht_report_date){0};
}

ht_report_date ht_report_agr_end(const ht_report_agr *a)
{
    if (dated(a->term_to))
        return ht_report_date_last(a->term_to);
    return (ht_report_date){0};
}

static long day_of(ht_report_date d)
{
    return dated(d) ? ht_report_date_daynum(d) : NO_DAY;
}

typedef struct {
    long start, end, sign, known; /* day numbers or NO_DAY */
    int breadth;
    uint64_t parties; /* hash of the party set, whatever its order */
} facts;

static uint64_t party_set_hash(const ht_report_agr *a)
{
    uint64_t sum = a->nparties * 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i < a->nparties; i++) {
        uint64_t h = 0xcbf29ce484222325ULL;
        for (const char *p = a->parties[i] ? a->parties[i] : ""; *p; p++)
            h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
        sum += h;
    }
    return sum;
}

static bool same_parties(const ht_report_agr *a, const ht_report_agr *b)
{
    if (a->nparties != b->nparties || !a->nparties)
        return false;
    for (size_t i = 0; i < a->nparties; i++) {
        bool found = false;
        for (size_t j = 0; j < b->nparties && !found; j++)
            found = a->parties[i] && b->parties[j] && strcmp(a->parties[i], b->parties[j]) == 0;
        if (!found)
            return false;
    }
    return true;
}

/* B comes after A: signed later, or started later when a signing date is missing. */
static bool later(const facts *a, const facts *b)
{
    if (a->start != NO_DAY && b->start != NO_DAY && b->start < a->start)
        return false;
    if (a->sign != NO_DAY && b->sign != NO_DAY)
        return b->sign > a->sign;
    return a->start != NO_DAY && b->start != NO_DAY && b->start > a->start;
}

/* Agreements grouped by party set, so each is compared only with its own group. */
typedef struct {
    uint64_t parties;
    size_t i;
} slot;

static int by_parties(const void *pa, const void *pb)
{
    const slot *a = pa, *b = pb;
    if (a->parties != b->parties)
        return a->parties < b->parties ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* The agreement of group[0..ng) that follows agreement i (see status.h), or NONE. */
static size_t successor(const ht_report_agr *a, const facts *f, size_t i, const size_t *group,
                        size_t ng, long today, ht_report_status *how)
{
    size_t best = HT_REPORT_NONE;
    for (size_t g = 0; g < ng; g++) {
        size_t j = group[g];
        const facts *b = &f[j];
        if (j == i || b->start == NO_DAY || (b->known != NO_DAY && b->known > today) ||
            b->breadth < f[i].breadth || !later(&f[i], b) || !same_parties(&a[i], &a[j]))
            continue;
        ht_report_status k;
        if (f[i].end == NO_DAY)
            k = HT_REPORT_SUPERSEDED;
        else if (b->start > f[i].end + 1)
            continue;
        else {
            ht_report_date from = ht_report_date_from_daynum(f[i].end + 1), y;
            if (ht_report_date_add_months(from, -12, &y, NULL))
                y = from;
            k = b->start >= ht_report_date_daynum(y) ? HT_REPORT_RENEWED : HT_REPORT_SUPERSEDED;
        }
        if (k == HT_REPORT_SUPERSEDED && b->start > today)
            continue; /* not in effect yet */
        if (best == HT_REPORT_NONE || b->start < f[best].start ||
            (b->start == f[best].start &&
             (b->sign < f[best].sign ||
              (b->sign == f[best].sign && strcmp(a[j].id ? a[j].id : "",
                                                 a[best].id ? a[best].id : "") < 0)))) {
            best = j;
            *how = k;
        }
    }
    return best;
}

int ht_report_agr_status(const ht_report_agr *a, size_t n, ht_report_date as_of,
                         int expiring_months, ht_report_agr_state *out, ht_error *e)
{
    if (!dated(as_of))
        return ht_err(e, HT_EINVAL, "the date of the report needs a year");
    ht_report_date asof = ht_report_date_first(as_of);
    long today = ht_report_date_daynum(asof), horizon = today;
    if (expiring_months > 0) {
        ht_report_date h;
        if (ht_report_date_add_months(asof, expiring_months, &h, e))
            return e ? e->code : HT_EINVAL;
        horizon = ht_report_date_daynum(h);
    }
    facts *f = calloc(n ? n : 1, sizeof *f);
    slot *sl = calloc(n ? n : 1, sizeof *sl);
    size_t *order = calloc(n ? n : 1, sizeof *order);
    if (!f || !sl || !order) {
        free(sl);
        free(f);
        free(order);
        return ht_err(e, HT_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        f[i].start = day_of(ht_report_agr_start(&a[i]));
        f[i].end = day_of(ht_report_agr_end(&a[i]));
        f[i].sign = day_of(ht_report_date_first(a[i].signed_on));
        f[i].known = f[i].sign != NO_DAY ? f[i].sign : f[i].start;
        f[i].breadth = ht_report_breadth(a[i].kind);
        f[i].parties = party_set_hash(&a[i]);
        sl[i] = (slot){f[i].parties, i};
    }
    qsort(sl, n, sizeof *sl, by_parties);
    for (size_t i = 0; i < n; i++)
        order[i] = sl[i].i;
    free(sl);
    for (size_t g0 = 0, g1; g0 < n; g0 = g1) {
        for (g1 = g0 + 1; g1 < n && f[order[g1]].parties == f[order[g0]].parties; g1++)
            ;
        for (size_t g = g0; g < g1; g++) {
            size_t i = order[g];
            ht_report_agr_state *st = &out[i];
            memset(st, 0, sizeof *st);
            st->by = HT_REPORT_NONE;
            st->start = ht_report_agr_start(&a[i]);
            st->end = ht_report_agr_end(&a[i]);
            if (f[i].end != NO_DAY)
                st->days_left = f[i].end - today;
            if (f[i].known != NO_DAY && f[i].known > today) {
                st->not_yet = true;
                continue;
            }
            ht_report_status how = HT_REPORT_UNKNOWN;
            size_t best = successor(a, f, i, order + g0, g1 - g0, today, &how);
            if (best != HT_REPORT_NONE) {
                st->status = how;
                st->by = best;
            } else if (f[i].end == NO_DAY)
                st->status = HT_REPORT_UNKNOWN;
            else if (today > f[i].end)
                st->status = HT_REPORT_EXPIRED;
            else if (expiring_months > 0 && f[i].end <= horizon)
                st->status = HT_REPORT_EXPIRING;
            else
                st->status = HT_REPORT_IN_FORCE;
        }
    }
    free(f);
    free(order);
    return 0;
}
