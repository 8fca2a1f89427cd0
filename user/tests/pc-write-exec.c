/* pc-write-exec: a program written with write() runs before it reaches the
 * disk.  Copies child-simple to "copy" with read() and write() in pieces of
 * 1000 bytes, then a forked child execs "copy" at once, with no sync: the
 * loader reads the headers through the page cache, where the bytes are.
 * child-simple prints its line and exits with 81, which wait returns. */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

#define PIECE 1000

/* Copies the file FROM to a new file TO; true if all of it was copied. */
static bool
copy(const char *from, const char *to)
{
    static char buf[PIECE];
    int in = open(from), out, total = 0, n;
    if (in < 2 || !create(to, 0) || (out = open(to)) < 2)
        fail("cannot open %s or create %s", from, to);
    while ((n = read(in, buf, PIECE)) > 0) {
        if (write(out, buf, (unsigned)n) != n)
            fail("cannot write %s", to);
        total += n;
    }
    bool whole = n == 0 && total == filesize(in) && filesize(out) == total;
    close(in);
    close(out);
    return whole;
}

void
test_main(void)
{
    CHECK(copy("child-simple", "copy"), "child-simple copied to copy with write()");
    pid_t pid = fork_checked("runner");
    if (pid == 0) {
        exec("copy");
        fail("exec returned");
    }
    CHECK(wait(pid) == 81, "wait returns 81");
}
