/* open-bound: a file name that runs across a page boundary (both pages
 * mapped) opens the file. */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

static char pages[2 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* Opens sample.txt by a name placed across the boundary. */
void
test_main(void)
{
    int fd = open(across_pages(pages, "sample.txt"));

    CHECK(fd >= 2 && filesize(fd) == 137, "open a name that crosses a page boundary");
}
