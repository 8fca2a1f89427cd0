/* Console and formatted output for user programs.  printf and its relatives
 * format the whole output first and hand it to ONE write() call, so a line
 * printed by one process never mixes with another's.  Conversions are those of
 * lib/format.h (no floating point). */
#ifndef USER_STDIO_H
#define USER_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define EOF           (-1)

#define USER_PRINTF(a, b) __attribute__((format(printf, a, b)))

int printf(const char *fmt, ...) USER_PRINTF(1, 2);
int vprintf(const char *fmt, va_list ap) USER_PRINTF(1, 0);
int dprintf(int fd, const char *fmt, ...) USER_PRINTF(2, 3);
int vdprintf(int fd, const char *fmt, va_list ap) USER_PRINTF(2, 0);
/* snprintf and vsnprintf (C99 semantics) come from lib/format.c, the same code
 * as the kernel's. */
int snprintf(char *buf, size_t size, const char *fmt, ...) USER_PRINTF(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) USER_PRINTF(3, 0);
int puts(const char *s);
int putchar(int c);

#endif
