/* The text layer: UTF-8 validation, normalisation (NFC, one tone-mark placement, white
 * space) with a map back to the original bytes, folding to a search key, and tokens.
 * It knows nothing of news or storage; every later layer uses it for Vietnamese text.
 *
 * Tone placement: hoptac writes the tone mark of a syllable-final "oa", "oe", "uy" on
 * the first vowel ("hòa", "khỏe", "thủy", "úy"), the placement used by most Vietnamese
 * newspapers today; the other placement ("hoà", "khoẻ", "thuỷ", "uý") is mapped to it.
 * "quý" keeps its mark on y (u belongs to qu), and syllables with a final consonant
 * ("hoàng", "huỳnh") are never touched. */
#ifndef HT_TEXT_H
#define HT_TEXT_H

#include "../base/base.h"

#include <stdbool.h>

/* ---- UTF-8 ---- */

/* 0 if s[0..n) is valid UTF-8 (no overlongs, surrogates, truncation or bytes > F4);
 * else HT_EUTF8, *bad = offset of the first bad byte, and a message "byte N: reason". */
int ht_utf8_validate(const char *s, size_t n, size_t *bad, ht_error *e);
/* Decodes one code point of valid UTF-8 at s (n > 0); returns its length. */
size_t ht_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Writes cp as UTF-8 into out (4 bytes room); returns the length. */
size_t ht_utf8_encode(uint32_t cp, char *out);
/* Length of a UTF-8 BOM at the start of s (3) or 0. */
size_t ht_utf8_bom(const char *s, size_t n);

/* ---- offsets map ---- */

/* Regions where the normalised text differs from the input; identity in between. */
typedef struct {
    size_t out, out_len, in, in_len;
} ht_edit;

typedef struct {
    ht_edit *v;
    size_t n, cap;
    size_t out_total, in_total;
} ht_offmap;

/* Maps an offset of the normalised text to the original input. An offset inside an
 * edited region maps to the start of its input region, or to its end when is_end. */
size_t ht_offmap_orig(const ht_offmap *m, size_t off, bool is_end);
void ht_offmap_free(ht_offmap *m);

/* ---- normalisation ---- */

/* Appends the canonical form of s to out: BOM dropped, CR/CRLF -> LF, runs of
 * horizontal white space (tab, NBSP, Unicode spaces, control characters) -> one space,
 * none at the start or end of a line, zero-width characters and soft hyphens removed,
 * NFC, one tone placement. map (may be NULL) is reset and filled. Invalid UTF-8 is
 * an error naming the byte offset. */
int ht_text_normalize(const char *s, size_t n, ht_buf *out, ht_offmap *map, ht_error *e);

/* ---- folding ---- */

/* Appends the search key of s (valid UTF-8, NFC or NFD): marks removed, đ/Đ -> d,
 * lower case, every run of punctuation, dashes and white space -> one space, trimmed.
 * "Đắk Lắk" -> "dak lak"; "Hoà Bình", "HÒA BÌNH" -> "hoa binh". */
int ht_text_fold(const char *s, size_t n, ht_buf *out);
/* Folds one code point: the folded code point, 0 if it is removed (a mark or an
 * ignorable), ' ' for separators. Code points whose folding is several characters
 * (ß) return their first one. */
uint32_t ht_text_fold_cp(uint32_t cp);

/* Character classes used by tokens and folding. */
enum { HT_CC_SEP = 0, HT_CC_LETTER = 1, HT_CC_DIGIT = 2, HT_CC_MARK = 3, HT_CC_IGNORE = 4,
       HT_CC_SPACE = 5 };
int ht_text_class(uint32_t cp);

/* ---- tokens ---- */

typedef enum { HT_TOK_WORD = 1, HT_TOK_NUM = 2, HT_TOK_PUNCT = 3 } ht_tok_kind;

typedef struct {
    ht_tok_kind kind;
    size_t start, end; /* byte span in the text given */
} ht_token;

/* Finds the next token at or after *pos; returns false at the end. Words are runs of
 * letters and marks (digits inside a word stay in it: "COVID19"); numbers are runs of
 * digits with single inner '.' or ',' ("264.522", "28,22"); every other non-space
 * character is one punctuation token. */
bool ht_text_next_token(const char *s, size_t n, size_t *pos, ht_token *t);
/* The same on text that may hold invalid UTF-8: a byte where ht_utf8_validate would
 * report an error ends any token and is skipped, so the tokens are those of the valid
 * runs between such bytes, each tokenized alone (offsets into the whole text). */
bool ht_text_next_token_lax(const char *s, size_t n, size_t *pos, ht_token *t);

#endif
