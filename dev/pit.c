/* 8254 PIT: channel 0 as the periodic timer, channel 2 as a free-running
 * reference clock (its gate is bit 0 of port 0x61). */
#include "dev/pit.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "kernel/timer.h"

#define PIT_CHANNEL0 0x40
#define PIT_CHANNEL2 0x42
#define PIT_COMMAND  0x43
#define PIT_GATE     0x61 /* bit 0: channel 2 gate, bit 1: speaker data */

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

void
pit_counter_start(void)
{
    outb(PIT_GATE, (inb(PIT_GATE) & ~0x03) | 0x01); /* gate on, speaker off */
    outb(PIT_COMMAND, 0xb4); /* channel 2, lo/hi byte, rate generator */
    outb(PIT_CHANNEL2, 0);   /* 0 means 65536 */
    outb(PIT_CHANNEL2, 0);
}

uint16_t
pit_counter_read(void)
{
    outb(PIT_COMMAND, 0x80); /* latch channel 2 */
    uint8_t lo = inb(PIT_CHANNEL2);
    uint8_t hi = inb(PIT_CHANNEL2);
    return (uint16_t)(lo | hi << 8);
}
