/* The server: libmicrohttpd with a thread pool over epoll, one SQLite connection per
 * worker thread, request bodies gathered up to a limit, sessions and CSRF checks,
 * rate-limited sign-in, retried writes, static assets and the access log. */
#include "http_int.h"
#include "html.h"

#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define COOKIE_SESSION "hoptac_session"
#define COOKIE_ANON "hoptac_anon"
#define HEADER_LIMIT (32 * 1024) /* bytes of the request line and headers */
#define RL_SLOTS 512
#define RL_WINDOW 600    /* seconds */
#define RL_MAX_NAME 5    /* failed sign-ins for one name in a window */
#define RL_MAX_CLIENT 20 /* failed sign-ins from one address in a window */
#define WRITE_TRIES 40

struct ht_http_server {
    struct MHD_Daemon *d;
    ht_http_opts o;
    char *db;
    char url[128];
    bool public_addr;
    pthread_key_t key;
    pthread_mutex_t log_mu, rl_mu;
    struct {
        char key[96];
        time_t start;
        int fails;
    } rl[RL_SLOTS];
};

/* One request over its calls of the access handler. */
typedef struct {
    char *uri;
    ht_buf body;
    bool too_big, started;
    struct timespec t0;
} conn;

/* ---- small helpers ---- */

void hs_header(hs_req *r, hs_resp *w, const char *k, const char *v)
{
    if (w->nh >= HS_MAX_HEADERS)
        return;
    char *c = ht_arena_strndup(&r->a, v, strlen(v));
    if (!c)
        return;
    w->hk[w->nh] = k;
    w->hv[w->nh++] = c;
}

int hs_status_of(int code)
{
    switch (code) {
    case HT_EINVAL:
    case HT_EFORMAT:
    case HT_EUTF8: return 400;
    case HT_ENOTFOUND: return 404;
    case HT_ECONFLICT: return 409;
    case HT_ELIMIT: return 413;
    case HT_EBUSY: return 503;
    default: return 500;
    }
}

void hs_json_error(hs_resp *w, int status, const char *msg)
{
    ht_buf_reset(&w->body);
    w->status = status;
    w->ctype = "application/json";
    ht_json j;
    ht_json_init(&j, &w->body);
    ht_json_obj(&j);
    ht_json_key(&j, "error");
    ht_json_obj(&j);
    ht_json_key(&j, "status");
    ht_json_int(&j, status);
    ht_json_key(&j, "message");
    ht_json_cstr(&j, msg);
    ht_json_obj_end(&j);
    ht_json_obj_end(&j);
    ht_buf_putc(&w->body, '\n');
}

static const char *purpose(const hs_req *r) { return r->session ? "write" : "signin"; }

void hs_csrf_of(const hs_req *r, char *out)
{
    const char *secret = r->session ? r->session : r->anon;
    if (!secret) {
        out[0] = 0;
        return;
    }
    ht_auth_csrf(secret, purpose(r), out);
}

bool hs_csrf_check(const hs_req *r)
{
    const char *secret = r->session ? r->session : r->anon;
    const char *given = r->csrf_header;
    if (!given && r->form_ok)
        given = hs_kv_get(&r->form, "csrf");
    return ht_auth_csrf_ok(secret, purpose(r), given);
}

void hs_set_session_cookie(hs_req *r, hs_resp *w, const char *token)
{
    char c[256];
    if (token) {
        snprintf(c, sizeof c, COOKIE_SESSION "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d",
                 token, HT_AUTH_SESSION_SECONDS);
        hs_header(r, w, "Set-Cookie", c);
        hs_header(r, w, "Set-Cookie", COOKIE_ANON "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    } else {
        hs_header(r, w, "Set-Cookie", COOKIE_SESSION "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    }
}

const char *hs_anon_token(hs_req *r, hs_resp *w)
{
    if (r->anon)
        return r->anon;
    char t[HT_AUTH_TOKEN_LEN + 1], c[160];
    ht_auth_random_token(t);
    snprintf(c, sizeof c, COOKIE_ANON "=%s; Path=/; HttpOnly; SameSite=Strict", t);
    hs_header(r, w, "Set-Cookie", c);
    r->anon = ht_arena_strndup(&r->a, t, strlen(t));
    return r->anon;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
        ;
}

int hs_write(hs_req *r, int (*fn)(ht_store *st, void *ud, ht_error *e), void *ud, ht_error *e)
{
    int rc = 0;
    for (int attempt = 0; attempt < WRITE_TRIES; attempt++) {
        rc = fn(r->st, ud, e);
        if (rc != HT_EBUSY)
            return rc;
        /* another writer holds the lock beyond the busy timeout: back off and retry,
         * with jitter so that writers do not meet again */
        sleep_ms(5L * (1 + attempt % 8) + (long)(rand() % 7));
    }
    return ht_err(e, HT_EBUSY, "the registry is busy; try again in a moment");
}

/* ---- rate limit of sign-in ---- */

static int rl_find(ht_http_server *s, const char *key, time_t now, bool create)
{
    int oldest = 0;
    for (int i = 0; i < RL_SLOTS; i++) {
        if (s->rl[i].key[0] && strcmp(s->rl[i].key, key) == 0) {
            if (now - s->rl[i].start >= RL_WINDOW) {
                s->rl[i].start = now;
                s->rl[i].fails = 0;
            }
            return i;
        }
        if (s->rl[i].start < s->rl[oldest].start)
            oldest = i;
    }
    if (!create)
        return -1;
    snprintf(s->rl[oldest].key, sizeof s->rl[oldest].key, "%s", key);
    s->rl[oldest].start = now;
    s->rl[oldest].fails = 0;
    return oldest;
}

static void client_key(const hs_req *r, char *out, size_t cap);

int hs_signin(hs_req *r, const char *name, const char *pw, char *token, int *retry_after,
              ht_error *e)
{
    ht_http_server *s = r->srv;
    char kc[96], kn[96];
    client_key(r, kc, sizeof kc);
    snprintf(kn, sizeof kn, "name:%.80s", name);
    time_t now = time(NULL);
    *retry_after = 0;
    pthread_mutex_lock(&s->rl_mu);
    int ic = rl_find(s, kc, now, false), in = rl_find(s, kn, now, false);
    bool blocked = (ic >= 0 && s->rl[ic].fails >= RL_MAX_CLIENT) ||
                   (in >= 0 && s->rl[in].fails >= RL_MAX_NAME);
    if (blocked) {
        time_t until = 0;
        if (ic >= 0 && s->rl[ic].fails >= RL_MAX_CLIENT)
            until = s->rl[ic].start + RL_WINDOW;
        if (in >= 0 && s->rl[in].fails >= RL_MAX_NAME && s->rl[in].start + RL_WINDOW > until)
            until = s->rl[in].start + RL_WINDOW;
        *retry_after = (int)(until - now > 0 ? until - now : 1);
    }
    pthread_mutex_unlock(&s->rl_mu);
    if (blocked)
        return ht_err(e, HT_ELIMIT, "too many failed sign-ins; try again in %d seconds",
                      *retry_after);
    int rc = 0;
    for (int attempt = 0; attempt < WRITE_TRIES; attempt++) {
        rc = ht_auth_signin(r->st, name, pw, strlen(pw), token, e);
        if (rc != HT_EBUSY)
            break;
        sleep_ms(5L * (1 + attempt % 8));
    }
    pthread_mutex_lock(&s->rl_mu);
    if (rc == HT_EINVAL) {
        ic = rl_find(s, kc, now, true);
        s->rl[ic].fails++;
        in = rl_find(s, kn, now, true);
        s->rl[in].fails++;
    } else if (rc == 0 && (in = rl_find(s, kn, now, false)) >= 0)
        s->rl[in].fails = 0;
    pthread_mutex_unlock(&s->rl_mu);
    return rc;
}

/* ---- addresses ---- */

static bool sa_loopback(const struct sockaddr *sa)
{
    if (!sa)
        return false;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
            return true;
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
            return in6->sin6_addr.s6_addr[12] == 127;
    }
    return false;
}

static void sa_text(const struct sockaddr *sa, char *out, size_t cap)
{
    out[0] = 0;
    if (!sa)
        snprintf(out, cap, "-");
    else if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)cap);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)cap);
    else
        snprintf(out, cap, "?");
}

static const struct sockaddr *client_sa(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return ci ? ci->client_addr : NULL;
}

static _Thread_local char client_addr_text[64];

static void client_key(const hs_req *r, char *out, size_t cap)
{
    (void)r;
    snprintf(out, cap, "client:%s", client_addr_text);
}

/* ---- the access log ---- */

static void logf_(ht_http_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_(ht_http_server *s, const char *fmt, ...)
{
    if (!s->o.log)
        return;
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&s->log_mu);
    vfprintf(s->o.log, fmt, ap);
    fflush(s->o.log);
    pthread_mutex_unlock(&s->log_mu);
    va_end(ap);
}

static void access_log(ht_http_server *s, const char *addr, const char *user, const char *method,
                       const char *uri, int status, size_t bytes, const struct timespec *t0)
{
    if (!s->o.log)
        return;
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char when[32];
    strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &tm);
    /* the target as sent, cut and with control bytes and quotes replaced */
    char u[512];
    size_t k = 0;
    for (const char *p = uri ? uri : "-"; *p && k + 1 < sizeof u; p++)
        u[k++] = ((unsigned char)*p < 0x20 || *p == '"' || *p == 0x7f) ? '?' : *p;
    u[k] = 0;
    logf_(s, "%s - %s [%s] \"%s %s\" %d %zu %.1fms\n", addr, user && *user ? user : "-", when,
          method, u, status, bytes, ms);
}

/* ---- per-thread connections ---- */

static void cache_clear(void);

static void close_store(void *p)
{
    ht_store *st = p;
    cache_clear();
    hs_search_release(st);
    hs_stmt_release(st);
    ht_store_close(st);
}

static ht_store *thread_store(ht_http_server *s, ht_error *e)
{
    ht_store *st = pthread_getspecific(s->key);
    if (st)
        return st;
    if (ht_store_open(s->db, 0, &st, e))
        return NULL;
    ht_store_set_busy_timeout(st, 2000);
    pthread_setspecific(s->key, st);
    return st;
}

/* ---- static assets ---- */

static void serve_static(hs_req *r, hs_resp *w, struct MHD_Connection *c)
{
    const char *name = r->path + strlen("/static/");
    const hs_asset *a = strchr(name, '/') || strcmp(name, "layout.html") == 0
                            ? NULL
                            : hs_asset_get(name);
    if (!a || (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)) {
        w->status = 404;
        w->ctype = "text/plain; charset=utf-8";
        ht_buf_puts(&w->body, "không tìm thấy / not found\n");
        return;
    }
    char etag[40];
    snprintf(etag, sizeof etag, "\"%s\"", a->etag);
    hs_header(r, w, "ETag", etag);
    hs_header(r, w, "Cache-Control", "public, max-age=86400");
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    if (inm && strcmp(inm, etag) == 0) {
        w->status = 304;
        return;
    }
    w->status = 200;
    w->ctype = a->type;
    ht_buf_append(&w->body, a->data, a->n);
}

/* ---- a cache of anonymous reads, per thread ----
 * A GET without cookies has one answer per registry state, the same for everyone: it
 * is kept per worker thread (no lock) with the state of that thread's connection,
 * PRAGMA data_version (moves when another connection or process commits) and
 * sqlite3_total_changes (moves with this connection's own writes). Any commit anywhere
 * makes every kept answer stale. */

#define CACHE_SLOTS 128
#define CACHE_MAX_BODY (256 * 1024)

typedef struct {
    char *uri;
    long long version, changes;
    int status;
    const char *ctype; /* static strings only */
    char *body;
    size_t n;
} cache_entry;

static _Thread_local cache_entry cache[CACHE_SLOTS];
static _Thread_local unsigned cache_next;

static bool registry_state(ht_store *st, long long *version, long long *changes)
{
    ht_error e;
    sqlite3_stmt *s = hs_stmt(st, "PRAGMA data_version", &e);
    if (!s || sqlite3_step(s) != SQLITE_ROW) {
        if (s)
            sqlite3_reset(s);
        return false;
    }
    *version = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    *changes = sqlite3_total_changes64(ht_store_db(st));
    return true;
}

static cache_entry *cache_find(const char *uri, long long v, long long c)
{
    for (unsigned i = 0; i < CACHE_SLOTS; i++)
        if (cache[i].uri && cache[i].version == v && cache[i].changes == c &&
            strcmp(cache[i].uri, uri) == 0)
            return &cache[i];
    return NULL;
}

static void cache_put(const char *uri, long long v, long long c, const hs_resp *w)
{
    if (w->body.n > CACHE_MAX_BODY)
        return;
    cache_entry *ce = NULL;
    for (unsigned i = 0; i < CACHE_SLOTS && !ce; i++)
        if (cache[i].uri && (cache[i].version != v || cache[i].changes != c))
            ce = &cache[i]; /* stale: reuse */
    if (!ce)
        ce = &cache[cache_next++ % CACHE_SLOTS];
    free(ce->uri);
    free(ce->body);
    memset(ce, 0, sizeof *ce);
    ce->uri = strdup(uri);
    ce->body = malloc(w->body.n ? w->body.n : 1);
    if (!ce->uri || !ce->body) {
        free(ce->uri);
        free(ce->body);
        memset(ce, 0, sizeof *ce);
        return;
    }
    memcpy(ce->body, w->body.p, w->body.n);
    ce->n = w->body.n;
    ce->version = v;
    ce->changes = c;
    ce->status = w->status;
    ce->ctype = w->ctype;
}

static void cache_clear(void)
{
    for (unsigned i = 0; i < CACHE_SLOTS; i++) {
        free(cache[i].uri);
        free(cache[i].body);
        memset(&cache[i], 0, sizeof cache[i]);
    }
}

/* Runs one of the thread's kept statements that returns no row; true when it did. */
static bool step_once(ht_store *st, const char *sql)
{
    ht_error e;
    sqlite3_stmt *s = hs_stmt(st, sql, &e);
    if (!s)
        return false;
    bool ok = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_reset(s);
    return ok;
}

/* ---- the access handler ---- */

static void *uri_cb(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    conn *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    k->uri = strdup(uri ? uri : "");
    clock_gettime(CLOCK_MONOTONIC, &k->t0);
    return k;
}

static void completed_cb(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    conn *k = *con_cls;
    if (!k)
        return;
    free(k->uri);
    ht_buf_free(&k->body);
    free(k);
    *con_cls = NULL;
}

static enum MHD_Result respond(struct MHD_Connection *c, hs_req *r, hs_resp *w, conn *k)
{
    size_t n = w->body.n;
    struct MHD_Response *resp;
    if (n) {
        char *p = ht_buf_take(&w->body);
        resp = MHD_create_response_from_buffer(n, p, MHD_RESPMEM_MUST_FREE);
        if (!resp)
            free(p);
    } else
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    if (w->ctype)
        MHD_add_response_header(resp, "Content-Type", w->ctype);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    if (w->ctype && strncmp(w->ctype, "text/html", 9) == 0) {
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self';"
                                " script-src 'self'; form-action 'self'; frame-ancestors 'none';"
                                " base-uri 'none'; object-src 'none'");
        MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    }
    bool cache_set = false;
    for (int i = 0; i < w->nh; i++) {
        MHD_add_response_header(resp, w->hk[i], w->hv[i]);
        cache_set |= strcmp(w->hk[i], "Cache-Control") == 0;
    }
    if (!cache_set)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)w->status, resp);
    MHD_destroy_response(resp);
    access_log(r->srv, client_addr_text, r->user, r->method, k ? k->uri : r->path, w->status, n,
               k ? &k->t0 : &(struct timespec){0, 0});
    return ret;
}

static enum MHD_Result fail(struct MHD_Connection *c, hs_req *r, conn *k, int status,
                            const char *msg)
{
    hs_resp w = {0};
    hs_json_error(&w, status, msg);
    enum MHD_Result ret = respond(c, r, &w, k);
    ht_buf_free(&w.body);
    return ret;
}

static enum MHD_Result header_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    hs_req *r = cls;
    if (strcasecmp(key, "Cookie") == 0 && value)
        hs_parse_cookies(value, strlen(value), &r->a, &r->cookies, NULL);
    return MHD_YES;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
    (void)url;
    (void)version;
    ht_http_server *s = cls;
    conn *k = *con_cls;
    if (!k)
        return MHD_NO;
    size_t max = s->o.max_body ? s->o.max_body : HT_HTTP_MAX_BODY;
    const struct sockaddr *sa = client_sa(c);
    sa_text(sa, client_addr_text, sizeof client_addr_text);
    hs_req r = {.method = method, .srv = s, .opts = &s->o, .public_server = s->public_addr};
    r.loopback = sa_loopback(sa);
    if (!k->started) {
        k->started = true;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > max) {
            r.path = k->uri;
            enum MHD_Result ret = fail(c, &r, k, 413, "request body too large");
            ht_arena_free(&r.a);
            return ret;
        }
        return MHD_YES;
    }
    if (*upload_size) {
        if (!k->too_big && k->body.n + *upload_size <= max)
            ht_buf_append(&k->body, upload, *upload_size);
        else
            k->too_big = true;
        *upload_size = 0;
        return MHD_YES;
    }
    r.path = k->uri;
    if (k->too_big) {
        enum MHD_Result ret = fail(c, &r, k, 413, "request body too large");
        ht_arena_free(&r.a);
        return ret;
    }
    hs_resp w = {.status = 200};
    ht_error e = {0};
    enum MHD_Result ret;
    int rc = hs_parse_target(k->uri, strlen(k->uri), &r.a, &r.path, &r.body, &r.body_n, &e);
    const char *q = r.body;
    size_t qn = r.body_n;
    r.body = NULL;
    r.body_n = 0;
    if (!rc && q)
        rc = hs_parse_urlencoded(q, qn, &r.a, &r.query, &e);
    if (rc) {
        r.path = k->uri;
        ret = fail(c, &r, k, rc == HT_ELIMIT ? 414 : 400, e.msg);
        ht_arena_free(&r.a);
        return ret;
    }
    MHD_get_connection_values(c, MHD_HEADER_KIND, header_cb, &r);
    r.ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    r.csrf_header = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
    if (k->body.n) {
        ht_buf_putc(&k->body, 0);
        r.body = k->body.p;
        r.body_n = k->body.n - 1;
        if (r.ctype && strncasecmp(r.ctype, "application/x-www-form-urlencoded", 33) == 0) {
            rc = hs_parse_urlencoded(r.body, r.body_n, &r.a, &r.form, &e);
            if (rc) {
                ret = fail(c, &r, k, rc == HT_ELIMIT ? 413 : 400, e.msg);
                ht_arena_free(&r.a);
                return ret;
            }
            r.form_ok = true;
        }
    } else if (r.ctype && strncasecmp(r.ctype, "application/x-www-form-urlencoded", 33) == 0)
        r.form_ok = true;
    const char *anon = hs_kv_get(&r.cookies, COOKIE_ANON);
    if (anon && strlen(anon) == HT_AUTH_TOKEN_LEN)
        r.anon = anon;

    if (strncmp(r.path, "/static/", 8) == 0) {
        serve_static(&r, &w, c);
    } else {
        r.st = thread_store(s, &e);
        if (!r.st) {
            logf_(s, "hoptac serve: %s\n", e.msg);
            ret = fail(c, &r, k, 503, "the registry cannot be opened now");
            ht_arena_free(&r.a);
            return ret;
        }
        const char *sess = hs_kv_get(&r.cookies, COOKIE_SESSION);
        if (sess && *sess) {
            int src = HT_EBUSY;
            for (int attempt = 0; attempt < 5 && src == HT_EBUSY; attempt++)
                src = ht_auth_session(r.st, sess, r.user, &e);
            if (src == 0)
                r.session = sess;
            else
                r.user[0] = 0;
        }
        bool api = strcmp(r.path, "/api") == 0 || strncmp(r.path, "/api/", 5) == 0;
        long long ver = 0, chg = 0;
        bool cacheable = (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) &&
                         r.cookies.n == 0 && (!r.public_server || r.loopback) &&
                         strcmp(r.path, "/api/session") != 0 &&
                         registry_state(r.st, &ver, &chg);
        cache_entry *ce = cacheable ? cache_find(k->uri, ver, chg) : NULL;
        if (ce) {
            w.status = ce->status;
            w.ctype = ce->ctype;
            ht_buf_append(&w.body, ce->body, ce->n);
        } else {
            /* a read sees one state of the registry from its first statement to its
             * last (a party page reads the record, then its timeline) */
            bool read = (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) &&
                        sqlite3_get_autocommit(ht_store_db(r.st)) && step_once(r.st, "BEGIN");
            if (api)
                hs_api(&r, &w);
            else
                hs_pages(&r, &w);
            if (read && !sqlite3_get_autocommit(ht_store_db(r.st)))
                step_once(r.st, "COMMIT");
            bool sets_cookie = false;
            for (int i = 0; i < w.nh; i++)
                sets_cookie |= strcmp(w.hk[i], "Set-Cookie") == 0;
            if (cacheable && w.status == 200 && !sets_cookie)
                cache_put(k->uri, ver, chg, &w);
        }
    }
    ret = respond(c, &r, &w, k);
    ht_buf_free(&w.body);
    ht_arena_free(&r.a);
    return ret;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    ht_http_server *s = cls;
    if (!s->o.log)
        return;
    pthread_mutex_lock(&s->log_mu);
    fputs("hoptac serve: ", s->o.log);
    vfprintf(s->o.log, fmt, ap);
    fflush(s->o.log);
    pthread_mutex_unlock(&s->log_mu);
}

/* ---- start and stop ---- */

static int parse_listen(const char *l, struct sockaddr_storage *ss, socklen_t *len, ht_error *e)
{
    char host[256] = "127.0.0.1", port[16] = "8080";
    const char *colon = strrchr(l, ':');
    if (l[0] == '[') {
        const char *rb = strchr(l, ']');
        if (!rb || rb[1] != ':' || rb - l - 1 >= (long)sizeof host)
            return ht_err(e, HT_EINVAL, "--listen: '%s' is not [ADDRESS]:PORT", l);
        snprintf(host, sizeof host, "%.*s", (int)(rb - l - 1), l + 1);
        snprintf(port, sizeof port, "%s", rb + 2);
    } else if (colon) {
        if (colon - l >= (long)sizeof host)
            return ht_err(e, HT_EINVAL, "--listen: address too long");
        snprintf(host, sizeof host, "%.*s", (int)(colon - l), l);
        snprintf(port, sizeof port, "%s", colon + 1);
    } else
        snprintf(port, sizeof port, "%s", l);
    char *end;
    long p = strtol(port, &end, 10);
    if (!*port || *end || p < 0 || p > 65535)
        return ht_err(e, HT_EINVAL, "--listen: '%s' is not a port number", port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *res = NULL;
    int g = getaddrinfo(*host ? host : NULL, port, &hints, &res);
    if (g || !res)
        return ht_err(e, HT_EINVAL, "--listen: cannot resolve '%s': %s", host, gai_strerror(g));
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

int ht_http_start(const ht_http_opts *o, ht_http_server **out, ht_error *e)
{
    *out = NULL;
    struct sockaddr_storage ss;
    socklen_t sl;
    int rc = parse_listen(o->listen ? o->listen : "127.0.0.1:8080", &ss, &sl, e);
    if (rc)
        return rc;
    bool loop = sa_loopback((struct sockaddr *)&ss);
    /* Each worker thread allocates from its own malloc arena; by default freeing the
     * memory of a request gives the arena's top back to the system with madvise, and
     * every madvise flushes the TLBs of all cores (an interrupt on each): a third of
     * the CPU time of uncached pages under load went there. Keep freed memory in the
     * process instead. */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 8 << 20);
    if (!loop && !o->public_ok)
        return ht_err(e, HT_EINVAL,
                      "--listen %s is not a loopback address: add --public to serve other "
                      "machines (reading then needs a signed-in user too)",
                      o->listen);
    /* the registry must be there and current before any thread opens it */
    ht_store *probe;
    if ((rc = ht_store_open(o->db, 0, &probe, e)))
        return rc;
    ht_store_close(probe);

    ht_http_server *s = calloc(1, sizeof *s);
    if (!s || !(s->db = strdup(o->db))) {
        free(s);
        return ht_err(e, HT_ENOMEM, "out of memory");
    }
    s->o = *o;
    s->public_addr = !loop;
    pthread_mutex_init(&s->log_mu, NULL);
    pthread_mutex_init(&s->rl_mu, NULL);
    pthread_key_create(&s->key, close_store);
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = o->threads > 0 ? (unsigned)o->threads : (unsigned)(cores > 2 ? cores : 2);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    s->d = MHD_start_daemon(
        flags, 0, NULL, NULL, handler, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)HEADER_LIMIT, MHD_OPTION_CONNECTION_LIMIT, 512u, MHD_OPTION_CONNECTION_TIMEOUT,
        o->timeout ? o->timeout : (unsigned)HT_HTTP_TIMEOUT, MHD_OPTION_URI_LOG_CALLBACK, uri_cb, NULL, MHD_OPTION_NOTIFY_COMPLETED,
        completed_cb, NULL, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
    if (!s->d) {
        int err = errno;
        char a[64];
        sa_text((struct sockaddr *)&ss, a, sizeof a);
        ht_http_stop(s);
        return ht_err(e, HT_EIO, "cannot listen on %s: %s", o->listen ? o->listen : a,
                      err ? strerror(err) : "the server could not start");
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = di ? di->port : 0;
    char a[64];
    sa_text((struct sockaddr *)&ss, a, sizeof a);
    if (ss.ss_family == AF_INET6)
        snprintf(s->url, sizeof s->url, "http://[%s]:%u/", a, port);
    else
        snprintf(s->url, sizeof s->url, "http://%s:%u/", a, port);
    logf_(s, "hoptac serve: listening on %s (%u threads, registry %s)\n", s->url, threads, o->db);
    if (!loop)
        logf_(s, "hoptac serve: --public: %s is not a loopback address; other machines can "
                 "connect, and reading needs a signed-in user for them\n", a);
    *out = s;
    return 0;
}

const char *ht_http_url(const ht_http_server *s) { return s->url; }

void ht_http_stop(ht_http_server *s)
{
    if (!s)
        return;
    if (s->d) {
        MHD_stop_daemon(s->d);
        logf_(s, "hoptac serve: stopped\n");
    }
    pthread_key_delete(s->key);
    pthread_mutex_destroy(&s->log_mu);
    pthread_mutex_destroy(&s->rl_mu);
    free(s->db);
    free(s);
}
