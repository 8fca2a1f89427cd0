/* Checks shared by the VM host tests (tests/host/test_vm*.c): an ext2 image
 * with a file for pages to load from, address spaces whose exe is that file,
 * an optional swap disk (fake_swap.h), page sources, expected page contents,
 * counter deltas, leak checks, and regression tests that run in a child
 * process (the bug they pin down used to panic).
 * Header-only so every check counts in the including test's counter. */
#ifndef TESTS_HOST_SUPPORT_VM_CHECK_H
#define TESTS_HOST_SUPPORT_VM_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/host/support/ext2_check.h"
#include "tests/host/support/fake_cpu.h"
#include "tests/host/support/fake_palloc.h"
#include "tests/host/support/fake_pmap.h"
#include "tests/host/support/fake_swap.h"
#include "tests/host/support/vm_draw.h"
#include "vm/frame.h"
#include "vm/page.h"
#include "vm/swap.h"
#include "vm/vm.h"
#include "vm/pagecache.h"

#define VMT_EXE_SEED  11
#define VMT_EXE_LEN   (16 * 4096 + 123) /* /exe: not a whole number of pages */
#define VMT_DATA_SEED 12
#define VMT_DATA_LEN  (3 * 4096) /* /data: another file */
#define VMT_CODE      0x400000UL /* where tests put "program" pages */
#define VMT_USER_TOP  0x8004000000UL
#define VMT_STACK_TOP USER_STACK
#define VMT_STACK_LOW (USER_STACK - USER_STACK_LIMIT)

static bool vmt_verbose; /* -v: print pictures and progress */

/* Parses the test's arguments: -v for verbose. */
static inline void
vmt_args(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-v") == 0)
            vmt_verbose = true;
}

/* Prints a picture of NPAGES pages from VA when verbose. */
static inline void
vmt_draw(const char *label, struct vm_space *s, uint64_t va, size_t npages)
{
    if (vmt_verbose)
        vm_draw_print(stdout, label, s, va, npages);
}

/* Prints a progress line when verbose. */
#define vmt_say(...)                                                                     \
    do {                                                                                 \
        if (vmt_verbose)                                                                 \
            printf(__VA_ARGS__);                                                         \
    } while (0)

/* Builds and mounts an image holding /exe (VMT_EXE_LEN bytes of pattern
 * VMT_EXE_SEED) and /data (VMT_DATA_LEN bytes of pattern VMT_DATA_SEED), sets
 * up the VM, gives the machine USER_FRAMES frames and, if SWAP_SLOTS is not
 * 0, a swap disk of that many page-sized slots (fake_swap.h; once per
 * process: swap_init cannot be undone). */
static inline void
vmt_setup_swap(const char *name, size_t user_frames, size_t swap_slots)
{
    img_setup(name);
    const char *staging = img_path("staging");
    char path[1024];
    CHECK(img_run("mkdir -p '%s'", staging) == 0);
    snprintf(path, sizeof path, "%s/exe", staging);
    CHECK(stage_write(path, 0, VMT_EXE_LEN, VMT_EXE_SEED) == 0);
    snprintf(path, sizeof path, "%s/data", staging);
    CHECK(stage_write(path, 0, VMT_DATA_LEN, VMT_DATA_SEED) == 0);
    CHECK(img_mkfs(img_path("vm.img"), 1024, staging, "4M", NULL) == 0);
    ext2t_mount(img_path("vm.img"), 64);
    vm_init();
    /* The tests here check fork's eager copy and plain zero-fill; the
     * copy-on-write tests turn sharing back on themselves. */
    vm_cow_fork = vm_page_cache = false;
    /* They count swap writes and reads page by page: one page per eviction
     * and no read-ahead (test_vm_swapio turns both on). */
    swap_cluster_pages = 1;
    swap_readahead_pages = 0;
    if (swap_slots > 0)
        fake_swap_attach(swap_slots);
    vm_init_swap(); /* as the kernel does once the disks are known */
    CHECK_EQ_INT(swap_total(), swap_slots);
    fake_palloc_set_user_frames(user_frames);
}

/* vmt_setup_swap with no swap disk: dirty anonymous pages cannot be evicted. */
static inline void
vmt_setup(const char *name, size_t user_frames)
{
    vmt_setup_swap(name, user_frames, 0);
}

/* Checks that every frame and swap slot is back and every pmap destroyed. */
static inline void
vmt_check_no_leak(void)
{
    pagecache_drop_all(); /* as the kernel does before its memory check */
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 0);
    CHECK_EQ_INT(palloc_free_pages(POOL_USER), palloc_total_pages(POOL_USER));
    CHECK_EQ_INT(vm_stats().frames_in_use, 0);
    CHECK_EQ_INT(vm_stats().swap_in_use, 0);
    CHECK_EQ_INT(swap_used(), 0);
    CHECK_EQ_INT(fake_pmap_live(), 0);
}

/* Undoes vmt_setup (after checking for leaks) and prints the final line. */
static inline int
vmt_teardown(const char *name)
{
    vmt_check_no_leak();
    ext2t_unmount();
    fake_palloc_set_pages(POOL_USER, 0);
    fake_palloc_set_pages(POOL_KERNEL, 0);
    img_cleanup();
    return check_done(name);
}

/* A new address space whose exe is /exe. */
static inline struct vm_space *
vmt_space(void)
{
    struct vm_space *s = vm_space_create();
    CHECK(s != NULL);
    s->exe = file_open(NULL, "/exe");
    CHECK(s->exe != NULL);
    return s;
}

/* Destroys S (its entries go with its page tables, not one by one). */
static inline void
vmt_destroy(struct vm_space *s)
{
    vm_space_destroy(s);
}

/* A page source reading from FILE, with no chunks yet. */
static inline struct page_source
vmt_source(struct file *file)
{
    return (struct page_source){.file = file};
}

/* Adds the chunk "LEN bytes at PAGE_OFF from FILE_OFF" to SRC. */
static inline void
vmt_chunk(struct page_source *src, unsigned page_off, unsigned len, int64_t file_off)
{
    CHECK(src->n_chunks < PAGE_SOURCE_CHUNKS);
    src->chunk[src->n_chunks++] =
        (struct page_chunk){.page_off = page_off, .len = len, .file_off = file_off};
}

/* A source of one whole page of /exe of S from FILE_OFF. */
static inline struct page_source
vmt_page_of_exe(struct vm_space *s, int64_t file_off)
{
    struct page_source src = vmt_source(s->exe);
    vmt_chunk(&src, 0, VM_PAGE_SIZE, file_off);
    return src;
}

/* The bytes a page with source SRC (NULL: zeros) must hold, if its file
 * holds pattern SEED. */
static inline void
vmt_expected(const struct page_source *src, uint32_t seed, uint8_t page[VM_PAGE_SIZE])
{
    memset(page, 0, VM_PAGE_SIZE);
    for (unsigned i = 0; src != NULL && i < src->n_chunks; i++) {
        const struct page_chunk *c = &src->chunk[i];
        pattern_fill(page + c->page_off, c->len, seed, c->file_off);
    }
}

/* Checks, as a program reading it would, that page VA of S holds what source
 * SRC says if its file holds pattern SEED. */
static inline void
vmt_check_page_seed(struct vm_space *s, uint64_t va, const struct page_source *src,
                    uint32_t seed)
{
    uint8_t want[VM_PAGE_SIZE], got[VM_PAGE_SIZE];
    vmt_expected(src, seed, want);
    enum fake_cpu_result r = fake_cpu_read(s, va, got, VM_PAGE_SIZE, VMT_STACK_TOP);
    CHECK_MSG(r == FAKE_CPU_OK, "reading page %#llx: %s", (unsigned long long)va,
              fake_cpu_result_name(r));
    size_t i = 0;
    while (i < VM_PAGE_SIZE && want[i] == got[i])
        i++;
    CHECK_MSG(i == VM_PAGE_SIZE, "page %#llx differs at byte %zu: %#x, not %#x",
              (unsigned long long)va, i, i < VM_PAGE_SIZE ? got[i] : 0,
              i < VM_PAGE_SIZE ? want[i] : 0);
}

/* vmt_check_page_seed for a source in /exe (or NULL: zeros). */
static inline void
vmt_check_page(struct vm_space *s, uint64_t va, const struct page_source *src)
{
    vmt_check_page_seed(s, va, src, VMT_EXE_SEED);
}

/* Checks that ACCESS at ADDR of S with stack pointer RSP ends in WANT. */
#define CHECK_ACCESS(s, addr, access, rsp, want)                                         \
    do {                                                                                 \
        enum fake_cpu_result check_r_ =                                                  \
            fake_cpu_access((s), (addr), (access), (rsp), NULL);                         \
        CHECK_TEXT(check_r_ == (want), "access " #addr " (" #access ") is " #want,       \
                   "%s at %#llx", fake_cpu_result_name(check_r_),                        \
                   (unsigned long long)(addr));                                          \
    } while (0)

/* Checks that the counters moved from BEFORE by exactly these amounts
 * (FRAMES: the change in frames in use). */
#define CHECK_STATS(before, file, zero, stack, killed, frames)                           \
    do {                                                                                 \
        struct vm_stats check_now_ = vm_stats();                                         \
        CHECK_EQ_INT(check_now_.faults_file - (before).faults_file, (file));             \
        CHECK_EQ_INT(check_now_.faults_zero - (before).faults_zero, (zero));             \
        CHECK_EQ_INT(check_now_.faults_stack - (before).faults_stack, (stack));          \
        CHECK_EQ_INT(check_now_.faults_killed - (before).faults_killed, (killed));       \
        CHECK_EQ_INT((long long)check_now_.frames_in_use -                               \
                         (long long)(before).frames_in_use,                              \
                     (frames));                                                          \
    } while (0)

/* Checks that the eviction counters moved from BEFORE by exactly these
 * amounts (SWAP_SLOTS: the change in swap slots in use). */
#define CHECK_EVICT(before, n_evictions, n_swap_outs, n_swap_ins, n_clean_drops,         \
                    n_slots)                                                             \
    do {                                                                                 \
        struct vm_stats check_now_ = vm_stats();                                         \
        CHECK_EQ_INT(check_now_.evictions - (before).evictions, (n_evictions));          \
        CHECK_EQ_INT(check_now_.swap_outs - (before).swap_outs, (n_swap_outs));          \
        CHECK_EQ_INT(check_now_.swap_ins - (before).swap_ins, (n_swap_ins));             \
        CHECK_EQ_INT(check_now_.clean_drops - (before).clean_drops, (n_clean_drops));    \
        CHECK_EQ_INT((long long)check_now_.swap_in_use -                                 \
                         (long long)(before).swap_in_use,                                \
                     (n_slots));                                                         \
    } while (0)

/* The record of touched page VA of S (white-box tests: pins, swap slots),
 * checked to exist.  The pointer stays valid until the page is removed. */
static inline struct page *
vmt_page(struct vm_space *s, uint64_t va)
{
    lock_acquire(&s->lock);
    struct page *p = page_find(&s->pages, va & ~(VM_PAGE_SIZE - 1));
    lock_release(&s->lock);
    CHECK_MSG(p != NULL, "no page at %#llx", (unsigned long long)va);
    return p;
}

/* True if page VA of S is on the zero frame as a page only read is: no
 * record, only a read-only mapping of the zero frame (vm/zero.h). */
static inline bool
vmt_on_zero(struct vm_space *s, uint64_t va)
{
    lock_acquire(&s->lock);
    bool none = page_find(&s->pages, va) == NULL;
    lock_release(&s->lock);
    uint64_t pa = 0;
    unsigned bits = 0;
    return none && zero_frame != NULL && pmap_lookup(s->pmap, va, &pa, &bits) &&
           pa == zero_frame->pa && !(bits & PMAP_WRITE);
}

/* Writes a whole page of pattern SEED (at offset VA, so every page differs)
 * to page VA of S as a program would; checks that the writes went through. */
static inline void
vmt_write_pattern(struct vm_space *s, uint64_t va, uint32_t seed)
{
    uint8_t buf[VM_PAGE_SIZE];
    pattern_fill(buf, sizeof buf, seed, va);
    enum fake_cpu_result r = fake_cpu_write(s, va, buf, sizeof buf, VMT_STACK_TOP);
    CHECK_MSG(r == FAKE_CPU_OK, "writing page %#llx: %s", (unsigned long long)va,
              fake_cpu_result_name(r));
}

/* Checks, reading as a program would, that page VA of S holds what
 * vmt_write_pattern(S, VA, SEED) wrote. */
static inline void
vmt_check_pattern(struct vm_space *s, uint64_t va, uint32_t seed)
{
    uint8_t got[VM_PAGE_SIZE];
    enum fake_cpu_result r = fake_cpu_read(s, va, got, sizeof got, VMT_STACK_TOP);
    CHECK_MSG(r == FAKE_CPU_OK, "reading page %#llx: %s", (unsigned long long)va,
              fake_cpu_result_name(r));
    size_t d = pattern_diff(got, sizeof got, seed, va);
    CHECK_MSG(d == sizeof got, "page %#llx differs at byte %zu", (unsigned long long)va,
              d);
}

/* Checks that the picture of NPAGES pages from VA of S is WANT. */
#define CHECK_PICTURE(s, va, npages, want)                                               \
    do {                                                                                 \
        char check_pic_[(npages) + 1];                                                   \
        CHECK_STR(vm_draw((s), (va), (npages), check_pic_), (want));                     \
    } while (0)

/* A test of a known vm/ bug: it fails while the bug is there. */
struct vmt_known_bug {
    const char *name;  /* named after the bug */
    const char *where; /* the file and function of the bug */
    void (*run)(void); /* checks the right behaviour */
};

/* In a child of vmt_child_fails, any exit() (a failed check exits with 1)
 * ends the process at once: the parent's atexit handlers must not run there
 * (img_cleanup would remove the parent's scratch directory). */
static inline void
vmt_child_exit(void)
{
    _exit(1);
}

/* Reads the child's stderr from IN until its end; keeps the first line that
 * says something (not a line of '=') in FIRST (SIZE bytes). */
static inline void
vmt_child_first_line(FILE *in, char *first, size_t size)
{
    char text[1024];
    first[0] = '\0';
    while (fgets(text, sizeof text, in) != NULL)
        if (first[0] == '\0' && strspn(text, "=\n") < strlen(text))
            snprintf(first, size, "%.*s", (int)strcspn(text, "\n"), text);
}

/* Runs RUN in a child process, whose stderr goes to a pipe.  Returns true if
 * the child failed (a check, a panic, an ASan error), storing the first line
 * it wrote in FIRST (SIZE bytes). */
static inline bool
vmt_child_fails(void (*run)(void), char *first, size_t size)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        atexit(vmt_child_exit);
        run();
        fflush(NULL);
        _exit(0);
    }
    close(fds[1]);
    FILE *in = fdopen(fds[0], "r");
    CHECK(in != NULL);
    vmt_child_first_line(in, first, size);
    fclose(in);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    return !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}

/* Runs BUG in a child process (a bug may panic or trip ASan) and says how it
 * went.  Returns true if it failed, as expected while the bug is there. */
static inline bool
vmt_run_known_bug(const struct vmt_known_bug *bug)
{
    char first[512];
    bool failed = vmt_child_fails(bug->run, first, sizeof first);
    printf("%s %s (%s)\n", failed ? "regression:" : "ok:", bug->name, bug->where);
    if (failed)
        printf("    %s\n", first);
    return failed;
}

/* Runs BUG, a bug found and not fixed yet, in a child process and says so.
 * Returns true if it failed, as it must while the bug is there; a bug that
 * no longer fails has been fixed and belongs with the fixed ones. */
static inline bool
vmt_run_open_bug(const struct vmt_known_bug *bug)
{
    char first[512];
    bool failed = vmt_child_fails(bug->run, first, sizeof first);
    if (failed)
        printf("open bug: %s (%s)\n    %s\n", bug->name, bug->where, first);
    else
        printf("fixed: %s (%s): move it to the fixed bugs\n", bug->name, bug->where);
    return failed;
}

#endif
