/* mmap-twice: two mappings of one file.  A 4-page file is mapped writable
 * twice through one descriptor (A and B), and read-only through a second
 * descriptor (C): all three read the file.  A writes page 0 and B page 2,
 * each having read every page first.  All three are views of the file's
 * one cached copy: munmap(A) leaves B and C working, and both show both
 * writes; after munmap(B) the file holds both writes.  A new mapping reads
 * both. */
#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE  4096
#define PAGES 4
#define SIZE  (PAGES * PAGE)
#define MAP_A ((char *)0x10000000)
#define MAP_B ((char *)0x10100000)
#define MAP_C ((char *)0x10200000)
#define MAP_D ((char *)0x10300000)

static unsigned char buf[SIZE];

/* The byte at offset I of the file as created. */
static unsigned char
pattern(unsigned i)
{
    return (unsigned char)((i * 2654435761u >> 11) ^ (i >> 12) ^ 0x77);
}

/* The byte at offset I of the file once A's and B's writes reached it. */
static unsigned char
expected(unsigned i)
{
    if (i / PAGE == 0)
        return 'A';
    if (i / PAGE == 2)
        return 'B';
    return pattern(i);
}

/* True if the SIZE bytes at P are WANT(0), WANT(1), ... */
static bool
holds(const volatile char *p, unsigned char (*want)(unsigned))
{
    for (unsigned i = 0; i < SIZE; i++)
        if ((unsigned char)p[i] != want(i))
            return false;
    return true;
}

/* Maps three times, writes through two, unmaps, checks. */
void
test_main(void)
{
    int fd, fd2;

    for (unsigned i = 0; i < SIZE; i++)
        buf[i] = pattern(i);
    if (!create("two.bin", 0) || (fd = open("two.bin")) < 2 ||
        write(fd, buf, SIZE) != SIZE || (fd2 = open("two.bin")) < 2)
        fail("cannot create two.bin");

    CHECK(mmap(MAP_A, SIZE, 1, fd, 0) == MAP_A && mmap(MAP_B, SIZE, 1, fd, 0) == MAP_B,
          "map two.bin writable twice through one descriptor");
    CHECK(mmap(MAP_C, SIZE, 0, fd2, 0) == MAP_C, "map it read-only through another");
    CHECK(holds(MAP_A, pattern) && holds(MAP_B, pattern) && holds(MAP_C, pattern),
          "all three read the file");
    memset(MAP_A, 'A', PAGE);
    memset(MAP_B + 2 * PAGE, 'B', PAGE);
    msg("A writes page 0, B writes page 2");
    munmap(MAP_A);
    CHECK(MAP_B[2 * PAGE] == 'B' && MAP_B[0] == 'A' && MAP_C[0] == 'A' &&
              MAP_C[2 * PAGE] == 'B' && MAP_C[3 * PAGE] == (char)pattern(3 * PAGE),
          "after munmap(A), B and C still work and show both writes");
    munmap(MAP_B);
    munmap(MAP_C);
    seek(fd2, 0);
    CHECK(read(fd2, buf, SIZE) == SIZE && holds((char *)buf, expected),
          "after munmap(B), read() finds both writes, the other pages unchanged");
    CHECK(mmap(MAP_D, SIZE, 0, fd, 0) == MAP_D && holds(MAP_D, expected),
          "a new mapping reads both writes");
    munmap(MAP_D);
    close(fd);
    close(fd2);
}
