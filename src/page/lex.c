/* Look-ups in the page lexicons (data/sections.tsv, data/page_cues.tsv) and the small
 * UTF-8 helpers the classifiers share. */
#include "page_int.h"

#include "base/data.h"

#include <string.h>
#include <utf8proc.h>

extern const ht_data_table ht_data_sections;
extern const ht_data_table ht_data_page_cues;

ht_pg_section ht_pg_section_kind(const char *s, size_t n)
{
    if (n == 0 || n > 120)
        return HT_PG_SEC_NONE;
    ht_buf f = {0};
    ht_pg_section k = HT_PG_SEC_NONE;
    if (ht_text_fold(s, n, &f) == 0 && f.n) {
        size_t first;
        if (ht_data_lookup(&ht_data_sections, f.p, f.n, &first)) {
            const char *kind = ht_data_cell(&ht_data_sections, ht_data_sections.keys[first].row, 1);
            k = strcmp(kind, "end") == 0 ? HT_PG_SEC_END : HT_PG_SEC_LIST;
        }
    }
    ht_buf_free(&f);
    return k;
}

static int kind_bit(const char *kind)
{
    if (strcmp(kind, "credit") == 0)
        return HT_PG_CUE_CREDIT;
    if (strcmp(kind, "caption") == 0)
        return HT_PG_CUE_CAPTION;
    if (strcmp(kind, "dateline") == 0)
        return HT_PG_CUE_DATELINE;
    if (strcmp(kind, "source") == 0)
        return HT_PG_CUE_SOURCE;
    return 0;
}

int ht_pg_cue_kind(const char *key, size_t n)
{
    size_t first, k = ht_data_lookup(&ht_data_page_cues, key, n, &first);
    int bits = 0;
    for (size_t i = 0; i < k; i++)
        bits |= kind_bit(ht_data_cell(&ht_data_page_cues, ht_data_page_cues.keys[first + i].row, 1));
    return bits;
}

int ht_pg_cue_scan(const char *key, size_t n, int kinds)
{
    int found = 0;
    for (size_t i = 0; i < n;) {
        /* phrases of 1..4 words starting at word i */
        size_t j = i;
        for (int w = 0; w < 4 && j < n; w++) {
            while (j < n && key[j] != ' ')
                j++;
            found |= ht_pg_cue_kind(key + i, j - i) & kinds;
            if (j < n)
                j++;
        }
        while (i < n && key[i] != ' ')
            i++;
        while (i < n && key[i] == ' ')
            i++;
    }
    return found;
}

size_t ht_pg_cps(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static int32_t cp_at(const char *s, size_t n)
{
    if (!n)
        return -1;
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)(n < 4 ? n : 4), &cp);
    return k > 0 ? cp : -1;
}

bool ht_pg_is_upper_at(const char *s, size_t n)
{
    int32_t cp = cp_at(s, n);
    if (cp < 0)
        return false;
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return utf8proc_isupper(cp);
}

bool ht_pg_is_lower_at(const char *s, size_t n)
{
    int32_t cp = cp_at(s, n);
    if (cp < 0)
        return false;
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_islower(cp);
}

bool ht_pg_name_like(const char *s, size_t n)
{
    /* more than 200 bytes are more than 50 code points (4 bytes each at most) */
    if (n == 0 || n > 200 || ht_pg_cps(s, n) > 50)
        return false;
    size_t pos = 0, words = 0, caps = 0;
    ht_token t;
    while (ht_text_next_token(s, n, &pos, &t)) {
        if (t.kind == HT_TOK_NUM)
            return false;
        if (t.kind != HT_TOK_WORD)
            continue;
        words++;
        caps += ht_pg_is_upper_at(s + t.start, n - t.start);
    }
    char last = s[n - 1];
    if (last == '.' || last == '!' || last == '?' || last == ':' || last == ';' || last == ',')
        return false;
    return words >= 1 && words <= 6 && caps + 1 >= words && caps >= 1;
}
