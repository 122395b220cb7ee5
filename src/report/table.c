/* Reports as tables and their writers: terminal (aligned by display width, for
 * Vietnamese and East Asian text), JSON, CSV (RFC 4180), Markdown and TSV. */
#include "table.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static const char ellipsis[] = "\xE2\x80\xA6"; /* U+2026 */
static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

int ht_report_table_init(ht_report_table *t, const char *title, const ht_report_col *cols,
                         size_t ncols, bool with_sources)
{
    memset(t, 0, sizeof *t);
    t->with_sources = with_sources;
    t->ncols = ncols;
    t->cols = ht_arena_alloc(&t->arena, (ncols ? ncols : 1) * sizeof *t->cols);
    if (!t->cols)
        return HT_ENOMEM;
    if (title && !(t->title = ht_arena_strndup(&t->arena, title, strlen(title))))
        return HT_ENOMEM;
    for (size_t i = 0; i < ncols; i++) {
        t->cols[i] = cols[i];
        const char *key = cols[i].key ? cols[i].key : "";
        t->cols[i].key = ht_arena_strndup(&t->arena, key, strlen(key));
        if (!t->cols[i].key)
            return HT_ENOMEM;
        if (cols[i].label &&
            !(t->cols[i].label = ht_arena_strndup(&t->arena, cols[i].label, strlen(cols[i].label))))
            return HT_ENOMEM;
    }
    return 0;
}

int ht_report_table_add(ht_report_table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        ht_report_row *r = realloc(t->rows, cap * sizeof *r);
        if (!r)
            return HT_ENOMEM;
        t->rows = r;
        t->cap = cap;
    }
    ht_report_row *row = &t->rows[t->nrows];
    memset(row, 0, sizeof *row);
    row->cells = ht_arena_alloc(&t->arena, (t->ncols ? t->ncols : 1) * sizeof *row->cells);
    if (!row->cells)
        return HT_ENOMEM;
    for (size_t i = 0; i < t->ncols; i++)
        if (cells[i] && !(row->cells[i] = ht_arena_strndup(&t->arena, cells[i], strlen(cells[i]))))
            return HT_ENOMEM;
    t->nrows++;
    return 0;
}

int ht_report_table_source(ht_report_table *t, const char *src)
{
    if (!t->nrows || !src)
        return HT_EINVAL;
    ht_report_row *row = &t->rows[t->nrows - 1];
    /* arrays grow by powers of two inside the arena: cheap for the few sources a row has */
    size_t n = row->nsources;
    if ((n & (n - 1)) == 0) {
        char **v = ht_arena_alloc(&t->arena, (n ? n * 2 : 1) * sizeof *v);
        if (!v)
            return HT_ENOMEM;
        if (n)
            memcpy(v, row->sources, n * sizeof *v);
        row->sources = v;
    }
    if (!(row->sources[n] = ht_arena_strndup(&t->arena, src, strlen(src))))
        return HT_ENOMEM;
    row->nsources = n + 1;
    return 0;
}

void ht_report_table_free(ht_report_table *t)
{
    free(t->rows);
    ht_arena_free(&t->arena);
    memset(t, 0, sizeof *t);
}

/* Decodes the code point at s[i]; an invalid byte is U+FFFD of length 1. */
static size_t next_cp(const char *s, size_t n, size_t i, int32_t *cp)
{
    if ((unsigned char)s[i] < 0x80) {
        *cp = (unsigned char)s[i];
        return 1;
    }
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(n - i), cp);
    if (k <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return (size_t)k;
}

static bool is_control(int32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp < 0xA0); }

static size_t cp_width(int32_t cp)
{
    if (cp >= 0x20 && cp < 0x7F)
        return 1;
    if (is_control(cp))
        return 1; /* written as a space */
    int w = utf8proc_charwidth(cp);
    return w > 0 ? (size_t)w : 0;
}

size_t ht_report_display_width(const char *s, size_t n)
{
    size_t w = 0;
    int32_t cp;
    for (size_t i = 0; i < n;) {
        i += next_cp(s, n, i, &cp);
        w += cp_width(cp);
    }
    return w;
}

/* Appends the code point at s[i] (length k) as valid UTF-8. */
static int put_cp(ht_buf *b, const char *s, size_t i, size_t k, int32_t cp)
{
    if (cp == 0xFFFD && k == 1)
        return ht_buf_append(b, replacement, 3);
    return ht_buf_append(b, s + i, k);
}

/* ---- terminal ---- */

/* Appends a cell for the terminal (controls as spaces, invalid bytes as U+FFFD), cut to
 * maxw columns (0: no limit) with '…'; returns its display width. */
static size_t text_cell(ht_buf *b, const char *s, unsigned maxw, int *err)
{
    size_t n = s ? strlen(s) : 0;
    size_t total = ht_report_display_width(s ? s : "", n);
    size_t limit = maxw && total > maxw ? maxw - 1 : (size_t)-1, w = 0;
    int32_t cp;
    size_t i = 0;
    while (i < n) {
        size_t k = next_cp(s, n, i, &cp);
        size_t cw = cp_width(cp);
        if (w + cw > limit)
            break;
        w += cw;
        *err |= is_control(cp) ? ht_buf_putc(b, ' ') : put_cp(b, s, i, k, cp);
        i += k;
    }
    if (i < n) {
        /* a combining mark belongs to the letter before the cut */
        while (i < n) {
            size_t k = next_cp(s, n, i, &cp);
            if (is_control(cp) || cp_width(cp) != 0)
                break;
            *err |= put_cp(b, s, i, k, cp);
            i += k;
        }
        *err |= ht_buf_append(b, ellipsis, 3);
        w++;
    }
    return w;
}

static int pad(ht_buf *b, size_t k)
{
    int err = 0;
    while (k--)
        err |= ht_buf_putc(b, ' ');
    return err;
}

static void trim_line(ht_buf *b, size_t start)
{
    while (b->n > start && b->p[b->n - 1] == ' ')
        b->n--;
    b->p[b->n] = 0;
}

int ht_report_write_text(const ht_report_table *t, unsigned max_width, ht_buf *out)
{
    int err = 0;
    size_t nc = t->ncols;
    size_t *width = calloc(nc ? nc : 1, sizeof *width);
    ht_buf cell = {0};
    if (!width)
        return HT_ENOMEM;
    for (size_t c = 0; c < nc; c++) {
        const char *l = t->cols[c].label ? t->cols[c].label : t->cols[c].key;
        width[c] = ht_report_display_width(l, strlen(l));
    }
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < nc; c++) {
            unsigned m = t->cols[c].max_width ? t->cols[c].max_width : max_width;
            ht_buf_reset(&cell);
            size_t w = text_cell(&cell, t->rows[r].cells[c], m, &err);
            if (w > width[c])
                width[c] = w;
        }
    if (t->title) {
        text_cell(out, t->title, 0, &err);
        err |= ht_buf_putc(out, '\n');
    }
    size_t start = out->n;
    for (size_t c = 0; c < nc; c++) {
        const char *l = t->cols[c].label ? t->cols[c].label : t->cols[c].key;
        size_t w = ht_report_display_width(l, strlen(l));
        if (t->cols[c].type != HT_REPORT_COL_TEXT)
            err |= pad(out, width[c] - w);
        text_cell(out, l, 0, &err);
        if (t->cols[c].type == HT_REPORT_COL_TEXT)
            err |= pad(out, width[c] - w);
        if (c + 1 < nc)
            err |= ht_buf_append(out, "  ", 2);
    }
    trim_line(out, start);
    err |= ht_buf_putc(out, '\n');
    for (size_t c = 0; c < nc; c++) {
        for (size_t k = 0; k < width[c]; k++)
            err |= ht_buf_putc(out, '-');
        if (c + 1 < nc)
            err |= ht_buf_append(out, "  ", 2);
    }
    err |= ht_buf_putc(out, '\n');
    for (size_t r = 0; r < t->nrows; r++) {
        start = out->n;
        for (size_t c = 0; c < nc; c++) {
            unsigned m = t->cols[c].max_width ? t->cols[c].max_width : max_width;
            ht_buf_reset(&cell);
            size_t w = text_cell(&cell, t->rows[r].cells[c], m, &err);
            bool right = t->cols[c].type != HT_REPORT_COL_TEXT;
            if (right)
                err |= pad(out, width[c] - w);
            err |= ht_buf_append(out, cell.p ? cell.p : "", cell.n);
            if (!right)
                err |= pad(out, width[c] - w);
            if (c + 1 < nc)
                err |= ht_buf_append(out, "  ", 2);
        }
        trim_line(out, start);
        err |= ht_buf_putc(out, '\n');
        for (size_t s = 0; s < t->rows[r].nsources; s++) {
            err |= ht_buf_append(out, "    ", 4);
            text_cell(out, t->rows[r].sources[s], 0, &err);
            err |= ht_buf_putc(out, '\n');
        }
    }
    ht_buf_free(&cell);
    free(width);
    return err ? HT_ENOMEM : 0;
}

/* ---- JSON ---- */

static bool is_integer(const char *s)
{
    size_t i = *s == '-', k = 0;
    if (s[i] == '0' && s[i + 1])
        return false;
    for (; s[i]; i++, k++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return k > 0 && k <= 18;
}

/* A decimal as JSON writes it: an integer part as above, then '.' and digits. */
static bool is_decimal(const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot)
        return is_integer(s);
    size_t n = (size_t)(dot - s), k = strlen(dot + 1);
    char ip[24];
    if (n >= sizeof ip || !k || k > 18)
        return false;
    memcpy(ip, s, n);
    ip[n] = 0;
    for (size_t i = 1; i <= k; i++)
        if (dot[i] < '0' || dot[i] > '9')
            return false;
    return is_integer(ip);
}

static const char *sources_key(const ht_report_table *t)
{
    return t->sources_key ? t->sources_key : "sources";
}

void ht_report_json_rows(const ht_report_table *t, ht_json *j)
{
    ht_json_arr(j);
    for (size_t r = 0; r < t->nrows; r++) {
        const ht_report_row *row = &t->rows[r];
        ht_json_obj(j);
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = row->cells[c];
            ht_json_key(j, t->cols[c].key);
            if (v && ((t->cols[c].type == HT_REPORT_COL_INT && is_integer(v)) ||
                      (t->cols[c].type == HT_REPORT_COL_NUM && is_decimal(v))))
                ht_json_raw(j, v, strlen(v));
            else
                ht_json_cstr(j, v);
        }
        if (t->with_sources) {
            ht_json_key(j, sources_key(t));
            ht_json_arr(j);
            for (size_t s = 0; s < row->nsources; s++)
                ht_json_cstr(j, row->sources[s]);
            ht_json_arr_end(j);
        }
        ht_json_obj_end(j);
    }
    ht_json_arr_end(j);
}

int ht_report_write_json(const ht_report_table *t, ht_buf *out)
{
    ht_json j;
    ht_json_init(&j, out);
    ht_report_json_rows(t, &j);
    j.err |= ht_buf_putc(out, '\n');
    return j.err ? HT_ENOMEM : 0;
}

/* ---- CSV ---- */

static int csv_field(ht_buf *b, const char *s, size_t n)
{
    int err = 0;
    bool quote = false;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (quote)
        err |= ht_buf_putc(b, '"');
    int32_t cp;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && (unsigned char)s[j] < 0x80 && s[j] != '"')
            j++;
        err |= ht_buf_append(b, s + i, j - i);
        if ((i = j) >= n)
            break;
        size_t k = next_cp(s, n, i, &cp);
        if (cp == '"')
            err |= ht_buf_append(b, "\"\"", 2);
        else
            err |= put_cp(b, s, i, k, cp);
        i += k;
    }
    if (quote)
        err |= ht_buf_putc(b, '"');
    return err;
}

int ht_report_write_csv(const ht_report_table *t, ht_buf *out)
{
    int err = 0;
    ht_buf tmp = {0};
    for (size_t c = 0; c < t->ncols; c++) {
        if (c)
            err |= ht_buf_putc(out, ',');
        err |= csv_field(out, t->cols[c].key, strlen(t->cols[c].key));
    }
    if (t->with_sources) {
        if (t->ncols)
            err |= ht_buf_putc(out, ',');
        err |= csv_field(out, sources_key(t), strlen(sources_key(t)));
    }
    err |= ht_buf_append(out, "\r\n", 2);
    for (size_t r = 0; r < t->nrows; r++) {
        const ht_report_row *row = &t->rows[r];
        for (size_t c = 0; c < t->ncols; c++) {
            if (c)
                err |= ht_buf_putc(out, ',');
            if (row->cells[c])
                err |= csv_field(out, row->cells[c], strlen(row->cells[c]));
        }
        if (t->with_sources) {
            ht_buf_reset(&tmp);
            for (size_t s = 0; s < row->nsources; s++) {
                if (s)
                    err |= ht_buf_putc(&tmp, '\n');
                err |= ht_buf_puts(&tmp, row->sources[s]);
            }
            if (t->ncols)
                err |= ht_buf_putc(out, ',');
            err |= csv_field(out, tmp.p ? tmp.p : "", tmp.n);
        }
        err |= ht_buf_append(out, "\r\n", 2);
    }
    ht_buf_free(&tmp);
    return err ? HT_ENOMEM : 0;
}

/* ---- Markdown ---- */

static int md_text(ht_buf *b, const char *s)
{
    int err = 0;
    size_t n = s ? strlen(s) : 0;
    int32_t cp;
    for (size_t i = 0; i < n;) {
        size_t k = next_cp(s, n, i, &cp);
        switch (cp) {
        case '\\': err |= ht_buf_append(b, "\\\\", 2); break;
        case '|': err |= ht_buf_append(b, "\\|", 2); break;
        case '<': err |= ht_buf_append(b, "&lt;", 4); break;
        case '\n': err |= ht_buf_append(b, "<br>", 4); break;
        case '\r': break;
        default:
            err |= is_control(cp) ? ht_buf_putc(b, ' ') : put_cp(b, s, i, k, cp);
        }
        i += k;
    }
    return err;
}

int ht_report_write_md(const ht_report_table *t, ht_buf *out)
{
    int err = 0;
    if (t->title) {
        err |= ht_buf_append(out, "## ", 3);
        err |= md_text(out, t->title);
        err |= ht_buf_append(out, "\n\n", 2);
    }
    err |= ht_buf_putc(out, '|');
    for (size_t c = 0; c < t->ncols; c++) {
        err |= ht_buf_putc(out, ' ');
        err |= md_text(out, t->cols[c].label ? t->cols[c].label : t->cols[c].key);
        err |= ht_buf_append(out, " |", 2);
    }
    if (t->with_sources) {
        err |= ht_buf_putc(out, ' ');
        err |= md_text(out, sources_key(t));
        err |= ht_buf_append(out, " |", 2);
    }
    err |= ht_buf_append(out, "\n|", 2);
    for (size_t c = 0; c < t->ncols; c++)
        err |= ht_buf_puts(out, t->cols[c].type != HT_REPORT_COL_TEXT ? " ---: |" : " --- |");
    if (t->with_sources)
        err |= ht_buf_puts(out, " --- |");
    err |= ht_buf_putc(out, '\n');
    for (size_t r = 0; r < t->nrows; r++) {
        const ht_report_row *row = &t->rows[r];
        err |= ht_buf_putc(out, '|');
        for (size_t c = 0; c < t->ncols; c++) {
            err |= ht_buf_putc(out, ' ');
            err |= md_text(out, row->cells[c]);
            err |= ht_buf_append(out, " |", 2);
        }
        if (t->with_sources) {
            err |= ht_buf_putc(out, ' ');
            for (size_t s = 0; s < row->nsources; s++) {
                if (s)
                    err |= ht_buf_append(out, "<br>", 4);
                err |= md_text(out, row->sources[s]);
            }
            err |= ht_buf_append(out, " |", 2);
        }
        err |= ht_buf_putc(out, '\n');
    }
    return err ? HT_ENOMEM : 0;
}

/* ---- TSV ---- */

/* A TSV field: tabs and line breaks as spaces (a field cannot hold them), other
 * controls kept, invalid bytes as U+FFFD. */
static int tsv_field(ht_buf *b, const char *s)
{
    int err = 0;
    size_t n = s ? strlen(s) : 0;
    int32_t cp;
    for (size_t i = 0; i < n;) {
        size_t k = next_cp(s, n, i, &cp);
        if (cp == '\t' || cp == '\n' || cp == '\r')
            err |= ht_buf_putc(b, ' ');
        else
            err |= put_cp(b, s, i, k, cp);
        i += k;
    }
    return err;
}

int ht_report_write_tsv(const ht_report_table *t, ht_buf *out)
{
    int err = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        if (c)
            err |= ht_buf_putc(out, '\t');
        err |= tsv_field(out, t->cols[c].key);
    }
    if (t->with_sources) {
        if (t->ncols)
            err |= ht_buf_putc(out, '\t');
        err |= tsv_field(out, sources_key(t));
    }
    err |= ht_buf_putc(out, '\n');
    for (size_t r = 0; r < t->nrows; r++) {
        const ht_report_row *row = &t->rows[r];
        for (size_t c = 0; c < t->ncols; c++) {
            if (c)
                err |= ht_buf_putc(out, '\t');
            err |= tsv_field(out, row->cells[c]);
        }
        if (t->with_sources) {
            if (t->ncols)
                err |= ht_buf_putc(out, '\t');
            for (size_t s = 0; s < row->nsources; s++) {
                if (s)
                    err |= ht_buf_putc(out, ' ');
                err |= tsv_field(out, row->sources[s]);
            }
        }
        err |= ht_buf_putc(out, '\n');
    }
    return err ? HT_ENOMEM : 0;
}

int ht_report_write(const ht_report_table *t, ht_report_format f, ht_buf *out)
{
    switch (f) {
    case HT_REPORT_TSV: return ht_report_write_tsv(t, out);
    case HT_REPORT_JSON: return ht_report_write_json(t, out);
    case HT_REPORT_CSV: return ht_report_write_csv(t, out);
    case HT_REPORT_MD: return ht_report_write_md(t, out);
    case HT_REPORT_TEXT: break;
    }
    return ht_report_write_text(t, HT_REPORT_TEXT_WIDTH, out);
}

int ht_report_format_parse(const char *name, ht_report_format *f)
{
    static const struct {
        const char *name;
        ht_report_format f;
    } names[] = {{"table", HT_REPORT_TEXT}, {"text", HT_REPORT_TEXT}, {"json", HT_REPORT_JSON},
                 {"csv", HT_REPORT_CSV},    {"md", HT_REPORT_MD},     {"markdown", HT_REPORT_MD},
                 {"tsv", HT_REPORT_TSV}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (name && strcmp(name, names[i].name) == 0) {
            *f = names[i].f;
            return 0;
        }
    return HT_EINVAL;
}
