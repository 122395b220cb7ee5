/* One invariant of the page layer shared by the unit tests and the fuzz targets: a
 * document that says its text is the original normalised (ht_doc.text_is_orig) has
 * exactly that text. */
#ifndef TEST_PAGE_TEXT_ORIG_H
#define TEST_PAGE_TEXT_ORIG_H

#include <stdbool.h>
#include <string.h>

#include "page/page.h"
#include "text/text.h"

static inline bool page_text_orig_holds(const ht_doc *d)
{
    if (!d->text_is_orig)
        return true;
    ht_buf t = {0};
    ht_error e;
    bool same = ht_text_normalize(d->orig, d->orig_n, &t, NULL, &e) == 0 && t.n == d->text_n &&
                (!t.n || !memcmp(t.p, d->text, t.n));
    ht_buf_free(&t);
    return same;
}

#endif
