/* hoptac document: the documents of the registry (list, show, add, edit, delete, merge). */
#include "app/app.h"
#include "cli.h"
#include "records.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int ht_cmd_ingest(int argc, char **argv);

const char ht_cmd_document_usage[] =
    "usage: hoptac document list [--all] [--json] [--db PATH]\n"
    "       hoptac document show ID [--json] [--db PATH]\n"
    "       hoptac document add PATH... [--db PATH]       (the same as 'hoptac ingest')\n"
    "       hoptac document edit ID FIELD=VALUE... [--db PATH]\n"
    "       hoptac document delete ID [--db PATH]\n"
    "       hoptac document merge ID OTHER [--db PATH]\n"
    "\n"
    "ID is a document id, a unique prefix of one (6 characters or more), or its\n"
    "content hash.\n"
    "\n"
    "list    every document: id, published date and title (--all: deleted ones too)\n"
    "show    one document with its blocks (class and byte span), the mentions found\n"
    "        in it and its history\n"
    "add     stores articles with what extraction finds in them\n"
    "edit    changes title, published (YYYY-MM-DD) or url; an empty value clears\n"
    "delete  takes the document out of lists and search; it stays, with its sources,\n"
    "        in history and exports, and ingesting it again does not bring it back\n"
    "merge   OTHER tells the same story as ID: it joins ID's near-duplicate cluster\n"
    "\n"
    "  --json      print JSON instead of a table\n"
    "  --db PATH   the database file (default: $HOPTAC_DB, else ./hoptac.db)\n";

/* title=..., published=..., url=... as a JSON object; an empty value is null. */
static int doc_assignments(char **args, int n, char **out)
{
    json_t *o = json_object();
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(args[i], '=');
        if (!eq || eq == args[i]) {
            json_decref(o);
            return ht_cli_usage_error("document", "'%s': expected FIELD=VALUE", args[i]);
        }
        char *k = strndup(args[i], (size_t)(eq - args[i]));
        json_object_set_new(o, k, eq[1] ? json_string(eq + 1) : json_null());
        free(k);
    }
    *out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return 0;
}

int ht_cmd_document(int argc, char **argv)
{
    ht_cli_opts o = {0};
    o.args = calloc((size_t)argc + 1, sizeof *o.args);
    if (!o.args)
        return ht_cli_fail("document", "out of memory");
    const char *action = argc > 1 ? argv[1] : NULL;
    if (action && !strcmp(action, "add")) {
        /* add is ingest: the same options, the same report */
        argv[1] = "ingest";
        free(o.args);
        return ht_cmd_ingest(argc - 1, argv + 1);
    }
    int rc = ht_cli_parse("document", argc, argv, true, NULL, &o);
    if (rc) {
        free(o.args);
        return rc;
    }
    action = o.nargs ? o.args[0] : NULL;
    char **rest = o.args + 1;
    int nrest = o.nargs ? o.nargs - 1 : 0;
    static const char *const actions[] = {"list", "show", "edit", "delete", "merge"};
    int act = -1;
    for (int i = 0; action && i < 5; i++)
        if (!strcmp(action, actions[i]))
            act = i;
    const char *err = NULL;
    if (!action)
        err = "say what to do: list, show ID, add, edit, delete or merge";
    else if (act < 0)
        rc = ht_cli_usage_error("document", "unknown action '%s' (list, show, add, edit, delete, "
                                            "merge)", action);
    else if (act == 0 && nrest)
        err = "list takes no argument";
    else if ((act == 1 || act == 3) && nrest != 1)
        err = act == 1 ? "show needs a document id" : "delete needs a document id";
    else if (act == 2 && nrest < 2)
        err = "edit needs a document id and FIELD=VALUE arguments";
    else if (act == 4 && nrest != 2)
        err = "merge needs two document ids";
    else if (o.status)
        err = "--status is for records, not documents";
    if (err)
        rc = ht_cli_usage_error("document", "%s", err);
    char *json = NULL;
    if (!rc && act == 2)
        rc = doc_assignments(rest + 1, nrest - 1, &json);
    if (rc) {
        free(o.args);
        return rc;
    }
    ht_error e = {0};
    ht_store *st;
    if (ht_store_open(ht_store_path(o.db), act >= 2 ? 0 : HT_STORE_READONLY, &st, &e)) {
        free(o.args);
        free(json);
        return ht_cli_fail("document", e.msg);
    }
    ht_buf out = {0};
    switch (act) {
    case 0:
        rc = ht_app_document_list(st, o.all, o.json, &out, &e);
        break;
    case 1:
        rc = ht_app_document_show(st, rest[0], o.json, &out, &e);
        break;
    case 2:
        rc = json ? ht_app_document_edit(st, rest[0], json, strlen(json), NULL, &e)
                  : ht_err(&e, HT_ENOMEM, "out of memory");
        if (!rc)
            ht_buf_printf(&out, "edited document %s\n", rest[0]);
        break;
    case 3:
        if (!(rc = ht_app_document_delete(st, rest[0], NULL, &e)))
            ht_buf_printf(&out, "deleted document %s (kept in history)\n", rest[0]);
        break;
    case 4:
        if (!(rc = ht_app_document_merge(st, rest[0], rest[1], NULL, &e)))
            ht_buf_printf(&out, "document %s joins the cluster of %s\n", rest[1], rest[0]);
        break;
    }
    ht_store_close(st);
    free(o.args);
    free(json);
    if (rc) {
        ht_buf_free(&out);
        return ht_cli_fail("document", e.msg);
    }
    fwrite(out.p, 1, out.n, stdout);
    ht_buf_free(&out);
    return 0;
}
