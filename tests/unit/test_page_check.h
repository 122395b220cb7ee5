/* Shared checks of the page layer's tests: the invariants every document keeps
 * (blocks in order, inside the text, spans inside the original bytes, a text said to be
 * the original normalised that is) and small
 * helpers to find a block by its first words. Included by tests/unit/test_page*.c. */
#ifndef TEST_PAGE_CHECK_H
#define TEST_PAGE_CHECK_H

#include <string.h>

#include "../page_text_orig.h"
#include "page/page.h"

/* Every block: start <= end <= text_n, in order, not overlapping; its span is inside
 * the original bytes and in order. */
static inline void check_doc(const ht_doc *d)
{
    size_t prev_end = 0, prev_orig = 0;
    for (size_t i = 0; i < d->nblocks; i++) {
        const ht_block *b = &d->blocks[i];
        if (b->start > b->end || b->end > d->text_n || b->start < prev_end)
            fail_msg("%s: block %zu text span %zu-%zu out of order (text %zu)", d->source, i,
                     b->start, b->end, d->text_n);
        if (b->orig_start > b->orig_end || b->orig_end > d->orig_n || b->orig_start < prev_orig)
            fail_msg("%s: block %zu orig span %zu-%zu out of order (orig %zu)", d->source, i,
                     b->orig_start, b->orig_end, d->orig_n);
        if (!ht_block_class_name(b->cls) || strcmp(ht_block_class_name(b->cls), "?") == 0)
            fail_msg("%s: block %zu has no class", d->source, i);
        prev_end = b->end;
        prev_orig = b->orig_end;
    }
    if (!page_text_orig_holds(d))
        fail_msg("%s: the text is said to be the original normalised and is not", d->source);
}

/* The first block whose text starts with prefix, or NULL. */
static inline const ht_block *find_block(const ht_doc *d, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < d->nblocks; i++) {
        const ht_block *b = &d->blocks[i];
        if (b->end - b->start >= n && memcmp(d->text + b->start, prefix, n) == 0)
            return b;
    }
    return NULL;
}

static inline void expect_class(const ht_doc *d, const char *prefix, ht_block_class want)
{
    const ht_block *b = find_block(d, prefix);
    if (!b)
        fail_msg("%s: no block starts with \"%s\"", d->source, prefix);
    if (b->cls != want)
        fail_msg("%s: \"%s\" is %s (%s), want %s", d->source, prefix, ht_block_class_name(b->cls),
                 b->why ? b->why : "", ht_block_class_name(want));
}

#endif
