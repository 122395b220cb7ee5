/* Ingest: reads documents from files, directories and standard input, extracts their
 * records and stores each document whole or not at all (a nested transaction of its
 * own, committed in groups), reporting bad documents without stopping the batch.
 * Reading and extraction run on a thread of their own, ahead of the writes. */
#include "app.h"
#include "extract/extract.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct queue queue;

typedef struct {
    ht_store *st;
    queue *q;
    int wal_frames; /* in the write-ahead log after the last commit */
    const ht_ingest_opts *o;
    ht_ingest_stats *stats;
    ht_error fatal;
    size_t total; /* documents expected, 0 when unknown */
    bool open;        /* a group of documents is being written (see BATCH_MAX) */
    size_t batch_cap, batch_added, batch_unchanged;
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

/* ---- the pipeline ----
 *
 * A reading thread reads the pages, checks them, and for a document not yet in the
 * registry extracts its records and computes what its row needs (near-duplicate
 * signature, text check); it hands each result to the calling thread through a short
 * queue. The calling thread only writes, in the order of reading, and decides on its
 * own look-up whether a document is new. Everything the user sees (messages, counts,
 * the progress line, the crash points of HOPTAC_CRASH_AFTER) comes from the writing
 * side, in that order, so the outcome is the same as reading and writing one
 * document after the other. A third thread checkpoints (see after_commit). */

typedef enum {
    IT_DOC,    /* a document to store */
    IT_FAILED, /* a bad document, reported as source: msg */
    IT_PATH    /* a path that could not be read at all (no source) */
} item_kind;

typedef struct item {
    struct item *next; /* in the list of items written */
    item_kind kind;
    char *source; /* IT_FAILED: the document or file (malloc'd) */
    char msg[sizeof ((ht_error *)0)->msg + 64];
    /* IT_DOC */
    ht_doc doc;             /* moved out of the reader (see take_doc) */
    ht_store_doc_prep prep; /* its hash; the rest when prepared, and prep_rc is 0 */
    bool prepared;
    int prep_rc;
    ht_error prep_e;
    bool extracted;  /* false: the document was in the registry when it was read */
    json_t *records; /* the extraction, parsed; NULL when it failed */
    int x_rc;        /* the extraction's error, or an error parsing its JSON */
    ht_error x_e;
    size_t bytes; /* about what it holds in memory */
} item;

/* The queue holds up to QUEUE_MAX documents and QUEUE_BYTES of them (always one): the
 * reader goes on reading while the writer indexes and commits a group of BATCH_MAX
 * documents (one to two seconds, some 1,500 to 2,500 documents of reading), with about
 * 70 KB counted for a typical article (140 MB), and never more than QUEUE_BYTES of long
 * ones. With 512, the reader waited for room some 2.5 s of a 12 s ingest of the news
 * corpus, and the writer then waited for it. */
#define QUEUE_MAX 2048
#define QUEUE_BYTES ((size_t)192 << 20)

struct queue {
    pthread_mutex_t mu;
    pthread_cond_t can_put, can_get, can_ckpt;
    item *v[QUEUE_MAX];
    size_t head, n, bytes;
    bool done; /* the reader has finished (read_rc, read_e say how) */
    bool monotonic; /* the conditions wait on CLOCK_MONOTONIC */
    bool stop; /* the writer stopped: the reader drops what it has and ends */
    const volatile sig_atomic_t *cut; /* opts.stop: the reader ends too */
    bool was_cut;                     /* ... and it did, before the input ended */
    /* Items written, freed by the reader: their memory comes from its allocator's
     * arena, where freeing them from the writing thread would wait on its lock. */
    item *spent;
    /* the reader's side only */
    const paths *files;
    const char *file; /* the file being read */
    int read_rc;      /* 0, or an error that stopped the reading (out of memory) */
    ht_error read_e;
    /* The reader's own connection (NULL if it could not be opened): it looks up the
     * documents read, so that one already stored is not extracted again. */
    ht_store *look;
    /* The connection of a third thread that copies the write-ahead log into the
     * database file after each commit (see after_commit), NULL without it. */
    ht_store *ck;
    bool ckpt_wanted, ckpt_end;
};

static void item_free(item *it)
{
    if (!it)
        return;
    free(it->source);
    ht_doc_free(&it->doc);
    json_decref(it->records);
    free(it);
}

static void free_list(item *it)
{
    while (it) {
        item *next = it->next;
        item_free(it);
        it = next;
    }
}

/* Hands it to the writer; false (it freed) when the writer has stopped. */
static bool q_put(queue *q, item *it)
{
    pthread_mutex_lock(&q->mu);
    while ((q->n == QUEUE_MAX || (q->n && q->bytes + it->bytes > QUEUE_BYTES)) && !q->stop)
        pthread_cond_wait(&q->can_put, &q->mu);
    bool ok = !q->stop;
    if (ok) {
        q->v[(q->head + q->n) % QUEUE_MAX] = it;
        q->n++;
        q->bytes += it->bytes;
        pthread_cond_signal(&q->can_get);
    }
    item *spent = q->spent;
    q->spent = NULL;
    pthread_mutex_unlock(&q->mu);
    free_list(spent);
    if (!ok)
        item_free(it);
    return ok;
}

/* The next item in reading order, or NULL when the reader has finished; done (may be
 * NULL) is the item just written, given back to the reader. With a limit, NULL and
 * *idle set when nothing came for that many seconds. */
static item *q_get(queue *q, item *done, int limit, bool *idle)
{
    struct timespec until = {0, 0};
    if (idle)
        *idle = false;
    if (!q->monotonic || !idle || clock_gettime(CLOCK_MONOTONIC, &until) != 0)
        limit = 0;
    else
        until.tv_sec += limit;
    pthread_mutex_lock(&q->mu);
    if (done) {
        done->next = q->spent;
        q->spent = done;
    }
    while (!q->n && !q->done) {
        if (!limit)
            pthread_cond_wait(&q->can_get, &q->mu);
        else if (pthread_cond_timedwait(&q->can_get, &q->mu, &until) == ETIMEDOUT &&
                 !q->n && !q->done) {
            *idle = true;
            break;
        }
    }
    item *it = NULL;
    if (q->n) {
        it = q->v[q->head];
        q->head = (q->head + 1) % QUEUE_MAX;
        q->n--;
        q->bytes -= it->bytes;
        pthread_cond_signal(&q->can_put);
    }
    pthread_mutex_unlock(&q->mu);
    return it;
}

static bool q_init(queue *q)
{
    if (pthread_mutex_init(&q->mu, NULL))
        return false;
    /* the writer's wait has a limit (IDLE_COMMIT), on a clock that does not jump */
    pthread_condattr_t mono;
    bool attr = pthread_condattr_init(&mono) == 0;
    q->monotonic = attr && pthread_condattr_setclock(&mono, CLOCK_MONOTONIC) == 0;
    pthread_cond_t *c[] = {&q->can_put, &q->can_get, &q->can_ckpt};
    for (int i = 0; i < 3; i++)
        if (pthread_cond_init(c[i], q->monotonic ? &mono : NULL)) {
            while (i--)
                pthread_cond_destroy(c[i]);
            pthread_mutex_destroy(&q->mu);
            if (attr)
                pthread_condattr_destroy(&mono);
            return false;
        }
    if (attr)
        pthread_condattr_destroy(&mono);
    return true;
}

static void q_destroy(queue *q)
{
    pthread_cond_destroy(&q->can_ckpt);
    pthread_cond_destroy(&q->can_get);
    pthread_cond_destroy(&q->can_put);
    pthread_mutex_destroy(&q->mu);
}

static void q_stop(queue *q)
{
    pthread_mutex_lock(&q->mu);
    q->stop = true;
    pthread_cond_broadcast(&q->can_put);
    pthread_mutex_unlock(&q->mu);
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n')
            return false;
    return true;
}

static item *failed(const char *source, const char *fmt, const char *msg)
{
    item *it = calloc(1, sizeof *it);
    if (!it)
        return NULL;
    it->kind = IT_FAILED;
    snprintf(it->msg, sizeof it->msg, fmt, msg);
    if (source && !(it->source = strdup(source))) {
        free(it);
        return NULL;
    }
    return it;
}

/* Moves the reader's document into it: the reader frees an empty one after the
 * callback. The original bytes of a file belong to the reader: they are copied into
 * the document's own arena, as everything else of it already is. */
static int take_doc(item *it, ht_doc *d)
{
    it->doc = *d;
    memset(d, 0, sizeof *d);
    ht_doc *m = &it->doc;
    if (m->orig_n) {
        char *o = ht_arena_strndup(&m->arena, m->orig, m->orig_n);
        if (!o)
            return HT_ENOMEM;
        m->orig = o;
    }
    return 0;
}

static void prepare(item *it, const ht_doc *d)
{
    it->prepared = true;
    it->prep_rc = ht_store_doc_prepare(d, &it->prep, &it->prep_e);
}

/* The extraction of d, parsed for the store. */
static void extract(item *it, const ht_doc *d)
{
    it->extracted = true;
    ht_buf jb = {0};
    ht_json j;
    ht_json_init(&j, &jb);
    ht_json_obj(&j);
    int rc = ht_extract_json(d, &j, &it->x_e);
    ht_json_obj_end(&j);
    if (!rc && j.err)
        rc = ht_err(&it->x_e, HT_ENOMEM, "out of memory");
    if (!rc) {
        json_error_t je;
        it->bytes += 4 * jb.n; /* the parsed tree: a few times its text */
        if (!(it->records = json_loadb(jb.p, jb.n, 0, &je)))
            rc = ht_err(&it->x_e, HT_EFORMAT, "extracted records: line %d column %d: %s",
                        je.line, je.column, je.text);
    }
    it->x_rc = rc;
    ht_buf_free(&jb);
}

static int on_read(ht_doc *d, const ht_error *err, void *ud)
{
    queue *q = ud;
    pthread_mutex_lock(&q->mu);
    bool stop = q->stop;
    if (!stop && q->cut && *q->cut)
        stop = q->was_cut = true;
    pthread_mutex_unlock(&q->mu);
    if (stop)
        return 1;
    item *it;
    if (!d) {
        /* the reader's message starts with the file name: said once */
        const char *m = err && err->msg[0] ? err->msg : "unreadable document";
        size_t k = strlen(q->file);
        if (strncmp(m, q->file, k) == 0 && m[k] == ':' && m[k + 1] == ' ')
            m += k + 2;
        it = failed(q->file, "%s", m);
    } else if (d->orig_n && memchr(d->orig, 0, d->orig_n)) {
        char where[64];
        snprintf(where, sizeof where, "byte %zu",
                 (size_t)((const char *)memchr(d->orig, 0, d->orig_n) - d->orig));
        it = failed(d->source, "%s: binary data (a NUL byte), not a text document", where);
    } else if (blank(d->text, d->text_n) && !(d->title && *d->title))
        it = failed(d->source, "%s", "empty document (no text)");
    else if ((it = calloc(1, sizeof *it))) {
        it->kind = IT_DOC;
        /* Already stored (what the writer has committed so far): its records and the
         * rest of its row are not needed. The writer looks it up again and decides;
         * what it needs and does not find here it computes (write_item). */
        ht_store_doc_hash(d, it->prep.hash);
        char id[HT_ID_MAX];
        bool found = false, update;
        ht_error fe;
        if (q->look &&
            ht_store_doc_find(q->look, it->prep.hash, d->source, id, &found, &update, &fe))
            found = false;
        if (!found) {
            prepare(it, d);
            extract(it, d);
        }
        if (take_doc(it, d)) {
            item_free(it);
            it = NULL;
        } else
            it->bytes += sizeof *it + it->doc.arena.total + it->doc.map.cap * sizeof *it->doc.map.v;
    }
    if (!it) {
        q->read_rc = ht_err(&q->read_e, HT_ENOMEM, "%s: out of memory", q->file);
        return 1;
    }
    return q_put(q, it) ? 0 : 1;
}

static void *reader(void *ud)
{
    queue *q = ud;
    pthread_setname_np(pthread_self(), "hoptac-read");
    for (size_t i = 0; i < q->files->n; i++) {
        ht_error pe = {0};
        q->file = q->files->v[i];
        int x = ht_page_read_path(q->file, on_read, q, &pe);
        if (x > 0)
            break; /* stopped: by the writer, or out of memory (read_rc) */
        if (x < 0) {
            /* the path itself: missing, unreadable */
            item *it = failed(NULL, "%s", pe.msg);
            if (!it) {
                q->read_rc = ht_err(&q->read_e, HT_ENOMEM, "%s: out of memory", q->file);
                break;
            }
            it->kind = IT_PATH;
            if (!q_put(q, it))
                break;
        }
    }
    pthread_mutex_lock(&q->mu);
    q->done = true;
    pthread_cond_signal(&q->can_get);
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

/* Checkpoints when the writer asks, on a thread of their own: they wait for the disk,
 * which neither the reader nor the writer should. */
static void *checkpointer(void *ud)
{
    queue *q = ud;
    pthread_setname_np(pthread_self(), "hoptac-ckpt");
    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (!q->ckpt_wanted && !q->ckpt_end)
            pthread_cond_wait(&q->can_ckpt, &q->mu);
        if (q->ckpt_end)
            break;
        q->ckpt_wanted = false;
        pthread_mutex_unlock(&q->mu);
        /* a failure here shows again on the writer's side, where it counts */
        ht_error ce;
        ht_store_checkpoint(q->ck, NULL, &ce);
        pthread_mutex_lock(&q->mu);
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

/* Waits for the reader to end. When the run was stopped by a signal, the reader may
 * be waiting on standard input, where no document comes: it is sent the wake-up
 * signal, again until it has ended (one sent before it reached the read would be
 * missed), so that its read fails and it sees the stop. */
static void join_reader(pthread_t th, const ht_ingest_opts *o)
{
    if (!o->stop || !*o->stop || !o->wake_signal) {
        pthread_join(th, NULL);
        return;
    }
    for (;;) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 200 * 1000 * 1000;
        if (until.tv_nsec >= 1000 * 1000 * 1000) {
            until.tv_sec++;
            until.tv_nsec -= 1000 * 1000 * 1000;
        }
        if (pthread_timedjoin_np(th, NULL, &until) != ETIMEDOUT)
            return;
        pthread_kill(th, o->wake_signal);
    }
}

/* ---- writing ---- */

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

/* Documents are committed in groups, each document in a nested transaction of its
 * own (a savepoint): a document is stored whole or not at all, a bad one is rolled back
 * alone, and a commit (with its share of the full-text index) serves many documents
 * instead of rewriting the same pages for each. Groups start at one document and
 * double up to BATCH_MAX, so a short run commits early and an interrupted one keeps
 * most of its work; they are counted in documents, never in time, so that a crash
 * after the N-th write (HOPTAC_CRASH_AFTER) always lands at the same place. */
#define BATCH_MAX 4096

/* Seconds the writer waits for the next document with a group open before it commits
 * the group: only a slow input (a program writing articles to standard input as it
 * finds them) leaves it waiting that long. */
#define IDLE_COMMIT 1

/* Indexes what waits for the full-text index, in a transaction of its own (what an
 * interrupted run of an older version left). */
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

/* The write-ahead log: the database itself checkpoints it after the commit that makes
 * it longer than a limit, on the writing thread. During ingest, the reader's own
 * connection copies it into the file after every commit instead, at the same time as
 * the writer goes on; what it has copied the writer need not copy again. The log starts
 * again from its beginning only when a write starts with all of it copied, which the
 * writer, holding its group's transaction open, meets only if it checkpoints itself
 * between two groups: it does so, cheaply, when the log is past WAL_LIMIT frames
 * (256 MB of 4 KB pages), which bounds the log. */
#define WAL_LIMIT 65536

static int wal_hook(void *ud, sqlite3 *db, const char *name, int frames)
{
    (void)db;
    (void)name;
    ((run *)ud)->wal_frames = frames;
    return SQLITE_OK;
}

static void after_commit(run *r)
{
    ht_error ce;
    if (r->wal_frames >= WAL_LIMIT)
        ht_store_checkpoint(r->st, NULL, &ce);
    queue *q = r->q;
    if (q && q->ck) {
        pthread_mutex_lock(&q->mu);
        q->ckpt_wanted = true;
        pthread_cond_signal(&q->can_ckpt);
        pthread_mutex_unlock(&q->mu);
    }
}

/* Indexes the group's documents and commits them. */
static int end_batch(run *r, ht_error *e)
{
    if (!r->open)
        return 0;
    r->open = false;
    int rc = 0;
    if (sqlite3_get_autocommit(ht_store_db(r->st)))
        /* the database ended the transaction itself (an I/O error, a full disk) */
        rc = e->code ? e->code : ht_err(e, HT_EDB, "the transaction was rolled back");
    if (!rc)
        rc = ht_store_fts_flush(r->st, NULL, e);
    if (!rc)
        rc = ht_store_commit(r->st, e);
    if (!rc)
        after_commit(r);
    if (rc) {
        ht_store_rollback(r->st);
        /* nothing of the group is stored */
        r->stats->added -= r->batch_added;
        r->stats->unchanged -= r->batch_unchanged;
    }
    r->batch_added = r->batch_unchanged = 0;
    if (r->batch_cap < BATCH_MAX)
        r->batch_cap *= 2;
    return rc;
}

static int store_doc(run *r, const item *it, ht_error *e)
{
    int rc = 0;
    if (!r->open) {
        if ((rc = ht_store_begin(r->st, e)))
            return rc;
        r->open = true;
    }
    if ((rc = ht_store_savepoint(r->st, e)))
        return rc;
    char id[HT_ID_MAX];
    bool added;
    rc = ht_store_doc_put_prepared(r->st, &it->doc, &it->prep, id, &added, e);
    if (!rc && added)
        rc = ht_store_put_extracted_parsed(r->st, id, it->records, r->o->auto_confirm,
                                           &r->stats->records, e);
    if (!rc)
        rc = ht_store_release(r->st, e);
    if (rc) {
        ht_store_rollback_savepoint(r->st);
        return rc;
    }
    if (added) {
        r->stats->added++;
        r->batch_added++;
    } else {
        r->stats->unchanged++;
        r->batch_unchanged++;
    }
    if (r->batch_added + r->batch_unchanged >= r->batch_cap)
        return end_batch(r, e);
    return 0;
}

/* Writes one item; non-zero (r->fatal filled) stops the batch. */
static int write_item(run *r, item *it)
{
    r->stats->documents++;
    if (it->kind != IT_DOC) {
        fail(r, it->source, "%s", it->msg);
        draw(r, false);
        return 0;
    }
    const ht_doc *d = &it->doc;
    char id[HT_ID_MAX];
    bool found, update;
    ht_error e = {0};
    int rc = ht_store_doc_find(r->st, it->prep.hash, d->source, id, &found, &update, &e);
    if (rc)
        goto fatal;
    if (found && !update) {
        /* the extraction made for it is thrown away */
        r->stats->unchanged++;
        draw(r, false);
        return 0;
    }
    if (!found && !it->extracted)
        extract(it, d);
    if (!it->prepared)
        prepare(it, d);
    if (!found && it->x_rc) {
        if (it->x_rc == HT_ENOMEM) {
            e = it->x_e;
            rc = it->x_rc;
            goto fatal;
        }
        fail(r, d->source, "extraction failed: %s", it->x_e.msg);
        draw(r, false);
        return 0;
    }
    if (it->prep_rc) {
        e = it->prep_e;
        rc = it->prep_rc;
        goto fatal;
    }
    rc = store_doc(r, it, &e);
    if (rc && !is_fatal(rc)) {
        fail(r, d->source, "%s", e.msg);
        rc = 0;
    }
    if (!rc) {
        draw(r, false);
        return 0;
    }
fatal:
    r->fatal = e;
    draw(r, true);
    return 1;
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
    run r = {.st = st, .o = o, .stats = stats, .start = now_s(), .batch_cap = 1};
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
     * are indexed when their group is committed */
    if ((rc = flush_fts(st, e))) {
        paths_free(&files);
        return rc;
    }
    ht_store_fts_batch(st, true);
    /* checkpoints as after_commit says (ht_store_fts_batch(false) gives the database
     * its own back) */
    sqlite3_wal_hook(ht_store_db(st), wal_hook, &r);
    queue q = {.files = &files, .cut = o->stop};
    /* The reader's and the checkpointer's connections: the file has just been read, so
     * they find it as it is. Without them ingest goes on: every document is extracted,
     * and the writer checkpoints. */
    ht_error oe;
    if (ht_store_open(ht_store_file(st), 0, &q.look, &oe))
        q.look = NULL;
    if (ht_store_open(ht_store_file(st), 0, &q.ck, &oe))
        q.ck = NULL;
    pthread_t th, ckth;
    bool started = q_init(&q);
    if (started && !(started = pthread_create(&th, NULL, reader, &q) == 0))
        q_destroy(&q);
    if (!started)
        rc = ht_err(e, HT_ENOMEM, "cannot start a thread to read the documents");
    else {
        r.q = &q;
        if (q.ck && pthread_create(&ckth, NULL, checkpointer, &q)) {
            ht_store_close(q.ck);
            q.ck = NULL;
        }
    }
    item *it = NULL;
    while (!rc) {
        if (o->stop && *o->stop) {
            stats->interrupted = true;
            break;
        }
        bool idle;
        /* a stop is looked for at least as often */
        it = q_get(&q, it, r.open || o->stop ? IDLE_COMMIT : 0, &idle);
        if (idle) {
            /* the input is slow (a program writing to standard input): what has come
             * is committed rather than kept waiting for its group to fill */
            rc = end_batch(&r, e);
            continue;
        }
        if (!it)
            break;
        if (write_item(&r, it)) {
            *e = r.fatal;
            rc = e->code ? e->code : HT_EDB;
        }
    }
    if (started) {
        q_stop(&q);
        join_reader(th, o);
        if (q.was_cut)
            stats->interrupted = true;
        if (q.ck) {
            pthread_mutex_lock(&q.mu);
            q.ckpt_end = true;
            pthread_cond_signal(&q.can_ckpt);
            pthread_mutex_unlock(&q.mu);
            pthread_join(ckth, NULL);
        }
        r.q = NULL;
        /* what was read after the batch stopped, and what was written last */
        item_free(it);
        free_list(q.spent);
        while ((it = q_get(&q, NULL, 0, NULL)))
            item_free(it);
        if (!rc && q.read_rc) {
            *e = q.read_e;
            rc = q.read_rc;
        }
        q_destroy(&q);
    }
    ht_store_close(q.ck);
    ht_store_close(q.look);

    if (rc) {
        /* the documents before the one that failed are kept */
        ht_error ce = {0};
        end_batch(&r, &ce);
    } else
        rc = end_batch(&r, e);
    ht_store_fts_batch(st, false);
    if (o->progress && stats->documents)
        fprintf(o->progress, "\r\033[K");
    stats->seconds = now_s() - r.start;
    stats->writes = ht_store_writes(st) - writes0;
    paths_free(&files);
    return rc;
}
