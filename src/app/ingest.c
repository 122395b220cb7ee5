/* Ingest: reads documents from files, directories and standard input, extracts their
 * records and stores each document in a transaction of its own, reporting bad
 * documents without stopping the batch. */
#include "app.h"
#include "extract/extract.h"

#include <dirent.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct {
    ht_store *st;
    const ht_ingest_opts *o;
    ht_ingest_stats *stats;
    ht_error fatal;
    size_t total; /* documents expected, 0 when unknown */
    const char *file; /* the file being read */
    size_t queued;    /* documents added since the last full-text flush */
    double start, last_draw;
} run;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- inputs ---- */

typedef struct {
    char **v;
    size_t n, cap;
} paths;

static int paths_add(paths *p, const char *s)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 16;
        char **v = realloc(p->v, cap * sizeof *v);
        if (!v)
            return HT_ENOMEM;
        p->v = v;
        p->cap = cap;
    }
    if (!(p->v[p->n] = strdup(s)))
        return HT_ENOMEM;
    p->n++;
    return 0;
}

static void paths_free(paths *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The database being written and its companion files, by device and inode: a
 * directory holding the registry is read without reading the registry. */
typedef struct {
    dev_t dev[4];
    ino_t ino[4];
    int n;
} db_files;

static void db_files_of(const char *db, db_files *f)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    f->n = 0;
    for (int i = 0; i < 4; i++) {
        char p[4096];
        struct stat sb;
        snprintf(p, sizeof p, "%s%s", db, suffix[i]);
        if (stat(p, &sb) == 0) {
            f->dev[f->n] = sb.st_dev;
            f->ino[f->n++] = sb.st_ino;
        }
    }
}

static bool is_db_file(const struct stat *sb, const db_files *f)
{
    for (int i = 0; i < f->n; i++)
        if (sb->st_dev == f->dev[i] && sb->st_ino == f->ino[i])
            return true;
    return false;
}

/* The files under a directory, recursively, in name order; hidden entries and the
 * database itself skipped. */
static int walk(const char *dir, const db_files *db, paths *out, int depth, ht_error *e)
{
    if (depth > 64)
        return ht_err(e, HT_ELIMIT, "%s: directories nested too deep", dir);
    DIR *d = opendir(dir);
    if (!d)
        return ht_err(e, HT_EIO, "%s: cannot read the directory", dir);
    paths names = {0};
    struct dirent *de;
    int rc = 0;
    while (!rc && (de = readdir(d)))
        if (de->d_name[0] != '.')
            rc = paths_add(&names, de->d_name);
    closedir(d);
    if (rc) {
        paths_free(&names);
        return ht_err(e, HT_ENOMEM, "out of memory");
    }
    qsort(names.v, names.n, sizeof *names.v, cmp_name);
    for (size_t i = 0; i < names.n && !rc; i++) {
        size_t len = strlen(dir) + strlen(names.v[i]) + 2;
        char *full = malloc(len);
        if (!full) {
            rc = ht_err(e, HT_ENOMEM, "out of memory");
            break;
        }
        snprintf(full, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names.v[i]);
        struct stat sb;
        bool known = stat(full, &sb) == 0;
        if (known && S_ISDIR(sb.st_mode))
            rc = walk(full, db, out, depth + 1, e);
        else if (known && is_db_file(&sb, db))
            ;
        else if (paths_add(out, full))
            rc = ht_err(e, HT_ENOMEM, "out of memory");
        free(full);
    }
    paths_free(&names);
    return rc;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Documents expected in a file: its non-empty lines for JSON Lines, else one. */
static size_t expected_docs(const char *path)
{
    if (!ends_with(path, ".jsonl"))
        return 1;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1;
    size_t n = 0;
    int c, prev = '\n';
    while ((c = getc(f)) != EOF) {
        if (c == '\n' && prev != '\n')
            n++;
        prev = c;
    }
    if (prev != '\n')
        n++;
    fclose(f);
    return n;
}

/* ---- progress ---- */

static void draw(run *r, bool force)
{
    FILE *f = r->o->progress;
    if (!f)
        return;
    double t = now_s();
    if (!force && t - r->last_draw < 0.2)
        return;
    r->last_draw = t;
    double el = t - r->start, rate = el > 0 ? (double)r->stats->documents / el : 0;
    fprintf(f, "\r\033[K%zu", r->stats->documents);
    if (r->total)
        fprintf(f, "/%zu", r->total);
    fprintf(f, " documents, %.1f docs/s", rate);
    if (r->total && rate > 0 && r->total > r->stats->documents) {
        long left = (long)((double)(r->total - r->stats->documents) / rate + 0.5);
        fprintf(f, ", ETA %ld:%02ld", left / 60, left % 60);
    }
    if (r->stats->failed)
        fprintf(f, ", %zu failed", r->stats->failed);
    fflush(f);
}

/* ---- one document ---- */

static void fail(run *r, const char *source, const char *fmt, const char *msg)
{
    r->stats->failed++;
    if (r->o->on_failure) {
        char buf[sizeof ((ht_error *)0)->msg + 64];
        snprintf(buf, sizeof buf, fmt, msg);
        r->o->on_failure(source, buf, r->o->ud);
    }
}

/* Errors about the database itself stop the batch; the others are the document's. */
static bool is_fatal(int code)
{
    return code != HT_EFORMAT && code != HT_ECONFLICT && code != HT_EUTF8 && code != HT_ELIMIT;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n')
            return false;
    return true;
}

/* New documents wait for the full-text index and are indexed this many at a time. */
#define FTS_BATCH 500

/* Indexes what waits for the full-text index, in a transaction of its own. */
static int flush_fts(ht_store *st, ht_error *e)
{
    bool pending;
    int rc = ht_store_fts_pending(st, &pending, e);
    if (rc || !pending)
        return rc;
    if ((rc = ht_store_begin(st, e)))
        return rc;
    rc = ht_store_fts_flush(st, NULL, e);
    if (!rc)
        rc = ht_store_commit(st, e);
    if (rc)
        ht_store_rollback(st);
    return rc;
}

static int store_doc(run *r, ht_doc *d, const char *json, size_t n, ht_error *e)
{
    int rc = ht_store_begin(r->st, e);
    if (rc)
        return rc;
    char id[HT_ID_MAX];
    bool added;
    rc = ht_store_doc_put(r->st, d, id, &added, e);
    if (!rc && added)
        rc = ht_store_put_extracted(r->st, id, json, n, r->o->auto_confirm, &r->stats->records, e);
    if (!rc)
        rc = ht_store_commit(r->st, e);
    if (rc) {
        ht_store_rollback(r->st);
        return rc;
    }
    if (added)
        r->stats->added++;
    else
        r->stats->unchanged++;
    if (added && ++r->queued >= FTS_BATCH) {
        r->queued = 0;
        return flush_fts(r->st, e);
    }
    return 0;
}

static int on_doc(ht_doc *d, const ht_error *err, void *ud)
{
    run *r = ud;
    r->stats->documents++;
    int rc = 0;
    if (!d) {
        /* the reader's message starts with the file name: said once */
        const char *m = err && err->msg[0] ? err->msg : "unreadable document";
        size_t k = strlen(r->file);
        if (strncmp(m, r->file, k) == 0 && m[k] == ':' && m[k + 1] == ' ')
            m += k + 2;
        fail(r, r->file, "%s", m);
        goto out;
    }
    const char *nul = d->orig_n ? memchr(d->orig, 0, d->orig_n) : NULL;
    if (nul) {
        char where[64];
        snprintf(where, sizeof where, "byte %zu", (size_t)(nul - d->orig));
        fail(r, d->source, "%s: binary data (a NUL byte), not a text document", where);
        goto out;
    }
    if (blank(d->text, d->text_n) && !(d->title && *d->title)) {
        fail(r, d->source, "%s", "empty document (no text)");
        goto out;
    }
    char hash[33], id[HT_ID_MAX];
    bool found, update;
    ht_error e = {0};
    ht_store_doc_hash(d, hash);
    if ((rc = ht_store_doc_find(r->st, hash, d->source, id, &found, &update, &e)))
        goto dberr;
    if (found && !update) {
        r->stats->unchanged++;
        goto out;
    }
    ht_buf jb = {0};
    ht_json j;
    ht_json_init(&j, &jb);
    ht_json_obj(&j);
    rc = found ? 0 : ht_extract_json(d, &j, &e);
    ht_json_obj_end(&j);
    if (!rc && j.err)
        rc = ht_err(&e, HT_ENOMEM, "out of memory");
    if (rc) {
        ht_buf_free(&jb);
        if (rc == HT_ENOMEM)
            goto dberr;
        fail(r, d->source, "extraction failed: %s", e.msg);
        rc = 0;
        goto out;
    }
    rc = store_doc(r, d, jb.p, jb.n, &e);
    ht_buf_free(&jb);
    if (rc && !is_fatal(rc)) {
        fail(r, d->source, "%s", e.msg);
        rc = 0;
    }
dberr:
    if (rc) {
        r->fatal = e;
        draw(r, true);
        return 1;
    }
out:
    draw(r, false);
    return 0;
}

int ht_app_ingest(ht_store *st, char *const *argv, size_t npaths, const ht_ingest_opts *o,
                  ht_ingest_stats *stats, ht_error *e)
{
    memset(stats, 0, sizeof *stats);
    /* Each document allocates and frees a few hundred kilobytes; without this the C
     * library gives the top of the heap back to the system after every one and takes
     * it again for the next, a system call and page faults per document. */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_TOP_PAD, 8 << 20);
    run r = {.st = st, .o = o, .stats = stats, .start = now_s()};
    long writes0 = ht_store_writes(st);
    paths files = {0};
    bool unknown = false;
    int rc = 0;
    db_files dbf;
    db_files_of(ht_store_file(st), &dbf);
    for (size_t i = 0; i < npaths && !rc; i++) {
        struct stat sb;
        if (strcmp(argv[i], "-") == 0) {
            unknown = true;
            rc = paths_add(&files, "-") ? ht_err(e, HT_ENOMEM, "out of memory") : 0;
        } else if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            rc = walk(argv[i], &dbf, &files, 0, e);
        else
            rc = paths_add(&files, argv[i]) ? ht_err(e, HT_ENOMEM, "out of memory") : 0;
    }
    if (rc) {
        paths_free(&files);
        return rc;
    }
    if (o->progress && !unknown)
        for (size_t i = 0; i < files.n; i++)
            r.total += expected_docs(files.v[i]);
    /* what an interrupted run left for the full-text index; then new rows wait and
     * are indexed FTS_BATCH documents at a time */
    if ((rc = flush_fts(st, e))) {
        paths_free(&files);
        return rc;
    }
    ht_store_fts_batch(st, true);
    for (size_t i = 0; i < files.n && !rc; i++) {
        ht_error pe = {0};
        r.file = files.v[i];
        int x = ht_page_read_path(files.v[i], on_doc, &r, &pe);
        if (x > 0) {
            *e = r.fatal;
            rc = e->code ? e->code : HT_EDB;
        } else if (x < 0) {
            /* the path itself: missing, unreadable */
            stats->documents++;
            fail(&r, NULL, "%s", pe.msg);
        }
    }
    if (!rc && r.queued && (rc = flush_fts(st, e)) == 0)
        r.queued = 0;
    ht_store_fts_batch(st, false);
    if (o->progress && stats->documents)
        fprintf(o->progress, "\r\033[K");
    stats->seconds = now_s() - r.start;
    stats->writes = ht_store_writes(st) - writes0;
    paths_free(&files);
    return rc;
}
