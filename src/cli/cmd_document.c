/* hoptac document: the documents of the registry (list, show). */
#include "app/app.h"
#include "cli.h"

#include <string.h>

const char ht_cmd_document_usage[] =
    "usage: hoptac document list [--json] [--db PATH]\n"
    "       hoptac document show ID [--json] [--db PATH]\n"
    "\n"
    "list   every document: id, published date and title\n"
    "show   one document (by id, a unique prefix of it, or its content hash) with\n"
    "       its blocks (class and byte span) and the mentions found in it\n"
    "\n"
    "  --json      print JSON instead of a table\n"
    "  --db PATH   the database file (default: $HOPTAC_DB, else ./hoptac.db)\n";

int ht_cmd_document(int argc, char **argv)
{
    const char *db = NULL, *action = NULL, *id = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0)
            json = true;
        else if (strcmp(a, "--db") == 0 && i + 1 < argc)
            db = argv[++i];
        else if (strncmp(a, "--db=", 5) == 0)
            db = a + 5;
        else if (a[0] == '-' && a[1])
            return ht_cli_usage_error("document", "unknown option '%s'", a);
        else if (!action)
            action = a;
        else if (!id)
            id = a;
        else
            return ht_cli_usage_error("document", "unexpected argument '%s'", a);
    }
    if (!action)
        return ht_cli_usage_error("document", "say what to do: list or show ID");
    bool list = strcmp(action, "list") == 0, show = strcmp(action, "show") == 0;
    if (!list && !show)
        return ht_cli_usage_error("document", "unknown action '%s' (list, show)", action);
    if (list && id)
        return ht_cli_usage_error("document", "list takes no argument");
    if (show && !id)
        return ht_cli_usage_error("document", "show needs a document id");
    ht_error e = {0};
    ht_store *st;
    if (ht_store_open(ht_store_path(db), HT_STORE_READONLY, &st, &e)) {
        fprintf(stderr, "hoptac document: %s\n", e.msg);
        return 1;
    }
    ht_buf out = {0};
    int rc = list ? ht_app_document_list(st, json, &out, &e)
                  : ht_app_document_show(st, id, json, &out, &e);
    ht_store_close(st);
    if (rc) {
        ht_buf_free(&out);
        fprintf(stderr, "hoptac document: %s\n", e.msg);
        return 1;
    }
    fwrite(out.p, 1, out.n, stdout);
    ht_buf_free(&out);
    return 0;
}
