/* Fuzz target: validate -> normalise -> fold -> tokenize, with the offsets map checked
 * to stay inside the input and in order, the output checked to be valid UTF-8 and
 * already normalised, and its search key checked to be the input's. */
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same(const ht_buf *a, const ht_buf *b)
{
    return a->n == b->n && (a->n == 0 || memcmp(a->p, b->p, a->n) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t bad;
    if (ht_utf8_validate(s, size, &bad, NULL) != 0) {
        if (bad >= size)
            abort();
        ht_buf out = {0};
        ht_error e;
        /* normalisation reports the same byte and leaves the buffer empty */
        if (ht_text_normalize(s, size, &out, NULL, &e) != HT_EUTF8 || out.n != 0)
            abort();
        ht_buf_free(&out);
        return 0;
    }
    ht_buf out = {0}, f = {0}, again = {0}, f_in = {0};
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
        if (m.out_total != out.n || ht_utf8_validate(out.p, out.n, &bad, NULL) != 0)
            abort();
        if (ht_text_normalize(out.p, out.n, &again, NULL, &e) != 0 || !same(&again, &out))
            abort();
        ht_text_fold(out.p, out.n, &f);
        ht_text_fold(s, size, &f_in);
        if (!same(&f, &f_in))
            abort();
        size_t pos = 0;
        ht_token t;
        while (ht_text_next_token(out.p, out.n, &pos, &t))
            if (t.end <= t.start || t.end > out.n)
                abort();
    }
    ht_buf_free(&out);
    ht_buf_free(&f);
    ht_buf_free(&again);
    ht_buf_free(&f_in);
    ht_offmap_free(&m);
    return 0;
}
