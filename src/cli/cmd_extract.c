/* hoptac extract: runs reading and extraction on files without writing anything. */
#include "cli.h"
#include "extract/extract.h"

#include <string.h>

const char ht_cmd_extract_usage[] =
    "usage: hoptac extract [--json | --text | --blocks] PATH...\n"
    "\n"
    "Reads articles (plain text, markdown-ish text, HTML, JSON Lines; files,\n"
    "directories, '-' for standard input, FILE.jsonl#ID for one line) and prints what\n"
    "hoptac finds in them, writing nothing to the database.\n"
    "\n"
    "  --json     one JSON object per document (JSON Lines): the document, parties,\n"
    "             people, agreements, activities and anniversaries\n"
    "  --text     the article alone as plain text: title, lead and body paragraphs\n"
    "  --blocks   every block with its class, byte span and first words\n"
    "\n"
    "A bad document is reported with its file and place; the others go on.\n"
    "Exit status 1 if any document failed.\n";

typedef enum { OUT_JSON, OUT_TEXT, OUT_BLOCKS } out_mode;

typedef struct {
    out_mode mode;
    int failed;
} run_state;

static int write_json(ht_doc *d)
{
    ht_buf b = {0};
    ht_json j;
    ht_json_init(&j, &b);
    ht_json_obj(&j);
    ht_json_key(&j, "source");
    ht_json_cstr(&j, d->source);
    ht_json_key(&j, "document");
    ht_json_obj(&j);
    ht_json_key(&j, "title");
    ht_json_cstr(&j, d->title);
    ht_json_key(&j, "published");
    ht_json_cstr(&j, d->published);
    size_t body = 0, boiler = 0;
    for (size_t i = 0; i < d->nblocks; i++) {
        ht_block_class c = d->blocks[i].cls;
        if (c == HT_BLK_TITLE || c == HT_BLK_LEAD || c == HT_BLK_BODY)
            body += d->blocks[i].end - d->blocks[i].start;
        else if (c == HT_BLK_BOILERPLATE)
            boiler++;
    }
    ht_json_key(&j, "body_chars");
    ht_json_int(&j, (long long)body);
    ht_json_key(&j, "boilerplate_blocks");
    ht_json_int(&j, (long long)boiler);
    ht_json_obj_end(&j);
    ht_error e = {0};
    int rc = ht_extract_json(d, &j, &e);
    ht_json_obj_end(&j);
    if (rc || j.err) {
        fprintf(stderr, "hoptac extract: %s: %s\n", d->source, rc ? e.msg : "out of memory");
        ht_buf_free(&b);
        return 1;
    }
    ht_buf_putc(&b, '\n');
    fwrite(b.p, 1, b.n, stdout);
    ht_buf_free(&b);
    return 0;
}

static void write_text(ht_doc *d)
{
    for (size_t i = 0; i < d->nblocks; i++) {
        ht_block_class c = d->blocks[i].cls;
        if (c == HT_BLK_TITLE || c == HT_BLK_LEAD || c == HT_BLK_BODY) {
            fwrite(d->text + d->blocks[i].start, 1, d->blocks[i].end - d->blocks[i].start, stdout);
            fputc('\n', stdout);
        }
    }
}

static void write_blocks(ht_doc *d)
{
    printf("# %s\n", d->source);
    for (size_t i = 0; i < d->nblocks; i++) {
        const ht_block *b = &d->blocks[i];
        size_t len = b->end - b->start, cut = len < 60 ? len : 60;
        while (cut < len && cut > 0 && ((unsigned char)d->text[b->start + cut] & 0xC0) == 0x80)
            cut--; /* do not cut a character in two */
        printf("%-13s %7zu-%-7zu %-18s %.*s%s\n", ht_block_class_name(b->cls), b->orig_start,
               b->orig_end, b->why ? b->why : "", (int)cut, d->text + b->start,
               cut < len ? "…" : "");
    }
}

static int on_doc(ht_doc *d, const ht_error *err, void *ud)
{
    run_state *st = ud;
    if (!d) {
        fprintf(stderr, "hoptac extract: %s\n", err->msg);
        st->failed++;
        return 0;
    }
    switch (st->mode) {
    case OUT_JSON:
        st->failed += write_json(d);
        break;
    case OUT_TEXT:
        write_text(d);
        break;
    case OUT_BLOCKS:
        write_blocks(d);
        break;
    }
    return 0;
}

int ht_cmd_extract(int argc, char **argv)
{
    run_state st = {OUT_JSON, 0};
    int npaths = 0;
    bool opts = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts && strcmp(a, "--") == 0)
            opts = false;
        else if (opts && strcmp(a, "--json") == 0)
            st.mode = OUT_JSON;
        else if (opts && strcmp(a, "--text") == 0)
            st.mode = OUT_TEXT;
        else if (opts && strcmp(a, "--blocks") == 0)
            st.mode = OUT_BLOCKS;
        else if (opts && a[0] == '-' && a[1])
            return ht_cli_usage_error("extract", "unknown option '%s'", a);
        else
            npaths++;
    }
    if (!npaths)
        return ht_cli_usage_error("extract", "no input: give a file, a directory or '-'");
    opts = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts && strcmp(a, "--") == 0) {
            opts = false;
            continue;
        }
        if (opts && a[0] == '-' && a[1])
            continue;
        ht_error e = {0};
        int rc = ht_page_read_path(a, on_doc, &st, &e);
        if (rc < 0) {
            fprintf(stderr, "hoptac extract: %s\n", e.msg);
            st.failed++;
        }
    }
    return st.failed ? 1 : 0;
}
