/* Running out of memory: the registry of address spaces, which of them are
 * held by threads waiting for a frame (so that frame_alloc can tell frames
 * that are only busy from a true dead end), and the choice of a victim when
 * nothing can be freed anywhere (docs/design.md, "Out of memory").
 *
 * Lock order: a space's lock, then the OOM lock, then the frame-table lock. */
#ifndef VM_OOM_H
#define VM_OOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vm_space;

#define OOM_HELD_MAX 4 /* space locks one thread holds at once, at most */

/* The spaces whose locks a waiting thread holds. */
struct oom_held {
    struct vm_space *spaces[OOM_HELD_MAX];
    size_t n;
};

void oom_init(void);
/* Adds S to / takes S out of the registry (at its creation / destruction,
 * the latter with S's lock held and its pages freed). */
void oom_register(struct vm_space *s);
void oom_unregister(struct vm_space *s);

/* The current thread waits for a frame from now on: records in HELD, and
 * marks as waiting, every space whose lock it holds.  oom_wait_end undoes
 * it (nothing if HELD is empty). */
void oom_wait_begin(struct oom_held *held);
void oom_wait_end(struct oom_held *held);
/* True if a thread that holds S's lock waits for a frame (any lock may be
 * held: an atomic read). */
bool oom_space_waits(struct vm_space *s);

/* True if S was chosen to die for lack of memory: its faults fail. */
bool oom_space_doomed(struct vm_space *s);
/* True if a space whose lock the current thread holds was chosen to die. */
bool oom_current_doomed(void);

/* Memory is exhausted (frame_alloc found a dead end).  Chooses the space
 * using the most memory (vm/oom.c says why), kills its process (the
 * `oom-kill` event and the oom_kills counter, then exit reason "out of
 * memory"; VA is the caller's fault address if it is the victim) and frees
 * its pages now if nobody holds its lock.  True if the caller must fail its
 * allocation: a space it holds was chosen, or no other space has memory to
 * give (then a space of HELD that belongs to a process is the victim).  While an earlier
 * victim has not given its memory back, chooses none: it only tries again to free the
 * victim's pages. */
bool oom_kill(const struct oom_held *held, uint64_t va);

#endif
