/* Tokens of the blocks extraction reads, with their folded and lower-case forms, and
 * look-ups of token sequences in the compiled lexicons (the tables of data/).
 * Contract: ht_xtext_add tokenises one block once; every later pass reads the same
 * token array. A phrase matches a lexicon entry when the folded words are equal
 * (punctuation inside a word, as in "Chăm-pa-xắc" or "KH&ĐT", joins); on top of that
 * the caller asks for the marks to agree (so "tăng" is not "tặng", while text written
 * without any marks still matches) and/or the capitals of the entry to be written. */
#ifndef HT_EXTRACT_LEX_H
#define HT_EXTRACT_LEX_H

#include "../base/base.h"
#include "../base/data.h"
#include "../text/text.h"

#include <stdbool.h>
#include <stdint.h>

enum {
    HT_XT_CAP = 1,    /* a word whose first letter is upper case */
    HT_XT_UPPER = 2,  /* a word of two or more letters, all upper case */
    HT_XT_SPACE = 4,  /* white space (or a block start) before the token */
    HT_XT_SENT = 8,   /* the first token of a sentence */
    HT_XT_PLAIN = 16, /* ASCII only: written without Vietnamese marks */
    HT_XT_BLOCK = 32  /* the first token of a block */
};

typedef struct {
    uint32_t start, end;  /* bytes in the text */
    uint32_t fold;        /* offset of the NUL-terminated folded form in ht_xtext.folds */
    uint16_t fold_n;
    uint8_t kind;         /* HT_TOK_* */
    uint8_t flags;        /* HT_XT_* */
    uint32_t block;       /* the caller's block number */
    uint32_t sent;        /* sentence number over the whole text */
    uint32_t fold_hash;   /* of the folded form, for the look-ups in lexicons */
} ht_xtok;

typedef struct {
    const char *text;
    size_t text_n;
    ht_xtok *t;
    size_t n, cap;
    ht_buf folds;
    uint32_t nsent;
    bool unmarked;  /* the text is written without Vietnamese marks (set by ht_xtext_finish) */
    uint8_t *cue;   /* per token: longest cue of each kind, and a filled flag */
} ht_xtext;

/* The kinds of cue of data/cues.tsv (its second column), in the order of
 * ht_xcue_name. */
typedef enum {
    HT_CUE_ABBREV,
    HT_CUE_ADMIN,
    HT_CUE_ANNIV,
    HT_CUE_BEFORE,
    HT_CUE_BLOCKER,
    HT_CUE_COMMIT,
    HT_CUE_COMPANY,
    HT_CUE_CONTINUING,
    HT_CUE_COUNTRY,
    HT_CUE_CREDIT,
    HT_CUE_DAY,
    HT_CUE_ENDS,
    HT_CUE_FIELD,
    HT_CUE_GIVE,
    HT_CUE_INTENT,
    HT_CUE_LIST,
    HT_CUE_MONTH,
    HT_CUE_NOTPLACE,
    HT_CUE_NOW,
    HT_CUE_OPENER,
    HT_CUE_PAST,
    HT_CUE_PLACE,
    HT_CUE_PLACEWORD,
    HT_CUE_PROMISE,
    HT_CUE_SAYS,
    HT_CUE_SINCE,
    HT_CUE_STOP,
    HT_CUE_TASKS,
    HT_CUE_TERM,
    HT_CUE_VENUE,
    HT_CUE_YEAR,
    HT_XCUE_KINDS
} ht_xcue_kind;

/* Appends the tokens of text[start..end) as block number `block`. */
int ht_xtext_add(ht_xtext *x, const char *text, size_t text_n, size_t start, size_t end,
                 uint32_t block);
/* After the last block: decides whether the text is written without marks, in which
 * case look-ups ignore marks (a single unmarked word in marked text does not). */
void ht_xtext_finish(ht_xtext *x);
void ht_xtext_free(ht_xtext *x);

static inline const char *ht_xtok_fold(const ht_xtext *x, size_t i)
{
    return x->folds.p + x->t[i].fold;
}
/* True if token i is the one-character punctuation c (ASCII). */
bool ht_xtok_is(const ht_xtext *x, size_t i, char c);
/* True if token i is a dash: '-', '–' or '—'. */
bool ht_xtok_dash(const ht_xtext *x, size_t i);
/* True if token i is a quotation mark that opens ('“', '"') or, with !open, closes
 * ('”', '"'). */
bool ht_xtok_quote(const ht_xtext *x, size_t i, bool open);
/* True if token i is a word with the folded form f. */
bool ht_xtok_word(const ht_xtext *x, size_t i, const char *f);
/* True if token i is a word written exactly s (NFC, marks and case included: "Thị",
 * not "Thi"). */
bool ht_xtok_text(const ht_xtext *x, size_t i, const char *s);
/* True if token i is a word with one of the folded forms v[0..n). */
bool ht_xtok_word_in(const ht_xtext *x, size_t i, const char *const *v, size_t n);
/* True if tokens i and i + 1 are words with the folded forms of one of the pairs
 * v[0..n) ("tong", "thong"). */
bool ht_xtok_pair_in(const ht_xtext *x, size_t i, const char *const (*v)[2], size_t n);
/* True if token i is written exactly as one of v[0..n) (as ht_xtok_text). */
bool ht_xtok_text_in(const ht_xtext *x, size_t i, const char *const *v, size_t n);
/* True if token i, a word, has the shape of a Vietnamese syllable once folded: an
 * initial consonant (or none), one to three vowels, a final consonant (or none), as in
 * "Trung", "Thanh", "Nguyen", "Kon"; "Oxford", "Mekong", "Jue" are not. Tells a word
 * written without marks that is Vietnamese from a foreign one. */
bool ht_xtok_syllable(const ht_xtext *x, size_t i);
/* The number value of a token of digits only (no inner separator), else -1;
 * *ndig = its digit count. */
long ht_xtok_int(const ht_xtext *x, size_t i, int *ndig);

enum {
    HT_XM_ACCENT = 1, /* marks must agree, unless the text is written without marks */
    HT_XM_CASE = 2,   /* capitals of the entry must be capitals in the text */
    HT_XM_ACCENT_SHORT = 4, /* marks must agree for an entry of one short word ("Bỉ" is
                             * not "Bí", "Ý" not "Y"); longer names match without them */
    HT_XM_ACCENT_MARKED = 8 /* a word of the text written with marks has the entry's
                             * marks, or all of them but the tone: "Chị Lê" is not "Chi
                             * Lê", "Cụ bà" not "Cu Ba", "Nhà Trắng" not "Nha Trang", but
                             * "Viêt Nam" is "Việt Nam"; a word written without marks
                             * matches either way */
};

/* How the gazetteer's names are matched. */
#define HT_XM_PLACE (HT_XM_CASE | HT_XM_ACCENT_SHORT | HT_XM_ACCENT_MARKED)

/* Row filter: true if row of t is acceptable. */
typedef bool (*ht_xrow_ok)(const ht_data_table *t, size_t row, const void *ud);

typedef struct {
    size_t ntok; /* tokens covered, 0 when nothing matched */
    size_t row;
    size_t key;  /* index in t->keys */
} ht_xmatch;

/* Longest entry of t whose words start at token i and end before token lim, for
 * which ok (may be NULL) holds. Entries of several rows with the same key: the first
 * acceptable row. */
ht_xmatch ht_xlex_match(const ht_xtext *x, size_t i, size_t lim, const ht_data_table *t,
                        int mode, ht_xrow_ok ok, const void *ud);

/* Tokens of the longest cue of this kind (data/cues.tsv, marks agreeing) at token i
 * that ends before lim, 0 if none. Answers are kept per token (ht_xtext_finish makes
 * room for them). */
size_t ht_xtext_cue_scan(const ht_xtext *x, size_t i, size_t lim, ht_xcue_kind kind);
static inline size_t ht_xtext_cue(const ht_xtext *x, size_t i, size_t lim, ht_xcue_kind kind)
{
    /* asked millions of times: the answers kept are read here, the rest is looked up */
    if (lim > x->n)
        lim = x->n;
    if (i >= lim || (unsigned)kind >= HT_XCUE_KINDS)
        return 0;
    const uint8_t *lens = x->cue ? x->cue + i * (HT_XCUE_KINDS + 1) : NULL;
    if (lens && lens[HT_XCUE_KINDS] && i + lens[kind] <= lim)
        return lens[kind];
    return ht_xtext_cue_scan(x, i, lim, kind);
}

/* The kind named name ("admin"), -1 when cues.tsv has no such kind. */
int ht_xcue_kind_of(const char *name);

/* Case-insensitive equality of two NFC UTF-8 strings, marks kept. */
bool ht_xlex_lower_eq(const char *a, size_t an, const char *b, size_t bn);

#endif
