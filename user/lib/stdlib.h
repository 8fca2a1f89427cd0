/* General utilities: number parsing, the heap (malloc and friends, on top of
 * sbrk; lib/alloc.h has their prototypes), and ending the program. */
#ifndef USER_STDLIB_H
#define USER_STDLIB_H

#include <stddef.h>

#include "lib/alloc.h"

/* The argv the program was started with (set by _start), and its argv[0] or
 * "?" if there is none. */
extern char **user_argv;
const char *user_program_name(void);

void exit(int status) __attribute__((noreturn));
void abort(void) __attribute__((noreturn));

int atoi(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
int abs(int n);

#endif
