/* Dates with precision for reports: parsing the registry's forms, writing them as
 * written or in Vietnamese style, their order, and day and month arithmetic. */
#include "dates.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char inferred_mark[] = " (inferred)";

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return dim[m - 1] + (m == 2 && (y == 0 || leap(y)));
}

bool ht_report_date_valid(int y, int m, int d)
{
    return y >= 0 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

ht_report_date ht_report_date_ymd(int y, int m, int d)
{
    return (ht_report_date){(int16_t)y, (uint8_t)m, (uint8_t)d, HT_REPORT_DATE_DAY, false};
}

ht_report_date ht_report_date_year(int year)
{
    if (year < 1 || year > 9999)
        return (ht_report_date){0};
    return (ht_report_date){(int16_t)year, 0, 0, HT_REPORT_DATE_YEAR, false};
}

ht_report_date ht_report_date_from_time(time_t t)
{
    struct tm tm;
    if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999)
        return ht_report_date_ymd(9999, 12, 31);
    if (tm.tm_year + 1900 < 1)
        return ht_report_date_ymd(1, 1, 1);
    return ht_report_date_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Reads k digits at s; -1 when one is not a digit. */
static int digits(const char *s, size_t k)
{
    int v = 0;
    for (size_t i = 0; i < k; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int bad_date(ht_error *e, const char *s, size_t n, size_t at, const char *why)
{
    return ht_err(e, HT_EFORMAT, "date \"%.*s\", byte %zu: %s", (int)(n > 40 ? 40 : n), s, at,
                  why);
}

/* Offset of the first byte of s[0..n) that breaks the pattern YYYY-MM-DD (n when the
 * text ends early), or n when it fits. */
static size_t pattern_break(const char *s, size_t n)
{
    static const char pat[] = "DDDD-DD-DD";
    for (size_t i = 0; i < n; i++) {
        if (i >= sizeof pat - 1)
            return i;
        bool digit = s[i] >= '0' && s[i] <= '9';
        if (pat[i] == 'D' ? !digit : s[i] != pat[i])
            return i;
    }
    return n;
}

int ht_report_date_parse(const char *s, size_t n, bool inferred, ht_report_date *d, ht_error *e)
{
    static const char forms[] = "expected YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD";
    const size_t mark = sizeof inferred_mark - 1;
    size_t len = n;
    memset(d, 0, sizeof *d);
    if (len > mark && memcmp(s + len - mark, inferred_mark, mark) == 0) {
        len -= mark;
        inferred = true;
    }
    if (len >= 2 && s[0] == '-' && s[1] == '-') {
        size_t at = len == 7 ? 0 : len < 7 ? len : 7;
        for (size_t i = 2; i < 7 && i < len; i++)
            if (i == 4 ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) {
                at = i;
                break;
            }
        if (at)
            return bad_date(e, s, n, at, forms);
        int m = digits(s + 2, 2), dd = digits(s + 5, 2);
        if (m < 1 || m > 12)
            return bad_date(e, s, n, 2, "no such month");
        if (!ht_report_date_valid(0, m, dd))
            return bad_date(e, s, n, 5, "no such day");
        if (len != n)
            return bad_date(e, s, n, len, "a date without a year has no inferred year");
        *d = ht_report_date_ymd(0, m, dd);
        return 0;
    }
    size_t at = pattern_break(s, len);
    if (at < len || (len != 4 && len != 7 && len != 10))
        return bad_date(e, s, n, at, forms);
    int y = digits(s, 4);
    if (y == 0)
        return bad_date(e, s, n, 0, "there is no year 0");
    d->year = (int16_t)y;
    d->prec = HT_REPORT_DATE_YEAR;
    if (len >= 7) {
        int m = digits(s + 5, 2);
        if (m < 1 || m > 12)
            return bad_date(e, s, n, 5, "no such month");
        d->month = (uint8_t)m;
        d->prec = HT_REPORT_DATE_MONTH;
    }
    if (len == 10) {
        int dd = digits(s + 8, 2);
        if (!ht_report_date_valid(y, d->month, dd))
            return bad_date(e, s, n, 8, "no such day");
        d->day = (uint8_t)dd;
        d->prec = HT_REPORT_DATE_DAY;
    }
    d->inferred = inferred;
    return 0;
}

static size_t put(char *out, int k)
{
    if (k < 0 || k >= HT_REPORT_DATE_MAX) {
        out[0] = 0;
        return 0;
    }
    return (size_t)k;
}

size_t ht_report_date_iso(ht_report_date d, char out[HT_REPORT_DATE_MAX])
{
    out[0] = 0;
    switch (d.prec) {
    case HT_REPORT_DATE_YEAR:
        return put(out, snprintf(out, HT_REPORT_DATE_MAX, "%04d", d.year));
    case HT_REPORT_DATE_MONTH:
        return put(out, snprintf(out, HT_REPORT_DATE_MAX, "%04d-%02u", d.year, d.month));
    case HT_REPORT_DATE_DAY:
        if (d.year == 0)
            return put(out, snprintf(out, HT_REPORT_DATE_MAX, "--%02u-%02u", d.month, d.day));
        return put(out, snprintf(out, HT_REPORT_DATE_MAX, "%04d-%02u-%02u", d.year, d.month,
                                 d.day));
    }
    return 0;
}

size_t ht_report_date_written(ht_report_date d, char out[HT_REPORT_DATE_MAX])
{
    size_t k = ht_report_date_iso(d, out);
    if (k && d.inferred && d.year) {
        memcpy(out + k, inferred_mark, sizeof inferred_mark);
        k += sizeof inferred_mark - 1;
    }
    return k;
}

size_t ht_report_date_vi(ht_report_date d, char out[HT_REPORT_DATE_MAX])
{
    out[0] = 0;
    switch (d.prec) {
    case HT_REPORT_DATE_YEAR:
        return put(out, snprintf(out, HT_REPORT_DATE_MAX, "%04d", d.year));
    case HT_REPORT_DATE_MONTH:
        return put(out, snprintf(out, HT_REPORT_DATE_MAX, "%02u/%04d", d.month, d.year));
    case HT_REPORT_DATE_DAY:
        if (d.year == 0)
            return put(out, snprintf(out, HT_REPORT_DATE_MAX, "%02u/%02u", d.day, d.month));
        return put(out, snprintf(out, HT_REPORT_DATE_MAX, "%02u/%02u/%04d", d.day, d.month,
                                 d.year));
    }
    return 0;
}

/* Rank of the kind of date in the order: dated, yearless, none. */
static int group(const ht_report_date *d)
{
    if (d->prec == HT_REPORT_DATE_NONE)
        return 2;
    return d->year ? 0 : 1;
}

int ht_report_date_cmp(const ht_report_date *a, const ht_report_date *b)
{
    int ga = group(a), gb = group(b);
    if (ga != gb)
        return ga - gb;
    if (ga == 2)
        return 0;
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    /* a missing month or day (0) sorts first: "2018" < "2018-01" */
    if (a->month != b->month)
        return a->month < b->month ? -1 : 1;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    if (a->prec != b->prec)
        return a->prec < b->prec ? -1 : 1;
    return (int)a->inferred - (int)b->inferred;
}

ht_report_date ht_report_date_first(ht_report_date d)
{
    if (!d.year || d.prec == HT_REPORT_DATE_NONE)
        return d;
    ht_report_date r = ht_report_date_ymd(d.year, d.month ? d.month : 1, d.day ? d.day : 1);
    r.inferred = d.inferred;
    return r;
}

ht_report_date ht_report_date_last(ht_report_date d)
{
    if (!d.year || d.prec == HT_REPORT_DATE_NONE)
        return d;
    int m = d.month ? d.month : 12;
    ht_report_date r = ht_report_date_ymd(d.year, m, d.day ? d.day : month_days(d.year, m));
    r.inferred = d.inferred;
    return r;
}

static long days_before_year(long y)
{
    y -= 1;
    return 365 * y + y / 4 - y / 100 + y / 400;
}

static long days_before_month(int y, int m)
{
    static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    if (m < 1 || m > 12)
        return 0;
    return cum[m - 1] + (m > 2 && leap(y));
}

long ht_report_date_daynum(ht_report_date d)
{
    ht_report_date f = ht_report_date_first(d);
    if (!f.year)
        return 0;
    return days_before_year(f.year) + days_before_month(f.year, f.month) + f.day - 1;
}

ht_report_date ht_report_date_from_daynum(long n)
{
    const long max = days_before_year(10000) - 1;
    if (n < 0)
        n = 0;
    if (n > max)
        n = max;
    long y = n * 400 / 146097 + 1;
    while (y > 1 && days_before_year(y) > n)
        y--;
    while (y < 9999 && days_before_year(y + 1) <= n)
        y++;
    long doy = n - days_before_year(y);
    int m = 1;
    while (m < 12 && days_before_month((int)y, m + 1) <= doy)
        m++;
    return ht_report_date_ymd((int)y, m, (int)(doy - days_before_month((int)y, m) + 1));
}

int ht_report_days_between(ht_report_date a, ht_report_date b, long *days, ht_error *e)
{
    if (!a.year || !b.year || !a.prec || !b.prec)
        return ht_err(e, HT_EINVAL, "days between dates need dates with a year");
    *days = ht_report_date_daynum(b) - ht_report_date_daynum(a);
    return 0;
}

int ht_report_date_add_months(ht_report_date d, int months, ht_report_date *out, ht_error *e)
{
    if (!d.year || !d.prec)
        return ht_err(e, HT_EINVAL, "adding months needs a date with a year");
    long total = (long)d.year * 12 + (d.month ? d.month - 1 : 0) + months;
    long y = total >= 0 ? total / 12 : -1;
    if (y < 1 || y > 9999)
        return ht_err(e, HT_EINVAL, "date out of range (years 1 to 9999)");
    ht_report_date r = d;
    r.year = (int16_t)y;
    if (d.month)
        r.month = (uint8_t)(total % 12 + 1);
    if (d.day && d.day > month_days(r.year, r.month))
        r.day = (uint8_t)month_days(r.year, r.month);
    *out = r;
    return 0;
}

int ht_report_clock(time_t *t, ht_error *e)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s) {
        *t = time(NULL);
        return 0;
    }
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || errno || v < 0 || s[0] < '0' || s[0] > '9')
        return ht_err(e, HT_EINVAL, "SOURCE_DATE_EPOCH \"%.40s\" is not a count of seconds", s);
    *t = (time_t)v;
    return 0;
}
