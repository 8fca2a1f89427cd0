/* Console output.  Each printf runs with interrupts off, so the output of one
 * call is never interleaved with another thread's or an interrupt handler's.
 * Output is polled, so this costs little even for long lines. */
#include "kernel/printf.h"

#include "arch/x86_64/intr.h"
#include "dev/serial.h"
#include "lib/format.h"

/* format_vprintf sink that writes to the serial port. */
static void
console_putc(char c, void *aux)
{
    (void)aux;
    serial_putc(c);
}

int
vprintf(const char *fmt, va_list ap)
{
    enum intr_level old = intr_disable();
    int n = format_vprintf(console_putc, NULL, fmt, ap);
    intr_set_level(old);
    return n;
}

int
printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int
putchar(int c)
{
    serial_putc((char)c);
    return (unsigned char)c;
}

int
puts(const char *s)
{
    return printf("%s\n", s);
}

void
console_write(const char *buf, size_t n)
{
    enum intr_level old = intr_disable();
    for (size_t i = 0; i < n; i++)
        serial_putc(buf[i]);
    intr_set_level(old);
}
