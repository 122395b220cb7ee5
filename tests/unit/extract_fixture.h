/* Builds documents for the extraction tests: lines of text, each a block of the given
 * class, normalised with the text layer so spans map back to the bytes given. The
 * sentences are written for these tests. */
#ifndef EXTRACT_FIXTURE_H
#define EXTRACT_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "extract/extract.h"

typedef struct {
    ht_block_class cls;
    const char *text;
} fx_line;

/* A document whose blocks are the lines given (NULL text ends the list). */
static inline void fx_doc(ht_doc *d, const fx_line *lines, const char *published)
{
    memset(d, 0, sizeof *d);
    ht_buf orig = {0};
    size_t nl = 0;
    for (; lines[nl].text; nl++) {
        ht_buf_puts(&orig, lines[nl].text);
        ht_buf_putc(&orig, '\n');
    }
    d->source = ht_arena_strndup(&d->arena, "test", 4);
    d->orig = ht_arena_strndup(&d->arena, orig.p, orig.n);
    d->orig_n = orig.n;
    ht_buf t = {0};
    ht_error e;
    assert_int_equal(ht_text_normalize(orig.p, orig.n, &t, &d->map, &e), 0);
    d->text = ht_arena_strndup(&d->arena, t.p, t.n);
    d->text_n = t.n;
    d->blocks = ht_arena_alloc(&d->arena, (nl + 1) * sizeof *d->blocks);
    size_t pos = 0;
    for (size_t k = 0; k < nl && pos < t.n; k++) {
        size_t end = pos;
        while (end < t.n && t.p[end] != '\n')
            end++;
        ht_block *b = &d->blocks[d->nblocks++];
        b->cls = lines[k].cls;
        b->start = pos;
        b->end = end;
        b->orig_start = ht_offmap_orig(&d->map, pos, false);
        b->orig_end = ht_offmap_orig(&d->map, end, true);
        if (b->cls == HT_BLK_TITLE)
            d->title = ht_arena_strndup(&d->arena, t.p + pos, end - pos);
        pos = end + 1;
    }
    if (published)
        d->published = ht_arena_strndup(&d->arena, published, strlen(published));
    ht_buf_free(&orig);
    ht_buf_free(&t);
}

static inline void fx_run(ht_extraction *x, const fx_line *lines, const char *published)
{
    ht_doc d;
    fx_doc(&d, lines, published);
    ht_error e;
    assert_int_equal(ht_extract(&d, x, &e), 0);
    /* the records live in x's arena, not in the document's */
    ht_doc_free(&d);
}

static inline bool fx_same(const char *a, const char *b)
{
    ht_buf fa = {0}, fb = {0};
    ht_text_fold(a, strlen(a), &fa);
    ht_text_fold(b, strlen(b), &fb);
    bool r = fa.p && fb.p && strcmp(fa.p, fb.p) == 0;
    ht_buf_free(&fa);
    ht_buf_free(&fb);
    return r;
}

static inline bool fx_contains(const char *hay, const char *needle)
{
    ht_buf fa = {0}, fb = {0};
    ht_text_fold(hay, strlen(hay), &fa);
    ht_text_fold(needle, strlen(needle), &fb);
    bool r = fa.p && fb.p && strstr(fa.p, fb.p) != NULL;
    ht_buf_free(&fa);
    ht_buf_free(&fb);
    return r;
}

/* The party with this id, or NULL. */
static inline const ht_xparty *fx_party(const ht_extraction *x, const char *id)
{
    for (size_t k = 0; k < x->nparties; k++)
        if (!strcmp(x->parties[k].id, id))
            return &x->parties[k];
    return NULL;
}

/* The party named so (name or alias), or NULL. */
static inline const ht_xparty *fx_party_named(const ht_extraction *x, const char *name)
{
    for (size_t k = 0; k < x->nparties; k++) {
        if (fx_same(x->parties[k].name, name))
            return &x->parties[k];
        for (size_t a = 0; a < x->parties[k].naliases; a++)
            if (fx_same(x->parties[k].aliases[a], name))
                return &x->parties[k];
    }
    return NULL;
}

static inline const ht_xperson *fx_person(const ht_extraction *x, const char *name)
{
    for (size_t k = 0; k < x->npeople; k++) {
        if (fx_same(x->people[k].name, name))
            return &x->people[k];
        for (size_t a = 0; a < x->people[k].naliases; a++)
            if (fx_same(x->people[k].aliases[a], name))
                return &x->people[k];
    }
    return NULL;
}

static inline bool fx_has_title(const ht_xperson *p, const char *t)
{
    for (size_t k = 0; p && k < p->ntitles; k++)
        if (fx_same(p->titles[k], t))
            return true;
    return false;
}

/* Does the list of party indices hold one named (or containing) name? */
static inline bool fx_parties_have(const ht_extraction *x, const int *v, size_t n, const char *name)
{
    for (size_t k = 0; k < n; k++)
        if (v[k] >= 0 && (size_t)v[k] < x->nparties && fx_contains(x->parties[v[k]].name, name))
            return true;
    return false;
}

static inline const char *fx_date(const ht_date *d)
{
    static char b[11];
    ht_date_format(d, b);
    return b;
}

#endif
