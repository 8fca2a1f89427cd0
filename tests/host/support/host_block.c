/* Host block devices over an image file or a memory buffer. */
#include "tests/host/support/host_block.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HOST_QUEUE 256 /* requests an asynchronous device holds at once */

struct host_disk {
    int fd;    /* image file, or -1 for memory */
    char *mem; /* memory image, or NULL */
    bool writable;
    long writes_left; /* writes that may still succeed; < 0: unlimited */

    /* Asynchronous mode (host_block_set_async): a thread ends the requests
     * in order, each DELAY_US after it takes it. */
    bool async;
    unsigned delay_us;
    pthread_t worker;
    pthread_mutex_t mutex; /* guards the fields below */
    pthread_cond_t changed;
    struct block_request *queue[HOST_QUEUE];
    size_t head, count;
    bool stop;
};

/* Reads or writes COUNT sectors at SECTOR of DEV's backing store. */
static int
host_block_xfer(struct block_device *dev, uint64_t sector, void *buf, size_t count,
                bool write)
{
    struct host_disk *d = dev->aux;
    size_t len = count * BLOCK_SECTOR_SIZE;
    off_t off = (off_t)(sector * BLOCK_SECTOR_SIZE);

    if (sector > dev->sectors || count > dev->sectors - sector) {
        fprintf(stderr, "%s: request beyond the device (sector %llu)\n", dev->name,
                (unsigned long long)sector);
        abort(); /* block_read/block_write check this: reaching here is a bug */
    }
    if (d->mem != NULL) {
        if (write)
            memcpy(d->mem + off, buf, len);
        else
            memcpy(buf, d->mem + off, len);
        return 0;
    }
    ssize_t n = write ? pwrite(d->fd, buf, len, off) : pread(d->fd, buf, len, off);
    return n == (ssize_t)len ? 0 : -1;
}

/* block_ops.read: reads COUNT sectors at SECTOR. */
static int
host_block_read(struct block_device *dev, uint64_t sector, void *buf, size_t count)
{
    return host_block_xfer(dev, sector, buf, count, false);
}

/* block_ops.write: writes COUNT sectors at SECTOR, unless the device is
 * read-only or told to fail writes. */
static int
host_block_write(struct block_device *dev, uint64_t sector, const void *buf, size_t count)
{
    struct host_disk *d = dev->aux;
    if (!d->writable) {
        fprintf(stderr, "%s: write to a read-only device (sector %llu)\n", dev->name,
                (unsigned long long)sector);
        return -1;
    }
    if (d->writes_left == 0)
        return -1;
    if (d->writes_left > 0)
        d->writes_left--;
    return host_block_xfer(dev, sector, (void *)buf, count, true);
}

static const struct block_ops host_block_ops = {
    .read = host_block_read,
    .write = host_block_write,
};

/* Runs REQ's segments through the synchronous read and write. */
static int
host_block_run(struct block_device *dev, struct block_request *req)
{
    uint64_t sector = req->sector;
    for (size_t i = 0; i < req->n_segs; i++) {
        size_t count = req->segs[i].len / BLOCK_SECTOR_SIZE;
        int r = req->op == BLOCK_OP_WRITE
                    ? host_block_write(dev, sector, req->segs[i].buf, count)
                    : host_block_read(dev, sector, req->segs[i].buf, count);
        if (r != 0)
            return BLOCK_EIO;
        sector += count;
    }
    return BLOCK_OK;
}

/* The asynchronous device's thread: ends queued requests until told to
 * stop with an empty queue. */
static void *
host_block_worker(void *arg)
{
    struct block_device *dev = arg;
    struct host_disk *d = dev->aux;
    pthread_mutex_lock(&d->mutex);
    for (;;) {
        while (d->count == 0 && !d->stop)
            pthread_cond_wait(&d->changed, &d->mutex);
        if (d->count == 0)
            break;
        struct block_request *req = d->queue[d->head];
        d->head = (d->head + 1) % HOST_QUEUE;
        d->count--;
        pthread_cond_broadcast(&d->changed);
        pthread_mutex_unlock(&d->mutex);
        usleep(d->delay_us);
        block_complete(req, host_block_run(dev, req));
        pthread_mutex_lock(&d->mutex);
    }
    pthread_mutex_unlock(&d->mutex);
    return NULL;
}

/* block_ops.submit of an asynchronous device: queues REQ for the thread. */
static void
host_block_submit(struct block_device *dev, struct block_request *req)
{
    struct host_disk *d = dev->aux;
    pthread_mutex_lock(&d->mutex);
    while (d->count == HOST_QUEUE)
        pthread_cond_wait(&d->changed, &d->mutex);
    d->queue[(d->head + d->count++) % HOST_QUEUE] = req;
    pthread_cond_broadcast(&d->changed);
    pthread_mutex_unlock(&d->mutex);
}

static const struct block_ops host_block_async_ops = {
    .read = host_block_read,
    .write = host_block_write,
    .submit = host_block_submit,
};

/* Makes a device of SIZE bytes over D, named NAME.  NULL if out of memory. */
static struct block_device *
host_block_new(struct host_disk *d, const char *name, uint64_t size)
{
    struct block_device *dev = calloc(1, sizeof *dev);
    if (dev == NULL)
        return NULL;
    snprintf(dev->name, sizeof dev->name, "%s", name);
    dev->sectors = size / BLOCK_SECTOR_SIZE;
    dev->role = BLOCK_NONE;
    dev->ops = &host_block_ops;
    dev->aux = d;
    d->writes_left = -1;
    return dev;
}

struct block_device *
host_block_open(const char *path, bool writable)
{
    struct stat st;
    struct host_disk *d = calloc(1, sizeof *d);
    if (d == NULL)
        return NULL;
    d->fd = open(path, writable ? O_RDWR : O_RDONLY);
    if (d->fd < 0 || fstat(d->fd, &st) != 0) {
        perror(path);
        if (d->fd >= 0)
            close(d->fd);
        free(d);
        return NULL;
    }
    d->writable = writable;
    struct block_device *dev = host_block_new(d, "hostimg", (uint64_t)st.st_size);
    if (dev == NULL) {
        close(d->fd);
        free(d);
    }
    return dev;
}

struct block_device *
host_block_open_mem(void *data, size_t size, bool writable)
{
    struct host_disk *d = calloc(1, sizeof *d);
    if (d == NULL)
        return NULL;
    d->fd = -1;
    d->mem = data;
    d->writable = writable;
    struct block_device *dev = host_block_new(d, "memimg", size);
    if (dev == NULL)
        free(d);
    return dev;
}

void
host_block_set_async(struct block_device *dev, unsigned delay_us)
{
    struct host_disk *d = dev->aux;
    if (d->async)
        return;
    pthread_mutex_init(&d->mutex, NULL);
    pthread_cond_init(&d->changed, NULL);
    d->delay_us = delay_us;
    d->async = true;
    if (pthread_create(&d->worker, NULL, host_block_worker, dev) != 0) {
        perror("pthread_create");
        abort();
    }
    dev->ops = &host_block_async_ops;
}

void
host_block_close(struct block_device *dev)
{
    struct host_disk *d = dev->aux;
    if (d->async) {
        pthread_mutex_lock(&d->mutex);
        d->stop = true;
        pthread_cond_broadcast(&d->changed);
        pthread_mutex_unlock(&d->mutex);
        pthread_join(d->worker, NULL);
    }
    if (d->fd >= 0)
        close(d->fd);
    free(d);
    free(dev);
}

void
host_block_fail_writes_after(struct block_device *dev, long count)
{
    struct host_disk *d = dev->aux;
    d->writes_left = count;
}

long
host_block_writes_left(struct block_device *dev)
{
    struct host_disk *d = dev->aux;
    return d->writes_left;
}
