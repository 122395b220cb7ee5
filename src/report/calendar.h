/* Anniversaries and deadlines between two dates, as a report table and as iCalendar
 * (RFC 5545).
 *
 * Anniversaries: of the signing of agreements and of the dates of Vietnam's relations with
 * partner countries (diplomatic relations, treaties: ht_report_national_anniv); the round
 * ones, every `every` years (5 by default: 5, 10, 15 ... years,
 * the counts Vietnamese localities celebrate, as "45 năm" of a treaty or "60 năm" of
 * diplomatic relations; the first year is not celebrated and is left out), on the same
 * day as the original event (29 February on 28 February in other years); an event known
 * only to the month or year gives an anniversary of that precision; one without a year
 * gives none. Deadlines: the end of an agreement's term (status.h: 31 December of its
 * last year unless a day is given). An item is kept when its period meets [from, to]
 * (from's first day to to's last day). Items are sorted by date, kind, text and id; an
 * item given twice (same kind, text and date) is kept once.
 *
 * iCalendar: VERSION 2.0, PRODID, CALSCALE:GREGORIAN, METHOD:PUBLISH, the title as
 * X-WR-CALNAME; one all-day VEVENT per item known to the day (DTSTART;VALUE=DATE and
 * DTEND the day after), UID = 16 hex digits of a hash of kind, text and date + "@hoptac"
 * (the same item keeps its UID from one export to the next), DTSTAMP the given time in
 * UTC, SUMMARY and DESCRIPTION escaped (\\ \; \, \n), CRLF line ends, lines folded at 75
 * octets, never inside a UTF-8 character nor inside an escape ("\n"). */
#ifndef HT_REPORT_CALENDAR_H
#define HT_REPORT_CALENDAR_H

#include "dates.h"
#include "table.h"

typedef struct {
    const char *what;    /* the words after "N năm": "thiết lập quan hệ ngoại giao ..." */
    ht_report_date date; /* the original event */
    const char *id;      /* record id, may be NULL */
    const char *what_en; /* for English summaries; NULL: what */
} ht_report_anniv;

typedef struct {
    const char *what;    /* the agreement: its title or kind and parties */
    ht_report_date end;  /* ht_report_agr_end() */
    const char *id;
} ht_report_deadline;

typedef enum { HT_REPORT_CAL_ANNIVERSARY = 1, HT_REPORT_CAL_TERM_END } ht_report_cal_kind;

typedef struct {
    ht_report_cal_kind kind;
    ht_report_date date;   /* when it falls */
    ht_report_date origin; /* the original event (anniversaries) */
    int years;             /* the count celebrated; 0 for a deadline */
    const char *what, *id; /* borrowed from the inputs */
    char uid[24];          /* "0123456789abcdef@hoptac" */
    const char *what_en;   /* may be NULL */
} ht_report_cal_item;

typedef struct {
    ht_report_cal_item *v;
    size_t n;
} ht_report_calendar;

/* every: years between anniversaries (0: 5). from and to need a year. */
int ht_report_calendar_build(const ht_report_anniv *an, size_t nan, const ht_report_deadline *dl,
                             size_t ndl, ht_report_date from, ht_report_date to, int every,
                             ht_report_calendar *out, ht_error *e);
void ht_report_calendar_free(ht_report_calendar *c);

/* The dates of Vietnam's relations with the countries cc[0..n) (ISO alpha-2) that
 * data/report_anniversaries.tsv holds (diplomatic relations, founding treaties), into
 * out[0..cap); returns how many there are (those beyond cap are not written). The
 * strings are the table's. */
size_t ht_report_national_anniv(const char *const *cc, size_t n, ht_report_anniv *out,
                                size_t cap);

/* "anniversary" or "term_end". */
const char *ht_report_cal_kind_code(ht_report_cal_kind k);

/* The summary of an item: "Kỷ niệm 45 năm ...", "Hết hạn: ..." (lang "vi"), or
 * "45 years: ...", "Term ends: ..." (lang "en"). */
int ht_report_cal_summary(const ht_report_cal_item *it, const char *lang, ht_buf *out);

/* Columns date, kind, years, what, origin, id (dates as written). */
int ht_report_calendar_table(const ht_report_calendar *c, const char *title, ht_report_table *t);

typedef struct {
    const char *title; /* X-WR-CALNAME, may be NULL */
    const char *lang;  /* of summaries: "vi" (NULL) or "en" */
    time_t stamp;      /* DTSTAMP (see ht_report_clock) */
} ht_report_ics_opts;

int ht_report_calendar_ics(const ht_report_calendar *c, const ht_report_ics_opts *o, ht_buf *out);

/* Appends one content line ("NAME;PARAM:value", without line end) folded at 75 octets,
 * then CRLF. */
int ht_report_ics_line(ht_buf *out, const char *line, size_t n);
/* Appends s[0..n) escaped as an iCalendar TEXT value. */
int ht_report_ics_text(ht_buf *out, const char *s, size_t n);

#endif
