/* sc-fuzz: a system-call fuzzer.  `sc-fuzz SEED WORKERS CALLS` runs WORKERS
 * workers one after another, worker I with seed SEED + I; each makes up to
 * CALLS random system calls with hostile arguments (fuzz-args.h) and may fork
 * children that fuzz a little too.  The kernel must kill a worker that passes
 * bad memory, and otherwise answer; it must never panic, hang or leak (the
 * runner checks the leak line and e2fsck after the run).  Workers close the
 * console first, so the transcript holds only exit and load lines.  A worker
 * counts its calls in the file fz-count (descriptor reserved_fd), so the
 * summary line can say how many calls were made even by killed workers.
 * `sc-fuzz x ...` exits with 3 at once: the program fuzzed execs start.
 * kill only ever names a child of the caller or a pid that cannot exist, so
 * that no worker can end the coordinator. */
#include "fuzz-args.h"
#include "lib/syscall_nr.h"
#include "stdlib.h"
#include "syscall.h"
#include "test.h"

#define CHILD_CALLS 40 /* calls a forked child makes before it exits */
#define MAX_KIDS    6  /* live children a worker keeps at most */
#define COUNT_FILE  "fz-count"

/* Any system call, arguments as raw registers. */
static uint64_t
raw_syscall(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    uint64_t ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
                     : "rcx", "r11", "memory");
    return ret;
}

static struct fuzz_mem mem;
static struct random_state rng;
static pid_t kids[MAX_KIDS];
static int n_kids;
static int depth; /* 0: a worker; 1, 2: forked below it */

static void fuzz_calls(uint64_t calls, bool counted);

/* fork with a hostile name; the child fuzzes a little, then exits. */
static void
call_fork(void)
{
    if (n_kids == MAX_KIDS || depth >= 2)
        return;
    pid_t pid = (pid_t)raw_syscall(SYS_FORK, fz_string(&rng, &mem), 0, 0, 0, 0);
    if (pid == 0) {
        depth++;
        n_kids = 0;
        random_seed(&rng, random_u64(&rng) ^ (uint64_t)depth);
        fuzz_calls(CHILD_CALLS, false);
        exit(7);
    }
    if (pid > 0)
        kids[n_kids++] = pid;
}

/* wait for a child of ours, or for an odd pid. */
static void
call_wait(void)
{
    static const int odd[] = {-1, 0, 1, 2, 99999, (int)0x80000000};
    if (n_kids > 0 && fz_below(&rng, 2) == 0) {
        int i = (int)fz_below(&rng, n_kids);
        raw_syscall(SYS_WAIT, (uint64_t)(int64_t)kids[i], 0, 0, 0, 0);
        kids[i] = kids[--n_kids];
        return;
    }
    raw_syscall(SYS_WAIT, (uint64_t)(int64_t)odd[fz_below(&rng, 6)], 0, 0, 0, 0);
}

/* kill of one of our children, or of a pid or group that cannot exist (a
 * random pid could be the coordinator, whose end would end the campaign). */
static void
call_kill(void)
{
    static const int odd[] = {0, (int)0x80000000, 99999, -99999, 0x7fffffff};
    if (n_kids > 0 && fz_below(&rng, 2) == 0) {
        int i = (int)fz_below(&rng, n_kids);
        raw_syscall(SYS_KILL, (uint64_t)(int64_t)kids[i], 0, 0, 0, 0);
        return;
    }
    raw_syscall(SYS_KILL, (uint64_t)(int64_t)odd[fz_below(&rng, 5)], 0, 0, 0, 0);
}

/* A call whose descriptor argument may close or replace the reserved one:
 * steered off it. */
static void
call_fd_changing(uint64_t nr)
{
    int fd = fz_fd(&rng, &mem), other = fz_fd(&rng, &mem);
    raw_syscall(nr, (uint64_t)(int64_t)fd, (uint64_t)(int64_t)other, 0, 0, 0);
}

/* One random system call. */
static void
fuzz_one(void)
{
    struct random_state *r = &rng;
    uint64_t pick = fz_below(r, SYS_COUNT + 1);
    switch (pick) {
    case SYS_HALT:
        return; /* would end the whole run */
    case SYS_EXIT:
        if (fz_below(r, 20) == 0)
            exit((int)random_u64(r));
        return;
    case SYS_FORK:
        call_fork();
        return;
    case SYS_EXEC:
        if (fz_below(r, 3) == 0)
            raw_syscall(SYS_EXEC, fz_string(r, &mem), 0, 0, 0, 0);
        return;
    case SYS_WAIT:
        call_wait();
        return;
    case SYS_KILL:
        call_kill();
        return;
    case SYS_SETPGID: /* a group of its own: a kill of it can reach only us */
        raw_syscall(SYS_SETPGID, 0, 0, 0, 0, 0);
        return;
    case SYS_CLOSE:
    case SYS_DUP2:
        call_fd_changing(pick);
        return;
    case SYS_MMAP:
        raw_syscall(SYS_MMAP, fz_pointer(r, &mem), fz_size(r), fz_below(r, 3),
                    (uint64_t)(int64_t)fz_fd(r, &mem), fz_size(r));
        return;
    case SYS_COUNT:
        if (fz_below(r, 10) == 0)
            raw_syscall(SYS_COUNT + fz_below(r, 1000), random_u64(r), 0, 0, 0, 0);
        return;
    default: {
        /* the rest: argument kinds by position, whatever the call wants */
        uint64_t a1 =
            fz_below(r, 2) ? (uint64_t)(int64_t)fz_fd(r, &mem) : fz_string(r, &mem);
        if (pick == SYS_CREATE || pick == SYS_REMOVE || pick == SYS_OPEN ||
            pick == SYS_CHDIR || pick == SYS_MKDIR || pick == SYS_SYMLINK)
            a1 = fz_string(r, &mem);
        if (pick == SYS_VMSTAT)
            a1 = fz_pointer(r, &mem);
        if (pick == SYS_SBRK)
            a1 = fz_below(r, 2) ? fz_size(r) : -fz_size(r);
        uint64_t a2 = pick == SYS_SYMLINK ? fz_string(r, &mem)
                      : pick == SYS_CREATE || pick == SYS_SEEK || pick == SYS_VMSTAT
                          ? fz_size(r)
                          : fz_pointer(r, &mem);
        raw_syscall(pick, a1, a2, fz_size(r), 0, 0);
    }
    }
}

/* Makes CALLS calls; if COUNTED, writes the count so far to the reserved
 * descriptor before each (a kill ends the count at the call that killed). */
static void
fuzz_calls(uint64_t calls, bool counted)
{
    for (uint64_t i = 1; i <= calls; i++) {
        if (counted) {
            seek(mem.reserved_fd, 0);
            write(mem.reserved_fd, &i, sizeof i);
        }
        fuzz_one();
    }
}

/* Sets up the memory the arguments point into (before the console closes). */
static void
setup_memory(void)
{
    static char scratch[FUZZ_SCRATCH];
    mem.scratch = scratch;
    uintptr_t brk = (uintptr_t)sbrk(0);
    uintptr_t end = (brk + 2 * FUZZ_PAGE) & ~(uintptr_t)(FUZZ_PAGE - 1);
    if (sbrk((intptr_t)(end - brk)) == (void *)-1)
        fail("sbrk for the edge page");
    mem.edge = (char *)end - 1;
    mem.long_string = malloc(2 * FUZZ_PAGE);
    if (mem.long_string == NULL)
        fail("malloc");
    memset(mem.long_string, 'L', 2 * FUZZ_PAGE - 1);
    mem.long_string[2 * FUZZ_PAGE - 1] = '\0';
    mem.code = (const char *)(uintptr_t)raw_syscall;
}

/* The worker with seed SEED: closes the console and fuzzes CALLS calls. */
static void __attribute__((noreturn)) worker(uint64_t seed, uint64_t calls)
{
    mem.reserved_fd = open(COUNT_FILE);
    if (mem.reserved_fd < 0)
        exit(9);
    close(0);
    close(1);
    random_seed(&rng, seed);
    static const uint64_t hostility[] = {4, 16, 64, 256};
    mem.bad_one_in = hostility[fz_below(&rng, 4)];
    fuzz_calls(calls, true);
    while (n_kids > 0)
        raw_syscall(SYS_WAIT, (uint64_t)(int64_t)kids[--n_kids], 0, 0, 0, 0);
    exit(0);
}

/* The calls the last worker made (its count file), 0 if unreadable. */
static uint64_t
calls_made(void)
{
    uint64_t n = 0;
    int fd = open(COUNT_FILE);
    if (fd >= 0) {
        read(fd, &n, sizeof n);
        close(fd);
    }
    return n;
}

/* Runs the workers in turn and prints what they did. */
int
main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "x") == 0)
        return 3;
    if (argc != 4)
        fail("usage: sc-fuzz SEED WORKERS CALLS");
    test_name = "sc-fuzz";
    uint64_t seed = strtoul(argv[1], NULL, 0), workers = strtoul(argv[2], NULL, 0);
    uint64_t calls = strtoul(argv[3], NULL, 0), total = 0, killed = 0;
    setup_memory();
    msg("begin");
    for (uint64_t w = 0; w < workers; w++) {
        if (!create(COUNT_FILE, 8))
            fail("create %s", COUNT_FILE);
        pid_t pid = fork("fuzz-worker");
        if (pid == 0)
            worker(seed + w, calls);
        if (pid < 0)
            fail("fork of worker %lu", (unsigned long)w);
        killed += wait(pid) == -1;
        total += calls_made();
        remove(COUNT_FILE);
    }
    msg("seeds %lu..%lu: %lu workers, %lu calls, %lu workers killed", (unsigned long)seed,
        (unsigned long)(seed + workers - 1), (unsigned long)workers, (unsigned long)total,
        (unsigned long)killed);
    msg("end");
    return 0;
}
