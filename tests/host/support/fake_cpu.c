/* The fake user-mode CPU (see fake_cpu.h). */
#include "tests/host/support/fake_cpu.h"

#include <string.h>

#include "tests/host/support/fake_pmap.h"

const char *
fake_cpu_result_name(enum fake_cpu_result r)
{
    static const char *const names[] = {"ok", "killed", "refault"};
    return r <= FAKE_CPU_REFAULT ? names[r] : "?";
}

enum fake_cpu_result
fake_cpu_access(struct vm_space *space, uint64_t addr, enum vm_access access,
                uint64_t rsp, unsigned *faults)
{
    enum fake_touch t = fake_touch(space->pmap, addr, access);
    if (t == FAKE_TOUCH_OK)
        return FAKE_CPU_OK;
    if (faults != NULL)
        (*faults)++;
    if (t == FAKE_TOUCH_GP)
        return FAKE_CPU_KILLED;
    bool present = t == FAKE_TOUCH_PROTECTION;
    if (vm_handle_fault(space, addr, access, present, rsp) != VM_FAULT_HANDLED)
        return FAKE_CPU_KILLED;
    if (fake_touch(space->pmap, addr, access) == FAKE_TOUCH_OK)
        return FAKE_CPU_OK;
    if (faults != NULL)
        (*faults)++;
    return FAKE_CPU_REFAULT;
}

/* Bytes from ADDR to the end of its page, at most N. */
static size_t
page_span(uint64_t addr, size_t n)
{
    size_t left = VM_PAGE_SIZE - (addr & (VM_PAGE_SIZE - 1));
    return n < left ? n : left;
}

/* Copies N bytes between user ADDR and BUF, in the direction ACCESS says
 * (VM_WRITE: into user memory), one page at a time. */
static enum fake_cpu_result
cpu_copy(struct vm_space *space, uint64_t addr, void *buf, size_t n, uint64_t rsp,
         enum vm_access access)
{
    char *p = buf;
    while (n > 0) {
        size_t len = page_span(addr, n);
        enum fake_cpu_result r = fake_cpu_access(space, addr, access, rsp, NULL);
        if (r != FAKE_CPU_OK)
            return r;
        char *user = fake_pmap_kva(space->pmap, addr);
        if (access == VM_WRITE)
            memcpy(user, p, len);
        else
            memcpy(p, user, len);
        addr += len;
        p += len;
        n -= len;
    }
    return FAKE_CPU_OK;
}

enum fake_cpu_result
fake_cpu_write(struct vm_space *space, uint64_t addr, const void *buf, size_t n,
               uint64_t rsp)
{
    return cpu_copy(space, addr, (void *)buf, n, rsp, VM_WRITE);
}

enum fake_cpu_result
fake_cpu_read(struct vm_space *space, uint64_t addr, void *buf, size_t n, uint64_t rsp)
{
    return cpu_copy(space, addr, buf, n, rsp, VM_READ);
}
