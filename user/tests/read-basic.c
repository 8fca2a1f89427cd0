/* read-basic: reading sample.txt (put on the disk) gives exactly its bytes:
 * filesize first, then the whole file in one read, then again in small
 * pieces after seeking back. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Reads the file twice and compares. */
void
test_main(void)
{
    const char *text = sample_text();
    int len = (int)strlen(text), fd = open("sample.txt"), n, got = 0;
    char buf[256];

    if (fd < 2)
        fail("cannot open sample.txt");
    CHECK(filesize(fd) == len, "filesize is %d", len);
    n = read(fd, buf, sizeof buf);
    CHECK(n == len && memcmp(buf, text, len) == 0, "one read gives the whole file");
    seek(fd, 0);
    while ((n = read(fd, buf + got, 10)) > 0)
        got += n;
    CHECK(got == len && memcmp(buf, text, len) == 0, "reads of 10 bytes give it too");
}
