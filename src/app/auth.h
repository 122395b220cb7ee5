/* Users and sign-in sessions: the people who may write through the web UI.
 * Passwords are kept as Argon2id hash strings (libsodium); a session is a random token
 * that lives in a cookie, stored only as its hash; the CSRF token of a session is a
 * keyed hash of its token, so it needs no storage and cannot be guessed without it.
 * Contract: 0 or a negative HT_E* code with an ht_error. A wrong name or password is
 * HT_EINVAL with one message for both, so the answer does not tell which was wrong. */
#ifndef HT_APP_AUTH_H
#define HT_APP_AUTH_H

#include "../base/base.h"
#include "../store/store.h"

#include <stdbool.h>

#define HT_AUTH_NAME_MAX 64      /* bytes of a user name, NUL excluded */
#define HT_AUTH_PASSWORD_MIN 8   /* bytes */
#define HT_AUTH_PASSWORD_MAX 1024
#define HT_AUTH_TOKEN_LEN 64     /* hex digits of a session token */
#define HT_AUTH_CSRF_LEN 43      /* characters of a CSRF token (base64url of 32 bytes) */
#define HT_AUTH_SESSION_SECONDS (14 * 24 * 3600)

/* A user name: 1 to HT_AUTH_NAME_MAX bytes of letters, digits, '.', '_', '-', '@'. */
int ht_auth_check_name(const char *name, ht_error *e);

/* Adds a user; HT_ECONFLICT when the name is taken, HT_EINVAL for a bad name or a
 * password shorter than HT_AUTH_PASSWORD_MIN bytes. */
int ht_auth_user_add(ht_store *st, const char *name, const char *pw, size_t pwn, ht_error *e);
/* Deletes a user and their sessions; HT_ENOTFOUND when there is none. */
int ht_auth_user_delete(ht_store *st, const char *name, ht_error *e);
/* The users, one "NAME  CREATED" line each, or a JSON array of {"name","created"}. */
int ht_auth_user_list(ht_store *st, bool json, ht_buf *out, ht_error *e);

/* Checks the password and opens a new session: token gets HT_AUTH_TOKEN_LEN hex digits
 * and a NUL. The time taken does not depend on whether the user exists. Expired
 * sessions are removed on the way. */
int ht_auth_signin(ht_store *st, const char *name, const char *pw, size_t pwn,
                   char token[HT_AUTH_TOKEN_LEN + 1], ht_error *e);
/* The user of a live session: user gets the name (HT_AUTH_NAME_MAX + 1 bytes);
 * HT_ENOTFOUND for an unknown, malformed or expired token. */
int ht_auth_session(ht_store *st, const char *token, char user[HT_AUTH_NAME_MAX + 1],
                    ht_error *e);
/* Ends a session (nothing happens for an unknown token). */
int ht_auth_signout(ht_store *st, const char *token, ht_error *e);

/* The CSRF token bound to a secret (a session token, or the anonymous token of a
 * sign-in form), and its check in constant time. */
void ht_auth_csrf(const char *secret, const char *purpose, char out[HT_AUTH_CSRF_LEN + 1]);
bool ht_auth_csrf_ok(const char *secret, const char *purpose, const char *given);

/* A fresh random token of HT_AUTH_TOKEN_LEN hex digits. */
void ht_auth_random_token(char out[HT_AUTH_TOKEN_LEN + 1]);

#endif
