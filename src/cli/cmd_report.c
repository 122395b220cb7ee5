/* hoptac report: agreements and their status, the implementation of one agreement,
 * anniversaries and deadlines (also as iCalendar), and activities as event rows. */
#include "app/report.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const char ht_cmd_report_usage[] =
    "usage: hoptac report agreements [--as-of DATE] [--expiring N] [--status LIST]\n"
    "                                [--party PARTY] [FORMAT] [--db PATH]\n"
    "       hoptac report implementation AGREEMENT [FORMAT] [--db PATH]\n"
    "       hoptac report anniversaries [--from DATE] [--to DATE] [--every N] [--ics]\n"
    "                                   [FORMAT] [--db PATH]\n"
    "       hoptac report events [--tsv | FORMAT] [--db PATH]\n"
    "\n"
    "agreements      every agreement with its status at a date: in_force, expiring\n"
    "                (its term ends within N months), expired (without renewal),\n"
    "                renewed or superseded (by a later agreement of the same parties,\n"
    "                named in the column 'by'), unknown (no term)\n"
    "  --as-of DATE    the date of the status (default: today)\n"
    "  --expiring N    months ahead that count as expiring (default 6; \"6-months\")\n"
    "  --status LIST   only these statuses, comma-separated (expired,expiring)\n"
    "  --party PARTY   only the agreements of PARTY (as in 'hoptac timeline')\n"
    "\n"
    "implementation  each task of AGREEMENT with the activities that carry it out\n"
    "                (linked by hand, by extraction, or by wording and fields), the\n"
    "                tasks with none, and the declared tasks no source lists.\n"
    "                AGREEMENT is an id, words of its title, parties and date, or a\n"
    "                party that has one agreement.\n"
    "\n"
    "anniversaries   round anniversaries (5, 10, 15 ... years) of the signing of\n"
    "                agreements and the ends of their terms\n"
    "  --from DATE     first day (default: today)\n"
    "  --to DATE       last day (default: 12 months after --from)\n"
    "  --every N       years between anniversaries (default 5)\n"
    "  --ics           an iCalendar file (RFC 5545) for calendar programs\n"
    "  --lang en       iCalendar summaries in English (default Vietnamese)\n"
    "\n"
    "events          activities as event rows in the columns of GDELT 2.0 event files\n"
    "                (CAMEO event and actor codes, PLOVER types), tab-separated as\n"
    "                GDELT's files unless a FORMAT is given; the same as\n"
    "                'hoptac export --events'\n"
    "\n"
    "FORMAT: a terminal table (default), --json, --csv (RFC 4180) or --md.\n"
    "Dates are YYYY-MM-DD, YYYY-MM or YYYY. Today is SOURCE_DATE_EPOCH when set.\n"
    "  --db PATH     the database file (default: $HOPTAC_DB, else ./hoptac.db)\n"
    "\n"
    "Examples: hoptac report agreements --as-of 2024-01-01 --expiring 6\n"
    "          hoptac report implementation \"dak lak se kong 2018\"\n"
    "          hoptac report anniversaries --from 2025-01 --to 2025-12 --ics > lich.ics\n";

/* "6", "6m", "6-months", "6 months": months; -1 when not a count of months. */
static int parse_months(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || v < 0 || v > 1200 || s[0] == '-' || s[0] == '+')
        return -1;
    static const char *const units[] = {"", "m", "-month", "-months", " month", " months",
                                        "month", "months"};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(end, units[i]) == 0)
            return (int)v;
    return -1;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

int ht_cmd_report(int argc, char **argv)
{
    const char *db = NULL, *what = NULL, *arg = NULL;
    const char *as_of = NULL, *status = NULL, *party = NULL, *from = NULL, *to = NULL;
    const char *lang = NULL, *expiring_s = NULL, *every_s = NULL;
    int expiring = 0, every = 0;
    bool ics = false, fmt_given = false;
    ht_report_format f = HT_REPORT_TEXT;
    const struct {
        const char *name;
        const char **dst;
    } vopts[] = {{"--db", &db},         {"--as-of", &as_of}, {"--expiring", &expiring_s},
                 {"--status", &status}, {"--party", &party}, {"--from", &from},
                 {"--to", &to},         {"--every", &every_s}, {"--lang", &lang}};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool taken = false;
        for (size_t k = 0; k < sizeof vopts / sizeof vopts[0] && !taken; k++) {
            size_t n = strlen(vopts[k].name);
            if (strncmp(a, vopts[k].name, n) != 0 || (a[n] && a[n] != '='))
                continue;
            if (a[n] == '=')
                *vopts[k].dst = a + n + 1;
            else if (i + 1 < argc)
                *vopts[k].dst = argv[++i];
            else
                return ht_cli_usage_error("report", "%s needs a value", vopts[k].name);
            taken = true;
        }
        if (taken)
            continue;
        if (strcmp(a, "--json") == 0 || strcmp(a, "--csv") == 0 || strcmp(a, "--md") == 0 ||
            strcmp(a, "--markdown") == 0 || strcmp(a, "--tsv") == 0) {
            f = a[2] == 'j'   ? HT_REPORT_JSON
                : a[2] == 'c' ? HT_REPORT_CSV
                : a[2] == 't' ? HT_REPORT_TSV
                              : HT_REPORT_MD;
            fmt_given = true;
        } else if (strcmp(a, "--ics") == 0)
            ics = true;
        else if (a[0] == '-' && a[1])
            return ht_cli_usage_error("report", "unknown option '%s'", a);
        else if (!what)
            what = a;
        else if (!arg)
            arg = a;
        else
            return ht_cli_usage_error("report", "unexpected argument '%s'", a);
    }
    if (expiring_s && (expiring = parse_months(expiring_s)) < 0)
        return ht_cli_usage_error("report", "--expiring: '%s' is not a number of months",
                                  expiring_s);
    if (every_s && parse_int(every_s, 1, 100, &every))
        return ht_cli_usage_error("report", "--every: '%s' is not a number of years (1 to 100)",
                                  every_s);
    if (lang && strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0)
        return ht_cli_usage_error("report", "--lang: 'vi' or 'en', not '%s'", lang);
    if (!what)
        return ht_cli_usage_error("report", "say which report: agreements, implementation,"
                                            " anniversaries or events");
    enum { AGR, IMPL, ANNIV, EVENTS } k;
    if (strcmp(what, "agreements") == 0)
        k = AGR;
    else if (strcmp(what, "implementation") == 0)
        k = IMPL;
    else if (strcmp(what, "anniversaries") == 0 || strcmp(what, "deadlines") == 0)
        k = ANNIV;
    else if (strcmp(what, "events") == 0)
        k = EVENTS;
    else
        return ht_cli_usage_error("report", "unknown report '%s' (agreements, implementation,"
                                            " anniversaries, events)", what);
    if (k == IMPL && !arg)
        return ht_cli_usage_error("report", "implementation needs an agreement");
    if (k != IMPL && arg)
        return ht_cli_usage_error("report", "%s takes no argument ('%s')", what, arg);
    if ((as_of || expiring_s || status || party) && k != AGR)
        return ht_cli_usage_error("report", "--as-of, --expiring, --status and --party are"
                                            " options of 'report agreements'");
    if ((from || to || every_s || ics || lang) && k != ANNIV)
        return ht_cli_usage_error("report", "--from, --to, --every, --ics and --lang are"
                                            " options of 'report anniversaries'");
    if (ics && fmt_given)
        return ht_cli_usage_error("report", "--ics is a format of its own");
    if (f == HT_REPORT_TSV && k != EVENTS)
        return ht_cli_usage_error("report", "--tsv is a format of 'report events'");
    if (k == EVENTS && !fmt_given)
        f = HT_REPORT_TSV;
    ht_error e = {0};
    unsigned statuses = 0;
    if (status && ht_app_report_statuses(status, &statuses, &e))
        return ht_cli_usage_error("report", "--status: %s", e.msg);
    ht_store *st;
    if (ht_store_open(ht_store_path(db), HT_STORE_READONLY, &st, &e)) {
        fprintf(stderr, "hoptac report: %s\n", e.msg);
        return 1;
    }
    ht_buf out = {0};
    int rc;
    if (k == AGR) {
        ht_app_agreements_opts o = {as_of, expiring, statuses, party};
        rc = ht_app_report_agreements(st, &o, f, &out, &e);
    } else if (k == IMPL)
        rc = ht_app_report_implementation(st, arg, f, &out, &e);
    else if (k == ANNIV) {
        ht_app_anniv_opts o = {from, to, every, ics, lang};
        rc = ht_app_report_anniversaries(st, &o, f, &out, &e);
    } else
        rc = ht_app_events(st, f, &out, NULL, NULL, &e);
    ht_store_close(st);
    if (rc) {
        ht_buf_free(&out);
        fprintf(stderr, "hoptac report %s: %s\n", what, e.msg);
        return 1;
    }
    fwrite(out.p, 1, out.n, stdout);
    ht_buf_free(&out);
    return 0;
}
