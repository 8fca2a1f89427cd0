/* Self tests of the page tables on the real MMU: mappings, protections, and
 * the accessed/dirty bits the CPU sets. */
#include "arch/x86_64/kfault.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/protect.h"
#include "vm/pmap.h"
#include "arch/x86_64/pte.h"
#include "arch/x86_64/trap.h"
#include "kernel/ktest.h"
#include "kernel/palloc.h"
#include "lib/util.h"

#define TEST_VA 0x10000000UL

/* An address space with one user frame mapped at TEST_VA with PROT, active. */
struct fixture {
    struct pmap *pmap;
    uint8_t *frame; /* kernel address of the frame */
    volatile uint8_t *va;
};

static bool
fixture_setup(struct fixture *fx, unsigned prot)
{
    fx->pmap = pmap_create();
    fx->frame = palloc_get_page(PAL_USER | PAL_ZERO);
    fx->va = (volatile uint8_t *)TEST_VA;
    if (!KTEST_CHECK(fx->pmap != NULL && fx->frame != NULL))
        return false;
    KTEST_CHECK(pmap_enter(fx->pmap, TEST_VA, vtop(fx->frame), prot));
    pmap_activate(fx->pmap);
    return true;
}

static void
fixture_teardown(struct fixture *fx)
{
    pmap_activate(NULL);
    pmap_destroy(fx->pmap);
    palloc_free_page(fx->frame);
}

static void
test_pmap_map_unmap(void)
{
    size_t kpages = palloc_used_pages(POOL_KERNEL);
    struct fixture fx;
    if (!fixture_setup(&fx, PMAP_WRITE))
        return;
    fx.va[100] = 0xab;
    KTEST_CHECK(fx.frame[100] == 0xab, "write through the mapping not seen in the frame");
    fx.frame[200] = 0xcd;
    KTEST_CHECK(fx.va[200] == 0xcd, "frame write not seen through the mapping");
    uint64_t pa;
    unsigned bits;
    KTEST_CHECK(pmap_lookup(fx.pmap, TEST_VA + 123, &pa, &bits));
    KTEST_CHECK(pa == vtop(fx.frame) && (bits & PMAP_WRITE));
    KTEST_CHECK(!pmap_lookup(fx.pmap, TEST_VA + PAGE_SIZE, NULL, NULL));
    unsigned ad = pmap_remove(fx.pmap, TEST_VA);
    KTEST_CHECK(ad == (PMAP_ACCESSED | PMAP_DIRTY), "remove returned %#x", ad);
    KTEST_CHECK(!pmap_lookup(fx.pmap, TEST_VA, NULL, NULL));
    uint8_t v;
    KTEST_CHECK(!kprobe_read(fx.va, &v), "unmapped page still readable (stale TLB?)");
    KTEST_CHECK(pmap_remove(fx.pmap, TEST_VA) == 0);
    fixture_teardown(&fx);
    KTEST_CHECK(palloc_used_pages(POOL_KERNEL) == kpages, "page tables leaked");
    ktest_msg("mapped, accessed both ways, unmapped; access after unmap faults");
}
KTEST("pmap-map-unmap", test_pmap_map_unmap);

static void
test_pmap_accessed_dirty(void)
{
    struct fixture fx;
    if (!fixture_setup(&fx, PMAP_WRITE))
        return;
    struct pmap *p = fx.pmap;
    KTEST_CHECK(!pmap_is_accessed(p, TEST_VA) && !pmap_is_dirty(p, TEST_VA));
    (void)fx.va[1];
    KTEST_CHECK(pmap_is_accessed(p, TEST_VA) && !pmap_is_dirty(p, TEST_VA), "after read");
    pmap_clear_accessed(p, TEST_VA);
    KTEST_CHECK(!pmap_is_accessed(p, TEST_VA));
    fx.va[2] = 1;
    KTEST_CHECK(pmap_is_accessed(p, TEST_VA) && pmap_is_dirty(p, TEST_VA), "after write");
    for (int round = 0; round < 3; round++) {
        pmap_clear_accessed(p, TEST_VA);
        pmap_clear_dirty(p, TEST_VA);
        (void)fx.va[3];
        KTEST_CHECK(pmap_is_accessed(p, TEST_VA), "round %d: read did not set A", round);
        KTEST_CHECK(!pmap_is_dirty(p, TEST_VA), "round %d: read set D", round);
        fx.va[4] = round;
        KTEST_CHECK(pmap_is_dirty(p, TEST_VA), "round %d: write did not set D", round);
    }
    unsigned bits;
    pmap_lookup(p, TEST_VA, NULL, &bits);
    KTEST_CHECK(!(bits & PMAP_EXEC), "NX lost while clearing A/D");
    fixture_teardown(&fx);
    ktest_msg("the CPU sets accessed on read and dirty on write after each clear");
}
KTEST("pmap-accessed-dirty", test_pmap_accessed_dirty);

static void
test_pmap_protect(void)
{
    struct fixture fx;
    if (!fixture_setup(&fx, PMAP_WRITE))
        return;
    KTEST_CHECK(kprobe_write(fx.va, 7));
    KTEST_CHECK(pmap_protect(fx.pmap, TEST_VA, 0));
    KTEST_CHECK(pmap_is_dirty(fx.pmap, TEST_VA), "protect dropped the dirty bit");
    uint8_t v = 0;
    KTEST_CHECK(kprobe_read(fx.va, &v) && v == 7, "read-only page not readable");
    KTEST_CHECK(!kprobe_write(fx.va, 8), "write to a read-only page did not fault");
    KTEST_CHECK(fx.frame[0] == 7, "the faulting write changed memory");
    KTEST_CHECK(pmap_protect(fx.pmap, TEST_VA, PMAP_WRITE));
    KTEST_CHECK(kprobe_write(fx.va, 9) && fx.frame[0] == 9, "write after unprotect");
    KTEST_CHECK(!pmap_protect(fx.pmap, TEST_VA + PAGE_SIZE, 0), "protect of unmapped");
    fixture_teardown(&fx);
    ktest_msg("read-only mapping: reads work, writes fault; write access restored");
}
KTEST("pmap-protect", test_pmap_protect);

/* pmap_copy_entries, as fork uses it: the child maps the parent's frame,
 * both read-only, the dirty bit kept in both; a page the parent does not
 * map stays unmapped in the child; a second copy finds the parent's entry
 * read-only already. */
static void
test_pmap_copy_entries(void)
{
    struct fixture fx;
    if (!fixture_setup(&fx, PMAP_WRITE))
        return;
    struct pmap *child = pmap_create();
    if (!KTEST_CHECK(child != NULL))
        return;
    KTEST_CHECK(kprobe_write(fx.va, 5));
    const uint64_t vas[] = {TEST_VA, TEST_VA + PAGE_SIZE};
    KTEST_CHECK(pmap_copy_entries(child, fx.pmap, vas, 2));
    KTEST_CHECK(pmap_is_dirty(fx.pmap, TEST_VA), "the parent's dirty bit was dropped");
    KTEST_CHECK(!kprobe_write(fx.va, 6), "the parent's entry still takes writes");
    uint64_t pa;
    unsigned bits;
    KTEST_CHECK(pmap_lookup(child, TEST_VA, &pa, &bits) && pa == vtop(fx.frame));
    KTEST_CHECK(!(bits & PMAP_WRITE) && (bits & PMAP_DIRTY), "child bits %#x", bits);
    KTEST_CHECK(!pmap_lookup(child, TEST_VA + PAGE_SIZE, NULL, NULL),
                "a page the parent does not map was copied");
    struct pmap *second = pmap_create();
    if (KTEST_CHECK(second != NULL)) {
        KTEST_CHECK(pmap_copy_entries(second, fx.pmap, vas, 1), "a second copy failed");
        KTEST_CHECK(pmap_lookup(second, TEST_VA, &pa, &bits) && pa == vtop(fx.frame) &&
                    !(bits & PMAP_WRITE));
        pmap_destroy(second);
    }
    pmap_destroy(child);
    fixture_teardown(&fx);
    ktest_msg("fork's entry copy: both read-only, dirty bits kept");
}
KTEST("pmap-copy-entries", test_pmap_copy_entries);

static void
test_pmap_nx(void)
{
    struct fixture fx;
    if (!fixture_setup(&fx, PMAP_WRITE | PMAP_EXEC))
        return;
    fx.frame[0] = 0xc3; /* ret */
    KTEST_CHECK(kprobe_exec((const void *)TEST_VA), "executable page did not run");
    KTEST_CHECK(pmap_protect(fx.pmap, TEST_VA, PMAP_WRITE));
    KTEST_CHECK(!kprobe_exec((const void *)TEST_VA), "no-execute page ran");
    pmap_clear_accessed(fx.pmap, TEST_VA);
    pmap_clear_dirty(fx.pmap, TEST_VA);
    fx.va[1] = 1;
    KTEST_CHECK(!kprobe_exec((const void *)TEST_VA), "NX lost after A/D updates");
    KTEST_CHECK(pmap_protect(fx.pmap, TEST_VA, PMAP_EXEC));
    KTEST_CHECK(kprobe_exec((const void *)TEST_VA), "exec not restored");
    fixture_teardown(&fx);
    ktest_msg("no-execute pages fault on fetch; NX survives every update");
}
KTEST("pmap-nx", test_pmap_nx);

/* Addresses around page-table boundaries (2 MiB, 1 GiB, 512 GiB) and the top
 * of user space. */
static const uint64_t spots[] = {
    0x1000,       0x1ff000,     0x200000,     0x3ffff000,          0x40000000,
    0x7ffffff000, 0x8000000000, 0x8003fff000, 0x47480000 - 0x1000,
};

static void
test_pmap_many(void)
{
    size_t kpages = palloc_used_pages(POOL_KERNEL);
    struct pmap *p = pmap_create();
    uint8_t *frames[ARRAY_SIZE(spots)];
    for (size_t i = 0; i < ARRAY_SIZE(spots); i++) {
        frames[i] = palloc_get_page(PAL_USER | PAL_ZERO);
        KTEST_CHECK(pmap_enter(p, spots[i], vtop(frames[i]), PMAP_WRITE | PMAP_USER));
    }
    pmap_activate(p);
    unsigned long guards = protect_suspend(CR4_SMAP); /* user pages, touched directly */
    for (size_t i = 0; i < ARRAY_SIZE(spots); i++)
        *(volatile uint64_t *)spots[i] = spots[i];
    protect_restore(guards);
    for (size_t i = 0; i < ARRAY_SIZE(spots); i++) {
        KTEST_CHECK(*(uint64_t *)frames[i] == spots[i], "%#llx",
                    (unsigned long long)spots[i]);
        unsigned bits;
        KTEST_CHECK(pmap_lookup(p, spots[i], NULL, &bits) && (bits & PMAP_USER));
    }
    uint8_t v;
    KTEST_CHECK(!kprobe_read((void *)0, &v), "page 0 is mapped");
    pmap_activate(NULL);
    KTEST_CHECK(pmap_table_pages(p) > 5, "only %zu tables", pmap_table_pages(p));
    pmap_destroy(p);
    for (size_t i = 0; i < ARRAY_SIZE(spots); i++)
        palloc_free_page(frames[i]);
    KTEST_CHECK(palloc_used_pages(POOL_KERNEL) == kpages, "page tables leaked");
    ktest_msg("%zu pages across table boundaries up to the top of user space",
              ARRAY_SIZE(spots));
}
KTEST("pmap-many", test_pmap_many);

extern char __text_start[], __rodata_start[];
static uint8_t data_ret[16] = {0xc3};

/* The kernel's own mappings: code not writable, data not executable, page 0
 * and user space not mapped. */
static void
test_kernel_protections(void)
{
    uint8_t v;
    KTEST_CHECK(!kprobe_write(__text_start, 0x90), "kernel code is writable");
    KTEST_CHECK(!kprobe_write(__rodata_start, 0), "kernel rodata is writable");
    KTEST_CHECK(!kprobe_exec(data_ret), "kernel data is executable");
    uint8_t *page = palloc_get_page(0);
    page[0] = 0xc3;
    KTEST_CHECK(!kprobe_exec(page), "the direct map is executable");
    palloc_free_page(page);
    KTEST_CHECK(!kprobe_read((void *)0, &v), "page 0 is mapped");
    KTEST_CHECK(!kprobe_read((void *)0x400000, &v), "user space mapped in the kernel");
    KTEST_CHECK(kprobe_read(__text_start, &v), "kernel code not readable");
    ktest_msg("code read-only, data and direct map no-execute, page 0 unmapped");
}
KTEST("kernel-protections", test_kernel_protections);
