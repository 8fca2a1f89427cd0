/* Host stand-in for kernel/malloc.h: the C library's allocator. */
#ifndef KERNEL_MALLOC_H
#define KERNEL_MALLOC_H

#include <stddef.h>
#include <stdlib.h>

#endif
