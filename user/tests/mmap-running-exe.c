/* mmap-running-exe: a writable mapping of a running program's file does not
 * change that program.  The program maps the page of its own file that holds
 * a constant string, writable, and writes the string's first byte through
 * the mapping: the mapping shows the write, but the running program's
 * string, what read() finds in the file, and the file after munmap are all
 * unchanged, and so is the string in a child that execs the program again
 * (docs/abi.md: writes to a running executable write 0 bytes).
 *     mmap-running-exe [child] */
#include <stdint.h>

#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE     4096
#define MAP      ((char *)0x10000000)
#define PT_LOAD  1
#define ORIGINAL "the original text of the program"

static const char text[] = ORIGINAL;

/* The file offset of address VA of the program in its file FD (the
 * PT_LOAD segment that holds it); fails the test if there is none. */
static uint32_t
file_offset(int fd, uint64_t va)
{
    uint64_t phoff = 0;
    uint16_t phentsize = 0, phnum = 0;
    seek(fd, 32);
    read(fd, &phoff, 8);
    seek(fd, 54);
    read(fd, &phentsize, 2);
    read(fd, &phnum, 2);
    for (unsigned i = 0; i < phnum; i++) {
        uint32_t type;
        uint64_t off, vaddr, filesz;
        seek(fd, phoff + i * phentsize);
        read(fd, &type, 4);
        seek(fd, phoff + i * phentsize + 8);
        read(fd, &off, 8);
        read(fd, &vaddr, 8);
        seek(fd, phoff + i * phentsize + 32);
        read(fd, &filesz, 8);
        if (type == PT_LOAD && va >= vaddr && va < vaddr + filesz)
            return (uint32_t)(off + (va - vaddr));
    }
    fail("no segment holds the string");
}

void
test_main(void)
{
    char buf[sizeof text];
    int fd = open("mmap-running-exe");
    CHECK(fd >= 2, "open the program's own file");
    uint32_t off = file_offset(fd, (uint64_t)text);
    uint32_t in = off % PAGE;
    CHECK(mmap(MAP, PAGE, 1, fd, off - in) == MAP,
          "map the page of its string, writable");
    MAP[in] = 'X';
    CHECK(MAP[in] == 'X', "the mapping shows a write");
    CHECK(strcmp(text, ORIGINAL) == 0, "the running program's string is unchanged");
    seek(fd, off);
    CHECK(read(fd, buf, sizeof buf) == sizeof buf && strcmp(buf, ORIGINAL) == 0,
          "read() finds the file unchanged");
    munmap(MAP);
    seek(fd, off);
    CHECK(read(fd, buf, sizeof buf) == sizeof buf && strcmp(buf, ORIGINAL) == 0,
          "after munmap too");
    pid_t pid = fork("child");
    if (pid == 0) {
        exec("mmap-running-exe child");
        exit(2);
    }
    CHECK(wait(pid) == 0, "a new run of the program finds its string unchanged");
}

int
main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "child") == 0)
        return strcmp(text, ORIGINAL) == 0 ? 0 : 1;
    test_name = "mmap-running-exe";
    msg("begin");
    test_main();
    msg("end");
    return 0;
}
