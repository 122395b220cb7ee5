/* Fuzz target: the JSON bodies of the API's writes (add a party, person, agreement or
 * activity; correct one), through the app functions the API hands them to. The first
 * byte picks the kind and whether the body adds a record or corrects the agreement made
 * at start-up; the rest is the body. Each write commits (the app functions hold their
 * own transactions) into one in-memory registry. Checks: a body is accepted or refused
 * as the user's error (never a database error), with a message; an added record gets
 * an id. */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ht_store *store;
static char agreement[HT_ID_MAX];

static void setup(void)
{
    ht_error e = {0};
    static const char seed[] = "{\"kind\": \"mou\", \"title\": \"Bản ghi nhớ\", \"signed\": "
                               "\"2024-03-05\", \"term\": {\"from\": 2024, \"to\": 2028},"
                               " \"parties\": [\"VN-DLK\", \"LA-XE\"]}";
    if (ht_store_open(":memory:", HT_STORE_CREATE, &store, &e) != 0 ||
        ht_app_record_add(store, HT_REC_AGREEMENT, seed, strlen(seed), "fuzz", agreement, &e) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!store)
        setup();
    if (size < 1)
        return 0;
    static const ht_rec_kind kinds[] = {HT_REC_PARTY, HT_REC_AGREEMENT, HT_REC_ACTIVITY, HT_REC_PERSON};
    const char *body = (const char *)data + 1;
    size_t n = size - 1;
    ht_error e = {0};
    char id[HT_ID_MAX] = "";
    int rc;
    if (data[0] & 4)
        rc = ht_app_record_edit(store, HT_REC_AGREEMENT, agreement, body, n, "fuzz", &e);
    else
        rc = ht_app_record_add(store, kinds[data[0] & 3], body, n, "fuzz", id, &e);
    if (rc != 0 && (!e.msg[0] || rc == HT_EDB || rc == HT_ECORRUPT || rc == HT_ENOMEM))
        abort();
    if (rc == 0 && !(data[0] & 4) && !id[0])
        abort();
    return 0;
}
