/* Reading the Multiboot v1 information structure (memory map, command line). */
#include "kernel/bootinfo.h"

#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/pte.h"
#include "kernel/debug.h"
#include "lib/string.h"

#define MB_LOADER_MAGIC 0x2BADB002
#define MB_INFO_MEM     (1u << 0)
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MMAP    (1u << 6)
#define MB_MMAP_USABLE  1
#define LOW_MEMORY_END  0x100000 /* below 1 MiB: BIOS, VGA, loader data */

struct mb_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
    uint32_t mods_count, mods_addr, syms[4], mmap_length, mmap_addr;
} __attribute__((packed));

struct mb_mmap_entry {
    uint32_t size;
    uint64_t addr, len;
    uint32_t type;
} __attribute__((packed));

struct boot_info boot_info;

/* Adds [START, END) to the usable list, trimmed to whole pages above 1 MiB,
 * keeping the list sorted and merging neighbours. */
static void
add_usable(uint64_t start, uint64_t end)
{
    start = page_round_up(start < LOW_MEMORY_END ? LOW_MEMORY_END : start);
    end = page_round_down(end);
    if (start >= end || boot_info.n_usable == BOOT_MAX_REGIONS)
        return;
    size_t i = boot_info.n_usable;
    while (i > 0 && boot_info.usable[i - 1].start > start) {
        boot_info.usable[i] = boot_info.usable[i - 1];
        i--;
    }
    boot_info.usable[i] = (struct mem_region){start, end};
    boot_info.n_usable++;
}

/* Copies the command line, skipping the first word (the kernel's file name). */
static void
copy_cmdline(const char *s)
{
    while (*s == ' ')
        s++;
    while (*s && *s != ' ')
        s++;
    while (*s == ' ')
        s++;
    strlcpy(boot_info.cmdline, s, sizeof boot_info.cmdline);
}

void
multiboot_parse(uint32_t magic, uint64_t mbi_pa)
{
    if (magic != MB_LOADER_MAGIC)
        panic("not started by a Multiboot loader (magic %#x)", magic);
    const struct mb_info *mbi = ptov(mbi_pa);
    if (mbi->flags & MB_INFO_MMAP) {
        uint64_t p = mbi->mmap_addr, end = p + mbi->mmap_length;
        while (p < end) {
            const struct mb_mmap_entry *e = ptov(p);
            if (e->type == MB_MMAP_USABLE)
                add_usable(e->addr, e->addr + e->len);
            p += e->size + sizeof e->size;
        }
    } else if (mbi->flags & MB_INFO_MEM) {
        add_usable(LOW_MEMORY_END, LOW_MEMORY_END + (uint64_t)mbi->mem_upper * 1024);
    }
    if (boot_info.n_usable == 0)
        panic("the boot loader reported no usable memory");
    boot_info.mem_top = boot_info.usable[boot_info.n_usable - 1].end;
    if (mbi->flags & MB_INFO_CMDLINE)
        copy_cmdline(ptov(mbi->cmdline));
}
