/* The heap: malloc, free, calloc and realloc on top of sbrk.
 *
 * Every block, free or in use, starts with a 16-byte header holding its size
 * (header included, a multiple of 16), so payloads are 16-byte aligned.  Free
 * blocks sit on one list sorted by address; free() inserts a block in its
 * place and merges it with the neighbours it touches, so the heap never holds
 * two adjacent free blocks.  malloc takes the first free block that is big
 * enough and splits off the rest; when none is, it grows the heap with sbrk by
 * at least HEAP_GROW bytes.  When the free block at the very end of the heap
 * exceeds HEAP_TRIM bytes, free() gives all but HEAP_GROW of it back with a
 * negative sbrk.  An in-use block's link field holds BLOCK_IN_USE, so freeing a
 * pointer twice, or one malloc never returned, is caught and aborts. */
#include <stdbool.h>
#include <stdint.h>

#include "stdio.h"
#include "stdlib.h"
#include "string.h"
#include "syscall.h"

#define ALIGN      16
#define PAGE       4096
#define HEAP_GROW  (64 * 1024)       /* least growth per sbrk */
#define HEAP_TRIM  (256 * 1024)      /* free space at the end worth giving back */
#define MIN_BLOCK  (2 * ALIGN)       /* header and the smallest payload */
#define MALLOC_MAX ((size_t)1 << 40) /* bigger requests fail at once */

struct block {
    size_t size;        /* bytes, header included; a multiple of ALIGN */
    struct block *next; /* free: next free block up; in use: BLOCK_IN_USE */
};

#define BLOCK_IN_USE ((struct block *)0xa110c8ed0000a5a5)

_Static_assert(sizeof(struct block) == ALIGN, "block header must keep alignment");

static struct block *free_list; /* free blocks, lowest address first */

/* Rounds N up to a multiple of the power of two A. */
static inline uintptr_t
round_up(uintptr_t n, uintptr_t a)
{
    return (n + a - 1) & ~(a - 1);
}

/* The address just past block B. */
static inline char *
block_end(const struct block *b)
{
    return (char *)b + b->size;
}

/* Puts free block B on the free list in address order, merging it with the
 * blocks right before and after it.  Returns the free block that now holds B. */
static struct block *
free_insert(struct block *b)
{
    struct block **link = &free_list;
    struct block *prev = NULL;

    while (*link != NULL && *link < b) {
        prev = *link;
        link = &(*link)->next;
    }
    b->next = *link;
    *link = b;
    if (b->next != NULL && block_end(b) == (char *)b->next) {
        b->size += b->next->size;
        b->next = b->next->next;
    }
    if (prev != NULL && block_end(prev) == (char *)b) {
        prev->size += b->size;
        prev->next = b->next;
        b = prev;
    }
    return b;
}

/* Grows the heap by enough for a block of NEED bytes and adds the new space
 * to the free list.  Returns false if sbrk refuses. */
static bool
heap_grow(size_t need)
{
    size_t want = need + ALIGN > HEAP_GROW ? need + ALIGN : HEAP_GROW;
    size_t len = round_up(want, PAGE);
    char *p = sbrk((intptr_t)len);
    char *start;
    struct block *b;

    if (p == (char *)-1)
        return false;
    start = (char *)round_up((uintptr_t)p, ALIGN);
    b = (struct block *)start;
    b->size = (size_t)(p + len - start) & ~(size_t)(ALIGN - 1);
    free_insert(b);
    return true;
}

/* Gives back to the kernel all but HEAP_GROW bytes of free block B if B ends
 * the heap and is bigger than HEAP_TRIM. */
static void
heap_trim(struct block *b)
{
    size_t release;

    if (b->size <= HEAP_TRIM || block_end(b) != (char *)sbrk(0))
        return;
    release = (b->size - HEAP_GROW) & ~(size_t)(PAGE - 1);
    if (sbrk(-(intptr_t)release) != (void *)-1)
        b->size -= release;
}

/* Takes free block B (reached through LINK) for a request of NEED bytes,
 * splitting off and keeping free whatever is left if it can be a block. */
static void
block_take(struct block **link, struct block *b, size_t need)
{
    if (b->size - need >= MIN_BLOCK) {
        struct block *rest = (struct block *)((char *)b + need);
        rest->size = b->size - need;
        rest->next = b->next;
        *link = rest;
        b->size = need;
    } else {
        *link = b->next;
    }
    b->next = BLOCK_IN_USE;
}

/* Returns the block size that serves a request of N bytes, or 0 if N is more
 * than all of user space (MALLOC_MAX), so it cannot be served. */
static size_t
block_size_for(size_t n)
{
    if (n > MALLOC_MAX)
        return 0;
    n = round_up(n + sizeof(struct block), ALIGN);
    return n < MIN_BLOCK ? MIN_BLOCK : n;
}

/* Returns the block behind pointer P from malloc; aborts if P is not one. */
static struct block *
block_of(void *p, const char *who)
{
    struct block *b = (struct block *)p - 1;

    if (((uintptr_t)p & (ALIGN - 1)) != 0 || b->next != BLOCK_IN_USE) {
        printf("%s: %s(%p): not a block in use (freed twice?)\n", user_program_name(),
               who, p);
        abort();
    }
    return b;
}

/* Takes the first free block that holds NEED bytes.  Returns its payload, or
 * NULL if there is none. */
static void *
first_fit(size_t need)
{
    for (struct block **link = &free_list; *link != NULL; link = &(*link)->next) {
        struct block *b = *link;
        if (b->size >= need) {
            block_take(link, b, need);
            return b + 1;
        }
    }
    return NULL;
}

/* Allocates N bytes, 16-byte aligned, contents undefined.  Returns NULL if
 * memory runs out.  malloc(0) returns a unique pointer. */
void *
malloc(size_t n)
{
    size_t need = block_size_for(n);
    void *p;

    if (need == 0)
        return NULL;
    p = first_fit(need);
    if (p == NULL && heap_grow(need))
        p = first_fit(need);
    return p;
}

/* Frees P, which malloc, calloc or realloc returned; free(NULL) does nothing.
 * Aborts if P is not a block in use. */
void
free(void *p)
{
    if (p == NULL)
        return;
    heap_trim(free_insert(block_of(p, "free")));
}

/* Allocates COUNT * SIZE zeroed bytes.  Returns NULL if that overflows or
 * memory runs out. */
void *
calloc(size_t count, size_t size)
{
    void *p;

    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    p = malloc(count * size);
    if (p != NULL)
        memset(p, 0, count * size);
    return p;
}

/* Resizes block P to N bytes, keeping its contents up to the smaller size;
 * may move it.  realloc(NULL, N) is malloc(N).  Returns the block, or NULL if
 * memory runs out (P is then left alone). */
void *
realloc(void *p, size_t n)
{
    struct block *b;
    size_t need = block_size_for(n);
    void *q;

    if (p == NULL)
        return malloc(n);
    b = block_of(p, "realloc");
    if (need == 0)
        return NULL;
    if (b->size >= need) {
        if (b->size - need >= MIN_BLOCK) {
            struct block *rest = (struct block *)((char *)b + need);
            rest->size = b->size - need;
            b->size = need;
            free_insert(rest);
        }
        return p;
    }
    q = malloc(n);
    if (q == NULL)
        return NULL;
    memcpy(q, p, b->size - sizeof(struct block));
    free(p);
    return q;
}
