/* dup2-high-fd: dup2 takes any new descriptor up to 1023, as Pintos's
 * userprog/dup2-complex expects of dup2(fd, 0x1CE): the table had a fixed
 * 256 slots, so dup2 onto 462 returned -1.  The high descriptor shares the
 * open file, is inherited by fork, and open still returns the lowest free
 * descriptor. */
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

/* Reads sample.txt through a high descriptor, in this process and a child. */
void
test_main(void)
{
    const char *text = sample_text();
    char buf[8];
    int fd = open("sample.txt");
    pid_t pid;

    CHECK(fd >= 2, "open \"sample.txt\"");
    CHECK(dup2(fd, 462) == 462, "dup2(fd, 462) returns 462");
    CHECK(read(462, buf, 8) == 8 && memcmp(buf, text, 8) == 0 && tell(fd) == 8,
          "fd 462 reads the file, and moves fd");
    CHECK(dup2(462, 1023) == 1023 && tell(1023) == 8, "dup2(462, 1023) returns 1023");
    CHECK(dup2(fd, 1024) == -1 && tell(1023) == 8, "dup2(fd, 1024) returns -1");
    CHECK(open("sample.txt") == fd + 1, "open returns the lowest free descriptor");
    pid = fork("child");
    if (pid == 0) {
        exit(read(462, buf, 4) == 4 && memcmp(buf, text + 8, 4) == 0 ? 81 : 1);
    }
    CHECK(wait(pid) == 81, "a child reads through fd 462");
    close(462);
    CHECK(read(462, buf, 1) == -1 && tell(1023) == 8, "close(462) closes only it");
}
