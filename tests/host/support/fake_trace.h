/* The trace and the per-process counters on the host: kernel/trace.h's and
 * userprog/process.h's hooks for the VM, recorded here so that a host test
 * can check which events and counts the VM produced.  Tracing starts off;
 * fake_trace_start turns it on. */
#ifndef TESTS_HOST_SUPPORT_FAKE_TRACE_H
#define TESTS_HOST_SUPPORT_FAKE_TRACE_H

#include <stdint.h>

#include "kernel/trace.h"

/* Events recorded by kind since fake_trace_start, and process_count_fault
 * calls by fault kind. */
extern uint64_t fake_trace_events[TRACE_EV_COUNT];
extern uint64_t fake_trace_faults_by_kind[TRACE_FAULT_KIND_COUNT];
extern uint64_t fake_process_faults[TRACE_FAULT_KIND_COUNT];

/* Turns tracing on and clears every count. */
void fake_trace_start(void);
/* Turns tracing off. */
void fake_trace_stop(void);

#endif
