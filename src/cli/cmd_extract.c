/* hoptac extract: runs reading and extraction on files without writing anything. */
#include "cli.h"
#include "extract/extract.h"

#include <string.h>

const char ht_cmd_extract_usage[] =
    "usage: hoptac extract [--json | --text | --blocks] PATH...\n"
    "\n"
    "Reads articles (plain text, markdown-ish text, HTML, JSON Lines; the format is\n"
    "recognised from the content) from files, directories (recursively: .txt, .md,\n"
    ".html, .htm, .jsonl, .json and files without an extension), '-' for standard\n"
    "input, or FILE.jsonl#ID for one line of a JSON Lines file, and prints what\n"
    "hoptac finds in them, writing nothing to the database.\n"
    "\n"
    "  --json     one JSON object per document (JSON Lines): the document (title,\n"
    "             published date, body characters, boilerplate blocks), parties,\n"
    "             people, agreements, activities and anniversaries (the default)\n"
    "  --text     the article alone as plain text: title, lead and body paragraphs,\n"
    "             without captions, bylines and boilerplate; documents are separated\n"
    "             by an empty line\n"
    "  --blocks   every block with its class, byte span in the input, first words\n"
    "             and the reason for its class\n"
    "\n"
    "Block classes: title, lead, body, caption (a photo of this article),\n"
    "caption-other (a caption of another story), byline, boilerplate (menus,\n"
    "related and most-read lists, headline lists, footers).\n"
    "JSON Lines on standard input are read a line at a time as they come, and each\n"
    "document is printed as soon as it is read.\n"
    "A bad document is reported with its file and place; the others go on.\n"
    "Exit status 1 if any document failed.\n";

typedef enum { OUT_JSON, OUT_TEXT, OUT_BLOCKS } out_mode;

typedef struct {
    out_mode mode;
    int failed;
    size_t docs;
    bool flush; /* reading standard input: each document is written out at once */
} run_state;

static size_t code_points(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static bool article_class(ht_block_class c)
{
    return c == HT_BLK_TITLE || c == HT_BLK_LEAD || c == HT_BLK_BODY;
}

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
    bool title_block = false;
    for (size_t i = 0; i < d->nblocks; i++) {
        const ht_block *blk = &d->blocks[i];
        if (article_class(blk->cls))
            body += code_points(d->text + blk->start, blk->end - blk->start);
        else if (blk->cls == HT_BLK_BOILERPLATE)
            boiler++;
        title_block |= blk->cls == HT_BLK_TITLE;
    }
    if (!title_block && d->title) /* a title from metadata (JSON Lines, HTML head) */
        body += code_points(d->title, strlen(d->title));
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

static void write_text(ht_doc *d, size_t nth)
{
    if (nth > 0)
        fputc('\n', stdout);
    bool title_block = false;
    for (size_t i = 0; i < d->nblocks; i++)
        title_block |= d->blocks[i].cls == HT_BLK_TITLE;
    if (!title_block && d->title && d->format == HT_FMT_JSONL)
        printf("%s\n", d->title);
    for (size_t i = 0; i < d->nblocks; i++) {
        const ht_block *b = &d->blocks[i];
        if (!article_class(b->cls))
            continue;
        fwrite(d->text + b->start, 1, b->end - b->start, stdout);
        fputc('\n', stdout);
    }
}

static void write_blocks(ht_doc *d)
{
    printf("# %s (%s, %zu blocks", d->source, ht_page_format_name(d->format), d->nblocks);
    if (d->published)
        printf(", published %s", d->published);
    printf(")\n");
    for (size_t i = 0; i < d->nblocks; i++) {
        const ht_block *b = &d->blocks[i];
        /* the first 60 characters, never half of one */
        size_t len = b->end - b->start, cut = 0, chars = 0;
        while (cut < len && chars < 60) {
            cut++;
            while (cut < len && ((unsigned char)d->text[b->start + cut] & 0xC0) == 0x80)
                cut++;
            chars++;
        }
        char span[48];
        snprintf(span, sizeof span, "%zu-%zu", b->orig_start, b->orig_end);
        printf("%-13s %-15s %.*s%s  [%s]\n", ht_block_class_name(b->cls), span, (int)cut,
               d->text + b->start, cut < len ? "…" : "", b->why ? b->why : "");
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
    size_t nth = st->docs++;
    switch (st->mode) {
    case OUT_JSON:
        st->failed += write_json(d);
        break;
    case OUT_TEXT:
        write_text(d, nth);
        break;
    case OUT_BLOCKS:
        write_blocks(d);
        break;
    }
    if (st->flush)
        fflush(stdout);
    return 0;
}

int ht_cmd_extract(int argc, char **argv)
{
    run_state st = {OUT_JSON, 0, 0, false};
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
        st.flush = strcmp(a, "-") == 0;
        int rc = ht_page_read_path(a, on_doc, &st, &e);
        if (rc < 0) {
            fprintf(stderr, "hoptac extract: %s\n", e.msg);
            st.failed++;
        }
    }
    return st.failed ? 1 : 0;
}
