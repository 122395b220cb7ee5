/* The working state of one document's extraction, shared by its passes: tokens,
 * stories, dates, place and organisation mentions, party records, people, then
 * agreements, activities and anniversaries. Internal to src/extract/.
 * Order of the passes (extract.c): tokens -> excluded spans -> dates -> places
 * (places.c) -> organisations (places.c) -> people (people.c) -> parties numbered
 * -> events (events.c) -> result. */
#ifndef HT_EXTRACT_XDOC_H
#define HT_EXTRACT_XDOC_H

#include "dates.h"
#include "extract.h"
#include "lex.h"

extern const ht_data_table ht_data_gazetteer, ht_data_cues, ht_data_titles,
    ht_data_org_patterns, ht_data_triggers, ht_data_agreement_kinds, ht_data_fields,
    ht_data_units, ht_data_surnames, ht_data_history, ht_data_ministries, ht_data_org_words;

/* Grows a malloc'd vector v (count n, capacity cap) by one slot; evaluates to a
 * pointer to the new zeroed slot, or NULL when out of memory. */
void *ht_xvec_push(void **v, size_t *n, size_t *cap, size_t size);
#define HT_XPUSH(v, n, cap) ((__typeof__(v))ht_xvec_push((void **)&(v), &(n), &(cap), sizeof *(v)))

enum { HT_XPM_GAZ = 1, HT_XPM_UNKNOWN, HT_XPM_ORG };

/* A place or organisation mention. */
typedef struct {
    size_t t0, t1;     /* tokens [t0, t1) */
    int src;           /* HT_XPM_* */
    int party;         /* index in ht_xdoc.parties, -1 until resolved */
    int gaz_row;       /* gazetteer row for HT_XPM_GAZ */
    int place;         /* org: index in pm of the place it is named after, -1 */
    int story;
    bool in_title;     /* part of a person's title */
    bool dropped;      /* ruled out by a later pass */
    const char *admin; /* unknown locality: the party kind its admin word gives */
    const char *country; /* unknown locality or org: country code from context */
    int org_row;       /* org: row of org_patterns */
    double conf;       /* unknown locality: how sure its country is */
    int alias_of;      /* org: a short name ("BRG", "JIFA") of the org mention given, -1 */
    int next_start;    /* the next mention starting at the same token, -1 */
    int next_end;      /* the next mention ending at the same token, -1 */
} ht_xpm;

/* A party record of the document before output. */
typedef struct {
    char *id, *name, *kind, *country, *parent;
    char *key;         /* folded name, for merging mentions */
    int gaz_row;       /* -1 when not from the gazetteer */
    int parent_party;  /* index in parties, -1 */
    bool represents;   /* an organisation that stands for its locality */
    bool acted_for;    /* a foreign country a body of it stands for in an event */
    char **aliases;
    size_t naliases, capaliases;
    ht_span *mentions;
    size_t nmentions, capmentions;
    size_t first_tok;
    size_t last_tok;   /* the first token of its last mention so far */
    double confidence;
} ht_xpr;

/* One title as written before or after a name. */
typedef struct {
    size_t t0, t1;     /* tokens of the title with its organisation or place */
    size_t w0;         /* where it is written from: t0, or the word "cựu" or "nguyên"
                        * (former) before it */
    int party;         /* index in parties of the body it names, -1 */
    int pm;            /* the place/org mention it names, -1 */
    bool foreign;      /* an office of a foreign locality */
} ht_xtitle;

/* A person mention: a name with the titles written with it. */
typedef struct {
    size_t n0, n1;     /* tokens of the name */
    ht_xtitle titles[6];
    int ntitles;
    int person;        /* index in people */
    int story;
} ht_xpmen;

typedef struct {
    char *name;
    char *key;         /* folded name */
    char **aliases;
    size_t naliases, capaliases;
    char **titles;
    size_t ntitles, captitles;
    int party;
    ht_span *mentions;
    size_t nmentions, capmentions;
    unsigned stories_lo; /* bit 0: the article; bit k: story k (k < 32) */
    bool in_article;
    bool merged;         /* folded into another record (its mentions moved there) */
} ht_xppl;

typedef struct {
    const ht_doc *doc;
    ht_xtext x;
    uint8_t *skip;          /* per token: 1 in credits and [links] */
    int *story;             /* per token: 0 the article, k >= 1 a caption of another story */
    int nstories;
    size_t *sent_t0, *sent_t1; /* per sentence: its tokens */
    uint8_t *sent_coop;     /* per sentence: a listed task (speaks of cooperation) */
    ht_xdate *dates;
    size_t ndates, capdates;
    int *date_story;        /* per date */
    bool *date_used;        /* taken by an anniversary */
    ht_xpm *pm;
    size_t npm, cappm;
    int *pm_start, *pm_end; /* per token: the last mention starting / ending there, -1 */
    uint8_t *dated;         /* per token: inside a date */
    uint8_t *org_tok;       /* per token: inside an organisation's name (events.c) */
    ht_xpr *parties;
    size_t nparties, capparties;
    ht_xpmen *pmen;
    size_t npmen, cappmen;
    ht_xppl *people;
    size_t npeople, cappeople;
    int nlocal;
    ht_extraction *out;
    ht_arena *arena;        /* out->arena */
    int err;
} ht_xdoc;

/* Row filter on a lexicon's second column ("kind"), the wanted value in ud. */
bool ht_xrow_kind(const ht_data_table *t, size_t row, const void *ud);
/* Tokens of a cue of this kind (data/cues.tsv) at token i, 0 if none. */
static inline size_t ht_xcue(const ht_xdoc *d, size_t i, ht_xcue_kind kind)
{
    if (i >= d->x.n)
        return 0;
    return ht_xtext_cue(&d->x, i, d->sent_t1[d->x.t[i].sent], kind);
}
/* Text offsets -> original span. */
ht_span ht_xspan(const ht_xdoc *d, size_t t0, size_t t1);
/* The normalised text of tokens [t0, t1), copied into the result arena. */
char *ht_xtext_of(ht_xdoc *d, size_t t0, size_t t1);
/* First and one-past-last token of the sentence holding token i. */
void ht_xsentence(const ht_xdoc *d, size_t i, size_t *s0, size_t *s1);
/* A copy of s in the result arena. */
char *ht_xstrdup(ht_xdoc *d, const char *s);

/* places.c */
void ht_xplaces_scan(ht_xdoc *d);
/* Gives unknown localities their country and parent from context, drops those with
 * none (or a Vietnamese one not written with its province), and finds the later
 * mentions of the names kept ("huyện Kỳ Sơn (tỉnh Nghệ An)" … "Kỳ Sơn"). */
void ht_xplaces_resolve(ht_xdoc *d);
void ht_xorgs_scan(ht_xdoc *d);
/* Creates the party records in order of first mention; resolves unknown localities'
 * countries from context (dropping those with none or Vietnam). */
void ht_xparties_build(ht_xdoc *d);
/* The place/org mention starting at token i (not dropped), or -1. */
int ht_xpm_at(const ht_xdoc *d, size_t i);
/* An organisation head at i followed by its name: returns the new mention or -1, and
 * in *end the token after the name (i when there is no head). Within a title ("Bí
 * thư Tỉnh ủy, …") a head alone is read (*end past it) but makes no mention. */
int ht_xorg_at(ht_xdoc *d, size_t i, bool in_title, size_t *end);
/* The place (not organisation) mention starting at token i, or -1. */
int ht_xplace_at(const ht_xdoc *d, size_t i);
/* "Hoàng gia" at i: "royal" when a place follows ("Chính phủ Hoàng gia Campuchia",
 * "Hải quân Hoàng gia Anh"), not the family Hoàng; the callers look at what follows. */
bool ht_xroyal(const ht_xdoc *d, size_t i);
/* A place mention (not dropped, not an organisation) ending right before token i, or -1. */
int ht_xplace_ending(const ht_xdoc *d, size_t i);
/* A word of a person's name at i: a capitalised word and what a touching '-' or
 * apostrophe joins to it ("Lếch-lay", "H'"). Returns the token after it. */
size_t ht_xname_word(const ht_xdoc *d, size_t i);
/* A family name (data/surnames.tsv) at token i. */
bool ht_xsurname_at(const ht_xdoc *d, size_t i);
/* Party index a mention acts for: an organisation that represents its locality
 * gives the locality. */
int ht_xparty_acting(const ht_xdoc *d, int party);

/* people.c */
/* A row of data/titles.tsv other than a profession's: the words of an office, a rank
 * or an honorific, which end the names of bodies and places ("Hội Nhà báo Việt Nam"
 * goes on past a profession). A row filter for ht_xlex_match. */
bool ht_xtitle_office_row(const ht_data_table *t, size_t row, const void *ud);
void ht_xpeople_scan(ht_xdoc *d);
void ht_xpeople_build(ht_xdoc *d);

/* events.c */
void ht_xevents_build(ht_xdoc *d);

#endif
