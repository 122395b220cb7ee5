/* Internals shared by the files of the store layer: the connection, its cache of
 * prepared statements and the write counter behind HOPTAC_CRASH_AFTER. */
#ifndef HT_STORE_INT_H
#define HT_STORE_INT_H

#include "registry.h"
#include "store.h"

/* Prepared statements, found by the address of their SQL text: an open-addressing
 * table, a power of two at least twice the layer's number of statements. */
#define STMT_CACHE 1024

struct ht_store {
    sqlite3 *db;
    char *path;
    int schema;
    bool readonly;
    long crash_after, writes;
    struct st_bands *bands; /* near-duplicate band index (store_doc.c), NULL until used */
    bool fts_batch;         /* full-text rows wait in the queues (ht_store_fts_batch) */
    bool in_write;          /* between ht_store_begin and the commit or rollback */
    struct {                /* rows written in this transaction (st_written) */
        struct st_written_slot {
            uint64_t h;
            char *key; /* "a\x1fb", NULL when empty */
        } *slots;
        size_t cap, n;
    } written;
    struct {                /* documents' full-text rows made as they are stored (batch) */
        struct st_fts_row {
            long long rid;
            char *title, *body, *caption; /* NULL: SQL NULL */
        } *v;
        size_t n, cap, mark; /* mark: n when the document's savepoint began */
    } fts_rows;
    const struct st_rows *rows;   /* what hoptac_row() reads (st_rows_run) */
    struct {                      /* records changed since the last flush (batch) */
        struct st_touched {
            int kind;
            char id[HT_ID_MAX];
        } *v;
        size_t n, cap;
    } touched;
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } cache[STMT_CACHE];
    int ncache; /* slots in use */
};

/* The prepared statement for sql (a string literal: cached by address), reset and with
 * its bindings cleared; NULL with e filled on error. */
sqlite3_stmt *st_stmt(ht_store *st, const char *sql, ht_error *e);
/* sqlite3_step that counts writes (and ends the process when the crash point is
 * reached); returns SQLITE_ROW, SQLITE_DONE or an error code. */
int st_step(ht_store *st, sqlite3_stmt *s);
/* Runs a statement to completion (no rows expected); 0 or an HT_E* code. */
int st_run(ht_store *st, sqlite3_stmt *s, ht_error *e);
/* Runs SQL text (several statements); 0 or an HT_E* code. */
int st_exec(ht_store *st, const char *sql, ht_error *e);

/* Rows that need writing once per transaction (an alias of a record: the same party is
 * named by most documents of a batch): true when (a, b) was noted earlier in the
 * transaction ht_store_begin opened, which no other connection can change; else notes
 * it and returns false (always false outside such a transaction, or out of memory).
 * Emptied at the commit and at every rollback, and by st_written_forget when the
 * transaction moves rows (a record renamed). */
bool st_written(ht_store *st, const char *a, const char *b);
void st_written_forget(ht_store *st);

/* Drops the documents' full-text rows past the first n (a rollback). */
void st_fts_rows_cut(ht_store *st, size_t n);

/* Rows from memory handed to one statement: FTS5 writes what it holds to a segment on
 * disk at every statement that opens on its table, so rows written a statement each
 * would leave a segment each. The statement reads row I's column COL with
 * hoptac_row(I, COL) (column 0 the rowid, the others text or NULL) over I in the
 * table k(i) of ST_ROWS_CTE, which sql starts with. */
typedef struct st_rows {
    size_t n;
    long long (*rowid)(const void *ud, size_t i);
    const char *(*text)(const void *ud, size_t i, int col); /* NULL: no text columns */
    const void *ud;
} st_rows;
#define ST_ROWS_CTE "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < ?1)"
/* Runs sql (a string literal) over the rows; nothing to do without rows. */
int st_rows_run(ht_store *st, const char *sql, const st_rows *rows, ht_error *e);

/* Bind helpers: NULL or n == 0 with NULL s binds NULL. */
void st_bind_text(sqlite3_stmt *s, int i, const char *p, size_t n);
void st_bind_cstr(sqlite3_stmt *s, int i, const char *p);

/* "pfx-" followed by 16 hex digits of the hash of the parts (NUL-separated). */
void st_make_id(char *out, const char *pfx, const char *const *parts, const size_t *lens,
                int nparts);
/* A 63-bit integer from the hash of s, used as an FTS rowid. */
long long st_rowid_of(const char *s, size_t n);

/* ---- documents (store_doc.c) ---- */

#define ST_NHASH 32 /* values in a document's MinHash signature */

typedef struct {
    size_t start, end; /* in the normalised text */
    bool minhash;      /* title, lead or body: part of the signature */
} st_block;

/* The MinHash signature of the marked blocks of text; *ok false when too short. */
int st_minhash(const char *text, const st_block *blocks, size_t nblocks, uint32_t sig[ST_NHASH],
               bool *ok);
void st_sig_encode(const uint32_t sig[ST_NHASH], unsigned char out[4 * ST_NHASH]);
/* Adds the bands of a stored document to the band index (st_doc_bands), and also joins
 * the clusters of its near duplicates (st_doc_cluster). */
int st_doc_bands(ht_store *st, long long rid, const uint32_t sig[ST_NHASH], ht_error *e);
void st_bands_free(struct st_bands *b);
/* Computes every document's signature again (after the formula changed). */
int st_doc_resign(ht_store *st, ht_error *e);
/* Stores again the page's text of documents stored without it (schemas 2 and 3),
 * where the page layer still gives the same blocks. */
int st_doc_retext(ht_store *st, ht_error *e);
int st_doc_cluster(ht_store *st, const char *id, long long rid, const uint32_t sig[ST_NHASH],
                   ht_error *e);

/* ---- records (store_rec.c) ---- */

/* Rebuilds the full-text row of a record (kind: ht_rec_kind); deleted records have
 * none. */
int st_fts_refresh(ht_store *st, int kind, const char *id, ht_error *e);
/* Rebuilds the full-text rows of the records with a source in a document waiting in
 * fts_queue (those ingest changed). */
int st_record_queue_flush(ht_store *st, ht_error *e);
/* The match key of an event (kind|date|party ids, as extraction and edits make it)
 * made coarser, so that two reports of one event meet although they name its parties
 * differently: the parties become the provinces and countries of the gazetteer they
 * belong to (a city its province; a country goes when one of its provinces is there;
 * organisations and unknown names go), when at least two remain; else the key as it
 * is. A reception, talks or a working session is keyed as a visit. Malloc'd; NULL when
 * out of memory. */
char *st_event_key(const char *exact);
/* Makes every stored match key coarse (schema 5); of two records that now share a
 * key, the first by id keeps it. */
int st_rekey_events(ht_store *st, ht_error *e);
/* Makes sure a gazetteer party (and its gazetteer parents) is a record. */
int st_ensure_gazetteer_party(ht_store *st, const char *id, ht_error *e);
/* The gazetteer row of a code, or -1; a cell of it ("" is NULL). */
long st_gazetteer_row(const char *id);
const char *st_gz(long row, const char *col);
/* The folded form of a NUL-terminated string (malloc'd), NULL on out of memory. */
char *st_fold(const char *s);
/* The id of an organisation of folded name f under parent (a party id, or NULL). A
 * company is one record whatever its legal form is written with: "Công ty Cổ phần X",
 * "Công ty TNHH X", "Tập đoàn X", "Công ty X Corporation" and "Công ty X" are one
 * ("Tổng công ty X" stays another), under its Vietnamese locality if any but not
 * under its country. A province or country in the name counts by its code, whatever
 * spelling and with or without "tỉnh" ("Sở Y tế tỉnh An Giang", "Sở Y tế An Giang").
 * Returns true when the id may differ from that of the name as written. */
bool st_org_id(char out[HT_ID_MAX], const char *f, const char *parent);
/* Adds a name to a record's aliases (kind: "party" or "person"). */
int st_add_alias(ht_store *st, const char *kind, const char *id, const char *alias, ht_error *e);

/* ---- reading (store_show.c) ---- */

/* Writes a column as its JSON value (NULL, integer, real or string). */
void st_json_col(ht_json *j, sqlite3_stmt *s, int i);
void st_json_span(ht_json *j, long long a, long long z);
/* One history row from (id, record, action, before, after, user, at). */
void st_history_row(ht_json *j, sqlite3_stmt *s);

/* The sorted union of two JSON arrays (text; either may be NULL), malloc'd. */
char *st_json_union_text(const char *a, const char *b);

/* ---- changes (store_edit.c) ---- */

/* Writes a history row: before and after are JSON text or NULL. */
int st_history(ht_store *st, const char *record, const char *action, const char *before,
               const char *after, const char *user, const char *now, ht_error *e);

/* Schema creation and migrations (schema.c). */
int st_schema_migrate(ht_store *st, ht_error *e);

#endif
