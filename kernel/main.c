/* Kernel entry and initialization order. */
#include <stdint.h>

#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/intr.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/protect.h"
#include "vm/pmap.h"
#include "arch/x86_64/pte.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/usermode.h"
#include "dev/ata.h"
#include "dev/block.h"
#include "dev/pci.h"
#include "dev/virtio_blk.h"
#include "dev/serial.h"
#include "fs/fs.h"
#include "kernel/bootinfo.h"
#include "kernel/clock.h"
#include "kernel/cmdline.h"
#include "kernel/malloc.h"
#include "kernel/monitor.h"
#include "kernel/palloc.h"
#include "kernel/pintos.h"
#include "kernel/printf.h"
#include "kernel/shutdown.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "kernel/trace.h"
#include "userprog/process.h"
#include "userprog/syscall.h"
#include "userprog/tty.h"
#include "vm/vm.h"

#define ARGS_MAX 128

void kmain(uint32_t magic, uint32_t mbi_pa) __attribute__((noreturn));

static char *argv[ARGS_MAX];

/* The disk of role R: the one the command line names, else the virtio disk
 * vda/vdb/vdc, else the ATA disk hda/hdb/hdc (R = 0, 1, 2). */
static struct block_device *
default_disk(int r)
{
    if (kernel_options.disk_names[r] != NULL)
        return block_by_name(kernel_options.disk_names[r]);
    char name[4] = {'v', 'd', (char)('a' + r), '\0'};
    struct block_device *dev = block_by_name(name);
    name[0] = 'h';
    name[1] = 'd';
    return dev != NULL ? dev : block_by_name(name);
}

/* Gives each disk its role from the command line (or the defaults). */
static void
assign_disk_roles(void)
{
    for (int r = 0; r < 3; r++) {
        struct block_device *dev = default_disk(r);
        if (dev != NULL) {
            block_set_role(dev, r);
            printf("hwan: %s is the %s disk\n", dev->name, block_role_name(r));
        }
    }
}

/* Mounts the file-system disk, if there is one. */
static void
mount_file_system(void)
{
    struct block_device *dev = block_by_role(BLOCK_FS);
    if (dev != NULL && fs_mount(dev) == 0)
        printf("hwan: mounted the ext2 file system on %s\n", dev->name);
}

/* CPU tables, memory, threads and devices, in dependency order. */
static void
init_kernel(void)
{
    clock_calibrate();
    pmap_bootstrap();
    protect_init();
    palloc_init(pmap_bootstrap_end(), kernel_options.user_pages);
    pmap_use_palloc();
    malloc_init();
    fpu_init();
    syscall_init();
    vm_init();
    process_init();
    exception_init();
    pic_init();
    timer_init();
    thread_start();
    serial_init_input();
    tty_init();
    intr_enable();
    clock_init();
    ata_init();
    pci_init();
    virtio_blk_init();
    assign_disk_roles();
    vm_init_swap();
    vm_init_zero_frame();
    mount_file_system();
    if (kernel_options.trace_events != 0)
        trace_init(kernel_options.trace_events);
}

/* Runs from boot.S with interrupts off on the boot stack. */
void
kmain(uint32_t magic, uint32_t mbi_pa)
{
    serial_init();
    gdt_init();
    idt_init();
    thread_init();
    multiboot_parse(magic, mbi_pa);
    int argc = cmdline_split(boot_info.cmdline, argv, ARGS_MAX);
    if (argc < 0) {
        printf("hwan: cannot parse the command line (unclosed quote or over %d words)\n",
               ARGS_MAX);
        shutdown_power_off(POWER_FAILURE);
    }
    int first_action = cmdline_parse_options(argc, argv);
    if (first_action < 0)
        shutdown_power_off(POWER_FAILURE);
    if (kernel_options.help) {
        cmdline_usage();
        shutdown_power_off(POWER_SUCCESS);
    }

    pintos_boot_line();
    init_kernel();
    printf("hwan: %llu MiB of RAM, kernel pool %zu pages, user pool %zu pages\n",
           (unsigned long long)(boot_info.mem_top >> 20), palloc_total_pages(POOL_KERNEL),
           palloc_total_pages(POOL_USER));

    shutdown_set_baseline();
    pintos_boot_complete();
    bool ok = cmdline_run_actions(argc - first_action, argv + first_action);
    if (kernel_options.power_off)
        shutdown_power_off(ok ? POWER_SUCCESS : POWER_FAILURE);
    monitor_run();
}
