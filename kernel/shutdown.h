/* Powering off, with the leak report the test runner checks. */
#ifndef KERNEL_SHUTDOWN_H
#define KERNEL_SHUTDOWN_H

#include "arch/x86_64/power.h"

/* Remembers the memory in use now, as the baseline of the leak report. */
void shutdown_set_baseline(void);
/* Prints "Memory check: ..." (if a baseline was set) and "Power off: STATUS",
 * then powers off. */
void shutdown_power_off(enum power_status status) __attribute__((noreturn));
/* The halt system call: writes every file change to the disk and powers off
 * with success, as is: processes may still be running, so there is no leak
 * report. */
void shutdown_halt(void) __attribute__((noreturn));
/* Prints the memory counters (used by the monitor). */
void shutdown_print_memory(void);

#endif
