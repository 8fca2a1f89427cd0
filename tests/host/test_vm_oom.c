/* Host tests for vm/ under shortage, with a machine of a handful of frames:
 * a fault that finds the user pool empty kills the process without a crash
 * or a leak (lazy pages, stack growth, vm_claim), frames come back when pages
 * and spaces go, and a pmap_enter that fails (no page-table page) makes the
 * fault fail cleanly with its frame returned.  There is no eviction yet: when
 * it comes, the out-of-frames cases here become eviction cases. */
#include "tests/host/support/vm_check.h"

#define FRAMES 4

/* Adds N lazy pages of /exe from VMT_CODE. */
static void
add_file_pages(struct vm_space *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        struct page_source src = vmt_page_of_exe(s, i * VM_PAGE_SIZE);
        CHECK(vm_add_page(s, VMT_CODE + i * VM_PAGE_SIZE, &src, true, false));
    }
}

/* With every frame in use, the next fault kills; freeing a page lets it
 * load. */
static void
test_out_of_frames(void)
{
    struct vm_space *s = vmt_space();
    add_file_pages(s, FRAMES + 2);
    struct vm_stats before = vm_stats();
    for (unsigned i = 0; i < FRAMES; i++)
        CHECK_ACCESS(s, VMT_CODE + i * VM_PAGE_SIZE, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK_EQ_INT(palloc_free_pages(POOL_USER), 0);
    uint64_t last = VMT_CODE + FRAMES * VM_PAGE_SIZE;
    CHECK_ACCESS(s, last, VM_READ, VMT_STACK_TOP, FAKE_CPU_KILLED);
    CHECK_STATS(before, FRAMES, 0, 0, 1, FRAMES);
    vmt_draw("full", s, VMT_CODE, FRAMES + 2);
    CHECK_PICTURE(s, VMT_CODE, FRAMES + 2, "aaaauu");
    CHECK_EQ_INT(fake_pmap_mappings(s->pmap), FRAMES);
    CHECK(vm_claim(s, last) == NULL); /* the kernel cannot load it either */
    CHECK(vm_remove_page(s, VMT_CODE));
    CHECK_ACCESS(s, last, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    struct page_source src = vmt_page_of_exe(s, FRAMES * VM_PAGE_SIZE);
    vmt_check_page(s, last, &src); /* loaded after all */
    vmt_draw("after", s, VMT_CODE, FRAMES + 2);
    CHECK_PICTURE(s, VMT_CODE, FRAMES + 2, ".aaaau");
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* Stack growth with no frame left kills, leaking nothing. */
static void
test_stack_out_of_frames(void)
{
    struct vm_space *s = vmt_space();
    add_file_pages(s, FRAMES);
    for (unsigned i = 0; i < FRAMES; i++)
        CHECK(vm_claim(s, VMT_CODE + i * VM_PAGE_SIZE) != NULL);
    struct vm_stats before = vm_stats();
    uint64_t rsp = VMT_STACK_TOP - 16;
    CHECK_ACCESS(s, rsp - 8, VM_WRITE, rsp, FAKE_CPU_KILLED);
    CHECK_STATS(before, 0, 0, 0, 1, 0);
    CHECK(vm_draw_page(s, rsp) != 'a');
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* Spaces share the pool: one that ends gives its frames to another. */
static void
test_spaces_share_pool(void)
{
    struct vm_space *a = vmt_space(), *b = vmt_space();
    add_file_pages(a, FRAMES);
    add_file_pages(b, FRAMES);
    for (unsigned i = 0; i < FRAMES; i++)
        CHECK_ACCESS(a, VMT_CODE + i * VM_PAGE_SIZE, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK_ACCESS(b, VMT_CODE, VM_READ, VMT_STACK_TOP, FAKE_CPU_KILLED);
    vmt_destroy(a);
    for (unsigned i = 0; i < FRAMES; i++)
        CHECK_ACCESS(b, VMT_CODE + i * VM_PAGE_SIZE, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    vmt_destroy(b);
    vmt_check_no_leak();
}

/* A fault whose pmap_enter fails kills, returns the frame and maps nothing.
 * (That the page can still be loaded afterwards is in test_vm_regressions.c.) */
static void
test_pmap_enter_fails_on_fault(void)
{
    struct vm_space *s = vmt_space();
    add_file_pages(s, 1);
    uint64_t killed = vm_stats().faults_killed;
    uint64_t calls = fake_pmap_enter_calls();
    fake_pmap_fail_enter(0, 1);
    CHECK_ACCESS(s, VMT_CODE, VM_READ, VMT_STACK_TOP, FAKE_CPU_KILLED);
    CHECK_EQ_INT(fake_pmap_enter_calls() - calls, 1);
    CHECK_EQ_INT(vm_stats().faults_killed - killed, 1);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 0);
    CHECK_EQ_INT(vm_stats().frames_in_use, 0);
    CHECK_EQ_INT(fake_pmap_mappings(s->pmap), 0);
    CHECK_EQ_INT(vm_space_resident(s), 0);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* The same for stack growth and for vm_claim. */
static void
test_pmap_enter_fails_elsewhere(void)
{
    struct vm_space *s = vmt_space();
    add_file_pages(s, 1);
    uint64_t rsp = VMT_STACK_TOP - 16;
    struct vm_stats before = vm_stats();
    fake_pmap_fail_enter(0, 1);
    CHECK_ACCESS(s, rsp - 8, VM_WRITE, rsp, FAKE_CPU_KILLED);
    CHECK_EQ_INT(vm_stats().faults_stack, before.faults_stack);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 0);
    fake_pmap_fail_enter(0, 1);
    CHECK(vm_claim(s, VMT_CODE) == NULL);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 0);
    CHECK_EQ_INT(fake_pmap_mappings(s->pmap), 0);
    vmt_destroy(s);
    vmt_check_no_leak();
}

int
main(int argc, char **argv)
{
    vmt_args(argc, argv);
    vmt_setup("test_vm_oom", FRAMES);
    test_out_of_frames();
    test_stack_out_of_frames();
    test_spaces_share_pool();
    test_pmap_enter_fails_on_fault();
    test_pmap_enter_fails_elsewhere();
    return vmt_teardown("test_vm_oom");
}
