/* init, and the documents of the registry: list and show, as text for a terminal or
 * as JSON for scripts and the HTTP API; edit, delete and merge. */
#include "app.h"
#include "base/json.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int ht_app_init(const char *path, bool *created, int *from, ht_error *e)
{
    *created = access(path, F_OK) != 0;
    *from = 0;
    ht_store *st;
    /* Open without creating first, to learn the schema the file had. */
    if (!*created) {
        int rc = ht_store_open(path, HT_STORE_READONLY, &st, e);
        if (rc == 0) {
            *from = ht_store_schema(st);
            ht_store_close(st);
        } else if (rc == HT_ENOTFOUND)
            *created = true; /* an empty file */
        else if (rc == HT_EINVAL)
            *from = -1; /* an older schema */
        else
            return rc;
    }
    int rc = ht_store_open(path, HT_STORE_CREATE, &st, e);
    if (rc)
        return rc;
    ht_store_close(st);
    return 0;
}

/* The first n bytes of s cut at a character boundary, lines joined. */
static void put_excerpt(ht_buf *b, const char *s, size_t len, size_t n)
{
    size_t cut = len < n ? len : n;
    while (cut < len && cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    for (size_t i = 0; i < cut; i++)
        ht_buf_putc(b, s[i] == '\n' || s[i] == '\t' ? ' ' : s[i]);
    if (cut < len)
        ht_buf_puts(b, "…");
}

typedef struct {
    bool json;
    ht_json *j;
    ht_buf *out;
    size_t n;
} list_ctx;

static int list_row(const ht_store_doc *d, void *ud)
{
    list_ctx *c = ud;
    c->n++;
    if (c->json) {
        ht_json *j = c->j;
        ht_json_obj(j);
        ht_json_key(j, "id");
        ht_json_cstr(j, d->id);
        ht_json_key(j, "source");
        ht_json_cstr(j, d->source);
        ht_json_key(j, "title");
        ht_json_cstr(j, d->title);
        ht_json_key(j, "published");
        ht_json_cstr(j, d->published);
        ht_json_key(j, "url");
        ht_json_cstr(j, d->url);
        ht_json_key(j, "cluster");
        ht_json_cstr(j, d->cluster);
        ht_json_key(j, "deleted");
        ht_json_bool(j, d->deleted);
        ht_json_key(j, "created");
        ht_json_cstr(j, d->created);
        ht_json_obj_end(j);
        return 0;
    }
    ht_buf_printf(c->out, "%-20s  %-10s  ", d->id, d->published ? d->published : "-");
    const char *t = d->title ? d->title : d->source;
    put_excerpt(c->out, t, strlen(t), 60);
    if (d->deleted)
        ht_buf_puts(c->out, " [deleted]");
    ht_buf_putc(c->out, '\n');
    return 0;
}

int ht_app_document_list(ht_store *st, bool all, bool json, ht_buf *out, ht_error *e)
{
    ht_json j;
    ht_json_init(&j, out);
    list_ctx c = {json, &j, out, 0};
    if (json)
        ht_json_arr(&j);
    else
        ht_buf_printf(out, "%-20s  %-10s  %s\n", "ID", "PUBLISHED", "TITLE");
    int rc = ht_store_doc_list(st, all, list_row, &c, e);
    if (rc)
        return rc;
    if (json) {
        ht_json_arr_end(&j);
        ht_buf_putc(out, '\n');
    } else if (!c.n)
        ht_buf_puts(out, "(no documents: add some with 'hoptac ingest PATH')\n");
    return j.err ? ht_err(e, HT_ENOMEM, "out of memory") : 0;
}

static void span_json(ht_json *j, size_t a, size_t z)
{
    ht_json_obj(j);
    ht_json_key(j, "start");
    ht_json_int(j, (long long)a);
    ht_json_key(j, "end");
    ht_json_int(j, (long long)z);
    ht_json_obj_end(j);
}

static void show_json(ht_store *st, const ht_store_doc *d, ht_buf *out, int *err)
{
    ht_json j;
    ht_json_init(&j, out);
    ht_json_obj(&j);
    const char *keys[] = {"id", "source", "format", "title", "published", "url", "hash",
                          "cluster", "created", "updated"};
    const char *vals[] = {d->id,  d->source,  d->format,  d->title,   d->published,
                          d->url, d->hash, d->cluster, d->created, d->updated};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        ht_json_key(&j, keys[i]);
        ht_json_cstr(&j, vals[i]);
    }
    ht_json_key(&j, "blocks");
    ht_json_arr(&j);
    for (size_t i = 0; i < d->nblocks; i++) {
        const ht_store_block *b = &d->blocks[i];
        ht_json_obj(&j);
        ht_json_key(&j, "class");
        ht_json_cstr(&j, b->cls);
        ht_json_key(&j, "span");
        span_json(&j, b->orig_start, b->orig_end);
        ht_json_key(&j, "text_span");
        span_json(&j, b->start, b->end);
        ht_json_obj_end(&j);
    }
    ht_json_arr_end(&j);
    ht_json_key(&j, "mentions");
    ht_json_arr(&j);
    for (size_t i = 0; i < d->nmentions; i++) {
        const ht_store_mention *m = &d->mentions[i];
        ht_json_obj(&j);
        ht_json_key(&j, "id");
        ht_json_cstr(&j, m->id);
        ht_json_key(&j, "kind");
        ht_json_cstr(&j, m->kind);
        ht_json_key(&j, "record");
        ht_json_cstr(&j, m->record);
        ht_json_key(&j, "span");
        span_json(&j, m->start, m->end);
        ht_json_key(&j, "text");
        if (m->end <= d->orig_n)
            ht_json_str(&j, d->orig + m->start, m->end - m->start);
        else
            ht_json_null(&j);
        ht_json_key(&j, "confidence");
        if (m->confidence >= 0)
            ht_json_num(&j, m->confidence);
        else
            ht_json_null(&j);
        ht_json_obj_end(&j);
    }
    ht_json_arr_end(&j);
    ht_json_key(&j, "deleted");
    ht_json_bool(&j, d->deleted);
    ht_json_key(&j, "history");
    ht_error he = {0};
    if (ht_store_history_json(st, d->id, &j, &he))
        j.err = 1;
    ht_json_key(&j, "original");
    ht_json_str(&j, d->orig, d->orig_n);
    ht_json_obj_end(&j);
    ht_buf_putc(out, '\n');
    *err = j.err;
}

static void show_text(const ht_store_doc *d, ht_buf *out)
{
    if (d->deleted)
        ht_buf_puts(out, "(this document was deleted: it stays for the record, out of lists and search)\n");
    const char *keys[] = {"id", "source", "title", "published", "url", "cluster", "created"};
    const char *vals[] = {d->id, d->source, d->title, d->published, d->url, d->cluster,
                          d->created};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (vals[i])
            ht_buf_printf(out, "%-10s %s\n", keys[i], vals[i]);
    ht_buf_printf(out, "\nblocks (%zu)\n", d->nblocks);
    for (size_t i = 0; i < d->nblocks; i++) {
        const ht_store_block *b = &d->blocks[i];
        ht_buf_printf(out, "  %-13s %7zu-%-7zu ", b->cls, b->orig_start, b->orig_end);
        if (b->end <= d->text_n)
            put_excerpt(out, d->text + b->start, b->end - b->start, 60);
        ht_buf_putc(out, '\n');
    }
    ht_buf_printf(out, "\nmentions (%zu)\n", d->nmentions);
    for (size_t i = 0; i < d->nmentions; i++) {
        const ht_store_mention *m = &d->mentions[i];
        ht_buf_printf(out, "  %-9s %7zu-%-7zu %-22s ", m->kind, m->start, m->end,
                      m->record ? m->record : "-");
        if (m->end <= d->orig_n) {
            ht_buf_putc(out, '"');
            put_excerpt(out, d->orig + m->start, m->end - m->start, 50);
            ht_buf_putc(out, '"');
        }
        if (m->confidence >= 0)
            ht_buf_printf(out, " %.2f", m->confidence);
        ht_buf_putc(out, '\n');
    }
}

int ht_app_document_show(ht_store *st, const char *id, bool json, ht_buf *out, ht_error *e)
{
    ht_store_doc d;
    int rc = ht_store_doc_get(st, id, &d, e);
    if (rc)
        return rc;
    int err = 0;
    if (json)
        show_json(st, &d, out, &err);
    else
        show_text(&d, out);
    ht_store_doc_free(&d);
    return err ? ht_err(e, HT_ENOMEM, "out of memory") : 0;
}

/* ---- changes ---- */

static int finish(ht_store *st, int rc, ht_error *e)
{
    if (!rc)
        rc = ht_store_commit(st, e);
    if (rc)
        ht_store_rollback(st);
    return rc;
}

/* The full id of a document given by id, prefix or content hash. */
static int doc_id(ht_store *st, const char *q, char id[HT_ID_MAX], ht_error *e)
{
    ht_store_doc d;
    int rc = ht_store_doc_get(st, q, &d, e);
    if (rc)
        return rc;
    snprintf(id, HT_ID_MAX, "%s", d.id);
    ht_store_doc_free(&d);
    return 0;
}

int ht_app_document_edit(ht_store *st, const char *q, const char *json, size_t n,
                         const char *user, ht_error *e)
{
    int rc = ht_store_begin(st, e);
    if (rc)
        return rc;
    char id[HT_ID_MAX];
    rc = doc_id(st, q, id, e);
    if (!rc)
        rc = ht_store_doc_edit(st, id, json, n, user, e);
    return finish(st, rc, e);
}

int ht_app_document_delete(ht_store *st, const char *q, const char *user, ht_error *e)
{
    int rc = ht_store_begin(st, e);
    if (rc)
        return rc;
    char id[HT_ID_MAX];
    rc = doc_id(st, q, id, e);
    if (!rc)
        rc = ht_store_doc_delete(st, id, user, e);
    return finish(st, rc, e);
}

int ht_app_document_merge(ht_store *st, const char *into, const char *from, const char *user,
                          ht_error *e)
{
    int rc = ht_store_begin(st, e);
    if (rc)
        return rc;
    char a[HT_ID_MAX], b[HT_ID_MAX];
    rc = doc_id(st, into, a, e);
    if (!rc)
        rc = doc_id(st, from, b, e);
    if (!rc)
        rc = ht_store_doc_merge(st, a, b, user, e);
    return finish(st, rc, e);
}
