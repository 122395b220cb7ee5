/* hoptac: the registry of the international cooperation of Vietnamese localities.
 * This file holds the command table and decides the exit status; each command lives
 * in src/cli/. */
#include "cli/cli.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#ifndef HT_VERSION
#define HT_VERSION "0.1.0"
#endif

static int cmd_help(int argc, char **argv);
int ht_cmd_extract(int argc, char **argv);
extern const char ht_cmd_extract_usage[];
int ht_cmd_init(int argc, char **argv);
extern const char ht_cmd_init_usage[];
int ht_cmd_ingest(int argc, char **argv);
extern const char ht_cmd_ingest_usage[];
int ht_cmd_document(int argc, char **argv);
extern const char ht_cmd_document_usage[];
int ht_cmd_party(int argc, char **argv);
extern const char ht_cmd_party_usage[];
int ht_cmd_person(int argc, char **argv);
extern const char ht_cmd_person_usage[];
int ht_cmd_agreement(int argc, char **argv);
extern const char ht_cmd_agreement_usage[];
int ht_cmd_activity(int argc, char **argv);
extern const char ht_cmd_activity_usage[];
int ht_cmd_review(int argc, char **argv);
extern const char ht_cmd_review_usage[];
int ht_cmd_export(int argc, char **argv);
extern const char ht_cmd_export_usage[];
int ht_cmd_import(int argc, char **argv);
extern const char ht_cmd_import_usage[];
int ht_cmd_timeline(int argc, char **argv);
extern const char ht_cmd_timeline_usage[];
int ht_cmd_report(int argc, char **argv);
extern const char ht_cmd_report_usage[];
int ht_cmd_search(int argc, char **argv);
extern const char ht_cmd_search_usage[];
int ht_cmd_serve(int argc, char **argv);
extern const char ht_cmd_serve_usage[];
int ht_cmd_user(int argc, char **argv);
extern const char ht_cmd_user_usage[];

static const char help_usage[] =
    "usage: hoptac help [COMMAND]\n"
    "\n"
    "Without COMMAND, lists the commands; with one, prints its full help\n"
    "(the same as 'hoptac COMMAND --help').\n";

static const ht_command ht_commands[] = {
    {"init", ht_cmd_init, "create the registry database or upgrade its schema",
     ht_cmd_init_usage},
    {"ingest", ht_cmd_ingest, "store articles and the records found in them",
     ht_cmd_ingest_usage},
    {"extract", ht_cmd_extract, "print what hoptac finds in articles, writing nothing",
     ht_cmd_extract_usage},
    {"document", ht_cmd_document, "list, show, add, edit, delete or merge stored documents",
     ht_cmd_document_usage},
    {"party", ht_cmd_party, "parties: list, show (with succession), add, edit, merge, delete",
     ht_cmd_party_usage},
    {"person", ht_cmd_person, "people: list, show, add, edit, merge, delete", ht_cmd_person_usage},
    {"agreement", ht_cmd_agreement, "agreements: list, show (with tasks), add, edit, merge, delete",
     ht_cmd_agreement_usage},
    {"activity", ht_cmd_activity, "activities: list, show, add, edit, merge, delete, link",
     ht_cmd_activity_usage},
    {"review", ht_cmd_review, "confirm, reject or edit proposed records", ht_cmd_review_usage},
    {"export", ht_cmd_export, "write the whole registry as JSON", ht_cmd_export_usage},
    {"import", ht_cmd_import, "load an export into an empty registry", ht_cmd_import_usage},
    {"timeline", ht_cmd_timeline, "the activities and agreements of a party or a pair, by date",
     ht_cmd_timeline_usage},
    {"report", ht_cmd_report, "agreements and their status, implementation, anniversaries",
     ht_cmd_report_usage},
    {"search", ht_cmd_search, "search documents and records, accents or not", ht_cmd_search_usage},
    {"serve", ht_cmd_serve, "serve the web UI and the JSON API", ht_cmd_serve_usage},
    {"user", ht_cmd_user, "add, list or delete the users who may change the registry",
     ht_cmd_user_usage},
    {"help", cmd_help, "show help for hoptac or one of its commands", help_usage},
};
static const size_t ht_ncommands = sizeof ht_commands / sizeof ht_commands[0];

static void main_usage(FILE *f)
{
    fprintf(f, "usage: hoptac [--version] [--help] COMMAND [ARGS]\n"
               "\n"
               "hoptac keeps the registry of the international cooperation of Vietnamese\n"
               "localities: agreements, their tasks, the activities under them, the people\n"
               "involved and the news articles that prove each fact.\n"
               "\n"
               "Commands:\n");
    for (size_t i = 0; i < ht_ncommands; i++)
        fprintf(f, "  %-10s %s\n", ht_commands[i].name, ht_commands[i].summary);
    fprintf(f, "\nThe database is --db PATH, else $HOPTAC_DB, else ./hoptac.db.\n"
               "'hoptac help COMMAND' or 'hoptac COMMAND --help' shows a command's options.\n"
               "Exit status: 0 success, 1 error (with a message), 2 usage error.\n");
}

static const ht_command *find_command(const char *name)
{
    for (size_t i = 0; i < ht_ncommands; i++)
        if (strcmp(ht_commands[i].name, name) == 0)
            return &ht_commands[i];
    return NULL;
}

static int cmd_help(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        if (argc >= 2)
            fputs(help_usage, stdout);
        else
            main_usage(stdout);
        return 0;
    }
    if (argc > 2)
        return ht_cli_usage_error("help", "expected one command name, got %d", argc - 1);
    if (!find_command(argv[1])) {
        fprintf(stderr, "hoptac help: unknown command '%s'\nTry 'hoptac --help'.\n", argv[1]);
        return 2;
    }
    fputs(find_command(argv[1])->usage, stdout);
    return 0;
}

int main(int argc, char **argv)
{
    ht_store_library_setup();
    if (argc < 2) {
        main_usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        main_usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("hoptac %s\n", HT_VERSION);
        return 0;
    }
    const ht_command *c = find_command(argv[1]);
    if (!c) {
        fprintf(stderr, "hoptac: unknown command '%s'\nTry 'hoptac --help'.\n", argv[1]);
        return 2;
    }
    if (c->run != cmd_help && ht_cli_wants_help(argc - 1, argv + 1)) {
        fputs(c->usage, stdout);
        return 0;
    }
    int rc = c->run(argc - 1, argv + 1);
    if (fflush(stdout) != 0 && rc == 0) {
        perror("hoptac: writing output");
        rc = 1;
    }
    return rc;
}
