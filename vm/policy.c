/* The choice of replacement policy and the hand the policies share (see
 * policy.h). */
#include "vm/policy.h"

#include "kernel/debug.h"
#include "lib/list.h"
#include "lib/string.h"
#include "vm/frame.h"

static const struct evict_policy *const policies[] = {&evict_clock, &evict_fifo,
                                                      &evict_random, &evict_aging};

const struct evict_policy *evict_policy = &evict_clock;

static struct list *table;     /* [F] the frame table's list */
static struct list_node *hand; /* [F] the next frame to look at */
static size_t n_frames;        /* [F] frames in the list */

bool
evict_policy_select(const char *name)
{
    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++) {
        if (strcmp(policies[i]->name, name) == 0) {
            evict_policy = policies[i];
            evict_policy->reset();
            return true;
        }
    }
    return false;
}

const char *
evict_policy_names(void)
{
    return "clock, fifo, random, aging";
}

void
policy_table_init(struct list *frames)
{
    table = frames;
    hand = list_end(frames);
    n_frames = 0;
}

void
policy_frame_added(struct frame *f)
{
    n_frames++;
    evict_policy->added(f);
}

void
policy_frame_removed(struct frame *f)
{
    if (hand == &f->node)
        hand = list_next(hand);
    n_frames--;
}

size_t
policy_frames(void)
{
    return n_frames;
}

struct frame *
policy_hand_next(size_t skip)
{
    ASSERT(n_frames > 0);
    for (;;) {
        if (hand == list_end(table))
            hand = list_begin(table);
        if (skip-- == 0)
            break;
        hand = list_next(hand);
    }
    struct frame *f = list_entry(hand, struct frame, node);
    hand = list_next(hand);
    return f;
}

void
policy_hand_behind(struct frame *f)
{
    if (hand == &f->node)
        return; /* just before the hand already, going round */
    list_remove(&f->node);
    list_insert_before(hand, &f->node);
}
