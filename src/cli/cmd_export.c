/* hoptac export: the whole registry as one JSON document, or its activities as
 * GDELT-style event rows (--events). */
#include "app/app.h"
#include "app/report.h"
#include "cli.h"
#include "records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char ht_cmd_export_usage[] =
    "usage: hoptac export [--db PATH] [--output FILE]\n"
    "       hoptac export --events [--tsv|--csv|--json] [--db PATH] [--output FILE]\n"
    "\n"
    "Writes the whole registry as one JSON document: parties, people, documents (with\n"
    "their original text), agreements, activities, mentions and history, each sorted\n"
    "by id with its keys in a fixed order, one record a line. The same registry always\n"
    "gives the same bytes, and 'hoptac import' loads them back: export, import into a\n"
    "new file, and export again gives the same bytes. Users and passwords are not\n"
    "exported.\n"
    "\n"
    "  --output FILE, -o FILE   write to FILE (replaced only when the export is\n"
    "                           complete) instead of standard output\n"
    "  --events                 the activities as event rows instead: the columns of\n"
    "                           GDELT 2.0 event files (GlobalEventID, SQLDATE,\n"
    "                           Actor1Code, EventCode in CAMEO, SOURCEURL, ...) plus\n"
    "                           PloverType, DatePrecision, YearInferred, HoptacID and\n"
    "                           SourceURLs; tab-separated with a header row (--tsv,\n"
    "                           the default), or --csv (RFC 4180) or --json\n"
    "  --db PATH                the database file (default: $HOPTAC_DB, else ./hoptac.db)\n";

/* Takes the options of --events out of argv (flags the common parser does not know). */
static void events_options(int *argc, char **argv, bool *events, ht_report_format *f, int *nfmt)
{
    int k = 1;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            while (i < *argc)
                argv[k++] = argv[i++];
            break;
        }
        if (strcmp(a, "--events") == 0)
            *events = true;
        else if (strcmp(a, "--csv") == 0 || strcmp(a, "--tsv") == 0) {
            *f = a[2] == 'c' ? HT_REPORT_CSV : HT_REPORT_TSV;
            ++*nfmt;
        } else
            argv[k++] = argv[i];
    }
    *argc = k;
}

int ht_cmd_export(int argc, char **argv)
{
    static const char *const pass[] = {"--output", "-o", NULL};
    bool events = false;
    ht_report_format ef = HT_REPORT_TSV;
    int nfmt = 0;
    events_options(&argc, argv, &events, &ef, &nfmt);
    ht_cli_opts o = {0};
    o.args = calloc((size_t)argc + 1, sizeof *o.args);
    if (!o.args)
        return ht_cli_fail("export", "out of memory");
    int rc = ht_cli_parse("export", argc, argv, false, pass, &o);
    const char *output = NULL;
    for (int i = 0; !rc && i < o.nargs; i++) {
        const char *a = o.args[i];
        if (!strcmp(a, "--output") || !strcmp(a, "-o"))
            output = o.args[++i];
        else if (!strncmp(a, "--output=", 9))
            output = a + 9;
        else if (!strncmp(a, "-o=", 3))
            output = a + 3;
        else
            rc = ht_cli_usage_error("export", "unexpected argument '%s'", a);
    }
    if (!rc && events && o.json) {
        ef = HT_REPORT_JSON;
        nfmt++;
    }
    if (!rc && !events && nfmt)
        rc = ht_cli_usage_error("export", "--csv and --tsv are formats of --events");
    else if (!rc && !events && o.json)
        rc = ht_cli_usage_error("export", "the export is JSON already: drop --json");
    else if (!rc && nfmt > 1)
        rc = ht_cli_usage_error("export", "one format: --tsv, --csv or --json");
    free(o.args);
    if (rc)
        return rc;
    ht_store *st;
    ht_error e = {0};
    if (ht_store_open(ht_store_path(o.db), HT_STORE_READONLY, &st, &e))
        return ht_cli_fail("export", e.msg);
    FILE *f = stdout;
    char *tmp = NULL;
    if (output && strcmp(output, "-") != 0) {
        size_t n = strlen(output) + 8;
        tmp = malloc(n);
        if (tmp)
            snprintf(tmp, n, "%s.part", output);
        if (!tmp || !(f = fopen(tmp, "wb"))) {
            ht_store_close(st);
            snprintf(e.msg, sizeof e.msg, "%s: cannot write", tmp ? tmp : output);
            free(tmp);
            return ht_cli_fail("export", e.msg);
        }
    }
    if (events) {
        ht_buf out = {0};
        rc = ht_app_events(st, ef, &out, NULL, NULL, &e);
        if (!rc && out.n && fwrite(out.p, 1, out.n, f) != out.n)
            rc = ht_err(&e, HT_EIO, "%s: cannot write", tmp ? tmp : "standard output");
        ht_buf_free(&out);
    } else
        rc = ht_app_export(st, f, &e);
    ht_store_close(st);
    if (tmp) {
        if (fclose(f) != 0 && !rc)
            rc = ht_err(&e, HT_EIO, "%s: cannot write", tmp);
        if (!rc && rename(tmp, output) != 0)
            rc = ht_err(&e, HT_EIO, "%s: cannot write", output);
        if (rc)
            remove(tmp);
        free(tmp);
    }
    return rc ? ht_cli_fail("export", e.msg) : 0;
}
