/* mmap-tail: reading through a mapping, and the zero tail.  A 5000-byte file
 * is mapped read-only over three pages: no page is in memory before it is
 * touched; the first 5000 bytes are the file's; the rest of the second page
 * and all of the third (wholly past the end of the file) read as zero.  Then
 * a writable mapping of the file has its tail and its third page written:
 * after munmap the file still has 5000 bytes, unchanged, and a new mapping
 * reads zeros past the end again (docs/abi.md, section 5). */
#include "frame.h"
#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE      4096
#define FILE_SIZE 5000
#define MAP       ((char *)0x10000000)

/* The byte at offset I of the test file. */
static unsigned char
pattern(unsigned i)
{
    return (unsigned char)((i * 2654435761u >> 11) ^ (i >> 12) ^ 0x5a);
}

/* Creates NAME holding FILE_SIZE bytes of the pattern and returns a
 * descriptor for it; fails the test if it cannot. */
static int
make_file(const char *name)
{
    static unsigned char buf[FILE_SIZE];
    int fd;

    for (unsigned i = 0; i < FILE_SIZE; i++)
        buf[i] = pattern(i);
    if (!create(name, 0) || (fd = open(name)) < 2 ||
        write(fd, buf, FILE_SIZE) != FILE_SIZE)
        fail("cannot create %s", name);
    return fd;
}

/* Returns the offset of the first of the FILE_SIZE bytes at P that differs
 * from the file, or -1 if none does. */
static int
first_mismatch(const volatile char *p)
{
    for (int i = 0; i < FILE_SIZE; i++)
        if ((unsigned char)p[i] != pattern(i))
            return i;
    return -1;
}

/* Maps, reads, writes past the end, unmaps, checks the file. */
void
test_main(void)
{
    static unsigned char buf[FILE_SIZE + 100];
    int fd = make_file("tail.bin");

    CHECK(mmap(MAP, 3 * PAGE, 0, fd, 0) == MAP, "map 5000 bytes over 3 pages, read-only");
    CHECK(frame_of(MAP) == 0 && frame_of(MAP + PAGE) == 0 &&
              frame_of(MAP + 2 * PAGE) == 0,
          "no page is in memory before it is touched");
    CHECK(MAP[PAGE + 1] == (char)pattern(PAGE + 1) && frame_of(MAP + PAGE) != 0 &&
              frame_of(MAP) == 0,
          "reading the second page brings in that page only");
    CHECK(first_mismatch(MAP) == -1, "the first 5000 bytes are the file's");
    CHECK(test_first_nonzero(MAP + FILE_SIZE, 2 * PAGE - FILE_SIZE) == -1,
          "the rest of the second page reads as zero");
    CHECK(test_first_nonzero(MAP + 2 * PAGE, PAGE) == -1,
          "the third page, past the end of the file, reads as zero");
    munmap(MAP);

    CHECK(mmap(MAP, 3 * PAGE, 1, fd, 0) == MAP, "map it again, writable");
    memset(MAP + FILE_SIZE, 'T', 2 * PAGE - FILE_SIZE);
    memset(MAP + 2 * PAGE, 'U', PAGE);
    MAP[0] = (char)pattern(0); /* the first page is written too, unchanged */
    munmap(MAP);
    msg("write the tail and the third page, munmap");
    CHECK(filesize(fd) == FILE_SIZE, "the file still has 5000 bytes");
    seek(fd, 0);
    CHECK(read(fd, buf, sizeof buf) == FILE_SIZE && first_mismatch((char *)buf) == -1,
          "read() finds the file unchanged");

    CHECK(mmap(MAP, 2 * PAGE, 0, fd, 0) == MAP, "map it a third time");
    CHECK(first_mismatch(MAP) == -1 &&
              test_first_nonzero(MAP + FILE_SIZE, 2 * PAGE - FILE_SIZE) == -1,
          "the file's bytes, then zeros again");
    munmap(MAP);
    close(fd);
}
