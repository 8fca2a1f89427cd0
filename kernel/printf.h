/* Formatted output to the console (the serial port). */
#ifndef KERNEL_PRINTF_H
#define KERNEL_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

/* Prints to the console; one call's output is never interleaved with another's. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
/* snprintf and vsnprintf are lib/format.c's, shared with the user library. */
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* Writes N bytes of BUF to the console in one piece. */
void console_write(const char *buf, size_t n);
/* Writes one character / a string and a newline to the console. */
int putchar(int c);
int puts(const char *s);

#endif
