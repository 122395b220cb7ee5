/* Extraction entry point: runs the passes of xdoc.h over one document, copies the
 * records into an ht_extraction, and writes them as the JSON of SPEC 1b. */
#include "xdoc.h"

#include <stdlib.h>
#include <string.h>

void *ht_xvec_push(void **v, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        void *nv = realloc(*v, nc * size);
        if (!nv)
            return NULL;
        *v = nv;
        *cap = nc;
    }
    void *slot = (char *)*v + (*n)++ * size;
    memset(slot, 0, size);
    return slot;
}

bool ht_xrow_kind(const ht_data_table *t, size_t row, const void *ud)
{
    return strcmp(ht_data_cell(t, row, 1), (const char *)ud) == 0;
}

ht_span ht_xspan(const ht_xdoc *d, size_t t0, size_t t1)
{
    ht_span s = {0, 0};
    if (t0 >= d->x.n || t1 <= t0)
        return s;
    if (t1 > d->x.n)
        t1 = d->x.n;
    s.start = ht_offmap_orig(&d->doc->map, d->x.t[t0].start, false);
    s.end = ht_offmap_orig(&d->doc->map, d->x.t[t1 - 1].end, true);
    if (s.end > d->doc->orig_n)
        s.end = d->doc->orig_n;
    if (s.start > s.end)
        s.start = s.end;
    /* an edit of the normalisation may reach over a neighbouring mark ("Lắk," is one
     * edit when "ắ" was decomposed): keep the span to the token's own characters */
    const unsigned char *o = (const unsigned char *)d->doc->orig;
    unsigned char first = (unsigned char)d->x.text[d->x.t[t0].start];
    unsigned char last = (unsigned char)d->x.text[d->x.t[t1 - 1].end - 1];
    while (s.end > s.start && o[s.end - 1] < 0x80 && o[s.end - 1] != last &&
           !((o[s.end - 1] | 0x20) >= 'a' && (o[s.end - 1] | 0x20) <= 'z') &&
           !(o[s.end - 1] >= '0' && o[s.end - 1] <= '9'))
        s.end--;
    while (s.start < s.end && o[s.start] < 0x80 && o[s.start] != first &&
           !((o[s.start] | 0x20) >= 'a' && (o[s.start] | 0x20) <= 'z') &&
           !(o[s.start] >= '0' && o[s.start] <= '9'))
        s.start++;
    return s;
}

char *ht_xstrdup(ht_xdoc *d, const char *s)
{
    char *r = ht_arena_strndup(d->arena, s, strlen(s));
    if (!r)
        d->err = HT_ENOMEM;
    return r;
}

char *ht_xtext_of(ht_xdoc *d, size_t t0, size_t t1)
{
    if (t0 >= d->x.n || t1 <= t0)
        return ht_xstrdup(d, "");
    size_t a = d->x.t[t0].start, b = d->x.t[t1 - 1].end;
    char *r = ht_arena_strndup(d->arena, d->x.text + a, b - a);
    if (!r)
        d->err = HT_ENOMEM;
    return r;
}

void ht_xsentence(const ht_xdoc *d, size_t i, size_t *s0, size_t *s1)
{
    if (i >= d->x.n) {
        *s0 = *s1 = d->x.n;
        return;
    }
    uint32_t s = d->x.t[i].sent;
    *s0 = d->sent_t0[s];
    *s1 = d->sent_t1[s];
}

/* Credits and bracketed links: "(Ảnh: … /TTXVN)", "Ảnh: Nhan Sáng/TTXVN", "[…]". */
static void mark_skips(ht_xdoc *d)
{
    const ht_xtext *x = &d->x;
    for (size_t i = 0; i < x->n; i++) {
        if (ht_xtok_is(x, i, '[')) {
            size_t j = i + 1;
            while (j < x->n && j < i + 60 && x->t[j].block == x->t[i].block && !ht_xtok_is(x, j, ']'))
                j++;
            if (j < x->n && ht_xtok_is(x, j, ']'))
                for (size_t k = i; k <= j; k++)
                    d->skip[k] = 1;
            continue;
        }
        size_t c = ht_xcue(d, i, HT_CUE_CREDIT);
        if (!c)
            continue;
        bool paren = i > 0 && ht_xtok_is(x, i - 1, '(');
        bool colon = ht_xtok_is(x, i + c, ':');
        /* "Ảnh N.TRI", "Ảnh: Nhan Sáng/TTXVN" */
        bool named = (x->t[i].flags & HT_XT_CAP) && i + c < x->n && x->t[i + c].kind == HT_TOK_WORD &&
                     (x->t[i + c].flags & HT_XT_UPPER);
        if (!paren && !((colon || named) && (x->t[i].flags & HT_XT_CAP)))
            continue;
        size_t j = i + c + colon, end = j;
        if (paren) {
            while (end < x->n && end < j + 30 && x->t[end].block == x->t[i].block && !ht_xtok_is(x, end, ')'))
                end++;
            end++;
            i--;
        } else {
            /* up to the agency after '/', else the capitalised words of the name */
            size_t k = j, caps = 0;
            bool slash = false;
            while (k < x->n && k < j + 10 && x->t[k].block == x->t[i].block) {
                if (ht_xtok_is(x, k, '/')) {
                    slash = true;
                    k += 2;
                    break;
                }
                if (x->t[k].kind != HT_TOK_WORD || !(x->t[k].flags & (HT_XT_CAP | HT_XT_UPPER)))
                    break;
                /* "Ảnh: Trọng Tùng Ông Lê Văn Cường - Chủ tịch …": a caption glued to
                 * the next sentence, which starts with "Ông", "Bà" or a title */
                if (k > j && (ht_xtok_word(x, k, "ong") || ht_xtok_word(x, k, "ba") ||
                              ht_xlex_match(x, k, x->n, &ht_data_titles, HT_XM_ACCENT, ht_xtitle_office_row, NULL).ntok))
                    break;
                k++;
                caps++;
            }
            end = slash ? k : j + (caps < 4 ? caps : 4);
        }
        if (end > x->n)
            end = x->n;
        for (size_t k = i; k < end; k++)
            d->skip[k] = 1;
        i = end ? end - 1 : 0;
    }
}

static void scan_dates(ht_xdoc *d)
{
    size_t b0 = 0;
    for (size_t i = 1; i <= d->x.n && !d->err; i++) {
        if (i < d->x.n && d->x.t[i].block == d->x.t[b0].block)
            continue;
        ht_xdate tmp[64];
        size_t n = ht_xdates_scan(&d->x, b0, i, tmp, 64);
        for (size_t k = 0; k < n; k++) {
            if (d->skip[tmp[k].t0])
                continue;
            ht_xdate *slot = HT_XPUSH(d->dates, d->ndates, d->capdates);
            if (!slot) {
                d->err = HT_ENOMEM;
                return;
            }
            *slot = tmp[k];
        }
        b0 = i;
    }
    d->date_story = calloc(d->ndates + 1, sizeof *d->date_story);
    d->date_used = calloc(d->ndates + 1, sizeof *d->date_used);
    if (!d->date_story || !d->date_used) {
        d->err = HT_ENOMEM;
        return;
    }
    for (size_t k = 0; k < d->ndates; k++) {
        d->date_story[k] = d->story[d->dates[k].t0];
        for (size_t t = d->dates[k].t0; t < d->dates[k].t1; t++)
            d->dated[t] = 1;
    }
}

/* ---- result ---- */

static const char **strv(ht_xdoc *d, char **v, size_t n)
{
    const char **r = ht_arena_alloc(d->arena, (n + 1) * sizeof *r);
    if (!r) {
        d->err = HT_ENOMEM;
        return NULL;
    }
    for (size_t k = 0; k < n; k++)
        r[k] = v[k];
    return r;
}

static ht_span *spanv(ht_xdoc *d, ht_span *v, size_t n)
{
    ht_span *r = ht_arena_alloc(d->arena, (n + 1) * sizeof *r);
    if (!r) {
        d->err = HT_ENOMEM;
        return NULL;
    }
    if (n)
        memcpy(r, v, n * sizeof *r);
    return r;
}

static void copy_out(ht_xdoc *d)
{
    ht_extraction *o = d->out;
    o->parties = ht_arena_alloc(d->arena, (d->nparties + 1) * sizeof *o->parties);
    o->people = ht_arena_alloc(d->arena, (d->npeople + 1) * sizeof *o->people);
    if (!o->parties || !o->people) {
        d->err = HT_ENOMEM;
        return;
    }
    for (size_t k = 0; k < d->nparties; k++) {
        const ht_xpr *p = &d->parties[k];
        ht_xparty *q = &o->parties[o->nparties++];
        q->id = p->id;
        q->name = p->name;
        q->kind = p->kind;
        q->country = p->country;
        q->parent = p->parent;
        q->aliases = strv(d, p->aliases, p->naliases);
        q->naliases = p->naliases;
        q->mentions = spanv(d, p->mentions, p->nmentions);
        q->nmentions = p->nmentions;
        q->confidence = p->confidence;
    }
    int *remap = malloc((d->npeople + 1) * sizeof *remap);
    if (!remap) {
        d->err = HT_ENOMEM;
        return;
    }
    for (size_t k = 0; k < d->npeople; k++) {
        const ht_xppl *p = &d->people[k];
        remap[k] = p->merged ? -1 : (int)o->npeople;
        if (p->merged)
            continue;
        ht_xperson *q = &o->people[o->npeople++];
        q->name = p->name;
        q->aliases = strv(d, p->aliases, p->naliases);
        q->naliases = p->naliases;
        q->titles = strv(d, p->titles, p->ntitles);
        q->ntitles = p->ntitles;
        q->party = p->party;
        q->mentions = spanv(d, p->mentions, p->nmentions);
        q->nmentions = p->nmentions;
        q->other_story = !p->in_article;
    }
    /* participants and signatories point at records kept */
    for (size_t k = 0; k < o->nactivities; k++)
        for (size_t p = 0; p < o->activities[k].nparticipants; p++) {
            int *who = &o->activities[k].participants[p].person;
            *who = *who >= 0 && (size_t)*who < d->npeople ? remap[*who] : -1;
        }
    for (size_t k = 0; k < o->nagreements; k++)
        for (size_t p = 0; p < o->agreements[k].nsignatories; p++) {
            int *who = &o->agreements[k].signatories[p];
            *who = *who >= 0 && (size_t)*who < d->npeople ? remap[*who] : -1;
        }
    free(remap);
}

static void free_work(ht_xdoc *d)
{
    for (size_t k = 0; k < d->nparties; k++) {
        free(d->parties[k].aliases);
        free(d->parties[k].mentions);
    }
    for (size_t k = 0; k < d->npeople; k++) {
        free(d->people[k].aliases);
        free(d->people[k].titles);
        free(d->people[k].mentions);
    }
    free(d->parties);
    free(d->people);
    free(d->pm);
    free(d->pmen);
    free(d->dates);
    free(d->date_story);
    free(d->date_used);
    free(d->skip);
    free(d->story);
    free(d->sent_t0);
    free(d->sent_t1);
    free(d->sent_coop);
    free(d->pm_start);
    free(d->pm_end);
    free(d->dated);
    free(d->org_tok);
    ht_xtext_free(&d->x);
}

int ht_extract(const ht_doc *doc, ht_extraction *out, ht_error *e)
{
    memset(out, 0, sizeof *out);
    ht_xdoc d;
    memset(&d, 0, sizeof d);
    d.doc = doc;
    d.out = out;
    d.arena = &out->arena;
    int story_next = 1;
    int *block_story = calloc(doc->nblocks + 1, sizeof *block_story);
    if (!block_story)
        return ht_err(e, HT_ENOMEM, "%s: out of memory", doc->source ? doc->source : "?");
    for (size_t b = 0; b < doc->nblocks && !d.err && d.x.n < HT_X_MAX_TOKENS; b++) {
        const ht_block *bl = &doc->blocks[b];
        if (!ht_block_feeds_extraction(bl->cls) || bl->end <= bl->start || bl->end > doc->text_n)
            continue;
        if (bl->cls == HT_BLK_CAPTION_OTHER && story_next > HT_X_MAX_STORIES)
            continue;
        block_story[b] = bl->cls == HT_BLK_CAPTION_OTHER ? story_next++ : 0;
        if (ht_xtext_add(&d.x, doc->text, doc->text_n, bl->start, bl->end, (uint32_t)b))
            d.err = HT_ENOMEM;
    }
    d.nstories = story_next;
    ht_xtext_finish(&d.x);
    d.skip = calloc(d.x.n + 1, 1);
    d.story = calloc(d.x.n + 1, sizeof *d.story);
    d.sent_t0 = calloc(d.x.nsent + 1, sizeof *d.sent_t0);
    d.sent_t1 = calloc(d.x.nsent + 1, sizeof *d.sent_t1);
    d.sent_coop = calloc(d.x.nsent + 1, 1);
    d.pm_start = malloc((d.x.n + 1) * sizeof *d.pm_start);
    d.pm_end = malloc((d.x.n + 2) * sizeof *d.pm_end);
    d.dated = calloc(d.x.n + 1, 1);
    if (d.pm_start && d.pm_end) {
        for (size_t i = 0; i <= d.x.n; i++)
            d.pm_start[i] = d.pm_end[i] = -1;
        d.pm_end[d.x.n + 1] = -1;
    }
    if (!d.skip || !d.story || !d.sent_t0 || !d.sent_t1 || !d.sent_coop || !d.pm_start || !d.pm_end ||
        !d.dated)
        d.err = HT_ENOMEM;
    if (!d.err) {
        for (size_t i = 0; i < d.x.n; i++) {
            d.story[i] = block_story[d.x.t[i].block];
            uint32_t s = d.x.t[i].sent;
            if (i == 0 || d.x.t[i - 1].sent != s)
                d.sent_t0[s] = i;
            d.sent_t1[s] = i + 1;
        }
        mark_skips(&d);
        scan_dates(&d);
    }
    if (!d.err)
        ht_xplaces_scan(&d);
    if (!d.err)
        ht_xplaces_resolve(&d);
    if (!d.err)
        ht_xorgs_scan(&d);
    if (!d.err)
        ht_xpeople_scan(&d);
    if (!d.err)
        ht_xparties_build(&d);
    if (!d.err)
        ht_xpeople_build(&d);
    if (!d.err)
        ht_xevents_build(&d);
    if (!d.err)
        copy_out(&d);
    free(block_story);
    free_work(&d);
    if (d.err)
        return ht_err(e, d.err, "%s: out of memory during extraction", doc->source ? doc->source : "?");
    return 0;
}

void ht_extraction_free(ht_extraction *x)
{
    ht_arena_free(&x->arena);
    memset(x, 0, sizeof *x);
}

/* ---- JSON ---- */

static void json_span(ht_json *j, ht_span s)
{
    ht_json_obj(j);
    ht_json_key(j, "start");
    ht_json_int(j, (long long)s.start);
    ht_json_key(j, "end");
    ht_json_int(j, (long long)s.end);
    ht_json_obj_end(j);
}

static void json_strs(ht_json *j, const char *key, const char *const *v, size_t n)
{
    ht_json_key(j, key);
    ht_json_arr(j);
    for (size_t k = 0; k < n; k++)
        ht_json_cstr(j, v[k]);
    ht_json_arr_end(j);
}

static void json_date(ht_json *j, const ht_date *d)
{
    char b[11];
    if (ht_date_format(d, b))
        ht_json_cstr(j, b);
    else
        ht_json_null(j);
}

static void json_party_names(ht_json *j, const ht_extraction *x, const int *v, size_t n)
{
    ht_json_arr(j);
    for (size_t k = 0; k < n; k++)
        if (v[k] >= 0 && (size_t)v[k] < x->nparties)
            ht_json_cstr(j, x->parties[v[k]].name);
    ht_json_arr_end(j);
}

void ht_extraction_json(const ht_extraction *x, ht_json *j)
{
    ht_json_key(j, "parties");
    ht_json_arr(j);
    for (size_t k = 0; k < x->nparties; k++) {
        const ht_xparty *p = &x->parties[k];
        ht_json_obj(j);
        ht_json_key(j, "id");
        ht_json_cstr(j, p->id);
        ht_json_key(j, "name");
        ht_json_cstr(j, p->name);
        ht_json_key(j, "kind");
        ht_json_cstr(j, p->kind);
        ht_json_key(j, "country");
        ht_json_cstr(j, p->country);
        ht_json_key(j, "parent");
        ht_json_cstr(j, p->parent);
        json_strs(j, "aliases", p->aliases, p->naliases);
        ht_json_key(j, "mentions");
        ht_json_arr(j);
        for (size_t m = 0; m < p->nmentions; m++)
            json_span(j, p->mentions[m]);
        ht_json_arr_end(j);
        ht_json_obj_end(j);
    }
    ht_json_arr_end(j);

    ht_json_key(j, "people");
    ht_json_arr(j);
    for (size_t k = 0; k < x->npeople; k++) {
        const ht_xperson *p = &x->people[k];
        ht_json_obj(j);
        ht_json_key(j, "name");
        ht_json_cstr(j, p->name);
        json_strs(j, "aliases", p->aliases, p->naliases);
        json_strs(j, "titles", p->titles, p->ntitles);
        ht_json_key(j, "party");
        ht_json_cstr(j, p->party >= 0 && (size_t)p->party < x->nparties ? x->parties[p->party].id : NULL);
        ht_json_key(j, "mentions");
        ht_json_arr(j);
        for (size_t m = 0; m < p->nmentions; m++)
            json_span(j, p->mentions[m]);
        ht_json_arr_end(j);
        ht_json_obj_end(j);
    }
    ht_json_arr_end(j);

    ht_json_key(j, "agreements");
    ht_json_arr(j);
    for (size_t k = 0; k < x->nagreements; k++) {
        const ht_xagreement *a = &x->agreements[k];
        ht_json_obj(j);
        ht_json_key(j, "kind");
        ht_json_cstr(j, a->kind);
        ht_json_key(j, "title");
        ht_json_cstr(j, a->title);
        ht_json_key(j, "parties");
        json_party_names(j, x, a->parties, a->nparties);
        ht_json_key(j, "signatories");
        ht_json_arr(j);
        for (size_t s = 0; s < a->nsignatories; s++)
            if (a->signatories[s] >= 0 && (size_t)a->signatories[s] < x->npeople)
                ht_json_cstr(j, x->people[a->signatories[s]].name);
        ht_json_arr_end(j);
        ht_json_key(j, "signed");
        json_date(j, &a->signed_on);
        ht_json_key(j, "signed_inferred");
        ht_json_bool(j, a->signed_on.prec && a->signed_on.inferred);
        ht_json_key(j, "place");
        ht_json_cstr(j, a->place);
        ht_json_key(j, "term");
        if (a->term_from) {
            ht_json_obj(j);
            ht_json_key(j, "from");
            ht_json_int(j, a->term_from);
            ht_json_key(j, "to");
            ht_json_int(j, a->term_to);
            ht_json_obj_end(j);
        } else
            ht_json_null(j);
        json_strs(j, "fields", a->fields, a->nfields);
        ht_json_key(j, "tasks_declared");
        if (a->tasks_declared > 0)
            ht_json_int(j, a->tasks_declared);
        else
            ht_json_null(j);
        json_strs(j, "tasks", a->tasks, a->ntasks);
        ht_json_key(j, "confidence");
        ht_json_num(j, a->confidence);
        ht_json_key(j, "evidence");
        json_span(j, a->evidence);
        ht_json_obj_end(j);
    }
    ht_json_arr_end(j);

    ht_json_key(j, "activities");
    ht_json_arr(j);
    for (size_t k = 0; k < x->nactivities; k++) {
        const ht_xactivity *a = &x->activities[k];
        ht_json_obj(j);
        ht_json_key(j, "kind");
        ht_json_cstr(j, a->kind);
        json_strs(j, "kinds", a->kinds, a->nkinds);
        ht_json_key(j, "date");
        json_date(j, &a->date);
        ht_json_key(j, "date_inferred");
        ht_json_bool(j, a->date.prec && a->date.inferred);
        ht_json_key(j, "place");
        ht_json_cstr(j, a->place);
        ht_json_key(j, "parties");
        json_party_names(j, x, a->parties, a->nparties);
        ht_json_key(j, "participants");
        ht_json_arr(j);
        for (size_t p = 0; p < a->nparticipants; p++) {
            int who = a->participants[p].person;
            if (who < 0 || (size_t)who >= x->npeople)
                continue;
            ht_json_obj(j);
            ht_json_key(j, "name");
            ht_json_cstr(j, x->people[who].name);
            ht_json_key(j, "role");
            ht_json_cstr(j, a->participants[p].role);
            ht_json_obj_end(j);
        }
        ht_json_arr_end(j);
        json_strs(j, "commitments", a->commitments, a->ncommitments);
        json_strs(j, "fields", a->fields, a->nfields);
        ht_json_key(j, "agreement");
        if (a->agreement >= 0)
            ht_json_int(j, a->agreement);
        else
            ht_json_null(j);
        ht_json_key(j, "confidence");
        ht_json_num(j, a->confidence);
        ht_json_key(j, "evidence");
        json_span(j, a->evidence);
        ht_json_obj_end(j);
    }
    ht_json_arr_end(j);

    ht_json_key(j, "anniversaries");
    ht_json_arr(j);
    for (size_t k = 0; k < x->nanniversaries; k++) {
        const ht_xanniversary *a = &x->anniversaries[k];
        ht_json_obj(j);
        ht_json_key(j, "what");
        ht_json_cstr(j, a->what);
        ht_json_key(j, "date");
        json_date(j, &a->date);
        ht_json_key(j, "years");
        if (a->years)
            ht_json_int(j, a->years);
        else
            ht_json_null(j);
        ht_json_obj_end(j);
    }
    ht_json_arr_end(j);
}

int ht_extract_json(const ht_doc *doc, ht_json *j, ht_error *e)
{
    ht_extraction x;
    int rc = ht_extract(doc, &x, e);
    if (rc == 0)
        ht_extraction_json(&x, j);
    ht_extraction_free(&x);
    return rc;
}
