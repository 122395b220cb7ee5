/* Unit tests of event rows: CAMEO and PLOVER codes of every activity kind, country
 * codes, actor codes with regions and roles, dyads, dates with precision, sources
 * counts, field cleaning, and the GDELT column layout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/events.h"

static void test_codes(void **st)
{
    (void)st;
    static const struct {
        const char *kind, *code, *root, *plover;
        int quad;
    } want[] = {
        {"visit", "042", "04", "CONSULT", 1},       {"reception", "043", "04", "CONSULT", 1},
        {"working_session", "040", "04", "CONSULT", 1}, {"talks", "046", "04", "CONSULT", 1},
        {"conference", "040", "04", "CONSULT", 1},  {"signing", "057", "05", "SUPPORT", 1},
        {"twinning", "057", "05", "SUPPORT", 1},    {"exchange", "050", "05", "SUPPORT", 1},
        {"festival", "050", "05", "SUPPORT", 1},    {"other", "050", "05", "SUPPORT", 1},
        {"training", "060", "06", "COOPERATE", 2},  {"donation", "070", "07", "AID", 2},
        {"scholarship", "071", "07", "AID", 2},     {"no_such_kind", "050", "05", "SUPPORT", 1},
        {NULL, "050", "05", "SUPPORT", 1},          {"working session", "050", "05", "SUPPORT", 1},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        ht_report_event_code c;
        ht_report_event_codes(want[i].kind, &c);
        if (strcmp(c.code, want[i].code) || strcmp(c.root, want[i].root) ||
            strcmp(c.plover, want[i].plover) || c.quad != want[i].quad)
            fail_msg("%s: %s %s %s %d", want[i].kind ? want[i].kind : "NULL", c.code, c.root,
                     c.plover, c.quad);
        assert_string_equal(c.base, c.code);
        assert_memory_equal(c.code, c.root, 2); /* the root is the code's first two digits */
    }
    ht_report_event_code c;
    ht_report_event_codes("visit", &c);
    assert_string_equal(c.actor1, "visitor");
    assert_string_equal(c.name, "Make a visit");
    ht_report_event_codes("reception", &c);
    assert_string_equal(c.actor1, "host");
}

static void test_countries(void **st)
{
    (void)st;
    static const char *const want[][3] = {
        {"VN", "VNM", "VM"}, {"LA", "LAO", "LA"}, {"KH", "KHM", "CB"}, {"CN", "CHN", "CH"},
        {"KR", "KOR", "KS"}, {"KP", "PRK", "KN"}, {"JP", "JPN", "JA"}, {"US", "USA", "US"},
        {"RU", "RUS", "RS"}, {"CU", "CUB", "CU"}, {"TH", "THA", "TH"}, {"DE", "DEU", "GM"},
        {"RO", "ROM", "RO"}, {"TL", "TMP", "TT"}, {"ME", "MTN", "MJ"}, {"la", "LAO", "LA"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *c = ht_report_cameo_country(want[i][0]), *f = ht_report_fips_country(want[i][0]);
        if (!c || !f || strcmp(c, want[i][1]) || strcmp(f, want[i][2]))
            fail_msg("%s: %s %s", want[i][0], c ? c : "NULL", f ? f : "NULL");
    }
    assert_null(ht_report_cameo_country("ZZ"));
    assert_null(ht_report_cameo_country(""));
    assert_null(ht_report_cameo_country(NULL));
    assert_null(ht_report_fips_country("Viet Nam"));
}

static void expect_code(const char *country, const char *region, const char *role,
                        const char *want)
{
    ht_report_actor a = {"x", "x", country, region, role};
    char out[32];
    size_t k = ht_report_actor_code(&a, out);
    if (strcmp(out, want) != 0 || k != strlen(want))
        fail_msg("%s %s %s: \"%s\", want \"%s\"", country ? country : "-", region ? region : "-",
                 role ? role : "-", out, want);
}

static void test_actor_codes(void **st)
{
    (void)st;
    expect_code("VN", "VN-DLK", NULL, "VNMDLK");
    expect_code("VN", "VN-DLK", "GOV", "VNMDLKGOV");
    expect_code("VN", "vn-dlk", "edu", "VNMDLKEDU");
    expect_code("LA", "LA-XE", NULL, "LAO0XE");
    expect_code("KH", "KH-1", NULL, "KHM001");
    expect_code("CN", "CN-YN", "GOV", "CHN0YNGOV");
    expect_code("VN", NULL, "GOV", "VNMGOV");
    expect_code("LA", NULL, NULL, "LAO");
    expect_code("VN", "LA-XE", NULL, "VNM");     /* a region of another country is ignored */
    expect_code("VN", "local:12", NULL, "VNM");
    expect_code("VN", "VN-ABCD", NULL, "VNM");   /* not a subdivision code */
    expect_code("VN", "VN-D K", NULL, "VNM");
    expect_code("VN", "VN-DLK", "GOVX", "VNMDLK"); /* not a role code */
    expect_code("VN", "VN-DLK", "G\xC3\xA1", "VNMDLK");
    expect_code("VN", "VN-DLK", "G1V", "VNMDLK");
    expect_code(NULL, "VN-DLK", "GOV", "");
    expect_code("ZZ", "ZZ-AB", NULL, "");
}

/* Fields of line `line` (0 = header) of a TSV text, split on tabs. */
static int fields(const char *tsv, int line, char f[40][256])
{
    const char *p = tsv;
    for (int i = 0; i < line; i++) {
        p = strchr(p, '\n');
        if (!p)
            return -1;
        p++;
    }
    int n = 0;
    for (;;) {
        size_t k = strcspn(p, "\t\n");
        if (n < 40) {
            snprintf(f[n], 256, "%.*s", (int)k, p);
            n++;
        }
        if (p[k] != '\t')
            break;
        p += k + 1;
    }
    return n;
}

static int col(const char *tsv, const char *name)
{
    char h[40][256];
    int n = fields(tsv, 0, h);
    for (int i = 0; i < n; i++)
        if (strcmp(h[i], name) == 0)
            return i;
    fail_msg("no column %s", name);
    return -1;
}

static void test_rows(void **st)
{
    (void)st;
    const ht_report_actor visitors[] = {
        {"LA-XE", "Sê Kông", "LA", "LA-XE", "GOV"},
        {"VN-DLK", "Đắk Lắk", "VN", "VN-DLK", "GOV"},
        {"local:3", "Hội hữu nghị\tViệt Nam – Lào", "VN", "VN-DLK", NULL},
    };
    const char *const src[] = {"https://news.example.vn/a/1.html", "https://NEWS.example.vn/b",
                               "https://other.example.la/x", "archive/c.txt"};
    ht_report_event ev[] = {
        {"act:visit", {2022, 3, 15, HT_REPORT_DATE_DAY, false}, "visit", visitors, 3,
         "Buôn Ma Thuột, Đắk Lắk", "VN", src, 4, 0, 1700000000, false},
        {"act:sign", {2018, 6, 0, HT_REPORT_DATE_MONTH, true}, "signing", visitors + 1, 1,
         NULL, NULL, NULL, 0, 7, 0, true},
        {"act:none", {0, 11, 3, HT_REPORT_DATE_DAY, false}, "signing", visitors, 2, NULL, NULL,
         NULL, 0, 0, 0, false},
    };
    ht_buf b = {0};
    size_t skipped = 99;
    assert_int_equal(ht_report_events_tsv(ev, 3, &b, &skipped), 0);
    assert_int_equal(skipped, 1);
    const char *t = b.p;
    char h[40][256], r[40][256];
    assert_int_equal(fields(t, 0, h), 30);
    static const char *const gdelt[] = {
        "GlobalEventID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code",
        "Actor1Name", "Actor1CountryCode", "Actor1Type1Code", "Actor2Code", "Actor2Name",
        "Actor2CountryCode", "Actor2Type1Code", "IsRootEvent", "EventCode", "EventBaseCode",
        "EventRootCode", "QuadClass", "NumMentions", "NumSources", "NumArticles",
        "ActionGeo_FullName", "ActionGeo_CountryCode", "DATEADDED", "SOURCEURL", "PloverType"};
    for (int i = 0; i < 26; i++)
        assert_string_equal(h[i], gdelt[i]);
    /* three rows: two dyads of the visit, one of the signing; no row for the yearless */
    int lines = 0;
    for (const char *p = t; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 4);

    assert_int_equal(fields(t, 1, r), 30);
    assert_string_equal(r[col(t, "SQLDATE")], "20220315");
    assert_string_equal(r[col(t, "MonthYear")], "202203");
    assert_string_equal(r[col(t, "Year")], "2022");
    assert_string_equal(r[col(t, "FractionDate")], "2022.2055"); /* (2*30+15)/365 */
    assert_string_equal(r[col(t, "Actor1Code")], "LAO0XEGOV");
    assert_string_equal(r[col(t, "Actor1Name")], "Sê Kông");
    assert_string_equal(r[col(t, "Actor1CountryCode")], "LAO");
    assert_string_equal(r[col(t, "Actor1Type1Code")], "GOV");
    assert_string_equal(r[col(t, "Actor2Code")], "VNMDLKGOV");
    assert_string_equal(r[col(t, "Actor2CountryCode")], "VNM");
    assert_string_equal(r[col(t, "IsRootEvent")], "1");
    assert_string_equal(r[col(t, "EventCode")], "042");
    assert_string_equal(r[col(t, "EventRootCode")], "04");
    assert_string_equal(r[col(t, "QuadClass")], "1");
    assert_string_equal(r[col(t, "NumMentions")], "4");
    assert_string_equal(r[col(t, "NumSources")], "3"); /* hosts compare without case */
    assert_string_equal(r[col(t, "NumArticles")], "4");
    assert_string_equal(r[col(t, "ActionGeo_FullName")], "Buôn Ma Thuột, Đắk Lắk");
    assert_string_equal(r[col(t, "ActionGeo_CountryCode")], "VM");
    assert_string_equal(r[col(t, "DATEADDED")], "20231114221320");
    assert_string_equal(r[col(t, "SOURCEURL")], "https://news.example.vn/a/1.html");
    assert_string_equal(r[col(t, "PloverType")], "CONSULT");
    assert_string_equal(r[col(t, "DatePrecision")], "day");
    assert_string_equal(r[col(t, "YearInferred")], "0");
    assert_string_equal(r[col(t, "HoptacID")], "act:visit");
    assert_string_equal(r[col(t, "SourceURLs")],
                        "https://news.example.vn/a/1.html https://NEWS.example.vn/b "
                        "https://other.example.la/x archive/c.txt");
    char id1[256];
    strcpy(id1, r[0]);
    assert_true(strlen(id1) > 0 && strspn(id1, "0123456789") == strlen(id1));
    assert_true(strtoull(id1, NULL, 10) < (1ULL << 53));

    assert_int_equal(fields(t, 2, r), 30);
    assert_string_not_equal(r[0], id1); /* one id per dyad */
    assert_string_equal(r[col(t, "Actor2Code")], "VNMDLK");
    assert_string_equal(r[col(t, "Actor2Type1Code")], ""); /* an association: no role */
    assert_string_equal(r[col(t, "Actor2Name")], "Hội hữu nghị Việt Nam – Lào"); /* tab cleaned */

    assert_int_equal(fields(t, 3, r), 30);
    assert_string_equal(r[col(t, "SQLDATE")], "20180601");
    assert_string_equal(r[col(t, "FractionDate")], "2018.4137"); /* (5*30+1)/365 */
    assert_string_equal(r[col(t, "Actor1Code")], "VNMDLKGOV");
    assert_string_equal(r[col(t, "Actor2Code")], "");
    assert_string_equal(r[col(t, "EventCode")], "057");
    assert_string_equal(r[col(t, "PloverType")], "SUPPORT");
    assert_string_equal(r[col(t, "IsRootEvent")], "0");
    assert_string_equal(r[col(t, "NumMentions")], "7");
    assert_string_equal(r[col(t, "NumArticles")], "0");
    assert_string_equal(r[col(t, "DATEADDED")], "19700101000000");
    assert_string_equal(r[col(t, "DatePrecision")], "month");
    assert_string_equal(r[col(t, "YearInferred")], "1");

    /* the same input gives the same bytes */
    ht_buf b2 = {0};
    assert_int_equal(ht_report_events_tsv(ev, 3, &b2, NULL), 0);
    assert_string_equal(b.p, b2.p);
    ht_buf_free(&b);
    ht_buf_free(&b2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes), cmocka_unit_test(test_countries),
        cmocka_unit_test(test_actor_codes), cmocka_unit_test(test_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
