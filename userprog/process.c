/* Processes: creation, exec, fork, wait and exit (see process.h). */
#include "userprog/process.h"

#include "arch/x86_64/intr.h"
#include "arch/x86_64/usermode.h"
#include "dev/serial.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "arch/x86_64/intr.h"
#include "arch/x86_64/trap.h"
#include "kernel/debug.h"
#include "kernel/malloc.h"
#include "kernel/cmdline.h"
#include "kernel/palloc.h"
#include "kernel/printf.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "kernel/trace.h"
#include "lib/string.h"
#include "userprog/fd.h"
#include "userprog/loader.h"
#include "userprog/tty.h"
#include "vm/vm.h"

#define CMDLINE_MAX 4096 /* a command line and its argv must fit one page */
#define ARGS_MAX    (CMDLINE_MAX / 2)

static struct lock process_lock;  /* guards child records and the counters */
static struct condition all_gone; /* signalled when n_processes drops to 0 */
static bool initialized;
static bool halting;    /* [I] halt is ending every process but its caller */
static bool ending_all; /* [I] power-off is ending the processes left */
static pid_t next_pid = 1;
static unsigned n_processes;
/* Every process, guarded by disabling interrupts (the console walks it in
 * its interrupt to kill the foreground group). */
static struct list all_processes;
static struct procinfo exits[PROCINFO_EXITS]; /* [I] the latest exit records */
static struct lock info_lock; /* held to read another process's space (procinfo),
                               * and to change a space pointer or free a process */
static unsigned n_exits;      /* [I] exit records ever written */
static uint64_t
    kills[PROC_EXIT_REASONS]; /* [I] processes that ran and ended, by reason */

void
process_init(void)
{
    lock_init(&process_lock);
    cond_init(&all_gone);
    list_init(&all_processes);
    lock_init(&info_lock);
    trap_set_user_return_hook(process_check_killed);
    initialized = true;
}

/* Adds P to the list of all processes, in group PGID (0: its own). */
static void
process_list_add(struct process *p, pid_t pgid)
{
    enum intr_level old = intr_disable();
    p->pgid = pgid != 0 ? pgid : p->pid;
    p->killed = halting || ending_all;
    list_push_back(&all_processes, &p->all_node);
    intr_set_level(old);
}

/* Takes P off the list of all processes (before it is freed). */
static void
process_list_remove(struct process *p)
{
    enum intr_level old = intr_disable();
    list_remove(&p->all_node);
    intr_set_level(old);
}

/* The live process PID, or NULL.  Interrupts off. */
static struct process *
find_live(pid_t pid)
{
    struct list_node *node;
    list_for_each(node, &all_processes)
    {
        struct process *p = list_entry(node, struct process, all_node);
        if (p->pid == pid && !p->ended)
            return p;
    }
    return NULL;
}

/* Whether P, waiting for its child CHILD, gives up waiting: P is killed
 * and CHILD runs on, not killed (a killed child ends soon, and its exit line
 * comes first).  Never while halting: halt keeps its caller's ancestors
 * waiting for it (process_halt_others).  Interrupts off. */
static bool
wait_given_up(const struct process *p, pid_t child)
{
    if (!p->killed || halting)
        return false;
    const struct process *c = find_live(child);
    return c != NULL && !c->killed;
}

/* Wakes every process blocked in wait that gives up waiting
 * (wait_given_up; process_wait).  Interrupts off. */
static void
wake_killed_waiters(void)
{
    struct list_node *node;
    list_for_each(node, &all_processes)
    {
        struct process *p = list_entry(node, struct process, all_node);
        if (p->waited != NULL && wait_given_up(p, p->waiting_for)) {
            sema_up(&p->waited->exit_sema);
            p->waited = NULL; /* once */
        }
    }
}

unsigned
process_kill(pid_t pid)
{
    unsigned n = 0;
    enum intr_level old = intr_disable();
    struct list_node *node;
    list_for_each(node, &all_processes)
    {
        struct process *p = list_entry(node, struct process, all_node);
        if (pid > 0 ? p->pid == pid : p->pgid == -pid) {
            p->killed = true;
            n++;
        }
    }
    wake_killed_waiters();
    if (n > 0)
        serial_wake_readers(); /* a killed keyboard reader stops waiting */
    intr_set_level(old);
    return n;
}

bool
process_is_killed(void)
{
    struct process *p = process_current();
    return p != NULL && p->killed;
}

void
process_check_killed(void)
{
    if (process_is_killed()) {
        intr_enable();
        process_kill_self(PROC_EXIT_KILLED, 0);
    }
}

/* Marks P killed for lack of memory (VA: where it faulted, or 0), once:
 * the `oom-kill` event and the oom_kills counter.  Interrupts off. */
static void
oom_mark(struct process *p, uint64_t va)
{
    if (p->oom_killed)
        return;
    p->oom_killed = true;
    p->killed = true;
    trace_oom_kill(p->pid, va);
    vm_count(&vm_counters.oom_kills);
}

bool
process_oom_kill(pid_t pid, uint64_t va)
{
    enum intr_level old = intr_disable();
    struct process *p = find_live(pid);
    if (p != NULL) {
        oom_mark(p, va);
        wake_killed_waiters(); /* a victim in wait must end to free memory */
    }
    intr_set_level(old);
    return p != NULL;
}

/* The child record of PID in the current process's children, or NULL.
 * Process lock held. */
static struct child_record *
find_child(pid_t pid)
{
    struct list_node *n;
    list_for_each(n, &process_current()->children)
    {
        struct child_record *r = list_entry(n, struct child_record, node);
        if (r->pid == pid)
            return r;
    }
    return NULL;
}

int
process_setpgid(pid_t pid, pid_t pgid)
{
    struct process *self = process_current();
    if (pid == 0)
        pid = self->pid;
    if (pgid == 0)
        pgid = pid;
    if (pid < 0 || pgid < 0)
        return -1;
    lock_acquire(&process_lock);
    bool mine = pid == self->pid || find_child(pid) != NULL;
    lock_release(&process_lock);
    if (!mine)
        return -1;
    int result = -1;
    enum intr_level old = intr_disable();
    struct list_node *node;
    list_for_each(node, &all_processes)
    {
        struct process *p = list_entry(node, struct process, all_node);
        if (p->pid == pid) {
            p->pgid = pgid;
            result = 0;
        }
    }
    intr_set_level(old);
    return result;
}

/* Kills every process, and every one started from now on (each prints its
 * exit line as it ends); keyboard readers wake.  Each ends before it runs
 * user code again, and a parent waiting for a child ends once the child,
 * killed too, has.  Process lock held. */
static void
kill_all_left(void)
{
    enum intr_level old = intr_disable();
    ending_all = true;
    struct list_node *node;
    list_for_each(node, &all_processes)
    {
        list_entry(node, struct process, all_node)->killed = true;
    }
    serial_wake_readers();
    intr_set_level(old);
}

void
process_wait_all(int64_t grace)
{
    if (!initialized)
        return; /* powering off before processes could exist */
    int64_t start = timer_ticks();
    lock_acquire(&process_lock);
    while (n_processes > 0 && timer_elapsed(start) < grace) {
        lock_release(&process_lock);
        timer_sleep(TIMER_FREQ / 10);
        lock_acquire(&process_lock);
    }
    if (n_processes > 0)
        kill_all_left();
    while (n_processes > 0)
        cond_wait(&all_gone, &process_lock);
    lock_release(&process_lock);
}

/* Counts a process gone.  Process lock held. */
static void
process_gone(void)
{
    if (--n_processes == 0)
        cond_broadcast(&all_gone, &process_lock);
}

struct process *
process_current(void)
{
    return thread_current()->process;
}

unsigned
process_count(void)
{
    return n_processes;
}

/* Drops one of REC's two references; frees it with the last.  Lock held. */
static void
record_put(struct child_record *rec)
{
    if (--rec->refs == 0)
        free(rec);
}

/* A new process named NAME in group PGID (0: its own), with a record in
 * PARENT_LIST (may be NULL for the first process, whose record the caller
 * keeps).  NULL if out of memory. */
static struct process *
process_new(const char *name, struct list *parent_list, pid_t pgid)
{
    struct process *p = calloc(1, sizeof *p);
    struct child_record *rec = calloc(1, sizeof *rec);
    if (p == NULL || rec == NULL) {
        free(p);
        free(rec);
        return NULL;
    }
    strlcpy(p->name, name, sizeof p->name);
    list_init(&p->children);
    sema_init(&rec->exit_sema, 0);
    rec->refs = 2;
    p->parent = trace_pid();
    lock_acquire(&process_lock);
    p->pid = rec->pid = next_pid++;
    n_processes++;
    if (parent_list != NULL)
        list_push_back(parent_list, &rec->node);
    lock_release(&process_lock);
    p->record = rec;
    process_list_add(p, pgid);
    trace_start(p->pid, p->parent, p->name);
    return p;
}

/* Copies the first word of CMDLINE (at most SIZE - 1 bytes) into NAME. */
static void
first_word(const char *cmdline, char *name, size_t size)
{
    while (*cmdline == ' ')
        cmdline++;
    size_t n = 0;
    while (cmdline[n] != '\0' && cmdline[n] != ' ' && n + 1 < size)
        n++;
    memcpy(name, cmdline, n);
    name[n] = '\0';
}

/* Splits CMDLINE in place into ARGV (at most MAX words); returns the count. */
static int
split_words(char *cmdline, char **argv, int max)
{
    int argc = 0;
    char *save, *w;
    for (w = strtok_r(cmdline, " ", &save); w != NULL && argc < max;
         w = strtok_r(NULL, " ", &save))
        argv[argc++] = w;
    return argc;
}

/* Builds the initial stack in the frame KVA of the page below USER_STACK:
 * the words, argv[] and a fake return address, exactly as docs/abi.md says.
 * Sets F's rsp, rdi and rsi; ARGV's entries become user addresses.  False if
 * it does not fit in the page. */
static bool
push_arguments(uint8_t *kva, char **argv, int argc, struct trap_frame *f)
{
    uint64_t sp = USER_STACK;
    uint64_t base = USER_STACK - VM_PAGE_SIZE;
    for (int i = argc - 1; i >= 0; i--) {
        size_t n = strlen(argv[i]) + 1;
        if (sp - base < n)
            return false;
        sp -= n;
        memcpy(kva + (sp - base), argv[i], n);
        argv[i] = (char *)sp; /* from now on: the word's user address */
    }
    sp &= ~7UL;
    if (sp - base < (argc + 2) * 8UL)
        return false;
    sp -= 8;
    memset(kva + (sp - base), 0, 8); /* argv[argc] */
    for (int i = argc - 1; i >= 0; i--) {
        sp -= 8;
        memcpy(kva + (sp - base), &argv[i], 8);
    }
    f->rsi = sp;
    f->rdi = argc;
    sp -= 8;
    memset(kva + (sp - base), 0, 8); /* fake return address */
    f->rsp = sp;
    return true;
}

/* True if the words ARGV and their argv[] array fit the first stack page
 * (push_arguments' layout, with its rounding). */
static bool
arguments_fit(char **argv, int argc)
{
    uint64_t bytes = 0;
    for (int i = 0; i < argc; i++)
        bytes += strlen(argv[i]) + 1;
    bytes = (bytes + 7) & ~7UL;
    return bytes + (argc + 2) * 8UL <= VM_PAGE_SIZE;
}

/* Gives SPACE its first stack page, holding the arguments ARGV (see
 * push_arguments).  False if out of memory or they do not fit. */
static bool
push_stack(struct vm_space *space, char **argv, int argc, struct trap_frame *f)
{
    uint64_t page = USER_STACK - VM_PAGE_SIZE;
    if (!vm_map_anon(space, page, USER_STACK, REGION_STACK, true, false))
        return false;
    void *kva = vm_claim(space, page);
    if (kva == NULL)
        return false;
    bool ok = push_arguments(kva, argv, argc, f);
    vm_unclaim(space, page);
    return ok;
}

/* Loads the program ARGV[0] with arguments ARGV into a new address space.
 * Returns it with *EXE open on the executable, or NULL after printing the
 * ABI's `load:` line. */
static struct vm_space *
load_program_args(char **argv, int argc, struct file **exe, struct trap_frame *f,
                  uint64_t *heap)
{
    const char *name = argc > 0 ? argv[0] : "";
    struct process *p = process_current();
    *exe = argc > 0 ? file_open(p->cwd, name) : NULL;
    if (*exe == NULL) {
        printf("load: %s: open failed\n", name);
        return NULL;
    }
    if (!file_try_deny_write(*exe)) { /* a write through it would change the program */
        printf("load: %s: %s\n", name, LOAD_MAPPED_WRITABLE);
        file_close(*exe);
        return NULL;
    }
    if (!arguments_fit(argv, argc)) {
        printf("load: %s: %s\n", name, LOAD_ARGS_TOO_LONG);
        file_close(*exe);
        return NULL;
    }
    struct vm_space *space = vm_space_create();
    struct load_info info;
    if (space != NULL) {
        space->exe = file_reopen(*exe);
        space->pid = process_current()->pid;
        usermode_frame_init(f, 0, 0);
        if (space->exe != NULL && loader_load(space, space->exe, &info) &&
            push_stack(space, argv, argc, f)) {
            f->rip = info.entry;
            *heap = info.image_end;
            return space;
        }
        vm_space_destroy(space);
    }
    printf("load: %s: error loading executable\n", name);
    file_close(*exe);
    return NULL;
}

/* Loads the program named by the first word of CMDLINE (split in place). */
static struct vm_space *
load_program(char *cmdline, struct file **exe, struct trap_frame *f, uint64_t *heap)
{
    char **argv = malloc(ARGS_MAX * sizeof *argv);
    if (argv == NULL) {
        printf("load: out of memory\n");
        return NULL;
    }
    int argc = split_words(cmdline, argv, ARGS_MAX);
    struct vm_space *space = load_program_args(argv, argc, exe, f, heap);
    free(argv);
    return space;
}

/* Swaps the current process onto SPACE, running EXE, and enters user mode. */
static void __attribute__((noreturn))
process_switch_image(struct vm_space *space, struct file *exe, uint64_t heap,
                     const struct trap_frame *f)
{
    struct process *p = process_current();
    lock_acquire(&info_lock);
    struct vm_space *old = p->space;
    p->space = space; /* process_list reads it holding the lock */
    lock_release(&info_lock);
    thread_set_pmap(space->pmap);
    if (old != NULL)
        vm_space_destroy(old);
    file_close(p->exe_handle); /* allows writes to the old program again */
    p->exe_handle = exe;
    file_deny_write(exe);
    p->heap_start = p->heap_end = heap;
    usermode_enter(f);
}

void
process_exec(char *cmdline, bool too_long)
{
    struct trap_frame f;
    struct file *exe;
    uint64_t heap;
    if (too_long) {
        char name[PROCESS_NAME_MAX];
        first_word(cmdline, name, sizeof name);
        printf("load: %s: %s\n", name, LOAD_ARGS_TOO_LONG);
        palloc_free_page(cmdline);
        return;
    }
    struct vm_space *space = load_program(cmdline, &exe, &f, &heap);
    if (space != NULL)
        trace_exec(process_current()->pid, cmdline); /* its first word, the program */
    palloc_free_page(cmdline);
    if (space != NULL)
        process_switch_image(space, exe, heap, &f);
}

/* Releases what the current process holds, except its record. */
static void
process_release(struct process *p)
{
    struct thread *t = thread_current();
    if (p->space != NULL) {
        thread_set_pmap(NULL);
        lock_acquire(&info_lock);
        struct vm_space *space = p->space;
        p->space = NULL; /* process_list reads it holding the lock */
        lock_release(&info_lock);
        vm_space_destroy(space);
    }
    if (p->fds != NULL)
        fd_table_destroy(p->fds);
    file_close(p->exe_handle);
    inode_close(p->cwd);
    lock_acquire(&process_lock);
    while (!list_empty(&p->children)) {
        struct list_node *n = list_pop_front(&p->children);
        record_put(list_entry(n, struct child_record, node));
    }
    lock_release(&process_lock);
    t->process = NULL;
}

/* The state P's thread is in.  Interrupts off. */
static enum procinfo_state
state_of(const struct process *p)
{
    if (p->thread == NULL)
        return PROC_READY; /* created, not yet running */
    switch (p->thread->state) {
    case THREAD_RUNNING:
        return PROC_RUNNING;
    case THREAD_READY:
        return PROC_READY;
    default:
        return PROC_BLOCKED;
    }
}

_Static_assert(TRACE_FAULT_KIND_COUNT <= PROCINFO_FAULT_KINDS,
               "room for every fault kind");

/* Fills *R with what P looks like now.  P is the caller, or info_lock is held
 * (so P and its space stay); may sleep on the space's lock. */
static void
describe(const struct process *p, struct procinfo *r)
{
    memset(r, 0, sizeof *r);
    r->pid = p->pid;
    r->parent = p->parent;
    strlcpy(r->name, p->name, sizeof r->name);
    r->state = state_of(p);
    r->reason = p->reason;
    r->addr = p->reason_addr;
    struct vm_space *space = p->space;
    if (space != NULL) {
        r->pages = vm_space_pages(space);
        r->resident = vm_space_resident(space);
        r->swapped = vm_space_swapped(space);
    }
    r->faults = __atomic_load_n(&p->faults_taken, __ATOMIC_RELAXED);
    for (int k = 0; k < TRACE_FAULT_KIND_COUNT; k++)
        r->faults_by_kind[k] = __atomic_load_n(&p->faults[k], __ATOMIC_RELAXED);
}

/* Keeps P's exit record, with STATUS, for process_list (which no longer lists
 * P as live); if it RAN, counts it by its reason. */
static void
record_exit(struct process *p, int status, bool ran)
{
    struct procinfo rec;
    describe(p, &rec);
    rec.state = PROC_EXITED;
    rec.status = status;
    enum intr_level old = intr_disable();
    exits[n_exits++ % PROCINFO_EXITS] = rec;
    if (ran)
        kills[p->reason]++;
    p->ended = true; /* process_list shows the exit record from now on */
    intr_set_level(old);
}

void
process_kill_self(enum procinfo_reason reason, uint64_t addr)
{
    static const char *const why[PROC_EXIT_REASONS] = {
        "exit", "bad access", "out of memory", "killed", "disk error"};
    struct process *p = process_current();
    ASSERT(p != NULL && reason < PROC_EXIT_REASONS);
    enum intr_level old = intr_disable();
    if (reason == PROC_EXIT_NO_MEMORY)
        oom_mark(p, addr);
    if (p->oom_killed) /* however it noticed: a failed fault, a kill check */
        reason = PROC_EXIT_NO_MEMORY;
    intr_set_level(old);
    if (reason == PROC_EXIT_BAD_ACCESS && p->page_lost) { /* a system call's fault */
        reason = PROC_EXIT_DISK_ERROR;
        addr = p->page_lost_va;
    }
    p->reason = reason;
    p->reason_addr = addr;
    if (kernel_options.verbose)
        printf("hwan: %s (pid %d) killed: %s at %#llx\n", p->name, p->pid, why[reason],
               (unsigned long long)addr);
    process_exit(-1);
}

void
process_page_lost(uint64_t va)
{
    struct process *p = process_current();
    if (p != NULL && !p->page_lost) {
        p->page_lost = true;
        p->page_lost_va = va;
    }
}

void
process_count_fault(enum trace_fault_kind kind)
{
    struct process *p = process_current();
    if (p != NULL && (unsigned)kind < TRACE_FAULT_KIND_COUNT)
        __atomic_fetch_add(&p->faults[kind], 1, __ATOMIC_RELAXED);
}

void
process_count_fault_taken(void)
{
    struct process *p = process_current();
    if (p != NULL)
        __atomic_fetch_add(&p->faults_taken, 1, __ATOMIC_RELAXED);
}

size_t
process_list(struct procinfo *out, size_t max)
{
    size_t n = 0;
    lock_acquire(&info_lock); /* no process is freed, no space changes */
    struct list_node *node;
    list_for_each(node, &all_processes)
    {
        struct process *p = list_entry(node, struct process, all_node);
        if (n == max)
            break;
        if (!p->ended)
            describe(p, &out[n++]);
    }
    enum intr_level old = intr_disable();
    unsigned kept = n_exits < PROCINFO_EXITS ? n_exits : PROCINFO_EXITS;
    for (unsigned i = 1; i <= kept && n < max; i++)
        out[n++] = exits[(n_exits - i) % PROCINFO_EXITS];
    intr_set_level(old);
    lock_release(&info_lock);
    return n;
}

void
process_pages(uint64_t *pages, uint64_t *resident)
{
    *pages = *resident = 0;
    lock_acquire(&info_lock);
    struct list_node *n;
    list_for_each(n, &all_processes)
    {
        struct process *p = list_entry(n, struct process, all_node);
        if (p->space != NULL && !p->ended) {
            *pages += vm_space_pages(p->space);
            *resident += vm_space_resident(p->space);
        }
    }
    lock_release(&info_lock);
}

uint64_t
process_kills(enum procinfo_reason reason)
{
    return (unsigned)reason < PROC_EXIT_REASONS ? kills[reason] : 0;
}

void
process_exit(int status)
{
    struct process *p = process_current();
    ASSERT(p != NULL);
    if (!halting) /* halt powers off without exit lines */
        printf("%s: exit(%d)\n", p->name, status);
    trace_exit(p->pid, status, p->reason, p->reason_addr);
    record_exit(p, status, true);
    process_release(p);
    lock_acquire(&process_lock);
    struct child_record *rec = p->record;
    rec->status = status;
    rec->exited = true;
    sema_up(&rec->exit_sema);
    record_put(rec);
    process_gone();
    lock_release(&process_lock);
    lock_acquire(&info_lock);
    process_list_remove(p);
    lock_release(&info_lock);
    free(p);
    thread_exit();
}

/* What a new process's thread needs to start: the first program's command
 * line, or the parent of a fork. */
struct start_info {
    struct process *p;
    char *cmdline;                  /* first process */
    struct process *parent;         /* fork */
    const struct trap_frame *frame; /* fork: the parent's registers */
    struct thread *parent_thread;
    struct semaphore done; /* fork: upped once the copy is made */
    bool ok;
};

/* Records that P runs on the current thread. */
static void
process_set_thread(struct process *p)
{
    enum intr_level old = intr_disable();
    p->thread = thread_current();
    intr_set_level(old);
}

/* Thread of the first process: set up, then exec its command line. */
static void
process_start_first(void *aux)
{
    struct start_info *si = aux;
    struct process *p = si->p;
    thread_current()->process = p;
    process_set_thread(p);
    p->fds = fd_table_create();
    if (p->fds != NULL && thread_fpu_alloc(thread_current(), NULL))
        process_exec(si->cmdline, false);
    else
        palloc_free_page(si->cmdline);
    process_exit(-1);
}

/* Frees P (never started) and its child's side of the record, if P exists.
 * The caller still holds the parent's side. */
static void
process_discard(struct process *p)
{
    if (p == NULL)
        return;
    p->reason = PROC_EXIT_NO_MEMORY;
    trace_exit(p->pid, -1, p->reason, 0);
    record_exit(p, -1, false);
    lock_acquire(&process_lock);
    record_put(p->record);
    process_gone();
    lock_release(&process_lock);
    lock_acquire(&info_lock);
    process_list_remove(p);
    lock_release(&info_lock);
    free(p);
}

int
process_run(const char *cmdline)
{
    char name[PROCESS_NAME_MAX];
    first_word(cmdline, name, sizeof name);
    printf("Executing '%s':\n", cmdline);
    struct start_info si = {0};
    si.p = process_new(name, NULL, 0);
    si.cmdline = palloc_get_page(0);
    int status = -1;
    if (si.p != NULL && si.cmdline != NULL) {
        strlcpy(si.cmdline, cmdline, CMDLINE_MAX);
        struct child_record *rec = si.p->record;
        /* Before the program can run, so that it may give the console up. */
        tty_set_foreground(si.p->pgid);
        if (thread_create_detached(name, process_start_first, &si) != TID_ERROR) {
            sema_down(&rec->exit_sema);
            status = rec->status;
        } else {
            process_discard(si.p);
            palloc_free_page(si.cmdline);
        }
        tty_set_foreground(0);
        lock_acquire(&process_lock);
        record_put(rec);
        lock_release(&process_lock);
    } else if (si.p != NULL) {
        struct child_record *rec = si.p->record;
        process_discard(si.p);
        lock_acquire(&process_lock);
        record_put(rec);
        lock_release(&process_lock);
    } else {
        palloc_free_page(si.cmdline);
    }
    while (halting)
        timer_sleep(TIMER_FREQ); /* halt powers off: nothing more is printed */
    printf("Execution of '%s' complete.\n", cmdline);
    return status;
}

/* Makes child P a copy of PARENT (running on PARENT_THREAD): memory, open
 * files, directory, program.  Runs in the child's thread.  False if out of
 * memory (P then holds whatever was copied, for process_release). */
static bool
fork_copy(struct process *p, struct process *parent, struct thread *parent_thread)
{
    struct thread *t = thread_current();
    p->heap_start = parent->heap_start;
    p->heap_end = parent->heap_end;
    p->cwd = parent->cwd ? inode_reopen(parent->cwd) : NULL;
    p->fds = fd_table_copy(parent->fds);
    p->exe_handle = file_reopen(parent->exe_handle);
    p->space = vm_space_create();
    if (p->fds == NULL || p->exe_handle == NULL || p->space == NULL)
        return false;
    file_deny_write(p->exe_handle);
    p->space->exe = file_reopen(parent->space->exe);
    p->space->pid = p->pid;
    if (p->space->exe == NULL || !vm_space_copy(p->space, parent->space))
        return false;
    thread_set_pmap(p->space->pmap);
    return thread_fpu_alloc(t, parent_thread);
}

/* Thread of a forked child: copies the parent, tells it how that went, and
 * returns to user mode with fork's result 0. */
static void
process_start_fork(void *aux)
{
    struct start_info *si = aux;
    struct process *p = si->p;
    thread_current()->process = p;
    process_set_thread(p);
    struct trap_frame f = *si->frame;
    f.rax = 0;
    si->ok = fork_copy(p, si->parent, si->parent_thread);
    if (!si->ok) {
        process_release(p);
        process_discard(p); /* the parent removes its side of the record */
        sema_up(&si->done);
        thread_exit();
    }
    sema_up(&si->done);
    usermode_enter(&f);
}

pid_t
process_fork(const char *name, const struct trap_frame *f)
{
    struct process *parent = process_current();
    struct start_info si = {
        .parent = parent, .frame = f, .parent_thread = thread_current()};
    sema_init(&si.done, 0);
    si.p = process_new(name, &parent->children, parent->pgid);
    if (si.p == NULL)
        return PID_ERROR;
    struct child_record *rec = si.p->record;
    pid_t pid = si.p->pid;
    if (thread_create_detached(name, process_start_fork, &si) == TID_ERROR) {
        si.ok = false;
        process_discard(si.p);
    } else {
        sema_down(&si.done);
    }
    if (si.ok)
        return pid;
    lock_acquire(&process_lock);
    list_remove(&rec->node);
    record_put(rec);
    lock_release(&process_lock);
    return PID_ERROR;
}

int
process_wait(pid_t pid)
{
    lock_acquire(&process_lock);
    struct child_record *rec = find_child(pid);
    if (rec != NULL)
        list_remove(&rec->node); /* a second wait finds nothing */
    lock_release(&process_lock);
    if (rec == NULL)
        return -1;
    struct process *self = process_current();
    enum intr_level old = intr_disable();
    self->waiting_for = pid; /* process_halt_others knows what it waits for */
    self->waited = wait_given_up(self, pid) ? NULL : rec;
    intr_set_level(old);
    if (self->waited != NULL)
        sema_down(&rec->exit_sema); /* upped by the child's exit or by kill */
    old = intr_disable();
    self->waiting_for = 0;
    self->waited = NULL;
    intr_set_level(old);
    lock_acquire(&process_lock);
    /* killed first: the caller ends before user mode, the child goes on */
    int status = rec->exited ? rec->status : -1;
    record_put(rec);
    lock_release(&process_lock);
    return status;
}

/* True if no process is left but SELF and the chain of its ancestors that
 * wait, each for the one before: those never run again.  Interrupts off. */
static bool
others_gone(const struct process *self)
{
    size_t stuck = 1;
    const struct process *waited = self;
    for (bool found = true; found;) {
        found = false;
        struct list_node *node;
        list_for_each(node, &all_processes)
        {
            struct process *p = list_entry(node, struct process, all_node);
            if (p->pid == waited->parent && !p->ended && p->waiting_for == waited->pid) {
                stuck++;
                waited = p;
                found = true;
                break;
            }
        }
    }
    return list_size(&all_processes) == stuck;
}

void
process_halt_others(void)
{
    struct process *self = process_current();
    for (;;) {
        enum intr_level old = intr_disable();
        halting = true; /* from now on new processes start killed */
        bool done = others_gone(self);
        struct list_node *node;
        list_for_each(node, &all_processes)
        {
            struct process *p = list_entry(node, struct process, all_node);
            p->killed |= p != self;
        }
        serial_wake_readers();
        intr_set_level(old);
        if (done)
            return;
        timer_sleep(1);
    }
}

int
process_trywait(pid_t pid, int *status)
{
    lock_acquire(&process_lock);
    struct child_record *rec = find_child(pid);
    int result = rec == NULL ? -1 : rec->exited;
    if (result == 1) {
        *status = rec->status;
        list_remove(&rec->node);
        record_put(rec);
    }
    lock_release(&process_lock);
    return result;
}
