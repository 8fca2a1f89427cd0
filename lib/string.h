/* C string and memory functions with the standard prototypes and meanings.
 * In the kernel and in user programs (built with -DUSER) they are defined by
 * lib/string.c (gcc may also call memcpy, memmove, memset and memcmp on its
 * own).  On the host they are the C library's, except strlcpy/strlcat, which
 * glibc 2.36 lacks: the host gets inline versions named lib_strlcpy/lib_strlcat,
 * and strlcpy/strlcat are macros for them, so the same code compiles on both
 * sides. */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <stddef.h>

#if defined(KERNEL) || defined(USER)

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size);
size_t strlcat(char *restrict dst, const char *restrict src, size_t size);
char *strtok_r(char *restrict s, const char *restrict delim, char **restrict save);

#else /* HOST */

#include <string.h>

/* Copies SRC into DST (SIZE bytes), truncating; NUL-terminates if SIZE > 0.
 * Returns strlen(SRC): truncation happened if the result is >= SIZE. */
static inline size_t
lib_strlcpy(char *restrict dst, const char *restrict src, size_t size)
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
 * NUL-terminated.  Returns the length of the string it tried to create:
 * strnlen(DST, SIZE) + strlen(SRC). */
static inline size_t
lib_strlcat(char *restrict dst, const char *restrict src, size_t size)
{
    size_t used = strnlen(dst, size);
    if (used == size)
        return size + strlen(src);
    return used + lib_strlcpy(dst + used, src, size - used);
}

#define strlcpy lib_strlcpy
#define strlcat lib_strlcat

#endif

#endif
