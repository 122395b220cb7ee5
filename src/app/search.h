/* The search action, shared by the command line and the HTTP API: a search of the
 * registry (search/search.h) printed as a list for the terminal or as SPEC 1c JSON.
 * Contract: 0 or a negative HT_E* code with an ht_error; the codes of ht_search_run. */
#ifndef HT_APP_SEARCH_H
#define HT_APP_SEARCH_H

#include "../search/search.h"
#include "../store/store.h"

#include <stdbool.h>

/* Runs the search o on the registry st and appends its results to out: JSON (one object
 * and a newline) when json, else the numbered list, with the matches in colour when
 * colour. */
int ht_app_search(ht_store *st, const ht_search_opts *o, bool json, bool colour, ht_buf *out,
                  ht_error *e);

#endif
