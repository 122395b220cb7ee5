/* Replays a fuzz target's corpus without libFuzzer, so `make check` runs every
 * committed input (and every finding) under the sanitizers with gcc. Prints TAP. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 4096, n = 0, k;
    uint8_t *buf = malloc(cap);
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            } else
                buf = nb;
        }
    }
    fclose(f);
    if (!buf)
        return -1;
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 0;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
    int count = 0, bad = 0;
    for (int a = 1; a < argc; a++) {
        struct stat st;
        if (stat(argv[a], &st) != 0) {
            printf("not ok %d - %s: missing\n", ++count, argv[a]);
            bad++;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            int r = run_file(argv[a]);
            printf("%sok %d - %s\n", r ? "not " : "", ++count, argv[a]);
            bad += r != 0;
            continue;
        }
        DIR *d = opendir(argv[a]);
        char **names = NULL;
        size_t nn = 0;
        struct dirent *de;
        while (d && (de = readdir(d))) {
            if (de->d_name[0] == '.')
                continue;
            char **nv = realloc(names, (nn + 1) * sizeof *nv);
            if (!nv)
                break;
            names = nv;
            names[nn++] = strdup(de->d_name);
        }
        if (d)
            closedir(d);
        qsort(names, nn, sizeof *names, cmp);
        int files = 0;
        for (size_t i = 0; i < nn; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[a], names[i]);
            if (run_file(path) != 0) {
                printf("not ok - %s: unreadable\n", path);
                bad++;
            } else
                files++;
            free(names[i]);
        }
        free(names);
        /* one TAP line per corpus: the inputs ran without a sanitizer report */
        printf("%sok %d - %s (%d inputs)\n", files ? "" : "not ", ++count, argv[a], files);
        bad += files == 0;
    }
    return bad ? 1 : 0;
}
