/* printf-style formatting, shared by the kernel's printf and (later) the user
 * library.  Conversions: d i u x X o c s p %.  Flags: - + space # 0.  Field
 * width and precision, either of them may be '*'.  Length modifiers: hh h l
 * ll j z t.  No floating point.  %p prints 0x and lowercase hex (0x0 for
 * NULL); %s prints "(null)" for NULL.  An unknown conversion is printed as it
 * stands. */
#ifndef LIB_FORMAT_H
#define LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

#include "lib/util.h"

/* Receives the formatted output one character at a time.  AUX is the
 * caller's pointer, passed through. */
typedef void format_putc_fn(char c, void *aux);

int format_vprintf(format_putc_fn *putc, void *aux, const char *fmt, va_list ap)
    PRINTF_FORMAT(3, 0);
int format_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    PRINTF_FORMAT(3, 0);
int format_snprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_FORMAT(3, 4);

#endif
