/* What the boot loader told us: usable physical memory and the command line. */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include <stddef.h>
#include <stdint.h>

#define BOOT_MAX_REGIONS 32
#define BOOT_CMDLINE_MAX 1024

struct mem_region {
    uint64_t start; /* physical, page aligned */
    uint64_t end;   /* exclusive, page aligned */
};

struct boot_info {
    struct mem_region usable[BOOT_MAX_REGIONS]; /* sorted, non-overlapping */
    size_t n_usable;
    uint64_t mem_top;               /* end of the highest usable region */
    char cmdline[BOOT_CMDLINE_MAX]; /* without the kernel's file name */
};

extern struct boot_info boot_info;

/* Fills boot_info from the Multiboot information at physical MBI_PA.
 * Panics if MAGIC is not the Multiboot loader's magic. */
void multiboot_parse(uint32_t magic, uint64_t mbi_pa);

#endif
