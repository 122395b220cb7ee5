/* The codes reports show (agreement and activity kinds, statuses, calendar items) with
 * their Vietnamese and English labels, and the breadth of agreement kinds used to
 * decide renewals; all from data/report_vocab.tsv. */
#ifndef HT_REPORT_VOCAB_H
#define HT_REPORT_VOCAB_H

#include "../base/data.h"

/* vocab: "agreement_kind", "activity_kind", "status" or "calendar"; lang "vi" or "en".
 * The label of code, or code itself when the table does not know it. */
const char *ht_report_label(const char *vocab, const char *code, const char *lang);
/* Breadth of an agreement kind (twinning 4 ... minutes 1); 0 for an unknown kind. */
int ht_report_breadth(const char *kind);

/* Keys of the indexed columns of t equal to key once folded (ht_text_fold): returns
 * how many, *first the first (see ht_data_lookup). ASCII codes ("working_session",
 * "VN") are folded without allocating. */
size_t ht_report_lookup(const ht_data_table *t, const char *key, size_t *first);

#endif
