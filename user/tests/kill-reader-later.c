/* kill-reader-later: of two children blocked reading the keyboard, the one
 * that went to sleep last is killed first, then the other: each ends at
 * once.  Killing one woke every sleeping reader through one shared
 * semaphore, and the first reader woken, not killed, took the other
 * wake-ups as it went back to sleep: the killed reader slept on and the
 * parent's wait never returned. */
#include "syscall.h"
#include "test.h"

/* A child that reads one key (none ever comes). */
static pid_t
reader(const char *name)
{
    pid_t pid = fork(name);
    if (pid == 0) {
        char c;
        read(STDIN_FILENO, &c, 1);
        exit(5); /* not reached: nobody types */
    }
    if (pid < 0)
        fail("fork failed");
    return pid;
}

void
test_main(void)
{
    pid_t first = reader("reader1");
    pid_t second = reader("reader2");
    for (volatile int i = 0; i < 20000000; i++) /* let both start waiting */
        continue;
    int k = kill(second);
    int w = wait(second); /* print only after its exit line */
    CHECK(k == 0 && w == -1, "kill of the reader that slept last gives 0, then wait -1");
    k = kill(first);
    w = wait(first);
    CHECK(k == 0 && w == -1, "then the same for the reader that slept first");
}
