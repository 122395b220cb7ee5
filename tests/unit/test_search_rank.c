/* Unit tests of hoptac_rank: its scores are FTS5's own bm25() with the same column
 * weights, on either of the query's expressions; its kept rows are the best by that
 * score whatever the heap size (the size bound never drops a row that belongs); rows to
 * skip are counted, not ranked; idf estimated from a sample; an unbound context is an
 * error. The texts are generated from a small vocabulary written for this test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "search/rank.h"
#include "store/fts.h"

static sqlite3 *db;

static const char *const vocab[] = {
    "hợp", "tác", "đường", "dương", "Hòa", "Hoà", "Bình", "hóa", "tỉnh", "Sê", "Kông",
    "đoàn", "ký", "kết", "giáo", "dục", "nông", "nghiệp", "Lào", "Việt", "Nam", "thăm",
    "trường", "học", "bổng", "văn", "hóa", "du", "lịch", "đầu", "tư",
};
#define NV (sizeof vocab / sizeof vocab[0])
#define ROWS 300

static unsigned long long lcg(unsigned long long *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

static void words(unsigned long long *seed, int n, ht_buf *b)
{
    for (int i = 0; i < n; i++) {
        /* a skewed draw, so that some words are common and others rare */
        unsigned long long r = lcg(seed) % (NV * NV);
        size_t w = (size_t)(sqrt((double)r));
        ht_buf_puts(b, i ? " " : "");
        ht_buf_puts(b, vocab[NV - 1 - (w < NV ? w : NV - 1)]);
    }
}

static int setup(void **state)
{
    (void)state;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK || ht_fts_register(db) != SQLITE_OK)
        return -1;
    if (sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(title, body, caption,"
                         " tokenize = 'hoptac')", NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    sqlite3_stmt *s;
    sqlite3_prepare_v2(db, "INSERT INTO t (rowid, title, body, caption) VALUES (?1, ?2, ?3, ?4)",
                       -1, &s, NULL);
    unsigned long long seed = 7;
    for (int i = 0; i < ROWS; i++) {
        ht_buf t = {0}, b = {0}, c = {0};
        words(&seed, 2 + (int)(lcg(&seed) % 5), &t);
        words(&seed, 5 + (int)(lcg(&seed) % 80), &b);
        words(&seed, (int)(lcg(&seed) % 6), &c);
        /* rowids far apart, as the registry's hashes are */
        sqlite3_bind_int64(s, 1, (long long)(i + 1) * 1000003LL);
        sqlite3_bind_text(s, 2, t.p ? t.p : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, b.p ? b.p : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 4, c.p ? c.p : "", -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(s);
        sqlite3_reset(s);
        ht_buf_free(&t);
        ht_buf_free(&b);
        ht_buf_free(&c);
        if (rc != SQLITE_DONE)
            return -1;
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

typedef struct {
    long long rowid;
    double score;
} ref_row;

/* Rows of expr by FTS5's bm25 (best first, then rowid), scores made positive. */
static size_t reference(const char *expr, ref_row *out, size_t cap)
{
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid, -bm25(t, 4.0, 1.0, 0.5) AS sc FROM t"
                                            " WHERE t MATCH ?1 ORDER BY sc DESC, rowid",
                                        -1, &s, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(s, 1, expr, -1, SQLITE_STATIC);
    size_t n = 0;
    while (sqlite3_step(s) == SQLITE_ROW && n < cap) {
        out[n].rowid = sqlite3_column_int64(s, 0);
        out[n++].score = sqlite3_column_double(s, 1);
    }
    sqlite3_finalize(s);
    return n;
}

/* Runs hoptac_rank over the query's expression in slot, keeping keep rows. */
static void ranked_slot(const ht_query *q, int slot, size_t keep, const long long *skip,
                        size_t nskip, ht_rank *r)
{
    memset(r, 0, sizeof *r);
    r->q = q;
    r->slot = slot;
    r->exact = slot == 1;
    r->keep = keep;
    r->skip = skip;
    r->nskip = nskip;
    r->weights[0] = 4.0;
    r->weights[1] = 1.0;
    r->weights[2] = 0.5;
    const char *m = slot ? q->boost : q->match;
    sqlite3_stmt *s;
    assert_int_equal(ht_rank_prepare(db, "SELECT hoptac_rank(t, ?2) FROM t WHERE t MATCH ?1", &s),
                     SQLITE_OK);
    sqlite3_bind_text(s, 1, m, -1, SQLITE_STATIC);
    ht_rank_bind(s, 2, r);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        ;
    if (rc != SQLITE_DONE)
        fail_msg("%s: %s", m, sqlite3_errmsg(db));
    sqlite3_finalize(s);
    ht_rank_sort(r);
}

static void ranked(const ht_query *q, size_t keep, ht_rank *r)
{
    ranked_slot(q, 0, keep, NULL, 0, r);
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static void parse(const char *s, bool exact, ht_query *q)
{
    ht_query_opts o = {.exact = exact};
    ht_error e = {0};
    if (ht_query_parse(s, strlen(s), &o, q, &e))
        fail_msg("%s: %s", s, e.msg);
}

static const char *const queries[] = {
    "hợp tác", "hop tac", "đường", "duong", "Hòa Bình", "hoa", "tỉnh OR đoàn",
    "\"giáo dục\"", "nông -nghiệp", "hợp* tỉnh", "(Lào OR Việt) thăm", "văn hóa du lịch",
};

/* Without a boost expression, every row with FTS5's score, in FTS5's order. */
static void test_same_as_bm25(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        ht_query q;
        parse(queries[i], false, &q);
        static ref_row ref[ROWS];
        size_t n = reference(q.match, ref, ROWS);
        ht_rank r;
        ranked(&q, ROWS, &r);
        assert_int_equal(r.total, (long)n);
        assert_int_equal(r.n, n);
        for (size_t k = 0; k < n; k++) {
            if (fabs(r.heap[k].score - ref[k].score) > 1e-9 * (1 + fabs(ref[k].score)) ||
                (r.heap[k].rowid != ref[k].rowid && fabs(ref[k].score - r.heap[k].score) > 1e-12))
                fail_msg("%s: row %zu: %lld %.12f, want %lld %.12f", queries[i], k,
                         r.heap[k].rowid, r.heap[k].score, ref[k].rowid, ref[k].score);
        }
        assert_true(n > 0);
        ht_rank_free(&r);
        ht_query_free(&q);
    }
}

/* A small heap keeps exactly the best rows, though most rows were never sized. */
static void test_bounded_heap(void **state)
{
    (void)state;
    long sized = 0, seen = 0;
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
        for (size_t keep = 1; keep <= 20; keep += 6) {
            ht_query q;
            parse(queries[i], false, &q);
            static ref_row ref[ROWS];
            size_t n = reference(q.match, ref, ROWS);
            ht_rank r;
            ranked(&q, keep, &r);
            assert_int_equal(r.total, (long)n);
            assert_int_equal(r.n, n < keep ? n : keep);
            for (size_t k = 0; k < r.n; k++)
                if (r.heap[k].rowid != ref[k].rowid)
                    fail_msg("%s keep %zu: row %zu is %lld, want %lld", queries[i], keep, k,
                             r.heap[k].rowid, ref[k].rowid);
            sized += r.sized;
            seen += r.total;
            ht_rank_free(&r);
            ht_query_free(&q);
        }
    /* the bound spares most size look-ups */
    assert_true(sized * 2 < seen);
}

/* The boost expression ranks as bm25 does over it, its rows flagged exact; the match
 * expression's pass then skips them but counts them. */
static void test_boost_and_skip(void **state)
{
    (void)state;
    static const char *const boosted[] = {"đường", "Hòa Bình", "hóa", "dương -tỉnh",
                                          "đường OR tỉnh", "(đường OR hợp) tỉnh"};
    for (size_t i = 0; i < sizeof boosted / sizeof boosted[0]; i++) {
        ht_query q;
        parse(boosted[i], false, &q);
        assert_non_null(q.boost);
        static ref_row all[ROWS], exact[ROWS];
        size_t n = reference(q.match, all, ROWS), nx = reference(q.boost, exact, ROWS);
        if (!(nx > 0 && nx < n))
            fail_msg("%s: %zu rows, %zu boost rows", boosted[i], n, nx);
        ht_rank r;
        ranked_slot(&q, 1, ROWS, NULL, 0, &r);
        assert_int_equal(r.total, (long)nx);
        assert_int_equal(r.n, nx);
        long long *skip = malloc(nx * sizeof *skip);
        for (size_t k = 0; k < nx; k++) {
            assert_true(r.heap[k].exact);
            if (fabs(r.heap[k].score - exact[k].score) > 1e-9 * (1 + exact[k].score))
                fail_msg("%s: boost row %zu: %.12f, want %.12f", boosted[i], k, r.heap[k].score,
                         exact[k].score);
            skip[k] = exact[k].rowid;
        }
        ht_rank_free(&r);
        for (size_t a = 1; a < nx; a++) /* sorted, as the caller gives them */
            for (size_t b = a; b > 0 && skip[b - 1] > skip[b]; b--) {
                long long t = skip[b];
                skip[b] = skip[b - 1];
                skip[b - 1] = t;
            }
        ranked_slot(&q, 0, ROWS, skip, nx, &r);
        assert_int_equal(r.total, (long)n);
        assert_int_equal(r.n, n - nx);
        for (size_t k = 0; k < r.n; k++) {
            assert_false(r.heap[k].exact);
            assert_null(bsearch(&r.heap[k].rowid, skip, nx, sizeof *skip, cmp_ll));
        }
        ht_rank_free(&r);
        free(skip);
        ht_query_free(&q);
    }
}

/* Counting only; and idf estimated from a sample of spread rowids: close to the exact
 * score, and the same order for a query of one word (idf is then a common factor). */
static void test_count_and_sample(void **state)
{
    (void)state;
    /* a word in fewer than a third of the rows, and enough for a sample of 30 to stand
     * for more */
    ht_query q;
    static ref_row ref[ROWS];
    size_t n = 0;
    for (size_t w = 0; w < NV; w++) {
        parse(vocab[w], false, &q);
        n = reference(q.match, ref, ROWS);
        if (n > 40 && n < 100)
            break;
        ht_query_free(&q);
        n = 0;
    }
    assert_true(n > 0);
    ht_rank r;
    ranked(&q, 0, &r);
    assert_int_equal(r.total, (long)n);
    assert_int_equal(r.n, 0);
    ht_rank_free(&r);

    memset(&r, 0, sizeof r);
    r.q = &q;
    r.keep = ROWS;
    r.weights[0] = 4.0;
    r.weights[1] = 1.0;
    r.weights[2] = 0.5;
    r.slot = 0;
    r.rowid_lo = 1000003LL;
    r.rowid_hi = ROWS * 1000003LL;
    r.sample = 30;
    sqlite3_stmt *s;
    assert_int_equal(ht_rank_prepare(db, "SELECT hoptac_rank(t, ?2) FROM t WHERE t MATCH ?1", &s),
                     SQLITE_OK);
    sqlite3_bind_text(s, 1, q.match, -1, SQLITE_STATIC);
    ht_rank_bind(s, 2, &r);
    while (sqlite3_step(s) == SQLITE_ROW)
        ;
    sqlite3_finalize(s);
    ht_rank_sort(&r);
    assert_int_equal(r.n, n);
    bool differs = false;
    for (size_t k = 0; k < n; k++) {
        assert_true(r.heap[k].rowid == ref[k].rowid || r.heap[k].score == r.heap[k - 1].score);
        if (fabs(r.heap[k].score - ref[k].score) >= 0.3 * ref[k].score)
            fail_msg("%s: %zu rows: score %f, exactly %f", q.match, n, r.heap[k].score,
                     ref[k].score);
        differs |= r.heap[k].score != ref[k].score;
    }
    assert_true(differs); /* it was estimated */
    ht_rank_free(&r);
    ht_query_free(&q);
}

static void test_errors(void **state)
{
    (void)state;
    sqlite3_stmt *s;
    assert_int_equal(ht_rank_prepare(db, "SELECT hoptac_rank(t, NULL) FROM t WHERE t MATCH 'hop'", &s),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ERROR);
    assert_non_null(strstr(sqlite3_errmsg(db), "no ranking context"));
    sqlite3_finalize(s);
    /* a MATCH that is not the query's */
    ht_query q;
    parse("hợp tác", false, &q);
    ht_rank r = {.q = &q, .keep = 5, .slot = 1};
    assert_int_equal(ht_rank_prepare(db, "SELECT hoptac_rank(t, ?1) FROM t WHERE t MATCH 'tỉnh'", &s),
                     SQLITE_OK);
    ht_rank_bind(s, 1, &r);
    assert_int_not_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(r.err, SQLITE_MISMATCH);
    sqlite3_finalize(s);
    ht_rank_free(&r);
    ht_query_free(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_bm25), cmocka_unit_test(test_bounded_heap),
        cmocka_unit_test(test_boost_and_skip), cmocka_unit_test(test_count_and_sample),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
