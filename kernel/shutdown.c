/* Power-off and the leak report.  The report compares kernel pages, user pages
 * and live heap blocks with the baseline taken before the first action ran;
 * the runner fails any test where a difference is not zero. */
#include "kernel/shutdown.h"

#include <stdbool.h>

#include "arch/x86_64/intr.h"
#include "dev/block.h"
#include "fs/fs.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "kernel/pintos.h"
#include "kernel/printf.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "kernel/trace.h"
#include "userprog/process.h"
#include "vm/pagecache.h"
#include "vm/swap.h"
#include "vm/vm.h"

struct usage {
    long kernel_pages, user_pages, heap_blocks, swap_slots;
};

#define EXIT_WAIT_TICKS 500 /* how long power-off waits for exiting threads */
/* How long power-off waits for processes still running after the last
 * command (orphans), before it kills them. */
#define ORPHAN_GRACE (20 * TIMER_FREQ)

static unsigned baseline_threads;

static struct usage baseline;
static bool have_baseline;

/* Memory in use right now. */
static struct usage
usage_now(void)
{
    return (struct usage){
        .kernel_pages = (long)palloc_used_pages(POOL_KERNEL),
        .user_pages = (long)palloc_used_pages(POOL_USER),
        .heap_blocks = (long)malloc_live_blocks(),
        .swap_slots = (long)swap_used(),
    };
}

void
shutdown_set_baseline(void)
{
    baseline_threads = thread_count();
    baseline = usage_now();
    have_baseline = true;
}

void
shutdown_print_memory(void)
{
    struct usage u = usage_now();
    printf("kernel pool: %zu of %zu pages in use\n", palloc_used_pages(POOL_KERNEL),
           palloc_total_pages(POOL_KERNEL));
    printf("user pool:   %zu of %zu pages in use\n", palloc_used_pages(POOL_USER),
           palloc_total_pages(POOL_USER));
    printf("heap:        %ld blocks, %zu bytes in use\n", u.heap_blocks,
           malloc_live_bytes());
}

void
shutdown_power_off(enum power_status status)
{
    static const char *const names[] = {"success", "failure", "panic"};
    bool orderly = status != POWER_PANIC && !intr_context();
    if (orderly) {
        process_wait_all(ORPHAN_GRACE); /* orphans of the last command may still run */
        /* A process that has just ended may still be on its way out of its
         * thread; its memory is counted once the thread is gone. */
        for (int t = 0;
             have_baseline && t < EXIT_WAIT_TICKS && thread_count() > baseline_threads;
             t++)
            timer_sleep(1);
    }
    if (orderly && have_baseline) {
        thread_reap_all();
        vm_print_stats();
        pagecache_drop_all(); /* written pages to their files, cached frames freed */
        struct usage u = usage_now();
        printf("Memory in use: kernel pages %ld (%ld at start), user pages %ld (%ld), "
               "heap blocks %ld (%ld), swap slots %ld (%ld)\n",
               u.kernel_pages, baseline.kernel_pages, u.user_pages, baseline.user_pages,
               u.heap_blocks, baseline.heap_blocks, u.swap_slots, baseline.swap_slots);
        printf("Memory check: kernel pages %+ld, user pages %+ld, heap blocks %+ld, "
               "swap slots %+ld\n",
               u.kernel_pages - baseline.kernel_pages, u.user_pages - baseline.user_pages,
               u.heap_blocks - baseline.heap_blocks, u.swap_slots - baseline.swap_slots);
    }
    if (orderly) {
        pagecache_sync();     /* when there is no baseline, nothing above did */
        fs_unmount();         /* writes every cached change to the disk */
        block_flush_all();    /* and out of the disks' write caches */
        block_print_errors(); /* including that last write-back's */
    }
    pintos_power_off_lines();
    trace_flush();
    printf("Power off: %s\n", names[status]);
    arch_power_off(status);
}

void
shutdown_halt(void)
{
    pagecache_sync();
    fs_halt();
    block_flush_all();
    pintos_power_off_lines();
    trace_flush();
    printf("Power off: success\n");
    arch_power_off(POWER_SUCCESS);
}
