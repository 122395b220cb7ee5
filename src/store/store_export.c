/* The whole registry as one JSON document (SPEC 1c), and back: export writes every
 * array sorted by id, one element per line, keys in a fixed order and no time of its
 * own, so that export -> import -> export gives the same bytes; import checks the
 * document (JSON errors by line and column, content errors by their place, such as
 * "activities[3].parties[1]: no party 'VN-XYZ'") while it loads it into an empty
 * registry, inside the caller's transaction. */
#include "registry.h"
#include "store_int.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT_FORMAT 1

static const char *const ARRAYS[] = {"parties", "people", "documents", "agreements",
                                     "activities", "mentions", "history"};

/* ---- export ---- */

typedef struct {
    ht_store *st;
    int (*write)(const char *p, size_t n, void *ud);
    void *ud;
    ht_buf b;
    bool first;
    ht_error *e;
} exporter;

static int flush(exporter *x)
{
    int r = 0;
    if (x->b.n && x->write(x->b.p, x->b.n, x->ud))
        r = ht_err(x->e, HT_EIO, "cannot write the export");
    ht_buf_reset(&x->b);
    return r;
}

/* Starts an element of the current array on its own line. */
static void element(exporter *x)
{
    ht_buf_puts(&x->b, x->first ? "\n" : ",\n");
    x->first = false;
}

static int begin_array(exporter *x, const char *name, bool first_key)
{
    ht_buf_printf(&x->b, "%s\"%s\":[", first_key ? "" : ",\n", name);
    x->first = true;
    return 0;
}

static int end_array(exporter *x)
{
    ht_buf_puts(&x->b, x->first ? "]" : "\n]");
    return flush(x);
}

static int ids_of(ht_store *st, const char *sql, char (**out)[HT_ID_MAX], size_t *n, ht_error *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = st_stmt(st, sql, e);
    if (!s)
        return e->code;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        void *v = realloc(*out, (*n + 1) * HT_ID_MAX);
        if (!v) {
            sqlite3_reset(s);
            return ht_err(e, HT_ENOMEM, "out of memory");
        }
        *out = v;
        snprintf((*out)[(*n)++], HT_ID_MAX, "%s", (const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : ht_store_error(st, rc, "exporting", e);
}

static int export_records(exporter *x, ht_rec_kind k, const char *sql)
{
    char (*ids)[HT_ID_MAX];
    size_t n;
    int r = ids_of(x->st, sql, &ids, &n, x->e);
    for (size_t i = 0; i < n && !r; i++) {
        element(x);
        ht_json j;
        ht_json_init(&j, &x->b);
        r = ht_store_rec_json(x->st, k, ids[i], HT_REC_EXPORT, NULL, NULL, &j, x->e);
        if (!r && x->b.n > (1 << 16))
            r = flush(x);
    }
    free(ids);
    return r;
}

static int export_document(exporter *x, const char *id)
{
    sqlite3_stmt *s = st_stmt(x->st,
                              "SELECT id, hash, source, format, title, published, url, cluster,"
                              " deleted, created, updated, orig, text FROM documents WHERE id = ?1",
                              x->e);
    if (!s)
        return x->e->code;
    st_bind_cstr(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return ht_store_error(x->st, rc, "exporting a document", x->e);
    }
    ht_json j;
    ht_json_init(&j, &x->b);
    ht_json_obj(&j);
    static const char *const keys[] = {"id", "hash", "source", "format", "title", "published",
                                       "url", "cluster"};
    for (int i = 0; i < 8; i++) {
        ht_json_key(&j, keys[i]);
        st_json_col(&j, s, i);
    }
    ht_json_key(&j, "deleted");
    ht_json_bool(&j, sqlite3_column_int(s, 8) != 0);
    ht_json_key(&j, "created");
    st_json_col(&j, s, 9);
    ht_json_key(&j, "updated");
    st_json_col(&j, s, 10);
    ht_json_key(&j, "blocks");
    ht_json_arr(&j);
    sqlite3_stmt *b = st_stmt(x->st, "SELECT class, orig_start, orig_end, text_start, text_end"
                                     " FROM blocks WHERE document = ?1 ORDER BY n", x->e);
    int r = b ? 0 : x->e->code;
    if (b) {
        st_bind_cstr(b, 1, id);
        while ((rc = sqlite3_step(b)) == SQLITE_ROW) {
            ht_json_obj(&j);
            ht_json_key(&j, "class");
            st_json_col(&j, b, 0);
            ht_json_key(&j, "span");
            st_json_span(&j, sqlite3_column_int64(b, 1), sqlite3_column_int64(b, 2));
            ht_json_key(&j, "text_span");
            st_json_span(&j, sqlite3_column_int64(b, 3), sqlite3_column_int64(b, 4));
            ht_json_obj_end(&j);
        }
        sqlite3_reset(b);
        if (rc != SQLITE_DONE)
            r = ht_store_error(x->st, rc, "exporting blocks", x->e);
    }
    ht_json_arr_end(&j);
    /* the page's text, when it is not the original normalised (HTML) */
    ht_json_key(&j, "text");
    st_json_col(&j, s, 12);
    ht_json_key(&j, "original");
    ht_json_str(&j, sqlite3_column_blob(s, 11), (size_t)sqlite3_column_bytes(s, 11));
    ht_json_obj_end(&j);
    sqlite3_reset(s);
    if (!r && j.err)
        r = ht_err(x->e, HT_ENOMEM, "out of memory");
    return r ? r : flush(x);
}

static int export_rows(exporter *x, const char *sql, bool mentions)
{
    sqlite3_stmt *s = st_stmt(x->st, sql, x->e);
    if (!s)
        return x->e->code;
    int rc, r = 0;
    while (!r && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        element(x);
        ht_json j;
        ht_json_init(&j, &x->b);
        if (mentions) {
            ht_json_obj(&j);
            static const char *const keys[] = {"id", "document", "kind", "record"};
            for (int i = 0; i < 4; i++) {
                ht_json_key(&j, keys[i]);
                st_json_col(&j, s, i);
            }
            ht_json_key(&j, "span");
            st_json_span(&j, sqlite3_column_int64(s, 4), sqlite3_column_int64(s, 5));
            ht_json_key(&j, "confidence");
            st_json_col(&j, s, 6);
            ht_json_obj_end(&j);
        } else
            st_history_row(&j, s);
        if (x->b.n > (1 << 16))
            r = flush(x);
    }
    sqlite3_reset(s);
    if (!r && rc != SQLITE_DONE)
        r = ht_store_error(x->st, rc, "exporting", x->e);
    return r;
}

int ht_store_export(ht_store *st, int (*write)(const char *p, size_t n, void *ud), void *ud,
                    ht_error *e)
{
    exporter x = {.st = st, .write = write, .ud = ud, .e = e};
    /* one read transaction: a consistent picture while ingest may be writing (the
     * caller's, when it has one open) */
    bool own = sqlite3_get_autocommit(ht_store_db(st));
    int r = own ? st_exec(st, "BEGIN", e) : 0;
    if (r)
        return r;
    ht_buf_printf(&x.b, "{\"hoptac_export\":%d,\"schema\":%d,\n", EXPORT_FORMAT, ht_store_schema(st));
    static const char *const sql[] = {"SELECT id FROM parties ORDER BY id",
                                      "SELECT id FROM people ORDER BY id"};
    for (int k = 0; k < 2 && !r; k++) {
        begin_array(&x, ARRAYS[k], k == 0);
        r = export_records(&x, (ht_rec_kind)k, sql[k]);
        if (!r)
            r = end_array(&x);
    }
    if (!r) {
        begin_array(&x, "documents", false);
        char (*ids)[HT_ID_MAX];
        size_t n;
        r = ids_of(st, "SELECT id FROM documents ORDER BY id", &ids, &n, e);
        for (size_t i = 0; i < n && !r; i++) {
            element(&x);
            r = export_document(&x, ids[i]);
        }
        free(ids);
        if (!r)
            r = end_array(&x);
    }
    if (!r) {
        begin_array(&x, "agreements", false);
        r = export_records(&x, HT_REC_AGREEMENT, "SELECT id FROM agreements ORDER BY id");
        if (!r)
            r = end_array(&x);
    }
    if (!r) {
        begin_array(&x, "activities", false);
        r = export_records(&x, HT_REC_ACTIVITY, "SELECT id FROM activities ORDER BY id");
        if (!r)
            r = end_array(&x);
    }
    if (!r) {
        begin_array(&x, "mentions", false);
        r = export_rows(&x, "SELECT id, document, kind, record, span_start, span_end, confidence"
                            " FROM mentions ORDER BY id", true);
        if (!r)
            r = end_array(&x);
    }
    if (!r) {
        begin_array(&x, "history", false);
        r = export_rows(&x, "SELECT id, record, action, before, after, user, at FROM history"
                            " ORDER BY id", false);
        if (!r)
            r = end_array(&x);
    }
    if (!r) {
        ht_buf_puts(&x.b, "}\n");
        r = flush(&x);
    }
    if (own)
        sqlite3_exec(ht_store_db(st), "COMMIT", NULL, NULL, NULL);
    ht_buf_free(&x.b);
    return r;
}

/* ---- import ---- */

typedef struct {
    ht_store *st;
    const char *name;
    ht_error *e;
    json_t *ids[5]; /* party, person, agreement, activity, document: id -> true */
    char path[160];
} importer;

static int fail(importer *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(importer *m, const char *fmt, ...)
{
    char msg[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ht_err(m->e, HT_EFORMAT, "%s: %s: %s", m->name, m->path, msg);
}

/* A database error while loading, named by the element being loaded. */
static int db_fail(importer *m, int r)
{
    if (!r)
        return 0;
    char msg[sizeof m->e->msg];
    snprintf(msg, sizeof msg, "%s", m->e->msg);
    return ht_err(m->e, r, "%s: %s: %s", m->name, m->path, msg);
}

/* Accessors: each checks the type of obj[key] and names the place when it is wrong.
 * A missing optional key reads as null. */
static int get_str(importer *m, json_t *o, const char *key, bool nullable, const char **out)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if ((!v || json_is_null(v)) && nullable)
        return 0;
    if (!json_is_string(v))
        return fail(m, "\"%s\" must be a string%s", key, nullable ? " or null" : "");
    *out = json_string_value(v);
    return 0;
}

/* A date as SPEC 1b writes it (YYYY, YYYY-MM, YYYY-MM-DD, --MM-DD) that exists on
 * the calendar: an impossible day such as 2023-02-31 is refused, not stored. */
static int get_date(importer *m, json_t *o, const char *key, const char **out)
{
    int r = get_str(m, o, key, true, out);
    const char *d = *out;
    if (r || !d)
        return r;
    size_t n = strlen(d);
    int y = 2000, mo = 1, day = 1, ok = 1;
    for (size_t i = 0; i < n; i++)
        ok &= (i == 4 || i == 7 || (i < 2 && d[0] == '-')) ? d[i] == '-' : (d[i] >= '0' && d[i] <= '9');
    if (ok && d[0] == '-')
        ok = n == 7 && sscanf(d, "--%2d-%2d", &mo, &day) == 2;
    else if (ok)
        ok = (n == 4 || n == 7 || n == 10) && sscanf(d, "%4d-%2d-%2d", &y, &mo, &day) >= 1;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (ok)
        ok = mo >= 1 && mo <= 12 && day >= 1 && day <= mdays[mo - 1] &&
             !(mo == 2 && day == 29 && d[0] != '-' && (y % 4 || (y % 100 == 0 && y % 400)));
    return ok ? 0 : fail(m, "\"%s\": '%s' is not a date (YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD)", key, d);
}

static int get_int(importer *m, json_t *o, const char *key, bool nullable, bool *null,
                   long long *out)
{
    json_t *v = json_object_get(o, key);
    *out = 0;
    *null = !v || json_is_null(v);
    if (*null && nullable)
        return 0;
    if (!json_is_integer(v))
        return fail(m, "\"%s\" must be a whole number%s", key, nullable ? " or null" : "");
    *out = json_integer_value(v);
    return 0;
}

static int get_bool(importer *m, json_t *o, const char *key, bool *out)
{
    json_t *v = json_object_get(o, key);
    *out = false;
    if (!v)
        return 0;
    if (!json_is_boolean(v))
        return fail(m, "\"%s\" must be true or false", key);
    *out = json_is_true(v);
    return 0;
}

static int get_array(importer *m, json_t *o, const char *key, json_t **out)
{
    json_t *v = json_object_get(o, key);
    *out = v;
    if (!v || json_is_null(v)) {
        *out = NULL;
        return 0;
    }
    if (!json_is_array(v))
        return fail(m, "\"%s\" must be an array", key);
    return 0;
}

static int get_span(importer *m, json_t *v, const char *key, long long *a, long long *z)
{
    json_t *s = json_object_get(v, "start"), *t = json_object_get(v, "end");
    if (!json_is_object(v) || !json_is_integer(s) || !json_is_integer(t))
        return fail(m, "\"%s\" must be {\"start\": int, \"end\": int}", key);
    *a = json_integer_value(s);
    *z = json_integer_value(t);
    if (*a < 0 || *z < *a)
        return fail(m, "\"%s\" %lld-%lld is not a span", key, *a, *z);
    return 0;
}

static int get_num(importer *m, json_t *o, const char *key, bool *null, double *out)
{
    json_t *v = json_object_get(o, key);
    *null = !v || json_is_null(v);
    *out = 0;
    if (*null)
        return 0;
    if (!json_is_number(v))
        return fail(m, "\"%s\" must be a number or null", key);
    *out = json_number_value(v);
    return 0;
}

static bool known(importer *m, int set, const char *id) { return json_object_get(m->ids[set], id) != NULL; }

static int check_ref(importer *m, int set, const char *what, const char *key, const char *id,
                     bool gazetteer_ok)
{
    if (!id || known(m, set, id) || (gazetteer_ok && st_gazetteer_row(id) >= 0))
        return 0;
    return fail(m, "%s%sno %s '%s'", key ? key : "", key ? ": " : "", what, id);
}

static char *dump_value(json_t *v)
{
    return json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
}

static void bind_opt_text(sqlite3_stmt *s, int i, const char *v) { st_bind_cstr(s, i, v); }

static void bind_opt_int(sqlite3_stmt *s, int i, bool null, long long v)
{
    if (null)
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_int64(s, i, v);
}

/* Binds a JSON array as its compact text ("[]" when missing). */
static int bind_json(importer *m, sqlite3_stmt *s, int i, json_t *v, char **keep)
{
    *keep = v ? dump_value(v) : strdup("[]");
    if (!*keep)
        return ht_err(m->e, HT_ENOMEM, "out of memory");
    st_bind_cstr(s, i, *keep);
    return 0;
}

static const char *const STATUSES[] = {"proposed", "confirmed", "rejected", "deleted", NULL};
static const char *const ORIGINS[] = {"extracted", "manual", NULL};

static bool one_of(const char *const *v, const char *s)
{
    for (; *v; v++)
        if (strcmp(*v, s) == 0)
            return true;
    return false;
}

/* The values every record carries: evidence, status, origin, reviewed, merged_into,
 * created, updated, confidence. */
typedef struct {
    const char *ev_doc, *status, *origin, *merged, *created, *updated;
    long long ev_a, ev_z;
    bool reviewed, no_conf;
    double conf;
} common;

static int read_common(importer *m, json_t *o, int set, const char *what, common *c)
{
    memset(c, 0, sizeof *c);
    json_t *ev = json_object_get(o, "evidence");
    int r = 0;
    if (ev && !json_is_null(ev)) {
        json_t *d = json_object_get(ev, "document");
        if (!json_is_string(d))
            return fail(m, "\"evidence\" must be {\"document\", \"start\", \"end\"} or null");
        c->ev_doc = json_string_value(d);
        if ((r = get_span(m, ev, "evidence", &c->ev_a, &c->ev_z)) ||
            (r = check_ref(m, 4, "document", "evidence", c->ev_doc, false)))
            return r;
    }
    if ((r = get_num(m, o, "confidence", &c->no_conf, &c->conf)) ||
        (r = get_str(m, o, "status", false, &c->status)) ||
        (r = get_str(m, o, "origin", false, &c->origin)) ||
        (r = get_bool(m, o, "reviewed", &c->reviewed)) ||
        (r = get_str(m, o, "merged_into", true, &c->merged)) ||
        (r = get_str(m, o, "created", false, &c->created)) ||
        (r = get_str(m, o, "updated", false, &c->updated)))
        return r;
    if (!one_of(STATUSES, c->status))
        return fail(m, "\"status\" '%s' is not proposed, confirmed, rejected or deleted", c->status);
    if (!one_of(ORIGINS, c->origin))
        return fail(m, "\"origin\" '%s' is not extracted or manual", c->origin);
    return check_ref(m, set, what, "merged_into", c->merged, false);
}

/* Binds the common values from parameter i on: confidence, document, span_start,
 * span_end, status, origin, reviewed, merged_into, created, updated. */
static void bind_common(sqlite3_stmt *s, int i, const common *c)
{
    if (c->no_conf)
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_double(s, i, c->conf);
    st_bind_cstr(s, i + 1, c->ev_doc);
    bind_opt_int(s, i + 2, !c->ev_doc, c->ev_a);
    bind_opt_int(s, i + 3, !c->ev_doc, c->ev_z);
    st_bind_cstr(s, i + 4, c->status);
    st_bind_cstr(s, i + 5, c->origin);
    sqlite3_bind_int(s, i + 6, c->reviewed);
    st_bind_cstr(s, i + 7, c->merged);
    st_bind_cstr(s, i + 8, c->created);
    st_bind_cstr(s, i + 9, c->updated);
}

#define COMMON_COLS "confidence, document, span_start, span_end, status, origin, reviewed," \
                    " merged_into, created, updated"

static int sources_of(importer *m, json_t *o, const char *kind, const char *id)
{
    json_t *arr;
    int r = get_array(m, o, "sources", &arr);
    size_t base = strlen(m->path);
    for (size_t i = 0; i < json_array_size(arr) && !r; i++) {
        json_t *x = json_array_get(arr, i);
        snprintf(m->path + base, sizeof m->path - base, ".sources[%zu]", i);
        const char *doc, *cand;
        long long a, z;
        bool nc;
        double conf;
        if (!json_is_object(x))
            r = fail(m, "must be an object");
        else if (!(r = get_str(m, x, "document", false, &doc)) &&
                 !(r = check_ref(m, 4, "document", "document", doc, false)) &&
                 !(r = get_span(m, json_object_get(x, "span"), "span", &a, &z)) &&
                 !(r = get_str(m, x, "candidate", true, &cand)) &&
                 !(r = get_num(m, x, "confidence", &nc, &conf))) {
            json_t *data = json_object_get(x, "data");
            if (data && !json_is_object(data))
                r = fail(m, "\"data\" must be an object");
            json_t *none = data || r ? NULL : json_object();
            char *dt = r ? NULL : dump_value(data ? data : none);
            json_decref(none);
            sqlite3_stmt *s = r ? NULL : st_stmt(m->st, "INSERT INTO sources (record, kind, document,"
                                                        " span_start, span_end, candidate, confidence,"
                                                        " data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                                 m->e);
            if (!r && (!dt || !s))
                r = dt ? m->e->code : ht_err(m->e, HT_ENOMEM, "out of memory");
            if (!r) {
                st_bind_cstr(s, 1, id);
                st_bind_cstr(s, 2, kind);
                st_bind_cstr(s, 3, doc);
                sqlite3_bind_int64(s, 4, a);
                sqlite3_bind_int64(s, 5, z);
                st_bind_cstr(s, 6, cand ? cand : id);
                if (nc)
                    sqlite3_bind_null(s, 7);
                else
                    sqlite3_bind_double(s, 7, conf);
                st_bind_cstr(s, 8, dt);
                r = db_fail(m, st_run(m->st, s, m->e));
            }
            free(dt);
        }
    }
    m->path[base] = 0;
    return r;
}

static int aliases_of(importer *m, json_t *o, const char *kind, const char *id)
{
    json_t *arr;
    int r = get_array(m, o, "aliases", &arr);
    for (size_t i = 0; i < json_array_size(arr) && !r; i++) {
        json_t *x = json_array_get(arr, i);
        if (!json_is_string(x)) {
            size_t base = strlen(m->path);
            snprintf(m->path + base, sizeof m->path - base, ".aliases[%zu]", i);
            r = fail(m, "must be a string");
            m->path[base] = 0;
        } else
            r = db_fail(m, st_add_alias(m->st, kind, id, json_string_value(x), m->e));
    }
    return r;
}

/* "parties": [{"id": party|null, "name"}] of an event. */
static int event_parties_of(importer *m, json_t *o, bool agr, const char *id)
{
    json_t *arr;
    int r = get_array(m, o, "parties", &arr);
    size_t base = strlen(m->path);
    for (size_t i = 0; i < json_array_size(arr) && !r; i++) {
        json_t *x = json_array_get(arr, i);
        snprintf(m->path + base, sizeof m->path - base, ".parties[%zu]", i);
        const char *pid, *name;
        if (!json_is_object(x))
            r = fail(m, "must be {\"id\", \"name\"}");
        else if (!(r = get_str(m, x, "id", true, &pid)) && !(r = get_str(m, x, "name", false, &name)) &&
                 !(r = check_ref(m, 0, "party", NULL, pid, false))) {
            sqlite3_stmt *s = st_stmt(m->st, agr ? "INSERT INTO agreement_parties (agreement, name,"
                                                   " party) VALUES (?1, ?2, ?3)"
                                                 : "INSERT INTO activity_parties (activity, name,"
                                                   " party) VALUES (?1, ?2, ?3)",
                                      m->e);
            if (!s)
                r = m->e->code;
            else {
                st_bind_cstr(s, 1, id);
                st_bind_cstr(s, 2, name);
                st_bind_cstr(s, 3, pid);
                r = db_fail(m, st_run(m->st, s, m->e));
            }
        }
    }
    m->path[base] = 0;
    return r;
}

static int import_party(importer *m, json_t *o, const char *id)
{
    const char *name, *kind, *country, *parent, *en, *local, *vf, *vt, *succ;
    common c;
    bool gaz;
    int r;
    if ((r = get_str(m, o, "name", false, &name)) || (r = get_str(m, o, "kind", false, &kind)) ||
        (r = get_str(m, o, "country", true, &country)) || (r = get_str(m, o, "parent", true, &parent)) ||
        (r = get_str(m, o, "name_en", true, &en)) || (r = get_str(m, o, "name_local", true, &local)) ||
        (r = get_date(m, o, "valid_from", &vf)) || (r = get_date(m, o, "valid_to", &vt)) ||
        (r = get_str(m, o, "successor", true, &succ)) || (r = get_bool(m, o, "gazetteer", &gaz)) ||
        (r = check_ref(m, 0, "party", "parent", parent, true)) ||
        (r = check_ref(m, 0, "party", "successor", succ, true)) ||
        (r = read_common(m, o, 0, "party", &c)))
        return r;
    char *f = st_fold(name);
    if (!f)
        return ht_err(m->e, HT_ENOMEM, "out of memory");
    sqlite3_stmt *s = st_stmt(m->st, "INSERT INTO parties (id, kind, name, folded, country, parent,"
                                     " gazetteer, name_en, name_local, valid_from, valid_to,"
                                     " successor, " COMMON_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                                     " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
                                     " ?19, ?20, ?21, ?22)", m->e);
    if (!s) {
        free(f);
        return m->e->code;
    }
    const char *v[] = {id, kind, name, f, country, parent};
    for (int i = 0; i < 6; i++)
        bind_opt_text(s, i + 1, v[i]);
    sqlite3_bind_int(s, 7, gaz);
    const char *w[] = {en, local, vf, vt, succ};
    for (int i = 0; i < 5; i++)
        bind_opt_text(s, i + 8, w[i]);
    bind_common(s, 13, &c);
    r = db_fail(m, st_run(m->st, s, m->e));
    free(f);
    if (!r)
        r = aliases_of(m, o, "party", id);
    if (!r)
        r = sources_of(m, o, "party", id);
    return r;
}

static int import_person(importer *m, json_t *o, const char *id)
{
    const char *name, *party;
    common c;
    int r;
    if ((r = get_str(m, o, "name", false, &name)) || (r = get_str(m, o, "party", true, &party)) ||
        (r = check_ref(m, 0, "party", "party", party, false)) ||
        (r = read_common(m, o, 1, "person", &c)))
        return r;
    char *f = st_fold(name);
    if (!f)
        return ht_err(m->e, HT_ENOMEM, "out of memory");
    sqlite3_stmt *s = st_stmt(m->st, "INSERT INTO people (id, name, folded, party, " COMMON_COLS
                                     ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                                     " ?13, ?14)", m->e);
    if (!s) {
        free(f);
        return m->e->code;
    }
    st_bind_cstr(s, 1, id);
    st_bind_cstr(s, 2, name);
    st_bind_cstr(s, 3, f);
    st_bind_cstr(s, 4, party);
    bind_common(s, 5, &c);
    r = db_fail(m, st_run(m->st, s, m->e));
    free(f);
    if (!r)
        r = aliases_of(m, o, "person", id);
    json_t *pos = NULL;
    if (!r)
        r = get_array(m, o, "positions", &pos);
    size_t base = strlen(m->path);
    for (size_t i = 0; i < json_array_size(pos) && !r; i++) {
        json_t *x = json_array_get(pos, i);
        snprintf(m->path + base, sizeof m->path - base, ".positions[%zu]", i);
        const char *title, *pp, *doc;
        if (!json_is_object(x))
            r = fail(m, "must be {\"title\", \"party\", \"document\"}");
        else if (!(r = get_str(m, x, "title", false, &title)) && !(r = get_str(m, x, "party", true, &pp)) &&
                 !(r = get_str(m, x, "document", false, &doc)) &&
                 !(r = check_ref(m, 0, "party", "party", pp, true)) &&
                 !(r = check_ref(m, 4, "document", "document", doc, false))) {
            sqlite3_stmt *p = st_stmt(m->st, "INSERT INTO positions (person, title, party, document)"
                                             " VALUES (?1, ?2, ?3, ?4)", m->e);
            if (!p)
                r = m->e->code;
            else {
                st_bind_cstr(p, 1, id);
                st_bind_cstr(p, 2, title);
                st_bind_cstr(p, 3, pp ? pp : "");
                st_bind_cstr(p, 4, doc);
                r = db_fail(m, st_run(m->st, p, m->e));
            }
        }
    }
    m->path[base] = 0;
    if (!r)
        r = sources_of(m, o, "person", id);
    return r;
}

static int import_agreement(importer *m, json_t *o, const char *id)
{
    const char *kind, *title, *signed_, *place, *key;
    bool inferred, null_td, null_tf = true, null_tt = true;
    long long td, tf = 0, tt = 0;
    json_t *fields, *tasks, *term = json_object_get(o, "term");
    common c;
    int r;
    if ((r = get_str(m, o, "kind", false, &kind)) || (r = get_str(m, o, "title", true, &title)) ||
        (r = get_date(m, o, "signed", &signed_)) || (r = get_bool(m, o, "signed_inferred", &inferred)) ||
        (r = get_str(m, o, "place", true, &place)) || (r = get_array(m, o, "fields", &fields)) ||
        (r = get_int(m, o, "tasks_declared", true, &null_td, &td)) ||
        (r = get_array(m, o, "tasks", &tasks)) || (r = get_str(m, o, "match_key", true, &key)) ||
        (r = read_common(m, o, 2, "agreement", &c)))
        return r;
    if (term && !json_is_null(term)) {
        if (!json_is_object(term))
            return fail(m, "\"term\" must be {\"from\", \"to\"} or null");
        if ((r = get_int(m, term, "from", true, &null_tf, &tf)) ||
            (r = get_int(m, term, "to", true, &null_tt, &tt)))
            return r;
    }
    sqlite3_stmt *s = st_stmt(m->st, "INSERT INTO agreements (id, kind, title, signed, signed_inferred,"
                                     " place, term_from, term_to, fields, tasks_declared, match_key, "
                                     COMMON_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                                     " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)", m->e);
    if (!s)
        return m->e->code;
    char *fj = NULL;
    st_bind_cstr(s, 1, id);
    st_bind_cstr(s, 2, kind);
    st_bind_cstr(s, 3, title);
    st_bind_cstr(s, 4, signed_);
    sqlite3_bind_int(s, 5, inferred);
    st_bind_cstr(s, 6, place);
    bind_opt_int(s, 7, null_tf, tf);
    bind_opt_int(s, 8, null_tt, tt);
    if (!(r = bind_json(m, s, 9, fields, &fj))) {
        bind_opt_int(s, 10, null_td, td);
        st_bind_cstr(s, 11, key);
        bind_common(s, 12, &c);
        r = db_fail(m, st_run(m->st, s, m->e));
    } else
        sqlite3_reset(s);
    free(fj);
    if (!r)
        r = event_parties_of(m, o, true, id);
    for (size_t i = 0; i < json_array_size(tasks) && !r; i++) {
        json_t *t = json_array_get(tasks, i);
        if (!json_is_string(t)) {
            size_t base = strlen(m->path);
            snprintf(m->path + base, sizeof m->path - base, ".tasks[%zu]", i);
            r = fail(m, "must be a string");
            m->path[base] = 0;
            break;
        }
        sqlite3_stmt *q = st_stmt(m->st, "INSERT INTO tasks (agreement, n, text) VALUES (?1, ?2, ?3)", m->e);
        if (!q)
            return m->e->code;
        st_bind_cstr(q, 1, id);
        sqlite3_bind_int64(q, 2, (long long)i + 1);
        st_bind_cstr(q, 3, json_string_value(t));
        r = db_fail(m, st_run(m->st, q, m->e));
    }
    if (!r)
        r = sources_of(m, o, "agreement", id);
    return r;
}

static int import_activity(importer *m, json_t *o, const char *id)
{
    const char *kind, *date, *place, *agr, *summary, *key;
    bool inferred;
    json_t *kinds, *participants, *commitments, *fields, *tasks;
    common c;
    int r;
    if ((r = get_str(m, o, "kind", false, &kind)) || (r = get_array(m, o, "kinds", &kinds)) ||
        (r = get_date(m, o, "date", &date)) || (r = get_bool(m, o, "date_inferred", &inferred)) ||
        (r = get_str(m, o, "place", true, &place)) ||
        (r = get_array(m, o, "participants", &participants)) ||
        (r = get_array(m, o, "commitments", &commitments)) || (r = get_array(m, o, "fields", &fields)) ||
        (r = get_str(m, o, "agreement", true, &agr)) || (r = get_array(m, o, "tasks", &tasks)) ||
        (r = get_str(m, o, "summary", true, &summary)) || (r = get_str(m, o, "match_key", true, &key)) ||
        (r = check_ref(m, 2, "agreement", "agreement", agr, false)) ||
        (r = read_common(m, o, 3, "activity", &c)))
        return r;
    sqlite3_stmt *s = st_stmt(m->st, "INSERT INTO activities (id, kind, kinds, date, date_inferred,"
                                     " place, agreement, participants, commitments, fields, tasks,"
                                     " summary, match_key, " COMMON_COLS ") VALUES (?1, ?2, ?3, ?4,"
                                     " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
                                     " ?18, ?19, ?20, ?21, ?22, ?23)", m->e);
    if (!s)
        return m->e->code;
    char *keep[5] = {0};
    st_bind_cstr(s, 1, id);
    st_bind_cstr(s, 2, kind);
    st_bind_cstr(s, 4, date);
    sqlite3_bind_int(s, 5, inferred);
    st_bind_cstr(s, 6, place);
    st_bind_cstr(s, 7, agr);
    st_bind_cstr(s, 12, summary);
    st_bind_cstr(s, 13, key);
    bind_common(s, 14, &c);
    if (!(r = bind_json(m, s, 3, kinds, &keep[0])) && !(r = bind_json(m, s, 8, participants, &keep[1])) &&
        !(r = bind_json(m, s, 9, commitments, &keep[2])) && !(r = bind_json(m, s, 10, fields, &keep[3])) &&
        !(r = bind_json(m, s, 11, tasks, &keep[4])))
        r = db_fail(m, st_run(m->st, s, m->e));
    else
        sqlite3_reset(s);
    for (int i = 0; i < 5; i++)
        free(keep[i]);
    if (!r)
        r = event_parties_of(m, o, false, id);
    if (!r)
        r = sources_of(m, o, "activity", id);
    return r;
}

static bool hex32(const char *s)
{
    if (!s || strlen(s) != 32)
        return false;
    for (int i = 0; i < 32; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

static int import_document(importer *m, json_t *o, const char *id)
{
    const char *hash, *source, *format, *title, *pub, *url, *cluster, *created, *updated, *orig,
        *page_text;
    bool deleted;
    json_t *blocks;
    int r;
    if ((r = get_str(m, o, "hash", false, &hash)) || (r = get_str(m, o, "source", false, &source)) ||
        (r = get_str(m, o, "format", false, &format)) || (r = get_str(m, o, "title", true, &title)) ||
        (r = get_date(m, o, "published", &pub)) || (r = get_str(m, o, "url", true, &url)) ||
        (r = get_str(m, o, "cluster", false, &cluster)) || (r = get_bool(m, o, "deleted", &deleted)) ||
        (r = get_str(m, o, "created", false, &created)) || (r = get_str(m, o, "updated", false, &updated)) ||
        (r = get_array(m, o, "blocks", &blocks)) || (r = get_str(m, o, "original", false, &orig)) ||
        (r = get_str(m, o, "text", true, &page_text)) ||
        (r = check_ref(m, 4, "document", "cluster", cluster, false)))
        return r;
    if (!hex32(hash))
        return fail(m, "\"hash\" must be 32 lower-case hex digits");
    size_t on = json_string_length(json_object_get(o, "original"));
    if (memchr(orig, 0, on))
        return fail(m, "\"original\" holds a NUL character");
    ht_buf text = {0};
    ht_error ne;
    if (page_text) {
        if (ht_buf_append(&text, page_text, json_string_length(json_object_get(o, "text"))))
            return ht_err(m->e, HT_ENOMEM, "out of memory");
    } else if (ht_text_normalize(orig, on, &text, NULL, &ne))
        return fail(m, "\"original\": %s", ne.msg);
    sqlite3_stmt *s = st_stmt(m->st, "INSERT INTO documents (rid, id, hash, source, format, title,"
                                     " published, url, orig, minhash, cluster, deleted, created,"
                                     " updated, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                                     " ?11, ?12, ?13, ?14, ?15)", m->e);
    st_block *sb = calloc(json_array_size(blocks) + 1, sizeof *sb);
    if (!s || !sb) {
        free(sb);
        ht_buf_free(&text);
        return s ? ht_err(m->e, HT_ENOMEM, "out of memory") : m->e->code;
    }
    /* the blocks first: checked against the text before anything is written */
    size_t base = strlen(m->path);
    size_t nb = json_array_size(blocks);
    for (size_t i = 0; i < nb && !r; i++) {
        json_t *b = json_array_get(blocks, i);
        snprintf(m->path + base, sizeof m->path - base, ".blocks[%zu]", i);
        const char *cls;
        long long a, z, ta, tz;
        if (!json_is_object(b))
            r = fail(m, "must be {\"class\", \"span\", \"text_span\"}");
        else if (!(r = get_str(m, b, "class", false, &cls)) &&
                 !(r = get_span(m, json_object_get(b, "span"), "span", &a, &z)) &&
                 !(r = get_span(m, json_object_get(b, "text_span"), "text_span", &ta, &tz))) {
            if ((size_t)z > on)
                r = fail(m, "\"span\" ends at %lld, after the original's %zu bytes", z, on);
            else if ((size_t)tz > text.n)
                r = fail(m, "\"text_span\" ends at %lld, after the text's %zu bytes", tz, text.n);
            else
                sb[i] = (st_block){(size_t)ta, (size_t)tz,
                                   !strcmp(cls, "title") || !strcmp(cls, "lead") || !strcmp(cls, "body")};
        }
    }
    m->path[base] = 0;
    uint32_t sig[ST_NHASH];
    unsigned char sigb[4 * ST_NHASH];
    bool have_sig = false;
    if (!r && st_minhash(text.p ? text.p : "", sb, nb, sig, &have_sig))
        r = ht_err(m->e, HT_ENOMEM, "out of memory");
    long long rid = 0;
    if (!r) {
        sqlite3_bind_null(s, 1); /* the next rowid: documents come in id order */
        const char *v[] = {id, hash, source, format, title, pub, url};
        for (int i = 0; i < 7; i++)
            st_bind_cstr(s, i + 2, v[i]);
        sqlite3_bind_blob(s, 9, orig, (int)on, SQLITE_STATIC);
        if (have_sig) {
            st_sig_encode(sig, sigb);
            sqlite3_bind_blob(s, 10, sigb, sizeof sigb, SQLITE_STATIC);
        }
        st_bind_cstr(s, 11, cluster);
        sqlite3_bind_int(s, 12, deleted);
        st_bind_cstr(s, 13, created);
        st_bind_cstr(s, 14, updated);
        if (page_text)
            sqlite3_bind_text(s, 15, text.p, (int)text.n, SQLITE_STATIC);
        r = db_fail(m, st_run(m->st, s, m->e));
        rid = sqlite3_last_insert_rowid(ht_store_db(m->st));
    } else
        sqlite3_reset(s);
    for (size_t i = 0; i < nb && !r; i++) {
        json_t *b = json_array_get(blocks, i);
        long long a, z;
        get_span(m, json_object_get(b, "span"), "span", &a, &z);
        sqlite3_stmt *q = st_stmt(m->st, "INSERT INTO blocks (document, n, class, text_start,"
                                         " text_end, orig_start, orig_end) VALUES (?1, ?2, ?3, ?4,"
                                         " ?5, ?6, ?7)", m->e);
        if (!q) {
            r = m->e->code;
            break;
        }
        st_bind_cstr(q, 1, id);
        sqlite3_bind_int64(q, 2, (long long)i);
        st_bind_cstr(q, 3, json_string_value(json_object_get(b, "class")));
        sqlite3_bind_int64(q, 4, (long long)sb[i].start);
        sqlite3_bind_int64(q, 5, (long long)sb[i].end);
        sqlite3_bind_int64(q, 6, a);
        sqlite3_bind_int64(q, 7, z);
        r = db_fail(m, st_run(m->st, q, m->e));
    }
    if (!r && have_sig)
        r = db_fail(m, st_doc_bands(m->st, rid, sig, m->e));
    if (!r) {
        sqlite3_stmt *q = st_stmt(m->st, "INSERT INTO doc_fts (rowid, title, body, caption)"
                                         " SELECT rid, title, body, caption FROM doc_fts_src"
                                         " WHERE rid = ?1", m->e);
        if (!q)
            r = m->e->code;
        else {
            sqlite3_bind_int64(q, 1, rid);
            r = db_fail(m, st_run(m->st, q, m->e));
        }
    }
    free(sb);
    ht_buf_free(&text);
    return r;
}

static int import_mention(importer *m, json_t *o, const char *id)
{
    static const char *const kinds[] = {"party", "person", "agreement", "activity", NULL};
    const char *doc, *kind, *rec;
    long long a, z;
    bool nc;
    double conf;
    int r;
    if ((r = get_str(m, o, "document", false, &doc)) || (r = get_str(m, o, "kind", false, &kind)) ||
        (r = get_str(m, o, "record", true, &rec)) ||
        (r = get_span(m, json_object_get(o, "span"), "span", &a, &z)) ||
        (r = get_num(m, o, "confidence", &nc, &conf)) ||
        (r = check_ref(m, 4, "document", "document", doc, false)))
        return r;
    int set = -1;
    for (int i = 0; kinds[i]; i++)
        if (strcmp(kinds[i], kind) == 0)
            set = i;
    if (set < 0)
        return fail(m, "\"kind\" '%s' is not party, person, agreement or activity", kind);
    if ((r = check_ref(m, set, kind, "record", rec, false)))
        return r;
    sqlite3_stmt *s = st_stmt(m->st, "INSERT INTO mentions (id, document, span_start, span_end,"
                                     " kind, record, confidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                              m->e);
    if (!s)
        return m->e->code;
    st_bind_cstr(s, 1, id);
    st_bind_cstr(s, 2, doc);
    sqlite3_bind_int64(s, 3, a);
    sqlite3_bind_int64(s, 4, z);
    st_bind_cstr(s, 5, kind);
    st_bind_cstr(s, 6, rec);
    if (nc)
        sqlite3_bind_null(s, 7);
    else
        sqlite3_bind_double(s, 7, conf);
    return db_fail(m, st_run(m->st, s, m->e));
}

static int import_history(importer *m, json_t *o, const char *id)
{
    const char *rec, *action, *user, *at;
    int r;
    if ((r = get_str(m, o, "record", false, &rec)) || (r = get_str(m, o, "action", false, &action)) ||
        (r = get_str(m, o, "user", true, &user)) || (r = get_str(m, o, "at", false, &at)))
        return r;
    bool any = false;
    for (int i = 0; i < 5; i++)
        any |= known(m, i, rec);
    if (!any)
        return fail(m, "record: no record or document '%s'", rec);
    json_t *b = json_object_get(o, "before"), *a = json_object_get(o, "after");
    char *bt = b && !json_is_null(b) ? dump_value(b) : NULL;
    char *at2 = a && !json_is_null(a) ? dump_value(a) : NULL;
    sqlite3_stmt *s = st_stmt(m->st, "INSERT INTO history (id, record, action, before, after,"
                                     " user, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", m->e);
    if (!s)
        r = m->e->code;
    else {
        st_bind_cstr(s, 1, id);
        st_bind_cstr(s, 2, rec);
        st_bind_cstr(s, 3, action);
        st_bind_cstr(s, 4, bt);
        st_bind_cstr(s, 5, at2);
        st_bind_cstr(s, 6, user);
        st_bind_cstr(s, 7, at);
        r = db_fail(m, st_run(m->st, s, m->e));
    }
    free(bt);
    free(at2);
    return r;
}

int ht_store_is_empty(ht_store *st, bool *empty, ht_error *e)
{
    sqlite3_stmt *s = st_stmt(st, "SELECT EXISTS (SELECT 1 FROM documents) OR EXISTS (SELECT 1"
                                  " FROM parties) OR EXISTS (SELECT 1 FROM people) OR EXISTS"
                                  " (SELECT 1 FROM agreements) OR EXISTS (SELECT 1 FROM activities)"
                                  " OR EXISTS (SELECT 1 FROM history)", e);
    if (!s)
        return e->code;
    int rc = sqlite3_step(s);
    *empty = rc == SQLITE_ROW && sqlite3_column_int(s, 0) == 0;
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 0 : ht_store_error(st, rc, "reading the registry", e);
}

/* Every array's ids, checked for form and repeats before anything is loaded, so that
 * references can be checked in any order. */
static int collect_ids(importer *m, json_t *root)
{
    static const char *const names[] = {"parties", "people", "agreements", "activities", "documents"};
    static const char *const pfx[] = {NULL, "per-", "agr-", "act-", "doc-"};
    for (int k = 0; k < 5; k++) {
        json_t *arr = json_object_get(root, names[k]);
        if (!(m->ids[k] = json_object()))
            return ht_err(m->e, HT_ENOMEM, "out of memory");
        size_t i;
        json_t *x;
        json_array_foreach(arr, i, x) {
            snprintf(m->path, sizeof m->path, "%s[%zu]", names[k], i);
            const char *id = json_string_value(json_object_get(x, "id"));
            if (!json_is_object(x))
                return fail(m, "must be an object");
            if (!id || !*id || strlen(id) >= HT_ID_MAX)
                return fail(m, "\"id\" must be a string of 1 to %d bytes", HT_ID_MAX - 1);
            if (pfx[k] ? strncmp(id, pfx[k], 4) != 0
                       : (!strncmp(id, "per-", 4) || !strncmp(id, "agr-", 4) || !strncmp(id, "act-", 4)))
                return fail(m, "\"id\" '%s' is not the id of a %s", id, names[k]);
            if (json_object_get(m->ids[k], id))
                return fail(m, "id '%s' appears twice", id);
            json_object_set_new(m->ids[k], id, json_true());
        }
    }
    return 0;
}

int ht_store_import(ht_store *st, const char *name, const char *bytes, size_t n, ht_error *e)
{
    bool empty;
    int r = ht_store_is_empty(st, &empty, e);
    if (r)
        return r;
    if (!empty)
        return ht_err(e, HT_ECONFLICT, "%s already holds a registry: import loads into an empty "
                                       "one (create it with 'hoptac init --db NEW.db')",
                      ht_store_file(st));
    json_error_t je;
    json_t *root = json_loadb(bytes, n, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return ht_err(e, HT_EFORMAT, "%s: line %d column %d: %s", name, je.line, je.column, je.text);
    importer m = {.st = st, .name = name, .e = e};
    snprintf(m.path, sizeof m.path, "top level");
    json_t *fmt = json_object_get(root, "hoptac_export"), *schema = json_object_get(root, "schema");
    if (!json_is_object(root))
        r = fail(&m, "not a hoptac export (a JSON object)");
    else if (!json_is_integer(fmt) || json_integer_value(fmt) != EXPORT_FORMAT)
        r = fail(&m, "\"hoptac_export\" must be %d (an export of this hoptac)", EXPORT_FORMAT);
    else if (!json_is_integer(schema) || json_integer_value(schema) < 1 ||
             json_integer_value(schema) > HT_STORE_SCHEMA)
        r = fail(&m, "\"schema\" must be a schema this hoptac knows (1 to %d)", HT_STORE_SCHEMA);
    const char *k;
    json_t *v;
    if (!r)
        json_object_foreach(root, k, v) {
            bool ok = !strcmp(k, "hoptac_export") || !strcmp(k, "schema");
            for (int i = 0; i < 7; i++)
                ok |= strcmp(k, ARRAYS[i]) == 0;
            if (!ok) {
                r = fail(&m, "unknown key \"%s\"", k);
                break;
            }
        }
    for (int i = 0; i < 7 && !r; i++)
        if (!json_is_array(json_object_get(root, ARRAYS[i])))
            r = fail(&m, "\"%s\" must be an array", ARRAYS[i]);
    if (!r)
        r = collect_ids(&m, root);
    static const struct {
        const char *array;
        int (*load)(importer *, json_t *, const char *);
        int fts; /* ht_rec_kind whose full-text row follows, -1 none */
    } steps[] = {
        {"documents", import_document, -1},    {"parties", import_party, HT_REC_PARTY},
        {"people", import_person, HT_REC_PERSON}, {"agreements", import_agreement, HT_REC_AGREEMENT},
        {"activities", import_activity, HT_REC_ACTIVITY}, {"mentions", import_mention, -1},
        {"history", import_history, -1},
    };
    for (size_t s = 0; s < sizeof steps / sizeof steps[0] && !r; s++) {
        json_t *arr = json_object_get(root, steps[s].array);
        size_t i;
        json_t *x;
        json_array_foreach(arr, i, x) {
            snprintf(m.path, sizeof m.path, "%s[%zu]", steps[s].array, i);
            const char *id = json_string_value(json_object_get(x, "id"));
            if (!json_is_object(x))
                r = fail(&m, "must be an object");
            else if (!id || !*id)
                r = fail(&m, "\"id\" must be a string");
            else
                r = steps[s].load(&m, x, id);
            if (!r && steps[s].fts >= 0)
                r = db_fail(&m, st_fts_refresh(st, steps[s].fts, id, e));
            if (r)
                break;
        }
    }
    /* the match keys of an older registry, made as this one makes them */
    if (!r && json_integer_value(schema) < HT_STORE_SCHEMA) {
        snprintf(m.path, sizeof m.path, "match keys");
        r = db_fail(&m, st_rekey_events(st, e));
    }
    for (int i = 0; i < 5; i++)
        json_decref(m.ids[i]);
    json_decref(root);
    return r;
}
