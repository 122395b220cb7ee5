/* Users and sessions of the web UI: Argon2id password hashes, session tokens kept as
 * hashes, CSRF tokens derived from a secret. See auth.h. */
#include "auth.h"
#include "base/json.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int db_err(ht_store *st, int rc, const char *what, ht_error *e)
{
    return ht_store_error(st, rc, what, e);
}

static int prepare(ht_store *st, const char *sql, sqlite3_stmt **s, ht_error *e)
{
    int rc = sqlite3_prepare_v2(ht_store_db(st), sql, -1, s, NULL);
    return rc == SQLITE_OK ? 0 : db_err(st, rc, "reading the users", e);
}

/* Runs a statement that returns no row; *changes gets the rows changed. */
static int run(ht_store *st, sqlite3_stmt *s, const char *what, int *changes, ht_error *e)
{
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return db_err(st, rc, what, e);
    if (changes)
        *changes = sqlite3_changes(ht_store_db(st));
    return 0;
}

int ht_auth_check_name(const char *name, ht_error *e)
{
    size_t n = strlen(name);
    if (n == 0 || n > HT_AUTH_NAME_MAX)
        return ht_err(e, HT_EINVAL, "a user name has 1 to %d characters", HT_AUTH_NAME_MAX);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        bool good = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '@';
        if (!good)
            return ht_err(e, HT_EINVAL,
                          "user name '%s': byte %zu is not a letter, digit, '.', '_', '-' or "
                          "'@'",
                          name, i);
    }
    return 0;
}

static int hash_password(const char *pw, size_t pwn, char out[crypto_pwhash_STRBYTES],
                         ht_error *e)
{
    if (sodium_init() < 0)
        return ht_err(e, HT_ENOMEM, "cannot initialise libsodium");
    if (crypto_pwhash_str_alg(out, pw, pwn, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return ht_err(e, HT_ENOMEM, "out of memory while hashing the password");
    return 0;
}

int ht_auth_user_add(ht_store *st, const char *name, const char *pw, size_t pwn, ht_error *e)
{
    int rc = ht_auth_check_name(name, e);
    if (rc)
        return rc;
    if (pwn < HT_AUTH_PASSWORD_MIN)
        return ht_err(e, HT_EINVAL, "the password needs at least %d characters",
                      HT_AUTH_PASSWORD_MIN);
    if (pwn > HT_AUTH_PASSWORD_MAX)
        return ht_err(e, HT_EINVAL, "the password is longer than %d bytes",
                      HT_AUTH_PASSWORD_MAX);
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = hash_password(pw, pwn, hash, e)))
        return rc;
    char now[32];
    ht_store_now(now);
    sqlite3_stmt *s;
    if ((rc = prepare(st, "INSERT INTO users (name, hash, created) VALUES (?1, ?2, ?3)", &s, e)))
        return rc;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return ht_err(e, HT_ECONFLICT, "there is already a user named '%s'", name);
    if (rc != SQLITE_DONE)
        return db_err(st, rc, "adding a user", e);
    return 0;
}

int ht_auth_user_delete(ht_store *st, const char *name, ht_error *e)
{
    sqlite3_stmt *s;
    int rc, changes = 0;
    /* sessions first: foreign keys may be off on this connection */
    if ((rc = prepare(st, "DELETE FROM sessions WHERE user = ?1", &s, e)))
        return rc;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
    if ((rc = run(st, s, "deleting a user's sessions", NULL, e)))
        return rc;
    if ((rc = prepare(st, "DELETE FROM users WHERE name = ?1", &s, e)))
        return rc;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
    if ((rc = run(st, s, "deleting a user", &changes, e)))
        return rc;
    if (!changes)
        return ht_err(e, HT_ENOTFOUND, "there is no user named '%s'", name);
    return 0;
}

int ht_auth_user_list(ht_store *st, bool json, ht_buf *out, ht_error *e)
{
    sqlite3_stmt *s;
    int rc = prepare(st, "SELECT name, created FROM users ORDER BY name", &s, e);
    if (rc)
        return rc;
    ht_json j;
    ht_json_init(&j, out);
    if (json)
        ht_json_arr(&j);
    size_t n = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 0);
        const char *created = (const char *)sqlite3_column_text(s, 1);
        n++;
        if (json) {
            ht_json_obj(&j);
            ht_json_key(&j, "name");
            ht_json_cstr(&j, name);
            ht_json_key(&j, "created");
            ht_json_cstr(&j, created);
            ht_json_obj_end(&j);
        } else
            ht_buf_printf(out, "%-24s  %s\n", name, created);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return db_err(st, rc, "reading the users", e);
    if (json) {
        ht_json_arr_end(&j);
        ht_buf_putc(out, '\n');
    } else if (!n)
        ht_buf_puts(out, "(no users: add one with 'hoptac user add NAME')\n");
    return j.err ? ht_err(e, HT_ENOMEM, "out of memory") : 0;
}

static void hex(const unsigned char *p, size_t n, char *out)
{
    sodium_bin2hex(out, 2 * n + 1, p, n);
}

void ht_auth_random_token(char out[HT_AUTH_TOKEN_LEN + 1])
{
    unsigned char r[HT_AUTH_TOKEN_LEN / 2];
    if (sodium_init() < 0) {
        /* without a random source no token could be trusted: make one that never
         * matches a stored session */
        memset(out, 'x', HT_AUTH_TOKEN_LEN);
        out[HT_AUTH_TOKEN_LEN] = 0;
        return;
    }
    randombytes_buf(r, sizeof r);
    hex(r, sizeof r, out);
}

static bool token_ok(const char *t)
{
    if (!t || strlen(t) != HT_AUTH_TOKEN_LEN)
        return false;
    for (size_t i = 0; i < HT_AUTH_TOKEN_LEN; i++)
        if (!((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f')))
            return false;
    return true;
}

/* The stored id of a session: a hash of its token, so that reading the database does
 * not give a working cookie. */
static void session_id(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token),
                       (const unsigned char *)"hoptac-session", 14);
    hex(h, sizeof h, out);
}

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void make_dummy(void)
{
    char pw[HT_AUTH_TOKEN_LEN + 1];
    ht_auth_random_token(pw);
    if (hash_password(pw, strlen(pw), dummy_hash, NULL))
        dummy_hash[0] = 0;
}

int ht_auth_signin(ht_store *st, const char *name, const char *pw, size_t pwn,
                   char token[HT_AUTH_TOKEN_LEN + 1], ht_error *e)
{
    token[0] = 0;
    char hash[crypto_pwhash_STRBYTES] = "";
    bool found = false;
    if (ht_auth_check_name(name, NULL) == 0 && pwn <= HT_AUTH_PASSWORD_MAX) {
        sqlite3_stmt *s;
        int rc = prepare(st, "SELECT hash FROM users WHERE name = ?1", &s, e);
        if (rc)
            return rc;
        sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            const char *h = (const char *)sqlite3_column_text(s, 0);
            if (h && strlen(h) < sizeof hash) {
                strcpy(hash, h);
                found = true;
            }
            rc = SQLITE_DONE;
        }
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE)
            return db_err(st, rc, "reading the users", e);
    }
    if (!found) {
        /* the same work as for a real user, so the time does not tell */
        pthread_once(&dummy_once, make_dummy);
        if (dummy_hash[0]) {
            int r = crypto_pwhash_str_verify(dummy_hash, pw, pwn < HT_AUTH_PASSWORD_MAX ? pwn : 0);
            (void)r; /* a random password: never matches */
        }
        return ht_err(e, HT_EINVAL, "wrong user name or password");
    }
    if (crypto_pwhash_str_verify(hash, pw, pwn) != 0)
        return ht_err(e, HT_EINVAL, "wrong user name or password");

    char tok[HT_AUTH_TOKEN_LEN + 1], id[65];
    ht_auth_random_token(tok);
    session_id(tok, id);
    long long now = (long long)time(NULL);
    sqlite3_stmt *s;
    int rc = prepare(st, "DELETE FROM sessions WHERE expires <= ?1", &s, e);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, now);
    if ((rc = run(st, s, "removing expired sessions", NULL, e)))
        return rc;
    if ((rc = prepare(st, "INSERT INTO sessions (id, user, created, expires)"
                          " VALUES (?1, ?2, ?3, ?4)",
                      &s, e)))
        return rc;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, now);
    sqlite3_bind_int64(s, 4, now + HT_AUTH_SESSION_SECONDS);
    if ((rc = run(st, s, "opening a session", NULL, e)))
        return rc;
    memcpy(token, tok, sizeof tok);
    return 0;
}

int ht_auth_session(ht_store *st, const char *token, char user[HT_AUTH_NAME_MAX + 1],
                    ht_error *e)
{
    user[0] = 0;
    if (!token_ok(token))
        return ht_err(e, HT_ENOTFOUND, "not signed in");
    char id[65];
    session_id(token, id);
    sqlite3_stmt *s;
    int rc = prepare(st, "SELECT user FROM sessions WHERE id = ?1 AND expires > ?2", &s, e);
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, (long long)time(NULL));
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *u = (const char *)sqlite3_column_text(s, 0);
        snprintf(user, HT_AUTH_NAME_MAX + 1, "%s", u ? u : "");
        rc = SQLITE_DONE;
    } else if (rc == SQLITE_DONE)
        rc = SQLITE_NOTFOUND;
    sqlite3_finalize(s);
    if (rc == SQLITE_NOTFOUND)
        return ht_err(e, HT_ENOTFOUND, "not signed in (the session ended)");
    if (rc != SQLITE_DONE)
        return db_err(st, rc, "reading a session", e);
    return user[0] ? 0 : ht_err(e, HT_ENOTFOUND, "not signed in");
}

int ht_auth_signout(ht_store *st, const char *token, ht_error *e)
{
    if (!token_ok(token))
        return 0;
    char id[65];
    session_id(token, id);
    sqlite3_stmt *s;
    int rc = prepare(st, "DELETE FROM sessions WHERE id = ?1", &s, e);
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
    return run(st, s, "closing a session", NULL, e);
}

void ht_auth_csrf(const char *secret, const char *purpose, char out[HT_AUTH_CSRF_LEN + 1])
{
    unsigned char key[crypto_generichash_KEYBYTES];
    crypto_generichash(key, sizeof key, (const unsigned char *)secret, strlen(secret),
                       (const unsigned char *)"hoptac-csrf", 11);
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)purpose, strlen(purpose), key,
                       sizeof key);
    sodium_bin2base64(out, HT_AUTH_CSRF_LEN + 1, h, sizeof h,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool ht_auth_csrf_ok(const char *secret, const char *purpose, const char *given)
{
    if (!secret || !*secret || !given || strlen(given) != HT_AUTH_CSRF_LEN)
        return false;
    char want[HT_AUTH_CSRF_LEN + 1];
    ht_auth_csrf(secret, purpose, want);
    return sodium_memcmp(want, given, HT_AUTH_CSRF_LEN) == 0;
}
