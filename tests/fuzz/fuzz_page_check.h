/* Invariants every document of the page layer keeps, for the fuzz targets: blocks in
 * order inside the text, spans in order inside the original bytes, a class each, and a
 * text said to be the original normalised that is. A broken invariant aborts, which
 * the fuzzer and the replay report. */
#ifndef FUZZ_PAGE_CHECK_H
#define FUZZ_PAGE_CHECK_H

#include <stdlib.h>
#include <string.h>

#include "../page_text_orig.h"
#include "page/page.h"

static inline void fuzz_check_doc(const ht_doc *d)
{
    size_t prev_end = 0, prev_orig = 0;
    if (d->text_n && !d->text)
        abort();
    for (size_t i = 0; i < d->nblocks; i++) {
        const ht_block *b = &d->blocks[i];
        if (b->start > b->end || b->end > d->text_n || b->start < prev_end)
            abort();
        if (b->orig_start > b->orig_end || b->orig_end > d->orig_n || b->orig_start < prev_orig)
            abort();
        if (strcmp(ht_block_class_name(b->cls), "?") == 0)
            abort();
        prev_end = b->end;
        prev_orig = b->orig_end;
    }
    /* the map stays inside the original and in order */
    size_t prev = 0;
    for (size_t off = 0; off <= d->text_n; off += 1 + d->text_n / 64) {
        size_t o = ht_offmap_orig(&d->map, off, false);
        if (o > d->orig_n || o < prev)
            abort();
        prev = o;
    }
    if (!page_text_orig_holds(d))
        abort();
}

/* Parses data as fmt and checks the result; errors are fine, crashes are not. */
static inline void fuzz_parse(const uint8_t *data, size_t size, ht_format fmt)
{
    ht_doc d;
    ht_error e;
    if (ht_page_parse("fuzz", (const char *)data, size, fmt, &d, &e) == 0) {
        fuzz_check_doc(&d);
        ht_doc_free(&d);
    } else if (!e.msg[0]) {
        abort(); /* an error always says what went wrong */
    }
}

#endif
