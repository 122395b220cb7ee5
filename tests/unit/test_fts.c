/* Unit tests of the "hoptac" FTS5 tokenizer on an in-memory database: accent- and
 * case-insensitive matching, tone placement variants, exact matching with '=',
 * prefixes, numbers, highlights over colocated tokens, bad input, and the tokens of a
 * document against the text layer's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "store/fts.h"
#include "text/text.h"

#include <utf8proc.h>

static sqlite3 *db;

static const char *const rows[] = {
    /* 1 */ "Đắk Lắk",
    /* 2 */ "Hòa Bình",
    /* 3 */ "Hoà Bình",  /* the old tone placement */
    /* 4 */ "Hóa chất",
    /* 5 */ "Ho\xcc\x80" "a",   /* "Hòa" written decomposed (NFD) */
    /* 6 */ "HOA BINH",
    /* 7 */ "giai đoạn 2018 - 2023, kinh phí 264.522 đồng",
};

static int setup(void **state)
{
    (void)state;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return -1;
    if (ht_fts_register(db) != SQLITE_OK)
        return -1;
    if (sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'hoptac')", NULL,
                     NULL, NULL) != SQLITE_OK)
        return -1;
    sqlite3_stmt *s;
    sqlite3_prepare_v2(db, "INSERT INTO t (rowid, x) VALUES (?1, ?2)", -1, &s, NULL);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        sqlite3_bind_int(s, 1, (int)i + 1);
        sqlite3_bind_text(s, 2, rows[i], -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE)
            return -1;
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sqlite3_close(db);
    return 0;
}

/* The rowids matching q, as "1,3,5". */
static char *match(const char *q)
{
    static char out[256];
    out[0] = 0;
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid", -1,
                                &s, NULL);
    assert_int_equal(rc, SQLITE_OK);
    sqlite3_bind_text(s, 1, q, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        size_t k = strlen(out);
        snprintf(out + k, sizeof out - k, "%s%d", k ? "," : "", sqlite3_column_int(s, 0));
    }
    if (rc != SQLITE_DONE)
        fail_msg("query %s: %s", q, sqlite3_errmsg(db));
    sqlite3_finalize(s);
    return out;
}

static void test_folded(void **state)
{
    (void)state;
    assert_string_equal(match("dak lak"), "1");
    assert_string_equal(match("DAK"), "1");
    assert_string_equal(match("Đắk Lắk"), "1");
    assert_string_equal(match("hoa binh"), "2,3,6");
    assert_string_equal(match("hoa"), "2,3,4,5,6");
    assert_string_equal(match("\"hoà bình\""), "2,3,6");
}

static void test_exact(void **state)
{
    (void)state;
    /* exact "Hòa" matches both tone placements and the NFD form, never "Hóa" */
    assert_string_equal(match("\"=Hòa\""), "2,3,5");
    assert_string_equal(match("\"=hoà\""), "2,3,5");
    assert_string_equal(match("\"=hóa\""), "4");
    /* a word without marks is indexed under its key alone: the search checks it */
    assert_string_equal(match("\"=hoa\""), "");
    assert_string_equal(match("\"=binh\""), "");
    assert_string_equal(match("\"=đắk\""), "1");
    assert_string_equal(match("\"=dak\""), "");
    /* exact and folded words mix in one phrase */
    assert_string_equal(match("\"=hòa bình\""), "2,3");
}

static void test_prefix_and_numbers(void **state)
{
    (void)state;
    assert_string_equal(match("da*"), "1");
    assert_string_equal(match("\"=hò\"*"), "2,3,5");
    assert_string_equal(match("2018"), "7");
    assert_string_equal(match("2023"), "7");
    assert_string_equal(match("\"264.522\""), "7");
    assert_string_equal(match("doan"), "7");
}

static void test_highlight(void **state)
{
    (void)state;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH"
                                        " 'lak' AND rowid = 1",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "Đắk [Lắk]");
    sqlite3_finalize(s);
}

static void test_fold_function(void **state)
{
    (void)state;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT hoptac_fold('Đắk Lắk'), hoptac_fold(NULL)",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "dak lak");
    assert_int_equal(sqlite3_column_type(s, 1), SQLITE_NULL);
    sqlite3_finalize(s);
}

/* hoptac_normalize keeps its last input and result: asked again with the same text it
 * gives the same result, with another text that text's, with an empty text an empty
 * one (tone placement and composition are the text layer's: "Hoà" is "Hòa"). */
static void test_normalize_function(void **state)
{
    (void)state;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT hoptac_normalize(?1)", -1, &s, NULL), SQLITE_OK);
    static const char *const in[] = {"Hoà Bình", "Hoà Bình", "Thuỵ Sĩ", "", "Hoà Bình", "Thuỵ"};
    static const char *const want[] = {"Hòa Bình", "Hòa Bình", "Thụy Sĩ", "", "Hòa Bình", "Thụy"};
    for (size_t k = 0; k < sizeof in / sizeof *in; k++) {
        sqlite3_bind_text(s, 1, in[k], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(s), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(s, 0), want[k]);
        sqlite3_reset(s);
    }
    sqlite3_bind_null(s, 1);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_type(s, 0), SQLITE_NULL);
    sqlite3_finalize(s);
}

static void test_bad_input(void **state)
{
    (void)state;
    /* invalid UTF-8 in a document: the valid words around it are still indexed */
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO t (rowid, x) VALUES (100, CAST(x'71756e67ff20"
                                  "6e616d' AS TEXT))",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_string_equal(match("nam"), "100");
    assert_string_equal(match("qung"), "100");
    /* a word too long to be a word is not indexed, the rest is */
    char big[2000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    char sql[2100];
    snprintf(sql, sizeof sql, "INSERT INTO t (rowid, x) VALUES (101, '%s tinh')", big);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_string_equal(match("tinh"), "101");
    assert_int_equal(sqlite3_exec(db, "DELETE FROM t WHERE rowid >= 100", NULL, NULL, NULL),
                     SQLITE_OK);
    /* options are refused rather than ignored */
    assert_int_not_equal(sqlite3_exec(db,
                                      "CREATE VIRTUAL TABLE u USING fts5(x, tokenize ="
                                      " 'hoptac remove_diacritics 1')",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
}

/* The tokenizer remembers the words it has seen (and forgets them all when its table is
 * full): more distinct words than it keeps, each written in two ways, then the same
 * words again. FTS5's integrity check tokenizes every row again, in another order, and
 * compares with the index: what a word gives must not depend on what came before. */
static void test_memo(void **state)
{
    (void)state;
    assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE m USING fts5(x, tokenize = 'hoptac')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO m (rowid, x) VALUES (?1, ?2)", -1, &s,
                                        NULL),
                     SQLITE_OK);
    char text[512];
    for (int row = 0; row < 4000; row++) {
        size_t k = 0;
        for (int j = 0; j < 8; j++) {
            int w = (row % 2000) * 8 + j; /* rows 2000.. repeat the words of rows 0.. */
            k += (size_t)snprintf(text + k, sizeof text - k, "%sĐ%c%c%c Hòa %c%c%ců", j ? " " : "",
                                  'a' + w % 26, 'a' + w / 26 % 26, 'a' + w / 676 % 26,
                                  'a' + w % 26, 'a' + w / 26 % 26, 'a' + w / 676 % 26);
        }
        sqlite3_bind_int(s, 1, row + 1);
        sqlite3_bind_text(s, 2, text, -1, SQLITE_TRANSIENT);
        assert_int_equal(sqlite3_step(s), SQLITE_DONE);
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO m (m) VALUES ('integrity-check')", NULL, NULL,
                                  NULL),
                     SQLITE_OK);
    /* "Đhab": w = 1 * 676 + 0 * 26 + 7 = 683, the 4th word of rows 86 and 2086; by key and
     * by exact form */
    static const char *const qs[] = {"dhab", "\"=đhab\"", "habu", "\"=habů\""};
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        assert_int_equal(sqlite3_prepare_v2(db, "SELECT group_concat(rowid) FROM m WHERE m MATCH ?1",
                                            -1, &s, NULL),
                         SQLITE_OK);
        sqlite3_bind_text(s, 1, qs[i], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(s), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(s, 0), "86,2086");
        sqlite3_finalize(s);
    }
    assert_int_equal(sqlite3_exec(db, "DROP TABLE m", NULL, NULL, NULL), SQLITE_OK);
}

/* What the tokenizer gives, one token a line: "flags token start end". */
static int record(void *ctx, int flags, const char *tok, int n, int start, int end)
{
    ht_buf *b = ctx;
    char head[32];
    snprintf(head, sizeof head, "%d ", flags);
    ht_buf_puts(b, head);
    ht_buf_append(b, tok, (size_t)n);
    snprintf(head, sizeof head, " %d %d\n", start, end);
    ht_buf_puts(b, head);
    return SQLITE_OK;
}

/* The same from the text layer alone: each valid run's tokens; a word's folded key,
 * then '=' and its normalised, lower-case form at the same position; numbers as
 * written; punctuation and words longer than 256 bytes dropped. */
static void expected_tokens(const char *text, size_t n, ht_buf *out)
{
    size_t off = 0;
    while (off < n) {
        size_t bad = n - off, pos = 0;
        if (ht_utf8_validate(text + off, n - off, &bad, NULL) == 0)
            bad = n - off;
        ht_token t;
        while (ht_text_next_token(text + off, bad, &pos, &t)) {
            const char *w = text + off + t.start;
            size_t len = t.end - t.start;
            int a = (int)(off + t.start), z = (int)(off + t.end);
            if (t.kind == HT_TOK_PUNCT || len > 256)
                continue;
            if (t.kind == HT_TOK_NUM) {
                record(out, 0, w, (int)len, a, z);
                continue;
            }
            ht_buf key = {0}, norm = {0}, exact = {0};
            assert_int_equal(ht_text_fold(w, len, &key), 0);
            assert_int_equal(ht_text_normalize(w, len, &norm, NULL, NULL), 0);
            ht_buf_putc(&exact, HT_FTS_EXACT_MARK);
            for (size_t i = 0; i < norm.n;) {
                uint32_t cp;
                char enc[4];
                i += ht_utf8_decode((const unsigned char *)norm.p + i, norm.n - i, &cp);
                ht_buf_append(&exact, enc,
                              ht_utf8_encode((uint32_t)utf8proc_tolower((utf8proc_int32_t)cp), enc));
            }
            if (key.n)
                record(out, 0, key.p, (int)key.n, a, z);
            /* a word without marks: its key alone */
            if (!(key.n && exact.n == key.n + 1 && memcmp(exact.p + 1, key.p, key.n) == 0))
                record(out, key.n ? FTS5_TOKEN_COLOCATED : 0, exact.p, (int)exact.n, a, z);
            ht_buf_free(&key);
            ht_buf_free(&norm);
            ht_buf_free(&exact);
        }
        off += bad + 1;
    }
}

/* Pieces of document text, glued at random: words met again and again (remembered by
 * the tokenizer, then read through its short path), in both tone placements, NFD, in
 * capitals; words too long to be remembered or to be indexed; marks after punctuation
 * and white space; numbers; skipped characters; bytes that are not UTF-8. */
static const char *const pieces[] = {
    "Hòa", "hoà", "Ho\xcc\x80" "a", "HÒA", "Đắk", "lắk", "nghiệp", "COVID19", "thủy", "a", "ß",
    "Ǆ", "264.522", "28,22", "2018", ".", ",", "-", "'", "\"", "=", "\xe2\x80\x9c",
    "\xe2\x80\x9d", "\xe2\x80\x93", " ", " ", " ", "\n", "\t", "\xc2\xa0", "\xc2\xad",
    "\xe2\x80\x8b", "\xcc\x81", "\xe2\x82\xab", "\xf0\x9f\x98\x80", "\xff", "\xc3", "\xe1\x80",
    "\xed\xa0\x80", "\x80",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefgh", /* 60 bytes */
};

static void test_tokens_as_text_layer(void **state)
{
    (void)state;
    fts5_api *api = ht_fts_api(db);
    assert_non_null(api);
    fts5_tokenizer tok;
    void *ud;
    assert_int_equal(api->xFindTokenizer(api, HT_FTS_TOKENIZER, &ud, &tok), SQLITE_OK);
    Fts5Tokenizer *t;
    assert_int_equal(tok.xCreate(ud, NULL, 0, &t), SQLITE_OK);
    char long_word[300];
    memset(long_word, 'x', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = 0;
    unsigned seed = 11;
    char *text = malloc(64 * sizeof long_word);
    assert_non_null(text);
    ht_buf got = {0}, want = {0};
    for (int round = 0; round < 2000; round++) {
        size_t n = 0, k = 1 + (size_t)round % 48;
        for (size_t i = 0; i < k; i++) {
            seed = seed * 1103515245u + 12345u;
            size_t r = (seed >> 16) % (sizeof pieces / sizeof pieces[0] + 1);
            const char *p = r < sizeof pieces / sizeof pieces[0] ? pieces[r] : long_word;
            memcpy(text + n, p, strlen(p));
            n += strlen(p);
        }
        ht_buf_reset(&want);
        expected_tokens(text, n, &want);
        for (int again = 0; again < 2; again++) {
            ht_buf_reset(&got);
            /* copied to a buffer of its own size: nothing is read past the text */
            char *own = malloc(n ? n : 1);
            assert_non_null(own);
            memcpy(own, text, n);
            assert_int_equal(tok.xTokenize(t, &got, FTS5_TOKENIZE_DOCUMENT, own, (int)n, record),
                             SQLITE_OK);
            free(own);
            assert_int_equal(got.n, want.n);
            assert_memory_equal(got.p, want.p, want.n);
        }
    }
    free(text);
    ht_buf_free(&got);
    ht_buf_free(&want);
    tok.xDelete(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_folded),       cmocka_unit_test(test_exact),
        cmocka_unit_test(test_prefix_and_numbers), cmocka_unit_test(test_highlight),
        cmocka_unit_test(test_fold_function), cmocka_unit_test(test_normalize_function),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_memo),         cmocka_unit_test(test_tokens_as_text_layer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
