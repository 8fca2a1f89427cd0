/* PCI configuration space through configuration mechanism #1 (ports 0xcf8 and
 * 0xcfc), and the list of functions found on the buses at boot.
 *
 * pci_init walks bus 0 and every bus behind a PCI-to-PCI bridge and records
 * each function; drivers then look up the ones they drive by vendor and
 * device ID. */
#ifndef DEV_PCI_H
#define DEV_PCI_H

#include <stdbool.h>
#include <stdint.h>

/* Offsets in the configuration header (type 0). */
#define PCI_VENDOR_ID   0x00
#define PCI_DEVICE_ID   0x02
#define PCI_COMMAND     0x04
#define PCI_CLASS_REV   0x08
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0        0x10
#define PCI_SUBSYSTEM   0x2e
#define PCI_INTR_LINE   0x3c
#define PCI_SECONDARY   0x19 /* type 1 (bridge): secondary bus number */

#define PCI_CMD_IO       0x0001 /* respond to I/O-space accesses */
#define PCI_CMD_MEMORY   0x0002
#define PCI_CMD_MASTER   0x0004 /* may start DMA (bus master) */
#define PCI_CMD_INTX_OFF 0x0400

struct pci_function {
    uint8_t bus, slot, func; /* [C] set once at boot, like every field */
    uint16_t vendor, device;
    uint8_t class, subclass, prog_if;
    uint8_t irq; /* interrupt line given by the firmware; 0xff: none */
};

/* Finds every PCI function.  Call once, before the drivers. */
void pci_init(void);
/* The Nth function (counting from 0) with VENDOR and DEVICE, or NULL. */
const struct pci_function *pci_find(uint16_t vendor, uint16_t device, unsigned n);
/* Reads or writes configuration space of F at byte offset OFF (aligned). */
uint32_t pci_read32(const struct pci_function *f, uint8_t off);
uint16_t pci_read16(const struct pci_function *f, uint8_t off);
uint8_t pci_read8(const struct pci_function *f, uint8_t off);
void pci_write16(const struct pci_function *f, uint8_t off, uint16_t v);
/* The port base of I/O BAR N of F, or 0 if BAR N is not an I/O BAR. */
uint16_t pci_io_bar(const struct pci_function *f, unsigned n);
/* Turns on I/O decoding and bus mastering (DMA) for F, and INTx. */
void pci_enable_io_dma(const struct pci_function *f);
/* Prints one line per function found (for the monitor and debugging). */
void pci_print(void);

#endif
