/* The page cache (see pagecache.h).
 *
 * Each cached page is an entry in a hash by (inode number, page index),
 * pointing at its frame, which points back (frame->cache).  An entry is
 * LOADING while its bytes are read, BUSY while a write() or a write-back
 * uses it, EVICTING while the frame table evicts it, READY otherwise; a
 * thread that needs it in another state waits on `changed`, except that a
 * LOADING page of a window read ahead asynchronously (its `batch`) is
 * finished by the first thread that needs it (batch_end_locked).  A reader or
 * mapper pins the frame for as long as it copies or maps it, and pins only
 * a READY frame, which eviction then passes over; nothing else holds a
 * cached frame across a release of the lock (sync and halt go by (inode,
 * page), looking each page up again), so a frame leaves the cache only
 * through its entry and no pointer to it outlives that.  Entries hold no
 * reference on their inode: a write-back opens the inode by number, and
 * the file system tells the cache (fs_inode_freed_hook) when an inode is
 * freed, before its number can be used again, so that its pages go.  A page
 * that cannot go at once (the write-back or eviction whose close freed the
 * inode uses it) leaves the index as an orphan: no lookup finds it, nothing
 * writes it back, and it is freed when that use ends, by eviction, or at
 * power-off. */
#include "vm/pagecache.h"

#include "fs/file.h"
#include "fs/fs.h"
#include "kernel/debug.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "kernel/sync.h"
#include "kernel/trace.h"
#include "lib/hash.h"
#include "lib/string.h"
#include "lib/util.h"
#include "vm/frame.h"
#include "vm/pmap.h"
#include "vm/stats.h"
#include "vm/vm.h"

bool vm_page_cache = true;
bool vm_readahead = true;
unsigned vm_readahead_max = 64;

enum pc_state { PC_LOADING, PC_READY, PC_BUSY, PC_EVICTING };

struct pc_entry {
    struct hash_node node;  /* [F] in the index */
    uint64_t index;         /* [C] page number in the file */
    uint32_t ino;           /* [C] the file's inode number */
    uint8_t state;          /* [F] enum pc_state */
    bool dirty;             /* [F] written through a mapping since last written back */
    bool referenced;        /* [F] used since the replacement policy last looked */
    bool orphan;            /* [F] its inode was freed: out of the index, never written */
    bool ahead;             /* [F] read ahead, not yet found by a lookup */
    bool swept;             /* [F] sync_by_sweep has taken it (or it is newer) */
    bool trigger;           /* [F] a lookup that finds it starts the next window */
    bool written;           /* [F] holds write() bytes (blocks set aside for them) */
    struct ra_batch *batch; /* [F] the read in flight loading it, or NULL */
    struct frame *frame;    /* [C] */
    uint32_t
        frame_gen; /* [C] frame->gen when the entry was made (a stale pointer's check) */
    struct list_node lru; /* [F] in `lru`, orphans too */
};

/* A window read ahead asynchronously: its pages are LOADING entries that
 * point at it until a thread finishes it (batch_end). */
struct ra_batch {
    struct list_node node;        /* [F] in `batches` */
    struct file_read_batch *read; /* [F] the read in flight; NULL until submitted */
    bool finishing;               /* [F] a thread is finishing it */
    size_t n;                     /* [C] its pages */
    struct frame **frames;        /* [C] n frames, pinned (in the same allocation) */
    void **kvas;                  /* [C] their kernel addresses */
    bool *ok;                     /* [C] set when the read ends */
};

/* A snapshot of the key of a cached page (pagecache_sync). */
struct pc_key {
    uint32_t ino;
    uint64_t index;
};

#define IDLE_LOOKS  16 /* entries pagecache_pick_idle_locked looks at, at most */
#define RA_FILES    16 /* files whose read-ahead state is kept */
#define RA_RESERVE  16 /* free frames read-ahead leaves in the user pool */
#define WB_CLUSTER  32 /* pages one write-back writes at most */
#define RA_SYNC_MAX 32 /* pages a miss loads at most (the rest comes ahead) */
#define RA_STACK    64 /* frames a window read ahead holds without the heap */

/* The read-ahead state of a file being read: where a sequential reader
 * misses next, and the window its last load got. */
struct ra_state {
    uint32_t ino;    /* [F] 0: unused */
    uint64_t next;   /* [F] the page after the last one loaded */
    unsigned window; /* [F] pages of the last sequential load; 0 after a random one */
    uint64_t stamp;  /* [F] when last used: the oldest goes for a new file */
};

static struct hash pc_index;     /* [F] struct pc_entry by (ino, index) */
static bool index_ready;         /* [F] */
static struct condition changed; /* [F] an entry changed state or went */
static uint64_t n_pages;         /* [F] entries in the index */
static struct list lru;          /* [F] every entry, least recently used first */
static struct ra_state ra_files[RA_FILES]; /* [F] */
static uint64_t ra_clock;                  /* [F] stamps given so far */
static struct list batches;                /* [F] struct ra_batch in flight */
static struct lock sweep_lock;             /* one sync_by_sweep at a time */

static uint64_t
entry_hash(const struct hash_node *n, void *aux)
{
    (void)aux;
    const struct pc_entry *e = container_of(n, struct pc_entry, node);
    return hash_u64(((uint64_t)e->ino << 40) ^ e->index);
}

static bool
entry_equal(const struct hash_node *a, const struct hash_node *b, void *aux)
{
    (void)aux;
    const struct pc_entry *x = container_of(a, struct pc_entry, node);
    const struct pc_entry *y = container_of(b, struct pc_entry, node);
    return x->ino == y->ino && x->index == y->index;
}

void
pagecache_init(void)
{
    cond_init(&changed);
    lock_init(&sweep_lock);
    list_init(&lru);
    list_init(&batches);
    index_ready = hash_init(&pc_index, entry_hash, entry_equal, NULL);
    fs_inode_freed_hook = pagecache_forget_inode;
}

/* The entry of page INDEX of inode INO, or NULL (lock held). */
static struct pc_entry *
entry_find(uint32_t ino, uint64_t idx)
{
    if (!index_ready)
        return NULL;
    struct pc_entry probe = {.ino = ino, .index = idx};
    struct hash_node *n = hash_find(&pc_index, &probe.node);
    return n ? container_of(n, struct pc_entry, node) : NULL;
}

/* E's frame, which (debug builds check) is still E's: a frame leaves the
 * cache only through entry_delete, and is freed or reused only after. */
static struct frame *
entry_frame(const struct pc_entry *e)
{
    ASSERT(!HWAN_DEBUG || (e->frame->cache == e && e->frame->gen == e->frame_gen));
    return e->frame;
}

/* The entry of cached frame F, which (debug builds check) points back. */
static struct pc_entry *
frame_entry(const struct frame *f)
{
    struct pc_entry *e = f->cache;
    ASSERT(e != NULL);
    ASSERT(!HWAN_DEBUG || (e->frame == f && f->gen == e->frame_gen));
    return e;
}

/* Takes E out of the index and frees it; its frame stays (lock held). */
static void
entry_delete(struct pc_entry *e)
{
    if (e->ahead) {
        vm_count(&vm_counters.file_ra_wasted);
        trace_file_ra(trace_frame(entry_frame(e)->kva), (int64_t)e->index,
                      TRACE_RA_WASTED);
    }
    if (!e->orphan)
        hash_delete(&pc_index, &e->node);
    list_remove(&e->lru);
    entry_frame(e)->cache = NULL;
    n_pages--;
    free(e);
    frame_table_broadcast(&changed);
}

/* Whether E, cached in F, is loaded and nobody holds or maps it: it may go
 * (lock held). */
static bool
entry_idle(const struct pc_entry *e, const struct frame *f)
{
    return e->state == PC_READY && f->pins == 0 && list_empty(&f->pages);
}

/* Deletes idle E and frees its frame F (lock held). */
static void
entry_drop(struct pc_entry *e, struct frame *f)
{
    entry_delete(e);
    frame_free_locked(f);
}

/* A new LOADING entry for page IDX of INO in F (pinned, no pages), or NULL
 * if out of memory (lock held). */
static struct pc_entry *
entry_new(uint32_t ino, uint64_t idx, struct frame *f)
{
    struct pc_entry *e = malloc(sizeof *e);
    if (e == NULL || !index_ready) {
        free(e);
        return NULL;
    }
    *e = (struct pc_entry){.ino = ino,
                           .index = idx,
                           .state = PC_LOADING,
                           .frame = f,
                           .frame_gen = f->gen,
                           .swept = true};
    hash_insert(&pc_index, &e->node);
    list_push_back(&lru, &e->lru);
    f->cache = e;
    n_pages++;
    return e;
}

/* The read-ahead state of INO, or the least recently used one, cleared and
 * given to INO (*KNOWN false).  Lock held. */
static struct ra_state *
ra_state_of(uint32_t ino, bool *known)
{
    struct ra_state *s = &ra_files[0];
    for (size_t i = 0; i < RA_FILES; i++) {
        if (ra_files[i].ino == ino) {
            s = &ra_files[i];
            break;
        }
        if (ra_files[i].stamp < s->stamp)
            s = &ra_files[i];
    }
    *known = s->ino == ino;
    if (!*known)
        *s = (struct ra_state){.ino = ino};
    s->stamp = ++ra_clock;
    return s;
}

/* The pages a miss on page IDX of INO is to load: the window if the miss
 * is where a sequential reader's next one is expected (or at the file's
 * start), PAGECACHE_RA_MIN at first and twice the last window after, up to
 * vm_readahead_max; else 1.  Lock held. */
static size_t
ra_window_locked(uint32_t ino, uint64_t idx)
{
    bool known;
    struct ra_state *s = ra_state_of(ino, &known);
    if (!vm_readahead || vm_readahead_max <= 1 || idx != (known ? s->next : 0)) {
        s->window = 0;
        return 1;
    }
    s->window = s->window ? MIN(2 * s->window, vm_readahead_max)
                          : MIN(PAGECACHE_RA_MIN, vm_readahead_max);
    return MIN(s->window, RA_SYNC_MAX);
}

/* Notes that a load of INO's pages ended before page END.  Lock held. */
static void
ra_loaded_locked(uint32_t ino, uint64_t end)
{
    bool known;
    ra_state_of(ino, &known)->next = end;
}

/* Frames for up to N pages read ahead, in RA: free frames only (nothing
 * is evicted for read-ahead), leaving RA_RESERVE in the pool.  Returns how
 * many it got. */
static size_t
ra_frames(size_t n, struct frame **ra)
{
    size_t got = 0;
    while (got < n && palloc_free_pages(POOL_USER) > RA_RESERVE) {
        void *kva = palloc_get_page(PAL_USER);
        struct frame *f = kva != NULL ? frame_adopt(kva, NULL) : NULL;
        if (f == NULL)
            break;
        ra[got++] = f;
    }
    return got;
}

/* Makes LOADING entries for pages IDX + 1 on of INO in the N frames RA,
 * stopping at the first one cached already; frees the frames left over.
 * Returns the entries made.  Lock held. */
static size_t
ra_entries_locked(uint32_t ino, uint64_t idx, struct frame **ra, size_t n)
{
    size_t made = 0;
    while (made < n && entry_find(ino, idx + 1 + made) == NULL &&
           entry_new(ino, idx + 1 + made, ra[made]) != NULL)
        made++;
    for (size_t i = made; i < n; i++)
        frame_unused_locked(ra[i]);
    return made;
}

/* Reads the N pages from IDX of FILE into FRAMES in one file_read_pages
 * (one disk request per run of blocks), counted and traced; OK[i] says
 * whether page IDX + i was read. */
static void
pages_read_in(struct file *file, uint64_t idx, struct frame **frames, size_t n, bool *ok)
{
    void *kvas[RA_SYNC_MAX];
    for (size_t i = 0; i < n; i++)
        kvas[i] = frames[i]->kva;
    struct file_read_io io = {0, 0};
    file_read_pages(file, idx, kvas, n, ok, &io);
    vm_count_n(&vm_counters.file_read_requests, io.requests);
    vm_count_n(&vm_counters.file_read_pages, io.pages);
    trace_file_read(trace_frame(frames[0]->kva), (int64_t)io.requests, (int64_t)io.pages);
}

/* Ends the loads of the N entries in FRAMES from FIRST on (pages read
 * ahead; before FIRST, pages a miss loads for itself) as OK says: read
 * ahead and READY (counted if COUNT), or gone.  Lock held. */
static void
ra_finish_locked(struct frame **frames, size_t n, const bool *ok, size_t first,
                 bool count)
{
    for (size_t i = first; i < n; i++) {
        struct pc_entry *e = frame_entry(frames[i]);
        if (ok[i]) {
            e->state = PC_READY;
            e->ahead = true;
            frames[i]->pins--;
            if (count) {
                vm_count(&vm_counters.file_ra_pages);
                trace_file_ra(trace_frame(frames[i]->kva), (int64_t)e->index,
                              TRACE_RA_READ);
            }
        } else {
            entry_delete(e);
            frame_unused_locked(frames[i]);
        }
    }
}

/* Loads page IDX of FILE into a new entry, unless another thread did
 * meanwhile, with the read-ahead window after it if STATE is READY (read()
 * and faults, not write()); returns the frame pinned in state STATE, or
 * NULL (lock held on entry and on return; released while reading).  With
 * UNREAD, the page is zeroed instead of read (a write() that covers it
 * whole). */
static struct frame *
entry_load(struct file *file, uint64_t idx, uint64_t va, enum pc_state state, bool unread,
           bool *raced)
{
    uint32_t ino = file_inumber(file);
    size_t want = state == PC_READY ? ra_window_locked(ino, idx) : 1;
    frame_table_unlock();
    uint64_t pages = ((uint64_t)file_length(file) + VM_PAGE_SIZE - 1) / VM_PAGE_SIZE;
    want = idx + want <= pages ? want : (idx < pages ? pages - idx : 1);
    struct frame *frames[RA_SYNC_MAX];
    frames[0] = frame_alloc(NULL);
    size_t n = frames[0] != NULL ? 1 + ra_frames(want - 1, frames + 1) : 0;
    frame_table_lock();
    *raced = false;
    struct frame *f = frames[0];
    if (f == NULL)
        return NULL;
    struct pc_entry *e = NULL;
    if (entry_find(ino, idx) != NULL || (e = entry_new(ino, idx, f)) == NULL) {
        *raced = e == NULL && entry_find(ino, idx) != NULL;
        for (size_t i = 0; i < n; i++)
            frame_unused_locked(frames[i]);
        return NULL;
    }
    n = 1 + ra_entries_locked(ino, idx, frames + 1, n - 1);
    if (state == PC_READY) /* a reader's; a write's load says nothing of them */
        ra_loaded_locked(ino, idx + n);
    if (n > 1) /* reading the first page ahead starts the next window */
        frame_entry(frames[1])->trigger = true;
    frame_table_unlock();
    vm_count(&vm_counters.cache_misses);
    trace_cache(trace_pid(), va, false, trace_frame(f->kva), ino, (int64_t)idx);
    bool ok[RA_SYNC_MAX];
    if (unread) { /* a write() alone: no window */
        memset(f->kva, 0, VM_PAGE_SIZE);
        ok[0] = true;
    } else {
        pages_read_in(file, idx, frames, n, ok);
        if (!ok[0] && n > 1)
            pages_read_in(file, idx, frames, 1, ok); /* the error may be a neighbour's */
    }
    frame_table_lock();
    ra_finish_locked(frames, n, ok, 1, true);
    if (!ok[0]) {
        entry_delete(e);
        frame_unused_locked(f);
        return NULL;
    }
    e->state = state;
    frame_table_broadcast(&changed);
    return f;
}

/* Notes that a lookup found E: a page read ahead is used.  Returns whether
 * E was its window's trigger (the caller then starts the next window,
 * ra_async).  Lock held. */
static bool
entry_found_locked(struct pc_entry *e)
{
    bool trigger = e->trigger;
    e->trigger = false;
    if (!e->ahead)
        return trigger;
    e->ahead = false;
    vm_count(&vm_counters.file_ra_used);
    trace_file_ra(trace_frame(entry_frame(e)->kva), (int64_t)e->index, TRACE_RA_USED);
    return trigger;
}

static void entry_settle(struct pc_entry *e);

/* Frees the N frames RA[i] (taken by ra_frames); lock held. */
static void
frames_free_locked(struct frame **ra, size_t n)
{
    for (size_t i = 0; i < n; i++)
        frame_unused_locked(ra[i]);
}

/* A new batch of the N LOADING entries whose frames are RA (pinned), in
 * `batches`, each entry pointing at it and read ahead (counted now, so
 * that the counters never lag behind the reads started), the first its
 * trigger; NULL if out of memory.  Lock held. */
static struct ra_batch *
batch_new_locked(struct frame **ra, size_t n)
{
    struct ra_batch *b =
        malloc(sizeof *b + n * (sizeof *b->frames + sizeof *b->kvas + sizeof *b->ok));
    if (b == NULL)
        return NULL;
    *b = (struct ra_batch){.n = n};
    b->frames = (struct frame **)(b + 1);
    b->kvas = (void **)(b->frames + n);
    b->ok = (bool *)(b->kvas + n);
    for (size_t i = 0; i < n; i++) {
        struct pc_entry *e = frame_entry(ra[i]);
        b->frames[i] = ra[i];
        b->kvas[i] = ra[i]->kva;
        e->batch = b;
        e->ahead = true;
        vm_count(&vm_counters.file_ra_pages);
        trace_file_ra(trace_frame(ra[i]->kva), (int64_t)e->index, TRACE_RA_READ);
    }
    frame_entry(ra[0])->trigger = true;
    list_push_back(&batches, &b->node);
    return b;
}

/* Finishes batch B, which the caller marked `finishing`: waits for its read,
 * makes its pages READY and read ahead (the ones that failed go), frees it.
 * Lock held on entry and on return, released while waiting. */
static void
batch_end_locked(struct ra_batch *b)
{
    frame_table_unlock();
    if (b->read != NULL)
        file_read_pages_finish(b->read);
    frame_table_lock();
    list_remove(&b->node);
    for (size_t i = 0; i < b->n; i++)
        frame_entry(b->frames[i])->batch = NULL;
    ra_finish_locked(b->frames, b->n, b->ok, 0, false);
    for (size_t i = 0; i < b->n; i++)
        if (b->ok[i])
            entry_settle(frame_entry(b->frames[i]));
    frame_table_broadcast(&changed);
    free(b);
}

/* Finishes every batch whose read has ended and that nobody is finishing
 * (the windows that a reader left behind).  Lock held, released while
 * finishing. */
static void
batches_reap_locked(void)
{
    for (bool again = true; again;) {
        again = false;
        struct list_node *n;
        list_for_each(n, &batches)
        {
            struct ra_batch *b = list_entry(n, struct ra_batch, node);
            if (b->read != NULL && !b->finishing && file_read_pages_ended(b->read)) {
                b->finishing = true;
                batch_end_locked(b);
                again = true;
                break;
            }
        }
    }
}

/* Finishes every batch, waiting for the ones others finish (sync, halt).
 * Lock held, released while waiting. */
static void
batches_finish_all_locked(void)
{
    while (!list_empty(&batches)) {
        struct ra_batch *b = NULL;
        struct list_node *n;
        list_for_each(n, &batches)
        {
            struct ra_batch *c = list_entry(n, struct ra_batch, node);
            if (c->read != NULL && !c->finishing) {
                b = c;
                break;
            }
        }
        if (b == NULL) {
            frame_table_wait(&changed);
            continue;
        }
        b->finishing = true;
        batch_end_locked(b);
    }
}

/* Starts reading the next window of FILE ahead, asynchronously: the pages
 * from where its last window ended, twice the last window's size up to
 * vm_readahead_max, into free frames only, up to the end of the file and
 * the first page cached already; its first page is the next trigger.  Lock
 * not held. */
static void
ra_async(struct file *file)
{
    uint32_t ino = file_inumber(file);
    uint64_t pages = ((uint64_t)file_length(file) + VM_PAGE_SIZE - 1) / VM_PAGE_SIZE;
    frame_table_lock();
    batches_reap_locked();
    bool known;
    struct ra_state *s = ra_state_of(ino, &known);
    uint64_t start = s->next;
    size_t want = MIN(2 * (size_t)s->window, vm_readahead_max);
    if (!known || s->window == 0 || start >= pages) {
        frame_table_unlock();
        return;
    }
    want = (size_t)MIN((uint64_t)want, pages - start);
    s->window = (unsigned)want;
    frame_table_unlock();
    struct frame *stack_ra[RA_STACK];
    struct frame **ra = want <= RA_STACK ? stack_ra : malloc(want * sizeof *ra);
    size_t got = ra != NULL ? ra_frames(want, ra) : 0;
    frame_table_lock();
    size_t made = got ? ra_entries_locked(ino, start - 1, ra, got) : 0;
    struct ra_batch *b = made ? batch_new_locked(ra, made) : NULL;
    if (made && b == NULL) {
        for (size_t i = 0; i < made; i++)
            entry_delete(frame_entry(ra[i]));
        frames_free_locked(ra, made);
    }
    if (b != NULL)
        ra_state_of(ino, &known)->next = start + made;
    frame_table_unlock();
    if (ra != stack_ra)
        free(ra);
    if (b == NULL)
        return;
    vm_count(&vm_counters.file_ra_async);
    struct file_read_io io = {0, 0};
    struct file_read_batch *rd =
        file_read_pages_start(file, start, b->kvas, made, b->ok, &io);
    vm_count_n(&vm_counters.file_read_requests, io.requests);
    vm_count_n(&vm_counters.file_read_pages, io.pages);
    trace_file_read(trace_frame(b->kvas[0]), (int64_t)io.requests, (int64_t)io.pages);
    frame_table_lock();
    b->read = rd;
    if (rd == NULL) { /* out of memory: nothing in flight, every page failed */
        b->finishing = true;
        batch_end_locked(b);
    }
    frame_table_broadcast(&changed);
    frame_table_unlock();
}

/* Waits until E, which is not READY, may have changed: if it is a
 * window's trigger and AHEAD (a reader), starts the next window first; if
 * it is being read ahead and nobody finishes its window, finishes it (so a
 * reader that catches up with the read-ahead waits for the disk, not for a
 * thread); else waits on `changed`.  Lock held on entry and on return. */
static void
entry_await_locked(struct file *file, struct pc_entry *e, bool ahead)
{
    if (e->trigger && ahead && e->state == PC_LOADING) {
        e->trigger = false;
        frame_table_unlock();
        ra_async(file);
        frame_table_lock();
        return;
    }
    struct ra_batch *b = e->batch;
    if (b != NULL && b->read != NULL && !b->finishing) {
        vm_count(&vm_counters.file_ra_waits);
        b->finishing = true;
        batch_end_locked(b);
        return;
    }
    frame_table_wait(&changed);
}

/* pagecache_get, leaving the entry in STATE (READY or BUSY).  A caller that
 * will write the whole page (BUSY) passes UNREAD: a page not cached is then
 * zeroed, not read, and *UNREAD says whether it was (else it is set false). */
static struct frame *
cache_get(struct file *file, uint64_t idx, uint64_t va, enum pc_state state, bool *unread)
{
    uint32_t ino = file_inumber(file);
    frame_table_lock();
    for (;;) {
        struct pc_entry *e = entry_find(ino, idx);
        if (e != NULL && e->state != PC_READY) {
            entry_await_locked(file, e, state == PC_READY);
            continue;
        }
        if (e != NULL) {
            struct frame *f = entry_frame(e);
            if (unread != NULL)
                *unread = false;
            e->state = state;
            f->pins++;
            bool trigger = entry_found_locked(e) && state == PC_READY;
            frame_table_unlock();
            vm_count(&vm_counters.cache_hits);
            trace_cache(trace_pid(), va, true, trace_frame(f->kva), ino, (int64_t)idx);
            if (trigger)
                ra_async(file);
            return f;
        }
        bool raced;
        struct frame *f =
            entry_load(file, idx, va, state, unread != NULL && *unread, &raced);
        if (f != NULL || !raced) {
            frame_table_unlock();
            return f;
        }
    }
}

struct frame *
pagecache_get(struct file *file, uint64_t idx, uint64_t va)
{
    return cache_get(file, idx, va, PC_READY, NULL);
}

/* Frees orphan E and its frame if nobody uses them any more (lock held). */
static void
entry_settle(struct pc_entry *e)
{
    struct frame *f = entry_frame(e);
    if (e->orphan && entry_idle(e, f))
        entry_drop(e, f);
}

/* Ends a use of F that left its entry in state BUSY or READY. */
static void
cache_put(struct frame *f)
{
    frame_table_lock();
    struct pc_entry *e = frame_entry(f);
    e->referenced = true;
    list_remove(&e->lru);
    list_push_back(&lru, &e->lru);
    if (e->state == PC_BUSY) {
        e->state = PC_READY;
        frame_table_broadcast(&changed);
    }
    f->pins--;
    entry_settle(e);
    frame_table_unlock();
}

void
pagecache_put(struct frame *f)
{
    cache_put(f);
}

bool
pagecache_holds(const struct frame *f)
{
    return f->cache != NULL;
}

void
pagecache_map(struct frame *f, struct page *page)
{
    frame_share(f, page);
}

/* Marks cached page F dirty, and as holding write() bytes if WRITTEN (an
 * orphan is never written: it stays as it is). */
static void
entry_mark_dirty(struct frame *f, bool written)
{
    frame_table_lock();
    if (f->cache != NULL && !frame_entry(f)->orphan) {
        f->cache->dirty = true;
        f->cache->written |= written;
    }
    frame_table_unlock();
}

void
pagecache_set_dirty(struct frame *f)
{
    entry_mark_dirty(f, false);
}

/* True if any of the N entries ES, which the caller uses (BUSY or
 * EVICTING), lost its inode (they all lose it at once). */
static bool
entries_orphaned(struct pc_entry *const *es, size_t n)
{
    frame_table_lock();
    bool orphan = false;
    for (size_t i = 0; i < n; i++)
        orphan |= es[i]->orphan;
    frame_table_unlock();
    return orphan;
}

/* Writes the N pages of inode INO from IDX (entries ES, BUSY or EVICTING,
 * their frames' bytes at KVAS) to its file with one file_write_pages (one
 * request per run of contiguous blocks; the bytes before the file's end),
 * counted and traced; OK[i] says whether page IDX + i reached the file (all
 * true if the file is gone: nobody can read them).  Sets *LEN_OUT to the
 * file's length (-1: gone).  An inode number freed since the pages were
 * read may belong to another file now: the file opened is theirs only if
 * they are not orphans once it is open (the cache hears of a freed inode
 * before its number is free). */
static void
pages_write_out(uint32_t ino, uint64_t idx, struct pc_entry *const *es, void **kvas,
                size_t n, bool *ok, int64_t *len_out)
{
    struct file *h = file_open_inumber(ino);
    *len_out = -1;
    for (size_t i = 0; i < n; i++)
        ok[i] = true;
    if (h != NULL && entries_orphaned(es, n)) {
        file_close(h);
        h = NULL;
    }
    if (h == NULL)
        return;
    int64_t len = file_length(h);
    *len_out = len;
    size_t m = 0;
    while (m < n && (int64_t)((idx + m) * VM_PAGE_SIZE) < len)
        m++;
    if (m > 0) {
        struct file_read_io io = {0, 0};
        file_write_pages(h, idx, kvas, m, ok, &io);
        vm_count_n(&vm_counters.file_write_requests, io.requests);
        vm_count_n(&vm_counters.file_write_pages, io.pages);
        trace_file_write(trace_frame(kvas[0]), (int64_t)io.requests, (int64_t)io.pages);
        for (size_t i = 0; i < m; i++)
            if (ok[i])
                vm_count(&vm_counters.mmap_writebacks);
    }
    file_close(h);
}

/* Folds the dirty bits of the mappings of F into its entry, clearing them
 * (lock held; the mappings' spaces need not be: a bit set meanwhile is
 * seen next time). */
static void
fold_mapping_dirt(struct frame *f)
{
    struct list_node *n;
    list_for_each(n, &f->pages)
    {
        struct page *p = list_entry(n, struct page, frame_node);
        if (p->kind == PAGE_FILE && pmap_is_dirty(p->space->pmap, p->va)) {
            pmap_clear_dirty(p->space->pmap, p->va);
            f->cache->dirty = !f->cache->orphan;
        }
    }
}

/* Zeroes the bytes of F's page past the file's end LEN (written through the
 * last mapping: they never reach the file, and the next reader must find
 * zeros there), if no other page maps it.  Lock held, entry BUSY. */
static void
zero_past_end(struct frame *f, int64_t len)
{
    int64_t off = (int64_t)(frame_entry(f)->index * VM_PAGE_SIZE);
    if (len < 0 || off + (int64_t)VM_PAGE_SIZE <= len || list_size(&f->pages) > 1)
        return;
    size_t keep = len > off ? (size_t)(len - off) : 0;
    memset((char *)f->kva + keep, 0, VM_PAGE_SIZE - keep);
}

/* Claims, for the write-back of page IDX of INO, the pages after it that
 * are in the index, READY and dirty (their mappings' dirty bits folded in),
 * up to WB_CLUSTER - 1 of them and up to the first that is not: each BUSY,
 * clean and its frame pinned, the entry in ES and its frame's bytes in
 * KVAS.  A BUSY entry stays in the cache, its frame its own (eviction and
 * pagecache_forget_inode pass over it or make it an orphan) until
 * wb_release_locked.  Returns how many.  Lock held. */
static size_t
wb_gather_locked(uint32_t ino, uint64_t idx, struct pc_entry **es, void **kvas)
{
    size_t n = 0;
    for (struct pc_entry *e; n < WB_CLUSTER - 1; n++) {
        e = entry_find(ino, idx + 1 + n);
        if (e == NULL || e->orphan || e->state != PC_READY)
            break;
        struct frame *f = entry_frame(e);
        fold_mapping_dirt(f);
        if (!e->dirty)
            break;
        e->state = PC_BUSY;
        e->dirty = false;
        f->pins++;
        es[n] = e;
        kvas[n] = f->kva;
    }
    return n;
}

/* Ends the write-back of the N BUSY entries ES: READY again, dirty if OK
 * says it failed (unless orphaned meanwhile: then freed if idle); with
 * ZERO, the bytes past the file's end LEN zeroed (zero_past_end) in the
 * first page and in the others that nobody maps, and another one that a
 * mapping still maps left dirty if it holds the end, so that the write-back
 * when its last mapping goes zeroes it.  Lock held. */
static void
wb_release_locked(struct pc_entry **es, size_t n, const bool *ok, int64_t len, bool zero)
{
    for (size_t i = 0; i < n; i++) {
        struct pc_entry *e = es[i];
        struct frame *f = entry_frame(e);
        bool redo = false; /* a tail another mapping still maps: zeroed later */
        if (ok[i] && zero && (i == 0 || list_empty(&f->pages)))
            zero_past_end(f, len);
        else if (ok[i] && zero)
            redo = (int64_t)((e->index + 1) * VM_PAGE_SIZE) > len;
        e->dirty |= (!ok[i] || redo) && !e->orphan;
        e->state = PC_READY;
        f->pins--;
    }
    frame_table_broadcast(&changed);
    for (size_t i = 0; i < n; i++)
        entry_settle(es[i]);
}

/* Writes READY entry E back if it is dirty; with ALL, also if a mapping
 * wrote it; the dirty pages that follow it go in the same write
 * (wb_gather_locked).  Lock held on entry and on return, released while
 * writing. */
static bool
entry_write_back(struct pc_entry *e, bool all)
{
    struct frame *f = entry_frame(e);
    if (all)
        fold_mapping_dirt(f);
    if (!e->dirty || e->orphan)
        return true;
    e->state = PC_BUSY;
    e->dirty = false;
    f->pins++;
    struct pc_entry *es[WB_CLUSTER] = {e};
    void *kvas[WB_CLUSTER] = {f->kva};
    size_t n = 1 + wb_gather_locked(e->ino, e->index, es + 1, kvas + 1);
    frame_table_unlock();
    int64_t len;
    bool ok[WB_CLUSTER];
    pages_write_out(e->ino, e->index, es, kvas, n, ok, &len);
    frame_table_lock();
    wb_release_locked(es, n, ok, len, !all);
    return ok[0];
}

bool
pagecache_write_back(struct frame *f)
{
    frame_table_lock(); /* a page the caller holds maps F: F stays cached */
    while (f->cache != NULL && frame_entry(f)->state != PC_READY)
        frame_table_wait(&changed);
    bool ok = f->cache == NULL || entry_write_back(f->cache, false);
    frame_table_unlock();
    return ok;
}

/* Writes back the page of inode INO at IDX if it is cached and written
 * (by a mapping too), waiting while another thread uses it; the page is
 * looked up again after every wait, since meanwhile it may have gone. */
static bool
key_write_back(uint32_t ino, uint64_t idx)
{
    frame_table_lock();
    struct pc_entry *e;
    while ((e = entry_find(ino, idx)) != NULL && e->state != PC_READY)
        frame_table_wait(&changed);
    bool ok = e == NULL || entry_write_back(e, true);
    frame_table_unlock();
    return ok;
}

int64_t
pagecache_read(struct file *file, void *buf, int64_t size, int64_t offset)
{
    if (!vm_page_cache || file_is_dir(file))
        return file_read_at(file, buf, size, offset);
    int64_t len = file_length(file);
    if (size <= 0 || offset < 0 || offset >= len)
        return 0;
    size = MIN(size, len - offset);
    int64_t done = 0;
    while (done < size) {
        uint64_t pos = (uint64_t)(offset + done), in = pos % VM_PAGE_SIZE;
        int64_t chunk = MIN(size - done, (int64_t)(VM_PAGE_SIZE - in));
        struct frame *f = pagecache_get(file, pos / VM_PAGE_SIZE, 0);
        if (f == NULL) { /* out of memory or a disk error: the file system says, */
            int64_t n = file_read_at(file, (char *)buf + done, chunk, offset + done);
            if (n < chunk) /* for this page only: later ones may be cached, newer */
                return n > 0 ? done + n : (done > 0 ? done : -1);
            done += chunk;
            continue;
        }
        memcpy((char *)buf + done, (char *)f->kva + in, (size_t)chunk);
        pagecache_put(f);
        done += chunk;
    }
    return done;
}

/* Page IDX of FILE, loaded unread for a write() that then fell short, takes
 * the file's bytes after all: true, or false with the page gone from the
 * cache (a read error).  F is held BUSY. */
static bool
unread_page_read(struct file *file, uint64_t idx, struct frame *f)
{
    bool ok;
    pages_read_in(file, idx, &f, 1, &ok);
    if (ok)
        return true;
    frame_table_lock();
    entry_delete(frame_entry(f));
    frame_unused_locked(f);
    frame_table_unlock();
    return false;
}

/* Writes CHUNK bytes from BUF at POS (inside one page) of FILE into its
 * cached page, which it holds BUSY meanwhile so that no write-back or load
 * runs between, and marks the page written: write-back takes the bytes to
 * the disk later (write-behind).  The file system makes room for them first,
 * so that a full disk shows here.  A page that the write covers whole is not
 * read from the disk unless the room made falls short.  Without a page (out
 * of memory) the bytes go to the file system at once.  Returns the bytes
 * written. */
static int64_t
write_one_page(struct file *file, const void *buf, int64_t chunk, uint64_t pos)
{
    uint64_t idx = pos / VM_PAGE_SIZE;
    bool unread = chunk == VM_PAGE_SIZE;
    struct frame *f = cache_get(file, idx, 0, PC_BUSY, &unread);
    if (f == NULL)
        return file_write_at(file, buf, chunk, (int64_t)pos);
    int64_t put = file_reserve_at(file, chunk, (int64_t)pos);
    if (unread && put < chunk && !unread_page_read(file, idx, f))
        return put > 0 ? file_write_at(file, buf, put, (int64_t)pos) : put;
    if (put > 0) {
        memcpy((char *)f->kva + pos % VM_PAGE_SIZE, buf, (size_t)put);
        entry_mark_dirty(f, true);
    }
    cache_put(f);
    return put;
}

/* Before a write at OFFSET past the end of FILE: zeroes the cached last page
 * from the end up to OFFSET (or the page's end).  A mapping may have written
 * there; past the end those bytes never belong to the file (docs/abi.md),
 * and the write would make them part of it.  The length is read again once
 * the page is held BUSY (every writer into it holds it so), so a writer that
 * extended the file meanwhile loses nothing.  The disk needs nothing: the
 * file system zeroes the old last block's tail when the file grows
 * (fs/rw.c), and no block past it was ever written. */
static void
zero_gap(struct file *file, int64_t offset)
{
    for (;;) {
        int64_t len = file_length(file);
        if (len % VM_PAGE_SIZE == 0 || offset <= len)
            return;
        uint64_t idx = (uint64_t)len / VM_PAGE_SIZE;
        struct frame *f = cache_get(file, idx, 0, PC_BUSY, NULL);
        if (f == NULL)
            return; /* not cached: the file system zeroes the disk's tail */
        int64_t now = file_length(file); /* stable while the last page is BUSY */
        bool same = (uint64_t)now / VM_PAGE_SIZE == idx;
        if (same && offset > now) {
            int64_t end = MIN(offset, (int64_t)((idx + 1) * VM_PAGE_SIZE));
            memset((char *)f->kva + now % VM_PAGE_SIZE, 0, (size_t)(end - now));
        }
        cache_put(f);
        if (same || now % VM_PAGE_SIZE == 0 || offset <= now)
            return;
    }
}

/* A write() that ends at byte END of FILE has just filled the last page of
 * an aligned stretch of WB_CLUSTER pages: writes the stretch back now, in one
 * request where its blocks are contiguous, so that a sequential writer
 * leaves at most one stretch of written pages behind it (the rest goes at
 * sync, eviction or halt).  A failed write-back leaves the pages written;
 * sync reports it. */
static void
write_behind(struct file *file, uint64_t end)
{
    uint64_t stretch = (uint64_t)WB_CLUSTER * VM_PAGE_SIZE;
    if (end % stretch == 0)
        key_write_back(file_inumber(file), end / VM_PAGE_SIZE - WB_CLUSTER);
}

int64_t
pagecache_write(struct file *file, const void *buf, int64_t size, int64_t offset)
{
    if (!vm_page_cache || file_is_dir(file) || size <= 0 || offset < 0)
        return file_write_at(file, buf, size, offset);
    zero_gap(file, offset);
    int64_t done = 0;
    while (done < size) {
        uint64_t pos = (uint64_t)(offset + done), in = pos % VM_PAGE_SIZE;
        int64_t chunk = MIN(size - done, (int64_t)(VM_PAGE_SIZE - in));
        int64_t put = write_one_page(file, (const char *)buf + done, chunk, pos);
        if (put > 0) {
            done += put;
            write_behind(file, pos + (uint64_t)put);
        }
        if (put < chunk)
            break;
    }
    return done;
}

#ifdef HOST
bool pagecache_test_fail_keys;
#endif

/* A new array for WANT keys, or NULL. */
static struct pc_key *
keys_alloc(size_t want)
{
#ifdef HOST
    if (pagecache_test_fail_keys)
        return NULL;
#endif
    return want ? malloc(want * sizeof(struct pc_key)) : NULL;
}

/* The keys of every page in the index, in a new array (*N of them); NULL
 * if there are none (*N 0), or out of memory (*N is then how many there
 * are).  Only keys: the pages may go before the caller gets to them. */
static struct pc_key *
keys_all(size_t *n)
{
    *n = 0;
    if (!index_ready)
        return NULL; /* not started (an early power-off) */
    frame_table_lock();
    size_t want = n_pages;
    struct pc_key *all = keys_alloc(want);
    if (all == NULL)
        *n = want;
    if (all != NULL) {
        struct hash_iter it;
        for (struct hash_node *h = hash_first(&it, &pc_index); h && *n < want;
             h = hash_next(&it)) {
            struct pc_entry *e = container_of(h, struct pc_entry, node);
            all[(*n)++] = (struct pc_key){.ino = e->ino, .index = e->index};
        }
    }
    frame_table_unlock();
    return all;
}

/* Marks every entry not yet taken by the sweep.  Lock held. */
static void
sweep_begin_locked(void)
{
    struct hash_iter it;
    for (struct hash_node *h = hash_first(&it, &pc_index); h; h = hash_next(&it))
        container_of(h, struct pc_entry, node)->swept = false;
}

/* Takes the keys of at most MAX entries the sweep has not taken into KEYS,
 * marking them taken; returns how many.  Lock held. */
static size_t
sweep_take_locked(struct pc_key *keys, size_t max)
{
    size_t n = 0;
    struct hash_iter it;
    for (struct hash_node *h = hash_first(&it, &pc_index); h && n < max;
         h = hash_next(&it)) {
        struct pc_entry *e = container_of(h, struct pc_entry, node);
        if (!e->swept) {
            e->swept = true;
            keys[n++] = (struct pc_key){.ino = e->ino, .index = e->index};
        }
    }
    return n;
}

/* pagecache_sync's writing without a list of every key (no memory for
 * one): writes back the pages that were in the index when it began, a few
 * keys at a time, each taken once (pages that come meanwhile are newer than
 * the sync).  One sweep at a time.  False if a write-back failed. */
static bool
sync_by_sweep(void)
{
    enum { SWEEP_KEYS = 32 };
    struct pc_key keys[SWEEP_KEYS];
    bool ok = true;
    lock_acquire(&sweep_lock);
    frame_table_lock();
    sweep_begin_locked();
    for (size_t n; (n = sweep_take_locked(keys, SWEEP_KEYS)) > 0;) {
        frame_table_unlock();
        for (size_t i = 0; i < n; i++)
            ok &= key_write_back(keys[i].ino, keys[i].index);
        frame_table_lock();
    }
    frame_table_unlock();
    lock_release(&sweep_lock);
    return ok;
}

int
pagecache_sync(void)
{
    if (index_ready) {
        frame_table_lock();
        batches_finish_all_locked();
        frame_table_unlock();
    }
    size_t n;
    struct pc_key *all = keys_all(&n);
    if (all == NULL && n > 0)
        return sync_by_sweep() ? 0 : -1;
    int r = 0;
    for (size_t i = 0; i < n; i++) {
        if (!key_write_back(all[i].ino, all[i].index))
            r = -1;
    }
    free(all);
    return r;
}

void
pagecache_drop_all(void)
{
    pagecache_sync();
    if (!index_ready)
        return;
    frame_table_lock();
    struct list_node *n, *next;
    list_for_each_safe(n, next, &lru)
    {
        struct pc_entry *e = list_entry(n, struct pc_entry, lru);
        struct frame *f = entry_frame(e);
        /* Still dirty: its write-back just failed, and nothing can write
         * it any more (a full disk): its bytes are lost either way. */
        if (entry_idle(e, f)) {
            e->ahead = false; /* power-off: not wasted, the reader is gone */
            entry_drop(e, f);
        }
    }
    if (index_ready && hash_empty(&pc_index)) {
        /* Give back the buckets the index grew. */
        hash_destroy(&pc_index, NULL, NULL);
        index_ready = hash_init(&pc_index, entry_hash, entry_equal, NULL);
    }
    frame_table_unlock();
}

/* Forgets how inode INO was being read.  The frame-table lock is held. */
static void
ra_forget_locked(uint32_t ino)
{
    for (size_t i = 0; i < RA_FILES; i++)
        if (ra_files[i].ino == ino)
            ra_files[i] = (struct ra_state){0};
}

void
pagecache_drop_file(struct file *file)
{
    uint32_t ino = file_inumber(file);
    frame_table_lock();
    ra_forget_locked(ino);
    struct list_node *n, *next;
    list_for_each_safe(n, next, &lru)
    {
        struct pc_entry *e = list_entry(n, struct pc_entry, lru);
        struct frame *f = entry_frame(e);
        if (e->ino == ino && !e->orphan && !e->dirty && entry_idle(e, f))
            entry_drop(e, f);
    }
    frame_table_unlock();
}

void
pagecache_forget_inode(uint32_t ino)
{
    frame_table_lock();
    ra_forget_locked(ino);
    struct hash_iter it;
    for (struct hash_node *h = index_ready ? hash_first(&it, &pc_index) : NULL; h != NULL;
         h = hash_next(&it)) {
        struct pc_entry *e = container_of(h, struct pc_entry, node);
        struct frame *f = entry_frame(e);
        if (e->ino != ino)
            continue;
        if (entry_idle(e, f)) {
            entry_drop(e, f);
        } else { /* in use: out of the index, so that the number can be reused */
            hash_delete(&pc_index, &e->node);
            e->orphan = true;
            e->dirty = false;
        }
    }
    frame_table_unlock();
}

uint64_t
pagecache_pages(void)
{
    return __atomic_load_n(&n_pages, __ATOMIC_RELAXED);
}

struct frame *
pagecache_find(struct file *file, uint64_t idx)
{
    frame_table_lock();
    struct pc_entry *e = entry_find(file_inumber(file), idx);
    struct frame *f = e != NULL && e->state == PC_READY ? entry_frame(e) : NULL;
    bool trigger = false;
    if (f != NULL) {
        f->pins++;
        trigger = entry_found_locked(e);
    }
    frame_table_unlock();
    if (trigger)
        ra_async(file);
    return f;
}

struct frame *
pagecache_pick_idle_locked(void)
{
    for (unsigned looks = 0; looks < IDLE_LOOKS && !list_empty(&lru); looks++) {
        struct pc_entry *e = list_entry(list_front(&lru), struct pc_entry, lru);
        struct frame *f = entry_frame(e);
        list_remove(&e->lru);
        list_push_back(&lru, &e->lru);
        if (e->state != PC_READY || f->pins > 0 || !list_empty(&f->pages))
            continue;
        if (e->referenced) { /* a second chance, as the clock gives */
            e->referenced = false;
            continue;
        }
        e->state = PC_EVICTING;
        f->pins++;
        return f;
    }
    return NULL;
}

bool
pagecache_claim_locked(struct frame *f)
{
    struct pc_entry *e = frame_entry(f);
    if (e->state != PC_READY)
        return false;
    e->state = PC_EVICTING;
    return true;
}

bool
pagecache_test_referenced_locked(struct frame *f)
{
    struct pc_entry *e = frame_entry(f);
    bool r = e->referenced;
    e->referenced = false;
    return r;
}

bool
pagecache_evict(struct frame *f)
{
    frame_table_lock();
    struct pc_entry *e = frame_entry(f);
    struct list_node *n;
    list_for_each(n, &f->pages)
    {
        struct page *p = list_entry(n, struct page, frame_node);
        e->dirty |= p->kind == PAGE_FILE && p->dirty;
        if (p->kind == PAGE_FILE)
            p->dirty = false;
    }
    bool dirty = e->dirty && !e->orphan, written = e->written;
    uint32_t ino = e->ino;
    uint64_t idx = e->index;
    struct page *first = list_empty(&f->pages)
                             ? NULL
                             : list_entry(list_front(&f->pages), struct page, frame_node);
    struct pc_entry *es[WB_CLUSTER] = {e};
    void *kvas[WB_CLUSTER] = {f->kva};
    size_t more = dirty ? wb_gather_locked(ino, idx, es + 1, kvas + 1) : 0;
    frame_table_unlock();
    if (dirty) { /* the dirty pages after it are written with it, and stay */
        int64_t len;
        bool ok[WB_CLUSTER];
        pages_write_out(ino, idx, es, kvas, 1 + more, ok, &len);
        frame_table_lock();
        wb_release_locked(es + 1, more, ok + 1, len, false);
        frame_table_unlock();
        /* Kept while mapped, or while it holds write() bytes: their blocks
         * are set aside, so the write failed for a while (a running
         * program's file) or on a disk error, and the bytes exist nowhere
         * else.  A page written through a mapping alone is dropped once
         * unmapped: kept dirty it would hold its frame for good (a full
         * disk; docs/abi.md says its bytes may be lost). */
        if (!ok[0] && (first != NULL || written))
            return false;
    }
    if (!dirty)
        vm_count(&vm_counters.clean_drops);
    trace_evict(first ? first->space->pid : 0, first ? first->va : 0, trace_frame(f->kva),
                dirty ? TRACE_TO_FILE : TRACE_TO_DROPPED, -1);
    return true;
}

void
pagecache_unclaim(struct frame *f)
{
    frame_table_lock();
    struct pc_entry *e = frame_entry(f);
    e->state = PC_READY;
    e->dirty = !e->orphan; /* its write-back failed */
    frame_table_broadcast(&changed);
    entry_settle(e);
    frame_table_unlock();
}

void
pagecache_forget_locked(struct frame *f)
{
    if (f->cache != NULL)
        entry_delete(f->cache);
}
