/* Fuzz target: the import parser (SPEC 1c). The input is an export file as a user might
 * hand it over, loaded into an empty in-memory registry inside a transaction that is
 * rolled back, so every input meets the same empty registry. Checks: import succeeds or
 * fails with a message that names the file, and a failed import leaves nothing behind. */
#include <stdlib.h>
#include <string.h>

#include "store/registry.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ht_store *store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ht_error e = {0};
    if (!store && ht_store_open(":memory:", HT_STORE_CREATE, &store, &e) != 0)
        abort();
    if (ht_store_begin(store, &e) != 0)
        abort();
    int rc = ht_store_import(store, "in.json", (const char *)data, size, &e);
    if (rc != 0 && strncmp(e.msg, "in.json: ", 9) != 0)
        abort();
    ht_store_rollback(store);
    bool empty = false;
    if (ht_store_is_empty(store, &empty, &e) != 0 || !empty)
        abort();
    return 0;
}
