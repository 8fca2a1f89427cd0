/* Host tests of the zero page without records (vm/zero.c, vm/fault.c
 * fault_fresh, vm/map.c, vm/fork.c, vm/space.c), against the fake pmap,
 * with copy-on-write on:
 *
 *   - reading many untouched zero pages makes no record: each is only an
 *     entry of the zero frame, read-only, counted in zero_maps, in the
 *     space's zero_mapped and as resident; writing some of them makes their
 *     records (zeroed frames, the written bytes right), the others stay
 *     record-less and read zeros;
 *   - unmapping part of a range clears exactly its zero entries (the rest
 *     stay); mapping the range again (sbrk shrink and regrow, munmap then
 *     mmap) reads zeros through new zero maps, never a stale entry;
 *   - fork copies the zero entries (no record on either side, no zero map
 *     counted); parent and child then write, each seeing its own bytes and
 *     zeros elsewhere; a fork whose page tables run out while copying them
 *     fails cleanly and the half-made child leaks nothing;
 *   - eviction under pressure with many zero pages mapped never touches
 *     them: the written pages go to swap and come back, the zero pages stay
 *     mapped, read zeros, and cost no frame and no swap slot;
 *   - a page dropped clean (a stack page read, then evicted) whose read
 *     maps the zero frame gives up its empty record;
 *   - unmapping many resident pages (by address and by a pass over the
 *     slabs) frees their frames in groups, every one;
 *   - destroying a space with zero entries leaks nothing (they go with its
 *     page tables).
 * Every test ends with the leak check. */
#include "tests/host/support/vm_check.h"

#define FRAMES     16           /* the machine */
#define SWAP_SLOTS 64           /* the swap disk */
#define HEAP       0x10000000UL /* where tests put zero-filled memory */
#define RSP        (VMT_STACK_TOP - 64)

/* The address of page I of the heap. */
static uint64_t
heap_va(unsigned i)
{
    return HEAP + (uint64_t)i * VM_PAGE_SIZE;
}

/* A new space with N pages of writable zero-filled memory at HEAP. */
static struct vm_space *
heap_space(unsigned n)
{
    struct vm_space *s = vmt_space();
    CHECK(vm_map_anon(s, HEAP, heap_va(n), REGION_ANON, true, false));
    return s;
}

/* Reads one byte of page VA of S as a program would; checks it is zero and
 * that the read took FAULTS faults. */
static void
read_zero(struct vm_space *s, uint64_t va, unsigned faults)
{
    unsigned taken = 0;
    CHECK(fake_cpu_access(s, va + 77, VM_READ, RSP, &taken) == FAKE_CPU_OK);
    CHECK_MSG(taken == faults, "reading %#llx took %u faults, not %u",
              (unsigned long long)va, taken, faults);
    uint8_t b = 0xff;
    CHECK(fake_cpu_read(s, va + 77, &b, 1, RSP) == FAKE_CPU_OK);
    CHECK_EQ_INT(b, 0);
}

/* Checks, reading the whole page, that page VA of S holds zeros. */
static void
check_zeros(struct vm_space *s, uint64_t va)
{
    static const uint8_t zeros[VM_PAGE_SIZE];
    uint8_t got[VM_PAGE_SIZE];
    CHECK(fake_cpu_read(s, va, got, sizeof got, RSP) == FAKE_CPU_OK);
    CHECK_MSG(memcmp(got, zeros, sizeof got) == 0, "page %#llx is not all zeros",
              (unsigned long long)va);
}

/* Pages of S with a record. */
static size_t
records(struct vm_space *s)
{
    lock_acquire(&s->lock);
    size_t n = page_table_size(&s->pages);
    lock_release(&s->lock);
    return n;
}

/* Checks that the zero frame is still all zeros. */
static void
check_zero_frame(void)
{
    static const uint8_t zeros[VM_PAGE_SIZE];
    CHECK(zero_frame != NULL && memcmp(zero_frame->kva, zeros, VM_PAGE_SIZE) == 0);
}

/* Reading 48 untouched pages: 48 zero entries, no record, no frame; writing
 * every third one: 16 records with frames of their own; the rest stay. */
static void
test_read_then_write(void)
{
    struct vm_space *s = heap_space(48);
    struct vm_stats before = vm_stats();
    for (unsigned i = 0; i < 48; i++)
        read_zero(s, heap_va(i), 1);
    CHECK_EQ_INT(vm_stats().zero_maps - before.zero_maps, 48);
    CHECK_STATS(before, 0, 0, 0, 0, 0);
    CHECK_EQ_INT(records(s), 0);
    CHECK_EQ_INT(s->zero_mapped, 48);
    CHECK_EQ_INT(vm_space_resident(s), 48);
    CHECK_EQ_INT(fake_pmap_mappings(s->pmap), 48);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 0);
    for (unsigned i = 0; i < 48; i++) {
        CHECK(vmt_on_zero(s, heap_va(i)));
        read_zero(s, heap_va(i), 0); /* mapped: no second fault */
    }
    CHECK_PICTURE(s, HEAP, 8, "zzzzzzzz");

    before = vm_stats();
    for (unsigned i = 0; i < 48; i += 3)
        vmt_write_pattern(s, heap_va(i), 7);
    CHECK_STATS(before, 0, 16, 0, 0, 16); /* zero-filled faults, a frame each */
    CHECK_EQ_INT(vm_stats().zero_maps - before.zero_maps, 0);
    CHECK_EQ_INT(vm_stats().cow_faults - before.cow_faults, 0);
    CHECK_EQ_INT(records(s), 16);
    CHECK_EQ_INT(s->zero_mapped, 32);
    CHECK_EQ_INT(vm_space_resident(s), 48);
    CHECK_PICTURE(s, HEAP, 8, "AzzAzzAz");
    for (unsigned i = 0; i < 48; i++) {
        if (i % 3 == 0) {
            vmt_check_pattern(s, heap_va(i), 7);
        } else {
            CHECK(vmt_on_zero(s, heap_va(i)));
            check_zeros(s, heap_va(i));
        }
    }
    check_zero_frame();
    vmt_draw("read, then every 3rd written", s, HEAP, 48);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* Unmapping the middle of a range of zero pages clears exactly its entries;
 * the range mapped again (sbrk's shrink and regrow) reads zeros through new
 * zero maps; a written page unmapped and mapped again reads zeros too. */
static void
test_unmap_and_regrow(void)
{
    struct vm_space *s = heap_space(32);
    for (unsigned i = 0; i < 32; i++)
        read_zero(s, heap_va(i), 1);
    vmt_write_pattern(s, heap_va(12), 3);
    CHECK_EQ_INT(s->zero_mapped, 31);
    CHECK(vm_unmap(s, heap_va(8), heap_va(24))); /* 15 zero pages, 1 written */
    CHECK_EQ_INT(s->zero_mapped, 16);
    CHECK_EQ_INT(records(s), 0);
    CHECK_EQ_INT(vm_space_resident(s), 16);
    CHECK_EQ_INT(fake_pmap_mappings(s->pmap), 16);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 0);
    for (unsigned i = 8; i < 24; i++)
        CHECK(!pmap_lookup(s->pmap, heap_va(i), NULL, NULL));
    CHECK_PICTURE(s, heap_va(6), 20, "zz................zz");
    CHECK_ACCESS(s, heap_va(10), VM_READ, RSP, FAKE_CPU_KILLED);

    CHECK(vm_map_anon(s, heap_va(8), heap_va(24), REGION_ANON, true, false));
    struct vm_stats before = vm_stats();
    for (unsigned i = 8; i < 24; i++)
        read_zero(s, heap_va(i), 1); /* no stale entry: each faults anew */
    CHECK_EQ_INT(vm_stats().zero_maps - before.zero_maps, 16);
    check_zeros(s, heap_va(12));
    CHECK_EQ_INT(s->zero_mapped, 32);

    /* shrink from the top as sbrk(-N) does, then grow back */
    CHECK(vm_unmap(s, heap_va(16), heap_va(32)));
    CHECK_EQ_INT(s->zero_mapped, 16);
    CHECK(vm_map_anon(s, heap_va(16), heap_va(40), REGION_ANON, true, false));
    CHECK_PICTURE(s, heap_va(14), 4, "zzuu");
    for (unsigned i = 16; i < 40; i++)
        read_zero(s, heap_va(i), 1);
    vmt_write_pattern(s, heap_va(20), 4);
    vmt_check_pattern(s, heap_va(20), 4);
    check_zeros(s, heap_va(21));
    CHECK_EQ_INT(s->zero_mapped, 39);
    CHECK(vm_remove_page(s, heap_va(21)));
    CHECK_EQ_INT(s->zero_mapped, 38);
    CHECK(!pmap_lookup(s->pmap, heap_va(21), NULL, NULL));
    check_zero_frame();
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* munmap over a file mapping does not touch the zero entries next to it, and
 * a zero-filled region mapped where a file mapping was reads zeros. */
static void
test_munmap_mmap(void)
{
    struct vm_space *s = heap_space(4);
    for (unsigned i = 0; i < 4; i++)
        read_zero(s, heap_va(i), 1);
    struct file *f = file_open(NULL, "/data");
    CHECK(f != NULL);
    CHECK_EQ_U64(vm_mmap(s, heap_va(4), 3 * VM_PAGE_SIZE, true, f, 0), heap_va(4));
    uint8_t b = 0;
    CHECK(fake_cpu_read(s, heap_va(5), &b, 1, RSP) == FAKE_CPU_OK);
    CHECK_EQ_INT(s->zero_mapped, 4);
    CHECK(vm_munmap(s, heap_va(4)));
    CHECK_EQ_INT(s->zero_mapped, 4);
    for (unsigned i = 0; i < 4; i++)
        CHECK(vmt_on_zero(s, heap_va(i)));
    CHECK(vm_map_anon(s, heap_va(4), heap_va(7), REGION_ANON, true, false));
    for (unsigned i = 4; i < 7; i++) {
        read_zero(s, heap_va(i), 1);
        check_zeros(s, heap_va(i));
    }
    CHECK_EQ_INT(s->zero_mapped, 7);
    file_close(f);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* A fresh space with S's exe, a fork of S. */
static struct vm_space *
fork_of(struct vm_space *s, bool *ok)
{
    struct vm_space *c = vm_space_create();
    CHECK(c != NULL);
    c->exe = file_reopen(s->exe);
    CHECK(c->exe != NULL);
    *ok = vm_space_copy(c, s);
    return c;
}

/* Fork after reading zero pages: the child maps the same zero entries, no
 * record on either side, nothing counted; each side's writes give it its
 * own frames and the other side still reads zeros there. */
static void
test_fork_zero_pages(void)
{
    struct vm_space *p = heap_space(20);
    for (unsigned i = 0; i < 20; i++)
        read_zero(p, heap_va(i), 1);
    vmt_write_pattern(p, heap_va(19), 5);
    struct vm_stats before = vm_stats();
    bool ok;
    struct vm_space *c = fork_of(p, &ok);
    CHECK(ok);
    CHECK_EQ_INT(vm_stats().zero_maps - before.zero_maps, 0);
    CHECK_STATS(before, 0, 0, 0, 0, 0);
    CHECK_EQ_INT(c->zero_mapped, 19);
    CHECK_EQ_INT(records(c), 1);
    CHECK_EQ_INT(vm_space_resident(c), 20);
    for (unsigned i = 0; i < 19; i++) {
        CHECK(vmt_on_zero(p, heap_va(i)) && vmt_on_zero(c, heap_va(i)));
        read_zero(c, heap_va(i), 0); /* mapped in the child already */
    }
    for (unsigned i = 0; i < 10; i++)
        vmt_write_pattern(p, heap_va(i), 1);
    for (unsigned i = 5; i < 15; i++)
        vmt_write_pattern(c, heap_va(i), 2);
    CHECK(p->zero_mapped == 9 && c->zero_mapped == 9);
    for (unsigned i = 0; i < 19; i++) {
        if (i < 10)
            vmt_check_pattern(p, heap_va(i), 1);
        else
            check_zeros(p, heap_va(i));
        if (i >= 5 && i < 15)
            vmt_check_pattern(c, heap_va(i), 2);
        else
            check_zeros(c, heap_va(i));
    }
    vmt_check_pattern(c, heap_va(19), 5);
    check_zero_frame();
    vmt_draw("parent", p, HEAP, 20);
    vmt_draw("child", c, HEAP, 20);
    vmt_destroy(p);
    for (unsigned i = 0; i < 5; i++)
        CHECK(vmt_on_zero(c, heap_va(i)));
    vmt_destroy(c);
    vmt_check_no_leak();
}

/* A fork that runs out of page tables while copying the zero entries fails;
 * the half-made child, destroyed, leaves no mapping and leaks nothing; the
 * parent is as it was. */
static void
test_fork_fails_in_zero_copy(void)
{
    struct vm_space *p = heap_space(8);
    for (unsigned i = 0; i < 8; i++)
        read_zero(p, heap_va(i), 1);
    fake_pmap_fail_enter(3, 1);
    bool ok;
    struct vm_space *c = fork_of(p, &ok);
    CHECK(!ok);
    CHECK_EQ_INT(c->zero_mapped, 3);
    vmt_destroy(c);
    CHECK_EQ_INT(p->zero_mapped, 8);
    for (unsigned i = 0; i < 8; i++)
        CHECK(vmt_on_zero(p, heap_va(i)));
    vmt_destroy(p);
    vmt_check_no_leak();
}

/* Memory pressure with many zero pages mapped: 3 x FRAMES pages written (so
 * most go to swap and come back) next to 64 zero pages, which stay mapped
 * throughout, take no frame and no slot, and read zeros; every written page
 * keeps its bytes. */
static void
test_eviction_spares_zero_pages(void)
{
    const unsigned zeros = 64, written = 3 * FRAMES;
    struct vm_space *s = heap_space(zeros + written);
    for (unsigned i = 0; i < zeros; i++)
        read_zero(s, heap_va(i), 1);
    struct vm_stats before = vm_stats();
    for (unsigned round = 0; round < 2; round++)
        for (unsigned i = zeros; i < zeros + written; i++)
            vmt_write_pattern(s, heap_va(i), 9 + round);
    CHECK(vm_stats().evictions - before.evictions >= 2 * written - FRAMES);
    CHECK(vm_stats().frames_in_use <= FRAMES);
    CHECK_EQ_INT(s->zero_mapped, zeros);
    CHECK(swap_used() <= written);
    for (unsigned i = 0; i < zeros; i++) {
        CHECK(vmt_on_zero(s, heap_va(i)));
        check_zeros(s, heap_va(i));
    }
    for (unsigned i = zeros; i < zeros + written; i++)
        vmt_check_pattern(s, heap_va(i), 10);
    CHECK_EQ_INT(records(s), written);
    check_zero_frame();
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* A stack page brought in by growth and only read is dropped clean under
 * pressure; its record then holds nothing, and its next read maps the zero
 * frame and gives the record up. */
static void
test_dropped_page_gives_up_record(void)
{
    struct vm_space *s = vmt_space();
    uint64_t top = VMT_STACK_TOP - VM_PAGE_SIZE;
    /* growth (rsp at the page): a frame, not the zero frame */
    CHECK(fake_cpu_access(s, top, VM_READ, top, NULL) == FAKE_CPU_OK);
    CHECK_EQ_INT(records(s), 1);
    CHECK_EQ_INT(s->zero_mapped, 0);
    struct vm_space *hog = heap_space(2 * FRAMES);
    for (unsigned i = 0; i < 2 * FRAMES && vm_frame_identity(s, top) != 0; i++)
        vmt_write_pattern(hog, heap_va(i), 1);
    CHECK_EQ_U64(vm_frame_identity(s, top), 0);
    CHECK_EQ_INT(records(s), 1); /* dropped clean: an empty record */
    struct vm_stats before = vm_stats();
    read_zero(s, top, 1);
    CHECK_EQ_INT(vm_stats().zero_maps - before.zero_maps, 1);
    CHECK(vmt_on_zero(s, top));
    CHECK_EQ_INT(records(s), 0);
    vmt_destroy(hog);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* Unmapping many resident pages lets go of their frames in groups of
 * FRAME_RELEASE_MAX: a range no larger than the records (found by address)
 * and one far larger (one pass over the slabs), each with more than one
 * group; every frame comes back, the pages left keep their bytes. */
static void
test_unmap_in_groups(void)
{
    fake_palloc_set_user_frames(128);
    struct vm_space *s = heap_space(300);
    for (unsigned i = 0; i < 100; i++) /* 0..59 in a row, then every other */
        vmt_write_pattern(s, heap_va(i < 60 ? i : 60 + 2 * (i - 60)), 11);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 100);
    CHECK(vm_unmap(s, heap_va(10), heap_va(50))); /* 40 pages, by address */
    CHECK_EQ_INT(records(s), 60);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 60);
    CHECK(vm_unmap(s, heap_va(55), heap_va(300))); /* 245 pages, 45 records */
    CHECK_EQ_INT(records(s), 15);
    CHECK_EQ_INT(vm_space_resident(s), 15);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 15);
    for (unsigned i = 0; i < 55; i++)
        if (i < 10 || i >= 50)
            vmt_check_pattern(s, heap_va(i), 11);
    vmt_destroy(s);
    vmt_check_no_leak();
    fake_palloc_set_user_frames(FRAMES);
}

int
main(int argc, char **argv)
{
    vmt_args(argc, argv);
    vmt_setup_swap("test_vm_zero", FRAMES, SWAP_SLOTS);
    vm_cow_fork = true; /* the zero page is part of copy-on-write */
    test_read_then_write();
    test_unmap_and_regrow();
    test_munmap_mmap();
    test_fork_zero_pages();
    test_fork_fails_in_zero_copy();
    test_eviction_spares_zero_pages();
    test_dropped_page_gives_up_record();
    test_unmap_in_groups();
    /* the zero frame lives as long as the kernel; no page may be on it now */
    CHECK(zero_frame != NULL);
    palloc_free_page(zero_frame->kva);
    zero_frame = NULL;
    return vmt_teardown("test_vm_zero");
}
