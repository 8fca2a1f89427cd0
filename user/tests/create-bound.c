/* create-bound: a file name that runs across a page boundary (both pages
 * mapped) works like any other, for create, open and remove. */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

static char pages[2 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* Uses a name placed across the boundary. */
void
test_main(void)
{
    char *name = across_pages(pages, "straddling-name");
    int fd;

    CHECK(create(name, 7), "create a name that crosses a page boundary");
    fd = open("straddling-name");
    CHECK(fd >= 2 && filesize(fd) == 7, "open it by a copy of the name");
    close(fd);
    fd = open(name);
    CHECK(fd >= 2, "open it by the crossing name");
    close(fd);
    CHECK(remove(name), "remove it by the crossing name");
}
