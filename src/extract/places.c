/* Places and organisations: gazetteer matching (longest run of folded syllables,
 * word-aligned, capitals of the entry required), foreign localities no table lists
 * ("tỉnh Gangwon (Hàn Quốc)"), organisations named after a place ("UBND tỉnh Kon
 * Tum"), and the party records they make. */
#include "xdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { G_ID = 0, G_KIND, G_COUNTRY, G_PARENT, G_NAME_VI };
enum { O_HEAD = 0, O_CANON, O_REPRESENTS, O_LIST, O_BARE, O_NATIONAL, O_NUMBERED };

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

static const char *gcell(int row, int col) { return ht_data_cell(&ht_data_gazetteer, (size_t)row, (size_t)col); }

static bool is_country_row(int row) { return !strcmp(gcell(row, G_KIND), "country"); }

/* A family name starts at i: one of the table, or any capitalised word before a
 * capitalised "Thị" and a given name ("Tòng Thị Phóng"). */
bool ht_xsurname_at(const ht_xdoc *d, size_t i)
{
    if (!is_cap(d, i))
        return false;
    if (ht_xlex_match(&d->x, i, d->x.n, &ht_data_surnames, HT_XM_ACCENT, NULL, NULL).ntok > 0)
        return true;
    return i + 2 < d->x.n && same_sent(d, i, i + 2) && is_cap(d, i + 2) &&
           ht_xtok_text(&d->x, i + 1, "Th\xe1\xbb\x8b"); /* "Thị" */
}

size_t ht_xname_word(const ht_xdoc *d, size_t i)
{
    size_t j = i + 1;
    while (j < d->x.n && same_sent(d, i, j) && tk(d, j)->kind == HT_TOK_PUNCT &&
           !(tk(d, j)->flags & HT_XT_SPACE)) {
        const char *s = d->x.text + tk(d, j)->start;
        size_t n = tk(d, j)->end - tk(d, j)->start;
        bool apos = (n == 1 && *s == '\'') || (n == 3 && !memcmp(s, "\xE2\x80\x99", 3));
        bool hyph = n == 1 && *s == '-';
        if (apos) {
            j++; /* "H' Yim": the apostrophe closes the word */
            if (j < d->x.n && is_word(d, j) && !(tk(d, j)->flags & HT_XT_SPACE))
                j++;
            continue;
        }
        /* not "Phạm Văn Mưới-Phó Giám đốc …": a title glued after a hyphen */
        if (hyph && j + 1 < d->x.n && is_word(d, j + 1) && !(tk(d, j + 1)->flags & HT_XT_SPACE) &&
            !(is_cap(d, j + 1) &&
              ht_xlex_match(&d->x, j + 1, d->x.n, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL).ntok >= 2)) {
            j += 2;
            continue;
        }
        break;
    }
    return j;
}

/* A cue of this kind ends right before token i ("thành phố" before "Hà Nội"). */
static bool cue_ending(const ht_xdoc *d, size_t i, const char *kind)
{
    for (size_t back = 1; back <= 3 && back <= i; back++) {
        size_t s = i - back;
        if (!same_sent(d, s, i))
            break;
        ht_xmatch m = ht_xlex_match(&d->x, s, i, &ht_data_cues, HT_XM_ACCENT, ht_xrow_kind, kind);
        if (m.ntok == back)
            return true;
    }
    return false;
}

/* A blocker phrase ends right before token i: the place there is part of a name. */
static bool blocked(const ht_xdoc *d, size_t i) { return cue_ending(d, i, "blocker"); }

/* A mark that may stand inside a person's name, right after a word: "Nguyễn V. Hùng",
 * "Lê-Văn". A comma ends the name ("Hà Nội, thành phố Huế"). */
static bool name_mark(const ht_xdoc *d, size_t k)
{
    const ht_xtok *t = tk(d, k);
    return t->kind == HT_TOK_PUNCT && !(t->flags & HT_XT_SPACE) && t->end - t->start == 1 &&
           strchr(".-'", d->x.text[t->start]) != NULL;
}

bool ht_xroyal(const ht_xdoc *d, size_t i)
{
    return ht_xtok_word(&d->x, i, "hoang") && ht_xtok_word(&d->x, i + 1, "gia");
}

/* The place at i continues a capitalised run that a family name starts: a person. */
static bool inside_name(const ht_xdoc *d, size_t i)
{
    size_t r = i;
    while (r > 0 && same_sent(d, r - 1, i) &&
           (is_cap(d, r - 1) || (name_mark(d, r - 1) && r >= 2 && is_cap(d, r - 2))))
        r--;
    while (r < i && !is_word(d, r))
        r++;
    if (r + 2 == i && ht_xroyal(d, r))
        return false;
    return r < i && ht_xsurname_at(d, r);
}

static bool lexicon_word(const ht_xdoc *d, size_t i);
static bool title_ending(const ht_xdoc *d, size_t i);

/* "Hiệp Đức" (a district) is not "Đức" (Germany): a capitalised word of the same
 * name before the match, that is neither the sentence's first word, an abbreviation
 * ("UBND") nor a word of the lexicons ("Tại", "Tỉnh"), makes it part of a longer
 * name. */
static bool name_before(const ht_xdoc *d, size_t i)
{
    if (i == 0 || !same_sent(d, i - 1, i) || !is_cap(d, i - 1) || (tk(d, i)->flags & HT_XT_SENT))
        return false;
    size_t p = i - 1;
    if ((tk(d, p)->flags & (HT_XT_SENT | HT_XT_UPPER)))
        return false;
    if (lexicon_word(d, p) || ht_xcue(d, p, HT_CUE_PLACE) || ht_xcue(d, p, HT_CUE_DAY) || ht_xcue(d, p, HT_CUE_STOP))
        return false;
    if (p > 0 && ht_xroyal(d, p - 1))
        return false;
    /* "Đặc phái viên Tổng Thống Hàn Quốc": the end of a title, not of a name */
    for (size_t back = 1; back <= 4 && back <= i; back++)
        if (same_sent(d, i - back, i) &&
            ht_xlex_match(&d->x, i - back, i, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL).ntok == back)
            return false;
    for (int k = d->pm_end[i]; k >= 0; k = d->pm[k].next_end)
        if (!d->pm[k].dropped && d->pm[k].src != HT_XPM_UNKNOWN)
            return false;
    return true;
}

static int push_pm(ht_xdoc *d, ht_xpm m)
{
    ht_xpm *p = HT_XPUSH(d->pm, d->npm, d->cappm);
    if (!p) {
        d->err = HT_ENOMEM;
        return -1;
    }
    m.party = -1;
    if (m.src != HT_XPM_ORG)
        m.alias_of = -1;
    int k = (int)(d->npm - 1);
    m.next_start = d->pm_start[m.t0];
    d->pm_start[m.t0] = k;
    m.next_end = d->pm_end[m.t1];
    d->pm_end[m.t1] = k;
    *p = m;
    return k;
}

static size_t sent_end(const ht_xdoc *d, size_t i)
{
    size_t s0, s1;
    ht_xsentence(d, i, &s0, &s1);
    return s1;
}

static ht_xmatch gaz_at(const ht_xdoc *d, size_t i)
{
    return ht_xlex_match(&d->x, i, sent_end(d, i), &ht_data_gazetteer, HT_XM_PLACE, NULL, NULL);
}

/* "Mỹ Đức", "Đức Thọ", "Ý Yên": a one-word country followed by a capitalised
 * Vietnamese syllable that no table knows starts a local name. Not after a title,
 * where the holder's name follows ("Thủ tướng Lào Thoong-lun"), nor before a
 * hyphenated word. */
static bool local_name_after(const ht_xdoc *d, size_t i, size_t ntok)
{
    size_t j = i + ntok;
    if (ntok != 1 || !ht_xtok_syllable(&d->x, i) || !is_cap(d, j) || !same_sent(d, i, j) || (tk(d, j)->flags & HT_XT_UPPER) ||
        !ht_xtok_syllable(&d->x, j) || ht_xname_word(d, j) != j + 1 || ht_xsurname_at(d, j) ||
        lexicon_word(d, j) || title_ending(d, i))
        return false;
    ht_xmatch g = gaz_at(d, j);
    return !g.ntok || is_country_row((int)g.row);
}

/* "Chủ tịch Hà Nội Nguyễn Đức Chung": after "Chủ tịch", a place (n tokens at i) that
 * names no person of history ("Chủ tịch Hồ Chí Minh") is the one the title holds. */
static bool holder_of(const ht_xdoc *d, size_t i, size_t n)
{
    return i >= 2 && ht_xtok_word(&d->x, i - 2, "chu") && ht_xtok_word(&d->x, i - 1, "tich") &&
           is_cap(d, i - 2) &&
           ht_xlex_match(&d->x, i, i + n, &ht_data_history, HT_XM_ACCENT, NULL, NULL).ntok != n;
}

static bool lexicon_word(const ht_xdoc *d, size_t i)
{
    size_t lim = sent_end(d, i);
    return ht_xlex_match(&d->x, i, lim, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL).ntok ||
           ht_xlex_match(&d->x, i, lim, &ht_data_org_patterns, HT_XM_ACCENT, NULL, NULL).ntok ||
           ht_xcue(d, i, HT_CUE_ADMIN) || ht_xcue(d, i, HT_CUE_COUNTRY);
}

/* "quận Hai Bà Trưng": a capitalised "Bà" or "Ông" inside a place's name, before a
 * word that starts no person's name. */
static bool honorific_in_name(const ht_xdoc *d, size_t i)
{
    ht_xmatch t = ht_xlex_match(&d->x, i, i + 1, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL);
    return t.ntok == 1 && !strcmp(ht_data_cell(&ht_data_titles, t.row, 2), "honorific") &&
           is_cap(d, i + 1) && same_sent(d, i, i + 1) && !ht_xsurname_at(d, i + 1);
}

/* A title ends within the six tokens before i, in its sentence: a person's name may
 * follow what comes at i ("Thống đốc tỉnh Fukuoka Ogawa Hiroshi"). */
static bool title_ending(const ht_xdoc *d, size_t i)
{
    for (size_t back = 1; back <= 6 && back <= i; back++)
        if (same_sent(d, i - back, i) &&
            ht_xlex_match(&d->x, i - back, i, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL).ntok)
            return true;
    return false;
}

/* After a title and an administrative word at i, the capitalised run at j is a local
 * name of two words or more and then the holder's full name: the first family name
 * at the run's third word or later ("Gia Lâm Nguyễn Ngọc Thuần": not "Lâm"), three or
 * four words to the run's end, and no middle name ("Văn", "Thị") before it. Returns
 * where the holder's name starts, or 0. */
static size_t local_before_holder(const ht_xdoc *d, size_t i, size_t j)
{
    if (!title_ending(d, i))
        return 0;
    size_t k = ht_xname_word(d, j), w = 1;
    while (is_cap(d, k) && same_sent(d, j, k) && (w < 2 || !ht_xsurname_at(d, k))) {
        if (ht_xtok_word(&d->x, k, "van") || ht_xtok_word(&d->x, k, "thi"))
            return 0;
        k = ht_xname_word(d, k);
        w++;
    }
    if (!is_cap(d, k) || !same_sent(d, j, k))
        return 0;
    size_t words = 0;
    for (size_t q = k; is_cap(d, q) && same_sent(d, j, q) && words < 6; q = ht_xname_word(d, q))
        words++;
    return words >= 3 && words <= 4 ? k : 0;
}

/* The token after "(Country)" at i, 0 when no country's name is in brackets there. */
static size_t country_in_brackets(const ht_xdoc *d, size_t i)
{
    if (i + 2 >= d->x.n || !ht_xtok_is(&d->x, i, '('))
        return 0;
    ht_xmatch g = gaz_at(d, i + 1);
    if (!g.ntok || !is_country_row((int)g.row) || !ht_xtok_is(&d->x, i + 1 + g.ntok, ')'))
        return 0;
    return i + 2 + g.ntok;
}

/* "tỉnh Gangwon", "bang Virginia": an administrative word and a capitalised name no
 * table lists. */
static size_t unknown_after_admin(ht_xdoc *d, size_t i, size_t c)
{
    size_t j = i + c;
    if (!is_cap(d, j) || !same_sent(d, i, j) || d->skip[j])
        return 0;
    /* "Bản Ghi nhớ": a kind of agreement, not a village ("bản") named Ghi */
    if (ht_xlex_match(&d->x, i, sent_end(d, i), &ht_data_agreement_kinds, HT_XM_ACCENT, NULL, NULL).ntok > c)
        return 0;
    /* nor the second syllable of a word: "phiên bản S" (a version), "kịch bản The
     * Hangover" (a script), "bà xã Julie" (a wife) */
    static const char *const before_ban[] = {"phiên", "kịch", "văn", "nguyên", "cơ", "tái", "xuất", "ấn", "bài"};
    static const char *const before_xa[] = {"bà", "ông"};
    if (c == 1 && i > 0 && same_sent(d, i - 1, i) &&
        ((ht_xtok_text(&d->x, i, "bản") &&
          ht_xtok_text_in(&d->x, i - 1, before_ban, sizeof before_ban / sizeof *before_ban)) ||
         (ht_xtok_text(&d->x, i, "xã") &&
          ht_xtok_text_in(&d->x, i - 1, before_xa, sizeof before_xa / sizeof *before_xa))))
        return 0;
    /* "huyện Mỹ Đức", "huyện Anh Sơn": a local name may start with a country's
     * name, never a place after an administrative word */
    ht_xmatch g0 = gaz_at(d, j);
    if (g0.ntok && !(is_country_row((int)g0.row) && g0.ntok == 1 && ht_xtok_syllable(&d->x, j) &&
                     is_cap(d, j + 1) && same_sent(d, j, j + 1)))
        return 0;
    const ht_data_key *k = NULL;
    ht_xmatch am = ht_xlex_match(&d->x, i, j, &ht_data_cues, HT_XM_ACCENT, ht_xrow_kind, "admin");
    if (am.ntok)
        k = &ht_data_cues.keys[am.key];
    /* "UBND tỉnh Hoàng Minh Đức": a person's name follows, not a place; unless a
     * holder's full name follows a local name ("Chủ tịch UBND huyện Châu Thành Lê Văn
     * Khoa") */
    if (ht_xsurname_at(d, j) && is_cap(d, ht_xname_word(d, j)) && same_sent(d, j, ht_xname_word(d, j)) &&
        !local_before_holder(d, i, j))
        return 0;
    /* after a title a name may follow the place ("Thống đốc tỉnh Fukuoka Ogawa
     * Hiroshi"): foreign places are one word, Sino-Vietnamese ones two */
    bool title_before = title_ending(d, i);
    size_t words = 0, ends[5];
    bool plain = true, honorific = false;
    size_t e = j;
    while (words < 5 && is_cap(d, e) && same_sent(d, j, e) && !d->skip[e]) {
        /* a country name may end a local one ("huyện Hiệp Đức"), a province may not */
        ht_xmatch g = words ? gaz_at(d, e) : (ht_xmatch){0, 0, 0};
        bool hon = words && honorific_in_name(d, e);
        if (words && ((title_before && ht_xsurname_at(d, e)) || (lexicon_word(d, e) && !hon) ||
                      (g.ntok && !is_country_row((int)g.row))))
            break;
        honorific |= hon;
        if (!(tk(d, e)->flags & HT_XT_PLAIN))
            plain = false;
        e = ht_xname_word(d, e);
        ends[words++] = e;
    }
    if (!words)
        return 0;
    if (words >= 3 && title_before && !honorific)
        e = ends[plain && !ht_xcue(d, j, HT_CUE_PLACEWORD) ? 0 : 1];
    ht_xpm m = {0};
    m.t0 = j;
    m.t1 = e;
    m.src = HT_XPM_UNKNOWN;
    m.place = -1;
    m.story = d->story[j];
    m.gaz_row = -1;
    m.admin = k ? ht_data_cell(&ht_data_cues, k->row, 2) : "province";
    push_pm(d, m);
    /* "hai thành phố Milan (Italy) và Kosice (Slovakia)": a second name of the same kind,
     * its country in brackets too */
    size_t a = country_in_brackets(d, e);
    if (a && a + 1 < d->x.n && (ht_xtok_word(&d->x, a, "va") || ht_xtok_is(&d->x, a, ',')) &&
        same_sent(d, i, a + 1)) {
        size_t q = a + 1, words2 = 0;
        while (words2 < 3 && is_cap(d, q) && same_sent(d, a, q) && !d->skip[q] && !lexicon_word(d, q) &&
               !gaz_at(d, q).ntok) {
            q = ht_xname_word(d, q);
            words2++;
        }
        if (words2 && q > a + 1 && country_in_brackets(d, q)) {
            m.t0 = a + 1;
            m.t1 = q;
            m.story = d->story[a + 1];
            push_pm(d, m); /* the scan goes on after the first name: the countries are places */
        }
    }
    return e;
}

void ht_xplaces_scan(ht_xdoc *d)
{
    for (size_t i = 0; i < d->x.n && !d->err;) {
        if (d->skip[i] || !is_word(d, i)) {
            i++;
            continue;
        }
        ht_xmatch m = gaz_at(d, i);
        size_t np = m.ntok ? ht_xcue(d, i, HT_CUE_NOTPLACE) : 0;
        if (np >= m.ntok && np) {
            i += np; /* "Thái Bình Dương" */
            continue;
        }
        if (m.ntok) {
            bool drop = (i > 0 && !is_country_row((int)m.row) && blocked(d, i) &&
                         !cue_ending(d, i, "admin") && !holder_of(d, i, m.ntok)) ||
                        inside_name(d, i) || name_before(d, i) ||
                        (is_country_row((int)m.row) && local_name_after(d, i, m.ntok));
            /* "Hà Nội" inside "Giải thưởng Hà Nội Mới": a match must end a word run
             * unless the entry is a country or the text goes on in lower case */
            if (!drop) {
                ht_xpm p = {0};
                p.t0 = i;
                p.t1 = i + m.ntok;
                p.src = HT_XPM_GAZ;
                p.gaz_row = (int)m.row;
                p.place = -1;
                p.story = d->story[i];
                push_pm(d, p);
            }
            i += m.ntok;
            continue;
        }
        size_t c = ht_xcue(d, i, HT_CUE_ADMIN);
        if (c) {
            size_t e = unknown_after_admin(d, i, c);
            i = e > i ? e : i + c;
            continue;
        }
        i++;
    }
}

int ht_xpm_at(const ht_xdoc *d, size_t i)
{
    int best = -1;
    if (i >= d->x.n)
        return -1;
    for (int k = d->pm_start[i]; k >= 0; k = d->pm[k].next_start)
        if (!d->pm[k].dropped && (best < 0 || d->pm[k].t1 > d->pm[best].t1 ||
                                  (d->pm[k].t1 == d->pm[best].t1 && k < best)))
            best = k;
    return best;
}

int ht_xplace_at(const ht_xdoc *d, size_t i)
{
    int first = -1;
    if (i >= d->x.n)
        return -1;
    for (int k = d->pm_start[i]; k >= 0; k = d->pm[k].next_start)
        if (!d->pm[k].dropped && d->pm[k].src != HT_XPM_ORG)
            first = k; /* the lists run newest first: keep the oldest */
    return first;
}

int ht_xplace_ending(const ht_xdoc *d, size_t i)
{
    int first = -1;
    if (i > d->x.n)
        return -1;
    for (int k = d->pm_end[i]; k >= 0; k = d->pm[k].next_end)
        if (!d->pm[k].dropped && d->pm[k].src != HT_XPM_ORG)
            first = k;
    return first;
}

static bool pm_is_country(const ht_xdoc *d, int k)
{
    return d->pm[k].src == HT_XPM_GAZ && is_country_row(d->pm[k].gaz_row);
}

/* A country's name starts at token k, before lim. */
static bool country_at(const ht_xdoc *d, size_t k, size_t lim)
{
    int q = k < lim ? ht_xplace_at(d, k) : -1;
    return q >= 0 && pm_is_country(d, q);
}

static const char *ocell(size_t row, int col) { return ht_data_cell(&ht_data_org_patterns, row, (size_t)col); }

/* A word that ends names (a stop or "ends" cue) as the second syllable of a word of a
 * body's name: "việc làm" (employment), "nước ngoài" (foreign), "thiết bị" (equipment),
 * "tự do" (freedom), "tiếp nhận", "chứng nhận", "xác nhận", "công nhận". */
static bool second_syllable(const ht_xdoc *d, size_t i)
{
    static const char *const words[][2] = {{"viec", "lam"}, {"nuoc", "ngoai"}, {"thiet", "bi"},
                                           {"tu", "do"},     {"tiep", "nhan"}, {"chung", "nhan"},
                                           {"xac", "nhan"},  {"cong", "nhan"}};
    return i > 0 && !(tk(d, i - 1)->flags & HT_XT_PLAIN) &&
           ht_xtok_pair_in(&d->x, i - 1, words, sizeof words / sizeof *words);
}

static bool is_stop(const ht_xdoc *d, size_t i)
{
    /* "Bộ GD&ĐT không cho phép", "Hội Gióng không còn": "không" (not), but not the
     * "không" of the air or of space ("Cục Hàng không", "Phòng không", "trên không",
     * "không quân", "không gian", "không khí", "không phận", "không lưu") */
    static const char *const air_before[] = {"hang", "phong", "tren"};
    static const char *const air_after[] = {"quan", "gian", "khi", "phan", "luu"};
    if (ht_xtok_text(&d->x, i, "không") &&
        !(i > 0 && ht_xtok_word_in(&d->x, i - 1, air_before, sizeof air_before / sizeof *air_before)) &&
        !ht_xtok_word_in(&d->x, i + 1, air_after, sizeof air_after / sizeof *air_after))
        return true;
    /* "Công ty Dừa Phú Quới ở tỉnh Bến Tre", "Đại học Phục Đán ở Thượng Hải": "ở" (at),
     * but not that of housing ("Cục Quản lý nhà ở") */
    if (ht_xtok_text(&d->x, i, "ở") && !(i > 0 && ht_xtok_word(&d->x, i - 1, "nha")))
        return true;
    if (second_syllable(d, i))
        return false;
    return ht_xcue(d, i, HT_CUE_STOP) || ht_xcue(d, i, HT_CUE_ENDS) || ht_xcue(d, i, HT_CUE_INTENT) ||
           ht_xlex_match(&d->x, i, sent_end(d, i), &ht_data_triggers, HT_XM_ACCENT, NULL, NULL).ntok;
}

static bool org_head_ok(const ht_data_table *t, size_t row, const void *ud)
{
    (void)ud;
    return strcmp(ht_data_cell(t, row, O_CANON), "-") != 0;
}

/* The head h of an organisation's name at i again at j ("Bộ … và Bộ …"). */
static bool same_head(const ht_xdoc *d, ht_xmatch h, size_t j, size_t lim)
{
    ht_xmatch m = ht_xlex_match(&d->x, j, lim, &ht_data_org_patterns, HT_XM_ACCENT, org_head_ok, NULL);
    return m.ntok && m.row == h.row;
}

/* The number of a unit right after a head that takes one ("Quân khu 4", "Hạm đội 7",
 * "Vùng 3"): a number of three digits at most, after a space, ending the head at j
 * (the head starts at most four words before it). */
static bool unit_number(const ht_xdoc *d, size_t i, size_t j)
{
    int nd;
    if (ht_xtok_int(&d->x, j, &nd) < 0 || nd > 3 || !(tk(d, j)->flags & HT_XT_SPACE) ||
        tk(d, j)->block != tk(d, i)->block)
        return false;
    /* not a part of a longer number or of a date ("4.000", "7/5") */
    if (j + 2 < d->x.n && !(tk(d, j + 1)->flags & HT_XT_SPACE) && tk(d, j + 2)->kind == HT_TOK_NUM)
        return false;
    for (size_t s = j > i + 4 ? j - 4 : i; s < j; s++) {
        ht_xmatch m = ht_xlex_match(&d->x, s, j, &ht_data_org_patterns, HT_XM_ACCENT, NULL, NULL);
        if (m.ntok == j - s && ocell(m.row, O_NUMBERED)[0] != '0')
            return true;
    }
    return false;
}

/* Does a title start at one of the n words from j ("Tư lệnh" in "Bộ Tư lệnh")? */
static bool holds_title(const ht_xdoc *d, size_t j, size_t n, size_t lim)
{
    for (size_t q = j; q < j + n; q++)
        if (ht_xlex_match(&d->x, q, lim, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL).ntok)
            return true;
    return false;
}

/* Does the ministry's field of a row follow the head ud ("Bộ", "Sở")? */
static bool field_of_head(const ht_data_table *t, size_t row, const void *ud)
{
    const char *heads = ht_data_cell(t, row, 1), *hw = ud;
    size_t n = strlen(hw);
    for (const char *p = heads; *p; p += strcspn(p, "|"), p += *p == '|')
        if (!strncmp(p, hw, n) && (p[n] == '|' || !p[n]))
            return true;
    return false;
}

/* The end of the field of a ministry or a department right after its head, which
 * ends at j ("Bộ Tài chính", "Sở Ngoại vụ"), or 0 when none is there. */
static size_t field_end(const ht_xdoc *d, ht_xmatch head, size_t j, size_t lim)
{
    ht_xmatch m = ht_xlex_match(&d->x, j, lim, &ht_data_ministries, HT_XM_ACCENT, field_of_head,
                                ocell(head.row, O_HEAD));
    return m.ntok ? j + m.ntok : 0;
}

/* A word of one letter ("Q", "Ư"). */
static bool one_letter(const ht_xdoc *d, size_t i)
{
    if (!is_word(d, i))
        return false;
    uint32_t cp;
    size_t n = tk(d, i)->end - tk(d, i)->start;
    return ht_utf8_decode((const unsigned char *)d->x.text + tk(d, i)->start, n, &cp) == n;
}

int ht_xorg_at(ht_xdoc *d, size_t i, bool in_title, size_t *end)
{
    *end = i;
    if (!is_cap(d, i) || d->skip[i])
        return -1;
    size_t lim = sent_end(d, i);
    ht_xmatch any = ht_xlex_match(&d->x, i, lim, &ht_data_org_patterns, HT_XM_ACCENT, NULL, NULL);
    if (!any.ntok || !strcmp(ocell(any.row, O_CANON), "-"))
        return -1;
    /* "Bắc Bộ", "Trung Bộ", "Nam Bộ": a region, not a ministry ("Bắc Bộ Nhiều mây"), but
     * not after "Việt Nam" ("Việt Nam Bộ Ngoại giao") */
    if (any.ntok == 1 && !strcmp(ocell(any.row, O_HEAD), "Bộ") && i > 0 &&
        tk(d, i - 1)->block == tk(d, i)->block &&
        (ht_xtok_text(&d->x, i - 1, "Bắc") || ht_xtok_text(&d->x, i - 1, "Trung") ||
         (ht_xtok_text(&d->x, i - 1, "Nam") && !(i > 1 && ht_xtok_word(&d->x, i - 2, "viet")))))
        return -1;
    /* "Tây Ban Nha": a head inside a country's name is none */
    for (size_t back = 1; back <= 2 && back <= i; back++) {
        ht_xmatch g = same_sent(d, i - back, i) ? gaz_at(d, i - back) : (ht_xmatch){0, 0, 0};
        if (g.ntok > back && is_country_row((int)g.row))
            return -1;
    }
    ht_xmatch h = any;
    bool list = ocell(h.row, O_LIST)[0] == '1';
    /* "Liên Hợp Quốc", "Điện Kremlin": the head is the whole name, a party alone */
    bool whole = ocell(h.row, O_BARE)[0] == '2';
    bool bare = whole || ocell(h.row, O_BARE)[0] == '1';
    size_t j = i + h.ntok, name = 0;
    if (whole)
        lim = j;
    /* "Vùng 3 Hải quân": a head that makes a name only with its number */
    if (ocell(h.row, O_NUMBERED)[0] == '2' && (j >= lim || !unit_number(d, i, j)))
        return -1;
    /* schools and hospitals are named after people ("Trường THPT Phan Đình Phùng",
     * "Bệnh viện Nguyễn Tri Phương"): a person's name right after the head, or after
     * its abbreviations, is the body's name; "proper" counts the name words that are
     * not abbreviations */
    static const char *const person_heads[] = {"Trường", "Bệnh viện", "Học viện", "Đại học"};
    const char *hw = ocell(h.row, O_HEAD);
    bool after_person = false;
    for (size_t k = 0; k < sizeof person_heads / sizeof *person_heads; k++)
        after_person |= !strncmp(hw, person_heads[k], strlen(person_heads[k]));
    size_t proper = 0, person = 0; /* words of such a name still to read */
    int place = -1, inner = -1; /* the country named inside, when only one is */
    bool countries = false;   /* more than one country inside */
    const char *country = NULL;
    int lc = 0;
    bool last_cap_viet = false;
    /* where the field of a ministry or a department ends: the name's, or that of one
     * inside it ("Cơ quan CSĐT Bộ Công an") */
    size_t fend = field_end(d, h, j, lim);
    while (j < lim && !d->skip[j]) {
        /* the head of another body at j, looked up once for the rules below */
        ht_xmatch here = ht_xlex_match(&d->x, j, lim, &ht_data_org_patterns, HT_XM_ACCENT,
                                       org_head_ok, NULL);
        if (here.ntok && is_cap(d, j)) {
            /* … not undone by a head that is a word of the field ("Bộ Công an") */
            size_t f2 = field_end(d, here, j + here.ntok, lim);
            if (f2 || !(fend && j < fend))
                fend = f2;
        }
        /* a numbered unit inside the name ("Bộ Tư lệnh Vùng Cảnh sát biển 2"), not the
         * region of a place ("vùng Kaluga") */
        if (j > i && here.ntok && ocell(here.row, O_NUMBERED)[0] != '0' && j + here.ntok < lim &&
            unit_number(d, i, j + here.ntok)) {
            j += here.ntok + 1;
            name++;
            lc = 0;
            last_cap_viet = false;
            continue;
        }
        int pk = ht_xplace_at(d, j);
        if (pk >= 0) {
            if (pm_is_country(d, pk)) {
                name++;
                proper++;
                if (inner >= 0 && strcmp(gcell(d->pm[pk].gaz_row, G_ID), gcell(d->pm[inner].gaz_row, G_ID)))
                    countries = true;
                inner = pk;
                j = d->pm[pk].t1;
                lc = 0;
                last_cap_viet = false;
                /* "Chủ tịch Quốc hội Cu Ba Juan Esteban Lazo": after a title, the
                 * holder's name follows the country */
                if (is_cap(d, j) && same_sent(d, i, j) && ht_xplace_at(d, j) < 0 &&
                    (in_title || title_ending(d, i)))
                    break;
                /* "… của Quốc hội Lào Bunpon Xỉxụlạt trình bày": a name of two words
                 * or more that a family name or a foreign word starts, after the
                 * country, is a person's (not "Việt Nam Thái Nguyên", a place) */
                if (is_cap(d, j) && same_sent(d, i, j) && ht_xplace_at(d, j) < 0 &&
                    !ht_xlex_match(&d->x, j, lim, &ht_data_org_patterns, HT_XM_ACCENT, NULL, NULL).ntok &&
                    (ht_xsurname_at(d, j) || ((tk(d, j)->flags & HT_XT_PLAIN) && !(tk(d, j)->flags & HT_XT_UPPER) &&
                                              !ht_xtok_syllable(&d->x, j))) &&
                    is_cap(d, ht_xname_word(d, j)) && same_sent(d, j, ht_xname_word(d, j)) &&
                    ht_xplace_at(d, ht_xname_word(d, j)) < 0)
                    break;
                continue;
            }
            place = pk;
            j = d->pm[pk].t1;
            break;
        }
        /* "Lữ đoàn Cơ giới Độc lập số 5": "số" before the number of a unit */
        bool so = ocell(h.row, O_NUMBERED)[0] != '0' && name && ht_xtok_text(&d->x, j, "số") &&
                  j + 1 < lim && tk(d, j + 1)->kind == HT_TOK_NUM &&
                  tk(d, j + 1)->end - tk(d, j + 1)->start <= 3;
        if (so || unit_number(d, i, j)) { /* "Quân khu 4", "Ban nhạc Hạm đội 7" */
            j += so ? 2 : 1;
            name++;
            lc = 0;
            last_cap_viet = false;
            continue;
        }
        size_t ac = ht_xcue(d, j, HT_CUE_ADMIN);
        /* "Bộ Nông nghiệp và Phát triển nông thôn Hà Công Tuấn": an admin word that
         * ends the field of the ministry is a word of it */
        if (ac && fend && j + ac == fend) {
            j = fend;
            lc = 0;
            continue;
        }
        /* "UBND TP. Osaka": the abbreviation's dot */
        if (ac && j + ac + 1 < lim && ht_xtok_is(&d->x, j + ac, '.') &&
            !(tk(d, j + ac)->flags & HT_XT_SPACE) && ht_xplace_at(d, j + ac + 1) >= 0)
            ac++;
        /* "Sở Lao động-Thương binh và Xã hội", "Phát triển nông thôn": an
         * administrative word with no name after it is a word of the name; "PCT UBND
         * tỉnh": in a title it names the province of the story */
        if (ac && !is_cap(d, j + ac) && ht_xplace_at(d, j + ac) < 0) {
            if (in_title && (!is_word(d, j + ac) || is_stop(d, j + ac))) {
                j += ac;
                break;
            }
            ac = 0;
        }
        if (ac) {
            int pk2 = ht_xplace_at(d, j + ac);
            /* "Quốc hội Cộng hòa Liên bang Myanmar": a country after the word */
            if (pk2 >= 0 && pm_is_country(d, pk2) && name) {
                j += ac;
                continue;
            }
            if (pk2 >= 0 && !pm_is_country(d, pk2)) {
                place = pk2;
                j = d->pm[pk2].t1;
                break;
            }
            /* a domestic unit no table lists ("huyện Ba Vì"): part of the name; a
             * family name there starts a person ("UBND tỉnh Hoàng Minh Đức"), unless
             * a local name comes before the holder's ("UBND huyện Châu Thành Lê Văn
             * Khoa") */
            if (ht_xsurname_at(d, j + ac)) {
                size_t hold = local_before_holder(d, j, j + ac);
                if (hold && (name || bare)) {
                    j = hold;
                    name++;
                }
                break;
            }
            /* … and so does a local name of words no family name starts ("UBND huyện
             * Phù Mỹ Hà Ngọc Tân") */
            size_t hold = local_before_holder(d, j, j + ac);
            if (hold && (name || bare)) {
                j = hold;
                name++;
                break;
            }
            size_t e = j + ac, w = 0;
            while (w < 3 && is_cap(d, e) && e < lim) {
                e = ht_xname_word(d, e);
                w++;
            }
            if (w && (name || bare)) {
                j = e;
                name++;
            }
            break;
        }
        if (is_cap(d, j)) {
            /* "Bộ Công Thương Theo …", "Viện Dinh dưỡng Theo", "Bộ Xây dựng Ngày …": a
             * word that opens a sentence, glued to the name where a stop was lost (not
             * "Theo dõi", monitoring: "Sáng kiến Theo dõi Tình hình …") */
            static const char *const opens[] = {"Theo", "Tại", "Ngày", "Chiều", "Trưa", "Hôm",
                                                "Dù",   "Tuy", "Nhưng", "Khi",  "Nếu"};
            if (name && ht_xtok_text_in(&d->x, j, opens, sizeof opens / sizeof *opens) &&
                !(tk(d, j)->flags & HT_XT_SENT) && !ht_xtok_word(&d->x, j + 1, "doi"))
                break;
            /* a person's name follows the organisation ("Tỉnh ủy Vưu Quyền"); not
             * "Dương" ending an ocean's name ("Tổ chức Hiệp ước Bắc Đại Tây Dương") */
            bool ocean = ht_xtok_word(&d->x, j, "duong") && name && is_cap(d, j - 1) &&
                         !is_cap(d, ht_xname_word(d, j));
            /* "Trường Giang" alone is a man, not a school: the head "Trường" needs
             * a word of its kind first ("Trường THPT") */
            if (after_person && !proper && !person && ht_xsurname_at(d, j) &&
                (name || h.ntok > 1) && is_cap(d, ht_xname_word(d, j)))
                person = 4;
            /* … and a holder's name may follow it ("Bệnh viện Bạch Mai Nguyễn Quốc Anh") */
            if (ht_xsurname_at(d, j) && !ocean && is_cap(d, ht_xname_word(d, j)) && (!person || person <= 2) &&
                !here.ntok)
                break;
            /* "Văn phòng Bộ Tư lệnh Quân khu 5": the head of a body inside the name whose
             * words hold a title ("Tư lệnh") goes on with it, when it may stand before a
             * place */
            if (here.ntok > 1 && ocell(here.row, O_BARE)[0] == '1' &&
                (j == i + h.ntok || (name && is_cap(d, j - 1) && !(tk(d, j - 1)->flags & HT_XT_UPPER))) &&
                holds_title(d, j, here.ntok, lim)) {
                j += here.ntok;
                name++;
                lc = 0;
                last_cap_viet = false;
                continue;
            }
            if (ht_xlex_match(&d->x, j, lim, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL).ntok)
                break;
            /* "Chủ tịch Quốc hội Pany Yathotou": after a title, a foreign name right
             * after a head that stands alone is the holder's (not one letter: "Giám
             * đốc Bệnh viện K") */
            if (!name && bare && (tk(d, j)->flags & HT_XT_PLAIN) && !(tk(d, j)->flags & HT_XT_UPPER) &&
                tk(d, j)->end - tk(d, j)->start > 1 && !ht_xtok_syllable(&d->x, j) &&
                (in_title || title_ending(d, i)))
                break;
            /* "Du lịch", "Y tế", "Trung ương" go on in lower case; "Hyosung đầu tư", "Jue
             * trình" not */
            last_cap_viet = !(tk(d, j)->flags & HT_XT_PLAIN) || ht_xtok_syllable(&d->x, j);
            if (tk(d, j)->flags & HT_XT_UPPER)
                last_cap_viet = false;
            else
                proper++;
            /* no lower-case word goes on after a person's name ("… Phan Đình Phùng
             * nơi xảy ra") */
            if (person) {
                last_cap_viet = false;
                person--;
            }
            j = ht_xname_word(d, j);
            /* "KH&ĐT"; "T.Ư" (Trung ương), "Q.1", "Q.Cầu Giấy" (quận): a letter and a
             * dot touching the next word */
            while (j + 1 < lim && tk(d, j)->kind == HT_TOK_PUNCT && !(tk(d, j)->flags & HT_XT_SPACE) &&
                   !(tk(d, j + 1)->flags & HT_XT_SPACE) &&
                   (d->x.text[tk(d, j)->start] == '&' ||
                    (d->x.text[tk(d, j)->start] == '.' && tk(d, j)->end - tk(d, j)->start == 1 &&
                     one_letter(d, j - 1) && (is_cap(d, j + 1) || tk(d, j + 1)->kind == HT_TOK_NUM))))
                j += 2;
            name++;
            lc = 0;
            continue;
        }
        /* "Ban quản lý dự án cao tốc Cam Lâm", "Ban quản lý các khu công nghiệp tỉnh
         * Bình Dương": right after "Ban Quản lý" (a board), words in lower case up to
         * a place or a capitalised word are the name */
        if (!name && j == i + h.ntok && !strcmp(hw, "Ban Quản lý") && is_word(d, j)) {
            size_t k = j;
            while (k < j + 10 && k < lim && is_word(d, k) && !is_cap(d, k) &&
                   (!is_stop(d, k) || ht_xtok_text(&d->x, k, "các") || ht_xtok_text(&d->x, k, "và")))
                k++;
            if (k > j && k < lim && is_cap(d, k) && same_sent(d, j, k) && !ht_xtok_text(&d->x, k - 1, "và")) {
                /* a place ends the name; a capitalised word is one of it */
                name += ht_xplace_at(d, k) >= 0;
                j = k;
                continue;
            }
        }
        if (is_word(d, j)) {
            /* "Bộ Tài chính tham mưu": a word in lower case after a ministry's field
             * is not the ministry's, unless a country's ministry goes on to its
             * country ("Bộ Y tế công cộng Lào"); "Sở Y tế tỉnh" names the province of
             * the story */
            if (j == fend && !ht_xcue(d, j, HT_CUE_ADMIN)) {
                size_t k = j;
                while (k < j + 3 && k < lim && is_word(d, k) && !is_cap(d, k) && !is_stop(d, k))
                    k++;
                if (k == j || !country_at(d, k, lim))
                    break;
            }
            /* "… Nghệ thuật biểu diễn", "… khí tượng thủy văn quốc gia": a word of
             * data/org_words.tsv, whole; after it only another such word goes on in
             * lower case ("… biểu diễn nghiêm túc" is the sentence's) */
            size_t ow = name && last_cap_viet
                            ? ht_xlex_match(&d->x, j, lim, &ht_data_org_words, HT_XM_ACCENT, NULL, NULL).ntok
                            : 0;
            if (ow) {
                j += ow;
                lc = 3;
                /* … and the body it belongs to is one of its own ("Tổng cục Thi hành án
                 * dân sự Bộ Tư pháp", "Cục Y tế dự phòng- Bộ Y tế") */
                size_t nx = j < lim && ht_xtok_dash(&d->x, j) ? j + 1 : j;
                if (nx < lim && is_cap(d, nx) &&
                    ht_xlex_match(&d->x, nx, lim, &ht_data_org_patterns, HT_XM_ACCENT, org_head_ok, NULL).ntok)
                    break;
                continue;
            }
            /* "Văn hóa", "Khu kinh tế": lower-case syllables after a capitalised one */
            if (name && lc < 3 && last_cap_viet && !is_stop(d, j)) {
                j++;
                lc++;
                continue;
            }
            /* "Ngân hàng Phát triển kinh tế quốc tế Nga": a longer run in lower case when
             * the body's country ends it; "Công ty TNHH Dịch vụ thương mại tin học
             * Shinhan": or a foreign word, its own name, that nothing capitalised follows */
            if (name && lc == 3 && last_cap_viet) {
                size_t k = j;
                while (k < j + 2 && k < lim && is_word(d, k) && !is_cap(d, k) && !is_stop(d, k))
                    k++;
                if (k > j && country_at(d, k, lim)) {
                    j = k;
                    continue;
                }
                size_t after = k < lim ? ht_xname_word(d, k) : k;
                if (k > j && k < lim && ht_xplace_at(d, k) < 0 && is_cap(d, k) && (tk(d, k)->flags & HT_XT_PLAIN) &&
                    !(tk(d, k)->flags & HT_XT_UPPER) && !ht_xtok_syllable(&d->x, k) && ht_xpm_at(d, k) < 0 &&
                    !(after < lim && is_cap(d, after) && same_sent(d, k, after))) {
                    j = k;
                    continue;
                }
            }
            /* "Thăm dò và Khai thác ExxonMobil": "và" joins two words of one name,
             * not two bodies ("UBND tỉnh A và UBND tỉnh B"); in a name that holds a
             * list, not before its own head again ("Bộ Quốc phòng Việt Nam và Bộ
             * Quốc phòng Trung Quốc"); nor after a name that ended with its country
             * ("Đảng Nhân dân Cách mạng Campuchia và Chính phủ Vương quốc Campuchia") */
            bool after_country = inner >= 0 && j == d->pm[inner].t1;
            if (ht_xtok_word(&d->x, j, "va") && name && is_cap(d, j + 1) && !after_country &&
                ((list && !same_head(d, h, j + 1, lim)) || (!ht_xlex_match(&d->x, j + 1, lim, &ht_data_org_patterns, HT_XM_ACCENT, org_head_ok, NULL).ntok &&
                          !ht_xlex_match(&d->x, j + 1, lim, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL).ntok &&
                          !ht_xsurname_at(d, j + 1) && ht_xplace_at(d, j + 1) < 0))) {
                j++;
                continue;
            }
            /* "Thăm dò và khai thác Dầu khí ExxonMobil": the same between two words of
             * activity written in lower case, before the name goes on; "Viện Công nghệ và
             * công nghiệp môi trường Hàn Quốc": or before the body's country, after up to
             * four such syllables */
            if (ht_xtok_word(&d->x, j, "va") && name && !list && is_word(d, j - 1) && !is_cap(d, j - 1)) {
                size_t k = j + 1, w = 0;
                while (w < 4 && k < lim && is_word(d, k) && !is_cap(d, k) && !is_stop(d, k) &&
                       !ht_xcue(d, k, HT_CUE_FIELD) &&
                       !(ht_xtok_word(&d->x, k, "lanh") && ht_xtok_word(&d->x, k + 1, "dao")) &&
                       !ht_xlex_match(&d->x, k, lim, &ht_data_org_patterns, HT_XM_ACCENT, NULL, NULL).ntok &&
                       !ht_xlex_match(&d->x, k, lim, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL).ntok)
                    k++, w++;
                if (w && w <= 2 && is_cap(d, k) && k < lim &&
                    !ht_xlex_match(&d->x, k, lim, &ht_data_org_patterns, HT_XM_ACCENT, org_head_ok, NULL).ntok &&
                    !ht_xlex_match(&d->x, k, lim, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL).ntok &&
                    !ht_xsurname_at(d, k) && ht_xplace_at(d, k) < 0) {
                    j = k;
                    continue;
                }
                if (w && country_at(d, k, lim)) {
                    j = k;
                    continue;
                }
            }
            /* "Ban điều phối Dự án …", "Trung tâm giảm thiểu Carbon": lower-case words
             * right after the head when a capitalised name follows */
            if (!name && lc == 0 && !is_stop(d, j) && ocell(h.row, O_NUMBERED)[0] == '0') {
                size_t k = j, w = 0;
                bool at = false; /* "Bệnh viện ở Ấn Độ" */
                while (w < 4 && is_word(d, k) && !is_cap(d, k) && !is_stop(d, k)) {
                    at |= ht_xcue(d, k, HT_CUE_PLACE) > 0;
                    k++, w++;
                }
                int kp = w && is_cap(d, k) && same_sent(d, j, k) ? ht_xplace_at(d, k) : -2;
                /* … or the body's country ("Hội Hữu nghị đối ngoại nhân dân Trung Quốc") */
                if (kp == -1 || (kp >= 0 && pm_is_country(d, kp) && bare && !at)) {
                    j = k;
                    continue;
                }
            }
            break;
        }
        /* "Ban Chỉ đạo phòng, chống thiên tai": the comma of "phòng, chống" */
        if (ht_xtok_is(&d->x, j, ',') && name && ht_xtok_word(&d->x, j - 1, "phong") &&
            ht_xtok_word(&d->x, j + 1, "chong") && j + 2 < lim) {
            j += 2;
            lc = 0;
            continue;
        }
        if ((ht_xtok_dash(&d->x, j) || ht_xtok_is(&d->x, j, '&')) && name && j + 1 < lim &&
            (is_cap(d, j + 1))) {
            j++; /* "Việt Nam – Lào", "Hand & Hand" */
            continue;
        }
        /* "Bộ Văn hóa, Thể thao và Du lịch": a comma inside a name that holds a list,
         * not after a field already whole ("Bộ Tài chính, Thông tư …"), nor after the
         * country the name ended with, nor before a foreign name ("Bộ Ngoại giao Đức,
         * Martin Schaefer") */
        if (ht_xtok_is(&d->x, j, ',') && list && name && is_cap(d, j + 1) && !(fend && j >= fend) &&
            !(inner >= 0 && j == d->pm[inner].t1) &&
            !((tk(d, j + 1)->flags & HT_XT_PLAIN) && !(tk(d, j + 1)->flags & HT_XT_UPPER) &&
              !ht_xtok_syllable(&d->x, j + 1)) &&
            !ht_xlex_match(&d->x, j + 1, lim, &ht_data_org_patterns, HT_XM_ACCENT, org_head_ok, NULL).ntok &&
            !ht_xlex_match(&d->x, j + 1, lim, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL).ntok &&
            ht_xplace_at(d, j + 1) < 0) {
            j++;
            continue;
        }
        break;
    }
    /* never ends on "và" or "hay" ("Cục Hải quan hay không"), nor on "hiện" after a
     * capitalised word ("… Hồng Bàng hiện không"; not "phát hiện"),
     * nor on the comma of a list that did not go on ("Theo Bộ Công an, Ngô Minh Hiếu
     * …"), nor on a dash or "&" whose second name did not follow ("Hội Kiến trúc sư
     * Việt Nam - …") */
    while (j > i + h.ntok && ((is_word(d, j - 1) && !is_cap(d, j - 1) &&
                               (((ht_xcue(d, j - 1, HT_CUE_STOP) || ht_xcue(d, j - 1, HT_CUE_ENDS)) &&
                                 !second_syllable(d, j - 1)) ||
                                ht_xtok_word(&d->x, j - 1, "hay") ||
                                (ht_xtok_word(&d->x, j - 1, "hien") && is_cap(d, j - 2)))) ||
                              ht_xtok_is(&d->x, j - 1, ',') || ht_xtok_dash(&d->x, j - 1) ||
                              ht_xtok_is(&d->x, j - 1, '&')))
        j--;
    *end = j;
    if (!name && place < 0 && !whole)
        return -1; /* "Tỉnh ủy" alone: a title's body, not a party */
    /* "Trường Chinh", "Trường Sa", "Trường Giang": a school has a kind or a name of two
     * words ("Trường Đại học …", "Trường Lê Quý Đôn"); one syllable after "Trường" is a
     * name of its own */
    if (place < 0 && name == 1 && h.ntok == 1 && ht_xtok_word(&d->x, i, "truong") &&
        ht_xtok_syllable(&d->x, i + 1))
        return -1;
    if (!bare && !name)
        return -1;
    /* "(Hàn Quốc)" right after */
    if (j + 2 < d->x.n && ht_xtok_is(&d->x, j, '(')) {
        int pk = ht_xplace_at(d, j + 1);
        if (pk >= 0 && pm_is_country(d, pk) && ht_xtok_is(&d->x, d->pm[pk].t1, ')'))
            country = gcell(d->pm[pk].gaz_row, G_ID);
    }
    /* "Tập đoàn Hyosung của Hàn Quốc" */
    if (!country && place < 0 && j + 1 < d->x.n && ht_xtok_text(&d->x, j, "của") && same_sent(d, j, j + 1)) {
        int pk = ht_xplace_at(d, j + 1);
        if (pk >= 0 && pm_is_country(d, pk))
            country = gcell(d->pm[pk].gaz_row, G_ID);
    }
    /* "Quốc hội Cu Ba", "Đại sứ quán Nga": the one country in the name of a body that
     * stands for its locality, or of a mission, is the body's ("Hội hữu nghị Việt Nam –
     * Lào" has two) */
    if (!country && place < 0 && inner >= 0 && !countries &&
        (ocell(h.row, O_REPRESENTS)[0] == '1' || ocell(h.row, O_NATIONAL)[0] == '1'))
        country = gcell(d->pm[inner].gaz_row, G_ID);
    ht_xpm m = {0};
    m.t0 = i;
    m.t1 = j;
    m.src = HT_XPM_ORG;
    m.place = place;
    m.org_row = (int)h.row;
    m.gaz_row = -1;
    m.story = d->story[i];
    m.country = country;
    m.in_title = in_title;
    m.alias_of = -1;
    return push_pm(d, m);
}

/* A word that can stand for an organisation on its own: an acronym ("KOICA"), or a
 * longer foreign word ("Oxford"). A capitalised Vietnamese syllable ("Anh", "Ảnh",
 * "Trung") is a common word at the start of a sentence or a caption, and a country in
 * brackets: taken as the short name, every such word would become a mention. */
static bool own_name(const ht_xdoc *d, size_t i)
{
    const ht_xtok *t = tk(d, i);
    return (t->flags & HT_XT_UPPER) ||
           ((t->flags & HT_XT_PLAIN) && t->end - t->start > 4 && !ht_xtok_syllable(&d->x, i));
}

static size_t place_through(const ht_xdoc *d, size_t i);

/* The short name of an organisation: "Tập đoàn BRG" -> "BRG", "… Nhật Bản (JIFA)"
 * -> "JIFA", "Hãng Hàng không Quốc gia Việt Nam (Vietnam Airlines)" -> "Vietnam
 * Airlines"; its first token, or -1, and *len its tokens. */
static long short_name(const ht_xdoc *d, const ht_xpm *m, size_t *len)
{
    size_t j = m->t1, cb = m->country ? country_in_brackets(d, j) : 0;
    *len = 1;
    if (cb)
        j = cb; /* "(Hàn Quốc)" comes first */
    if (j + 2 < d->x.n && ht_xtok_is(&d->x, j, '(') && is_cap(d, j + 1) && ht_xtok_is(&d->x, j + 2, ')') &&
        ht_xplace_at(d, j + 1) < 0 && own_name(d, j + 1))
        return (long)(j + 1);
    /* two or three capitalised words without marks, one of them a foreign word that
     * names no place ("Vietnam Airlines") */
    if (j + 3 < d->x.n && ht_xtok_is(&d->x, j, '(')) {
        size_t k = j + 1;
        bool foreign = false;
        while (k < j + 4 && is_cap(d, k) && (tk(d, k)->flags & HT_XT_PLAIN)) {
            foreign |= !ht_xtok_syllable(&d->x, k) && ht_xplace_at(d, k) < 0 && place_through(d, k) == 0;
            k++;
        }
        if (k >= j + 3 && foreign && ht_xtok_is(&d->x, k, ')')) {
            *len = k - j - 1;
            return (long)(j + 1);
        }
    }
    size_t hn = ht_xlex_match(&d->x, m->t0, m->t1, &ht_data_org_patterns, HT_XM_ACCENT, NULL, NULL).ntok;
    size_t n0 = m->t0 + hn;
    if (m->place < 0 && n0 + 1 == m->t1 && is_cap(d, n0) && own_name(d, n0) && !ht_xcue(d, n0, HT_CUE_ADMIN))
        return (long)n0;
    return -1;
}

/* The end of a place that started before i and goes on past it ("Tây Ban Nha" at
 * "Ban"), or 0. */
static size_t place_through(const ht_xdoc *d, size_t i)
{
    for (size_t b = 1; b <= 8 && b <= i; b++)
        for (int q = d->pm_start[i - b]; q >= 0; q = d->pm[q].next_start)
            if (!d->pm[q].dropped && d->pm[q].src != HT_XPM_ORG && d->pm[q].t1 > i)
                return d->pm[q].t1;
    return 0;
}

/* The places of the gazetteer inside [a, e), a body's short name of several words,
 * are the name's ("Vietnam" of "Vietnam Airlines"): dropped. */
static void drop_places_inside(ht_xdoc *d, size_t a, size_t e)
{
    for (size_t w = a; w < e; w++)
        for (int q = d->pm_start[w]; q >= 0; q = d->pm[q].next_start)
            if (!d->pm[q].dropped && d->pm[q].t1 <= e && d->pm[q].src == HT_XPM_GAZ)
                d->pm[q].dropped = true;
}

void ht_xorgs_scan(ht_xdoc *d)
{
    for (size_t i = 0; i < d->x.n && !d->err;) {
        size_t end, through = place_through(d, i);
        if (through) {
            i = through; /* no body starts inside a place's name */
            continue;
        }
        int k = ht_xorg_at(d, i, false, &end);
        if (k >= 0) {
            /* "Hội An" is a city, not a "Hội" (association) named An, nor is "Hội An
             * vui chơi" one: a place from the head's first word over the head */
            int pl = ht_xplace_at(d, i);
            if (pl >= 0 && (end <= d->pm[pl].t1 ||
                            (d->pm[pl].src == HT_XPM_GAZ && !is_cap(d, d->pm[pl].t1) &&
                             d->pm[pl].t1 >= i + ht_xlex_match(&d->x, i, end, &ht_data_org_patterns,
                                                               HT_XM_ACCENT, NULL, NULL).ntok)))
                d->pm[k].dropped = true;
            i = end;
            continue;
        }
        i++;
    }
    /* later mentions by the short name */
    size_t n0 = d->npm;
    for (size_t k = 0; k < n0 && !d->err; k++) {
        if (d->pm[k].src != HT_XPM_ORG || d->pm[k].dropped)
            continue;
        size_t len;
        long sn = short_name(d, &d->pm[k], &len);
        if (sn < 0)
            continue;
        const char *f = ht_xtok_fold(&d->x, (size_t)sn);
        if (len > 1)
            drop_places_inside(d, (size_t)sn, (size_t)sn + len);
        for (size_t i = 0; i + len <= d->x.n; i++) {
            if ((long)i == sn || d->skip[i] || !is_cap(d, i) || strcmp(ht_xtok_fold(&d->x, i), f))
                continue;
            size_t w = 1;
            while (w < len && !d->skip[i + w] && same_sent(d, i, i + w) &&
                   !strcmp(ht_xtok_fold(&d->x, i + w), ht_xtok_fold(&d->x, (size_t)sn + w)))
                w++;
            if (w < len)
                continue;
            bool inside = false;
            size_t e = i + len;
            /* mentions are short: look back a few tokens for one covering i; a place
             * inside a name of several words is the name's ("Vietnam" of "Vietnam
             * Airlines") */
            for (size_t b = 0; b <= 12 && b <= i && !inside; b++)
                for (int q = d->pm_start[i - b]; q >= 0 && !inside; q = d->pm[q].next_start)
                    inside = !d->pm[q].dropped && d->pm[q].t1 > i &&
                             !(len > 1 && b == 0 && d->pm[q].t1 <= e && d->pm[q].src == HT_XPM_GAZ);
            if (inside || (e < d->x.n && is_cap(d, e) && same_sent(d, i, e) && !ht_xsurname_at(d, e)))
                continue;
            if (len > 1)
                drop_places_inside(d, i, e);
            ht_xpm m = d->pm[k];
            m.t0 = i;
            m.t1 = e;
            m.in_title = false;
            m.story = d->story[i];
            int idx = push_pm(d, m);
            if (idx >= 0)
                d->pm[idx].alias_of = (int)k;
        }
    }
}

/* ---- party records ---- */

static char *fold_dup(ht_xdoc *d, const char *s, size_t n)
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

static int find_party(const ht_xdoc *d, const char *key)
{
    for (size_t k = 0; k < d->nparties; k++)
        if (!strcmp(d->parties[k].key, key))
            return (int)k;
    return -1;
}

static void add_alias(ht_xdoc *d, ht_xpr *p, const char *s, size_t n)
{
    char *f = fold_dup(d, s, n);
    if (!f)
        return;
    char *nf = fold_dup(d, p->name, strlen(p->name));
    if (!nf || !strcmp(f, nf))
        return;
    for (size_t k = 0; k < p->naliases; k++) {
        char *af = fold_dup(d, p->aliases[k], strlen(p->aliases[k]));
        if (af && !strcmp(af, f))
            return;
    }
    char **slot = HT_XPUSH(p->aliases, p->naliases, p->capaliases);
    if (!slot) {
        d->err = HT_ENOMEM;
        return;
    }
    *slot = ht_arena_strndup(d->arena, s, n);
}

static void add_mention(ht_xdoc *d, ht_xpr *p, size_t t0, size_t t1)
{
    ht_span *s = HT_XPUSH(p->mentions, p->nmentions, p->capmentions);
    if (!s) {
        d->err = HT_ENOMEM;
        return;
    }
    *s = ht_xspan(d, t0, t1);
}

static int new_party(ht_xdoc *d, const char *key)
{
    ht_xpr *p = HT_XPUSH(d->parties, d->nparties, d->capparties);
    if (!p) {
        d->err = HT_ENOMEM;
        return -1;
    }
    p->key = ht_xstrdup(d, key);
    p->gaz_row = -1;
    p->parent_party = -1;
    p->confidence = 1.0;
    return (int)(d->nparties - 1);
}

static int gaz_party(ht_xdoc *d, int row)
{
    const char *id = gcell(row, G_ID);
    int k = find_party(d, id);
    if (k >= 0)
        return k;
    k = new_party(d, id);
    if (k < 0)
        return -1;
    ht_xpr *p = &d->parties[k];
    p->id = ht_xstrdup(d, id);
    p->name = ht_xstrdup(d, gcell(row, G_NAME_VI));
    p->kind = ht_xstrdup(d, gcell(row, G_KIND));
    p->country = gcell(row, G_COUNTRY)[0] ? ht_xstrdup(d, gcell(row, G_COUNTRY)) : NULL;
    p->parent = gcell(row, G_PARENT)[0] ? ht_xstrdup(d, gcell(row, G_PARENT)) : NULL;
    p->gaz_row = row;
    return k;
}

static const char *country_of_pm(const ht_xdoc *d, int k)
{
    if (k < 0)
        return NULL;
    const ht_xpm *m = &d->pm[k];
    if (m->src == HT_XPM_GAZ)
        return gcell(m->gaz_row, G_COUNTRY);
    return m->country;
}

/* The country of an unknown locality: "(Hàn Quốc)", ", Liên bang Nga", ", tỉnh X"
 * right after it; else the one foreign country of its sentence, else of its story. */
static const char *unknown_country(ht_xdoc *d, ht_xpm *m, int *parent_pm, double *conf,
                                   bool *explicit_)
{
    size_t j = m->t1;
    *parent_pm = -1;
    *conf = 0.7;
    *explicit_ = true;
    if (j < d->x.n && (ht_xtok_is(&d->x, j, '(') || ht_xtok_is(&d->x, j, ',')))
        j++;
    size_t cc = ht_xcue(d, j, HT_CUE_COUNTRY);
    if (!cc)
        cc = ht_xcue(d, j, HT_CUE_ADMIN);
    if (!cc && ht_xtok_word(&d->x, j, "cua"))
        cc = 1;
    int pk = ht_xplace_at(d, j + cc);
    if (pk < 0)
        pk = ht_xplace_at(d, j);
    if (pk >= 0 && same_sent(d, m->t0, d->pm[pk].t0) && d->pm[pk].src == HT_XPM_GAZ) {
        if (!pm_is_country(d, pk))
            *parent_pm = pk;
        return country_of_pm(d, pk);
    }
    /* the one country of its sentence; for a name in Latin letters ("Gangwon"), the
     * one foreign country of its story */
    bool latin = true;
    for (size_t t = m->t0; t < m->t1; t++)
        if (!(tk(d, t)->flags & HT_XT_PLAIN) && tk(d, t)->kind == HT_TOK_WORD)
            latin = false;
    *explicit_ = false;
    /* a name in Vietnamese letters ("Chương Mỹ", "Phúc Châu") takes a country only
     * from what is written beside it */
    for (int pass = 0; latin && pass < 2; pass++) {
        const char *only = NULL;
        bool many = false;
        for (size_t k = 0; k < d->npm; k++) {
            const ht_xpm *o = &d->pm[k];
            if (o->dropped || o->src != HT_XPM_GAZ || o->story != m->story)
                continue;
            if (pass == 0 && !same_sent(d, o->t0, m->t0))
                continue;
            const char *c = gcell(o->gaz_row, G_COUNTRY);
            if (pass == 1 && !strcmp(c, "VN"))
                continue;
            if (only && strcmp(only, c))
                many = true;
            only = c;
        }
        if (only && !many) {
            *conf = pass == 0 ? 0.6 : 0.5;
            return only;
        }
    }
    return NULL;
}

/* "Thống đốc tỉnh Fukuoka": the office of a foreign locality names it. */
static bool after_foreign_title(const ht_xdoc *d, const ht_xpm *m)
{
    for (size_t back = 2; back <= 6 && back <= m->t0; back++) {
        size_t s = m->t0 - back;
        if (!same_sent(d, s, m->t0))
            break;
        ht_xmatch t = ht_xlex_match(&d->x, s, m->t0, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL);
        if (t.ntok && ht_data_cell(&ht_data_titles, t.row, 3)[0] == '1')
            return true;
    }
    return false;
}

static bool same_name(const ht_xdoc *d, const ht_xpm *a, size_t t0, size_t t1)
{
    size_t i = a->t0, j = t0;
    for (;;) {
        while (i < a->t1 && tk(d, i)->kind == HT_TOK_PUNCT)
            i++;
        while (j < t1 && tk(d, j)->kind == HT_TOK_PUNCT)
            j++;
        if (i >= a->t1 || j >= t1)
            return i >= a->t1 && j >= t1;
        if (strcmp(ht_xtok_fold(&d->x, i), ht_xtok_fold(&d->x, j)))
            return false;
        i++, j++;
    }
}

void ht_xplaces_resolve(ht_xdoc *d)
{
    size_t n0 = d->npm;
    for (size_t k = 0; k < n0; k++) {
        ht_xpm *m = &d->pm[k];
        if (m->src != HT_XPM_UNKNOWN)
            continue;
        int parent;
        double conf;
        bool expl;
        const char *c = unknown_country(d, m, &parent, &conf, &expl);
        bool keep = (c && (expl || strcmp(c, "VN"))) || after_foreign_title(d, m);
        m->country = c;
        m->place = parent;
        m->conf = conf;
        m->dropped = !keep;
    }
    /* a name kept once is kept everywhere, with the same country */
    for (size_t k = 0; k < n0; k++) {
        ht_xpm *m = &d->pm[k];
        if (m->src != HT_XPM_UNKNOWN || !m->dropped)
            continue;
        for (size_t q = 0; q < n0; q++) {
            const ht_xpm *o = &d->pm[q];
            if (o->src == HT_XPM_UNKNOWN && !o->dropped && o->story == m->story &&
                same_name(d, o, m->t0, m->t1)) {
                m->dropped = false;
                m->country = o->country;
                m->place = o->place;
                m->conf = o->conf;
                break;
            }
        }
    }
    /* later mentions without the administrative word */
    uint8_t *covered = calloc(d->x.n + 1, 1);
    if (!covered) {
        d->err = HT_ENOMEM;
        return;
    }
    for (size_t q = 0; q < d->npm; q++)
        if (!d->pm[q].dropped)
            for (size_t t = d->pm[q].t0; t < d->pm[q].t1; t++)
                covered[t] = 1;
    bool any = false;
    for (size_t q = 0; q < n0 && !any; q++)
        any = d->pm[q].src == HT_XPM_UNKNOWN && !d->pm[q].dropped;
    for (size_t i = 0; any && i < d->x.n && !d->err; i++) {
        if (!is_cap(d, i) || d->skip[i] || (i > 0 && is_cap(d, i - 1) && same_sent(d, i - 1, i)))
            continue;
        if (covered[i])
            continue;
        for (size_t q = 0; q < n0; q++) {
            const ht_xpm *o = &d->pm[q];
            if (o->src != HT_XPM_UNKNOWN || o->dropped || o->story != d->story[i])
                continue;
            size_t len = o->t1 - o->t0;
            if (i + len > d->x.n || !same_name(d, o, i, i + len) ||
                (i + len < d->x.n && is_cap(d, i + len) && same_sent(d, i, i + len)))
                continue;
            ht_xpm m = *o;
            m.t0 = i;
            m.t1 = i + len;
            m.in_title = false;
            push_pm(d, m);
            break;
        }
    }
    free(covered);
}

static int cmp_vis(const void *a, const void *b, void *ud)
{
    const ht_xdoc *d = ud;
    const ht_xpm *x = &d->pm[*(const size_t *)a], *y = &d->pm[*(const size_t *)b];
    if (x->t0 != y->t0)
        return x->t0 < y->t0 ? -1 : 1;
    if (x->t1 != y->t1)
        return x->t1 > y->t1 ? -1 : 1;
    return 0;
}

static char *local_id(ht_xdoc *d)
{
    char buf[32];
    snprintf(buf, sizeof buf, "local:%d", ++d->nlocal);
    return ht_xstrdup(d, buf);
}

static const char *party_kind_of_admin(const char *admin)
{
    if (!admin || !strcmp(admin, "city"))
        return "province";
    return admin;
}

/* The organisation's full name: its head written out when short ("UBND" -> "Ủy
 * ban nhân dân") and the rest as written. */
static char *org_name(ht_xdoc *d, const ht_xpm *m, size_t head_ntok)
{
    const char *canon = ocell((size_t)m->org_row, O_CANON);
    if (!canon[0])
        return ht_xtext_of(d, m->t0, m->t1);
    ht_buf b = {0};
    ht_buf_puts(&b, canon);
    if (m->t0 + head_ntok < m->t1) {
        ht_buf_putc(&b, ' ');
        size_t s = d->x.t[m->t0 + head_ntok].start, e = d->x.t[m->t1 - 1].end;
        ht_buf_append(&b, d->x.text + s, e - s);
    }
    char *r = ht_arena_strndup(d->arena, b.p ? b.p : "", b.n);
    ht_buf_free(&b);
    return r;
}

/* Whether body mention m ends with the admin word of a province, city or district with
 * no name after it ("UBND TP", "Sở Y tế tỉnh"), not with a word that ends a name
 * ("nông thôn", "Cục Điều tra Liên bang"). */
static bool bare_admin_end(const ht_xdoc *d, const ht_xpm *m)
{
    if (m->place >= 0 || m->t1 < m->t0 + 2)
        return false;
    size_t a = m->t1 - 1;
    ht_xmatch am = ht_xlex_match(&d->x, a, m->t1, &ht_data_cues, HT_XM_ACCENT, ht_xrow_kind, "admin");
    if (am.ntok != 1 || !strcmp(ht_data_cell(&ht_data_cues, am.row, 2), "commune"))
        return false;
    return !is_cap(d, a - 1) || (tk(d, a)->flags & HT_XT_UPPER);
}

/* A body the text names with the admin word of its locality alone ("UBND TP", "Sở Y tế
 * tỉnh"; folded name f) is the body of the same name followed by a place that it named
 * last before m ("UBND TP Hà Nội"). -1 when there is none. */
static int body_named_before(const ht_xdoc *d, const ht_xpm *m, const char *f)
{
    if (!bare_admin_end(d, m))
        return -1;
    size_t fn = strlen(f);
    int best = -1;
    for (size_t k = 0; k < d->nparties; k++) {
        const ht_xpr *r = &d->parties[k];
        if (strncmp(r->key, "o:", 2) != 0 || r->parent_party < 0 || !r->nmentions ||
            r->last_tok >= m->t0 || strncmp(r->key + 2, f, fn) != 0 || r->key[2 + fn] != ' ')
            continue;
        if (best < 0 || r->last_tok > d->parties[best].last_tok)
            best = (int)k;
    }
    return best;
}

/* The folded organisation name f as a party's key: the city's admin word written short
 * ("tp", "tp.") as in full, so that "UBND TP. Hải Phòng" and "UBND thành phố Hải Phòng"
 * are one body. f itself when nothing changes; NULL out of memory. */
static char *key_form(ht_xdoc *d, char *f)
{
    if (!strstr(f, "tp"))
        return f;
    ht_buf b = {0};
    const char *p = f;
    bool changed = false;
    while (*p) {
        size_t n = strcspn(p, " ");
        if ((n == 2 && !strncmp(p, "tp", 2)) || (n == 3 && !strncmp(p, "tp.", 3))) {
            ht_buf_puts(&b, "thanh pho");
            changed = true;
        } else
            ht_buf_append(&b, p, n);
        p += n;
        if (*p)
            ht_buf_putc(&b, *p++);
    }
    char *r = !changed ? f : ht_arena_strndup(d->arena, b.p ? b.p : "", b.n);
    ht_buf_free(&b);
    if (!r)
        d->err = HT_ENOMEM;
    return r;
}

/* Length of the folded organisation name f without a company form written after it in
 * Latin letters ("tap doan hyosung corporation": "tap doan hyosung"). */
static size_t without_company_form(const char *f)
{
    static const char *const forms[] = {" corporation", " corp.", " corp", " group",
                                        " company", " holdings", " jsc", " inc.", " inc",
                                        " co., ltd", " co.,ltd", " ltd"};
    size_t n = strlen(f);
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
        size_t fl = strlen(forms[k]);
        if (n > fl + 2 && !strcmp(f + n - fl, forms[k]))
            return n - fl;
    }
    return n;
}

/* An organisation named before with or without a company form ("Tập đoàn Hyosung
 * Corporation", then "Tập đoàn Hyosung"): the same. -1 when there is none. */
static int same_company(const ht_xdoc *d, const char *f)
{
    size_t fn = without_company_form(f);
    for (size_t k = 0; k < d->nparties; k++) {
        const char *key = d->parties[k].key;
        if (strncmp(key, "o:", 2) != 0)
            continue;
        key += 2;
        size_t kn = without_company_form(key);
        if (kn == fn && (kn != strlen(key) || fn != strlen(f)) && !strncmp(key, f, fn))
            return (int)k;
    }
    return -1;
}

/* Else the place that the text named last before m after the same admin word ("TP Hà
 * Nội" for "UBND TP"), in the same story: the body is named after it. Its index in pm,
 * -1 when there is none. */
static int place_named_before(const ht_xdoc *d, const ht_xpm *m)
{
    if (!bare_admin_end(d, m))
        return -1;
    const char *admin = ht_xtok_fold(&d->x, m->t1 - 1);
    int best = -1;
    for (size_t k = 0; k < d->npm; k++) {
        const ht_xpm *q = &d->pm[k];
        if (q->src == HT_XPM_ORG || q->dropped || q->party < 0 || q->t1 > m->t0 || q->t0 < 1 ||
            q->story != m->story || strcmp(ht_xtok_fold(&d->x, q->t0 - 1), admin) != 0)
            continue;
        if (best < 0 || q->t0 > d->pm[best].t0)
            best = (int)k;
    }
    return best;
}

void ht_xparties_build(ht_xdoc *d)
{
    if (d->err)
        return;
    /* mention indices are kept by the other passes: visit them in text order */
    size_t *vis = malloc((d->npm + 1) * sizeof *vis);
    if (!vis) {
        d->err = HT_ENOMEM;
        return;
    }
    for (size_t k = 0; k < d->npm; k++)
        vis[k] = k;
    if (d->npm > 1)
        qsort_r(vis, d->npm, sizeof *vis, cmp_vis, d);
    /* places first, so organisations find their parent; short names last */
    for (int pass = 0; pass < 3 && !d->err; pass++) {
        for (size_t v = 0; v < d->npm && !d->err; v++) {
            ht_xpm *m = &d->pm[vis[v]];
            int want = m->src != HT_XPM_ORG ? 0 : m->alias_of < 0 ? 1 : 2;
            if (m->dropped || want != pass)
                continue;
            const char *s = d->x.text + d->x.t[m->t0].start;
            size_t n = d->x.t[m->t1 - 1].end - d->x.t[m->t0].start;
            int p = -1;
            if (m->src == HT_XPM_GAZ) {
                p = gaz_party(d, m->gaz_row);
            } else if (m->src == HT_XPM_UNKNOWN) {
                int parent_pm = m->place;
                double conf = m->conf;
                const char *c = m->country;
                char *f = fold_dup(d, s, n);
                if (!f)
                    return;
                char key[512];
                snprintf(key, sizeof key, "u:%s", f);
                p = find_party(d, key);
                if (p < 0) {
                    p = new_party(d, key);
                    if (p < 0)
                        return;
                    ht_xpr *r = &d->parties[p];
                    r->name = ht_arena_strndup(d->arena, s, n);
                    r->kind = ht_xstrdup(d, party_kind_of_admin(m->admin));
                    r->country = c ? ht_xstrdup(d, c) : NULL;
                    r->confidence = conf;
                    if (parent_pm >= 0 && d->pm[parent_pm].party >= 0) {
                        r->parent_party = d->pm[parent_pm].party;
                        r->parent = d->parties[r->parent_party].id;
                    } else if (c)
                        r->parent = ht_xstrdup(d, c);
                }
            } else if (m->alias_of >= 0) {
                p = d->pm[m->alias_of].party;
                if (p < 0)
                    continue;
            } else {
                size_t hn = ht_xlex_match(&d->x, m->t0, m->t1, &ht_data_org_patterns, HT_XM_ACCENT, NULL, NULL).ntok;
                char *name = org_name(d, m, hn);
                char *f = name ? fold_dup(d, name, strlen(name)) : NULL;
                if (!f || !(f = key_form(d, f)))
                    return;
                char key[512];
                snprintf(key, sizeof key, "o:%s", f);
                p = find_party(d, key);
                if (p < 0)
                    p = body_named_before(d, m, f);
                if (p < 0 && (p = same_company(d, f)) >= 0 && !d->parties[p].country && m->country &&
                    d->parties[p].parent_party < 0) {
                    /* "Tập đoàn Hyosung (Hàn Quốc)": the country given with the short form */
                    ht_xpr *r = &d->parties[p];
                    r->country = ht_xstrdup(d, m->country);
                    r->parent = r->country;
                    r->parent_party = find_party(d, m->country);
                }
                int place = m->place, before = p < 0 ? place_named_before(d, m) : -1;
                if (before >= 0) {
                    place = before;
                    /* "UBND TP" after "TP Hà Nội": "Ủy ban nhân dân TP Hà Nội" */
                    const ht_xpm *q = &d->pm[place];
                    size_t a = d->x.t[q->t0].start, z = d->x.t[q->t1 - 1].end;
                    ht_buf b = {0};
                    ht_buf_printf(&b, "%s ", name);
                    ht_buf_append(&b, d->x.text + a, z - a);
                    name = b.p ? ht_arena_strndup(d->arena, b.p, b.n) : NULL;
                    ht_buf_free(&b);
                    if (!name || !(f = fold_dup(d, name, strlen(name))) || !(f = key_form(d, f))) {
                        d->err = HT_ENOMEM;
                        return;
                    }
                    snprintf(key, sizeof key, "o:%s", f);
                    p = find_party(d, key);
                }
                if (p < 0) {
                    p = new_party(d, key);
                    if (p < 0)
                        return;
                    ht_xpr *r = &d->parties[p];
                    r->name = name;
                    r->kind = ht_xstrdup(d, "organisation");
                    r->represents = ocell((size_t)m->org_row, O_REPRESENTS)[0] == '1';
                    r->confidence = 0.8;
                    int pp = place >= 0 ? d->pm[place].party : -1;
                    if (pp >= 0) {
                        r->parent_party = pp;
                        r->parent = d->parties[pp].id;
                        r->country = d->parties[pp].country;
                    } else if (m->country) {
                        r->country = ht_xstrdup(d, m->country);
                        r->parent = r->country;
                        int cp = find_party(d, m->country);
                        r->parent_party = cp;
                    }
                }
            }
            if (p < 0)
                continue;
            m->party = p;
            ht_xpr *r = &d->parties[p];
            if (!r->nmentions)
                r->first_tok = m->t0;
            r->last_tok = m->t0;
            add_alias(d, r, s, n);
            add_mention(d, r, m->t0, m->t1);
        }
    }
    /* an unknown locality's parent may be named after it: "huyện X (tỉnh Y)" */
    for (size_t k = 0; k < d->npm; k++) {
        const ht_xpm *m = &d->pm[k];
        if (m->src != HT_XPM_UNKNOWN || m->dropped || m->party < 0 || m->place < 0 ||
            d->pm[m->place].party < 0)
            continue;
        ht_xpr *r = &d->parties[m->party];
        if (r->parent_party < 0 || r->parent_party == find_party(d, r->country ? r->country : "")) {
            r->parent_party = d->pm[m->place].party;
            r->parent = d->parties[r->parent_party].id;
        }
        /* "thành phố Phúc Châu, tỉnh Phúc Kiến": a city in a province is of the level
         * below it */
        if (m->admin && !strcmp(m->admin, "city") && r->parent_party == d->pm[m->place].party &&
            !strcmp(d->parties[r->parent_party].kind, "province"))
            r->kind = ht_xstrdup(d, "district");
    }
    free(vis);
    /* local ids in order of first mention */
    size_t *order = malloc((d->nparties + 1) * sizeof *order);
    if (!order) {
        d->err = HT_ENOMEM;
        return;
    }
    size_t no = 0;
    for (size_t k = 0; k < d->nparties; k++)
        if (!d->parties[k].id)
            order[no++] = k;
    for (size_t a = 1; a < no; a++)
        for (size_t b = a; b > 0 && d->parties[order[b - 1]].first_tok > d->parties[order[b]].first_tok; b--) {
            size_t t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    for (size_t a = 0; a < no; a++)
        d->parties[order[a]].id = local_id(d);
    free(order);
    for (size_t k = 0; k < d->nparties; k++)
        if (d->parties[k].parent_party >= 0)
            d->parties[k].parent = d->parties[d->parties[k].parent_party].id;
}

int ht_xparty_acting(const ht_xdoc *d, int party)
{
    if (party < 0)
        return -1;
    const ht_xpr *p = &d->parties[party];
    if (p->represents && p->parent_party >= 0)
        return p->parent_party;
    return party;
}
