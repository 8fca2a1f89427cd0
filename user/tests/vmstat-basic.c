/* vmstat-basic: the vmstat extension (docs/abi.md, section 7) copies
 * min(size, the kernel's size) bytes, returns that count and puts it in the
 * size field when it fits; a size of 0 copies nothing. */
#include <stdint.h>

#include "string.h"
#include "syscall.h"
#include "test.h"
#include "vmstat.h"

/* Asks for no, a part of, and all of the counters. */
void
test_main(void)
{
    uint64_t v[64];
    int n;

    memset(v, 0xff, sizeof v);
    CHECK(vmstat((struct vmstat *)v, 0) == 0 && v[0] == UINT64_MAX,
          "vmstat(out, 0) returns 0 and copies nothing");
    CHECK(vmstat((struct vmstat *)v, 8) == 8 && v[0] == 8 && v[1] == UINT64_MAX,
          "vmstat(out, 8) copies just the size field, 8");
    n = vmstat((struct vmstat *)v, sizeof v);
    CHECK(n >= (int)(9 * sizeof(uint64_t)) && n < (int)sizeof v && (uint64_t)n == v[0],
          "vmstat(out, %u) copies the whole struct and says its size",
          (unsigned)sizeof v);
    CHECK(v[n / 8] == UINT64_MAX, "and nothing after it");
    CHECK(v[2] > 0 && v[7] > 0 && v[8] > 0 && v[8] <= v[7],
          "frames in total, pages and resident pages make sense");
}
