/* pc-async: asynchronous file read-ahead meeting other users of the pages
 * it has in flight.  FILE is a copy of build/data/pattern.bin (byte O is
 * byte O % 8 of the little-endian word pattern_word(O / 8)).
 *     pc-async two FILE     two processes read FILE at once in 64 KiB
 *                           pieces; every page is read from the disk once
 *     pc-async write FILE   reads the first 64 KiB (windows then in flight),
 *                           writes into pages being read ahead, reads all back
 *     pc-async remove FILE  reads the first 64 KiB, removes FILE while its
 *                           windows are in flight, reads on through the open
 *                           handle
 *     pc-async evict FILE   reads FILE twice with few frames (-ul=N): the
 *                           cache evicts its own pages while windows are in
 *                           flight */
#include <stdint.h>

#include "string.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE  4096
#define PIECE (64 * 1024)

static char buf[PIECE];

/* Word I of the pattern. */
static uint64_t
pattern_word(uint64_t i)
{
    return i * 0x9E3779B97F4A7C15ull + 0x0123456789ABCDEFull;
}

/* The pattern's byte at offset OFF. */
static uint8_t
pattern_byte(uint64_t off)
{
    return (uint8_t)(pattern_word(off / 8) >> (8 * (off % 8)));
}

/* The byte the write pass leaves at OFF: pages 30 and 40 start with 100
 * bytes of 'w'. */
static uint8_t
written_byte(uint64_t off, int written)
{
    uint64_t pg = off / PAGE;
    if (written && (pg == 30 || pg == 40) && off % PAGE < 100)
        return 'w';
    return pattern_byte(off);
}

/* Opens NAME; its size in *SIZE. */
static int
open_file(const char *name, uint64_t *size)
{
    int fd = open(name);
    if (fd < 2)
        fail("cannot open %s", name);
    *size = (uint64_t)filesize(fd);
    return fd;
}

/* Reads FD from OFF to its end (SIZE) in pieces; true if every byte is
 * what written_byte says. */
static int
read_rest(int fd, uint64_t off, uint64_t size, int written)
{
    int ok = 1;
    seek(fd, (int)off);
    for (int n; (n = read(fd, buf, PIECE)) > 0; off += (uint64_t)n)
        for (int i = 0; i < n; i++)
            ok &= (uint8_t)buf[i] == written_byte(off + (uint64_t)i, written);
    return ok && off == size;
}

/* Reads the first 64 KiB of FD; true if they are right. */
static int
read_head(int fd)
{
    int ok = read(fd, buf, PIECE) == PIECE;
    for (uint64_t i = 0; ok && i < PIECE; i++)
        ok = (uint8_t)buf[i] == pattern_byte(i);
    return ok;
}

/* Two processes read NAME at once. */
static void
two(const char *name)
{
    uint64_t size;
    struct vmstat a, b;
    sync(); /* the windows of this program's own image end first */
    vmstat(&a, sizeof a);
    pid_t pid = fork("pc-async-child");
    if (pid < 0)
        fail("fork");
    int fd = open_file(name, &size);
    int ok = read_rest(fd, 0, size, 0);
    close(fd);
    if (pid == 0)
        exit(ok ? 0 : 1);
    CHECK(ok && wait(pid) == 0, "two processes read %s at once: every byte right", name);
    sync();
    vmstat(&b, sizeof b);
    uint64_t pages = (size + PAGE - 1) / PAGE;
    CHECK(b.file_read_pages - a.file_read_pages == pages,
          "each of its %llu pages read from the disk once", (unsigned long long)pages);
    CHECK(b.file_ra_async > a.file_ra_async, "windows read ahead without waiting");
}

/* Writes 100 bytes of 'w' at the start of page PG of FD. */
static void
write_page(int fd, uint64_t pg)
{
    char w[100];
    memset(w, 'w', sizeof w);
    seek(fd, (int)(pg * PAGE));
    if (write(fd, w, sizeof w) != sizeof w)
        fail("write page %llu", (unsigned long long)pg);
}

/* Writes into pages being read ahead. */
static void
write_pass(const char *name)
{
    uint64_t size;
    int fd = open_file(name, &size);
    CHECK(read_head(fd), "read the first 64 KiB of %s", name);
    write_page(fd, 40);
    write_page(fd, 30);
    CHECK(read_rest(fd, 0, size, 1),
          "write into pages 30 and 40 (read ahead): read back");
    close(fd);
    fd = open_file(name, &size);
    CHECK(read_rest(fd, 0, size, 1), "read back through a new handle");
    close(fd);
}

/* Removes NAME while its windows are in flight. */
static void
remove_pass(const char *name)
{
    uint64_t size;
    int fd = open_file(name, &size);
    CHECK(read_head(fd) && remove(name), "read the first 64 KiB of %s and remove it",
          name);
    CHECK(read_rest(fd, PIECE, size, 0), "read on through the open handle: every byte");
    close(fd);
    CHECK(open(name) < 0 && sync() == 0, "%s is gone, sync", name);
}

/* Reads NAME twice with few frames. */
static void
evict_pass(const char *name)
{
    uint64_t size;
    struct vmstat a, b;
    vmstat(&a, sizeof a);
    for (int pass = 1; pass <= 2; pass++) {
        int fd = open_file(name, &size);
        CHECK(read_rest(fd, 0, size, 0), "read %s (pass %d): every byte right", name,
              pass);
        close(fd);
    }
    vmstat(&b, sizeof b);
    CHECK(b.evictions + b.clean_drops > a.evictions + a.clean_drops,
          "cached pages were evicted meanwhile");
}

int
main(int argc, char **argv)
{
    test_name = "pc-async";
    if (argc != 3)
        fail("usage: pc-async two|write|remove|evict FILE");
    msg("begin");
    if (strcmp(argv[1], "two") == 0)
        two(argv[2]);
    else if (strcmp(argv[1], "write") == 0)
        write_pass(argv[2]);
    else if (strcmp(argv[1], "remove") == 0)
        remove_pass(argv[2]);
    else if (strcmp(argv[1], "evict") == 0)
        evict_pass(argv[2]);
    else
        fail("unknown pass %s", argv[1]);
    msg("end");
    return 0;
}
