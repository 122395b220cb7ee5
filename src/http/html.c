/* HTML escaping, Vietnamese dates, embedded assets and the page layout (html.h). */
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

extern const hs_asset hs_assets[];
extern const size_t hs_nassets;

void hs_html_text(ht_buf *b, const char *s, size_t n)
{
    if (!s)
        return;
    const unsigned char *u = (const unsigned char *)s;
    ht_buf_reserve(b, n + 16);
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        if (c < 0x80) {
            size_t j = i;
            while (j < n && u[j] < 0x80 && !strchr("&<>\"'", u[j]) && (u[j] >= 0x20 || u[j] == '\n' || u[j] == '\t'))
                j++;
            if (j > i) {
                ht_buf_append(b, s + i, j - i);
                i = j;
                continue;
            }
            switch (c) {
            case '&': ht_buf_puts(b, "&amp;"); break;
            case '<': ht_buf_puts(b, "&lt;"); break;
            case '>': ht_buf_puts(b, "&gt;"); break;
            case '"': ht_buf_puts(b, "&quot;"); break;
            case '\'': ht_buf_puts(b, "&#39;"); break;
            case '\r': break;
            default: ht_buf_putc(b, ' '); /* other control characters */
            }
            i++;
            continue;
        }
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        bool ok = len && i + len <= n && c <= 0xF4;
        for (size_t k = 1; ok && k < len; k++)
            ok = (u[i + k] & 0xC0) == 0x80;
        if (ok) {
            ht_buf_append(b, s + i, len);
            i += len;
        } else {
            ht_buf_puts(b, "\xEF\xBF\xBD");
            i++;
        }
    }
}

void hs_html_cstr(ht_buf *b, const char *s)
{
    if (s)
        hs_html_text(b, s, strlen(s));
}

void hs_html_printf(ht_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p;) {
        const char *pc = strchr(p, '%');
        if (!pc) {
            ht_buf_puts(b, p);
            break;
        }
        ht_buf_append(b, p, (size_t)(pc - p));
        p = pc + 1;
        if (*p == 's') {
            hs_html_cstr(b, va_arg(ap, const char *));
            p++;
        } else if (*p == 'd') {
            ht_buf_printf(b, "%d", va_arg(ap, int));
            p++;
        } else if (strncmp(p, "lld", 3) == 0) {
            ht_buf_printf(b, "%lld", va_arg(ap, long long));
            p += 3;
        } else if (strncmp(p, "ld", 2) == 0) {
            ht_buf_printf(b, "%ld", va_arg(ap, long));
            p += 2;
        } else if (strncmp(p, "zu", 2) == 0) {
            ht_buf_printf(b, "%zu", va_arg(ap, size_t));
            p += 2;
        } else if (p[0] == '.' && p[1] >= '0' && p[1] <= '9' && p[2] == 'f') {
            char f[5] = {'%', '.', p[1], 'f', 0};
            ht_buf_printf(b, f, va_arg(ap, double));
            p += 3;
        } else if (*p == '%') {
            ht_buf_putc(b, '%');
            p++;
        } else
            ht_buf_putc(b, '%');
    }
    va_end(ap);
}

void hs_url_encode(ht_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *u = (const unsigned char *)s; s && *u; u++) {
        if ((*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z') || (*u >= '0' && *u <= '9') ||
            *u == '-' || *u == '_' || *u == '.' || *u == '~' || *u == ':')
            ht_buf_putc(b, (char)*u);
        else {
            char e[3] = {'%', hex[*u >> 4], hex[*u & 15]};
            ht_buf_append(b, e, 3);
        }
    }
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

void hs_date_vi(const char *iso, char out[16])
{
    out[0] = 0;
    if (!iso)
        return;
    size_t n = strlen(iso);
    if (n == 10 && digits(iso, 4) && iso[4] == '-' && digits(iso + 5, 2) && iso[7] == '-' &&
        digits(iso + 8, 2))
        snprintf(out, 16, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
    else if (n == 7 && digits(iso, 4) && iso[4] == '-' && digits(iso + 5, 2))
        snprintf(out, 16, "%.2s/%.4s", iso + 5, iso);
    else if (n == 4 && digits(iso, 4))
        snprintf(out, 16, "%.4s", iso);
    else if (n == 7 && iso[0] == '-' && iso[1] == '-' && digits(iso + 2, 2) && iso[4] == '-' &&
             digits(iso + 5, 2))
        snprintf(out, 16, "%.2s/%.2s", iso + 5, iso + 2);
    else if (n > 10 && iso[10] == 'T') {
        char d[11];
        memcpy(d, iso, 10);
        d[10] = 0;
        hs_date_vi(d, out);
    } else
        snprintf(out, 16, "%.15s", iso);
}

void hs_html_date(ht_buf *b, const char *iso, bool inferred)
{
    char vi[16];
    hs_date_vi(iso, vi);
    if (!vi[0]) {
        ht_buf_puts(b, "<span class=\"none\">—</span>");
        return;
    }
    hs_html_printf(b, "<time datetime=\"%s\">%s</time>", iso, vi);
    if (inferred)
        ht_buf_puts(b, "<abbr class=\"inferred\" title=\"năm được suy ra từ văn bản\">*</abbr>");
}

const hs_asset *hs_asset_get(const char *name)
{
    for (size_t i = 0; i < hs_nassets; i++)
        if (strcmp(hs_assets[i].name, name) == 0)
            return &hs_assets[i];
    return NULL;
}

/* Writes the value of a {{name}} placeholder of the layout. */
static void slot(ht_buf *out, const hs_layout *l, const char *name, size_t n)
{
#define IS(lit) (n == sizeof(lit) - 1 && memcmp(name, lit, n) == 0)
    if (IS("title"))
        hs_html_cstr(out, l->title);
    else if (IS("body"))
        ht_buf_puts(out, l->body ? l->body : "");
    else if (IS("csrf"))
        hs_html_cstr(out, l->csrf ? l->csrf : "");
    else if (IS("query"))
        hs_html_cstr(out, l->query ? l->query : "");
    else if (IS("user")) {
        if (l->user && *l->user) {
            hs_html_printf(out,
                           "<span class=\"who\">%s</span>"
                           "<form method=\"post\" action=\"/signout\" class=\"inline\">"
                           "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                           "<button type=\"submit\" class=\"link\">Đăng xuất</button></form>",
                           l->user, l->csrf ? l->csrf : "");
        } else
            ht_buf_puts(out, "<a href=\"/signin\">Đăng nhập</a>");
    } else if (n > 4 && memcmp(name, "nav:", 4) == 0) {
        if (l->nav && strlen(l->nav) == n - 4 && memcmp(l->nav, name + 4, n - 4) == 0)
            ht_buf_puts(out, " aria-current=\"page\"");
    } else if (IS("css")) {
        const hs_asset *a = hs_asset_get("style.css");
        ht_buf_printf(out, "/static/style.css?v=%s", a ? a->etag : "0");
    } else if (IS("js")) {
        const hs_asset *a = hs_asset_get("app.js");
        ht_buf_printf(out, "/static/app.js?v=%s", a ? a->etag : "0");
    }
#undef IS
}

void hs_html_layout(ht_buf *out, const hs_layout *l)
{
    const hs_asset *a = hs_asset_get("layout.html");
    if (!a) {
        ht_buf_puts(out, l->body ? l->body : "");
        return;
    }
    const char *s = (const char *)a->data, *end = s + a->n;
    while (s < end) {
        const char *o = memmem(s, (size_t)(end - s), "{{", 2);
        if (!o) {
            ht_buf_append(out, s, (size_t)(end - s));
            break;
        }
        const char *c = memmem(o, (size_t)(end - o), "}}", 2);
        if (!c) {
            ht_buf_append(out, s, (size_t)(end - s));
            break;
        }
        ht_buf_append(out, s, (size_t)(o - s));
        slot(out, l, o + 2, (size_t)(c - o - 2));
        s = c + 2;
    }
}
