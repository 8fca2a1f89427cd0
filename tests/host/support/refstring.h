/* Page-reference strings for the replacement-quality test
 * (tests/host/test_vm_replacement.c): deterministic generators (loops, a hot
 * set through a scan, uniform random, Zipf-like, shifting working sets, the
 * page accesses of a quicksort and of a merge sort), and the harness's own
 * fault counts for the same string: OPT (Belady), LRU, FIFO, and a model of
 * the second-chance clock that vm/frame.c is meant to be.
 *
 * A string names pages 0 .. distinct - 1, densely, numbered in the order of
 * their first reference (refs_finish renumbers; the policies do not care
 * about numbers, and a hot set referenced first keeps 0 .. hot - 1).  Every
 * simulator starts
 * with no page in memory (so the first touch of each page is a fault, as it
 * is for the VM) and can record, per reference, whether it faulted. */
#ifndef TESTS_HOST_SUPPORT_REFSTRING_H
#define TESTS_HOST_SUPPORT_REFSTRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct refstring {
    char name[48];
    uint32_t *ref; /* [len] page numbers */
    size_t len;
    size_t cap;
    size_t distinct; /* pages 0 .. distinct - 1 all appear */
    /* An optional section of interest, [mark_begin, mark_end) (from the scan
     * of refs_hot_scan to the end), and which pages are "hot": those below
     * hot_pages. */
    size_t mark_begin, mark_end;
    size_t hot_pages;
};

/* Frees the references of R. */
void refs_free(struct refstring *r);
/* Appends a reference to page P to R. */
void refs_push(struct refstring *r, uint32_t p);
/* Renumbers R's pages densely, by first reference, and sets R->distinct. */
void refs_finish(struct refstring *r);

/* PAGES pages touched in order, REPS times over. */
struct refstring refs_loop(size_t pages, size_t reps);
/* A hot set of HOT pages (0 .. HOT - 1) looped over WARM times; then one pass
 * over SCAN cold pages, each followed by PER_COLD references to the hot set
 * (round robin; 0: a pure scan, the hot set idle meanwhile); then the hot
 * set looped over WARM times again.  The marked section runs from the scan
 * to the end. */
struct refstring refs_hot_scan(size_t hot, size_t scan, size_t per_cold, size_t warm);
/* LEN references drawn uniformly from PAGES pages. */
struct refstring refs_random(size_t pages, size_t len, uint64_t seed);
/* LEN references to PAGES pages, page I drawn with weight 1 / (I + 1). */
struct refstring refs_zipf(size_t pages, size_t len, uint64_t seed);
/* PHASES phases of LEN_EACH uniform references within a window of WINDOW
 * pages placed at random among PAGES pages (working sets that move). */
struct refstring refs_phases(size_t pages, size_t window, size_t phases, size_t len_each,
                             uint64_t seed);
/* The pages a quicksort (Hoare partition, middle pivot) of PAGES pages of
 * 64-byte records with random 32-bit keys touches, consecutive repeats
 * collapsed. */
struct refstring refs_quicksort(size_t pages, uint64_t seed);
/* The same for a top-down merge sort with an auxiliary array of the same
 * size (pages PAGES .. 2 * PAGES - 1). */
struct refstring refs_mergesort(size_t pages, uint64_t seed);

/* Faults of each policy on R with FRAMES frames.  If MISSED is not NULL,
 * MISSED[i] is set to whether reference i faulted. */
size_t sim_opt(const struct refstring *r, size_t frames, uint8_t *missed);
size_t sim_lru(const struct refstring *r, size_t frames, uint8_t *missed);
size_t sim_fifo(const struct refstring *r, size_t frames, uint8_t *missed);
/* Second chance as vm/frame.c describes it: frames in the order they were
 * first filled; a loaded page has its use bit set (the access that faulted
 * sets it); the hand skips (and clears) used frames and takes the first
 * unused one, then points past it. */
size_t sim_clock(const struct refstring *r, size_t frames, uint8_t *missed);
/* Aging as vm/policy_aging.c describes it: the clock's hand and order; each
 * pass shifts a frame's BITS-bit counter right with its use bit put in at the
 * top (and clears the use bit); the first frame whose counter is then zero
 * is taken; a loaded page's counter starts at zero. */
size_t sim_aging(const struct refstring *r, size_t frames, unsigned bits,
                 uint8_t *missed);
/* Random as vm/policy_random.c draws it: frames in the order first filled; at
 * each eviction the hand moves on random_below(FRAMES) frames (lib/random.h,
 * seeded with SEED) and takes the frame there, then points past it. */
size_t sim_random(const struct refstring *r, size_t frames, uint64_t seed,
                  uint8_t *missed);

#endif
