/* hoptac import: loads an export into an empty registry. */
#include "app/app.h"
#include "cli.h"
#include "records.h"

#include <stdlib.h>

const char ht_cmd_import_usage[] =
    "usage: hoptac import [--db PATH] FILE\n"
    "\n"
    "Loads FILE ('-' for standard input), written by 'hoptac export', into an empty\n"
    "registry (the database is created when missing). The file is checked as it is\n"
    "loaded: a JSON error is reported with its line and column, a bad value or a\n"
    "reference to a missing record with its place (\"activities[3].parties[1]: no\n"
    "party 'VN-XYZ'\"). Everything is loaded in one transaction: on any error, or if\n"
    "the process is interrupted, the database is left as it was.\n"
    "\n"
    "A registry that already holds anything is refused.\n"
    "\n"
    "  --db PATH   the database file (default: $HOPTAC_DB, else ./hoptac.db)\n";

int ht_cmd_import(int argc, char **argv)
{
    ht_cli_opts o = {0};
    o.args = calloc((size_t)argc + 1, sizeof *o.args);
    if (!o.args)
        return ht_cli_fail("import", "out of memory");
    int rc = ht_cli_parse("import", argc, argv, false, NULL, &o);
    const char *file = o.nargs == 1 ? o.args[0] : NULL;
    if (!rc && !file)
        rc = ht_cli_usage_error("import", o.nargs ? "give one file" : "give the file to import");
    free(o.args);
    if (rc)
        return rc;
    ht_store *st;
    ht_error e = {0};
    if (ht_store_open(ht_store_path(o.db), HT_STORE_CREATE, &st, &e) ||
        ht_store_crash_from_env(st, &e)) {
        if (st)
            ht_store_close(st);
        return ht_cli_fail("import", e.msg);
    }
    rc = ht_app_import(st, file, &e);
    if (!rc)
        printf("imported %s into %s\n", file, ht_store_file(st));
    ht_store_close(st);
    return rc ? ht_cli_fail("import", e.msg) : 0;
}
