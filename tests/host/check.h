/* Tiny check macros shared by the host unit tests.  A failed check prints the
 * file, line and the check's text (and values) and exits with status 1; a test
 * that gets to the end calls check_done(). */
#ifndef TESTS_HOST_CHECK_H
#define TESTS_HOST_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long check_count;

/* Reports a failed check (TEXT, then a printf-style detail) and exits. */
static inline void __attribute__((noreturn, format(printf, 4, 5)))
check_fail(const char *file, int line, const char *text, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s:%d: check failed: %s: ", file, line, text);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

/* Prints the final "NAME: N checks passed" line; returns 0 for main. */
static inline int
check_done(const char *name)
{
    printf("%s: %lu checks passed\n", name, check_count);
    return 0;
}

/* Counts a check; if COND is false, fails naming TEXT, with a printf-style
 * detail message. */
#define CHECK_TEXT(cond, text, ...)                                                      \
    do {                                                                                 \
        check_count++;                                                                   \
        if (!(cond))                                                                     \
            check_fail(__FILE__, __LINE__, text, __VA_ARGS__);                           \
    } while (0)

#define CHECK(cond) CHECK_TEXT(cond, #cond, "false")

/* CHECK with a printf-style explanation added to the failure message. */
#define CHECK_MSG(cond, ...) CHECK_TEXT(cond, #cond, __VA_ARGS__)

#define CHECK_EQ_INT(a, b)                                                               \
    do {                                                                                 \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                  \
        CHECK_TEXT(check_a_ == check_b_, #a " == " #b, "%lld != %lld", check_a_,         \
                   check_b_);                                                            \
    } while (0)

#define CHECK_EQ_U64(a, b)                                                               \
    do {                                                                                 \
        unsigned long long check_a_ = (a), check_b_ = (b);                               \
        CHECK_TEXT(check_a_ == check_b_, #a " == " #b, "%#llx != %#llx", check_a_,       \
                   check_b_);                                                            \
    } while (0)

#define CHECK_STR(a, b)                                                                  \
    do {                                                                                 \
        const char *check_a_ = (a), *check_b_ = (b);                                     \
        CHECK_TEXT(strcmp(check_a_, check_b_) == 0, #a " == " #b, "\"%s\" != \"%s\"",    \
                   check_a_, check_b_);                                                  \
    } while (0)

#endif
