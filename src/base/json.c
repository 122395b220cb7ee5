/* Streaming JSON writer with stable key order (the caller's) and exact escaping. */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void ht_json_init(ht_json *j, ht_buf *b)
{
    memset(j, 0, sizeof *j);
    j->b = b;
    j->first[0] = true;
}

static void sep(ht_json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth > 0 && j->depth < 64) {
        if (!j->first[j->depth])
            j->err |= ht_buf_putc(j->b, ',');
        j->first[j->depth] = false;
    }
}

static void open_(ht_json *j, char c)
{
    sep(j);
    j->err |= ht_buf_putc(j->b, c);
    j->depth++;
    if (j->depth < 64)
        j->first[j->depth] = true;
}

static void close_(ht_json *j, char c)
{
    j->err |= ht_buf_putc(j->b, c);
    if (j->depth > 0)
        j->depth--;
}

void ht_json_obj(ht_json *j) { open_(j, '{'); }
void ht_json_obj_end(ht_json *j) { close_(j, '}'); }
void ht_json_arr(ht_json *j) { open_(j, '['); }
void ht_json_arr_end(ht_json *j) { close_(j, ']'); }

void ht_json_key(ht_json *j, const char *k)
{
    sep(j);
    j->err |= ht_buf_putc(j->b, '"');
    j->err |= ht_json_escape(j->b, k, strlen(k));
    j->err |= ht_buf_append(j->b, "\":", 2);
    j->after_key = true;
}

static void value_start(ht_json *j) { sep(j); }

int ht_json_escape(ht_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    int err = ht_buf_reserve(b, n + 2);
    for (size_t i = 0; i < n && !err;) {
        unsigned c = u[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            size_t j = i + 1;
            while (j < n && u[j] >= 0x20 && u[j] != '"' && u[j] != '\\' && u[j] < 0x80)
                j++;
            err |= ht_buf_append(b, s + i, j - i);
            i = j;
            continue;
        }
        if (c < 0x80) {
            char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
            size_t k = 2;
            switch (c) {
            case '"': esc[1] = '"'; break;
            case '\\': esc[1] = '\\'; break;
            case '\n': esc[1] = 'n'; break;
            case '\r': esc[1] = 'r'; break;
            case '\t': esc[1] = 't'; break;
            default:
                esc[1] = 'u';
                esc[2] = '0';
                esc[3] = '0';
                esc[4] = hex[c >> 4];
                esc[5] = hex[c & 15];
                k = 6;
            }
            err |= ht_buf_append(b, esc, k);
            i++;
            continue;
        }
        /* multi-byte: copy when valid, else U+FFFD */
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        bool ok = len && i + len <= n && c <= 0xF4;
        for (size_t k = 1; ok && k < len; k++)
            ok = (u[i + k] & 0xC0) == 0x80;
        if (ok && len == 3 && ((c == 0xE0 && u[i + 1] < 0xA0) || (c == 0xED && u[i + 1] >= 0xA0)))
            ok = false;
        if (ok && len == 4 && ((c == 0xF0 && u[i + 1] < 0x90) || (c == 0xF4 && u[i + 1] >= 0x90)))
            ok = false;
        if (ok) {
            err |= ht_buf_append(b, s + i, len);
            i += len;
        } else {
            err |= ht_buf_append(b, "\xEF\xBF\xBD", 3);
            i++;
        }
    }
    return err ? HT_ENOMEM : 0;
}

void ht_json_str(ht_json *j, const char *s, size_t n)
{
    if (!s) {
        ht_json_null(j);
        return;
    }
    value_start(j);
    j->err |= ht_buf_putc(j->b, '"');
    j->err |= ht_json_escape(j->b, s, n);
    j->err |= ht_buf_putc(j->b, '"');
}

void ht_json_cstr(ht_json *j, const char *s) { ht_json_str(j, s, s ? strlen(s) : 0); }

void ht_json_int(ht_json *j, long long v)
{
    value_start(j);
    j->err |= ht_buf_printf(j->b, "%lld", v);
}

void ht_json_num(ht_json *j, double v)
{
    value_start(j);
    if (!isfinite(v))
        v = 0;
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.3f", v);
    size_t k = strlen(tmp);
    while (k > 1 && tmp[k - 1] == '0')
        k--;
    if (k > 1 && tmp[k - 1] == '.')
        k--;
    j->err |= ht_buf_append(j->b, tmp, k);
}

void ht_json_bool(ht_json *j, bool v)
{
    value_start(j);
    j->err |= ht_buf_puts(j->b, v ? "true" : "false");
}

void ht_json_null(ht_json *j)
{
    value_start(j);
    j->err |= ht_buf_puts(j->b, "null");
}

void ht_json_raw(ht_json *j, const char *s, size_t n)
{
    value_start(j);
    j->err |= ht_buf_append(j->b, s, n);
}
