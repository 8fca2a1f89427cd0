/* Host tests for lib/bitmap: random operations against a bool-array model on
 * sizes around word boundaries and on a million bits, with ranges and scans
 * that start and end at word boundaries. */
#include "lib/bitmap.h"
#include "lib/random.h"
#include "tests/host/check.h"

/* A bitmap and its model. */
struct pair {
    struct bitmap *b;
    bool *ref;
    size_t size;
};

/* Returns a position in [0, SIZE], often at or next to a word boundary. */
static size_t
pick_pos(struct random_state *rs, size_t size)
{
    size_t pos;

    switch (random_below(rs, 4)) {
    case 0:
        pos = (size_t)random_below(rs, size / 64 + 1) * 64 + (size_t)random_below(rs, 3);
        pos = pos > 0 ? pos - 1 : 0;
        return pos > size ? size : pos;
    case 1:
        return random_below(rs, 2) ? 0 : size;
    default:
        return (size_t)random_below(rs, size + 1);
    }
}

/* Returns a count in [0, ROOM], often small or exactly ROOM. */
static size_t
pick_cnt(struct random_state *rs, size_t room)
{
    switch (random_below(rs, 4)) {
    case 0:
        return room;
    case 1:
        return (size_t)random_below(rs, (room < 140 ? room : 140) + 1);
    default:
        return (size_t)random_below(rs, room + 1);
    }
}

/* The model's answer to bitmap_scan. */
static size_t
ref_scan(const struct pair *p, size_t start, size_t cnt, bool value)
{
    size_t run = 0;

    if (cnt == 0)
        return start;
    for (size_t i = start; i < p->size; i++) {
        run = p->ref[i] == value ? run + 1 : 0;
        if (run == cnt)
            return i + 1 - cnt;
    }
    return BITMAP_NONE;
}

/* The model's answer to bitmap_count. */
static size_t
ref_count(const struct pair *p, size_t start, size_t cnt, bool value)
{
    size_t n = 0;

    for (size_t i = start; i < start + cnt; i++)
        n += p->ref[i] == value;
    return n;
}

/* Checks every bit of P's bitmap against the model. */
static void
check_all_bits(const struct pair *p)
{
    CHECK_EQ_INT(bitmap_size(p->b), p->size);
    for (size_t i = 0; i < p->size; i++)
        CHECK_MSG(bitmap_test(p->b, i) == p->ref[i], "bit %zu of %zu", i, p->size);
}

/* Sets bits START .. START + CNT - 1 to VALUE in bitmap and model. */
static void
do_set_range(struct pair *p, size_t start, size_t cnt, bool value)
{
    bitmap_set_range(p->b, start, cnt, value);
    for (size_t i = start; i < start + cnt; i++)
        p->ref[i] = value;
}

/* One random single-bit operation. */
static void
op_single(struct random_state *rs, struct pair *p)
{
    size_t i;

    if (p->size == 0)
        return;
    i = pick_pos(rs, p->size - 1);
    switch (random_below(rs, 4)) {
    case 0:
        bitmap_set(p->b, i);
        p->ref[i] = true;
        break;
    case 1:
        bitmap_reset(p->b, i);
        p->ref[i] = false;
        break;
    case 2:
        bitmap_flip(p->b, i);
        p->ref[i] = !p->ref[i];
        break;
    default:
        break;
    }
    CHECK(bitmap_test(p->b, i) == p->ref[i]);
}

/* One random range query or update. */
static void
op_range(struct random_state *rs, struct pair *p)
{
    size_t start = pick_pos(rs, p->size);
    size_t cnt = pick_cnt(rs, p->size - start);
    bool value = random_below(rs, 2);
    size_t ones = ref_count(p, start, cnt, true);

    CHECK_EQ_INT(bitmap_count(p->b, start, cnt, true), ones);
    CHECK_EQ_INT(bitmap_count(p->b, start, cnt, false), cnt - ones);
    CHECK(bitmap_all(p->b, start, cnt) == (ones == cnt));
    CHECK(bitmap_any(p->b, start, cnt) == (ones != 0));
    CHECK(bitmap_none(p->b, start, cnt) == (ones == 0));
    if (random_below(rs, 2))
        do_set_range(p, start, cnt, value);
}

/* One random scan, sometimes with flip. */
static void
op_scan(struct random_state *rs, struct pair *p)
{
    size_t start = pick_pos(rs, p->size);
    size_t cnt =
        random_below(rs, 3) ? (size_t)random_below(rs, 70) : pick_cnt(rs, p->size);
    bool value = random_below(rs, 2);
    size_t want = ref_scan(p, start, cnt, value), got;

    if (random_below(rs, 2)) {
        got = bitmap_scan(p->b, start, cnt, value);
    } else {
        got = bitmap_scan_and_flip(p->b, start, cnt, value);
        if (got != BITMAP_NONE && cnt > 0)
            for (size_t i = got; i < got + cnt; i++)
                p->ref[i] = !value;
    }
    CHECK_MSG(got == want, "scan(%zu, %zu, %d) of %zu bits: %zu, want %zu", start, cnt,
              value, p->size, got, want);
}

/* Runs OPS random operations on a fresh bitmap of SIZE bits (from caller
 * storage if STORAGE, else from bitmap_create). */
static void
run_random(struct random_state *rs, size_t size, int ops, bool storage)
{
    struct pair p = {NULL, calloc(size + 1, sizeof(bool)), size};
    void *mem = NULL;

    if (storage) {
        mem = malloc(bitmap_storage_size(size));
        memset(mem, 0xa5, bitmap_storage_size(size));
        p.b = bitmap_init(mem, size);
        CHECK(p.b == mem);
    } else {
        p.b = bitmap_create(size);
        CHECK(p.b != NULL);
    }
    check_all_bits(&p);
    for (int step = 0; step < ops; step++) {
        int op = (int)random_below(rs, 10);
        if (op < 4)
            op_single(rs, &p);
        else if (op < 7)
            op_range(rs, &p);
        else
            op_scan(rs, &p);
    }
    check_all_bits(&p);
    if (storage)
        free(mem);
    else
        bitmap_destroy(p.b);
    free(p.ref);
}

/* Storage sizes and the edges of tiny bitmaps. */
static void
test_edges(void)
{
    static uint64_t storage[8];
    struct bitmap *b;

    CHECK(bitmap_storage_size(0) == bitmap_storage_size(0));
    CHECK_EQ_INT(bitmap_storage_size(64) - bitmap_storage_size(0), 8);
    CHECK_EQ_INT(bitmap_storage_size(65) - bitmap_storage_size(0), 16);
    CHECK_EQ_INT(bitmap_storage_size(1) - bitmap_storage_size(0), 8);

    b = bitmap_init(storage, 0);
    CHECK_EQ_INT(bitmap_size(b), 0);
    CHECK_EQ_INT(bitmap_scan(b, 0, 0, true), 0);
    CHECK(bitmap_scan(b, 0, 1, false) == BITMAP_NONE);
    CHECK(bitmap_all(b, 0, 0) && bitmap_none(b, 0, 0) && !bitmap_any(b, 0, 0));
    CHECK_EQ_INT(bitmap_count(b, 0, 0, true), 0);

    b = bitmap_init(storage, 64);
    CHECK_EQ_INT(bitmap_scan_and_flip(b, 0, 64, false), 0);
    CHECK(bitmap_all(b, 0, 64));
    CHECK(bitmap_scan(b, 0, 1, false) == BITMAP_NONE);
    CHECK(bitmap_test_and_reset(b, 63) && !bitmap_test_and_reset(b, 63));
    CHECK(bitmap_test(b, 62) && bitmap_test_and_reset(b, 62) && !bitmap_test(b, 62));
    bitmap_set(b, 62);
    CHECK_EQ_INT(bitmap_scan(b, 0, 1, false), 63);
    CHECK_EQ_INT(bitmap_scan(b, 63, 1, false), 63);
    CHECK(bitmap_scan(b, 64, 1, false) == BITMAP_NONE);
    CHECK(bitmap_scan(b, 0, 2, false) == BITMAP_NONE);

    b = bitmap_init(storage, 130);
    bitmap_set_range(b, 60, 10, true);
    CHECK_EQ_INT(bitmap_scan(b, 0, 10, true), 60);
    CHECK_EQ_INT(bitmap_scan(b, 61, 8, true), 61);
    CHECK(bitmap_scan(b, 61, 10, true) == BITMAP_NONE);
    CHECK_EQ_INT(bitmap_scan(b, 0, 60, false), 0);
    CHECK_EQ_INT(bitmap_scan(b, 1, 60, false), 70);
    CHECK_EQ_INT(bitmap_count(b, 0, 130, true), 10);
    CHECK_EQ_INT(bitmap_scan(b, 130, 0, true), 130);
}

/* A million bits, all set but a run at the very end: scans skip whole words. */
static void
test_big_scan(void)
{
    size_t size = 1000003;
    struct bitmap *b = bitmap_create(size);

    bitmap_set_range(b, 0, size, true);
    bitmap_set_range(b, size - 5, 3, false);
    for (int i = 0; i < 2000; i++) {
        CHECK_EQ_INT(bitmap_scan(b, 0, 1, false), size - 5);
        CHECK_EQ_INT(bitmap_scan(b, 0, 3, false), size - 5);
        CHECK(bitmap_scan(b, 0, 4, false) == BITMAP_NONE);
    }
    CHECK_EQ_INT(bitmap_count(b, 0, size, true), size - 3);
    CHECK_EQ_INT(bitmap_scan_and_flip(b, 0, 3, false), size - 5);
    CHECK(bitmap_all(b, 0, size));
    bitmap_destroy(b);
}

int
main(void)
{
    static const size_t sizes[] = {0, 1, 2, 63, 64, 65, 127, 128, 129, 200, 1000, 4096};
    struct random_state rs;

    random_seed(&rs, 7);
    test_edges();
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        run_random(&rs, sizes[i], 20000, false);
        run_random(&rs, sizes[i], 5000, true);
    }
    for (int i = 0; i < 200; i++)
        run_random(&rs, (size_t)random_below(&rs, 300), 500, i % 2);
    run_random(&rs, 1000003, 600, true);
    test_big_scan();
    return check_done("test_bitmap");
}
