/* Parties, people, agreements and activities: list, show (with the evidence cut from
 * the original text, related records and history), add, edit, merge, delete and link,
 * and the review queue. Every change runs in a transaction of its own. Text views are
 * written from the same JSON the API returns, so the two never disagree. */
#include "app.h"
#include "base/json.h"
#include "report/status.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* How far ahead an agreement whose term ends counts as expiring. */
#define EXPIRING_MONTHS 6

/* The standing of the agreements (SPEC 1c: in_force, expiring, expired, renewed,
 * superseded, unknown) today (SOURCE_DATE_EPOCH when set), derived by report/status.h
 * from their dates and from the later agreements of the same parties; computed once for
 * all of them, on first use. */
typedef struct {
    ht_store *st;
    ht_arena arena;
    ht_report_agr *a;
    ht_report_agr_state *state;
    size_t n, cap;
    bool done;
    int err;
} standing;

static int collect_agr(const ht_store_agr_dates *d, void *ud)
{
    standing *s = ud;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        ht_report_agr *v = realloc(s->a, cap * sizeof *v);
        if (!v)
            return HT_ENOMEM;
        s->a = v;
        s->cap = cap;
    }
    ht_report_agr *a = &s->a[s->n];
    memset(a, 0, sizeof *a);
    const char **parties = ht_arena_alloc(&s->arena, (d->nparties + 1) * sizeof *parties);
    a->id = ht_arena_strndup(&s->arena, d->id, strlen(d->id));
    a->kind = ht_arena_strndup(&s->arena, d->kind, strlen(d->kind));
    if (!parties || !a->id || !a->kind)
        return HT_ENOMEM;
    for (size_t i = 0; i < d->nparties; i++)
        if (!(parties[i] = ht_arena_strndup(&s->arena, d->parties[i], strlen(d->parties[i]))))
            return HT_ENOMEM;
    a->parties = parties;
    a->nparties = d->nparties;
    ht_error pe;
    /* a signing day without its year tells nothing about the term */
    if (d->signed_on && (ht_report_date_parse(d->signed_on, strlen(d->signed_on), false,
                                              &a->signed_on, &pe) || !a->signed_on.year))
        memset(&a->signed_on, 0, sizeof a->signed_on);
    if (d->term_from > 0)
        a->term_from = ht_report_date_year((int)d->term_from);
    if (d->term_to > 0)
        a->term_to = ht_report_date_year((int)d->term_to);
    s->n++;
    return 0;
}

static const char *agreement_status(standing *s, const char *id)
{
    if (!s->done) {
        s->done = true;
        ht_error e = {0};
        time_t now;
        s->err = ht_store_agreement_dates(s->st, collect_agr, s, &e);
        if (!s->err && !(s->state = calloc(s->n + 1, sizeof *s->state)))
            s->err = HT_ENOMEM;
        if (!s->err)
            s->err = ht_report_clock(&now, &e);
        if (!s->err)
            s->err = ht_report_agr_status(s->a, s->n, ht_report_date_from_time(now),
                                          EXPIRING_MONTHS, s->state, &e);
    }
    if (s->err)
        return NULL;
    /* in id order, as the store gives them */
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(s->a[mid].id, id);
        if (!c)
            return ht_report_status_code(s->state[mid].status);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL; /* rejected or deleted: no standing */
}

static void standing_free(standing *s)
{
    free(s->a);
    free(s->state);
    ht_arena_free(&s->arena);
}

static int nomem(ht_error *e) { return ht_err(e, HT_ENOMEM, "out of memory"); }

/* Ends the transaction of one change: committed when it went well. */
static int finish(ht_store *st, int rc, ht_error *e)
{
    if (rc) {
        ht_store_rollback(st);
        return rc;
    }
    rc = ht_store_commit(st, e);
    if (rc)
        ht_store_rollback(st);
    return rc;
}

/* ---- JSON to text ---- */

static const char *jstr(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* s cut to n bytes at a character boundary, on one line. */
static void put_cut(ht_buf *b, const char *s, size_t n)
{
    if (!s)
        return;
    size_t len = strlen(s), cut = len < n ? len : n;
    while (cut < len && cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    for (size_t i = 0; i < cut; i++)
        ht_buf_putc(b, s[i] == '\n' || s[i] == '\t' || s[i] == '\r' ? ' ' : s[i]);
    if (cut < len)
        ht_buf_puts(b, "…");
}

/* A value on one line: strings as they are, lists joined, parties by name. */
static void put_value(ht_buf *b, json_t *v)
{
    if (json_is_string(v))
        put_cut(b, json_string_value(v), 300);
    else if (json_is_true(v))
        ht_buf_puts(b, "yes");
    else if (json_is_false(v))
        ht_buf_puts(b, "no");
    else if (json_is_integer(v))
        ht_buf_printf(b, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        ht_buf_printf(b, "%.2f", json_real_value(v));
    else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            if (i)
                ht_buf_puts(b, ", ");
            if (json_is_object(x) && json_object_get(x, "name")) {
                /* parties {"id", "name"} and participants {"name", "role"} */
                ht_buf_puts(b, jstr(x, "name") ? jstr(x, "name") : "?");
                const char *extra = jstr(x, "id") ? jstr(x, "id") : jstr(x, "role");
                if (extra)
                    ht_buf_printf(b, " (%s)", extra);
            } else
                put_value(b, x);
        }
    } else if (json_is_object(v) && json_object_get(v, "from"))
        ht_buf_printf(b, "%lld-%lld", (long long)json_integer_value(json_object_get(v, "from")),
                      (long long)json_integer_value(json_object_get(v, "to")));
}

static bool empty(json_t *v)
{
    return !v || json_is_null(v) || (json_is_array(v) && !json_array_size(v)) ||
           (json_is_string(v) && !*json_string_value(v));
}

static void line(ht_buf *b, const char *label, json_t *v)
{
    if (empty(v))
        return;
    ht_buf_printf(b, "  %-16s ", label);
    put_value(b, v);
    ht_buf_putc(b, '\n');
}

/* The one-line description of a record, for lists and headings. */
static void describe(ht_buf *b, ht_rec_kind k, json_t *r)
{
    switch (k) {
    case HT_REC_PARTY:
        ht_buf_puts(b, jstr(r, "name") ? jstr(r, "name") : "?");
        ht_buf_printf(b, " (%s", jstr(r, "kind") ? jstr(r, "kind") : "?");
        if (jstr(r, "country"))
            ht_buf_printf(b, ", %s", jstr(r, "country"));
        ht_buf_putc(b, ')');
        break;
    case HT_REC_PERSON:
        ht_buf_puts(b, jstr(r, "name") ? jstr(r, "name") : "?");
        if (json_array_size(json_object_get(r, "titles"))) {
            ht_buf_puts(b, " — ");
            put_value(b, json_object_get(r, "titles"));
        }
        break;
    case HT_REC_AGREEMENT:
    case HT_REC_ACTIVITY: {
        const char *date = jstr(r, k == HT_REC_AGREEMENT ? "signed" : "date");
        ht_buf_printf(b, "%s %s", date ? date : "(no date)", jstr(r, "kind") ? jstr(r, "kind") : "?");
        json_t *ps = json_object_get(r, "parties");
        size_t i;
        json_t *x;
        json_array_foreach(ps, i, x) ht_buf_printf(b, "%s%s", i ? ", " : ": ", jstr(x, "name") ? jstr(x, "name") : "?");
        if (jstr(r, "title")) {
            ht_buf_puts(b, " — ");
            put_cut(b, jstr(r, "title"), 80);
        }
        break;
    }
    }
}

static void put_sources(ht_buf *b, json_t *src)
{
    ht_buf_printf(b, "\nsources (%zu)\n", json_array_size(src));
    size_t i;
    json_t *x;
    json_array_foreach(src, i, x) {
        json_t *sp = json_object_get(x, "span");
        ht_buf_printf(b, "  %s %lld-%lld", jstr(x, "document") ? jstr(x, "document") : "?",
                      (long long)json_integer_value(json_object_get(sp, "start")),
                      (long long)json_integer_value(json_object_get(sp, "end")));
        const char *t = jstr(x, "title") ? jstr(x, "title") : jstr(x, "source");
        if (t) {
            ht_buf_puts(b, "  ");
            put_cut(b, t, 70);
        }
        ht_buf_putc(b, '\n');
        if (jstr(x, "text") && *jstr(x, "text")) {
            ht_buf_puts(b, "      \"");
            put_cut(b, jstr(x, "text"), 400);
            ht_buf_puts(b, "\"\n");
        }
    }
}

static void put_history(ht_buf *b, json_t *h)
{
    if (!json_array_size(h))
        return;
    ht_buf_printf(b, "\nhistory (%zu)\n", json_array_size(h));
    size_t i;
    json_t *x;
    json_array_foreach(h, i, x) {
        ht_buf_printf(b, "  %s  %-8s", jstr(x, "at") ? jstr(x, "at") : "?",
                      jstr(x, "action") ? jstr(x, "action") : "?");
        if (jstr(x, "user"))
            ht_buf_printf(b, " by %s", jstr(x, "user"));
        json_t *after = json_object_get(x, "after"), *before = json_object_get(x, "before");
        if (!before || json_is_null(before))
            after = NULL; /* added: the record above is what was entered */
        const char *k;
        json_t *v;
        int shown = 0;
        json_object_foreach(after, k, v) {
            if (shown++ == 4) {
                ht_buf_puts(b, " ...");
                break;
            }
            char *o = json_dumps(json_object_get(before, k), JSON_ENCODE_ANY | JSON_COMPACT);
            char *n = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
            ht_buf_printf(b, "  %s: ", k);
            if (o && before) {
                put_cut(b, o, 60);
                ht_buf_puts(b, " → ");
            }
            put_cut(b, n ? n : "?", 60);
            free(o);
            free(n);
        }
        ht_buf_putc(b, '\n');
    }
}

/* "Kon Tum merged into Quảng Ngãi (VN-QNG) on 2025-07-01." and the other side. */
static void put_succession(ht_buf *b, json_t *r)
{
    json_t *s = json_object_get(r, "succession");
    const char *name = jstr(r, "name") ? jstr(r, "name") : jstr(r, "id");
    if (json_is_object(s)) {
        ht_buf_printf(b, "\n%s merged into %s (%s)", name, jstr(s, "name") ? jstr(s, "name") : "?",
                      jstr(s, "id"));
        if (jstr(s, "date"))
            ht_buf_printf(b, " on %s", jstr(s, "date"));
        ht_buf_puts(b, "; its agreements and activities are part of the history of the successor.\n");
    }
    json_t *p = json_object_get(r, "predecessors");
    size_t i;
    json_t *x;
    json_array_foreach(p, i, x) {
        ht_buf_printf(b, "%s%s (%s) merged into %s", i ? "" : "\n", jstr(x, "name") ? jstr(x, "name") : "?",
                      jstr(x, "id"), name);
        if (jstr(x, "date"))
            ht_buf_printf(b, " on %s", jstr(x, "date"));
        ht_buf_puts(b, ": its history is included below.\n");
    }
}

static void put_related_list(ht_buf *b, const char *title, json_t *list, bool events)
{
    ht_buf_printf(b, "\n%s (%zu)\n", title, json_array_size(list));
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) {
        if (events) {
            const char *date = jstr(x, "signed") ? jstr(x, "signed") : jstr(x, "date");
            ht_buf_printf(b, "  %-10s %-22s %-20s ", date ? date : "-", jstr(x, "kind") ? jstr(x, "kind") : "?",
                          jstr(x, "id"));
            put_value(b, json_object_get(x, "parties"));
            if (jstr(x, "title")) {
                ht_buf_puts(b, " — ");
                put_cut(b, jstr(x, "title"), 60);
            }
            if (json_array_size(json_object_get(x, "tasks"))) {
                ht_buf_puts(b, " tasks ");
                put_value(b, json_object_get(x, "tasks"));
            }
        } else {
            ht_buf_printf(b, "  %-20s ", jstr(x, "id"));
            put_cut(b, jstr(x, "name"), 80);
            if (jstr(x, "kind"))
                ht_buf_printf(b, " (%s)", jstr(x, "kind"));
        }
        const char *st = jstr(x, "status");
        if (st && strcmp(st, "confirmed") != 0)
            ht_buf_printf(b, " [%s]", st);
        json_t *via = json_object_get(x, "via");
        if (json_is_object(via))
            ht_buf_printf(b, " (as %s)", jstr(via, "name") ? jstr(via, "name") : jstr(via, "id"));
        ht_buf_putc(b, '\n');
    }
}

static const char *const LABELS[][2] = {
    {"kind", "kind"},           {"kinds", "kinds"},         {"title", "title"},
    {"country", "country"},     {"parent", "part of"},      {"parties", "parties"},
    {"party", "party"},         {"signed", "signed"},       {"date", "date"},
    {"place", "place"},         {"term", "term"},           {"fields", "fields"},
    {"tasks_declared", "tasks declared"},                   {"aliases", "also written"},
    {"titles", "titles"},       {"name_en", "English name"}, {"name_local", "local name"},
    {"valid_from", "valid from"}, {"valid_to", "valid until"}, {"successor", "successor"},
    {"participants", "participants"}, {"commitments", "commitments"}, {"agreement", "agreement"},
    {"summary", "summary"},     {"agreement_status", "standing"}, {"confidence", "confidence"},
};

static void show_text(ht_rec_kind k, json_t *r, ht_buf *b)
{
    describe(b, k, r);
    ht_buf_printf(b, "  [%s]\n", jstr(r, "id"));
    for (size_t i = 0; i < sizeof LABELS / sizeof LABELS[0]; i++) {
        json_t *v = json_object_get(r, LABELS[i][0]);
        if (!strcmp(LABELS[i][0], "aliases") && json_is_array(v)) {
            /* the name itself is one of them */
            json_t *o = json_array();
            size_t q;
            json_t *x;
            json_array_foreach(v, q, x) if (!json_equal(x, json_object_get(r, "name")))
                json_array_append(o, x);
            line(b, LABELS[i][1], o);
            json_decref(o);
        } else
            line(b, LABELS[i][1], v);
    }
    if (k == HT_REC_ACTIVITY && json_array_size(json_object_get(r, "tasks")))
        line(b, "carries out tasks", json_object_get(r, "tasks"));
    ht_buf_printf(b, "  %-16s %s (%s%s%s)\n", "status",
                  jstr(r, "status") ? jstr(r, "status") : "not in the registry",
                  jstr(r, "origin") ? jstr(r, "origin") : "gazetteer",
                  json_is_true(json_object_get(r, "gazetteer")) && jstr(r, "origin") ? ", gazetteer" : "",
                  json_is_true(json_object_get(r, "reviewed")) ? ", reviewed" : "");
    if (jstr(r, "merged_into"))
        ht_buf_printf(b, "  %-16s %s\n", "merged into", jstr(r, "merged_into"));
    if (jstr(r, "created"))
        ht_buf_printf(b, "  %-16s %s, updated %s\n", "created", jstr(r, "created"),
                      jstr(r, "updated") ? jstr(r, "updated") : "-");
    if (k == HT_REC_AGREEMENT) {
        json_t *tasks = json_object_get(r, "tasks");
        if (json_array_size(tasks)) {
            ht_buf_printf(b, "\ntasks (%zu)\n", json_array_size(tasks));
            size_t i;
            json_t *x;
            json_array_foreach(tasks, i, x) {
                ht_buf_printf(b, "  %zu. ", i + 1);
                put_cut(b, json_string_value(x), 200);
                ht_buf_putc(b, '\n');
            }
        }
        if (json_object_get(r, "activities"))
            put_related_list(b, "activities under it", json_object_get(r, "activities"), true);
    }
    if (k == HT_REC_PARTY) {
        put_succession(b, r);
        if (json_array_size(json_object_get(r, "members")))
            put_related_list(b, "members", json_object_get(r, "members"), false);
        if (json_object_get(r, "agreements"))
            put_related_list(b, "agreements", json_object_get(r, "agreements"), true);
        if (json_object_get(r, "activities"))
            put_related_list(b, "activities", json_object_get(r, "activities"), true);
        if (json_array_size(json_object_get(r, "people")))
            put_related_list(b, "people", json_object_get(r, "people"), false);
    }
    put_sources(b, json_object_get(r, "sources"));
    put_history(b, json_object_get(r, "history"));
}

/* ---- show ---- */

typedef struct {
    ht_store *st;
    standing *standing;
    int err;
} extra_ctx;

static void add_extra(ht_json *j, ht_rec_kind k, const char *id, void *ud)
{
    extra_ctx *x = ud;
    if (k == HT_REC_AGREEMENT) {
        ht_json_key(j, "agreement_status");
        ht_json_cstr(j, agreement_status(x->standing, id));
    }
    ht_json_key(j, "history");
    ht_error e = {0};
    if (ht_store_history_json(x->st, id, j, &e))
        x->err = e.code;
}

static void add_status(ht_json *j, ht_rec_kind k, const char *id, void *ud)
{
    if (k == HT_REC_AGREEMENT) {
        ht_json_key(j, "agreement_status");
        ht_json_cstr(j, agreement_status(ud, id));
    }
}

int ht_app_record_show(ht_store *st, ht_rec_kind k, const char *q, bool json, ht_buf *out,
                       ht_error *e)
{
    char id[HT_ID_MAX];
    int r = ht_store_rec_find(st, k, q, id, e);
    if (r)
        return r;
    ht_buf b = {0};
    ht_json j;
    ht_json_init(&j, &b);
    standing sd = {.st = st};
    extra_ctx x = {st, &sd, 0};
    r = ht_store_rec_json(st, k, id, HT_REC_EVIDENCE | HT_REC_RELATED, add_extra, &x, &j, e);
    standing_free(&sd);
    if (!r && x.err)
        r = ht_err(e, x.err, "reading the history of %s", id);
    if (!r && json) {
        r = ht_buf_append(out, b.p, b.n) || ht_buf_putc(out, '\n') ? nomem(e) : 0;
    } else if (!r) {
        json_error_t je;
        json_t *v = json_loadb(b.p, b.n, 0, &je);
        if (!v)
            r = nomem(e);
        else {
            show_text(k, v, out);
            json_decref(v);
        }
    }
    ht_buf_free(&b);
    return r;
}

/* ---- lists ---- */

typedef struct {
    ht_store *st;
    bool json;
    ht_json *j;
    ht_buf *out;
    size_t n;
    ht_error *e;
    standing standing;
} list_ctx;

static int list_row(ht_rec_kind k, const char *id, void *ud)
{
    list_ctx *c = ud;
    c->n++;
    if (c->json)
        return ht_store_rec_json(c->st, k, id, HT_REC_EVIDENCE, add_status, &c->standing, c->j, c->e);
    ht_buf b = {0};
    ht_json j;
    ht_json_init(&j, &b);
    int r = ht_store_rec_json(c->st, k, id, 0, NULL, NULL, &j, c->e);
    json_error_t je;
    json_t *v = r ? NULL : json_loadb(b.p, b.n, 0, &je);
    if (!r && !v)
        r = nomem(c->e);
    if (!r) {
        const char *st = jstr(v, "status");
        ht_buf_printf(c->out, "%-20s  %-9s  ", id, st ? st : "-");
        ht_buf tmp = {0};
        describe(&tmp, k, v);
        put_cut(c->out, tmp.p, 110);
        ht_buf_free(&tmp);
        const char *sc = k == HT_REC_AGREEMENT ? agreement_status(&c->standing, id) : NULL;
        if (sc)
            ht_buf_printf(c->out, " [%s]", sc);
        ht_buf_putc(c->out, '\n');
    }
    json_decref(v);
    ht_buf_free(&b);
    return r;
}

int ht_app_record_list(ht_store *st, ht_rec_kind k, const ht_rec_filter *f, bool json,
                       ht_buf *out, ht_error *e)
{
    ht_json j;
    ht_json_init(&j, out);
    list_ctx c = {st, json, &j, out, 0, e, {.st = st}};
    if (json)
        ht_json_arr(&j);
    else
        ht_buf_printf(out, "%-20s  %-9s  %s\n", "ID", "STATUS", ht_rec_kind_name(k));
    int r = ht_store_rec_list(st, k, f, list_row, &c, e);
    standing_free(&c.standing);
    if (r)
        return r;
    if (json) {
        ht_json_arr_end(&j);
        ht_buf_putc(out, '\n');
    } else if (!c.n)
        ht_buf_printf(out, "(no %s records)\n", ht_rec_kind_name(k));
    return j.err ? nomem(e) : 0;
}

/* ---- review ---- */

static int review_row(ht_rec_kind k, const char *id, void *ud)
{
    list_ctx *c = ud;
    c->n++;
    if (c->json)
        return ht_store_rec_json(c->st, k, id, HT_REC_EVIDENCE, NULL, NULL, c->j, c->e);
    ht_buf b = {0};
    ht_json j;
    ht_json_init(&j, &b);
    int r = ht_store_rec_json(c->st, k, id, HT_REC_EVIDENCE, NULL, NULL, &j, c->e);
    json_error_t je;
    json_t *v = r ? NULL : json_loadb(b.p, b.n, 0, &je);
    if (!r && !v)
        r = nomem(c->e);
    if (!r) {
        json_t *conf = json_object_get(v, "confidence");
        ht_buf_printf(c->out, "%-20s  %-9s  ", id, ht_rec_kind_name(k));
        if (json_is_number(conf))
            ht_buf_printf(c->out, "%4.2f  ", json_number_value(conf));
        else
            ht_buf_puts(c->out, "   -  ");
        ht_buf tmp = {0};
        describe(&tmp, k, v);
        put_cut(c->out, tmp.p, 100);
        ht_buf_free(&tmp);
        ht_buf_putc(c->out, '\n');
    }
    json_decref(v);
    ht_buf_free(&b);
    return r;
}

int ht_app_review_list(ht_store *st, unsigned kinds, size_t limit, bool json, ht_buf *out,
                       ht_error *e)
{
    ht_json j;
    ht_json_init(&j, out);
    list_ctx c = {st, json, &j, out, 0, e, {.st = st}};
    if (json)
        ht_json_arr(&j);
    else
        ht_buf_printf(out, "%-20s  %-9s  %4s  %s\n", "ID", "KIND", "CONF", "WHAT");
    int r = ht_store_review_queue(st, kinds, limit, review_row, &c, e);
    if (r)
        return r;
    if (json) {
        ht_json_arr_end(&j);
        ht_buf_putc(out, '\n');
    } else {
        size_t total;
        if ((r = ht_store_review_count(st, &total, e)))
            return r;
        if (!total)
            ht_buf_puts(out, "(nothing to review)\n");
        else
            ht_buf_printf(out, "%zu record%s waiting for review%s\n", total, total == 1 ? "" : "s",
                          c.n < total ? " (not all shown)" : "");
    }
    return j.err ? nomem(e) : 0;
}

typedef struct {
    char (*v)[HT_ID_MAX];
    size_t n;
    ht_error *e;
} id_list;

static int collect(ht_rec_kind k, const char *id, void *ud)
{
    (void)k;
    id_list *l = ud;
    void *v = realloc(l->v, (l->n + 1) * HT_ID_MAX);
    if (!v)
        return nomem(l->e);
    l->v = v;
    snprintf(l->v[l->n++], HT_ID_MAX, "%s", id);
    return 0;
}

int ht_app_review_ids(ht_store *st, unsigned kinds, char (**ids)[HT_ID_MAX], size_t *n,
                      ht_error *e)
{
    id_list l = {NULL, 0, e};
    int r = ht_store_review_queue(st, kinds, 0, collect, &l, e);
    if (r) {
        free(l.v);
        l.v = NULL;
        l.n = 0;
    }
    *ids = l.v;
    *n = l.n;
    return r;
}

/* A record named by a full id, a prefix of one, or a name; the kind from the id. */
static int find_any(ht_store *st, const char *q, ht_rec_kind *k, char id[HT_ID_MAX], ht_error *e)
{
    *k = ht_rec_kind_of(q);
    return ht_store_rec_find(st, *k, q, id, e);
}

int ht_app_review(ht_store *st, const char *action, char *const *ids, size_t n,
                  const char *user, ht_error *e)
{
    const char *status = !strcmp(action, "confirm") ? "confirmed"
                         : !strcmp(action, "reject") ? "rejected"
                                                     : NULL;
    if (!status)
        return ht_err(e, HT_EINVAL, "unknown review action '%s' (confirm, reject)", action);
    int r = ht_store_begin(st, e);
    if (r)
        return r;
    for (size_t i = 0; i < n && !r; i++) {
        ht_rec_kind k;
        char id[HT_ID_MAX];
        if (!(r = find_any(st, ids[i], &k, id, e)))
            r = ht_store_rec_set_status(st, k, id, status, user, e);
    }
    return finish(st, r, e);
}

/* ---- changes ---- */

int ht_app_record_add(ht_store *st, ht_rec_kind k, const char *json, size_t n,
                      const char *user, char id[HT_ID_MAX], ht_error *e)
{
    int r = ht_store_begin(st, e);
    if (r)
        return r;
    return finish(st, ht_store_rec_add(st, k, json, n, user, id, e), e);
}

int ht_app_record_edit(ht_store *st, ht_rec_kind k, const char *q, const char *json,
                       size_t n, const char *user, ht_error *e)
{
    int r = ht_store_begin(st, e);
    if (r)
        return r;
    char id[HT_ID_MAX];
    r = ht_store_rec_find(st, k, q, id, e);
    if (!r)
        r = ht_store_rec_edit(st, k, id, json, n, user, e);
    return finish(st, r, e);
}

int ht_app_record_merge(ht_store *st, ht_rec_kind k, const char *into, const char *from,
                        const char *user, ht_error *e)
{
    int r = ht_store_begin(st, e);
    if (r)
        return r;
    char a[HT_ID_MAX], b[HT_ID_MAX];
    r = ht_store_rec_find(st, k, into, a, e);
    if (!r)
        r = ht_store_rec_find(st, k, from, b, e);
    if (!r)
        r = ht_store_rec_merge(st, k, a, b, user, e);
    return finish(st, r, e);
}

int ht_app_record_delete(ht_store *st, ht_rec_kind k, const char *q, const char *user,
                         ht_error *e)
{
    int r = ht_store_begin(st, e);
    if (r)
        return r;
    char id[HT_ID_MAX];
    r = ht_store_rec_find(st, k, q, id, e);
    if (!r)
        r = ht_store_rec_set_status(st, k, id, "deleted", user, e);
    return finish(st, r, e);
}

int ht_app_activity_link(ht_store *st, const char *activity, const char *agreement,
                         const long *tasks, size_t ntasks, const char *user, ht_error *e)
{
    int r = ht_store_begin(st, e);
    if (r)
        return r;
    char a[HT_ID_MAX], g[HT_ID_MAX];
    r = ht_store_rec_find(st, HT_REC_ACTIVITY, activity, a, e);
    if (!r)
        r = ht_store_rec_find(st, HT_REC_AGREEMENT, agreement, g, e);
    if (!r)
        r = ht_store_activity_link(st, a, g, tasks, ntasks, user, e);
    return finish(st, r, e);
}

/* ---- KEY=VALUE ---- */

static json_t *split_list(const char *v, bool ints, bool codes)
{
    json_t *a = json_array();
    if (!codes && !ints) {
        if (*v)
            json_array_append_new(a, json_string(v));
        return a;
    }
    const char *p = v;
    while (*p) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        while (n && *p == ' ')
            p++, n--;
        while (n && p[n - 1] == ' ')
            n--;
        if (n) {
            char *t = strndup(p, n);
            if (ints) {
                char *end;
                errno = 0;
                long x = strtol(t, &end, 10);
                if (errno || *end) {
                    free(t);
                    json_decref(a);
                    return NULL;
                }
                json_array_append_new(a, json_integer(x));
            } else
                json_array_append_new(a, json_string(t));
            free(t);
        }
        if (!c)
            break;
        p = c + 1;
    }
    return a;
}

/* The value of one assignment, typed by the field. */
static json_t *parse_value(ht_field_type t, bool codes, const char *key, const char *v, char op,
                           ht_error *e)
{
    json_error_t je;
    json_t *x = NULL;
    if (t == HT_FIELD_LIST || t == HT_FIELD_INTS || t == HT_FIELD_OBJECTS) {
        if (*v == '[' || (*v == '{' && op)) {
            x = json_loads(v, JSON_DECODE_ANY, &je);
            if (!x) {
                ht_err(e, HT_EINVAL, "%s: not JSON (column %d: %s)", key, je.column, je.text);
                return NULL;
            }
            if (json_is_object(x)) {
                json_t *a = json_array();
                json_array_append_new(a, x);
                x = a;
            }
        } else if (t == HT_FIELD_OBJECTS) {
            if (!op && *v) {
                ht_err(e, HT_EINVAL, "%s: give a JSON array of {\"name\", \"role\"}, or add one "
                                     "with %s+=NAME", key, key);
                return NULL;
            }
            x = json_array();
            if (*v)
                json_array_append_new(x, json_pack("{s:s, s:n}", "name", v, "role"));
        } else if (!(x = split_list(v, t == HT_FIELD_INTS, codes || op != 0))) {
            ht_err(e, HT_EINVAL, "%s: '%s' is not a list of numbers", key, v);
            return NULL;
        }
        if (!json_is_array(x)) {
            json_decref(x);
            ht_err(e, HT_EINVAL, "%s: expected a list", key);
            return NULL;
        }
        return x;
    }
    if (op) {
        ht_err(e, HT_EINVAL, "%s is not a list: use %s=VALUE", key, key);
        return NULL;
    }
    if (!*v)
        return json_null();
    switch (t) {
    case HT_FIELD_INT: {
        char *end;
        errno = 0;
        long long n = strtoll(v, &end, 10);
        if (errno || *end) {
            ht_err(e, HT_EINVAL, "%s: '%s' is not a whole number", key, v);
            return NULL;
        }
        return json_integer(n);
    }
    case HT_FIELD_BOOL:
        if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1"))
            return json_true();
        if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0"))
            return json_false();
        ht_err(e, HT_EINVAL, "%s: '%s' is not true or false", key, v);
        return NULL;
    case HT_FIELD_TERM: {
        int a, z, used = 0;
        if (*v == '{') {
            x = json_loads(v, 0, &je);
            if (!x)
                ht_err(e, HT_EINVAL, "%s: not JSON (column %d: %s)", key, je.column, je.text);
            return x;
        }
        if (sscanf(v, "%d-%d%n", &a, &z, &used) == 2 && !v[used])
            return json_pack("{s:i, s:i}", "from", a, "to", z);
        ht_err(e, HT_EINVAL, "%s: '%s' is not a term (2018-2023)", key, v);
        return NULL;
    }
    default:
        return json_string(v);
    }
}

/* Items of a current list as they are given back: parties by id (or name). */
static json_t *as_input(json_t *cur)
{
    json_t *a = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(cur, i, x) {
        if (json_is_object(x) && json_object_get(x, "id") && !json_is_null(json_object_get(x, "id")))
            json_array_append(a, json_object_get(x, "id"));
        else if (json_is_object(x) && json_object_get(x, "name") && !json_object_get(x, "role"))
            json_array_append(a, json_object_get(x, "name"));
        else
            json_array_append(a, x);
    }
    return a;
}

int ht_app_assignments(ht_store *st, ht_rec_kind k, const char *id, char *const *args,
                       size_t n, ht_buf *json, ht_error *e)
{
    json_t *out = json_object(), *cur = NULL;
    int r = 0;
    for (size_t i = 0; i < n && !r; i++) {
        const char *a = args[i], *eq = strchr(a, '=');
        if (!eq || eq == a) {
            r = ht_err(e, HT_EINVAL, "'%s': expected FIELD=VALUE", a);
            break;
        }
        char op = (eq > a + 1 && (eq[-1] == '+' || eq[-1] == '-')) ? eq[-1] : 0;
        char *key = strndup(a, (size_t)(eq - a) - (op ? 1 : 0));
        bool codes;
        ht_field_type t = ht_store_field_type(k, key, &codes);
        if (t == HT_FIELD_NONE) {
            const char *const *names = ht_store_fields(k);
            ht_buf l = {0};
            for (size_t q = 0; names[q]; q++)
                ht_buf_printf(&l, "%s%s", q ? ", " : "", names[q]);
            r = ht_err(e, HT_EINVAL, "%s has no field '%s' (fields: %s)", ht_rec_kind_name(k), key,
                       l.p ? l.p : "");
            ht_buf_free(&l);
            free(key);
            break;
        }
        json_t *v = parse_value(t, codes, key, eq + 1, op, e);
        if (!v) {
            r = e->code ? e->code : HT_EINVAL;
            free(key);
            break;
        }
        if (op) {
            /* start from what the record holds (or what an earlier argument set) */
            json_t *base = json_object_get(out, key);
            if (!base && id && !cur) {
                ht_buf b = {0};
                ht_json j;
                ht_json_init(&j, &b);
                json_error_t je;
                if (!(r = ht_store_rec_json(st, k, id, 0, NULL, NULL, &j, e)) &&
                    !(cur = json_loadb(b.p, b.n, 0, &je)))
                    r = nomem(e);
                ht_buf_free(&b);
            }
            json_t *list = base ? json_deep_copy(base)
                                : cur ? as_input(json_object_get(cur, key)) : json_array();
            size_t q;
            json_t *x;
            json_array_foreach(v, q, x) {
                size_t at = json_array_size(list);
                for (size_t w = 0; w < json_array_size(list); w++)
                    if (json_equal(json_array_get(list, w), x) ||
                        (json_is_object(x) && json_equal(json_object_get(json_array_get(list, w), "name"),
                                                         json_object_get(x, "name"))))
                        at = w;
                if (op == '+' && at == json_array_size(list))
                    json_array_append(list, x);
                else if (op == '-' && at < json_array_size(list))
                    json_array_remove(list, at);
            }
            json_decref(v);
            v = list;
        }
        if (!r)
            json_object_set(out, key, v);
        json_decref(v);
        free(key);
    }
    if (!r) {
        char *s = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (!s || ht_buf_puts(json, s))
            r = nomem(e);
        free(s);
    }
    json_decref(cur);
    json_decref(out);
    return r;
}
