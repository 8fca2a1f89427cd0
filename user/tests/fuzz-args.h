/* Hostile arguments for the system-call fuzzer (sc-fuzz.c): pointers that are
 * null, kernel, non-canonical, read-only, unmapped or at the edge of mapped
 * memory; strings that run into an unmapped page or past a page; odd
 * descriptors, sizes and offsets.  Everything is drawn from one PRNG state,
 * so a seed always gives the same arguments. */
#ifndef USER_TESTS_FUZZ_ARGS_H
#define USER_TESTS_FUZZ_ARGS_H

#include <stdint.h>

#include "lib/random.h"
#include "string.h"

#define FUZZ_SCRATCH (64 * 1024) /* writable bytes the fuzzer may trash */
#define FUZZ_PAGE    4096

/* Memory the arguments point into; set up once by fuzz_args_init. */
struct fuzz_mem {
    char *scratch;       /* FUZZ_SCRATCH writable bytes */
    char *edge;          /* the last byte of mapped heap; the next page is unmapped */
    char *long_string;   /* a NUL-terminated string longer than a page */
    const char *code;    /* read-only, executable */
    int reserved_fd;     /* never closed, replaced or written by a fuzzed call */
    uint64_t bad_one_in; /* about one pointer or string in this many is bad */
};

/* A number below N. */
static inline uint64_t
fz_below(struct random_state *r, uint64_t n)
{
    return random_below(r, n);
}

/* One of the pointers a program should never pass, or a good one. */
static inline uint64_t
fz_pointer(struct random_state *r, const struct fuzz_mem *m)
{
    static const uint64_t bad[] = {
        0,
        1,
        0xfff,
        0x20101234,         /* between heap and stack */
        0x8004000000 - 1,   /* the last user byte (unmapped) */
        0x8004000000,       /* KERN_BASE */
        0x0000800000000000, /* non-canonical */
        0xffff800000000000, /* the direct map */
        0xffffffff80100000, /* the kernel image */
        0xffffffffffffffff,
        0x47480000,     /* USER_STACK: just above the stack */
        0x47380000 - 8, /* below the stack limit */
    };
    if (fz_below(r, m->bad_one_in) != 0)
        return (uint64_t)(uintptr_t)m->scratch + fz_below(r, FUZZ_SCRATCH);
    switch (fz_below(r, 5)) {
    case 0:
        return bad[fz_below(r, sizeof bad / sizeof bad[0])];
    case 1:
        return (uint64_t)(uintptr_t)m->code + fz_below(r, 256);
    case 2:
        return (uint64_t)(uintptr_t)m->edge - fz_below(r, 16);
    case 3:
        return random_u64(r);
    default:
        return (uint64_t)(uintptr_t)m->scratch + fz_below(r, FUZZ_SCRATCH);
    }
}

/* A path or command-line string: good names, junk, or bad memory. */
static inline uint64_t
fz_string(struct random_state *r, const struct fuzz_mem *m)
{
    static const char *const names[] = {
        "fz-a",
        "fz-b",
        "fz-dir",
        "fz-dir/fz-c",
        "fz-link",
        "/",
        ".",
        "..",
        "",
        "sc-fuzz x",
        "sc-fuzz x 1 2 3",
        "fz-nope",
        "fz-a arg",
        "/fz-dir/../fz-b",
        "fz-dir/",
        "//fz-a",
        "sc-fuzz",
    };
    uint64_t pick = fz_below(r, 4 * m->bad_one_in);
    if (pick >= 4)
        return (uint64_t)(uintptr_t)names[fz_below(r, sizeof names / sizeof names[0])];
    if (pick == 0) {
        /* a string without its NUL before the unmapped page */
        uint64_t n = 1 + fz_below(r, 8);
        memset(m->edge - n + 1, 'q', n);
        return (uint64_t)(uintptr_t)m->edge - n + 1;
    }
    if (pick == 1)
        return (uint64_t)(uintptr_t)m->long_string + fz_below(r, 64);
    return fz_pointer(r, m);
}

/* A descriptor: the ones that exist, just beyond, negative, huge. */
static inline int
fz_fd(struct random_state *r, const struct fuzz_mem *m)
{
    static const int odd[] = {-1, -2, 0, 1, 127, 128, 1024, 0x7fffffff, (int)0x80000000};
    int fd = fz_below(r, 3) == 0 ? odd[fz_below(r, sizeof odd / sizeof odd[0])]
                                 : (int)fz_below(r, 12);
    return fd == m->reserved_fd ? fd + 1 : fd;
}

/* A size or offset: small, page-sized, just over, huge, negative. */
static inline uint64_t
fz_size(struct random_state *r)
{
    static const uint64_t sizes[] = {
        0,
        1,
        2,
        13,
        511,
        512,
        4095,
        4096,
        4097,
        8192,
        65536,
        1 << 20,
        0x7fffffff,
        0x80000000,
        0xffffffff,
        0xfffffffffffff000,
        0xffffffffffffffff,
    };
    if (fz_below(r, 4) == 0)
        return random_u64(r);
    return sizes[fz_below(r, sizeof sizes / sizeof sizes[0])];
}

#endif
