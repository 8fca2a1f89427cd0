/* 8254 PIT channel 0 as the periodic timer. */
#include "dev/pit.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "kernel/timer.h"

#define PIT_HZ       1193182
#define PIT_CHANNEL0 0x40
#define PIT_COMMAND  0x43

/* IRQ 0 handler. */
static void
pit_interrupt(struct trap_frame *f)
{
    (void)f;
    timer_interrupt();
}

void
pit_start(unsigned hz)
{
    unsigned divisor = (PIT_HZ + hz / 2) / hz;
    outb(PIT_COMMAND, 0x34); /* channel 0, lo/hi byte, rate generator */
    outb(PIT_CHANNEL0, divisor & 0xff);
    outb(PIT_CHANNEL0, divisor >> 8);
    irq_register(0, pit_interrupt, "timer");
}
