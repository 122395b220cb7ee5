/* The app layer: one function per user action, shared by the command line and the
 * HTTP API. Each ties page, extract and store together and returns its result as data
 * or as printable text; it never prints on its own except the optional progress line.
 * Contract: 0 or a negative HT_E* code with an ht_error. */
#ifndef HT_APP_H
#define HT_APP_H

#include "../base/base.h"
#include "../store/store.h"

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
} ht_ingest_opts;

typedef struct {
    size_t documents; /* read, good or bad */
    size_t added, unchanged, failed;
    ht_store_counts records; /* new records and mentions */
    long writes;             /* statements that wrote to the database */
    double seconds;
} ht_ingest_stats;

/* Ingests files, directories (recursively, in name order, hidden files skipped) and
 * "-" (standard input): one transaction per document; a document already stored is
 * skipped; a bad one is reported through on_failure and the batch goes on. Returns 0,
 * or an error that stopped the batch (the database is locked, full, read-only...). */
int ht_app_ingest(ht_store *st, char *const *paths, size_t npaths, const ht_ingest_opts *o,
                  ht_ingest_stats *stats, ht_error *e);

/* ---- documents ---- */

/* The list of documents as a table (json false) or a JSON array, appended to out. */
int ht_app_document_list(ht_store *st, bool json, ht_buf *out, ht_error *e);
/* One document with its blocks and mentions, as text or a JSON object. */
int ht_app_document_show(ht_store *st, const char *id, bool json, ht_buf *out, ht_error *e);

#endif
