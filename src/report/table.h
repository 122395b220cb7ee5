/* A report: a title, columns, rows of UTF-8 cells (NULL = empty) and, when the report
 * has them, the sources of each row; written as a terminal table, JSON, CSV or
 * Markdown into an ht_buf.
 *
 * Terminal: columns aligned by display width (a Vietnamese letter, precomposed or with
 * combining marks, is 1 column; an East Asian wide character 2), two spaces between
 * columns, a rule of '-' under the labels, integer columns right-aligned; a cell wider
 * than its column's limit is cut at a whole character and ends with '…'; control
 * characters become spaces; each source goes on its own line under its row.
 * JSON: an array of objects, the column keys in column order, then "sources": [...];
 * an empty cell is null, an integer column's cell a number.
 * CSV (RFC 4180): a header of the keys (then "sources"), CRLF after each record, a field
 * with a comma, quote, CR or LF quoted with its quotes doubled; sources are one field,
 * one per line.
 * Markdown: "## title", a pipe table with the labels; '\' and '|' escaped with '\',
 * '<' as "&lt;", line breaks as "<br>"; sources in a last column, one per line.
 * TSV (as GDELT's event files, plus a header row): the keys, then one line per row, LF
 * line ends, tabs and line breaks inside a cell as spaces, sources space-separated in
 * the last field; no title.
 * The sources' key is "sources" unless the table names it (sources_key).
 * Invalid UTF-8 in a cell is written as U+FFFD in every format. */
#ifndef HT_REPORT_TABLE_H
#define HT_REPORT_TABLE_H

#include "../base/base.h"
#include "../base/json.h"

#include <stdbool.h>

typedef enum {
    HT_REPORT_TEXT = 0,
    HT_REPORT_JSON,
    HT_REPORT_CSV,
    HT_REPORT_MD,
    HT_REPORT_TSV
} ht_report_format;

/* INT: an integer (a JSON number, right-aligned); NUM: a decimal number ("2018.4685") */
typedef enum { HT_REPORT_COL_TEXT = 0, HT_REPORT_COL_INT, HT_REPORT_COL_NUM } ht_report_col_type;

typedef struct {
    const char *key;          /* JSON key and CSV header: a code ("date", "kind") */
    const char *label;        /* terminal and Markdown header; NULL: the key */
    ht_report_col_type type;
    unsigned max_width;       /* terminal: cut wider cells; 0: the writer's limit */
} ht_report_col;

typedef struct {
    char **cells;   /* ncols, NULL = empty */
    char **sources;
    size_t nsources;
} ht_report_row;

typedef struct {
    char *title;             /* may be NULL */
    ht_report_col *cols;
    size_t ncols;
    ht_report_row *rows;
    size_t nrows, cap;
    bool with_sources;
    const char *sources_key; /* JSON key and CSV/TSV header of the sources; NULL: "sources" */
    ht_arena arena;          /* the title, columns, cells and sources */
} ht_report_table;

/* Copies title (may be NULL) and the columns. */
int ht_report_table_init(ht_report_table *t, const char *title, const ht_report_col *cols,
                         size_t ncols, bool with_sources);
/* Appends a row; cells has ncols entries, each copied (NULL stays empty). */
int ht_report_table_add(ht_report_table *t, const char *const *cells);
/* Appends a source (a URL or a document's origin) to the last row. */
int ht_report_table_source(ht_report_table *t, const char *src);
void ht_report_table_free(ht_report_table *t);

/* max_width: the default cut width of the terminal table's cells (0: none). */
int ht_report_write_text(const ht_report_table *t, unsigned max_width, ht_buf *out);
/* The JSON array and a newline. */
int ht_report_write_json(const ht_report_table *t, ht_buf *out);
/* The JSON array as one value of an open writer (to embed a report in a reply). */
void ht_report_json_rows(const ht_report_table *t, ht_json *j);
int ht_report_write_csv(const ht_report_table *t, ht_buf *out);
int ht_report_write_md(const ht_report_table *t, ht_buf *out);
int ht_report_write_tsv(const ht_report_table *t, ht_buf *out);
/* One of the above; the terminal table cut at HT_REPORT_TEXT_WIDTH. */
#define HT_REPORT_TEXT_WIDTH 48
int ht_report_write(const ht_report_table *t, ht_report_format f, ht_buf *out);

/* "table" (or "text"), "json", "csv", "md" (or "markdown"), "tsv": 0, else HT_EINVAL. */
int ht_report_format_parse(const char *name, ht_report_format *f);

/* Display width of s[0..n) in terminal columns (invalid bytes count 1). */
size_t ht_report_display_width(const char *s, size_t n);

#endif
