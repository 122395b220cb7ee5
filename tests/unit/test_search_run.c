/* Unit tests of ht_search_run over a registry built from articles written for these
 * tests and their records (SPEC 1b JSON, as extraction would give them): a table of
 * queries and the documents and records they must and must not find (accents, case,
 * tone placement, đ, gazetteer and registry aliases, phrases, exact mode), the
 * ranking of accents as typed, every filter, paging and totals, snippets cut from the
 * original bytes, the JSON of SPEC 1c read back by jansson, and the error messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "search/search.h"
#include "store/store.h"
#include "text/text.h"

static char dir[] = "/tmp/hoptac-test-search-XXXXXX";
static char path[128];
static ht_store *st;

/* ---- the articles ---- */

static const char D1[] =
    "Hòa Bình và Luang Prabang ký biên bản ghi nhớ\n"
    "Ngày 12 tháng 3, lãnh đạo tỉnh Hòa Bình và tỉnh Luang Prabang (Lào) đã ký biên bản "
    "ghi nhớ hợp tác về du lịch và giáo dục giai đoạn 2019 - 2024. Hai bên thống nhất trao "
    "đổi đoàn hằng năm và mở tour du lịch chung.\n";

static const char D2[] = /* the old tone placement */
    "Hoà Bình đón đoàn doanh nghiệp Nhật Bản\n"
    "Sáng nay, lãnh đạo tỉnh Hoà Bình tiếp đoàn doanh nghiệp Nhật Bản đến tìm hiểu cơ hội "
    "đầu tư vào nông nghiệp công nghệ cao của địa phương.\n";

static const char D3[] =
    "Hóa chất trong nông nghiệp\n"
    "Cán bộ kỹ thuật hướng dẫn bà con dùng hóa chất bảo vệ thực vật đúng liều lượng để giữ "
    "an toàn cho người và vật nuôi.\n";

static const char D4[] =
    "Con đường hữu nghị nối hai tỉnh biên giới\n"
    "Tuyến đường mới nối tỉnh Kon Tum với tỉnh Sê Kông của Lào đã thông xe, rút ngắn thời "
    "gian đi lại của người dân và thương nhân hai bên. Công trình nằm trong thỏa thuận "
    "hợp tác giai đoạn 2016 - 2020 giữa hai tỉnh.\n";

static const char D5[] =
    "Thái Bình Dương vào mùa bão\n"
    "Các nhà khoa học theo dõi đại dương cho biết mùa bão năm nay trên Thái Bình Dương "
    "đến sớm hơn mọi năm.\n";

static const char D6[] =
    "Đoàn Xê Kông thăm Đắk Lắk\n"
    "Đoàn đại biểu tỉnh Xê Kông do ông Bun-mi Sỉ-pha-lan, Phó Tỉnh trưởng, dẫn đầu đã đến "
    "làm việc với tỉnh Đắk Lắk về hợp tác giáo dục. Tỉnh Đắk Lắk dành 10 suất học bổng cho "
    "sinh viên Xê Kông; ông Bun-my Si-pha-lăn cảm ơn tỉnh bạn.\n";

static const char D7[] = /* one spelling of the person only */
    "Sekong muốn mở rộng trao đổi hàng hóa\n"
    "Ông Bun-my Si-pha-lăn cho biết tỉnh Sekong mong muốn mở rộng trao đổi hàng hóa với các "
    "tỉnh Tây Nguyên của Việt Nam.\n";

static const char D8[] = /* decomposed (NFD) */
    "Ca\xcc\x80 phe\xcc\x82 \xc4\x90" "a\xcc\x86\xcc\x81k La\xcc\x86\xcc\x81k sang cha\xcc\x82u A\xcc\x82u\n"
    "Nhie\xcc\x82\xcc\x80u doanh nghie\xcc\xa3\xcc\x82p ca\xcc\x80 phe\xcc\x82 cu\xcc\x89" "a \xc4\x90" "a\xcc\x86\xcc\x81k La\xcc\x86\xcc\x81k ky\xcc\x81 ho\xcc\x9b\xcc\xa3p \xc4\x91o\xcc\x82\xcc\x80ng xua\xcc\x82\xcc\x81t kha\xcc\x82\xcc\x89u trong na\xcc\x86m nay.\n";

static const char D9[] = /* the same word with marks and without */
    "Mùa sen\n"
    "Hoa sen nở khắp các đầm ở Hòa Bình.\n";

/* {"start": a, "end": z} of the first occurrence of needle in text */
static const char *span(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    if (!p)
        fail_msg("fixture: '%s' not in the text", needle);
    static char buf[16][64];
    static int k;
    char *b = buf[k++ % 16];
    snprintf(b, 64, "{\"start\": %zu, \"end\": %zu}", (size_t)(p - text),
             (size_t)(p - text + strlen(needle)));
    return b;
}

/* A party of a 1b object; PARENT is JSON (a quoted id or null); its mention is a %s. */
#define PARTY(ID, NAME, KIND, CC, PARENT)                                                      \
    "{\"id\": \"" ID "\", \"name\": \"" NAME "\", \"kind\": \"" KIND "\", \"country\": \"" CC \
    "\", \"parent\": " PARENT ", \"aliases\": [], \"mentions\": [%s]}"

static void put(const char *source, const char *text, const char *json)
{
    ht_doc d;
    ht_error e = {0};
    if (ht_page_parse(source, text, strlen(text), HT_FMT_TEXT, &d, &e))
        fail_msg("parse %s: %s", source, e.msg);
    char id[HT_ID_MAX];
    bool added;
    assert_int_equal(ht_store_begin(st, &e), 0);
    int rc = ht_store_doc_put(st, &d, id, &added, &e);
    if (!rc && json)
        rc = ht_store_put_extracted(st, id, json, strlen(json), 0.8, NULL, &e);
    if (rc)
        fail_msg("storing %s: %s", source, e.msg);
    assert_int_equal(ht_store_commit(st, &e), 0);
    ht_doc_free(&d);
}

static int setup(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1); /* 2023-11-14 */
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/r.db", dir);
    ht_error e = {0};
    if (ht_store_open(path, HT_STORE_CREATE, &st, &e))
        return -1;
    static char j[4][4096];
    snprintf(j[0], sizeof j[0],
             "{\"parties\": [" PARTY("VN-HBH", "Hòa Bình", "province", "VN", "\"VN\"") ","
             PARTY("LA-LP", "Luông Pha-bang", "province", "LA", "\"LA\"") "],"
             "\"people\": [], \"agreements\": [{\"kind\": \"mou\", \"title\": null,"
             " \"parties\": [\"Hòa Bình\", \"Luông Pha-bang\"], \"signed\": \"2019-03-12\","
             " \"signed_inferred\": true, \"place\": null, \"term\": {\"from\": 2019, \"to\": 2024},"
             " \"fields\": [\"tourism\", \"education\"], \"tasks_declared\": null,"
             " \"tasks\": [\"trao đổi đoàn hằng năm\", \"mở tour du lịch chung\"],"
             " \"confidence\": 0.9, \"evidence\": %s}], \"activities\": []}",
             span(D1, "Hòa Bình"), span(D1, "Luang Prabang"), span(D1, "đã ký biên bản"));
    snprintf(j[1], sizeof j[1],
             "{\"parties\": [" PARTY("VN-HBH", "Hòa Bình", "province", "VN", "\"VN\"") ","
             PARTY("JP", "Nhật Bản", "country", "JP", "null") "],"
             "\"people\": [], \"agreements\": [], \"activities\": [{\"kind\": \"reception\","
             " \"kinds\": [\"reception\"], \"date\": \"2023-05-10\", \"date_inferred\": false,"
             " \"place\": null, \"parties\": [\"Hòa Bình\", \"Nhật Bản\"], \"participants\": [],"
             " \"commitments\": [], \"fields\": [\"investment\", \"agriculture\"],"
             " \"agreement\": null, \"confidence\": 0.6, \"evidence\": %s}]}",
             span(D2, "Hoà Bình"), span(D2, "Nhật Bản"), span(D2, "tiếp đoàn doanh nghiệp"));
    snprintf(j[2], sizeof j[2],
             "{\"parties\": [" PARTY("VN-KTM", "Kon Tum", "province", "VN", "\"VN\"") ","
             PARTY("LA-XE", "Sê Kông", "province", "LA", "\"LA\"") "],"
             "\"people\": [], \"agreements\": [{\"kind\": \"cooperation_agreement\", \"title\": null,"
             " \"parties\": [\"Kon Tum\", \"Sê Kông\"], \"signed\": null, \"signed_inferred\": false,"
             " \"place\": null, \"term\": {\"from\": 2016, \"to\": 2020}, \"fields\": [\"transport\"],"
             " \"tasks_declared\": null, \"tasks\": [], \"confidence\": 0.7, \"evidence\": %s}],"
             " \"activities\": []}",
             span(D4, "Kon Tum"), span(D4, "Sê Kông"), span(D4, "thỏa thuận hợp tác giai đoạn"));
    snprintf(j[3], sizeof j[3],
             "{\"parties\": [" PARTY("LA-XE", "Sê Kông", "province", "LA", "\"LA\"") ","
             PARTY("VN-DLK", "Đắk Lắk", "province", "VN", "\"VN\"") "],"
             "\"people\": [{\"name\": \"Bun-mi Sỉ-pha-lan\", \"aliases\": [\"Bun-my Si-pha-lăn\"],"
             " \"titles\": [\"Phó Tỉnh trưởng\"], \"party\": \"LA-XE\", \"mentions\": [%s, %s]}],"
             "\"agreements\": [], \"activities\": [{\"kind\": \"working_session\","
             " \"kinds\": [\"working_session\", \"scholarship\"], \"date\": \"2022-11-03\","
             " \"date_inferred\": true, \"place\": null, \"parties\": [\"Sê Kông\", \"Đắk Lắk\"],"
             " \"participants\": [{\"name\": \"Bun-mi Sỉ-pha-lan\", \"role\": \"Phó Tỉnh trưởng\"}],"
             " \"commitments\": [\"10 suất học bổng\"], \"fields\": [\"education\"],"
             " \"agreement\": null, \"confidence\": 0.85, \"evidence\": %s}]}",
             span(D6, "Xê Kông"), span(D6, "Đắk Lắk"), span(D6, "Bun-mi Sỉ-pha-lan"),
             span(D6, "Bun-my Si-pha-lăn"), span(D6, "dành 10 suất học bổng"));
    put("d1.txt", D1, j[0]);
    put("d2.txt", D2, j[1]);
    put("d3.txt", D3, NULL);
    put("d4.txt", D4, j[2]);
    put("d5.txt", D5, NULL);
    put("d6.txt", D6, j[3]);
    put("d7.txt", D7, NULL);
    put("d8.txt", D8, NULL);
    put("d9.txt", D9, NULL);
    /* the full-text index is written in batches, as ingest does */
    if (ht_store_begin(st, &e) || ht_store_fts_flush(st, NULL, &e) || ht_store_commit(st, &e))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ht_store_close(st);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- helpers ---- */

static void search(const ht_search_opts *o, ht_search_results *r)
{
    ht_error e = {0};
    if (ht_search_run(ht_store_db(st), o, r, &e))
        fail_msg("%s: %s", o->query, e.msg);
}

/* The results as "type:name ..." where name is the source of a document and the id of
 * a record. */
static void names(const ht_search_results *r, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = 0;
    for (size_t i = 0; i < r->n; i++)
        k += (size_t)snprintf(out + k, cap - k, "%s%s:%s", i ? " " : "", r->v[i].type,
                              !strcmp(r->v[i].type, "document") ? r->v[i].source : r->v[i].id);
}

static bool has_word(const char *list, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = list; (p = strstr(p, w)); p++)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
            return true;
    return false;
}

/* ---- tests ---- */

/* must: every listed result is found; must_not: none of them is. */
static void test_table(void **state)
{
    (void)state;
    static const char *const people_kind[] = {"person"};
    static const struct {
        const char *q;
        bool exact;
        const char *must, *must_not;
    } cases[] = {
        {"dak lak", false, "document:d6.txt document:d8.txt", "document:d4.txt"},
        {"DAK LAK", false, "document:d6.txt document:d8.txt", NULL},
        {"đắk lắk", false, "document:d6.txt document:d8.txt party:VN-DLK", NULL},
        {"daklak", false, "document:d6.txt document:d8.txt", NULL}, /* the gazetteer's alias */
        {"hoa binh", false, "document:d1.txt document:d2.txt party:VN-HBH",
         "document:d3.txt document:d5.txt"},
        {"Hòa Bình", false, "document:d1.txt document:d2.txt", "document:d5.txt"},
        {"sekong", false, "document:d4.txt document:d6.txt document:d7.txt party:LA-XE",
         "document:d1.txt"},
        {"xe kong", false, "document:d4.txt document:d6.txt document:d7.txt party:LA-XE", NULL},
        {"Sê-Kông", false, "document:d4.txt document:d6.txt document:d7.txt", NULL},
        {"luang prabang", false, "document:d1.txt party:LA-LP", "document:d4.txt"},
        /* a person's spellings find each other: d7 has the other one only */
        {"Bun-mi Sỉ-pha-lan", false, "document:d6.txt document:d7.txt", NULL},
        {"bun my si pha lan", false, "document:d6.txt document:d7.txt", NULL},
        {"\"bản ghi nhớ\"", false, "document:d1.txt", "document:d2.txt document:d3.txt"},
        {"\"ban ghi nho\"", false, "document:d1.txt", NULL},
        {"Hòa", true, "document:d1.txt document:d2.txt", "document:d3.txt document:d7.txt"},
        {"Hoà", true, "document:d1.txt document:d2.txt", "document:d3.txt"},
        {"Hóa", true, "document:d3.txt document:d7.txt", "document:d1.txt document:d2.txt"},
        {"hoa", false, "document:d1.txt document:d2.txt document:d3.txt document:d7.txt", NULL},
        /* in exact mode a word without marks is that word without marks */
        {"hoa", true, "document:d9.txt", "document:d1.txt document:d2.txt document:d3.txt"},
        {"Hoa sen", true, "document:d9.txt", NULL},
        {"\"hoa sen\"", true, "document:d9.txt", NULL},
        {"sekong", true, "document:d7.txt", "document:d4.txt document:d6.txt"},
        {"Hòa -hoa", true, "document:d1.txt document:d2.txt", "document:d9.txt"},
        {"Hòa -Hóa", true, "document:d1.txt document:d2.txt document:d9.txt", NULL},
        {"hoa -Hòa", true, "", "document:d9.txt"},
        {"ho*", true, "document:d9.txt", "document:d1.txt document:d2.txt document:d3.txt"},
        {"hoa OR Hóa", true, "document:d3.txt document:d9.txt", "document:d1.txt"},
        {"hợp tác -giáo", false, "document:d4.txt", "document:d1.txt document:d6.txt"},
        {"nông* OR \"hàng hóa\"", false, "document:d2.txt document:d3.txt document:d7.txt",
         "document:d1.txt"},
        {"hoc bong", false, "document:d6.txt activity", NULL},
        {"cà phê", false, "document:d8.txt", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ht_search_opts o = {.query = cases[i].q, .exact = cases[i].exact, .limit = 100};
        ht_search_results r;
        search(&o, &r);
        char got[2048];
        names(&r, got, sizeof got);
        char want[512];
        snprintf(want, sizeof want, "%s", cases[i].must);
        for (char *save = NULL, *w = strtok_r(want, " ", &save); w; w = strtok_r(NULL, " ", &save))
            if (!has_word(got, w) && !(strchr(w, ':') == NULL && strstr(got, w)))
                fail_msg("%s%s: %s not found in [%s]", cases[i].exact ? "--exact " : "",
                         cases[i].q, w, got);
        if (cases[i].must_not) {
            snprintf(want, sizeof want, "%s", cases[i].must_not);
            for (char *save = NULL, *w = strtok_r(want, " ", &save); w;
                 w = strtok_r(NULL, " ", &save))
                if (has_word(got, w))
                    fail_msg("%s%s: %s found in [%s]", cases[i].exact ? "--exact " : "",
                             cases[i].q, w, got);
        }
        assert_int_equal(r.total, (long)r.n);
        ht_search_results_free(&r);
    }
    /* the person record under either spelling */
    static const char *const spellings[] = {"Bun-my Si-pha-lăn", "bun mi si pha lan", "bun-mi"};
    for (size_t i = 0; i < 3; i++) {
        ht_search_opts o = {.query = spellings[i], .kinds = people_kind, .nkinds = 1};
        ht_search_results r;
        search(&o, &r);
        assert_int_equal(r.n, 1);
        assert_string_equal(r.v[0].type, "person");
        assert_string_equal(r.v[0].title, "Bun-mi Sỉ-pha-lan");
        ht_search_results_free(&r);
    }
}

/* What matches the accents as typed ranks first, and says so. */
static void test_accents_first(void **state)
{
    (void)state;
    static const struct {
        const char *q, *first, *later;
    } cases[] = {
        {"đường", "d4.txt", "d5.txt"},
        {"dương", "d5.txt", "d4.txt"},
        {"Hóa", "d3.txt", "d1.txt"},
        {"hòa", "d1.txt", "d3.txt"},
        {"hoà", "d2.txt", "d3.txt"},
    };
    static const char *const docs[] = {"document"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ht_search_opts o = {.query = cases[i].q, .kinds = docs, .nkinds = 1};
        ht_search_results r;
        search(&o, &r);
        long first = -1, later = -1;
        for (size_t k = 0; k < r.n; k++) {
            if (!strcmp(r.v[k].source, cases[i].first) && first < 0)
                first = (long)k;
            if (!strcmp(r.v[k].source, cases[i].later) && later < 0)
                later = (long)k;
        }
        if (first < 0 || later < 0 || first > later || !r.v[first].exact || r.v[later].exact)
            fail_msg("%s: %s at %ld, %s at %ld", cases[i].q, cases[i].first, first,
                     cases[i].later, later);
        ht_search_results_free(&r);
    }
    /* without accents, nothing is "exact" and the score alone orders */
    ht_search_opts o = {.query = "duong"};
    ht_search_results r;
    search(&o, &r);
    assert_true(r.n >= 2);
    for (size_t k = 0; k < r.n; k++) {
        assert_false(r.v[k].exact);
        assert_true(k == 0 || r.v[k - 1].score >= r.v[k].score);
    }
    ht_search_results_free(&r);
}

static void filtered(ht_search_opts o, const char *want)
{
    ht_search_results r;
    o.limit = 100;
    search(&o, &r);
    char got[2048];
    names(&r, got, sizeof got);
    /* sorted for the comparison: the order is the ranking's business */
    char *v[64];
    size_t n = 0;
    for (char *save = NULL, *w = strtok_r(got, " ", &save); w && n < 64; w = strtok_r(NULL, " ", &save))
        v[n++] = w;
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && strcmp(v[k - 1], v[k]) > 0; k--) {
            char *t = v[k];
            v[k] = v[k - 1];
            v[k - 1] = t;
        }
    char sorted[2048] = "";
    for (size_t i = 0, k = 0; i < n; i++)
        k += (size_t)snprintf(sorted + k, sizeof sorted - k, "%s%s", i ? " " : "", v[i]);
    /* records are named by kind only: their ids are hashes */
    char shown[2048] = "";
    for (size_t i = 0, k = 0; i < n; i++) {
        const char *s = v[i];
        bool rec = strncmp(s, "document:", 9) && strncmp(s, "party:", 6);
        k += (size_t)snprintf(shown + k, sizeof shown - k, "%s%.*s", i ? " " : "",
                              rec ? (int)(strchr(s, ':') - s) : (int)strlen(s), s);
    }
    if (strcmp(shown, want))
        fail_msg("%s (kind %s party %s country %s field %s from %s to %s status %s review %s):"
                 "\n  got  %s\n  want %s",
                 o.query, o.nkinds ? o.kinds[0] : "-", o.party ? o.party : "-",
                 o.country ? o.country : "-", o.field ? o.field : "-", o.from ? o.from : "-",
                 o.to ? o.to : "-", o.status ? o.status : "-", o.review ? o.review : "-", shown,
                 want);
    assert_int_equal(r.total, (long)r.n);
    ht_search_results_free(&r);
}

static void test_filters(void **state)
{
    (void)state;
    static const char *const docs[] = {"document"}, *const agr[] = {"agreement"},
                             *const act[] = {"activity"}, *const parties[] = {"party"},
                             *const two[] = {"party", "agreement"};
    /* the example: Lao partners, 2018 to 2023 */
    filtered((ht_search_opts){.query = "hop tac", .country = "LA", .from = "2018", .to = "2023"},
             "document:d1.txt document:d6.txt");
    filtered((ht_search_opts){.query = "hop tac", .country = "la"},
             "document:d1.txt document:d4.txt document:d6.txt");
    filtered((ht_search_opts){.query = "hoa binh OR kon tum", .country = "LA", .from = "2018",
                              .to = "2023", .kinds = agr, .nkinds = 1},
             "agreement agreement");
    filtered((ht_search_opts){.query = "hoa binh OR kon tum", .country = "LA", .from = "2021",
                              .to = "2023", .kinds = agr, .nkinds = 1},
             "agreement");
    filtered((ht_search_opts){.query = "hop tac", .country = "JP"}, "");
    filtered((ht_search_opts){.query = "hop tac", .from = "2016", .to = "2017", .kinds = agr,
                              .nkinds = 1},
             "");
    /* kinds */
    filtered((ht_search_opts){.query = "sekong", .kinds = parties, .nkinds = 1}, "party:LA-XE");
    filtered((ht_search_opts){.query = "tỉnh", .kinds = two, .nkinds = 2, .country = "LA"},
             "");
    filtered((ht_search_opts){.query = "luang prabang", .kinds = agr, .nkinds = 1}, "agreement");
    /* party: by id, by name, by an alias of the gazetteer; documents mentioning it */
    filtered((ht_search_opts){.query = "tỉnh", .party = "VN-DLK", .kinds = docs, .nkinds = 1},
             "document:d6.txt");
    filtered((ht_search_opts){.query = "tỉnh", .party = "vn-dlk", .kinds = docs, .nkinds = 1},
             "document:d6.txt");
    filtered((ht_search_opts){.query = "tỉnh", .party = "Đắk Lắk", .kinds = docs, .nkinds = 1},
             "document:d6.txt");
    filtered((ht_search_opts){.query = "tỉnh", .party = "Darlac", .kinds = docs, .nkinds = 1},
             "document:d6.txt");
    filtered((ht_search_opts){.query = "sekong OR hoa OR bun", .party = "Sekong"},
             "activity agreement document:d4.txt document:d6.txt party:LA-XE person");
    /* a country's parties are under it */
    filtered((ht_search_opts){.query = "tỉnh", .party = "LA", .kinds = docs, .nkinds = 1},
             "document:d1.txt document:d4.txt document:d6.txt");
    /* a query that every record and most documents match */
    static const char all[] = "tỉnh OR hoa binh OR sekong OR kon tum OR dak lak OR luang prabang"
                              " OR nhat ban OR bun";
    /* field */
    filtered((ht_search_opts){.query = all, .field = "education"},
             "activity agreement document:d1.txt document:d6.txt");
    filtered((ht_search_opts){.query = all, .field = "agriculture", .kinds = act, .nkinds = 1},
             "activity");
    /* dates: documents by their records' dates when unpublished, agreements by signing
     * date or term */
    filtered((ht_search_opts){.query = all, .from = "2022-11", .to = "2022-11-03"},
             "activity agreement document:d6.txt");
    filtered((ht_search_opts){.query = all, .from = "2023-05-11"}, "agreement");
    filtered((ht_search_opts){.query = all, .from = "2023-05"},
             "activity agreement document:d2.txt");
    filtered((ht_search_opts){.query = all, .to = "2017", .kinds = agr, .nkinds = 1},
             "agreement");
    /* status, as the dates tell it on 2023-11-14 */
    filtered((ht_search_opts){.query = all, .status = "in_force"}, "agreement");
    filtered((ht_search_opts){.query = "hoa binh", .status = "in_force"}, "agreement");
    filtered((ht_search_opts){.query = "kon tum", .status = "expired"}, "agreement");
    filtered((ht_search_opts){.query = "kon tum", .status = "in_force"}, "");
    filtered((ht_search_opts){.query = all, .status = "renewed"}, "");
    /* review: confidence 0.8 and above was confirmed; the gazetteer's places are */
    filtered((ht_search_opts){.query = all, .review = "confirmed", .kinds = two, .nkinds = 2},
             "agreement party:JP party:LA-LP party:LA-XE party:VN-DLK party:VN-HBH party:VN-KTM");
    filtered((ht_search_opts){.query = all, .review = "proposed", .kinds = act, .nkinds = 1},
             "activity");
    filtered((ht_search_opts){.query = all, .review = "rejected"}, "");
    /* a rejected record leaves the default search */
    sqlite3_exec(ht_store_db(st), "UPDATE parties SET status = 'rejected' WHERE id = 'LA-LP'",
                 NULL, NULL, NULL);
    filtered((ht_search_opts){.query = "luang prabang", .kinds = parties, .nkinds = 1}, "");
    filtered((ht_search_opts){.query = "luang prabang", .kinds = parties, .nkinds = 1,
                              .review = "rejected"},
             "party:LA-LP");
    sqlite3_exec(ht_store_db(st), "UPDATE parties SET status = 'confirmed' WHERE id = 'LA-LP'",
                 NULL, NULL, NULL);
}

static void test_paging(void **state)
{
    (void)state;
    static const char q[] = "tỉnh OR hoa OR sekong";
    ht_search_opts o = {.query = q, .limit = 100};
    ht_search_results all;
    search(&o, &all);
    assert_true(all.n >= 10);
    assert_int_equal(all.total, (long)all.n);
    for (long off = 0; off < (long)all.n + 2; off += 3) {
        ht_search_opts p = {.query = q, .limit = 3, .offset = off};
        ht_search_results r;
        search(&p, &r);
        assert_int_equal(r.total, all.total);
        assert_int_equal(r.offset, off);
        assert_int_equal(r.limit, 3);
        size_t want = off >= (long)all.n ? 0 : all.n - (size_t)off < 3 ? all.n - (size_t)off : 3;
        assert_int_equal(r.n, want);
        for (size_t k = 0; k < r.n; k++) {
            assert_string_equal(r.v[k].id, all.v[(size_t)off + k].id);
            assert_true(r.v[k].score == all.v[(size_t)off + k].score);
        }
        ht_search_results_free(&r);
    }
    ht_search_results_free(&all);
    /* the default limit */
    ht_search_opts d = {.query = "tỉnh"};
    search(&d, &all);
    assert_int_equal(all.limit, HT_SEARCH_LIMIT);
    ht_search_results_free(&all);
}

/* A session gives what single searches give, whatever the order of its searches. */
static void test_session(void **state)
{
    (void)state;
    static const char *const docs[] = {"document"};
    ht_search_opts cases[] = {
        {.query = "hoa binh", .limit = 50},
        {.query = "đường", .kinds = docs, .nkinds = 1},
        {.query = "tỉnh", .country = "LA", .from = "2019"},
        {.query = "sekong", .party = "LA-XE", .no_snippets = true},
        {.query = "Hòa", .exact = true, .limit = 2, .offset = 1},
    };
    size_t n = sizeof cases / sizeof cases[0];
    ht_search_session *s;
    ht_error e = {0};
    assert_int_equal(ht_search_session_open(ht_store_db(st), &s, &e), 0);
    for (int round = 0; round < 3; round++)
        for (size_t i = 0; i < n; i++) {
            const ht_search_opts *o = &cases[round == 1 ? n - 1 - i : i];
            ht_search_results a, b;
            search(o, &a);
            if (ht_search_session_run(s, o, &b, &e))
                fail_msg("%s: %s", o->query, e.msg);
            assert_int_equal(a.total, b.total);
            assert_int_equal(a.n, b.n);
            for (size_t k = 0; k < a.n; k++) {
                assert_string_equal(a.v[k].id, b.v[k].id);
                assert_true(a.v[k].score == b.v[k].score);
                assert_int_equal(a.v[k].snippet.n, b.v[k].snippet.n);
            }
            ht_search_results_free(&a);
            ht_search_results_free(&b);
        }
    /* more kinds of statements than the session keeps at once */
    static const char *const kinds[][1] = {{"document"}, {"agreement"}, {"activity"},
                                           {"party"}, {"person"}};
    for (int f = 0; f < 8; f++)
        for (size_t k = 0; k <= 5; k++) {
            ht_search_opts o = {.query = "tỉnh OR hoa binh OR sekong OR kon tum OR bun",
                                .kinds = k < 5 ? kinds[k] : NULL, .nkinds = k < 5,
                                .country = f & 1 ? "LA" : NULL, .field = f & 2 ? "education" : NULL,
                                .from = f & 4 ? "2019" : NULL, .review = f == 7 ? "confirmed" : NULL};
            ht_search_results a, b;
            search(&o, &a);
            if (ht_search_session_run(s, &o, &b, &e))
                fail_msg("%s: %s", o.query, e.msg);
            assert_int_equal(a.total, b.total);
            assert_int_equal(a.n, b.n);
            for (size_t i = 0; i < a.n; i++)
                assert_string_equal(a.v[i].id, b.v[i].id);
            ht_search_results_free(&a);
            ht_search_results_free(&b);
        }
    /* an error leaves the session usable */
    ht_search_opts bad = {.query = "\"open"};
    ht_search_results r;
    assert_int_equal(ht_search_session_run(s, &bad, &r, &e), HT_EFORMAT);
    assert_int_equal(ht_search_session_run(s, &cases[0], &r, &e), 0);
    assert_true(r.n > 0);
    ht_search_results_free(&r);
    ht_search_session_close(s);
}

/* Two threads over halves of the documents (the bound lowered so that this small
 * registry splits) find the same results in the same order with the same scores and
 * totals as one thread, for every kind of statement: ranked, boosted, counted, filtered,
 * paged. */
static void test_split(void **state)
{
    (void)state;
    static const char *const docs[] = {"document"};
    ht_search_opts cases[] = {
        {.query = "hoa binh", .limit = 50},
        {.query = "đường", .kinds = docs, .nkinds = 1},
        {.query = "đường", .kinds = docs, .nkinds = 1, .limit = 1},
        {.query = "tỉnh", .country = "LA", .from = "2019"},
        {.query = "sekong", .party = "LA-XE", .no_snippets = true},
        {.query = "Hòa", .exact = true, .limit = 2, .offset = 1},
        {.query = "tỉnh OR hoa binh OR sekong OR kon tum OR bun", .limit = 3, .offset = 2},
        {.query = "tỉnh OR hoa binh OR sekong OR kon tum OR bun", .limit = 100},
    };
    ht_search_session *one, *two;
    ht_error e = {0};
    assert_int_equal(ht_search_session_open(ht_store_db(st), &one, &e), 0);
    assert_int_equal(ht_search_session_open(ht_store_db(st), &two, &e), 0);
    ht_search_session_split(one, -1);
    ht_search_session_split(two, 1);
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            const ht_search_opts *o = &cases[i];
            ht_search_results a, b;
            if (ht_search_session_run(one, o, &a, &e) || ht_search_session_run(two, o, &b, &e))
                fail_msg("%s: %s", o->query, e.msg);
            assert_true(a.total > 0);
            assert_int_equal(a.total, b.total);
            assert_int_equal(a.n, b.n);
            for (size_t k = 0; k < a.n; k++) {
                assert_string_equal(a.v[k].id, b.v[k].id);
                assert_true(a.v[k].score == b.v[k].score);
                assert_int_equal(a.v[k].exact, b.v[k].exact);
            }
            ht_search_results_free(&a);
            ht_search_results_free(&b);
        }
    assert_int_equal(ht_search_session_threads(one), 1);
    assert_int_equal(ht_search_session_threads(two), 2);
    ht_search_session_close(one);
    ht_search_session_close(two);
}

/* Snippets: bytes of the original text (NFD stays NFD), marks on the matches. */
static void test_snippets(void **state)
{
    (void)state;
    static const struct {
        const char *q, *doc;
        const char *text;
        bool exact;
    } cases[] = {
        {"dak lak", "d8.txt", D8, false},
        {"đắk lắk", "d6.txt", D6, false},
        {"sekong", "d6.txt", D6, false},
        {"hợp tác", "d4.txt", D4, false},
        {"Hòa", "d2.txt", D2, true},
    };
    static const char *const docs[] = {"document"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ht_search_opts o = {.query = cases[i].q, .kinds = docs, .nkinds = 1,
                            .exact = cases[i].exact, .limit = 50};
        ht_search_results r;
        search(&o, &r);
        const ht_search_hit *h = NULL;
        for (size_t k = 0; k < r.n && !h; k++)
            if (!strcmp(r.v[k].source, cases[i].doc))
                h = &r.v[k];
        if (!h)
            fail_msg("%s: %s not found", cases[i].q, cases[i].doc);
        const ht_snippet *sn = &h->snippet;
        assert_non_null(sn->text);
        assert_true(sn->nmarks > 0);
        assert_true(sn->start < sn->end && sn->end <= strlen(cases[i].text));
        /* every mark is a match, and its bytes are in the original at the snippet */
        for (size_t m = 0; m < sn->nmarks; m++) {
            const char *mt = sn->text + sn->marks[m].start;
            size_t mn = sn->marks[m].end - sn->marks[m].start;
            assert_non_null(memmem(cases[i].text + sn->start, sn->end - sn->start, mt, mn));
            ht_buf f = {0};
            ht_text_fold(mt, mn, &f);
            bool ok = strstr(f.p, "dak") || strstr(f.p, "lak") || strstr(f.p, "kong") ||
                      strstr(f.p, "hop") || strstr(f.p, "tac") || strstr(f.p, "hoa");
            if (!ok)
                fail_msg("%s: mark '%.*s' is not a match", cases[i].q, (int)mn, mt);
            ht_buf_free(&f);
        }
        ht_search_results_free(&r);
    }
    /* a record's snippet is its evidence, from its document */
    static const char *const act[] = {"activity"};
    ht_search_opts o = {.query = "hoc bong", .kinds = act, .nkinds = 1};
    ht_search_results r;
    search(&o, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.v[0].source, "d6.txt");
    assert_string_equal(r.v[0].date, "2022-11-03");
    assert_non_null(strstr(r.v[0].title, "working_session"));
    const ht_snippet *sn = &r.v[0].snippet;
    assert_non_null(sn->text);
    assert_non_null(strstr(sn->text, "học bổng"));
    assert_true(sn->nmarks >= 1);
    assert_non_null(memmem(D6 + sn->start, sn->end - sn->start, "học bổng", strlen("học bổng")));
    ht_search_results_free(&r);
    /* without snippets */
    ht_search_opts q = {.query = "sekong", .no_snippets = true};
    search(&q, &r);
    assert_true(r.n > 0);
    for (size_t k = 0; k < r.n; k++)
        assert_null(r.v[k].snippet.text);
    ht_search_results_free(&r);
}

/* SPEC 1c's JSON, read back. */
static void test_json(void **state)
{
    (void)state;
    ht_search_opts o = {.query = "sekong", .limit = 3};
    ht_search_results r;
    search(&o, &r);
    ht_buf b = {0};
    ht_json j;
    ht_json_init(&j, &b);
    ht_search_json(&j, &r);
    json_error_t je;
    json_t *v = json_loads(b.p, 0, &je);
    if (!v)
        fail_msg("%s: %s", b.p, je.text);
    assert_string_equal(json_string_value(json_object_get(v, "query")), "sekong");
    assert_int_equal(json_integer_value(json_object_get(v, "total")), r.total);
    assert_int_equal(json_integer_value(json_object_get(v, "limit")), 3);
    assert_int_equal(json_integer_value(json_object_get(v, "offset")), 0);
    json_t *res = json_object_get(v, "results");
    assert_int_equal(json_array_size(res), 3);
    static const char *const keys[] = {"type", "id", "title", "score", "exact", "date",
                                       "source", "snippet"};
    for (size_t i = 0; i < 3; i++) {
        json_t *h = json_array_get(res, i);
        assert_int_equal(json_object_size(h), 8);
        for (size_t k = 0; k < 8; k++)
            assert_non_null(json_object_get(h, keys[k]));
        json_t *sn = json_object_get(h, "snippet");
        if (json_is_null(sn))
            continue;
        const char *text = json_string_value(json_object_get(sn, "text"));
        json_t *marks = json_object_get(sn, "marks");
        for (size_t m = 0; m < json_array_size(marks); m++) {
            json_int_t a = json_integer_value(json_object_get(json_array_get(marks, m), "start"));
            json_int_t z = json_integer_value(json_object_get(json_array_get(marks, m), "end"));
            assert_true(0 <= a && a < z && (size_t)z <= strlen(text));
        }
    }
    json_decref(v);
    ht_buf_free(&b);
    ht_search_results_free(&r);
}

static void test_errors(void **state)
{
    (void)state;
    static const struct {
        ht_search_opts o;
        int code;
        const char *msg;
    } cases[] = {
        {{.query = "\"dak lak"}, HT_EFORMAT, "unclosed quote at column 1"},
        {{.query = "dak OR"}, HT_EFORMAT, "OR at column 5 needs a term after it"},
        {{.query = "NOT dak"}, HT_EFORMAT, "nothing to search for"},
        {{.query = "  "}, HT_EFORMAT, "empty query"},
        {{.query = "dak", .party = "Atlantis"}, HT_ENOTFOUND, "--party: no party 'Atlantis'"},
        {{.query = "dak", .country = "Laos"}, HT_EINVAL, "--country"},
        {{.query = "dak", .from = "2018-13"}, HT_EINVAL, "--from"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ht_search_results r;
        ht_error e = {0};
        int rc = ht_search_run(ht_store_db(st), &cases[i].o, &r, &e);
        if (rc != cases[i].code || !strstr(e.msg, cases[i].msg))
            fail_msg("%s: %d \"%s\", want %d \"%s\"", cases[i].o.query, rc, e.msg, cases[i].code,
                     cases[i].msg);
        assert_int_equal(r.n, 0);
        assert_null(strstr(e.msg, "fts5"));
        assert_null(strstr(e.msg, "SQL"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),   cmocka_unit_test(test_accents_first),
        cmocka_unit_test(test_filters), cmocka_unit_test(test_paging),
        cmocka_unit_test(test_session),
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_snippets), cmocka_unit_test(test_json),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
