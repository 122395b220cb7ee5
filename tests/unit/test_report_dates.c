/* Unit tests of report dates: parsing with precision and inferred years, rejection of
 * impossible dates, the three writers, order, day numbers, months and the clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/dates.h"

static ht_report_date parse(const char *s)
{
    ht_report_date d;
    ht_error e = {0};
    if (ht_report_date_parse(s, strlen(s), false, &d, &e))
        fail_msg("parse(\"%s\"): %s", s, e.msg);
    return d;
}

static void test_parse_forms(void **st)
{
    (void)st;
    ht_report_date d = parse("2018-06-21");
    assert_int_equal(d.year, 2018);
    assert_int_equal(d.month, 6);
    assert_int_equal(d.day, 21);
    assert_int_equal(d.prec, HT_REPORT_DATE_DAY);
    assert_false(d.inferred);
    d = parse("2018-06");
    assert_int_equal(d.prec, HT_REPORT_DATE_MONTH);
    assert_int_equal(d.day, 0);
    d = parse("2022");
    assert_int_equal(d.prec, HT_REPORT_DATE_YEAR);
    assert_int_equal(d.month, 0);
    d = parse("--11-03");
    assert_int_equal(d.year, 0);
    assert_int_equal(d.month, 11);
    assert_int_equal(d.day, 3);
    assert_int_equal(d.prec, HT_REPORT_DATE_DAY);
    d = parse("2022 (inferred)");
    assert_true(d.inferred);
    assert_int_equal(d.prec, HT_REPORT_DATE_YEAR);
    d = parse("--02-29"); /* any year: a leap day is possible */
    assert_int_equal(d.day, 29);
    d = parse("2024-02-29");
    assert_int_equal(d.day, 29);

    ht_error e;
    assert_int_equal(ht_report_date_parse("2018-06-21", 10, true, &d, &e), 0);
    assert_true(d.inferred);
    /* a term's years, as the registry keeps them */
    ht_report_date y = ht_report_date_year(2023), p = parse("2023");
    assert_memory_equal(&y, &p, sizeof y);
    assert_int_equal(ht_report_date_year(0).prec, HT_REPORT_DATE_NONE);
    assert_int_equal(ht_report_date_year(10000).prec, HT_REPORT_DATE_NONE);
}

static void test_parse_rejects(void **st)
{
    (void)st;
    static const struct {
        const char *s;
        size_t at;
    } bad[] = {
        {"2018-02-31", 8}, {"2018-13", 5},     {"2018-00-10", 5},   {"2023-02-29", 8},
        {"0000", 0},       {"18-06-21", 2},    {"2018/06/21", 4},   {"2018-6-21", 6},
        {"", 0},           {"20180621", 4},    {"--13-01", 2},      {"--02-30", 5},
        {"2018-06-2x", 9}, {"abcd", 0},        {"--06-21 (inferred)", 7},
        {"2018-06-21 ", 10}, {"201", 3},       {"--6-21", 3},       {"2018-06-21-01", 10},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ht_report_date d;
        ht_error e = {0};
        int rc = ht_report_date_parse(bad[i].s, strlen(bad[i].s), false, &d, &e);
        if (rc != HT_EFORMAT)
            fail_msg("\"%s\" accepted", bad[i].s);
        char want[32];
        snprintf(want, sizeof want, "byte %zu:", bad[i].at);
        if (!strstr(e.msg, want))
            fail_msg("\"%s\": message \"%s\" lacks \"%s\"", bad[i].s, e.msg, want);
    }
}

static void assert_writers(const char *in, const char *iso, const char *written, const char *vi)
{
    char b[HT_REPORT_DATE_MAX];
    ht_report_date d = parse(in);
    assert_int_equal(ht_report_date_iso(d, b), strlen(iso));
    assert_string_equal(b, iso);
    assert_int_equal(ht_report_date_written(d, b), strlen(written));
    assert_string_equal(b, written);
    assert_int_equal(ht_report_date_vi(d, b), strlen(vi));
    assert_string_equal(b, vi);
}

static void test_writers(void **st)
{
    (void)st;
    assert_writers("2018-06-21", "2018-06-21", "2018-06-21", "21/06/2018");
    assert_writers("2018-06", "2018-06", "2018-06", "06/2018");
    assert_writers("2022 (inferred)", "2022", "2022 (inferred)", "2022");
    assert_writers("2018-06-21 (inferred)", "2018-06-21", "2018-06-21 (inferred)", "21/06/2018");
    assert_writers("--11-03", "--11-03", "--11-03", "03/11");
    assert_writers("0845-01-02", "0845-01-02", "0845-01-02", "02/01/0845");
    char b[HT_REPORT_DATE_MAX];
    ht_report_date none = {0};
    assert_int_equal(ht_report_date_written(none, b), 0);
    assert_string_equal(b, "");
    /* every written form parses back to the same date */
    const char *forms[] = {"2018-06-21 (inferred)", "2018-06", "1977", "--07-18"};
    for (size_t i = 0; i < 4; i++) {
        ht_report_date d = parse(forms[i]), back;
        ht_report_date_written(d, b);
        assert_string_equal(b, forms[i]);
        back = parse(b);
        assert_memory_equal(&d, &back, sizeof d);
    }
}

static int cmp(const char *a, const char *b)
{
    ht_report_date x = a ? parse(a) : (ht_report_date){0};
    ht_report_date y = b ? parse(b) : (ht_report_date){0};
    int c = ht_report_date_cmp(&x, &y);
    return c < 0 ? -1 : c > 0;
}

static void test_order(void **st)
{
    (void)st;
    /* the documented order, each strictly before the next */
    const char *seq[] = {"1962-09-05", "2018",       "2018-01",    "2018-01-01",
                         "2018-06",    "2018-06-21", "2018-06-21 (inferred)",
                         "2022 (inferred)", "2022-11-03", "--01-05",   "--11-03", NULL};
    size_t n = sizeof seq / sizeof seq[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int want = i < j ? -1 : i > j;
            if (cmp(seq[i], seq[j]) != want)
                fail_msg("cmp(%s, %s) = %d, want %d", seq[i] ? seq[i] : "none",
                         seq[j] ? seq[j] : "none", cmp(seq[i], seq[j]), want);
        }
}

static void test_days(void **st)
{
    (void)st;
    ht_error e;
    long days;
    assert_int_equal(ht_report_date_daynum(parse("0001-01-01")), 0);
    assert_int_equal(ht_report_days_between(parse("2023-12-31"), parse("2024-01-01"), &days, &e), 0);
    assert_int_equal(days, 1);
    assert_int_equal(ht_report_days_between(parse("2024-01-01"), parse("2025-01-01"), &days, &e), 0);
    assert_int_equal(days, 366);
    assert_int_equal(ht_report_days_between(parse("1900-02-28"), parse("1900-03-01"), &days, &e), 0);
    assert_int_equal(days, 1); /* 1900 was not a leap year */
    assert_int_equal(ht_report_days_between(parse("2000-02-28"), parse("2000-03-01"), &days, &e), 0);
    assert_int_equal(days, 2);
    /* a month or a year counts from its first day */
    assert_int_equal(ht_report_days_between(parse("2018"), parse("2018-06"), &days, &e), 0);
    assert_int_equal(days, 151);
    assert_int_equal(ht_report_days_between(parse("--06-21"), parse("2018"), &days, &e), HT_EINVAL);
    /* 1970-01-01 is a Thursday and day numbers round-trip over the whole range */
    ht_report_date epoch = parse("1970-01-01");
    assert_int_equal(ht_report_date_daynum(epoch) % 7, 3); /* 0001-01-01 was a Monday */
    for (long n = 0; n < 3652059; n += 997) {
        ht_report_date d = ht_report_date_from_daynum(n);
        assert_true(ht_report_date_valid(d.year, d.month, d.day));
        assert_int_equal(ht_report_date_daynum(d), n);
    }
    ht_report_date last = ht_report_date_from_daynum(99999999);
    char b[HT_REPORT_DATE_MAX];
    ht_report_date_iso(last, b);
    assert_string_equal(b, "9999-12-31");
    ht_report_date_iso(ht_report_date_from_time(0), b);
    assert_string_equal(b, "1970-01-01");
    ht_report_date_iso(ht_report_date_from_time(1529539200), b);
    assert_string_equal(b, "2018-06-21");
}

static void assert_add(const char *in, int months, const char *want)
{
    ht_report_date d = parse(in), r;
    ht_error e;
    char b[HT_REPORT_DATE_MAX];
    assert_int_equal(ht_report_date_add_months(d, months, &r, &e), 0);
    ht_report_date_written(r, b);
    if (strcmp(b, want) != 0)
        fail_msg("%s + %d months = %s, want %s", in, months, b, want);
}

static void test_months(void **st)
{
    (void)st;
    assert_add("2018-01-31", 1, "2018-02-28");
    assert_add("2024-01-31", 1, "2024-02-29");
    assert_add("2024-02-29", 12, "2025-02-28");
    assert_add("2023-12-15", 1, "2024-01-15");
    assert_add("2024-01-15", -1, "2023-12-15");
    assert_add("2018-06", 18, "2019-12");
    assert_add("2022 (inferred)", 24, "2024 (inferred)");
    assert_add("1977-07-18", 45 * 12, "2022-07-18");
    ht_report_date r;
    ht_error e;
    assert_int_equal(ht_report_date_add_months(parse("--06-21"), 1, &r, &e), HT_EINVAL);
    assert_int_equal(ht_report_date_add_months(parse("9999-12-01"), 1, &r, &e), HT_EINVAL);
    assert_int_equal(ht_report_date_add_months(parse("0001-01-01"), -1, &r, &e), HT_EINVAL);
    ht_report_date a = parse("2018"), l = ht_report_date_last(parse("2024-02")), f;
    f = ht_report_date_first(a);
    char b[HT_REPORT_DATE_MAX];
    ht_report_date_iso(f, b);
    assert_string_equal(b, "2018-01-01");
    ht_report_date_iso(l, b);
    assert_string_equal(b, "2024-02-29");
    ht_report_date_iso(ht_report_date_last(a), b);
    assert_string_equal(b, "2018-12-31");
}

static void test_clock(void **st)
{
    (void)st;
    time_t t;
    ht_error e = {0};
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    assert_int_equal(ht_report_clock(&t, &e), 0);
    assert_int_equal((long long)t, 1700000000LL);
    setenv("SOURCE_DATE_EPOCH", "17x", 1);
    assert_int_equal(ht_report_clock(&t, &e), HT_EINVAL);
    assert_non_null(strstr(e.msg, "SOURCE_DATE_EPOCH"));
    setenv("SOURCE_DATE_EPOCH", "-5", 1);
    assert_int_equal(ht_report_clock(&t, &e), HT_EINVAL);
    unsetenv("SOURCE_DATE_EPOCH");
    time_t before = time(NULL);
    assert_int_equal(ht_report_clock(&t, &e), 0);
    assert_true(t >= before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_forms), cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_writers),     cmocka_unit_test(test_order),
        cmocka_unit_test(test_days),        cmocka_unit_test(test_months),
        cmocka_unit_test(test_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
