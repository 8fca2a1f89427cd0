/* halt-busy: halt while other processes change the file system leaves a
 * clean disk (the runner's e2fsck) and prints nothing more.  Writers create,
 * write, remove (also while open) and rename-free directories in a loop; one
 * child waits for the keyboard, one for a child of its own.  halt used to
 * write the cache back while the writers went on, so the disk held half-done
 * operations (bitmaps without their inodes, entries of freed inodes). */
#include "stdio.h"
#include "string.h"
#include "syscall.h"
#include "test.h"

static char buf[8192];

/* Child K: changes the file system forever, in its own way. */
static void
writer(int k)
{
    char name[32], sub[40];

    for (int i = 0;; i++) {
        snprintf(name, sizeof name, "f%d-%d", k, i % 8);
        create(name, 0);
        int fd = open(name);
        if (k == 0)
            remove(name); /* written while removed and open */
        write(fd, buf, sizeof buf);
        write(fd, buf, sizeof buf);
        if (k != 1)
            close(fd); /* writer 1 keeps them open */
        if (k == 2)
            remove(name);
        if (k == 3) {
            snprintf(name, sizeof name, "d%d", i % 4);
            snprintf(sub, sizeof sub, "%s/s", name);
            mkdir(name);
            create(sub, 100);
            remove(sub);
            remove(name);
        }
    }
}

void
test_main(void)
{
    char c;

    memset(buf, 'x', sizeof buf);
    for (int k = 0; k < 4; k++) {
        if (fork("writer") == 0)
            writer(k);
    }
    if (fork("reader") == 0)
        read(STDIN_FILENO, &c, 1);
    if (fork("waiter") == 0) {
        pid_t pid = fork("looper");
        if (pid == 0) {
            for (;;)
                continue;
        }
        wait(pid);
    }
    for (volatile int i = 0; i < 5000000; i++) /* let them get going */
        continue;
    halt();
}
