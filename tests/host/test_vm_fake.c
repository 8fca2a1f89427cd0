/* Host tests of the fakes the VM tests stand on, so a VM test failure means
 * a VM bug: the fake user pool (counts, poisoning, fake physical addresses),
 * the fake pmap (the vm/pmap.h contract: protection, accessed and dirty bits,
 * remove and protect, page-table pages, failure injection, the one-shot
 * hooks), the fake swap disk, the fake MMU (which accesses fault, and how),
 * and the mistakes they catch (double free, use of a freed frame, overrun of
 * a frame, mapping a free frame, touching through a stale mapping, reading a
 * swap slot never written, a partial slot), each in a child process that
 * must die. */
#include "tests/host/support/vm_check.h"

#define VA   0x400000UL
#define BITS (PMAP_ACCESSED | PMAP_DIRTY)

/* The pool counts pages, fills fresh ones, and maps them to fake physical
 * addresses and back. */
static void
test_palloc(void)
{
    fake_palloc_set_user_frames(3);
    CHECK_EQ_INT(palloc_total_pages(POOL_USER), 3);
    uint8_t *a = palloc_get_page(PAL_USER), *b = palloc_get_page(PAL_USER | PAL_ZERO);
    uint8_t *c = palloc_get_page(PAL_USER);
    CHECK(a && b && c && palloc_get_page(PAL_USER) == NULL);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 3);
    CHECK_EQ_INT(palloc_free_pages(POOL_USER), 0);
    CHECK(a[0] == 0x5a && a[4095] == 0x5a && b[0] == 0 && b[4095] == 0);
    CHECK_EQ_U64(fake_palloc_pa(a), FAKE_USER_PA_BASE);
    CHECK_EQ_U64(fake_palloc_pa(c), FAKE_USER_PA_BASE + 2 * FAKE_PAGE_SIZE);
    CHECK(fake_palloc_kva(FAKE_USER_PA_BASE + FAKE_PAGE_SIZE) == b);
    CHECK(pmap_frame_kva(pmap_frame_pa(c)) == c);
    CHECK(fake_palloc_kva(FAKE_USER_PA_BASE + 3 * FAKE_PAGE_SIZE) == NULL);
    CHECK(fake_palloc_in_use(FAKE_USER_PA_BASE));
    palloc_free_page(a);
    CHECK(!fake_palloc_in_use(FAKE_USER_PA_BASE));
    CHECK(palloc_get_page(PAL_USER) == a); /* the lowest free page first */
    palloc_free_page(a);
    palloc_free_page(b);
    palloc_free_page(c);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 0);
    void *k = palloc_get_page(PAL_ZERO); /* the kernel pool is separate */
    CHECK(k != NULL && palloc_used_pages(POOL_USER) == 0);
    CHECK_EQ_INT(palloc_used_pages(POOL_KERNEL), 1);
    palloc_free_page(k);
    fake_palloc_set_user_frames(8);
}

/* A pmap with one mapping of a fresh frame: stores it in *PA. */
static struct pmap *
pmap_with_page(unsigned prot, uint64_t *pa)
{
    struct pmap *p = pmap_create();
    CHECK(p != NULL);
    *pa = pmap_frame_pa(palloc_get_page(PAL_USER));
    CHECK(pmap_enter(p, VA, *pa, prot));
    return p;
}

/* Frees P and the frame at PA. */
static void
pmap_done(struct pmap *p, uint64_t pa)
{
    pmap_destroy(p);
    palloc_free_page(pmap_frame_kva(pa));
}

/* The MMU: which user accesses go through, which fault and how; A/D bits. */
static void
test_touch(void)
{
    uint64_t pa;
    struct pmap *p = pmap_with_page(PMAP_USER, &pa);
    unsigned bits;
    CHECK(pmap_lookup(p, VA + 123, NULL, &bits) && bits == PMAP_USER);
    CHECK(fake_touch(p, VA + 5, VM_READ) == FAKE_TOUCH_OK);
    CHECK(pmap_is_accessed(p, VA) && !pmap_is_dirty(p, VA));
    CHECK(fake_touch(p, VA, VM_WRITE) == FAKE_TOUCH_PROTECTION);
    CHECK(fake_touch(p, VA, VM_EXEC) == FAKE_TOUCH_PROTECTION);
    CHECK(!pmap_is_dirty(p, VA));
    CHECK(fake_touch(p, VA + FAKE_PAGE_SIZE, VM_READ) == FAKE_TOUCH_NOT_PRESENT);
    CHECK(fake_touch(p, VA - 1, VM_READ) == FAKE_TOUCH_NOT_PRESENT);
    CHECK(pmap_protect(p, VA, PMAP_USER | PMAP_WRITE | PMAP_EXEC));
    CHECK(fake_touch(p, VA, VM_WRITE) == FAKE_TOUCH_OK);
    CHECK(fake_touch(p, VA, VM_EXEC) == FAKE_TOUCH_OK);
    CHECK(pmap_is_dirty(p, VA));
    CHECK(pmap_protect(p, VA, PMAP_WRITE)); /* supervisor only */
    CHECK(fake_touch(p, VA, VM_READ) == FAKE_TOUCH_PROTECTION);
    CHECK(fake_touch(p, FAKE_USER_TOP, VM_READ) == FAKE_TOUCH_NOT_PRESENT);
    CHECK(fake_touch(p, 0x0000800000000000UL, VM_READ) == FAKE_TOUCH_GP);
    CHECK(fake_touch(p, FAKE_KERNEL_BASE, VM_READ) == FAKE_TOUCH_PROTECTION);
    pmap_done(p, pa);
}

/* Remove returns the A/D bits, protect keeps them, the clear calls clear. */
static void
test_bits(void)
{
    uint64_t pa, got;
    struct pmap *p = pmap_with_page(PMAP_USER | PMAP_WRITE, &pa);
    CHECK(fake_touch(p, VA, VM_WRITE) == FAKE_TOUCH_OK);
    CHECK(pmap_protect(p, VA, PMAP_USER | PMAP_EXEC));
    unsigned bits;
    CHECK(pmap_lookup(p, VA, &got, &bits));
    CHECK_EQ_U64(got, pa);
    CHECK_EQ_INT(bits, PMAP_USER | PMAP_EXEC | BITS);
    pmap_clear_dirty(p, VA);
    CHECK(pmap_is_accessed(p, VA) && !pmap_is_dirty(p, VA));
    pmap_clear_accessed(p, VA);
    CHECK(!pmap_is_accessed(p, VA));
    CHECK(fake_touch(p, VA, VM_READ) == FAKE_TOUCH_OK);
    CHECK_EQ_INT(pmap_remove(p, VA + 7), PMAP_ACCESSED);
    CHECK_EQ_INT(pmap_remove(p, VA), 0);
    CHECK(!pmap_lookup(p, VA, NULL, NULL) && !pmap_protect(p, VA, PMAP_USER));
    CHECK(fake_pmap_kva(p, VA) == NULL);
    CHECK(pmap_enter(p, VA, pa, PMAP_USER)); /* enter replaces and forgets A/D */
    CHECK(fake_touch(p, VA, VM_READ) == FAKE_TOUCH_OK);
    CHECK(pmap_enter(p, VA, pa, PMAP_USER | PMAP_WRITE));
    CHECK(!pmap_is_accessed(p, VA));
    CHECK((char *)fake_pmap_kva(p, VA + 9) == (char *)pmap_frame_kva(pa) + 9);
    CHECK(fake_pmap_drop(p, VA) && !fake_pmap_drop(p, VA));
    pmap_done(p, pa);
}

/* Page-table pages are counted as four-level tables need them, and kept. */
static void
test_table_pages(void)
{
    uint64_t pa;
    struct pmap *p = pmap_with_page(PMAP_USER, &pa);
    CHECK_EQ_INT(pmap_table_pages(p), 4);               /* PML4, PDPT, PD, PT */
    CHECK(pmap_enter(p, VA + 0x1ff000, pa, PMAP_USER)); /* the same 2 MiB */
    CHECK_EQ_INT(pmap_table_pages(p), 4);
    CHECK(pmap_enter(p, VA + 0x200000, pa, PMAP_USER)); /* another PT */
    CHECK_EQ_INT(pmap_table_pages(p), 5);
    CHECK(pmap_enter(p, 0x40000000UL, pa, PMAP_USER)); /* another PD */
    CHECK_EQ_INT(pmap_table_pages(p), 7);
    CHECK(pmap_enter(p, 0x8000000000UL, pa, PMAP_USER)); /* another PDPT */
    CHECK_EQ_INT(pmap_table_pages(p), 10);
    CHECK_EQ_INT(fake_pmap_mappings(p), 5);
    pmap_remove(p, 0x8000000000UL);
    CHECK_EQ_INT(pmap_table_pages(p), 10);
    CHECK_EQ_INT(fake_pmap_live(), 1);
    pmap_done(p, pa);
    CHECK_EQ_INT(fake_pmap_last_destroy_mappings(), 4);
    CHECK_EQ_INT(fake_pmap_live(), 0);
}

/* Injected failures: of pmap_enter (after some successes), of pmap_create. */
static void
test_injection(void)
{
    uint64_t pa;
    struct pmap *p = pmap_with_page(PMAP_USER, &pa);
    uint64_t calls = fake_pmap_enter_calls();
    fake_pmap_fail_enter(1, 2);
    CHECK(pmap_enter(p, VA + 0x1000, pa, PMAP_USER));
    CHECK(!pmap_enter(p, VA + 0x2000, pa, PMAP_USER));
    CHECK(!pmap_enter(p, VA + 0x3000, pa, PMAP_USER));
    CHECK(pmap_enter(p, VA + 0x4000, pa, PMAP_USER));
    CHECK_EQ_INT(fake_pmap_enter_calls() - calls, 4);
    CHECK(!pmap_lookup(p, VA + 0x2000, NULL, NULL)); /* a failure changes nothing */
    CHECK_EQ_INT(fake_pmap_mappings(p), 3);
    fake_pmap_fail_next_create();
    CHECK(pmap_create() == NULL);
    struct pmap *q = pmap_create();
    CHECK(q != NULL);
    pmap_activate(q);
    CHECK(pmap_active() == q);
    pmap_activate(NULL);
    CHECK(pmap_active() == pmap_kernel());
    pmap_destroy(q);
    pmap_done(p, pa);
}

/* A hook of the fake pmap: records where it ran and whether VA was mapped
 * then. */
static unsigned hook_runs;
static uint64_t hook_va;
static bool hook_saw_mapping;

static void
record_hook(struct pmap *pmap, uint64_t va, void *aux)
{
    CHECK(aux == &hook_runs);
    hook_runs++;
    hook_va = va;
    hook_saw_mapping = pmap_lookup(pmap, VA, NULL, NULL);
}

/* The one-shot hooks run once, at the start of the next pmap_remove or
 * pmap_enter, before the change, and can be cancelled. */
static void
test_hooks(void)
{
    uint64_t pa;
    struct pmap *p = pmap_with_page(PMAP_USER, &pa);
    fake_pmap_before_remove(record_hook, &hook_runs);
    pmap_remove(p, VA);
    CHECK(hook_runs == 1 && hook_va == VA && hook_saw_mapping);
    pmap_remove(p, VA);
    CHECK_EQ_INT(hook_runs, 1);
    fake_pmap_before_enter(record_hook, &hook_runs);
    CHECK(pmap_enter(p, VA, pa, PMAP_USER));
    CHECK(hook_runs == 2 && !hook_saw_mapping);
    CHECK(pmap_enter(p, VA, pa, PMAP_USER));
    CHECK_EQ_INT(hook_runs, 2);
    fake_pmap_before_enter(record_hook, &hook_runs);
    fake_pmap_before_remove(record_hook, &hook_runs);
    fake_pmap_before_enter(NULL, NULL);
    fake_pmap_before_remove(NULL, NULL);
    pmap_done(p, pa);
    CHECK_EQ_INT(hook_runs, 2);
}

/* The swap disk: whole slots only, the bytes written come back, failures
 * can be injected, and a fresh slot cannot be read. */
static void
test_swap_disk(void)
{
    struct block_device *d = fake_swap_device();
    CHECK(d != NULL && block_by_role(BLOCK_SWAP) == d);
    CHECK_EQ_INT(swap_total(), 4);
    uint32_t slot = swap_alloc();
    CHECK(slot != SWAP_SLOT_NONE && !fake_swap_slot_written(slot));
    CHECK_EQ_INT(fake_swap_slot(slot)[100], FAKE_SWAP_FRESH);
    static uint8_t page[4096], back[4096];
    pattern_fill(page, sizeof page, 3, 0);
    uint64_t writes = fake_swap_writes(), reads = fake_swap_reads();
    CHECK(swap_write(slot, page));
    CHECK(fake_swap_slot_written(slot));
    CHECK(memcmp(fake_swap_slot(slot), page, sizeof page) == 0);
    CHECK(swap_read(slot, back) && memcmp(back, page, sizeof page) == 0);
    fake_swap_fail_writes(1, 1);
    CHECK(swap_write(slot, page));
    CHECK(!swap_write(slot, page));
    CHECK(swap_write(slot, page));
    fake_swap_fail_reads(0, 1);
    CHECK(!swap_read(slot, back));
    CHECK(swap_read(slot, back));
    CHECK_EQ_INT(fake_swap_writes() - writes, 3);
    CHECK_EQ_INT(fake_swap_reads() - reads, 2);
    swap_ref(slot);
    swap_free(slot);
    CHECK_EQ_INT(swap_used(), 1);
    swap_free(slot);
    CHECK_EQ_INT(swap_used(), 0);
}

/* Reads a slot that was never written. */
static void
catch_unwritten_slot(void)
{
    static uint8_t buf[4096];
    swap_read(3, buf);
}

/* Writes half a slot. */
static void
catch_partial_slot(void)
{
    static uint8_t buf[4096];
    block_write(fake_swap_device(), 8, buf, 4);
}

/* The CPU loop counts the faults it takes. */
static void
test_cpu(void)
{
    struct vm_space *s = vmt_space();
    CHECK(vm_add_page(s, VA, NULL, true, false));
    unsigned faults = 0;
    CHECK(fake_cpu_access(s, VA, VM_WRITE, VMT_STACK_TOP, &faults) == FAKE_CPU_OK);
    CHECK(fake_cpu_access(s, VA, VM_READ, VMT_STACK_TOP, &faults) == FAKE_CPU_OK);
    CHECK_EQ_INT(faults, 1);
    CHECK(fake_cpu_access(s, 0x0000900000000000UL, VM_READ, 0, &faults) ==
          FAKE_CPU_KILLED);
    CHECK_EQ_INT(faults, 2);
    char buf[6000];
    memset(buf, 'x', sizeof buf); /* across the end of the page: killed there */
    CHECK(fake_cpu_write(s, VA + 100, buf, sizeof buf, VMT_STACK_TOP) == FAKE_CPU_KILLED);
    CHECK(((char *)fake_pmap_kva(s->pmap, VA))[4095] == 'x');
    CHECK_STR(fake_cpu_result_name(FAKE_CPU_REFAULT), "refault");
    vmt_destroy(s);
}

/* Frees a frame twice. */
static void
catch_double_free(void)
{
    void *k = palloc_get_page(PAL_USER);
    palloc_free_page(k);
    palloc_free_page(k);
}

/* Frees a page that no pool gave out. */
static void
catch_foreign_free(void)
{
    static char page[4096] __attribute__((aligned(4096)));
    palloc_free_page(page);
}

/* Writes to a frame after freeing it (as a VM that forgot it freed it). */
static void
catch_use_after_free(void)
{
    volatile char *k = palloc_get_page(PAL_USER);
    palloc_free_page((void *)k);
    k[10] = 1;
}

/* Writes one byte past the end of a frame (as an oversized chunk would). */
static void
catch_overrun(void)
{
    volatile char *k = palloc_get_page(PAL_USER);
    k[4096] = 1;
}

/* Maps a frame that is not allocated. */
static void
catch_map_free_frame(void)
{
    struct pmap *p = pmap_create();
    pmap_enter(p, VA, FAKE_USER_PA_BASE + 5 * FAKE_PAGE_SIZE, PMAP_USER);
}

/* Frees a frame that is still mapped, then touches it. */
static void
catch_stale_mapping(void)
{
    uint64_t pa;
    struct pmap *p = pmap_with_page(PMAP_USER, &pa);
    palloc_free_page(pmap_frame_kva(pa));
    fake_touch(p, VA, VM_READ);
}

/* Maps an unaligned address. */
static void
catch_unaligned_enter(void)
{
    uint64_t pa;
    struct pmap *p = pmap_with_page(PMAP_USER, &pa);
    pmap_enter(p, VA + 8, pa, PMAP_USER);
}

/* Destroys the pmap the CPU is using. */
static void
catch_destroy_active(void)
{
    struct pmap *p = pmap_create();
    pmap_activate(p);
    pmap_destroy(p);
}

/* Mistakes the fakes must catch: each runs in a child that must die. */
static void
test_catches(void)
{
    static const struct {
        const char *name;
        void (*run)(void);
    } cases[] = {
        {"double free", catch_double_free},
        {"free of a page no pool owns", catch_foreign_free},
        {"write to a freed frame", catch_use_after_free},
        {"write past the end of a frame", catch_overrun},
        {"mapping a free frame", catch_map_free_frame},
        {"touch through a stale mapping", catch_stale_mapping},
        {"unaligned pmap_enter", catch_unaligned_enter},
        {"destroying the active pmap", catch_destroy_active},
        {"reading a swap slot never written", catch_unwritten_slot},
        {"a swap request of half a slot", catch_partial_slot},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char first[512];
        CHECK_MSG(vmt_child_fails(cases[i].run, first, sizeof first), "%s not caught",
                  cases[i].name);
        vmt_say("caught %s: %s\n", cases[i].name, first);
    }
}

int
main(int argc, char **argv)
{
    vmt_args(argc, argv);
    vmt_setup_swap("test_vm_fake", 8, 4);
    test_palloc();
    test_touch();
    test_bits();
    test_table_pages();
    test_injection();
    test_hooks();
    test_swap_disk();
    test_cpu();
    test_catches();
    return vmt_teardown("test_vm_fake");
}
