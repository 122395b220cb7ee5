/* The extract layer: from a document's article blocks, the parties, people, dates,
 * agreements, activities and anniversaries it reports, each with its evidence span in
 * the original bytes. It knows nothing of SQLite. */
#ifndef HT_EXTRACT_H
#define HT_EXTRACT_H

#include "../base/json.h"
#include "../page/page.h"

/* Writes the record arrays of SPEC 1b into the open JSON object j, in this order:
 * "parties", "people", "agreements", "activities", "anniversaries". */
int ht_extract_json(const ht_doc *doc, ht_json *j, ht_error *e);

#endif
