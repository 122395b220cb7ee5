/* hoptac search: one query over documents, agreements, activities, parties and people. */
#include "app/search.h"
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char ht_cmd_search_usage[] =
    "usage: hoptac search [OPTIONS] QUERY...\n"
    "\n"
    "Searches the documents and the records of the registry (agreements, activities,\n"
    "parties, people) and lists them best first, with a passage of the original text.\n"
    "\n"
    "Query: words (each must be found), \"a phrase\", a prefix*, OR, NOT or -word,\n"
    "and (parentheses). Accents and case do not matter: \"dak lak\" finds Đắk Lắk,\n"
    "\"hoa binh\" finds Hòa Bình and Hoà Bình; what matches the accents as typed comes\n"
    "first (\"đường\" before \"dương\"). Other names of a place or a person count:\n"
    "\"sekong\" finds Sê Kông and Xê Kông.\n"
    "\n"
    "  --exact            match the accents as typed: \"Hòa\" does not find \"Hóa\",\n"
    "                     and \"hoa\" finds neither\n"
    "  --kind KIND        only document, agreement, activity, party or person (repeat\n"
    "                     the option or separate kinds with commas)\n"
    "  --party PARTY      linked to a party (id such as VN-DLK, name or alias), the\n"
    "                     parties under it or merged into it\n"
    "  --country CC       linked to a party of a country (ISO code: VN, LA, KH...)\n"
    "  --field FIELD      agreements and activities of a field (agriculture,\n"
    "                     education...), and the documents reporting them\n"
    "  --from DATE        dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)\n"
    "  --to DATE          dated on or before DATE\n"
    "  --status STATUS    agreements in_force, expiring (within 6 months), expired or\n"
    "                     unknown, as their dates tell\n"
    "  --review STATE     records proposed, confirmed, rejected or deleted (default:\n"
    "                     proposed and confirmed)\n"
    "  --limit N          show N results (default 20, at most 1000)\n"
    "  --offset N         skip the first N results\n"
    "  --json             print one JSON object (query, total, offset, limit, results)\n"
    "  --no-colour        no colour even on a terminal (also: NO_COLOR set)\n"
    "  --db PATH          the database file (default: $HOPTAC_DB, else ./hoptac.db)\n"
    "\n"
    "A filter that does not apply to a kind of record leaves that kind out: with --from\n"
    "or --field, parties and people; with --status, all but agreements; with --review,\n"
    "documents. Exit status 0 (also when nothing is found), 1 for a malformed query or\n"
    "an unknown party, 2 for a usage error.\n";

#define MAX_KINDS 16

static int parse_long(const char *opt, const char *v, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < 0 || n > INT_MAX)
        return ht_cli_usage_error("search", "%s: '%s' is not a whole number", opt, v);
    *out = n;
    return 0;
}

/* Splits "a,b" into kinds; returns 2 on too many. */
static int add_kinds(char *v, const char **kinds, size_t *nkinds)
{
    for (char *save = NULL, *k = strtok_r(v, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
        if (*nkinds == MAX_KINDS)
            return ht_cli_usage_error("search", "--kind: too many kinds");
        kinds[(*nkinds)++] = k;
    }
    return 0;
}

int ht_cmd_search(int argc, char **argv)
{
    ht_search_opts o = {0};
    const char *db = NULL, *kinds[MAX_KINDS];
    size_t nkinds = 0;
    bool json = false, colour = isatty(STDOUT_FILENO) && !getenv("NO_COLOR"), dashdash = false;
    ht_buf query = {0};
    int rc = 0;
    static const struct {
        const char *name;
        size_t off;
    } text_opts[] = {
        {"--party", offsetof(ht_search_opts, party)},   {"--country", offsetof(ht_search_opts, country)},
        {"--field", offsetof(ht_search_opts, field)},   {"--from", offsetof(ht_search_opts, from)},
        {"--to", offsetof(ht_search_opts, to)},         {"--status", offsetof(ht_search_opts, status)},
        {"--review", offsetof(ht_search_opts, review)},
    };
    for (int i = 1; i < argc && !rc; i++) {
        char *a = argv[i];
        /* options are long: "-word" is a query's exclusion */
        if (dashdash || a[0] != '-' || a[1] != '-') {
            if ((query.n && ht_buf_putc(&query, ' ')) || ht_buf_puts(&query, a)) {
                fprintf(stderr, "hoptac search: out of memory\n");
                rc = 1;
            }
            continue;
        }
        if (!strcmp(a, "--")) {
            dashdash = true;
            continue;
        }
        if (!strcmp(a, "--exact")) {
            o.exact = true;
            continue;
        }
        if (!strcmp(a, "--json")) {
            json = true;
            continue;
        }
        if (!strcmp(a, "--no-colour") || !strcmp(a, "--no-color")) {
            colour = false;
            continue;
        }
        /* options with a value: "--opt VALUE" or "--opt=VALUE" */
        char *eq = strchr(a, '='), *v = NULL;
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        if (eq)
            v = eq + 1;
        else if (i + 1 < argc)
            v = argv[i + 1];
        bool known = false;
        static const char *const valued[] = {"--db", "--kind", "--limit", "--offset"};
        for (size_t k = 0; k < sizeof valued / sizeof *valued && !known; k++)
            known = strlen(valued[k]) == nlen && !strncmp(a, valued[k], nlen);
        for (size_t k = 0; k < sizeof text_opts / sizeof *text_opts && !known; k++)
            known = strlen(text_opts[k].name) == nlen && !strncmp(a, text_opts[k].name, nlen);
        if (!known) {
            rc = ht_cli_usage_error("search", "unknown option '%s'", a);
            break;
        }
        if (!v) {
            rc = ht_cli_usage_error("search", "%.*s needs a value", (int)nlen, a);
            break;
        }
        if (!eq)
            i++;
        if (!strncmp(a, "--db", nlen))
            db = v;
        else if (!strncmp(a, "--kind", nlen))
            rc = add_kinds(v, kinds, &nkinds);
        else if (!strncmp(a, "--limit", nlen)) {
            rc = parse_long("--limit", v, &o.limit);
            if (!rc && o.limit == 0)
                rc = ht_cli_usage_error("search", "--limit: 0 is not between 1 and %d",
                                        HT_SEARCH_MAX_LIMIT);
        } else if (!strncmp(a, "--offset", nlen))
            rc = parse_long("--offset", v, &o.offset);
        else
            for (size_t k = 0; k < sizeof text_opts / sizeof *text_opts; k++)
                if (strlen(text_opts[k].name) == nlen && !strncmp(a, text_opts[k].name, nlen))
                    *(const char **)((char *)&o + text_opts[k].off) = v;
    }
    if (!rc && !query.n)
        rc = ht_cli_usage_error("search", "give a query, e.g. hoptac search \"dak lak\"");
    if (rc) {
        ht_buf_free(&query);
        return rc;
    }
    o.query = query.p;
    o.kinds = kinds;
    o.nkinds = nkinds;

    ht_error e = {0};
    ht_search_filters f;
    if (ht_search_opts_check(&o, &f, &e)) {
        ht_buf_free(&query);
        return ht_cli_usage_error("search", "%s", e.msg);
    }
    ht_store *st;
    if (ht_store_open(ht_store_path(db), HT_STORE_READONLY, &st, &e)) {
        fprintf(stderr, "hoptac search: %s\n", e.msg);
        ht_buf_free(&query);
        return 1;
    }
    ht_buf out = {0};
    rc = ht_app_search(st, &o, json, colour, &out, &e);
    ht_store_close(st);
    ht_buf_free(&query);
    if (rc) {
        ht_buf_free(&out);
        fprintf(stderr, "hoptac search: %s\n", e.msg);
        return rc == HT_EINVAL ? 2 : 1;
    }
    fwrite(out.p, 1, out.n, stdout);
    ht_buf_free(&out);
    return 0;
}
