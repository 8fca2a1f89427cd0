/* Anonymous pages: memory with no file behind it once loaded (stack, heap,
 * bss, and a program's pages after their first load). */
#ifndef VM_ANON_H
#define VM_ANON_H

#include "vm/page.h"

extern const struct page_ops anon_ops;

#endif
