/* mmap-sbrk: the heap and mappings keep out of each other's way
 * (docs/abi.md, sections 5 and 7).  A file is mapped at the page right after
 * the break: sbrk cannot grow the heap over it (-1, the break unchanged, the
 * mapping intact), and mmap cannot map over the heap.  After munmap the heap
 * grows into those pages, which read as zeros; then that range can no longer
 * be mapped. */
#include <stdint.h>

#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE 4096UL

/* Maps next to the break, tries both ways, unmaps, grows. */
void
test_main(void)
{
    char text[PAGE];
    int fd;

    memset(text, 's', sizeof text);
    if (!create("sbrk.bin", 0) || (fd = open("sbrk.bin")) < 2 ||
        write(fd, text, sizeof text) != (int)sizeof text)
        fail("cannot create sbrk.bin");
    /* Grow the heap by at least a page and end it on a page boundary, so
     * that the page before the break is heap and the next one wholly free. */
    uintptr_t brk = (uintptr_t)sbrk(0);
    if (sbrk((intptr_t)(((brk + 2 * PAGE - 1) & ~(PAGE - 1)) - brk)) == (void *)-1)
        fail("cannot grow the heap");
    char *end = sbrk(0);

    CHECK(mmap(end, 2 * PAGE, 0, fd, 0) == end, "map 2 pages right at the break");
    CHECK(sbrk(PAGE) == (void *)-1 && sbrk(1) == (void *)-1 && sbrk(0) == end,
          "sbrk cannot grow the heap over the mapping; the break stays");
    CHECK(end[0] == 's' && end[PAGE - 1] == 's' && end[PAGE] == 0,
          "the mapping is intact");
    CHECK(mmap(end - PAGE, PAGE, 0, fd, 0) == NULL, "mmap cannot map over the heap");
    munmap(end);
    CHECK(sbrk(2 * PAGE) == end, "after munmap the heap grows there");
    CHECK(end[0] == 0 && end[2 * PAGE - 1] == 0, "its new pages read as zeros");
    CHECK(mmap(end, PAGE, 0, fd, 0) == NULL, "and they can no longer be mapped");
    close(fd);
}
