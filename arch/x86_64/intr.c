/* Interrupt enable/disable and the "in an interrupt handler" flag. */
#include "arch/x86_64/intr.h"

#include "arch/x86_64/cpu.h"

/* Set by trap_dispatch while an external interrupt is being handled. */
bool intr_in_external;
/* Set by a device handler to make the interrupt return path yield. */
bool intr_want_yield;

enum intr_level
intr_get_level(void)
{
    return (read_rflags() & RFLAGS_IF) ? INTR_ON : INTR_OFF;
}

enum intr_level
intr_set_level(enum intr_level level)
{
    return level == INTR_ON ? intr_enable() : intr_disable();
}

enum intr_level
intr_enable(void)
{
    enum intr_level old = intr_get_level();
    __asm__ volatile("sti" ::: "memory");
    return old;
}

enum intr_level
intr_disable(void)
{
    enum intr_level old = intr_get_level();
    __asm__ volatile("cli" ::: "memory");
    return old;
}

bool
intr_context(void)
{
    return intr_in_external;
}

void
intr_yield_on_return(void)
{
    intr_want_yield = true;
}
