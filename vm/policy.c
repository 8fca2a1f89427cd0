/* The choice of replacement policy and the hand the policies share (see
 * policy.h). */
#include "vm/policy.h"

#include "kernel/debug.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "lib/list.h"
#include "lib/string.h"
#include "vm/frame.h"

static const struct evict_policy *const policies[] = {&evict_clock, &evict_fifo,
                                                      &evict_random, &evict_aging};

const struct evict_policy *evict_policy = &evict_clock;

static struct list *table;     /* [F] the frame table's list */
static struct list_node *hand; /* [F] the next frame to look at */
static size_t n_frames;        /* [F] frames in the list */
static struct frame **places;  /* [F] the same frames, by index (frame.place) */
static size_t n_places;        /* [F] room in places */
static size_t draw;            /* [F] policy_draw_next's hand: an index */

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
    draw = 0;
    if (places == NULL) { /* one place per frame of the user pool, kept */
        n_places = palloc_total_pages(POOL_USER);
        places = malloc((n_places ? n_places : 1) * sizeof *places);
        ASSERT(places != NULL);
    }
}

bool
policy_frame_reserve(void)
{
    if (n_frames < n_places)
        return true;
    size_t room = 2 * n_places + 16;
    struct frame **more = realloc(places, room * sizeof *places);
    if (more == NULL)
        return false;
    places = more;
    n_places = room;
    return true;
}

void
policy_frame_added(struct frame *f)
{
    ASSERT(n_frames < n_places);
    f->place = n_frames;
    places[n_frames++] = f;
    evict_policy->added(f);
}

void
policy_frame_removed(struct frame *f)
{
    if (hand == &f->node)
        hand = list_next(hand);
    struct frame *last = places[--n_frames];
    places[f->place] = last;
    last->place = f->place;
    if (n_frames == 0)
        draw = 0; /* as the hand, which starts again at the front */
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

struct frame *
policy_draw_next(size_t skip)
{
    ASSERT(n_frames > 0);
    draw = (draw + skip) % n_frames;
    struct frame *f = places[draw];
    draw = (draw + 1) % n_frames;
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
