/* Faults and exceptions raised by user programs, and int 0x42.
 *
 * A page fault goes to the VM first, whether user code or the kernel (copying
 * user memory during a system call) took it: lazy loading and stack growth
 * look the same either way, except that in a system call the stack-growth
 * rule uses the user rsp saved at syscall entry.  What the VM refuses kills
 * the process with -1, recording why (a bad access, out of memory, or a page
 * lost to a swap disk error), or, in
 * the kernel, resumes at the copy routine's catch point so the system call
 * can kill it.  A kernel access to user memory that
 * SMEP or SMAP stopped is a kernel bug: it never goes to the VM; it resumes at
 * an armed catch point (the self tests) or panics.  Any other exception in
 * user mode kills the process; in the kernel it is a bug and panics. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/intr.h"
#include "arch/x86_64/kfault.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/protect.h"
#include "arch/x86_64/trap.h"
#include "kernel/debug.h"
#include "kernel/thread.h"
#include "userprog/process.h"
#include "userprog/syscall.h"
#include "vm/vm.h"

#define VEC_FRAME_QUERY 0x42

/* The access a page-fault error code describes. */
static enum vm_access
fault_access(uint64_t error)
{
    if (error & PF_FETCH)
        return VM_EXEC;
    return (error & PF_WRITE) ? VM_WRITE : VM_READ;
}

/* Lets the VM handle a fault at ADDR for the current process; returns what
 * it did. */
static enum vm_fault_result
fault_to_vm(struct trap_frame *f, uint64_t addr, uint64_t rsp)
{
    struct process *p = process_current();
    if (p == NULL || p->space == NULL)
        return VM_FAULT_KILL;
    process_count_fault_taken();
    if (f->rflags & RFLAGS_IF)
        intr_enable(); /* loading a page may sleep on the disk */
    enum vm_fault_result r = vm_handle_fault(p->space, addr, fault_access(f->error),
                                             f->error & PF_PRESENT, rsp);
    intr_disable();
    return r;
}

/* Why the kernel's fault F at ADDR is a stray access to user memory that
 * SMEP or SMAP stopped (running user code; touching a user page outside the
 * user-copy window), or NULL if it is not one. */
static const char *
stray_user_access(const struct trap_frame *f, uint64_t addr)
{
    if (addr >= USER_TOP || !(f->error & PF_PRESENT))
        return NULL;
    if ((f->error & PF_FETCH) && protect_enabled(CR4_SMEP))
        return "SMEP: the kernel ran user code";
    if (!(f->error & PF_FETCH) && !(f->rflags & RFLAGS_AC) && protect_enabled(CR4_SMAP))
        return "SMAP: the kernel touched user memory outside the user-copy functions";
    return NULL;
}

/* Why a process dies whose fault the VM refused with R. */
static enum procinfo_reason
kill_reason(enum vm_fault_result r)
{
    if (r == VM_FAULT_NO_MEMORY)
        return PROC_EXIT_NO_MEMORY;
    return r == VM_FAULT_DISK_ERROR ? PROC_EXIT_DISK_ERROR : PROC_EXIT_BAD_ACCESS;
}

static void
page_fault(struct trap_frame *f)
{
    uint64_t addr = read_cr2();
    const char *stray = trap_from_user(f) ? NULL : stray_user_access(f, addr);
    if (stray != NULL) {
        if (kfault_recover(f))
            return;
        panic("%s (address %#llx)", stray, (unsigned long long)addr);
    }
    if (trap_from_user(f)) {
        enum vm_fault_result r = fault_to_vm(f, addr, f->rsp);
        if (r != VM_FAULT_HANDLED) {
            intr_enable();
            process_kill_self(kill_reason(r), addr);
        }
        return;
    }
    struct thread *t = thread_current();
    uint64_t rsp = t->user_frame ? t->user_frame->rsp : 0;
    enum vm_fault_result r =
        t->fault_catch != NULL ? fault_to_vm(f, addr, rsp) : VM_FAULT_KILL;
    if (r == VM_FAULT_HANDLED)
        return;
    if (r == VM_FAULT_DISK_ERROR)
        process_page_lost(addr); /* the system call's kill says why */
    if (kfault_recover(f))
        return;
    trap_unexpected(f);
}

/* Any other exception: fatal for the process if user code raised it. */
static void
user_exception(struct trap_frame *f)
{
    if (!trap_from_user(f))
        trap_unexpected(f);
    intr_enable();
    process_kill_self(PROC_EXIT_KILLED, f->rip);
}

/* int 0x42: rax = the frame behind the page at rax, or 0. */
static void
frame_query(struct trap_frame *f)
{
    struct process *p = process_current();
    intr_enable();
    f->rax = p && p->space ? vm_frame_identity(p->space, f->rax) : 0;
}

void
exception_init(void)
{
    for (unsigned v = 0; v < 32; v++) {
        if (v == VEC_NMI || v == VEC_DOUBLE_FAULT || v == VEC_MACHINE_CHECK)
            continue;
        trap_register(v, v == VEC_PAGE_FAULT ? page_fault : user_exception, false,
                      trap_name(v));
    }
    trap_register(VEC_FRAME_QUERY, frame_query, true, "frame query");
}
