/* Look-ups in the compiled table of report codes and labels. */
#include "vocab.h"

#include "../base/data.h"
#include "../text/text.h"

#include <stdlib.h>
#include <string.h>

extern const ht_data_table ht_data_report_vocab;

/* Row of (vocab, code), or -1. */
static long find(const char *vocab, const char *code)
{
    const ht_data_table *t = &ht_data_report_vocab;
    size_t n = code ? strlen(code) : 0;
    if (!n || n > 64)
        return -1;
    ht_buf f = {0};
    if (ht_text_fold(code, n, &f) || !f.p) {
        ht_buf_free(&f);
        return -1;
    }
    size_t first, k = ht_data_lookup(t, f.p, f.n, &first);
    ht_buf_free(&f);
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
