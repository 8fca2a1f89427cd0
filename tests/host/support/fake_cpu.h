/* A user-mode CPU for the VM host tests: it accesses memory through the fake
 * pmap and, on a page fault, does what userprog/exception.c does (asks the
 * VM, then retries the access once).  Byte copies go through the frames, so
 * a test reads and writes user memory exactly as a program would. */
#ifndef TESTS_HOST_SUPPORT_FAKE_CPU_H
#define TESTS_HOST_SUPPORT_FAKE_CPU_H

#include <stddef.h>
#include <stdint.h>

#include "vm/vm.h"

enum fake_cpu_result {
    FAKE_CPU_OK,      /* the access went through (perhaps after one fault) */
    FAKE_CPU_KILLED,  /* the VM refused the fault: the process dies with -1 */
    FAKE_CPU_REFAULT, /* the VM said "handled" but the retry faulted again:
                         a real CPU would fault forever */
};

/* Name of R, for messages ("ok", "killed", "refault"). */
const char *fake_cpu_result_name(enum fake_cpu_result r);

/* One user-mode ACCESS at ADDR in SPACE with user stack pointer RSP: touch;
 * on a page fault call vm_handle_fault; if it handled the fault, touch once
 * more.  A general-protection fault (non-canonical address) kills without
 * asking the VM.  Counts every fault taken in *FAULTS if FAULTS is not NULL. */
enum fake_cpu_result fake_cpu_access(struct vm_space *space, uint64_t addr,
                                     enum vm_access access, uint64_t rsp,
                                     unsigned *faults);

/* Copies N bytes from BUF to user address ADDR (a program's stores), page by
 * page; stops at the first page that does not end FAKE_CPU_OK and returns
 * its result. */
enum fake_cpu_result fake_cpu_write(struct vm_space *space, uint64_t addr,
                                    const void *buf, size_t n, uint64_t rsp);
/* Copies N bytes at user address ADDR into BUF (a program's loads). */
enum fake_cpu_result fake_cpu_read(struct vm_space *space, uint64_t addr, void *buf,
                                   size_t n, uint64_t rsp);

#endif
