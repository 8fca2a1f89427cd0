/* Address spaces and their supplemental page tables (see vm.h). */
#include "vm/vm.h"

#include "fs/file.h"
#include "kernel/debug.h"
#include "kernel/malloc.h"
#include "kernel/printf.h"
#include "lib/string.h"
#include "lib/util.h"
#include "vm/frame.h"
#include "vm/page.h"
#include "vm/pmap.h"
#include "vm/swap.h"

#define USER_TOP_VA 0x8004000000UL

struct vm_stats vm_counters;
bool vm_cow_fork = true;
bool vm_share_code = true;

void
vm_count(uint64_t *counter)
{
    __atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
}

void
vm_init(void)
{
    frame_table_init();
    share_init();
}

void
vm_init_swap(void)
{
    swap_init();
}

void
vm_init_zero_frame(void)
{
    frame_zero();
}

static uint64_t
page_hash(const struct hash_node *n, void *aux)
{
    (void)aux;
    return hash_u64(container_of(n, struct page, spt_node)->va);
}

static bool
page_equal(const struct hash_node *a, const struct hash_node *b, void *aux)
{
    (void)aux;
    return container_of(a, struct page, spt_node)->va ==
           container_of(b, struct page, spt_node)->va;
}

struct vm_space *
vm_space_create(void)
{
    struct vm_space *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->pmap = pmap_create();
    if (s->pmap == NULL || !hash_init(&s->spt, page_hash, page_equal, NULL)) {
        if (s->pmap)
            pmap_destroy(s->pmap);
        free(s);
        return NULL;
    }
    lock_init(&s->lock);
    list_init(&s->mappings);
    return s;
}

/* Unmaps PAGE, lets its kind finish with it (a written page of a mapped
 * file goes back to the file), frees its frame and frees it.  Space lock
 * held; PAGE already out of the table. */
static void
page_free(struct vm_space *s, struct page *page)
{
    if (page->frame != NULL && (pmap_remove(s->pmap, page->va) & PMAP_DIRTY))
        page->dirty = true;
    page->ops->destroy(page);
    if (page->frame != NULL) {
        frame_release(page->frame, page);
        s->resident--;
    }
    free(page);
}

/* hash_destroy callback. */
static void
page_free_node(struct hash_node *n, void *aux)
{
    struct vm_space *s = aux;
    page_free(s, container_of(n, struct page, spt_node));
}

void
vm_space_destroy(struct vm_space *s)
{
    lock_acquire(&s->lock);
    hash_destroy(&s->spt, page_free_node, s);
    vm_mappings_free(s);
    lock_release(&s->lock);
    pmap_destroy(s->pmap);
    file_close(s->exe);
    free(s);
}

void
vm_space_activate(struct vm_space *s)
{
    pmap_activate(s ? s->pmap : NULL);
}

/* The page at VA (page aligned) or NULL.  Space lock held. */
struct page *
vm_find_locked(struct vm_space *s, uint64_t va)
{
    struct page probe = {.va = va};
    struct hash_node *n = hash_find(&s->spt, &probe.spt_node);
    return n ? container_of(n, struct page, spt_node) : NULL;
}

/* Makes and inserts a page.  Space lock held.  NULL if VA is taken or bad. */
struct page *
vm_insert_locked(struct vm_space *s, uint64_t va, const struct page_source *src,
                 bool writable, bool executable, const struct page_ops *loaded_ops)
{
    if ((va & (VM_PAGE_SIZE - 1)) || va < VM_PAGE_SIZE || va >= USER_TOP_VA)
        return NULL;
    struct page *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->va = va;
    p->ops = &uninit_ops;
    p->loaded_ops = loaded_ops;
    p->swap_slot = SWAP_SLOT_NONE;
    p->writable = writable;
    p->executable = executable;
    p->space = s;
    if (src != NULL)
        p->source = *src;
    if (hash_insert(&s->spt, &p->spt_node) != NULL) {
        free(p);
        return NULL;
    }
    s->pages++;
    return p;
}

bool
vm_add_page_locked(struct vm_space *s, uint64_t va, struct page **out)
{
    *out = vm_insert_locked(s, va, NULL, true, false, &anon_ops);
    return *out != NULL;
}

bool
vm_add_page(struct vm_space *s, uint64_t va, const struct page_source *src,
            bool writable, bool executable)
{
    lock_acquire(&s->lock);
    struct page *p = vm_insert_locked(s, va, src, writable, executable, &anon_ops);
    lock_release(&s->lock);
    return p != NULL;
}

void
vm_remove_page_locked(struct vm_space *s, struct page *p)
{
    hash_delete(&s->spt, &p->spt_node);
    s->pages--;
    page_free(s, p);
}

bool
vm_remove_page(struct vm_space *s, uint64_t va)
{
    lock_acquire(&s->lock);
    struct page *p = vm_find_locked(s, va & ~(VM_PAGE_SIZE - 1));
    if (p != NULL)
        vm_remove_page_locked(s, p);
    lock_release(&s->lock);
    return p != NULL;
}

bool
vm_has_page(struct vm_space *s, uint64_t va)
{
    lock_acquire(&s->lock);
    bool has = vm_find_locked(s, va & ~(VM_PAGE_SIZE - 1)) != NULL;
    lock_release(&s->lock);
    return has;
}

/* PMAP_* protection for PAGE: a page that shares its frame copy-on-write is
 * mapped read-only until it has a frame of its own. */
unsigned
page_prot(const struct page *p)
{
    return PMAP_USER | (p->writable && !p->cow ? PMAP_WRITE : 0) |
           (p->executable ? PMAP_EXEC : 0);
}

/* Maps P to a frame that already holds its read-only code, if another
 * process loaded it; true if it did. */
static bool
page_load_shared_code(struct vm_space *s, struct page *p)
{
    if (!share_eligible(p))
        return false;
    struct frame *f = frame_find_code(&p->source, p);
    if (f == NULL)
        return false;
    if (!pmap_enter(s->pmap, p->va, f->pa, page_prot(p))) {
        frame_unpin(f);
        frame_release(f, p);
        return false;
    }
    p->ops = p->loaded_ops;
    p->frame = f;
    s->resident++;
    frame_unpin(f);
    vm_count(&vm_counters.shared_code);
    return true;
}

bool
vm_page_load_as(struct vm_space *s, struct page *p, uint64_t *counter)
{
    if (p->ops == &uninit_ops && page_load_shared_code(s, p))
        return true;
    struct frame *f = frame_alloc(p);
    if (f == NULL)
        return false;
    const struct page_ops *before = p->ops;
    if (!p->ops->swap_in(p, f->kva)) {
        frame_release(f, p);
        return false;
    }
    if (!pmap_enter(s->pmap, p->va, f->pa, page_prot(p))) {
        p->ops = before; /* still to be loaded, as if nothing happened */
        frame_release(f, p);
        return false;
    }
    p->frame = f;
    s->resident++;
    if (p->ops->loaded != NULL)
        p->ops->loaded(p);
    if (before == &uninit_ops && share_eligible(p))
        frame_publish_code(f, &p->source);
    frame_unpin(f);
    if (counter != NULL)
        vm_count(counter);
    return true;
}

bool
vm_page_load(struct vm_space *s, struct page *p)
{
    uint64_t *counter = NULL;
    if (p->ops == &file_ops || p->loaded_ops == &file_ops)
        counter = &vm_counters.mmap_faults;
    else if (p->ops == &uninit_ops)
        counter = p->source.n_chunks ? &vm_counters.faults_file : &vm_counters.faults_zero;
    return vm_page_load_as(s, p, counter);
}

bool
vm_page_remap(struct vm_space *s, struct page *p)
{
    if (pmap_remove(s->pmap, p->va) & PMAP_DIRTY)
        p->dirty = true; /* the old entry's dirty bit must not be lost */
    return pmap_enter(s->pmap, p->va, p->frame->pa, page_prot(p));
}

void *
vm_claim(struct vm_space *s, uint64_t va)
{
    lock_acquire(&s->lock);
    struct page *p = vm_find_locked(s, va & ~(VM_PAGE_SIZE - 1));
    void *kva = NULL;
    if (p != NULL && p->frame != NULL &&
        (p->cow || p->frame == zero_frame || frame_sharers(p->frame) > 1))
        p = NULL; /* shared: the kernel must not write into it */
    if (p != NULL && (p->frame != NULL || vm_page_load(s, p))) {
        kva = p->frame->kva;
        p->dirty = true; /* written through the kernel's address: no dirty bit */
        frame_pin(p->frame);
    }
    lock_release(&s->lock);
    return kva;
}

void
vm_unclaim(struct vm_space *s, uint64_t va)
{
    lock_acquire(&s->lock);
    struct page *p = vm_find_locked(s, va & ~(VM_PAGE_SIZE - 1));
    if (p != NULL && p->frame != NULL)
        frame_unpin(p->frame);
    lock_release(&s->lock);
}

/* Fills the frame at KVA with the current contents of P (in memory or in
 * swap).  P's space lock held. */
static bool
page_read_current(struct page *p, void *kva)
{
    if (p->frame != NULL) {
        memcpy(kva, p->frame->kva, VM_PAGE_SIZE);
        return true;
    }
    return swap_read(p->swap_slot, kva);
}

/* Makes child page C share parent page P's contents (fork with copy on
 * write): P's frame, mapped read-only in both until one of them writes, or
 * P's swap slot.  Both space locks held. */
static bool
page_share(struct vm_space *dst, struct vm_space *src, struct page *p, struct page *c)
{
    c->ops = p->ops;
    if (p->frame == NULL) { /* in swap: one more user of the slot */
        swap_ref(p->swap_slot);
        c->swap_slot = p->swap_slot;
        return true;
    }
    if (pmap_is_dirty(src->pmap, p->va))
        p->dirty = true; /* the entry is about to stop taking writes */
    if (p->writable)
        p->cow = c->cow = true;
    c->dirty = p->dirty;
    if (!pmap_enter(dst->pmap, c->va, p->frame->pa, page_prot(c))) {
        c->ops = &uninit_ops;
        return false;
    }
    pmap_protect(src->pmap, p->va, page_prot(p));
    frame_share(p->frame, c);
    c->frame = p->frame;
    dst->resident++;
    return true;
}

/* Copies page P of SRC into DST (whose lock the caller also holds): a page
 * with contents of its own (in memory or in swap) gets a frame with a copy;
 * a page still to be loaded from its source stays that way. */
static bool
page_copy(struct vm_space *dst, struct vm_space *src, struct page *p)
{
    struct page_source source = p->source;
    if (source.file == src->exe)
        source.file = dst->exe;
    else if (source.file != NULL)
        source.file = vm_mapping_file_in(dst, p->va, source.file);
    struct page *c = vm_insert_locked(dst, p->va, &source, p->writable, p->executable,
                                      p->loaded_ops);
    if (c == NULL)
        return false;
    if (p->ops == &uninit_ops || (p->frame == NULL && p->swap_slot == SWAP_SLOT_NONE))
        return true; /* not loaded yet, or dropped: C loads from the source too */
    if (vm_cow_fork && p->ops == &anon_ops)
        return page_share(dst, src, p, c);
    if (p->frame != NULL && pmap_is_dirty(src->pmap, p->va))
        p->dirty = true; /* so that C's copy counts as written, as P is */
    if (p->frame != NULL)
        frame_pin(p->frame); /* so that making room for C cannot evict it */
    struct frame *f = frame_alloc(c);
    bool ok = f != NULL && page_read_current(p, f->kva);
    if (ok)
        c->ops = p->ops;
    if (ok && !pmap_enter(dst->pmap, c->va, f->pa, page_prot(c))) {
        c->ops = &uninit_ops;
        ok = false;
    }
    if (p->frame != NULL)
        frame_unpin(p->frame);
    if (!ok) {
        if (f != NULL)
            frame_release(f, c);
        return false;
    }
    c->frame = f;
    c->dirty = p->ops == &file_ops ? p->dirty : true; /* anon: only in this frame */
    dst->resident++;
    frame_unpin(f);
    return true;
}

bool
vm_space_copy(struct vm_space *dst, struct vm_space *src)
{
    lock_acquire(&src->lock);
    lock_acquire(&dst->lock);
    bool ok = vm_mappings_copy(dst, src);
    struct hash_iter it;
    for (struct hash_node *n = hash_first(&it, &src->spt); n && ok; n = hash_next(&it))
        ok = page_copy(dst, src, container_of(n, struct page, spt_node));
    lock_release(&dst->lock);
    lock_release(&src->lock);
    return ok;
}

uint64_t
vm_frame_identity(struct vm_space *s, uint64_t va)
{
    uint64_t pa = 0;
    if (va >= USER_TOP_VA)
        return 0;
    lock_acquire(&s->lock);
    struct page *p = vm_find_locked(s, va & ~(VM_PAGE_SIZE - 1));
    if (p != NULL && p->frame != NULL)
        pa = p->frame->pa;
    lock_release(&s->lock);
    return pa;
}

size_t
vm_space_resident(struct vm_space *s)
{
    return s->resident;
}

struct vm_stats
vm_stats(void)
{
    struct vm_stats st = vm_counters;
    st.frames_in_use = frame_count();
    st.shared_frames = frame_shared_count();
    st.swap_in_use = swap_used();
    return st;
}

void
vm_print_stats(void)
{
    struct vm_stats st = vm_stats();
    printf("VM: page faults: %llu from files, %llu zero-filled, %llu stack growth, "
           "%llu killed; evictions: %llu (%llu to swap, %llu clean drops); "
           "swap-ins: %llu; mapped-file faults: %llu, write-backs: %llu; "
           "copy-on-write faults: %llu (%llu copies avoided), zero-page maps: %llu, "
           "shared code pages: %llu\n",
           (unsigned long long)st.faults_file, (unsigned long long)st.faults_zero,
           (unsigned long long)st.faults_stack, (unsigned long long)st.faults_killed,
           (unsigned long long)st.evictions, (unsigned long long)st.swap_outs,
           (unsigned long long)st.clean_drops, (unsigned long long)st.swap_ins,
           (unsigned long long)st.mmap_faults, (unsigned long long)st.mmap_writebacks,
           (unsigned long long)st.cow_faults, (unsigned long long)st.cow_avoided,
           (unsigned long long)st.zero_maps, (unsigned long long)st.shared_code);
}
