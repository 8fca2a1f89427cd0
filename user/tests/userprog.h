/* Helpers shared by the user-program tests (tests/cases/userprog/): the bad
 * addresses they hand to the kernel, text placed at the edge of the mapped
 * memory or across a page boundary, fork with a check, and a way for one
 * process to wait for another that is not its child (a file it creates).  Everything
 * here is static inline, so a test includes only what it uses. */
#ifndef USER_TESTS_USERPROG_H
#define USER_TESTS_USERPROG_H

#include <stddef.h>
#include <stdint.h>

#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE_SIZE 4096

/* Addresses a process may not touch (docs/abi.md, section 1). */
#define KERNEL_ADDR   ((void *)0xffffffff80100000UL) /* the kernel image */
#define USER_TOP_ADDR ((void *)0x8004000000UL) /* KERN_BASE, the first kernel byte */
#define UNMAPPED_ADDR ((void *)0x20101234UL)   /* between the heap and the stack */

/* Returns the address N bytes before the end of the mapped memory: the heap
 * is grown by at least N bytes, to end on a page boundary, so the N bytes
 * returned are mapped, writable and all in the heap, and the byte after them
 * is on a page that is not mapped.  Nothing may grow the heap (malloc) while
 * the result is in use. */
static inline char *
edge_of_mapped(size_t n)
{
    uintptr_t brk = (uintptr_t)sbrk(0);
    uintptr_t end = (brk + n + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);

    if (sbrk((intptr_t)(end - brk)) == (void *)-1)
        fail("sbrk(%lu) failed", (unsigned long)(end - brk));
    return (char *)end - n;
}

/* Copies the string S, with its null byte, into PAGES (two pages, the
 * first page-aligned) so that it runs across the boundary between the two
 * pages; returns the copy. */
static inline char *
across_pages(char *pages, const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = pages + PAGE_SIZE - n / 2;

    memcpy(copy, s, n);
    return copy;
}

/* The text of tests/cases/userprog/data/sample.txt, which tests put on the
 * disk as sample.txt. */
static inline const char *
sample_text(void)
{
    return "Phantom pages drift through a phantom heap:\n"
           "the frame you hold was never really yours,\n"
           "just borrowed from the disk while programs sleep.\n";
}

/* Waits until a file named NAME exists (another process creates it), trying
 * to open it up to a million times; fails the test if it never appears. */
static inline void
wait_for_file(const char *name)
{
    for (int i = 0; i < 1000000; i++) {
        int fd = open(name);
        if (fd >= 0) {
            close(fd);
            return;
        }
    }
    fail("'%s' never appeared", name);
}

/* Forks a child named NAME; fails the test if fork does.  Returns 0 in the
 * child and the child's pid in the parent. */
static inline pid_t
fork_checked(const char *name)
{
    pid_t pid = fork(name);

    if (pid < 0)
        fail("fork(\"%s\") failed", name);
    return pid;
}

#endif
