/* Export and import of the whole registry (SPEC 1c): export streams the JSON document
 * to a file; import reads one and loads it into an empty registry in one transaction,
 * so that an error or an interruption leaves the database as it was. */
#include "app.h"

#include <stdlib.h>

static int to_file(const char *p, size_t n, void *ud)
{
    return fwrite(p, 1, n, (FILE *)ud) == n ? 0 : -1;
}

int ht_app_export(ht_store *st, FILE *out, ht_error *e)
{
    int rc = ht_store_export(st, to_file, out, e);
    if (!rc && fflush(out) != 0)
        rc = ht_err(e, HT_EIO, "cannot write the export");
    return rc;
}

int ht_app_import(ht_store *st, const char *path, ht_error *e)
{
    char *bytes;
    size_t n;
    int rc = ht_read_file(path, &bytes, &n, e);
    if (rc)
        return rc;
    if (!(rc = ht_store_begin(st, e))) {
        rc = ht_store_import(st, path, bytes, n, e);
        if (!rc)
            rc = ht_store_commit(st, e);
        if (rc)
            ht_store_rollback(st);
    }
    free(bytes);
    return rc;
}
