/* exec-bound: a command line that runs across a page boundary (both pages
 * mapped) works for exec. */
#include "syscall.h"
#include "test.h"
#include "userprog.h"

static char pages[2 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* Execs args with a command line across the boundary. */
void
test_main(void)
{
    exec(across_pages(pages, "args crossing a page boundary"));
    fail("exec returned");
}
