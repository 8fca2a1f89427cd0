/* sh: a small shell with job control.  Prints "$ ", reads a line from the
 * keyboard (fd 0), echoing it, since the kernel's console echoes nothing
 * (backspace or DEL erases, Ctrl-U erases the line, Ctrl-C drops it, Ctrl-D
 * on an empty line ends the shell), splits it into words on runs of spaces
 * and runs it.  A line longer than LINE_MAX - 1 characters is reported and
 * not run.
 *
 * Built-ins: cd [DIR] (no DIR: "/"), pwd, exit [STATUS] (kills the
 * background jobs first), jobs, wait [%N], kill %N (and waits for it).  Any
 * other first word names a program: a word with a '/' is used
 * as it stands; a bare NAME is looked for as NAME in the current directory,
 * then /bin/NAME, then /NAME.  The shell checks with open() that the program
 * exists before it forks, so a missing one gives "sh: NAME: not found" and no
 * process at all.  The child is fork(NAME) (the word as typed, so the
 * kernel's exit line says NAME); it enters a process group of its own and
 * exec()s the words joined by single spaces.
 *
 * A command runs in the foreground: its group becomes the console's
 * foreground group, so Ctrl-C kills it (the kernel prints its exit line,
 * `NAME: exit(-1)`), and the shell waits for it.  A command ending in `&`
 * runs in the background: the shell prints "[N] PID" and reads the next
 * line at once; `jobs` lists the background jobs, `wait` waits for them,
 * and before each prompt the shell reports the ones that ended ("[N] done
 * CMD").  The kernel prints each child's exit line, so the shell prints no
 * status. */
#include <stdbool.h>

#include "ctype.h"
#include "cwd.h"
#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"

#define LINE_MAX      256         /* longest command line, NUL included */
#define WORDS_MAX     64          /* most words on a line */
#define JOBS_MAX      16          /* most background jobs at once */
#define CTRL(c)       ((c) - '@') /* the control character of letter C */
#define LINE_TOO_LONG (-2)        /* read_line: the line did not fit */
#define LINE_DROPPED  (-3)        /* read_line: Ctrl-C */

struct job {
    pid_t pid;          /* 0: a free slot */
    char cmd[LINE_MAX]; /* the command line, for `jobs` */
};

static struct job jobs[JOBS_MAX]; /* job N is jobs[N - 1] */

/* Erases the last N characters on the terminal. */
static void
erase(size_t n)
{
    for (; n > 0; n--)
        write(STDOUT_FILENO, "\b \b", 3);
}

/* Reads one line from the keyboard into BUF (SIZE bytes), echoing and editing
 * it.  A "\r\n" pair ends one line only.  Returns the length, -1 at the end
 * of input with nothing read, LINE_TOO_LONG if the line did not fit (it is
 * read to its end all the same) or LINE_DROPPED after Ctrl-C. */
static int
read_line(char *buf, size_t size)
{
    static bool after_cr; /* the last line ended with '\r' */
    size_t len = 0;
    bool too_long = false;
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
        if (c == CTRL('C')) {
            printf("^C\n");
            return LINE_DROPPED;
        }
        if ((c == '\b' || c == 0x7f) && len > 0) {
            erase(1);
            len--;
        } else if (c == CTRL('U')) {
            erase(len);
            len = 0;
        } else if (isprint((unsigned char)c) || c == '\t') {
            if (len + 1 < size) {
                buf[len++] = c == '\t' ? ' ' : c;
                write(STDOUT_FILENO, &buf[len - 1], 1);
            } else {
                too_long = true; /* not echoed: the line stops growing */
            }
        }
    }
    putchar('\n');
    buf[len] = '\0';
    return too_long ? LINE_TOO_LONG : (int)len;
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

/* Says that background job N (1-based), which ended, is done; frees it. */
static void
job_done(int n)
{
    printf("[%d] done  %s\n", n, jobs[n - 1].cmd);
    jobs[n - 1].pid = 0;
}

/* Reports the background jobs that have ended since the last look. */
static void
reap_jobs(void)
{
    int status;

    for (int n = 1; n <= JOBS_MAX; n++) {
        if (jobs[n - 1].pid != 0 && trywait(jobs[n - 1].pid, &status) != 0)
            job_done(n);
    }
}

/* Waits for background job N to end and reports it. */
static void
wait_job(int n)
{
    wait(jobs[n - 1].pid);
    job_done(n);
}

/* Returns the job number that the word `%N` names, or 0 after a message. */
static int
job_number(const char *cmd, const char *word)
{
    char *end;
    long n = word[0] == '%' ? strtol(word + 1, &end, 10) : 0;

    if (n < 1 || n > JOBS_MAX || *end != '\0' || jobs[n - 1].pid == 0) {
        printf("sh: %s: %s: no such job\n", cmd, word);
        return 0;
    }
    return (int)n;
}

/* Kills every background job still running and waits for them. */
static void
end_jobs(void)
{
    for (int n = 1; n <= JOBS_MAX; n++) {
        if (jobs[n - 1].pid != 0) {
            kill(-jobs[n - 1].pid);
            wait_job(n);
        }
    }
}

/* exit [STATUS]: ends the shell with STATUS (default 0), after killing the
 * background jobs still running. */
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
    end_jobs();
    exit((int)status);
}

/* jobs: lists the background jobs still running. */
static void
builtin_jobs(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    reap_jobs();
    for (int n = 1; n <= JOBS_MAX; n++) {
        if (jobs[n - 1].pid != 0)
            printf("[%d] running  %s\n", n, jobs[n - 1].cmd);
    }
}

/* wait [%N]: waits for background job N, or for all of them. */
static void
builtin_wait(int argc, char **argv)
{
    int n;

    if (argc > 2) {
        printf("sh: wait: too many arguments\n");
    } else if (argc == 2) {
        if ((n = job_number("wait", argv[1])) != 0)
            wait_job(n);
    } else {
        for (n = 1; n <= JOBS_MAX; n++) {
            if (jobs[n - 1].pid != 0)
                wait_job(n);
        }
    }
}

/* kill %N: kills background job N (every process of its group) and waits
 * for it, so that its exit line comes before the next prompt. */
static void
builtin_kill(int argc, char **argv)
{
    int n;

    if (argc != 2) {
        printf("sh: kill: usage: kill %%N\n");
    } else if ((n = job_number("kill", argv[1])) != 0) {
        kill(-jobs[n - 1].pid);
        wait_job(n);
    }
}

struct builtin {
    const char *name;
    void (*run)(int argc, char **argv);
};

static const struct builtin builtins[] = {
    {"cd", builtin_cd},     {"pwd", builtin_pwd},   {"exit", builtin_exit},
    {"jobs", builtin_jobs}, {"wait", builtin_wait}, {"kill", builtin_kill},
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

/* Stores background job PID, running CMD, and says "[N] PID".  Returns
 * false (and kills it) if the job table is full. */
static bool
add_job(pid_t pid, const char *cmd)
{
    for (int n = 1; n <= JOBS_MAX; n++) {
        if (jobs[n - 1].pid == 0) {
            jobs[n - 1].pid = pid;
            strlcpy(jobs[n - 1].cmd, cmd, sizeof jobs[n - 1].cmd);
            printf("[%d] %d\n", n, pid);
            return true;
        }
    }
    printf("sh: more than %d background jobs\n", JOBS_MAX);
    kill(-pid);
    wait(pid);
    return false;
}

/* Runs program ARGV[0] with its arguments in a child process, in a process
 * group of its own: in the foreground (the console's Ctrl-C kills it; the
 * shell waits for it) or, if BACKGROUND, as a job (LINE is the command line
 * `jobs` shows). */
static void
run_program(char **argv, bool background, const char *line)
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
        setpgid(0, 0);
        exec(cmd);
        exit(-1); /* not reached: a failed exec ends the process */
    }
    setpgid(pid, pid); /* fails harmlessly if the child has already ended */
    if (background) {
        add_job(pid, line);
        return;
    }
    tcsetpgrp(pid);
    wait(pid);
    tcsetpgrp(0);
}

/* Removes a trailing `&` (a word of its own or the end of the last word)
 * from the ARGC words of ARGV; returns true if there was one.  *ARGC may
 * become 0. */
static bool
take_background(int *argc, char **argv)
{
    char *last = argv[*argc - 1];
    size_t len = strlen(last);

    if (last[len - 1] != '&')
        return false;
    last[len - 1] = '\0';
    if (len == 1)
        argv[--*argc] = NULL;
    return true;
}

/* Runs one command line (changed in place). */
static void
run_line(char *line)
{
    char *argv[WORDS_MAX + 1], shown[LINE_MAX];
    int argc;
    bool background;
    const struct builtin *b;

    strlcpy(shown, line, sizeof shown);
    argc = split_words(line, argv);
    if (argc < 0) {
        printf("sh: more than %d words\n", WORDS_MAX);
        return;
    }
    if (argc == 0)
        return;
    background = take_background(&argc, argv);
    if (argc == 0) {
        printf("sh: & needs a command before it\n");
        return;
    }
    b = find_builtin(argv[0]);
    if (b != NULL)
        b->run(argc, argv);
    else
        run_program(argv, background, shown);
}

/* Reads and runs command lines until the input ends or `exit`.  The shell
 * takes the console: with no foreground group, Ctrl-C reaches it as a
 * character. */
int
main(void)
{
    char line[LINE_MAX];
    int len;

    tcsetpgrp(0);
    for (;;) {
        reap_jobs();
        write(STDOUT_FILENO, "$ ", 2);
        len = read_line(line, sizeof line);
        if (len == -1) {
            putchar('\n');
            end_jobs();
            return 0;
        }
        if (len == LINE_TOO_LONG)
            printf("sh: line too long (more than %d characters); not run\n",
                   LINE_MAX - 1);
        else if (len >= 0)
            run_line(line);
    }
}
