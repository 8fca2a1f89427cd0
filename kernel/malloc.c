/* The kernel heap.
 *
 * Small requests (up to 2 KiB) are rounded up to a power-of-two size class and
 * served from one-page arenas of equal blocks; each arena's header has a bitmap
 * of its blocks in use, which makes a double free or a foreign pointer an exact,
 * immediate panic.  An arena that becomes empty goes back to the page
 * allocator, so the heap holds no pages it does not use.  Larger requests get
 * their own run of pages behind the same header.  In debug builds new blocks
 * are filled with 0xa5 and freed blocks with 0xcc. */
#include "kernel/malloc.h"

#include <stdint.h>

#include "arch/x86_64/intr.h"
#include "arch/x86_64/pte.h"
#include "kernel/debug.h"
#include "kernel/palloc.h"
#include "kernel/sync.h"
#include "lib/list.h"
#include "lib/string.h"

#define ARENA_MAGIC 0x9a7e4a11u
#define N_CLASSES   8
#define MIN_BLOCK   16
#define LARGE       0xffff
#define HEADER_SIZE 64
#define POISON_NEW  0xa5
#define POISON_FREE 0xcc

struct arena {
    uint32_t magic;
    uint16_t class_idx;    /* size class, or LARGE */
    uint16_t free_blocks;  /* small arenas: blocks not in use */
    size_t pages;          /* large arenas: pages in the run */
    struct list_node node; /* small arenas with a free block: class's list */
    uint64_t in_use[4];    /* small arenas: bit i set if block i is allocated */
};
_Static_assert(sizeof(struct arena) <= HEADER_SIZE, "arena header too big");

struct size_class {
    size_t block_size;
    size_t blocks_per_arena;
    struct list partial; /* arenas with at least one free block */
};

static struct lock heap_lock; /* guards everything below */
static struct size_class classes[N_CLASSES];
static size_t live_blocks, live_bytes;

void
malloc_init(void)
{
    lock_init(&heap_lock);
    for (int i = 0; i < N_CLASSES; i++) {
        classes[i].block_size = (size_t)MIN_BLOCK << i;
        classes[i].blocks_per_arena = (PAGE_SIZE - HEADER_SIZE) / classes[i].block_size;
        list_init(&classes[i].partial);
    }
}

/* Index of the smallest class holding SIZE bytes, or -1 if SIZE is large. */
static int
class_for(size_t size)
{
    for (int i = 0; i < N_CLASSES; i++)
        if (size <= classes[i].block_size)
            return i;
    return -1;
}

static void *
block_addr(struct arena *a, size_t idx)
{
    return (char *)a + HEADER_SIZE + idx * classes[a->class_idx].block_size;
}

/* Takes a free block of class C, adding an arena if needed.  Heap lock held. */
static void *
small_alloc(int c)
{
    struct size_class *sc = &classes[c];
    if (list_empty(&sc->partial)) {
        struct arena *a = palloc_get_page(0);
        if (a == NULL)
            return NULL;
        memset(a, 0, HEADER_SIZE);
        a->magic = ARENA_MAGIC;
        a->class_idx = c;
        a->free_blocks = sc->blocks_per_arena;
        list_push_back(&sc->partial, &a->node);
    }
    struct arena *a = list_entry(list_front(&sc->partial), struct arena, node);
    size_t idx = 0;
    while (a->in_use[idx / 64] & (1ull << (idx % 64)))
        idx++;
    a->in_use[idx / 64] |= 1ull << (idx % 64);
    if (--a->free_blocks == 0)
        list_remove(&a->node);
    return block_addr(a, idx);
}

/* Returns the block at P of small arena A.  Heap lock held. */
static void
small_free(struct arena *a, void *p)
{
    struct size_class *sc = &classes[a->class_idx];
    size_t off = (char *)p - ((char *)a + HEADER_SIZE);
    size_t idx = off / sc->block_size;
    if ((char *)p < (char *)a + HEADER_SIZE || off % sc->block_size != 0 ||
        idx >= sc->blocks_per_arena)
        panic("free: %p is not a heap block", p);
    if (!(a->in_use[idx / 64] & (1ull << (idx % 64))))
        panic("free: double free of %p", p);
    a->in_use[idx / 64] &= ~(1ull << (idx % 64));
    if (a->free_blocks++ == 0)
        list_push_back(&sc->partial, &a->node);
    if (a->free_blocks == sc->blocks_per_arena) {
        list_remove(&a->node);
        a->magic = 0;
        palloc_free_page(a);
    }
}

/* Size of the block at P. */
static size_t
block_size(const struct arena *a)
{
    if (a->class_idx == LARGE)
        return a->pages * PAGE_SIZE - HEADER_SIZE;
    return classes[a->class_idx].block_size;
}

/* The arena header of heap block P; panics if P is not one. */
static struct arena *
arena_of(void *p)
{
    struct arena *a = (struct arena *)page_round_down((uint64_t)p);
    if (a->magic != ARENA_MAGIC)
        panic("free: %p is not a heap block", p);
    return a;
}

/* Allocates a run of pages for SIZE bytes.  No lock needed. */
static void *
large_alloc(size_t size)
{
    if (size > SIZE_MAX - HEADER_SIZE - PAGE_SIZE)
        return NULL;
    size_t pages = (size + HEADER_SIZE + PAGE_SIZE - 1) / PAGE_SIZE;
    struct arena *a = palloc_get_multiple(0, pages);
    if (a == NULL)
        return NULL;
    a->magic = ARENA_MAGIC;
    a->class_idx = LARGE;
    a->pages = pages;
    return (char *)a + HEADER_SIZE;
}

void *
malloc(size_t size)
{
    ASSERT(!intr_context());
    if (size == 0)
        size = 1;
    int c = class_for(size);
    lock_acquire(&heap_lock);
    void *p = c >= 0 ? small_alloc(c) : large_alloc(size);
    if (p != NULL) {
        live_blocks++;
        live_bytes += block_size(arena_of(p));
    }
    lock_release(&heap_lock);
    if (p != NULL && HWAN_DEBUG)
        memset(p, POISON_NEW, size);
    return p;
}

void *
calloc(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    void *p = malloc(n * size);
    if (p != NULL)
        memset(p, 0, n * size);
    return p;
}

void *
realloc(void *old, size_t size)
{
    if (old == NULL)
        return malloc(size);
    if (size == 0) {
        free(old);
        return NULL;
    }
    size_t old_size = block_size(arena_of(old));
    if (size <= old_size)
        return old;
    void *p = malloc(size);
    if (p != NULL) {
        memcpy(p, old, old_size);
        free(old);
    }
    return p;
}

void
free(void *p)
{
    if (p == NULL)
        return;
    ASSERT(!intr_context());
    lock_acquire(&heap_lock);
    struct arena *a = arena_of(p);
    size_t size = block_size(a);
    if (a->class_idx == LARGE && p != (char *)a + HEADER_SIZE)
        panic("free: %p is not a heap block", p);
    if (HWAN_DEBUG)
        memset(p, POISON_FREE, size);
    live_blocks--;
    live_bytes -= size;
    if (a->class_idx == LARGE) {
        a->magic = 0;
        lock_release(&heap_lock);
        palloc_free_multiple(a, a->pages);
        return;
    }
    small_free(a, p);
    lock_release(&heap_lock);
}

size_t
malloc_live_blocks(void)
{
    return live_blocks;
}

size_t
malloc_live_bytes(void)
{
    return live_bytes;
}
