/* 16550 UARTs: COM1 is the console, COM2 an output-only channel (the trace).
 * Output is polled (each character waits for the transmit holding register);
 * COM1's input arrives by interrupt into a ring buffer that serial_getc sleeps
 * on. */
#include "dev/serial.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/intr.h"
#include "arch/x86_64/trap.h"
#include "kernel/sync.h"

#define COM1           0x3f8
#define COM2           0x2f8
#define REG_DATA       0 /* receive / transmit; divisor low with DLAB */
#define REG_IER        1 /* interrupt enable; divisor high with DLAB */
#define REG_FCR        2 /* FIFO control */
#define REG_LCR        3 /* line control */
#define REG_MCR        4 /* modem control */
#define REG_LSR        5 /* line status */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20
#define IRQ_COM1       4
#define INPUT_SIZE     1024
#define TX_FIFO        16 /* bytes the transmit FIFO takes once THR is empty */

static char input[INPUT_SIZE]; /* ring buffer, guarded by disabling interrupts */
static unsigned input_head, input_tail;
/* A reader asleep until a character comes or it is told to look again
 * (serial_wake_readers).  Each has its own semaphore, so that a reader woken
 * for nothing cannot take another's wake-up. */
struct input_waiter {
    struct list_node node;  /* in input_waiters while asleep */
    struct semaphore woken; /* upped once, by whoever takes it off the list */
};
static struct list input_waiters; /* oldest first; guarded by disabling interrupts */
static serial_input_filter *input_filter; /* set once at boot */
static bool input_on;

/* Programs the UART at BASE for 115200 8N1, no interrupts yet. */
static void
uart_init(uint16_t base)
{
    outb(base + REG_IER, 0x00);
    outb(base + REG_LCR, 0x80); /* DLAB on */
    outb(base + REG_DATA, 1);   /* 115200 baud */
    outb(base + REG_IER, 0);
    outb(base + REG_LCR, 0x03); /* 8N1, DLAB off */
    outb(base + REG_FCR, 0x05); /* FIFOs on, transmit FIFO cleared, input kept */
    outb(base + REG_MCR, 0x0b); /* DTR, RTS, OUT2 (interrupt line) */
}

/* Writes C to the UART at BASE, waiting until the transmitter can take it. */
static void
uart_putc(uint16_t base, char c)
{
    for (unsigned spins = 0; !(inb(base + REG_LSR) & LSR_THR_EMPTY); spins++)
        if (spins > 1000000)
            break; /* no UART: do not hang */
    outb(base + REG_DATA, c);
}

void
serial_init(void)
{
    uart_init(COM1);
}

void
serial2_init(void)
{
    uart_init(COM2);
}

void
serial2_write(const void *buf, size_t n)
{
    const char *p = buf;
    for (size_t i = 0; i < n; i++) {
        if (i % TX_FIFO == 0)
            uart_putc(COM2, p[i]); /* waits until the FIFO is empty */
        else
            outb(COM2 + REG_DATA, p[i]);
    }
}

/* Wakes the reader that has slept longest, if any.  Interrupts off. */
static void
wake_one_reader(void)
{
    if (!list_empty(&input_waiters))
        sema_up(&list_entry(list_pop_front(&input_waiters), struct input_waiter, node)
                     ->woken);
}

/* Moves every received character into the ring buffer. */
static void
serial_interrupt(struct trap_frame *f)
{
    (void)f;
    while (inb(COM1 + REG_LSR) & LSR_DATA_READY) {
        char c = inb(COM1 + REG_DATA);
        unsigned next = (input_head + 1) % INPUT_SIZE;
        if (input_filter != NULL && input_filter(c))
            continue; /* the console took it (Ctrl-C) */
        if (next == input_tail)
            continue; /* full: drop it */
        input[input_head] = c;
        input_head = next;
        wake_one_reader();
    }
}

void
serial_init_input(void)
{
    list_init(&input_waiters);
    irq_register(IRQ_COM1, serial_interrupt, "serial");
    enum intr_level old = intr_disable();
    outb(COM1 + REG_IER, 0x01); /* received data available */
    input_on = true;
    serial_interrupt(NULL); /* whatever arrived before interrupts were on */
    intr_set_level(old);
}

void
serial_putc(char c)
{
    uart_putc(COM1, c);
}

/* Takes the oldest buffered character into *C; false if there is none.
 * Interrupts off. */
static bool
take_input(char *c)
{
    if (input_head == input_tail)
        return false;
    *c = input[input_tail];
    input_tail = (input_tail + 1) % INPUT_SIZE;
    return true;
}

int
serial_getc_unless(bool (*stop)(void))
{
    char c;
    if (!input_on) {
        while (!(inb(COM1 + REG_LSR) & LSR_DATA_READY))
            ;
        return (unsigned char)inb(COM1 + REG_DATA);
    }
    for (;;) {
        if (stop != NULL && stop())
            return -1;
        enum intr_level old = intr_disable();
        bool got = take_input(&c);
        if (!got) {
            struct input_waiter w;
            sema_init(&w.woken, 0);
            list_push_back(&input_waiters, &w.node);
            sema_down(&w.woken); /* off the list once woken */
        }
        intr_set_level(old);
        if (got)
            return (unsigned char)c;
    }
}

char
serial_getc(void)
{
    return (char)serial_getc_unless(NULL);
}

void
serial_wake_readers(void)
{
    enum intr_level old = intr_disable();
    while (!list_empty(&input_waiters))
        wake_one_reader();
    intr_set_level(old);
}

void
serial_set_input_filter(serial_input_filter *filter)
{
    input_filter = filter;
}

bool
serial_has_input(void)
{
    return input_head != input_tail;
}
