/* bad-fd-misc: filesize, seek, tell, isdir, inumber and readdir on
 * descriptors that are not open (negative, huge, never opened, closed) may
 * return anything or end the process with -1 (docs/abi.md promises nothing
 * more), but must not harm the kernel.  A child makes the calls; the parent
 * then checks that files still work. */
#include <limits.h>

#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* The child: calls everything on bad descriptors; exits 0 if still alive. */
static void
poke(void)
{
    static const int bad[] = {-1, INT_MIN, INT_MAX, 100, 255, 256, 0, 1, 0};
    char name[READDIR_MAX_LEN + 1];
    int closed = open("sample.txt");

    close(closed);
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int fd = i == sizeof bad / sizeof bad[0] - 1 ? closed : bad[i];
        filesize(fd);
        seek(fd, 10);
        tell(fd);
        isdir(fd);
        inumber(fd);
        readdir(fd, name);
    }
    exit(0);
}

/* Runs the child, then uses a file. */
void
test_main(void)
{
    char buf[8];
    pid_t pid = fork_checked("poker");
    int status, fd;

    if (pid == 0)
        poke();
    status = wait(pid);
    CHECK(status == 0 || status == -1, "the child ended with 0 or -1");
    fd = open("sample.txt");
    CHECK(fd >= 2 && filesize(fd) == 137 && read(fd, buf, 8) == 8, "files still work");
}
