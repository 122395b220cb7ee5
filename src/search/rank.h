/* Ranking inside FTS5: the auxiliary function hoptac_rank(TABLE, ?) scores each row a
 * statement yields with BM25 (k1 = 1.2, b = 0.75, column weights, FTS5's own formula: its
 * idf, frequencies weighted by column, the row's size in tokens) and keeps the best
 * rows in a bounded heap of the ht_rank bound as a pointer; the statement's rows
 * themselves carry nothing. So one pass over the matches counts them and ranks them
 * without sorting them all.
 *
 * The MATCH of such a statement is one of the query's two expressions (slot 0: match,
 * 1: boost, the accents as typed); the rows of a statement are all flagged exact or
 * not, and rows already ranked (the boost rows, when the match expression is ranked
 * after them) can be skipped while still counted.
 *
 * A row that cannot enter the heap is not scored in full: BM25 falls as the row grows,
 * and the position of its last hit in each column bounds its size from below, so an
 * upper bound of its score is known before the size of the row is read.
 *
 * idf needs the number of rows holding each phrase. When the caller gives the range of
 * the table's rowids and they fill it evenly (the documents' rowids are given in order
 * of arrival, without gaps but for deletions), a phrase in more than HT_RANK_SAMPLE rows
 * is counted up to there and the rest
 * estimated from how far into the range that took, instead of walking all its rows;
 * the estimate is the same on every run.
 *
 * In exact mode, a word written without marks is matched by its key, and a hit of its
 * term counts only where none of the word's forms with marks stands (ht_query_check);
 * a row whose query is then no longer met is neither counted nor ranked. */
#ifndef HT_SEARCH_RANK_H
#define HT_SEARCH_RANK_H

#include "search/query.h"

#include <sqlite3.h>

#define HT_RANK_FUNCTION "hoptac_rank"
#define HT_RANK_MAX_COLUMNS 8
#define HT_RANK_SAMPLE 512
#define HT_RANK_CHECK_WORDS 16 /* words of a phrase checked in exact mode (the first ones) */

typedef struct {
    long long rowid;
    double score; /* BM25, higher is better */
    bool exact;   /* matched with the accents typed (exact mode, or the boost expression) */
    int type;     /* the caller's tag of the statement that yielded it */
} ht_rank_hit;

typedef struct {
    /* set by the caller before each statement */
    const ht_query *q;
    int slot;                             /* the MATCH is q->match (0) or q->boost (1) */
    bool exact;                           /* flag of the rows */
    size_t keep;                          /* how many of the best to keep */
    double weights[HT_RANK_MAX_COLUMNS];  /* per column of the table */
    int type;
    const long long *skip;                /* rowids counted but not ranked, sorted */
    size_t nskip;
    long long rowid_lo, rowid_hi; /* the table's rowids, when they fill the range evenly;
                                     lo >= hi: unknown */
    long sample;                  /* rows counted before estimating (0: HT_RANK_SAMPLE) */
    /* filled while the statements run */
    long total;       /* rows seen, over all statements */
    long sized;       /* rows whose size was read (the others were bounded out) */
    ht_rank_hit *heap; /* the worst kept at [0] */
    size_t n, cap;
    int err;           /* SQLite error code of the function, if one failed */
} ht_rank;

/* Prepares sql on db, registering hoptac_rank on the connection first when it is not
 * there yet. Returns an SQLite result code. */
int ht_rank_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st);

/* Binds r as parameter i of st (the second argument of hoptac_rank). */
int ht_rank_bind(sqlite3_stmt *st, int i, ht_rank *r);

/* Keeps hit if it is among the best r->keep (rows ranked apart, e.g. by another thread
 * over another range of rowids, merged into r). Returns an SQLite result code. */
int ht_rank_add(ht_rank *r, const ht_rank_hit *hit);

/* Sorts the kept rows best first (exact first, then score, then rowid); r->heap is then
 * a sorted array of r->n rows. */
void ht_rank_sort(ht_rank *r);
void ht_rank_free(ht_rank *r);

#endif
