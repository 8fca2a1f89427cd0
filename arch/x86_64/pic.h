/* The two cascaded 8259A interrupt controllers. */
#ifndef ARCH_X86_64_PIC_H
#define ARCH_X86_64_PIC_H

#include <stdbool.h>

/* Remaps IRQs 0-15 to vectors 0x20-0x2f, all masked. */
void pic_init(void);
void pic_unmask(unsigned irq);
void pic_mask(unsigned irq);
/* Makes IRQ level-triggered (for a PCI interrupt line, which devices share). */
void pic_set_level_triggered(unsigned irq);
/* Acknowledges IRQ. */
void pic_eoi(unsigned irq);
/* True if IRQ (7 or 15) is spurious: not really in service. */
bool pic_is_spurious(unsigned irq);

#endif
