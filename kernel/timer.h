/* The periodic timer: a tick counter and sleeping. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/list.h"

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
/* A function to call from the timer interrupt at a given tick. */
struct callout {
    struct list_node node; /* [I] in the callout list while pending */
    int64_t when;          /* [I] tick at which it runs */
    void (*fn)(void *aux); /* runs in interrupt context: must not sleep */
    void *aux;
    bool pending; /* [I] */
};

/* Arranges for FN(AUX) to run in the timer interrupt about TICKS from now. */
void callout_schedule(struct callout *c, int64_t ticks, void (*fn)(void *), void *aux);
/* Cancels C; returns true if it was still pending (so FN will not run). */
bool callout_cancel(struct callout *c);

/* Called by the timer device on every tick. */
void timer_interrupt(void);

#endif
