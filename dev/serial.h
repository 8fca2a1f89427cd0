/* The serial ports: COM1 is the kernel's console; COM2 carries only the
 * trace (kernel/trace.c), never console text. */
#ifndef DEV_SERIAL_H
#define DEV_SERIAL_H

#include <stdbool.h>
#include <stddef.h>

/* Programs COM1 for 115200 8N1 with polled output. */
void serial_init(void);
/* Turns on receive interrupts (needs the IDT, PIC and threads). */
void serial_init_input(void);
/* Writes C, waiting until the transmitter can take it. */
void serial_putc(char c);
/* Programs COM2 like COM1, output only. */
void serial2_init(void);
/* Writes the N bytes of BUF to COM2 (polled). */
void serial2_write(const void *buf, size_t n);
/* Returns the next received character, sleeping until there is one. */
char serial_getc(void);
/* Like serial_getc (the character as an unsigned char), but returns -1
 * instead once STOP (may be NULL) returns true, checked before each sleep and
 * after each serial_wake_readers. */
int serial_getc_unless(bool (*stop)(void));
/* Wakes every thread sleeping in serial_getc_unless, so that it checks its
 * STOP again.  Safe in interrupt handlers. */
void serial_wake_readers(void);
/* Decides in the receive interrupt whether character C is taken (true: it
 * never reaches the buffer). */
typedef bool serial_input_filter(char c);
/* Installs FILTER for every received character (NULL: none). */
void serial_set_input_filter(serial_input_filter *filter);
/* True if a received character is waiting. */
bool serial_has_input(void);

#endif
