/* Alias look-ups for the query parser: the gazetteer's rows by folded name, and the
 * registry's aliases table (by folded name) for the names of parties and people. */
#include "alias.h"

#include "base/data.h"

#include <string.h>

extern const ht_data_table ht_data_gazetteer;

/* Gazetteer columns holding names, '|' separating several. */
static const char *const name_cols[] = {"name_vi", "name_en", "name_local", "aliases"};

static int add_cell(ht_query_alts *out, const char *cell)
{
    while (*cell) {
        const char *bar = strchr(cell, '|');
        size_t len = bar ? (size_t)(bar - cell) : strlen(cell);
        if (len && ht_query_alts_add(out, cell, len))
            return HT_ENOMEM;
        cell += len + (bar != NULL);
    }
    return 0;
}

static int from_gazetteer(const char *key, size_t n, ht_query_alts *out)
{
    const ht_data_table *t = &ht_data_gazetteer;
    size_t first, count = ht_data_lookup(t, key, n, &first);
    for (size_t i = first; i < first + count; i++)
        for (size_t c = 0; c < sizeof name_cols / sizeof name_cols[0]; c++) {
            int col = ht_data_col(t, name_cols[c]);
            if (col >= 0 && add_cell(out, ht_data_cell(t, t->keys[i].row, (size_t)col)))
                return HT_ENOMEM;
        }
    return 0;
}

/* The aliases table keeps ht_text_fold of each name, which is the name's words
 * separated by one space: the form of the keys. */
static int from_registry(ht_search_aliases *a, const char *key, size_t n, ht_query_alts *out,
                         ht_error *e)
{
    /* A short single word ("anh", "tp", "hai") is a common word of the language or of the
     * news before it is a name: the registry's records holding it as a name are mostly
     * partial names read from pages, and expanding it would add their every spelling to
     * a query that already matches the word everywhere. */
    if (!a->db || (n < 5 && !memchr(key, ' ', n)))
        return 0;
    if (!a->names &&
        sqlite3_prepare_v2(a->db,
                           "SELECT o.alias FROM aliases k JOIN aliases o"
                           " ON o.record = k.record WHERE k.kind IN ('party', 'person')"
                           " AND k.folded = ?1 LIMIT 64",
                           -1, &a->names, NULL) != SQLITE_OK)
        return ht_err(e, HT_EDB, "reading the registry's names: %s", sqlite3_errmsg(a->db));
    sqlite3_reset(a->names);
    sqlite3_bind_text(a->names, 1, key, (int)n, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(a->names)) == SQLITE_ROW) {
        const char *alias = (const char *)sqlite3_column_text(a->names, 0);
        if (alias && ht_query_alts_add(out, alias, (size_t)sqlite3_column_bytes(a->names, 0)))
            return ht_err(e, HT_ENOMEM, "out of memory");
    }
    sqlite3_reset(a->names);
    sqlite3_clear_bindings(a->names);
    if (rc != SQLITE_DONE)
        return ht_err(e, HT_EDB, "reading the registry's names: %s", sqlite3_errmsg(a->db));
    return 0;
}

int ht_search_alias(void *ctx, const char *key, size_t n, ht_query_alts *out, ht_error *e)
{
    ht_search_aliases *a = ctx;
    if (from_gazetteer(key, n, out))
        return ht_err(e, HT_ENOMEM, "out of memory");
    return from_registry(a, key, n, out, e);
}

void ht_search_aliases_free(ht_search_aliases *a)
{
    sqlite3_finalize(a->names);
    memset(a, 0, sizeof *a);
}
