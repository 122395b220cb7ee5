/* hoptac party: the parties of the registry (countries, provinces, districts,
 * organisations), with their succession. */
#include "records.h"

const char ht_cmd_party_usage[] =
    "usage: hoptac party list [--status S | --all] [--json] [--db PATH]\n"
    "       hoptac party show PARTY [--json] [--db PATH]\n"
    "       hoptac party add name=NAME kind=KIND [FIELD=VALUE...] [--json] [--db PATH]\n"
    "       hoptac party edit PARTY FIELD=VALUE... [--json] [--db PATH]\n"
    "       hoptac party merge PARTY OTHER [--db PATH]\n"
    "       hoptac party delete PARTY [--db PATH]\n"
    "\n"
    "PARTY is an id (VN-DLK, org-...), a unique prefix of one, or a name in any\n"
    "spelling (\"Kon Tum\", \"kontum\", \"Xe Kong\"); a province of the gazetteer\n"
    "is found even before any article mentions it.\n"
    "\n"
    "list    proposed and confirmed parties (--status S: only those; --all: every one)\n"
    "show    the party, its sources (the evidence from the articles), its succession\n"
    "        (\"Kon Tum merged into Quảng Ngãi on 2025-07-01\"), and the agreements,\n"
    "        activities and people of it, of the parties it succeeded and of its member\n"
    "        organisations, then its history\n"
    "add     a party entered by hand (confirmed); its id is derived from its name\n"
    "edit    changes fields; a proposed party becomes confirmed, and no later ingest\n"
    "        changes what a person set\n"
    "merge   OTHER into PARTY: names, sources and references move to PARTY; OTHER\n"
    "        stays as a deleted record pointing at it\n"
    "delete  marks the party deleted (kept in history and exports)\n"
    "\n"
    "Fields: name, kind (country, province, district, commune, organisation),\n"
    "country (VN, LA...), parent, aliases, name_en, name_local, valid_from,\n"
    "valid_to, successor. FIELD=VALUE sets (an empty value clears), FIELD+=VALUE and\n"
    "FIELD-=VALUE add to or remove from a list: aliases+=Sekong.\n"
    "\n"
    "  --json      print JSON (SPEC 1c records) instead of text\n"
    "  --db PATH   the database file (default: $HOPTAC_DB, else ./hoptac.db)\n";

int ht_cmd_party(int argc, char **argv) { return ht_cli_records(HT_REC_PARTY, argc, argv); }
