/* The registry as people read and change it: every record as JSON (SPEC 1c: its 1b
 * shape plus id, status, origin, created, updated and sources), finding records by id,
 * id prefix or name, lists and the review queue; the changes people make (confirm,
 * reject, edit, add, merge, delete, link), each written to history and marking the
 * record as reviewed so that no later ingest proposes or overwrites it again; and the
 * export and import of the whole registry.
 *
 * Contract: as store.h (0 or a negative HT_E* code with an ht_error naming the record
 * or the place). Functions that change the registry run inside the caller's write
 * transaction (ht_store_begin ... ht_store_commit); a failed one leaves it to the caller
 * to roll back. user (may be NULL) is recorded in history. */
#ifndef HT_STORE_REGISTRY_H
#define HT_STORE_REGISTRY_H

#include "../base/json.h"
#include "store.h"

typedef enum { HT_REC_PARTY = 0, HT_REC_PERSON, HT_REC_AGREEMENT, HT_REC_ACTIVITY } ht_rec_kind;
#define HT_REC_NKINDS 4

/* "party", "person", "agreement", "activity". */
const char *ht_rec_kind_name(ht_rec_kind k);
/* The kind of a record id: per-, agr-, act- prefixes; anything else is a party. */
ht_rec_kind ht_rec_kind_of(const char *id);

/* ---- reading ---- */

enum {
    HT_REC_EVIDENCE = 1, /* sources carry the document's title, origin and the evidence
                            text cut from the original bytes */
    HT_REC_EXPORT = 2,   /* the interchange form: sources carry what was extracted there */
    HT_REC_RELATED = 4   /* parties: succession, predecessors, members, agreements,
                            activities and people; agreements: the activities under them */
};

/* Called before a record's object is closed, to add derived keys (may be NULL). */
typedef void (*ht_rec_extra_fn)(ht_json *j, ht_rec_kind k, const char *id, void *ud);

/* Writes one record as a JSON object. A party that is only in the gazetteer (never
 * mentioned) is written from the gazetteer with status null and "in_registry": false
 * (HT_REC_RELATED). HT_ENOTFOUND names the id. */
int ht_store_rec_json(ht_store *st, ht_rec_kind k, const char *id, int flags,
                      ht_rec_extra_fn extra, void *ud, ht_json *j, ht_error *e);

/* Finds a record by id, by a unique prefix of its id (6 characters or more) or, for
 * parties and people, by a name or alias (folded: "kon tum" finds Kon Tum); a record
 * merged into another resolves to the survivor. A party may also be found in the
 * gazetteer when it is not in the registry. Several matches are HT_EINVAL listing them. */
int ht_store_rec_find(ht_store *st, ht_rec_kind k, const char *q, char id[HT_ID_MAX],
                      ht_error *e);

typedef struct {
    const char *status; /* only this status; NULL: proposed and confirmed ones */
    bool all;           /* every status, rejected and deleted included */
} ht_rec_filter;

/* Record ids of a kind in reading order: parties and people by name, agreements by
 * signing date, activities by date (then id); cb returns non-zero to stop. */
int ht_store_rec_list(ht_store *st, ht_rec_kind k, const ht_rec_filter *f,
                      int (*cb)(ht_rec_kind k, const char *id, void *ud), void *ud,
                      ht_error *e);

/* The review queue: proposed records, agreements first, then activities, people and
 * parties, each in the order of their evidence in the documents. kinds is a bit set
 * (1 << ht_rec_kind), 0 for all; limit 0 for no limit. */
int ht_store_review_queue(ht_store *st, unsigned kinds, size_t limit,
                          int (*cb)(ht_rec_kind k, const char *id, void *ud), void *ud,
                          ht_error *e);
/* How many records are waiting for review. */
int ht_store_review_count(ht_store *st, size_t *n, ht_error *e);

/* The agreements that count for derived statuses (neither rejected nor deleted), with
 * their parties mapped to their last successors (the agreements of a merged province
 * continue under the province it merged into), in id order. */
typedef struct {
    const char *id, *kind;
    const char *signed_on;           /* NULL when unknown */
    long long term_from, term_to;    /* 0 when unknown */
    const char *const *parties;      /* party ids, sorted, without repeats */
    size_t nparties;
} ht_store_agr_dates;

int ht_store_agreement_dates(ht_store *st, int (*cb)(const ht_store_agr_dates *a, void *ud),
                             void *ud, ht_error *e);

/* ---- fields ---- */

/* The type of an editable field, for turning "KEY=VALUE" into JSON. */
typedef enum {
    HT_FIELD_NONE = 0, /* not a field of this kind */
    HT_FIELD_TEXT,     /* string or null */
    HT_FIELD_INT,      /* integer or null */
    HT_FIELD_BOOL,
    HT_FIELD_LIST,     /* array of strings; the codes of a list field may be given
                          comma-separated */
    HT_FIELD_INTS,     /* array of integers, or comma-separated */
    HT_FIELD_TERM,     /* {"from": year, "to": year} or null; "2018-2023" */
    HT_FIELD_OBJECTS   /* array of objects (participants) */
} ht_field_type;

ht_field_type ht_store_field_type(ht_rec_kind k, const char *name, bool *codes);
/* The editable fields of a kind, NULL-terminated (for help texts and forms). */
const char *const *ht_store_fields(ht_rec_kind k);

/* ---- changes ---- */

/* status: "confirmed", "rejected" or "deleted" ("proposed" is not a person's choice).
 * Confirming a deleted record brings it back. */
int ht_store_rec_set_status(ht_store *st, ht_rec_kind k, const char *id, const char *status,
                            const char *user, ht_error *e);

/* Changes fields of a record from a JSON object {"field": value, ...} (see
 * ht_store_fields); a proposed record becomes confirmed. Party references may be ids
 * or names. Unknown fields and bad values are HT_EINVAL naming the field. */
int ht_store_rec_edit(ht_store *st, ht_rec_kind k, const char *id, const char *json,
                      size_t n, const char *user, ht_error *e);

/* Adds a record entered by hand (origin manual, confirmed) from a JSON object of its
 * fields; id receives its id (derived from its content, as extraction would: a party
 * or person already there is HT_ECONFLICT naming it). */
int ht_store_rec_add(ht_store *st, ht_rec_kind k, const char *json, size_t n,
                     const char *user, char id[HT_ID_MAX], ht_error *e);

/* Merges record `from` into `into` (same kind): sources, mentions, names and references
 * move to `into`, which fills its empty values from `from`; `from` stays as a deleted
 * record that points at `into` (later ingests follow it). */
int ht_store_rec_merge(ht_store *st, ht_rec_kind k, const char *into, const char *from,
                       const char *user, ht_error *e);

/* Links an activity to the agreement it carries out, and (ntasks > 0) to those task
 * numbers of it (1-based; added to the ones already linked). */
int ht_store_activity_link(ht_store *st, const char *activity, const char *agreement,
                           const long *tasks, size_t ntasks, const char *user, ht_error *e);

/* Documents: title, published and url (a JSON object); delete keeps the document and
 * its sources but takes it out of lists and the full-text index; merge puts `from`
 * into the near-duplicate cluster of `into` (the same story). */
int ht_store_doc_edit(ht_store *st, const char *id, const char *json, size_t n,
                      const char *user, ht_error *e);
int ht_store_doc_delete(ht_store *st, const char *id, const char *user, ht_error *e);
int ht_store_doc_merge(ht_store *st, const char *into, const char *from, const char *user,
                       ht_error *e);
/* The changes made to a record or document, oldest first, as a JSON array. */
int ht_store_history_json(ht_store *st, const char *record, ht_json *j, ht_error *e);

/* ---- interchange ---- */

/* Writes the whole registry (SPEC 1c): {"hoptac_export": 1, "schema": N, "parties",
 * "people", "documents", "agreements", "activities", "mentions", "history"}, each array
 * sorted by id, one element per line, keys in a fixed order, no time of export. */
int ht_store_export(ht_store *st, int (*write)(const char *p, size_t n, void *ud), void *ud,
                    ht_error *e);

/* Loads an export into an empty registry, inside the caller's transaction. name is
 * used in messages: "FILE: line L column C: ..." for JSON, "FILE: activities[3].parties[1]:
 * no party 'VN-XYZ'" for content. A registry that holds anything is HT_ECONFLICT. */
int ht_store_import(ht_store *st, const char *name, const char *bytes, size_t n, ht_error *e);
/* True when the registry holds no document, record or history. */
int ht_store_is_empty(ht_store *st, bool *empty, ht_error *e);

#endif
