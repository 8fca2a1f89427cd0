/* Formatted output (see user/lib/stdio.h), on top of lib/format.c. */
#include "stdio.h"

#include <stdbool.h>

#include "lib/format.h"
#include "stdlib.h"
#include "syscall.h"

/* Output up to this long is formatted on the stack; longer output goes to a
 * heap buffer, or, if malloc fails, out in pieces of this size. */
#define STACK_BUF 512

/* A buffer that writes itself to a descriptor each time it fills up: the
 * fallback for long output when there is no memory. */
struct flushbuf {
    int fd;
    bool failed;
    size_t len;
    char buf[STACK_BUF];
};

/* Writes out FB's contents; remembers a failed write. */
static void
flushbuf_flush(struct flushbuf *fb)
{
    if (fb->len > 0 && write(fb->fd, fb->buf, fb->len) != (int)fb->len)
        fb->failed = true;
    fb->len = 0;
}

/* format_putc_fn for struct flushbuf AUX. */
static void
flushbuf_putc(char c, void *aux)
{
    struct flushbuf *fb = aux;

    if (fb->len == sizeof fb->buf)
        flushbuf_flush(fb);
    fb->buf[fb->len++] = c;
}

/* Writes the N bytes at BUF to FD in one call (none if N is 0).  Returns N, or
 * -1 if the write failed or was short. */
static int
write_once(int fd, const char *buf, int n)
{
    if (n == 0)
        return 0;
    return write(fd, buf, (unsigned)n) == n ? n : -1;
}

/* Formats FMT with AP to FD in pieces (no memory needed).  Returns the length
 * of the output, or -1 if a write failed. */
static int
vdprintf_pieces(int fd, const char *fmt, va_list ap)
{
    struct flushbuf fb = {.fd = fd};
    int n = format_vprintf(flushbuf_putc, &fb, fmt, ap);

    flushbuf_flush(&fb);
    return fb.failed ? -1 : n;
}

/* Formats FMT with AP and writes the result to FD with a single write() (in
 * pieces only if it is long and memory has run out).  Returns the number of
 * characters written, or -1 on failure. */
int
vdprintf(int fd, const char *fmt, va_list ap)
{
    char small[STACK_BUF];
    char *big;
    va_list copy;
    int n;

    va_copy(copy, ap);
    n = format_vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (n < (int)sizeof small)
        return write_once(fd, small, n);
    big = malloc((size_t)n + 1);
    if (big == NULL)
        return vdprintf_pieces(fd, fmt, ap);
    format_vsnprintf(big, (size_t)n + 1, fmt, ap);
    n = write_once(fd, big, n);
    free(big);
    return n;
}

/* Like vdprintf, with the arguments given directly. */
int
dprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vdprintf(fd, fmt, ap);
    va_end(ap);
    return n;
}

/* vdprintf to the console (fd 1). */
int
vprintf(const char *fmt, va_list ap)
{
    return vdprintf(STDOUT_FILENO, fmt, ap);
}

/* dprintf to the console (fd 1). */
int
printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vdprintf(STDOUT_FILENO, fmt, ap);
    va_end(ap);
    return n;
}

/* Writes S and a newline to the console in one write.  Returns a
 * non-negative number, or EOF on failure. */
int
puts(const char *s)
{
    return printf("%s\n", s) < 0 ? EOF : 0;
}

/* Writes the character C to the console.  Returns C as an unsigned char, or
 * EOF on failure. */
int
putchar(int c)
{
    unsigned char ch = (unsigned char)c;

    return write(STDOUT_FILENO, &ch, 1) == 1 ? ch : EOF;
}
