/* In-kernel self tests, run by name with the `ktest NAME...` action.
 *
 * A test is a function registered with KTEST("name", fn).  The runner prints
 * "(name) begin" and "(name) end" around it; the test prints its progress
 * with ktest_msg (as "(name) message") and reports problems with
 * ktest_fail / KTEST_CHECK, which print "(name) FAIL: message" and make the
 * boot end with the failure status.  Output must be deterministic: the
 * runner compares it line by line with the expected transcript. */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include <stdbool.h>

struct ktest {
    const char *name;
    void (*fn)(void);
};

#define KTEST(NAME, FN)                                                                  \
    static const struct ktest ktest_##FN                                                 \
        __attribute__((section(".ktests"), used, aligned(8))) = {NAME, FN}

/* Prints "(test) MESSAGE". */
void ktest_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "(test) FAIL: MESSAGE" and marks the test failed; the test goes on. */
void ktest_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Fails with the condition's text (and a formatted detail) if COND is false.
 * Evaluates to COND. */
#define KTEST_CHECK(cond, ...)                                                           \
    ktest_check(!!(cond), #cond, __FILE__, __LINE__, "" __VA_ARGS__)
/* Returns OK; if it is false, reports the failed check EXPR at FILE:LINE. */
bool ktest_check(bool ok, const char *expr, const char *file, int line, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));

struct thread;

/* Helpers for tests that use threads. */
/* Creates a joinable thread named "PREFIX-I" running FN(AUX); fails the test
 * and returns NULL if it cannot. */
struct thread *ktest_spawn(const char *prefix, int i, void (*fn)(void *), void *aux);
/* Joins the first N threads of THREADS that are not NULL. */
void ktest_join_all(struct thread **threads, int n);
/* Prints "(test) LABEL: a b c ..." for the N numbers of V. */
void ktest_msg_numbers(const char *label, const int *v, int n);

/* Runs the named tests in order.  Returns false if any is unknown or failed. */
bool ktest_run(int argc, char **argv);
/* Prints the names of all tests. */
void ktest_list(void);

#endif
