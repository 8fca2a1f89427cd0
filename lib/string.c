/* The kernel's C string and memory functions (see lib/string.h).  Kernel only:
 * the host build uses the C library's instead.  The copy and fill loops move
 * 8 bytes at a time once the pointers are aligned. */
#include "lib/string.h"

#include <stdbool.h>
#include <stdint.h>

/* gcc turns copy and fill loops into calls to memcpy/memset: inside those very
 * functions that would recurse forever, so the transformation is off here. */
#pragma GCC push_options
#pragma GCC optimize("no-tree-loop-distribute-patterns")

typedef uint64_t __attribute__((may_alias)) word_t;
#define WORD_SIZE sizeof(word_t)
#define WORD_MASK (WORD_SIZE - 1)

/* Copies N bytes from SRC to DST, lowest address first (safe when DST < SRC). */
static void
copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
    if ((((uintptr_t)d ^ (uintptr_t)s) & WORD_MASK) == 0) {
        for (; n > 0 && ((uintptr_t)d & WORD_MASK) != 0; n--)
            *d++ = *s++;
        /* eight words a round (a page in 64 rounds), each round read before
         * it is written, so DST < SRC may overlap */
        for (; n >= 8 * WORD_SIZE;
             n -= 8 * WORD_SIZE, d += 8 * WORD_SIZE, s += 8 * WORD_SIZE) {
            const word_t *w = (const word_t *)s;
            word_t w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
            word_t w4 = w[4], w5 = w[5], w6 = w[6], w7 = w[7];
            word_t *o = (word_t *)d;
            o[0] = w0, o[1] = w1, o[2] = w2, o[3] = w3;
            o[4] = w4, o[5] = w5, o[6] = w6, o[7] = w7;
        }
        for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE, s += WORD_SIZE)
            *(word_t *)d = *(const word_t *)s;
    }
    for (; n > 0; n--)
        *d++ = *s++;
}

/* Copies N bytes from SRC to DST, highest address first (safe when DST > SRC). */
static void
copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
    d += n;
    s += n;
    if ((((uintptr_t)d ^ (uintptr_t)s) & WORD_MASK) == 0) {
        for (; n > 0 && ((uintptr_t)d & WORD_MASK) != 0; n--)
            *--d = *--s;
        for (; n >= WORD_SIZE; n -= WORD_SIZE) {
            d -= WORD_SIZE;
            s -= WORD_SIZE;
            *(word_t *)d = *(const word_t *)s;
        }
    }
    for (; n > 0; n--)
        *--d = *--s;
}

/* Copies N bytes from SRC to DST, which must not overlap.  Returns DST. */
void *
memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    copy_forward(dst, src, n);
    return dst;
}

/* Copies N bytes from SRC to DST; the two may overlap.  Returns DST. */
void *
memmove(void *dst, const void *src, size_t n)
{
    if ((uintptr_t)dst < (uintptr_t)src)
        copy_forward(dst, src, n);
    else if ((uintptr_t)dst > (uintptr_t)src)
        copy_backward(dst, src, n);
    return dst;
}

/* Fills N bytes at DST with the byte value C.  Returns DST. */
void *
memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    unsigned char byte = (unsigned char)c;
    word_t pattern = byte * UINT64_C(0x0101010101010101);

    for (; n > 0 && ((uintptr_t)d & WORD_MASK) != 0; n--)
        *d++ = byte;
    for (; n >= 8 * WORD_SIZE; n -= 8 * WORD_SIZE, d += 8 * WORD_SIZE) {
        word_t *o = (word_t *)d; /* eight words a round: a page in 64 */
        o[0] = o[1] = o[2] = o[3] = o[4] = o[5] = o[6] = o[7] = pattern;
    }
    for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE)
        *(word_t *)d = pattern;
    for (; n > 0; n--)
        *d++ = byte;
    return dst;
}

/* Compares N bytes as unsigned chars.  Returns <0, 0 or >0 as A is below,
 * equal to or above B at the first difference. */
int
memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;

    for (; n > 0; n--, p++, q++) {
        if (*p != *q)
            return *p < *q ? -1 : 1;
    }
    return 0;
}

/* Returns the first of the N bytes at S equal to (unsigned char)C, or NULL. */
void *
memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;

    for (; n > 0; n--, p++) {
        if (*p == (unsigned char)c)
            return (void *)p;
    }
    return NULL;
}

/* Returns the number of characters before the NUL that ends S. */
size_t
strlen(const char *s)
{
    const char *p = s;

    while (*p != '\0')
        p++;
    return (size_t)(p - s);
}

/* Returns strlen(S), but at most MAXLEN; reads no more than MAXLEN bytes. */
size_t
strnlen(const char *s, size_t maxlen)
{
    size_t n = 0;

    while (n < maxlen && s[n] != '\0')
        n++;
    return n;
}

/* Compares two strings as unsigned chars; returns <0, 0 or >0. */
int
strcmp(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;

    while (*p != '\0' && *p == *q) {
        p++;
        q++;
    }
    return (*p > *q) - (*p < *q);
}

/* Like strcmp, but compares at most N characters. */
int
strncmp(const char *a, const char *b, size_t n)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;

    for (; n > 0; n--, p++, q++) {
        if (*p != *q)
            return *p < *q ? -1 : 1;
        if (*p == '\0')
            break;
    }
    return 0;
}

/* Returns the first occurrence of (char)C in S, or NULL.  C may be '\0', which
 * finds the terminator. */
char *
strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (*s == '\0')
            return NULL;
    }
}

/* Returns the last occurrence of (char)C in S (the terminator if C is '\0'),
 * or NULL. */
char *
strrchr(const char *s, int c)
{
    const char *found = NULL;

    for (;; s++) {
        if (*s == (char)c)
            found = s;
        if (*s == '\0')
            return (char *)found;
    }
}

/* Returns the first place NEEDLE occurs in HAYSTACK, HAYSTACK itself if NEEDLE
 * is empty, or NULL. */
char *
strstr(const char *haystack, const char *needle)
{
    size_t len = strlen(needle);

    for (; *haystack != '\0'; haystack++) {
        if (strncmp(haystack, needle, len) == 0)
            return (char *)haystack;
    }
    return len == 0 ? (char *)haystack : NULL;
}

/* Copies SRC into DST (SIZE bytes), truncating; NUL-terminates if SIZE > 0.
 * Returns strlen(SRC): truncation happened if the result is >= SIZE. */
size_t
strlcpy(char *restrict dst, const char *restrict src, size_t size)
{
    size_t len = strlen(src);

    if (size > 0) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

/* Appends SRC to the string in DST (SIZE bytes in all), truncating, keeping DST
 * NUL-terminated.  Returns strnlen(DST, SIZE) + strlen(SRC); if DST holds no NUL
 * within SIZE bytes, it is left alone. */
size_t
strlcat(char *restrict dst, const char *restrict src, size_t size)
{
    size_t used = strnlen(dst, size);

    if (used == size)
        return size + strlen(src);
    return used + strlcpy(dst + used, src, size - used);
}

/* Returns the length of the prefix of S made of characters that are in SET
 * (IN true) or not in SET (IN false). */
static size_t
span(const char *s, const char *set, bool in)
{
    size_t n = 0;

    while (s[n] != '\0' && (strchr(set, s[n]) != NULL) == in)
        n++;
    return n;
}

/* Splits a string into tokens separated by characters of DELIM.  The first call
 * passes the string S, later calls pass NULL and the same SAVE.  Writes a NUL
 * over the delimiter ending each token.  Returns the next token or NULL. */
char *
strtok_r(char *restrict s, const char *restrict delim, char **restrict save)
{
    char *end;

    if (s == NULL)
        s = *save;
    s += span(s, delim, true);
    if (*s == '\0') {
        *save = s;
        return NULL;
    }
    end = s + span(s, delim, false);
    if (*end != '\0')
        *end++ = '\0';
    *save = end;
    return s;
}

#pragma GCC pop_options
