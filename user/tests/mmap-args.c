/* mmap-args: every way mmap must fail returns NULL and changes nothing
 * (docs/abi.md, section 5): address 0 or not page-aligned; length 0; offset
 * not page-aligned; a range over the code, the data, the bss, the heap, the
 * stack region (the 1 MiB below 0x47480000, used or not), another mapping
 * (same start, starting inside, ending inside, covering it); a range
 * reaching into kernel space, including lengths that make addr + length wrap
 * around; fd 0, 1, closed, negative or never opened; an empty file.  All the
 * calls are made first and the results printed after, so that the page
 * count of the process (vmstat) is compared across them alone.  Then the
 * free pages next to the refused ranges are mapped correctly and read the
 * file, and add exactly their own pages: no failed call left a page
 * behind. */
#include <stdint.h>

#include "stdlib.h"
#include "string.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

#define PAGE         4096UL
#define FREE         0x10000000UL             /* nothing here */
#define MAPPED       0x20000000UL             /* the existing mapping, 4 pages */
#define ABOVE        0x50000000UL             /* free, above the stack */
#define STACK_TOP    0x47480000UL             /* USER_STACK */
#define STACK_BOTTOM (STACK_TOP - 0x100000UL) /* lowest address of the stack region */
#define KERN_BASE    0x8004000000UL           /* first kernel address */
#define FILE_SIZE    (2 * PAGE + 10)

static char data_page[PAGE] __attribute__((aligned(4096))) = {1};
static char bss_page[2 * PAGE] __attribute__((aligned(4096)));

/* One call of mmap that must fail. */
struct bad_call {
    const char *what;
    uintptr_t addr;
    size_t length;
    int fd; /* FD_FILE, FD_EMPTY, FD_CLOSED or a number */
    int offset;
    void *result;
};

/* One call of mmap that must succeed, at a page next to a refused range. */
struct good_call {
    const char *what;
    uintptr_t addr;
    size_t length;
    int offset;
    bool ok; /* it returned ADDR and the mapping reads the file */
};

enum { FD_FILE = -100, FD_EMPTY = -101, FD_CLOSED = -102 };

/* The byte at offset I of the file. */
static unsigned char
pattern(unsigned i)
{
    return (unsigned char)((i * 2654435761u >> 11) ^ (i >> 12) ^ 0x21);
}

/* True if the mapping at ADDR holds the file from offset OFF for N bytes
 * (zeros past its end). */
static bool
reads_file(uintptr_t addr, unsigned off, unsigned n)
{
    const volatile char *p = (const char *)addr;
    for (unsigned i = 0; i < n; i++)
        if ((unsigned char)p[i] != (off + i < FILE_SIZE ? pattern(off + i) : 0))
            return false;
    return true;
}

/* The number of pages in this process's address space. */
static uint64_t
pages_now(void)
{
    struct vmstat v;

    memset(&v, 0, sizeof v);
    vmstat(&v, sizeof v);
    return v.pages;
}

/* Makes every bad call, then checks and prints the results. */
void
test_main(void)
{
    static unsigned char buf[FILE_SIZE];
    char *heap = malloc(3 * PAGE);
    uintptr_t code = (uintptr_t)test_main & ~(PAGE - 1);
    uintptr_t heap_page = ((uintptr_t)heap + PAGE - 1) & ~(PAGE - 1);
    char stack_var = 0;
    uintptr_t stack_page = (uintptr_t)&stack_var & ~(PAGE - 1);
    int fd, empty, closed;

    for (unsigned i = 0; i < FILE_SIZE; i++)
        buf[i] = pattern(i);
    if (!create("args.bin", 0) || (fd = open("args.bin")) < 2 ||
        write(fd, buf, FILE_SIZE) != (int)FILE_SIZE || !create("empty.bin", 0) ||
        (empty = open("empty.bin")) < 2 || (closed = open("args.bin")) < 2 ||
        heap == NULL)
        fail("cannot set up the files");
    close(closed);
    bss_page[0] = 2;
    heap[0] = 3;
    seek(fd, 123);
    if (mmap((void *)MAPPED, 4 * PAGE, 1, fd, 0) != (void *)MAPPED)
        fail("cannot map args.bin at %#lx", MAPPED);

    struct bad_call calls[] = {
        {"address 0", 0, PAGE, FD_FILE, 0, 0},
        {"address 0, length 0", 0, 0, FD_FILE, 0, 0},
        {"address not page-aligned (+1)", FREE + 1, PAGE, FD_FILE, 0, 0},
        {"address not page-aligned (+4095)", FREE + 4095, PAGE, FD_FILE, 0, 0},
        {"length 0", FREE, 0, FD_FILE, 0, 0},
        {"offset not page-aligned (1)", FREE, PAGE, FD_FILE, 1, 0},
        {"offset not page-aligned (2048)", FREE, PAGE, FD_FILE, 2048, 0},
        {"over the ELF header page (0x400000)", 0x400000, PAGE, FD_FILE, 0, 0},
        {"over the code", code, PAGE, FD_FILE, 0, 0},
        {"from a free page into the code", 0x400000 - PAGE, 2 * PAGE, FD_FILE, 0, 0},
        {"over the data", (uintptr_t)data_page, PAGE, FD_FILE, 0, 0},
        {"over the bss", (uintptr_t)bss_page, PAGE, FD_FILE, 0, 0},
        {"over the heap", heap_page, PAGE, FD_FILE, 0, 0},
        {"over the page in use at the top of the stack", STACK_TOP - PAGE, PAGE, FD_FILE,
         0, 0},
        {"over the stack page in use now", stack_page, PAGE, FD_FILE, 0, 0},
        {"the lowest page of the stack region", STACK_BOTTOM, PAGE, FD_FILE, 0, 0},
        {"the middle of the stack region", STACK_BOTTOM + 0x80000, 3 * PAGE, FD_FILE, 0,
         0},
        {"ending 1 byte into the stack region", STACK_BOTTOM - 2 * PAGE, 2 * PAGE + 1,
         FD_FILE, 0, 0},
        {"across the whole stack region", STACK_BOTTOM - PAGE, 0x100000 + 2 * PAGE,
         FD_FILE, 0, 0},
        {"the same start as another mapping", MAPPED, PAGE, FD_FILE, 0, 0},
        {"starting inside another mapping", MAPPED + 3 * PAGE, 2 * PAGE, FD_FILE, 0, 0},
        {"ending inside another mapping", MAPPED - 2 * PAGE, 2 * PAGE + 1, FD_FILE, 0, 0},
        {"covering another mapping", MAPPED - PAGE, 6 * PAGE, FD_FILE, 0, 0},
        {"at the first kernel address", KERN_BASE, PAGE, FD_FILE, 0, 0},
        {"in the kernel's image", 0xffffffff80000000UL, PAGE, FD_FILE, 0, 0},
        {"the last user page and 1 byte more", KERN_BASE - PAGE, PAGE + 1, FD_FILE, 0, 0},
        {"the last 2 user pages and 1 more", KERN_BASE - 2 * PAGE, 3 * PAGE, FD_FILE, 0,
         0},
        {"a length up to 2^64 - 4096 (wraps to below addr)", KERN_BASE - 2 * PAGE,
         (size_t)0 - PAGE, FD_FILE, 0, 0},
        {"length 2^64 - 1", ABOVE, SIZE_MAX, FD_FILE, 0, 0},
        {"a length whose end wraps to exactly 0", ABOVE, (size_t)0 - ABOVE, FD_FILE, 0,
         0},
        {"a length whose end wraps past 0 to page 1", ABOVE, (size_t)0 - ABOVE + PAGE,
         FD_FILE, 0, 0},
        {"fd 0 (the keyboard)", FREE, PAGE, 0, 0, 0},
        {"fd 1 (the console)", FREE, PAGE, 1, 0, 0},
        {"fd closed", FREE, PAGE, FD_CLOSED, 0, 0},
        {"fd -1", FREE, PAGE, -1, 0, 0},
        {"fd never opened (1000)", FREE, PAGE, 1000, 0, 0},
        {"an empty file", FREE, PAGE, FD_EMPTY, 0, 0},
    };
    size_t n = sizeof calls / sizeof calls[0];

    uint64_t pages_before = pages_now();
    for (size_t i = 0; i < n; i++) {
        struct bad_call *c = &calls[i];
        int f = c->fd == FD_FILE     ? fd
                : c->fd == FD_EMPTY  ? empty
                : c->fd == FD_CLOSED ? closed
                                     : c->fd;
        c->result = mmap((void *)c->addr, c->length, 1, f, c->offset);
    }
    uint64_t pages_after = pages_now();
    for (size_t i = 0; i < n; i++)
        CHECK(calls[i].result == NULL, "%s: NULL", calls[i].what);
    CHECK(pages_after == pages_before, "the process has as many pages as before");
    CHECK(tell(fd) == 123, "the file position is unchanged");
    CHECK(data_page[0] == 1 && bss_page[0] == 2 && heap[0] == 3 && stack_var == 0,
          "data, bss, heap and stack keep their bytes");
    CHECK(reads_file(MAPPED, 0, 4 * PAGE), "the other mapping still reads the file");

    struct good_call good[] = {
        {"the free address, good arguments", FREE, FILE_SIZE, 0, false},
        {"another free address, from offset 4096", FREE + 0x100000, 100, (int)PAGE,
         false},
        {"the 2 pages right below the other mapping", MAPPED - 2 * PAGE, 2 * PAGE, 0,
         false},
        {"the page right above it", MAPPED + 4 * PAGE, PAGE, 0, false},
        {"the 2 pages right below the stack region", STACK_BOTTOM - 2 * PAGE, 2 * PAGE, 0,
         false},
        {"the page right below the ELF header", 0x400000 - PAGE, PAGE, 0, false},
        {"the last 2 user pages", KERN_BASE - 2 * PAGE, 2 * PAGE, 0, false},
        {"above the stack, where the wrapping ranges began", ABOVE, PAGE, 0, false},
    };
    size_t n_good = sizeof good / sizeof good[0];
    uint64_t want = 0;

    pages_before = pages_now();
    for (size_t i = 0; i < n_good; i++) {
        struct good_call *g = &good[i];
        g->ok = mmap((void *)g->addr, g->length, 0, fd, g->offset) == (void *)g->addr &&
                reads_file(g->addr, g->offset, g->length);
        want += (g->length + PAGE - 1) / PAGE;
    }
    pages_after = pages_now();
    for (size_t i = 0; i < n_good; i++)
        CHECK(good[i].ok, "%s: mapped, reads the file", good[i].what);
    CHECK(pages_after - pages_before == want, "those added exactly their %llu pages",
          (unsigned long long)want);
    close(fd);
    close(empty);
}
