/* User-mode entry and the syscall MSRs. */
#include "arch/x86_64/usermode.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "lib/string.h"

#define MSR_STAR   0xc0000081
#define MSR_LSTAR  0xc0000082
#define MSR_SFMASK 0xc0000084
#define EFER_SCE   (1u << 0)
#define RFLAGS_TF  (1u << 8)
#define RFLAGS_DF  (1u << 10)

extern char syscall_entry[];
extern uint64_t syscall_kernel_rsp;
void usermode_enter_from(const struct trap_frame *f) __attribute__((noreturn));

_Static_assert(sizeof(struct trap_frame) == 22 * 8, "syscall_entry.S knows this size");

void
syscall_init(void)
{
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    /* syscall: CS = 0x08, SS = 0x10.  sysret (unused): CS = 0x13+16, SS = 0x13+8. */
    wrmsr(MSR_STAR, ((uint64_t)(SEL_UDATA - 8) << 48) | ((uint64_t)SEL_KCODE << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_SFMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_AC);
}

void
usermode_set_kernel_stack(uint64_t top)
{
    tss_set_kernel_stack(top);
    syscall_kernel_rsp = top;
}

void
usermode_frame_init(struct trap_frame *f, uint64_t rip, uint64_t rsp)
{
    memset(f, 0, sizeof *f);
    f->rip = rip;
    f->rsp = rsp;
    f->cs = SEL_UCODE;
    f->ss = SEL_UDATA;
    f->rflags = RFLAGS_IF | 0x2;
}

void
usermode_enter(const struct trap_frame *f)
{
    static struct trap_frame staging; /* F may live where the new frame goes */
    __asm__ volatile("cli" ::: "memory");
    staging = *f;
    usermode_enter_from(&staging);
}
