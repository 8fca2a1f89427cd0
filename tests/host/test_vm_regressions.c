/* Regression tests for bugs found and fixed in vm/, each named after its bug
 * and checking the right behaviour.  Each runs in a child process, since the
 * bug it pins down used to panic.  A new bug found gets its test here, in
 * bugs[], once it is fixed (vmt_run_open_bug in vm_check.h runs a test that
 * is expected to fail, for a bug not fixed yet). */
#include <pthread.h>
#include <unistd.h>

#include "tests/host/support/fake_trace.h"
#include "tests/host/support/host_console.h"
#include "tests/host/support/vm_check.h"
#include "vm/oom.h"

#define PAGE (VMT_CODE + 3 * VM_PAGE_SIZE)
#define HEAP 0x10000000UL
#define SEED 0x77

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

/* vm/anon.c anon_swap_in and vm/vm.c vm_page_load_as (fixed in e07f3b4):
 * anon_swap_in freed the page's swap slot as soon as it had read it, before
 * vm_page_load_as mapped the frame; when pmap_enter then failed, the frame
 * was freed, the page was left anonymous with neither frame nor slot, and
 * its bytes were gone: the next fault panicked ("anon page ... lost its
 * frame"). */
static void
bug_swap_in_then_pmap_failure_loses_page(void)
{
    fake_palloc_set_user_frames(1);
    struct vm_space *s = vmt_space();
    CHECK(vm_add_page(s, HEAP, NULL, true, false));
    CHECK(vm_add_page(s, HEAP + VM_PAGE_SIZE, NULL, true, false));
    vmt_write_pattern(s, HEAP, SEED);
    CHECK_ACCESS(s, HEAP + VM_PAGE_SIZE, VM_WRITE, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK(vm_draw_page(s, HEAP) == 's'); /* the only frame went to the other page */
    fake_pmap_fail_enter(0, 1);
    CHECK_ACCESS(s, HEAP, VM_READ, VMT_STACK_TOP, FAKE_CPU_KILLED);
    CHECK(vm_draw_page(s, HEAP) == 's');
    vmt_check_pattern(s, HEAP, SEED); /* panicked */
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* vm/vm.c vm_claim (fixed in e07f3b4): vm_claim hands the kernel a frame to
 * write into (userprog/process.c writes the program's arguments into its
 * first stack page this way), but a write through the kernel's address of a
 * frame sets no dirty bit in the user mapping, and the page was not marked
 * dirty either.  Freshly loaded and never accessed, that page is the clock's
 * first choice: it was dropped as clean and came back as zeros, and the
 * program started without its arguments.  (Nor was the frame pinned while
 * the kernel wrote; now it is until vm_unclaim.) */
static void
bug_claimed_page_dropped_as_clean(void)
{
    fake_palloc_set_user_frames(2);
    struct vm_space *s = vmt_space();
    uint64_t stack = VMT_STACK_TOP - VM_PAGE_SIZE;
    CHECK(vm_add_page(s, stack, NULL, true, false));
    for (unsigned i = 0; i < 2; i++) {
        struct page_source src = vmt_page_of_exe(s, i * VM_PAGE_SIZE);
        CHECK(vm_add_page(s, VMT_CODE + i * VM_PAGE_SIZE, &src, false, false));
    }
    char *kva = vm_claim(s, stack);
    CHECK(kva != NULL);
    memcpy(kva + 4000, "argv", 4); /* as push_arguments does */
    vm_unclaim(s, stack);
    CHECK_ACCESS(s, VMT_CODE, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK_ACCESS(s, VMT_CODE + VM_PAGE_SIZE, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK(vm_frame_identity(s, stack) == 0); /* the stack page was the victim */
    char got[5] = "";
    CHECK(fake_cpu_read(s, stack + 4000, got, 4, VMT_STACK_TOP) == FAKE_CPU_OK);
    CHECK_STR(got, "argv"); /* was "": dropped and refilled with zeros */
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* vm/frame.c frame_evict (fixed in e07f3b4, when frames began to be shared):
 * it said it evicted every page of the victim frame but unmapped and saved
 * only the first page of the reverse map, and returned the frame as empty;
 * the frame was then filled for another page while the other pages still
 * mapped it and read the newcomer's bytes.  Here a copy-on-write fork shares
 * a frame and a one-frame machine must evict it. */
static void
bug_shared_frame_evicts_one_page(void)
{
    fake_palloc_set_user_frames(1);
    vm_cow_fork = true;
    struct vm_space *a = vmt_space();
    struct page_source src[2];
    for (unsigned i = 0; i < 2; i++) {
        src[i] = vmt_page_of_exe(a, i * VM_PAGE_SIZE);
        CHECK(vm_add_page(a, VMT_CODE + i * VM_PAGE_SIZE, &src[i], false, false));
    }
    CHECK_ACCESS(a, VMT_CODE, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    struct vm_space *b = vm_space_create();
    CHECK(b != NULL);
    b->exe = file_reopen(a->exe);
    CHECK(vm_space_copy(b, a));
    CHECK_EQ_INT(vm_frame_identity(b, VMT_CODE), vm_frame_identity(a, VMT_CODE));
    CHECK_ACCESS(a, VMT_CODE + VM_PAGE_SIZE, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK(vm_frame_identity(b, VMT_CODE) == 0); /* was: still the (reused) frame */
    vmt_check_page(b, VMT_CODE, &src[0]);
    vmt_destroy(b);
    vmt_destroy(a);
    vmt_check_no_leak();
}

/* vm/frame.c frame_alloc (fixed in e07f3b4): page_copy pins the parent's
 * frame while it allocates the child's, and clock_choose reported that
 * pinned frame as "busy", so when nothing else could be evicted frame_alloc
 * slept and retried EVICT_PATIENCE (500) times, waiting for a pin its own
 * caller held, before the fork failed: 5 s with the parent's space lock
 * held.  Each retry remaps every page it failed to evict, which is what
 * this test counts, but for the evictions whose failed writes retired swap
 * slots (each retires at least one, and they do not count towards giving
 * up, so that a failing disk ends with swap full: docs/design.md). */
static void
bug_fork_waits_for_its_own_pin(void)
{
    fake_palloc_set_user_frames(2);
    struct vm_space *p = vmt_space();
    for (unsigned i = 0; i < 2; i++) {
        CHECK(vm_add_page(p, HEAP + i * VM_PAGE_SIZE, NULL, true, false));
        vmt_write_pattern(p, HEAP + i * VM_PAGE_SIZE, SEED);
    }
    struct vm_space *c = vm_space_create();
    CHECK(c != NULL);
    c->exe = file_reopen(p->exe);
    fake_swap_fail_writes(0, 1000000); /* the disk fails: nothing can be saved */
    uint64_t enters = fake_pmap_enter_calls();
    size_t bad = swap_bad_slots();
    CHECK(!vm_space_copy(c, p));
    uint64_t remaps = fake_pmap_enter_calls() - enters, retired = swap_bad_slots() - bad;
    CHECK_MSG(remaps <= 2 * 3 + retired, "%llu remaps, %llu slots retired",
              (unsigned long long)remaps, (unsigned long long)retired);
    fake_swap_fail_writes(0, 0);
    vmt_destroy(c);
    vmt_destroy(p);
    vmt_check_no_leak();
}

/* Open, vm/frame.c frame_find_by_source (with clock_choose and frame_evict): the
 * shared-code index still lists a frame that the clock has chosen and is
 * evicting (it leaves the index only at the end of frame_evict, after the
 * pages are unmapped and saved), and frame_find_by_source hands such a frame to a
 * third process without looking at its pins.  If that process faults on the
 * same code page meanwhile, it joins the frame's pages after the evictor
 * has collected them (without holding its space lock), the evictor detaches
 * it again, and it maps the frame anyway, just as the evictor gives the
 * frame to another page: it reads that page's bytes (and its page records a
 * frame whose reverse map does not hold it).  Two threads here: A evicts B's
 * code frame; at A's first unmapping C faults on the same code page; C's
 * pmap_enter waits until A's fault is over.  (Fixed, C finds no frame and
 * waits for one, which A hands it once its eviction is done: A goes on as
 * soon as C maps a frame or waits.) */
struct code_race {
    struct vm_space *c;
    pthread_t c_thread; /* C's thread, set before C starts */
    struct semaphore go_c, c_mapping, a_done;
    bool c_signalled; /* C has let A go on */
};

/* Lets A go on, once. */
static void
race_release_a(struct code_race *r)
{
    if (!__atomic_exchange_n(&r->c_signalled, true, __ATOMIC_SEQ_CST))
        sema_up(&r->c_mapping);
}

/* In C's thread, at C's pmap_enter of the shared frame: let A finish. */
static void
race_c_enter(struct pmap *pmap, uint64_t va, void *aux)
{
    struct code_race *r = aux;
    (void)pmap, (void)va;
    if (!pthread_equal(pthread_self(), r->c_thread)) { /* A's own mapping */
        fake_pmap_before_enter(race_c_enter, r);
        return;
    }
    race_release_a(r);
    sema_down(&r->a_done);
}

/* In A's thread, as A starts to unmap its victim: run C's fault up to its
 * pmap_enter. */
static void
race_a_remove(struct pmap *pmap, uint64_t va, void *aux)
{
    struct code_race *r = aux;
    (void)pmap, (void)va;
    fake_pmap_before_enter(race_c_enter, r);
    sema_up(&r->go_c);
    /* C reaches its pmap_enter, or waits for a frame or (page cache) for the
     * eviction to end: give it 200 ms to do the wrong thing. */
    int ms = 0;
    while (ms < 200 && !sema_try_down(&r->c_mapping) && !oom_space_waits(r->c)) {
        usleep(1000);
        ms++;
    }
    if (!__atomic_load_n(&r->c_signalled, __ATOMIC_SEQ_CST))
        fake_pmap_before_enter(NULL, NULL); /* C waits: A's own enter must not stop */
}

static void *
race_c_run(void *aux)
{
    struct code_race *r = aux;
    sema_down(&r->go_c);
    /* Fixed, C does not find the frame: it has to wait for A (whose space
     * is locked) and may even be killed; either way A must go on. */
    vm_handle_fault(r->c, VMT_CODE, VM_READ, false, VMT_STACK_TOP);
    fake_pmap_before_enter(NULL, NULL);
    race_release_a(r);
    return NULL;
}

static void
bug_shared_code_frame_handed_out_while_evicted(void)
{
    fake_palloc_set_user_frames(2);
    vm_page_cache = true;
    struct vm_space *a = vmt_space(), *b = vmt_space();
    static struct code_race r;
    r.c = vmt_space();
    sema_init(&r.go_c, 0);
    sema_init(&r.c_mapping, 0);
    sema_init(&r.a_done, 0);
    struct page_source code = vmt_page_of_exe(b, 0);
    CHECK(vm_add_page(b, VMT_CODE, &code, false, true));
    code.file = r.c->exe;
    CHECK(vm_add_page(r.c, VMT_CODE, &code, false, true));
    for (unsigned i = 1; i < 3; i++) {
        struct page_source src = vmt_page_of_exe(a, i * VM_PAGE_SIZE);
        CHECK(vm_add_page(a, VMT_CODE + i * VM_PAGE_SIZE, &src, false, false));
    }
    CHECK_ACCESS(b, VMT_CODE, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK); /* published */
    CHECK_ACCESS(a, VMT_CODE + VM_PAGE_SIZE, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    pmap_clear_accessed(b->pmap, VMT_CODE); /* B's frame is the clock's victim */
    pmap_clear_accessed(a->pmap, VMT_CODE + VM_PAGE_SIZE);
    CHECK(pthread_create(&r.c_thread, NULL, race_c_run, &r) == 0);
    fake_pmap_before_remove(race_a_remove, &r);
    CHECK_ACCESS(a, VMT_CODE + 2 * VM_PAGE_SIZE, VM_READ, VMT_STACK_TOP, FAKE_CPU_OK);
    sema_up(&r.a_done);
    CHECK(pthread_join(r.c_thread, NULL) == 0);
    CHECK(vm_frame_identity(r.c, VMT_CODE) !=
          vm_frame_identity(a, VMT_CODE + 2 * VM_PAGE_SIZE)); /* the same frame now */
    struct page_source want = vmt_page_of_exe(a, 0);
    vmt_check_page(r.c, VMT_CODE, &want);
    vmt_destroy(r.c);
    vmt_destroy(b);
    vmt_destroy(a);
    vmt_check_no_leak();
}

#define MAP_VA 0x10000000UL

/* A writable mapping of a running program's file shares the cached pages
 * copy-on-write; the copy a write makes was still a file page, so once the
 * program had ended, munmap wrote the "private" bytes to the file behind
 * the page cache's back (the disk said 'X', the cache the old byte). */
static void
bug_running_exe_copy_reaches_file(void)
{
    vm_page_cache = true;
    struct file *running = file_open(NULL, "/data");
    struct file *f = file_open(NULL, "/data");
    CHECK(running != NULL && f != NULL);
    file_deny_write(running); /* a program runs from /data */
    struct vm_space *s = vmt_space();
    uint8_t orig = 0, cached = 0, disk = 0, x = 'X';
    CHECK(file_read_at(f, &orig, 1, 10) == 1 && orig != 'X');
    CHECK_EQ_U64(vm_mmap(s, MAP_VA, VM_PAGE_SIZE, true, f, 0), MAP_VA);
    CHECK(fake_cpu_write(s, MAP_VA + 10, &x, 1, VMT_STACK_TOP) == FAKE_CPU_OK);
    file_close(running); /* the program ends */
    CHECK(vm_munmap(s, MAP_VA));
    CHECK(pagecache_read(f, &cached, 1, 10) == 1 && cached == orig);
    CHECK(file_read_at(f, &disk, 1, 10) == 1 && disk == orig);
    file_close(f);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* A write() past the end of a file first zeroed the gap in its last page
 * on the disk too, so a write that then failed (a full disk) had grown the
 * file anyway. */
static void
bug_failed_write_past_end_grows_file(void)
{
    vm_page_cache = true;
    static char buf[4096];
    memset(buf, 'a', sizeof buf);
    CHECK(fs_create(NULL, "/small", 0) && fs_create(NULL, "/fill", 0));
    struct file *f = file_open(NULL, "/small"), *g = file_open(NULL, "/fill");
    CHECK(f != NULL && g != NULL);
    CHECK(pagecache_write(f, buf, 100, 0) == 100);
    int64_t off = 0, n;
    while ((n = file_write_at(g, buf, sizeof buf, off)) > 0)
        off += n;
    while ((n = file_write_at(g, buf, 1, off)) > 0)
        off += n;
    CHECK(pagecache_write(f, "Z", 1, 8000) == 0); /* needs a block: the disk is full */
    CHECK_EQ_U64((uint64_t)file_length(f), 100);
    file_close(g);
    file_close(f);
    CHECK(fs_remove(NULL, "/fill") && fs_remove(NULL, "/small"));
}

/* A new file NAME of PAGES pages, page I all of letter 'a' + I % 26, written
 * past the page cache, opened. */
static struct file *
file_of_pages(const char *name, int pages)
{
    static uint8_t page[VM_PAGE_SIZE];
    CHECK(fs_create(NULL, name, 0));
    struct file *f = file_open(NULL, name);
    CHECK(f != NULL);
    for (int i = 0; i < pages; i++) {
        memset(page, 'a' + i % 26, sizeof page);
        CHECK(file_write_at(f, page, VM_PAGE_SIZE, i * VM_PAGE_SIZE) == VM_PAGE_SIZE);
    }
    return f;
}

/* sync with no memory for its list of cached pages returned 0 and wrote
 * nothing: pages written through a mapping never reached the disk. */
static void
bug_sync_without_memory_writes_nothing(void)
{
    enum { PAGES = 40 }; /* more than one sweep's worth of keys */
    vm_page_cache = true;
    struct file *f = file_of_pages("/synced", PAGES);
    struct vm_space *s = vmt_space();
    CHECK_EQ_U64(vm_mmap(s, MAP_VA, PAGES * VM_PAGE_SIZE, true, f, 0), MAP_VA);
    for (int i = 0; i < PAGES; i++) {
        uint8_t x = (uint8_t)(i + 1);
        CHECK(fake_cpu_write(s, MAP_VA + i * VM_PAGE_SIZE + 7, &x, 1, VMT_STACK_TOP) ==
              FAKE_CPU_OK);
    }
    pagecache_test_fail_keys = true;
    CHECK(pagecache_sync() == 0);
    pagecache_test_fail_keys = false;
    for (int i = 0; i < PAGES; i++) { /* the disk, not the cache */
        uint8_t x = 0;
        CHECK(file_read_at(f, &x, 1, i * VM_PAGE_SIZE + 7) == 1 && x == i + 1);
    }
    CHECK(vm_munmap(s, MAP_VA));
    file_close(f);
    vmt_destroy(s);
    CHECK(fs_remove(NULL, "/synced"));
    vmt_check_no_leak();
}

/* Frames a page-cache load took and did not use (read-ahead frames for
 * pages cached already, a load that lost a race) were freed as if memory had
 * come free: with swap full, each one restarted the thrash rule's count, so
 * a hog beside processes faulting on the same file pages was not killed for
 * minutes. */
static void
bug_unused_load_frames_count_as_relief(void)
{
    vm_page_cache = true;
    vm_readahead = true;
    fake_palloc_set_user_frames(64); /* read-ahead leaves 16 free */
    struct file *f = file_of_pages("/ra", 8);
    /* page 2 cached alone (a write loads one page), then a read from the
     * start: its window takes frames for pages 1 to 3, and page 2's is left
     * over */
    CHECK(pagecache_write(f, "x", 1, 2 * VM_PAGE_SIZE + 5) == 1);
    uint64_t relief = frame_test_relief();
    uint8_t b;
    CHECK(pagecache_read(f, &b, 1, 0) == 1);
    struct frame *one = pagecache_find(f, 1), *three = pagecache_find(f, 3);
    CHECK(one != NULL && three == NULL); /* the window stopped at page 2 */
    pagecache_put(one);
    CHECK_EQ_U64(frame_test_relief(), relief);
    file_close(f);
    CHECK(fs_remove(NULL, "/ra"));
    vmt_check_no_leak();
    fake_palloc_set_user_frames(16); /* as main set it */
}

/* A page loaded for a write() moved its file's read-ahead state as a
 * reader's load does, so that a read from the start of the file was no
 * longer taken as a sequential reader's first and read one page alone. */
static void
bug_write_load_moves_readahead(void)
{
    vm_page_cache = true;
    vm_readahead = true;
    fake_palloc_set_user_frames(64); /* read-ahead leaves 16 free */
    struct file *f = file_of_pages("/wr", 8);
    CHECK(pagecache_write(f, "x", 1, 5 * VM_PAGE_SIZE) == 1);
    uint8_t b;
    CHECK(pagecache_read(f, &b, 1, 0) == 1);
    struct frame *one = pagecache_find(f, 1);
    CHECK(one != NULL); /* read ahead with page 0 */
    pagecache_put(one);
    file_close(f);
    CHECK(fs_remove(NULL, "/wr"));
    vmt_check_no_leak();
    fake_palloc_set_user_frames(16); /* as main set it */
}

/* pagecache_drop_file frees a file's idle clean pages only: a page a
 * mapping holds (and has written) stays until it is unmapped and written
 * back, and then goes too, its bytes on the disk. */
static void
test_drop_file_keeps_used_pages(void)
{
    vm_page_cache = true;
    vm_readahead = false; /* one page a load: the cache holds what is read */
    struct file *f = file_of_pages("/drop", 4);
    struct vm_space *s = vmt_space();
    uint8_t b = 0, x = 'D';
    CHECK(pagecache_read(f, &b, 1, 0) == 1 &&
          pagecache_read(f, &b, 1, VM_PAGE_SIZE) == 1);
    CHECK_EQ_U64(vm_mmap(s, MAP_VA, 4 * VM_PAGE_SIZE, true, f, 0), MAP_VA);
    CHECK(fake_cpu_write(s, MAP_VA + 2 * VM_PAGE_SIZE + 9, &x, 1, VMT_STACK_TOP) ==
          FAKE_CPU_OK);
    uint64_t before = pagecache_pages();
    pagecache_drop_file(f);
    CHECK_EQ_U64(pagecache_pages(), before - 2); /* pages 0 and 1 */
    struct frame *two = pagecache_find(f, 2);
    CHECK(pagecache_find(f, 0) == NULL && two != NULL);
    pagecache_put(two);
    CHECK(vm_munmap(s, MAP_VA)); /* writes page 2 back */
    pagecache_drop_file(f);
    CHECK(pagecache_find(f, 2) == NULL);
    CHECK(file_read_at(f, &b, 1, 2 * VM_PAGE_SIZE + 9) == 1 && b == 'D');
    file_close(f);
    vmt_destroy(s);
    CHECK(fs_remove(NULL, "/drop"));
    vmt_check_no_leak();
    vm_readahead = true;
}

/* A write() that covers a whole page of a file not cached takes the page
 * without reading it from the disk; one that covers part of a page reads it
 * (its other bytes are the file's).  A whole-page write that falls short
 * (here: writes denied, as to a running program) reads the page after all,
 * so the cache keeps the file's bytes, not zeros. */
static void
test_whole_page_write_reads_nothing(void)
{
    vm_page_cache = true;
    vm_readahead = false; /* one page a load */
    static uint8_t page[VM_PAGE_SIZE];
    struct file *f = file_of_pages("/over", 4);
    memset(page, 'W', sizeof page);
    fake_trace_start(); /* counts the page cache's loads that read */
    const uint64_t *reads = &fake_trace_events[TRACE_FILE_READ];
    CHECK(pagecache_write(f, page, VM_PAGE_SIZE, VM_PAGE_SIZE) == VM_PAGE_SIZE);
    CHECK_EQ_U64(*reads, 0); /* page 1: not read */
    CHECK(pagecache_write(f, page, 10, 2 * VM_PAGE_SIZE + 5) == 10);
    CHECK_EQ_U64(*reads, 1); /* page 2: read */
    file_deny_write(f);
    CHECK(pagecache_write(f, page, VM_PAGE_SIZE, 3 * VM_PAGE_SIZE) == 0);
    CHECK_EQ_U64(*reads, 2); /* page 3: read after all */
    uint8_t b[3];
    CHECK(pagecache_read(f, &b[0], 1, VM_PAGE_SIZE + 9) == 1);
    CHECK(pagecache_read(f, &b[1], 1, 2 * VM_PAGE_SIZE + 4) == 1);
    CHECK(pagecache_read(f, &b[2], 1, 3 * VM_PAGE_SIZE + 9) == 1);
    CHECK(b[0] == 'W' && b[1] == 'c' && b[2] == 'd');
    CHECK_EQ_U64(*reads, 2); /* all three cached */
    fake_trace_stop();
    file_close(f);
    CHECK(fs_remove(NULL, "/over"));
    vmt_check_no_leak();
    vm_readahead = true;
}

/* A page that write() filled and whose write-back failed was dropped by
 * eviction once nothing mapped it: write() bytes live only in the cache
 * (their blocks set aside, never written), so a program written with
 * write() and run at once (writes to its file denied) lost them under memory
 * pressure, and the file then held what its blocks held before.  The page
 * is kept; once writes are allowed again it reaches the disk. */
static void
bug_failed_write_back_drops_written_page(void)
{
    enum { PAGES = 24 }; /* more than the 16 frames */
    vm_page_cache = true;
    static uint8_t page[VM_PAGE_SIZE];
    memset(page, 'W', sizeof page);
    struct file *f = file_of_pages("/prog", 0), *running = file_open(NULL, "/prog");
    CHECK(running != NULL);
    CHECK(pagecache_write(f, page, VM_PAGE_SIZE, 0) == VM_PAGE_SIZE);
    file_deny_write(running); /* the program runs: write-backs fail */
    struct vm_space *s = vmt_space();
    for (int i = 0; i < PAGES; i++) {
        CHECK(vm_add_page(s, HEAP + i * VM_PAGE_SIZE, NULL, true, false));
        vmt_write_pattern(s, HEAP + i * VM_PAGE_SIZE, SEED + i);
    }
    uint8_t b = 0;
    CHECK(pagecache_read(f, &b, 1, 77) == 1 && b == 'W');
    vmt_destroy(s);
    file_close(running); /* it ended */
    CHECK(pagecache_sync() == 0);
    CHECK(file_read_at(f, &b, 1, 77) == 1 && b == 'W');
    file_close(f);
    CHECK(fs_remove(NULL, "/prog"));
    vmt_check_no_leak();
}

/* A write-back opens its file by inode number; when the file had been
 * removed meanwhile (its pages orphaned only after the open), the open
 * printed "ext2: inode N: not in use" into a program's transcript.  A free
 * inode is an expected end there: the open fails without a word. */
static void
bug_write_back_open_of_removed_file_prints(void)
{
    struct file *f = file_of_pages("/gone", 0);
    uint32_t ino = file_inumber(f);
    file_close(f);
    CHECK(fs_remove(NULL, "/gone"));
    host_console_clear();
    CHECK(file_open_inumber(ino) == NULL);
    CHECK_MSG(!host_console_contains("not in use"), "said: %s", host_console_text());
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
    {"swap-in-then-pmap-failure-loses-page",
     "vm/anon.c anon_swap_in, vm/vm.c vm_page_load_as",
     bug_swap_in_then_pmap_failure_loses_page},
    {"claimed-page-dropped-as-clean", "vm/vm.c vm_claim",
     bug_claimed_page_dropped_as_clean},
    {"shared-frame-evicts-one-page", "vm/frame.c frame_evict",
     bug_shared_frame_evicts_one_page},
    {"fork-waits-for-its-own-pin", "vm/frame.c frame_alloc, vm/vm.c page_copy",
     bug_fork_waits_for_its_own_pin},
    {"shared-code-frame-handed-out-while-evicted",
     "vm/frame.c frame_find_by_source, clock_choose, frame_evict",
     bug_shared_code_frame_handed_out_while_evicted},
    {"running-exe-copy-reaches-file", "vm/fault.c fault_cow, vm/file.c file_copied",
     bug_running_exe_copy_reaches_file},
    {"failed-write-past-end-grows-file", "vm/pagecache.c zero_gap",
     bug_failed_write_past_end_grows_file},
    {"sync-without-memory-writes-nothing", "vm/pagecache.c pagecache_sync",
     bug_sync_without_memory_writes_nothing},
    {"unused-load-frames-count-as-relief", "vm/pagecache.c entry_load, vm/frame.c",
     bug_unused_load_frames_count_as_relief},
    {"write-load-moves-readahead", "vm/pagecache.c entry_load",
     bug_write_load_moves_readahead},
    {"failed-write-back-drops-written-page", "vm/pagecache.c pagecache_evict",
     bug_failed_write_back_drops_written_page},
    {"write-back-open-of-removed-file-prints", "fs/file.c file_open_inumber",
     bug_write_back_open_of_removed_file_prints},
};

int
main(int argc, char **argv)
{
    vmt_args(argc, argv);
    vmt_setup_swap("test_vm_regressions", 16, 16);
    unsigned n = sizeof bugs / sizeof bugs[0];
    for (unsigned i = 0; i < n; i++)
        CHECK_MSG(!vmt_run_known_bug(&bugs[i]), "regression: %s (%s)", bugs[i].name,
                  bugs[i].where);
    test_drop_file_keeps_used_pages();
    test_whole_page_write_reads_nothing();
    return vmt_teardown("test_vm_regressions");
}
