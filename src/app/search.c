/* The search action: ht_search_run over the store's connection, then one of the two
 * printed forms of the results. */
#include "search.h"

#include "base/json.h"

int ht_app_search(ht_store *st, const ht_search_opts *o, bool json, bool colour, ht_buf *out,
                  ht_error *e)
{
    ht_search_results r;
    int rc = ht_search_run(ht_store_db(st), o, &r, e);
    if (rc)
        return rc;
    if (json) {
        ht_json j;
        ht_json_init(&j, out);
        ht_search_json(&j, &r);
        rc = j.err ? HT_ENOMEM : ht_buf_putc(out, '\n');
    } else
        rc = ht_search_text(&r, colour, out);
    ht_search_results_free(&r);
    if (rc)
        return ht_err(e, HT_ENOMEM, "out of memory");
    return 0;
}
