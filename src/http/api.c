/* The JSON API under /api/: each endpoint parses its request and calls the app function
 * of the command that does the same (party show, timeline, report, review, export...),
 * sending its result; errors as {"error": {"status", "message"}} with a status that
 * fits. Writes need a signed-in user (401) and the session's CSRF token in the header
 * X-CSRF-Token (403). */
#include "app/app.h"
#include "app/report.h"
#include "http_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void ok_body(hs_resp *w, ht_buf *b, const char *ctype)
{
    w->status = 200;
    w->ctype = ctype;
    ht_buf_free(&w->body);
    w->body = *b;
    *b = (ht_buf){0};
}

static void ok_json(hs_resp *w, ht_buf *b) { ok_body(w, b, "application/json"); }

static void err_of(hs_resp *w, int rc, const ht_error *e)
{
    hs_json_error(w, hs_status_of(rc), e->msg[0] ? e->msg : "error");
}

static bool is(const hs_req *r, const char *m) { return strcmp(r->method, m) == 0; }
static bool reading(const hs_req *r) { return is(r, "GET") || is(r, "HEAD"); }

/* A number from the query: def when absent; -1 when malformed. */
static long qnum(const hs_req *r, const char *k, long def, long max)
{
    const char *v = hs_kv_get(&r->query, k);
    if (!v || !*v)
        return def;
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || n < 0 || n > max)
        return -1;
    return n;
}

static const char *qstr(const hs_req *r, const char *k)
{
    const char *v = hs_kv_get(&r->query, k);
    return v && *v ? v : NULL;
}

static bool qflag(const hs_req *r, const char *k)
{
    const char *v = qstr(r, k);
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

/* 401 without a user, 403 without the CSRF token; true when the write may go on. */
static bool may_write(hs_req *r, hs_resp *w)
{
    if (!r->user[0]) {
        hs_json_error(w, 401, "sign in to change the registry (POST /api/session)");
        return false;
    }
    if (!hs_csrf_check(r)) {
        hs_json_error(w, 403, "missing or wrong CSRF token (send the X-CSRF-Token header "
                              "given by GET /api/session)");
        return false;
    }
    return true;
}

static void session_json(hs_req *r, hs_resp *w, const char *token)
{
    char csrf[HT_AUTH_CSRF_LEN + 1] = "";
    if (token)
        ht_auth_csrf(token, "write", csrf);
    else
        hs_csrf_of(r, csrf);
    ht_buf b = {0};
    ht_json j;
    ht_json_init(&j, &b);
    ht_json_obj(&j);
    ht_json_key(&j, "user");
    ht_json_cstr(&j, r->user[0] ? r->user : NULL);
    ht_json_key(&j, "csrf");
    ht_json_cstr(&j, csrf);
    ht_json_obj_end(&j);
    ht_buf_putc(&b, '\n');
    int st = w->status;
    ok_json(w, &b);
    if (st > 200)
        w->status = st;
}

/* ---- paths ---- */

static const struct {
    const char *path;
    ht_rec_kind k;
} KINDS[] = {{"parties", HT_REC_PARTY},
             {"people", HT_REC_PERSON},
             {"agreements", HT_REC_AGREEMENT},
             {"activities", HT_REC_ACTIVITY}};

static bool kind_of_path(const char *seg, ht_rec_kind *k)
{
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(seg, KINDS[i].path) == 0) {
            *k = KINDS[i].k;
            return true;
        }
    return false;
}

/* ?format=json (default), csv, md or table, with its content type. */
static int format_of(const hs_req *r, ht_report_format *f, const char **ctype, ht_error *e)
{
    const char *v = qstr(r, "format");
    *f = HT_REPORT_JSON;
    if (v && ht_report_format_parse(v, f))
        return ht_err(e, HT_EINVAL, "format: json, csv, md or table, not '%s'", v);
    static const char *const CT[] = {"text/plain; charset=utf-8", "application/json",
                                     "text/csv; charset=utf-8", "text/markdown; charset=utf-8"};
    *ctype = CT[*f];
    return 0;
}

/* ---- writes, each one app function run through hs_write ---- */

typedef struct {
    ht_rec_kind k;
    const char *id, *other, *user;
    const char *json;
    size_t n;
    char *const *ids;
    size_t nids;
    const char *action;
    const long *tasks;
    size_t ntasks;
    bool document;
    char out_id[HT_ID_MAX];
} change;

static int do_add(ht_store *st, void *ud, ht_error *e)
{
    change *c = ud;
    return ht_app_record_add(st, c->k, c->json, c->n, c->user, c->out_id, e);
}

static int do_edit(ht_store *st, void *ud, ht_error *e)
{
    change *c = ud;
    return c->document ? ht_app_document_edit(st, c->id, c->json, c->n, c->user, e)
                       : ht_app_record_edit(st, c->k, c->id, c->json, c->n, c->user, e);
}

static int do_delete(ht_store *st, void *ud, ht_error *e)
{
    change *c = ud;
    return c->document ? ht_app_document_delete(st, c->id, c->user, e)
                       : ht_app_record_delete(st, c->k, c->id, c->user, e);
}

static int do_merge(ht_store *st, void *ud, ht_error *e)
{
    change *c = ud;
    return c->document ? ht_app_document_merge(st, c->id, c->other, c->user, e)
                       : ht_app_record_merge(st, c->k, c->id, c->other, c->user, e);
}

static int do_link(ht_store *st, void *ud, ht_error *e)
{
    change *c = ud;
    return ht_app_activity_link(st, c->id, c->other, c->tasks, c->ntasks, c->user, e);
}

static int do_review(ht_store *st, void *ud, ht_error *e)
{
    change *c = ud;
    return ht_app_review(st, c->action, c->ids, c->nids, c->user, e);
}

/* The record as `show --json` gives it, with status. */
static void record_reply(hs_req *r, hs_resp *w, ht_rec_kind k, const char *id, int status)
{
    ht_buf b = {0};
    ht_error e = {0};
    int rc = ht_app_record_show(r->st, k, id, true, &b, &e);
    if (rc) {
        ht_buf_free(&b);
        err_of(w, rc, &e);
        return;
    }
    ok_json(w, &b);
    w->status = status;
}

/* The answer to an edit or a merge: the document or the record as it is now. */
static void changed_reply(hs_req *r, hs_resp *w, bool document, ht_rec_kind k, const char *id)
{
    if (!document) {
        record_reply(r, w, k, id, 200);
        return;
    }
    ht_buf b = {0};
    ht_error e = {0};
    int rc = ht_app_document_show(r->st, id, true, &b, &e);
    if (rc) {
        ht_buf_free(&b);
        err_of(w, rc, &e);
    } else
        ok_json(w, &b);
}

static void deleted_reply(hs_resp *w, const char *id)
{
    ht_buf b = {0};
    ht_json j;
    ht_json_init(&j, &b);
    ht_json_obj(&j);
    ht_json_key(&j, "deleted");
    ht_json_cstr(&j, id);
    ht_json_obj_end(&j);
    ht_buf_putc(&b, '\n');
    ok_json(w, &b);
}

/* The body as a JSON object (400 when it is not one); NULL after replying. */
static json_t *body_object(hs_req *r, hs_resp *w)
{
    if (!r->body || (r->ctype && strncasecmp(r->ctype, "application/json", 16) != 0)) {
        hs_json_error(w, 400, "send a JSON object (Content-Type: application/json)");
        return NULL;
    }
    json_error_t je;
    json_t *o = json_loadb(r->body, r->body_n, 0, &je);
    if (!json_is_object(o)) {
        char msg[200];
        if (o)
            snprintf(msg, sizeof msg, "the body must be a JSON object");
        else
            snprintf(msg, sizeof msg, "request body: line %d column %d: %s", je.line, je.column,
                     je.text);
        json_decref(o);
        hs_json_error(w, 400, msg);
        return NULL;
    }
    return o;
}

static const char *ostr(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* POST /api/review/{id} {"action": "confirm"|"reject"|"edit", "fields": {...}};
 * POST /api/review {"action", "ids": [...]}: all in one transaction. */
static void api_review_write(hs_req *r, hs_resp *w, const char *id)
{
    const char *action = r->form_ok ? hs_kv_get(&r->form, "action") : NULL;
    json_t *o = NULL;
    if (!action) {
        if (!(o = body_object(r, w)))
            return;
        action = ostr(o, "action");
    }
    change c = {.user = r->user, .action = action};
    ht_error e = {0};
    int rc;
    if (action && strcmp(action, "edit") == 0) {
        json_t *f = json_object_get(o, "fields");
        if (!id || !json_is_object(f)) {
            json_decref(o);
            hs_json_error(w, 400, "edit: send {\"action\": \"edit\", \"fields\": {...}} to "
                                  "/api/review/{id}");
            return;
        }
        char *js = json_dumps(f, JSON_COMPACT);
        c.k = ht_rec_kind_of(id);
        c.id = id;
        c.json = js;
        c.n = js ? strlen(js) : 0;
        rc = js ? hs_write(r, do_edit, &c, &e) : ht_err(&e, HT_ENOMEM, "out of memory");
        free(js);
    } else if (!action || (strcmp(action, "confirm") && strcmp(action, "reject"))) {
        json_decref(o);
        hs_json_error(w, 400, "send {\"action\": \"confirm\"} (or \"reject\", or \"edit\" with "
                              "\"fields\")");
        return;
    } else {
        char *one[1] = {(char *)id};
        json_t *ids = json_object_get(o, "ids");
        char **list = NULL;
        if (id) {
            c.ids = one;
            c.nids = 1;
        } else if (json_is_array(ids) && json_array_size(ids)) {
            size_t n = json_array_size(ids);
            list = calloc(n, sizeof *list);
            for (size_t i = 0; list && i < n; i++)
                if (!(list[i] = (char *)json_string_value(json_array_get(ids, i)))) {
                    free(list);
                    json_decref(o);
                    hs_json_error(w, 400, "ids: a list of record ids");
                    return;
                }
            c.ids = list;
            c.nids = list ? n : 0;
        } else {
            json_decref(o);
            hs_json_error(w, 400, "ids: a list of record ids");
            return;
        }
        rc = c.nids ? hs_write(r, do_review, &c, &e) : ht_err(&e, HT_ENOMEM, "out of memory");
        free(list);
    }
    /* action may point into o */
    const char *done = strcmp(action, "confirm") == 0 ? "confirmed" : "rejected";
    json_decref(o);
    if (rc)
        err_of(w, rc, &e);
    else if (id)
        record_reply(r, w, ht_rec_kind_of(id), id, 200);
    else {
        ht_buf b = {0};
        ht_buf_printf(&b, "{\"%s\":%zu}\n", done, c.nids);
        ok_json(w, &b);
    }
}

/* POST /api/{kind}, PATCH|DELETE /api/{kind}/{q}, POST /api/{kind}/{q}/merge,
 * POST /api/activities/{q}/link, and the same on /api/documents. */
static void api_record_write(hs_req *r, hs_resp *w, const char *const *seg, size_t n,
                             ht_rec_kind k, bool document)
{
    change c = {.k = k, .user = r->user, .document = document};
    ht_error e = {0};
    int rc;
    if (n == 2 && is(r, "POST") && !document) {
        json_t *o = body_object(r, w);
        if (!o)
            return;
        json_decref(o);
        c.json = r->body;
        c.n = r->body_n;
        if ((rc = hs_write(r, do_add, &c, &e)))
            err_of(w, rc, &e);
        else
            record_reply(r, w, k, c.out_id, 201);
        return;
    }
    if (n == 3 && (is(r, "PATCH") || is(r, "PUT"))) {
        json_t *o = body_object(r, w);
        if (!o)
            return;
        json_decref(o);
        c.id = seg[2];
        c.json = r->body;
        c.n = r->body_n;
        if ((rc = hs_write(r, do_edit, &c, &e)))
            err_of(w, rc, &e);
        else
            changed_reply(r, w, document, k, c.id);
        return;
    }
    if (n == 3 && is(r, "DELETE")) {
        c.id = seg[2];
        if ((rc = hs_write(r, do_delete, &c, &e)))
            err_of(w, rc, &e);
        else
            deleted_reply(w, c.id);
        return;
    }
    if (n == 4 && is(r, "POST") && strcmp(seg[3], "merge") == 0) {
        json_t *o = body_object(r, w);
        if (!o)
            return;
        c.id = seg[2];
        c.other = ostr(o, "from");
        if (!c.other) {
            json_decref(o);
            hs_json_error(w, 400, "merge: send {\"from\": ID}, the record merged into this one");
            return;
        }
        rc = hs_write(r, do_merge, &c, &e);
        json_decref(o);
        if (rc)
            err_of(w, rc, &e);
        else
            changed_reply(r, w, document, k, c.id);
        return;
    }
    if (n == 4 && is(r, "POST") && strcmp(seg[3], "link") == 0 && !document &&
        k == HT_REC_ACTIVITY) {
        json_t *o = body_object(r, w);
        if (!o)
            return;
        c.id = seg[2];
        c.other = ostr(o, "agreement");
        json_t *t = json_object_get(o, "tasks");
        long tasks[64];
        bool bad = !c.other || (t && !json_is_array(t)) || json_array_size(t) > 64;
        for (size_t i = 0; !bad && i < json_array_size(t); i++) {
            json_t *x = json_array_get(t, i);
            bad = !json_is_integer(x) || json_integer_value(x) < 1;
            if (!bad)
                tasks[c.ntasks++] = (long)json_integer_value(x);
        }
        if (bad) {
            json_decref(o);
            hs_json_error(w, 400, "link: send {\"agreement\": ID, \"tasks\": [1, 2]} (task "
                                  "numbers from 1, at most 64)");
            return;
        }
        c.tasks = tasks;
        rc = hs_write(r, do_link, &c, &e);
        json_decref(o);
        if (rc)
            err_of(w, rc, &e);
        else
            record_reply(r, w, k, c.id, 200);
        return;
    }
    hs_json_error(w, 405, "this resource cannot be written that way (GET /api lists the "
                          "endpoints)");
}

/* ---- session ---- */

static void api_session(hs_req *r, hs_resp *w)
{
    if (reading(r)) {
        if (!r->session)
            hs_anon_token(r, w);
        session_json(r, w, NULL);
        return;
    }
    if (is(r, "DELETE")) {
        if (!r->session) {
            hs_json_error(w, 401, "not signed in");
            return;
        }
        if (!hs_csrf_check(r)) {
            hs_json_error(w, 403, "missing or wrong CSRF token");
            return;
        }
        ht_error e = {0};
        ht_auth_signout(r->st, r->session, &e);
        hs_set_session_cookie(r, w, NULL);
        r->user[0] = 0;
        r->session = NULL;
        session_json(r, w, NULL);
        return;
    }
    if (!is(r, "POST")) {
        hs_json_error(w, 405, "use GET, POST or DELETE on /api/session");
        return;
    }
    /* signing in: the CSRF token of the anonymous cookie (or of the current session) */
    if (!hs_csrf_check(r)) {
        hs_json_error(w, 403, "missing or wrong CSRF token (GET /api/session first)");
        return;
    }
    const char *name = NULL, *pw = NULL;
    json_t *o = NULL;
    if (r->form_ok) {
        name = hs_kv_get(&r->form, "name");
        pw = hs_kv_get(&r->form, "password");
    } else if (r->body) {
        o = json_loadb(r->body, r->body_n, 0, NULL);
        if (json_is_object(o)) {
            name = ostr(o, "name");
            pw = ostr(o, "password");
        }
    }
    if (!name || !pw) {
        json_decref(o);
        hs_json_error(w, 400, "send {\"name\": ..., \"password\": ...}");
        return;
    }
    char token[HT_AUTH_TOKEN_LEN + 1];
    int retry = 0;
    ht_error e = {0};
    int rc = hs_signin(r, name, pw, token, &retry, &e);
    if (rc == HT_ELIMIT) {
        char ra[16];
        snprintf(ra, sizeof ra, "%d", retry);
        hs_header(r, w, "Retry-After", ra);
        hs_json_error(w, 429, e.msg);
    } else if (rc == HT_EINVAL)
        hs_json_error(w, 401, e.msg);
    else if (rc)
        err_of(w, rc, &e);
    else {
        if (r->session) {
            ht_error e2;
            ht_auth_signout(r->st, r->session, &e2);
        }
        hs_set_session_cookie(r, w, token);
        snprintf(r->user, sizeof r->user, "%s", name);
        session_json(r, w, token);
    }
    json_decref(o);
}

/* ---- reading ---- */

static void api_search(hs_req *r, hs_resp *w)
{
    hs_search_opts o = {
        .q = qstr(r, "q"),          .kind = qstr(r, "kind"),   .party = qstr(r, "party"),
        .country = qstr(r, "country"), .field = qstr(r, "field"), .from = qstr(r, "from"),
        .to = qstr(r, "to"),        .status = qstr(r, "status"), .review = qstr(r, "review"),
        .limit = qnum(r, "limit", 20, 1000), .offset = qnum(r, "offset", 0, 100000)};
    o.exact = qflag(r, "exact");
    if (o.limit < 0 || o.offset < 0) {
        hs_json_error(w, 400, "limit and offset are whole numbers (limit at most 1000)");
        return;
    }
    if (!o.q) {
        hs_json_error(w, 400, "q: say what to search for (/api/search?q=...)");
        return;
    }
    ht_buf b = {0};
    ht_error e = {0};
    int rc = hs_search_json(r->st, &o, &b, &e);
    if (rc) {
        ht_buf_free(&b);
        err_of(w, rc, &e);
        return;
    }
    ok_json(w, &b);
}

/* /api/reports/{agreements|implementation|anniversaries|events}: `hoptac report`. */
static int api_report(hs_req *r, const char *what, const char *arg, ht_buf *b,
                      const char **ctype, ht_error *e)
{
    ht_report_format f;
    bool ics = strcmp(what, "anniversaries") == 0 && qstr(r, "format") &&
               strcmp(qstr(r, "format"), "ics") == 0;
    int rc = ics ? 0 : format_of(r, &f, ctype, e);
    if (rc)
        return rc;
    if (strcmp(what, "agreements") == 0) {
        ht_app_agreements_opts o = {.as_of = qstr(r, "as_of"), .party = qstr(r, "party")};
        long months = qnum(r, "expiring", 0, 1200);
        if (months < 0)
            return ht_err(e, HT_EINVAL, "expiring: a number of months");
        o.expiring_months = (int)months;
        if (qstr(r, "status") && (rc = ht_app_report_statuses(qstr(r, "status"), &o.statuses, e)))
            return rc;
        return ht_app_report_agreements(r->st, &o, f, b, e);
    }
    if (strcmp(what, "implementation") == 0) {
        const char *agr = arg ? arg : qstr(r, "agreement");
        if (!agr)
            return ht_err(e, HT_EINVAL, "agreement: say which agreement "
                                        "(/api/reports/implementation/{id})");
        return ht_app_report_implementation(r->st, agr, f, b, e);
    }
    if (strcmp(what, "anniversaries") == 0 || strcmp(what, "deadlines") == 0) {
        ht_app_anniv_opts o = {.from = qstr(r, "from"), .to = qstr(r, "to"),
                               .lang = qstr(r, "lang")};
        long every = qnum(r, "every", 0, 100);
        if (every < 0)
            return ht_err(e, HT_EINVAL, "every: a number of years (1 to 100)");
        o.every = (int)every;
        if (o.lang && strcmp(o.lang, "vi") && strcmp(o.lang, "en"))
            return ht_err(e, HT_EINVAL, "lang: 'vi' or 'en'");
        if (ics) {
            o.ics = true;
            f = HT_REPORT_JSON;
            *ctype = "text/calendar; charset=utf-8";
        }
        return ht_app_report_anniversaries(r->st, &o, f, b, e);
    }
    if (strcmp(what, "events") == 0) {
        *ctype = "text/tab-separated-values; charset=utf-8";
        return ht_app_export_events(r->st, b, e);
    }
    return ht_err(e, HT_ENOTFOUND, "no report '%s' (agreements, implementation, anniversaries, "
                                   "events)", what);
}

/* GET /api/export: `hoptac export`, the whole registry. */
static int api_export(hs_req *r, ht_buf *b, ht_error *e)
{
    char *p = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&p, &n);
    if (!f)
        return ht_err(e, HT_ENOMEM, "out of memory");
    int rc = ht_app_export(r->st, f, e);
    fclose(f);
    if (!rc && ht_buf_append(b, p, n))
        rc = ht_err(e, HT_ENOMEM, "out of memory");
    free(p);
    return rc;
}

static void api_index(hs_resp *w)
{
    static const char idx[] =
        "{\"endpoints\":["
        "\"GET /api/search?q=&kind=&party=&country=&field=&from=&to=&status=&review=&exact=&limit=&offset=\","
        "\"GET /api/stats\","
        "\"GET /api/documents?all=\",\"GET /api/documents/{id}\","
        "\"PATCH /api/documents/{id} {title,published,url}\",\"DELETE /api/documents/{id}\","
        "\"POST /api/documents/{id}/merge {from}\","
        "\"GET /api/{parties|people|agreements|activities}?status=&all=\","
        "\"GET /api/{kind}/{id or name}\","
        "\"POST /api/{kind} {fields}\",\"PATCH /api/{kind}/{id} {fields}\","
        "\"DELETE /api/{kind}/{id}\",\"POST /api/{kind}/{id}/merge {from}\","
        "\"POST /api/activities/{id}/link {agreement,tasks}\","
        "\"GET /api/parties/{id}/timeline?with=&format=\","
        "\"GET /api/timeline?party=&with=&format=\","
        "\"GET /api/reports/agreements?as_of=&expiring=&status=&party=&format=\","
        "\"GET /api/reports/implementation/{agreement}?format=\","
        "\"GET /api/reports/anniversaries?from=&to=&every=&lang=&format=\","
        "\"GET /api/reports/events\","
        "\"GET /api/review?kind=&limit=\","
        "\"POST /api/review/{id} {action: confirm|reject|edit, fields}\","
        "\"POST /api/review {action, ids}\","
        "\"GET /api/export\","
        "\"GET /api/session\",\"POST /api/session {name,password}\",\"DELETE /api/session\""
        "]}\n";
    w->status = 200;
    w->ctype = "application/json";
    ht_buf_puts(&w->body, idx);
}

/* ?kind=agreement,activity: bits 1 << ht_rec_kind. */
static int kinds_of(const char *v, unsigned *bits, ht_error *e)
{
    *bits = 0;
    while (v && *v) {
        size_t n = strcspn(v, ",");
        bool found = false;
        for (int k = 0; k < HT_REC_NKINDS; k++) {
            const char *name = ht_rec_kind_name((ht_rec_kind)k);
            if (strlen(name) == n && strncmp(v, name, n) == 0) {
                *bits |= 1u << k;
                found = true;
            }
        }
        if (!found)
            return ht_err(e, HT_EINVAL, "kind: party, person, agreement or activity, not '%.*s'",
                          (int)n, v);
        v += n + (v[n] == ',');
    }
    return 0;
}

void hs_api(hs_req *r, hs_resp *w)
{
    const char *seg[6];
    size_t n = hs_path_split(r->path, &r->a, seg, 6);
    /* seg[0] is "api" */
    if (r->public_server && !r->loopback && !r->user[0] &&
        !(n == 2 && strcmp(seg[1], "session") == 0)) {
        hs_json_error(w, 401, "sign in to read this registry from another machine");
        return;
    }
    if (!reading(r) && !is(r, "POST") && !is(r, "PATCH") && !is(r, "PUT") && !is(r, "DELETE")) {
        hs_json_error(w, 405, "method not allowed");
        return;
    }
    if (n < 2 || !*seg[1]) {
        if (!reading(r))
            hs_json_error(w, 405, "method not allowed");
        else
            api_index(w);
        return;
    }
    const char *top = seg[1];
    if (strcmp(top, "session") == 0 && n == 2) {
        api_session(r, w);
        return;
    }
    ht_rec_kind k = HT_REC_PARTY;
    bool kind = kind_of_path(top, &k), docs = strcmp(top, "documents") == 0;
    if (!reading(r)) {
        if (!may_write(r, w))
            return;
        if (strcmp(top, "review") == 0 && n <= 3 && is(r, "POST"))
            api_review_write(r, w, n == 3 ? seg[2] : NULL);
        else if ((kind || docs) && n >= 2 && n <= 4)
            api_record_write(r, w, seg, n, k, docs);
        else
            hs_json_error(w, 405, "this resource cannot be written (GET /api lists the "
                                  "endpoints)");
        return;
    }

    if (strcmp(top, "search") == 0 && n == 2) {
        api_search(r, w);
        return;
    }
    ht_buf b = {0};
    ht_error e = {0};
    int rc = 0;
    const char *ctype = "application/json";
    if (strcmp(top, "stats") == 0 && n == 2)
        rc = hs_stats_json(r->st, &b, &e);
    else if (docs && n == 2)
        rc = ht_app_document_list(r->st, qflag(r, "all"), true, &b, &e);
    else if (docs && n == 3)
        rc = ht_app_document_show(r->st, seg[2], true, &b, &e);
    else if (kind && n == 2) {
        const char *status = qstr(r, "status");
        if (status && strcmp(status, "proposed") && strcmp(status, "confirmed") &&
            strcmp(status, "rejected") && strcmp(status, "deleted"))
            rc = ht_err(&e, HT_EINVAL, "status: proposed, confirmed, rejected or deleted, not "
                                       "'%s'", status);
        else {
            ht_rec_filter f = {status, qflag(r, "all")};
            rc = ht_app_record_list(r->st, k, &f, true, &b, &e);
        }
    } else if (kind && n == 3)
        rc = ht_app_record_show(r->st, k, seg[2], true, &b, &e);
    else if ((kind && k == HT_REC_PARTY && n == 4 && strcmp(seg[3], "timeline") == 0) ||
             (strcmp(top, "timeline") == 0 && n <= 4)) {
        const char *p1 = n == 4 ? seg[2] : n == 3 ? seg[2] : qstr(r, "party");
        const char *p2 = strcmp(top, "timeline") == 0 && n == 4 ? seg[3] : qstr(r, "with");
        ht_report_format f;
        if (!p1)
            rc = ht_err(&e, HT_EINVAL, "party: say whose timeline (/api/timeline?party=VN-DLK)");
        else if (!(rc = format_of(r, &f, &ctype, &e)))
            rc = ht_app_timeline(r->st, p1, p2, f, &b, &e);
    } else if (strcmp(top, "reports") == 0 && (n == 3 || n == 4))
        rc = api_report(r, seg[2], n == 4 ? seg[3] : NULL, &b, &ctype, &e);
    else if (strcmp(top, "review") == 0 && n == 2) {
        unsigned kinds = 0;
        long limit = qnum(r, "limit", 0, 100000);
        if (limit < 0)
            rc = ht_err(&e, HT_EINVAL, "limit: a whole number");
        else if (!(rc = kinds_of(qstr(r, "kind"), &kinds, &e)))
            rc = ht_app_review_list(r->st, kinds, (size_t)limit, true, &b, &e);
    } else if (strcmp(top, "export") == 0 && n == 2)
        rc = api_export(r, &b, &e);
    else
        rc = ht_err(&e, HT_ENOTFOUND, "no API endpoint %s (GET /api lists them)", r->path);
    if (rc) {
        ht_buf_free(&b);
        err_of(w, rc, &e);
        return;
    }
    ok_body(w, &b, ctype);
}
