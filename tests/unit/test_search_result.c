/* Unit tests of search options and results: option checking and its messages, dates of
 * --from/--to, the JSON of SPEC §1c (checked by jansson as well as byte for byte) and
 * the terminal listing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "search/search.h"

static void test_dates(void **st)
{
    (void)st;
    static const struct {
        const char *in;
        bool end;
        const char *want; /* NULL: refused */
    } cases[] = {
        {"2018", false, "2018-01-01"},       {"2023", true, "2023-12-31"},
        {"2024-02", true, "2024-02-29"},     {"2023-02", true, "2023-02-28"},
        {"1900-02", true, "1900-02-28"},     {"2000-02", true, "2000-02-29"},
        {"2018-06", false, "2018-06-01"},    {"2018-06-21", true, "2018-06-21"},
        {"2018-13", false, NULL},            {"2018-00", false, NULL},
        {"2018-02-30", false, NULL},         {"18", false, NULL},
        {"2018-6-1", false, NULL},           {"0000", false, NULL},
        {"2018-06-21x", false, NULL},        {"", false, NULL},
        {"abcd", false, NULL},               {"2018/06/21", false, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[11] = "";
        ht_error e = {0};
        int rc = ht_search_date(cases[i].in, cases[i].end, out, &e);
        if (cases[i].want) {
            if (rc || strcmp(out, cases[i].want))
                fail_msg("%s: %s (%s), want %s", cases[i].in, out, e.msg, cases[i].want);
        } else {
            assert_int_equal(rc, HT_EINVAL);
            assert_non_null(strstr(e.msg, "is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"));
        }
    }
}

static void test_opts(void **st)
{
    (void)st;
    ht_search_filters f;
    ht_error e = {0};
    ht_search_opts o = {.query = "hop tac", .country = "la", .from = "2018", .to = "2023"};
    assert_int_equal(ht_search_opts_check(&o, &f, &e), 0);
    assert_string_equal(f.country, "LA");
    assert_string_equal(f.from, "2018-01-01");
    assert_string_equal(f.to, "2023-12-31");
    assert_int_equal(f.limit, HT_SEARCH_LIMIT);
    assert_int_equal(f.offset, 0);
    assert_int_equal(f.kinds, HT_SEARCH_DOCUMENT | HT_SEARCH_AGREEMENT | HT_SEARCH_ACTIVITY |
                                  HT_SEARCH_PARTY | HT_SEARCH_PERSON);
    const char *kinds[] = {"agreement", "person"};
    ht_search_opts o2 = {.kinds = kinds, .nkinds = 2, .field = "education",
                         .status = "in_force", .review = "confirmed", .limit = 5, .offset = 10};
    assert_int_equal(ht_search_opts_check(&o2, &f, &e), 0);
    assert_int_equal(f.kinds, HT_SEARCH_AGREEMENT | HT_SEARCH_PERSON);
    assert_int_equal(f.limit, 5);
    assert_int_equal(f.offset, 10);

    static const char *bad_kind[] = {"agreements"};
    static const struct {
        ht_search_opts o;
        const char *msg;
    } bad[] = {
        {{.kinds = bad_kind, .nkinds = 1},
         "--kind: 'agreements' is not one of document, agreement, activity, party, person"},
        {{.country = "Lao"}, "--country: 'Lao' is not a two-letter country code (VN, LA, KH...)"},
        {{.country = "L1"}, "--country: 'L1' is not a two-letter country code (VN, LA, KH...)"},
        {{.field = "farming"}, "--field: 'farming' is not one of politics, diplomacy, economy, "
                               "trade, investment, agriculture, education, health, culture, "
                               "tourism, sport, security, defence, transport, energy, "
                               "environment, science, youth, labour, other"},
        {{.status = "active"}, "--status: 'active' is not one of in_force, expiring, expired, "
                               "renewed, superseded, unknown"},
        {{.review = "pending"}, "--review: 'pending' is not one of proposed, confirmed, "
                                "rejected, deleted"},
        {{.from = "2018-13"}, "--from: '2018-13' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"},
        {{.to = "next year"}, "--to: 'next year' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"},
        {{.from = "2023", .to = "2018"}, "--from 2023 is after --to 2018"},
        {{.limit = -1}, "--limit: -1 is not between 1 and 1000"},
        {{.limit = 1001}, "--limit: 1001 is not between 1 and 1000"},
        {{.offset = -5}, "--offset: -5 is negative"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ht_err_clear(&e);
        int rc = ht_search_opts_check(&bad[i].o, &f, &e);
        if (rc != HT_EINVAL || strcmp(e.msg, bad[i].msg))
            fail_msg("case %zu: %d \"%s\", want \"%s\"", i, rc, e.msg, bad[i].msg);
    }
    /* the same year on both sides is one year */
    ht_search_opts o3 = {.from = "2020", .to = "2020"};
    assert_int_equal(ht_search_opts_check(&o3, &f, &e), 0);
}

static void fill(ht_search_results *r)
{
    r->query = "đắk lắk";
    r->total = 3;
    r->offset = 0;
    r->limit = 2;
    const char *text = "Hội hữu nghị tỉnh Đắk Lắk\nký kết với tỉnh Sê Kông.";
    ht_query q;
    ht_error e;
    assert_int_equal(ht_query_parse(r->query, strlen(r->query), NULL, &q, &e), 0);
    ht_search_hit *h = ht_search_add(r);
    assert_non_null(h);
    h->type = "agreement";
    h->id = ht_search_str(r, "agr:1a2b", 8);
    h->title = ht_search_str(r, "Thỏa thuận hợp tác \"2018–2023\"", strlen("Thỏa thuận hợp tác \"2018–2023\""));
    h->score = -7.25;
    h->exact = true;
    h->date = "2018-06-21";
    h->source = "news.jsonl#a1";
    assert_int_equal(ht_snippet_make(text, strlen(text), q.terms, q.nterms, NULL, &h->snippet, &e), 0);
    h = ht_search_add(r);
    h->type = "party";
    h->id = "VN-DLK";
    h->title = "Đắk Lắk";
    h->score = -1.5;
    ht_query_free(&q);
}

static void test_json(void **st)
{
    (void)st;
    ht_search_results r = {0};
    fill(&r);
    ht_buf b = {0};
    ht_json j;
    ht_json_init(&j, &b);
    ht_search_json(&j, &r);
    assert_int_equal(j.err, 0);
    assert_string_equal(
        b.p,
        "{\"query\":\"đắk lắk\",\"total\":3,\"offset\":0,\"limit\":2,\"results\":["
        "{\"type\":\"agreement\",\"id\":\"agr:1a2b\",\"title\":\"Thỏa thuận hợp tác "
        "\\\"2018–2023\\\"\",\"score\":-7.25,\"exact\":true,\"date\":\"2018-06-21\","
        "\"source\":\"news.jsonl#a1\",\"snippet\":{\"text\":\"Hội hữu nghị tỉnh Đắk Lắk ký kết "
        "với tỉnh Sê Kông.\",\"start\":0,\"end\":72,\"marks\":[{\"start\":26,\"end\":32},"
        "{\"start\":33,\"end\":38}]}},"
        "{\"type\":\"party\",\"id\":\"VN-DLK\",\"title\":\"Đắk Lắk\",\"score\":-1.5,"
        "\"exact\":false,\"date\":null,\"source\":null,\"snippet\":null}]}");
    /* someone else's parser reads it, and the marks point at the words in its text */
    json_error_t je;
    json_t *root = json_loads(b.p, 0, &je);
    if (!root)
        fail_msg("jansson: %s at %d:%d", je.text, je.line, je.column);
    json_t *sn = json_object_get(json_array_get(json_object_get(root, "results"), 0), "snippet");
    const char *text = json_string_value(json_object_get(sn, "text"));
    json_t *m = json_array_get(json_object_get(sn, "marks"), 1);
    size_t ms = (size_t)json_integer_value(json_object_get(m, "start"));
    size_t me = (size_t)json_integer_value(json_object_get(m, "end"));
    assert_int_equal(me - ms, strlen("Lắk"));
    assert_memory_equal(text + ms, "Lắk", me - ms);
    json_decref(root);
    ht_buf_free(&b);
    ht_search_results_free(&r);
}

static void test_text(void **st)
{
    (void)st;
    ht_search_results r = {0};
    fill(&r);
    ht_buf b = {0};
    assert_int_equal(ht_search_text(&r, false, &b), 0);
    assert_string_equal(b.p, "1. [agreement] Thỏa thuận hợp tác \"2018–2023\" (2018-06-21)  agr:1a2b\n"
                             "   Hội hữu nghị tỉnh Đắk Lắk ký kết với tỉnh Sê Kông.\n"
                             "   news.jsonl#a1\n"
                             "2. [party] Đắk Lắk  VN-DLK\n"
                             "1-2 of 3 results\n");
    ht_buf_reset(&b);
    assert_int_equal(ht_search_text(&r, true, &b), 0);
    assert_non_null(strstr(b.p, "tỉnh \x1b[1;31mĐắk\x1b[0m \x1b[1;31mLắk\x1b[0m ký"));
    ht_search_results_free(&r);
    /* a title with control characters does not drive the terminal */
    ht_search_results r2 = {.total = 1, .offset = 0};
    ht_search_hit *h = ht_search_add(&r2);
    h->type = "document";
    h->id = "d1";
    h->title = "a\x1b]0;x\x07z";
    ht_buf_reset(&b);
    assert_int_equal(ht_search_text(&r2, true, &b), 0);
    assert_string_equal(b.p, "1. [document] a ]0;x z  d1\n1-1 of 1 results\n");
    ht_search_results_free(&r2);
    ht_search_results r3 = {.total = 4, .offset = 10};
    ht_buf_reset(&b);
    assert_int_equal(ht_search_text(&r3, false, &b), 0);
    assert_string_equal(b.p, "no results after the first 10 (4 in all)\n");
    r3.total = 0;
    ht_buf_reset(&b);
    assert_int_equal(ht_search_text(&r3, false, &b), 0);
    assert_string_equal(b.p, "no results\n");
    ht_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_opts),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
