/* People: a chain of titles with the bodies they name, then a name ("Bí thư Tỉnh ủy,
 * Tỉnh trưởng tỉnh Sê Kông Lếch-lay Sỉ-vi-lay"); an honorific and a name with titles
 * in apposition ("bà …, Phó Chủ tịch UBND tỉnh …"); the same person under two
 * spellings merged into one record.
 *
 * Two spellings are one person when their folded names have the same number of
 * syllables (two or more), at least half of the syllables are equal, each other pair
 * begins alike and differs by one edit at most (i and y count as equal: "vi"/"vy",
 * "lếch"/"lếc"; "Bình"/"Minh" begin apart), or
 * they are the same syllables in another order ("Kuroiwa Yuji" / "Yuji Kuroiwa");
 * and the two share a title (folded) or a party. */
#include "xdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_TITLE = 0, T_CANON, T_KIND, T_FOREIGN, T_QUAL };
enum { O_HEAD = 0, O_CANON };

static const ht_xtok *tk(const ht_xdoc *d, size_t i) { return &d->x.t[i]; }
static bool is_word(const ht_xdoc *d, size_t i) { return i < d->x.n && tk(d, i)->kind == HT_TOK_WORD; }
static bool is_cap(const ht_xdoc *d, size_t i)
{
    return is_word(d, i) && (tk(d, i)->flags & (HT_XT_CAP | HT_XT_UPPER));
}
static bool same_sent(const ht_xdoc *d, size_t a, size_t b)
{
    return a < d->x.n && b < d->x.n && tk(d, a)->sent == tk(d, b)->sent;
}
static const char *tcell(size_t row, int col) { return ht_data_cell(&ht_data_titles, row, (size_t)col); }

/* Rows of kind ud, or of any kind before a name (ud NULL); "rank" takes in the
 * professions, written the same way. */
static bool title_row_ok(const ht_data_table *t, size_t row, const void *ud)
{
    const char *k = ht_data_cell(t, row, T_KIND);
    if (!ud)
        return !strcmp(k, "title") || !strcmp(k, "rank") || !strcmp(k, "profession");
    return !strcmp(k, (const char *)ud) || (!strcmp(ud, "rank") && !strcmp(k, "profession"));
}

bool ht_xtitle_office_row(const ht_data_table *t, size_t row, const void *ud)
{
    (void)ud;
    return strcmp(ht_data_cell(t, row, T_KIND), "profession") != 0;
}

/* An honorific ("ông", "bà", "Ngài", "Samdech"…) at i, ending by lim. */
static ht_xmatch honorific_at(const ht_xdoc *d, size_t i, size_t lim)
{
    return ht_xlex_match(&d->x, i, lim, &ht_data_titles, HT_XM_ACCENT, title_row_ok, "honorific");
}

static size_t lim_of(const ht_xdoc *d, size_t i)
{
    size_t s0, s1;
    ht_xsentence(d, i, &s0, &s1);
    return s1;
}

static size_t name_at(const ht_xdoc *d, size_t i, bool min2);
static size_t name_words(const ht_xdoc *d, size_t a, size_t b);
static bool state_title(const ht_xdoc *d, size_t i);
static bool former_before(const ht_xdoc *d, size_t t0);

/* A full name at n0 that starts with a family name or a foreign word. */
static bool full_name_at(const ht_xdoc *d, size_t n0)
{
    return n0 < d->x.n && tk(d, n0)->end - tk(d, n0)->start >= 2 &&
           (ht_xsurname_at(d, n0) || ((tk(d, n0)->flags & HT_XT_PLAIN) && !ht_xtok_syllable(&d->x, n0))) &&
           !ht_xtok_is(&d->x, n0 + 1, '.') && name_at(d, n0, true) > n0;
}

/* "cựu tổng thống Mỹ Barack Obama", "thủ tướng Nhật Bản Shinzo Abe": the office of a
 * head of state or government, a minister or an ambassador in lower case at i, a
 * country maybe, then a full name; not a candidate's ("ứng viên tổng thống …"), nor
 * the princes and princesses of stories and films ("công chúa Bạch Tuyết"). */
static ht_xmatch lower_state_title_at(const ht_xdoc *d, size_t i)
{
    ht_xmatch none = {0, 0, 0};
    static const char *const royal[][2] = {{"cong", "chua"}, {"hoang", "tu"}, {"thai", "tu"}};
    ht_xmatch r = ht_xlex_match(&d->x, i, lim_of(d, i), &ht_data_titles, HT_XM_ACCENT, title_row_ok, "title");
    size_t n0 = i + r.ntok;
    if (!r.ntok || !same_sent(d, i, n0) || !state_title(d, i) || (i > 0 && ht_xtok_word(&d->x, i - 1, "vien")) ||
        ht_xtok_pair_in(&d->x, i, royal, sizeof royal / sizeof royal[0]))
        return none;
    ht_xmatch g = ht_xlex_match(&d->x, n0, lim_of(d, n0), &ht_data_gazetteer, HT_XM_PLACE, NULL, NULL);
    if (g.ntok && !strcmp(ht_data_cell(&ht_data_gazetteer, g.row, 1), "country") && is_cap(d, n0))
        n0 += g.ntok;
    return same_sent(d, i, n0) && full_name_at(d, n0) ? r : none;
}

/* "là đại tá Stanfield Chien": a rank in lower case at i right before a full name that
 * starts with a family name or a foreign word; not "các bác sĩ Khoa Răng Hàm Mặt" (many
 * of them, then a body), nor initials. */
static ht_xmatch lower_rank_at(const ht_xdoc *d, size_t i)
{
    ht_xmatch none = {0, 0, 0};
    /* a rank has three words at most: no capital right after, no rank (most words) */
    if (!is_word(d, i) || !(is_cap(d, i + 1) || is_cap(d, i + 2) || is_cap(d, i + 3)))
        return none;
    if (i > 0 && (ht_xtok_word(&d->x, i - 1, "cac") || ht_xtok_word(&d->x, i - 1, "nhung") ||
                  ht_xtok_word(&d->x, i - 1, "nhieu")))
        return none;
    ht_xmatch r = ht_xlex_match(&d->x, i, lim_of(d, i), &ht_data_titles, HT_XM_ACCENT, title_row_ok, "rank");
    size_t n0 = i + r.ntok;
    if (!r.ntok)
        return lower_state_title_at(d, i);
    /* "lão tướng" (a veteran), "phó tướng", "Tể tướng": "tướng" right after a word
     * other than a function word ("của tướng …") is a word of another */
    if (r.ntok == 1 && ht_xtok_text(&d->x, i, "tướng") && i > 0 && is_word(d, i - 1) &&
        same_sent(d, i - 1, i) && ht_xcue(d, i - 1, HT_CUE_STOP) != 1)
        return none;
    return same_sent(d, i, n0) && full_name_at(d, n0) ? r : none;
}

/* The profession t at i is the trade of an association's members ("Hội Nhà báo",
 * "Liên chi hội Nhà văn"). */
static bool of_association(const ht_xdoc *d, size_t i, ht_xmatch t)
{
    return !strcmp(tcell(t.row, T_KIND), "profession") && i > 0 && same_sent(d, i - 1, i) &&
           (ht_xtok_text(&d->x, i - 1, "hội") || ht_xtok_text(&d->x, i - 1, "Hội"));
}

/* A title or rank at i, written with a capital, or a rank in lower case before a name. */
static ht_xmatch title_at(const ht_xdoc *d, size_t i)
{
    ht_xmatch none = {0, 0, 0};
    if (i >= d->x.n || d->skip[i])
        return none;
    if (!is_cap(d, i)) {
        ht_xmatch r = lower_rank_at(d, i);
        return r.ntok && of_association(d, i, r) ? none : r;
    }
    /* "Phủ Chủ tịch", "Huân chương Lao động": a capitalised word before makes it a name;
     * not a function word starting the sentence ("Theo Đại tá …", "Cùng Chủ tịch …") */
    if (i > 0 && same_sent(d, i - 1, i) && is_cap(d, i - 1) &&
        !ht_xlex_match(&d->x, i - 1, i, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL).ntok &&
        !((tk(d, i - 1)->flags & HT_XT_SENT) && ht_xcue(d, i - 1, HT_CUE_STOP) == 1) &&
        !former_before(d, i)) /* "Cựu Tổng thống …" */
        return none;
    ht_xmatch t = ht_xlex_match(&d->x, i, lim_of(d, i), &ht_data_titles, HT_XM_ACCENT, title_row_ok, NULL);
    return t.ntok && of_association(d, i, t) ? none : t;
}

/* A title at i even right after a capitalised word, the name before it; words only
 * ("Chính - Ủy viên" is no "Chính ủy"). */
static ht_xmatch title_after_name(const ht_xdoc *d, size_t i)
{
    ht_xmatch none = {0, 0, 0};
    if (!is_cap(d, i) || d->skip[i])
        return none;
    ht_xmatch t = ht_xlex_match(&d->x, i, lim_of(d, i), &ht_data_titles, HT_XM_ACCENT, title_row_ok, NULL);
    for (size_t k = i; k < i + t.ntok; k++)
        if (!is_word(d, k))
            return none;
    return t;
}

/* The organisation table at i: 1 a head, -1 a phrase that starts like one but is none
 * ("Hội nghị", "Ban Chấp hành"), 0 neither. */
static int org_phrase_at(const ht_xdoc *d, size_t i)
{
    ht_xmatch o = ht_xlex_match(&d->x, i, lim_of(d, i), &ht_data_org_patterns, HT_XM_ACCENT, NULL, NULL);
    if (!o.ntok)
        return 0;
    return strcmp(ht_data_cell(&ht_data_org_patterns, o.row, O_CANON), "-") ? 1 : -1;
}

/* A title, an administrative or country word, or an organisation's head at i: what
 * ends a name; *phrase (when not NULL) the organisation table's answer at i. */
static bool lexicon_start(const ht_xdoc *d, size_t i, int *phrase)
{
    size_t lim = lim_of(d, i);
    /* "… Yathotou Ủy viên Bộ Chính trị": a title ends a name even right after it */
    if ((is_cap(d, i) &&
         ht_xlex_match(&d->x, i, lim, &ht_data_titles, HT_XM_ACCENT, title_row_ok, NULL).ntok) || ht_xcue(d, i, HT_CUE_ADMIN) || ht_xcue(d, i, HT_CUE_COUNTRY))
        return true;
    int o = org_phrase_at(d, i);
    if (phrase)
        *phrase = o;
    return o == 1;
}

/* "Vũ Văn Viện cho biết", "ông Nguyễn Văn Huyện,": after a family name and one more
 * word, a word that could start a body's or a unit's name ("Viện", "Bộ", "Huyện") is
 * the given name when no capitalised word follows it, so that it starts no name
 * there; a title stays a title. */
static bool given_name(const ht_xdoc *d, size_t i, size_t j, size_t words)
{
    if (words != 2 || !ht_xsurname_at(d, i) || ht_xname_word(d, i) != i + 1 || j != i + 2)
        return false;
    if (ht_xlex_match(&d->x, j, lim_of(d, j), &ht_data_titles, HT_XM_ACCENT, title_row_ok, NULL).ntok)
        return false;
    return !(is_cap(d, j + 1) && same_sent(d, j, j + 1));
}

/* A word written in the letters of Western European names only (Latin-1: "Máxima",
 * "Köhler"), a capital first and none after: not Vietnamese words glued together
 * ("Hươngnói", "CSGTCông"), whose letters Latin-1 mostly lacks. */
static bool latin1_name(const ht_xdoc *d, size_t i)
{
    const unsigned char *p = (const unsigned char *)d->x.text + tk(d, i)->start;
    size_t n = tk(d, i)->end - tk(d, i)->start, at = 0, k = 0;
    while (at < n) {
        uint32_t cp;
        size_t len = ht_utf8_decode(p + at, n - at, &cp);
        if (!len)
            return false;
        bool upper = (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDD && cp != 0xD7);
        bool lower = (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7);
        if (cp == 0xC6 || cp == 0xE6 || cp == 0xD0 || cp == 0xF0 || cp == 0xDE || cp == 0xFE)
            return false;
        if (!(k ? lower : upper))
            return false;
        at += len;
        k++;
    }
    return k > 0;
}

/* One word is a name only when it cannot be a Vietnamese syllable ("Frederik",
 * "Sumitomo"): written without marks and not as an acronym, and long, or with f, j, w,
 * z; or written with marks no syllable has ("Máxima", "José"). */
static bool one_word_name(const ht_xdoc *d, size_t i)
{
    const ht_xtok *t = tk(d, i);
    if (t->flags & HT_XT_UPPER)
        return false;
    if (t->flags & HT_XT_PLAIN)
        return t->end - t->start >= 7 || strpbrk(ht_xtok_fold(&d->x, i), "fjwz");
    return !ht_xtok_syllable(&d->x, i) && strlen(ht_xtok_fold(&d->x, i)) >= 4 && latin1_name(d, i);
}

/* One capitalised foreign word of five or six letters that no syllable, place or
 * lexicon has, ending its run of capitals ("Putin", "Trump", "Hunsen"). */
static bool short_foreign_name(const ht_xdoc *d, size_t i)
{
    const ht_xtok *t = tk(d, i);
    size_t len = t->end - t->start;
    int phrase = 0;
    /* not a nickname in quotes ("“Nữ hoàng Borelo”"), nor the first part of a
     * hyphenated name ("Kramp-Karrenbauer") */
    size_t q = i;
    while (q > 0 && is_word(d, q - 1) && same_sent(d, q - 1, i) && q + 4 > i)
        q--;
    bool quoted = q > 0 && ht_xtok_quote(&d->x, q - 1, true);
    bool joined = i + 1 < d->x.n && tk(d, i + 1)->kind == HT_TOK_PUNCT &&
                  !(tk(d, i + 1)->flags & HT_XT_SPACE) && ht_xtok_dash(&d->x, i + 1);
    return is_cap(d, i) && !d->skip[i] && (t->flags & HT_XT_PLAIN) && !(t->flags & HT_XT_UPPER) &&
           (len == 5 || len == 6) && !ht_xtok_syllable(&d->x, i) && latin1_name(d, i) &&
           ht_xplace_at(d, i) < 0 && !lexicon_start(d, i, &phrase) && !quoted && !joined &&
           !(is_cap(d, i + 1) && same_sent(d, i, i + 1));
}

/* A title of a head of state or government, a royal, a minister or an ambassador
 * starts at i ("Tổng thống", "Thủ tướng", "Quốc vương", "Bộ trưởng", "Đại sứ"); not an
 * office of a company, whose name may follow ("Phó tổng giám đốc Vissan"). */
static bool state_title(const ht_xdoc *d, size_t i)
{
    static const char *const two[][2] = {
        {"tong", "thong"}, {"thu", "tuong"}, {"quoc", "vuong"}, {"nha", "vua"},
        {"hoang", "tu"},   {"cong", "chua"}, {"nu", "hoang"},   {"thai", "tu"},
        {"tieu", "vuong"}, {"ngoai", "truong"}, {"bo", "truong"}, {"dai", "su"},
        {"tong", "bi"},    {"thong", "doc"}};
    /* at i, or after "Phó" ("Phó Tổng thống") or "Hoàng" ("Hoàng thái tử") */
    size_t k1 = ht_xtok_word(&d->x, i, "pho") || ht_xtok_word(&d->x, i, "hoang") ? i + 1 : i;
    for (size_t k = i; k <= k1; k++)
        if (ht_xtok_pair_in(&d->x, k, two, sizeof two / sizeof two[0]))
            return true;
    return false;
}

/* One of the great family names, written with its marks ("Nguyễn", not a given name
 * such as "Nguyên"): never a given name. */
static bool great_family_name(const ht_xdoc *d, size_t i)
{
    static const char *const names[] = {"Nguyễn", "Trần", "Phạm", "Huỳnh", "Đặng", "Bùi", "Đỗ", "Ngô"};
    return ht_xtok_text_in(&d->x, i, names, sizeof names / sizeof names[0]);
}

/* True when every word of [a, b) is foreign: written without marks, no syllable of
 * Vietnamese and no abbreviation ("Barack Obama", not "Phan Thanh" nor "BHXH VN"). */
static bool foreign_words(const ht_xdoc *d, size_t a, size_t b)
{
    for (size_t t = a; t < b; t++)
        if (tk(d, t)->kind == HT_TOK_WORD &&
            (!(tk(d, t)->flags & HT_XT_PLAIN) || (tk(d, t)->flags & HT_XT_UPPER) ||
             ht_xtok_syllable(&d->x, t)))
            return false;
    return true;
}

/* A person's name at i: one to six name words (Lao names written in Vietnamese run long:
 * "Phết Ta Von Phi La Văn"). Returns the token after it, or i.
 * A single word is a name only when written without Vietnamese marks ("Frederik");
 * "min2" asks for two words at least. */
static size_t name_at(const ht_xdoc *d, size_t i, bool min2)
{
    static const char *const particles[] = {"von", "van", "der", "den", "de", "da", "di", "du", "del",
                                            "dos", "bin", "bint", "ibn"};
    size_t j = i, words = 0;
    /* "Chính phủ Hoàng gia Campuchia": "royal" before a country, no "Hoàng" family */
    if (ht_xroyal(d, i)) {
        ht_xmatch c = ht_xlex_match(&d->x, i + 2, lim_of(d, i), &ht_data_gazetteer, HT_XM_PLACE, NULL, NULL);
        if (c.ntok && !strcmp(ht_data_cell(&ht_data_gazetteer, c.row, 1), "country"))
            return i;
    }
    while (words < 6 && is_cap(d, j) && same_sent(d, i, j) && !d->skip[j]) {
        /* a place may sit inside a name ("Bành Thanh Hoa"), never start it; nor does a
         * phrase that only looks like an organisation's head ("Ban Chấp hành") */
        int phrase = 0;
        if (lexicon_start(d, j, &phrase) && !given_name(d, i, j, words))
            break;
        if (!words && (ht_xplace_at(d, j) >= 0 || phrase < 0))
            break;
        /* "Tan Sri Aseh Bộ máy điều hành …": nor is it a word of a name of two words */
        if (words >= 2 && phrase < 0)
            break;
        /* a capitalised word starting a sentence-like run after the name ("… Kđoh Phát
         * biểu") is rare in the middle of a sentence; trigger words end names */
        if (words && ht_xlex_match(&d->x, j, lim_of(d, j), &ht_data_triggers, HT_XM_ACCENT, NULL, NULL).ntok)
            break;
        /* "Thủ tướng Campuchia Hunsen Cùng dự lễ …", "… Kang Kyung-wha Sau …": a
         * caption glued to the next sentence, which a function word starts */
        if (words >= 1 && j > i && !(tk(d, j)->flags & HT_XT_SENT) && ht_xcue(d, j, HT_CUE_STOP) == 1 &&
            (ht_xtok_word(&d->x, j, "cung") || ht_xtok_word(&d->x, j, "tai") ||
             ht_xtok_word(&d->x, j, "theo") || ht_xtok_word(&d->x, j, "voi") ||
             ht_xtok_word(&d->x, j, "sau") || ht_xtok_word(&d->x, j, "trong") ||
             ht_xtok_word(&d->x, j, "qua")))
            break;
        /* "… Tô Lâm Những chính sách …": words that open a sentence and are no given
         * name, read with their marks ("Các" is one: "Vũ Quang Các"); "ông Ngộ Năm
         * 1942 …": a word of time before a number */
        static const char *const never_given[] = {"Những", "Tuy", "Nhưng", "Trong khi"};
        static const char *const time_words[] = {"Năm", "Tháng", "Ngày", "Sáng", "Chiều", "Tối"};
        if (!(tk(d, j)->flags & HT_XT_SENT) &&
            ((words >= 2 && ht_xtok_text_in(&d->x, j, never_given, sizeof never_given / sizeof *never_given)) ||
             (words >= 1 && ht_xtok_text_in(&d->x, j, time_words, sizeof time_words / sizeof *time_words) &&
              j + 1 < d->x.n && tk(d, j + 1)->kind == HT_TOK_NUM)))
            break;
        /* "… Nguyễn Xuân Phúc Ngày 5/6 …", "… Donald Trump Tuy nhiên …": the same after
         * a whole name, which other words start (read with their marks: "Những", not
         * "Nhung"); a given name may be such a word ("Nguyễn Văn Để", "Võ Văn Còn") */
        if (!(tk(d, j)->flags & HT_XT_SENT) && !d->x.unmarked && ht_xcue(d, j, HT_CUE_OPENER) &&
            (words >= 3 || (words >= 2 && (tk(d, i)->flags & HT_XT_PLAIN) && !ht_xtok_syllable(&d->x, i))))
            break;
        /* "… Barack Obama Chính quyền …", "Jeremy Corbyn Hơn": after two foreign words
         * (no marks, no Vietnamese syllable), a syllable written with Vietnamese marks
         * starts what follows, unless it starts a Vietnamese name, a place or the "Việt
         * Nam" of a company ("Hanwha Energy Việt Nam"); after one foreign word too
         * ("Trump Tuyên bố", "Shoigu Hình ảnh"), not an initial, unless a family name
         * follows ("Johnathan Hạnh Nguyễn") */
        if ((words >= 2 || (j == i + 1 && tk(d, i)->end - tk(d, i)->start >= 3 &&
                            !ht_xsurname_at(d, ht_xname_word(d, j)))) &&
            !(tk(d, j)->flags & HT_XT_PLAIN) && ht_xtok_syllable(&d->x, j) &&
            !ht_xsurname_at(d, j) && ht_xplace_at(d, j) < 0 &&
            !(ht_xtok_word(&d->x, j, "viet") && ht_xtok_word(&d->x, j + 1, "nam")) &&
            foreign_words(d, i, j))
            break;
        /* "… Nguyễn Hồng Thúy HỢP TÁC …": a word in capitals after words that are not
         * ends the name (a heading glued to it) */
        if (words >= 2 && (tk(d, j)->flags & HT_XT_UPPER) && tk(d, j)->end - tk(d, j)->start > 1 &&
            !(tk(d, j - 1)->flags & HT_XT_UPPER) && ht_xtok_syllable(&d->x, j) &&
            strspn(ht_xtok_fold(&d->x, j), "ivx") != tk(d, j)->fold_n) /* "John McCain III" */
            break;
        /* "Thứ trưởng Vũ Văn Tám Phạm Anh …": after a name of three words, one of the
         * great family names starting a name of its own is another name */
        if (words >= 3 && !d->x.unmarked && ht_xsurname_at(d, i) && great_family_name(d, j) &&
            ht_xcue(d, j - 1, HT_CUE_COMPANY) != 1 && name_at(d, j, true) > j)
            break;
        /* "… Phùng Xuân Nhạ Ông Nhạ cho biết": a caption's name glued to the next
         * sentence, which an honorific starts */
        if (words >= 2 && honorific_at(d, j, lim_of(d, j)).ntok)
            break;
        j = ht_xname_word(d, j);
        words++;
        /* "Ursula von der Leyen", "Mohammed bin Salman", "Lula da Silva": particles in
         * lower case between foreign words */
        if ((tk(d, j - 1)->flags & HT_XT_PLAIN) && !ht_xtok_is(&d->x, j, '.')) {
            size_t p = j;
            while (p < j + 2 && is_word(d, p) && tk(d, p)->end - tk(d, p)->start <= 4 && !is_cap(d, p) &&
                   same_sent(d, i, p) && ht_xtok_text_in(&d->x, p, particles, sizeof particles / sizeof *particles))
                p++;
            /* a foreign word on either side ("Leyen" has the shape of a syllable) */
            if (p > j && is_cap(d, p) && same_sent(d, i, p) && (tk(d, p)->flags & HT_XT_PLAIN) &&
                !(tk(d, p)->flags & HT_XT_UPPER) &&
                (!ht_xtok_syllable(&d->x, p) || !ht_xtok_syllable(&d->x, j - 1)))
                j = p;
            /* "Hamad bin Isa al-Khalifa": "al-" glued to the last word */
            else if ((ht_xtok_text(&d->x, j, "al") || ht_xtok_text(&d->x, j, "el")) && j + 2 < d->x.n &&
                     ht_xtok_dash(&d->x, j + 1) && !(tk(d, j + 1)->flags & HT_XT_SPACE) &&
                     !(tk(d, j + 2)->flags & HT_XT_SPACE) && is_cap(d, j + 2) && same_sent(d, i, j + 2) &&
                     (tk(d, j + 2)->flags & HT_XT_PLAIN)) {
                j = ht_xname_word(d, j + 2);
                words++;
            }
        }
        /* an initial: "Stanfield L. Chien", "J. Smith", "A. Cô-bi-a-cốp"; not a
         * Vietnamese word after an initial that a foreign name does not lead, which
         * starts the next sentence ("bà H. Kết quả …", "Nguyễn Văn T. Nghi …") */
        if (words && ht_xtok_is(&d->x, j, '.') && tk(d, j - 1)->end - tk(d, j - 1)->start == 1 &&
            is_cap(d, j + 1) && same_sent(d, i, j + 1) &&
            ((words > 1 && (tk(d, i)->flags & HT_XT_PLAIN) && !ht_xtok_syllable(&d->x, i)) ||
             ((tk(d, j + 1)->flags & HT_XT_PLAIN) && !ht_xtok_syllable(&d->x, j + 1)) ||
             ht_xsurname_at(d, j + 1) || ht_xname_word(d, j + 1) > j + 2 ||
             tk(d, j + 1)->end - tk(d, j + 1)->start == 1))
            j++;
    }
    if (!words || (words == 1 && (min2 || !one_word_name(d, i))))
        return i;
    return j;
}

/* How many name words [a, b) holds. */
static size_t name_words(const ht_xdoc *d, size_t a, size_t b)
{
    size_t w = 0;
    for (size_t q = a; q < b; q = ht_xname_word(d, q))
        w++;
    return w;
}

/* The word for a province or a city at i ("tỉnh", "TP", "thành phố"): its tokens, or 0. */
static size_t province_word(const ht_xdoc *d, size_t i)
{
    if (ht_xtok_word(&d->x, i, "tinh") || ht_xtok_word(&d->x, i, "tp"))
        return 1;
    return ht_xtok_word(&d->x, i, "thanh") && ht_xtok_word(&d->x, i + 1, "pho") ? 2 : 0;
}

/* The bodies a title names, after the title words: organisations, places ("tỉnh Sê
 * Kông", "nước CHDC nhân dân Lào"), "tại" and a place. Returns the token after them;
 * *pm the most specific mention. */
static size_t qualifiers(ht_xdoc *d, size_t j, int *pm, bool office)
{
    *pm = -1;
    const size_t q0 = j; /* right after the title */
    size_t lim = lim_of(d, j);
    for (int guard = 0; guard < 8 && j < lim; guard++) {
        /* "Chính phủ Hoàng gia Campuchia": "royal" before the country */
        if (ht_xroyal(d, j) && ht_xplace_at(d, j + 2) >= 0)
            j += 2;
        int k = ht_xpm_at(d, j);
        if (k >= 0 && d->pm[k].src == HT_XPM_ORG) {
            d->pm[k].in_title = true;
            *pm = k;
            j = d->pm[k].t1;
            continue;
        }
        /* "Viện Quy hoạch Kiến trúc đô thị - Trường ĐH Xây dựng": the body the one named
         * belongs to, after a dash */
        if (*pm >= 0 && d->pm[*pm].src == HT_XPM_ORG && d->pm[*pm].t1 == j && ht_xtok_dash(&d->x, j) &&
            (k = ht_xpm_at(d, j + 1)) >= 0 && d->pm[k].src == HT_XPM_ORG) {
            j++;
            continue;
        }
        /* "Phó Trưởng Ban Tổ chức Trung ương": a body read from the title's last word
         * on is the title's */
        if (!guard && j > 0 && (k = ht_xpm_at(d, j - 1)) >= 0 && d->pm[k].src == HT_XPM_ORG &&
            d->pm[k].t1 > j) {
            d->pm[k].in_title = true;
            *pm = k;
            j = d->pm[k].t1;
            continue;
        }
        size_t end;
        ht_xorg_at(d, j, true, &end);
        if (end > j) {
            k = ht_xpm_at(d, j);
            if (k >= 0 && d->pm[k].src == HT_XPM_ORG) {
                d->pm[k].in_title = true;
                *pm = k;
            }
            j = end;
            continue;
        }
        /* "… Đảng Cộng sản Trung Quốc, Bí thư …": capitalised words between two titles;
         * after a place they are its holder's name ("Chủ tịch tỉnh Phúc Kiến Vu Vĩ Quốc,
         * Đại sứ …") */
        if (office && is_cap(d, j) && !ht_xsurname_at(d, j) && !(*pm >= 0 && d->pm[*pm].src != HT_XPM_ORG)) {
            size_t e = j;
            /* "Chủ tịch HĐND tỉnh Xiêng Khoảng Bun-tôn Chăn-thạ-phon, Chủ tịch …": right
             * after a body whose name ends with a place, too */
            bool after_place = j > q0 && ht_xplace_ending(d, j) >= 0;
            while (e < lim && e < j + 8 && (is_cap(d, e) || ht_xplace_at(d, e) >= 0)) {
                int q = ht_xplace_at(d, e);
                /* "Tỉnh trưởng Tỉnh Phúc Kiến Vũ Vi Quốc, Phó tỉnh trưởng …": a family
                 * name after the place starts the holder's name, as does a name of two
                 * words or more no table lists ("Tỉnh trưởng Phúc Kiến Vu Vỹ Quốc, Đại
                 * sứ …") */
                if (after_place && q < 0 && (ht_xsurname_at(d, e) || name_at(d, e, true) > e))
                    break;
                /* "Chủ tịch Vietjet Nguyễn Thị Phương Thảo, Chủ tịch Hòa Phát …": a full
                 * name after a body's name no table lists */
                if (e > j && q < 0 && ht_xsurname_at(d, e) && name_words(d, e, name_at(d, e, true)) >= 3)
                    break;
                after_place = q >= 0;
                e = q >= 0 ? d->pm[q].t1 : ht_xname_word(d, e);
            }
            /* "Tổng thống Trump, Tổng Bí thư Tô Lâm", "Hạ nghị sĩ Tsuyoshi Yaguchi, Chủ
             * tịch …": foreign words alone right after the title (up to three, no
             * acronym: "Giám đốc CDC") are its holder's name */
            size_t fw = j, nfw = 0;
            while (fw < e && nfw < 4 && (tk(d, fw)->flags & HT_XT_PLAIN) && !(tk(d, fw)->flags & HT_XT_UPPER) &&
                   !ht_xtok_syllable(&d->x, fw) && ht_xpm_at(d, fw) < 0) {
                fw = ht_xname_word(d, fw);
                nfw++;
            }
            bool foreign = fw == e && nfw >= 1 && nfw <= 3 && *pm < 0 && j == q0;
            if (e > j && !foreign && ht_xtok_is(&d->x, e, ',') && title_at(d, e + 1).ntok) {
                for (size_t q = 0; q < d->npm; q++)
                    if (d->pm[q].t0 >= j && d->pm[q].t1 <= e)
                        d->pm[q].in_title = true;
                j = e;
                continue;
            }
        }
        /* "Phó Chủ tịch VCCI cho biết", "Giám đốc JICA, ông …": an abbreviation right
         * after the title words, with nothing capitalised after it, is the body */
        if (j == q0 && is_word(d, j) && (tk(d, j)->flags & HT_XT_UPPER) && tk(d, j)->end - tk(d, j)->start >= 3 &&
            ht_xplace_at(d, j) < 0 && !(j + 1 < lim && is_cap(d, j + 1) && same_sent(d, j, j + 1))) {
            j++;
            break;
        }
        /* "(Trung Quốc)" */
        if (ht_xtok_is(&d->x, j, '(')) {
            int q = ht_xplace_at(d, j + 1);
            if (q >= 0 && ht_xtok_is(&d->x, d->pm[q].t1, ')')) {
                d->pm[q].in_title = true;
                if (*pm < 0)
                    *pm = q;
                j = d->pm[q].t1 + 1;
                continue;
            }
        }
        /* a place right here, after "tỉnh"/"nước"/"tại", or after ", " and those */
        size_t offs[4], no = 0;
        size_t lead = ht_xtok_is(&d->x, j, ',') ? 1 : 0;
        for (size_t l = 0; l <= lead; l++) {
            size_t w = j + l;
            offs[no++] = l;
            size_t cw = ht_xcue(d, w, HT_CUE_ADMIN);
            if (!cw)
                cw = ht_xcue(d, w, HT_CUE_COUNTRY);
            if (!cw && !l && ht_xtok_word(&d->x, w, "tai"))
                cw = 1;
            if (cw)
                offs[no++] = l + cw;
        }
        k = -1;
        /* "Chủ tịch nước Trung Quốc": a place whose name ("nước Trung Quốc") starts
         * with the title's last word */
        if (!guard && j > 0 && ht_xplace_at(d, j - 1) >= 0 && d->pm[ht_xplace_at(d, j - 1)].t1 > j)
            k = ht_xplace_at(d, j - 1);
        for (size_t o = 0; o < no && k < 0; o++) {
            if (offs[o] == 1 && lead && ht_xplace_at(d, j + 1) >= 0 &&
                d->pm[ht_xplace_at(d, j + 1)].src != HT_XPM_GAZ)
                continue; /* ", Lào Cai" yes; ", <unknown>" no */
            k = ht_xplace_at(d, j + offs[o]);
        }
        /* "Phó Chủ tịch UBND tỉnh Nguyễn Văn Hòa": the province of the story, unnamed;
         * the administrative word ends the title and the holder's name follows */
        if (k < 0 && !lead && province_word(d, j)) {
            /* a province's or a city's: local names of districts and wards often start
             * like family names ("huyện Cát Hải", "phường Khương Đình"); a full name of
             * three or four words, not a local name of two */
            size_t a = j + ht_xcue(d, j, HT_CUE_ADMIN);
            size_t words = a < lim && ht_xsurname_at(d, a) ? name_words(d, a, name_at(d, a, true)) : 0;
            if (a > j && words >= 3 && words <= 4) {
                j = a;
                break;
            }
        }
        if (k >= 0) {
            d->pm[k].in_title = true;
            bool country = d->pm[k].src == HT_XPM_GAZ &&
                           !strcmp(ht_data_cell(&ht_data_gazetteer, (size_t)d->pm[k].gaz_row, 1), "country");
            /* "Tổng Lãnh sự Campuchia tại Thành phố Hồ Chí Minh": the posting is not
             * the body the office belongs to */
            bool posting = ht_xtok_word(&d->x, j, "tai");
            if (*pm < 0 || (!country && !posting))
                *pm = *pm >= 0 && d->pm[*pm].src == HT_XPM_ORG ? *pm : k;
            j = d->pm[k].t1;
            continue;
        }
        break;
    }
    return j;
}

static bool inside_place(const ht_xdoc *d, size_t i)
{
    for (size_t b = 0; b <= 8 && b <= i; b++)
        for (int q = d->pm_start[i - b]; q >= 0; q = d->pm[q].next_start)
            if (!d->pm[q].dropped && d->pm[q].t1 > i)
                return true;
    return false;
}

static ht_xpmen *push_men(ht_xdoc *d, size_t n0, size_t n1)
{
    ht_xpmen *m = HT_XPUSH(d->pmen, d->npmen, d->cappmen);
    if (!m) {
        d->err = HT_ENOMEM;
        return NULL;
    }
    m->n0 = n0;
    m->n1 = n1;
    m->person = -1;
    m->story = d->story[n0];
    return m;
}

/* The words [i, n) end the name of an organisation the document names: "Bộ trưởng
 * Công Thương cho biết" where it names "Bộ Công Thương". */
static bool org_tail(const ht_xdoc *d, size_t i, size_t n)
{
    size_t w = n - i;
    for (size_t q = 0; q < d->npm; q++) {
        const ht_xpm *m = &d->pm[q];
        if (m->src != HT_XPM_ORG || m->t1 - m->t0 <= w)
            continue;
        size_t k = 0;
        while (k < w && !strcmp(ht_xtok_fold(&d->x, m->t1 - w + k), ht_xtok_fold(&d->x, i + k)))
            k++;
        if (k == w)
            return true;
    }
    return false;
}

/* The capitalised words [i, n) after a title name a company, not its holder: they end
 * with a company's word ("Chủ tịch Masan Group", "Tổng giám đốc Nam A Bank") or with
 * the country of a branch ("Tổng Giám đốc Samsung Việt Nam chia sẻ") after a first
 * word that is no family name. */
static bool company_end(const ht_xdoc *d, size_t i, size_t n)
{
    if (n <= i + 1 || !is_word(d, n - 1))
        return false;
    if (ht_xcue(d, n - 1, HT_CUE_COMPANY) == 1)
        return true;
    bool vn = ht_xtok_word(&d->x, n - 1, "vietnam") ||
              (n >= i + 3 && ht_xtok_word(&d->x, n - 2, "viet") && ht_xtok_word(&d->x, n - 1, "nam"));
    return vn && !ht_xsurname_at(d, i);
}

/* One word shaped as a company's name: a bank's or a group's ("Vietcombank",
 * "Vingroup"), a Vietnamese brand ("Vietjet", "Vinaconex"), or capitals inside
 * ("LienVietPostBank", "NutiFood"; not "McMenamin", "MacGregor", "DeVos"). */
static bool company_word(const ht_xdoc *d, size_t i)
{
    const char *w = d->x.text + tk(d, i)->start;
    size_t n = tk(d, i)->end - tk(d, i)->start;
    const char *f = ht_xtok_fold(&d->x, i);
    size_t fn = strlen(f);
    if ((fn >= 6 && (!strcmp(f + fn - 4, "bank") || !strcmp(f + fn - 5, "group"))) ||
        (fn >= 7 && (!strncmp(f, "viet", 4) || !strncmp(f, "vina", 4))))
        return true;
    size_t from = n > 2 && (!strncmp(w, "Mc", 2) || !strncmp(w, "De", 2) || !strncmp(w, "Di", 2) ||
                            !strncmp(w, "Le", 2) || !strncmp(w, "La", 2))
                      ? 3
                  : n > 3 && !strncmp(w, "Mac", 3) ? 4
                                                   : 1;
    for (size_t k = from; k < n; k++)
        if (w[k] >= 'A' && w[k] <= 'Z' && w[k - 1] >= 'a' && w[k - 1] <= 'z')
            return true;
    return false;
}

/* One word is the company's too when the document writes it so elsewhere ("Tổng Giám
 * đốc Qualcomm tại Việt Nam" after "Qualcomm Việt Nam"). */
static bool company_name(const ht_xdoc *d, size_t i, size_t n)
{
    if (n != i + 1)
        return company_end(d, i, n);
    if (!(tk(d, i)->flags & HT_XT_PLAIN) || ht_xsurname_at(d, i))
        return false;
    if (ht_xcue(d, i, HT_CUE_COMPANY) == 1 || /* "… Vietnam Airlines": the title took "Vietnam" */
        company_word(d, i))
        return true;
    const char *w = ht_xtok_fold(&d->x, i);
    for (size_t k = 0; k < d->x.n; k++)
        if (k != i && is_cap(d, k) && !strcmp(ht_xtok_fold(&d->x, k), w) &&
            company_end(d, k, name_at(d, k, false)))
            return true;
    return false;
}

/* The holder's name after the words of the body or the unit the title t names, from
 * token `from` on, in the clause (below lim): the first name that a family name starts,
 * whose start ends the title (*j and t->t1 move there), or none (*j). After a unit's
 * name numbers go on too ("Nhi Đồng 1"), and neither a place ("… Công an tỉnh Cao Bằng",
 * "… Việt Pháp Hà Nội") nor the name of a body after its abbreviation ("BV Bạch Mai") is
 * the holder's. */
static size_t holder_after_body(const ht_xdoc *d, ht_xtitle *t, size_t *j, size_t from, size_t lim,
                                bool unit)
{
    size_t i = *j;
    for (size_t k = from; k < lim && k < i + 12 && (is_word(d, k) || (unit && tk(d, k)->kind == HT_TOK_NUM));
         k++) {
        if (!ht_xsurname_at(d, k) || ht_xplace_at(d, k) >= 0 ||
            (unit && (inside_place(d, k) || (tk(d, k - 1)->flags & HT_XT_UPPER))))
            continue;
        size_t n = name_at(d, k, true);
        if (unit && n > k &&
            ht_xlex_match(&d->x, k, n, &ht_data_gazetteer, HT_XM_PLACE, NULL, NULL).ntok == n - k)
            continue;
        if (n > k)
            *j = t->t1 = k;
        return n > k ? n : i;
    }
    return i;
}

/* The person's name after a title that ends at *j (t), or *j when none follows. The
 * capitalised words there may still be the title's:
 * - the body the title heads, named by the title's own head word ("Vụ trưởng Vụ Giáo
 *   dục Trung học Nguyễn Văn A", "Phó Cục trưởng Cục …", "Vụ phó Vụ …", "Phó đội
 *   trưởng Đội CSGT …"): the name is the first one with a family name after it, in the
 *   same clause, and there may be none;
 * - words before a family name that are no name of one ("Bộ trưởng Công Thương Trần
 *   Tuấn Anh", "Bộ trưởng Giáo dục Lê …"): Vietnamese words, the first capitalised and
 *   no family name, two words or more before the family name; the name starts at the
 *   family name.
 * - the end of the name of an organisation the document names elsewhere: no name.
 * Words moved to the title end it (*j and t->t1 move with them). */
static size_t name_after_title_run(const ht_xdoc *d, ht_xtitle *t, size_t *j)
{
    size_t i = *j;
    if (!is_cap(d, i))
        return i;
    bool body = false;
    for (size_t k = t->t0; k + 1 < i && !body; k++)
        body = (ht_xtok_word(&d->x, k + 1, "truong") || ht_xtok_word(&d->x, k + 1, "pho")) &&
               !strcmp(ht_xtok_fold(&d->x, k), ht_xtok_fold(&d->x, i));
    size_t lim = lim_of(d, i);
    /* the body's name has a word at least: "Vụ Châu Á-Thái Bình Dương" is one */
    if (body)
        return holder_after_body(d, t, j, i + 2, lim, false);
    /* "Trưởng khoa Răng Hàm Mặt …", "Trưởng phòng Marketing": after a title that ends on
     * the word for a unit of a body, capitalised words that no family name starts (nor a
     * foreign name of two words) are the unit's name; the holder's name is the first one
     * with a family name after it, in the same clause, and there may be none */
    size_t n = name_at(d, i, false);
    static const char *const units[] = {"khoa", "phong", "mon"};
    bool unit = t->t1 == i && t->t1 > t->t0 &&
                ht_xtok_word_in(&d->x, t->t1 - 1, units, sizeof units / sizeof *units);
    /* "Chánh Văn phòng": an office, not a unit */
    unit = unit && !(t->t1 >= t->t0 + 2 && ht_xtok_word(&d->x, t->t1 - 2, "van"));
    if (unit && !ht_xsurname_at(d, i) &&
        !((tk(d, i)->flags & HT_XT_PLAIN) && !ht_xtok_syllable(&d->x, i) && ht_xname_word(d, i) < n))
        return holder_after_body(d, t, j, i + 1, lim, true);
    if (company_name(d, i, n))
        return i;
    /* "nghệ sĩ Violin Hàn Quốc Jmi Ko", "Chủ tịch Samsung Việt Nam Choi Joo-ho": a country
     * named in two words or more (one may be a given name: "Anh", "Đức") after the first
     * capitalised word, and a name of two words after it: the words up to the country
     * are the title's */
    for (size_t c = i + 1; c + 2 < n; c = ht_xname_word(d, c)) {
        ht_xmatch g = ht_xlex_match(&d->x, c, n, &ht_data_gazetteer, HT_XM_PLACE, NULL, NULL);
        if (g.ntok < 2 || strcmp(ht_data_cell(&ht_data_gazetteer, g.row, 1), "country"))
            continue;
        size_t a = c + g.ntok, m = a < n ? name_at(d, a, true) : a;
        if (m > a && name_words(d, a, m) >= 2 && ht_xplace_at(d, a) < 0) {
            *j = t->t1 = a;
            return m;
        }
        break;
    }
    /* "Tổng thống Putin", "Thủ tướng Hunsen": right after a title, one foreign word of
     * five or six letters is the holder's name too (alone, such a word is as often a
     * brand: see one_word_name) */
    if (n == i && short_foreign_name(d, i) && state_title(d, t->t0)) {
        n = i + 1;
        /* "Bashar al-Assad", "Haider al-Abadi" */
        if ((ht_xtok_word(&d->x, n, "al") || ht_xtok_word(&d->x, n, "el")) && !is_cap(d, n) &&
            ht_xtok_dash(&d->x, n + 1) && !(tk(d, n + 1)->flags & HT_XT_SPACE) &&
            is_cap(d, n + 2) && !(tk(d, n + 2)->flags & HT_XT_SPACE) && same_sent(d, i, n + 2))
            n = ht_xname_word(d, n + 2);
    }
    /* "Hiệu trưởng ĐH Bách Khoa Hà Nội": a province or a country of the gazetteer,
     * whole, is the end of the body's name, not a holder's (a district may be named
     * after a man: "Kaysone Phomvihane") */
    if (n > i) {
        ht_xmatch g = ht_xlex_match(&d->x, i, n, &ht_data_gazetteer, HT_XM_PLACE, NULL, NULL);
        const char *kind = g.ntok == n - i ? ht_data_cell(&ht_data_gazetteer, g.row, 1) : "";
        if (!strcmp(kind, "province") || !strcmp(kind, "country"))
            return i;
    }
    /* a foreign name of two words or more stays: a document may have it glued to a
     * body's name ("Chính quyền Tổng thống Donald Trump") */
    bool foreign = (tk(d, i)->flags & HT_XT_PLAIN) && ht_xname_word(d, i) < n;
    if (n > i && !foreign && !ht_xsurname_at(d, i) && org_tail(d, i, n))
        return i;
    /* "Bộ trưởng Công Thương cho biết": the one ministry whose short name is written
     * with two capitals, where the document does not name it in full */
    if (n == i + 2 && ht_xtok_word(&d->x, i, "cong") && ht_xtok_word(&d->x, i + 1, "thuong"))
        return i;
    bool lower = false; /* a word in lower case before the family name */
    bool of = false;    /* "của", "tại" or "thời" before it */
    if (!ht_xsurname_at(d, i) && (!(tk(d, i)->flags & HT_XT_PLAIN) || ht_xtok_syllable(&d->x, i)))
        for (size_t k = ht_xname_word(d, i), w = 1; k < lim && k < i + 8 && is_word(d, k);
             k = ht_xname_word(d, k), w++) {
            if (is_cap(d, k) && (tk(d, k)->flags & HT_XT_PLAIN) && !ht_xtok_syllable(&d->x, k)) {
                /* "Bộ trưởng Ngoại giao Taro Kono", "Thứ trưởng Quốc phòng Mỹ Jim Mattis",
                 * "Tùy viên Quốc phòng Úc Nerolie McDonald": after the title of a
                 * minister or a diplomat and the words of the field, not a body's name
                 * ("Trường Đại học Oxford …"), a foreign name of two or three words is
                 * the holder's */
                static const char *const office[][2] = {{"thu", "truong"}, {"tuy", "vien"}, {"tham", "tan"}};
                bool minister = state_title(d, t->t0) ||
                                ht_xtok_pair_in(&d->x, t->t0, office, sizeof office / sizeof office[0]);
                size_t m = minister && w >= 2 && !org_phrase_at(d, i) && !of &&
                                   !(tk(d, k)->flags & HT_XT_UPPER)
                               ? name_at(d, k, true)
                               : k;
                size_t words = m > k ? name_words(d, k, m) : 0;
                for (size_t q = k; words && q < m; q++)
                    if (ht_xplace_at(d, q) >= 0 || inside_place(d, q))
                        words = 0; /* "Xí nghiệp buýt nhanh BRT Hà Nội" */
                if (words >= 2 && words <= 3 && !company_name(d, k, m)) {
                    *j = t->t1 = k;
                    return m;
                }
                break; /* a foreign word: the name's own */
            }
            /* "Thủ tướng Hun Sen và Thủ tướng Nguyễn Xuân Phúc": another title is no
             * word of a body's name… */
            if (is_cap(d, k) && title_at(d, k).ntok)
                break;
            /* "Thứ trưởng Tài chính và ông Đặng Huy Đông": nor is an honorific */
            if (honorific_at(d, k, lim).ntok)
                break;
            /* "Nghệ sĩ Chí Trung tên đầy đủ là Phạm Chí Trung": nor the verb "là" */
            if (ht_xtok_text(&d->x, k, "là"))
                break;
            lower |= !is_cap(d, k);
            /* "Giám đốc Kinh doanh của Kaspersky Lab": a body after "của", a place after
             * "tại", a time after "thời" ("Bộ trưởng Lao động Mỹ dưới thời Bill Clinton") */
            of |= ht_xtok_text(&d->x, k, "của") || ht_xtok_text(&d->x, k, "tại") ||
                  ht_xtok_text(&d->x, k, "thời");
            /* one word before a family name is more likely a family name no table
             * lists ("Giáp Văn Dương": "Văn" is a middle name more often than not) */
            if (w >= 2 && ht_xsurname_at(d, k) && ht_xplace_at(d, k) < 0 && !inside_place(d, k) &&
                !ht_xcue(d, k, HT_CUE_NOTPLACE)) {
                size_t m = name_at(d, k, true), words = name_words(d, k, m);
                /* not a place of the gazetteer ("Hà Nội"); after words in lower case, a
                 * full name of three words ("Bộ trưởng Quốc phòng Ngô Xuân Lịch"), not
                 * the local name a body's ends with ("Vườn quốc gia Vũ Quang") */
                ht_xmatch g = ht_xlex_match(&d->x, k, m, &ht_data_gazetteer, HT_XM_PLACE, NULL, NULL);
                if (m > k && g.ntok < m - k && (!lower || words >= 3)) {
                    *j = t->t1 = k;
                    return m;
                }
                break;
            }
        }
    return n;
}

/* The words of s (folded, one space between them) at tokens q, q + 1, … below lim: how
 * many tokens they take, or 0. */
static size_t folded_words_at(const ht_xdoc *d, size_t q, size_t lim, const char *s)
{
    size_t w = 0;
    while (*s) {
        const char *sp = strchr(s, ' ');
        size_t len = sp ? (size_t)(sp - s) : strlen(s);
        if (q + w >= lim || strlen(ht_xtok_fold(&d->x, q + w)) != len ||
            strncmp(ht_xtok_fold(&d->x, q + w), s, len))
            return 0;
        w++;
        s += len + (sp ? 1 : 0);
    }
    return w;
}

/* The title [t0, t1) is a company's office, alone ("Chủ tịch", "Phó Tổng giám đốc",
 * "Chủ tịch HĐQT", "Trưởng phòng"). */
static bool company_office(const ht_xdoc *d, size_t t0, size_t t1)
{
    static const char *const offices[] = {
        "chu tich", "chu tich hdqt", "chu tich hoi dong quan tri", "giam doc", "tong giam doc",
        "tgd", "truong phong", "ceo"};
    if (ht_xtok_word(&d->x, t0, "pho"))
        t0++;
    for (size_t r = 0; r < sizeof offices / sizeof offices[0]; r++)
        if (t1 > t0 && folded_words_at(d, t0, t1, offices[r]) == t1 - t0)
            return true;
    return false;
}

/* A title ends right before token k, in its sentence. */
static bool title_ends_at(const ht_xdoc *d, size_t k)
{
    size_t t0 = k;
    while (t0 > 0 && k - t0 < 6 && same_sent(d, t0 - 1, k) && is_word(d, t0 - 1))
        t0--;
    for (size_t q = t0; q < k; q++)
        if (ht_xlex_match(&d->x, q, k, &ht_data_titles, HT_XM_ACCENT, title_row_ok, NULL).ntok == k - q)
            return true;
    return false;
}

/* The one word at i, after a company's office, is its holder's name: the document
 * names a person so elsewhere (after an honorific, "ông Perez", or at the end of a
 * longer name, "Florentino Perez"), or writes the word nowhere but after a title
 * ("Chủ tịch Bartomeu"); a company's or a club's name stands alone too ("của
 * Juventus", "Tottenham hét giá"). */
static bool holder_name(const ht_xdoc *d, size_t i)
{
    const char *w = ht_xtok_fold(&d->x, i);
    bool alone = false;
    for (size_t k = 1; k < d->x.n; k++) {
        if (k == i || !is_cap(d, k) || strcmp(ht_xtok_fold(&d->x, k), w))
            continue;
        bool joined = same_sent(d, k - 1, k) && is_word(d, k - 1);
        if (joined && title_ends_at(d, k))
            continue;
        if (joined && is_cap(d, k - 1) && !d->skip[k - 1] && ht_xplace_at(d, k - 1) < 0)
            return true;
        for (size_t h = k >= 2 ? k - 2 : k - 1; h < k && joined; h++)
            if (honorific_at(d, h, k).ntok == k - h)
                return true;
        alone = true;
    }
    return !alone;
}

/* The title [t0, t1) ends with the head of a company, a school, a university, a
 * hospital or a publisher, whose name follows ("Giám đốc Công ty", "Hiệu trưởng
 * Trường"; not "Phó chủ nhiệm Ủy ban", a body the story has named). */
static bool head_needs_name(const ht_xdoc *d, size_t t0, size_t t1)
{
    static const char *const heads[] = {"cong ty", "tong cong ty", "tap doan", "truong", "dai hoc",
                                        "benh vien", "nha xuat ban", "hang"};
    int canon = ht_data_col(&ht_data_org_patterns, "canonical");
    for (size_t q = t0 + 1; q < t1 && canon >= 0; q++) {
        if (!is_cap(d, q))
            continue;
        ht_xmatch h = ht_xlex_match(&d->x, q, t1, &ht_data_org_patterns, HT_XM_ACCENT, NULL, NULL);
        if (h.ntok != t1 - q || !strcmp(ht_data_cell(&ht_data_org_patterns, h.row, (size_t)canon), "-"))
            continue;
        for (size_t r = 0; r < sizeof heads / sizeof heads[0]; r++)
            if (folded_words_at(d, q, t1, heads[r]))
                return true;
        return false;
    }
    return false;
}

/* The words [a, b) are written elsewhere in the document, capitalised, with no
 * capitalised word right after them in their sentence, nor a title or an honorific
 * before them, which a person's short name has ("Real Madrid thắng …", not "Quốc vương
 * Salman nói"). */
static bool written_alone(const ht_xdoc *d, size_t a, size_t b)
{
    size_t n = b - a;
    for (size_t p = 0; p + n <= d->x.n; p++) {
        if (p == a || !is_cap(d, p) || (p > 0 && same_sent(d, p - 1, p) && is_cap(d, p - 1)))
            continue;
        size_t q = 0;
        while (q < n && !strcmp(ht_xtok_fold(&d->x, p + q), ht_xtok_fold(&d->x, a + q)))
            q++;
        if (q < n || (p + n < d->x.n && same_sent(d, p, p + n) && is_cap(d, p + n)))
            continue;
        if (!(p > 0 && same_sent(d, p - 1, p) && is_word(d, p - 1) &&
              (title_ends_at(d, p) ||
               honorific_at(d, p - 1, p).ntok)))
            return true;
    }
    return false;
}

/* The name after the title, without the company it may start with ("Chủ tịch Masan
 * Group Nguyễn Đăng Quang": the company is the title's, the rest the holder's name). */
static size_t name_after_title(const ht_xdoc *d, ht_xtitle *t, size_t *j)
{
    /* "HLV U20 Argentina", "HLV The Face", "HLV Man City": a team or a show, then maybe
     * the name ("Đội trưởng U20 Việt Nam Quang Hải", "Phó chủ tịch Man Utd Ed Woodward") */
    if (*j + 1 < d->x.n && is_cap(d, *j)) {
        const char *w = ht_xtok_fold(&d->x, *j);
        bool age = w[0] == 'u' && w[1] >= '1' && w[1] <= '9' && w[2] >= '0' && w[2] <= '9' && !w[3];
        bool man = ht_xtok_text(&d->x, *j, "Man") &&
                   (ht_xtok_text(&d->x, *j + 1, "City") || ht_xtok_text(&d->x, *j + 1, "Utd") ||
                    ht_xtok_text(&d->x, *j + 1, "United"));
        if (ht_xtok_text(&d->x, *j, "The"))
            return *j;
        for (size_t k = *j + (man ? 2 : 1); (age || man) && k < d->x.n && k < *j + 6 && same_sent(d, *j, k) &&
                                           is_cap(d, k);
             k++) {
            ht_xmatch g = ht_xlex_match(&d->x, k, lim_of(d, k), &ht_data_gazetteer, HT_XM_PLACE, NULL, NULL);
            if (g.ntok) {
                k += g.ntok - 1;
                continue;
            }
            size_t m = name_at(d, k, true);
            if (m > k && name_words(d, k, m) >= 2) {
                *j = t->t1 = k;
                return m;
            }
            break;
        }
        if (age || man)
            return *j;
    }
    /* "Thủ tướng Samdech Techo Hun Sen", "Bộ trưởng Ngài …": an honorific written with a
     * capital between the title and the name is neither's */
    if (*j < d->x.n && is_cap(d, *j)) {
        ht_xmatch h = honorific_at(d, *j, lim_of(d, *j));
        if (h.ntok && is_cap(d, *j + h.ntok) && same_sent(d, *j, *j + h.ntok) &&
            name_at(d, *j + h.ntok, true) > *j + h.ntok)
            *j += h.ntok;
    }
    /* "Phó giám đốc Công ty TNHH Địa ốc Đất Lành - Nguyễn Văn Đực": a dash between the
     * body the title names and a full name (three words: not "Đài Loan - Châu Mỹ") */
    if (t->pm >= 0 && d->pm[t->pm].t1 == *j && *j == t->t1 && ht_xtok_dash(&d->x, *j) &&
        (tk(d, *j)->flags & HT_XT_SPACE) && same_sent(d, *j, *j + 1) && ht_xsurname_at(d, *j + 1) &&
        ht_xplace_at(d, *j + 1) < 0) {
        size_t n = name_at(d, *j + 1, true);
        if (n > *j + 1 && name_words(d, *j + 1, n) >= 3) {
            *j += 1;
            return n;
        }
    }
    size_t n = name_after_title_run(d, t, j);
    /* "Đội trưởng Real Madrid Sergio Ramos", "Chủ tịch Juventus Andrea Agnelli": words
     * without marks before a name of two words that the document writes alone
     * elsewhere are the body the title heads ("Real Madrid thắng"), not the name's */
    if (!d->x.unmarked && name_words(d, *j, n) >= 3) {
        bool plain = true;
        for (size_t q = *j; q < n && plain; q++)
            plain = !is_word(d, q) || (tk(d, q)->flags & HT_XT_PLAIN);
        size_t body = 0; /* the longest such words ("Berkshire Hathaway Warren Buffett") */
        for (size_t s = ht_xname_word(d, *j); plain && s < n && is_word(d, s) && name_words(d, s, n) >= 2;
             s = ht_xname_word(d, s))
            if (is_cap(d, s) && tk(d, s - 1)->end - tk(d, s - 1)->start > 1 && written_alone(d, *j, s))
                body = s;
        if (body)
            *j = t->t1 = body;
    }
    /* "Giám đốc Công ty Hoàng Gia Phát ký": after a title that ends with the head of a
     * body that needs a name ("Công ty", "Tập đoàn"), the words are the body's name;
     * a full name may follow them ("… Công ty Minh Long Nguyễn Văn An") */
    if (n > *j && head_needs_name(d, t->t0, t->t1)) {
        for (size_t k = *j + 1; k + 1 < n; k++) {
            /* not a place in the body's name ("Đại học Y Hà Nội") */
            ht_xmatch g = ht_xlex_match(&d->x, k, n, &ht_data_gazetteer, HT_XM_PLACE, NULL, NULL);
            if (g.ntok) {
                k += g.ntok - 1;
                continue;
            }
            if (ht_xsurname_at(d, k) && name_at(d, k, true) == n && name_words(d, k, n) >= 2) {
                *j = t->t1 = k;
                return n;
            }
        }
        return *j;
    }
    /* "Bộ trưởng GD-ĐT Phùng Xuân Nhạ", "Chủ tịch HĐTV EVN Dương Quang Thành",
     * "Chủ tịch Vietjet Nguyễn Thị Phương Thảo": abbreviations in capitals, or a
     * company's word, before the name are the title's body */
    size_t a = *j;
    while (a < n && ((is_word(d, a) && (tk(d, a)->flags & HT_XT_UPPER) && tk(d, a)->end - tk(d, a)->start >= 2) ||
                     (a == *j && is_word(d, a) && company_word(d, a)) ||
                     (a > *j && (ht_xtok_dash(&d->x, a) || ht_xtok_is(&d->x, a, '&')))))
        a++;
    if (a > *j && a < n && is_word(d, a) && !(tk(d, a)->flags & HT_XT_UPPER) && ht_xsurname_at(d, a) &&
        name_at(d, a, true) == n) {
        *j = t->t1 = a;
        return n;
    }
    /* "Thứ trưởng Bộ Nông Lâm Lào Khămbunnắt Xaynhạnôm": after a ministry no table
     * lists, its words up to its country are its name, the holder's name follows */
    if (t->t1 > t->t0 && ht_xtok_word(&d->x, t->t1 - 1, "bo") && is_cap(d, t->t1 - 1))
        for (size_t c = *j + 1; c + 1 < n; c++) {
            /* the place a name starting with a family name hides ("Nông Lâm Lào") */
            ht_xmatch g = ht_xlex_match(&d->x, c, n, &ht_data_gazetteer, HT_XM_PLACE, NULL, NULL);
            if (!g.ntok || c + g.ntok >= n || strcmp(ht_data_cell(&ht_data_gazetteer, g.row, 1), "country"))
                continue;
            if (name_at(d, c + g.ntok, true) == n) {
                *j = t->t1 = c + g.ntok;
                return n;
            }
            break;
        }
    /* "Chủ tịch Juventus", "Giám đốc Vietcombank": one word after a company's office
     * is the company, unless the document names a person so */
    if (n == *j + 1 && company_office(d, t->t0, t->t1) && !holder_name(d, *j))
        return *j;
    for (size_t k = n > *j + 2 ? n - 2 : *j; k >= *j && n > *j + 2; k--) {
        /* the company word alone when the title took the words before it ("TGĐ
         * Vietnam Airlines Dương Trí Thành") */
        bool company = k == *j ? ht_xcue(d, k, HT_CUE_COMPANY) == 1 && is_cap(d, k)
                               : company_end(d, *j, k + 1);
        if (company && name_at(d, k + 1, false) == n) {
            *j = t->t1 = k + 1;
            break;
        }
        if (k == *j)
            break;
    }
    return n;
}


/* The title at i, whose chain reached a comma at c, is the one met in a phrase that
 * opens the sentence ("Trong buổi tiếp Chủ tịch JICA, Thủ tướng … bày tỏ"): the titles
 * after the comma are another person's, the subject of the sentence, which no comma
 * follows soon ("Tại buổi gặp gỡ với Ủy viên Bộ Chính trị, Bí thư Thành ủy … Nguyễn
 * Thiện Nhân, sáng 21/5, …" is one person still inside the phrase). */
static bool met_before_comma(const ht_xdoc *d, size_t i, size_t c)
{
    static const char *const opens[] = {"Trong", "Tại", "Khi", "Sau", "Trước"};
    static const char *const meet[] = {"tiếp", "gặp", "với", "đón", "hội kiến", "hội đàm"};
    size_t s0, s1;
    ht_xsentence(d, i, &s0, &s1);
    if (i < s0 + 2 || i > s0 + 8 || !ht_xtok_text_in(&d->x, s0, opens, sizeof opens / sizeof *opens))
        return false;
    for (size_t k = s0 + 1; k < i; k++)
        if (ht_xtok_is(&d->x, k, ','))
            return false;
    for (size_t k = c + 1; k < s1 && k <= c + 16; k++)
        if (ht_xtok_is(&d->x, k, ','))
            return false;
    return ht_xtok_text_in(&d->x, i - 1, meet, sizeof meet / sizeof *meet) ||
           (i >= 2 && ht_xtok_text_in(&d->x, i - 2, meet, sizeof meet / sizeof *meet) &&
            !is_word(d, i - 1));
}

/* "cựu Tổng thống", "nguyên Bộ trưởng": the word for a former holder right before the
 * title at t0, in its sentence. */
static bool former_before(const ht_xdoc *d, size_t t0)
{
    static const char *const former[] = {"cựu", "Cựu", "nguyên", "Nguyên"};
    return t0 > 0 && same_sent(d, t0 - 1, t0) &&
           ht_xtok_text_in(&d->x, t0 - 1, former, sizeof former / sizeof *former) &&
           (!is_cap(d, t0 - 1) || (tk(d, t0 - 1)->flags & HT_XT_SENT) || ht_xtok_text(&d->x, t0 - 1, "Cựu"));
}

/* A chain of titles at i ("Phó Bí thư Tỉnh ủy, Chủ tịch Hội …"); after_name: i follows a
 * name with no comma. */
static size_t title_chain_at(ht_xdoc *d, size_t i, ht_xtitle *out, int *nout, bool after_name)
{
    size_t j = i;
    *nout = 0;
    while (*nout < 6) {
        ht_xmatch t = after_name && j == i ? title_after_name(d, j) : title_at(d, j);
        if (!t.ntok)
            break;
        size_t t0 = j, q = j + t.ntok;
        /* "Ủy viên Bộ Chính trị": a body inside the title's own words is the title's */
        for (size_t w = t0; w < q; w++)
            for (int k = d->pm_start[w]; k >= 0; k = d->pm[k].next_start)
                if (d->pm[k].t1 <= q)
                    d->pm[k].in_title = true;
        int pm;
        /* after a rank or a profession, capitalised words before another title are a
         * name ("NSND Hồng Vân, nhạc sĩ …"), not a body */
        size_t e = qualifiers(d, q, &pm, !strcmp(tcell(t.row, T_KIND), "title"));
        if (tcell(t.row, T_QUAL)[0] == '1' && (pm < 0 || d->pm[pm].src != HT_XPM_ORG))
            break; /* "CT" alone is not a title */
        ht_xtitle *ti = &out[(*nout)++];
        ti->t0 = t0;
        ti->w0 = former_before(d, t0) ? t0 - 1 : t0;
        ti->t1 = e;
        ti->pm = pm;
        ti->party = -1;
        ti->foreign = tcell(t.row, T_FOREIGN)[0] == '1';
        j = e;
        if (ht_xtok_is(&d->x, j, ',') && title_at(d, j + 1).ntok && !met_before_comma(d, i, j))
            j++;
        else if (ht_xtok_word(&d->x, j, "kiem") && title_at(d, j + 1).ntok)
            j++;
        else
            break;
    }
    if (*nout) {
        /* the chain ends after its last title */
        j = out[*nout - 1].t1;
    }
    return j;
}

static size_t title_chain(ht_xdoc *d, size_t i, ht_xtitle *out, int *nout)
{
    return title_chain_at(d, i, out, nout, false);
}

void ht_xpeople_scan(ht_xdoc *d)
{
    int appos = -1;      /* a person mention that ", <titles>" may follow */
    size_t appos_end = 0;
    bool appos_glued = false; /* the titles follow the name with no comma ("bà X Ủy viên …") */
    for (size_t i = 0; i < d->x.n && !d->err;) {
        if (d->skip[i]) {
            i++;
            continue;
        }
        bool after_appos = appos >= 0 && i == appos_end + 1 &&
                           (appos_glued || ht_xtok_is(&d->x, appos_end, ',') || ht_xtok_dash(&d->x, appos_end));
        bool glued = after_appos && appos_glued;
        appos_glued = false;
        ht_xtitle titles[6];
        int nt;
        size_t j = title_chain_at(d, i, titles, &nt, glued);
        if (nt) {
            bool abbrev_only = false; /* "Chủ tịch HĐQT CTCP Bia …": no name follows */
            /* "Thủ tướng Anh Theresa May": "Anh", the United Kingdom (or "Nhật", Japan),
             * before a name in Latin letters (no table lists the word alone: it is also
             * a given name) */
            if (j + 1 < d->x.n && (ht_xtok_word(&d->x, j, "anh") || ht_xtok_word(&d->x, j, "nhat")) &&
                is_cap(d, j) && is_cap(d, j + 1) &&
                same_sent(d, j, j + 1) && (tk(d, j + 1)->flags & HT_XT_PLAIN) &&
                !(tk(d, j + 1)->flags & HT_XT_UPPER) && !ht_xtok_syllable(&d->x, j + 1)) {
                j++;
                titles[nt - 1].t1 = j;
            }
            /* "Giám đốc FBI James Comey": an abbreviation no table lists, then the name */
            else if (j + 2 < d->x.n && j == titles[nt - 1].t1 && (tk(d, j)->flags & HT_XT_UPPER) &&
                     tk(d, j)->end - tk(d, j)->start >= 2 && is_cap(d, j + 1) &&
                     !(tk(d, j + 1)->flags & HT_XT_UPPER) && same_sent(d, j, j + 1) &&
                     ht_xplace_at(d, j) < 0 && !lexicon_start(d, j + 1, NULL)) {
                /* a person's name: a family name or a foreign one, two words or more,
                 * and no place in the capitalised words (not "CTCP Bia Sài Gòn") */
                size_t n = name_at(d, j + 1, true);
                bool ok = n > j + 1 && (ht_xsurname_at(d, j + 1) ||
                                        ((tk(d, j + 1)->flags & HT_XT_PLAIN) && !ht_xtok_syllable(&d->x, j + 1)));
                for (size_t t = j + 1; ok && t < j + 8 && t < d->x.n && is_cap(d, t) && same_sent(d, j, t); t++)
                    ok = ht_xplace_at(d, t) < 0 && ht_xpm_at(d, t) < 0;
                j++;
                titles[nt - 1].t1 = j;
                abbrev_only = !ok;
            }
            size_t n1 = abbrev_only ? j : name_after_title(d, &titles[nt - 1], &j);
            /* "…, Đại sứ Italy tại Việt Nam, bà Cecilia Piccioni khẳng định": titles that
             * name their body or place, between the start of a clause and an honorific
             * with a name (not "Tiếp Đại sứ, bà X cho biết") */
            size_t h0 = j + 1;
            ht_xmatch hon = {0, 0, 0};
            if (n1 <= j && !after_appos && titles[nt - 1].pm >= 0 && ht_xtok_is(&d->x, j, ',') &&
                (i == 0 || !same_sent(d, i - 1, i) || ht_xtok_is(&d->x, i - 1, ',') || ht_xtok_is(&d->x, i - 1, ':')) &&
                (hon = honorific_at(d, h0, lim_of(d, h0))).ntok &&
                ht_xplace_at(d, h0) < 0) {
                size_t n2 = name_at(d, h0 + hon.ntok, false);
                if (n2 > h0 + hon.ntok) {
                    ht_xpmen *m = push_men(d, h0 + hon.ntok, n2);
                    if (!m)
                        return;
                    for (int k = 0; k < nt; k++)
                        m->titles[m->ntitles++] = titles[k];
                    appos = -1;
                    i = n2;
                    continue;
                }
            }
            int first_for_new = 0;
            if (after_appos) {
                /* "bà X, T1, T2 Y": T1 is X's, the rest Y's; without Y all are X's */
                ht_xpmen *prev = &d->pmen[appos];
                int give = n1 > j ? (nt > 1 ? 1 : 0) : nt;
                for (int k = 0; k < give && prev->ntitles < 6; k++)
                    prev->titles[prev->ntitles++] = titles[k];
                first_for_new = give;
            }
            appos = -1;
            if (n1 > j && first_for_new <= nt) {
                ht_xpmen *m = push_men(d, j, n1);
                if (!m)
                    return;
                for (int k = first_for_new; k < nt; k++)
                    m->titles[m->ntitles++] = titles[k];
                /* more titles may follow after a comma ("Đại tá X, Chỉ huy trưởng …"),
                 * unless they start a clause ("… X, Thủ tướng nhấn mạnh"): a bare title,
                 * or one naming a place only, before a verb; one that names its body is
                 * X's ("X, Ủy viên Hội đồng Di sản văn hóa quốc gia nhận định") */
                if (n1 < d->x.n && ht_xtok_is(&d->x, n1, ',')) {
                    ht_xtitle tt[6];
                    int ntt = 0;
                    size_t e = title_chain(d, n1 + 1, tt, &ntt);
                    bool body = false;
                    for (int k = 0; k < ntt; k++)
                        body |= tt[k].pm >= 0 && d->pm[tt[k].pm].src == HT_XPM_ORG;
                    /* "X, Viện trưởng …, Bộ trưởng … đều nói": office holders of their own */
                    bool all = e < d->x.n && ht_xtok_text(&d->x, e, "đều");
                    if (ntt && !all && (body || !(e < d->x.n && same_sent(d, n1, e) && is_word(d, e) &&
                                                  ht_xcue(d, e, HT_CUE_STOP)))) {
                        appos = (int)(d->npmen - 1);
                        appos_end = n1;
                    }
                }
                i = n1;
                continue;
            }
            i = j > i ? j : i + 1;
            continue;
        }
        /* honorific and name: "ông Lee Kwang June", "bà H' Yim Kđoh" */
        ht_xmatch h = honorific_at(d, i, lim_of(d, i));
        /* not "Bà Rịa-Vũng Tàu"; not "đàn ông" (men), "Phật Bà" (a statue), nor a
         * heading in capitals ("ÔNG CHỈ LÀ …") */
        static const char *const not_before[] = {"đàn", "Đàn", "Phật", "phật"};
        if (h.ntok && ht_xplace_at(d, i) < 0 &&
            !(i > 0 && same_sent(d, i - 1, i) &&
              ht_xtok_text_in(&d->x, i - 1, not_before, sizeof not_before / sizeof *not_before)) &&
            !((tk(d, i)->flags & HT_XT_UPPER) && tk(d, i)->end - tk(d, i)->start > 1)) {
            size_t n1 = name_at(d, i + h.ntok, false);
            /* "ông Phạm Minh Chính Ủy viên …": a title ("Chính ủy") that a longer one
             * overlaps ("Ủy viên") starts inside the name, whose last word it takes */
            ht_xmatch tg = title_after_name(d, n1), tn = title_after_name(d, n1 + 1);
            if (n1 > i + h.ntok && tg.ntok && tn.ntok && tn.ntok >= tg.ntok && same_sent(d, n1 - 1, n1))
                n1++;
            if (n1 > i + h.ntok) {
                ht_xpmen *m = push_men(d, i + h.ntok, n1);
                if (!m)
                    return;
                /* "ông Trần Văn Tân, Phó Chủ tịch …" or "… Tân - Phó Chủ tịch …" */
                appos = ht_xtok_is(&d->x, n1, ',') || (ht_xtok_dash(&d->x, n1) && (tk(d, n1)->flags & HT_XT_SPACE))
                            ? (int)(d->npmen - 1) : -1;
                appos_end = n1;
                /* "bà Pany Yathotu Ủy viên Bộ Chính trị, …": titles right after the name */
                if (appos < 0 && same_sent(d, n1 - 1, n1) && title_after_name(d, n1).ntok) {
                    appos = (int)(d->npmen - 1);
                    appos_end = n1 - 1;
                    appos_glued = true;
                }
                i = n1;
                continue;
            }
        }
        /* "Nguyễn Văn A, Giám đốc …": a family name, two words or more, then a title
         * (not the name of a place: "Thành phố Hồ Chí Minh, Chủ tịch …") */
        if (ht_xsurname_at(d, i) && (i == 0 || !is_cap(d, i - 1)) && !inside_place(d, i)) {
            size_t n1 = name_at(d, i, true);
            ht_xtitle tt[6];
            int ntt = 0;
            if (n1 > i && ht_xtok_is(&d->x, n1, ',') && title_at(d, n1 + 1).ntok)
                title_chain(d, n1 + 1, tt, &ntt);
            bool qualified = false;
            for (int k = 0; k < ntt; k++)
                qualified |= tt[k].pm >= 0;
            if (qualified) {
                ht_xpmen *m = push_men(d, i, n1);
                if (!m)
                    return;
                appos = (int)(d->npmen - 1);
                appos_end = n1;
                i = n1;
                continue;
            }
        }
        if (!((ht_xtok_is(&d->x, i, ',') || ht_xtok_dash(&d->x, i)) && appos >= 0 && i == appos_end))
            appos = -1;
        i++;
    }
    /* a place inside a person's name is not the place ("Bành Thanh Hoa") */
    for (size_t k = 0; k < d->npmen; k++)
        for (size_t q = 0; q < d->npm; q++)
            if (d->pm[q].src != HT_XPM_ORG && d->pm[q].t0 >= d->pmen[k].n0 &&
                d->pm[q].t1 <= d->pmen[k].n1)
                d->pm[q].dropped = true;
}

/* ---- records ---- */

static char *fold_arena(ht_xdoc *d, const char *s, size_t n)
{
    ht_buf b = {0};
    if (ht_text_fold(s, n, &b)) {
        d->err = HT_ENOMEM;
        return NULL;
    }
    char *r = ht_arena_strndup(d->arena, b.p ? b.p : "", b.n);
    ht_buf_free(&b);
    return r;
}

static size_t syllables(const char *f, const char *sy[16], size_t len[16])
{
    size_t n = 0;
    for (const char *p = f; *p && n < 16;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *q = p;
        while (*q && *q != ' ')
            q++;
        sy[n] = p;
        len[n++] = (size_t)(q - p);
        p = q;
    }
    return n;
}

static bool syl_eq(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn)
        return false;
    for (size_t i = 0; i < an; i++) {
        char x = a[i] == 'y' ? 'i' : a[i], y = b[i] == 'y' ? 'i' : b[i];
        if (x != y)
            return false;
    }
    return true;
}

/* One insertion, deletion or substitution at most. */
static bool one_edit(const char *a, size_t an, const char *b, size_t bn)
{
    if (an > bn + 1 || bn > an + 1)
        return false;
    size_t i = 0, j = 0, edits = 0;
    while (i < an && j < bn) {
        char x = a[i] == 'y' ? 'i' : a[i], y = b[j] == 'y' ? 'i' : b[j];
        if (x == y) {
            i++, j++;
            continue;
        }
        if (++edits > 1)
            return false;
        if (an > bn)
            i++;
        else if (bn > an)
            j++;
        else
            i++, j++;
    }
    edits += (an - i) + (bn - j);
    return edits <= 1;
}

/* The similarity of the file comment, on folded names. */
static bool similar_names(const char *a, const char *b)
{
    const char *sa[16], *sb[16];
    size_t la[16], lb[16];
    size_t na = syllables(a, sa, la), nb = syllables(b, sb, lb);
    if (na != nb || na < 2)
        return false;
    /* "Kuroiwa Yuji" / "Yuji Kuroiwa": the same words in another order */
    bool used[16] = {false}, perm = true;
    for (size_t k = 0; k < na && perm; k++) {
        bool found = false;
        for (size_t q = 0; q < nb && !found; q++)
            if (!used[q] && syl_eq(sa[k], la[k], sb[q], lb[q]))
                found = used[q] = true;
        perm = found;
    }
    if (perm)
        return true;
    size_t equal = 0;
    for (size_t k = 0; k < na; k++) {
        if (syl_eq(sa[k], la[k], sb[k], lb[k]))
            equal++;
        else if (!one_edit(sa[k], la[k], sb[k], lb[k]) || la[k] < 2 || lb[k] < 2 ||
                 sa[k][0] != sb[k][0] || sa[k][1] != sb[k][1])
            return false; /* "lếch"/"lếc" yes, "Bình"/"Minh" no */
    }
    return equal * 2 >= na;
}

static bool push_str(ht_xdoc *d, char ***v, size_t *n, size_t *cap, char *s)
{
    char **slot = HT_XPUSH(*v, *n, *cap);
    if (!slot) {
        d->err = HT_ENOMEM;
        return false;
    }
    *slot = s;
    return true;
}

/* A title already held, or held in a longer form ("Chủ tịch Hội …" within "Chủ
 * tịch Hội …, nước …"); a longer form replaces a shorter one. */
static bool add_title(ht_xdoc *d, ht_xppl *p, char *t)
{
    char *f = fold_arena(d, t, strlen(t));
    if (!f)
        return false;
    size_t fl = strlen(f);
    for (size_t k = 0; k < p->ntitles; k++) {
        char *g = fold_arena(d, p->titles[k], strlen(p->titles[k]));
        if (!g)
            return false;
        size_t gl = strlen(g);
        if (!strncmp(g, f, fl) && (g[fl] == 0 || g[fl] == ' '))
            return true;
        if (!strncmp(f, g, gl) && f[gl] == ' ') {
            p->titles[k] = t;
            return true;
        }
    }
    return push_str(d, &p->titles, &p->ntitles, &p->captitles, t);
}

static bool has_folded(ht_xdoc *d, char **v, size_t n, const char *f)
{
    for (size_t k = 0; k < n; k++) {
        char *g = fold_arena(d, v[k], strlen(v[k]));
        if (g && !strcmp(g, f))
            return true;
    }
    return false;
}

/* A title as written and, when it has short forms ("PCT UBND tỉnh …"), the same
 * written out ("Phó Chủ tịch Ủy ban nhân dân tỉnh …"). */
static void title_strings(ht_xdoc *d, const ht_xtitle *t, char **written, char **full)
{
    *written = ht_xtext_of(d, t->w0, t->t1);
    *full = NULL;
    ht_xmatch m = ht_xlex_match(&d->x, t->t0, t->t1, &ht_data_titles, HT_XM_ACCENT, title_row_ok, NULL);
    const char *tc = m.ntok ? tcell(m.row, T_CANON) : "";
    size_t q = t->t0 + m.ntok;
    ht_xmatch o = ht_xlex_match(&d->x, q, t->t1, &ht_data_org_patterns, HT_XM_ACCENT, NULL, NULL);
    const char *oc = o.ntok ? ht_data_cell(&ht_data_org_patterns, o.row, O_CANON) : "";
    if (!strcmp(oc, "-"))
        oc = "";
    if (!tc[0] && !oc[0])
        return;
    ht_buf b = {0};
    if (t->w0 < t->t0) { /* "cựu", as written */
        ht_buf_append(&b, d->x.text + d->x.t[t->w0].start, d->x.t[t->w0].end - d->x.t[t->w0].start);
        ht_buf_putc(&b, ' ');
    }
    if (tc[0])
        ht_buf_puts(&b, tc);
    else
        ht_buf_append(&b, d->x.text + d->x.t[t->t0].start, d->x.t[q - 1].end - d->x.t[t->t0].start);
    size_t rest = q;
    if (oc[0]) {
        ht_buf_putc(&b, ' ');
        ht_buf_puts(&b, oc);
        rest = q + o.ntok;
    }
    if (rest < t->t1) {
        ht_buf_putc(&b, ' ');
        ht_buf_append(&b, d->x.text + d->x.t[rest].start, d->x.t[t->t1 - 1].end - d->x.t[rest].start);
    }
    *full = ht_arena_strndup(d->arena, b.p ? b.p : "", b.n);
    ht_buf_free(&b);
}

/* The party of a mention's titles: the first that is a locality or stands for one
 * ("Ủy viên Bộ Chính trị, Bí thư Thành ủy TP Hồ Chí Minh": the city), else the first
 * body. */
static int title_party(const ht_xdoc *d, const ht_xpmen *m)
{
    int first = -1;
    for (int k = 0; k < m->ntitles; k++) {
        int pm = m->titles[k].pm;
        if (pm < 0 || d->pm[pm].party < 0 || d->pm[pm].dropped)
            continue;
        int p = ht_xparty_acting(d, d->pm[pm].party);
        if (p >= 0 && strcmp(d->parties[p].kind, "organisation"))
            return p;
        if (first < 0)
            first = p;
    }
    return first;
}

/* "Phó Chủ tịch UBND tỉnh Nguyễn Văn Hòa": a title that ends on the word for a
 * province or a city and names none; the province is the one Vietnamese province the
 * mention's story names, or none (-1). */
static int unnamed_province(const ht_xdoc *d, const ht_xpmen *m)
{
    bool unnamed = false;
    for (int k = 0; k < m->ntitles && !unnamed; k++) {
        size_t e = m->titles[k].t1;
        /* "… tỉnh", "… thành phố", "Bí thư Tỉnh ủy", "Phó Bí thư Thành ủy" */
        unnamed = m->titles[k].pm < 0 && ((e >= 1 && province_word(d, e - 1) == 1) ||
                                          (e >= 2 && province_word(d, e - 2) == 2) ||
                                          (e >= 2 && ht_xtok_word(&d->x, e - 1, "uy") &&
                                           (ht_xtok_word(&d->x, e - 2, "tinh") ||
                                            ht_xtok_word(&d->x, e - 2, "thanh"))));
    }
    if (!unnamed)
        return -1;
    int found = -1;
    for (size_t q = 0; q < d->npm; q++) {
        const ht_xpm *pm = &d->pm[q];
        if (pm->dropped || pm->party < 0 || pm->story != m->story)
            continue;
        const ht_xpr *pr = &d->parties[pm->party];
        if (strcmp(pr->kind, "province") || !pr->country || strcmp(pr->country, "VN"))
            continue;
        if (found >= 0 && found != pm->party)
            return -1; /* two provinces: which one is not said */
        found = pm->party;
    }
    return found;
}

static bool share_title(ht_xdoc *d, const ht_xppl *p, const ht_xpmen *m)
{
    for (int k = 0; k < m->ntitles; k++) {
        char *w, *full;
        title_strings(d, &m->titles[k], &w, &full);
        /* compare the title words only, without the body they name */
        ht_xmatch t = ht_xlex_match(&d->x, m->titles[k].t0, m->titles[k].t1, &ht_data_titles,
                                    HT_XM_ACCENT, title_row_ok, NULL);
        char *tf = fold_arena(d, d->x.text + d->x.t[m->titles[k].t0].start,
                              d->x.t[m->titles[k].t0 + t.ntok - 1].end - d->x.t[m->titles[k].t0].start);
        for (size_t q = 0; tf && q < p->ntitles; q++) {
            char *pf = fold_arena(d, p->titles[q], strlen(p->titles[q]));
            if (pf && !strncmp(pf, tf, strlen(tf)) && (pf[strlen(tf)] == 0 || pf[strlen(tf)] == ' '))
                return true;
        }
    }
    return false;
}

/* Two titles with the same title words ("Đại tá" and "Đại tá Hải quân …"). */
static bool fx_title_word_eq(ht_xdoc *d, const char *a, const char *b)
{
    char *fa = fold_arena(d, a, strlen(a)), *fb = fold_arena(d, b, strlen(b));
    if (!fa || !fb)
        return false;
    size_t la = strlen(fa), lb = strlen(fb);
    size_t n = la < lb ? la : lb;
    return !strncmp(fa, fb, n) && (fa[n] == 0 || fa[n] == ' ') && (fb[n] == 0 || fb[n] == ' ');
}

static void add_span(ht_xdoc *d, ht_xppl *p, ht_span s)
{
    for (size_t k = 0; k < p->nmentions; k++)
        if (p->mentions[k].start == s.start && p->mentions[k].end == s.end)
            return;
    ht_span *slot = HT_XPUSH(p->mentions, p->nmentions, p->capmentions);
    if (!slot) {
        d->err = HT_ENOMEM;
        return;
    }
    *slot = s;
}

static void mark_story(ht_xppl *p, int story)
{
    if (story == 0)
        p->in_article = true;
    else if (story < 32)
        p->stories_lo |= 1u << story;
}

/* How many other names of the document (not merged) end with the whole name of
 * person q, after a space; *only is the last one found. */
static size_t names_ending_with(const ht_xdoc *d, size_t q, size_t *only)
{
    const char *key = d->people[q].key;
    size_t kl = strlen(key), n = 0;
    for (size_t r = 0; r < d->npeople; r++) {
        const ht_xppl *full = &d->people[r];
        size_t fl = strlen(full->key);
        if (r != q && !full->merged && fl > kl + 1 && !strcmp(full->key + fl - kl, key) &&
            full->key[fl - kl - 1] == ' ') {
            n++;
            *only = r;
        }
    }
    return n;
}

/* The first word of person r, who is person q with one word before, is none of q's
 * name: q starts with a family name ("Trần Hữu Sơn" of "Ông Trần Hữu Sơn"); the word is
 * an honorific, a company's or in capitals; or the document writes it more often than
 * r ("Samsung" of "Samsung Lee Kun-hee"). */
static bool word_before_name(const ht_xdoc *d, size_t q, int r)
{
    const ht_xpmen *mq = NULL, *mr = NULL;
    for (size_t k = 0; k < d->npmen; k++) {
        if (!mq && d->pmen[k].person == (int)q)
            mq = &d->pmen[k];
        if (!mr && d->pmen[k].person == r)
            mr = &d->pmen[k];
    }
    if (!mr)
        return false;
    size_t w = mr->n0;
    if (great_family_name(d, w)) /* "Nguyễn Gia Thái Bình" */
        return false;
    if ((mq && ht_xsurname_at(d, mq->n0)) || (!mq && ht_xsurname_at(d, ht_xname_word(d, w))))
        return true;
    if ((tk(d, w)->flags & HT_XT_UPPER) || company_word(d, w) ||
        honorific_at(d, w, ht_xname_word(d, w)).ntok)
        return true;
    size_t uses = 0;
    for (size_t k = 0; k < d->x.n; k++)
        uses += is_cap(d, k) && !strcmp(ht_xtok_fold(&d->x, k), ht_xtok_fold(&d->x, w));
    return uses > d->people[r].nmentions;
}

/* Person q is person r: its mentions (and, with titles, its titles and party) go
 * there. */
static void fold_person(ht_xdoc *d, size_t q, size_t r, bool titles)
{
    ht_xppl *one = &d->people[q], *full = &d->people[r];
    for (size_t m = 0; m < one->nmentions; m++)
        add_span(d, full, one->mentions[m]);
    for (size_t t = 0; titles && t < one->ntitles; t++)
        add_title(d, full, one->titles[t]);
    if (titles && full->party < 0)
        full->party = one->party;
    full->in_article |= one->in_article;
    full->stories_lo |= one->stories_lo;
    for (size_t k = 0; k < d->npmen; k++)
        if (d->pmen[k].person == (int)q)
            d->pmen[k].person = (int)r;
    one->merged = true;
}

void ht_xpeople_build(ht_xdoc *d)
{
    for (size_t k = 0; k < d->npmen && !d->err; k++) {
        ht_xpmen *m = &d->pmen[k];
        const char *s = d->x.text + d->x.t[m->n0].start;
        size_t n = d->x.t[m->n1 - 1].end - d->x.t[m->n0].start;
        char *f = fold_arena(d, s, n);
        if (!f)
            return;
        int party = title_party(d, m);
        if (party < 0)
            party = unnamed_province(d, m);
        int who = -1;
        for (size_t q = 0; q < d->npeople && who < 0; q++)
            if (!strcmp(d->people[q].key, f) || has_folded(d, d->people[q].aliases, d->people[q].naliases, f))
                who = (int)q;
        for (size_t q = 0; q < d->npeople && who < 0; q++) {
            ht_xppl *p = &d->people[q];
            if (similar_names(p->key, f) &&
                (share_title(d, p, m) || (party >= 0 && p->party == party))) {
                who = (int)q;
                if (!push_str(d, &p->aliases, &p->naliases, &p->capaliases, ht_arena_strndup(d->arena, s, n)))
                    return;
            }
        }
        if (who < 0) {
            ht_xppl *p = HT_XPUSH(d->people, d->npeople, d->cappeople);
            if (!p) {
                d->err = HT_ENOMEM;
                return;
            }
            p->name = ht_arena_strndup(d->arena, s, n);
            p->key = f;
            p->party = -1;
            who = (int)(d->npeople - 1);
        }
        ht_xppl *p = &d->people[who];
        m->person = who;
        if (p->party < 0)
            p->party = party;
        mark_story(p, m->story);
        add_span(d, p, ht_xspan(d, m->n0, m->n1));
        for (int t = 0; t < m->ntitles; t++) {
            char *w, *full;
            title_strings(d, &m->titles[t], &w, &full);
            if (w && w[0])
                add_title(d, p, w);
            if (full)
                add_title(d, p, full);
        }
    }
    /* "Đại tá Chien" after "Đại tá Stanfield Chien": a one-word name that is the last
     * or first word of a longer one with a title in common is that person; so is "ông
     * Trump" of the one "Donald Trump" a document names (one-word names are foreign:
     * the family name ends a Western name) */
    for (size_t q = 0; q < d->npeople && !d->err; q++) {
        ht_xppl *one = &d->people[q];
        if (strchr(one->key, ' ') || !one->key[0])
            continue;
        size_t kl = strlen(one->key), only = 0;
        size_t lasts = names_ending_with(d, q, &only);
        for (size_t r = 0; r < d->npeople; r++) {
            ht_xppl *full = &d->people[r];
            size_t fl = strlen(full->key);
            if (r == q || !strchr(full->key, ' ') || fl <= kl)
                continue;
            bool last = !strcmp(full->key + fl - kl, one->key) && full->key[fl - kl - 1] == ' ';
            bool first = !strncmp(full->key, one->key, kl) && full->key[kl] == ' ';
            bool shared = false;
            for (size_t a = 0; a < one->ntitles && !shared; a++)
                for (size_t b = 0; b < full->ntitles && !shared; b++)
                    shared = fx_title_word_eq(d, one->titles[a], full->titles[b]);
            if (!(last || first) ||
                !(shared || (one->party >= 0 && one->party == full->party) || (lasts == 1 && r == only)))
                continue;
            fold_person(d, q, r, false);
            break;
        }
    }
    /* "Ngọc Anh" after "Lưu Ngọc Anh", "Le Pen" after "Marine Le Pen": a name of two
     * words that ends exactly one longer name of the document is that person. Not an
     * alias of it: the registry takes a shared alias for one person across documents,
     * and "Ngọc Anh" ends many names. into[] says where it went, for its later bare
     * mentions. */
    int *into = malloc((d->npeople + 1) * sizeof *into);
    if (!into) {
        d->err = HT_ENOMEM;
        return;
    }
    for (size_t q = 0; q < d->npeople; q++)
        into[q] = -1;
    for (size_t q = 0; q < d->npeople && !d->err; q++) {
        ht_xppl *two = &d->people[q];
        const char *sp = strchr(two->key, ' ');
        if (two->merged || !sp || strchr(sp + 1, ' '))
            continue;
        size_t only = 0;
        if (names_ending_with(d, q, &only) != 1)
            continue;
        fold_person(d, q, only, true);
        into[q] = (int)only;
    }
    /* "Esteban Lazo Hernández" after "Juan Esteban Lazo Hernandez": a name of three
     * words or more that ends exactly one longer name by one word is that person, and
     * one of its names (few people share three words); unless the word before it is
     * none of the name ("Ông Trần Hữu Sơn", "VPBank Ngô Chí Dũng", "Samsung Lee
     * Kun-hee"): then the longer one is the shorter */
    for (size_t q = 0; q < d->npeople && !d->err; q++) {
        ht_xppl *three = &d->people[q];
        const char *sp = strchr(three->key, ' ');
        if (three->merged || !sp || !strchr(sp + 1, ' '))
            continue;
        size_t only = 0;
        if (names_ending_with(d, q, &only) != 1)
            continue;
        ht_xppl *full = &d->people[only];
        size_t extra = strlen(full->key) - strlen(three->key) - 1;
        if (memchr(full->key, ' ', extra))
            continue; /* two words or more before it */
        if (word_before_name(d, q, (int)only)) {
            fold_person(d, only, q, true);
            into[only] = (int)q;
            continue;
        }
        if (!has_folded(d, full->aliases, full->naliases, three->key) &&
            !push_str(d, &full->aliases, &full->naliases, &full->capaliases, three->name))
            break;
        fold_person(d, q, only, true);
        into[q] = (int)only;
    }
    /* later bare mentions of a known name ("… Vưu Quyền bày tỏ") */
    for (size_t i = 0; i < d->x.n && !d->err; i++) {
        if (d->skip[i] || !is_cap(d, i) || (i > 0 && is_cap(d, i - 1) && same_sent(d, i - 1, i)))
            continue;
        size_t e = name_at(d, i, true);
        if (e <= i)
            continue;
        const char *s = d->x.text + d->x.t[i].start;
        char *f = fold_arena(d, s, d->x.t[e - 1].end - d->x.t[i].start);
        for (size_t q = 0; f && q < d->npeople; q++) {
            ht_xppl *p = &d->people[q];
            if (!strcmp(p->key, f) || has_folded(d, p->aliases, p->naliases, f)) {
                size_t w = q;
                if (p->merged) {
                    if (into[q] < 0)
                        continue;
                    w = (size_t)into[q];
                    p = &d->people[w];
                }
                add_span(d, p, ht_xspan(d, i, e));
                mark_story(p, d->story[i]);
                ht_xpmen *m = push_men(d, i, e);
                if (m) {
                    m = &d->pmen[d->npmen - 1];
                    m->person = (int)w;
                }
                break;
            }
        }
    }
    free(into);
}
