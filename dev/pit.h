/* The 8254 programmable interval timer, channel 0 on IRQ 0. */
#ifndef DEV_PIT_H
#define DEV_PIT_H

/* Starts periodic interrupts at HZ; each calls timer_interrupt(). */
void pit_start(unsigned hz);

#endif
