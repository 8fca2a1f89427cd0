/* The global descriptor table and the task-state segment.
 * In long mode segments are flat; the GDT still names the privilege levels
 * and holds the TSS, which gives the CPU the ring-0 stack for traps from user
 * mode (rsp0) and separate known-good stacks for double faults, NMIs and
 * machine checks (the IST). */
#include "arch/x86_64/gdt.h"

#include <stddef.h>

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

#define IST_STACK_SIZE 8192

static struct tss tss;
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

/* null, kernel code, kernel data, user data, user code, TSS (two slots). */
static uint64_t gdt[7] = {
    0,
    0x00af9a000000ffffULL, /* 0x08: 64-bit code, DPL 0 */
    0x00cf92000000ffffULL, /* 0x10: data, DPL 0 */
    0x00cff2000000ffffULL, /* 0x18: data, DPL 3 */
    0x00affa000000ffffULL, /* 0x20: 64-bit code, DPL 3 */
    0,
    0,
};

struct gdt_desc {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

/* Fills the two GDT slots of the 64-bit TSS descriptor. */
static void
gdt_set_tss(void)
{
    uint64_t base = (uint64_t)&tss;
    uint64_t limit = sizeof tss - 1;
    gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
             (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[6] = base >> 32;
}

void
gdt_init(void)
{
    for (int i = 0; i < 3; i++)
        tss.ist[i] = (uint64_t)&ist_stacks[i][IST_STACK_SIZE];
    tss.iomap_base = sizeof tss; /* no I/O permission bitmap */
    gdt_set_tss();

    struct gdt_desc desc = {sizeof gdt - 1, (uint64_t)gdt};
    __asm__ volatile("lgdt %0\n\t"
                     "pushq %1\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "movw %w2, %%ax\n\t"
                     "movw %%ax, %%ds\n\t"
                     "movw %%ax, %%es\n\t"
                     "movw %%ax, %%ss\n\t"
                     "xorw %%ax, %%ax\n\t"
                     "movw %%ax, %%fs\n\t"
                     "movw %%ax, %%gs\n\t"
                     "ltr %w3"
                     :
                     : "m"(desc), "i"((uint64_t)SEL_KCODE), "r"(SEL_KDATA), "r"(SEL_TSS)
                     : "rax", "memory");
}

void
tss_set_kernel_stack(uint64_t rsp0)
{
    tss.rsp[0] = rsp0;
}
