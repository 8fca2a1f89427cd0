/* The kernel monitor: until user programs and a shell exist, the interactive
 * face of the kernel.  It reads lines from the serial console and runs
 * commands: help, ktest NAME..., mem, threads, uptime, poweroff. */
#include "kernel/monitor.h"

#include "dev/serial.h"
#include "kernel/clock.h"
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/printf.h"
#include "kernel/shutdown.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "lib/string.h"

#define LINE_MAX 256
#define ARGS_MAX 32

/* Reads one line into BUF with simple editing (backspace, Ctrl-U). */
static void
read_line(char *buf, size_t size)
{
    size_t n = 0;
    for (;;) {
        char c = serial_getc();
        if (c == '\r' || c == '\n') {
            printf("\n");
            break;
        } else if ((c == '\b' || c == 0x7f) && n > 0) {
            n--;
            printf("\b \b");
        } else if (c == 0x15) {
            for (; n > 0; n--)
                printf("\b \b");
        } else if (c >= ' ' && c < 0x7f && n + 1 < size) {
            buf[n++] = c;
            printf("%c", c);
        }
    }
    buf[n] = '\0';
}

static void
cmd_help(void)
{
    printf("commands:\n"
           "  help            this text\n"
           "  ktest NAME...   run self tests ('ktest list' lists them)\n"
           "  mem             page pools and heap in use\n"
           "  threads         the kernel's threads\n"
           "  uptime          ticks and context switches since boot\n"
           "  poweroff        turn the machine off\n");
}

/* Runs one command line. */
static void
monitor_exec(int argc, char **argv)
{
    const char *c = argv[0];
    if (strcmp(c, "help") == 0)
        cmd_help();
    else if (strcmp(c, "ktest") == 0 && argc == 2 && strcmp(argv[1], "list") == 0)
        ktest_list();
    else if (strcmp(c, "ktest") == 0)
        printf("%s\n",
               ktest_run(argc - 1, argv + 1) ? "ktest: all passed" : "ktest: FAILED");
    else if (strcmp(c, "mem") == 0)
        shutdown_print_memory();
    else if (strcmp(c, "threads") == 0)
        thread_print_all();
    else if (strcmp(c, "uptime") == 0)
        printf("%llu us, %lld ticks (%d Hz), %llu context switches, TSC %llu Hz\n",
               (unsigned long long)clock_us(), (long long)timer_ticks(), TIMER_FREQ,
               (unsigned long long)thread_switches(), (unsigned long long)clock_tsc_hz());
    else if (strcmp(c, "poweroff") == 0 || strcmp(c, "halt") == 0)
        shutdown_power_off(POWER_SUCCESS);
    else
        printf("%s: unknown command (try 'help')\n", c);
}

void
monitor_run(void)
{
    static char line[LINE_MAX];
    char *argv[ARGS_MAX];
    printf("hwan monitor: type 'help' for commands, 'poweroff' to quit.\n");
    for (;;) {
        printf("hwan> ");
        read_line(line, sizeof line);
        int argc = cmdline_split(line, argv, ARGS_MAX);
        if (argc < 0)
            printf("cannot parse that line (unclosed quote or too many words)\n");
        else if (argc > 0)
            monitor_exec(argc, argv);
    }
}
