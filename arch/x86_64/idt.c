/* The interrupt descriptor table and trap dispatch. */
#include "arch/x86_64/trap.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/intr.h"
#include "arch/x86_64/kfault.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/protect.h"
#include "kernel/debug.h"
#include "kernel/printf.h"
#include "kernel/thread.h"

struct idt_gate {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t reserved;
} __attribute__((packed));

struct idt_desc {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

#define GATE_INTR 0x8e /* present, DPL 0, 64-bit interrupt gate */
#define GATE_DPL3 0x60

extern char trap_stubs[];
extern bool intr_in_external, intr_want_yield;

static struct idt_gate idt[VEC_COUNT];
static trap_handler_fn *handlers[VEC_COUNT];
static const char *names[VEC_COUNT];

static const char *const exception_names[32] = {
    "#DE divide error",
    "#DB debug",
    "NMI",
    "#BP breakpoint",
    "#OF overflow",
    "#BR bound range",
    "#UD invalid opcode",
    "#NM device not available",
    "#DF double fault",
    "coprocessor segment overrun",
    "#TS invalid TSS",
    "#NP segment not present",
    "#SS stack fault",
    "#GP general protection",
    "#PF page fault",
    "reserved 15",
    "#MF x87 error",
    "#AC alignment check",
    "#MC machine check",
    "#XM SIMD error",
    "#VE virtualization",
    "#CP control protection",
};

/* Points gate VEC at its stub with the given IST slot and privilege. */
static void
idt_set_gate(unsigned vec, unsigned ist, bool user_ok)
{
    uint64_t addr = (uint64_t)(trap_stubs + 16 * vec);
    idt[vec] = (struct idt_gate){
        .offset_lo = addr & 0xffff,
        .selector = SEL_KCODE,
        .ist = ist,
        .type_attr = GATE_INTR | (user_ok ? GATE_DPL3 : 0),
        .offset_mid = (addr >> 16) & 0xffff,
        .offset_hi = addr >> 32,
    };
}

void
idt_init(void)
{
    for (unsigned v = 0; v < VEC_COUNT; v++)
        idt_set_gate(v, 0, false);
    idt_set_gate(VEC_DOUBLE_FAULT, IST_DOUBLE_FAULT, false);
    idt_set_gate(VEC_NMI, IST_NMI, false);
    idt_set_gate(VEC_MACHINE_CHECK, IST_MACHINE_CHECK, false);
    struct idt_desc desc = {sizeof idt - 1, (uint64_t)idt};
    __asm__ volatile("lidt %0" : : "m"(desc));
}

void
trap_register(unsigned vec, trap_handler_fn *fn, bool user_ok, const char *name)
{
    ASSERT(vec < VEC_COUNT && handlers[vec] == NULL);
    handlers[vec] = fn;
    names[vec] = name;
    if (user_ok)
        idt_set_gate(vec, 0, true);
}

void
irq_register(unsigned irq, trap_handler_fn *fn, const char *name)
{
    ASSERT(irq < 16);
    trap_register(VEC_IRQ0 + irq, fn, false, name);
    pic_unmask(irq);
}

bool
irq_registered(unsigned irq)
{
    return irq < 16 && handlers[VEC_IRQ0 + irq] != NULL;
}

const char *
trap_name(unsigned vec)
{
    if (vec < 32 && exception_names[vec])
        return exception_names[vec];
    if (names[vec])
        return names[vec];
    return vec >= VEC_IRQ0 && vec < VEC_IRQ0 + 16 ? "unhandled IRQ" : "unknown";
}

void
trap_dump_frame(const struct trap_frame *f)
{
    printf("rax=%016llx rbx=%016llx rcx=%016llx rdx=%016llx\n",
           (unsigned long long)f->rax, (unsigned long long)f->rbx,
           (unsigned long long)f->rcx, (unsigned long long)f->rdx);
    printf("rsi=%016llx rdi=%016llx rbp=%016llx rsp=%016llx\n",
           (unsigned long long)f->rsi, (unsigned long long)f->rdi,
           (unsigned long long)f->rbp, (unsigned long long)f->rsp);
    printf("r8 =%016llx r9 =%016llx r10=%016llx r11=%016llx\n", (unsigned long long)f->r8,
           (unsigned long long)f->r9, (unsigned long long)f->r10,
           (unsigned long long)f->r11);
    printf("r12=%016llx r13=%016llx r14=%016llx r15=%016llx\n",
           (unsigned long long)f->r12, (unsigned long long)f->r13,
           (unsigned long long)f->r14, (unsigned long long)f->r15);
    printf("rip=%016llx cs=%04llx ss=%04llx rflags=%08llx cr2=%016llx cr3=%016llx\n",
           (unsigned long long)f->rip, (unsigned long long)f->cs,
           (unsigned long long)f->ss, (unsigned long long)f->rflags,
           (unsigned long long)read_cr2(), (unsigned long long)read_cr3());
}

void
trap_unexpected(struct trap_frame *f)
{
    printf("Unexpected exception %llu (%s), error code %#llx, at rip %#llx in %s mode\n",
           (unsigned long long)f->vector, trap_name(f->vector),
           (unsigned long long)f->error, (unsigned long long)f->rip,
           trap_from_user(f) ? "user" : "kernel");
    if (f->vector == VEC_PAGE_FAULT) {
        printf("Page fault at %#llx: %s on a %s page, %s mode\n",
               (unsigned long long)read_cr2(),
               (f->error & PF_FETCH)   ? "instruction fetch"
               : (f->error & PF_WRITE) ? "write"
                                       : "read",
               (f->error & PF_PRESENT) ? "present (protection violation)" : "not-present",
               (f->error & PF_USER) ? "user" : "kernel");
    }
    panic_frame(f, "unexpected exception %llu (%s)", (unsigned long long)f->vector,
                trap_name(f->vector));
}

static void (*user_return_hook)(void); /* set once at boot */

void
trap_set_user_return_hook(void (*hook)(void))
{
    user_return_hook = hook;
}

/* Runs the handler of a PIC interrupt, acknowledges it, and yields if asked;
 * runs the user-return hook if the interrupt came from user mode. */
static void
trap_external(struct trap_frame *f)
{
    unsigned irq = f->vector - VEC_IRQ0;
    if (pic_is_spurious(irq))
        return;
    intr_in_external = true;
    intr_want_yield = false;
    if (handlers[f->vector])
        handlers[f->vector](f);
    pic_eoi(irq);
    intr_in_external = false;
    if (intr_want_yield) {
        intr_want_yield = false;
        thread_yield();
    }
    if (trap_from_user(f) && user_return_hook != NULL)
        user_return_hook();
}

void
trap_dispatch(struct trap_frame *f)
{
    user_access_end(); /* handlers run with the user window shut; iretq reopens it */
    if (f->vector >= VEC_IRQ0 && f->vector < VEC_IRQ0 + 16) {
        trap_external(f);
        return;
    }
    if (handlers[f->vector]) {
        handlers[f->vector](f);
        return;
    }
    if (f->vector == VEC_PAGE_FAULT && !trap_from_user(f) && kfault_recover(f))
        return;
    trap_unexpected(f);
}
