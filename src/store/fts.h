/* The "hoptac" FTS5 tokenizer: every word is indexed under its folded key (marks
 * removed, đ -> d, lower case: "Đắk" -> "dak") and, at the same position, under its
 * exact form (NFC, hoptac's tone placement, lower case) prefixed with '=' ("=đắk"), so
 * one index answers accent-insensitive and accent-exact queries. A word whose exact form
 * is its key (no marks, no đ: "cho", "Sekong") is indexed under its key alone: a sixth
 * of the words, whose second token cost FTS5 as much as the first; an exact search for
 * such a word looks its key up and checks that none of its forms with marks stands at
 * the same position (search/query.h). An index written before keeps "=cho" as well,
 * which nothing looks up.
 *
 * The option "normalised" (tokenize = 'hoptac normalised') is for text that comes
 * normalised already (the documents' full-text view): words are then only lower-cased
 * for their exact form. Queries are always normalised.
 *
 * Queries: a word is looked up by its folded key; a word written directly after '='
 * inside a quoted phrase ('"=hòa" bình') is looked up by its exact form. Numbers are
 * indexed once, as written. Punctuation is dropped.
 *
 * Also registers the SQL functions hoptac_fold(TEXT) (ht_text_fold),
 * hoptac_normalize(TEXT|BLOB) (ht_text_normalize: most documents keep only their
 * original bytes, and the full-text view normalises them) and hoptac_slices(TEXT,
 * "start end ...") (the pieces of a text at byte spans, joined by line feeds).
 * The same code is built into hoptac and as the loadable extension build/hoptac_fts.so:
 *     sqlite3 hoptac.db -cmd '.load build/hoptac_fts.so' */
#ifndef HT_STORE_FTS_H
#define HT_STORE_FTS_H

#include <sqlite3.h>

#define HT_FTS_TOKENIZER "hoptac"
#define HT_FTS_EXACT_MARK '='

/* Registers the tokenizer and the functions above on db; returns an SQLite result code
 * (SQLITE_ERROR when the library has no FTS5). */
int ht_fts_register(sqlite3 *db);

/* The FTS5 API of db, or NULL when the library has none. */
fts5_api *ht_fts_api(sqlite3 *db);

#endif
