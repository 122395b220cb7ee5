/* Fuzz target: report dates and writers on arbitrary bytes. The first line is parsed
 * as a date (a parsed date must write and parse back the same); the whole input, cut
 * into cells, goes through the terminal, JSON, CSV and Markdown writers (always valid
 * UTF-8), the iCalendar escaping and folding (lines of at most 75 octets that unfold
 * back) and the event TSV writer (as many fields in every row as in the header). */
#include <stdlib.h>
#include <string.h>

#include "report/calendar.h"
#include "report/events.h"
#include "report/table.h"
#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void valid(const ht_buf *b)
{
    size_t bad;
    if (b->n && ht_utf8_validate(b->p, b->n, &bad, NULL))
        abort();
}

static void dates(const char *s, size_t n)
{
    size_t k = strcspn(s, "\n");
    ht_report_date d, back, m;
    if (ht_report_date_parse(s, k < n ? k : n, false, &d, NULL))
        return;
    char w[HT_REPORT_DATE_MAX], v[HT_REPORT_DATE_MAX];
    size_t wn = ht_report_date_written(d, w);
    ht_report_date_vi(d, v);
    if (!wn || ht_report_date_parse(w, wn, false, &back, NULL) || memcmp(&d, &back, sizeof d))
        abort();
    if (d.year && ht_report_date_add_months(d, (int)(n % 400) - 200, &m, NULL) == 0 &&
        (m.prec != d.prec || m.year < 1 || m.year > 9999))
        abort();
    if (ht_report_date_cmp(&d, &back) != 0)
        abort();
}

static void tables(char *s, size_t n)
{
    static const ht_report_col cols[] = {{"a", "Một", HT_REPORT_COL_TEXT, 7},
                                         {"n", NULL, HT_REPORT_COL_INT, 0},
                                         {"c", NULL, HT_REPORT_COL_TEXT, 0}};
    ht_report_table t;
    if (ht_report_table_init(&t, s, cols, 3, true))
        abort();
    const char *cell[3] = {NULL, NULL, NULL};
    size_t k = 0;
    char *p = s;
    for (size_t i = 0; i <= n && t.nrows < 64; i++)
        if (i == n || s[i] == '\x1F') {
            s[i] = 0;
            cell[k++ % 3] = p;
            if (k % 3 == 0) {
                ht_report_table_add(&t, cell);
                ht_report_table_source(&t, p);
            }
            p = s + i + 1;
        }
    ht_report_table_add(&t, cell);
    for (int f = HT_REPORT_TEXT; f <= HT_REPORT_TSV; f++) {
        ht_buf b = {0};
        if (ht_report_write(&t, (ht_report_format)f, &b))
            abort();
        valid(&b);
        ht_buf_free(&b);
    }
    ht_buf b = {0};
    ht_report_write_text(&t, 1, &b);
    valid(&b);
    for (size_t i = 0; i < b.n; i++)
        if ((unsigned char)b.p[i] < 0x20 && b.p[i] != '\n')
            abort();
    ht_buf_free(&b);
    ht_report_table_free(&t);
}

static void ics(const char *s, size_t n)
{
    ht_buf line = {0}, out = {0};
    ht_buf_puts(&line, "SUMMARY:");
    ht_report_ics_text(&line, s, n);
    ht_report_ics_line(&out, line.p, line.n);
    size_t i = 0, got = 0;
    while (i < out.n) {
        char *crlf = memmem(out.p + i, out.n - i, "\r\n", 2);
        if (!crlf)
            abort();
        size_t len = (size_t)(crlf - (out.p + i)), bad;
        if (len > 75 || ht_utf8_validate(out.p + i, len, &bad, NULL))
            abort();
        size_t skip = i ? 1 : 0; /* the space of a continuation line */
        if (len < skip || memcmp(out.p + i + skip, line.p + got, len - skip) != 0)
            abort();
        got += len - skip;
        i += len + 2;
    }
    if (got != line.n)
        abort();
    ht_buf_free(&line);
    ht_buf_free(&out);
}

static void events(const char *s, size_t n)
{
    const ht_report_actor act[] = {{s, s, "VN", s, s}, {"x", s, s, "VN-DLK", NULL}};
    const char *src[] = {s, "https://example.org/"};
    ht_report_event ev = {s, {2022, 1, 2, HT_REPORT_DATE_DAY, false}, s, act, 2, s, s, src, 2,
                          0, (time_t)n, false};
    ht_buf b = {0};
    if (ht_report_events_tsv(&ev, 1, &b, NULL))
        abort();
    valid(&b);
    size_t tabs[3] = {0, 0, 0}, line = 0;
    for (size_t i = 0; i < b.n; i++) {
        if (b.p[i] == '\t' && line < 3)
            tabs[line]++;
        if (b.p[i] == '\n')
            line++;
    }
    if (line != 2 || tabs[0] != tabs[1])
        abort();
    ht_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = 0;
    size_t n = strlen(s); /* cells are C strings: stop at a NUL */
    dates(s, n);
    ics(s, n);
    events(s, n);
    tables(s, n);
    free(s);
    return 0;
}
