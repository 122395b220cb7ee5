/* hoptac user: the people who may write through the web UI (add, list, delete). */
#include "app/auth.h"
#include "cli.h"

#include <sodium.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

const char ht_cmd_user_usage[] =
    "usage: hoptac user add NAME [--db PATH]\n"
    "       hoptac user list [--json] [--db PATH]\n"
    "       hoptac user delete NAME [--db PATH]\n"
    "\n"
    "add     adds a user who may sign in to 'hoptac serve' and change the registry.\n"
    "        The password is asked twice on the terminal without echo; when standard\n"
    "        input is not a terminal its first line is the password. It is stored as\n"
    "        an Argon2id hash, never as text. At least 8 characters.\n"
    "list    the users and when they were added\n"
    "delete  removes a user and ends their sessions\n"
    "\n"
    "A user name has letters, digits, '.', '_', '-' and '@'.\n"
    "\n"
    "  --json      print JSON instead of a table (list)\n"
    "  --db PATH   the database file (default: $HOPTAC_DB, else ./hoptac.db)\n";

/* Reads one line into buf (without its line end); -1 on end of input or a line that
 * does not fit. */
static int read_line(FILE *f, char *buf, size_t cap)
{
    if (!fgets(buf, (int)cap, f))
        return -1;
    size_t n = strlen(buf);
    if (n && buf[n - 1] == '\n')
        buf[--n] = 0;
    else if (!feof(f))
        return -1;
    if (n && buf[n - 1] == '\r')
        buf[--n] = 0;
    return (int)n;
}

static int ask(const char *prompt, char *buf, size_t cap)
{
    struct termios old, quiet;
    fputs(prompt, stderr);
    fflush(stderr);
    if (tcgetattr(STDIN_FILENO, &old) != 0)
        return -1;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    quiet.c_lflag |= ECHONL;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    int n = read_line(stdin, buf, cap);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    return n;
}

static int get_password(char *pw, size_t cap)
{
    if (!isatty(STDIN_FILENO)) {
        int n = read_line(stdin, pw, cap);
        if (n < 0)
            fprintf(stderr, "hoptac user: no password on standard input\n");
        return n;
    }
    char again[HT_AUTH_PASSWORD_MAX + 2];
    int n = ask("Password: ", pw, cap);
    if (n < 0)
        return -1;
    int m = ask("Password again: ", again, sizeof again);
    bool same = m == n && sodium_memcmp(pw, again, (size_t)n) == 0;
    sodium_memzero(again, sizeof again);
    if (!same) {
        fprintf(stderr, "hoptac user: the two passwords differ\n");
        return -1;
    }
    return n;
}

int ht_cmd_user(int argc, char **argv)
{
    const char *db = NULL, *action = NULL, *name = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0)
            json = true;
        else if (strcmp(a, "--db") == 0 && i + 1 < argc)
            db = argv[++i];
        else if (strncmp(a, "--db=", 5) == 0)
            db = a + 5;
        else if (a[0] == '-' && a[1])
            return ht_cli_usage_error("user", "unknown option '%s'", a);
        else if (!action)
            action = a;
        else if (!name)
            name = a;
        else
            return ht_cli_usage_error("user", "unexpected argument '%s'", a);
    }
    if (!action)
        return ht_cli_usage_error("user", "say what to do: add NAME, list or delete NAME");
    bool add = strcmp(action, "add") == 0, list = strcmp(action, "list") == 0,
         del = strcmp(action, "delete") == 0;
    if (!add && !list && !del)
        return ht_cli_usage_error("user", "unknown action '%s' (add, list, delete)", action);
    if (list && name)
        return ht_cli_usage_error("user", "list takes no argument");
    if (!list && !name)
        return ht_cli_usage_error("user", "%s needs a user name", action);
    ht_error e = {0};
    if (name && ht_auth_check_name(name, &e)) {
        fprintf(stderr, "hoptac user: %s\n", e.msg);
        return 1;
    }
    char pw[HT_AUTH_PASSWORD_MAX + 2];
    int pwn = 0;
    if (add && (pwn = get_password(pw, sizeof pw)) < 0)
        return 1;
    ht_store *st;
    if (ht_store_open(ht_store_path(db), list ? HT_STORE_READONLY : 0, &st, &e)) {
        sodium_memzero(pw, sizeof pw);
        fprintf(stderr, "hoptac user: %s\n", e.msg);
        return 1;
    }
    ht_buf out = {0};
    int rc;
    if (add)
        rc = ht_auth_user_add(st, name, pw, (size_t)pwn, &e);
    else if (del)
        rc = ht_auth_user_delete(st, name, &e);
    else
        rc = ht_auth_user_list(st, json, &out, &e);
    sodium_memzero(pw, sizeof pw);
    ht_store_close(st);
    if (rc) {
        ht_buf_free(&out);
        fprintf(stderr, "hoptac user: %s\n", e.msg);
        return 1;
    }
    if (add)
        printf("added the user %s\n", name);
    else if (del)
        printf("deleted the user %s\n", name);
    else
        fwrite(out.p, 1, out.n, stdout);
    ht_buf_free(&out);
    return 0;
}
