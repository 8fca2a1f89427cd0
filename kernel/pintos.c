/* Pintos-compatible console lines (see pintos.h).  Each prints only when
 * the command line asked for them with -pintos. */
#include "kernel/pintos.h"

#include <stdint.h>

#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/printf.h"
#include "kernel/timer.h"

/* Prints N with a comma between groups of three digits, as in 16,256. */
static void
print_grouped(uint64_t n)
{
    if (n >= 1000) {
        print_grouped(n / 1000);
        printf(",%03llu", (unsigned long long)(n % 1000));
    } else {
        printf("%llu", (unsigned long long)n);
    }
}

void
pintos_boot_line(void)
{
    if (!kernel_options.pintos)
        return;
    printf("Pintos booting with ");
    print_grouped(boot_info.mem_top / 1024);
    printf(" kB RAM...\n");
}

void
pintos_boot_complete(void)
{
    if (kernel_options.pintos)
        printf("Boot complete.\n");
}

void
pintos_power_off_lines(void)
{
    if (!kernel_options.pintos)
        return;
    printf("Timer: %lld ticks\n", (long long)timer_ticks());
    printf("Powering off...\n");
}
