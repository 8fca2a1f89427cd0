/* mmap-remove: a mapping survives closing and removing its file.  A
 * 3-page file is mapped writable, its descriptor closed and the file
 * removed (a second descriptor kept): the name is gone, yet every page,
 * first touched only now, reads the file's bytes, and a page written through
 * the mapping reaches the file at munmap, where the kept descriptor reads it.
 * A second file is mapped, closed, removed and written, and the program
 * exits with it still mapped: the exit writes it back and frees the inode
 * (the runner's e2fsck finds no inode left behind). */
#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE  4096
#define PAGES 3
#define MAP   ((char *)0x10000000)
#define MAP2  ((char *)0x10100000)

static unsigned char buf[PAGES * PAGE];

/* The byte at offset I of the file made with SEED. */
static unsigned char
pattern(unsigned seed, unsigned i)
{
    return (unsigned char)((i * 2654435761u >> 11) ^ (i >> 12) ^ seed);
}

/* Creates NAME with PAGES pages of pattern SEED and returns a descriptor
 * for it; fails the test if it cannot. */
static int
make_file(const char *name, unsigned seed)
{
    int fd;

    for (unsigned i = 0; i < sizeof buf; i++)
        buf[i] = pattern(seed, i);
    if (!create(name, 0) || (fd = open(name)) < 2 ||
        write(fd, buf, sizeof buf) != sizeof buf)
        fail("cannot create %s", name);
    return fd;
}

/* True if the N bytes at P are pattern SEED from offset OFF. */
static bool
holds(const volatile char *p, unsigned n, unsigned seed, unsigned off)
{
    for (unsigned i = 0; i < n; i++)
        if ((unsigned char)p[i] != pattern(seed, off + i))
            return false;
    return true;
}

/* True if the N bytes at P are all C. */
static bool
all_are(const char *p, unsigned n, char c)
{
    for (unsigned i = 0; i < n; i++)
        if (p[i] != c)
            return false;
    return true;
}

/* Maps, closes, removes, uses, unmaps; then leaves a second one mapped. */
void
test_main(void)
{
    int fd = make_file("cr.bin", 1), keep = open("cr.bin");

    if (keep < 2)
        fail("cannot open cr.bin a second time");
    CHECK(mmap(MAP, PAGES * PAGE, 1, fd, 0) == MAP, "map cr.bin (3 pages) writable");
    close(fd);
    CHECK(remove("cr.bin") && open("cr.bin") == -1,
          "close it and remove it: the name is gone");
    CHECK(holds(MAP, PAGES * PAGE, 1, 0), "every page, touched only now, reads the file");
    memset(MAP + PAGE, 'w', PAGE);
    munmap(MAP);
    msg("write page 1, munmap");
    seek(keep, 0);
    CHECK(read(keep, buf, sizeof buf) == sizeof buf && holds((char *)buf, PAGE, 1, 0) &&
              all_are((char *)buf + PAGE, PAGE, 'w') &&
              holds((char *)buf + 2 * PAGE, PAGE, 1, 2 * PAGE),
          "the kept descriptor reads the written page and the others unchanged");
    close(keep);

    fd = make_file("gone.bin", 2);
    CHECK(mmap(MAP2, PAGES * PAGE, 1, fd, 0) == MAP2, "map gone.bin writable");
    close(fd);
    CHECK(remove("gone.bin"), "close it and remove it");
    memset(MAP2, 'g', PAGE);
    CHECK(holds(MAP2 + PAGE, 2 * PAGE, 2, PAGE),
          "write page 0; pages 1 and 2 read the file");
    msg("exit with gone.bin still mapped");
}
