/* The CPU's memory protections for the kernel: NX (no-execute pages, set up
 * at boot), WP (the kernel obeys read-only pages), SMEP (the kernel never
 * runs user code) and SMAP (the kernel touches user memory only inside an
 * open user-access window, which only the user-copy functions open).  SMEP
 * and SMAP are turned on when CPUID reports them. */
#ifndef ARCH_X86_64_PROTECT_H
#define ARCH_X86_64_PROTECT_H

#include <stdbool.h>

#define CR0_WP   (1UL << 16)
#define CR4_SMEP (1UL << 20)
#define CR4_SMAP (1UL << 21)

extern bool cpu_smap_on; /* [boot] SMAP enabled: stac/clac exist and matter */

/* Turns on SMEP and SMAP if the CPU has them and prints the protections in
 * force as one boot line. */
void protect_init(void);

/* True if the protection named by its CR4 bit (CR4_SMEP, CR4_SMAP) is on. */
bool protect_enabled(unsigned long cr4_bit);

/* Turns the protections BITS (CR4_SMEP, CR4_SMAP) off (ON false) or back on,
 * those the CPU has: for self tests of the page tables that touch or run
 * user-mapped pages from the kernel on purpose.  Returns the bits that were
 * on before, for protect_restore. */
unsigned long protect_suspend(unsigned long bits);
/* Turns back on the bits protect_suspend returned. */
void protect_restore(unsigned long bits);

/* Opens the user-access window: the kernel may now touch user pages. */
static inline void
user_access_begin(void)
{
    if (cpu_smap_on)
        __asm__ volatile("stac" ::: "memory", "cc");
}

/* Closes the user-access window. */
static inline void
user_access_end(void)
{
    if (cpu_smap_on)
        __asm__ volatile("clac" ::: "memory", "cc");
}

#endif
