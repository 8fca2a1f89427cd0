/* 8259A programmable interrupt controllers (master at 0x20, slave at 0xa0). */
#include "arch/x86_64/pic.h"

#include "arch/x86_64/cpu.h"

#define PIC1_CMD     0x20
#define PIC1_DATA    0x21
#define PIC2_CMD     0xa0
#define PIC2_DATA    0xa1
#define PIC_EOI      0x20
#define PIC_READ_ISR 0x0b
/* Edge/level control registers (PIIX): bit N set = IRQ N level-triggered. */
#define ELCR1 0x4d0
#define ELCR2 0x4d1

void
pic_init(void)
{
    outb(PIC1_DATA, 0xff);
    outb(PIC2_DATA, 0xff);
    outb(PIC1_CMD, 0x11); /* ICW1: edge, cascade, ICW4 follows */
    outb(PIC2_CMD, 0x11);
    outb(PIC1_DATA, 0x20); /* ICW2: vector bases */
    outb(PIC2_DATA, 0x28);
    outb(PIC1_DATA, 0x04); /* ICW3: slave on IRQ2 */
    outb(PIC2_DATA, 0x02);
    outb(PIC1_DATA, 0x01); /* ICW4: 8086 mode */
    outb(PIC2_DATA, 0x01);
    outb(PIC1_DATA, 0xff & ~(1 << 2)); /* all masked but the cascade */
    outb(PIC2_DATA, 0xff);
}

void
pic_unmask(unsigned irq)
{
    uint16_t port = irq < 8 ? PIC1_DATA : PIC2_DATA;
    outb(port, inb(port) & ~(1 << (irq & 7)));
}

void
pic_mask(unsigned irq)
{
    uint16_t port = irq < 8 ? PIC1_DATA : PIC2_DATA;
    outb(port, inb(port) | (1 << (irq & 7)));
}

void
pic_eoi(unsigned irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
}

bool
pic_is_spurious(unsigned irq)
{
    if (irq != 7 && irq != 15)
        return false;
    uint16_t cmd = irq == 7 ? PIC1_CMD : PIC2_CMD;
    outb(cmd, PIC_READ_ISR);
    bool in_service = inb(cmd) & 0x80;
    if (!in_service && irq == 15)
        pic_eoi(2); /* the master did see the cascade line */
    return !in_service;
}

void
pic_set_level_triggered(unsigned irq)
{
    uint16_t port = irq < 8 ? ELCR1 : ELCR2;
    outb(port, inb(port) | (1 << (irq & 7)));
}
