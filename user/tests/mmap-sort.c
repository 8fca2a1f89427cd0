/* mmap-sort: a child sorts 33 pages through a writable mapping under memory
 * pressure; the parent verifies the file.  The parent writes sorted.bin:
 * 33792 pseudo-random 4-byte numbers (s = s * 1103515245 + 12345 mod 2^32
 * from s = 7, each s in turn).  A child maps it writable, heap-sorts it in
 * place and exits without munmap; with a user pool smaller than the
 * mapping, its pages go to the file and come back many times.  The parent
 * then reads the file with read(): it must be sorted and hold the same
 * numbers (count, sum and xor).  The test's host check reads the file from
 * the disk image and compares it with the sorted numbers. */
#include "syscall.h"
#include "heapsort.h"
#include "test.h"
#include "vmstat.h"

#define PAGES 33
#define COUNT (PAGES * 1024)
#define MAP   ((unsigned *)0x10000000)

static unsigned chunk[1024];

/* The child: maps sorted.bin writable and sorts it; the exit writes it
 * back. */
static void __attribute__((noreturn)) sorter(void)
{
    int fd = open("sorted.bin");

    if (fd < 2 || mmap(MAP, COUNT * 4, 1, fd, 0) != MAP)
        exit(2);
    close(fd);
    heap_sort(MAP, COUNT);
    exit(0);
}

/* Writes the numbers, runs the sorter, checks the file. */
void
test_main(void)
{
    unsigned s = 7, sum = 0, xor = 0, got_sum = 0, got_xor = 0, last = 0;
    struct vmstat v;
    int fd;

    if (!create("sorted.bin", 0) || (fd = open("sorted.bin")) < 2)
        fail("cannot create sorted.bin");
    for (unsigned i = 0; i < COUNT; i += 1024) {
        for (unsigned k = 0; k < 1024; k++) {
            s = s * 1103515245u + 12345u;
            chunk[k] = s;
            sum += s;
            xor ^= s;
        }
        if (write(fd, chunk, sizeof chunk) != sizeof chunk)
            fail("cannot write sorted.bin");
    }
    msg("write 33 pages of numbers");
    vmstat(&v, sizeof v);
    CHECK(v.frames_total < PAGES, "the user pool is smaller than the file");

    uint64_t writebacks = v.mmap_writebacks;
    pid_t pid = fork("sorter");
    if (pid == 0)
        sorter();
    CHECK(pid > 0 && wait(pid) == 0, "a child sorts them through a writable mapping");
    vmstat(&v, sizeof v);
    CHECK(v.mmap_writebacks - writebacks > 2 * PAGES,
          "its pages went back to the file more than twice each on average");

    bool sorted = filesize(fd) == COUNT * 4;
    seek(fd, 0);
    for (unsigned i = 0; i < COUNT && sorted; i += 1024) {
        sorted = read(fd, chunk, sizeof chunk) == sizeof chunk;
        for (unsigned k = 0; k < 1024 && sorted; k++) {
            sorted = chunk[k] >= last;
            last = chunk[k];
            got_sum += chunk[k];
            got_xor ^= chunk[k];
        }
    }
    CHECK(sorted, "the file is sorted");
    CHECK(got_sum == sum && got_xor == xor, "and holds the same numbers");
    close(fd);
}
