/* ps: lists the processes (system call 31, procinfo): the live ones, then the
 * latest that ended, with why.  One line each:
 *     PID PPID STATE RESIDENT SWAPPED FAULTS NAME [how it ended]
 * RESIDENT and SWAPPED are pages (for an ended process: at its end), FAULTS
 * the page faults it took.  Exit status 0, or 1 if the call failed. */
#include "lib/procinfo.h"
#include "stdio.h"
#include "syscall.h"

#define MAX_RECORDS 128

static struct procinfo records[MAX_RECORDS];

/* The name of state S. */
static const char *
state_name(uint32_t s)
{
    static const char *const names[] = {"running", "ready", "blocked", "exited"};
    return s < sizeof names / sizeof names[0] ? names[s] : "?";
}

/* Prints how the ended process R ended after its name. */
static void
print_end(const struct procinfo *r)
{
    static const char *const why[PROC_EXIT_REASONS] = {"", "bad access", "out of memory",
                                                       "killed", "disk error"};
    if (r->reason == PROC_EXIT_NORMAL || r->reason >= PROC_EXIT_REASONS)
        printf("%5d %5d %-8s %8llu %8llu %8llu  %s: exit(%d)\n", r->pid, r->parent,
               state_name(r->state), (unsigned long long)r->resident,
               (unsigned long long)r->swapped, (unsigned long long)r->faults, r->name,
               r->status);
    else
        printf("%5d %5d %-8s %8llu %8llu %8llu  %s: exit(%d), %s at %#llx\n", r->pid,
               r->parent, state_name(r->state), (unsigned long long)r->resident,
               (unsigned long long)r->swapped, (unsigned long long)r->faults, r->name,
               r->status, why[r->reason], (unsigned long long)r->addr);
}

/* Fetches the records and prints the table. */
int
main(void)
{
    int n = procinfo(records, MAX_RECORDS);
    if (n < 0) {
        printf("ps: cannot read the process list\n");
        return 1;
    }
    printf("%5s %5s %-8s %8s %8s %8s  %s\n", "PID", "PPID", "STATE", "RESIDENT",
           "SWAPPED", "FAULTS", "NAME");
    for (int i = 0; i < n; i++) {
        const struct procinfo *r = &records[i];
        if (r->state == PROC_EXITED)
            print_end(r);
        else
            printf("%5d %5d %-8s %8llu %8llu %8llu  %s\n", r->pid, r->parent,
                   state_name(r->state), (unsigned long long)r->resident,
                   (unsigned long long)r->swapped, (unsigned long long)r->faults,
                   r->name);
    }
    return 0;
}
