/* hoptac timeline: the activities and agreements of a party, or of a pair of parties,
 * in date order with their sources. */
#include "app/report.h"
#include "cli.h"

#include <string.h>

const char ht_cmd_timeline_usage[] =
    "usage: hoptac timeline PARTY [PARTY2] [--json | --csv | --md] [--db PATH]\n"
    "\n"
    "Every activity and agreement of PARTY (with PARTY2: those of both), in date\n"
    "order, each with its sources. Dates are shown as written: \"2018-06\" for a\n"
    "month, \"2022 (inferred)\" for a year the article did not write.\n"
    "\n"
    "A party stands for its own records, those of the units that merged into it\n"
    "(Quảng Ngãi includes Kon Tum since July 2025) and those of its organisations\n"
    "and districts (the friendship association of Đắk Lắk); the column 'via' says\n"
    "through which of them a row came.\n"
    "\n"
    "PARTY is an id (VN-DLK, org-...), or a name or spelling variant, with or without\n"
    "accents: \"Đắk Lắk\", \"dak lak\", \"Sekong\". A name that fits several parties is\n"
    "an error listing them.\n"
    "\n"
    "  --json        an array of objects (one per row, with \"sources\")\n"
    "  --csv         CSV (RFC 4180) with a header row\n"
    "  --md          a Markdown table\n"
    "  --db PATH     the database file (default: $HOPTAC_DB, else ./hoptac.db)\n"
    "\n"
    "Example: hoptac timeline \"Đắk Lắk\" \"Sê Kông\"\n";

int ht_cmd_timeline(int argc, char **argv)
{
    const char *db = NULL, *p1 = NULL, *p2 = NULL;
    ht_report_format f = HT_REPORT_TEXT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0)
            f = HT_REPORT_JSON;
        else if (strcmp(a, "--csv") == 0)
            f = HT_REPORT_CSV;
        else if (strcmp(a, "--md") == 0 || strcmp(a, "--markdown") == 0)
            f = HT_REPORT_MD;
        else if (strcmp(a, "--db") == 0 && i + 1 < argc)
            db = argv[++i];
        else if (strncmp(a, "--db=", 5) == 0)
            db = a + 5;
        else if (strcmp(a, "--") == 0 && i + 1 < argc) {
            for (i++; i < argc; i++) {
                if (!p1)
                    p1 = argv[i];
                else if (!p2)
                    p2 = argv[i];
                else
                    return ht_cli_usage_error("timeline", "at most two parties, got '%s'", argv[i]);
            }
        } else if (a[0] == '-' && a[1])
            return ht_cli_usage_error("timeline", "unknown option '%s'", a);
        else if (!p1)
            p1 = a;
        else if (!p2)
            p2 = a;
        else
            return ht_cli_usage_error("timeline", "at most two parties, got '%s'", a);
    }
    if (!p1)
        return ht_cli_usage_error("timeline", "name a party");
    ht_error e = {0};
    ht_store *st;
    if (ht_store_open(ht_store_path(db), HT_STORE_READONLY, &st, &e)) {
        fprintf(stderr, "hoptac timeline: %s\n", e.msg);
        return 1;
    }
    ht_buf out = {0};
    int rc = ht_app_timeline(st, p1, p2, f, &out, &e);
    ht_store_close(st);
    if (rc) {
        ht_buf_free(&out);
        fprintf(stderr, "hoptac timeline: %s\n", e.msg);
        return 1;
    }
    fwrite(out.p, 1, out.n, stdout);
    ht_buf_free(&out);
    return 0;
}
