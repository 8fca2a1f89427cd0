/* pc-frame-reuse: the page cache never holds on to a frame or a page it
 * does not own while sync() runs beside eviction and removal.  A child
 * calls sync() over and over until the parent creates "stop".  Meanwhile,
 * each round, the parent
 *   - writes to every page of its mapping of map.bin (so that the child's
 *     sync has pages to write back), writes two pages of a.tmp with
 *     write(), removes it, and writes b.tmp
 *     (which gets the freed inode number) as 16 bytes, a hole and 16 bytes:
 *     read() must give b.tmp's bytes and zeros in the hole, never a.tmp's
 *     (a page of the removed file that stayed in the cache);
 *   - writes every page of its mapping of map.bin and touches 3 MiB, so
 *     that the written pages are evicted to the file and frames are freed in
 *     batches and taken again (the test runs with 600 user frames), then
 *     checks every byte of the file through the mapping and read().
 * Once the frames sync() pinned while they were being evicted were unpinned
 * after they had gone to another user (a kernel assertion, or a frame
 * evicted under its new user), and a removed file's page that sync() had
 * pinned stayed in the cache under an inode number the next file got. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE   4096
#define PAGES  128
#define SIZE   (PAGES * PAGE)
#define MAP    ((char *)0x10000000)
#define BIG    (3 * 1024 * 1024)
#define ROUNDS 12
#define REUSES 32
#define HOLE   6000

/* Fails the test after telling the child to stop. */
#define BAIL(...)                                                                        \
    do {                                                                                 \
        put("stop", "", 0, 0);                                                           \
        fail(__VA_ARGS__);                                                               \
    } while (0)

static char big[BIG];
static char buf[SIZE];

static bool put(const char *name, const char *bytes, int n, unsigned at);

/* The byte at offset I of map.bin after round R. */
static char
expected(unsigned i, int r)
{
    return (char)('a' + (i / PAGE + i % 11 + (unsigned)r) % 26);
}

/* The first offset of P (SIZE bytes) that differs from round R's bytes,
 * or -1. */
static int
first_bad(const char *p, int r)
{
    for (unsigned i = 0; i < SIZE; i++)
        if (p[i] != expected(i, r))
            return (int)i;
    return -1;
}

/* Creates NAME and writes N bytes of BYTES at offset AT; true if it could. */
static bool
put(const char *name, const char *bytes, int n, unsigned at)
{
    int fd = open(name);
    if (fd < 0 && (!create(name, 0) || (fd = open(name)) < 0))
        return false;
    seek(fd, at);
    bool ok = write(fd, bytes, n) == n;
    close(fd);
    return ok;
}

/* One removal and reuse of an inode: true if b.tmp reads back as written. */
static bool
reuse_inode(void)
{
    static char old[2 * PAGE], got[HOLE + 16];
    memset(old, 'x', sizeof old);
    if (!put("a.tmp", old, sizeof old, 0) || !remove("a.tmp") ||
        !put("b.tmp", "0123456789abcdef", 16, 0) ||
        !put("b.tmp", "fedcba9876543210", 16, HOLE))
        BAIL("cannot write a.tmp and b.tmp");
    int fd = open("b.tmp");
    bool ok = fd >= 0 && read(fd, got, sizeof got) == (int)sizeof got &&
              memcmp(got, "0123456789abcdef", 16) == 0 &&
              memcmp(got + HOLE, "fedcba9876543210", 16) == 0;
    for (unsigned i = 16; ok && i < HOLE; i++)
        ok = got[i] == 0;
    close(fd);
    if (!remove("b.tmp"))
        BAIL("cannot remove b.tmp");
    return ok;
}

/* Writes every page of the mapping again with the bytes it holds, so that
 * the child's next sync() has them to write back (and holds on to the
 * cache meanwhile); true. */
static bool
redirty(void)
{
    for (unsigned i = 0; i < SIZE; i += PAGE)
        ((volatile char *)MAP)[i] = MAP[i];
    return true;
}

/* One round of writing the mapping and pushing it out of memory. */
static void
evict_round(int r)
{
    for (unsigned i = 0; i < SIZE; i++)
        MAP[i] = expected(i, r);
    for (int i = 0; i < BIG; i += PAGE)
        ((volatile char *)big)[i] = (char)r;
}

static void __attribute__((noreturn)) syncer(void)
{
    for (;;) {
        int fd = open("stop");
        if (fd >= 0)
            exit(0);
        if (sync() != 0)
            fail("syncer: sync failed");
    }
}

void
test_main(void)
{
    int fd;
    memset(buf, 0, SIZE);
    if (!create("map.bin", 0) || (fd = open("map.bin")) < 2 ||
        write(fd, buf, SIZE) != SIZE || mmap(MAP, SIZE, 1, fd, 0) != MAP)
        fail("cannot create and map map.bin");
    msg("map.bin mapped; a child calls sync() until told to stop");
    struct vmstat a, b;
    vmstat(&a, sizeof a);
    pid_t pid = fork("syncer");
    if (pid == 0)
        syncer();
    if (pid < 0)
        fail("fork failed");
    for (int r = 0; r < ROUNDS; r++) {
        for (int k = 0; k < REUSES; k++)
            if (!redirty() || !reuse_inode())
                BAIL("round %d: b.tmp shows bytes that are not its own", r);
        evict_round(r);
        int bad = first_bad(MAP, r);
        if (bad >= 0)
            BAIL("round %d: byte %d of the mapping is wrong", r, bad);
        seek(fd, 0);
        if (read(fd, buf, SIZE) != SIZE || (bad = first_bad(buf, r)) >= 0)
            BAIL("round %d: byte %d of read() is wrong", r, bad);
    }
    vmstat(&b, sizeof b);
    if (!put("stop", "", 0, 0))
        fail("cannot create stop");
    CHECK(wait(pid) == 0, "the child synced all along");
    msg("%d rounds: every removed file's pages gone, every byte of map.bin right",
        ROUNDS);
    CHECK(b.mmap_writebacks > a.mmap_writebacks,
          "written pages were evicted to the file");
    munmap(MAP);
    close(fd);
}
