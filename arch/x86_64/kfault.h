/* Recovering from page faults that the kernel expects.
 *
 * A kernel path that touches memory which may not be mapped arms a catch point
 * with kfault_try(); if a page fault happens while it is armed, the fault
 * handler resumes execution at the catch point (kfault_try then returns
 * non-zero) instead of panicking.  The catch belongs to the current thread. */
#ifndef ARCH_X86_64_KFAULT_H
#define ARCH_X86_64_KFAULT_H

#include <stdbool.h>
#include <stdint.h>

struct trap_frame;

struct kfault_catch {
    uint64_t rbx, rbp, r12, r13, r14, r15, rsp, rip; /* saved by kfault_setjmp */
    uint64_t fault_addr;                             /* CR2 of the caught fault */
    uint64_t fault_error;                            /* its error code */
};

/* Saves the callee-saved registers; returns 0, or 1 when a fault resumes here. */
int kfault_setjmp(struct kfault_catch *c) __attribute__((returns_twice));

/* Arms C for the current thread.  Use as: if (kfault_try(&c) == 0) {...} */
#define kfault_try(c) (kfault_arm(c), kfault_setjmp(c))
void kfault_arm(struct kfault_catch *c);
/* Disarms the current thread's catch point. */
void kfault_disarm(void);

/* Called for a kernel-mode page fault: if a catch is armed, rewrites F to
 * resume there, disarms it and returns true. */
bool kfault_recover(struct trap_frame *f);

/* Reads/writes one byte at VA, or calls VA as a function; false if that faulted. */
bool kprobe_read(const volatile void *va, uint8_t *out);
bool kprobe_write(volatile void *va, uint8_t value);
bool kprobe_exec(const void *va);

#endif
