/* The reports of SPEC 4 read from the registry: the timeline of a party or a pair, the
 * agreements and their status at a date, the implementation of one agreement task by
 * task, anniversaries and deadlines (also as iCalendar), and the activities as
 * GDELT-style event rows. Each user action is one function that reads the store (never
 * writes) and fills a report table (report/table.h) or prints it into an ht_buf.
 *
 * Records: agreements and activities that are proposed or confirmed (rejected and
 * deleted ones never show). A party stands for its own records, those of the parties
 * whose successor chain leads to it (the gazetteer's succession, e.g. Kon Tum into
 * Quảng Ngãi on 1 July 2025, and the registry's own) and those of the organisations and
 * districts whose parent is one of them (the friendship association of a province); such
 * rows say through which party they came ("via").
 *
 * Arguments naming a party take an id (VN-DLK, org-...), a unique id prefix, or a name or
 * alias, folded ("dak lak", "Sekong"), from the registry and the gazetteer; an agreement
 * is an id, a unique id prefix, words of its title, or a party with one agreement. An
 * unknown name is HT_ENOTFOUND, an ambiguous one HT_EINVAL listing the candidates.
 * Contract: 0 or a negative HT_E* code with an ht_error. */
#ifndef HT_APP_REPORT_H
#define HT_APP_REPORT_H

#include "../base/base.h"
#include "../report/reports.h"
#include "../store/store.h"

#include <stdbool.h>

/* ---- names ---- */

/* The party q names (see above), its id into id. */
int ht_app_find_party(ht_store *st, const char *q, char id[HT_ID_MAX], ht_error *e);
/* The agreement q names. */
int ht_app_find_agreement(ht_store *st, const char *q, char id[HT_ID_MAX], ht_error *e);

/* ---- timeline ---- */

/* The activities and agreements of party (and of party2 with it, when not NULL), in
 * date order, with their sources; dates as written ("2018-06", "2022 (inferred)"). */
int ht_app_timeline_table(ht_store *st, const char *party, const char *party2,
                          ht_report_table *t, ht_error *e);
int ht_app_timeline(ht_store *st, const char *party, const char *party2, ht_report_format f,
                    ht_buf *out, ht_error *e);

/* ---- agreements ---- */

/* Status as report/status.h derives it; "the same parties" are the same localities: each
 * party stands for its province or country (an organisation or district for the unit it
 * belongs to, a merged province for its successor), so that a renewal signed by the
 * province itself follows the agreement of its friendship association. */

typedef struct {
    const char *as_of;   /* YYYY-MM-DD, YYYY-MM or YYYY; NULL: today (report/dates.h clock) */
    int expiring_months; /* "expiring" when the term ends within this many months; 0: 6 */
    unsigned statuses;   /* bits (1u << ht_report_status) to list; 0: every status */
    const char *party;   /* only the agreements of this party (as in the timeline); NULL: all */
} ht_app_agreements_opts;

int ht_app_report_agreements_table(ht_store *st, const ht_app_agreements_opts *o,
                                   ht_report_table *t, ht_error *e);
int ht_app_report_agreements(ht_store *st, const ht_app_agreements_opts *o, ht_report_format f,
                             ht_buf *out, ht_error *e);
/* Parses a comma-separated list of status codes ("expired,expiring") into bits. */
int ht_app_report_statuses(const char *list, unsigned *bits, ht_error *e);

/* ---- implementation ---- */

/* Each task of the agreement with the activities that carry it out: links made by hand
 * (the activity's task numbers), the extractor's links to the agreement (placed on the
 * task they resemble most, else on the agreement as a whole), then activities of the same
 * parties within the term that resemble a task (report/match.h); tasks with none, and
 * declared tasks the sources never list. counts may be NULL. */
int ht_app_report_implementation_table(ht_store *st, const char *agreement, ht_report_table *t,
                                       ht_report_impl_counts *counts, ht_error *e);
/* The terminal table and Markdown end with a line of counts ("9 tasks declared, ..."). */
int ht_app_report_implementation(ht_store *st, const char *agreement, ht_report_format f,
                                 ht_buf *out, ht_error *e);

/* ---- anniversaries and deadlines ---- */

typedef struct {
    const char *from, *to; /* dates (any precision); NULL: today and 12 months later */
    int every;             /* years between anniversaries; 0: 5 */
    bool ics;              /* iCalendar (RFC 5545) instead of f */
    const char *lang;      /* of iCalendar summaries: "vi" (NULL) or "en" */
} ht_app_anniv_opts;

/* Round anniversaries of the signing of agreements (of twinnings, treaties, MoUs...) and
 * the ends of their terms falling in [from, to]. */
int ht_app_report_anniversaries(ht_store *st, const ht_app_anniv_opts *o, ht_report_format f,
                                ht_buf *out, ht_error *e);

/* ---- events ---- */

/* Every dated activity as GDELT 2.0-style event rows (report/events.h), in date order, in
 * format f (HT_REPORT_TSV as GDELT's files; JSON, CSV...); *rows and *skipped (may be
 * NULL) count the rows written and the activities left out for want of a year. */
int ht_app_events(ht_store *st, ht_report_format f, ht_buf *out, size_t *rows, size_t *skipped,
                  ht_error *e);
/* The same as TSV. */
int ht_app_export_events(ht_store *st, ht_buf *out, ht_error *e);
int ht_app_export_events_n(ht_store *st, ht_buf *out, size_t *rows, size_t *skipped,
                           ht_error *e);

#endif
