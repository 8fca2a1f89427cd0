/* Pintos-compatible console lines (the -pintos option): the boot and
 * power-off lines that Pintos's test checkers look for, with this kernel's
 * real values, so that a Pintos tests tree can use hwan as its kernel
 * (docs/pintos.md). */
#ifndef KERNEL_PINTOS_H
#define KERNEL_PINTOS_H

/* "Pintos booting with N kB RAM...", N the RAM the kernel found. */
void pintos_boot_line(void);
/* "Boot complete." once the kernel is ready to run its actions. */
void pintos_boot_complete(void);
/* "Timer: N ticks" (the ticks since boot) and "Powering off...". */
void pintos_power_off_lines(void);

#endif
