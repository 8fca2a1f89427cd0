/* Random: the victim is a frame drawn uniformly from the table (the hand
 * jumps a random number of frames), used or not.  The generator has a fixed
 * seed, reset with the policy, so that a run can be repeated. */
#include "vm/policy.h"

#include "lib/random.h"

static struct random_state rng; /* [F] */

/* Starts the sequence again. */
static void
random_reset(void)
{
    random_seed(&rng, POLICY_RANDOM_SEED);
}

/* No order to keep. */
static void
random_added(struct frame *f)
{
}

/* A frame drawn at random, in constant time: eviction may draw many times
 * the table's size (with swap full, most draws are frames it cannot save),
 * and walking the list for each draw made that quadratic, under the
 * frame-table lock. */
static struct frame *
random_next(void)
{
    return policy_draw_next(random_below(&rng, policy_frames()));
}

/* Never spared. */
static bool
random_spare(struct frame *f, bool used)
{
    return false;
}

const struct evict_policy evict_random = {
    .name = "random",
    .looks = 4, /* no bound: busy frames aside, any draw is a victim */
    .reset = random_reset,
    .added = random_added,
    .next = random_next,
    .spare = random_spare,
};
