/* Host tests for vm_space_copy (fork): resident pages are copied into other
 * frames with the same bytes and protection, pages not loaded yet stay lazy
 * and load the same bytes in the child (from the child's own exe, or from
 * the same other file), writes in one space never show in the other, a copy
 * with few free frames evicts what it can (here, with no swap, the parent's
 * clean pages), and a copy that runs out of frames even so, or meets a pmap
 * failure, fails cleanly.  (Copies of pages that are in swap:
 * test_vm_evict.c.) */
#include "tests/host/support/vm_check.h"

#define NPAGES 8 /* pages of the parent's program, from VMT_CODE */
#define STACK  (VMT_STACK_TOP - VM_PAGE_SIZE)
#define FRAMES 32

static struct file *data_file; /* /data, for a page of another file */
static struct page_source sources[NPAGES];

/* Builds the parent: lazy and loaded file pages, a page of three chunks, a
 * page of /data, bss pages written or not, and a written stack page:
 *     page  0 1 2 3 4 5 6 7
 *     kind  u a A u A u u a     (u: lazy, a: loaded, A: loaded and written) */
static struct vm_space *
make_parent(void)
{
    struct vm_space *s = vmt_space();
    for (unsigned i = 0; i < 3; i++)
        sources[i] = vmt_page_of_exe(s, i * VM_PAGE_SIZE);
    sources[3] = vmt_source(s->exe);
    vmt_chunk(&sources[3], 0, 300, 9 * VM_PAGE_SIZE + 1);
    vmt_chunk(&sources[3], 300, 3000, 77);
    vmt_chunk(&sources[3], 3500, 596, VMT_EXE_LEN - 596);
    sources[4] = sources[5] = vmt_source(NULL);
    sources[6] = vmt_source(data_file);
    vmt_chunk(&sources[6], 16, 4000, VM_PAGE_SIZE);
    sources[7] = vmt_page_of_exe(s, 4 * VM_PAGE_SIZE);
    for (unsigned i = 0; i < NPAGES; i++)
        CHECK(vm_add_page(s, VMT_CODE + i * VM_PAGE_SIZE, &sources[i], i != 0, i < 2));
    CHECK(vm_add_page(s, STACK, NULL, true, false));
    CHECK_ACCESS(s, VMT_CODE + VM_PAGE_SIZE, VM_EXEC, STACK, FAKE_CPU_OK);
    CHECK(fake_cpu_write(s, VMT_CODE + 2 * VM_PAGE_SIZE + 10, "parent", 6, STACK) ==
          FAKE_CPU_OK);
    CHECK(fake_cpu_write(s, VMT_CODE + 4 * VM_PAGE_SIZE + 4090, "bss!", 4, STACK) ==
          FAKE_CPU_OK);
    CHECK_ACCESS(s, VMT_CODE + 7 * VM_PAGE_SIZE, VM_READ, STACK, FAKE_CPU_OK);
    CHECK(fake_cpu_write(s, STACK + 100, "stack", 5, STACK) == FAKE_CPU_OK);
    return s;
}

/* A new child space whose exe is a new handle on the parent's. */
static struct vm_space *
make_child(struct vm_space *parent)
{
    struct vm_space *c = vm_space_create();
    CHECK(c != NULL);
    c->exe = file_reopen(parent->exe);
    CHECK(c->exe != NULL);
    return c;
}

/* Checks that page VA holds the same bytes in A and B (reading both). */
static void
check_same_bytes(struct vm_space *a, struct vm_space *b, uint64_t va)
{
    uint8_t x[VM_PAGE_SIZE], y[VM_PAGE_SIZE];
    CHECK(fake_cpu_read(a, va, x, sizeof x, STACK) == FAKE_CPU_OK);
    CHECK(fake_cpu_read(b, va, y, sizeof y, STACK) == FAKE_CPU_OK);
    CHECK_MSG(memcmp(x, y, sizeof x) == 0, "page %#llx differs", (unsigned long long)va);
}

/* Resident pages: other frames, same bytes, same protection. */
static void
check_resident_copies(struct vm_space *p, struct vm_space *c)
{
    for (unsigned i = 0; i < NPAGES; i++) {
        uint64_t va = VMT_CODE + i * VM_PAGE_SIZE;
        uint64_t pf = vm_frame_identity(p, va), cf = vm_frame_identity(c, va);
        CHECK_EQ_INT(pf != 0, cf != 0); /* resident in one iff in the other */
        CHECK(pf == 0 || pf != cf);
        unsigned pbits = 0, cbits = 0;
        if (pf != 0 && pmap_lookup(p->pmap, va, NULL, &pbits) &&
            pmap_lookup(c->pmap, va, NULL, &cbits))
            CHECK_EQ_INT(pbits & ~(PMAP_ACCESSED | PMAP_DIRTY), cbits);
    }
    CHECK(vm_frame_identity(c, STACK) != vm_frame_identity(p, STACK));
}

/* The child has the parent's pages, resident ones copied, lazy ones lazy,
 * all with the same bytes. */
static void
test_copy_contents(void)
{
    struct vm_space *p = make_parent();
    struct vm_space *c = make_child(p);
    struct vm_stats before = vm_stats();
    CHECK(vm_space_copy(c, p));
    CHECK_STATS(before, 0, 0, 0, 0, 5);
    CHECK_EQ_INT(vm_space_pages(c), vm_space_pages(p));
    CHECK_EQ_INT(vm_space_resident(c), vm_space_resident(p));
    vmt_say("fork: parent and child right after the copy\n");
    vmt_draw("parent", p, VMT_CODE, NPAGES);
    vmt_draw("child", c, VMT_CODE, NPAGES);
    CHECK_PICTURE(p, VMT_CODE, NPAGES, "uaAuAuua");
    CHECK_PICTURE(c, VMT_CODE, NPAGES, "uaauauua"); /* fresh mappings: clean */
    check_resident_copies(p, c);
    for (unsigned i = 0; i < NPAGES; i++)
        check_same_bytes(p, c, VMT_CODE + i * VM_PAGE_SIZE);
    check_same_bytes(p, c, STACK);
    CHECK_STATS(before, 6, 2, 0, 0, 13); /* each space loaded pages 0, 3, 5, 6 */
    vmt_check_page_seed(c, VMT_CODE + 6 * VM_PAGE_SIZE, &sources[6], VMT_DATA_SEED);
    vmt_check_page(c, VMT_CODE + 3 * VM_PAGE_SIZE, &sources[3]);
    vmt_destroy(c);
    vmt_destroy(p);
}

/* Writes in the parent do not show in the child, nor the other way round,
 * for pages copied resident and pages loaded after the fork. */
static void
test_copy_independent(void)
{
    struct vm_space *p = make_parent();
    struct vm_space *c = make_child(p);
    CHECK(vm_space_copy(c, p));
    static const uint64_t pages[] = {VMT_CODE + 2 * VM_PAGE_SIZE,
                                     VMT_CODE + 5 * VM_PAGE_SIZE, STACK};
    for (unsigned i = 0; i < 3; i++) {
        uint64_t va = pages[i] + 10;
        char pb[7], cb[7];
        CHECK(fake_cpu_write(p, va, "PARENT", 6, STACK) == FAKE_CPU_OK);
        CHECK(fake_cpu_write(c, va + 3000, "CHILD", 5, STACK) == FAKE_CPU_OK);
        CHECK(fake_cpu_read(c, va, cb, 6, STACK) == FAKE_CPU_OK);
        CHECK(fake_cpu_read(p, va + 3000, pb, 5, STACK) == FAKE_CPU_OK);
        CHECK(memcmp(cb, "PARENT", 6) != 0 && memcmp(pb, "CHILD", 5) != 0);
    }
    char b[7] = "";
    CHECK(fake_cpu_read(c, VMT_CODE + 2 * VM_PAGE_SIZE + 10, b, 6, STACK) == FAKE_CPU_OK);
    CHECK_STR(b, "parent"); /* what the parent wrote before the fork */
    vmt_destroy(p);
    CHECK(fake_cpu_read(c, STACK + 100, b, 5, STACK) == FAKE_CPU_OK);
    b[5] = '\0';
    CHECK_STR(b, "stack");
    vmt_check_page(c, VMT_CODE, &sources[0]); /* lazy, from the child's own exe */
    vmt_destroy(c);
}

/* The bytes page I of make_parent's program holds (STACK for I == NPAGES). */
static void
expected_page(unsigned i, uint8_t page[VM_PAGE_SIZE])
{
    if (i == NPAGES) {
        memset(page, 0, VM_PAGE_SIZE);
        memcpy(page + 100, "stack", 5);
        return;
    }
    vmt_expected(&sources[i], i == 6 ? VMT_DATA_SEED : VMT_EXE_SEED, page);
    if (i == 2)
        memcpy(page + 10, "parent", 6);
    if (i == 4)
        memcpy(page + 4090, "bss!", 4);
}

/* The address of page I of make_parent's program (STACK for I == NPAGES). */
static uint64_t
page_va(unsigned i)
{
    return i == NPAGES ? STACK : VMT_CODE + i * VM_PAGE_SIZE;
}

/* Checks that page I of S holds what make_parent put there; if RESIDENT_ONLY,
 * only when it is in memory and mapped (reading it then takes no fault). */
static void
check_program_page(struct vm_space *s, unsigned i, bool resident_only)
{
    uint64_t va = page_va(i);
    if (resident_only && !pmap_lookup(s->pmap, va, NULL, NULL))
        return;
    uint8_t want[VM_PAGE_SIZE], got[VM_PAGE_SIZE];
    expected_page(i, want);
    unsigned faults = 0;
    CHECK(fake_cpu_access(s, va, VM_READ, STACK, &faults) == FAKE_CPU_OK);
    CHECK(!resident_only || faults == 0);
    CHECK(fake_cpu_read(s, va, got, sizeof got, STACK) == FAKE_CPU_OK);
    CHECK_MSG(memcmp(want, got, sizeof got) == 0, "page %u (%#llx) differs", i,
              (unsigned long long)va);
}

/* With the pool nearly full, the copy evicts what it can (no swap here: the
 * parent's clean pages, which are dropped) and succeeds: the child's copies
 * hold the parent's bytes; once the child is gone the parent reads all its
 * bytes back, the dropped pages reloaded from the file. */
static void
test_copy_evicts(void)
{
    fake_palloc_set_user_frames(8);
    struct vm_space *p = make_parent(); /* 5 frames: 2 clean, 3 dirty; 3 left */
    struct vm_space *c = make_child(p);
    struct vm_stats before = vm_stats();
    CHECK(vm_space_copy(c, p));
    CHECK_EQ_INT(palloc_free_pages(POOL_USER), 0);
    struct vm_stats after = vm_stats();
    vmt_say("fork with 3 free frames: %llu clean pages dropped\n",
            (unsigned long long)(after.clean_drops - before.clean_drops));
    vmt_draw("parent", p, VMT_CODE, NPAGES);
    vmt_draw("child", c, VMT_CODE, NPAGES);
    CHECK(after.evictions - before.evictions >= 1);
    CHECK_EVICT(before, after.evictions - before.evictions, 0, 0,
                after.evictions - before.evictions, 0);
    CHECK_STATS(before, 0, 0, 0, 0, 3);
    CHECK_EQ_INT(vm_space_pages(c), vm_space_pages(p));
    CHECK(vm_frame_identity(c, STACK) != 0); /* dirty pages are all copied */
    CHECK(vm_frame_identity(c, page_va(2)) != 0 && vm_frame_identity(c, page_va(4)) != 0);
    for (unsigned i = 0; i <= NPAGES; i++)
        check_program_page(c, i, true);
    vmt_destroy(c);
    for (unsigned i = 0; i <= NPAGES; i++)
        check_program_page(p, i, false);
    vmt_destroy(p);
    vmt_check_no_leak();
    fake_palloc_set_user_frames(FRAMES);
}

/* A copy that runs out of frames even after evicting every clean page fails;
 * destroying the half-made child gives everything back and the parent keeps
 * its bytes (the clean pages perhaps dropped, to be reloaded). */
static void
test_copy_out_of_frames(void)
{
    fake_palloc_set_user_frames(5);
    struct vm_space *p = make_parent(); /* every frame: 2 clean, 3 dirty */
    struct vm_space *c = make_child(p);
    struct vm_stats before = vm_stats();
    uint64_t enters = fake_pmap_enter_calls();
    CHECK(!vm_space_copy(c, p));
    vmt_say("failed fork: %llu pmap_enter calls (remaps of pages that could not "
            "be evicted)\n",
            (unsigned long long)(fake_pmap_enter_calls() - enters));
    CHECK_EQ_INT(palloc_free_pages(POOL_USER), 0);
    vmt_destroy(c);
    struct vm_stats after = vm_stats();
    CHECK_EVICT(before, after.clean_drops - before.clean_drops, 0, 0,
                after.clean_drops - before.clean_drops, 0);
    CHECK_STATS(before, 0, 0, 0, 0, -(long long)(after.clean_drops - before.clean_drops));
    for (unsigned i = 0; i <= NPAGES; i++)
        check_program_page(p, i, false);
    vmt_destroy(p);
    vmt_check_no_leak();
    fake_palloc_set_user_frames(FRAMES);
}

/* A copy whose pmap_enter fails (no page-table page) fails cleanly too. */
static void
test_copy_pmap_failure(void)
{
    for (unsigned skip = 0; skip < 5; skip++) {
        struct vm_space *p = make_parent();
        struct vm_space *c = make_child(p);
        fake_pmap_fail_enter(skip, 1);
        CHECK(!vm_space_copy(c, p));
        fake_pmap_fail_enter(0, 0);
        CHECK_EQ_INT(palloc_used_pages(POOL_USER), 5 + skip);
        vmt_destroy(c);
        CHECK_EQ_INT(palloc_used_pages(POOL_USER), 5);
        vmt_destroy(p);
    }
}

int
main(int argc, char **argv)
{
    vmt_args(argc, argv);
    vmt_setup("test_vm_fork", FRAMES);
    data_file = file_open(NULL, "/data");
    CHECK(data_file != NULL);
    test_copy_contents();
    test_copy_independent();
    test_copy_evicts();
    test_copy_out_of_frames();
    test_copy_pmap_failure();
    file_close(data_file);
    return vmt_teardown("test_vm_fork");
}
