/* Fuzz target: the date and period grammar on any valid UTF-8 text. Every date found
 * must lie inside the text's tokens, exist in the calendar, and every period must run
 * forwards. */
#include <stdlib.h>
#include <string.h>

#include "extract/dates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_date(const ht_date *d)
{
    char b[11];
    size_t n = ht_date_format(d, b);
    if (n >= 11)
        abort();
    if (d->prec == HT_DATE_DAY && !ht_date_valid(d->year, d->month, d->day))
        abort();
    if (d->prec == HT_DATE_MONTH && (d->month < 1 || d->month > 12))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t bad;
    if (size > 1 << 16 || ht_utf8_validate(s, size, &bad, NULL) != 0)
        return 0;
    ht_xtext x = {0};
    if (ht_xtext_add(&x, s, size, 0, size, 0) == 0) {
        ht_xdate d[64];
        size_t n = ht_xdates_scan(&x, 0, x.n, d, 64);
        size_t prev = 0;
        for (size_t i = 0; i < n; i++) {
            if (d[i].t0 >= d[i].t1 || d[i].t1 > x.n || d[i].t0 < prev)
                abort();
            prev = d[i].t1;
            check_date(&d[i].a);
            if (d[i].kind == HT_XD_PERIOD) {
                check_date(&d[i].b);
                if (d[i].b.year < d[i].a.year)
                    abort();
            }
        }
    }
    ht_xtext_free(&x);
    return 0;
}
