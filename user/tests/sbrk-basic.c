/* sbrk-basic: the sbrk extension (docs/abi.md).  The heap starts at the first
 * page boundary after the program's last segment; sbrk returns the old break;
 * new heap memory reads as zeros; a negative increment shrinks the heap, and
 * pages given back and taken again are zero; a break below the heap start or
 * an absurdly large heap is refused with (void *)-1. */
#include <stdint.h>

#include "syscall.h"
#include "test.h"

#define PAGE 4096UL
#define GROW (3 * PAGE + 100)

extern char _end[]; /* set by the linker: the end of .bss */

/* Returns true if the N bytes at P are all zero. */
static bool
all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0)
            return false;
    }
    return true;
}

/* Grows, writes, shrinks and regrows the heap, checking each step. */
void
test_main(void)
{
    unsigned char *start = sbrk(0), *p;
    uintptr_t first = ((uintptr_t)_end + PAGE - 1) & ~(PAGE - 1);

    CHECK((uintptr_t)start == first, "the heap starts at the page after .bss");
    p = sbrk(GROW);
    CHECK(p == start, "sbrk(%lu) returns the old break", GROW);
    CHECK((unsigned char *)sbrk(0) == start + GROW, "the break moved by %lu", GROW);
    CHECK(all_zero(p, GROW), "new heap memory reads as zeros");
    for (size_t i = 0; i < GROW; i++)
        p[i] = (unsigned char)(i * 7 + 1);
    for (size_t i = 0; i < GROW; i++) {
        if (p[i] != (unsigned char)(i * 7 + 1))
            fail("heap byte %zu does not hold what was written", i);
    }
    msg("the heap holds what was written");
    p = sbrk(-(intptr_t)GROW);
    CHECK(p == start + GROW, "shrinking returns the old break");
    CHECK((unsigned char *)sbrk(0) == start, "the break is back at the heap start");
    p = sbrk(2 * PAGE);
    CHECK(p == start && all_zero(p, 2 * PAGE), "pages given back and regrown are zero");
    CHECK(sbrk(-(intptr_t)(3 * PAGE)) == (void *)-1, "shrinking below the start fails");
    CHECK((unsigned char *)sbrk(0) == start + 2 * PAGE, "a failed sbrk keeps the break");
    CHECK(sbrk((intptr_t)1 << 40) == (void *)-1, "a 1 TiB heap is refused");
}
