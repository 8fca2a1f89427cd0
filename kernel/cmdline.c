/* Command-line parsing and the actions it names (see cmdline.h). */
#include "kernel/cmdline.h"

#include <stdint.h>

#include "kernel/ktest.h"
#include "userprog/process.h"
#include "vm/policy.h"
#include "vm/swap.h"
#include "vm/pagecache.h"
#include "vm/vm.h"
#include "kernel/printf.h"
#include "lib/ctype.h"
#include "lib/string.h"

struct kernel_options kernel_options; /* disk_names NULL: the defaults (main.c) */

/* Options that name the disk of a role, in enum block_role order. */
static const char *const disk_options[] = {"-fs=", "-swap=", "-scratch="};

int
cmdline_split(char *s, char **argv, int max)
{
    int argc = 0;
    char *out = s;
    while (*s) {
        while (*s == ' ')
            s++;
        if (*s == '\0')
            break;
        if (argc == max)
            return -1;
        argv[argc++] = out;
        while (*s && *s != ' ') {
            if (*s == '\'') {
                char *end = strchr(s + 1, '\'');
                if (end == NULL)
                    return -1;
                size_t n = end - (s + 1);
                memmove(out, s + 1, n);
                out += n;
                s = end + 1;
            } else {
                *out++ = *s++;
            }
        }
        if (*s)
            s++;
        *out++ = '\0';
    }
    return argc;
}

void
cmdline_usage(void)
{
    printf("usage: [OPTION]... [ACTION]...\n"
           "options:\n"
           "  -q          power off when the actions are done\n"
           "  -ul=N       cap the user pool at N pages\n"
           "  -fs=DEV     the file-system disk (default vda, else hda)\n"
           "  -swap=DEV   the swap disk (default vdb, else hdb)\n"
           "  -scratch=DEV  the scratch disk for tests (default vdc, else hdc)\n"
           "  -eager-fork fork copies memory at once; no zero page\n"
           "  -no-page-cache  no page cache: file pages private, read/write to ext2\n"
           "  -no-readahead   no file read-ahead, no fault-around of mapped files\n"
           "  -readahead=N    largest file read-ahead window, pages (default 64)\n"
           "  -pintos     also print the boot and power-off lines of Pintos\n"
           "  -evict=NAME the replacement policy: clock (default), fifo, random, aging\n"
           "  -swapcluster=N  pages one eviction writes to swap together (default 32)\n"
           "  -swapra=N   pages a swap-in reads ahead (default 7; 0: none)\n"
           "  -v          say on the console why a process was killed\n"
           "  -trace[=N]  send VM and process events to the host (a ring of N events)\n"
           "  -h          show this help and power off\n"
           "actions:\n"
           "  ktest NAME...   run in-kernel self tests ('ktest list' lists them)\n"
           "  run 'CMD'       run a user program and wait for it\n");
}

/* If A is one of the disk-role options, records it and returns true. */
static bool
parse_disk_option(const char *a)
{
    for (int r = 0; r < 3; r++) {
        size_t n = strlen(disk_options[r]);
        if (strncmp(a, disk_options[r], n) == 0) {
            kernel_options.disk_names[r] = a + n;
            return true;
        }
    }
    return false;
}

/* Parses a decimal number into *OUT; false if S is not one. */
static bool
parse_size(const char *s, size_t *out)
{
    size_t v = 0;
    if (*s == '\0')
        return false;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s) || v > (SIZE_MAX - 9) / 10)
            return false;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return true;
}

/* -swapcluster=N (pages one eviction writes, 1 to SWAP_CLUSTER_MAX) or
 * -swapra=N (pages a swap-in reads ahead, 0 to SWAP_CLUSTER_MAX - 1); false
 * (said on the console) if N is out of range. */
static bool
parse_swap_option(const char *a)
{
    bool cluster = a[5] == 'c';
    size_t v, min = cluster ? 1 : 0, max = SWAP_CLUSTER_MAX - (cluster ? 0 : 1);
    if (!parse_size(strchr(a, '=') + 1, &v) || v < min || v > max) {
        printf("hwan: bad value in '%s': want %zu to %zu pages\n", a, min, max);
        return false;
    }
    *(cluster ? &swap_cluster_pages : &swap_readahead_pages) = v;
    return true;
}

int
cmdline_parse_options(int argc, char **argv)
{
    int i;
    for (i = 0; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-q") == 0) {
            kernel_options.power_off = true;
        } else if (strncmp(a, "-ul=", 4) == 0) {
            if (!parse_size(a + 4, &kernel_options.user_pages)) {
                printf("hwan: bad value in '%s': want a number of pages\n", a);
                return -1;
            }
        } else if (strcmp(a, "-v") == 0) {
            kernel_options.verbose = true;
        } else if (strcmp(a, "-trace") == 0) {
            kernel_options.trace_events = TRACE_DEFAULT_EVENTS;
        } else if (strncmp(a, "-trace=", 7) == 0) {
            if (!parse_size(a + 7, &kernel_options.trace_events) ||
                kernel_options.trace_events == 0 ||
                kernel_options.trace_events > 1u << 20) {
                printf("hwan: bad value in '%s': want 1 to 1048576 events\n", a);
                return -1;
            }
        } else if (strcmp(a, "-eager-fork") == 0) {
            vm_cow_fork = false;
        } else if (strncmp(a, "-swapcluster=", 13) == 0 ||
                   strncmp(a, "-swapra=", 8) == 0) {
            if (!parse_swap_option(a))
                return -1;
        } else if (strcmp(a, "-no-page-cache") == 0) {
            vm_page_cache = false;
        } else if (strcmp(a, "-no-readahead") == 0) {
            vm_readahead = false;
        } else if (strncmp(a, "-readahead=", 11) == 0) {
            size_t v;
            if (!parse_size(a + 11, &v) || v < 1 || v > PAGECACHE_RA_MAX) {
                printf("hwan: bad value in '%s': want 1 to %d pages\n", a,
                       PAGECACHE_RA_MAX);
                return -1;
            }
            vm_readahead_max = (unsigned)v;
        } else if (strncmp(a, "-evict=", 7) == 0) {
            if (!evict_policy_select(a + 7)) {
                printf("hwan: unknown policy in '%s': want one of %s\n", a,
                       evict_policy_names());
                return -1;
            }
        } else if (parse_disk_option(a)) {
            continue;
        } else if (strcmp(a, "-pintos") == 0) {
            kernel_options.pintos = true;
        } else if (strcmp(a, "-h") == 0) {
            kernel_options.help = true;
        } else {
            printf("hwan: unknown option '%s' (-h lists the options)\n", a);
            return -1;
        }
    }
    return i;
}

/* True if WORD starts an action. */
static bool
is_action(const char *word)
{
    return strcmp(word, "ktest") == 0 || strcmp(word, "run") == 0;
}

/* Runs `ktest` with the words up to the next action; returns words used. */
static int
action_ktest(int argc, char **argv, bool *ok)
{
    int n = 0;
    while (n < argc && !is_action(argv[n]))
        n++;
    if (n == 1 && strcmp(argv[0], "list") == 0)
        ktest_list();
    else if (!ktest_run(n, argv))
        *ok = false;
    return n;
}

/* `run 'CMD'`: runs a user program and waits for it.  The run fails if
 * the program cannot start (an exit status is the program's own business). */
static int
action_run(int argc, char **argv, bool *ok)
{
    if (argc == 0) {
        printf("run: name the command to run\n");
        *ok = false;
        return 0;
    }
    process_run(argv[0]);
    return 1;
}

bool
cmdline_run_actions(int argc, char **argv)
{
    bool ok = true;
    int i = 0;
    while (i < argc) {
        const char *a = argv[i++];
        if (strcmp(a, "ktest") == 0) {
            i += action_ktest(argc - i, argv + i, &ok);
        } else if (strcmp(a, "run") == 0) {
            i += action_run(argc - i, argv + i, &ok);
        } else {
            printf("hwan: unknown action '%s' (-h lists the actions)\n", a);
            return false;
        }
    }
    return ok;
}
