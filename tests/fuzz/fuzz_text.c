/* Fuzz target: validate -> normalise -> fold -> tokenize, with the offsets map checked
 * to stay inside the input and in order. */
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t bad;
    if (ht_utf8_validate(s, size, &bad, NULL) != 0) {
        if (bad >= size)
            abort();
        return 0;
    }
    ht_buf out = {0}, f = {0};
    ht_offmap m = {0};
    ht_error e;
    if (ht_text_normalize(s, size, &out, &m, &e) == 0) {
        size_t prev = 0;
        for (size_t i = 0; i <= out.n; i++) {
            size_t a = ht_offmap_orig(&m, i, false);
            if (a > size || a < prev)
                abort();
            prev = a;
        }
        ht_text_fold(out.p, out.n, &f);
        size_t pos = 0;
        ht_token t;
        while (ht_text_next_token(out.p, out.n, &pos, &t))
            if (t.end <= t.start || t.end > out.n)
                abort();
    }
    ht_buf_free(&out);
    ht_buf_free(&f);
    ht_offmap_free(&m);
    return 0;
}
