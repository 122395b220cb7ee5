/* HTML pages: libxml2's HTML parser (SAX, recovering from broken markup) feeds a
 * compact element tree and the page's text runs with their byte positions; the runs
 * are grouped into blocks (one per stretch of text between block-level tags) and the
 * blocks are classified. Every block's span points into the HTML bytes. Before
 * parsing, the bodies of scripts, styles and svg, comments, unused attributes and
 * indentation are cut (see prefilter); the cuts are mapped back, so positions are the
 * page's. The tree is capped at MAX_DEPTH levels and walked without recursion.
 *
 * How the article is found (a scorer over features). Blocks inside <script>, <style>,
 * hidden elements and the like are never text. Every paragraph-like block of 25+
 * characters outside page furniture (<nav>, <aside>, <footer>, <header>, <form>, ARIA
 * landmarks of the same kind, class/id names that hint furniture: data/html_hints.tsv;
 * a hint that wraps the article or half the page's prose is overruled) gives its
 * container a score of 1 + commas + length/100 (at most 3), the next ancestor half of
 * it and older ancestors a third divided by the distance; a container starts from its
 * tag and its class/id hints, and its final score is multiplied by 1 - link density
 * (characters inside <a> over all). The best container wins; it is widened to a common
 * ancestor when several near-best containers share one, its siblings join when they
 * score well or are link-free prose paragraphs, and boxes built like it (same tag and
 * class) elsewhere join as further sections of the article. Inside the chosen
 * containers, sub-trees are dropped as in a reader view: furniture, and elements with
 * few commas whose shape says they are not prose (more list items or images than
 * paragraphs, form inputs, link-heavy without prose or quotes, almost no text); a
 * small box of an image and a line is a caption. Then, block by block: a block that is
 * one link between non-text is boilerplate, a section header (data/sections.tsv) and
 * the short lines after it are, a date line before the prose is a byline, lone words
 * and copyright lines are boilerplate, a heading with no text after it is, and a name
 * alone at the end signs the article. What remains is the body; the heading that
 * matches the page title (else the first <h1>, else a block repeating the title) is
 * the title; a lead-hinted paragraph between it and the body is the lead; figure
 * captions are captions, author elements bylines; the rest is boilerplate.
 * The published date comes from metadata (article:published_time, itemprop
 * datePublished, JSON-LD, <time datetime> of the article), else a date line between
 * the title and the body, else a dateline at the start of the first paragraph; never
 * from the lists around the article. */
#include "page_int.h"

#include "base/data.h"

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const ht_data_table ht_data_html_hints;

/* ---- tags ---- */

enum {
    T_BLOCK = 1 << 0,   /* breaks text into blocks */
    T_SKIP = 1 << 1,    /* content is never text */
    T_BOILER = 1 << 2,  /* page furniture */
    T_HEAD = 1 << 3,    /* h1..h6 */
    T_LIST = 1 << 4,    /* ul, ol, dl, menu */
    T_ITEM = 1 << 5,    /* li, dt, dd */
    T_CELL = 1 << 6,    /* td, th */
    T_A = 1 << 7,
    T_PARA = 1 << 8,    /* p, pre, blockquote: prose containers */
    T_CAPTION = 1 << 9, /* figcaption, caption */
    T_FIGURE = 1 << 10,
    T_ARTICLE = 1 << 11,/* article, main */
    T_SEP = 1 << 12,    /* inline separator: img, input */
    T_BR = 1 << 13,
    T_IMG = 1 << 14,
    T_INPUT = 1 << 15,
    T_EMBED = 1 << 16,
    T_DIV = 1 << 17,    /* div, section and other generic boxes */
    T_TABLE = 1 << 18,
    T_TITLE = 1 << 19,
    T_META = 1 << 20,
    T_SCRIPT = 1 << 21,
    T_TIME = 1 << 22,
    T_HEADEL = 1 << 23, /* <head> */
    T_H1 = 1 << 24,
    T_QUOTE = 1 << 25,
    T_PRE = 1 << 26
};

typedef struct {
    const char *name;
    uint32_t f;
} tag_def;

/* Sorted by name for bsearch. */
static const tag_def tags[] = {
    {"a", T_A},
    {"address", T_BLOCK},
    {"applet", T_SKIP | T_EMBED},
    {"area", T_SKIP},
    {"article", T_BLOCK | T_ARTICLE | T_DIV},
    {"aside", T_BLOCK | T_BOILER},
    {"audio", T_SKIP | T_EMBED},
    {"blockquote", T_BLOCK | T_PARA | T_QUOTE},
    {"body", T_BLOCK},
    {"br", T_BR},
    {"button", T_SKIP | T_INPUT},
    {"canvas", T_SKIP},
    {"caption", T_BLOCK | T_CAPTION},
    {"center", T_BLOCK | T_DIV},
    {"datalist", T_SKIP},
    {"dd", T_BLOCK | T_ITEM},
    {"details", T_BLOCK | T_DIV},
    {"dialog", T_SKIP},
    {"dir", T_BLOCK | T_LIST},
    {"div", T_BLOCK | T_DIV},
    {"dl", T_BLOCK | T_LIST},
    {"dt", T_BLOCK | T_ITEM},
    {"embed", T_SKIP | T_EMBED},
    {"fieldset", T_BLOCK},
    {"figcaption", T_BLOCK | T_CAPTION},
    {"figure", T_BLOCK | T_FIGURE},
    {"footer", T_BLOCK | T_BOILER},
    {"form", T_BLOCK | T_BOILER},
    {"frame", T_SKIP},
    {"frameset", T_SKIP},
    {"h1", T_BLOCK | T_HEAD | T_H1},
    {"h2", T_BLOCK | T_HEAD},
    {"h3", T_BLOCK | T_HEAD},
    {"h4", T_BLOCK | T_HEAD},
    {"h5", T_BLOCK | T_HEAD},
    {"h6", T_BLOCK | T_HEAD},
    {"head", T_HEADEL},
    {"header", T_BLOCK | T_BOILER},
    {"hgroup", T_BLOCK},
    {"hr", T_BLOCK},
    {"html", T_BLOCK},
    {"iframe", T_SKIP | T_EMBED},
    {"img", T_SEP | T_IMG},
    {"input", T_SEP | T_INPUT | T_SKIP},
    {"label", T_SKIP},
    {"legend", T_BLOCK},
    {"li", T_BLOCK | T_ITEM},
    {"link", T_SKIP},
    {"main", T_BLOCK | T_ARTICLE | T_DIV},
    {"map", T_SKIP},
    {"math", T_SKIP},
    {"menu", T_BLOCK | T_LIST | T_BOILER},
    {"meta", T_META | T_SKIP},
    {"nav", T_BLOCK | T_BOILER},
    {"noembed", T_SKIP},
    {"noframes", T_SKIP},
    {"noscript", T_SKIP},
    {"object", T_SKIP | T_EMBED},
    {"ol", T_BLOCK | T_LIST},
    {"optgroup", T_SKIP},
    {"option", T_SKIP},
    {"output", T_SKIP},
    {"p", T_BLOCK | T_PARA},
    {"param", T_SKIP},
    {"picture", T_SEP},
    {"pre", T_BLOCK | T_PARA | T_PRE},
    {"progress", T_SKIP},
    {"script", T_SKIP | T_SCRIPT},
    {"section", T_BLOCK | T_DIV},
    {"select", T_SKIP | T_INPUT},
    {"source", T_SKIP},
    {"style", T_SKIP},
    {"summary", T_BLOCK},
    {"svg", T_SKIP},
    {"table", T_BLOCK | T_TABLE},
    {"tbody", T_BLOCK},
    {"td", T_BLOCK | T_CELL},
    {"template", T_SKIP},
    {"textarea", T_SKIP | T_INPUT},
    {"tfoot", T_BLOCK},
    {"th", T_BLOCK | T_CELL},
    {"thead", T_BLOCK},
    {"time", T_TIME},
    {"title", T_TITLE | T_SKIP},
    {"tr", T_BLOCK},
    {"track", T_SKIP},
    {"ul", T_BLOCK | T_LIST},
    {"video", T_SKIP | T_EMBED},
};

static int tag_cmp(const void *k, const void *d) { return strcmp(k, ((const tag_def *)d)->name); }

static uint32_t tag_flags(const char *name)
{
    const tag_def *t = bsearch(name, tags, sizeof tags / sizeof tags[0], sizeof tags[0], tag_cmp);
    return t ? t->f : 0;
}

/* ---- the tree ---- */

enum {
    F_SKIP = 1 << 0,     /* no text below */
    F_LINK = 1 << 1,     /* inside <a> */
    F_BOILER = 1 << 2,   /* inside page furniture */
    F_NEG = 1 << 3,      /* inside an element whose class/id hints furniture */
    F_CAPTION = 1 << 4,  /* inside a caption */
    F_BYLINE = 1 << 5,   /* inside an author element */
    F_ARTICLE = 1 << 6,  /* inside <article>/<main> */
    F_ABODY = 1 << 7,    /* inside itemprop=articleBody */
    F_HEADING = 1 << 8,
    F_ITEM = 1 << 9,     /* inside a list item */
    F_LEAD = 1 << 10,    /* inside an element hinting the lead */
    F_DATE = 1 << 11,    /* inside an element hinting a date */
    F_FIGURE = 1 << 12,
    F_QUOTE = 1 << 13,
    F_CELL = 1 << 14,
    F_HEADEL = 1 << 15,  /* inside <head> */
    F_TITLEHINT = 1 << 16,
    F_SOFT = 1 << 17     /* F_NEG from a soft word only */
};

/* Hint kinds, from the kind column of data/html_hints.tsv. */
enum { HK_BODY = 1, HK_BOILER = 2, HK_CAPTION = 4, HK_BYLINE = 8, HK_LEAD = 16, HK_TITLE = 32, HK_DATE = 64,
       HK_SOFT = 128 };

#define NONE UINT32_MAX
#define MAX_DEPTH 512
/* Limits that keep hostile pages from taking the machine's memory: real pages are a
 * few MB with tens of thousands of text pieces. */
#define MAX_HTML_BYTES (64u << 20)
#define MAX_RUNS 1000000

typedef struct {
    uint32_t parent;
    uint32_t end_el;     /* elements [this, end_el) are the sub-tree */
    uint32_t run0, run1; /* text runs inside */
    uint32_t blk0, blk1; /* blocks inside (block-level elements) */
    uint32_t tf;         /* tag flags */
    uint32_t own;        /* F_ flags of the element itself */
    uint32_t f;          /* own and inherited F_ flags */
    uint32_t sig;        /* hash of the tag and class attribute; 0 without a class */
    int16_t hint;        /* class/id weight */
    uint8_t hk;          /* own hint kinds */
    uint8_t scored;
    uint8_t strongneg;   /* a furniture word in its class/id, even beside a body word */
    float score;
} el_t;

typedef struct {
    uint32_t el, blkel;  /* innermost element, innermost block-level element */
    uint32_t raw, rawlen;
    uint32_t orig, origlen;
    uint8_t verbatim, brk;
} run_t;

typedef struct {
    uint32_t r0, r1;     /* runs */
    uint32_t el;         /* owner: innermost block-level element */
    uint32_t raw0, raw1;
    uint32_t chars, linkchars, commas, stops;
    uint8_t term;
    size_t t0, t1;       /* in doc->text once built */
    ht_block_class cls;
    const char *why;
    uint8_t in_content, dropped, emitted, beside_image;
} hblk_t;

/* Pages repeat the same class attributes many times: the hints of each distinct
 * value are computed once per page (a small open-addressing table). */
#define TAG_SLOTS 256

typedef struct {
    const char *name;
    uint32_t flags;
} tag_slot;

typedef struct {
    uint32_t hash;
    int16_t weight;
    uint8_t kinds, strong;
    char *value;
} hint_slot;

typedef struct {
    htmlParserCtxtPtr ctxt;
    const char *orig;  /* the parser's input: the page without script, style and svg
                        * bodies nor comment texts (see prefilter) */
    size_t orig_n;
    size_t *cut_at, *cut_sum; /* input offset of each cut, bytes cut up to it */
    size_t ncut;
    el_t *el;
    size_t nel, capel;
    uint32_t *stack; /* open elements */
    size_t depth, capst;
    size_t overflow; /* elements deeper than MAX_DEPTH, not kept */
    uint32_t blkstack_top;
    run_t *run;
    size_t nrun, caprun;
    ht_buf raw;
    bool brk, sp;
    size_t last_orig; /* end of the last text in the HTML bytes */
    /* capture of <title> and JSON-LD */
    int capture;      /* 0 none, 1 title, 2 json-ld */
    ht_buf title, ld;
    /* metadata */
    char *meta_title, *meta_pub, *time_pub, *ld_pub, *ld_title;
    hint_slot *hint_cache;
    tag_slot tag_cache[TAG_SLOTS];
    int limit; /* over MAX_RUNS */
    int oom;
} hstate;

static void *grow(void *v, size_t *cap, size_t need, size_t size, int *oom)
{
    if (need <= *cap)
        return v;
    size_t c = *cap ? *cap * 2 : 256;
    while (c < need)
        c *= 2;
    void *nv = realloc(v, c * size);
    if (!nv) {
        *oom = 1;
        return NULL;
    }
    *cap = c;
    return nv;
}

static size_t pos_now(hstate *st)
{
    xmlParserInputPtr in = st->ctxt->input;
    if (!in || !in->base || !in->cur)
        return st->last_orig;
    size_t p = (size_t)in->consumed + (size_t)(in->cur - in->base);
    return p > st->orig_n ? st->orig_n : p;
}

/* An offset of the parser's input as an offset of the page's bytes. */
static size_t to_page(const hstate *st, size_t off)
{
    size_t lo = 0, hi = st->ncut;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (st->cut_at[mid] <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? off + st->cut_sum[lo - 1] : off;
}

/* ---- attributes ---- */

static bool attr_is(const char *v, const char *lit) { return v && strcasecmp(v, lit) == 0; }

/* The hint words, compiled once per process from data/html_hints.tsv into a small
 * hash table (class names are looked up for every element of every page). */
typedef struct {
    const char *word;
    uint8_t len, kinds, strong, prefix;
    int16_t weight;
} hint_word;

#define HW_MAX 512
#define HW_SLOTS 1024
static hint_word hw[HW_MAX];
static int16_t hw_slot[HW_SLOTS];
static size_t nhw, nhw_prefix;
static uint16_t hw_prefix[HW_MAX];
static pthread_once_t hw_once = PTHREAD_ONCE_INIT;

static uint32_t hash_n(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void hw_init(void)
{
    const ht_data_table *t = &ht_data_html_hints;
    for (size_t i = 0; i < HW_SLOTS; i++)
        hw_slot[i] = -1;
    for (size_t r = 0; r < t->nrows && nhw < HW_MAX; r++) {
        hint_word *x = &hw[nhw];
        x->word = ht_data_cell(t, r, 0);
        size_t len = strlen(x->word);
        if (len == 0 || len > 63)
            continue;
        x->len = (uint8_t)len;
        x->weight = (int16_t)atoi(ht_data_cell(t, r, 1));
        x->prefix = strcmp(ht_data_cell(t, r, 2), "prefix") == 0;
        if (x->prefix)
            hw_prefix[nhw_prefix++] = (uint16_t)nhw;
        const char *kind = ht_data_cell(t, r, 3);
        x->kinds = strcmp(kind, "body") == 0      ? HK_BODY
                   : strcmp(kind, "boiler") == 0  ? HK_BOILER
                   : strcmp(kind, "soft") == 0    ? HK_BOILER | HK_SOFT
                   : strcmp(kind, "caption") == 0 ? HK_CAPTION
                   : strcmp(kind, "byline") == 0  ? HK_BYLINE
                   : strcmp(kind, "lead") == 0    ? HK_LEAD
                   : strcmp(kind, "title") == 0   ? HK_TITLE
                                                  : HK_DATE;
        x->strong = x->weight <= -40 ? (strcmp(kind, "soft") == 0 ? 2 : 1) : 0;
        uint32_t h = hash_n(x->word, len);
        for (uint32_t k = 0; k < HW_SLOTS; k++) {
            int16_t *slot = &hw_slot[(h + k) & (HW_SLOTS - 1)];
            if (*slot < 0) {
                *slot = (int16_t)nhw;
                break;
            }
        }
        nhw++;
    }
}

static const hint_word *hw_find(const char *w, size_t n)
{
    uint32_t h = hash_n(w, n);
    for (uint32_t k = 0; k < HW_SLOTS; k++) {
        int16_t i = hw_slot[(h + k) & (HW_SLOTS - 1)];
        if (i < 0)
            return NULL;
        if (hw[i].len == n && memcmp(hw[i].word, w, n) == 0)
            return &hw[i];
    }
    return NULL;
}

/* Splits a class or id value into words (at non-alphanumerics and camelCase humps),
 * looks each up in the hints table and sums the weights. */
static void hints_n(const char *v, size_t len, int *weight, int *kinds, int *strong)
{
    pthread_once(&hw_once, hw_init);
    char w[64];
    size_t n = 0;
    for (const char *p = v;; p++) {
        unsigned char c = p < v + len ? (unsigned char)*p : 0;
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        bool hump = c >= 'A' && c <= 'Z' && n > 0 && w[n - 1] >= 'a' && w[n - 1] <= 'z';
        if (!alnum || hump || n == sizeof w - 1) {
            /* strip trailing digits: "sidebar2" */
            while (n && w[n - 1] >= '0' && w[n - 1] <= '9')
                n--;
            if (n >= 2) {
                const hint_word *x = hw_find(w, n);
                if (!x && n > 4) /* words marked "prefix" also hit longer names: "commentlist" */
                    for (size_t r = 0; r < nhw_prefix && !x; r++) {
                        const hint_word *pw = &hw[hw_prefix[r]];
                        if (pw->len < n && pw->word[0] == w[0] && memcmp(pw->word, w, pw->len) == 0)
                            x = pw;
                    }
                if (x) {
                    *weight += x->weight;
                    *kinds |= x->kinds;
                    *strong |= x->strong;
                }
            }
            n = 0;
            if (!c)
                break;
            if (!alnum)
                continue;
        }
        w[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
}

#define HINT_SLOTS 1024

static void cached_hints(hstate *st, const char *v, size_t n, int *weight, int *kinds, int *strong);

static char *xstrdup_opt(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

static void set_once(char **slot, const char *v)
{
    if (!*slot && v && *v)
        *slot = xstrdup_opt(v);
}

static void cached_hints(hstate *st, const char *v, size_t n, int *weight, int *kinds, int *strong)
{
    uint32_t h = hash_n(v, n);
    if (!st->hint_cache)
        st->hint_cache = calloc(HINT_SLOTS, sizeof *st->hint_cache);
    hint_slot *t = st->hint_cache;
    if (t) {
        for (uint32_t i = 0; i < 8; i++) {
            hint_slot *sl = &t[(h + i) & (HINT_SLOTS - 1)];
            if (!sl->value)
                break;
            if (sl->hash == h && strncmp(sl->value, v, n) == 0 && !sl->value[n]) {
                *weight += sl->weight;
                *kinds |= sl->kinds;
                *strong |= sl->strong;
                return;
            }
        }
    }
    int w = 0, k = 0, s = 0;
    hints_n(v, n, &w, &k, &s);
    *weight += w;
    *kinds |= k;
    *strong |= s;
    if (!t)
        return;
    for (uint32_t i = 0; i < 8; i++) {
        hint_slot *sl = &t[(h + i) & (HINT_SLOTS - 1)];
        if (sl->value)
            continue;
        sl->value = malloc(n + 1);
        if (sl->value) {
            memcpy(sl->value, v, n);
            sl->value[n] = 0;
            sl->hash = h;
            sl->weight = (int16_t)(w > 30000 ? 30000 : w < -30000 ? -30000 : w);
            sl->kinds = (uint8_t)k;
            sl->strong = (uint8_t)s;
        }
        return;
    }
}

/* libxml2 hands element names from its dictionary, the same pointer for the same
 * name: a small table of pointers saves the name search for most elements. */
static uint32_t cached_tag_flags(hstate *st, const char *name)
{
    uintptr_t h = ((uintptr_t)name >> 4) & (TAG_SLOTS - 1);
    for (uint32_t k = 0; k < 4; k++) {
        tag_slot *sl = &st->tag_cache[(h + k) & (TAG_SLOTS - 1)];
        if (sl->name == name)
            return sl->flags;
        if (!sl->name) {
            sl->name = name;
            sl->flags = tag_flags(name);
            return sl->flags;
        }
    }
    return tag_flags(name);
}

/* ---- SAX callbacks ---- */

static void on_start(void *ud, const xmlChar *xname, const xmlChar **atts)
{
    hstate *st = ud;
    if (st->oom)
        return;
    if (st->depth >= MAX_DEPTH) {
        st->overflow++;
        return;
    }
    const char *name = (const char *)xname;
    uint32_t tf = cached_tag_flags(st, name);
    uint32_t parent = st->depth ? st->stack[st->depth - 1] : NONE;
    uint32_t f = 0;
    const char *cls = NULL, *id = NULL, *role = NULL, *itemprop = NULL, *style = NULL;
    const char *property = NULL, *mname = NULL, *content = NULL, *datetime = NULL, *type = NULL;
    bool hidden = false;
    for (const xmlChar **a = atts; a && a[0]; a += 2) {
        const char *k = (const char *)a[0], *v = (const char *)a[1];
        if (!v)
            v = "";
        switch (k[0]) { /* most attributes are none of these: one test each */
        case 'c':
            if (strcmp(k, "class") == 0)
                cls = v;
            else if (strcmp(k, "content") == 0)
                content = v;
            break;
        case 'i':
            if (k[1] == 'd' && !k[2])
                id = v;
            else if (strcmp(k, "itemprop") == 0)
                itemprop = v;
            break;
        case 'r':
            if (strcmp(k, "role") == 0)
                role = v;
            break;
        case 's':
            if (strcmp(k, "style") == 0)
                style = v;
            break;
        case 'p':
            if (strcmp(k, "property") == 0)
                property = v;
            break;
        case 'n':
            if (strcmp(k, "name") == 0)
                mname = v;
            break;
        case 'd':
            if (strcmp(k, "datetime") == 0)
                datetime = v;
            break;
        case 't':
            if (strcmp(k, "type") == 0)
                type = v;
            break;
        case 'h':
            if (strcmp(k, "hidden") == 0)
                hidden = true;
            break;
        case 'a':
            if (strcmp(k, "aria-hidden") == 0 && strcmp(v, "true") == 0)
                hidden = true;
            break;
        }
    }
    if (style) {
        /* display:none / visibility:hidden, spaces allowed */
        char buf[128];
        size_t n = 0;
        for (const char *p = style; *p && n < sizeof buf - 1; p++)
            if (*p != ' ')
                buf[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        buf[n] = 0;
        if (strstr(buf, "display:none") || strstr(buf, "visibility:hidden"))
            hidden = true;
    }
    int weight = 0, hk = 0;
    int strong = 0; /* 1: a furniture word, 2: a soft one */
    /* the classes of <html> and <body> describe the page, not an element */
    bool page = (tf & T_BLOCK) && (strcmp(name, "body") == 0 || strcmp(name, "html") == 0);
    /* no text below a skipped element, and links and images are judged by their text */
    bool inert = (tf & (T_SKIP | T_A | T_IMG | T_BR | T_SEP)) ||
                 (parent != NONE && (st->el[parent].f & F_SKIP));
    if (cls && *cls && !page && !inert)
        cached_hints(st, cls, strlen(cls), &weight, &hk, &strong);
    if (id && *id && !page && !inert)
        cached_hints(st, id, strlen(id), &weight, &hk, &strong);
    if (weight > 50)
        weight = 50;
    if (weight < -60)
        weight = -60;
    if (tf & T_SKIP || hidden)
        f |= F_SKIP;
    if (tf & T_A)
        f |= F_LINK;
    if (tf & T_BOILER)
        f |= F_BOILER;
    if (role && (attr_is(role, "navigation") || attr_is(role, "banner") ||
                 attr_is(role, "contentinfo") || attr_is(role, "complementary") ||
                 attr_is(role, "search") || attr_is(role, "menu") || attr_is(role, "menubar") ||
                 attr_is(role, "dialog") || attr_is(role, "alert") || attr_is(role, "toolbar")))
        f |= F_BOILER;
    if (strong && !(hk & HK_BODY))
        f |= strong & 1 ? F_NEG : F_NEG | F_SOFT;
    /* caption, author, lead and date words are weighed once the element's size is
     * known (inherit); the caption tags count at once */
    if (tf & T_CAPTION)
        f |= F_CAPTION;
    if (hk & HK_TITLE)
        f |= F_TITLEHINT;
    if (tf & T_ARTICLE)
        f |= F_ARTICLE;
    if (itemprop && (strcasecmp(itemprop, "articleBody") == 0 || strcasecmp(itemprop, "reviewBody") == 0))
        f |= F_ABODY, weight += 40;
    if (tf & T_HEAD)
        f |= F_HEADING;
    if (tf & T_ITEM)
        f |= F_ITEM;
    if (tf & T_FIGURE)
        f |= F_FIGURE;
    if (tf & T_QUOTE)
        f |= F_QUOTE;
    if (tf & T_CELL)
        f |= F_CELL;
    if (tf & T_HEADEL)
        f |= F_HEADEL;
    /* metadata */
    if (tf & T_META) {
        const char *key = property ? property : mname ? mname : itemprop;
        if (key && content) {
            if (!strcasecmp(key, "article:published_time") || !strcasecmp(key, "datePublished") ||
                !strcasecmp(key, "og:published_time") || !strcasecmp(key, "pubdate") ||
                !strcasecmp(key, "publishdate") || !strcasecmp(key, "publish-date") ||
                !strcasecmp(key, "article.published") || !strcasecmp(key, "dc.date.issued") ||
                !strcasecmp(key, "dcterms.issued") || !strcasecmp(key, "dc.date") ||
                !strcasecmp(key, "date") || !strcasecmp(key, "sailthru.date") ||
                !strcasecmp(key, "parsely-pub-date") || !strcasecmp(key, "article:published"))
                set_once(&st->meta_pub, content);
            else if (!strcasecmp(key, "og:title") || !strcasecmp(key, "twitter:title") ||
                     !strcasecmp(key, "headline"))
                set_once(&st->meta_title, content);
        }
    }
    if ((tf & T_TIME) && datetime &&
        !((f | (parent != NONE ? st->el[parent].f : 0)) & (F_BOILER | F_NEG | F_LINK | F_ITEM)))
        set_once(&st->time_pub, datetime);
    if (itemprop && datetime && !strcasecmp(itemprop, "datePublished"))
        set_once(&st->meta_pub, datetime);
    if ((tf & T_TITLE) && !st->title.n)
        st->capture = 1;
    if ((tf & T_SCRIPT) && type && strcasecmp(type, "application/ld+json") == 0) {
        st->capture = 2;
        if (st->ld.n) /* one script after another, apart */
            ht_buf_putc(&st->ld, '\0');
    }

    st->el = grow(st->el, &st->capel, st->nel + 1, sizeof *st->el, &st->oom);
    st->stack = grow(st->stack, &st->capst, st->depth + 1, sizeof *st->stack, &st->oom);
    if (st->oom)
        return;
    uint32_t me = (uint32_t)st->nel++;
    el_t *e = &st->el[me];
    memset(e, 0, sizeof *e);
    e->parent = parent;
    e->tf = tf;
    e->own = f;
    e->f = f | (parent != NONE ? st->el[parent].f : 0);
    f = e->f;
    e->hint = (int16_t)weight;
    if (cls && *cls) {
        uint32_t hsh = 2166136261u;
        for (const char *q = name; *q; q++)
            hsh = (hsh ^ (unsigned char)*q) * 16777619u;
        for (const char *q = cls; *q; q++)
            hsh = (hsh ^ (unsigned char)*q) * 16777619u;
        e->sig = hsh ? hsh : 1;
    }
    e->hk = (uint8_t)hk;
    e->strongneg = strong != 0;
    e->run0 = e->run1 = (uint32_t)st->nrun;
    st->stack[st->depth++] = me;
    if (tf & (T_BLOCK | T_BR))
        st->brk = true;
    else if (tf & T_SEP)
        st->sp = true;
}

static void on_end(void *ud, const xmlChar *name)
{
    (void)name;
    hstate *st = ud;
    if (st->overflow) {
        st->overflow--;
        return;
    }
    if (!st->depth || st->oom)
        return;
    uint32_t me = st->stack[--st->depth];
    el_t *e = &st->el[me];
    e->run1 = (uint32_t)st->nrun;
    e->end_el = (uint32_t)st->nel;
    if (e->tf & T_BLOCK)
        st->brk = true;
    if (e->tf & (T_TITLE | T_SCRIPT))
        st->capture = 0;
}

static void add_run(hstate *st, const char *s, size_t n, size_t o, size_t olen, bool verbatim)
{
    if (st->nrun + 2 > MAX_RUNS) {
        if (!st->limit)
            xmlStopParser(st->ctxt);
        st->limit = 1;
        return;
    }
    st->run = grow(st->run, &st->caprun, st->nrun + 2, sizeof *st->run, &st->oom);
    if (st->oom)
        return;
    uint32_t el = st->depth ? st->stack[st->depth - 1] : NONE;
    bool brk = st->brk || st->nrun == 0;
    if (!brk && st->sp) {
        /* a separator between inline pieces: one space, no bytes of its own */
        run_t *r = &st->run[st->nrun++];
        *r = (run_t){el, NONE, (uint32_t)st->raw.n, 1, (uint32_t)o, 0, 0, 0};
        if (ht_buf_putc(&st->raw, ' '))
            st->oom = 1;
    }
    run_t *r = &st->run[st->nrun++];
    *r = (run_t){el, NONE, (uint32_t)st->raw.n, (uint32_t)n, (uint32_t)o, (uint32_t)olen,
                 verbatim, brk};
    size_t at = st->raw.n;
    if (ht_buf_append(&st->raw, s, n))
        st->oom = 1;
    else /* line breaks and tabs are spaces in HTML; same length, offsets unchanged */
        for (size_t i = at; i < st->raw.n; i++)
            if (st->raw.p[i] == '\n' || st->raw.p[i] == '\r' || st->raw.p[i] == '\t' ||
                st->raw.p[i] == '\f')
                st->raw.p[i] = ' ';
    st->brk = st->sp = false;
}

static bool all_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f')
            return false;
    return true;
}

static void on_chars(void *ud, const xmlChar *xch, int len)
{
    hstate *st = ud;
    if (st->oom || len <= 0)
        return;
    const char *ch = (const char *)xch;
    size_t n = (size_t)len;
    if (st->capture) {
        ht_buf *b = st->capture == 1 ? &st->title : &st->ld;
        if (b->n < (1u << 20) && ht_buf_append(b, ch, n))
            st->oom = 1;
        return;
    }
    if (st->overflow == 0 && st->depth && (st->el[st->stack[st->depth - 1]].f & F_SKIP))
        return;
    if (!st->depth)
        return;
    size_t p = pos_now(st);
    if (all_space(ch, n)) {
        st->sp = true;
        return;
    }
    /* Where the text is in the HTML bytes: it ends at the parser's position or one
     * character after it; an entity ends at the position. */
    size_t o = 0, olen = 0;
    bool verbatim = false;
    for (size_t k = 0; k <= 4; k++) {
        size_t end = p + k;
        if (end <= st->orig_n && end >= n && end - n >= st->last_orig &&
            memcmp(st->orig + end - n, ch, n) == 0) {
            o = end - n;
            olen = n;
            verbatim = true;
            break;
        }
    }
    if (!verbatim) {
        size_t a = p;
        while (a > st->last_orig && p - a < 40 && st->orig[a - 1] != '&' && st->orig[a - 1] != '>')
            a--;
        if (a > st->last_orig && st->orig[a - 1] == '&')
            a--;
        else
            a = p;
        if (a < st->last_orig)
            a = st->last_orig;
        o = a;
        olen = p >= a ? p - a : 0;
    }
    add_run(st, ch, n, to_page(st, o), olen, verbatim);
    st->last_orig = o + olen;
}

/* ---- blocks ---- */

typedef struct {
    hstate st;
    hblk_t *blk;
    size_t nblk;
    uint32_t *blk_of_run;
    /* prefix sums over blocks */
    uint32_t *pchars, *plink, *pcommas, *pprose;
    /* prefix counts over elements by tag */
    uint32_t *pp, *pimg, *pli, *pinput, *pembed, *phead, *pquote;
    uint32_t *roots; /* the article's containers; the first is the best one */
    size_t nroots;
    uint32_t top;
} hdoc;

static bool is_stop(const char *s, size_t i, size_t n)
{
    char c = s[i];
    return (c == '.' || c == '!' || c == '?') && (i + 1 >= n || s[i + 1] == ' ');
}

static uint32_t el_chars(const hdoc *h, const el_t *e) { return h->pchars[e->blk1] - h->pchars[e->blk0]; }
static uint32_t el_link(const hdoc *h, const el_t *e) { return h->plink[e->blk1] - h->plink[e->blk0]; }
static float el_ld(const hdoc *h, const el_t *e)
{
    uint32_t c = el_chars(h, e);
    return c ? (float)el_link(h, e) / (float)c : 0.0f;
}
/* Inherited flags, recomputed once the whole tree is known: a furniture hint or tag
 * does not hold for an element that wraps the article (an <article>, an articleBody,
 * a strongly positive container) or half of the page's prose ("has-sidebar",
 * a page-wide <form>). */
static int inherit(hdoc *h)
{
    hstate *st = &h->st;
    el_t *E = st->el;
    size_t ne = st->nel, nb = h->nblk;
    uint32_t *pos = calloc(ne + 1, sizeof *pos), *prose = calloc(nb + 1, sizeof *prose);
    if (!pos || !prose) {
        free(pos);
        free(prose);
        return HT_ENOMEM;
    }
    for (size_t i = 0; i < nb; i++) {
        const hblk_t *b = &h->blk[i];
        bool p = b->chars >= 25 && b->linkchars * 3 < b->chars;
        prose[i + 1] = prose[i] + (p ? b->chars : 0);
    }
    for (size_t i = 0; i < ne; i++) {
        const el_t *e = &E[i];
        uint32_t pr = e->blk1 > e->blk0 ? prose[e->blk1] - prose[e->blk0] : 0;
        bool marker = ((e->tf & T_ARTICLE) || (e->own & F_ABODY) ||
                       (e->hint >= 25 && (e->hk & HK_BODY) && (e->tf & T_DIV) && pr >= 200)) &&
                      !e->strongneg;
        pos[i + 1] = pos[i] + marker;
    }
    uint32_t total = prose[nb];
    for (size_t i = 0; i < ne; i++) {
        el_t *e = &E[i];
        uint32_t own = e->own;
        /* words of small things hold for small elements only */
        uint32_t chars = el_chars(h, e);
        if (!(e->hk & HK_BODY)) {
            if ((e->hk & HK_CAPTION) && chars <= 400)
                own |= F_CAPTION;
            if ((e->hk & HK_BYLINE) && chars <= 1000)
                own |= F_BYLINE;
            if ((e->hk & HK_LEAD) && chars <= 1000)
                own |= F_LEAD;
            if ((e->hk & HK_DATE) && chars <= 200)
                own |= F_DATE;
        }
        const uint32_t furniture = F_NEG | F_BOILER | F_SOFT | F_BYLINE | F_CAPTION | F_LEAD | F_DATE;
        if (own & furniture) {
            uint32_t inside = pos[e->end_el] - pos[i + 1];
            uint32_t pr = e->blk1 > e->blk0 ? prose[e->blk1] - prose[e->blk0] : 0;
            if (inside || (total && pr * 2 >= total && pr >= 500))
                own &= ~furniture | ((e->tf & T_CAPTION) ? F_CAPTION : 0);
            else if ((own & F_SOFT) && pr >= 100)
                own &= ~(uint32_t)(F_NEG | F_SOFT);
        }
        e->own = own;
        e->f = own | (e->parent != NONE ? E[e->parent].f : 0);
    }
    free(pos);
    free(prose);
    return 0;
}

static int make_blocks(hdoc *h)
{
    hstate *st = &h->st;
    /* owners: the innermost block-level ancestor of each run */
    for (size_t i = 0; i < st->nrun; i++) {
        uint32_t e = st->run[i].el;
        while (e != NONE && !(st->el[e].tf & T_BLOCK))
            e = st->el[e].parent;
        st->run[i].blkel = e;
    }
    size_t cap = 0;
    h->blk_of_run = malloc((st->nrun + 1) * sizeof *h->blk_of_run);
    if (!h->blk_of_run)
        return HT_ENOMEM;
    for (size_t i = 0; i < st->nrun; i++) {
        run_t *r = &st->run[i];
        if (r->brk || h->nblk == 0 || r->blkel != h->blk[h->nblk - 1].el) {
            h->blk = grow(h->blk, &cap, h->nblk + 1, sizeof *h->blk, &st->oom);
            if (st->oom)
                return HT_ENOMEM;
            hblk_t *b = &h->blk[h->nblk++];
            memset(b, 0, sizeof *b);
            b->r0 = (uint32_t)i;
            b->el = r->blkel;
            b->raw0 = r->raw;
        }
        hblk_t *b = &h->blk[h->nblk - 1];
        b->r1 = (uint32_t)i + 1;
        b->raw1 = r->raw + r->rawlen;
        h->blk_of_run[i] = (uint32_t)(h->nblk - 1);
        /* counts */
        const char *s = st->raw.p + r->raw;
        uint32_t chars = 0;
        for (size_t k = 0; k < r->rawlen; k++) {
            unsigned char c = (unsigned char)s[k];
            if ((c & 0xC0) != 0x80 && c != ' ')
                chars++;
            if (c == ',')
                b->commas++;
            else if (is_stop(s, k, r->rawlen))
                b->stops++;
        }
        b->chars += chars;
        if (r->el != NONE && (st->el[r->el].f & F_LINK))
            b->linkchars += chars;
    }
    for (size_t i = 0; i < h->nblk; i++) {
        hblk_t *b = &h->blk[i];
        const char *s = st->raw.p;
        size_t e = b->raw1;
        while (e > b->raw0 && (s[e - 1] == ' ' || s[e - 1] == '"' || s[e - 1] == ')' ||
                               (unsigned char)s[e - 1] >= 0x80))
            e--;
        b->term = e > b->raw0 && (s[e - 1] == '.' || s[e - 1] == '!' || s[e - 1] == '?' ||
                                  s[e - 1] == ':' || s[e - 1] == ';');
        /* 。！？ of Chinese and Japanese text */
        const unsigned char *u = (const unsigned char *)s;
        size_t z = b->raw1;
        while (z > b->raw0 && s[z - 1] == ' ')
            z--;
        if (z >= b->raw0 + 3 && ((u[z - 3] == 0xE3 && u[z - 2] == 0x80 && u[z - 1] == 0x82) ||
                                 (u[z - 3] == 0xEF && u[z - 2] == 0xBC && (u[z - 1] == 0x81 || u[z - 1] == 0x9F))))
            b->term = 1;
    }
    /* element block ranges and prefix sums */
    for (size_t i = 0; i < st->nel; i++) {
        el_t *e = &st->el[i];
        if (e->end_el == 0)
            e->end_el = (uint32_t)st->nel; /* never closed */
        if (e->run1 < e->run0 || e->run1 == 0)
            e->run1 = e->run0;
        if (e->run0 < e->run1) {
            e->blk0 = h->blk_of_run[e->run0];
            e->blk1 = h->blk_of_run[e->run1 - 1] + 1;
        } else
            e->blk0 = e->blk1 = 0;
    }
    size_t nb = h->nblk, ne = st->nel;
    h->pchars = calloc(nb + 1, sizeof *h->pchars);
    h->plink = calloc(nb + 1, sizeof *h->plink);
    h->pcommas = calloc(nb + 1, sizeof *h->pcommas);
    h->pprose = calloc(nb + 1, sizeof *h->pprose);
    h->pp = calloc(ne + 1, sizeof *h->pp);
    h->pimg = calloc(ne + 1, sizeof *h->pimg);
    h->pli = calloc(ne + 1, sizeof *h->pli);
    h->pinput = calloc(ne + 1, sizeof *h->pinput);
    h->pembed = calloc(ne + 1, sizeof *h->pembed);
    h->phead = calloc(ne + 1, sizeof *h->phead);
    h->pquote = calloc(ne + 1, sizeof *h->pquote);
    if (!h->pchars || !h->plink || !h->pcommas || !h->pprose || !h->pp || !h->pimg || !h->pli || !h->pinput ||
        !h->pembed || !h->phead || !h->pquote)
        return HT_ENOMEM;
    for (size_t i = 0; i < nb; i++) {
        h->pchars[i + 1] = h->pchars[i] + h->blk[i].chars;
        h->plink[i + 1] = h->plink[i] + h->blk[i].linkchars;
        h->pcommas[i + 1] = h->pcommas[i] + h->blk[i].commas;
        /* a prose paragraph: long, ends a sentence, few links */
        const hblk_t *b = &h->blk[i];
        h->pprose[i + 1] = h->pprose[i] + (b->chars >= 100 && b->term && b->linkchars * 10 < b->chars * 3);
    }
    for (size_t i = 0; i < ne; i++) {
        uint32_t tf = st->el[i].tf;
        bool skip = st->el[i].f & F_SKIP;
        h->pp[i + 1] = h->pp[i] + ((tf & T_PARA) && !skip);
        h->pimg[i + 1] = h->pimg[i] + ((tf & T_IMG) != 0);
        h->pli[i + 1] = h->pli[i] + ((tf & T_ITEM) && !skip);
        h->pinput[i + 1] = h->pinput[i] + ((tf & T_INPUT) != 0);
        h->pembed[i + 1] = h->pembed[i] + ((tf & T_EMBED) != 0);
        h->phead[i + 1] = h->phead[i] + ((tf & T_HEAD) != 0);
        h->pquote[i + 1] = h->pquote[i] + ((tf & T_QUOTE) != 0);
    }
    return inherit(h);
}

#define SUBCOUNT(h, arr, i) ((h)->arr[(h)->st.el[i].end_el] - (h)->arr[(i)])

/* ---- the article ---- */

static float tag_base(uint32_t tf)
{
    if (tf & T_DIV)
        return 5;
    if (tf & (T_PRE | T_CELL | T_QUOTE))
        return 3;
    if (tf & (T_LIST | T_ITEM) || tf & T_BOILER)
        return -3;
    if (tf & (T_HEAD))
        return -5;
    return 0;
}

static void init_cand(el_t *e)
{
    if (e->scored)
        return;
    e->scored = 1;
    e->score = tag_base(e->tf) + (float)e->hint;
}

/* A block that can give score: prose-sized text outside furniture. */
static bool scoring_block(const hdoc *h, const hblk_t *b)
{
    const el_t *o = &h->st.el[b->el];
    if (b->chars < 25 || (o->f & (F_SKIP | F_BOILER | F_NEG | F_CAPTION | F_HEADEL)))
        return false;
    if (o->tf & (T_HEAD | T_ITEM | T_CAPTION))
        return false;
    if (b->linkchars * 2 > b->chars)
        return false;
    return true;
}

static bool same_class_sibling(const el_t *a, const el_t *b) { return a->tf == b->tf && a->hint == b->hint && a->hk == b->hk; }

static void add_root(hdoc *h, uint32_t c)
{
    const el_t *e = &h->st.el[c];
    for (uint32_t b = e->blk0; b < e->blk1; b++)
        h->blk[b].in_content = 1;
    uint32_t *v = realloc(h->roots, (h->nroots + 1) * sizeof *v);
    if (v) {
        h->roots = v;
        h->roots[h->nroots++] = c;
    }
}

/* Picks the article's containers; marks their blocks in_content. */
static void find_content(hdoc *h)
{
    hstate *st = &h->st;
    el_t *E = st->el;
    for (size_t i = 0; i < h->nblk; i++) {
        hblk_t *b = &h->blk[i];
        if (b->el == NONE || !scoring_block(h, b))
            continue;
        float cs = 1.0f + (float)b->commas + (b->chars / 100 < 3 ? (float)(b->chars / 100) : 3.0f);
        /* text straight in a generic box reads as a paragraph of that box */
        uint32_t a = (E[b->el].tf & (T_PARA | T_CELL)) ? E[b->el].parent : b->el;
        for (int level = 0; a != NONE && level < 5; level++, a = E[a].parent) {
            if (E[a].tf & T_HEADEL)
                break;
            init_cand(&E[a]);
            float div = level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f;
            E[a].score += cs / div;
        }
    }
    uint32_t top = NONE;
    float best = 0;
    enum { NTOP = 5 };
    uint32_t tops[NTOP];
    float topsc[NTOP];
    int ntop = 0;
    for (size_t i = 0; i < st->nel; i++) {
        el_t *e = &E[i];
        if (!e->scored)
            continue;
        e->score *= 1.0f - el_ld(h, e);
        float s = e->score;
        /* keep the five best */
        int k;
        if (ntop < NTOP)
            k = ntop++;
        else if (s > topsc[NTOP - 1])
            k = NTOP - 1;
        else
            continue;
        while (k > 0 && topsc[k - 1] < s) {
            tops[k] = tops[k - 1];
            topsc[k] = topsc[k - 1];
            k--;
        }
        tops[k] = (uint32_t)i;
        topsc[k] = s;
        if (s > best || top == NONE) {
            best = s;
            top = (uint32_t)i;
        }
    }
    if (top == NONE) {
        /* no prose at all: everything visible outside furniture is the article */
        for (size_t i = 0; i < h->nblk; i++) {
            /* a block outside every element (text before <html>) has no furniture */
            uint32_t el = h->blk[i].el;
            h->blk[i].in_content = el == NONE || !(E[el].f & (F_BOILER | F_NEG | F_HEADEL));
        }
        return;
    }
    /* several near-best containers under one ancestor: take the ancestor */
    int close = 0;
    for (int i = 1; i < ntop; i++)
        if (topsc[i] >= 0.75f * topsc[0])
            close++;
    if (close >= 3) {
        for (uint32_t p = E[top].parent; p != NONE && !(E[p].tf & T_HEADEL); p = E[p].parent) {
            int contains = 0;
            for (int i = 1; i < ntop; i++)
                if (topsc[i] >= 0.75f * topsc[0] && tops[i] >= p && tops[i] < E[p].end_el)
                    contains++;
            if (contains >= 3) {
                top = p;
                break;
            }
            if (E[p].parent == NONE)
                break;
        }
    }
    uint32_t first_top = top;
    init_cand(&E[top]);
    /* climb while the parent scores better */
    {
        float last = E[top].score;
        uint32_t p = E[top].parent;
        while (p != NONE && E[p].parent != NONE) {
            if (!E[p].scored) {
                p = E[p].parent;
                continue;
            }
            if (E[p].score < last / 3)
                break;
            if (E[p].score > last) {
                top = p;
                break;
            }
            last = E[p].score;
            p = E[p].parent;
        }
    }
    /* an only child is its parent */
    while (E[top].parent != NONE && E[E[top].parent].parent != NONE) {
        uint32_t p = E[top].parent;
        int kids = 0;
        for (uint32_t c = p + 1; c < E[p].end_el; c = E[c].end_el)
            if (E[c].blk1 > E[c].blk0)
                kids++;
        if (kids != 1)
            break;
        top = p;
    }
    h->top = top;
    /* siblings */
    uint32_t parent = E[top].parent;
    float thr = E[top].score * 0.2f;
    if (thr < 10)
        thr = 10;
    if (parent == NONE) {
        for (uint32_t b = E[top].blk0; b < E[top].blk1; b++)
            h->blk[b].in_content = 1;
        h->roots = malloc(sizeof *h->roots);
        if (h->roots)
            h->roots[h->nroots++] = top;
        return;
    }
    for (uint32_t c = parent + 1; c < E[parent].end_el; c = E[c].end_el) {
        el_t *s = &E[c];
        if (s->blk1 <= s->blk0)
            continue;
        bool join = c == top;
        if (!join && s->scored) {
            float bonus = same_class_sibling(s, &E[top]) ? E[top].score * 0.2f : 0;
            join = s->score + bonus >= thr;
        }
        if (!join && (s->tf & T_PARA) && !(s->f & (F_BOILER | F_NEG | F_SKIP))) {
            uint32_t len = el_chars(h, s);
            float ld = el_ld(h, s);
            bool stop = h->blk[s->blk1 - 1].term;
            join = (len > 80 && ld < 0.25f) || (len > 0 && len <= 80 && ld == 0 && stop);
        }
        if (join)
            add_root(h, c);
    }
    /* an article cut into sections: the other boxes built like the best one */
    uint32_t sigs[2] = {E[first_top].sig, E[top].sig};
    for (size_t i = 0; i < st->nel; i++) {
        el_t *e = &E[i];
        if (!e->sig || (e->sig != sigs[0] && e->sig != sigs[1]) || e->blk1 <= e->blk0)
            continue;
        if (h->blk[e->blk0].in_content ||
            (e->f & (F_NEG | F_BOILER | F_SKIP | F_HEADEL | F_BYLINE | F_CAPTION)))
            continue;
        if (el_chars(h, e) < 100 || el_ld(h, e) > 0.3f)
            continue;
        add_root(h, (uint32_t)i);
        i = e->end_el - 1;
    }
}

/* Whether an element inside the article is dropped (a reader view's clean-up). */
static bool drop_element(const hdoc *h, uint32_t i, const char **why)
{
    const el_t *e = &h->st.el[i];
    uint32_t tf = e->tf;
    if (e->blk1 <= e->blk0)
        return false;
    if (tf & T_BOILER) {
        *why = "page furniture inside the article";
        return true;
    }
    if (e->own & F_NEG) {
        *why = "class/id of furniture";
        return true;
    }
    if (!(tf & (T_DIV | T_LIST | T_TABLE | T_FIGURE)) && !(tf & T_BLOCK && !(tf & (T_PARA | T_HEAD | T_ITEM | T_CELL | T_CAPTION))))
        return false;
    uint32_t commas = h->pcommas[e->blk1] - h->pcommas[e->blk0];
    if (commas >= 10)
        return false;
    float weight = (float)e->hint;
    uint32_t p = SUBCOUNT(h, pp, i), img = SUBCOUNT(h, pimg, i), li = SUBCOUNT(h, pli, i);
    uint32_t input = SUBCOUNT(h, pinput, i), embed = SUBCOUNT(h, pembed, i);
    uint32_t len = el_chars(h, e);
    float ld = el_ld(h, e);
    bool is_list = (tf & T_LIST) != 0;
    if (!is_list && li > p + 0 && li > 0 && !(tf & T_TABLE)) {
        /* mostly list items: treat as a list */
        is_list = true;
    }
    if (is_list && ld > 0.5f && len < 1000) {
        *why = "list of links";
        return true;
    }
    if (img > 1 && (float)p / (float)img < 0.5f && !(e->f & F_FIGURE) && len < 200) {
        *why = "more images than paragraphs";
        return true;
    }
    if (input > p / 3 && input > 0) {
        *why = "form inputs";
        return true;
    }
    if (!is_list && len < 25 && (img == 0 || img > 2) && !(e->f & F_FIGURE)) {
        *why = "almost no text";
        return true;
    }
    uint32_t prose = h->pprose[e->blk1] - h->pprose[e->blk0];
    bool quote = SUBCOUNT(h, pquote, i) > 0; /* a quoted post carries its links */
    if (!is_list && weight < 25 && ld > (prose || quote ? 0.5f : 0.2f) && len < 1000) {
        *why = "link-heavy box";
        return true;
    }
    if (weight >= 25 && ld > 0.5f) {
        *why = "link-heavy box";
        return true;
    }
    if ((embed == 1 && len < 75) || embed > 1) {
        *why = "embedded media";
        return true;
    }
    return false;
}

/* A small box (not a paragraph) holding images and a short text without paragraphs:
 * the text is the photo's caption. */
static bool image_box(const hdoc *h, uint32_t i)
{
    const el_t *e = &h->st.el[i];
    if (!(e->tf & (T_DIV | T_TABLE | T_FIGURE | T_CELL)) || e->blk1 <= e->blk0)
        return false;
    uint32_t img = SUBCOUNT(h, pimg, i), p = SUBCOUNT(h, pp, i), chars = el_chars(h, e);
    return img >= 1 && p == 0 && chars > 0 && chars <= 250 && e->blk1 - e->blk0 <= 2 &&
           el_link(h, e) * 2 < chars;
}

/* ---- building the text ---- */

/* Appends a block's text, normalised, and the map pieces from text to HTML bytes. */
typedef struct {
    ht_buf text;
    ht_offmap *map;
    size_t tcur, ocur; /* mapped so far */
    ht_offmap a;       /* scratch: raw -> text edits of one block */
    int oom;
} builder;

static void edit(builder *bd, size_t out, size_t out_len, size_t in, size_t in_len)
{
    ht_offmap *m = bd->map;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 256;
        ht_edit *v = realloc(m->v, cap * sizeof *v);
        if (!v) {
            bd->oom = 1;
            return;
        }
        m->v = v;
        m->cap = cap;
    }
    m->v[m->n++] = (ht_edit){out, out_len, in, in_len};
}

/* A stretch of text [ta, tb) that comes from HTML bytes [oa, ob); identity when the
 * bytes are the same text. Keeps the map contiguous and monotone. */
static void emit(builder *bd, size_t ta, size_t tb, size_t oa, size_t ob, bool identity)
{
    if (oa < bd->ocur)
        oa = bd->ocur, identity = false;
    if (ob < oa)
        ob = oa;
    if (identity && tb - ta != ob - oa)
        identity = false;
    if (oa > bd->ocur)
        edit(bd, ta, 0, bd->ocur, oa - bd->ocur);
    if (!identity)
        edit(bd, ta, tb - ta, oa, ob - oa);
    bd->tcur = tb;
    bd->ocur = ob;
}

/* The run of block b holding raw offset r (relative to the block), for start or end. */
static const run_t *run_at(const hdoc *h, const hblk_t *b, size_t r, bool is_end, size_t *lo)
{
    const run_t *R = h->st.run;
    size_t i = *lo;
    size_t abs = b->raw0 + r;
    while (i + 1 < b->r1 && (is_end ? R[i].raw + R[i].rawlen < abs : R[i].raw + R[i].rawlen <= abs))
        i++;
    *lo = i;
    return &R[i];
}

static size_t g_start(const hdoc *h, const hblk_t *b, size_t r)
{
    size_t lo = b->r0;
    const run_t *x = run_at(h, b, r, false, &lo);
    size_t abs = b->raw0 + r;
    if (abs >= x->raw + x->rawlen)
        return x->orig + x->origlen;
    if (x->verbatim)
        return x->orig + (abs - x->raw);
    return x->orig;
}

static size_t g_end(const hdoc *h, const hblk_t *b, size_t r)
{
    size_t lo = b->r0;
    const run_t *x = run_at(h, b, r, true, &lo);
    size_t abs = b->raw0 + r;
    if (abs <= x->raw)
        return x->orig;
    if (x->verbatim)
        return x->orig + (abs - x->raw);
    return x->orig + x->origlen;
}

/* Identity stretch text [ta, tb) <-> raw [ra, ra + (tb - ta)): split at run edges. */
static void emit_identity(builder *bd, const hdoc *h, const hblk_t *b, size_t ta, size_t tb, size_t ra)
{
    const run_t *R = h->st.run;
    size_t i = b->r0;
    while (ta < tb) {
        size_t abs = b->raw0 + ra;
        while (i + 1 < b->r1 && R[i].raw + R[i].rawlen <= abs)
            i++;
        const run_t *x = &R[i];
        size_t run_end = x->raw + x->rawlen;
        size_t len = tb - ta;
        if (abs + len > run_end && run_end > abs)
            len = run_end - abs;
        if (x->verbatim)
            emit(bd, ta, ta + len, x->orig + (abs - x->raw), x->orig + (abs - x->raw) + len, true);
        else
            emit(bd, ta, ta + len, abs == x->raw ? x->orig : bd->ocur, x->orig + x->origlen, false);
        ta += len;
        ra += len;
    }
}

/* Printable ASCII words with single spaces between them: text the normalisation
 * leaves exactly as it is (no marks, no special spaces, nothing to trim). */
static bool plain_ascii(const char *s, size_t n)
{
    if (n == 0 || s[0] == ' ' || s[n - 1] == ' ')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c > 0x7E || c < 0x20 || (c == ' ' && s[i + 1] == ' '))
            return false;
    }
    return true;
}

static int build_block(builder *bd, const hdoc *h, hblk_t *b)
{
    const char *raw = h->st.raw.p + b->raw0;
    size_t rn = b->raw1 - b->raw0;
    size_t at = bd->text.n;
    if (at) {
        if (ht_buf_putc(&bd->text, '\n'))
            return HT_ENOMEM;
        emit(bd, at, at + 1, bd->ocur, bd->ocur, false);
        at++;
    }
    ht_error e;
    if (plain_ascii(raw, rn)) {
        /* already canonical: what normalisation would give, without its work */
        if (ht_buf_append(&bd->text, raw, rn))
            return HT_ENOMEM;
        bd->a.n = 0;
    } else if (ht_text_normalize(raw, rn, &bd->text, &bd->a, &e) != 0) {
        bd->text.n = at; /* not text: leave it out */
        return e.code == HT_ENOMEM ? HT_ENOMEM : 0;
    }
    if (bd->text.n == at) {
        /* nothing visible; drop the separator again */
        if (at && bd->map->n && bd->map->v[bd->map->n - 1].out == at - 1) {
            bd->map->n--;
            bd->text.n = at - 1;
            bd->tcur = at - 1;
        }
        return 0;
    }
    b->t0 = at;
    b->t1 = bd->text.n;
    b->emitted = 1;
    /* walk the normalisation's edits, identity between them */
    size_t t = at, r = 0;
    for (size_t k = 0; k < bd->a.n; k++) {
        const ht_edit *x = &bd->a.v[k];
        if (x->out > t)
            emit_identity(bd, h, b, t, x->out, r);
        r += x->out - t;
        size_t oa = g_start(h, b, x->in), ob = g_end(h, b, x->in + x->in_len);
        if (x->in_len == 0)
            ob = oa;
        if (x->out_len || ob > oa)
            emit(bd, x->out, x->out + x->out_len, oa, ob, false);
        t = x->out + x->out_len;
        r = x->in + x->in_len;
    }
    if (bd->text.n > t)
        emit_identity(bd, h, b, t, bd->text.n, r);
    return bd->oom ? HT_ENOMEM : 0;
}

/* ---- classification of the blocks ---- */

static bool folded_eq_prefix(const char *a, size_t an, const char *b, size_t bn)
{
    ht_buf fa = {0}, fb = {0};
    bool r = false;
    if (ht_text_fold(a, an, &fa) == 0 && ht_text_fold(b, bn, &fb) == 0 && fa.n >= 8 && fb.n)
        r = (fa.n <= fb.n && memcmp(fa.p, fb.p, fa.n) == 0) || (fb.n <= fa.n && memcmp(fb.p, fa.p, fb.n) == 0 && fb.n * 2 >= fa.n);
    ht_buf_free(&fa);
    ht_buf_free(&fb);
    return r;
}

/* The copyright sign. */
static bool has_copyright(const char *p, size_t n)
{
    for (const char *q = p; (q = memchr(q, 0xC2, n - (size_t)(q - p))) && q + 1 < p + n; q++)
        if ((unsigned char)q[1] == 0xA9)
            return true;
    return false;
}

/* Text of a script written without spaces between words (CJK). */
static bool wide_script(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0xE3 && (unsigned char)s[i] <= 0xED)
            return true;
    return false;
}

/* "11:21", "4:07 PM": a clock time, as in "Updated 11:21 pm". */
static bool has_clock(const char *s, size_t n)
{
    for (size_t i = 1; i + 2 < n; i++)
        if (s[i] == ':' && s[i - 1] >= '0' && s[i - 1] <= '9' && s[i + 1] >= '0' && s[i + 1] <= '5' &&
            s[i + 2] >= '0' && s[i + 2] <= '9' && (i + 3 == n || !(s[i + 3] >= '0' && s[i + 3] <= '9')))
            return true;
    return false;
}

static void classify(hdoc *h, ht_doc *doc, const char *page_title, size_t ptn)
{
    hstate *st = &h->st;
    el_t *E = st->el;
    /* drop sub-trees inside the content, outermost first */
    for (size_t r = 0; r < h->nroots; r++) {
        uint32_t root = h->roots[r];
        /* the best container is kept whole; joined siblings are checked too */
        for (size_t i = root + (E[root].tf & T_ARTICLE || root == h->top ? 1 : 0); i < E[root].end_el; i++) {
            el_t *e = &E[i];
            if (e->blk1 <= e->blk0)
                continue;
            const char *why = NULL;
            if (image_box(h, (uint32_t)i)) {
                /* a small box of an image and a line of text: the photo's caption */
                for (uint32_t b = e->blk0; b < e->blk1; b++)
                    h->blk[b].beside_image = 1;
                i = e->end_el - 1;
                continue;
            }
            if (drop_element(h, (uint32_t)i, &why)) {
                for (uint32_t b = e->blk0; b < e->blk1; b++)
                    if (h->blk[b].in_content && !h->blk[b].dropped) {
                        h->blk[b].dropped = 1;
                        h->blk[b].why = why;
                    }
                i = e->end_el - 1; /* skip the sub-tree */
            }
        }
    }
    /* the title: an h1 that matches the page title, else the first h1 near the top */
    size_t title_blk = (size_t)-1, first_h1 = (size_t)-1;
    for (size_t i = 0; i < h->nblk; i++) {
        hblk_t *b = &h->blk[i];
        if (!b->emitted || b->el == NONE)
            continue;
        const el_t *o = &E[b->el];
        bool h1 = (o->tf & T_H1) || ((o->f & F_TITLEHINT) && (o->f & F_HEADING));
        if (!h1)
            continue;
        if (first_h1 == (size_t)-1 && !(o->f & (F_NEG | F_LINK)))
            first_h1 = i;
        if (ptn && folded_eq_prefix(doc->text + b->t0, b->t1 - b->t0, page_title, ptn)) {
            title_blk = i;
            break;
        }
    }
    if (title_blk == (size_t)-1)
        title_blk = first_h1;
    if (title_blk == (size_t)-1 && ptn) {
        /* no main heading: the first short block that repeats the page title */
        for (size_t i = 0; i < h->nblk; i++) {
            hblk_t *b = &h->blk[i];
            if (!b->emitted || b->el == NONE || b->chars > 300 || b->linkchars ||
                (E[b->el].f & (F_NEG | F_BOILER | F_HEADEL)))
                continue;
            if (folded_eq_prefix(doc->text + b->t0, b->t1 - b->t0, page_title, ptn)) {
                title_blk = i;
                break;
            }
        }
    }
    size_t first_body = (size_t)-1;
    for (size_t i = 0; i < h->nblk; i++) {
        hblk_t *b = &h->blk[i];
        if (!b->emitted)
            continue;
        const el_t *o = b->el != NONE ? &E[b->el] : NULL;
        uint32_t f = o ? o->f : 0;
        for (uint32_t r = b->r0; r < b->r1; r++)
            if (st->run[r].el != NONE)
                f |= E[st->run[r].el].f & (F_CAPTION | F_BYLINE);
        if (i == title_blk) {
            b->cls = HT_BLK_TITLE;
            b->why = "main heading";
            continue;
        }
        if (b->in_content && !b->dropped) {
            if (f & F_CAPTION || b->beside_image) {
                b->cls = HT_BLK_CAPTION;
                b->why = f & F_CAPTION ? "figure caption" : "text beside an image";
            } else if (f & F_BYLINE) {
                b->cls = b->chars < 120 ? HT_BLK_BYLINE : HT_BLK_BOILERPLATE;
                b->why = b->chars < 120 ? "author element" : "about the author";
            } else if (o && (o->tf & T_H1)) {
                b->cls = HT_BLK_BOILERPLATE;
                b->why = "second main heading";
            } else {
                b->cls = HT_BLK_BODY;
                b->why = "article text";
                if (first_body == (size_t)-1)
                    first_body = i;
            }
            continue;
        }
        if (f & F_CAPTION && (b->in_content || (f & F_ARTICLE))) {
            b->cls = HT_BLK_CAPTION;
            b->why = b->why ? b->why : "figure caption";
        } else if ((f & F_BYLINE) && b->chars < 120 && !(f & (F_BOILER | F_NEG))) {
            b->cls = HT_BLK_BYLINE;
            b->why = "author element";
        } else {
            b->cls = HT_BLK_BOILERPLATE;
            if (!b->why)
                b->why = f & F_BOILER ? "page furniture" : f & F_NEG ? "class/id of furniture"
                                                                     : "outside the article";
        }
    }
    /* inside the article, block by block: lines that are one link, section headers
     * (data/sections.tsv) and the short lines they open, date lines before the prose */
    int region = HT_PG_SEC_NONE;
    bool seen_prose = false;
    for (size_t i = 0; i < h->nblk; i++) {
        hblk_t *b = &h->blk[i];
        if (!b->emitted || b->cls != HT_BLK_BODY)
            continue;
        const char *p = doc->text + b->t0;
        size_t n = b->t1 - b->t0;
        bool prose = b->chars >= 100 && b->term && b->linkchars * 10 < b->chars * 3;
        if (b->linkchars * 2 > b->chars && b->chars < 300 && (!b->term || b->chars < 80)) {
            b->cls = HT_BLK_BOILERPLATE;
            b->why = "a link, not text";
            continue;
        }
        ht_pg_section sec = b->chars <= 60 ? ht_pg_section_kind(p, n) : HT_PG_SEC_NONE;
        if (sec != HT_PG_SEC_NONE) {
            b->cls = HT_BLK_BOILERPLATE;
            b->why = "section header";
            if (region != HT_PG_SEC_END)
                region = sec;
            continue;
        }
        if (region != HT_PG_SEC_NONE) {
            if (region == HT_PG_SEC_END || !prose) {
                b->cls = HT_BLK_BOILERPLATE;
                b->why = "after a section header";
                continue;
            }
            region = HT_PG_SEC_NONE;
        }
        if (!seen_prose && !b->term && b->chars < 100) {
            ht_pg_date d;
            if ((ht_pg_find_date(p, n, &d) && (d.y || d.d)) || has_clock(p, n)) {
                b->cls = HT_BLK_BYLINE;
                b->why = "date line";
                continue;
            }
        }
        bool heading = b->el != NONE && (E[b->el].f & (F_HEADING | F_ITEM | F_CELL));
        if (!b->term && b->chars < 16 && !heading && !memchr(p, ' ', n) && !wide_script(p, n)) {
            b->cls = HT_BLK_BOILERPLATE;
            b->why = "a lone word";
            continue;
        }
        if (b->chars < 200 && has_copyright(p, n)) {
            b->cls = HT_BLK_BOILERPLATE;
            b->why = "copyright line";
            continue;
        }
        if (prose)
            seen_prose = true;
    }
    /* a single link between two paragraphs of text belongs to the text */
    for (size_t i = 0; i < h->nblk; i++) {
        hblk_t *b = &h->blk[i];
        if (b->cls != HT_BLK_BOILERPLATE || b->why == NULL || strcmp(b->why, "a link, not text") != 0)
            continue;
        size_t a = i, c = i;
        while (a > 0 && !(h->blk[a - 1].emitted && h->blk[a - 1].in_content))
            a--;
        while (c + 1 < h->nblk && !(h->blk[c + 1].emitted && h->blk[c + 1].in_content))
            c++;
        if (a > 0 && c + 1 < h->nblk && h->blk[a - 1].cls == HT_BLK_BODY &&
            h->blk[c + 1].cls == HT_BLK_BODY) {
            b->cls = HT_BLK_BODY;
            b->why = "link inside the text";
        }
    }
    /* a name alone after the last paragraph signs the article */
    for (size_t i = h->nblk; i-- > 0;) {
        hblk_t *b = &h->blk[i];
        if (!b->emitted || !b->in_content || b->cls == HT_BLK_BOILERPLATE || b->cls == HT_BLK_CAPTION)
            continue;
        if (b->cls == HT_BLK_BODY && !b->linkchars && ht_pg_name_like(doc->text + b->t0, b->t1 - b->t0) &&
            !(b->el != NONE && (E[b->el].f & F_HEADING))) {
            b->cls = HT_BLK_BYLINE;
            b->why = "name after the last paragraph";
        }
        break;
    }
    /* a heading with no text of the article after it heads something else */
    {
        bool text_after = false;
        for (size_t i = h->nblk; i-- > 0;) {
            hblk_t *b = &h->blk[i];
            if (!b->emitted || !b->in_content)
                continue;
            bool heading = b->el != NONE && (E[b->el].f & F_HEADING);
            if (b->cls == HT_BLK_BODY && heading && !text_after) {
                b->cls = HT_BLK_BOILERPLATE;
                b->why = "heading of no text";
                continue;
            }
            if (b->cls == HT_BLK_BODY && !heading)
                text_after = true;
            else if (heading)
                text_after = false;
            else if (b->cls == HT_BLK_BOILERPLATE && b->chars > 0)
                text_after = false;
        }
    }
    /* the lead: a prose block between the title and the body, hinted as such */
    if (title_blk != (size_t)-1 && first_body != (size_t)-1 && title_blk < first_body) {
        for (size_t i = title_blk + 1; i < first_body; i++) {
            hblk_t *b = &h->blk[i];
            if (!b->emitted || b->el == NONE)
                continue;
            const el_t *o = &E[b->el];
            if ((o->f & F_LEAD) && !(o->f & (F_BOILER | F_NEG)) && b->chars >= 40 &&
                b->linkchars * 4 < b->chars) {
                b->cls = HT_BLK_LEAD;
                b->why = "lead after the title";
                break;
            }
        }
    }
    /* the first body paragraph is the lead when it carries a lead hint */
    if (first_body != (size_t)-1 && h->blk[first_body].el != NONE &&
        (E[h->blk[first_body].el].f & F_LEAD)) {
        h->blk[first_body].cls = HT_BLK_LEAD;
        h->blk[first_body].why = "first paragraph, lead class";
    }
}

/* ---- metadata ---- */

/* The first string value of "key" in JSON-LD text: only two values are read, so the
 * (often large) graph is not parsed; the string itself is decoded by jansson. */
static void ld_value(const char *p, size_t n, const char *key, char **slot)
{
    size_t kl = strlen(key);
    for (const char *q = p; !*slot && (q = memmem(q, n - (size_t)(q - p), key, kl));) {
        const char *e = p + n, *v = q + kl;
        q = v;
        if (q - p < (ptrdiff_t)kl + 1 || *(v - kl - 1) != '"' || v >= e || *v != '"')
            continue;
        v++;
        while (v < e && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r'))
            v++;
        if (v >= e || *v != ':')
            continue;
        v++;
        while (v < e && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r'))
            v++;
        if (v >= e || *v != '"')
            continue;
        const char *z = v + 1;
        while (z < e && *z != '"')
            z += *z == '\\' ? 2 : 1;
        if (z >= e)
            return;
        json_t *j = json_loadb(v, (size_t)(z - v) + 1, JSON_DECODE_ANY, NULL);
        if (json_is_string(j))
            set_once(slot, json_string_value(j));
        json_decref(j);
    }
}

static uint32_t blk_flags(const hdoc *h, const hblk_t *b)
{
    return b->el != NONE ? h->st.el[b->el].f : 0;
}

static void published(hdoc *h, ht_doc *doc)
{
    hstate *st = &h->st;
    const char *cands[] = {st->meta_pub, st->ld_pub, st->time_pub};
    ht_pg_date d;
    for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++)
        if (cands[i] && ht_pg_parse_iso_date(cands[i], strlen(cands[i]), &d)) {
            doc->published = ht_pg_date_str(&doc->arena, &d);
            return;
        }
    /* a short date line between the title and the body */
    bool after_title = false;
    for (size_t i = 0; i < h->nblk; i++) {
        hblk_t *b = &h->blk[i];
        if (!b->emitted)
            continue;
        if (b->cls == HT_BLK_TITLE) {
            after_title = true;
            continue;
        }
        if (b->cls == HT_BLK_BODY || b->cls == HT_BLK_LEAD) {
            /* or a dateline at the start of the first paragraph */
            const char *p = doc->text + b->t0;
            size_t n = b->t1 - b->t0;
            if (ht_pg_find_date(p, n < 60 ? n : 60, &d) && d.y && d.start < 30)
                doc->published = ht_pg_date_str(&doc->arena, &d);
            return;
        }
        if (!after_title || b->t1 - b->t0 > 120 || (blk_flags(h, b) & (F_LINK | F_ITEM)))
            continue;
        const char *p = doc->text + b->t0;
        if (ht_pg_find_date(p, b->t1 - b->t0, &d) && d.y && d.m && d.d) {
            doc->published = ht_pg_date_str(&doc->arena, &d);
            return;
        }
    }
}

/* ---- entry ---- */

static void free_hdoc(hdoc *h)
{
    hstate *st = &h->st;
    free(st->el);
    free(st->stack);
    free(st->run);
    free(st->cut_at);
    free(st->cut_sum);
    ht_buf_free(&st->raw);
    ht_buf_free(&st->title);
    ht_buf_free(&st->ld);
    free(st->meta_title);
    free(st->meta_pub);
    free(st->time_pub);
    free(st->ld_pub);
    free(st->ld_title);
    if (st->hint_cache)
        for (size_t i = 0; i < HINT_SLOTS; i++)
            free(st->hint_cache[i].value);
    free(st->hint_cache);
    free(h->blk);
    free(h->roots);
    free(h->blk_of_run);
    free(h->pchars);
    free(h->plink);
    free(h->pcommas);
    free(h->pprose);
    free(h->pp);
    free(h->pimg);
    free(h->pli);
    free(h->pinput);
    free(h->pembed);
    free(h->phead);
    free(h->pquote);
}

static bool at_ci(const char *s, size_t n, size_t i, const char *lit)
{
    size_t k = strlen(lit);
    if (i + k > n)
        return false;
    for (size_t j = 0; j < k; j++) {
        char c = s[i + j];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c != lit[j])
            return false;
    }
    return true;
}

/* The first "<" followed by c2 at or after i, or n. */
static size_t find_lt2(const char *s, size_t n, size_t i, char c2)
{
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            return n;
        i = (size_t)(lt - s);
        if (i + 1 < n && s[i + 1] == c2)
            return i;
        i++;
    }
    return n;
}

/* The first "-->" at or after i, or n. */
static size_t find_comment_end(const char *s, size_t n, size_t i)
{
    while (i + 2 < n) {
        const char *g = memchr(s + i + 2, '>', n - i - 2);
        if (!g)
            return n;
        size_t k = (size_t)(g - s);
        if (s[k - 1] == '-' && s[k - 2] == '-')
            return k - 2;
        i = k - 1;
    }
    return n;
}

static int add_cut(hstate *st, size_t *cap, size_t at, size_t len)
{
    if (st->ncut == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        size_t *a = realloc(st->cut_at, c * sizeof *a), *b = a ? realloc(st->cut_sum, c * sizeof *b) : NULL;
        if (a)
            st->cut_at = a;
        if (!b)
            return HT_ENOMEM;
        st->cut_sum = b;
        *cap = c;
    }
    st->cut_at[st->ncut] = at;
    st->cut_sum[st->ncut] = len + (st->ncut ? st->cut_sum[st->ncut - 1] : 0);
    st->ncut++;
    return 0;
}

/* What the reader does with an attribute; the parser is not given the others. */
enum { A_DROP, A_KEEP, A_CLASS, A_ID, A_STYLE, A_META, A_SCRIPT };

static int attr_role(const char *s, size_t n)
{
    static const struct {
        const char *name;
        int role;
    } roles[] = {{"class", A_CLASS},   {"id", A_ID},            {"role", A_KEEP},
                 {"itemprop", A_KEEP}, {"style", A_STYLE},      {"property", A_META},
                 {"name", A_META},     {"content", A_META},     {"datetime", A_KEEP},
                 {"type", A_SCRIPT},   {"hidden", A_KEEP},      {"aria-hidden", A_KEEP}};
    static const unsigned char lens[] = {5, 2, 4, 8, 5, 8, 4, 7, 8, 4, 6, 11};
    if (n < 2 || n > 11)
        return A_DROP;
    char c0 = (char)(s[0] | 32);
    for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++)
        if (lens[k] == n && roles[k].name[0] == c0) {
            size_t j = 1;
            while (j < n && (s[j] | 32) == roles[k].name[j])
                j++;
            if (j == n)
                return roles[k].role;
        }
    return A_DROP;
}

/* A style that can hide the element: display:none, visibility:hidden. */
static bool style_hides(const char *s, size_t n)
{
    for (size_t i = 0; i + 4 <= n; i++) {
        char c = (char)(s[i] | 32);
        if ((c == 'n' && at_ci(s, n, i, "none")) || (c == 'h' && at_ci(s, n, i, "hidden")))
            return true;
    }
    return false;
}

static bool html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

typedef struct {
    hstate *st;
    ht_buf *out;
    const char *s;
    size_t from, cap;
} cutter;

/* Leaves s[a..b) out of the parser's input. */
static int cut(cutter *c, size_t a, size_t b)
{
    if (b <= a)
        return 0;
    int rc = ht_buf_append(c->out, c->s + c->from, a - c->from);
    if (!rc) {
        hstate *st = c->st;
        if (st->ncut && st->cut_at[st->ncut - 1] == c->out->n) /* adjacent: one cut */
            st->cut_sum[st->ncut - 1] += b - a;
        else
            rc = add_cut(st, &c->cap, c->out->n, b - a);
    }
    c->from = b;
    return rc;
}

/* A class attribute's value: its first name (the element's family, for boxes built
 * alike) and the names holding a hint word are kept, the others go. Long class lists
 * of utility names are most of what is left of a page after its scripts. */
static int class_words(cutter *c, size_t va, size_t vb)
{
    const char *s = c->s;
    size_t i = va;
    bool first = true;
    int rc = 0;
    while (i < vb && !rc) {
        size_t ws = i;
        while (i < vb && html_space(s[i]))
            i++;
        size_t a = i;
        while (i < vb && !html_space(s[i]))
            i++;
        if (a == i)
            break;
        int w = 0, k = 0, st = 0;
        if (!first)
            cached_hints(c->st, s + a, i - a, &w, &k, &st);
        if (!first && !w && !k && ws < a)
            rc = cut(c, ws, i);
        first = false;
    }
    return rc;
}

/* A start tag at s[i] ('<' and a letter): drops the attributes the reader does not
 * use, each with the white space before it. Returns the offset after the tag's '>'
 * (n when the tag does not end). */
static size_t start_tag(cutter *c, size_t n, size_t i, int *rc)
{
    const char *s = c->s;
    size_t j = i + 1;
    while (j < n && !html_space(s[j]) && s[j] != '>' && s[j] != '/')
        j++;
    bool meta = j - i - 1 == 4 && at_ci(s, n, i + 1, "meta");
    bool script = j - i - 1 == 6 && at_ci(s, n, i + 1, "script");
    while (j < n && !*rc) {
        size_t ws = j;
        while (j < n && (html_space(s[j]) || s[j] == '/'))
            j++;
        if (j >= n)
            return n;
        if (s[j] == '>')
            return j + 1;
        size_t na = j;
        while (j < n && !html_space(s[j]) && s[j] != '>' && s[j] != '=' && s[j] != '/')
            j++;
        if (j == na)
            j++; /* a stray '=' */
        size_t nb = j, k = j, va = 0, vb = 0; /* the quoted value's inside */
        while (k < n && html_space(s[k]))
            k++;
        if (k < n && s[k] == '=') {
            k++;
            while (k < n && html_space(s[k]))
                k++;
            if (k < n && (s[k] == '"' || s[k] == '\'')) {
                const char *q = memchr(s + k + 1, s[k], n - k - 1);
                if (!q)
                    return n;
                va = k + 1;
                vb = (size_t)(q - s);
                k = vb + 1;
            } else
                while (k < n && !html_space(s[k]) && s[k] != '>')
                    k++;
            j = k;
        }
        int role = attr_role(s + na, nb - na);
        bool drop = role == A_DROP || (role == A_META && !meta) || (role == A_SCRIPT && !script) ||
                    (role == A_STYLE && !style_hides(s + na, j - na));
        if (role == A_ID && vb > va) { /* an id counts only by its hint words */
            int hw_w = 0, hw_k = 0, hw_s = 0;
            cached_hints(c->st, s + va, vb - va, &hw_w, &hw_k, &hw_s);
            drop = !hw_w && !hw_k;
        }
        /* only an attribute with white space before it goes, so that its neighbours
         * stay apart */
        if (drop && ws < na && s[ws] != '/')
            *rc = cut(c, ws, j);
        else if (role == A_CLASS && vb > va)
            *rc = class_words(c, va, vb);
    }
    return n;
}

/* A <meta> whose name the reader may use: published dates and titles. */
static bool useful_meta(const char *s, size_t n, size_t i)
{
    const char *gt = memchr(s + i, '>', n - i);
    size_t end = gt ? (size_t)(gt - s) : n;
    for (size_t k = i; k + 4 <= end; k++) {
        char c = (char)(s[k] | 32);
        if ((c == 'd' && at_ci(s, end, k, "date")) || (c == 'p' && at_ci(s, end, k, "publish")) ||
            (c == 't' && at_ci(s, end, k, "title")) || (c == 'h' && at_ci(s, end, k, "headline")) ||
            (c == 'c' && at_ci(s, end, k, "charset")))
            return true;
    }
    return false;
}

/* Half the bytes of today's pages are scripts and styles, which the parser reads one
 * character at a time and the article never uses; a sixth are attributes it never
 * looks at (src, srcset, data-*, on*). The parser is given the page without the
 * bodies of <script> (JSON-LD kept), <style> and <svg>, without the text of comments
 * and without the unused attributes; the cuts are recorded, so that every position
 * maps back to the page's bytes. Text and element boundaries stay as they were. */
static int prefilter(hstate *st, const char *s, size_t n, ht_buf *out)
{
    /* elements whose whole text is cut; "noscript" holds markup the reader skips */
    static const char *const raw[] = {"script", "style", "svg", "noscript"};
    cutter c = {st, out, s, 0, 0};
    size_t i = 0, last_gt = 0; /* the end of the last markup */
    int rc = 0;
    while (!rc && i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        /* indentation between two tags: one white space character is enough */
        if (i > last_gt + 1 && last_gt >= c.from) {
            size_t k = last_gt;
            while (k < i && html_space(s[k]))
                k++;
            if (k == i)
                rc = cut(&c, last_gt + 1, i);
        }
        if (at_ci(s, n, i, "<!--")) {
            size_t a = i + 4, b = find_comment_end(s, n, a);
            if (b >= n)
                break;
            if (!rc)
                rc = cut(&c, a, b);
            i = last_gt = b + 3;
            continue;
        }
        unsigned char c1 = i + 1 < n ? (unsigned char)s[i + 1] : 0;
        if (c1 == '/' || c1 == '!' || c1 == '?') {
            /* an end tag, a doctype: kept as they are */
            const char *gt = memchr(s + i, '>', n - i);
            if (!gt)
                break;
            i = last_gt = (size_t)(gt - s) + 1;
            continue;
        }
        if (!((c1 | 32) >= 'a' && (c1 | 32) <= 'z')) {
            i++;
            continue;
        }
        if (at_ci(s, n, i + 1, "link") && i + 5 < n &&
            (html_space(s[i + 5]) || s[i + 5] == '/' || s[i + 5] == '>')) {
            /* <link>: stylesheets, icons, preloads; never text */
            const char *gt = memchr(s + i, '>', n - i);
            if (!gt)
                break;
            size_t end = (size_t)(gt - s) + 1;
            rc = cut(&c, i, end);
            i = last_gt = end;
            continue;
        }
        int which = -1;
        for (int k = 0; k < 4 && which < 0; k++) {
            size_t len = strlen(raw[k]);
            if (at_ci(s, n, i + 1, raw[k]) && i + 1 + len < n &&
                (html_space(s[i + 1 + len]) || s[i + 1 + len] == '/' || s[i + 1 + len] == '>'))
                which = k;
        }
        if (which < 0 && at_ci(s, n, i + 1, "meta") && i + 5 < n && !useful_meta(s, n, i)) {
            /* <meta> other than dates and titles: never read */
            const char *gt = memchr(s + i, '>', n - i);
            if (!gt)
                break;
            size_t end = (size_t)(gt - s) + 1;
            rc = cut(&c, i, end);
            i = last_gt = end;
            continue;
        }
        if (which < 0) {
            size_t body = rc ? n : start_tag(&c, n, i, &rc);
            if (rc || body >= n)
                break;
            i = last_gt = body;
            continue;
        }
        /* the end of the start tag, quotes respected */
        size_t body = i + 1;
        for (char q = 0; body < n; body++) {
            if (q) {
                if (s[body] == q)
                    q = 0;
            } else if (s[body] == '"' || s[body] == '\'')
                q = s[body];
            else if (s[body] == '>')
                break;
        }
        if (body >= n)
            break;
        body++;
        bool keep = which == 0 && memmem(s + i, body - i, "ld+json", 7);
        /* the end tag: "</" and the name */
        size_t close = body;
        for (;;) {
            close = find_lt2(s, n, close, '/');
            if (close >= n || at_ci(s, n, close + 2, raw[which]))
                break;
            close += 2;
        }
        if (!keep) {
            /* the whole element goes: start tag, text and end tag */
            const char *gt = close < n ? memchr(s + close, '>', n - close) : NULL;
            size_t end = gt ? (size_t)(gt - s) + 1 : n;
            rc = cut(&c, i, end);
            i = last_gt = end;
            continue;
        }
        start_tag(&c, n, i, &rc); /* JSON-LD: its attributes are trimmed like others' */
        i = last_gt = close;
    }
    if (!rc)
        rc = ht_buf_append(out, s + c.from, n - c.from);
    return rc;
}

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static int parse(hdoc *h, ht_doc *doc, ht_error *e)
{
    hstate *st = &h->st;
    if (doc->orig_n > MAX_HTML_BYTES)
        return ht_err(e, HT_ELIMIT, "an HTML page of %zu MB is over the limit of %u MB",
                      doc->orig_n >> 20, MAX_HTML_BYTES >> 20);
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_chars;
    sax.cdataBlock = on_chars;
    sax.error = quiet;
    sax.warning = quiet;
    ht_buf in = {0};
    if (prefilter(st, doc->orig, doc->orig_n, &in) || !in.p) {
        ht_buf_free(&in);
        return ht_err(e, HT_ENOMEM, "out of memory");
    }
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(in.p, (int)in.n);
    if (!ctxt) {
        ht_buf_free(&in);
        return ht_err(e, HT_ENOMEM, "out of memory");
    }
    htmlSAXHandlerPtr old = (htmlSAXHandlerPtr)ctxt->sax;
    ctxt->sax = &sax;
    ctxt->userData = st;
    st->ctxt = ctxt;
    st->orig = in.p;
    st->orig_n = in.n;
    htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NOIMPLIED);
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
    htmlParseDocument(ctxt);
    ctxt->sax = old;
    htmlFreeParserCtxt(ctxt);
    ht_buf_free(&in);
    st->ctxt = NULL;
    st->orig = NULL;
    /* elements left open */
    while (st->depth) {
        uint32_t me = st->stack[--st->depth];
        st->el[me].run1 = (uint32_t)st->nrun;
        st->el[me].end_el = (uint32_t)st->nel;
    }
    if (st->limit)
        return ht_err(e, HT_ELIMIT, "more than %d pieces of text: not a page hoptac reads",
                      MAX_RUNS);
    return st->oom ? ht_err(e, HT_ENOMEM, "out of memory") : 0;
}

int ht_pg_html(ht_doc *doc, ht_error *e)
{
    size_t bad;
    int rc = ht_utf8_validate(doc->orig, doc->orig_n, &bad, e);
    if (rc)
        return rc;
    hdoc h;
    memset(&h, 0, sizeof h);
    rc = parse(&h, doc, e);
    if (!rc && (rc = make_blocks(&h)) != 0)
        ht_err(e, rc, "out of memory");
    if (rc) {
        free_hdoc(&h);
        return rc;
    }
    /* JSON-LD metadata */
    if (h.st.ld.n) {
        const char *p = h.st.ld.p;
        size_t n = h.st.ld.n;
        for (size_t a = 0; a < n;) {
            const char *nl = memchr(p + a, '\0', n - a);
            size_t b = nl ? (size_t)(nl - p) : n;
            ld_value(p + a, b - a, "datePublished", &h.st.ld_pub);
            ld_value(p + a, b - a, "headline", &h.st.ld_title);
            a = b + 1;
        }
    }
    find_content(&h);
    /* text and map */
    builder bd = {{0}, &doc->map, 0, 0, {0}, 0};
    doc->map.n = 0;
    for (size_t i = 0; i < h.nblk && !rc; i++)
        rc = build_block(&bd, &h, &h.blk[i]);
    ht_offmap_free(&bd.a);
    if (!rc) {
        doc->text = ht_arena_strndup(&doc->arena, bd.text.p ? bd.text.p : "", bd.text.n);
        doc->text_n = bd.text.n;
        doc->map.out_total = bd.text.n;
        doc->map.in_total = doc->orig_n;
        if (!doc->text)
            rc = HT_ENOMEM;
    }
    ht_buf_free(&bd.text);
    if (rc) {
        free_hdoc(&h);
        return ht_err(e, rc, "out of memory");
    }
    /* the page title, for the heading that matches it */
    ht_buf pt = {0};
    const char *tsrc = h.st.meta_title ? h.st.meta_title : h.st.ld_title;
    if (tsrc)
        ht_text_normalize(tsrc, strlen(tsrc), &pt, NULL, NULL);
    else if (h.st.title.n)
        ht_text_normalize(h.st.title.p, h.st.title.n, &pt, NULL, NULL);
    for (size_t i = 0; i < pt.n; i++)
        if (pt.p[i] == '\n')
            pt.p[i] = ' ';
    classify(&h, doc, pt.p, pt.n);
    published(&h, doc);
    ht_pg_blocks B = {0};
    for (size_t i = 0; i < h.nblk && !rc; i++) {
        hblk_t *b = &h.blk[i];
        if (!b->emitted)
            continue;
        ht_block blk = {b->cls, b->t0, b->t1, ht_offmap_orig(&doc->map, b->t0, false),
                        ht_offmap_orig(&doc->map, b->t1, true), b->why};
        rc = ht_pg_blocks_push(&B, &blk);
        if (b->cls == HT_BLK_TITLE && !doc->title)
            doc->title = ht_arena_strndup(&doc->arena, doc->text + b->t0, b->t1 - b->t0);
    }
    if (!doc->title && pt.n) {
        /* "Headline - Site": drop a trailing site name */
        size_t n = pt.n;
        for (size_t i = n; i > 3; i--)
            if ((pt.p[i - 1] == ' ' && i < n && (pt.p[i] == '|' || pt.p[i] == '-')) && i > n / 2) {
                n = i - 1;
                break;
            }
        doc->title = ht_arena_strndup(&doc->arena, pt.p, n);
    }
    ht_buf_free(&pt);
    free_hdoc(&h);
    if (rc) {
        free(B.v);
        return ht_err(e, rc, "out of memory");
    }
    return ht_pg_blocks_finish(&B, doc);
}
