/* Internals shared by the files of the http layer: a request as the handlers see it,
 * the response they fill, and the little the server reads on its own (records.c,
 * search.c). Records, timelines, reports, review and export come from the app layer as
 * JSON, the same functions as the command line, so that a page shows exactly what its
 * API endpoint returns. */
#ifndef HT_HTTP_INT_H
#define HT_HTTP_INT_H

#include "app/auth.h"
#include "base/json.h"
#include "http.h"
#include "request.h"
#include "store/store.h"

typedef struct hs_req {
    const char *method;
    char *path;
    hs_kvs query, form, cookies;
    const char *body; /* raw request body (NUL-terminated), may be NULL */
    size_t body_n;
    const char *ctype;       /* Content-Type, or NULL */
    const char *csrf_header; /* X-CSRF-Token, or NULL */
    bool loopback;           /* the client connects from a loopback address */
    bool form_ok;            /* the body was parsed as a form */
    char user[HT_AUTH_NAME_MAX + 1]; /* signed-in user, or "" */
    const char *session;             /* the session token when signed in */
    const char *anon;                /* the anonymous token cookie, or NULL */
    ht_store *st;
    ht_arena a;
    const ht_http_opts *opts;
    bool public_server;
    void *srv;
} hs_req;

#define HS_MAX_HEADERS 8

typedef struct {
    int status;
    const char *ctype;
    ht_buf body;
    const char *hk[HS_MAX_HEADERS];
    char *hv[HS_MAX_HEADERS]; /* in the request's arena */
    int nh;
} hs_resp;

/* Adds a response header (value copied into the request's arena). */
void hs_header(hs_req *r, hs_resp *w, const char *k, const char *v);
/* The HTTP status for an HT_E* code: 400, 404, 409, 413, 503, 500. */
int hs_status_of(int code);
/* A JSON error body {"error": {"status": N, "message": "..."}}. */
void hs_json_error(hs_resp *w, int status, const char *msg);

/* The CSRF token of the request's signer (session, else anonymous token); "" when it
 * has neither. out: HT_AUTH_CSRF_LEN + 1 bytes. */
void hs_csrf_of(const hs_req *r, char *out);
/* True when the request carries the right CSRF token (header X-CSRF-Token or form
 * field "csrf"). */
bool hs_csrf_check(const hs_req *r);

/* Runs fn, a change made through the app layer (which runs its own BEGIN IMMEDIATE
 * transaction), again while the database stays busy beyond the busy timeout. */
int hs_write(hs_req *r, int (*fn)(ht_store *st, void *ud, ht_error *e), void *ud, ht_error *e);

/* Sign-in with rate limiting; fills token on success. HT_ELIMIT when too many attempts
 * came from this client or for this name (retry_after seconds). */
int hs_signin(hs_req *r, const char *name, const char *pw, char *token, int *retry_after,
              ht_error *e);
/* Cookie headers of a new session (and the anonymous one cleared), or clearing both. */
void hs_set_session_cookie(hs_req *r, hs_resp *w, const char *token);
/* The anonymous token: from the cookie, else a new one set in w. */
const char *hs_anon_token(hs_req *r, hs_resp *w);

/* ---- the registry (records.c) ---- */

/* A prepared statement for sql (a string literal, cached by address) on this thread's
 * connection, reset; hs_stmt_release finalizes the thread's statements of st before it
 * is closed. */
sqlite3_stmt *hs_stmt(ht_store *st, const char *sql, ht_error *e);
void hs_stmt_release(ht_store *st);

typedef enum { HS_PARTY, HS_PERSON, HS_AGREEMENT, HS_ACTIVITY, HS_DOCUMENT, HS_NONE } hs_kind;
/* The kind of a record id by its prefix or its form (gazetteer codes are parties);
 * HS_PARTY .. HS_ACTIVITY are the values of ht_rec_kind. */
hs_kind hs_kind_of(const char *id);
const char *hs_kind_name(hs_kind k);

/* Counts for the home page. */
int hs_stats_json(ht_store *st, ht_buf *out, ht_error *e);

/* ---- search (search.c) ---- */

typedef struct {
    const char *q;
    const char *kind; /* comma-separated kinds, or NULL */
    const char *party, *country, *field, *from, *to, *status, *review;
    bool exact;
    bool typing; /* search as you type: the last word also matches as a prefix */
    long limit, offset;
} hs_search_opts;

/* SPEC 1c search JSON from the search layer's ht_search_session_run (the search of
 * `hoptac search`). An empty query gives no result; bad options are HT_EINVAL naming
 * the option, a malformed query HT_EFORMAT with the parser's message. */
int hs_search_json(ht_store *st, const hs_search_opts *o, ht_buf *out, ht_error *e);
/* Closes the thread's search session on st, before st is closed. */
void hs_search_release(ht_store *st);

/* ---- faces ---- */

/* /api/...: JSON. */
void hs_api(hs_req *r, hs_resp *w);
/* Everything else but /static/: HTML pages and form posts. */
void hs_pages(hs_req *r, hs_resp *w);

#endif
