/* The web UI: HTML pages built from the same JSON the API returns (so a page shows
 * what its endpoint says), every text escaped, dates as written in Vietnam; forms that
 * post back here with a CSRF token. Pages read without JavaScript; app.js adds
 * search-as-you-type. */
#include "app/app.h"
#include "app/report.h"
#include "html.h"
#include "http_int.h"
#include "text/text.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    hs_req *r;
    hs_resp *w;
    ht_buf b;
    const char *title, *nav, *query;
    int status;
} page;

#define P(...) hs_html_printf(&pg->b, __VA_ARGS__)
#define RAW(s) ht_buf_puts(&pg->b, (s))

/* ---- vocabularies: codes and their Vietnamese labels ---- */

static const char *const LABELS[][2] = {
    /* record types */
    {"t:document", "Bài viết"}, {"t:agreement", "Văn bản hợp tác"}, {"t:activity", "Hoạt động"},
    {"t:party", "Đối tác"}, {"t:person", "Nhân vật"},
    /* agreement kinds */
    {"a:mou", "Bản ghi nhớ"}, {"a:cooperation_agreement", "Thỏa thuận hợp tác"},
    {"a:twinning", "Kết nghĩa"}, {"a:minutes", "Biên bản"}, {"a:plan", "Kế hoạch"},
    {"a:other", "Văn bản khác"},
    /* activity kinds */
    {"v:visit", "Chuyến thăm"}, {"v:reception", "Tiếp đón"}, {"v:working_session", "Làm việc"},
    {"v:talks", "Hội đàm"}, {"v:signing", "Ký kết"}, {"v:twinning", "Kết nghĩa"},
    {"v:exchange", "Giao lưu"}, {"v:festival", "Lễ hội"}, {"v:donation", "Trao tặng"},
    {"v:training", "Đào tạo"}, {"v:scholarship", "Học bổng"}, {"v:conference", "Hội nghị"},
    {"v:other", "Hoạt động khác"},
    /* fields */
    {"f:politics", "chính trị"}, {"f:diplomacy", "ngoại giao"}, {"f:economy", "kinh tế"},
    {"f:trade", "thương mại"}, {"f:investment", "đầu tư"}, {"f:agriculture", "nông nghiệp"},
    {"f:education", "giáo dục"}, {"f:health", "y tế"}, {"f:culture", "văn hóa"},
    {"f:tourism", "du lịch"}, {"f:sport", "thể thao"}, {"f:security", "an ninh"},
    {"f:defence", "quốc phòng"}, {"f:transport", "giao thông"}, {"f:energy", "năng lượng"},
    {"f:environment", "môi trường"}, {"f:science", "khoa học"}, {"f:youth", "thanh niên"},
    {"f:labour", "lao động"}, {"f:other", "lĩnh vực khác"},
    /* review states */
    {"r:proposed", "Đề xuất"}, {"r:confirmed", "Đã xác nhận"}, {"r:rejected", "Đã bác bỏ"},
    {"r:deleted", "Đã xóa"},
    /* agreement status */
    {"s:in_force", "Còn hiệu lực"}, {"s:expiring", "Sắp hết hạn"}, {"s:expired", "Hết hạn"},
    {"s:renewed", "Đã gia hạn"}, {"s:superseded", "Đã được thay thế"}, {"s:unknown", "Chưa rõ"},
    /* party kinds */
    {"p:country", "Quốc gia"}, {"p:province", "Tỉnh, thành phố"}, {"p:district", "Huyện, thành phố"},
    {"p:commune", "Xã, phường"}, {"p:organisation", "Tổ chức"},
    /* mention kinds */
    {"m:party", "đối tác"}, {"m:person", "nhân vật"}, {"m:agreement", "văn bản"},
    {"m:activity", "hoạt động"},
    /* block classes */
    {"b:title", "tiêu đề"}, {"b:lead", "sa-pô"}, {"b:body", "nội dung"}, {"b:caption", "chú thích ảnh"},
    {"b:caption-other", "chú thích tin khác"}, {"b:byline", "tác giả, thời gian"},
    {"b:boilerplate", "phần ngoài bài"},
};

static const char *label(char ns, const char *code)
{
    if (!code)
        return "—";
    for (size_t i = 0; i < sizeof LABELS / sizeof LABELS[0]; i++)
        if (LABELS[i][0][0] == ns && strcmp(LABELS[i][0] + 2, code) == 0)
            return LABELS[i][1];
    return code;
}

/* ---- JSON access ---- */

static const char *S(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static long long I(json_t *o, const char *k, long long def)
{
    json_t *v = json_object_get(o, k);
    return json_is_integer(v) ? json_integer_value(v) : def;
}

static bool B(json_t *o, const char *k) { return json_is_true(json_object_get(o, k)); }

static const char *route_of(const char *type)
{
    return type ? type : "document";
}

/* At most max bytes of s, cut at a character boundary, "…" added (in the arena). */
static const char *cut(page *pg, const char *s, size_t max)
{
    if (!s || strlen(s) <= max)
        return s;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    char *c = ht_arena_alloc(&pg->r->a, n + 4);
    if (!c)
        return s;
    memcpy(c, s, n);
    memcpy(c + n, "…", 4);
    return c;
}

static void rec_link(page *pg, const char *type, const char *id, const char *text)
{
    RAW("<a href=\"/");
    RAW(route_of(type));
    RAW("/");
    hs_url_encode(&pg->b, id);
    RAW("\">");
    hs_html_cstr(&pg->b, text && *text ? text : id);
    RAW("</a>");
}

static void badge(page *pg, char ns, const char *code)
{
    if (!code)
        return;
    P("<span class=\"badge %s-%s\">%s</span>", ns == 'r' ? "rv" : "st", code, label(ns, code));
}

static void term(page *pg, json_t *t)
{
    if (!json_is_object(t)) {
        RAW("<span class=\"none\">—</span>");
        return;
    }
    long long f = I(t, "from", 0), z = I(t, "to", 0);
    if (f)
        P("<time datetime=\"%lld\">%lld</time>", f, f);
    RAW("–");
    if (z)
        P("<time datetime=\"%lld\">%lld</time>", z, z);
}

static void fields(page *pg, json_t *arr)
{
    size_t i;
    json_t *x;
    if (!json_array_size(arr)) {
        RAW("<span class=\"none\">—</span>");
        return;
    }
    json_array_foreach(arr, i, x) {
        P("<span class=\"tag\">%s</span> ", label('f', json_string_value(x)));
    }
}

/* "Thỏa thuận hợp tác: TITLE", or the title alone when it starts with the kind's
 * name ("Thỏa thuận hợp tác giai đoạn 2018-2023"). */
static void agreement_name(ht_buf *t, const char *kind, const char *title)
{
    const char *kl = label('a', kind);
    ht_buf a = {0}, b = {0};
    ht_text_fold(kl, strlen(kl), &a);
    if (title)
        ht_text_fold(title, strlen(title), &b);
    bool says_kind = title && a.n && b.n >= a.n && memcmp(a.p, b.p, a.n) == 0;
    ht_buf_free(&a);
    ht_buf_free(&b);
    if (!says_kind)
        ht_buf_puts(t, kl);
    if (title && *title) {
        if (!says_kind)
            ht_buf_puts(t, ": ");
        ht_buf_puts(t, title);
    }
}

/* ---- page frame ---- */

/* A copy that lives as long as the request (titles outlive the JSON they come from). */
static const char *keep(page *pg, const char *s)
{
    return s ? ht_arena_strndup(&pg->r->a, s, strlen(s)) : NULL;
}


static void finish(page *pg)
{
    char csrf[HT_AUTH_CSRF_LEN + 1];
    hs_csrf_of(pg->r, csrf);
    hs_layout l = {.title = pg->title, .body = pg->b.p ? pg->b.p : "", .user = pg->r->user,
                   .csrf = csrf, .nav = pg->nav ? pg->nav : "", .query = pg->query};
    ht_buf_reset(&pg->w->body);
    hs_html_layout(&pg->w->body, &l);
    pg->w->status = pg->status ? pg->status : 200;
    pg->w->ctype = "text/html; charset=utf-8";
    ht_buf_free(&pg->b);
}

static void error_page(page *pg, int status, const char *msg)
{
    ht_buf_reset(&pg->b);
    pg->status = status;
    pg->title = status == 404 ? "Không tìm thấy" : "Có lỗi";
    P("<h1>%s</h1><p class=\"error\">%s</p><p><a href=\"/\">Về trang chủ</a></p>", pg->title, msg);
    finish(pg);
}

static void redirect(hs_req *r, hs_resp *w, const char *to)
{
    w->status = 303;
    w->ctype = "text/plain; charset=utf-8";
    hs_header(r, w, "Location", to);
    ht_buf_puts(&w->body, "see ");
    ht_buf_puts(&w->body, to);
    ht_buf_putc(&w->body, '\n');
}

/* A local path to go back to ("/review"), never another site. */
static const char *safe_next(const char *n)
{
    if (!n || n[0] != '/' || n[1] == '/' || n[1] == '\\' || strlen(n) > 512)
        return NULL;
    for (const char *p = n; *p; p++)
        if ((unsigned char)*p < 0x20)
            return NULL;
    return n;
}

static void csrf_field(page *pg)
{
    char csrf[HT_AUTH_CSRF_LEN + 1];
    hs_csrf_of(pg->r, csrf);
    P("<input type=\"hidden\" name=\"csrf\" value=\"%s\">", csrf);
}

/* Loads the JSON a function wrote; renders the error page and returns NULL on error. */
static json_t *load(page *pg, int rc, ht_buf *b, const ht_error *e)
{
    if (rc) {
        ht_buf_free(b);
        error_page(pg, hs_status_of(rc), e->msg);
        return NULL;
    }
    json_t *o = json_loadb(b->p, b->n, 0, NULL);
    ht_buf_free(b);
    if (!o)
        error_page(pg, 500, "không đọc được dữ liệu");
    return o;
}

/* ---- search ---- */

static void snippet_html(page *pg, json_t *sn)
{
    const char *t = S(sn, "text");
    if (!t)
        return;
    size_t n = strlen(t), at = 0, i;
    json_t *m;
    RAW("<p class=\"snippet\">");
    json_array_foreach(json_object_get(sn, "marks"), i, m) {
        long long a = I(m, "start", -1), z = I(m, "end", -1);
        if (a < (long long)at || z < a || (size_t)z > n)
            continue;
        hs_html_text(&pg->b, t + at, (size_t)a - at);
        RAW("<mark>");
        hs_html_text(&pg->b, t + a, (size_t)(z - a));
        RAW("</mark>");
        at = (size_t)z;
    }
    hs_html_text(&pg->b, t + at, n - at);
    RAW("</p>");
}

static void results_html(page *pg, json_t *res)
{
    long long total = I(res, "total", 0), off = I(res, "offset", 0), lim = I(res, "limit", 20);
    const char *q = S(res, "query");
    if (!q || !*q) {
        RAW("<p class=\"hint\">Gõ tên địa phương, tổ chức, nhân vật hoặc nội dung cần tìm; "
            "không cần gõ dấu: <em>dak lak</em> tìm được <em>Đắk Lắk</em>.</p>");
        return;
    }
    if (!total) {
        P("<p class=\"count\">Không tìm thấy kết quả nào cho “%s”.</p>", q);
        return;
    }
    P("<p class=\"count\">%lld kết quả cho “%s”</p><ol class=\"results\" start=\"%lld\">", total, q,
      off + 1);
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(res, "results"), i, h) {
        const char *type = S(h, "type");
        P("<li class=\"result r-%s\"><span class=\"type\">%s</span> ", type ? type : "", label('t', type));
        const char *title = S(h, "title") && *S(h, "title") ? S(h, "title") : S(h, "id");
        /* a record without a title of its own is named "KIND: parties" by search */
        const char *colon = strstr(title, ": ");
        char ns = type && strcmp(type, "activity") == 0    ? 'v'
                  : type && strcmp(type, "agreement") == 0 ? 'a'
                                                           : 0;
        if (ns && colon && colon - title < 40) {
            char code[40];
            memcpy(code, title, (size_t)(colon - title));
            code[colon - title] = 0;
            const char *l = label(ns, code);
            size_t n = strlen(l) + strlen(colon) + 1;
            char *t = l != code ? ht_arena_alloc(&pg->r->a, n) : NULL;
            if (t) {
                snprintf(t, n, "%s%s", l, colon);
                title = t;
            }
        }
        rec_link(pg, type, S(h, "id"), cut(pg, title, 200));
        RAW(" <span class=\"date\">");
        hs_html_date(&pg->b, S(h, "date"), false);
        RAW("</span>");
        if (S(h, "source"))
            P(" <span class=\"src\">%s</span>", S(h, "source"));
        snippet_html(pg, json_object_get(h, "snippet"));
        RAW("</li>");
    }
    RAW("</ol>");
    if (off + lim < total) {
        ht_buf more = {0};
        ht_buf_puts(&more, "/search?q=");
        hs_url_encode(&more, q);
        ht_buf_printf(&more, "&offset=%lld", off + lim);
        P("<p><a class=\"more\" href=\"%s\">Xem thêm</a></p>", more.p);
        ht_buf_free(&more);
    }
}

static void opt(page *pg, const char *value, const char *text, const char *cur)
{
    P("<option value=\"%s\"%s>%s</option>", value,
      cur && strcmp(cur, value) == 0 ? " selected" : "", text);
}

static void page_search(hs_req *r, page *pg)
{
    const char *q = hs_kv_get(&r->query, "q"), *kind = hs_kv_get(&r->query, "kind");
    const char *from = hs_kv_get(&r->query, "from"), *to = hs_kv_get(&r->query, "to");
    const char *review = hs_kv_get(&r->query, "review"), *off = hs_kv_get(&r->query, "offset");
    bool partial = hs_kv_get(&r->query, "partial") != NULL;
    hs_search_opts o = {.q = q, .kind = kind && *kind ? kind : NULL,
                        .from = from && *from ? from : NULL, .to = to && *to ? to : NULL,
                        .review = review && *review ? review : NULL, .limit = 20,
                        .offset = off ? atol(off) : 0, .typing = partial};
    ht_buf b = {0};
    ht_error e = {0};
    int rc = hs_search_json(r->st, &o, &b, &e);
    json_t *res = NULL;
    if (!rc)
        res = json_loadb(b.p, b.n, 0, NULL);
    ht_buf_free(&b);
    if (!partial) {
        pg->title = q && *q ? q : "Tìm kiếm";
        pg->nav = "search";
        pg->query = q;
        RAW("<h1>Tìm kiếm</h1>");
        RAW("<form class=\"search\" method=\"get\" action=\"/search\" role=\"search\">");
        P("<input type=\"search\" name=\"q\" value=\"%s\" placeholder=\"ví dụ: dak lak, Sê Kông, "
          "bản ghi nhớ\" autofocus autocomplete=\"off\" data-live=\"results\" aria-label=\"Từ "
          "khóa\">",
          q ? q : "");
        RAW("<select name=\"kind\" aria-label=\"Loại\">");
        opt(pg, "", "Tất cả", kind);
        static const char *const K[] = {"document", "agreement", "activity", "party", "person"};
        for (size_t i = 0; i < 5; i++)
            opt(pg, K[i], label('t', K[i]), kind);
        RAW("</select>");
        P("<input type=\"text\" name=\"from\" value=\"%s\" placeholder=\"từ năm\" size=\"7\" "
          "aria-label=\"Từ (YYYY)\">",
          from ? from : "");
        P("<input type=\"text\" name=\"to\" value=\"%s\" placeholder=\"đến năm\" size=\"7\" "
          "aria-label=\"Đến (YYYY)\">",
          to ? to : "");
        RAW("<select name=\"review\" aria-label=\"Trạng thái duyệt\">");
        opt(pg, "", "Mọi trạng thái", review);
        static const char *const R[] = {"proposed", "confirmed", "rejected"};
        for (size_t i = 0; i < 3; i++)
            opt(pg, R[i], label('r', R[i]), review);
        RAW("</select><button type=\"submit\">Tìm</button></form>");
        RAW("<div id=\"results\" aria-live=\"polite\">");
    }
    if (rc)
        P("<p class=\"error\">%s</p>", e.msg);
    else if (res)
        results_html(pg, res);
    if (!partial)
        RAW("</div>");
    json_decref(res);
    if (rc)
        pg->status = hs_status_of(rc);
    if (partial) {
        pg->w->status = pg->status ? pg->status : 200;
        pg->w->ctype = "text/html; charset=utf-8";
        ht_buf_free(&pg->w->body);
        pg->w->body = pg->b;
        pg->b = (ht_buf){0};
        return;
    }
    finish(pg);
}

/* ---- home ---- */

static void page_home(hs_req *r, page *pg)
{
    ht_buf b = {0};
    ht_error e = {0};
    json_t *s = load(pg, hs_stats_json(r->st, &b, &e), &b, &e);
    if (!s)
        return;
    pg->title = "Hợp tác quốc tế của địa phương";
    pg->nav = "search";
    RAW("<h1>Sổ theo dõi hợp tác quốc tế của địa phương</h1>");
    RAW("<form class=\"search big\" method=\"get\" action=\"/search\" role=\"search\">"
        "<input type=\"search\" name=\"q\" placeholder=\"Tìm đối tác, văn bản, hoạt động… "
        "(không cần dấu)\" autofocus aria-label=\"Từ khóa\"><button type=\"submit\">Tìm"
        "</button></form>");
    P("<ul class=\"stats\"><li><a href=\"/documents\"><b>%lld</b> bài viết</a></li>"
      "<li><a href=\"/agreements\"><b>%lld</b> văn bản hợp tác</a></li>"
      "<li><a href=\"/activities\"><b>%lld</b> hoạt động</a></li>"
      "<li><a href=\"/parties\"><b>%lld</b> đối tác</a></li>"
      "<li><a href=\"/review\"><b>%lld</b> mục chờ duyệt</a></li></ul>",
      I(s, "documents", 0), I(s, "agreements", 0), I(s, "activities", 0), I(s, "parties", 0),
      I(s, "proposed", 0));
    json_decref(s);
    finish(pg);
}

/* ---- timelines ---- */

/* A date of a report row: "2018-06-21", "2018-06-21 (inferred)" or "". */
static void row_date(page *pg, const char *s)
{
    char iso[16] = "";
    if (s) {
        size_t n = strcspn(s, " ");
        snprintf(iso, sizeof iso, "%.*s", (int)(n < 15 ? n : 15), s);
    }
    hs_html_date(&pg->b, iso, s && strstr(s, "(inferred)"));
}

/* A reference that is an id, or an object {"id", "name"}. */
/* The name of the party with this id (records give references as ids), else the id. */
static const char *party_name(page *pg, const char *id)
{
    ht_buf b = {0};
    ht_json j;
    ht_json_init(&j, &b);
    ht_error e = {0};
    const char *name = id;
    if (!ht_store_rec_json(pg->r->st, HT_REC_PARTY, id, 0, NULL, NULL, &j, &e)) {
        json_t *o = json_loadb(b.p, b.n, 0, NULL);
        if (S(o, "name"))
            name = keep(pg, S(o, "name"));
        json_decref(o);
    }
    ht_buf_free(&b);
    return name;
}

static void ref_link(page *pg, const char *type, json_t *v)
{
    if (json_is_string(v) && strcmp(type, "party") == 0)
        rec_link(pg, type, json_string_value(v), party_name(pg, json_string_value(v)));
    else if (json_is_string(v))
        rec_link(pg, type, json_string_value(v), json_string_value(v));
    else if (json_is_object(v))
        rec_link(pg, type, S(v, "id"), S(v, "name") ? S(v, "name") : S(v, "id"));
}

/* Where a record was reported: an http(s) address as a link that opens the article
 * (never another scheme: the address comes from an ingested page), else the file name
 * as text; short is the last part of the address or path. */
static void source_ref(page *pg, const char *prefix, const char *s, bool short_form)
{
    if (!s)
        return;
    const char *shown = s;
    if (short_form) {
        const char *base = strrchr(s, '/');
        if (base && base[1])
            shown = base + 1;
    }
    if (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8))
        P("<a class=\"src\" href=\"%s\" rel=\"noopener noreferrer nofollow\">%s%s</a>", s, prefix, shown);
    else
        P("<span class=\"src\">%s%s</span>", prefix, shown);
}

/* tl: the rows of `hoptac timeline --json`. */
static void timeline_html(page *pg, json_t *tl)
{
    if (!json_array_size(tl)) {
        RAW("<p class=\"none\">Chưa có văn bản hay hoạt động nào được ghi nhận.</p>");
        return;
    }
    RAW("<ol class=\"timeline\">");
    size_t i;
    json_t *it;
    json_array_foreach(tl, i, it) {
        const char *type = S(it, "type");
        bool agr = type && strcmp(type, "agreement") == 0;
        P("<li class=\"tl-%s\"><span class=\"date\">", type ? type : "");
        row_date(pg, S(it, "date"));
        RAW("</span> ");
        if (agr && !S(it, "title")) {
            ht_buf t = {0};
            agreement_name(&t, S(it, "kind"), NULL);
            rec_link(pg, type, S(it, "id"), t.p);
            ht_buf_free(&t);
        } else
            rec_link(pg, type, S(it, "id"), agr ? S(it, "title") : label('v', S(it, "kind")));
        if (!agr && S(it, "title") && strcmp(S(it, "title"), label('v', S(it, "kind"))) != 0)
            P(" <span class=\"summary\">%s</span>", cut(pg, S(it, "title"), 200));
        if (S(it, "parties"))
            P(" <span class=\"parties\">%s</span>", S(it, "parties"));
        if (S(it, "place"))
            P(" <span class=\"place\">tại %s</span>", S(it, "place"));
        if (S(it, "via"))
            P(" <span class=\"via\">qua %s</span>", S(it, "via"));
        size_t k;
        json_t *src;
        json_array_foreach(json_object_get(it, "sources"), k, src) {
            RAW(" ");
            source_ref(pg, "nguồn: ", json_string_value(src), true);
        }
        RAW("</li>");
    }
    RAW("</ol>");
}

static void review_buttons(page *pg, const char *id, const char *status, const char *next);

static void names_dd(page *pg, const char *dt, const char *cls, json_t *list, const char *type)
{
    if (!json_array_size(list))
        return;
    P("<dt>%s</dt><dd class=\"%s\">", dt, cls);
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) {
        if (i)
            RAW(", ");
        ref_link(pg, type, x);
    }
    RAW("</dd>");
}

static void page_party(hs_req *r, page *pg, const char *q)
{
    ht_buf b = {0};
    ht_error e = {0};
    json_t *p = load(pg, ht_app_record_show(r->st, HT_REC_PARTY, q, true, &b, &e), &b, &e);
    if (!p)
        return;
    const char *id = keep(pg, S(p, "id") ? S(p, "id") : q);
    json_t *tl = load(pg, ht_app_timeline(r->st, id, NULL, HT_REPORT_JSON, &b, &e), &b, &e);
    if (!tl) {
        json_decref(p);
        return;
    }
    pg->title = keep(pg, S(p, "name") ? S(p, "name") : id);
    P("<h1>%s</h1>", pg->title);
    RAW("<dl class=\"facts\">");
    P("<dt>Loại</dt><dd>%s</dd>", label('p', S(p, "kind")));
    P("<dt>Mã</dt><dd><code>%s</code></dd>", id);
    if (S(p, "country"))
        P("<dt>Quốc gia</dt><dd>%s</dd>", S(p, "country"));
    if (S(p, "parent")) {
        RAW("<dt>Thuộc</dt><dd>");
        ref_link(pg, "party", json_object_get(p, "parent"));
        RAW("</dd>");
    }
    if (S(p, "name_en") || S(p, "name_local"))
        P("<dt>Tên khác</dt><dd>%s%s%s</dd>", S(p, "name_en") ? S(p, "name_en") : "",
          S(p, "name_en") && S(p, "name_local") ? " · " : "",
          S(p, "name_local") ? S(p, "name_local") : "");
    json_t *al = json_object_get(p, "aliases");
    if (json_array_size(al) > 1) {
        RAW("<dt>Cách viết</dt><dd>");
        size_t i;
        json_t *x;
        json_array_foreach(al, i, x) {
            P("%s<span class=\"alias\">%s</span>", i ? ", " : "", json_string_value(x));
        }
        RAW("</dd>");
    }
    if (S(p, "valid_to")) {
        RAW("<dt>Tồn tại đến</dt><dd>");
        hs_html_date(&pg->b, S(p, "valid_to"), false);
        RAW("</dd>");
    }
    json_t *succ = json_object_get(p, "succession");
    if (json_is_object(succ)) {
        RAW("<dt>Sáp nhập vào</dt><dd class=\"successor\">");
        ref_link(pg, "party", succ);
        if (S(succ, "date")) {
            RAW(" từ ");
            hs_html_date(&pg->b, S(succ, "date"), false);
        }
        RAW("</dd>");
    }
    names_dd(pg, "Tiếp nhận", "predecessors", json_object_get(p, "predecessors"), "party");
    names_dd(pg, "Tổ chức trực thuộc", "members", json_object_get(p, "members"), "party");
    names_dd(pg, "Nhân vật", "people", json_object_get(p, "people"), "person");
    if (S(p, "status")) {
        RAW("<dt>Duyệt</dt><dd>");
        badge(pg, 'r', S(p, "status"));
        RAW("</dd>");
    }
    RAW("</dl>");
    if (S(p, "status") && !B(p, "gazetteer"))
        review_buttons(pg, id, S(p, "status"), NULL);
    RAW("<h2>Dòng thời gian</h2>");
    timeline_html(pg, tl);
    RAW("<form class=\"pair\" method=\"get\" action=\"/pair\"><input type=\"hidden\" name=\"a\" ");
    P("value=\"%s\"><label>Xem quan hệ với <input name=\"b\" placeholder=\"mã hoặc tên đối tác, "
      "ví dụ Sê Kông\" size=\"20\"></label> <button type=\"submit\">Xem</button></form>",
      id);
    json_decref(p);
    json_decref(tl);
    finish(pg);
}

/* The party q names, as `party show --json` gives it. */
static json_t *party_of(hs_req *r, page *pg, const char *q)
{
    ht_buf b = {0};
    ht_error e = {0};
    return load(pg, ht_app_record_show(r->st, HT_REC_PARTY, q, true, &b, &e), &b, &e);
}

static void page_pair(hs_req *r, page *pg, const char *a, const char *bb)
{
    if (!a || !bb || !*a || !*bb) {
        error_page(pg, 400, "Cần hai đối tác: /pair/MÃ-1/MÃ-2");
        return;
    }
    json_t *pa = party_of(r, pg, a);
    json_t *pb = pa ? party_of(r, pg, bb) : NULL;
    if (!pb) {
        json_decref(pa);
        return;
    }
    ht_buf b = {0};
    ht_error e = {0};
    json_t *tl = load(pg, ht_app_timeline(r->st, S(pa, "id"), S(pb, "id"), HT_REPORT_JSON, &b, &e),
                      &b, &e);
    if (tl) {
        ht_buf t = {0};
        ht_buf_printf(&t, "%s – %s", S(pa, "name"), S(pb, "name"));
        pg->title = keep(pg, t.p);
        ht_buf_free(&t);
        RAW("<h1>");
        ref_link(pg, "party", pa);
        RAW(" – ");
        ref_link(pg, "party", pb);
        RAW("</h1><h2>Dòng thời gian quan hệ</h2>");
        timeline_html(pg, tl);
        json_decref(tl);
        finish(pg);
    }
    json_decref(pa);
    json_decref(pb);
}

/* ---- records ---- */

static void review_buttons(page *pg, const char *id, const char *status, const char *next)
{
    if (!pg->r->user[0]) {
        if (status && strcmp(status, "proposed") == 0)
            RAW("<p class=\"hint\"><a href=\"/signin\">Đăng nhập</a> để xác nhận hoặc bác bỏ.</p>");
        return;
    }
    RAW("<div class=\"actions\">");
    static const char *const A[][2] = {{"confirm", "Xác nhận"}, {"reject", "Bác bỏ"}};
    for (size_t i = 0; i < 2; i++) {
        if ((i == 0 && status && strcmp(status, "confirmed") == 0) ||
            (i == 1 && status && strcmp(status, "rejected") == 0))
            continue;
        RAW("<form method=\"post\" action=\"/review/");
        hs_url_encode(&pg->b, id);
        RAW("\" class=\"inline\">");
        csrf_field(pg);
        P("<input type=\"hidden\" name=\"action\" value=\"%s\">", A[i][0]);
        if (next)
            P("<input type=\"hidden\" name=\"next\" value=\"%s\">", next);
        P("<button type=\"submit\" class=\"%s\">%s</button></form> ", A[i][0], A[i][1]);
    }
    RAW("<a class=\"button\" href=\"/edit/");
    hs_url_encode(&pg->b, id);
    RAW("\">Sửa</a></div>");
}

static void evidence(page *pg, json_t *rec)
{
    json_t *src = json_object_get(rec, "sources");
    RAW("<h2>Bằng chứng</h2>");
    if (!json_array_size(src)) {
        RAW("<p class=\"none\">Nhập tay, chưa có nguồn.</p>");
        return;
    }
    RAW("<ul class=\"evidence\">");
    size_t i;
    json_t *s;
    json_array_foreach(src, i, s) {
        json_t *sp = json_object_get(s, "span");
        RAW("<li>");
        if (S(s, "text"))
            P("<blockquote>%s</blockquote>", S(s, "text"));
        RAW("<p class=\"src\">");
        ht_buf href = {0};
        ht_buf_puts(&href, "/document/");
        hs_url_encode(&href, S(s, "document"));
        ht_buf_printf(&href, "?hl=%lld-%lld#hl", I(sp, "start", 0), I(sp, "end", 0));
        P("<a href=\"%s\">%s</a>", href.p, cut(pg, S(s, "title")    ? S(s, "title")
                                  : S(s, "source") ? S(s, "source")
                                                   : S(s, "document"),
                 160));
        ht_buf_free(&href);
        if (S(s, "published")) {
            RAW(", ");
            hs_html_date(&pg->b, S(s, "published"), false);
        }
        P(" <span class=\"bytes\">(byte %lld–%lld)</span></p></li>", I(sp, "start", 0),
          I(sp, "end", 0));
    }
    RAW("</ul>");
}

static void parties_dd(page *pg, json_t *rec)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(rec, "parties"), i, x) {
        if (i)
            RAW(", ");
        ref_link(pg, "party", x);
    }
}

static void act_item(page *pg, json_t *a)
{
    RAW("<li><span class=\"date\">");
    hs_html_date(&pg->b, S(a, "date"), B(a, "date_inferred"));
    RAW("</span> ");
    rec_link(pg, "activity", S(a, "id"), label('v', S(a, "kind")));
    if (S(a, "parties"))
        P(" <span class=\"parties\">%s</span>", S(a, "parties"));
    else if (json_array_size(json_object_get(a, "parties"))) {
        RAW(" <span class=\"parties\">");
        parties_dd(pg, a);
        RAW("</span>");
    }
    if (S(a, "place"))
        P(" <span class=\"place\">tại %s</span>", S(a, "place"));
    size_t k;
    json_t *c;
    json_array_foreach(json_object_get(a, "commitments"), k, c) {
        P("<div class=\"commitment\">Cam kết: %s</div>", json_string_value(c));
    }
    RAW("</li>");
}

/* The activities the implementation report places on task number (from 1). */
static void task_acts(page *pg, json_t *impl, long long task)
{
    size_t k, n = 0;
    json_t *row;
    json_array_foreach(impl, k, row) {
        if (I(row, "task", 0) != task || !S(row, "activity_id"))
            continue;
        if (!n++)
            RAW("<ul class=\"acts\">");
        RAW("<li><span class=\"date\">");
        row_date(pg, S(row, "date"));
        RAW("</span> ");
        rec_link(pg, "activity", S(row, "activity_id"),
             S(row, "activity") ? S(row, "activity") : label('v', S(row, "kind")));
        if (S(row, "how"))
            P(" <span class=\"how\">(%s)</span>", S(row, "how"));
        RAW("</li>");
    }
    if (n)
        RAW("</ul>");
    else
        RAW("<p class=\"none small\">Chưa có hoạt động gắn với nhiệm vụ này.</p>");
}

static void page_agreement(page *pg, json_t *g, json_t *impl, const char *id)
{
    ht_buf t = {0};
    agreement_name(&t, S(g, "kind"), S(g, "title"));
    pg->title = keep(pg, t.p);
    P("<h1>%s</h1>", t.p);
    RAW("<dl class=\"facts\">");
    P("<dt>Loại văn bản</dt><dd>%s</dd>", label('a', S(g, "kind")));
    RAW("<dt>Các bên</dt><dd class=\"parties\">");
    parties_dd(pg, g);
    RAW("</dd><dt>Ngày ký</dt><dd>");
    hs_html_date(&pg->b, S(g, "signed"), B(g, "signed_inferred"));
    if (S(g, "place"))
        P(" tại %s", S(g, "place"));
    RAW("</dd><dt>Thời hạn</dt><dd class=\"term\">");
    term(pg, json_object_get(g, "term"));
    RAW("</dd><dt>Hiệu lực</dt><dd>");
    badge(pg, 's', S(g, "agreement_status"));
    RAW("</dd><dt>Lĩnh vực</dt><dd>");
    fields(pg, json_object_get(g, "fields"));
    RAW("</dd><dt>Duyệt</dt><dd>");
    badge(pg, 'r', S(g, "status"));
    P(" <span class=\"origin\">%s</span>",
      S(g, "origin") && strcmp(S(g, "origin"), "manual") == 0 ? "nhập tay" : "trích tự động");
    RAW("</dd></dl>");
    char next[128];
    snprintf(next, sizeof next, "/agreement/%s", id);
    review_buttons(pg, id, S(g, "status"), next);

    json_t *tasks = json_object_get(g, "tasks");
    long long declared = I(g, "tasks_declared", -1);
    size_t ntasks = json_array_size(tasks);
    RAW("<h2>Nhiệm vụ</h2>");
    if (declared > 0)
        P("<p class=\"hint\">Văn bản nêu %lld nhiệm vụ; ghi nhận được %zu.</p>", declared, ntasks);
    if (!ntasks)
        RAW("<p class=\"none\">Chưa ghi nhận nhiệm vụ nào.</p>");
    else {
        RAW("<ol class=\"tasks\">");
        size_t i;
        json_t *tk;
        json_array_foreach(tasks, i, tk) {
            P("<li class=\"task\"><p>%s</p>", json_string_value(tk));
            task_acts(pg, impl, (long long)i + 1);
            RAW("</li>");
        }
        RAW("</ol>");
    }
    RAW("<h2>Hoạt động thực hiện</h2>");
    json_t *acts = json_object_get(g, "activities");
    if (!json_array_size(acts))
        RAW("<p class=\"none\">Chưa có hoạt động nào được ghi nhận.</p>");
    else {
        RAW("<ul class=\"acts\">");
        size_t k;
        json_t *a;
        json_array_foreach(acts, k, a)
            act_item(pg, a);
        RAW("</ul>");
    }
    evidence(pg, g);
    finish(pg);
    ht_buf_free(&t);
}

/* The end of an activity's or a person's page: its review state and buttons, its
 * evidence, the page's foot. */
static void review_and_evidence(page *pg, const char *kind, const char *id, json_t *rec)
{
    RAW("<dt>Duyệt</dt><dd>");
    badge(pg, 'r', S(rec, "status"));
    RAW("</dd></dl>");
    char next[128];
    snprintf(next, sizeof next, "/%s/%s", kind, id);
    review_buttons(pg, id, S(rec, "status"), next);
    evidence(pg, rec);
    finish(pg);
}

static void page_activity(page *pg, json_t *a, const char *id)
{
    pg->title = label('v', S(a, "kind"));
    P("<h1>%s</h1>", pg->title);
    RAW("<dl class=\"facts\"><dt>Ngày</dt><dd>");
    hs_html_date(&pg->b, S(a, "date"), B(a, "date_inferred"));
    RAW("</dd>");
    if (S(a, "place"))
        P("<dt>Địa điểm</dt><dd>%s</dd>", S(a, "place"));
    RAW("<dt>Các bên</dt><dd class=\"parties\">");
    parties_dd(pg, a);
    RAW("</dd>");
    json_t *part = json_object_get(a, "participants");
    if (json_array_size(part)) {
        RAW("<dt>Thành phần</dt><dd><ul>");
        size_t i;
        json_t *x;
        json_array_foreach(part, i, x) {
            P("<li>%s%s%s</li>", S(x, "name"), S(x, "role") ? ", " : "", S(x, "role") ? S(x, "role") : "");
        }
        RAW("</ul></dd>");
    }
    json_t *com = json_object_get(a, "commitments");
    if (json_array_size(com)) {
        RAW("<dt>Cam kết</dt><dd><ul>");
        size_t i;
        json_t *x;
        json_array_foreach(com, i, x) {
            P("<li>%s</li>", json_string_value(x));
        }
        RAW("</ul></dd>");
    }
    RAW("<dt>Lĩnh vực</dt><dd>");
    fields(pg, json_object_get(a, "fields"));
    RAW("</dd>");
    if (S(a, "agreement")) {
        RAW("<dt>Thực hiện văn bản</dt><dd>");
        /* the agreement by its kind and title, as lists show it */
        ht_buf jb = {0}, t = {0};
        ht_json j;
        ht_json_init(&j, &jb);
        ht_error e = {0};
        json_t *g = ht_store_rec_json(pg->r->st, HT_REC_AGREEMENT, S(a, "agreement"), 0, NULL,
                                      NULL, &j, &e)
                        ? NULL
                        : json_loadb(jb.p, jb.n, 0, NULL);
        if (g)
            agreement_name(&t, S(g, "kind"), S(g, "title"));
        rec_link(pg, "agreement", S(a, "agreement"), t.p ? t.p : "Xem văn bản");
        json_decref(g);
        ht_buf_free(&jb);
        ht_buf_free(&t);
        json_t *tk = json_object_get(a, "tasks");
        if (json_array_size(tk)) {
            RAW(", nhiệm vụ ");
            size_t i;
            json_t *x;
            json_array_foreach(tk, i, x) {
                P("%s%lld", i ? ", " : "", (long long)json_integer_value(x));
            }
        }
        RAW("</dd>");
    }
    review_and_evidence(pg, "activity", id, a);
}

static void page_person(page *pg, json_t *p, const char *id)
{
    pg->title = keep(pg, S(p, "name") ? S(p, "name") : id);
    P("<h1>%s</h1><dl class=\"facts\">", pg->title);
    if (S(p, "party")) {
        RAW("<dt>Thuộc</dt><dd>");
        ref_link(pg, "party", json_object_get(p, "party"));
        RAW("</dd>");
    }
    json_t *al = json_object_get(p, "aliases");
    if (json_array_size(al) > 1) {
        RAW("<dt>Cách viết</dt><dd>");
        size_t i;
        json_t *x;
        json_array_foreach(al, i, x) {
            P("%s<span class=\"alias\">%s</span>", i ? ", " : "", json_string_value(x));
        }
        RAW("</dd>");
    }
    json_t *pos = json_object_get(p, "positions");
    if (json_array_size(pos)) {
        RAW("<dt>Chức vụ</dt><dd><ul>");
        size_t i;
        json_t *x;
        json_array_foreach(pos, i, x) {
            P("<li>%s", S(x, "title"));
            if (S(x, "party")) {
                RAW(" — ");
                ref_link(pg, "party", json_object_get(x, "party"));
            }
            RAW("</li>");
        }
        RAW("</ul></dd>");
    }
    review_and_evidence(pg, "person", id, p);
}

static void page_record(hs_req *r, page *pg, const char *type, const char *id)
{
    /* a party page may be asked by name (/party/dak lak), as `party show` is */
    if (strcmp(type, "party") != 0 && strcmp(hs_kind_name(hs_kind_of(id)), type) != 0) {
        error_page(pg, 404, "Không có bản ghi này.");
        return;
    }
    if (strcmp(type, "party") == 0) {
        page_party(r, pg, id);
        return;
    }
    ht_buf b = {0};
    ht_error e = {0};
    hs_kind k = hs_kind_of(id);
    json_t *o = load(pg, ht_app_record_show(r->st, (ht_rec_kind)k, id, true, &b, &e), &b, &e);
    if (!o)
        return;
    json_t *impl = NULL;
    if (k == HS_AGREEMENT &&
        !(impl = load(pg, ht_app_report_implementation(r->st, S(o, "id"), HT_REPORT_JSON, &b, &e),
                      &b, &e))) {
        json_decref(o);
        return;
    }
    const char *done = hs_kv_get(&r->query, "done");
    if (done)
        P("<p class=\"notice\">Đã lưu: %s.</p>", label('r', done));
    if (k == HS_AGREEMENT)
        page_agreement(pg, o, impl, id);
    else if (k == HS_ACTIVITY)
        page_activity(pg, o, id);
    else
        page_person(pg, o, id);
    json_decref(impl);
    json_decref(o);
}

/* ---- documents ---- */

typedef struct {
    size_t a, z;
    const char *cls, *href_type, *id;
} span_t;

static int cmp_span(const void *x, const void *y)
{
    const span_t *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->z > q->z ? -1 : p->z < q->z;
}

/* Writes orig[a..z) as text: for an HTML source, tags are left out and character
 * references are kept as they are (they are valid HTML). */
static void orig_text(page *pg, const char *s, size_t a, size_t z, bool html, bool *in_tag)
{
    size_t i = a;
    while (i < z) {
        if (html && *in_tag) {
            const char *gt = memchr(s + i, '>', z - i);
            if (!gt)
                return;
            i = (size_t)(gt - s) + 1;
            *in_tag = false;
            ht_buf_putc(&pg->b, ' ');
            continue;
        }
        if (html && s[i] == '<') {
            *in_tag = true;
            continue;
        }
        if (html && s[i] == '&') {
            size_t j = i + 1;
            while (j < z && j - i < 12 && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
                                           (s[j] >= '0' && s[j] <= '9') || s[j] == '#'))
                j++;
            if (j < z && s[j] == ';' && j > i + 1) {
                ht_buf_append(&pg->b, s + i, j + 1 - i);
                i = j + 1;
                continue;
            }
        }
        size_t j = i;
        while (j < z && !(html && (s[j] == '<' || s[j] == '&')))
            j++;
        if (j == i)
            j = i + 1;
        hs_html_text(&pg->b, s + i, j - i);
        i = j;
    }
}

static void page_document(hs_req *r, page *pg, const char *id)
{
    ht_buf b = {0};
    ht_error e = {0};
    json_t *d = load(pg, ht_app_document_show(r->st, id, true, &b, &e), &b, &e);
    if (!d)
        return;
    const char *orig = S(d, "original");
    size_t on = orig ? strlen(orig) : 0;
    bool html = S(d, "format") && strcmp(S(d, "format"), "html") == 0;
    pg->title = keep(pg, S(d, "title") ? S(d, "title") : S(d, "source"));
    P("<h1>%s</h1><dl class=\"facts\">", pg->title);
    if (S(d, "published")) {
        RAW("<dt>Ngày đăng</dt><dd>");
        hs_html_date(&pg->b, S(d, "published"), false);
        RAW("</dd>");
    }
    RAW("<dt>Nguồn</dt><dd>");
    source_ref(pg, "", S(d, "url") ? S(d, "url") : S(d, "source"), false);
    RAW("</dd>");
    json_t *ms = json_object_get(d, "mentions");
    P("<dt>Đề cập</dt><dd>%zu</dd></dl>", json_array_size(ms));
    RAW("<p class=\"legend\"><mark class=\"m m-party\">đối tác</mark> <mark class=\"m m-person\">"
        "nhân vật</mark> <mark class=\"m m-agreement\">văn bản</mark> <mark class=\"m "
        "m-activity\">hoạt động</mark> <span class=\"boiler\">phần ngoài bài (không dùng để "
        "trích)</span></p>");

    /* mentions (and the span asked for with ?hl=A-B) as sorted, non-overlapping marks */
    size_t nm = json_array_size(ms), ns = 0;
    span_t *sp = calloc(nm + 1, sizeof *sp);
    /* the evidence asked for wins over the mentions it overlaps */
    const char *hl = hs_kv_get(&r->query, "hl");
    long long ha = -1, hz = -1;
    if (!hl || sscanf(hl, "%lld-%lld", &ha, &hz) != 2 || ha < 0 || hz <= ha || (size_t)hz > on)
        ha = hz = -1;
    size_t i;
    json_t *m;
    json_array_foreach(ms, i, m) {
        json_t *s = json_object_get(m, "span");
        long long a = I(s, "start", -1), z = I(s, "end", -1);
        if (!sp || a < 0 || z <= a || (size_t)z > on || (ha >= 0 && a < hz && z > ha))
            continue;
        sp[ns++] = (span_t){(size_t)a, (size_t)z, S(m, "kind"), S(m, "kind"), S(m, "record")};
    }
    if (sp && ha >= 0)
        sp[ns++] = (span_t){(size_t)ha, (size_t)hz, "evidence", NULL, NULL};
    if (sp)
        qsort(sp, ns, sizeof *sp, cmp_span);

    RAW("<article class=\"doc\">");
    size_t k = 0;
    json_t *blk;
    bool in_tag = false;
    json_array_foreach(json_object_get(d, "blocks"), i, blk) {
        json_t *s = json_object_get(blk, "span");
        long long a = I(s, "start", -1), z = I(s, "end", -1);
        const char *cls = S(blk, "class");
        if (a < 0 || z < a || (size_t)z > on || !cls)
            continue;
        bool boiler = strcmp(cls, "boilerplate") == 0 || strcmp(cls, "byline") == 0 ||
                      strcmp(cls, "caption-other") == 0;
        const char *tag = strcmp(cls, "title") == 0 ? "h2" : "p";
        P("<%s class=\"blk blk-%s%s\" title=\"%s\">", tag, cls, boiler ? " boiler" : "",
          label('b', cls));
        size_t at = (size_t)a;
        in_tag = false;
        while (k < ns && sp[k].z <= at)
            k++;
        for (size_t q = k; q < ns && sp[q].a < (size_t)z; q++) {
            if (sp[q].a < at)
                continue; /* overlaps a mark already written */
            size_t mz = sp[q].z < (size_t)z ? sp[q].z : (size_t)z;
            orig_text(pg, orig, at, sp[q].a, html, &in_tag);
            if (strcmp(sp[q].cls, "evidence") == 0)
                RAW("<mark class=\"m m-evidence\" id=\"hl\">");
            else {
                P("<mark class=\"m m-%s\" title=\"%s\">", sp[q].cls, label('m', sp[q].cls));
                if (sp[q].id && hs_kind_of(sp[q].id) != HS_NONE) {
                    RAW("<a href=\"/");
                    RAW(hs_kind_name(hs_kind_of(sp[q].id)));
                    RAW("/");
                    hs_url_encode(&pg->b, sp[q].id);
                    RAW("\">");
                }
            }
            orig_text(pg, orig, sp[q].a, mz, html, &in_tag);
            if (strcmp(sp[q].cls, "evidence") != 0 && sp[q].id && hs_kind_of(sp[q].id) != HS_NONE)
                RAW("</a>");
            RAW("</mark>");
            at = mz;
        }
        orig_text(pg, orig, at, (size_t)z, html, &in_tag);
        P("</%s>", tag);
    }
    RAW("</article>");
    free(sp);
    json_decref(d);
    finish(pg);
}

static void page_documents(hs_req *r, page *pg)
{
    ht_buf b = {0};
    ht_error e = {0};
    json_t *l = load(pg, ht_app_document_list(r->st, false, true, &b, &e), &b, &e);
    if (!l)
        return;
    pg->title = "Bài viết";
    pg->nav = "documents";
    P("<h1>Bài viết (%zu)</h1><table class=\"list\"><thead><tr><th>Ngày đăng</th><th>Tiêu đề"
      "</th></tr></thead><tbody>",
      json_array_size(l));
    size_t i;
    json_t *d;
    json_array_foreach(l, i, d) {
        RAW("<tr><td>");
        hs_html_date(&pg->b, S(d, "published"), false);
        RAW("</td><td>");
        rec_link(pg, "document", S(d, "id"), S(d, "title") ? S(d, "title") : S(d, "source"));
        RAW("</td></tr>");
    }
    RAW("</tbody></table>");
    json_decref(l);
    finish(pg);
}

static void page_list(hs_req *r, page *pg, const char *which)
{
    ht_buf b = {0};
    ht_error e = {0};
    bool agr = strcmp(which, "agreements") == 0;
    const char *status = hs_kv_get(&r->query, "status");
    int rc;
    if (agr) {
        /* `hoptac report agreements --status S --json` */
        ht_app_agreements_opts o = {0};
        rc = status && *status ? ht_app_report_statuses(status, &o.statuses, &e) : 0;
        if (!rc)
            rc = ht_app_report_agreements(r->st, &o, HT_REPORT_JSON, &b, &e);
    } else {
        ht_rec_filter f = {0};
        ht_rec_kind k = strcmp(which, "activities") == 0 ? HT_REC_ACTIVITY
                        : strcmp(which, "people") == 0   ? HT_REC_PERSON
                                                         : HT_REC_PARTY;
        rc = ht_app_record_list(r->st, k, &f, true, &b, &e);
    }
    json_t *l = load(pg, rc, &b, &e);
    if (!l)
        return;
    json_t *items = l;
    pg->nav = agr ? "agreements" : "";
    if (agr) {
        pg->title = "Văn bản hợp tác";
        P("<h1>Văn bản hợp tác (%zu)</h1>", json_array_size(items));
        RAW("<form method=\"get\" class=\"filter\"><label>Hiệu lực <select name=\"status\">");
        opt(pg, "", "Tất cả", status);
        static const char *const ST[] = {"in_force", "expiring", "expired", "renewed",
                                         "superseded", "unknown"};
        for (size_t i = 0; i < 6; i++)
            opt(pg, ST[i], label('s', ST[i]), status);
        RAW("</select></label> <button type=\"submit\">Lọc</button></form>");
        RAW("<table class=\"list\"><thead><tr><th>Ngày ký</th><th>Văn bản</th><th>Các bên</th>"
            "<th>Thời hạn</th><th>Hiệu lực</th></tr></thead><tbody>");
        size_t i;
        json_t *g;
        json_array_foreach(items, i, g) {
            RAW("<tr><td>");
            row_date(pg, S(g, "signed"));
            RAW("</td><td>");
            ht_buf t = {0};
            agreement_name(&t, S(g, "kind"), S(g, "title"));
            rec_link(pg, "agreement", S(g, "id"), t.p);
            ht_buf_free(&t);
            P("</td><td>%s</td><td>%s</td><td>", S(g, "parties") ? S(g, "parties") : "",
              S(g, "term") ? S(g, "term") : "");
            badge(pg, 's', S(g, "status"));
            if (S(g, "by")) {
                RAW(" bởi ");
                rec_link(pg, "agreement", S(g, "by"), "văn bản sau");
            }
            RAW("</td></tr>");
        }
        RAW("</tbody></table>");
    } else if (strcmp(which, "activities") == 0) {
        pg->title = "Hoạt động";
        P("<h1>Hoạt động (%zu)</h1><ul class=\"acts\">", json_array_size(items));
        size_t i;
        json_t *a;
        json_array_foreach(items, i, a)
            act_item(pg, a);
        RAW("</ul>");
    } else {
        bool parties = strcmp(which, "parties") == 0;
        pg->title = parties ? "Đối tác" : "Nhân vật";
        P("<h1>%s (%zu)</h1><table class=\"list\"><thead><tr><th>Tên</th><th>%s</th><th>Số "
          "nguồn</th><th>Duyệt</th></tr></thead><tbody>",
          pg->title, json_array_size(items), parties ? "Loại" : "Thuộc");
        size_t i;
        json_t *x;
        json_array_foreach(items, i, x) {
            RAW("<tr><td>");
            rec_link(pg, parties ? "party" : "person", S(x, "id"), S(x, "name"));
            RAW("</td><td>");
            if (parties)
                hs_html_cstr(&pg->b, label('p', S(x, "kind")));
            else
                ref_link(pg, "party", json_object_get(x, "party"));
            P("</td><td>%zu</td><td>", json_array_size(json_object_get(x, "sources")));
            badge(pg, 'r', S(x, "status"));
            RAW("</td></tr>");
        }
        RAW("</tbody></table>");
    }
    json_decref(l);
    finish(pg);
}

/* ---- review ---- */

/* Records shown at once in the review queue (the first ones, in the queue's order). */
#define REVIEW_PAGE 200

static void page_review(hs_req *r, page *pg)
{
    ht_buf b = {0};
    ht_error e = {0};
    size_t total = 0;
    int rc = ht_store_review_count(r->st, &total, &e);
    json_t *q = load(pg, rc ? rc : ht_app_review_list(r->st, 0, REVIEW_PAGE, true, &b, &e), &b, &e);
    if (!q)
        return;
    pg->title = "Duyệt dữ liệu";
    pg->nav = "review";
    const char *done = hs_kv_get(&r->query, "done"), *did = hs_kv_get(&r->query, "id");
    if (done && did) {
        RAW("<p class=\"notice\">");
        P("%s: ", label('r', done));
        rec_link(pg, hs_kind_name(hs_kind_of(did)), did, did);
        RAW("</p>");
    }
    P("<h1>Chờ duyệt (%zu)</h1>", total);
    if (!r->user[0])
        RAW("<p class=\"hint\"><a href=\"/signin?next=/review\">Đăng nhập</a> để xác nhận hoặc "
            "bác bỏ.</p>");
    RAW("<table class=\"list review\"><thead><tr><th>Loại</th><th>Bản ghi</th><th>Ngày</th>"
        "<th>Độ tin cậy</th><th>Nguồn</th><th></th></tr></thead><tbody>");
    size_t i;
    json_t *it;
    json_array_foreach(q, i, it) {
        const char *id = S(it, "id"), *type = hs_kind_name(hs_kind_of(id));
        bool agr = type && strcmp(type, "agreement") == 0;
        bool act = type && strcmp(type, "activity") == 0;
        P("<tr id=\"r-%s\"><td>%s</td><td>", id, label('t', type));
        ht_buf t = {0};
        if (agr || act)
            ht_buf_puts(&t, label(agr ? 'a' : 'v', S(it, "kind")));
        if (agr && S(it, "title") && strcmp(S(it, "title"), S(it, "kind") ? S(it, "kind") : "") != 0) {
            ht_buf_puts(&t, ": ");
            ht_buf_puts(&t, S(it, "title"));
        }
        if (!agr && !act && S(it, "name"))
            ht_buf_puts(&t, S(it, "name"));
        rec_link(pg, type, id, t.p);
        ht_buf_free(&t);
        if (json_array_size(json_object_get(it, "parties"))) {
            RAW("<div class=\"parties\">");
            parties_dd(pg, it);
            RAW("</div>");
        }
        RAW("</td><td>");
        hs_html_date(&pg->b, agr ? S(it, "signed") : S(it, "date"),
                     B(it, agr ? "signed_inferred" : "date_inferred"));
        json_t *c = json_object_get(it, "confidence");
        RAW("</td><td>");
        if (json_is_number(c))
            P("%.2f", json_number_value(c));
        RAW("</td><td>");
        json_t *src = json_array_get(json_object_get(it, "sources"), 0);
        if (S(src, "document"))
            rec_link(pg, "document", S(src, "document"),
                 cut(pg, S(src, "title") ? S(src, "title") : S(src, "source"), 90));
        RAW("</td><td>");
        if (r->user[0]) {
            static const char *const A[][2] = {{"confirm", "Xác nhận"}, {"reject", "Bác bỏ"}};
            for (size_t k = 0; k < 2; k++) {
                RAW("<form method=\"post\" class=\"inline\" action=\"/review/");
                hs_url_encode(&pg->b, id);
                RAW("\">");
                csrf_field(pg);
                P("<input type=\"hidden\" name=\"action\" value=\"%s\"><input type=\"hidden\" "
                  "name=\"next\" value=\"/review\"><button type=\"submit\" class=\"%s\">%s"
                  "</button></form> ",
                  A[k][0], A[k][0], A[k][1]);
            }
        }
        RAW("</td></tr>");
    }
    RAW("</tbody></table>");
    if (json_array_size(q) < total)
        P("<p class=\"hint\">Đang hiện %zu mục đầu tiên trong hàng đợi.</p>", json_array_size(q));
    json_decref(q);
    finish(pg);
}

/* ---- writes from forms ---- */

typedef struct {
    ht_rec_kind k;
    const char *id, *action, *kind, *user;
    char *json;
    char out_id[HT_ID_MAX];
} form_write;

static int do_review(ht_store *st, void *ud, ht_error *e)
{
    form_write *f = ud;
    char *ids[1] = {(char *)f->id};
    if (f->action && strcmp(f->action, "delete") == 0)
        return ht_app_record_delete(st, f->k, f->id, f->user, e);
    return ht_app_review(st, f->action ? f->action : "", ids, 1, f->user, e);
}

static int do_add(ht_store *st, void *ud, ht_error *e)
{
    form_write *f = ud;
    return ht_app_record_add(st, f->k, f->json, strlen(f->json), f->user, f->out_id, e);
}

static int do_edit(ht_store *st, void *ud, ht_error *e)
{
    form_write *f = ud;
    return ht_app_record_edit(st, f->k, f->id, f->json, strlen(f->json), f->user, e);
}

/* 401 page without a user, 403 without the CSRF token. */
static bool form_may_write(hs_req *r, page *pg)
{
    if (!r->user[0]) {
        error_page(pg, 401, "Cần đăng nhập để thay đổi dữ liệu.");
        return false;
    }
    if (!hs_csrf_check(r)) {
        error_page(pg, 403, "Biểu mẫu đã hết hạn hoặc không hợp lệ (thiếu mã CSRF). Hãy tải lại "
                            "trang và thử lại.");
        return false;
    }
    return true;
}

static void post_review(hs_req *r, hs_resp *w, page *pg, const char *id)
{
    if (!form_may_write(r, pg))
        return;
    hs_kind k = hs_kind_of(id);
    if (k > HS_ACTIVITY) {
        error_page(pg, 404, "Không có bản ghi này.");
        return;
    }
    form_write f = {.k = (ht_rec_kind)k, .id = id, .action = hs_kv_get(&r->form, "action"),
                    .user = r->user};
    ht_error e = {0};
    int rc = hs_write(r, do_review, &f, &e);
    if (rc) {
        error_page(pg, hs_status_of(rc), e.msg);
        return;
    }
    static const char *const DONE[][2] = {{"confirm", "confirmed"}, {"reject", "rejected"},
                                          {"delete", "deleted"}};
    const char *done = "confirmed";
    for (size_t i = 0; i < 3; i++)
        if (strcmp(f.action, DONE[i][0]) == 0)
            done = DONE[i][1];
    const char *next = safe_next(hs_kv_get(&r->form, "next"));
    ht_buf to = {0};
    if (next && strcmp(next, "/review") == 0) {
        ht_buf_printf(&to, "/review?done=%s&id=", done);
        hs_url_encode(&to, id);
    } else {
        ht_buf_printf(&to, "/%s/", hs_kind_name(hs_kind_of(id)));
        hs_url_encode(&to, id);
        ht_buf_printf(&to, "?done=%s", done);
    }
    ht_buf_free(&pg->b);
    redirect(r, w, to.p);
    ht_buf_free(&to);
}

/* dd/mm/yyyy, mm/yyyy, yyyy or ISO -> ISO; NULL for empty; "" when unreadable. */
static char *date_in(hs_req *r, const char *s)
{
    if (!s)
        return NULL;
    while (*s == ' ')
        s++;
    if (!*s)
        return NULL;
    int d, m, y;
    char out[16];
    char tail;
    if (sscanf(s, "%d/%d/%d%c", &d, &m, &y, &tail) == 3)
        snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
    else if (sscanf(s, "%d/%d%c", &m, &y, &tail) == 2)
        snprintf(out, sizeof out, "%04d-%02d", y, m);
    else
        snprintf(out, sizeof out, "%.15s", s);
    return ht_arena_strndup(&r->a, out, strlen(out));
}

/* The form's fields as the JSON object of a record of kind k. */
static char *form_json(hs_req *r, hs_kind k)
{
    json_t *o = json_object();
    const hs_kvs *f = &r->form;
    const char *v;
#define STR(name)                                                                              \
    if ((v = hs_kv_get(f, name)))                                                              \
        json_object_set_new(o, name, *v ? json_string(v) : json_null());
#define LINES(name)                                                                            \
    if ((v = hs_kv_get(f, name))) {                                                            \
        json_t *a = json_array();                                                              \
        const char *p = v;                                                                     \
        while (*p) {                                                                           \
            const char *nl = strchr(p, '\n');                                                  \
            size_t len = nl ? (size_t)(nl - p) : strlen(p);                                    \
            while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))                           \
                len--;                                                                         \
            while (len && (*p == ' ' || *p == '\t')) {                                         \
                p++;                                                                           \
                len--;                                                                         \
            }                                                                                  \
            if (len)                                                                           \
                json_array_append_new(a, json_stringn(p, len));                                \
            if (!nl)                                                                           \
                break;                                                                         \
            p = nl + 1;                                                                        \
        }                                                                                      \
        json_object_set_new(o, name, a);                                                       \
    }
    if (hs_kv_get(f, "fields_set")) {
        json_t *a = json_array();
        for (size_t i = 0; i < f->n; i++)
            if (strcmp(f->v[i].k, "fields") == 0 && *f->v[i].v)
                json_array_append_new(a, json_string(f->v[i].v));
        json_object_set_new(o, "fields", a);
    }
    if (k == HS_AGREEMENT) {
        STR("kind");
        STR("title");
        STR("place");
        LINES("parties");
        LINES("tasks");
        if ((v = hs_kv_get(f, "signed"))) {
            char *d = date_in(r, v);
            json_object_set_new(o, "signed", d ? json_string(d) : json_null());
        }
        const char *tf = hs_kv_get(f, "term_from"), *tt = hs_kv_get(f, "term_to");
        if (tf || tt) {
            if ((tf && *tf) || (tt && *tt)) {
                json_t *t = json_object();
                json_object_set_new(t, "from", tf && *tf ? (atoi(tf) > 0 ? json_integer(atoi(tf)) : json_string(tf)) : json_null());
                json_object_set_new(t, "to", tt && *tt ? (atoi(tt) > 0 ? json_integer(atoi(tt)) : json_string(tt)) : json_null());
                json_object_set_new(o, "term", t);
            } else
                json_object_set_new(o, "term", json_null());
        }
        if ((v = hs_kv_get(f, "tasks_declared")))
            json_object_set_new(o, "tasks_declared",
                                *v ? (atoi(v) >= 0 && strspn(v, "0123456789") == strlen(v) ? json_integer(atoi(v)) : json_string(v)) : json_null());
    } else if (k == HS_ACTIVITY) {
        STR("kind");
        STR("place");
        STR("agreement");
        LINES("parties");
        LINES("commitments");
        if ((v = hs_kv_get(f, "date"))) {
            char *d = date_in(r, v);
            json_object_set_new(o, "date", d ? json_string(d) : json_null());
        }
    } else if (k == HS_PARTY) {
        STR("name");
        STR("kind");
        STR("country");
        STR("name_en");
        STR("parent");
    } else if (k == HS_PERSON) {
        STR("name");
        STR("party");
    }
#undef STR
#undef LINES
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

static void field_row(page *pg, const char *label_, const char *name, const char *value,
                      const char *hint)
{
    P("<label>%s <input type=\"text\" name=\"%s\" value=\"%s\"", label_, name, value ? value : "");
    if (hint)
        P(" placeholder=\"%s\"", hint);
    RAW("></label>");
}

static void lines_row(page *pg, const char *label_, const char *name, json_t *arr,
                      const char *hint)
{
    P("<label>%s <textarea name=\"%s\" rows=\"5\" placeholder=\"%s\">", label_, name, hint ? hint : "");
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x) {
        if (json_is_string(x))
            P("%s\n", json_string_value(x));
    }
    RAW("</textarea></label>");
}

static void select_row(page *pg, const char *label_, const char *name, char ns,
                       const char *const *codes, const char *cur)
{
    P("<label>%s <select name=\"%s\">", label_, name);
    for (size_t i = 0; codes[i]; i++)
        opt(pg, codes[i], label(ns, codes[i]), cur);
    RAW("</select></label>");
}

static void fields_row(page *pg, json_t *cur)
{
    static const char *const F[] = {
        "politics", "diplomacy", "economy", "trade", "investment", "agriculture", "education",
        "health", "culture", "tourism", "sport", "security", "defence", "transport", "energy",
        "environment", "science", "youth", "labour", "other", NULL};
    RAW("<fieldset class=\"fields\"><legend>Lĩnh vực</legend><input type=\"hidden\" "
        "name=\"fields_set\" value=\"1\">");
    for (size_t i = 0; F[i]; i++) {
        bool on = false;
        size_t k;
        json_t *x;
        json_array_foreach(cur, k, x) on |= json_is_string(x) && strcmp(json_string_value(x), F[i]) == 0;
        P("<label class=\"check\"><input type=\"checkbox\" name=\"fields\" value=\"%s\"%s> %s"
          "</label>",
          F[i], on ? " checked" : "", label('f', F[i]));
    }
    RAW("</fieldset>");
}

static const char *const AGR_K[] = {"mou", "cooperation_agreement", "twinning", "minutes", "plan",
                                    "other", NULL};
static const char *const ACT_K[] = {"visit", "reception", "working_session", "talks", "signing",
                                    "twinning", "exchange", "festival", "donation", "training",
                                    "scholarship", "conference", "other", NULL};
static const char *const PARTY_K[] = {"country", "province", "district", "commune",
                                      "organisation", NULL};

/* The form of a record of kind k; o holds the values to show (may be NULL). */
static void record_form(page *pg, hs_kind k, const char *action, json_t *o, const char *msg)
{
    if (msg)
        P("<p class=\"error\" role=\"alert\">%s</p>", msg);
    P("<form method=\"post\" action=\"%s\" class=\"record\">", action);
    csrf_field(pg);
    char vi[16];
    if (k == HS_AGREEMENT) {
        select_row(pg, "Loại văn bản", "kind", 'a', AGR_K, S(o, "kind"));
        field_row(pg, "Tên văn bản", "title", S(o, "title"), "ví dụ: Thỏa thuận hợp tác giai đoạn 2018–2023");
        lines_row(pg, "Các bên (mỗi dòng một bên)", "parties", json_object_get(o, "parties"),
                  "Đắk Lắk\nSê Kông");
        hs_date_vi(S(o, "signed"), vi);
        field_row(pg, "Ngày ký", "signed", vi, "21/06/2018");
        field_row(pg, "Nơi ký", "place", S(o, "place"), NULL);
        json_t *t = json_object_get(o, "term");
        char tf[16] = "", tt[16] = "";
        if (json_is_object(t)) {
            if (json_is_integer(json_object_get(t, "from")))
                snprintf(tf, sizeof tf, "%lld", (long long)json_integer_value(json_object_get(t, "from")));
            if (json_is_integer(json_object_get(t, "to")))
                snprintf(tt, sizeof tt, "%lld", (long long)json_integer_value(json_object_get(t, "to")));
        }
        RAW("<div class=\"row\">");
        field_row(pg, "Hiệu lực từ năm", "term_from", tf, "2018");
        field_row(pg, "đến năm", "term_to", tt, "2023");
        RAW("</div>");
        fields_row(pg, json_object_get(o, "fields"));
        char td[16] = "";
        if (json_is_integer(json_object_get(o, "tasks_declared")))
            snprintf(td, sizeof td, "%lld", (long long)json_integer_value(json_object_get(o, "tasks_declared")));
        field_row(pg, "Số nhiệm vụ văn bản nêu", "tasks_declared", td, NULL);
        lines_row(pg, "Nhiệm vụ (mỗi dòng một nhiệm vụ, theo thứ tự)", "tasks",
                  json_object_get(o, "tasks"), NULL);
    } else if (k == HS_ACTIVITY) {
        select_row(pg, "Loại hoạt động", "kind", 'v', ACT_K, S(o, "kind"));
        hs_date_vi(S(o, "date"), vi);
        field_row(pg, "Ngày", "date", vi, "21/06/2018");
        field_row(pg, "Địa điểm", "place", S(o, "place"), NULL);
        lines_row(pg, "Các bên (mỗi dòng một bên)", "parties", json_object_get(o, "parties"), NULL);
        lines_row(pg, "Cam kết (mỗi dòng một cam kết)", "commitments",
                  json_object_get(o, "commitments"), NULL);
        fields_row(pg, json_object_get(o, "fields"));
        field_row(pg, "Thực hiện văn bản (mã)", "agreement", S(o, "agreement"), "agr-…");
    } else if (k == HS_PARTY) {
        field_row(pg, "Tên", "name", S(o, "name"), NULL);
        select_row(pg, "Loại", "kind", 'p', PARTY_K, S(o, "kind") ? S(o, "kind") : "organisation");
        field_row(pg, "Quốc gia (mã ISO)", "country", S(o, "country"), "VN");
        field_row(pg, "Tên tiếng Anh", "name_en", S(o, "name_en"), NULL);
        field_row(pg, "Thuộc (mã)", "parent", S(o, "parent"), "VN-DLK");
    } else {
        field_row(pg, "Họ tên", "name", S(o, "name"), NULL);
        field_row(pg, "Thuộc (mã đối tác)", "party", S(o, "party"), NULL);
    }
    RAW("<button type=\"submit\">Lưu</button></form>");
}

static const char *kind_title(hs_kind k)
{
    return k == HS_AGREEMENT ? "văn bản hợp tác"
           : k == HS_ACTIVITY ? "hoạt động"
           : k == HS_PARTY    ? "đối tác"
                              : "nhân vật";
}

static void page_new(hs_req *r, hs_resp *w, page *pg, const char *kind)
{
    hs_kind k = hs_kind_of(strcmp(kind, "agreement") == 0   ? "agr-"
                           : strcmp(kind, "activity") == 0 ? "act-"
                           : strcmp(kind, "party") == 0    ? "org-"
                                                           : "");
    if (k == HS_NONE) {
        error_page(pg, 404, "Không có loại bản ghi này.");
        return;
    }
    pg->nav = "new";
    ht_buf t = {0};
    ht_buf_printf(&t, "Thêm %s", kind_title(k));
    pg->title = keep(pg, t.p);
    char action[64];
    snprintf(action, sizeof action, "/new/%s", kind);
    if (strcmp(r->method, "POST") == 0) {
        if (!form_may_write(r, pg)) {
            ht_buf_free(&t);
            return;
        }
        form_write f = {.k = (ht_rec_kind)k, .kind = kind, .user = r->user,
                        .json = form_json(r, k)};
        ht_error e = {0};
        int rc = f.json ? hs_write(r, do_add, &f, &e) : ht_err(&e, HT_ENOMEM, "out of memory");
        if (!rc) {
            ht_buf to = {0};
            ht_buf_printf(&to, "/%s/", kind);
            hs_url_encode(&to, f.out_id);
            redirect(r, w, to.p);
            ht_buf_free(&to);
            free(f.json);
            ht_buf_free(&pg->b);
            ht_buf_free(&t);
            return;
        }
        json_t *o = f.json ? json_loads(f.json, 0, NULL) : NULL;
        P("<h1>%s</h1>", t.p);
        record_form(pg, k, action, o, e.msg);
        json_decref(o);
        free(f.json);
        pg->status = hs_status_of(rc);
        finish(pg);
        ht_buf_free(&t);
        return;
    }
    P("<h1>%s</h1>", t.p);
    if (!r->user[0])
        RAW("<p class=\"hint\"><a href=\"/signin\">Đăng nhập</a> để lưu.</p>");
    record_form(pg, k, action, NULL, NULL);
    finish(pg);
    ht_buf_free(&t);
}

static void page_edit(hs_req *r, hs_resp *w, page *pg, const char *id)
{
    hs_kind k = hs_kind_of(id);
    if (k > HS_ACTIVITY) {
        error_page(pg, 404, "Không có bản ghi này.");
        return;
    }
    ht_buf b = {0};
    ht_error e = {0};
    json_t *cur = load(pg, ht_app_record_show(r->st, (ht_rec_kind)k, id, true, &b, &e), &b, &e);
    if (!cur)
        return;
    /* parties are edited by name, one a line */
    json_t *ps = json_object_get(cur, "parties");
    if (json_is_array(ps)) {
        json_t *names = json_array();
        size_t i;
        json_t *x;
        json_array_foreach(ps, i, x) {
            if (S(x, "name"))
                json_array_append_new(names, json_string(S(x, "name")));
        }
        json_object_set_new(cur, "parties", names);
    }
    ht_buf t = {0};
    ht_buf_printf(&t, "Sửa %s", kind_title(k));
    pg->title = keep(pg, t.p);
    char action[96];
    snprintf(action, sizeof action, "/edit/%s", id);
    const char *msg = NULL;
    if (strcmp(r->method, "POST") == 0) {
        if (!form_may_write(r, pg)) {
            json_decref(cur);
            ht_buf_free(&t);
            return;
        }
        form_write f = {.k = (ht_rec_kind)k, .id = id, .user = r->user, .json = form_json(r, k)};
        int rc = f.json ? hs_write(r, do_edit, &f, &e) : ht_err(&e, HT_ENOMEM, "out of memory");
        if (!rc) {
            ht_buf to = {0};
            ht_buf_printf(&to, "/%s/", hs_kind_name(k));
            hs_url_encode(&to, id);
            ht_buf_puts(&to, "?done=confirmed");
            redirect(r, w, to.p);
            ht_buf_free(&to);
            free(f.json);
            json_decref(cur);
            ht_buf_free(&pg->b);
            ht_buf_free(&t);
            return;
        }
        json_t *given = f.json ? json_loads(f.json, 0, NULL) : NULL;
        json_object_update(cur, given);
        json_decref(given);
        free(f.json);
        msg = e.msg;
        pg->status = hs_status_of(rc);
    }
    P("<h1>%s</h1>", t.p);
    record_form(pg, k, action, cur, msg);
    json_decref(cur);
    finish(pg);
    ht_buf_free(&t);
}

/* ---- sign-in ---- */

static void signin_form(hs_req *r, hs_resp *w, page *pg, const char *msg, const char *name)
{
    hs_anon_token(r, w);
    pg->title = "Đăng nhập";
    RAW("<h1>Đăng nhập</h1>");
    if (msg)
        P("<p class=\"error\" role=\"alert\">%s</p>", msg);
    RAW("<form method=\"post\" action=\"/signin\" class=\"record signin\">");
    csrf_field(pg);
    const char *next = safe_next(hs_kv_get(r->form_ok ? &r->form : &r->query, "next"));
    if (next)
        P("<input type=\"hidden\" name=\"next\" value=\"%s\">", next);
    P("<label>Tên đăng nhập <input type=\"text\" name=\"name\" value=\"%s\" autocomplete="
      "\"username\" required></label>",
      name ? name : "");
    RAW("<label>Mật khẩu <input type=\"password\" name=\"password\" autocomplete="
        "\"current-password\" required></label><button type=\"submit\">Đăng nhập</button></form>");
    finish(pg);
}

static void page_signin(hs_req *r, hs_resp *w, page *pg)
{
    if (strcmp(r->method, "POST") != 0) {
        signin_form(r, w, pg, NULL, NULL);
        return;
    }
    if (!hs_csrf_check(r)) {
        pg->status = 403;
        signin_form(r, w, pg, "Biểu mẫu đã hết hạn (mã CSRF không đúng); hãy thử lại.", NULL);
        return;
    }
    const char *name = hs_kv_get(&r->form, "name"), *pw = hs_kv_get(&r->form, "password");
    if (!name || !pw) {
        pg->status = 400;
        signin_form(r, w, pg, "Hãy nhập tên đăng nhập và mật khẩu.", name);
        return;
    }
    char token[HT_AUTH_TOKEN_LEN + 1];
    int retry = 0;
    ht_error e = {0};
    int rc = hs_signin(r, name, pw, token, &retry, &e);
    if (rc == HT_ELIMIT) {
        char ra[16], msg[160];
        snprintf(ra, sizeof ra, "%d", retry);
        hs_header(r, w, "Retry-After", ra);
        snprintf(msg, sizeof msg, "Đăng nhập sai quá nhiều lần; hãy thử lại sau %d giây.", retry);
        pg->status = 429;
        signin_form(r, w, pg, msg, name);
        return;
    }
    if (rc) {
        pg->status = rc == HT_EINVAL ? 401 : hs_status_of(rc);
        signin_form(r, w, pg, rc == HT_EINVAL ? "Sai tên đăng nhập hoặc mật khẩu." : e.msg, name);
        return;
    }
    if (r->session) {
        ht_error e2;
        ht_auth_signout(r->st, r->session, &e2);
    }
    hs_set_session_cookie(r, w, token);
    const char *next = safe_next(hs_kv_get(&r->form, "next"));
    ht_buf_free(&pg->b);
    redirect(r, w, next ? next : "/");
}

static void page_signout(hs_req *r, hs_resp *w, page *pg)
{
    if (strcmp(r->method, "POST") != 0) {
        error_page(pg, 405, "Đăng xuất bằng nút trên trang.");
        return;
    }
    if (r->session && !hs_csrf_check(r)) {
        error_page(pg, 403, "Mã CSRF không đúng.");
        return;
    }
    if (r->session) {
        ht_error e;
        ht_auth_signout(r->st, r->session, &e);
    }
    hs_set_session_cookie(r, w, NULL);
    ht_buf_free(&pg->b);
    redirect(r, w, "/");
}

/* ---- routing ---- */

void hs_pages(hs_req *r, hs_resp *w)
{
    page pg0 = {.r = r, .w = w}, *pg = &pg0;
    const char *seg[4];
    size_t n = hs_path_split(r->path, &r->a, seg, 4);
    bool get = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
    bool post = strcmp(r->method, "POST") == 0;
    const char *top = n ? seg[0] : "";
    if (!get && !post) {
        error_page(pg, 405, "Phương thức không được hỗ trợ.");
        return;
    }
    if (strcmp(top, "signin") == 0 && n == 1) {
        page_signin(r, w, pg);
        return;
    }
    if (r->public_server && !r->loopback && !r->user[0]) {
        ht_buf_free(&pg->b);
        redirect(r, w, "/signin");
        return;
    }
    if (strcmp(top, "signout") == 0 && n == 1)
        page_signout(r, w, pg);
    else if (post && strcmp(top, "review") == 0 && n == 2)
        post_review(r, w, pg, seg[1]);
    else if (strcmp(top, "new") == 0 && n == 2)
        page_new(r, w, pg, seg[1]);
    else if (strcmp(top, "edit") == 0 && n == 2)
        page_edit(r, w, pg, seg[1]);
    else if (post)
        error_page(pg, 405, "Trang này không nhận biểu mẫu.");
    else if (!*top && n <= 1)
        page_home(r, pg);
    else if (strcmp(top, "search") == 0 && n == 1)
        page_search(r, pg);
    else if (strcmp(top, "review") == 0 && n == 1)
        page_review(r, pg);
    else if (strcmp(top, "documents") == 0 && n == 1)
        page_documents(r, pg);
    else if (n == 1 && (strcmp(top, "agreements") == 0 || strcmp(top, "activities") == 0 ||
                        strcmp(top, "parties") == 0 || strcmp(top, "people") == 0))
        page_list(r, pg, top);
    else if (strcmp(top, "document") == 0 && n == 2)
        page_document(r, pg, seg[1]);
    else if (n == 2 && (strcmp(top, "party") == 0 || strcmp(top, "person") == 0 ||
                        strcmp(top, "agreement") == 0 || strcmp(top, "activity") == 0))
        page_record(r, pg, top, seg[1]);
    else if (strcmp(top, "pair") == 0 && n == 3)
        page_pair(r, pg, seg[1], seg[2]);
    else if (strcmp(top, "pair") == 0 && n == 1) {
        const char *a = hs_kv_get(&r->query, "a"), *b = hs_kv_get(&r->query, "b");
        /* ids or names: the pair page finds them as `hoptac timeline A B` does */
        if (a && b && *a && *b) {
            ht_buf to = {0};
            ht_buf_puts(&to, "/pair/");
            hs_url_encode(&to, a);
            ht_buf_putc(&to, '/');
            hs_url_encode(&to, b);
            redirect(r, w, to.p);
            ht_buf_free(&to);
        } else
            error_page(pg, 400, "Cần hai đối tác (mã hoặc tên, ví dụ VN-DLK và Sê Kông).");
    } else
        error_page(pg, 404, "Không tìm thấy trang này.");
}
