/* disk-procs: four processes do file I/O at once.  Each writes its own
 * 128 KiB file in 4 KiB pieces, reads it back in 4 KiB pieces, then again
 * backwards in 3000-byte pieces, and checks every byte; the four files are
 * together eight times the block cache, so the disk is busy with requests
 * from several processes at a time.  The children exit one at a time, in
 * order, when the parent creates "go0", "go1"... so the exit lines come in
 * a fixed order. */
#include "stdio.h"
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

#define CHILDREN  4
#define FILE_SIZE (128 * 1024)
#define PIECE     4096

/* The byte at OFFSET of child ID's file. */
static unsigned char
pattern(int id, unsigned offset)
{
    return (unsigned char)(id * 37 + offset * 13 + offset / PIECE);
}

/* Writes the file NAME of child ID in PIECE-byte writes. */
static void
write_file(const char *name, int id)
{
    static unsigned char buf[PIECE];
    int fd;

    if (!create(name, 0) || (fd = open(name)) < 2)
        fail("cannot create %s", name);
    for (unsigned off = 0; off < FILE_SIZE; off += PIECE) {
        for (unsigned i = 0; i < PIECE; i++)
            buf[i] = pattern(id, off + i);
        if (write(fd, buf, PIECE) != PIECE)
            fail("write to %s at %u", name, off);
    }
    close(fd);
}

/* Reads LEN bytes at OFF of FD and checks them against child ID's pattern. */
static void
check_piece(int fd, int id, unsigned off, unsigned len)
{
    static unsigned char buf[PIECE];

    seek(fd, off);
    if (read(fd, buf, len) != (int)len)
        fail("short read at %u", off);
    for (unsigned i = 0; i < len; i++)
        if (buf[i] != pattern(id, off + i))
            fail("child %d: byte %u is %u, not %u", id, off + i, buf[i],
                 pattern(id, off + i));
}

/* Child ID: writes its file, checks it forwards and backwards, then waits
 * for its turn to exit. */
static void
child(int id)
{
    char name[8], go[8];

    snprintf(name, sizeof name, "f%d", id);
    snprintf(go, sizeof go, "go%d", id);
    write_file(name, id);
    int fd = open(name);
    if (fd < 2 || filesize(fd) != FILE_SIZE)
        fail("cannot reopen %s", name);
    for (unsigned off = 0; off < FILE_SIZE; off += PIECE)
        check_piece(fd, id, off, PIECE);
    for (unsigned end = FILE_SIZE; end > 0;) {
        unsigned len = end < 3000 ? end : 3000;
        end -= len;
        check_piece(fd, id, end, len);
    }
    close(fd);
    wait_for_file(go);
    exit(0);
}

/* Starts the children, then lets them exit one by one. */
void
test_main(void)
{
    pid_t pid[CHILDREN];
    char name[8];

    for (int i = 0; i < CHILDREN; i++) {
        snprintf(name, sizeof name, "p%d", i);
        pid[i] = fork_checked(name);
        if (pid[i] == 0)
            child(i);
    }
    for (int i = 0; i < CHILDREN; i++) {
        snprintf(name, sizeof name, "go%d", i);
        if (!create(name, 0))
            fail("cannot create %s", name);
        if (wait(pid[i]) != 0)
            fail("child %d failed", i);
    }
    msg("4 processes wrote and read back 128 KiB each at once, every byte intact");
}
