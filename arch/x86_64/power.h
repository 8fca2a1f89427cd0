/* Turning the machine off. */
#ifndef ARCH_X86_64_POWER_H
#define ARCH_X86_64_POWER_H

/* What the exit status tells the host (see docs/testing.md). */
enum power_status { POWER_SUCCESS, POWER_FAILURE, POWER_PANIC };

/* Powers off: through QEMU's isa-debug-exit with a distinct value per status,
 * else ACPI (PIIX4 and Bochs ports), else halts forever. */
void arch_power_off(enum power_status status) __attribute__((noreturn));

#endif
