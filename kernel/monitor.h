/* The kernel monitor: a small interactive prompt on the serial console. */
#ifndef KERNEL_MONITOR_H
#define KERNEL_MONITOR_H

/* Reads and runs commands until `poweroff`; never returns. */
void monitor_run(void) __attribute__((noreturn));

#endif
