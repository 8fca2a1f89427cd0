/* A virtio split virtqueue in the legacy layout (virtio 1.x spec, 2.7 and
 * 4.1.5.1.3 "legacy interface"): the descriptor table, the available ring and,
 * on the next 4 KiB boundary, the used ring, in physically contiguous pages
 * whose page number the driver writes to the device's queue-address register.
 *
 * The queue keeps its free descriptors on a list through their `next` fields.
 * Every function but virtq_init must run with interrupts off: the driver adds
 * chains from threads and takes back used ones in its interrupt handler. */
#ifndef DEV_VIRTQ_H
#define DEV_VIRTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRTQ_DESC_F_NEXT  1    /* the chain goes on at `next` */
#define VIRTQ_DESC_F_WRITE 2    /* the device writes this buffer */
#define VIRTQ_ALIGN        4096 /* legacy: the used ring starts on this boundary */

struct virtq_desc {
    uint64_t addr; /* physical address */
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};

struct virtq_avail {
    uint16_t flags;
    uint16_t idx;    /* where the driver puts the next head, free running */
    uint16_t ring[]; /* then used_event, unused here */
};

struct virtq_used_elem {
    uint32_t id;  /* head of the chain the device is done with */
    uint32_t len; /* bytes it wrote */
};

struct virtq_used {
    uint16_t flags;
    uint16_t idx; /* where the device puts the next element, free running */
    struct virtq_used_elem ring[];
};

/* One buffer of a chain. */
struct virtq_buf {
    uint64_t pa;
    uint32_t len;
    bool device_writes;
};

struct virtq {
    uint16_t size;                    /* [C] descriptors (a power of two) */
    size_t pages;                     /* [C] size of the ring memory */
    struct virtq_desc *desc;          /* [C] the three rings (contents [I]) */
    struct virtq_avail *avail;        /* [C] */
    volatile struct virtq_used *used; /* [C] written by the device */
    uint16_t free_head;               /* [I] first free descriptor */
    uint16_t n_free;                  /* [I] free descriptors */
    uint16_t last_used;               /* [I] used ring elements taken back */
};

/* Allocates and clears the rings of a queue of SIZE descriptors; returns
 * false if SIZE is not a power of two or memory is short. */
bool virtq_init(struct virtq *q, uint16_t size);
/* Clears the rings and frees every descriptor (after a device reset). */
void virtq_reset(struct virtq *q);
/* The page number the device's queue-address register wants. */
uint32_t virtq_pfn(const struct virtq *q);
/* The descriptor the next virtq_add will use as its chain's head. */
uint16_t virtq_next_head(const struct virtq *q);
/* Makes BUFS[0..N) a chain and offers it to the device; returns its head.
 * The caller checked that N descriptors are free (n_free). */
uint16_t virtq_add(struct virtq *q, const struct virtq_buf *bufs, size_t n);
/* If the device has finished a chain not yet taken back, frees the chain,
 * stores its head in *HEAD and returns true. */
bool virtq_pop(struct virtq *q, uint16_t *head);

#endif
