/* Build-time generator: data/NAME.tsv -> C source with the table ht_data_NAME.
 * Validates every row (column count, UTF-8, typed columns) and reports file:line.
 * TSV: '#' lines are comments (each file says there where its facts come from); the
 * first other line names the columns; a name ending in '*' is indexed by its folded
 * values; ':int', ':date' (YYYY-MM-DD) and ':code' ([A-Za-z0-9:_-]+) suffixes are
 * checked. Cells are stored normalised (NFC, one tone placement). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/data.h"
#include "text/text.h"

typedef struct {
    char *key;
    uint32_t row;
    uint16_t col;
} key_t_;

static int key_cmp(const void *a, const void *b)
{
    const key_t_ *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (int)x->col - (int)y->col;
}

static void c_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20 || c >= 0x7F)
            fprintf(f, "\\%03o", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static int bad(const char *file, size_t line, const char *fmt, const char *arg)
{
    fprintf(stderr, "%s:%zu: ", file, line);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gendata DATA.tsv OUT.c\n");
        return 2;
    }
    const char *path = argv[1];
    char *src;
    size_t n;
    ht_error e;
    if (ht_read_file(path, &src, &n, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    size_t badoff;
    if (ht_utf8_validate(src, n, &badoff, &e)) {
        fprintf(stderr, "%s: %s\n", path, e.msg);
        return 1;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char name[128];
    snprintf(name, sizeof name, "%.*s", (int)(strcspn(base, ".")), base);

    char **cols = NULL, **cells = NULL;
    int *indexed = NULL;
    char *types = NULL;
    size_t ncols = 0, nrows = 0, ncells = 0, nkeys = 0, cap_cells = 0, cap_keys = 0;
    key_t_ *keys = NULL;
    int errors = 0;
    size_t line = 0;
    char *p = src;
    while (p < src + n) {
        char *eol = memchr(p, '\n', (size_t)(src + n - p));
        if (!eol)
            eol = src + n;
        *eol = 0;
        line++;
        if (eol > p && eol[-1] == '\r')
            eol[-1] = 0;
        char *l = p;
        p = eol + 1;
        if (l[0] == '#' || l[0] == 0)
            continue;
        size_t nf = 1;
        for (char *q = l; *q; q++)
            nf += *q == '\t';
        char **f = calloc(nf, sizeof *f);
        size_t k = 0;
        for (char *q = l;; q++) {
            f[k++] = q;
            q = strchr(q, '\t');
            if (!q)
                break;
            *q = 0;
        }
        if (!cols) {
            ncols = nf;
            cols = f;
            indexed = calloc(ncols, sizeof *indexed);
            types = calloc(ncols, 1);
            for (size_t c = 0; c < ncols; c++) {
                char *colon = strchr(cols[c], ':');
                if (colon) {
                    *colon = 0;
                    types[c] = !strcmp(colon + 1, "int") ? 'i' : !strcmp(colon + 1, "date") ? 'd'
                               : !strcmp(colon + 1, "code") ? 'c' : '?';
                    if (types[c] == '?')
                        errors += bad(path, line, "unknown column type '%s'", colon + 1);
                }
                size_t cl = strlen(cols[c]);
                if (cl && cols[c][cl - 1] == '*') {
                    cols[c][cl - 1] = 0;
                    indexed[c] = 1;
                }
            }
            continue;
        }
        if (nf != ncols) {
            char msg[64];
            snprintf(msg, sizeof msg, "%zu", nf);
            errors += bad(path, line, "%s fields, the header has a different count", msg);
            free(f);
            continue;
        }
        for (size_t c = 0; c < ncols; c++) {
            ht_buf nb = {0};
            if (ht_text_normalize(f[c], strlen(f[c]), &nb, NULL, &e)) {
                errors += bad(path, line, "%s", e.msg);
                continue;
            }
            char *cell = ht_buf_take(&nb);
            const char *v = cell;
            if (types[c] == 'i' && *v) {
                const char *q = v + (*v == '-');
                if (!*q)
                    errors += bad(path, line, "'%s' is not an integer", v);
                for (; *q; q++)
                    if (!isdigit((unsigned char)*q)) {
                        errors += bad(path, line, "'%s' is not an integer", v);
                        break;
                    }
            } else if (types[c] == 'd' && *v) {
                int y, m, d;
                char tail;
                if (strlen(v) != 10 || sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
                    m < 1 || m > 12 || d < 1 || d > 31)
                    errors += bad(path, line, "'%s' is not a date YYYY-MM-DD", v);
            } else if (types[c] == 'c' && *v) {
                for (const char *q = v; *q; q++)
                    if (!isalnum((unsigned char)*q) && !strchr(":_-", *q)) {
                        errors += bad(path, line, "'%s' is not a code", v);
                        break;
                    }
            }
            if (ncells == cap_cells) {
                cap_cells = cap_cells ? cap_cells * 2 : 1024;
                cells = realloc(cells, cap_cells * sizeof *cells);
            }
            cells[ncells++] = cell;
            if (!indexed[c] || !*v)
                continue;
            const char *s = v;
            while (1) {
                size_t len = strcspn(s, "|");
                ht_buf fb = {0};
                ht_text_fold(s, len, &fb);
                if (fb.n) {
                    if (nkeys == cap_keys) {
                        cap_keys = cap_keys ? cap_keys * 2 : 1024;
                        keys = realloc(keys, cap_keys * sizeof *keys);
                    }
                    keys[nkeys++] = (key_t_){ht_buf_take(&fb), (uint32_t)nrows, (uint16_t)c};
                } else {
                    ht_buf_free(&fb);
                    if (len)
                        errors += bad(path, line, "value '%s' folds to nothing", s);
                }
                if (!s[len])
                    break;
                s += len + 1;
            }
        }
        nrows++;
        free(f);
    }
    if (!cols)
        errors += bad(path, line, "%s", "no header line");
    if (errors) {
        fprintf(stderr, "%s: %d error(s)\n", path, errors);
        return 1;
    }
    qsort(keys, nkeys, sizeof *keys, key_cmp);
    /* one key per folded value and row: a value in two indexed columns of one row, or
     * two spellings that fold alike, are one key (the matcher checks the spellings in
     * every indexed cell of the row) */
    size_t w = 0;
    for (size_t i = 0; i < nkeys; i++)
        if (!w || strcmp(keys[w - 1].key, keys[i].key) || keys[w - 1].row != keys[i].row)
            keys[w++] = keys[i];
    nkeys = w;

    FILE *o = fopen(argv[2], "w");
    if (!o) {
        perror(argv[2]);
        return 1;
    }
    fprintf(o, "/* Generated from %s by tools/gendata: do not edit. */\n", path);
    fprintf(o, "#include \"base/data.h\"\n\nstatic const char *const cols[] = {");
    for (size_t c = 0; c < ncols; c++) {
        fputs(c ? ", " : "", o);
        c_string(o, cols[c]);
    }
    fprintf(o, "};\nstatic const char *const cells[] = {\n");
    for (size_t i = 0; i < ncells; i++) {
        c_string(o, cells[i]);
        fputs((i + 1) % ncols ? ", " : ",\n", o);
    }
    fprintf(o, "NULL};\nstatic const ht_data_key keys[] = {\n");
    for (size_t i = 0; i < nkeys; i++) {
        fputs("{", o);
        c_string(o, keys[i].key);
        fprintf(o, ", %u, %u},\n", keys[i].row, keys[i].col);
    }
    fprintf(o, "{0, 0, 0}};\nconst ht_data_table ht_data_%s = {\"%s\", %zu, %zu, cols, cells, keys, %zu};\n",
            name, name, ncols, nrows, nkeys);
    fclose(o);
    return 0;
}
