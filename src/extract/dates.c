/* The date and period grammar over tokens. Day, month, year and term words come from
 * data/cues.tsv; numbers are checked against the calendar. */
#include "dates.h"

#include <stdio.h>
#include <string.h>

extern const ht_data_table ht_data_cues;

bool ht_date_valid(int y, int m, int d)
{
    static const int dim[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1 || d > dim[m - 1])
        return false;
    if (m == 2 && d == 29 && y && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return false;
    return true;
}

size_t ht_date_format(const ht_date *d, char out[11])
{
    out[0] = 0;
    if (!d || d->prec == HT_DATE_NONE)
        return 0;
    int n;
    if (d->year <= 0) {
        if (d->prec != HT_DATE_DAY)
            return 0;
        n = snprintf(out, 11, "--%02u-%02u", d->month, d->day);
    } else if (d->prec == HT_DATE_YEAR)
        n = snprintf(out, 11, "%04d", d->year);
    else if (d->prec == HT_DATE_MONTH)
        n = snprintf(out, 11, "%04d-%02u", d->year, d->month);
    else
        n = snprintf(out, 11, "%04d-%02u-%02u", d->year, d->month, d->day);
    return n > 0 && n < 11 ? (size_t)n : 0;
}

static bool touching(const ht_xtext *x, size_t i) { return !(x->t[i].flags & HT_XT_SPACE); }

static bool year_ok(long y) { return y >= 1000 && y <= 2999; }

/* d/m or d/m/yyyy (also d-m-yyyy, d.m.yyyy) written without spaces at i.
 * Returns tokens used, 0 if none. */
static size_t slash_date(const ht_xtext *x, size_t i, size_t lim, int *d, int *m, int *y,
                         bool dash_dm)
{
    int nd;
    *y = 0;
    if (i >= lim || x->t[i].kind != HT_TOK_NUM)
        return 0;
    /* "18.7.2022" is one number token */
    const char *s = x->text + x->t[i].start;
    size_t n = x->t[i].end - x->t[i].start;
    if (memchr(s, '.', n)) {
        int a, b, c, used = 0;
        if (n <= 10 && sscanf(s, "%2d.%2d.%4d%n", &a, &b, &c, &used) == 3 && (size_t)used == n &&
            year_ok(c) && ht_date_valid(c, b, a)) {
            *d = a, *m = b, *y = c;
            return 1;
        }
        return 0;
    }
    long dv = ht_xtok_int(x, i, &nd);
    if (dv < 1 || nd > 2)
        return 0;
    if (i > 0 && touching(x, i) && (x->t[i - 1].kind == HT_TOK_NUM || ht_xtok_is(x, i - 1, '/')))
        return 0;
    if (i + 2 >= lim)
        return 0;
    char sep;
    if (ht_xtok_is(x, i + 1, '/'))
        sep = '/';
    else if (ht_xtok_is(x, i + 1, '-'))
        sep = '-';
    else
        return 0;
    if (!touching(x, i + 1) || i + 2 >= lim || !touching(x, i + 2))
        return 0;
    long mv = ht_xtok_int(x, i + 2, &nd);
    if (mv < 1 || nd > 2)
        return 0;
    size_t used = 3;
    long yv = 0;
    if (i + 4 < lim && ht_xtok_is(x, i + 3, sep) && touching(x, i + 3) && touching(x, i + 4)) {
        yv = ht_xtok_int(x, i + 4, &nd);
        if (nd != 4 || !year_ok(yv))
            return 0; /* "1/2/3", "99/99/9999" */
        used = 5;
        if (i + 5 < lim && touching(x, i + 5) &&
            (ht_xtok_is(x, i + 5, '/') || x->t[i + 5].kind == HT_TOK_NUM))
            return 0;
    } else if (sep == '-' && !dash_dm)
        return 0; /* "5-6" is a range of numbers, not a date, unless a day word says so */
    else if (i + 3 < lim && touching(x, i + 3) &&
             (ht_xtok_is(x, i + 3, '/') || x->t[i + 3].kind == HT_TOK_NUM))
        return 0;
    if (!ht_date_valid((int)yv, (int)mv, (int)dv))
        return 0;
    *d = (int)dv, *m = (int)mv, *y = (int)yv;
    return used;
}

static ht_date mkdate(int y, int m, int d)
{
    ht_date r = {0};
    r.year = (int16_t)y;
    r.month = (uint8_t)m;
    r.day = (uint8_t)d;
    r.prec = d ? HT_DATE_DAY : m ? HT_DATE_MONTH : HT_DATE_YEAR;
    return r;
}

static bool year_at(const ht_xtext *x, size_t i, size_t lim, long *y)
{
    int nd;
    if (i >= lim)
        return false;
    *y = ht_xtok_int(x, i, &nd);
    return nd == 4 && year_ok(*y);
}

/* "…, 18:24)" or "18h30": a clock time right after a date. */
static bool time_after(const ht_xtext *x, size_t j, size_t lim)
{
    if (j < lim && ht_xtok_is(x, j, ','))
        j++;
    int nd;
    if (j >= lim || ht_xtok_int(x, j, &nd) < 0 || nd > 2)
        return false;
    return (j + 1 < lim && ht_xtok_is(x, j + 1, ':')) ||
           (j + 1 < lim && x->t[j + 1].kind == HT_TOK_WORD && touching(x, j + 1) &&
            (ht_xtok_word(x, j + 1, "h") || ht_xtok_word(x, j + 1, "gio")));
}

/* "tháng 6/2018", "tháng 6 năm 2018", "tháng 6-2018", "tháng 6". */
static size_t month_date(const ht_xtext *x, size_t i, size_t lim, ht_date *out)
{
    size_t c = ht_xtext_cue(x, i, lim, HT_CUE_MONTH);
    if (!c)
        return 0;
    int nd;
    size_t j = i + c;
    long m = ht_xtok_int(x, j, &nd);
    if (m < 1 || m > 12 || nd > 2)
        return 0;
    j++;
    long y = 0;
    if (j + 1 < lim && (ht_xtok_is(x, j, '/') || ht_xtok_is(x, j, '-')) && touching(x, j) &&
        touching(x, j + 1) && year_at(x, j + 1, lim, &y))
        j += 2;
    else if (j + 1 < lim && ht_xtext_cue(x, j, lim, HT_CUE_YEAR) == 1 && year_at(x, j + 1, lim, &y))
        j += 2;
    *out = mkdate((int)y, (int)m, 0);
    return j - i;
}

/* A day after a day word: "21/06", "21/06/2018", "5 tháng 6 (năm 2018)". */
static size_t day_after_cue(const ht_xtext *x, size_t j, size_t lim, ht_date *out)
{
    int d, m, y;
    /* "ngày 5.6": one number token with a dot */
    if (j < lim && x->t[j].kind == HT_TOK_NUM) {
        const char *s = x->text + x->t[j].start;
        size_t n = x->t[j].end - x->t[j].start;
        int a, b, used = 0;
        if (n <= 5 && memchr(s, '.', n) && sscanf(s, "%2d.%2d%n", &a, &b, &used) == 2 &&
            (size_t)used == n && ht_date_valid(0, b, a)) {
            *out = mkdate(0, b, a);
            return 1;
        }
    }
    size_t k = slash_date(x, j, lim, &d, &m, &y, true);
    if (k) {
        *out = mkdate(y, m, d);
        return k;
    }
    int nd;
    long dv = ht_xtok_int(x, j, &nd);
    if (dv < 1 || dv > 31 || nd > 2)
        return 0;
    /* days of one month: "4-8/6", "20 -23/2", "6 đến 9/5" give their first */
    size_t r = j + 1;
    if (r < lim && (ht_xtok_dash(x, r) || ht_xtok_word(x, r, "den")))
        r++;
    if (r > j + 1 && r < lim && (k = slash_date(x, r, lim, &d, &m, &y, false)) && d > dv &&
        ht_date_valid(y, m, (int)dv)) {
        *out = mkdate(y, m, (int)dv);
        return r - j + k;
    }
    ht_date md;
    size_t c = month_date(x, j + 1, lim, &md);
    if (!c || !ht_date_valid(md.year, md.month, (int)dv))
        return 0;
    *out = mkdate(md.year, md.month, (int)dv);
    return 1 + c;
}

/* A period continuing a date or year at j: "- 18/7/2022", "đến năm 2023", "- 2023". */
static size_t period_end(const ht_xtext *x, size_t j, size_t lim, const ht_date *a, ht_date *b)
{
    size_t k = j;
    if (k < lim && ht_xtok_dash(x, k))
        k++;
    else if (k < lim && (ht_xtok_word(x, k, "den") || ht_xtok_word(x, k, "toi")))
        k++;
    else
        return 0;
    if (a->prec == HT_DATE_DAY) {
        int d, m, y;
        size_t c = slash_date(x, k, lim, &d, &m, &y, false);
        if (!c || !y)
            return 0;
        *b = mkdate(y, m, d);
        return k + c - j;
    }
    if (a->prec == HT_DATE_MONTH) {
        size_t c = month_date(x, k, lim, b);
        if (c && b->year)
            return k + c - j;
        int nd;
        long mv = ht_xtok_int(x, k, &nd), yv;
        if (mv >= 1 && mv <= 12 && nd <= 2 && k + 2 < lim && ht_xtok_is(x, k + 1, '/') &&
            touching(x, k + 1) && touching(x, k + 2) && year_at(x, k + 2, lim, &yv)) {
            *b = mkdate((int)yv, (int)mv, 0);
            return k + 3 - j;
        }
        return 0;
    }
    if (ht_xtext_cue(x, k, lim, HT_CUE_YEAR) == 1)
        k++;
    long y;
    if (!year_at(x, k, lim, &y))
        return 0;
    if (k + 1 < lim && touching(x, k + 1) && (ht_xtok_is(x, k + 1, '/') || ht_xtok_dash(x, k + 1)))
        return 0;
    *b = mkdate((int)y, 0, 0);
    return k + 1 - j;
}

static bool ordered(const ht_date *a, const ht_date *b)
{
    if (!a->year || !b->year || b->year - a->year > 100)
        return false;
    long ka = a->year * 10000L + a->month * 100 + a->day;
    long kb = b->year * 10000L + b->month * 100 + b->day;
    return ka < kb;
}

size_t ht_xdates_scan(const ht_xtext *x, size_t from, size_t to, ht_xdate *out, size_t cap)
{
    size_t nout = 0;
    if (to > x->n)
        to = x->n;
    for (size_t i = from; i < to;) {
        ht_xdate r = {0};
        size_t used = 0;
        size_t c = ht_xtext_cue(x, i, to, HT_CUE_DAY);
        if (c) {
            /* "sáng thứ Hai (6/2)", "chiều ngày 5/6": day words may pile up */
            size_t j = i + c, more;
            for (int k = 0; k < 2 && (more = ht_xtext_cue(x, j, to, HT_CUE_DAY)); k++)
                j += more;
            if (j + 1 < to && ht_xtok_is(x, j, ',') && x->t[j + 1].kind == HT_TOK_NUM)
                j++; /* "hôm nay, 5.6" */
            bool paren = j < to && ht_xtok_is(x, j, '(');
            size_t c2 = day_after_cue(x, j + paren, to, &r.a);
            if (c2) {
                r.kind = HT_XD_DATE;
                r.cued = true;
                used = j + paren + c2 - i;
                if (paren && i + used < to && ht_xtok_is(x, i + used, ')'))
                    used++;
            }
        }
        if (!used) {
            int d, m, y;
            size_t k = slash_date(x, i, to, &d, &m, &y, false);
            if (k && y) {
                r.kind = HT_XD_DATE;
                r.a = mkdate(y, m, d);
                used = k;
            }
        }
        if (!used) {
            /* "6/1967": a month and a year of four digits, touching */
            int nd;
            long mv = ht_xtok_int(x, i, &nd), yv;
            if (mv >= 1 && mv <= 12 && nd <= 2 && i + 2 < to && ht_xtok_is(x, i + 1, '/') &&
                touching(x, i + 1) && touching(x, i + 2) && year_at(x, i + 2, to, &yv) &&
                !(i > 0 && touching(x, i) && (ht_xtok_is(x, i - 1, '/') || x->t[i - 1].kind == HT_TOK_NUM)) &&
                !(i + 3 < to && touching(x, i + 3) && (ht_xtok_is(x, i + 3, '/') || x->t[i + 3].kind == HT_TOK_NUM))) {
                r.kind = HT_XD_DATE;
                r.a = mkdate((int)yv, (int)mv, 0);
                used = 3;
            }
        }
        if (!used && (c = month_date(x, i, to, &r.a)) > 0) {
            r.kind = HT_XD_DATE;
            r.cued = true;
            used = c;
        }
        bool term = false;
        if (!used && (c = ht_xtext_cue(x, i, to, HT_CUE_TERM)) > 0) {
            size_t j = i + c;
            if (j < to && ht_xtok_is(x, j, ':'))
                j++;
            if (ht_xtext_cue(x, j, to, HT_CUE_SINCE))
                j += ht_xtext_cue(x, j, to, HT_CUE_SINCE);
            if (ht_xtext_cue(x, j, to, HT_CUE_YEAR) == 1)
                j++;
            long y;
            if (year_at(x, j, to, &y)) {
                ht_date a = mkdate((int)y, 0, 0), b;
                size_t k = period_end(x, j + 1, to, &a, &b);
                if (k) {
                    if (ordered(&a, &b)) {
                        r.kind = HT_XD_PERIOD;
                        r.a = a;
                        r.b = b;
                        r.term = true;
                        r.cued = true;
                    }
                    used = j + 1 + k - i; /* a backward period is consumed and dropped */
                    term = true;
                }
            }
        }
        if (!used && ht_xtext_cue(x, i, to, HT_CUE_YEAR) == 1) {
            long y;
            if (year_at(x, i + 1, to, &y) &&
                !(i + 2 < to && touching(x, i + 2) && ht_xtok_is(x, i + 2, '/'))) {
                r.kind = HT_XD_DATE;
                r.a = mkdate((int)y, 0, 0);
                r.cued = true;
                used = 2;
            }
        }
        if (!used) {
            long y;
            if (x->t[i].kind == HT_TOK_NUM && year_at(x, i, to, &y) &&
                !(i > 0 && touching(x, i) &&
                  (x->t[i - 1].kind == HT_TOK_NUM || ht_xtok_is(x, i - 1, '/') ||
                   ht_xtok_is(x, i - 1, '.') || ht_xtok_is(x, i - 1, ','))) &&
                !(i + 1 < to && touching(x, i + 1) &&
                  (ht_xtok_is(x, i + 1, '/') || ht_xtok_is(x, i + 1, '.') ||
                   ht_xtok_is(x, i + 1, ':') || ht_xtok_is(x, i + 1, ',') ||
                   x->t[i + 1].kind == HT_TOK_WORD || x->t[i + 1].kind == HT_TOK_NUM))) {
                r.kind = HT_XD_DATE;
                r.a = mkdate((int)y, 0, 0);
                used = 1;
            }
        }
        if (!used) {
            i++;
            continue;
        }
        if (!r.kind) {
            i += used;
            continue;
        }
        /* a date or year may open a period */
        if (r.kind == HT_XD_DATE && !term && r.a.year) {
            ht_date b;
            size_t k = period_end(x, i + used, to, &r.a, &b);
            if (k) {
                if (ordered(&r.a, &b)) {
                    r.kind = HT_XD_PERIOD;
                    r.b = b;
                    used += k;
                } else if (r.a.prec == HT_DATE_YEAR) {
                    i += used + k; /* "2023 - 2018": neither a period nor two years */
                    continue;
                }
            }
        }
        r.t0 = i;
        r.t1 = i + used;
        /* "từ năm 2007", "năm 2007 đến nay": a starting point */
        if (r.kind == HT_XD_DATE && r.a.prec == HT_DATE_YEAR) {
            size_t p = i;
            for (size_t back = 1; back <= 3 && back <= i - from; back++) {
                size_t s = i - back;
                size_t k = ht_xtext_cue(x, s, to, HT_CUE_SINCE);
                if (k && s + k == p) {
                    r.open = true;
                    break;
                }
            }
            if (ht_xtext_cue(x, r.t1, to, HT_CUE_NOW))
                r.open = true;
        }
        r.with_time = time_after(x, r.t1, to);
        if (nout < cap)
            out[nout++] = r;
        i += used;
    }
    return nout;
}

size_t ht_xdates_parse(const char *s, size_t n, ht_xdate *out, size_t cap)
{
    ht_xtext x = {0};
    size_t k = 0;
    if (ht_xtext_add(&x, s, n, 0, n, 0) == 0) {
        ht_xtext_finish(&x);
        k = ht_xdates_scan(&x, 0, x.n, out, cap);
    }
    ht_xtext_free(&x);
    return k;
}
