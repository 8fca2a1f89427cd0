/* sc-regs: a system call keeps every general register but rax (the result)
 * and rcx and r11 (which the syscall instruction itself destroys), including
 * the argument registers rdi, rsi, rdx, r10, r8 and r9 (docs/abi.md,
 * section 4).  Two calls are checked: tell with a bad descriptor and every
 * register full of a pattern, and a console write. */
#include <stdint.h>

#include "lib/syscall_nr.h"
#include "test.h"

/* The registers checked, in the order the assembly loads and stores them. */
enum { RBX, RBP, RDI, RSI, RDX, R8, R9, R10, R12, R13, R14, R15, NREGS };
static const char *const names[NREGS] = {"rbx", "rbp", "rdi", "rsi", "rdx", "r8",
                                         "r9",  "r10", "r12", "r13", "r14", "r15"};

static uint64_t before[NREGS], after[NREGS];
static uint64_t saved_rbp;
static const char line[] = "(sc-regs) written by the second call\n";

/* Makes system call NR with every checked register loaded from before[]
 * and stores them into after[] right after the call.  rbp, which the
 * compiler may not be told is clobbered, waits in saved_rbp. */
static void
call_and_save(uint64_t nr)
{
    uint64_t *regs = before;

    __asm__ volatile("mov %%rbp, %[rbp]\n\t"
                     "mov 0(%%rcx), %%rbx\n\t"
                     "mov 8(%%rcx), %%rbp\n\t"
                     "mov 16(%%rcx), %%rdi\n\t"
                     "mov 24(%%rcx), %%rsi\n\t"
                     "mov 32(%%rcx), %%rdx\n\t"
                     "mov 40(%%rcx), %%r8\n\t"
                     "mov 48(%%rcx), %%r9\n\t"
                     "mov 56(%%rcx), %%r10\n\t"
                     "mov 64(%%rcx), %%r12\n\t"
                     "mov 72(%%rcx), %%r13\n\t"
                     "mov 80(%%rcx), %%r14\n\t"
                     "mov 88(%%rcx), %%r15\n\t"
                     "syscall\n\t"
                     "lea %[after], %%rcx\n\t"
                     "mov %%rbx, 0(%%rcx)\n\t"
                     "mov %%rbp, 8(%%rcx)\n\t"
                     "mov %%rdi, 16(%%rcx)\n\t"
                     "mov %%rsi, 24(%%rcx)\n\t"
                     "mov %%rdx, 32(%%rcx)\n\t"
                     "mov %%r8, 40(%%rcx)\n\t"
                     "mov %%r9, 48(%%rcx)\n\t"
                     "mov %%r10, 56(%%rcx)\n\t"
                     "mov %%r12, 64(%%rcx)\n\t"
                     "mov %%r13, 72(%%rcx)\n\t"
                     "mov %%r14, 80(%%rcx)\n\t"
                     "mov %%r15, 88(%%rcx)\n\t"
                     "mov %[rbp], %%rbp"
                     : "+a"(nr), "+c"(regs), [after] "=m"(after), [rbp] "+m"(saved_rbp)
                     : "m"(before)
                     : "rbx", "rdi", "rsi", "rdx", "r8", "r9", "r10", "r11", "r12", "r13",
                       "r14", "r15", "memory");
}

/* Fails naming the first register that after[] has lost. */
static void
compare(const char *what)
{
    for (int i = 0; i < NREGS; i++) {
        if (before[i] != after[i])
            fail("%s: %s was %#lx, is %#lx", what, names[i], (unsigned long)before[i],
                 (unsigned long)after[i]);
    }
    msg("%s: all registers kept", what);
}

/* Two calls, each checked. */
void
test_main(void)
{
    for (int i = 0; i < NREGS; i++)
        before[i] = 0x0101010101010101UL * (uint64_t)(i + 1) + 0x1000000000000000UL;
    before[RDI] = 0x5555555512345678UL; /* tell(0x12345678): a bad descriptor */
    call_and_save(SYS_TELL);
    compare("tell");
    before[RDI] = 1;
    before[RSI] = (uint64_t)line;
    before[RDX] = sizeof line - 1;
    call_and_save(SYS_WRITE);
    compare("write");
}
