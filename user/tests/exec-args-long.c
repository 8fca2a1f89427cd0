/* exec-args-long: a command line whose words and argv[] do not fit the
 * first stack page is refused with "load: NAME: command line too long for
 * the stack page" (not "error loading executable"), as is one longer than
 * a page; one that just fits runs. */
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Returns "child-simple" followed by N words "x", or LONG bytes of one
 * word if LONG is not 0 (a fresh buffer). */
static char *
command_line(int n, size_t long_word)
{
    size_t size = 16 + 2 * (size_t)n + long_word;
    char *cmd = malloc(size);
    if (cmd == NULL)
        fail("malloc(%lu)", (unsigned long)size);
    strlcpy(cmd, "child-simple", size);
    size_t len = strlen(cmd);
    for (int i = 0; i < n; i++) {
        cmd[len++] = ' ';
        cmd[len++] = 'x';
    }
    if (long_word > 0) {
        cmd[len++] = ' ';
        memset(cmd + len, 'y', long_word);
        len += long_word;
    }
    cmd[len] = '\0';
    return cmd;
}

/* Forks a child that execs CMD; returns what wait says. */
static int
exec_in_child(const char *cmd)
{
    pid_t pid = fork_checked("kid");
    if (pid == 0) {
        exec(cmd);
        exit(5);
    }
    return wait(pid);
}

/* 405 words fit exactly (4088 of 4096 bytes), 406 do not, nor 5000 bytes. */
void
test_main(void)
{
    CHECK(exec_in_child(command_line(405, 0)) == 81, "405 words fit");
    CHECK(exec_in_child(command_line(406, 0)) == -1, "406 words refused");
    CHECK(exec_in_child(command_line(0, 5000)) == -1, "5000 bytes refused");
}
