/* Memory allocation for lib/ and the kernel, with the standard prototypes.
 * In the kernel these are defined by kernel/malloc.c, in user programs (built
 * with -DUSER) by user/lib/malloc.c; on the host they are the C library's.
 * malloc/calloc/realloc return NULL when memory runs out; free(NULL) does
 * nothing. */
#ifndef LIB_ALLOC_H
#define LIB_ALLOC_H

#include <stddef.h>

#if defined(KERNEL) || defined(USER)

void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);

#else

#include <stdlib.h>

#endif

#endif
