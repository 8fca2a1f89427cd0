/* Entering user mode and the `syscall` instruction's entry point. */
#ifndef ARCH_X86_64_USERMODE_H
#define ARCH_X86_64_USERMODE_H

/* The vector number that syscall entry frames carry (not a real IDT vector). */
#define VEC_SYSCALL 0x100

#ifndef __ASSEMBLER__
#include <stdint.h>

#include "arch/x86_64/trap.h"

/* Programs the syscall MSRs (STAR, LSTAR, SFMASK) and enables `syscall`. */
void syscall_init(void);
/* The stack the CPU and the syscall entry switch to when user code enters the
 * kernel: the top of the running thread's kernel stack. */
void usermode_set_kernel_stack(uint64_t top);
/* Fills F to start user code at RIP with stack RSP, interrupts on, all other
 * registers zero. */
void usermode_frame_init(struct trap_frame *f, uint64_t rip, uint64_t rsp);
/* Leaves the kernel for user mode with the registers in F.  Never returns. */
void usermode_enter(const struct trap_frame *f) __attribute__((noreturn));

/* Implemented by the system-call layer: handles the call in F (number in
 * f->rax, result to f->rax).  Runs with interrupts on. */
void syscall_dispatch(struct trap_frame *f);

#endif /* __ASSEMBLER__ */
#endif
