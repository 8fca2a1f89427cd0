/* Console output of host-built kernel code (fs/ messages): printed to stdout
 * unless silenced, and remembered so a test can check what was said. */
#ifndef TESTS_HOST_SUPPORT_HOST_CONSOLE_H
#define TESTS_HOST_SUPPORT_HOST_CONSOLE_H

#include <stdbool.h>

/* printf for kernel code on the host (kernel/printf.h maps printf to it). */
int host_console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* While QUIET, messages are remembered but not printed. */
void host_console_set_quiet(bool quiet);
/* Forgets every remembered message. */
void host_console_clear(void);
/* True if the messages remembered since the last clear contain TEXT. */
bool host_console_contains(const char *text);
/* The messages remembered since the last clear (the most recent 16 KiB). */
const char *host_console_text(void);

#endif
