/* Dates as news pages write them: "3/11/2022", "03-11-2022", "2022-11-03", "ngày 3
 * tháng 11 năm 2022", "3/11" (no year), "11/2022"; and machine dates of metadata
 * ("2022-11-03T10:05:00+07:00"). Used for the published date of a document. */
#include "page_int.h"

#include <stdio.h>
#include <string.h>

static bool digit(char c) { return c >= '0' && c <= '9'; }

/* Reads 1..max digits at s[*i]; returns the value or -1. */
static int num(const char *s, size_t n, size_t *i, int max)
{
    int v = 0, k = 0;
    while (*i < n && digit(s[*i]) && k < max) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    if (k == 0 || (*i < n && digit(s[*i])))
        return -1;
    return v;
}

static bool valid(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y && (y < 1800 || y > 2200))
        return false;
    if (m < 1 || m > 12)
        return false;
    if (d && (d < 1 || d > mdays[m - 1]))
        return false;
    if (y && m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return false;
    return true;
}

bool ht_pg_parse_iso_date(const char *s, size_t n, ht_pg_date *d)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    size_t st = i;
    int y = num(s, n, &i, 4);
    if (y < 0 || i - st != 4) {
        /* 20221103 */
        i = st;
        if (n - st >= 8) {
            int v = 0;
            size_t k = 0;
            for (; k < 8 && digit(s[st + k]); k++)
                v = v * 10 + (s[st + k] - '0');
            if (k == 8 && (st + 8 == n || !digit(s[st + 8]))) {
                int yy = v / 10000, mm = v / 100 % 100, dd = v % 100;
                if (valid(yy, mm, dd)) {
                    *d = (ht_pg_date){yy, mm, dd, st, st + 8};
                    return true;
                }
            }
        }
        return false;
    }
    int m = 0, day = 0;
    if (i < n && (s[i] == '-' || s[i] == '/')) {
        char sep = s[i++];
        m = num(s, n, &i, 2);
        if (m < 0)
            return false;
        if (i < n && s[i] == sep) {
            i++;
            day = num(s, n, &i, 2);
            if (day < 0)
                return false;
        }
    }
    if (m == 0) {
        if (y < 1800 || y > 2200 || (i < n && (s[i] == ':' || s[i] == '.')))
            return false;
        *d = (ht_pg_date){y, 0, 0, st, i};
        return true;
    }
    if (!valid(y, m, day))
        return false;
    *d = (ht_pg_date){y, m, day, st, i};
    return true;
}

char *ht_pg_date_str(ht_arena *a, const ht_pg_date *d)
{
    char buf[16];
    if (!d->y)
        return NULL;
    if (d->m && d->d)
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->y, d->m, d->d);
    else if (d->m)
        snprintf(buf, sizeof buf, "%04d-%02d", d->y, d->m);
    else
        snprintf(buf, sizeof buf, "%04d", d->y);
    return ht_arena_strndup(a, buf, strlen(buf));
}

/* "tháng" and "năm" in NFC, the words of "ngày 3 tháng 11 năm 2022". */
static const char THANG[] = "th\xc3\xa1ng", NAM[] = "n\xc4\x83m";

static bool word_at(const char *s, size_t n, size_t i, const char *w, size_t *after)
{
    size_t k = strlen(w);
    if (i + k > n)
        return false;
    if (strncmp(s + i, w, k) != 0 && !(s[i] == 'T' && strncmp(s + i + 1, w + 1, k - 1) == 0) &&
        !(s[i] == 'N' && strncmp(s + i + 1, w + 1, k - 1) == 0))
        return false;
    *after = i + k;
    return true;
}

static size_t skip_sp(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] == ' ')
        i++;
    return i;
}

bool ht_pg_find_date(const char *s, size_t n, ht_pg_date *out)
{
    for (size_t i = 0; i < n; i++) {
        if (!digit(s[i]) || (i > 0 && (digit(s[i - 1]) || s[i - 1] == '/' || s[i - 1] == '.' ||
                                       s[i - 1] == '-' || s[i - 1] == ',')))
            continue;
        size_t j = i;
        int a = num(s, n, &j, 4);
        if (a < 0)
            continue;
        size_t alen = j - i;
        /* ISO: 2022-11-03 */
        if (alen == 4 && j < n && s[j] == '-') {
            ht_pg_date d;
            if (ht_pg_parse_iso_date(s + i, n - i, &d) && d.m && d.d) {
                d.start += i;
                d.end += i;
                *out = d;
                return true;
            }
            continue;
        }
        /* 3 tháng 11 năm 2022 */
        size_t k = skip_sp(s, n, j), after;
        if (alen <= 2 && word_at(s, n, k, THANG, &after)) {
            size_t p = skip_sp(s, n, after);
            int m = num(s, n, &p, 2);
            if (m > 0) {
                int y = 0;
                size_t end = p, q = skip_sp(s, n, p);
                if (word_at(s, n, q, NAM, &after)) {
                    size_t r = skip_sp(s, n, after), r0 = r;
                    int yy = num(s, n, &r, 4);
                    if (yy > 0 && r - r0 == 4) {
                        y = yy;
                        end = r;
                    }
                }
                if (valid(y, m, a)) {
                    *out = (ht_pg_date){y, m, a, i, end};
                    return true;
                }
            }
            continue;
        }
        if (alen > 2 || j >= n || (s[j] != '/' && s[j] != '-' && s[j] != '.'))
            continue;
        char sep = s[j];
        size_t p = j + 1, p0 = p;
        int b = num(s, n, &p, 4);
        if (b < 0)
            continue;
        size_t blen = p - p0;
        if (blen == 4) { /* 11/2022 */
            if (sep == '/' && valid(b, a, 0)) {
                *out = (ht_pg_date){b, a, 0, i, p};
                return true;
            }
            continue;
        }
        if (blen > 2)
            continue;
        int y = 0;
        size_t end = p;
        if (p + 1 < n && s[p] == sep && digit(s[p + 1])) {
            size_t q = p + 1, q0 = q;
            int c = num(s, n, &q, 4);
            if (c < 0 || (q - q0 != 4 && q - q0 != 2))
                continue;
            y = q - q0 == 2 ? 2000 + c : c;
            end = q;
        } else if (sep != '/' || (p < n && (digit(s[p]) || s[p] == '/')))
            continue; /* "3.5" is a number, not a date */
        if (valid(y, b, a)) {
            *out = (ht_pg_date){y, b, a, i, end};
            return true;
        }
    }
    return false;
}
