/* Self tests of SMAP and SMEP: a stray kernel access to a user page, outside
 * the user-copy functions, is stopped by the CPU and reported as a fault;
 * the user-copy functions still reach the same page.  They need a CPU with
 * the feature (./hwan run --cpu max) and fail without it. */
#include "arch/x86_64/kfault.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/protect.h"
#include "arch/x86_64/trap.h"
#include "kernel/ktest.h"
#include "kernel/palloc.h"
#include "userprog/usercopy.h"
#include "vm/pmap.h"

#define STRAY_VA 0x10000000UL

/* A user page mapped at STRAY_VA in a fresh address space, made active. */
struct stray_space {
    struct pmap *pmap;
    uint8_t *frame;
};

/* Maps a zeroed user frame at STRAY_VA with PROT; false if out of memory. */
static bool
stray_setup(struct stray_space *s, unsigned prot)
{
    s->pmap = pmap_create();
    s->frame = palloc_get_page(PAL_USER | PAL_ZERO);
    if (!KTEST_CHECK(s->pmap != NULL && s->frame != NULL))
        return false;
    KTEST_CHECK(pmap_enter(s->pmap, STRAY_VA, vtop(s->frame), prot));
    pmap_activate(s->pmap);
    return true;
}

/* Undoes stray_setup. */
static void
stray_teardown(struct stray_space *s)
{
    pmap_activate(NULL);
    pmap_destroy(s->pmap);
    palloc_free_page(s->frame);
}

/* Reads (WRITE false) or writes one byte at STRAY_VA outside any user-copy
 * window; returns the page-fault error code, or 0 if no fault stopped it. */
static uint64_t
stray_touch(bool write)
{
    struct kfault_catch c;
    if (kfault_try(&c) != 0)
        return c.fault_error | (1UL << 63);
    if (write)
        *(volatile uint8_t *)STRAY_VA = 0x5a;
    else
        (void)*(volatile uint8_t *)STRAY_VA;
    kfault_disarm();
    return 0;
}

/* A stray read and a stray write are caught as protection faults; the page is
 * untouched, and user_copy_in/out still reach it. */
static void
test_smap_stray_access(void)
{
    if (!KTEST_CHECK(protect_enabled(CR4_SMAP), "SMAP is off (boot with --cpu max)"))
        return;
    struct stray_space s;
    if (!stray_setup(&s, PMAP_USER | PMAP_WRITE))
        return;
    s.frame[0] = 0x11;
    uint64_t read = stray_touch(false), write = stray_touch(true);
    KTEST_CHECK(read & PF_PRESENT, "stray read not stopped (error %#llx)",
                (unsigned long long)read);
    KTEST_CHECK((write & PF_PRESENT) && (write & PF_WRITE), "stray write not stopped");
    KTEST_CHECK(s.frame[0] == 0x11, "the stray write reached the page");
    uint8_t v = 0, w = 0x22;
    KTEST_CHECK(user_copy_in(&v, STRAY_VA, 1) && v == 0x11, "user_copy_in failed");
    KTEST_CHECK(user_copy_out(STRAY_VA, &w, 1) && s.frame[0] == 0x22,
                "user_copy_out failed");
    KTEST_CHECK(stray_touch(false) & PF_PRESENT, "the copy left the user window open");
    stray_teardown(&s);
    ktest_msg("stray read and write stopped, user copies work");
}
KTEST("smap-stray-access", test_smap_stray_access);

/* A user page holding `ret`, executable: the kernel cannot call it with SMEP
 * on, and can with SMEP suspended (so the page itself is fine). */
static void
test_smep_stray_exec(void)
{
    if (!KTEST_CHECK(protect_enabled(CR4_SMEP), "SMEP is off (boot with --cpu max)"))
        return;
    struct stray_space s;
    if (!stray_setup(&s, PMAP_USER | PMAP_EXEC))
        return;
    s.frame[0] = 0xc3; /* ret */
    KTEST_CHECK(!kprobe_exec((const void *)STRAY_VA), "the kernel ran user code");
    unsigned long guards = protect_suspend(CR4_SMEP);
    bool ran = kprobe_exec((const void *)STRAY_VA);
    protect_restore(guards);
    KTEST_CHECK(ran, "the page does not run even without SMEP");
    KTEST_CHECK(!kprobe_exec((const void *)STRAY_VA), "SMEP not restored");
    stray_teardown(&s);
    ktest_msg("a call into a user page stopped, runs with SMEP suspended");
}
KTEST("smep-stray-exec", test_smep_stray_exec);
