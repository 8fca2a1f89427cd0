/* Host tests of the page records' index (vm/page_index.h): records found by
 * address keep their address while they live, across several slabs; a pass
 * visits each live record once and may delete the one it is given; a slab
 * emptied goes (LeakSanitizer sees any that stays); a reserved index does not
 * grow or shrink as records come; fork gives the child one record per page
 * of the parent that holds something, with the same frames, in slabs that
 * mirror the parent's (page_slab_mirror), found a slab at a time
 * (page_table_next_slab). */
#include "tests/host/support/vm_check.h"

#define FRAMES 64
#define BASE   0x10000000UL
#define N      500 /* records: several slabs */

/* The address of the Ith record of the tests: scattered, not in a row. */
static uint64_t
va_of(unsigned i)
{
    return BASE + (uint64_t)((i * 7919u) % 4096u) * VM_PAGE_SIZE;
}

/* Counts and sums the addresses of the records a pass visits. */
struct tally {
    size_t n;
    uint64_t sum;
};

static void
tally_page(struct page *p, void *aux)
{
    struct tally *t = aux;
    t->n++;
    t->sum += p->va;
}

/* Deletes every record it is given. */
static void
delete_page(struct page *p, void *aux)
{
    (void)aux;
    page_delete(&p->space->pages, p);
}

/* Deletes every other record it is given (by address). */
static void
delete_odd(struct page *p, void *aux)
{
    (void)aux;
    if ((p->va / VM_PAGE_SIZE) % 2)
        page_delete(&p->space->pages, p);
}

/* Records made, found, deleted and visited. */
static void
test_insert_find_delete(void)
{
    struct vm_space *s = vmt_space();
    CHECK(vm_map_anon(s, BASE, BASE + 4096 * VM_PAGE_SIZE, REGION_ANON, true, false));
    struct vm_region *r = region_find(&s->regions, BASE);
    size_t before = page_records();
    static struct page *made[N];
    uint64_t sum = 0;
    for (unsigned i = 0; i < N; i++) {
        made[i] = page_create(s, r, va_of(i));
        CHECK(made[i] != NULL);
        sum += va_of(i);
    }
    CHECK_EQ_INT(page_table_size(&s->pages), N);
    CHECK_EQ_INT(page_records(), before + N);
    for (unsigned i = 0; i < N; i++) {
        CHECK(page_find(&s->pages, va_of(i)) == made[i]);
        CHECK_EQ_U64(made[i]->va, va_of(i));
        CHECK(made[i]->space == s && made[i]->frame == NULL);
        CHECK_EQ_U64(made[i]->swap_slot, SWAP_SLOT_NONE);
    }
    CHECK(page_find(&s->pages, BASE + 4096 * VM_PAGE_SIZE) == NULL);
    struct tally t = {0, 0};
    page_table_for_each(&s->pages, tally_page, &t);
    CHECK_EQ_INT(t.n, N);
    CHECK_EQ_U64(t.sum, sum);

    /* Deleting half during a pass: the others keep their address. */
    page_table_for_each(&s->pages, delete_odd, NULL);
    size_t left = 0;
    for (unsigned i = 0; i < N; i++) {
        bool odd = (va_of(i) / VM_PAGE_SIZE) % 2;
        CHECK(page_find(&s->pages, va_of(i)) == (odd ? NULL : made[i]));
        left += !odd;
    }
    CHECK_EQ_INT(page_table_size(&s->pages), left);
    /* Freed records are used again, and new ones found. */
    for (unsigned i = 0; i < N; i++)
        if ((va_of(i) / VM_PAGE_SIZE) % 2)
            CHECK((made[i] = page_create(s, r, va_of(i))) != NULL);
    for (unsigned i = 0; i < N; i++)
        CHECK(page_find(&s->pages, va_of(i)) == made[i]);

    /* Deleting all during a pass empties (and frees) every slab. */
    page_table_for_each(&s->pages, delete_page, NULL);
    CHECK_EQ_INT(page_table_size(&s->pages), 0);
    CHECK_EQ_INT(page_records(), before);
    t = (struct tally){0, 0};
    page_table_for_each(&s->pages, tally_page, &t);
    CHECK_EQ_INT(t.n, 0);
    /* One record made and deleted, again and again: nothing piles up. */
    for (unsigned i = 0; i < 1000; i++) {
        struct page *p = page_create(s, r, va_of(i % 3));
        CHECK(p != NULL);
        page_delete(&s->pages, p);
    }
    CHECK_EQ_INT(page_records(), before);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* A space destroyed with records in it frees them with its table. */
static void
test_destroy_with_records(void)
{
    size_t before = page_records();
    struct vm_space *s = vmt_space();
    CHECK(vm_map_anon(s, BASE, BASE + 4096 * VM_PAGE_SIZE, REGION_ANON, true, false));
    for (unsigned i = 0; i < FRAMES / 2; i++)
        CHECK_ACCESS(s, va_of(i), i % 2 ? VM_READ : VM_WRITE, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK_EQ_INT(page_records(), before + FRAMES / 2);
    vmt_destroy(s);
    CHECK_EQ_INT(page_records(), before);
    vmt_check_no_leak();
}

/* A reserved index holds its size while records come and go. */
static void
test_reserve(void)
{
    struct vm_space *s = vmt_space();
    CHECK(vm_map_anon(s, BASE, BASE + 4096 * VM_PAGE_SIZE, REGION_ANON, true, false));
    struct vm_region *r = region_find(&s->regions, BASE);
    CHECK(page_table_reserve(&s->pages, 1000));
    size_t buckets = page_table_buckets(&s->pages);
    CHECK(buckets >= 1000);
    for (unsigned i = 0; i < 1000; i++)
        CHECK(page_create(s, r, BASE + i * VM_PAGE_SIZE) != NULL);
    CHECK_EQ_INT(page_table_buckets(&s->pages), buckets); /* no growth on the way */
    for (unsigned i = 0; i < 999; i++)
        page_delete(&s->pages, page_find(&s->pages, BASE + i * VM_PAGE_SIZE));
    CHECK(page_create(s, r, BASE + 2000 * VM_PAGE_SIZE) != NULL);
    CHECK_EQ_INT(page_table_buckets(&s->pages), buckets); /* no shrinking below it */
    page_table_for_each(&s->pages, delete_page, NULL);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* Fork (copy-on-write) copies the records of pages that hold something,
 * sharing their frames. */
static void
test_fork_copy(void)
{
    vm_cow_fork = true;
    struct vm_space *parent = vmt_space();
    CHECK(
        vm_map_anon(parent, BASE, BASE + 4096 * VM_PAGE_SIZE, REGION_ANON, true, false));
    for (unsigned i = 0; i < 40; i++) /* writes: the zero frame is not made */
        CHECK_ACCESS(parent, va_of(i), VM_WRITE, VMT_STACK_TOP, FAKE_CPU_OK);
    struct vm_space *child = vmt_space();
    CHECK(vm_space_copy(child, parent));
    CHECK_EQ_INT(page_table_size(&child->pages), page_table_size(&parent->pages));
    for (unsigned i = 0; i < 40; i++) {
        struct page *p = page_find(&parent->pages, va_of(i));
        struct page *c = page_find(&child->pages, va_of(i));
        CHECK(p != NULL && c != NULL && c != p);
        CHECK(c->space == child && c->frame == p->frame);
        CHECK_EQ_INT(c->dirty, p->dirty);
    }
    CHECK_EQ_INT(vm_space_resident(child), vm_space_resident(parent));
    vmt_destroy(child);
    vmt_destroy(parent);
    vmt_check_no_leak();
    vm_cow_fork = false;
}

/* Counts the records of a table, checking that each is its page's and
 * carries its mark. */
static void
check_marked(struct page *p, void *aux)
{
    size_t *n = aux;
    CHECK(page_find(&p->space->pages, p->va) == p);
    CHECK_EQ_U64(p->swap_slot, p->va / VM_PAGE_SIZE);
    CHECK((p->va / VM_PAGE_SIZE) % 3 != 0);
    (*n)++;
}

/* page_slab_mirror over every slab page_table_next_slab gives, as fork
 * does: the child gets one record per record of the parent, found by
 * address, of the same page, kind and rights, holding nothing, in slabs
 * that take and give back records as usual; the slabs give every record of
 * the parent once; records deleted from a mirrored slab, all of one slab
 * included, go as any other. */
static void
test_slab_mirror(void)
{
    struct vm_space *parent = vmt_space();
    CHECK(
        vm_map_anon(parent, BASE, BASE + 4096 * VM_PAGE_SIZE, REGION_ANON, true, false));
    struct vm_region *r = region_find(&parent->regions, BASE);
    size_t before = page_records(), kept = 0;
    struct tally want = {0, 0};
    for (unsigned i = 0; i < N; i++) {
        struct page *p = page_create(parent, r, va_of(i));
        CHECK(p != NULL);
        p->swap_slot = (uint32_t)(va_of(i) / VM_PAGE_SIZE); /* a mark, not a slot */
    }
    page_table_for_each(&parent->pages, delete_odd, NULL); /* slabs with holes */
    page_table_for_each(&parent->pages, tally_page, &want);
    struct vm_space *child = vmt_space();
    CHECK(vm_map_anon(child, BASE, BASE + 4096 * VM_PAGE_SIZE, REGION_ANON, true, false));
    CHECK(page_table_reserve(&child->pages, page_table_size(&parent->pages)));
    struct tally got = {0, 0};
    struct list_node *cursor = NULL;
    struct page *recs;
    unsigned cap, slabs = 0;
    while ((recs = page_table_next_slab(&parent->pages, &cursor, &cap)) != NULL) {
        struct page *kids = page_slab_mirror(child, recs, cap);
        CHECK(kids != NULL);
        slabs++;
        for (unsigned i = 0; i < cap; i++) {
            const struct page *p = &recs[i];
            struct page *c = &kids[i];
            if (p->space == NULL)
                continue;
            tally_page(&recs[i], &got);
            CHECK(c->space == child && c->va == p->va && c->kind == p->kind &&
                  c->writable == p->writable && c->executable == p->executable);
            CHECK(c->frame == NULL && c->swap_slot == SWAP_SLOT_NONE && !c->dirty);
            CHECK(page_find(&child->pages, c->va) == c);
            if (slabs == 2 || (c->va / VM_PAGE_SIZE) % 3 == 0) {
                page_delete(&child->pages, c); /* the whole second slab goes */
                continue;
            }
            c->swap_slot = p->swap_slot;
            kept++;
        }
    }
    CHECK(slabs > 2);
    CHECK_EQ_INT(got.n, want.n);
    CHECK_EQ_U64(got.sum, want.sum);
    CHECK_EQ_INT(page_table_size(&child->pages), kept);
    CHECK_EQ_INT(page_records(), before + want.n + kept);
    size_t n = 0;
    page_table_for_each(&child->pages, check_marked, &n);
    CHECK_EQ_INT(n, kept);
    /* The child's free records are used, and its own records deleted. */
    struct vm_region *cr = region_find(&child->regions, BASE);
    for (unsigned i = 0; i < N; i++) {
        uint64_t va = va_of(i);
        if (page_find(&child->pages, va) == NULL) {
            struct page *p = page_create(child, cr, va);
            CHECK(p != NULL && page_find(&child->pages, va) == p);
            page_delete(&child->pages, p);
        }
    }
    page_table_for_each(&child->pages, delete_page, NULL);
    CHECK_EQ_INT(page_table_size(&child->pages), 0);
    vmt_destroy(child);
    page_table_for_each(&parent->pages, delete_page, NULL);
    CHECK_EQ_INT(page_records(), before);
    vmt_destroy(parent);
    vmt_check_no_leak();
}

int
main(int argc, char **argv)
{
    vmt_args(argc, argv);
    vmt_setup("test_vm_page_index", FRAMES);
    test_insert_find_delete();
    test_destroy_with_records();
    test_reserve();
    test_fork_copy();
    test_slab_mirror();
    return vmt_teardown("test_vm_page_index");
}
