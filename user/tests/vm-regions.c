/* Huge, overlapping and boundary regions: mmap and sbrk requests cost time
 * independent of their length, and those that cannot be satisfied fail at
 * once. */
#include <stdint.h>

#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE     4096UL
#define GIB      (1024UL * 1024 * 1024)
#define USER_TOP 0x8004000000UL
#define HIGH     (USER_TOP - 64 * GIB) /* a 64 GiB mapping ends at the top */
#define LOW      0x20000000UL

/* Milliseconds since boot. */
static uint64_t
now_ms(void)
{
    struct vmstat v;
    vmstat(&v, sizeof v);
    return v.uptime_ms;
}

void
test_main(void)
{
    static const char text[] = "regions";
    CHECK(create("r.bin", 0), "created r.bin");
    int fd = open("r.bin");
    write(fd, text, sizeof text);
    uint64_t start = now_ms();

    char *high = mmap((void *)HIGH, 64 * GIB, 1, fd, 0);
    CHECK(high == (char *)HIGH, "a 64 GiB mapping up to the top of user space");
    CHECK(high[0] == 'r' && high[64 * GIB - 1] == 0, "its first and last bytes read");
    CHECK(mmap((void *)(HIGH - PAGE), 2 * PAGE, 0, fd, 0) == NULL,
          "a mapping overlapping it is refused");
    CHECK(mmap((void *)(USER_TOP - PAGE), 2 * PAGE, 0, fd, 0) == NULL,
          "a mapping past the top of user space is refused");
    CHECK(mmap((void *)(HIGH - PAGE), PAGE, 0, fd, 0) == (void *)(HIGH - PAGE),
          "a mapping right below it is not");
    munmap((void *)(HIGH - PAGE));
    munmap(high);
    CHECK(mmap((void *)LOW, USER_TOP - LOW, 0, fd, 0) == NULL,
          "a mapping over the stack is refused");

    char *brk = sbrk(0);
    CHECK(sbrk(512 * 1024 * 1024) == brk, "sbrk grows the heap by 512 MiB");
    brk[512 * 1024 * 1024 - 1] = 5;
    CHECK(brk[512 * 1024 * 1024 - 1] == 5 && brk[4 * PAGE] == 0, "its last byte works");
    CHECK(sbrk(-512 * 1024 * 1024) == brk + 512 * 1024 * 1024, "and shrinks back");
    CHECK(sbrk(64 * GIB) == (void *)-1, "sbrk past the stack is refused");
    CHECK(now_ms() - start < 1000, "all of it took well under a second");
    close(fd);
}
