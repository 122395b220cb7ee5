/* Which task of an agreement an activity carries out, judged by wording and fields, for
 * the implementation report's links "by similarity" (the extractor's and the user's own
 * links come first; these fill the rest).
 *
 * Content words are the syllables of the normalised text, in lower case with their
 * accents (folding would make "năm" and "Nam" one word), that are not in
 * data/report_stopwords.tsv, plus each pair of content syllables that follow each other
 * with no number or punctuation between, so that "giáo dục" also counts as one word. The similarity of a
 * task and an activity is 0.7 x the Dice coefficient of their content words + 0.3 x the
 * Jaccard index of their fields (codes of SPEC 1a); without fields on either side it is
 * the Dice coefficient alone. */
#ifndef HT_REPORT_MATCH_H
#define HT_REPORT_MATCH_H

#include <stddef.h>

#define HT_REPORT_MATCH_MIN 0.25 /* below this a task is not linked */

typedef struct {
    const char *text;           /* a task, or an activity's title and summary */
    const char *const *fields;  /* field codes, may be NULL */
    size_t nfields;
} ht_report_match_text;

/* 0 .. 1; texts must be valid UTF-8 (NULL counts as empty). */
double ht_report_similarity(const ht_report_match_text *a, const ht_report_match_text *b);

/* The 1-based number of the task most similar to the activity when its similarity
 * reaches min (ties: the first task), else 0; *score (may be NULL) gets the best
 * similarity. */
int ht_report_best_task(const ht_report_match_text *tasks, size_t ntasks,
                        const ht_report_match_text *activity, double min, double *score);

#endif
