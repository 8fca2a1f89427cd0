/* printf-style formatting (see lib/format.h). */
#include "lib/format.h"

#include <stdbool.h>
#include <stdint.h>

/* <limits.h> is not usable in the freestanding kernel build. */
#define INT_MAX __INT_MAX__
#define INT_MIN (-INT_MAX - 1)

/* Flag characters. */
#define FLAG_LEFT  0x01 /* '-': pad on the right */
#define FLAG_PLUS  0x02 /* '+': '+' before non-negative signed numbers */
#define FLAG_SPACE 0x04 /* ' ': ' ' before non-negative signed numbers */
#define FLAG_ALT   0x08 /* '#': 0x / 0X / leading 0 */
#define FLAG_ZERO  0x10 /* '0': pad numbers with zeros */

enum length { LEN_INT, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_J, LEN_Z, LEN_T };

/* One parsed conversion specification. */
struct spec {
    unsigned flags;
    int width;          /* 0 if none */
    int prec;           /* -1 if none */
    enum length length; /* size of the argument */
    char conv;          /* conversion character */
};

/* Where the characters go, and how many went. */
struct out {
    format_putc_fn *putc;
    void *aux;
    size_t count;
};

/* Sends C to O. */
static void
out_char(struct out *o, char c)
{
    o->putc(c, o->aux);
    o->count++;
}

/* Sends C to O N times (nothing if N <= 0). */
static void
out_repeat(struct out *o, char c, int n)
{
    for (; n > 0; n--)
        out_char(o, c);
}

/* Sends the N characters at S to O. */
static void
out_chars(struct out *o, const char *s, int n)
{
    for (int i = 0; i < n; i++)
        out_char(o, s[i]);
}

/* Reads flag characters at F into SP.  Returns the first character after. */
static const char *
parse_flags(const char *f, struct spec *sp)
{
    for (;; f++) {
        switch (*f) {
        case '-':
            sp->flags |= FLAG_LEFT;
            break;
        case '+':
            sp->flags |= FLAG_PLUS;
            break;
        case ' ':
            sp->flags |= FLAG_SPACE;
            break;
        case '#':
            sp->flags |= FLAG_ALT;
            break;
        case '0':
            sp->flags |= FLAG_ZERO;
            break;
        default:
            return f;
        }
    }
}

/* Reads a decimal number at *F (advancing *F), saturating at INT_MAX. */
static int
parse_int(const char **f)
{
    int n = 0;

    for (; **f >= '0' && **f <= '9'; (*f)++) {
        int digit = **f - '0';
        n = n > (INT_MAX - digit) / 10 ? INT_MAX : n * 10 + digit;
    }
    return n;
}

/* Reads the field width at F into SP ('*' takes it from AP; a negative one
 * means '-' flag).  Returns the first character after. */
static const char *
parse_width(const char *f, struct spec *sp, va_list *ap)
{
    int w;

    if (*f != '*') {
        sp->width = parse_int(&f);
        return f;
    }
    w = va_arg(*ap, int);
    if (w < 0) {
        sp->flags |= FLAG_LEFT;
        w = w == INT_MIN ? INT_MAX : -w;
    }
    sp->width = w;
    return f + 1;
}

/* Reads an optional ".precision" at F into SP ('*' takes it from AP; a
 * negative one counts as none).  Returns the first character after. */
static const char *
parse_precision(const char *f, struct spec *sp, va_list *ap)
{
    sp->prec = -1;
    if (*f != '.')
        return f;
    f++;
    if (*f != '*') {
        sp->prec = parse_int(&f);
        return f;
    }
    sp->prec = va_arg(*ap, int);
    if (sp->prec < 0)
        sp->prec = -1;
    return f + 1;
}

/* Reads an optional length modifier at F into SP.  Returns the first
 * character after. */
static const char *
parse_length(const char *f, struct spec *sp)
{
    sp->length = LEN_INT;
    switch (*f) {
    case 'h':
        sp->length = f[1] == 'h' ? LEN_HH : LEN_H;
        return f + (f[1] == 'h' ? 2 : 1);
    case 'l':
        sp->length = f[1] == 'l' ? LEN_LL : LEN_L;
        return f + (f[1] == 'l' ? 2 : 1);
    case 'j':
        sp->length = LEN_J;
        return f + 1;
    case 'z':
        sp->length = LEN_Z;
        return f + 1;
    case 't':
        sp->length = LEN_T;
        return f + 1;
    default:
        return f;
    }
}

/* Fetches a signed integer argument of SP's length from AP. */
static intmax_t
arg_signed(const struct spec *sp, va_list *ap)
{
    switch (sp->length) {
    case LEN_HH:
        return (signed char)va_arg(*ap, int);
    case LEN_H:
        return (short)va_arg(*ap, int);
    case LEN_L:
        return va_arg(*ap, long);
    case LEN_LL:
        return va_arg(*ap, long long);
    case LEN_J:
        return va_arg(*ap, intmax_t);
    case LEN_Z: /* the signed type of size_t's width */
    case LEN_T:
        return va_arg(*ap, ptrdiff_t);
    default:
        return va_arg(*ap, int);
    }
}

/* Fetches an unsigned integer argument of SP's length from AP. */
static uintmax_t
arg_unsigned(const struct spec *sp, va_list *ap)
{
    switch (sp->length) {
    case LEN_HH:
        return (unsigned char)va_arg(*ap, unsigned);
    case LEN_H:
        return (unsigned short)va_arg(*ap, unsigned);
    case LEN_L:
        return va_arg(*ap, unsigned long);
    case LEN_LL:
        return va_arg(*ap, unsigned long long);
    case LEN_J:
        return va_arg(*ap, uintmax_t);
    case LEN_Z:
    case LEN_T:
        return va_arg(*ap, size_t);
    default:
        return va_arg(*ap, unsigned);
    }
}

/* Writes VALUE in BASE into BUF (at least 22 bytes) as digits, most
 * significant first, with no terminator; none at all if VALUE and the
 * precision are both 0.  Returns the number of digits. */
static int
to_digits(char *buf, uintmax_t value, unsigned base, bool upper, int prec)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, i;

    if (value == 0 && prec == 0)
        return 0;
    do {
        tmp[n++] = set[value % base];
        value /= base;
    } while (value != 0);
    for (i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    return n;
}

/* Prints a number: PREFIX (sign or 0x, PREFIX_LEN chars) then VALUE in BASE,
 * padded as SP says. */
static void
emit_number(struct out *o, const struct spec *sp, const char *prefix, int prefix_len,
            uintmax_t value, unsigned base)
{
    char digits[24];
    int n = to_digits(digits, value, base, sp->conv == 'X', sp->prec);
    int zeros = sp->prec > n ? sp->prec - n : 0;
    int pad;

    if (base == 8 && (sp->flags & FLAG_ALT) && zeros == 0 && (n == 0 || digits[0] != '0'))
        zeros = 1;
    if ((sp->flags & (FLAG_ZERO | FLAG_LEFT)) == FLAG_ZERO && sp->prec < 0 &&
        sp->width - prefix_len - n > zeros)
        zeros = sp->width - prefix_len - n;
    pad = sp->width - prefix_len - zeros - n;
    if (!(sp->flags & FLAG_LEFT))
        out_repeat(o, ' ', pad);
    out_chars(o, prefix, prefix_len);
    out_repeat(o, '0', zeros);
    out_chars(o, digits, n);
    if (sp->flags & FLAG_LEFT)
        out_repeat(o, ' ', pad);
}

/* Prints a signed conversion (d, i) from AP. */
static void
emit_signed(struct out *o, const struct spec *sp, va_list *ap)
{
    intmax_t v = arg_signed(sp, ap);
    uintmax_t magnitude = v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v;
    const char *sign = "";

    if (v < 0)
        sign = "-";
    else if (sp->flags & FLAG_PLUS)
        sign = "+";
    else if (sp->flags & FLAG_SPACE)
        sign = " ";
    emit_number(o, sp, sign, *sign != '\0', magnitude, 10);
}

/* Prints an unsigned conversion (u, o, x, X) or a pointer (p) from AP. */
static void
emit_unsigned(struct out *o, const struct spec *sp, va_list *ap)
{
    uintmax_t v;
    bool hex_prefix;

    if (sp->conv == 'p') {
        v = (uintptr_t)va_arg(*ap, void *);
        emit_number(o, sp, "0x", 2, v, 16);
        return;
    }
    v = arg_unsigned(sp, ap);
    hex_prefix = (sp->flags & FLAG_ALT) && v != 0;
    switch (sp->conv) {
    case 'o':
        emit_number(o, sp, "", 0, v, 8);
        break;
    case 'x':
        emit_number(o, sp, "0x", hex_prefix ? 2 : 0, v, 16);
        break;
    case 'X':
        emit_number(o, sp, "0X", hex_prefix ? 2 : 0, v, 16);
        break;
    default:
        emit_number(o, sp, "", 0, v, 10);
        break;
    }
}

/* Prints the N characters at S, space-padded to SP's width. */
static void
emit_padded(struct out *o, const struct spec *sp, const char *s, int n)
{
    int pad = sp->width - n;

    if (!(sp->flags & FLAG_LEFT))
        out_repeat(o, ' ', pad);
    out_chars(o, s, n);
    if (sp->flags & FLAG_LEFT)
        out_repeat(o, ' ', pad);
}

/* Prints a %s argument from AP: at most precision characters, and never
 * reads past them.  NULL prints "(null)", or nothing if the precision is too
 * small for that (as glibc does). */
static void
emit_string(struct out *o, const struct spec *sp, va_list *ap)
{
    const char *s = va_arg(*ap, const char *);
    int n = 0;

    if (s == NULL)
        s = sp->prec < 0 || sp->prec >= 6 ? "(null)" : "";
    while ((sp->prec < 0 || n < sp->prec) && n < INT_MAX && s[n] != '\0')
        n++;
    emit_padded(o, sp, s, n);
}

/* Prints the conversion SP, taking its argument from AP. */
static void
emit(struct out *o, const struct spec *sp, va_list *ap)
{
    char c;

    switch (sp->conv) {
    case 'd':
    case 'i':
        emit_signed(o, sp, ap);
        break;
    case 'u':
    case 'o':
    case 'x':
    case 'X':
    case 'p':
        emit_unsigned(o, sp, ap);
        break;
    case 's':
        emit_string(o, sp, ap);
        break;
    case 'c':
        c = (char)va_arg(*ap, int);
        emit_padded(o, sp, &c, 1);
        break;
    case '%':
        out_char(o, '%');
        break;
    default:
        out_char(o, '%');
        out_char(o, sp->conv);
        break;
    }
}

/* Formats the conversion whose text starts at F (just after the '%'), taking
 * arguments from AP.  Returns the first character after it. */
static const char *
format_one(struct out *o, const char *f, va_list *ap)
{
    struct spec sp = {0};

    f = parse_flags(f, &sp);
    f = parse_width(f, &sp, ap);
    f = parse_precision(f, &sp, ap);
    f = parse_length(f, &sp);
    if (*f == '\0') {
        out_char(o, '%');
        return f;
    }
    sp.conv = *f;
    emit(o, &sp, ap);
    return f + 1;
}

/* Formats FMT with the arguments in AP, sending each character to PUTC with
 * AUX.  Returns the number of characters sent (at most INT_MAX). */
int
format_vprintf(format_putc_fn *putc, void *aux, const char *fmt, va_list ap)
{
    struct out o = {putc, aux, 0};
    va_list args;

    va_copy(args, ap);
    while (*fmt != '\0') {
        if (*fmt == '%')
            fmt = format_one(&o, fmt + 1, &args);
        else
            out_char(&o, *fmt++);
    }
    va_end(args);
    return o.count > INT_MAX ? INT_MAX : (int)o.count;
}

/* A bounded output buffer for format_vsnprintf. */
struct sbuf {
    char *buf;
    size_t size; /* capacity, terminator included */
    size_t len;  /* characters produced so far, stored or not */
};

/* Stores C in the buffer AUX if there is room left for it and a NUL. */
static void
sbuf_putc(char c, void *aux)
{
    struct sbuf *sb = aux;

    if (sb->len + 1 < sb->size)
        sb->buf[sb->len] = c;
    sb->len++;
}

/* Formats FMT with AP into BUF, which holds SIZE bytes: stores at most
 * SIZE - 1 characters, then a NUL if SIZE > 0 (BUF may be NULL if SIZE is 0).
 * Returns the length the full output has, so a result >= SIZE means it was
 * truncated. */
int
format_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sbuf sb = {buf, size, 0};
    int n = format_vprintf(sbuf_putc, &sb, fmt, ap);

    if (size > 0)
        buf[sb.len < size ? sb.len : size - 1] = '\0';
    return n;
}

/* Like format_vsnprintf, with the arguments given directly. */
int
format_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = format_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

#ifndef HOST
/* The C names, for the kernel and the user library (on the host, libc has
 * its own).  Declared in kernel/printf.h and user/lib/stdio.h. */
int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    return format_vsnprintf(buf, size, fmt, ap);
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = format_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
#endif
