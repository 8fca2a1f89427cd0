/* Page-table entry bits and index helpers for x86-64 4-level paging.
 * Pure functions on 64-bit values: no hardware access, so the host unit tests
 * compile this header as it is.  All masks are 64-bit so that NX (bit 63) and
 * the other high bits survive every read-modify-write. */
#ifndef ARCH_X86_64_PTE_H
#define ARCH_X86_64_PTE_H

#include <stdbool.h>
#include <stdint.h>

#define PTE_P    (UINT64_C(1) << 0)  /* present */
#define PTE_W    (UINT64_C(1) << 1)  /* writable */
#define PTE_U    (UINT64_C(1) << 2)  /* user accessible */
#define PTE_PWT  (UINT64_C(1) << 3)  /* write-through */
#define PTE_PCD  (UINT64_C(1) << 4)  /* cache disable */
#define PTE_A    (UINT64_C(1) << 5)  /* accessed (set by the CPU) */
#define PTE_D    (UINT64_C(1) << 6)  /* dirty (set by the CPU, leaf only) */
#define PTE_PS   (UINT64_C(1) << 7)  /* large page (PDPT/PD entries) */
#define PTE_G    (UINT64_C(1) << 8)  /* global */
#define PTE_AVL0 (UINT64_C(1) << 9)  /* free for the OS */
#define PTE_AVL1 (UINT64_C(1) << 10) /* free for the OS */
#define PTE_AVL2 (UINT64_C(1) << 11) /* free for the OS */
#define PTE_NX   (UINT64_C(1) << 63) /* no execute (needs EFER.NXE) */

#define PTE_ADDR_MASK  UINT64_C(0x000ffffffffff000)
#define PTE_FLAGS_MASK (~PTE_ADDR_MASK)

#define PAGE_SHIFT      12
#define PAGE_SIZE       4096UL
#define PAGE_MASK       (PAGE_SIZE - 1)
#define LARGE_PAGE_SIZE (UINT64_C(1) << 21)
#define PT_ENTRIES      512

/* Builds an entry that maps physical address PA (page aligned) with FLAGS. */
static inline uint64_t
pte_make(uint64_t pa, uint64_t flags)
{
    return (pa & PTE_ADDR_MASK) | (flags & PTE_FLAGS_MASK);
}

/* The physical address an entry points at. */
static inline uint64_t
pte_addr(uint64_t pte)
{
    return pte & PTE_ADDR_MASK;
}

/* The flag bits of an entry (low 12 bits and bits 52-63). */
static inline uint64_t
pte_flags(uint64_t pte)
{
    return pte & PTE_FLAGS_MASK;
}

static inline bool
pte_is_present(uint64_t pte)
{
    return (pte & PTE_P) != 0;
}

/* Returns PTE with FLAGS set; the address and every other bit unchanged. */
static inline uint64_t
pte_set(uint64_t pte, uint64_t flags)
{
    return pte | (flags & PTE_FLAGS_MASK);
}

/* Returns PTE with FLAGS cleared; the address and every other bit unchanged. */
static inline uint64_t
pte_clear(uint64_t pte, uint64_t flags)
{
    return pte & ~(flags & PTE_FLAGS_MASK);
}

/* Returns PTE pointing at PA instead, keeping all of its flag bits. */
static inline uint64_t
pte_with_addr(uint64_t pte, uint64_t pa)
{
    return pte_flags(pte) | (pa & PTE_ADDR_MASK);
}

/* Index of VA in the table of the given LEVEL: 3 = PML4, 2 = PDPT, 1 = PD, 0 = PT. */
static inline unsigned
pt_index(uint64_t va, int level)
{
    return (unsigned)((va >> (PAGE_SHIFT + 9 * level)) & (PT_ENTRIES - 1));
}

/* True if VA is canonical (bits 63..47 all equal). */
static inline bool
va_is_canonical(uint64_t va)
{
    uint64_t top = va >> 47;
    return top == 0 || top == 0x1ffff;
}

static inline uint64_t
page_round_down(uint64_t x)
{
    return x & ~(uint64_t)PAGE_MASK;
}

static inline uint64_t
page_round_up(uint64_t x)
{
    return (x + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
}

#endif
