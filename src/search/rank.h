/* Ranking inside FTS5: the auxiliary function hoptac_rank(TABLE, ?) scores each row a
 * statement yields with BM25 (k1 = 1.2, b = 0.75, column weights, FTS5's own formula: its
 * idf, frequencies weighted by column, the row's size in tokens) and keeps the best
 * rows in a bounded heap of the ht_rank bound as a pointer; the statement's rows
 * themselves carry nothing. So one pass over the matches counts them, ranks them and
 * tells which match the accents the user typed, without sorting them all.
 *
 * The MATCH of such a statement is the query's match expression, or "(match) OR
 * (boost)" when the query has a boost expression (ht_rank_match): the boost rows are a
 * subset of the match rows, so the rows are the same, and the boost phrases tell
 * whether a row matches the boost. Only the match expression's phrases score.
 *
 * A row that cannot enter the heap is not scored in full: BM25 falls as the row grows,
 * and the position of its last hit in each column bounds its size from below, so an
 * upper bound of its score is known before the size of the row is read.
 *
 * idf needs the number of rows holding each phrase. When the caller gives the range of
 * the table's rowids and they are hashes (so spread evenly over it, as the registry's
 * are), a phrase in more than HT_RANK_SAMPLE rows is counted up to there and the rest
 * estimated from how far into the range that took, instead of walking all its rows;
 * the estimate is the same on every run. */
#ifndef HT_SEARCH_RANK_H
#define HT_SEARCH_RANK_H

#include "search/query.h"

#include <sqlite3.h>

#define HT_RANK_FUNCTION "hoptac_rank"
#define HT_RANK_MAX_COLUMNS 8
#define HT_RANK_SAMPLE 512

typedef struct {
    long long rowid;
    double score; /* BM25, higher is better */
    bool exact;   /* matches the boost expression (always, in exact mode) */
    int type;     /* the caller's tag of the statement that yielded it */
} ht_rank_hit;

typedef struct {
    /* set by the caller before each statement */
    const ht_query *q;
    size_t keep;                          /* how many of the best to keep */
    double weights[HT_RANK_MAX_COLUMNS];  /* per column of the table */
    int type;
    long long rowid_lo, rowid_hi; /* the table's rowids, when hashes; lo >= hi: unknown */
    long sample;                  /* rows counted before estimating (0: HT_RANK_SAMPLE) */
    /* filled while the statements run */
    long total;       /* rows seen, over all statements */
    long sized;       /* rows whose size was read (the others were bounded out) */
    ht_rank_hit *heap; /* the worst kept at [0] */
    size_t n, cap;
    int err;           /* SQLite error code of the function, if one failed */
} ht_rank;

/* The MATCH text of a query for hoptac_rank: "(match) OR (boost)" or the match alone.
 * Returns NULL when out of memory; free() it. */
char *ht_rank_match(const ht_query *q);

/* Prepares sql on db, registering hoptac_rank on the connection first when it is not
 * there yet. Returns an SQLite result code. */
int ht_rank_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st);

/* Binds r as parameter i of st (the second argument of hoptac_rank). */
int ht_rank_bind(sqlite3_stmt *st, int i, ht_rank *r);

/* Sorts the kept rows best first (exact first, then score, then rowid); r->heap is then
 * a sorted array of r->n rows. */
void ht_rank_sort(ht_rank *r);
void ht_rank_free(ht_rank *r);

#endif
