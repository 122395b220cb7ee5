/* Activities as event rows in the CAMEO/PLOVER vocabulary, in the columns of GDELT 2.0
 * event files (SPEC 1c), so the registry can be read next to GDELT. Codes come from
 * data/cameo.tsv (activity kind -> CAMEO event code, root, QuadClass, PLOVER type),
 * data/countries_cameo.tsv (ISO alpha-2 -> CAMEO country code) and
 * data/countries_fips.tsv (ISO alpha-2 -> FIPS 10-4 code).
 *
 * Output: a report table (table.h: --json, --csv, or tab-separated as GDELT's files with
 * a header row), one row per dyad. Columns:
 * GlobalEventID SQLDATE MonthYear Year FractionDate Actor1Code Actor1Name
 * Actor1CountryCode Actor1Type1Code Actor2Code Actor2Name Actor2CountryCode
 * Actor2Type1Code IsRootEvent EventCode
 * EventBaseCode EventRootCode QuadClass NumMentions NumSources NumArticles
 * ActionGeo_FullName ActionGeo_CountryCode DATEADDED SOURCEURL, then hoptac's own:
 * PloverType, DatePrecision (day, month, year), YearInferred (0/1), HoptacID (the
 * activity's id), SourceURLs (the table's sources: all sources of the activity;
 * space-separated in TSV). Integers are integer columns (JSON numbers), FractionDate a
 * decimal; codes with leading zeros (EventCode) stay text; an empty field is null in
 * JSON.
 * - GlobalEventID: a decimal number below 2^53 hashed from the activity id and the
 *   dyad, stable from one export to the next (GDELT readers expect an integer).
 * - Dates: SQLDATE YYYYMMDD of the first day of the date's period (DatePrecision says
 *   how much of it is known); FractionDate YYYY.FFFF with FFFF = ((month-1)*30+day)/365
 *   as GDELT computes it. Activities without a year are left out (counted in *skipped).
 * - Actor codes (CAMEO, chapter 3): the country's CAMEO code, then the actor's region as
 *   CAMEO's second three-character group: the subdivision part of the party's (or its
 *   province's) gazetteer / ISO 3166-2 code, left-padded with '0' to three characters
 *   ("VN-DLK" -> VNMDLK, "LA-XE" -> LAO0XE, "KH-1" -> KHM001; a digit marks the codes
 *   CAMEO itself has no letters for), then the CAMEO role code when given (GOV, EDU,
 *   BUS...): VNMDLKGOV, whose Actor1Type1Code is GOV. An actor without a known country
 *   has an empty code.
 * - Dyads: actors[0] is Actor1 (the visitor of a visit, the host of a reception, the
 *   giver of aid: see data/cameo.tsv); each other actor is Actor2 of one row; an
 *   activity with one actor gives one row with an empty Actor2.
 * - NumArticles: sources; NumSources: distinct hosts of the source URLs (a source that
 *   is not a URL counts as its own); NumMentions: mentions, else NumArticles.
 * - IsRootEvent: 1, or 0 for an activity read from a caption of another story.
 * - TSV: tabs and line breaks inside a field become spaces; invalid UTF-8 becomes U+FFFD
 *   in every format. */
#ifndef HT_REPORT_EVENTS_H
#define HT_REPORT_EVENTS_H

#include "dates.h"
#include "table.h"

typedef struct {
    const char *id;      /* party id: gazetteer code or "local:N" */
    const char *name;    /* Actor1Name */
    const char *country; /* ISO 3166-1 alpha-2; NULL when unknown */
    const char *region;  /* "VN-DLK": the party's own province code, or its province's */
    const char *role;    /* CAMEO role code, or NULL */
} ht_report_actor;

typedef struct {
    const char *id;   /* activity record id */
    ht_report_date date;
    const char *kind; /* SPEC 1a activity kind; an unknown one is coded as "other" */
    const ht_report_actor *actors;
    size_t nactors;
    const char *place;         /* ActionGeo_FullName */
    const char *place_country; /* ISO alpha-2 */
    const char *const *sources;
    size_t nsources;
    int mentions;      /* NumMentions; 0: the number of sources */
    time_t added;      /* DATEADDED (UTC) */
    bool from_caption; /* IsRootEvent 0 */
} ht_report_event;

typedef struct {
    const char *code, *base, *root; /* "042", "042", "04" */
    int quad;                       /* QuadClass */
    const char *plover;             /* PLOVER event type */
    const char *name;               /* CAMEO name of the code */
    const char *actor1;             /* "visitor", "host", "giver", "any" */
} ht_report_event_code;

/* The codes of an activity kind (an unknown kind gets those of "other"). */
void ht_report_event_codes(const char *kind, ht_report_event_code *out);
/* CAMEO and FIPS 10-4 codes of an ISO alpha-2 country; NULL when unknown. */
const char *ht_report_cameo_country(const char *iso2);
const char *ht_report_fips_country(const char *iso2);
/* The CAMEO actor code of a (see above) into out; returns its length (0: unknown). */
size_t ht_report_actor_code(const ht_report_actor *a, char out[32]);

/* The rows of ev[0..n) (t is initialised here; free it with ht_report_table_free). */
int ht_report_events_table(const ht_report_event *ev, size_t n, ht_report_table *t,
                           size_t *skipped);
/* Appends the header and the rows of ev[0..n) as TSV. */
int ht_report_events_tsv(const ht_report_event *ev, size_t n, ht_buf *out, size_t *skipped);

#endif
