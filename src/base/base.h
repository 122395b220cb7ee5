/* Base: error reporting, growable byte buffers, string slices and per-document arenas.
 * Every layer uses these; nothing here knows about text, news or storage.
 * Contract: functions return 0 or a negative HT_E* code and fill an ht_error. */
#ifndef HT_BASE_H
#define HT_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

enum {
    HT_OK = 0,
    HT_EINVAL = -1,    /* bad argument or usage */
    HT_ENOMEM = -2,
    HT_EIO = -3,       /* file system error */
    HT_EUTF8 = -4,     /* invalid UTF-8 */
    HT_EFORMAT = -5,   /* malformed input (JSON, HTML, dates...) */
    HT_EBUSY = -6,     /* database locked */
    HT_EFULL = -7,     /* disk or database full */
    HT_EREADONLY = -8, /* database or file read-only */
    HT_ECORRUPT = -9,  /* database file corrupt */
    HT_ENOTFOUND = -10,
    HT_EDB = -11,      /* other database error */
    HT_ECONFLICT = -12,
    HT_ELIMIT = -13    /* input over a size or depth limit */
};

/* Fixed-size and allocation-free, so it can be filled on out-of-memory paths. */
typedef struct {
    int code;
    char msg[512];
} ht_error;

/* Fills e (may be NULL) and returns code, so callers can `return ht_err(...)`. */
int ht_err(ht_error *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prefixes the existing message with "prefix: " (e.g. a file name). */
void ht_err_prefix(ht_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ht_err_clear(ht_error *e);

typedef struct {
    const char *p;
    size_t n;
} ht_str;

#define HT_STR(lit) ((ht_str){(lit), sizeof(lit) - 1})

/* Growable byte buffer; p is always NUL-terminated when cap > 0. */
typedef struct {
    char *p;
    size_t n, cap;
} ht_buf;

int ht_buf_reserve(ht_buf *b, size_t extra);
int ht_buf_append(ht_buf *b, const void *s, size_t n);
int ht_buf_putc(ht_buf *b, char c);
int ht_buf_puts(ht_buf *b, const char *s);
int ht_buf_printf(ht_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ht_buf_reset(ht_buf *b);
void ht_buf_free(ht_buf *b);
/* Hands the bytes to the caller (NUL-terminated, never NULL on success); b is reset. */
char *ht_buf_take(ht_buf *b);

/* Arena: many small allocations freed in one call (one per document). */
typedef struct ht_arena_block ht_arena_block;
typedef struct {
    ht_arena_block *head;
    size_t total;
} ht_arena;

void *ht_arena_alloc(ht_arena *a, size_t n);        /* zeroed, 16-aligned; NULL on OOM */
char *ht_arena_strndup(ht_arena *a, const char *s, size_t n);
void ht_arena_free(ht_arena *a);

/* Reads a whole file (or stdin for "-"); adds a NUL after the data. */
int ht_read_file(const char *path, char **out, size_t *n, ht_error *e);

#endif
