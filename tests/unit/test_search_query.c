/* Unit tests of the search query parser and compiler: the trees and MATCH strings of
 * valid queries, the messages of malformed ones, inputs that try to inject FTS5 syntax
 * (run through a real FTS5 table), and the meaning of the compiled expressions on a
 * table indexed the way the store's tokenizer does (folded key + colocated exact form). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "search/query.h"
#include "store/fts.h"
#include "text/text.h"

/* ---- aliases written for these tests ---- */

static const char *const alias_groups[][4] = {
    {"Sekong", "Sê Kông", "Xê Kông", NULL},
    {"Lếch-lay Sỉ-vi-lay", "Lếc-lay Sỉ-vy-lay", NULL, NULL},
    {"TP.HCM", "Thành phố Hồ Chí Minh", "Sài Gòn", NULL},
};

static int alias_calls;

static int test_alias(void *ctx, const char *key, size_t n, ht_query_alts *out, ht_error *e)
{
    (void)ctx;
    (void)e;
    alias_calls++;
    for (size_t g = 0; g < sizeof alias_groups / sizeof alias_groups[0]; g++) {
        bool hit = false;
        for (size_t i = 0; alias_groups[g][i] && !hit; i++) {
            ht_buf f = {0};
            ht_text_fold(alias_groups[g][i], strlen(alias_groups[g][i]), &f);
            hit = f.n == n && !memcmp(f.p, key, n);
            ht_buf_free(&f);
        }
        for (size_t i = 0; hit && alias_groups[g][i]; i++)
            assert_int_equal(ht_query_alts_add(out, alias_groups[g][i], strlen(alias_groups[g][i])), 0);
    }
    return 0;
}

static int failing_alias(void *ctx, const char *key, size_t n, ht_query_alts *out, ht_error *e)
{
    (void)ctx;
    (void)key;
    (void)n;
    (void)out;
    return ht_err(e, HT_EDB, "alias table unreadable");
}

static int parse(const char *s, size_t n, bool exact, bool aliases, ht_query *q, ht_error *e)
{
    ht_query_opts o = {.exact = exact, .alias = aliases ? test_alias : NULL};
    return ht_query_parse(s, n, &o, q, e);
}

/* ---- golden MATCH strings ---- */

static void test_golden(void **st)
{
    (void)st;
    static const struct {
        const char *in;
        bool exact;
        const char *match, *boost;
    } cases[] = {
        {"dak lak", false, "(\"dak\" AND \"lak\")", NULL},
        {"DAK LAK", false, "(\"dak\" AND \"lak\")", NULL},
        {"đắk lắk", false, "(\"dak\" AND \"lak\")", "(\"=đắk\" AND \"=lắk\")"},
        {"ĐẮK LẮK", false, "(\"dak\" AND \"lak\")", "(\"=đắk\" AND \"=lắk\")"},
        {"hoa binh", false, "(\"hoa\" AND \"binh\")", NULL},
        {"hoà bình", false, "(\"hoa\" AND \"binh\")", "(\"=hòa\" AND \"=bình\")"},
        {"sekong", false, "(\"sekong\" OR \"se kong\" OR \"xe kong\")", NULL},
        /* the words of a run keep their meaning; the aliases add phrases beside them */
        {"xe kong", false, "((\"xe\" AND \"kong\") OR \"sekong\" OR \"se kong\")", NULL},
        {"Sê-Kông", false, "(\"se kong\" OR \"sekong\" OR \"xe kong\")",
         "\"=sê =kông\""},
        {"lech lay", false, "(\"lech\" AND \"lay\")", NULL},
        {"lech lay si vi lay", false,
         "((\"lech\" AND \"lay\" AND \"si\" AND \"vi\" AND \"lay\") OR \"lec lay si vy lay\")",
         NULL},
        {"Lếc-lay Sỉ-vy-lay", false, "((\"lec lay\" AND \"si vy lay\") OR \"lech lay si vi lay\")",
         "(\"=lếc lay\" AND \"=sỉ vy lay\")"},
        {"\"bản ghi nhớ\"", false, "\"ban ghi nho\"", "\"=bản ghi =nhớ\""},
        {"“bản ghi nhớ”", false, "\"ban ghi nho\"", "\"=bản ghi =nhớ\""},
        {"Hòa", true, "\"=hòa\"", NULL},
        {"Hoà", true, "\"=hòa\"", NULL},
        {"hop tac", false, "(\"hop\" AND \"tac\")", NULL},
        {"hợp tác Sekong", false,
         "(\"hop\" AND \"tac\" AND (\"sekong\" OR \"se kong\" OR \"xe kong\"))",
         "(\"=hợp\" AND \"=tác\" AND (\"sekong\" OR \"se kong\" OR \"xe kong\"))"},
        {"a OR b c", false, "(\"a\" OR (\"b\" AND \"c\"))", NULL},
        {"(a OR b) c", false, "((\"a\" OR \"b\") AND \"c\")", NULL},
        {"a AND b", false, "(\"a\" AND \"b\")", NULL},
        {"a -b", false, "((\"a\") NOT \"b\")", NULL},
        {"a NOT b", false, "((\"a\") NOT \"b\")", NULL},
        {"a b -c NOT d", false, "((\"a\" AND \"b\") NOT \"c\" NOT \"d\")", NULL},
        {"NOT NOT a", false, "\"a\"", NULL},
        {"a -(b -c)", false, "((\"a\") NOT ((\"b\") NOT \"c\"))", NULL},
        {"đường -dương", false, "((\"duong\") NOT \"duong\")", "((\"=đường\") NOT \"duong\")"},
        {"hợp* tác", false, "(\"hop\"* AND \"tac\")", "(\"=hợp\"* AND \"=tác\")"},
        {"\"hợp tác\"*", false, "\"hop tac\"*", "\"=hợp =tác\"*"},
        {"\"hợp tác*\"", false, "\"hop tac\"*", "\"=hợp =tác\"*"},
        {"Hòa* 2018", true, "(\"=hòa\"* AND \"2018\")", NULL},
        {"--exact", false, "\"exact\"", NULL},
        {"Lào-Việt", false, "\"lao viet\"", "\"=lào =việt\""},
        {"col:term", false, "\"col term\"", NULL},
        {"NEAR(a b)", false, "(\"near\" AND (\"a\" AND \"b\"))", NULL},
        {"a - b", false, "(\"a\" AND \"b\")", NULL},
        {"and or not", false, "(\"and\" AND \"or\" AND \"not\")", NULL},
        {"264.522 đồng", false, "(\"264.522\" AND \"dong\")", "(\"264.522\" AND \"=đồng\")"},
        {"c++ ^x", false, "(\"c\" AND \"x\")", NULL},
        {"2018–2023", false, "\"2018 2023\"", NULL},
        {"TP.HCM", false,
         "(\"tp hcm\" OR \"thanh pho ho chi minh\" OR \"sai gon\")", NULL},
        {"ti -Hóa", true, "(((\"ti\" AND (\"ti\" OR \"=tí\" OR \"=tì\" OR \"=tỉ\" OR \"=tĩ\" OR \"=tị\"))) NOT \"=hóa\")", NULL},
        {"Hóa -ti", true, "((\"=hóa\") AND (\"=hóa\" OR \"ti\" OR \"=tí\" OR \"=tì\" OR \"=tỉ\" OR \"=tĩ\" OR \"=tị\"))", NULL},
        {"Hóa -(ti OR to)", true, "((\"=hóa\") NOT ((\"ti\" NOT (\"=tí\" OR \"=tì\" OR \"=tỉ\" OR \"=tĩ\" OR \"=tị\")) OR (\"to\" NOT (\"=tó\" OR \"=tò\" OR \"=tỏ\" OR \"=tõ\" OR \"=tọ\" OR \"=tô\" OR \"=tố\" OR \"=tồ\" OR \"=tổ\" OR \"=tỗ\" OR \"=tộ\" OR \"=tơ\" OR \"=tớ\" OR \"=tờ\" OR \"=tở\" OR \"=tỡ\" OR \"=tợ\"))))", NULL},
        {"tì ti*", true, "(\"=tì\" AND (\"ti\"* AND (\"ti\"* OR \"=ti\"* OR \"=tí\"* OR \"=tì\"* OR \"=tỉ\"* OR \"=tĩ\"* OR \"=tị\"*)))", NULL},
        {"thuỷ lợi", false, "(\"thuy\" AND \"loi\")", "(\"=thủy\" AND \"=lợi\")"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ht_query q;
        ht_error e = {0};
        int rc = parse(cases[i].in, strlen(cases[i].in), cases[i].exact, true, &q, &e);
        if (rc)
            fail_msg("%s: %s", cases[i].in, e.msg);
        if (strcmp(q.match, cases[i].match))
            fail_msg("%s: match %s, want %s", cases[i].in, q.match, cases[i].match);
        const char *want = cases[i].boost;
        if ((want == NULL) != (q.boost == NULL) || (want && strcmp(want, q.boost)))
            fail_msg("%s: boost %s, want %s", cases[i].in, q.boost ? q.boost : "NULL",
                     want ? want : "NULL");
        ht_query_free(&q);
    }
}

static void assert_dump(const char *in, bool aliases, const char *want)
{
    ht_query q;
    ht_error e = {0};
    if (parse(in, strlen(in), false, aliases, &q, &e))
        fail_msg("%s: %s", in, e.msg);
    ht_buf b = {0};
    assert_int_equal(ht_query_dump(q.root, &b), 0);
    if (strcmp(b.p, want))
        fail_msg("%s: tree %s, want %s", in, b.p, want);
    ht_buf_free(&b);
    ht_query_free(&q);
}

static void test_trees(void **st)
{
    (void)st;
    assert_dump("a b OR c", false, "(OR (AND \"a\" \"b\") \"c\")");
    assert_dump("a OR b OR (c d)", false, "(OR \"a\" \"b\" (AND \"c\" \"d\"))");
    assert_dump("-a b", false, "(AND (NOT \"a\") \"b\")");
    assert_dump("xe kong hợp tác", true,
                "(AND (\"xe\" \"kong\"){\"sekong\"|\"se kong\"} \"hop\" \"tac\")");
    /* an explicit AND breaks a run: "xe AND kong" are two words, not the name */
    assert_dump("xe AND kong", true, "(AND \"xe\" \"kong\")");
    /* a prefix word is not offered to the aliases */
    assert_dump("sekong*", true, "\"sekong\"*");
    assert_dump("-sekong a", true, "(AND (NOT \"sekong\"{\"se kong\"|\"xe kong\"}) \"a\")");
    assert_dump("\"xê kông\"", true, "\"xe kong\"{\"sekong\"|\"se kong\"}");
}

/* The longest run of words is asked first, and a run that matched is not asked again. */
static void test_alias_runs(void **st)
{
    (void)st;
    ht_query q;
    ht_error e;
    alias_calls = 0;
    assert_int_equal(parse("tỉnh xe kong", strlen("tỉnh xe kong"), false, true, &q, &e), 0);
    /* "tinh xe kong", "tinh xe", "tinh", then "xe kong" */
    assert_int_equal(alias_calls, 4);
    assert_string_equal(q.match, "(\"tinh\" AND ((\"xe\" AND \"kong\") OR \"sekong\" OR \"se kong\"))");
    ht_query_free(&q);
    /* no aliases in exact mode */
    alias_calls = 0;
    assert_int_equal(parse("Sekong", 6, true, true, &q, &e), 0);
    assert_int_equal(alias_calls, 0);
    /* written without marks: the key, and its forms with marks for the ranking's check */
    assert_memory_equal(q.match, "(\"sekong\" AND (\"sekong\" OR \"=sékong\" OR ", 38);
    assert_null(strstr(q.match, "se kong"));
    assert_true(q.checked);
    ht_query_free(&q);
    /* the callback's error stops the parse with its message */
    ht_query_opts o = {.alias = failing_alias};
    assert_int_equal(ht_query_parse("a b", 3, &o, &q, &e), HT_EDB);
    assert_string_equal(e.msg, "alias table unreadable");
    ht_query_free(&q);
}

static void test_terms(void **st)
{
    (void)st;
    ht_query q;
    ht_error e;
    const char *s = "Đắk Lắk \"hợp tác\"* -Lào OR sekong";
    assert_int_equal(parse(s, strlen(s), false, true, &q, &e), 0);
    /* (OR (AND dak lak "hop tac"* (NOT lao)) sekong{...}) */
    assert_int_equal(q.nterms, 6);
    assert_string_equal(q.terms[0].key, "dak");
    assert_string_equal(q.terms[0].exact, "đắk");
    assert_true(q.terms[0].accented);
    assert_int_equal(q.terms[0].group, 0);
    assert_string_equal(q.terms[2].key, "hop tac");
    assert_string_equal(q.terms[2].exact, "hợp tác");
    assert_true(q.terms[2].prefix);
    assert_int_equal(q.terms[2].group, 2);
    assert_string_equal(q.terms[3].key, "sekong");
    assert_false(q.terms[3].accented);
    assert_string_equal(q.terms[4].key, "se kong");
    assert_null(q.terms[4].exact);
    assert_int_equal(q.terms[4].group, 3);
    assert_int_equal(q.terms[5].group, 3);
    ht_query_free(&q);
}

/* ---- malformed queries ---- */

static void test_errors(void **st)
{
    (void)st;
    static const struct {
        const char *in;
        int code;
        const char *msg;
    } cases[] = {
        {"", HT_EFORMAT, "empty query"},
        {"   \t ", HT_EFORMAT, "empty query"},
        {"!!! ...", HT_EFORMAT, "empty query"},
        {"hợp tác \"Đắk Lắk", HT_EFORMAT, "unclosed quote at column 9"},
        {"\"abc", HT_EFORMAT, "unclosed quote at column 1"},
        {"NOT", HT_EFORMAT, "NOT at column 1 needs a term after it"},
        {"a NOT", HT_EFORMAT, "NOT at column 3 needs a term after it"},
        {"a -", HT_EFORMAT, "empty query"}, /* never reached: see below */
        {"NOT a", HT_EFORMAT, "nothing to search for: the query only excludes (NOT at column 1)"},
        {"-a -b", HT_EFORMAT, "nothing to search for: the query only excludes (NOT at column 1)"},
        {"a OR -b", HT_EFORMAT,
         "NOT at column 6 cannot be a side of OR alone: put a term to search for beside it"},
        {"(-a -b) OR c", HT_EFORMAT,
         "NOT at column 2 cannot be a side of OR alone: put a term to search for beside it"},
        {"a -(-b -c)", HT_EFORMAT, "nothing to search for beside NOT at column 5"},
        {"a (b", HT_EFORMAT, "'(' at column 3 is not closed"},
        {"(", HT_EFORMAT, "'(' at column 1 is not closed"},
        {"a)", HT_EFORMAT, "')' at column 2 has no matching '('"},
        {")a", HT_EFORMAT, "')' at column 1 has no matching '('"},
        {"a ()", HT_EFORMAT, "empty parentheses at column 3"},
        {"AND a", HT_EFORMAT, "AND at column 1 needs a term before it"},
        {"a AND", HT_EFORMAT, "AND at column 3 needs a term after it"},
        {"a AND OR b", HT_EFORMAT, "AND at column 3 needs a term after it"},
        {"OR a", HT_EFORMAT, "OR at column 1 needs a term before it"},
        {"a OR", HT_EFORMAT, "OR at column 3 needs a term after it"},
        {"a OR OR b", HT_EFORMAT, "OR at column 3 needs a term after it"},
        {"Đà Nẵng OR)", HT_EFORMAT, "OR at column 9 needs a term after it"},
        {"a \"\" b", HT_EFORMAT, "nothing to search for between the quotes at column 3"},
        {"\"*\"", HT_EFORMAT, "nothing to search for between the quotes at column 1"},
        {"h*", HT_EFORMAT, "prefix at column 1 is too short: write at least 2 letters before '*'"},
        {"đ*", HT_EFORMAT, "prefix at column 1 is too short: write at least 2 letters before '*'"},
        {"ab\xC3", HT_EUTF8, "the query is not valid UTF-8 (byte 2)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (!strcmp(cases[i].in, "a -"))
            continue; /* "-" alone is punctuation: "a -" is just "a" */
        ht_query q;
        ht_error e = {0};
        int rc = parse(cases[i].in, strlen(cases[i].in), false, true, &q, &e);
        if (rc != cases[i].code || strcmp(e.msg, cases[i].msg))
            fail_msg("%s: %d \"%s\", want %d \"%s\"", cases[i].in, rc, e.msg, cases[i].code,
                     cases[i].msg);
        assert_null(q.match);
        ht_query_free(&q);
    }
    ht_query q;
    ht_error e;
    assert_int_equal(parse("a -", 3, false, false, &q, &e), 0);
    assert_string_equal(q.match, "\"a\"");
    ht_query_free(&q);
}

static void test_limits(void **st)
{
    (void)st;
    ht_query q;
    ht_error e;
    ht_buf b = {0};
    for (int i = 0; i < 65; i++)
        ht_buf_printf(&b, "w%d ", i);
    assert_int_equal(parse(b.p, b.n, false, false, &q, &e), HT_ELIMIT);
    assert_string_equal(e.msg, "too many terms: at most 64");
    ht_query_free(&q);
    ht_buf_reset(&b);
    for (int i = 0; i < 40; i++)
        ht_buf_putc(&b, '(');
    ht_buf_puts(&b, "a");
    assert_int_equal(parse(b.p, b.n, false, false, &q, &e), HT_ELIMIT);
    assert_non_null(strstr(e.msg, "nested too deeply at column 33"));
    ht_query_free(&q);
    ht_buf_reset(&b);
    for (int i = 0; i < 2100; i++)
        ht_buf_puts(&b, "ab");
    assert_int_equal(parse(b.p, b.n, false, false, &q, &e), HT_ELIMIT);
    assert_string_equal(e.msg, "query too long: 4200 bytes (at most 4096)");
    ht_query_free(&q);
    ht_buf_free(&b);
}

/* ---- FTS5: the compiled expressions are always valid ---- */

static sqlite3 *plain_db(void)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE VIRTUAL TABLE t USING fts5(body, "
                                  "tokenize = 'unicode61 remove_diacritics 2');"
                                  "INSERT INTO t VALUES ('hợp tác Đắk Lắk và Sê Kông'),"
                                  "('col term near a b'), ('x y z');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    return db;
}

static void assert_fts_ok(sqlite3 *db, const char *expr, const char *from)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?1", -1, &stmt, NULL);
    assert_int_equal(rc, SQLITE_OK);
    sqlite3_bind_text(stmt, 1, expr, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        ;
    if (rc != SQLITE_DONE)
        fail_msg("query %s -> %s: %s", from, expr, sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
}

static void check_input(sqlite3 *db, const char *s, size_t n)
{
    for (int exact = 0; exact < 2; exact++) {
        ht_query q;
        ht_error e = {0};
        int rc = parse(s, n, exact, true, &q, &e);
        if (rc == 0) {
            assert_fts_ok(db, q.match, s);
            if (q.boost)
                assert_fts_ok(db, q.boost, s);
        } else {
            assert_true(e.msg[0] != 0);
            assert_null(strstr(e.msg, "fts5"));
            assert_null(strstr(e.msg, "syntax"));
        }
        ht_query_free(&q);
    }
}

static void test_injection(void **st)
{
    (void)st;
    sqlite3 *db = plain_db();
    static const char *const inputs[] = {
        "\"", "\"\"\"", "a\"b\"c\"", "a \"b\" \"", "*", "**", "a**", "*a", "a*b*",
        "^a", "^", "a ^b", ":", "col:term", "body:hợp", "{body}: a", "- body : a", "NEAR(",
        "NEAR(a b, 3)", "NEAR(a b", "a + b", "(", ")", "((a)", "(a))", ")(", "a)(b",
        "AND", "OR", "NOT", "a AND AND b", "a OR NOT b", "a NOT NOT b", "NOT (a)",
        "\"a\"*b", "\"a\" * b", "\"*\"a", "a \"\"*", "'a'", "a' OR '1'='1", "a;DROP TABLE t",
        "\\\"a", "a\\", "=hòa", "\"=hòa\"", "==", "= a", "x*y", "hợp tác*", "“a", "”a”b“",
        "(a OR b) -(c OR -d)", "-(a)", "a -(-b)", "a --b", "-\"a\"", "-(", "-)", "\t\n\r",
        "a\x01" "b", "Đắk-", "-Đắk", "ǅ*", "ß*", "ﬁle*", "İstanbul", "\xE2\x80\x8B" "ab",
        "a\xCC\x81", "\xCC\x81", "\xCC\x81*", "٣٤*", "日本*", "AND*", "OR*", "NOT*",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
        check_input(db, inputs[i], strlen(inputs[i]));
    /* NUL bytes inside the query */
    static const char nul1[] = "a\0b", nul2[] = "\"a\0\"", nul3[] = "\0", nul4[] = "NOT\0a b";
    check_input(db, nul1, sizeof nul1 - 1);
    check_input(db, nul2, sizeof nul2 - 1);
    check_input(db, nul3, sizeof nul3 - 1);
    check_input(db, nul4, sizeof nul4 - 1);
    /* many random combinations of the pieces that mean something to FTS5 or to us */
    static const char *const pieces[] = {
        "a", "b", "hợp", "Đắk", "sekong", "xe", "kong", "\"", "“", "*", "^", ":", "(", ")",
        "-", "+", "AND", "OR", "NOT", "NEAR", ",", " ", " ", " ", "\0", "=", "2018", "'",
    };
    uint32_t seed = 12345;
    for (int round = 0; round < 3000; round++) {
        char buf[128];
        size_t n = 0;
        int parts = 1 + round % 9;
        for (int k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *pc = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            size_t len = *pc ? strlen(pc) : 1;
            memcpy(buf + n, pc, len);
            n += len;
        }
        check_input(db, buf, n);
    }
    sqlite3_close(db);
}

/* ---- meaning, on a table indexed as the store's tokenizer indexes ---- */

/* Each word: its folded key and, colocated, HT_QUERY_EXACT_MARK + its exact form; in a
 * query, a word directly after the marker is looked up by its exact form alone. */
typedef int (*token_fn)(void *, int, const char *, int, int, int);

static int tk_create(void *c, const char **a, int n, Fts5Tokenizer **out)
{
    (void)c;
    (void)a;
    (void)n;
    *out = (Fts5Tokenizer *)malloc(1);
    return *out ? SQLITE_OK : SQLITE_NOMEM;
}

static void tk_delete(Fts5Tokenizer *t) { free(t); }

static int tk_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *s, int n, token_fn fn)
{
    (void)t;
    bool query = flags & FTS5_TOKENIZE_QUERY;
    size_t pos = 0, exact_at = (size_t)-1, mlen = strlen(HT_QUERY_EXACT_MARK);
    ht_token tok;
    int rc = SQLITE_OK;
    ht_buf k = {0}, x = {0};
    while (rc == SQLITE_OK && ht_text_next_token(s, (size_t)n, &pos, &tok)) {
        size_t len = tok.end - tok.start;
        if (tok.kind == HT_TOK_PUNCT) {
            if (len == mlen && !memcmp(s + tok.start, HT_QUERY_EXACT_MARK, mlen))
                exact_at = tok.end;
            continue;
        }
        ht_buf_reset(&k);
        ht_buf_reset(&x);
        if (tok.kind == HT_TOK_NUM) {
            rc = fn(ctx, 0, s + tok.start, (int)len, (int)tok.start, (int)tok.end);
            continue;
        }
        ht_text_fold(s + tok.start, len, &k);
        ht_buf_puts(&x, HT_QUERY_EXACT_MARK);
        ht_query_exact_form(s + tok.start, len, &x);
        bool eq = query && exact_at == tok.start;
        if (!eq)
            rc = fn(ctx, 0, k.p, (int)k.n, (int)tok.start, (int)tok.end);
        if (rc == SQLITE_OK && (!query || eq))
            rc = fn(ctx, query ? 0 : FTS5_TOKEN_COLOCATED, x.p, (int)x.n, (int)tok.start,
                    (int)tok.end);
    }
    ht_buf_free(&k);
    ht_buf_free(&x);
    return rc;
}

static sqlite3 *colocated_db(void)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    fts5_api *api = NULL;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    assert_non_null(api);
    static fts5_tokenizer tk = {tk_create, tk_delete, tk_tokenize};
    assert_int_equal(api->xCreateTokenizer(api, "colocated", NULL, &tk, NULL), SQLITE_OK);
    /* sentences written for this test */
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='colocated');"
                                  "INSERT INTO t(rowid, body) VALUES"
                                  "(1, 'Tỉnh Hòa Bình mở rộng hợp tác'),"
                                  "(2, 'Đoàn công tác tỉnh Hoà Bình sang thăm'),"
                                  "(3, 'Nhà máy hóa chất ở ngoại ô'),"
                                  "(4, 'Con đường mới nối hai huyện'),"
                                  "(5, 'Hàng dương liễu ven biển'),"
                                  "(6, 'Đoàn đại biểu tỉnh Sê Kông'),"
                                  "(7, 'Lễ ký kết với tỉnh Xê-Kông (Lào)'),"
                                  "(8, 'Sekong province delegation'),"
                                  "(9, 'Đắk Lắk ký bản ghi nhớ giai đoạn 2018-2023'),"
                                  "(10, 'DAK LAK, ban ghi nho khac');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    return db;
}

/* Comma-separated rowids matching expr, in rowid order. */
static void rows(sqlite3 *db, const char *expr, char *out, size_t cap)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    size_t k = 0;
    out[0] = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        k += (size_t)snprintf(out + k, cap - k, "%s%lld", k ? "," : "", sqlite3_column_int64(st, 0));
    if (rc != SQLITE_DONE)
        fail_msg("%s: %s", expr, sqlite3_errmsg(db));
    sqlite3_finalize(st);
}

static void test_meaning(void **st)
{
    (void)st;
    sqlite3 *db = colocated_db();
    static const struct {
        const char *in;
        bool exact;
        const char *rows, *boost_rows; /* boost_rows NULL: no boost expression */
    } cases[] = {
        {"hoa binh", false, "1,2", NULL},
        {"Hòa Bình", false, "1,2", "1,2"},
        {"Hòa", true, "1,2", NULL},
        {"Hoà", true, "1,2", NULL},
        {"Hóa", true, "3", NULL},
        {"hoa", false, "1,2,3", NULL},
        {"đường", false, "4,5", "4"},
        {"dương", false, "4,5", "5"},
        {"sekong", false, "6,7,8", NULL},
        {"xe kong", false, "6,7,8", NULL},
        {"Sê Kông", false, "6,7,8", "6"},
        {"dak lak", false, "9,10", NULL},
        {"DAK LAK", false, "9,10", NULL},
        {"đắk lắk", false, "9,10", "9"},
        {"\"bản ghi nhớ\"", false, "9,10", "9"},
        {"\"bản ghi nhớ\"", true, "9", NULL},
        {"hợp* OR \"ky ket\"", false, "1,7", "1,7"},
        {"tỉnh -\"hòa bình\"", false, "6,7", "6,7"},
        {"tỉnh -Hòa", true, "6,7", NULL},
        {"2018", false, "9", NULL},
        /* "đoạn" folds to "doan" too: only the boost tells "đoàn" apart */
        {"đoàn NOT hoa", false, "6,9", "6"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ht_query q;
        ht_error e = {0};
        if (parse(cases[i].in, strlen(cases[i].in), cases[i].exact, true, &q, &e))
            fail_msg("%s: %s", cases[i].in, e.msg);
        char got[256];
        rows(db, q.match, got, sizeof got);
        if (strcmp(got, cases[i].rows))
            fail_msg("%s%s (%s): rows %s, want %s", cases[i].exact ? "--exact " : "",
                     cases[i].in, q.match, got, cases[i].rows);
        if ((cases[i].boost_rows == NULL) != (q.boost == NULL))
            fail_msg("%s: boost %s", cases[i].in, q.boost ? q.boost : "NULL");
        if (q.boost) {
            rows(db, q.boost, got, sizeof got);
            if (strcmp(got, cases[i].boost_rows))
                fail_msg("%s (%s): boost rows %s, want %s", cases[i].in, q.boost, got,
                         cases[i].boost_rows);
        }
        ht_query_free(&q);
    }
    sqlite3_close(db);
}

/* ---- exact mode: the words without marks and their forms with marks ---- */

static size_t count_of(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void test_checked_words(void **st)
{
    (void)st;
    ht_query q;
    ht_error e = {0};
    /* "duoi": d/đ, u/ư, o/ô/ơ, i, no tone or one of five on one of three vowels */
    assert_int_equal(parse("duoi", 4, true, false, &q, &e), 0);
    assert_true(q.checked);
    assert_non_null(q.root->check);
    assert_int_equal(q.root->check[0].n, 2 * 2 * 3 * 16 - 1);
    assert_int_equal(q.root->check[0].accept, -1);
    assert_non_null(strstr(q.match, "\"=dưới\""));
    assert_non_null(strstr(q.match, "\"=đuôi\""));
    assert_null(strstr(q.match, "\"=duoi\""));
    assert_int_equal(q.nphrases[0], 2 + 191);
    ht_query_free(&q);
    /* a word no mark can change, a number, a word with marks: nothing to check */
    static const char *const plain[] = {"tp", "2018", "dưới", "москва"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(parse(plain[i], strlen(plain[i]), true, false, &q, &e), 0);
        assert_false(q.checked);
        assert_null(strstr(q.match, " OR "));
        ht_query_free(&q);
    }
    /* outside exact mode nothing is checked */
    assert_int_equal(parse("duoi", 4, false, false, &q, &e), 0);
    assert_false(q.checked);
    assert_string_equal(q.match, "\"duoi\"");
    ht_query_free(&q);
    /* a query's forms are bounded: six times 191 is past HT_QUERY_MAX_CHECKED, so the
     * sixth word is matched by its key alone */
    const char *six = "duoi duoi duoi duoi duoi duoi";
    assert_int_equal(parse(six, strlen(six), true, false, &q, &e), 0);
    assert_int_equal(q.root->kind, HT_QN_AND);
    assert_int_equal(q.root->nkids, 6);
    for (size_t i = 0; i < 5; i++)
        assert_non_null(q.root->kids[i]->check);
    assert_null(q.root->kids[5]->check);
    assert_int_equal(count_of(q.match, "\"=dưới\""), 5);
    ht_query_free(&q);
}

/* ---- the query's exact forms are the store tokenizer's ---- */

typedef struct {
    ht_buf exact; /* the colocated token of the last word */
    int words;
} exact_sink;

static int sink_token(void *ctx, int flags, const char *tok, int n, int start, int end)
{
    (void)start;
    (void)end;
    exact_sink *k = ctx;
    if (flags & FTS5_TOKEN_COLOCATED) {
        ht_buf_reset(&k->exact);
        ht_buf_append(&k->exact, tok, (size_t)n);
    } else
        k->words++;
    return SQLITE_OK;
}

static void test_exact_forms_match_the_store(void **st)
{
    (void)st;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(ht_fts_register(db), SQLITE_OK);
    fts5_api *api = NULL;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL), SQLITE_OK);
    sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(s);
    sqlite3_finalize(s);
    assert_non_null(api);
    void *ud;
    fts5_tokenizer tk;
    assert_int_equal(api->xFindTokenizer(api, HT_FTS_TOKENIZER, &ud, &tk), SQLITE_OK);
    Fts5Tokenizer *t;
    assert_int_equal(tk.xCreate(ud, NULL, 0, &t), SQLITE_OK);
    /* NFC, NFD, the old tone placement, capitals, đ, and plain ASCII */
    static const char *const words[] = {
        "Hòa", "Ho\xcc\x80" "a", "Hoà", "HOÀ", "HÒA", "thuỷ", "THỦY", "khoẻ", "Khỏe",
        "uỷ", "Quý", "QUÝ", "Đắk", "ĐẮK", "Da\xcc\x86\xcc\x81k", "đường", "ĐƯỜNG",
        "Sekong", "SEKONG", "Nguyễn", "NGUYÊ\xcc\x83N", "Lếch", "hoàng", "Huỳnh",
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        exact_sink k = {{0}, 0};
        int n = (int)strlen(words[i]);
        assert_int_equal(tk.xTokenize(t, &k, FTS5_TOKENIZE_DOCUMENT, words[i], n, sink_token),
                         SQLITE_OK);
        ht_buf q = {0}, key = {0};
        ht_buf_puts(&q, HT_QUERY_EXACT_MARK);
        assert_int_equal(ht_query_exact_form(words[i], (size_t)n, &q), 0);
        assert_int_equal(ht_text_fold(words[i], (size_t)n, &key), 0);
        /* a word without marks is indexed under its key alone */
        if (q.n == key.n + 1 && memcmp(q.p + 1, key.p, key.n) == 0)
            q.n = 0;
        ht_buf_free(&key);
        if (k.words != 1 || k.exact.n != q.n || (q.n && memcmp(k.exact.p, q.p, q.n)))
            fail_msg("%s: store \"%.*s\", query \"%s\"", words[i], (int)k.exact.n,
                     k.exact.p ? k.exact.p : "", q.p);
        ht_buf_free(&q);
        ht_buf_free(&k.exact);
    }
    /* the marker a query writes is the one the tokenizer reads */
    assert_int_equal(strlen(HT_QUERY_EXACT_MARK), 1);
    assert_int_equal(HT_QUERY_EXACT_MARK[0], HT_FTS_EXACT_MARK);
    tk.xDelete(t);
    sqlite3_close(db);
}

/* Search as you type: the last word, when nothing follows it, is also a prefix, and
 * keeps its aliases; a finished word (a space or punctuation after it), a quoted phrase
 * and a one-letter word do not change. */
static void test_typing(void **st)
{
    (void)st;
    static const struct {
        const char *in, *match;
    } cases[] = {
        {"dak la", "(\"dak\" AND \"la\"*)"},
        {"dak la ", "(\"dak\" AND \"la\")"},
        {"dak la,", "(\"dak\" AND \"la\")"},
        {"dak l", "(\"dak\" AND \"l\")"},
        {"\"dak la\"", "\"dak la\""},
        {"hợp tá", "(\"hop\" AND \"ta\"*)"},
        {"sekong", "(\"sekong\"* OR \"se kong\" OR \"xe kong\")"},
        {"dak -lak", "((\"dak\") NOT \"lak\"*)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ht_query q;
        ht_error e = {0};
        ht_query_opts o = {.prefix_last = true, .alias = test_alias};
        int rc = ht_query_parse(cases[i].in, strlen(cases[i].in), &o, &q, &e);
        if (rc)
            fail_msg("%s: %s", cases[i].in, e.msg);
        if (strcmp(q.match, cases[i].match))
            fail_msg("%s: got %s, want %s", cases[i].in, q.match, cases[i].match);
        ht_query_free(&q);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden),    cmocka_unit_test(test_trees),
        cmocka_unit_test(test_alias_runs), cmocka_unit_test(test_terms),
        cmocka_unit_test(test_errors),    cmocka_unit_test(test_limits),
        cmocka_unit_test(test_injection), cmocka_unit_test(test_meaning),
        cmocka_unit_test(test_exact_forms_match_the_store), cmocka_unit_test(test_typing),
        cmocka_unit_test(test_checked_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
