/* Heap sort for the test programs that sort under memory pressure: no
 * recursion, in place, touching the array all over (a good VM workout). */
#ifndef USER_TESTS_HEAPSORT_H
#define USER_TESTS_HEAPSORT_H

/* Moves A[I] down the heap A[0..N) to its place. */
static inline void
heap_sift(volatile unsigned *a, unsigned n, unsigned i)
{
    for (;;) {
        unsigned big = i, l = 2 * i + 1, r = l + 1;
        if (l < n && a[l] > a[big])
            big = l;
        if (r < n && a[r] > a[big])
            big = r;
        if (big == i)
            return;
        unsigned t = a[i];
        a[i] = a[big];
        a[big] = t;
        i = big;
    }
}

/* Sorts A[0..N) in place, in ascending order. */
static inline void
heap_sort(volatile unsigned *a, unsigned n)
{
    for (unsigned i = n / 2; i-- > 0;)
        heap_sift(a, n, i);
    for (unsigned end = n - 1; end > 0 && n > 0; end--) {
        unsigned t = a[0];
        a[0] = a[end];
        a[end] = t;
        heap_sift(a, end, 0);
    }
}

#endif
