/* Thin wrappers around single x86-64 instructions: port I/O, control registers,
 * model-specific registers, TLB invalidation. */
#ifndef ARCH_X86_64_CPU_H
#define ARCH_X86_64_CPU_H

#include <stdint.h>

static inline void
outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t
inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void
outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint16_t
inw(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void
outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t
inl(uint16_t port)
{
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint64_t
rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void
wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

#define CPU_READ_CR(n)                                                                   \
    static inline uint64_t read_cr##n(void)                                              \
    {                                                                                    \
        uint64_t v;                                                                      \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));                                \
        return v;                                                                        \
    }
CPU_READ_CR(0)
CPU_READ_CR(2)
CPU_READ_CR(3)
CPU_READ_CR(4)
#undef CPU_READ_CR

static inline void
write_cr3(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline void
write_cr4(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

/* Drops the TLB entry for the page containing VA. */
static inline void
invlpg(uint64_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline void
cpu_halt(void)
{
    __asm__ volatile("hlt");
}

static inline uint64_t
read_rflags(void)
{
    uint64_t f;
    __asm__ volatile("pushfq; popq %0" : "=r"(f));
    return f;
}

static inline uint64_t
rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#define RFLAGS_IF (1UL << 9)
#define RFLAGS_AC (1UL << 18) /* SMAP: user pages accessible while set */
#define MSR_EFER  0xc0000080

/* Set by the boot code when the CPU supports no-execute pages. */
extern uint32_t cpu_has_nx;

#endif
