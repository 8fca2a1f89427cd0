/* The clock (second chance), the default policy: the hand goes round the
 * frames in the order they entered the table; a frame used since the hand
 * last passed is spared once (its accessed bits were just cleared). */
#include "vm/policy.h"

/* Nothing to forget: the hand is the policies' own. */
static void
clock_reset(void)
{
}

/* New frames wait at the back of the table's list. */
static void
clock_added(struct frame *f)
{
}

/* The frame under the hand. */
static struct frame *
clock_next(void)
{
    return policy_hand_next(0);
}

/* Spared if used. */
static bool
clock_spare(struct frame *f, bool used)
{
    return used;
}

const struct evict_policy evict_clock = {
    .name = "clock",
    .looks = 2,
    .reset = clock_reset,
    .added = clock_added,
    .next = clock_next,
    .spare = clock_spare,
};
