/* The 8254 programmable interval timer: channel 0 is the periodic timer on
 * IRQ 0; channel 2 runs free as a reference for calibrating the TSC. */
#ifndef DEV_PIT_H
#define DEV_PIT_H

#include <stdint.h>

#define PIT_HZ 1193182 /* the PIT's input clock, counts per second */

/* Starts periodic interrupts at HZ; each calls timer_interrupt(). */
void pit_start(unsigned hz);
/* Starts channel 2 counting down from 65536 over and over, without an
 * interrupt (the speaker stays off). */
void pit_counter_start(void);
/* The current count of channel 2: it goes down by one PIT_HZ times a
 * second and wraps from 1 to 0 (65536) every 55 ms. */
uint16_t pit_counter_read(void);

#endif
