/* LIB_ASSERT(expr): stops with a message naming the expression, file, line and
 * function when EXPR is false.  Always checked (NDEBUG has no effect).  In the
 * kernel the failure goes to lib_assert_fail(), which the kernel defines (it
 * panics), in user programs (built with -DUSER) to the user library's (it
 * prints and aborts); on the host it prints to stderr and aborts. */
#ifndef LIB_ASSERT_H
#define LIB_ASSERT_H

#if defined(KERNEL) || defined(USER)

/* Reports a failed LIB_ASSERT and never returns.  Defined by the kernel, or
 * by the user library. */
void lib_assert_fail(const char *expr, const char *file, int line, const char *func)
    __attribute__((noreturn));

#else /* HOST */

#include <stdio.h>
#include <stdlib.h>

/* Host version: prints the failed assertion to stderr and aborts. */
static inline __attribute__((noreturn)) void
lib_assert_fail(const char *expr, const char *file, int line, const char *func)
{
    fprintf(stderr, "%s:%d: %s: assertion failed: %s\n", file, line, func, expr);
    abort();
}

#endif

#define LIB_ASSERT(expr)                                                                 \
    ((expr) ? (void)0 : lib_assert_fail(#expr, __FILE__, __LINE__, __func__))

#endif
