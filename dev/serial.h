/* The COM1 serial port: the kernel's console. */
#ifndef DEV_SERIAL_H
#define DEV_SERIAL_H

#include <stdbool.h>

/* Programs COM1 for 115200 8N1 with polled output. */
void serial_init(void);
/* Turns on receive interrupts (needs the IDT, PIC and threads). */
void serial_init_input(void);
/* Writes C, waiting until the transmitter can take it. */
void serial_putc(char c);
/* Returns the next received character, sleeping until there is one. */
char serial_getc(void);
/* True if a received character is waiting. */
bool serial_has_input(void);

#endif
