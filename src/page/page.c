/* Documents from bytes, files, directories and JSON Lines: format detection, the
 * document's life cycle, and reading paths. The formats themselves live in
 * text_blocks.c (plain text, markdown-ish, JSON Lines text) and html.c. */
#include "page_int.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *ht_block_class_name(ht_block_class c)
{
    switch (c) {
    case HT_BLK_TITLE: return "title";
    case HT_BLK_LEAD: return "lead";
    case HT_BLK_BODY: return "body";
    case HT_BLK_CAPTION: return "caption";
    case HT_BLK_CAPTION_OTHER: return "caption-other";
    case HT_BLK_BYLINE: return "byline";
    case HT_BLK_BOILERPLATE: return "boilerplate";
    }
    return "?";
}

const char *ht_page_format_name(ht_format f)
{
    switch (f) {
    case HT_FMT_AUTO: return "auto";
    case HT_FMT_TEXT: return "text";
    case HT_FMT_MARKDOWN: return "markdown";
    case HT_FMT_HTML: return "html";
    case HT_FMT_JSONL: return "jsonl";
    }
    return "?";
}

bool ht_block_feeds_extraction(ht_block_class c)
{
    return c == HT_BLK_TITLE || c == HT_BLK_LEAD || c == HT_BLK_BODY || c == HT_BLK_CAPTION ||
           c == HT_BLK_CAPTION_OTHER;
}

int ht_pg_blocks_push(ht_pg_blocks *b, const ht_block *in)
{
    /* A cut inside a word that normalisation changed (an NFD word glued to the next
     * sentence) maps both sides to the word's edges: keep the spans in order. */
    ht_block x = *in, *blk = &x;
    if (b->n && x.orig_start < b->v[b->n - 1].orig_end)
        x.orig_start = b->v[b->n - 1].orig_end;
    if (x.orig_end < x.orig_start)
        x.orig_end = x.orig_start;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        ht_block *v = realloc(b->v, cap * sizeof *v);
        if (!v)
            return HT_ENOMEM;
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n++] = *blk;
    return 0;
}

int ht_pg_blocks_finish(ht_pg_blocks *b, ht_doc *doc)
{
    int rc = 0;
    doc->nblocks = 0;
    doc->blocks = NULL;
    if (b->n) {
        doc->blocks = ht_arena_alloc(&doc->arena, b->n * sizeof *b->v);
        if (doc->blocks) {
            memcpy(doc->blocks, b->v, b->n * sizeof *b->v);
            doc->nblocks = b->n;
        } else
            rc = HT_ENOMEM;
    }
    free(b->v);
    memset(b, 0, sizeof *b);
    return rc;
}

int ht_pg_set_text(ht_doc *doc, ht_error *e)
{
    ht_buf t = {0};
    int rc = ht_text_normalize(doc->orig, doc->orig_n, &t, &doc->map, e);
    if (rc) {
        ht_buf_free(&t);
        return rc;
    }
    doc->text = ht_arena_strndup(&doc->arena, t.p ? t.p : "", t.n);
    doc->text_n = t.n;
    doc->text_is_orig = true;
    ht_buf_free(&t);
    return doc->text ? 0 : ht_err(e, HT_ENOMEM, "out of memory");
}

/* ---- detection ---- */

static bool starts_ci(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c != lit[i])
            return false;
    }
    return true;
}

static size_t count_ci(const char *s, size_t n, const char *lit)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if ((s[i] | 32) == lit[0] && starts_ci(s + i, n - i, lit))
            c++;
    return c;
}

static bool has_ext(const char *name, const char *const *exts)
{
    if (!name)
        return false;
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash : name, '.');
    if (!dot)
        return false;
    for (; *exts; exts++)
        if (strcasecmp(dot + 1, *exts) == 0)
            return true;
    return false;
}

ht_format ht_page_detect(const char *name, const char *bytes, size_t n)
{
    size_t i = ht_utf8_bom(bytes, n);
    while (i < n && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n'))
        i++;
    const char *s = bytes + i;
    size_t m = n - i, head = m < 8192 ? m : 8192;
    if (m && s[0] == '{')
        return HT_FMT_JSONL;
    if (m > 1 && s[0] == '<') {
        unsigned char c = (unsigned char)s[1];
        if (c == '!' || c == '?' || c == '/' || ((c | 32) >= 'a' && (c | 32) <= 'z'))
            return HT_FMT_HTML;
    }
    if (count_ci(s, head, "<html") || count_ci(s, head, "<body") || count_ci(s, head, "<!doctype"))
        return HT_FMT_HTML;
    size_t tags = count_ci(s, head, "<p>") + count_ci(s, head, "<p ") + count_ci(s, head, "</p>") +
                  count_ci(s, head, "<div") + count_ci(s, head, "<br");
    static const char *const html_ext[] = {"html", "htm", "xhtml", "shtml", NULL};
    if (tags >= 3 || (tags && has_ext(name, html_ext)))
        return HT_FMT_HTML;
    /* markdown-ish: table rows used as caption boxes, images, headings, list items */
    size_t rows = 0, marks = 0, scan = m < 65536 ? m : 65536;
    for (size_t a = 0; a < scan;) {
        size_t b = a;
        while (b < scan && s[b] != '\n')
            b++;
        size_t e = b;
        while (e > a && (s[e - 1] == '\r' || s[e - 1] == ' '))
            e--;
        if (e > a + 1 && s[a] == '|' && s[e - 1] == '|')
            rows++;
        else if (e > a + 3 && s[a] == '!' && s[a + 1] == '[')
            rows++;
        else if (e > a + 2 && ((s[a] == '#' && (s[a + 1] == ' ' || s[a + 1] == '#')) ||
                               ((s[a] == '-' || s[a] == '*') && s[a + 1] == ' ')))
            marks++;
        a = b + 1;
    }
    if (rows || marks >= 2)
        return HT_FMT_MARKDOWN;
    return HT_FMT_TEXT;
}

/* ---- one document ---- */

/* UTF-16 text is full of NUL bytes: it is named as such, with or without its byte
 * order mark (then by the NULs falling on every other byte of the first ones). */
static const char *utf16_kind(const unsigned char *u, size_t n)
{
    if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        return "UTF-16LE text (byte order mark FF FE)";
    if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        return "UTF-16BE text (byte order mark FE FF)";
    size_t m = n < 64 ? n & ~(size_t)1 : 64, even = 0, odd = 0;
    for (size_t i = 0; i < m; i += 2) {
        even += u[i] == 0 && u[i + 1] != 0;
        odd += u[i + 1] == 0 && u[i] != 0;
    }
    if (m >= 4 && odd * 4 >= m && !even)
        return "UTF-16LE text without a byte order mark";
    if (m >= 4 && even * 4 >= m && !odd)
        return "UTF-16BE text without a byte order mark";
    return NULL;
}

static int check_binary(const char *bytes, size_t n, ht_error *e)
{
    const char *u16 = utf16_kind((const unsigned char *)bytes, n);
    if (u16)
        return ht_err(e, HT_EFORMAT, "byte 0: %s, not UTF-8: convert it to UTF-8 first", u16);
    const char *z = memchr(bytes, 0, n);
    if (z)
        return ht_err(e, HT_EFORMAT, "byte %zu: NUL byte: binary data, not a text document",
                      (size_t)(z - bytes));
    return 0;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = ht_utf8_bom(s, n); i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* The fields of a JSON Lines object that make a document. */
enum { F_TEXT, F_TITLE, F_URL, F_DATE, F_ID, F_N };
static const char *const FIELD_NAMES[F_N] = {"text", "title", "url", "date", "id"};

/* The fields from jansson's tree, copied into the arena as the flat reader gives them
 * (an integer id is written out). */
static int fields_of_tree(ht_doc *doc, json_t *o, ht_pg_jfield *f)
{
    for (int i = 0; i < F_N; i++) {
        json_t *v = json_object_get(o, FIELD_NAMES[i]);
        f[i].name = FIELD_NAMES[i];
        f[i].v = NULL;
        f[i].n = 0;
        f[i].kind = !v ? HT_PG_JABSENT : json_is_null(v) ? HT_PG_JNULL : HT_PG_JOTHER;
        char num[32];
        const char *p = NULL;
        size_t n = 0;
        if (json_is_string(v)) {
            p = json_string_value(v);
            n = json_string_length(v);
        } else if (i == F_ID && json_is_integer(v)) {
            n = (size_t)snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
            p = num;
        }
        if (p) {
            if (!(f[i].v = ht_arena_alloc(&doc->arena, n + 1)))
                return HT_ENOMEM;
            memcpy(f[i].v, p, n);
            f[i].n = n;
            f[i].kind = HT_PG_JSTRING;
        }
    }
    return 0;
}

/* A field's non-empty string, else NULL. */
static char *field_str(const ht_pg_jfield *f)
{
    return f->kind == HT_PG_JSTRING && f->n ? f->v : NULL;
}

static int parse_json_obj(ht_doc *doc, const char *file, size_t line, const char *s, size_t n,
                          ht_error *e)
{
    ht_pg_jfield f[F_N];
    for (int i = 0; i < F_N; i++)
        f[i].name = FIELD_NAMES[i];
    int flat = ht_pg_json_flat(s, n, &doc->arena, f, F_N);
    if (flat < 0)
        return ht_err(e, HT_ENOMEM, "%s:%zu: out of memory", file, line);
    if (flat == 0 || f[F_TEXT].kind != HT_PG_JSTRING) {
        /* anything the flat reader does not take, errors included */
        json_error_t je;
        json_t *o = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
        if (!o)
            return ht_err(e, HT_EFORMAT, "%s:%zu:%d: %s", file, line, je.column, je.text);
        int rc = 0;
        if (!json_is_object(o))
            rc = ht_err(e, HT_EFORMAT, "%s:%zu:1: a JSON object was expected", file, line);
        else if (!json_is_string(json_object_get(o, "text")))
            rc = ht_err(e, HT_EFORMAT, "%s:%zu: no \"text\" string in the object", file, line);
        else if (fields_of_tree(doc, o, f))
            rc = ht_err(e, HT_ENOMEM, "%s:%zu: out of memory", file, line);
        json_decref(o);
        if (rc)
            return rc;
    }
    int rc = 0;
    doc->orig = f[F_TEXT].v;
    doc->orig_n = f[F_TEXT].n;
    if (memchr(doc->orig, 0, doc->orig_n))
        rc = ht_err(e, HT_EFORMAT, "%s:%zu: \"text\" holds a NUL character", file, line);
    char *title = field_str(&f[F_TITLE]);
    if (title) {
        ht_buf t = {0};
        if (ht_text_normalize(title, strlen(title), &t, NULL, NULL) == 0 && t.n)
            doc->title = ht_arena_strndup(&doc->arena, t.p, t.n);
        ht_buf_free(&t);
    }
    doc->url = field_str(&f[F_URL]);
    char *date = field_str(&f[F_DATE]);
    ht_pg_date d;
    if (date && ht_pg_parse_iso_date(date, strlen(date), &d))
        doc->published = ht_pg_date_str(&doc->arena, &d);
    /* the id names the document: FILE#ID, else FILE#LINE */
    char idbuf[64];
    const char *ids = field_str(&f[F_ID]);
    if (!ids && line) {
        snprintf(idbuf, sizeof idbuf, "%zu", line);
        ids = idbuf;
    }
    if (ids && line) {
        size_t fl = strlen(file), il = strlen(ids);
        char *src = ht_arena_alloc(&doc->arena, fl + il + 2);
        if (src) {
            memcpy(src, file, fl);
            src[fl] = '#';
            memcpy(src + fl + 1, ids, il);
            doc->source = src;
        }
    }
    if (!rc) {
        rc = ht_pg_set_text(doc, e);
        if (rc)
            ht_err_prefix(e, "%s:%zu: \"text\"", file, line);
    }
    if (!rc)
        rc = ht_pg_text_blocks(doc, false, true);
    return rc;
}

/* Invalid UTF-8 with no valid multi-byte sequence before the first bad byte: the
 * whole file is in another encoding rather than damaged in one place. */
static bool legacy_encoding(const char *s, size_t n)
{
    size_t bad;
    if (!s || ht_utf8_validate(s, n, &bad, NULL) == 0)
        return false;
    for (size_t i = 0; i < bad; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return bad + 4 < n; /* not merely cut short at the end */
}

static int parse_doc(const char *source, const char *file, size_t line, const char *bytes,
                     size_t n, ht_format fmt, ht_doc *doc, ht_error *e)
{
    memset(doc, 0, sizeof *doc);
    doc->source = ht_arena_strndup(&doc->arena, source, strlen(source));
    if (!doc->source)
        return ht_err(e, HT_ENOMEM, "%s: out of memory", source);
    if (fmt == HT_FMT_AUTO)
        fmt = ht_page_detect(source, bytes, n);
    doc->format = fmt;
    int rc = 0;
    if (n > HT_PAGE_MAX_BYTES && fmt == HT_FMT_JSONL)
        rc = ht_err(e, HT_ELIMIT, "%s:%zu: a line of %zu MB is over the limit of %u MB", file,
                    line ? line : 1, n >> 20, HT_PAGE_MAX_BYTES >> 20);
    else if (n > HT_PAGE_MAX_BYTES)
        rc = ht_err(e, HT_ELIMIT, "%s: a document of %zu MB is over the limit of %u MB", source,
                    n >> 20, HT_PAGE_MAX_BYTES >> 20);
    else if (fmt == HT_FMT_JSONL) {
        rc = parse_json_obj(doc, file, line ? line : 1, bytes, n, e);
    } else {
        doc->orig = bytes;
        doc->orig_n = n;
        if (n == 0)
            rc = ht_err(e, HT_EFORMAT, "%s: empty file", source);
        else if (blank(bytes, n))
            rc = ht_err(e, HT_EFORMAT, "%s: no text (only white space)", source);
        else if ((rc = check_binary(bytes, n, e)) != 0)
            ht_err_prefix(e, "%s", source);
        else if (fmt == HT_FMT_HTML) {
            if ((rc = ht_pg_html(doc, e)) != 0)
                ht_err_prefix(e, "%s", source);
        } else {
            if ((rc = ht_pg_set_text(doc, e)) != 0)
                ht_err_prefix(e, "%s", source);
            else
                rc = ht_pg_text_blocks(doc, fmt == HT_FMT_MARKDOWN, false);
        }
    }
    if (rc == HT_EUTF8 && e && legacy_encoding(doc->orig, doc->orig_n)) {
        char m[sizeof e->msg];
        snprintf(m, sizeof m, "%s", e->msg);
        ht_err(e, rc, "%.300s: the file is not UTF-8 (a legacy encoding such as "
                      "Windows-1258 or TCVN3?): convert it to UTF-8 first", m);
    }
    if (rc) {
        if (rc == HT_ENOMEM && e && !e->msg[0])
            ht_err(e, rc, "%s: out of memory", source);
        ht_doc_free(doc);
    }
    return rc;
}

int ht_page_parse(const char *source, const char *bytes, size_t n, ht_format fmt, ht_doc *doc,
                  ht_error *e)
{
    return parse_doc(source, source, 0, bytes, n, fmt, doc, e);
}

void ht_doc_free(ht_doc *doc)
{
    ht_offmap_free(&doc->map);
    ht_arena_free(&doc->arena);
    memset(doc, 0, sizeof *doc);
}

/* ---- JSON Lines ---- */

typedef struct {
    const char *file, *only_id;
    ht_page_cb cb;
    void *ud;
    bool found;
} jl_state;

/* Whether the line may be the one named by only_id (cheap test before parsing). */
static bool jl_wanted(const jl_state *st, size_t lineno, const char *s, size_t n)
{
    if (!st->only_id)
        return true;
    char num[32];
    snprintf(num, sizeof num, "%zu", lineno);
    if (strcmp(num, st->only_id) == 0)
        return true;
    return memmem(s, n, st->only_id, strlen(st->only_id)) != NULL;
}

/* Parses one line and hands it to the callback. Returns the callback's value. */
static int jl_line(jl_state *st, size_t lineno, const char *s, size_t n)
{
    while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    size_t i = lineno == 1 ? ht_utf8_bom(s, n) : 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i == n || !jl_wanted(st, lineno, s + i, n - i))
        return 0;
    ht_doc doc;
    ht_error e = {0};
    int rc = parse_doc(st->file, st->file, lineno, s + i, n - i, HT_FMT_JSONL, &doc, &e);
    if (st->only_id && rc == 0) {
        const char *hash = strrchr(doc.source, '#');
        bool is_it = hash && strcmp(hash + 1, st->only_id) == 0;
        if (!is_it) {
            ht_doc_free(&doc);
            return 0;
        }
    }
    if (st->only_id && rc != 0) {
        char num[32];
        snprintf(num, sizeof num, "%zu", lineno);
        if (strcmp(num, st->only_id) != 0)
            return 0; /* a bad line that is not the one asked for */
    }
    st->found = true;
    if (rc) {
        return st->cb(NULL, &e, st->ud);
    }
    rc = st->cb(&doc, NULL, st->ud);
    ht_doc_free(&doc);
    return rc;
}

int ht_page_read_jsonl(const char *file, const char *bytes, size_t n, const char *only_id,
                       ht_page_cb cb, void *ud)
{
    jl_state st = {file, only_id, cb, ud, false};
    size_t lineno = 0;
    for (size_t a = 0; a < n;) {
        const char *nl = memchr(bytes + a, '\n', n - a);
        size_t b = nl ? (size_t)(nl - bytes) : n;
        lineno++;
        int rc = jl_line(&st, lineno, bytes + a, b - a);
        if (rc || (st.only_id && st.found))
            return rc;
        a = b + 1;
    }
    if (only_id && !st.found) {
        ht_error e;
        ht_err(&e, HT_ENOTFOUND, "%s#%s: no line with that id or line number", file, only_id);
        return cb(NULL, &e, ud);
    }
    return 0;
}

/* Streams a JSON Lines file line by line, so memory does not grow with the file; lineno:
 * the lines of f already read. */
static int jsonl_stream(const char *file, FILE *f, size_t lineno, const char *only_id,
                        ht_page_cb cb, void *ud)
{
    jl_state st = {file, only_id, cb, ud, false};
    char *line = NULL;
    size_t cap = 0;
    ssize_t k;
    int rc = 0;
    while ((k = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)k;
        if (len && line[len - 1] == '\n')
            len--;
        rc = jl_line(&st, lineno, line, len);
        if (rc || (st.only_id && st.found))
            break;
    }
    free(line);
    if (!rc && ferror(f)) {
        ht_error e;
        ht_err(&e, HT_EIO, "%s:%zu: read error: %s", file, lineno + 1, strerror(errno));
        rc = cb(NULL, &e, ud);
    } else if (!rc && only_id && !st.found) {
        ht_error e;
        ht_err(&e, HT_ENOTFOUND, "%s#%s: no line with that id or line number", file, only_id);
        rc = cb(NULL, &e, ud);
    }
    return rc;
}

/* ---- paths ---- */

static int read_bytes_doc(const char *path, const char *bytes, size_t n, ht_page_cb cb, void *ud)
{
    ht_format fmt = ht_page_detect(path, bytes, n);
    if (fmt == HT_FMT_JSONL)
        return ht_page_read_jsonl(path, bytes, n, NULL, cb, ud);
    ht_doc doc;
    ht_error de = {0};
    if (parse_doc(path, path, 0, bytes, n, fmt, &doc, &de) != 0)
        return cb(NULL, &de, ud);
    int rc = cb(&doc, NULL, ud);
    ht_doc_free(&doc);
    return rc;
}

/* Reads a regular file in one go when its size is known (no growing buffer). */
static int read_whole(const char *path, char **out, size_t *n, ht_error *e)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
        if (f)
            fclose(f);
        return ht_read_file(path, out, n, e);
    }
    size_t size = (size_t)st.st_size;
    char *p = malloc(size + 1);
    if (!p) {
        fclose(f);
        return ht_err(e, HT_ENOMEM, "%s: out of memory for %zu bytes", path, size);
    }
    size_t got = fread(p, 1, size, f);
    bool more = got == size && fgetc(f) != EOF;
    bool bad = ferror(f);
    fclose(f);
    if (bad || got != size || more) {
        free(p);
        return ht_read_file(path, out, n, e); /* the file changed while read */
    }
    p[size] = 0;
    *out = p;
    *n = size;
    return 0;
}

static int read_file_doc(const char *path, const char *only_id, ht_page_cb cb, void *ud)
{
    ht_error e = {0};
    FILE *f = fopen(path, "rb");
    if (!f) {
        ht_err(&e, HT_EIO, "%s: cannot open: %s", path, strerror(errno));
        return cb(NULL, &e, ud);
    }
    char head[4096];
    size_t hn = fread(head, 1, sizeof head, f);
    ht_format fmt = ht_page_detect(path, head, hn);
    int rc;
    if (fmt == HT_FMT_JSONL) {
        rewind(f);
        rc = jsonl_stream(path, f, 0, only_id, cb, ud);
        fclose(f);
        return rc;
    }
    fclose(f);
    if (only_id) {
        ht_err(&e, HT_EFORMAT, "%s#%s: %s is not a JSON Lines file", path, only_id, path);
        return cb(NULL, &e, ud);
    }
    char *bytes;
    size_t n;
    if (read_whole(path, &bytes, &n, &e) != 0)
        return cb(NULL, &e, ud);
    rc = read_bytes_doc(path, bytes, n, cb, ud);
    free(bytes);
    return rc;
}

/* Files a directory walk reads: article formats, and names without an extension. */
static bool article_file(const char *name)
{
    static const char *const exts[] = {"txt", "text", "md", "markdown", "html", "htm", "xhtml",
                                       "shtml", "jsonl", "ndjson", "json", NULL};
    const char *dot = strrchr(name, '.');
    return !dot || has_ext(name, exts);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_dir(const char *path, int depth, ht_page_cb cb, void *ud)
{
    ht_error e = {0};
    if (depth > 64) {
        ht_err(&e, HT_ELIMIT, "%s: directories nested too deep", path);
        return cb(NULL, &e, ud);
    }
    DIR *d = opendir(path);
    if (!d) {
        ht_err(&e, HT_EIO, "%s: cannot open directory: %s", path, strerror(errno));
        return cb(NULL, &e, ud);
    }
    char **names = NULL;
    size_t nn = 0, cap = 0;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (nn == cap) {
            cap = cap ? cap * 2 : 32;
            char **v = realloc(names, cap * sizeof *v);
            if (!v) {
                rc = -1;
                break;
            }
            names = v;
        }
        if (!(names[nn] = strdup(de->d_name))) {
            rc = -1;
            break;
        }
        nn++;
    }
    closedir(d);
    if (rc) {
        ht_err(&e, HT_ENOMEM, "%s: out of memory", path);
        rc = cb(NULL, &e, ud);
    }
    qsort(names, nn, sizeof *names, name_cmp);
    for (size_t i = 0; i < nn && !rc; i++) {
        size_t pl = strlen(path), fl = strlen(names[i]);
        char *full = malloc(pl + fl + 2);
        if (!full)
            break;
        memcpy(full, path, pl);
        size_t k = pl;
        if (k && full[k - 1] != '/')
            full[k++] = '/';
        memcpy(full + k, names[i], fl + 1);
        struct stat lst, st;
        if (lstat(full, &lst) == 0 && stat(full, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                if (!S_ISLNK(lst.st_mode)) /* a link to a directory could loop */
                    rc = read_dir(full, depth + 1, cb, ud);
            } else if (S_ISREG(st.st_mode) && article_file(names[i]))
                rc = read_file_doc(full, NULL, cb, ud);
        }
        free(full);
    }
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* Standard input. JSON Lines are taken a line at a time, as they come: a program that
 * writes articles as it finds them has each one read (and ingest stores it) while it
 * goes on, and memory does not grow with the stream. Anything else is read whole. The
 * bytes read to tell the format (a byte order mark, white space, then the first other
 * byte) are kept: the document's spans count from the first byte of the input. */
static int read_stdin(const char *path, ht_page_cb cb, void *ud)
{
    static const unsigned char bom[] = {0xEF, 0xBB, 0xBF};
    ht_buf pre = {0};
    ht_error e = {0};
    size_t lines = 0;
    int c, rc;
    while ((c = getc(stdin)) != EOF) {
        bool in_bom = pre.n < 3 && (unsigned char)c == bom[pre.n] &&
                      (pre.n == 0 || memcmp(pre.p, bom, pre.n) == 0);
        if (!in_bom && c != ' ' && c != '\t' && c != '\r' && c != '\n')
            break;
        char ch = (char)c;
        if (ht_buf_append(&pre, &ch, 1)) {
            ht_buf_free(&pre);
            ht_err(&e, HT_ENOMEM, "%s: out of memory", path);
            return cb(NULL, &e, ud);
        }
        lines += c == '\n';
    }
    if (c == '{' && ungetc(c, stdin) != EOF) {
        ht_buf_free(&pre);
        return jsonl_stream(path, stdin, lines, NULL, cb, ud);
    }
    /* the rest, after what was read */
    char *rest = NULL;
    size_t n = 0;
    if (c != EOF && ungetc(c, stdin) == EOF)
        rc = ht_err(&e, HT_EIO, "%s: read error", path);
    else if (ferror(stdin))
        rc = ht_err(&e, HT_EIO, "%s: read error: %s", path, strerror(errno));
    else if (c == EOF)
        rc = 0;
    else
        rc = ht_read_file(path, &rest, &n, &e);
    if (!rc && n && ht_buf_append(&pre, rest, n))
        rc = ht_err(&e, HT_ENOMEM, "%s: out of memory", path);
    free(rest);
    if (!rc && !pre.p && ht_buf_append(&pre, "", 0)) /* an empty input: "" */
        rc = ht_err(&e, HT_ENOMEM, "%s: out of memory", path);
    if (rc) {
        ht_buf_free(&pre);
        return cb(NULL, &e, ud);
    }
    rc = read_bytes_doc(path, pre.p, pre.n, cb, ud);
    ht_buf_free(&pre);
    return rc;
}

int ht_page_read_path(const char *path, ht_page_cb cb, void *ud, ht_error *e)
{
    if (strcmp(path, "-") == 0)
        return read_stdin(path, cb, ud);
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return read_dir(path, 0, cb, ud);
        return read_file_doc(path, NULL, cb, ud);
    }
    /* FILE.jsonl#ID names one line */
    const char *hash = strrchr(path, '#');
    if (hash && hash[1] && hash > path) {
        size_t bl = (size_t)(hash - path);
        char *base = malloc(bl + 1);
        if (!base)
            return ht_err(e, HT_ENOMEM, "%s: out of memory", path);
        memcpy(base, path, bl);
        base[bl] = 0;
        int rc;
        if (stat(base, &st) == 0 && S_ISREG(st.st_mode))
            rc = read_file_doc(base, hash + 1, cb, ud);
        else
            rc = ht_err(e, HT_ENOTFOUND, "%s: no such file", base);
        free(base);
        return rc;
    }
    return ht_err(e, HT_ENOTFOUND, "%s: no such file or directory", path);
}
