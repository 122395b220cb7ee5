/* Unit tests of agreement status: terms and their ends, the expiring window, renewal
 * and supersession by later agreements of the same parties, narrower kinds, gaps,
 * open-ended agreements, and agreements not signed yet at the report's date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/status.h"

static ht_report_date D(const char *s)
{
    ht_report_date d = {0};
    ht_error e;
    if (s && ht_report_date_parse(s, strlen(s), false, &d, &e))
        fail_msg("%s", e.msg);
    return d;
}

static const char *const dlk_xe[] = {"VN-DLK", "LA-XE"};
static const char *const xe_dlk[] = {"LA-XE", "VN-DLK"};
static const char *const ktm_xe[] = {"VN-KTM", "LA-XE"};

static ht_report_agr agr(const char *id, const char *const *parties, const char *kind,
                         const char *sig, const char *from, const char *to)
{
    return (ht_report_agr){id, parties, 2, kind, D(sig), D(from), D(to)};
}

/* Status code and renewing id of agreement i among a[0..n) at as_of. */
static void expect(const ht_report_agr *a, size_t n, const char *as_of, int months, size_t i,
                   const char *status, const char *by)
{
    ht_report_agr_state st[16];
    ht_error e = {0};
    assert_true(n <= 16);
    if (ht_report_agr_status(a, n, D(as_of), months, st, &e))
        fail_msg("%s", e.msg);
    const char *got = ht_report_status_code(st[i].status);
    const char *got_by = st[i].by == HT_REPORT_NONE ? "-" : a[st[i].by].id;
    if (strcmp(got, status) != 0 || strcmp(got_by, by ? by : "-") != 0)
        fail_msg("%s at %s (+%d months): %s by %s, want %s by %s", a[i].id, as_of, months, got,
                 got_by, status, by ? by : "-");
}

static void test_term_and_window(void **st)
{
    (void)st;
    ht_report_agr a[] = {
        agr("coop", dlk_xe, "cooperation_agreement", "2018-06-21", "2018", "2023"),
        agr("twin", dlk_xe, "twinning", "2018-06-21", NULL, NULL),
    };
    char b[HT_REPORT_DATE_MAX];
    ht_report_date_iso(ht_report_agr_end(&a[0]), b);
    assert_string_equal(b, "2023-12-31");
    ht_report_date_iso(ht_report_agr_start(&a[0]), b);
    assert_string_equal(b, "2018-01-01");
    ht_report_date_iso(ht_report_agr_start(&a[1]), b);
    assert_string_equal(b, "2018-06-21");
    assert_int_equal(ht_report_agr_end(&a[1]).prec, HT_REPORT_DATE_NONE);

    expect(a, 2, "2024-01-01", 6, 0, "expired", NULL);
    expect(a, 2, "2024-01-01", 6, 1, "unknown", NULL);
    expect(a, 2, "2023-12-31", 0, 0, "in_force", NULL);
    expect(a, 2, "2023-12-31", 1, 0, "expiring", NULL);
    expect(a, 2, "2023-06-01", 6, 0, "in_force", NULL);
    expect(a, 2, "2023-07-01", 6, 0, "expiring", NULL);
    expect(a, 2, "2023-06-01", 12, 0, "expiring", NULL);
    expect(a, 2, "2019", 0, 0, "in_force", NULL);
    /* the twinning signed the same day neither renews nor supersedes the agreement */
    expect(a, 2, "2020-01-01", 6, 1, "unknown", NULL);

    ht_report_agr_state s[2];
    ht_error e;
    assert_int_equal(ht_report_agr_status(a, 2, D("2023-12-01"), 0, s, &e), 0);
    assert_int_equal(s[0].days_left, 30);
    assert_false(s[0].not_yet);
    assert_int_equal(ht_report_agr_status(a, 2, D("2018-06-20"), 0, s, &e), 0);
    assert_true(s[0].not_yet);
    assert_true(s[1].not_yet);
    assert_int_equal(ht_report_agr_status(a, 2, D("--06-20"), 0, s, &e), HT_EINVAL);
    /* a day given ends the term that day */
    ht_report_agr d = agr("d", dlk_xe, "mou", "2020-07-01", "2020-07-01", "2023-06-30");
    ht_report_date_iso(ht_report_agr_end(&d), b);
    assert_string_equal(b, "2023-06-30");
    expect(&d, 1, "2023-07-01", 0, 0, "expired", NULL);
}

static void test_renewal(void **st)
{
    (void)st;
    ht_report_agr a[] = {
        agr("A", dlk_xe, "cooperation_agreement", "2018-06-21", "2018", "2023"),
        agr("B", xe_dlk, "cooperation_agreement", "2024-03-10", "2024", "2028"),
    };
    expect(a, 2, "2024-01-15", 6, 0, "expired", NULL); /* B not signed yet */
    expect(a, 2, "2024-06-01", 6, 0, "renewed", "B");  /* parties in any order */
    expect(a, 2, "2024-06-01", 6, 1, "in_force", NULL);
    /* renewed in advance, while A still runs */
    ht_report_agr c[] = {
        agr("A", dlk_xe, "cooperation_agreement", "2018-06-21", "2018", "2023"),
        agr("C", dlk_xe, "cooperation_agreement", "2023-10-01", "2023", "2028"),
    };
    expect(c, 2, "2023-09-30", 6, 0, "expiring", NULL);
    expect(c, 2, "2023-11-01", 6, 0, "renewed", "C");
    /* a twinning is wider than a cooperation agreement: it renews it */
    ht_report_agr t[] = {
        agr("A", dlk_xe, "cooperation_agreement", "2018-06-21", "2018", "2023"),
        agr("T", dlk_xe, "twinning", "2024-01-20", "2024", "2030"),
    };
    expect(t, 2, "2024-02-01", 0, 0, "renewed", "T");
}

static void test_not_renewed(void **st)
{
    (void)st;
    ht_report_agr a[] = {
        agr("A", dlk_xe, "cooperation_agreement", "2018-06-21", "2018", "2023"),
        agr("plan", dlk_xe, "plan", "2024-01-10", "2024", "2024"),        /* narrower */
        agr("ktm", ktm_xe, "mou", "2022-11-03", "2022", "2027"),          /* other parties */
        agr("late", dlk_xe, "cooperation_agreement", "2025-02-01", "2025", "2029"), /* gap */
        agr("mou", dlk_xe, "mou", "2024-01-05", "2024", "2028"),          /* narrower */
    };
    expect(a, 5, "2025-06-01", 6, 0, "expired", NULL);
    /* the plan of 2024 is followed, the day after it ends, by a wider agreement */
    expect(a, 5, "2025-06-01", 6, 1, "renewed", "late");
    expect(a, 5, "2024-06-01", 6, 1, "in_force", NULL);
    expect(a, 5, "2025-06-01", 6, 2, "in_force", NULL);
    expect(a, 5, "2025-06-01", 6, 3, "in_force", NULL);
    expect(a, 5, "2024-01-01", 0, 2, "in_force", NULL);
    /* the MoU of 2024-2028 is replaced early by the wider agreement of 2025 */
    expect(a, 5, "2025-06-01", 6, 4, "superseded", "late");
}

static void test_supersession(void **st)
{
    (void)st;
    ht_report_agr a[] = {
        agr("A", dlk_xe, "cooperation_agreement", "2018-06-21", "2018", "2023"),
        agr("S", dlk_xe, "cooperation_agreement", "2021-03-01", "2021", "2025"),
        agr("F", dlk_xe, "cooperation_agreement", "2021-05-01", "2022", "2026"),
    };
    expect(a, 3, "2020-06-01", 0, 0, "in_force", NULL);
    expect(a, 3, "2021-06-01", 0, 0, "superseded", "S");
    expect(a, 3, "2024-06-01", 0, 0, "superseded", "S");
    /* S is superseded by F once F starts (2022), not when it is signed */
    expect(a, 3, "2021-06-01", 0, 1, "in_force", NULL);
    expect(a, 3, "2022-01-01", 0, 1, "superseded", "F");
    ht_report_agr b[] = {
        agr("A", dlk_xe, "cooperation_agreement", "2018-06-21", "2018", "2023"),
        agr("F", dlk_xe, "cooperation_agreement", "2021-05-01", "2022", "2026"),
    };
    expect(b, 2, "2021-06-01", 0, 0, "in_force", NULL); /* signed, not in effect yet */
    expect(b, 2, "2022-01-01", 0, 0, "superseded", "F");
    /* open-ended agreements: a later one of the same parties and kind replaces it */
    ht_report_agr o[] = {
        agr("old", dlk_xe, "mou", "2015-05-05", NULL, NULL),
        agr("new", dlk_xe, "mou", "2019-09-09", NULL, NULL),
        agr("twin", dlk_xe, "twinning", "2010-01-01", NULL, NULL),
    };
    expect(o, 3, "2019-01-01", 0, 0, "unknown", NULL);
    expect(o, 3, "2019-09-09", 0, 0, "superseded", "new");
    expect(o, 3, "2020-01-01", 0, 1, "unknown", NULL);
    expect(o, 3, "2020-01-01", 0, 2, "unknown", NULL); /* an MoU does not replace a twinning */
}

/* Many agreements of a few party pairs: the statuses do not depend on the input order,
 * and every renewing or superseding agreement has the same parties and is later. */
static void test_many_any_order(void **st)
{
    (void)st;
    enum { N = 600 };
    static const char *const pairs[][2] = {{"VN-DLK", "LA-XE"}, {"LA-XE", "VN-DLK"},
                                           {"VN-QNG", "LA-XE"}, {"VN-GLA", "KH-16"},
                                           {"VN-HGI", "CN-YN"}, {"CN-YN", "VN-LCI"}};
    static const char *const kinds[] = {"mou", "cooperation_agreement", "twinning", "plan",
                                        "minutes", "other"};
    static char ids[N][16];
    ht_report_agr a[N], r[N];
    unsigned x = 12345;
    for (int i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        int y = 1995 + (int)(x >> 16) % 30, len = (int)(x >> 8) % 6;
        snprintf(ids[i], sizeof ids[i], "agr:%03d", i);
        a[i] = (ht_report_agr){ids[i], pairs[(x >> 4) % 6], 2, kinds[(x >> 12) % 6],
                               ht_report_date_ymd(y, 1 + (int)(x >> 20) % 12, 1 + (int)(x >> 3) % 28),
                               {0}, {0}};
        if (len) {
            a[i].term_from = (ht_report_date){(int16_t)y, 0, 0, HT_REPORT_DATE_YEAR, false};
            a[i].term_to = (ht_report_date){(int16_t)(y + len), 0, 0, HT_REPORT_DATE_YEAR, false};
        }
        r[N - 1 - i] = a[i];
    }
    static ht_report_agr_state s1[N], s2[N];
    ht_error e;
    assert_int_equal(ht_report_agr_status(a, N, D("2020-06-01"), 6, s1, &e), 0);
    assert_int_equal(ht_report_agr_status(r, N, D("2020-06-01"), 6, s2, &e), 0);
    int followed = 0;
    for (int i = 0; i < N; i++) {
        const ht_report_agr_state *p = &s1[i], *q = &s2[N - 1 - i];
        assert_int_equal(p->status, q->status);
        assert_int_equal(p->not_yet, q->not_yet);
        if (p->by == HT_REPORT_NONE) {
            assert_int_equal(q->by, HT_REPORT_NONE);
            continue;
        }
        followed++;
        assert_string_equal(a[p->by].id, r[q->by].id);
        const ht_report_agr *b = &a[p->by];
        assert_true(strcmp(b->parties[0], a[i].parties[0]) == 0 ||
                    strcmp(b->parties[0], a[i].parties[1]) == 0);
        assert_true(ht_report_date_cmp(&b->signed_on, &a[i].signed_on) > 0);
    }
    assert_true(followed > 20);
}

static void test_codes(void **st)
{
    (void)st;
    assert_string_equal(ht_report_status_code(HT_REPORT_IN_FORCE), "in_force");
    assert_string_equal(ht_report_status_code(HT_REPORT_EXPIRING), "expiring");
    assert_string_equal(ht_report_status_code(HT_REPORT_EXPIRED), "expired");
    assert_string_equal(ht_report_status_code(HT_REPORT_RENEWED), "renewed");
    assert_string_equal(ht_report_status_code(HT_REPORT_SUPERSEDED), "superseded");
    assert_string_equal(ht_report_status_code(HT_REPORT_UNKNOWN), "unknown");
    assert_string_equal(ht_report_status_code((ht_report_status)99), "unknown");
    ht_report_agr_state s;
    ht_error e;
    assert_int_equal(ht_report_agr_status(NULL, 0, D("2024"), 6, &s, &e), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_term_and_window), cmocka_unit_test(test_renewal),
        cmocka_unit_test(test_not_renewed),     cmocka_unit_test(test_supersession),
        cmocka_unit_test(test_many_any_order), cmocka_unit_test(test_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
