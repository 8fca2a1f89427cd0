/* Page-reference strings and the harness's replacement policies (see
 * refstring.h). */
#include "tests/host/support/refstring.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/debug.h"
#include "lib/random.h"

#define NONE           UINT32_MAX
#define RECORD_SIZE    64 /* sorts move 64-byte records, by a 32-bit key */
#define ELEMS_PER_PAGE (4096 / RECORD_SIZE)

void
refs_free(struct refstring *r)
{
    free(r->ref);
    r->ref = NULL;
    r->len = r->cap = 0;
}

void
refs_push(struct refstring *r, uint32_t p)
{
    if (r->len == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 1024;
        r->ref = realloc(r->ref, r->cap * sizeof *r->ref);
        if (r->ref == NULL)
            panic("refstring: out of host memory");
    }
    r->ref[r->len++] = p;
}

void
refs_finish(struct refstring *r)
{
    uint32_t max = 0;
    for (size_t i = 0; i < r->len; i++)
        if (r->ref[i] > max)
            max = r->ref[i];
    size_t n = r->len ? (size_t)max + 1 : 0;
    uint32_t *id = malloc((n ? n : 1) * sizeof *id);
    if (id == NULL)
        panic("refstring: out of host memory");
    for (size_t p = 0; p < n; p++)
        id[p] = NONE;
    size_t distinct = 0;
    for (size_t i = 0; i < r->len; i++) { /* renumber by first appearance */
        if (id[r->ref[i]] == NONE)
            id[r->ref[i]] = (uint32_t)distinct++;
        r->ref[i] = id[r->ref[i]];
    }
    free(id);
    r->distinct = distinct;
}

/* An empty string named by the printf-style FMT. */
static struct refstring __attribute__((format(printf, 1, 2)))
refs_new(const char *fmt, ...)
{
    struct refstring r = {0};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r.name, sizeof r.name, fmt, ap);
    va_end(ap);
    return r;
}

struct refstring
refs_loop(size_t pages, size_t reps)
{
    struct refstring r = refs_new("loop");
    for (size_t k = 0; k < reps; k++)
        for (size_t p = 0; p < pages; p++)
            refs_push(&r, (uint32_t)p);
    refs_finish(&r);
    return r;
}

struct refstring
refs_hot_scan(size_t hot, size_t scan, size_t per_cold, size_t warm)
{
    struct refstring r = refs_new(per_cold ? "hot set + scan" : "hot set, idle scan");
    for (size_t k = 0; k < warm; k++)
        for (size_t p = 0; p < hot; p++)
            refs_push(&r, (uint32_t)p);
    r.mark_begin = r.len;
    size_t next_hot = 0;
    for (size_t c = 0; c < scan; c++) {
        refs_push(&r, (uint32_t)(hot + c));
        for (size_t k = 0; k < per_cold; k++) {
            refs_push(&r, (uint32_t)next_hot);
            next_hot = (next_hot + 1) % hot;
        }
    }
    for (size_t k = 0; k < warm; k++)
        for (size_t p = 0; p < hot; p++)
            refs_push(&r, (uint32_t)p);
    r.mark_end = r.len; /* the scan and what follows: does the hot set survive? */
    r.hot_pages = hot;
    refs_finish(&r);
    return r;
}

struct refstring
refs_random(size_t pages, size_t len, uint64_t seed)
{
    struct refstring r = refs_new("uniform random");
    struct random_state st;
    random_seed(&st, seed);
    for (size_t i = 0; i < len; i++)
        refs_push(&r, (uint32_t)random_below(&st, pages));
    refs_finish(&r);
    return r;
}

struct refstring
refs_zipf(size_t pages, size_t len, uint64_t seed)
{
    struct refstring r = refs_new("Zipf (s=1)");
    double *cdf = malloc(pages * sizeof *cdf);
    if (cdf == NULL)
        panic("refstring: out of host memory");
    double sum = 0;
    for (size_t i = 0; i < pages; i++)
        cdf[i] = sum += 1.0 / (double)(i + 1);
    struct random_state st;
    random_seed(&st, seed);
    for (size_t k = 0; k < len; k++) {
        double u = (double)(random_u64(&st) >> 11) / 9007199254740992.0 * sum;
        size_t lo = 0, hi = pages - 1;
        while (lo < hi) { /* the first page whose cdf exceeds u */
            size_t mid = lo + (hi - lo) / 2;
            if (cdf[mid] <= u)
                lo = mid + 1;
            else
                hi = mid;
        }
        refs_push(&r, (uint32_t)lo);
    }
    free(cdf);
    refs_finish(&r);
    return r;
}

struct refstring
refs_phases(size_t pages, size_t window, size_t phases, size_t len_each, uint64_t seed)
{
    struct refstring r = refs_new("working-set phases");
    struct random_state st;
    random_seed(&st, seed);
    for (size_t ph = 0; ph < phases; ph++) {
        size_t base = (size_t)random_below(&st, pages - window + 1);
        for (size_t k = 0; k < len_each; k++)
            refs_push(&r, (uint32_t)(base + random_below(&st, window)));
    }
    refs_finish(&r);
    return r;
}

/* A sort's view of memory: the array, the reference string it builds, and
 * the last page appended (to collapse repeats). */
struct sort_mem {
    uint32_t *a;
    uint32_t *aux;
    size_t n;
    struct refstring *r;
};

/* Records an access to element I of the array (AUX: of the auxiliary one). */
static void
sort_ref(struct sort_mem *m, size_t i, bool aux)
{
    uint32_t page = (uint32_t)(i / ELEMS_PER_PAGE + (aux ? m->n / ELEMS_PER_PAGE : 0));
    if (m->r->len == 0 || m->r->ref[m->r->len - 1] != page)
        refs_push(m->r, page);
}

static uint32_t
sort_get(struct sort_mem *m, size_t i)
{
    sort_ref(m, i, false);
    return m->a[i];
}

static void
sort_set(struct sort_mem *m, size_t i, uint32_t v)
{
    sort_ref(m, i, false);
    m->a[i] = v;
}

static void
quicksort(struct sort_mem *m, long lo, long hi)
{
    while (lo < hi) {
        uint32_t pivot = sort_get(m, (size_t)(lo + (hi - lo) / 2));
        long i = lo, j = hi;
        while (i <= j) {
            while (sort_get(m, (size_t)i) < pivot)
                i++;
            while (sort_get(m, (size_t)j) > pivot)
                j--;
            if (i <= j) {
                uint32_t t = sort_get(m, (size_t)i);
                sort_set(m, (size_t)i++, sort_get(m, (size_t)j));
                sort_set(m, (size_t)j--, t);
            }
        }
        if (j - lo < hi - i) {
            quicksort(m, lo, j);
            lo = i;
        } else {
            quicksort(m, i, hi);
            hi = j;
        }
    }
}

/* Sorts [LO, HI) of the array, merging through the auxiliary array. */
static void
mergesort(struct sort_mem *m, size_t lo, size_t hi)
{
    if (hi - lo < 2)
        return;
    size_t mid = lo + (hi - lo) / 2;
    mergesort(m, lo, mid);
    mergesort(m, mid, hi);
    for (size_t k = lo; k < hi; k++) {
        uint32_t v = sort_get(m, k);
        sort_ref(m, k, true);
        m->aux[k] = v;
    }
    size_t i = lo, j = mid;
    for (size_t k = lo; k < hi; k++) {
        bool left = j >= hi;
        if (i < mid && j < hi) {
            sort_ref(m, i, true);
            sort_ref(m, j, true);
            left = m->aux[i] <= m->aux[j];
        }
        size_t from = left ? i++ : j++;
        sort_ref(m, from, true);
        sort_set(m, k, m->aux[from]);
    }
}

/* The random keys of the records filling PAGES pages. */
static uint32_t *
random_array(size_t pages, uint64_t seed, size_t *n)
{
    *n = pages * ELEMS_PER_PAGE;
    uint32_t *a = malloc(*n * sizeof *a);
    if (a == NULL)
        panic("refstring: out of host memory");
    struct random_state st;
    random_seed(&st, seed);
    for (size_t i = 0; i < *n; i++)
        a[i] = (uint32_t)random_u64(&st);
    return a;
}

/* Panics unless A (N numbers) is sorted: the sort itself must be right. */
static void
check_sorted(const uint32_t *a, size_t n, const char *name)
{
    for (size_t i = 1; i < n; i++)
        if (a[i - 1] > a[i])
            panic("refstring: %s did not sort", name);
}

struct refstring
refs_quicksort(size_t pages, uint64_t seed)
{
    struct refstring r = refs_new("quicksort");
    struct sort_mem m = {.r = &r};
    m.a = random_array(pages, seed, &m.n);
    quicksort(&m, 0, (long)m.n - 1);
    check_sorted(m.a, m.n, r.name);
    free(m.a);
    refs_finish(&r);
    return r;
}

struct refstring
refs_mergesort(size_t pages, uint64_t seed)
{
    struct refstring r = refs_new("merge sort");
    struct sort_mem m = {.r = &r};
    m.a = random_array(pages, seed, &m.n);
    m.aux = malloc(m.n * sizeof *m.aux);
    if (m.aux == NULL)
        panic("refstring: out of host memory");
    mergesort(&m, 0, m.n);
    check_sorted(m.a, m.n, r.name);
    free(m.a);
    free(m.aux);
    refs_finish(&r);
    return r;
}

/* The slot of each page in memory (NONE if out), for the simulators. */
static uint32_t *
slots_new(const struct refstring *r)
{
    uint32_t *slot = malloc((r->distinct ? r->distinct : 1) * sizeof *slot);
    if (slot == NULL)
        panic("refstring: out of host memory");
    for (size_t p = 0; p < r->distinct; p++)
        slot[p] = NONE;
    return slot;
}

/* The frames of a simulation: which page each holds, and per frame a number
 * the policy uses (next use, last use, use bit). */
struct sim {
    uint32_t *slot; /* [distinct] frame of each page, or NONE */
    uint32_t *page; /* [frames] page in each frame */
    uint64_t *key;  /* [frames] */
    size_t frames, used;
    size_t faults;
};

static struct sim
sim_new(const struct refstring *r, size_t frames)
{
    struct sim s = {.slot = slots_new(r), .frames = frames};
    s.page = malloc(frames * sizeof *s.page);
    s.key = calloc(frames, sizeof *s.key);
    if (s.page == NULL || s.key == NULL || frames == 0)
        panic("refstring: bad simulation");
    return s;
}

static size_t
sim_done(struct sim *s)
{
    free(s->slot);
    free(s->page);
    free(s->key);
    return s->faults;
}

/* Puts page P in frame F (evicting what is there).  Counts the fault. */
static void
sim_load(struct sim *s, size_t f, uint32_t p)
{
    if (f < s->used)
        s->slot[s->page[f]] = NONE;
    else
        s->used++;
    s->page[f] = p;
    s->slot[p] = (uint32_t)f;
    s->faults++;
}

/* The frame with the largest (BIGGEST) or smallest key. */
static size_t
sim_extreme(const struct sim *s, bool biggest)
{
    size_t best = 0;
    for (size_t f = 1; f < s->frames; f++)
        if (biggest ? s->key[f] > s->key[best] : s->key[f] < s->key[best])
            best = f;
    return best;
}

size_t
sim_opt(const struct refstring *r, size_t frames, uint8_t *missed)
{
    /* next[i]: the next reference to the page of reference i (len if none). */
    size_t *next = malloc((r->len ? r->len : 1) * sizeof *next);
    size_t *last = malloc((r->distinct ? r->distinct : 1) * sizeof *last);
    if (next == NULL || last == NULL)
        panic("refstring: out of host memory");
    for (size_t p = 0; p < r->distinct; p++)
        last[p] = r->len;
    for (size_t i = r->len; i-- > 0;) {
        next[i] = last[r->ref[i]];
        last[r->ref[i]] = i;
    }
    struct sim s = sim_new(r, frames);
    for (size_t i = 0; i < r->len; i++) {
        uint32_t p = r->ref[i];
        bool miss = s.slot[p] == NONE;
        if (miss)
            sim_load(&s, s.used < frames ? s.used : sim_extreme(&s, true), p);
        s.key[s.slot[p]] = next[i];
        if (missed)
            missed[i] = miss;
    }
    free(next);
    free(last);
    return sim_done(&s);
}

size_t
sim_lru(const struct refstring *r, size_t frames, uint8_t *missed)
{
    struct sim s = sim_new(r, frames);
    for (size_t i = 0; i < r->len; i++) {
        uint32_t p = r->ref[i];
        bool miss = s.slot[p] == NONE;
        if (miss)
            sim_load(&s, s.used < frames ? s.used : sim_extreme(&s, false), p);
        s.key[s.slot[p]] = i + 1; /* last use */
        if (missed)
            missed[i] = miss;
    }
    return sim_done(&s);
}

size_t
sim_fifo(const struct refstring *r, size_t frames, uint8_t *missed)
{
    struct sim s = sim_new(r, frames);
    size_t oldest = 0;
    for (size_t i = 0; i < r->len; i++) {
        uint32_t p = r->ref[i];
        bool miss = s.slot[p] == NONE;
        if (miss && s.used < frames)
            sim_load(&s, s.used, p);
        else if (miss) {
            sim_load(&s, oldest, p);
            oldest = (oldest + 1) % frames;
        }
        if (missed)
            missed[i] = miss;
    }
    return sim_done(&s);
}

size_t
sim_clock(const struct refstring *r, size_t frames, uint8_t *missed)
{
    struct sim s = sim_new(r, frames);
    size_t hand = 0;
    for (size_t i = 0; i < r->len; i++) {
        uint32_t p = r->ref[i];
        bool miss = s.slot[p] == NONE;
        if (miss && s.used < frames)
            sim_load(&s, s.used, p);
        else if (miss) {
            while (s.key[hand]) { /* used: clear, pass over */
                s.key[hand] = 0;
                hand = (hand + 1) % frames;
            }
            sim_load(&s, hand, p);
            hand = (hand + 1) % frames;
        }
        s.key[s.slot[p]] = 1; /* the access sets the use bit */
        if (missed)
            missed[i] = miss;
    }
    return sim_done(&s);
}

size_t
sim_aging(const struct refstring *r, size_t frames, unsigned bits, uint8_t *missed)
{
    struct sim s = sim_new(r, frames);
    uint8_t *age = calloc(frames, 1);
    if (age == NULL)
        panic("refstring: out of memory");
    size_t hand = 0;
    for (size_t i = 0; i < r->len; i++) {
        uint32_t p = r->ref[i];
        bool miss = s.slot[p] == NONE;
        if (miss && s.used < frames)
            sim_load(&s, s.used, p);
        else if (miss) {
            size_t f;
            do {
                f = hand;
                hand = (hand + 1) % frames;
                age[f] = (uint8_t)((age[f] >> 1) | (s.key[f] ? 1u << (bits - 1) : 0));
                s.key[f] = 0;
            } while (age[f] != 0);
            sim_load(&s, f, p);
        }
        s.key[s.slot[p]] = 1; /* the access sets the use bit */
        if (missed)
            missed[i] = miss;
    }
    free(age);
    return sim_done(&s);
}

size_t
sim_random(const struct refstring *r, size_t frames, uint64_t seed, uint8_t *missed)
{
    struct sim s = sim_new(r, frames);
    struct random_state rng;
    random_seed(&rng, seed);
    size_t hand = 0;
    for (size_t i = 0; i < r->len; i++) {
        uint32_t p = r->ref[i];
        bool miss = s.slot[p] == NONE;
        if (miss && s.used < frames)
            sim_load(&s, s.used, p);
        else if (miss) {
            hand = (hand + random_below(&rng, frames)) % frames;
            sim_load(&s, hand, p);
            hand = (hand + 1) % frames;
        }
        if (missed)
            missed[i] = miss;
    }
    return sim_done(&s);
}
