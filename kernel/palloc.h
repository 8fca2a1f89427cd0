/* The physical page allocator: all usable RAM, split into a kernel pool and a
 * user pool.  Frames for user pages come only from the user pool, so a user
 * program can never starve the kernel of memory. */
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

/* Builds both pools from boot_info's usable memory above FIRST_FREE (physical).
 * USER_CAP, if non-zero, caps the user pool at that many pages. */
void palloc_init(uint64_t first_free, size_t user_cap);

/* Returns the kernel virtual address of a fresh page, or NULL if the pool is
 * empty (and PAL_ASSERT is not given). */
void *palloc_get_page(enum palloc_flags flags);
/* Returns COUNT physically contiguous pages, or NULL. */
void *palloc_get_multiple(enum palloc_flags flags, size_t count);
/* Frees pages returned by palloc_get_page / palloc_get_multiple (NULL:
 * nothing).  Panics on a double free or an address that no pool owns. */
void palloc_free_page(void *page);
void palloc_free_multiple(void *pages, size_t count);
/* Frees the N single pages at PAGES[0..N-1] (from any pools), taking each
 * pool's lock once for a run of pages of that pool.  Panics as above. */
void palloc_free_each(void *const *pages, size_t n);

size_t palloc_total_pages(enum palloc_pool pool);
size_t palloc_free_pages(enum palloc_pool pool);
size_t palloc_used_pages(enum palloc_pool pool);

#endif
