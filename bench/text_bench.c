/* Text-layer benchmark: streams a file in line-aligned chunks through normalisation
 * (NFC, tone placement, white space, with the offsets map ingest keeps) and folding,
 * and prints throughput, peak memory and a hash of the output for bench_text.sh. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "text/text.h"

#define CHUNK (256u * 1024u)

typedef enum { MODE_NFC, MODE_FOLD, MODE_BOTH } mode;

typedef struct {
    ht_buf norm, fold;
    ht_offmap map;
    bool hashing; /* the first run, untimed, checks the output; the others are timed */
    uint64_t hash; /* FNV-1a of every output byte, to compare runs on NFC and NFD input */
    size_t out_bytes;
} state;

/* Spaces are left out: a folded chunk loses its last separator, so where chunks are
 * cut (which differs between the NFC and the NFD file) would change the hash. */
static void hash_bytes(state *st, const char *p, size_t n)
{
    if (!st->hashing)
        return;
    uint64_t h = st->hash;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == ' ')
            continue;
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3ull;
    }
    st->hash = h;
    st->out_bytes += n;
}

/* One chunk of whole lines, as ingest hands one document to the text layer. */
static int run_chunk(state *st, mode m, const char *s, size_t n, size_t at, ht_error *e)
{
    st->norm.n = 0;
    st->fold.n = 0;
    if (m == MODE_FOLD) {
        if (ht_text_fold(s, n, &st->fold))
            return ht_err(e, HT_ENOMEM, "out of memory");
        hash_bytes(st, st->fold.p, st->fold.n);
        return 0;
    }
    int rc = ht_text_normalize(s, n, &st->norm, &st->map, e);
    if (rc) {
        ht_err_prefix(e, "chunk at byte %zu", at);
        return rc;
    }
    if (m == MODE_NFC) {
        hash_bytes(st, st->norm.p, st->norm.n);
        return 0;
    }
    if (ht_text_fold(st->norm.p, st->norm.n, &st->fold))
        return ht_err(e, HT_ENOMEM, "out of memory");
    hash_bytes(st, st->fold.p, st->fold.n);
    return 0;
}

/* Streams the file once; memory stays at a few chunks whatever its size (a line
 * longer than a chunk grows the buffer to that line). */
static int run_file(int fd, mode m, state *st, size_t *total, ht_error *e)
{
    size_t cap = CHUNK, have = 0;
    char *buf = malloc(cap);
    if (!buf)
        return ht_err(e, HT_ENOMEM, "out of memory");
    int rc = 0;
    size_t consumed = 0;
    bool eof = false;
    while (!rc && (!eof || have)) {
        if (!eof && have < cap) {
            ssize_t r = read(fd, buf + have, cap - have);
            if (r < 0) {
                rc = ht_err(e, HT_EIO, "read: %s", strerror(errno));
                break;
            }
            if (r == 0)
                eof = true;
            have += (size_t)r;
            if (!eof && have < cap)
                continue;
        }
        size_t cut = have;
        if (!eof) {
            while (cut > 0 && buf[cut - 1] != '\n')
                cut--;
            if (cut == 0) { /* one line longer than the buffer */
                char *nb = realloc(buf, cap * 2);
                if (!nb) {
                    rc = ht_err(e, HT_ENOMEM, "out of memory");
                    break;
                }
                buf = nb;
                cap *= 2;
                continue;
            }
        }
        rc = run_chunk(st, m, buf, cut, consumed, e);
        consumed += cut;
        memmove(buf, buf + cut, have - cut);
        have -= cut;
    }
    free(buf);
    *total = consumed;
    return rc;
}

/* CPU time of the process: on a shared machine, time spent waiting for a core is
 * not the program's. The wall clock is printed beside it. */
static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double wall_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int repeat = 5;
    int a = 1;
    if (a + 1 < argc && strcmp(argv[a], "--repeat") == 0) {
        repeat = atoi(argv[a + 1]);
        a += 2;
    }
    if (argc - a != 2 || repeat < 1 || repeat > 50) {
        fprintf(stderr, "usage: text_bench [--repeat N] nfc|fold|both FILE\n"
                        "prints the best of N runs (5) in CPU seconds, peak RSS and a hash\n");
        return 2;
    }
    mode m;
    if (strcmp(argv[a], "nfc") == 0)
        m = MODE_NFC;
    else if (strcmp(argv[a], "fold") == 0)
        m = MODE_FOLD;
    else if (strcmp(argv[a], "both") == 0)
        m = MODE_BOTH;
    else {
        fprintf(stderr, "text_bench: unknown mode '%s'\n", argv[a]);
        return 2;
    }
    const char *path = argv[a + 1];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "text_bench: %s: %s\n", path, strerror(errno));
        return 1;
    }
    double times[50], walls[50];
    size_t bytes = 0;
    state st = {0};
    st.hash = 0xcbf29ce484222325ull;
    st.hashing = true;
    for (int r = -1; r < repeat; r++) {
        ht_error e = {0};
        if (lseek(fd, 0, SEEK_SET) != 0) {
            fprintf(stderr, "text_bench: %s: %s\n", path, strerror(errno));
            return 1;
        }
        double t0 = cpu_now(), w0 = wall_now();
        if (run_file(fd, m, &st, &bytes, &e)) {
            fprintf(stderr, "text_bench: %s: %s\n", path, e.msg);
            return 1;
        }
        if (r >= 0) {
            times[r] = cpu_now() - t0;
            walls[r] = wall_now() - w0;
        }
        st.hashing = false;
    }
    close(fd);
    ht_buf_free(&st.norm);
    ht_buf_free(&st.fold);
    ht_offmap_free(&st.map);
    /* the best run: the others lost time to the machine, not to the work */
    qsort(times, (size_t)repeat, sizeof times[0], cmp_double);
    qsort(walls, (size_t)repeat, sizeof walls[0], cmp_double);
    double best = times[0];
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    /* one line of key=value pairs: bench_text.sh reads it */
    printf("mode=%s bytes=%zu out_bytes=%zu seconds=%.4f wall=%.4f mbps=%.1f rss_kb=%ld "
           "hash=%016llx\n",
           argv[a], bytes, st.out_bytes, best, walls[0],
           best > 0 ? (double)bytes / 1e6 / best : 0.0, ru.ru_maxrss,
           (unsigned long long)st.hash);
    return 0;
}
