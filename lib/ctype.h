/* Character classification for the ASCII "C" locale.  Arguments are ints that
 * hold an unsigned char value (or EOF); anything else is simply "not in the
 * class".  For the kernel and user programs (built with -DUSER): on the host
 * this is the C library's <ctype.h>. */
#ifndef LIB_CTYPE_H
#define LIB_CTYPE_H

#if defined(KERNEL) || defined(USER)

static inline int
isdigit(int c)
{
    return c >= '0' && c <= '9';
}

static inline int
isupper(int c)
{
    return c >= 'A' && c <= 'Z';
}

static inline int
islower(int c)
{
    return c >= 'a' && c <= 'z';
}

static inline int
isalpha(int c)
{
    return isupper(c) || islower(c);
}

static inline int
isalnum(int c)
{
    return isalpha(c) || isdigit(c);
}

/* Space, \t, \n, \v, \f and \r. */
static inline int
isspace(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Printable characters, space included. */
static inline int
isprint(int c)
{
    return c >= ' ' && c <= '~';
}

static inline int
isxdigit(int c)
{
    return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static inline int
toupper(int c)
{
    return islower(c) ? c - 'a' + 'A' : c;
}

static inline int
tolower(int c)
{
    return isupper(c) ? c - 'A' + 'a' : c;
}

#else

#include <ctype.h>

#endif

#endif
