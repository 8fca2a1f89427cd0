/* Host tests for lib/random: determinism, the splitmix64 reference values,
 * random_below bounds and rough uniformity, and shuffles being permutations. */
#include "lib/random.h"
#include "tests/host/check.h"

/* The same seed gives the same sequence; different seeds differ. */
static void
test_determinism(void)
{
    struct random_state a, b, c;

    random_seed(&a, 99);
    random_seed(&b, 99);
    random_seed(&c, 100);
    for (int i = 0; i < 1000; i++) {
        uint64_t x = random_u64(&a);
        CHECK_EQ_U64(x, random_u64(&b));
        CHECK(x != random_u64(&c));
    }
    /* splitmix64 from seed 0, as published with the algorithm */
    random_seed(&a, 0);
    CHECK_EQ_U64(random_u64(&a), 0xe220a8397b1dcdafULL);
    CHECK_EQ_U64(random_u64(&a), 0x6e789e6aa1b965f4ULL);
    CHECK_EQ_U64(random_u64(&a), 0x06c45d188009454fULL);
}

/* random_below stays below its bound and hits every value of a small range
 * about equally often. */
static void
test_below(void)
{
    static const uint64_t bounds[] = {1,          2,
                                      3,          7,
                                      10,         1000,
                                      1001,       (1ULL << 32) + 1,
                                      3ULL << 62, (1ULL << 63) + 1,
                                      UINT64_MAX};
    struct random_state st;
    int hist[10] = {0};

    random_seed(&st, 1);
    for (size_t b = 0; b < sizeof bounds / sizeof bounds[0]; b++) {
        for (int i = 0; i < 10000; i++)
            CHECK(random_below(&st, bounds[b]) < bounds[b]);
    }
    for (uint64_t n = 1; n < 70; n++) {
        uint64_t lo = UINT64_MAX, hi = 0;
        for (int i = 0; i < 2000; i++) {
            uint64_t r = random_below(&st, n);
            lo = r < lo ? r : lo;
            hi = r > hi ? r : hi;
        }
        CHECK_MSG(lo == 0 && hi == n - 1, "below %llu: saw %llu..%llu",
                  (unsigned long long)n, (unsigned long long)lo, (unsigned long long)hi);
    }
    for (int i = 0; i < 100000; i++)
        hist[random_below(&st, 10)]++;
    for (int v = 0; v < 10; v++)
        CHECK_MSG(hist[v] > 9000 && hist[v] < 11000, "value %d drawn %d times", v,
                  hist[v]);
}

/* A shuffle keeps every element exactly once and works for odd sizes. */
static void
test_shuffle(void)
{
    struct random_state st;
    int a[1000];
    char bytes[3][5] = {"abcd", "efgh", "ijkl"};
    int seen[1000], moved = 0;

    random_seed(&st, 5);
    for (int i = 0; i < 1000; i++)
        a[i] = i;
    random_shuffle(&st, a, 1000, sizeof a[0]);
    memset(seen, 0, sizeof seen);
    for (int i = 0; i < 1000; i++) {
        CHECK(a[i] >= 0 && a[i] < 1000);
        seen[a[i]]++;
        moved += a[i] != i;
    }
    for (int i = 0; i < 1000; i++)
        CHECK_EQ_INT(seen[i], 1);
    CHECK(moved > 900);

    random_shuffle(&st, bytes, 3, sizeof bytes[0]);
    CHECK(strcmp(bytes[0], bytes[1]) != 0 && strcmp(bytes[1], bytes[2]) != 0);
    for (int i = 0; i < 3; i++)
        CHECK(strcmp(bytes[i], "abcd") == 0 || strcmp(bytes[i], "efgh") == 0 ||
              strcmp(bytes[i], "ijkl") == 0);
    random_shuffle(&st, a, 0, sizeof a[0]);
    random_shuffle(&st, a, 1, sizeof a[0]);
}

/* Every one of the 6 orders of 3 elements comes up. */
static void
test_shuffle_orders(void)
{
    struct random_state st;
    int counts[6] = {0};

    random_seed(&st, 11);
    for (int i = 0; i < 6000; i++) {
        int v[3] = {0, 1, 2};
        random_shuffle(&st, v, 3, sizeof v[0]);
        counts[v[0] * 2 + (v[1] > v[2])]++;
    }
    for (int i = 0; i < 6; i++)
        CHECK_MSG(counts[i] > 800 && counts[i] < 1200, "order %d came %d times", i,
                  counts[i]);
}

int
main(void)
{
    test_determinism();
    test_below();
    test_shuffle();
    test_shuffle_orders();
    return check_done("test_random");
}
