/* x87/SSE register state of user programs.  The kernel itself never uses
 * these registers (it is built with -mgeneral-regs-only), so only threads that
 * run user code need their state saved, and only when another such thread
 * takes the CPU. */
#ifndef ARCH_X86_64_FPU_H
#define ARCH_X86_64_FPU_H

#include <stdint.h>

struct fpu_state {
    uint8_t area[512] __attribute__((aligned(16))); /* FXSAVE format */
};

/* Enables SSE and computes the state a new program starts with. */
void fpu_init(void);
/* Sets S to the initial state (default control words, all registers zero). */
void fpu_state_init(struct fpu_state *s);
/* Saves the CPU's registers into S / loads them from S. */
void fpu_save(struct fpu_state *s);
void fpu_restore(const struct fpu_state *s);

#endif
