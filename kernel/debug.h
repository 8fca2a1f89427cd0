/* Panics and assertions: for broken kernel invariants only.  A user program's
 * mistake must never reach these. */
#ifndef KERNEL_DEBUG_H
#define KERNEL_DEBUG_H

#include <stdint.h>

struct trap_frame;

/* Prints "Kernel PANIC at FILE:LINE in FUNC(): MESSAGE", the registers and a
 * backtrace, then powers off with the panic status.  Never returns. */
void panic_at(const char *file, int line, const char *func, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 4, 5)));

/* Like panic_at, but the registers and backtrace come from trap frame F. */
void panic_frame_at(const struct trap_frame *f, const char *file, int line,
                    const char *func, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 5, 6)));

/* Prints the call stack starting at frame pointer RBP (and RIP if non-zero). */
void backtrace_print(uint64_t rip, uint64_t rbp);

#define panic(...)          panic_at(__FILE__, __LINE__, __func__, __VA_ARGS__)
#define panic_frame(f, ...) panic_frame_at(f, __FILE__, __LINE__, __func__, __VA_ARGS__)

#define ASSERT(cond)                                                                     \
    do {                                                                                 \
        if (__builtin_expect(!(cond), 0))                                                \
            panic("assertion `%s' failed", #cond);                                       \
    } while (0)

#define NOT_REACHED() panic("executed an unreachable statement")

#endif
