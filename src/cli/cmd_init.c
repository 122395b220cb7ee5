/* hoptac init: creates the registry database, or brings its schema up to date. */
#include "app/app.h"
#include "cli.h"

#include <string.h>

const char ht_cmd_init_usage[] =
    "usage: hoptac init [--db PATH]\n"
    "\n"
    "Creates the registry (one SQLite file) or, when it exists, upgrades its schema to\n"
    "the one this hoptac uses. Running it again changes nothing.\n"
    "\n"
    "  --db PATH   the database file (default: $HOPTAC_DB, else ./hoptac.db)\n";

int ht_cmd_init(int argc, char **argv)
{
    const char *db = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            db = argv[++i];
        else if (strncmp(argv[i], "--db=", 5) == 0)
            db = argv[i] + 5;
        else if (strcmp(argv[i], "--db") == 0)
            return ht_cli_usage_error("init", "--db needs a path");
        else
            return ht_cli_usage_error("init", "unexpected argument '%s'", argv[i]);
    }
    const char *path = ht_store_path(db);
    bool created;
    int from;
    ht_error e = {0};
    if (ht_app_init(path, &created, &from, &e)) {
        fprintf(stderr, "hoptac init: %s\n", e.msg);
        return 1;
    }
    if (created)
        printf("created the registry %s (schema %d)\n", path, HT_STORE_SCHEMA);
    else if (from == HT_STORE_SCHEMA)
        printf("the registry %s is up to date (schema %d)\n", path, HT_STORE_SCHEMA);
    else
        printf("upgraded the registry %s to schema %d\n", path, HT_STORE_SCHEMA);
    return 0;
}
