/* The kernel command line: options first, then actions.
 *
 *   -q          power off when the actions are done (else: the monitor)
 *   -ul=N       cap the user pool at N pages
 *   -fs=DEV     the file-system disk (default vda if present, else hda)
 *   -swap=DEV   the swap disk (default vdb, else hdb)
 *   -scratch=DEV the scratch disk for tests (default vdc, else hdc)
 *   -eager-fork  fork copies memory at once (no copy-on-write, shared code or
 *                zero page): for comparisons
 *   -pintos     also print Pintos's boot and power-off lines (kernel/pintos.h)
 *   -evict=NAME the replacement policy (vm/policy.h): clock (the default),
 *               fifo, random, aging
 *   -v          verbose: also print on the console why a process was killed
 *   -trace[=N]  record VM and process events in a ring of N events (default
 *               TRACE_DEFAULT_EVENTS) and send them to the host (kernel/trace.h)
 *   -h          print this help and power off at once
 *   ktest NAME...   run in-kernel self tests ("ktest list" lists them)
 *   run 'CMD'       run a user program and wait for it
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

struct kernel_options {
    bool power_off;            /* -q */
    bool help;                 /* -h: print the usage and power off */
    bool pintos;               /* -pintos: Pintos's boot and power-off lines */
    size_t user_pages;         /* -ul=N, 0 = no cap */
    const char *disk_names[3]; /* -fs=, -swap=, -scratch=, by enum block_role;
                                  NULL: the default */
    size_t trace_events;       /* -trace[=N]: ring size, 0 = no trace */
    bool verbose;              /* -v */
};

#define TRACE_DEFAULT_EVENTS 8192

extern struct kernel_options kernel_options;

/* Splits S in place into words (single quotes group words and are removed);
 * stores at most MAX pointers in ARGV and returns the count, or -1 if there
 * are too many words or a quote is not closed. */
int cmdline_split(char *s, char **argv, int max);
/* Parses the options at the front of ARGV into kernel_options.  Returns the
 * index of the first action, or -1 after printing an error. */
int cmdline_parse_options(int argc, char **argv);
/* Runs the actions in ARGV.  Returns true if all of them succeeded. */
bool cmdline_run_actions(int argc, char **argv);
/* Prints the usage text. */
void cmdline_usage(void);

#endif
