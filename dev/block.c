/* The registry of block devices and the counted request entry points: every
 * transfer is a block_request, run by the driver's submit (asynchronous) or,
 * for drivers without one, segment by segment through its read/write. */
#include "dev/block.h"

#include "lib/format.h" /* before kernel/printf.h, which the host tests replace */
#include "lib/string.h"
#include "kernel/printf.h"

#define MAX_DEVICES 8

static struct block_device *devices[MAX_DEVICES]; /* set during boot only */
static size_t n_devices;

void
block_register(struct block_device *dev)
{
    if (n_devices < MAX_DEVICES)
        devices[n_devices++] = dev;
}

struct block_device *
block_by_name(const char *name)
{
    for (size_t i = 0; i < n_devices; i++)
        if (strcmp(devices[i]->name, name) == 0)
            return devices[i];
    return NULL;
}

struct block_device *
block_by_role(enum block_role role)
{
    for (size_t i = 0; i < n_devices; i++)
        if (devices[i]->role == role)
            return devices[i];
    return NULL;
}

void
block_set_role(struct block_device *dev, enum block_role role)
{
    struct block_device *old = block_by_role(role);
    if (old != NULL)
        old->role = BLOCK_NONE;
    dev->role = role;
}

void
block_for_each(void (*fn)(struct block_device *dev, void *aux), void *aux)
{
    for (size_t i = 0; i < n_devices; i++)
        fn(devices[i], aux);
}

/* True if [SECTOR, SECTOR + COUNT) lies inside DEV. */
static bool
block_in_range(const struct block_device *dev, uint64_t sector, uint64_t count)
{
    return sector <= dev->sectors && count <= dev->sectors - sector;
}

uint64_t
block_request_sectors(const struct block_request *req)
{
    uint64_t bytes = 0;
    for (size_t i = 0; i < req->n_segs; i++)
        bytes += req->segs[i].len;
    return bytes / BLOCK_SECTOR_SIZE;
}

/* True if every segment of REQ is whole sectors. */
static bool
block_segs_ok(const struct block_request *req)
{
    for (size_t i = 0; i < req->n_segs; i++)
        if (req->segs[i].len % BLOCK_SECTOR_SIZE != 0 || req->segs[i].buf == NULL)
            return false;
    return true;
}

void
block_complete(struct block_request *req, int status)
{
    req->status = status;
    if (req->done != NULL)
        req->done(req); /* REQ is the caller's again: touch it no more */
    else
        sema_up(&req->finished);
}

/* Runs REQ segment by segment through the driver's synchronous read/write. */
static int
block_run_sync(struct block_device *dev, struct block_request *req)
{
    uint64_t sector = req->sector;
    for (size_t i = 0; i < req->n_segs; i++) {
        const struct block_seg *s = &req->segs[i];
        size_t count = s->len / BLOCK_SECTOR_SIZE;
        if (count == 0)
            continue;
        int r = req->op == BLOCK_OP_WRITE ? dev->ops->write(dev, sector, s->buf, count)
                                          : dev->ops->read(dev, sector, s->buf, count);
        if (r != 0)
            return BLOCK_EIO;
        sector += count;
    }
    return BLOCK_OK;
}

void
block_submit(struct block_device *dev, struct block_request *req)
{
    req->status = BLOCK_OK;
    req->pending = 0;
    sema_init(&req->finished, 0);
    uint64_t count = block_request_sectors(req);
    if (!block_segs_ok(req) || !block_in_range(dev, req->sector, count)) {
        block_complete(req, BLOCK_ERANGE);
        return;
    }
    bool write = req->op == BLOCK_OP_WRITE;
    if (req->op != BLOCK_OP_FLUSH) {
        __atomic_fetch_add(write ? &dev->write_requests : &dev->read_requests, 1,
                           __ATOMIC_RELAXED);
        __atomic_fetch_add(write ? &dev->write_sectors : &dev->read_sectors, count,
                           __ATOMIC_RELAXED);
    }
    if (count == 0 && req->op != BLOCK_OP_FLUSH)
        block_complete(req, BLOCK_OK);
    else if (dev->ops->submit != NULL)
        dev->ops->submit(dev, req);
    else
        block_complete(req, block_run_sync(dev, req));
}

bool
block_ended(const struct block_request *req)
{
    return __atomic_load_n(&req->finished.value, __ATOMIC_ACQUIRE) > 0;
}

int
block_wait(struct block_request *req)
{
    sema_down(&req->finished);
    return req->status;
}

void
block_count_status(struct block_device *dev, enum block_op op, int status)
{
    if (status != BLOCK_OK && status != BLOCK_ERANGE && op != BLOCK_OP_FLUSH)
        __atomic_fetch_add(op == BLOCK_OP_READ ? &dev->read_errors : &dev->write_errors,
                           1, __ATOMIC_RELAXED);
}

int
block_transfer(struct block_device *dev, enum block_op op, uint64_t sector,
               const struct block_seg *segs, size_t n_segs)
{
    struct block_request req = {
        .op = op, .sector = sector, .segs = segs, .n_segs = n_segs};
    block_submit(dev, &req);
    int rc = block_wait(&req);
    block_count_status(dev, op, rc);
    return rc;
}

int
block_flush(struct block_device *dev)
{
    return block_transfer(dev, BLOCK_OP_FLUSH, 0, NULL, 0);
}

void
block_flush_all(void)
{
    for (size_t i = 0; i < n_devices; i++)
        block_flush(devices[i]);
}

int
block_read(struct block_device *dev, uint64_t sector, void *buf, size_t count)
{
    struct block_seg seg = {buf, count * BLOCK_SECTOR_SIZE};
    if (count > SIZE_MAX / BLOCK_SECTOR_SIZE)
        return -1;
    return block_transfer(dev, BLOCK_OP_READ, sector, &seg, 1) == BLOCK_OK ? 0 : -1;
}

int
block_write(struct block_device *dev, uint64_t sector, const void *buf, size_t count)
{
    struct block_seg seg = {(void *)buf, count * BLOCK_SECTOR_SIZE};
    if (count > SIZE_MAX / BLOCK_SECTOR_SIZE)
        return -1;
    return block_transfer(dev, BLOCK_OP_WRITE, sector, &seg, 1) == BLOCK_OK ? 0 : -1;
}

const char *
block_role_name(enum block_role role)
{
    static const char *const names[] = {"file system", "swap", "scratch"};
    return role < BLOCK_ROLE_COUNT ? names[role] : "none";
}

void
block_note_error(struct block_device *dev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    format_vsnprintf(dev->last_error, sizeof dev->last_error, fmt, ap);
    va_end(ap);
}

/* block_print_errors' line for DEV, if it had errors. */
static void
print_device_errors(struct block_device *dev, void *aux)
{
    (void)aux;
    if (dev->read_errors == 0 && dev->write_errors == 0)
        return;
    printf("Disk errors: %s (%s): %llu failed reads, %llu failed writes; last: %s\n",
           dev->name, block_role_name(dev->role), (unsigned long long)dev->read_errors,
           (unsigned long long)dev->write_errors, dev->last_error);
}

void
block_print_errors(void)
{
    block_for_each(print_device_errors, NULL);
}
