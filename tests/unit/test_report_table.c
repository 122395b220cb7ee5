/* Unit tests of report tables: display widths of Vietnamese (NFC and NFD) and East
 * Asian text, terminal alignment and cutting, JSON (checked by jansson), CSV quoting,
 * Markdown escaping, invalid UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include <utf8proc.h>

#include "report/table.h"
#include "text/text.h"

/* "Đắk Lắk" written decomposed: D-stroke is precomposed only, marks follow a, a. */
static const char dak_lak_nfd[] = "\xC4\x90" "a\xCC\x86\xCC\x81k L" "a\xCC\x86\xCC\x81k";

static size_t width(const char *s) { return ht_report_display_width(s, strlen(s)); }

static void test_widths(void **st)
{
    (void)st;
    assert_int_equal(width("Đắk Lắk"), 7);
    assert_int_equal(width(dak_lak_nfd), 7);
    assert_int_equal(width("Hòa Bình – Hoà Bình"), 19);
    assert_int_equal(width("云南省"), 6);
    assert_int_equal(width("서울"), 4);
    assert_int_equal(width("ສະຫວັນນະເຂດ"), 10); /* Lao: the vowel sign above is a mark */
    assert_int_equal(width("a\tb"), 3);
    assert_int_equal(ht_report_display_width("a\xFF" "b", 3), 3);
    assert_int_equal(width(""), 0);
}

static char *text_of(const ht_report_table *t, unsigned maxw)
{
    ht_buf b = {0};
    assert_int_equal(ht_report_write_text(t, maxw, &b), 0);
    return ht_buf_take(&b);
}

/* Display column where the last field of a line starts (after the last run of two or
 * more spaces). */
static long last_field(const char *line, size_t n)
{
    long at = -1;
    for (size_t i = 0; i + 1 < n; i++)
        if (line[i] == ' ' && line[i + 1] == ' ') {
            while (i < n && line[i] == ' ')
                i++;
            at = (long)ht_report_display_width(line, i);
        }
    return at;
}

static void test_text_alignment(void **st)
{
    (void)st;
    const ht_report_col cols[] = {{"name", "Tên", HT_REPORT_COL_TEXT, 0},
                                  {"n", "Số", HT_REPORT_COL_INT, 0},
                                  {"note", NULL, HT_REPORT_COL_TEXT, 0}};
    ht_report_table t;
    assert_int_equal(ht_report_table_init(&t, "Thử nghiệm", cols, 3, true), 0);
    const char *r1[] = {"Đắk Lắk", "5", "a"};
    const char *r2[] = {dak_lak_nfd, "12", NULL};
    const char *r3[] = {"云南省", "123", "line\nbreak"};
    const char *r4[] = {"Sê Kông", NULL, "x"};
    assert_int_equal(ht_report_table_add(&t, r1), 0);
    assert_int_equal(ht_report_table_source(&t, "https://example.org/a"), 0);
    assert_int_equal(ht_report_table_source(&t, "docs/b.txt"), 0);
    assert_int_equal(ht_report_table_add(&t, r2), 0);
    assert_int_equal(ht_report_table_add(&t, r3), 0);
    assert_int_equal(ht_report_table_add(&t, r4), 0);
    char *out = text_of(&t, 0);
    const char *want =
        "Thử nghiệm\n"
        "Tên       Số  note\n"
        "-------  ---  ----------\n"
        "Đắk Lắk    5  a\n"
        "    https://example.org/a\n"
        "    docs/b.txt\n";
    assert_memory_equal(out, want, strlen(want));
    /* the columns line up by display width: the last field of the header and of the
     * rows with a note starts at column 14; the NFD row ends with its number at 12 */
    int lines = 0;
    for (char *l = out; *l;) {
        char *nl = strchr(l, '\n');
        size_t n = (size_t)(nl - l);
        if (strncmp(l, "    ", 4) != 0 && strncmp(l, "Thử", 4) != 0 && l[0] != '-') {
            if (lines == 2) {
                assert_int_equal(ht_report_display_width(l, n), 12);
            } else if (last_field(l, n) != 14)
                fail_msg("line \"%.*s\": last field at %ld, want 14", (int)n, l,
                         last_field(l, n));
            lines++;
        }
        l = nl + 1;
    }
    assert_int_equal(lines, 5);
    assert_non_null(strstr(out, "line break")); /* a line break in a cell is a space */
    assert_non_null(strstr(out, "k   12\n")); /* an empty last cell leaves no blanks */
    free(out);
    ht_report_table_free(&t);
}

static void test_text_cut(void **st)
{
    (void)st;
    const ht_report_col cols[] = {{"a", NULL, HT_REPORT_COL_TEXT, 0},
                                  {"b", NULL, HT_REPORT_COL_TEXT, 5}};
    ht_report_table t;
    assert_int_equal(ht_report_table_init(&t, NULL, cols, 2, false), 0);
    const char *r1[] = {"Hội hữu nghị Việt Nam – Lào", "云南云南云南"};
    const char *r2[] = {dak_lak_nfd, "abcde"};
    assert_int_equal(ht_report_table_add(&t, r1), 0);
    assert_int_equal(ht_report_table_add(&t, r2), 0);
    char *out = text_of(&t, 10);
    size_t bad;
    assert_int_equal(ht_utf8_validate(out, strlen(out), &bad, NULL), 0);
    assert_non_null(strstr(out, "Hội hữu n…  云南…\n"));
    assert_non_null(strstr(out, "abcde\n")); /* exactly at the limit: not cut */
    free(out);
    out = text_of(&t, 4);
    /* the decomposed "Đắk" is cut after whole letters, marks kept with their letter */
    const char *want = "\xC4\x90" "a\xCC\x86\xCC\x81k\xE2\x80\xA6";
    assert_non_null(strstr(out, want));
    free(out);
    out = text_of(&t, 1);
    assert_non_null(strstr(out, "…  云南…"));
    free(out);
    ht_report_table_free(&t);
}

static char *json_of(const ht_report_table *t)
{
    ht_buf b = {0};
    assert_int_equal(ht_report_write_json(t, &b), 0);
    return ht_buf_take(&b);
}

static void test_json(void **st)
{
    (void)st;
    const ht_report_col cols[] = {{"date", NULL, HT_REPORT_COL_TEXT, 0},
                                  {"years", NULL, HT_REPORT_COL_INT, 0},
                                  {"what", "Sự kiện", HT_REPORT_COL_TEXT, 0}};
    ht_report_table t;
    assert_int_equal(ht_report_table_init(&t, "x", cols, 3, true), 0);
    const char *r1[] = {"2022-07-18", "45", "Hiệp ước \"hữu nghị\"\n"};
    const char *r2[] = {NULL, "about 5", "bad \xC3 byte"};
    const char *r3[] = {"2022", "007", ""};
    assert_int_equal(ht_report_table_add(&t, r1), 0);
    assert_int_equal(ht_report_table_source(&t, "https://example.org/?a=1&b=2"), 0);
    assert_int_equal(ht_report_table_add(&t, r2), 0);
    assert_int_equal(ht_report_table_add(&t, r3), 0);
    char *s = json_of(&t);
    assert_string_equal(
        s, "[{\"date\":\"2022-07-18\",\"years\":45,\"what\":\"Hiệp ước \\\"hữu nghị\\\"\\n\","
           "\"sources\":[\"https://example.org/?a=1&b=2\"]},"
           "{\"date\":null,\"years\":\"about 5\",\"what\":\"bad \xEF\xBF\xBD byte\",\"sources\":[]},"
           "{\"date\":\"2022\",\"years\":\"007\",\"what\":\"\",\"sources\":[]}]\n");
    json_error_t je;
    json_t *v = json_loads(s, 0, &je);
    if (!v)
        fail_msg("jansson: %s at %d:%d", je.text, je.line, je.column);
    assert_int_equal(json_array_size(v), 3);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(v, 0), "years")), 45);
    assert_true(json_is_null(json_object_get(json_array_get(v, 1), "date")));
    json_decref(v);
    free(s);
    ht_report_table_free(&t);
}

static char *csv_of(const ht_report_table *t)
{
    ht_buf b = {0};
    assert_int_equal(ht_report_write_csv(t, &b), 0);
    return ht_buf_take(&b);
}

static void test_csv(void **st)
{
    (void)st;
    const ht_report_col cols[] = {{"a", "A", HT_REPORT_COL_TEXT, 0},
                                  {"b, c", NULL, HT_REPORT_COL_INT, 0}};
    ht_report_table t;
    assert_int_equal(ht_report_table_init(&t, "ignored", cols, 2, true), 0);
    const char *r1[] = {"plain", "1"};
    const char *r2[] = {"say \"hi\", then", NULL};
    const char *r3[] = {"two\nlines", "cr\rhere"};
    const char *r4[] = {"Đắk Lắk", "\xFF"};
    assert_int_equal(ht_report_table_add(&t, r1), 0);
    assert_int_equal(ht_report_table_source(&t, "https://a.example/1"), 0);
    assert_int_equal(ht_report_table_source(&t, "https://b.example/2"), 0);
    assert_int_equal(ht_report_table_add(&t, r2), 0);
    assert_int_equal(ht_report_table_add(&t, r3), 0);
    assert_int_equal(ht_report_table_add(&t, r4), 0);
    char *s = csv_of(&t);
    assert_string_equal(s, "a,\"b, c\",sources\r\n"
                           "plain,1,\"https://a.example/1\nhttps://b.example/2\"\r\n"
                           "\"say \"\"hi\"\", then\",,\r\n"
                           "\"two\nlines\",\"cr\rhere\",\r\n"
                           "Đắk Lắk,\xEF\xBF\xBD,\r\n");
    free(s);
    ht_report_table_free(&t);
}

static void test_markdown(void **st)
{
    (void)st;
    const ht_report_col cols[] = {{"a", "Tên | gọi", HT_REPORT_COL_TEXT, 0},
                                  {"n", NULL, HT_REPORT_COL_INT, 0}};
    ht_report_table t;
    assert_int_equal(ht_report_table_init(&t, "Báo cáo <1>", cols, 2, true), 0);
    const char *r1[] = {"a|b \\ c", "3"};
    const char *r2[] = {"<script>\r\nx", NULL};
    assert_int_equal(ht_report_table_add(&t, r1), 0);
    assert_int_equal(ht_report_table_source(&t, "https://example.org/a_b"), 0);
    assert_int_equal(ht_report_table_source(&t, "x|y"), 0);
    assert_int_equal(ht_report_table_add(&t, r2), 0);
    ht_buf b = {0};
    assert_int_equal(ht_report_write_md(&t, &b), 0);
    assert_string_equal(b.p, "## Báo cáo &lt;1>\n\n"
                             "| Tên \\| gọi | n | sources |\n"
                             "| --- | ---: | --- |\n"
                             "| a\\|b \\\\ c | 3 | https://example.org/a_b<br>x\\|y |\n"
                             "| &lt;script><br>x |  |  |\n");
    ht_buf_free(&b);
    ht_report_table_free(&t);
}

static void test_empty_and_formats(void **st)
{
    (void)st;
    const ht_report_col cols[] = {{"k", NULL, HT_REPORT_COL_TEXT, 0}};
    ht_report_table t;
    assert_int_equal(ht_report_table_init(&t, NULL, cols, 1, false), 0);
    assert_int_equal(ht_report_table_source(&t, "no row yet"), HT_EINVAL);
    char *s = json_of(&t);
    assert_string_equal(s, "[]\n");
    free(s);
    s = csv_of(&t);
    assert_string_equal(s, "k\r\n");
    free(s);
    s = text_of(&t, 10);
    assert_string_equal(s, "k\n-\n");
    free(s);
    ht_report_format f;
    assert_int_equal(ht_report_format_parse("json", &f), 0);
    assert_int_equal(f, HT_REPORT_JSON);
    assert_int_equal(ht_report_format_parse("markdown", &f), 0);
    assert_int_equal(f, HT_REPORT_MD);
    assert_int_equal(ht_report_format_parse("csv", &f), 0);
    assert_int_equal(f, HT_REPORT_CSV);
    assert_int_equal(ht_report_format_parse("table", &f), 0);
    assert_int_equal(f, HT_REPORT_TEXT);
    assert_int_equal(ht_report_format_parse("xml", &f), HT_EINVAL);
    assert_int_equal(ht_report_format_parse(NULL, &f), HT_EINVAL);
    ht_buf b = {0};
    assert_int_equal(ht_report_write(&t, HT_REPORT_MD, &b), 0);
    assert_string_equal(b.p, "| k |\n| --- |\n");
    ht_buf_free(&b);
    ht_report_table_free(&t);
}

/* TSV as GDELT's files: tabs and line breaks in a cell as spaces, sources
 * space-separated under the table's own key; a decimal column is a JSON number, and
 * right-aligned like an integer. */
static void test_tsv_and_decimals(void **st)
{
    (void)st;
    const ht_report_col cols[] = {{"Name", NULL, HT_REPORT_COL_TEXT, 0},
                                  {"Fraction", NULL, HT_REPORT_COL_NUM, 0}};
    ht_report_table t;
    assert_int_equal(ht_report_table_init(&t, "not in TSV", cols, 2, true), 0);
    t.sources_key = "SourceURLs";
    const char *r1[] = {"Sê\tKông\r\nLào", "2018.4685"};
    const char *r2[] = {"bad \xff byte", "1.2.3"};
    assert_int_equal(ht_report_table_add(&t, r1), 0);
    assert_int_equal(ht_report_table_source(&t, "https://a.example/1"), 0);
    assert_int_equal(ht_report_table_source(&t, "b.txt"), 0);
    assert_int_equal(ht_report_table_add(&t, r2), 0);
    ht_buf b = {0};
    assert_int_equal(ht_report_write(&t, HT_REPORT_TSV, &b), 0);
    assert_string_equal(b.p, "Name\tFraction\tSourceURLs\n"
                             "Sê Kông  Lào\t2018.4685\thttps://a.example/1 b.txt\n"
                             "bad \xEF\xBF\xBD byte\t1.2.3\t\n");
    char *s = json_of(&t);
    assert_non_null(strstr(s, "\"Fraction\":2018.4685,\"SourceURLs\":[\"https://a.example/1\""));
    assert_non_null(strstr(s, "\"Fraction\":\"1.2.3\"")); /* not a number: a string */
    free(s);
    s = csv_of(&t);
    assert_true(strncmp(s, "Name,Fraction,SourceURLs\r\n", 26) == 0);
    free(s);
    s = text_of(&t, 0);
    assert_non_null(strstr(s, "Fraction\n")); /* right-aligned: the label ends the line */
    free(s);
    ht_report_format f;
    assert_int_equal(ht_report_format_parse("tsv", &f), 0);
    assert_int_equal(f, HT_REPORT_TSV);
    ht_buf_free(&b);
    ht_report_table_free(&t);
}

static void test_many_rows(void **st)
{
    (void)st;
    const ht_report_col cols[] = {{"i", NULL, HT_REPORT_COL_INT, 0},
                                  {"s", NULL, HT_REPORT_COL_TEXT, 0}};
    ht_report_table t;
    assert_int_equal(ht_report_table_init(&t, NULL, cols, 2, true), 0);
    for (int i = 0; i < 1000; i++) {
        char num[16];
        snprintf(num, sizeof num, "%d", i);
        const char *r[] = {num, "Quảng Ngãi"};
        assert_int_equal(ht_report_table_add(&t, r), 0);
        for (int k = 0; k < i % 5; k++)
            assert_int_equal(ht_report_table_source(&t, num), 0);
    }
    assert_int_equal(t.nrows, 1000);
    assert_int_equal(t.rows[999].nsources, 4);
    assert_string_equal(t.rows[998].sources[2], "998");
    char *s = json_of(&t);
    json_error_t je;
    json_t *v = json_loads(s, 0, &je);
    assert_non_null(v);
    assert_int_equal(json_array_size(v), 1000);
    json_decref(v);
    free(s);
    ht_report_table_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths),   cmocka_unit_test(test_text_alignment),
        cmocka_unit_test(test_text_cut), cmocka_unit_test(test_json),
        cmocka_unit_test(test_csv),      cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_empty_and_formats), cmocka_unit_test(test_many_rows),
        cmocka_unit_test(test_tsv_and_decimals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
