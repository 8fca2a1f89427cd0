/* soak: the mixed workload of `make soak`.  `soak SECONDS SEED` runs rounds
 * until SECONDS have passed; each round forks four children at once, which
 * must all succeed:
 *   sk-mem   two of them: each fills MEM_BIG or MEM_SMALL bytes of heap with a
 *            pattern and checks it twice (MEM_BIG alone swaps at 16 MiB),
 *   sk-file  writes a file in pieces, reads it back, checks it, removes it,
 *   sk-mmap  maps a file, writes through the mapping, unmaps, reads it back,
 *   sk-exec  execs `soak child N`, which exits with N % 100.
 * A failed child makes the round fail; the last line says how many rounds
 * ran.  The runner checks leaks and the disk after it. */
#include "lib/random.h"
#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "test.h"

#define MEM_BIG    (9 << 20) /* more than a 16 MiB machine gives programs */
#define MEM_SMALL  (2 << 20)
#define FILE_BYTES (96 * 1024)
#define MAP_BYTES  (5 * 4096 + 300)
#define PIECE      3000

static struct random_state rng;
static char buf[FILE_BYTES];

/* The byte at offset I of data stream SEED. */
static char
byte_at(uint64_t seed, uint64_t i)
{
    return (char)((i * 2654435761u >> 7) ^ (seed * 40503u) ^ (i >> 13));
}

/* Fills BYTES of fresh heap with stream SEED and checks it twice; 0 if
 * intact. */
static int
fill_and_check(uint64_t seed, uint64_t bytes)
{
    char *p = malloc(bytes);
    if (p == NULL)
        return 2;
    for (uint64_t i = 0; i < bytes; i += 512)
        p[i] = byte_at(seed, i);
    for (int pass = 0; pass < 2; pass++)
        for (uint64_t i = 0; i < bytes; i += 512)
            if (p[i] != byte_at(seed, i))
                return 3;
    return 0;
}

/* The big sk-mem child. */
static int
child_mem_big(uint64_t seed)
{
    return fill_and_check(seed, MEM_BIG);
}

/* The small sk-mem child. */
static int
child_mem_small(uint64_t seed)
{
    return fill_and_check(seed, MEM_SMALL);
}

/* Writes NAME with N bytes of stream SEED in pieces; true if all written. */
static bool
write_stream(const char *name, uint64_t seed, int n)
{
    for (int i = 0; i < n; i++)
        buf[i] = byte_at(seed, i);
    if (!create(name, 0))
        return false;
    int fd = open(name), done = 0;
    while (fd >= 0 && done < n) {
        int k = n - done < PIECE ? n - done : PIECE;
        if (write(fd, buf + done, k) != k)
            break;
        done += k;
    }
    close(fd);
    return fd >= 0 && done == n;
}

/* Reads NAME back (N bytes of stream SEED expected); true if intact. */
static bool
check_stream(const char *name, uint64_t seed, int n)
{
    int fd = open(name);
    if (fd < 0 || filesize(fd) != n || read(fd, buf, n) != n) {
        close(fd);
        return false;
    }
    close(fd);
    for (int i = 0; i < n; i++)
        if (buf[i] != byte_at(seed, i))
            return false;
    return true;
}

/* A file written, read back, checked and removed; 0 if all went well. */
static int
child_file(uint64_t seed)
{
    char name[16];
    snprintf(name, sizeof name, "sf%u", (unsigned)(seed % 1000));
    if (!write_stream(name, seed, FILE_BYTES))
        return 4;
    if (!check_stream(name, seed, FILE_BYTES))
        return 5;
    return remove(name) ? 0 : 6;
}

/* A file mapped, rewritten through the mapping with stream SEED + 1, read
 * back with read(); 0 if it holds the new bytes. */
static int
child_mmap(uint64_t seed)
{
    char name[16];
    snprintf(name, sizeof name, "sm%u", (unsigned)(seed % 1000));
    if (!write_stream(name, seed, MAP_BYTES))
        return 7;
    int fd = open(name);
    char *map = mmap((void *)0x20000000, MAP_BYTES, 1, fd, 0);
    if (map == MAP_FAILED)
        return 8;
    for (int i = 0; i < MAP_BYTES; i++)
        if (map[i] != byte_at(seed, i))
            return 9;
    for (int i = 0; i < MAP_BYTES; i++)
        map[i] = byte_at(seed + 1, i);
    munmap(map);
    close(fd);
    if (!check_stream(name, seed + 1, MAP_BYTES))
        return 10;
    return remove(name) ? 0 : 11;
}

/* Forks child NAME running FN(SEED); returns its pid. */
static pid_t
spawn(const char *name, int (*fn)(uint64_t), uint64_t seed)
{
    pid_t pid = fork(name);
    if (pid == 0)
        exit(fn(seed));
    return pid;
}

/* sk-exec's body: exec `soak child N`. */
static int
child_exec(uint64_t seed)
{
    char cmd[32];
    snprintf(cmd, sizeof cmd, "soak child %u", (unsigned)seed);
    exec(cmd);
    return 12;
}

/* One round: the five children at once; true if each returned what it must. */
static bool
round_ok(int round)
{
    uint64_t seed = random_u64(&rng) % 100000;
    pid_t pids[5] = {
        spawn("sk-mem", child_mem_big, seed),
        spawn("sk-mem", child_mem_small, seed + 4),
        spawn("sk-file", child_file, seed + 1),
        spawn("sk-mmap", child_mmap, seed + 2),
        spawn("sk-exec", child_exec, seed + 3),
    };
    int want[5] = {0, 0, 0, 0, (int)((seed + 3) % 100)};
    bool ok = true;
    for (int i = 0; i < 5; i++) {
        int status = pids[i] < 0 ? -2 : wait(pids[i]);
        if (status != want[i]) {
            msg("round %d: child %d ended with %d, not %d", round, i, status, want[i]);
            ok = false;
        }
    }
    return ok;
}

/* Runs rounds until the time is up (or is `soak child N`). */
int
main(int argc, char **argv)
{
    test_name = "soak";
    if (argc == 3 && strcmp(argv[1], "child") == 0)
        return atoi(argv[2]) % 100;
    if (argc != 3)
        fail("usage: soak SECONDS SEED");
    uint64_t until = uptime_us() + (uint64_t)atoi(argv[1]) * 1000000;
    random_seed(&rng, strtoul(argv[2], NULL, 0));
    int rounds = 0, failed = 0;
    while (uptime_us() < until) {
        failed += !round_ok(rounds);
        rounds++;
    }
    if (failed > 0)
        fail("%d of %d rounds failed", failed, rounds);
    msg("%d rounds of fork, exec, mmap, swap and file I/O: every result checked", rounds);
    return 0;
}
