/* The command line shared by party, person, agreement and activity: parses the action
 * and its arguments, opens the registry, calls one app function and prints its
 * result. */
#include "records.h"
#include "app/app.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int ht_cli_fail(const char *cmd, const char *msg)
{
    fprintf(stderr, "hoptac %s: %s\n", cmd, msg);
    return 1;
}

static bool passed(const char *const *pass, const char *a, bool *with_value)
{
    for (; pass && *pass; pass++) {
        size_t n = strlen(*pass);
        if (strncmp(a, *pass, n) == 0 && (a[n] == 0 || a[n] == '=')) {
            *with_value = a[n] == 0;
            return true;
        }
    }
    return false;
}

int ht_cli_parse(const char *cmd, int argc, char **argv, bool filters,
                 const char *const *pass, ht_cli_opts *o)
{
    bool opts = true, next;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts && passed(pass, a, &next)) {
            o->args[o->nargs++] = argv[i];
            if (next) {
                if (i + 1 >= argc)
                    return ht_cli_usage_error(cmd, "%s needs a value", a);
                o->args[o->nargs++] = argv[++i];
            }
        } else if (opts && strcmp(a, "--") == 0)
            opts = false;
        else if (opts && strcmp(a, "--json") == 0)
            o->json = true;
        else if (opts && strcmp(a, "--db") == 0) {
            if (i + 1 >= argc)
                return ht_cli_usage_error(cmd, "--db needs a path");
            o->db = argv[++i];
        } else if (opts && strncmp(a, "--db=", 5) == 0)
            o->db = a + 5;
        else if (opts && filters && strcmp(a, "--all") == 0)
            o->all = true;
        else if (opts && filters && strcmp(a, "--status") == 0) {
            if (i + 1 >= argc)
                return ht_cli_usage_error(cmd, "--status needs a value");
            o->status = argv[++i];
        } else if (opts && filters && strncmp(a, "--status=", 9) == 0)
            o->status = a + 9;
        else if (opts && a[0] == '-' && a[1] == '-')
            return ht_cli_usage_error(cmd, "unknown option '%s'", a);
        else
            o->args[o->nargs++] = argv[i];
    }
    if (o->status && strcmp(o->status, "proposed") && strcmp(o->status, "confirmed") &&
        strcmp(o->status, "rejected") && strcmp(o->status, "deleted"))
        return ht_cli_usage_error(cmd, "--status must be proposed, confirmed, rejected or deleted, "
                                       "not '%s'", o->status);
    return 0;
}

/* The words of a name given without quotes: party show Kon Tum. */
static char *joined(char **v, int n)
{
    ht_buf b = {0};
    for (int i = 0; i < n; i++)
        if ((i && ht_buf_putc(&b, ' ')) || ht_buf_puts(&b, v[i])) {
            ht_buf_free(&b);
            return NULL;
        }
    return ht_buf_take(&b);
}

static int print_record(const char *cmd, ht_store *st, ht_rec_kind k, const char *id, bool json)
{
    ht_buf out = {0};
    ht_error e = {0};
    int rc = ht_app_record_show(st, k, id, json, &out, &e);
    if (!rc)
        fwrite(out.p, 1, out.n, stdout);
    ht_buf_free(&out);
    return rc ? ht_cli_fail(cmd, e.msg) : 0;
}

int ht_cli_records(ht_rec_kind k, int argc, char **argv)
{
    const char *cmd = argv[0];
    ht_cli_opts o = {0};
    o.args = calloc((size_t)argc + 1, sizeof *o.args);
    if (!o.args)
        return ht_cli_fail(cmd, "out of memory");
    static const char *const pass[] = {"--task", NULL};
    int rc = ht_cli_parse(cmd, argc, argv, true, k == HT_REC_ACTIVITY ? pass : NULL, &o);
    if (rc) {
        free(o.args);
        return rc;
    }
    const char *action = o.nargs ? o.args[0] : NULL;
    char **rest = o.args + 1;
    int nrest = o.nargs ? o.nargs - 1 : 0;
    static const char *const actions[] = {"list", "show", "add", "edit", "merge", "delete", "link"};
    int act = -1;
    for (int i = 0; action && i < 7; i++)
        if (strcmp(action, actions[i]) == 0)
            act = i;
    if (act == 6 && k != HT_REC_ACTIVITY)
        act = -1;
    const char *err = NULL;
    if (!action)
        err = "say what to do: list, show, add, edit, merge or delete";
    else if (act < 0)
        err = "unknown action";
    else if (act == 0 && nrest)
        err = "list takes no argument (filter with --status or --all)";
    else if ((act == 1 || act == 5) && !nrest)
        err = "give a record: its id or name";
    else if (act == 2 && !nrest)
        err = "add needs FIELD=VALUE arguments";
    else if (act == 3 && nrest < 2)
        err = "edit needs a record and FIELD=VALUE arguments";
    else if (act == 4 && nrest != 2)
        err = "merge needs two records: the one that stays, then the one merged into it";
    if (err) {
        free(o.args);
        if (act < 0 && action)
            return ht_cli_usage_error(cmd, "unknown action '%s'", action);
        return ht_cli_usage_error(cmd, "%s", err);
    }
    if (act == 6) {
        /* link ACTIVITY AGREEMENT [--task N]... : --task was left among the arguments */
        long *tasks = calloc((size_t)nrest + 1, sizeof *tasks);
        size_t nt = 0;
        const char *ids[2] = {NULL, NULL};
        int ni = 0;
        for (int i = 0; i < nrest && !err; i++) {
            const char *a = rest[i];
            const char *v = NULL;
            if (strcmp(a, "--task") == 0)
                v = i + 1 < nrest ? rest[++i] : "";
            else if (strncmp(a, "--task=", 7) == 0)
                v = a + 7;
            if (v) {
                char *end;
                long n = strtol(v, &end, 10);
                if (!*v || *end || n < 1)
                    err = "--task needs a task number (1, 2, ...)";
                else
                    tasks[nt++] = n;
            } else if (ni < 2)
                ids[ni++] = a;
            else
                err = "link takes an activity, an agreement and --task N options";
        }
        if (!err && ni != 2)
            err = "link needs an activity and an agreement";
        if (err) {
            free(tasks);
            free(o.args);
            return ht_cli_usage_error(cmd, "%s", err);
        }
        ht_store *st;
        ht_error e = {0};
        if (ht_store_open(ht_store_path(o.db), 0, &st, &e)) {
            free(tasks);
            free(o.args);
            return ht_cli_fail(cmd, e.msg);
        }
        rc = ht_app_activity_link(st, ids[0], ids[1], tasks, nt, NULL, &e);
        if (rc)
            rc = ht_cli_fail(cmd, e.msg);
        else if (o.json)
            rc = print_record(cmd, st, k, ids[0], true);
        else {
            printf("linked activity %s to agreement %s", ids[0], ids[1]);
            for (size_t i = 0; i < nt; i++)
                printf("%s%ld", i ? ", " : ", task ", tasks[i]);
            printf("\n");
        }
        ht_store_close(st);
        free(tasks);
        free(o.args);
        return rc;
    }
    ht_store *st;
    ht_error e = {0};
    bool writes = act >= 2;
    if (ht_store_open(ht_store_path(o.db), writes ? 0 : HT_STORE_READONLY, &st, &e)) {
        free(o.args);
        return ht_cli_fail(cmd, e.msg);
    }
    ht_buf out = {0};
    switch (act) {
    case 0: {
        ht_rec_filter f = {o.status, o.all};
        rc = ht_app_record_list(st, k, &f, o.json, &out, &e);
        break;
    }
    case 1:
    case 5: {
        char *q = joined(rest, nrest);
        if (!q)
            rc = ht_err(&e, HT_ENOMEM, "out of memory");
        else if (act == 1)
            rc = ht_app_record_show(st, k, q, o.json, &out, &e);
        else if (!(rc = ht_app_record_delete(st, k, q, NULL, &e)))
            ht_buf_printf(&out, "deleted %s %s (kept in history; 'review confirm' brings it back)\n",
                          ht_rec_kind_name(k), q);
        free(q);
        break;
    }
    case 2:
    case 3: {
        ht_buf json = {0};
        char id[HT_ID_MAX];
        const char *target = act == 2 ? NULL : rest[0];
        if (target && (rc = ht_store_rec_find(st, k, target, id, &e)))
            break;
        rc = ht_app_assignments(st, k, target ? id : NULL, act == 2 ? rest : rest + 1,
                                (size_t)(act == 2 ? nrest : nrest - 1), &json, &e);
        if (!rc && act == 2)
            rc = ht_app_record_add(st, k, json.p, json.n, NULL, id, &e);
        else if (!rc)
            rc = ht_app_record_edit(st, k, id, json.p, json.n, NULL, &e);
        ht_buf_free(&json);
        if (!rc && o.json)
            rc = ht_app_record_show(st, k, id, true, &out, &e);
        else if (!rc)
            ht_buf_printf(&out, "%s %s %s\n", act == 2 ? "added" : "edited", ht_rec_kind_name(k), id);
        break;
    }
    case 4:
        rc = ht_app_record_merge(st, k, rest[0], rest[1], NULL, &e);
        if (!rc)
            ht_buf_printf(&out, "merged %s into %s (%s stays as a deleted record pointing at it)\n",
                          rest[1], rest[0], rest[1]);
        break;
    }
    ht_store_close(st);
    free(o.args);
    if (rc) {
        ht_buf_free(&out);
        return ht_cli_fail(cmd, e.msg);
    }
    fwrite(out.p, 1, out.n, stdout);
    ht_buf_free(&out);
    return 0;
}
