/* Tests of the reports read from the registry (app/report.h) over a registry built from
 * articles and SPEC 1b records written for these tests: names and aliases, the timeline
 * of a pair and of a successor province, agreement status, the implementation of an
 * agreement (links by extraction, similarity and by hand), anniversaries, event rows.
 * With HT_REPORT_REGISTRY=PATH it only writes that registry, for the CLI tests
 * (tests/cli/report.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "app/report.h"
#include "page/page.h"

/* ---- the articles ---- */

typedef struct {
    const char *source, *url, *published, *text, *json;
} article;

/* JSON templates: @[words] becomes the span of the first occurrence of those words in
 * the article's text. */
static const article ARTICLES[] = {
    {"tin/2018-ky-ket.txt", "https://tin.example.vn/2018/06/ky-ket.html", "2018-06-22",
     "Hai hội hữu nghị Đắk Lắk và Sê Kông ký thỏa thuận hợp tác\n"
     "Sáng 21/6, tại Buôn Ma Thuột, Hội hữu nghị Việt Nam – Lào tỉnh Đắk Lắk và Hội hữu nghị "
     "Lào – Việt Nam tỉnh Sê Kông đã ký thỏa thuận hợp tác giai đoạn 2018 - 2023.\n"
     "Thỏa thuận có 9 nhiệm vụ, trong đó: trao đổi đoàn cán bộ hội hằng năm; hỗ trợ sinh viên "
     "Sê Kông học tập tại Đắk Lắk; giao lưu văn hóa, thể thao giữa hai tỉnh; phối hợp tuyên "
     "truyền về quan hệ hai nước; chia sẻ kinh nghiệm xây dựng tổ chức hội.\n",
     "{\"parties\": ["
     "{\"id\": \"VN-DLK\", \"name\": \"Đắk Lắk\", \"kind\": \"province\", \"country\": \"VN\","
     " \"parent\": \"VN\", \"aliases\": [], \"mentions\": [@[Đắk Lắk]]},"
     "{\"id\": \"LA-XE\", \"name\": \"Sê Kông\", \"kind\": \"province\", \"country\": \"LA\","
     " \"parent\": \"LA\", \"aliases\": [], \"mentions\": [@[Sê Kông]]},"
     "{\"id\": \"local:1\", \"name\": \"Hội hữu nghị Việt Nam – Lào tỉnh Đắk Lắk\","
     " \"kind\": \"organisation\", \"country\": \"VN\", \"parent\": \"VN-DLK\","
     " \"aliases\": [\"Hội hữu nghị tỉnh\"], \"mentions\": [@[Hội hữu nghị Việt Nam – Lào tỉnh Đắk Lắk]]},"
     "{\"id\": \"local:2\", \"name\": \"Hội hữu nghị Lào – Việt Nam tỉnh Sê Kông\","
     " \"kind\": \"organisation\", \"country\": \"LA\", \"parent\": \"LA-XE\","
     " \"aliases\": [], \"mentions\": [@[Hội hữu nghị Lào – Việt Nam tỉnh Sê Kông]]}],"
     "\"people\": [],"
     "\"agreements\": [{\"kind\": \"cooperation_agreement\","
     " \"title\": \"Thỏa thuận hợp tác giai đoạn 2018–2023\","
     " \"parties\": [\"Hội hữu nghị Việt Nam – Lào tỉnh Đắk Lắk\", \"Hội hữu nghị Lào – Việt Nam"
     " tỉnh Sê Kông\", \"Đắk Lắk\", \"Sê Kông\"], \"signed\": \"2018-06-21\","
     " \"signed_inferred\": true, \"place\": \"Buôn Ma Thuột\", \"term\": {\"from\": 2018,"
     " \"to\": 2023}, \"fields\": [\"culture\", \"education\"], \"tasks_declared\": 9,"
     " \"tasks\": [\"trao đổi đoàn cán bộ hội hằng năm\", \"hỗ trợ sinh viên Sê Kông học tập"
     " tại Đắk Lắk\", \"giao lưu văn hóa, thể thao giữa hai tỉnh\", \"phối hợp tuyên truyền về"
     " quan hệ hai nước\", \"chia sẻ kinh nghiệm xây dựng tổ chức hội\"], \"confidence\": 0.9,"
     " \"evidence\": @[Thỏa thuận có 9 nhiệm vụ]}],"
     "\"activities\": [{\"kind\": \"signing\", \"kinds\": [\"signing\"], \"date\": \"2018-06-21\","
     " \"date_inferred\": true, \"place\": \"Buôn Ma Thuột\", \"parties\": [\"Hội hữu nghị Việt"
     " Nam – Lào tỉnh Đắk Lắk\", \"Hội hữu nghị Lào – Việt Nam tỉnh Sê Kông\"],"
     " \"participants\": [], \"commitments\": [], \"fields\": [], \"agreement\": 0,"
     " \"confidence\": 0.9, \"evidence\": @[đã ký thỏa thuận hợp tác giai đoạn 2018 - 2023]}],"
     "\"anniversaries\": []}"},

    {"tin/2022-lam-viec.txt", "https://bao.example.vn/2022/11/lam-viec", "2022-11-02",
     "Đoàn Sê Kông làm việc với Đắk Lắk\n"
     "Ngày 1/11, đoàn công tác tỉnh Sê Kông do Bí thư, Tỉnh trưởng dẫn đầu đã làm việc với "
     "lãnh đạo tỉnh Đắk Lắk. Hai bên thống nhất đẩy mạnh hợp tác nông nghiệp và giáo dục; "
     "Đắk Lắk sẽ tiếp tục hỗ trợ 5 sinh viên Sê Kông học tập tại tỉnh.\n"
     "Chiều 2/11, đoàn đến thăm một trang trại cà phê.\n",
     "{\"parties\": ["
     "{\"id\": \"LA-XE\", \"name\": \"Sê Kông\", \"kind\": \"province\", \"country\": \"LA\","
     " \"parent\": \"LA\", \"aliases\": [], \"mentions\": [@[Sê Kông]]},"
     "{\"id\": \"VN-DLK\", \"name\": \"Đắk Lắk\", \"kind\": \"province\", \"country\": \"VN\","
     " \"parent\": \"VN\", \"aliases\": [], \"mentions\": [@[Đắk Lắk]]}],"
     "\"people\": [], \"agreements\": [],"
     "\"activities\": [{\"kind\": \"working_session\", \"kinds\": [\"working_session\"],"
     " \"date\": \"2022-11-01\", \"date_inferred\": true, \"place\": \"Buôn Ma Thuột, Đắk Lắk\","
     " \"parties\": [\"Sê Kông\", \"Đắk Lắk\"], \"participants\": [],"
     " \"commitments\": [\"hỗ trợ 5 sinh viên Sê Kông học tập\"],"
     " \"fields\": [\"agriculture\", \"education\"], \"agreement\": null, \"confidence\": 0.8,"
     " \"evidence\": @[đã làm việc với lãnh đạo tỉnh Đắk Lắk]},"
     "{\"kind\": \"visit\", \"kinds\": [\"visit\"], \"date\": \"2022-11-02\","
     " \"date_inferred\": true, \"place\": null, \"parties\": [\"Sê Kông\", \"Đắk Lắk\"],"
     " \"participants\": [], \"commitments\": [], \"fields\": [\"agriculture\"],"
     " \"agreement\": null, \"confidence\": 0.4, \"evidence\": @[đoàn đến thăm một trang trại]}],"
     "\"anniversaries\": []}"},

    {"tin/2023-giao-luu.txt", NULL, "2023-04-15",
     "Giao lưu văn hóa, thể thao Đắk Lắk – Sê Kông\n"
     "Ngày 14/4/2023, tại Sê Kông, đoàn Hội hữu nghị Việt Nam – Lào tỉnh Đắk Lắk dự chương "
     "trình giao lưu văn hóa, thể thao mừng Tết cổ truyền của Lào.\n",
     "{\"parties\": ["
     "{\"id\": \"local:1\", \"name\": \"Hội hữu nghị Việt Nam – Lào tỉnh Đắk Lắk\","
     " \"kind\": \"organisation\", \"country\": \"VN\", \"parent\": \"VN-DLK\","
     " \"aliases\": [], \"mentions\": [@[Hội hữu nghị Việt Nam – Lào tỉnh Đắk Lắk]]},"
     "{\"id\": \"LA-XE\", \"name\": \"Sê Kông\", \"kind\": \"province\", \"country\": \"LA\","
     " \"parent\": \"LA\", \"aliases\": [], \"mentions\": [@[Sê Kông]]}],"
     "\"people\": [], \"agreements\": [],"
     "\"activities\": [{\"kind\": \"exchange\", \"kinds\": [\"exchange\", \"festival\"],"
     " \"date\": \"2023-04-14\", \"date_inferred\": false, \"place\": \"Sê Kông\","
     " \"parties\": [\"Hội hữu nghị Việt Nam – Lào tỉnh Đắk Lắk\", \"Sê Kông\"],"
     " \"participants\": [], \"commitments\": [], \"fields\": [\"culture\", \"sport\"],"
     " \"agreement\": null, \"confidence\": 0.8,"
     " \"evidence\": @[dự chương trình giao lưu văn hóa, thể thao]}],"
     "\"anniversaries\": []}"},

    {"tin/2022-kon-tum.txt", "https://bao.example.vn/kon-tum/ghi-nho", "2022-11-04",
     "Kon Tum và Sê Kông ký bản ghi nhớ\n"
     "Ngày 3/11/2022, tại thành phố Kon Tum, tỉnh Kon Tum và tỉnh Sê Kông ký bản ghi nhớ hợp "
     "tác giai đoạn 2022 - 2027 về nông nghiệp, y tế và giáo dục.\n",
     "{\"parties\": ["
     "{\"id\": \"VN-KTM\", \"name\": \"Kon Tum\", \"kind\": \"province\", \"country\": \"VN\","
     " \"parent\": \"VN\", \"aliases\": [], \"mentions\": [@[Kon Tum]]},"
     "{\"id\": \"LA-XE\", \"name\": \"Sê Kông\", \"kind\": \"province\", \"country\": \"LA\","
     " \"parent\": \"LA\", \"aliases\": [], \"mentions\": [@[Sê Kông]]}],"
     "\"people\": [],"
     "\"agreements\": [{\"kind\": \"mou\", \"title\": \"Bản ghi nhớ hợp tác giai đoạn 2022–2027\","
     " \"parties\": [\"Kon Tum\", \"Sê Kông\"], \"signed\": \"2022-11-03\","
     " \"signed_inferred\": false, \"place\": \"thành phố Kon Tum\", \"term\": {\"from\": 2022,"
     " \"to\": 2027}, \"fields\": [\"agriculture\", \"health\", \"education\"],"
     " \"tasks_declared\": null, \"tasks\": [], \"confidence\": 0.9,"
     " \"evidence\": @[ký bản ghi nhớ hợp tác giai đoạn 2022 - 2027]}],"
     "\"activities\": [{\"kind\": \"signing\", \"kinds\": [\"signing\"], \"date\": \"2022-11-03\","
     " \"date_inferred\": false, \"place\": \"thành phố Kon Tum\", \"parties\": [\"Kon Tum\","
     " \"Sê Kông\"], \"participants\": [], \"commitments\": [], \"fields\": [],"
     " \"agreement\": 0, \"confidence\": 0.9, \"evidence\": @[Ngày 3/11/2022, tại thành phố Kon Tum]}],"
     "\"anniversaries\": []}"},

    {"tin/gia-lai.txt", NULL, "2021-01-16",
     "Gia Lai và Ratanakiri ký tiếp bản ghi nhớ\n"
     "Sau bản ghi nhớ giai đoạn 2016 - 2020 ký ngày 5/5/2016, ngày 15/1/2021 tỉnh Gia Lai và "
     "tỉnh Ratanakiri ký bản ghi nhớ giai đoạn 2021 - 2025. Hội hữu nghị Việt Nam – Campuchia "
     "tỉnh Gia Lai cùng dự lễ ký.\n",
     "{\"parties\": ["
     "{\"id\": \"VN-GLI\", \"name\": \"Gia Lai\", \"kind\": \"province\", \"country\": \"VN\","
     " \"parent\": \"VN\", \"aliases\": [], \"mentions\": [@[Gia Lai]]},"
     "{\"id\": \"KH-16\", \"name\": \"Ratanakiri\", \"kind\": \"province\", \"country\": \"KH\","
     " \"parent\": \"KH\", \"aliases\": [], \"mentions\": [@[Ratanakiri]]},"
     "{\"id\": \"local:1\", \"name\": \"Hội hữu nghị Việt Nam – Campuchia tỉnh Gia Lai\","
     " \"kind\": \"organisation\", \"country\": \"VN\", \"parent\": \"VN-GLI\","
     " \"aliases\": [\"Hội hữu nghị tỉnh\"], \"mentions\": [@[Hội hữu nghị Việt Nam – Campuchia]]}],"
     "\"people\": [],"
     "\"agreements\": [{\"kind\": \"mou\", \"title\": \"Bản ghi nhớ 2016–2020\","
     " \"parties\": [\"Gia Lai\", \"Ratanakiri\"], \"signed\": \"2016-05-05\","
     " \"signed_inferred\": false, \"place\": null, \"term\": {\"from\": 2016, \"to\": 2020},"
     " \"fields\": [], \"tasks_declared\": null, \"tasks\": [], \"confidence\": 0.7,"
     " \"evidence\": @[bản ghi nhớ giai đoạn 2016 - 2020 ký ngày 5/5/2016]},"
     "{\"kind\": \"mou\", \"title\": \"Bản ghi nhớ 2021–2025\","
     " \"parties\": [\"Gia Lai\", \"Ratanakiri\"], \"signed\": \"2021-01-15\","
     " \"signed_inferred\": false, \"place\": null, \"term\": {\"from\": 2021, \"to\": 2025},"
     " \"fields\": [], \"tasks_declared\": null, \"tasks\": [], \"confidence\": 0.9,"
     " \"evidence\": @[ký bản ghi nhớ giai đoạn 2021 - 2025]}],"
     "\"activities\": [], \"anniversaries\": []}"},
};
#define NARTICLES (sizeof ARTICLES / sizeof ARTICLES[0])

static char *expand(const char *tmpl, const char *text)
{
    ht_buf b = {0};
    for (const char *p = tmpl; *p;) {
        const char *at = strstr(p, "@[");
        if (!at) {
            ht_buf_puts(&b, p);
            break;
        }
        ht_buf_append(&b, p, (size_t)(at - p));
        const char *end = strchr(at + 2, ']');
        assert_non_null(end);
        char needle[256];
        size_t n = (size_t)(end - at - 2);
        assert_true(n < sizeof needle);
        memcpy(needle, at + 2, n);
        needle[n] = 0;
        const char *hit = strstr(text, needle);
        if (!hit)
            fail_msg("fixture: '%s' is not in the article", needle);
        ht_buf_printf(&b, "{\"start\": %zu, \"end\": %zu}", (size_t)(hit - text),
                      (size_t)(hit - text) + n);
        p = end + 1;
    }
    return ht_buf_take(&b);
}

static void build(const char *path)
{
    ht_store *st;
    ht_error e = {0};
    unlink(path);
    if (ht_store_open(path, HT_STORE_CREATE, &st, &e))
        fail_msg("open %s: %s", path, e.msg);
    for (size_t i = 0; i < NARTICLES; i++) {
        const article *a = &ARTICLES[i];
        ht_doc d;
        if (ht_page_parse(a->source, a->text, strlen(a->text), HT_FMT_TEXT, &d, &e))
            fail_msg("parse %s: %s", a->source, e.msg);
        d.url = (char *)a->url;
        d.published = (char *)a->published;
        char id[HT_ID_MAX], *json = expand(a->json, a->text);
        bool added;
        assert_int_equal(ht_store_begin(st, &e), 0);
        int rc = ht_store_doc_put(st, &d, id, &added, &e);
        if (!rc)
            rc = ht_store_put_extracted(st, id, json, strlen(json), 2.0, NULL, &e);
        if (rc)
            fail_msg("storing %s: %s", a->source, e.msg);
        assert_int_equal(ht_store_commit(st, &e), 0);
        free(json);
        ht_doc_free(&d);
    }
    /* a person rejected the farm visit: it never shows */
    assert_int_equal(sqlite3_exec(ht_store_db(st),
                                  "UPDATE activities SET status = 'rejected', reviewed = 1"
                                  " WHERE kind = 'visit'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    ht_store_close(st);
}

/* ---- fixtures ---- */

static char dir[] = "/tmp/hoptac-test-app-report-XXXXXX";
static char dbpath[128];
static ht_store *st;

static int setup(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    if (!mkdtemp(dir))
        return -1;
    snprintf(dbpath, sizeof dbpath, "%s/r.db", dir);
    build(dbpath);
    ht_error e = {0};
    return ht_store_open(dbpath, HT_STORE_READONLY, &st, &e) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    ht_store_close(st);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The cell of column key in row r. */
static const char *cell(const ht_report_table *t, size_t r, const char *key)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->cols[c].key, key) == 0)
            return t->rows[r].cells[c] ? t->rows[r].cells[c] : "";
    fail_msg("no column %s", key);
    return NULL;
}

static long find_row(const ht_report_table *t, const char *key, const char *want)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (strcmp(cell(t, r, key), want) == 0)
            return (long)r;
    return -1;
}

static void id_of(const char *sql, char out[HT_ID_MAX])
{
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(ht_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    snprintf(out, HT_ID_MAX, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
}

/* ---- names ---- */

static void test_find_party(void **state)
{
    (void)state;
    char id[HT_ID_MAX];
    ht_error e = {0};
    const char *const names[][2] = {
        {"VN-DLK", "VN-DLK"},   {"vn-dlk", "VN-DLK"}, {"Đắk Lắk", "VN-DLK"},
        {"dak lak", "VN-DLK"},  {"DAKLAK", "VN-DLK"}, {"Sekong", "LA-XE"},
        {"Xê Kông", "LA-XE"},   {"quang ngai", "VN-QNG"}, /* gazetteer only */
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (ht_app_find_party(st, names[i][0], id, &e))
            fail_msg("%s: %s", names[i][0], e.msg);
        assert_string_equal(id, names[i][1]);
    }
    assert_int_equal(ht_app_find_party(st, "hoi huu nghi viet nam lao tinh dak lak", id, &e), 0);
    assert_int_equal(strncmp(id, "org-", 4), 0);
    char prefix[12];
    snprintf(prefix, sizeof prefix, "%.10s", id);
    char again[HT_ID_MAX];
    assert_int_equal(ht_app_find_party(st, prefix, again, &e), 0);
    assert_string_equal(again, id);

    assert_int_equal(ht_app_find_party(st, "Atlantis", id, &e), HT_ENOTFOUND);
    assert_non_null(strstr(e.msg, "no party named 'Atlantis'"));
    /* an alias two organisations share */
    assert_int_equal(ht_app_find_party(st, "Hội hữu nghị tỉnh", id, &e), HT_EINVAL);
    assert_non_null(strstr(e.msg, "names 2 parties"));
    assert_non_null(strstr(e.msg, "Hội hữu nghị Việt Nam – Lào tỉnh Đắk Lắk"));
    assert_non_null(strstr(e.msg, "Hội hữu nghị Việt Nam – Campuchia tỉnh Gia Lai"));
}

static void test_find_agreement(void **state)
{
    (void)state;
    char id[HT_ID_MAX], want[HT_ID_MAX];
    ht_error e = {0};
    id_of("SELECT id FROM agreements WHERE signed = '2018-06-21'", want);
    const char *const ways[] = {want, "dak lak se kong 2018", "thỏa thuận hợp tác", "Đắk Lắk"};
    for (size_t i = 0; i < sizeof ways / sizeof ways[0]; i++) {
        if (ht_app_find_agreement(st, ways[i], id, &e))
            fail_msg("%s: %s", ways[i], e.msg);
        assert_string_equal(id, want);
    }
    char prefix[10];
    snprintf(prefix, sizeof prefix, "%.8s", want);
    assert_int_equal(ht_app_find_agreement(st, prefix, id, &e), 0);
    assert_string_equal(id, want);
    /* Sê Kông has two, Gia Lai two */
    assert_int_equal(ht_app_find_agreement(st, "Sekong", id, &e), HT_EINVAL);
    assert_non_null(strstr(e.msg, "names 2 agreements"));
    assert_int_equal(ht_app_find_agreement(st, "gia lai", id, &e), HT_EINVAL);
    assert_int_equal(ht_app_find_agreement(st, "2019 nothing", id, &e), HT_ENOTFOUND);
}

/* ---- timeline ---- */

static void test_timeline_pair(void **state)
{
    (void)state;
    ht_report_table t;
    ht_error e = {0};
    if (ht_app_timeline_table(st, "Đắk Lắk", "Sekong", &t, &e))
        fail_msg("%s", e.msg);
    assert_string_equal(t.title, "Đắk Lắk (gồm Phú Yên) – Sê Kông");
    assert_int_equal(t.nrows, 4);
    /* date order, dates as written */
    assert_string_equal(cell(&t, 0, "date"), "2018-06-21 (inferred)");
    assert_string_equal(cell(&t, 0, "type"), "activity");
    assert_string_equal(cell(&t, 0, "kind"), "signing");
    /* through the two associations, said in the row */
    assert_string_equal(cell(&t, 0, "via"), "Hội hữu nghị Việt Nam – Lào tỉnh Đắk Lắk, "
                                            "Hội hữu nghị Lào – Việt Nam tỉnh Sê Kông");
    assert_string_equal(cell(&t, 1, "type"), "agreement");
    assert_string_equal(cell(&t, 1, "title"), "Thỏa thuận hợp tác giai đoạn 2018–2023");
    assert_string_equal(cell(&t, 1, "via"), "");
    assert_string_equal(cell(&t, 2, "date"), "2022-11-01 (inferred)");
    assert_string_equal(cell(&t, 2, "kind"), "working_session");
    assert_string_equal(cell(&t, 2, "parties"), "Đắk Lắk – Sê Kông");
    assert_string_equal(cell(&t, 2, "title"), "Buổi làm việc: hỗ trợ 5 sinh viên Sê Kông học tập");
    assert_int_equal(t.rows[2].nsources, 1);
    assert_string_equal(t.rows[2].sources[0], "https://bao.example.vn/2022/11/lam-viec");
    assert_string_equal(cell(&t, 3, "date"), "2023-04-14");
    /* a source without a URL is named by its path */
    assert_string_equal(t.rows[3].sources[0], "tin/2023-giao-luu.txt");
    /* the rejected visit and the Kon Tum records are not there */
    assert_int_equal(find_row(&t, "kind", "visit"), -1);
    assert_int_equal(find_row(&t, "kind", "mou"), -1);
    ht_report_table_free(&t);
}

static void test_timeline_successor(void **state)
{
    (void)state;
    ht_report_table t;
    ht_error e = {0};
    if (ht_app_timeline_table(st, "Quảng Ngãi", NULL, &t, &e))
        fail_msg("%s", e.msg);
    assert_string_equal(t.title, "Quảng Ngãi (gồm Kon Tum)");
    assert_int_equal(t.nrows, 2);
    for (size_t r = 0; r < 2; r++) {
        assert_string_equal(cell(&t, r, "date"), "2022-11-03");
        assert_string_equal(cell(&t, r, "via"), "Kon Tum");
        assert_string_equal(cell(&t, r, "parties"), "Kon Tum – Sê Kông");
    }
    assert_string_equal(cell(&t, 1, "kind"), "mou");
    assert_string_equal(t.rows[1].sources[0], "https://bao.example.vn/kon-tum/ghi-nho");
    ht_report_table_free(&t);
    /* Kon Tum's own timeline has them without "via" */
    assert_int_equal(ht_app_timeline_table(st, "Kontum", NULL, &t, &e), 0);
    assert_int_equal(t.nrows, 2);
    assert_string_equal(cell(&t, 0, "via"), "");
    ht_report_table_free(&t);
    /* a party alone: every record of Sê Kông */
    assert_int_equal(ht_app_timeline_table(st, "LA-XE", NULL, &t, &e), 0);
    assert_int_equal(t.nrows, 6);
    ht_report_table_free(&t);
    assert_int_equal(ht_app_timeline_table(st, "Atlantis", NULL, &t, &e), HT_ENOTFOUND);
    ht_report_table_free(&t);
}

/* ---- agreements ---- */

static void test_agreements(void **state)
{
    (void)state;
    ht_report_table t;
    ht_error e = {0};
    ht_app_agreements_opts o = {.as_of = "2024-01-01"};
    if (ht_app_report_agreements_table(st, &o, &t, &e))
        fail_msg("%s", e.msg);
    assert_int_equal(t.nrows, 4);
    long dlk = find_row(&t, "signed", "2018-06-21 (inferred)");
    long gl16 = find_row(&t, "signed", "2016-05-05"), gl21 = find_row(&t, "signed", "2021-01-15");
    long kt = find_row(&t, "signed", "2022-11-03");
    assert_true(dlk >= 0 && gl16 >= 0 && gl21 >= 0 && kt >= 0);
    assert_string_equal(cell(&t, dlk, "status"), "expired");
    assert_string_equal(cell(&t, dlk, "by"), "");
    assert_string_equal(cell(&t, dlk, "days_left"), "-1");
    assert_string_equal(cell(&t, gl16, "status"), "renewed");
    assert_string_equal(cell(&t, gl16, "by"), cell(&t, gl21, "id"));
    assert_string_equal(cell(&t, gl21, "status"), "in_force");
    assert_string_equal(cell(&t, kt, "status"), "in_force");
    assert_string_equal(cell(&t, kt, "term"), "2022–2027");
    ht_report_table_free(&t);

    /* expiring within 24 months; only some statuses; one party's */
    o.expiring_months = 24;
    assert_int_equal(ht_app_report_statuses("expiring,expired", &o.statuses, &e), 0);
    assert_int_equal(ht_app_report_agreements_table(st, &o, &t, &e), 0);
    assert_int_equal(t.nrows, 2);
    assert_string_equal(cell(&t, 0, "status"), "expired");
    assert_string_equal(cell(&t, 1, "status"), "expiring");
    assert_string_equal(cell(&t, 1, "signed"), "2021-01-15");
    ht_report_table_free(&t);
    o = (ht_app_agreements_opts){.as_of = "2023-06", .party = "Quảng Ngãi"};
    assert_int_equal(ht_app_report_agreements_table(st, &o, &t, &e), 0);
    assert_int_equal(t.nrows, 1);
    assert_string_equal(cell(&t, 0, "kind"), "mou");
    assert_string_equal(t.title, "Thỏa thuận ngày 2023-06 – Quảng Ngãi (gồm Kon Tum)");
    ht_report_table_free(&t);
    /* not yet signed at that date */
    o = (ht_app_agreements_opts){.as_of = "2017"};
    assert_int_equal(ht_app_report_agreements_table(st, &o, &t, &e), 0);
    assert_int_equal(t.nrows, 1);
    assert_string_equal(cell(&t, 0, "status"), "in_force");
    ht_report_table_free(&t);

    o = (ht_app_agreements_opts){.as_of = "2024-02-30"};
    assert_int_equal(ht_app_report_agreements_table(st, &o, &t, &e), HT_EINVAL);
    assert_non_null(strstr(e.msg, "--as-of"));
    ht_report_table_free(&t);
    unsigned bits;
    assert_int_equal(ht_app_report_statuses("expired,bogus", &bits, &e), HT_EINVAL);
    assert_non_null(strstr(e.msg, "bogus"));
}

/* ---- implementation ---- */

static void test_implementation(void **state)
{
    (void)state;
    ht_report_table t;
    ht_report_impl_counts c;
    ht_error e = {0};
    if (ht_app_report_implementation_table(st, "dak lak se kong 2018", &t, &c, &e))
        fail_msg("%s", e.msg);
    assert_int_equal(c.declared, 9);
    assert_int_equal(c.listed, 5);
    assert_int_equal(c.with_activity, 2);
    assert_int_equal(t.nrows, 10);
    /* task 2 (students) by the working session, task 3 by the exchange */
    assert_string_equal(cell(&t, 0, "state"), "none");
    assert_string_equal(cell(&t, 1, "task"), "2");
    assert_string_equal(cell(&t, 1, "state"), "carried_out");
    assert_string_equal(cell(&t, 1, "kind"), "working_session");
    assert_string_equal(cell(&t, 1, "how"), "similarity");
    assert_string_equal(cell(&t, 2, "task"), "3");
    assert_string_equal(cell(&t, 2, "kind"), "exchange");
    assert_string_equal(cell(&t, 2, "how"), "similarity");
    assert_string_equal(cell(&t, 3, "state"), "none");
    assert_string_equal(cell(&t, 4, "state"), "none");
    for (size_t r = 5; r < 9; r++)
        assert_string_equal(cell(&t, r, "state"), "not_listed");
    /* the signing: the agreement as a whole, linked by extraction */
    assert_string_equal(cell(&t, 9, "task"), "");
    assert_string_equal(cell(&t, 9, "kind"), "signing");
    assert_string_equal(cell(&t, 9, "how"), "extracted");
    ht_report_table_free(&t);

    ht_buf out = {0};
    assert_int_equal(ht_app_report_implementation(st, "dak lak se kong 2018", HT_REPORT_TEXT,
                                                  &out, &e),
                     0);
    assert_non_null(strstr(out.p, "9 tasks declared, 5 listed (4 not listed in the sources), 2"
                                  " carried out by an activity.\n"));
    ht_buf_free(&out);

    /* an agreement without tasks: its signing only */
    assert_int_equal(ht_app_report_implementation_table(st, "kon tum", &t, &c, &e), 0);
    assert_int_equal(t.nrows, 1);
    assert_int_equal(c.declared, 0);
    ht_report_table_free(&t);
    assert_int_equal(ht_app_report_implementation_table(st, "Sê Kông", &t, &c, &e), HT_EINVAL);
    ht_report_table_free(&t);
}

/* Task numbers linked by hand, in a registry whose activities keep them. */
static void test_implementation_manual(void **state)
{
    (void)state;
    char path[160], agr[HT_ID_MAX], sql[512];
    snprintf(path, sizeof path, "%s/manual.db", dir);
    build(path);
    ht_store *m;
    ht_error e = {0};
    assert_int_equal(ht_store_open(path, HT_STORE_CREATE, &m, &e), 0);
    sqlite3 *db = ht_store_db(m);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT id FROM agreements WHERE signed ="
                                            " '2018-06-21'", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    snprintf(agr, sizeof agr, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info('activities')"
                                            " WHERE name = 'tasks'", -1, &s, NULL), SQLITE_OK);
    bool has = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    if (!has)
        assert_int_equal(sqlite3_exec(db, "ALTER TABLE activities ADD COLUMN tasks TEXT NOT NULL"
                                          " DEFAULT '[]'", NULL, NULL, NULL), SQLITE_OK);
    snprintf(sql, sizeof sql, "UPDATE activities SET agreement = '%s', tasks = '[4, 5]'"
                              " WHERE kind = 'exchange'", agr);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    ht_report_table t;
    ht_report_impl_counts c;
    if (ht_app_report_implementation_table(m, agr, &t, &c, &e))
        fail_msg("%s", e.msg);
    assert_int_equal(c.with_activity, 3);
    long r4 = find_row(&t, "task", "4"), r5 = find_row(&t, "task", "5");
    assert_true(r4 >= 0 && r5 >= 0);
    assert_string_equal(cell(&t, r4, "how"), "manual");
    assert_string_equal(cell(&t, r5, "kind"), "exchange");
    /* no longer placed on task 3 by similarity */
    assert_string_equal(cell(&t, find_row(&t, "task", "3"), "state"), "none");
    ht_report_table_free(&t);
    ht_store_close(m);
}

/* ---- anniversaries ---- */

static void test_anniversaries(void **state)
{
    (void)state;
    ht_buf out = {0};
    ht_error e = {0};
    ht_app_anniv_opts o = {.from = "2023", .to = "2023"};
    if (ht_app_report_anniversaries(st, &o, HT_REPORT_CSV, &out, &e))
        fail_msg("%s", e.msg);
    /* the fifth year of the 2018 signing, and the end of its term */
    const char *want = "date,kind,years,what,origin,id\r\n";
    assert_int_equal(strncmp(out.p, want, strlen(want)), 0);
    char *l1 = strstr(out.p, "\r\n") + 2, *l2 = strstr(l1, "\r\n") + 2;
    assert_int_equal(strncmp(l1, "2023-06-21,anniversary,5,ký Thỏa thuận hợp tác giai đoạn", 58), 0);
    assert_int_equal(strncmp(l2, "2023-12-31,term_end,,Thỏa thuận hợp tác giai đoạn", 48), 0);
    assert_string_equal(strstr(l2, "\r\n"), "\r\n"); /* two rows only */
    ht_buf_reset(&out);
    /* defaults: today (SOURCE_DATE_EPOCH: 2023-11-14) and twelve months on */
    o = (ht_app_anniv_opts){0};
    assert_int_equal(ht_app_report_anniversaries(st, &o, HT_REPORT_TEXT, &out, &e), 0);
    assert_non_null(strstr(out.p, "Kỷ niệm và thời hạn 2023-11-14 – 2024-11-14"));
    assert_non_null(strstr(out.p, "2023-12-31  term_end"));
    assert_null(strstr(out.p, "2023-06-21"));
    ht_buf_reset(&out);
    /* every ten years, as iCalendar */
    o = (ht_app_anniv_opts){.from = "2026", .to = "2028-12", .every = 10, .ics = true};
    assert_int_equal(ht_app_report_anniversaries(st, &o, HT_REPORT_TEXT, &out, &e), 0);
    assert_int_equal(strncmp(out.p, "BEGIN:VCALENDAR\r\n", 17), 0);
    assert_non_null(strstr(out.p, "DTSTART;VALUE=DATE:20260505\r\n"));  /* 10 years of 2016 */
    assert_non_null(strstr(out.p, "DTSTART;VALUE=DATE:20271231\r\n"));  /* Kon Tum's term */
    assert_non_null(strstr(out.p, "DTSTART;VALUE=DATE:20280621\r\n"));  /* 10 years of 2018 */
    assert_null(strstr(out.p, "DTSTART;VALUE=DATE:20260115\r\n"));      /* 5 years only */
    ht_buf_reset(&out);
    o = (ht_app_anniv_opts){.from = "2025", .to = "2024"};
    assert_int_equal(ht_app_report_anniversaries(st, &o, HT_REPORT_TEXT, &out, &e), HT_EINVAL);
    assert_non_null(strstr(e.msg, "after"));
    ht_buf_free(&out);
}

/* ---- events ---- */

static void test_events(void **state)
{
    (void)state;
    ht_buf out = {0};
    ht_error e = {0};
    size_t rows, skipped;
    if (ht_app_export_events_n(st, &out, &rows, &skipped, &e))
        fail_msg("%s", e.msg);
    assert_int_equal(skipped, 0);
    assert_int_equal(rows, 4);
    assert_int_equal(strncmp(out.p, "GlobalEventID\tSQLDATE\t", 22), 0);
    size_t lines = 0;
    for (const char *p = out.p; (p = strchr(p, '\n')); p++)
        lines++;
    assert_int_equal(lines, 5);
    /* the visitor first: Sê Kông's delegation (LAO0XEGOV) to Đắk Lắk (VNMDLKGOV) */
    assert_non_null(strstr(out.p, "\t20221101\t202211\t2022\t2022.8247\tLAO0XEGOV\tSê Kông\tLAO\t"
                                  "GOV\tVNMDLKGOV\tĐắk Lắk\tVNM\tGOV\t1\t"));
    /* the association of Đắk Lắk: its province, no government role */
    assert_non_null(strstr(out.p, "\tVNMDLK\tHội hữu nghị Việt Nam – Lào tỉnh Đắk Lắk\tVNM\t\t"));
    /* the place's country (FIPS): Vietnam VM, Laos LA */
    assert_non_null(strstr(out.p, "\tBuôn Ma Thuột, Đắk Lắk\tVM\t"));
    assert_non_null(strstr(out.p, "\tSê Kông\tLA\t"));
    assert_null(strstr(out.p, "\t20221102\t"));  /* rejected */
    ht_buf_free(&out);
}

/* ---- formats through the app functions ---- */

static void test_formats(void **state)
{
    (void)state;
    const ht_report_format fs[] = {HT_REPORT_TEXT, HT_REPORT_JSON, HT_REPORT_CSV, HT_REPORT_MD};
    const char *starts[] = {"Quảng Ngãi (gồm Kon Tum)\ndate", "[{\"date\":\"2022-11-03\",\"type\":\"activity\"",
                            "date,type,kind,title,parties,place,via,id,sources\r\n",
                            "## Quảng Ngãi (gồm Kon Tum)\n"};
    for (size_t i = 0; i < 4; i++) {
        ht_buf out = {0};
        ht_error e = {0};
        assert_int_equal(ht_app_timeline(st, "VN-QNG", NULL, fs[i], &out, &e), 0);
        if (strncmp(out.p, starts[i], strlen(starts[i])) != 0)
            fail_msg("format %zu starts with:\n%.200s", i, out.p);
        ht_buf_free(&out);
    }
}

int main(void)
{
    const char *only = getenv("HT_REPORT_REGISTRY");
    if (only && *only) {
        setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
        build(only);
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_party),       cmocka_unit_test(test_find_agreement),
        cmocka_unit_test(test_timeline_pair),    cmocka_unit_test(test_timeline_successor),
        cmocka_unit_test(test_agreements),       cmocka_unit_test(test_implementation),
        cmocka_unit_test(test_implementation_manual), cmocka_unit_test(test_anniversaries),
        cmocka_unit_test(test_events),           cmocka_unit_test(test_formats),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
