/* The codes reports show (agreement and activity kinds, statuses, calendar items) with
 * their Vietnamese and English labels, and the breadth of agreement kinds used to
 * decide renewals; all from data/report_vocab.tsv. */
#ifndef HT_REPORT_VOCAB_H
#define HT_REPORT_VOCAB_H

/* vocab: "agreement_kind", "activity_kind", "status" or "calendar"; lang "vi" or "en".
 * The label of code, or code itself when the table does not know it. */
const char *ht_report_label(const char *vocab, const char *code, const char *lang);
/* Breadth of an agreement kind (twinning 4 ... minutes 1); 0 for an unknown kind. */
int ht_report_breadth(const char *kind);

#endif
