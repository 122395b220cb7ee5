/* Unit tests of the page layer's entry points: format detection, bad input, JSON Lines
 * (names, errors with line and column, one line by id), reading files, directories
 * and FILE.jsonl#ID, and the dates found in pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "page/page_int.h"
#include "test_page_check.h"

static void test_detect(void **state)
{
    (void)state;
    const char *html1 = "<!DOCTYPE html><html><body><p>Xin chào</p></body></html>";
    const char *html2 = "\xef\xbb\xbf\n  <div class=x>Tin</div>";
    const char *html3 = "Trang cũ không có khai báo <p>đoạn một</p><p>đoạn hai</p><br>";
    const char *jsonl = "\n{\"title\": \"A\", \"text\": \"B\"}\n";
    const char *md = "Tiêu đề\n| Chú thích ảnh |\nĐoạn văn.\n";
    const char *md2 = "Tiêu đề\n- mục một\n- mục hai\n";
    const char *txt = "Tiêu đề\nĐoạn văn có dấu < và > nhưng không phải HTML.\n";
    assert_int_equal(ht_page_detect(NULL, html1, strlen(html1)), HT_FMT_HTML);
    assert_int_equal(ht_page_detect(NULL, html2, strlen(html2)), HT_FMT_HTML);
    assert_int_equal(ht_page_detect(NULL, html3, strlen(html3)), HT_FMT_HTML);
    assert_int_equal(ht_page_detect("a.txt", jsonl, strlen(jsonl)), HT_FMT_JSONL);
    assert_int_equal(ht_page_detect(NULL, md, strlen(md)), HT_FMT_MARKDOWN);
    assert_int_equal(ht_page_detect(NULL, md2, strlen(md2)), HT_FMT_MARKDOWN);
    assert_int_equal(ht_page_detect("x.html", txt, strlen(txt)), HT_FMT_TEXT);
}

static int parse_err(const char *name, const char *s, size_t n, ht_error *e)
{
    ht_doc d;
    int rc = ht_page_parse(name, s, n, HT_FMT_AUTO, &d, e);
    if (rc == 0)
        ht_doc_free(&d);
    return rc;
}

static void test_bad_input(void **state)
{
    (void)state;
    ht_error e = {0};
    assert_int_equal(parse_err("empty.txt", "", 0, &e), HT_EFORMAT);
    assert_non_null(strstr(e.msg, "empty.txt: empty"));
    assert_int_equal(parse_err("blank.txt", " \n\t\r\n", 5, &e), HT_EFORMAT);
    assert_non_null(strstr(e.msg, "blank.txt"));
    static const char bin[] = "PK\x03\x04\x00\x00binary";
    assert_int_equal(parse_err("a.zip", bin, sizeof bin - 1, &e), HT_EFORMAT);
    assert_non_null(strstr(e.msg, "byte 4"));
    static const char bad[] = "Tiêu đề\nĐoạn \xc3\x28 hỏng\n";
    assert_int_equal(parse_err("bad.txt", bad, sizeof bad - 1, &e), HT_EUTF8);
    assert_non_null(strstr(e.msg, "bad.txt"));
    assert_non_null(strstr(e.msg, "byte 20")); /* "Tiêu đề\nĐoạn " is 20 bytes */
}

typedef struct {
    int docs, errors;
    char sources[8][128];
    char errs[8][600];
    char titles[8][128];
    char published[8][16];
    int nblocks[8];
} collect;

static int on_doc(ht_doc *d, const ht_error *err, void *ud)
{
    collect *c = ud;
    if (!d) {
        if (c->errors < 8)
            snprintf(c->errs[c->errors], sizeof c->errs[0], "%s", err->msg);
        c->errors++;
        return 0;
    }
    check_doc(d);
    if (c->docs < 8) {
        snprintf(c->sources[c->docs], sizeof c->sources[0], "%s", d->source);
        snprintf(c->titles[c->docs], sizeof c->titles[0], "%s", d->title ? d->title : "");
        snprintf(c->published[c->docs], sizeof c->published[0], "%s", d->published ? d->published : "");
        c->nblocks[c->docs] = (int)d->nblocks;
    }
    c->docs++;
    return 0;
}

static const char jl[] =
    "{\"id\": \"a-1\", \"title\": \"Tin một\", \"text\": \"Sapo của tin một.\\nThân bài "
    "\\u0111\\u1ea7u ti\\u00ean, có xuống dòng.\", \"date\": \"2021-04-12\", \"url\": \"http://x/1\"}\n"
    "\n"
    "{\"title\": \"Tin hai\", \"text\": \"Không có id nên tên là số dòng.\", \"date\": null}\n"
    "{\"id\": \"a-3\", \"title\": \"Hỏng\", \"text\": \"thiếu dấu đóng\"\n"
    "{\"id\": \"a-4\", \"title\": \"Không có text\"}\n"
    "{\"id\": 5, \"text\": \"Id là số, ngày có giờ.\", \"date\": \"2020-01-02T03:04:05Z\"}\n";

static void test_jsonl(void **state)
{
    (void)state;
    collect c = {0};
    assert_int_equal(ht_page_read_jsonl("news.jsonl", jl, sizeof jl - 1, NULL, on_doc, &c), 0);
    assert_int_equal(c.docs, 3);
    assert_int_equal(c.errors, 2);
    assert_string_equal(c.sources[0], "news.jsonl#a-1");
    assert_string_equal(c.titles[0], "Tin một");
    assert_string_equal(c.published[0], "2021-04-12");
    assert_int_equal(c.nblocks[0], 2);
    assert_string_equal(c.sources[1], "news.jsonl#3"); /* line 3: no id */
    assert_string_equal(c.published[1], "");
    assert_string_equal(c.sources[2], "news.jsonl#5");
    assert_string_equal(c.published[2], "2020-01-02");
    /* the bad lines are named with line and column and do not stop the others */
    assert_non_null(strstr(c.errs[0], "news.jsonl:4:"));
    assert_non_null(strstr(c.errs[1], "news.jsonl:5:"));
    assert_non_null(strstr(c.errs[1], "text"));
}

/* What the flat reader takes, and what it leaves to jansson. */
static int flat(const char *line, ht_pg_jfield *f, ht_arena *a)
{
    static const char *const names[] = {"text", "title", "id"};
    for (int i = 0; i < 3; i++)
        f[i].name = names[i];
    return ht_pg_json_flat(line, strlen(line), a, f, 3);
}

static void test_jsonl_flat(void **state)
{
    (void)state;
    ht_arena a = {0};
    ht_pg_jfield f[3];
    assert_int_equal(flat(" {\"title\": null, \"x\": true,\"text\":\"Sê K\\u00f4ng \\\"\\ud83d\\ude00\\\"\\n\\/\"}\r\n", f, &a), 1);
    assert_int_equal(f[0].kind, HT_PG_JSTRING);
    assert_string_equal(f[0].v, "Sê Kông \"\xf0\x9f\x98\x80\"\n/");
    assert_int_equal(f[0].n, strlen(f[0].v));
    assert_int_equal(f[1].kind, HT_PG_JNULL);
    assert_int_equal(f[2].kind, HT_PG_JABSENT);
    assert_int_equal(flat("{\"text\": \"a\\u0000b\"}", f, &a), 1);
    assert_int_equal(f[0].n, 3);
    assert_memory_equal(f[0].v, "a\0b", 4);
    /* left to jansson: numbers, nesting, escaped or repeated keys, lone surrogates, bad
     * escapes, control characters, invalid UTF-8, what follows the object */
    const char *other[] = {
        "{\"text\": \"a\", \"id\": 5}",     "{\"text\": \"a\", \"tags\": [\"b\"]}",
        "{\"te\\u0078t\": \"a\"}",          "{\"text\": \"a\", \"text\": \"b\"}",
        "{\"text\": \"\\ud800\"}",          "{\"text\": \"\\udc00x\"}",
        "{\"text\": \"\\x\"}",              "{\"text\": \"a\tb\"}",
        "{\"text\": \"\xc3\x28\"}",         "{\"text\": \"a\"} x",
        "{\"text\": \"a\",}",               "[\"text\"]",
        "{\"text\": nulls}",                "{\"text\": \"a\"",
    };
    for (size_t i = 0; i < sizeof other / sizeof *other; i++)
        assert_int_equal(flat(other[i], f, &a), 0);
    ht_arena_free(&a);
    /* the same line read either way gives the same document */
    static const char two[] =
        "{\"id\": \"f-1\", \"title\": \"Đ\\u1eafk L\\u1eafk\", \"text\": \"Tỉnh \\\"Sê Kông\\\".\\nHai.\"}\n"
        "{\"id\": \"f-1\", \"n\": 1, \"title\": \"Đ\\u1eafk L\\u1eafk\", \"text\": \"Tỉnh \\\"Sê Kông\\\".\\nHai.\"}\n";
    collect c = {0};
    assert_int_equal(ht_page_read_jsonl("f.jsonl", two, sizeof two - 1, NULL, on_doc, &c), 0);
    assert_int_equal(c.docs, 2);
    assert_string_equal(c.sources[0], "f.jsonl#f-1");
    assert_string_equal(c.sources[1], c.sources[0]);
    assert_string_equal(c.titles[0], "Đắk Lắk");
    assert_string_equal(c.titles[1], c.titles[0]);
    assert_int_equal(c.nblocks[0], 2);
    assert_int_equal(c.nblocks[1], c.nblocks[0]);
}

static int keep_doc(ht_doc *d, const ht_error *err, void *ud)
{
    (void)err;
    ht_doc *out = ud;
    if (!d)
        return 0;
    /* spans are in the decoded "text": check them here, while the doc lives */
    for (size_t i = 0; i < d->nblocks; i++) {
        const ht_block *b = &d->blocks[i];
        ht_buf t = {0};
        ht_error e;
        assert_int_equal(ht_text_normalize(d->orig + b->orig_start, b->orig_end - b->orig_start, &t, NULL, &e), 0);
        assert_int_equal(t.n, b->end - b->start);
        assert_memory_equal(t.p, d->text + b->start, t.n);
        ht_buf_free(&t);
    }
    out->nblocks = d->nblocks;
    out->orig_n = d->orig_n;
    return 0;
}

static void test_jsonl_spans(void **state)
{
    (void)state;
    ht_doc got = {0};
    assert_int_equal(ht_page_read_jsonl("n.jsonl", jl, sizeof jl - 1, "a-1", keep_doc, &got), 0);
    assert_int_equal(got.nblocks, 2);
    /* the decoded text: "\\u0111" is two bytes, the escapes are gone */
    assert_int_equal(got.orig_n, strlen("Sapo của tin một.\nThân bài đầu tiên, có xuống dòng."));
}

static void test_jsonl_only_id(void **state)
{
    (void)state;
    collect c = {0};
    assert_int_equal(ht_page_read_jsonl("news.jsonl", jl, sizeof jl - 1, "3", on_doc, &c), 0);
    assert_int_equal(c.docs, 1);
    assert_string_equal(c.sources[0], "news.jsonl#3");
    memset(&c, 0, sizeof c);
    assert_int_equal(ht_page_read_jsonl("news.jsonl", jl, sizeof jl - 1, "a-9", on_doc, &c), 0);
    assert_int_equal(c.docs, 0);
    assert_int_equal(c.errors, 1);
    assert_non_null(strstr(c.errs[0], "news.jsonl#a-9"));
}

static void write_file(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(s, f);
    fclose(f);
}

static void test_read_paths(void **state)
{
    (void)state;
    char dir[] = "/tmp/hoptac-page-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[512];
    snprintf(p, sizeof p, "%s/sub", dir);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/b.txt", dir);
    write_file(p, "Tiêu đề bài B\nNội dung bài B có đủ một câu hoàn chỉnh để đọc.\n");
    snprintf(p, sizeof p, "%s/sub/a.html", dir);
    write_file(p, "<html><body><h1>Bài A</h1><p>Nội dung bài A, viết cho phép thử, có dấu phẩy, "
                  "và đủ dài để là một đoạn văn.</p></body></html>");
    snprintf(p, sizeof p, "%s/sub/c.jsonl", dir);
    write_file(p, "{\"id\": \"c1\", \"text\": \"Một.\"}\n{\"id\": \"c2\", \"text\": \"Hai.\"}\n");
    snprintf(p, sizeof p, "%s/photo.jpg", dir);
    write_file(p, "\xff\xd8\xff\xe0 not an article");
    snprintf(p, sizeof p, "%s/.hidden.txt", dir);
    write_file(p, "Ẩn.\n");

    collect c = {0};
    ht_error e = {0};
    assert_int_equal(ht_page_read_path(dir, on_doc, &c, &e), 0);
    assert_int_equal(c.errors, 0); /* the photo and the hidden file are not read */
    assert_int_equal(c.docs, 4);
    /* name order: b.txt, then sub/a.html, sub/c.jsonl (two lines) */
    assert_non_null(strstr(c.sources[0], "/b.txt"));
    assert_non_null(strstr(c.sources[1], "/sub/a.html"));
    assert_non_null(strstr(c.sources[2], "/sub/c.jsonl#c1"));
    assert_non_null(strstr(c.sources[3], "/sub/c.jsonl#c2"));

    /* FILE.jsonl#ID */
    memset(&c, 0, sizeof c);
    snprintf(p, sizeof p, "%s/sub/c.jsonl#c2", dir);
    assert_int_equal(ht_page_read_path(p, on_doc, &c, &e), 0);
    assert_int_equal(c.docs, 1);
    assert_non_null(strstr(c.sources[0], "c.jsonl#c2"));

    /* a file named explicitly is read whatever its name: a binary one is an error */
    memset(&c, 0, sizeof c);
    snprintf(p, sizeof p, "%s/photo.jpg", dir);
    assert_int_equal(ht_page_read_path(p, on_doc, &c, &e), 0);
    assert_int_equal(c.errors, 1);
    assert_non_null(strstr(c.errs[0], "photo.jpg"));

    /* a missing path is an error of the path itself */
    snprintf(p, sizeof p, "%s/none.txt", dir);
    assert_int_equal(ht_page_read_path(p, on_doc, &c, &e), HT_ENOTFOUND);
    assert_non_null(strstr(e.msg, "none.txt"));

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void expect_date(const char *s, int y, int m, int d)
{
    ht_pg_date x;
    if (!ht_pg_find_date(s, strlen(s), &x))
        fail_msg("no date in \"%s\"", s);
    if (x.y != y || x.m != m || x.d != d)
        fail_msg("\"%s\": %d-%d-%d, want %d-%d-%d", s, x.y, x.m, x.d, y, m, d);
}

static void test_dates(void **state)
{
    (void)state;
    expect_date("Ngày 3/11/2022, tại Hà Nội", 2022, 11, 3);
    expect_date("Chiều 16/5, đoàn đến", 0, 5, 16);
    expect_date("cập nhật 2023-04-12 07:15", 2023, 4, 12);
    expect_date("ngày 21 tháng 6 năm 2018", 2018, 6, 21);
    expect_date("tháng 11/2020 vừa qua", 2020, 11, 0);
    expect_date("(10/07/2025, 18:24)", 2025, 7, 10);
    expect_date("03-11-22 sáng", 2022, 11, 3);
    ht_pg_date x;
    assert_false(ht_pg_find_date("tăng 3.5 lần, 28,22 triệu", 26, &x));
    assert_false(ht_pg_find_date("ngày 31/2/2022", 14, &x));
    assert_true(ht_pg_parse_iso_date("2022-11-03T10:05:00+07:00", 25, &x));
    assert_int_equal(x.y * 10000 + x.m * 100 + x.d, 20221103);
    assert_true(ht_pg_parse_iso_date("20210412", 8, &x));
    assert_int_equal(x.d, 12);
    assert_false(ht_pg_parse_iso_date("N/A", 3, &x));
    ht_arena a = {0};
    x = (ht_pg_date){2021, 4, 0, 0, 0};
    assert_string_equal(ht_pg_date_str(&a, &x), "2021-04");
    x = (ht_pg_date){0, 4, 3, 0, 0};
    assert_null(ht_pg_date_str(&a, &x));
    ht_arena_free(&a);
}

static void test_lexicons(void **state)
{
    (void)state;
    assert_int_equal(ht_pg_section_kind("Tin bài liên quan", strlen("Tin bài liên quan")), HT_PG_SEC_LIST);
    assert_int_equal(ht_pg_section_kind("TIN LIÊN QUAN:", strlen("TIN LIÊN QUAN:")), HT_PG_SEC_LIST);
    assert_int_equal(ht_pg_section_kind("Bình luận", strlen("Bình luận")), HT_PG_SEC_END);
    assert_int_equal(ht_pg_section_kind("Tin bài liên quan đến vụ việc", 34), HT_PG_SEC_NONE);
    assert_true(ht_pg_cue_kind("anh", 3) & HT_PG_CUE_CREDIT);
    assert_true(ht_pg_cue_scan("cac dai bieu tham du buoi le", 28, HT_PG_CUE_CAPTION));
    assert_true(ht_pg_name_like("Kim Bảo", strlen("Kim Bảo")));
    assert_true(ht_pg_name_like("PV/VOV.VN", 9));
    assert_false(ht_pg_name_like("Hai bên đã ký kết.", strlen("Hai bên đã ký kết.")));
    assert_false(ht_pg_name_like("Sáng 3/11", strlen("Sáng 3/11")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_jsonl),         cmocka_unit_test(test_jsonl_spans),
        cmocka_unit_test(test_jsonl_flat),
        cmocka_unit_test(test_jsonl_only_id), cmocka_unit_test(test_read_paths),
        cmocka_unit_test(test_dates),         cmocka_unit_test(test_lexicons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
