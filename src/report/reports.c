/* Timeline, agreements and implementation reports built as tables from records given
 * by the caller (see reports.h). */
#include "reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int str_cmp(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : ""); }

static int add_sources(ht_report_table *t, const char *const *src, size_t n)
{
    int err = 0;
    for (size_t i = 0; i < n && !err; i++)
        if (src[i])
            err = ht_report_table_source(t, src[i]);
    return err;
}

/* ---- timeline ---- */

static int tl_cmp(const void *pa, const void *pb)
{
    const ht_report_tl_item *a = *(const ht_report_tl_item *const *)pa;
    const ht_report_tl_item *b = *(const ht_report_tl_item *const *)pb;
    int c = ht_report_date_cmp(&a->date, &b->date);
    if (!c)
        c = str_cmp(a->type, b->type);
    if (!c)
        c = str_cmp(a->id, b->id);
    return c;
}

int ht_report_timeline(const ht_report_tl_item *v, size_t n, const char *title,
                       ht_report_table *t)
{
    static const ht_report_col cols[] = {
        {"date", NULL, HT_REPORT_COL_TEXT, 0},    {"type", NULL, HT_REPORT_COL_TEXT, 0},
        {"kind", NULL, HT_REPORT_COL_TEXT, 0},    {"title", NULL, HT_REPORT_COL_TEXT, 0},
        {"parties", NULL, HT_REPORT_COL_TEXT, 0}, {"place", NULL, HT_REPORT_COL_TEXT, 0},
        {"via", NULL, HT_REPORT_COL_TEXT, 0},     {"id", NULL, HT_REPORT_COL_TEXT, 0},
    };
    int err = ht_report_table_init(t, title, cols, sizeof cols / sizeof cols[0], true);
    const ht_report_tl_item **p = malloc((n ? n : 1) * sizeof *p);
    if (err || !p) {
        free(p);
        return HT_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        p[i] = &v[i];
    qsort(p, n, sizeof *p, tl_cmp);
    for (size_t i = 0; i < n && !err; i++) {
        char date[HT_REPORT_DATE_MAX];
        const char *d = ht_report_date_written(p[i]->date, date) ? date : NULL;
        const char *cells[] = {d,          p[i]->type,  p[i]->kind, p[i]->title,
                               p[i]->parties, p[i]->place, p[i]->via, p[i]->id};
        err = ht_report_table_add(t, cells);
        if (!err)
            err = add_sources(t, p[i]->sources, p[i]->nsources);
    }
    free(p);
    return err;
}

/* ---- agreements ---- */

size_t ht_report_term_text(ht_report_date from, ht_report_date to, char out[80])
{
    char a[HT_REPORT_DATE_MAX], b[HT_REPORT_DATE_MAX];
    size_t na = ht_report_date_iso(from, a), nb = ht_report_date_iso(to, b);
    if (!na && !nb) {
        out[0] = 0;
        return 0;
    }
    int k = snprintf(out, 80, "%s\xE2\x80\x93%s", a, b);
    return k > 0 && k < 80 ? (size_t)k : 0;
}

typedef struct {
    const ht_report_agr_item *it;
    const ht_report_agr_state *st;
} agr_row;

static int agr_cmp(const void *pa, const void *pb)
{
    const agr_row *a = pa, *b = pb;
    int c = ht_report_date_cmp(&a->st->end, &b->st->end);
    if (!c)
        c = ht_report_date_cmp(&a->it->agr.signed_on, &b->it->agr.signed_on);
    if (!c)
        c = str_cmp(a->it->agr.id, b->it->agr.id);
    return c;
}

int ht_report_agreements(const ht_report_agr_item *v, size_t n, ht_report_date as_of,
                         int expiring_months, unsigned mask, const char *title,
                         ht_report_table *t, ht_error *e)
{
    static const ht_report_col cols[] = {
        {"id", NULL, HT_REPORT_COL_TEXT, 0},      {"kind", NULL, HT_REPORT_COL_TEXT, 0},
        {"title", NULL, HT_REPORT_COL_TEXT, 0},   {"parties", NULL, HT_REPORT_COL_TEXT, 0},
        {"signed", NULL, HT_REPORT_COL_TEXT, 0},  {"term", NULL, HT_REPORT_COL_TEXT, 0},
        {"end", NULL, HT_REPORT_COL_TEXT, 0},     {"status", NULL, HT_REPORT_COL_TEXT, 0},
        {"by", NULL, HT_REPORT_COL_TEXT, 0},      {"days_left", NULL, HT_REPORT_COL_INT, 0},
    };
    memset(t, 0, sizeof *t);
    ht_report_agr *a = calloc(n ? n : 1, sizeof *a);
    ht_report_agr_state *st = calloc(n ? n : 1, sizeof *st);
    agr_row *rows = calloc(n ? n : 1, sizeof *rows);
    int err = 0;
    if (!a || !st || !rows) {
        err = ht_err(e, HT_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        a[i] = v[i].agr;
    if ((err = ht_report_agr_status(a, n, as_of, expiring_months, st, e)))
        goto done;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!st[i].not_yet && (mask & (1u << st[i].status)))
            rows[k++] = (agr_row){&v[i], &st[i]};
    qsort(rows, k, sizeof *rows, agr_cmp);
    if ((err = ht_report_table_init(t, title, cols, sizeof cols / sizeof cols[0], true)))
        goto oom;
    for (size_t i = 0; i < k && !err; i++) {
        const ht_report_agr *g = &rows[i].it->agr;
        const ht_report_agr_state *s = rows[i].st;
        char sig[HT_REPORT_DATE_MAX], end[HT_REPORT_DATE_MAX], term[80], left[24];
        size_t ns = ht_report_date_written(g->signed_on, sig);
        size_t nt = ht_report_term_text(g->term_from, g->term_to, term);
        size_t ne = ht_report_date_iso(s->end, end);
        snprintf(left, sizeof left, "%ld", s->days_left);
        const char *by = s->by != HT_REPORT_NONE ? v[s->by].agr.id : NULL;
        const char *cells[] = {g->id,         g->kind,
                               rows[i].it->title, rows[i].it->parties,
                               ns ? sig : NULL,   nt ? term : NULL,
                               ne ? end : NULL,   ht_report_status_code(s->status),
                               by,                ne ? left : NULL};
        err = ht_report_table_add(t, cells);
        if (!err)
            err = add_sources(t, rows[i].it->sources, rows[i].it->nsources);
    }
oom:
    if (err)
        err = ht_err(e, HT_ENOMEM, "out of memory");
done:
    free(a);
    free(st);
    free(rows);
    return err;
}

/* ---- implementation ---- */

static int link_cmp(const void *pa, const void *pb)
{
    const ht_report_impl_link *a = *(const ht_report_impl_link *const *)pa;
    const ht_report_impl_link *b = *(const ht_report_impl_link *const *)pb;
    /* task 0 (the agreement as a whole) after every numbered task */
    unsigned ta = (unsigned)a->task - 1, tb = (unsigned)b->task - 1;
    if (ta != tb)
        return ta < tb ? -1 : 1;
    int c = ht_report_date_cmp(&a->date, &b->date);
    return c ? c : str_cmp(a->id, b->id);
}

static int link_row(ht_report_table *t, const char *task, const char *text, const char *state,
                    const ht_report_impl_link *l)
{
    char date[HT_REPORT_DATE_MAX];
    const char *d = l && ht_report_date_written(l->date, date) ? date : NULL;
    const char *cells[] = {task, text, state, d, l ? l->kind : NULL, l ? l->title : NULL,
                           l ? l->how : NULL, l ? l->id : NULL};
    int err = ht_report_table_add(t, cells);
    if (!err && l)
        err = add_sources(t, l->sources, l->nsources);
    return err;
}

int ht_report_implementation(const char *title, int declared, const char *const *tasks,
                             size_t ntasks, const ht_report_impl_link *links, size_t nlinks,
                             ht_report_table *t, ht_report_impl_counts *counts)
{
    static const ht_report_col cols[] = {
        {"task", NULL, HT_REPORT_COL_INT, 0},     {"text", NULL, HT_REPORT_COL_TEXT, 0},
        {"state", NULL, HT_REPORT_COL_TEXT, 0},   {"date", NULL, HT_REPORT_COL_TEXT, 0},
        {"kind", NULL, HT_REPORT_COL_TEXT, 0},    {"activity", NULL, HT_REPORT_COL_TEXT, 0},
        {"how", NULL, HT_REPORT_COL_TEXT, 0},     {"activity_id", NULL, HT_REPORT_COL_TEXT, 0},
    };
    int err = ht_report_table_init(t, title, cols, sizeof cols / sizeof cols[0], true);
    const ht_report_impl_link **p = malloc((nlinks ? nlinks : 1) * sizeof *p);
    if (err || !p) {
        free(p);
        return HT_ENOMEM;
    }
    size_t np = 0;
    for (size_t i = 0; i < nlinks; i++)
        if (links[i].task >= 0)
            p[np++] = &links[i];
    qsort(p, np, sizeof *p, link_cmp);
    int total = declared > (int)ntasks ? declared : (int)ntasks;
    ht_report_impl_counts c = {declared > 0 ? declared : 0, 0, 0};
    for (size_t i = 0; i < ntasks; i++)
        c.listed += tasks[i] != NULL;
    size_t j = 0;
    for (int task = 1; !err && (task <= total || (j < np && p[j]->task > 0)); task++) {
        char num[16];
        snprintf(num, sizeof num, "%d", task);
        const char *text = (size_t)task <= ntasks ? tasks[task - 1] : NULL;
        if (j < np && p[j]->task == task) {
            c.with_activity++;
            for (; j < np && p[j]->task == task && !err; j++)
                err = link_row(t, num, text, "carried_out", p[j]);
        } else if (task <= total)
            err = link_row(t, num, text, text ? "none" : "not_listed", NULL);
    }
    for (; j < np && !err; j++)
        if (p[j]->task == 0)
            err = link_row(t, NULL, NULL, "carried_out", p[j]);
    free(p);
    if (counts)
        *counts = c;
    return err;
}
