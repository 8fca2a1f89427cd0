/* Host stand-in for kernel/debug.h: panic and ASSERT print the place and the
 * message to stderr and abort (so a sanitizer or fuzzer reports a crash). */
#ifndef KERNEL_DEBUG_H
#define KERNEL_DEBUG_H

#include <stdio.h>
#include <stdlib.h>

#define panic(...)                                                                       \
    do {                                                                                 \
        fprintf(stderr, "Kernel PANIC at %s:%d in %s(): ", __FILE__, __LINE__,           \
                __func__);                                                               \
        fprintf(stderr, __VA_ARGS__);                                                    \
        fputc('\n', stderr);                                                             \
        abort();                                                                         \
    } while (0)

#define ASSERT(cond)                                                                     \
    do {                                                                                 \
        if (__builtin_expect(!(cond), 0))                                                \
            panic("assertion `%s' failed", #cond);                                       \
    } while (0)

#define NOT_REACHED() panic("executed an unreachable statement")

#endif
