/* Invariants of the compiled gazetteer (data/gazetteer.tsv): unique ids, links that
 * resolve, the kind vocabulary, the 2025 reform of Vietnamese provinces (63 units until
 * 30 June 2025, 34 from 1 July) and their succession, complete Lao and Cambodian
 * provinces, and look-ups by folded name as the matcher does them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/data.h"
#include "text/text.h"

extern const ht_data_table ht_data_gazetteer;
extern const ht_data_table ht_data_countries_cameo;

static const ht_data_table *G = &ht_data_gazetteer;
static int c_id, c_kind, c_country, c_parent, c_vi, c_en, c_valid_from, c_valid_to, c_succ;

static const char *cell(size_t row, int col)
{
    return ht_data_cell(G, row, (size_t)col);
}

static long find_id(const char *id)
{
    for (size_t r = 0; r < G->nrows; r++)
        if (strcmp(cell(r, c_id), id) == 0)
            return (long)r;
    return -1;
}

/* An empty bound is open: valid_from "" is "always before", valid_to "" is "still". */
static int valid_on(size_t row, const char *date)
{
    const char *from = cell(row, c_valid_from), *to = cell(row, c_valid_to);
    return (!*from || strcmp(from, date) <= 0) && (!*to || strcmp(to, date) >= 0);
}

static void next_day(const char *date, char out[11])
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;
    assert_int_equal(sscanf(date, "%4d-%2d-%2d", &y, &m, &d), 3);
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int last = mdays[m - 1] + (m == 2 && leap);
    if (++d > last) {
        d = 1;
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static int setup(void **st)
{
    (void)st;
    c_id = ht_data_col(G, "id");
    c_kind = ht_data_col(G, "kind");
    c_country = ht_data_col(G, "country");
    c_parent = ht_data_col(G, "parent");
    c_vi = ht_data_col(G, "name_vi");
    c_en = ht_data_col(G, "name_en");
    c_valid_from = ht_data_col(G, "valid_from");
    c_valid_to = ht_data_col(G, "valid_to");
    c_succ = ht_data_col(G, "successor");
    return c_id < 0 || c_kind < 0 || c_country < 0 || c_parent < 0 || c_vi < 0 || c_en < 0 ||
           c_valid_from < 0 || c_valid_to < 0 || c_succ < 0 || ht_data_col(G, "name_local") < 0 ||
           ht_data_col(G, "aliases") < 0;
}

static void test_ids_unique_and_well_formed(void **st)
{
    (void)st;
    assert_true(G->nrows > 400);
    for (size_t r = 0; r < G->nrows; r++) {
        const char *id = cell(r, c_id);
        if (!*id)
            fail_msg("row %zu has no id", r);
        for (size_t s = r + 1; s < G->nrows; s++)
            if (strcmp(id, cell(s, c_id)) == 0)
                fail_msg("id %s is used by rows %zu and %zu", id, r, s);
        if (!*cell(r, c_vi) || !*cell(r, c_en))
            fail_msg("%s lacks a Vietnamese or an English name", id);
        /* every id starts with its country code */
        const char *cc = cell(r, c_country);
        if (strlen(cc) != 2 || strncmp(id, cc, 2) != 0 || (id[2] && id[2] != '-'))
            fail_msg("%s does not start with its country code '%s'", id, cc);
        if (strcmp(cell(r, c_kind), "province") == 0 && strcmp(cc, "VN") == 0) {
            if (strlen(id) != 6)
                fail_msg("Vietnamese province id %s is not VN- and three letters", id);
            for (int i = 3; i < 6; i++)
                if (id[i] < 'A' || id[i] > 'Z')
                    fail_msg("Vietnamese province id %s is not VN- and three letters", id);
        }
    }
}

static void test_kinds_and_links(void **st)
{
    (void)st;
    static const char *const kinds[] = {"country", "province", "district", "commune"};
    for (size_t r = 0; r < G->nrows; r++) {
        const char *id = cell(r, c_id), *kind = cell(r, c_kind);
        size_t k = 0;
        while (k < 4 && strcmp(kind, kinds[k]) != 0)
            k++;
        if (k == 4)
            fail_msg("%s: kind '%s' is not in the vocabulary", id, kind);
        const char *parent = cell(r, c_parent), *country = cell(r, c_country);
        long cr = find_id(country);
        if (cr < 0 || strcmp(cell((size_t)cr, c_kind), "country") != 0)
            fail_msg("%s: country %s is not a country row", id, country);
        if (k == 0) {
            if (*parent || strcmp(id, country) != 0)
                fail_msg("country %s has a parent or another country", id);
            continue;
        }
        long pr = find_id(parent);
        if (pr < 0)
            fail_msg("%s: parent '%s' does not exist", id, parent);
        if (strcmp(cell((size_t)pr, c_country), country) != 0)
            fail_msg("%s: parent %s is in another country", id, parent);
        /* a province sits in a country; a district in a province */
        const char *pkind = cell((size_t)pr, c_kind);
        if ((k == 1 && strcmp(pkind, "country") != 0) || (k == 2 && strcmp(pkind, "province") != 0))
            fail_msg("%s (%s) has parent %s of kind %s", id, kind, parent, pkind);
        const char *from = cell(r, c_valid_from), *to = cell(r, c_valid_to);
        if (*from && *to && strcmp(from, to) > 0)
            fail_msg("%s: valid_from %s is after valid_to %s", id, from, to);
        const char *succ = cell(r, c_succ);
        if (!*succ)
            continue;
        long sr = find_id(succ);
        if (sr < 0)
            fail_msg("%s: successor '%s' does not exist", id, succ);
        if (!*to)
            fail_msg("%s has a successor but no valid_to", id);
        char day[11];
        next_day(to, day);
        if (!valid_on((size_t)sr, day) || strcmp(cell((size_t)sr, c_kind), kind) != 0)
            fail_msg("%s ends %s but its successor %s is not a %s valid on %s", id, to, succ,
                     kind, day);
    }
}

static size_t count_provinces(const char *country, const char *date)
{
    size_t n = 0;
    for (size_t r = 0; r < G->nrows; r++)
        n += strcmp(cell(r, c_kind), "province") == 0 && strcmp(cell(r, c_country), country) == 0 &&
             (!date || valid_on(r, date));
    return n;
}

static void test_counts(void **st)
{
    (void)st;
    assert_int_equal(count_provinces("VN", "2025-06-30"), 63);
    assert_int_equal(count_provinces("VN", "2025-07-01"), 34);
    assert_int_equal(count_provinces("VN", "2008-07-31"), 64); /* with Hà Tây */
    assert_int_equal(count_provinces("VN", "2003-12-31"), 61); /* before the 2004 splits */
    assert_int_equal(count_provinces("LA", NULL), 18);
    assert_int_equal(count_provinces("KH", NULL), 25);
    assert_int_equal(count_provinces("JP", NULL), 47);
    assert_int_equal(count_provinces("KR", NULL), 17);
    size_t countries = 0;
    for (size_t r = 0; r < G->nrows; r++)
        countries += strcmp(cell(r, c_kind), "country") == 0;
    assert_true(countries >= 120);
}

/* The only row whose folded names contain key; fails when none or several. */
static size_t lookup_one(const char *text)
{
    ht_buf b = {0};
    assert_int_equal(ht_text_fold(text, strlen(text), &b), 0);
    size_t first, n = ht_data_lookup(G, b.p, b.n, &first);
    if (n == 0)
        fail_msg("'%s' (folded '%.*s') finds nothing", text, (int)b.n, b.p);
    for (size_t i = 1; i < n; i++)
        if (G->keys[first + i].row != G->keys[first].row)
            fail_msg("'%s' finds %s and %s", text, cell(G->keys[first].row, c_id),
                     cell(G->keys[first + i].row, c_id));
    ht_buf_free(&b);
    return G->keys[first].row;
}

static void expect_id(const char *text, const char *id)
{
    const char *got = cell(lookup_one(text), c_id);
    if (strcmp(got, id) != 0)
        fail_msg("'%s' finds %s, want %s", text, got, id);
}

static void test_lookups(void **st)
{
    (void)st;
    static const char *const cases[][2] = {
        {"sekong", "LA-XE"},          {"Xê Kông", "LA-XE"},        {"XÉKONG", "LA-XE"},
        {"Sê Kông", "LA-XE"},         {"dak lak", "VN-DLK"},       {"Đăk Lăk", "VN-DLK"},
        {"Daklak", "VN-DLK"},         {"champasak", "LA-CH"},      {"Chăm-pa-xắc", "LA-CH"},
        {"Chămpasắc", "LA-CH"},       {"Champassak", "LA-CH"},     {"tp hcm", "VN-HCM"},
        {"TP.HCM", "VN-HCM"},         {"TP. Hồ Chí Minh", "VN-HCM"}, {"Sài Gòn", "VN-HCM"},
        {"Át-tạ-pư", "LA-AT"},        {"Attapeu", "LA-AT"},        {"Sa-van-na-khẹt", "LA-SV"},
        {"Xavanakhet", "LA-SV"},      {"Viêng Chăn", "LA-VT"},     {"Luông Pha-bang", "LA-LP"},
        {"Luang Prabang", "LA-LP"},   {"Phnôm Pênh", "KH-12"},     {"Phnom Penh", "KH-12"},
        {"Vân Nam", "CN-YN"},         {"Quảng Tây", "CN-GX"},      {"Kon Tum", "VN-KTM"},
        {"Buôn Ma Thuột", "VN-DLK-BMT"}, {"Buôn Mê Thuột", "VN-DLK-BMT"}, {"Pleiku", "VN-GLI-PKU"},
        {"thành phố Kon Tum", "VN-KTM-KTM"}, {"Hoà Bình", "VN-HBH"}, {"Thừa Thiên - Huế", "VN-HUE"},
        {"Hàn Quốc", "KR"},           {"Hoa Kỳ", "US"},            {"Liên bang Nga", "RU"},
        {"Ôxtrâylia", "AU"},          {"Fukuoka", "JP-40"},        {"Gangwon", "KR-51"},
        /* decomposed (NFD) input, as many Vietnamese sources are */
        {"\x44\xcc\x9b\x61\xcc\x86\xcc\x81k La\xcc\x86\xcc\x81k", "VN-DLK"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        expect_id(cases[i][0], cases[i][1]);
}

static const char *succ_name(const char *province)
{
    size_t r = lookup_one(province);
    long s = find_id(cell(r, c_succ));
    if (s < 0)
        fail_msg("%s has no successor", province);
    return cell((size_t)s, c_vi);
}

static void test_succession(void **st)
{
    (void)st;
    static const char *const cases[][2] = {
        {"Kon Tum", "Quảng Ngãi"}, {"Phú Yên", "Đắk Lắk"},   {"Đắk Nông", "Lâm Đồng"},
        {"Bình Thuận", "Lâm Đồng"}, {"Hà Giang", "Tuyên Quang"}, {"Yên Bái", "Lào Cai"},
        {"Bắc Kạn", "Thái Nguyên"}, {"Vĩnh Phúc", "Phú Thọ"},  {"Hòa Bình", "Phú Thọ"},
        {"Bắc Giang", "Bắc Ninh"}, {"Thái Bình", "Hưng Yên"},  {"Hải Dương", "Hải Phòng"},
        {"Hà Nam", "Ninh Bình"},   {"Nam Định", "Ninh Bình"},  {"Quảng Bình", "Quảng Trị"},
        {"Quảng Nam", "Đà Nẵng"},  {"Bình Định", "Gia Lai"},   {"Ninh Thuận", "Khánh Hòa"},
        {"Bình Dương", "Thành phố Hồ Chí Minh"}, {"Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"},
        {"Bình Phước", "Đồng Nai"}, {"Long An", "Tây Ninh"},   {"Sóc Trăng", "Cần Thơ"},
        {"Hậu Giang", "Cần Thơ"},  {"Bến Tre", "Vĩnh Long"},   {"Trà Vinh", "Vĩnh Long"},
        {"Tiền Giang", "Đồng Tháp"}, {"Bạc Liêu", "Cà Mau"},   {"Kiên Giang", "An Giang"},
        {"Hà Tây", "Hà Nội"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = succ_name(cases[i][0]);
        if (strcmp(got, cases[i][1]) != 0)
            fail_msg("%s merged into %s, want %s", cases[i][0], got, cases[i][1]);
    }
    /* the eleven units the reform left unchanged: no end, no predecessor */
    static const char *const same[] = {"Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La",
                                       "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
                                       "Hà Tĩnh", "Cao Bằng"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        size_t r = lookup_one(strcmp(same[i], "Huế") == 0 ? "Thừa Thiên Huế" : same[i]);
        if (*cell(r, c_valid_to) || *cell(r, c_succ))
            fail_msg("%s ends or has a successor", same[i]);
        for (size_t s = 0; s < G->nrows; s++)
            if (strcmp(cell(s, c_succ), cell(r, c_id)) == 0 && strcmp(cell(s, c_valid_to), "2025-06-30") == 0)
                fail_msg("%s absorbed %s in 2025", same[i], cell(s, c_id));
    }
}

/* Names that fold to an everyday syllable would match ordinary text. Only the
 * one-syllable country names in use (matched by their written form) and well-known
 * abbreviations may be that short. */
static void test_no_common_syllable_keys(void **st)
{
    (void)st;
    static const char *const stop[] = {
        "ha", "nam", "son", "bac", "dong", "tay", "binh", "an", "hoa", "thanh", "quang",
        "giang", "long", "phu", "vinh", "hue", "tan", "ninh", "hai", "cao", "lam", "kep",
        "nan", "hung", "sat", "anh", "nhat", "han", "trung", "thai", "tinh", "thanh pho",
        "tp", "xa", "huyen", "quan", "phuong", "viet", "lao dong",
        "dai", "tan an lac", "tay do", "nam vang", "ky", "dao", "trieu", "vietnam nam"};
    static const char *const short_ok[] = {"lao", "nga", "my", "phap", "duc", "y", "sec",
                                           "ao", "bi", "uc", "sip", "vn", "uk", "usa", "uae",
                                           "prc", "rok", "drc", "mie"};
    for (size_t i = 0; i < G->nkeys; i++) {
        const char *k = G->keys[i].key;
        const char *id = cell(G->keys[i].row, c_id);
        for (size_t s = 0; s < sizeof stop / sizeof *stop; s++)
            if (strcmp(k, stop[s]) == 0)
                fail_msg("%s has a name or alias folding to the common '%s'", id, k);
        if (strlen(k) >= 4 || (unsigned char)k[0] >= 0x80)
            continue;
        size_t s = 0;
        while (s < sizeof short_ok / sizeof *short_ok && strcmp(k, short_ok[s]) != 0)
            s++;
        if (s == sizeof short_ok / sizeof *short_ok)
            fail_msg("%s has a very short key '%s'", id, k);
    }
}

/* The events export needs a CAMEO code for every country the gazetteer knows. */
static void test_every_country_has_cameo_code(void **st)
{
    (void)st;
    const ht_data_table *C = &ht_data_countries_cameo;
    int cc = ht_data_col(C, "cameo"), c3 = ht_data_col(C, "iso3");
    assert_true(cc >= 0 && c3 >= 0);
    for (size_t r = 0; r < G->nrows; r++) {
        if (strcmp(cell(r, c_kind), "country") != 0)
            continue;
        ht_buf b = {0};
        const char *id = cell(r, c_id);
        assert_int_equal(ht_text_fold(id, strlen(id), &b), 0);
        size_t first, n = ht_data_lookup(C, b.p, b.n, &first);
        ht_buf_free(&b);
        if (n != 1)
            fail_msg("country %s has %zu rows in countries_cameo", id, n);
        size_t row = C->keys[first].row;
        const char *cameo = ht_data_cell(C, row, (size_t)cc), *iso3 = ht_data_cell(C, row, (size_t)c3);
        if (strlen(cameo) != 3 || strlen(iso3) != 3)
            fail_msg("country %s: iso3 '%s', cameo '%s'", id, iso3, cameo);
    }
    size_t first;
    assert_int_equal(ht_data_lookup(C, "ro", 2, &first), 1);
    assert_string_equal(ht_data_cell(C, C->keys[first].row, (size_t)cc), "ROM");
    assert_int_equal(ht_data_lookup(C, "vn", 2, &first), 1);
    assert_string_equal(ht_data_cell(C, C->keys[first].row, (size_t)cc), "VNM");
}

/* A prefix of keys is found whether one key or many start with it, and only then;
 * the count of ht_data_prefix agrees. */
static void test_prefix_lookups(void **st)
{
    (void)st;
    size_t first;
    assert_true(ht_data_has_prefix(G, "dak la", 6));
    assert_true(ht_data_prefix(G, "dak la", 6, &first) >= 1);
    assert_true(ht_data_has_prefix(G, "cong hoa dan chu nhan dan ", 26));
    assert_false(ht_data_has_prefix(G, "zzzz", 4));
    assert_int_equal(ht_data_prefix(G, "zzzz", 4, &first), 0);
    assert_false(ht_data_has_prefix(G, "so y te ", 8));
    assert_true(ht_data_has_prefix(G, "", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefix_lookups),
        cmocka_unit_test(test_ids_unique_and_well_formed),
        cmocka_unit_test(test_kinds_and_links),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_lookups),
        cmocka_unit_test(test_succession),
        cmocka_unit_test(test_no_common_syllable_keys),
        cmocka_unit_test(test_every_country_has_cameo_code),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
