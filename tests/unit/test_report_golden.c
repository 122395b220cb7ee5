/* Golden-file tests of every report format: sample reports (written for hoptac) in
 * terminal, JSON, CSV, Markdown, iCalendar and event TSV, compared byte for byte with
 * tests/fixtures/report/. With HT_REPORT_SAMPLES_DIR set, the outputs (and, for CSV,
 * the cells they must read back as) are also written there for the independent
 * parsers of tests/checks/report_formats.sh; HT_REPORT_UPDATE_GOLDEN=1 rewrites the
 * fixtures instead of comparing (review the diff before committing). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/json.h"
#include "report/calendar.h"
#include "report/events.h"
#include "report/reports.h"

static ht_report_date D(const char *s)
{
    ht_report_date d = {0};
    ht_error e;
    if (s && ht_report_date_parse(s, strlen(s), false, &d, &e))
        fail_msg("%s", e.msg);
    return d;
}

static void write_file(const char *dir, const char *name, const char *p, size_t n)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n || fclose(f))
        fail_msg("cannot write %s", path);
}

static void golden(const char *name, const char *p, size_t n)
{
    const char *samples = getenv("HT_REPORT_SAMPLES_DIR");
    const char *dir = getenv("HT_FIXTURES_DIR");
    if (!dir)
        dir = "tests/fixtures/report";
    if (samples && *samples)
        write_file(samples, name, p, n);
    const char *update = getenv("HT_REPORT_UPDATE_GOLDEN");
    if (update && strcmp(update, "1") == 0) {
        write_file(dir, name, p, n);
        return;
    }
    char path[1024], *want;
    size_t wn;
    ht_error e;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (ht_read_file(path, &want, &wn, &e))
        fail_msg("%s (run from the top of the tree)", e.msg);
    size_t i = 0;
    while (i < n && i < wn && p[i] == want[i])
        i++;
    if (i != n || i != wn) {
        size_t from = i > 40 ? i - 40 : 0;
        fail_msg("%s differs at byte %zu:\n got: \"%.*s\"\nwant: \"%.*s\"", path, i,
                 (int)((n > from + 80 ? from + 80 : n) - from), p + from,
                 (int)((wn > from + 80 ? from + 80 : wn) - from), want + from);
    }
    free(want);
}

/* The cells a CSV reader must find: header then rows, empty cells as "". */
static void cells_json(const char *base, const ht_report_table *t)
{
    const char *samples = getenv("HT_REPORT_SAMPLES_DIR");
    if (!samples || !*samples)
        return;
    ht_buf b = {0}, src = {0};
    ht_json j;
    ht_json_init(&j, &b);
    ht_json_arr(&j);
    ht_json_arr(&j);
    for (size_t c = 0; c < t->ncols; c++)
        ht_json_cstr(&j, t->cols[c].key);
    if (t->with_sources)
        ht_json_cstr(&j, "sources");
    ht_json_arr_end(&j);
    for (size_t r = 0; r < t->nrows; r++) {
        ht_json_arr(&j);
        for (size_t c = 0; c < t->ncols; c++)
            ht_json_cstr(&j, t->rows[r].cells[c] ? t->rows[r].cells[c] : "");
        if (t->with_sources) {
            ht_buf_reset(&src);
            for (size_t s = 0; s < t->rows[r].nsources; s++)
                ht_buf_printf(&src, "%s%s", s ? "\n" : "", t->rows[r].sources[s]);
            ht_json_str(&j, src.p ? src.p : "", src.n);
        }
        ht_json_arr_end(&j);
    }
    ht_json_arr_end(&j);
    char name[256];
    snprintf(name, sizeof name, "%s.cells.json", base);
    write_file(samples, name, b.p, b.n);
    ht_buf_free(&b);
    ht_buf_free(&src);
}

static void all_formats(const char *base, ht_report_table *t)
{
    static const struct {
        ht_report_format f;
        const char *ext;
    } fmts[] = {{HT_REPORT_TEXT, "txt"}, {HT_REPORT_JSON, "json"}, {HT_REPORT_CSV, "csv"},
                {HT_REPORT_MD, "md"}};
    for (size_t i = 0; i < 4; i++) {
        ht_buf b = {0};
        char name[256];
        assert_int_equal(ht_report_write(t, fmts[i].f, &b), 0);
        snprintf(name, sizeof name, "%s.%s", base, fmts[i].ext);
        golden(name, b.p, b.n);
        ht_buf_free(&b);
    }
    cells_json(base, t);
}

static const char *const src_2018[] = {"https://tin.example.vn/2018/06/ky-ket-hop-tac.html"};
static const char *const src_2022[] = {"https://tin.example.vn/2022/04/lam-viec.html",
                                       "archive/bao-in-2022-04.txt"};
static const char *const src_ktm[] = {"https://bao.example.vn/kon-tum/ghi-nho-2022"};
static const char *const src_yn[] = {"https://bao.example.vn/quang-ngai/van-nam?id=7&lang=vi"};

static void test_timelines(void **st)
{
    (void)st;
    const ht_report_tl_item pair[] = {
        {D("2022 (inferred)"), "activity", "working_session",
         "Đoàn Sê Kông làm việc với Đắk Lắk về nông nghiệp và giáo dục", "Đắk Lắk – Sê Kông",
         "Buôn Ma Thuột", NULL, "act:dlk-xe-2022", src_2022, 2},
        {D("2018-06-21"), "agreement", "cooperation_agreement",
         "Thỏa thuận hợp tác giai đoạn 2018–2023", "Đắk Lắk – Sê Kông", "Buôn Ma Thuột", NULL,
         "agr:dlk-xe-2018", src_2018, 1},
        {D("2018-06-21"), "activity", "signing", "Hai hội hữu nghị kết nghĩa và ký thỏa thuận",
         "Đắk Lắk – Sê Kông", "Buôn Ma Thuột", NULL, "act:dlk-xe-2018", src_2018, 1},
    };
    ht_report_table t;
    assert_int_equal(ht_report_timeline(pair, 3, "Đắk Lắk – Sê Kông", &t), 0);
    all_formats("timeline_pair", &t);
    ht_report_table_free(&t);

    const ht_report_tl_item qng[] = {
        {D("2025-09-12"), "activity", "reception", "Tiếp đoàn tỉnh Vân Nam (云南省)",
         "Quảng Ngãi – Vân Nam", "Quảng Ngãi", NULL, "act:qng-yn-2025", src_yn, 1},
        {D("2022-11-03"), "agreement", "mou", "Bản ghi nhớ hợp tác giai đoạn 2022–2027",
         "Kon Tum – Sê Kông (ເຊກອງ)", "Kon Tum", "Kon Tum", "agr:ktm-xe-2022", src_ktm, 1},
        {D("2019-03"), "activity", "visit", "Đoàn tỉnh Kon Tum sang thăm Sê Kông",
         "Kon Tum – Sê Kông", NULL, "Kon Tum", "act:ktm-xe-2019", NULL, 0},
        {D("--05-19"), "activity", "exchange", "Giao lưu văn hóa, thể thao | \"hữu nghị\"",
         "Quảng Ngãi – Sê Kông", NULL, NULL, "act:qng-xe-0519", NULL, 0},
    };
    assert_int_equal(ht_report_timeline(qng, 4, "Quảng Ngãi (gồm Kon Tum trước 7/2025)", &t), 0);
    all_formats("timeline_successor", &t);
    ht_report_table_free(&t);
}

static const char *const dlk_xe[] = {"LA-XE", "VN-DLK"};
static const char *const qng_xe[] = {"LA-XE", "VN-QNG"};
static const char *const dkn_mdk[] = {"KH-11", "VN-DKN"};
static const char *const gl_rtk[] = {"KH-16", "VN-GLA"};
static const char *const hg_yn[] = {"CN-YN", "VN-HGI"};

static const ht_report_agr_item agreements[] = {
    {{"agr:dlk-xe-2018", dlk_xe, 2, "cooperation_agreement", {2018, 6, 21, 3, true},
      {2018, 0, 0, 1, false}, {2023, 0, 0, 1, false}},
     "Thỏa thuận hợp tác giai đoạn 2018–2023", "Đắk Lắk – Sê Kông", src_2018, 1},
    {{"agr:dlk-xe-twin", dlk_xe, 2, "twinning", {2018, 6, 21, 3, false}, {0}, {0}},
     "Kết nghĩa hai hội hữu nghị", "Đắk Lắk – Sê Kông", src_2018, 1},
    {{"agr:ktm-xe-2022", qng_xe, 2, "mou", {2022, 11, 3, 3, false}, {2022, 0, 0, 1, false},
      {2027, 0, 0, 1, false}},
     "Bản ghi nhớ hợp tác giai đoạn 2022–2027", "Kon Tum – Sê Kông", src_ktm, 1},
    {{"agr:dkn-mdk-2021", dkn_mdk, 2, "cooperation_agreement", {2021, 4, 10, 3, false},
      {2021, 4, 10, 3, false}, {2024, 6, 30, 3, false}},
     "Thỏa thuận hợp tác về quản lý biên giới, thương mại", "Đắk Nông – Mondulkiri", NULL, 0},
    {{"agr:gl-rtk-2016", gl_rtk, 2, "mou", {2016, 5, 5, 3, false}, {2016, 0, 0, 1, false},
      {2020, 0, 0, 1, false}},
     "Bản ghi nhớ 2016–2020", "Gia Lai – Ratanakiri", NULL, 0},
    {{"agr:gl-rtk-2021", gl_rtk, 2, "mou", {2021, 1, 15, 3, false}, {2021, 0, 0, 1, false},
      {2025, 0, 0, 1, false}},
     "Bản ghi nhớ 2021–2025", "Gia Lai – Ratanakiri", NULL, 0},
    {{"agr:hg-yn-2023", hg_yn, 2, "minutes", {2023, 3, 0, 2, false}, {2023, 0, 0, 1, false},
      {2023, 0, 0, 1, false}},
     "Biên bản hội đàm", "Hà Giang – Vân Nam", NULL, 0},
};

static void test_agreements(void **st)
{
    (void)st;
    ht_report_table t;
    ht_error e = {0};
    size_t n = sizeof agreements / sizeof agreements[0];
    assert_int_equal(ht_report_agreements(agreements, n, D("2024-01-01"), 6, HT_REPORT_ALL,
                                          "Thỏa thuận ngày 2024-01-01", &t, &e),
                     0);
    all_formats("agreements", &t);
    ht_report_table_free(&t);
    unsigned mask = 1u << HT_REPORT_EXPIRED;
    assert_int_equal(ht_report_agreements(agreements, n, D("2024-01-01"), 6, mask,
                                          "Hết hạn, chưa ký tiếp", &t, &e),
                     0);
    ht_buf b = {0};
    assert_int_equal(ht_report_write_text(&t, 0, &b), 0);
    golden("agreements_expired.txt", b.p, b.n);
    ht_buf_free(&b);
    ht_report_table_free(&t);
}

static void test_implementation(void **st)
{
    (void)st;
    const char *const tasks[] = {
        "Phổ biến nội dung thỏa thuận đến hội viên hai hội",
        "Trao đổi đoàn hằng năm giữa hai tỉnh",
        "Hỗ trợ học sinh, sinh viên Sê Kông sang học tập tại Đắk Lắk",
        "Giao lưu văn hóa, thể thao nhân dịp lễ lớn",
        "Phối hợp tổ chức kỷ niệm ngày thiết lập quan hệ ngoại giao",
    };
    const ht_report_impl_link links[] = {
        {2, "act:dlk-xe-2022", D("2022 (inferred)"), "working_session",
         "Đoàn Sê Kông làm việc với Đắk Lắk", "extracted", src_2022, 2},
        {3, "act:dlk-xe-2022-hb", D("2022-09"), "scholarship", "Tiếp nhận sinh viên Sê Kông",
         "similarity", NULL, 0},
        {5, "act:dlk-xe-2022-kn", D("2022-09-05"), "festival", "Mít tinh kỷ niệm 60 năm",
         "manual", NULL, 0},
        {0, "act:dlk-xe-2018", D("2018-06-21"), "signing", "Ký kết thỏa thuận", "extracted",
         src_2018, 1},
    };
    ht_report_table t;
    ht_report_impl_counts c;
    assert_int_equal(ht_report_implementation("Thỏa thuận hợp tác Đắk Lắk – Sê Kông 2018–2023", 9,
                                              tasks, 5, links, 4, &t, &c),
                     0);
    assert_int_equal(c.listed, 5);
    assert_int_equal(c.declared, 9);
    assert_int_equal(c.with_activity, 3);
    all_formats("implementation", &t);
    ht_report_table_free(&t);
}

static void test_calendar(void **st)
{
    (void)st;
    const ht_report_anniv an[] = {
        {"Hiệp ước Hữu nghị và Hợp tác Việt Nam – Lào", {1977, 7, 18, 3, false}, "anniv:treaty",
         NULL},
        {"thiết lập quan hệ ngoại giao Việt Nam – Lào", {1962, 9, 5, 3, false}, "anniv:relations",
         NULL},
        {"kết nghĩa hai hội hữu nghị Đắk Lắk – Sê Kông", {2018, 6, 21, 3, false},
         "agr:dlk-xe-twin", NULL},
        {"thành lập Hội hữu nghị (tháng)", {1997, 10, 0, 2, false}, NULL, NULL},
    };
    size_t na = sizeof agreements / sizeof agreements[0];
    ht_report_deadline dl[16];
    for (size_t i = 0; i < na; i++)
        dl[i] = (ht_report_deadline){agreements[i].title, ht_report_agr_end(&agreements[i].agr),
                                     agreements[i].agr.id};
    ht_report_calendar c;
    ht_error e = {0};
    assert_int_equal(ht_report_calendar_build(an, 4, dl, na, D("2022"), D("2027"), 5, &c, &e), 0);
    ht_report_table t;
    assert_int_equal(ht_report_calendar_table(&c, "Kỷ niệm và thời hạn 2022–2027", &t), 0);
    all_formats("calendar", &t);
    ht_report_table_free(&t);

    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    time_t stamp;
    assert_int_equal(ht_report_clock(&stamp, &e), 0);
    unsetenv("SOURCE_DATE_EPOCH");
    ht_report_ics_opts o = {"Kỷ niệm và thời hạn – hoptac", "vi", stamp};
    ht_buf b = {0};
    assert_int_equal(ht_report_calendar_ics(&c, &o, &b), 0);
    golden("calendar.ics", b.p, b.n);
    ht_buf_free(&b);
    ht_report_calendar_free(&c);
}

static void test_events(void **st)
{
    (void)st;
    const ht_report_actor xe_dlk[] = {
        {"LA-XE", "Sê Kông", "LA", "LA-XE", "GOV"},
        {"VN-DLK", "Đắk Lắk", "VN", "VN-DLK", "GOV"},
    };
    const ht_report_actor assoc[] = {
        {"local:1", "Hội hữu nghị Việt Nam – Lào tỉnh Đắk Lắk", "VN", "VN-DLK", NULL},
        {"local:2", "Hội hữu nghị Lào – Việt Nam tỉnh Sê Kông", "LA", "LA-XE", NULL},
    };
    const ht_report_actor yn_qng[] = {
        {"VN-QNG", "Quảng Ngãi", "VN", "VN-QNG", "GOV"},
        {"CN-YN", "Vân Nam", "CN", "CN-YN", "GOV"},
        {"CN", "Trung Quốc", "CN", NULL, NULL},
    };
    const ht_report_event ev[] = {
        {"act:dlk-xe-2018", {2018, 6, 21, 3, true}, "signing", assoc, 2, "Buôn Ma Thuột, Đắk Lắk",
         "VN", src_2018, 1, 0, 1700000000, false},
        {"act:dlk-xe-2022", {2022, 0, 0, 1, true}, "working_session", xe_dlk, 2,
         "Buôn Ma Thuột, Đắk Lắk", "VN", src_2022, 2, 3, 1700000000, false},
        {"act:qng-yn-2025", {2025, 9, 12, 3, false}, "reception", yn_qng, 3, "Quảng Ngãi", "VN",
         src_yn, 1, 0, 1757635200, false},
        {"act:dlk-xe-2022-hb", {2022, 9, 0, 2, false}, "scholarship", xe_dlk + 1, 1, NULL, NULL,
         NULL, 0, 0, 1700000000, true},
        {"act:qng-xe-0519", {0, 5, 19, 3, false}, "exchange", xe_dlk, 2, NULL, NULL, NULL, 0, 0,
         1700000000, false},
    };
    ht_buf b = {0};
    size_t skipped;
    assert_int_equal(ht_report_events_tsv(ev, 5, &b, &skipped), 0);
    assert_int_equal(skipped, 1);
    golden("events.tsv", b.p, b.n);
    ht_buf_free(&b);
}

/* Cells that every format must carry through: separators, quotes, line breaks, marks,
 * wide characters, long text (folded in iCalendar), characters outside the BMP. */
static void test_stress(void **st)
{
    (void)st;
    static const ht_report_col cols[] = {{"text", "Văn bản", HT_REPORT_COL_TEXT, 24},
                                         {"n", NULL, HT_REPORT_COL_INT, 0},
                                         {"note", "Ghi chú", HT_REPORT_COL_TEXT, 0}};
    static const char *const rows[][3] = {
        {"a,b;c", "1", "quote \" inside"},
        {"two\nlines", "-2", "carriage\r\nreturn"},
        {"pipe | and back\\slash", "03", "<b>not html</b> & more"},
        {"Hòa Bình – Hoà Bình – HÒA BÌNH", NULL, "\t tab and spaces  "},
        {"\xC4\x90" "a\xCC\x86\xCC\x81k L" "a\xCC\x86\xCC\x81k (NFD)", "4", "云南省 昆明市"},
        {"ເມືອງ ປາກເຊ, ແຂວງ ຈຳປາສັກ", "5", "emoji 🇻🇳 🤝 🇱🇦"},
        {"", "6", NULL},
        {"Một câu dài về hợp tác giữa các địa phương hai nước, kéo dài qua nhiều cột để phải "
         "cắt ngắn khi in ra màn hình",
         "700", "="},
    };
    ht_report_table t;
    assert_int_equal(ht_report_table_init(&t, "Ký tự khó: , ; \" | \\ < >", cols, 3, true), 0);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_int_equal(ht_report_table_add(&t, rows[i]), 0);
        if (i % 3 == 0)
            assert_int_equal(ht_report_table_source(&t, "https://example.org/a,b?c=\"d\"&e=|f"), 0);
        if (i % 2 == 0)
            assert_int_equal(ht_report_table_source(&t, "tệp/có dấu.txt"), 0);
    }
    all_formats("stress", &t);
    ht_report_table_free(&t);

    ht_report_anniv an[sizeof rows / sizeof rows[0]];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        an[i] = (ht_report_anniv){rows[i][0], {(int16_t)(2000 + i), 1, (uint8_t)(1 + i), 3, false},
                                  rows[i][2], NULL};
    ht_report_calendar c;
    ht_error e = {0};
    assert_int_equal(ht_report_calendar_build(an, sizeof rows / sizeof rows[0], NULL, 0, D("2025"),
                                              D("2026"), 1, &c, &e),
                     0);
    ht_report_ics_opts o = {"Thử: , ; \\ \"", "en", 0};
    ht_buf b = {0};
    assert_int_equal(ht_report_calendar_ics(&c, &o, &b), 0);
    golden("stress.ics", b.p, b.n);
    ht_buf_free(&b);
    ht_report_calendar_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timelines),      cmocka_unit_test(test_agreements),
        cmocka_unit_test(test_implementation), cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_events),         cmocka_unit_test(test_stress),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
