/* A virtio console on PCI through the legacy interface (virtio 1.x spec,
 * 4.1.4.8 and 5.3), output only: the trace's channel to the host.
 *
 * No feature is accepted (no MULTIPORT), so the device has one port, port 0,
 * whose transmit queue is queue 1; the receive queue is left unset.  A write
 * copies its bytes into one page, offers the page to the device and polls
 * the used ring until the device is done with it, so that it works with
 * interrupts off and needs no interrupt handler: the queue asks the device
 * for no interrupts, and INTx is turned off in the PCI command register.
 * QEMU hands the bytes to its character device before the notify returns,
 * so the poll normally ends at once. */
#include "dev/virtio_console.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/pte.h"
#include "dev/pci.h"
#include "dev/virtio_pci.h"
#include "dev/virtq.h"
#include "kernel/palloc.h"
#include "lib/string.h"

#define VIRTIO_CONSOLE_LEGACY 0x1003   /* transitional virtio-console device ID */
#define TX_QUEUE              1        /* port 0's transmit queue */
#define AVAIL_NO_INTERRUPT    1        /* virtq_avail.flags: do not interrupt */
#define POLL_LIMIT            10000000 /* polls before the device is given up */

static uint16_t io;      /* [C] I/O BAR 0; 0: no console */
static struct virtq txq; /* [I] callers keep interrupts off */
static uint8_t *tx_page; /* [I] the buffer the device reads */
static bool broken;      /* [I] the device stopped taking buffers */

/* Brings the device up with its transmit queue; false if the
 * queue cannot be made. */
static bool
console_setup(void)
{
    outb(io + REG_STATUS, 0);
    outb(io + REG_STATUS, STATUS_ACKNOWLEDGE);
    outb(io + REG_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
    outl(io + REG_GUEST_FEATURES, 0);
    outw(io + REG_QUEUE_SELECT, TX_QUEUE);
    tx_page = palloc_get_page(PAL_ZERO);
    if (tx_page == NULL || !virtq_init(&txq, inw(io + REG_QUEUE_SIZE)))
        return false;
    txq.avail->flags = AVAIL_NO_INTERRUPT;
    outl(io + REG_QUEUE_PFN, virtq_pfn(&txq));
    outb(io + REG_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_DRIVER_OK);
    return true;
}

bool
virtio_console_init(void)
{
    const struct pci_function *f = pci_find(VIRTIO_VENDOR, VIRTIO_CONSOLE_LEGACY, 0);
    if (f == NULL || (io = pci_io_bar(f, 0)) == 0)
        return false;
    pci_write16(f, PCI_COMMAND, PCI_CMD_IO | PCI_CMD_MASTER | PCI_CMD_INTX_OFF);
    if (!console_setup()) {
        outb(io + REG_STATUS, 0);
        io = 0;
        return false;
    }
    return true;
}

/* Offers the first N bytes of tx_page and waits until the device is done
 * with them; false if it does not take them. */
static bool
console_send_page(size_t n)
{
    struct virtq_buf buf = {vtop(tx_page), (uint32_t)n, false};
    virtq_add(&txq, &buf, 1);
    outw(io + REG_QUEUE_NOTIFY, TX_QUEUE);
    uint16_t head;
    for (long i = 0; i < POLL_LIMIT; i++) {
        if (virtq_pop(&txq, &head)) {
            inb(io + REG_ISR); /* clears the ISR bit, if the device set it */
            return true;
        }
        __asm__ volatile("pause");
    }
    return false;
}

bool
virtio_console_write(const void *buf, size_t n)
{
    if (io == 0 || broken)
        return false;
    for (const uint8_t *p = buf; n > 0;) {
        size_t chunk = n < PAGE_SIZE ? n : PAGE_SIZE;
        memcpy(tx_page, p, chunk);
        if (!console_send_page(chunk)) {
            broken = true; /* the buffer may still be the device's */
            return false;
        }
        p += chunk;
        n -= chunk;
    }
    return true;
}
