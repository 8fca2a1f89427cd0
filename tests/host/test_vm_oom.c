/* Host tests for vm/ under shortage, with a machine of a handful of frames
 * and no swap disk.  Since eviction, running out of free frames is not fatal
 * by itself: a clean page (never written since it was loaded) is dropped and
 * refilled from its source later, with the same bytes.  What cannot be
 * evicted without swap is a dirty anonymous page, so when every frame holds
 * one the next fault kills the process, without a crash or a leak (lazy
 * pages, stack growth, vm_claim, another space's fault), and frames come
 * back when pages and spaces go.  A pmap_enter that fails (no page-table
 * page) makes the fault fail cleanly with its frame returned, evicting or
 * not. */
#include "tests/host/support/vm_check.h"

#define FRAMES 4
#define SEED   0x0e

/* Adds N lazy, writable pages of /exe from VMT_CODE. */
static void
add_file_pages(struct vm_space *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        struct page_source src = vmt_page_of_exe(s, i * VM_PAGE_SIZE);
        CHECK(vm_add_page(s, VMT_CODE + i * VM_PAGE_SIZE, &src, true, false));
    }
}

/* Page I from VMT_CODE. */
static uint64_t
page_va(unsigned i)
{
    return VMT_CODE + i * VM_PAGE_SIZE;
}

/* Checks that page I of S holds page I of /exe (as add_file_pages set it). */
static void
check_file_page(struct vm_space *s, unsigned i)
{
    struct page_source src = vmt_page_of_exe(s, i * VM_PAGE_SIZE);
    vmt_check_page(s, page_va(i), &src);
}

/* Fills every frame with a dirty anonymous page: writes pattern SEED to pages
 * 0 .. FRAMES - 1 of S. */
static void
fill_with_dirty(struct vm_space *s)
{
    for (unsigned i = 0; i < FRAMES; i++)
        vmt_write_pattern(s, page_va(i), SEED);
    CHECK_EQ_INT(palloc_free_pages(POOL_USER), 0);
}

/* Touching more clean pages than there are frames succeeds by dropping
 * clean pages (the clock takes the oldest once all have had their second
 * chance); a dropped page reloads from its file with the same bytes. */
static void
test_clean_pages_dropped(void)
{
    struct vm_space *s = vmt_space();
    add_file_pages(s, FRAMES + 2);
    struct vm_stats before = vm_stats();
    for (unsigned i = 0; i < FRAMES; i++)
        CHECK_ACCESS(s, page_va(i), VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK_EQ_INT(palloc_free_pages(POOL_USER), 0);
    CHECK_EVICT(before, 0, 0, 0, 0, 0);
    CHECK_ACCESS(s, page_va(FRAMES), VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK_ACCESS(s, page_va(FRAMES + 1), VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK_STATS(before, FRAMES + 2, 0, 0, 0, FRAMES);
    CHECK_EVICT(before, 2, 0, 0, 2, 0);
    vmt_draw("full", s, VMT_CODE, FRAMES + 2);
    CHECK_PICTURE(s, VMT_CODE, FRAMES + 2, "uuaaaa"); /* the two oldest went */
    CHECK_EQ_INT(fake_pmap_mappings(s->pmap), FRAMES);
    CHECK_EQ_INT(vm_space_resident(s), FRAMES);
    check_file_page(s, 0); /* dropped, reloaded: a file fault, one more drop */
    CHECK_STATS(before, FRAMES + 3, 0, 0, 0, FRAMES);
    CHECK_EVICT(before, 3, 0, 0, 3, 0);
    CHECK_PICTURE(s, VMT_CODE, FRAMES + 2, "auuaaa");
    for (unsigned i = 0; i < FRAMES + 2; i++)
        check_file_page(s, i);
    CHECK_EQ_INT(vm_stats().faults_killed, before.faults_killed);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* vm_claim (the kernel loading a page to write into) evicts a clean page
 * too; the claimed page itself counts as written and stays pinned until
 * vm_unclaim. */
static void
test_claim_evicts_clean(void)
{
    struct vm_space *s = vmt_space();
    add_file_pages(s, FRAMES + 1);
    for (unsigned i = 0; i < FRAMES; i++)
        CHECK_ACCESS(s, page_va(i), VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    struct vm_stats before = vm_stats();
    uint8_t *kva = vm_claim(s, page_va(FRAMES));
    CHECK(kva != NULL);
    CHECK_EQ_INT(kva[7], pattern_byte(VMT_EXE_SEED, FRAMES * VM_PAGE_SIZE + 7));
    vm_unclaim(s, page_va(FRAMES));
    CHECK_EVICT(before, 1, 0, 0, 1, 0);
    CHECK_STATS(before, 1, 0, 0, 0, 0);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* With no swap, a dirty anonymous page cannot be evicted: when every frame
 * holds one, the next fault kills and nothing leaks or changes; the dirty
 * pages keep their bytes; freeing a page lets the fault through. */
static void
test_all_dirty_kills(void)
{
    struct vm_space *s = vmt_space();
    add_file_pages(s, FRAMES + 1);
    fill_with_dirty(s);
    CHECK_PICTURE(s, VMT_CODE, FRAMES + 1, "AAAAu");
    struct vm_stats before = vm_stats();
    uint64_t last = page_va(FRAMES);
    CHECK_ACCESS(s, last, VM_READ, VMT_STACK_TOP, FAKE_CPU_KILLED);
    CHECK_STATS(before, 0, 0, 0, 1, 0);
    CHECK_EVICT(before, 0, 0, 0, 0, 0);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), FRAMES);
    CHECK(vm_claim(s, last) == NULL); /* the kernel cannot load it either */
    vmt_draw("all dirty", s, VMT_CODE, FRAMES + 1);
    CHECK_EQ_INT(fake_pmap_mappings(s->pmap), FRAMES); /* every page still mapped */
    CHECK_PICTURE(s, VMT_CODE, FRAMES + 1, "AAAAu");   /* passed over, never unmapped */
    for (unsigned i = 0; i < FRAMES; i++)
        vmt_check_pattern(s, page_va(i), SEED);
    CHECK(vm_remove_page(s, page_va(1)));
    check_file_page(s, FRAMES); /* loaded after all */
    CHECK_PICTURE(s, VMT_CODE, FRAMES + 1, "A.AAa");
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* With every frame dirty but one clean, the clean one is the victim wherever
 * the clock hand is: the dirty ones it tries first stay, intact. */
static void
test_only_clean_page_goes(void)
{
    for (unsigned clean = 0; clean < FRAMES; clean++) {
        struct vm_space *s = vmt_space();
        add_file_pages(s, FRAMES + 1);
        for (unsigned i = 0; i < FRAMES; i++) {
            if (i == clean)
                CHECK_ACCESS(s, page_va(i), VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
            else
                vmt_write_pattern(s, page_va(i), SEED);
        }
        struct vm_stats before = vm_stats();
        check_file_page(s, FRAMES);
        CHECK_EVICT(before, 1, 0, 0, 1, 0);
        CHECK_STATS(before, 1, 0, 0, 0, 0);
        CHECK(vm_draw_page(s, page_va(clean)) == 'u');
        for (unsigned i = 0; i < FRAMES; i++)
            if (i != clean)
                vmt_check_pattern(s, page_va(i), SEED);
        check_file_page(s, clean); /* back, in place of page FRAMES (clean) */
        vmt_destroy(s);
    }
    vmt_check_no_leak();
}

/* Stack growth evicts a clean page; with every frame dirty it kills,
 * leaking nothing and adding no page. */
static void
test_stack_out_of_frames(void)
{
    struct vm_space *s = vmt_space();
    add_file_pages(s, FRAMES);
    for (unsigned i = 0; i < FRAMES; i++)
        CHECK_ACCESS(s, page_va(i), VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    uint64_t rsp = VMT_STACK_TOP - 16;
    struct vm_stats before = vm_stats();
    CHECK_ACCESS(s, rsp - 8, VM_WRITE, rsp, FAKE_CPU_OK);
    CHECK_STATS(before, 0, 0, 1, 0, 0);
    CHECK_EVICT(before, 1, 0, 0, 1, 0);
    vmt_destroy(s);

    s = vmt_space();
    add_file_pages(s, FRAMES);
    fill_with_dirty(s);
    before = vm_stats();
    CHECK_ACCESS(s, rsp - 8, VM_WRITE, rsp, FAKE_CPU_KILLED);
    CHECK_STATS(before, 0, 0, 0, 1, 0);
    CHECK_EVICT(before, 0, 0, 0, 0, 0);
    CHECK(vm_draw_page(s, rsp) == '.');
    CHECK_EQ_INT(vm_space_pages(s), FRAMES);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* Spaces share the pool: a fault in one drops another's clean pages; when
 * the other's pages are all dirty the fault kills, and once the other ends
 * its frames are free. */
static void
test_spaces_share_pool(void)
{
    struct vm_space *a = vmt_space(), *b = vmt_space();
    add_file_pages(a, FRAMES);
    add_file_pages(b, FRAMES);
    for (unsigned i = 0; i < FRAMES; i++)
        CHECK_ACCESS(a, page_va(i), VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    struct vm_stats before = vm_stats();
    check_file_page(b, 0); /* takes a frame of a's */
    CHECK_EVICT(before, 1, 0, 0, 1, 0);
    CHECK_EQ_INT(vm_space_resident(a), FRAMES - 1);
    CHECK_EQ_INT(vm_space_resident(b), 1);
    vmt_destroy(b);
    for (unsigned i = 0; i < FRAMES; i++) /* a's again, now all dirty */
        vmt_write_pattern(a, page_va(i), SEED);

    b = vmt_space();
    add_file_pages(b, FRAMES);
    before = vm_stats();
    CHECK_ACCESS(b, page_va(0), VM_READ, VMT_STACK_TOP, FAKE_CPU_KILLED);
    CHECK_EVICT(before, 0, 0, 0, 0, 0);
    for (unsigned i = 0; i < FRAMES; i++)
        vmt_check_pattern(a, page_va(i), SEED);
    vmt_destroy(a);
    for (unsigned i = 0; i < FRAMES; i++)
        check_file_page(b, i);
    vmt_destroy(b);
    vmt_check_no_leak();
}

/* A machine with no user frame at all: every load fails cleanly (the clock
 * has nothing to look at), and nothing is counted but the kills. */
static void
test_no_frames_at_all(void)
{
    fake_palloc_set_user_frames(0);
    struct vm_space *s = vmt_space();
    add_file_pages(s, 1);
    struct vm_stats before = vm_stats();
    CHECK_ACCESS(s, page_va(0), VM_READ, VMT_STACK_TOP, FAKE_CPU_KILLED);
    CHECK_ACCESS(s, VMT_STACK_TOP - 8, VM_WRITE, VMT_STACK_TOP - 8, FAKE_CPU_KILLED);
    CHECK(vm_claim(s, page_va(0)) == NULL);
    CHECK_STATS(before, 0, 0, 0, 2, 0);
    CHECK_EVICT(before, 0, 0, 0, 0, 0);
    vmt_destroy(s);
    vmt_check_no_leak();
    fake_palloc_set_user_frames(FRAMES);
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

/* The same when the fault had to evict first: the victim is gone (dropped)
 * and its frame back in the pool, the page still lazy and loadable. */
static void
test_pmap_enter_fails_after_eviction(void)
{
    struct vm_space *s = vmt_space();
    add_file_pages(s, FRAMES + 1);
    for (unsigned i = 0; i < FRAMES; i++)
        CHECK_ACCESS(s, page_va(i), VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    struct vm_stats before = vm_stats();
    fake_pmap_fail_enter(0, 1);
    CHECK_ACCESS(s, page_va(FRAMES), VM_READ, VMT_STACK_TOP, FAKE_CPU_KILLED);
    CHECK_STATS(before, 0, 0, 0, 1, -1);
    CHECK_EVICT(before, 1, 0, 0, 1, 0);
    CHECK_EQ_INT(palloc_free_pages(POOL_USER), 1);
    CHECK_PICTURE(s, VMT_CODE, FRAMES + 1, "uaaau");
    check_file_page(s, FRAMES);
    check_file_page(s, 0);
    CHECK_EVICT(before, 2, 0, 0, 2, 0);
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
    test_clean_pages_dropped();
    test_claim_evicts_clean();
    test_all_dirty_kills();
    test_only_clean_page_goes();
    test_stack_out_of_frames();
    test_spaces_share_pool();
    test_no_frames_at_all();
    test_pmap_enter_fails_on_fault();
    test_pmap_enter_fails_after_eviction();
    test_pmap_enter_fails_elsewhere();
    return vmt_teardown("test_vm_oom");
}
