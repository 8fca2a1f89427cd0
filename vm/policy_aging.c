/* Aging: a clock with a few bits of history.  Each frame has a counter of
 * AGE_BITS bits; whenever the hand passes, the counter shifts right and the
 * accessed bit goes in at the top.  A frame is taken when its counter is zero:
 * when it was not used during the last AGE_BITS passes of the hand.  Between
 * frames used in different passes it prefers to keep the most recent, as LRU
 * would, where the one-bit clock sees no difference. */
#include "vm/policy.h"

#include "vm/frame.h"

#define AGE_BITS POLICY_AGE_BITS
#define AGE_TOP  (1u << (AGE_BITS - 1))

/* The counters live in the frames; a new frame's starts at zero. */
static void
aging_reset(void)
{
}

/* A new page: no history yet (the access that loaded it counts at the next
 * pass). */
static void
aging_added(struct frame *f)
{
    f->age = 0;
}

/* The frame under the hand. */
static struct frame *
aging_next(void)
{
    return policy_hand_next(0);
}

/* Ages F by one pass; spared while its counter is not zero. */
static bool
aging_spare(struct frame *f, bool used)
{
    f->age = (f->age >> 1) | (used ? AGE_TOP : 0);
    return f->age != 0;
}

const struct evict_policy evict_aging = {
    .name = "aging",
    .looks = AGE_BITS + 1,
    .reset = aging_reset,
    .added = aging_added,
    .next = aging_next,
    .spare = aging_spare,
};
