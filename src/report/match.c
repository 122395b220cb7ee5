/* Similarity of tasks and activities by content words and fields (see match.h). */
#include "match.h"

#include "../base/data.h"
#include "../text/text.h"
#include "vocab.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

extern const ht_data_table ht_data_report_stopwords;

#define MAX_WORDS 512

typedef struct {
    ht_buf text;  /* normalised, case-folded words, each NUL-terminated */
    ht_buf pairs; /* "w1 w2" pairs, each NUL-terminated */
    const char *w[MAX_WORDS];
    size_t n;
} words;

/* A stop word: its folded key is in the table and one of the rows spells it exactly
 * (folding alone would drop "nam" of "Việt Nam" with "năm"). */
static bool stop(const char *w)
{
    const ht_data_table *t = &ht_data_report_stopwords;
    size_t first, k = ht_report_lookup(t, w, &first);
    for (size_t i = first; i < first + k; i++)
        if (strcmp(ht_data_cell(t, t->keys[i].row, 0), w) == 0)
            return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Content words of s (see match.h), sorted and without repeats. */
static void content(const char *s, words *out)
{
    memset(out, 0, sizeof *out);
    ht_buf norm = {0};
    if (!s || ht_text_normalize(s, strlen(s), &norm, NULL, NULL) || !norm.p) {
        ht_buf_free(&norm);
        return;
    }
    size_t off[MAX_WORDS / 2], ns = 0, pos = 0;
    bool keep[MAX_WORDS / 2], joined[MAX_WORDS / 2], brk = true;
    ht_token tk;
    while (ns < MAX_WORDS / 2 && ht_text_next_token(norm.p, norm.n, &pos, &tk)) {
        if (tk.kind != HT_TOK_WORD) {
            brk = true; /* a number or a punctuation mark breaks pairs */
            continue;
        }
        utf8proc_uint8_t *low = NULL;
        utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)norm.p + tk.start,
                                          (utf8proc_ssize_t)(tk.end - tk.start), &low,
                                          UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE);
        if (k > 0) {
            off[ns] = out->text.n;
            ht_buf_append(&out->text, low, (size_t)k);
            ht_buf_putc(&out->text, 0);
            keep[ns] = !stop((const char *)low);
            joined[ns] = !brk;
            brk = false;
            ns++;
        }
        free(low);
    }
    ht_buf_free(&norm);
    if (!out->text.p)
        return;
    size_t poff[MAX_WORDS / 2], npairs = 0;
    for (size_t i = 0; i + 1 < ns; i++)
        if (keep[i] && keep[i + 1] && joined[i + 1]) {
            poff[npairs++] = out->pairs.n;
            ht_buf_printf(&out->pairs, "%s %s", out->text.p + off[i], out->text.p + off[i + 1]);
            ht_buf_putc(&out->pairs, 0);
        }
    for (size_t i = 0; i < ns; i++)
        if (keep[i])
            out->w[out->n++] = out->text.p + off[i];
    for (size_t i = 0; i < npairs && out->pairs.p; i++)
        out->w[out->n++] = out->pairs.p + poff[i];
    qsort(out->w, out->n, sizeof *out->w, cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++)
        if (!k || strcmp(out->w[k - 1], out->w[i]) != 0)
            out->w[k++] = out->w[i];
    out->n = k;
}

static void words_free(words *w)
{
    ht_buf_free(&w->text);
    ht_buf_free(&w->pairs);
}

static size_t common(const words *a, const words *b)
{
    size_t i = 0, j = 0, c = 0;
    while (i < a->n && j < b->n) {
        int r = strcmp(a->w[i], b->w[j]);
        c += r == 0;
        i += r <= 0;
        j += r >= 0;
    }
    return c;
}

static double fields_jaccard(const ht_report_match_text *a, const ht_report_match_text *b)
{
    size_t inter = 0, uni = a->nfields;
    for (size_t j = 0; j < b->nfields; j++) {
        bool in = false;
        for (size_t i = 0; i < a->nfields && !in; i++)
            in = a->fields[i] && b->fields[j] && strcmp(a->fields[i], b->fields[j]) == 0;
        inter += in;
        uni += !in;
    }
    return uni ? (double)inter / (double)uni : 0;
}

double ht_report_similarity(const ht_report_match_text *a, const ht_report_match_text *b)
{
    words wa, wb;
    content(a->text, &wa);
    content(b->text, &wb);
    double dice = wa.n + wb.n ? 2.0 * (double)common(&wa, &wb) / (double)(wa.n + wb.n) : 0;
    words_free(&wa);
    words_free(&wb);
    if (!a->nfields && !b->nfields)
        return dice;
    return 0.7 * dice + 0.3 * fields_jaccard(a, b);
}

int ht_report_best_task(const ht_report_match_text *tasks, size_t ntasks,
                        const ht_report_match_text *activity, double min, double *score)
{
    int best = 0;
    double top = 0;
    for (size_t i = 0; i < ntasks; i++) {
        double s = ht_report_similarity(&tasks[i], activity);
        if (s > top) {
            top = s;
            best = (int)i + 1;
        }
    }
    if (score)
        *score = top;
    return top >= min && top > 0 ? best : 0;
}
