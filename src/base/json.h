/* A small streaming JSON writer: the caller writes keys in a fixed order, this file
 * gets the escaping and the commas right. Parsing is jansson's job. */
#ifndef HT_JSON_H
#define HT_JSON_H

#include "base.h"

#include <stdbool.h>

typedef struct {
    ht_buf *b;
    int depth;
    bool first[64]; /* per depth: no element written yet */
    bool after_key;
    int err;
} ht_json;

void ht_json_init(ht_json *j, ht_buf *b);
void ht_json_obj(ht_json *j);             /* { */
void ht_json_obj_end(ht_json *j);         /* } */
void ht_json_arr(ht_json *j);             /* [ */
void ht_json_arr_end(ht_json *j);         /* ] */
void ht_json_key(ht_json *j, const char *k);
void ht_json_str(ht_json *j, const char *s, size_t n); /* NULL s writes null */
void ht_json_cstr(ht_json *j, const char *s);           /* NULL writes null */
void ht_json_int(ht_json *j, long long v);
void ht_json_num(ht_json *j, double v); /* up to 3 decimals, shortest form */
void ht_json_bool(ht_json *j, bool v);
void ht_json_null(ht_json *j);
/* Writes raw, already valid JSON as one value. */
void ht_json_raw(ht_json *j, const char *s, size_t n);
/* Appends s[0..n) to b as the inside of a JSON string (no quotes). Invalid UTF-8
 * bytes become U+FFFD. */
int ht_json_escape(ht_buf *b, const char *s, size_t n);

#endif
