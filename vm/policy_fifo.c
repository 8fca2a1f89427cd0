/* FIFO: the frame whose page was loaded longest ago goes first, used or not.
 * The hand keeps the order: a frame taken by eviction keeps its place and the
 * hand moves past it, so its new page is the youngest; a frame new to the
 * table goes just behind the hand for the same reason. */
#include "vm/policy.h"

/* Nothing to forget: the order is the table's list. */
static void
fifo_reset(void)
{
}

/* The youngest: the last the hand will reach. */
static void
fifo_added(struct frame *f)
{
    policy_hand_behind(f);
}

/* The oldest frame. */
static struct frame *
fifo_next(void)
{
    return policy_hand_next(0);
}

/* Never spared (a busy frame is still passed over by vm/frame.c). */
static bool
fifo_spare(struct frame *f, bool used)
{
    return false;
}

const struct evict_policy evict_fifo = {
    .name = "fifo",
    .looks = 1,
    .reset = fifo_reset,
    .added = fifo_added,
    .next = fifo_next,
    .spare = fifo_spare,
};
