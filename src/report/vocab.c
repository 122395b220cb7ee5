/* Look-ups in the compiled table of report codes and labels. */
#include "vocab.h"

#include "../base/data.h"
#include "../text/text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

extern const ht_data_table ht_data_report_vocab;

/* ASCII folding as ht_text_fold does it (lower case; runs of other characters one
 * space, none at the ends); 0 when s is not all ASCII or too long. */
static size_t ascii_fold(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    bool gap = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80)
            return 0;
        bool alnum = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        if (!alnum) {
            gap = k > 0;
            continue;
        }
        if (k + 2 >= cap)
            return 0;
        if (gap)
            out[k++] = ' ';
        gap = false;
        out[k++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
    out[k] = 0;
    return k;
}

size_t ht_report_lookup(const ht_data_table *t, const char *key, size_t *first)
{
    size_t n = key ? strlen(key) : 0;
    char buf[128];
    *first = 0;
    if (!n)
        return 0;
    size_t k = ascii_fold(key, n, buf, sizeof buf);
    if (k)
        return ht_data_lookup(t, buf, k, first);
    ht_buf f = {0};
    size_t found = 0;
    if (!ht_text_fold(key, n, &f) && f.p)
        found = ht_data_lookup(t, f.p, f.n, first);
    ht_buf_free(&f);
    return found;
}

/* Row of (vocab, code), or -1. */
static long find(const char *vocab, const char *code)
{
    const ht_data_table *t = &ht_data_report_vocab;
    size_t first, k = ht_report_lookup(t, code, &first);
    int cv = ht_data_col(t, "vocab"), cc = ht_data_col(t, "code");
    for (size_t i = first; i < first + k; i++) {
        size_t row = t->keys[i].row;
        if (strcmp(ht_data_cell(t, row, (size_t)cv), vocab) == 0 &&
            strcmp(ht_data_cell(t, row, (size_t)cc), code) == 0)
            return (long)row;
    }
    return -1;
}

const char *ht_report_label(const char *vocab, const char *code, const char *lang)
{
    long row = find(vocab, code);
    if (row < 0)
        return code;
    const ht_data_table *t = &ht_data_report_vocab;
    int c = ht_data_col(t, lang && strcmp(lang, "en") == 0 ? "label_en" : "label_vi");
    return ht_data_cell(t, (size_t)row, (size_t)c);
}

int ht_report_breadth(const char *kind)
{
    long row = find("agreement_kind", kind);
    if (row < 0)
        return 0;
    const ht_data_table *t = &ht_data_report_vocab;
    return atoi(ht_data_cell(t, (size_t)row, (size_t)ht_data_col(t, "breadth")));
}
