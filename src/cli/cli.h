/* The command-line face: one handler per subcommand, each a thin wrapper that parses
 * arguments, calls one app function and prints its result.
 * Handlers return the exit status: 0 success, 1 user error (message printed), 2 usage. */
#ifndef HT_CLI_H
#define HT_CLI_H

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
    const char *summary;               /* one line for `hoptac --help` */
    const char *usage;                 /* full text for `hoptac help CMD` */
} ht_command;

/* True if any argument is -h or --help (before a "--"). */
bool ht_cli_wants_help(int argc, char **argv);
/* Prints "hoptac CMD: message" and the usage hint to stderr; returns 2. */
int ht_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
