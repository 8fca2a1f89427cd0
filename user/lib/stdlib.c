/* Number parsing and program termination (see user/lib/stdlib.h). */
#include "stdlib.h"

#include <stdbool.h>

#include "ctype.h"
#include "limits.h"
#include "syscall.h"

/* Returns the program's argv[0], or "?" if it has none. */
const char *
user_program_name(void)
{
    if (user_argv != NULL && user_argv[0] != NULL)
        return user_argv[0];
    return "?";
}

/* Ends the program abnormally, with status -1 (the status of a process the
 * kernel killed). */
void
abort(void)
{
    exit(-1);
}

/* Returns the value of digit character C (0-9, a-z, A-Z), or -1. */
static int
digit_value(int c)
{
    if (isdigit(c))
        return c - '0';
    if (isalpha(c))
        return tolower(c) - 'a' + 10;
    return -1;
}

/* Reads the base prefix of the number at *P for BASE (0: decided by the
 * prefix, 0x hex, 0 octal, else decimal), advancing *P past "0x" when it is
 * followed by a hex digit.  Returns the base to use. */
static int
parse_base(const char **p, int base)
{
    const char *s = *p;

    if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
        isxdigit((unsigned char)s[2])) {
        *p = s + 2;
        return 16;
    }
    if (base == 0)
        return s[0] == '0' ? 8 : 10;
    return base;
}

/* Parses [spaces][sign][prefix]digits at S in BASE (0 or 2-36) as strtol does.
 * Stores the sign in *NEG and whether the magnitude overflowed in *OVERFLOW,
 * and in *END (if END is not NULL) the first character not used, or S if there
 * was no number.  Returns the magnitude (ULONG_MAX on overflow). */
static unsigned long
parse_number(const char *s, char **end, int base, bool *neg, bool *overflow)
{
    const char *p = s;
    unsigned long v = 0;
    bool any = false;
    int d;

    *neg = *overflow = false;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '+' || *p == '-')
        *neg = *p++ == '-';
    base = parse_base(&p, base);
    for (; base >= 2 && base <= 36; p++) {
        d = digit_value((unsigned char)*p);
        if (d < 0 || d >= base)
            break;
        any = true;
        if (v > (ULONG_MAX - (unsigned)d) / (unsigned)base)
            *overflow = true;
        else
            v = v * (unsigned)base + (unsigned)d;
    }
    if (end != NULL)
        *end = (char *)(any ? p : s);
    return *overflow ? ULONG_MAX : v;
}

/* Converts the start of S to a long in BASE (0 or 2-36), like the C
 * function: leading spaces and a sign allowed, "0x" accepted for base 16 and
 * 0, the result clamped to LONG_MIN..LONG_MAX.  Sets *END (if END is not NULL)
 * to the first unused character, or S if there is no number. */
long
strtol(const char *s, char **end, int base)
{
    bool neg, overflow;
    unsigned long v = parse_number(s, end, base, &neg, &overflow);

    if (!neg)
        return v > (unsigned long)LONG_MAX ? LONG_MAX : (long)v;
    if (v > (unsigned long)LONG_MAX + 1)
        return LONG_MIN;
    return v == 0 ? 0 : -(long)(v - 1) - 1;
}

/* Like strtol, for an unsigned long: clamped to ULONG_MAX, and a '-' negates
 * the value modulo 2^64 as in C. */
unsigned long
strtoul(const char *s, char **end, int base)
{
    bool neg, overflow;
    unsigned long v = parse_number(s, end, base, &neg, &overflow);

    if (overflow)
        return ULONG_MAX;
    return neg ? 0 - v : v;
}

/* Converts the decimal number at the start of S (spaces and a sign allowed).
 * Returns 0 if there is none; out-of-range values are clamped. */
int
atoi(const char *s)
{
    long v = strtol(s, NULL, 10);

    if (v > INT_MAX)
        return INT_MAX;
    return v < INT_MIN ? INT_MIN : (int)v;
}

/* Returns the absolute value of N (INT_MIN stays INT_MIN). */
int
abs(int n)
{
    return n < 0 ? (int)(0U - (unsigned)n) : n;
}
