/* Fuzz target: the whole extract path on any bytes. The first byte chooses the class of
 * each line (title, lead, body, caption, caption of another story, byline,
 * boilerplate), the rest is the text. Every span must lie inside the input, every
 * index must point into its array, every confidence lie in [0, 1]. */
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_span(const ht_doc *d, ht_span s)
{
    if (s.start > s.end || s.end > d->orig_n)
        abort();
}

static void check_date(const ht_date *x)
{
    char b[11];
    if (x->prec == HT_DATE_DAY && !ht_date_valid(x->year, x->month, x->day))
        abort();
    if (ht_date_format(x, b) > 10)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 1 << 16)
        return 0;
    unsigned pattern = data[0];
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    size_t bad;
    if (ht_utf8_validate(s, n, &bad, NULL) != 0)
        return 0;
    ht_doc d;
    memset(&d, 0, sizeof d);
    d.source = "fuzz";
    d.orig = s;
    d.orig_n = n;
    ht_buf t = {0};
    ht_error e;
    if (ht_text_normalize(s, n, &t, &d.map, &e) != 0) {
        ht_buf_free(&t);
        ht_offmap_free(&d.map);
        return 0;
    }
    d.text = t.p ? t.p : (char *)"";
    d.text_n = t.n;
    size_t lines = 1;
    for (size_t i = 0; i < t.n; i++)
        lines += t.p[i] == '\n';
    d.blocks = calloc(lines, sizeof *d.blocks);
    static const ht_block_class cls[] = {HT_BLK_TITLE, HT_BLK_BODY, HT_BLK_CAPTION_OTHER, HT_BLK_BODY,
                                         HT_BLK_CAPTION, HT_BLK_LEAD, HT_BLK_BOILERPLATE, HT_BLK_BYLINE};
    for (size_t i = 0; d.blocks && i <= t.n;) {
        size_t j = i;
        while (j < t.n && t.p[j] != '\n')
            j++;
        ht_block *b = &d.blocks[d.nblocks];
        b->cls = cls[(pattern >> (d.nblocks % 3 * 3)) % 8];
        b->start = i;
        b->end = j;
        d.nblocks++;
        i = j + 1;
    }
    if ((pattern & 0x80) && d.nblocks)
        d.published = "2024-02-29";
    ht_extraction x;
    memset(&x, 0, sizeof x);
    if (d.blocks && ht_extract(&d, &x, &e) == 0) {
        for (size_t k = 0; k < x.nparties; k++)
            for (size_t m = 0; m < x.parties[k].nmentions; m++)
                check_span(&d, x.parties[k].mentions[m]);
        for (size_t k = 0; k < x.npeople; k++) {
            if (x.people[k].party >= (int)x.nparties)
                abort();
            for (size_t m = 0; m < x.people[k].nmentions; m++)
                check_span(&d, x.people[k].mentions[m]);
        }
        for (size_t k = 0; k < x.nagreements; k++) {
            const ht_xagreement *a = &x.agreements[k];
            check_span(&d, a->evidence);
            check_date(&a->signed_on);
            if (a->confidence < 0 || a->confidence > 1 || (a->term_from && a->term_to < a->term_from))
                abort();
            for (size_t p = 0; p < a->nparties; p++)
                if (a->parties[p] < 0 || (size_t)a->parties[p] >= x.nparties)
                    abort();
        }
        for (size_t k = 0; k < x.nactivities; k++) {
            const ht_xactivity *a = &x.activities[k];
            check_span(&d, a->evidence);
            check_date(&a->date);
            if (a->confidence < 0 || a->confidence > 1 || a->agreement >= (int)x.nagreements)
                abort();
            for (size_t p = 0; p < a->nparticipants; p++)
                if (a->participants[p].person < 0 || (size_t)a->participants[p].person >= x.npeople)
                    abort();
        }
        for (size_t k = 0; k < x.nanniversaries; k++)
            check_date(&x.anniversaries[k].date);
        ht_buf jb = {0};
        ht_json j;
        ht_json_init(&j, &jb);
        ht_json_obj(&j);
        ht_extraction_json(&x, &j);
        ht_json_obj_end(&j);
        ht_buf_free(&jb);
    }
    ht_extraction_free(&x);
    free(d.blocks);
    ht_buf_free(&t);
    ht_offmap_free(&d.map);
    return 0;
}
