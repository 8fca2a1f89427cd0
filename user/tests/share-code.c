/* Several processes running the same program share its code frames: the
 * children below find every code page in a frame their parent loaded.
 *     share-code [CHILDREN]
 * (a child runs as `share-code -1 FRAME` and exits with 1 if its code is in
 * the parent's FRAME, else 0: the transcript does not depend on where in
 * memory the frame is). */
#include "frame.h"
#include "stdio.h"
#include "stdlib.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

int
main(int argc, char **argv)
{
    test_name = "share-code";
    if (argc > 2 && atoi(argv[1]) < 0) {
        /* A child: is our code in the parent's frame? */
        exit(frame_of((void *)main) >> 12 == strtoul(argv[2], NULL, 10));
    }
    msg("begin");
    int n = argc > 1 ? atoi(argv[1]) : 3;
    struct vmstat a, b;
    vmstat(&a, sizeof a);
    char child[64];
    snprintf(child, sizeof child, "share-code -1 %lu",
             (unsigned long)(frame_of((void *)main) >> 12));
    int same = 0;
    for (int i = 0; i < n; i++) {
        pid_t pid = fork("share-child");
        if (pid == 0)
            exec(child);
        same += wait(pid) == 1;
    }
    vmstat(&b, sizeof b);
    CHECK(same == n, "%d fresh copies of this program ran from our code frame", n);
    CHECK(b.shared_code > a.shared_code, "the kernel counted shared code pages");
    msg("end");
    return 0;
}
