/* Unit tests of the store layer: opening and schema, SQLite errors mapped to hoptac's
 * codes, documents (ids, idempotence, near duplicates), records from a SPEC 1b fixture
 * written for this test (resolution of people and activities across documents,
 * auto-confirm, reviewed records left alone), order independence, and the crash hook. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/store.h"
#include "store/store_int.h"

static char dir[] = "/tmp/hoptac-test-store-XXXXXX";
static int dbn;

static const char *new_path(void)
{
    static char p[128];
    snprintf(p, sizeof p, "%s/r%d.db", dir, ++dbn);
    return p;
}

static ht_store *open_new(void)
{
    ht_store *st;
    ht_error e = {0};
    if (ht_store_open(new_path(), HT_STORE_CREATE, &st, &e))
        fail_msg("open: %s", e.msg);
    return st;
}

static long long scalar(ht_store *st, const char *sql)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ht_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(ht_store_db(st)));
    long long v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    return v;
}

static char *text1(ht_store *st, const char *sql)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ht_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(ht_store_db(st)));
    char *v = NULL;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        v = strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return v;
}

static void expect_text(ht_store *st, const char *sql, const char *want)
{
    char *v = text1(st, sql);
    if (!v || strcmp(v, want) != 0)
        fail_msg("%s\n  got:  %s\n  want: %s", sql, v ? v : "(null)", want);
    free(v);
}

/* ---- fixture documents, written for these tests ---- */

static const char DOC_A[] =
    "Đắk Lắk và Sê Kông ký thỏa thuận hợp tác\n"
    "Ngày 5/6/2021, Phó Chủ tịch Nguyễn Văn Thành (còn viết là Nguyễn V. Thành) cùng đại "
    "diện Hội hữu nghị tỉnh Đắk Lắk ký thỏa thuận với tỉnh Sê Kông. Thỏa thuận gồm hai "
    "nhiệm vụ: trao đổi đoàn và đào tạo cán bộ.\n";

static const char DOC_B[] =
    "Sê Kông và Đắk Lắk hợp tác đào tạo\n"
    "Hôm 5/6/2021, ông Nguyễn V. Thành đã ký văn bản hợp tác với tỉnh Sê Kông tại "
    "Buôn Ma Thuột, hai bên cam kết đào tạo cán bộ.\n";

static const char DOC_C[] =
    "Đoàn Đắk Lắk thăm trường đại học\n"
    "Ông Nguyễn Văn Thành dẫn đầu đoàn đến thăm trường, trao đổi về học bổng cho sinh viên "
    "và kế hoạch năm học mới của hai bên.\n";

/* {"start": a, "end": z} of the first occurrence of needle in text */
static char *span(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    if (!p)
        fail_msg("fixture: '%s' not in the text", needle);
    static char buf[8][64];
    static int k;
    char *b = buf[k++ % 8];
    snprintf(b, 64, "{\"start\": %zu, \"end\": %zu}", (size_t)(p - text),
             (size_t)(p - text + strlen(needle)));
    return b;
}

static char *json_a(void)
{
    static char j[4096];
    const char *t = DOC_A;
    snprintf(j, sizeof j,
             "{\"parties\": ["
             "{\"id\": \"VN-DLK\", \"name\": \"Đắk Lắk\", \"kind\": \"province\", \"country\": \"VN\","
             " \"parent\": \"VN\", \"aliases\": [\"Daklak\"], \"mentions\": [%s]},"
             "{\"id\": \"LA-XE\", \"name\": \"Sê Kông\", \"kind\": \"province\", \"country\": \"LA\","
             " \"parent\": \"LA\", \"aliases\": [\"Xê Kông\"], \"mentions\": [%s]},"
             "{\"id\": \"local:1\", \"name\": \"Hội hữu nghị tỉnh Đắk Lắk\", \"kind\": \"organisation\","
             " \"country\": \"VN\", \"parent\": \"VN-DLK\", \"aliases\": [], \"mentions\": [%s]}],"
             "\"people\": [{\"name\": \"Nguyễn Văn Thành\", \"aliases\": [\"Nguyễn V. Thành\"],"
             " \"titles\": [\"Phó Chủ tịch\"], \"party\": \"VN-DLK\", \"mentions\": [%s, %s]}],"
             "\"agreements\": [{\"kind\": \"cooperation_agreement\", \"title\": null,"
             " \"parties\": [\"Đắk Lắk\", \"Sê Kông\"], \"signed\": \"2021-06-05\","
             " \"signed_inferred\": false, \"place\": null, \"term\": {\"from\": 2021, \"to\": 2025},"
             " \"fields\": [\"education\"], \"tasks_declared\": 2,"
             " \"tasks\": [\"trao đổi đoàn\", \"đào tạo cán bộ\"], \"confidence\": 0.9,"
             " \"evidence\": %s}],"
             "\"activities\": [{\"kind\": \"signing\", \"kinds\": [\"signing\"], \"date\": \"2021-06-05\","
             " \"date_inferred\": false, \"place\": null, \"parties\": [\"Đắk Lắk\", \"Sê Kông\"],"
             " \"participants\": [{\"name\": \"Nguyễn Văn Thành\", \"role\": \"Phó Chủ tịch\"}],"
             " \"commitments\": [], \"fields\": [\"education\"], \"agreement\": 0,"
             " \"confidence\": 0.6, \"evidence\": %s}],"
             "\"anniversaries\": []}",
             span(t, "Đắk Lắk"), span(t, "Sê Kông"), span(t, "Hội hữu nghị tỉnh Đắk Lắk"),
             span(t, "Nguyễn Văn Thành"), span(t, "Nguyễn V. Thành"),
             span(t, "Thỏa thuận gồm hai nhiệm vụ"), span(t, "ký thỏa thuận với tỉnh Sê Kông"));
    return j;
}

static char *json_b(void)
{
    static char j[4096];
    const char *t = DOC_B;
    snprintf(j, sizeof j,
             "{\"parties\": ["
             "{\"id\": \"LA-XE\", \"name\": \"Sê Kông\", \"kind\": \"province\", \"country\": \"LA\","
             " \"parent\": \"LA\", \"aliases\": [], \"mentions\": [%s]},"
             "{\"id\": \"VN-DLK\", \"name\": \"Đắk Lắk\", \"kind\": \"province\", \"country\": \"VN\","
             " \"parent\": \"VN\", \"aliases\": [], \"mentions\": [%s]}],"
             "\"people\": [{\"name\": \"Nguyễn V. Thành\", \"aliases\": [], \"titles\": [],"
             " \"party\": null, \"mentions\": [%s]}],"
             "\"agreements\": [],"
             "\"activities\": [{\"kind\": \"signing\", \"kinds\": [\"signing\", \"visit\"],"
             " \"date\": \"2021-06-05\", \"date_inferred\": false, \"place\": \"Buôn Ma Thuột\","
             " \"parties\": [\"Sê Kông\", \"Đắk Lắk\"],"
             " \"participants\": [{\"name\": \"Nguyễn V. Thành\", \"role\": null}],"
             " \"commitments\": [\"đào tạo cán bộ\"], \"fields\": [\"education\"],"
             " \"agreement\": null, \"confidence\": 0.7, \"evidence\": %s}],"
             "\"anniversaries\": []}",
             span(t, "Sê Kông"), span(t, "Đắk Lắk"), span(t, "Nguyễn V. Thành"),
             span(t, "ký văn bản hợp tác"));
    return j;
}

static char *json_c(void)
{
    static char j[2048];
    const char *t = DOC_C;
    snprintf(j, sizeof j,
             "{\"parties\": [{\"id\": \"VN-DLK\", \"name\": \"Đắk Lắk\", \"kind\": \"province\","
             " \"country\": \"VN\", \"parent\": \"VN\", \"aliases\": [], \"mentions\": [%s]}],"
             "\"people\": [{\"name\": \"Nguyen Van Thanh\", \"aliases\": [], \"titles\": [],"
             " \"party\": \"VN-DLK\", \"mentions\": [%s]}],"
             "\"agreements\": [], \"activities\": [{\"kind\": \"visit\", \"kinds\": [\"visit\"],"
             " \"date\": null, \"date_inferred\": false, \"place\": null, \"parties\": [\"Đắk Lắk\"],"
             " \"participants\": [], \"commitments\": [], \"fields\": [\"education\"],"
             " \"agreement\": null, \"confidence\": 0.5, \"evidence\": %s}], \"anniversaries\": []}",
             span(t, "Đắk Lắk"), span(t, "Nguyễn Văn Thành"), span(t, "đến thăm trường"));
    return j;
}

static void parse_text(const char *source, const char *text, ht_doc *d)
{
    ht_error e = {0};
    if (ht_page_parse(source, text, strlen(text), HT_FMT_TEXT, d, &e))
        fail_msg("parse %s: %s", source, e.msg);
}

/* Stores a document and its records in one transaction; returns whether it was new. */
static bool put(ht_store *st, const char *source, const char *text, const char *json,
                double auto_confirm)
{
    ht_doc d;
    ht_error e = {0};
    parse_text(source, text, &d);
    char id[HT_ID_MAX];
    bool added;
    assert_int_equal(ht_store_begin(st, &e), 0);
    int rc = ht_store_doc_put(st, &d, id, &added, &e);
    if (!rc && added && json)
        rc = ht_store_put_extracted(st, id, json, strlen(json), auto_confirm, NULL, &e);
    if (rc)
        fail_msg("storing %s: %s", source, e.msg);
    assert_int_equal(ht_store_commit(st, &e), 0);
    ht_doc_free(&d);
    return added;
}

/* Every row of every registry table (and the record index's content), sorted; the
 * full-text rowid of documents, given in order of arrival, stands for its document. */
static char *dump(ht_store *st)
{
    static const char *const tables[] = {
        "documents", "blocks", "parties", "people", "positions", "aliases", "agreements",
        "agreement_parties", "tasks", "activities", "activity_parties", "mentions", "sources",
        "history", "record_fts_content"};
    ht_buf out = {0};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        char sql[256];
        if (!strcmp(tables[t], "documents"))
            snprintf(sql, sizeof sql, "SELECT id, hash, source, format, title, published, url, orig,"
                                      " minhash, cluster, created, updated, deleted, text FROM documents");
        else
            snprintf(sql, sizeof sql, "SELECT * FROM %s", tables[t]);
        sqlite3_stmt *s;
        assert_int_equal(sqlite3_prepare_v2(ht_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
        char **rows = NULL;
        size_t n = 0;
        while (sqlite3_step(s) == SQLITE_ROW) {
            ht_buf r = {0};
            for (int c = 0; c < sqlite3_column_count(s); c++) {
                int ty = sqlite3_column_type(s, c);
                ht_buf_printf(&r, "%d:", ty);
                const void *p = sqlite3_column_blob(s, c);
                ht_buf_append(&r, p ? p : "", (size_t)sqlite3_column_bytes(s, c));
                ht_buf_putc(&r, '\x1f');
            }
            rows = realloc(rows, (n + 1) * sizeof *rows);
            rows[n++] = ht_buf_take(&r);
        }
        sqlite3_finalize(s);
        for (size_t i = 1; i < n; i++) /* insertion sort: small tables */
            for (size_t k = i; k > 0 && strcmp(rows[k - 1], rows[k]) > 0; k--) {
                char *x = rows[k];
                rows[k] = rows[k - 1];
                rows[k - 1] = x;
            }
        ht_buf_printf(&out, "== %s %zu\n", tables[t], n);
        for (size_t i = 0; i < n; i++) {
            ht_buf_puts(&out, rows[i]);
            ht_buf_putc(&out, '\n');
            free(rows[i]);
        }
        free(rows);
    }
    return ht_buf_take(&out);
}

/* ---- tests ---- */

static void test_open_and_schema(void **state)
{
    (void)state;
    ht_store *st = open_new();
    assert_int_equal(ht_store_schema(st), HT_STORE_SCHEMA);
    assert_int_equal(scalar(st, "PRAGMA user_version"), HT_STORE_SCHEMA);
    assert_int_equal(scalar(st, "PRAGMA foreign_keys"), 1);
    expect_text(st, "PRAGMA journal_mode", "wal");
    assert_true(scalar(st, "PRAGMA busy_timeout") > 0);
    char path[128];
    snprintf(path, sizeof path, "%s", ht_store_file(st));
    ht_store_close(st);
    /* opening again migrates nothing and reads */
    ht_error e = {0};
    assert_int_equal(ht_store_open(path, HT_STORE_READONLY, &st, &e), 0);
    assert_int_equal(ht_store_schema(st), HT_STORE_SCHEMA);
    ht_store_close(st);
    /* a missing file is not created without HT_STORE_CREATE */
    assert_int_equal(ht_store_open(new_path(), 0, &st, &e), HT_ENOTFOUND);
    assert_non_null(strstr(e.msg, "hoptac init"));
}

static void test_path(void **state)
{
    (void)state;
    unsetenv("HOPTAC_DB");
    assert_string_equal(ht_store_path(NULL), "./hoptac.db");
    setenv("HOPTAC_DB", "/x/env.db", 1);
    assert_string_equal(ht_store_path(NULL), "/x/env.db");
    assert_string_equal(ht_store_path("/x/opt.db"), "/x/opt.db");
    unsetenv("HOPTAC_DB");
}

static void test_clock(void **state)
{
    (void)state;
    char t[32];
    setenv("SOURCE_DATE_EPOCH", "86400", 1);
    ht_store_now(t);
    assert_string_equal(t, "1970-01-02T00:00:00Z");
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    ht_store_now(t);
    assert_string_equal(t, "2023-11-14T22:13:20Z");
}

static void test_errors(void **state)
{
    (void)state;
    ht_error e = {0};
    ht_store *st;
    /* not a database at all */
    const char *p = new_path();
    FILE *f = fopen(p, "w");
    for (int i = 0; i < 100; i++)
        fputs("this is a text file, not a database\n", f);
    fclose(f);
    assert_int_equal(ht_store_open(p, HT_STORE_CREATE, &st, &e), HT_ECORRUPT);
    assert_non_null(strstr(e.msg, "not a hoptac database or is corrupt"));
    assert_non_null(strstr(e.msg, p));
    /* another program's database */
    p = new_path();
    sqlite3 *db;
    sqlite3_open(p, &db);
    sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(ht_store_open(p, HT_STORE_CREATE, &st, &e), HT_ECORRUPT);
    assert_non_null(strstr(e.msg, "not a hoptac database"));
    /* a newer schema */
    ht_store *a = open_new();
    p = ht_store_file(a);
    char path[128];
    snprintf(path, sizeof path, "%s", p);
    assert_int_equal(sqlite3_exec(ht_store_db(a), "PRAGMA user_version = 99", NULL, NULL, NULL), 0);
    ht_store_close(a);
    assert_int_equal(ht_store_open(path, HT_STORE_CREATE, &st, &e), HT_EINVAL);
    assert_non_null(strstr(e.msg, "newer"));

    /* locked: a second writer waits, then is told */
    a = open_new();
    snprintf(path, sizeof path, "%s", ht_store_file(a));
    ht_store *b;
    assert_int_equal(ht_store_open(path, 0, &b, &e), 0);
    ht_store_set_busy_timeout(b, 20);
    assert_int_equal(ht_store_begin(a, &e), 0);
    assert_int_equal(ht_store_begin(b, &e), HT_EBUSY);
    assert_non_null(strstr(e.msg, "is locked by another process"));
    assert_non_null(strstr(e.msg, path));
    ht_store_rollback(a);
    assert_int_equal(ht_store_begin(b, &e), 0);
    ht_store_rollback(b);
    ht_store_close(b);

    /* read-only */
    assert_int_equal(ht_store_open(path, HT_STORE_READONLY, &b, &e), 0);
    ht_doc d;
    assert_int_equal(ht_page_parse("x.txt", DOC_A, strlen(DOC_A), HT_FMT_TEXT, &d, &e), 0);
    char id[HT_ID_MAX];
    bool added;
    int rc = ht_store_begin(b, &e);
    if (!rc)
        rc = ht_store_doc_put(b, &d, id, &added, &e);
    assert_int_equal(rc, HT_EREADONLY);
    assert_non_null(strstr(e.msg, "read-only"));
    ht_store_rollback(b);
    ht_store_close(b);

    /* full: the database may not grow past its current size */
    long long pages = scalar(a, "PRAGMA page_count");
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", pages + 1);
    sqlite3_exec(ht_store_db(a), sql, NULL, NULL, NULL);
    size_t big = 400000;
    char *text = malloc(big + 1);
    for (size_t i = 0; i < big; i++)
        text[i] = i % 61 == 60 ? '\n' : (char)('a' + (i * 7) % 26);
    text[big] = 0;
    ht_doc_free(&d);
    assert_int_equal(ht_page_parse("big.txt", text, big, HT_FMT_TEXT, &d, &e), 0);
    assert_int_equal(ht_store_begin(a, &e), 0);
    assert_int_equal(ht_store_doc_put(a, &d, id, &added, &e), HT_EFULL);
    assert_non_null(strstr(e.msg, "disk full"));
    ht_store_rollback(a);
    ht_doc_free(&d);
    free(text);
    ht_store_close(a);
}

static void test_documents(void **state)
{
    (void)state;
    ht_store *st = open_new();
    assert_true(put(st, "a.txt", DOC_A, NULL, 2));
    long long changes = scalar(st, "SELECT total_changes()");
    /* the same content again changes nothing, under another (larger) name too */
    assert_false(put(st, "a.txt", DOC_A, NULL, 2));
    assert_false(put(st, "b-copy.txt", DOC_A, NULL, 2));
    assert_int_equal(scalar(st, "SELECT total_changes()"), changes);
    /* a smaller name for the same content is kept, whatever came first */
    assert_false(put(st, "0-first.txt", DOC_A, NULL, 2));
    expect_text(st, "SELECT source FROM documents", "0-first.txt");
    assert_int_equal(scalar(st, "SELECT count(*) FROM documents"), 1);
    assert_true(scalar(st, "SELECT count(*) FROM blocks") >= 2);
    /* the id is the content hash's prefix; the rowid is the hash too */
    char *id = text1(st, "SELECT id FROM documents");
    char *hash = text1(st, "SELECT hash FROM documents");
    assert_int_equal(strncmp(id, "doc-", 4), 0);
    assert_int_equal(strncmp(id + 4, hash, 16), 0);
    /* full text: title and body, folded */
    assert_int_equal(scalar(st, "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'dak lak'"), 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'body: nhiem vu'"), 1);
    /* reading back, by prefix */
    ht_store_doc d;
    ht_error e = {0};
    char pfx[12];
    snprintf(pfx, sizeof pfx, "%.10s", id);
    assert_int_equal(ht_store_doc_get(st, pfx, &d, &e), 0);
    assert_string_equal(d.id, id);
    assert_int_equal(d.orig_n, strlen(DOC_A));
    assert_memory_equal(d.orig, DOC_A, d.orig_n);
    assert_true(d.nblocks >= 2);
    ht_store_doc_free(&d);
    assert_int_equal(ht_store_doc_get(st, "doc-0000000000000000", &d, &e), HT_ENOTFOUND);
    free(id);
    free(hash);
    ht_store_close(st);
}

static void test_near_duplicates(void **state)
{
    (void)state;
    static const char base[] =
        "Hai tỉnh thống nhất kế hoạch trao đổi đoàn nghệ thuật\n"
        "Theo kế hoạch, mỗi năm hai tỉnh cử một đoàn nghệ thuật sang biểu diễn phục vụ "
        "nhân dân vào dịp lễ hội truyền thống, đồng thời mở lớp dạy nhạc cụ dân tộc cho "
        "thanh thiếu niên và tổ chức triển lãm ảnh về đất nước, con người của nhau.\n";
    char edited[sizeof base + 64];
    snprintf(edited, sizeof edited, "%s%s", base, "Phóng viên thường trú.\n");
    static const char other[] =
        "Bệnh viện tỉnh tiếp nhận thiết bị y tế do đối tác trao tặng\n"
        "Số thiết bị gồm máy siêu âm, máy thở và bộ dụng cụ phẫu thuật, sẽ được đưa vào "
        "sử dụng tại khoa hồi sức tích cực từ tháng tới theo kế hoạch của ngành y tế.\n";
    ht_store *st = open_new();
    assert_true(put(st, "1.txt", base, NULL, 2));
    assert_true(put(st, "2.txt", edited, NULL, 2));
    assert_true(put(st, "3.txt", other, NULL, 2));
    assert_int_equal(scalar(st, "SELECT count(DISTINCT cluster) FROM documents"), 2);
    assert_int_equal(scalar(st, "SELECT count(*) FROM documents a JOIN documents b ON"
                                " a.cluster = b.cluster AND a.id < b.id WHERE a.source = '1.txt'"
                                " AND b.source = '2.txt' OR a.source = '2.txt' AND"
                                " b.source = '1.txt'"),
                     1);
    /* the cluster is named by its smallest id */
    assert_int_equal(scalar(st, "SELECT count(*) FROM documents WHERE cluster > id"), 0);
    ht_store_close(st);
}

static void test_records(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    ht_store *st = open_new();
    assert_true(put(st, "a.txt", DOC_A, json_a(), 0.8));
    /* parties: the document's, the gazetteer parents, the organisation */
    assert_int_equal(scalar(st, "SELECT count(*) FROM parties WHERE id IN ('VN-DLK', 'LA-XE', 'VN', 'LA')"), 4);
    assert_int_equal(scalar(st, "SELECT count(*) FROM parties WHERE id LIKE 'org-%' AND parent = 'VN-DLK'"), 1);
    expect_text(st, "SELECT name FROM parties WHERE id = 'VN-DLK'", "Đắk Lắk");
    expect_text(st, "SELECT status FROM parties WHERE id = 'LA-XE'", "confirmed");
    expect_text(st, "SELECT group_concat(alias, '|') FROM aliases WHERE record = 'LA-XE'", "Sê Kông|Xê Kông");
    /* the person with an alias */
    assert_int_equal(scalar(st, "SELECT count(*) FROM people"), 1);
    expect_text(st, "SELECT name || '/' || party FROM people", "Nguyễn Văn Thành/VN-DLK");
    assert_int_equal(scalar(st, "SELECT count(*) FROM aliases WHERE kind = 'person'"), 2);
    expect_text(st, "SELECT title FROM positions", "Phó Chủ tịch");
    /* the agreement with its tasks in order, auto-confirmed (0.9 >= 0.8) */
    expect_text(st, "SELECT group_concat(text, '|') FROM (SELECT text FROM tasks ORDER BY n)",
                "trao đổi đoàn|đào tạo cán bộ");
    expect_text(st, "SELECT kind || ' ' || signed || ' ' || term_from || '-' || term_to || ' ' ||"
                    " status FROM agreements",
                "cooperation_agreement 2021-06-05 2021-2025 confirmed");
    expect_text(st, "SELECT group_concat(party, ',') FROM (SELECT party FROM agreement_parties ORDER BY party)",
                "LA-XE,VN-DLK");
    /* the activity, proposed (0.6 < 0.8), linked to the agreement */
    expect_text(st, "SELECT status FROM activities", "proposed");
    assert_int_equal(scalar(st, "SELECT count(*) FROM activities a JOIN agreements g ON a.agreement = g.id"), 1);
    /* provenance: every record has its document and span; every mention a record */
    assert_int_equal(scalar(st, "SELECT count(*) FROM sources"), 6);
    assert_int_equal(scalar(st, "SELECT count(*) FROM mentions WHERE record IS NULL"), 0);
    assert_int_equal(scalar(st, "SELECT count(*) FROM mentions"), 7);
    expect_text(st, "SELECT created || ' ' || origin FROM agreements", "2023-11-14T22:13:20Z extracted");
    /* the record index: names and aliases, folded */
    assert_int_equal(scalar(st, "SELECT count(*) FROM record_fts WHERE record_fts MATCH 'xe kong'"), 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM record_fts WHERE record_fts MATCH 'nguyen v thanh'"), 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM record_fts WHERE record_fts MATCH 'dao tao can bo' AND kind = 'agreement'"), 1);

    /* a second article: the same person under another spelling, the same signing */
    assert_true(put(st, "b.txt", DOC_B, json_b(), 0.8));
    assert_int_equal(scalar(st, "SELECT count(*) FROM people"), 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM activities"), 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM sources WHERE kind = 'activity'"), 2);
    assert_int_equal(scalar(st, "SELECT count(DISTINCT document) FROM mentions WHERE kind = 'activity'"), 2);
    /* sets are unions; the confidence is the highest */
    expect_text(st, "SELECT kinds FROM activities", "[\"signing\",\"visit\"]");
    expect_text(st, "SELECT commitments FROM activities", "[\"đào tạo cán bộ\"]");
    assert_true(scalar(st, "SELECT confidence * 10 FROM activities") == 7);

    /* a record a person rejected is never proposed again nor overwritten */
    sqlite3_exec(ht_store_db(st), "UPDATE agreements SET status = 'rejected', reviewed = 1,"
                                  " title = 'edited by hand'", NULL, NULL, NULL);
    static const char DOC_D[] = "Nhắc lại thỏa thuận Đắk Lắk và Sê Kông\nNgày 5/6/2021 hai tỉnh ký thỏa thuận.\n";
    char jd[2048];
    snprintf(jd, sizeof jd,
             "{\"parties\": [{\"id\": \"VN-DLK\", \"name\": \"Đắk Lắk\", \"kind\": \"province\","
             " \"country\": \"VN\", \"parent\": \"VN\", \"aliases\": [], \"mentions\": [%s]},"
             "{\"id\": \"LA-XE\", \"name\": \"Sê Kông\", \"kind\": \"province\", \"country\": \"LA\","
             " \"parent\": \"LA\", \"aliases\": [], \"mentions\": [%s]}], \"people\": [],"
             "\"agreements\": [{\"kind\": \"cooperation_agreement\", \"title\": \"Thỏa thuận\","
             " \"parties\": [\"Sê Kông\", \"Đắk Lắk\"], \"signed\": \"2021-06-05\","
             " \"tasks\": [], \"confidence\": 0.95, \"evidence\": %s}], \"activities\": []}",
             span(DOC_D, "Đắk Lắk"), span(DOC_D, "Sê Kông"), span(DOC_D, "hai tỉnh ký thỏa thuận"));
    assert_true(put(st, "0-d.txt", DOC_D, jd, 0.8));
    assert_int_equal(scalar(st, "SELECT count(*) FROM agreements"), 1);
    expect_text(st, "SELECT status || '/' || title FROM agreements", "rejected/edited by hand");
    assert_int_equal(scalar(st, "SELECT count(*) FROM sources WHERE kind = 'agreement'"), 2);
    ht_store_close(st);
}

/* The older spelling of a syllable that ends a consonant with "y" is "i": "Bùi Sỹ Lợi"
 * and "Bùi Sĩ Lợi" in two articles are one person, in either order, with both names;
 * "Thúy" ("uy") is another syllable than "Thúi". */
static char *json_people(const char *text, const char *n1, const char *n2)
{
    static char j[1024];
    char s1[64], s2[64];
    snprintf(s1, sizeof s1, "%s", span(text, n1));
    snprintf(s2, sizeof s2, "%s", span(text, n2));
    snprintf(j, sizeof j,
             "{\"parties\": [], \"people\": [{\"name\": \"%s\", \"aliases\": [], \"titles\": [],"
             " \"party\": null, \"mentions\": [%s]}, {\"name\": \"%s\", \"aliases\": [],"
             " \"titles\": [], \"party\": null, \"mentions\": [%s]}], \"agreements\": [],"
             " \"activities\": [], \"anniversaries\": []}",
             n1, s1, n2, s2);
    return j;
}

static void test_person_i_for_y(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    static const char T1[] = "Tin một\nHôm qua ông Bùi Sỹ Lợi và bà Lê Thị Thúy phát biểu.\n";
    static const char T2[] = "Tin hai\nSáng nay ông Bùi Sĩ Lợi và bà Lê Thị Thúi dự họp.\n";
    for (int order = 0; order < 2; order++) {
        ht_store *st = open_new();
        if (order) {
            assert_true(put(st, "2.txt", T2, json_people(T2, "Bùi Sĩ Lợi", "Lê Thị Thúi"), 2));
            assert_true(put(st, "1.txt", T1, json_people(T1, "Bùi Sỹ Lợi", "Lê Thị Thúy"), 2));
        } else {
            assert_true(put(st, "1.txt", T1, json_people(T1, "Bùi Sỹ Lợi", "Lê Thị Thúy"), 2));
            assert_true(put(st, "2.txt", T2, json_people(T2, "Bùi Sĩ Lợi", "Lê Thị Thúi"), 2));
        }
        assert_int_equal(scalar(st, "SELECT count(*) FROM people WHERE name LIKE 'Bùi S% Lợi'"), 1);
        assert_int_equal(scalar(st, "SELECT count(*) FROM aliases a JOIN people p ON p.id = a.record"
                                    " WHERE p.name LIKE 'Bùi S% Lợi' AND a.alias IN ('Bùi Sỹ Lợi', 'Bùi Sĩ Lợi')"),
                         2);
        assert_int_equal(scalar(st, "SELECT count(*) FROM people WHERE name LIKE 'Lê Thị Thú%'"), 2);
        ht_store_close(st);
    }
}

/* Transliterations of foreign names that end a word with "y" or with "i": "Sergey
 * Lavrov" and "Sergei Lavrov", "Volodymyr Zelenskiy" and "Volodymyr Zelensky" are one
 * person each, in either order; a Vietnamese name written without marks keeps its "uy"
 * ("Le Thi Thuy" and "Le Thi Thui" are two). */
static void test_person_foreign_y(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    static const char T1[] = "Tin một\nHôm qua ông Sergey Lavrov và ông Volodymyr Zelenskiy phát biểu.\n";
    static const char T2[] = "Tin hai\nSáng nay ông Sergei Lavrov và ông Volodymyr Zelensky dự họp.\n";
    for (int order = 0; order < 2; order++) {
        ht_store *st = open_new();
        if (order) {
            assert_true(put(st, "2.txt", T2, json_people(T2, "Sergei Lavrov", "Volodymyr Zelensky"), 2));
            assert_true(put(st, "1.txt", T1, json_people(T1, "Sergey Lavrov", "Volodymyr Zelenskiy"), 2));
        } else {
            assert_true(put(st, "1.txt", T1, json_people(T1, "Sergey Lavrov", "Volodymyr Zelenskiy"), 2));
            assert_true(put(st, "2.txt", T2, json_people(T2, "Sergei Lavrov", "Volodymyr Zelensky"), 2));
        }
        assert_int_equal(scalar(st, "SELECT count(*) FROM people WHERE name LIKE 'Serge% Lavrov'"), 1);
        assert_int_equal(scalar(st, "SELECT count(*) FROM people WHERE name LIKE 'Volodymyr Zelensk%'"), 1);
        assert_int_equal(scalar(st, "SELECT count(*) FROM people"), 2);
        static const char T3[] = "Tin ba\nOng Le Thi Thuy va ba Le Thi Thui du hop.\n";
        assert_true(put(st, "3.txt", T3, json_people(T3, "Le Thi Thuy", "Le Thi Thui"), 2));
        assert_int_equal(scalar(st, "SELECT count(*) FROM people WHERE name LIKE 'Le Thi Thu%'"), 2);
        ht_store_close(st);
    }
}

/* One organisation per document, as extraction reports it (parent: a party id or
 * null). */
static char *json_org(const char *text, const char *name, const char *parent)
{
    static char j[1024];
    char p[32];
    snprintf(p, sizeof p, parent ? "\"%s\"" : "null", parent);
    snprintf(j, sizeof j,
             "{\"parties\": [{\"id\": \"local:1\", \"name\": \"%s\", \"kind\": \"organisation\","
             " \"country\": null, \"parent\": %s, \"aliases\": [], \"mentions\": [%s]}],"
             " \"people\": [], \"agreements\": [], \"activities\": [], \"anniversaries\": []}",
             name, p, span(text, name));
    return j;
}

/* A company is one party whatever legal form the article writes: "Công ty Cổ phần
 * Him Lam", "Tập đoàn Him Lam" and "Công ty TNHH Him Lam Group" are one, with each
 * name an alias, in either order, and under its country or none; "Tổng công ty Him Lam"
 * is another, and so is "Công ty Him Lam" of a Vietnamese province. A registry holding
 * a record of the name as written before companies were keyed so keeps using it. */
static void test_company_forms(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    static const char *const T[] = {
        "Tin một\nHôm qua Công ty Cổ phần Him Lam ký hợp đồng.\n",
        "Tin hai\nSáng nay Tập đoàn Him Lam khánh thành nhà máy.\n",
        "Tin ba\nChiều nay Công ty TNHH Him Lam Group trao quà.\n",
    };
    static const char *const N[] = {"Công ty Cổ phần Him Lam", "Tập đoàn Him Lam",
                                    "Công ty TNHH Him Lam Group"};
    static const char *const P[] = {NULL, "KR", NULL};
    char src[16];
    for (int order = 0; order < 2; order++) {
        ht_store *st = open_new();
        for (int k = 0; k < 3; k++) {
            int i = order ? 2 - k : k;
            snprintf(src, sizeof src, "%d.txt", i);
            assert_true(put(st, src, T[i], json_org(T[i], N[i], P[i]), 2));
        }
        assert_int_equal(scalar(st, "SELECT count(*) FROM parties WHERE kind = 'organisation'"), 1);
        assert_int_equal(scalar(st, "SELECT count(*) FROM aliases WHERE alias LIKE '%Him Lam%'"), 3);
        expect_text(st, "SELECT name FROM parties WHERE kind = 'organisation'", "Công ty Cổ phần Him Lam");
        static const char T4[] = "Tin bốn\nTổng công ty Him Lam họp.\n";
        assert_true(put(st, "4.txt", T4, json_org(T4, "Tổng công ty Him Lam", NULL), 2));
        static const char T5[] = "Tin năm\nCông ty Him Lam của tỉnh họp.\n";
        assert_true(put(st, "5.txt", T5, json_org(T5, "Công ty Him Lam", "VN-DLK"), 2));
        assert_int_equal(scalar(st, "SELECT count(*) FROM parties WHERE kind = 'organisation'"), 3);
        ht_store_close(st);
    }
    /* a record of "Tập đoàn Hà Đô" under the id of its name as written: the next
     * article of that name goes to it; another form makes the company's own record,
     * which later articles of the first name then join */
    ht_store *st = open_new();
    char *f = st_fold("Tập đoàn Hà Đô");
    assert_non_null(f);
    const char *parts[] = {"party", f, NULL};
    size_t lens[] = {5, strlen(f), 0};
    char old[HT_ID_MAX], now[HT_ID_MAX], sql[512];
    st_make_id(old, "org", parts, lens, 3);
    assert_true(st_org_id(now, f, NULL));
    assert_string_not_equal(old, now);
    free(f);
    snprintf(sql, sizeof sql,
             "INSERT INTO parties (id, kind, name, folded, status, origin, created, updated)"
             " VALUES ('%s', 'organisation', 'Tập đoàn Hà Đô', 'tap doan ha do', 'proposed',"
             " 'extracted', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')", old);
    assert_int_equal(sqlite3_exec(ht_store_db(st), sql, NULL, NULL, NULL), SQLITE_OK);
    static const char T6[] = "Tin sáu\nTập đoàn Hà Đô ký kết.\n";
    assert_true(put(st, "6.txt", T6, json_org(T6, "Tập đoàn Hà Đô", NULL), 2));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sources WHERE record = '%s'", old);
    assert_int_equal(scalar(st, sql), 1);
    static const char T7[] = "Tin bảy\nCông ty Cổ phần Hà Đô họp.\n";
    assert_true(put(st, "7.txt", T7, json_org(T7, "Công ty Cổ phần Hà Đô", NULL), 2));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sources WHERE record = '%s'", now);
    assert_int_equal(scalar(st, sql), 1);
    static const char T8[] = "Tin tám\nTập đoàn Hà Đô khởi công.\n";
    assert_true(put(st, "8.txt", T8, json_org(T8, "Tập đoàn Hà Đô", NULL), 2));
    assert_int_equal(scalar(st, sql), 2);
    ht_store_close(st);
}

/* Whether two names of organisations under a parent (or none) give one id. */
static bool same_org(const char *a, const char *b, const char *parent)
{
    char *fa = st_fold(a), *fb = st_fold(b);
    assert_non_null(fa);
    assert_non_null(fb);
    char ia[HT_ID_MAX], ib[HT_ID_MAX];
    st_org_id(ia, fa, parent);
    st_org_id(ib, fb, parent);
    free(fa);
    free(fb);
    return strcmp(ia, ib) == 0;
}

/* A body named with a province or a country is one body whatever spelling of the
 * place the article uses, with or without "tỉnh"; a city of the same name as its
 * province is another. */
static void test_org_places(void **state)
{
    (void)state;
    assert_true(same_org("Sở Y tế tỉnh An Giang", "Sở Y tế An Giang", "VN-AGG"));
    assert_true(same_org("Quốc hội Cu Ba", "Quốc hội Cuba", "CU"));
    assert_true(same_org("Quốc hội Cộng hòa Cu Ba", "Quốc hội nước Cuba", "CU"));
    assert_true(same_org("Quốc hội nước Cộng hòa Dân chủ Nhân dân Lào", "Quốc hội Lào", "LA"));
    assert_true(same_org("Quốc hội Cộng hòa Liên bang Myanmar", "Quốc hội Myanmar", "MM"));
    assert_true(same_org("Bộ Quốc phòng Ukraina", "Bộ Quốc phòng Ukraine", NULL));
    assert_true(same_org("Sở GTVT TP.HCM", "Sở GTVT Thành phố Hồ Chí Minh", "VN-HCM"));
    assert_true(same_org("Hiệp hội Thương mại Hoa Kỳ", "Hiệp hội Thương mại Mỹ", NULL));
    assert_false(same_org("Ủy ban nhân dân thành phố Bạc Liêu", "Ủy ban nhân dân tỉnh Bạc Liêu", NULL));
    assert_false(same_org("Sở Y tế An Giang", "Sở Y tế Kiên Giang", NULL));
    assert_false(same_org("Sở Y tế", "Sở Y tế An Giang", NULL));
    assert_false(same_org("Bộ Quốc phòng Việt Nam", "Bộ Quốc phòng", NULL));
    /* a name without a place keeps the id of its name as written */
    char *f = st_fold("Hội Nông dân");
    char id[HT_ID_MAX], old[HT_ID_MAX];
    assert_false(st_org_id(id, f, NULL));
    const char *parts[] = {"party", f, NULL};
    size_t lens[] = {5, strlen(f), 0};
    st_make_id(old, "org", parts, lens, 3);
    assert_string_equal(id, old);
    free(f);
}

/* "Sở Y tế" or "Ủy ban nhân dân" named without their locality are a body of each
 * article that names them so; "Sở Y tế tỉnh An Giang", "Sở Tư pháp" under its
 * province, "Bộ Y tế" are one body wherever they are named. */
static void test_unplaced_bodies(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    static const char T1[] = "Tin một\nHôm qua Sở Y tế, Ủy ban nhân dân và Bộ Y tế họp.\n";
    static const char T2[] = "Tin hai\nSáng nay Sở Y tế, Ủy ban nhân dân và Bộ Y tế họp.\n";
    static const char *const N[] = {"Sở Y tế", "Ủy ban nhân dân", "Bộ Y tế"};
    ht_store *st = open_new();
    for (int k = 0; k < 3; k++) {
        char src[32];
        snprintf(src, sizeof src, "1-%d.txt", k);
        /* one party per article (json_org): the same text again differs by its title */
        char t1[128], t2[128];
        snprintf(t1, sizeof t1, "%s %d%s", "Tin một", k, T1 + strlen("Tin một"));
        snprintf(t2, sizeof t2, "%s %d%s", "Tin hai", k, T2 + strlen("Tin hai"));
        assert_true(put(st, src, t1, json_org(t1, N[k], NULL), 2));
        snprintf(src, sizeof src, "2-%d.txt", k);
        assert_true(put(st, src, t2, json_org(t2, N[k], NULL), 2));
    }
    assert_int_equal(scalar(st, "SELECT count(*) FROM parties WHERE name = 'Sở Y tế'"), 2);
    assert_int_equal(scalar(st, "SELECT count(*) FROM parties WHERE name = 'Ủy ban nhân dân'"), 2);
    assert_int_equal(scalar(st, "SELECT count(*) FROM parties WHERE name = 'Bộ Y tế'"), 1);
    static const char T3[] = "Tin ba\nSở Y tế tỉnh An Giang và Sở Tư pháp họp.\n";
    static const char T4[] = "Tin bốn\nSở Y tế tỉnh An Giang và Sở Tư pháp lại họp.\n";
    assert_true(put(st, "3.txt", T3, json_org(T3, "Sở Y tế tỉnh An Giang", NULL), 2));
    assert_true(put(st, "4.txt", T4, json_org(T4, "Sở Y tế tỉnh An Giang", NULL), 2));
    assert_true(put(st, "5.txt", T3 + 1, json_org(T3 + 1, "Sở Tư pháp", "VN-AGG"), 2));
    assert_true(put(st, "6.txt", T4 + 1, json_org(T4 + 1, "Sở Tư pháp", "VN-AGG"), 2));
    assert_int_equal(scalar(st, "SELECT count(*) FROM parties WHERE name = 'Sở Y tế tỉnh An Giang'"), 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM parties WHERE name = 'Sở Tư pháp'"), 1);
    ht_store_close(st);
}

static void test_bad_records(void **state)
{
    (void)state;
    ht_store *st = open_new();
    assert_true(put(st, "a.txt", DOC_A, NULL, 2));
    char *id = text1(st, "SELECT id FROM documents");
    ht_error e = {0};
    static const char *const bad[] = {
        "not json",
        "[1, 2]",
        "{\"parties\": 3}",
        "{\"parties\": [{\"id\": \"VN-DLK\"}]}",
        "{\"people\": [{\"name\": \"A\", \"mentions\": [{\"start\": 5, \"end\": 1}]}]}",
        "{\"agreements\": [{\"kind\": \"mou\", \"evidence\": {\"start\": 0, \"end\": 999999}}]}",
        "{\"activities\": [{\"kind\": \"visit\", \"evidence\": {\"start\": \"x\"}}]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(ht_store_begin(st, &e), 0);
        int rc = ht_store_put_extracted(st, id, bad[i], strlen(bad[i]), 2, NULL, &e);
        ht_store_rollback(st);
        if (rc != HT_EFORMAT)
            fail_msg("%s: got %d (%s), want HT_EFORMAT", bad[i], rc, e.msg);
    }
    assert_int_equal(scalar(st, "SELECT count(*) FROM people"), 0);
    free(id);
    ht_store_close(st);
}

/* The registry depends on the set of documents, not on their order. */
static void test_order_independence(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    const char *texts[] = {DOC_A, DOC_B, DOC_C};
    const char *names[] = {"a.txt", "b.txt", "c.txt"};
    char *jsons[3];
    jsons[0] = strdup(json_a());
    jsons[1] = strdup(json_b());
    jsons[2] = strdup(json_c());
    /* C then B makes two people that A then merges into one */
    static const int orders[][3] = {{0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {2, 0, 1}};
    char *first = NULL;
    for (size_t o = 0; o < sizeof orders / sizeof orders[0]; o++) {
        ht_store *st = open_new();
        for (int k = 0; k < 3; k++) {
            int i = orders[o][k];
            put(st, names[i], texts[i], jsons[i], 0.8);
        }
        assert_int_equal(scalar(st, "SELECT count(*) FROM people"), 1);
        char *d = dump(st);
        if (!first)
            first = d;
        else {
            if (strcmp(first, d) != 0) {
                size_t k = 0;
                while (first[k] == d[k])
                    k++;
                size_t from = k > 200 ? k - 200 : 0;
                fail_msg("order %zu differs near\n  %.300s\nvs\n  %.300s", o, first + from, d + from);
            }
            free(d);
        }
        ht_store_close(st);
    }
    free(first);
    for (int i = 0; i < 3; i++)
        free(jsons[i]);
}

/* Documents stored as ingest stores them (a transaction for many, a savepoint each,
 * the full-text rows written at the end): a document rolled back leaves nothing in
 * either index, even when the next one takes its rowid, and the registry and its
 * index are those of the same documents stored one by one. */
static void put_part(ht_store *st, const char *source, const char *text, const char *json,
                     bool keep)
{
    ht_doc d;
    ht_error e = {0};
    parse_text(source, text, &d);
    char id[HT_ID_MAX];
    bool added;
    assert_int_equal(ht_store_savepoint(st, &e), 0);
    assert_int_equal(ht_store_doc_put(st, &d, id, &added, &e), 0);
    assert_true(added);
    assert_int_equal(ht_store_put_extracted(st, id, json, strlen(json), 0.8, NULL, &e), 0);
    if (keep)
        assert_int_equal(ht_store_release(st, &e), 0);
    else
        ht_store_rollback_savepoint(st);
    ht_doc_free(&d);
}

static void test_batch_index(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    char *ja = strdup(json_a()), *jb = strdup(json_b()), *jc = strdup(json_c());
    ht_store *one = open_new();
    put(one, "a.txt", DOC_A, ja, 0.8);
    put(one, "c.txt", DOC_C, jc, 0.8);
    ht_store *st = open_new();
    ht_error e = {0};
    ht_store_fts_batch(st, true);
    /* both indexes hold a group's terms in memory, up to 32 MB, set once */
    assert_int_equal(scalar(st, "SELECT v FROM doc_fts_config WHERE k = 'hashsize'"), 33554432);
    assert_int_equal(scalar(st, "SELECT v FROM record_fts_config WHERE k = 'hashsize'"), 33554432);
    long long changes = scalar(st, "SELECT total_changes()");
    ht_store_fts_batch(st, false);
    ht_store_fts_batch(st, true);
    assert_int_equal(scalar(st, "SELECT total_changes()"), changes);
    assert_int_equal(ht_store_begin(st, &e), 0);
    put_part(st, "a.txt", DOC_A, ja, true);
    put_part(st, "b.txt", DOC_B, jb, false);
    put_part(st, "c.txt", DOC_C, jc, true);
    assert_int_equal(scalar(st, "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'dak lak'"), 0);
    size_t n;
    assert_int_equal(ht_store_fts_flush(st, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(ht_store_commit(st, &e), 0);
    ht_store_fts_batch(st, false);
    assert_int_equal(scalar(st, "SELECT count(*) FROM fts_queue"), 0);
    assert_int_equal(scalar(st, "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'dak lak'"), 2);
    assert_int_equal(scalar(st, "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'hoc bong'"), 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'buon ma thuot'"), 0);
    assert_int_equal(scalar(st, "SELECT count(*) FROM record_fts WHERE record_fts MATCH 'nguyen'"),
                     scalar(one, "SELECT count(*) FROM record_fts WHERE record_fts MATCH 'nguyen'"));
    assert_true(scalar(st, "SELECT count(*) FROM record_fts WHERE record_fts MATCH 'nguyen'") > 0);
    assert_int_equal(sqlite3_exec(ht_store_db(st),
                                  "INSERT INTO doc_fts (doc_fts) VALUES ('integrity-check');"
                                  "INSERT INTO record_fts (record_fts) VALUES ('integrity-check')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    char *d1 = dump(one), *d2 = dump(st);
    if (strcmp(d1, d2) != 0) {
        size_t k = 0;
        while (d1[k] == d2[k])
            k++;
        size_t from = k > 200 ? k - 200 : 0;
        fail_msg("the batch differs near\n  %.600s\nvs\n  %.600s", d1 + from, d2 + from);
    }
    free(d1);
    free(d2);
    ht_store_close(one);
    ht_store_close(st);
    free(ja);
    free(jb);
    free(jc);
}

/* Rows written once per transaction: remembered inside the transaction only, and
 * forgotten when any of it is rolled back (the rows went with it). */
static void test_written_once(void **state)
{
    (void)state;
    ht_store *st = open_new();
    ht_error e = {0};
    assert_false(st_written(st, "VN", "Việt Nam")); /* no transaction */
    assert_false(st_written(st, "VN", "Việt Nam"));
    assert_int_equal(ht_store_begin(st, &e), 0);
    assert_false(st_written(st, "VN", "Việt Nam"));
    assert_true(st_written(st, "VN", "Việt Nam"));
    assert_false(st_written(st, "VN", "Viet Nam"));
    assert_false(st_written(st, "VN-HN", "Việt Nam"));
    assert_false(st_written(st, "VNV", "iệt Nam")); /* not the same pair */
    char id[32], alias[32];
    for (int i = 0; i < 5000; i++) { /* the set grows */
        snprintf(id, sizeof id, "org-%d", i % 97);
        snprintf(alias, sizeof alias, "Sở %d", i);
        assert_false(st_written(st, id, alias));
    }
    for (int i = 0; i < 5000; i += 7) {
        snprintf(id, sizeof id, "org-%d", i % 97);
        snprintf(alias, sizeof alias, "Sở %d", i);
        assert_true(st_written(st, id, alias));
    }
    assert_true(st_written(st, "VN", "Việt Nam"));
    assert_int_equal(ht_store_savepoint(st, &e), 0);
    ht_store_rollback_savepoint(st);
    assert_false(st_written(st, "VN", "Việt Nam"));
    assert_true(st_written(st, "VN", "Việt Nam"));
    assert_int_equal(ht_store_commit(st, &e), 0);
    assert_false(st_written(st, "VN", "Việt Nam"));
    assert_int_equal(ht_store_begin(st, &e), 0);
    assert_false(st_written(st, "VN", "Việt Nam"));
    assert_true(st_written(st, "VN", "Việt Nam"));
    ht_store_rollback(st);
    assert_false(st_written(st, "VN", "Việt Nam"));
    ht_store_close(st);
}

static void test_crash_hook(void **state)
{
    (void)state;
    ht_store *st = open_new();
    char path[128];
    snprintf(path, sizeof path, "%s", ht_store_file(st));
    long before = ht_store_writes(st);
    assert_true(put(st, "c.txt", DOC_C, NULL, 2));
    assert_true(ht_store_writes(st) > before + 2);
    ht_store_close(st);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        ht_store *c;
        ht_error e;
        if (ht_store_open(path, 0, &c, &e))
            _exit(3);
        ht_store_crash_after(c, 3);
        put(c, "a.txt", DOC_A, json_a(), 2);
        _exit(4); /* not reached: the third write ends the process */
    }
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 137);
    ht_error e = {0};
    assert_int_equal(ht_store_open(path, 0, &st, &e), 0);
    expect_text(st, "PRAGMA integrity_check", "ok");
    assert_int_equal(scalar(st, "SELECT count(*) FROM documents"), 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM blocks WHERE document NOT IN (SELECT id FROM documents)"), 0);
    assert_true(put(st, "a.txt", DOC_A, json_a(), 2));
    assert_int_equal(scalar(st, "SELECT count(*) FROM documents"), 2);
    /* the environment variable */
    setenv("HOPTAC_CRASH_AFTER", "zero", 1);
    assert_int_equal(ht_store_crash_from_env(st, &e), HT_EINVAL);
    unsetenv("HOPTAC_CRASH_AFTER");
    assert_int_equal(ht_store_crash_from_env(st, &e), 0);
    ht_store_close(st);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_and_schema), cmocka_unit_test(test_path),
        cmocka_unit_test(test_clock),           cmocka_unit_test(test_errors),
        cmocka_unit_test(test_documents),       cmocka_unit_test(test_near_duplicates),
        cmocka_unit_test(test_records),         cmocka_unit_test(test_bad_records),
        cmocka_unit_test(test_person_i_for_y),
        cmocka_unit_test(test_person_foreign_y), cmocka_unit_test(test_company_forms), cmocka_unit_test(test_org_places), cmocka_unit_test(test_unplaced_bodies),
        cmocka_unit_test(test_order_independence), cmocka_unit_test(test_crash_hook),
        cmocka_unit_test(test_written_once),  cmocka_unit_test(test_batch_index),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
