/* sh: a small shell.  Prints "$ ", reads a line from the keyboard (fd 0),
 * echoing it, since the kernel's console echoes nothing (backspace or DEL
 * erases, Ctrl-U erases the line, Ctrl-D on an empty line ends the shell),
 * splits it into words on runs of spaces and runs it.
 *
 * Built-ins: cd [DIR] (no DIR: "/"), pwd, exit [STATUS].  Any other first word
 * names a program: a word with a '/' is used as it stands; a bare NAME is
 * looked for as NAME in the current directory, then /bin/NAME, then /NAME.
 * The shell checks with open() that the program exists before it forks, so
 * a missing one gives "sh: NAME: not found" and no process at all; only a
 * program that exists but is not a valid executable reaches a failing exec
 * (the kernel prints "load: ..." and the child exits -1).  The child is
 * fork(NAME) (the word as typed, so the kernel's exit line says NAME), and
 * it exec()s the words joined by single spaces; the shell waits for it.
 * The kernel prints each child's exit line, so the shell prints no status. */
#include <stdbool.h>

#include "ctype.h"
#include "cwd.h"
#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"

#define LINE_MAX  256         /* longest command line, NUL included */
#define WORDS_MAX 64          /* most words on a line */
#define CTRL(c)   ((c) - '@') /* the control character of letter C */

/* Erases the last N characters on the terminal. */
static void
erase(size_t n)
{
    for (; n > 0; n--)
        write(STDOUT_FILENO, "\b \b", 3);
}

/* Reads one line from the keyboard into BUF (SIZE bytes), echoing and editing
 * it.  A "\r\n" pair ends one line only.  Returns the length, or -1 at the end
 * of input with nothing read. */
static int
read_line(char *buf, size_t size)
{
    static bool after_cr; /* the last line ended with '\r' */
    size_t len = 0;
    char c;

    for (;;) {
        if (read(STDIN_FILENO, &c, 1) != 1 || (c == CTRL('D') && len == 0)) {
            if (len == 0)
                return -1;
            break;
        }
        if (c == '\n' && after_cr) {
            after_cr = false;
            continue;
        }
        after_cr = c == '\r';
        if (c == '\r' || c == '\n')
            break;
        if ((c == '\b' || c == 0x7f) && len > 0) {
            erase(1);
            len--;
        } else if (c == CTRL('U')) {
            erase(len);
            len = 0;
        } else if ((isprint((unsigned char)c) || c == '\t') && len + 1 < size) {
            buf[len++] = c == '\t' ? ' ' : c;
            write(STDOUT_FILENO, &buf[len - 1], 1);
        }
    }
    putchar('\n');
    buf[len] = '\0';
    return (int)len;
}

/* Splits LINE in place into words on runs of spaces; stores them, then a
 * NULL, in ARGV (WORDS_MAX + 1 entries).  Returns the number of words, or -1
 * if there are more than WORDS_MAX. */
static int
split_words(char *line, char **argv)
{
    char *save;
    int argc = 0;

    for (char *w = strtok_r(line, " ", &save); w != NULL;
         w = strtok_r(NULL, " ", &save)) {
        if (argc == WORDS_MAX)
            return -1;
        argv[argc++] = w;
    }
    argv[argc] = NULL;
    return argc;
}

/* cd [DIR]: changes the shell's current directory (to "/" without DIR). */
static void
builtin_cd(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/";

    if (argc > 2)
        printf("sh: cd: too many arguments\n");
    else if (!chdir(dir))
        printf("sh: cd: %s: no such directory\n", dir);
}

/* pwd: prints the current directory. */
static void
builtin_pwd(int argc, char **argv)
{
    char path[LINE_MAX];

    (void)argc;
    (void)argv;
    if (getcwd(path, sizeof path) != NULL)
        printf("%s\n", path);
    else
        printf("sh: pwd: cannot find the current directory\n");
}

/* exit [STATUS]: ends the shell with STATUS (default 0). */
static void
builtin_exit(int argc, char **argv)
{
    char *end;
    long status = 0;

    if (argc > 1) {
        status = strtol(argv[1], &end, 10);
        if (*end != '\0' || end == argv[1]) {
            printf("sh: exit: %s: not a number\n", argv[1]);
            return;
        }
    }
    exit((int)status);
}

struct builtin {
    const char *name;
    void (*run)(int argc, char **argv);
};

static const struct builtin builtins[] = {
    {"cd", builtin_cd},
    {"pwd", builtin_pwd},
    {"exit", builtin_exit},
};

/* Returns the built-in called NAME, or NULL. */
static const struct builtin *
find_builtin(const char *name)
{
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
        if (strcmp(builtins[i].name, name) == 0)
            return &builtins[i];
    }
    return NULL;
}

/* Returns true if PATH opens as a file that is not a directory. */
static bool
is_program(const char *path)
{
    int fd = open(path);
    bool ok;

    if (fd < 0)
        return false;
    ok = !isdir(fd);
    close(fd);
    return ok;
}

/* Stores in PATH (SIZE bytes) the file that runs program NAME (see the top
 * of this file).  Returns false if there is none. */
static bool
find_program(const char *name, char *path, size_t size)
{
    static const char *const prefixes[] = {"", "/bin/", "/"};
    size_t n = strchr(name, '/') != NULL ? 1 : sizeof prefixes / sizeof prefixes[0];

    for (size_t i = 0; i < n; i++) {
        if ((size_t)snprintf(path, size, "%s%s", prefixes[i], name) < size &&
            is_program(path))
            return true;
    }
    return false;
}

/* Joins PATH and ARGV[1..] with single spaces into CMD (SIZE bytes).
 * Returns false if the result does not fit. */
static bool
join_command(const char *path, char **argv, char *cmd, size_t size)
{
    if (strlcpy(cmd, path, size) >= size)
        return false;
    for (int i = 1; argv[i] != NULL; i++) {
        if (strlcat(cmd, " ", size) >= size || strlcat(cmd, argv[i], size) >= size)
            return false;
    }
    return true;
}

/* Runs program ARGV[0] with its arguments in a child process and waits for
 * it to end. */
static void
run_program(char **argv)
{
    char path[LINE_MAX], cmd[LINE_MAX + 16];
    pid_t pid;

    if (!find_program(argv[0], path, sizeof path)) {
        printf("sh: %s: not found\n", argv[0]);
        return;
    }
    if (!join_command(path, argv, cmd, sizeof cmd)) {
        printf("sh: %s: command line too long\n", argv[0]);
        return;
    }
    pid = fork(argv[0]);
    if (pid < 0) {
        printf("sh: %s: fork failed\n", argv[0]);
        return;
    }
    if (pid == 0) {
        exec(cmd);
        exit(-1); /* not reached: a failed exec ends the process */
    }
    wait(pid);
}

/* Runs one command line (changed in place). */
static void
run_line(char *line)
{
    char *argv[WORDS_MAX + 1];
    int argc = split_words(line, argv);
    const struct builtin *b;

    if (argc < 0) {
        printf("sh: more than %d words\n", WORDS_MAX);
        return;
    }
    if (argc == 0)
        return;
    b = find_builtin(argv[0]);
    if (b != NULL)
        b->run(argc, argv);
    else
        run_program(argv);
}

/* Reads and runs command lines until the input ends or `exit`. */
int
main(void)
{
    char line[LINE_MAX];

    for (;;) {
        write(STDOUT_FILENO, "$ ", 2);
        if (read_line(line, sizeof line) < 0) {
            putchar('\n');
            return 0;
        }
        run_line(line);
    }
}
