/* mmap-buffer: a mapping as the buffer of read() and write() on its own
 * file.  buf.bin (4 pages, pattern) is mapped writable.  write() from the
 * mapping's page 0 to file page 3 makes the kernel load page 0 from the file
 * while it copies the buffer; read() of file page 2 into the mapping's page 1
 * makes it load page 1 from the same file and overwrite it.  Neither call
 * may deadlock or go wrong.  After munmap: file page 1 holds page 2's bytes
 * (written through the mapping), page 3 holds page 0's (write()), pages 0
 * and 2 are unchanged, and the mapping's page 3, never touched, did not
 * undo the write(). */
#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE  4096
#define PAGES 4
#define SIZE  (PAGES * PAGE)
#define MAP   ((char *)0x10000000)

static unsigned char buf[SIZE];

/* The byte at offset I of the file as created. */
static unsigned char
pattern(unsigned i)
{
    return (unsigned char)((i * 2654435761u >> 11) ^ (i >> 12) ^ 0x0b);
}

/* The byte at offset I of the file at the end. */
static unsigned char
expected(unsigned i)
{
    unsigned page = i / PAGE, in = i % PAGE;
    if (page == 1)
        return pattern(2 * PAGE + in);
    if (page == 3)
        return pattern(in);
    return pattern(i);
}

/* Uses the mapping as buffers, unmaps, reads the file. */
void
test_main(void)
{
    int fd;

    for (unsigned i = 0; i < SIZE; i++)
        buf[i] = pattern(i);
    if (!create("buf.bin", 0) || (fd = open("buf.bin")) < 2 ||
        write(fd, buf, SIZE) != SIZE)
        fail("cannot create buf.bin");
    CHECK(mmap(MAP, SIZE, 1, fd, 0) == MAP, "map buf.bin writable");
    seek(fd, 3 * PAGE);
    CHECK(write(fd, MAP, PAGE) == PAGE,
          "write() from the mapping's page 0 to file page 3");
    seek(fd, 2 * PAGE);
    CHECK(read(fd, MAP + PAGE, PAGE) == PAGE, "read() of file page 2 into its page 1");
    bool ok = true;
    for (unsigned i = 0; ok && i < 3 * PAGE; i++)
        ok = (unsigned char)MAP[i] == (i / PAGE == 1 ? expected(i) : pattern(i));
    CHECK(ok, "its pages 0, 1, 2 hold file pages 0, 2, 2");
    munmap(MAP);
    seek(fd, 0);
    ok = read(fd, buf, SIZE) == SIZE;
    for (unsigned i = 0; ok && i < SIZE; i++)
        ok = buf[i] == expected(i);
    CHECK(ok, "after munmap file pages 0 to 3 hold what pages 0, 2, 2, 0 held");
    close(fd);
}
