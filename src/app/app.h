/* The app layer: one function per user action, shared by the command line and the
 * HTTP API. Each ties page, extract and store together and returns its result as data
 * or as printable text; it never prints on its own except the optional progress line.
 * Contract: 0 or a negative HT_E* code with an ht_error. */
#ifndef HT_APP_H
#define HT_APP_H

#include "../base/base.h"
#include "../store/registry.h"
#include "../store/store.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

/* ---- init ---- */

/* Creates the registry at path, or brings its schema up to date. *created tells
 * whether the file was new; *from the schema found (0 for a new file, -1 for an
 * older schema that was upgraded). */
int ht_app_init(const char *path, bool *created, int *from, ht_error *e);

/* ---- ingest ---- */

typedef struct {
    double auto_confirm; /* records with confidence >= this are confirmed; > 1: never */
    FILE *progress;      /* a progress line is redrawn here (a terminal), or NULL */
    /* Called for each document that could not be stored, with "FILE: place: reason". */
    void (*on_failure)(const char *source, const char *msg, void *ud);
    void *ud;
    /* Non-zero (a signal handler sets it) ends the run after the document being
     * written: what was written is committed and stats->interrupted set. The reader,
     * when waiting on standard input then, is woken by wake_signal (0: none), sent to
     * its thread: the handler must be installed without SA_RESTART and may tell these
     * wake-ups by their si_code SI_TKILL. */
    const volatile sig_atomic_t *stop;
    int wake_signal;
} ht_ingest_opts;

typedef struct {
    size_t documents; /* read, good or bad */
    size_t added, unchanged, failed;
    ht_store_counts records; /* new records and mentions */
    long writes;             /* statements that wrote to the database */
    double seconds;
    bool interrupted; /* ended by opts.stop before the input did */
} ht_ingest_stats;

/* Ingests files, directories (recursively, in name order, hidden files skipped) and
 * "-" (standard input): one transaction per document; a document already stored is
 * skipped; a bad one is reported through on_failure and the batch goes on. Returns 0,
 * or an error that stopped the batch (the database is locked, full, read-only...).
 * Documents are read and extracted on a thread of their own, ahead of the writes, and
 * two more connections to the file are opened; on_failure and the progress line are
 * called on the calling thread only, in reading order. */
int ht_app_ingest(ht_store *st, char *const *paths, size_t npaths, const ht_ingest_opts *o,
                  ht_ingest_stats *stats, ht_error *e);

/* ---- documents ---- */

/* The list of documents as a table (json false) or a JSON array, appended to out;
 * deleted ones only when all. */
int ht_app_document_list(ht_store *st, bool all, bool json, ht_buf *out, ht_error *e);
/* One document with its blocks, mentions and history, as text or a JSON object. */
int ht_app_document_show(ht_store *st, const char *id, bool json, ht_buf *out, ht_error *e);
/* Changes title, published or url (a JSON object); each in its own transaction. */
int ht_app_document_edit(ht_store *st, const char *id, const char *json, size_t n,
                         const char *user, ht_error *e);
int ht_app_document_delete(ht_store *st, const char *id, const char *user, ht_error *e);
/* Puts document `from` in the near-duplicate cluster of `into` (the same story). */
int ht_app_document_merge(ht_store *st, const char *into, const char *from, const char *user,
                          ht_error *e);

/* ---- records: parties, people, agreements, activities ---- */

/* The records of a kind as a table or a JSON array of records. */
int ht_app_record_list(ht_store *st, ht_rec_kind k, const ht_rec_filter *f, bool json,
                       ht_buf *out, ht_error *e);
/* One record, found by id, id prefix or (parties, people) name, with its sources (the
 * evidence cut from the original text), related records and history; as text or JSON. */
int ht_app_record_show(ht_store *st, ht_rec_kind k, const char *q, bool json, ht_buf *out,
                       ht_error *e);
/* Adds a record entered by hand from a JSON object of its fields; id receives its id. */
int ht_app_record_add(ht_store *st, ht_rec_kind k, const char *json, size_t n,
                      const char *user, char id[HT_ID_MAX], ht_error *e);
/* Changes fields of a record (a JSON object of fields, see ht_app_assignments). */
int ht_app_record_edit(ht_store *st, ht_rec_kind k, const char *q, const char *json,
                       size_t n, const char *user, ht_error *e);
/* Merges `from` into `into`; `from` stays as a deleted record pointing at `into`. */
int ht_app_record_merge(ht_store *st, ht_rec_kind k, const char *into, const char *from,
                        const char *user, ht_error *e);
/* Deletes a record: it stays, with status deleted, in history and in exports. */
int ht_app_record_delete(ht_store *st, ht_rec_kind k, const char *q, const char *user,
                         ht_error *e);
/* Links an activity to the agreement it carries out and, optionally, task numbers. */
int ht_app_activity_link(ht_store *st, const char *activity, const char *agreement,
                         const long *tasks, size_t ntasks, const char *user, ht_error *e);

/* Turns arguments KEY=VALUE (set; empty: null), KEY+=VALUE and KEY-=VALUE (add to or
 * remove from a list) into the JSON object of changes that edit and add take. Lists
 * take a JSON array, or codes separated by commas; a term takes "2018-2023". id (NULL
 * when adding) gives the current values that += and -= start from. */
int ht_app_assignments(ht_store *st, ht_rec_kind k, const char *id, char *const *args,
                       size_t n, ht_buf *json, ht_error *e);

/* ---- review ---- */

/* The proposed records waiting for a person, as a table or a JSON array of records
 * (with their evidence). kinds: bits 1 << ht_rec_kind, 0 for all; limit 0: all. */
int ht_app_review_list(ht_store *st, unsigned kinds, size_t limit, bool json, ht_buf *out,
                       ht_error *e);
/* The ids of the queue, in order (malloc'd array of HT_ID_MAX strings). */
int ht_app_review_ids(ht_store *st, unsigned kinds, char (**ids)[HT_ID_MAX], size_t *n,
                      ht_error *e);
/* Confirms or rejects (action "confirm" or "reject") records by id, all in one
 * transaction: an unknown id changes nothing. */
int ht_app_review(ht_store *st, const char *action, char *const *ids, size_t n,
                  const char *user, ht_error *e);

/* ---- export and import ---- */

/* Writes the whole registry as JSON (SPEC 1c) to out. */
int ht_app_export(ht_store *st, FILE *out, ht_error *e);
/* Loads an export file ("-": standard input) into the empty registry st, in one
 * transaction: on any error nothing is left. */
int ht_app_import(ht_store *st, const char *path, ht_error *e);

#endif
