/* read-bound: a read into a buffer that runs across a page boundary (both
 * pages mapped) fills it correctly. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

static char pages[2 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* Reads sample.txt into the middle of the two pages. */
void
test_main(void)
{
    const char *text = sample_text();
    char *buf = pages + PAGE_SIZE - 50;
    int fd = open("sample.txt"), n;

    if (fd < 2)
        fail("cannot open sample.txt");
    n = read(fd, buf, 137);
    CHECK(n == 137 && memcmp(buf, text, 137) == 0,
          "137 bytes read across a page boundary");
}
