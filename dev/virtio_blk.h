/* virtio-blk disks on PCI, through the legacy (virtio 0.9.5) interface. */
#ifndef DEV_VIRTIO_BLK_H
#define DEV_VIRTIO_BLK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev/block.h"

/* Request types (virtio 1.x spec, 5.2.6). */
#define VIRTIO_BLK_T_IN     0
#define VIRTIO_BLK_T_OUT    1
#define VIRTIO_BLK_T_FLUSH  4
#define VIRTIO_BLK_T_GET_ID 8

/* Finds every virtio-blk function on PCI (after pci_init), sets it up and
 * registers it as a block device named after its serial number (the runner
 * gives vda, vdb, vdc), or vblkN without one.  Needs interrupts and threads. */
void virtio_blk_init(void);

/* What one disk has done since boot. */
struct virtio_blk_stats {
    uint64_t parts;            /* device requests */
    uint64_t max_in_flight;    /* most device requests queued at once */
    uint64_t errors;           /* requests the device failed (IOERR, UNSUPP) */
    uint64_t timeouts;         /* resets after a device did not answer */
    uint64_t late_completions; /* completions found by the watchdog, not an interrupt */
};

/* True if DEV is a virtio-blk disk. */
bool virtio_blk_is(const struct block_device *dev);
/* Copies DEV's counters to *OUT. */
void virtio_blk_stats(const struct block_device *dev, struct virtio_blk_stats *out);

/* For the self tests.  Sends a request of TYPE at SECTOR with LEN bytes at
 * BUF (written by the device unless TYPE is VIRTIO_BLK_T_OUT), with no range
 * check; returns its BLOCK_* status. */
int virtio_blk_raw(struct block_device *dev, uint32_t type, uint64_t sector, void *buf,
                   size_t len);
/* While HOLD, requests are queued but the device is not told: they time out. */
void virtio_blk_hold_notify(struct block_device *dev, bool hold);
/* Sets how long a device may make no progress before it is reset; returns the
 * previous value (ticks). */
int64_t virtio_blk_set_timeout(int64_t ticks);

#endif
