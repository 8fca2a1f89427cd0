/* Host fake of the trace and of the process counters (fake_trace.h). */
#include "tests/host/support/fake_trace.h"

#include <string.h>

#include "userprog/process.h"
#include "vm/stats.h"

bool trace_on;
uint64_t fake_trace_events[TRACE_EV_COUNT];
uint64_t fake_trace_faults_by_kind[TRACE_FAULT_KIND_COUNT];
uint64_t fake_process_faults[TRACE_FAULT_KIND_COUNT];

void
fake_trace_start(void)
{
    memset(fake_trace_events, 0, sizeof fake_trace_events);
    memset(fake_trace_faults_by_kind, 0, sizeof fake_trace_faults_by_kind);
    memset(fake_process_faults, 0, sizeof fake_process_faults);
    trace_on = true;
}

void
fake_trace_stop(void)
{
    trace_on = false;
}

void
trace_record(enum trace_ev ev, int pid, uint64_t va, uint64_t frame, int64_t a, int64_t b)
{
    (void)pid, (void)va, (void)frame, (void)b;
    if ((unsigned)ev < TRACE_EV_COUNT)
        fake_trace_events[ev]++;
    if (ev == TRACE_FAULT && (uint64_t)a < TRACE_FAULT_KIND_COUNT)
        fake_trace_faults_by_kind[a]++;
}

void
trace_record_text(enum trace_ev ev, int pid, int64_t a, const char *s)
{
    (void)s;
    trace_record(ev, pid, 0, TRACE_NO_FRAME, a, 0);
}

int
trace_pid(void)
{
    return 1;
}

uint64_t
trace_frame(const void *kva)
{
    return kva != NULL ? (uint64_t)(uintptr_t)kva >> 12 : TRACE_NO_FRAME;
}

void
process_count_fault(enum trace_fault_kind kind)
{
    if ((unsigned)kind < TRACE_FAULT_KIND_COUNT)
        fake_process_faults[kind]++;
}

void
process_count_fault_taken(void)
{
}

bool
process_oom_kill(pid_t pid, uint64_t va)
{
    (void)pid, (void)va;
    trace_oom_kill((int)pid, va);
    vm_count(&vm_counters.oom_kills);
    return true;
}
