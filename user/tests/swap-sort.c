/* Sorting under memory pressure: N children each sort 128 KiB of numbers and
 * write the result to a file; the parent checks every file.  Also sorts a
 * 128 KiB buffer on the stack and shuffles a 128 KiB bss array 10 times.
 *     swap-sort CHILDREN */
#include "stdio.h"
#include "stdlib.h"
#include "syscall.h"
#include "heapsort.h"
#include "test.h"

#define COUNT (128 * 1024 / 4)
static unsigned shuffled[COUNT];

/* Fills A with COUNT pseudo-random numbers from SEED. */
static void
fill(unsigned *a, unsigned seed)
{
    for (int i = 0; i < COUNT; i++) {
        seed = seed * 1103515245u + 12345u;
        a[i] = seed >> 4;
    }
}

static int
is_sorted(const unsigned *a)
{
    for (int i = 1; i < COUNT; i++)
        if (a[i - 1] > a[i])
            return 0;
    return 1;
}

/* Child I: sorts its numbers and writes them to sorted-I. */
static int
sort_child(int i)
{
    unsigned *a = malloc(COUNT * sizeof *a);
    char name[32];
    fill(a, 1000 + i);
    heap_sort(a, COUNT);
    snprintf(name, sizeof name, "sorted-%d", i);
    if (!create(name, 0))
        return 2;
    int fd = open(name);
    int n = write(fd, a, COUNT * sizeof *a);
    close(fd);
    return n == COUNT * (int)sizeof *a ? 0 : 3;
}

/* Checks sorted-I: sorted, and the same numbers the child started with
 * (compared by sum). */
static int
check_file(int i)
{
    unsigned *a = malloc(COUNT * sizeof *a), *b = malloc(COUNT * sizeof *b);
    char name[32];
    snprintf(name, sizeof name, "sorted-%d", i);
    int fd = open(name);
    int ok = fd >= 0 && read(fd, a, COUNT * sizeof *a) == COUNT * (int)sizeof *a;
    close(fd);
    fill(b, 1000 + i);
    unsigned long long sa = 0, sb = 0;
    for (int k = 0; k < COUNT; k++)
        sa += a[k], sb += b[k];
    ok = ok && is_sorted(a) && sa == sb;
    free(a);
    free(b);
    return ok;
}

/* Sorts 128 KiB on the stack. */
static int __attribute__((noinline)) stack_sort(void)
{
    unsigned a[COUNT];
    fill(a, 7);
    heap_sort(a, COUNT);
    return is_sorted(a);
}

/* Shuffles the bss array 10 times (Fisher-Yates) and checks it still holds
 * 0..COUNT-1 exactly once. */
static int
shuffle_bss(void)
{
    for (int i = 0; i < COUNT; i++)
        shuffled[i] = i;
    unsigned seed = 99;
    for (int round = 0; round < 10; round++)
        for (int i = COUNT - 1; i > 0; i--) {
            seed = seed * 1103515245u + 12345u;
            int j = (seed >> 8) % (i + 1);
            unsigned t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
    unsigned long long sum = 0;
    for (int i = 0; i < COUNT; i++)
        sum += shuffled[i];
    return sum == (unsigned long long)COUNT * (COUNT - 1) / 2;
}

int
main(int argc, char **argv)
{
    test_name = "swap-sort";
    int n = argc > 1 ? atoi(argv[1]) : 8;
    msg("begin");
    pid_t pids[16];
    for (int i = 0; i < n && i < 16; i++) {
        pids[i] = fork("sorter");
        if (pids[i] == 0)
            exit(sort_child(i));
    }
    int ok = 0;
    for (int i = 0; i < n && i < 16; i++)
        ok += wait(pids[i]) == 0 && check_file(i);
    CHECK(ok == n, "%d children sorted 128 KiB each; every file checked", ok);
    CHECK(stack_sort(), "128 KiB sorted on the stack");
    CHECK(shuffle_bss(), "128 KiB of bss shuffled 10 times, nothing lost");
    msg("end");
    return 0;
}
