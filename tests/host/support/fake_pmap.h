/* Test hooks of the fake pmap (tests/host/support/fake_pmap.c), which
 * implements vm/pmap.h on the host: a pmap is a hash from page address to
 * {fake physical frame, PMAP_WRITE/EXEC/USER, accessed, dirty}, and frames
 * are the fake user pool's pages (fake_palloc.h).
 *
 * fake_touch plays the MMU for one user-mode access; fake_pmap_fail_enter
 * makes pmap_enter fail as when a page-table page cannot be allocated;
 * fake_pmap_drop throws a mapping away, as a pmap may at any time (the VM
 * layer holds the truth and must rebuild it on the next fault). */
#ifndef TESTS_HOST_SUPPORT_FAKE_PMAP_H
#define TESTS_HOST_SUPPORT_FAKE_PMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vm/pmap.h"
#include "vm/vm.h"

#define FAKE_USER_TOP    0x8004000000UL       /* the end of user space (ABI) */
#define FAKE_KERNEL_BASE 0xffff800000000000UL /* the canonical upper half */

/* What the MMU does with one access. */
enum fake_touch {
    FAKE_TOUCH_OK,          /* allowed: accessed (and dirty on a write) now set */
    FAKE_TOUCH_NOT_PRESENT, /* page fault, no mapping */
    FAKE_TOUCH_PROTECTION,  /* page fault on a mapping that forbids the access */
    FAKE_TOUCH_GP,          /* non-canonical address: general protection, no #PF */
};

/* A user-mode ACCESS at VA through PMAP: if a mapping allows it, sets its
 * accessed bit (and dirty bit for a write) and returns FAKE_TOUCH_OK;
 * otherwise returns the fault the CPU would raise.  Addresses at or above
 * FAKE_USER_TOP are kernel (supervisor) or non-canonical.  Panics if the
 * mapping points at a frame that is not allocated (a stale mapping: the VM
 * freed a frame it had not unmapped). */
enum fake_touch fake_touch(struct pmap *pmap, uint64_t va, enum vm_access access);

/* Host pointer to the byte at VA if VA is mapped in PMAP (no bits change, no
 * permission check: the kernel's view through the frame), else NULL. */
void *fake_pmap_kva(struct pmap *pmap, uint64_t va);

/* The next SKIP calls of pmap_enter succeed, then COUNT calls fail (return
 * false, changing nothing), then all succeed again.  (0, 1): fail the next. */
void fake_pmap_fail_enter(unsigned skip, unsigned count);
/* Makes the next pmap_create return NULL. */
void fake_pmap_fail_next_create(void);

/* Drops the mapping of VA without telling the VM (its A/D bits are lost);
 * true if there was one. */
bool fake_pmap_drop(struct pmap *pmap, uint64_t va);

/* Calls FN(PMAP, VA, AUX) once, at the start of the next pmap_remove (before
 * the entry goes, outside the fake's lock), as if another thread ran at that
 * moment: a test's way to put a fault in the middle of an eviction, which
 * begins by unmapping its victim.  FN NULL cancels. */
void fake_pmap_before_remove(void (*fn)(struct pmap *pmap, uint64_t va, void *aux),
                             void *aux);
/* The same at the start of the next pmap_enter. */
void fake_pmap_before_enter(void (*fn)(struct pmap *pmap, uint64_t va, void *aux),
                            void *aux);

/* Mappings in PMAP now. */
size_t fake_pmap_mappings(const struct pmap *pmap);
/* Pmaps created and not yet destroyed. */
size_t fake_pmap_live(void);
/* Mappings the most recently destroyed pmap still had (a VM that unmaps every
 * page before it destroys a pmap leaves 0). */
size_t fake_pmap_last_destroy_mappings(void);
/* Calls of pmap_enter so far (successful or not). */
uint64_t fake_pmap_enter_calls(void);

#endif
