/* Block devices for host tests: one over an image file (pread/pwrite), one
 * over a buffer in memory (for the fuzzer).  Both check every request against
 * the device size and can be told to fail writes, to test I/O errors, and
 * either can end its requests in a thread of its own, later. */
#ifndef TESTS_HOST_SUPPORT_HOST_BLOCK_H
#define TESTS_HOST_SUPPORT_HOST_BLOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "dev/block.h"

/* Opens the image file PATH as a block device of size (file size / 512)
 * sectors; read-only unless WRITABLE (then a write fails with a message).
 * Returns NULL (after a message on stderr) if the file cannot be opened. */
struct block_device *host_block_open(const char *path, bool writable);
/* Makes a block device over the SIZE bytes at DATA (not copied: DATA must
 * outlive the device; a partial last sector is left out).  NULL if out of
 * memory. */
struct block_device *host_block_open_mem(void *data, size_t size, bool writable);
/* Makes DEV asynchronous, as a DMA disk is: block_submit queues a request
 * and returns, and a thread of DEV's ends the requests in order, each
 * DELAY_US microseconds after it takes it up. */
void host_block_set_async(struct block_device *dev, unsigned delay_us);
/* Closes DEV (and its file), after its queued requests end. */
void host_block_close(struct block_device *dev);
/* From now on, every write to DEV fails after the next COUNT writes succeed;
 * a negative COUNT makes writes work again. */
void host_block_fail_writes_after(struct block_device *dev, long count);
/* How many more writes DEV lets through (negative: no limit). */
long host_block_writes_left(struct block_device *dev);

#endif
