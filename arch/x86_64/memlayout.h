/* The kernel's virtual address layout.
 *
 *   0 .. USER_TOP                  user space (per process; page 0 never mapped)
 *   USER_TOP .. canonical hole     not user, not mapped
 *   DMAP_BASE ..                   direct map of all physical memory (no execute)
 *   KERNEL_VMA ..                  the kernel image, linked at KERNEL_VMA + 1 MiB
 *
 * The kernel lives in the upper half so that every user page table below
 * USER_TOP is private to its process and the kernel's PML4 entries are copied.
 */
#ifndef ARCH_X86_64_MEMLAYOUT_H
#define ARCH_X86_64_MEMLAYOUT_H

#include "vm/layout.h" /* USER_TOP */

#define DMAP_BASE        0xffff800000000000UL
#define KERNEL_VMA       0xffffffff80000000UL
#define KERNEL_LOAD_PHYS 0x100000UL

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Kernel virtual address of physical address PA, through the direct map. */
static inline void *
ptov(uint64_t pa)
{
    return (void *)(pa + DMAP_BASE);
}

/* Physical address of kernel virtual address VA (direct map or kernel image). */
static inline uint64_t
vtop(const void *va)
{
    uint64_t v = (uint64_t)va;
    return v >= KERNEL_VMA ? v - KERNEL_VMA : v - DMAP_BASE;
}
#endif

#endif
