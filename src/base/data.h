/* Tables compiled from data/NAME.tsv by tools/gendata at build time. Each table has its
 * cells (normalised text, row-major), its column names, and a sorted index of the
 * folded values of the columns marked '*' in the TSV header ('|' separates several
 * values in one cell). A table NAME is declared by its user as
 * `extern const ht_data_table ht_data_NAME;`. Nothing is parsed at start-up. */
#ifndef HT_DATA_H
#define HT_DATA_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *key; /* folded (ht_text_fold) */
    uint32_t row;
    uint16_t col;
} ht_data_key;

typedef struct {
    const char *name;
    size_t ncols, nrows;
    const char *const *cols;  /* column names, without '*' or type suffix */
    const char *const *cells; /* nrows * ncols, "" for empty */
    const ht_data_key *keys;  /* sorted by key (bytewise), then row */
    size_t nkeys;
} ht_data_table;

const char *ht_data_cell(const ht_data_table *t, size_t row, size_t col);
/* Index of the named column, or -1. */
int ht_data_col(const ht_data_table *t, const char *name);
/* Keys equal to key[0..n): returns how many, *first is the index of the first. */
size_t ht_data_lookup(const ht_data_table *t, const char *key, size_t n, size_t *first);
/* Keys starting with prefix[0..n). */
size_t ht_data_prefix(const ht_data_table *t, const char *prefix, size_t n, size_t *first);
/* Whether a key starts with prefix[0..n) (one binary search, without counting them). */
int ht_data_has_prefix(const ht_data_table *t, const char *prefix, size_t n);

#endif
