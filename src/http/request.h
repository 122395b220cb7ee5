/* Parsing the parts of an HTTP request that come from the client as they are: the
 * request target (path and query string), application/x-www-form-urlencoded bodies
 * and the Cookie header. Pure functions over bytes (no server), fuzzed as such.
 *
 * Decoded values are NUL-terminated, valid UTF-8 and hold no NUL or other C0 control
 * byte but tab, line feed and carriage return; anything else is HT_EFORMAT with a
 * message naming the byte offset. Strings live in the caller's arena. */
#ifndef HT_HTTP_REQUEST_H
#define HT_HTTP_REQUEST_H

#include "../base/base.h"

#include <stdbool.h>

#define HS_MAX_PAIRS 128   /* fields of a query string, form or Cookie header */
#define HS_MAX_TARGET 8192 /* bytes of a request target */

typedef struct {
    const char *k, *v;
    size_t vn;
} hs_kv;

typedef struct {
    hs_kv v[HS_MAX_PAIRS];
    size_t n;
} hs_kvs;

/* Percent-decodes s[0..n) ('+' is a space when plus). */
int hs_url_decode(const char *s, size_t n, bool plus, ht_arena *a, char **out, size_t *outn,
                  ht_error *e);

/* "a=1&b=2&c" (c has the value ""), appended to out; empty fields are skipped; more
 * than HS_MAX_PAIRS fields is HT_ELIMIT. */
int hs_parse_urlencoded(const char *s, size_t n, ht_arena *a, hs_kvs *out, ht_error *e);

/* "name=value; other=value" (RFC 6265 cookie-string); values are taken as they are
 * (quotes removed), not percent-decoded; a malformed pair is skipped. */
int hs_parse_cookies(const char *s, size_t n, ht_arena *a, hs_kvs *out, ht_error *e);

/* Splits a request target "/path?query" into its decoded path (which must start with
 * '/', and has no "." or ".." segment and no empty segment but a trailing one) and the
 * raw query string (query may be NULL when absent). */
int hs_parse_target(const char *s, size_t n, ht_arena *a, char **path, const char **query,
                    size_t *qn, ht_error *e);

/* The value of the first field named k, or NULL. */
const char *hs_kv_get(const hs_kvs *kv, const char *k);

/* Splits path into at most max segments (the leading '/' dropped); returns how many. The
 * segments point into a copy in a. */
size_t hs_path_split(const char *path, ht_arena *a, const char **seg, size_t max);

#endif
