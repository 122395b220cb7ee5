/* Unit tests of the registry's reading and changes (store/registry.h): records found by
 * id, prefix, name and gazetteer; confirm, reject, edit, merge and delete written to
 * history; later ingests (records from SPEC 1b fixtures written for this test) that
 * neither propose again nor overwrite what a person decided, and follow merges; the
 * export and import round trip and import's errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <jansson.h>
#include <string.h>
#include <cmocka.h>

#include "base/json.h"
#include "store/registry.h"
#include "store/store.h"

static char dir[] = "/tmp/hoptac-test-registry-XXXXXX";
static int dbn;

static ht_store *open_new(void)
{
    char p[128];
    snprintf(p, sizeof p, "%s/r%d.db", dir, ++dbn);
    ht_store *st;
    ht_error e = {0};
    if (ht_store_open(p, HT_STORE_CREATE, &st, &e))
        fail_msg("open: %s", e.msg);
    return st;
}

static long long scalar(ht_store *st, const char *sql)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ht_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(ht_store_db(st)));
    long long v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    return v;
}

static void expect_text(ht_store *st, const char *sql, const char *want)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(ht_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(ht_store_db(st)));
    const char *v = sqlite3_step(s) == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
    if (!v || strcmp(v, want) != 0)
        fail_msg("%s\n  got:  %s\n  want: %s", sql, v ? v : "(null)", want);
    sqlite3_finalize(s);
}

/* ---- fixtures: articles and what extraction would report, written for this test ---- */

static const char DOC_1[] =
    "Quảng Trị và Savannakhet ký kết thỏa thuận\n"
    "Ngày 8/4/2020, Chủ tịch UBND tỉnh Quảng Trị Lê Minh Tâm và đại diện tỉnh Savannakhet ký "
    "thỏa thuận hợp tác về thương mại và giao thông.\n";

static const char DOC_2[] =
    "Savannakhet và Quảng Trị hợp tác giao thông\n"
    "Hôm 8/4/2020 ông Le Minh Tam đã ký thỏa thuận với Savannakhet, mở thêm tuyến xe khách.\n";

static const char DOC_3[] =
    "Nhắc lại các văn kiện hợp tác của Quảng Trị\n"
    "Ngày 8/4/2020 Quảng Trị ký thỏa thuận với Savannakhet; ông Lê M. Tâm chủ trì buổi lễ.\n";

static char *span(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    if (!p)
        fail_msg("fixture: '%s' not in the text", needle);
    static char buf[8][64];
    static int k;
    char *b = buf[k++ % 8];
    snprintf(b, 64, "{\"start\": %zu, \"end\": %zu}", (size_t)(p - text),
             (size_t)(p - text + strlen(needle)));
    return b;
}

/* The same facts as each document tells them: the two provinces, a person under its
 * spelling there, an agreement and a signing. */
static char *records(const char *text, const char *person, const char *evidence, double conf)
{
    static char j[4096];
    snprintf(j, sizeof j,
             "{\"parties\": ["
             "{\"id\": \"VN-QTI\", \"name\": \"Quảng Trị\", \"kind\": \"province\", \"country\": \"VN\","
             " \"parent\": \"VN\", \"aliases\": [], \"mentions\": [%s]},"
             "{\"id\": \"LA-SV\", \"name\": \"Savannakhet\", \"kind\": \"province\", \"country\": \"LA\","
             " \"parent\": \"LA\", \"aliases\": [], \"mentions\": [%s]}],"
             "\"people\": [{\"name\": \"%s\", \"aliases\": [], \"titles\": [], \"party\": \"VN-QTI\","
             " \"mentions\": [%s]}],"
             "\"agreements\": [{\"kind\": \"cooperation_agreement\", \"title\": null,"
             " \"parties\": [\"Quảng Trị\", \"Savannakhet\"], \"signed\": \"2020-04-08\","
             " \"signed_inferred\": false, \"place\": null, \"term\": null, \"fields\": [\"trade\"],"
             " \"tasks_declared\": null, \"tasks\": [], \"confidence\": %.2f, \"evidence\": %s}],"
             "\"activities\": [{\"kind\": \"signing\", \"kinds\": [\"signing\"], \"date\": \"2020-04-08\","
             " \"date_inferred\": false, \"place\": null, \"parties\": [\"Quảng Trị\", \"Savannakhet\"],"
             " \"participants\": [], \"commitments\": [], \"fields\": [\"transport\"], \"agreement\": 0,"
             " \"confidence\": %.2f, \"evidence\": %s}], \"anniversaries\": []}",
             span(text, "Quảng Trị"), span(text, "Savannakhet"), person, span(text, person), conf,
             span(text, evidence), conf, span(text, evidence));
    return j;
}

static void put(ht_store *st, const char *source, const char *text, const char *json)
{
    ht_doc d;
    ht_error e = {0};
    if (ht_page_parse(source, text, strlen(text), HT_FMT_TEXT, &d, &e))
        fail_msg("parse %s: %s", source, e.msg);
    char id[HT_ID_MAX];
    bool added;
    assert_int_equal(ht_store_begin(st, &e), 0);
    int rc = ht_store_doc_put(st, &d, id, &added, &e);
    if (!rc && added)
        rc = ht_store_put_extracted(st, id, json, strlen(json), 2, NULL, &e);
    if (rc)
        fail_msg("storing %s: %s", source, e.msg);
    assert_int_equal(ht_store_commit(st, &e), 0);
    ht_doc_free(&d);
}

static void change(ht_store *st, int rc, ht_error *e)
{
    if (rc) {
        ht_store_rollback(st);
        fail_msg("change: %s", e->msg);
    }
    assert_int_equal(ht_store_commit(st, e), 0);
}

static void begin(ht_store *st, ht_error *e) { assert_int_equal(ht_store_begin(st, e), 0); }

static void id_of(ht_store *st, const char *sql, char out[HT_ID_MAX])
{
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(ht_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    snprintf(out, HT_ID_MAX, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
}

/* ---- tests ---- */

static void test_gazetteer_parties_confirmed(void **state)
{
    (void)state;
    ht_store *st = open_new();
    put(st, "1.txt", DOC_1, records(DOC_1, "Lê Minh Tâm", "ký thỏa thuận hợp tác", 0.6));
    /* reference data, not guesses: confirmed without a person, but not reviewed */
    expect_text(st, "SELECT group_concat(status || reviewed, ',') FROM (SELECT status, reviewed"
                    " FROM parties WHERE id IN ('VN-QTI', 'LA-SV', 'VN', 'LA') ORDER BY id)",
                "confirmed0,confirmed0,confirmed0,confirmed0");
    expect_text(st, "SELECT status FROM agreements", "proposed");
    ht_store_close(st);
}

static void test_find(void **state)
{
    (void)state;
    ht_store *st = open_new();
    put(st, "1.txt", DOC_1, records(DOC_1, "Lê Minh Tâm", "ký thỏa thuận hợp tác", 0.6));
    char id[HT_ID_MAX], agr[HT_ID_MAX];
    ht_error e = {0};
    assert_int_equal(ht_store_rec_find(st, HT_REC_PARTY, "quang tri", id, &e), 0);
    assert_string_equal(id, "VN-QTI");
    assert_int_equal(ht_store_rec_find(st, HT_REC_PARTY, "vn-qti", id, &e), 0);
    assert_string_equal(id, "VN-QTI");
    /* in the gazetteer only */
    assert_int_equal(ht_store_rec_find(st, HT_REC_PARTY, "Kon Tum", id, &e), 0);
    assert_string_equal(id, "VN-KTM");
    assert_int_equal(ht_store_rec_find(st, HT_REC_PARTY, "Nowhere Land", id, &e), HT_ENOTFOUND);
    assert_int_equal(ht_store_rec_find(st, HT_REC_PERSON, "LE MINH TAM", id, &e), 0);
    assert_true(strncmp(id, "per-", 4) == 0);
    id_of(st, "SELECT id FROM agreements", agr);
    char prefix[12];
    snprintf(prefix, sizeof prefix, "%.8s", agr);
    assert_int_equal(ht_store_rec_find(st, HT_REC_AGREEMENT, prefix, id, &e), 0);
    assert_string_equal(id, agr);
    assert_int_equal(ht_store_rec_find(st, HT_REC_AGREEMENT, "agr-", id, &e), HT_ENOTFOUND);
    /* kinds from ids */
    assert_int_equal(ht_rec_kind_of("act-1"), HT_REC_ACTIVITY);
    assert_int_equal(ht_rec_kind_of("VN-DLK"), HT_REC_PARTY);
    bool codes;
    assert_int_equal(ht_store_field_type(HT_REC_AGREEMENT, "term", &codes), HT_FIELD_TERM);
    assert_int_equal(ht_store_field_type(HT_REC_ACTIVITY, "fields", &codes), HT_FIELD_LIST);
    assert_true(codes);
    assert_int_equal(ht_store_field_type(HT_REC_PERSON, "kind", &codes), HT_FIELD_NONE);
    ht_store_close(st);
}

/* A person's decisions survive every later ingest. */
static void test_reviewed_records_stay(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    ht_store *st = open_new();
    ht_error e = {0};
    put(st, "1.txt", DOC_1, records(DOC_1, "Lê Minh Tâm", "ký thỏa thuận hợp tác", 0.6));
    char agr[HT_ID_MAX], act[HT_ID_MAX], per[HT_ID_MAX];
    id_of(st, "SELECT id FROM agreements", agr);
    id_of(st, "SELECT id FROM activities", act);
    id_of(st, "SELECT id FROM people", per);

    /* the agreement edited, the signing rejected, the person deleted */
    begin(st, &e);
    static const char edit[] = "{\"title\": \"Thỏa thuận do người sửa\", \"fields\": [\"transport\", \"trade\"]}";
    change(st, ht_store_rec_edit(st, HT_REC_AGREEMENT, agr, edit, strlen(edit), "mai", &e), &e);
    begin(st, &e);
    change(st, ht_store_rec_set_status(st, HT_REC_ACTIVITY, act, "rejected", NULL, &e), &e);
    begin(st, &e);
    change(st, ht_store_rec_set_status(st, HT_REC_PERSON, per, "deleted", NULL, &e), &e);
    expect_text(st, "SELECT status || '/' || title FROM agreements", "confirmed/Thỏa thuận do người sửa");
    expect_text(st, "SELECT user || ' ' || action FROM history WHERE action = 'edit'", "mai edit");

    /* another article tells the same, with a higher confidence and other values */
    put(st, "2.txt", DOC_2, records(DOC_2, "Le Minh Tam", "đã ký thỏa thuận", 0.95));
    assert_int_equal(scalar(st, "SELECT count(*) FROM agreements"), 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM activities"), 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM people"), 1);
    expect_text(st, "SELECT status || '/' || title || '/' || fields FROM agreements",
                "confirmed/Thỏa thuận do người sửa/[\"trade\",\"transport\"]");
    expect_text(st, "SELECT status FROM activities", "rejected");
    expect_text(st, "SELECT status FROM people", "deleted");
    /* they gain the new source all the same */
    assert_int_equal(scalar(st, "SELECT count(*) FROM sources WHERE kind = 'agreement'"), 2);
    assert_int_equal(scalar(st, "SELECT count(DISTINCT document) FROM mentions WHERE kind = 'person'"), 2);
    /* a deleted record is out of the record index */
    assert_int_equal(scalar(st, "SELECT count(*) FROM record_fts WHERE kind = 'person'"), 0);
    /* confirming brings it back */
    begin(st, &e);
    change(st, ht_store_rec_set_status(st, HT_REC_PERSON, per, "confirmed", NULL, &e), &e);
    assert_int_equal(scalar(st, "SELECT count(*) FROM record_fts WHERE kind = 'person'"), 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM history WHERE record LIKE 'per-%'"), 2);
    ht_store_close(st);
}

/* Merged records stay as tombstones, and later articles go to the survivors. */
static void test_merge_tombstones(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    ht_store *st = open_new();
    ht_error e = {0};
    put(st, "1.txt", DOC_1, records(DOC_1, "Lê Minh Tâm", "ký thỏa thuận hợp tác", 0.6));
    static const char DOC_4[] = "Tin ngắn\nNgày 9/4/2020 ông Lê Văn Tâm của Quảng Trị ký thỏa thuận với Savannakhet.\n";
    char j4[4096];
    snprintf(j4, sizeof j4, "%s", records(DOC_4, "Lê Văn Tâm", "ký thỏa thuận", 0.6));
    for (char *d = strstr(j4, "2020-04-08"); d; d = strstr(d, "2020-04-08"))
        memcpy(d, "2020-04-09", 10);
    put(st, "4.txt", DOC_4, j4);
    char p1[HT_ID_MAX], p2[HT_ID_MAX], a1[HT_ID_MAX], a2[HT_ID_MAX];
    id_of(st, "SELECT id FROM people WHERE name = 'Lê Minh Tâm'", p1);
    id_of(st, "SELECT id FROM people WHERE name = 'Lê Văn Tâm'", p2);
    id_of(st, "SELECT id FROM agreements WHERE signed = '2020-04-08'", a1);
    id_of(st, "SELECT id FROM agreements WHERE signed = '2020-04-09'", a2);
    begin(st, &e);
    change(st, ht_store_rec_merge(st, HT_REC_PERSON, p1, p2, NULL, &e), &e);
    begin(st, &e);
    change(st, ht_store_rec_merge(st, HT_REC_AGREEMENT, a1, a2, NULL, &e), &e);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT status || ' ' || merged_into FROM people WHERE id = '%s'", p2);
    char want[128];
    snprintf(want, sizeof want, "deleted %s", p1);
    expect_text(st, sql, want);
    snprintf(sql, sizeof sql, "SELECT status || ' ' || reviewed FROM people WHERE id = '%s'", p1);
    expect_text(st, sql, "confirmed 1");
    /* names, sources and mentions moved to the survivor */
    snprintf(sql, sizeof sql, "SELECT count(*) FROM aliases WHERE record = '%s'", p1);
    assert_int_equal(scalar(st, sql), 2);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM mentions WHERE record IN ('%s', '%s')", p2, a2);
    assert_int_equal(scalar(st, sql), 0);

    /* a later article with the second spelling and the second date goes to the survivors */
    static const char DOC_5[] = "Bản tin\nNgày 9/4/2020, ông Lê Văn Tâm (Quảng Trị) ký thỏa thuận với Savannakhet tại Đông Hà.\n";
    char j5[4096];
    snprintf(j5, sizeof j5, "%s", records(DOC_5, "Lê Văn Tâm", "ký thỏa thuận", 0.9));
    for (char *d = strstr(j5, "2020-04-08"); d; d = strstr(d, "2020-04-08"))
        memcpy(d, "2020-04-09", 10);
    put(st, "5.txt", DOC_5, j5);
    assert_int_equal(scalar(st, "SELECT count(*) FROM people"), 2);
    assert_int_equal(scalar(st, "SELECT count(*) FROM agreements"), 2);
    snprintf(sql, sizeof sql, "SELECT count(DISTINCT document) FROM sources WHERE record = '%s'", p1);
    assert_int_equal(scalar(st, sql), 3);
    snprintf(sql, sizeof sql, "SELECT count(DISTINCT document) FROM sources WHERE record = '%s'", a1);
    assert_int_equal(scalar(st, sql), 3);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sources WHERE record IN ('%s', '%s')", p2, a2);
    assert_int_equal(scalar(st, sql), 0);
    /* find by the merged name gives the survivor */
    char id[HT_ID_MAX];
    assert_int_equal(ht_store_rec_find(st, HT_REC_PERSON, "le van tam", id, &e), 0);
    assert_string_equal(id, p1);
    /* a merged record cannot be changed any more */
    begin(st, &e);
    assert_int_equal(ht_store_rec_set_status(st, HT_REC_PERSON, p2, "confirmed", NULL, &e), HT_EINVAL);
    ht_store_rollback(st);
    assert_non_null(strstr(e.msg, "was merged into"));
    ht_store_close(st);
}

static void test_edit_checks(void **state)
{
    (void)state;
    ht_store *st = open_new();
    ht_error e = {0};
    put(st, "1.txt", DOC_1, records(DOC_1, "Lê Minh Tâm", "ký thỏa thuận hợp tác", 0.6));
    char agr[HT_ID_MAX], act[HT_ID_MAX];
    id_of(st, "SELECT id FROM agreements", agr);
    id_of(st, "SELECT id FROM activities", act);
    static const char *const bad[] = {
        "{\"kind\": \"handshake\"}", "{\"signed\": \"2020-13-01\"}", "{\"term\": {\"from\": 2025, \"to\": 2020}}",
        "{\"parties\": [\"Atlantis\"]}", "{\"tasks_declared\": -1}", "{\"colour\": \"red\"}", "[1]",
        "{\"title\": 5}", "{\"fields\": [\"cooking\"]}", "{\"signed_inferred\": \"yes\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        begin(st, &e);
        int rc = ht_store_rec_edit(st, HT_REC_AGREEMENT, agr, bad[i], strlen(bad[i]), NULL, &e);
        ht_store_rollback(st);
        if (rc != HT_EINVAL && rc != HT_ENOTFOUND)
            fail_msg("%s: got %d (%s)", bad[i], rc, e.msg);
    }
    expect_text(st, "SELECT status FROM agreements", "proposed");
    /* tasks of an activity: only those its agreement has */
    static const char tasks[] = "{\"tasks\": [\"trao đổi đoàn\", \"mở tuyến xe\"]}";
    begin(st, &e);
    change(st, ht_store_rec_edit(st, HT_REC_AGREEMENT, agr, tasks, strlen(tasks), NULL, &e), &e);
    long t[] = {2};
    begin(st, &e);
    change(st, ht_store_activity_link(st, act, agr, t, 1, NULL, &e), &e);
    expect_text(st, "SELECT tasks FROM activities", "[2]");
    long t3[] = {3};
    begin(st, &e);
    assert_int_equal(ht_store_activity_link(st, act, agr, t3, 1, NULL, &e), HT_EINVAL);
    ht_store_rollback(st);
    /* a parties edit by names and ids resolves them, and the event key follows */
    static const char parties[] = "{\"parties\": [\"vn-qti\", \"Champasak\"], \"signed\": \"2020-04-10\"}";
    begin(st, &e);
    change(st, ht_store_rec_edit(st, HT_REC_AGREEMENT, agr, parties, strlen(parties), NULL, &e), &e);
    expect_text(st, "SELECT group_concat(party, ',') FROM (SELECT party FROM agreement_parties ORDER BY party)",
                "LA-CH,VN-QTI");
    expect_text(st, "SELECT match_key FROM agreements", "cooperation_agreement|2020-04-10|LA-CH,VN-QTI");
    ht_store_close(st);
}

typedef struct {
    ht_buf b;
} sink;

static int to_buf(const char *p, size_t n, void *ud) { return ht_buf_append(&((sink *)ud)->b, p, n); }

static char *export_of(ht_store *st)
{
    sink s = {{0}};
    ht_error e = {0};
    if (ht_store_export(st, to_buf, &s, &e))
        fail_msg("export: %s", e.msg);
    return ht_buf_take(&s.b);
}

static void test_round_trip(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    ht_store *st = open_new();
    ht_error e = {0};
    put(st, "1.txt", DOC_1, records(DOC_1, "Lê Minh Tâm", "ký thỏa thuận hợp tác", 0.6));
    put(st, "2.txt", DOC_2, records(DOC_2, "Le Minh Tam", "đã ký thỏa thuận", 0.95));
    put(st, "3.txt", DOC_3, records(DOC_3, "Lê M. Tâm", "ký thỏa thuận", 0.5));
    char agr[HT_ID_MAX], id[HT_ID_MAX];
    id_of(st, "SELECT id FROM agreements", agr);
    begin(st, &e);
    change(st, ht_store_rec_set_status(st, HT_REC_AGREEMENT, agr, "confirmed", NULL, &e), &e);
    static const char org[] = "{\"name\": \"Sở Công Thương tỉnh Quảng Trị\", \"kind\": \"organisation\","
                              " \"parent\": \"VN-QTI\"}";
    begin(st, &e);
    change(st, ht_store_rec_add(st, HT_REC_PARTY, org, strlen(org), NULL, id, &e), &e);
    char *a = export_of(st);
    assert_non_null(strstr(a, "\"status\":\"confirmed\""));

    ht_store *st2 = open_new();
    begin(st2, &e);
    change(st2, ht_store_import(st2, "a.json", a, strlen(a), &e), &e);
    char *b = export_of(st2);
    if (strcmp(a, b) != 0) {
        size_t k = 0;
        while (a[k] == b[k])
            k++;
        fail_msg("round trip differs at byte %zu:\n%.200s\nvs\n%.200s", k, a + (k > 80 ? k - 80 : 0),
                 b + (k > 80 ? k - 80 : 0));
    }
    /* a second import is refused */
    begin(st2, &e);
    assert_int_equal(ht_store_import(st2, "a.json", a, strlen(a), &e), HT_ECONFLICT);
    ht_store_rollback(st2);

    /* errors: the place is named */
    ht_store *st3 = open_new();
    static const struct {
        const char *json, *want;
    } bad[] = {
        {"{\"hoptac_export\": 1,\n \"schema\": 2,\n \"parties\": [}", "x.json: line 3 column 14:"},
        {"{\"hoptac_export\": 2}", "\"hoptac_export\" must be 1"},
        {"{\"hoptac_export\": 1, \"schema\": 2, \"parties\": [], \"people\": [], \"documents\": [],"
         " \"agreements\": [], \"activities\": [{\"id\": \"act-1\", \"kind\": \"visit\", \"agreement\":"
         " \"agr-9\"}], \"mentions\": [], \"history\": []}",
         "activities[0]: agreement: no agreement 'agr-9'"},
        {"{\"hoptac_export\": 1, \"schema\": 2, \"parties\": [{\"id\": \"per-1\"}], \"people\": [],"
         " \"documents\": [], \"agreements\": [], \"activities\": [], \"mentions\": [], \"history\": []}",
         "parties[0]: \"id\" 'per-1' is not the id of a parties"},
        {"{\"hoptac_export\": 1, \"schema\": 2, \"parties\": [], \"people\": [], \"documents\": [],"
         " \"agreements\": [], \"activities\": [], \"mentions\": [], \"history\": [], \"users\": []}",
         "unknown key \"users\""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        begin(st3, &e);
        int rc = ht_store_import(st3, "x.json", bad[i].json, strlen(bad[i].json), &e);
        ht_store_rollback(st3);
        if (rc == 0 || !strstr(e.msg, bad[i].want))
            fail_msg("import %zu: got %d '%s', want '%s'", i, rc, e.msg, bad[i].want);
    }
    bool empty;
    assert_int_equal(ht_store_is_empty(st3, &empty, &e), 0);
    assert_true(empty);
    free(a);
    free(b);
    ht_store_close(st);
    ht_store_close(st2);
    ht_store_close(st3);
}

/* A page whose text is not its original normalised (as an HTML page): the text is
 * kept, read back, indexed and exported. */
static void test_page_text_kept(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    ht_store *st = open_new();
    ht_error e = {0};
    static const char html[] = "<h1>Đắk Lắk đón đoàn Sê Kông</h1><p>Hai tỉnh bàn về cà phê.</p>";
    static const char text[] = "Đắk Lắk đón đoàn Sê Kông\nHai tỉnh bàn về cà phê.";
    ht_doc d;
    memset(&d, 0, sizeof d);
    d.source = "page.html";
    d.format = HT_FMT_HTML;
    d.orig = html;
    d.orig_n = strlen(html);
    d.text = (char *)text;
    d.text_n = strlen(text);
    d.title = "Đắk Lắk đón đoàn Sê Kông";
    const char *nl = strchr(text, '\n');
    const char *p = strstr(html, "<p>");
    ht_block b[2] = {
        {HT_BLK_TITLE, 0, (size_t)(nl - text), 4, (size_t)(strstr(html, "</h1>") - html), "h1"},
        {HT_BLK_BODY, (size_t)(nl - text) + 1, strlen(text), (size_t)(p - html) + 3,
         (size_t)(strstr(html, "</p>") - html), "p"},
    };
    d.blocks = b;
    d.nblocks = 2;
    char id[HT_ID_MAX];
    bool added;
    begin(st, &e);
    change(st, ht_store_doc_put(st, &d, id, &added, &e), &e);
    expect_text(st, "SELECT text FROM documents", text);
    assert_int_equal(scalar(st, "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'body: ca phe'"), 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'p'"), 0);
    ht_store_doc sd;
    assert_int_equal(ht_store_doc_get(st, id, &sd, &e), 0);
    assert_int_equal(sd.text_n, strlen(text));
    assert_memory_equal(sd.text, text, sd.text_n);
    ht_store_doc_free(&sd);
    char *a = export_of(st);
    assert_non_null(strstr(a, "\"text\":\"Đắk Lắk đón đoàn Sê Kông\\nHai tỉnh"));
    ht_store *st2 = open_new();
    begin(st2, &e);
    change(st2, ht_store_import(st2, "a.json", a, strlen(a), &e), &e);
    char *b2 = export_of(st2);
    assert_string_equal(a, b2);
    assert_int_equal(scalar(st2, "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'ca phe'"), 1);
    /* a page that is its original normalised keeps no second copy */
    put(st2, "plain.txt", DOC_1, records(DOC_1, "Lê Minh Tâm", "ký thỏa thuận hợp tác", 0.6));
    assert_int_equal(scalar(st2, "SELECT count(*) FROM documents WHERE text IS NULL"), 1);
    free(a);
    free(b2);
    ht_store_close(st);
    ht_store_close(st2);
}

/* In batch mode (ingest) full-text rows wait in the database until flushed. */
static void test_fts_batch(void **state)
{
    (void)state;
    ht_store *st = open_new();
    ht_error e = {0};
    ht_store_fts_batch(st, true);
    put(st, "1.txt", DOC_1, records(DOC_1, "Lê Minh Tâm", "ký thỏa thuận hợp tác", 0.6));
    assert_int_equal(scalar(st, "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'savannakhet'"), 0);
    assert_int_equal(scalar(st, "SELECT count(*) FROM record_fts WHERE record_fts MATCH 'le minh tam'"), 0);
    assert_int_equal(scalar(st, "SELECT count(*) FROM fts_queue"), 1);
    bool pending;
    assert_int_equal(ht_store_fts_pending(st, &pending, &e), 0);
    assert_true(pending);
    size_t n;
    begin(st, &e);
    change(st, ht_store_fts_flush(st, &n, &e), &e);
    assert_int_equal(n, 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'savannakhet'"), 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM record_fts WHERE record_fts MATCH 'le minh tam'"), 1);
    assert_int_equal(ht_store_fts_pending(st, &pending, &e), 0);
    assert_false(pending);
    /* off again: at once */
    ht_store_fts_batch(st, false);
    put(st, "2.txt", DOC_2, records(DOC_2, "Le Minh Tam", "đã ký thỏa thuận", 0.95));
    assert_int_equal(scalar(st, "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'xe khach'"), 1);
    ht_store_close(st);
}

/* What one document tells: its records with only the agreement, or only the signing
 * (naming no agreement). */
static char *part_of(const char *text, const char *person, const char *evidence, bool agreement)
{
    json_t *j = json_loads(records(text, person, evidence, 0.6), 0, NULL);
    assert_non_null(j);
    if (agreement)
        json_object_set_new(j, "activities", json_array());
    else {
        json_object_set_new(j, "agreements", json_array());
        json_object_set_new(json_array_get(json_object_get(j, "activities"), 0), "agreement",
                            json_null());
    }
    static char out[4096];
    char *d = json_dumps(j, 0);
    snprintf(out, sizeof out, "%s", d);
    free(d);
    json_decref(j);
    return out;
}

/* A later article telling of a signing without naming the agreement points at the
 * agreement another article reported, whichever came first. */
static void test_signing_links_known_agreement(void **state)
{
    (void)state;
    for (int order = 0; order < 2; order++) {
        ht_store *st = open_new();
        char a[4096], b[4096];
        snprintf(a, sizeof a, "%s", part_of(DOC_1, "Lê Minh Tâm", "ký thỏa thuận hợp tác", true));
        snprintf(b, sizeof b, "%s", part_of(DOC_2, "Le Minh Tam", "đã ký thỏa thuận", false));
        if (order == 0) {
            put(st, "1.txt", DOC_1, a);
            put(st, "2.txt", DOC_2, b);
        } else {
            put(st, "2.txt", DOC_2, b);
            put(st, "1.txt", DOC_1, a);
        }
        assert_int_equal(scalar(st, "SELECT count(*) FROM agreements"), 1);
        assert_int_equal(scalar(st, "SELECT count(*) FROM activities"), 1);
        assert_int_equal(scalar(st, "SELECT count(*) FROM activities a JOIN agreements g ON a.agreement = g.id"), 1);
        ht_store_close(st);
    }
}

/* s with every from replaced by to, in one of four buffers used in turn. */
static char *replaced(const char *s, const char *from, const char *to)
{
    static char out[4][4096];
    static unsigned k;
    char *o = out[k++ % 4];
    size_t n = 0, fl = strlen(from), tl = strlen(to);
    for (const char *p = s; *p && n + tl + 1 < sizeof out[0];) {
        if (!strncmp(p, from, fl)) {
            memcpy(o + n, to, tl);
            n += tl;
            p += fl;
        } else
            o[n++] = *p++;
    }
    o[n] = 0;
    return o;
}

/* The records of a document with its dates replaced (an article that gave no year). */
static char *dated(const char *text, const char *person, const char *evidence, const char *date)
{
    return replaced(records(text, person, evidence, 0.6), "2020-04-08", date);
}

/* Two articles that give the same day without a year tell of one agreement and one
 * signing, each with two sources; a day without a year never meets a dated one, nor
 * another day. */
static void test_day_without_year(void **state)
{
    (void)state;
    static const struct {
        const char *d1, *d2;
        long long records;
    } cases[] = {
        {"--04-08", "--04-08", 1},
        {"--04-08", "2020-04-08", 2},
        {"--04-08", "--04-09", 2},
        {"2020-04-08", "2021-04-08", 2},
        {"--4-8", "--4-8", 2}, /* not a date: nothing to match by */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ht_store *st = open_new();
        put(st, "1.txt", DOC_1, dated(DOC_1, "Lê Minh Tâm", "ký thỏa thuận hợp tác", cases[i].d1));
        put(st, "2.txt", DOC_2, dated(DOC_2, "Le Minh Tam", "đã ký thỏa thuận", cases[i].d2));
        if (scalar(st, "SELECT count(*) FROM agreements") != cases[i].records ||
            scalar(st, "SELECT count(*) FROM activities") != cases[i].records)
            fail_msg("%s and %s: %lld agreements, %lld activities, want %lld of each", cases[i].d1,
                     cases[i].d2, scalar(st, "SELECT count(*) FROM agreements"),
                     scalar(st, "SELECT count(*) FROM activities"), cases[i].records);
        if (cases[i].records == 1)
            assert_int_equal(scalar(st, "SELECT count(*) FROM sources WHERE kind IN ('agreement', 'activity')"), 4);
        ht_store_close(st);
    }
}

/* The records of DOC_1 or DOC_2 with an activity of the given kind. */
static char *of_kind(const char *text, const char *person, const char *evidence, const char *kind)
{
    char k[128];
    snprintf(k, sizeof k, "\"kind\": \"%s\", \"kinds\": [\"%s\"]", kind, kind);
    return replaced(records(text, person, evidence, 0.9), "\"kind\": \"signing\", \"kinds\": [\"signing\"]", k);
}

/* A visit told by the guests and the same day's reception, talks or working session
 * told by the hosts are one activity, in either order; a conference of that day is
 * another. */
static void test_visit_and_reception(void **state)
{
    (void)state;
    static const struct {
        const char *k1, *k2;
        long long activities;
    } cases[] = {
        {"visit", "reception", 1}, {"reception", "visit", 1}, {"talks", "visit", 1},
        {"working_session", "reception", 1}, {"visit", "conference", 2}, {"signing", "visit", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ht_store *st = open_new();
        put(st, "1.txt", DOC_1, of_kind(DOC_1, "Lê Minh Tâm", "ký thỏa thuận hợp tác", cases[i].k1));
        put(st, "2.txt", DOC_2, of_kind(DOC_2, "Le Minh Tam", "đã ký thỏa thuận", cases[i].k2));
        if (scalar(st, "SELECT count(*) FROM activities") != cases[i].activities)
            fail_msg("%s and %s: %lld activities, want %lld", cases[i].k1, cases[i].k2,
                     scalar(st, "SELECT count(*) FROM activities"), cases[i].activities);
        if (cases[i].activities == 1)
            assert_int_equal(scalar(st, "SELECT count(*) FROM sources WHERE kind = 'activity'"), 2);
        ht_store_close(st);
    }
}

/* The records of an article where Quảng Trị, Savannakhet and a company (named as
 * company) sign an agreement on 8/4/2020. */
static char *with_company(const char *text, const char *company)
{
    static char j[4096];
    snprintf(j, sizeof j,
             "{\"parties\": ["
             "{\"id\": \"VN-QTI\", \"name\": \"Quảng Trị\", \"kind\": \"province\", \"country\": \"VN\","
             " \"parent\": \"VN\", \"aliases\": [], \"mentions\": [%s]},"
             "{\"id\": \"LA-SV\", \"name\": \"Savannakhet\", \"kind\": \"province\", \"country\": \"LA\","
             " \"parent\": \"LA\", \"aliases\": [], \"mentions\": [%s]},"
             "{\"id\": \"local:3\", \"name\": \"%s\", \"kind\": \"organisation\", \"country\": null,"
             " \"parent\": null, \"aliases\": [], \"mentions\": [%s]}], \"people\": [],"
             "\"agreements\": [{\"kind\": \"cooperation_agreement\", \"title\": null,"
             " \"parties\": [\"Quảng Trị\", \"Savannakhet\", \"%s\"], \"signed\": \"2020-04-08\","
             " \"signed_inferred\": false, \"place\": null, \"term\": null, \"fields\": [],"
             " \"tasks_declared\": null, \"tasks\": [], \"confidence\": 0.9, \"evidence\": %s}],"
             " \"activities\": [], \"anniversaries\": []}",
             span(text, "Quảng Trị"), span(text, "Savannakhet"), company, span(text, company), company,
             span(text, "ký thỏa thuận"));
    return j;
}

/* A company two reports of one agreement name in two legal forms is one of its
 * parties, listed once. */
static void test_company_named_twice(void **state)
{
    (void)state;
    static const char T1[] = "Ba bên ký kết\nNgày 8/4/2020, Quảng Trị, Savannakhet và Công ty Cổ phần Him "
                             "Lam ký thỏa thuận hợp tác.\n";
    static const char T2[] = "Ba bên hợp tác\nHôm 8/4/2020 Quảng Trị, Savannakhet và Tập đoàn Him Lam đã "
                             "ký thỏa thuận.\n";
    ht_store *st = open_new();
    put(st, "1.txt", T1, with_company(T1, "Công ty Cổ phần Him Lam"));
    put(st, "2.txt", T2, with_company(T2, "Tập đoàn Him Lam"));
    assert_int_equal(scalar(st, "SELECT count(*) FROM agreements"), 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM agreement_parties"), 4);
    char id[HT_ID_MAX];
    id_of(st, "SELECT id FROM agreements", id);
    ht_buf b = {0};
    ht_json j;
    ht_json_init(&j, &b);
    ht_error e = {0};
    assert_int_equal(ht_store_rec_json(st, HT_REC_AGREEMENT, id, 0, NULL, NULL, &j, &e), 0);
    json_t *o = json_loadb(b.p, b.n, 0, NULL);
    assert_non_null(o);
    json_t *ps = json_object_get(o, "parties");
    assert_int_equal(json_array_size(ps), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(ps, 0), "name")),
                        "Công ty Cổ phần Him Lam");
    json_decref(o);
    ht_buf_free(&b);
    ht_store_close(st);
}

/* The records of a document that gives no date at all. */
static char *undated(const char *text, const char *person, const char *evidence)
{
    return replaced(dated(text, person, evidence, "-"), "\"-\"", "null");
}

/* An article that names the agreement without its date: the one known agreement of
 * the two provinces, whichever article comes first. Articles without a date share one
 * record; one of another year stays apart. */
static void test_agreement_without_day(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    char *exports[2];
    for (int order = 0; order < 2; order++) {
        ht_store *st = open_new();
        if (order == 0) {
            put(st, "1.txt", DOC_1, records(DOC_1, "Lê Minh Tâm", "ký thỏa thuận hợp tác", 0.6));
            put(st, "2.txt", DOC_2, undated(DOC_2, "Le Minh Tam", "đã ký thỏa thuận"));
        } else {
            put(st, "2.txt", DOC_2, undated(DOC_2, "Le Minh Tam", "đã ký thỏa thuận"));
            put(st, "1.txt", DOC_1, records(DOC_1, "Lê Minh Tâm", "ký thỏa thuận hợp tác", 0.6));
        }
        assert_int_equal(scalar(st, "SELECT count(*) FROM agreements"), 1);
        assert_int_equal(scalar(st, "SELECT count(*) FROM sources WHERE kind = 'agreement'"), 2);
        assert_int_equal(scalar(st, "SELECT count(*) FROM agreements WHERE signed = '2020-04-08'"), 1);
        exports[order] = export_of(st);
        ht_store_close(st);
    }
    assert_string_equal(exports[0], exports[1]);
    free(exports[0]);
    free(exports[1]);

    ht_store *st = open_new();
    put(st, "2.txt", DOC_2, undated(DOC_2, "Le Minh Tam", "đã ký thỏa thuận"));
    put(st, "3.txt", DOC_3, undated(DOC_3, "Lê M. Tâm", "ký thỏa thuận"));
    assert_int_equal(scalar(st, "SELECT count(*) FROM agreements WHERE signed IS NULL"), 1);
    assert_int_equal(scalar(st, "SELECT count(*) FROM agreements"), 1);
    put(st, "1.txt", DOC_1, dated(DOC_1, "Lê Minh Tâm", "ký thỏa thuận hợp tác", "2019"));
    assert_int_equal(scalar(st, "SELECT count(*) FROM agreements"), 2);
    assert_int_equal(scalar(st, "SELECT count(*) FROM agreements WHERE signed = '2019'"), 1);
    ht_store_close(st);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gazetteer_parties_confirmed),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_reviewed_records_stay),
        cmocka_unit_test(test_merge_tombstones),
        cmocka_unit_test(test_edit_checks),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_page_text_kept),
        cmocka_unit_test(test_fts_batch),
        cmocka_unit_test(test_signing_links_known_agreement),
        cmocka_unit_test(test_day_without_year),
        cmocka_unit_test(test_agreement_without_day), cmocka_unit_test(test_visit_and_reception),
        cmocka_unit_test(test_company_named_twice),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
