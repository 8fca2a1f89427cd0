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

#include "lib/procinfo.h"
#include "stdio.h"
#include "syscall.h"

extern const char *test_name; /* NULL: use argv[0] */
extern bool quiet;            /* true: msg prints nothing (fail still does) */

void msg(const char *fmt, ...) USER_PRINTF(1, 2);
void fail(const char *fmt, ...) USER_PRINTF(1, 2) __attribute__((noreturn));
void test_main(void);

/* True if file NAME exists (processes of a test signal each other with
 * files). */
bool test_file_exists(const char *name);
/* The byte at I of the memory pattern number SEED (a page-dependent
 * pattern: a page put in another page's place shows). */
unsigned char test_pattern(unsigned i, unsigned seed);
/* SIZE bytes from sbrk holding pattern SEED; exits with 2 if sbrk refuses. */
unsigned char *test_take(unsigned size, unsigned seed);
/* True if the SIZE bytes at P hold pattern SEED. */
bool test_intact(const unsigned char *p, unsigned size, unsigned seed);
/* The offset of the first of the N bytes at P that is not zero, or -1 if
 * all are. */
int test_first_nonzero(const volatile char *p, int n);
/* Copies into *OUT procinfo's first record of process PID (a live one comes
 * before an exit record); false if there is none. */
bool test_proc(pid_t pid, struct procinfo *out);

/* Prints the message if COND holds, else fails with it. */
#define CHECK(cond, ...)                                                                 \
    do {                                                                                 \
        if (cond)                                                                        \
            msg(__VA_ARGS__);                                                            \
        else                                                                             \
            fail(__VA_ARGS__);                                                           \
    } while (0)

#endif
