/* After fork, parent and child share each frame until one of them writes:
 * int 0x42 shows the same frame on both sides, then different ones.  Neither
 * ever sees the other's writes, in either direction. */
#include "frame.h"
#include "syscall.h"
#include "test.h"

static char data[4096 * 4] __attribute__((aligned(4096))) = "parent data";

/* Waits for the child and passes on its verdict. */
static void
expect_child(pid_t pid)
{
    CHECK(wait(pid) == 0, "the child agreed");
}

int
main(void)
{
    test_name = "cow-frames";
    msg("begin");
    data[4096] = 'p';
    data[1] = 'a'; /* both pages in memory before the fork */
    uint64_t before = frame_of(data);
    pid_t pid = fork("cow-child");
    if (pid == 0) {
        int ok = frame_of(data) == before;   /* shared right after fork */
        data[0] = 'C';                       /* the child writes first */
        ok = ok && frame_of(data) != before; /* and gets its own frame */
        ok = ok && data[4096] == 'p';        /* an unwritten page: still shared */
        exit(ok ? 0 : 1);
    }
    expect_child(pid);
    CHECK(data[0] == 'p' && frame_of(data) == before,
          "the child's write did not reach the parent");
    pid = fork("cow-child2");
    if (pid == 0) {
        while (open("parent-wrote") < 0)
            ;
        exit(data[4096] == 'p' ? 0 : 1); /* the parent's write must not show */
    }
    data[4096] = 'P'; /* the parent writes while the child shares the page */
    create("parent-wrote", 0);
    expect_child(pid);
    msg("end");
    return 0;
}
