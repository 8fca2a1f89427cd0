/* The registry of block devices and the counted read/write entry points. */
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
block_in_range(const struct block_device *dev, uint64_t sector, size_t count)
{
    return sector <= dev->sectors && count <= dev->sectors - sector;
}

int
block_read(struct block_device *dev, uint64_t sector, void *buf, size_t count)
{
    if (!block_in_range(dev, sector, count))
        return -1;
    __atomic_fetch_add(&dev->read_requests, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&dev->read_sectors, count, __ATOMIC_RELAXED);
    int rc = count == 0 ? 0 : dev->ops->read(dev, sector, buf, count);
    if (rc != 0)
        __atomic_fetch_add(&dev->read_errors, 1, __ATOMIC_RELAXED);
    return rc == 0 ? 0 : -1;
}

int
block_write(struct block_device *dev, uint64_t sector, const void *buf, size_t count)
{
    if (!block_in_range(dev, sector, count))
        return -1;
    __atomic_fetch_add(&dev->write_requests, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&dev->write_sectors, count, __ATOMIC_RELAXED);
    int rc = count == 0 ? 0 : dev->ops->write(dev, sector, buf, count);
    if (rc != 0)
        __atomic_fetch_add(&dev->write_errors, 1, __ATOMIC_RELAXED);
    return rc == 0 ? 0 : -1;
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
