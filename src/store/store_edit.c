/* The changes people make to the registry: confirm, reject and delete; edit fields; add
 * records by hand; merge two records; link an activity to an agreement and its tasks;
 * edit, delete and merge documents. Each change marks the record as reviewed (no later
 * ingest overwrites it) and is written to history with what it was before and after. */
#include "registry.h"
#include "store_int.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- vocabularies (SPEC 1a) ---- */

static const char *const PARTY_KINDS[] = {"country", "province", "district", "commune",
                                          "organisation", NULL};
static const char *const AGREEMENT_KINDS[] = {"mou", "cooperation_agreement", "twinning",
                                              "minutes", "plan", "other", NULL};
static const char *const ACTIVITY_KINDS[] = {
    "visit",    "reception", "working_session", "talks",       "signing",    "twinning", "exchange",
    "festival", "donation",  "training",        "scholarship", "conference", "other",    NULL};
static const char *const FIELDS[] = {
    "politics", "diplomacy", "economy",   "trade",     "investment", "agriculture", "education",
    "health",   "culture",   "tourism",   "sport",     "security",   "defence",     "transport",
    "energy",   "environment", "science", "youth",     "labour",     "other",       NULL};


/* ---- fields ---- */

typedef enum {
    T_NAME, T_TEXT, T_CODE, T_COUNTRY, T_DATE, T_BOOL, T_INT, T_PARTY, T_AGREEMENT,
    T_TEXTS, T_CODES, T_PARTIES, T_TERM, T_PARTICIPANTS, T_INTS
} vtype;

typedef struct {
    const char *name;
    vtype t;
    const char *const *vocab;
    const char *set; /* UPDATE ... SET col = ?2 WHERE id = ?1, or NULL: handled in code */
} field;

#define SET(T, C) "UPDATE " T " SET " C " = ?2 WHERE id = ?1"

static const field PARTY_FIELDS[] = {
    {"name", T_NAME, NULL, NULL},
    {"kind", T_CODE, PARTY_KINDS, SET("parties", "kind")},
    {"country", T_COUNTRY, NULL, SET("parties", "country")},
    {"parent", T_PARTY, NULL, SET("parties", "parent")},
    {"aliases", T_TEXTS, NULL, NULL},
    {"name_en", T_TEXT, NULL, SET("parties", "name_en")},
    {"name_local", T_TEXT, NULL, SET("parties", "name_local")},
    {"valid_from", T_DATE, NULL, SET("parties", "valid_from")},
    {"valid_to", T_DATE, NULL, SET("parties", "valid_to")},
    {"successor", T_PARTY, NULL, SET("parties", "successor")},
    {NULL, 0, NULL, NULL}};

static const field PERSON_FIELDS[] = {
    {"name", T_NAME, NULL, NULL},
    {"party", T_PARTY, NULL, SET("people", "party")},
    {"aliases", T_TEXTS, NULL, NULL},
    {NULL, 0, NULL, NULL}};

static const field AGREEMENT_FIELDS[] = {
    {"kind", T_CODE, AGREEMENT_KINDS, SET("agreements", "kind")},
    {"title", T_TEXT, NULL, SET("agreements", "title")},
    {"parties", T_PARTIES, NULL, NULL},
    {"signed", T_DATE, NULL, SET("agreements", "signed")},
    {"signed_inferred", T_BOOL, NULL, SET("agreements", "signed_inferred")},
    {"place", T_TEXT, NULL, SET("agreements", "place")},
    {"term", T_TERM, NULL, NULL},
    {"fields", T_CODES, FIELDS, SET("agreements", "fields")},
    {"tasks_declared", T_INT, NULL, SET("agreements", "tasks_declared")},
    {"tasks", T_TEXTS, NULL, NULL},
    {NULL, 0, NULL, NULL}};

static const field ACTIVITY_FIELDS[] = {
    {"kind", T_CODE, ACTIVITY_KINDS, SET("activities", "kind")},
    {"kinds", T_CODES, ACTIVITY_KINDS, SET("activities", "kinds")},
    {"date", T_DATE, NULL, SET("activities", "date")},
    {"date_inferred", T_BOOL, NULL, SET("activities", "date_inferred")},
    {"place", T_TEXT, NULL, SET("activities", "place")},
    {"parties", T_PARTIES, NULL, NULL},
    {"participants", T_PARTICIPANTS, NULL, SET("activities", "participants")},
    {"commitments", T_TEXTS, NULL, SET("activities", "commitments")},
    {"fields", T_CODES, FIELDS, SET("activities", "fields")},
    {"agreement", T_AGREEMENT, NULL, SET("activities", "agreement")},
    {"tasks", T_INTS, NULL, SET("activities", "tasks")},
    {"summary", T_TEXT, NULL, SET("activities", "summary")},
    {NULL, 0, NULL, NULL}};

static const field *const FIELD_SETS[] = {PARTY_FIELDS, PERSON_FIELDS, AGREEMENT_FIELDS,
                                          ACTIVITY_FIELDS};

static const field *field_of(ht_rec_kind k, const char *name)
{
    for (const field *f = FIELD_SETS[k]; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

ht_field_type ht_store_field_type(ht_rec_kind k, const char *name, bool *codes)
{
    const field *f = field_of(k, name);
    if (codes)
        *codes = f && (f->t == T_CODES || f->t == T_PARTIES);
    if (!f)
        return HT_FIELD_NONE;
    switch (f->t) {
    case T_BOOL: return HT_FIELD_BOOL;
    case T_INT: return HT_FIELD_INT;
    case T_TEXTS:
    case T_CODES:
    case T_PARTIES: return HT_FIELD_LIST;
    case T_INTS: return HT_FIELD_INTS;
    case T_TERM: return HT_FIELD_TERM;
    case T_PARTICIPANTS: return HT_FIELD_OBJECTS;
    default: return HT_FIELD_TEXT;
    }
}

const char *const *ht_store_fields(ht_rec_kind k)
{
    static const char *names[HT_REC_NKINDS][16];
    static bool done[HT_REC_NKINDS];
    if (!done[k]) {
        size_t n = 0;
        for (const field *f = FIELD_SETS[k]; f->name && n < 15; f++)
            names[k][n++] = f->name;
        names[k][n] = NULL;
        done[k] = true;
    }
    return names[k];
}

/* ---- small helpers ---- */

typedef struct {
    ht_store *st;
    ht_rec_kind k;
    const char *id;
    const char *user;
    char now[32];
    ht_error *e;
} op;

static int nomem(ht_error *e) { return ht_err(e, HT_ENOMEM, "out of memory"); }

static sqlite3_stmt *stmt(op *o, const char *sql) { return st_stmt(o->st, sql, o->e); }

static int run(op *o, sqlite3_stmt *s) { return st_run(o->st, s, o->e); }

/* Runs sql with ?1 = a, ?2 = b (either may be NULL). */
static int run2(op *o, const char *sql, const char *a, const char *b)
{
    sqlite3_stmt *s = stmt(o, sql);
    if (!s)
        return o->e->code;
    st_bind_cstr(s, 1, a);
    st_bind_cstr(s, 2, b);
    return run(o, s);
}

/* One text value of a query bound to ?1 = a (malloc'd, NULL when no row or NULL). */
static int query_text(op *o, const char *sql, const char *a, char **out, bool *found)
{
    *out = NULL;
    if (found)
        *found = false;
    sqlite3_stmt *s = stmt(o, sql);
    if (!s)
        return o->e->code;
    st_bind_cstr(s, 1, a);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        if (found)
            *found = true;
        const char *v = (const char *)sqlite3_column_text(s, 0);
        if (v && !(*out = strdup(v))) {
            sqlite3_reset(s);
            return nomem(o->e);
        }
        rc = SQLITE_DONE;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : ht_store_error(o->st, rc, "reading a record", o->e);
}

static char *dumps(json_t *v)
{
    return json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
}

/* The record as JSON (no sources), parsed: the before and after of history. */
static json_t *snapshot(op *o, const char *id)
{
    ht_buf b = {0};
    ht_json j;
    ht_json_init(&j, &b);
    if (ht_store_rec_json(o->st, o->k, id, 0, NULL, NULL, &j, o->e)) {
        ht_buf_free(&b);
        return NULL;
    }
    json_error_t je;
    json_t *v = json_loadb(b.p, b.n, 0, &je);
    ht_buf_free(&b);
    if (!v)
        ht_err(o->e, HT_ENOMEM, "out of memory");
    else
        json_object_del(v, "sources");
    return v;
}

int st_history(ht_store *st, const char *record, const char *action, const char *before,
               const char *after, const char *user, const char *now, ht_error *e)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT count(*) FROM history WHERE record = ?1", e);
    if (!s)
        return e->code;
    st_bind_cstr(s, 1, record);
    long long n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    /* ids from the record and the number of its change: the same changes give the same
     * history, and a record's changes sort in order */
    char id[HT_ID_MAX + 16];
    snprintf(id, sizeof id, "hst-%s-%06lld", record, n + 1);
    s = st_stmt(st, "INSERT INTO history (id, record, action, before, after, user, at)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", e);
    if (!s)
        return e->code;
    st_bind_cstr(s, 1, id);
    st_bind_cstr(s, 2, record);
    st_bind_cstr(s, 3, action);
    st_bind_cstr(s, 4, before);
    st_bind_cstr(s, 5, after);
    st_bind_cstr(s, 6, user);
    st_bind_cstr(s, 7, now);
    return st_run(st, s, e);
}

static int history_json(op *o, const char *record, const char *action, json_t *before,
                        json_t *after)
{
    char *b = before ? dumps(before) : NULL, *a = after ? dumps(after) : NULL;
    int r = (before && !b) || (after && !a)
                ? nomem(o->e)
                : st_history(o->st, record, action, b, a, o->user, o->now, o->e);
    free(b);
    free(a);
    return r;
}

/* What changed between two snapshots, for the given keys (all keys when keys NULL). */
static int history_diff(op *o, const char *action, json_t *before, json_t *after, json_t *keys)
{
    json_t *b = json_object(), *a = json_object();
    int r = 0;
    if (!a || !b) {
        r = nomem(o->e);
        goto out;
    }
    const char *k;
    json_t *v;
    json_object_foreach(after, k, v) {
        if (keys && !json_object_get(keys, k))
            continue;
        if (!strcmp(k, "updated") || !strcmp(k, "reviewed"))
            continue;
        json_t *old = json_object_get(before, k);
        if (old && json_equal(old, v))
            continue;
        json_object_set(b, k, old ? old : json_null());
        json_object_set(a, k, v);
    }
    if (json_object_size(a))
        r = history_json(o, o->id, action, b, a);
out:
    json_decref(a);
    json_decref(b);
    return r;
}

/* A person looked at the record: reviewed, a proposed one confirmed, updated now. */
static int touch(op *o, const char *id)
{
    static const char *const sql[] = {
        "UPDATE parties SET reviewed = 1, status = CASE status WHEN 'proposed' THEN"
        " 'confirmed' ELSE status END, updated = ?2 WHERE id = ?1",
        "UPDATE people SET reviewed = 1, status = CASE status WHEN 'proposed' THEN"
        " 'confirmed' ELSE status END, updated = ?2 WHERE id = ?1",
        "UPDATE agreements SET reviewed = 1, status = CASE status WHEN 'proposed' THEN"
        " 'confirmed' ELSE status END, updated = ?2 WHERE id = ?1",
        "UPDATE activities SET reviewed = 1, status = CASE status WHEN 'proposed' THEN"
        " 'confirmed' ELSE status END, updated = ?2 WHERE id = ?1",
    };
    return run2(o, sql[o->k], id, o->now);
}

/* Finds the record an operation is about: its exact id, or a merged record's survivor is
 * named in the error. */
static int existing(op *o, const char *id, char *merged_into)
{
    static const char *const sql[] = {
        "SELECT coalesce(merged_into, '') FROM parties WHERE id = ?1",
        "SELECT coalesce(merged_into, '') FROM people WHERE id = ?1",
        "SELECT coalesce(merged_into, '') FROM agreements WHERE id = ?1",
        "SELECT coalesce(merged_into, '') FROM activities WHERE id = ?1",
    };
    char *m;
    bool found;
    int r = query_text(o, sql[o->k], id, &m, &found);
    if (r)
        return r;
    if (!found)
        return ht_err(o->e, HT_ENOTFOUND, "no %s %s in the registry", ht_rec_kind_name(o->k), id);
    if (merged_into)
        snprintf(merged_into, HT_ID_MAX, "%s", m ? m : "");
    free(m);
    return 0;
}

static int live(op *o, const char *id)
{
    char m[HT_ID_MAX];
    int r = existing(o, id, m);
    if (!r && m[0])
        r = ht_err(o->e, HT_EINVAL, "%s %s was merged into %s: change that one",
                   ht_rec_kind_name(o->k), id, m);
    return r;
}

/* ---- value checks ---- */

static bool in_vocab(const char *const *v, const char *s)
{
    for (; *v; v++)
        if (strcmp(*v, s) == 0)
            return true;
    return false;
}

static bool valid_date(const char *s)
{
    size_t n = strlen(s);
    int y = 2000, m = 1, d = 1;
    for (size_t i = 0; i < n; i++)
        if (!(isdigit((unsigned char)s[i]) || s[i] == '-'))
            return false;
    if (n == 4)
        return sscanf(s, "%4d", &y) == 1;
    if (n == 7 && s[4] == '-' && sscanf(s, "%4d-%2d", &y, &m) == 2)
        return m >= 1 && m <= 12;
    if (n == 7 && s[0] == '-' && s[1] == '-' && s[4] == '-' && sscanf(s + 2, "%2d-%2d", &m, &d) == 2)
        return m >= 1 && m <= 12 && d >= 1 && d <= (m == 2 ? 29 : 31);
    if (n == 10 && s[4] == '-' && s[7] == '-' && sscanf(s, "%4d-%2d-%2d", &y, &m, &d) == 3) {
        if (m < 1 || m > 12 || d < 1 || d > 31)
            return false;
        struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
        time_t t = timegm(&tm);
        struct tm o;
        gmtime_r(&t, &o);
        return o.tm_mday == d && o.tm_mon == m - 1;
    }
    return false;
}

static int bad_value(op *o, const char *name, const char *why)
{
    return ht_err(o->e, HT_EINVAL, "%s %s: %s: %s", ht_rec_kind_name(o->k), o->id ? o->id : "(new)",
                  name, why);
}

/* A party named by id or name, made a record if it is only in the gazetteer. */
static int party_ref(op *o, const char *name, const char *q, char id[HT_ID_MAX])
{
    ht_error fe = {0};
    int r = ht_store_rec_find(o->st, HT_REC_PARTY, q, id, &fe);
    if (r == HT_ENOTFOUND || r == HT_EINVAL)
        return ht_err(o->e, r, "%s %s: %s: %s", ht_rec_kind_name(o->k), o->id ? o->id : "(new)",
                      name, fe.msg);
    if (r)
        return ht_err(o->e, r, "%s", fe.msg);
    return st_ensure_gazetteer_party(o->st, id, o->e);
}

/* A list of strings, trimmed, empty ones dropped; codes checked against vocab; sorted
 * and without repeats when sort. Returns a new array or NULL with o->e filled. */
static json_t *string_list(op *o, const char *name, json_t *v, const char *const *vocab, bool sort)
{
    if (!json_is_array(v)) {
        bad_value(o, name, "expected a list");
        return NULL;
    }
    json_t *out = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
        if (!json_is_string(x)) {
            json_decref(out);
            bad_value(o, name, "expected a list of strings");
            return NULL;
        }
        const char *s = json_string_value(x);
        while (*s == ' ')
            s++;
        size_t n = strlen(s);
        while (n && s[n - 1] == ' ')
            n--;
        if (!n)
            continue;
        char *t = strndup(s, n);
        if (!t) {
            json_decref(out);
            nomem(o->e);
            return NULL;
        }
        if (vocab && !in_vocab(vocab, t)) {
            char why[160];
            snprintf(why, sizeof why, "'%.60s' is not one of the codes (%s, %s, ...)", t, vocab[0],
                     vocab[1]);
            free(t);
            json_decref(out);
            bad_value(o, name, why);
            return NULL;
        }
        bool dup = false;
        for (size_t k = 0; sort && k < json_array_size(out) && !dup; k++)
            dup = strcmp(json_string_value(json_array_get(out, k)), t) == 0;
        if (!dup)
            json_array_append_new(out, json_string(t));
        free(t);
    }
    if (sort) {
        /* insertion sort: short lists */
        size_t n = json_array_size(out);
        for (size_t a = 1; a < n; a++)
            for (size_t b = a; b > 0; b--) {
                json_t *p = json_array_get(out, b - 1), *q = json_array_get(out, b);
                if (strcmp(json_string_value(p), json_string_value(q)) <= 0)
                    break;
                json_incref(p);
                json_array_set(out, b - 1, q);
                json_array_set_new(out, b, p);
            }
    }
    return out;
}

/* ---- applying one field ---- */

static int set_json_column(op *o, const field *f, json_t *v)
{
    char *t = dumps(v);
    if (!t)
        return nomem(o->e);
    int r = run2(o, f->set, o->id, t);
    free(t);
    return r;
}

static int set_names(op *o, const char *name)
{
    char *fo = st_fold(name);
    if (!fo)
        return nomem(o->e);
    int r = 0;
    if (!*fo)
        r = bad_value(o, "name", "a name needs letters");
    if (!r) {
        sqlite3_stmt *s = stmt(o, o->k == HT_REC_PARTY
                                      ? "UPDATE parties SET name = ?2, folded = ?3 WHERE id = ?1"
                                      : "UPDATE people SET name = ?2, folded = ?3 WHERE id = ?1");
        if (!s)
            r = o->e->code;
        else {
            st_bind_cstr(s, 1, o->id);
            st_bind_cstr(s, 2, name);
            st_bind_cstr(s, 3, fo);
            r = run(o, s);
        }
    }
    free(fo);
    if (!r)
        r = st_add_alias(o->st, o->k == HT_REC_PARTY ? "party" : "person", o->id, name, o->e);
    return r;
}

static int set_aliases(op *o, json_t *list)
{
    const char *kind = o->k == HT_REC_PARTY ? "party" : "person";
    int r = run2(o, "DELETE FROM aliases WHERE record = ?1", o->id, NULL);
    char *name = NULL;
    if (!r)
        r = query_text(o, o->k == HT_REC_PARTY ? "SELECT name FROM parties WHERE id = ?1"
                                               : "SELECT name FROM people WHERE id = ?1",
                       o->id, &name, NULL);
    if (!r && name)
        r = st_add_alias(o->st, kind, o->id, name, o->e);
    free(name);
    for (size_t i = 0; i < json_array_size(list) && !r; i++)
        r = st_add_alias(o->st, kind, o->id, json_string_value(json_array_get(list, i)), o->e);
    return r;
}

static int set_event_parties(op *o, json_t *list)
{
    bool agr = o->k == HT_REC_AGREEMENT;
    int r = run2(o, agr ? "DELETE FROM agreement_parties WHERE agreement = ?1"
                        : "DELETE FROM activity_parties WHERE activity = ?1",
                 o->id, NULL);
    for (size_t i = 0; i < json_array_size(list) && !r; i++) {
        char pid[HT_ID_MAX];
        if ((r = party_ref(o, "parties", json_string_value(json_array_get(list, i)), pid)))
            break;
        sqlite3_stmt *s = stmt(o, agr ? "INSERT OR IGNORE INTO agreement_parties (agreement, name,"
                                        " party) SELECT ?1, name, id FROM parties WHERE id = ?2"
                                      : "INSERT OR IGNORE INTO activity_parties (activity, name,"
                                        " party) SELECT ?1, name, id FROM parties WHERE id = ?2");
        if (!s)
            return o->e->code;
        st_bind_cstr(s, 1, o->id);
        st_bind_cstr(s, 2, pid);
        r = run(o, s);
    }
    return r;
}

static int set_tasks(op *o, json_t *list)
{
    int r = run2(o, "DELETE FROM tasks WHERE agreement = ?1", o->id, NULL);
    for (size_t i = 0; i < json_array_size(list) && !r; i++) {
        sqlite3_stmt *s = stmt(o, "INSERT INTO tasks (agreement, n, text) VALUES (?1, ?2, ?3)");
        if (!s)
            return o->e->code;
        st_bind_cstr(s, 1, o->id);
        sqlite3_bind_int64(s, 2, (long long)i + 1);
        st_bind_cstr(s, 3, json_string_value(json_array_get(list, i)));
        r = run(o, s);
    }
    return r;
}

/* The number of tasks an agreement has (its list, else what it declares), -1 unknown. */
static int agreement_tasks(op *o, const char *agr, long *n)
{
    char *v;
    int r = query_text(o, "SELECT CASE WHEN (SELECT count(*) FROM tasks WHERE agreement = ?1) > 0"
                          " THEN (SELECT count(*) FROM tasks WHERE agreement = ?1)"
                          " ELSE (SELECT tasks_declared FROM agreements WHERE id = ?1) END",
                       agr, &v, NULL);
    *n = v ? strtol(v, NULL, 10) : -1;
    free(v);
    return r;
}

static int check_task_numbers(op *o, const char *name, json_t *list, const char *agr)
{
    long max = -1;
    int r = agr ? agreement_tasks(o, agr, &max) : 0;
    for (size_t i = 0; i < json_array_size(list) && !r; i++) {
        json_int_t t = json_integer_value(json_array_get(list, i));
        if (max >= 0 && t > max) {
            char why[160];
            snprintf(why, sizeof why, "task %lld: agreement %s has %ld task%s", (long long)t, agr,
                     max, max == 1 ? "" : "s");
            r = bad_value(o, name, why);
        }
    }
    return r;
}

/* Checks a value and writes it. */
static int apply(op *o, const field *f, json_t *v)
{
    const char *name = f->name;
    bool null = json_is_null(v);
    char id[HT_ID_MAX];
    switch (f->t) {
    case T_NAME:
        if (!json_is_string(v) || !*json_string_value(v))
            return bad_value(o, name, "expected a name");
        return set_names(o, json_string_value(v));
    case T_TEXT:
    case T_CODE:
    case T_COUNTRY:
    case T_DATE:
        if (!null && !json_is_string(v))
            return bad_value(o, name, "expected a string or null");
        if (!null && f->t == T_TEXT && !*json_string_value(v))
            return run2(o, f->set, o->id, NULL);
        if (!null && f->t == T_CODE && !in_vocab(f->vocab, json_string_value(v))) {
            char why[200];
            snprintf(why, sizeof why, "'%.60s' is not one of the codes (%s, %s, ...)",
                     json_string_value(v), f->vocab[0], f->vocab[1]);
            return bad_value(o, name, why);
        }
        if (null && f->t == T_CODE)
            return bad_value(o, name, "a kind is needed");
        if (!null && f->t == T_DATE && !valid_date(json_string_value(v)))
            return bad_value(o, name, "expected a date YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD");
        if (!null && f->t == T_COUNTRY) {
            const char *c = json_string_value(v);
            if (strlen(c) != 2 || !isalpha((unsigned char)c[0]) || !isalpha((unsigned char)c[1]))
                return bad_value(o, name, "expected an ISO 3166-1 alpha-2 code (VN, LA, KH...)");
            char up[3] = {(char)toupper((unsigned char)c[0]), (char)toupper((unsigned char)c[1]), 0};
            return run2(o, f->set, o->id, up);
        }
        return run2(o, f->set, o->id, null ? NULL : json_string_value(v));
    case T_BOOL: {
        if (!json_is_boolean(v))
            return bad_value(o, name, "expected true or false");
        sqlite3_stmt *s = stmt(o, f->set);
        if (!s)
            return o->e->code;
        st_bind_cstr(s, 1, o->id);
        sqlite3_bind_int(s, 2, json_is_true(v));
        return run(o, s);
    }
    case T_INT: {
        if (!null && (!json_is_integer(v) || json_integer_value(v) < 0))
            return bad_value(o, name, "expected a whole number or null");
        sqlite3_stmt *s = stmt(o, f->set);
        if (!s)
            return o->e->code;
        st_bind_cstr(s, 1, o->id);
        if (!null)
            sqlite3_bind_int64(s, 2, json_integer_value(v));
        return run(o, s);
    }
    case T_PARTY:
    case T_AGREEMENT: {
        if (null)
            return run2(o, f->set, o->id, NULL);
        if (!json_is_string(v))
            return bad_value(o, name, "expected an id or a name");
        int r;
        if (f->t == T_PARTY)
            r = party_ref(o, name, json_string_value(v), id);
        else {
            ht_error fe = {0};
            r = ht_store_rec_find(o->st, HT_REC_AGREEMENT, json_string_value(v), id, &fe);
            if (r)
                return ht_err(o->e, r, "%s %s: %s: %s", ht_rec_kind_name(o->k),
                              o->id ? o->id : "(new)", name, fe.msg);
        }
        if (r)
            return r;
        if (o->id && strcmp(id, o->id) == 0)
            return bad_value(o, name, "a record cannot refer to itself");
        return run2(o, f->set, o->id, id);
    }
    case T_TEXTS:
    case T_CODES:
    case T_PARTIES: {
        json_t *l = string_list(o, name, v, f->t == T_CODES ? f->vocab : NULL, f->t == T_CODES);
        if (!l)
            return o->e->code;
        int r;
        if (f->t == T_PARTIES)
            r = set_event_parties(o, l);
        else if (f->set)
            r = set_json_column(o, f, l);
        else if (o->k == HT_REC_AGREEMENT)
            r = set_tasks(o, l);
        else
            r = set_aliases(o, l);
        json_decref(l);
        return r;
    }
    case T_TERM: {
        sqlite3_stmt *s = stmt(o, "UPDATE agreements SET term_from = ?2, term_to = ?3 WHERE id = ?1");
        if (!s)
            return o->e->code;
        st_bind_cstr(s, 1, o->id);
        if (!null) {
            json_t *a = json_object_get(v, "from"), *z = json_object_get(v, "to");
            if (!json_is_object(v) || json_object_size(v) != 2 || !json_is_integer(a) ||
                !json_is_integer(z) || json_integer_value(a) > json_integer_value(z) ||
                json_integer_value(a) < 1000 || json_integer_value(z) > 9999) {
                sqlite3_reset(s);
                return bad_value(o, name, "expected {\"from\": YEAR, \"to\": YEAR} with from <= to");
            }
            sqlite3_bind_int64(s, 2, json_integer_value(a));
            sqlite3_bind_int64(s, 3, json_integer_value(z));
        }
        return run(o, s);
    }
    case T_PARTICIPANTS: {
        if (!json_is_array(v))
            return bad_value(o, name, "expected a list of {\"name\", \"role\"}");
        json_t *l = json_array();
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            json_t *nm = json_object_get(x, "name"), *role = json_object_get(x, "role");
            if (!json_is_string(nm) || !*json_string_value(nm) ||
                (role && !json_is_null(role) && !json_is_string(role))) {
                json_decref(l);
                return bad_value(o, name, "each participant needs a \"name\" (and a \"role\" or null)");
            }
            json_t *p = json_object();
            json_object_set(p, "name", nm);
            json_object_set(p, "role", role ? role : json_null());
            json_array_append_new(l, p);
        }
        int r = set_json_column(o, f, l);
        json_decref(l);
        return r;
    }
    case T_INTS: {
        if (!json_is_array(v))
            return bad_value(o, name, "expected a list of task numbers");
        json_t *l = json_array();
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            if (!json_is_integer(x) || json_integer_value(x) < 1) {
                json_decref(l);
                return bad_value(o, name, "task numbers are whole numbers from 1");
            }
            size_t at = 0;
            while (at < json_array_size(l) &&
                   json_integer_value(json_array_get(l, at)) < json_integer_value(x))
                at++;
            if (at == json_array_size(l) ||
                json_integer_value(json_array_get(l, at)) != json_integer_value(x))
                json_array_insert(l, at, x);
        }
        char *agr = NULL;
        int r = query_text(o, "SELECT agreement FROM activities WHERE id = ?1", o->id, &agr, NULL);
        if (!r)
            r = check_task_numbers(o, name, l, agr);
        if (!r && !agr && json_array_size(l))
            r = bad_value(o, name, "link the activity to an agreement first");
        free(agr);
        if (!r)
            r = set_json_column(o, f, l);
        json_decref(l);
        return r;
    }
    }
    return 0;
}

/* ---- match keys of events after a person's change ---- */

/* kind|date|sorted party ids, made coarse as extraction's (st_event_key): the key
 * extraction matches later reports of the same event by, for a day with or without its
 * year (the GLOBs: the forms match_key in store_rec.c takes). A key another record
 * holds is left alone (the two may be merged instead). */
static int refresh_match_key(op *o)
{
    if (o->k != HT_REC_AGREEMENT && o->k != HT_REC_ACTIVITY)
        return 0;
    bool agr = o->k == HT_REC_AGREEMENT;
    char *key;
    int r = query_text(o, agr ? "SELECT a.kind || '|' || a.signed || '|' || (SELECT group_concat(p,"
                                " ',') FROM (SELECT DISTINCT coalesce(party, '?' || hoptac_fold(name))"
                                " AS p FROM agreement_parties WHERE agreement = a.id ORDER BY p))"
                                " FROM agreements a WHERE a.id = ?1 AND (a.signed GLOB"
                                " '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' OR a.signed GLOB"
                                " '--[0-9][0-9]-[0-9][0-9]') AND (SELECT count(*) FROM"
                                " agreement_parties WHERE agreement = a.id) >= 2"
                              : "SELECT a.kind || '|' || a.date || '|' || (SELECT group_concat(p,"
                                " ',') FROM (SELECT DISTINCT coalesce(party, '?' || hoptac_fold(name))"
                                " AS p FROM activity_parties WHERE activity = a.id ORDER BY p))"
                                " FROM activities a WHERE a.id = ?1 AND (a.date GLOB"
                                " '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' OR a.date GLOB"
                                " '--[0-9][0-9]-[0-9][0-9]') AND (SELECT count(*) FROM"
                                " activity_parties WHERE activity = a.id) >= 1",
                       o->id, &key, NULL);
    if (r || !key)
        return r;
    char *coarse = st_event_key(key);
    free(key);
    if (!(key = coarse))
        return ht_err(o->e, HT_ENOMEM, "out of memory");
    char *other;
    r = query_text(o, agr ? "SELECT id FROM agreements WHERE match_key = ?1"
                          : "SELECT id FROM activities WHERE match_key = ?1",
                   key, &other, NULL);
    if (!r && !other)
        r = run2(o, agr ? "UPDATE agreements SET match_key = ?2 WHERE id = ?1"
                        : "UPDATE activities SET match_key = ?2 WHERE id = ?1",
                 o->id, key);
    free(other);
    free(key);
    return r;
}

/* ---- edit ---- */

static json_t *parse_object(op *o, const char *json, size_t n, const char *what)
{
    json_error_t je;
    json_t *v = json_loadb(json, n, JSON_REJECT_DUPLICATES, &je);
    if (!v) {
        ht_err(o->e, HT_EINVAL, "%s: line %d column %d: %s", what, je.line, je.column, je.text);
        return NULL;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        ht_err(o->e, HT_EINVAL, "%s: expected a JSON object of fields", what);
        return NULL;
    }
    return v;
}

/* Applies every field of changes, in the order of the kind's fields (so that an
 * activity's agreement is set before its task numbers are checked). */
static int apply_all(op *o, json_t *changes)
{
    const char *k;
    json_t *v;
    json_object_foreach(changes, k, v) {
        if (!field_of(o->k, k)) {
            const char *const *names = ht_store_fields(o->k);
            char list[256] = "";
            size_t used = 0;
            for (size_t i = 0; names[i]; i++) {
                int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", names[i]);
                if (w < 0 || (size_t)w >= sizeof list - used)
                    break;
                used += (size_t)w;
            }
            return ht_err(o->e, HT_EINVAL, "%s has no field '%s' (fields: %s)",
                          ht_rec_kind_name(o->k), k, list);
        }
    }
    for (const field *f = FIELD_SETS[o->k]; f->name; f++) {
        json_t *val = json_object_get(changes, f->name);
        int r;
        if (val && (r = apply(o, f, val)))
            return r;
    }
    return 0;
}

int ht_store_rec_edit(ht_store *st, ht_rec_kind k, const char *id, const char *json,
                      size_t n, const char *user, ht_error *e)
{
    op o = {.st = st, .k = k, .id = id, .user = user, .e = e};
    ht_store_now(o.now);
    int r = live(&o, id);
    if (r)
        return r;
    json_t *changes = parse_object(&o, json, n, "changes");
    if (!changes)
        return e->code;
    json_t *before = snapshot(&o, id), *after = NULL;
    if (!before)
        r = e->code;
    if (!r)
        r = apply_all(&o, changes);
    if (!r)
        r = refresh_match_key(&o);
    if (!r)
        r = touch(&o, id);
    if (!r && !(after = snapshot(&o, id)))
        r = e->code;
    if (!r)
        r = history_diff(&o, "edit", before, after, NULL);
    if (!r)
        r = st_fts_refresh(st, k, id, e);
    json_decref(changes);
    json_decref(before);
    json_decref(after);
    return r;
}

/* ---- status ---- */

int ht_store_rec_set_status(ht_store *st, ht_rec_kind k, const char *id, const char *status,
                            const char *user, ht_error *e)
{
    op o = {.st = st, .k = k, .id = id, .user = user, .e = e};
    ht_store_now(o.now);
    const char *action;
    if (strcmp(status, "confirmed") == 0)
        action = "confirm";
    else if (strcmp(status, "rejected") == 0)
        action = "reject";
    else if (strcmp(status, "deleted") == 0)
        action = "delete";
    else
        return ht_err(e, HT_EINVAL, "status '%s': a person confirms, rejects or deletes", status);
    int r = live(&o, id);
    if (r)
        return r;
    static const char *const get[] = {
        "SELECT status || '/' || reviewed FROM parties WHERE id = ?1",
        "SELECT status || '/' || reviewed FROM people WHERE id = ?1",
        "SELECT status || '/' || reviewed FROM agreements WHERE id = ?1",
        "SELECT status || '/' || reviewed FROM activities WHERE id = ?1",
    };
    static const char *const set[] = {
        "UPDATE parties SET status = ?2, reviewed = 1, updated = ?3 WHERE id = ?1",
        "UPDATE people SET status = ?2, reviewed = 1, updated = ?3 WHERE id = ?1",
        "UPDATE agreements SET status = ?2, reviewed = 1, updated = ?3 WHERE id = ?1",
        "UPDATE activities SET status = ?2, reviewed = 1, updated = ?3 WHERE id = ?1",
    };
    char *cur;
    if ((r = query_text(&o, get[k], id, &cur, NULL)))
        return r;
    char want[64];
    snprintf(want, sizeof want, "%s/1", status);
    bool same = cur && strcmp(cur, want) == 0;
    char *slash = cur ? strchr(cur, '/') : NULL;
    if (slash)
        *slash = 0;
    if (!same) {
        sqlite3_stmt *s = stmt(&o, set[k]);
        if (!s)
            r = e->code;
        else {
            st_bind_cstr(s, 1, id);
            st_bind_cstr(s, 2, status);
            st_bind_cstr(s, 3, o.now);
            r = run(&o, s);
        }
        json_t *b = json_pack("{s:s?}", "status", cur), *a = json_pack("{s:s}", "status", status);
        if (!r)
            r = b && a ? history_json(&o, id, action, b, a) : nomem(e);
        json_decref(b);
        json_decref(a);
        if (!r)
            r = st_fts_refresh(st, k, id, e);
    }
    free(cur);
    return r;
}

/* ---- add ---- */

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int ht_store_rec_add(ht_store *st, ht_rec_kind k, const char *json, size_t n,
                     const char *user, char id[HT_ID_MAX], ht_error *e)
{
    op o = {.st = st, .k = k, .user = user, .e = e};
    ht_store_now(o.now);
    json_t *v = parse_object(&o, json, n, "new record");
    if (!v)
        return e->code;
    int r = 0;
    json_t *after = NULL;
    char *parts_json = NULL;
    const char *name = json_string_value(json_object_get(v, "name"));
    const char *kind = json_string_value(json_object_get(v, "kind"));
    if ((k == HT_REC_PARTY || k == HT_REC_PERSON) && (!name || !*name))
        r = ht_err(e, HT_EINVAL, "a new %s needs a name", ht_rec_kind_name(k));
    else if (k != HT_REC_PERSON && (!kind || !*kind))
        r = ht_err(e, HT_EINVAL, "a new %s needs a kind", ht_rec_kind_name(k));
    if (r)
        goto out;
    json_t *plist = json_object_get(v, "parties");
    if (k == HT_REC_AGREEMENT && json_array_size(plist) < 2) {
        r = ht_err(e, HT_EINVAL, "a new agreement needs its parties (two or more)");
        goto out;
    }
    if (k == HT_REC_PARTY || k == HT_REC_PERSON) {
        char *f = st_fold(name);
        if (!f) {
            r = nomem(e);
            goto out;
        }
        if (k == HT_REC_PARTY) {
            /* as extraction names an organisation: its folded name under its parent */
            const char *parent = json_string_value(json_object_get(v, "parent"));
            char pid[HT_ID_MAX] = "";
            if (parent && (r = party_ref(&o, "parent", parent, pid))) {
                free(f);
                goto out;
            }
            st_org_id(id, f, pid[0] ? pid : NULL);
            ht_error fe = {0};
            char gz[HT_ID_MAX];
            if (ht_store_rec_find(st, HT_REC_PARTY, name, gz, &fe) == 0 && st_gazetteer_row(gz) >= 0) {
                free(f);
                r = ht_err(e, HT_ECONFLICT, "%s is in the gazetteer as %s: use that id", name, gz);
                goto out;
            }
        } else {
            const char *parts[] = {"person", f};
            size_t lens[] = {6, strlen(f)};
            st_make_id(id, "per", parts, lens, 2);
        }
        free(f);
    } else {
        /* the parties as ids, sorted, then kind, date and the other identifying values */
        size_t np = json_array_size(plist);
        char **ids = calloc(np + 1, sizeof *ids);
        if (!ids) {
            r = nomem(e);
            goto out;
        }
        for (size_t i = 0; i < np && !r; i++) {
            char pid[HT_ID_MAX];
            const char *q = json_string_value(json_array_get(plist, i));
            if (!q)
                r = bad_value(&o, "parties", "expected a list of party ids or names");
            else if (!(r = party_ref(&o, "parties", q, pid)) && !(ids[i] = strdup(pid)))
                r = nomem(e);
        }
        if (!r) {
            qsort(ids, np, sizeof *ids, cmp_cstr);
            ht_buf b = {0};
            for (size_t i = 0; i < np; i++)
                ht_buf_printf(&b, "%s%s", i ? "," : "", ids[i]);
            parts_json = ht_buf_take(&b);
        }
        for (size_t i = 0; i < np; i++)
            free(ids[i]);
        free(ids);
        if (r)
            goto out;
        const char *date = json_string_value(json_object_get(v, k == HT_REC_AGREEMENT ? "signed" : "date"));
        const char *t1 = json_string_value(json_object_get(v, k == HT_REC_AGREEMENT ? "title" : "place"));
        const char *t2 = json_string_value(json_object_get(v, "summary"));
        const char *parts[] = {"manual", ht_rec_kind_name(k), kind, date, parts_json, t1, t2};
        size_t lens[7];
        for (int i = 0; i < 7; i++)
            lens[i] = parts[i] ? strlen(parts[i]) : 0;
        st_make_id(id, k == HT_REC_AGREEMENT ? "agr" : "act", parts, lens, 7);
    }
    bool found;
    char *dummy;
    static const char *const get[] = {"SELECT id FROM parties WHERE id = ?1",
                                      "SELECT id FROM people WHERE id = ?1",
                                      "SELECT id FROM agreements WHERE id = ?1",
                                      "SELECT id FROM activities WHERE id = ?1"};
    if ((r = query_text(&o, get[k], id, &dummy, &found)))
        goto out;
    free(dummy);
    if (found) {
        r = ht_err(e, HT_ECONFLICT, "this %s is already in the registry as %s", ht_rec_kind_name(k), id);
        goto out;
    }
    static const char *const ins[] = {
        "INSERT INTO parties (id, kind, name, folded, status, origin, reviewed, created, updated)"
        " VALUES (?1, 'organisation', '', '', 'confirmed', 'manual', 1, ?2, ?2)",
        "INSERT INTO people (id, name, folded, status, origin, reviewed, created, updated)"
        " VALUES (?1, '', '', 'confirmed', 'manual', 1, ?2, ?2)",
        "INSERT INTO agreements (id, kind, status, origin, reviewed, created, updated)"
        " VALUES (?1, 'other', 'confirmed', 'manual', 1, ?2, ?2)",
        "INSERT INTO activities (id, kind, status, origin, reviewed, created, updated)"
        " VALUES (?1, 'other', 'confirmed', 'manual', 1, ?2, ?2)",
    };
    if ((r = run2(&o, ins[k], id, o.now)))
        goto out;
    o.id = id;
    if ((r = apply_all(&o, v)))
        goto out;
    if ((r = refresh_match_key(&o)))
        goto out;
    if (k == HT_REC_AGREEMENT || k == HT_REC_ACTIVITY) {
        /* the same event already in the registry: a merge, not a second record */
        char *key = NULL, *other = NULL;
        r = query_text(&o, k == HT_REC_AGREEMENT ? "SELECT match_key FROM agreements WHERE id = ?1"
                                                 : "SELECT match_key FROM activities WHERE id = ?1",
                       id, &key, NULL);
        if (!r && !key) {
            r = query_text(&o, k == HT_REC_AGREEMENT
                                   ? "SELECT a.id FROM agreements a WHERE a.match_key = (SELECT"
                                     " b.kind || '|' || b.signed || '|' || (SELECT group_concat(p,"
                                     " ',') FROM (SELECT DISTINCT party AS p FROM agreement_parties"
                                     " WHERE agreement = b.id ORDER BY p)) FROM agreements b"
                                     " WHERE b.id = ?1)"
                                   : "SELECT a.id FROM activities a WHERE a.match_key = (SELECT"
                                     " b.kind || '|' || b.date || '|' || (SELECT group_concat(p,"
                                     " ',') FROM (SELECT DISTINCT party AS p FROM activity_parties"
                                     " WHERE activity = b.id ORDER BY p)) FROM activities b"
                                     " WHERE b.id = ?1)",
                           id, &other, NULL);
            if (!r && other)
                r = ht_err(e, HT_ECONFLICT, "the same %s (kind, date and parties) is already in the "
                                            "registry as %s: edit that one",
                           ht_rec_kind_name(k), other);
        }
        free(key);
        free(other);
        if (r)
            goto out;
    }
    if (!(after = snapshot(&o, id))) {
        r = e->code;
        goto out;
    }
    json_object_del(after, "created");
    json_object_del(after, "updated");
    if ((r = history_json(&o, id, "add", NULL, after)))
        goto out;
    r = st_fts_refresh(st, k, id, e);
out:
    free(parts_json);
    json_decref(after);
    json_decref(v);
    return r;
}

/* ---- merge ---- */

static int union_column(op *o, const char *get, const char *set, const char *into,
                        const char *from)
{
    char *a = NULL, *b = NULL;
    int r = query_text(o, get, into, &a, NULL);
    if (!r)
        r = query_text(o, get, from, &b, NULL);
    char *u = NULL;
    if (!r && !(u = st_json_union_text(a, b)))
        r = nomem(o->e);
    if (!r)
        r = run2(o, set, into, u);
    free(a);
    free(b);
    free(u);
    return r;
}

static int merge_moves(op *o, const char *into, const char *from)
{
    static const char *const common[] = {
        "UPDATE OR IGNORE sources SET record = ?1 WHERE record = ?2",
        "DELETE FROM sources WHERE record = ?2",
        "UPDATE mentions SET record = ?1 WHERE record = ?2",
        NULL};
    static const char *const party[] = {
        "UPDATE OR IGNORE aliases SET record = ?1 WHERE record = ?2",
        "DELETE FROM aliases WHERE record = ?2",
        "UPDATE agreement_parties SET party = ?1 WHERE party = ?2",
        "UPDATE activity_parties SET party = ?1 WHERE party = ?2",
        "UPDATE people SET party = ?1 WHERE party = ?2",
        "UPDATE parties SET parent = ?1 WHERE parent = ?2 AND id <> ?1",
        "UPDATE parties SET successor = ?1 WHERE successor = ?2 AND id <> ?1",
        "UPDATE OR IGNORE positions SET party = ?1 WHERE party = ?2",
        "DELETE FROM positions WHERE party = ?2",
        "UPDATE parties SET country = coalesce(country, (SELECT country FROM parties WHERE id = ?2)),"
        " parent = coalesce(parent, (SELECT nullif(parent, ?1) FROM parties WHERE id = ?2)),"
        " name_en = coalesce(name_en, (SELECT name_en FROM parties WHERE id = ?2)),"
        " name_local = coalesce(name_local, (SELECT name_local FROM parties WHERE id = ?2)),"
        " valid_from = coalesce(valid_from, (SELECT valid_from FROM parties WHERE id = ?2)),"
        " valid_to = coalesce(valid_to, (SELECT valid_to FROM parties WHERE id = ?2)),"
        " successor = coalesce(successor, (SELECT nullif(successor, ?1) FROM parties WHERE id = ?2))"
        " WHERE id = ?1",
        NULL};
    static const char *const person[] = {
        "UPDATE OR IGNORE aliases SET record = ?1 WHERE record = ?2",
        "DELETE FROM aliases WHERE record = ?2",
        "UPDATE OR IGNORE positions SET person = ?1 WHERE person = ?2",
        "DELETE FROM positions WHERE person = ?2",
        "UPDATE people SET party = coalesce(party, (SELECT party FROM people WHERE id = ?2))"
        " WHERE id = ?1",
        NULL};
    static const char *const agreement[] = {
        "INSERT OR IGNORE INTO agreement_parties (agreement, name, party) SELECT ?1, name, party"
        " FROM agreement_parties WHERE agreement = ?2",
        "UPDATE activities SET agreement = ?1 WHERE agreement = ?2",
        "INSERT INTO tasks (agreement, n, text) SELECT ?1, n, text FROM tasks WHERE agreement = ?2"
        " AND NOT EXISTS (SELECT 1 FROM tasks WHERE agreement = ?1)",
        "UPDATE agreements SET"
        " title = coalesce(title, (SELECT title FROM agreements WHERE id = ?2)),"
        " signed_inferred = CASE WHEN signed IS NULL THEN (SELECT signed_inferred FROM agreements"
        "  WHERE id = ?2) ELSE signed_inferred END,"
        " signed = coalesce(signed, (SELECT signed FROM agreements WHERE id = ?2)),"
        " place = coalesce(place, (SELECT place FROM agreements WHERE id = ?2)),"
        " term_to = CASE WHEN term_from IS NULL THEN (SELECT term_to FROM agreements WHERE id = ?2)"
        "  ELSE term_to END,"
        " term_from = coalesce(term_from, (SELECT term_from FROM agreements WHERE id = ?2)),"
        " tasks_declared = coalesce(tasks_declared, (SELECT tasks_declared FROM agreements"
        "  WHERE id = ?2)) WHERE id = ?1",
        NULL};
    static const char *const activity[] = {
        "INSERT OR IGNORE INTO activity_parties (activity, name, party) SELECT ?1, name, party"
        " FROM activity_parties WHERE activity = ?2",
        "UPDATE activities SET"
        " date_inferred = CASE WHEN date IS NULL THEN (SELECT date_inferred FROM activities"
        "  WHERE id = ?2) ELSE date_inferred END,"
        " date = coalesce(date, (SELECT date FROM activities WHERE id = ?2)),"
        " place = coalesce(place, (SELECT place FROM activities WHERE id = ?2)),"
        " agreement = coalesce(agreement, (SELECT agreement FROM activities WHERE id = ?2)),"
        " summary = coalesce(summary, (SELECT summary FROM activities WHERE id = ?2))"
        " WHERE id = ?1",
        NULL};
    static const char *const *const per_kind[] = {party, person, agreement, activity};
    int r = 0;
    for (const char *const *q = common; *q && !r; q++)
        r = run2(o, *q, into, from);
    for (const char *const *q = per_kind[o->k]; *q && !r; q++)
        r = run2(o, *q, into, from);
    if (r)
        return r;
    if (o->k == HT_REC_AGREEMENT)
        r = union_column(o, "SELECT fields FROM agreements WHERE id = ?1",
                         "UPDATE agreements SET fields = ?2 WHERE id = ?1", into, from);
    if (o->k == HT_REC_ACTIVITY) {
        static const char *const cols[][2] = {
            {"SELECT kinds FROM activities WHERE id = ?1", "UPDATE activities SET kinds = ?2 WHERE id = ?1"},
            {"SELECT fields FROM activities WHERE id = ?1", "UPDATE activities SET fields = ?2 WHERE id = ?1"},
            {"SELECT participants FROM activities WHERE id = ?1",
             "UPDATE activities SET participants = ?2 WHERE id = ?1"},
            {"SELECT commitments FROM activities WHERE id = ?1",
             "UPDATE activities SET commitments = ?2 WHERE id = ?1"},
            {"SELECT tasks FROM activities WHERE id = ?1", "UPDATE activities SET tasks = ?2 WHERE id = ?1"},
        };
        for (size_t i = 0; i < 5 && !r; i++)
            r = union_column(o, cols[i][0], cols[i][1], into, from);
    }
    if (!r && (o->k == HT_REC_AGREEMENT || o->k == HT_REC_ACTIVITY)) {
        /* the survivor takes the event key when it has none; else the merged record
         * keeps it and ingest follows it to the survivor */
        int w = o->k == HT_REC_AGREEMENT ? 0 : 1;
        char *key = NULL;
        r = query_text(o, o->k == HT_REC_AGREEMENT ? "SELECT match_key FROM agreements WHERE id = ?1"
                                                   : "SELECT match_key FROM activities WHERE id = ?1",
                       from, &key, NULL);
        char *has = NULL;
        if (!r && key)
            r = query_text(o, o->k == HT_REC_AGREEMENT ? "SELECT match_key FROM agreements WHERE id = ?1"
                                                       : "SELECT match_key FROM activities WHERE id = ?1",
                           into, &has, NULL);
        if (!r && key && !has) {
            r = run2(o, w == 0 ? "UPDATE agreements SET match_key = NULL WHERE id = ?1"
                               : "UPDATE activities SET match_key = NULL WHERE id = ?1",
                     from, NULL);
            if (!r)
                r = run2(o, w == 0 ? "UPDATE agreements SET match_key = ?2 WHERE id = ?1"
                                   : "UPDATE activities SET match_key = ?2 WHERE id = ?1",
                         into, key);
        }
        free(key);
        free(has);
    }
    return r;
}

int ht_store_rec_merge(ht_store *st, ht_rec_kind k, const char *into, const char *from,
                       const char *user, ht_error *e)
{
    op o = {.st = st, .k = k, .id = into, .user = user, .e = e};
    ht_store_now(o.now);
    if (strcmp(into, from) == 0)
        return ht_err(e, HT_EINVAL, "cannot merge %s into itself", into);
    if (ht_rec_kind_of(into) != ht_rec_kind_of(from) && k != HT_REC_PARTY)
        return ht_err(e, HT_EINVAL, "%s and %s are not records of the same kind", into, from);
    int r = live(&o, into);
    if (!r)
        r = live(&o, from);
    if (r)
        return r;
    json_t *before = snapshot(&o, into), *after = NULL;
    char *old_status = NULL;
    static const char *const status_sql[] = {
        "SELECT status FROM parties WHERE id = ?1", "SELECT status FROM people WHERE id = ?1",
        "SELECT status FROM agreements WHERE id = ?1", "SELECT status FROM activities WHERE id = ?1"};
    static const char *const bury[] = {
        "UPDATE parties SET status = 'deleted', merged_into = ?2, reviewed = 1, updated = ?3 WHERE id = ?1",
        "UPDATE people SET status = 'deleted', merged_into = ?2, reviewed = 1, updated = ?3 WHERE id = ?1",
        "UPDATE agreements SET status = 'deleted', merged_into = ?2, reviewed = 1, updated = ?3 WHERE id = ?1",
        "UPDATE activities SET status = 'deleted', merged_into = ?2, reviewed = 1, updated = ?3 WHERE id = ?1"};
    static const char *const flatten[] = {
        "UPDATE parties SET merged_into = ?1 WHERE merged_into = ?2",
        "UPDATE people SET merged_into = ?1 WHERE merged_into = ?2",
        "UPDATE agreements SET merged_into = ?1 WHERE merged_into = ?2",
        "UPDATE activities SET merged_into = ?1 WHERE merged_into = ?2"};
    if (!before)
        r = e->code;
    if (!r)
        r = query_text(&o, status_sql[k], from, &old_status, NULL);
    if (!r)
        r = merge_moves(&o, into, from);
    if (!r) {
        sqlite3_stmt *s = stmt(&o, bury[k]);
        if (!s)
            r = e->code;
        else {
            st_bind_cstr(s, 1, from);
            st_bind_cstr(s, 2, into);
            st_bind_cstr(s, 3, o.now);
            r = run(&o, s);
        }
    }
    if (!r)
        r = run2(&o, flatten[k], into, from);
    if (!r)
        r = touch(&o, into);
    if (!r) {
        json_t *b = json_pack("{s:s?}", "status", old_status);
        json_t *a = json_pack("{s:s, s:s}", "status", "deleted", "merged_into", into);
        r = a && b ? history_json(&o, from, "merge", b, a) : nomem(e);
        json_decref(a);
        json_decref(b);
    }
    if (!r && !(after = snapshot(&o, into)))
        r = e->code;
    if (!r) {
        json_object_set_new(after, "merged", json_string(from));
        json_object_set_new(before, "merged", json_null());
        r = history_diff(&o, "merge", before, after, NULL);
    }
    if (!r)
        r = st_fts_refresh(st, k, from, e);
    if (!r)
        r = st_fts_refresh(st, k, into, e);
    free(old_status);
    json_decref(before);
    json_decref(after);
    return r;
}

/* ---- link ---- */

int ht_store_activity_link(ht_store *st, const char *activity, const char *agreement,
                           const long *tasks, size_t ntasks, const char *user, ht_error *e)
{
    op o = {.st = st, .k = HT_REC_AGREEMENT, .id = agreement, .user = user, .e = e};
    ht_store_now(o.now);
    int r = live(&o, agreement);
    o.k = HT_REC_ACTIVITY;
    o.id = activity;
    if (!r)
        r = live(&o, activity);
    if (r)
        return r;
    json_t *before = snapshot(&o, activity), *after = NULL;
    json_t *list = NULL;
    if (!before)
        return e->code;
    const char *was = json_string_value(json_object_get(before, "agreement"));
    if (!was || strcmp(was, agreement) != 0) {
        r = run2(&o, "UPDATE activities SET agreement = ?2 WHERE id = ?1", activity, agreement);
        /* task numbers were of the former agreement */
        if (!r && was)
            r = run2(&o, "UPDATE activities SET tasks = '[]' WHERE id = ?1", activity, NULL);
    }
    if (!r && ntasks) {
        list = json_array();
        json_t *cur = was && strcmp(was, agreement) == 0 ? json_object_get(before, "tasks") : NULL;
        for (size_t i = 0; i < json_array_size(cur); i++)
            json_array_append(list, json_array_get(cur, i));
        for (size_t i = 0; i < ntasks; i++)
            json_array_append_new(list, json_integer(tasks[i]));
        const field *f = field_of(HT_REC_ACTIVITY, "tasks");
        r = apply(&o, f, list);
    }
    if (!r)
        r = touch(&o, activity);
    if (!r && !(after = snapshot(&o, activity)))
        r = e->code;
    if (!r) {
        json_t *keys = json_pack("{s:b, s:b}", "agreement", 1, "tasks", 1);
        r = keys ? history_diff(&o, "link", before, after, keys) : nomem(e);
        json_decref(keys);
    }
    json_decref(list);
    json_decref(before);
    json_decref(after);
    return r;
}

/* ---- documents ---- */

static int doc_row(op *o, const char *id, long long *rid)
{
    sqlite3_stmt *s = stmt(o, "SELECT rid, deleted FROM documents WHERE id = ?1");
    if (!s)
        return o->e->code;
    st_bind_cstr(s, 1, id);
    int rc = sqlite3_step(s);
    bool deleted = rc == SQLITE_ROW && sqlite3_column_int(s, 1);
    if (rc == SQLITE_ROW)
        *rid = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc == SQLITE_DONE)
        return ht_err(o->e, HT_ENOTFOUND, "no document %s in the registry", id);
    if (rc != SQLITE_ROW)
        return ht_store_error(o->st, rc, "reading a document", o->e);
    if (deleted)
        return ht_err(o->e, HT_EINVAL, "document %s was deleted", id);
    return 0;
}

/* The full-text row of a document out of the index (before its row changes) or back;
 * a document still waiting in fts_queue is indexed with its new values when the queue
 * is flushed (and a deleted one leaves the queue). */
static int doc_fts(op *o, long long rid, bool add)
{
    sqlite3_stmt *q = stmt(o, "SELECT 1 FROM fts_queue WHERE rid = ?1");
    if (!q)
        return o->e->code;
    sqlite3_bind_int64(q, 1, rid);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc != SQLITE_DONE)
        return ht_store_error(o->st, rc, "reading the full-text queue", o->e);
    sqlite3_stmt *s = stmt(o, add ? "INSERT INTO doc_fts (rowid, title, body, caption)"
                                    " SELECT rid, title, body, caption FROM doc_fts_src WHERE rid = ?1"
                                  : "INSERT INTO doc_fts (doc_fts, rowid, title, body, caption)"
                                    " SELECT 'delete', rid, title, body, caption FROM doc_fts_src"
                                    " WHERE rid = ?1");
    if (!s)
        return o->e->code;
    sqlite3_bind_int64(s, 1, rid);
    return run(o, s);
}

int ht_store_doc_edit(ht_store *st, const char *id, const char *json, size_t n,
                      const char *user, ht_error *e)
{
    op o = {.st = st, .id = id, .user = user, .e = e};
    ht_store_now(o.now);
    long long rid;
    int r = doc_row(&o, id, &rid);
    if (r)
        return r;
    json_t *v = parse_object(&o, json, n, "changes");
    if (!v)
        return e->code;
    static const char *const keys[] = {"title", "published", "url"};
    static const char *const get[] = {"SELECT title FROM documents WHERE id = ?1",
                                      "SELECT published FROM documents WHERE id = ?1",
                                      "SELECT url FROM documents WHERE id = ?1"};
    static const char *const set[] = {"UPDATE documents SET title = ?2 WHERE id = ?1",
                                      "UPDATE documents SET published = ?2 WHERE id = ?1",
                                      "UPDATE documents SET url = ?2 WHERE id = ?1"};
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x) {
        bool known = false;
        for (int i = 0; i < 3; i++)
            known |= strcmp(k, keys[i]) == 0;
        if (!known)
            r = ht_err(e, HT_EINVAL, "document has no field '%s' (fields: title, published, url)", k);
        else if (!json_is_null(x) && !json_is_string(x))
            r = ht_err(e, HT_EINVAL, "document %s: %s: expected a string or null", id, k);
        else if (!strcmp(k, "published") && json_is_string(x) && !valid_date(json_string_value(x)))
            r = ht_err(e, HT_EINVAL, "document %s: published: expected a date YYYY-MM-DD, YYYY-MM or YYYY", id);
        if (r)
            break;
    }
    json_t *b = json_object(), *a = json_object();
    if (!r && (!a || !b))
        r = nomem(e);
    if (!r)
        r = doc_fts(&o, rid, false);
    for (int i = 0; i < 3 && !r; i++) {
        json_t *nv = json_object_get(v, keys[i]);
        if (!nv)
            continue;
        char *old;
        if ((r = query_text(&o, get[i], id, &old, NULL)))
            break;
        const char *val = json_is_string(nv) && *json_string_value(nv) ? json_string_value(nv) : NULL;
        if (!(old == val || (old && val && strcmp(old, val) == 0))) {
            json_object_set_new(b, keys[i], old ? json_string(old) : json_null());
            json_object_set_new(a, keys[i], val ? json_string(val) : json_null());
            r = run2(&o, set[i], id, val);
        }
        free(old);
    }
    if (!r && json_object_size(a))
        r = run2(&o, "UPDATE documents SET updated = ?2 WHERE id = ?1", id, o.now);
    if (!r)
        r = doc_fts(&o, rid, true);
    if (!r && json_object_size(a))
        r = history_json(&o, id, "edit", b, a);
    json_decref(a);
    json_decref(b);
    json_decref(v);
    return r;
}

int ht_store_doc_delete(ht_store *st, const char *id, const char *user, ht_error *e)
{
    op o = {.st = st, .id = id, .user = user, .e = e};
    ht_store_now(o.now);
    long long rid;
    int r = doc_row(&o, id, &rid);
    if (!r)
        r = doc_fts(&o, rid, false);
    if (!r) {
        sqlite3_stmt *s = stmt(&o, "DELETE FROM fts_queue WHERE rid = ?1");
        if (!s)
            return e->code;
        sqlite3_bind_int64(s, 1, rid);
        r = run(&o, s);
    }
    if (!r)
        r = run2(&o, "UPDATE documents SET deleted = 1, updated = ?2 WHERE id = ?1", id, o.now);
    if (!r)
        r = st_history(st, id, "delete", "{\"deleted\":false}", "{\"deleted\":true}", user, o.now, e);
    return r;
}

int ht_store_doc_merge(ht_store *st, const char *into, const char *from, const char *user,
                       ht_error *e)
{
    op o = {.st = st, .id = into, .user = user, .e = e};
    ht_store_now(o.now);
    long long rid;
    if (strcmp(into, from) == 0)
        return ht_err(e, HT_EINVAL, "cannot merge %s into itself", into);
    int r = doc_row(&o, into, &rid);
    if (!r)
        r = doc_row(&o, from, &rid);
    if (r)
        return r;
    char *ca = NULL, *cb = NULL;
    r = query_text(&o, "SELECT cluster FROM documents WHERE id = ?1", into, &ca, NULL);
    if (!r)
        r = query_text(&o, "SELECT cluster FROM documents WHERE id = ?1", from, &cb, NULL);
    if (!r && ca && cb && strcmp(ca, cb) != 0) {
        /* a cluster is named by its smallest document id, whoever joined whom */
        const char *name = strcmp(ca, cb) < 0 ? ca : cb;
        sqlite3_stmt *s = stmt(&o, "UPDATE documents SET cluster = ?1, updated = ?4"
                                   " WHERE cluster IN (?2, ?3)");
        if (!s)
            r = e->code;
        else {
            st_bind_cstr(s, 1, name);
            st_bind_cstr(s, 2, ca);
            st_bind_cstr(s, 3, cb);
            st_bind_cstr(s, 4, o.now);
            r = run(&o, s);
        }
        json_t *b = json_pack("{s:s}", "cluster", cb), *a = json_pack("{s:s, s:s}", "cluster", name,
                                                                       "merged_with", into);
        o.id = from;
        if (!r)
            r = a && b ? history_json(&o, from, "merge", b, a) : nomem(e);
        json_decref(a);
        json_decref(b);
    }
    free(ca);
    free(cb);
    return r;
}
