/* Calendar dates with their precision, as the registry keeps them (SPEC 1, 1b): a day
 * "2018-06-21", a month "2018-06", a year "2018", or a day without a year "--06-21";
 * a year that was not written with the date is marked inferred. Parsing, writing as
 * written ("2018-06", "2022 (inferred)") or in Vietnamese style ("21/06/2018"), order,
 * and arithmetic on days and months. Years run from 1 to 9999 (proleptic Gregorian).
 *
 * Order (ht_report_date_cmp): dated entries by year; inside a year a coarser date comes
 * before the finer ones it contains ("2018" < "2018-01" < "2018-01-01": the order of
 * their ISO strings, and the start of each period); then dates without a year, by month
 * and day; a missing date last. Of two equal dates the written one comes first.
 * Arithmetic on a month or a year works on its first day. */
#ifndef HT_REPORT_DATES_H
#define HT_REPORT_DATES_H

#include "../base/base.h"

#include <stdbool.h>
#include <time.h>

enum { HT_REPORT_DATE_NONE = 0, HT_REPORT_DATE_YEAR, HT_REPORT_DATE_MONTH, HT_REPORT_DATE_DAY };

typedef struct {
    int16_t year;        /* 1..9999; 0 when unknown (then prec is DAY: "--MM-DD") */
    uint8_t month, day;  /* 0 beyond the precision */
    uint8_t prec;        /* HT_REPORT_DATE_* */
    bool inferred;       /* the year was inferred, not written */
} ht_report_date;

#define HT_REPORT_DATE_MAX 32 /* room for any written date, NUL included */

/* True for an existing day; year 0 stands for any year (29 February passes). */
bool ht_report_date_valid(int year, int month, int day);
/* A day-precision date (not checked: see ht_report_date_valid). */
ht_report_date ht_report_date_ymd(int year, int month, int day);
/* A year alone (a term's "from" or "to"); no date when year is outside 1..9999. */
ht_report_date ht_report_date_year(int year);
/* The day of a UTC time. */
ht_report_date ht_report_date_from_time(time_t t);

/* Parses "YYYY-MM-DD", "YYYY-MM", "YYYY" or "--MM-DD", optionally followed by
 * " (inferred)" (not after "--MM-DD"); inferred is also set when the caller passes
 * true. Impossible dates (2018-02-31, month 13, year 0) are HT_EFORMAT naming the
 * byte where the date goes wrong. */
int ht_report_date_parse(const char *s, size_t n, bool inferred, ht_report_date *d,
                         ht_error *e);

/* Writers: each returns the length written into out (NUL-terminated; "" for no date).
 * iso: "2018-06-21", "2018-06", "2018", "--06-21".
 * written: iso plus " (inferred)" when the year was inferred.
 * vi: "21/06/2018", "06/2018", "2018", "21/06" (the web UI's display). */
size_t ht_report_date_iso(ht_report_date d, char out[HT_REPORT_DATE_MAX]);
size_t ht_report_date_written(ht_report_date d, char out[HT_REPORT_DATE_MAX]);
size_t ht_report_date_vi(ht_report_date d, char out[HT_REPORT_DATE_MAX]);

/* <0, 0, >0 in the order described above. */
int ht_report_date_cmp(const ht_report_date *a, const ht_report_date *b);

/* The first and the last day of a dated period ("2018-06" -> 2018-06-01, 2018-06-30);
 * a day is its own first and last. A date without a year is returned unchanged. */
ht_report_date ht_report_date_first(ht_report_date d);
ht_report_date ht_report_date_last(ht_report_date d);

/* Days since 0001-01-01 (day 0) of the first day of d; d needs a year. */
long ht_report_date_daynum(ht_report_date d);
/* The day numbered n (clamped to 0001-01-01 .. 9999-12-31). */
ht_report_date ht_report_date_from_daynum(long n);
/* b - a in days, between the first days of their periods; HT_EINVAL without a year. */
int ht_report_days_between(ht_report_date a, ht_report_date b, long *days, ht_error *e);
/* d moved by months (may be negative), keeping its precision and inferred flag; a day
 * past the end of the new month becomes its last day (31 January + 1 = 28 or 29
 * February). HT_EINVAL without a year or outside years 1..9999. */
int ht_report_date_add_months(ht_report_date d, int months, ht_report_date *out, ht_error *e);

/* The clock of reports: SOURCE_DATE_EPOCH when set (a malformed value is HT_EINVAL),
 * else the current time. */
int ht_report_clock(time_t *t, ht_error *e);

#endif
