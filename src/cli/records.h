/* The common command line of party, person, agreement and activity: list, show, add,
 * edit, merge and delete, with --db, --json and the exit statuses of cli.h. */
#ifndef HT_CLI_RECORDS_H
#define HT_CLI_RECORDS_H

#include "store/registry.h"

/* Runs `hoptac NAME ACTION ...` for records of kind k; argv[0] is the command name. */
int ht_cli_records(ht_rec_kind k, int argc, char **argv);

/* Options every registry command takes; the others are left in args (positional). */
typedef struct {
    const char *db;
    bool json, all;
    const char *status;
    char **args;
    int nargs;
} ht_cli_opts;

/* Parses --db PATH, --json, --all and --status S (when filters) and an optional "--";
 * the options named in pass (NULL-terminated, may be NULL) are left in args with their
 * value, for the command to read. Returns 0, or 2 after printing a usage error. args
 * must have room for argc entries. */
int ht_cli_parse(const char *cmd, int argc, char **argv, bool filters,
                 const char *const *pass, ht_cli_opts *o);

/* Prints "hoptac CMD: message" for an error and returns the exit status: 1. */
int ht_cli_fail(const char *cmd, const char *msg);

#endif
