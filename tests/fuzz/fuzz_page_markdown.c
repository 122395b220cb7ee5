/* Fuzz target: the page layer's markdown reader on arbitrary bytes; every document it
 * returns keeps the page invariants (see fuzz_page_check.h). */
#include <stdint.h>

#include "fuzz_page_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parse(data, size, HT_FMT_MARKDOWN);
    return 0;
}
