/* Self tests of the trace (kernel/trace.h), run with the boot option -trace:
 * they emit VM-shaped events through the real API; the host checks what
 * arrived (tests/trace/check.py). */
#include "arch/x86_64/intr.h"
#include "kernel/ktest.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "kernel/trace.h"

#define SYN_PID   1000   /* pids of the synthetic processes: 1000 and 1001 */
#define SYN_FRAME 0x4000 /* their frames: from here up */
#define SYN_VA    0x400000UL
#define BURST     1000 /* events the overflow test emits at once */
#define BURST_PID 4242

static unsigned emitted[TRACE_EV_COUNT];

/* Emits EV through the generic API and counts it. */
static void
emit(enum trace_ev ev, int pid, uint64_t va, uint64_t frame, int64_t a, int64_t b)
{
    trace_emit(ev, pid, va, frame, a, b);
    emitted[ev]++;
}

/* Process PID faults in N pages from VA of each kind but kill. */
static void
fault_in(int pid, uint64_t va, uint64_t frame, int n)
{
    for (int i = 0; i < n; i++) {
        enum trace_fault_kind kind = (enum trace_fault_kind)(i % TRACE_FAULT_KILL);
        trace_fault(pid, va + i * 4096UL, frame + i, kind);
        emitted[TRACE_FAULT]++;
    }
}

/* A life of two processes: faults of every kind, copy-on-write, the zero
 * page, the page cache, eviction to swap, file and nowhere, swap-in, free,
 * an out-of-memory kill and a bad access. */
static void
emit_script(void)
{
    trace_start(SYN_PID, 0, "synthetic-parent");
    trace_start(SYN_PID + 1, SYN_PID, "synthetic-child");
    emitted[TRACE_START] += 2;
    trace_exec(SYN_PID + 1, "synthetic-child");
    emitted[TRACE_EXEC]++;
    fault_in(SYN_PID, SYN_VA, SYN_FRAME, 12);
    fault_in(SYN_PID + 1, SYN_VA, SYN_FRAME + 12, 6);
    trace_zero_map(SYN_PID + 1, SYN_VA + 0x10000, SYN_FRAME + 100);
    trace_cow(SYN_PID + 1, SYN_VA, SYN_FRAME + 18, SYN_FRAME);
    emitted[TRACE_ZERO_MAP]++;
    emitted[TRACE_COW]++;
    trace_cache(SYN_PID, SYN_VA, false, TRACE_NO_FRAME, 12, 0);
    trace_cache(SYN_PID, SYN_VA, true, SYN_FRAME + 19, 12, 0);
    emitted[TRACE_CACHE_MISS]++;
    emitted[TRACE_CACHE_HIT]++;
    for (int i = 0; i < 4; i++) {
        trace_swap_out(SYN_PID, SYN_VA + i * 4096UL, SYN_FRAME + i, i);
        trace_evict(SYN_PID, SYN_VA + i * 4096UL, SYN_FRAME + i, TRACE_TO_SWAP, i);
        timer_sleep(1);
    }
    emitted[TRACE_SWAP_OUT] += 4;
    emitted[TRACE_EVICT] += 4;
    trace_evict(SYN_PID, SYN_VA + 4 * 4096UL, SYN_FRAME + 4, TRACE_TO_FILE, -1);
    trace_evict(SYN_PID, SYN_VA + 5 * 4096UL, SYN_FRAME + 5, TRACE_TO_DROPPED, -1);
    emitted[TRACE_EVICT] += 2;
    trace_swap_in(SYN_PID, SYN_VA, SYN_FRAME + 20, 0);
    trace_fault(SYN_PID, SYN_VA, SYN_FRAME + 20, TRACE_FAULT_SWAP);
    emitted[TRACE_SWAP_IN]++;
    emitted[TRACE_FAULT]++;
    trace_free(SYN_PID, SYN_VA + 6 * 4096UL, SYN_FRAME + 6);
    emitted[TRACE_FREE]++;
    timer_sleep(2);
    trace_fault(SYN_PID + 1, 0x10, TRACE_NO_FRAME, TRACE_FAULT_KILL);
    emitted[TRACE_FAULT]++;
    emit(TRACE_EXIT, SYN_PID + 1, 0x10, TRACE_NO_FRAME, -1, PROC_EXIT_BAD_ACCESS);
    trace_oom_kill(SYN_PID, SYN_VA + 0x20000);
    emitted[TRACE_OOM_KILL]++;
    trace_exit(SYN_PID, -1, PROC_EXIT_NO_MEMORY, SYN_VA + 0x20000);
    emitted[TRACE_EXIT]++;
}

/* Emits a scripted life of two processes and says how many events of each
 * kind it emitted, for the host to compare with what arrived. */
static void
test_trace_synthetic(void)
{
    if (!KTEST_CHECK(trace_on, "boot with -trace"))
        return;
    emit_script();
    for (int ev = 0; ev < TRACE_EV_COUNT; ev++)
        if (emitted[ev] != 0)
            ktest_msg("emitted %s %u", trace_ev_name(ev), emitted[ev]);
}
KTEST("trace-synthetic", test_trace_synthetic);

/* BURST events at once, with interrupts off so the drain cannot run, into a
 * small ring (-trace=16): the ring overflows, and the events it had no room
 * for are counted and reported by a `lost` event. */
static void
test_trace_overflow(void)
{
    if (!KTEST_CHECK(trace_on, "boot with -trace=16"))
        return;
    uint64_t lost = trace_lost();
    enum intr_level old = intr_disable();
    for (int i = 0; i < BURST; i++)
        trace_fault(BURST_PID, SYN_VA + i * 4096UL, SYN_FRAME + i, TRACE_FAULT_ZERO);
    intr_set_level(old);
    KTEST_CHECK(trace_lost() > lost, "the ring of 16 events took all %d", BURST);
    timer_sleep(2); /* the drain empties the ring; the `lost` event follows */
    trace_fault(BURST_PID, SYN_VA, SYN_FRAME, TRACE_FAULT_ZERO);
    ktest_msg("%d events emitted at once, then 1: the ring overflowed", BURST);
}
KTEST("trace-overflow", test_trace_overflow);
