/* hoptac agreement: the agreements of the registry, with their tasks. */
#include "records.h"

const char ht_cmd_agreement_usage[] =
    "usage: hoptac agreement list [--status S | --all] [--json] [--db PATH]\n"
    "       hoptac agreement show AGREEMENT [--json] [--db PATH]\n"
    "       hoptac agreement add kind=KIND parties=A,B [FIELD=VALUE...] [--json] [--db PATH]\n"
    "       hoptac agreement edit AGREEMENT FIELD=VALUE... [--json] [--db PATH]\n"
    "       hoptac agreement merge AGREEMENT OTHER [--db PATH]\n"
    "       hoptac agreement delete AGREEMENT [--db PATH]\n"
    "\n"
    "AGREEMENT is an id (agr-...) or a unique prefix of one.\n"
    "\n"
    "list    proposed and confirmed agreements by signing date\n"
    "show    the agreement, its tasks, the activities that carry it out, and the\n"
    "        evidence of each source\n"
    "add     an agreement entered by hand (confirmed); parties are ids or names\n"
    "edit    changes fields; a proposed agreement becomes confirmed, and no later\n"
    "        ingest changes it\n"
    "merge   OTHER into AGREEMENT (one agreement reported twice)\n"
    "delete  marks the agreement deleted (kept in history and exports)\n"
    "\n"
    "Fields: kind (mou, cooperation_agreement, twinning, minutes, plan, other),\n"
    "title, parties, signed (YYYY-MM-DD), signed_inferred, place, term (2018-2023),\n"
    "fields (education,culture...), tasks_declared, tasks (a JSON array, or\n"
    "tasks+=TEXT to add one).\n"
    "\n"
    "  --json      print JSON (SPEC 1c records) instead of text\n"
    "  --db PATH   the database file (default: $HOPTAC_DB, else ./hoptac.db)\n";

int ht_cmd_agreement(int argc, char **argv) { return ht_cli_records(HT_REC_AGREEMENT, argc, argv); }
