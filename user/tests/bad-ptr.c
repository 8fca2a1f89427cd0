/* bad-ptr CALL WHERE: passes a bad address to the system call CALL, which
 * must kill the process with -1 (docs/abi.md, section 6) and print nothing
 * else.  WHERE is the address:
 *
 *   null      0
 *   kernel    0xffffffff80100000, the kernel image
 *   top       0x8004000000, the first kernel address
 *   unmapped  0x20101234, a user address with nothing mapped
 *   edge      a string (no null byte) or buffer that starts 4 bytes before the
 *             end of the mapped memory and runs into the unmapped page after it
 *   long-edge the same with 5000 bytes mapped: a string longer than any
 *             name or path the kernel keeps, that still runs into the
 *             unmapped page (the kernel must notice: the string is bad)
 *
 * CALL is one of create, remove, open, exec, fork (the name), chdir, mkdir,
 * symlink (target), symlink-link (link path), read, write (to the console),
 * readdir and vmstat. */
#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

#define BUF_SIZE  128  /* bytes asked of read, write and vmstat */
#define EDGE      4    /* bytes mapped at an "edge" address (readdir needs more) */
#define LONG_EDGE 5000 /* bytes mapped at a "long-edge" address */

/* The address named WHERE: for "edge" and "long-edge", a string of letters
 * (without a null byte) filling the last EDGE or LONG_EDGE mapped bytes, so
 * that a string, or a buffer of more than that, runs into the unmapped page. */
static char *
bad_address(const char *where)
{
    size_t n;
    char *edge;

    if (strcmp(where, "null") == 0)
        return NULL;
    if (strcmp(where, "kernel") == 0)
        return KERNEL_ADDR;
    if (strcmp(where, "top") == 0)
        return USER_TOP_ADDR;
    if (strcmp(where, "unmapped") == 0)
        return UNMAPPED_ADDR;
    if (strcmp(where, "edge") == 0)
        n = EDGE;
    else if (strcmp(where, "long-edge") == 0)
        n = LONG_EDGE;
    else
        fail("unknown address kind '%s'", where);
    edge = edge_of_mapped(n);
    memset(edge, 'a', n);
    return edge;
}

/* Makes the system call CALL with the bad address P; returns its result if
 * it returns at all. */
static long
call_with(const char *call, char *p)
{
    int fd;

    if (strcmp(call, "create") == 0)
        return create(p, 0);
    if (strcmp(call, "remove") == 0)
        return remove(p);
    if (strcmp(call, "open") == 0)
        return open(p);
    if (strcmp(call, "exec") == 0)
        return exec(p);
    if (strcmp(call, "fork") == 0)
        return fork(p);
    if (strcmp(call, "chdir") == 0)
        return chdir(p);
    if (strcmp(call, "mkdir") == 0)
        return mkdir(p);
    if (strcmp(call, "symlink") == 0)
        return symlink(p, "link");
    if (strcmp(call, "symlink-link") == 0)
        return symlink("bad-ptr", p);
    if (strcmp(call, "write") == 0)
        return write(1, p, BUF_SIZE);
    if (strcmp(call, "vmstat") == 0)
        return vmstat((struct vmstat *)p, BUF_SIZE);
    if (strcmp(call, "read") == 0) {
        if ((fd = open("bad-ptr")) < 2)
            fail("cannot open bad-ptr");
        return read(fd, p, BUF_SIZE);
    }
    if (strcmp(call, "readdir") == 0) {
        if ((fd = open("/")) < 2)
            fail("cannot open /");
        return readdir(fd, p);
    }
    fail("unknown system call '%s'", call);
}

/* Runs argv[1] with the address argv[2]. */
int
main(int argc, char *argv[])
{
    char *p;

    test_name = "bad-ptr";
    if (argc != 3)
        fail("usage: bad-ptr CALL WHERE");
    msg("begin");
    p = bad_address(argv[2]);
    msg("%s with a bad address (%s)", argv[1], argv[2]);
    fail("%s returned %ld: should have been killed", argv[1], call_with(argv[1], p));
}
