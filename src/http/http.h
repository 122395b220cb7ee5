/* The HTTP face of hoptac: a JSON API under /api/ and the web UI, served by
 * libmicrohttpd (a thread pool over epoll) from one registry file. Each worker thread
 * has its own SQLite connection; writes run in BEGIN IMMEDIATE transactions and are
 * retried while the database is busy, so "database is locked" never reaches a user.
 * Reading is open to loopback clients; writing needs a signed-in user and a CSRF token.
 * Contract: 0 or a negative HT_E* code with an ht_error. */
#ifndef HT_HTTP_H
#define HT_HTTP_H

#include "../base/base.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    const char *db;      /* the registry file (must exist, schema current) */
    const char *listen;  /* "HOST:PORT", "[V6]:PORT" or "PORT"; NULL: 127.0.0.1:8080 */
    bool public_ok;      /* allow a non-loopback address (--public) */
    int threads;         /* worker threads; 0: one per core, at least 2 */
    size_t max_body;     /* bytes of a request body; 0: HT_HTTP_MAX_BODY */
    unsigned timeout;    /* seconds a connection may stay idle; 0: HT_HTTP_TIMEOUT */
    FILE *log;           /* access log and notices (one line each); NULL: none */
} ht_http_opts;

#define HT_HTTP_MAX_BODY (1u << 20)
#define HT_HTTP_TIMEOUT 30

typedef struct ht_http_server ht_http_server;

/* Opens the registry, binds and starts serving in background threads. The bound
 * address (port 0 picks a free one) is written to the log and readable with
 * ht_http_url. */
int ht_http_start(const ht_http_opts *o, ht_http_server **out, ht_error *e);
/* "http://127.0.0.1:8080/" */
const char *ht_http_url(const ht_http_server *s);
/* Stops accepting, finishes the requests under way, closes every connection. */
void ht_http_stop(ht_http_server *s);

#endif
