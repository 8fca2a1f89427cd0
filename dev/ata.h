/* ATA (IDE) disks on the two legacy channels. */
#ifndef DEV_ATA_H
#define DEV_ATA_H

/* Probes both channels (hda, hdb, hdc, hdd) and registers every ATA disk found
 * as a block device.  Needs interrupts, the timer and threads. */
void ata_init(void);

#endif
