/* The fake swap disk (see fake_swap.h): slots of host memory behind the
 * block_ops interface, with whole-slot checks and failure injection. */
#include "tests/host/support/fake_swap.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/debug.h"

#define SECTORS_PER_SLOT (FAKE_SWAP_SLOT_SIZE / BLOCK_SECTOR_SIZE)

static pthread_mutex_t swap_mutex = PTHREAD_MUTEX_INITIALIZER; /* guards all below */
static struct block_device *dev;
static uint8_t *disk; /* [slots * FAKE_SWAP_SLOT_SIZE] */
static bool *written; /* [slots] */
static size_t n_slots;
static unsigned read_skip, read_fail, write_skip, write_fail;
static uint64_t reads, writes;

/* The slot that request (SECTOR, COUNT) covers; panics unless it is exactly
 * one whole slot of the disk. */
static uint32_t
request_slot(uint64_t sector, size_t count, const char *what)
{
    if (count != SECTORS_PER_SLOT || sector % SECTORS_PER_SLOT != 0 ||
        sector / SECTORS_PER_SLOT >= n_slots)
        panic("fake swap: %s of %zu sectors at sector %llu is not one whole slot", what,
              count, (unsigned long long)sector);
    return (uint32_t)(sector / SECTORS_PER_SLOT);
}

/* Takes the next injected failure of a kind, if one is due.  Mutex held. */
static bool
should_fail(unsigned *skip, unsigned *fail)
{
    if (*skip > 0) {
        (*skip)--;
        return false;
    }
    if (*fail > 0) {
        (*fail)--;
        return true;
    }
    return false;
}

static int
fake_swap_read(struct block_device *d, uint64_t sector, void *buf, size_t count)
{
    (void)d;
    pthread_mutex_lock(&swap_mutex);
    uint32_t slot = request_slot(sector, count, "read");
    if (!written[slot])
        panic("fake swap: reading slot %u, which was never written", slot);
    bool fail = should_fail(&read_skip, &read_fail);
    if (!fail) {
        memcpy(buf, disk + slot * FAKE_SWAP_SLOT_SIZE, FAKE_SWAP_SLOT_SIZE);
        reads++;
    }
    pthread_mutex_unlock(&swap_mutex);
    return fail ? -1 : 0;
}

static int
fake_swap_write(struct block_device *d, uint64_t sector, const void *buf, size_t count)
{
    (void)d;
    pthread_mutex_lock(&swap_mutex);
    uint32_t slot = request_slot(sector, count, "write");
    bool fail = should_fail(&write_skip, &write_fail);
    if (!fail) {
        memcpy(disk + slot * FAKE_SWAP_SLOT_SIZE, buf, FAKE_SWAP_SLOT_SIZE);
        written[slot] = true;
        writes++;
    }
    pthread_mutex_unlock(&swap_mutex);
    return fail ? -1 : 0;
}

static const struct block_ops fake_swap_ops = {
    .read = fake_swap_read,
    .write = fake_swap_write,
};

struct block_device *
fake_swap_attach(size_t slots)
{
    pthread_mutex_lock(&swap_mutex);
    if (dev != NULL)
        panic("fake swap: attached twice (swap_init runs once per process)");
    dev = calloc(1, sizeof *dev);
    disk = malloc(slots ? slots * FAKE_SWAP_SLOT_SIZE : 1);
    written = calloc(slots ? slots : 1, sizeof *written);
    if (dev == NULL || disk == NULL || written == NULL)
        panic("fake swap: out of host memory");
    memset(disk, FAKE_SWAP_FRESH, slots * FAKE_SWAP_SLOT_SIZE);
    n_slots = slots;
    strcpy(dev->name, "fakeswap");
    dev->sectors = slots * SECTORS_PER_SLOT;
    dev->role = BLOCK_NONE;
    dev->ops = &fake_swap_ops;
    pthread_mutex_unlock(&swap_mutex);
    block_register(dev);
    block_set_role(dev, BLOCK_SWAP);
    if (block_by_role(BLOCK_SWAP) != dev)
        panic("fake swap: could not register the swap disk");
    return dev;
}

struct block_device *
fake_swap_device(void)
{
    pthread_mutex_lock(&swap_mutex);
    struct block_device *d = dev;
    pthread_mutex_unlock(&swap_mutex);
    return d;
}

void
fake_swap_fail_reads(unsigned skip, unsigned count)
{
    pthread_mutex_lock(&swap_mutex);
    read_skip = skip;
    read_fail = count;
    pthread_mutex_unlock(&swap_mutex);
}

void
fake_swap_fail_writes(unsigned skip, unsigned count)
{
    pthread_mutex_lock(&swap_mutex);
    write_skip = skip;
    write_fail = count;
    pthread_mutex_unlock(&swap_mutex);
}

uint64_t
fake_swap_reads(void)
{
    pthread_mutex_lock(&swap_mutex);
    uint64_t n = reads;
    pthread_mutex_unlock(&swap_mutex);
    return n;
}

uint64_t
fake_swap_writes(void)
{
    pthread_mutex_lock(&swap_mutex);
    uint64_t n = writes;
    pthread_mutex_unlock(&swap_mutex);
    return n;
}

const uint8_t *
fake_swap_slot(uint32_t slot)
{
    pthread_mutex_lock(&swap_mutex);
    if (slot >= n_slots)
        panic("fake swap: no slot %u", slot);
    const uint8_t *p = disk + slot * FAKE_SWAP_SLOT_SIZE;
    pthread_mutex_unlock(&swap_mutex);
    return p;
}

bool
fake_swap_slot_written(uint32_t slot)
{
    pthread_mutex_lock(&swap_mutex);
    bool w = slot < n_slots && written[slot];
    pthread_mutex_unlock(&swap_mutex);
    return w;
}
