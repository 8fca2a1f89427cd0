/* Enabling SSE and saving/restoring user FPU state with FXSAVE/FXRSTOR. */
#include "arch/x86_64/fpu.h"

#include "arch/x86_64/cpu.h"
#include "lib/string.h"

#define CR0_MP         (1u << 1)
#define CR0_EM         (1u << 2)
#define CR0_TS         (1u << 3)
#define CR4_OSFXSR     (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)

static struct fpu_state initial; /* [C] after fpu_init */

static inline void
write_cr0(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

void
fpu_init(void)
{
    write_cr0((read_cr0() & ~(uint64_t)(CR0_EM | CR0_TS)) | CR0_MP);
    write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
    uint32_t mxcsr = 0x1f80; /* all SIMD exceptions masked, round to nearest */
    __asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
    fpu_save(&initial);
}

void
fpu_state_init(struct fpu_state *s)
{
    memcpy(s, &initial, sizeof *s);
}

void
fpu_save(struct fpu_state *s)
{
    __asm__ volatile("fxsave64 %0" : "=m"(*s));
}

void
fpu_restore(const struct fpu_state *s)
{
    __asm__ volatile("fxrstor64 %0" : : "m"(*s));
}
