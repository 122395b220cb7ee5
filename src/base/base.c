/* Base utilities: errors, buffers, arenas, whole-file reading. */
#include "base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ht_err(ht_error *e, int code, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
        e->code = code;
    }
    return code;
}

void ht_err_prefix(ht_error *e, const char *fmt, ...)
{
    if (!e)
        return;
    char pre[256], old[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pre, sizeof pre, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    size_t k = strlen(pre);
    if (k > sizeof e->msg - 3)
        k = sizeof e->msg - 3;
    memcpy(e->msg, pre, k);
    e->msg[k] = ':';
    e->msg[k + 1] = ' ';
    size_t room = sizeof e->msg - k - 3, ol = strlen(old);
    if (ol > room)
        ol = room;
    memcpy(e->msg + k + 2, old, ol);
    e->msg[k + 2 + ol] = 0;
}

void ht_err_clear(ht_error *e)
{
    if (e) {
        e->code = 0;
        e->msg[0] = 0;
    }
}

int ht_buf_reserve(ht_buf *b, size_t extra)
{
    if (b->n + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->n + extra + 1) {
        if (cap > SIZE_MAX / 2)
            return HT_ENOMEM;
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p)
        return HT_ENOMEM;
    b->p = p;
    b->cap = cap;
    b->p[b->n] = 0;
    return 0;
}

int ht_buf_append(ht_buf *b, const void *s, size_t n)
{
    if (ht_buf_reserve(b, n))
        return HT_ENOMEM;
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
    return 0;
}

int ht_buf_putc(ht_buf *b, char c) { return ht_buf_append(b, &c, 1); }

int ht_buf_puts(ht_buf *b, const char *s) { return ht_buf_append(b, s, strlen(s)); }

int ht_buf_printf(ht_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0 || ht_buf_reserve(b, (size_t)k))
        return HT_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
    return 0;
}

void ht_buf_reset(ht_buf *b)
{
    b->n = 0;
    if (b->p)
        b->p[0] = 0;
}

void ht_buf_free(ht_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

char *ht_buf_take(ht_buf *b)
{
    if (!b->p && ht_buf_reserve(b, 0))
        return NULL;
    char *p = b->p;
    b->p = NULL;
    b->n = b->cap = 0;
    return p;
}

struct ht_arena_block {
    ht_arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

void *ht_arena_alloc(ht_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    ht_arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
        a->total += cap;
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *ht_arena_strndup(ht_arena *a, const char *s, size_t n)
{
    char *p = ht_arena_alloc(a, n + 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

void ht_arena_free(ht_arena *a)
{
    ht_arena_block *b = a->head;
    while (b) {
        ht_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}

int ht_read_file(const char *path, char **out, size_t *n, ht_error *e)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return ht_err(e, HT_EIO, "%s: cannot open: %s", path, strerror(errno));
    ht_buf b = {0};
    char chunk[65536];
    size_t k;
    int rc = 0;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (ht_buf_append(&b, chunk, k)) {
            rc = ht_err(e, HT_ENOMEM, "%s: out of memory after %zu bytes", path, b.n);
            break;
        }
    }
    if (!rc && ferror(f))
        rc = ht_err(e, HT_EIO, "%s: read error: %s", path, strerror(errno));
    if (!is_stdin)
        fclose(f);
    if (rc) {
        ht_buf_free(&b);
        return rc;
    }
    *n = b.n;
    *out = ht_buf_take(&b);
    return *out ? 0 : ht_err(e, HT_ENOMEM, "%s: out of memory", path);
}
