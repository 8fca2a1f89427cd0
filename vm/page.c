/* Per-page state (see page.h): the records of touched pages, and bringing a
 * page into a frame. */
#include "vm/page.h"

#include "fs/file.h"
#include "kernel/malloc.h"
#include "kernel/debug.h"
#include "kernel/trace.h"
#include "lib/string.h"
#include "lib/util.h"
#include "vm/anon.h"
#include "vm/file.h"
#include "vm/frame.h"
#include "vm/pagecache.h"
#include "vm/pmap.h"
#include "vm/share.h"
#include "vm/swap.h"
#include "vm/swapra.h"
#include "vm/vm.h"

_Static_assert(sizeof(struct page) == 64, "a page record is 64 bytes");

const struct page_ops *const page_kinds[PAGE_KINDS] = {
    [PAGE_ANON] = &anon_ops,
    [PAGE_FILE] = &file_ops,
};

/* Maps P to a frame the index of vm/share.h lists for SRC, if there is one,
 * counting it in COUNTER; true if it did.  Such a frame holds bytes other
 * pages share, so P stays read-only (copy-on-write if writable) until it
 * writes. */
static bool
page_map_indexed(struct vm_space *s, struct page *p, const struct page_source *src,
                 uint64_t *counter)
{
    struct frame *f = frame_find_by_source(src, p);
    if (f == NULL)
        return false;
    p->cow = p->writable;
    if (!pmap_enter(s->pmap, p->va, f->pa, page_prot(p))) {
        p->cow = false;
        frame_unpin(f);
        frame_release(f, p);
        return false;
    }
    p->frame = f;
    s->resident++;
    frame_unpin(f);
    vm_count(counter);
    return true;
}

/* Maps P, which is in swap, to a frame that already holds its slot's bytes
 * (another page read it back: the swap cache); true if it did. */
static bool
page_load_swap_cached(struct vm_space *s, struct page *p)
{
    struct page_source key = share_swap_source(p->swap_slot);
    return page_map_indexed(s, p, &key, &vm_counters.swap_cache_hits);
}

bool
page_lost(const struct page *p)
{
    return p->frame == NULL && p->swap_slot != SWAP_SLOT_NONE &&
           swap_is_bad(p->swap_slot);
}

/* Brings P, which is in swap, into a new frame.  P keeps its slot as its
 * swap cache while swap has room (swap_keeps_copies); if other pages use the
 * slot too, the frame is listed so that they find it, and P is mapped
 * read-only until it writes. */
static bool
page_load_swap(struct vm_space *s, const struct vm_region *r, struct page *p)
{
    if (page_load_swap_cached(s, p))
        return true;
    if (swap_is_bad(p->swap_slot))
        return false; /* a read of it failed: its bytes are lost (page_lost) */
    void *ahead = swap_ra_take(p->swap_slot); /* read ahead: no I/O */
    struct frame *f = ahead != NULL ? frame_adopt(ahead, p) : NULL;
    bool loaded = f != NULL;
    if (f == NULL)
        f = frame_alloc(p);
    if (f == NULL)
        return false;
    bool keep = swap_keeps_copies(), publish = keep && swap_shared(p->swap_slot);
    p->cow = publish && p->writable;
    if ((!loaded && !page_ops(p)->load(p, r, f->kva)) ||
        !pmap_enter(s->pmap, p->va, f->pa, page_prot(p))) {
        p->cow = false;
        frame_release(f, p);
        return false;
    }
    p->frame = f;
    s->resident++;
    struct page_source key = share_swap_source(p->swap_slot);
    if (publish)
        frame_publish_source(f, &key);
    if (!keep) { /* memory holds the only copy again */
        swap_free(p->swap_slot);
        p->swap_slot = SWAP_SLOT_NONE;
        p->dirty = true;
    }
    frame_unpin(f);
    vm_count_fault(&vm_counters.swap_ins, p->va, f->kva);
    trace_swap_in(trace_pid(), p->va, trace_frame(f->kva),
                  p->swap_slot == SWAP_SLOT_NONE ? -1 : (int64_t)p->swap_slot);
    return true;
}

/* If page P (source SRC) is exactly a page of its file as the page cache
 * holds it, sets *IDX to that page and returns true: a page of a mapped
 * file, or a page of a program image that is a whole file page or the
 * file's last (mapped copy-on-write if writable). */
static bool
page_is_file_page(const struct page *p, const struct page_source *src, uint64_t *idx)
{
    if (src->n_chunks != 1 || src->chunk[0].page_off != 0 ||
        src->chunk[0].file_off % VM_PAGE_SIZE != 0)
        return false;
    /* Program bytes end inside the page: the cached page shows the file's
     * next bytes there, where the page must hold zeros, unless that is the
     * file's end. */
    if (p->kind != PAGE_FILE && src->chunk[0].len != VM_PAGE_SIZE &&
        src->chunk[0].file_off + src->chunk[0].len < file_length(src->file))
        return false;
    *idx = (uint64_t)src->chunk[0].file_off / VM_PAGE_SIZE;
    return true;
}

/* True if page P, mapping a page of FILE that the page cache holds, must
 * share it copy-on-write: a program image's page, or a writable mapping's
 * page of a running program, which a write through the mapping must not
 * change (docs/abi.md: writes to a running executable write nothing). */
static bool
page_cached_cow(const struct page *p, struct file *file)
{
    return p->writable && (p->kind != PAGE_FILE || file_write_denied(file));
}

/* Maps P to the page cache's frame of page IDX of FILE: a view of the file
 * for a mapped file (copy-on-write if writable and the file a running
 * program), read-only (copy-on-write if writable) for a program image.
 * False if out of memory or on a disk error. */
static bool
page_map_cached(struct vm_space *s, struct page *p, struct file *file, uint64_t idx,
                uint64_t *counter)
{
    struct frame *f = pagecache_get(file, idx, p->va);
    if (f == NULL)
        return false;
    p->cow = page_cached_cow(p, file);
    pagecache_map(f, p);
    if (!pmap_enter(s->pmap, p->va, f->pa, page_prot(p))) {
        p->cow = false;
        frame_release(f, p);
        pagecache_put(f);
        return false;
    }
    p->frame = f;
    s->resident++;
    pagecache_put(f);
    if (p->kind != PAGE_FILE && !p->writable && frame_sharers(f) > 1)
        vm_count(&vm_counters.shared_code); /* code another process mapped */
    else if (counter != NULL)
        vm_count_fault(counter, p->va, f->kva);
    return true;
}

#define FAULT_AROUND 16 /* pages: a file fault maps the cached ones of its block */

/* Maps page VA of R (no record yet) to its frame in the page cache if that
 * is there now, without I/O; true if it did. */
static bool
page_map_around(struct vm_space *s, const struct vm_region *r, uint64_t va)
{
    struct page *q = page_create(s, r, va);
    if (q == NULL)
        return false;
    struct page_source src;
    uint64_t idx;
    struct frame *f = NULL;
    region_page_source(r, va, &src);
    if (page_is_file_page(q, &src, &idx) && (f = pagecache_find(src.file, idx)) != NULL) {
        q->cow = page_cached_cow(q, src.file);
        pagecache_map(f, q);
        if (pmap_enter(s->pmap, va, f->pa, page_prot(q))) {
            q->frame = f;
            s->resident++;
            pagecache_put(f);
            return true;
        }
        frame_release(f, q);
        pagecache_put(f);
    }
    page_delete(&s->pages, q);
    return false;
}

/* Fault-around: after a fault on file page P of R, maps the other pages of
 * its aligned block of FAULT_AROUND pages that are in the page cache already
 * and untouched, so that a sequential reader takes one fault per block. */
static void
page_fault_around(struct vm_space *s, const struct vm_region *r, const struct page *p)
{
    if (!vm_readahead)
        return;
    uint64_t base = p->va & ~(uint64_t)(FAULT_AROUND * VM_PAGE_SIZE - 1);
    for (uint64_t va = base; va < base + FAULT_AROUND * VM_PAGE_SIZE;
         va += VM_PAGE_SIZE) {
        if (va == p->va || va < r->start || va >= r->end || page_find(&s->pages, va))
            continue;
        if (page_map_around(s, r, va))
            vm_count(&vm_counters.fault_around);
    }
}

/* Fills KVA with the page SRC describes, copying its bytes from the page
 * cache (zeros elsewhere); false on a disk error or out of memory. */
static bool
page_copy_cached(const struct page_source *src, uint64_t va, void *kva)
{
    memset(kva, 0, VM_PAGE_SIZE);
    for (unsigned i = 0; i < src->n_chunks; i++) {
        const struct page_chunk *c = &src->chunk[i];
        for (uint32_t done = 0; done < c->len;) {
            uint64_t pos = (uint64_t)c->file_off + done, in = pos % VM_PAGE_SIZE;
            uint32_t n = (uint32_t)MIN((uint64_t)(c->len - done), VM_PAGE_SIZE - in);
            struct frame *f = pagecache_get(src->file, pos / VM_PAGE_SIZE, va);
            if (f == NULL)
                return false;
            memcpy((char *)kva + c->page_off + done, (char *)f->kva + in, n);
            pagecache_put(f);
            done += n;
        }
    }
    return true;
}

/* Fills KVA with P's first contents: from the page cache if it is on, else
 * through P's kind. */
static bool
page_fill(struct page *p, const struct vm_region *r, void *kva)
{
    struct page_source src;
    region_page_source(r, p->va, &src);
    if (vm_page_cache && src.n_chunks > 0 && p->swap_slot == SWAP_SLOT_NONE)
        return page_copy_cached(&src, p->va, kva);
    return page_ops(p)->load(p, r, kva);
}

bool
page_load(struct vm_space *s, const struct vm_region *r, struct page *p,
          uint64_t *counter)
{
    if (p->swap_slot != SWAP_SLOT_NONE)
        return page_load_swap(s, r, p);
    struct page_source src;
    uint64_t idx;
    region_page_source(r, p->va, &src);
    if (vm_page_cache && page_is_file_page(p, &src, &idx)) {
        if (!page_map_cached(s, p, src.file, idx, counter))
            return false;
        if (counter != NULL)
            page_fault_around(s, r, p);
        return true;
    }
    struct frame *f = frame_alloc(p);
    if (f == NULL)
        return false;
    if (!page_fill(p, r, f->kva) || !pmap_enter(s->pmap, p->va, f->pa, page_prot(p))) {
        frame_release(f, p);
        return false;
    }
    p->frame = f;
    s->resident++;
    frame_unpin(f);
    if (counter != NULL)
        vm_count_fault(counter, p->va, f->kva);
    return true;
}

bool
page_remap(struct vm_space *s, struct page *p)
{
    if (pmap_remove(s->pmap, p->va) & PMAP_DIRTY)
        p->dirty = true; /* the old entry's dirty bit must not be lost */
    return pmap_enter(s->pmap, p->va, p->frame->pa, page_prot(p));
}

/* What P's kind must do as P goes (save written bytes: file pages). */
static inline void
page_destroy_kind(struct page *p, const struct vm_region *r)
{
    if (page_ops(p)->destroy != NULL)
        page_ops(p)->destroy(p, r);
}

/* Gives up P's swap slot, if it has one.  Only once P has let go of its
 * frame: a frame read back from a slot stays the slot's swap-cache copy
 * until it is let go of, so a slot freed (and taken again by an eviction)
 * while that frame is still listed could be found holding the old bytes. */
static inline void
page_free_slot(struct page *p)
{
    if (p->swap_slot != SWAP_SLOT_NONE) {
        swap_free(p->swap_slot);
        p->swap_slot = SWAP_SLOT_NONE;
    }
}

/* Frees what P holds through its kind, then lets go of its frame (freed if
 * P was its last page), then of its swap slot.  P's entry is gone or never
 * used again. */
static void
page_destroy(struct vm_space *s, const struct vm_region *r, struct page *p)
{
    page_destroy_kind(p, r);
    if (p->frame != NULL) {
        frame_release(p->frame, p);
        p->frame = NULL;
        s->resident--;
    }
    page_free_slot(p);
}

void
page_let_go(struct vm_space *s, const struct vm_region *r, struct page *p)
{
    if (p->frame != NULL && (pmap_remove(s->pmap, p->va) & PMAP_DIRTY))
        p->dirty = true;
    page_destroy(s, r, p);
}

void
page_free(struct vm_space *s, const struct vm_region *r, struct page *p)
{
    page_let_go(s, r, p);
    page_delete(&s->pages, p);
}

void
page_batch_init(struct page_batch *b, struct vm_space *s, bool dying)
{
    b->s = s;
    b->dying = dying;
    b->n = 0;
    b->n_slots = 0;
}

void
page_batch_end(struct page_batch *b)
{
    frame_release_pages(b->pages, b->n);
    for (size_t i = 0; i < b->n && (!b->dying || b->n_slots > 0); i++) {
        page_free_slot(b->pages[i]); /* its frame let go of first */
        if (!b->dying) {
            b->pages[i]->frame = NULL;
            page_delete(&b->s->pages, b->pages[i]);
        }
    }
    b->s->resident -= b->n;
    b->n = 0;
    b->n_slots = 0;
}

/* Adds P, destroyed, to B's frames to let go of, if it has one. */
static void
page_batch_add(struct page_batch *b, struct page *p)
{
    b->pages[b->n++] = p;
    b->n_slots += p->swap_slot != SWAP_SLOT_NONE;
    if (b->n == FRAME_RELEASE_MAX)
        page_batch_end(b);
}

/* page_let_go of P for a space that is going away, whose page tables go
 * with it and are never active again: the entry stays (the tables are freed
 * whole), its dirty bit read only if P's kind has a destroy (which is given
 * R, P's region), and the record stays for the table to free whole; its
 * frame's release is delayed as page_batch_free's. */
static inline void
page_let_go_dying(struct page_batch *b, const struct vm_region *r, struct page *p)
{
    if (p->frame != NULL && page_ops(p)->destroy != NULL &&
        pmap_is_dirty(b->s->pmap, p->va))
        p->dirty = true;
    page_destroy_kind(p, r);
    if (p->frame != NULL)
        page_batch_add(b, p);
    else
        page_free_slot(p);
}

void
page_let_go_all(struct vm_space *s)
{
    struct page_batch b;
    page_batch_init(&b, s, true);
    /* the region of the last page whose kind's destroy needs one: pages come
     * mostly in order */
    const struct vm_region *r = NULL;
    struct list_node *cursor = NULL;
    struct page *recs;
    unsigned cap;
    while ((recs = page_table_next_slab(&s->pages, &cursor, &cap)) != NULL) {
        for (unsigned i = 0; i < cap; i++) {
            struct page *p = &recs[i];
            if (p->space == NULL)
                continue;
            if (page_ops(p)->destroy != NULL &&
                (r == NULL || p->va < r->start || p->va >= r->end))
                r = region_find(&s->regions, p->va);
            page_let_go_dying(&b, r, p);
        }
    }
    page_batch_end(&b);
}

void
page_batch_free(struct page_batch *b, const struct vm_region *r, struct page *p)
{
    if (p->frame != NULL && (pmap_remove(b->s->pmap, p->va) & PMAP_DIRTY))
        p->dirty = true;
    page_destroy_kind(p, r);
    if (p->frame != NULL) {
        page_batch_add(b, p);
        return;
    }
    page_free_slot(p);
    page_delete(&b->s->pages, p);
}

/* Fills KVA with P's current contents: its frame's, or its swap copy. */
static bool
page_read_current(struct page *p, void *kva)
{
    if (p->frame != NULL) {
        memcpy(kva, p->frame->kva, VM_PAGE_SIZE);
        return true;
    }
    return swap_read(p->swap_slot, kva);
}

bool
page_fork_copy(struct vm_space *dst, struct page *p, struct page *c)
{
    if (p->frame != NULL && pmap_is_dirty(p->space->pmap, p->va))
        p->dirty = true; /* so that C's copy counts as written, as P is */
    if (p->frame != NULL)
        frame_pin(p->frame); /* so that making room for C cannot evict it */
    struct frame *f = frame_alloc(c);
    bool ok = f != NULL && page_read_current(p, f->kva) &&
              pmap_enter(dst->pmap, c->va, f->pa, page_prot(c));
    if (p->frame != NULL)
        frame_unpin(p->frame);
    if (!ok) {
        if (f != NULL)
            frame_release(f, c);
        return false;
    }
    c->frame = f;
    c->dirty = true; /* only this frame holds C's contents */
    dst->resident++;
    frame_unpin(f);
    return true;
}
