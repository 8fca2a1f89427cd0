/* bad-mem KIND: touches memory the process may not, which must kill it with
 * -1 and print nothing else (docs/abi.md, section 6):
 *
 *   read-kernel     read 0xffffffff80100000 (the kernel image)
 *   read-top        read 0x8004000000 (the first kernel address)
 *   read-unmapped   read 0x20101234 (nothing mapped there)
 *   read-heap-end   read the page after the heap's break
 *   write-null      write address 0
 *   write-unmapped  write 0x20101234
 *   write-top       write 0x8004000000
 *   write-rodata    write a constant string (read-only data)
 *   jump-kernel     call 0xffffffff80100000
 *   jump-unmapped   call 0x20101234
 *   jump-stack      call a `ret` instruction copied to the stack (no-execute)
 *   jump-data       call a `ret` instruction in .data (no-execute) */
#include <stdint.h>

#include "string.h"
#include "syscall.h"
#include "test.h"
#include "userprog.h"

static unsigned char ret_in_data[16] = {0xc3}; /* ret */
static const char rodata[] = "read-only";

/* Reads the byte at P. */
static void
read_at(const void *p)
{
    msg("read %d", *(const volatile char *)p);
}

/* Writes a byte at P. */
static void
write_at(void *p)
{
    *(volatile char *)p = 1;
}

/* Calls the code at P. */
static void
jump_to(void *p)
{
    void (*volatile f)(void) = (void (*)(void))p;

    f();
}

/* Returns the first address past the heap's break page (never mapped). */
static void *
past_heap(void)
{
    uintptr_t brk = (uintptr_t)sbrk(0);

    return (void *)((brk + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1));
}

/* Does the access KIND names; returns if it was not refused. */
static void
touch(const char *kind)
{
    unsigned char ret_on_stack[16] = {0xc3};

    if (strcmp(kind, "read-kernel") == 0)
        read_at(KERNEL_ADDR);
    else if (strcmp(kind, "read-top") == 0)
        read_at(USER_TOP_ADDR);
    else if (strcmp(kind, "read-unmapped") == 0)
        read_at(UNMAPPED_ADDR);
    else if (strcmp(kind, "read-heap-end") == 0)
        read_at(past_heap());
    else if (strcmp(kind, "write-null") == 0)
        write_at(NULL);
    else if (strcmp(kind, "write-unmapped") == 0)
        write_at(UNMAPPED_ADDR);
    else if (strcmp(kind, "write-top") == 0)
        write_at(USER_TOP_ADDR);
    else if (strcmp(kind, "write-rodata") == 0)
        write_at((void *)rodata);
    else if (strcmp(kind, "jump-kernel") == 0)
        jump_to(KERNEL_ADDR);
    else if (strcmp(kind, "jump-unmapped") == 0)
        jump_to(UNMAPPED_ADDR);
    else if (strcmp(kind, "jump-stack") == 0)
        jump_to(ret_on_stack);
    else if (strcmp(kind, "jump-data") == 0)
        jump_to(ret_in_data);
    else
        fail("unknown access '%s'", kind);
}

/* Does the access argv[1]. */
int
main(int argc, char *argv[])
{
    test_name = "bad-mem";
    if (argc != 2)
        fail("usage: bad-mem KIND");
    msg("begin");
    msg("%s", argv[1]);
    touch(argv[1]);
    fail("%s: should have been killed", argv[1]);
}
