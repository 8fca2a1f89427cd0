/* Segment descriptors and the task-state segment. */
#ifndef ARCH_X86_64_GDT_H
#define ARCH_X86_64_GDT_H

#include <stdint.h>

#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA 0x1b /* user data, RPL 3 (sysret needs it right after... */
#define SEL_UCODE 0x23 /* ...and user code 8 bytes above: STAR, syscall code) */
#define SEL_TSS   0x28

/* IST slots used by the IDT (1-based, as the CPU numbers them). */
#define IST_DOUBLE_FAULT  1
#define IST_NMI           2
#define IST_MACHINE_CHECK 3

/* Loads the kernel's GDT and TSS; reloads every segment register. */
void gdt_init(void);
/* Sets the stack the CPU switches to on a trap from user mode. */
void tss_set_kernel_stack(uint64_t rsp0);

#endif
