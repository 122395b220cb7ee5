/* Search for the API and the search page: the search layer's own search (the one
 * `hoptac search` runs, search/search.h), on a session kept by each worker thread for
 * its connection so that the statements stay prepared from one request to the next,
 * written as the JSON of SPEC 1c. */
#include "http_int.h"
#include "search/search.h"

#include <stdlib.h>
#include <string.h>

#define MAX_KINDS 8
#define MAX_OFFSET 100000
#define SESSIONS 4 /* connections one thread may hold at once */

static _Thread_local struct {
    sqlite3 *db;
    ht_search_session *s;
} sessions[SESSIONS];

static ht_search_session *session_of(ht_store *st, ht_error *e)
{
    sqlite3 *db = ht_store_db(st);
    int free_slot = -1;
    for (int i = 0; i < SESSIONS; i++) {
        if (sessions[i].db == db)
            return sessions[i].s;
        if (!sessions[i].db && free_slot < 0)
            free_slot = i;
    }
    if (free_slot < 0) {
        ht_err(e, HT_EBUSY, "too many connections on one thread");
        return NULL;
    }
    ht_search_session *s;
    if (ht_search_session_open(db, &s, e))
        return NULL;
    sessions[free_slot].db = db;
    sessions[free_slot].s = s;
    return s;
}

void hs_search_release(ht_store *st)
{
    sqlite3 *db = ht_store_db(st);
    for (int i = 0; i < SESSIONS; i++)
        if (sessions[i].db == db) {
            ht_search_session_close(sessions[i].s);
            sessions[i].db = NULL;
            sessions[i].s = NULL;
        }
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

/* The options of the search layer are named as on the command line ("--from: ..."); the
 * API's parameters have the same names without the dashes. */
static int web_names(int rc, ht_error *e)
{
    if (!strncmp(e->msg, "--", 2))
        memmove(e->msg, e->msg + 2, strlen(e->msg + 2) + 1);
    return rc;
}

int hs_search_json(ht_store *st, const hs_search_opts *o, ht_buf *out, ht_error *e)
{
    if (o->offset > MAX_OFFSET)
        return ht_err(e, HT_EINVAL, "offset: at most %d", MAX_OFFSET);
    char kbuf[128];
    const char *kinds[MAX_KINDS];
    size_t nkinds = 0;
    if (o->kind) {
        if (strlen(o->kind) >= sizeof kbuf)
            return ht_err(e, HT_EINVAL, "kind: too long");
        strcpy(kbuf, o->kind);
        for (char *save = NULL, *k = strtok_r(kbuf, ",", &save); k;
             k = strtok_r(NULL, ",", &save)) {
            if (nkinds == MAX_KINDS)
                return ht_err(e, HT_EINVAL, "kind: too many kinds");
            kinds[nkinds++] = k;
        }
    }
    ht_search_opts so = {.query = o->q, .exact = o->exact, .kinds = kinds, .nkinds = nkinds,
                         .party = o->party, .country = o->country, .field = o->field,
                         .from = o->from, .to = o->to, .status = o->status,
                         .review = o->review, .limit = o->limit, .offset = o->offset,
                         .typing = o->typing};
    ht_search_results r;
    int rc;
    if (blank(o->q)) { /* nothing typed yet: no result, but the options are checked */
        ht_search_filters f;
        if ((rc = ht_search_opts_check(&so, &f, e)))
            return web_names(rc, e);
        memset(&r, 0, sizeof r);
        r.query = o->q ? o->q : "";
        r.limit = f.limit;
        r.offset = f.offset;
    } else {
        ht_search_session *s = session_of(st, e);
        if (!s)
            return e->code ? e->code : HT_ENOMEM;
        if ((rc = ht_search_session_run(s, &so, &r, e)))
            return web_names(rc, e);
    }
    ht_json j;
    ht_json_init(&j, out);
    ht_search_json(&j, &r);
    rc = j.err ? HT_ENOMEM : ht_buf_putc(out, '\n');
    ht_search_results_free(&r);
    return rc ? ht_err(e, HT_ENOMEM, "out of memory") : 0;
}
