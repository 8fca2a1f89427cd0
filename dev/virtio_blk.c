/* virtio-blk disks through the legacy PCI interface (virtio 1.x spec, 4.1.4.8
 * and 5.2): registers in I/O BAR 0, one request queue, completion by INTx.
 *
 * A block request is cut into device requests ("parts") of at most
 * max_pieces data buffers each.  A part is a descriptor chain: the 16-byte
 * header (type, sector), the caller's buffers as they are (no copy), and the
 * status byte the device writes.  Headers and status bytes live in `hdrs`,
 * one per descriptor that can head a chain.  Threads add chains with
 * interrupts off (one submitter at a time, under submit_lock); the interrupt
 * handler takes finished chains back and ends a block request when its last
 * part ends.  A submitter that finds too few free descriptors notifies the
 * device and sleeps on `space`, which the handler ups.
 *
 * A watchdog callout runs while parts are in flight.  It collects finished
 * parts whose interrupt was lost, and if the device makes no progress for
 * `timeout_ticks` it resets the device, ends every part in flight with
 * BLOCK_ETIMEDOUT and sets the queue up again. */
#include "dev/virtio_blk.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/intr.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/pte.h"
#include "arch/x86_64/trap.h"
#include "dev/pci.h"
#include "dev/virtio_pci.h"
#include "dev/virtq.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "kernel/printf.h"
#include "kernel/timer.h"
#include "lib/string.h"

#define VIRTIO_BLK_LEGACY 0x1001 /* transitional virtio-blk device ID */

/* virtio-blk configuration fields, offsets from REG_CONFIG. */
#define CFG_CAPACITY 0x00
#define CFG_SIZE_MAX 0x08
#define CFG_SEG_MAX  0x0c

#define F_SIZE_MAX (1u << 1)
#define F_SEG_MAX  (1u << 2)
#define F_FLUSH    (1u << 9) /* FLUSH requests; without it QEMU writes through */

#define BLK_S_OK     0
#define BLK_S_IOERR  1
#define BLK_S_UNSUPP 2
#define ID_BYTES     20 /* GET_ID answer */

#define MAX_DISKS    8
#define PIECE_MAX    (1u << 22) /* bytes per data descriptor without SIZE_MAX */
#define WATCH_PERIOD 10         /* ticks between watchdog runs */

struct vblk_hdr {
    uint32_t type;
    uint32_t reserved;
    uint64_t sector;
    uint8_t status; /* written by the device */
    uint8_t pad[15];
};
_Static_assert(sizeof(struct vblk_hdr) == 32, "headers must not cross pages");

struct vblk {
    struct block_device dev;
    uint16_t io;                  /* [C] I/O BAR 0 */
    uint8_t irq;                  /* [C] */
    uint32_t features;            /* [C] accepted: F_FLUSH if offered */
    size_t max_pieces;            /* [C] data buffers per part */
    uint32_t size_max;            /* [C] bytes per data buffer */
    struct virtq q;               /* [I] */
    struct vblk_hdr *hdrs;        /* [I] by head descriptor */
    struct block_request **owner; /* [I] by head descriptor: whose part */
    unsigned in_flight;           /* [I] parts the device has */
    int64_t progress;             /* [I] tick of the last part ended or added */
    bool watching;                /* [I] the watchdog is scheduled */
    bool hold_notify;             /* [I] tests: do not notify the device */
    struct callout watchdog;
    struct lock submit_lock;       /* one thread adds parts at a time */
    struct virtq_buf *bufs;        /* [submit_lock] chain being built */
    struct semaphore space;        /* upped when descriptors are freed */
    struct virtio_blk_stats stats; /* [I] */
};

static struct vblk *disks[MAX_DISKS];          /* [C] set at boot */
static unsigned n_disks;                       /* [C] */
static int64_t timeout_ticks = 5 * TIMER_FREQ; /* [I] */

static void vblk_submit(struct block_device *dev, struct block_request *req);
static const struct block_ops vblk_ops = {.submit = vblk_submit};

/* A part of REQ ended with device status ST.  Interrupts off. */
static void
vblk_part_end(struct block_request *req, int st)
{
    if (st != BLOCK_OK && req->status == BLOCK_OK)
        req->status = st;
    if (--req->pending == 0)
        block_complete(req, req->status);
}

/* The BLOCK_* status for the device's status byte ST. */
static int
vblk_status(uint8_t st)
{
    return st == BLK_S_OK ? BLOCK_OK : st == BLK_S_UNSUPP ? BLOCK_EUNSUPP : BLOCK_EIO;
}

/* Records the failed part of header H for the power-off report
 * (block_note_error). */
static void
vblk_note_error(struct vblk *vb, const struct vblk_hdr *h)
{
    const char *op = h->type == VIRTIO_BLK_T_IN    ? "read"
                     : h->type == VIRTIO_BLK_T_OUT ? "write"
                                                   : "other";
    block_note_error(&vb->dev, "%s at sector %llu: status %u", op,
                     (unsigned long long)h->sector, h->status);
}

/* Takes back every part the device has finished; returns how many.
 * Interrupts off. */
static unsigned
vblk_collect(struct vblk *vb)
{
    unsigned n = 0;
    uint16_t head;
    while (virtq_pop(&vb->q, &head)) {
        struct block_request *req = vb->owner[head];
        int st = vblk_status(vb->hdrs[head].status);
        vb->owner[head] = NULL;
        vb->in_flight--;
        vb->stats.errors += st != BLOCK_OK;
        if (st != BLOCK_OK)
            vblk_note_error(vb, &vb->hdrs[head]);
        vblk_part_end(req, st);
        n++;
    }
    if (n > 0) {
        vb->progress = timer_ticks();
        sema_up(&vb->space);
    }
    return n;
}

/* Interrupt handler of one PCI interrupt line: every disk on the line reads
 * its ISR (which lowers its interrupt) and collects finished parts. */
static void
vblk_interrupt(struct trap_frame *f)
{
    unsigned irq = f->vector - VEC_IRQ0;
    for (unsigned i = 0; i < n_disks; i++)
        if (disks[i]->irq == irq) {
            inb(disks[i]->io + REG_ISR);
            vblk_collect(disks[i]);
        }
}

/* Resets the device and gives it the (cleared) queue again, status DRIVER_OK. */
static void
vblk_device_setup(struct vblk *vb)
{
    outb(vb->io + REG_STATUS, 0);
    outb(vb->io + REG_STATUS, STATUS_ACKNOWLEDGE);
    outb(vb->io + REG_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
    outl(vb->io + REG_GUEST_FEATURES, vb->features);
    outw(vb->io + REG_QUEUE_SELECT, 0);
    outl(vb->io + REG_QUEUE_PFN, virtq_pfn(&vb->q));
    outb(vb->io + REG_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_DRIVER_OK);
}

/* The device made no progress in time: resets it (it then touches no buffer)
 * and ends every part in flight with BLOCK_ETIMEDOUT.  Interrupts off. */
static void
vblk_timeout(struct vblk *vb)
{
    outb(vb->io + REG_STATUS, 0);
    virtq_reset(&vb->q);
    vblk_device_setup(vb);
    vb->stats.timeouts++;
    vb->in_flight = 0;
    for (uint16_t h = 0; h < vb->q.size; h++) {
        struct block_request *req = vb->owner[h];
        vb->owner[h] = NULL;
        if (req != NULL)
            vblk_part_end(req, BLOCK_ETIMEDOUT);
    }
    sema_up(&vb->space);
}

/* Watchdog callout (timer interrupt): see the comment at the top. */
static void
vblk_watchdog(void *aux)
{
    struct vblk *vb = aux;
    vb->stats.late_completions += vblk_collect(vb);
    if (vb->in_flight > 0 && timer_elapsed(vb->progress) >= timeout_ticks)
        vblk_timeout(vb);
    vb->watching = vb->in_flight > 0;
    if (vb->watching)
        callout_schedule(&vb->watchdog, WATCH_PERIOD, vblk_watchdog, vb);
}

/* Tells the device that the available ring has new chains. */
static void
vblk_notify(struct vblk *vb)
{
    if (!vb->hold_notify)
        outw(vb->io + REG_QUEUE_NOTIFY, 0);
}

/* Where the next data buffer of a request comes from. */
struct vblk_cursor {
    const struct block_seg *seg, *end;
    size_t off; /* bytes of *seg already taken */
};

/* Fills OUT with up to max_pieces data buffers from C; adds their bytes to
 * *BYTES and returns how many. */
static size_t
vblk_gather(struct vblk *vb, struct vblk_cursor *c, struct virtq_buf *out,
            bool dev_writes, uint64_t *bytes)
{
    size_t n = 0;
    *bytes = 0;
    while (n < vb->max_pieces && c->seg < c->end) {
        size_t len = c->seg->len - c->off;
        if (len == 0) {
            c->seg++;
            c->off = 0;
            continue;
        }
        len = len < vb->size_max ? len : vb->size_max;
        uint8_t *p = (uint8_t *)c->seg->buf + c->off;
        out[n++] = (struct virtq_buf){vtop(p), (uint32_t)len, dev_writes};
        c->off += len;
        *bytes += len;
    }
    return n;
}

/* Waits until N descriptors are free; returns with interrupts off and the
 * old level in *OLD.  submit_lock held. */
static void
vblk_wait_space(struct vblk *vb, size_t n, enum intr_level *old)
{
    *old = intr_disable();
    while (vb->q.n_free < n) {
        intr_set_level(*old);
        vblk_notify(vb); /* what is queued must run for space to come */
        sema_down(&vb->space);
        *old = intr_disable();
    }
}

/* Adds one part of REQ: TYPE at SECTOR with vb->bufs[1..N] as data buffers. */
static void
vblk_add_part(struct vblk *vb, struct block_request *req, uint32_t type, uint64_t sector,
              size_t n)
{
    enum intr_level old;
    vblk_wait_space(vb, n + 2, &old);
    uint16_t head = virtq_next_head(&vb->q);
    struct vblk_hdr *h = &vb->hdrs[head];
    *h = (struct vblk_hdr){.type = type, .sector = sector, .status = 0xff};
    vb->bufs[0] = (struct virtq_buf){vtop(h), 16, false};
    vb->bufs[n + 1] = (struct virtq_buf){vtop(&h->status), 1, true};
    virtq_add(&vb->q, vb->bufs, n + 2);
    vb->owner[head] = req;
    req->pending++;
    if (vb->in_flight++ == 0)
        vb->progress = timer_ticks();
    vb->stats.parts++;
    if (vb->in_flight > vb->stats.max_in_flight)
        vb->stats.max_in_flight = vb->in_flight;
    if (!vb->watching) {
        vb->watching = true;
        callout_schedule(&vb->watchdog, WATCH_PERIOD, vblk_watchdog, vb);
    }
    intr_set_level(old);
}

/* Starts REQ (status and semaphore set up) as requests of TYPE; the device
 * writes the buffers if DEV_WRITES.  REQ ends when its last part does. */
static void
vblk_start(struct vblk *vb, struct block_request *req, uint32_t type, bool dev_writes)
{
    for (size_t i = 0; i < req->n_segs; i++)
        if ((uint64_t)req->segs[i].buf < DMAP_BASE) {
            block_complete(req, BLOCK_ERANGE); /* not a kernel address */
            return;
        }
    req->pending = 1; /* held until every part is added */
    struct vblk_cursor c = {req->segs, req->segs + req->n_segs, 0};
    uint64_t sector = req->sector, bytes;
    lock_acquire(&vb->submit_lock);
    size_t n = vblk_gather(vb, &c, vb->bufs + 1, dev_writes, &bytes);
    do { /* a flush has no data buffer, but still one part */
        vblk_add_part(vb, req, type, sector, n);
        vblk_notify(vb);
        sector += bytes / BLOCK_SECTOR_SIZE;
    } while ((n = vblk_gather(vb, &c, vb->bufs + 1, dev_writes, &bytes)) > 0);
    lock_release(&vb->submit_lock);
    enum intr_level old = intr_disable();
    vblk_part_end(req, BLOCK_OK);
    intr_set_level(old);
}

static void
vblk_submit(struct block_device *dev, struct block_request *req)
{
    struct vblk *vb = dev->aux;
    if (req->op == BLOCK_OP_FLUSH && !(vb->features & F_FLUSH))
        block_complete(req, BLOCK_OK); /* no write cache to flush */
    else if (req->op == BLOCK_OP_FLUSH)
        vblk_start(vb, req, VIRTIO_BLK_T_FLUSH, false);
    else
        vblk_start(vb, req, req->op == BLOCK_OP_READ ? VIRTIO_BLK_T_IN : VIRTIO_BLK_T_OUT,
                   req->op == BLOCK_OP_READ);
}

int
virtio_blk_raw(struct block_device *dev, uint32_t type, uint64_t sector, void *buf,
               size_t len)
{
    struct block_seg seg = {buf, len};
    struct block_request req = {.sector = sector, .segs = &seg, .n_segs = 1};
    sema_init(&req.finished, 0);
    vblk_start(dev->aux, &req, type, type != VIRTIO_BLK_T_OUT);
    return block_wait(&req);
}

bool
virtio_blk_is(const struct block_device *dev)
{
    return dev->ops == &vblk_ops;
}

void
virtio_blk_stats(const struct block_device *dev, struct virtio_blk_stats *out)
{
    struct vblk *vb = dev->aux;
    enum intr_level old = intr_disable();
    *out = vb->stats;
    intr_set_level(old);
}

void
virtio_blk_hold_notify(struct block_device *dev, bool hold)
{
    struct vblk *vb = dev->aux;
    vb->hold_notify = hold;
    if (!hold)
        vblk_notify(vb);
}

int64_t
virtio_blk_set_timeout(int64_t ticks)
{
    enum intr_level old = intr_disable();
    int64_t prev = timeout_ticks;
    timeout_ticks = ticks;
    intr_set_level(old);
    return prev;
}

/* Names VB after the serial number the device reports, or vblkN. */
static void
vblk_name(struct vblk *vb)
{
    char id[ID_BYTES + 1] = {0};
    int st = virtio_blk_raw(&vb->dev, VIRTIO_BLK_T_GET_ID, 0, id, ID_BYTES);
    if (st == BLOCK_OK && id[0] != '\0' && strlen(id) < sizeof vb->dev.name)
        strlcpy(vb->dev.name, id, sizeof vb->dev.name);
    else
        snprintf(vb->dev.name, sizeof vb->dev.name, "vblk%u", n_disks);
}

/* Reads the limits the device offers into VB: data buffers per part (leaving
 * room for two parts of the largest size in the queue) and bytes per buffer. */
static void
vblk_read_limits(struct vblk *vb, uint32_t features)
{
    vb->max_pieces = (vb->q.size - 2) / 2;
    if (features & F_SEG_MAX) {
        uint32_t seg_max = inl(vb->io + REG_CONFIG + CFG_SEG_MAX);
        if (seg_max > 0 && seg_max < vb->max_pieces)
            vb->max_pieces = seg_max;
    }
    vb->size_max = PIECE_MAX;
    if (features & F_SIZE_MAX) {
        uint32_t size_max =
            inl(vb->io + REG_CONFIG + CFG_SIZE_MAX) & ~(BLOCK_SECTOR_SIZE - 1u);
        if (size_max >= BLOCK_SECTOR_SIZE && size_max < vb->size_max)
            vb->size_max = size_max;
    }
}

/* Allocates VB's queue and per-chain arrays for a queue of SIZE; false if
 * memory is short (nothing is then kept). */
static bool
vblk_alloc(struct vblk *vb, uint16_t size)
{
    if (!virtq_init(&vb->q, size))
        return false;
    size_t hdr_pages = (sizeof(struct vblk_hdr) * size + PAGE_SIZE - 1) / PAGE_SIZE;
    vb->hdrs = palloc_get_multiple(PAL_ZERO, hdr_pages);
    vb->owner = calloc(size, sizeof *vb->owner);
    vb->bufs = malloc(sizeof *vb->bufs * size);
    return vb->hdrs != NULL && vb->owner != NULL && vb->bufs != NULL;
}

/* Routes interrupt line IRQ to the handler (once per line, level-triggered
 * as PCI lines are); false if the line is unusable. */
static bool
vblk_route_irq(uint8_t irq)
{
    static uint16_t registered; /* [C] lines with our handler */
    if (irq >= 16 || irq == 2)
        return false;
    if (!(registered & (1u << irq))) {
        if (irq_registered(irq))
            return false; /* another driver's line */
        pic_set_level_triggered(irq);
        irq_register(irq, vblk_interrupt, "virtio-blk");
        registered |= 1u << irq;
    }
    return true;
}

/* Sets up the virtio-blk function F and registers it. */
static void
vblk_probe(const struct pci_function *f)
{
    uint16_t io = pci_io_bar(f, 0);
    if (io == 0 || n_disks == MAX_DISKS || !vblk_route_irq(f->irq))
        return;
    struct vblk *vb = calloc(1, sizeof *vb);
    pci_enable_io_dma(f);
    outb(io + REG_STATUS, 0);
    outw(io + REG_QUEUE_SELECT, 0);
    if (vb == NULL || !vblk_alloc(vb, inw(io + REG_QUEUE_SIZE))) {
        printf("virtio-blk: %02x:%02x.%x: cannot set up (out of memory?)\n", f->bus,
               f->slot, f->func);
        return; /* the little allocated stays: boot-time only */
    }
    vb->io = io;
    vb->irq = f->irq;
    lock_init(&vb->submit_lock);
    sema_init(&vb->space, 0);
    uint32_t offered = inl(io + REG_DEVICE_FEATURES);
    vb->features = offered & F_FLUSH;
    vblk_read_limits(vb, offered);
    vblk_device_setup(vb);
    vb->dev = (struct block_device){.role = BLOCK_NONE, .ops = &vblk_ops, .aux = vb};
    vb->dev.sectors = inl(io + REG_CONFIG + CFG_CAPACITY) |
                      (uint64_t)inl(io + REG_CONFIG + CFG_CAPACITY + 4) << 32;
    disks[n_disks++] = vb;
    vblk_name(vb);
    printf("virtio-blk: %s: %llu sectors (%llu MiB), queue %u, irq %u\n", vb->dev.name,
           (unsigned long long)vb->dev.sectors,
           (unsigned long long)(vb->dev.sectors >> 11), vb->q.size, vb->irq);
    block_register(&vb->dev);
}

void
virtio_blk_init(void)
{
    const struct pci_function *f;
    for (unsigned i = 0; (f = pci_find(VIRTIO_VENDOR, VIRTIO_BLK_LEGACY, i)) != NULL; i++)
        vblk_probe(f);
}
