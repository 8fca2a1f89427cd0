/* The host's page allocator: kernel/palloc.h's interface (used as it is) over
 * a fake kernel pool and a fake user pool of host-allocated pages, and the
 * test hooks that size the pools, map between pages and their fake physical
 * addresses (for the fake pmap), and ask whether a page is in use.  Each page
 * is its own 4 KiB-aligned allocation, so ASan sees an overrun of a page; a
 * free page is poisoned, so ASan also sees any use after it was freed.  Fresh
 * pages are filled with 0x5a and freed ones with 0xcc, as in a debug kernel.
 * palloc_init ignores FIRST_FREE and takes USER_CAP (0: the default) as the
 * user pool's size; palloc_get_multiple supports only COUNT == 1 (nothing
 * built for the host asks for more).
 *
 * Page I of the user pool has the fake physical address
 * FAKE_USER_PA_BASE + I * 4096, page I of the kernel pool
 * FAKE_KERNEL_PA_BASE + I * 4096; 0 is never a page.  The lowest free page
 * is always taken first, as the kernel's bitmap allocator does. */
#ifndef TESTS_HOST_SUPPORT_FAKE_PALLOC_H
#define TESTS_HOST_SUPPORT_FAKE_PALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/palloc.h"

#define FAKE_PAGE_SIZE          4096UL
#define FAKE_KERNEL_PA_BASE     0x00100000UL
#define FAKE_USER_PA_BASE       0x40000000UL
#define FAKE_DEFAULT_USER_PAGES 64  /* until a test sizes the user pool */
#define FAKE_DEFAULT_KERN_PAGES 256 /* until a test sizes the kernel pool */

/* Makes POOL hold N pages (0: none, freeing the host memory).  Panics if any
 * page of POOL is still in use: resize between tests, after freeing all. */
void fake_palloc_set_pages(enum palloc_pool pool, size_t n);
/* fake_palloc_set_pages(POOL_USER, N): "this machine has N user frames". */
void fake_palloc_set_user_frames(size_t n);

/* The page with fake physical address PA (page aligned), in use or not, or
 * NULL if no pool has it. */
void *fake_palloc_kva(uint64_t pa);
/* The fake physical address of the page at KVA (page aligned), or 0. */
uint64_t fake_palloc_pa(const void *kva);
/* True if PA is the address of a page that is allocated now. */
bool fake_palloc_in_use(uint64_t pa);

#endif
