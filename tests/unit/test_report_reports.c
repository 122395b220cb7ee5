/* Unit tests of the report builders (timeline, agreements at a date, implementation
 * task by task) and of the report vocabulary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/reports.h"
#include "report/vocab.h"
#include "text/text.h"

extern const ht_data_table ht_data_report_vocab;

static ht_report_date D(const char *s)
{
    ht_report_date d = {0};
    ht_error e;
    if (s && ht_report_date_parse(s, strlen(s), false, &d, &e))
        fail_msg("%s", e.msg);
    return d;
}

/* The cells of column col, one per line ("-" for empty). */
static char *column(const ht_report_table *t, size_t col)
{
    ht_buf b = {0};
    for (size_t r = 0; r < t->nrows; r++)
        ht_buf_printf(&b, "%s\n", t->rows[r].cells[col] ? t->rows[r].cells[col] : "-");
    return ht_buf_take(&b);
}

static void expect_column(const ht_report_table *t, const char *key, const char *want)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->cols[c].key, key) == 0) {
            char *got = column(t, c);
            if (strcmp(got, want) != 0)
                fail_msg("column %s:\n%s\nwant:\n%s", key, got, want);
            free(got);
            return;
        }
    fail_msg("no column %s", key);
}

static void test_timeline(void **st)
{
    (void)st;
    const char *const s1[] = {"https://example.vn/ky-ket", "archive/ky-ket.txt"};
    const char *const s2[] = {"https://example.vn/lam-viec"};
    const ht_report_tl_item v[] = {
        {D("2022 (inferred)"), "activity", "working_session", "Làm việc về nông nghiệp",
         "Đắk Lắk – Sê Kông", "Đắk Lắk", NULL, "act:2", s2, 1},
        {D("2018-06-21"), "agreement", "cooperation_agreement", "Thỏa thuận hợp tác 2018–2023",
         "Đắk Lắk – Sê Kông", "Buôn Ma Thuột", NULL, "agr:1", s1, 2},
        {D("2022-11-03"), "agreement", "mou", "Bản ghi nhớ 2022–2027", "Kon Tum – Sê Kông", NULL,
         "Kon Tum", "agr:2", NULL, 0},
        {D("2018-06-21"), "activity", "signing", "Ký kết thỏa thuận", "Đắk Lắk – Sê Kông",
         "Buôn Ma Thuột", NULL, "act:1", s1, 1},
        {D("--05-19"), "activity", "exchange", "Giao lưu", NULL, NULL, NULL, "act:3", NULL, 0},
    };
    ht_report_table t;
    assert_int_equal(ht_report_timeline(v, 5, "Đắk Lắk – Sê Kông", &t), 0);
    expect_column(&t, "date", "2018-06-21\n2018-06-21\n2022 (inferred)\n2022-11-03\n--05-19\n");
    expect_column(&t, "type", "activity\nagreement\nactivity\nagreement\nactivity\n");
    expect_column(&t, "via", "-\n-\n-\nKon Tum\n-\n");
    assert_int_equal(t.rows[0].nsources, 1);
    assert_int_equal(t.rows[1].nsources, 2);
    assert_string_equal(t.rows[1].sources[1], "archive/ky-ket.txt");
    assert_int_equal(t.rows[3].nsources, 0);
    ht_buf b = {0};
    assert_int_equal(ht_report_write_json(&t, &b), 0);
    assert_non_null(strstr(b.p, "\"via\":\"Kon Tum\",\"id\":\"agr:2\",\"sources\":[]"));
    ht_buf_free(&b);
    ht_report_table_free(&t);
}

static const char *const dlk_xe[] = {"LA-XE", "VN-DLK"};
static const char *const qng_xe[] = {"LA-XE", "VN-QNG"};

static void test_agreements(void **st)
{
    (void)st;
    const char *const src[] = {"https://example.vn/ky-ket"};
    const ht_report_agr_item v[] = {
        {{"agr:2", qng_xe, 2, "mou", D("2022-11-03"), D("2022"), D("2027")},
         "Bản ghi nhớ Kon Tum – Sê Kông", "Kon Tum – Sê Kông", NULL, 0},
        {{"agr:1", dlk_xe, 2, "cooperation_agreement", D("2018-06-21 (inferred)"), D("2018"),
          D("2023")},
         "Thỏa thuận hợp tác", "Đắk Lắk – Sê Kông", src, 1},
        {{"agr:3", dlk_xe, 2, "twinning", D("2018-06-21"), {0}, {0}}, "Kết nghĩa",
         "Đắk Lắk – Sê Kông", NULL, 0},
        {{"agr:4", dlk_xe, 2, "mou", D("2026-01-01"), D("2026"), D("2030")}, "Tương lai", NULL,
         NULL, 0},
    };
    ht_report_table t;
    ht_error e = {0};
    assert_int_equal(ht_report_agreements(v, 4, D("2024-01-01"), 6, HT_REPORT_ALL, "x", &t, &e), 0);
    /* by end of term; the open-ended one last; the one signed later is left out */
    expect_column(&t, "id", "agr:1\nagr:2\nagr:3\n");
    expect_column(&t, "status", "expired\nin_force\nunknown\n");
    expect_column(&t, "signed", "2018-06-21 (inferred)\n2022-11-03\n2018-06-21\n");
    expect_column(&t, "term", "2018–2023\n2022–2027\n-\n");
    expect_column(&t, "end", "2023-12-31\n2027-12-31\n-\n");
    expect_column(&t, "days_left", "-1\n1460\n-\n");
    expect_column(&t, "by", "-\n-\n-\n");
    assert_int_equal(t.rows[0].nsources, 1);
    ht_report_table_free(&t);

    unsigned expired = 1u << HT_REPORT_EXPIRED;
    assert_int_equal(ht_report_agreements(v, 4, D("2024-01-01"), 6, expired, NULL, &t, &e), 0);
    expect_column(&t, "id", "agr:1\n");
    ht_report_table_free(&t);
    assert_int_equal(ht_report_agreements(v, 4, D("2027-09-01"), 6, HT_REPORT_ALL, NULL, &t, &e), 0);
    expect_column(&t, "status", "expired\nexpiring\nin_force\nunknown\n");
    ht_report_table_free(&t);
    assert_int_equal(ht_report_agreements(v, 4, D("--01-01"), 6, HT_REPORT_ALL, NULL, &t, &e),
                     HT_EINVAL);
    ht_report_table_free(&t);

    char term[80];
    assert_int_equal(ht_report_term_text(D("2018"), (ht_report_date){0}, term), 7);
    assert_string_equal(term, "2018–");
    ht_report_term_text((ht_report_date){0}, (ht_report_date){0}, term);
    assert_string_equal(term, "");
}

static void test_implementation(void **st)
{
    (void)st;
    const char *const tasks[] = {"Quán triệt nội dung hợp tác", "Trao đổi đoàn các cấp",
                                 "Hỗ trợ đào tạo", "Giao lưu văn hóa", "Phối hợp tổ chức lễ kỷ niệm"};
    const char *const s[] = {"https://example.vn/doan"};
    const ht_report_impl_link links[] = {
        {5, "act:9", D("2022-07-18"), "festival", "Lễ kỷ niệm", "manual", NULL, 0},
        {2, "act:2", D("2019-05"), "visit", "Đoàn sang thăm", "extracted", s, 1},
        {5, "act:8", D("2020"), "exchange", "Giao lưu", "similarity", NULL, 0},
        {0, "act:1", D("2018-06-21"), "signing", "Ký kết", "extracted", NULL, 0},
        {-1, "act:x", D("2018"), "other", "ignored", "manual", NULL, 0},
    };
    ht_report_table t;
    ht_report_impl_counts c;
    assert_int_equal(ht_report_implementation("Thỏa thuận 2018–2023", 9, tasks, 5, links, 5, &t, &c),
                     0);
    assert_int_equal(c.declared, 9);
    assert_int_equal(c.listed, 5);
    assert_int_equal(c.with_activity, 2);
    expect_column(&t, "task", "1\n2\n3\n4\n5\n5\n6\n7\n8\n9\n-\n");
    expect_column(&t, "state", "none\ncarried_out\nnone\nnone\ncarried_out\ncarried_out\n"
                               "not_listed\nnot_listed\nnot_listed\nnot_listed\ncarried_out\n");
    expect_column(&t, "activity_id", "-\nact:2\n-\n-\nact:8\nact:9\n-\n-\n-\n-\nact:1\n");
    expect_column(&t, "date", "-\n2019-05\n-\n-\n2020\n2022-07-18\n-\n-\n-\n-\n2018-06-21\n");
    expect_column(&t, "how", "-\nextracted\n-\n-\nsimilarity\nmanual\n-\n-\n-\n-\nextracted\n");
    assert_string_equal(t.rows[4].cells[1], "Phối hợp tổ chức lễ kỷ niệm");
    assert_null(t.rows[6].cells[1]);
    assert_int_equal(t.rows[1].nsources, 1);
    ht_report_table_free(&t);

    /* a task linked by hand beyond the declared count, no declared count, no tasks */
    const ht_report_impl_link late[] = {{12, "act:12", D("2023"), "visit", "x", "manual", NULL, 0}};
    assert_int_equal(ht_report_implementation(NULL, 9, NULL, 0, late, 1, &t, &c), 0);
    expect_column(&t, "task", "1\n2\n3\n4\n5\n6\n7\n8\n9\n12\n");
    assert_int_equal(c.with_activity, 1);
    assert_int_equal(c.listed, 0);
    ht_report_table_free(&t);
    assert_int_equal(ht_report_implementation(NULL, 0, tasks, 2, NULL, 0, &t, &c), 0);
    expect_column(&t, "state", "none\nnone\n");
    assert_int_equal(c.declared, 0);
    ht_report_table_free(&t);
}

static void test_vocab(void **st)
{
    (void)st;
    assert_string_equal(ht_report_label("status", "expired", "vi"), "Hết hạn");
    assert_string_equal(ht_report_label("status", "expired", "en"), "Expired");
    assert_string_equal(ht_report_label("activity_kind", "working_session", NULL), "Buổi làm việc");
    assert_string_equal(ht_report_label("agreement_kind", "mou", "en"),
                        "Memorandum of understanding");
    /* "twinning" is both an activity and an agreement kind */
    assert_string_equal(ht_report_label("agreement_kind", "twinning", "vi"), "Kết nghĩa");
    assert_string_equal(ht_report_label("status", "nope", "vi"), "nope");
    assert_string_equal(ht_report_label("status", "mou", "vi"), "mou");
    assert_null(ht_report_label("status", NULL, "vi"));
    assert_int_equal(ht_report_breadth("twinning"), 4);
    assert_int_equal(ht_report_breadth("cooperation_agreement"), 3);
    assert_int_equal(ht_report_breadth("mou"), 2);
    assert_int_equal(ht_report_breadth("minutes"), 1);
    assert_int_equal(ht_report_breadth("visit"), 0);
    assert_int_equal(ht_report_breadth(NULL), 0);

    /* look-ups fold ASCII codes exactly as ht_text_fold does */
    const char *keys[] = {"working_session", "Working Session", "  working--session ",
                          "MOU", "in_force", "x", "", "a_b c", "vis1t", "visit!", "Đắk Lắk"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        size_t f1 = 0, f2 = 0, n1 = ht_report_lookup(&ht_data_report_vocab, keys[i], &f1), n2 = 0;
        ht_buf f = {0};
        ht_text_fold(keys[i], strlen(keys[i]), &f);
        if (f.n)
            n2 = ht_data_lookup(&ht_data_report_vocab, f.p, f.n, &f2);
        if (n1 != n2 || (n1 && f1 != f2))
            fail_msg("\"%s\": %zu at %zu, folded %zu at %zu", keys[i], n1, f1, n2, f2);
        ht_buf_free(&f);
    }
    size_t first;
    assert_int_equal(ht_report_lookup(&ht_data_report_vocab, "  working--session ", &first), 1);
    unsigned x = 7;
    for (int i = 0; i < 2000; i++) {
        char k[12];
        for (int j = 0; j < 11; j++) {
            x = x * 1103515245u + 12345u;
            k[j] = (char)(0x20 + (x >> 16) % 95);
        }
        k[11] = 0;
        ht_buf f = {0};
        ht_text_fold(k, 11, &f);
        size_t f1 = 0, f2 = 0, n1 = ht_report_lookup(&ht_data_report_vocab, k, &f1);
        size_t n2 = f.n ? ht_data_lookup(&ht_data_report_vocab, f.p, f.n, &f2) : 0;
        assert_int_equal(n1, n2);
        ht_buf_free(&f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timeline),       cmocka_unit_test(test_agreements),
        cmocka_unit_test(test_implementation), cmocka_unit_test(test_vocab),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
