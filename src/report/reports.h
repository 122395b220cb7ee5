/* The reports of SPEC 4 as tables (table.h), from records the caller has read: the
 * timeline of a party or a pair, the agreements and their status at a date, and the
 * implementation of one agreement task by task. Pure functions: the store feeds them.
 * Dates are shown as written ("2018-06", "2022 (inferred)"); codes (kinds, statuses)
 * stay codes, for JSON and CSV; vocab.h has their labels. */
#ifndef HT_REPORT_REPORTS_H
#define HT_REPORT_REPORTS_H

#include "status.h"
#include "table.h"

/* ---- timeline ---- */

typedef struct {
    ht_report_date date;
    const char *type;    /* "activity" or "agreement" */
    const char *kind;    /* its kind code */
    const char *title;   /* summary or title */
    const char *parties; /* for display: "Đắk Lắk – Sê Kông" */
    const char *place;
    const char *via;     /* the predecessor it came through ("Kon Tum"), or NULL */
    const char *id;
    const char *const *sources; /* URLs or document origins */
    size_t nsources;
} ht_report_tl_item;

/* Columns date, type, kind, title, parties, place, via, id, with sources; rows in date
 * order (dates.h), then type, then id. */
int ht_report_timeline(const ht_report_tl_item *v, size_t n, const char *title,
                       ht_report_table *t);

/* ---- agreements ---- */

typedef struct {
    ht_report_agr agr;
    const char *title;
    const char *parties; /* for display */
    const char *const *sources;
    size_t nsources;
} ht_report_agr_item;

/* Bit (1u << status) of each status to list; HT_REPORT_ALL lists every agreement. */
#define HT_REPORT_ALL 0x3Fu

/* Derives the status of every agreement at as_of (status.h) and lists those whose
 * status is in mask, known at as_of (not_yet ones are left out), by end of term (unknown
 * last), then signing date, then id. Columns id, kind, title, parties, signed, term,
 * end, status, by (id of the renewing or superseding agreement), days_left. */
int ht_report_agreements(const ht_report_agr_item *v, size_t n, ht_report_date as_of,
                         int expiring_months, unsigned mask, const char *title,
                         ht_report_table *t, ht_error *e);

/* "2018–2023", "2018–", "–2023", "" for a term (its dates as written, en dash). */
size_t ht_report_term_text(ht_report_date from, ht_report_date to, char out[80]);

/* ---- implementation ---- */

typedef struct {
    int task;            /* 1-based task number; 0 for the agreement as a whole */
    const char *id;      /* activity id */
    ht_report_date date;
    const char *kind, *title;
    const char *how;     /* "extracted", "similarity" or "manual" */
    const char *const *sources;
    size_t nsources;
} ht_report_impl_link;

typedef struct {
    int declared;      /* tasks the agreement declares (0 when it does not say) */
    int listed;        /* tasks whose text is known */
    int with_activity; /* tasks with at least one activity */
} ht_report_impl_counts;

/* One row per task and activity that carries it out, in task order (activities by
 * date), or one row for a task with none; tasks run to the larger of the declared and
 * listed counts. Columns task, text, state ("carried_out", "none", "not_listed": a
 * declared task the sources never spell out, when no activity is linked to it), date,
 * kind, activity, how, activity_id, with the activity's sources. Activities linked to
 * the agreement as a whole (task 0) come last with an empty task. counts may be NULL. */
int ht_report_implementation(const char *title, int declared, const char *const *tasks,
                             size_t ntasks, const ht_report_impl_link *links, size_t nlinks,
                             ht_report_table *t, ht_report_impl_counts *counts);

#endif
