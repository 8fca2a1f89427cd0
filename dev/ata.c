/* ATA disks on the legacy IDE channels, programmed I/O with READ/WRITE MULTIPLE.
 *
 * One request runs per channel at a time (the channel lock).  The requesting
 * thread sleeps on the channel's semaphore, which the channel's interrupt
 * handler ups, so other threads run while the disk works.  Every status read
 * is checked for ERR and DF; a watchdog callout ends a wait that no interrupt
 * ends.  Either way the request fails, the error is recorded for the
 * power-off report (block_note_error) and the channel is reset, so a broken
 * disk can never hang the kernel. */
#include "dev/ata.h"

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/intr.h"
#include "arch/x86_64/trap.h"
#include "dev/block.h"
#include "kernel/printf.h"
#include "kernel/sync.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "lib/string.h"

/* Registers, as offsets from the channel's command block. */
#define REG_DATA    0
#define REG_ERROR   1
#define REG_COUNT   2
#define REG_LBA0    3
#define REG_LBA1    4
#define REG_LBA2    5
#define REG_DEVICE  6
#define REG_STATUS  7
#define REG_COMMAND 7
/* Control block: alternate status (read) / device control (write). */
#define CTL_NIEN 0x02
#define CTL_SRST 0x04

#define ST_BSY 0x80
#define ST_DF  0x20
#define ST_DRQ 0x08
#define ST_ERR 0x01

#define CMD_IDENTIFY       0xec
#define CMD_SET_MULTIPLE   0xc6
#define CMD_READ_MULTIPLE  0xc4
#define CMD_WRITE_MULTIPLE 0xc5
#define CMD_READ_MULT_EXT  0x29
#define CMD_WRITE_MULT_EXT 0x39

#define WAIT_TICKS    (2 * TIMER_FREQ) /* longest wait for one step of a request */
#define LBA28_LIMIT   (1u << 28)
#define CHUNK_SECTORS 256 /* sectors per command */

struct ata_channel;

struct ata_disk {
    struct block_device dev;
    struct ata_channel *ch; /* [C] */
    int unit;               /* [C] 0 master, 1 slave */
    bool lba48;             /* [C] */
    unsigned multiple;      /* [C] sectors per interrupt in READ/WRITE MULTIPLE */
};

struct ata_channel {
    const char *name;
    uint16_t base, ctl;        /* [C] port bases */
    unsigned irq;              /* [C] */
    struct lock lock;          /* one request at a time */
    struct semaphore irq_sema; /* upped by the interrupt handler */
    volatile bool expecting;   /* [I] a request waits for interrupts */
    volatile bool timed_out;   /* [I] the watchdog ended the wait */
    struct callout watchdog;
    struct ata_disk disks[2];
};

static struct ata_channel channels[2] = {
    {.name = "ide0", .base = 0x1f0, .ctl = 0x3f6, .irq = 14},
    {.name = "ide1", .base = 0x170, .ctl = 0x376, .irq = 15},
};

static uint8_t
ata_status(struct ata_channel *ch)
{
    return inb(ch->ctl); /* alternate status: does not acknowledge interrupts */
}

/* The 400 ns the device needs after selection before its status is valid. */
static void
ata_delay(struct ata_channel *ch)
{
    for (int i = 0; i < 4; i++)
        ata_status(ch);
}

/* Waits until BSY is clear (and, if DRQ_TOO, DRQ or ERR set).  Returns the
 * status, or -1 after WAIT_TICKS. */
static int
ata_poll(struct ata_channel *ch, bool drq_too)
{
    int64_t start = timer_ticks();
    for (;;) {
        uint8_t st = ata_status(ch);
        if (!(st & ST_BSY) && (!drq_too || (st & (ST_DRQ | ST_ERR))))
            return st;
        if (timer_elapsed(start) > WAIT_TICKS)
            return -1;
        thread_yield();
    }
}

/* Interrupt handler: acknowledges the device and wakes the waiting request. */
static void
ata_interrupt(struct trap_frame *f)
{
    struct ata_channel *ch = &channels[f->vector - VEC_IRQ0 == 14 ? 0 : 1];
    inb(ch->base + REG_STATUS); /* reading status acknowledges */
    if (ch->expecting)
        sema_up(&ch->irq_sema);
}

/* Watchdog: no interrupt came in time. */
static void
ata_watchdog(void *aux)
{
    struct ata_channel *ch = aux;
    ch->timed_out = true;
    sema_up(&ch->irq_sema);
}

/* Sleeps until the next interrupt; returns the status, or -1 on a time-out. */
static int
ata_wait_irq(struct ata_channel *ch)
{
    callout_schedule(&ch->watchdog, WAIT_TICKS, ata_watchdog, ch);
    sema_down(&ch->irq_sema);
    callout_cancel(&ch->watchdog);
    if (ch->timed_out)
        return -1;
    return ata_status(ch);
}

/* Starts or ends a request: no stale interrupt counts survive either. */
static void
ata_expect(struct ata_channel *ch, bool on)
{
    enum intr_level old = intr_disable();
    sema_init(&ch->irq_sema, 0);
    ch->expecting = on;
    ch->timed_out = false;
    intr_set_level(old);
}

/* Resets both devices of the channel after an error or time-out. */
static void
ata_reset(struct ata_channel *ch)
{
    outb(ch->ctl, CTL_SRST);
    ata_delay(ch);
    outb(ch->ctl, 0);
    ata_poll(ch, false);
}

/* Records why a request failed (block_note_error: not on the console, where
 * a program's transcript runs) and resets the channel; returns -1. */
static int
ata_fail(struct ata_disk *d, const char *what, uint64_t sector, int status)
{
    struct ata_channel *ch = d->ch;
    if (status < 0)
        block_note_error(&d->dev, "%s at sector %llu timed out", what,
                         (unsigned long long)sector);
    else
        block_note_error(&d->dev, "%s at sector %llu: status %#x, error %#x", what,
                         (unsigned long long)sector, status, inb(ch->base + REG_ERROR));
    ata_expect(ch, false);
    ata_reset(ch);
    return -1;
}

/* Selects D and loads SECTOR and COUNT (1..CHUNK_SECTORS) into the registers. */
static bool
ata_setup(struct ata_disk *d, uint64_t sector, unsigned count)
{
    struct ata_channel *ch = d->ch;
    uint16_t b = ch->base;
    if (ata_poll(ch, false) < 0)
        return false;
    if (d->lba48) {
        outb(b + REG_DEVICE, 0x40 | (d->unit << 4));
        ata_delay(ch);
        outb(b + REG_COUNT, (count >> 8) & 0xff);
        outb(b + REG_LBA0, (sector >> 24) & 0xff);
        outb(b + REG_LBA1, (sector >> 32) & 0xff);
        outb(b + REG_LBA2, (sector >> 40) & 0xff);
    } else {
        outb(b + REG_DEVICE, 0xe0 | (d->unit << 4) | ((sector >> 24) & 0x0f));
        ata_delay(ch);
    }
    outb(b + REG_COUNT, count & 0xff);
    outb(b + REG_LBA0, sector & 0xff);
    outb(b + REG_LBA1, (sector >> 8) & 0xff);
    outb(b + REG_LBA2, (sector >> 16) & 0xff);
    return true;
}

static bool
status_bad(int st)
{
    return st < 0 || (st & (ST_ERR | ST_DF)) || !(st & ST_DRQ);
}

/* Reads COUNT (1..CHUNK_SECTORS) sectors at SECTOR.  Channel lock held. */
static int
ata_read_chunk(struct ata_disk *d, uint64_t sector, uint8_t *buf, unsigned count)
{
    struct ata_channel *ch = d->ch;
    ata_expect(ch, true);
    if (!ata_setup(d, sector, count))
        return ata_fail(d, "read", sector, -1);
    outb(ch->base + REG_COMMAND, d->lba48 ? CMD_READ_MULT_EXT : CMD_READ_MULTIPLE);
    for (unsigned done = 0; done < count;) {
        unsigned n = count - done < d->multiple ? count - done : d->multiple;
        int st = ata_wait_irq(ch);
        if (status_bad(st))
            return ata_fail(d, "read", sector + done, st);
        __asm__ volatile("rep insw"
                         : "+D"(buf), "+c"((uint64_t){n * 256})
                         : "d"(ch->base + REG_DATA)
                         : "memory");
        done += n;
    }
    ata_expect(ch, false);
    return 0;
}

/* Writes COUNT (1..CHUNK_SECTORS) sectors at SECTOR.  Channel lock held. */
static int
ata_write_chunk(struct ata_disk *d, uint64_t sector, const uint8_t *buf, unsigned count)
{
    struct ata_channel *ch = d->ch;
    ata_expect(ch, true);
    if (!ata_setup(d, sector, count))
        return ata_fail(d, "write", sector, -1);
    outb(ch->base + REG_COMMAND, d->lba48 ? CMD_WRITE_MULT_EXT : CMD_WRITE_MULTIPLE);
    int st = ata_poll(ch, true); /* the first block goes without an interrupt */
    for (unsigned done = 0; done < count;) {
        if (status_bad(st))
            return ata_fail(d, "write", sector + done, st);
        unsigned n = count - done < d->multiple ? count - done : d->multiple;
        __asm__ volatile("rep outsw"
                         : "+S"(buf), "+c"((uint64_t){n * 256})
                         : "d"(ch->base + REG_DATA)
                         : "memory");
        done += n;
        st = ata_wait_irq(ch);
        if (done == count && (st < 0 || (st & (ST_ERR | ST_DF))))
            return ata_fail(d, "write", sector + done - n, st);
    }
    ata_expect(ch, false);
    return 0;
}

/* Runs a transfer of COUNT sectors in chunks under the channel lock. */
static int
ata_transfer(struct block_device *dev, uint64_t sector, void *buf, size_t count,
             bool write)
{
    struct ata_disk *d = dev->aux;
    int rc = 0;
    lock_acquire(&d->ch->lock);
    for (size_t done = 0; done < count && rc == 0;) {
        unsigned n = count - done < CHUNK_SECTORS ? count - done : CHUNK_SECTORS;
        uint8_t *p = (uint8_t *)buf + done * BLOCK_SECTOR_SIZE;
        rc = write ? ata_write_chunk(d, sector + done, p, n)
                   : ata_read_chunk(d, sector + done, p, n);
        done += n;
    }
    lock_release(&d->ch->lock);
    return rc;
}

static int
ata_read(struct block_device *dev, uint64_t sector, void *buf, size_t count)
{
    return ata_transfer(dev, sector, buf, count, false);
}

static int
ata_write(struct block_device *dev, uint64_t sector, const void *buf, size_t count)
{
    return ata_transfer(dev, sector, (void *)buf, count, true);
}

static const struct block_ops ata_ops = {.read = ata_read, .write = ata_write};

/* Copies the byte-swapped IDENTIFY string at words [FIRST, FIRST + N/2) to OUT. */
static void
ata_ident_string(const uint16_t *id, int first, int n, char *out)
{
    for (int i = 0; i < n / 2; i++) {
        out[2 * i] = id[first + i] >> 8;
        out[2 * i + 1] = id[first + i] & 0xff;
    }
    out[n] = '\0';
    for (int i = n - 1; i >= 0 && out[i] == ' '; i--)
        out[i] = '\0';
}

/* Sends IDENTIFY to unit UNIT; fills ID and returns true if it is an ATA disk. */
static bool
ata_identify(struct ata_channel *ch, int unit, uint16_t id[256])
{
    outb(ch->base + REG_DEVICE, 0xa0 | (unit << 4));
    ata_delay(ch);
    uint8_t st = ata_status(ch);
    if (st == 0xff || st == 0)
        return false; /* nothing on the bus */
    outb(ch->base + REG_COUNT, 0);
    outb(ch->base + REG_LBA0, 0);
    outb(ch->base + REG_LBA1, 0);
    outb(ch->base + REG_LBA2, 0);
    outb(ch->base + REG_COMMAND, CMD_IDENTIFY);
    if (ata_status(ch) == 0 || ata_poll(ch, false) < 0)
        return false;
    if (inb(ch->base + REG_LBA1) != 0 || inb(ch->base + REG_LBA2) != 0)
        return false; /* ATAPI or SATA: not ours */
    int s = ata_poll(ch, true);
    if (s < 0 || (s & ST_ERR))
        return false;
    __asm__ volatile("rep insw"
                     : "+D"(id), "+c"((uint64_t){256})
                     : "d"(ch->base + REG_DATA)
                     : "memory");
    return true;
}

/* Sets the READ/WRITE MULTIPLE block size of D to the largest it supports. */
static void
ata_set_multiple(struct ata_disk *d, const uint16_t *id)
{
    struct ata_channel *ch = d->ch;
    unsigned max = id[47] & 0xff;
    d->multiple = 1;
    if (max == 0)
        return;
    outb(ch->base + REG_DEVICE, 0xa0 | (d->unit << 4));
    ata_delay(ch);
    outb(ch->base + REG_COUNT, max);
    outb(ch->base + REG_COMMAND, CMD_SET_MULTIPLE);
    int st = ata_poll(ch, false);
    if (st >= 0 && !(st & ST_ERR))
        d->multiple = max;
}

/* Registers unit UNIT of CH if it is an ATA disk. */
static void
ata_probe(struct ata_channel *ch, int unit, int index)
{
    static uint16_t id[256];
    if (!ata_identify(ch, unit, id))
        return;
    struct ata_disk *d = &ch->disks[unit];
    d->ch = ch;
    d->unit = unit;
    d->lba48 = id[83] & (1 << 10);
    uint64_t lba28 = id[60] | ((uint32_t)id[61] << 16);
    uint64_t lba48 = id[100] | ((uint64_t)id[101] << 16) | ((uint64_t)id[102] << 32) |
                     ((uint64_t)id[103] << 48);
    d->dev.sectors = d->lba48 ? lba48 : lba28;
    d->lba48 = d->lba48 && d->dev.sectors > LBA28_LIMIT;
    snprintf(d->dev.name, sizeof d->dev.name, "hd%c", 'a' + index);
    d->dev.role = BLOCK_NONE;
    d->dev.ops = &ata_ops;
    d->dev.aux = d;
    ata_set_multiple(d, id);
    char model[41];
    ata_ident_string(id, 27, 40, model);
    printf("ata: %s: %s, %llu sectors (%llu MiB), %u sectors per interrupt\n",
           d->dev.name, model, (unsigned long long)d->dev.sectors,
           (unsigned long long)(d->dev.sectors >> 11), d->multiple);
    block_register(&d->dev);
}

void
ata_init(void)
{
    for (int c = 0; c < 2; c++) {
        struct ata_channel *ch = &channels[c];
        lock_init(&ch->lock);
        sema_init(&ch->irq_sema, 0);
        outb(ch->ctl, 0); /* interrupts on */
        irq_register(ch->irq, ata_interrupt, ch->name);
        for (int unit = 0; unit < 2; unit++)
            ata_probe(ch, unit, c * 2 + unit);
    }
}
