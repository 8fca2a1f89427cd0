/* msg and fail for test programs (see user/lib/test.h). */
#include "test.h"

#include <stdarg.h>

#include "stdlib.h"
#include "syscall.h"

const char *test_name;
bool quiet;

/* Longest message text kept; a longer one is cut off. */
#define MSG_MAX 1024

/* Prints "(NAME) " PREFIX and FMT formatted with AP, and a newline, in one
 * write. */
static void
vmsg(const char *prefix, const char *fmt, va_list ap)
{
    char text[MSG_MAX];
    const char *name = test_name != NULL ? test_name : user_program_name();

    vsnprintf(text, sizeof text, fmt, ap);
    printf("(%s) %s%s\n", name, prefix, text);
}

/* Prints "(NAME) message" unless quiet is set. */
void
msg(const char *fmt, ...)
{
    va_list ap;

    if (quiet)
        return;
    va_start(ap, fmt);
    vmsg("", fmt, ap);
    va_end(ap);
}

/* Prints "(NAME) FAIL: message" and exits with status 1. */
void
fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vmsg("FAIL: ", fmt, ap);
    va_end(ap);
    exit(1);
}

bool
test_file_exists(const char *name)
{
    int fd = open(name);
    if (fd >= 0)
        close(fd);
    return fd >= 0;
}

unsigned char
test_pattern(unsigned i, unsigned seed)
{
    return (unsigned char)(i * 3 + (i >> 12) * 7 + seed * 59);
}

unsigned char *
test_take(unsigned size, unsigned seed)
{
    unsigned char *p = sbrk((intptr_t)size);
    if (p == (unsigned char *)-1)
        exit(2);
    for (unsigned i = 0; i < size; i++)
        p[i] = test_pattern(i, seed);
    return p;
}

bool
test_intact(const unsigned char *p, unsigned size, unsigned seed)
{
    for (unsigned i = 0; i < size; i++)
        if (p[i] != test_pattern(i, seed))
            return false;
    return true;
}

int
test_first_nonzero(const volatile char *p, int n)
{
    for (int i = 0; i < n; i++)
        if (p[i] != 0)
            return i;
    return -1;
}

bool
test_proc(pid_t pid, struct procinfo *out)
{
    static struct procinfo info[64];
    int n = procinfo(info, 64);
    for (int i = 0; i < n; i++) {
        if (info[i].pid == pid) {
            *out = info[i];
            return true;
        }
    }
    return false;
}
