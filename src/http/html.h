/* Writing HTML safely: every text that reaches a page goes through hs_html_text or
 * hs_html_attr (titles and names come from scraped pages), dates are shown as people
 * write them in Vietnam (21/06/2018) inside <time datetime="2018-06-21">, and pages
 * are filled into the embedded layout (web/layout.html). */
#ifndef HT_HTTP_HTML_H
#define HT_HTTP_HTML_H

#include "../base/base.h"

#include <stdbool.h>

/* Escapes & < > " ' (so the result is safe in text and in quoted attributes); invalid
 * UTF-8 becomes U+FFFD. NULL writes nothing. */
void hs_html_text(ht_buf *b, const char *s, size_t n);
void hs_html_cstr(ht_buf *b, const char *s);
/* printf with every %s argument escaped (other conversions as printf). Only %s, %d,
 * %ld, %lld, %zu, %.Nf and %% are understood. */
void hs_html_printf(ht_buf *b, const char *fmt, ...);
/* Percent-encodes s for a URL path segment or a query value. */
void hs_url_encode(ht_buf *b, const char *s);

/* "2018-06-21" -> <time datetime="2018-06-21">21/06/2018</time>; "2018-06" ->
 * 06/2018, "2018" -> 2018, "--06-21" -> 21/06; inferred adds a mark with a title.
 * NULL or "" writes the dash placeholder. */
void hs_html_date(ht_buf *b, const char *iso, bool inferred);
/* The same without markup: out has room for 16 bytes. */
void hs_date_vi(const char *iso, char out[16]);

/* An embedded web asset by name ("style.css"), or NULL. */
typedef struct {
    const char *name, *type;
    const unsigned char *data;
    size_t n;
    const char *etag;
} hs_asset;
const hs_asset *hs_asset_get(const char *name);

/* Fills web/layout.html: title (text, escaped here), head_extra and body (HTML),
 * user ("" when nobody is signed in), csrf token (for the sign-out form and the
 * page's script), the active menu entry. */
typedef struct {
    const char *title;
    const char *body;
    const char *user;
    const char *csrf;
    const char *nav;   /* "search", "review", "documents", "reports", "new", "" */
    const char *query; /* the search box's value, may be NULL */
} hs_layout;
void hs_html_layout(ht_buf *out, const hs_layout *l);

#endif
