/* Look-ups in the compiled data tables: binary search over the sorted folded keys. */
#include "data.h"

#include <string.h>

const char *ht_data_cell(const ht_data_table *t, size_t row, size_t col)
{
    if (row >= t->nrows || col >= t->ncols)
        return "";
    return t->cells[row * t->ncols + col];
}

int ht_data_col(const ht_data_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i], name) == 0)
            return (int)i;
    return -1;
}

/* Compares the first n bytes of a key with s[0..n), then length when exact. */
static int cmp(const char *key, const char *s, size_t n, int prefix)
{
    int c = strncmp(key, s, n);
    if (c || prefix)
        return c;
    return key[n] ? 1 : 0;
}

/* The first key not before s[0..n). */
static size_t lower(const ht_data_table *t, const char *s, size_t n, int prefix)
{
    size_t lo = 0, hi = t->nkeys;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cmp(t->keys[mid].key, s, n, prefix) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t range(const ht_data_table *t, const char *s, size_t n, size_t *first, int prefix)
{
    size_t lo = lower(t, s, n, prefix);
    size_t end = lo;
    while (end < t->nkeys && cmp(t->keys[end].key, s, n, prefix) == 0)
        end++;
    *first = lo;
    return end - lo;
}

size_t ht_data_lookup(const ht_data_table *t, const char *key, size_t n, size_t *first)
{
    return range(t, key, n, first, 0);
}

size_t ht_data_prefix(const ht_data_table *t, const char *prefix, size_t n, size_t *first)
{
    return range(t, prefix, n, first, 1);
}

int ht_data_has_prefix(const ht_data_table *t, const char *prefix, size_t n)
{
    size_t lo = lower(t, prefix, n, 1);
    return lo < t->nkeys && cmp(t->keys[lo].key, prefix, n, 1) == 0;
}
