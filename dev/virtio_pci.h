/* The legacy virtio PCI interface (virtio 1.x spec, 4.1.4.8): the vendor ID,
 * the registers in I/O BAR 0 (no MSI-X), and the device status bits. */
#ifndef DEV_VIRTIO_PCI_H
#define DEV_VIRTIO_PCI_H

#define VIRTIO_VENDOR 0x1af4

/* Legacy registers, offsets in I/O BAR 0. */
#define REG_DEVICE_FEATURES 0x00
#define REG_GUEST_FEATURES  0x04
#define REG_QUEUE_PFN       0x08
#define REG_QUEUE_SIZE      0x0c
#define REG_QUEUE_SELECT    0x0e
#define REG_QUEUE_NOTIFY    0x10
#define REG_STATUS          0x12
#define REG_ISR             0x13
#define REG_CONFIG          0x14 /* the device's own configuration fields */

/* Device status bits (virtio 1.x spec, 2.1). */
#define STATUS_ACKNOWLEDGE 1
#define STATUS_DRIVER      2
#define STATUS_DRIVER_OK   4

#endif
