/* The JSON API under /api/: the same functions as the command line and the pages,
 * their results as JSON, errors as {"error": {"status", "message"}} with a status that
 * fits. Writes need a signed-in user (401) and the session's CSRF token in the header
 * X-CSRF-Token (403). */
#include "app/app.h"
#include "http_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void ok_json(hs_resp *w, ht_buf *b)
{
    w->status = 200;
    w->ctype = "application/json";
    ht_buf_free(&w->body);
    w->body = *b;
    *b = (ht_buf){0};
}

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

/* ---- writes through hs_write ---- */

typedef struct {
    const char *id, *action, *kind, *user;
    const char *json;
    size_t n;
    char out_id[HT_ID_MAX];
} write_args;

static int do_review(ht_store *st, void *ud, ht_error *e)
{
    write_args *a = ud;
    return hs_review_set(st, a->id, a->action, a->user, e);
}

static int do_add(ht_store *st, void *ud, ht_error *e)
{
    write_args *a = ud;
    return hs_record_add(st, a->kind, a->json, a->n, a->user, a->out_id, e);
}

static int do_edit(ht_store *st, void *ud, ht_error *e)
{
    write_args *a = ud;
    return hs_record_edit(st, a->id, a->json, a->n, a->user, e);
}

static void record_reply(hs_req *r, hs_resp *w, const char *id, int status)
{
    ht_buf b = {0};
    ht_error e = {0};
    int rc = hs_record_json(r->st, id, &b, &e);
    if (rc) {
        ht_buf_free(&b);
        err_of(w, rc, &e);
        return;
    }
    ok_json(w, &b);
    w->status = status;
}

/* The body as JSON text; a form's fields become an object of strings. */
static const char *body_json(hs_req *r, size_t *n)
{
    if (r->body && (!r->ctype || strncasecmp(r->ctype, "application/json", 16) == 0)) {
        *n = r->body_n;
        return r->body;
    }
    *n = 0;
    return NULL;
}

static const char *const KIND_PATHS[][2] = {
    {"parties", "party"}, {"people", "person"}, {"agreements", "agreement"},
    {"activities", "activity"}};

static const char *kind_of_path(const char *seg)
{
    for (size_t i = 0; i < 4; i++)
        if (strcmp(seg, KIND_PATHS[i][0]) == 0)
            return KIND_PATHS[i][1];
    return NULL;
}

static void api_search(hs_req *r, hs_resp *w)
{
    hs_search_opts o = {
        .q = qstr(r, "q"),          .kind = qstr(r, "kind"),   .party = qstr(r, "party"),
        .country = qstr(r, "country"), .field = qstr(r, "field"), .from = qstr(r, "from"),
        .to = qstr(r, "to"),        .status = qstr(r, "status"), .review = qstr(r, "review"),
        .limit = qnum(r, "limit", 20, 1000), .offset = qnum(r, "offset", 0, 100000)};
    const char *ex = qstr(r, "exact");
    o.exact = ex && (strcmp(ex, "1") == 0 || strcmp(ex, "true") == 0);
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
            json_t *n = json_object_get(o, "name"), *p = json_object_get(o, "password");
            name = json_is_string(n) ? json_string_value(n) : NULL;
            pw = json_is_string(p) ? json_string_value(p) : NULL;
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

static void api_index(hs_resp *w)
{
    static const char idx[] =
        "{\"endpoints\":["
        "\"GET /api/search?q=&kind=&from=&to=&review=&limit=&offset=\","
        "\"GET /api/stats\","
        "\"GET /api/documents\",\"GET /api/documents/{id}\","
        "\"GET /api/parties\",\"GET /api/parties/{id}\",\"GET /api/parties/{id}/timeline?with={id}\","
        "\"GET /api/people\",\"GET /api/people/{id}\","
        "\"GET /api/agreements\",\"GET /api/agreements/{id}\","
        "\"GET /api/activities\",\"GET /api/activities/{id}\","
        "\"GET /api/timeline?party={id}&with={id}\","
        "\"GET /api/reports/agreements?status=\","
        "\"GET /api/review\",\"POST /api/review/{id} {action}\","
        "\"POST /api/{agreements|activities|parties} {record}\","
        "\"PATCH /api/{kind}/{id} {fields}\","
        "\"GET /api/session\",\"POST /api/session {name,password}\",\"DELETE /api/session\""
        "]}\n";
    w->status = 200;
    w->ctype = "application/json";
    ht_buf_puts(&w->body, idx);
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
    ht_buf b = {0};
    ht_error e = {0};
    int rc = 0;
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
    if (!reading(r)) {
        if (!may_write(r, w))
            return;
        write_args a = {.user = r->user};
        size_t jn;
        const char *js = body_json(r, &jn);
        if (strcmp(top, "review") == 0 && n == 3 && is(r, "POST")) {
            a.id = seg[2];
            a.action = r->form_ok ? hs_kv_get(&r->form, "action") : NULL;
            json_t *o = NULL;
            if (!a.action && js) {
                o = json_loadb(js, jn, 0, NULL);
                json_t *v = json_object_get(o, "action");
                a.action = json_is_string(v) ? json_string_value(v) : NULL;
            }
            if (!a.action) {
                json_decref(o);
                hs_json_error(w, 400, "send {\"action\": \"confirm\"} (or reject, delete, "
                                      "propose)");
                return;
            }
            rc = hs_write(r, do_review, &a, &e);
            json_decref(o);
            if (rc)
                err_of(w, rc, &e);
            else
                record_reply(r, w, a.id, 200);
            return;
        }
        const char *kind = kind_of_path(top);
        if (kind && !js) {
            hs_json_error(w, 400, "send the record as a JSON object (Content-Type: "
                                  "application/json)");
            return;
        }
        if (kind && n == 2 && is(r, "POST")) {
            a.kind = kind;
            a.json = js;
            a.n = jn;
            rc = hs_write(r, do_add, &a, &e);
            if (rc)
                err_of(w, rc, &e);
            else
                record_reply(r, w, a.out_id, 201);
            return;
        }
        if (kind && n == 3 && (is(r, "PATCH") || is(r, "POST") || is(r, "PUT"))) {
            if (strcmp(hs_kind_name(hs_kind_of(seg[2])), kind) != 0) {
                hs_json_error(w, 404, "no such record");
                return;
            }
            a.id = seg[2];
            a.json = js;
            a.n = jn;
            rc = hs_write(r, do_edit, &a, &e);
            if (rc)
                err_of(w, rc, &e);
            else
                record_reply(r, w, a.id, 200);
            return;
        }
        hs_json_error(w, 405, "this resource cannot be written");
        return;
    }

    if (strcmp(top, "search") == 0 && n == 2) {
        api_search(r, w);
        return;
    }
    long limit = qnum(r, "limit", 100, 1000), offset = qnum(r, "offset", 0, 1000000);
    if (limit < 0 || offset < 0) {
        hs_json_error(w, 400, "limit and offset are whole numbers (limit at most 1000)");
        return;
    }
    const char *kind = kind_of_path(top);
    if (strcmp(top, "stats") == 0 && n == 2)
        rc = hs_stats_json(r->st, &b, &e);
    else if (strcmp(top, "documents") == 0 && n == 2)
        rc = ht_app_document_list(r->st, false, true, &b, &e);
    else if (strcmp(top, "documents") == 0 && n == 3)
        rc = ht_app_document_show(r->st, seg[2], true, &b, &e);
    else if (kind && n == 2)
        rc = hs_list_json(r->st, top, qstr(r, "status"), limit, offset, &b, &e);
    else if (kind && n == 3) {
        if (strcmp(hs_kind_name(hs_kind_of(seg[2])), kind) != 0)
            rc = ht_err(&e, HT_ENOTFOUND, "no %s '%s'", kind, seg[2]);
        else
            rc = hs_record_json(r->st, seg[2], &b, &e);
    } else if (strcmp(top, "parties") == 0 && n == 4 && strcmp(seg[3], "timeline") == 0)
        rc = hs_timeline_json(r->st, seg[2], qstr(r, "with"), &b, &e);
    else if (strcmp(top, "timeline") == 0 && n == 2) {
        if (!qstr(r, "party")) {
            hs_json_error(w, 400, "party: say whose timeline (/api/timeline?party=VN-DLK)");
            return;
        }
        rc = hs_timeline_json(r->st, qstr(r, "party"), qstr(r, "with"), &b, &e);
    } else if (strcmp(top, "reports") == 0 && n == 3 && strcmp(seg[2], "agreements") == 0)
        rc = hs_agreements_report_json(r->st, qstr(r, "status"), &b, &e);
    else if (strcmp(top, "review") == 0 && n == 2)
        rc = hs_review_json(r->st, limit, offset, &b, &e);
    else
        rc = ht_err(&e, HT_ENOTFOUND, "no API endpoint %s (GET /api lists them)", r->path);
    if (rc) {
        ht_buf_free(&b);
        err_of(w, rc, &e);
        return;
    }
    ok_json(w, &b);
}
