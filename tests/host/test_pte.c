/* Host tests for arch/x86_64/pte.h: entries keep NX (bit 63) and the other
 * high bits through every update, table indexes at every level, canonical
 * addresses and page rounding. */
#include "arch/x86_64/pte.h"
#include "lib/random.h"
#include "tests/host/check.h"

#define HIGH_BITS (PTE_NX | (UINT64_C(0x7f) << 52)) /* bits 52..58 and 63 */

/* Make, read back, set, clear and re-point entries with NX and high bits. */
static void
test_entries(void)
{
    uint64_t pa = UINT64_C(0x000ffffffffff000);
    uint64_t flags = PTE_P | PTE_W | PTE_U | PTE_NX | PTE_AVL1;
    uint64_t e = pte_make(pa, flags);

    CHECK_EQ_U64(pte_addr(e), pa);
    CHECK_EQ_U64(pte_flags(e), flags);
    CHECK(pte_is_present(e));
    CHECK(e & PTE_NX);

    e = pte_set(e, PTE_D | PTE_A);
    CHECK_EQ_U64(pte_flags(e), flags | PTE_D | PTE_A);
    CHECK_EQ_U64(pte_addr(e), pa);
    e = pte_clear(e, PTE_W);
    CHECK_EQ_U64(pte_flags(e), (flags | PTE_D | PTE_A) & ~PTE_W);
    CHECK(e & PTE_NX);
    e = pte_clear(e, PTE_P);
    CHECK(!pte_is_present(e));
    CHECK(e & PTE_NX);
    e = pte_with_addr(e, 0x1234000);
    CHECK_EQ_U64(pte_addr(e), 0x1234000);
    CHECK_EQ_U64(pte_flags(e), (flags | PTE_D | PTE_A) & ~(PTE_W | PTE_P));
    e = pte_clear(e, PTE_NX);
    CHECK(!(e & PTE_NX));
    CHECK_EQ_U64(pte_addr(e), 0x1234000);

    /* flags cannot leak into the address and vice versa */
    CHECK_EQ_U64(pte_make(0x1234fff, 0), 0x1234000);
    CHECK_EQ_U64(pte_make(0, PTE_ADDR_MASK), 0);
    CHECK_EQ_U64(pte_set(0, PTE_ADDR_MASK), 0);
    CHECK_EQ_U64(pte_clear(pte_make(0x5000, PTE_P), PTE_ADDR_MASK),
                 pte_make(0x5000, PTE_P));
    CHECK_EQ_U64(pte_make(UINT64_MAX, 0), PTE_ADDR_MASK);
    CHECK_EQ_U64(pte_make(0, UINT64_MAX), PTE_FLAGS_MASK);
}

/* Random entries: every update changes exactly the bits it should. */
static void
test_random_updates(void)
{
    struct random_state st;

    random_seed(&st, 3);
    for (int i = 0; i < 100000; i++) {
        uint64_t e = random_u64(&st) | (random_below(&st, 2) ? HIGH_BITS : 0);
        uint64_t f = random_u64(&st) & PTE_FLAGS_MASK;
        uint64_t pa = random_u64(&st);

        CHECK_EQ_U64(pte_make(pte_addr(e), pte_flags(e)), e);
        CHECK_EQ_U64(pte_set(e, f), e | f);
        CHECK_EQ_U64(pte_clear(e, f), e & ~f);
        CHECK_EQ_U64(pte_flags(pte_with_addr(e, pa)), pte_flags(e));
        CHECK_EQ_U64(pte_addr(pte_with_addr(e, pa)), pa & PTE_ADDR_MASK);
        CHECK_EQ_U64(pte_set(e, f) & HIGH_BITS, (e | f) & HIGH_BITS);
        CHECK_EQ_U64(pte_addr(pte_set(e, f)), pte_addr(e));
        CHECK_EQ_U64(pte_addr(pte_clear(e, f)), pte_addr(e));
        CHECK_EQ_U64(pte_with_addr(e, pa) & HIGH_BITS, e & HIGH_BITS);
    }
}

/* Indexes of known addresses at all four levels (3 = PML4 .. 0 = PT). */
static void
test_indexes(void)
{
    static const struct {
        uint64_t va;
        unsigned idx[4]; /* PT, PD, PDPT, PML4 */
    } cases[] = {
        {0x0, {0, 0, 0, 0}},
        {0x1000, {1, 0, 0, 0}},
        {0x200000, {0, 1, 0, 0}},
        {0x40000000, {0, 0, 1, 0}},
        {0x8000000000, {0, 0, 0, 1}},
        {0x8004000000, {0, 32, 0, 1}},
        {0x400000, {0, 2, 0, 0}},
        {0x00007fffffffffff, {511, 511, 511, 255}},
        {0xffff800000000000, {0, 0, 0, 256}},
        {0xffffffff80000000, {0, 0, 510, 511}},
        {0xffffffff80100000, {256, 0, 510, 511}},
        {0xffffffffffffffff, {511, 511, 511, 511}},
        {0x123456789abc, {0x189, 0xb3, 0xd1, 0x24}},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int level = 0; level < 4; level++)
            CHECK_MSG(pt_index(cases[i].va, level) == cases[i].idx[level],
                      "va %#llx level %d: %u, want %u", (unsigned long long)cases[i].va,
                      level, pt_index(cases[i].va, level), cases[i].idx[level]);
    }
}

/* Canonical addresses: bits 63..47 all equal. */
static void
test_canonical(void)
{
    CHECK(va_is_canonical(0));
    CHECK(va_is_canonical(0x00007fffffffffff));
    CHECK(!va_is_canonical(0x0000800000000000));
    CHECK(!va_is_canonical(0x7fffffffffffffff));
    CHECK(!va_is_canonical(0xffff7fffffffffff));
    CHECK(va_is_canonical(0xffff800000000000));
    CHECK(va_is_canonical(0xffffffff80100000));
    CHECK(va_is_canonical(0xffffffffffffffff));
    CHECK(!va_is_canonical(0x8000000000000000));
    CHECK(!va_is_canonical(0x0001000000000000));
}

/* Rounding to page boundaries. */
static void
test_rounding(void)
{
    CHECK_EQ_U64(page_round_down(0), 0);
    CHECK_EQ_U64(page_round_up(0), 0);
    CHECK_EQ_U64(page_round_down(0xfff), 0);
    CHECK_EQ_U64(page_round_up(1), 0x1000);
    CHECK_EQ_U64(page_round_up(0x1000), 0x1000);
    CHECK_EQ_U64(page_round_up(0x1001), 0x2000);
    CHECK_EQ_U64(page_round_down(0x1fff), 0x1000);
    CHECK_EQ_U64(page_round_down(0xffffffff80100fff), 0xffffffff80100000);
    CHECK_EQ_U64(page_round_up(0xffffffff80100001), 0xffffffff80101000);
    CHECK_EQ_U64(page_round_down(UINT64_MAX), 0xfffffffffffff000);
    CHECK_EQ_U64(PAGE_SIZE, 4096);
}

int
main(void)
{
    test_entries();
    test_random_updates();
    test_indexes();
    test_canonical();
    test_rounding();
    return check_done("test_pte");
}
