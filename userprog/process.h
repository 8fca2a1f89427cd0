/* User processes: one kernel thread each, running a program in its own
 * address space, with descriptors, a current directory and a parent. */
#ifndef USERPROG_PROCESS_H
#define USERPROG_PROCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/sync.h"
#include "kernel/trace.h"
#include "lib/list.h"
#include "lib/procinfo.h"

typedef int pid_t;
#define PID_ERROR ((pid_t)-1)
/* The load line's words when the arguments do not fit the first stack page. */
#define LOAD_ARGS_TOO_LONG "command line too long for the stack page"
/* The reason in the `load:` line for a program file a writable mapping maps. */
#define LOAD_MAPPED_WRITABLE "mapped writable by a process"
#define PROCESS_NAME_MAX     64 /* longer names are cut (the exit line shows this much) */

struct fd_table;
struct inode;
struct trap_frame;
struct vm_space;

/* What a parent knows of a child; outlives whichever of the two ends first.
 * [P]: guarded by the process lock. */
struct child_record {
    pid_t pid;                  /* [C] */
    int status;                 /* [P] exit status, valid once exited */
    bool exited;                /* [P] */
    struct semaphore exit_sema; /* upped when the child exits */
    struct list_node node;      /* [P] in the parent's children */
    int refs;                   /* [P] parent and child: freed at 0 */
};

/* [O]: used only by the process's own thread.  [I]: written with
 * interrupts off (the console's Ctrl-C reads them in its interrupt; procinfo
 * and the VM's counting read them too).  [A]: updated atomically by any
 * thread. */
struct process {
    pid_t pid;                   /* [C] */
    pid_t pgid;                  /* [I] process group (job control) */
    volatile bool killed;        /* [I] ends with -1 before user mode again */
    bool oom_killed;             /* [I] ... because memory ran out (vm/oom.c) */
    bool page_lost;              /* [O] a fault found a page lost to a disk error */
    uint64_t page_lost_va;       /* [O] ... that page */
    struct list_node all_node;   /* [I] in the list of all processes */
    char name[PROCESS_NAME_MAX]; /* [C] kept across exec */
    pid_t parent;                /* [C] 0: started by the kernel */
    struct vm_space *space;      /* [O] written with interrupts off too */
    struct thread *thread;       /* [I] its thread, once started */
    pid_t waiting_for;           /* [I] the child it waits for (wait), or 0 */
    struct child_record *waited; /* [I] ... its record (kill wakes the waiter) */
    bool ended;                  /* [I] its exit record is kept: not live */
    enum procinfo_reason reason; /* [O] why it is ending (process_kill_self) */
    uint64_t reason_addr;        /* [O] the address of a bad access, or 0 */
    uint64_t faults_taken;       /* [A] page faults the CPU raised for it */
    uint64_t
        faults[TRACE_FAULT_KIND_COUNT]; /* [A] page faults by kind (the VM's count) */
    struct fd_table *fds;               /* [O] */
    struct inode *cwd;                  /* [O] current directory (NULL: root) */
    struct file *exe_handle;            /* [O] denies writes to the running program */
    uint64_t heap_start, heap_end;      /* [O] sbrk's region */
    struct list children;               /* [P] of struct child_record */
    struct child_record *record;        /* [P] this process in its parent's list */
};

void process_init(void);
/* Runs CMDLINE as the first process and waits for it; prints the console
 * lines around it.  Returns its exit status; never returns once a process
 * has called halt (which powers off with nothing more on the console). */
int process_run(const char *cmdline);
/* The running thread's process, or NULL for a kernel thread. */
struct process *process_current(void);

/* The system calls (see docs/abi.md).  F is the caller's frame. */
pid_t process_fork(const char *name, const struct trap_frame *f);
/* Replaces the program with the command line CMDLINE (a page, freed here);
 * returns only on failure, after which the caller exits -1.  TOO_LONG says
 * CMDLINE is only the prefix of a longer line: exec then refuses it. */
void process_exec(char *cmdline, bool too_long);
int process_wait(pid_t pid);
/* For halt: kills every other process, silently (no exit lines), and returns
 * once none is left but the caller's ancestors that wait for it (each for the
 * next), so that nothing changes the file system any more. */
void process_halt_others(void);
/* Ends the current process with STATUS, printing "NAME: exit(STATUS)". */
void process_exit(int status) __attribute__((noreturn));
/* Kills the current process (status -1) for REASON, with ADDR the address of
 * the bad access or failed fault (0 if none).  The reason goes to the trace,
 * the kill counters, the exit record (procinfo) and, only with the boot
 * option -v, to the console; the console otherwise shows just the exit line.
 * REASON PROC_EXIT_NO_MEMORY also records the kill as process_oom_kill does;
 * a process the VM killed that way dies with that reason whatever REASON
 * its caller gives. */
void process_kill_self(enum procinfo_reason reason, uint64_t addr)
    __attribute__((noreturn));

/* A fault of the current process, in a system call, found its page at VA
 * lost to a disk error on the swap disk: when the call then kills the
 * process for a bad access, the reason is the disk error. */
void process_page_lost(uint64_t va);
/* For the VM: kills process PID because memory and swap are exhausted (see
 * vm/oom.h), VA being where it faulted (0 if it did not): it ends with -1
 * and the reason "out of memory" before it runs user code again.  Records
 * the `oom-kill` event and counts it in oom_kills, once per process.  False
 * if there is no such live process.  Any lock may be held; never sleeps. */
bool process_oom_kill(pid_t pid, uint64_t va);
/* For the VM: counts a page fault of KIND taken by the current process (any
 * lock may be held; nothing sleeps). */
void process_count_fault(enum trace_fault_kind kind);
/* Counts a page fault the CPU raised for the current process (exception.c). */
void process_count_fault_taken(void);
/* Fills OUT with at most MAX records: the live processes in pid order, then
 * the recent exits, newest first.  Returns how many it filled. */
size_t process_list(struct procinfo *out, size_t max);
/* Processes killed since boot for REASON (PROC_EXIT_BAD_ACCESS, ...). */
uint64_t process_kills(enum procinfo_reason reason);
/* The pages of all live processes' address spaces, and of those the
 * resident ones. */
void process_pages(uint64_t *pages, uint64_t *resident);

/* Waits like process_wait if child PID has ended (stores its status in
 * *STATUS, returns 1); returns 0 if it still runs, -1 if it is not a child
 * that can be waited for. */
int process_trywait(pid_t pid, int *status);
/* Puts process PID (0: the caller), which must be the caller or its child,
 * in group PGID (0: PID's own number).  Returns 0, or -1. */
int process_setpgid(pid_t pid, pid_t pgid);
/* Marks for killing process PID if PID > 0, else every process of group
 * -PID; each ends with -1 before it runs user code again (a keyboard
 * reader stops waiting).  Returns how many were marked.  Safe in interrupt
 * handlers. */
unsigned process_kill(pid_t pid);
/* Ends the current process with -1 if it has been killed. */
void process_check_killed(void);
/* True if the current process has been killed. */
bool process_is_killed(void);

/* Sleeps until every process has ended (orphans included), GRACE timer ticks
 * at most: the processes still running then are killed, and it sleeps until
 * they have ended. */
void process_wait_all(int64_t grace);
/* Processes alive now. */
unsigned process_count(void);

#endif
