/* Search: the options of a search (query and filters), their checking, the results and
 * their JSON (SPEC §1c) and terminal forms. The CLI and the HTTP API both fill an
 * ht_search_opts and call ht_search_run; query.h parses the query, snippet.h cuts the
 * snippets.
 *
 * Ranking contract for ht_search_run: rows matching the query's boost expression (the
 * accents the user typed) come first, then BM25 with field weights; `exact` in a result
 * says it matched the boost expression (always true in exact mode). */
#ifndef HT_SEARCH_H
#define HT_SEARCH_H

#include "base/json.h"
#include "search/query.h"
#include "search/snippet.h"

#define HT_SEARCH_LIMIT 20      /* default --limit */
#define HT_SEARCH_MAX_LIMIT 1000

/* Record types, for --kind (several may be given). */
enum {
    HT_SEARCH_DOCUMENT = 1 << 0,
    HT_SEARCH_AGREEMENT = 1 << 1,
    HT_SEARCH_ACTIVITY = 1 << 2,
    HT_SEARCH_PARTY = 1 << 3,
    HT_SEARCH_PERSON = 1 << 4,
};

/* As given by the user (NULL or 0: not given). */
typedef struct {
    const char *query;
    bool exact;
    const char *const *kinds; /* "document", "agreement", "activity", "party", "person" */
    size_t nkinds;
    const char *party;   /* a party id ("VN-DLK", "local:3") or name, resolved by the store */
    const char *country; /* ISO 3166-1 alpha-2, any case */
    const char *field;   /* a field code of SPEC §1a ("agriculture") */
    const char *from, *to; /* YYYY, YYYY-MM or YYYY-MM-DD */
    const char *status;  /* agreement status: in_force, expiring, expired, renewed,
                            superseded, unknown */
    const char *review;  /* proposed, confirmed, rejected, deleted */
    long limit, offset;
    bool no_snippets;    /* leave the snippets out (lists that show titles only) */
    bool typing;         /* the query is being typed: its last word, when nothing follows
                            it, also matches as a prefix (ht_query_opts.prefix_last) */
} ht_search_opts;

/* The options checked and put in canonical form. */
typedef struct {
    unsigned kinds;        /* HT_SEARCH_* bits; all of them when none was given */
    char country[3];       /* upper case, "" for any */
    char from[11], to[11]; /* YYYY-MM-DD (from: first day, to: last day), "" when open */
    long limit, offset;
} ht_search_filters;

/* Checks o and fills f; a bad value is HT_EINVAL with a message naming the option
 * ("--from: '2018-13' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"). The query itself is
 * checked by ht_query_parse. */
int ht_search_opts_check(const ht_search_opts *o, ht_search_filters *f, ht_error *e);

/* "2018" -> 2018-01-01 (or 2018-12-31 when is_end), "2018-02" -> 2018-02-01 (2018-02-28),
 * "2018-02-03" as is; out has room for 11 bytes. */
int ht_search_date(const char *s, bool is_end, char out[11], ht_error *e);

typedef struct {
    const char *type; /* document, agreement, activity, party, person */
    const char *id;
    const char *title;  /* may be NULL */
    double score;
    bool exact;         /* matched the accents as typed */
    const char *date;   /* YYYY[-MM[-DD]] or NULL */
    const char *source; /* the document's origin, or NULL */
    ht_snippet snippet; /* owned; empty (text NULL) when there is none */
} ht_search_hit;

typedef struct {
    const char *query;
    long total, offset, limit;
    ht_search_hit *v;
    size_t n, cap;
    ht_arena arena; /* the strings of the hits */
} ht_search_results;

/* Adds a zeroed hit (NULL on out of memory); ht_search_str copies a string into the
 * results' arena (NULL stays NULL). */
ht_search_hit *ht_search_add(ht_search_results *r);
const char *ht_search_str(ht_search_results *r, const char *s, size_t n);
void ht_search_results_free(ht_search_results *r);

/* {"query","total","offset","limit","results":[{"type","id","title","score","exact",
 * "date","source","snippet"}]} */
void ht_search_json(ht_json *j, const ht_search_results *r);
/* A numbered list for the terminal: type, title, date and id, then the snippet (marks in
 * colour when colour), then the source; a last line says how many there are. */
int ht_search_text(const ht_search_results *r, bool colour, ht_buf *out);

/* Runs a search against the registry db (a connection of the store, which registered
 * the "hoptac" tokenizer): parses o->query (aliases from the gazetteer and from the
 * registry's names of parties and people), applies the filters, ranks, pages and cuts
 * the snippets. Errors: HT_EINVAL for a bad option, HT_EFORMAT/HT_ELIMIT/HT_EUTF8 for a
 * malformed query (the parser's message), HT_ENOTFOUND for an unknown --party.
 *
 * Filters: --party keeps what is linked to the party or to a party under it or merged
 * into it (documents mentioning it, records naming it); --country the same for the
 * parties of a country; --field agreements, activities and documents reporting them;
 * --from/--to documents by published date (else by the dates of the records they
 * report), agreements by signing date or term, activities by date; --status agreements
 * by their status as their dates give it (in_force, expiring within 6 months,
 * expired, unknown; renewed and superseded are worked out by the reports and match
 * nothing here); --review records by review state (default: proposed and confirmed).
 * A filter that does not apply to a kind of record leaves that kind out. */
struct sqlite3;
int ht_search_run(struct sqlite3 *db, const ht_search_opts *o, ht_search_results *r,
                  ht_error *e);

/* The same, for several searches on one connection (a server's worker): the session
 * keeps the prepared statements from one search to the next. It belongs to one thread
 * and must be closed before the connection. */
typedef struct ht_search_session ht_search_session;
int ht_search_session_open(struct sqlite3 *db, ht_search_session **out, ht_error *e);
int ht_search_session_run(ht_search_session *s, const ht_search_opts *o, ht_search_results *r,
                          ht_error *e);
void ht_search_session_close(ht_search_session *s);

/* Registries of at least this many documents have the documents' matches ranked by two
 * threads, each over half of the documents (a second read-only connection to the same
 * file, opened on first need): the same results, in about half the time on two cores.
 * ht_search_session_split(s, n) sets the bound for a session (n < 0: never). */
#define HT_SEARCH_SPLIT_MIN 32768
void ht_search_session_split(ht_search_session *s, long min_documents);
/* 2 once the session has ranked documents on two threads, else 1. */
int ht_search_session_threads(const ht_search_session *s);

#endif
