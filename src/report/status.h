/* Status of agreements at a date (SPEC 1c): in_force, expiring, expired, renewed,
 * superseded, unknown, derived from their terms, kinds and the later agreements of the
 * same parties. A pure function over small structs, so the store can feed it.
 *
 * Rules, for agreement A at the date as_of:
 * - start: the first day of the term's "from", else the signing date; end: the last
 *   day of the term's "to" (31 December of a year given alone), else unknown.
 * - An agreement is known at as_of once signed (or, undated, once started); one signed
 *   later is marked not_yet and has the status unknown.
 * - A later agreement B (signed after A, or started after A when a signing date is
 *   missing) of the same set of parties and of a kind of the same or greater breadth
 *   (vocab.h) and known at as_of follows A when B starts no later than the day after
 *   A ends: B renews A when it starts in A's last twelve months or on the day after its
 *   end ("2018-2023" renewed by "2023-2028" or "2024-2028"); B supersedes A when it
 *   starts earlier, or when A has no end, from B's start on. Of several, the one
 *   starting first counts, then the one signed first, then the smaller id.
 * - Otherwise: unknown without an end; expired after the end; expiring when the end
 *   falls within expiring_months of as_of (0: never); else in_force.
 * Parties are record ids, already mapped to their successors by the caller when the
 * history of merged provinces should count; their order does not matter. */
#ifndef HT_REPORT_STATUS_H
#define HT_REPORT_STATUS_H

#include "dates.h"

#include <stdint.h>

typedef enum {
    HT_REPORT_UNKNOWN = 0,
    HT_REPORT_IN_FORCE,
    HT_REPORT_EXPIRING,
    HT_REPORT_EXPIRED,
    HT_REPORT_RENEWED,
    HT_REPORT_SUPERSEDED
} ht_report_status;

typedef struct {
    const char *id;
    const char *const *parties; /* a set of party ids */
    size_t nparties;
    const char *kind;                  /* SPEC 1a agreement kind */
    ht_report_date signed_on;          /* prec NONE when unknown */
    ht_report_date term_from, term_to; /* years, or a month or day when given */
} ht_report_agr;

#define HT_REPORT_NONE SIZE_MAX

typedef struct {
    ht_report_status status;
    size_t by;                 /* index of the renewing or superseding one, or NONE */
    ht_report_date start, end; /* days; prec NONE when unknown */
    long days_left;            /* end - as_of in days (negative once expired); 0 without end */
    bool not_yet;              /* signed after as_of */
} ht_report_agr_state;

/* Fills out[0..n) for a[0..n). as_of needs a year (a month or a year stands for its
 * first day). */
int ht_report_agr_status(const ht_report_agr *a, size_t n, ht_report_date as_of,
                         int expiring_months, ht_report_agr_state *out, ht_error *e);

/* The derived start and end of one agreement (prec NONE when unknown). */
ht_report_date ht_report_agr_start(const ht_report_agr *a);
ht_report_date ht_report_agr_end(const ht_report_agr *a);

/* "in_force", "expiring", ... (SPEC 1c). */
const char *ht_report_status_code(ht_report_status s);

#endif
