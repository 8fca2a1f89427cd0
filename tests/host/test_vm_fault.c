/* Host tests for vm/fault.c: which faults are handled and which kill the
 * process (write to a read-only page, execution of a non-executable page, no
 * page, kernel and non-canonical addresses), the stack-growth rule at its
 * exact edges, the counters each kind of fault moves, and many threads
 * faulting on the same pages at once (each page is loaded exactly once). */
#include <pthread.h>

#include "tests/host/support/vm_check.h"

#define THREADS       8
#define SHARED_PAGES  16
#define RSP_IN_REGION (VMT_STACK_TOP - 64) /* a stack pointer near the top */

/* Writes to a read-only page kill, loaded or not; reads are fine. */
static void
test_write_read_only(void)
{
    struct vm_space *s = vmt_space();
    struct page_source src = vmt_page_of_exe(s, 0);
    CHECK(vm_add_page(s, VMT_CODE, &src, false, true));
    struct vm_stats before = vm_stats();
    CHECK_ACCESS(s, VMT_CODE + 5, VM_WRITE, RSP_IN_REGION, FAKE_CPU_KILLED);
    CHECK_STATS(before, 0, 0, 0, 1, 0); /* refused before anything is loaded */
    CHECK(vm_draw_page(s, VMT_CODE) == 'u');
    CHECK_ACCESS(s, VMT_CODE + 5, VM_READ, RSP_IN_REGION, FAKE_CPU_OK);
    CHECK(fake_touch(s->pmap, VMT_CODE, VM_WRITE) == FAKE_TOUCH_PROTECTION);
    CHECK_ACCESS(s, VMT_CODE + 5, VM_WRITE, RSP_IN_REGION, FAKE_CPU_KILLED);
    CHECK_STATS(before, 1, 0, 0, 2, 1);
    CHECK(!pmap_is_dirty(s->pmap, VMT_CODE));
    vmt_destroy(s);
}

/* Executing a non-executable page kills; an executable page runs. */
static void
test_exec_non_exec(void)
{
    struct vm_space *s = vmt_space();
    CHECK(vm_add_page(s, VMT_CODE, NULL, true, false));
    CHECK(vm_add_page(s, VMT_CODE + VM_PAGE_SIZE, NULL, false, true));
    struct vm_stats before = vm_stats();
    CHECK_ACCESS(s, VMT_CODE, VM_EXEC, RSP_IN_REGION, FAKE_CPU_KILLED);
    CHECK_ACCESS(s, VMT_CODE, VM_WRITE, RSP_IN_REGION, FAKE_CPU_OK);
    CHECK(fake_touch(s->pmap, VMT_CODE, VM_EXEC) == FAKE_TOUCH_PROTECTION);
    CHECK_ACCESS(s, VMT_CODE, VM_EXEC, RSP_IN_REGION, FAKE_CPU_KILLED);
    CHECK_ACCESS(s, VMT_CODE + VM_PAGE_SIZE, VM_EXEC, RSP_IN_REGION, FAKE_CPU_OK);
    CHECK_ACCESS(s, VMT_CODE + VM_PAGE_SIZE, VM_READ, RSP_IN_REGION, FAKE_CPU_OK);
    CHECK_STATS(before, 0, 2, 0, 2, 2);
    vmt_destroy(s);
}

/* An address with no page kills (unless it grows the stack, below). */
static void
test_no_page(void)
{
    static const uint64_t holes[] = {
        0,
        8,
        VM_PAGE_SIZE - 1, /* page 0 */
        VMT_CODE - 1,
        VMT_CODE + VM_PAGE_SIZE,
        VMT_STACK_LOW - 0x100000,
        VMT_USER_TOP - 1,
    };
    struct vm_space *s = vmt_space();
    CHECK(vm_add_page(s, VMT_CODE, NULL, true, true));
    struct vm_stats before = vm_stats();
    unsigned n = sizeof holes / sizeof holes[0];
    for (unsigned i = 0; i < n; i++)
        for (enum vm_access a = VM_READ; a <= VM_EXEC; a++)
            CHECK_ACCESS(s, holes[i], a, RSP_IN_REGION, FAKE_CPU_KILLED);
    CHECK_STATS(before, 0, 0, 0, 3 * n, 0);
    CHECK_EQ_INT(vm_space_pages(s), 1);
    vmt_destroy(s);
}

/* A user access to a kernel address kills: the CPU raises a protection
 * fault (or a #GP if non-canonical); the VM refuses any fault above user
 * space even if asked directly, with or without a space. */
static void
test_kernel_addresses(void)
{
    static const uint64_t kernel[] = {
        VMT_USER_TOP,         VMT_USER_TOP + 0x1000, 0x00007ffffffff000UL,
        0xffff800000000000UL, 0xffffffff80100000UL,  0xfffffffffffffff8UL,
    };
    struct vm_space *s = vmt_space();
    struct vm_stats before = vm_stats();
    unsigned n = sizeof kernel / sizeof kernel[0];
    for (unsigned i = 0; i < n; i++) {
        CHECK_ACCESS(s, kernel[i], VM_READ, RSP_IN_REGION, FAKE_CPU_KILLED);
        CHECK(vm_handle_fault(s, kernel[i], VM_WRITE, true, kernel[i]) == VM_FAULT_KILL);
    }
    CHECK(fake_touch(s->pmap, 0x0000800000000000UL, VM_READ) == FAKE_TOUCH_GP);
    CHECK_ACCESS(s, 0x0000800000000000UL, VM_READ, RSP_IN_REGION, FAKE_CPU_KILLED);
    CHECK(vm_handle_fault(NULL, VMT_CODE, VM_READ, false, RSP_IN_REGION) ==
          VM_FAULT_KILL);
    CHECK_EQ_INT(vm_stats().faults_killed - before.faults_killed, 2 * n + 1);
    CHECK_EQ_INT(vm_stats().faults_file, before.faults_file);
    CHECK_EQ_INT(vm_stats().frames_in_use, before.frames_in_use);
    CHECK_EQ_INT(vm_space_pages(s), 0);
    vmt_destroy(s);
}

/* A push faults at rsp - 8 before rsp moves: that grows the stack; one byte
 * lower does not.  RSP is chosen so the two bytes are in different pages. */
static void
test_stack_rsp_edge(void)
{
    struct vm_space *s = vmt_space();
    uint64_t page = VMT_STACK_TOP - 5 * VM_PAGE_SIZE;
    uint64_t rsp = page + 8;
    struct vm_stats before = vm_stats();
    CHECK_ACCESS(s, rsp - 9, VM_WRITE, rsp, FAKE_CPU_KILLED);
    CHECK_STATS(before, 0, 0, 0, 1, 0);
    CHECK_ACCESS(s, rsp - 8, VM_WRITE, rsp, FAKE_CPU_OK);
    CHECK_STATS(before, 0, 0, 1, 1, 1); /* counted as stack growth only */
    CHECK_ACCESS(s, rsp - 9, VM_WRITE, rsp, FAKE_CPU_KILLED);
    CHECK_ACCESS(s, rsp + 100, VM_READ, rsp, FAKE_CPU_OK); /* above rsp: fine */
    uint64_t low = rsp - 40; /* "sub $40, %rsp", then the new frame is used */
    CHECK_ACCESS(s, low, VM_READ, low, FAKE_CPU_OK);
    CHECK_STATS(before, 0, 0, 2, 2, 2);
    vmt_draw("stack", s, VMT_STACK_TOP - 8 * VM_PAGE_SIZE, 8);
    CHECK_PICTURE(s, VMT_STACK_TOP - 8 * VM_PAGE_SIZE, 8, "..aA....");
    uint8_t zeros[VM_PAGE_SIZE], got[VM_PAGE_SIZE];
    memset(zeros, 0, sizeof zeros);
    CHECK(fake_cpu_read(s, page - VM_PAGE_SIZE, got, sizeof got, low) == FAKE_CPU_OK);
    CHECK(memcmp(got, zeros, sizeof got) == 0);
    vmt_destroy(s);
}

/* The stack may grow down to USER_STACK - 1 MiB and no further; addresses at
 * or above USER_STACK are not stack. */
static void
test_stack_limits(void)
{
    struct vm_space *s = vmt_space();
    struct vm_stats before = vm_stats();
    uint64_t low = VMT_STACK_LOW;
    CHECK_ACCESS(s, low - 1, VM_WRITE, low - 1, FAKE_CPU_KILLED);
    CHECK_ACCESS(s, low - VM_PAGE_SIZE, VM_WRITE, low - VM_PAGE_SIZE, FAKE_CPU_KILLED);
    CHECK_ACCESS(s, low, VM_WRITE, low, FAKE_CPU_OK);
    CHECK_ACCESS(s, low - 8, VM_WRITE, low, FAKE_CPU_KILLED); /* rsp - 8 but too low */
    CHECK_ACCESS(s, VMT_STACK_TOP, VM_WRITE, VMT_STACK_TOP, FAKE_CPU_KILLED);
    CHECK_ACCESS(s, VMT_STACK_TOP + 8, VM_READ, VMT_STACK_TOP + 16, FAKE_CPU_KILLED);
    CHECK_ACCESS(s, VMT_STACK_TOP - 1, VM_WRITE, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK_STATS(before, 0, 0, 2, 5, 2);
    CHECK_EQ_INT(vm_space_pages(s), 2);
    CHECK_ACCESS(s, VMT_STACK_TOP - 1, VM_EXEC, VMT_STACK_TOP, FAKE_CPU_KILLED);
    vmt_destroy(s);
}

/* Growing the stack page by page, as a deep recursion does, down to the
 * limit: every page is added once and then the next push kills. */
static void
test_stack_deep(void)
{
    struct vm_space *s = vmt_space();
    struct vm_stats before = vm_stats();
    uint64_t rsp = VMT_STACK_TOP;
    unsigned pages = USER_STACK_LIMIT / VM_PAGE_SIZE;
    fake_palloc_set_user_frames(0); /* resize: nothing is in use yet */
    fake_palloc_set_user_frames(pages + 1);
    unsigned refused = 0;
    while (rsp > VMT_STACK_LOW) {
        refused += fake_cpu_access(s, rsp - 8, VM_WRITE, rsp, NULL) != FAKE_CPU_OK;
        rsp -= 8;
        if (rsp % VM_PAGE_SIZE == 0)
            rsp -= 512; /* a big frame on the way */
    }
    CHECK_EQ_INT(refused, 0);
    CHECK_ACCESS(s, rsp - 8, VM_WRITE, rsp, FAKE_CPU_KILLED);
    CHECK_STATS(before, 0, 0, pages, 1, pages);
    CHECK_EQ_INT(vm_space_pages(s), pages);
    vmt_destroy(s);
    fake_palloc_set_user_frames(16);
}

struct shared_run {
    struct vm_space *space;
    unsigned id;
    int bad; /* set by the thread: the first failure */
};

/* Reads every shared page, in an order of its own, checking a few bytes. */
static void *
shared_reader(void *arg)
{
    struct shared_run *run = arg;
    for (unsigned k = 0; k < SHARED_PAGES && !run->bad; k++) {
        unsigned i = (k * 5 + run->id * 3) % SHARED_PAGES;
        uint64_t va = VMT_CODE + i * VM_PAGE_SIZE + run->id * 8;
        uint8_t b;
        if (fake_cpu_read(run->space, va, &b, 1, RSP_IN_REGION) != FAKE_CPU_OK)
            run->bad = 1;
        else if (b != pattern_byte(VMT_EXE_SEED, (va - VMT_CODE)))
            run->bad = 2;
    }
    return NULL;
}

/* Many threads fault on the same lazy pages at once: all succeed and each
 * page is loaded exactly once. */
static void
test_concurrent_faults(void)
{
    struct vm_space *s = vmt_space();
    for (unsigned i = 0; i < SHARED_PAGES; i++) {
        struct page_source src = vmt_page_of_exe(s, i * VM_PAGE_SIZE);
        CHECK(vm_add_page(s, VMT_CODE + i * VM_PAGE_SIZE, &src, false, false));
    }
    struct vm_stats before = vm_stats();
    pthread_t t[THREADS];
    struct shared_run runs[THREADS];
    for (unsigned i = 0; i < THREADS; i++) {
        runs[i] = (struct shared_run){.space = s, .id = i};
        CHECK(pthread_create(&t[i], NULL, shared_reader, &runs[i]) == 0);
    }
    for (unsigned i = 0; i < THREADS; i++) {
        CHECK(pthread_join(t[i], NULL) == 0);
        CHECK_MSG(runs[i].bad == 0, "thread %u: failure %d", i, runs[i].bad);
    }
    CHECK_STATS(before, SHARED_PAGES, 0, 0, 0, SHARED_PAGES);
    CHECK_EQ_INT(vm_space_resident(s), SHARED_PAGES);
    vmt_destroy(s);
}

int
main(int argc, char **argv)
{
    vmt_args(argc, argv);
    vmt_setup("test_vm_fault", 16);
    test_write_read_only();
    test_exec_non_exec();
    test_no_page();
    test_kernel_addresses();
    test_stack_rsp_edge();
    test_stack_limits();
    test_stack_deep();
    test_concurrent_faults();
    return vmt_teardown("test_vm_fault");
}
