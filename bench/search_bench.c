/* Search benchmark program: runs queries through ht_search_run inside one process, the
 * way `hoptac search` does without the process start, and prints timings or the ids
 * found, for bench/bench_search.sh.
 *
 *   search_bench time DB QUERIES [--full] [--repeat N]
 *       top-10 ranked documents per query (total counted, accents as typed first,
 *       aliases expanded; no snippets), in one search session as a server's worker keeps
 *       it (statements prepared once), or, with --full, what `hoptac search` computes:
 *       every kind of record, titles, sources and snippets. Prints
 *       "queries=N p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. mean_ms=.. cpu_p50_ms=..
 *       cpu_p99_ms=.. cpu_mean_ms=.." (wall clock, then the thread's CPU time: the
 *       machine may be shared), then with --slowest N the N slowest queries.
 *   search_bench ids DB QUERIES
 *       one JSON line per query: {"query", "total", "ids"}, ids being the document's
 *       name in the corpus (FILE#ID -> ID, DIR/ID.txt -> ID), every match.
 * Query files hold one query per line; empty lines and lines starting with '#' are
 * skipped. */
#include "base/json.h"
#include "search/search.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double clock_of(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double now(void) { return clock_of(CLOCK_MONOTONIC); }
/* the whole process: a search may rank on two threads */
static double cpu(void) { return clock_of(CLOCK_PROCESS_CPUTIME_ID); }

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static char **read_queries(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return NULL;
    }
    char **v = NULL, line[4096];
    size_t cap = 0;
    *n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#')
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 1024;
            v = realloc(v, cap * sizeof *v);
            if (!v)
                abort();
        }
        v[(*n)++] = strdup(line);
    }
    fclose(f);
    return v;
}

/* The corpus name of a document from its source. */
static void corpus_id(const char *src, ht_buf *out)
{
    const char *hash = strrchr(src, '#'), *slash = strrchr(src, '/');
    const char *s = hash ? hash + 1 : slash ? slash + 1 : src;
    size_t n = strlen(s);
    if (!hash && n > 4 && !strcmp(s + n - 4, ".txt"))
        n -= 4;
    ht_json_escape(out, s, n);
}

static const char *document_kind[] = {"document"};

typedef struct {
    double cpu;
    long total;
    const char *q;
} slow;

static int cmp_slow(const void *a, const void *b)
{
    double x = ((const slow *)a)->cpu, y = ((const slow *)b)->cpu;
    return x > y ? -1 : x < y;
}

/* A search session on db that ranks on two threads from split documents (< 0: never). */
static ht_search_session *open_session(sqlite3 *db, long split)
{
    ht_search_session *s;
    ht_error e = {0};
    if (ht_search_session_open(db, &s, &e)) {
        fprintf(stderr, "search_bench: %s\n", e.msg);
        return NULL;
    }
    ht_search_session_split(s, split);
    return s;
}

static int time_queries(sqlite3 *db, char **qs, size_t nq, bool full, int repeat, int nslow,
                        long split)
{
    ht_search_session *s = open_session(db, split);
    if (!s)
        return 1;
    double *t = calloc(nq * (size_t)repeat, sizeof *t), sum = 0;
    double *c = calloc(nq * (size_t)repeat, sizeof *c), csum = 0;
    slow *sl = calloc(nq * (size_t)repeat, sizeof *sl);
    size_t k = 0;
    for (int r = 0; r < repeat; r++)
        for (size_t i = 0; i < nq; i++) {
            ht_search_opts o = {.query = qs[i], .limit = 10};
            if (!full) {
                o.kinds = document_kind;
                o.nkinds = 1;
                o.no_snippets = true;
            }
            ht_search_results res;
            ht_error e = {0};
            double t0 = now(), c0 = cpu();
            int rc = ht_search_session_run(s, &o, &res, &e);
            c[k] = cpu() - c0;
            t[k] = now() - t0;
            sl[k] = (slow){c[k], rc ? -1 : res.total, qs[i]};
            csum += c[k];
            sum += t[k++];
            if (rc) {
                fprintf(stderr, "search_bench: %s: %s\n", qs[i], e.msg);
                free(t);
                free(c);
                free(sl);
                ht_search_session_close(s);
                return 1;
            }
            ht_search_results_free(&res);
        }
    qsort(t, k, sizeof *t, cmp_double);
    qsort(c, k, sizeof *c, cmp_double);
    printf("queries=%zu p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_ms=%.3f"
           " cpu_p50_ms=%.3f cpu_p99_ms=%.3f cpu_mean_ms=%.3f\n",
           k, t[k / 2] * 1e3, t[k * 90 / 100] * 1e3, t[k * 99 / 100] * 1e3, t[k - 1] * 1e3,
           sum / (double)k * 1e3, c[k / 2] * 1e3, c[k * 99 / 100] * 1e3, csum / (double)k * 1e3);
    qsort(sl, k, sizeof *sl, cmp_slow);
    for (int i = 0; i < nslow && (size_t)i < k; i++)
        printf("slow: %.3f ms CPU, %ld results: %s\n", sl[i].cpu * 1e3, sl[i].total, sl[i].q);
    free(t);
    free(c);
    free(sl);
    ht_search_session_close(s);
    return 0;
}

static int list_ids(sqlite3 *db, char **qs, size_t nq, long split)
{
    ht_search_session *s = open_session(db, split);
    if (!s)
        return 1;
    for (size_t i = 0; i < nq; i++) {
        ht_buf line = {0};
        ht_buf_puts(&line, "{\"query\": \"");
        ht_json_escape(&line, qs[i], strlen(qs[i]));
        ht_buf_puts(&line, "\", \"ids\": [");
        long total = 0, seen = 0;
        for (long off = 0;; off += HT_SEARCH_MAX_LIMIT) {
            ht_search_opts o = {.query = qs[i], .kinds = document_kind, .nkinds = 1,
                                .limit = HT_SEARCH_MAX_LIMIT, .offset = off,
                                .no_snippets = true};
            ht_search_results res;
            ht_error e = {0};
            if (ht_search_session_run(s, &o, &res, &e)) {
                fprintf(stderr, "search_bench: %s: %s\n", qs[i], e.msg);
                ht_buf_free(&line);
                ht_search_session_close(s);
                return 1;
            }
            total = res.total;
            for (size_t h = 0; h < res.n; h++) {
                ht_buf_puts(&line, seen++ ? ", \"" : "\"");
                corpus_id(res.v[h].source ? res.v[h].source : "", &line);
                ht_buf_putc(&line, '"');
            }
            ht_search_results_free(&res);
            if (off + HT_SEARCH_MAX_LIMIT >= total)
                break;
        }
        ht_buf_printf(&line, "], \"total\": %ld}\n", total);
        fwrite(line.p, 1, line.n, stdout);
        ht_buf_free(&line);
    }
    ht_search_session_close(s);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4 || (strcmp(argv[1], "time") && strcmp(argv[1], "ids"))) {
        fprintf(stderr, "usage: search_bench time|ids DB QUERIES [--full] [--repeat N]"
                        " [--slowest N] [--split N]\n");
        return 2;
    }
    bool full = false;
    int repeat = 1, nslow = 0;
    long split = HT_SEARCH_SPLIT_MIN;
    for (int i = 4; i < argc; i++) {
        if (!strcmp(argv[i], "--full"))
            full = true;
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--slowest") && i + 1 < argc)
            nslow = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--split") && i + 1 < argc)
            split = atol(argv[++i]);
    }
    if (repeat < 1)
        repeat = 1;
    size_t nq;
    char **qs = read_queries(argv[3], &nq);
    if (!qs || !nq) {
        fprintf(stderr, "search_bench: no queries in %s\n", argv[3]);
        return 1;
    }
    ht_store *st;
    ht_error e = {0};
    if (ht_store_open(argv[2], HT_STORE_READONLY, &st, &e)) {
        fprintf(stderr, "search_bench: %s\n", e.msg);
        return 1;
    }
    int rc = !strcmp(argv[1], "time") ? time_queries(ht_store_db(st), qs, nq, full, repeat, nslow, split)
                                      : list_ids(ht_store_db(st), qs, nq, split);
    ht_store_close(st);
    for (size_t i = 0; i < nq; i++)
        free(qs[i]);
    free(qs);
    return rc;
}
