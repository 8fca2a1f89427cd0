/* Wall-clock time, for file timestamps. */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include <stdint.h>

/* Reads the real-time clock once at boot. */
void clock_init(void);
/* Seconds since 1970-01-01 00:00 UTC. */
uint32_t clock_now(void);

#endif
