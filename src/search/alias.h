/* Aliases for the query parser: the other names of a place the gazetteer knows ("Sekong"
 * -> "Sê Kông", "Xê Kông", "Xékong"...) and the other spellings of a party or person of
 * the registry ("Lếc-lay Sỉ-vy-lay" -> "Lếch-lay Sỉ-vi-lay"). A folded key is an alias
 * when it is one whole name of the entry, word for word; parts of names are not. */
#ifndef HT_SEARCH_ALIAS_H
#define HT_SEARCH_ALIAS_H

#include "search/query.h"

#include <sqlite3.h>

typedef struct {
    sqlite3 *db;         /* the registry, or NULL for the gazetteer alone */
    sqlite3_stmt *names; /* prepared on first use */
} ht_search_aliases;

/* An ht_query_alias_fn; ctx is an ht_search_aliases. */
int ht_search_alias(void *ctx, const char *key, size_t n, ht_query_alts *out, ht_error *e);
void ht_search_aliases_free(ht_search_aliases *a);

#endif
