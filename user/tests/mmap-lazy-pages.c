/* A mapping of a file that nobody has read yet brings in only the pages the
 * program touches: after touching page I, pages 0..I are present and the
 * others are not (Pintos's vm/lazy-file asks this of get_phys_addr, hwan's
 * int 0x42).  Maps the whole pages of /lazy.txt, which nothing has read. */
#include "frame.h"
#include "string.h"
#include "syscall.h"
#include "test.h"

#define MAP  ((char *)0x10000000)
#define PAGE 4096

void
test_main(void)
{
    int fd = open("lazy.txt");
    CHECK(fd > 1, "open \"lazy.txt\"");
    int pages = (filesize(fd) + PAGE - 1) / PAGE;
    CHECK(mmap(MAP, (size_t)pages * PAGE, 0, fd, 0) == MAP, "mmap %d pages", pages);
    for (int i = 0; i < pages; i++)
        if (frame_of(MAP + i * PAGE) != 0)
            fail("page %d is present before any touch", i);
    for (int i = 0; i < pages; i++) {
        volatile char c = MAP[i * PAGE];
        (void)c;
        for (int j = 0; j < pages; j++)
            if ((frame_of(MAP + j * PAGE) != 0) != (j <= i))
                fail("after touching page %d, page %d is %spresent", i, j,
                     j <= i ? "not " : "");
    }
    msg("touched %d pages one by one: each came in at its touch", pages);
    munmap(MAP);
    close(fd);
}
