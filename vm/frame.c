/* The frame table (see frame.h). */
#include "vm/frame.h"

#include "kernel/debug.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "kernel/sync.h"
#include "vm/pmap.h"

static struct lock frame_lock; /* guards frames and n_frames */
static struct list frames;
static size_t n_frames;

void
frame_table_init(void)
{
    lock_init(&frame_lock);
    list_init(&frames);
}

struct frame *
frame_alloc(struct page *page)
{
    struct frame *f = malloc(sizeof *f);
    void *kva = f ? palloc_get_page(PAL_USER) : NULL;
    if (kva == NULL) {
        free(f);
        return NULL;
    }
    f->kva = kva;
    f->pa = pmap_frame_pa(kva);
    f->page = page;
    f->pinned = true;
    lock_acquire(&frame_lock);
    list_push_back(&frames, &f->node);
    n_frames++;
    lock_release(&frame_lock);
    return f;
}

void
frame_free(struct frame *f)
{
    lock_acquire(&frame_lock);
    list_remove(&f->node);
    n_frames--;
    lock_release(&frame_lock);
    palloc_free_page(f->kva);
    free(f);
}

void
frame_unpin(struct frame *f)
{
    lock_acquire(&frame_lock);
    f->pinned = false;
    lock_release(&frame_lock);
}

size_t
frame_count(void)
{
    return n_frames;
}
