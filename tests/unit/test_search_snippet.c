/* Unit tests of snippets: byte-exact marks on NFC and NFD Vietnamese text, phrases
 * across punctuation, aliases, prefixes, exact mode, the choice of the window, cuts at
 * word boundaries for every width, and the terminal and JSON forms. The sentences are
 * written for these tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <utf8proc.h>

#include "search/snippet.h"
#include "text/text.h"

static ht_snippet make(const char *text, size_t n, const char *query, bool exact, size_t width)
{
    ht_query q;
    ht_error e = {0};
    ht_query_opts qo = {.exact = exact};
    if (ht_query_parse(query, strlen(query), &qo, &q, &e))
        fail_msg("%s: %s", query, e.msg);
    ht_snippet sn;
    ht_snippet_opts so = {.width = width, .exact = exact};
    if (ht_snippet_make(text, n, q.terms, q.nterms, &so, &sn, &e))
        fail_msg("snippet: %s", e.msg);
    ht_query_free(&q);
    return sn;
}

static char *nfd(const char *s)
{
    char *d = (char *)utf8proc_NFD((const utf8proc_uint8_t *)s);
    assert_non_null(d);
    return d;
}

/* The marked substrings of the snippet, in order, equal want[]. */
static void assert_marked(const ht_snippet *sn, const char *const *want, size_t nwant)
{
    if (sn->nmarks != nwant)
        fail_msg("%zu marks in \"%s\", want %zu", sn->nmarks, sn->text, nwant);
    for (size_t i = 0; i < nwant; i++) {
        const ht_snippet_mark *m = &sn->marks[i];
        assert_true(m->start < m->end && m->end <= sn->n);
        size_t len = strlen(want[i]);
        if (m->end - m->start != len || memcmp(sn->text + m->start, want[i], len))
            fail_msg("mark %zu is \"%.*s\", want \"%s\"", i, (int)(m->end - m->start),
                     sn->text + m->start, want[i]);
    }
}

static void test_offsets_nfc(void **st)
{
    (void)st;
    /* "Con " is 4 bytes, "đường" 9, " mới; " 8, "dương" 7 */
    const char *t = "Con đường mới; dương liễu.";
    ht_snippet sn = make(t, strlen(t), "đường", false, 0);
    assert_string_equal(sn.text, t);
    assert_int_equal(sn.start, 0);
    assert_int_equal(sn.end, strlen(t));
    assert_int_equal(sn.nmarks, 2);
    assert_int_equal(sn.marks[0].start, 4);
    assert_int_equal(sn.marks[0].end, 13);
    assert_int_equal(sn.marks[1].start, 21);
    assert_int_equal(sn.marks[1].end, 28);
    ht_snippet_free(&sn);
    /* exact mode keeps the accents: only "đường" */
    sn = make(t, strlen(t), "đường", true, 0);
    assert_int_equal(sn.nmarks, 1);
    assert_int_equal(sn.marks[0].start, 4);
    assert_int_equal(sn.marks[0].end, 13);
    ht_snippet_free(&sn);
}

static void test_nfd(void **st)
{
    (void)st;
    char *t = nfd("Hội hữu nghị tỉnh Đắk Lắk và tỉnh Sê Kông ký thỏa thuận hợp tác.");
    size_t n = strlen(t);
    ht_snippet sn = make(t, n, "dak lak", false, 0);
    char *w1 = nfd("Đắk"), *w2 = nfd("Lắk");
    const char *want[] = {w1, w2};
    assert_marked(&sn, want, 2);
    /* the text is the original bytes: NFD stays NFD */
    assert_int_equal(sn.start, 0);
    assert_int_equal(sn.end, n);
    assert_memory_equal(sn.text, t, n);
    ht_snippet_free(&sn);
    /* an accented query finds the NFD words too, in both modes */
    for (int exact = 0; exact < 2; exact++) {
        sn = make(t, n, "\"Đắk Lắk\" hợp tác", exact, 0);
        char *ph = nfd("Đắk Lắk"), *h = nfd("hợp"), *ta = nfd("tác");
        const char *want2[] = {ph, h, ta};
        assert_marked(&sn, want2, 3);
        free(ph);
        free(h);
        free(ta);
        ht_snippet_free(&sn);
    }
    free(w1);
    free(w2);
    free(t);
    /* old tone placement in NFD: "Hoà" is the exact "Hòa", "Hóa" is not */
    t = nfd("Tỉnh Hoà Bình và nhà máy Hóa chất.");
    n = strlen(t);
    sn = make(t, n, "Hòa", true, 0);
    w1 = nfd("Hoà");
    const char *want3[] = {w1};
    assert_marked(&sn, want3, 1);
    ht_snippet_free(&sn);
    sn = make(t, n, "hoa", false, 0);
    w2 = nfd("Hóa");
    const char *want4[] = {w1, w2};
    assert_marked(&sn, want4, 2);
    ht_snippet_free(&sn);
    free(w1);
    free(w2);
    free(t);
}

static void test_phrases_aliases_prefix(void **st)
{
    (void)st;
    const char *t = "Lễ ký kết với tỉnh Xê-Kông (Lào) và Sekong; hợp tác, hợp đồng, hopeful.";
    ht_snippet sn = make(t, strlen(t), "\"xe kong\"", false, 0);
    const char *w1[] = {"Xê-Kông"};
    assert_marked(&sn, w1, 1);
    ht_snippet_free(&sn);
    /* alternatives of one term mark all the spellings */
    ht_query_term terms[] = {
        {"sekong", "sekong", false, false, 0},
        {"se kong", NULL, false, false, 0},
        {"xe kong", NULL, false, false, 0},
    };
    ht_error e;
    assert_int_equal(ht_snippet_make(t, strlen(t), terms, 3, NULL, &sn, &e), 0);
    const char *w2[] = {"Xê-Kông", "Sekong"};
    assert_marked(&sn, w2, 2);
    ht_snippet_free(&sn);
    /* a prefix is a prefix of the folded key, or of the exact form in exact mode */
    sn = make(t, strlen(t), "hợp*", true, 0);
    const char *w3[] = {"hợp", "hợp"};
    assert_marked(&sn, w3, 2);
    ht_snippet_free(&sn);
    sn = make(t, strlen(t), "hop*", false, 0);
    const char *w4[] = {"hợp", "hợp", "hopeful"};
    assert_marked(&sn, w4, 3);
    ht_snippet_free(&sn);
    /* overlapping matches become one mark */
    sn = make(t, strlen(t), "\"hợp tác\" tác", false, 0);
    const char *w5[] = {"hợp tác"};
    assert_marked(&sn, w5, 1);
    ht_snippet_free(&sn);
    /* excluded terms are not marked */
    sn = make(t, strlen(t), "lào -hợp", false, 0);
    const char *w6[] = {"Lào"};
    assert_marked(&sn, w6, 1);
    ht_snippet_free(&sn);
}

static void filler(ht_buf *b, int words)
{
    static const char *const w[] = {"một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám"};
    for (int i = 0; i < words; i++)
        ht_buf_printf(b, "%s ", w[i % 8]);
}

static void test_window(void **st)
{
    (void)st;
    ht_buf b = {0};
    ht_buf_puts(&b, "Đắk Lắk ");
    filler(&b, 60);
    size_t second = b.n;
    ht_buf_puts(&b, "Lắk và Sê Kông ký kết ");
    filler(&b, 60);
    size_t third = b.n;
    ht_buf_puts(&b, "Lắk và Sê Kông ký kết lần nữa ");
    filler(&b, 10);
    ht_buf_puts(&b, "hết.");
    /* most distinct terms win over the earliest single term */
    ht_snippet sn = make(b.p, b.n, "lak kong", false, 80);
    const char *w[] = {"Lắk", "Kông"};
    assert_marked(&sn, w, 2);
    assert_true(sn.start < second && sn.end > second);
    assert_true(sn.end < third);
    /* the cut shows where it is: '…' on both sides */
    assert_memory_equal(sn.text, "\xE2\x80\xA6", 3);
    assert_memory_equal(sn.text + sn.n - 3, "\xE2\x80\xA6", 3);
    /* a third of the room goes before the matches */
    size_t before = 0;
    for (size_t i = 3; i < sn.marks[0].start; i++)
        before += ((unsigned char)sn.text[i] & 0xC0) != 0x80;
    assert_true(before >= 15 && before <= 30);
    ht_snippet_free(&sn);
    /* no match: the start of the text, without a leading '…' */
    sn = make(b.p, b.n, "nowhere", false, 40);
    assert_int_equal(sn.start, 0);
    assert_int_equal(sn.nmarks, 0);
    assert_memory_equal(sn.text, "Đắk Lắk một", strlen("Đắk Lắk một"));
    assert_memory_equal(sn.text + sn.n - 3, "\xE2\x80\xA6", 3);
    ht_snippet_free(&sn);
    ht_buf_free(&b);
}

/* For every width, the cut is at token boundaries of the original, the text is the
 * original passage with white space collapsed, and '…' shows exactly where it is cut. */
static void test_cuts_every_width(void **st)
{
    (void)st;
    char *part = nfd("Thủy lợi ở Quảng Trị, ");
    ht_buf b = {0};
    ht_buf_puts(&b, "Đoàn công tác tỉnh Hòa Bình  sang thăm\nSê Kông; ");
    ht_buf_puts(&b, part);
    ht_buf_puts(&b, "ký bản ghi nhớ về giáo dục, y tế và thủy lợi giai đoạn 2023–2027.");
    free(part);
    const char *queries[] = {"thuy loi", "hòa bình", "\"bản ghi nhớ\"", "2027", "zzz", "đoàn"};
    for (size_t qi = 0; qi < sizeof queries / sizeof queries[0]; qi++) {
        for (size_t width = 1; width <= 200; width += 3) {
            ht_snippet sn = make(b.p, b.n, queries[qi], false, width);
            size_t bad;
            assert_int_equal(ht_utf8_validate(sn.text, sn.n, &bad, NULL), 0);
            assert_true(sn.start <= sn.end && sn.end <= b.n);
            /* boundaries: the start of the text or of a token; the end of one or of the text */
            bool start_ok = sn.start == 0, end_ok = sn.end == b.n;
            size_t pos = 0;
            ht_token t;
            while (ht_text_next_token(b.p, b.n, &pos, &t)) {
                start_ok |= t.start == sn.start;
                end_ok |= t.end == sn.end;
            }
            if (!start_ok || !end_ok)
                fail_msg("%s width %zu: cut [%zu,%zu) not at token boundaries", queries[qi],
                         width, sn.start, sn.end);
            bool lead = sn.n >= 3 && !memcmp(sn.text, "\xE2\x80\xA6", 3);
            bool trail = sn.n >= 3 && !memcmp(sn.text + sn.n - 3, "\xE2\x80\xA6", 3);
            assert_int_equal(lead, sn.start > 0);
            assert_int_equal(trail, sn.end < b.n);
            ht_buf c = {0};
            bool sp = false;
            for (size_t i = sn.start; i < sn.end; i++) {
                bool ws = b.p[i] == ' ' || b.p[i] == '\n';
                if (!ws || !sp)
                    ht_buf_putc(&c, ws ? ' ' : b.p[i]);
                sp = ws;
            }
            size_t core = sn.n - 3 * lead - 3 * trail;
            if (c.n != core || memcmp(c.p, sn.text + 3 * lead, core))
                fail_msg("%s width %zu: \"%s\" is not the passage \"%s\"", queries[qi], width,
                         sn.text, c.p);
            for (size_t m = 0; m < sn.nmarks; m++)
                assert_true(sn.marks[m].start >= 3 * lead &&
                            sn.marks[m].end <= sn.n - 3 * trail);
            ht_buf_free(&c);
            ht_snippet_free(&sn);
        }
    }
    ht_buf_free(&b);
}

static void test_space_and_controls(void **st)
{
    (void)st;
    const char *t = "Đắk\n\n  Lắk\tký\x1b[31m kết\r\n";
    ht_snippet sn = make(t, strlen(t), "dak lak", false, 0);
    assert_string_equal(sn.text, "Đắk Lắk ký [31m kết");
    assert_int_equal(sn.start, 0);
    assert_int_equal(sn.end, strlen(t) - 2);
    assert_int_equal(sn.nmarks, 2);
    assert_int_equal(sn.marks[0].start, 0);
    assert_int_equal(sn.marks[0].end, 6);
    assert_int_equal(sn.marks[1].start, 7);
    assert_int_equal(sn.marks[1].end, 12);
    ht_snippet_free(&sn);
    sn = make("", 0, "a", false, 0);
    assert_string_equal(sn.text, "");
    assert_int_equal(sn.nmarks, 0);
    ht_snippet_free(&sn);
    ht_error e;
    ht_query_term term = {"a", "a", false, false, 0};
    assert_int_equal(ht_snippet_make("ab\xC3", 3, &term, 1, NULL, &sn, &e), HT_EUTF8);
    assert_string_equal(e.msg, "snippet: the text is not valid UTF-8 (byte 2)");
    assert_null(sn.text);
}

static void test_forms(void **st)
{
    (void)st;
    const char *t = "Tỉnh Đắk Lắk \"hợp tác\" với Lào";
    ht_snippet sn = make(t, strlen(t), "đắk lắk lào", false, 0);
    ht_buf b = {0};
    assert_int_equal(ht_snippet_tty(&sn, true, &b), 0);
    assert_string_equal(b.p, "Tỉnh \x1b[1;31mĐắk\x1b[0m \x1b[1;31mLắk\x1b[0m \"hợp tác\" với "
                             "\x1b[1;31mLào\x1b[0m");
    ht_buf_reset(&b);
    assert_int_equal(ht_snippet_tty(&sn, false, &b), 0);
    assert_string_equal(b.p, t);
    ht_buf_reset(&b);
    ht_json j;
    ht_json_init(&j, &b);
    ht_snippet_json(&j, &sn);
    assert_int_equal(j.err, 0);
    assert_string_equal(b.p, "{\"text\":\"Tỉnh Đắk Lắk \\\"hợp tác\\\" với Lào\",\"start\":0,"
                             "\"end\":43,\"marks\":[{\"start\":7,\"end\":13},"
                             "{\"start\":14,\"end\":19},{\"start\":39,\"end\":43}]}");
    ht_buf_reset(&b);
    ht_snippet_free(&sn);
    ht_json_init(&j, &b);
    ht_snippet_json(&j, &sn);
    assert_string_equal(b.p, "null");
    ht_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offsets_nfc),
        cmocka_unit_test(test_nfd),
        cmocka_unit_test(test_phrases_aliases_prefix),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_cuts_every_width),
        cmocka_unit_test(test_space_and_controls),
        cmocka_unit_test(test_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
