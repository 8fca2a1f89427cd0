/* Recovering from expected kernel page faults (see kfault.h). */
#include "arch/x86_64/kfault.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "kernel/thread.h"

void
kfault_arm(struct kfault_catch *c)
{
    thread_current()->fault_catch = c;
}

void
kfault_disarm(void)
{
    thread_current()->fault_catch = NULL;
}

bool
kfault_recover(struct trap_frame *f)
{
    struct thread *t = thread_current();
    struct kfault_catch *c = t->fault_catch;
    if (c == NULL)
        return false;
    t->fault_catch = NULL;
    c->fault_addr = read_cr2();
    c->fault_error = f->error;
    f->rbx = c->rbx;
    f->rbp = c->rbp;
    f->r12 = c->r12;
    f->r13 = c->r13;
    f->r14 = c->r14;
    f->r15 = c->r15;
    f->rsp = c->rsp;
    f->rip = c->rip;
    f->rflags &= ~RFLAGS_AC; /* a fault inside a user copy closes its window */
    f->rax = 1;
    return true;
}

bool
kprobe_read(const volatile void *va, uint8_t *out)
{
    struct kfault_catch c;
    if (kfault_try(&c) != 0)
        return false;
    *out = *(const volatile uint8_t *)va;
    kfault_disarm();
    return true;
}

bool
kprobe_write(volatile void *va, uint8_t value)
{
    struct kfault_catch c;
    if (kfault_try(&c) != 0)
        return false;
    *(volatile uint8_t *)va = value;
    kfault_disarm();
    return true;
}

bool
kprobe_exec(const void *va)
{
    struct kfault_catch c;
    if (kfault_try(&c) != 0)
        return false;
    ((void (*)(void))va)();
    kfault_disarm();
    return true;
}
