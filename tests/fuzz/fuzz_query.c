/* Fuzz target: query parse and compile, then every compiled expression ranked by
 * hoptac_rank over a real FTS5 table with hoptac's tokenizer (any SQLite error aborts,
 * and so does a phrase count that differs from FTS5's), and a snippet of the input cut
 * for the query's terms. The first byte chooses exact mode (bit 0) and alias expansion
 * (bit 1). */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "search/rank.h"
#include "search/snippet.h"
#include "store/fts.h"
#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static sqlite3_stmt *stmt;

/* Alternatives with punctuation and quotes, which must be folded away. */
static int alias(void *ctx, const char *key, size_t n, ht_query_alts *out, ht_error *e)
{
    (void)ctx;
    (void)e;
    if (n % 2)
        return 0;
    char buf[64];
    size_t k = n < 40 ? n : 40;
    buf[0] = '"';
    memcpy(buf + 1, key, k);
    memcpy(buf + 1 + k, "\" OR x*", 7);
    ht_query_alts_add(out, buf, k + 8);
    ht_query_alts_add(out, key, n / 2);
    return 0;
}

static void run(const ht_query *q, int slot)
{
    ht_rank r = {.q = q, .slot = slot, .keep = 2, .weights = {1.0}};
    sqlite3_reset(stmt);
    sqlite3_bind_text(stmt, 1, slot ? q->boost : q->match, -1, SQLITE_STATIC);
    ht_rank_bind(stmt, 2, &r);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        ;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    /* the compiled expression is not valid FTS5, or its phrases are not counted right */
    if (rc != SQLITE_DONE || r.err || r.n > 2 || (long)r.n > r.total)
        abort();
    ht_rank_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db) {
        if (sqlite3_open(":memory:", &db) != SQLITE_OK || ht_fts_register(db) != SQLITE_OK ||
            sqlite3_exec(db,
                         "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'hoptac');"
                         "INSERT INTO t VALUES ('hợp tác Đắk Lắk Sê Kông col term a b');"
                         "INSERT INTO t VALUES ('Hoà Bình x x2 đường dương 2018 ab ba');"
                         "INSERT INTO t VALUES ('a b c d e f g h i j k l m n o p q r s t');",
                         NULL, NULL, NULL) != SQLITE_OK ||
            ht_rank_prepare(db, "SELECT hoptac_rank(t, ?2) FROM t WHERE t MATCH ?1", &stmt) !=
                SQLITE_OK)
            abort();
    }
    if (size == 0)
        return 0;
    unsigned flags = data[0];
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    ht_query_opts o = {.exact = flags & 1, .alias = (flags & 2) ? alias : NULL};
    ht_query q;
    ht_error e = {0};
    if (ht_query_parse(s, n, &o, &q, &e) != 0) {
        if (!e.msg[0] || q.match)
            abort();
        ht_query_free(&q);
        return 0;
    }
    if (!q.match || !q.nterms)
        abort();
    run(&q, 0);
    if (q.boost)
        run(&q, 1);
    ht_snippet sn;
    ht_snippet_opts so = {.width = 1 + flags % 97, .exact = o.exact};
    if (ht_snippet_make(s, n, q.terms, q.nterms, &so, &sn, &e) == 0) {
        if (sn.start > sn.end || sn.end > n)
            abort();
        size_t prev = 0;
        for (size_t i = 0; i < sn.nmarks; i++) {
            if (sn.marks[i].start < prev || sn.marks[i].end <= sn.marks[i].start ||
                sn.marks[i].end > sn.n)
                abort();
            prev = sn.marks[i].end;
        }
        size_t bad;
        if (ht_utf8_validate(sn.text, sn.n, &bad, NULL) != 0)
            abort();
        ht_snippet_free(&sn);
    }
    ht_query_free(&q);
    return 0;
}
