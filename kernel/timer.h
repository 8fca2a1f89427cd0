/* The periodic timer: a tick counter and sleeping. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

#define TIMER_FREQ 100 /* ticks per second */

/* Starts the periodic interrupt. */
void timer_init(void);
/* Ticks since boot. */
int64_t timer_ticks(void);
/* Ticks elapsed since THEN (a value of timer_ticks). */
int64_t timer_elapsed(int64_t then);
/* Blocks the calling thread for at least TICKS ticks (returns at once if <= 0). */
void timer_sleep(int64_t ticks);
/* Blocks for about MS milliseconds (rounded up to whole ticks). */
void timer_msleep(int64_t ms);
/* Called by the timer device on every tick. */
void timer_interrupt(void);

#endif
