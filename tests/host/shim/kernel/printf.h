/* Host stand-in for kernel/printf.h.  printf from fs/ code goes through
 * host_console_printf (tests/host/support/host_console.c), which prints to
 * stdout (unless silenced) and keeps the text, so a test can check that an
 * operation on a bad image printed a clear message. */
#ifndef KERNEL_PRINTF_H
#define KERNEL_PRINTF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "tests/host/support/host_console.h"

#define printf host_console_printf

#endif
