/* The cost of a trace point (run by bench/trace, in a boot with and one
 * without -trace): nanoseconds per trace_fault call, and with tracing on also
 * per event from the call until the drain has sent it to the host. */
#include "kernel/clock.h"
#include "kernel/ktest.h"
#include "kernel/timer.h"
#include "kernel/trace.h"

#define EVENTS 100000
#define CHUNK  2000 /* events per burst: well within the ring */
#define PID    4343

/* Emits EVENTS fault events in bursts, waiting for the drain to empty the
 * ring after each; returns the nanoseconds spent in the calls themselves. */
static uint64_t
emit_all(void)
{
    uint64_t in_calls = 0;
    for (int done = 0; done < EVENTS; done += CHUNK) {
        uint64_t start = clock_ns();
        for (int i = 0; i < CHUNK; i++)
            trace_fault(PID, 0x400000UL + (uint64_t)i * 4096, 0x1000 + i,
                        TRACE_FAULT_ZERO);
        in_calls += clock_ns() - start;
        while (trace_queued() > 0)
            timer_sleep(1);
    }
    return in_calls;
}

static void
bench_trace(void)
{
    uint64_t lost = trace_lost(), start = clock_ns();
    uint64_t in_calls = emit_all();
    uint64_t total = clock_ns() - start;
    ktest_msg("tracing %s: %d trace points, %llu ns per call", trace_on ? "on" : "off",
              EVENTS, (unsigned long long)(in_calls / EVENTS));
    if (trace_on)
        ktest_msg("with the drain: %llu ms for all (%llu ns per event), %llu lost",
                  (unsigned long long)(total / 1000000),
                  (unsigned long long)(total / EVENTS),
                  (unsigned long long)(trace_lost() - lost));
}
KTEST("bench-trace", bench_trace);
