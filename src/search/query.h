/* The search query language and its translation to an FTS5 MATCH expression.
 *
 * Syntax: bare words (AND by default), "quoted phrases" (also “curly quotes”), prefix
 * `word*` or `"a phrase"*`, the upper-case keywords AND, OR, NOT, `-word` for NOT, and
 * parentheses. AND (written or not) binds tighter than OR, as in FTS5: `a b OR c` is
 * `(a AND b) OR c`. Punctuation inside a word separates its parts, which then form a phrase
 * ("Sê-Kông" is the phrase "se kong"; "col:term" is "col term"), so no user input can
 * reach FTS5 as syntax: every term of the compiled expression is a quoted FTS5 string.
 * A malformed query is an HT_EFORMAT error whose message names the column (counted in
 * characters from 1): "unclosed quote at column 12", "NOT at column 3 needs a term after
 * it", "empty query".
 *
 * Terms are matched by their folded key ("Đắk" -> "dak") or, in exact mode, by their
 * exact form (NFC, hoptac's tone placement, lower case) written after HT_QUERY_EXACT_MARK,
 * the form the "hoptac" tokenizer indexes at the same position as the folded key. A word
 * without marks ("hoa") is indexed under its key alone, so in exact mode it is matched
 * by its key and checked by the ranking (ht_rank): beside the term, the expression holds
 * the exact forms with marks that fold to it ("=hòa", "=hóa", ...), and a position where
 * one of them stands is not a match. An excluded word without marks excludes the rows
 * where it stands and none of those forms does.
 * Aliases: a callback maps a folded term or phrase to alternative folded phrases; it is
 * asked for quoted phrases and for runs of consecutive bare words, longest run first.
 * The alternatives are ORed beside what was written, which keeps its meaning: "xe kong"
 * is ("xe" AND "kong") OR "sekong" OR "se kong". */
#ifndef HT_SEARCH_QUERY_H
#define HT_SEARCH_QUERY_H

#include "base/base.h"
#include "store/fts.h"

#include <stdbool.h>

/* Written before a word's exact form: the store tokenizer's marker, as a string. */
#define HT_QUERY_EXACT_MARK ((const char[]){HT_FTS_EXACT_MARK, 0})

#define HT_QUERY_MAX_BYTES 4096 /* longer queries are refused (HT_ELIMIT) */
#define HT_QUERY_MAX_TERMS 64   /* terms written by the user */
#define HT_QUERY_MAX_DEPTH 32   /* nested parentheses and NOTs */
#define HT_QUERY_MAX_ALTS 16    /* alternatives kept per term */
#define HT_QUERY_MAX_RUN 6      /* longest run of bare words offered to the alias callback */

/* Alias expansion. The callback receives a folded key (words separated by one space)
 * and adds alternatives with ht_query_alts_add (any spelling: they are folded again;
 * duplicates, the key itself and invalid UTF-8 are ignored). It returns 0, or a negative
 * HT_E* code with e filled, which aborts the parse. */
typedef struct ht_query_alts ht_query_alts;
int ht_query_alts_add(ht_query_alts *a, const char *s, size_t n);
typedef int (*ht_query_alias_fn)(void *ctx, const char *key, size_t n, ht_query_alts *out,
                                 ht_error *e);

typedef struct {
    bool exact;              /* --exact: match the accents as typed */
    bool prefix_last;        /* search as you type: a last bare word that nothing follows
                                (not even a space) also matches as a prefix, when it has
                                2 letters or more; it still has its aliases */
    ht_query_alias_fn alias; /* may be NULL; not used in exact mode */
    void *alias_ctx;
} ht_query_opts;

typedef struct {
    const char *key;   /* folded ("duong"); a number as written */
    const char *exact; /* exact form ("đường"); a number as written */
    bool num;          /* numbers are indexed once, without an exact form */
    bool accented;     /* exact differs from key: typed with marks or đ */
    long variants;     /* exact mode, a word without marks: its forms with marks (-1: not
                          such a word, too many of them, or not exact mode) */
} ht_query_word;

typedef enum { HT_QN_TERM = 1, HT_QN_AND, HT_QN_OR, HT_QN_NOT } ht_query_kind;

typedef struct ht_query_node {
    ht_query_kind kind;
    size_t col; /* 1-based column of the term or operator in the query */
    /* HT_QN_TERM */
    ht_query_word *words;
    size_t nwords;
    bool phrase, prefix;   /* quoted; the last word matches as a prefix */
    const char **alts;     /* alias alternatives, folded */
    size_t nalts;
    /* a run of bare words that has aliases: its words are those of kids (the terms
     * as written, ANDed), the alternatives are phrases beside them */
    bool loose;
    /* HT_QN_AND, HT_QN_OR (two or more kids), HT_QN_NOT (one) */
    struct ht_query_node **kids;
    size_t nkids;
    /* HT_QN_TERM: its FTS5 phrases (numbered from 0, left to right, as FTS5 does) in
     * the match expression ([0]) and in the boost expression ([1]): ph[i] is the first,
     * nph[i] how many (the term and its alternatives). */
    int ph[2], nph[2];
    /* HT_QN_TERM in exact mode: NULL, or per word the phrases that check it (n 0: none) */
    struct ht_query_check *check;
} ht_query_node;

/* A word without marks in exact mode: the match expression's phrases first..first+n-1
 * are the exact forms with marks that fold to it (as prefixes when the word is one);
 * accept (-1: none) is the word's own exact prefix, which such a form may start with. */
typedef struct ht_query_check {
    int first, n, accept;
} ht_query_check;

#define HT_QUERY_MAX_VARIANTS 256 /* a word with more forms with marks is not checked */
#define HT_QUERY_MAX_CHECKED 1024 /* forms with marks in one query: past them, words are
                                     not checked (the cost of a query stays bounded) */

/* A term to find in a text for snippets and highlighting: the positive terms of the
 * query and their alias alternatives (which share the term's group). */
typedef struct {
    const char *key;   /* folded words separated by one space */
    const char *exact; /* exact forms separated by one space; NULL for an alternative */
    bool prefix, accented;
    int group;
} ht_query_term;

typedef struct {
    ht_query_node *root;
    char *match; /* the FTS5 MATCH expression */
    /* Rows matching this one (a subset of match's) have the accents the user typed:
     * rank them first. NULL in exact mode or when no searched word has accents. */
    char *boost;
    ht_query_term *terms;
    size_t nterms;
    bool exact;
    bool checked;    /* some term has words checked by the ranking (exact mode) */
    int nphrases[2]; /* phrases of match and of boost */
    ht_arena arena;
} ht_query;

/* Parses s[0..n) into q (q is overwritten; free it with ht_query_free even on error). */
int ht_query_parse(const char *s, size_t n, const ht_query_opts *o, ht_query *q, ht_error *e);
void ht_query_free(ht_query *q);

/* Appends a readable form of the tree, for tests and debugging:
 * (AND "dak" (OR "a" "b") (NOT "c")), a prefix term as "hop"*, alternatives as
 * "sekong"{"se kong"|"xe kong"}, a run of bare words with aliases as
 * ("xe" "kong"){"sekong"|"se kong"}. */
int ht_query_dump(const ht_query_node *nd, ht_buf *out);

/* Appends the exact form of one word (valid UTF-8): NFC, tone placement, lower case. */
int ht_query_exact_form(const char *w, size_t n, ht_buf *out);

#endif
