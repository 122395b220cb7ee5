/* Unit tests of the text pipeline of the page layer: plain text, the markdown-ish text
 * of scraped pages and aggregator text; block classes, exact spans (also for NFD and
 * CRLF input), the published date, and the seed documents when ../shared is there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "page/page.h"
#include "test_page_check.h"

static void parse(const char *name, const char *s, ht_format fmt, ht_doc *d)
{
    ht_error e = {0};
    if (ht_page_parse(name, s, strlen(s), fmt, d, &e) != 0)
        fail_msg("%s: %s", name, e.msg);
    check_doc(d);
}

/* A scraped page written for this test: a title, two slider captions of other
 * stories, an image with its caption, paragraphs, a photo line between paragraphs, the
 * author, and two boxes of other headlines. */
static const char page_md[] =
    "Hai tỉnh biên giới tăng cường hợp tác y tế\n"
    "| Ngày 5/9/2023, tại Hà Nội, Bộ Y tế tổ chức hội nghị tổng kết công tác phòng chống "
    "dịch của cả nước. |\n"
    "| Ngày 7/9, tỉnh Điện Biên và tỉnh Phongsaly ký kế hoạch phối hợp giai đoạn "
    "2023-2025. Hai bên sẽ mở thêm điểm khám bệnh tại cửa khẩu. |\n"
    "Chuyến thăm diễn ra trong dịp hai tỉnh kỷ niệm 15 năm ngày ký kết văn bản hợp tác đầu "
    "tiên, mở ra giai đoạn phát triển mới cho quan hệ hữu nghị.\n"
    "![]() |\n"
    "| Giám đốc Sở Y tế trao đổi với đoàn công tác tại bệnh viện tỉnh (Ảnh: Minh Khôi). |\n"
    "Tại buổi làm việc, Giám đốc Sở Y tế cho biết trong năm qua, bệnh viện tỉnh đã khám "
    "và điều trị cho hơn 2.000 lượt người dân nước bạn, trong đó có nhiều ca bệnh nặng.\n"
    "Các đại biểu tham quan khu điều trị mới của bệnh viện\n"
    "Hai bên thống nhất trao đổi thông tin dịch bệnh hằng tháng, phối hợp đào tạo bác sĩ "
    "và tổ chức các đợt khám bệnh miễn phí cho người dân vùng biên.\n"
    "Thanh Lam\n"
    "Tin bài liên quan\n"
    "Khánh thành trạm y tế xã biên giới\n"
    "Tập huấn phòng chống sốt xuất huyết cho cán bộ y tế cơ sở\n"
    "- Hội nghị sơ kết công tác y tế 6 tháng đầu năm (10/07/2024, 09:15)\n"
    "- Trao tặng thiết bị y tế cho các xã vùng cao (09/07/2024, 16:40)\n";

static void test_markdown_classes(void **state)
{
    (void)state;
    ht_doc d;
    parse("page.md", page_md, HT_FMT_AUTO, &d);
    assert_int_equal(d.format, HT_FMT_MARKDOWN);
    assert_non_null(d.title);
    assert_string_equal(d.title, "Hai tỉnh biên giới tăng cường hợp tác y tế");
    expect_class(&d, "Hai tỉnh biên giới", HT_BLK_TITLE);
    expect_class(&d, "Ngày 5/9/2023", HT_BLK_CAPTION_OTHER);
    expect_class(&d, "Ngày 7/9", HT_BLK_CAPTION_OTHER);
    expect_class(&d, "Giám đốc Sở Y tế trao đổi", HT_BLK_CAPTION);
    expect_class(&d, "Tại buổi làm việc", HT_BLK_BODY);
    expect_class(&d, "Các đại biểu tham quan", HT_BLK_CAPTION);
    expect_class(&d, "Hai bên thống nhất", HT_BLK_BODY);
    expect_class(&d, "Thanh Lam", HT_BLK_BYLINE);
    expect_class(&d, "Tin bài liên quan", HT_BLK_BOILERPLATE);
    expect_class(&d, "Khánh thành trạm", HT_BLK_BOILERPLATE);
    expect_class(&d, "Tập huấn phòng chống", HT_BLK_BOILERPLATE);
    expect_class(&d, "Hội nghị sơ kết", HT_BLK_BOILERPLATE);
    expect_class(&d, "Trao tặng thiết bị", HT_BLK_BOILERPLATE);
    /* the row markup is not part of a block */
    const ht_block *row = find_block(&d, "Ngày 7/9");
    assert_int_not_equal(d.text[row->end - 1], '|');
    /* no published date: the only full dates are in captions of other stories and lists */
    assert_null(d.published);
    ht_doc_free(&d);
}

/* Without the section header, a list of timestamped headlines after the article is
 * boilerplate too, and the name before it is the byline. */
static void test_headline_list(void **state)
{
    (void)state;
    static const char s[] =
        "Sáng 12/3, đoàn công tác của tỉnh Lạng Sơn đã thăm và làm việc với chính quyền "
        "thành phố Bằng Tường, Quảng Tây, bàn về việc mở rộng khu kinh tế cửa khẩu.\n"
        "Hai bên nhất trí sớm hoàn thiện hạ tầng bến bãi, rút ngắn thời gian thông quan hàng "
        "hóa và tăng cường trao đổi đoàn các cấp trong năm nay.\n"
        "Hồng Nhung\n"
        "- Lạng Sơn đón đoàn doanh nghiệp nước ngoài tìm hiểu cơ hội đầu tư (11/03/2025, 10:20)\n"
        "- Xuất khẩu nông sản qua cửa khẩu tăng mạnh (10/03/2025, 15:05)\n"
        "- Cửa khẩu Hữu Nghị thông quan hơn 1.000 phương tiện mỗi ngày (09/03/2025, 08:45)\n";
    ht_doc d;
    parse("list.md", s, HT_FMT_AUTO, &d);
    assert_null(d.title); /* the first line is a paragraph with a dateline */
    expect_class(&d, "Sáng 12/3", HT_BLK_LEAD);
    expect_class(&d, "Hai bên nhất trí", HT_BLK_BODY);
    expect_class(&d, "Hồng Nhung", HT_BLK_BYLINE);
    expect_class(&d, "Lạng Sơn đón đoàn", HT_BLK_BOILERPLATE);
    expect_class(&d, "Cửa khẩu Hữu Nghị", HT_BLK_BOILERPLATE);
    assert_null(d.published); /* 2025 belongs to other headlines */
    ht_doc_free(&d);
}

/* Aggregator text: sapo line, then the whole body on one line with inline photo
 * captions, a bracketed related headline and the author's initials at the end. */
static void test_inline_captions(void **state)
{
    (void)state;
    static const char s[] =
        "Nhiều hoạt động giao lưu nhân dịp năm hữu nghị được các địa phương tổ chức.\n"
        "Chiều 16/5, tại nhà văn hóa tỉnh, hơn 300 thanh niên hai nước đã tham gia chương trình "
        "giao lưu văn nghệ và thể thao. Các đội bóng chuyền thi đấu sôi nổi trên sân vận động "
        "tỉnh (Ảnh: Trọng Nghĩa/TTXVN). Ban tổ chức cũng trao quà cho các sinh viên có thành "
        "tích học tập tốt. [Khai mạc tuần lễ văn hóa các dân tộc vùng biên giới] Chương trình "
        "kết thúc bằng đêm lửa trại với nhiều tiết mục múa truyền thống của hai nước./. "
        "Thu Hà\n";
    ht_doc d;
    ht_error e = {0};
    /* as JSON Lines would give it: the title came from metadata */
    assert_int_equal(ht_page_parse("agg.txt", s, strlen(s), HT_FMT_TEXT, &d, &e), 0);
    check_doc(&d);
    assert_int_equal(d.format, HT_FMT_TEXT);
    expect_class(&d, "Các đội bóng chuyền thi đấu", HT_BLK_CAPTION);
    const ht_block *cap = find_block(&d, "Các đội bóng chuyền thi đấu");
    /* the caption ends with the credit and the full stop after it */
    assert_memory_equal(d.text + cap->end - 2, ").", 2);
    expect_class(&d, "[Khai mạc tuần lễ", HT_BLK_BOILERPLATE);
    expect_class(&d, "Thu Hà", HT_BLK_BYLINE);
    expect_class(&d, "Ban tổ chức cũng", HT_BLK_BODY);
    expect_class(&d, "Chương trình kết thúc", HT_BLK_BODY);
    ht_doc_free(&d);
}

/* Spans are exact byte offsets of the original: NFD input, old tone placement, CRLF,
 * NBSP and double spaces all normalise, and every block maps back to the bytes that
 * normalise to its text. */
static void test_spans_exact(void **state)
{
    (void)state;
    static const char s[] =
        "Ho\xcc\x80""a Bi\xcc\x80nh ky\xcc\x81 ke\xcc\x82\xcc\x81t ho\xcc\x9b\xcc\xa3p ta\xcc\x81""c\r\n"
        "\r\n"
        "Ti\xcc\x89nh Ho\xcc\x80""a Bi\xcc\x80nh  va\xcc\x80\xc2\xa0ti\xcc\x89nh Hua\xcc\x89n "
        "(Lào) đã ký thỏa thuận hợp tác về nông nghiệp, giáo dục và văn hóa trong thời gian "
        "tới.\r\n"
        "Hai bên cũng thống nhất trao đổi đoàn công tác thường xuyên. Thuỷ lợi là ưu tiên.\r\n";
    ht_doc d;
    parse("nfd.txt", s, HT_FMT_TEXT, &d);
    assert_true(d.nblocks >= 3);
    for (size_t i = 0; i < d.nblocks; i++) {
        const ht_block *b = &d.blocks[i];
        ht_buf t = {0};
        ht_error e;
        assert_int_equal(ht_text_normalize(d.orig + b->orig_start, b->orig_end - b->orig_start,
                                           &t, NULL, &e),
                         0);
        if (t.n != b->end - b->start || memcmp(t.p, d.text + b->start, t.n) != 0)
            fail_msg("block %zu: orig %zu-%zu normalises to \"%.*s\", text is \"%.*s\"", i,
                     b->orig_start, b->orig_end, (int)t.n, t.p, (int)(b->end - b->start),
                     d.text + b->start);
        ht_buf_free(&t);
    }
    expect_class(&d, "Hòa Bình ký kết", HT_BLK_TITLE);
    assert_non_null(strstr(d.text, "Thủy lợi"));
    ht_doc_free(&d);
}

static void test_published_dateline(void **state)
{
    (void)state;
    static const char s[] =
        "Đà Nẵng đón tàu hải quân nước bạn\n"
        "Sáng 21/6/2019, tàu hải quân nước bạn cập cảng Tiên Sa, bắt đầu chuyến thăm thành phố "
        "Đà Nẵng trong 5 ngày với nhiều hoạt động giao lưu.\n"
        "Trong thời gian ở thành phố, thủy thủ đoàn sẽ chào xã giao lãnh đạo thành phố và "
        "giao lưu thể thao với hải quân Việt Nam.\n";
    ht_doc d;
    parse("dateline.txt", s, HT_FMT_AUTO, &d);
    assert_non_null(d.published);
    assert_string_equal(d.published, "2019-06-21");
    ht_doc_free(&d);
}

/* A long single line (no line breaks at all) is read in linear time and cut into
 * blocks without losing bytes. */
static void test_long_line(void **state)
{
    (void)state;
    const char *sent = "Hai bên trao đổi kinh nghiệm quản lý biên giới và phát triển kinh tế. ";
    size_t sl = strlen(sent), reps = 20000;
    char *s = malloc(sl * reps + 1);
    assert_non_null(s);
    for (size_t i = 0; i < reps; i++)
        memcpy(s + i * sl, sent, sl);
    s[sl * reps] = 0;
    ht_doc d;
    ht_error e = {0};
    assert_int_equal(ht_page_parse("long.txt", s, sl * reps, HT_FMT_AUTO, &d, &e), 0);
    check_doc(&d);
    assert_true(d.nblocks >= 1);
    ht_doc_free(&d);
    free(s);
}

/* The page layer says when its text is the original normalised, byte for byte (the
 * registry then stores the original only): not once a wrapped line was joined. */
static void test_text_is_orig(void **state)
{
    (void)state;
    ht_doc d;
    parse("plain.txt", "Hai tỉnh ký kết\n\nHai tỉnh ký kết văn bản hợp tác. Đoàn về nước.\n",
          HT_FMT_TEXT, &d);
    assert_true(d.text_is_orig);
    ht_doc_free(&d);
    parse("wrapped.txt", "Hai tỉnh ký kết\n\nHai tỉnh ký kết văn bản\nhợp tác. Đoàn về nước.\n", HT_FMT_TEXT,
          &d);
    assert_false(d.text_is_orig);
    assert_non_null(strstr(d.text, "văn bản hợp tác"));
    ht_doc_free(&d);
}

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)len + 1);
    if (p && fread(p, 1, (size_t)len, f) != (size_t)len) {
        free(p);
        p = NULL;
    }
    fclose(f);
    if (p) {
        p[len] = 0;
        *n = (size_t)len;
    }
    return p;
}

static const char *shared(void)
{
    const char *s = getenv("SHARED");
    return s ? s : "../shared";
}

static void test_seed_000(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/seeds/000_99a0bb244055c814.txt", shared());
    size_t n;
    char *s = read_all(path, &n);
    if (!s) {
        print_message("# SKIP seeds not found at %s\n", path);
        skip();
    }
    ht_doc d;
    ht_error e = {0};
    assert_int_equal(ht_page_parse(path, s, n, HT_FMT_AUTO, &d, &e), 0);
    check_doc(&d);
    assert_non_null(d.title);
    assert_non_null(strstr(d.title, "Tăng cường quan hệ hợp tác toàn diện"));
    /* the two captions at the top are captions, not body */
    assert_true(d.nblocks > 3);
    assert_true(d.blocks[1].cls == HT_BLK_CAPTION || d.blocks[1].cls == HT_BLK_CAPTION_OTHER);
    assert_true(d.blocks[2].cls == HT_BLK_CAPTION || d.blocks[2].cls == HT_BLK_CAPTION_OTHER);
    /* everything from "Tin bài liên quan" on is boilerplate */
    const ht_block *rel = find_block(&d, "Tin bài liên quan");
    assert_non_null(rel);
    for (const ht_block *b = rel; b < d.blocks + d.nblocks; b++)
        if (b->cls != HT_BLK_BOILERPLATE)
            fail_msg("\"%.40s\" after the related list is %s", d.text + b->start,
                     ht_block_class_name(b->cls));
    /* and nothing before it is */
    for (const ht_block *b = d.blocks; b < rel; b++)
        assert_int_not_equal(b->cls, HT_BLK_BOILERPLATE);
    assert_null(d.published);
    ht_doc_free(&d);
    free(s);
}

static void test_seed_001(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/seeds/001_ca6b6188b55768b1.txt", shared());
    size_t n;
    char *s = read_all(path, &n);
    if (!s) {
        print_message("# SKIP seeds not found at %s\n", path);
        skip();
    }
    ht_doc d;
    ht_error e = {0};
    assert_int_equal(ht_page_parse(path, s, n, HT_FMT_AUTO, &d, &e), 0);
    check_doc(&d);
    expect_class(&d, "Kim Bảo", HT_BLK_BYLINE);
    const ht_block *by = find_block(&d, "Kim Bảo");
    size_t lists = 0;
    for (const ht_block *b = by + 1; b < d.blocks + d.nblocks; b++) {
        assert_int_equal(b->cls, HT_BLK_BOILERPLATE);
        lists++;
    }
    assert_true(lists >= 10);
    assert_null(d.published); /* the 2025 dates are other headlines' */
    ht_doc_free(&d);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markdown_classes), cmocka_unit_test(test_headline_list),
        cmocka_unit_test(test_inline_captions),  cmocka_unit_test(test_spans_exact),
        cmocka_unit_test(test_published_dateline), cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_text_is_orig),
        cmocka_unit_test(test_seed_000),         cmocka_unit_test(test_seed_001),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
