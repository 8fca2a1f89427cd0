/* write-bound: writes from a buffer that runs across a page boundary (both
 * pages mapped) work, to a file and to the console. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

static char pages[2 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* Writes the crossing buffer to a file, reads it back, and prints it. */
void
test_main(void)
{
    const char *text = sample_text();
    char *buf = across_pages(pages, text), back[137];
    int fd;

    CHECK(create("copy", 0), "create \"copy\"");
    fd = open("copy");
    CHECK(write(fd, buf, 137) == 137, "write 137 bytes from across a page boundary");
    seek(fd, 0);
    CHECK(read(fd, back, 137) == 137 && memcmp(back, text, 137) == 0, "they read back");
    buf = across_pages(pages, "(write-bound) a console line across a page boundary\n");
    CHECK(write(1, buf, strlen(buf)) == (int)strlen(buf), "and to the console");
}
