/* Deliberate failures.  Each of these must be reported by the runner as the
 * failure it is (never as a pass, never as a hang): they test the test
 * machinery itself. */
#include "arch/x86_64/intr.h"
#include "kernel/debug.h"
#include "kernel/ktest.h"
#include "kernel/palloc.h"
#include "kernel/timer.h"

static void
test_selftest_fail(void)
{
    ktest_msg("about to fail on purpose");
    KTEST_CHECK(1 + 1 == 3, "arithmetic is fine, this check fails on purpose");
}
KTEST("selftest-fail", test_selftest_fail);

static void
test_selftest_panic(void)
{
    ktest_msg("about to panic on purpose");
    panic("deliberate panic (%d)", 42);
}
KTEST("selftest-panic", test_selftest_panic);

static void
test_selftest_assert(void)
{
    volatile int x = 1;
    ktest_msg("about to fail an assertion on purpose");
    ASSERT(x == 2);
}
KTEST("selftest-assert", test_selftest_assert);

static void
test_selftest_page_fault(void)
{
    ktest_msg("about to touch an unmapped kernel address on purpose");
    *(volatile int *)0xffffc00000001000UL = 1;
}
KTEST("selftest-page-fault", test_selftest_page_fault);

/* Loads an empty IDT and raises an exception: with no handler for the
 * exception, nor for the double fault, the CPU triple-faults and resets. */
static void
test_selftest_triple_fault(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) empty = {0, 0};
    ktest_msg("about to triple-fault on purpose");
    intr_disable();
    __asm__ volatile("lidt %0; int3" : : "m"(empty));
}
KTEST("selftest-triple-fault", test_selftest_triple_fault);

static void
test_selftest_hang(void)
{
    ktest_msg("about to hang on purpose");
    for (;;)
        timer_sleep(100);
}
KTEST("selftest-hang", test_selftest_hang);

static void
test_selftest_leak(void)
{
    ktest_msg("about to leak a page on purpose");
    palloc_get_page(0);
}
KTEST("selftest-leak", test_selftest_leak);
