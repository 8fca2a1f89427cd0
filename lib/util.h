/* Small helpers shared by the kernel and lib/: array sizes, min/max, rounding,
 * container_of and compiler attributes.  Macros that take values evaluate their
 * arguments more than once: pass plain expressions without side effects. */
#ifndef LIB_UTIL_H
#define LIB_UTIL_H

#include <stddef.h>

/* Number of elements of a true array (not a pointer). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#ifndef MIN
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif
#ifndef MAX
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#endif

/* N / STEP rounded up; N + STEP - 1 must not overflow. */
#define DIV_ROUND_UP(n, step) (((n) + (step)-1) / (step))
/* N rounded up / down to a multiple of STEP (any positive STEP). */
#define ROUND_UP(n, step)   (DIV_ROUND_UP(n, step) * (step))
#define ROUND_DOWN(n, step) ((n) / (step) * (step))

/* The structure of type TYPE whose field MEMBER is at PTR. */
#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

#define UNUSED              __attribute__((unused))
#define NORETURN            __attribute__((noreturn))
#define PRINTF_FORMAT(a, b) __attribute__((format(printf, a, b)))

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#endif
