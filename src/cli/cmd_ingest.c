/* hoptac ingest: stores articles and what extraction finds in them in the registry. */
#include "app/app.h"
#include "base/json.h"
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char ht_cmd_ingest_usage[] =
    "usage: hoptac ingest [--db PATH] [--json] [--auto-confirm THRESHOLD] PATH...\n"
    "\n"
    "Reads articles (plain text, markdown-ish text, HTML, JSON Lines; files,\n"
    "directories recursively, '-' for standard input), extracts parties, people,\n"
    "agreements and activities, and stores each document with its records in one\n"
    "transaction. A document already in the registry is skipped, so ingesting again\n"
    "changes nothing and an interrupted ingest finishes when run again. Records are\n"
    "stored as proposed, for a person to confirm.\n"
    "\n"
    "What several articles tell is one record with a source in each: a party or a\n"
    "person under its spellings; an agreement or an activity of the same kind, day\n"
    "and parties. An agreement named without its date is the one known agreement of\n"
    "its kind between the same localities (articles without a date share one record,\n"
    "which takes the date when an article gives it), whatever the order of the\n"
    "articles.\n"
    "\n"
    "  --db PATH                 the database file (default: $HOPTAC_DB, else\n"
    "                            ./hoptac.db); created when missing\n"
    "  --auto-confirm THRESHOLD  store records whose confidence is at least THRESHOLD\n"
    "                            (0 to 1) as confirmed\n"
    "  --json                    print the summary as one JSON object\n"
    "\n"
    "JSON Lines on standard input are read a line at a time as they come: each\n"
    "article is stored within about a second of its line, while the program writing\n"
    "them goes on.\n"
    "\n"
    "A bad document is reported with its file, place and reason, and the others go on.\n"
    "A progress line is shown when standard error is a terminal.\n"
    "\n"
    "Ctrl-C (or SIGTERM) stops after the document being written: the documents written\n"
    "are committed, the summary says 'interrupted', and running the same command again\n"
    "finishes the job. A second Ctrl-C stops at once (nothing committed is lost).\n"
    "\n"
    "Exit status 1 if any document failed or the database could not be written; 130\n"
    "(143 for SIGTERM) when interrupted.\n";

/* The signal that asked ingest to stop, 0 while none did. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    if (si && si->si_code == SI_TKILL)
        return; /* ingest waking its reader (ht_ingest_opts.wake_signal) */
    if (stop_signal) {
        /* the second one: at once, as without this handler */
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    stop_signal = sig;
    static const char msg[] = "\nhoptac ingest: stopping after the document being written "
                              "(again to stop at once)\n";
    ssize_t w = write(2, msg, sizeof msg - 1);
    (void)w;
}

/* SIGINT and SIGTERM stop the run through on_stop; without SA_RESTART, so that a read
 * of standard input they interrupt fails and the reader sees the stop. One ignored
 * when ingest starts (a job started in the background by a shell) stays ignored. */
static void catch_stop(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_stop;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    int sigs[] = {SIGINT, SIGTERM};
    for (int i = 0; i < 2; i++)
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
}

typedef struct {
    bool json;
    ht_buf failures; /* JSON array items */
    ht_json j;
} fail_ctx;

static void on_failure(const char *source, const char *msg, void *ud)
{
    fail_ctx *f = ud;
    size_t n = source ? strlen(source) : 0;
    /* a reader's message may already start with the file and the place */
    if (source && !(strncmp(msg, source, n) == 0 && msg[n] == ':'))
        fprintf(stderr, "hoptac ingest: %s: %s\n", source, msg);
    else
        fprintf(stderr, "hoptac ingest: %s\n", msg);
    if (f->json) {
        ht_json_obj(&f->j);
        ht_json_key(&f->j, "source");
        ht_json_cstr(&f->j, source);
        ht_json_key(&f->j, "error");
        ht_json_cstr(&f->j, msg);
        ht_json_obj_end(&f->j);
    }
}

static void summary_json(const ht_ingest_stats *s, fail_ctx *f, const char *fatal)
{
    ht_buf b = {0};
    ht_json j;
    ht_json_init(&j, &b);
    ht_json_obj(&j);
    const char *keys[] = {"documents", "added", "unchanged", "failed", "parties", "people",
                          "agreements", "activities", "mentions"};
    size_t vals[] = {s->documents,          s->added,          s->unchanged,
                     s->failed,             s->records.parties, s->records.people,
                     s->records.agreements, s->records.activities, s->records.mentions};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        ht_json_key(&j, keys[i]);
        ht_json_int(&j, (long long)vals[i]);
    }
    ht_json_key(&j, "interrupted");
    ht_json_bool(&j, s->interrupted);
    ht_json_key(&j, "writes");
    ht_json_int(&j, s->writes);
    ht_json_key(&j, "seconds");
    ht_json_num(&j, s->seconds);
    ht_json_key(&j, "failures");
    ht_json_arr(&j);
    ht_json_arr_end(&j);
    /* splice the collected failures into the empty array */
    if (f->failures.n > 2) {
        b.n -= 1;
        ht_buf_append(&b, f->failures.p + 1, f->failures.n - 1);
    }
    ht_json_key(&j, "error");
    ht_json_cstr(&j, fatal);
    ht_json_obj_end(&j);
    ht_buf_putc(&b, '\n');
    fwrite(b.p, 1, b.n, stdout);
    ht_buf_free(&b);
}

int ht_cmd_ingest(int argc, char **argv)
{
    const char *db = NULL;
    fail_ctx f = {0};
    double threshold = 2; /* never */
    char **paths = calloc((size_t)argc, sizeof *paths);
    size_t np = 0;
    bool opts = true;
    if (!paths)
        return 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts && strcmp(a, "--") == 0)
            opts = false;
        else if (opts && strcmp(a, "--json") == 0)
            f.json = true;
        else if (opts && strcmp(a, "--db") == 0 && i + 1 < argc)
            db = argv[++i];
        else if (opts && strncmp(a, "--db=", 5) == 0)
            db = a + 5;
        else if (opts && (strcmp(a, "--auto-confirm") == 0 || strncmp(a, "--auto-confirm=", 15) == 0)) {
            const char *v = a[14] == '=' ? a + 15 : (i + 1 < argc ? argv[++i] : "");
            char *end;
            errno = 0;
            threshold = strtod(v, &end);
            if (!*v || *end || errno || threshold < 0 || threshold > 1) {
                free(paths);
                return ht_cli_usage_error("ingest", "--auto-confirm needs a number from 0 to 1, not '%s'", v);
            }
        } else if (opts && a[0] == '-' && a[1]) {
            free(paths);
            return ht_cli_usage_error("ingest", "unknown option '%s'", a);
        } else
            paths[np++] = argv[i];
    }
    if (!np) {
        free(paths);
        return ht_cli_usage_error("ingest", "no input: give files, directories or '-'");
    }
    ht_error e = {0};
    ht_store *st;
    if (ht_store_open(ht_store_path(db), HT_STORE_CREATE, &st, &e) ||
        ht_store_crash_from_env(st, &e)) {
        fprintf(stderr, "hoptac ingest: %s\n", e.msg);
        free(paths);
        return 1;
    }
    ht_json_init(&f.j, &f.failures);
    ht_json_arr(&f.j);
    ht_ingest_opts o = {.auto_confirm = threshold,
                        .progress = isatty(2) ? stderr : NULL,
                        .on_failure = on_failure,
                        .ud = &f,
                        .stop = &stop_signal,
                        .wake_signal = SIGINT};
    catch_stop();
    ht_ingest_stats s;
    int rc = ht_app_ingest(st, paths, np, &o, &s, &e);
    ht_json_arr_end(&f.j);
    ht_store_close(st);
    free(paths);
    if (rc)
        fprintf(stderr, "hoptac ingest: %s\n", e.msg);
    if (f.json)
        summary_json(&s, &f, rc ? e.msg : NULL);
    else
        printf("%s%zu documents: %zu added, %zu unchanged, %zu failed; new records: %zu parties, "
               "%zu people, %zu agreements, %zu activities; %zu mentions (%.1f s, %.1f docs/s)\n",
               s.interrupted ? "interrupted: " : "", s.documents, s.added, s.unchanged, s.failed,
               s.records.parties, s.records.people, s.records.agreements, s.records.activities, s.records.mentions, s.seconds,
               s.seconds > 0 ? (double)s.documents / s.seconds : 0.0);
    ht_buf_free(&f.failures);
    if (s.interrupted && !rc)
        return 128 + stop_signal;
    return rc || s.failed ? 1 : 0;
}
