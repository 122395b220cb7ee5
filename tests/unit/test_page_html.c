/* Unit tests of the HTML pipeline of the page layer: the article found among menus,
 * related lists and footers on pages shaped like Vietnamese news sites (fixtures
 * written for hoptac), spans that point at the text in the HTML bytes, entities,
 * metadata dates, and broken or hostile markup. */
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

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)len + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    p[len] = 0;
    *n = (size_t)len;
    return p;
}

/* The HTML bytes of a span as text: tags dropped, a few entities decoded, white space
 * collapsed. */
static char *visible(const char *s, size_t n)
{
    ht_buf raw = {0};
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '<' && i + 1 < n &&
            (s[i + 1] == '/' || s[i + 1] == '!' || ((s[i + 1] | 32) >= 'a' && (s[i + 1] | 32) <= 'z'))) {
            const char *gt = memchr(s + i, '>', n - i);
            if (!gt)
                break;
            i = (size_t)(gt - s);
            ht_buf_putc(&raw, ' ');
            continue;
        }
        if (s[i] == '&') {
            static const struct {
                const char *e, *v;
            } ents[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                        {"&nbsp;", " "}, {"&#7897;", "\xe1\xbb\x99"}, {"&#39;", "'"}};
            bool done = false;
            for (size_t k = 0; k < sizeof ents / sizeof ents[0] && !done; k++) {
                size_t l = strlen(ents[k].e);
                if (i + l <= n && memcmp(s + i, ents[k].e, l) == 0) {
                    ht_buf_puts(&raw, ents[k].v);
                    i += l - 1;
                    done = true;
                }
            }
            if (done)
                continue;
        }
        ht_buf_putc(&raw, s[i]);
    }
    ht_buf out = {0};
    ht_error e;
    assert_int_equal(ht_text_normalize(raw.p ? raw.p : "", raw.n, &out, NULL, &e), 0);
    ht_buf_free(&raw);
    for (size_t i = 0; i < out.n; i++)
        if (out.p[i] == '\n')
            out.p[i] = ' ';
    /* collapse the spaces the dropped tags left */
    size_t k = 0;
    for (size_t i = 0; i < out.n; i++)
        if (!(out.p[i] == ' ' && (k == 0 || out.p[k - 1] == ' ')))
            out.p[k++] = out.p[i];
    while (k && out.p[k - 1] == ' ')
        k--;
    if (!out.p)
        ht_buf_putc(&out, 0);
    out.p[k] = 0;
    return out.p;
}

static void squeeze(char *s)
{
    size_t k = 0;
    for (size_t i = 0; s[i]; i++)
        if (s[i] != ' ')
            s[k++] = s[i];
    s[k] = 0;
}

/* Every block's span holds exactly its text (spaces aside: inline tags may glue). */
static void check_spans(const ht_doc *d)
{
    for (size_t i = 0; i < d->nblocks; i++) {
        const ht_block *b = &d->blocks[i];
        char *v = visible(d->orig + b->orig_start, b->orig_end - b->orig_start);
        char *t = strndup(d->text + b->start, b->end - b->start);
        squeeze(v);
        squeeze(t);
        if (strcmp(v, t) != 0)
            fail_msg("%s: block %zu span %zu-%zu shows \"%.80s\", text is \"%.80s\"", d->source, i,
                     b->orig_start, b->orig_end, v, t);
        free(v);
        free(t);
    }
}

static void parse_file(const char *path, ht_doc *d, char **bytes)
{
    size_t n;
    *bytes = read_all(path, &n);
    ht_error e = {0};
    if (ht_page_parse(path, *bytes, n, HT_FMT_AUTO, d, &e) != 0)
        fail_msg("%s", e.msg);
    assert_int_equal(d->format, HT_FMT_HTML);
    check_doc(d);
    check_spans(d);
}

static void test_portal(void **state)
{
    (void)state;
    ht_doc d;
    char *s;
    parse_file("tests/fixtures/pages/portal_article.html", &d, &s);
    assert_string_equal(d.title,
                        "Quảng Trị và Savannakhet ký biên bản ghi nhớ hợp tác giai đoạn 2023 - 2027");
    assert_non_null(d.published);
    assert_string_equal(d.published, "2022-11-03");
    expect_class(&d, "Quảng Trị và Savannakhet ký", HT_BLK_TITLE);
    expect_class(&d, "Chiều 2/11", HT_BLK_LEAD);
    expect_class(&d, "Tham dự lễ ký", HT_BLK_BODY);
    expect_class(&d, "Về giáo dục", HT_BLK_BODY);
    expect_class(&d, "Phối hợp phòng chống", HT_BLK_BODY);
    expect_class(&d, "Phát biểu tại buổi lễ", HT_BLK_BODY);
    expect_class(&d, "Lãnh đạo hai tỉnh trao", HT_BLK_CAPTION);
    expect_class(&d, "Minh Châu", HT_BLK_BYLINE);
    expect_class(&d, "Thời sự", HT_BLK_BOILERPLATE);
    expect_class(&d, "Tin liên quan", HT_BLK_BOILERPLATE);
    expect_class(&d, "Đoàn đại biểu tỉnh Savannakhet", HT_BLK_BOILERPLATE);
    expect_class(&d, "Đọc nhiều", HT_BLK_BOILERPLATE);
    expect_class(&d, "Giá lúa tăng", HT_BLK_BOILERPLATE);
    expect_class(&d, "Cơ quan chủ quản", HT_BLK_BOILERPLATE);
    /* nothing of the script reached the text */
    assert_null(strstr(d.text, "quảng cáo"));
    assert_null(strstr(d.text, "pageType"));
    ht_doc_free(&d);
    free(s);
}

static void test_form_wrapped(void **state)
{
    (void)state;
    ht_doc d;
    char *s;
    parse_file("tests/fixtures/pages/form_wrapped.html", &d, &s);
    assert_string_equal(d.published, "2021-06-21"); /* article:published_time */
    expect_class(&d, "Kết nghĩa giữa Hội", HT_BLK_TITLE);
    expect_class(&d, "Ngày 20/6", HT_BLK_BODY);
    expect_class(&d, "Nhân dịp này", HT_BLK_BODY);
    expect_class(&d, "Nguyễn Văn An", HT_BLK_BYLINE);
    expect_class(&d, "Trang chủ", HT_BLK_BOILERPLATE);
    expect_class(&d, "Các tin khác", HT_BLK_BOILERPLATE);
    expect_class(&d, "Gặp mặt cán bộ", HT_BLK_BOILERPLATE);
    expect_class(&d, "Trang thông tin điện tử", HT_BLK_BOILERPLATE);
    ht_doc_free(&d);
    free(s);
}

static void test_tags_comments(void **state)
{
    (void)state;
    ht_doc d;
    char *s;
    parse_file("tests/fixtures/pages/article_tags.html", &d, &s);
    assert_string_equal(d.published, "2023-04-12"); /* JSON-LD */
    expect_class(&d, "Lễ hội giao lưu văn hóa", HT_BLK_TITLE);
    expect_class(&d, "Sáng 11/4", HT_BLK_BODY);
    expect_class(&d, "Theo lãnh đạo Sở", HT_BLK_BODY);
    expect_class(&d, "Quảng cáo", HT_BLK_BOILERPLATE);
    expect_class(&d, "Từ khóa", HT_BLK_BOILERPLATE);
    expect_class(&d, "Lễ hội rất vui", HT_BLK_BOILERPLATE); /* a comment */
    expect_class(&d, "Có thể bạn quan tâm", HT_BLK_BOILERPLATE);
    expect_class(&d, "Khai mạc tuần văn hóa", HT_BLK_BOILERPLATE);
    ht_doc_free(&d);
    free(s);
}

static void parse_str(const char *name, const char *html, ht_doc *d)
{
    ht_error e = {0};
    if (ht_page_parse(name, html, strlen(html), HT_FMT_AUTO, d, &e) != 0)
        fail_msg("%s", e.msg);
    check_doc(d);
    check_spans(d);
}

/* Entities decode; spans still cover their bytes; scripts and comments hold no text
 * even when they contain markup. */
static void test_entities_and_raw_text(void **state)
{
    (void)state;
    static const char html[] =
        "<html><body><!-- <p>một đoạn bị chú thích</p> -->"
        "<script>if (x < 1) { s = '</div><p>mã nguồn</p>'; }</script>"
        "<div class=\"noi-dung\"><p>Hội nghị xúc tiến đầu tư &amp; thương mại được tổ chức tại "
        "Hà N&#7897;i,&nbsp;thu hút hơn 200 doanh nghiệp của hai nước tham dự, với nhiều "
        "biên bản hợp tác được ký kết.</p>"
        "<p>Ban tổ chức cho biết sẽ duy trì hội nghị hằng năm, luân phiên giữa hai nước, "
        "để doanh nghiệp có thêm cơ hội gặp gỡ, tìm hiểu thị trường.</p></div>"
        "<style>p { color: red }</style></body></html>";
    ht_doc d;
    parse_str("entities.html", html, &d);
    const ht_block *b = find_block(&d, "Hội nghị xúc tiến");
    assert_non_null(b);
    assert_int_equal(b->cls, HT_BLK_BODY);
    assert_non_null(strstr(d.text, "đầu tư & thương mại"));
    assert_non_null(strstr(d.text, "Hà Nội, thu hút"));
    assert_null(strstr(d.text, "mã nguồn"));
    assert_null(strstr(d.text, "chú thích"));
    assert_null(strstr(d.text, "color"));
    /* the span starts at the text, not at the markup before it */
    assert_memory_equal(d.orig + b->orig_start, "Hội", strlen("Hội"));
    ht_doc_free(&d);
}

/* Broken markup: unclosed elements, stray '<', attributes without quotes. */
static void test_broken(void **state)
{
    (void)state;
    static const char html[] =
        "<html><body><div class=menu><a href=/>Trang chủ<a href=/x>Tin tức</div>"
        "<div id=main><p>Đoàn công tác tỉnh Kon Tum đã đến thăm và làm việc với tỉnh Attapeu, "
        "trao đổi về hợp tác nông nghiệp, giáo dục và phát triển giao thông vùng biên <b>rất "
        "hiệu quả<p>Hai bên cũng bàn việc tổ chức hội chợ thương mại, với giá trị trao đổi dự "
        "kiến tăng 5 < 10 lần trong các năm tới, theo kế hoạch chung.<p>Cuối buổi làm việc, "
        "lãnh đạo hai tỉnh đã trao quà lưu niệm và chụp ảnh chung";
    ht_doc d;
    parse_str("broken.html", html, &d);
    expect_class(&d, "Đoàn công tác tỉnh Kon Tum", HT_BLK_BODY);
    expect_class(&d, "Hai bên cũng bàn", HT_BLK_BODY);
    assert_non_null(strstr(d.text, "5 < 10 lần"));
    ht_doc_free(&d);
}

/* 10,000 nested elements: no crash, no recursion, the text is still found. */
static void test_deep_nesting(void **state)
{
    (void)state;
    size_t depth = 10000;
    ht_buf b = {0};
    for (size_t i = 0; i < depth; i++)
        ht_buf_puts(&b, i % 2 ? "<span>" : "<div>");
    ht_buf_puts(&b, "Văn bản nằm rất sâu trong trang, vẫn phải được đọc ra, với dấu phẩy, "
                    "và đủ dài để được tính là một đoạn văn.");
    for (size_t i = depth; i-- > 0;)
        ht_buf_puts(&b, i % 2 ? "</span>" : "</div>");
    ht_doc d;
    ht_error e = {0};
    assert_int_equal(ht_page_parse("deep.html", b.p, b.n, HT_FMT_HTML, &d, &e), 0);
    check_doc(&d);
    assert_non_null(strstr(d.text, "Văn bản nằm rất sâu"));
    ht_doc_free(&d);
    ht_buf_free(&b);
}

/* Only furniture: nothing is body, and nothing breaks. */
static void test_no_article(void **state)
{
    (void)state;
    static const char html[] = "<html><body><nav><a href=/>Trang chủ</a><a href=/a>Giới thiệu</a>"
                               "</nav><footer>Liên hệ</footer></body></html>";
    ht_doc d;
    parse_str("empty.html", html, &d);
    for (size_t i = 0; i < d.nblocks; i++)
        assert_int_equal(d.blocks[i].cls, HT_BLK_BOILERPLATE);
    ht_doc_free(&d);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    static const char html[] = "<html><body><p>Gi\xe1 tr\xe1\xbb\x8b</p></body></html>";
    ht_doc d;
    ht_error e = {0};
    assert_int_equal(ht_page_parse("bad.html", html, strlen(html), HT_FMT_HTML, &d, &e), HT_EUTF8);
    assert_non_null(strstr(e.msg, "bad.html"));
    assert_non_null(strstr(e.msg, "byte 17"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_portal),         cmocka_unit_test(test_form_wrapped),
        cmocka_unit_test(test_tags_comments),  cmocka_unit_test(test_entities_and_raw_text),
        cmocka_unit_test(test_broken),         cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_no_article),     cmocka_unit_test(test_invalid_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
