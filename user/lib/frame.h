/* Asking the kernel where a page lives (hwan's int 0x42, docs/abi.md): the
 * tests of lazy loading and copy-on-write use it to see the VM at work. */
#ifndef USER_FRAME_H
#define USER_FRAME_H

#include <stdint.h>

/* A non-zero value naming the physical frame behind the page of ADDR if that
 * page is in memory, else 0.  Two pages sharing a frame give the same value. */
static inline uint64_t
frame_of(const volatile void *addr)
{
    uint64_t rax = (uint64_t)addr;
    __asm__ volatile("int $0x42" : "+a"(rax) : : "memory");
    return rax;
}

#endif
