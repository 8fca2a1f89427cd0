/* Host tests of copy-on-write, the zero page, shared code and the swap cache
 * (vm/fork.c, vm/anon.c anon_fork_share and anon_evict, vm/fault.c fault_cow
 * and fault_zero_read, vm/page.c, vm/frame.c, vm/share.c, vm/swap.c
 * swap_ref), against the fake pmap, with copy-on-write turned on:
 *
 *   - fork shares every resident anonymous frame (the same frame behind the
 *     page in both pmaps, both mappings read-only, one sharer per space,
 *     counted in shared_frames); pages not loaded yet stay lazy in both;
 *   - the first writer gets a copy (cow_faults) holding the bytes of the
 *     fork, the other side keeps its bytes; the last sharer to write keeps
 *     the frame (cow_avoided, no frame taken), in either order, and with
 *     three sharers (two forks of one parent, or a grandchild);
 *   - destroying the parent first or the child first frees every frame
 *     exactly once (the pool is full again; ASan and the fake pool catch a
 *     double free or a frame used after it was freed);
 *   - a read of a fresh zero page maps the one zero frame (zero_maps, no
 *     frame from the pool) read-only; its first write gives it a zeroed
 *     frame of its own; fork of a page on the zero frame;
 *   - read-only code: two spaces loading the same chunk of the same file
 *     share one frame (shared_code), other chunks, other files and writable
 *     pages do not; evicting it unmaps it in both and each reloads its
 *     bytes; the index forgets a frame once its last page is gone;
 *   - a dirty shared frame evicted goes to ONE swap slot that both pages
 *     use; each side swaps in a copy of its own; the slot is free only when
 *     its last user has read it back or been destroyed (every order);
 *   - fork of a page in swap gives the child a reference to the same slot;
 *   - a copy-on-write fault with no frame to be had kills, sharing intact;
 *     a fork or a copy-on-write fault whose pmap_enter fails leaves nothing
 *     half done;
 *   - with vm_cow_fork = vm_page_cache = false (-eager-fork) nothing is
 *     shared;
 *   - open bugs (each run in a child process, and must still fail):
 *     vm_claim hands out frames that read-only pages share (a code frame,
 *     the zero frame), and fault_cow counts a frame's sharers without the
 *     frame-table lock (a race, tried for a few seconds on two CPUs).
 *
 * vmt_setup turns sharing off; main turns it on.  The zero frame, once
 * made, holds a kernel-pool page for good, which vmt_teardown's emptying of
 * that pool would take for a leak: release_zero_frame gives it back first. */
#define _GNU_SOURCE /* sched_getaffinity */
#include <pthread.h>
#include <sched.h>
#include <time.h>

#include "tests/host/support/vm_check.h"

#define FRAMES     16           /* the machine */
#define SWAP_SLOTS 16           /* the swap disk */
#define HEAP       0x10000000UL /* where tests put anonymous (zero) pages */
#define HOG        0x20000000UL /* the pages of push_out's memory hog */
#define HOG_PAGES  16           /* as many as /exe has whole pages */
#define NPAGES     8            /* pages of make_parent's program */
#define SEED       0xc0
#define NO_FAULT   0u

static struct file *data_file; /* /data, a second file for the shared-code index */

/* The address of page I of the heap. */
static uint64_t
heap_va(unsigned i)
{
    return HEAP + (uint64_t)i * VM_PAGE_SIZE;
}

/* The address of page I of the program (from VMT_CODE). */
static uint64_t
code_va(unsigned i)
{
    return VMT_CODE + (uint64_t)i * VM_PAGE_SIZE;
}

/* Adds N writable zero pages from HEAP to S. */
static void
add_heap(struct vm_space *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        CHECK(vm_add_page(s, heap_va(i), NULL, true, false));
}

/* A new space whose exe is another handle on P's, made a copy of P by
 * vm_space_copy (sharing or not, as vm_cow_fork says). */
static struct vm_space *
fork_of(struct vm_space *p)
{
    struct vm_space *c = vm_space_create();
    CHECK(c != NULL);
    c->exe = file_reopen(p->exe);
    CHECK(c->exe != NULL);
    CHECK(vm_space_copy(c, p));
    return c;
}

/* The frame behind page VA of S, or NULL (white box: struct page). */
static struct frame *
frame_of(struct vm_space *s, uint64_t va)
{
    return vmt_page(s, va)->frame;
}

/* Checks that VA of S is mapped to physical address PA; returns the
 * mapping's PMAP_* bits. */
static unsigned
mapping_bits(struct vm_space *s, uint64_t va, uint64_t pa)
{
    uint64_t got = 0;
    unsigned bits = 0;
    CHECK_MSG(pmap_lookup(s->pmap, va, &got, &bits), "%#llx is not mapped",
              (unsigned long long)va);
    CHECK_EQ_U64(got, pa);
    return bits;
}

/* True if page VA of S (in memory) was written: its record says so, or
 * its entry's dirty bit, which fork copies rather than folds in. */
static bool
written(struct vm_space *s, uint64_t va)
{
    return vmt_page(s, va)->dirty ||
           (mapping_bits(s, va, frame_of(s, va)->pa) & PMAP_DIRTY) != 0;
}

/* Checks that page VA of S is on the zero frame with no record, mapped
 * read-only (a user write takes a protection fault), and that the kernel
 * names the zero frame as its frame. */
static void
check_on_zero(struct vm_space *s, uint64_t va)
{
    CHECK_MSG(vmt_on_zero(s, va), "page %#llx is not on the zero frame without a record",
              (unsigned long long)va);
    CHECK(!(mapping_bits(s, va, zero_frame->pa) & PMAP_WRITE));
    CHECK(fake_touch(s->pmap, va, VM_WRITE) == FAKE_TOUCH_PROTECTION);
    CHECK_EQ_U64(vm_frame_identity(s, va), zero_frame->pa);
}

/* Checks that page VA is in one frame in each of the N spaces of SPACES:
 * the same frame in the page table of record and in every pmap, mapped
 * read-only (a user write takes a protection fault), each page marked cow
 * if it is writable, held by exactly N pages. */
static void
check_shared(struct vm_space *const *spaces, unsigned n, uint64_t va)
{
    struct frame *f = frame_of(spaces[0], va);
    CHECK_MSG(f != NULL, "page %#llx is not in a frame", (unsigned long long)va);
    for (unsigned i = 0; i < n; i++) {
        CHECK(frame_of(spaces[i], va) == f);
        CHECK_EQ_U64(vm_frame_identity(spaces[i], va), f->pa);
        unsigned bits = mapping_bits(spaces[i], va, f->pa);
        CHECK_MSG(!(bits & PMAP_WRITE), "space %u maps shared page %#llx writable", i,
                  (unsigned long long)va);
        CHECK(fake_touch(spaces[i]->pmap, va, VM_WRITE) == FAKE_TOUCH_PROTECTION);
        CHECK(vmt_page(spaces[i], va)->cow == vmt_page(spaces[i], va)->writable);
    }
    CHECK_EQ_INT(frame_sharers(f), n);
}

/* Checks that page VA of S is in a frame of its own, mapped writable. */
static void
check_own(struct vm_space *s, uint64_t va)
{
    struct frame *f = frame_of(s, va);
    CHECK(f != NULL && !vmt_on_zero(s, va));
    CHECK_EQ_INT(frame_sharers(f), 1);
    CHECK(mapping_bits(s, va, f->pa) & PMAP_WRITE);
    CHECK(!vmt_page(s, va)->cow);
}

/* Writes TEXT at ADDR of S as a program would; checks that the first store
 * took FAULTS faults (0: the page was mapped writable already). */
static void
write_text(struct vm_space *s, uint64_t addr, const char *text, unsigned faults)
{
    unsigned taken = 0;
    CHECK(fake_cpu_access(s, addr, VM_WRITE, VMT_STACK_TOP, &taken) == FAKE_CPU_OK);
    CHECK_MSG(taken == faults, "writing %#llx took %u faults, not %u",
              (unsigned long long)addr, taken, faults);
    CHECK(fake_cpu_write(s, addr, text, strlen(text), VMT_STACK_TOP) == FAKE_CPU_OK);
}

/* Checks, reading as a program would, that page VA of S holds what
 * vmt_write_pattern(S, VA, SEED) wrote (SEED < 0: zeros) with TEXT (NULL:
 * nothing) written over it at offset OFF. */
static void
check_bytes(struct vm_space *s, uint64_t va, int seed, unsigned off, const char *text)
{
    uint8_t want[VM_PAGE_SIZE], got[VM_PAGE_SIZE];
    memset(want, 0, sizeof want);
    if (seed >= 0)
        pattern_fill(want, sizeof want, (uint32_t)seed, va);
    if (text != NULL)
        memcpy(want + off, text, strlen(text));
    CHECK(fake_cpu_read(s, va, got, sizeof got, VMT_STACK_TOP) == FAKE_CPU_OK);
    size_t i = 0;
    while (i < VM_PAGE_SIZE && want[i] == got[i])
        i++;
    CHECK_MSG(i == VM_PAGE_SIZE, "page %#llx differs at byte %zu: %#x, not %#x",
              (unsigned long long)va, i, i < VM_PAGE_SIZE ? got[i] : 0,
              i < VM_PAGE_SIZE ? want[i] : 0);
}

/* Checks that a read of ADDR in S takes FAULTS faults. */
static void
read_faults(struct vm_space *s, uint64_t addr, unsigned faults)
{
    unsigned taken = 0;
    CHECK(fake_cpu_access(s, addr, VM_READ, VMT_STACK_TOP, &taken) == FAKE_CPU_OK);
    CHECK_MSG(taken == faults, "reading %#llx took %u faults, not %u",
              (unsigned long long)addr, taken, faults);
}

/* Checks that the copy-on-write counters moved from BEFORE by exactly these
 * amounts. */
#define CHECK_COW(before, n_cow_faults, n_avoided, n_zero_maps, n_shared_code)           \
    do {                                                                                 \
        struct vm_stats check_now_ = vm_stats();                                         \
        CHECK_EQ_INT(check_now_.cow_faults - (before).cow_faults, (n_cow_faults));       \
        CHECK_EQ_INT(check_now_.cow_avoided - (before).cow_avoided, (n_avoided));        \
        CHECK_EQ_INT(check_now_.zero_maps - (before).zero_maps, (n_zero_maps));          \
        CHECK_EQ_INT(check_now_.shared_code - (before).shared_code, (n_shared_code));    \
    } while (0)

/* Checks that the number of shared frames moved from BEFORE by N. */
#define CHECK_SHARED_FRAMES(before, n)                                                   \
    CHECK_EQ_INT(                                                                        \
        (long long)vm_stats().shared_frames - (long long)(before).shared_frames, (n))

/* Reads, in a space of its own, writable (so never shared) pages of /exe
 * until none of the N pages from VA of S is in a frame (at most 64 rounds
 * over HOG_PAGES pages), then destroys that space: the clock has evicted
 * them, and every frame the hog took is free again. */
static void
push_out(struct vm_space *s, uint64_t va, unsigned n)
{
    struct vm_space *hog = vmt_space();
    for (unsigned i = 0; i < HOG_PAGES; i++) {
        struct page_source src = vmt_page_of_exe(hog, i * VM_PAGE_SIZE);
        CHECK(vm_add_page(hog, HOG + i * VM_PAGE_SIZE, &src, true, false));
    }
    unsigned left = n, touches = 0;
    while (left > 0 && touches < 64 * HOG_PAGES) {
        uint64_t addr = HOG + (touches++ % HOG_PAGES) * VM_PAGE_SIZE;
        CHECK_ACCESS(hog, addr, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
        left = 0;
        for (unsigned i = 0; i < n; i++)
            left += vm_frame_identity(s, va + i * VM_PAGE_SIZE) != 0;
    }
    vmt_say("push_out: %u reads by the hog\n", touches);
    CHECK_MSG(left == 0, "%u pages still in frames after %u reads", left, touches);
    vmt_destroy(hog);
}

/* Builds the parent of the fork tests:
 *     page  0 1 2 3 4 5 6 7
 *     kind  a u A a A z u u     (z: on the zero frame, no record)
 * 0 and 1: read-only pages of /exe (0 executable and read); 2 and 3:
 * writable pages of /exe, 2 written ("parent" at 10), 3 only read; 4 to 6:
 * zero pages, 4 written (pattern SEED), 5 read (the zero frame), 6 not
 * touched; 7: a writable page of /exe never touched. */
static struct vm_space *
make_parent(struct page_source src[NPAGES])
{
    struct vm_space *s = vmt_space();
    for (unsigned i = 0; i < NPAGES; i++)
        src[i] = vmt_source(NULL);
    src[0] = vmt_page_of_exe(s, 0);
    src[1] = vmt_page_of_exe(s, VM_PAGE_SIZE);
    src[2] = vmt_page_of_exe(s, 2 * VM_PAGE_SIZE);
    src[3] = vmt_page_of_exe(s, 3 * VM_PAGE_SIZE);
    src[7] = vmt_page_of_exe(s, 4 * VM_PAGE_SIZE);
    for (unsigned i = 0; i < NPAGES; i++)
        CHECK(vm_add_page(s, code_va(i), &src[i], i >= 2, i == 0));
    CHECK_ACCESS(s, code_va(0), VM_EXEC, VMT_STACK_TOP, FAKE_CPU_OK);
    write_text(s, code_va(2) + 10, "parent", 1);
    CHECK_ACCESS(s, code_va(3), VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    vmt_write_pattern(s, code_va(4), SEED);
    CHECK_ACCESS(s, code_va(5), VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    /* -eager-fork maps no zero frame: a read zero page takes a frame */
    CHECK_PICTURE(s, VMT_CODE, NPAGES, vm_cow_fork ? "auAaAzuu" : "auAaAauu");
    return s;
}

/* Checks that page I of make_parent's program holds, in S, what make_parent
 * put there (SRC: its sources in S). */
static void
check_program_page(struct vm_space *s, const struct page_source src[NPAGES], unsigned i)
{
    if (i == 4) {
        vmt_check_pattern(s, code_va(4), SEED);
        return;
    }
    uint8_t want[VM_PAGE_SIZE], got[VM_PAGE_SIZE];
    vmt_expected(&src[i], VMT_EXE_SEED, want);
    if (i == 2)
        memcpy(want + 10, "parent", 6);
    CHECK(fake_cpu_read(s, code_va(i), got, sizeof got, VMT_STACK_TOP) == FAKE_CPU_OK);
    CHECK_MSG(memcmp(want, got, sizeof got) == 0, "program page %u differs", i);
}

/* Fork with copy-on-write: every resident page (frames of the file pages
 * and of the written zero page) is shared, read-only in both pmaps, and a
 * page on the zero frame is mapped there in the child too, with no record
 * on either side; no frame is taken and no byte copied; written pages stay
 * counted as written on both sides; pages not loaded stay lazy in both, the
 * child's reading from its own handle on the exe.  Reading the lazy pages
 * afterwards: a read-only code page the child loads is found by the parent
 * in the shared-code index; a zero page maps the zero frame. */
static void
test_fork_shares_frames(void)
{
    struct page_source src[NPAGES];
    struct vm_space *p = make_parent(src);
    size_t used = palloc_used_pages(POOL_USER);
    CHECK_EQ_INT(used, 4);
    struct vm_stats before = vm_stats();
    struct vm_space *c = fork_of(p);
    vmt_say("copy-on-write fork of make_parent's program:\n");
    vmt_draw("parent", p, VMT_CODE, NPAGES);
    vmt_draw("child", c, VMT_CODE, NPAGES);
    CHECK_PICTURE(p, VMT_CODE, NPAGES, "auAaAzuu"); /* the dirty bits are kept */
    CHECK_PICTURE(c, VMT_CODE, NPAGES, "auAaAzuu"); /* copies of the parent's */
    CHECK_STATS(before, 0, 0, 0, 0, 0);
    CHECK_EVICT(before, 0, 0, 0, 0, 0);
    CHECK_COW(before, 0, 0, 0, 0);
    CHECK_SHARED_FRAMES(before, 4);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), used);
    CHECK_EQ_INT(p->zero_mapped, 1);
    CHECK_EQ_INT(c->zero_mapped, 1);
    CHECK_EQ_INT(vm_space_pages(c), vm_space_pages(p));
    CHECK_EQ_INT(vm_space_resident(c), 5);
    CHECK_EQ_INT(vm_space_resident(p), 5);
    CHECK_EQ_INT(fake_pmap_mappings(c->pmap), 5);
    struct vm_space *both[] = {p, c};
    static const unsigned resident[] = {0, 2, 3, 4, 5};
    for (unsigned k = 0; k < 4; k++) {
        unsigned i = resident[k];
        check_shared(both, 2, code_va(i));
        CHECK_EQ_INT(written(c, code_va(i)), i == 2 || i == 4);
        CHECK_EQ_INT(written(p, code_va(i)), i == 2 || i == 4);
    }
    check_on_zero(p, code_va(5));
    check_on_zero(c, code_va(5));
    CHECK_EQ_INT(mapping_bits(c, code_va(0), frame_of(p, code_va(0))->pa) & PMAP_EXEC,
                 PMAP_EXEC);
    static const unsigned lazy[] = {1, 6, 7};
    for (unsigned k = 0; k < 3; k++) {
        unsigned i = lazy[k];
        for (unsigned side = 0; side < 2; side++) {
            /* untouched: no record at all, its region says what it holds */
            CHECK(page_find(&both[side]->pages, code_va(i)) == NULL);
            CHECK(!pmap_lookup(both[side]->pmap, code_va(i), NULL, NULL));
        }
        CHECK(region_find(&c->regions, code_va(i))->file == (i == 6 ? NULL : c->exe));
    }
    for (unsigned k = 0; k < 5; k++) { /* the child reads the parent's bytes */
        read_faults(c, code_va(resident[k]), NO_FAULT);
        check_program_page(c, src, resident[k]);
    }
    check_bytes(c, code_va(5), -1, 0, NULL);

    vm_page_cache = true;
    before = vm_stats();
    read_faults(c, code_va(1), 1); /* loaded by the child, cached ... */
    CHECK_STATS(before, 1, 0, 0, 0, 1);
    read_faults(p, code_va(1), 1); /* ... and found by the parent */
    CHECK_STATS(before, 1, 0, 0, 0, 1);
    CHECK_COW(before, 0, 0, 0, 1);
    check_shared(both, 2, code_va(1));
    vm_page_cache = false;
    read_faults(c, code_va(6), 1);
    check_on_zero(c, code_va(6));
    read_faults(c, code_va(7), 1); /* writable: loaded, not shared */
    CHECK_STATS(before, 2, 0, 0, 0, 2);
    CHECK_COW(before, 0, 0, 1, 1);
    CHECK_SHARED_FRAMES(before, 1);
    CHECK_PICTURE(c, VMT_CODE, NPAGES, "aaAaAzza");
    CHECK_PICTURE(p, VMT_CODE, NPAGES, "aaAaAzuu");
    for (unsigned i = 0; i < NPAGES; i++) {
        if (i == 5 || i == 6) {
            check_bytes(c, code_va(i), -1, 0, NULL);
            continue;
        }
        check_program_page(c, src, i);
        if (i != 7)
            check_program_page(p, src, i);
    }
    vmt_destroy(c);
    vmt_destroy(p);
    vmt_check_no_leak();
}

/* One page shared by a parent and its child; the child writes first when
 * CHILD_FIRST, else the parent.  The first writer takes one fault and gets
 * a copy of the frame (cow_faults + 1, one frame more) holding the bytes of
 * the fork; the other side still sees those bytes in the old frame, which
 * it now holds alone, still read-only; its first write finds it is the last
 * sharer and keeps that frame (cow_avoided + 1, no frame taken).  A second
 * page, never written, stays shared throughout. */
static void
test_cow_split(bool child_first)
{
    struct vm_space *p = vmt_space();
    add_heap(p, 2);
    vmt_write_pattern(p, heap_va(0), SEED);
    vmt_write_pattern(p, heap_va(1), SEED + 1);
    struct vm_space *c = fork_of(p);
    struct vm_space *first = child_first ? c : p, *second = child_first ? p : c;
    struct vm_space *both[] = {p, c};
    check_shared(both, 2, heap_va(0));
    struct frame *f = frame_of(p, heap_va(0));

    struct vm_stats before = vm_stats();
    write_text(first, heap_va(0) + 100, "first", 1);
    CHECK_COW(before, 1, 0, 0, 0);
    CHECK_STATS(before, 0, 0, 0, 0, 1);
    CHECK_SHARED_FRAMES(before, -1);
    check_own(first, heap_va(0));
    CHECK(frame_of(first, heap_va(0)) != f);
    CHECK(frame_of(second, heap_va(0)) == f);
    CHECK_EQ_INT(frame_sharers(f), 1);
    CHECK(!(mapping_bits(second, heap_va(0), f->pa) & PMAP_WRITE));
    CHECK(vmt_page(first, heap_va(0))->dirty);
    check_bytes(first, heap_va(0), SEED, 100, "first");
    check_bytes(second, heap_va(0), SEED, 0, NULL);

    before = vm_stats();
    write_text(second, heap_va(0) + 200, "second", 1);
    CHECK_COW(before, 0, 1, 0, 0);
    CHECK_STATS(before, 0, 0, 0, 0, 0);
    CHECK(frame_of(second, heap_va(0)) == f); /* kept: no copy */
    check_own(second, heap_va(0));
    write_text(first, heap_va(0) + 100, "first", NO_FAULT); /* both writable now */
    write_text(second, heap_va(0) + 200, "second", NO_FAULT);
    CHECK_COW(before, 0, 1, 0, 0);
    check_bytes(first, heap_va(0), SEED, 100, "first");
    check_bytes(second, heap_va(0), SEED, 200, "second");
    check_shared(both, 2, heap_va(1));
    vmt_draw(child_first ? "parent" : "parent 1st", p, HEAP, 2);
    vmt_draw(child_first ? "child 1st" : "child", c, HEAP, 2);
    CHECK_PICTURE(p, HEAP, 2, "AA");
    CHECK_PICTURE(c, HEAP, 2, "AA");
    vmt_destroy(first);
    check_bytes(second, heap_va(1), SEED + 1, 0, NULL);
    vmt_destroy(second);
    vmt_check_no_leak();
}

/* Three spaces share a frame: two children of one parent (GRANDCHILD
 * false), or a child and its own child.  The first two writers each get a
 * copy; the third is the last sharer and keeps the frame.  With a
 * grandchild the middle space is also destroyed while the others share. */
static void
test_three_way(bool grandchild)
{
    struct vm_space *p = vmt_space();
    add_heap(p, 1);
    vmt_write_pattern(p, heap_va(0), SEED);
    struct vm_space *c1 = fork_of(p);
    struct vm_space *c2 = fork_of(grandchild ? c1 : p);
    struct vm_space *all[] = {p, c1, c2};
    struct vm_stats before = vm_stats();
    check_shared(all, 3, heap_va(0));
    CHECK_EQ_INT(vm_stats().shared_frames, 1);
    CHECK_EQ_INT(vm_stats().frames_in_use, 1);
    struct frame *f = frame_of(p, heap_va(0));
    if (grandchild) {
        vmt_destroy(c1);
        struct vm_space *two[] = {p, c2};
        check_shared(two, 2, heap_va(0));
        write_text(c2, heap_va(0) + 1, "grandchild", 1);
        write_text(p, heap_va(0) + 2, "parent", 1);
        CHECK_COW(before, 1, 1, 0, 0);
        CHECK(frame_of(p, heap_va(0)) == f);
        CHECK_STATS(before, 0, 0, 0, 0, 1);
        check_bytes(c2, heap_va(0), SEED, 1, "grandchild");
        check_bytes(p, heap_va(0), SEED, 2, "parent");
        vmt_destroy(p);
        vmt_destroy(c2);
        vmt_check_no_leak();
        return;
    }
    write_text(c1, heap_va(0) + 1, "one", 1);
    CHECK_COW(before, 1, 0, 0, 0);
    struct vm_space *two[] = {p, c2};
    check_shared(two, 2, heap_va(0));
    write_text(p, heap_va(0) + 2, "parent", 1);
    CHECK_COW(before, 2, 0, 0, 0);
    CHECK_EQ_INT(frame_sharers(f), 1);
    CHECK(frame_of(c2, heap_va(0)) == f);
    write_text(c2, heap_va(0) + 3, "two", 1);
    CHECK_COW(before, 2, 1, 0, 0);
    CHECK(frame_of(c2, heap_va(0)) == f);
    CHECK_STATS(before, 0, 0, 0, 0, 2);
    CHECK_EQ_INT(vm_stats().shared_frames, 0);
    for (unsigned i = 0; i < 3; i++)
        check_own(all[i], heap_va(0));
    CHECK(frame_of(c1, heap_va(0)) != frame_of(p, heap_va(0)));
    check_bytes(c1, heap_va(0), SEED, 1, "one");
    check_bytes(p, heap_va(0), SEED, 2, "parent");
    check_bytes(c2, heap_va(0), SEED, 3, "two");
    vmt_destroy(c2);
    vmt_destroy(p);
    vmt_destroy(c1);
    vmt_check_no_leak();
}

/* Destroying one side of a fork (the parent when PARENT_FIRST) frees no
 * shared frame and leaves the other side's bytes alone; that side is then
 * the last sharer of every frame (its writes copy nothing); destroying it
 * gives every frame back, each freed exactly once (the fake pool panics on
 * a double free, ASan on a frame used after it was freed). */
static void
test_destroy_order(bool parent_first)
{
    struct vm_space *p = vmt_space();
    add_heap(p, 5);
    for (unsigned i = 0; i < 3; i++)
        vmt_write_pattern(p, heap_va(i), SEED + i);
    read_faults(p, heap_va(3), 1); /* the zero frame; page 4 stays lazy */
    struct vm_space *c = fork_of(p);
    struct vm_space *gone = parent_first ? p : c, *left = parent_first ? c : p;
    size_t used = palloc_used_pages(POOL_USER);
    CHECK_EQ_INT(used, 3);
    CHECK(gone->zero_mapped == 1 && left->zero_mapped == 1);
    struct vm_stats before = vm_stats();
    vmt_destroy(gone);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), used);
    CHECK_STATS(before, 0, 0, 0, 0, 0);
    CHECK_SHARED_FRAMES(before, -3);
    check_on_zero(left, heap_va(3));
    CHECK_PICTURE(left, HEAP, 5, "AAAzu"); /* the child: copies of the entries */
    for (unsigned i = 0; i < 3; i++) {
        read_faults(left, heap_va(i), NO_FAULT);
        check_bytes(left, heap_va(i), SEED + i, 0, NULL);
        CHECK_EQ_INT(frame_sharers(frame_of(left, heap_va(i))), 1);
        write_text(left, heap_va(i) + 8, "alone", 1);
    }
    CHECK_COW(before, 0, 3, 0, 0);
    CHECK_STATS(before, 0, 0, 0, 0, 0);
    write_text(left, heap_va(3), "zero", 1); /* off the zero frame: a frame */
    write_text(left, heap_va(4), "lazy", 1);
    CHECK_STATS(before, 0, 2, 0, 0, 2);
    CHECK_COW(before, 0, 3, 0, 0);
    for (unsigned i = 0; i < 3; i++)
        check_bytes(left, heap_va(i), SEED + i, 8, "alone");
    check_bytes(left, heap_va(3), -1, 0, "zero");
    check_bytes(left, heap_va(4), -1, 0, "lazy");
    vmt_draw(parent_first ? "child left" : "parent left", left, HEAP, 5);
    vmt_destroy(left);
    vmt_check_no_leak();
}

/* The zero page: a read of a fresh zero page maps the one zero frame,
 * read-only, with no record and no frame from the pool (zero_maps + 1, the
 * page counted resident), and reads as zeros; a second zero page maps the
 * same frame.  The first write gives the page a record and a zeroed frame
 * of its own (counted as a zero-fill fault, not as copy-on-write); a first
 * access that is a write takes a frame at once.  The zero frame itself stays
 * all zeros. */
static void
test_zero_page(void)
{
    struct vm_space *s = vmt_space();
    add_heap(s, 3);
    struct vm_stats before = vm_stats();
    read_faults(s, heap_va(0), 1);
    CHECK_COW(before, 0, 0, 1, 0);
    CHECK_STATS(before, 0, 0, 0, 0, 0);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 0);
    check_on_zero(s, heap_va(0));
    check_bytes(s, heap_va(0), -1, 0, NULL);
    read_faults(s, heap_va(0), NO_FAULT);
    read_faults(s, heap_va(1), 1);
    CHECK_COW(before, 0, 0, 2, 0);
    check_on_zero(s, heap_va(1));
    CHECK_EQ_INT(s->zero_mapped, 2);
    CHECK_EQ_INT(page_table_size(&s->pages), 0);
    CHECK_EQ_INT(vm_space_resident(s), 2);
    CHECK_SHARED_FRAMES(before, 0); /* the zero frame is not a frame of the pool */
    CHECK_PICTURE(s, HEAP, 3, "zzu");
    vmt_draw("zero maps", s, HEAP, 3);

    before = vm_stats();
    write_text(s, heap_va(0) + 4000, "hello", 1);
    CHECK_STATS(before, 0, 1, 0, 0, 1);
    CHECK_COW(before, 0, 0, 0, 0);
    check_own(s, heap_va(0));
    check_bytes(s, heap_va(0), -1, 4000, "hello");
    check_on_zero(s, heap_va(1));
    write_text(s, heap_va(2) + 1, "direct", 1); /* never read: loaded at once */
    CHECK_STATS(before, 0, 2, 0, 0, 2);
    CHECK_COW(before, 0, 0, 0, 0);
    check_own(s, heap_va(2));
    check_bytes(s, heap_va(2), -1, 1, "direct");
    check_bytes(s, heap_va(1), -1, 0, NULL);
    static const uint8_t zero_bytes[VM_PAGE_SIZE];
    CHECK(memcmp(zero_frame->kva, zero_bytes, VM_PAGE_SIZE) == 0);
    CHECK_EQ_INT(s->zero_mapped, 1);
    CHECK_EQ_INT(page_table_size(&s->pages), 2);
    CHECK_EQ_INT(vm_space_resident(s), 3);
    CHECK_PICTURE(s, HEAP, 3, "AzA");
    vmt_draw("written", s, HEAP, 3);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* Fork of a page on the zero frame: the child maps the zero frame too, with
 * no record on either side (no frame, no zero map counted); each side's
 * first write gives it a zeroed frame of its own, the second writer
 * included; the zero frame stays all zeros. */
static void
test_fork_zero_page(void)
{
    struct vm_space *p = vmt_space();
    add_heap(p, 2);
    read_faults(p, heap_va(0), 1);
    struct vm_stats before = vm_stats();
    struct vm_space *c = fork_of(p);
    CHECK_COW(before, 0, 0, 0, 0);
    CHECK_STATS(before, 0, 0, 0, 0, 0);
    CHECK_EQ_INT(c->zero_mapped, 1);
    check_on_zero(p, heap_va(0));
    check_on_zero(c, heap_va(0));
    CHECK_PICTURE(c, HEAP, 2, "zu");
    read_faults(c, heap_va(0), NO_FAULT);
    read_faults(c, heap_va(1), 1); /* lazy in the child: a zero map there */
    CHECK_COW(before, 0, 0, 1, 0);
    check_on_zero(c, heap_va(1));
    CHECK_PICTURE(p, HEAP, 2, "zu");

    write_text(c, heap_va(0) + 5, "child", 1);
    CHECK_STATS(before, 0, 1, 0, 0, 1);
    CHECK_COW(before, 0, 0, 1, 0);
    check_own(c, heap_va(0));
    check_on_zero(p, heap_va(0));
    check_bytes(p, heap_va(0), -1, 0, NULL);
    write_text(p, heap_va(0) + 6, "parent", 1);
    CHECK_STATS(before, 0, 2, 0, 0, 2);
    CHECK_COW(before, 0, 0, 1, 0);
    check_own(p, heap_va(0));
    check_bytes(c, heap_va(0), -1, 5, "child");
    check_bytes(p, heap_va(0), -1, 6, "parent");
    static const uint8_t zero_bytes[VM_PAGE_SIZE];
    CHECK(memcmp(zero_frame->kva, zero_bytes, VM_PAGE_SIZE) == 0);
    CHECK(p->zero_mapped == 0 && c->zero_mapped == 1);
    vmt_draw("parent", p, HEAP, 2);
    vmt_draw("child", c, HEAP, 2);
    vmt_destroy(c);
    vmt_destroy(p);
    vmt_check_no_leak();
}

/* Read-only code shared between two processes (each its own handle on
 * /exe): the same chunk of the same file is one frame (shared_code + 1, at
 * any address), while the same bytes of a writable page, a shorter chunk
 * of the same page, and the same chunk of another file are not.  Evicting
 * the shared frame unmaps it in both, and each reads its bytes again (the
 * second to load finding the first's frame).  Once every page holding a
 * published frame is gone, the index no longer offers it. */
static void
test_shared_code(void)
{
    vm_page_cache = true;
    struct vm_space *a = vmt_space(), *b = vmt_space();
    struct page_source sa[2] = {vmt_page_of_exe(a, 5 * VM_PAGE_SIZE),
                                vmt_page_of_exe(a, 6 * VM_PAGE_SIZE)};
    struct page_source sb[5] = {
        vmt_page_of_exe(b, 5 * VM_PAGE_SIZE), vmt_page_of_exe(b, 5 * VM_PAGE_SIZE),
        vmt_source(b->exe), vmt_source(data_file), vmt_page_of_exe(b, 6 * VM_PAGE_SIZE)};
    vmt_chunk(&sb[2], 0, 100, 5 * VM_PAGE_SIZE);
    vmt_chunk(&sb[3], 0, VM_PAGE_SIZE, VM_PAGE_SIZE);
    CHECK(vm_add_page(a, code_va(0), &sa[0], false, true));
    CHECK(vm_add_page(a, code_va(1), &sa[1], false, false));
    struct page_source a_page1 = vmt_page_of_exe(a, VM_PAGE_SIZE);
    CHECK(vm_add_page(a, code_va(2), &a_page1, false, false));
    for (unsigned i = 0; i < 5; i++)
        CHECK(vm_add_page(b, code_va(i), &sb[i], i == 1, i == 0));
    struct vm_stats before = vm_stats();
    for (unsigned i = 0; i < 3; i++)
        read_faults(a, code_va(i), 1);
    CHECK_STATS(before, 3, 0, 0, 0, 3);
    before = vm_stats();
    for (unsigned i = 0; i < 5; i++)
        read_faults(b, code_va(i), 1);
    /* 1, 2 and 3 loaded (1 maps the cached frame of a's 0 until it writes: no
     * new frame); 0 and 4 shared */
    CHECK_STATS(before, 3, 0, 0, 0, 2);
    CHECK_COW(before, 0, 0, 0, 2);
    CHECK_SHARED_FRAMES(before, 2);
    struct vm_space *both[] = {a, b};
    /* a's 0, b's 0 and b's writable 1 (copy-on-write) hold one cached frame */
    CHECK(frame_of(b, code_va(0)) == frame_of(a, code_va(0)));
    CHECK(frame_of(b, code_va(1)) == frame_of(a, code_va(0)));
    CHECK_EQ_INT(frame_sharers(frame_of(a, code_va(0))), 3);
    CHECK_EQ_INT(mapping_bits(b, code_va(0), frame_of(a, code_va(0))->pa) & PMAP_EXEC,
                 PMAP_EXEC);
    CHECK(frame_of(b, code_va(4)) == frame_of(a, code_va(1)));
    CHECK_EQ_INT(frame_sharers(frame_of(b, code_va(4))), 2);
    CHECK(vmt_page(b, code_va(1))->cow); /* writable: a copy at its first write */
    CHECK(frame_of(b, code_va(2)) != frame_of(a, code_va(0))); /* shorter chunk */
    CHECK(frame_of(b, code_va(3)) != frame_of(a, code_va(2))); /* /data, not /exe */
    for (unsigned i = 0; i < 2; i++)
        vmt_check_page(a, code_va(i), &sa[i]);
    for (unsigned i = 0; i < 5; i++)
        vmt_check_page_seed(b, code_va(i), &sb[i], i == 3 ? VMT_DATA_SEED : VMT_EXE_SEED);
    vmt_draw("a", a, VMT_CODE, 3);
    vmt_draw("b", b, VMT_CODE, 5);

    push_out(a, code_va(0), 1);
    CHECK_PICTURE(a, VMT_CODE, 1, "u");
    CHECK_PICTURE(b, VMT_CODE, 1, "u");
    for (unsigned side = 0; side < 2; side++) {
        CHECK(!pmap_lookup(both[side]->pmap, code_va(0), NULL, NULL));
        CHECK(vm_frame_identity(both[side], code_va(0)) == 0);
    }
    vmt_draw("a evicted", a, VMT_CODE, 3);
    vmt_draw("b evicted", b, VMT_CODE, 5);
    before = vm_stats();
    read_faults(b, code_va(0), 1); /* b loads it again, a finds it */
    read_faults(a, code_va(0), 1);
    /* no frame more: the pool is full of the hog's cached pages, one of
     * which gives its frame */
    CHECK_STATS(before, 1, 0, 0, 0, 0);
    CHECK_COW(before, 0, 0, 0, 1);
    check_shared(both, 2, code_va(0));
    vmt_check_page(a, code_va(0), &sa[0]);
    vmt_check_page(b, code_va(0), &sb[0]);

    vmt_destroy(a); /* b holds the frame alone, still in the index */
    CHECK_EQ_INT(frame_sharers(frame_of(b, code_va(0))), 1);
    struct vm_space *c = vmt_space();
    struct page_source sc = vmt_page_of_exe(c, 5 * VM_PAGE_SIZE);
    CHECK(vm_add_page(c, code_va(7), &sc, false, false));
    before = vm_stats();
    read_faults(c, code_va(7), 1);
    CHECK_COW(before, 0, 0, 0, 1);
    CHECK(frame_of(c, code_va(7)) == frame_of(b, code_va(0)));
    vmt_destroy(b);
    vmt_destroy(c); /* the frame stays in the page cache, mapped by nobody */
    struct vm_space *d = vmt_space();
    struct page_source sd = vmt_page_of_exe(d, 5 * VM_PAGE_SIZE);
    CHECK(vm_add_page(d, code_va(0), &sd, false, false));
    before = vm_stats();
    read_faults(d, code_va(0), 1); /* the cached frame: no new frame */
    CHECK_STATS(before, 1, 0, 0, 0, 0);
    CHECK_COW(before, 0, 0, 0, 0);
    vmt_check_page(d, code_va(0), &sd);
    vmt_destroy(d);
    vmt_check_no_leak();
    vm_page_cache = false;
}

/* What happens to one side of a shared swap slot. */
enum slot_step { STEP_READ, STEP_DESTROY };

/* Does STEP to page heap_va(0) of *S, which holds pattern SEED: reads it
 * back (from the disk, or with HIT from the frame a sharer of its slot read
 * it into: the swap cache) or destroys the space.  A page read back keeps
 * its slot while clean. */
static void
slot_step(struct vm_space **s, enum slot_step step, bool hit)
{
    if (step == STEP_DESTROY) {
        vmt_destroy(*s);
        *s = NULL;
        return;
    }
    uint64_t reads = fake_swap_reads(), hits = vm_stats().swap_cache_hits;
    read_faults(*s, heap_va(0), 1);
    CHECK_EQ_INT(fake_swap_reads() - reads, !hit);
    CHECK_EQ_INT(vm_stats().swap_cache_hits - hits, hit);
    check_bytes(*s, heap_va(0), SEED, 0, NULL);
    struct page *pg = vmt_page(*s, heap_va(0));
    CHECK(pg->swap_slot != SWAP_SLOT_NONE && !pg->dirty);
}

/* A dirty frame shared by a parent and its child is evicted to ONE swap
 * slot (one write), which both pages use.  Then FIRST (the parent's page if
 * PARENT_FIRST, else the child's) does STEP1 and the other side STEP2: the
 * first side to read it gets it from the disk, the second finds the first's
 * frame (the swap cache) and both share it until one writes; the slot stays
 * in use after the first step, whatever it was, and after the second only
 * while a side that read it keeps it as its swap cache. */
static void
test_shared_slot(bool parent_first, enum slot_step step1, enum slot_step step2)
{
    struct vm_space *p = vmt_space();
    add_heap(p, 1);
    vmt_write_pattern(p, heap_va(0), SEED);
    struct vm_space *c = fork_of(p);
    CHECK_PICTURE(p, HEAP, 1, "A");
    CHECK_PICTURE(c, HEAP, 1, "A");
    struct vm_stats before = vm_stats();
    uint64_t writes = fake_swap_writes();
    push_out(p, heap_va(0), 1);
    CHECK_EQ_INT(swap_used(), 1);
    CHECK_EQ_INT(fake_swap_writes() - writes, 1);
    CHECK_EQ_INT(vm_stats().swap_outs - before.swap_outs, 1);
    CHECK_EQ_INT(vm_stats().frames_in_use, 0);
    CHECK_SHARED_FRAMES(before, -1);
    CHECK_PICTURE(p, HEAP, 1, "s");
    CHECK_PICTURE(c, HEAP, 1, "s");
    uint32_t slot = vmt_page(p, heap_va(0))->swap_slot;
    CHECK(slot != SWAP_SLOT_NONE);
    CHECK_EQ_INT(vmt_page(c, heap_va(0))->swap_slot, slot);
    CHECK_EQ_INT(pattern_diff(fake_swap_slot(slot), VM_PAGE_SIZE, SEED, heap_va(0)),
                 VM_PAGE_SIZE);
    CHECK(!vmt_page(p, heap_va(0))->cow && !vmt_page(c, heap_va(0))->cow);
    if (parent_first && step1 == STEP_READ && step2 == STEP_READ) {
        vmt_draw("parent", p, HEAP, 1);
        vmt_draw("child", c, HEAP, 1);
    }

    struct vm_space **first = parent_first ? &p : &c, **second = parent_first ? &c : &p;
    before = vm_stats();
    slot_step(first, step1, false);
    CHECK_EQ_INT(swap_used(), 1); /* the other side still uses it */
    CHECK_EQ_INT(vmt_page(*second, heap_va(0))->swap_slot, slot);
    CHECK_EQ_INT(vm_draw_page(*second, heap_va(0)), 's');
    slot_step(second, step2, step1 == STEP_READ); /* finds the first side's frame */
    /* A side that read the page back keeps the slot in its swap cache while
     * its copy is clean; a destroyed side lets go of it. */
    int kept = step1 == STEP_READ || step2 == STEP_READ;
    CHECK_EQ_INT(swap_used(), kept);
    CHECK_EVICT(before, 0, 0, step1 == STEP_READ || step2 == STEP_READ, 0, kept - 1);
    if (p != NULL && c != NULL) { /* one frame, read-only: the first write copies */
        CHECK(frame_of(p, heap_va(0)) == frame_of(c, heap_va(0)));
        write_text(p, heap_va(0) + 9, "parent", 1);
        write_text(c, heap_va(0) + 9, "child", 1);
        CHECK_COW(before, 1, 1, 0, 0);
        CHECK(frame_of(p, heap_va(0)) != frame_of(c, heap_va(0)));
        check_bytes(p, heap_va(0), SEED, 9, "parent");
        check_bytes(c, heap_va(0), SEED, 9, "child");
    }
    if (p != NULL)
        vmt_destroy(p);
    if (c != NULL)
        vmt_destroy(c);
    vmt_check_no_leak();
}

/* Three sharers of a dirty frame: one slot with three users; the first to
 * read it back reads the disk, the other two find its frame; the slot stays
 * as their swap cache until they go. */
static void
test_three_way_slot(void)
{
    struct vm_space *s[3];
    s[0] = vmt_space();
    add_heap(s[0], 1);
    vmt_write_pattern(s[0], heap_va(0), SEED);
    s[1] = fork_of(s[0]);
    s[2] = fork_of(s[1]);
    check_shared(s, 3, heap_va(0));
    struct vm_stats before = vm_stats();
    push_out(s[0], heap_va(0), 1);
    CHECK_EQ_INT(vm_stats().swap_outs - before.swap_outs, 1);
    CHECK_EQ_INT(swap_used(), 1);
    for (unsigned i = 0; i < 3; i++)
        CHECK_EQ_INT(vmt_page(s[i], heap_va(0))->swap_slot,
                     vmt_page(s[0], heap_va(0))->swap_slot);
    for (unsigned i = 0; i < 3; i++) {
        CHECK_EQ_INT(swap_used(), 1);
        slot_step(&s[(i + 1) % 3], STEP_READ, i > 0); /* one disk read in all */
    }
    CHECK_EQ_INT(swap_used(), 1); /* the swap cache of the three pages */
    CHECK(frame_of(s[0], heap_va(0)) == frame_of(s[1], heap_va(0)));
    CHECK(frame_of(s[1], heap_va(0)) == frame_of(s[2], heap_va(0)));
    for (unsigned i = 0; i < 3; i++)
        vmt_destroy(s[i]);
    vmt_check_no_leak();
}

/* Fork of pages that are in swap: the child's pages use the parent's slots
 * (nothing read or written, no slot taken, no frame), and so do those of a
 * grandchild forked from the child; each space reads its own copy back; a
 * slot is free once all three are done with it, by reading it back or by
 * being destroyed. */
static void
test_fork_swapped_page(void)
{
    struct vm_space *p = vmt_space();
    add_heap(p, 2);
    for (unsigned i = 0; i < 2; i++)
        vmt_write_pattern(p, heap_va(i), SEED + i);
    push_out(p, heap_va(0), 2);
    CHECK_EQ_INT(swap_used(), 2);
    uint64_t reads = fake_swap_reads(), writes = fake_swap_writes();
    struct vm_stats before = vm_stats();
    struct vm_space *c = fork_of(p);
    struct vm_space *g = fork_of(c);
    CHECK_EVICT(before, 0, 0, 0, 0, 0);
    CHECK_STATS(before, 0, 0, 0, 0, 0);
    CHECK_EQ_INT(fake_swap_reads(), reads);
    CHECK_EQ_INT(fake_swap_writes(), writes);
    vmt_say("fork of pages in swap:\n");
    vmt_draw("parent", p, HEAP, 2);
    vmt_draw("child", c, HEAP, 2);
    vmt_draw("grandchild", g, HEAP, 2);
    CHECK_PICTURE(p, HEAP, 2, "ss");
    CHECK_PICTURE(c, HEAP, 2, "ss");
    CHECK_PICTURE(g, HEAP, 2, "ss");
    for (unsigned i = 0; i < 2; i++) {
        uint32_t slot = vmt_page(p, heap_va(i))->swap_slot;
        CHECK(slot != SWAP_SLOT_NONE);
        CHECK_EQ_INT(vmt_page(c, heap_va(i))->swap_slot, slot);
        CHECK_EQ_INT(vmt_page(g, heap_va(i))->swap_slot, slot);
    }
    vmt_check_pattern(c, heap_va(0), SEED);
    vmt_check_pattern(p, heap_va(0), SEED);
    CHECK_EQ_INT(swap_used(), 2); /* the grandchild still uses slot 0 */
    CHECK(frame_of(p, heap_va(0)) == frame_of(c, heap_va(0))); /* the swap cache */
    vmt_destroy(p);
    CHECK_EQ_INT(swap_used(), 2); /* slot 1: the child's and grandchild's now */
    vmt_check_pattern(g, heap_va(0), SEED);
    CHECK_EQ_INT(swap_used(), 2); /* read back, clean: slots kept as swap cache */
    vmt_check_pattern(c, heap_va(1), SEED + 1);
    CHECK_EQ_INT(swap_used(), 2);
    CHECK_PICTURE(g, HEAP, 2, "as");
    vmt_destroy(g);
    CHECK_EQ_INT(swap_used(), 2);       /* the child's clean copies keep both */
    CHECK_EVICT(before, 0, 0, 2, 0, 0); /* two disk reads ... */
    CHECK_EQ_INT(vm_stats().swap_cache_hits - before.swap_cache_hits, 2); /* two hits */
    vmt_check_pattern(c, heap_va(0), SEED);
    vmt_destroy(c);
    vmt_check_no_leak();
}

/* A copy-on-write fault that can get no frame (every frame dirty and
 * shared, swap full) kills the writer; both sides still share the page and
 * its bytes.  With swap back, the same write evicts a frame and copies. */
static void
test_cow_no_frame(void)
{
    fake_palloc_set_user_frames(4);
    struct vm_space *p = vmt_space();
    add_heap(p, 4);
    for (unsigned i = 0; i < 4; i++)
        vmt_write_pattern(p, heap_va(i), SEED + i);
    struct vm_space *c = fork_of(p);
    uint32_t taken[SWAP_SLOTS];
    unsigned n = 0;
    while (n < SWAP_SLOTS && (taken[n] = swap_alloc()) != SWAP_SLOT_NONE)
        n++;
    CHECK_EQ_INT(n, SWAP_SLOTS);
    CHECK(swap_alloc() == SWAP_SLOT_NONE);
    struct vm_stats before = vm_stats();
    CHECK_ACCESS(c, heap_va(0), VM_WRITE, VMT_STACK_TOP, FAKE_CPU_KILLED);
    CHECK_STATS(before, 0, 0, 0, 1, 0);
    CHECK_COW(before, 0, 0, 0, 0);
    CHECK_EVICT(before, 0, 0, 0, 0, 0);
    struct vm_space *both[] = {p, c};
    for (unsigned i = 0; i < 4; i++) {
        check_shared(both, 2, heap_va(i));
        vmt_check_pattern(c, heap_va(i), SEED + i);
    }
    for (unsigned i = 0; i < n; i++)
        swap_free(taken[i]);
    before = vm_stats();
    write_text(c, heap_va(0) + 7, "copy", 1);
    CHECK_COW(before, 1, 0, 0, 0);
    CHECK_EQ_INT(vm_stats().swap_outs - before.swap_outs, 1);
    vmt_draw("parent", p, HEAP, 4);
    vmt_draw("child", c, HEAP, 4);
    check_bytes(c, heap_va(0), SEED, 7, "copy");
    for (unsigned i = 0; i < 4; i++)
        vmt_check_pattern(p, heap_va(i), SEED + i);
    for (unsigned i = 1; i < 4; i++)
        vmt_check_pattern(c, heap_va(i), SEED + i);
    vmt_destroy(c);
    vmt_destroy(p);
    vmt_check_no_leak();
    fake_palloc_set_user_frames(FRAMES);
}

/* A copy-on-write fork whose pmap_enter fails (no page-table page) after
 * SKIP pages fails cleanly: it takes no frame; once the half-made child is
 * destroyed, the parent holds every frame alone with its bytes, and exactly
 * the SKIP pages that were shared (mapped read-only) take a fault on their
 * next write, which copies nothing. */
static void
test_fork_pmap_failure(void)
{
    for (unsigned skip = 0; skip < 5; skip++) {
        struct vm_space *p = vmt_space();
        add_heap(p, 5);
        for (unsigned i = 0; i < 5; i++)
            vmt_write_pattern(p, heap_va(i), SEED + i);
        struct vm_space *c = vm_space_create();
        CHECK(c != NULL);
        c->exe = file_reopen(p->exe);
        struct vm_stats before = vm_stats();
        fake_pmap_fail_enter(skip, 1);
        CHECK(!vm_space_copy(c, p));
        fake_pmap_fail_enter(0, 0);
        CHECK_STATS(before, 0, 0, 0, 0, 0);
        vmt_destroy(c);
        CHECK_EQ_INT(palloc_used_pages(POOL_USER), 5);
        CHECK_SHARED_FRAMES(before, 0);
        unsigned read_only = 0;
        for (unsigned i = 0; i < 5; i++) {
            struct frame *f = frame_of(p, heap_va(i));
            CHECK_EQ_INT(frame_sharers(f), 1);
            bool ro = !(mapping_bits(p, heap_va(i), f->pa) & PMAP_WRITE);
            read_only += ro;
            write_text(p, heap_va(i) + 3, "x", ro);
            check_bytes(p, heap_va(i), SEED + i, 3, "x");
            CHECK(frame_of(p, heap_va(i)) == f);
        }
        CHECK_EQ_INT(read_only, skip);
        CHECK_COW(before, 0, skip, 0, 0);
        CHECK_STATS(before, 0, 0, 0, 0, 0);
        vmt_destroy(p);
        vmt_check_no_leak();
    }
}

/* Copy-on-write faults whose pmap_enter fails kill the writer, and leave
 * nothing half done: the bytes on both sides are intact, and the retry
 * succeeds having made one copy in all (a child's write), found itself the
 * last sharer once (the parent's), or mapped the zero frame once. */
static void
test_cow_fault_pmap_failure(void)
{
    struct vm_space *p = vmt_space();
    add_heap(p, 2);
    vmt_write_pattern(p, heap_va(0), SEED);
    struct vm_space *c = fork_of(p);
    struct vm_stats before = vm_stats();
    fake_pmap_fail_enter(0, 1);
    CHECK_ACCESS(c, heap_va(0), VM_WRITE, VMT_STACK_TOP, FAKE_CPU_KILLED);
    check_bytes(p, heap_va(0), SEED, 0, NULL);
    check_bytes(c, heap_va(0), SEED, 0, NULL);
    CHECK(fake_cpu_write(c, heap_va(0) + 1, "child", 5, VMT_STACK_TOP) == FAKE_CPU_OK);
    CHECK_COW(before, 1, 0, 0, 0);
    CHECK_STATS(before, 0, 0, 0, 1, 1);
    fake_pmap_fail_enter(0, 1);
    CHECK_ACCESS(p, heap_va(0), VM_WRITE, VMT_STACK_TOP, FAKE_CPU_KILLED);
    check_bytes(p, heap_va(0), SEED, 0, NULL);
    CHECK(fake_cpu_write(p, heap_va(0) + 2, "parent", 6, VMT_STACK_TOP) == FAKE_CPU_OK);
    CHECK_COW(before, 1, 1, 0, 0);
    CHECK_STATS(before, 0, 0, 0, 2, 1);
    check_bytes(c, heap_va(0), SEED, 1, "child");
    check_bytes(p, heap_va(0), SEED, 2, "parent");
    fake_pmap_fail_enter(0, 1);
    CHECK_ACCESS(p, heap_va(1), VM_READ, VMT_STACK_TOP, FAKE_CPU_KILLED);
    read_faults(p, heap_va(1), 1);
    check_on_zero(p, heap_va(1));
    check_bytes(p, heap_va(1), -1, 0, NULL);
    CHECK_COW(before, 1, 1, 1, 0);
    CHECK_STATS(before, 0, 0, 0, 3, 1);
    vmt_destroy(c);
    vmt_destroy(p);
    vmt_check_no_leak();
}

/* A fork whose copy of one page (a mapped file's page with no page cache:
 * a private frame, copied) must evict while the pages before it in the same
 * slab are shared: their child records are listed in their frames first, so
 * the shared frame evicted is unmapped in both spaces and written once; both
 * then read every byte back, and nothing leaks. */
static void
test_fork_copy_evicts_shared(void)
{
    fake_palloc_set_user_frames(4);
    struct vm_space *p = vmt_space();
    add_heap(p, 3);
    for (unsigned i = 0; i < 3; i++)
        vmt_write_pattern(p, heap_va(i), SEED + i);
    struct file *f = file_reopen(data_file);
    CHECK(f != NULL);
    CHECK_EQ_U64(vm_mmap(p, code_va(0), VM_PAGE_SIZE, false, f, 0), code_va(0));
    uint8_t want[VM_PAGE_SIZE], got[VM_PAGE_SIZE];
    CHECK(file_read_at(f, want, sizeof want, 0) == sizeof want);
    read_faults(p, code_va(0), 1);
    CHECK_EQ_INT(palloc_free_pages(POOL_USER), 0);
    struct vm_stats before = vm_stats();
    struct vm_space *c = fork_of(p);
    vmt_draw("parent", p, HEAP, 3);
    vmt_draw("child", c, HEAP, 3);
    CHECK(frame_of(c, code_va(0)) != frame_of(p, code_va(0)));
    CHECK_EQ_INT(vm_stats().swap_outs - before.swap_outs, 1);
    struct vm_space *both[] = {p, c};
    for (unsigned k = 0; k < 2; k++) {
        for (unsigned i = 0; i < 3; i++)
            vmt_check_pattern(both[k], heap_va(i), SEED + i);
        CHECK(fake_cpu_read(both[k], code_va(0), got, sizeof got, VMT_STACK_TOP) ==
              FAKE_CPU_OK);
        CHECK(memcmp(want, got, sizeof got) == 0);
    }
    vmt_destroy(c);
    vmt_destroy(p);
    file_close(f);
    vmt_check_no_leak();
    fake_palloc_set_user_frames(FRAMES);
}

/* -eager-fork (vm_cow_fork = vm_page_cache = false): fork copies every
 * resident page into a frame of its own, mapped as the page allows; no
 * write takes a copy-on-write fault; a zero page read takes a frame; two
 * spaces loading the same code page each have their own frame. */
static void
test_eager_shares_nothing(void)
{
    vm_cow_fork = vm_page_cache = false;
    struct page_source src[NPAGES];
    struct vm_stats before = vm_stats();
    struct vm_space *p = make_parent(src);
    CHECK_STATS(before, 3, 2, 0, 0, 5); /* page 5 read: a zero-filled frame */
    CHECK_COW(before, 0, 0, 0, 0);
    CHECK(frame_of(p, code_va(5)) != zero_frame);
    before = vm_stats();
    struct vm_space *c = fork_of(p);
    CHECK_STATS(before, 0, 0, 0, 0, 5);
    CHECK_SHARED_FRAMES(before, 0);
    vmt_draw("parent", p, VMT_CODE, NPAGES);
    vmt_draw("eager child", c, VMT_CODE, NPAGES);
    static const unsigned resident[] = {0, 2, 3, 4, 5};
    for (unsigned k = 0; k < 5; k++) {
        uint64_t va = code_va(resident[k]);
        CHECK(frame_of(c, va) != NULL && frame_of(c, va) != frame_of(p, va));
        CHECK_EQ_INT(frame_sharers(frame_of(c, va)), 1);
        CHECK(!vmt_page(c, va)->cow && !vmt_page(p, va)->cow);
        unsigned bits = mapping_bits(c, va, frame_of(c, va)->pa);
        CHECK_EQ_INT((bits & PMAP_WRITE) != 0, resident[k] >= 2);
    }
    for (unsigned k = 0; k < 5; k++)
        if (resident[k] != 5)
            check_program_page(c, src, resident[k]);
    write_text(c, code_va(2) + 10, "CHILD!", NO_FAULT);
    write_text(p, code_va(4), "PARENT", NO_FAULT);
    check_program_page(p, src, 2);
    check_bytes(c, code_va(4), SEED, 0, NULL);
    CHECK_COW(before, 0, 0, 0, 0);

    struct vm_space *other = vmt_space();
    struct page_source code = vmt_page_of_exe(other, 0);
    CHECK(vm_add_page(other, code_va(0), &code, false, true));
    read_faults(other, code_va(0), 1);
    CHECK(frame_of(other, code_va(0)) != frame_of(p, code_va(0)));
    CHECK_COW(before, 0, 0, 0, 0);
    CHECK_SHARED_FRAMES(before, 0);
    vmt_destroy(other);
    vmt_destroy(c);
    vmt_destroy(p);
    vmt_check_no_leak();
    vm_cow_fork = vm_page_cache = true;
}

/* Open bug: vm_claim (vm/fork.c, vm/anon.c, vm/fault.c) refuses a page only if it is
 * marked cow, but read-only pages share frames without that mark: here a code page shared
 * through the shared-code index.  The kernel's write through the claim shows in the other
 * process's code, and the page is marked dirty (an eviction then writes the shared frame
 * to swap for both).  vm.h: NULL if "the page shares its frame". */
static void
bug_claim_of_shared_code_frame(void)
{
    vm_page_cache = true;
    struct vm_space *a = vmt_space(), *b = vmt_space();
    struct page_source sa = vmt_page_of_exe(a, 5 * VM_PAGE_SIZE);
    struct page_source sb = vmt_page_of_exe(b, 5 * VM_PAGE_SIZE);
    CHECK(vm_add_page(a, code_va(0), &sa, false, true));
    CHECK(vm_add_page(b, code_va(0), &sb, false, true));
    read_faults(a, code_va(0), 1);
    read_faults(b, code_va(0), 1);
    CHECK(frame_of(a, code_va(0)) == frame_of(b, code_va(0)));
    uint8_t *kva = vm_claim(a, code_va(0));
    if (kva != NULL) { /* the kernel writes, as it would into a claimed page */
        kva[0] = (uint8_t)~kva[0];
        vm_unclaim(a, code_va(0));
    }
    uint8_t want[VM_PAGE_SIZE], got = 0;
    vmt_expected(&sb, VMT_EXE_SEED, want);
    CHECK(fake_cpu_read(b, code_va(0), &got, 1, VMT_STACK_TOP) == FAKE_CPU_OK);
    CHECK_MSG(kva == NULL,
              "vm_claim gave the kernel a code frame another space shares: that "
              "space now reads %#x at %#llx, not %#x",
              got, (unsigned long long)code_va(0), want[0]);
    CHECK(!vmt_page(a, code_va(0))->dirty);
    vmt_check_page(b, code_va(0), &sb);
    vmt_destroy(a);
    vmt_destroy(b);
    vm_page_cache = false;
}

/* Fixed bug: the same in vm_claim, with the zero frame.  A read-only zero
 * page on the zero frame is forked; the child's page used to hold the zero
 * frame without the cow mark, and vm_claim handed the zero frame itself to
 * the kernel: its write showed in every zero page of every process.  A page
 * on the zero frame now has no record: a claim gives it a frame of its own,
 * which the kernel may write; the zero frame stays all zeros. */
static void
bug_claim_of_zero_frame_after_fork(void)
{
    struct vm_space *p = vmt_space();
    CHECK(vm_add_page(p, heap_va(0), NULL, false, false));
    read_faults(p, heap_va(0), 1);
    check_on_zero(p, heap_va(0));
    struct vm_space *c = fork_of(p);
    check_on_zero(c, heap_va(0));
    uint8_t *kva = vm_claim(c, heap_va(0));
    CHECK(kva != zero_frame->kva);
    if (kva != NULL) {
        memcpy(kva, "claimed", 7);
        vm_unclaim(c, heap_va(0));
        CHECK(c->zero_mapped == 0 && !vmt_on_zero(c, heap_va(0)));
        check_bytes(c, heap_va(0), -1, 0, "claimed");
    }
    struct vm_space *other = vmt_space();
    add_heap(other, 1);
    uint8_t got = 0;
    CHECK(fake_cpu_read(other, heap_va(0), &got, 1, VMT_STACK_TOP) == FAKE_CPU_OK);
    CHECK_MSG(got == 0,
              "vm_claim gave the kernel the zero frame: a fresh zero page of another "
              "space now reads %#x",
              got);
    check_bytes(other, heap_va(0), -1, 0, NULL);
    check_bytes(p, heap_va(0), -1, 0, NULL);
    static const uint8_t zero_bytes[VM_PAGE_SIZE];
    CHECK(memcmp(zero_frame->kva, zero_bytes, VM_PAGE_SIZE) == 0);
    vmt_destroy(other);
    vmt_destroy(c);
    vmt_destroy(p);
}

/* The race of bug_cow_counts_sharers_unlocked: a child writing every page
 * it shares with its parent and its siblings, while another thread
 * destroys the siblings. */
#define RACE_PAGES   32
#define RACE_SPACES  40  /* children of one parent: 41 sharers per frame */
#define RACE_SECONDS 3.0 /* how long to try before calling the bug fixed */
static struct vm_space *race_kids[RACE_SPACES];
static pthread_barrier_t race_start;

/* Thread: writes one byte to every page of the first child, each write a
 * copy-on-write fault (fault_cow counts the frame's sharers). */
static void *
race_writer(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&race_start);
    for (unsigned i = 0; i < RACE_PAGES; i++)
        CHECK(fake_cpu_write(race_kids[0], heap_va(i), "w", 1, VMT_STACK_TOP) ==
              FAKE_CPU_OK);
    return NULL;
}

/* Thread: destroys every child but the first (page_free takes each page off
 * its frame's list of sharers, then frees it). */
static void *
race_killer(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&race_start);
    for (unsigned k = 1; k < RACE_SPACES; k++)
        vm_space_destroy(race_kids[k]);
    return NULL;
}

/* Seconds on the monotonic clock. */
static double
race_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPUs this process may run on (1 if that cannot be known). */
static int
race_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 1;
    return CPU_COUNT(&set);
}

/* Open bug: fault_cow (vm/fault.c) decides "last sharer or not" with
 * frame_sharers (vm/frame.c), which walks the frame's list of pages without
 * the frame-table lock that guards it ([F] in frame.h); the caller holds
 * only its own space's lock.  Another space sharing the frame may take its
 * page off that list at the same moment (its own write, its exit: page_free
 * and frame_release under the frame-table lock only), so the walk follows a
 * node whose next pointer was just cleared (NULL) or a page just freed
 * (use after free), or a page moved to its new frame's list (a walk that
 * never ends).  In the kernel a timer preemption inside the walk is enough.
 * Not deterministic: the race is run for up to RACE_SECONDS; it shows
 * (UBSan: null member access in list_size, or ASan: heap-use-after-free)
 * within a second on a machine with two CPUs (main skips it on one). */
static void
bug_cow_counts_sharers_unlocked(void)
{
    alarm(60); /* a walk that never ends: the child dies of SIGALRM */
    fake_palloc_set_user_frames(2 * RACE_PAGES + 8);
    CHECK(pthread_barrier_init(&race_start, NULL, 2) == 0);
    double end = race_now() + RACE_SECONDS;
    while (race_now() < end) {
        struct vm_space *p = vmt_space();
        add_heap(p, RACE_PAGES);
        for (unsigned i = 0; i < RACE_PAGES; i++)
            CHECK(fake_cpu_write(p, heap_va(i), "p", 1, VMT_STACK_TOP) == FAKE_CPU_OK);
        for (unsigned k = 0; k < RACE_SPACES; k++)
            race_kids[k] = fork_of(p);
        pthread_t w, k;
        CHECK(pthread_create(&w, NULL, race_writer, NULL) == 0);
        CHECK(pthread_create(&k, NULL, race_killer, NULL) == 0);
        CHECK(pthread_join(w, NULL) == 0 && pthread_join(k, NULL) == 0);
        char got[2] = "";
        CHECK(fake_cpu_read(p, heap_va(RACE_PAGES - 1), got, 1, VMT_STACK_TOP) ==
              FAKE_CPU_OK);
        CHECK_STR(got, "p");
        vmt_destroy(race_kids[0]);
        vmt_destroy(p);
    }
    CHECK(pthread_barrier_destroy(&race_start) == 0);
    vmt_check_no_leak();
}

/* vm/ bugs this file found, now fixed: each test, named after its bug, runs
 * in a child process and must pass. */
static const struct vmt_known_bug fixed_bugs[] = {
    {"claim-of-shared-code-frame", "vm/space.c vm_claim", bug_claim_of_shared_code_frame},
    {"claim-of-zero-frame-after-fork", "vm/space.c vm_claim, vm/anon.c anon_fork_share",
     bug_claim_of_zero_frame_after_fork},
    {"cow-counts-sharers-unlocked", "vm/fault.c fault_cow, vm/frame.c frame_sharers",
     bug_cow_counts_sharers_unlocked},
};

/* Gives the zero frame's page back to the kernel pool before the harness
 * empties that pool (which panics on a page in use): the zero frame lives
 * as long as the kernel, and no page may be on it any more. */
static void
release_zero_frame(void)
{
    if (zero_frame == NULL)
        return;
    CHECK_EQ_INT(frame_sharers(zero_frame), 0);
    palloc_free_page(zero_frame->kva);
    zero_frame = NULL;
}

int
main(int argc, char **argv)
{
    vmt_args(argc, argv);
    vmt_setup_swap("test_vm_cow", FRAMES, SWAP_SLOTS);
    vm_cow_fork = true; /* vmt_setup turned it off; the page cache stays off but
                         * where a test turns it on */
    data_file = file_open(NULL, "/data");
    CHECK(data_file != NULL);
    test_fork_shares_frames();
    test_cow_split(true);
    test_cow_split(false);
    test_three_way(false);
    test_three_way(true);
    test_destroy_order(true);
    test_destroy_order(false);
    test_zero_page();
    test_fork_zero_page();
    test_shared_code();
    for (unsigned who = 0; who < 2; who++)
        for (unsigned s1 = 0; s1 < 2; s1++)
            for (unsigned s2 = 0; s2 < 2; s2++)
                test_shared_slot(who == 0, s1 ? STEP_DESTROY : STEP_READ,
                                 s2 ? STEP_DESTROY : STEP_READ);
    test_three_way_slot();
    test_fork_swapped_page();
    test_cow_no_frame();
    test_fork_pmap_failure();
    test_cow_fault_pmap_failure();
    test_fork_copy_evicts_shared();
    test_eager_shares_nothing();
    for (unsigned i = 0; i < sizeof fixed_bugs / sizeof fixed_bugs[0]; i++) {
        if (fixed_bugs[i].run == bug_cow_counts_sharers_unlocked && race_cpus() < 2) {
            printf("skipped: %s (a race: needs two CPUs)\n", fixed_bugs[i].name);
            continue;
        }
        CHECK_MSG(!vmt_run_known_bug(&fixed_bugs[i]), "regression: %s (%s)",
                  fixed_bugs[i].name, fixed_bugs[i].where);
    }
    file_close(data_file);
    release_zero_frame();
    return vmt_teardown("test_vm_cow");
}
