/* Dates and periods as Vietnamese news writes them: "21/06/2018", "Ngày 21/06",
 * "Chiều 16/5", "Ngày hôm qua (6/7)", "ngày 5 tháng 6 năm 2018", "tháng 6/2018",
 * "năm 2022", "6/1967", "giai đoạn 2018 - 2023", "(18/7/1977 - 18/7/2022)",
 * "(6/1967-6/2017)".
 * Contract: a day and month without a year ("3/11") is only a date after a day word
 * (ngày, sáng, chiều…), so fractions ("6/7 công trình") are not; impossible dates
 * (31/02, 99/99/9999) and backward periods ("2023 - 2018") are dropped. The year of a
 * date written without one stays 0 here: the caller infers it (see extract.h). */
#ifndef HT_EXTRACT_DATES_H
#define HT_EXTRACT_DATES_H

#include "lex.h"

enum { HT_DATE_NONE = 0, HT_DATE_YEAR, HT_DATE_MONTH, HT_DATE_DAY };

typedef struct {
    int16_t year;          /* 0 when unknown */
    uint8_t month, day;    /* 0 when unknown or beyond the precision */
    uint8_t prec;          /* HT_DATE_* */
    bool inferred;         /* the year was not written with the date */
} ht_date;

/* True for an existing calendar date; year 0 means "any year" (29 February passes). */
bool ht_date_valid(int year, int month, int day);
/* YYYY-MM-DD, YYYY-MM, YYYY, or --MM-DD when the year is unknown; returns the length,
 * 0 (and "") for no date. out has room for 11 bytes. */
size_t ht_date_format(const ht_date *d, char out[11]);

typedef enum { HT_XD_DATE = 1, HT_XD_PERIOD = 2 } ht_xdate_kind;

typedef struct {
    ht_xdate_kind kind;
    ht_date a, b;    /* the date; or the first and the last of a period */
    bool term;       /* a period introduced by a term word: "giai đoạn", "nhiệm kỳ" */
    bool open;       /* "từ năm 2007", "… đến nay": a starting point, not an event */
    bool cued;       /* written after a day, month or year word */
    bool with_time;  /* followed by a clock time, as in lists of headlines */
    size_t t0, t1;   /* tokens [t0, t1) */
} ht_xdate;

/* Scans tokens [from, to) for dates and periods, in text order. Writes at most cap
 * and returns how many it wrote. */
size_t ht_xdates_scan(const ht_xtext *x, size_t from, size_t to, ht_xdate *out, size_t cap);

/* Tokenises s[0..n) (valid UTF-8) as one block and scans it. */
size_t ht_xdates_parse(const char *s, size_t n, ht_xdate *out, size_t cap);

#endif
