/* Processes using swap while the swap disk fails (errors injected by the
 * test runner, docs/testing.md).  Each child fills its memory with a pattern
 * of its own and checks every byte; the parent says how each child ended
 * (its exit status, and for a kill the reason procinfo gives).
 *     swap-disk-error fill KIB...
 * One child after another, each filling KIB KiB and checking it three times.
 *     swap-disk-error read OWNER_KIB OTHER_KIB
 * An owner child fills OWNER_KIB (its pages go to swap first, into the slot
 * whose reads fail), then reads it back; meanwhile another child fills
 * OTHER_KIB and checks it, and checks it again once the owner has ended. */
#include "lib/procinfo.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "test.h"

#define FULL        "swap-err-full" /* the owner has filled its memory */
#define GONE        "swap-err-gone" /* the owner has ended */
#define MAX_RECORDS 64

static struct procinfo records[MAX_RECORDS];

/* How child PID ended, from its exit record: "exit(S)", or "killed: WHY". */
static const char *
ending(pid_t pid)
{
    static const char *const why[PROC_EXIT_REASONS] = {"", "bad access", "out of memory",
                                                       "killed", "disk error"};
    static char text[64];
    int n = procinfo(records, MAX_RECORDS);
    for (int i = 0; i < n; i++) {
        const struct procinfo *r = &records[i];
        if (r->pid != pid || r->state != PROC_EXITED)
            continue;
        if (r->reason == PROC_EXIT_NORMAL || r->reason >= PROC_EXIT_REASONS)
            snprintf(text, sizeof text, "exit(%d)", r->status);
        else
            snprintf(text, sizeof text, "killed: %s", why[r->reason]);
        return text;
    }
    return "no exit record";
}

/* Runs a child "filler" that fills KIB KiB with SEED's pattern and checks it
 * three times; says how it ended. */
static void
fill_child(unsigned kib, unsigned seed)
{
    pid_t pid = fork("filler");
    if (pid == 0) {
        unsigned char *p = test_take(kib * 1024, seed);
        for (int round = 0; round < 3; round++)
            if (!test_intact(p, kib * 1024, seed))
                exit(1);
        exit(0);
    }
    if (pid < 0)
        fail("fork failed");
    wait(pid);
    msg("filler of %u KiB: %s", kib, ending(pid));
}

/* The owner: fills SIZE bytes, says so, reads them back. */
static int
owner(unsigned size)
{
    unsigned char *p = test_take(size, 1);
    if (!create(FULL, 0))
        return 3;
    return test_intact(p, size, 1) ? 0 : 1;
}

/* The other child: fills SIZE bytes while the owner reads its own back,
 * checks them, and checks them again once the owner has ended. */
static int
other(unsigned size)
{
    unsigned char *p = test_take(size, 2);
    if (!test_intact(p, size, 2))
        return 1;
    while (!test_file_exists(GONE))
        continue;
    return test_intact(p, size, 2) ? 0 : 1;
}

/* The read case (see the top). */
static void
read_case(unsigned owner_kib, unsigned other_kib)
{
    pid_t o = fork("owner");
    if (o == 0)
        exit(owner(owner_kib * 1024));
    if (o < 0)
        fail("fork owner failed");
    while (!test_file_exists(FULL))
        continue;
    pid_t b = fork("other");
    if (b == 0)
        exit(other(other_kib * 1024));
    if (b < 0)
        fail("fork other failed");
    wait(o);
    msg("owner (%u KiB): %s", owner_kib, ending(o));
    if (!create(GONE, 0))
        fail("cannot create " GONE);
    int status = wait(b);
    CHECK(status == 0, "other (%u KiB): every byte right, exit(%d)", other_kib, status);
    CHECK(remove(FULL) && remove(GONE), "files removed");
}

int
main(int argc, char **argv)
{
    test_name = "swap-disk-error";
    msg("begin");
    if (argc == 4 && strcmp(argv[1], "read") == 0)
        read_case((unsigned)atoi(argv[2]), (unsigned)atoi(argv[3]));
    else if (argc >= 3 && strcmp(argv[1], "fill") == 0)
        for (int i = 2; i < argc; i++)
            fill_child((unsigned)atoi(argv[i]), (unsigned)i);
    else
        fail("usage: swap-disk-error fill KIB... | read OWNER_KIB OTHER_KIB");
    msg("end");
    return 0;
}
