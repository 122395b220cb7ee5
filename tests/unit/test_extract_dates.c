/* Unit tests of the date and period grammar (src/extract/dates.c), on sentences
 * written for these tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/data.h"
#include "extract/dates.h"
#include "extract/lex.h"

extern const ht_data_table ht_data_cues;

/* Formats every date found in s as "D:<date>" or "P:<from>/<to>", with flags
 * T (term), O (open), C (cued), H (clock time), joined by spaces. */
static char *scan(const char *s)
{
    ht_xdate d[16];
    size_t n = ht_xdates_parse(s, strlen(s), d, 16);
    static char out[512];
    out[0] = 0;
    for (size_t i = 0; i < n; i++) {
        char a[11], b[11];
        ht_date_format(&d[i].a, a);
        ht_date_format(&d[i].b, b);
        char one[64];
        snprintf(one, sizeof one, "%s%s:%s%s%s%s%s%s%s", i ? " " : "",
                 d[i].kind == HT_XD_PERIOD ? "P" : "D", a, d[i].kind == HT_XD_PERIOD ? "/" : "",
                 d[i].kind == HT_XD_PERIOD ? b : "", d[i].term ? "T" : "", d[i].open ? "O" : "",
                 d[i].cued ? "C" : "", d[i].with_time ? "H" : "");
        strncat(out, one, sizeof out - strlen(out) - 1);
    }
    return out;
}

static void expect(const char *s, const char *want)
{
    const char *got = scan(s);
    if (strcmp(got, want) != 0)
        fail_msg("\"%s\": got \"%s\", want \"%s\"", s, got, want);
}

static void test_full_dates(void **st)
{
    (void)st;
    expect("Hôm đó là ngày 02/09/2019 tại Huế.", "D:2019-09-02C");
    expect("Văn bản ký 15/3/2016 vẫn còn hiệu lực.", "D:2016-03-15");
    expect("Ngày 5 tháng 6 năm 2018, hai tỉnh gặp nhau.", "D:2018-06-05C");
    expect("Họp lúc 9 giờ ngày 20.11.2020 tại trụ sở.", "D:2020-11-20C");
    expect("Một bài khác (12/08/2024, 09:15) đã đăng.", "D:2024-08-12H");
}

static void test_day_without_year(void **st)
{
    (void)st;
    expect("Chiều 14/8, đoàn đã tới nơi.", "D:--08-14C");
    expect("Ngày 09/10 hai bên làm việc.", "D:--10-09C");
    expect("Sáng nay (4/3), hội nghị khai mạc.", "D:--03-04C");
    expect("Ngày hôm qua (28/2) đoàn về nước.", "D:--02-28C");
    expect("Sáng thứ Hai (6/2) đoàn lên đường.", "D:--02-06C");
    expect("vào chiều tối 13/9 tại nhà khách", "D:--09-13C");
    /* days of one month: the first */
    expect("Từ ngày 4-8/6, tàu thăm Đà Nẵng.", "D:--06-04C");
    expect("từ ngày 20 -23/2 tới, đoàn sẽ đến", "D:--02-20C");
    expect("Từ ngày 6 đến 9/5/2017 đoàn ở Huế.", "D:2017-05-06C");
    /* a fraction is not a date */
    expect("Đã xong 6/7 hạng mục.", "");
    expect("Tỷ lệ đạt 3/4 kế hoạch ngày càng cao.", "");
}

static void test_month_and_year(void **st)
{
    (void)st;
    expect("Dự án chạy từ tháng 3/2019.", "D:2019-03C");
    expect("Đến tháng 11 năm 2021 thì xong.", "D:2021-11C");
    expect("Khai trương vào tháng 7-2015.", "D:2015-07C");
    expect("Trong năm 2023 có nhiều đoàn.", "D:2023C");
    expect("Giải đấu năm 2024 ở Viêng Chăn.", "D:2024C");
    expect("Quan hệ bắt đầu từ năm 1999 đến nay.", "D:1999OC");
    expect("Kể từ năm 2004, hai bên thường xuyên gặp nhau.", "D:2004OC");
}

static void test_periods(void **st)
{
    (void)st;
    expect("Kế hoạch giai đoạn 2021 - 2025 gồm nhiều việc.", "P:2021/2025TC");
    expect("Chương trình giai đoạn 2020-2030.", "P:2020/2030TC");
    expect("trong nhiệm kỳ 2016–2021", "P:2016/2021TC");
    expect("giai đoạn từ năm 2019 đến năm 2022", "P:2019/2022TC");
    expect("Kỷ niệm (3/2/1930 - 3/2/2020) trọng thể.", "P:1930-02-03/2020-02-03");
    expect("từ tháng 3/2018 – tháng 4/2019", "P:2018-03/2019-04C");
    expect("Hai mốc 1995 - 2005 đáng nhớ.", "P:1995/2005");
    expect("Quan hệ ngoại giao (3/1965-3/2025) bền chặt.", "P:1965-03/2025-03");
    expect("Thành lập 8/1999 ở Huế.", "D:1999-08");
}

static void test_rejected(void **st)
{
    (void)st;
    expect("Ngày 31/02 không có thật.", "");
    expect("Mã 99/99/9999 sai.", "");
    expect("Ngày 30/2/2021 không có.", "");
    expect("Ngày 29/2/2020 có thật.", "D:2020-02-29C");
    expect("giai đoạn 2025 - 2019 bị ghi ngược", "");
    expect("Hai mốc 2010 - 2001 đảo ngược.", "");
    expect("Số 1/2/3 không phải ngày.", "");
    expect("Có 2.500 người và 1.200 xe.", "");
}

static void test_format(void **st)
{
    (void)st;
    char b[11];
    ht_date d = {2018, 6, 21, HT_DATE_DAY, false};
    assert_int_equal(ht_date_format(&d, b), 10);
    assert_string_equal(b, "2018-06-21");
    d.year = 0;
    ht_date_format(&d, b);
    assert_string_equal(b, "--06-21");
    d = (ht_date){2018, 6, 0, HT_DATE_MONTH, false};
    ht_date_format(&d, b);
    assert_string_equal(b, "2018-06");
    d = (ht_date){0, 0, 0, HT_DATE_NONE, false};
    assert_int_equal(ht_date_format(&d, b), 0);
    assert_true(ht_date_valid(0, 2, 29));
    assert_false(ht_date_valid(2023, 2, 29));
    assert_false(ht_date_valid(2024, 4, 31));
}

/* The kinds the code asks about are the kinds of data/cues.tsv, both ways: a row of an
 * unknown kind would never be found, a kind without rows never matches. */
static void test_cue_kinds(void **state)
{
    (void)state;
    int seen[HT_XCUE_KINDS] = {0};
    for (size_t r = 0; r < ht_data_cues.nrows; r++) {
        const char *k = ht_data_cell(&ht_data_cues, r, 1);
        int i = ht_xcue_kind_of(k);
        if (i < 0)
            fail_msg("cues.tsv row %zu: kind '%s' unknown to ht_xcue_kind", r + 1, k);
        seen[i]++;
    }
    for (int i = 0; i < HT_XCUE_KINDS; i++)
        if (!seen[i])
            fail_msg("cue kind %d has no row in cues.tsv", i);
    assert_int_equal(ht_xcue_kind_of("admin"), HT_CUE_ADMIN);
    assert_int_equal(ht_xcue_kind_of("year"), HT_CUE_YEAR);
    assert_int_equal(ht_xcue_kind_of("nothing"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_dates),   cmocka_unit_test(test_day_without_year),
        cmocka_unit_test(test_month_and_year), cmocka_unit_test(test_periods),
        cmocka_unit_test(test_rejected),     cmocka_unit_test(test_format),
        cmocka_unit_test(test_cue_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
