/* Host tests of regions and per-page state: the ordered set (insert, find,
 * overlap, split, merge, remove), address spaces made of a few regions
 * whatever their length, unmapping that splits regions and frees only the
 * pages in range, and per-page records that exist only for touched pages. */
#include "tests/host/support/vm_check.h"

#define FRAMES 16
#define MIB    (1024 * 1024UL)
#define GIB    (1024 * MIB)

/* The regions of S as "start-end:k" (k: a anon, i image, f file, s stack),
 * space separated, into BUF. */
static const char *
regions_text(struct vm_space *s, char *buf, size_t size)
{
    static const char kinds[] = {'a', 'i', 'f', 's'};
    size_t n = 0;
    buf[0] = '\0';
    struct vm_region *r;
    region_for_each(r, &s->regions)
    {
        n += (size_t)snprintf(buf + n, size - n, "%s%llx-%llx:%c", n ? " " : "",
                              (unsigned long long)r->start, (unsigned long long)r->end,
                              kinds[r->kind]);
    }
    return buf;
}

#define CHECK_REGIONS(s, want)                                                           \
    do {                                                                                 \
        char buf_[512];                                                                  \
        const char *got_ = regions_text((s), buf_, sizeof buf_);                         \
        CHECK_MSG(strcmp(got_, (want)) == 0, "regions: got \"%s\", want \"%s\"", got_,   \
                  (want));                                                               \
    } while (0)

/* The set itself: inserts keep address order, overlaps are refused, find and
 * next answer for any byte. */
static void
test_set_order(void)
{
    struct region_set set;
    region_set_init(&set);
    struct vm_region *a = region_new(0x3000, 0x5000, REGION_ANON, true, false);
    struct vm_region *b = region_new(0x1000, 0x2000, REGION_ANON, true, false);
    struct vm_region *c = region_new(0x8000, 0x9000, REGION_ANON, true, false);
    struct vm_region *bad = region_new(0x4000, 0x6000, REGION_ANON, true, false);
    CHECK(region_insert(&set, a) && region_insert(&set, c) && region_insert(&set, b));
    CHECK(!region_insert(&set, bad)); /* overlaps a */
    CHECK_EQ_INT(set.count, 3);
    CHECK(region_find(&set, 0x1fff) == b && region_find(&set, 0x2000) == NULL);
    CHECK(region_find(&set, 0x4abc) == a && region_next(&set, 0x6000) == c);
    CHECK(region_next(&set, 0x9000) == NULL);
    CHECK(region_range_free(&set, 0x5000, 0x8000) &&
          !region_range_free(&set, 0x5000, 0x8001));
    uint64_t last = 0;
    struct vm_region *r;
    region_for_each(r, &set)
    {
        CHECK(r->start >= last);
        last = r->end;
    }
    region_free(bad);
    while (!list_empty(&set.list)) {
        r = list_entry(list_front(&set.list), struct vm_region, node);
        region_unlink(&set, r);
        region_free(r);
    }
    CHECK_EQ_INT(set.count, 0);
}

/* Split and merge: a split region's extents still say where each byte
 * comes from, and merging the halves gives the region back. */
static void
test_split_merge(void)
{
    struct region_set set;
    region_set_init(&set);
    struct vm_region *r = region_new(0x10000, 0x20000, REGION_IMAGE, false, true);
    region_add_extent(r, (struct vm_extent){0x10100, 0x8000, 0x100});
    CHECK(region_insert(&set, r));
    struct vm_region *tail = region_split(&set, r, 0x14000);
    CHECK(tail != NULL && r->end == 0x14000 && tail->start == 0x14000 && set.count == 2);
    struct page_source src;
    region_page_source(tail, 0x18000, &src);
    CHECK_EQ_INT(src.n_chunks, 1);
    CHECK_EQ_INT(src.chunk[0].page_off, 0);
    CHECK_EQ_INT(src.chunk[0].len, 0x100); /* the extent ends at 0x18100 */
    CHECK_EQ_U64((uint64_t)src.chunk[0].file_off, 0x8000);
    region_page_source(tail, 0x19000, &src);
    CHECK_EQ_INT(src.n_chunks, 0); /* past the file bytes: zeros */
    region_page_source(r, 0x10000, &src);
    CHECK(src.n_chunks == 1 && src.chunk[0].page_off == 0x100 &&
          src.chunk[0].file_off == 0x100);
    CHECK(region_merge_next(&set, r));
    CHECK(r->start == 0x10000 && r->end == 0x20000 && set.count == 1);
    struct vm_region *other = region_new(0x20000, 0x21000, REGION_IMAGE, true, true);
    CHECK(region_insert(&set, other));
    CHECK(!region_merge_next(&set, r)); /* other protection */
    region_unlink(&set, other);
    region_free(other);
    region_unlink(&set, r);
    region_free(r);
}

/* Pages added one at a time merge into one region; a 1 GiB anonymous
 * region is one region and no page records until touched. */
static void
test_space_regions(void)
{
    struct vm_space *s = vmt_space();
    for (unsigned i = 0; i < 8; i++)
        CHECK(vm_add_page(s, VMT_CODE + i * VM_PAGE_SIZE, NULL, true, false));
    CHECK_REGIONS(s, "400000-408000:a");
    struct page_source a = vmt_page_of_exe(s, 0), b = vmt_page_of_exe(s, VM_PAGE_SIZE);
    CHECK(vm_add_page(s, 0x600000, &a, false, true));
    CHECK(vm_add_page(s, 0x601000, &b, false, true)); /* continues the file: merges */
    CHECK_REGIONS(s, "400000-408000:a 600000-602000:i");
    uint64_t records = vm_stats().page_records;
    CHECK(vm_map_anon(s, 0x10000000, 0x10000000 + GIB, REGION_ANON, true, false));
    CHECK_EQ_INT(vm_space_pages(s), 10 + GIB / VM_PAGE_SIZE);
    CHECK_EQ_U64(vm_stats().page_records, records);
    CHECK(!vm_map_anon(s, 0x10000000 + GIB - VM_PAGE_SIZE,
                       0x10000000 + GIB + VM_PAGE_SIZE, REGION_ANON, true,
                       false)); /* overlaps */
    CHECK(vm_map_anon(s, 0x10000000 + GIB, 0x10000000 + GIB + VM_PAGE_SIZE, REGION_ANON,
                      false, false)); /* touches it, other protection: no merge */
    CHECK_EQ_INT(s->regions.count, 4);
    for (uint64_t off = 0; off < GIB; off += 64 * MIB)
        CHECK_ACCESS(s, 0x10000000 + off, VM_WRITE, VMT_STACK_TOP, FAKE_CPU_OK);
    CHECK_EQ_U64(vm_stats().page_records, records + 16); /* only the touched pages */
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* Unmapping the middle of a region splits it and frees only the touched
 * pages in range; unmapping across regions removes whole ones. */
static void
test_unmap_splits(void)
{
    struct vm_space *s = vmt_space();
    uint64_t base = 0x10000000;
    CHECK(vm_map_anon(s, base, base + 16 * VM_PAGE_SIZE, REGION_ANON, true, false));
    for (unsigned i = 0; i < 16; i++)
        vmt_write_pattern(s, base + i * VM_PAGE_SIZE, i);
    CHECK(vm_unmap(s, base + 4 * VM_PAGE_SIZE, base + 6 * VM_PAGE_SIZE));
    CHECK_REGIONS(s, "10000000-10004000:a 10006000-10010000:a");
    CHECK_PICTURE(s, base, 16, "AAAA..AAAAAAAAAA");
    CHECK_EQ_INT(vm_space_resident(s), 14);
    CHECK_ACCESS(s, base + 5 * VM_PAGE_SIZE, VM_READ, VMT_STACK_TOP, FAKE_CPU_KILLED);
    vmt_check_pattern(s, base + 3 * VM_PAGE_SIZE, 3);
    vmt_check_pattern(s, base + 6 * VM_PAGE_SIZE, 6);
    CHECK(vm_unmap(s, base + 2 * VM_PAGE_SIZE, base + 8 * VM_PAGE_SIZE));
    CHECK_REGIONS(s, "10000000-10002000:a 10008000-10010000:a");
    CHECK(vm_unmap(s, base, base + 16 * VM_PAGE_SIZE));
    CHECK_REGIONS(s, "");
    CHECK_EQ_INT(vm_space_resident(s), 0);
    CHECK_EQ_INT(palloc_used_pages(POOL_USER), 0);
    vmt_destroy(s);
    vmt_check_no_leak();
}

/* Stack growth makes or extends a stack region page by page. */
static void
test_stack_region(void)
{
    struct vm_space *s = vmt_space();
    CHECK(vm_map_anon(s, VMT_STACK_TOP - VM_PAGE_SIZE, VMT_STACK_TOP, REGION_STACK, true,
                      false));
    uint64_t rsp = VMT_STACK_TOP - 2 * VM_PAGE_SIZE;
    CHECK_ACCESS(s, rsp, VM_WRITE, rsp, FAKE_CPU_OK);
    CHECK_EQ_INT(s->regions.count, 1);
    CHECK_EQ_U64(region_find(&s->regions, rsp)->start, VMT_STACK_TOP - 2 * VM_PAGE_SIZE);
    rsp -= 10 * VM_PAGE_SIZE; /* a far push: a stack region of its own */
    CHECK_ACCESS(s, rsp - 8, VM_WRITE, rsp, FAKE_CPU_OK);
    CHECK_EQ_INT(s->regions.count, 2);
    CHECK_ACCESS(s, rsp + 4 * VM_PAGE_SIZE, VM_READ, rsp + 5 * VM_PAGE_SIZE,
                 FAKE_CPU_KILLED);
    vmt_destroy(s);
    vmt_check_no_leak();
}

int
main(int argc, char **argv)
{
    vmt_args(argc, argv);
    vmt_setup("test_vm_region", FRAMES);
    test_set_order();
    test_split_merge();
    test_space_regions();
    test_unmap_splits();
    test_stack_region();
    return vmt_teardown("test_vm_region");
}
