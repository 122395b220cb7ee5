/* Fuzz target: the flat JSON reader of JSON Lines against jansson. Whatever the flat
 * reader takes, jansson takes too (with the flags the page layer uses), and gives
 * every field the same kind and the same bytes; whatever jansson refuses, the flat
 * reader leaves to it. A difference aborts. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "page/page_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const NAMES[] = {"text", "title", "url", "date", "id", "source"};
#define NF (sizeof NAMES / sizeof *NAMES)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    ht_arena a = {0};
    ht_pg_jfield f[NF];
    for (size_t i = 0; i < NF; i++)
        f[i].name = NAMES[i];
    int flat = ht_pg_json_flat(s, size, &a, f, NF);
    json_error_t je;
    json_t *o = json_loadb(s, size, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (flat == 1) {
        if (!o || !json_is_object(o))
            abort();
        for (size_t i = 0; i < NF; i++) {
            json_t *v = json_object_get(o, NAMES[i]);
            switch (f[i].kind) {
            case HT_PG_JABSENT:
                if (v)
                    abort();
                break;
            case HT_PG_JNULL:
                if (!json_is_null(v))
                    abort();
                break;
            case HT_PG_JOTHER:
                if (!json_is_boolean(v))
                    abort();
                break;
            case HT_PG_JSTRING:
                if (!json_is_string(v) || json_string_length(v) != f[i].n ||
                    memcmp(json_string_value(v), f[i].v, f[i].n) != 0 || f[i].v[f[i].n] != 0)
                    abort();
                break;
            }
        }
    }
    json_decref(o);
    ht_arena_free(&a);
    return 0;
}
