/* hoptac activity: the activities of the registry, and the agreements they carry out. */
#include "records.h"

const char ht_cmd_activity_usage[] =
    "usage: hoptac activity list [--status S | --all] [--json] [--db PATH]\n"
    "       hoptac activity show ACTIVITY [--json] [--db PATH]\n"
    "       hoptac activity add kind=KIND [FIELD=VALUE...] [--json] [--db PATH]\n"
    "       hoptac activity edit ACTIVITY FIELD=VALUE... [--json] [--db PATH]\n"
    "       hoptac activity merge ACTIVITY OTHER [--db PATH]\n"
    "       hoptac activity delete ACTIVITY [--db PATH]\n"
    "       hoptac activity link ACTIVITY AGREEMENT [--task N]... [--json] [--db PATH]\n"
    "\n"
    "ACTIVITY is an id (act-...) or a unique prefix of one.\n"
    "\n"
    "list    proposed and confirmed activities by date\n"
    "show    the activity with the evidence of each source\n"
    "add     an activity entered by hand (confirmed)\n"
    "edit    changes fields; a proposed activity becomes confirmed\n"
    "merge   OTHER into ACTIVITY (one event told by two articles)\n"
    "delete  marks the activity deleted (kept in history and exports)\n"
    "link    the activity carries out AGREEMENT, and with --task N its task N\n"
    "        (repeat --task for several; added to those already linked)\n"
    "\n"
    "Fields: kind, kinds, date, date_inferred, place, parties, participants (JSON,\n"
    "or participants+=NAME), commitments, fields, agreement, tasks, summary.\n"
    "Activity kinds: visit, reception, working_session, talks, signing, twinning,\n"
    "exchange, festival, donation, training, scholarship, conference, other.\n"
    "\n"
    "  --json      print JSON (SPEC 1c records) instead of text\n"
    "  --db PATH   the database file (default: $HOPTAC_DB, else ./hoptac.db)\n";

int ht_cmd_activity(int argc, char **argv) { return ht_cli_records(HT_REC_ACTIVITY, argc, argv); }
