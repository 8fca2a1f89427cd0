/* Time: the wall clock for file timestamps, and the precise clock (the TSC,
 * calibrated against the PIT at boot) for uptime, benchmarks and the trace. */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include <stdint.h>

/* Measures the TSC's rate against PIT channel 2 (about 50 ms, polled, needs
 * no interrupts) and starts the precise clock at 0. */
void clock_calibrate(void);
/* Reads the real-time clock once at boot. */
void clock_init(void);
/* Seconds since 1970-01-01 00:00 UTC. */
uint32_t clock_now(void);

/* Nanoseconds since clock_calibrate (0 before it). */
uint64_t clock_ns(void);
/* Microseconds since clock_calibrate. */
uint64_t clock_us(void);
/* TSC cycles per second, as calibrated. */
uint64_t clock_tsc_hz(void);
/* The TSC's rate measured over at least PIT_COUNTS counts of PIT channel 2
 * (the last poll may overshoot; the counts it took go to *COUNTS if COUNTS
 * is not NULL), or 0 if polling fell more than MAX_GAP cycles behind (0: no
 * limit), when a wrap of the PIT's 16-bit counter could have been missed. */
uint64_t clock_measure_tsc_hz(uint32_t pit_counts, uint64_t max_gap, uint64_t *counts);

#endif
