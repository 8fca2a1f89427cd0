/* Several processes running the same program share its code frames: the
 * children below find every code page in a frame their parent loaded.
 *     share-code [CHILDREN] */
#include "frame.h"
#include "stdlib.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

int
main(int argc, char **argv)
{
    test_name = "share-code";
    if (argc > 1 && atoi(argv[1]) < 0) {
        /* A child: report the frame of our code so the parent can compare. */
        exit((int)(frame_of((void *)main) >> 12) & 0x7f);
    }
    msg("begin");
    int n = argc > 1 ? atoi(argv[1]) : 3;
    struct vmstat a, b;
    vmstat(&a, sizeof a);
    int mine = (int)(frame_of((void *)main) >> 12) & 0x7f;
    int same = 0;
    for (int i = 0; i < n; i++) {
        pid_t pid = fork("share-child");
        if (pid == 0)
            exec("share-code -1");
        same += wait(pid) == mine;
    }
    vmstat(&b, sizeof b);
    CHECK(same == n, "%d fresh copies of this program ran from our code frame", n);
    CHECK(b.shared_code > a.shared_code, "the kernel counted shared code pages");
    msg("end");
    return 0;
}
