/* Host stand-in for kernel/palloc.h: the same interface over a fake kernel
 * pool and a fake user pool of host-allocated pages (see
 * tests/host/support/fake_palloc.c and fake_palloc.h for the test hooks that
 * size the pools).  Each page is its own 4 KiB-aligned allocation, so ASan
 * sees an overrun of a page; a free page is poisoned, so ASan also sees any
 * use of a page after it was freed.  Fresh pages are filled with 0x5a and
 * freed pages with 0xcc, as in a debug kernel. */
#ifndef KERNEL_PALLOC_H
#define KERNEL_PALLOC_H

#include <stddef.h>
#include <stdint.h>

enum palloc_flags {
    PAL_ZERO = 1 << 0,   /* fill the pages with zeros */
    PAL_ASSERT = 1 << 1, /* panic instead of returning NULL */
    PAL_USER = 1 << 2,   /* take from the user pool */
};

enum palloc_pool { POOL_KERNEL, POOL_USER };

/* Sizes the pools as the kernel would; on the host USER_CAP (0: the default
 * of fake_palloc.h) is the user pool's size and FIRST_FREE is ignored. */
void palloc_init(uint64_t first_free, size_t user_cap);

/* Returns the address of a fresh page, or NULL if the pool is empty (and
 * PAL_ASSERT is not given). */
void *palloc_get_page(enum palloc_flags flags);
/* COUNT contiguous pages: on the host only COUNT == 1 is supported (panics
 * otherwise); nothing built for the host asks for more. */
void *palloc_get_multiple(enum palloc_flags flags, size_t count);
/* Frees a page from palloc_get_page.  Panics on a double free or an address
 * that no pool owns. */
void palloc_free_page(void *page);
void palloc_free_multiple(void *pages, size_t count);

size_t palloc_total_pages(enum palloc_pool pool);
size_t palloc_free_pages(enum palloc_pool pool);
size_t palloc_used_pages(enum palloc_pool pool);

#endif
