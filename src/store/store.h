/* The store layer: the registry in one SQLite file (WAL, foreign keys, busy timeout,
 * schema versioned by PRAGMA user_version), documents with their blocks and mentions,
 * records (parties, people, agreements, activities) with their sources, resolution
 * across documents, and the FTS5 index (see fts.h and the schema in schema.c).
 *
 * Contract: functions return 0 or a negative HT_E* code and fill an ht_error; SQLite's
 * BUSY, FULL, READONLY and CORRUPT become HT_EBUSY, HT_EFULL, HT_EREADONLY and
 * HT_ECORRUPT with a message naming the database. Ids are derived from content, and
 * the clock honours SOURCE_DATE_EPOCH, so the same input gives the same registry. */
#ifndef HT_STORE_H
#define HT_STORE_H

#include "../base/base.h"
#include "../page/page.h"

#include <stdbool.h>
#include <sqlite3.h>

#define HT_STORE_SCHEMA 6   /* PRAGMA user_version of a current database */
#define HT_ID_MAX 64        /* room for any record id, NUL included */

typedef struct ht_store ht_store;

enum {
    HT_STORE_CREATE = 1,   /* create the file and the schema when missing */
    HT_STORE_READONLY = 2  /* open for reading only */
};

/* The database path: opt (--db) when not NULL, else $HOPTAC_DB, else "./hoptac.db". */
const char *ht_store_path(const char *opt);

/* Settings of the SQLite library for the whole process, before anything else uses it:
 * no memory statistics (a global mutex taken on every allocation). A program calls it
 * once, first; without it everything works the same, a little slower. */
void ht_store_library_setup(void);

/* Opens (and with HT_STORE_CREATE creates or migrates) the database at path. */
int ht_store_open(const char *path, int flags, ht_store **out, ht_error *e);
void ht_store_close(ht_store *st);
sqlite3 *ht_store_db(ht_store *st);
const char *ht_store_file(const ht_store *st);
/* Schema version found in the file (after migration: HT_STORE_SCHEMA). */
int ht_store_schema(const ht_store *st);
void ht_store_set_busy_timeout(ht_store *st, int ms);

/* Maps an SQLite result code to an HT_E* code and a message; what says what was being
 * done ("writing document X"). */
int ht_store_error(ht_store *st, int rc, const char *what, ht_error *e);

/* Write transactions: BEGIN IMMEDIATE ... COMMIT, or ROLLBACK. */
int ht_store_begin(ht_store *st, ht_error *e);
int ht_store_commit(ht_store *st, ht_error *e);
void ht_store_rollback(ht_store *st);
/* A nested transaction inside the open one (SAVEPOINT): released into it, or rolled
 * back alone, leaving the outer transaction open with what it held before. */
int ht_store_savepoint(ht_store *st, ht_error *e);
int ht_store_release(ht_store *st, ht_error *e);
void ht_store_rollback_savepoint(ht_store *st);

/* Makes the process end abruptly (_exit, no clean-up, as a power cut would) right after
 * the n-th statement that writes (COMMIT included); 0 turns it off. Used for crash tests
 * through HOPTAC_CRASH_AFTER (see ht_store_crash_from_env). */
void ht_store_crash_after(ht_store *st, long n);
/* Reads HOPTAC_CRASH_AFTER; a value that is not a positive integer is an error. */
int ht_store_crash_from_env(ht_store *st, ht_error *e);
/* Statements that wrote so far on this connection. */
long ht_store_writes(const ht_store *st);

/* The time stamp of records: SOURCE_DATE_EPOCH when set, else now; ISO 8601 UTC
 * "YYYY-MM-DDTHH:MM:SSZ". */
void ht_store_now(char out[32]);

/* 128-bit BLAKE2b of data, as 32 hex digits (+NUL). */
void ht_store_hash_hex(const void *p, size_t n, char out[33]);

/* ---- documents ---- */

/* The content hash of a document (original bytes, title, date, url). */
void ht_store_doc_hash(const ht_doc *d, char out[33]);
/* Finds a document by content hash: *found, its id in id (HT_ID_MAX), and *update when
 * source (may be NULL) sorts before the stored source path (ht_store_doc_put would then
 * record it, so that the kept path does not depend on the order of ingestion). */
int ht_store_doc_find(ht_store *st, const char *hash, const char *source, char *id,
                      bool *found, bool *update, ht_error *e);

/* Stores a document, its blocks, its FTS row and its near-duplicate cluster inside the
 * caller's transaction; *added is false (and nothing is written, except a smaller
 * source path) when a document with the same content is already there. */
int ht_store_doc_put(ht_store *st, const ht_doc *d, char *id, bool *added, ht_error *e);

/* What ht_store_doc_put computes from the document alone, without the database: its
 * content hash, its near-duplicate signature and whether its text is the original
 * normalised. ht_store_doc_prepare may run on another thread than the store's (ingest
 * prepares the next documents while the current one is written); the result is then
 * given to ht_store_doc_put_prepared with the same document. Returns 0 or HT_ENOMEM. */
typedef struct {
    char hash[33];
    bool have_sig;    /* the text is long enough to be compared */
    uint32_t sig[32]; /* MinHash signature (ST_NHASH values) */
    bool text_differs; /* doc->text is not orig normalised: it is stored */
} ht_store_doc_prep;
int ht_store_doc_prepare(const ht_doc *d, ht_store_doc_prep *p, ht_error *e);
int ht_store_doc_put_prepared(ht_store *st, const ht_doc *d, const ht_store_doc_prep *p, char *id,
                              bool *added, ht_error *e);

/* With on, the full-text rows of documents and records stored on this connection wait
 * in a queue (in the database, so that an interrupted run leaves nothing lost) and
 * are indexed in batches by ht_store_fts_flush, so that each document's transaction
 * stays small; until then a new document is in the registry but not found by search.
 * Off (the default): they are indexed at once. Ingest turns it on; on, the connection
 * also keeps a larger page cache and a longer write-ahead log (bulk writing). */
void ht_store_fts_batch(ht_store *st, bool on);
/* Copies what the write-ahead log holds into the database file without waiting for
 * anyone (a passive checkpoint). *complete (may be NULL) tells whether all of it was
 * copied, so that the next write starts the log again from its beginning. Another
 * connection to the same file may do it while this one writes. */
int ht_store_checkpoint(ht_store *st, bool *complete, ht_error *e);
/* Indexes what waits for the full-text index, inside the caller's transaction; *n
 * (may be NULL) is the number of documents indexed. */
int ht_store_fts_flush(ht_store *st, size_t *n, ht_error *e);
/* Whether anything waits for the full-text index. */
int ht_store_fts_pending(ht_store *st, bool *pending, ht_error *e);

/* ---- records ---- */

typedef struct {
    size_t parties, people, agreements, activities, mentions;
} ht_store_counts;

/* Stores the records of one document from its SPEC 1b JSON (an object holding the
 * arrays "parties", "people", "agreements", "activities"), resolving them against the
 * registry, inside the caller's transaction. Records with confidence >= auto_confirm
 * are stored as confirmed (auto_confirm > 1: never). counts (may be NULL) is added to. */
int ht_store_put_extracted(ht_store *st, const char *doc_id, const char *json, size_t n,
                           double auto_confirm, ht_store_counts *counts, ht_error *e);
/* The same from the JSON already parsed (jansson's json_t, which stays the caller's):
 * the parsing can then happen on another thread. */
struct json_t;
int ht_store_put_extracted_parsed(ht_store *st, const char *doc_id, struct json_t *root,
                                  double auto_confirm, ht_store_counts *counts, ht_error *e);

/* ---- reading documents ---- */

typedef struct {
    const char *cls;
    size_t start, end;           /* in the normalised text */
    size_t orig_start, orig_end; /* in the original bytes */
} ht_store_block;

typedef struct {
    const char *id, *kind, *record;
    size_t start, end; /* in the original bytes */
    double confidence; /* < 0 when none */
} ht_store_mention;

typedef struct {
    const char *id, *hash, *source, *format, *title, *published, *url, *cluster;
    const char *created, *updated;
    const char *orig, *text; /* text: the page's text (stored, or normalised from orig) */
    size_t orig_n, text_n;
    bool deleted;
    ht_store_block *blocks;
    size_t nblocks;
    ht_store_mention *mentions;
    size_t nmentions;
    ht_arena arena; /* everything above */
} ht_store_doc;

/* Documents in (published, id) order, deleted ones only when all; cb returns non-zero
 * to stop. Blocks, mentions, orig and text are left empty in list rows. */
int ht_store_doc_list(ht_store *st, bool all, int (*cb)(const ht_store_doc *d, void *ud),
                      void *ud, ht_error *e);
/* Loads one document by id (or by a unique prefix of it, or its content hash). */
int ht_store_doc_get(ht_store *st, const char *id, ht_store_doc *out, ht_error *e);
void ht_store_doc_free(ht_store_doc *d);

#endif
