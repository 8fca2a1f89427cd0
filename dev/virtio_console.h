/* A virtio console on PCI, output only (legacy interface): the trace's fast
 * channel to the host, one DMA transfer per page of bytes instead of two port
 * accesses per byte on a serial port. */
#ifndef DEV_VIRTIO_CONSOLE_H
#define DEV_VIRTIO_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

/* Finds the first virtio console on PCI (after pci_init) and sets up its
 * port 0 for output; false if there is none or it cannot be set up. */
bool virtio_console_init(void);
/* Sends the N bytes of BUF through the console, waiting until the device has
 * taken them; safe with interrupts off, one caller at a time.  False if there
 * is no console or the device stopped taking data (it is then not used
 * again). */
bool virtio_console_write(const void *buf, size_t n);

#endif
