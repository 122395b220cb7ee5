/* Records from extraction's JSON (SPEC 1b), resolved against the registry:
 * parties by gazetteer code (or folded name for organisations: a company's without its
 * legal form and the places in a name by their codes, st_org_id; a body of a locality
 * named without it, per article), people by folded name and alias overlap, agreements
 * and activities by (kind, date, party set).
 *
 * Order independence: a record shows the values of its primary source, the smallest
 * (document, span) of its sources; sets (aliases, parties, fields, participants,
 * commitments) are unions kept sorted; a merged record takes the smallest candidate
 * id of its sources. So the registry is a function of the set of documents ingested,
 * not of their order. Records a person reviewed only gain sources and mentions. */
#include "store_int.h"
#include "base/data.h"

#include <ctype.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

extern const ht_data_table ht_data_gazetteer;

typedef enum { K_PARTY, K_PERSON, K_AGREEMENT, K_ACTIVITY } kind_t;

/* The per-table statements (table names cannot be bound). */
typedef struct {
    const char *kind, *pfx;
    const char *head, *insert, *status, *rename, *del, *prov;
} rkind;

#define RK(T, KIND, PFX, INSERT_COLS, INSERT_VALS)                                            \
    {KIND, PFX,                                                                             \
     "SELECT reviewed, document, span_start, span_end, merged_into FROM " T " WHERE id = ?1", \
     "INSERT INTO " T " (id, " INSERT_COLS ", status, origin, created, updated)"            \
     " VALUES (?1, " INSERT_VALS ", 'proposed', 'extracted', ?2, ?2)",                     \
     "UPDATE " T " SET status = CASE WHEN ?2 AND status = 'proposed' THEN 'confirmed'"      \
     " ELSE status END, confidence = CASE WHEN ?3 IS NULL THEN confidence"                 \
     " WHEN confidence IS NULL OR ?3 > confidence THEN ?3 ELSE confidence END"             \
     " WHERE id = ?1 AND reviewed = 0 AND ((?2 AND status = 'proposed') OR (?3 IS NOT NULL" \
     " AND (confidence IS NULL OR ?3 > confidence)))",                                      \
     "UPDATE " T " SET id = ?2, updated = ?3 WHERE id = ?1",                               \
     "DELETE FROM " T " WHERE id = ?1",                                                     \
     "UPDATE " T " SET document = ?2, span_start = ?3, span_end = ?4, updated = ?5"        \
     " WHERE id = ?1"}

static const rkind KINDS[] = {
    RK("parties", "party", "org", "kind, name, folded", "'', '', ''"),
    RK("people", "person", "per", "name, folded", "'', ''"),
    RK("agreements", "agreement", "agr", "kind", "''"),
    RK("activities", "activity", "act", "kind", "''"),
};

typedef struct {
    const char *name;  /* as written in the document's parties list */
    char *folded;
    char id[HT_ID_MAX];
    char local[HT_ID_MAX]; /* the id inside the 1b object (VN-DLK, local:3) */
} party_ref;

typedef struct {
    ht_store *st;
    const char *doc;
    long long doc_len;
    double auto_confirm;
    char now[32];
    ht_store_counts *counts;
    ht_error *e;
    party_ref *parties;
    size_t nparties;
    char (*agreements)[HT_ID_MAX];
    size_t nagreements;
    bool queue; /* full-text rows wait for ht_store_fts_flush */
} ctx;

typedef struct {
    bool exists, reviewed;
    char doc[HT_ID_MAX];
    char merged[HT_ID_MAX]; /* the survivor of a merge, "" when none */
    long long start, end;
} head;

/* ---- small helpers ---- */

static const char *jstr(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static char *fold(const char *s)
{
    ht_buf b = {0};
    if (ht_text_fold(s, strlen(s), &b) || ht_buf_putc(&b, 0)) {
        ht_buf_free(&b);
        return NULL;
    }
    return b.p;
}

/* When the words w (folded, one space between words) start s, the length to skip
 * (with the space after them), else 0. */
static size_t starts_words(const char *s, const char *w)
{
    size_t n = strlen(w);
    return strncmp(s, w, n) == 0 && s[n] == ' ' ? n + 1 : 0;
}

static bool place_key(const char *f, char *out, size_t cap, bool *province);

bool st_org_id(char out[HT_ID_MAX], const char *f, const char *parent)
{
    /* the kind of company, then the legal forms that may follow it, then the
     * English endings of its name */
    static const char *const kinds[][2] = {
        {"tong cong ty", "tong cong ty"}, {"cong ty", "cong ty"}, {"tap doan", "cong ty"}};
    static const char *const forms[] = {"co phan", "tnhh", "trach nhiem huu han",
                                        "mot thanh vien", "mtv"};
    static const char *const ends[] = {"corporation", "corp", "group", "co ltd", "ltd",
                                       "co", "jsc", "inc", "company", "limited"};
    const char *kind = NULL, *rest = f;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0] && !kind; k++) {
        size_t n = starts_words(f, kinds[k][0]);
        if (n) {
            kind = kinds[k][1];
            rest = f + n;
        }
    }
    for (bool more = kind != NULL; more;) {
        more = false;
        for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
            size_t n = starts_words(rest, forms[k]);
            if (n) {
                rest += n;
                more = true;
            }
        }
    }
    size_t len = strlen(rest);
    for (bool more = kind != NULL; more;) {
        more = false;
        for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
            size_t n = strlen(ends[k]);
            if (len > n + 1 && rest[len - n - 1] == ' ' && strncmp(rest + len - n, ends[k], n) == 0) {
                len -= n + 1;
                more = true;
            }
        }
    }
    /* the kind alone ("Công ty Cổ phần") names no company: the name as it is */
    if (kind && (!*rest || !len))
        kind = NULL;
    char key[512];
    if (kind)
        snprintf(key, sizeof key, "%s %.*s", kind, (int)len, rest);
    /* a country code has no dash: a company is the same in every country's news */
    if (kind && parent && !strchr(parent, '-'))
        parent = NULL;
    const char *name = kind && strlen(kind) + 1 + len < sizeof key ? key : f;
    bool other = name == key;
    /* the provinces and countries inside the name by their codes */
    char placed[768];
    if (place_key(name, placed, sizeof placed, NULL)) {
        name = placed;
        other = true;
    }
    const char *parts[] = {"party", name, parent};
    size_t lens[] = {5, strlen(name), parent ? strlen(parent) : 0};
    st_make_id(out, "org", parts, lens, 3);
    return other;
}

static int nomem(ctx *c) { return ht_err(c->e, HT_ENOMEM, "out of memory"); }

/* The older spelling of a syllable that ends a consonant with "y" is "i" ("Sỹ" and "Sĩ",
 * "Vỹ" and "Vĩ", "Kỳ" and "Kì", "Quý" and "Quí"): one name. A syllable of "uy" or "ay"
 * is another ("Thúy"). The y letters and the i letters with the same mark, in UTF-8. */
static const char *const Y_FORMS[] = {"y", "ý", "ỳ", "ỷ", "ỹ", "ỵ", "Y", "Ý", "Ỳ", "Ỷ", "Ỹ", "Ỵ"};
static const char *const I_FORMS[] = {"i", "í", "ì", "ỉ", "ĩ", "ị", "I", "Í", "Ì", "Ỉ", "Ĩ", "Ị"};

/* Whether the folded word w[0..n) is a consonant (or "qu") and then "y". */
static bool consonant_y(const char *w, size_t n)
{
    static const char *const onsets[] = {"b", "c", "ch", "d", "g", "gh", "h", "k", "kh", "l", "m",
                                         "n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th",
                                         "tr", "v", "x"};
    if (n < 2 || w[n - 1] != 'y')
        return false;
    for (size_t k = 0; k < sizeof onsets / sizeof *onsets; k++)
        if (strlen(onsets[k]) == n - 1 && !memcmp(onsets[k], w, n - 1))
            return true;
    return false;
}

static bool ascii_letters(const char *w, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!((w[k] | 0x20) >= 'a' && (w[k] | 0x20) <= 'z'))
            return false;
    return true;
}

/* name with every such syllable, and every such ending of a foreign word (below),
 * written with i, in *out (malloc'd), or NULL in *out when it has none; non-zero when
 * out of memory. */
static int iy_variant(const char *name, char **out)
{
    *out = NULL;
    ht_buf res = {0}, f = {0};
    bool changed = false;
    int r = 0;
    size_t n = strlen(name);
    for (size_t a = 0; a < n && !r;) {
        size_t b = a;
        while (b < n && name[b] != ' ' && name[b] != '-')
            b++;
        size_t keep = b; /* the bytes of the word kept as written */
        const char *repl = NULL;
        f.n = 0;
        if (b > a && ht_text_fold(name + a, b - a, &f) == 0 && f.p && consonant_y(f.p, f.n))
            for (size_t k = 0; k < sizeof Y_FORMS / sizeof *Y_FORMS && !repl; k++) {
                size_t yl = strlen(Y_FORMS[k]);
                if (b - a > yl && !memcmp(name + b - yl, Y_FORMS[k], yl)) {
                    keep = b - yl;
                    repl = I_FORMS[k];
                }
            }
        /* "Sergey" and "Sergei", "Yury" and "Yuri", "Zelenskiy", "Zelenskyy" and
         * "Zelensky": a foreign name's word (four letters or more without marks) ending
         * in a consonant, "e", "i" or "y" and then "y" is the same written with "i" (not
         * "Thuy", "Ngay") */
        if (!repl && b - a >= 4 && (name[b - 1] == 'y' || name[b - 1] == 'Y') &&
            ascii_letters(name + a, b - a) && !strchr("aouAOU", name[b - 2])) {
            keep = b - 1;
            if (b - a >= 6 && strchr("iyIY", name[b - 2])) /* "Zelenskiy", "Zelenskyy" */
                keep--;
            repl = name[b - 1] == 'Y' ? "I" : "i";
        }
        r = ht_buf_append(&res, name + a, keep - a);
        if (!r && repl) {
            r = ht_buf_append(&res, repl, strlen(repl));
            changed = true;
        }
        if (!r && b < n)
            r = ht_buf_putc(&res, name[b]);
        a = b + 1;
    }
    if (!r)
        r = ht_buf_putc(&res, 0);
    ht_buf_free(&f);
    if (r || !changed) {
        ht_buf_free(&res);
        return r;
    }
    *out = res.p;
    return 0;
}

static int bad(ctx *c, const char *what, size_t i, const char *why)
{
    return ht_err(c->e, HT_EFORMAT, "extracted %s %zu: %s", what, i, why);
}

/* Reads a span {"start", "end"}; a missing span is (0, 0). */
static int span_of(ctx *c, json_t *sp, const char *what, size_t i, long long *a, long long *z)
{
    *a = *z = 0;
    if (!sp || json_is_null(sp))
        return 0;
    json_t *s = json_object_get(sp, "start"), *t = json_object_get(sp, "end");
    if (!json_is_integer(s) || !json_is_integer(t))
        return bad(c, what, i, "span without integer start and end");
    *a = json_integer_value(s);
    *z = json_integer_value(t);
    if (*a < 0 || *z < *a || *z > c->doc_len)
        return ht_err(c->e, HT_EFORMAT, "extracted %s %zu: span %lld-%lld outside the document (%lld bytes)",
                      what, i, *a, *z, c->doc_len);
    return 0;
}

static double conf_of(json_t *o)
{
    json_t *v = json_object_get(o, "confidence");
    return json_is_number(v) ? json_number_value(v) : -1;
}

static void bind_conf(sqlite3_stmt *s, int i, double v)
{
    if (v < 0)
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_double(s, i, v);
}

static int run(ctx *c, sqlite3_stmt *s) { return st_run(c->st, s, c->e); }

static sqlite3_stmt *stmt(ctx *c, const char *sql) { return st_stmt(c->st, sql, c->e); }

/* Whether ingest wrote (a, b) earlier in its transaction (st_written); never for
 * other writers, whose edits delete and add rows again. */
static bool written(ctx *c, const char *a, const char *b)
{
    return c->queue && st_written(c->st, a, b);
}

static int get_head(ctx *c, kind_t k, const char *id, head *h)
{
    memset(h, 0, sizeof *h);
    sqlite3_stmt *s = stmt(c, KINDS[k].head);
    if (!s)
        return c->e->code;
    st_bind_cstr(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        h->exists = true;
        h->reviewed = sqlite3_column_int(s, 0) != 0;
        const char *d = (const char *)sqlite3_column_text(s, 1);
        snprintf(h->doc, sizeof h->doc, "%s", d ? d : "");
        h->start = sqlite3_column_int64(s, 2);
        h->end = sqlite3_column_int64(s, 3);
        const char *m = (const char *)sqlite3_column_text(s, 4);
        snprintf(h->merged, sizeof h->merged, "%s", m ? m : "");
        rc = SQLITE_DONE;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : ht_store_error(c->st, rc, "reading a record", c->e);
}

/* A record a person merged into another stands for the survivor: id becomes it. */
static int follow(ctx *c, kind_t k, char *id, head *h)
{
    int r = get_head(c, k, id, h);
    for (int depth = 0; !r && h->merged[0] && depth < 16; depth++) {
        snprintf(id, HT_ID_MAX, "%s", h->merged);
        r = get_head(c, k, id, h);
    }
    return r;
}

/* True when (doc, a, z) comes before the record's primary source. */
static bool before(const head *h, const char *doc, long long a, long long z)
{
    if (!h->doc[0])
        return true;
    int d = strcmp(doc, h->doc);
    if (d)
        return d < 0;
    return a != h->start ? a < h->start : z < h->end;
}

static int set_prov(ctx *c, kind_t k, const char *id, const char *doc, long long a, long long z)
{
    sqlite3_stmt *s = stmt(c, KINDS[k].prov);
    if (!s)
        return c->e->code;
    st_bind_cstr(s, 1, id);
    st_bind_cstr(s, 2, doc);
    sqlite3_bind_int64(s, 3, a);
    sqlite3_bind_int64(s, 4, z);
    st_bind_cstr(s, 5, c->now);
    return run(c, s);
}

static int insert_skeleton(ctx *c, kind_t k, const char *id)
{
    sqlite3_stmt *s = stmt(c, KINDS[k].insert);
    if (!s)
        return c->e->code;
    st_bind_cstr(s, 1, id);
    st_bind_cstr(s, 2, c->now);
    int r = run(c, s);
    if (!r && c->counts) {
        size_t *n[] = {&c->counts->parties, &c->counts->people, &c->counts->agreements,
                       &c->counts->activities};
        (*n[k])++;
    }
    return r;
}

/* Confirms the record when conf reaches the threshold, or always when sure (parties of
 * the gazetteer are reference data, not guesses). */
static int set_status(ctx *c, kind_t k, const char *id, double conf, bool sure)
{
    sqlite3_stmt *s = stmt(c, KINDS[k].status);
    if (!s)
        return c->e->code;
    st_bind_cstr(s, 1, id);
    sqlite3_bind_int(s, 2, sure || (conf >= 0 && conf >= c->auto_confirm));
    bind_conf(s, 3, conf);
    return run(c, s);
}

/* Adds a source; *added is false when this exact source was already there. */
static int add_source(ctx *c, kind_t k, const char *id, long long a, long long z,
                      const char *cand, double conf, json_t *data, bool *added)
{
    *added = false;
    char *js = json_dumps(data, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!js)
        return nomem(c);
    sqlite3_stmt *s = stmt(c, "INSERT OR IGNORE INTO sources (record, kind, document, span_start,"
                              " span_end, candidate, confidence, data)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!s) {
        free(js);
        return c->e->code;
    }
    st_bind_cstr(s, 1, id);
    st_bind_cstr(s, 2, KINDS[k].kind);
    st_bind_cstr(s, 3, c->doc);
    sqlite3_bind_int64(s, 4, a);
    sqlite3_bind_int64(s, 5, z);
    st_bind_cstr(s, 6, cand);
    bind_conf(s, 7, conf);
    st_bind_cstr(s, 8, js);
    int r = run(c, s);
    free(js);
    if (!r)
        *added = sqlite3_changes(ht_store_db(c->st)) > 0;
    return r;
}

static int add_mention(ctx *c, const char *kind, const char *record, long long a, long long z,
                       double conf)
{
    char id[HT_ID_MAX], sa[24], sz[24];
    snprintf(sa, sizeof sa, "%lld", a);
    snprintf(sz, sizeof sz, "%lld", z);
    const char *parts[] = {c->doc, kind, sa, sz};
    size_t lens[] = {strlen(c->doc), strlen(kind), strlen(sa), strlen(sz)};
    st_make_id(id, "men", parts, lens, 4);
    sqlite3_stmt *s = stmt(c, "INSERT OR IGNORE INTO mentions (id, document, span_start, span_end,"
                              " kind, record, confidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!s)
        return c->e->code;
    st_bind_cstr(s, 1, id);
    st_bind_cstr(s, 2, c->doc);
    sqlite3_bind_int64(s, 3, a);
    sqlite3_bind_int64(s, 4, z);
    st_bind_cstr(s, 5, kind);
    st_bind_cstr(s, 6, record);
    bind_conf(s, 7, conf);
    int r = run(c, s);
    if (!r && c->counts && sqlite3_changes(ht_store_db(c->st)) > 0)
        c->counts->mentions++;
    return r;
}

static int add_alias(ctx *c, const char *kind, const char *id, const char *alias)
{
    if (*alias && written(c, id, alias))
        return 0;
    char *f = fold(alias);
    if (!f)
        return nomem(c);
    int r = 0;
    if (*f) {
        sqlite3_stmt *s = stmt(c, "INSERT OR IGNORE INTO aliases (record, kind, alias, folded)"
                                  " VALUES (?1, ?2, ?3, ?4)");
        if (!s)
            r = c->e->code;
        else {
            st_bind_cstr(s, 1, id);
            st_bind_cstr(s, 2, kind);
            st_bind_cstr(s, 3, alias);
            st_bind_cstr(s, 4, f);
            r = run(c, s);
        }
    }
    free(f);
    return r;
}

/* The (names, text) of a record's full-text row, from its current values; no row for
 * a deleted record. */
static const char *const FTS_SQL[] = {
    "SELECT coalesce((SELECT group_concat(alias, char(10)) FROM aliases WHERE record = p.id), '')"
    " || char(10) || coalesce(p.name_en, '') || char(10) || coalesce(p.name_local, ''), ''"
    " FROM parties p WHERE p.id = ?1 AND p.status <> 'deleted'",
    "SELECT (SELECT group_concat(alias, char(10)) FROM aliases WHERE record = p.id),"
    " (SELECT group_concat(DISTINCT title) FROM positions WHERE person = p.id)"
    " FROM people p WHERE p.id = ?1 AND p.status <> 'deleted'",
    "SELECT coalesce(a.title, '') || char(10) || coalesce((SELECT group_concat(name, char(10))"
    " FROM agreement_parties WHERE agreement = a.id), ''),"
    " coalesce(a.place, '') || char(10) || coalesce((SELECT group_concat(text, char(10))"
    " FROM tasks WHERE agreement = a.id), '') FROM agreements a WHERE a.id = ?1"
    " AND a.status <> 'deleted'",
    "SELECT coalesce((SELECT group_concat(name, char(10)) FROM activity_parties"
    " WHERE activity = a.id), '') || char(10) || coalesce((SELECT"
    " group_concat(json_extract(value, '$.name'), char(10)) FROM json_each(a.participants)), ''),"
    " coalesce(a.place, '') || char(10) || coalesce((SELECT group_concat(value, char(10))"
    " FROM json_each(a.commitments)), '') || char(10) || coalesce(a.summary, '')"
    " FROM activities a WHERE a.id = ?1 AND a.status <> 'deleted'",
};
static const char *const KIND_WORD[] = {"party", "person", "agreement", "activity"};

/* Two nullable strings of one row, copied. */
static int row2(ctx *c, sqlite3_stmt *s, bool *found, char **a, char **b)
{
    *found = false;
    *a = *b = NULL;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *found = true;
        const char *x = (const char *)sqlite3_column_text(s, 0), *y = (const char *)sqlite3_column_text(s, 1);
        if ((x && !(*a = strdup(x))) || (y && !(*b = strdup(y)))) {
            sqlite3_reset(s);
            return nomem(c);
        }
        rc = SQLITE_DONE;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : ht_store_error(c->st, rc, "reading the record index", c->e);
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0) || (!a && b && !*b) || (!b && a && !*a);
}

static int fts_drop(ctx *c, const char *id)
{
    sqlite3_stmt *s = stmt(c, "DELETE FROM record_fts WHERE rowid = ?1");
    if (!s)
        return c->e->code;
    sqlite3_bind_int64(s, 1, st_rowid_of(id, strlen(id)));
    return run(c, s);
}

/* What a record's full-text row becomes, made again from its values: *drop when it
 * has one that differs from them, *put with *names and *text (the caller frees them)
 * when a row is to be written. A row that stays the same (a party named again by
 * another article) is left alone, which spares the index taking it out and putting it
 * back. */
static int fts_plan(ctx *c, kind_t k, const char *id, bool *drop, bool *put, char **names,
                    char **text)
{
    *drop = *put = false;
    *names = *text = NULL;
    long long rowid = st_rowid_of(id, strlen(id));
    sqlite3_stmt *s = stmt(c, FTS_SQL[k]);
    if (!s)
        return c->e->code;
    st_bind_cstr(s, 1, id);
    bool now, was;
    char *old_names = NULL, *old_text = NULL;
    int r = row2(c, s, &now, names, text);
    if (!r && !(s = stmt(c, "SELECT names, text FROM record_fts WHERE rowid = ?1")))
        r = c->e->code;
    if (!r) {
        sqlite3_bind_int64(s, 1, rowid);
        r = row2(c, s, &was, &old_names, &old_text);
    }
    bool same = !r && now == was && (!now || (same_str(*names, old_names) && same_str(*text, old_text)));
    *drop = !r && !same && was;
    *put = !r && !same && now;
    free(old_names);
    free(old_text);
    return r;
}

/* Notes a record whose full-text row the next flush makes again. */
static int touch(ht_store *st, int kind, const char *id, ht_error *e)
{
    if (st->touched.n == st->touched.cap) {
        size_t cap = st->touched.cap ? 2 * st->touched.cap : 256;
        void *v = realloc(st->touched.v, cap * sizeof *st->touched.v);
        if (!v)
            return ht_err(e, HT_ENOMEM, "out of memory");
        st->touched.v = v;
        st->touched.cap = cap;
    }
    st->touched.v[st->touched.n].kind = kind;
    snprintf(st->touched.v[st->touched.n++].id, HT_ID_MAX, "%s", id);
    return 0;
}

static int fts_refresh(ctx *c, kind_t k, const char *id)
{
    /* During ingest nothing is written here: the flush refreshes the records noted
     * here and those of the documents it indexes (st_record_queue_flush). */
    if (c->queue)
        return touch(c->st, (int)k, id, c->e);
    bool drop, put;
    char *names, *text;
    int r = fts_plan(c, k, id, &drop, &put, &names, &text);
    if (!r && drop)
        r = fts_drop(c, id);
    if (!r && put) {
        sqlite3_stmt *s = stmt(c, "INSERT INTO record_fts (rowid, id, kind, names, text)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!s)
            r = c->e->code;
        else {
            sqlite3_bind_int64(s, 1, st_rowid_of(id, strlen(id)));
            st_bind_cstr(s, 2, id);
            st_bind_cstr(s, 3, KIND_WORD[k]);
            st_bind_cstr(s, 4, names);
            st_bind_cstr(s, 5, text);
            r = run(c, s);
        }
    }
    free(names);
    free(text);
    return r;
}

/* Sorted union of two JSON arrays (identity: the compact, key-sorted dump). */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *json_union(const char *cur, json_t *add)
{
    json_error_t je;
    json_t *a = cur ? json_loads(cur, 0, &je) : NULL;
    size_t na = json_is_array(a) ? json_array_size(a) : 0;
    size_t nb = json_is_array(add) ? json_array_size(add) : 0;
    char **v = calloc(na + nb + 1, sizeof *v);
    size_t n = 0;
    char *out = NULL;
    if (!v)
        goto done;
    for (size_t i = 0; i < na + nb; i++) {
        json_t *x = i < na ? json_array_get(a, i) : json_array_get(add, i - na);
        if (!(v[n] = json_dumps(x, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY)))
            goto done;
        n++;
    }
    qsort(v, n, sizeof *v, cmp_str);
    ht_buf b = {0};
    int err = ht_buf_putc(&b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(v[i], v[i - 1]) == 0)
            continue;
        if (b.n > 1)
            err |= ht_buf_putc(&b, ',');
        err |= ht_buf_puts(&b, v[i]);
    }
    err |= ht_buf_putc(&b, ']');
    if (err)
        ht_buf_free(&b);
    else
        out = ht_buf_take(&b);
done:
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    json_decref(a);
    return out;
}

/* table.column = sorted union of its JSON array and add (sql reads ?1 id and writes ?2). */
static int union_column(ctx *c, const char *get_sql, const char *set_sql, const char *id,
                        json_t *add)
{
    if (!json_is_array(add) || !json_array_size(add))
        return 0;
    sqlite3_stmt *s = stmt(c, get_sql);
    if (!s)
        return c->e->code;
    st_bind_cstr(s, 1, id);
    char *cur = NULL;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
        cur = strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        free(cur);
        return ht_store_error(c->st, rc, "reading a record", c->e);
    }
    char *u = json_union(cur, add);
    free(cur);
    if (!u)
        return nomem(c);
    s = stmt(c, set_sql);
    int r = s ? 0 : c->e->code;
    if (s) {
        st_bind_cstr(s, 1, id);
        st_bind_cstr(s, 2, u);
        r = run(c, s);
    }
    free(u);
    return r;
}

/* The registry id of a party named in a list of the document: the document's own
 * parties first, then the gazetteer (both independent of what else is stored). */
/* The one gazetteer row whose names or aliases include the folded words f[0..n), or -1
 * (none, or several). */
static long gaz_named(const char *f, size_t n)
{
    size_t first, k = ht_data_lookup(&ht_data_gazetteer, f, n, &first);
    if (!k)
        return -1;
    uint32_t row = ht_data_gazetteer.keys[first].row;
    for (size_t i = 1; i < k; i++)
        if (ht_data_gazetteer.keys[first + i].row != row)
            return -1;
    return (long)row;
}

static const char *party_by_name(ctx *c, const char *name)
{
    for (size_t i = 0; i < c->nparties; i++)
        if (strcmp(c->parties[i].name, name) == 0)
            return c->parties[i].id;
    char *f = fold(name);
    if (!f)
        return NULL;
    const char *found = NULL;
    for (size_t i = 0; i < c->nparties && !found; i++)
        if (strcmp(c->parties[i].folded, f) == 0)
            found = c->parties[i].id;
    if (!found) {
        long row = gaz_named(f, strlen(f));
        int idc = ht_data_col(&ht_data_gazetteer, "id");
        if (row >= 0 && idc >= 0)
            found = ht_data_cell(&ht_data_gazetteer, (size_t)row, (size_t)idc);
    }
    free(f);
    return found;
}

static const char *party_by_local(ctx *c, const char *local)
{
    if (!local)
        return NULL;
    for (size_t i = 0; i < c->nparties; i++)
        if (strcmp(c->parties[i].local, local) == 0)
            return c->parties[i].id;
    return NULL;
}

/* The gazetteer's rows sorted by id, made once (ingest looks ids up for every party
 * it stores). */
static uint32_t *gaz_by_id;
static size_t gaz_n;
static int gaz_idc = -1;
static pthread_once_t gaz_once = PTHREAD_ONCE_INIT;

static int cmp_gaz_row(const void *a, const void *b)
{
    return strcmp(ht_data_cell(&ht_data_gazetteer, *(const uint32_t *)a, (size_t)gaz_idc),
                  ht_data_cell(&ht_data_gazetteer, *(const uint32_t *)b, (size_t)gaz_idc));
}

static void gaz_index(void)
{
    gaz_idc = ht_data_col(&ht_data_gazetteer, "id");
    if (gaz_idc < 0 || !(gaz_by_id = malloc(ht_data_gazetteer.nrows * sizeof *gaz_by_id)))
        return;
    for (size_t r = 0; r < ht_data_gazetteer.nrows; r++)
        gaz_by_id[r] = (uint32_t)r;
    qsort(gaz_by_id, ht_data_gazetteer.nrows, sizeof *gaz_by_id, cmp_gaz_row);
    gaz_n = ht_data_gazetteer.nrows;
}

static long gazetteer_row(const char *id)
{
    pthread_once(&gaz_once, gaz_index);
    size_t lo = 0, hi = gaz_n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(ht_data_cell(&ht_data_gazetteer, gaz_by_id[mid], (size_t)gaz_idc), id);
        if (c == 0)
            return (long)gaz_by_id[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static const char *gz(long row, const char *col)
{
    int k = ht_data_col(&ht_data_gazetteer, col);
    if (row < 0 || k < 0)
        return NULL;
    const char *v = ht_data_cell(&ht_data_gazetteer, (size_t)row, (size_t)k);
    return *v ? v : NULL;
}

/* The row of the one province or country the folded words f[0..n) name, or -1. */
static long place_named(const char *f, size_t n)
{
    long row = gaz_named(f, n);
    const char *kind = gz(row, "kind");
    return kind && (!strcmp(kind, "province") || !strcmp(kind, "country")) ? row : -1;
}

/* Takes the words w off the end of out[0..*o) (words joined by one space): true when
 * they were its last words. */
static bool drop_last(char *out, size_t *o, const char *w)
{
    size_t n = strlen(w);
    if (*o < n || strcmp(out + *o - n, w) || (*o > n && out[*o - n - 1] != ' '))
        return false;
    *o = *o == n ? 0 : *o - n - 1;
    out[*o] = 0;
    return true;
}

/* The folded name f with each province or country in it written as its code, the
 * word "tỉnh" before a province left out, and "nước", "Cộng hòa" or "Liên bang" before
 * a country: "sở y tế tỉnh an giang" and "sở y tế an giang" are "sở y tế {VN-AGG}",
 * "bộ quốc phòng ukraina" and "… ukraine" one, "quốc hội cộng hòa cu ba" and "quốc hội
 * cuba" one. False (out unused) when f names none; *province (if not NULL) tells
 * whether a province is among them. */
static bool place_key(const char *f, char *out, size_t cap, bool *province)
{
    if (province)
        *province = false;
    size_t o = 0;
    bool any = false;
    out[0] = 0;
    for (const char *p = f; *p;) {
        /* the longest run of up to ten words from p that names one place */
        long best = -1;
        size_t blen = 0;
        const char *e = p;
        /* most words start no place's name: one look-up tells */
        if (!ht_data_has_prefix(&ht_data_gazetteer, p, strcspn(p, " ")))
            e = "";
        for (int w = 0; w < 10 && *e; w++) {
            e += strcspn(e, " ");
            long row = place_named(p, (size_t)(e - p));
            if (row >= 0) {
                best = row;
                blen = (size_t)(e - p);
            }
            char pre[256];
            size_t pl = (size_t)(e - p);
            if (!*e || pl + 1 >= sizeof pre)
                break;
            memcpy(pre, p, pl);
            pre[pl] = ' ';
            if (!ht_data_has_prefix(&ht_data_gazetteer, pre, pl + 1))
                break;
            e++;
        }
        const char *id = best >= 0 ? gz(best, "id") : NULL;
        bool prov = id && !strcmp(gz(best, "kind"), "province");
        size_t wl = id ? blen : strcspn(p, " ");
        /* "tỉnh" before a province, "nước", "Cộng hòa" and "Liên bang" before a country */
        if (prov)
            drop_last(out, &o, "tinh");
        while (id && !prov &&
               (drop_last(out, &o, "cong hoa") || drop_last(out, &o, "lien bang") ||
                drop_last(out, &o, "nuoc")))
            ;
        /* the item, after a space unless first: "{ID}" or the word */
        size_t need = (o ? 1 : 0) + (id ? strlen(id) + 2 : wl);
        if (o + need + 1 > cap)
            return false;
        if (o)
            out[o++] = ' ';
        if (id) {
            out[o++] = '{';
            memcpy(out + o, id, strlen(id));
            o += strlen(id);
            out[o++] = '}';
        } else {
            memcpy(out + o, p, wl);
            o += wl;
        }
        out[o] = 0;
        any |= id != NULL;
        if (prov && province)
            *province = true;
        p += wl;
        while (*p == ' ')
            p++;
    }
    return any;
}

/* Renames a record (its id changes to a smaller candidate) with every reference. */
static int rename_record(ctx *c, kind_t k, const char *from, const char *to)
{
    static const char *const refs[] = {
        "UPDATE sources SET record = ?2 WHERE record = ?1",
        "UPDATE aliases SET record = ?2 WHERE record = ?1",
        "UPDATE mentions SET record = ?2 WHERE record = ?1",
    };
    st_written_forget(c->st); /* its aliases move */
    int r = fts_drop(c, from);
    sqlite3_stmt *s;
    if (!r) {
        s = stmt(c, KINDS[k].rename);
        if (!s)
            return c->e->code;
        st_bind_cstr(s, 1, from);
        st_bind_cstr(s, 2, to);
        st_bind_cstr(s, 3, c->now);
        r = run(c, s); /* typed references follow through ON UPDATE CASCADE */
    }
    for (size_t i = 0; i < 3 && !r; i++) {
        if (!(s = stmt(c, refs[i])))
            return c->e->code;
        st_bind_cstr(s, 1, from);
        st_bind_cstr(s, 2, to);
        r = run(c, s);
    }
    /* what a report of an activity read: the agreement by its new id */
    if (!r && k == K_AGREEMENT) {
        if (!(s = stmt(c, "UPDATE sources SET data = json_set(data, '$.agreement', ?2)"
                          " WHERE document IN (SELECT document FROM sources WHERE record = ?2)"
                          " AND kind = 'activity' AND data ->> '$.agreement' = ?1")))
            return c->e->code;
        st_bind_cstr(s, 1, from);
        st_bind_cstr(s, 2, to);
        r = run(c, s);
    }
    return r;
}

/* ---- parties ---- */

static int ensure_gazetteer_party(ctx *c, const char *id, int depth);

static int party_attrs(ctx *c, const char *id, json_t *p, bool gaz, long grow)
{
    const char *name = gaz && gz(grow, "name_vi") ? gz(grow, "name_vi") : jstr(p, "name");
    /* the gazetteer is authoritative for its entries */
    const char *kind = gz(grow, "kind") ? gz(grow, "kind") : jstr(p, "kind");
    const char *country = gz(grow, "country") ? gz(grow, "country") : jstr(p, "country");
    const char *parent = gz(grow, "parent");
    const char *pl = jstr(p, "parent");
    int r;
    if (!parent && pl) {
        /* the document's own party, else a gazetteer code; an unknown reference
         * ("local:9" of nothing) is dropped rather than kept dangling */
        parent = party_by_local(c, pl);
        if (!parent && gazetteer_row(pl) >= 0) {
            if ((r = ensure_gazetteer_party(c, pl, 0)))
                return r;
            parent = pl;
        }
    }
    char *f = fold(name);
    if (!f)
        return nomem(c);
    sqlite3_stmt *s = stmt(c, "UPDATE parties SET kind = ?2, name = ?3, folded = ?4,"
                              " country = ?5, parent = ?6, gazetteer = ?7, name_en = ?8,"
                              " name_local = ?9, valid_from = ?10, valid_to = ?11,"
                              " successor = ?12, updated = ?13 WHERE id = ?1");
    r = s ? 0 : c->e->code;
    if (s) {
        st_bind_cstr(s, 1, id);
        st_bind_cstr(s, 2, kind ? kind : "organisation");
        st_bind_cstr(s, 3, name);
        st_bind_cstr(s, 4, f);
        st_bind_cstr(s, 5, country);
        st_bind_cstr(s, 6, parent);
        sqlite3_bind_int(s, 7, gaz && grow >= 0);
        st_bind_cstr(s, 8, gz(grow, "name_en"));
        st_bind_cstr(s, 9, gz(grow, "name_local"));
        st_bind_cstr(s, 10, gz(grow, "valid_from"));
        st_bind_cstr(s, 11, gz(grow, "valid_to"));
        st_bind_cstr(s, 12, gz(grow, "successor"));
        st_bind_cstr(s, 13, c->now);
        r = run(c, s);
    }
    free(f);
    return r;
}

/* A body of a locality named without it and without a word of its own ("Sở Y tế",
 * "Ủy ban nhân dân", "Tỉnh ủy", "Ban Tổ chức"): a different body in each article that
 * names it so. */
static bool unplaced_local_body(const char *f)
{
    /* heads that nothing names further than their locality would */
    static const char *const alone[] = {"uy ban nhan dan", "ubnd", "hoi dong nhan dan", "hdnd",
                                        "tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy",
                                        "dang uy", "chinh quyen", "cong an tinh", "cong an huyen",
                                        "cong an quan", "cong an thanh pho", "ban to chuc",
                                        "ban chi dao", "ban quan ly", "ban dieu hanh"};
    /* … or an administrative word with no name after it ("Ủy ban nhân dân TP") */
    static const char *const admin[] = {"tinh", "tp", "thanh pho", "huyen", "quan", "thi xa", "xa",
                                        "phuong"};
    for (size_t k = 0; k < sizeof alone / sizeof alone[0]; k++) {
        size_t n = strlen(alone[k]);
        if (strncmp(f, alone[k], n) || (f[n] && f[n] != ' '))
            continue;
        const char *rest = f[n] ? f + n + 1 : f + n;
        if (!*rest)
            return true;
        for (size_t a = 0; a < sizeof admin / sizeof admin[0]; a++)
            if (!strcmp(rest, admin[a]))
                return true;
        return false;
    }
    /* a department ("Sở Y tế") whose name holds no province (a country's name may be
     * a word of its field: "Sở Tư pháp") */
    char buf[768];
    bool province;
    if (strncmp(f, "so ", 3))
        return false;
    place_key(f, buf, sizeof buf, &province);
    return !province;
}

/* First pass: the registry id of every party of the document, so that the others can
 * refer to them. */
static int map_parties(ctx *c, json_t *arr)
{
    size_t n = json_array_size(arr);
    c->parties = calloc(n + 1, sizeof *c->parties);
    if (!c->parties)
        return nomem(c);
    for (size_t i = 0; i < n; i++) {
        json_t *p = json_array_get(arr, i);
        const char *name = jstr(p, "name"), *local = jstr(p, "id");
        if (!json_is_object(p) || !name || !*name)
            return bad(c, "party", i, "no name");
        party_ref *pr = &c->parties[c->nparties++];
        pr->name = name;
        if (!(pr->folded = fold(name)))
            return nomem(c);
        snprintf(pr->local, sizeof pr->local, "%s", local ? local : "");
        if (local && *local && strncmp(local, "local:", 6) != 0 && strlen(local) < HT_ID_MAX) {
            snprintf(pr->id, sizeof pr->id, "%s", local);
        } else {
            /* an organisation: its folded name, under its gazetteer parent if any */
            const char *parent = jstr(p, "parent");
            if (!parent && unplaced_local_body(pr->folded)) {
                /* which locality's it is, only its article may tell: a record of
                 * its own there */
                const char *parts[] = {"party", pr->folded, c->doc};
                size_t lens[] = {5, strlen(pr->folded), strlen(c->doc)};
                st_make_id(pr->id, "org", parts, lens, 3);
            } else {
                if (parent && strncmp(parent, "local:", 6) == 0)
                    parent = NULL;
                /* a registry made before names were keyed so (companies without their
                 * legal form, places by their codes) keeps its record of the name as
                 * written, until the name's own exists */
                char old[HT_ID_MAX] = "";
                const char *parts[] = {"party", pr->folded, parent};
                size_t lens[] = {5, strlen(pr->folded), parent ? strlen(parent) : 0};
                if (st_org_id(pr->id, pr->folded, parent))
                    st_make_id(old, "org", parts, lens, 3);
                if (old[0] && strcmp(old, pr->id)) {
                    head h;
                    int r = get_head(c, K_PARTY, pr->id, &h);
                    if (!r && !h.exists && !(r = get_head(c, K_PARTY, old, &h)) && h.exists)
                        snprintf(pr->id, sizeof pr->id, "%s", old);
                    if (r)
                        return r;
                }
            }
        }
        head h;
        int r = follow(c, K_PARTY, pr->id, &h);
        if (r)
            return r;
    }
    return 0;
}

static int put_party(ctx *c, json_t *p, size_t i)
{
    party_ref *pr = &c->parties[i];
    long grow = strncmp(pr->id, "org-", 4) == 0 ? -1 : gazetteer_row(pr->id);
    bool gaz = grow >= 0;
    json_t *ms = json_object_get(p, "mentions");
    long long a = 0, z = 0;
    int r;
    if (json_array_size(ms) && (r = span_of(c, json_array_get(ms, 0), "party", i, &a, &z)))
        return r;
    head h;
    if ((r = get_head(c, K_PARTY, pr->id, &h)))
        return r;
    if (!h.exists && (r = insert_skeleton(c, K_PARTY, pr->id)))
        return r;
    bool added;
    if ((r = add_source(c, K_PARTY, pr->id, a, z, pr->id, -1, p, &added)))
        return r;
    if (added && !h.reviewed) {
        if (!h.exists || before(&h, c->doc, a, z)) {
            if ((r = party_attrs(c, pr->id, p, gaz, grow)) ||
                (r = set_prov(c, K_PARTY, pr->id, c->doc, a, z)))
                return r;
        }
        /* only the gazetteer's are sure: without a confidence the others keep theirs */
        if (gaz && !written(c, "\x01status", pr->id) &&
            (r = set_status(c, K_PARTY, pr->id, 1.0, true)))
            return r;
        if ((r = add_alias(c, "party", pr->id, pr->name)))
            return r;
        json_t *al = json_object_get(p, "aliases");
        for (size_t k = 0; k < json_array_size(al); k++)
            if (json_is_string(json_array_get(al, k)) &&
                (r = add_alias(c, "party", pr->id, json_string_value(json_array_get(al, k)))))
                return r;
        if (gaz) {
            const char *nv = gz(grow, "name_vi");
            if (nv && (r = add_alias(c, "party", pr->id, nv)))
                return r;
        }
        if ((r = fts_refresh(c, K_PARTY, pr->id)))
            return r;
    }
    for (size_t k = 0; k < json_array_size(ms); k++) {
        if ((r = span_of(c, json_array_get(ms, k), "party", i, &a, &z)) ||
            (r = add_mention(c, "party", pr->id, a, z, -1)))
            return r;
    }
    if (gaz && gz(grow, "parent"))
        return ensure_gazetteer_party(c, gz(grow, "parent"), 0);
    return 0;
}

/* A parent named by the gazetteer (the country of a province) exists as a record even
 * when the document does not name it. It has no source of its own. */
static int ensure_gazetteer_party(ctx *c, const char *id, int depth)
{
    long row = gazetteer_row(id);
    if (row < 0 || depth > 4 || written(c, "\x01gazetteer", id))
        return 0;
    head h;
    int r = get_head(c, K_PARTY, id, &h);
    if (r || h.exists)
        return r;
    json_t *p = json_object();
    if (!p)
        return nomem(c);
    if ((r = insert_skeleton(c, K_PARTY, id)) || (r = party_attrs(c, id, p, true, row)) ||
        (r = set_status(c, K_PARTY, id, 1.0, true)) ||
        (r = add_alias(c, "party", id, gz(row, "name_vi"))) ||
        (r = fts_refresh(c, K_PARTY, id))) {
        json_decref(p);
        return r;
    }
    json_decref(p);
    const char *parent = gz(row, "parent");
    return parent && strcmp(parent, id) != 0 ? ensure_gazetteer_party(c, parent, depth + 1) : 0;
}

/* ---- people ---- */

static int person_attrs(ctx *c, const char *id, json_t *p)
{
    const char *name = jstr(p, "name");
    char *f = fold(name);
    if (!f)
        return nomem(c);
    sqlite3_stmt *s = stmt(c, "UPDATE people SET name = ?2, folded = ?3, party = ?4,"
                              " updated = ?5 WHERE id = ?1");
    int r = s ? 0 : c->e->code;
    if (s) {
        st_bind_cstr(s, 1, id);
        st_bind_cstr(s, 2, name);
        st_bind_cstr(s, 3, f);
        st_bind_cstr(s, 4, jstr(p, "party"));
        st_bind_cstr(s, 5, c->now);
        r = run(c, s);
    }
    free(f);
    return r;
}

/* Gives the record the values of its primary source again (after a merge). */
static int reapply_person(ctx *c, const char *id)
{
    sqlite3_stmt *s = stmt(c, "SELECT data, document, span_start, span_end FROM sources"
                              " WHERE record = ?1 ORDER BY document, span_start, span_end LIMIT 1");
    if (!s)
        return c->e->code;
    st_bind_cstr(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? 0 : ht_store_error(c->st, rc, "reading a record", c->e);
    }
    json_error_t je;
    json_t *p = json_loads((const char *)sqlite3_column_text(s, 0), 0, &je);
    char doc[HT_ID_MAX];
    snprintf(doc, sizeof doc, "%s", (const char *)sqlite3_column_text(s, 1));
    long long a = sqlite3_column_int64(s, 2), z = sqlite3_column_int64(s, 3);
    sqlite3_reset(s);
    if (!p)
        return ht_err(c->e, HT_ECORRUPT, "stored source of %s is not JSON: %s", id, je.text);
    int r = person_attrs(c, id, p);
    json_decref(p);
    return r ? r : set_prov(c, K_PERSON, id, doc, a, z);
}

/* Moves everything of person `from` to `to` and deletes `from`. */
static int merge_person(ctx *c, const char *from, const char *to)
{
    static const char *const moves[] = {
        "UPDATE OR IGNORE sources SET record = ?2 WHERE record = ?1",
        "DELETE FROM sources WHERE record = ?1",
        "UPDATE OR IGNORE aliases SET record = ?2 WHERE record = ?1",
        "DELETE FROM aliases WHERE record = ?1",
        "UPDATE OR IGNORE positions SET person = ?2 WHERE person = ?1",
        "UPDATE mentions SET record = ?2 WHERE record = ?1",
        "UPDATE people SET status = CASE WHEN (SELECT status FROM people WHERE id = ?1)"
        " = 'confirmed' THEN 'confirmed' ELSE status END, confidence = max(coalesce(confidence,"
        " -1), coalesce((SELECT confidence FROM people WHERE id = ?1), -1)) WHERE id = ?2",
        "UPDATE people SET confidence = NULL WHERE id = ?2 AND confidence < 0",
        "DELETE FROM people WHERE id = ?1",
    };
    int r = fts_drop(c, from);
    for (size_t i = 0; i < sizeof moves / sizeof moves[0] && !r; i++) {
        sqlite3_stmt *s = stmt(c, moves[i]);
        if (!s)
            return c->e->code;
        st_bind_cstr(s, 1, from);
        st_bind_cstr(s, 2, to);
        r = run(c, s);
    }
    return r;
}

/* The k-th name of a person: its name, then its aliases (NULL where one is no string). */
static const char *name_k(const char *name, json_t *al, size_t k)
{
    return k == 0 ? name : json_string_value(json_array_get(al, k - 1));
}

static int put_person(ctx *c, json_t *p, size_t i)
{
    const char *name = jstr(p, "name");
    if (!json_is_object(p) || !name || !*name)
        return bad(c, "person", i, "no name");
    json_t *al = json_object_get(p, "aliases");
    size_t nal = json_array_size(al);
    char **folded = calloc(2 * (nal + 1), sizeof *folded);
    char **iy = calloc(nal + 1, sizeof *iy); /* the names written with i for y, or NULL */
    char (*found)[HT_ID_MAX] = NULL;
    bool *rev = NULL;
    size_t nf = 0, capf = 0, nfold = 0;
    int r = 0;
    if (!folded || !iy) {
        r = nomem(c);
        goto out;
    }
    for (size_t k = 0; k <= nal && !r; k++) {
        const char *nm = name_k(name, al, k);
        if (nm && iy_variant(nm, &iy[k]))
            r = nomem(c);
    }
    /* the names this person goes by, and the same written with i for y, folded; and the
     * records that share one */
    for (size_t k = 0; k < 2 * (nal + 1) && !r; k++) {
        const char *nm = k <= nal ? name_k(name, al, k) : iy[k - nal - 1];
        if (!nm)
            continue;
        if (!(folded[nfold] = fold(nm))) {
            r = nomem(c);
            break;
        }
        if (!*folded[nfold++])
            continue;
        sqlite3_stmt *s = stmt(c, "SELECT DISTINCT a.record, p.reviewed FROM aliases a"
                                  " JOIN people p ON p.id = a.record"
                                  " WHERE a.kind = 'person' AND a.folded = ?1 ORDER BY 1");
        if (!s) {
            r = c->e->code;
            break;
        }
        st_bind_cstr(s, 1, folded[nfold - 1]);
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            const char *rid = (const char *)sqlite3_column_text(s, 0);
            bool dup = false;
            for (size_t q = 0; q < nf && !dup; q++)
                dup = strcmp(found[q], rid) == 0;
            if (!dup && nf == capf) {
                capf = capf ? 2 * capf : 4;
                void *nf1 = realloc(found, capf * sizeof *found);
                if (nf1)
                    found = nf1;
                void *nr1 = realloc(rev, capf * sizeof *rev);
                if (nr1)
                    rev = nr1;
                if (!nf1 || !nr1) {
                    r = nomem(c);
                    break;
                }
            }
            if (!dup) {
                snprintf(found[nf], HT_ID_MAX, "%s", rid);
                rev[nf++] = sqlite3_column_int(s, 1) != 0;
            }
        }
        sqlite3_reset(s);
        if (!r && rc != SQLITE_DONE)
            r = ht_store_error(c->st, rc, "resolving a person", c->e);
    }
    if (r)
        goto out;
    if (!*folded[0]) {
        r = bad(c, "person", i, "a name without letters");
        goto out;
    }
    char cand[HT_ID_MAX];
    {
        const char *parts[] = {"person", folded[0]};
        size_t lens[] = {6, strlen(folded[0])};
        st_make_id(cand, "per", parts, lens, 2);
    }
    /* The survivor: a reviewed record keeps its id; else the smallest candidate. */
    char target[HT_ID_MAX];
    snprintf(target, sizeof target, "%s", cand);
    bool have_reviewed = false;
    for (size_t q = 0; q < nf; q++) {
        if (rev[q] && (!have_reviewed || strcmp(found[q], target) < 0)) {
            snprintf(target, sizeof target, "%s", found[q]);
            have_reviewed = true;
        }
    }
    if (!have_reviewed)
        for (size_t q = 0; q < nf; q++)
            if (strcmp(found[q], target) < 0)
                snprintf(target, sizeof target, "%s", found[q]);
    head h;
    if ((r = get_head(c, K_PERSON, target, &h)))
        goto out;
    bool merged = false;
    if (!h.exists && nf) {
        /* the smallest id is new: the first record found takes it */
        size_t first = 0;
        for (size_t q = 1; q < nf; q++)
            if (strcmp(found[q], found[first]) < 0)
                first = q;
        if ((r = rename_record(c, K_PERSON, found[first], target)))
            goto out;
        found[first][0] = 0;
        merged = true;
    } else if (!h.exists && (r = insert_skeleton(c, K_PERSON, target)))
        goto out;
    for (size_t q = 0; q < nf && !r; q++) {
        if (!found[q][0] || strcmp(found[q], target) == 0 || rev[q])
            continue;
        r = merge_person(c, found[q], target);
        merged = true;
    }
    if (r || (r = get_head(c, K_PERSON, target, &h)))
        goto out;
    if (merged && !h.reviewed && (r = reapply_person(c, target)))
        goto out;
    if (merged && (r = get_head(c, K_PERSON, target, &h)))
        goto out;

    /* this source, with its party as a registry id */
    json_t *ms = json_object_get(p, "mentions");
    long long a = 0, z = 0;
    if (json_array_size(ms) && (r = span_of(c, json_array_get(ms, 0), "person", i, &a, &z)))
        goto out;
    const char *pl = jstr(p, "party"), *party = party_by_local(c, pl);
    if (!party && pl && gazetteer_row(pl) >= 0) {
        /* a gazetteer code the document's own list does not carry */
        if ((r = ensure_gazetteer_party(c, pl, 0)))
            goto out;
        party = pl;
    }
    json_t *data = json_deep_copy(p);
    if (!data) {
        r = nomem(c);
        goto out;
    }
    json_object_set_new(data, "party", party ? json_string(party) : json_null());
    bool added;
    r = add_source(c, K_PERSON, target, a, z, cand, -1, data, &added);
    if (!r && added && !h.reviewed) {
        if (!h.doc[0] || before(&h, c->doc, a, z)) {
            if (!(r = person_attrs(c, target, data)))
                r = set_prov(c, K_PERSON, target, c->doc, a, z);
        }
        if (!r)
            r = set_status(c, K_PERSON, target, conf_of(p), false);
        for (size_t k = 0; k <= nal && !r; k++) {
            const char *nm = name_k(name, al, k);
            if (nm)
                r = add_alias(c, "person", target, nm);
            if (!r && iy[k])
                r = add_alias(c, "person", target, iy[k]);
        }
        json_t *titles = json_object_get(p, "titles");
        for (size_t k = 0; k < json_array_size(titles) && !r; k++) {
            const char *t = json_string_value(json_array_get(titles, k));
            if (!t || !*t)
                continue;
            sqlite3_stmt *s = stmt(c, "INSERT OR IGNORE INTO positions (person, title, party,"
                                      " document) VALUES (?1, ?2, ?3, ?4)");
            if (!s) {
                r = c->e->code;
                break;
            }
            st_bind_cstr(s, 1, target);
            st_bind_cstr(s, 2, t);
            st_bind_cstr(s, 3, party ? party : "");
            st_bind_cstr(s, 4, c->doc);
            r = run(c, s);
        }
    }
    json_decref(data);
    if (!r && (merged || !h.reviewed))
        r = fts_refresh(c, K_PERSON, target);
    for (size_t k = 0; k < json_array_size(ms) && !r; k++) {
        if (!(r = span_of(c, json_array_get(ms, k), "person", i, &a, &z)))
            r = add_mention(c, "person", target, a, z, -1);
    }
out:
    for (size_t k = 0; k < nfold; k++)
        free(folded[k]);
    free(folded);
    for (size_t k = 0; iy && k <= nal; k++)
        free(iy[k]);
    free(iy);
    free(found);
    free(rev);
    return r;
}

/* ---- agreements and activities ---- */

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A day, with its year (YYYY-MM-DD) or without (--MM-DD): a date events are matched
 * by. */
static bool day_date(const char *date)
{
    static const char *const forms[] = {"dddd-dd-dd", "--dd-dd"};
    for (size_t f = 0; date && f < 2; f++) {
        size_t i = 0;
        for (; forms[f][i] && date[i]; i++)
            if (forms[f][i] == 'd' ? !isdigit((unsigned char)date[i]) : date[i] != forms[f][i])
                break;
        if (!forms[f][i] && !date[i])
            return true;
    }
    return false;
}

/* kind|date|sorted parties (registry ids, or "?" + folded name when unresolved); NULL
 * when the record cannot be matched across documents (no day, or too few parties). A
 * day without a year ("--06-05": no evidence of the year in the article) matches the
 * same day without a year only. */
static char *key_of(ctx *c, const char *kind, const char *date, json_t *names, size_t min)
{
    size_t n = json_array_size(names);
    if (n < min)
        return NULL;
    char **v = calloc(n + 1, sizeof *v);
    if (!v)
        return NULL;
    ht_buf b = {0};
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *nm = json_string_value(json_array_get(names, i));
        if (!nm)
            continue;
        const char *id = party_by_name(c, nm);
        if (id)
            v[k++] = strdup(id);
        else {
            char *f = fold(nm);
            if (f) {
                size_t l = strlen(f);
                v[k] = malloc(l + 2);
                if (v[k]) {
                    v[k][0] = '?';
                    memcpy(v[k] + 1, f, l + 1);
                    k++;
                }
                free(f);
            }
        }
    }
    qsort(v, k, sizeof *v, cmp_cstr);
    int err = ht_buf_printf(&b, "%s|%s|", kind, date);
    for (size_t i = 0; i < k; i++) {
        if (i && strcmp(v[i], v[i - 1]) == 0)
            continue;
        err |= ht_buf_printf(&b, "%s%s", i ? "," : "", v[i]);
    }
    for (size_t i = 0; i < k; i++)
        free(v[i]);
    free(v);
    if (err || k < min) {
        ht_buf_free(&b);
        return NULL;
    }
    return ht_buf_take(&b);
}

static char *match_key(ctx *c, const char *kind, const char *date, json_t *names, size_t min)
{
    return day_date(date) ? key_of(c, kind, date, names, min) : NULL;
}

/* The province (or country) a gazetteer party belongs to: itself for a province or a
 * country, its province for a city or district; NULL for others. */
static const char *unit_of(const char *id)
{
    for (int depth = 0; id && depth < 4; depth++) {
        long row = gazetteer_row(id);
        const char *kind = gz(row, "kind"), *parent = gz(row, "parent");
        if (!kind)
            return NULL;
        if (!strcmp(kind, "province") || !strcmp(kind, "country"))
            return gz(row, "id");
        id = parent && strcmp(parent, id) ? parent : NULL;
    }
    return NULL;
}

/* The kinds one visit is told as: the guests' visit, the hosts' reception, their talks
 * and working sessions of one day are one activity. */
static const char *event_class(const char *kind, size_t n)
{
    static const char *const visit[] = {"reception", "talks", "working_session"};
    for (size_t i = 0; i < sizeof visit / sizeof visit[0]; i++)
        if (strlen(visit[i]) == n && !strncmp(kind, visit[i], n))
            return "visit";
    return NULL;
}

char *st_event_key(const char *exact)
{
    const char *p1 = exact ? strchr(exact, '|') : NULL, *p2 = p1 ? strchr(p1 + 1, '|') : NULL;
    if (!p2)
        return exact ? strdup(exact) : NULL;
    const char *cls = event_class(exact, (size_t)(p1 - exact));
    int kn = cls ? (int)strlen(cls) : (int)(p1 - exact);
    if (!cls)
        cls = exact;
    const char *units[64];
    size_t n = 0;
    for (const char *q = p2 + 1; *q && n < 64;) {
        size_t len = strcspn(q, ",");
        char id[HT_ID_MAX];
        snprintf(id, sizeof id, "%.*s", (int)(len < HT_ID_MAX ? len : HT_ID_MAX - 1), q);
        const char *u = id[0] != '?' ? unit_of(id) : NULL;
        bool seen = false;
        for (size_t i = 0; u && i < n && !seen; i++)
            seen = !strcmp(units[i], u);
        if (u && !seen)
            units[n++] = u;
        q += len + (q[len] == ',');
    }
    /* a country goes when one of its provinces is there: one article names the
     * country, another does not */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool covered = false;
        if (!strcmp(gz(gazetteer_row(units[i]), "kind"), "country"))
            for (size_t j = 0; j < n && !covered; j++)
                covered = j != i && gz(gazetteer_row(units[j]), "country") &&
                          !strcmp(gz(gazetteer_row(units[j]), "country"), units[i]) &&
                          strcmp(units[j], units[i]);
        if (!covered)
            units[k++] = units[i];
    }
    ht_buf b = {0};
    int err = ht_buf_printf(&b, "%.*s", kn, cls);
    if (k < 2)
        err |= ht_buf_printf(&b, "%s", p1);
    else {
        qsort(units, k, sizeof *units, cmp_cstr);
        err |= ht_buf_printf(&b, "%.*s", (int)(p2 + 1 - p1), p1);
        for (size_t i = 0; i < k; i++)
            err |= ht_buf_printf(&b, "%s%s", i ? "," : "", units[i]);
    }
    if (err) {
        ht_buf_free(&b);
        return NULL;
    }
    return ht_buf_take(&b);
}

int st_rekey_events(ht_store *st, ht_error *e)
{
    static const char *const sel[] = {
        "SELECT id, match_key FROM agreements WHERE match_key IS NOT NULL ORDER BY id",
        "SELECT id, match_key FROM activities WHERE match_key IS NOT NULL ORDER BY id"};
    static const char *const upd[] = {
        "UPDATE OR IGNORE agreements SET match_key = ?2 WHERE id = ?1",
        "UPDATE OR IGNORE activities SET match_key = ?2 WHERE id = ?1"};
    for (int t = 0; t < 2; t++) {
        sqlite3_stmt *s = st_stmt(st, sel[t], e);
        if (!s)
            return e->code;
        char (*ids)[HT_ID_MAX] = NULL, **keys = NULL;
        size_t n = 0;
        int rc, r = 0;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            void *a = realloc(ids, (n + 1) * HT_ID_MAX), *b = realloc(keys, (n + 1) * sizeof *keys);
            if (a)
                ids = a;
            if (b)
                keys = b;
            if (!a || !b) {
                r = ht_err(e, HT_ENOMEM, "out of memory");
                break;
            }
            snprintf(ids[n], HT_ID_MAX, "%s", (const char *)sqlite3_column_text(s, 0));
            keys[n++] = st_event_key((const char *)sqlite3_column_text(s, 1));
        }
        sqlite3_reset(s);
        if (!r && rc != SQLITE_DONE)
            r = ht_store_error(st, rc, "reading match keys", e);
        /* the first record by id keeps a key two now share; the other keeps none */
        for (size_t i = 0; i < n && !r; i++) {
            if (!(s = st_stmt(st, t ? "UPDATE activities SET match_key = NULL WHERE id = ?1"
                                          : "UPDATE agreements SET match_key = NULL WHERE id = ?1", e)))
                r = e->code;
            if (!r) {
                st_bind_cstr(s, 1, ids[i]);
                r = st_run(st, s, e);
            }
        }
        for (size_t i = 0; i < n && !r; i++) {
            if (!(s = st_stmt(st, upd[t], e))) {
                r = e->code;
                break;
            }
            st_bind_cstr(s, 1, ids[i]);
            st_bind_cstr(s, 2, keys[i]);
            r = st_run(st, s, e);
        }
        for (size_t i = 0; i < n; i++)
            free(keys[i]);
        free(ids);
        free(keys);
        if (r)
            return r;
    }
    return 0;
}

/* An agreement told of without its day ("the agreement of Quảng Ninh and Phúc Kiến")
 * is the one known agreement of its kind between the same localities (of the year the
 * report gives, if any): *key becomes that record's key. With none or several, all
 * reports without a date share one record under the key kind|-|provinces, which the
 * first report giving the day takes over (*take: re-key the record once resolved), so
 * that the order the articles come in does not matter. */
static int agreement_key(ctx *c, const char *kind, const char *date, json_t *names, char **key,
                         bool *take)
{
    *take = false;
    char *loose = key_of(c, kind, "-", names, 2);
    char *pair = loose ? st_event_key(loose) : NULL;
    free(loose);
    if (!pair)
        return 0;
    size_t kl = strlen(kind) + 1; /* "kind|" */
    /* localities only: two countries, or a company, sign many agreements */
    for (const char *q = pair + kl + 2; *q; q += strcspn(q, ",") + (q[strcspn(q, ",")] == ',')) {
        if (!isupper((unsigned char)q[0]) || !isupper((unsigned char)q[1]) || q[2] != '-') {
            free(pair);
            return 0;
        }
    }
    /* the dated records of the pair: kind|DATE|provinces */
    sqlite3_stmt *s = stmt(c, "SELECT match_key FROM agreements WHERE match_key > ?1 AND"
                              " match_key < ?1 || x'7f' AND substr(match_key, -length(?2)) = ?2"
                              " AND match_key <> ?3 ORDER BY match_key LIMIT 2");
    if (!s) {
        free(pair);
        return c->e->code;
    }
    sqlite3_bind_text(s, 1, pair, (int)kl, SQLITE_TRANSIENT);
    st_bind_cstr(s, 2, pair + kl + 1);
    st_bind_cstr(s, 3, pair);
    char *dated = NULL;
    int n = 0, rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (n++ == 0)
            dated = strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_reset(s);
    int r = 0;
    if (rc != SQLITE_DONE)
        r = ht_store_error(c->st, rc, "finding an agreement", c->e);
    else if (n == 1 && !dated)
        r = nomem(c);
    else if (!*key) {
        if (n == 1 && (!date || !strncmp(dated + kl, date, strlen(date)))) {
            *key = dated; /* the one known agreement */
            dated = NULL;
        } else if (!date) {
            *key = pair; /* the record of the reports without a date */
            pair = NULL;
        }
    } else if (n == 0) {
        /* the first report with the day takes the record of those without it */
        if (!(s = stmt(c, "SELECT 1 FROM agreements WHERE match_key = ?1")))
            r = c->e->code;
        else {
            st_bind_cstr(s, 1, pair);
            rc = sqlite3_step(s);
            sqlite3_reset(s);
            if (rc == SQLITE_ROW) {
                free(*key);
                *key = pair;
                pair = NULL;
                *take = true;
            } else if (rc != SQLITE_DONE)
                r = ht_store_error(c->st, rc, "finding an agreement", c->e);
        }
    }
    free(pair);
    free(dated);
    return r;
}

/* Finds the record for an event: by match key, else the source's own candidate id.
 * Renames a matched record when this source's candidate is smaller. */
static int resolve_event(ctx *c, kind_t k, const char *key, const char *cand, char *target,
                         head *h)
{
    snprintf(target, HT_ID_MAX, "%s", cand);
    int r;
    if (key) {
        sqlite3_stmt *s = stmt(c, k == K_AGREEMENT
                                      ? "SELECT id FROM agreements WHERE match_key = ?1"
                                      : "SELECT id FROM activities WHERE match_key = ?1");
        if (!s)
            return c->e->code;
        st_bind_cstr(s, 1, key);
        int rc = sqlite3_step(s);
        if (rc == SQLITE_ROW)
            snprintf(target, HT_ID_MAX, "%s", (const char *)sqlite3_column_text(s, 0));
        sqlite3_reset(s);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return ht_store_error(c->st, rc, "resolving an event", c->e);
    }
    if ((r = follow(c, k, target, h)))
        return r;
    if (h->exists && !h->reviewed && strcmp(cand, target) < 0) {
        if ((r = rename_record(c, k, target, cand)))
            return r;
        snprintf(target, HT_ID_MAX, "%s", cand);
        return get_head(c, k, target, h);
    }
    if (!h->exists) {
        if ((r = insert_skeleton(c, k, target)))
            return r;
        sqlite3_stmt *s = stmt(c, k == K_AGREEMENT
                                      ? "UPDATE agreements SET match_key = ?2 WHERE id = ?1"
                                      : "UPDATE activities SET match_key = ?2 WHERE id = ?1");
        if (!s)
            return c->e->code;
        st_bind_cstr(s, 1, target);
        st_bind_cstr(s, 2, key);
        return run(c, s);
    }
    return 0;
}

static int event_parties(ctx *c, kind_t k, const char *id, json_t *names)
{
    for (size_t i = 0; i < json_array_size(names); i++) {
        const char *nm = json_string_value(json_array_get(names, i));
        if (!nm || !*nm)
            continue;
        const char *pid = party_by_name(c, nm);
        int r;
        if (pid && (r = ensure_gazetteer_party(c, pid, 0)))
            return r;
        sqlite3_stmt *s = stmt(c, k == K_AGREEMENT
                                      ? "INSERT OR IGNORE INTO agreement_parties (agreement,"
                                        " name, party) VALUES (?1, ?2, (SELECT id FROM parties"
                                        " WHERE id = ?3))"
                                      : "INSERT OR IGNORE INTO activity_parties (activity,"
                                        " name, party) VALUES (?1, ?2, (SELECT id FROM parties"
                                        " WHERE id = ?3))");
        if (!s)
            return c->e->code;
        st_bind_cstr(s, 1, id);
        st_bind_cstr(s, 2, nm);
        st_bind_cstr(s, 3, pid);
        if ((r = run(c, s)))
            return r;
    }
    return 0;
}

static int agreement_attrs(ctx *c, const char *id, json_t *a)
{
    json_t *term = json_object_get(a, "term");
    json_t *tf = json_object_get(term, "from"), *tt = json_object_get(term, "to");
    json_t *td = json_object_get(a, "tasks_declared");
    /* a report without the day keeps the day another report gave */
    sqlite3_stmt *s = stmt(c, "UPDATE agreements SET kind = ?2, title = ?3, signed = coalesce(?4, signed),"
                              " signed_inferred = iif(?4 IS NULL, signed_inferred, ?5), place = ?6,"
                              " term_from = ?7, term_to = ?8,"
                              " tasks_declared = ?9, updated = ?10 WHERE id = ?1");
    if (!s)
        return c->e->code;
    st_bind_cstr(s, 1, id);
    st_bind_cstr(s, 2, jstr(a, "kind") ? jstr(a, "kind") : "other");
    st_bind_cstr(s, 3, jstr(a, "title"));
    st_bind_cstr(s, 4, jstr(a, "signed"));
    sqlite3_bind_int(s, 5, json_is_true(json_object_get(a, "signed_inferred")));
    st_bind_cstr(s, 6, jstr(a, "place"));
    if (json_is_integer(tf))
        sqlite3_bind_int64(s, 7, json_integer_value(tf));
    if (json_is_integer(tt))
        sqlite3_bind_int64(s, 8, json_integer_value(tt));
    if (json_is_integer(td))
        sqlite3_bind_int64(s, 9, json_integer_value(td));
    st_bind_cstr(s, 10, c->now);
    int r = run(c, s);
    if (r)
        return r;
    if (!(s = stmt(c, "DELETE FROM tasks WHERE agreement = ?1")))
        return c->e->code;
    st_bind_cstr(s, 1, id);
    if ((r = run(c, s)))
        return r;
    json_t *tasks = json_object_get(a, "tasks");
    for (size_t i = 0; i < json_array_size(tasks); i++) {
        const char *t = json_string_value(json_array_get(tasks, i));
        if (!t)
            continue;
        if (!(s = stmt(c, "INSERT INTO tasks (agreement, n, text) VALUES (?1, ?2, ?3)")))
            return c->e->code;
        st_bind_cstr(s, 1, id);
        sqlite3_bind_int64(s, 2, (long long)i + 1);
        st_bind_cstr(s, 3, t);
        if ((r = run(c, s)))
            return r;
    }
    return 0;
}

static int activity_attrs(ctx *c, const char *id, json_t *a)
{
    sqlite3_stmt *s = stmt(c, "UPDATE activities SET kind = ?2, date = ?3, date_inferred = ?4,"
                              " place = ?5, agreement = (SELECT id FROM agreements WHERE id = ?6),"
                              " updated = ?7 WHERE id = ?1");
    if (!s)
        return c->e->code;
    st_bind_cstr(s, 1, id);
    st_bind_cstr(s, 2, jstr(a, "kind") ? jstr(a, "kind") : "other");
    st_bind_cstr(s, 3, jstr(a, "date"));
    sqlite3_bind_int(s, 4, json_is_true(json_object_get(a, "date_inferred")));
    st_bind_cstr(s, 5, jstr(a, "place"));
    st_bind_cstr(s, 6, jstr(a, "agreement"));
    st_bind_cstr(s, 7, c->now);
    return run(c, s);
}

static int put_event(ctx *c, kind_t k, json_t *a, size_t i)
{
    const char *what = KINDS[k].kind;
    if (!json_is_object(a))
        return bad(c, what, i, "not an object");
    const char *kind = jstr(a, "kind") ? jstr(a, "kind") : "other";
    long long s0, s1;
    int r = span_of(c, json_object_get(a, "evidence"), what, i, &s0, &s1);
    if (r)
        return r;
    char cand[HT_ID_MAX], sa[24], sz[24];
    snprintf(sa, sizeof sa, "%lld", s0);
    snprintf(sz, sizeof sz, "%lld", s1);
    const char *parts[] = {c->doc, what, kind, sa, sz};
    size_t lens[] = {strlen(c->doc), strlen(what), strlen(kind), strlen(sa), strlen(sz)};
    st_make_id(cand, KINDS[k].pfx, parts, lens, 5);

    json_t *names = json_object_get(a, "parties");
    char *exact = match_key(c, kind, jstr(a, k == K_AGREEMENT ? "signed" : "date"), names,
                            k == K_AGREEMENT ? 2 : 1);
    char *key = exact ? st_event_key(exact) : NULL;
    bool take = false;
    if (k == K_AGREEMENT && (!exact || key) &&
        (r = agreement_key(c, kind, jstr(a, "signed"), names, &key, &take))) {
        free(exact);
        free(key);
        return r;
    }
    char target[HT_ID_MAX];
    head h;
    r = resolve_event(c, k, key, cand, target, &h);
    free(key);
    if (!r && take) {
        /* the record of the reports without the day takes this one's key */
        char *dated = st_event_key(exact);
        sqlite3_stmt *s = dated ? stmt(c, "UPDATE agreements SET match_key = ?2 WHERE id = ?1") : NULL;
        if (!dated)
            r = nomem(c);
        else if (!s)
            r = c->e->code;
        else {
            st_bind_cstr(s, 1, target);
            st_bind_cstr(s, 2, dated);
            r = run(c, s);
        }
        free(dated);
    }
    free(exact);
    if (r)
        return r;
    if (k == K_AGREEMENT && i < c->nagreements)
        snprintf(c->agreements[i], HT_ID_MAX, "%s", target);

    json_t *data = json_deep_copy(a);
    if (!data)
        return nomem(c);
    if (k == K_ACTIVITY) {
        /* the agreement as a registry id instead of an index into this document */
        json_t *ag = json_object_get(a, "agreement");
        long long ai = json_is_integer(ag) ? json_integer_value(ag) : -1;
        json_object_set_new(data, "agreement",
                            ai >= 0 && (size_t)ai < c->nagreements && c->agreements[ai][0]
                                ? json_string(c->agreements[ai])
                                : json_null());
    }
    double conf = conf_of(a);
    bool added;
    r = add_source(c, k, target, s0, s1, cand, conf, data, &added);
    if (!r && added && !h.reviewed) {
        if (!h.doc[0] || before(&h, c->doc, s0, s1)) {
            r = k == K_AGREEMENT ? agreement_attrs(c, target, data) : activity_attrs(c, target, data);
            if (!r)
                r = set_prov(c, k, target, c->doc, s0, s1);
        } else if (k == K_AGREEMENT && jstr(data, "signed")) {
            /* the day a report without it left out */
            sqlite3_stmt *s = stmt(c, "UPDATE agreements SET signed = ?2, signed_inferred = ?3"
                                      " WHERE id = ?1 AND signed IS NULL");
            if (!s)
                r = c->e->code;
            else {
                st_bind_cstr(s, 1, target);
                st_bind_cstr(s, 2, jstr(data, "signed"));
                sqlite3_bind_int(s, 3, json_is_true(json_object_get(data, "signed_inferred")));
                r = run(c, s);
            }
        }
        if (!r)
            r = set_status(c, k, target, conf, false);
        if (!r)
            r = event_parties(c, k, target, names);
        if (k == K_AGREEMENT) {
            if (!r)
                r = union_column(c, "SELECT fields FROM agreements WHERE id = ?1",
                                 "UPDATE agreements SET fields = ?2 WHERE id = ?1", target,
                                 json_object_get(a, "fields"));
        } else {
            static const char *const cols[][3] = {
                {"kinds", "SELECT kinds FROM activities WHERE id = ?1",
                 "UPDATE activities SET kinds = ?2 WHERE id = ?1"},
                {"fields", "SELECT fields FROM activities WHERE id = ?1",
                 "UPDATE activities SET fields = ?2 WHERE id = ?1"},
                {"participants", "SELECT participants FROM activities WHERE id = ?1",
                 "UPDATE activities SET participants = ?2 WHERE id = ?1"},
                {"commitments", "SELECT commitments FROM activities WHERE id = ?1",
                 "UPDATE activities SET commitments = ?2 WHERE id = ?1"},
            };
            for (size_t q = 0; q < 4 && !r; q++)
                r = union_column(c, cols[q][1], cols[q][2], target,
                                 json_object_get(a, cols[q][0]));
        }
        if (!r)
            r = fts_refresh(c, k, target);
    }
    json_decref(data);
    if (!r)
        r = add_mention(c, what, target, s0, s1, conf);
    return r;
}

/* A signing whose own report names no agreement is linked to the known agreement
 * signed that day by the same provinces (the smallest id when several are), so that a
 * later article telling of the signing points at the agreement an earlier one
 * reported. Done again, for the days of the signings and agreements this document
 * reports (the links change only with the agreements), after each document:
 * the links depend on the records, not on the order the articles came in. A link the
 * report itself makes, and records a person reviewed, are left alone. */
static int link_signings(ctx *c, bool reported)
{
    if (!reported) {
        /* no agreement or activity in this report: the dates below come from the
         * document's sources of those kinds, and when it has none there is nothing to
         * do (most articles report no event) */
        sqlite3_stmt *q = stmt(c, "SELECT 1 FROM sources WHERE document = ?1"
                                  " AND kind IN ('activity', 'agreement') LIMIT 1");
        if (!q)
            return c->e->code;
        st_bind_cstr(q, 1, c->doc);
        int rc = sqlite3_step(q);
        sqlite3_reset(q);
        if (rc == SQLITE_DONE)
            return 0;
        if (rc != SQLITE_ROW)
            return ht_store_error(c->st, rc, "reading sources", c->e);
    }
    sqlite3_stmt *s = stmt(c,
        "UPDATE activities AS a SET agreement = (SELECT min(g.id) FROM agreements g"
        "  WHERE g.signed = a.date AND g.status IN ('proposed', 'confirmed')"
        "  AND substr(g.match_key, instr(g.match_key, '|') + 1) ="
        "      substr(a.match_key, instr(a.match_key, '|') + 1))"
        " WHERE a.reviewed = 0 AND a.kind = 'signing' AND a.match_key IS NOT NULL"
        " AND a.date IN (SELECT x.date FROM activities x JOIN sources s ON s.record = x.id"
        "   WHERE s.document = ?1 AND s.kind = 'activity' AND x.kind = 'signing'"
        "   UNION SELECT g.signed FROM agreements g JOIN sources s ON s.record = g.id"
        "   WHERE s.document = ?1 AND s.kind = 'agreement')"
        /* the link changes (most signings have no agreement that day): tested
         * before the report is read */
        " AND a.agreement IS NOT (SELECT min(g.id) FROM agreements g"
        "  WHERE g.signed = a.date AND g.status IN ('proposed', 'confirmed')"
        "  AND substr(g.match_key, instr(g.match_key, '|') + 1) ="
        "      substr(a.match_key, instr(a.match_key, '|') + 1))"
        " AND json_extract((SELECT p.data FROM sources p WHERE p.record = a.id"
        "   AND p.document = a.document AND p.span_start = a.span_start"
        "   AND p.span_end = a.span_end), '$.agreement') IS NULL");
    if (!s)
        return c->e->code;
    st_bind_cstr(s, 1, c->doc);
    return run(c, s);
}

/* ---- entry point ---- */

static int array_of(ctx *c, json_t *root, const char *key, json_t **out)
{
    *out = json_object_get(root, key);
    if (*out && !json_is_array(*out) && !json_is_null(*out))
        return ht_err(c->e, HT_EFORMAT, "extracted \"%s\" is not an array", key);
    return 0;
}

int ht_store_put_extracted(ht_store *st, const char *doc_id, const char *json, size_t n,
                           double auto_confirm, ht_store_counts *counts, ht_error *e)
{
    json_error_t je;
    json_t *root = json_loadb(json, n, 0, &je);
    if (!root)
        return ht_err(e, HT_EFORMAT, "extracted records: line %d column %d: %s", je.line,
                      je.column, je.text);
    int r = ht_store_put_extracted_parsed(st, doc_id, root, auto_confirm, counts, e);
    json_decref(root);
    return r;
}

int ht_store_put_extracted_parsed(ht_store *st, const char *doc_id, json_t *root,
                                  double auto_confirm, ht_store_counts *counts, ht_error *e)
{
    ctx c = {.st = st, .doc = doc_id, .auto_confirm = auto_confirm, .counts = counts, .e = e,
             .queue = st->fts_batch};
    ht_store_now(c.now);
    json_t *parties, *people, *agreements, *activities;
    int r = 0;
    if (!json_is_object(root))
        r = ht_err(e, HT_EFORMAT, "extracted records are not a JSON object");
    if (!r && !(r = array_of(&c, root, "parties", &parties)) &&
        !(r = array_of(&c, root, "people", &people)) &&
        !(r = array_of(&c, root, "agreements", &agreements)))
        r = array_of(&c, root, "activities", &activities);
    if (!r) {
        sqlite3_stmt *s = st_stmt(st, "SELECT length(orig) FROM documents WHERE id = ?1", e);
        if (!s)
            r = e->code;
        else {
            st_bind_cstr(s, 1, doc_id);
            int rc = sqlite3_step(s);
            if (rc == SQLITE_ROW)
                c.doc_len = sqlite3_column_int64(s, 0);
            sqlite3_reset(s);
            if (rc != SQLITE_ROW)
                r = rc == SQLITE_DONE ? ht_err(e, HT_ENOTFOUND, "no document %s", doc_id)
                                      : ht_store_error(st, rc, "reading a document", e);
        }
    }
    if (!r)
        r = map_parties(&c, parties);
    for (size_t i = 0; !r && i < json_array_size(parties); i++)
        r = put_party(&c, json_array_get(parties, i), i);
    for (size_t i = 0; !r && i < json_array_size(people); i++)
        r = put_person(&c, json_array_get(people, i), i);
    if (!r && json_array_size(agreements)) {
        c.nagreements = json_array_size(agreements);
        if (!(c.agreements = calloc(c.nagreements, sizeof *c.agreements)))
            r = nomem(&c);
    }
    for (size_t i = 0; !r && i < json_array_size(agreements); i++)
        r = put_event(&c, K_AGREEMENT, json_array_get(agreements, i), i);
    for (size_t i = 0; !r && i < json_array_size(activities); i++)
        r = put_event(&c, K_ACTIVITY, json_array_get(activities, i), i);
    if (!r)
        r = link_signings(&c, json_array_size(agreements) || json_array_size(activities));
    for (size_t i = 0; i < c.nparties; i++)
        free(c.parties[i].folded);
    free(c.parties);
    free(c.agreements);
    return r;
}

/* ---- for the other files of the layer ---- */

int st_fts_refresh(ht_store *st, int kind, const char *id, ht_error *e)
{
    ctx c = {.st = st, .e = e};
    return fts_refresh(&c, (kind_t)kind, id);
}

int st_ensure_gazetteer_party(ht_store *st, const char *id, ht_error *e)
{
    ctx c = {.st = st, .e = e};
    ht_store_now(c.now);
    return ensure_gazetteer_party(&c, id, 0);
}

long st_gazetteer_row(const char *id) { return gazetteer_row(id); }

const char *st_gz(long row, const char *col) { return gz(row, col); }

char *st_fold(const char *s) { return fold(s); }

int st_add_alias(ht_store *st, const char *kind, const char *id, const char *alias, ht_error *e)
{
    ctx c = {.st = st, .e = e};
    return add_alias(&c, kind, id, alias);
}

char *st_json_union_text(const char *a, const char *b)
{
    json_error_t je;
    json_t *add = b ? json_loads(b, 0, &je) : NULL;
    char *u = json_union(a, add);
    json_decref(add);
    return u;
}

/* The records' full-text rows of a flush: taken out (rowids), then put back (rows in
 * the order of their rowids: FTS5 writes what it holds to disk whenever a rowid comes
 * after a larger one), a statement each (st_rows_run). */
typedef struct {
    long long rowid;
    kind_t kind;
    char id[HT_ID_MAX];
    char *names, *text;
} rec_row;

static long long take_rowid(const void *ud, size_t i) { return ((const long long *)ud)[i]; }

static long long rec_row_rowid(const void *ud, size_t i) { return ((const rec_row *)ud)[i].rowid; }

/* id, kind, names, text */
static const char *rec_row_text(const void *ud, size_t i, int col)
{
    const rec_row *w = (const rec_row *)ud + i;
    return col == 1 ? w->id : col == 2 ? KIND_WORD[w->kind] : col == 3 ? w->names
                                                             : col == 4 ? w->text : NULL;
}

static int cmp_touched(const void *a, const void *b)
{
    return strcmp(((const struct st_touched *)a)->id, ((const struct st_touched *)b)->id);
}

static int cmp_rowid(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

static int cmp_rec_row(const void *a, const void *b)
{
    return cmp_rowid(&((const rec_row *)a)->rowid, &((const rec_row *)b)->rowid);
}

int st_record_queue_flush(ht_store *st, ht_error *e)
{
    /* the records changed since the last flush, and those with a source in a document
     * waiting for the index */
    sqlite3_stmt *s = st_stmt(st, "SELECT DISTINCT s.record, s.kind FROM sources s"
                                  " WHERE s.document IN (SELECT d.id FROM documents d"
                                  " WHERE d.rid IN (SELECT rid FROM fts_queue))", e);
    if (!s)
        return e->code;
    int rc, r = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *kw = (const char *)sqlite3_column_text(s, 1);
        int kind = -1;
        for (int k = 0; k <= K_ACTIVITY; k++)
            if (!strcmp(kw, KINDS[k].kind))
                kind = k;
        if (kind >= 0 && (r = touch(st, kind, (const char *)sqlite3_column_text(s, 0), e)))
            break;
    }
    sqlite3_reset(s);
    if (!r && rc != SQLITE_DONE)
        r = ht_store_error(st, rc, "reading the sources of new documents", e);
    struct st_touched *ids = st->touched.v;
    size_t n = 0;
    if (!r && st->touched.n) {
        qsort(ids, st->touched.n, sizeof *ids, cmp_touched);
        for (size_t i = 0; i < st->touched.n; i++)
            if (!n || strcmp(ids[n - 1].id, ids[i].id) != 0)
                ids[n++] = ids[i];
    }
    st->touched.n = 0;
    rec_row *put_rows = NULL;
    long long *take = NULL;
    size_t nput = 0, ntake = 0;
    if (!r && n && (!(put_rows = calloc(n, sizeof *put_rows)) || !(take = calloc(n, sizeof *take))))
        r = ht_err(e, HT_ENOMEM, "out of memory");
    ctx c = {.st = st, .e = e};
    for (size_t i = 0; i < n && !r; i++) {
        bool drop, put;
        char *names, *text;
        kind_t kind = (kind_t)ids[i].kind;
        r = fts_plan(&c, kind, ids[i].id, &drop, &put, &names, &text);
        long long rowid = st_rowid_of(ids[i].id, strlen(ids[i].id));
        if (!r && drop)
            take[ntake++] = rowid;
        if (!r && put) {
            rec_row *w = &put_rows[nput++];
            w->rowid = rowid;
            w->kind = kind;
            snprintf(w->id, sizeof w->id, "%s", ids[i].id);
            w->names = names;
            w->text = text;
        } else {
            free(names);
            free(text);
        }
    }
    if (!r) {
        if (ntake)
            qsort(take, ntake, sizeof *take, cmp_rowid);
        if (nput)
            qsort(put_rows, nput, sizeof *put_rows, cmp_rec_row);
        st_rows out = {ntake, take_rowid, NULL, take}, in = {nput, rec_row_rowid, rec_row_text, put_rows};
        r = st_rows_run(st, ST_ROWS_CTE " DELETE FROM record_fts WHERE rowid IN"
                                        " (SELECT hoptac_row(i, 0) FROM k)", &out, e);
        if (!r)
            r = st_rows_run(st, ST_ROWS_CTE " INSERT INTO record_fts (rowid, id, kind, names, text)"
                                            " SELECT hoptac_row(i, 0), hoptac_row(i, 1),"
                                            " hoptac_row(i, 2), hoptac_row(i, 3), hoptac_row(i, 4)"
                                            " FROM k", &in, e);
    }
    for (size_t i = 0; i < nput; i++) {
        free(put_rows[i].names);
        free(put_rows[i].text);
    }
    free(put_rows);
    free(take);
    return r;
}
