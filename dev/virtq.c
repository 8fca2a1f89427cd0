/* The legacy split virtqueue (see virtq.h). */
#include "dev/virtq.h"

#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/pte.h"
#include "kernel/palloc.h"
#include "lib/string.h"

/* Bytes from the start of the ring memory to the used ring. */
static size_t
virtq_used_offset(uint16_t size)
{
    size_t avail_end = sizeof(struct virtq_desc) * size + sizeof(struct virtq_avail) +
                       sizeof(uint16_t) * (size + 1);
    return (avail_end + VIRTQ_ALIGN - 1) & ~(size_t)(VIRTQ_ALIGN - 1);
}

/* Bytes of ring memory for SIZE descriptors. */
static size_t
virtq_bytes(uint16_t size)
{
    return virtq_used_offset(size) + sizeof(struct virtq_used) +
           sizeof(struct virtq_used_elem) * size + sizeof(uint16_t);
}

bool
virtq_init(struct virtq *q, uint16_t size)
{
    if (size == 0 || (size & (size - 1)) != 0)
        return false;
    q->size = size;
    q->pages = (virtq_bytes(size) + PAGE_SIZE - 1) / PAGE_SIZE;
    uint8_t *mem = palloc_get_multiple(PAL_ZERO, q->pages);
    if (mem == NULL)
        return false;
    q->desc = (struct virtq_desc *)mem;
    q->avail = (struct virtq_avail *)(mem + sizeof(struct virtq_desc) * size);
    q->used = (struct virtq_used *)(mem + virtq_used_offset(size));
    virtq_reset(q);
    return true;
}

void
virtq_reset(struct virtq *q)
{
    memset(q->desc, 0, q->pages * PAGE_SIZE);
    for (uint16_t i = 0; i < q->size; i++)
        q->desc[i].next = i + 1;
    q->free_head = 0;
    q->n_free = q->size;
    q->last_used = 0;
}

uint32_t
virtq_pfn(const struct virtq *q)
{
    return vtop(q->desc) / VIRTQ_ALIGN;
}

uint16_t
virtq_next_head(const struct virtq *q)
{
    return q->free_head;
}

uint16_t
virtq_add(struct virtq *q, const struct virtq_buf *bufs, size_t n)
{
    uint16_t head = q->free_head, d = head;
    for (size_t i = 0; i < n; i++) {
        struct virtq_desc *desc = &q->desc[d];
        desc->addr = bufs[i].pa;
        desc->len = bufs[i].len;
        desc->flags = (bufs[i].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
                      (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0);
        if (i + 1 < n)
            d = desc->next;
        else
            q->free_head = desc->next;
    }
    q->n_free -= n;
    q->avail->ring[q->avail->idx % q->size] = head;
    __atomic_thread_fence(__ATOMIC_SEQ_CST); /* the chain before the index */
    q->avail->idx++;
    __atomic_thread_fence(__ATOMIC_SEQ_CST); /* the index before the notify */
    return head;
}

bool
virtq_pop(struct virtq *q, uint16_t *head)
{
    if (q->last_used == q->used->idx)
        return false;
    __atomic_thread_fence(__ATOMIC_SEQ_CST); /* the index before the element */
    uint16_t h = q->used->ring[q->last_used % q->size].id;
    q->last_used++;
    uint16_t d = h;
    q->n_free++;
    while (q->desc[d].flags & VIRTQ_DESC_F_NEXT) {
        d = q->desc[d].next;
        q->n_free++;
    }
    q->desc[d].next = q->free_head;
    q->free_head = h;
    *head = h;
    return true;
}
