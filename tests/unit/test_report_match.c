/* Unit tests of task matching: content words (case, accents kept, NFD, tone placement,
 * stop words, pairs), fields, and the best task of sample activities. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/match.h"

static double sim(const char *a, const char *b)
{
    ht_report_match_text x = {a, NULL, 0}, y = {b, NULL, 0};
    double s = ht_report_similarity(&x, &y), t = ht_report_similarity(&y, &x);
    if (s != t)
        fail_msg("not symmetric: %f %f", s, t);
    return s;
}

static void test_words(void **st)
{
    (void)st;
    assert_true(sim("giáo dục", "giáo dục") == 1.0);
    assert_true(sim("GIÁO DỤC", "giáo dục") == 1.0);
    assert_true(sim("gia\xCC\x81" "o du\xCC\xA3" "c", "giáo dục") == 1.0); /* NFD */
    assert_true(sim("hoà bình", "hòa bình") == 1.0);                  /* tone placement */
    assert_true(sim("giáo dục", "nông nghiệp") == 0.0);
    assert_true(sim("", "giáo dục") == 0.0);
    assert_true(sim(NULL, NULL) == 0.0);
    /* stop words carry nothing; "Nam" of "Việt Nam" is not "năm" (year) */
    assert_true(sim("và các của hai tỉnh", "hợp tác giữa hai tỉnh") == 0.0);
    assert_true(sim("Việt Nam", "năm") == 0.0);
    /* "giáo dục, y tế": no pair across the comma */
    double a = sim("giáo dục, y tế", "dục y");
    double b = sim("giáo dục y tế", "dục y");
    assert_true(b > a);
    assert_true(a > 0);
    /* a number breaks pairs too, and is not a word */
    assert_true(sim("2022", "2023") == 0.0);
    /* partial overlap is between 0 and 1 */
    double p = sim("hỗ trợ đào tạo sinh viên", "tiếp nhận sinh viên sang học");
    assert_true(p > 0.1 && p < 0.9);
}

static void test_fields(void **st)
{
    (void)st;
    const char *const agri[] = {"agriculture"};
    const char *const both[] = {"agriculture", "education"};
    ht_report_match_text t = {"phát triển cây cà phê", agri, 1};
    ht_report_match_text u = {"hội thảo kỹ thuật", agri, 1};
    ht_report_match_text v = {"hội thảo kỹ thuật", both, 2};
    ht_report_match_text w = {"hội thảo kỹ thuật", NULL, 0};
    assert_true(ht_report_similarity(&t, &u) > 0.29 && ht_report_similarity(&t, &u) < 0.31);
    assert_true(ht_report_similarity(&t, &v) > 0.14 && ht_report_similarity(&t, &v) < 0.16);
    assert_true(ht_report_similarity(&t, &w) == 0.0);
}

static void test_best_task(void **st)
{
    (void)st;
    const char *const agri[] = {"agriculture"};
    const char *const edu[] = {"education"};
    const ht_report_match_text tasks[] = {
        {"Phổ biến nội dung thỏa thuận đến hội viên", NULL, 0},
        {"Trao đổi đoàn các cấp giữa hai tỉnh", NULL, 0},
        {"Hỗ trợ đào tạo, tiếp nhận sinh viên sang học tập", edu, 1},
        {"Giao lưu văn hóa, thể thao", NULL, 0},
        {"Hợp tác phát triển nông nghiệp", agri, 1},
    };
    static const struct {
        const char *text;
        const char *field;
        int task;
    } acts[] = {
        {"Tiếp nhận 5 sinh viên Sê Kông sang học tập tại trường cao đẳng", "education", 3},
        /* one shared word ("đoàn") is too little to link by wording alone */
        {"Đoàn đại biểu tỉnh Sê Kông sang thăm và làm việc", NULL, 0},
        {"Giao lưu văn nghệ, thể thao nhân dịp Tết", NULL, 4},
        {"Hội thảo về trồng cà phê", "agriculture", 5},
        {"Khánh thành cây cầu mới", NULL, 0},
    };
    for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++) {
        const char *f[] = {acts[i].field};
        ht_report_match_text a = {acts[i].text, f, acts[i].field ? 1 : 0};
        double score;
        int got = ht_report_best_task(tasks, 5, &a, HT_REPORT_MATCH_MIN, &score);
        if (got != acts[i].task)
            fail_msg("\"%s\": task %d (%.3f), want %d", acts[i].text, got, score, acts[i].task);
    }
    ht_report_match_text visit = {acts[1].text, NULL, 0};
    double score = -1;
    assert_int_equal(ht_report_best_task(tasks, 5, &visit, 0.0, &score), 2);
    assert_true(score > 0.1 && score < HT_REPORT_MATCH_MIN);
    assert_int_equal(ht_report_best_task(NULL, 0, &tasks[0], 0.1, &score), 0);
    assert_true(score == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words), cmocka_unit_test(test_fields),
        cmocka_unit_test(test_best_task),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
