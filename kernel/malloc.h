/* The kernel heap: malloc, calloc, realloc, free for objects of any size. */
#ifndef KERNEL_MALLOC_H
#define KERNEL_MALLOC_H

#include <stddef.h>

/* Sets up the heap (needs palloc). */
void malloc_init(void);

/* Standard semantics; NULL when memory runs out.  Never from an interrupt
 * handler.  Blocks are 16-byte aligned. */
void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
/* Frees P (NULL is ignored); panics on a pointer malloc did not return or a
 * double free. */
void free(void *p);

/* Blocks currently allocated, and their total size in bytes. */
size_t malloc_live_blocks(void);
size_t malloc_live_bytes(void);

#endif
