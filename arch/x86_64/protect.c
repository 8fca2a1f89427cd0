/* Turning on the CPU's memory protections (see protect.h). */
#include "arch/x86_64/protect.h"

#include "arch/x86_64/cpu.h"
#include "kernel/printf.h"

#define CPUID7_EBX_SMEP (1u << 7)
#define CPUID7_EBX_SMAP (1u << 20)

bool cpu_smap_on;

/* CPUID leaf 7, subleaf 0, EBX (0 if the CPU has no leaf 7). */
static uint32_t
cpuid7_ebx(void)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0), "c"(0));
    if (a < 7)
        return 0;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(7), "c"(0));
    return b;
}

/* Sets the CR4 bits SET, then clears the bits CLEAR. */
static void
write_cr4_bits(uint64_t set, uint64_t clear)
{
    write_cr4((read_cr4() | set) & ~clear);
}

void
protect_init(void)
{
    uint32_t features = cpuid7_ebx();
    if (features & CPUID7_EBX_SMEP)
        write_cr4_bits(CR4_SMEP, 0);
    if (features & CPUID7_EBX_SMAP) {
        write_cr4_bits(CR4_SMAP, 0);
        cpu_smap_on = true;
    }
    printf("hwan: protections:%s%s%s%s\n", cpu_has_nx ? " NX" : "",
           (read_cr0() & CR0_WP) ? " WP" : "", protect_enabled(CR4_SMEP) ? " SMEP" : "",
           protect_enabled(CR4_SMAP) ? " SMAP" : "");
}

bool
protect_enabled(unsigned long cr4_bit)
{
    return (read_cr4() & cr4_bit) != 0;
}

unsigned long
protect_suspend(unsigned long bits)
{
    unsigned long was = read_cr4() & bits & (CR4_SMEP | CR4_SMAP);
    write_cr4_bits(0, was);
    return was;
}

void
protect_restore(unsigned long bits)
{
    write_cr4_bits(bits & (CR4_SMEP | CR4_SMAP), 0);
}
