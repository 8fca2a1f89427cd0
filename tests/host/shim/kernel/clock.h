/* Host stand-in for kernel/clock.h: wall-clock seconds from time(), unless a
 * test fixed the clock (tests/host/support/host_clock.c). */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include <stdint.h>

/* Seconds since 1970-01-01 00:00 UTC. */
uint32_t clock_now(void);

#endif
