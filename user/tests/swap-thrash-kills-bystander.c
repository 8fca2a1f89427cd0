/* Regression: a process that did nothing wrong was killed (exit -1) while
 * another one thrashed with swap mostly free: frame_alloc gave up after 5 s
 * of frames busy with the thrasher's swap I/O, which struck first a process
 * with no frame of its own to take (one just exec'd, or one whose pages were
 * swapped out while it waited).  A child rewrites KIB (more than RAM) pass
 * after pass, checking each pass before the next, for at least SECONDS and
 * until told to stop; meanwhile another child runs, one after the other,
 * PROGRAMS programs that each write, read back and remove a file
 * (`swap-thrash-kills-bystander file K`), and the parent, its own memory
 * written first, waits for it, then stops the thrasher and checks its
 * memory.  Nobody may be killed and every byte must be as written.
 *     swap-thrash-kills-bystander SECONDS KIB PROGRAMS */
#include "lib/vmstat.h"
#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "test.h"

#define OWN_BYTES  (256 * 1024)
#define FILE_BYTES 8192
#define STOP       "thrash-stop" /* the thrasher may end */

static unsigned char own[OWN_BYTES];
static unsigned char buf[FILE_BYTES];

/* Milliseconds since boot. */
static uint64_t
now_ms(void)
{
    struct vmstat v;
    vmstat(&v, sizeof v);
    return v.uptime_ms;
}

/* The word at index I in pass PASS of the thrasher. */
static uint64_t
word(uint64_t i, uint64_t pass)
{
    return (i * 0x9e3779b97f4a7c15ull) ^ (pass * 0x2545f4914f6cdd1dull) ^ (i >> 3);
}

/* The thrasher: rewrites N words until DEADLINE and told to stop, checking
 * the last pass before each new one and at the end.  0 if every word held. */
static int
thrash(uint64_t n, uint64_t deadline)
{
    uint64_t *p = sbrk((intptr_t)(n * sizeof *p));
    if (p == (void *)-1)
        return 2;
    uint64_t pass = 0;
    for (;; pass++) {
        for (uint64_t i = 0; i < n; i++) {
            if (pass > 0 && p[i] != word(i, pass - 1))
                return 1;
            p[i] = word(i, pass);
        }
        if (now_ms() >= deadline && test_file_exists(STOP))
            break;
    }
    for (uint64_t i = 0; i < n; i++)
        if (p[i] != word(i, pass))
            return 1;
    return 0;
}

/* The byte at I of memory or file number K. */
static unsigned char
byte_at(unsigned i, unsigned k)
{
    return (unsigned char)(i * 7 + k * 31 + (i >> 9));
}

/* Writes file number K, reads it back and removes it; true if it read back
 * as written. */
static bool
file_round(unsigned k)
{
    for (unsigned i = 0; i < FILE_BYTES; i++)
        buf[i] = byte_at(i, k);
    if (!create("bystander.dat", 0))
        return false;
    int fd = open("bystander.dat");
    bool ok = fd >= 0 && write(fd, buf, FILE_BYTES) == FILE_BYTES;
    if (fd >= 0) {
        seek(fd, 0);
        for (unsigned i = 0; i < FILE_BYTES; i++)
            buf[i] = 0;
        ok = ok && read(fd, buf, FILE_BYTES) == FILE_BYTES;
        close(fd);
    }
    for (unsigned i = 0; ok && i < FILE_BYTES; i++)
        ok = buf[i] == byte_at(i, k);
    return remove("bystander.dat") && ok;
}

/* True if OWN holds the bytes of number K. */
static bool
own_intact(unsigned k)
{
    for (unsigned i = 0; i < OWN_BYTES; i++)
        if (own[i] != byte_at(i, k))
            return false;
    return true;
}

/* The writer: runs `swap-thrash-kills-bystander file K` for K from 0 to
 * N - 1, each a new program with no memory of its own yet.  0 if every one
 * read its file back. */
static int
writer(unsigned n)
{
    for (unsigned k = 0; k < n; k++) {
        pid_t pid = fork("file");
        if (pid == 0) {
            char cmd[64];
            snprintf(cmd, sizeof cmd, "swap-thrash-kills-bystander file %u", k);
            exec(cmd);
            exit(99);
        }
        if (pid < 0 || wait(pid) != 0)
            return 1;
    }
    return 0;
}

/* Forks a child NAME that exits with thrash(N, DEADLINE), or with
 * writer(PROGRAMS) if N is 0. */
static pid_t
spawn(const char *name, uint64_t n, uint64_t deadline, unsigned programs)
{
    pid_t pid = fork(name);
    if (pid == 0)
        exit(n > 0 ? thrash(n, deadline) : writer(programs));
    if (pid < 0)
        fail("fork %s failed", name);
    return pid;
}

int
main(int argc, char **argv)
{
    test_name = "swap-thrash-kills-bystander";
    if (argc == 3 && strcmp(argv[1], "file") == 0) { /* a writer's program */
        unsigned k = (unsigned)atoi(argv[2]);
        return file_round(k) ? 0 : 1;
    }
    unsigned seconds = argc > 1 ? (unsigned)atoi(argv[1]) : 20;
    unsigned kib = argc > 2 ? (unsigned)atoi(argv[2]) : 12288;
    unsigned programs = argc > 3 ? (unsigned)atoi(argv[3]) : 20;
    msg("begin");
    for (unsigned i = 0; i < OWN_BYTES; i++)
        own[i] = byte_at(i, 1);
    uint64_t deadline = now_ms() + seconds * 1000ull;
    pid_t t = spawn("thrasher", (uint64_t)kib * 1024 / 8, deadline, 0);
    pid_t w = spawn("writer", 0, 0, programs);
    int writer_status = wait(w);
    if (!create(STOP, 0))
        fail("cannot create " STOP);
    CHECK(writer_status == 0, "the %u programs the writer ran read their files back",
          programs);
    CHECK(wait(t) == 0, "the thrasher found every pass of %u KiB as it wrote it", kib);
    CHECK(own_intact(1), "the parent's memory is intact after waiting");
    CHECK(remove(STOP), "removed " STOP);
    struct vmstat v = {0};
    vmstat(&v, sizeof v);
    CHECK(v.oom_kills == 0 && v.killed_no_memory == 0, "nobody was killed for memory");
    msg("end");
    return 0;
}
