/* Pictures of an address space (see vm_draw.h). */
#include "tests/host/support/vm_draw.h"

#include "vm/frame.h"
#include "vm/page.h"
#include "vm/pmap.h"
#include "vm/swap.h"
#include "vm/vm.h"

#define LINE_PAGES 64

/* The character of page P, which is in a frame. */
static char
resident_char(struct vm_space *s, const struct page *p)
{
    unsigned bits;
    if (!pmap_lookup(s->pmap, p->va, NULL, &bits))
        return '?';
    char c = p->kind == PAGE_ANON ? 'a' : p->kind == PAGE_FILE ? 'f' : '!';
    return (bits & PMAP_DIRTY) && c != '!' ? (char)(c - 'a' + 'A') : c;
}

/* The character of VA.  Space lock held. */
static char
page_char(struct vm_space *s, uint64_t va)
{
    if (region_find(&s->regions, va) == NULL)
        return '.';
    struct page *p = page_find(&s->pages, va);
    if (p != NULL && p->frame != NULL)
        return resident_char(s, p);
    if (p != NULL && p->swap_slot != SWAP_SLOT_NONE)
        return 's';
    uint64_t pa;
    if (p == NULL && zero_frame != NULL && pmap_lookup(s->pmap, va, &pa, NULL) &&
        pa == zero_frame->pa)
        return 'z';
    return 'u';
}

char
vm_draw_page(struct vm_space *s, uint64_t va)
{
    lock_acquire(&s->lock);
    char c = page_char(s, va);
    lock_release(&s->lock);
    return c;
}

char *
vm_draw(struct vm_space *s, uint64_t va, size_t npages, char *buf)
{
    lock_acquire(&s->lock);
    for (size_t i = 0; i < npages; i++)
        buf[i] = page_char(s, va + i * VM_PAGE_SIZE);
    buf[npages] = '\0';
    lock_release(&s->lock);
    return buf;
}

void
vm_draw_print(FILE *out, const char *label, struct vm_space *s, uint64_t va,
              size_t npages)
{
    char line[LINE_PAGES + 1];
    for (size_t done = 0; done < npages; done += LINE_PAGES) {
        size_t n = npages - done < LINE_PAGES ? npages - done : LINE_PAGES;
        uint64_t start = va + done * VM_PAGE_SIZE;
        fprintf(out, "  %-10s %#012llx |%s| %#012llx\n", done ? "" : label,
                (unsigned long long)start, vm_draw(s, start, n, line),
                (unsigned long long)(start + n * VM_PAGE_SIZE));
    }
}
