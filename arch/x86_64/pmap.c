/* x86-64 4-level page tables behind the pmap interface (see pmap.h). */
#include "vm/pmap.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/pte.h"
#include "kernel/bootinfo.h"
#include "kernel/debug.h"
#include "kernel/malloc.h"
#include "kernel/palloc.h"
#include "lib/string.h"

#define TABLE_FLAGS  (PTE_P | PTE_W)
#define KERNEL_SLOT0 256 /* first PML4 slot of the upper half */

#define LEAF_NONE   UINT64_MAX /* no last-level table remembered */
#define BATCH_PAGES 32         /* a batch flushing more pages flushes the whole TLB */

struct pmap {
    uint64_t *pml4;    /* kernel virtual address of the top table */
    size_t tables;     /* page-table pages of the user half, PML4 included */
    uint64_t leaf_tag; /* VA >> 21 of the last-level table LEAF, or LEAF_NONE */
    uint64_t *leaf;    /* the last-level table walked to last (pages in a row) */
    int batch;         /* pmap_batch_begin nesting: TLB flushes wait */
    unsigned n_stale;  /* flushes waiting for pmap_batch_end */
    uint64_t stale[BATCH_PAGES]; /* their pages, while there are few */
};

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __kernel_end[];

static struct pmap kernel_pmap = {.leaf_tag = LEAF_NONE};
static struct pmap *active;
static bool tables_from_palloc;
static uint64_t early_next; /* next free physical page for bootstrap tables */

/* A zeroed page for a page table: early pages before palloc exists. */
static uint64_t *
table_alloc(void)
{
    if (tables_from_palloc)
        return palloc_get_page(PAL_ZERO);
    uint64_t *t = ptov(early_next);
    early_next += PAGE_SIZE;
    memset(t, 0, PAGE_SIZE);
    return t;
}

/* Entry of TABLE for VA at LEVEL's child, creating the child table if CREATE.
 * Returns the child table, or NULL. */
static uint64_t *
table_child(uint64_t *table, uint64_t va, int level, bool create, uint64_t flags,
            size_t *count)
{
    uint64_t *e = &table[pt_index(va, level)];
    if (!pte_is_present(*e)) {
        if (!create)
            return NULL;
        uint64_t *child = table_alloc();
        if (child == NULL)
            return NULL;
        if (count)
            (*count)++;
        *e = pte_make(vtop(child), flags);
    }
    ASSERT(!(*e & PTE_PS));
    return ptov(pte_addr(*e));
}

/* pmap_walk past the remembered last-level table. */
static uint64_t *
pmap_walk_slow(struct pmap *pmap, uint64_t va, bool create)
{
    uint64_t flags = TABLE_FLAGS | (va < USER_TOP ? PTE_U : 0);
    uint64_t *t = pmap->pml4;
    for (int level = 3; level > 0 && t != NULL; level--)
        t = table_child(t, va, level, create, flags, &pmap->tables);
    if (t == NULL)
        return NULL;
    pmap->leaf_tag = va >> 21;
    pmap->leaf = t;
    return &t[pt_index(va, 0)];
}

/* Pointer to the level-0 entry for VA, or NULL (creating tables if CREATE).
 * The last-level table found is remembered, so that pages in a row cost no
 * walk from the top (inline: the common case on every hot path). */
static inline uint64_t *
pmap_walk(struct pmap *pmap, uint64_t va, bool create)
{
    if (va >> 21 == pmap->leaf_tag)
        return &pmap->leaf[pt_index(va, 0)];
    return pmap_walk_slow(pmap, va, create);
}

/* PTE flags for PMAP_* protection bits. */
static uint64_t
prot_to_flags(unsigned prot)
{
    uint64_t f = PTE_P;
    if (prot & PMAP_WRITE)
        f |= PTE_W;
    if (prot & PMAP_USER)
        f |= PTE_U;
    if (!(prot & PMAP_EXEC) && cpu_has_nx)
        f |= PTE_NX;
    return f;
}

/* PMAP_* protection and status bits of a present entry. */
static unsigned
flags_to_bits(uint64_t pte)
{
    unsigned b = 0;
    b |= (pte & PTE_W) ? PMAP_WRITE : 0;
    b |= (pte & PTE_U) ? PMAP_USER : 0;
    b |= (pte & PTE_NX) ? 0 : PMAP_EXEC;
    b |= (pte & PTE_A) ? PMAP_ACCESSED : 0;
    b |= (pte & PTE_D) ? PMAP_DIRTY : 0;
    return b;
}

/* PMAP_ACCESSED|PMAP_DIRTY as entry PTE has them (no branch: the bits sit
 * one place apart in both). */
static inline unsigned
status_bits(uint64_t pte)
{
    _Static_assert(PTE_A >> 1 == PMAP_ACCESSED && PTE_D >> 1 == PMAP_DIRTY, "bit layout");
    return (unsigned)(pte >> 1) & (PMAP_ACCESSED | PMAP_DIRTY);
}

/* Drops VA from the TLB if PMAP's entries may be cached there (in a batch:
 * at its end, page by page if it changed few, else the whole TLB). */
static void
pmap_flush(struct pmap *pmap, uint64_t va)
{
    if (pmap->batch > 0 && va < USER_TOP) {
        if (pmap->n_stale < BATCH_PAGES)
            pmap->stale[pmap->n_stale] = va;
        pmap->n_stale++;
    } else if (pmap == active || va >= USER_TOP) {
        invlpg(va);
    }
}

void
pmap_batch_begin(struct pmap *pmap)
{
    pmap->batch++;
}

void
pmap_batch_end(struct pmap *pmap)
{
    ASSERT(pmap->batch > 0);
    if (--pmap->batch > 0 || pmap->n_stale == 0)
        return;
    if (pmap == active && pmap->n_stale > BATCH_PAGES)
        write_cr3(vtop(pmap->pml4)); /* one flush for the whole batch */
    else if (pmap == active)
        for (unsigned i = 0; i < pmap->n_stale; i++)
            invlpg(pmap->stale[i]);
    pmap->n_stale = 0;
}

/* Maps kernel-image range [START, END) with 4 KiB pages and FLAGS. */
static void
map_image_range(const char *start, const char *end, uint64_t flags)
{
    for (uint64_t va = (uint64_t)start; va < (uint64_t)end; va += PAGE_SIZE)
        *pmap_walk(&kernel_pmap, va, true) = pte_make(va - KERNEL_VMA, flags);
}

/* Maps all physical memory at DMAP_BASE with 2 MiB pages, no execute. */
static void
map_direct(uint64_t top)
{
    uint64_t flags = PTE_P | PTE_W | PTE_G | PTE_PS | (cpu_has_nx ? PTE_NX : 0);
    for (uint64_t pa = 0; pa < top; pa += LARGE_PAGE_SIZE) {
        uint64_t va = DMAP_BASE + pa;
        uint64_t *pdpt = table_child(kernel_pmap.pml4, va, 3, true, TABLE_FLAGS, NULL);
        uint64_t *pd = table_child(pdpt, va, 2, true, TABLE_FLAGS, NULL);
        pd[pt_index(va, 1)] = pte_make(pa, flags);
    }
}

void
pmap_bootstrap(void)
{
    early_next = page_round_up((uint64_t)__kernel_end - KERNEL_VMA);
    kernel_pmap.pml4 = table_alloc();
    uint64_t nx = cpu_has_nx ? PTE_NX : 0;
    map_image_range(__text_start, __text_end, PTE_P | PTE_G);
    map_image_range(__rodata_start, __rodata_end, PTE_P | PTE_G | nx);
    map_image_range(__data_start, __kernel_end, PTE_P | PTE_W | PTE_G | nx);
    map_direct((boot_info.mem_top + LARGE_PAGE_SIZE - 1) & ~(LARGE_PAGE_SIZE - 1));
    write_cr4(read_cr4() | (1 << 7)); /* PGE: keep global kernel entries in the TLB */
    write_cr3(vtop(kernel_pmap.pml4));
    active = &kernel_pmap;
}

uint64_t
pmap_bootstrap_end(void)
{
    return early_next;
}

void
pmap_use_palloc(void)
{
    tables_from_palloc = true;
}

struct pmap *
pmap_kernel(void)
{
    return &kernel_pmap;
}

struct pmap *
pmap_create(void)
{
    struct pmap *p = malloc(sizeof *p);
    if (p == NULL)
        return NULL;
    p->pml4 = palloc_get_page(PAL_ZERO);
    if (p->pml4 == NULL) {
        free(p);
        return NULL;
    }
    p->tables = 1;
    p->leaf_tag = LEAF_NONE;
    p->leaf = NULL;
    p->batch = 0;
    p->n_stale = 0;
    memcpy(p->pml4 + KERNEL_SLOT0, kernel_pmap.pml4 + KERNEL_SLOT0,
           (PT_ENTRIES - KERNEL_SLOT0) * sizeof(uint64_t));
    return p;
}

/* Frees table T of LEVEL and every table below it. */
static void
free_tables(uint64_t *t, int level)
{
    if (level > 0) {
        for (unsigned i = 0; i < PT_ENTRIES; i++)
            if (pte_is_present(t[i]))
                free_tables(ptov(pte_addr(t[i])), level - 1);
    }
    palloc_free_page(t);
}

void
pmap_destroy(struct pmap *pmap)
{
    ASSERT(pmap != &kernel_pmap && pmap != active);
    for (unsigned i = 0; i < KERNEL_SLOT0; i++)
        if (pte_is_present(pmap->pml4[i]))
            free_tables(ptov(pte_addr(pmap->pml4[i])), 2);
    palloc_free_page(pmap->pml4);
    free(pmap);
}

void
pmap_activate(struct pmap *pmap)
{
    if (pmap == NULL)
        pmap = &kernel_pmap;
    if (pmap != active) {
        active = pmap;
        write_cr3(vtop(pmap->pml4));
    }
}

struct pmap *
pmap_active(void)
{
    return active;
}

bool
pmap_enter(struct pmap *pmap, uint64_t va, uint64_t pa, unsigned prot)
{
    ASSERT(va < USER_TOP && (va & PAGE_MASK) == 0 && (pa & PAGE_MASK) == 0);
    uint64_t *pte = pmap_walk(pmap, va, true);
    if (pte == NULL)
        return false;
    bool was_present = pte_is_present(*pte);
    *pte = pte_make(pa, prot_to_flags(prot));
    if (was_present)
        pmap_flush(pmap, va);
    return true;
}

unsigned
pmap_remove(struct pmap *pmap, uint64_t va)
{
    uint64_t *pte = pmap_walk(pmap, va, false);
    if (pte == NULL || !pte_is_present(*pte))
        return 0;
    uint64_t old = *pte;
    *pte = 0;
    pmap_flush(pmap, va);
    return status_bits(old);
}

/* The last-level table of PMAP that maps VA, or NULL if there is none; sets
 * *NEXT to the end of the span that table (or the missing table above it)
 * covers, so that a scan skips what is not there. */
static uint64_t *
leaf_table(struct pmap *pmap, uint64_t va, uint64_t *next)
{
    uint64_t *t = pmap->pml4;
    for (int level = 3; level > 0; level--) {
        uint64_t e = t[pt_index(va, level)];
        if (!pte_is_present(e)) {
            uint64_t span = UINT64_C(1) << (PAGE_SHIFT + 9 * level);
            *next = (va & ~(span - 1)) + span;
            return NULL;
        }
        t = ptov(pte_addr(e));
    }
    *next = (va & ~(LARGE_PAGE_SIZE - 1)) + LARGE_PAGE_SIZE;
    return t;
}

size_t
pmap_remove_frame_range(struct pmap *pmap, uint64_t start, uint64_t end, uint64_t pa)
{
    size_t n = 0;
    pmap_batch_begin(pmap);
    for (uint64_t va = start, next; va < end; va = next) {
        uint64_t *t = leaf_table(pmap, va, &next);
        for (uint64_t stop = next < end ? next : end; t != NULL && va < stop;
             va += PAGE_SIZE) {
            uint64_t *e = &t[pt_index(va, 0)];
            if (pte_is_present(*e) && pte_addr(*e) == pa) {
                *e = 0;
                pmap_flush(pmap, va);
                n++;
            }
        }
    }
    pmap_batch_end(pmap);
    return n;
}

bool
pmap_copy_frame_range(struct pmap *dst, struct pmap *src, uint64_t start, uint64_t end,
                      uint64_t pa, size_t *copied)
{
    for (uint64_t va = start, next; va < end; va = next) {
        uint64_t *t = leaf_table(src, va, &next);
        for (uint64_t stop = next < end ? next : end; t != NULL && va < stop;
             va += PAGE_SIZE) {
            uint64_t e = t[pt_index(va, 0)];
            if (!pte_is_present(e) || pte_addr(e) != pa)
                continue;
            uint64_t *d = pmap_walk(dst, va, true);
            if (d == NULL)
                return false;
            *d = pte_clear(e, PTE_A | PTE_D);
            (*copied)++;
        }
    }
    return true;
}

bool
pmap_copy_entries(struct pmap *dst, struct pmap *src, const uint64_t *vas, size_t n)
{
    bool ok = true;
    uint64_t span = LEAF_NONE; /* VA >> 21 of the two tables below */
    uint64_t *from_t = NULL;   /* SRC's last-level table there, or NULL */
    uint64_t *to_t = NULL;     /* DST's, once one is needed */
    pmap_batch_begin(src);
    for (size_t i = 0; i < n; i++) {
        uint64_t va = vas[i], next;
        if (va >> 21 != span) {
            span = va >> 21;
            from_t = leaf_table(src, va, &next);
            to_t = NULL;
        }
        unsigned k = pt_index(va, 0);
        if (from_t == NULL || !pte_is_present(from_t[k]))
            continue; /* not mapped: the child faults it in */
        if (to_t == NULL) {
            uint64_t *e = pmap_walk(dst, va, true);
            if ((ok = e != NULL) == false)
                break;
            to_t = e - k;
        }
        if (pte_is_present(to_t[k]))
            pmap_flush(dst, va);
        uint64_t shared = pte_clear(from_t[k], PTE_W);
        to_t[k] = shared;
        if (shared != from_t[k]) { /* a second fork finds it read-only already */
            from_t[k] = shared;
            pmap_flush(src, va);
        }
    }
    pmap_batch_end(src);
    return ok;
}

/* True if no entry of table T is present. */
static bool
table_empty(const uint64_t *t)
{
    for (unsigned i = 0; i < PT_ENTRIES; i++)
        if (pte_is_present(t[i]))
            return false;
    return true;
}

void
pmap_trim(struct pmap *pmap, uint64_t va)
{
    uint64_t *pdpt = table_child(pmap->pml4, va, 3, false, 0, NULL);
    uint64_t *pd = pdpt ? table_child(pdpt, va, 2, false, 0, NULL) : NULL;
    uint64_t *pt = pd ? table_child(pd, va, 1, false, 0, NULL) : NULL;
    if (pt == NULL || !table_empty(pt))
        return;
    pd[pt_index(va, 1)] = 0;
    if (pmap->leaf == pt)
        pmap->leaf_tag = LEAF_NONE;
    if (pmap == active)
        write_cr3(vtop(pmap->pml4)); /* drop cached paging-structure entries */
    palloc_free_page(pt);
    pmap->tables--;
}

bool
pmap_protect(struct pmap *pmap, uint64_t va, unsigned prot)
{
    uint64_t *pte = pmap_walk(pmap, va, false);
    if (pte == NULL || !pte_is_present(*pte))
        return false;
    uint64_t keep = *pte & (PTE_A | PTE_D);
    *pte = pte_make(pte_addr(*pte), prot_to_flags(prot) | keep);
    pmap_flush(pmap, va);
    return true;
}

bool
pmap_lookup(struct pmap *pmap, uint64_t va, uint64_t *pa, unsigned *bits)
{
    uint64_t *pte = pmap_walk(pmap, page_round_down(va), false);
    if (pte == NULL || !pte_is_present(*pte))
        return false;
    if (pa)
        *pa = pte_addr(*pte);
    if (bits)
        *bits = flags_to_bits(*pte);
    return true;
}

/* True if VA's entry is present and has BIT set. */
static bool
pmap_test_bit(struct pmap *pmap, uint64_t va, uint64_t bit)
{
    uint64_t *pte = pmap_walk(pmap, va, false);
    return pte != NULL && pte_is_present(*pte) && (*pte & bit);
}

/* Clears BIT in VA's entry (if present) and flushes the TLB entry. */
static void
pmap_clear_bit(struct pmap *pmap, uint64_t va, uint64_t bit)
{
    uint64_t *pte = pmap_walk(pmap, va, false);
    if (pte != NULL && pte_is_present(*pte)) {
        *pte = pte_clear(*pte, bit);
        pmap_flush(pmap, va);
    }
}

bool
pmap_is_accessed(struct pmap *pmap, uint64_t va)
{
    return pmap_test_bit(pmap, va, PTE_A);
}

bool
pmap_is_dirty(struct pmap *pmap, uint64_t va)
{
    return pmap_test_bit(pmap, va, PTE_D);
}

void
pmap_clear_accessed(struct pmap *pmap, uint64_t va)
{
    pmap_clear_bit(pmap, va, PTE_A);
}

void
pmap_clear_dirty(struct pmap *pmap, uint64_t va)
{
    pmap_clear_bit(pmap, va, PTE_D);
}

size_t
pmap_table_pages(const struct pmap *pmap)
{
    return pmap->tables;
}

void *
pmap_frame_kva(uint64_t pa)
{
    return ptov(pa);
}

uint64_t
pmap_frame_pa(const void *kva)
{
    return vtop(kva);
}
