/* The zero page without records.  A read of a never-written page that its
 * region fills with zeros maps the one shared zero frame, read-only, and
 * makes no per-page record: such a page differs from its region's default in
 * nothing, so its page-table entry is a cache the region explains.  A page
 * with no record is therefore either unmapped or mapped to the zero frame;
 * no record ever holds the zero frame.  A write to such a page faults and
 * only then makes its record (vm/fault.c); unmapping and the OOM killer
 * clear the zero entries of a range in one pass over its page tables, exit
 * lets them go with the page tables, and fork copies them.  The space's zero_mapped
 * counts the entries (they count as resident).  Every function runs with the space's lock
 * held. */
#ifndef VM_ZERO_H
#define VM_ZERO_H

#include <stdbool.h>
#include <stdint.h>

struct vm_space;
struct vm_region;

/* True if a read of untouched page VA of R may map the zero frame. */
bool zero_reads(const struct vm_region *r, uint64_t va);
/* Maps untouched page VA of R to the zero frame (counted in zero_maps and
 * traced); false if out of memory for a page table. */
bool zero_map(struct vm_space *s, const struct vm_region *r, uint64_t va);
/* True if page VA, which has no record, is mapped to the zero frame. */
bool zero_mapped(struct vm_space *s, uint64_t va);
/* Unmaps page VA if it is mapped to the zero frame (its record is about to
 * be made); true if it was. */
bool zero_unmap(struct vm_space *s, uint64_t va);
/* Unmaps the pages of [START, END) mapped to the zero frame. */
void zero_unmap_range(struct vm_space *s, uint64_t start, uint64_t end);
/* Unmaps every page of S mapped to the zero frame. */
void zero_unmap_all(struct vm_space *s);
/* Fork: maps in DST, whose regions are copies of SRC's, every page that SRC
 * maps to the zero frame.  False if out of memory (those copied so far
 * stay, counted in DST). */
bool zero_fork(struct vm_space *dst, struct vm_space *src);

#endif
