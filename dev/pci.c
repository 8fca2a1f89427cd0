/* PCI configuration mechanism #1 and the walk over the buses (see pci.h).
 *
 * An address written to CONFIG_ADDRESS selects bus, device (slot), function
 * and a dword of that function's 256-byte configuration space; the dword is
 * then read or written at CONFIG_DATA.  A function that does not exist reads
 * as vendor 0xffff. */
#include "dev/pci.h"

#include "arch/x86_64/cpu.h"
#include "kernel/printf.h"

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA    0xcfc
#define CONFIG_ENABLE  0x80000000u

#define MAX_FUNCTIONS       48
#define SLOTS               32
#define FUNCS               8
#define CLASS_BRIDGE        0x06
#define SUBCLASS_PCI_BRIDGE 0x04

static struct pci_function functions[MAX_FUNCTIONS]; /* [C] filled by pci_init */
static unsigned n_functions;                         /* [C] */

/* Selects dword OFF of BUS:SLOT.FUNC in CONFIG_ADDRESS. */
static void
pci_select(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
    outl(CONFIG_ADDRESS, CONFIG_ENABLE | (uint32_t)bus << 16 | (uint32_t)slot << 11 |
                             (uint32_t)func << 8 | (off & 0xfc));
}

/* Reads dword OFF of BUS:SLOT.FUNC. */
static uint32_t
pci_raw_read(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
    pci_select(bus, slot, func, off);
    return inl(CONFIG_DATA);
}

uint32_t
pci_read32(const struct pci_function *f, uint8_t off)
{
    return pci_raw_read(f->bus, f->slot, f->func, off);
}

uint16_t
pci_read16(const struct pci_function *f, uint8_t off)
{
    return pci_read32(f, off) >> ((off & 2) * 8);
}

uint8_t
pci_read8(const struct pci_function *f, uint8_t off)
{
    return pci_read32(f, off) >> ((off & 3) * 8);
}

void
pci_write16(const struct pci_function *f, uint8_t off, uint16_t v)
{
    pci_select(f->bus, f->slot, f->func, off);
    outw(CONFIG_DATA + (off & 2), v);
}

uint16_t
pci_io_bar(const struct pci_function *f, unsigned n)
{
    uint32_t bar = pci_read32(f, PCI_BAR0 + 4 * n);
    return (bar & 1) ? (uint16_t)(bar & ~3u) : 0;
}

void
pci_enable_io_dma(const struct pci_function *f)
{
    uint16_t cmd = pci_read16(f, PCI_COMMAND);
    cmd = (cmd | PCI_CMD_IO | PCI_CMD_MASTER) & ~PCI_CMD_INTX_OFF;
    pci_write16(f, PCI_COMMAND, cmd);
}

static void pci_scan_bus(uint8_t bus, unsigned depth);

/* Records BUS:SLOT.FUNC (which exists) and walks the bus behind it if it is
 * a PCI-to-PCI bridge. */
static void
pci_add(uint8_t bus, uint8_t slot, uint8_t func, unsigned depth)
{
    if (n_functions == MAX_FUNCTIONS)
        return;
    struct pci_function *f = &functions[n_functions++];
    uint32_t id = pci_raw_read(bus, slot, func, PCI_VENDOR_ID);
    uint32_t class = pci_raw_read(bus, slot, func, PCI_CLASS_REV);
    *f = (struct pci_function){.bus = bus, .slot = slot, .func = func};
    f->vendor = id & 0xffff;
    f->device = id >> 16;
    f->class = class >> 24;
    f->subclass = class >> 16;
    f->prog_if = class >> 8;
    f->irq = pci_read8(f, PCI_INTR_LINE);
    if (f->class == CLASS_BRIDGE && f->subclass == SUBCLASS_PCI_BRIDGE && depth < 8)
        pci_scan_bus(pci_read8(f, PCI_SECONDARY), depth + 1);
}

/* Records every function on BUS (DEPTH bridges below bus 0). */
static void
pci_scan_bus(uint8_t bus, unsigned depth)
{
    for (uint8_t slot = 0; slot < SLOTS; slot++) {
        if ((pci_raw_read(bus, slot, 0, PCI_VENDOR_ID) & 0xffff) == 0xffff)
            continue;
        uint8_t header = pci_raw_read(bus, slot, 0, PCI_HEADER_TYPE & 0xfc) >> 16;
        uint8_t funcs = (header & 0x80) ? FUNCS : 1; /* bit 7: multi-function */
        for (uint8_t func = 0; func < funcs; func++)
            if ((pci_raw_read(bus, slot, func, PCI_VENDOR_ID) & 0xffff) != 0xffff)
                pci_add(bus, slot, func, depth);
    }
}

void
pci_init(void)
{
    pci_scan_bus(0, 0);
}

const struct pci_function *
pci_find(uint16_t vendor, uint16_t device, unsigned n)
{
    for (unsigned i = 0; i < n_functions; i++)
        if (functions[i].vendor == vendor && functions[i].device == device && n-- == 0)
            return &functions[i];
    return NULL;
}

void
pci_print(void)
{
    for (unsigned i = 0; i < n_functions; i++) {
        const struct pci_function *f = &functions[i];
        printf("pci: %02x:%02x.%x %04x:%04x class %02x.%02x irq %u\n", f->bus, f->slot,
               f->func, f->vendor, f->device, f->class, f->subclass, f->irq);
    }
}
