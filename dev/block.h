/* Block devices: disks seen as arrays of 512-byte sectors, each with a role.
 *
 * The disk drivers register devices; the rest of the kernel finds them by role
 * (the file-system disk, the swap disk, an optional scratch disk) and reads
 * and writes through block_read / block_write, which count the I/O per device.
 * The same interface is implemented over an image file on the host, so the
 * file system is unit-tested against real `mke2fs` images. */
#ifndef DEV_BLOCK_H
#define DEV_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BLOCK_SECTOR_SIZE 512

enum block_role { BLOCK_FS, BLOCK_SWAP, BLOCK_SCRATCH, BLOCK_ROLE_COUNT, BLOCK_NONE };

struct block_device;

struct block_ops {
    /* Transfer COUNT sectors starting at SECTOR; return 0, or -1 on a device
     * error (after describing it with block_note_error, never on the console:
     * a program's transcript must not change).  Must not hang: a device that
     * does not answer is an error after a time-out. */
    int (*read)(struct block_device *dev, uint64_t sector, void *buf, size_t count);
    int (*write)(struct block_device *dev, uint64_t sector, const void *buf, size_t count);
};

struct block_device {
    char name[16];              /* e.g. "hda" */
    uint64_t sectors;           /* size in sectors */
    enum block_role role;       /* BLOCK_NONE until given one */
    const struct block_ops *ops;
    void *aux;                  /* the driver's own data */
    uint64_t read_sectors;      /* counters, updated atomically by block_read/write */
    uint64_t write_sectors;
    uint64_t read_requests;
    uint64_t write_requests;
    uint64_t read_errors;       /* requests that failed, counted atomically by */
    uint64_t write_errors;      /* block_read/write like the counters above */
    char last_error[64];        /* the driver's words for its last error, or "";
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
 * outside the device or the device reported an error.  May sleep. */
int block_read(struct block_device *dev, uint64_t sector, void *buf, size_t count);
int block_write(struct block_device *dev, uint64_t sector, const void *buf, size_t count);

const char *block_role_name(enum block_role role);

/* Records the driver's description of DEV's latest error (printf-style),
 * shown by block_print_errors. */
void block_note_error(struct block_device *dev, const char *fmt, ...)
    __attribute__((format(__printf__, 2, 3)));
/* Prints one line per device that had errors: counts and the last error.
 * For power-off, after the programs' transcript. */
void block_print_errors(void);

#endif
