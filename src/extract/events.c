/* Events: anniversaries ("45 năm ký Hiệp ước … (18/7/1977 - 18/7/2022)"), the
 * agreements a story reports as signed, and the activity it tells, with dates (the
 * year inferred as extract.h says), places, parties, participants, commitments,
 * fields and tasks. One activity and at most one agreement per story: the article is
 * one story, each caption of another story is one more. */
#include "xdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MOOD_NONE = 0, MOOD_INTENT, MOOD_PAST };

typedef struct {
    const char *kind;
    int weight;
    size_t t0, t1;
    bool intent;
} trig;

typedef struct {
    const char *kind;
    int rank;
    size_t t0, t1;
    bool is_signed;
    bool counted;          /* "25 thỏa thuận", "kỷ niệm … ký Hiệp ước" */
    int term_from, term_to; /* a term written right after it, 0 when none */
} agm;

typedef struct {
    trig *tr;
    size_t ntr, captr;
    agm *ag;
    size_t nag, capag;
    uint8_t *mood;    /* per token */
    uint8_t *in_anniv;
} evs;

static const ht_xtok *tk(const ht_xdoc *d, size_t i) { return &d->x.t[i]; }
static bool is_word(const ht_xdoc *d, size_t i) { return i < d->x.n && tk(d, i)->kind == HT_TOK_WORD; }
static bool is_cap(const ht_xdoc *d, size_t i)
{
    return is_word(d, i) && (tk(d, i)->flags & (HT_XT_CAP | HT_XT_UPPER));
}
static uint32_t sent_of(const ht_xdoc *d, size_t i) { return tk(d, i)->sent; }

/* ---- small sets of indices ---- */

typedef struct {
    int *v;
    size_t n, cap;
} iset;

static void iset_add(ht_xdoc *d, iset *s, int x)
{
    if (x < 0)
        return;
    for (size_t k = 0; k < s->n; k++)
        if (s->v[k] == x)
            return;
    int *slot = HT_XPUSH(s->v, s->n, s->cap);
    if (!slot) {
        d->err = HT_ENOMEM;
        return;
    }
    *slot = x;
}

static bool iset_has(const iset *s, int x)
{
    for (size_t k = 0; k < s->n; k++)
        if (s->v[k] == x)
            return true;
    return false;
}

/* A dash at e joins two tokens below lim with no space around it ("Rô-ma", "F-15"). */
static bool glued_dash(const ht_xdoc *d, size_t e, size_t lim)
{
    return ht_xtok_dash(&d->x, e) && !(tk(d, e)->flags & HT_XT_SPACE) && e + 1 < lim &&
           tk(d, e + 1)->kind != HT_TOK_PUNCT && !(tk(d, e + 1)->flags & HT_XT_SPACE);
}

/* ---- scans ---- */

/* "Với mong muốn …, ngày 10/2, UBND TP tổ chức hội nghị": after a sentence's opening
 * wish or purpose ("Với …", "Nhằm …", "Để …", "Nhận lời mời …"), date o opens a clause
 * between commas that tells what happened; not "Theo dự kiến, ngày 23.6 …" (the
 * intent cue, ending at cue_end, right before it), nor "Hai tỉnh sẽ tiếp tục …, ngày
 * 14-6, …" (the sentence opens otherwise). */
static bool clause_after_wish(const ht_xdoc *d, const ht_xdate *o, size_t cue_end)
{
    size_t i = o->t0, s0 = d->sent_t0[sent_of(d, i)];
    return o->cued && o->a.prec == HT_DATE_DAY && i > 0 && ht_xtok_is(&d->x, i - 1, ',') &&
           ht_xtok_is(&d->x, o->t1, ',') && cue_end != i - 1 &&
           (ht_xtok_word(&d->x, s0, "voi") || ht_xtok_word(&d->x, s0, "nham") ||
            ht_xtok_word(&d->x, s0, "de") || ht_xtok_word(&d->x, s0, "nhan"));
}

static void moods(ht_xdoc *d, evs *ev)
{
    uint8_t m = MOOD_NONE;
    size_t q = 0;         /* the next date (they are in the order of the text) */
    size_t cue_end = 0;   /* where the last intent cue ended */
    for (size_t i = 0; i < d->x.n; i++) {
        if (tk(d, i)->flags & HT_XT_SENT)
            m = MOOD_NONE;
        while (q < d->ndates && d->dates[q].t0 < i)
            q++;
        if (m == MOOD_INTENT && q < d->ndates && d->dates[q].t0 == i &&
            clause_after_wish(d, &d->dates[q], cue_end))
            m = MOOD_NONE;
        /* "Tiếp tục chương trình chuyến thăm …, ngày 13-5, …": what happened */
        size_t n = i == d->sent_t0[sent_of(d, i)] ? ht_xcue(d, i, HT_CUE_CONTINUING) : 0;
        if (n) {
            for (size_t k = 0; k < n && i + k < d->x.n; k++)
                ev->mood[i + k] = MOOD_PAST;
            m = MOOD_PAST;
            i += n - 1;
            continue;
        }
        if (ht_xcue(d, i, HT_CUE_PAST))
            m = MOOD_PAST;
        else if ((n = ht_xcue(d, i, HT_CUE_INTENT))) {
            m = MOOD_INTENT;
            cue_end = i + n;
        }
        ev->mood[i] = m;
    }
}

static void anniversaries(ht_xdoc *d, evs *ev, ht_xanniversary *out, size_t *nout, size_t cap)
{
    for (size_t i = 0; i + 1 < d->x.n && *nout < cap; i++) {
        int nd;
        long years = ht_xtok_int(&d->x, i, &nd);
        if (years < 1 || years > 500 || d->skip[i] || ht_xcue(d, i + 1, HT_CUE_YEAR) != 1)
            continue;
        for (size_t k = 0; k < d->ndates; k++) {
            ht_xdate *dt = &d->dates[k];
            if (dt->t0 <= i + 1 || dt->t0 > i + 40 || sent_of(d, dt->t0) != sent_of(d, i))
                continue;
            if (dt->kind != HT_XD_PERIOD || dt->b.year - dt->a.year != years)
                continue;
            size_t w0 = i + 2, w1 = dt->t0;
            while (w1 > w0 && tk(d, w1 - 1)->kind == HT_TOK_PUNCT)
                w1--;
            while (w0 < w1 && tk(d, w0)->kind == HT_TOK_PUNCT)
                w0++;
            if (w1 <= w0)
                break;
            ht_xanniversary *a = &out[(*nout)++];
            a->what = ht_xtext_of(d, w0, w1);
            a->date = dt->a;
            a->years = (int)years;
            a->evidence = ht_xspan(d, i, dt->t1);
            d->date_used[k] = true;
            for (size_t t = i; t < dt->t1; t++)
                ev->in_anniv[t] = 1;
            break;
        }
    }
}

/* The date of "N năm trước (đây), ngày 21/6/1977" in the document: a day written
 * with its year within a few words after "N năm trước": its index, or -1. */
static int years_ago_date(const ht_xdoc *d, long years)
{
    for (size_t i = 0; i + 2 < d->x.n; i++) {
        int nd;
        if (ht_xtok_int(&d->x, i, &nd) != years || ht_xcue(d, i + 1, HT_CUE_YEAR) != 1 ||
            !ht_xtok_word(&d->x, i + 2, "truoc"))
            continue;
        for (size_t q = 0; q < d->ndates; q++) {
            const ht_xdate *dt = &d->dates[q];
            if (dt->kind == HT_XD_DATE && dt->a.prec == HT_DATE_DAY && !dt->a.inferred && dt->t0 > i + 2 &&
                dt->t0 <= i + 8 && sent_of(d, dt->t0) == sent_of(d, i))
                return (int)q;
        }
    }
    return -1;
}

/* "nhân dịp kỷ niệm “40 năm con đường cứu nước của Thủ tướng Hun Sen”" with no period
 * written: the anniversary of the day the document dates elsewhere as "40 năm trước
 * đây, ngày 21/6/1977". */
static void anniversaries_ago(ht_xdoc *d, evs *ev, ht_xanniversary *out, size_t *nout, size_t cap)
{
    for (size_t i = 0; i + 2 < d->x.n && *nout < cap; i++) {
        size_t ac = ht_xcue(d, i, HT_CUE_ANNIV);
        if (!ac)
            continue;
        size_t n = i + ac;
        while (n < d->x.n && n < i + 4 && tk(d, n)->kind == HT_TOK_PUNCT)
            n++;
        int nd;
        long years = ht_xtok_int(&d->x, n, &nd);
        if (years < 1 || years > 500 || ev->in_anniv[n] || ht_xcue(d, n + 1, HT_CUE_YEAR) != 1)
            continue;
        int k = years_ago_date(d, years);
        if (k < 0 || d->date_used[k])
            continue;
        size_t w0 = n + 2, w1 = w0;
        while (w1 < d->x.n && w1 < w0 + 16 && tk(d, w1)->kind != HT_TOK_PUNCT &&
               sent_of(d, w0) == sent_of(d, w1))
            w1++;
        if (w1 == w0)
            continue;
        ht_xanniversary *a = &out[(*nout)++];
        a->what = ht_xtext_of(d, w0, w1);
        a->date = d->dates[k].a;
        a->years = (int)years;
        a->evidence = ht_xspan(d, n, w1);
        d->date_used[k] = true;
        for (size_t t = n; t < w1; t++)
            ev->in_anniv[t] = 1;
    }
}

/* The agreement named at token i is counted ("25 thỏa thuận", "các văn bản") or
 * remembered ("kỷ niệm … năm … ký Hiệp ước"). */
static bool counted_or_remembered(ht_xdoc *d, size_t i)
{
    size_t s0 = d->sent_t0[sent_of(d, i)];
    size_t k = i;
    /* "văn bản", "chương trình": nouns that may stand between the count and the kind */
    while (k > s0 && k + 3 > i && tk(d, k - 1)->kind == HT_TOK_WORD && !ht_xcue(d, k - 1, HT_CUE_STOP) &&
           !is_cap(d, k - 1) && k - 1 >= s0 && k > i - 2)
        k--;
    for (size_t q = k; q <= i && q > s0; q++) {
        size_t p = q - 1;
        int nd;
        if ((tk(d, p)->kind == HT_TOK_NUM && ht_xtok_int(&d->x, p, &nd) > 1) ||
            ht_xtok_word(&d->x, p, "cac") || ht_xtok_word(&d->x, p, "nhieu") ||
            ht_xtok_word(&d->x, p, "nhung") || ht_xtok_word(&d->x, p, "hang"))
            return true;
    }
    for (size_t q = s0; q < i; q++)
        if (ht_xcue(d, q, HT_CUE_ANNIV))
            return true;
    return false;
}


/* Does a trigger that starts at a token of [lo, e) end at token e? */
static bool trigger_ends_at(ht_xdoc *d, size_t lo, size_t e, size_t s1)
{
    for (size_t q = lo; q < e; q++) {
        ht_xmatch m = ht_xlex_match(&d->x, q, s1, &ht_data_triggers, HT_XM_ACCENT, NULL, NULL);
        if (m.ntok && q + m.ntok == e && strcmp(ht_data_cell(&ht_data_triggers, m.row, 1), "-"))
            return true;
    }
    return false;
}

/* "các dịch vụ như nghiên cứu, khảo sát, quy hoạch": a word of an event amid a list of
 * nouns in lower case, none of its neighbours an event, names a trade, not an event. */
static bool amid_nouns(ht_xdoc *d, size_t t0, size_t t1, size_t s0, size_t s1)
{
    if (t0 < s0 + 2 || t1 + 1 >= s1 || !ht_xtok_is(&d->x, t0 - 1, ',') || !ht_xtok_is(&d->x, t1, ','))
        return false;
    size_t l = t0 - 2, r = t1 + 1;
    if (!is_word(d, l) || is_cap(d, l) || !is_word(d, r) || is_cap(d, r) || ht_xcue(d, l, HT_CUE_STOP) ||
        ht_xcue(d, r, HT_CUE_STOP))
        return false;
    return !trigger_ends_at(d, l > s0 + 2 ? l - 2 : s0, l + 1, s1) &&
           !ht_xlex_match(&d->x, r, s1, &ht_data_triggers, HT_XM_ACCENT, NULL, NULL).ntok;
}

static void scan_words(ht_xdoc *d, evs *ev)
{
    size_t trig_end = 0;
    for (size_t i = 0; i < d->x.n && !d->err;) {
        if (d->skip[i] || ev->in_anniv[i] || !is_word(d, i)) {
            i++;
            continue;
        }
        size_t s0, s1;
        ht_xsentence(d, i, &s0, &s1);
        ht_xmatch t = {0, 0, 0};
        if (i >= trig_end)
            t = ht_xlex_match(&d->x, i, s1, &ht_data_triggers, HT_XM_ACCENT, NULL, NULL);
        ht_xmatch a = ht_xlex_match(&d->x, i, s1, &ht_data_agreement_kinds, HT_XM_ACCENT, NULL, NULL);
        if (a.ntok && a.ntok >= t.ntok) {
            agm *g = HT_XPUSH(ev->ag, ev->nag, ev->capag);
            if (!g) {
                d->err = HT_ENOMEM;
                return;
            }
            g->kind = ht_data_cell(&ht_data_agreement_kinds, a.row, 1);
            g->rank = atoi(ht_data_cell(&ht_data_agreement_kinds, a.row, 2));
            g->t0 = i;
            g->t1 = i + a.ntok;
        }
        if (t.ntok && i >= trig_end) {
            trig_end = i + t.ntok;
            if (!strcmp(ht_data_cell(&ht_data_triggers, t.row, 1), "-") ||
                (atoi(ht_data_cell(&ht_data_triggers, t.row, 2)) < 3 && amid_nouns(d, i, i + t.ntok, s0, s1)))
                t.ntok = 0;
        }
        if (t.ntok) {
            trig *r = HT_XPUSH(ev->tr, ev->ntr, ev->captr);
            if (!r) {
                d->err = HT_ENOMEM;
                return;
            }
            r->kind = ht_data_cell(&ht_data_triggers, t.row, 1);
            r->weight = atoi(ht_data_cell(&ht_data_triggers, t.row, 2));
            r->t0 = i;
            r->t1 = i + t.ntok;
            r->intent = ev->mood[i] == MOOD_INTENT;
        }
        /* an agreement may start inside a trigger ("ký Biên bản hợp tác") */
        i += a.ntok ? a.ntok : 1;
    }
    /* an agreement is signed when its sentence reports a signing or a twinning, and it
     * is one agreement: not "khoảng 25 thỏa thuận", "các chương trình kết nghĩa", nor
     * the treaty whose anniversary is kept ("kỷ niệm 40 năm Ngày ký kết Hiệp ước …") */
    for (size_t k = 0; k < ev->nag; k++) {
        agm *g = &ev->ag[k];
        for (size_t q = 0; q < d->ndates && !g->term_from; q++) {
            const ht_xdate *o = &d->dates[q];
            if (o->kind == HT_XD_PERIOD && o->a.prec == HT_DATE_YEAR && !o->open && o->t0 >= g->t1 &&
                o->t0 <= g->t1 + 10 && sent_of(d, o->t0) == sent_of(d, g->t0)) {
                g->term_from = o->a.year;
                g->term_to = o->b.year;
            }
        }
        if ((g->counted = counted_or_remembered(d, ev->ag[k].t0)))
            continue;
        for (size_t q = 0; q < ev->ntr; q++) {
            const trig *r = &ev->tr[q];
            if (!r->intent && sent_of(d, r->t0) == sent_of(d, ev->ag[k].t0) &&
                (!strcmp(r->kind, "signing") || !strcmp(r->kind, "twinning")))
                ev->ag[k].is_signed = true;
        }
    }
}

/* ---- dates of events ---- */

static bool full_day(const ht_xdate *x)
{
    return x->kind == HT_XD_DATE && x->a.prec == HT_DATE_DAY && x->a.year > 0 && !x->with_time;
}

/* Does sentence s report an activity (a trigger word of any kind), or, with
 * signing_only, a signing or a twinning? */
static bool sentence_reports(const ht_xdoc *d, uint32_t s, bool signing_only)
{
    for (size_t i = d->sent_t0[s]; i < d->sent_t1[s]; i++) {
        ht_xmatch m = ht_xlex_match(&d->x, i, d->sent_t1[s], &ht_data_triggers, HT_XM_ACCENT, NULL, NULL);
        if (!m.ntok)
            continue;
        const char *kind = ht_data_cell(&ht_data_triggers, m.row, 1);
        if (signing_only ? !strcmp(kind, "signing") || !strcmp(kind, "twinning") : strcmp(kind, "-") != 0)
            return true;
    }
    return false;
}

static bool sentence_signs(const ht_xdoc *d, uint32_t s) { return sentence_reports(d, s, true); }

/* "… Năm đoàn kết hữu nghị Việt Nam - Lào 2017": the name of a year, a capitalised
 * "Năm" and two words or more before the year itself. */
static bool named_year(const ht_xdoc *d, const ht_xdate *o)
{
    size_t t = o->t0;
    if (o->cued)
        return false;
    for (size_t back = 3; back <= 12 && back <= t; back++) {
        size_t i = t - back;
        if (sent_of(d, i) != sent_of(d, t))
            return false;
        /* "Năm", not "Nam" of "Việt Nam" */
        if (ht_xtok_text(&d->x, i, "N\xc4\x83m") && !(tk(d, i)->flags & HT_XT_SENT))
            return true;
    }
    return false;
}

/* "lần thứ II năm 2017", "Năm … 2017": the one year of the story's numbered editions
 * and named years, else 0. */
static int edition_year(const ht_xdoc *d, int story)
{
    int year = 0;
    for (size_t q = 0; q < d->ndates; q++) {
        const ht_xdate *o = &d->dates[q];
        size_t t = o->t0;
        if (d->date_story[q] != story || o->kind != HT_XD_DATE || o->open || o->a.prec != HT_DATE_YEAR)
            continue;
        bool edition = o->cued && t >= 3 && ht_xtok_word(&d->x, t - 3, "lan") &&
                       ht_xtok_word(&d->x, t - 2, "thu") && sent_of(d, t - 3) == sent_of(d, t);
        if (!edition && !named_year(d, o))
            continue;
        uint32_t s = sent_of(d, t);
        bool ahead = false;
        for (size_t i = d->sent_t0[s]; i < d->sent_t1[s] && !ahead; i++)
            ahead = ht_xcue(d, i, HT_CUE_INTENT) > 0;
        if (ahead)
            continue;
        if (year && year != o->a.year)
            return 0;
        year = o->a.year;
    }
    return year;
}

/* The year of date k (written without one), from the evidence order of extract.h. */
static ht_date infer_year(ht_xdoc *d, size_t k, int story)
{
    ht_date r = d->dates[k].a;
    if (r.year > 0)
        return r;
    size_t t = d->dates[k].t0;
    uint32_t sent = sent_of(d, t), block = tk(d, t)->block;
    int year = 0;
    /* 1. a full date, 2. a term, in the same sentence (a term only for what is signed
     * there: a review "of the 2019 - 2023 agreement" is not in 2019) */
    bool signs = sentence_signs(d, sent);
    for (int pass = 0; pass < 1 + signs && !year; pass++)
        for (size_t q = 0; q < d->ndates && !year; q++) {
            const ht_xdate *o = &d->dates[q];
            if (q == k || sent_of(d, o->t0) != sent)
                continue;
            if (pass == 0 && full_day(o))
                year = o->a.year;
            if (pass == 1 && o->kind == HT_XD_PERIOD && o->a.year)
                year = o->a.year;
        }
    /* 2b. a year said in the same sentence ("… lần thứ II năm 2017"), not a starting
     * point nor a period */
    for (size_t q = 0; q < d->ndates && !year; q++) {
        const ht_xdate *o = &d->dates[q];
        if (q == k || sent_of(d, o->t0) != sent || o->kind != HT_XD_DATE || !o->cued ||
            o->a.prec != HT_DATE_YEAR || o->open)
            continue;
        /* "… sẽ bắt đầu vào năm 2021": a year the clause looks forward to is not it */
        bool ahead = false;
        size_t a0 = o->t0 < t ? o->t0 : t, a1 = o->t0 < t ? t : o->t0;
        for (size_t i = a0; i < a1 && !ahead; i++)
            ahead = ht_xcue(d, i, HT_CUE_INTENT) > 0;
        if (!ahead && a1 - a0 <= 15)
            year = o->a.year;
    }
    /* 2c. the year an anniversary of the story is celebrated ("(6/1967-6/2017)") */
    for (size_t q = 0; q < d->ndates && !year; q++)
        if (d->date_used[q] && d->date_story[q] == story && d->dates[q].kind == HT_XD_PERIOD)
            year = d->dates[q].b.year;
    /* 2d. the year of the edition the story's event belongs to ("Ngày hội … lần thứ
     * II năm 2017", told anywhere in the story): one year, in no sentence that looks
     * ahead */
    if (!year)
        year = edition_year(d, story);
    /* 3. the published date, for the article only */
    if (!year && story == 0 && d->doc->published && strlen(d->doc->published) >= 4) {
        int py = atoi(d->doc->published), pm = 0;
        if (strlen(d->doc->published) >= 7)
            pm = atoi(d->doc->published + 5);
        if (py > 0) {
            year = py;
            if (pm && r.month > pm + 1)
                year = py - 1; /* "28/12" in a paper of early January */
        }
    }
    /* 4. a full date in the same block, the nearest */
    if (!year) {
        size_t best = (size_t)-1;
        for (size_t q = 0; q < d->ndates; q++) {
            const ht_xdate *o = &d->dates[q];
            if (q == k || tk(d, o->t0)->block != block || !full_day(o) || d->date_used[q])
                continue;
            size_t dist = o->t0 > t ? o->t0 - t : t - o->t0;
            if (dist < best) {
                best = dist;
                year = o->a.year;
            }
        }
    }
    /* 5. the nearest full date of the story, a day and month close to this one, told
     * with an activity (not "đường bay … được khai thác từ ngày 31-3-2014") */
    if (!year) {
        size_t best = (size_t)-1;
        for (size_t q = 0; q < d->ndates; q++) {
            const ht_xdate *o = &d->dates[q];
            if (q == k || d->date_story[q] != story || !full_day(o) || d->date_used[q] ||
                !sentence_reports(d, sent_of(d, o->t0), false))
                continue;
            int gap = (o->a.month - r.month + 12) % 12;
            if (gap > 2 && gap < 10)
                continue; /* months apart: another time */
            size_t dist = o->t0 > t ? o->t0 - t : t - o->t0;
            if (dist < best) {
                best = dist;
                year = o->a.year;
                if (r.month > o->a.month + 6)
                    year--; /* "30/12" told beside "2/1/2024" */
            }
        }
    }
    /* 6. a term of the story */
    if (!year)
        for (size_t q = 0; q < d->ndates && !year; q++) {
            const ht_xdate *o = &d->dates[q];
            if (d->date_story[q] == story && o->kind == HT_XD_PERIOD && o->term && o->a.year &&
                sentence_signs(d, sent_of(d, o->t0)))
                year = o->a.year; /* the term of what the story signs, not of one in force */
        }
    if (year && ht_date_valid(year, r.month, r.prec == HT_DATE_DAY ? r.day : 1)) {
        r.year = (int16_t)year;
        r.inferred = true;
    }
    return r;
}

/* The year of a story told without a date: published (article), else its latest
 * full date. */
static ht_date story_year(const ht_xdoc *d, int story)
{
    ht_date r = {0};
    int year = 0;
    if (story == 0 && d->doc->published)
        year = atoi(d->doc->published);
    if (!year)
        for (size_t q = 0; q < d->ndates; q++) {
            const ht_xdate *o = &d->dates[q];
            if (d->date_story[q] != story || o->with_time)
                continue;
            int y = 0;
            if (full_day(o))
                y = o->a.year;
            else if (o->kind == HT_XD_PERIOD && o->b.prec == HT_DATE_DAY)
                y = o->b.year;
            if (y > year)
                year = y;
        }
    if (year > 0) {
        r.year = (int16_t)year;
        r.prec = HT_DATE_YEAR;
        r.inferred = true;
    }
    return r;
}

/* "Ngày 6/2, đại diện UBND tỉnh cho biết, …": a date that starts its sentence before
 * who says what follows (a verb of saying, then a comma or a colon) dates the telling,
 * not what is told. */
static bool told_on(const ht_xdoc *d, const ht_xdate *o)
{
    uint32_t sent = sent_of(d, o->t0);
    size_t s0 = d->sent_t0[sent], s1 = d->sent_t1[sent];
    if (o->t0 > s0 + 3)
        return false;
    for (size_t t = s0; t < o->t0; t++)
        if (tk(d, t)->kind == HT_TOK_PUNCT && !ht_xtok_is(&d->x, t, '('))
            return false;
    size_t t = o->t1;
    if (t < s1 && ht_xtok_is(&d->x, t, ')'))
        t++;
    if (t >= s1 || !ht_xtok_is(&d->x, t, ','))
        return false;
    for (size_t k = t + 1; k < s1 && k <= t + 25; k++) {
        if (ht_xtok_is(&d->x, k, ',') || ht_xtok_is(&d->x, k, ';') || ht_xtok_is(&d->x, k, ':'))
            return false;
        size_t n = ht_xcue(d, k, HT_CUE_SAYS);
        if (n && k + n < s1 && (ht_xtok_is(&d->x, k + n, ',') || ht_xtok_is(&d->x, k + n, ':')))
            return true;
    }
    return false;
}

/* The date of an event told in sentence `sent`: its first day or month date, not the
 * day it was told. */
static int date_in_sentence(const ht_xdoc *d, uint32_t sent)
{
    for (size_t q = 0; q < d->ndates; q++) {
        const ht_xdate *o = &d->dates[q];
        if (sent_of(d, o->t0) != sent || o->kind != HT_XD_DATE || o->open || o->with_time ||
            d->date_used[q] || o->a.prec < HT_DATE_MONTH || told_on(d, o))
            continue;
        return (int)q;
    }
    return -1;
}

/* ---- places, parties, people of a story ---- */

/* The tokens [*s0, *s1) of sentence sent; false if no token is in it. */
static bool sentence_bounds(const ht_xdoc *d, uint32_t sent, size_t *s0, size_t *s1)
{
    if (sent > d->x.nsent || !d->sent_t1[sent])
        return false;
    *s0 = d->sent_t0[sent];
    *s1 = d->sent_t1[sent];
    return true;
}

/* "tại thành phố Buôn Ma Thuột," -> the place as written. */
static const char *place_in_sentence(ht_xdoc *d, uint32_t sent)
{
    size_t s0, s1;
    if (!sentence_bounds(d, sent, &s0, &s1))
        return NULL;
    const char *fallback = NULL;
    for (size_t i = s0; i < s1; i++) {
        size_t c = ht_xcue(d, i, HT_CUE_PLACE);
        if (!c || d->skip[i])
            continue;
        size_t j = i + c;
        if (j >= s1)
            break;
        int k = ht_xpm_at(d, j);
        size_t ac = ht_xcue(d, j, HT_CUE_ADMIN);
        if (k < 0 && ac)
            k = ht_xpm_at(d, j + ac);
        size_t e = j;
        if (k >= 0)
            e = d->pm[k].t1;
        /* "nơi Tổng thống Nga Vladimir Putin đang ở": a person, not a place */
        if (k < 0 && !ac && ht_xlex_match(&d->x, j, s1, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL).ntok)
            continue;
        /* "ở nhà ở xã hội", "ở thành phố lớn nhất": an admin word before words in lower
         * case is none, unless a name follows them ("huyện đảo Lý Sơn", "vùng lòng hồ
         * sông Đà") or a number it ("quận 6", "ấp 4B"); "tại Lễ trao giải", "tại Hội
         * nghị": an event, not where it is */
        size_t venue = k < 0 ? ht_xcue(d, j, HT_CUE_VENUE) : 0;
        if (k < 0 && ac && !venue && j + ac < s1 && !is_cap(d, j + ac) && tk(d, j + ac)->kind != HT_TOK_NUM) {
            size_t q = j + ac;
            while (q < s1 && q < j + ac + 3 && is_word(d, q) && !is_cap(d, q) && !ht_xcue(d, q, HT_CUE_STOP) &&
                   !ht_xcue(d, q, HT_CUE_PLACE))
                q++;
            if (!(q < s1 && is_cap(d, q)))
                continue;
        }
        bool event = ht_xtok_text(&d->x, j, "Lễ") && j + 1 < s1 && is_word(d, j + 1) && !is_cap(d, j + 1);
        if (k < 0 && !ac && !venue &&
            (event || ht_xlex_match(&d->x, j, s1, &ht_data_triggers, HT_XM_ACCENT, NULL, NULL).ntok))
            continue;
        /* "tại Cung Triển lãm Kiến trúc": a venue's head may hold a word of an event */
        if (venue)
            e = j + venue;
        if (!(is_cap(d, j) || ac || k >= 0)) {
            /* "tại nghĩa trang liệt sỹ quốc gia Nầm (huyện Hương Sơn, tỉnh Hà Tĩnh)": a
             * place said in words, its locality in brackets */
            size_t q = j;
            while (q < s1 && q < j + 8 && is_word(d, q) && !ht_xcue(d, q, HT_CUE_STOP) &&
                   !ht_xlex_match(&d->x, q, s1, &ht_data_triggers, HT_XM_ACCENT, NULL, NULL).ntok)
                q++;
            if (q > j && q + 1 < s1 && ht_xtok_is(&d->x, q, '(')) {
                size_t w = q + 1 + ht_xcue(d, q + 1, HT_CUE_ADMIN);
                int pk = ht_xpm_at(d, w);
                size_t z = pk >= 0 ? d->pm[pk].t1 : q;
                while (z < s1 && z < q + 16 && !ht_xtok_is(&d->x, z, ')'))
                    z++;
                if (pk >= 0 && z < s1 && ht_xtok_is(&d->x, z, ')'))
                    return ht_xtext_of(d, j, z + 1);
            }
            continue;
        }
        size_t lim = j + 10 < s1 ? j + 10 : s1;
        bool dotted = false;
        while (e < lim && !ht_xcue(d, e, HT_CUE_STOP) &&
               !ht_xlex_match(&d->x, e, s1, &ht_data_triggers, HT_XM_ACCENT, NULL, NULL).ntok) {
            /* a dot inside a name ends nothing ("St.Petersburg", "TP.HCM"); a capital
             * title after such a name starts a caption's next sentence ("… ở
             * St.Peterburg Chủ tịch nước …") */
            if (tk(d, e)->kind == HT_TOK_PUNCT) {
                /* "Rô-ma", "Xanh Pê-téc-bua": a hyphen inside a word */
                if (e > j && glued_dash(d, e, lim) && is_word(d, e + 1)) {
                    e += 2;
                    continue;
                }
                if (!(e > j && ht_xtok_is(&d->x, e, '.') && !(tk(d, e)->flags & HT_XT_SPACE) && e + 1 < lim &&
                      is_cap(d, e + 1) && !(tk(d, e + 1)->flags & HT_XT_SPACE)))
                    break;
                e += 2;
                dotted = true;
                continue;
            }
            if (dotted && ht_xlex_match(&d->x, e, s1, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL).ntok)
                break;
            /* a locality's name is whole: a word in lower case after it is the
             * sentence's ("ở Đà Nẵng xong đã …") */
            if (k >= 0 && d->pm[k].src == HT_XPM_GAZ && e == d->pm[k].t1 && is_word(d, e) && !is_cap(d, e))
                break;
            e++;
        }
        /* "tại Q.2", "tại P. Long Bình": one letter is no place */
        if (e <= j || (e == j + 1 && tk(d, j)->end - tk(d, j)->start == 1))
            continue;
        /* "Phủ Chủ tịch, Hà Nội": a place and its city */
        if (e + 1 < s1 && ht_xtok_is(&d->x, e, ',') && ht_xpm_at(d, e + 1) >= 0 &&
            d->pm[ht_xpm_at(d, e + 1)].src == HT_XPM_GAZ)
            e = d->pm[ht_xpm_at(d, e + 1)].t1;
        /* a country only when nothing closer is said ("tại Nhật Bản … tại Tokyo") */
        bool country = k >= 0 && d->pm[k].t0 == j && d->pm[k].t1 == e && d->pm[k].src == HT_XPM_GAZ &&
                       !strcmp(ht_data_cell(&ht_data_gazetteer, (size_t)d->pm[k].gaz_row, 1), "country");
        if (!country)
            return ht_xtext_of(d, j, e);
        if (!fallback)
            fallback = ht_xtext_of(d, j, e);
    }
    return fallback;
}

/* A Vietnamese locality at token k (a mention of the gazetteer ending before s1), or
 * NULL. */
static const ht_xpm *vn_locality_at(const ht_xdoc *d, size_t k, size_t s1)
{
    int m = ht_xpm_at(d, k);
    if (m < 0 || d->pm[m].src != HT_XPM_GAZ || d->pm[m].t1 > s1)
        return NULL;
    size_t row = (size_t)d->pm[m].gaz_row;
    if (!strcmp(ht_data_cell(&ht_data_gazetteer, row, 1), "country") ||
        strcmp(ht_data_cell(&ht_data_gazetteer, row, 2), "VN"))
        return NULL;
    return &d->pm[m];
}

/* A visit takes place where no place is said: in a Vietnamese locality named right
 * after "thăm" ("bắt đầu chuyến thăm hữu nghị TP Đà Nẵng"), else at the port a ship
 * docks at, with its locality when it follows ("cập cảng Tiên Sa, Đà Nẵng", "cập cảng
 * Tiên Sa (Đà Nẵng)", "cập cảng Quốc tế TP HCM", "cập cảng Đà Nẵng"). */
static const char *visit_destination(ht_xdoc *d, uint32_t sent)
{
    size_t s0, s1;
    if (!sentence_bounds(d, sent, &s0, &s1))
        return NULL;
    for (size_t i = s0; i + 1 < s1; i++) {
        if (d->skip[i] || !ht_xtok_text(&d->x, i, "thăm"))
            continue;
        size_t j = i + 1;
        if ((ht_xtok_word(&d->x, j, "huu") && ht_xtok_word(&d->x, j + 1, "nghi")) ||
            (ht_xtok_word(&d->x, j, "chinh") && ht_xtok_word(&d->x, j + 1, "thuc")))
            j += 2;
        if (j >= s1)
            break;
        const ht_xpm *m = vn_locality_at(d, j, s1);
        if (!m)
            m = vn_locality_at(d, j + ht_xcue(d, j, HT_CUE_ADMIN), s1);
        if (m)
            return ht_xtext_of(d, j, m->t1);
    }
    static const char *const after_port[] = {"vào", "thăm", "sáng", "chiều", "tối", "ngày", "lúc", "và"};
    for (size_t i = s0; i + 2 < s1; i++) {
        if (d->skip[i] || !ht_xtok_text(&d->x, i, "cập") || !ht_xtok_text(&d->x, i + 1, "cảng"))
            continue;
        size_t e = i + 2;
        while (e < s1 && is_cap(d, e) && ht_xpm_at(d, e) < 0) {
            e = ht_xname_word(d, e);
            /* "cảng Quốc tế …": international, in lower case */
            if (ht_xtok_text(&d->x, e - 1, "Quốc") && ht_xtok_text(&d->x, e, "tế"))
                e++;
        }
        const ht_xpm *m = vn_locality_at(d, e, s1);
        if (m) { /* "cập cảng Đà Nẵng", "cảng Quốc tế TP HCM" */
            e = m->t1;
            return ht_xtext_of(d, i + 1, e);
        }
        if (e == i + 2)
            continue;
        /* the port's name ends there, not in lower case ("cảng Quốc gia mới") */
        bool ends = e >= s1 || d->x.t[e].kind == HT_TOK_PUNCT;
        for (size_t w = 0; !ends && w < sizeof after_port / sizeof *after_port; w++)
            ends = ht_xtok_text(&d->x, e, after_port[w]);
        if (!ends)
            continue;
        if (e + 1 < s1 && ht_xtok_is(&d->x, e, ',') && (m = vn_locality_at(d, e + 1, s1)))
            e = m->t1;
        else if (e + 1 < s1 && ht_xtok_is(&d->x, e, '(') && (m = vn_locality_at(d, e + 1, s1)) &&
                 ht_xtok_is(&d->x, m->t1, ')'))
            e = m->t1 + 1;
        return ht_xtext_of(d, i + 1, e);
    }
    return NULL;
}

/* The place told before token i in its sentence ("tại X, … ký …"). */
static const char *place_before(ht_xdoc *d, size_t i)
{
    size_t s0, s1;
    ht_xsentence(d, i, &s0, &s1);
    for (size_t k = s0; k < i; k++)
        if (ht_xcue(d, k, HT_CUE_PLACE))
            return place_in_sentence(d, sent_of(d, i));
    return NULL;
}

static bool party_is_country(const ht_xdoc *d, int p)
{
    return p >= 0 && !strcmp(d->parties[p].kind, "country");
}

/* Adds the party a mention acts for: an organisation followed by its locality, or
 * the locality alone for a body that stands for it ("UBND tỉnh X": X; "Quốc hội Cu
 * Ba": Cuba). */
static void add_acting(ht_xdoc *d, iset *s, int party)
{
    if (party < 0)
        return;
    const ht_xpr *p = &d->parties[party];
    if (!strcmp(p->kind, "organisation")) {
        int up = p->parent_party;
        if (p->represents && up >= 0) {
            if (party_is_country(d, up) && strcmp(d->parties[up].id, "VN"))
                d->parties[up].acted_for = true;
            iset_add(d, s, up);
            return;
        }
        iset_add(d, s, party);
        if (up >= 0 && !party_is_country(d, up))
            iset_add(d, s, up);
        return;
    }
    iset_add(d, s, party);
}

/* "tại thành phố Hà Tĩnh", "ở các tỉnh Đồng Nai, Bình Dương": where something is or
 * happens, not who takes part. *cue: the token the place word ("tại") starts at. */
static bool location_cue(const ht_xdoc *d, size_t k, size_t *cue)
{
    for (int depth = 0; depth < 8; depth++) {
        size_t p = d->pm[k].t0;
        size_t s0 = d->sent_t0[sent_of(d, p)];
        /* "tại nhiều quốc gia như Thái Lan", "ở các tỉnh Đồng Nai" */
        for (int guard = 0; guard < 6 && p > s0; guard++) {
            size_t q = p - 1, c = 0;
            for (size_t back = 1; back <= 2 && back <= q - s0 + 1 && !c; back++) {
                size_t a = ht_xcue(d, q + 1 - back, HT_CUE_ADMIN), b = ht_xcue(d, q + 1 - back, HT_CUE_COUNTRY);
                if (a == back || b == back)
                    c = back;
            }
            if (!c && (ht_xtok_word(&d->x, q, "cac") || ht_xtok_word(&d->x, q, "nhung") ||
                       ht_xtok_word(&d->x, q, "hai") || ht_xtok_word(&d->x, q, "nhieu") ||
                       ht_xtok_word(&d->x, q, "nhu") || ht_xtok_word(&d->x, q, "ca")))
                c = 1;
            if (!c)
                break;
            p -= c;
        }
        if (p <= s0)
            return false;
        for (size_t back = 1; back <= 3 && back <= p - s0; back++) {
            size_t c = ht_xcue(d, p - back, HT_CUE_PLACE);
            if (c == back) {
                *cue = p - back;
                return true;
            }
        }
        /* "tại Tokyo (Nhật Bản)": the country of a location is one too */
        if (ht_xtok_is(&d->x, p - 1, '(') && p >= 2 && d->pm[k].src != HT_XPM_ORG) {
            int prev = ht_xplace_ending(d, p - 1);
            if (prev >= 0) {
                k = (size_t)prev;
                continue;
            }
        }
        /* a list of places goes on: ", Bình Dương", "và Bình Phước" after a location */
        if (d->pm[k].src == HT_XPM_ORG ||
            !(ht_xtok_is(&d->x, p - 1, ',') || ht_xtok_word(&d->x, p - 1, "va")))
            return false;
        int prev = ht_xplace_ending(d, p - 1);
        if (prev < 0)
            return false;
        k = (size_t)prev;
    }
    return false;
}

/* A visit or a working session ends right before token q: "thăm và làm việc", "đoàn
 * công tác", "có buổi làm việc" (not "làm việc" alone: people work abroad; nor
 * "khảo sát", "tham quan": a survey, a sight). */
static bool visit_before(const ht_xdoc *d, size_t q)
{
    size_t s0 = d->sent_t0[sent_of(d, q)];
    for (size_t back = 1; back <= 5 && back <= q - s0; back++) {
        ht_xmatch m = ht_xlex_match(&d->x, q - back, q, &ht_data_triggers, HT_XM_ACCENT, NULL, NULL);
        if (m.ntok != back)
            continue;
        size_t f = q - back, words = 0;
        if (ht_xtok_word(&d->x, f, "khao") || (ht_xtok_word(&d->x, f, "tham") && f + 1 < q &&
                                               ht_xtok_word(&d->x, f + 1, "quan")))
            continue;
        for (size_t t = f; t < q; t++)
            words += tk(d, t)->kind == HT_TOK_WORD;
        const char *kind = ht_data_cell(&ht_data_triggers, m.row, 1);
        if (!strcmp(kind, "visit") ||
            (!strcmp(kind, "working_session") && words >= 3 && !ht_xtok_word(&d->x, f, "den")))
            return true;
    }
    return false;
}

/* Mention k, a location after the cue at token cue: a foreign place where something
 * happens ("trang trại tại Thái Lan") is not a party, unless a visit goes there ("thăm
 * và làm việc tại tỉnh Sê Kông": the host); a Vietnamese one is the host (a district in
 * a province already there is dropped later). */
static bool foreign_location(const ht_xdoc *d, size_t k, size_t cue)
{
    const char *c = d->parties[d->pm[k].party].country;
    return (!c || strcmp(c, "VN") != 0) && !visit_before(d, cue);
}

/* "tham quan các danh lam thắng cảnh tại thành phố Đà Nẵng, Hội An, Huế": the places of
 * a sightseeing (its words since the clause began, before the place cue at q) are
 * where visitors go, not hosts. */
static bool sight_before(const ht_xdoc *d, size_t q)
{
    size_t s0 = d->sent_t0[sent_of(d, q)];
    for (size_t back = 1; back <= 8 && back <= q - s0; back++) {
        size_t f = q - back;
        if (tk(d, f)->kind == HT_TOK_PUNCT && (ht_xtok_is(&d->x, f, ';') || ht_xtok_is(&d->x, f, ':')))
            return false;
        if (ht_xtok_word(&d->x, f, "tham") && f + 1 < q && ht_xtok_word(&d->x, f + 1, "quan"))
            return true;
    }
    return false;
}

/* A word of the future ("sẽ", "dự kiến", "sắp", "chuẩn bị", "dự định") in the clause
 * before token i, after any word of the past ("đã", "vừa"): not a purpose ("để",
 * "nhằm") nor "tiếp tục" alone, which report what happened as often. */
static bool future_before(const ht_xdoc *d, size_t i)
{
    static const char *const two[][2] = {{"du", "kien"}, {"chuan", "bi"}, {"du", "dinh"}};
    static const char *const past[] = {"đã", "vừa"}, *const will[] = {"sẽ", "Sẽ", "sắp"};
    size_t s0 = d->sent_t0[sent_of(d, i)];
    for (size_t back = 1; back <= 25 && back <= i - s0; back++) {
        size_t f = i - back;
        /* "… đã được tổ chức sáng 26/5, tại Hà Nội": what happened, nearer */
        if (ht_xtok_is(&d->x, f, ';') || ht_xtok_is(&d->x, f, ':') || ht_xcue(d, f, HT_CUE_PAST) ||
            ht_xtok_text_in(&d->x, f, past, sizeof past / sizeof *past))
            return false;
        if (ht_xtok_text_in(&d->x, f, will, sizeof will / sizeof *will))
            return true;
        if (ht_xtok_pair_in(&d->x, f, two, sizeof two / sizeof two[0]))
            return true;
    }
    return false;
}

static void parties_of_sentence(ht_xdoc *d, const uint8_t *mood, uint32_t sent, int story, iset *s,
                                bool titles_too)
{
    for (size_t t = d->sent_t0[sent]; t < d->sent_t1[sent]; t++)
    for (int kk = d->pm_start[t]; kk >= 0; kk = d->pm[kk].next_start) {
        size_t k = (size_t)kk;
        const ht_xpm *m = &d->pm[k];
        if (m->dropped || m->party < 0 || m->story != story || d->skip[m->t0])
            continue;
        if (m->in_title && !titles_too)
            continue;
        size_t cue;
        bool located = location_cue(d, k, &cue);
        if (located && (foreign_location(d, k, cue) || (m->src != HT_XPM_ORG && sight_before(d, cue))))
            continue;
        /* "PP17 sẽ tiếp tục hoạt động tại TP. Nha Trang", "dự kiến tổ chức tại Hà Nội":
         * where something will happen is no party of what did */
        if (located && mood[cue] == MOOD_INTENT && future_before(d, cue))
            continue;
        /* "…, Bộ Công Thương cho biết, …", "Theo Sở Ngoại vụ, …": the source of the
         * news (not a body in a speaker's title: "ông …, Giám đốc … cho biết") */
        if (m->src == HT_XPM_ORG && m->t0 > 0 &&
            (ht_xtok_word(&d->x, m->t0 - 1, "theo") ||
             (ht_xcue(d, m->t1, HT_CUE_SAYS) &&
              (m->t0 == d->sent_t0[sent] || ht_xtok_is(&d->x, m->t0 - 1, ',')))))
            continue;
        /* "tại Trung tâm Hội nghị tỉnh Bình Dương": the venue is where; its locality
         * is the host */
        if (located && m->src == HT_XPM_ORG && ht_xcue(d, m->t0, HT_CUE_VENUE)) {
            int up = d->parties[m->party].parent_party;
            if (up >= 0 && !party_is_country(d, up))
                add_acting(d, s, up);
            continue;
        }
        /* "tại thành phố Hà Tĩnh": the host is the province */
        if (located && d->parties[m->party].parent_party >= 0 &&
            !party_is_country(d, d->parties[m->party].parent_party) &&
            strcmp(d->parties[m->party].kind, "organisation")) {
            add_acting(d, s, d->parties[m->party].parent_party);
            continue;
        }
        /* a place inside an organisation's name comes with the organisation */
        if (m->src != HT_XPM_ORG && d->org_tok[m->t0])
            continue;
        add_acting(d, s, m->party);
    }
}

/* Countries are left out when one of their provinces or organisations is there,
 * unless a body standing for the country took part ("Quốc hội Cu Ba"). */
static void drop_implied(ht_xdoc *d, iset *s)
{
    size_t w = 0;
    for (size_t k = 0; k < s->n; k++) {
        int p = s->v[k];
        bool implied = false;
        if (party_is_country(d, p) && !d->parties[p].acted_for)
            for (size_t q = 0; q < s->n && !implied; q++)
                if (q != k && !party_is_country(d, s->v[q]) && d->parties[s->v[q]].country &&
                    !strcmp(d->parties[s->v[q]].country, d->parties[p].id))
                    implied = true;
        if (!implied)
            s->v[w++] = p;
    }
    s->n = w;
}

static int cmp_party_order(const void *a, const void *b, void *ud)
{
    const ht_xdoc *d = ud;
    size_t x = d->parties[*(const int *)a].first_tok, y = d->parties[*(const int *)b].first_tok;
    return x < y ? -1 : x > y;
}

static int *copy_parties(ht_xdoc *d, iset *s, size_t *n)
{
    if (s->n > 1)
        qsort_r(s->v, s->n, sizeof *s->v, cmp_party_order, d);
    int *r = ht_arena_alloc(d->arena, (s->n + 1) * sizeof *r);
    if (!r) {
        d->err = HT_ENOMEM;
        *n = 0;
        return NULL;
    }
    for (size_t k = 0; k < s->n; k++)
        r[k] = s->v[k];
    *n = s->n;
    return r;
}

/* ---- fields, commitments, tasks ---- */

static bool has_str(const char **v, size_t n, const char *s)
{
    for (size_t k = 0; k < n; k++)
        if (!strcmp(v[k], s))
            return true;
    return false;
}

/* Fields named where cooperation is described: right after a cue ("hợp tác", "lĩnh
 * vực"), or in a list that goes on from one; in the title without a cue. Only the
 * sentences whose entry in sel equals want are read. */
/* Does sentence s speak of cooperation: a field cue ("hợp tác", "lĩnh vực") or the
 * name of an agreement? */
static bool coop_sentence(ht_xdoc *d, uint32_t s)
{
    for (size_t i = d->sent_t0[s]; i < d->sent_t1[s]; i++)
        if (ht_xcue(d, i, HT_CUE_FIELD) ||
            ht_xlex_match(&d->x, i, d->sent_t1[s], &ht_data_agreement_kinds, HT_XM_ACCENT, NULL, NULL).ntok)
            return true;
    return false;
}

static bool in_org(const ht_xdoc *d, size_t i) { return d->org_tok[i] != 0; }

/* Fields named in the sentences that speak of cooperation (and in the title), outside
 * the names of organisations ("Sở Văn hóa …"). Only the sentences whose entry in sel
 * equals want are read. */
static void fields_of(ht_xdoc *d, const int *sel, int want, const char ***out, size_t *nout)
{
    const char *f[64];
    size_t nf = 0;
    bool coop = false;
    uint32_t cur = (uint32_t)-1;
    for (size_t i = 0; i < d->x.n; i++) {
        uint32_t s = sent_of(d, i);
        if (sel[s] != want || d->skip[i])
            continue;
        if (s != cur) {
            cur = s;
            coop = d->sent_coop[s] || coop_sentence(d, s) ||
                   d->doc->blocks[tk(d, i)->block].cls == HT_BLK_TITLE;
        }
        if (!coop || !is_word(d, i))
            continue;
        ht_xmatch m = ht_xlex_match(&d->x, i, d->sent_t1[s], &ht_data_fields, HT_XM_ACCENT, NULL, NULL);
        if (!m.ntok || in_org(d, i))
            continue;
        const char *cell = ht_data_cell(&ht_data_fields, m.row, 1);
        for (const char *c = cell;;) {
            size_t len = strcspn(c, "|");
            char code[32];
            snprintf(code, sizeof code, "%.*s", (int)len, c);
            if (nf < 64 && !has_str(f, nf, code))
                f[nf++] = ht_xstrdup(d, code);
            if (!c[len])
                break;
            c += len + 1;
        }
        i += m.ntok - 1;
    }
    *out = ht_arena_alloc(d->arena, (nf + 1) * sizeof **out);
    if (!*out) {
        d->err = HT_ENOMEM;
        *nout = 0;
        return;
    }
    memcpy(*out, f, nf * sizeof *f);
    *nout = nf;
}

static bool in_date(const ht_xdoc *d, size_t i) { return i < d->x.n && d->dated[i]; }

/* A sentence [s0, s1) that gives an amount of capital: "vốn" before a sum of money,
 * and no promise of its own. */
static bool capital_amount(const ht_xdoc *d, size_t s0, size_t s1)
{
    bool von = false;
    for (size_t k = s0; k < s1; k++) {
        if (ht_xcue(d, k, HT_CUE_PROMISE))
            return false;
        if (ht_xtok_word(&d->x, k, "von"))
            von = true;
        else if (von && tk(d, k)->kind == HT_TOK_NUM && !in_date(d, k)) {
            ht_xmatch m = ht_xlex_match(&d->x, k + 1, s1, &ht_data_units, HT_XM_ACCENT, NULL, NULL);
            if (m.ntok && !strcmp(ht_data_cell(&ht_data_units, m.row, 1), "money"))
                return true;
        }
    }
    return false;
}

/* Quantities in clauses that promise or give: "tạo điều kiện để 5 du học sinh …". */
static void commitments(ht_xdoc *d, const int *sel, int want, const char ***out, size_t *nout)
{
    const char *c[32];
    size_t nc = 0;
    for (size_t i = 0; i < d->x.n && nc < 32; i++) {
        int nd;
        if (sel[sent_of(d, i)] != want || d->skip[i])
            continue;
        size_t s0, s1;
        ht_xsentence(d, i, &s0, &s1);
        /* "sẽ giúp TP Đà Nẵng xây dựng trường …": a promise to give or build, with
         * what is given named */
        size_t pc = ht_xcue(d, i, HT_CUE_PROMISE);
        if (pc) {
            size_t g = 0;
            for (size_t k = i + pc; k < s1 && k <= i + pc + 3 && !g; k++)
                if (ht_xcue(d, k, HT_CUE_GIVE))
                    g = k;
            if (g) {
                size_t e = g, named = 0;
                while (e < s1 && !ht_xtok_is(&d->x, e, ';') && !ht_xtok_is(&d->x, e, '.') && e < g + 40) {
                    if ((is_cap(d, e) && e > g) || (tk(d, e)->kind == HT_TOK_NUM && !in_date(d, e)))
                        named++;
                    e++;
                }
                /* "… sẽ đầu tư Dự án X. Quy mô vốn đầu tư dự kiến là 1,2 tỷ USD.": the
                 * amount of what is promised, told in the next sentence */
                if (named && (e == s1 || ht_xtok_is(&d->x, e, '.')) && s1 < d->x.n &&
                    sel[sent_of(d, s1)] == want) {
                    size_t n0, n1;
                    ht_xsentence(d, s1, &n0, &n1);
                    if (capital_amount(d, n0, n1)) {
                        e = n1;
                        while (e > n0 && tk(d, e - 1)->kind == HT_TOK_PUNCT)
                            e--;
                    }
                }
                if (named) {
                    c[nc++] = ht_xtext_of(d, i, e);
                    i = e;
                    continue;
                }
            }
        }
        if (tk(d, i)->kind != HT_TOK_NUM || in_date(d, i))
            continue;
        size_t u = i + 1;
        ht_xmatch m = ht_xlex_match(&d->x, u, s1, &ht_data_units, HT_XM_ACCENT, NULL, NULL);
        if (!m.ntok || !strcmp(ht_data_cell(&ht_data_units, m.row, 1), "time"))
            continue;
        (void)nd;
        /* the nearest commitment cue before the number, in the same sentence */
        size_t cue = (size_t)-1;
        for (size_t k = i; k > s0; k--) {
            size_t q = k - 1;
            if (ht_xtok_is(&d->x, q, ';'))
                break;
            if (ht_xcue(d, q, HT_CUE_COMMIT)) {
                cue = q;
                break;
            }
        }
        if (cue == (size_t)-1)
            continue;
        size_t e = u + m.ntok;
        while (e < s1 && !ht_xtok_is(&d->x, e, ';') && !ht_xtok_is(&d->x, e, '.') && e < u + m.ntok + 25)
            e++;
        c[nc++] = ht_xtext_of(d, cue, e);
        i = e;
    }
    /* the same promise told twice (in the lead and in the body), once with its amount:
     * kept once, the longer */
    size_t w = 0;
    for (size_t k = 0; k < nc; k++) {
        bool dup = !c[k];
        for (size_t q = 0; q < nc && !dup; q++)
            dup = q != k && c[q] && !strncmp(c[k], c[q], strlen(c[k])) &&
                  (strlen(c[q]) > strlen(c[k]) || q < k);
        if (!dup)
            c[w++] = c[k];
    }
    nc = w;
    *out = ht_arena_alloc(d->arena, (nc + 1) * sizeof **out);
    if (!*out) {
        d->err = HT_ENOMEM;
        *nout = 0;
        return;
    }
    memcpy(*out, c, nc * sizeof *c);
    *nout = nc;
}

/* "có 9 nhiệm vụ …": the number of tasks; *sent its sentence. */
static int tasks_declared(const ht_xdoc *d, int story, uint32_t *sent)
{
    for (size_t i = 0; i + 1 < d->x.n; i++) {
        int nd;
        long v = ht_xtok_int(&d->x, i, &nd);
        if (v < 1 || v > 200 || d->story[i] != story || d->skip[i] || in_date(d, i))
            continue;
        if (ht_xcue(d, i + 1, HT_CUE_TASKS)) {
            *sent = sent_of(d, i);
            return (int)v;
        }
    }
    return -1;
}

/* The tasks listed after "bao gồm:" in the sentence, split at ';'. */
/* Tokens of a list item's enumerator at i ("1.", "2)", "a)", "-", "+", "•"), 0 if none. */
static size_t enumerator(const ht_xdoc *d, size_t i)
{
    if (i + 1 < d->x.n && (tk(d, i)->kind == HT_TOK_NUM || (tk(d, i)->kind == HT_TOK_WORD &&
                                                          tk(d, i)->end - tk(d, i)->start == 1)) &&
        (ht_xtok_is(&d->x, i + 1, ')') || (tk(d, i)->kind == HT_TOK_NUM && ht_xtok_is(&d->x, i + 1, '.'))))
        return 2;
    if (i < d->x.n && (ht_xtok_dash(&d->x, i) || ht_xtok_is(&d->x, i, '+') || ht_xtok_is(&d->x, i, '*') ||
                       (tk(d, i)->kind == HT_TOK_PUNCT && tk(d, i)->end - tk(d, i)->start == 3 &&
                        !memcmp(d->x.text + tk(d, i)->start, "\xE2\x80\xA2", 3))))
        return 1;
    return 0;
}

static const char *item_text(ht_xdoc *d, size_t a, size_t e)
{
    a += enumerator(d, a);
    while (e > a && tk(d, e - 1)->kind == HT_TOK_PUNCT)
        e--;
    return e > a ? ht_xtext_of(d, a, e) : NULL;
}

/* The tasks listed after "bao gồm:" in the sentence, split at ';', or in the blocks
 * that follow it as numbered or bulleted items. Their sentences count as speaking of
 * cooperation (sent_coop). */
static void task_list(ht_xdoc *d, uint32_t sent, uint8_t *sent_coop, const char ***out, size_t *nout)
{
    *nout = 0;
    *out = NULL;
    size_t s0 = d->sent_t0[sent], s1 = d->sent_t1[sent];
    /* the items follow a colon ("bao gồm:", "6 nhiệm vụ trọng tâm:") */
    size_t start = 0;
    for (size_t i = s0; i < s1 && !start; i++)
        if (ht_xtok_is(&d->x, i, ':'))
            start = i + 1;
    if (!start)
        return;
    const char *items[64];
    size_t ni = 0, a = start;
    for (size_t i = start; i <= s1 && ni < 64; i++) {
        if (i == s1 || ht_xtok_is(&d->x, i, ';')) {
            const char *t = item_text(d, a, i);
            if (t)
                items[ni++] = t;
            a = i + 1;
        }
    }
    if (ni < 2 && start >= s1 - (ht_xtok_is(&d->x, s1 - 1, '.') ? 1 : 0)) {
        /* "… 6 nhiệm vụ trọng tâm:" and then one block per item */
        ni = 0;
        uint32_t b = tk(d, s0)->block;
        size_t i = s1;
        while (i < d->x.n && tk(d, i)->block == b)
            i++;
        while (i < d->x.n && ni < 64 && d->story[i] == d->story[s0] && enumerator(d, i)) {
            size_t e = i;
            uint32_t bb = tk(d, i)->block;
            while (e < d->x.n && tk(d, e)->block == bb)
                e++;
            const char *t = item_text(d, i, e);
            if (t)
                items[ni++] = t;
            for (size_t k = i; k < e; k++)
                sent_coop[sent_of(d, k)] = 1;
            i = e;
        }
    } else if (ni >= 2)
        sent_coop[sent] = 1;
    if (ni < 2) {
        *nout = 0;
        return;
    }
    *out = ht_arena_alloc(d->arena, ni * sizeof **out);
    if (!*out) {
        d->err = HT_ENOMEM;
        return;
    }
    memcpy(*out, items, ni * sizeof *items);
    *nout = ni;
}

/* "“Thỏa thuận hợp tác”" -> the quoted name; else the kind's words and what follows
 * them up to a punctuation mark, a date or a term. */

static const char *agreement_title(ht_xdoc *d, const agm *g)
{
    size_t s0, s1;
    ht_xsentence(d, g->t0, &s0, &s1);
    if (g->t0 > s0 && ht_xtok_quote(&d->x, g->t0 - 1, true))
        for (size_t e = g->t0; e < s1 && e < g->t0 + 30; e++)
            if (ht_xtok_quote(&d->x, e, false))
                return ht_xtext_of(d, g->t0, e);
    /* the words that start the rest of a sentence, never inside a title ("Thỏa thuận
     * Paris về biến đổi khí hậu là …", "Thỏa thuận này được …") */
    static const char *const verb[] = {"này", "được", "là", "đã", "bị", "vừa", "thì", "mà",
                                       "nhưng", "cũng", "đều", "đang", "sẽ", "như"};
    size_t e = g->t1;
    while (e < s1 && e < g->t1 + 12) {
        /* "máy bay chiến đấu F-35", "tên lửa S-400": a hyphen inside a word */
        if (e > g->t1 && glued_dash(d, e, s1)) {
            e += 2;
            continue;
        }
        /* "thỏa thuận vũ khí trị giá 110 tỷ USD", "thỏa thuận cho phép Mỹ …" */
        if ((ht_xtok_word(&d->x, e, "tri") && ht_xtok_word(&d->x, e + 1, "gia")) ||
            (ht_xtok_word(&d->x, e, "cho") && ht_xtok_word(&d->x, e + 1, "phep")))
            break;
        if (tk(d, e)->kind != HT_TOK_WORD || ht_xcue(d, e, HT_CUE_TERM) ||
            ht_xtok_text_in(&d->x, e, verb, sizeof verb / sizeof *verb) || ht_xcue(d, e, HT_CUE_PLACE) ||
            ht_xtok_word(&d->x, e, "giua") || ht_xtok_word(&d->x, e, "voi") || in_date(d, e) ||
            ht_xcue(d, e, HT_CUE_PAST) || ht_xcue(d, e, HT_CUE_INTENT) || ht_xcue(d, e, HT_CUE_BEFORE))
            break;
        e++;
    }
    /* "… kỹ thuật quân sự vào hôm (16/5)", "… hiệp định này vào": no function word
     * ends a name */
    static const char *const tail[] = {"vào", "hồi", "hôm", "trong", "nào", "và", "của", "cho",
                                       "tại", "để", "đó", "ấy", "lần"};
    while (e > g->t1 && ht_xtok_text_in(&d->x, e - 1, tail, sizeof tail / sizeof *tail))
        e--;
    return ht_xtext_of(d, g->t0, e);
}

static double clamp(double c) { return c < 0.05 ? 0.05 : c > 0.98 ? 0.98 : c; }

static void sentence_span(ht_xdoc *d, size_t i, ht_span *sp)
{
    size_t s0, s1;
    ht_xsentence(d, i, &s0, &s1);
    *sp = ht_xspan(d, s0, s1);
}

/* ---- the stories ----
 * A story is cut into events: the main one (the first dated sentence that reports
 * something, with every sentence that has no date of its own) and one more for each
 * other sentence that reports something under a day of its own ("Trước đó, sáng
 * 11/12, đoàn … đã đến thăm …"). Signed agreements are grouped: mentions of one
 * sentence are one agreement; mentions of other sentences join it when they belong to
 * the same event, are of the same kind (or one is a twinning) and name the same
 * parties or none. */

typedef struct {
    ht_xagreement *ag;
    size_t nag, capag;
    ht_xactivity *ac;
    size_t nac, capac;
} results;

typedef struct {
    uint32_t sent;
    int date_k;
    int wmax;
    bool signed_ag, background, title, commits;
} sinfo;

typedef struct {
    int start;        /* index in the story's sentences, -1 for an undated main event */
    int date_k;
    ht_date date;
} event;

typedef struct {
    const char *kind;
    int rank;
    int event;
    size_t first;      /* token of the first mention */
    iset parties;
    iset sents;
    bool referenced;   /* an agreement in force told of, not signed in the story */
    int term_from, term_to;
} cluster;

static int best_title(const ht_xpmen *m)
{
    int ti = -1;
    for (int t = 0; t < m->ntitles; t++)
        if (ti < 0 || (m->titles[ti].pm < 0 && m->titles[t].pm >= 0))
            ti = t;
    return ti;
}

static void participants(ht_xdoc *d, const int *sel, int want, ht_xactivity *a, iset *parties)
{
    ht_xparticipant buf[32];
    size_t n = 0;
    for (size_t k = 0; k < d->npmen && n < 32; k++) {
        const ht_xpmen *m = &d->pmen[k];
        if (m->person < 0 || d->skip[m->n0] || sel[sent_of(d, m->n0)] != want)
            continue;
        /* "dâng hương Chủ tịch Hồ Chí Minh": people of history take no part */
        if (ht_xlex_match(&d->x, m->n0, m->n1, &ht_data_history, HT_XM_ACCENT, NULL, NULL).ntok ==
            m->n1 - m->n0)
            continue;
        int ti = best_title(m);
        bool seen = false;
        for (size_t q = 0; q < n; q++)
            if (buf[q].person == m->person) {
                seen = true;
                if (!buf[q].role && ti >= 0)
                    buf[q].role = ht_xtext_of(d, m->titles[ti].w0, m->titles[ti].t1);
            }
        if (seen)
            continue;
        buf[n].person = m->person;
        buf[n].role = ti >= 0 ? ht_xtext_of(d, m->titles[ti].w0, m->titles[ti].t1) : NULL;
        n++;
        /* "Tổng lãnh sự Campuchia Im Heng": a person who holds an office of a foreign
         * country takes part for it, beside any of its provinces */
        int pp = d->people[m->person].party;
        if (party_is_country(d, pp) && strcmp(d->parties[pp].id, "VN"))
            d->parties[pp].acted_for = true;
        add_acting(d, parties, pp);
    }
    a->participants = ht_arena_alloc(d->arena, (n + 1) * sizeof *a->participants);
    if (!a->participants) {
        d->err = HT_ENOMEM;
        return;
    }
    memcpy(a->participants, buf, n * sizeof *buf);
    a->nparticipants = n;
}

static bool same_day(const ht_date *a, const ht_date *b)
{
    return a->month == b->month && a->day == b->day && (!a->year || !b->year || a->year == b->year);
}

static bool sent_has_before(const ht_xdoc *d, uint32_t s)
{
    size_t t0 = d->sent_t0[s], t1 = d->sent_t1[s];
    for (size_t i = t0; i < t1 && i < t0 + 4; i++)
        if (ht_xcue(d, i, HT_CUE_BEFORE))
            return true;
    return false;
}

static bool iset_subset(const iset *a, const iset *b)
{
    for (size_t k = 0; k < a->n; k++)
        if (!iset_has(b, a->v[k]))
            return false;
    return true;
}

static void build_story(ht_xdoc *d, evs *ev, int story, results *res, int *sel)
{
    bool other = story > 0;
    /* the story's sentences */
    sinfo *si = NULL;
    size_t ns = 0, caps = 0;
    for (size_t i = 0; i < d->x.n; i++) {
        if (d->story[i] != story || !(i == 0 || sent_of(d, i) != sent_of(d, i - 1)))
            continue;
        sinfo *x = HT_XPUSH(si, ns, caps);
        if (!x) {
            d->err = HT_ENOMEM;
            free(si);
            return;
        }
        x->sent = sent_of(d, i);
        x->date_k = date_in_sentence(d, x->sent);
        x->background = sent_has_before(d, x->sent);
        x->title = d->doc->blocks[tk(d, i)->block].cls == HT_BLK_TITLE;
        /* a sentence that promises or gives something (its parties take part) */
        for (size_t t = d->sent_t0[x->sent]; t < d->sent_t1[x->sent] && !x->commits; t++)
            x->commits = ht_xcue(d, t, HT_CUE_COMMIT) > 0 && ht_xcue(d, t, HT_CUE_STOP) == 0;
    }
    for (size_t q = 0; q < ev->ntr; q++) {
        const trig *r = &ev->tr[q];
        if (d->story[r->t0] != story || r->intent)
            continue;
        for (size_t k = 0; k < ns; k++)
            if (si[k].sent == sent_of(d, r->t0) && r->weight > si[k].wmax)
                si[k].wmax = r->weight;
    }
    for (size_t q = 0; q < ev->nag; q++) {
        if (d->story[ev->ag[q].t0] != story || !ev->ag[q].is_signed)
            continue;
        for (size_t k = 0; k < ns; k++)
            if (si[k].sent == sent_of(d, ev->ag[q].t0))
                si[k].signed_ag = true;
    }

    /* events */
    event evv[16];
    size_t ne = 1;
    evv[0].start = -1;
    evv[0].date_k = -1;
    /* the lead: the first sentence after the title, opening with its day ("Tối 20/5, …") */
    for (size_t k = 0; k < ns && k < 3 && evv[0].start < 0; k++) {
        if (si[k].title)
            continue;
        if (si[k].date_k >= 0 && !si[k].background) {
            const ht_xdate *o = &d->dates[si[k].date_k];
            if (o->cued && o->a.prec == HT_DATE_DAY && o->t0 <= d->sent_t0[si[k].sent] + 2)
                evv[0].start = (int)k;
        }
        break;
    }
    for (size_t k = 0; k < ns && evv[0].start < 0; k++)
        if (si[k].date_k >= 0 && (si[k].wmax || si[k].signed_ag) && !si[k].background)
            evv[0].start = (int)k;
    for (size_t k = 0; k < ns && evv[0].start < 0; k++) {
        if (si[k].date_k < 0 || si[k].background)
            continue;
        const ht_xdate *o = &d->dates[si[k].date_k];
        if (o->cued && o->a.prec == HT_DATE_DAY && (tk(d, o->t0)->flags & HT_XT_SENT))
            evv[0].start = (int)k;
    }
    if (evv[0].start >= 0)
        evv[0].date_k = si[evv[0].start].date_k;
    /* "tàu … vừa đến Đà Nẵng hôm nay (4/6)": with no dated sentence of its own, the
     * story's event is of the day the report calls today */
    for (size_t k = 0; k < ns && evv[0].date_k < 0; k++) {
        if (si[k].date_k < 0 || si[k].background)
            continue;
        const ht_xdate *o = &d->dates[si[k].date_k];
        if (o->cued && o->a.prec == HT_DATE_DAY && ht_xtok_word(&d->x, o->t0 + 1, "nay") &&
            ev->mood[o->t0] != MOOD_INTENT)
            evv[0].date_k = si[k].date_k;
    }
    evv[0].date = evv[0].date_k >= 0 ? infer_year(d, (size_t)evv[0].date_k, story) : story_year(d, story);
    for (size_t k = 0; k < ns; k++)
        sel[si[k].sent] = 0;
    for (size_t k = 0; k < ns && ne < 16; k++) {
        if ((int)k == evv[0].start || si[k].date_k < 0 || !(si[k].wmax >= 2 || si[k].signed_ag))
            continue;
        const ht_xdate *o = &d->dates[si[k].date_k];
        if (o->a.prec != HT_DATE_DAY)
            continue;
        ht_date dt = infer_year(d, (size_t)si[k].date_k, story);
        if (evv[0].date.prec == HT_DATE_DAY && same_day(&dt, &evv[0].date))
            continue;
        evv[ne].start = (int)k;
        evv[ne].date_k = si[k].date_k;
        evv[ne].date = dt;
        sel[si[k].sent] = (int)ne;
        ne++;
    }

    /* agreements */
    cluster cl[8];
    size_t ncl = 0;
    for (size_t q = 0; q < ev->nag && ncl <= 8; q++) {
        const agm *g = &ev->ag[q];
        if (d->story[g->t0] != story || !g->is_signed)
            continue;
        uint32_t sg = sent_of(d, g->t0);
        iset ps = {0};
        parties_of_sentence(d, ev->mood, sg, story, &ps, false);
        drop_implied(d, &ps);
        int e = sel[sg];
        size_t c = 0;
        for (; c < ncl; c++) {
            cluster *x = &cl[c];
            if (iset_has(&x->sents, (int)sg))
                break;
            bool kinds = !strcmp(x->kind, g->kind) || !strcmp(g->kind, "twinning") ||
                         !strcmp(x->kind, "twinning");
            bool shared = false;
            for (size_t m = 0; m < ps.n && !shared; m++)
                shared = iset_has(&x->parties, ps.v[m]) && !party_is_country(d, ps.v[m]);
            bool parties = ps.n < 2 || iset_subset(&ps, &x->parties) ||
                           ((iset_subset(&x->parties, &ps) || shared) && strcmp(x->kind, g->kind) == 0);
            if (x->event == e && kinds && parties)
                break;
        }
        if (c == ncl) {
            if (ncl == 8) {
                free(ps.v);
                break;
            }
            memset(&cl[ncl], 0, sizeof cl[ncl]);
            cl[ncl].kind = g->kind;
            cl[ncl].rank = g->rank;
            cl[ncl].event = e;
            cl[ncl].first = g->t0;
            ncl++;
        }
        cluster *x = &cl[c];
        if (g->rank > x->rank) {
            x->rank = g->rank;
            x->kind = g->kind;
        }
        for (size_t k = 0; k < ps.n; k++)
            iset_add(d, &x->parties, ps.v[k]);
        iset_add(d, &x->sents, (int)sg);
        if (!x->term_from && g->term_from) {
            x->term_from = g->term_from;
            x->term_to = g->term_to;
        }
        free(ps.v);
    }
    /* "rà soát việc thực hiện Bản ghi nhớ hợp tác giai đoạn 2021 – 2025": an agreement
     * in force, named with its term, joins the one signed with that term or is one */
    for (size_t q = 0; q < ev->nag && ncl < 8; q++) {
        const agm *g = &ev->ag[q];
        if (d->story[g->t0] != story || g->is_signed || g->counted || !g->term_from)
            continue;
        size_t c = 0;
        while (c < ncl && !(cl[c].term_from == g->term_from && cl[c].term_to == g->term_to &&
                            (!strcmp(cl[c].kind, g->kind) || !strcmp(g->kind, "other"))))
            c++;
        uint32_t sg = sent_of(d, g->t0);
        if (c == ncl) {
            memset(&cl[ncl], 0, sizeof cl[ncl]);
            cl[ncl].kind = g->kind;
            cl[ncl].rank = g->rank;
            cl[ncl].event = sel[sg];
            cl[ncl].first = g->t0;
            cl[ncl].referenced = true;
            cl[ncl].term_from = g->term_from;
            cl[ncl].term_to = g->term_to;
            ncl++;
        }
        iset ps = {0};
        parties_of_sentence(d, ev->mood, sg, story, &ps, false);
        drop_implied(d, &ps);
        for (size_t k = 0; k < ps.n; k++)
            iset_add(d, &cl[c].parties, ps.v[k]);
        free(ps.v);
        if (cl[c].referenced)
            iset_add(d, &cl[c].sents, (int)sg);
    }

    int first_ag_of_event[16];
    for (size_t e = 0; e < 16; e++)
        first_ag_of_event[e] = -1;
    uint32_t tsent = 0;
    int declared = tasks_declared(d, story, &tsent);
    for (size_t c = 0; c < ncl && !d->err; c++) {
        cluster *x = &cl[c];
        /* "hai bên ký kết": the parties are those of the event */
        if (x->parties.n < 2)
            for (size_t k = 0; k < ns && x->parties.n < 2; k++)
                if (sel[si[k].sent] == x->event && (si[k].title || (int)k == evv[x->event].start ||
                                                    si[k].wmax || k < 2)) {
                    parties_of_sentence(d, ev->mood, si[k].sent, story, &x->parties, false);
                    drop_implied(d, &x->parties);
                }
        if (x->parties.n < 2)
            for (size_t k = 0; k < ns && x->parties.n < 2; k++)
                if (sel[si[k].sent] == 0 && (si[k].title || (int)k == evv[0].start)) {
                    parties_of_sentence(d, ev->mood, si[k].sent, story, &x->parties, false);
                    drop_implied(d, &x->parties);
                }
        if (x->parties.n < 2)
            continue; /* an agreement is between two parties at least */
        ht_xagreement *a = HT_XPUSH(res->ag, res->nag, res->capag);
        if (!a) {
            d->err = HT_ENOMEM;
            break;
        }
        int index = (int)(res->nag - 1);
        if (first_ag_of_event[x->event] < 0)
            first_ag_of_event[x->event] = index;
        const agm *g = NULL;
        for (size_t q = 0; q < ev->nag && !g; q++)
            if (ev->ag[q].t0 == x->first)
                g = &ev->ag[q];
        for (size_t q = 0; q < ev->nag; q++)
            if (d->story[ev->ag[q].t0] == story && ev->ag[q].is_signed &&
                iset_has(&x->sents, (int)sent_of(d, ev->ag[q].t0)) && ev->ag[q].rank == x->rank &&
                !strcmp(ev->ag[q].kind, x->kind)) {
                g = &ev->ag[q];
                break;
            }
        a->kind = x->kind;
        a->title = agreement_title(d, g);
        a->other_story = other;
        a->parties = copy_parties(d, &x->parties, &a->nparties);
        iset sig = {0};
        for (size_t k = 0; k < d->npmen; k++)
            if (d->pmen[k].person >= 0 && iset_has(&x->sents, (int)sent_of(d, d->pmen[k].n0)))
                iset_add(d, &sig, d->pmen[k].person);
        a->signatories = ht_arena_alloc(d->arena, (sig.n + 1) * sizeof *a->signatories);
        if (a->signatories && sig.n) {
            memcpy(a->signatories, sig.v, sig.n * sizeof *sig.v);
            a->nsignatories = sig.n;
        }
        free(sig.v);
        uint32_t first_sent = sent_of(d, x->first);
        int dk = date_in_sentence(d, first_sent);
        a->signed_on = dk >= 0 ? infer_year(d, (size_t)dk, story) : evv[x->event].date;
        if (x->referenced)
            memset(&a->signed_on, 0, sizeof a->signed_on);
        if (!a->signed_on.day && a->signed_on.prec == HT_DATE_YEAR && dk < 0 && evv[x->event].date_k < 0)
            a->signed_on.prec = HT_DATE_YEAR;
        a->place = x->referenced ? NULL : place_before(d, x->first);
        if (!a->place && !x->referenced && evv[x->event].start >= 0)
            a->place = place_in_sentence(d, si[evv[x->event].start].sent);
        for (size_t k = 0; k < x->sents.n && !a->place && !x->referenced; k++)
            a->place = place_in_sentence(d, (uint32_t)x->sents.v[k]);
        /* the term: written with it, in its sentences, else (one agreement only) the
         * story's */
        a->term_from = x->term_from;
        a->term_to = x->term_to;
        a->referenced = x->referenced;
        for (int pass = 0; pass < 2 && !a->term_from; pass++)
            for (size_t q = 0; q < d->ndates && !a->term_from; q++) {
                const ht_xdate *o = &d->dates[q];
                if (o->kind != HT_XD_PERIOD || d->date_story[q] != story || d->date_used[q] ||
                    o->a.prec != HT_DATE_YEAR || o->open)
                    continue;
                bool mine = iset_has(&x->sents, (int)sent_of(d, o->t0));
                if (pass == 0 && !mine)
                    continue;
                if (pass == 1 && (!o->term || ncl > 1))
                    continue;
                a->term_from = o->a.year;
                a->term_to = o->b.year;
            }
        /* fields: of the story when it signs one agreement; else of the sentences that
         * name this agreement's kind */
        int *fsel = calloc(d->x.nsent + 1, sizeof *fsel);
        if (!fsel) {
            d->err = HT_ENOMEM;
            break;
        }
        for (size_t k = 0; k < ns; k++)
            fsel[si[k].sent] = ncl == 1 ? 1 : 0;
        if (ncl > 1)
            for (size_t q = 0; q < ev->nag; q++)
                if (d->story[ev->ag[q].t0] == story && !strcmp(ev->ag[q].kind, x->kind))
                    fsel[sent_of(d, ev->ag[q].t0)] = 1;
        a->tasks_declared = c == 0 ? declared : -1;
        if (c == 0 && declared > 0) {
            task_list(d, tsent, d->sent_coop, &a->tasks, &a->ntasks);
            for (size_t k = 0; k < ns; k++)
                if (d->sent_coop[si[k].sent])
                    fsel[si[k].sent] = 1;
        }
        fields_of(d, fsel, 1, &a->fields, &a->nfields);
        free(fsel);
        if (!a->tasks)
            a->tasks = ht_arena_alloc(d->arena, sizeof *a->tasks);
        double conf = 0.45 + (x->rank >= 3 ? 0.15 : 0.05) + (a->nparties >= 2 ? 0.15 : 0) +
                      (a->signed_on.prec ? 0.1 : 0) + (a->term_from ? 0.05 : 0) +
                      (a->signed_on.inferred ? -0.05 : 0);
        a->confidence = clamp(other ? conf * 0.7 : conf);
        sentence_span(d, x->first, &a->evidence);
    }
    for (size_t c = 0; c < ncl; c++) {
        free(cl[c].parties.v);
        free(cl[c].sents.v);
    }

    /* activities, one per event */
    for (size_t e = 0; e < ne && !d->err; e++) {
        int wsum[16] = {0};
        const char *kinds[16];
        size_t nk = 0;
        int best_tr = -1, best_w = 0;
        uint32_t main_sent = evv[e].start >= 0 ? si[evv[e].start].sent : (uint32_t)-1;
        for (size_t q = 0; q < ev->ntr; q++) {
            const trig *r = &ev->tr[q];
            uint32_t s = sent_of(d, r->t0);
            if (d->story[r->t0] != story || r->intent || sel[s] != (int)e)
                continue;
            bool background = false;
            for (size_t k = 0; k < ns; k++)
                if (si[k].sent == s)
                    background = si[k].background && e == 0;
            if (background)
                continue;
            size_t k = 0;
            while (k < nk && strcmp(kinds[k], r->kind))
                k++;
            if (k == nk && nk < 16)
                kinds[nk++] = r->kind;
            bool strong = s == main_sent || d->doc->blocks[tk(d, r->t0)->block].cls == HT_BLK_TITLE;
            if (k < 16)
                wsum[k] += r->weight * (strong ? 3 : 1);
            if (r->weight > best_w || (r->weight == best_w && strong && best_tr >= 0 &&
                                       sent_of(d, ev->tr[best_tr].t0) != main_sent)) {
                best_w = r->weight;
                best_tr = (int)q;
            }
        }
        int ag_index = first_ag_of_event[e];
        if (!nk && ag_index < 0)
            continue;
        iset ps = {0};
        ht_xactivity tmp = {0};
        participants(d, sel, (int)e, &tmp, &ps);
        for (size_t k = 0; k < ns; k++) {
            uint32_t s = si[k].sent;
            if (sel[s] != (int)e || (si[k].background && e == 0))
                continue;
            bool use = si[k].title || s == main_sent || other || si[k].wmax || si[k].signed_ag ||
                       si[k].commits;
            if (use)
                parties_of_sentence(d, ev->mood, s, story, &ps, false);
        }
        drop_implied(d, &ps);
        if (e > 0 && ps.n < 2) {
            /* "hai đoàn", "đoàn công tác tỉnh X đã đến thăm …": the parties of the story */
            if (ag_index >= 0)
                for (size_t k = 0; k < res->ag[ag_index].nparties; k++)
                    iset_add(d, &ps, res->ag[ag_index].parties[k]);
            for (size_t k = 0; k < ns && ps.n < 2; k++)
                if (sel[si[k].sent] == 0 && (si[k].title || (int)k == evv[0].start))
                    parties_of_sentence(d, ev->mood, si[k].sent, story, &ps, false);
            drop_implied(d, &ps);
        }
        if (ps.n < (e == 0 ? 2u : 1u)) {
            free(ps.v);
            continue;
        }
        ht_xactivity *a = HT_XPUSH(res->ac, res->nac, res->capac);
        if (!a) {
            free(ps.v);
            d->err = HT_ENOMEM;
            return;
        }
        *a = tmp;
        a->other_story = other;
        a->parties = copy_parties(d, &ps, &a->nparties);
        free(ps.v);
        /* kind: the heaviest, the first named on a tie (kinds are in order of mention) */
        int bk = -1;
        for (size_t k = 0; k < nk; k++)
            if (bk < 0 || wsum[k] > wsum[bk])
                bk = (int)k;
        a->kind = bk >= 0 ? kinds[bk] : "signing";
        a->kinds = ht_arena_alloc(d->arena, (nk + 2) * sizeof *a->kinds);
        if (a->kinds) {
            a->kinds[0] = a->kind;
            a->nkinds = 1;
            for (size_t k = 0; k < nk; k++)
                if (strcmp(kinds[k], a->kind))
                    a->kinds[a->nkinds++] = kinds[k];
        }
        a->date = evv[e].date;
        a->place = main_sent != (uint32_t)-1 ? place_in_sentence(d, main_sent) : NULL;
        if (!a->place && best_tr >= 0)
            a->place = place_in_sentence(d, sent_of(d, ev->tr[best_tr].t0));
        /* "Chiều 13/5, tại thành phố Phúc Châu, …, Chủ tịch nước đã tới dự … Tọa đàm": a
         * sentence of the event dated its day */
        for (size_t q = 0; q < ev->ntr && !a->place && a->date.prec == HT_DATE_DAY; q++) {
            const trig *r = &ev->tr[q];
            uint32_t s = sent_of(d, r->t0);
            int dk = date_in_sentence(d, s);
            if (d->story[r->t0] != story || r->intent || sel[s] != (int)e || dk < 0 ||
                d->dates[dk].a.prec != HT_DATE_DAY)
                continue;
            ht_date dt = infer_year(d, (size_t)dk, story);
            if (same_day(&dt, &a->date))
                a->place = place_in_sentence(d, s);
        }
        if (!a->place && ag_index >= 0)
            a->place = res->ag[ag_index].place;
        if (!a->place && !strcmp(a->kind, "visit") && main_sent != (uint32_t)-1)
            a->place = visit_destination(d, main_sent);
        if (!a->place && !strcmp(a->kind, "visit") && best_tr >= 0)
            a->place = visit_destination(d, sent_of(d, ev->tr[best_tr].t0));
        commitments(d, sel, (int)e, &a->commitments, &a->ncommitments);
        fields_of(d, sel, (int)e, &a->fields, &a->nfields);
        a->agreement = ag_index;
        double c = 0.4 + (best_w >= 3 ? 0.15 : 0.05) + (a->date.prec ? 0.1 : 0) +
                   (a->nparticipants ? 0.1 : 0) + (a->nparties >= 2 ? 0.1 : 0) +
                   (ag_index >= 0 ? 0.05 : 0) + (a->date.inferred ? -0.05 : 0);
        a->confidence = clamp(other ? c * 0.7 : c);
        if (best_tr >= 0)
            sentence_span(d, ev->tr[best_tr].t0, &a->evidence);
        else if (main_sent != (uint32_t)-1)
            sentence_span(d, d->sent_t0[main_sent], &a->evidence);
        else if (ag_index >= 0)
            a->evidence = res->ag[ag_index].evidence;
        else
            sentence_span(d, d->sent_t0[si[0].sent], &a->evidence);
        if (evv[e].date_k >= 0)
            sentence_span(d, d->dates[evv[e].date_k].t0, &a->evidence);
        /* a visit or talks during which an agreement is signed: the signing is an
         * activity of its own, the one the agreement belongs to */
        if (ag_index >= 0 && strcmp(a->kind, "signing") && strcmp(a->kind, "twinning")) {
            a->agreement = -1;
            int first_cl = ag_index;
            for (size_t r = (size_t)first_cl; r < res->nag; r++) {
                const ht_xagreement *g = &res->ag[r];
                if (g->referenced)
                    continue;
                ht_xactivity *sg = HT_XPUSH(res->ac, res->nac, res->capac);
                if (!sg) {
                    d->err = HT_ENOMEM;
                    return;
                }
                a = &res->ac[res->nac - 2]; /* the vector may have moved */
                sg->kind = !strcmp(g->kind, "twinning") ? "twinning" : "signing";
                sg->kinds = ht_arena_alloc(d->arena, 2 * sizeof *sg->kinds);
                if (sg->kinds) {
                    sg->kinds[0] = sg->kind;
                    sg->nkinds = 1;
                }
                sg->date = g->signed_on;
                sg->place = g->place;
                sg->parties = g->parties;
                sg->nparties = g->nparties;
                sg->participants = ht_arena_alloc(d->arena, (g->nsignatories + 1) * sizeof *sg->participants);
                if (sg->participants)
                    for (size_t q = 0; q < g->nsignatories; q++) {
                        sg->participants[sg->nparticipants].person = g->signatories[q];
                        sg->participants[sg->nparticipants++].role = NULL;
                    }
                sg->commitments = ht_arena_alloc(d->arena, sizeof *sg->commitments);
                sg->fields = g->fields;
                sg->nfields = g->nfields;
                sg->agreement = (int)r;
                sg->confidence = g->confidence;
                sg->evidence = g->evidence;
                sg->other_story = other;
            }
        }
    }
    for (size_t k = 0; k < ns; k++)
        sel[si[k].sent] = -1;
    free(si);
}

void ht_xevents_build(ht_xdoc *d)
{
    if (d->err)
        return;
    evs ev = {0};
    ev.mood = calloc(d->x.n + 1, 1);
    ev.in_anniv = calloc(d->x.n + 1, 1);
    d->org_tok = calloc(d->x.n + 1, 1);
    if (d->org_tok)
        for (size_t k = 0; k < d->npm; k++)
            if (d->pm[k].src == HT_XPM_ORG && !d->pm[k].dropped && d->pm[k].party >= 0 &&
                d->pm[k].alias_of < 0)
                for (size_t t = d->pm[k].t0; t < d->pm[k].t1; t++)
                    d->org_tok[t] = 1;
    size_t acap = 16;
    ht_xanniversary *an = ht_arena_alloc(d->arena, acap * sizeof *an);
    if (!ev.mood || !ev.in_anniv || !an || !d->org_tok) {
        d->err = HT_ENOMEM;
        goto done;
    }
    moods(d, &ev);
    size_t nan = 0;
    anniversaries(d, &ev, an, &nan, acap);
    anniversaries_ago(d, &ev, an, &nan, acap);
    d->out->anniversaries = an;
    d->out->nanniversaries = nan;
    scan_words(d, &ev);
    results res = {0};
    int *sel = malloc((d->x.nsent + 1) * sizeof *sel);
    if (!sel) {
        d->err = HT_ENOMEM;
        goto done;
    }
    for (size_t k = 0; k <= d->x.nsent; k++)
        sel[k] = -1;
    for (int s = 0; s < d->nstories && !d->err; s++)
        build_story(d, &ev, s, &res, sel);
    free(sel);
    /* activity -> agreement indices are per results; copy into the arena */
    d->out->agreements = ht_arena_alloc(d->arena, (res.nag + 1) * sizeof *res.ag);
    d->out->activities = ht_arena_alloc(d->arena, (res.nac + 1) * sizeof *res.ac);
    if (!d->out->agreements || !d->out->activities)
        d->err = HT_ENOMEM;
    else {
        if (res.nag)
            memcpy(d->out->agreements, res.ag, res.nag * sizeof *res.ag);
        if (res.nac)
            memcpy(d->out->activities, res.ac, res.nac * sizeof *res.ac);
        d->out->nagreements = res.nag;
        d->out->nactivities = res.nac;
    }
    free(res.ag);
    free(res.ac);
done:
    free(ev.tr);
    free(ev.ag);
    free(ev.mood);
    free(ev.in_anniv);
    (void)iset_has;
}
