/* Blocks of text documents: plain text, the markdown-ish text of scraped pages, and
 * the "text" of a JSON Lines article.
 *
 * How a block gets its class. The text is cut into segments: one per line, with the
 * markup of markdown-ish rows ("| ... |"), list items ("- ...") and headings ("# ...")
 * set aside; image lines ("![]()") are not segments but mark the next one. Long lines
 * of aggregator text are cut further at inline photo credits (the caption is the text
 * between the previous sentence end and the credit's closing parenthesis), at
 * "[bracketed headlines]" and before a short unpunctuated tail (the author).
 * Each segment gets features: length, words, capitalised words, sentences, terminal
 * punctuation, a photo credit, a dateline at its start ("Ngày 3/11, ..."), a timestamp
 * ("(10/07/2025, 18:24)"), whether the whole line is a section header of
 * data/sections.tsv, caption cue phrases of data/page_cues.tsv, and whether it reads
 * as a name ("Kim Bảo", "PV/VOV.VN"). A segment is "body-like" when it is prose
 * (terminal punctuation and length or several sentences) and "headline-like" when it
 * is a short line of one sentence without a final full stop.
 * Then, in order:
 *  1. boilerplate: a section header and the headline-like lines after it; lists whose
 *     items end with timestamps; after the last prose paragraph, a run of at least
 *     three headline-like lines that do not read as photo descriptions (names in it
 *     are bylines); before the first one, a run of three short menu-like lines;
 *  2. the title: a first line that is headline-like (text files; JSON Lines carry it);
 *  3. captions: rows, lines after an image, inline credits, and short unpunctuated
 *     lines between paragraphs that describe a scene (caption cue phrases, or too
 *     long for a subheading, which stays body); a caption is scored as another story's (slider) from
 *     its own dateline, its place before the article's first paragraph, its length and
 *     sentences, against a photo credit, an image before it and scene phrases;
 *  4. bylines: a name-like line or tail right after the last paragraph;
 *  5. the lead: the first prose paragraph when it is short enough to be a sapo;
 *  6. everything else is body.
 * The published date comes from a dateline with a year at the start of the article, or
 * a date line before it; never from lists, captions of other stories or bylines. */
#include "page_int.h"

#include <stdlib.h>
#include <string.h>

enum { K_LINE, K_ROW, K_ITEM, K_HEAD, K_CAPIN, K_LINK, K_TAIL };

typedef struct {
    size_t start, end; /* in doc->text */
    uint8_t kind;
    bool after_img, piece;
    /* features */
    uint32_t cps, words, caps, sents;
    bool term, credit, dateline, stamp, name_like, source;
    int cue;
    ht_pg_section sec;
    bool body_like, head_like;
    /* result */
    ht_block_class cls;
    const char *why;
} seg;

typedef struct {
    seg *v;
    size_t n, cap;
} segs;

static int push(segs *s, const seg *x)
{
    if (x->end <= x->start)
        return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        seg *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return HT_ENOMEM;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = *x;
    return 0;
}

/* ---- character helpers over the normalised text ---- */

static bool is_closer(const char *t, size_t i, size_t n, size_t *len)
{
    unsigned char c = (unsigned char)t[i];
    if (c == '"' || c == '\'' || c == ')' || c == ']') {
        *len = 1;
        return true;
    }
    /* ” ’ » */
    if (i + 2 < n + 0 && c == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
        ((unsigned char)t[i + 2] == 0x9D || (unsigned char)t[i + 2] == 0x99)) {
        *len = 3;
        return true;
    }
    if (i + 1 < n && c == 0xC2 && (unsigned char)t[i + 1] == 0xBB) {
        *len = 2;
        return true;
    }
    return false;
}

/* Length of a terminal mark at t[i] (. ! ? ; …), 0 if none. */
static size_t terminal_at(const char *t, size_t i, size_t n)
{
    char c = t[i];
    if (c == '.' || c == '!' || c == '?' || c == ';')
        return 1;
    if (i + 2 < n && (unsigned char)c == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
        (unsigned char)t[i + 2] == 0xA6)
        return 3;
    return 0;
}

/* An abbreviation before a full stop at t[i]: "TS.", "TP.", "Mr.", a single letter. */
static bool abbrev_before(const char *t, size_t from, size_t i)
{
    size_t k = i;
    while (k > from && t[k - 1] != ' ' && t[k - 1] != '(' && t[k - 1] != '.')
        k--;
    size_t len = i - k;
    if (len == 0)
        return false;
    if (len == 1)
        return true;
    bool upper = true;
    for (size_t j = k; j < i; j++)
        if (!((t[j] >= 'A' && t[j] <= 'Z') || t[j] == 'r' || t[j] == 's'))
            upper = false;
    return upper && len <= 4;
}

/* sentence_end where a terminal mark starts at t[i]. */
static bool sentence_end_at_mark(const char *t, size_t from, size_t n, size_t i, size_t *next);

/* If a sentence ends at t[i], the offset where the next one starts (after the mark,
 * closers and the space, or right after the mark for text glued at a full stop). Asked
 * at every byte of the text: a byte no terminal mark starts with is turned away here. */
static inline bool sentence_end(const char *t, size_t from, size_t n, size_t i, size_t *next)
{
    switch (t[i]) {
    case '.':
    case '!':
    case '?':
    case ';':
    case '\xE2': /* the first byte of "…" */
        return sentence_end_at_mark(t, from, n, i, next);
    default:
        return false;
    }
}

static bool sentence_end_at_mark(const char *t, size_t from, size_t n, size_t i, size_t *next)
{
    size_t tl = terminal_at(t, i, n);
    if (!tl)
        return false;
    if (t[i] == '.' && i + 1 < n && t[i + 1] == '.')
        return false; /* ".." inside an ellipsis */
    size_t j = i + tl, cl;
    while (j < n && is_closer(t, j, n, &cl))
        j += cl;
    bool marker = t[i] == '.' && i >= from + 2 && t[i - 1] == '/' && t[i - 2] == '.'; /* "./." */
    if (t[i] == '.' && !marker && abbrev_before(t, from, i))
        return false;
    if (j < n && t[j] == ' ') {
        size_t k = j + 1;
        if (k < n && (ht_pg_is_upper_at(t + k, n - k) || (t[k] >= '0' && t[k] <= '9') ||
                      t[k] == '"' || (unsigned char)t[k] == 0xE2 || t[k] == '(' || t[k] == '[' ||
                      t[k] == '-')) {
            *next = k;
            return true;
        }
        return false;
    }
    /* glued: "đồng.Hiện" (a lower-case letter, a full stop, an upper-case letter) */
    if (t[i] == '.' && j == i + 1 && i > from && j < n && ht_pg_is_upper_at(t + j, n - j)) {
        size_t p = i - 1;
        while (p > from && ((unsigned char)t[p] & 0xC0) == 0x80)
            p--;
        if (ht_pg_is_lower_at(t + p, n - p) && i - from >= 2) {
            *next = j;
            return true;
        }
    }
    return false;
}

static size_t skip_word(const char *t, size_t n, size_t i)
{
    while (i < n && t[i] != ' ' && t[i] != ':' && t[i] != ')' && t[i] != ',')
        i++;
    return i;
}

/* A photo credit opening at t[i] ("(Ảnh: ...)", "(Ảnh Dân trí)", "(Ảnh minh họa)"):
 * its end, after the closing parenthesis. */
static bool credit_paren(const char *t, size_t n, size_t i, size_t *end)
{
    if (t[i] != '(')
        return false;
    size_t close = i + 1;
    while (close < n && close - i < 160 && t[close] != ')' && t[close] != '(')
        close++;
    if (close >= n || t[close] != ')')
        return false;
    size_t a = i + 1;
    while (a < close && t[a] == ' ')
        a++;
    /* the credit word: one to three words folded, then ':', ')' or an upper-case word */
    size_t w = a;
    for (int k = 0; k < 3 && w < close; k++) {
        w = skip_word(t, close, w);
        ht_buf f = {0};
        bool hit = false;
        if (ht_text_fold(t + a, w - a, &f) == 0 && f.n)
            hit = ht_pg_cue_kind(f.p, f.n) & HT_PG_CUE_CREDIT;
        ht_buf_free(&f);
        if (hit) {
            size_t b = w;
            if (b < close && t[b] == ':')
                b++;
            while (b < close && t[b] == ' ')
                b++;
            if (b == close || t[b - 1] == ':' || ht_pg_is_upper_at(t + b, close - b) ||
                (t[b] >= '0' && t[b] <= '9')) {
                *end = close + 1;
                return true;
            }
        }
        if (w < close && t[w] == ' ')
            w++;
        else
            break;
    }
    return false;
}

/* "[Related headline]" inline: 3+ words starting with a capital or a quote. */
static bool bracket_link(const char *t, size_t n, size_t i, size_t *end)
{
    if (t[i] != '[')
        return false;
    size_t j = i + 1, words = 1;
    while (j < n && j - i < 400 && t[j] != ']' && t[j] != '[' && t[j] != '\n') {
        words += t[j] == ' ';
        j++;
    }
    if (j >= n || t[j] != ']' || j - i < 12 || words < 3)
        return false;
    if (!ht_pg_is_upper_at(t + i + 1, n - i - 1) && t[i + 1] != '"' &&
        (unsigned char)t[i + 1] != 0xE2)
        return false;
    *end = j + 1;
    return true;
}

/* ---- segmentation ---- */

static size_t trim_l(const char *t, size_t a, size_t b)
{
    while (a < b && t[a] == ' ')
        a++;
    return a;
}

static size_t trim_r(const char *t, size_t a, size_t b)
{
    while (b > a && t[b - 1] == ' ')
        b--;
    return b;
}

/* Cuts a long prose line at inline captions, bracketed links and a short tail. */
static int split_line(const char *t, const seg *line, segs *out)
{
    size_t a = line->start, b = line->end, cur = a, last_sent = a;
    size_t i = a;
    int rc = 0;
    while (i < b && !rc) {
        size_t end, next;
        if (t[i] == '(' && credit_paren(t, b, i, &end)) {
            /* caption: from the last sentence start to the credit; when the credit
             * directly follows a full stop, from the sentence before */
            size_t c = last_sent;
            if (c < cur)
                c = cur;
            if (trim_r(t, c, i) == c && c > cur) {
                size_t k = c, prev = cur;
                for (size_t p = cur; p + 1 < c; p++)
                    if (sentence_end(t, cur, b, p, &k) && k < c - 1)
                        prev = k;
                c = prev;
            }
            if (i - c > 400)
                c = i;
            /* punctuation left after the credit belongs to the caption */
            while (end < b && (t[end] == '.' || t[end] == ',' || t[end] == ';' || t[end] == ':'))
                end++;
            seg s = *line;
            s.piece = true;
            s.start = cur;
            s.end = trim_r(t, cur, c);
            if ((rc = push(out, &s)))
                break;
            s.start = c;
            s.end = end;
            s.kind = K_CAPIN;
            if ((rc = push(out, &s)))
                break;
            cur = last_sent = trim_l(t, end, b);
            i = end;
            continue;
        }
        if (t[i] == '[' && bracket_link(t, b, i, &end)) {
            seg s = *line;
            s.piece = true;
            s.start = cur;
            s.end = trim_r(t, cur, i);
            if ((rc = push(out, &s)))
                break;
            s.start = i;
            s.end = end;
            s.kind = K_LINK;
            if ((rc = push(out, &s)))
                break;
            cur = last_sent = trim_l(t, end, b);
            i = end;
            continue;
        }
        if (sentence_end(t, cur, b, i, &next)) {
            last_sent = next;
            i = next;
            continue;
        }
        i++;
    }
    if (rc)
        return rc;
    /* a short unpunctuated tail after the last sentence: the author or the source */
    size_t tail = last_sent > cur ? last_sent : b;
    if (tail < b && b - tail <= 80 && tail - a >= 150 && tail > cur) {
        size_t words = 1;
        for (size_t k = tail; k < b; k++)
            words += t[k] == ' ';
        size_t tl = 0;
        bool term = false;
        for (size_t k = tail; k < b; k++)
            if ((tl = terminal_at(t, k, b)) && k + tl >= b - 1)
                term = true;
        if (words <= 8 && !term) {
            seg s = *line;
            s.piece = true;
            s.start = cur;
            s.end = trim_r(t, cur, tail);
            if ((rc = push(out, &s)))
                return rc;
            s.start = tail;
            s.end = b;
            s.kind = K_TAIL;
            return push(out, &s);
        }
    }
    seg s = *line;
    s.piece = cur != a;
    s.start = cur;
    s.end = b;
    return push(out, &s);
}

/* Only '|', ':', '-' and spaces: a table separator row or an empty cell row. */
static bool rule_row(const char *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (t[i] != '|' && t[i] != '-' && t[i] != ':' && t[i] != ' ')
            return false;
    return true;
}

static int segment(const char *t, size_t n, segs *out)
{
    bool img = false;
    int rc = 0;
    for (size_t a = 0; a < n && !rc;) {
        const char *nl = memchr(t + a, '\n', n - a);
        size_t b = nl ? (size_t)(nl - t) : n, la = a, lb = b;
        a = b + 1;
        la = trim_l(t, la, lb);
        lb = trim_r(t, la, lb);
        if (la == lb)
            continue;
        seg s = {0};
        s.kind = K_LINE;
        /* images: "![alt](src)", possibly inside a row */
        size_t p = la;
        while (p < lb && (t[p] == '|' || t[p] == ' '))
            p++;
        if (p + 1 < lb && t[p] == '!' && t[p + 1] == '[') {
            const char *cl = memchr(t + p, ')', lb - p);
            size_t q = cl ? (size_t)(cl - t) + 1 : lb;
            if (rule_row(t, q, lb)) {
                img = true;
                continue;
            }
            la = q; /* text after the image on the same line */
        }
        if (t[la] == '|') {
            if (rule_row(t, la, lb))
                continue;
            s.kind = K_ROW;
            while (la < lb && (t[la] == '|' || t[la] == ' '))
                la++;
            while (lb > la && (t[lb - 1] == '|' || t[lb - 1] == ' '))
                lb--;
        } else if (t[la] == '#') {
            size_t h = la;
            while (h < lb && t[h] == '#')
                h++;
            if (h - la <= 6 && h < lb && t[h] == ' ') {
                s.kind = K_HEAD;
                la = trim_l(t, h, lb);
            }
        } else if (la + 1 < lb && (t[la] == '-' || t[la] == '*' || t[la] == '+') &&
                   t[la + 1] == ' ') {
            s.kind = K_ITEM;
            la = trim_l(t, la + 2, lb);
        } else if (lb - la > 4 && (unsigned char)t[la] == 0xE2 && (unsigned char)t[la + 1] == 0x80 &&
                   (unsigned char)t[la + 2] == 0xA2 && t[la + 3] == ' ') {
            s.kind = K_ITEM; /* • */
            la = trim_l(t, la + 4, lb);
        }
        if (la >= lb)
            continue;
        s.start = la;
        s.end = lb;
        s.after_img = img;
        img = false;
        if (s.kind == K_LINE)
            rc = split_line(t, &s, out);
        else
            rc = push(out, &s);
    }
    return rc;
}

/* ---- features ---- */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* "hh:mm" somewhere in s. */
static bool has_time(const char *s, size_t n)
{
    for (size_t i = 1; i + 2 < n; i++)
        if (s[i] == ':' && is_digit(s[i - 1]) && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
            (i + 3 >= n || !is_digit(s[i + 3])))
            return true;
    return false;
}

/* Ends with a parenthesised date or date and time: "(10/07/2025, 18:24)", "(3/11)". */
static bool ends_with_stamp(const char *s, size_t n)
{
    if (n < 5 || s[n - 1] != ')')
        return false;
    size_t o = n - 1;
    while (o > 0 && n - o < 40 && s[o] != '(')
        o--;
    if (s[o] != '(')
        return false;
    ht_pg_date d;
    return ht_pg_find_date(s + o, n - o, &d) && d.start <= 2;
}

static void features(const char *t, seg *s)
{
    const char *p = t + s->start;
    size_t n = s->end - s->start;
    s->cps = (uint32_t)ht_pg_cps(p, n);
    size_t pos = 0;
    ht_token tk;
    uint32_t words = 0, caps = 0, odd = 0;
    while (ht_text_next_token(p, n, &pos, &tk)) {
        if (tk.kind == HT_TOK_PUNCT)
            continue;
        words++;
        if (tk.kind == HT_TOK_WORD && ht_pg_is_upper_at(p + tk.start, n - tk.start))
            caps++;
        else if (tk.kind == HT_TOK_NUM)
            odd++;
        if (words > 64 && s->cps > 600)
            break; /* long prose: the counts only matter for short lines */
    }
    s->words = words;
    s->caps = caps;
    /* terminal punctuation at the end, behind closers */
    size_t e = n, cl;
    while (e > 0) {
        size_t k = e - 1;
        while (k > 0 && ((unsigned char)p[k] & 0xC0) == 0x80)
            k--;
        if (!is_closer(p, k, n, &cl))
            break;
        e = k;
    }
    if (e > 0) {
        size_t k = e - 1;
        while (k > 0 && ((unsigned char)p[k] & 0xC0) == 0x80)
            k--;
        s->term = terminal_at(p, k, n) || p[k] == ':';
    }
    uint32_t sents = s->term;
    for (size_t i = 0, nx; i + 1 < n && sents < 8; i++)
        if (sentence_end(p, 0, n, i, &nx))
            sents++, i = nx - 1;
    s->sents = sents;
    s->stamp = ends_with_stamp(p, n) || (has_time(p, n) && s->cps < 240 && odd >= 2);
    /* the start: a dateline, a source line */
    ht_pg_date d;
    size_t head = n < 48 ? n : 48;
    if (ht_pg_find_date(p, head, &d) && d.m) {
        ht_buf f = {0};
        if (d.start == 0)
            s->dateline = true;
        else if (ht_text_fold(p, d.start, &f) == 0)
            s->dateline = f.n == 0 || (ht_pg_cue_kind(f.p, f.n) & HT_PG_CUE_DATELINE);
        ht_buf_free(&f);
    }
    /* the lexicons matter for lines that may be captions, bylines or headers */
    bool may_caption = s->kind == K_ROW || s->kind == K_CAPIN || s->after_img || !s->term;
    if (s->cps <= 300 && s->kind != K_LINK && (may_caption || s->cps <= 80)) {
        ht_buf f = {0};
        if (ht_text_fold(p, n, &f) == 0 && f.n) {
            if (may_caption)
                s->cue = ht_pg_cue_scan(f.p, f.n, HT_PG_CUE_CAPTION);
            const char *sp = memchr(f.p, ' ', f.n);
            size_t w1 = sp ? (size_t)(sp - f.p) : f.n;
            s->source = ht_pg_cue_kind(f.p, w1) & HT_PG_CUE_SOURCE;
        }
        ht_buf_free(&f);
        if (s->cps <= 60)
            s->sec = ht_pg_section_kind(p, n);
    }
    /* a name or an agency: few words, all capitalised (or "PV/VOV.VN") */
    s->name_like = !s->stamp && ht_pg_name_like(p, n);
    for (size_t i = 0; i < n && s->credit == false; i++) {
        size_t end;
        if (p[i] == '(' && credit_paren(p, n, i, &end))
            s->credit = true;
    }
    s->body_like = (s->term && (s->cps >= 80 || s->sents >= 2)) || s->cps >= 300;
    bool q_end = e > 0 && (p[e - 1] == '?' || p[e - 1] == '!');
    s->head_like = !s->body_like && s->words >= 1 && s->cps <= 220 && s->sents <= 1 &&
                   (!s->term || q_end || s->stamp);
}

/* ---- classification ---- */

static void set(seg *s, ht_block_class c, const char *why)
{
    s->cls = c;
    s->why = why;
}

static bool is_list_kind(const seg *s) { return s->kind == K_LINE || s->kind == K_ITEM || s->kind == K_LINK || s->kind == K_HEAD; }

static void classify(segs *S, bool has_title)
{
    seg *v = S->v;
    size_t n = S->n;
    for (size_t i = 0; i < n; i++)
        v[i].cls = 0;

    /* 1. boilerplate: section headers and what follows them */
    for (size_t i = 0; i < n; i++) {
        if (v[i].sec == HT_PG_SEC_NONE || v[i].piece)
            continue;
        set(&v[i], HT_BLK_BOILERPLATE, "section header");
        bool end = v[i].sec == HT_PG_SEC_END;
        size_t j = i + 1;
        for (; j < n; j++) {
            if (v[j].sec != HT_PG_SEC_NONE && !v[j].piece) {
                set(&v[j], HT_BLK_BOILERPLATE, "section header");
                end = end || v[j].sec == HT_PG_SEC_END;
                continue;
            }
            if (!end && v[j].body_like && !v[j].stamp)
                break;
            set(&v[j], HT_BLK_BOILERPLATE, end ? "after end-matter header" : "list after section header");
        }
        i = j - 1;
    }
    /* timestamped headlines */
    for (size_t i = 0; i < n; i++)
        if (!v[i].cls && v[i].stamp && is_list_kind(&v[i]) && v[i].cps <= 300 &&
            ((i > 0 && v[i - 1].stamp) || (i + 1 < n && v[i + 1].stamp)))
            set(&v[i], HT_BLK_BOILERPLATE, "timestamped headline list");
    for (size_t i = 0; i < n; i++)
        if (!v[i].cls && v[i].kind == K_LINK)
            set(&v[i], HT_BLK_BOILERPLATE, "bracketed related link");

    /* the first and last prose paragraphs bound the article */
    size_t first_body = n, last_body = n;
    for (size_t i = 0; i < n; i++)
        if (!v[i].cls && v[i].body_like && v[i].kind != K_ROW && v[i].kind != K_CAPIN &&
            !v[i].after_img) {
            if (first_body == n)
                first_body = i;
            last_body = i;
        }
    /* a run of headline-like lines after the last paragraph: a list; its first line
     * may be the byline */
    if (last_body < n) {
        size_t j = last_body + 1;
        if (j < n && !v[j].cls && (v[j].name_like || v[j].kind == K_TAIL))
            j++;
        size_t run = 0, items = 0, cues = 0, stamps = 0;
        for (size_t k = j; k < n && !v[k].cls && v[k].head_like && is_list_kind(&v[k]); k++) {
            run++;
            items += !v[k].name_like;
            cues += v[k].cue != 0;
            stamps += v[k].stamp || v[k].kind == K_ITEM;
        }
        /* names in it are signatures; three headlines at least make a list of other
         * stories, unless they read as photo descriptions */
        bool list = (items >= 3 && cues == 0) || (items >= 2 && stamps >= 2);
        for (size_t k = j; list && k < j + run; k++) {
            if (v[k].name_like)
                set(&v[k], HT_BLK_BYLINE, "name after the last paragraph");
            else
                set(&v[k], HT_BLK_BOILERPLATE, "headline list after the article");
        }
    }

    /* 2. the title */
    size_t t0 = 0;
    if (!has_title && n && !v[0].cls && (v[0].kind == K_LINE || v[0].kind == K_HEAD) &&
        !v[0].dateline && v[0].cps >= 8 && v[0].cps <= 250 && v[0].words >= 2 &&
        (v[0].head_like || (v[0].kind == K_HEAD && !v[0].body_like)) && !v[0].piece) {
        set(&v[0], HT_BLK_TITLE, "first line, headline-like");
        t0 = 1;
        if (first_body == 0)
            first_body = n;
    }
    /* lines before the first paragraph that read like a menu */
    if (first_body < n) {
        size_t run = 0;
        for (size_t k = t0; k < first_body && !v[k].cls && v[k].head_like && is_list_kind(&v[k]) &&
                            !v[k].after_img && !v[k].credit && v[k].cps <= 60;
             k++)
            run++;
        if (run >= 3)
            for (size_t k = t0; k < t0 + run; k++)
                set(&v[k], HT_BLK_BOILERPLATE, "menu before the article");
    }

    /* 3. captions */
    for (size_t i = 0; i < n; i++) {
        seg *s = &v[i];
        if (s->cls)
            continue;
        const char *why = NULL;
        if (s->kind == K_ROW)
            why = "table row";
        else if (s->kind == K_CAPIN)
            why = "inline photo credit";
        else if (s->after_img)
            why = "after an image";
        else if (s->credit && s->cps <= 400)
            why = "photo credit";
        else if ((s->kind == K_LINE || s->kind == K_HEAD) && !s->piece && !s->term &&
                 !s->body_like && s->cps <= 200 && s->words >= 3 && i > 0 && i + 1 < n &&
                 i > first_body && i <= last_body && (s->cue || s->words >= 12) &&
                 !v[i + 1].cls)
            why = "short unpunctuated line between paragraphs";
        if (!why)
            continue;
        /* this article's photo or another story's */
        int other = 0;
        if (s->dateline)
            other += 2;
        if (i < first_body || first_body == n)
            other += 1;
        if (s->sents >= 2)
            other += 1;
        if (s->cps > 250)
            other += 1;
        if (s->credit || s->kind == K_CAPIN)
            other -= 2;
        if (s->after_img)
            other -= 1;
        if (s->cue && !s->dateline)
            other -= 1;
        if (other >= 2)
            set(s, HT_BLK_CAPTION_OTHER,
                s->dateline ? "caption with its own dateline" : "caption of another story");
        else
            set(s, HT_BLK_CAPTION, why);
    }

    /* 4. bylines: right after the last paragraph */
    for (size_t i = 0; i < n; i++) {
        seg *s = &v[i];
        if (s->cls)
            continue;
        if (s->kind == K_TAIL && (s->name_like || s->source))
            set(s, HT_BLK_BYLINE, "short tail after the last sentence");
        else if (last_body < n && i > last_body && (s->name_like || (s->source && s->cps <= 80)) &&
                 s->kind != K_ROW)
            set(s, HT_BLK_BYLINE, "name after the last paragraph");
    }

    /* 5, 6. lead and body */
    bool lead_done = false;
    for (size_t i = 0; i < n; i++) {
        seg *s = &v[i];
        if (s->cls)
            continue;
        if (!lead_done && i >= t0 && s->kind == K_LINE && !s->piece && s->body_like &&
            s->cps <= 700 && (has_title || t0 == 1 || i == 0) && n > 1 &&
            (i + 1 < n && v[i + 1].start > s->end)) {
            set(s, HT_BLK_LEAD, "first paragraph");
            lead_done = true;
            continue;
        }
        if (s->body_like)
            lead_done = true;
        set(s, HT_BLK_BODY, s->body_like ? "paragraph" : s->kind == K_ITEM ? "list item"
                                                       : s->head_like ? "short line" : "line");
    }
}

/* The published date: a date line before the article, or a dateline with a year at the
 * start of its first paragraph. */
static void find_published(ht_doc *doc, const segs *S)
{
    if (doc->published)
        return;
    for (size_t i = 0; i < S->n; i++) {
        const seg *s = &S->v[i];
        if (s->cls == HT_BLK_BOILERPLATE || s->cls == HT_BLK_CAPTION_OTHER ||
            s->cls == HT_BLK_CAPTION || s->cls == HT_BLK_BYLINE)
            continue;
        const char *p = doc->text + s->start;
        size_t len = s->end - s->start;
        ht_pg_date d;
        bool body = s->cls == HT_BLK_BODY || s->cls == HT_BLK_LEAD;
        if (body && s->body_like) {
            if (s->dateline && ht_pg_find_date(p, len < 80 ? len : 80, &d) && d.y)
                doc->published = ht_pg_date_str(&doc->arena, &d);
            return; /* only the first paragraph's dateline counts */
        }
        if (!body || s->cps > 80)
            continue;
        if (ht_pg_find_date(p, len, &d) && d.y && d.m && d.d && d.start < 24)
            doc->published = ht_pg_date_str(&doc->arena, &d);
        if (doc->published)
            return;
    }
}

/* Hard-wrapped text: a line that stops without punctuation and a next line that goes
 * on in lower case are one paragraph. The line break becomes a space (same length, so
 * the offsets map is unchanged). */
static size_t join_wrapped(char *t, size_t n)
{
    size_t line = 0, joins = 0;
    for (size_t p = 0; p < n; p++) {
        if (t[p] != '\n')
            continue;
        size_t next = p + 1;
        if (p > line && next < n && ht_pg_is_lower_at(t + next, n - next) &&
            !strchr("|#-*!", t[line])) {
            size_t k = p - 1, cl;
            while (k > line && ((unsigned char)t[k] & 0xC0) == 0x80)
                k--;
            while (k > line && is_closer(t, k, n, &cl)) {
                k--;
                while (k > line && ((unsigned char)t[k] & 0xC0) == 0x80)
                    k--;
            }
            if (!terminal_at(t, k, n) && t[k] != ':' && t[k] != '|') {
                t[p] = ' ';
                joins++;
            }
        }
        if (t[p] == '\n')
            line = next;
    }
    return joins;
}

int ht_pg_text_blocks(ht_doc *doc, bool markdown, bool has_title)
{
    (void)markdown;
    segs S = {0};
    if (join_wrapped(doc->text, doc->text_n))
        doc->text_is_orig = false;
    int rc = segment(doc->text, doc->text_n, &S);
    if (rc) {
        free(S.v);
        return rc;
    }
    for (size_t i = 0; i < S.n; i++)
        features(doc->text, &S.v[i]);
    classify(&S, has_title);
    find_published(doc, &S);
    ht_pg_blocks B = {0};
    for (size_t i = 0; i < S.n && !rc; i++) {
        const seg *s = &S.v[i];
        ht_block b = {s->cls, s->start, s->end, ht_offmap_orig(&doc->map, s->start, false),
                      ht_offmap_orig(&doc->map, s->end, true), s->why};
        rc = ht_pg_blocks_push(&B, &b);
        if (!rc && s->cls == HT_BLK_TITLE && !doc->title)
            doc->title = ht_arena_strndup(&doc->arena, doc->text + s->start, s->end - s->start);
    }
    free(S.v);
    if (rc) {
        free(B.v);
        return rc;
    }
    return ht_pg_blocks_finish(&B, doc);
}
