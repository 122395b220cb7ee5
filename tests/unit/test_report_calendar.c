/* Unit tests of the calendar: round anniversaries in a range, term ends, precision,
 * leap days, stable UIDs, and the iCalendar text: escaping, folding at 75 octets
 * without splitting UTF-8, CRLF, DTSTAMP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/calendar.h"
#include "text/text.h"

static ht_report_date D(const char *s)
{
    ht_report_date d = {0};
    ht_error e;
    if (s && ht_report_date_parse(s, strlen(s), false, &d, &e))
        fail_msg("%s", e.msg);
    return d;
}

static const ht_report_anniv anniv[] = {
    {"Hiệp ước Hữu nghị và Hợp tác Việt Nam – Lào", {1977, 7, 18, HT_REPORT_DATE_DAY, false},
     "anniv:treaty", NULL},
    {"thiết lập quan hệ ngoại giao Việt Nam – Lào", {1962, 9, 5, HT_REPORT_DATE_DAY, false},
     "anniv:relations", NULL},
};

static const ht_report_deadline deadlines[] = {
    {"Thỏa thuận hợp tác Đắk Lắk – Sê Kông 2018–2023", {2023, 0, 0, HT_REPORT_DATE_YEAR, false},
     "agr:1"},
    {"Bản ghi nhớ Kon Tum – Sê Kông 2022–2027", {2027, 0, 0, HT_REPORT_DATE_YEAR, false},
     "agr:2"},
    {"no end", {0, 0, 0, HT_REPORT_DATE_NONE, false}, "agr:3"},
};

/* "date kind years" of each item, one per line. */
static char *summary(const ht_report_calendar *c)
{
    ht_buf b = {0};
    for (size_t i = 0; i < c->n; i++) {
        char d[HT_REPORT_DATE_MAX];
        ht_report_date_written(c->v[i].date, d);
        ht_buf_printf(&b, "%s %s %d\n", d, ht_report_cal_kind_code(c->v[i].kind), c->v[i].years);
    }
    return ht_buf_take(&b);
}

static void expect_items(const ht_report_anniv *an, size_t nan, const ht_report_deadline *dl,
                         size_t ndl, const char *from, const char *to, int every, const char *want)
{
    ht_report_calendar c;
    ht_error e = {0};
    if (ht_report_calendar_build(an, nan, dl, ndl, D(from), D(to), every, &c, &e))
        fail_msg("%s", e.msg);
    char *got = summary(&c);
    if (strcmp(got, want) != 0)
        fail_msg("%s..%s every %d:\n%s\nwant:\n%s", from, to, every, got, want);
    free(got);
    ht_report_calendar_free(&c);
}

static void test_round_years(void **st)
{
    (void)st;
    expect_items(anniv, 2, NULL, 0, "2022-01-01", "2022-12-31", 0,
                 "2022-07-18 anniversary 45\n2022-09-05 anniversary 60\n");
    expect_items(anniv, 2, deadlines, 3, "2020", "2030", 5,
                 "2022-07-18 anniversary 45\n2022-09-05 anniversary 60\n"
                 "2023-12-31 term_end 0\n2027-07-18 anniversary 50\n"
                 "2027-09-05 anniversary 65\n2027-12-31 term_end 0\n");
    expect_items(anniv, 2, NULL, 0, "2020", "2030", 10,
                 "2022-09-05 anniversary 60\n2027-07-18 anniversary 50\n");
    expect_items(anniv, 2, NULL, 0, "2022-07-19", "2022-09-04", 5, "");
    expect_items(anniv, 2, NULL, 0, "2022-09-05", "2022-09-05", 5, "2022-09-05 anniversary 60\n");
    /* every year, first year included when asked for */
    expect_items(anniv, 1, NULL, 0, "1978", "1979", 1,
                 "1978-07-18 anniversary 1\n1979-07-18 anniversary 2\n");
    /* the event itself is not its own anniversary */
    expect_items(anniv, 1, NULL, 0, "1977", "1977", 1, "");
}

static void test_precision_and_leap(void **st)
{
    (void)st;
    const ht_report_anniv an[] = {
        {"leap", {2000, 2, 29, HT_REPORT_DATE_DAY, false}, NULL, NULL},
        {"month", {1991, 10, 0, HT_REPORT_DATE_MONTH, false}, NULL, NULL},
        {"year", {1976, 0, 0, HT_REPORT_DATE_YEAR, true}, NULL, NULL},
        {"yearless", {0, 3, 8, HT_REPORT_DATE_DAY, false}, NULL, NULL},
    };
    expect_items(an, 4, NULL, 0, "2021-10-15", "2026-12-31", 5,
                 "2021 anniversary 45\n2021-10 anniversary 30\n2025-02-28 anniversary 25\n"
                 "2026 anniversary 50\n2026-10 anniversary 35\n");
    /* the anniversary of an inferred year is not itself marked inferred */
    ht_report_calendar c;
    ht_error e;
    assert_int_equal(ht_report_calendar_build(an + 2, 1, NULL, 0, D("2026"), D("2026"), 5, &c, &e),
                     0);
    assert_int_equal(c.n, 1);
    assert_false(c.v[0].date.inferred);
    assert_true(c.v[0].origin.inferred);
    ht_report_calendar_free(&c);
    assert_int_equal(ht_report_calendar_build(an, 1, NULL, 0, D("--01-01"), D("2026"), 5, &c, &e),
                     HT_EINVAL);
}

static void test_uids_and_duplicates(void **st)
{
    (void)st;
    const ht_report_anniv an[] = {anniv[0], anniv[0], anniv[1]};
    ht_report_calendar a, b;
    ht_error e;
    assert_int_equal(ht_report_calendar_build(an, 3, NULL, 0, D("2022"), D("2027"), 5, &a, &e), 0);
    assert_int_equal(a.n, 4); /* the repeated treaty counts once */
    assert_int_equal(ht_report_calendar_build(anniv, 2, NULL, 0, D("2027"), D("2027"), 5, &b, &e),
                     0);
    assert_int_equal(b.n, 2);
    /* the 2027 items have the same UIDs whatever the range they were built for */
    assert_string_equal(a.v[2].uid, b.v[0].uid);
    assert_string_equal(a.v[3].uid, b.v[1].uid);
    for (size_t i = 0; i < a.n; i++) {
        assert_int_equal(strlen(a.v[i].uid), 23);
        assert_string_equal(a.v[i].uid + 16, "@hoptac");
        for (size_t k = 0; k < 16; k++)
            assert_non_null(strchr("0123456789abcdef", a.v[i].uid[k]));
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(a.v[i].uid, a.v[j].uid);
    }
    ht_report_calendar_free(&a);
    ht_report_calendar_free(&b);
}

static void test_ics_text(void **st)
{
    (void)st;
    ht_buf b = {0};
    const char *in = "a,b;c\\d\ne\r\nf\rg\x01h";
    assert_int_equal(ht_report_ics_text(&b, in, strlen(in)), 0);
    assert_string_equal(b.p, "a\\,b\\;c\\\\d\\ne\\nf\\ng h");
    ht_buf_reset(&b);
    assert_int_equal(ht_report_ics_text(&b, "x\xC3y", 3), 0);
    assert_string_equal(b.p, "x\xEF\xBF\xBDy");
    ht_buf_free(&b);
}

/* Checks folding: CRLF line ends, at most 75 octets a line, continuation lines start
 * with one space, every physical line valid UTF-8; returns the unfolded text. */
static char *check_folded(const char *s)
{
    ht_buf u = {0};
    const char *p = s;
    while (*p) {
        const char *crlf = strstr(p, "\r\n");
        if (!crlf)
            fail_msg("no CRLF after \"%.40s\"", p);
        size_t n = (size_t)(crlf - p), bad;
        if (n > 75)
            fail_msg("line of %zu octets: \"%.*s\"", n, (int)n, p);
        if (memchr(p, '\n', n) || memchr(p, '\r', n))
            fail_msg("bare line break in \"%.*s\"", (int)n, p);
        if (ht_utf8_validate(p, n, &bad, NULL))
            fail_msg("line split inside a character at byte %zu: \"%.*s\"", bad, (int)n, p);
        if (*p == ' ') {
            if (u.n)
                u.n--; /* drop the previous "\n" */
            ht_buf_append(&u, p + 1, n - 1);
        } else
            ht_buf_append(&u, p, n);
        ht_buf_putc(&u, '\n');
        p = crlf + 2;
    }
    return ht_buf_take(&u);
}

static void test_ics_folding(void **st)
{
    (void)st;
    ht_buf line = {0}, out = {0};
    ht_buf_puts(&line, "SUMMARY:");
    for (int i = 0; i < 20; i++)
        ht_buf_puts(&line, "Hữu nghị đặc biệt Việt Nam – Lào ");
    for (size_t shift = 0; shift < 4; shift++) {
        ht_buf_reset(&out);
        assert_int_equal(ht_report_ics_line(&out, line.p + shift, line.n - shift), 0);
        char *u = check_folded(out.p);
        assert_int_equal(strlen(u), line.n - shift + 1);
        assert_memory_equal(u, line.p + shift, line.n - shift);
        free(u);
    }
    ht_buf_reset(&out);
    assert_int_equal(ht_report_ics_line(&out, "BEGIN:VEVENT", 12), 0);
    assert_string_equal(out.p, "BEGIN:VEVENT\r\n");
    /* exactly 75 octets stay on one line; 76 fold */
    char l75[80];
    memset(l75, 'x', 75);
    ht_buf_reset(&out);
    ht_report_ics_line(&out, l75, 75);
    assert_int_equal(out.n, 77);
    ht_buf_reset(&out);
    l75[75] = 'y';
    ht_report_ics_line(&out, l75, 76);
    assert_int_equal(out.n, 75 + 3 + 1 + 2);
    assert_string_equal(out.p + 75, "\r\n y\r\n");
    /* an escape is never split: the backslash would end the line at octet 75 */
    char esc[90];
    memset(esc, 'x', 74);
    memcpy(esc + 74, "\\nyz", 4);
    ht_buf_reset(&out);
    ht_report_ics_line(&out, esc, 78);
    assert_memory_equal(out.p + 74, "\r\n \\nyz\r\n", 9);
    memcpy(esc + 73, "\\\\n", 3); /* an escaped backslash may end a line */
    ht_buf_reset(&out);
    ht_report_ics_line(&out, esc, 78);
    assert_memory_equal(out.p + 73, "\\\\\r\n nyz\r\n", 10);
    ht_buf_free(&line);
    ht_buf_free(&out);
}

static void test_ics_calendar(void **st)
{
    (void)st;
    const ht_report_anniv an[] = {
        anniv[0],
        {"month only", {1991, 10, 0, HT_REPORT_DATE_MONTH, false}, NULL, NULL},
        {"Lễ kỷ niệm, giao lưu; \"hữu nghị\"\nhai tỉnh", {2012, 6, 21, HT_REPORT_DATE_DAY, false},
         "anniv:x", NULL},
    };
    ht_report_calendar c;
    ht_error e;
    assert_int_equal(ht_report_calendar_build(an, 3, deadlines, 3, D("2021"), D("2023"), 5, &c, &e),
                     0);
    assert_int_equal(c.n, 4);
    ht_report_ics_opts o = {"Ngày kỷ niệm và thời hạn", NULL, 1700000000};
    ht_buf b = {0};
    assert_int_equal(ht_report_calendar_ics(&c, &o, &b), 0);
    char *u = check_folded(b.p);
    assert_memory_equal(u, "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:", 35);
    assert_non_null(strstr(u, "\nCALSCALE:GREGORIAN\n"));
    assert_non_null(strstr(u, "\nX-WR-CALNAME:Ngày kỷ niệm và thời hạn\n"));
    /* three all-day events: the month-only anniversary has no day to be put on */
    size_t events = 0;
    for (const char *p = u; (p = strstr(p, "BEGIN:VEVENT\n")); p++)
        events++;
    assert_int_equal(events, 3);
    assert_null(strstr(u, "month only"));
    assert_non_null(strstr(u, "\nDTSTAMP:20231114T221320Z\n"));
    assert_non_null(strstr(u, "\nDTSTART;VALUE=DATE:20220621\nDTEND;VALUE=DATE:20220622\n"));
    assert_non_null(strstr(u, "\nDTSTART;VALUE=DATE:20220718\nDTEND;VALUE=DATE:20220719\n"));
    assert_non_null(strstr(u, "\nSUMMARY:Kỷ niệm 45 năm Hiệp ước Hữu nghị và Hợp tác Việt Nam – Lào\n"));
    assert_non_null(strstr(u, "\nSUMMARY:Kỷ niệm 10 năm Lễ kỷ niệm\\, giao lưu\\; \"hữu nghị\"\\nhai tỉnh\n"));
    assert_non_null(strstr(u, "\nDTSTART;VALUE=DATE:20231231\nDTEND;VALUE=DATE:20240101\n"));
    assert_non_null(strstr(u, "\nSUMMARY:Hết hạn: Thỏa thuận hợp tác Đắk Lắk – Sê Kông 2018–2023\n"));
    assert_non_null(strstr(u, "\nDESCRIPTION:Hiệp ước Hữu nghị và Hợp tác Việt Nam – Lào\\n1977-07-18\\nhoptac: anniv:treaty\n"));
    assert_non_null(strstr(u, "\nUID:"));
    assert_non_null(strstr(u, "\nEND:VCALENDAR\n"));
    free(u);
    /* English summaries */
    o.lang = "en";
    ht_buf_reset(&b);
    assert_int_equal(ht_report_calendar_ics(&c, &o, &b), 0);
    u = check_folded(b.p);
    assert_non_null(strstr(u, "\nSUMMARY:45 years: Hiệp ước"));
    assert_non_null(strstr(u, "\nSUMMARY:Term ends: Thỏa thuận"));
    free(u);
    ht_buf_free(&b);

    ht_report_table t;
    assert_int_equal(ht_report_calendar_table(&c, "Lịch", &t), 0);
    ht_buf j = {0};
    assert_int_equal(ht_report_write_json(&t, &j), 0);
    const char *first = "[{\"date\":\"2021-10\",\"kind\":\"anniversary\",\"years\":30,"
                        "\"what\":\"month only\",\"origin\":\"1991-10\",\"id\":null},";
    assert_memory_equal(j.p, first, strlen(first));
    assert_non_null(strstr(j.p, "{\"date\":\"2023-12-31\",\"kind\":\"term_end\",\"years\":null,"
                                "\"what\":\"Thỏa thuận hợp tác Đắk Lắk – Sê Kông 2018–2023\","
                                "\"origin\":null,\"id\":\"agr:1\"}]"));
    ht_buf_free(&j);
    ht_report_table_free(&t);
    ht_report_calendar_free(&c);
}

/* The dates of Vietnam's relations with a partner country come from
 * data/report_anniversaries.tsv, only for the countries asked, with English words for
 * English summaries and the same UID in either language. */
static void test_national_dates(void **st)
{
    (void)st;
    const char *const la[] = {"LA"};
    ht_report_anniv an[8];
    size_t n = ht_report_national_anniv(la, 1, an, 8);
    assert_int_equal(n, 2);
    assert_int_equal(ht_report_national_anniv(la, 1, NULL, 0), 2);
    const char *const none[] = {"VN", "ZZ"};
    assert_int_equal(ht_report_national_anniv(none, 2, an, 8), 0);
    n = ht_report_national_anniv(la, 1, an, 8);
    ht_report_calendar c;
    ht_error e = {0};
    assert_int_equal(ht_report_calendar_build(an, n, NULL, 0, D("2022"), D("2022"), 0, &c,
                                              &e), 0);
    assert_int_equal(c.n, 2);
    char iso[HT_REPORT_DATE_MAX];
    ht_report_date_iso(c.v[0].date, iso);
    assert_string_equal(iso, "2022-07-18"); /* 45 years of the treaty */
    assert_int_equal(c.v[0].years, 45);
    ht_report_date_iso(c.v[1].date, iso);
    assert_string_equal(iso, "2022-09-05"); /* 60 years of diplomatic relations */
    assert_int_equal(c.v[1].years, 60);
    ht_buf b = {0};
    assert_int_equal(ht_report_cal_summary(&c.v[1], "vi", &b), 0);
    assert_string_equal(b.p, "Kỷ niệm 60 năm thiết lập quan hệ ngoại giao Việt Nam – Lào");
    ht_buf_reset(&b);
    assert_int_equal(ht_report_cal_summary(&c.v[1], "en", &b), 0);
    assert_string_equal(b.p, "60 years: Vietnam – Laos diplomatic relations");
    ht_buf_free(&b);
    ht_report_calendar_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_years),  cmocka_unit_test(test_precision_and_leap),
        cmocka_unit_test(test_uids_and_duplicates), cmocka_unit_test(test_ics_text),
        cmocka_unit_test(test_ics_folding),  cmocka_unit_test(test_ics_calendar),
        cmocka_unit_test(test_national_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
