/* Turning interrupts off and on, and asking whether we are in an interrupt. */
#ifndef ARCH_X86_64_INTR_H
#define ARCH_X86_64_INTR_H

#include <stdbool.h>

enum intr_level { INTR_OFF, INTR_ON };

/* Current interrupt level. */
enum intr_level intr_get_level(void);
/* Sets the level and returns the previous one. */
enum intr_level intr_set_level(enum intr_level);
/* Enables interrupts; returns the previous level. */
enum intr_level intr_enable(void);
/* Disables interrupts; returns the previous level. */
enum intr_level intr_disable(void);
/* True while handling an external (device) interrupt. */
bool intr_context(void);
/* Asks the interrupt return path to yield the CPU (only from intr_context()). */
void intr_yield_on_return(void);

#endif
