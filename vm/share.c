/* The index of frames by where their bytes come from (see share.h).  An
 * entry is keyed by an inode number and a chunk (offset in the file and in
 * the page, length); the swap cache uses inode 0 and the slot as the
 * offset.  A swap-cache frame is found by its slot; it stays listed
 * only while every page in it is mapped read-only, so its bytes are the
 * slot's (vm/page.c, vm/fault.c).  Guarded by the frame-table lock (see
 * vm/frame.c). */
#include "fs/file.h"
#include "kernel/malloc.h"
#include "lib/hash.h"
#include "lib/util.h"
#include "vm/frame.h"
#include "vm/share.h"
#include "vm/vm.h"

struct share_entry {
    struct hash_node node;
    uint32_t inumber;
    struct page_chunk chunk;
    struct frame *frame;
};

static struct hash index;
static bool index_ready;

static uint64_t
entry_hash(const struct hash_node *n, void *aux)
{
    (void)aux;
    const struct share_entry *e = container_of(n, struct share_entry, node);
    return hash_u64(((uint64_t)e->inumber << 40) ^ (uint64_t)e->chunk.file_off ^
                    ((uint64_t)e->chunk.page_off << 20) ^ e->chunk.len);
}

static bool
entry_equal(const struct hash_node *a, const struct hash_node *b, void *aux)
{
    (void)aux;
    const struct share_entry *x = container_of(a, struct share_entry, node);
    const struct share_entry *y = container_of(b, struct share_entry, node);
    return x->inumber == y->inumber && x->chunk.file_off == y->chunk.file_off &&
           x->chunk.page_off == y->chunk.page_off && x->chunk.len == y->chunk.len;
}

void
share_init(void)
{
    index_ready = hash_init(&index, entry_hash, entry_equal, NULL);
}

struct page_source
share_swap_source(uint32_t slot)
{
    struct page_source src = {.file = NULL, .n_chunks = 1};
    src.chunk[0] =
        (struct page_chunk){.page_off = 0, .len = VM_PAGE_SIZE, .file_off = slot};
    return src;
}

/* The probe entry for SRC (inode 0, which ext2 never uses, for swap). */
static struct share_entry
probe_for(const struct page_source *src)
{
    return (struct share_entry){.inumber = src->file ? file_inumber(src->file) : 0,
                                .chunk = src->chunk[0]};
}

struct frame *
share_lookup_locked(const struct page_source *src)
{
    if (!index_ready)
        return NULL;
    struct share_entry probe = probe_for(src);
    struct hash_node *n = hash_find(&index, &probe.node);
    return n ? container_of(n, struct share_entry, node)->frame : NULL;
}

void
share_insert_locked(struct frame *f, const struct page_source *src)
{
    struct share_entry *e = malloc(sizeof *e);
    if (!index_ready || e == NULL) {
        free(e);
        return;
    }
    *e = probe_for(src);
    e->frame = f;
    if (hash_insert(&index, &e->node) != NULL) {
        free(e); /* another frame holds these bytes already */
        return;
    }
    f->share = e;
}

void
share_remove_locked(struct frame *f)
{
    if (f->share == NULL)
        return;
    hash_delete(&index, &f->share->node);
    free(f->share);
    f->share = NULL;
    if (hash_empty(&index)) {
        /* Give back the buckets the index grew while programs ran. */
        hash_destroy(&index, NULL, NULL);
        index_ready = hash_init(&index, entry_hash, entry_equal, NULL);
    }
}
