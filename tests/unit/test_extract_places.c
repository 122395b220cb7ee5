/* Unit tests of place and organisation matching (src/extract/places.c): gazetteer
 * variants, case and marks, places inside other names, foreign localities no table
 * lists, organisations named after a place, and spans in the original bytes. */
#include "extract_fixture.h"

static void test_variants(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Đoàn tỉnh Xê Kông thăm Kon Tum"},
        {HT_BLK_BODY, "Tỉnh Sekong và tỉnh SÊ KÔNG là một; đoàn Xékong ở lại Kontum hai ngày."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *sk = fx_party(&x, "LA-XE");
    assert_non_null(sk);
    assert_string_equal(sk->name, "Sê Kông");
    assert_string_equal(sk->country, "LA");
    assert_int_equal(sk->nmentions, 4);
    const ht_xparty *kt = fx_party(&x, "VN-KTM");
    assert_non_null(kt);
    assert_int_equal(kt->nmentions, 2);
    ht_extraction_free(&x);
}

static void test_case_and_marks(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Gìn giữ hòa bình"},
        /* "hòa bình" (peace) is not Hòa Bình; "Bí thư" is not Belgium (Bỉ) */
        {HT_BLK_BODY, "Bí thư nói về hòa bình và phát triển ở tỉnh Đắk Lắk."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_null(fx_party(&x, "VN-HBH"));
    assert_null(fx_party(&x, "BE"));
    assert_non_null(fx_party(&x, "VN-DLK"));
    ht_extraction_free(&x);
}

/* "thành phố" before a province's name: the province, although "phố" (a street)
 * before a place makes it a street's name; a name's spelling in lower case that only
 * an alias gives ("thành phố Huế" beside the name "Thành phố Huế"). */
static void test_city_word(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Hợp tác đô thị"},
        {HT_BLK_BODY, "Thỏa thuận được ký giữa thành phố Hà Nội, thành phố Huế và thành phố Hồ Chí Minh."},
        {HT_BLK_BODY, "Đoàn đi bộ trên phố Hải Phòng và đường Đà Nẵng."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_party(&x, "VN-HNI"));
    assert_non_null(fx_party(&x, "VN-HUE"));
    assert_non_null(fx_party(&x, "VN-HCM"));
    assert_null(fx_party(&x, "VN-HPG")); /* streets */
    assert_null(fx_party(&x, "VN-DNG"));
    ht_extraction_free(&x);
}

static void test_names_are_not_places(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin ngắn"},
        {HT_BLK_BODY, "Ông Nguyễn Thái Bình dự lễ ở huyện Hiệp Đức; tàu đi trên Thái Bình Dương."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_null(fx_party(&x, "VN-TBH")); /* a man's name, an ocean */
    assert_null(fx_party(&x, "DE"));     /* a district, not Germany (Đức) */
    assert_non_null(fx_person(&x, "Nguyễn Thái Bình"));
    ht_extraction_free(&x);
}

/* A one-word country starting a longer capitalised name is part of that name: a
 * district, a stadium, a newspaper, a person; after a title it is the country. */
static void test_country_word_in_local_names(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Nước sạch về xã"},
        {HT_BLK_BODY, "Trạm cấp nước xã Hương Sơn (huyện Mỹ Đức, Hà Nội) và xã Đức Yên, Đức Thọ đã xong, "
                      "báo Pháp Luật đưa tin; đội bóng tập ở sân Mỹ Đình."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_null(fx_party(&x, "US"));
    assert_null(fx_party(&x, "DE"));
    assert_null(fx_party(&x, "FR"));
    const ht_xparty *m = fx_party_named(&x, "Mỹ Đức");
    assert_non_null(m);
    assert_string_equal(m->country, "VN");
    ht_extraction_free(&x);

    static const fx_line doc2[] = {
        {HT_BLK_TITLE, "Điện đàm"},
        {HT_BLK_BODY, "Tổng thống Mỹ Donald Trump điện đàm với Thủ tướng Đức Angela Merkel."},
        {0, NULL}};
    fx_run(&x, doc2, NULL);
    assert_non_null(fx_party(&x, "US"));
    assert_non_null(fx_party(&x, "DE"));
    ht_extraction_free(&x);
}

/* After a title, the holder's name ends the body's name: "Chủ tịch Quốc hội Cu Ba Juan
 * …", "Phó Chủ tịch Quốc hội Tòng Thị Phóng", "Trưởng Công an quận Hai Bà Trưng". */
static void test_holder_after_body(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Đoàn Quốc hội Cu Ba thăm Bến Tre"},
        {HT_BLK_BODY, "Ngày 17/6, Chủ tịch Quốc hội Cộng hòa Cu Ba Juan Esteban Lazo Hernandez thăm tỉnh "
                      "Bến Tre. Phó Chủ tịch Quốc hội Tòng Thị Phóng và Chủ tịch Quốc hội Lào Pany "
                      "Yathotou cùng dự."},
        {HT_BLK_BODY, "Đại tá Đinh Huy Hoàng, Trưởng Công an quận Hai Bà Trưng (Hà Nội), cho biết đã "
                      "xác minh."},
        {HT_BLK_BODY, "Chủ tịch Quốc hội Cộng hòa Liên bang Myanmar Man Win Khaing Than cũng dự."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    static const char *const bits[] = {"Juan", "Tòng", "Pany", "Bà Trưng", "Khaing"};
    for (size_t k = 0; k < x.nparties; k++)
        for (size_t b = 0; b < sizeof bits / sizeof bits[0]; b++)
            if (fx_contains(x.parties[k].name, bits[b]) && strcmp(bits[b], "Bà Trưng"))
                fail_msg("party %s holds a person's name", x.parties[k].name);
    const ht_xparty *q = fx_party_named(&x, "Quốc hội Cộng hòa Cu Ba");
    assert_non_null(q);
    assert_string_equal(q->country, "CU"); /* the one country in its name */
    const ht_xparty *mm = fx_party_named(&x, "Quốc hội Cộng hòa Liên bang Myanmar");
    assert_non_null(mm);
    assert_string_equal(mm->country, "MM");
    assert_true(fx_has_title(fx_person(&x, "Juan Esteban Lazo Hernandez"), "Chủ tịch Quốc hội Cộng hòa Cu Ba"));
    assert_true(fx_has_title(fx_person(&x, "Tòng Thị Phóng"), "Phó Chủ tịch Quốc hội"));
    assert_true(fx_has_title(fx_person(&x, "Pany Yathotou"), "Chủ tịch Quốc hội Lào"));
    const ht_xperson *h = fx_person(&x, "Đinh Huy Hoàng");
    assert_non_null(h);
    bool district = false;
    for (size_t t = 0; t < h->ntitles; t++)
        district |= fx_contains(h->titles[t], "Trưởng Công an quận Hai Bà Trưng");
    assert_true(district);
    assert_null(fx_person(&x, "Bà Trưng"));
    ht_extraction_free(&x);
}

static void test_foreign_locality(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Đắk Lắk đón đoàn tỉnh Aragon"},
        {HT_BLK_BODY, "Ngày 2/4, đoàn công tác tỉnh Aragon (Tây Ban Nha) đến làm việc với tỉnh Đắk Lắk."},
        {HT_BLK_BODY, "Hai bên bàn về cà phê; Aragon mời Đắk Lắk sang dự hội chợ."},
        /* a Vietnamese commune no table lists, with no province beside it, is no party */
        {HT_BLK_BODY, "Đoàn cũng thăm xã Ea Tiêu."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *a = fx_party_named(&x, "Aragon");
    assert_non_null(a);
    assert_string_equal(a->kind, "province");
    assert_string_equal(a->country, "ES");
    assert_true(!strncmp(a->id, "local:", 6));
    assert_true(a->confidence < 1.0);
    assert_int_equal(a->nmentions, 3); /* later mentions without "tỉnh" too */
    assert_null(fx_party_named(&x, "Ea Tiêu"));
    ht_extraction_free(&x);
}

static void test_domestic_district_with_province(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Kết nghĩa hai huyện"},
        {HT_BLK_BODY, "Huyện Ea Súp (tỉnh Đắk Lắk) kết nghĩa với huyện Xiêng Khọ của Lào."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *p = fx_party_named(&x, "Ea Súp");
    assert_non_null(p);
    assert_string_equal(p->kind, "district");
    assert_string_equal(p->country, "VN");
    assert_string_equal(p->parent, "VN-DLK");
    ht_extraction_free(&x);
}

static void test_organisations(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Hai hội hữu nghị gặp nhau"},
        {HT_BLK_BODY, "Hội hữu nghị Việt Nam – Campuchia tỉnh Kon Tum làm việc với UBND tỉnh Đắk Lắk "
                      "và Sở Văn hóa, Thể thao và Du lịch tỉnh Đắk Lắk."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *h = fx_party_named(&x, "Hội hữu nghị Việt Nam – Campuchia tỉnh Kon Tum");
    assert_non_null(h);
    assert_string_equal(h->kind, "organisation");
    assert_string_equal(h->parent, "VN-KTM");
    assert_string_equal(h->country, "VN");
    const ht_xparty *u = fx_party_named(&x, "UBND tỉnh Đắk Lắk");
    assert_non_null(u);
    assert_string_equal(u->name, "Ủy ban nhân dân tỉnh Đắk Lắk"); /* the short form written out */
    assert_string_equal(u->parent, "VN-DLK");
    assert_non_null(fx_party_named(&x, "Sở Văn hóa, Thể thao và Du lịch tỉnh Đắk Lắk"));
    /* the provinces inside the names are mentioned too */
    assert_non_null(fx_party(&x, "VN-KTM"));
    ht_extraction_free(&x);
}

/* National bodies whose heads are two or three words ("Tổng Liên đoàn Lao động", "Đài
 * Tiếng nói", "Phòng Thương mại"): whole names, and the holder after them a person. */
static void test_national_bodies(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Chủ tịch Tổng LĐLĐ Việt Nam Bùi Văn Cường, Tổng Giám đốc Đài Tiếng nói Việt Nam "
                      "Nguyễn Thế Kỷ và Chủ tịch Phòng Thương mại Công nghiệp Việt Nam Vũ Tiến Lộc dự."},
        /* "phòng, chống" inside a name; a code of law is no body */
        {HT_BLK_BODY, "Ban Chỉ đạo phòng, chống thiên tai tỉnh Quảng Nam họp theo Bộ luật Dân sự."},
        /* no body starts inside a place's name ("Tây Ban Nha"), nor is a place ("Hội An");
         * a title on a body's head word ("Cục trưởng Cục …") is not the body's */
        {HT_BLK_BODY, "Thủ tướng Tây Ban Nha Pedro Sanchez đến Hội An, gặp Cục trưởng Cục Du lịch Quốc "
                      "gia Nguyễn Trùng Khánh."},
        /* one syllable after "Trường" is no school ("đường Trường Chinh"); "Dương" may end
         * an ocean's name inside a body's */
        {HT_BLK_BODY, "Đoàn đi qua đường Trường Chinh rồi làm việc với Tổ chức Hiệp ước Bắc Đại Tây "
                      "Dương (NATO)."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_party_named(&x, "Tổng Liên đoàn Lao động Việt Nam"));
    assert_non_null(fx_party_named(&x, "Đài Tiếng nói Việt Nam"));
    assert_non_null(fx_party_named(&x, "Phòng Thương mại Công nghiệp Việt Nam"));
    assert_non_null(fx_person(&x, "Bùi Văn Cường"));
    assert_non_null(fx_person(&x, "Nguyễn Thế Kỷ"));
    assert_non_null(fx_person(&x, "Vũ Tiến Lộc"));
    assert_non_null(fx_party_named(&x, "Ban Chỉ đạo phòng, chống thiên tai tỉnh Quảng Nam"));
    for (size_t k = 0; k < x.nparties; k++)
        if (fx_contains(x.parties[k].name, "Bộ luật") || !strcmp(x.parties[k].name, "Ban Chỉ đạo phòng") ||
            (strcmp(x.parties[k].kind, "organisation") == 0 &&
             (fx_contains(x.parties[k].name, "Ban Nha") || fx_contains(x.parties[k].name, "Hội An") ||
              fx_contains(x.parties[k].name, "Cục trưởng") || fx_contains(x.parties[k].name, "Trường Chinh"))))
            fail_msg("%s is no body", x.parties[k].name);
    assert_non_null(fx_party(&x, "ES"));
    assert_non_null(fx_party_named(&x, "Tổ chức Hiệp ước Bắc Đại Tây Dương"));
    assert_true(fx_has_title(fx_person(&x, "Nguyễn Trùng Khánh"), "Cục trưởng Cục Du lịch Quốc gia"));
    for (size_t k = 0; k < x.npeople; k++)
        if (fx_contains(x.people[k].name, "Tổng") || fx_contains(x.people[k].name, "Đài") ||
            fx_contains(x.people[k].name, "Phòng"))
            fail_msg("%s is no person", x.people[k].name);
    ht_extraction_free(&x);
}

/* Words glued where a line break was lost ("Công nghệSố giấy phép", "tiêu hủyTheo")
 * are read apart, the glued word starting a sentence; a brand stays whole. */
static void test_glued_words(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Cơ quan chủ quản: Bộ Khoa học Công nghệSố giấy phép 123. Gia cầm bị tiêu hủyTheo "
                      "Sở Nông nghiệp tỉnh Thanh HóaTỉnh đã cấp 3 triệuUSD cho Công ty VinaCafé Biên Hòa."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_party_named(&x, "Bộ Khoa học Công nghệ"));
    assert_non_null(fx_party(&x, "VN-THA"));
    bool brand = false;
    for (size_t k = 0; k < x.nparties; k++) {
        if (fx_contains(x.parties[k].name, "giấy phép") || fx_contains(x.parties[k].name, "nghệSố"))
            fail_msg("%s: glued words", x.parties[k].name);
        brand |= strstr(x.parties[k].name, "VinaCafé") != NULL;
    }
    assert_true(brand);
    ht_extraction_free(&x);
}

/* "và" between two words of activity in lower case joins them inside one name; after a
 * name ("Đảng Bảo thủ và lãnh đạo …") it joins two things. */
static void test_and_inside_a_name(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tài trợ thiết bị y tế"},
        {HT_BLK_BODY, "Công ty TNHH Thăm dò và khai thác Dầu khí ExxonMobil tài trợ cho tỉnh Quảng Nam; "
                      "Hội Quy hoạch và phát triển Đô thị Việt Nam dự lễ cùng Đảng Bảo thủ và lãnh đạo "
                      "Công đảng."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_party_named(&x, "Công ty TNHH Thăm dò và khai thác Dầu khí ExxonMobil"));
    assert_non_null(fx_party_named(&x, "Hội Quy hoạch và phát triển Đô thị Việt Nam"));
    for (size_t k = 0; k < x.nparties; k++)
        if (fx_contains(x.parties[k].name, "lãnh đạo"))
            fail_msg("%s", x.parties[k].name);
    ht_extraction_free(&x);
}

/* A verb after an organisation's name ends it: "Bộ Y tế phê duyệt" is Bộ Y tế. */
static void test_org_name_ends_before_verb(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Kế hoạch hợp tác y tế"},
        {HT_BLK_BODY, "Bộ Y tế phê duyệt kế hoạch hợp tác với tỉnh Chăm-pa-xắc; Ngân hàng Nhà nước "
                      "công bố lãi suất và Sở Tài chính ban hành hướng dẫn."},
        {HT_BLK_BODY, "Bộ Tư pháp phải rà soát, Tổng cục Thống kê nhận định giá tăng và Ủy ban Thường "
                      "vụ Quốc hội xem xét dự thảo."},
        {HT_BLK_BODY, "Bộ Nội vụ căn cứ quy định, Sở Xây dựng ghi nhận ý kiến và Bộ Công Thương giải "
                      "trình rõ."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    static const char *const names[] = {"Bộ Y tế", "Ngân hàng Nhà nước", "Sở Tài chính", "Bộ Tư pháp",
                                        "Tổng cục Thống kê", "Ủy ban Thường vụ Quốc hội", "Bộ Nội vụ",
                                        "Sở Xây dựng", "Bộ Công Thương"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const ht_xparty *p = fx_party_named(&x, names[i]);
        if (!p || strcmp(p->name, names[i]) != 0)
            fail_msg("%s: %s", names[i], p ? p->name : "not found");
    }
    ht_extraction_free(&x);
}

/* More words that end a body's name in lower case: "hoặc" between two bodies, verbs
 * and adverbs of one or two syllables ("phụ trách", "tán thành", "ngừng", "nhất trí",
 * "còn", "vẫn", "xử phạt", "bao gồm", "gọi", "hiện nay", "nhanh chóng", "chịu trách
 * nhiệm", "trình bày", "sở hữu"), "không" but that of the air ("Hàng không", "không
 * quân"); "Sở hữu" (ownership), "Hội An" (a city), "Ban đầu" (at first), "Bộ phim" (a
 * film), "Bộ sưu tập", "Hội chứng", "Bộ đội Cụ Hồ" are no heads of a body's name; a
 * person's name after the body's country is no part of it ("Bộ Ngoại giao Mỹ Ned
 * Price"). */
static void test_org_name_ends_before_more_verbs(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Tập đoàn Nestlé phụ trách khu vực; Cục Thuế hoặc Chi cục Thuế xử lý hồ sơ; Công "
                      "ty Điện lực ngừng cấp điện."},
        {HT_BLK_BODY, "Hội đồng Bảo an nhất trí thông qua nghị quyết; Công an Q.Thủ Đức còn tiến hành "
                      "điều tra; Ban Chỉ đạo tiến hành kiểm tra."},
        {HT_BLK_BODY, "Học viện Cảnh sát Nhân dân vẫn tuyển sinh; Ủy ban Chứng khoán Nhà nước xử phạt công "
                      "ty; Ban Giám khảo bao gồm năm người; Trung tâm Y tế gọi điện cho gia đình."},
        {HT_BLK_BODY, "Sở hữu giọng hát Opera, cô được mời biểu diễn ở Hội An phồn thịnh; Đảng Cộng hòa "
                      "hiện nay chiếm đa số; Cục Sở hữu trí tuệ cấp bằng."},
        {HT_BLK_BODY, "Công ty Quốc Hưng nhanh chóng áp dụng quy trình; Tập đoàn Becamex chịu trách nhiệm "
                      "thi công; phát ngôn viên Bộ Ngoại giao Mỹ Ned Price cho biết; Chủ nhiệm Ủy ban Kinh tế "
                      "của Quốc hội Lào Bunpon Xỉxụlạt trình bày tham luận."},
        {HT_BLK_BODY, "Ban đầu Viettel chỉ thử nghiệm; Bộ phim Nomadland đoạt giải; Bộ sưu tập Louboutin "
                      "ra mắt; Hội chứng Marphan hiếm gặp; Ban Đầu tư và Xây dựng Nông nghiệp và Phát triển "
                      "nông thôn ký hợp đồng. Phẩm chất Bộ đội Cụ Hồ được phát huy; Bộ đội đặc công nước Úc "
                      "sở hữu nhiều vũ khí."},
        {HT_BLK_BODY, "Học viện Cảnh sát không thể tuyển thêm; Cục Hàng không Việt Nam cấp phép; Bộ tư lệnh "
                      "không quân Ukraine cho biết; chưa rõ Cục Hải quan hay không."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    static const char *const names[] = {"Tập đoàn Nestlé",   "Cục Thuế",
                                        "Công ty Điện lực",  "Hội đồng Bảo an",
                                        "Ban Chỉ đạo",       "Học viện Cảnh sát Nhân dân",
                                        "Ủy ban Chứng khoán Nhà nước", "Ban Giám khảo",
                                        "Trung tâm Y tế",    "Đảng Cộng hòa",
                                        "Cục Sở hữu trí tuệ", "Công ty Quốc Hưng",
                                        "Tập đoàn Becamex",  "Bộ Ngoại giao Mỹ",
                                        "Quốc hội Lào",
                                        "Ban Đầu tư và Xây dựng Nông nghiệp và Phát triển nông thôn",
                                        "Học viện Cảnh sát", "Cục Hàng không Việt Nam",
                                        "Bộ tư lệnh không quân Ukraine"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!fx_party_named(&x, names[i]))
            fail_msg("%s: not found", names[i]);
    for (size_t k = 0; k < x.nparties; k++) {
        const char *n = x.parties[k].name;
        if (strstr(n, "phụ trách") || strstr(n, "hoặc") || strstr(n, "ngừng") || strstr(n, "nhất trí") ||
            strstr(n, "còn") || strstr(n, "tiến hành") || strstr(n, "vẫn") || strstr(n, "xử") ||
            strstr(n, "bao") || strstr(n, "gọi") || strstr(n, "hiện") || !strncmp(n, "Sở hữu", strlen("Sở hữu")) ||
            (!strncmp(n, "Hội An", strlen("Hội An")) && !strcmp(x.parties[k].kind, "organisation")) || strstr(n, "nhanh") ||
            strstr(n, "chịu") || strstr(n, "Ned Price") || strstr(n, "Bunpon") || !strncmp(n, "Ban đầu", strlen("Ban đầu")) ||
            !strncmp(n, "Bộ phim", strlen("Bộ phim")) || !strncmp(n, "Bộ đội Cụ", strlen("Bộ đội Cụ")) ||
            strstr(n, "sở hữu") || strstr(n, "không thể") || strstr(n, " hay") || !strncmp(n, "Bộ sưu tập", strlen("Bộ sưu tập")) || !strncmp(n, "Hội chứng", strlen("Hội chứng")))
            fail_msg("a verb in a body's name: %s", n);
    }
    ht_extraction_free(&x);
}

/* "ở" (at) ends a body's name: the place after it is where the body is, not a word of
 * its name ("Đại học Phục Đán ở Thượng Hải", "Công ty Dừa Phú Quới ở tỉnh Bến Tre"); the
 * "ở" of housing stays ("Cục Quản lý nhà ở"). */
static void test_org_name_ends_before_at(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Đoàn thăm Đại học Phục Đán ở Thượng Hải và Công ty Dừa Phú Quới ở tỉnh Bến Tre; "
                      "Viện Nghiên cứu Chiến lược và Quốc phòng ở Singapore đánh giá cao."},
        {HT_BLK_BODY, "Cục Quản lý nhà ở công bố số liệu."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    static const char *const names[] = {"Đại học Phục Đán", "Công ty Dừa Phú Quới",
                                        "Viện Nghiên cứu Chiến lược và Quốc phòng",
                                        "Cục Quản lý nhà ở"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!fx_party_named(&x, names[i]))
            fail_msg("%s: not found", names[i]);
    for (size_t k = 0; k < x.nparties; k++)
        if (strstr(x.parties[k].name, " ở ") && !strstr(x.parties[k].name, "nhà ở"))
            fail_msg("a place after \"ở\" in a body's name: %s", x.parties[k].name);
    ht_extraction_free(&x);
}

/* A word that ends a body's name is still its own as the second syllable of a word of
 * the name: "việc làm" (employment), "nước ngoài" (foreign), "thiết bị" (equipment), also
 * at its end; "làm" (to do) after the name still ends it. */
static void test_org_name_second_syllables(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Theo Cục Đầu tư nước ngoài, Trung tâm Dịch vụ việc làm Hà Nội và Tổng công ty "
                      "Thiết bị Y tế Việt Nam đã ký; Sở Xây dựng làm việc với Công ty Bắc Hà."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    static const char *const names[] = {"Cục Đầu tư nước ngoài", "Trung tâm Dịch vụ việc làm Hà Nội",
                                        "Tổng công ty Thiết bị Y tế Việt Nam", "Sở Xây dựng"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!fx_party_named(&x, names[i]))
            fail_msg("%s: not found", names[i]);
    ht_extraction_free(&x);
}

/* Words that end a body's name only (cue kind "ends"): verbs and "do" (by) after it
 * ("Ủy ban Kiểm tra Trung ương kết luận", "Công ty Cường Hưng do ông …"), not the "do"
 * of "Tự do"; the title given after a person's name before such a verb stays his
 * ("Nguyễn Viết Tiến, Thứ trưởng Bộ Y tế nêu rõ"). */
static void test_org_name_ends_before_ends_cue(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ủy ban Kiểm tra Trung ương kết luận vi phạm; Công ty Cường Hưng do ông Lê Văn Tám "
                      "làm giám đốc; Tổng cục Hải quan phát hiện lô hàng; Đảng Dân chủ Tự do đã thắng cử."},
        {HT_BLK_BODY, "Công ty Hải Hà hứa sửa máy; Quỹ Bình An góp 5 tỷ đồng."},
        {HT_BLK_BODY, "Phát biểu tại buổi lễ, GS-TS Nguyễn Viết Tiến, Thứ trưởng Bộ Y tế nêu rõ chủ đề năm "
                      "nay."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    static const char *const names[] = {"Ủy ban Kiểm tra Trung ương", "Công ty Cường Hưng",
                                        "Tổng cục Hải quan", "Đảng Dân chủ Tự do", "Bộ Y tế",
                                        "Công ty Hải Hà", "Quỹ Bình An"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!fx_party_named(&x, names[i]))
            fail_msg("%s: not found", names[i]);
    for (size_t k = 0; k < x.nparties; k++)
        if (strstr(x.parties[k].name, "kết luận") || strstr(x.parties[k].name, " do ") ||
            strstr(x.parties[k].name, "phát hiện"))
            fail_msg("a verb in a body's name: %s", x.parties[k].name);
    const ht_xperson *p = fx_person(&x, "Nguyễn Viết Tiến");
    if (!p || !fx_has_title(p, "Thứ trưởng Bộ Y tế"))
        fail_msg("Nguyễn Viết Tiến: no title Thứ trưởng Bộ Y tế");
    ht_extraction_free(&x);
}

/* A capitalised word that opens a sentence ends a body's name it was glued to where a
 * stop was lost ("Bộ Xây dựng Ngày 5/6 …", "Viện Dinh dưỡng Theo khảo sát …"), but not
 * "Theo dõi" (monitoring) inside a name. */
static void test_org_name_ends_before_opener(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Văn bản của Bộ Xây dựng Ngày 5/6 công bố quy hoạch. Số liệu của Viện Dinh dưỡng "
                      "Theo khảo sát mới, trẻ em thấp còi. Tổ chức Sáng kiến Theo dõi Tình hình Chiến "
                      "lược Biển Đông công bố ảnh."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    static const char *const names[] = {"Bộ Xây dựng", "Viện Dinh dưỡng",
                                        "Tổ chức Sáng kiến Theo dõi Tình hình Chiến lược Biển Đông"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!fx_party_named(&x, names[i]))
            fail_msg("%s: not found", names[i]);
    for (size_t k = 0; k < x.nparties; k++)
        if (strstr(x.parties[k].name, " Ngày") || strstr(x.parties[k].name, "dưỡng Theo"))
            fail_msg("a sentence's first word in a body's name: %s", x.parties[k].name);
    ht_extraction_free(&x);
}

/* Words of several syllables in lower case inside bodies' names (data/org_words.tsv)
 * are read whole, past the limit of three such syllables and past a word that ends
 * names ("biểu diễn" is also a trigger); after one only another goes on in lower case,
 * and a body's head after it starts a body of its own ("… dân sự Bộ Tư pháp"). */
static void test_org_name_words(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Cục Nghệ thuật biểu diễn nghiêm túc rút kinh nghiệm; Trung tâm Dự báo khí tượng thủy "
                      "văn quốc gia cho biết mưa lớn; Tổng cục Thi hành án dân sự Bộ Tư pháp đã họp; Cục "
                      "Quản lý xuất nhập cảnh đã cấp hộ chiếu."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    static const char *const names[] = {"Cục Nghệ thuật biểu diễn",
                                        "Trung tâm Dự báo khí tượng thủy văn quốc gia",
                                        "Tổng cục Thi hành án dân sự", "Bộ Tư pháp",
                                        "Cục Quản lý xuất nhập cảnh"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!fx_party_named(&x, names[i]))
            fail_msg("%s: not found", names[i]);
    for (size_t k = 0; k < x.nparties; k++)
        if (strstr(x.parties[k].name, "nghiêm") || strstr(x.parties[k].name, "sự Bộ"))
            fail_msg("a body's name too long: %s", x.parties[k].name);
    ht_extraction_free(&x);
}

/* A body named by one letter after a title ("Giám đốc Bệnh viện K Trần Văn Thuấn") is a
 * body: one letter is no foreign holder's name. */
static void test_body_named_by_one_letter(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Giám đốc Bệnh viện K Trần Văn Thuấn cho biết, bệnh viện quá tải."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    if (!fx_party_named(&x, "Bệnh viện K"))
        fail_msg("Bệnh viện K: not found");
    const ht_xperson *p = fx_person(&x, "Trần Văn Thuấn");
    if (!p || !fx_has_title(p, "Giám đốc Bệnh viện K"))
        fail_msg("Trần Văn Thuấn: no title Giám đốc Bệnh viện K");
    ht_extraction_free(&x);
}

/* "Bắc Bộ", "Trung Bộ", "Nam Bộ" are regions: a weather report's "Bắc Bộ Nhiều mây" names
 * no ministry; after "Việt Nam" the ministry is one ("Việt Nam Bộ Ngoại giao"). */
static void test_region_is_no_ministry(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Thời tiết"},
        {HT_BLK_BODY, "Bắc Bộ Nhiều mây, có mưa rào. Nam Bộ Mây thay đổi, ngày nắng. Trung Bộ Ngày "
                      "nắng nóng."},
        {HT_BLK_BODY, "Theo đại diện Việt Nam Bộ Ngoại giao đã gửi công hàm."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    if (!fx_party_named(&x, "Bộ Ngoại giao"))
        fail_msg("Bộ Ngoại giao: not found");
    for (size_t k = 0; k < x.nparties; k++)
        if (!strcmp(x.parties[k].kind, "organisation") && strcmp(x.parties[k].name, "Bộ Ngoại giao"))
            fail_msg("a region taken for a ministry: %s", x.parties[k].name);
    ht_extraction_free(&x);
}

/* The number of a unit is a word of its name ("Quân khu 4", "Hạm đội 7", "số 5"); "Vùng"
 * makes a name only with one ("Vùng 3 Hải quân", not "Vùng Tây Bắc"); a command goes on
 * over the title in its head ("Bộ Tư lệnh") and over a numbered unit; a mission's name
 * gives its country ("Đại sứ quán Úc"). */
static void test_units_and_missions(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Giao lưu quốc phòng"},
        {HT_BLK_BODY, "Đại diện Quân khu 4 và Vùng 3 Hải quân đón Ban nhạc Hạm đội 7 tại cảng; "
                      "Lữ đoàn Cơ giới số 5 tham gia diễn tập."},
        {HT_BLK_BODY, "Vùng Tây Bắc có nhiều tiềm năng, theo Đại sứ quán Úc tại Việt Nam."},
        {HT_BLK_BODY, "Dự lễ có Văn phòng Bộ Tư lệnh Quân khu 5 và Bộ Tư lệnh Vùng Cảnh sát biển 2."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    static const char *const names[] = {"Quân khu 4", "Vùng 3 Hải quân", "Ban nhạc Hạm đội 7",
                                        "Lữ đoàn Cơ giới số 5", "Văn phòng Bộ Tư lệnh Quân khu 5",
                                        "Bộ Tư lệnh Vùng Cảnh sát biển 2"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const ht_xparty *p = fx_party_named(&x, names[i]);
        if (!p || strcmp(p->name, names[i]) != 0)
            fail_msg("%s: %s", names[i], p ? p->name : "not found");
    }
    assert_null(fx_party_named(&x, "Vùng Tây Bắc"));
    const ht_xparty *e = fx_party_named(&x, "Đại sứ quán Úc");
    assert_non_null(e);
    assert_string_equal(e->name, "Đại sứ quán Úc");
    assert_non_null(e->country);
    assert_string_equal(e->country, "AU");
    ht_extraction_free(&x);
}

/* A ministry's or a department's name ends with its field: the words in lower case
 * after it are the sentence's, unless they lead to the ministry's country. */
static void test_ministry_fields(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Vốn vay cho tuyến cao tốc"},
        {HT_BLK_BODY, "Chính phủ giao Bộ Tài chính tham mưu về khoản vay; Bộ Giao thông Vận tải "
                      "nghiên cứu phương án, Sở Xây dựng tiến hành khảo sát."},
        {HT_BLK_BODY, "Bộ Y tế công cộng Lào cử đoàn sang; Sở Khoa học, Công nghệ và Môi trường "
                      "tỉnh Lào Cai đón đoàn."},
        {HT_BLK_BODY, "Theo Bộ Giao thông dẫn lời Chính phủ, Bộ Giao thông và Vận tải đã đồng ý."},
        {HT_BLK_BODY, "Bộ Công an điều tra vụ việc; Thứ trưởng Bộ Công an, Thủ trưởng Cơ quan Cảnh sát "
                      "điều tra cho biết."},
        {HT_BLK_BODY, "Thứ trưởng Thường trực Bộ Nông nghiệp và Phát triển nông thôn Hà Công Tuấn trình "
                      "bày tham luận."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    static const char *const names[] = {"Bộ Tài chính", "Bộ Giao thông Vận tải", "Sở Xây dựng",
                                        "Bộ Y tế công cộng Lào",
                                        "Sở Khoa học, Công nghệ và Môi trường tỉnh Lào Cai",
                                        "Bộ Giao thông", "Bộ Giao thông và Vận tải",
                                        "Bộ Nông nghiệp và Phát triển nông thôn"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const ht_xparty *p = fx_party_named(&x, names[i]);
        if (!p || strcmp(p->name, names[i]) != 0)
            fail_msg("%s: %s", names[i], p ? p->name : "not found");
    }
    for (size_t k = 0; k < x.nparties; k++)
        if (strstr(x.parties[k].name, "tham mưu") || strstr(x.parties[k].name, "nghiên cứu") ||
            strstr(x.parties[k].name, "tiến hành") || strstr(x.parties[k].name, "dẫn") ||
            strstr(x.parties[k].name, "Công an điều tra") || strstr(x.parties[k].name, "Công an, "))
            fail_msg("a verb in a name: %s", x.parties[k].name);
    /* "thôn" ends the field: no village, and the holder's name follows */
    assert_non_null(fx_person(&x, "Hà Công Tuấn"));
    ht_extraction_free(&x);
}

/* Schools named after people: the kind of school is a head of the name, and the person's
 * name after it is the school's, not a person; "Bộ … và Bộ …" and a name ending with
 * its country before "và" are two bodies. */
static void test_school_names_and_two_bodies(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Trường học nhận quà"},
        {HT_BLK_BODY, "Bà Hồ Thị Thu, Phó hiệu trưởng Trường Tiểu học Lý Tự Trọng cho biết, học sinh "
                      "Trường Trung học phổ thông Nguyễn Du cũng nhận quà."},
        {HT_BLK_BODY, "Công trình là kết quả hợp tác của Bộ Quốc phòng Việt Nam và Bộ Quốc phòng Trung "
                      "Quốc, dưới sự lãnh đạo của Đảng Nhân dân Cách mạng Campuchia và Chính phủ "
                      "Vương quốc Campuchia."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    static const char *const names[] = {"Trường Tiểu học Lý Tự Trọng",
                                        "Trường Trung học phổ thông Nguyễn Du",
                                        "Bộ Quốc phòng Việt Nam", "Bộ Quốc phòng Trung Quốc",
                                        "Đảng Nhân dân Cách mạng Campuchia"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const ht_xparty *p = fx_party_named(&x, names[i]);
        if (!p || strcmp(p->name, names[i]) != 0)
            fail_msg("%s: %s", names[i], p ? p->name : "not found");
    }
    for (size_t k = 0; k < x.nparties; k++)
        if (strstr(x.parties[k].name, " và "))
            fail_msg("two bodies in one name: %s", x.parties[k].name);
    assert_null(fx_person(&x, "Lý Tự Trọng"));
    ht_extraction_free(&x);
    /* a comma goes on in a list of fields, not after a whole field or a country; a
     * longer run in lower case when the body's country ends it */
    static const fx_line lists[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Bộ Văn hóa, Thể thao và Du lịch phối hợp với Bộ Tài chính, Bảo hiểm xã hội Việt "
                      "Nam; người phát ngôn Bộ Ngoại giao Đức, Martin Schaefer cho biết."},
        {HT_BLK_BODY, "Chủ tịch nước gặp Hội trưởng Hội Hữu nghị đối ngoại nhân dân Trung Quốc Lý "
                      "Tiểu Lâm và Cục phó Cục Viễn thông Trần Mạnh Tuấn."},
        {HT_BLK_BODY, "Chủ tịch nước cảm ơn Ngân hàng Phát triển kinh tế quốc tế Nga và Tổng "
                      "công ty Phát triển đường cao tốc Việt Nam."},
        {HT_BLK_BODY, "Nhà khoa học chính trị Qatar, Viện sỹ Mohammed al-Musaffir, nói rằng Viện sĩ "
                      "Nguyễn Văn Hiệu đã đến."},
        {0, NULL}};
    fx_run(&x, lists, NULL);
    static const char *const bodies[] = {"Bộ Văn hóa, Thể thao và Du lịch", "Bộ Tài chính",
                                         "Bộ Ngoại giao Đức",
                                         "Ngân hàng Phát triển kinh tế quốc tế Nga",
                                         "Tổng công ty Phát triển đường cao tốc Việt Nam",
                                         "Hội Hữu nghị đối ngoại nhân dân Trung Quốc",
                                         "Cục Viễn thông"};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        const ht_xparty *p = fx_party_named(&x, bodies[i]);
        if (!p || strcmp(p->name, bodies[i]) != 0)
            fail_msg("%s: %s", bodies[i], p ? p->name : "not found");
    }
    /* a title is not the head of a body ("Hội trưởng", "Cục phó", "Viện sỹ") */
    for (size_t k = 0; k < x.nparties; k++)
        if (!strncmp(x.parties[k].name, "Hội trưởng", strlen("Hội trưởng")) ||
            !strncmp(x.parties[k].name, "Cục phó", strlen("Cục phó")) ||
            !strncmp(x.parties[k].name, "Viện s", strlen("Viện s")))
            fail_msg("a title in a body's name: %s", x.parties[k].name);
    assert_non_null(fx_person(&x, "Lý Tiểu Lâm"));
    assert_non_null(fx_person(&x, "Trần Mạnh Tuấn"));
    assert_non_null(fx_person(&x, "Mohammed al-Musaffir"));
    assert_non_null(fx_person(&x, "Nguyễn Văn Hiệu"));
    ht_extraction_free(&x);
    fx_run(&x, doc, NULL);
    assert_null(fx_person(&x, "Nguyễn Du"));
    const ht_xperson *thu = fx_person(&x, "Hồ Thị Thu");
    assert_non_null(thu);
    assert_true(fx_has_title(thu, "Phó hiệu trưởng Trường Tiểu học Lý Tự Trọng"));
    ht_extraction_free(&x);
}

static void test_spans_in_original_bytes(void **st)
{
    (void)st;
    /* "Đắk Lắk" decomposed (NFD) and with the older tone placement: the span must cut
     * the original bytes, not the normalised text */
    static const fx_line lines[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Tại  \xC4\x90" "a\xCC\x86\xCC\x81k L" "a\xCC\x86\xCC\x81k, đoàn đến."},
        {0, NULL}};
    ht_doc d;
    fx_doc(&d, lines, NULL);
    ht_extraction x;
    ht_error e;
    assert_int_equal(ht_extract(&d, &x, &e), 0);
    const ht_xparty *p = fx_party(&x, "VN-DLK");
    assert_non_null(p);
    assert_int_equal(p->nmentions, 1);
    ht_span s = p->mentions[0];
    const char *want = "\xC4\x90" "a\xCC\x86\xCC\x81k L" "a\xCC\x86\xCC\x81k";
    assert_int_equal(s.end - s.start, strlen(want));
    assert_memory_equal(d.orig + s.start, want, strlen(want));
    ht_extraction_free(&x);
    ht_doc_free(&d);
}

static void test_boilerplate_is_not_read(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin Đắk Lắk"},
        {HT_BLK_BOILERPLATE, "Tin liên quan: Kon Tum đón khách Nhật Bản"},
        {HT_BLK_BYLINE, "Sê Kông"},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_party(&x, "VN-DLK"));
    assert_null(fx_party(&x, "VN-KTM"));
    assert_null(fx_party(&x, "JP"));
    assert_null(fx_party(&x, "LA-XE"));
    ht_extraction_free(&x);
}

/* A word in brackets after an organisation is its short name only when it looks like
 * one (an acronym, a longer unmarked word): "(Anh)" is the country, and every capital
 * "Anh" or "Ảnh" of the page is not the organisation. */
static void test_short_names(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Sinh viên Kon Tum đi học nước ngoài"},
        {HT_BLK_BODY, "Trường Đại học Westbury (Anh) nhận mười sinh viên của tỉnh Kon Tum. "
                      "Anh Minh, một sinh viên, kể về chuyến đi. Ảnh: các sinh viên tại sân bay."},
        {HT_BLK_BODY, "Trước đó, đoàn của tỉnh đã sang Anh hai lần."},
        {HT_BLK_BODY, "Viện Nghiên cứu Phát triển Mekong (MDRI) hỗ trợ học bổng; MDRI cũng cử "
                      "chuyên gia đến Kon Tum."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *u = fx_party_named(&x, "Trường Đại học Westbury");
    assert_non_null(u);
    for (size_t k = 0; k < u->naliases; k++) {
        assert_false(fx_same(u->aliases[k], "Anh"));
        assert_false(fx_same(u->aliases[k], "Ảnh"));
    }
    assert_int_equal(u->nmentions, 1);
    const ht_xparty *m = fx_party_named(&x, "Viện Nghiên cứu Phát triển Mekong");
    assert_non_null(m);
    assert_int_equal(m->nmentions, 2); /* the name, then "MDRI" alone */
    ht_extraction_free(&x);
}

/* A capitalised syllable written without marks is still Vietnamese: "Trung ương" goes
 * on in lower case inside a name, and "Trung" alone is no short name. */
static void test_unmarked_syllables(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Bác sĩ Huế sang Sê Kông"},
        {HT_BLK_BODY, "Đoàn bác sĩ của Bệnh viện Trung ương Huế đã sang tỉnh Sê Kông. "
                      "Trung bình mỗi ngày đoàn khám cho hai trăm người."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *b = fx_party_named(&x, "Bệnh viện Trung ương Huế");
    assert_non_null(b);
    assert_int_equal(b->nmentions, 1);
    assert_null(fx_party_named(&x, "Bệnh viện Trung"));
    ht_extraction_free(&x);
}

/* A word written with marks is read with its marks: "Nhà Trắng" (the White House, a
 * body) is not Nha Trang, "Chị Lê" not Chile, "Cụ bà" not Cuba, "phường Trung Hòa" not
 * China (Trung Hoa), "Ấn Độ ra" not Andorra (An-đô-ra); a word that lacks only its
 * tone ("Viêt Nam"), or has no marks at all ("Nha Trang"), still names the place. */
static void test_marks_of_a_place(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin ngắn"},
        {HT_BLK_BODY, "Người phát ngôn Nhà Trắng nói chuyện. Chị Lê Thị Hạnh và cụ bà ở phường Trung "
                      "Hòa, quận Cầu Giấy. Cụ bà 89 tuổi. Tòa án Ấn Độ ra phán quyết."},
        {HT_BLK_BODY, "Đoàn của Viêt Nam đến Nha Trang."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *nt = fx_party(&x, "VN-KHA-NTG");
    assert_non_null(nt);
    assert_int_equal(nt->nmentions, 1);
    assert_non_null(fx_party_named(&x, "Nhà Trắng"));
    assert_null(fx_party(&x, "CL"));
    assert_null(fx_party(&x, "CU"));
    assert_null(fx_party(&x, "CN"));
    assert_null(fx_party(&x, "AD"));
    assert_non_null(fx_party(&x, "IN"));
    const ht_xparty *vn = fx_party(&x, "VN");
    assert_non_null(vn);
    assert_int_equal(vn->nmentions, 1);
    ht_extraction_free(&x);
}

/* A family name inside a body's name ("Đào tạo", "Nông thôn", "Nam Triệu") goes on
 * with it unless a capitalised word follows, as a person's name would. */
static void test_family_name_inside_a_body(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Bộ Giáo dục và Đào tạo làm việc với Công ty TNHH MTV Nam Triệu (Hải Phòng). "
                      "Tỉnh ủy Vưu Quyền dự."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_party_named(&x, "Bộ Giáo dục và Đào tạo"));
    assert_non_null(fx_party_named(&x, "Công ty trách nhiệm hữu hạn MTV Nam Triệu"));
    assert_null(fx_party_named(&x, "Bộ Giáo dục"));
    ht_extraction_free(&x);
}

/* Schools and hospitals named after people: the person's name is the body's, and a
 * holder's name may follow it; "Trường Giang" alone is a man. */
static void test_bodies_named_after_people(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Học sinh Trường THPT Phan Đình Phùng nơi xảy ra vụ việc được Giám đốc Bệnh viện "
                      "Bạch Mai Nguyễn Quốc Anh thăm. Danh hài Trường Giang dự."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_party_named(&x, "Trường THPT Phan Đình Phùng"));
    assert_non_null(fx_party_named(&x, "Bệnh viện Bạch Mai"));
    assert_non_null(fx_person(&x, "Nguyễn Quốc Anh"));
    assert_null(fx_person(&x, "Phan Đình Phùng"));
    assert_null(fx_person(&x, "Bạch Mai"));
    for (size_t k = 0; k < x.nparties; k++)
        if (fx_contains(x.parties[k].name, "Trường Giang"))
            fail_msg("%s is no body", x.parties[k].name);
    ht_extraction_free(&x);
}

/* A letter and a dot touching the next word stay in a body's name: "T.Ư" (Trung
 * ương), "Q.1" and "H.Bình Chánh" (a district). */
static void test_abbreviations_in_a_body(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Chủ tịch Ủy ban T.Ư MTTQ Việt Nam Nguyễn Thiện Nhân phát biểu. Công an Q.1 cho "
                      "biết vụ việc. Công an H.Bình Chánh khởi tố vụ án."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_party_named(&x, "Ủy ban T.Ư MTTQ Việt Nam"));
    assert_non_null(fx_party_named(&x, "Công an Q.1"));
    assert_non_null(fx_party_named(&x, "Công an H.Bình Chánh"));
    assert_non_null(fx_person(&x, "Nguyễn Thiện Nhân"));
    ht_extraction_free(&x);
}

/* A place from a head's first word over the head ("Hội An") starts no body, whatever
 * words in lower case follow; "giới thiệu" and "phê chuẩn" end a body's name. */
static void test_place_over_a_head(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Du khách đến Hội An vui chơi dịp lễ. Ngân hàng Nhà nước giới thiệu chính sách mới; "
                      "Hội đồng châu Âu phê chuẩn thỏa thuận."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_party(&x, "VN-QNM-HAN"));
    assert_non_null(fx_party_named(&x, "Ngân hàng Nhà nước"));
    assert_non_null(fx_party_named(&x, "Hội đồng châu Âu"));
    for (size_t k = 0; k < x.nparties; k++)
        if (!strcmp(x.parties[k].kind, "organisation") &&
            (fx_contains(x.parties[k].name, "Hội An") || fx_contains(x.parties[k].name, "giới thiệu") ||
             fx_contains(x.parties[k].name, "phê chuẩn")))
            fail_msg("%s is no body's name", x.parties[k].name);
    ht_extraction_free(&x);
}

/* "Bản Ghi nhớ" is a kind of agreement, not a village ("bản") named Ghi. */
static void test_agreement_word_is_no_village(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Chiều 7/6, tại New York, Thủ tướng Nguyễn Xuân Phúc tiếp đoàn Hoa Kỳ. NASDAQ vừa ký "
                      "kết Bản Ghi nhớ với VNG về việc dự kiến niêm yết cổ phiếu của VNG tại NASDAQ."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_null(fx_party_named(&x, "Ghi"));
    assert_non_null(fx_party(&x, "US"));
    ht_extraction_free(&x);
}

/* A body named with the admin word of its locality alone ("UBND TP", "Sở Y tế tỉnh") is
 * the body of that locality the text named before: the one written out in full, else
 * the place named last after the same word. Not a word that ends a name ("nông thôn",
 * "Liên bang"), nor a body with a name of its own. */
static void test_body_named_by_its_admin_word(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 3/5, Chủ tịch UBND TP Cần Thơ tiếp đoàn tỉnh Kiên Giang. Chủ tịch UBND TP cho "
                      "biết Sở Y tế tỉnh sẽ phối hợp với Sở Nông nghiệp và Phát triển nông thôn."},
        {HT_BLK_BODY, "Đoàn cũng gặp Cục Điều tra Liên bang tại bang Texas."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *u = fx_party_named(&x, "Ủy ban nhân dân TP Cần Thơ");
    assert_non_null(u);
    assert_int_equal(u->nmentions, 2);
    assert_string_equal(u->parent, "VN-CTO");
    const ht_xparty *y = fx_party_named(&x, "Sở Y tế tỉnh Kiên Giang");
    assert_non_null(y);
    assert_string_equal(y->parent, "VN-KGG");
    assert_non_null(fx_party_named(&x, "Sở Nông nghiệp và Phát triển nông thôn"));
    assert_non_null(fx_party_named(&x, "Cục Điều tra Liên bang"));
    for (size_t k = 0; k < x.nparties; k++)
        if (fx_same(x.parties[k].name, "Ủy ban nhân dân TP") || fx_same(x.parties[k].name, "Sở Y tế tỉnh") ||
            fx_contains(x.parties[k].name, "nông thôn Kiên") || fx_contains(x.parties[k].name, "Liên bang Texas"))
            fail_msg("%s", x.parties[k].name);
    ht_extraction_free(&x);
}

/* "hai thành phố X (Country) và Y (Country)": the second name is a locality of its
 * country too. */
static void test_two_localities_with_their_countries(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Hai thành phố Torino (Italy) và Zilina (Slovakia) sẽ chia sẻ kinh nghiệm với Huế."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *t = fx_party_named(&x, "Torino"), *z = fx_party_named(&x, "Zilina");
    assert_non_null(t);
    assert_non_null(z);
    assert_string_equal(t->country, "IT");
    assert_string_equal(z->country, "SK");
    ht_extraction_free(&x);
}

/* "Cơ quan …" heads a body's name ("Cơ quan Hợp tác Quốc tế Nhật Bản"), not "Cơ quan chức
 * năng" (the authorities); a list's comma that no name follows is not the body's. */
static void test_agencies_and_list_commas(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Cơ quan Hợp tác Quốc tế Hàn Quốc tài trợ dự án. Cơ quan chức năng tỉnh Điện Biên "
                      "đang xác minh. Theo Bộ Công an, Trần Văn Nam là đối tượng bị truy nã."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_party_named(&x, "Cơ quan Hợp tác Quốc tế Hàn Quốc"));
    assert_non_null(fx_party_named(&x, "Bộ Công an"));
    for (size_t k = 0; k < x.nparties; k++)
        if (fx_contains(x.parties[k].name, "chức năng") || strchr(x.parties[k].name, ','))
            fail_msg("%s", x.parties[k].name);
    ht_extraction_free(&x);
}

/* A company named with its form in Latin letters, then without it: one party, which
 * takes the country given with the short form. */
static void test_company_form(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 3/4, UBND tỉnh Bình Định và Tập đoàn Lotte Group đã ký biên bản ghi nhớ."},
        {HT_BLK_BODY, "Tập đoàn Lotte (Hàn Quốc) dự kiến xây một trung tâm thương mại."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *a = fx_party_named(&x, "Tập đoàn Lotte Group");
    const ht_xparty *b = fx_party_named(&x, "Tập đoàn Lotte");
    assert_non_null(a);
    assert_ptr_equal(a, b);
    assert_non_null(a->country);
    assert_string_equal(a->country, "KR");
    ht_extraction_free(&x);
}

/* "của" and a country right after a body's name give its country ("Tập đoàn Hyosung
 * của Hàn Quốc", "Hạm đội Biển Đen của Nga"); a country later in the sentence does
 * not. */
static void test_country_after_cua(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 7/2, Tập đoàn Hyosung của Hàn Quốc thông báo đã ký biên bản ghi nhớ. Tàu ngầm "
                      "thuộc Hạm đội Biển Đen của Nga. Tập đoàn Sao Mai ký hợp đồng với đối tác của Nhật Bản."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *a = fx_party_named(&x, "Tập đoàn Hyosung");
    const ht_xparty *b = fx_party_named(&x, "Hạm đội Biển Đen");
    const ht_xparty *c = fx_party_named(&x, "Tập đoàn Sao Mai");
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_non_null(a->country);
    assert_string_equal(a->country, "KR");
    assert_non_null(b->country);
    assert_string_equal(b->country, "RU");
    assert_null(c->country);
    ht_extraction_free(&x);
}

/* The head of a body's name inside a country's name is none: "Ban" in "Tây Ban Nha",
 * "Quốc hội" across "Hàn Quốc hội quân". */
static void test_head_inside_country(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ba đồng đội ở đội U21 Tây Ban Nha là Marco Asensio. U22 Hàn Quốc hội quân đấu "
                      "U22 Việt Nam. Vùng Tây Bắc Tây Ban Nha có bão. Quốc hội Hàn Quốc họp."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    for (size_t k = 0; k < x.nparties; k++)
        if (!strncmp(x.parties[k].name, "Ban Nha", strlen("Ban Nha")) ||
            !strncmp(x.parties[k].name, "Quốc hội quân", strlen("Quốc hội quân")))
            fail_msg("a body inside a country's name: %s", x.parties[k].name);
    assert_non_null(fx_party_named(&x, "Quốc hội Hàn Quốc"));
    ht_extraction_free(&x);
}

/* After "Ban Quản lý" (a board), words in lower case up to a place or a capitalised
 * word are the board's name; not the words of a sentence ("sẽ tạm dừng …"). */
static void test_board_names(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Hôm qua, Alstom đã ký hợp đồng với Ban quản lý đường sắt đô thị Hà Nội. Đoàn làm việc với "
                      "Ban quản lý các khu công nghiệp tỉnh Bình Dương và Ban Quản lý rừng phòng hộ Nhưng Miên."},
        {HT_BLK_BODY, "Sau đó, Ban quản lý dự án sẽ tạm dừng sử dụng hình ảnh tại ga La Khê."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_party_named(&x, "Ban quản lý đường sắt đô thị Hà Nội"));
    assert_non_null(fx_party_named(&x, "Ban quản lý các khu công nghiệp tỉnh Bình Dương"));
    assert_non_null(fx_party_named(&x, "Ban Quản lý rừng phòng hộ Nhưng Miên"));
    for (size_t k = 0; k < x.nparties; k++)
        if (fx_contains(x.parties[k].name, "tạm dừng"))
            fail_msg("a sentence taken for a board's name: %s", x.parties[k].name);
    ht_extraction_free(&x);
}

/* The European Union and its institutions, ASEAN and the international agencies known
 * by their acronyms are bodies whose whole name is their head ("Liên minh châu Âu",
 * "EU", "Ủy ban châu Âu", "ASEAN", "JICA", "WHO"), one party with the full name:
 * neither "châu Âu" nor the name of a holder after it is a word of anything else. */
static void test_international_bodies(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Hôm qua, Liên minh châu Âu (EU) và Việt Nam ký hiệp định. Chủ tịch Ủy ban châu Âu "
                      "Jean-Claude Juncker dự. Hội đồng châu Âu hay ông Donald Tusk chưa lên tiếng."},
        {HT_BLK_BODY, "Tổng Thư ký ASEAN Lê Lương Minh cho biết Hiệp hội các quốc gia Đông Nam Á sẽ hợp tác."},
        {HT_BLK_BODY, "Ngày 5/3, JICA và UBND tỉnh Quảng Nam ký biên bản ghi nhớ hợp tác. Tổ chức Y tế Thế giới "
                      "(WHO) cảnh báo. Theo WHO, dịch giảm."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *eu = fx_party_named(&x, "Liên minh châu Âu");
    assert_non_null(eu);
    assert_ptr_equal(eu, fx_party_named(&x, "EU"));
    assert_non_null(fx_party_named(&x, "Ủy ban châu Âu"));
    const ht_xparty *asean = fx_party_named(&x, "Hiệp hội các quốc gia Đông Nam Á");
    assert_non_null(asean);
    assert_ptr_equal(asean, fx_party_named(&x, "ASEAN"));
    assert_true(fx_has_title(fx_person(&x, "Lê Lương Minh"), "Tổng Thư ký ASEAN"));
    const ht_xparty *jica = fx_party_named(&x, "Cơ quan Hợp tác Quốc tế Nhật Bản");
    assert_non_null(jica);
    bool signed_jica = false;
    for (size_t k = 0; k < x.nagreements; k++)
        for (size_t q = 0; q < x.agreements[k].nparties; q++)
            signed_jica |= &x.parties[x.agreements[k].parties[q]] == jica;
    if (!signed_jica)
        fail_msg("JICA's memorandum with Quảng Nam not found");
    const ht_xparty *who = fx_party_named(&x, "Tổ chức Y tế Thế giới");
    assert_non_null(who);
    assert_ptr_equal(who, fx_party_named(&x, "WHO"));
    assert_true(fx_has_title(fx_person(&x, "Jean-Claude Juncker"), "Chủ tịch Ủy ban châu Âu"));
    for (size_t k = 0; k < x.nparties; k++)
        if (fx_contains(x.parties[k].name, "Tusk"))
            fail_msg("a person taken into a body's name: %s", x.parties[k].name);
    ht_extraction_free(&x);
}

/* The assemblies of foreign prefectures and cities ("Hội đồng tỉnh Kanagawa", "Hội đồng
 * thành phố Busan") are bodies of their locality, and their chairs hold their titles. */
static void test_assemblies_abroad(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Hôm qua, Chủ tịch Hội đồng tỉnh Kanagawa Katsuya Kobayashi và đoàn đại biểu Hội đồng "
                      "thành phố Busan thăm Đà Nẵng."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *k = fx_party_named(&x, "Hội đồng tỉnh Kanagawa");
    assert_non_null(k);
    assert_non_null(k->country);
    assert_string_equal(k->country, "JP");
    assert_non_null(fx_party_named(&x, "Hội đồng thành phố Busan"));
    assert_true(fx_has_title(fx_person(&x, "Katsuya Kobayashi"), "Chủ tịch Hội đồng tỉnh Kanagawa"));
    ht_extraction_free(&x);
}

/* A short name of two words read again later but going on with a capitalised word
 * ("EVN HCMC Online") is not the body there, and the city inside it stays the city. */
static void test_short_name_going_on(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Hôm qua, Tổng công ty Điện lực TP.HCM (EVN HCMC) cảnh báo khách hàng về các cuộc gọi giả "
                      "mạo nhân viên điện lực."},
        {HT_BLK_BODY, "Trang EVN HCMC Online cho biết khách hàng cần liên hệ tổng đài để kiểm tra."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *evn = fx_party_named(&x, "Tổng công ty Điện lực TP.HCM");
    assert_non_null(evn);
    assert_int_equal(evn->nmentions, 1);
    const ht_xparty *city = fx_party_named(&x, "Thành phố Hồ Chí Minh");
    assert_non_null(city);
    assert_int_equal(city->nmentions, 2); /* "TP.HCM" in the body's name, "HCMC" later */
    ht_extraction_free(&x);
}

/* An airline is a body: "Hãng Hàng không …" signs as a party; its short name of two
 * words in brackets ("Vietnam Airlines") names it later, and the country inside that
 * name is no mention of the country. */
static void test_airline(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 29/6, UBND TP Hồ Chí Minh và Hãng Hàng không Quốc gia Việt Nam (Vietnam Airlines) "
                      "đã ký thỏa thuận hợp tác toàn diện."},
        {HT_BLK_BODY, "Theo đó, Vietnam Airlines sẽ quảng bá du lịch của thành phố."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *vn = fx_party_named(&x, "Hãng Hàng không Quốc gia Việt Nam");
    assert_non_null(vn);
    assert_int_equal(x.nagreements, 1);
    assert_int_equal(vn->nmentions, 2); /* the full name, and "Vietnam Airlines" later */
    const ht_xparty *country = fx_party_named(&x, "Việt Nam");
    if (country && country != vn && country->nmentions > 1)
        fail_msg("\"Vietnam\" of \"Vietnam Airlines\" taken for the country: %zu mentions", country->nmentions);
    ht_extraction_free(&x);
}

/* "Bộ Giao thông Vận tải báo cáo Thủ tướng": a verb in lower case after a body's name
 * is not part of it. */
static void test_verb_after_a_body(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 2/3, Bộ Giao thông Vận tải báo cáo Thủ tướng về dự án; Ủy ban Thường vụ "
                      "Quốc hội đồng ý với đề xuất của tỉnh Lạng Sơn."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_party_named(&x, "Bộ Giao thông Vận tải"));
    assert_null(fx_party_named(&x, "Bộ Giao thông Vận tải báo cáo"));
    assert_null(fx_party_named(&x, "Ủy ban Thường vụ Quốc hội đồng ý"));
    ht_extraction_free(&x);
}

/* "UBND TP. Osaka": the abbreviation's dot between the admin word and the place. */
static void test_admin_abbreviation_dot(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 3/4, đại diện UBND TP. Osaka đã thăm tỉnh Bình Định."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *o = fx_party_named(&x, "Ủy ban nhân dân TP. Osaka");
    assert_non_null(o);
    assert_non_null(o->country);
    assert_string_equal(o->country, "JP");
    ht_extraction_free(&x);
}

/* "UBND TP. Hải Phòng", then "Ủy ban nhân dân thành phố Hải Phòng": one body. */
static void test_city_word_short_and_full(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Ngày 3/4, UBND TP. Hải Phòng đón đoàn tỉnh Attapeu."},
        {HT_BLK_BODY, "Ủy ban nhân dân thành phố Hải Phòng cảm ơn đoàn."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    const ht_xparty *a = fx_party_named(&x, "Ủy ban nhân dân TP. Hải Phòng");
    assert_non_null(a);
    assert_ptr_equal(a, fx_party_named(&x, "Ủy ban nhân dân thành phố Hải Phòng"));
    ht_extraction_free(&x);
}

/* "bản" and "xã" as the second syllable of a word are no village and no commune:
 * "phiên bản S" (a version), "kịch bản The Hangover" (a script), "bà xã Julie" (a
 * wife); "xã Nalae (Lào)" and "làng Giethoorn (Hà Lan)" are. */
static void test_admin_word_inside_a_word(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Tại Mỹ, xe có phiên bản S và phiên bản Platinum. Phim Thái Lan dựa trên kịch bản The "
                      "Hangover. Ở Anh, bà xã Julie cùng dự. Đoàn thăm xã Nalae (Lào) và làng Giethoorn (Hà Lan)."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    assert_non_null(fx_party_named(&x, "Nalae"));
    assert_non_null(fx_party_named(&x, "Giethoorn"));
    static const char *const none[] = {"S", "Platinum", "The Hangover", "Julie"};
    for (size_t k = 0; k < sizeof none / sizeof *none; k++)
        if (fx_party_named(&x, none[k]))
            fail_msg("%s is no place", none[k]);
    ht_extraction_free(&x);
}

/* A longer run in lower case goes on to a foreign word that is the body's own name and
 * ends it ("Công ty TNHH Dịch vụ thương mại tin học Shinhan", "… phòng chống dịch
 * Covid"), or after "và" to the body's country ("Ngân hàng TMCP Đầu tư và phát triển
 * Việt Nam"); words of data/org_words.tsv are read whole. */
static void test_longer_lower_runs(void **st)
{
    (void)st;
    static const fx_line doc[] = {
        {HT_BLK_TITLE, "Tin"},
        {HT_BLK_BODY, "Công ty TNHH Dịch vụ thương mại tin học Shinhan ký với tỉnh. Ban Chỉ đạo Quốc gia "
                      "phòng chống dịch Covid họp chiều nay."},
        /* words of data/org_words.tsv read whole ("đô thị", "công nghệ cao") */
        {HT_BLK_BODY, "Tổng Công ty Đầu tư phát triển đô thị và KCN Việt Nam cùng Cục Cảnh sát phòng chống "
                      "tội phạm công nghệ cao dự lễ."},
        /* "và" and words in lower case before the body's country */
        {HT_BLK_BODY, "Ngân hàng TMCP Đầu tư và phát triển Việt Nam cho vay; Trung tâm Kiểm soát và phòng "
                      "ngừa dịch bệnh Mỹ cảnh báo."},
        {0, NULL}};
    ht_extraction x;
    fx_run(&x, doc, NULL);
    static const char *const names[] = {"Công ty trách nhiệm hữu hạn Dịch vụ thương mại tin học Shinhan",
                                        "Ban Chỉ đạo Quốc gia phòng chống dịch Covid",
                                        "Tổng Công ty Đầu tư phát triển đô thị và KCN Việt Nam",
                                        "Cục Cảnh sát phòng chống tội phạm công nghệ cao",
                                        "Ngân hàng TMCP Đầu tư và phát triển Việt Nam",
                                        "Trung tâm Kiểm soát và phòng ngừa dịch bệnh Mỹ"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!fx_party_named(&x, names[i]))
            fail_msg("%s: not found", names[i]);
    ht_extraction_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_admin_word_inside_a_word),
        cmocka_unit_test(test_longer_lower_runs),
        cmocka_unit_test(test_city_word_short_and_full),
        cmocka_unit_test(test_admin_abbreviation_dot),
        cmocka_unit_test(test_verb_after_a_body),
        cmocka_unit_test(test_company_form), cmocka_unit_test(test_country_after_cua), cmocka_unit_test(test_head_inside_country),
        cmocka_unit_test(test_airline),
        cmocka_unit_test(test_short_name_going_on),
        cmocka_unit_test(test_assemblies_abroad),
        cmocka_unit_test(test_international_bodies),
        cmocka_unit_test(test_board_names),
        cmocka_unit_test(test_variants),
        cmocka_unit_test(test_case_and_marks),
        cmocka_unit_test(test_city_word),
        cmocka_unit_test(test_country_word_in_local_names),
        cmocka_unit_test(test_holder_after_body),
        cmocka_unit_test(test_names_are_not_places),
        cmocka_unit_test(test_foreign_locality),
        cmocka_unit_test(test_domestic_district_with_province),
        cmocka_unit_test(test_organisations),
        cmocka_unit_test(test_national_bodies),
        cmocka_unit_test(test_glued_words),
        cmocka_unit_test(test_org_name_ends_before_verb),
        cmocka_unit_test(test_org_name_ends_before_more_verbs),
        cmocka_unit_test(test_org_name_ends_before_at),
        cmocka_unit_test(test_org_name_second_syllables),
        cmocka_unit_test(test_region_is_no_ministry),
        cmocka_unit_test(test_org_name_ends_before_ends_cue),
        cmocka_unit_test(test_org_name_ends_before_opener),
        cmocka_unit_test(test_org_name_words),
        cmocka_unit_test(test_body_named_by_one_letter),
        cmocka_unit_test(test_and_inside_a_name),
        cmocka_unit_test(test_spans_in_original_bytes),
        cmocka_unit_test(test_boilerplate_is_not_read),
        cmocka_unit_test(test_short_names),
        cmocka_unit_test(test_unmarked_syllables),
        cmocka_unit_test(test_marks_of_a_place),
        cmocka_unit_test(test_family_name_inside_a_body),
        cmocka_unit_test(test_bodies_named_after_people),
        cmocka_unit_test(test_abbreviations_in_a_body),
        cmocka_unit_test(test_place_over_a_head),
        cmocka_unit_test(test_agreement_word_is_no_village),
        cmocka_unit_test(test_body_named_by_its_admin_word),
        cmocka_unit_test(test_two_localities_with_their_countries),
        cmocka_unit_test(test_agencies_and_list_commas),
        cmocka_unit_test(test_units_and_missions),
        cmocka_unit_test(test_ministry_fields),
        cmocka_unit_test(test_school_names_and_two_bodies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
