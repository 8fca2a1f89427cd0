/* Regression tests for bugs found and fixed in vm/, each named after its
 * bug and checking the right behaviour.  Each runs in a child process, since
 * the bug it pins down used to panic. */
#include "tests/host/support/vm_check.h"

#define PAGE (VMT_CODE + 3 * VM_PAGE_SIZE)

/* A space with one lazy, writable page of /exe at PAGE. */
static struct vm_space *
one_page_space(struct page_source *src)
{
    struct vm_space *s = vmt_space();
    *src = vmt_page_of_exe(s, 2 * VM_PAGE_SIZE);
    CHECK(vm_add_page(s, PAGE, src, true, false));
    return s;
}

/* vm_page_load: uninit_swap_in turns the page anonymous (and counts a file
 * fault) before pmap_enter runs; when pmap_enter fails the frame is freed
 * but the page stays "anonymous without a frame", so the next load of it
 * panics in anon_swap_in instead of loading it from the file again. */
static void
bug_pmap_enter_failure_loses_page(void)
{
    struct page_source src;
    struct vm_space *s = one_page_space(&src);
    struct vm_stats before = vm_stats();
    fake_pmap_fail_enter(0, 1);
    CHECK_ACCESS(s, PAGE, VM_READ, VMT_STACK_TOP, FAKE_CPU_KILLED);
    CHECK_ACCESS(s, PAGE, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK); /* panics now */
    vmt_check_page(s, PAGE, &src);
    CHECK_STATS(before, 1, 0, 0, 1, 1); /* one load, not two */
    vmt_destroy(s);
}

/* The same bug seen without a second load: the page's picture and the
 * counter of file loads after a load that was undone. */
static void
bug_pmap_enter_failure_counted_as_load(void)
{
    struct page_source src;
    struct vm_space *s = one_page_space(&src);
    struct vm_stats before = vm_stats();
    fake_pmap_fail_enter(0, 1);
    CHECK_ACCESS(s, PAGE, VM_READ, VMT_STACK_TOP, FAKE_CPU_KILLED);
    CHECK_STATS(before, 0, 0, 0, 1, 0); /* faults_file moved by 1 */
    CHECK(vm_draw_page(s, PAGE) == 'u');
    vmt_destroy(s);
}

/* fault_on_page answers "handled" for a page that has a frame without
 * looking at the pmap: if the mapping was dropped (the pmap is a cache that
 * may drop mappings, DESIGN.md and STYLE.md item 5), it is never rebuilt and
 * the CPU faults on the same access forever. */
static void
bug_dropped_mapping_never_rebuilt(void)
{
    struct page_source src;
    struct vm_space *s = one_page_space(&src);
    CHECK(vm_claim(s, PAGE) != NULL);
    CHECK(fake_pmap_drop(s->pmap, PAGE));
    CHECK_ACCESS(s, PAGE, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK); /* refaults now */
    vmt_check_page(s, PAGE, &src);
    vmt_destroy(s);
}

/* The same for a mapping narrower than the page: a writable page mapped
 * read-only (as a pmap may map it, and as copy-on-write will) is never
 * upgraded, so the write faults forever. */
static void
bug_narrowed_mapping_never_upgraded(void)
{
    struct page_source src;
    struct vm_space *s = one_page_space(&src);
    CHECK(vm_claim(s, PAGE) != NULL);
    CHECK(pmap_protect(s->pmap, PAGE, PMAP_USER));
    CHECK_ACCESS(s, PAGE, VM_WRITE, VMT_STACK_TOP, FAKE_CPU_OK); /* refaults now */
    vmt_destroy(s);
}

/* vm_frame_identity asks the pmap, not the page: a page in memory whose
 * mapping was dropped reads as "not in memory". */
static void
bug_frame_identity_trusts_pmap(void)
{
    struct page_source src;
    struct vm_space *s = one_page_space(&src);
    uint8_t *kva = vm_claim(s, PAGE);
    CHECK(kva != NULL);
    CHECK(fake_pmap_drop(s->pmap, PAGE));
    CHECK_EQ_U64(vm_frame_identity(s, PAGE), pmap_frame_pa(kva)); /* 0 now */
    vmt_destroy(s);
}

/* vm_handle_fault returns KILL for a kernel address (or no space) before
 * counting it, so faults_killed misses faults that kill. */
static void
bug_kernel_address_kill_not_counted(void)
{
    struct vm_space *s = vmt_space();
    uint64_t killed = vm_stats().faults_killed;
    CHECK(vm_handle_fault(s, 0xffff800000001000UL, VM_READ, true, VMT_STACK_TOP) ==
          VM_FAULT_KILL);
    CHECK_EQ_INT(vm_stats().faults_killed - killed, 1); /* 0 now */
    vmt_destroy(s);
}

static const struct vmt_known_bug bugs[] = {
    {"pmap-enter-failure-loses-page", "vm/vm.c vm_page_load, vm/uninit.c uninit_swap_in",
     bug_pmap_enter_failure_loses_page},
    {"pmap-enter-failure-counted-as-load",
     "vm/uninit.c uninit_swap_in, vm/vm.c vm_page_load",
     bug_pmap_enter_failure_counted_as_load},
    {"dropped-mapping-never-rebuilt", "vm/fault.c fault_on_page",
     bug_dropped_mapping_never_rebuilt},
    {"narrowed-mapping-never-upgraded", "vm/fault.c fault_on_page",
     bug_narrowed_mapping_never_upgraded},
    {"frame-identity-trusts-pmap", "vm/vm.c vm_frame_identity",
     bug_frame_identity_trusts_pmap},
    {"kernel-address-kill-not-counted", "vm/fault.c vm_handle_fault",
     bug_kernel_address_kill_not_counted},
};

int
main(int argc, char **argv)
{
    vmt_args(argc, argv);
    vmt_setup("test_vm_regressions", 16);
    unsigned n = sizeof bugs / sizeof bugs[0];
    for (unsigned i = 0; i < n; i++)
        CHECK_MSG(!vmt_run_known_bug(&bugs[i]), "regression: %s (%s)", bugs[i].name,
                  bugs[i].where);
    return vmt_teardown("test_vm_regressions");
}
