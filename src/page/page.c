/* Documents from bytes. This first version reads plain text only: the first line is
 * the title and every other line a body block. */
#include "page.h"

#include <stdlib.h>
#include <string.h>

const char *ht_block_class_name(ht_block_class c)
{
    switch (c) {
    case HT_BLK_TITLE: return "title";
    case HT_BLK_LEAD: return "lead";
    case HT_BLK_BODY: return "body";
    case HT_BLK_CAPTION: return "caption";
    case HT_BLK_CAPTION_OTHER: return "caption-other";
    case HT_BLK_BYLINE: return "byline";
    case HT_BLK_BOILERPLATE: return "boilerplate";
    }
    return "?";
}

bool ht_block_feeds_extraction(ht_block_class c)
{
    return c == HT_BLK_TITLE || c == HT_BLK_LEAD || c == HT_BLK_BODY || c == HT_BLK_CAPTION ||
           c == HT_BLK_CAPTION_OTHER;
}

int ht_page_parse(const char *source, const char *bytes, size_t n, ht_format fmt, ht_doc *doc,
                  ht_error *e)
{
    (void)fmt;
    memset(doc, 0, sizeof *doc);
    doc->source = ht_arena_strndup(&doc->arena, source, strlen(source));
    doc->format = HT_FMT_TEXT;
    doc->orig = bytes;
    doc->orig_n = n;
    ht_buf t = {0};
    int rc = ht_text_normalize(bytes, n, &t, &doc->map, e);
    if (rc) {
        ht_buf_free(&t);
        ht_err_prefix(e, "%s", source);
        ht_doc_free(doc);
        return rc;
    }
    doc->text = ht_arena_strndup(&doc->arena, t.p ? t.p : "", t.n);
    doc->text_n = t.n;
    ht_buf_free(&t);
    size_t nl = 1;
    for (size_t i = 0; i < doc->text_n; i++)
        nl += doc->text[i] == '\n';
    doc->blocks = ht_arena_alloc(&doc->arena, nl * sizeof *doc->blocks);
    for (size_t i = 0; i < doc->text_n;) {
        size_t j = i;
        while (j < doc->text_n && doc->text[j] != '\n')
            j++;
        if (j > i) {
            ht_block *b = &doc->blocks[doc->nblocks++];
            b->cls = doc->nblocks == 1 ? HT_BLK_TITLE : HT_BLK_BODY;
            b->start = i;
            b->end = j;
            b->orig_start = ht_offmap_orig(&doc->map, i, false);
            b->orig_end = ht_offmap_orig(&doc->map, j, true);
            b->why = doc->nblocks == 1 ? "first line" : "line";
            if (doc->nblocks == 1)
                doc->title = ht_arena_strndup(&doc->arena, doc->text + i, j - i);
        }
        i = j + 1;
    }
    return 0;
}

void ht_doc_free(ht_doc *doc)
{
    ht_offmap_free(&doc->map);
    ht_arena_free(&doc->arena);
    memset(doc, 0, sizeof *doc);
}

int ht_page_read_path(const char *path, ht_page_cb cb, void *ud, ht_error *e)
{
    char *bytes;
    size_t n;
    int rc = ht_read_file(path, &bytes, &n, e);
    if (rc)
        return rc;
    ht_doc doc;
    ht_error de = {0};
    if (ht_page_parse(path, bytes, n, HT_FMT_AUTO, &doc, &de) != 0)
        rc = cb(NULL, &de, ud);
    else {
        rc = cb(&doc, NULL, ud);
        ht_doc_free(&doc);
    }
    free(bytes);
    return rc;
}
