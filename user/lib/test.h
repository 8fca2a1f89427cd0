/* Helpers for test programs, in the Pintos test style.  Every line a test
 * prints looks like "(NAME) message", where NAME is test_name if the test set
 * it, else argv[0].  A test either defines main itself, or defines only
 *
 *     void test_main(void) { ... }
 *
 * and the library's main prints "(NAME) begin", runs test_main, prints
 * "(NAME) end" and exits with 0.  A failed check prints "(NAME) FAIL: message"
 * and exits with 1.  Each message is one write(), so lines never interleave. */
#ifndef USER_TEST_H
#define USER_TEST_H

#include <stdbool.h>

#include "stdio.h"

extern const char *test_name; /* NULL: use argv[0] */
extern bool quiet;            /* true: msg prints nothing (fail still does) */

void msg(const char *fmt, ...) USER_PRINTF(1, 2);
void fail(const char *fmt, ...) USER_PRINTF(1, 2) __attribute__((noreturn));
void test_main(void);

/* Prints the message if COND holds, else fails with it. */
#define CHECK(cond, ...)                                                                 \
    do {                                                                                 \
        if (cond)                                                                        \
            msg(__VA_ARGS__);                                                            \
        else                                                                             \
            fail(__VA_ARGS__);                                                           \
    } while (0)

#endif
