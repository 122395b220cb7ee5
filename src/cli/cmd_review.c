/* hoptac review: the queue of proposed records; confirm, reject or edit them by id, or
 * walk the queue on a terminal one record at a time. */
#include "app/app.h"
#include "cli.h"
#include "records.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char ht_cmd_review_usage[] =
    "usage: hoptac review [list] [--kind K] [--limit N] [--json] [--db PATH]\n"
    "       hoptac review confirm ID... [--db PATH]\n"
    "       hoptac review reject ID... [--db PATH]\n"
    "       hoptac review edit ID FIELD=VALUE... [--db PATH]\n"
    "\n"
    "Records found by ingest are proposed until a person confirms them.\n"
    "\n"
    "list     the queue: agreements, then activities, people and parties, each in\n"
    "         the order of their evidence (--json: the records with their evidence)\n"
    "confirm  confirms the records (all or none: an unknown id changes nothing)\n"
    "reject   rejects them: a rejected fact is never proposed again\n"
    "edit     corrects fields and confirms the record (see 'hoptac help agreement'\n"
    "         and the others for the fields)\n"
    "\n"
    "Without an action, on a terminal, review walks the queue: each record is shown\n"
    "with its evidence and you answer [c]onfirm, [r]eject, [e]dit, [s]kip or [q]uit.\n"
    "When standard input is not a terminal it lists the queue instead.\n"
    "A record a person confirmed, rejected or edited is never changed by a later ingest.\n"
    "\n"
    "  --kind K    only records of kind K (party, person, agreement, activity)\n"
    "  --limit N   at most N records\n"
    "  --json      print JSON instead of a table\n"
    "  --db PATH   the database file (default: $HOPTAC_DB, else ./hoptac.db)\n";

static char *read_line(char *buf, size_t n)
{
    fflush(stdout);
    if (!fgets(buf, (int)n, stdin))
        return NULL;
    size_t k = strlen(buf);
    while (k && (buf[k - 1] == '\n' || buf[k - 1] == '\r' || buf[k - 1] == ' '))
        buf[--k] = 0;
    char *p = buf;
    while (*p == ' ')
        p++;
    return p;
}

/* Reads FIELD=VALUE lines until an empty one and applies them. */
static int edit_interactively(ht_store *st, const char *id)
{
    ht_rec_kind k = ht_rec_kind_of(id);
    const char *const *fields = ht_store_fields(k);
    printf("fields:");
    for (size_t i = 0; fields[i]; i++)
        printf(" %s", fields[i]);
    printf("\nFIELD=VALUE, one a line (FIELD+=VALUE adds to a list); an empty line ends\n");
    char **args = NULL;
    size_t n = 0;
    char buf[4096];
    char *l;
    while (printf("edit> "), (l = read_line(buf, sizeof buf)) && *l) {
        char **v = realloc(args, (n + 1) * sizeof *args);
        if (!v || !(v[n] = strdup(l))) {
            free(v ? v : args);
            return 1;
        }
        args = v;
        n++;
    }
    int rc = 0;
    if (n) {
        ht_buf json = {0};
        ht_error e = {0};
        rc = ht_app_assignments(st, k, id, args, n, &json, &e);
        if (!rc)
            rc = ht_app_record_edit(st, k, id, json.p, json.n, NULL, &e);
        if (rc)
            printf("not changed: %s\n", e.msg);
        else
            printf("edited and confirmed %s\n", id);
        ht_buf_free(&json);
    } else
        printf("nothing changed\n");
    for (size_t i = 0; i < n; i++)
        free(args[i]);
    free(args);
    return rc ? 1 : 0;
}

static int walk(ht_store *st, unsigned kinds)
{
    char (*ids)[HT_ID_MAX];
    size_t n;
    ht_error e = {0};
    if (ht_app_review_ids(st, kinds, &ids, &n, &e))
        return ht_cli_fail("review", e.msg);
    if (!n) {
        printf("nothing to review\n");
        free(ids);
        return 0;
    }
    size_t done[4] = {0}; /* confirmed, rejected, edited, skipped */
    char buf[256];
    size_t i = 0;
    bool quit = false;
    while (i < n && !quit) {
        ht_rec_kind k = ht_rec_kind_of(ids[i]);
        ht_buf out = {0};
        printf("\n— %zu of %zu —\n", i + 1, n);
        if (ht_app_record_show(st, k, ids[i], false, &out, &e)) {
            printf("%s: %s\n", ids[i], e.msg);
            i++;
            ht_buf_free(&out);
            continue;
        }
        fwrite(out.p, 1, out.n, stdout);
        ht_buf_free(&out);
        printf("\n[c]onfirm [r]eject [e]dit [s]kip [q]uit? ");
        char *a = read_line(buf, sizeof buf);
        if (!a || *a == 'q') {
            quit = true;
            break;
        }
        char *one[] = {ids[i]};
        switch (*a) {
        case 'c':
        case 'r':
            if (ht_app_review(st, *a == 'c' ? "confirm" : "reject", one, 1, NULL, &e))
                printf("not changed: %s\n", e.msg);
            else {
                printf("%s %s\n", *a == 'c' ? "confirmed" : "rejected", ids[i]);
                done[*a == 'c' ? 0 : 1]++;
            }
            i++;
            break;
        case 'e':
            if (edit_interactively(st, ids[i]) == 0)
                done[2]++;
            i++;
            break;
        case 's':
        case 0:
            done[3]++;
            i++;
            break;
        default:
            printf("answer c, r, e, s or q\n");
        }
    }
    printf("\n%zu confirmed, %zu rejected, %zu edited, %zu skipped%s\n", done[0], done[1], done[2],
           done[3], i < n ? "; the rest is still waiting" : "");
    free(ids);
    return 0;
}

int ht_cmd_review(int argc, char **argv)
{
    static const char *const pass[] = {"--kind", "--limit", NULL};
    ht_cli_opts o = {0};
    o.args = calloc((size_t)argc + 1, sizeof *o.args);
    if (!o.args)
        return ht_cli_fail("review", "out of memory");
    int rc = ht_cli_parse("review", argc, argv, false, pass, &o);
    unsigned kinds = 0;
    size_t limit = 0;
    char **pos = o.args;
    int npos = 0;
    /* the options left among the arguments, and the positional ones */
    for (int i = 0; !rc && i < o.nargs; i++) {
        const char *a = o.args[i], *v = NULL;
        bool kind = !strncmp(a, "--kind", 6), lim = !strncmp(a, "--limit", 7);
        if (kind || lim)
            v = strchr(a, '=') ? strchr(a, '=') + 1 : o.args[++i];
        if (kind) {
            int k = -1;
            for (int q = 0; q < HT_REC_NKINDS; q++)
                if (!strcmp(v, ht_rec_kind_name((ht_rec_kind)q)))
                    k = q;
            if (k < 0)
                rc = ht_cli_usage_error("review", "--kind must be party, person, agreement or "
                                                  "activity, not '%s'", v);
            else
                kinds |= 1u << k;
        } else if (lim) {
            char *end;
            long n = strtol(v, &end, 10);
            if (!*v || *end || n < 1)
                rc = ht_cli_usage_error("review", "--limit needs a positive number, not '%s'", v);
            limit = (size_t)n;
        } else
            pos[npos++] = o.args[i];
    }
    if (rc) {
        free(o.args);
        return rc;
    }
    const char *action = npos ? pos[0] : NULL;
    bool list = !action || !strcmp(action, "list");
    bool decide = action && (!strcmp(action, "confirm") || !strcmp(action, "reject"));
    bool edit = action && !strcmp(action, "edit");
    if (!list && !decide && !edit)
        rc = ht_cli_usage_error("review", "unknown action '%s' (list, confirm, reject, edit)", action);
    else if (list && action && npos > 1)
        rc = ht_cli_usage_error("review", "list takes no argument");
    else if (decide && npos < 2)
        rc = ht_cli_usage_error("review", "%s needs record ids", action);
    else if (edit && npos < 3)
        rc = ht_cli_usage_error("review", "edit needs a record id and FIELD=VALUE arguments");
    if (rc) {
        free(o.args);
        return rc;
    }
    bool interactive = !action && !o.json && isatty(0) && isatty(1);
    ht_store *st;
    ht_error e = {0};
    if (ht_store_open(ht_store_path(o.db), list && !interactive ? HT_STORE_READONLY : 0, &st, &e)) {
        free(o.args);
        return ht_cli_fail("review", e.msg);
    }
    ht_buf out = {0};
    if (interactive)
        rc = walk(st, kinds);
    else if (list) {
        if ((rc = ht_app_review_list(st, kinds, limit, o.json, &out, &e)))
            rc = ht_cli_fail("review", e.msg);
    } else if (decide) {
        if ((rc = ht_app_review(st, action, pos + 1, (size_t)npos - 1, NULL, &e)))
            rc = ht_cli_fail("review", e.msg);
        else
            ht_buf_printf(&out, "%s %d record%s\n", !strcmp(action, "confirm") ? "confirmed" : "rejected",
                          npos - 1, npos == 2 ? "" : "s");
    } else {
        ht_rec_kind k = ht_rec_kind_of(pos[1]);
        char id[HT_ID_MAX];
        ht_buf json = {0};
        rc = ht_store_rec_find(st, k, pos[1], id, &e);
        if (!rc)
            rc = ht_app_assignments(st, k, id, pos + 2, (size_t)npos - 2, &json, &e);
        if (!rc)
            rc = ht_app_record_edit(st, k, id, json.p, json.n, NULL, &e);
        ht_buf_free(&json);
        if (rc)
            rc = ht_cli_fail("review", e.msg);
        else
            ht_buf_printf(&out, "edited and confirmed %s\n", id);
    }
    ht_store_close(st);
    free(o.args);
    fwrite(out.p, 1, out.n, stdout);
    ht_buf_free(&out);
    return rc;
}
