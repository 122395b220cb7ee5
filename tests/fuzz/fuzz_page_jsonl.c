/* Fuzz target: JSON Lines on arbitrary bytes, every line and one line by id; every
 * document keeps the page invariants, every bad line is reported with a message. */
#include <stdint.h>

#include "fuzz_page_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_doc(ht_doc *d, const ht_error *err, void *ud)
{
    (void)ud;
    if (d)
        fuzz_check_doc(d);
    else if (!err || !err->msg[0])
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    ht_page_read_jsonl("fuzz.jsonl", s, size, NULL, on_doc, NULL);
    ht_page_read_jsonl("fuzz.jsonl", s, size, "1", on_doc, NULL);
    fuzz_parse(data, size, HT_FMT_JSONL);
    return 0;
}
