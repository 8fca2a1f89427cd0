/* Replacement policies: the order in which eviction looks at frames, and
 * whether a frame it looks at is spared this time.  vm/frame.c does all the
 * rest (pins, locking the victim's spaces, reading and clearing the accessed
 * bits, unmapping, saving, freeing).  One policy is in force, chosen at boot
 * with -evict=NAME; the clock (second chance) is the default.
 *
 *   clock   second chance: a frame used since the hand last passed is spared
 *   fifo    the frame loaded longest ago, used or not
 *   random  a frame drawn at random (fixed seed: runs repeat)
 *   aging   a 4-bit counter per frame, shifted right each time the hand
 *           passes with the accessed bit put in at the top; a frame is taken
 *           once its counter is zero (unused for four passes of the hand)
 *
 * Every function here and of a policy is called with the frame-table lock
 * held.  The policies share one hand over the frame table's list (policy.c),
 * in the order frames entered it. */
#ifndef VM_POLICY_H
#define VM_POLICY_H

#include <stdbool.h>
#include <stddef.h>

struct frame;
struct list;

struct evict_policy {
    const char *name;
    /* Passes of the hand over all frames after which, if no frame is busy
     * and nobody touches a page, a victim has surely been found. */
    unsigned looks;
    /* Forgets what the policy learnt (a new boot, or a new host test). */
    void (*reset)(void);
    /* F entered the table (at the back of the list), holding a new page. */
    void (*added)(struct frame *f);
    /* The next frame to look at (the table is not empty). */
    struct frame *(*next)(void);
    /* True to pass over F this time; USED: a page of F was accessed since
     * the last look (the bits are now cleared). */
    bool (*spare)(struct frame *f, bool used);
};

/* The policy in force. */
extern const struct evict_policy *evict_policy;

/* Makes the policy called NAME the one in force, reset; false if there is no
 * such policy. */
bool evict_policy_select(const char *name);
/* The policies' names, for messages: "clock, fifo, random, aging". */
const char *evict_policy_names(void);

/* The frame table's list, for the hand (at frame_table_init). */
void policy_table_init(struct list *frames);
/* True if the table has room for one more frame: false only if the heap
 * is out (a host test that grew its pool after the VM started). */
bool policy_frame_reserve(void);
/* F entered the table (already at the back of the list; after
 * policy_frame_reserve) / is leaving it. */
void policy_frame_added(struct frame *f);
void policy_frame_removed(struct frame *f);
/* Frames in the table. */
size_t policy_frames(void);
/* Moves the hand past SKIP frames, then returns the frame it passes next. */
struct frame *policy_hand_next(size_t skip);
/* The same over an array of the frames, in constant time: the order is the
 * list's while no frame leaves the table (one that leaves takes the last
 * one's place), and its own hand (random draws). */
struct frame *policy_draw_next(size_t skip);
/* Moves F to just before the hand: the last the hand will reach. */
void policy_hand_behind(struct frame *f);

/* The aging policy's counter width, and the random policy's seed. */
#define POLICY_AGE_BITS    4
#define POLICY_RANDOM_SEED 0x5eed

extern const struct evict_policy evict_clock, evict_fifo, evict_random, evict_aging;

#endif
