/* Snippets: the passage of a text that best shows a query's terms, cut from the original
 * bytes (NFC or NFD, as stored) at word boundaries, with the matches marked; and its
 * terminal and JSON (SPEC §1c "snippet") forms.
 *
 * Terms match whole tokens (ht_text_next_token) by folded key, or by exact form in exact
 * mode; a term of several words matches them in a row, punctuation between them
 * ignored, as the full-text index does; a prefix term's last word matches a prefix.
 * The window holds the most distinct terms (alias alternatives count as their term),
 * the earliest such window winning, about `width` characters wide (marks do not count);
 * runs of white space and control characters become one space, and '…' shows a cut. */
#ifndef HT_SEARCH_SNIPPET_H
#define HT_SEARCH_SNIPPET_H

#include "base/json.h"
#include "search/query.h"

#define HT_SNIPPET_WIDTH 160

typedef struct {
    size_t start, end;
} ht_snippet_mark;

typedef struct {
    char *text;              /* NUL-terminated valid UTF-8 */
    size_t n;
    size_t start, end;       /* the passage's byte span in the original text */
    ht_snippet_mark *marks;  /* byte spans in text; sorted, not overlapping */
    size_t nmarks;
    int groups;              /* distinct terms (a term with its alternatives) shown */
} ht_snippet;

typedef struct {
    size_t width; /* characters; 0 means HT_SNIPPET_WIDTH */
    bool exact;   /* match exact forms (--exact) rather than folded keys */
} ht_snippet_opts;

/* Cuts the snippet of s[0..n) for terms (typically ht_query's terms). o may be NULL.
 * Without a match, the snippet is the start of the text. Invalid UTF-8 is HT_EUTF8. */
int ht_snippet_make(const char *s, size_t n, const ht_query_term *terms, size_t nterms,
                    const ht_snippet_opts *o, ht_snippet *out, ht_error *e);
void ht_snippet_free(ht_snippet *sn);

/* Appends the text with the marks in bold colour (ANSI) when colour, else plain. */
int ht_snippet_tty(const ht_snippet *sn, bool colour, ht_buf *out);
/* Writes {"text","start","end","marks":[{"start","end"}]}, or null for an empty one. */
void ht_snippet_json(ht_json *j, const ht_snippet *sn);

#endif
