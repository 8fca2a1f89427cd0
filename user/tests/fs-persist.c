/* fs-persist: what a program writes reaches the disk: it writes out/log.txt
 * (in a new folder) and changes sample.txt; the test's host check reads
 * both back from the image after the run. */
#include "string.h"
#include "syscall.h"
#include "test.h"

/* Writes the two files. */
void
test_main(void)
{
    static const char log[] = "written by fs-persist\n";
    int fd;

    CHECK(mkdir("out") && create("out/log.txt", 0), "create out/log.txt");
    fd = open("out/log.txt");
    CHECK(write(fd, log, sizeof log - 1) == (int)sizeof log - 1, "write a line to it");
    fd = open("sample.txt");
    CHECK(fd >= 2 && write(fd, "Ghostly", 7) == 7,
          "overwrite the first word of sample.txt");
}
