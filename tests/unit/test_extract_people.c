/* Unit tests of people and titles (src/extract/people.c): titles before a name and in
 * apposition, short forms, Lao and Latin names, one record for two spellings, and
 * names that are not people (credits, bracketed links, names of schools). */
#include "extract_fixture.h"

static void test_title_chain_then_name(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin làm việc"},
        {HT_BLK_BODY, "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Kon Tum Nguyễn Văn An phát biểu tại buổi gặp."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *p = fx_person(&x, "Nguyễn Văn An");
    assert_non_null(p);
    assert_true(fx_has_title(p, "Phó Bí thư Tỉnh ủy"));
    assert_true(fx_has_title(p, "Chủ tịch UBND tỉnh Kon Tum"));
    assert_int_equal(p->party, (int)(fx_party(&x, "VN-KTM") - x.parties));
    assert_int_equal(x.npeople, 1);
    ht_extraction_free(&x);
}

static void test_short_forms(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "PCT UBND tỉnh Đắk Lắk Trần Thị Lan tiếp đoàn."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *p = fx_person(&x, "Trần Thị Lan");
    assert_non_null(p);
    assert_true(fx_has_title(p, "PCT UBND tỉnh Đắk Lắk"));
    assert_true(fx_has_title(p, "Phó Chủ tịch Ủy ban nhân dân tỉnh Đắk Lắk"));
    ht_extraction_free(&x);
}

/* A sentence may open with a function word before the title ("Theo Đại tá …"); "Anh"
 * after a title and before a name in Latin letters is the United Kingdom; "Cty" is
 * "Công ty"; "Bà Rịa-Vũng Tàu" is a province, not a woman. */
static void test_title_after_sentence_word(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Tàu cập cảng Tiên Sa. Theo Đại tá Stanfield L. Chien, Chỉ huy trưởng chương trình "
                      "PP17, tàu ở lại 10 ngày."},
        {HT_BLK_BODY, "Thủ tướng Anh Theresa May gặp Giám đốc Cty TNHH Đại Nguyên Trần Văn Hải."},
        {HT_BLK_BODY, "Giám đốc FBI James Comey và Chủ tịch HĐQT CTCP Bia Sài Gòn dự họp ở tỉnh Bà "
                      "Rịa-Vũng Tàu."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *c = fx_person(&x, "Stanfield L. Chien");
    assert_non_null(c);
    assert_true(fx_has_title(c, "Đại tá"));
    assert_true(fx_has_title(c, "Chỉ huy trưởng"));
    const ht_xperson *m = fx_person(&x, "Theresa May");
    assert_non_null(m);
    assert_true(fx_has_title(m, "Thủ tướng Anh"));
    assert_null(fx_person(&x, "Anh Theresa May"));
    assert_non_null(fx_party_named(&x, "Công ty trách nhiệm hữu hạn Đại Nguyên"));
    assert_non_null(fx_person(&x, "Trần Văn Hải"));
    /* an abbreviation between the title and the name; not before a company's name */
    assert_true(fx_has_title(fx_person(&x, "James Comey"), "Giám đốc FBI"));
    for (size_t k = 0; k < x.npeople; k++)
        if (fx_contains(x.people[k].name, "Sài Gòn") || fx_contains(x.people[k].name, "Rịa"))
            fail_msg("%s is no person", x.people[k].name);
    ht_extraction_free(&x);
}

static void test_words_of_the_title_before_the_name(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        /* the body the title heads ("Vụ trưởng Vụ …"), then the name, or no name */
        {HT_BLK_BODY, "Phó Vụ trưởng Vụ Hợp tác quốc tế Hoàng Minh Tâm đón đoàn. Bà Lê Thị Lan, "
                      "Vụ trưởng Vụ Giáo dục thường xuyên, phát biểu."},
        /* a ministry's short name or a country before the family name; the short name
         * alone, where the document names the ministry */
        {HT_BLK_BODY, "Bộ trưởng Công Thương Trương Quang Hải và Chủ tịch nước Việt Nam Trần Văn "
                      "Khánh dự lễ; Bộ trưởng Công Thương cho biết Bộ Công Thương sẽ hỗ trợ."},
        /* one word before a family name: an unlisted family name */
        {HT_BLK_BODY, "Giám đốc Giáp Văn Dũng và Ủy viên Ban Chấp hành Trung ương Đảng ký văn bản."},
        /* the place a "Chủ tịch" holds, unless it names a person of history; a place
         * whose name starts with the title's last word ("nước Trung Quốc") */
        {HT_BLK_BODY, "Chủ tịch Hà Nội Nguyễn Đức Chung và Chủ tịch nước Trung Quốc Tập Cận Bình "
                      "dâng hoa tưởng niệm Chủ tịch Hồ Chí Minh."},
        /* the province of the story, unnamed, then the holder; not a district's name */
        {HT_BLK_BODY, "Phó Chủ tịch UBND tỉnh Nguyễn Văn Hòa và Phó Chủ tịch UBND huyện Cát Hải dự."},
        /* a district whose name starts like a family name, then the holder's name */
        {HT_BLK_BODY, "Chủ tịch UBND huyện Châu Thành Lê Văn Khoa phát biểu."},
        /* … or like no family name, or with one as its second word */
        {HT_BLK_BODY, "Phó Chủ tịch UBND huyện Phù Mỹ Hà Ngọc Tân và Bí thư Đảng ủy xã Đồng Tâm Nguyễn "
                      "Tiến Triển cho biết."},
        {HT_BLK_BODY, "Phó Chủ tịch UBND huyện Gia Lâm Nguyễn Ngọc Thuần cũng cho biết."},
        /* after a place, capitalised words before the next title are its holder's name */
        {HT_BLK_BODY, "Dự tiệc có Chủ tịch tỉnh Phúc Kiến Vu Vĩ Quốc, Đại sứ Trung Quốc tại Việt Nam "
                      "Hồng Tiểu Dũng."},
        /* a family name after the place of a title starts its holder's name; a title of
         * two offices ("Đặc phái viên Tổng thống"), and its country after it */
        {HT_BLK_BODY, "Dự có Tỉnh trưởng Tỉnh Phúc Kiến Vũ Vi Quốc, Phó tỉnh trưởng Phúc Kiến Lý Đức Kim "
                      "và ngài Park Won Soon, Đặc phái viên Tổng Thống Hàn Quốc, Thị trưởng thành phố Seoul."},
        /* another title is no word of a body's name before a name */
        {HT_BLK_BODY, "Hôm sau, Thủ tướng Hun Sen và Thủ tướng Nguyễn Xuân Phúc dự lễ khánh thành cầu."},
        /* … nor an honorific */
        {HT_BLK_BODY, "Ban có ông Trần Văn Hiếu, Thứ trưởng Tài chính và ông Đặng Huy Đông, Thứ trưởng "
                      "Công Thương."},
        /* … and after a body whose name ends with a place */
        {HT_BLK_BODY, "Đón đoàn có Chủ tịch Hội đồng nhân dân tỉnh Xiêng Khoảng Xổm-phết Vông-xa, Phó Chủ tịch "
                      "Ủy ban nhân dân tỉnh Nghệ An Lê Văn Ba."},
        /* a caption's name glued to the sentence after it, which an honorific starts */
        {HT_BLK_BODY, "Bộ trưởng Giáo dục Lê Văn Tám Ông Tám cho biết thêm."},
        /* … or a function word ("Cùng", "Tại", "Theo"), not a given name ("Tài") */
        {HT_BLK_BODY, "Thủ tướng Campuchia Hun Sen Cùng dự lễ đón có Thứ trưởng Nguyễn Văn Tài Tại lễ."},
        /* a body whose head is its whole name; "Nhật", Japan, before a Latin name */
        {HT_BLK_BODY, "Tổng thư ký Liên Hợp Quốc Antonio Guterres gặp Thủ tướng Nhật Shinzo Abe. "
                      "Người phát ngôn Điện Kremlin Dmitry Peskov cũng có mặt."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *t = fx_person(&x, "Hoàng Minh Tâm");
    assert_non_null(t);
    assert_true(fx_has_title(t, "Phó Vụ trưởng Vụ Hợp tác quốc tế"));
    assert_non_null(fx_person(&x, "Lê Thị Lan"));
    const ht_xperson *h = fx_person(&x, "Trương Quang Hải");
    assert_non_null(h);
    assert_true(fx_has_title(h, "Bộ trưởng Công Thương"));
    assert_non_null(fx_person(&x, "Trần Văn Khánh"));
    assert_non_null(fx_person(&x, "Giáp Văn Dũng"));
    assert_true(fx_has_title(fx_person(&x, "Antonio Guterres"), "Tổng thư ký Liên Hợp Quốc"));
    assert_true(fx_has_title(fx_person(&x, "Shinzo Abe"), "Thủ tướng Nhật"));
    assert_non_null(fx_person(&x, "Dmitry Peskov"));
    assert_true(fx_has_title(fx_person(&x, "Nguyễn Đức Chung"), "Chủ tịch Hà Nội"));
    assert_true(fx_has_title(fx_person(&x, "Tập Cận Bình"), "Chủ tịch nước Trung Quốc"));
    assert_non_null(fx_person(&x, "Hồ Chí Minh"));
    assert_non_null(fx_person(&x, "Lê Văn Tám"));
    assert_non_null(fx_person(&x, "Hun Sen"));
    assert_non_null(fx_person(&x, "Nguyễn Văn Tài"));
    assert_true(fx_has_title(fx_person(&x, "Nguyễn Văn Hòa"), "Phó Chủ tịch UBND tỉnh"));
    assert_null(fx_person(&x, "Cát Hải"));
    assert_true(fx_has_title(fx_person(&x, "Vũ Vi Quốc"), "Tỉnh trưởng Tỉnh Phúc Kiến"));
    assert_true(fx_has_title(fx_person(&x, "Lý Đức Kim"), "Phó tỉnh trưởng Phúc Kiến"));
    assert_false(fx_has_title(fx_person(&x, "Lý Đức Kim"), "Tỉnh trưởng Tỉnh Phúc Kiến Vũ Vi Quốc"));
    assert_true(fx_has_title(fx_person(&x, "Park Won Soon"), "Đặc phái viên Tổng Thống Hàn Quốc"));
    assert_null(fx_person(&x, "Hàn Quốc"));
    assert_true(fx_has_title(fx_person(&x, "Vu Vĩ Quốc"), "Chủ tịch tỉnh Phúc Kiến"));
    assert_true(fx_has_title(fx_person(&x, "Hồng Tiểu Dũng"), "Đại sứ Trung Quốc tại Việt Nam"));
    assert_false(fx_has_title(fx_person(&x, "Hồng Tiểu Dũng"), "Chủ tịch tỉnh Phúc Kiến Vu Vĩ Quốc"));
    assert_true(fx_has_title(fx_person(&x, "Lê Văn Khoa"), "Chủ tịch UBND huyện Châu Thành"));
    assert_true(fx_has_title(fx_person(&x, "Hà Ngọc Tân"), "Phó Chủ tịch UBND huyện Phù Mỹ"));
    assert_true(fx_has_title(fx_person(&x, "Nguyễn Tiến Triển"), "Bí thư Đảng ủy xã Đồng Tâm"));
    assert_true(fx_has_title(fx_person(&x, "Nguyễn Ngọc Thuần"), "Phó Chủ tịch UBND huyện Gia Lâm"));
    for (size_t k = 0; k < fx_person(&x, "Đặng Huy Đông")->ntitles; k++)
        if (fx_contains(fx_person(&x, "Đặng Huy Đông")->titles[k], " và ông"))
            fail_msg("title %s", fx_person(&x, "Đặng Huy Đông")->titles[k]);
    for (size_t k = 0; k < fx_person(&x, "Nguyễn Xuân Phúc")->ntitles; k++)
        if (fx_contains(fx_person(&x, "Nguyễn Xuân Phúc")->titles[k], "Hun Sen"))
            fail_msg("title %s", fx_person(&x, "Nguyễn Xuân Phúc")->titles[k]);
    assert_true(fx_has_title(fx_person(&x, "Xổm-phết Vông-xa"), "Chủ tịch Hội đồng nhân dân tỉnh Xiêng Khoảng"));
    assert_false(fx_has_title(fx_person(&x, "Lê Văn Ba"), "Chủ tịch Hội đồng nhân dân tỉnh Xiêng Khoảng Xổm-phết Vông-xa"));
    assert_non_null(fx_party_named(&x, "Liên Hợp Quốc"));
    for (size_t k = 0; k < x.nparties; k++)
        if (fx_contains(x.parties[k].name, "Guterres") || fx_contains(x.parties[k].name, "Peskov"))
            fail_msg("%s is no body's name", x.parties[k].name);
    for (size_t k = 0; k < x.npeople; k++)
        if (fx_contains(x.people[k].name, "Vụ Hợp") || fx_contains(x.people[k].name, "Vụ Giáo") ||
            fx_contains(x.people[k].name, "Công Thương") ||
            fx_contains(x.people[k].name, "Việt Nam") || fx_contains(x.people[k].name, "Ban") ||
            fx_contains(x.people[k].name, "Hợp Quốc") || fx_contains(x.people[k].name, "Nhật") ||
            fx_contains(x.people[k].name, "Kremlin") || fx_contains(x.people[k].name, "Hà Nội") ||
            fx_contains(x.people[k].name, "Tám Ông"))
            fail_msg("%s is no person", x.people[k].name);
    ht_extraction_free(&x);
}

/* A title on the word for a province that names none ("Phó Chủ tịch UBND tỉnh") is
 * of the one Vietnamese province the story names; of none when it names two. */
static void test_unnamed_province(void **st)
{
    (void)st;
    static const fx_line one[] = {
        {HT_BLK_TITLE, "Đắk Lắk tiếp đoàn Sê Kông"},
        {HT_BLK_BODY, "Phó Chủ tịch UBND tỉnh Nguyễn Văn Hòa tiếp đoàn tỉnh Sê Kông (Lào). Ông Lê Văn Tư, "
                      "Phó Chủ tịch HĐND tỉnh, cùng dự; Bí thư Tỉnh ủy Phạm Minh Khôi chủ trì."},
        {0, NULL}};
    static const fx_line two[] = {
        {HT_BLK_TITLE, "Đắk Lắk và Gia Lai"},
        {HT_BLK_BODY, "Phó Chủ tịch UBND tỉnh Nguyễn Văn Hòa nói về hợp tác của Đắk Lắk với Gia Lai."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, one, NULL);
    const ht_xparty *dl = fx_party(&x, "VN-DLK");
    assert_non_null(dl);
    const ht_xperson *h = fx_person(&x, "Nguyễn Văn Hòa"), *t = fx_person(&x, "Lê Văn Tư");
    assert_non_null(h);
    assert_non_null(t);
    assert_true(h->party >= 0 && &x.parties[h->party] == dl);
    assert_true(t->party >= 0 && &x.parties[t->party] == dl);
    const ht_xperson *k = fx_person(&x, "Phạm Minh Khôi"); /* "Tỉnh ủy" names the province too */
    assert_non_null(k);
    assert_true(k->party >= 0 && &x.parties[k->party] == dl);
    ht_extraction_free(&x);
    /* of two titles, the one of a locality gives the party, not a national body */
    static const fx_line chain[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ông Lê Văn Minh, Ủy viên Ban Chấp hành Trung ương Hội Nông dân Việt Nam, Chủ tịch "
                      "UBND tỉnh Gia Lai, tiếp đoàn."},
        {0, NULL}};
    fx_run(&x, chain, NULL);
    h = fx_person(&x, "Lê Văn Minh");
    assert_non_null(h);
    assert_true(h->party >= 0 && !strcmp(x.parties[h->party].id, "VN-GLI"));
    ht_extraction_free(&x);
    fx_run(&x, two, NULL);
    h = fx_person(&x, "Nguyễn Văn Hòa");
    assert_non_null(h);
    assert_int_equal(h->party, -1);
    ht_extraction_free(&x);
    /* the ministry's short name after its minister's title, the ministry not named */
    static const fx_line minister[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Bộ trưởng Công Thương cho biết thêm về kế hoạch."},
        {0, NULL}};
    fx_run(&x, minister, NULL);
    assert_int_equal(x.npeople, 0);
    ht_extraction_free(&x);
}

static void test_apposition(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        /* the first title after "bà …," is hers, the others belong to the name after them */
        {HT_BLK_BODY, "Dự lễ có bà Lê Thị Hoa, Giám đốc Sở Ngoại vụ tỉnh Đắk Lắk, Phó Tỉnh trưởng, "
                      "Chủ tịch Hội hữu nghị Lào – Việt Nam tỉnh Sê Kông Xổm-phon Vông-xa, cùng nhiều khách."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *h = fx_person(&x, "Lê Thị Hoa");
    assert_non_null(h);
    assert_true(fx_has_title(h, "Giám đốc Sở Ngoại vụ tỉnh Đắk Lắk"));
    assert_false(fx_has_title(h, "Phó Tỉnh trưởng"));
    const ht_xperson *s = fx_person(&x, "Xổm-phon Vông-xa");
    assert_non_null(s);
    assert_true(fx_has_title(s, "Phó Tỉnh trưởng"));
    assert_true(fx_has_title(s, "Chủ tịch Hội hữu nghị Lào – Việt Nam tỉnh Sê Kông"));
    /* the association is the party of its chairman */
    assert_non_null(fx_party_named(&x, "Hội hữu nghị Lào – Việt Nam tỉnh Sê Kông"));
    assert_string_equal(x.parties[s->party].kind, "organisation");
    ht_extraction_free(&x);
}

/* Titles with their body or place, then ", ông|bà" and a name: the titles are that
 * person's when they start a clause, not when a verb takes them ("tiếp Đại sứ …"). */
static void test_titles_then_honorific(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Phát biểu tại buổi tiếp, Đại sứ Italy tại Việt Nam, bà Maria Rossi khẳng định hai bên "
                      "sẽ hợp tác. Sau đó ông Trần Văn Hưng tiếp Đại sứ Nhật Bản tại Việt Nam, ông Lê Văn Nam "
                      "cùng dự."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_true(fx_has_title(fx_person(&x, "Maria Rossi"), "Đại sứ Italy tại Việt Nam"));
    const ht_xperson *n = fx_person(&x, "Lê Văn Nam");
    assert_non_null(n);
    assert_false(fx_has_title(n, "Đại sứ Nhật Bản tại Việt Nam"));
    ht_extraction_free(&x);
}

/* Foreign words right after a title, then ", <title>": the holder's name, not a body's
 * ("Thượng nghị sĩ John Carter, Chủ tịch …"); Vietnamese words there name a body. */
static void test_foreign_holder_before_more_titles(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Đoàn gặp Thượng nghị sĩ Walter Brennan, Chủ tịch Ủy ban Đối ngoại Thượng viện. "
                      "Bí thư Đảng Cộng sản Trung Quốc, Chủ tịch nước Tập Cận Bình phát biểu. Thiếu tướng "
                      "Nguyễn Văn Hùng, Chủ nhiệm Chính trị Bộ đội Biên phòng (BĐBP) cho biết thêm."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *w = fx_person(&x, "Walter Brennan");
    assert_non_null(w);
    assert_true(fx_has_title(w, "Thượng nghị sĩ"));
    assert_true(fx_has_title(w, "Chủ tịch Ủy ban Đối ngoại Thượng viện"));
    assert_true(fx_has_title(fx_person(&x, "Tập Cận Bình"), "Bí thư Đảng Cộng sản Trung Quốc"));
    /* the head of a political department is one title ("Chính trị" is not a body) */
    assert_true(fx_has_title(fx_person(&x, "Nguyễn Văn Hùng"), "Chủ nhiệm Chính trị Bộ đội Biên phòng"));
    ht_extraction_free(&x);
}

/* A Lao name of six words, then its titles after a comma; an honorific and a name, then
 * titles with no comma; the Lao state written in lower case ("nước Cộng hòa dân chủ
 * nhân dân Lào"). */
static void test_long_names_and_glued_titles(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Lễ có bà Vong Sa Phan Ủy viên Bộ Chính trị, Chủ tịch Quốc hội nước Cộng hòa dân chủ "
                      "nhân dân Lào, cùng nhiều khách. Ông Khăm Phun Sỉ Tha La Văn, Tỉnh trưởng tỉnh "
                      "Hủa Phăn phát biểu. Dự có ông Trần Minh Chính Ủy viên Bộ Chính trị."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *v = fx_person(&x, "Vong Sa Phan");
    assert_non_null(v);
    assert_true(fx_has_title(v, "Ủy viên Bộ Chính trị"));
    assert_true(fx_has_title(v, "Chủ tịch Quốc hội nước Cộng hòa dân chủ nhân dân Lào"));
    assert_true(fx_has_title(fx_person(&x, "Khăm Phun Sỉ Tha La Văn"), "Tỉnh trưởng tỉnh Hủa Phăn"));
    assert_non_null(fx_party(&x, "LA"));
    /* "Chính Ủy viên": the name ends with "Chính", the title is "Ủy viên …" */
    assert_true(fx_has_title(fx_person(&x, "Trần Minh Chính"), "Ủy viên Bộ Chính trị"));
    ht_extraction_free(&x);
}

/* One word written with marks that no Vietnamese syllable has is a foreign name
 * ("Máxima"); Vietnamese words glued together are not ("Hươngnói"). */
static void test_one_marked_foreign_word(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Hoàng hậu Tây Ban Nha Letízia thăm Huế. Sau đó bà Hươngnói về chuyến đi."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_true(fx_has_title(fx_person(&x, "Letízia"), "Hoàng hậu Tây Ban Nha"));
    assert_null(fx_person(&x, "Hươngnói"));
    ht_extraction_free(&x);
}

/* A rank in lower case right before a full name ("là đại tá Stanfield Chien"); not
 * "các bác sĩ Khoa Răng Hàm Mặt" nor a rank before a body's name. */
static void test_rank_in_lower_case(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Chỉ huy đoàn là đại tá Walter Brennan. Theo bác sĩ Nguyễn Văn Hùng, các bác sĩ "
                      "Khoa Răng Hàm Mặt đã khám cho trẻ."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_true(fx_has_title(fx_person(&x, "Walter Brennan"), "đại tá"));
    assert_non_null(fx_person(&x, "Nguyễn Văn Hùng"));
    assert_null(fx_person(&x, "Khoa Răng Hàm Mặt"));
    ht_extraction_free(&x);
}

/* A rank with its service is a title: its country or body, then the name. */
static void test_rank_with_service(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Đại tá Hải quân Hoa Kỳ Stanfield Chien, Tổng chỉ huy chương trình, chia sẻ cảm "
                      "nghĩ. Trung tá Hải quân Hoàng gia Australia David Landon phát biểu."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_true(fx_has_title(fx_person(&x, "Stanfield Chien"), "Đại tá Hải quân Hoa Kỳ"));
    assert_true(fx_has_title(fx_person(&x, "David Landon"), "Trung tá Hải quân Hoàng gia Australia"));
    assert_null(fx_person(&x, "Hoa Kỳ Stanfield Chien"));
    ht_extraction_free(&x);
}

static void test_two_spellings_one_person(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Tỉnh trưởng tỉnh Sê Kông Bun-mi Xỉ-phăn-đon đến Đắk Lắk."},
        {HT_BLK_BODY, "Tỉnh trưởng tỉnh Sê Kông Bun-my Xỉ-phăn-đôn cảm ơn tỉnh bạn."},
        /* the same words in another order, with the same title */
        {HT_BLK_BODY, "Thống đốc tỉnh Nagano Sato Haruki và Thống đốc Haruki Sato gặp nhau."},
        /* two different people of one family name stay two */
        {HT_BLK_BODY, "Giám đốc Sở Y tế Nguyễn Văn Bình và Giám đốc Sở Tài chính Nguyễn Văn Minh dự họp."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *p = fx_person(&x, "Bun-mi Xỉ-phăn-đon");
    assert_non_null(p);
    assert_int_equal(p->naliases, 1);
    assert_true(fx_same(p->aliases[0], "Bun-my Xỉ-phăn-đôn"));
    const ht_xperson *j = fx_person(&x, "Sato Haruki");
    assert_non_null(j);
    assert_int_equal(j->naliases, 1);
    assert_true(fx_same(j->aliases[0], "Haruki Sato"));
    assert_ptr_not_equal(fx_person(&x, "Nguyễn Văn Bình"), fx_person(&x, "Nguyễn Văn Minh"));
    assert_int_equal(x.npeople, 4);
    ht_extraction_free(&x);
}

static void test_not_people(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Học sinh Trường THPT Lê Quý Đôn đón đoàn. (Ảnh: Hoàng Nam/TTXVN) "
                      "[Chủ tịch tỉnh Phạm Văn Tư thăm Lào] Đoàn về nước."},
        {HT_BLK_BYLINE, "Bà Trần Mai"},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_null(fx_person(&x, "Hoàng Nam"));
    assert_null(fx_person(&x, "Phạm Văn Tư"));
    assert_null(fx_person(&x, "Trần Mai"));
    assert_null(fx_person(&x, "Lê Quý Đôn"));
    assert_int_equal(x.npeople, 0);
    ht_extraction_free(&x);
    /* "T.Ư" is "Trung ương", a body's word; the Fed is a body, and the name after it
     * its holder's */
    static const fx_line bodies[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Cùng đi có các Ủy viên T.Ư Đảng. Chủ tịch Fed Jerome Powell phát biểu."},
        {0, NULL}};
    fx_run(&x, bodies, NULL);
    assert_non_null(fx_person(&x, "Jerome Powell"));
    assert_non_null(fx_party_named(&x, "Cục Dự trữ Liên bang Mỹ"));
    for (size_t k = 0; k < x.npeople; k++)
        if (fx_contains(x.people[k].name, "T.Ư") || fx_contains(x.people[k].name, "Fed"))
            fail_msg("%s is no person", x.people[k].name);
    ht_extraction_free(&x);
}

static void test_latin_names(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Đại sứ Australia Mark Lowe và ông Kim Jae-ho, Tổng Lãnh sự Hàn Quốc, thăm tỉnh."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *m = fx_person(&x, "Mark Lowe");
    assert_non_null(m);
    assert_true(fx_has_title(m, "Đại sứ Australia"));
    const ht_xperson *k = fx_person(&x, "Kim Jae-ho");
    assert_non_null(k);
    assert_true(fx_has_title(k, "Tổng Lãnh sự Hàn Quốc"));
    ht_extraction_free(&x);
}

/* A given name that could start a body's or a unit's name ("Viện", "Bộ", "Huyện",
 * "Trường") is the name's when no capitalised word follows it; a body after a name
 * stays a body. */
static void test_given_name_like_a_head(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Giám đốc Sở GTVT Hà Nội Vũ Văn Viện cho biết đã báo cáo. Ông Nguyễn Văn Huyện, "
                      "Tổng cục trưởng, và ông Nguyễn Hồng Trường cùng dự."},
        {HT_BLK_BODY, "Ông Trần Văn Minh Viện Khoa học Xã hội phát biểu."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_person(&x, "Vũ Văn Viện"));
    assert_non_null(fx_person(&x, "Nguyễn Văn Huyện"));
    assert_non_null(fx_person(&x, "Nguyễn Hồng Trường"));
    assert_non_null(fx_person(&x, "Trần Văn Minh"));
    for (size_t k = 0; k < x.npeople; k++)
        if (!strcmp(x.people[k].name, "Vũ Văn") || !strcmp(x.people[k].name, "Nguyễn Văn") ||
            !strcmp(x.people[k].name, "Nguyễn Hồng") || fx_contains(x.people[k].name, "Viện Khoa"))
            fail_msg("%s is not the whole name", x.people[k].name);
    ht_extraction_free(&x);
}

/* "Phó Trưởng Ban Tổ chức Trung ương": the body starts at the title's last word,
 * and no second body starts after the title; a body's name ends before "họp". */
static void test_body_from_the_titles_last_word(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ông Mai Văn Chính, Phó Trưởng Ban Tổ chức Trung ương đã công bố quyết định. "
                      "Bộ Tài chính họp báo chiều nay."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *p = fx_person(&x, "Mai Văn Chính");
    assert_non_null(p);
    assert_true(fx_has_title(p, "Phó Trưởng Ban Tổ chức Trung ương"));
    const ht_xparty *b = fx_party_named(&x, "Ban Tổ chức Trung ương");
    assert_non_null(b);
    assert_int_equal(b->nmentions, 1);
    assert_non_null(fx_party_named(&x, "Bộ Tài chính"));
    for (size_t k = 0; k < x.nparties; k++)
        if (!strcmp(x.parties[k].name, "Tổ chức Trung ương") || fx_contains(x.parties[k].name, "họp"))
            fail_msg("%s is not a body's name", x.parties[k].name);
    ht_extraction_free(&x);
}

/* "Hoàng gia" before a country is "royal", not the family Hoàng: the holder's name
 * follows the country; "Hoàng Gia Phát" is a man. */
static void test_royal_before_a_country(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Thủ tướng Nguyễn Xuân Phúc đón Thủ tướng Chính phủ Hoàng Gia Campuchia Samdech Hun "
                      "Sen. Ông Hoàng Gia Phát dự."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *h = fx_person(&x, "Hun Sen");
    assert_non_null(h);
    assert_true(h->party >= 0 && !strcmp(x.parties[h->party].id, "KH"));
    assert_non_null(fx_person(&x, "Hoàng Gia Phát"));
    for (size_t k = 0; k < x.npeople; k++)
        if (fx_contains(x.people[k].name, "Campuchia"))
            fail_msg("%s is no name", x.people[k].name);
    ht_extraction_free(&x);
}

/* A foreign word alone after a title is its holder's name, and ends the chain of
 * titles: "Tổng thống Trump, Tổng Bí thư Tô Lâm" gives Tô Lâm no "Tổng thống"; an
 * acronym is a body's name ("Giám đốc CDC, Tiến sĩ …"). */
static void test_foreign_holder_ends_the_chain(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Trả lời thư mời của Tổng thống Trump, Tổng Bí thư Tô Lâm nhấn mạnh lập trường. "
                      "Giám đốc CDC, Tiến sĩ Rochelle Walensky phát biểu."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *p = fx_person(&x, "Tô Lâm");
    assert_non_null(p);
    assert_true(fx_has_title(p, "Tổng Bí thư"));
    for (size_t k = 0; k < p->ntitles; k++)
        if (fx_contains(p->titles[k], "Tổng thống"))
            fail_msg("Tô Lâm holds no %s", p->titles[k]);
    const ht_xperson *w = fx_person(&x, "Rochelle Walensky");
    assert_non_null(w);
    assert_true(fx_has_title(w, "Giám đốc CDC"));
    ht_extraction_free(&x);
}

/* A province after a body's name in a title is the body's, not a holder's name; "ĐH"
 * stands for "Đại học". */
static void test_province_after_the_body_of_a_title(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ông Nguyễn Viết Đồng - Giám đốc Bệnh viện Đa Khoa Hà Tĩnh - cho biết. GS Hoàng Minh "
                      "Sơn - Hiệu trưởng ĐH Bách Khoa Hà Nội Qua các đợt kiểm tra thấy kỳ thi nghiêm túc."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_person(&x, "Nguyễn Viết Đồng"));
    assert_non_null(fx_person(&x, "Hoàng Minh Sơn"));
    for (size_t k = 0; k < x.npeople; k++)
        if (fx_contains(x.people[k].name, "Hà Tĩnh") || fx_contains(x.people[k].name, "Hà Nội"))
            fail_msg("%s is no person", x.people[k].name);
    bool uni = false;
    for (size_t k = 0; k < x.nparties; k++)
        uni |= !strncmp(x.parties[k].name, "Đại học Bách Khoa", strlen("Đại học Bách Khoa"));
    assert_true(uni);
    ht_extraction_free(&x);
}

/* A photo credit glued to the next sentence ends before "Ông", "Bà" or a title: the
 * person who speaks there is found whole, the photographer is no person. */
static void test_credit_glued_to_sentence(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Nước sạch về xã"},
        {HT_BLK_BODY, "Người dân xã Phong Vân đã có nước sạch. Ảnh: Trọng Tùng Ông Lê Văn Cường - Chủ "
                      "tịch UBND xã Phong Vân cho biết, người dân đã góp vốn."},
        {HT_BLK_BODY, "Trạm mới hoạt động. Ảnh: Thùy Trang Bà Nguyễn Thị Hoa, Giám đốc Sở Y tế cho "
                      "biết, trạm phục vụ 2.000 hộ."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *c = fx_person(&x, "Lê Văn Cường");
    assert_non_null(c);
    assert_true(fx_has_title(c, "Chủ tịch UBND xã Phong Vân"));
    const ht_xperson *h = fx_person(&x, "Nguyễn Thị Hoa");
    assert_non_null(h);
    assert_true(fx_has_title(h, "Giám đốc Sở Y tế"));
    assert_null(fx_person(&x, "Trọng Tùng"));
    assert_null(fx_person(&x, "Thùy Trang"));
    ht_extraction_free(&x);
}

/* A foreign name of one short word right after the title of a head of state or of a
 * minister is a person, one with the longer name of the document that ends with it;
 * not after a company's office, nor in a nickname in quotes. */
static void test_short_foreign_names(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Hội đàm tại Sochi"},
        {HT_BLK_BODY, "Tổng thống Syria Bashar al-Assad đã gặp Tổng thống Nga Vladimir Putin tại Sochi."},
        {HT_BLK_BODY, "Sau hội đàm, Tổng thống Putin cho biết hai bên đã nhất trí; Thủ tướng Campuchia "
                      "Hunsen gửi điện chúc mừng."},
        {HT_BLK_BODY, "Ông Phan Văn Dũng, Phó tổng giám đốc Vissan, cho biết giá heo tăng; ca sĩ được "
                      "gọi là “Hoàng tử Bolero” của cuộc thi."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *p = fx_person(&x, "Vladimir Putin");
    assert_non_null(p);
    assert_int_equal(p->nmentions, 2);
    assert_null(fx_person(&x, "Putin"));
    assert_non_null(fx_person(&x, "Bashar al-Assad"));
    const ht_xperson *h = fx_person(&x, "Hunsen");
    assert_non_null(h);
    assert_true(fx_has_title(h, "Thủ tướng Campuchia"));
    assert_null(fx_person(&x, "Vissan"));
    assert_null(fx_person(&x, "Bolero"));
    ht_extraction_free(&x);
}

/* A name of two words that ends exactly one longer name of the document is that
 * person, but not an alias of it (the registry would take every "Văn Minh" for one
 * person); with two such longer names it stays apart. */
static void test_two_word_short_name(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Bầu cử Pháp"},
        {HT_BLK_BODY, "Bà Marine Le Pen, ứng cử viên Tổng thống Pháp, gặp cử tri; bà Le Pen nói về "
                      "kinh tế. Ông Nguyễn Văn Minh và ông Trần Văn Minh cũng dự; ông Văn Minh phát biểu."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *p = fx_person(&x, "Marine Le Pen");
    assert_non_null(p);
    assert_int_equal(p->nmentions, 2);
    for (size_t k = 0; k < x.npeople; k++)
        assert_string_not_equal(x.people[k].name, "Le Pen");
    bool alias = false;
    for (size_t k = 0; k < p->naliases; k++)
        alias |= !strcmp(p->aliases[k], "Le Pen");
    assert_false(alias);
    assert_non_null(fx_person(&x, "Nguyễn Văn Minh"));
    assert_non_null(fx_person(&x, "Trần Văn Minh"));
    ht_extraction_free(&x);
}

/* Capitalised words after a title that end with a company's word or with the country
 * of a branch name the company the title heads, not a person; one word is the
 * company's when the document writes it so elsewhere, or when it is shaped as a
 * company's ("…bank"), or when, after a company's office, the document writes it
 * alone elsewhere (a club: "Juventus vẫn …"; not "Chủ tịch Bartomeu" each time). The
 * holder's name after the company is a person, the company part of the title. */
static void test_company_after_title(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Đại hội cổ đông"},
        {HT_BLK_BODY, "Ông Trần Văn Bình - Tổng giám đốc Sao Mai Bank - cho biết lợi nhuận tăng; Chủ "
                      "tịch Hòa Phát Group phát biểu. Tổng Giám đốc Larkspur Việt Nam chia sẻ kế hoạch."},
        {HT_BLK_BODY, "Ông Kim Min-jae hiện là Tổng Giám đốc Larkspur tại Việt Nam; Chủ tịch Tập đoàn "
                      "Kim Long Group Nguyễn Văn Quang dự lễ."},
        {HT_BLK_BODY, "TGĐ Vietnam Airlines Dương Trí Thành trao thỏa thuận; ông Dương Trí Thành, Tổng "
                      "Giám đốc Vietnam Airlines cho biết hãng sẽ mở đường bay."},
        {HT_BLK_BODY, "Chủ tịch Juventus nổi giận; Juventus vẫn nuôi hy vọng. Chủ tịch Bartomeu cho biết "
                      "Barca đã sẵn sàng; theo lời Chủ tịch Bartomeu, HLV mới sẽ đến. Giám đốc "
                      "Vietcombank dự họp; Chủ tịch HĐQT Sunlandbank phát biểu."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_person(&x, "Trần Văn Bình"));
    assert_non_null(fx_person(&x, "Kim Min-jae"));
    assert_null(fx_person(&x, "Sao Mai Bank"));
    assert_null(fx_person(&x, "Hòa Phát Group"));
    assert_null(fx_person(&x, "Larkspur Việt Nam"));
    assert_null(fx_person(&x, "Larkspur"));
    const ht_xperson *q = fx_person(&x, "Nguyễn Văn Quang");
    assert_non_null(q);
    assert_true(fx_has_title(q, "Chủ tịch Tập đoàn Kim Long Group"));
    assert_non_null(fx_person(&x, "Dương Trí Thành"));
    assert_null(fx_person(&x, "Airlines Dương Trí Thành"));
    assert_null(fx_person(&x, "Airlines"));
    assert_null(fx_person(&x, "Juventus"));
    assert_non_null(fx_person(&x, "Bartomeu"));
    assert_null(fx_person(&x, "Vietcombank"));
    assert_null(fx_person(&x, "Sunlandbank"));
    ht_extraction_free(&x);
}

/* A body's name does not end on a dash; a full name after the dash is the holder of
 * the title that names the body ("Phó giám đốc Công ty … - Nguyễn Văn Đực"), not two
 * words of a place ("Trưởng phòng Đài Loan - Châu Mỹ"). */
static void test_dash_between_body_and_name(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Nhà ở xã hội"},
        {HT_BLK_BODY, "Phó giám đốc Công ty TNHH Địa ốc Đất Lành - Nguyễn Văn Đực tin rằng giá sẽ giảm. "
                      "Ngày 30/4, Chủ tịch UBND tỉnh Hưng Yên - Đỗ Quốc Văn đã ký công điện."},
        {HT_BLK_BODY, "Bà Nguyễn Thị Nhung, Trưởng phòng Đài Loan - Châu Mỹ cho biết số lao động tăng."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *p = fx_person(&x, "Nguyễn Văn Đực");
    assert_non_null(p);
    assert_true(fx_has_title(p, "Phó giám đốc Công ty TNHH Địa ốc Đất Lành"));
    assert_non_null(fx_person(&x, "Đỗ Quốc Văn"));
    assert_null(fx_person(&x, "Châu Mỹ"));
    for (size_t k = 0; k < x.nparties; k++) {
        size_t n = strlen(x.parties[k].name);
        if (n && (x.parties[k].name[n - 1] == '-' || x.parties[k].name[n - 1] == ' '))
            fail_msg("a name that ends on a dash: %s", x.parties[k].name);
    }
    ht_extraction_free(&x);
}

/* A caption's whole name glued to the next sentence ends before the word that starts
 * it ("… Nguyễn Xuân Phúc Ngày 5/6 …", "… Donald Trump Tuy nhiên …", "Bob Berry Tờ …"),
 * or before another name that a great family name starts ("Vũ Văn Tám Phạm Anh"); a
 * given name that is such a word stays ("Nguyễn Văn Để", "Võ Văn Còn"). */
static void test_name_before_glued_sentence(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Thủ tướng dự lễ"},
        {HT_BLK_BODY, "Thủ tướng Nguyễn Xuân Phúc phát biểu. Ảnh: TTXVN Thủ tướng Nguyễn Xuân Phúc Ngày "
                      "5/6, đoàn đã tới Washington và gặp Tổng thống Donald Trump Tuy nhiên lịch trình "
                      "thay đổi."},
        {HT_BLK_BODY, "Ông Nguyễn Văn Để (76 tuổi) khai đã cất giữ súng; ông Võ Văn Còn, chủ cửa hàng "
                      "hoa, cho biết giá tăng."},
        {HT_BLK_BODY, "“Chính sách này không thất bại”, Thứ trưởng Vũ Văn Tám Phạm Anh (thực hiện). Ông Bob "
                      "Berry Tờ Manchester Evening News đưa tin."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_person(&x, "Nguyễn Xuân Phúc"));
    assert_non_null(fx_person(&x, "Donald Trump"));
    assert_non_null(fx_person(&x, "Nguyễn Văn Để"));
    assert_non_null(fx_person(&x, "Võ Văn Còn"));
    assert_null(fx_person(&x, "Nguyễn Xuân Phúc Ngày"));
    assert_null(fx_person(&x, "Donald Trump Tuy"));
    assert_non_null(fx_person(&x, "Vũ Văn Tám"));
    assert_null(fx_person(&x, "Vũ Văn Tám Phạm Anh"));
    assert_non_null(fx_person(&x, "Bob Berry"));
    ht_extraction_free(&x);
}

/* Abbreviations in capitals, or a company's word, between a title and a full name are
 * the title's body ("Bộ trưởng GD-ĐT Phùng Xuân Nhạ", "Chủ tịch HĐTV EVN Dương Quang
 * Thành", "Chủ tịch Vietjet Nguyễn Thị Phương Thảo, Chủ tịch Hòa Phát …"). */
static void test_abbreviations_before_the_name(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Năm học mới"},
        {HT_BLK_BODY, "Bộ trưởng GD-ĐT Phùng Xuân Nhạ dự lễ khai giảng; Chủ tịch HĐTV EVN Dương Quang "
                      "Thành trao học bổng."},
        {HT_BLK_BODY, "Tài sản của Chủ tịch Vietjet Nguyễn Thị Phương Thảo, Chủ tịch Hòa Phát Trần Đình Long "
                      "cũng tăng; Phó Tổng giám đốc LPBank Nguyễn Thị Kiều Anh cho biết."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_person(&x, "Phùng Xuân Nhạ"));
    const ht_xperson *p = fx_person(&x, "Dương Quang Thành");
    assert_non_null(p);
    assert_true(fx_has_title(p, "Chủ tịch HĐTV EVN"));
    assert_null(fx_person(&x, "GD-ĐT Phùng Xuân Nhạ"));
    assert_null(fx_person(&x, "HĐTV EVN Dương Quang Thành"));
    const ht_xperson *t = fx_person(&x, "Nguyễn Thị Phương Thảo");
    assert_non_null(t);
    assert_true(fx_has_title(t, "Chủ tịch Vietjet"));
    const ht_xperson *l = fx_person(&x, "Trần Đình Long");
    assert_non_null(l);
    assert_false(fx_has_title(l, "Chủ tịch Vietjet Nguyễn Thị Phương Thảo"));
    assert_non_null(fx_person(&x, "Nguyễn Thị Kiều Anh"));
    assert_null(fx_person(&x, "LPBank Nguyễn Thị Kiều Anh"));
    ht_extraction_free(&x);
}

/* After a title and its place, a name of two words or more that no table of family
 * names lists is the holder's, not words of the title before the next one ("Tỉnh
 * trưởng Phúc Kiến Vu Vỹ Quốc, Đại sứ …"); after a ministry no table lists, its
 * words up to its country are its name ("Thứ trưởng Bộ Nông Lâm Lào Khămbunnắt
 * Xaynhạnôm"); "Lầu Năm Góc" is a body, whose family-name-like first word ("Lầu") starts
 * no name. */
static void test_unlisted_name_after_place(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tọa đàm hợp tác"},
        {HT_BLK_BODY, "Về phía Trung Quốc, có Tỉnh trưởng Phúc Kiến Vu Vỹ Quốc, Đại sứ Trung Quốc tại Việt "
                      "Nam Hồng Tiểu Dũng và lãnh đạo các sở, ngành tỉnh Phúc Kiến."},
        {HT_BLK_BODY, "Thứ trưởng Bộ Nông Lâm Lào Khămbunnắt Xaynhạnôm trình bày tham luận."},
        {HT_BLK_BODY, "Người phát ngôn Lầu Năm Góc Dana White cho biết Bộ trưởng sẽ tới châu Á."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *v = fx_person(&x, "Vu Vỹ Quốc");
    assert_non_null(v);
    assert_true(fx_has_title(v, "Tỉnh trưởng Phúc Kiến"));
    const ht_xperson *h = fx_person(&x, "Hồng Tiểu Dũng");
    assert_non_null(h);
    assert_false(fx_has_title(h, "Tỉnh trưởng Phúc Kiến Vu Vỹ Quốc"));
    const ht_xperson *k = fx_person(&x, "Khămbunnắt Xaynhạnôm");
    assert_non_null(k);
    assert_true(fx_has_title(k, "Thứ trưởng Bộ Nông Lâm Lào"));
    assert_non_null(fx_person(&x, "Dana White"));
    assert_null(fx_person(&x, "Lầu Năm Góc Dana White"));
    assert_non_null(fx_party_named(&x, "Lầu Năm Góc"));
    ht_extraction_free(&x);
}

/* After a title that ends with the head of a company or a school, the words are the
 * body's name, unless a full name follows them; not after a body the story names
 * ("Phó chủ nhiệm Ủy ban Nguyễn Văn Tuyết"). A title glued after a hyphen is not part
 * of the name ("Lê Hoàng Phong-Giám đốc"). */
static void test_body_name_after_head(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Công văn"},
        {HT_BLK_BODY, "Công văn do ông Lê Hoàng Phong-Giám đốc Công ty Hoàng Gia Phát ký. Hiệu trưởng "
                      "Trường Lương Thế Vinh phát biểu; Chủ tịch Công ty Minh Long Nguyễn Văn An dự lễ."},
        {HT_BLK_BODY, "Công văn do Phó chủ nhiệm Ủy ban Nguyễn Văn Tuyết ký ngày 15/5/2017."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_person(&x, "Lê Hoàng Phong"));
    assert_null(fx_person(&x, "Hoàng Gia Phát"));
    assert_null(fx_person(&x, "Lương Thế Vinh"));
    const ht_xperson *a = fx_person(&x, "Nguyễn Văn An");
    assert_non_null(a);
    assert_true(fx_has_title(a, "Chủ tịch Công ty Minh Long"));
    assert_non_null(fx_person(&x, "Nguyễn Văn Tuyết"));
    ht_extraction_free(&x);
}

/* A name of three words that ends exactly one longer name by one word is that person
 * and one of its names ("Esteban Lazo Hernández" of "Juan Esteban Lazo Hernandez");
 * the longer one is the shorter when its first word is none of the name ("Ông Trần
 * Hữu Sơn", "VPBank Ngô Chí Dũng", "Samsung Lee Kun-hee"). */
static void test_three_word_name_inside_longer(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Quan hệ Việt Nam - Cuba"},
        {HT_BLK_BODY, "Chủ tịch Quốc hội Cuba Juan Esteban Lazo Hernandez thăm Bến Tre; ông Esteban Lazo "
                      "Hernández phát biểu. Tổng giám đốc VPBank Ngô Chí Dũng cho biết; ông Ngô Chí Dũng nói "
                      "thêm."},
        {HT_BLK_BODY, "Samsung công bố kết quả; Chủ tịch Samsung Lee Kun-hee qua đời; Samsung cho biết ông "
                      "Lee Kun-hee để lại di sản lớn và Samsung sẽ tiếp tục."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *j = fx_person(&x, "Juan Esteban Lazo Hernandez");
    assert_non_null(j);
    assert_int_equal(j->nmentions, 2);
    for (size_t k = 0; k < x.npeople; k++) {
        assert_string_not_equal(x.people[k].name, "Esteban Lazo Hernández");
        assert_string_not_equal(x.people[k].name, "VPBank Ngô Chí Dũng");
        assert_string_not_equal(x.people[k].name, "Samsung Lee Kun-hee");
    }
    const ht_xperson *n = fx_person(&x, "Ngô Chí Dũng");
    assert_non_null(n);
    assert_int_equal(n->nmentions, 2);
    const ht_xperson *l = fx_person(&x, "Lee Kun-hee");
    assert_non_null(l);
    assert_int_equal(l->nmentions, 2);
    ht_extraction_free(&x);
}

/* After two foreign words a syllable with Vietnamese marks starts what follows ("Barack
 * Obama Chính quyền …", "Jeremy Corbyn Hơn nữa"), but not the "Việt Nam" of a company
 * ("Tổng giám đốc Hanwha Energy Việt Nam" names no person). */
static void test_foreign_name_before_glued_word(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Theo cựu Tổng thống Barack Obama Chính quyền mới đã phản đối. Ông Jeremy Corbyn Hơn "
                      "nữa, đảng này thua."},
        {HT_BLK_BODY, "Theo ông Shin Byung Chul, Tổng giám đốc Hanwha Energy Việt Nam, đầu tư tăng; "
                      "ông Peter Smith Nguyễn Văn An cùng dự."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    if (!fx_person(&x, "Barack Obama") || !fx_person(&x, "Jeremy Corbyn") || !fx_person(&x, "Shin Byung Chul"))
        fail_msg("a foreign name not found");
    for (size_t k = 0; k < x.npeople; k++) {
        const char *n = x.people[k].name;
        if (strstr(n, "Chính") || strstr(n, "Hơn") || strstr(n, "Hanwha"))
            fail_msg("a word of what follows in a name: %s", n);
    }
    ht_extraction_free(&x);
}

/* A title after a person's name and a comma is his even before a verb when it names
 * its body ("TS Lê Thị Minh Lý, Ủy viên Hội đồng Di sản văn hóa quốc gia nhận định");
 * a bare title, or one that names a country, there starts a clause of its own ("…
 * Shinzo Abe, Tổng thống Mỹ khẳng định"), and titles before "đều" (all) are other
 * people's. */
static void test_title_naming_its_body_after_name(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ở góc độ khác, TS Lê Thị Minh Lý, Ủy viên Hội đồng Di sản văn hóa quốc gia nhận "
                      "định, nhận thức còn sai lệch."},
        {HT_BLK_BODY, "Trong cuộc gặp với Thủ tướng Nhật Bản Shinzo Abe, Tổng thống Mỹ khẳng định quan hệ "
                      "tốt đẹp."},
        {HT_BLK_BODY, "Hôm nay Phó thủ tướng Trương Hòa Bình, Viện trưởng Viện Kiểm sát nhân dân Tối cao, "
                      "Bộ trưởng Bộ Công an đều nói rằng sẽ bảo vệ doanh nghiệp."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *ly = fx_person(&x, "Lê Thị Minh Lý"), *abe = fx_person(&x, "Shinzo Abe");
    if (!ly || !fx_has_title(ly, "Ủy viên Hội đồng Di sản văn hóa quốc gia"))
        fail_msg("Lê Thị Minh Lý: no title of her body");
    if (!abe || fx_has_title(abe, "Tổng thống Mỹ"))
        fail_msg("Shinzo Abe: missing, or given the next clause's title");
    const ht_xperson *binh = fx_person(&x, "Trương Hòa Bình");
    if (!binh || fx_has_title(binh, "Bộ trưởng Bộ Công an"))
        fail_msg("Trương Hòa Bình: missing, or given the titles of the others");
    ht_extraction_free(&x);
}

/* "Chánh Thanh tra", "Trưởng khoa", "Trưởng bộ môn", "Chi cục trưởng", "Vụ phó" are
 * titles ("Vụ phó Vụ …" heads the body it names, as "Vụ trưởng Vụ …"); after a title that
 * ends on the word for a unit ("khoa", "phòng", "bộ môn"), capitalised words that no
 * family name starts are the unit's name, and the holder's name is the next one with a
 * family name ("Phó Trưởng khoa Răng Hàm Mặt BV Nhi Đồng 1 Nguyễn Văn Bình"), or none
 * ("Trưởng phòng Marketing của …"). */
static void test_titles_of_units(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ông Vũ Ngọc Dũng, Phó Chánh Thanh tra Bộ GTVT cho biết, đã xử lý. Phó Trưởng khoa "
                      "Răng Hàm Mặt BV Nhi Đồng 1 Nguyễn Văn Bình cho biết, ca mổ thành công."},
        {HT_BLK_BODY, "Bà Nguyễn Kiều Anh, Trưởng phòng Marketing của Tập đoàn Phú Quý cho hay, giá vàng "
                      "tăng."},
        {HT_BLK_BODY, "Vụ phó Vụ Quản lý doanh nghiệp Trần Quốc Trung cho biết, đã gửi báo cáo; Chi cục "
                      "trưởng Nguyễn Văn Cường cũng dự."},
        {HT_BLK_BODY, "Dự lễ có bà Susan Sutton, Phó Đại sứ Hoa Kỳ tại Việt Nam, và ông Sam Wood, Phó Tổng "
                      "Lãnh sự Hoa Kỳ."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *dung = fx_person(&x, "Vũ Ngọc Dũng"), *binh = fx_person(&x, "Nguyễn Văn Bình");
    if (!dung || !fx_has_title(dung, "Phó Chánh Thanh tra Bộ GTVT"))
        fail_msg("Vũ Ngọc Dũng: no title Phó Chánh Thanh tra Bộ GTVT");
    if (!binh || !fx_has_title(binh, "Phó Trưởng khoa Răng Hàm Mặt BV Nhi Đồng 1"))
        fail_msg("Nguyễn Văn Bình: no title of his unit");
    if (!fx_person(&x, "Nguyễn Kiều Anh"))
        fail_msg("Nguyễn Kiều Anh: not found");
    const ht_xperson *trung = fx_person(&x, "Trần Quốc Trung"), *cuong = fx_person(&x, "Nguyễn Văn Cường");
    if (!trung || !fx_has_title(trung, "Vụ phó Vụ Quản lý doanh nghiệp"))
        fail_msg("Trần Quốc Trung: no title Vụ phó Vụ Quản lý doanh nghiệp");
    if (!cuong || !fx_has_title(cuong, "Chi cục trưởng"))
        fail_msg("Nguyễn Văn Cường: no title Chi cục trưởng");
    assert_true(fx_has_title(fx_person(&x, "Susan Sutton"), "Phó Đại sứ Hoa Kỳ tại Việt Nam"));
    assert_true(fx_has_title(fx_person(&x, "Sam Wood"), "Phó Tổng Lãnh sự Hoa Kỳ"));
    for (size_t k = 0; k < x.npeople; k++)
        if (!strcmp(x.people[k].name, "Marketing") || strstr(x.people[k].name, "Răng") ||
            !strncmp(x.people[k].name, "Vụ ", strlen("Vụ ")))
            fail_msg("a unit's name taken for a person: %s", x.people[k].name);
    ht_extraction_free(&x);
}

/* Professions and distinctions before a name ("Nhà báo", "nhạc sĩ", "NSƯT", "TS.BS"):
 * a person each, in a list too; inside an association's name ("Hội Nhà văn Việt
 * Nam", "Liên chi hội Nhà báo …") the name of a body, not a person's. */
static void test_professions(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Theo TS.BS Trần Văn Hùng, bệnh nhân đã ổn định. Tối qua, nhà báo Lê Thị Mai "
                      "và KTS Hoàng Minh Đạo dự buổi gặp của Hội Nhà văn Việt Nam tại Hà Nội."},
        {HT_BLK_BODY, "Dự có NSƯT Kim Lan, NSND Thu Vân, nhạc sĩ Nguyễn Văn Tú và hội viên Liên chi hội Nhà "
                      "báo Ngành Giao thông."},
        /* "sỹ" for "sĩ"; singers, artists, academicians */
        {HT_BLK_BODY, "Ca sĩ Mỹ Linh, nghệ sĩ Trần Lực và Tiến sỹ Lê Đăng Doanh gặp Viện sỹ Sergei Petrov."},
        /* "là" is no word of a body's name between a title and a name */
        {HT_BLK_BODY, "Nghệ sĩ Minh Vượng tên đầy đủ là Đỗ Minh Vượng."},
        /* coaches, experts, billionaires; a team or a show after the profession is no
         * name, a name may follow the team */
        {HT_BLK_BODY, "HLV Park Hang-seo, chuyên gia Nguyễn Văn Hải và tỷ phú Warren Buffett gặp nhau. HLV U20 "
                      "Argentina cho biết. HLV The Face nói. HLV Man City hài lòng. Đội trưởng U20 Việt Nam "
                      "Quang Hải ghi bàn. Phó chủ tịch Man Utd Ed Woodward dự. Bộ trưởng Thể thao Triều Tiên "
                      "Kim Il Guk dự."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    static const char *const want[][2] = {{"Trần Văn Hùng", "TS.BS"}, {"Lê Thị Mai", "nhà báo"},
                                         {"Hoàng Minh Đạo", "Kiến trúc sư"}, {"Kim Lan", "NSƯT"},
                                         {"Thu Vân", "NSND"}, {"Nguyễn Văn Tú", "nhạc sĩ"},
                                         {"Mỹ Linh", "Ca sĩ"}, {"Trần Lực", "nghệ sĩ"},
                                         {"Lê Đăng Doanh", "Tiến sỹ"}, {"Sergei Petrov", "Viện sỹ"},
                                         {"Minh Vượng", "Nghệ sĩ"},
                                         {"Park Hang-seo", "HLV"}, {"Nguyễn Văn Hải", "chuyên gia"},
                                         {"Warren Buffett", "tỷ phú"},
                                         {"Quang Hải", "Đội trưởng U20 Việt Nam"},
                                         {"Ed Woodward", "Phó chủ tịch Man Utd"},
                                         {"Kim Il Guk", "Bộ trưởng Thể thao Triều Tiên"}};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        const ht_xperson *p = fx_person(&x, want[k][0]);
        if (!p || !fx_has_title(p, want[k][1]))
            fail_msg("%s: no title %s", want[k][0], want[k][1]);
    }
    if (fx_has_title(fx_person(&x, "Kim Lan"), "NSND Thu Vân"))
        fail_msg("Kim Lan holds the next name");
    for (size_t k = 0; k < x.npeople; k++)
        for (size_t t = 0; t < x.people[k].ntitles; t++)
            if (fx_contains(x.people[k].titles[t], "tên đầy đủ"))
                fail_msg("%s: title %s", x.people[k].name, x.people[k].titles[t]);
    assert_non_null(fx_party_named(&x, "Hội Nhà văn Việt Nam"));
    static const char *const teams[] = {"U20 Argentina", "Argentina", "The Face", "Man City"};
    for (size_t k = 0; k < sizeof teams / sizeof teams[0]; k++)
        if (fx_person(&x, teams[k]))
            fail_msg("a team taken for a person: %s", teams[k]);
    for (size_t k = 0; k < x.npeople; k++)
        if (fx_contains(x.people[k].name, "Việt Nam") || fx_contains(x.people[k].name, "Ngành"))
            fail_msg("a body's words taken for a person: %s", x.people[k].name);
    ht_extraction_free(&x);
}

/* Ministers of other countries: "Ngoại trưởng", and after "Bộ trưởng" or "Thứ trưởng"
 * the ministry's field, a country and a foreign name ("Bộ trưởng Quốc phòng Mỹ Jim
 * Mattis"); a country of two words inside the capitalised words after a title ends the
 * title. Not after a body's name, nor after "của", "tại", "thời", nor after an office
 * of a company. Offices held before keep their "cựu" or "nguyên". */
static void test_foreign_ministers(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 15/8, Bộ trưởng Ngoại giao Nhật Bản Taro Kono đã hội đàm với Ngoại trưởng Mỹ Rex "
                      "Tillerson. Bộ trưởng Quốc phòng Mỹ Jim Mattis và Thứ trưởng Ngoại giao Nga Sergei "
                      "Ryabkov cũng dự."},
        {HT_BLK_BODY, "Nữ nghệ sĩ Violin Hàn Quốc Jmi Ko biểu diễn."},
        /* former offices; offices in lower case before a country and a name */
        {HT_BLK_BODY, "Cựu Tổng thống Mỹ Barack Obama phát biểu. Nguyên Thủ tướng Nguyễn Tấn Dũng dự. Sau đó, "
                      "thủ tướng Nhật Bản Shinzo Abe đến. Ứng viên tổng thống Pháp Emmanuel Macron xem phim "
                      "về công chúa Bạch Tuyết. Bà cảm ơn cựu ngoại trưởng Mỹ Madeleine Albright."},
        /* attachés and generals; "tướng" as a word of another ("lão tướng", a veteran) */
        {HT_BLK_BODY, "Dự lễ có Tùy viên Quốc phòng Úc Nerolie McDonald, Tướng Vincent Brooks và Chuẩn tướng "
                      "Restituto Padilla. Đội bóng có lão tướng Aritz Aduriz."},
        /* particles in lower case inside foreign names */
        {HT_BLK_BODY, "Chủ tịch Ủy ban châu Âu Ursula von der Leyen gặp Thái tử Mohammed bin Salman, quốc vương "
                      "Bahrain Hamad bin Isa al-Khalifa và ông Luiz Inácio Lula da Silva."},
        {HT_BLK_BODY, "Hiệu trưởng Trường Đại học Oxford Louise Richardson phát biểu. Ông Robert Reich, Bộ trưởng "
                      "Lao động Mỹ dưới thời Bill Clinton cho biết. Giám đốc Điều hành North Stars Asia cho biết."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    static const char *const want[][2] = {{"Taro Kono", "Bộ trưởng Ngoại giao Nhật Bản"},
                                         {"Rex Tillerson", "Ngoại trưởng Mỹ"},
                                         {"Jim Mattis", "Bộ trưởng Quốc phòng Mỹ"},
                                         {"Sergei Ryabkov", "Thứ trưởng Ngoại giao Nga"},
                                         {"Jmi Ko", "nghệ sĩ Violin Hàn Quốc"},
                                         {"Barack Obama", "Cựu Tổng thống Mỹ"},
                                         {"Nguyễn Tấn Dũng", "Nguyên Thủ tướng"},
                                         {"Madeleine Albright", "cựu ngoại trưởng Mỹ"},
                                         {"Ursula von der Leyen", "Chủ tịch Ủy ban châu Âu"},
                                         {"Nerolie McDonald", "Tùy viên Quốc phòng Úc"},
                                         {"Vincent Brooks", "Tướng"},
                                         {"Restituto Padilla", "Chuẩn tướng"},
                                         {"Mohammed bin Salman", "Thái tử"},
                                         {"Hamad bin Isa al-Khalifa", "quốc vương Bahrain"},
                                         {"Shinzo Abe", "thủ tướng Nhật Bản"}};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        const ht_xperson *p = fx_person(&x, want[k][0]);
        if (!p || !fx_has_title(p, want[k][1]))
            fail_msg("%s: no title %s", want[k][0], want[k][1]);
    }
    static const char *const not_people[] = {"Oxford Louise Richardson", "North Stars Asia", "Bạch Tuyết"};
    for (size_t k = 0; k < sizeof not_people / sizeof not_people[0]; k++)
        if (fx_person(&x, not_people[k]))
            fail_msg("taken for a person after a title: %s", not_people[k]);
    for (size_t k = 0; k < x.npeople; k++)
        for (size_t t = 0; t < x.people[k].ntitles; t++)
            if (fx_contains(x.people[k].titles[t], "dưới thời"))
                fail_msg("%s: title %s", x.people[k].name, x.people[k].titles[t]);
    assert_true(fx_has_title(fx_person(&x, "Robert Reich"), "Bộ trưởng"));
    if (fx_has_title(fx_person(&x, "Emmanuel Macron"), "tổng thống Pháp"))
        fail_msg("a candidate taken for the office holder");
    assert_non_null(fx_person(&x, "Luiz Inácio Lula da Silva"));
    if (fx_has_title(fx_person(&x, "Aritz Aduriz"), "tướng"))
        fail_msg("a veteran player taken for a general");
    ht_extraction_free(&x);
}

/* An initial alone before a Vietnamese word that starts the next sentence ("bà H.
 * Kết quả …") is no name; a transliterated name after an initial is ("A. Cô-bi-a-cốp");
 * "ông" and "bà" are no honorifics in "đàn ông", "Phật Bà", nor in a heading in
 * capitals; an honorific after a title is no word of the name. */
static void test_not_names(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Nghi phạm đã sát hại bà H. Kết quả điều tra cho thấy hắn quen bà T. Các trinh sát "
                      "đã vào cuộc. Một người đàn ông Scotland lái xe chậm. Tượng Phật Bà Quan Âm cao 30 m."},
        {HT_BLK_BODY, "Thủ tướng Bê-la-rút A. Cô-bi-a-cốp và ông J. Smith dự. Thông điệp là: ÔNG LÀ NGƯỜI DƯNG."},
        {HT_BLK_BODY, "Bị hại là bà Phan Thị H. Thông tin ban đầu cho biết Thượng nghị sĩ John McCain III và "
                      "bà Nguyễn Thu Hà HỢP TÁC QUỐC TẾ cùng dự."},
        {HT_BLK_BODY, "Lễ có ông Shoigu Hình ảnh được phát lại. Ông Johnathan Hạnh Nguyễn cũng đến."},
        /* an abbreviation right after the title words, nothing capitalised after it */
        {HT_BLK_BODY, "Ông Võ Tân Thành, Phó Chủ tịch VCCI cho biết hàng hóa tăng."},
        /* a title's body and, after a dash, the body it belongs to */
        {HT_BLK_BODY, "Theo Viện trưởng Viện Quy hoạch Kiến trúc đô thị - Trường ĐH Xây dựng Doãn Minh Khôi, "
                      "đèn cần đẹp."},
        /* words that open a sentence and are no given name; a word of time before a
         * number */
        {HT_BLK_BODY, "Tổng Bí thư Tô Lâm Những chính sách mới được nêu. Khi đó ông Ngộ Năm 1942 đã đi làm; "
                      "ông Vũ Quang Các trả lời."},
        /* an honorific between a title and the name is neither's */
        {HT_BLK_BODY, "Sau đó, Thủ tướng Campuchia Samdech Techo Hun Sen phát biểu."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_person(&x, "A. Cô-bi-a-cốp"));
    assert_non_null(fx_person(&x, "J. Smith"));
    assert_non_null(fx_person(&x, "John McCain III"));
    assert_non_null(fx_person(&x, "Nguyễn Thu Hà"));
    assert_non_null(fx_person(&x, "Johnathan Hạnh Nguyễn"));
    assert_true(fx_has_title(fx_person(&x, "Tô Lâm"), "Tổng Bí thư"));
    assert_non_null(fx_person(&x, "Vũ Quang Các"));
    assert_true(fx_has_title(fx_person(&x, "Võ Tân Thành"), "Phó Chủ tịch VCCI"));
    assert_true(fx_has_title(fx_person(&x, "Doãn Minh Khôi"),
                             "Viện trưởng Viện Quy hoạch Kiến trúc đô thị - Trường ĐH Xây dựng"));
    assert_true(fx_has_title(fx_person(&x, "Hun Sen"), "Thủ tướng Campuchia"));
    static const char *const parts[] = {"Kết", "T. Các", "Scotland", "Quan Âm", "NGƯỜI",
                                        "Thông", "Hình",  "Năm"}; /* as written */
    for (size_t k = 0; k < x.npeople; k++)
        for (size_t q = 0; q < sizeof parts / sizeof *parts; q++)
            if (strstr(x.people[k].name, parts[q]))
                fail_msg("no person: %s", x.people[k].name);
    ht_extraction_free(&x);
}

/* Words without marks before a name of two words, which the document writes alone
 * elsewhere, are the body the title heads ("Đội trưởng Real Madrid Sergio Ramos" with
 * "Real Madrid thắng"), the longest such words; a short name written after a title is
 * a person's ("Quốc vương Salman"), and a name no word of which stands alone stays
 * whole. */
static void test_body_written_alone_before_name(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Đội trưởng Real Madrid Sergio Ramos ghi bàn và Real Madrid thắng. Chủ tịch Berkshire "
                      "Hathaway Warren Buffett nói Berkshire Hathaway sẽ mua thêm."},
        {HT_BLK_BODY, "Quốc vương Saudi Arabia Salman Bin Abdul Aziz đón khách; Quốc vương Salman phát biểu. "
                      "Chủ tịch Quốc hội Cuba Juan Esteban Lazo Hernandez cũng dự."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_true(fx_has_title(fx_person(&x, "Sergio Ramos"), "Đội trưởng Real Madrid"));
    assert_true(fx_has_title(fx_person(&x, "Warren Buffett"), "Chủ tịch Berkshire Hathaway"));
    assert_non_null(fx_person(&x, "Salman Bin Abdul Aziz"));
    assert_non_null(fx_person(&x, "Juan Esteban Lazo Hernandez"));
    ht_extraction_free(&x);
}

/* A title met in a phrase that opens the sentence ("Trong buổi tiếp Chủ tịch JICA, Thủ
 * tướng … bày tỏ") is not the subject's; inside the phrase still, a chain of titles is
 * one person's ("Tại buổi gặp với Ủy viên Bộ Chính trị, Bí thư Thành ủy … X, sáng …"). */
static void test_title_met_in_opening_phrase(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Trong buổi tiếp Chủ tịch JICA, Thủ tướng Chính phủ Nguyễn Xuân Phúc bày tỏ cảm ơn JICA "
                      "đã hỗ trợ tích cực cho các hoạt động phát triển của Việt Nam."},
        {HT_BLK_BODY, "Tại buổi gặp với Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội Đinh Tiến Dũng, sáng "
                      "21/5, nhiều đại biểu phát biểu."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xperson *p = fx_person(&x, "Nguyễn Xuân Phúc");
    assert_non_null(p);
    assert_true(fx_has_title(p, "Thủ tướng Chính phủ"));
    assert_false(fx_has_title(p, "Chủ tịch JICA"));
    assert_true(fx_has_title(fx_person(&x, "Đinh Tiến Dũng"), "Ủy viên Bộ Chính trị"));
    ht_extraction_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_title_chain_then_name),
        cmocka_unit_test(test_short_forms),
        cmocka_unit_test(test_title_after_sentence_word),
        cmocka_unit_test(test_words_of_the_title_before_the_name),
        cmocka_unit_test(test_unnamed_province),
        cmocka_unit_test(test_given_name_like_a_head),
        cmocka_unit_test(test_body_from_the_titles_last_word),
        cmocka_unit_test(test_royal_before_a_country),
        cmocka_unit_test(test_foreign_holder_ends_the_chain),
        cmocka_unit_test(test_province_after_the_body_of_a_title),
        cmocka_unit_test(test_apposition),
        cmocka_unit_test(test_titles_then_honorific),
        cmocka_unit_test(test_foreign_holder_before_more_titles),
        cmocka_unit_test(test_long_names_and_glued_titles),
        cmocka_unit_test(test_one_marked_foreign_word),
        cmocka_unit_test(test_rank_in_lower_case),
        cmocka_unit_test(test_rank_with_service),
        cmocka_unit_test(test_two_spellings_one_person),
        cmocka_unit_test(test_not_people),
        cmocka_unit_test(test_latin_names),
        cmocka_unit_test(test_credit_glued_to_sentence),
        cmocka_unit_test(test_short_foreign_names),
        cmocka_unit_test(test_two_word_short_name),
        cmocka_unit_test(test_company_after_title),
        cmocka_unit_test(test_dash_between_body_and_name),
        cmocka_unit_test(test_name_before_glued_sentence),
        cmocka_unit_test(test_abbreviations_before_the_name),
        cmocka_unit_test(test_unlisted_name_after_place),
        cmocka_unit_test(test_body_name_after_head),
        cmocka_unit_test(test_three_word_name_inside_longer),
        cmocka_unit_test(test_foreign_name_before_glued_word),
        cmocka_unit_test(test_title_naming_its_body_after_name),
        cmocka_unit_test(test_titles_of_units),
        cmocka_unit_test(test_professions),
        cmocka_unit_test(test_foreign_ministers),
        cmocka_unit_test(test_not_names),
        cmocka_unit_test(test_body_written_alone_before_name),
        cmocka_unit_test(test_title_met_in_opening_phrase),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
