/* The extract layer: from a document's article blocks, the parties, people, dates,
 * agreements, activities and anniversaries it reports, each with its evidence span in
 * the original bytes. It knows nothing of SQLite.
 *
 * Contract.
 * - Only blocks for which ht_block_feeds_extraction() holds are read. Each block of
 *   class HT_BLK_CAPTION_OTHER is a story of its own: its records carry other_story,
 *   a lower confidence, and take nothing (no year, no party) from the article.
 * - Parties: gazetteer entries keep their code (VN-DLK, LA-XE); the others are
 *   "local:N", numbered in order of first mention. An organisation ("Hội hữu nghị
 *   Việt Nam – Lào tỉnh Đắk Lắk", "UBND tỉnh Kon Tum") is a party of kind
 *   organisation whose parent is the place it is named after.
 * - The parties of an agreement or an activity are its acting parties in order of
 *   mention; an organisation is followed by the locality it belongs to (so "Hội hữu
 *   nghị … tỉnh Đắk Lắk" brings "Đắk Lắk"), and a country is left out when one of its
 *   provinces or organisations is there (Sê Kông makes Lào implied).
 * - People: the same person under two spellings in one document is one record, the
 *   other spelling an alias (people.c states the similarity used). A person's party is
 *   the body of the first title naming one; a people's committee or party committee
 *   stands for its province.
 * - Agreements: those reported as signed (a signing or twinning in their sentence),
 *   and those in force named with their term ("thực hiện Bản ghi nhớ giai đoạn 2021 –
 *   2025": referenced, no signing date); never one only counted ("25 thỏa thuận") or
 *   remembered ("kỷ niệm … năm ký Hiệp ước"). Two parties at least.
 * - Activities: one per event of a story (the main one, and each other sentence that
 *   reports something under a day of its own, "Trước đó, sáng 11/12, …"); a signing
 *   during a visit or talks is an activity of its own, linked to its agreement.
 * - Dates written without a year take it, in this order, from a full date in the same
 *   sentence, a term of what is signed in the same sentence ("giai đoạn 2018 - 2023":
 *   its first year), a year said in the same sentence ("… năm 2017") that the clause
 *   does not look forward to, the year an anniversary of the story is celebrated
 *   ("(6/1967-6/2017)"), the year of the numbered edition or the named year of the
 *   story's event ("lần thứ II năm 2017", "Năm đoàn kết hữu nghị Việt Nam - Lào 2017",
 *   anywhere in the story, one year only, not one to come),
 *   the document's published date (never for another story), a
 *   full date in the same block, the nearest full date of the story within two months
 *   in a sentence that reports an activity, the term of what the story signs; otherwise the year stays unknown (--MM-DD). Such
 *   years are marked inferred. An activity written with no date at all gets the year
 *   of the document (published, else the latest full date of its story), inferred.
 * - Spans are byte offsets in doc->orig. The records do not point into the document:
 *   it may be freed before the extraction.
 * - Work is bounded: a document is read up to HT_X_MAX_TOKENS tokens (a long article
 *   has a few thousand) and HT_X_MAX_STORIES captions of other stories. */
#ifndef HT_EXTRACT_H
#define HT_EXTRACT_H

#include "../base/json.h"
#include "../page/page.h"
#include "dates.h"

#define HT_X_MAX_TOKENS 200000
#define HT_X_MAX_STORIES 64

typedef struct {
    size_t start, end; /* bytes in doc->orig */
} ht_span;

typedef struct {
    const char *id;      /* gazetteer code or "local:N" */
    const char *name;    /* canonical Vietnamese name */
    const char *kind;    /* country, province, district, commune, organisation */
    const char *country; /* ISO 3166-1 alpha-2, NULL when unknown */
    const char *parent;  /* a party id, NULL when none */
    const char **aliases;
    size_t naliases;
    ht_span *mentions;
    size_t nmentions;
    double confidence;   /* 1 for gazetteer entries, lower for recognised names */
} ht_xparty;

typedef struct {
    const char *name;
    const char **aliases;
    size_t naliases;
    const char **titles; /* as written; a title written short is followed by its full form */
    size_t ntitles;
    int party;           /* index in parties, -1 when unknown */
    ht_span *mentions;
    size_t nmentions;
    bool other_story;    /* only seen in captions of other stories */
} ht_xperson;

typedef struct {
    int person;          /* index in people */
    const char *role;    /* the title held in this story, NULL when none */
} ht_xparticipant;

typedef struct {
    const char *kind;    /* SPEC 1a agreement kind */
    const char *title;   /* NULL when none */
    int *parties;        /* indices in parties */
    size_t nparties;
    int *signatories;    /* indices in people */
    size_t nsignatories;
    ht_date signed_on;   /* prec HT_DATE_NONE when unknown; inferred = signed_inferred */
    const char *place;
    int term_from, term_to; /* 0 when no term */
    const char **fields;
    size_t nfields;
    int tasks_declared;  /* -1 when not said */
    const char **tasks;
    size_t ntasks;
    double confidence;
    ht_span evidence;
    bool other_story;
    bool referenced;     /* told of with its term, not signed in this document */
} ht_xagreement;

typedef struct {
    const char *kind;
    const char **kinds;
    size_t nkinds;
    ht_date date;
    const char *place;
    int *parties;
    size_t nparties;
    ht_xparticipant *participants;
    size_t nparticipants;
    const char **commitments;
    size_t ncommitments;
    const char **fields;
    size_t nfields;
    int agreement;       /* index in agreements, -1 when none */
    double confidence;
    ht_span evidence;
    bool other_story;
} ht_xactivity;

typedef struct {
    const char *what;
    ht_date date;
    int years;           /* 0 when not said */
    ht_span evidence;
} ht_xanniversary;

typedef struct {
    ht_xparty *parties;
    size_t nparties;
    ht_xperson *people;
    size_t npeople;
    ht_xagreement *agreements;
    size_t nagreements;
    ht_xactivity *activities;
    size_t nactivities;
    ht_xanniversary *anniversaries;
    size_t nanniversaries;
    ht_arena arena;      /* everything above */
} ht_extraction;

/* Fills out (which the caller frees with ht_extraction_free, also after an error). */
int ht_extract(const ht_doc *doc, ht_extraction *out, ht_error *e);
void ht_extraction_free(ht_extraction *x);

/* Writes the record arrays of SPEC 1b into the open JSON object j, in this order:
 * "parties", "people", "agreements", "activities", "anniversaries". An agreement also
 * carries "signatories" (names of people), after "parties". */
int ht_extract_json(const ht_doc *doc, ht_json *j, ht_error *e);
/* The same from an extraction already made. */
void ht_extraction_json(const ht_extraction *x, ht_json *j);

#endif
