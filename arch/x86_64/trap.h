/* Traps: exceptions, device interrupts and software interrupts all arrive
 * through one entry path that saves a trap_frame and calls trap_dispatch. */
#ifndef ARCH_X86_64_TRAP_H
#define ARCH_X86_64_TRAP_H

#include <stdbool.h>
#include <stdint.h>

/* Saved state at a trap, lowest address first (matches trap.S). */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector;                   /* pushed by the entry stub */
    uint64_t error;                    /* pushed by the CPU, or 0 by the stub */
    uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

#define VEC_DIVIDE        0
#define VEC_DEBUG         1
#define VEC_NMI           2
#define VEC_BREAKPOINT    3
#define VEC_DOUBLE_FAULT  8
#define VEC_GP            13
#define VEC_PAGE_FAULT    14
#define VEC_MACHINE_CHECK 18
#define VEC_IRQ0          0x20 /* PIC IRQs 0-15 at 0x20-0x2f */
#define VEC_COUNT         256

/* Page-fault error code bits. */
#define PF_PRESENT (1u << 0) /* 0: not present; 1: protection violation */
#define PF_WRITE   (1u << 1)
#define PF_USER    (1u << 2)
#define PF_RSVD    (1u << 3)
#define PF_FETCH   (1u << 4)

typedef void trap_handler_fn(struct trap_frame *);

/* Builds and loads the IDT; every vector starts out "unexpected". */
void idt_init(void);
/* Handles VEC with FN.  USER_OK lets user mode raise it with `int`. */
void trap_register(unsigned vec, trap_handler_fn *fn, bool user_ok, const char *name);
/* Handles PIC line IRQ with FN and unmasks it. */
void irq_register(unsigned irq, trap_handler_fn *fn, const char *name);
/* True if PIC line IRQ has a handler. */
bool irq_registered(unsigned irq);
/* Name of a vector, for messages. */
const char *trap_name(unsigned vec);
/* True if the frame was saved while the CPU was in user mode. */
static inline bool
trap_from_user(const struct trap_frame *f)
{
    return (f->cs & 3) == 3;
}
/* Reports an exception nobody could handle and panics. */
void trap_unexpected(struct trap_frame *f) __attribute__((noreturn));
/* Prints every register of F. */
void trap_dump_frame(const struct trap_frame *f);

/* Makes every device interrupt that arrived in user mode call HOOK, with
 * interrupts off, before it returns there (the process layer ends killed
 * processes there). */
void trap_set_user_return_hook(void (*hook)(void));

/* Called by trap.S for every trap. */
void trap_dispatch(struct trap_frame *f);

#endif
