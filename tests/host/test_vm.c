/* Host tests for vm/: the supplemental page table (many pages, duplicates,
 * bad addresses), lazy loading from a file on a real ext2 image (contents
 * made of one, two or three chunks and zeros, a short read), what the pmap
 * holds after a load (protection, accessed and dirty bits), vm_claim and
 * vm_remove_page, a picture of a small program's address space, and
 * address spaces that cannot be created.  Faults and the stack are in
 * test_vm_fault.c, fork in test_vm_fork.c, running out of frames and pmap
 * failures in test_vm_oom.c, fixed vm/ bugs in test_vm_regressions.c, and the
 * fakes themselves in test_vm_fake.c (see docs/vm-testing.md).  Run with -v
 * to see the pictures. */
#include "lib/hash.h"
#include "tests/host/support/vm_check.h"

#define MANY_PAGES 1500

/* The address of the Ith page of a scattered set: some dense, some far apart,
 * some near the top of user space. */
static uint64_t
scattered_va(unsigned i)
{
    if (i % 3 == 0)
        return VMT_CODE + (uint64_t)i * VM_PAGE_SIZE;
    if (i % 3 == 1)
        return 0x10000000UL + (uint64_t)i * 0x1234000UL;
    return VMT_USER_TOP - (uint64_t)(i + 1) * VM_PAGE_SIZE;
}

/* Adds, finds and removes many pages; duplicates are refused. */
static void
test_spt_many(void)
{
    struct vm_space *s = vmt_space();
    for (unsigned i = 0; i < MANY_PAGES; i++)
        CHECK_MSG(vm_add_page(s, scattered_va(i), NULL, true, false), "page %u", i);
    CHECK_EQ_INT(vm_space_pages(s), MANY_PAGES);
    for (unsigned i = 0; i < MANY_PAGES; i++) {
        CHECK(vm_has_page(s, scattered_va(i)));
        CHECK(vm_has_page(s, scattered_va(i) + 4095)); /* any byte of the page */
        CHECK(!vm_add_page(s, scattered_va(i), NULL, false, false));
    }
    CHECK(!vm_has_page(s, VMT_CODE - VM_PAGE_SIZE));
    CHECK(!vm_has_page(s, VMT_CODE + VM_PAGE_SIZE)); /* i = 1 lives elsewhere */
    CHECK_EQ_INT(vm_space_pages(s), MANY_PAGES);
    for (unsigned i = 0; i < MANY_PAGES; i += 2)
        CHECK(vm_remove_page(s, scattered_va(i)));
    for (unsigned i = 0; i < MANY_PAGES; i++)
        CHECK_EQ_INT(vm_has_page(s, scattered_va(i)), i % 2);
    CHECK(!vm_remove_page(s, scattered_va(0)));
    CHECK_EQ_INT(vm_space_pages(s), MANY_PAGES / 2);
    CHECK_EQ_INT(fake_pmap_mappings(s->pmap), 0); /* nothing loaded */
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 0);
    vmt_destroy(s);
}

/* Refuses pages that are not user pages: 0, unaligned, kernel addresses. */
static void
test_spt_bad_addresses(void)
{
    static const uint64_t bad[] = {
        0,
        VMT_CODE + 1,
        VMT_CODE + 2048,
        VMT_USER_TOP,
        VMT_USER_TOP + VM_PAGE_SIZE,
        0x0000800000000000UL,
        0xffff800000000000UL,
        0xffffffff80100000UL,
        0xfffffffffffff000UL,
    };
    struct vm_space *s = vmt_space();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_MSG(!vm_add_page(s, bad[i], NULL, true, false), "%#llx accepted",
                  (unsigned long long)bad[i]);
        CHECK(!vm_has_page(s, bad[i]));
    }
    CHECK_EQ_INT(vm_space_pages(s), 0);
    CHECK(vm_add_page(s, VM_PAGE_SIZE, NULL, true, false)); /* the first user page */
    CHECK(vm_add_page(s, VMT_USER_TOP - VM_PAGE_SIZE, NULL, true, false)); /* the last */
    CHECK_EQ_INT(vm_space_pages(s), 2);
    vmt_destroy(s);
}

/* A page is not in memory before its first touch, and is after. */
static void
test_lazy_first_touch(void)
{
    struct vm_space *s = vmt_space();
    struct page_source src = vmt_page_of_exe(s, 3 * VM_PAGE_SIZE);
    CHECK(vm_add_page(s, VMT_CODE, &src, false, true));
    CHECK(vm_frame_identity(s, VMT_CODE) == 0);
    CHECK_EQ_INT(fake_pmap_mappings(s->pmap), 0);
    CHECK_EQ_INT(vm_space_resident(s), 0);
    CHECK(vm_draw_page(s, VMT_CODE) == 'u');
    struct vm_stats before = vm_stats();
    unsigned faults = 0;
    CHECK(fake_cpu_access(s, VMT_CODE + 100, VM_EXEC, VMT_STACK_TOP, &faults) ==
          FAKE_CPU_OK);
    CHECK_EQ_INT(faults, 1);
    CHECK_STATS(before, 1, 0, 0, 0, 1);
    CHECK(vm_frame_identity(s, VMT_CODE) != 0);
    CHECK_EQ_INT(vm_space_resident(s), 1);
    CHECK(vm_draw_page(s, VMT_CODE) == 'a');
    faults = 0; /* a second access does not fault */
    CHECK(fake_cpu_access(s, VMT_CODE + 200, VM_READ, VMT_STACK_TOP, &faults) ==
          FAKE_CPU_OK);
    CHECK_EQ_INT(faults, 0);
    CHECK_STATS(before, 1, 0, 0, 0, 1);
    vmt_check_page(s, VMT_CODE, &src);
    vmt_destroy(s);
}

/* A page's bytes come from its chunks, zeros elsewhere: one partial chunk, a
 * whole page, two and three chunks from different offsets (as when ELF
 * segments share a page), the file's last bytes, and no chunk at all. */
static void
test_lazy_contents(void)
{
    struct vm_space *s = vmt_space();
    struct page_source src[6];
    for (unsigned i = 0; i < 6; i++)
        src[i] = vmt_source(s->exe);
    vmt_chunk(&src[0], 0, 1000, 0);
    src[1] = vmt_page_of_exe(s, 5 * VM_PAGE_SIZE);
    vmt_chunk(&src[2], 0, 1500, 7 * VM_PAGE_SIZE + 10);
    vmt_chunk(&src[2], 2048, 2048, 2 * VM_PAGE_SIZE + 2048);
    vmt_chunk(&src[3], 0, 100, 5000);
    vmt_chunk(&src[3], 2000, 500, 100);
    vmt_chunk(&src[3], 4000, 96, 30000);
    vmt_chunk(&src[4], 100, 123, VMT_EXE_LEN - 123); /* up to the end of the file */
    src[5].n_chunks = 0;                             /* all zeros */
    struct vm_stats before = vm_stats();
    for (unsigned i = 0; i < 6; i++)
        CHECK(vm_add_page(s, VMT_CODE + i * VM_PAGE_SIZE, &src[i], false, false));
    for (unsigned i = 0; i < 6; i++)
        vmt_check_page(s, VMT_CODE + i * VM_PAGE_SIZE, &src[i]);
    CHECK_STATS(before, 5, 1, 0, 0, 6);
    CHECK(vm_add_page(s, VMT_CODE + 6 * VM_PAGE_SIZE, NULL, true, false));
    vmt_check_page(s, VMT_CODE + 6 * VM_PAGE_SIZE, NULL); /* NULL source: zeros */
    CHECK_STATS(before, 5, 2, 0, 0, 7);
    vmt_destroy(s);
    CHECK_STATS(before, 5, 2, 0, 0, 0);
}

/* A chunk that reads past the end of the file makes the fault fail, and the
 * page stays lazy with its frame given back. */
static void
test_lazy_short_read(void)
{
    struct vm_space *s = vmt_space();
    struct page_source src = vmt_source(s->exe);
    vmt_chunk(&src, 0, 1000, 0);
    vmt_chunk(&src, 1000, 200, VMT_EXE_LEN - 100); /* 100 bytes short */
    CHECK(vm_add_page(s, VMT_CODE, &src, true, false));
    struct vm_stats before = vm_stats();
    CHECK_ACCESS(s, VMT_CODE, VM_READ, VMT_STACK_TOP, FAKE_CPU_KILLED);
    CHECK_STATS(before, 0, 0, 0, 1, 0);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 0);
    CHECK_EQ_INT(fake_pmap_mappings(s->pmap), 0);
    CHECK(vm_draw_page(s, VMT_CODE) == 'u');
    CHECK(vm_claim(s, VMT_CODE) == NULL); /* the kernel cannot load it either */
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 0);
    vmt_destroy(s);
}

/* After a load the pmap maps the page for the user with the page's
 * protection; a read sets the accessed bit, a write the dirty bit too. */
static void
test_load_protection_and_bits(void)
{
    static const struct {
        bool writable, executable;
        unsigned prot;
    } kinds[] = {
        {false, false, PMAP_USER},
        {true, false, PMAP_USER | PMAP_WRITE},
        {false, true, PMAP_USER | PMAP_EXEC},
        {true, true, PMAP_USER | PMAP_WRITE | PMAP_EXEC},
    };
    struct vm_space *s = vmt_space();
    for (unsigned i = 0; i < 4; i++) {
        uint64_t va = VMT_CODE + i * VM_PAGE_SIZE;
        CHECK(vm_add_page(s, va, NULL, kinds[i].writable, kinds[i].executable));
        CHECK(vm_claim(s, va) != NULL);
        unsigned bits = 0;
        uint64_t pa = 0;
        CHECK(pmap_lookup(s->pmap, va, &pa, &bits));
        CHECK_EQ_INT(bits, kinds[i].prot); /* not accessed yet */
        CHECK_EQ_U64(pa, vm_frame_identity(s, va));
        CHECK_ACCESS(s, va + 8, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
        CHECK(pmap_is_accessed(s->pmap, va) && !pmap_is_dirty(s->pmap, va));
    }
    CHECK_ACCESS(s, VMT_CODE + VM_PAGE_SIZE, VM_WRITE, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK(pmap_is_dirty(s->pmap, VMT_CODE + VM_PAGE_SIZE));
    CHECK_PICTURE(s, VMT_CODE, 4, "aAaa");
    vmt_destroy(s);
}

/* vm_claim loads a page for the kernel and returns its frame; removing a
 * resident page unmaps it and frees its frame. */
static void
test_claim_and_remove(void)
{
    struct vm_space *s = vmt_space();
    struct page_source src = vmt_page_of_exe(s, VM_PAGE_SIZE);
    CHECK(vm_add_page(s, VMT_CODE, &src, true, false));
    CHECK(vm_claim(s, VMT_CODE + VM_PAGE_SIZE) == NULL); /* no such page */
    uint8_t *kva = vm_claim(s, VMT_CODE);
    CHECK(kva != NULL);
    CHECK(vm_claim(s, VMT_CODE) == kva); /* already in memory: the same frame */
    CHECK(kva == pmap_frame_kva(vm_frame_identity(s, VMT_CODE)));
    CHECK_EQ_INT(kva[10], pattern_byte(VMT_EXE_SEED, VM_PAGE_SIZE + 10));
    kva[10] ^= 0xff; /* the kernel writes; the program sees it */
    uint8_t b;
    CHECK(fake_cpu_read(s, VMT_CODE + 10, &b, 1, VMT_STACK_TOP) == FAKE_CPU_OK);
    CHECK_EQ_INT(b, pattern_byte(VMT_EXE_SEED, VM_PAGE_SIZE + 10) ^ 0xff);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 1);
    CHECK(vm_remove_page(s, VMT_CODE));
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 0);
    CHECK_EQ_INT(fake_pmap_mappings(s->pmap), 0);
    CHECK_EQ_INT(vm_space_resident(s), 0);
    CHECK_ACCESS(s, VMT_CODE, VM_READ, VMT_STACK_TOP, FAKE_CPU_KILLED);
    vmt_destroy(s);
}

/* Lays out a small program: text (2 pages of /exe, executable), data sharing
 * a page with the end of the text, bss, a heap page, and a stack page. */
static void
program_layout(struct vm_space *s)
{
    for (unsigned i = 0; i < 2; i++) {
        struct page_source src = vmt_page_of_exe(s, i * VM_PAGE_SIZE);
        CHECK(vm_add_page(s, VMT_CODE + i * VM_PAGE_SIZE, &src, false, true));
    }
    struct page_source shared = vmt_source(s->exe);
    vmt_chunk(&shared, 0, 1800, 2 * VM_PAGE_SIZE);
    vmt_chunk(&shared, 1800, 2296, 3 * VM_PAGE_SIZE + 1800);
    CHECK(vm_add_page(s, VMT_CODE + 2 * VM_PAGE_SIZE, &shared, true, true));
    for (unsigned i = 3; i < 6; i++) /* bss */
        CHECK(vm_add_page(s, VMT_CODE + i * VM_PAGE_SIZE, NULL, true, false));
    CHECK(vm_add_page(s, VMT_CODE + 8 * VM_PAGE_SIZE, NULL, true, false)); /* heap */
    CHECK(vm_add_page(s, VMT_STACK_TOP - VM_PAGE_SIZE, NULL, true, false));
}

/* Runs the program a little and checks the picture after each step. */
static void
test_picture(void)
{
    struct vm_space *s = vmt_space();
    program_layout(s);
    vmt_say("A small program's address space (one character per page):\n");
    vmt_draw("loaded", s, VMT_CODE, 10);
    CHECK_PICTURE(s, VMT_CODE, 10, "uuuuuu..u.");
    CHECK_ACCESS(s, VMT_CODE + 16, VM_EXEC, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK_ACCESS(s, VMT_CODE + 2 * VM_PAGE_SIZE + 4000, VM_WRITE, VMT_STACK_TOP,
                 FAKE_CPU_OK);
    CHECK_ACCESS(s, VMT_CODE + 4 * VM_PAGE_SIZE, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    vmt_draw("running", s, VMT_CODE, 10);
    CHECK_PICTURE(s, VMT_CODE, 10, "auAuau..u.");
    CHECK_ACCESS(s, VMT_CODE + 6 * VM_PAGE_SIZE, VM_READ, VMT_STACK_TOP,
                 FAKE_CPU_KILLED); /* past the bss: the program dies */
    uint64_t rsp = VMT_STACK_TOP - VM_PAGE_SIZE - 64;
    CHECK_ACCESS(s, rsp - 8, VM_WRITE, rsp, FAKE_CPU_OK); /* a push grows the stack */
    CHECK_ACCESS(s, VMT_STACK_TOP - 8, VM_WRITE, rsp, FAKE_CPU_OK);
    vmt_draw("stack", s, VMT_STACK_TOP - 4 * VM_PAGE_SIZE, 4);
    CHECK_PICTURE(s, VMT_STACK_TOP - 4 * VM_PAGE_SIZE, 4, "..AA");
    CHECK_EQ_INT(vm_space_pages(s), 9);
    CHECK_EQ_INT(vm_space_resident(s), 5);
    vmt_destroy(s);
}

/* vm_space_create returns NULL, leaking nothing, when the pmap or the page
 * table cannot be made. */
static void
test_create_failures(void)
{
    fake_pmap_fail_next_create();
    CHECK(vm_space_create() == NULL);
    page_index_test_fail_alloc = true;
    CHECK(vm_space_create() == NULL);
    page_index_test_fail_alloc = false;
    CHECK_EQ_INT(fake_pmap_live(), 0);
    struct vm_space *s = vm_space_create(); /* and then it works again */
    CHECK(s != NULL);
    vm_space_destroy(s); /* no exe: closing NULL is fine */
}

/* Destroying a space with pages of every kind gives back every frame. */
static void
test_destroy_frees_all(void)
{
    struct vm_space *s = vmt_space();
    program_layout(s);
    for (unsigned i = 0; i < 6; i++)
        CHECK(vm_claim(s, VMT_CODE + i * VM_PAGE_SIZE) != NULL);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 6);
    CHECK(pmap_table_pages(s->pmap) >= 4);
    vmt_destroy(s);
    vmt_check_no_leak();
}

int
main(int argc, char **argv)
{
    vmt_args(argc, argv);
    vmt_setup("test_vm", 16);
    test_spt_many();
    test_spt_bad_addresses();
    test_lazy_first_touch();
    test_lazy_contents();
    test_lazy_short_read();
    test_load_protection_and_bits();
    test_claim_and_remove();
    test_picture();
    test_create_failures();
    test_destroy_frees_all();
    return vmt_teardown("test_vm");
}
