/* The fake pmap (see vm/pmap.h and fake_pmap.h): the machine-dependent
 * contract played on the host.  A pmap is a sorted array of entries keyed by
 * page address, each with the fake physical address of a frame from the fake
 * user pool and its PMAP_* protection and status bits.  Page-table pages are
 * counted as the x86-64 four-level tables would need them (one per distinct
 * 512 GiB, 1 GiB and 2 MiB region ever mapped, plus the top table), and,
 * like real ones, freed only by pmap_destroy.  One mutex guards every fake
 * pmap, so tests may touch memory from several threads.  Contract violations
 * that the real pmap asserts (unaligned or kernel addresses) panic here too,
 * and so does mapping a frame that is not allocated. */
#include "tests/host/support/fake_pmap.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/debug.h"
#include "tests/host/support/fake_palloc.h"

#define PAGE_MASK     (FAKE_PAGE_SIZE - 1)
#define PROT_BITS     (PMAP_WRITE | PMAP_EXEC | PMAP_USER)
#define STATUS_BITS   (PMAP_ACCESSED | PMAP_DIRTY)
#define CANONICAL_LOW 0x0000800000000000UL /* end of the canonical lower half */
#define TABLE_LEVELS  3                    /* tables below the top: PDPT, PD, PT */

/* One entry of a sorted array: a page-table entry (KEY is the page address)
 * or a page-table page (KEY names its level and region). */
struct fake_entry {
    uint64_t key;
    uint64_t pa;
    unsigned bits; /* PMAP_* protection | status bits */
};

/* A growable array of entries sorted by key. */
struct fake_array {
    struct fake_entry *e;
    size_t n, cap;
};

struct pmap {
    struct fake_array ptes;   /* the mappings, by page address */
    struct fake_array tables; /* page-table pages below the top one */
    int batch;                /* pmap_batch_begin nesting */
};

static pthread_mutex_t fake_mutex = PTHREAD_MUTEX_INITIALIZER; /* guards all below */
static struct pmap kernel_pmap;
static struct pmap *active = &kernel_pmap;
static unsigned enter_skip, enter_fail; /* failure injection for pmap_enter */
static bool create_fail;                /* failure injection for pmap_create */
static size_t live_pmaps;
static size_t last_destroy_mappings;
static uint64_t enter_calls;
static void (*before_remove)(struct pmap *, uint64_t, void *); /* one-shot hooks */
static void *before_remove_aux;
static void (*before_enter)(struct pmap *, uint64_t, void *);
static void *before_enter_aux;

/* Index of the first entry of A with a key >= KEY (A->n if none). */
static size_t
array_search(const struct fake_array *a, uint64_t key)
{
    size_t lo = 0, hi = a->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->e[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The entry of A with KEY, or NULL. */
static struct fake_entry *
array_find(const struct fake_array *a, uint64_t key)
{
    size_t i = array_search(a, key);
    return i < a->n && a->e[i].key == key ? &a->e[i] : NULL;
}

/* The entry of A with KEY, inserted zeroed (but for its key) if missing. */
static struct fake_entry *
array_get(struct fake_array *a, uint64_t key)
{
    size_t i = array_search(a, key);
    if (i < a->n && a->e[i].key == key)
        return &a->e[i];
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 16;
        a->e = realloc(a->e, a->cap * sizeof *a->e);
        if (a->e == NULL)
            panic("fake pmap: out of host memory");
    }
    memmove(&a->e[i + 1], &a->e[i], (a->n - i) * sizeof *a->e);
    a->n++;
    a->e[i] = (struct fake_entry){.key = key};
    return &a->e[i];
}

/* Removes the entry of A with KEY; returns a copy of it (bits 0 if none). */
static struct fake_entry
array_remove(struct fake_array *a, uint64_t key)
{
    struct fake_entry old = {0};
    size_t i = array_search(a, key);
    if (i < a->n && a->e[i].key == key) {
        old = a->e[i];
        memmove(&a->e[i], &a->e[i + 1], (a->n - i - 1) * sizeof *a->e);
        a->n--;
    }
    return old;
}

/* Frees A's entries; A is empty afterwards. */
static void
array_free(struct fake_array *a)
{
    free(a->e);
    *a = (struct fake_array){0};
}

/* The kernel's own tables: nothing to build on the host. */
void
pmap_bootstrap(void)
{
}

uint64_t
pmap_bootstrap_end(void)
{
    return FAKE_KERNEL_PA_BASE;
}

void
pmap_use_palloc(void)
{
}

struct pmap *
pmap_kernel(void)
{
    return &kernel_pmap;
}

/* Takes the injected pmap_create failure, if one is armed. */
static bool
create_should_fail(void)
{
    pthread_mutex_lock(&fake_mutex);
    bool fail = create_fail;
    create_fail = false;
    pthread_mutex_unlock(&fake_mutex);
    return fail;
}

struct pmap *
pmap_create(void)
{
    if (create_should_fail())
        return NULL;
    struct pmap *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    pthread_mutex_lock(&fake_mutex);
    live_pmaps++;
    pthread_mutex_unlock(&fake_mutex);
    return p;
}

void
pmap_destroy(struct pmap *pmap)
{
    pthread_mutex_lock(&fake_mutex);
    ASSERT(pmap != &kernel_pmap && pmap != active && pmap->batch == 0);
    last_destroy_mappings = pmap->ptes.n;
    live_pmaps--;
    pthread_mutex_unlock(&fake_mutex);
    array_free(&pmap->ptes);
    array_free(&pmap->tables);
    free(pmap);
}

void
pmap_activate(struct pmap *pmap)
{
    pthread_mutex_lock(&fake_mutex);
    active = pmap ? pmap : &kernel_pmap;
    pthread_mutex_unlock(&fake_mutex);
}

struct pmap *
pmap_active(void)
{
    pthread_mutex_lock(&fake_mutex);
    struct pmap *p = active;
    pthread_mutex_unlock(&fake_mutex);
    return p;
}

/* Takes the next pmap_enter failure, if one is due.  Fake mutex held. */
static bool
enter_should_fail(void)
{
    enter_calls++;
    if (enter_skip > 0) {
        enter_skip--;
        return false;
    }
    if (enter_fail > 0) {
        enter_fail--;
        return true;
    }
    return false;
}

/* Records the page-table pages that mapping VA needs.  Fake mutex held. */
static void
tables_add(struct pmap *pmap, uint64_t va)
{
    static const unsigned shift[TABLE_LEVELS] = {39, 30, 21};
    for (unsigned level = 0; level < TABLE_LEVELS; level++)
        array_get(&pmap->tables, (uint64_t)(level + 1) << 60 | va >> shift[level]);
}

bool
pmap_enter(struct pmap *pmap, uint64_t va, uint64_t pa, unsigned prot)
{
    ASSERT(va < FAKE_USER_TOP && (va & PAGE_MASK) == 0 && (pa & PAGE_MASK) == 0);
    pthread_mutex_lock(&fake_mutex);
    void (*hook)(struct pmap *, uint64_t, void *) = before_enter;
    void *aux = before_enter_aux;
    before_enter = NULL;
    pthread_mutex_unlock(&fake_mutex);
    if (hook != NULL)
        hook(pmap, va, aux);
    if (!fake_palloc_in_use(pa))
        panic("fake pmap: mapping %#llx to frame %#llx, which is not allocated",
              (unsigned long long)va, (unsigned long long)pa);
    pthread_mutex_lock(&fake_mutex);
    bool fail = enter_should_fail();
    if (!fail) {
        tables_add(pmap, va);
        struct fake_entry *e = array_get(&pmap->ptes, va);
        e->pa = pa;
        e->bits = prot & PROT_BITS;
    }
    pthread_mutex_unlock(&fake_mutex);
    return !fail;
}

unsigned
pmap_remove(struct pmap *pmap, uint64_t va)
{
    pthread_mutex_lock(&fake_mutex);
    void (*hook)(struct pmap *, uint64_t, void *) = before_remove;
    void *aux = before_remove_aux;
    before_remove = NULL;
    pthread_mutex_unlock(&fake_mutex);
    if (hook != NULL)
        hook(pmap, va, aux);
    pthread_mutex_lock(&fake_mutex);
    struct fake_entry old = array_remove(&pmap->ptes, va & ~PAGE_MASK);
    pthread_mutex_unlock(&fake_mutex);
    return old.bits & STATUS_BITS;
}

size_t
pmap_remove_frame_range(struct pmap *pmap, uint64_t start, uint64_t end, uint64_t pa)
{
    ASSERT(((start | end) & PAGE_MASK) == 0 && start <= end);
    pthread_mutex_lock(&fake_mutex);
    size_t n = 0, keep = array_search(&pmap->ptes, start);
    for (size_t i = keep; i < pmap->ptes.n; i++) {
        struct fake_entry *e = &pmap->ptes.e[i];
        if (e->key < end && e->pa == pa)
            n++;
        else
            pmap->ptes.e[keep++] = *e;
    }
    pmap->ptes.n = keep;
    pthread_mutex_unlock(&fake_mutex);
    return n;
}

bool
pmap_copy_frame_range(struct pmap *dst, struct pmap *src, uint64_t start, uint64_t end,
                      uint64_t pa, size_t *copied)
{
    ASSERT(((start | end) & PAGE_MASK) == 0 && start <= end && dst != src);
    pthread_mutex_lock(&fake_mutex);
    bool ok = true;
    for (size_t i = array_search(&src->ptes, start);
         i < src->ptes.n && src->ptes.e[i].key < end; i++) {
        struct fake_entry e = src->ptes.e[i];
        if (e.pa != pa)
            continue;
        if ((ok = !enter_should_fail()) == false)
            break;
        tables_add(dst, e.key);
        struct fake_entry *d = array_get(&dst->ptes, e.key);
        d->pa = pa;
        d->bits = e.bits & PROT_BITS;
        (*copied)++;
    }
    pthread_mutex_unlock(&fake_mutex);
    return ok;
}

bool
pmap_copy_entries(struct pmap *dst, struct pmap *src, const uint64_t *vas, size_t n)
{
    ASSERT(dst != src);
    pthread_mutex_lock(&fake_mutex);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        struct fake_entry *e = array_find(&src->ptes, vas[i]);
        if (e == NULL)
            continue;
        if ((ok = !enter_should_fail()) == false)
            break;
        e->bits &= ~PMAP_WRITE;
        tables_add(dst, e->key);
        *array_get(&dst->ptes, e->key) = *e;
    }
    pthread_mutex_unlock(&fake_mutex);
    return ok;
}

bool
pmap_protect(struct pmap *pmap, uint64_t va, unsigned prot)
{
    pthread_mutex_lock(&fake_mutex);
    struct fake_entry *e = array_find(&pmap->ptes, va & ~PAGE_MASK);
    if (e != NULL)
        e->bits = (e->bits & STATUS_BITS) | (prot & PROT_BITS);
    pthread_mutex_unlock(&fake_mutex);
    return e != NULL;
}

bool
pmap_lookup(struct pmap *pmap, uint64_t va, uint64_t *pa, unsigned *bits)
{
    pthread_mutex_lock(&fake_mutex);
    struct fake_entry *e = array_find(&pmap->ptes, va & ~PAGE_MASK);
    if (e != NULL && pa != NULL)
        *pa = e->pa;
    if (e != NULL && bits != NULL)
        *bits = e->bits;
    pthread_mutex_unlock(&fake_mutex);
    return e != NULL;
}

/* True if VA is mapped with status BIT set. */
static bool
test_bit(struct pmap *pmap, uint64_t va, unsigned bit)
{
    pthread_mutex_lock(&fake_mutex);
    struct fake_entry *e = array_find(&pmap->ptes, va & ~PAGE_MASK);
    bool set = e != NULL && (e->bits & bit);
    pthread_mutex_unlock(&fake_mutex);
    return set;
}

/* Clears status BIT of VA's mapping, if any. */
static void
clear_bit(struct pmap *pmap, uint64_t va, unsigned bit)
{
    pthread_mutex_lock(&fake_mutex);
    struct fake_entry *e = array_find(&pmap->ptes, va & ~PAGE_MASK);
    if (e != NULL)
        e->bits &= ~bit;
    pthread_mutex_unlock(&fake_mutex);
}

bool
pmap_is_accessed(struct pmap *pmap, uint64_t va)
{
    return test_bit(pmap, va, PMAP_ACCESSED);
}

bool
pmap_is_dirty(struct pmap *pmap, uint64_t va)
{
    return test_bit(pmap, va, PMAP_DIRTY);
}

void
pmap_clear_accessed(struct pmap *pmap, uint64_t va)
{
    clear_bit(pmap, va, PMAP_ACCESSED);
}

void
pmap_clear_dirty(struct pmap *pmap, uint64_t va)
{
    clear_bit(pmap, va, PMAP_DIRTY);
}

/* The fake counts a table for every address ever mapped; it keeps them. */
void
pmap_trim(struct pmap *pmap, uint64_t va)
{
    (void)pmap, (void)va;
}

/* The fake has no TLB: a batch only checks that it is ended (and not
 * destroyed while open). */
void
pmap_batch_begin(struct pmap *pmap)
{
    pthread_mutex_lock(&fake_mutex);
    pmap->batch++;
    pthread_mutex_unlock(&fake_mutex);
}

void
pmap_batch_end(struct pmap *pmap)
{
    pthread_mutex_lock(&fake_mutex);
    ASSERT(pmap->batch > 0);
    pmap->batch--;
    pthread_mutex_unlock(&fake_mutex);
}

size_t
pmap_table_pages(const struct pmap *pmap)
{
    pthread_mutex_lock(&fake_mutex);
    size_t n = 1 + pmap->tables.n;
    pthread_mutex_unlock(&fake_mutex);
    return n;
}

void *
pmap_frame_kva(uint64_t pa)
{
    void *kva = fake_palloc_kva(pa);
    if (kva == NULL)
        panic("fake pmap: no frame at physical address %#llx", (unsigned long long)pa);
    return kva;
}

uint64_t
pmap_frame_pa(const void *kva)
{
    uint64_t pa = fake_palloc_pa(kva);
    if (pa == 0)
        panic("fake pmap: %p is not a frame", kva);
    return pa;
}

/* The fault a user access to kernel-side address VA raises. */
static enum fake_touch
touch_kernel_side(uint64_t va)
{
    if (va >= FAKE_KERNEL_BASE)
        return FAKE_TOUCH_PROTECTION; /* present, but supervisor only */
    return va < CANONICAL_LOW ? FAKE_TOUCH_NOT_PRESENT : FAKE_TOUCH_GP;
}

/* True if mapping bits BITS allow a user-mode ACCESS. */
static bool
prot_allows(unsigned bits, enum vm_access access)
{
    if (!(bits & PMAP_USER))
        return false;
    if (access == VM_WRITE)
        return bits & PMAP_WRITE;
    if (access == VM_EXEC)
        return bits & PMAP_EXEC;
    return true;
}

enum fake_touch
fake_touch(struct pmap *pmap, uint64_t va, enum vm_access access)
{
    if (va >= FAKE_USER_TOP)
        return touch_kernel_side(va);
    pthread_mutex_lock(&fake_mutex);
    struct fake_entry *e = array_find(&pmap->ptes, va & ~PAGE_MASK);
    enum fake_touch r = FAKE_TOUCH_NOT_PRESENT;
    if (e != NULL && !fake_palloc_in_use(e->pa))
        panic("fake pmap: %#llx is still mapped to frame %#llx, which was freed",
              (unsigned long long)va, (unsigned long long)e->pa);
    if (e != NULL && !prot_allows(e->bits, access))
        r = FAKE_TOUCH_PROTECTION;
    else if (e != NULL) {
        e->bits |= PMAP_ACCESSED | (access == VM_WRITE ? PMAP_DIRTY : 0);
        r = FAKE_TOUCH_OK;
    }
    pthread_mutex_unlock(&fake_mutex);
    return r;
}

void *
fake_pmap_kva(struct pmap *pmap, uint64_t va)
{
    uint64_t pa;
    if (!pmap_lookup(pmap, va, &pa, NULL))
        return NULL;
    return (char *)pmap_frame_kva(pa) + (va & PAGE_MASK);
}

void
fake_pmap_fail_enter(unsigned skip, unsigned count)
{
    pthread_mutex_lock(&fake_mutex);
    enter_skip = skip;
    enter_fail = count;
    pthread_mutex_unlock(&fake_mutex);
}

void
fake_pmap_fail_next_create(void)
{
    pthread_mutex_lock(&fake_mutex);
    create_fail = true;
    pthread_mutex_unlock(&fake_mutex);
}

void
fake_pmap_before_remove(void (*fn)(struct pmap *pmap, uint64_t va, void *aux), void *aux)
{
    pthread_mutex_lock(&fake_mutex);
    before_remove = fn;
    before_remove_aux = aux;
    pthread_mutex_unlock(&fake_mutex);
}

void
fake_pmap_before_enter(void (*fn)(struct pmap *pmap, uint64_t va, void *aux), void *aux)
{
    pthread_mutex_lock(&fake_mutex);
    before_enter = fn;
    before_enter_aux = aux;
    pthread_mutex_unlock(&fake_mutex);
}

bool
fake_pmap_drop(struct pmap *pmap, uint64_t va)
{
    pthread_mutex_lock(&fake_mutex);
    struct fake_entry old = array_remove(&pmap->ptes, va & ~PAGE_MASK);
    pthread_mutex_unlock(&fake_mutex);
    return old.pa != 0;
}

size_t
fake_pmap_mappings(const struct pmap *pmap)
{
    pthread_mutex_lock(&fake_mutex);
    size_t n = pmap->ptes.n;
    pthread_mutex_unlock(&fake_mutex);
    return n;
}

size_t
fake_pmap_live(void)
{
    pthread_mutex_lock(&fake_mutex);
    size_t n = live_pmaps;
    pthread_mutex_unlock(&fake_mutex);
    return n;
}

size_t
fake_pmap_last_destroy_mappings(void)
{
    pthread_mutex_lock(&fake_mutex);
    size_t n = last_destroy_mappings;
    pthread_mutex_unlock(&fake_mutex);
    return n;
}

uint64_t
fake_pmap_enter_calls(void)
{
    pthread_mutex_lock(&fake_mutex);
    uint64_t n = enter_calls;
    pthread_mutex_unlock(&fake_mutex);
    return n;
}
