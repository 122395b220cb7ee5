/* Unit tests of agreements, activities and anniversaries (src/extract/events.c): years
 * inferred from the document's own evidence, terms, task lists, commitments, stories of
 * other captions, and several events in one article. */
#include "extract_fixture.h"

static void test_agreement_with_term_and_tasks(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Kon Tum và Sê Kông ký bản ghi nhớ"},
        {HT_BLK_LEAD, "Ngày 12/9, tại thành phố Kon Tum, UBND tỉnh Kon Tum và Chính quyền tỉnh Sê Kông "
                      "đã ký kết Bản ghi nhớ hợp tác giai đoạn 2025 - 2030."},
        {HT_BLK_BODY, "Văn bản gồm 4 nhiệm vụ: trao đổi đoàn các cấp; phối hợp giữ an ninh biên giới; "
                      "hợp tác trồng cà phê; đào tạo cán bộ y tế."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_int_equal(x.nagreements, 1);
    const ht_xagreement *a = &x.agreements[0];
    assert_string_equal(a->kind, "mou");
    assert_string_equal(fx_date(&a->signed_on), "2025-09-12"); /* the year from the term */
    assert_true(a->signed_on.inferred);
    assert_int_equal(a->term_from, 2025);
    assert_int_equal(a->term_to, 2030);
    assert_true(fx_contains(a->place, "Kon Tum"));
    assert_true(fx_parties_have(&x, a->parties, a->nparties, "Kon Tum"));
    assert_true(fx_parties_have(&x, a->parties, a->nparties, "Sê Kông"));
    assert_int_equal(a->tasks_declared, 4);
    assert_int_equal(a->ntasks, 4);
    assert_true(fx_contains(a->tasks[0], "trao đổi đoàn"));
    assert_true(fx_contains(a->tasks[3], "cán bộ y tế"));
    assert_true(a->confidence > 0.5 && a->confidence <= 1.0);
    assert_true(a->evidence.end > a->evidence.start);
    /* the signing is an activity of its own */
    assert_true(x.nactivities >= 1);
    assert_string_equal(x.activities[0].kind, "signing");
    assert_int_equal(x.activities[0].agreement, 0);
    ht_extraction_free(&x);
}

static void test_numbered_tasks(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Quan hệ hai tỉnh"},
        {HT_BLK_BODY, "Sáng 3/3/2025, tỉnh Đắk Lắk và tỉnh Sê Kông ký Thỏa thuận hợp tác. Thỏa thuận nêu 3 nhiệm vụ:"},
        {HT_BLK_BODY, "1. Trao đổi thông tin thường xuyên."},
        {HT_BLK_BODY, "2. Hỗ trợ đào tạo nghề."},
        {HT_BLK_BODY, "3. Giao lưu thể thao hằng năm."},
        {HT_BLK_BODY, "Hai bên cam kết thực hiện tốt."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_int_equal(x.nagreements, 1);
    const ht_xagreement *a = &x.agreements[0];
    assert_string_equal(a->kind, "cooperation_agreement");
    assert_string_equal(fx_date(&a->signed_on), "2025-03-03");
    assert_false(a->signed_on.inferred);
    assert_int_equal(a->tasks_declared, 3);
    assert_int_equal(a->ntasks, 3);
    assert_true(fx_same(a->tasks[1], "Hỗ trợ đào tạo nghề"));
    ht_extraction_free(&x);
}

static void test_year_from_published(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Đắk Lắk tiếp đoàn Sê Kông"},
        {HT_BLK_BODY, "Chiều 2/3, UBND tỉnh Đắk Lắk tiếp đoàn công tác tỉnh Sê Kông."},
        {HT_BLK_BODY, "Trước đó, ngày 28/12, hai tỉnh đã ký biên bản làm việc."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, "2024-03-05");
    assert_true(x.nactivities >= 2);
    assert_string_equal(fx_date(&x.activities[0].date), "2024-03-02");
    assert_true(x.activities[0].date.inferred);
    /* late December told in early March is the year before */
    bool dec = false;
    for (size_t k = 0; k < x.nactivities; k++)
        dec |= !strcmp(fx_date(&x.activities[k].date), "2023-12-28");
    assert_true(dec);
    ht_extraction_free(&x);
}

static void test_no_year_stays_unknown(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tỉnh Đắk Lắk làm việc với tỉnh Sê Kông"},
        /* "từ năm 2007" is when the cooperation began, not the year of this meeting */
        {HT_BLK_BODY, "Ngày 4/5, đoàn tỉnh Sê Kông làm việc với tỉnh Đắk Lắk; hai tỉnh hợp tác từ năm 2007 đến nay."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_int_equal(x.nactivities, 1);
    assert_string_equal(fx_date(&x.activities[0].date), "--05-04");
    assert_string_equal(x.activities[0].kind, "working_session");
    ht_extraction_free(&x);
}

/* The foreign place a visit goes to is its host, when no title or other sentence names
 * it: "thăm và làm việc tại tỉnh Sê Kông". A survey or a job there is not a visit. */
static void test_visit_to_a_foreign_place(void **st)
{
    (void)st;
    static const struct {
        const char *body;
        bool host;
    } cases[] = {
        {"Ngày 12/6/2024, đoàn công tác tỉnh Đắk Lắk thăm và làm việc tại tỉnh Sê Kông.", true},
        {"Ngày 12/6/2024, đoàn công tác tỉnh Đắk Lắk khảo sát tại tỉnh Sê Kông.", false},
        {"Ngày 12/6/2024, lao động tỉnh Đắk Lắk làm việc tại tỉnh Sê Kông.", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fx_line doc[] = {{HT_BLK_TITLE, "Tin hợp tác"}, {HT_BLK_BODY, cases[i].body}, {0, NULL}};
        ht_extraction x;
        fx_run(&x, doc, NULL);
        bool found = false;
        for (size_t k = 0; k < x.nactivities; k++)
            found |= fx_parties_have(&x, x.activities[k].parties, x.activities[k].nparties, "Sê Kông") &&
                     fx_parties_have(&x, x.activities[k].parties, x.activities[k].nparties, "Đắk Lắk");
        if (found != cases[i].host)
            fail_msg("%s: %s", cases[i].body, found ? "Sê Kông is a party" : "no event with Sê Kông");
        ht_extraction_free(&x);
    }
}

/* Every activity with the party named so has the country of this id too, and there is
 * one at least. */
static void assert_country_beside(const ht_extraction *x, const char *party, const char *id)
{
    bool found = false;
    for (size_t k = 0; k < x->nactivities; k++) {
        const ht_xactivity *a = &x->activities[k];
        if (!fx_parties_have(x, a->parties, a->nparties, party))
            continue;
        found = true;
        bool has = false;
        for (size_t p = 0; p < a->nparties; p++)
            has |= a->parties[p] >= 0 && !strcmp(x->parties[a->parties[p]].id, id);
        if (!has)
            fail_msg("an activity of %s without %s", party, id);
    }
    assert_true(found);
}

/* A body that stands for a foreign country takes part for it: the country is a party
 * of the event even beside a party body of the same country. */
static void test_body_acts_for_its_country(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Quốc hội Cu Ba thăm Bến Tre"},
        {HT_BLK_BODY, "Ngày 17/6/2024, đoàn đại biểu Quốc hội Cu Ba và Đảng Cộng sản Cu Ba thăm và làm "
                      "việc tại tỉnh Bến Tre."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_country_beside(&x, "Bến Tre", "CU");
    for (size_t k = 0; k < x.nactivities; k++)
        assert_false(fx_parties_have(&x, x.activities[k].parties, x.activities[k].nparties, "Quốc hội"));
    ht_extraction_free(&x);
}

/* A promise whose amount the next sentence gives ("Quy mô vốn … là 1,2 tỷ USD"): one
 * commitment with its amount, once, though the lead tells the promise again. */
static void test_promise_and_its_amount(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Ký ghi nhớ đầu tư"},
        {HT_BLK_LEAD, "Tập đoàn Sao Mai sẽ đầu tư Nhà máy điện gió Phú Lạc tại tỉnh Bình Thuận."},
        {HT_BLK_BODY, "Ngày 6/2/2017, UBND tỉnh Bình Thuận và Tập đoàn Sao Mai ký kết bản ghi nhớ đầu tư. "
                      "Theo đó, Tập đoàn Sao Mai sẽ đầu tư Nhà máy điện gió Phú Lạc tại tỉnh Bình Thuận. "
                      "Quy mô vốn đầu tư dự kiến là 120 triệu USD."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_true(x.nactivities >= 1);
    size_t with = 0, without = 0;
    for (size_t k = 0; k < x.nactivities; k++)
        for (size_t q = 0; q < x.activities[k].ncommitments; q++) {
            const char *c = x.activities[k].commitments[q];
            if (!fx_contains(c, "Nhà máy điện gió Phú Lạc"))
                continue;
            if (fx_contains(c, "120 triệu USD"))
                with++;
            else
                without++;
        }
    assert_int_equal(with, 1);
    assert_int_equal(without, 0);
    ht_extraction_free(&x);
}

/* A person holding an office of a foreign country takes part for it: the country
 * stays beside its capital ("Tổng lãnh sự Campuchia … thủ đô Phnom Penh"). */
static void test_office_holder_acts_for_its_country(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tiếp đoàn Campuchia"},
        {HT_BLK_BODY, "Ngày 29/6/2017, ông Lê Văn Nưng, Chủ tịch UBND tỉnh An Giang, tiếp ông Chea "
                      "Sokha, Tổng lãnh sự Campuchia tại Thành phố Hồ Chí Minh, và đoàn công tác của "
                      "thủ đô Phnom Penh."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_country_beside(&x, "An Giang", "KH");
    ht_extraction_free(&x);
}

/* A day without a year takes the year of the numbered edition or of the named year the
 * story's event belongs to ("Ngày hội … lần thứ II năm 2017", "Năm đoàn kết … 2017"),
 * told anywhere in the story; not when two editions give two years, nor from an
 * edition to come, nor from a year after "Việt Nam". A festival of arts is of
 * the field of culture. */
static void test_edition_year(void **st)
{
    (void)st;
    static const struct {
        const char *last;
        const char *date;
    } cases[] = {
        {"Đây là hoạt động của Ngày hội giao lưu vùng biên giới lần thứ II năm 2017.", "2017-07-06"},
        {"Ngày hội lần thứ I năm 2015 diễn ra ở Điện Biên, lần thứ II năm 2017 ở Sơn La.", "--07-06"},
        {"Ngày hội lần thứ III năm 2019 sẽ được tổ chức tại Lào.", "--07-06"},
        {"Đây là hoạt động của \"Năm đoàn kết hữu nghị Việt Nam - Lào 2017\".", "2017-07-06"},
        {"Đây là hoạt động hữu nghị Việt Nam - Lào 2017.", "--07-06"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fx_line doc[] = {
            {HT_BLK_TITLE, "Khai mạc liên hoan nghệ thuật vùng biên giới"},
            {HT_BLK_BODY, "Ngày 6/7, tại thành phố Sơn La, Ủy ban nhân dân tỉnh Sơn La và tỉnh Hủa Phăn "
                          "(Lào) tổ chức khai mạc Liên hoan nghệ thuật quần chúng và trình diễn trang "
                          "phục truyền thống."},
            {HT_BLK_BODY, cases[i].last},
            {0, NULL}};
        ht_extraction x;
        fx_run(&x, doc, NULL);
        const ht_xactivity *a = NULL;
        for (size_t k = 0; k < x.nactivities && !a; k++)
            if (x.activities[k].date.month == 7 && x.activities[k].date.day == 6)
                a = &x.activities[k];
        if (!a || strcmp(fx_date(&a->date), cases[i].date) != 0)
            fail_msg("%s: %s, want %s", cases[i].last, a ? fx_date(&a->date) : "no event on 6/7",
                     cases[i].date);
        bool culture = false;
        for (size_t f = 0; f < a->nfields; f++)
            culture |= !strcmp(a->fields[f], "culture");
        assert_true(culture);
        ht_extraction_free(&x);
    }
}

/* The leaders a delegation honours are people of the article, not participants. */
static void test_people_of_history(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Đoàn Sơn La thăm tỉnh Hủa Phăn"},
        {HT_BLK_BODY, "Ngày 5/7/2024, đoàn đại biểu tỉnh Sơn La do Bí thư Tỉnh ủy Sơn La Hoàng Văn Chất "
                      "dẫn đầu thăm và làm việc tại tỉnh Hủa Phăn, dâng hương tưởng niệm Chủ tịch Hồ Chí "
                      "Minh và Chủ tịch Kaysone Phomvihane."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_true(x.nactivities >= 1);
    bool chat = false;
    for (size_t k = 0; k < x.nactivities; k++)
        for (size_t p = 0; p < x.activities[k].nparticipants; p++) {
            const char *name = x.people[x.activities[k].participants[p].person].name;
            if (fx_same(name, "Hồ Chí Minh") || fx_same(name, "Kaysone Phomvihane"))
                fail_msg("%s takes part", name);
            chat |= fx_same(name, "Hoàng Văn Chất");
        }
    assert_true(chat);
    ht_extraction_free(&x);
}

static void test_other_story(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Đắk Lắk tiếp đoàn Sê Kông"},
        {HT_BLK_CAPTION_OTHER, "Ngày 9/10, UBND tỉnh Kon Tum và tỉnh Sê Kông ký kết biên bản hợp tác giai đoạn 2019-2024."},
        {HT_BLK_BODY, "Ngày 14/5, Bí thư Tỉnh ủy Đắk Lắk Trần Văn Hòa tiếp đoàn công tác tỉnh Sê Kông."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, "2024-05-15");
    const ht_xactivity *own = NULL, *other = NULL;
    for (size_t k = 0; k < x.nactivities; k++) {
        if (x.activities[k].other_story)
            other = &x.activities[k];
        else
            own = &x.activities[k];
    }
    assert_non_null(own);
    assert_non_null(other);
    assert_string_equal(fx_date(&own->date), "2024-05-14");
    /* the caption keeps to its own evidence: the term, not the published date */
    assert_string_equal(fx_date(&other->date), "2019-10-09");
    assert_true(other->confidence < own->confidence);
    assert_false(fx_parties_have(&x, own->parties, own->nparties, "Kon Tum"));
    assert_true(own->nparticipants == 1);
    ht_extraction_free(&x);
}

static void test_anniversary_and_commitment(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Kỷ niệm quan hệ hữu nghị"},
        {HT_BLK_BODY, "Ngày 10/10/2024, tỉnh Đắk Lắk đón đoàn tỉnh Sê Kông dự lễ kỷ niệm 30 năm thiết lập quan hệ "
                      "hữu nghị hai tỉnh (10/10/1994 - 10/10/2024)."},
        {HT_BLK_BODY, "Tỉnh Đắk Lắk sẽ tặng 50 suất học bổng cho sinh viên tỉnh bạn, hợp tác về giáo dục và y tế."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_int_equal(x.nanniversaries, 1);
    assert_string_equal(fx_date(&x.anniversaries[0].date), "1994-10-10");
    assert_int_equal(x.anniversaries[0].years, 30);
    assert_true(fx_contains(x.anniversaries[0].what, "thiết lập quan hệ hữu nghị"));
    assert_true(x.nactivities >= 1);
    const ht_xactivity *a = &x.activities[0];
    assert_string_equal(fx_date(&a->date), "2024-10-10"); /* not the anniversary's */
    bool gift = false;
    for (size_t k = 0; k < a->ncommitments; k++)
        gift |= fx_contains(a->commitments[k], "50 suất học bổng");
    assert_true(gift);
    bool edu = false, health = false;
    for (size_t k = 0; k < a->nfields; k++) {
        edu |= !strcmp(a->fields[k], "education");
        health |= !strcmp(a->fields[k], "health");
    }
    assert_true(edu && health);
    ht_extraction_free(&x);
}

static void test_agreement_in_force(void **st)
{
    (void)st;
    /* no event at all, only an agreement told of with its term: it is kept, not signed,
     * and what reviews it has no date */
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Rà soát văn bản cũ"},
        {HT_BLK_BODY, "Hai tỉnh Đắk Lắk và Sê Kông rà soát Bản ghi nhớ giai đoạn 2021 - 2025."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_int_equal(x.nagreements, 1);
    assert_true(x.agreements[0].referenced);
    assert_int_equal(x.agreements[0].signed_on.prec, HT_DATE_NONE);
    assert_int_equal(x.agreements[0].term_from, 2021);
    for (size_t k = 0; k < x.nactivities; k++) {
        assert_string_not_equal(x.activities[k].kind, "signing");
        assert_true(x.activities[k].evidence.end > x.activities[k].evidence.start);
    }
    ht_extraction_free(&x);
}

static void test_json_shape(void **st)
{
    (void)st;
    static const fx_line lines[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 1/2/2025, tỉnh Đắk Lắk và tỉnh Sê Kông ký kết thỏa thuận hợp tác."},
        {0, NULL}};
    ht_doc d;
    fx_doc(&d, lines, NULL);
    ht_buf b = {0};
    ht_json j;
    ht_json_init(&j, &b);
    ht_json_obj(&j);
    ht_error e;
    assert_int_equal(ht_extract_json(&d, &j, &e), 0);
    ht_json_obj_end(&j);
    assert_int_equal(j.err, 0);
    const char *keys[] = {"\"parties\":[", "\"people\":[", "\"agreements\":[", "\"activities\":[",
                          "\"anniversaries\":[", "\"signed\":\"2025-02-01\"", "\"signed_inferred\":false",
                          "\"term\":null", "\"evidence\":{\"start\":"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (!strstr(b.p, keys[k]))
            fail_msg("no %s in %s", keys[k], b.p);
    ht_buf_free(&b);
    ht_doc_free(&d);
}

/* A comma between two clauses is no part of an agreement's name: "… tới Nhật Bản, thỏa
 * thuận hợp tác …" names "thỏa thuận hợp tác …", not "Bản, thỏa thuận …". */
static void test_agreement_name_after_a_comma(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Ký hợp tác phát triển đô thị"},
        {HT_BLK_BODY, "Trong chuyến thăm của Thủ tướng tới Nhật Bản, thỏa thuận hợp tác phát triển dự án "
                      "đô thị Nhật Tân vừa được ký kết giữa UBND TP Hà Nội và Tập đoàn Sumitomo."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_int_equal(x.nagreements, 1);
    assert_non_null(x.agreements[0].title);
    assert_true(!strncmp(x.agreements[0].title, "thỏa thuận hợp tác", strlen("thỏa thuận hợp tác")));
    assert_false(fx_contains(x.agreements[0].title, "Bản"));
    ht_extraction_free(&x);
}

/* An anniversary written without its period takes the day the document dates as "N
 * năm trước đây, ngày …"; that day is no activity of its own. */
static void test_anniversary_dated_years_ago(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Thủ tướng Hun Sen thăm Bình Phước"},
        {HT_BLK_BODY, "Thủ tướng Hun Sen sang thăm Việt Nam nhân dịp kỷ niệm “40 năm con đường cứu nước "
                      "của Thủ tướng Hun Sen”."},
        {HT_BLK_BODY, "Sáng cùng ngày, Thủ tướng Hun Sen đã thăm lại huyện Lộc Ninh, tỉnh Bình Phước, nơi "
                      "40 năm trước đây, ngày 21/6/1977, ông bắt đầu con đường cách mạng."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, "2017-06-22");
    assert_int_equal(x.nanniversaries, 1);
    assert_string_equal(fx_date(&x.anniversaries[0].date), "1977-06-21");
    assert_int_equal(x.anniversaries[0].years, 40);
    assert_true(fx_contains(x.anniversaries[0].what, "con đường cứu nước"));
    for (size_t k = 0; k < x.nactivities; k++)
        assert_true(x.activities[k].date.year != 1977);
    ht_extraction_free(&x);
}

/* Agreeing to hold something every year is a promise: "tán thành với việc hàng năm tổ
 * chức đêm giao lưu Hà Nội tại Seoul". */
static void test_agreeing_to_hold(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Hà Nội tiếp Thị trưởng Seoul"},
        {HT_BLK_BODY, "Ngày 26/5, Chủ tịch UBND thành phố Hà Nội Nguyễn Đức Chung tiếp Thị trưởng thành "
                      "phố Seoul Park Won Soon. Ông Park Won Soon tán thành với việc hàng năm tổ chức đêm "
                      "giao lưu Hà Nội tại Seoul và ngược lại."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    bool found = false;
    for (size_t k = 0; k < x.nactivities; k++)
        for (size_t c = 0; c < x.activities[k].ncommitments; c++)
            found |= fx_contains(x.activities[k].commitments[c], "đêm giao lưu Hà Nội tại Seoul");
    assert_true(found);
    ht_extraction_free(&x);
}

/* No function word ends an agreement's name: "… kỹ thuật quân sự vào hôm 16/5". */
static void test_agreement_name_ends_on_a_word_of_its_own(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin nông nghiệp"},
        {HT_BLK_BODY, "Tỉnh Kon Tum và tỉnh Sê Kông đã ký thỏa thuận hợp tác kỹ thuật nông nghiệp vào hôm "
                      "16/5 tại thành phố Kon Tum. Hai bên ký biên bản ghi nhớ về đào tạo vào hôm đó."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, "2025-05-17");
    assert_int_equal(x.nagreements, 2);
    assert_non_null(x.agreements[0].title);
    assert_string_equal(x.agreements[0].title, "thỏa thuận hợp tác kỹ thuật nông nghiệp");
    assert_non_null(x.agreements[1].title);
    assert_string_equal(x.agreements[1].title, "biên bản ghi nhớ về đào tạo");
    ht_extraction_free(&x);
}

/* A place written with a dot inside ("Q.Hoàng Mai") is whole; a title after it starts
 * another sentence glued to it. */
static void test_place_with_a_dot_inside(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 5/3, đoàn tỉnh Sê Kông thăm và làm việc tại Q.Hoàng Mai của Hà Nội."},
        {HT_BLK_BODY, "Ngày 9/3, đoàn tỉnh Attapeu thăm và làm việc ở St.Andrews Chủ tịch tỉnh Kon Tum tiếp đoàn."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    bool hm = false, sa = false;
    for (size_t k = 0; k < x.nactivities; k++) {
        const char *pl = x.activities[k].place;
        if (!pl)
            continue;
        hm |= !strcmp(pl, "Q.Hoàng Mai");
        sa |= !strcmp(pl, "St.Andrews");
    }
    assert_true(hm);
    assert_true(sa);
    ht_extraction_free(&x);
}

/* A day without a year takes it from a full date of the story only where that date
 * is told with an activity: not from the opening of a flight route. */
static void test_year_from_a_date_of_an_activity(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 13-5, đoàn tỉnh Sê Kông đến thăm tỉnh Kon Tum."},
        {HT_BLK_BODY, "Đường bay thẳng giữa hai tỉnh được khai thác từ ngày 31-3-2014."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_true(x.nactivities >= 1);
    assert_string_equal(fx_date(&x.activities[0].date), "--05-13");
    ht_extraction_free(&x);
    static const fx_line doc2[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 13-5, đoàn tỉnh Sê Kông đến thăm tỉnh Kon Tum."},
        {HT_BLK_BODY, "Trước đó, ngày 12-5-2016, hai tỉnh đã hội đàm tại Sê Kông."},
        {0, NULL}};
    fx_run(&x, doc2, NULL);
    assert_true(x.nactivities >= 1);
    assert_string_equal(fx_date(&x.activities[0].date), "2016-05-13");
    ht_extraction_free(&x);
}

/* "Ủy viên Bộ Chính trị": a body named inside a title's own words is the title's, not
 * a party to what its holder does. */
static void test_body_inside_a_title(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Chiều 2/6, ông Lê Văn Bình, Ủy viên Bộ Chính trị, Bí thư Tỉnh ủy Gia Lai đã tiếp "
                      "ông Sorn Sok, Tỉnh trưởng tỉnh Ratanakiri (Campuchia)."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_true(x.nactivities >= 1);
    const ht_xactivity *a = &x.activities[0];
    assert_true(fx_parties_have(&x, a->parties, a->nparties, "Gia Lai"));
    assert_true(fx_parties_have(&x, a->parties, a->nparties, "Ratanakiri"));
    assert_false(fx_parties_have(&x, a->parties, a->nparties, "Bộ Chính trị"));
    ht_extraction_free(&x);
}

/* "tại Trung tâm Hội nghị tỉnh …": a venue is where the event is held; its province is
 * the host, the venue no party. */
static void test_venue_is_no_party(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Sáng 9/3, tại Trung tâm Hội nghị tỉnh Bình Phước, đoàn tỉnh Mondulkiri "
                      "(Campuchia) đã hội đàm với lãnh đạo tỉnh Bình Phước."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_true(x.nactivities >= 1);
    const ht_xactivity *a = &x.activities[0];
    assert_true(fx_parties_have(&x, a->parties, a->nparties, "Bình Phước"));
    assert_true(fx_parties_have(&x, a->parties, a->nparties, "Mondulkiri"));
    assert_false(fx_parties_have(&x, a->parties, a->nparties, "Trung tâm Hội nghị tỉnh Bình Phước"));
    ht_extraction_free(&x);
}

/* "Bộ Công Thương cho biết, …", "Theo Sở Ngoại vụ, …": the body the news
 * comes from is no party to what it tells; a body in a speaker's title stays. */
static void test_source_of_the_news(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 4/3, UBND tỉnh Nghệ An và Tập đoàn Posco đã ký biên bản ghi nhớ về đầu tư."},
        {HT_BLK_BODY, "Bộ Kế hoạch và Đầu tư cho biết, Tập đoàn Posco cam kết xây nhà máy thép tại tỉnh."},
        {HT_BLK_BODY, "Theo Bộ Tài chính, tập đoàn sẽ tài trợ 2 triệu USD cho tỉnh."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_true(x.nactivities >= 1);
    const ht_xactivity *a = &x.activities[0];
    assert_true(fx_parties_have(&x, a->parties, a->nparties, "Nghệ An"));
    assert_true(fx_parties_have(&x, a->parties, a->nparties, "Tập đoàn Posco"));
    assert_false(fx_parties_have(&x, a->parties, a->nparties, "Bộ Kế hoạch và Đầu tư"));
    assert_false(fx_parties_have(&x, a->parties, a->nparties, "Bộ Tài chính"));
    ht_extraction_free(&x);
    static const fx_line doc2[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Chiều 5/4, tại Hà Nội, ông Kenji Sato, Giám đốc Cục Môi trường thành phố Kobe "
                      "cho biết, Kobe và Hà Nội đã hội đàm về xử lý rác thải."},
        {0, NULL}};
    fx_run(&x, doc2, NULL);
    assert_true(x.nactivities >= 1);
    a = &x.activities[0];
    assert_true(fx_parties_have(&x, a->parties, a->nparties, "Kobe"));
    assert_true(fx_parties_have(&x, a->parties, a->nparties, "Hà Nội"));
    ht_extraction_free(&x);
}

/* "Tiếp tục chương trình chuyến thăm …, ngày 13-5, …" tells what happened; "tiếp tục"
 * elsewhere still looks ahead. */
static void test_continuing_the_programme(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Tiếp tục chương trình chuyến thăm Lào, ngày 14-6, đoàn đại biểu tỉnh Quảng Trị "
                      "thăm tỉnh Savannakhet."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_true(x.nactivities >= 1);
    assert_string_equal(x.activities[0].kind, "visit");
    assert_string_equal(fx_date(&x.activities[0].date), "--06-14");
    ht_extraction_free(&x);
    static const fx_line doc2[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Hai tỉnh sẽ tiếp tục chương trình trao đổi đoàn, ngày 14-6, đoàn tỉnh Quảng Trị "
                      "thăm tỉnh Savannakhet."},
        {0, NULL}};
    fx_run(&x, doc2, NULL);
    for (size_t k = 0; k < x.nactivities; k++)
        assert_string_not_equal(fx_date(&x.activities[k].date), "--06-14");
    ht_extraction_free(&x);
}

/* "tại nghĩa trang liệt sỹ … (huyện …, tỉnh …)": a place said in words, its locality in
 * brackets; a remembrance of fallen soldiers is an activity of its own kind. */
static void test_place_in_words(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Sáng 20/7, tại nghĩa trang liệt sỹ Trường Sơn (huyện Gio Linh, tỉnh Quảng Trị) "
                      "đã diễn ra lễ truy điệu 15 liệt sỹ hy sinh tại tỉnh Savannakhet (Lào), "
                      "với sự tham dự của đoàn đại biểu tỉnh Savannakhet."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_true(x.nactivities >= 1);
    const ht_xactivity *a = &x.activities[0];
    assert_string_equal(a->kind, "other");
    assert_non_null(a->place);
    assert_true(fx_contains(a->place, "nghĩa trang liệt sỹ Trường Sơn"));
    assert_true(fx_contains(a->place, "Quảng Trị"));
    ht_extraction_free(&x);
}

/* "tham quan … tại Hội An": where visitors go sightseeing is no host. */
static void test_sightseeing_is_no_host(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 10/8, đoàn đại biểu tỉnh Gifu (Nhật Bản) đến thăm tỉnh Quảng Ngãi; "
                      "đoàn cũng tham quan các danh lam thắng cảnh tại Hội An, Huế."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_true(x.nactivities >= 1);
    const ht_xactivity *a = &x.activities[0];
    assert_true(fx_parties_have(&x, a->parties, a->nparties, "Gifu"));
    assert_true(fx_parties_have(&x, a->parties, a->nparties, "Quảng Ngãi"));
    assert_false(fx_parties_have(&x, a->parties, a->nparties, "Hội An"));
    ht_extraction_free(&x);
}

/* "bắt đầu chuyến thăm hữu nghị TP Đà Nẵng": where a visit goes, when no place is
 * said, is where it takes place; a country visited is not a place. */
static void test_visit_destination(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Sáng 13/6, tàu tuần tra Echigo của lực lượng bảo vệ bờ biển Nhật Bản đã cập "
                      "cảng Tiên Sa, bắt đầu chuyến thăm hữu nghị TP Đà Nẵng."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_true(x.nactivities >= 1);
    assert_string_equal(x.activities[0].kind, "visit");
    assert_non_null(x.activities[0].place);
    assert_true(fx_contains(x.activities[0].place, "Đà Nẵng"));
    ht_extraction_free(&x);
    static const fx_line abroad[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 5/6, đoàn đại biểu tỉnh Đắk Lắk bắt đầu chuyến thăm hữu nghị Lào."},
        {0, NULL}};
    fx_run(&x, abroad, NULL);
    for (size_t k = 0; k < x.nactivities; k++)
        assert_true(!x.activities[k].place || !fx_contains(x.activities[k].place, "Lào"));
    ht_extraction_free(&x);
    /* the port a ship docks at, with its city; not a port whose name goes on in lower
     * case ("cảng Quốc gia mới") */
    static const fx_line port[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Tàu hộ vệ HMAS Ballarat của hải quân Úc cập cảng Tiên Sa, Đà Nẵng vào sáng "
                      "4.6, bắt đầu chuyến thăm thiện chí Việt Nam kéo dài 5 ngày."},
        {HT_BLK_BODY, "Ngày 6/5, tàu hải quân Trung Quốc cập cảng Quốc tế TP HCM, bắt đầu chuyến "
                      "thăm hữu nghị Việt Nam."},
        {HT_BLK_BODY, "Ngày 9/5, tàu hải quân Nhật Bản cập cảng Quốc gia mới, bắt đầu chuyến "
                      "thăm hữu nghị Việt Nam."},
        {0, NULL}};
    fx_run(&x, port, NULL);
    assert_true(x.nactivities >= 3);
    assert_non_null(x.activities[0].place);
    assert_string_equal(x.activities[0].place, "cảng Tiên Sa, Đà Nẵng");
    assert_non_null(x.activities[1].place);
    assert_string_equal(x.activities[1].place, "cảng Quốc tế TP HCM");
    for (size_t k = 2; k < x.nactivities; k++)
        assert_true(!x.activities[k].place || !fx_contains(x.activities[k].place, "cảng"));
    ht_extraction_free(&x);
}

/* An inauguration has no kind of its own: "other", dated, with the parties that
 * built what is inaugurated. */
static void test_inauguration(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 12/5, Hải quân Hoa Kỳ và Nhật Bản đã khánh thành 4 phòng học mới tại "
                      "trường mầm non của huyện Hòa Vang, TP Đà Nẵng."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_int_equal(x.nactivities, 1);
    assert_string_equal(x.activities[0].kind, "other");
    assert_string_equal(fx_date(&x.activities[0].date), "--05-12");
    bool us = false, jp = false;
    for (size_t k = 0; k < x.activities[0].nparties; k++) {
        const char *id = x.parties[x.activities[0].parties[k]].id;
        us |= !strcmp(id, "US");
        jp |= !strcmp(id, "JP");
    }
    assert_true(us && jp);
    ht_extraction_free(&x);
}

/* A word of an event amid a list of nouns names a trade or a topic ("các dịch vụ như
 * nghiên cứu, khảo sát, quy hoạch"); beside another event it is still one. */
static void test_trigger_amid_nouns(void **st)
{
    (void)st;
    static const fx_line trade[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 3/5, UBND tỉnh Quảng Nam giới thiệu Công ty Nikken Sekkei (Nhật Bản), đơn vị "
                      "cung cấp các dịch vụ như nghiên cứu, khảo sát, quy hoạch, thiết kế đô thị."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, trade, NULL);
    assert_int_equal(x.nactivities, 0);
    ht_extraction_free(&x);
    static const fx_line event[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 3/5, đoàn tỉnh Quảng Nam và tỉnh Sê Kông tổ chức giao lưu, tặng quà, khám "
                      "bệnh cho người dân."},
        {0, NULL}};
    fx_run(&x, event, NULL);
    assert_int_equal(x.nactivities, 1);
    ht_extraction_free(&x);
}

/* With no dated sentence of its own, the story's event is of the day the report calls
 * today ("hôm nay (4/6)"). */
static void test_date_of_today(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tàu hải quân Australia thăm Đà Nẵng"},
        {HT_BLK_LEAD, "Tàu hộ vệ HMAS Ballarat của hải quân Australia vừa cập cảng Đà Nẵng, bắt đầu "
                      "chuyến thăm thành phố."},
        {HT_BLK_BODY, "Tàu vừa đến Đà Nẵng hôm nay (4/6) với 159 thủy thủ."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_int_equal(x.nactivities, 1);
    assert_string_equal(fx_date(&x.activities[0].date), "--06-04");
    ht_extraction_free(&x);
}

/* A clause opening with its day between commas tells what happened, after a wish
 * ("Với mong muốn …, ngày 10/2, …"); not after "Theo dự kiến,". A founder of history
 * named in a speech is no participant. */
static void test_day_after_wish(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Xe buýt điện trên đảo Cát Bà"},
        {HT_BLK_BODY, "Với mong muốn áp dụng phương tiện thân thiện với môi trường, ngày 10/2, UBND TP "
                      "Hải Phòng tổ chức hội nghị công bố kết quả dự án hợp tác với TP Kitakyushu "
                      "(Nhật Bản)."},
        {HT_BLK_BODY, "Phát biểu tại hội nghị, ông Kengo Ishida cho biết, bắt đầu từ tháng 11/2015, "
                      "dự án chạy thử nghiệm xe buýt điện."},
        {HT_BLK_BODY, "Ông nhắc lại tình hữu nghị do Chủ tịch Hồ Chí Minh và Chủ tịch Mao Trạch Đông "
                      "vun đắp."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_int_equal(x.nactivities, 1);
    assert_string_equal(fx_date(&x.activities[0].date), "--02-10");
    for (size_t p = 0; p < x.activities[0].nparticipants; p++) {
        const char *name = x.people[x.activities[0].participants[p].person].name;
        if (!strcmp(name, "Mao Trạch Đông") || !strcmp(name, "Hồ Chí Minh"))
            fail_msg("a founder of history takes part: %s", name);
    }
    ht_extraction_free(&x);
    static const fx_line plan[] = {
        {HT_BLK_TITLE, "Thanh tra dự án"},
        {HT_BLK_BODY, "Theo dự kiến, ngày 23/6, đoàn thanh tra tổ chức hội nghị công bố kết luận."},
        {0, NULL}};
    fx_run(&x, plan, NULL);
    for (size_t k = 0; k < x.nactivities; k++)
        assert_string_not_equal(fx_date(&x.activities[k].date), "--06-23");
    ht_extraction_free(&x);
}

/* A day that opens its sentence before who says what follows ("Ngày 6/4, … cho hay,")
 * dates the telling, not the event told; a day that opens a sentence of what happened
 * dates it. */
static void test_day_of_the_telling(void **st)
{
    (void)st;
    static const fx_line told[] = {
        {HT_BLK_TITLE, "Hợp tác với Champasak"},
        {HT_BLK_BODY, "Ngày 6/4, đại diện UBND tỉnh Bình Thuận cho biết, tỉnh vừa ký kết biên bản ghi "
                      "nhớ hợp tác với tỉnh Champasak (Lào)."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, told, NULL);
    assert_true(x.nactivities >= 1);
    for (size_t k = 0; k < x.nactivities; k++)
        assert_string_not_equal(fx_date(&x.activities[k].date), "--04-06");
    ht_extraction_free(&x);
    static const fx_line done[] = {
        {HT_BLK_TITLE, "Hợp tác với Champasak"},
        {HT_BLK_BODY, "Ngày 6/4, UBND tỉnh Bình Thuận ký kết biên bản ghi nhớ hợp tác với tỉnh "
                      "Champasak (Lào)."},
        {0, NULL}};
    fx_run(&x, done, NULL);
    assert_true(x.nactivities >= 1);
    assert_string_equal(fx_date(&x.activities[0].date), "--04-06");
    ht_extraction_free(&x);
}

/* An agreement's title ends where the rest of the sentence starts ("… là", "… này
 * được …"). */
static void test_agreement_title_ends(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Quan hệ hai tỉnh"},
        {HT_BLK_BODY, "Ngày 5/3/2024, tỉnh Đắk Lắk và tỉnh Sê Kông (Lào) ký kết thỏa thuận hợp tác về "
                      "giáo dục là bước phát triển mới của quan hệ hai tỉnh."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_int_equal(x.nagreements, 1);
    assert_non_null(x.agreements[0].title);
    assert_string_equal(x.agreements[0].title, "thỏa thuận hợp tác về giáo dục");
    ht_extraction_free(&x);
}

/* Of a document of one sentence, the title of its first agreement or (!agreement) the
 * place of its first activity: a copy, or NULL. */
static char *first_of(const char *body, bool agreement)
{
    const fx_line doc[] = {{HT_BLK_TITLE, "Tin hợp tác"}, {HT_BLK_BODY, body}, {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const char *v = agreement ? (x.nagreements ? x.agreements[0].title : NULL)
                              : (x.nactivities ? x.activities[0].place : NULL);
    char *c = v ? strdup(v) : NULL;
    ht_extraction_free(&x);
    return c;
}

/* An agreement's title holds a word with a hyphen inside ("F-15", "S-400") and ends
 * before its price ("trị giá"), before "cho phép" and before "như". */
static void test_agreement_title_words(void **st)
{
    (void)st;
    char *t = first_of("Ngày 14/6/2017, Mỹ và Qatar đã ký thỏa thuận mua máy bay chiến đấu F-15 "
                       "trị giá 12 tỷ USD.", true);
    assert_non_null(t);
    assert_string_equal(t, "thỏa thuận mua máy bay chiến đấu F-15");
    free(t);
    t = first_of("Ngày 3/10/2016, Nga và Ấn Độ đã ký thỏa thuận cung cấp hệ thống tên lửa S-400 "
                 "cho phép Ấn Độ tăng cường phòng không.", true);
    assert_non_null(t);
    assert_string_equal(t, "thỏa thuận cung cấp hệ thống tên lửa S-400");
    free(t);
}

/* Where something will happen ("đoàn sẽ tiếp tục hoạt động tại TP. Nha Trang") is no
 * party of what did. */
static void test_future_place_is_no_party(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Đối tác Thái Bình Dương"},
        {HT_BLK_BODY, "Sáng 18/5, Hải quân Hoa Kỳ đã kết thúc các hoạt động hỗ trợ nhân đạo tại TP. Đà Nẵng. "
                      "Kết thúc chuyến làm việc 10 ngày tại TP. Đà Nẵng, đoàn sẽ tiếp tục hoạt động tại TP. "
                      "Nha Trang, Khánh Hòa."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_int_equal(x.nactivities, 1);
    bool dn = false;
    for (size_t k = 0; k < x.activities[0].nparties; k++) {
        const ht_xparty *p = &x.parties[x.activities[0].parties[k]];
        dn |= !strcmp(p->name, "Đà Nẵng");
        assert_string_not_equal(p->name, "Nha Trang");
        assert_string_not_equal(p->name, "Khánh Hòa");
    }
    assert_true(dn);
    ht_extraction_free(&x);
}

/* The place of an event that is a locality ends with the locality's name. */
static void test_place_ends_with_locality(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Du khách Đức thăm miền Trung"},
        {HT_BLK_BODY, "Ngày 12/3, đoàn du khách Đức đến thăm tại Đà Nẵng xong đã nao nức đón xe ra Huế."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_int_equal(x.nactivities, 1);
    assert_non_null(x.activities[0].place);
    assert_string_equal(x.activities[0].place, "Đà Nẵng");
    ht_extraction_free(&x);
}

/* The place of an event: a sentence of its kind dated its day, when its main sentence
 * names none; a person after "nơi" is no place. */
static void test_place_of_dated_sentence(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Chủ tịch nước thăm tỉnh Phúc Kiến"},
        {HT_BLK_BODY, "Ngày 13/5, Chủ tịch nước Trần Đại Quang đã đi thăm tỉnh Phúc Kiến, Trung Quốc."},
        {HT_BLK_BODY, "Chiều 13/5, tại thành phố Phúc Châu, tỉnh Phúc Kiến, Chủ tịch nước đã dự Tọa đàm "
                      "hợp tác kinh tế Việt Nam - Trung Quốc."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_int_equal(x.nactivities, 1);
    assert_non_null(x.activities[0].place);
    assert_non_null(strstr(x.activities[0].place, "Phúc Châu"));
    const ht_xparty *city = fx_party_named(&x, "Phúc Châu");
    assert_non_null(city);
    assert_string_equal(city->kind, "district");
    assert_string_equal(city->parent, "CN-FJ");
    ht_extraction_free(&x);
    static const fx_line person[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 7/7, Nga và Hàn Quốc dự hội nghị thượng đỉnh G20."},
        {HT_BLK_BODY, "Khách sạn Park Hyatt là nơi ở Tổng thống Nga Vladimir Putin khi tham dự Hội nghị "
                      "thượng đỉnh G20 vào ngày 7/7."},
        {0, NULL}};
    fx_run(&x, person, NULL);
    assert_int_equal(x.nactivities, 1);
    if (x.activities[0].place)
        assert_null(strstr(x.activities[0].place, "Putin"));
    ht_extraction_free(&x);
}

/* Where an activity is: a name with a hyphen inside is whole ("Rô-ma"), a venue's head
 * holds the word of an event ("Trung tâm hội nghị"); an admin word before words in
 * lower case ("nhà ở xã hội"), one letter ("Q.2") and an event ("Lễ trao giải") are
 * none. */
static void test_place_words(void **st)
{
    (void)st;
    char *p = first_of("Ngày 5/6, tại Rô-ma, Bộ trưởng Ngoại giao Italia và Tunisia đã ký thỏa thuận "
                       "hợp tác.", false);
    assert_non_null(p);
    assert_string_equal(p, "Rô-ma");
    free(p);
    p = first_of("Ngày 5/6, tại Trung tâm hội nghị quốc gia, tỉnh Viêng Chăn và thành phố Hà Nội đã ký "
                 "thỏa thuận hợp tác.", false);
    assert_non_null(p);
    assert_true(!strncmp(p, "Trung tâm hội nghị quốc gia", strlen("Trung tâm hội nghị quốc gia")));
    free(p);
    p = first_of("Ngày 5/6, tỉnh Gunma (Nhật Bản) và tỉnh Bình Dương đã ký thỏa thuận hợp tác xây dựng "
                 "nhà ở xã hội tại tỉnh Bình Dương.", false);
    assert_non_null(p);
    assert_string_equal(p, "tỉnh Bình Dương");
    free(p);
    p = first_of("Ngày 5/6, đoàn công tác của tỉnh Gunma đã đến thăm một công ty tại Q.2.", false);
    assert_true(!p || strcmp(p, "Q") != 0);
    free(p);
    p = first_of("Ngày 5/6, học sinh tỉnh Quảng Trị đã nhận giải Ba tại Lễ trao giải cuộc thi khoa học "
                 "của Hàn Quốc.", false);
    assert_true(!p || strcmp(p, "Lễ") != 0);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agreement_with_term_and_tasks),
        cmocka_unit_test(test_numbered_tasks),
        cmocka_unit_test(test_year_from_published),
        cmocka_unit_test(test_visit_to_a_foreign_place),
        cmocka_unit_test(test_place_with_a_dot_inside),
        cmocka_unit_test(test_year_from_a_date_of_an_activity),
        cmocka_unit_test(test_body_acts_for_its_country),
        cmocka_unit_test(test_office_holder_acts_for_its_country),
        cmocka_unit_test(test_promise_and_its_amount),
        cmocka_unit_test(test_edition_year),
        cmocka_unit_test(test_people_of_history),
        cmocka_unit_test(test_no_year_stays_unknown),
        cmocka_unit_test(test_other_story),
        cmocka_unit_test(test_anniversary_and_commitment),
        cmocka_unit_test(test_agreement_in_force),
        cmocka_unit_test(test_json_shape),
        cmocka_unit_test(test_agreement_name_after_a_comma),
        cmocka_unit_test(test_anniversary_dated_years_ago),
        cmocka_unit_test(test_agreeing_to_hold),
        cmocka_unit_test(test_agreement_name_ends_on_a_word_of_its_own),
        cmocka_unit_test(test_body_inside_a_title),
        cmocka_unit_test(test_venue_is_no_party),
        cmocka_unit_test(test_source_of_the_news),
        cmocka_unit_test(test_continuing_the_programme),
        cmocka_unit_test(test_place_in_words),
        cmocka_unit_test(test_visit_destination),
        cmocka_unit_test(test_sightseeing_is_no_host),
        cmocka_unit_test(test_inauguration),
        cmocka_unit_test(test_trigger_amid_nouns),
        cmocka_unit_test(test_date_of_today),
        cmocka_unit_test(test_place_of_dated_sentence),
        cmocka_unit_test(test_day_after_wish),
        cmocka_unit_test(test_day_of_the_telling),
        cmocka_unit_test(test_agreement_title_ends),
        cmocka_unit_test(test_agreement_title_words),
        cmocka_unit_test(test_future_place_is_no_party),
        cmocka_unit_test(test_place_ends_with_locality),
        cmocka_unit_test(test_place_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
