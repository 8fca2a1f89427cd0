/* Pictures of an address space for the VM host tests, one character per
 * page, in the spirit of Linux's tools/testing/vma:
 *
 *     .  no region
 *     u  a page of a region with nothing of its own (never touched, or
 *        dropped clean): its region says what it holds
 *     a  an anonymous page in a frame, mapped (A: and dirty in the pmap)
 *     ?  a page in a frame that the pmap does not map (mapping dropped)
 *     s  an anonymous page evicted to swap (in a slot, not in a frame)
 *     z  a page with no record mapped to the zero frame (read, never written)
 *
 * For example "uua..A" is two lazy pages, a resident one, two holes, and a
 * resident page the program has written. */
#ifndef TESTS_HOST_SUPPORT_VM_DRAW_H
#define TESTS_HOST_SUPPORT_VM_DRAW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vm/vm.h"

/* The character of the page at VA (page aligned) of SPACE. */
char vm_draw_page(struct vm_space *space, uint64_t va);
/* Draws the NPAGES pages from VA into BUF (at least NPAGES + 1 bytes),
 * NUL-terminated; returns BUF. */
char *vm_draw(struct vm_space *space, uint64_t va, size_t npages, char *buf);
/* Prints "LABEL  0xSTART |picture| 0xEND" to OUT, at most 64 pages a line. */
void vm_draw_print(FILE *out, const char *label, struct vm_space *space, uint64_t va,
                   size_t npages);

#endif
