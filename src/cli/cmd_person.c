/* hoptac person: the people of the registry, under every spelling of their names. */
#include "records.h"

const char ht_cmd_person_usage[] =
    "usage: hoptac person list [--status S | --all] [--json] [--db PATH]\n"
    "       hoptac person show PERSON [--json] [--db PATH]\n"
    "       hoptac person add name=NAME [FIELD=VALUE...] [--json] [--db PATH]\n"
    "       hoptac person edit PERSON FIELD=VALUE... [--json] [--db PATH]\n"
    "       hoptac person merge PERSON OTHER [--db PATH]\n"
    "       hoptac person delete PERSON [--db PATH]\n"
    "\n"
    "PERSON is an id (per-...), a unique prefix of one, or a name in any of the\n"
    "spellings the registry knows (accents optional).\n"
    "\n"
    "list    proposed and confirmed people (--status S: only those; --all: every one)\n"
    "show    the person with the titles held in each source and the evidence\n"
    "add     a person entered by hand (confirmed)\n"
    "edit    changes fields; a proposed person becomes confirmed\n"
    "merge   OTHER into PERSON: the same person under two records; OTHER's names,\n"
    "        titles and sources move to PERSON, and later articles that name OTHER\n"
    "        go to PERSON\n"
    "delete  marks the person deleted (kept in history and exports)\n"
    "\n"
    "Fields: name, party, aliases (FIELD+=VALUE and FIELD-=VALUE for lists).\n"
    "\n"
    "  --json      print JSON (SPEC 1c records) instead of text\n"
    "  --db PATH   the database file (default: $HOPTAC_DB, else ./hoptac.db)\n";

int ht_cmd_person(int argc, char **argv) { return ht_cli_records(HT_REC_PERSON, argc, argv); }
