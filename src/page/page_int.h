/* Internals of the page layer shared by its files: the text pipeline (plain text,
 * markdown-ish, JSON Lines "text"), the HTML pipeline, dates and the lexicons.
 * Not part of the layer's contract; other layers include page.h only. */
#ifndef HT_PAGE_INT_H
#define HT_PAGE_INT_H

#include "page.h"

#include <stdbool.h>

/* A growable array of blocks, copied into the document's arena at the end. */
typedef struct {
    ht_block *v;
    size_t n, cap;
} ht_pg_blocks;

int ht_pg_blocks_push(ht_pg_blocks *b, const ht_block *blk);
/* Moves the blocks into doc (arena) and frees b. */
int ht_pg_blocks_finish(ht_pg_blocks *b, ht_doc *doc);

/* Normalises doc->orig into doc->text and doc->map. */
int ht_pg_set_text(ht_doc *doc, ht_error *e);

/* Text pipeline: cuts doc->text into blocks and classifies them. has_title says the
 * title came from metadata (JSON Lines), so the first line is not taken as one. */
int ht_pg_text_blocks(ht_doc *doc, bool markdown, bool has_title);

/* HTML pipeline: parses doc->orig, fills text, map, blocks, title, published. */
int ht_pg_html(ht_doc *doc, ht_error *e);

/* A field of a flat JSON object: name (in); kind, and for a string its value in the
 * arena (NUL terminated, n bytes, which may hold NUL characters). */
typedef enum { HT_PG_JABSENT, HT_PG_JSTRING, HT_PG_JNULL, HT_PG_JOTHER } ht_pg_jkind;
typedef struct {
    const char *name;
    ht_pg_jkind kind;
    char *v;
    size_t n;
} ht_pg_jfield;

/* Reads s[0..n) as one JSON object whose values are strings, true, false or null,
 * filling the fields named in f. 1: read; 0: a line for jansson (anything else, or
 * anything wrong: this reader names no error); -1: out of memory. */
int ht_pg_json_flat(const char *s, size_t n, ht_arena *a, ht_pg_jfield *f, size_t nf);

/* Dates. A found date: year (0 when not written), month, day (0 when not written),
 * and the byte span of its text. */
typedef struct {
    int y, m, d;
    size_t start, end;
} ht_pg_date;

/* The first date written in s[0..n) ("3/11/2022", "2022-11-03", "ngày 3 tháng 11 năm
 * 2022", "3/11", "11/2022"); false if none. */
bool ht_pg_find_date(const char *s, size_t n, ht_pg_date *d);
/* A machine date at the start of s ("2022-11-03", "2022-11-03T10:05:00+07:00",
 * "20221103"); false if s does not start with one. */
bool ht_pg_parse_iso_date(const char *s, size_t n, ht_pg_date *d);
/* "YYYY-MM-DD", "YYYY-MM" or "YYYY" in the arena; NULL without a year. */
char *ht_pg_date_str(ht_arena *a, const ht_pg_date *d);

/* Lexicons (data/sections.tsv, data/page_cues.tsv). */
typedef enum {
    HT_PG_SEC_NONE = 0,
    HT_PG_SEC_LIST,  /* related, most read, other news, multimedia: lists follow */
    HT_PG_SEC_END    /* comments, tags, share: the article is over */
} ht_pg_section;

/* The kind of section header s[0..n) is (the whole line, folded), or NONE. */
ht_pg_section ht_pg_section_kind(const char *s, size_t n);

typedef enum {
    HT_PG_CUE_CREDIT = 1,  /* a photo or video credit word: "(Ảnh: ...)" */
    HT_PG_CUE_CAPTION = 2, /* words of photo descriptions: "phát biểu tại", "toàn cảnh" */
    HT_PG_CUE_DATELINE = 4,/* words that open a dateline: "Sáng", "Chiều", "Ngày" */
    HT_PG_CUE_SOURCE = 8   /* words that open a source line: "Theo", "Nguồn" */
} ht_pg_cue;

/* The cue kinds of the folded phrase key[0..n) (exact match). */
int ht_pg_cue_kind(const char *key, size_t n);
/* The cue kinds of any phrase of up to 4 words in the folded text key[0..n). */
int ht_pg_cue_scan(const char *key, size_t n, int kinds);

/* A short line that reads as a person's or an agency's name: one to six words, all
 * but one capitalised, no digits, no final punctuation ("Kim Bảo", "PV/VOV.VN"). */
bool ht_pg_name_like(const char *s, size_t n);

/* Small UTF-8 helpers. */
size_t ht_pg_cps(const char *s, size_t n);
bool ht_pg_is_upper_at(const char *s, size_t n);
bool ht_pg_is_lower_at(const char *s, size_t n);

#endif
