/* Unit tests of the text layer: validation offsets, normalisation, tone placement,
 * folding, tokens and the offsets map (also on the seeds read as NFD). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <utf8proc.h>

#include "text/text.h"

static char *norm(const char *s)
{
    ht_buf b = {0};
    ht_error e;
    assert_int_equal(ht_text_normalize(s, strlen(s), &b, NULL, &e), 0);
    return ht_buf_take(&b);
}

static char *fold(const char *s)
{
    ht_buf b = {0};
    assert_int_equal(ht_text_fold(s, strlen(s), &b), 0);
    return ht_buf_take(&b);
}

static void assert_fold(const char *in, const char *want)
{
    char *f = fold(in);
    if (strcmp(f, want) != 0)
        fail_msg("fold(\"%s\") = \"%s\", want \"%s\"", in, f, want);
    free(f);
}

static void assert_norm(const char *in, const char *want)
{
    char *f = norm(in);
    if (strcmp(f, want) != 0)
        fail_msg("normalize(\"%s\") = \"%s\", want \"%s\"", in, f, want);
    free(f);
}

static void test_utf8_errors(void **st)
{
    (void)st;
    static const struct {
        const char *s;
        size_t n, off;
        const char *why;
    } cases[] = {
        {"ab\x80", 3, 2, "continuation"},
        {"a\xC0\xAF", 3, 1, "overlong"},
        {"a\xC1\xBF", 3, 1, "overlong"},
        {"xy\xE0\x80\xAF", 5, 2, "overlong"},
        {"\xF0\x80\x80\xAF", 4, 0, "overlong"},
        {"ok \xED\xA0\x80", 6, 3, "surrogate"},
        {"ok \xED\xBF\xBF", 6, 3, "surrogate"},
        {"abc\xE1\xBA", 5, 3, "truncated"},
        {"\xE1\xBA" "a", 3, 0, "truncated"},
        {"Đ\xF5\x80\x80\x80", 6, 2, "F4"},
        {"\xFF", 1, 0, "F4"},
        {"\xF4\x90\x80\x80", 4, 0, "10FFFF"},
        {"12345678\xC3", 9, 8, "truncated"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t bad = 999;
        ht_error e = {0};
        int rc = ht_utf8_validate(cases[i].s, cases[i].n, &bad, &e);
        assert_int_equal(rc, HT_EUTF8);
        if (bad != cases[i].off)
            fail_msg("case %zu: offset %zu, want %zu (%s)", i, bad, cases[i].off, e.msg);
        char want[32];
        snprintf(want, sizeof want, "byte %zu:", cases[i].off);
        assert_non_null(strstr(e.msg, want));
        assert_non_null(strstr(e.msg, cases[i].why));
    }
    size_t bad;
    assert_int_equal(ht_utf8_validate("Đắk Lắk \xF0\x9F\x98\x80", strlen("Đắk Lắk \xF0\x9F\x98\x80"), &bad, NULL), 0);
    assert_int_equal(ht_utf8_validate("\xF4\x8F\xBF\xBF", 4, &bad, NULL), 0);
}

static void test_fold_vietnamese(void **st)
{
    (void)st;
    assert_fold("Đắk Lắk", "dak lak");
    assert_fold("ĐẮK LẮK", "dak lak");
    assert_fold("Hoà Bình", "hoa binh");
    assert_fold("Hòa Bình", "hoa binh");
    assert_fold("HOÀ BÌNH", "hoa binh");
    assert_fold("hoa binh", "hoa binh");
    assert_fold("Ho\xCC\x80" "a Bi\xCC\x80" "nh", "hoa binh"); /* NFD */
    assert_fold("Lếch-lay Sỉ-vi-lay", "lech lay si vi lay");
    assert_fold("Việt Nam – Lào", "viet nam lao");
    assert_fold("Việt Nam — Lào ‐ x", "viet nam lao x");
    assert_fold("  H' Yim   Kđoh. ", "h yim kdoh");
    assert_fold("đường", "duong");
    assert_fold("ÐBSCL Ðức", "dbscl duc"); /* eth standing in for Đ */
    assert_fold("Sê Kông (Lào)", "se kong lao");
    assert_fold("", "");
    assert_fold("Straße", "strasse");
    /* the iota subscript: its combining form (NFD) and the precomposed letter (NFC)
     * have one key */
    assert_fold("\xCE\xB1\xCD\x85", "\xCE\xB1\xCE\xB9");   /* α + U+0345 */
    assert_fold("\xE1\xBE\xB3", "\xCE\xB1\xCE\xB9");        /* ᾳ U+1FB3 */
    assert_fold("\xCE\x91\xCD\x85", "\xCE\xB1\xCE\xB9");   /* Α + U+0345 */
}

static void test_normalize(void **st)
{
    (void)st;
    /* old tone placement maps to the one hoptac uses */
    assert_norm("hoà", "hòa");
    assert_norm("Hoà Bình", "Hòa Bình");
    assert_norm("HOÀ BÌNH", "HÒA BÌNH");
    assert_norm("thuỷ", "thủy");
    assert_norm("khoẻ", "khỏe");
    assert_norm("uý ban", "úy ban");
    assert_norm("Thuỳ", "Thùy");
    assert_norm("hoá,", "hóa,");
    /* never touched */
    assert_norm("quý", "quý");
    assert_norm("hoàng huỳnh ngoài khuyến", "hoàng huỳnh ngoài khuyến");
    assert_norm("hòa thủy", "hòa thủy");
    /* NFD composes */
    assert_norm("Đa\xCC\x86\xCC\x81k", "Đắk");
    assert_norm("ho\xCC\x80" "a", "hòa");
    assert_norm("hoa\xCC\x80", "hòa"); /* NFD with the old placement */
    /* white space */
    assert_norm("\xEF\xBB\xBF" "a\r\nb\rc", "a\nb\nc");
    assert_norm("  a \t\xC2\xA0 b  \n  c  ", "a b\nc");
    assert_norm("tra\xE2\x80\x8Bng", "trang");
    assert_norm("x\xE2\x80\x83y", "x y");
}

static void check_map(const char *in, size_t n);

/* Normalisation decides per word and also 16 bytes at a time: every kind of change
 * must come out the same wherever it falls relative to those blocks. */
static void test_normalize_positions(void **st)
{
    (void)st;
    static const char *words[][2] = {
        {"hoà", "hòa"}, {"thuỷ,", "thủy,"}, {"Ho\xCC\x80" "a", "Hòa"},
        {"Vie\xCC\xA3\xCC\x82t", "Việt"}, {"tra\xE2\x80\x8Bng", "trang"},
        {"x\xC2\xADy", "xy"}, {"HOÀ", "HÒA"}, {"khoẻ", "khỏe"}, {"uý", "úy"},
        {"hoàng", "hoàng"}, {"quý", "quý"}, {"hoạt", "hoạt"}, {"hoàn.", "hoàn."},
        {"A\xCC\x8A", "Å"}, {"\xD0\x98\xCC\x86", "Й"},
    };
    static const char *seps[][2] = {
        {"  ", " "}, {"\t", " "}, {"\xC2\xA0", " "}, {" \r\n ", "\n"}, {"\r", "\n"},
        {" \n", "\n"}, {"\n\xE2\x80\x83", "\n"}, {"\xE2\x80\xA8", "\n"}, {" \xE2\x80\x8B", " "},
    };
    const char *before = "Đắk Lắk “hợp tác” quốc tế –", *after = "Sê Kông 2018–2023 năm.";
    char in[256], want[256];
    for (int p = 0; p < 48; p++) {
        char pad[64];
        memset(pad, 'x', (size_t)p);
        strcpy(pad + p, p ? " " : "");
        for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
            snprintf(in, sizeof in, "%s%s %s %s", pad, before, words[w][0], after);
            snprintf(want, sizeof want, "%s%s %s %s", pad, before, words[w][1], after);
            assert_norm(in, want);
            check_map(in, strlen(in));
        }
        for (size_t w = 0; w < sizeof seps / sizeof seps[0]; w++) {
            snprintf(in, sizeof in, "%s%s%s%s", pad, before, seps[w][0], after);
            snprintf(want, sizeof want, "%s%s%s%s", pad, before, seps[w][1], after);
            assert_norm(in, want);
            check_map(in, strlen(in));
        }
    }
}

/* An invalid sequence anywhere in a long text: the offset of its first byte, and the
 * output buffer left as it was. */
static void test_normalize_invalid_offsets(void **st)
{
    (void)st;
    static const char *bad[] = {"\xC3(", "\xE1\xBA ", "\x80", "\xED\xA0\x80", "\xF5x",
                                "\xC3\xA0\xE1"};
    const char *text = "Đắk Lắk hợp tác quốc tế với Sê Kông “2018–2023” bền vững";
    size_t tn = strlen(text);
    for (size_t p = 0; p <= tn; p++) {
        if ((text[p] & 0xC0) == 0x80)
            continue; /* inside a character */
        for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
            char in[256];
            size_t bl = strlen(bad[b]);
            memcpy(in, text, p);
            memcpy(in + p, bad[b], bl);
            memcpy(in + p + bl, text + p, tn - p);
            size_t n = tn + bl;
            /* "\xC3\xA0\xE1" is bad at its third byte */
            size_t at = p + (b == 5 ? 2 : 0);
            ht_buf out = {0};
            ht_offmap m = {0};
            ht_error e = {0};
            ht_buf_puts(&out, "keep");
            assert_int_equal(ht_text_normalize(in, n, &out, &m, &e), HT_EUTF8);
            char want[32];
            snprintf(want, sizeof want, "byte %zu:", at);
            if (!strstr(e.msg, want))
                fail_msg("bad %zu at %zu: '%s'", b, p, e.msg);
            assert_int_equal(out.n, 4);
            assert_string_equal(out.p, "keep");
            ht_buf_free(&out);
            ht_offmap_free(&m);
        }
    }
}

/* Folding writes most characters from a table; one whose fold is longer than itself
 * takes the general path. */
static void test_fold_lengths(void **st)
{
    (void)st;
    assert_fold("\xC8\xBA" "B\xC8\xBA", "\xE2\xB1\xA5" "b\xE2\xB1\xA5"); /* Ⱥ -> ⱥ */
    assert_fold("ĐẠI HỘI – Đại hội", "dai hoi dai hoi");
    assert_fold("\xF0\x9D\x90\x80 x \xF0\x9F\x98\x80 y", "\xF0\x9D\x90\x80 x y");
    assert_fold("a\xE2\x80\x8B" "b \xCC\x81" "c", "ab c");
    char in[200], want[200];
    for (int p = 0; p < 40; p++) {
        memset(in, 'Q', (size_t)p);
        strcpy(in + p, " Đắk Lắk, HOÀ\xC2\xA0" "BÌNH ");
        memset(want, 'q', (size_t)p);
        strcpy(want + p, p ? " dak lak hoa binh" : "dak lak hoa binh");
        assert_fold(in, want);
    }
}

/* Decomposed letters compose as NFC does, whatever the order of their marks; the
 * oracle is utf8proc's NFC of the same text. */
static void test_normalize_compose(void **st)
{
    (void)st;
    static const char *words[] = {
        "a\xCC\x82\xCC\xA3",           /* a + circumflex + dot below: ậ */
        "a\xCC\xA3\xCC\x82",           /* canonical order */
        "\xC3\xA2\xCC\xA3",            /* â + dot below: must reorder */
        "\xC3\xAA\xCC\x81",            /* ê + acute: ế */
        "s\xCC\x87\xCC\xA3",           /* ṩ, marks out of order */
        "o\xCC\xA3\xCC\x9B",           /* dot below before horn: ợ */
        "o\xCC\x9B\xCC\xA3",           /* ợ */
        "\xC6\xA1\xCC\x80",            /* ơ + grave: ờ */
        "a\xCD\x80",                   /* U+0340 is replaced by U+0300: à */
        "e\xCC\x81\xCC\x81",           /* a second acute stays */
        "i\xCC\x87",                   /* no composite */
        "\xCC\x81" "a",                /* a mark first */
        "A\xCC\x8A\xCC\x81",           /* Ǻ */
        "\xCE\xB1\xCC\x81",            /* Greek: ά */
        "u\xCC\x9B\xCC\x83ng",         /* ững */
        "\xC4\x91" "a\xCC\x86\xCC\x81k", /* đắk */
    };
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        char in[128];
        snprintf(in, sizeof in, "Ph\xC6\xB0\xC6\xA1ng %s x", words[w]);
        char *want = (char *)utf8proc_NFC((const utf8proc_uint8_t *)in);
        assert_norm(in, want);
        check_map(in, strlen(in));
        free(want);
    }
}

static char *to_nfd(const char *s)
{
    return (char *)utf8proc_NFD((const utf8proc_uint8_t *)s);
}

/* Every word of the normalised text maps back to input bytes that normalise to it. */
static void check_map(const char *in, size_t n)
{
    ht_buf out = {0};
    ht_offmap m = {0};
    ht_error e;
    assert_int_equal(ht_text_normalize(in, n, &out, &m, &e), 0);
    assert_int_equal(m.out_total, out.n);
    size_t i = 0;
    while (i < out.n) {
        while (i < out.n && (out.p[i] == ' ' || out.p[i] == '\n'))
            i++;
        size_t j = i;
        while (j < out.n && out.p[j] != ' ' && out.p[j] != '\n')
            j++;
        if (j > i) {
            size_t a = ht_offmap_orig(&m, i, false), b = ht_offmap_orig(&m, j, true);
            assert_true(a <= b && b <= n);
            ht_buf again = {0};
            assert_int_equal(ht_text_normalize(in + a, b - a, &again, NULL, &e), 0);
            if (again.n != j - i || memcmp(again.p, out.p + i, j - i) != 0)
                fail_msg("word '%.*s' maps to '%.*s'", (int)(j - i), out.p + i, (int)(b - a),
                         in + a);
            ht_buf_free(&again);
        }
        i = j;
    }
    ht_buf_free(&out);
    ht_offmap_free(&m);
}

static void test_offsets_random(void **st)
{
    (void)st;
    static const char *pieces[] = {
        "Đắk", "Lắk", "Ho\xCC\x80" "a", "hoà", "Bình", "thuỷ", "\xC2\xA0", " ", "  ", "\t",
        "\r\n", "\n", "\xE2\x80\x8B", "2018-2023", "(Ảnh:", "TTXVN)", "Sê\xE2\x80\x8BKông",
        "Vie\xCC\xA3\xCC\x82t", "\xEF\xBB\xBF", "abc", "\xE2\x80\x83", "quý", "—", "x",
    };
    srand(12345);
    for (int round = 0; round < 2000; round++) {
        char buf[512];
        size_t n = 0;
        int k = rand() % 20;
        for (int p = 0; p < k; p++) {
            const char *s = pieces[rand() % (sizeof pieces / sizeof pieces[0])];
            size_t l = strlen(s);
            if (n + l >= sizeof buf)
                break;
            memcpy(buf + n, s, l);
            n += l;
        }
        check_map(buf, n);
    }
}

static void test_tokens(void **st)
{
    (void)st;
    const char *s = "Ngày 21/06, 264.522 căn; H' Yim COVID19 Lếch-lay";
    const char *want[] = {"Ngày", "21", "/", "06", ",", "264.522", "căn", ";", "H", "'",
                          "Yim", "COVID19", "Lếch", "-", "lay"};
    const ht_tok_kind kinds[] = {HT_TOK_WORD, HT_TOK_NUM,  HT_TOK_PUNCT, HT_TOK_NUM,
                                 HT_TOK_PUNCT, HT_TOK_NUM, HT_TOK_WORD,  HT_TOK_PUNCT,
                                 HT_TOK_WORD, HT_TOK_PUNCT, HT_TOK_WORD, HT_TOK_WORD,
                                 HT_TOK_WORD, HT_TOK_PUNCT, HT_TOK_WORD};
    size_t pos = 0, k = 0;
    ht_token t;
    while (ht_text_next_token(s, strlen(s), &pos, &t)) {
        assert_true(k < sizeof want / sizeof want[0]);
        assert_int_equal(t.end - t.start, strlen(want[k]));
        assert_memory_equal(s + t.start, want[k], t.end - t.start);
        assert_int_equal(t.kind, kinds[k]);
        k++;
    }
    assert_int_equal(k, sizeof want / sizeof want[0]);
}

/* Pieces of text, glued at random: letters with and without marks, marks after
 * punctuation and white space, numbers with inner separators, characters that are
 * skipped, and bytes that are not UTF-8 (lone, truncated, overlong, surrogate). */
static const char *const pieces[] = {
    "Hòa", "hoa\xcc\x80", "Đắk", "COVID19", "264.522", "28,22", "2023", ".", ",", "-", "'",
    "\"", "\xe2\x80\x9c", "\xe2\x80\x93", " ", "\n", "\t", "\xc2\xa0", "\xc2\xad",
    "\xe2\x80\x8b", "\xcc\x81", "\xcc\x82\xcc\x81", "=", "\xe2\x82\xab", "\xf0\x9f\x98\x80",
    "\xff", "\xc3", "\xe1\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80",
};

/* A random text of k pieces into buf (room for 64 pieces); its length. */
static size_t random_text(unsigned *seed, size_t k, char *buf)
{
    size_t n = 0;
    for (size_t i = 0; i < k; i++) {
        *seed = *seed * 1103515245u + 12345u;
        const char *p = pieces[(*seed >> 16) % (sizeof pieces / sizeof pieces[0])];
        memcpy(buf + n, p, strlen(p));
        n += strlen(p);
    }
    return n;
}

/* The lax tokens of a text with invalid bytes are the tokens of its valid runs, each
 * tokenized alone. */
static void test_tokens_lax(void **st)
{
    (void)st;
    unsigned seed = 7;
    char text[64 * 8];
    for (int round = 0; round < 3000; round++) {
        size_t n = random_text(&seed, 1 + round % 40, text);
        ht_token want[64 * 8], got;
        size_t nw = 0, off = 0;
        while (off < n) {
            size_t bad = n - off, pos = 0;
            if (ht_utf8_validate(text + off, n - off, &bad, NULL) == 0)
                bad = n - off;
            ht_token t;
            while (ht_text_next_token(text + off, bad, &pos, &t)) {
                t.start += off;
                t.end += off;
                want[nw++] = t;
            }
            off += bad + 1;
        }
        size_t pos = 0, k = 0;
        while (ht_text_next_token_lax(text, n, &pos, &got)) {
            assert_true(k < nw);
            assert_int_equal(got.kind, want[k].kind);
            assert_int_equal(got.start, want[k].start);
            assert_int_equal(got.end, want[k].end);
            k++;
        }
        assert_int_equal(k, nw);
        assert_int_equal(pos, n);
    }
}

/* Folded tokens of a text, one per line. */
static char *folded_tokens(const char *s, size_t n, size_t *count)
{
    ht_buf all = {0};
    size_t pos = 0;
    ht_token t;
    *count = 0;
    while (ht_text_next_token(s, n, &pos, &t)) {
        if (t.kind == HT_TOK_PUNCT)
            continue;
        ht_text_fold(s + t.start, t.end - t.start, &all);
        ht_buf_putc(&all, '\n');
        (*count)++;
    }
    return ht_buf_take(&all);
}

static void test_seeds_nfd(void **st)
{
    (void)st;
    const char *shared = getenv("SHARED");
    char path[1024];
    const char *names[] = {"000_99a0bb244055c814.txt", "001_ca6b6188b55768b1.txt"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/seeds/%s", shared ? shared : "../shared", names[i]);
        char *nfc;
        size_t n;
        ht_error e;
        if (ht_read_file(path, &nfc, &n, &e) != 0)
            skip(); /* ../shared absent: the seeds cannot be read */
        char *nfd = to_nfd(nfc);
        size_t nd = strlen(nfd);
        assert_true(nd > n); /* really decomposed */
        size_t c1, c2;
        char *a = folded_tokens(nfc, n, &c1), *b = folded_tokens(nfd, nd, &c2);
        assert_int_equal(c1, c2);
        assert_string_equal(a, b);
        /* normalising the NFD text gives the NFC text, and its words map back into
         * the NFD bytes */
        ht_buf out = {0};
        ht_offmap m = {0};
        assert_int_equal(ht_text_normalize(nfd, nd, &out, &m, &e), 0);
        ht_buf ref = {0};
        assert_int_equal(ht_text_normalize(nfc, n, &ref, NULL, &e), 0);
        assert_string_equal(out.p, ref.p);
        const char *w = strstr(out.p, "Sê Kông");
        assert_non_null(w);
        size_t s0 = ht_offmap_orig(&m, (size_t)(w - out.p), false);
        size_t s1 = ht_offmap_orig(&m, (size_t)(w - out.p) + strlen("Sê Kông"), true);
        char *want = to_nfd("Sê Kông");
        assert_int_equal(s1 - s0, strlen(want));
        assert_memory_equal(nfd + s0, want, s1 - s0);
        check_map(nfd, nd);
        free(want);
        ht_buf_free(&out);
        ht_buf_free(&ref);
        ht_offmap_free(&m);
        free(a);
        free(b);
        free(nfd);
        free(nfc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_errors),   cmocka_unit_test(test_fold_vietnamese),
        cmocka_unit_test(test_normalize),     cmocka_unit_test(test_offsets_random),
        cmocka_unit_test(test_tokens),        cmocka_unit_test(test_seeds_nfd),
        cmocka_unit_test(test_tokens_lax),
        cmocka_unit_test(test_normalize_positions),
        cmocka_unit_test(test_normalize_invalid_offsets),
        cmocka_unit_test(test_fold_lengths),
        cmocka_unit_test(test_normalize_compose),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
