/* Round anniversaries and term ends in a date range, written as a report table or as
 * an iCalendar file with stable UIDs. */
#include "calendar.h"

#include "../base/data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

extern const ht_data_table ht_data_report_anniversaries;

size_t ht_report_national_anniv(const char *const *cc, size_t n, ht_report_anniv *out,
                                size_t cap)
{
    const ht_data_table *t = &ht_data_report_anniversaries;
    int kc = ht_data_col(t, "country"), kd = ht_data_col(t, "date");
    int kv = ht_data_col(t, "what_vi"), ke = ht_data_col(t, "what_en");
    size_t k = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *c = ht_data_cell(t, r, (size_t)kc);
        bool wanted = false;
        for (size_t i = 0; i < n && !wanted; i++)
            wanted = cc[i] && strcmp(cc[i], c) == 0;
        const char *d = ht_data_cell(t, r, (size_t)kd);
        ht_report_date date;
        ht_error e;
        if (!wanted || ht_report_date_parse(d, strlen(d), false, &date, &e))
            continue;
        if (k < cap)
            out[k] = (ht_report_anniv){ht_data_cell(t, r, (size_t)kv), date, NULL,
                                       ht_data_cell(t, r, (size_t)ke)};
        k++;
    }
    return k;
}

const char *ht_report_cal_kind_code(ht_report_cal_kind k)
{
    return k == HT_REPORT_CAL_TERM_END ? "term_end" : "anniversary";
}

static bool dated(ht_report_date d) { return d.prec != HT_REPORT_DATE_NONE && d.year; }

/* FNV-1a, 64 bits: small and stable across machines, which is all a UID needs. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static void make_uid(ht_report_cal_item *it)
{
    char iso[HT_REPORT_DATE_MAX];
    const char *k = ht_report_cal_kind_code(it->kind);
    const char *w = it->what ? it->what : "";
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv(h, k, strlen(k) + 1);
    h = fnv(h, w, strlen(w) + 1);
    h = fnv(h, iso, ht_report_date_iso(it->date, iso));
    snprintf(it->uid, sizeof it->uid, "%016llx@hoptac", (unsigned long long)h);
}

static int item_cmp(const void *pa, const void *pb)
{
    const ht_report_cal_item *a = pa, *b = pb;
    int c = ht_report_date_cmp(&a->date, &b->date);
    if (c)
        return c;
    if (a->kind != b->kind)
        return (int)a->kind - (int)b->kind;
    c = strcmp(a->what ? a->what : "", b->what ? b->what : "");
    if (c)
        return c;
    return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

typedef struct {
    ht_report_cal_item *v;
    size_t n, cap;
} items;

static int push(items *l, const ht_report_cal_item *it)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        ht_report_cal_item *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return HT_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *it;
    return 0;
}

/* The period of d meets [lo, hi] (day numbers). */
static bool meets(ht_report_date d, long lo, long hi)
{
    return ht_report_date_daynum(ht_report_date_last(d)) >= lo &&
           ht_report_date_daynum(ht_report_date_first(d)) <= hi;
}

int ht_report_calendar_build(const ht_report_anniv *an, size_t nan, const ht_report_deadline *dl,
                             size_t ndl, ht_report_date from, ht_report_date to, int every,
                             ht_report_calendar *out, ht_error *e)
{
    out->v = NULL;
    out->n = 0;
    if (!dated(from) || !dated(to))
        return ht_err(e, HT_EINVAL, "the dates of a calendar need a year");
    if (every <= 0)
        every = 5;
    long lo = ht_report_date_daynum(ht_report_date_first(from));
    long hi = ht_report_date_daynum(ht_report_date_last(to));
    items l = {0};
    int err = 0;
    for (size_t i = 0; i < nan && !err; i++) {
        ht_report_date o = an[i].date;
        if (!dated(o))
            continue;
        for (int y = from.year; y <= to.year && !err; y++) {
            int years = y - o.year;
            if (years <= 0 || years % every)
                continue;
            ht_report_cal_item it = {HT_REPORT_CAL_ANNIVERSARY, o, o, years, an[i].what,
                                     an[i].id, {0}, NULL};
            it.date.inferred = false;
            it.what_en = an[i].what_en;
            if (ht_report_date_add_months(o, years * 12, &it.date, NULL) || !meets(it.date, lo, hi))
                continue;
            it.date.inferred = false;
            make_uid(&it);
            err = push(&l, &it);
        }
    }
    for (size_t i = 0; i < ndl && !err; i++) {
        ht_report_date d = ht_report_date_last(dl[i].end);
        if (!dated(d) || !meets(d, lo, hi))
            continue;
        ht_report_cal_item it = {HT_REPORT_CAL_TERM_END, d, d, 0, dl[i].what, dl[i].id, {0}, NULL};
        it.date.inferred = false;
        make_uid(&it);
        err = push(&l, &it);
    }
    if (err) {
        free(l.v);
        return ht_err(e, HT_ENOMEM, "out of memory");
    }
    if (l.n)
        qsort(l.v, l.n, sizeof *l.v, item_cmp);
    size_t w = 0;
    for (size_t i = 0; i < l.n; i++)
        if (!w || strcmp(l.v[w - 1].uid, l.v[i].uid) != 0)
            l.v[w++] = l.v[i];
    out->v = l.v;
    out->n = w;
    return 0;
}

void ht_report_calendar_free(ht_report_calendar *c)
{
    free(c->v);
    c->v = NULL;
    c->n = 0;
}

int ht_report_cal_summary(const ht_report_cal_item *it, const char *lang, ht_buf *out)
{
    bool en = lang && strcmp(lang, "en") == 0;
    const char *w = en && it->what_en ? it->what_en : it->what ? it->what : "";
    if (it->kind == HT_REPORT_CAL_TERM_END)
        return ht_buf_printf(out, en ? "Term ends: %s" : "Hết hạn: %s", w);
    return ht_buf_printf(out, en ? "%d years: %s" : "Kỷ niệm %d năm %s", it->years, w);
}

int ht_report_calendar_table(const ht_report_calendar *c, const char *title, ht_report_table *t)
{
    static const ht_report_col cols[] = {
        {"date", NULL, HT_REPORT_COL_TEXT, 0},  {"kind", NULL, HT_REPORT_COL_TEXT, 0},
        {"years", NULL, HT_REPORT_COL_INT, 0},  {"what", NULL, HT_REPORT_COL_TEXT, 0},
        {"origin", NULL, HT_REPORT_COL_TEXT, 0}, {"id", NULL, HT_REPORT_COL_TEXT, 0},
    };
    int err = ht_report_table_init(t, title, cols, sizeof cols / sizeof cols[0], false);
    for (size_t i = 0; i < c->n && !err; i++) {
        const ht_report_cal_item *it = &c->v[i];
        char date[HT_REPORT_DATE_MAX], origin[HT_REPORT_DATE_MAX], years[16];
        ht_report_date_written(it->date, date);
        ht_report_date_written(it->origin, origin);
        snprintf(years, sizeof years, "%d", it->years);
        const char *cells[] = {date,
                               ht_report_cal_kind_code(it->kind),
                               it->kind == HT_REPORT_CAL_ANNIVERSARY ? years : NULL,
                               it->what,
                               it->kind == HT_REPORT_CAL_ANNIVERSARY ? origin : NULL,
                               it->id};
        err = ht_report_table_add(t, cells);
    }
    return err;
}

/* ---- iCalendar ---- */

int ht_report_ics_text(ht_buf *out, const char *s, size_t n)
{
    int err = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            err |= ht_buf_append(out, "\xEF\xBF\xBD", 3);
            i++;
            continue;
        }
        switch (cp) {
        case '\\': err |= ht_buf_append(out, "\\\\", 2); break;
        case ';': err |= ht_buf_append(out, "\\;", 2); break;
        case ',': err |= ht_buf_append(out, "\\,", 2); break;
        case '\n': err |= ht_buf_append(out, "\\n", 2); break;
        case '\r':
            if (i + 1 >= n || s[i + 1] != '\n')
                err |= ht_buf_append(out, "\\n", 2);
            break;
        default:
            if ((cp < 0x20 && cp != '\t') || cp == 0x7F)
                err |= ht_buf_putc(out, ' ');
            else
                err |= ht_buf_append(out, s + i, (size_t)k);
        }
        i += (size_t)k;
    }
    return err ? HT_ENOMEM : 0;
}

int ht_report_ics_line(ht_buf *out, const char *line, size_t n)
{
    int err = 0;
    size_t i = 0, room = 75;
    while (n - i > room) {
        size_t cut = i + room;
        while (cut > i && ((unsigned char)line[cut] & 0xC0) == 0x80)
            cut--; /* never inside a UTF-8 character */
        size_t bs = 0;
        while (cut - bs > i && line[cut - bs - 1] == '\\')
            bs++;
        if (bs % 2 && cut - 1 > i)
            cut--; /* nor between a backslash and the character it escapes */
        if (cut == i)
            cut = i + room;
        err |= ht_buf_append(out, line + i, cut - i);
        err |= ht_buf_append(out, "\r\n ", 3);
        i = cut;
        room = 74; /* the leading space counts */
    }
    err |= ht_buf_append(out, line + i, n - i);
    err |= ht_buf_append(out, "\r\n", 2);
    return err ? HT_ENOMEM : 0;
}

static int prop(ht_buf *out, ht_buf *tmp, const char *name, const char *text)
{
    ht_buf_reset(tmp);
    int err = ht_buf_puts(tmp, name);
    err |= ht_buf_putc(tmp, ':');
    err |= ht_report_ics_text(tmp, text, strlen(text));
    return err | ht_report_ics_line(out, tmp->p, tmp->n);
}

static int date_prop(ht_buf *out, const char *name, ht_report_date d)
{
    char line[64];
    int k = snprintf(line, sizeof line, "%s;VALUE=DATE:%04d%02u%02u", name, d.year, d.month, d.day);
    return ht_report_ics_line(out, line, (size_t)k);
}

int ht_report_calendar_ics(const ht_report_calendar *c, const ht_report_ics_opts *o, ht_buf *out)
{
    ht_buf tmp = {0}, sum = {0};
    int err = 0;
    struct tm tm;
    char stamp[96];
    time_t when = o ? o->stamp : 0;
    if (!gmtime_r(&when, &tm) || tm.tm_year + 1900 > 9999)
        memset(&tm, 0, sizeof tm);
    snprintf(stamp, sizeof stamp, "DTSTAMP:%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    err |= ht_buf_puts(out, "BEGIN:VCALENDAR\r\n"
                            "VERSION:2.0\r\n"
                            "PRODID:-//hoptac//hoptac//VI\r\n"
                            "CALSCALE:GREGORIAN\r\n"
                            "METHOD:PUBLISH\r\n");
    if (o && o->title)
        err |= prop(out, &tmp, "X-WR-CALNAME", o->title);
    for (size_t i = 0; i < c->n && !err; i++) {
        const ht_report_cal_item *it = &c->v[i];
        if (it->date.prec != HT_REPORT_DATE_DAY || !it->date.year)
            continue;
        char uid[64];
        int k = snprintf(uid, sizeof uid, "UID:%s", it->uid);
        err |= ht_buf_puts(out, "BEGIN:VEVENT\r\n");
        err |= ht_report_ics_line(out, uid, (size_t)k);
        err |= ht_report_ics_line(out, stamp, strlen(stamp));
        err |= date_prop(out, "DTSTART", it->date);
        ht_report_date next = ht_report_date_from_daynum(ht_report_date_daynum(it->date) + 1);
        err |= date_prop(out, "DTEND", next);
        ht_buf_reset(&sum);
        err |= ht_report_cal_summary(it, o ? o->lang : NULL, &sum);
        err |= prop(out, &tmp, "SUMMARY", sum.p ? sum.p : "");
        ht_buf_reset(&sum);
        if (it->kind == HT_REPORT_CAL_ANNIVERSARY) {
            char d[HT_REPORT_DATE_MAX];
            ht_report_date_written(it->origin, d);
            err |= ht_buf_printf(&sum, "%s\n%s", it->what ? it->what : "", d);
        } else
            err |= ht_buf_puts(&sum, it->what ? it->what : "");
        if (it->id)
            err |= ht_buf_printf(&sum, "\nhoptac: %s", it->id);
        err |= prop(out, &tmp, "DESCRIPTION", sum.p ? sum.p : "");
        err |= prop(out, &tmp, "CATEGORIES", ht_report_cal_kind_code(it->kind));
        err |= ht_buf_puts(out, "TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n");
    }
    err |= ht_buf_puts(out, "END:VCALENDAR\r\n");
    ht_buf_free(&tmp);
    ht_buf_free(&sum);
    return err ? HT_ENOMEM : 0;
}
