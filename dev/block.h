/* Block devices: disks seen as arrays of 512-byte sectors, each with a role.
 *
 * The disk drivers register devices; the rest of the kernel finds them by role
 * (the file-system disk, the swap disk, an optional scratch disk) and moves
 * data in one of two ways:
 *
 *  - block_read / block_write: COUNT sectors to or from one buffer; the
 *    caller sleeps until the transfer is done.
 *
 *  - block_submit / block_wait: a request of several segments (scatter-
 *    gather), each a buffer of whole sectors anywhere in kernel memory (a
 *    frame, a block-cache buffer...), that together cover consecutive sectors
 *    from req->sector on.  The segments need not be contiguous in memory: the
 *    driver hands every segment to the device as is (a DMA driver moves the
 *    data straight into or out of them, with no copy).  block_submit returns
 *    as soon as the request is queued; the caller may submit more requests
 *    (several are then in flight at once) and collect each with block_wait,
 *    or give a `done` function that runs when the request ends.
 *
 * So swap can write N pages from N frames to N contiguous slots in one request
 * (N segments of 4 KiB, sector = first slot * 8), read N slots into N frames
 * the same way, and ext2 can read a run of contiguous blocks into N cache
 * buffers with one request.  A request has no size limit: the driver splits it
 * into as many device requests as it needs, and it ends once they all have.
 *
 * Every request ends, with status 0 or a negative BLOCK_E* code: a device
 * error, an unsupported request, a range outside the device, or a time-out
 * (a device that does not answer is reset, so the kernel never hangs on it).
 * The same interface is implemented over an image file on the host, so the
 * file system is unit-tested against real `mke2fs` images. */
#ifndef DEV_BLOCK_H
#define DEV_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/sync.h"

#define BLOCK_SECTOR_SIZE 512

enum block_role { BLOCK_FS, BLOCK_SWAP, BLOCK_SCRATCH, BLOCK_ROLE_COUNT, BLOCK_NONE };

/* READ and WRITE move the request's sectors; FLUSH (no segments, sector 0)
 * ends once every write that ended before it was submitted is on stable
 * storage, for a device with a volatile write cache (others end it at once). */
enum block_op { BLOCK_OP_READ, BLOCK_OP_WRITE, BLOCK_OP_FLUSH };

/* How a request ended (block_request.status). */
#define BLOCK_OK        0
#define BLOCK_EIO       (-1) /* the device reported an error */
#define BLOCK_EUNSUPP   (-2) /* the device does not support the request */
#define BLOCK_ERANGE    (-3) /* sectors outside the device, or a bad segment */
#define BLOCK_ETIMEDOUT (-4) /* no answer in time; the device was reset */

/* One piece of a request: LEN bytes (a multiple of BLOCK_SECTOR_SIZE) at the
 * kernel address BUF (the direct map or the kernel image, never a user
 * address).  BUF need not be aligned. */
struct block_seg {
    void *buf;
    size_t len;
};

struct block_request;
typedef void block_done_fn(struct block_request *req);

/* A request, owned by its caller (who keeps it and its segments alive until
 * it ends).  The caller fills in the first group of fields. */
struct block_request {
    enum block_op op;
    uint64_t sector;              /* first sector */
    const struct block_seg *segs; /* N_SEGS segments, in sector order */
    size_t n_segs;
    block_done_fn *done; /* NULL: end with block_wait; else called once, in
                            interrupt context (must not sleep), when it ends */
    void *aux;           /* for DONE */

    /* The block layer's and the driver's, from block_submit on. */
    int status;                /* [I] BLOCK_OK or the first error */
    unsigned pending;          /* [I] driver parts not yet ended, plus one
                                  while the driver is still submitting */
    struct semaphore finished; /* upped when the request ends (DONE NULL) */
};

struct block_device;

struct block_ops {
    /* Transfer COUNT sectors starting at SECTOR; return 0, or -1 on a device
     * error (after describing it with block_note_error, never on the console:
     * a program's transcript must not change).  Must not hang: a device that
     * does not answer is an error after a time-out.  Used by drivers without
     * SUBMIT, which then run every request synchronously in the caller's
     * thread. */
    int (*read)(struct block_device *dev, uint64_t sector, void *buf, size_t count);
    int (*write)(struct block_device *dev, uint64_t sector, const void *buf,
                 size_t count);
    /* Starts REQ (range already checked, at least one sector); the driver
     * calls block_complete when it ends.  May sleep while the device is busy. */
    void (*submit)(struct block_device *dev, struct block_request *req);
};

struct block_device {
    char name[16];        /* e.g. "vda", "hda" */
    uint64_t sectors;     /* size in sectors */
    enum block_role role; /* BLOCK_NONE until given one */
    const struct block_ops *ops;
    void *aux;             /* the driver's own data */
    uint64_t read_sectors; /* counters, updated atomically by the block layer */
    uint64_t write_sectors;
    uint64_t read_requests; /* block requests (not device requests) */
    uint64_t write_requests;
    uint64_t read_errors;  /* requests that failed, counted atomically by */
    uint64_t write_errors; /* block_transfer (and so block_read/write) */
    char last_error[64];   /* the driver's words for its last error, or "";
                              written under the driver's own request lock */
};

/* Adds DEV (filled in by its driver) to the list of devices. */
void block_register(struct block_device *dev);
/* The device with NAME, or NULL. */
struct block_device *block_by_name(const char *name);
/* The device that has ROLE, or NULL. */
struct block_device *block_by_role(enum block_role role);
/* Gives ROLE to DEV (taking it from any other device). */
void block_set_role(struct block_device *dev, enum block_role role);
/* Calls FN for every registered device. */
void block_for_each(void (*fn)(struct block_device *dev, void *aux), void *aux);

/* Reads/writes COUNT sectors at SECTOR.  Returns 0, or -1 if the range is
 * outside the device or the request failed.  May sleep. */
int block_read(struct block_device *dev, uint64_t sector, void *buf, size_t count);
int block_write(struct block_device *dev, uint64_t sector, const void *buf, size_t count);

/* Starts REQ on DEV (the caller filled in its first group of fields).  REQ
 * always ends, possibly before this returns.  May sleep while the device has
 * too many requests in flight. */
void block_submit(struct block_device *dev, struct block_request *req);
/* Sleeps until REQ (submitted without a done function) has ended; returns its
 * status.  Call once per request. */
int block_wait(struct block_request *req);
/* True if REQ (submitted without a done function) has ended, so that
 * block_wait will not sleep.  Never sleeps. */
bool block_ended(const struct block_request *req);
/* Flushes DEV's write cache (BLOCK_OP_FLUSH); returns the status. */
int block_flush(struct block_device *dev);
/* Flushes every device (at power-off). */
void block_flush_all(void);
/* Submits a request of N_SEGS segments and waits for it; returns its status. */
int block_transfer(struct block_device *dev, enum block_op op, uint64_t sector,
                   const struct block_seg *segs, size_t n_segs);

/* Counts a request of OP on DEV that ended with STATUS among the device's
 * failed reads or writes if it failed (block_transfer does, and so
 * block_read and block_write; a caller of block_submit does it after
 * block_wait). */
void block_count_status(struct block_device *dev, enum block_op op, int status);

/* For drivers: REQ has ended with STATUS (or earlier error).  Interrupt-safe. */
void block_complete(struct block_request *req, int status);
/* For drivers: the number of sectors REQ covers. */
uint64_t block_request_sectors(const struct block_request *req);

const char *block_role_name(enum block_role role);

/* Records the driver's description of DEV's latest error (printf-style),
 * shown by block_print_errors. */
void block_note_error(struct block_device *dev, const char *fmt, ...)
    __attribute__((format(__printf__, 2, 3)));
/* Prints one line per device that had errors: counts and the last error.
 * For power-off, after the programs' transcript. */
void block_print_errors(void);

#endif
