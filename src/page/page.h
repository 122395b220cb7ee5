/* The page layer: input formats (plain text, markdown-ish, HTML, JSON Lines) become
 * documents: the normalised text, a map back to the original bytes, the title, the
 * published date, and blocks classified as title, lead, body, caption, byline or
 * boilerplate. It knows nothing of parties or storage. */
#ifndef HT_PAGE_H
#define HT_PAGE_H

#include "../base/base.h"
#include "../text/text.h"

typedef enum {
    HT_BLK_TITLE = 1,
    HT_BLK_LEAD,
    HT_BLK_BODY,
    HT_BLK_CAPTION,       /* a photo caption of this article */
    HT_BLK_CAPTION_OTHER, /* a caption of another story (slider, other event) */
    HT_BLK_BYLINE,
    HT_BLK_BOILERPLATE    /* related/most-read lists, menus, headline lists, footers */
} ht_block_class;

typedef enum { HT_FMT_AUTO = 0, HT_FMT_TEXT, HT_FMT_MARKDOWN, HT_FMT_HTML, HT_FMT_JSONL } ht_format;

typedef struct {
    ht_block_class cls;
    size_t start, end;           /* in doc->text */
    size_t orig_start, orig_end; /* in doc->orig */
    const char *why;             /* short reason for the class, for `extract --blocks` */
} ht_block;

typedef struct {
    char *source;         /* the path or URL given; FILE#ID for a JSON Lines document */
    ht_format format;
    const char *orig;     /* the original bytes (for JSON Lines: the decoded "text") */
    size_t orig_n;
    char *text;           /* normalised text; blocks are separated by '\n' */
    size_t text_n;
    ht_offmap map;        /* text offsets -> orig offsets */
    char *title;          /* NULL when none was found */
    char *published;      /* YYYY-MM-DD, YYYY-MM or YYYY; NULL when unknown */
    char *url;            /* NULL when unknown */
    ht_block *blocks;
    size_t nblocks;
    ht_arena arena;       /* everything above except map is allocated here */
} ht_doc;

const char *ht_block_class_name(ht_block_class c);
/* True for the classes extraction reads (title, lead, body, captions). */
bool ht_block_feeds_extraction(ht_block_class c);

/* Parses one document from bytes. source names it in messages and in doc->source. */
int ht_page_parse(const char *source, const char *bytes, size_t n, ht_format fmt, ht_doc *doc,
                  ht_error *e);
void ht_doc_free(ht_doc *doc);

/* Called for every document read, or for every document that failed (doc NULL, err
 * naming the file and place). A non-zero return stops the reading. */
typedef int (*ht_page_cb)(ht_doc *doc, const ht_error *err, void *ud);

/* Reads a file, a directory (recursively, in name order), "-" (standard input) or
 * FILE.jsonl#ID, calling cb for each document; a JSON Lines file gives one document
 * per line. Returns 0, or the callback's non-zero value, or an error for the path
 * itself (not found). Bad documents go to cb and do not stop the others. */
int ht_page_read_path(const char *path, ht_page_cb cb, void *ud, ht_error *e);

#endif
