/* The page layer: input formats (plain text, markdown-ish, HTML, JSON Lines) become
 * documents: the normalised text, a map back to the original bytes, the title, the
 * published date, and blocks classified as title, lead, body, caption, byline or
 * boilerplate. It knows nothing of parties or storage.
 *
 * Contract: every block's orig_start/orig_end are byte offsets in doc->orig (the HTML
 * bytes for HTML, the decoded "text" value for a JSON Lines document); blocks are in
 * document order and do not overlap. A bad document is an error naming the source and
 * the place (byte offset, or line and column for JSON Lines); it never stops the
 * documents after it. Memory: one arena per document, freed by ht_doc_free. */
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

/* Larger documents (a file, or one line of a JSON Lines file) are refused (HT_ELIMIT). */
#define HT_PAGE_MAX_BYTES (64u << 20)

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
    char *text;           /* normalised text; blocks lie inside it in order, separated by
                           * '\n' or, where a long line was cut, by a space */
    size_t text_n;
    bool text_is_orig;    /* the text is the original normalised, byte for byte */
    ht_offmap map;        /* text offsets -> orig offsets */
    char *title;          /* NULL when none was found */
    char *published;      /* YYYY-MM-DD, YYYY-MM or YYYY; NULL when unknown */
    char *url;            /* NULL when unknown */
    ht_block *blocks;
    size_t nblocks;
    ht_arena arena;       /* everything above except map is allocated here */
} ht_doc;

const char *ht_block_class_name(ht_block_class c);
const char *ht_page_format_name(ht_format f);
/* True for the classes extraction reads (title, lead, body, captions). */
bool ht_block_feeds_extraction(ht_block_class c);

/* The format of bytes, from their content (name, may be NULL, only breaks ties: a
 * ".jsonl" file whose first line is an object is JSON Lines). */
ht_format ht_page_detect(const char *name, const char *bytes, size_t n);

/* Parses one document from bytes, which must outlive doc (doc->orig points into them,
 * except for JSON Lines). source names it in messages and in doc->source. With
 * HT_FMT_JSONL, bytes are one JSON object (one line). HT_FMT_AUTO detects. */
int ht_page_parse(const char *source, const char *bytes, size_t n, ht_format fmt, ht_doc *doc,
                  ht_error *e);
void ht_doc_free(ht_doc *doc);

/* Called for every document read, or for every document that failed (doc NULL, err
 * naming the file and place). A non-zero return stops the reading. */
typedef int (*ht_page_cb)(ht_doc *doc, const ht_error *err, void *ud);

/* Reads a file, a directory (recursively, in name order; there only files named
 * .txt, .text, .md, .markdown, .html, .htm, .xhtml, .shtml, .jsonl, .ndjson, .json or
 * without an extension, and no hidden ones), "-" (standard input) or FILE.jsonl#ID,
 * calling cb for each document; a JSON Lines file gives one document per line, read
 * line by line. Returns 0, or the callback's non-zero value, or an error for the path
 * itself (not found). Bad documents go to cb and do not stop the others. */
int ht_page_read_path(const char *path, ht_page_cb cb, void *ud, ht_error *e);

/* Calls cb for every line of JSON Lines bytes (empty lines skipped); documents are
 * named FILE#ID (the "id" field, else the line number), errors FILE:LINE:COLUMN.
 * only_id (may be NULL) keeps the one line with that id or line number. */
int ht_page_read_jsonl(const char *file, const char *bytes, size_t n, const char *only_id,
                       ht_page_cb cb, void *ud);

#endif
