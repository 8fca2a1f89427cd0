/* Kernel panics: report, backtrace, power off with the panic status. */
#include "kernel/debug.h"

#include <stdarg.h>
#include <stdbool.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/trap.h"
#include "kernel/bootinfo.h"
#include "kernel/printf.h"
#include "kernel/shutdown.h"

#define BACKTRACE_MAX 32

extern char __kernel_end[];

static int panic_depth;

/* True if [P, P+16) is kernel memory a frame record may live in. */
static bool
frame_ptr_ok(uint64_t p)
{
    if (p & 7)
        return false;
    if (p >= DMAP_BASE && p + 16 <= DMAP_BASE + boot_info.mem_top)
        return true;
    return p >= KERNEL_VMA && p + 16 <= (uint64_t)__kernel_end;
}

void
backtrace_print(uint64_t rip, uint64_t rbp)
{
    printf("Call stack:");
    if (rip)
        printf(" %#llx", (unsigned long long)rip);
    for (int i = 0; i < BACKTRACE_MAX && frame_ptr_ok(rbp); i++) {
        uint64_t ret = ((uint64_t *)rbp)[1];
        if (ret < KERNEL_VMA)
            break;
        printf(" %#llx", (unsigned long long)ret);
        rbp = ((uint64_t *)rbp)[0];
    }
    printf("\n");
}

/* Starts a panic report; powers off at once if we are already panicking. */
static void
panic_begin(const char *file, int line, const char *func, const char *fmt, va_list ap)
{
    __asm__ volatile("cli");
    if (panic_depth++ > 0) {
        printf("Kernel PANIC recursion at %s:%d\n", file, line);
        arch_power_off(POWER_PANIC);
    }
    printf("Kernel PANIC at %s:%d in %s(): ", file, line, func);
    vprintf(fmt, ap);
    printf("\n");
}

void
panic_at(const char *file, int line, const char *func, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    panic_begin(file, line, func, fmt, ap);
    va_end(ap);
    uint64_t rbp, rsp;
    __asm__ volatile("mov %%rbp, %0; mov %%rsp, %1" : "=r"(rbp), "=r"(rsp));
    printf("rsp=%016llx rbp=%016llx cr0=%08llx cr2=%016llx cr3=%016llx cr4=%08llx\n",
           (unsigned long long)rsp, (unsigned long long)rbp,
           (unsigned long long)read_cr0(), (unsigned long long)read_cr2(),
           (unsigned long long)read_cr3(), (unsigned long long)read_cr4());
    backtrace_print(0, rbp);
    shutdown_power_off(POWER_PANIC);
}

void
panic_frame_at(const struct trap_frame *f, const char *file, int line, const char *func,
               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    panic_begin(file, line, func, fmt, ap);
    va_end(ap);
    trap_dump_frame(f);
    backtrace_print(f->rip, f->rbp);
    shutdown_power_off(POWER_PANIC);
}

void
lib_assert_fail(const char *expr, const char *file, int line, const char *func)
{
    panic_at(file, line, func, "assertion `%s' failed", expr);
}
