/* hoptac serve: the web UI and the JSON API over one registry, until SIGINT or SIGTERM. */
#include "cli.h"
#include "http/http.h"
#include "store/store.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

const char ht_cmd_serve_usage[] =
    "usage: hoptac serve [--listen ADDRESS:PORT] [--public] [--threads N]\n"
    "                    [--max-body BYTES] [--timeout SECONDS] [--access-log FILE]\n"
    "                    [--db PATH]\n"
    "\n"
    "Serves the web UI (search, parties and their timelines, agreements with their\n"
    "tasks and evidence, documents with their mentions, the review queue, forms to add\n"
    "and correct records) and the JSON API under /api/ until interrupted (Ctrl-C,\n"
    "SIGTERM), finishing the requests under way.\n"
    "\n"
    "Reading is open to clients on this machine; changing the registry needs a user\n"
    "signed in (add one with 'hoptac user add NAME').\n"
    "\n"
    "  --listen ADDRESS:PORT  where to listen (default 127.0.0.1:8080; PORT alone is on\n"
    "                         127.0.0.1; port 0 picks a free one; [::1]:PORT for IPv6)\n"
    "  --public               allow an address other than loopback; other machines then\n"
    "                         need to sign in to read as well\n"
    "  --threads N            worker threads (default: one per core, at least 2)\n"
    "  --max-body BYTES       largest request body accepted (default 1048576)\n"
    "  --timeout SECONDS      a connection idle this long is closed (default 30)\n"
    "  --access-log FILE      the access log (default: standard error; '-' for standard\n"
    "                         output)\n"
    "  --db PATH              the database file (default: $HOPTAC_DB, else ./hoptac.db)\n"
    "\n"
    "The first line on the log names the address, e.g.\n"
    "  hoptac serve: listening on http://127.0.0.1:8080/ (2 threads, registry hoptac.db)\n";

static long number(const char *s, long max)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 0 || v > max)
        return -1;
    return v;
}

int ht_cmd_serve(int argc, char **argv)
{
    ht_http_opts o = {.log = stderr};
    const char *db = NULL, *log = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--public") == 0)
            o.public_ok = true;
        else if (strcmp(a, "--listen") == 0 && v) {
            o.listen = v;
            i++;
        } else if (strncmp(a, "--listen=", 9) == 0)
            o.listen = a + 9;
        else if (strcmp(a, "--db") == 0 && v) {
            db = v;
            i++;
        } else if (strncmp(a, "--db=", 5) == 0)
            db = a + 5;
        else if (strcmp(a, "--access-log") == 0 && v) {
            log = v;
            i++;
        } else if (strcmp(a, "--threads") == 0 && v) {
            long t = number(v, 256);
            if (t < 1)
                return ht_cli_usage_error("serve", "--threads: '%s' is not a number from 1 to 256", v);
            o.threads = (int)t;
            i++;
        } else if (strcmp(a, "--max-body") == 0 && v) {
            long m = number(v, 1L << 30);
            if (m < 1)
                return ht_cli_usage_error("serve", "--max-body: '%s' is not a size in bytes", v);
            o.max_body = (size_t)m;
            i++;
        } else if (strcmp(a, "--timeout") == 0 && v) {
            long t = number(v, 3600);
            if (t < 1)
                return ht_cli_usage_error("serve", "--timeout: '%s' is not a number of seconds from 1 to 3600", v);
            o.timeout = (unsigned)t;
            i++;
        } else if (a[0] == '-')
            return ht_cli_usage_error("serve", "unknown option '%s'%s", a,
                                      v ? "" : " (or a missing value)");
        else
            return ht_cli_usage_error("serve", "unexpected argument '%s'", a);
    }
    FILE *logf = NULL;
    if (log && strcmp(log, "-") == 0)
        o.log = stdout;
    else if (log) {
        logf = fopen(log, "a");
        if (!logf) {
            fprintf(stderr, "hoptac serve: cannot open the access log %s: %s\n", log,
                    strerror(errno));
            return 1;
        }
        o.log = logf;
    }
    o.db = ht_store_path(db);

    /* SIGINT and SIGTERM are taken by sigwait below; blocked before the server's
     * threads start, so they inherit the mask and never see them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    ht_error e = {0};
    ht_http_server *s;
    if (ht_http_start(&o, &s, &e)) {
        fprintf(stderr, "hoptac serve: %s\n", e.msg);
        if (logf)
            fclose(logf);
        return 1;
    }
    if (o.log != stderr)
        fprintf(stderr, "hoptac serve: listening on %s\n", ht_http_url(s));
    int sig = 0;
    sigwait(&set, &sig);
    if (o.log)
        fprintf(o.log, "hoptac serve: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    ht_http_stop(s);
    if (logf)
        fclose(logf);
    return 0;
}
