/* Memory-mapped files: mmap and munmap (docs/abi.md) over file pages. */
#include "fs/file.h"
#include "kernel/malloc.h"
#include "lib/util.h"
#include "vm/frame.h"
#include "vm/page.h"

#define USER_TOP_VA 0x8004000000UL

/* One mapping.  [S]: guarded by its space's lock. */
struct mapping {
    uint64_t start;        /* [C] first page */
    size_t pages;          /* [C] */
    struct file *file;     /* [C] its own handle: closing the fd does not matter */
    struct list_node node; /* [S] in the space's mappings */
};

/* True if [ADDR, ADDR + LENGTH) may be mapped: page aligned, in user space,
 * clear of the stack region and of every page in use.  Space lock held. */
static bool
range_free(struct vm_space *s, uint64_t addr, uint64_t length)
{
    if (addr == 0 || (addr & (VM_PAGE_SIZE - 1)) || length == 0 || addr >= USER_TOP_VA ||
        length > USER_TOP_VA - addr)
        return false;
    uint64_t end = ROUND_UP(addr + length, VM_PAGE_SIZE);
    if (end > USER_STACK - USER_STACK_LIMIT && addr < USER_STACK)
        return false;
    for (uint64_t va = addr; va < end; va += VM_PAGE_SIZE)
        if (vm_find_locked(s, va) != NULL)
            return false;
    return true;
}

/* Page I of mapping M, to load FILE_LEN-byte file from OFFSET: the file's bytes
 * in that page, the rest zeros. */
static struct page_source
mapping_source(const struct mapping *m, size_t i, int64_t offset, int64_t file_len)
{
    struct page_source src = {.file = m->file};
    int64_t off = offset + (int64_t)(i * VM_PAGE_SIZE);
    int64_t len = file_len - off;
    if (len > 0) {
        src.n_chunks = 1;
        int64_t page = VM_PAGE_SIZE;
        src.chunk[0] = (struct page_chunk){0, (uint16_t)(len < page ? len : page), off};
    }
    return src;
}

/* Removes the first N pages of mapping M.  Space lock held. */
static void
mapping_remove_pages(struct vm_space *s, const struct mapping *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct page *p = vm_find_locked(s, m->start + i * VM_PAGE_SIZE);
        if (p != NULL)
            vm_remove_page_locked(s, p);
    }
}

uint64_t
vm_mmap(struct vm_space *s, uint64_t addr, uint64_t length, bool writable,
        struct file *file, int64_t offset)
{
    int64_t file_len = file_length(file);
    if (offset < 0 || (offset & (VM_PAGE_SIZE - 1)) || file_len <= 0)
        return 0;
    struct mapping *m = malloc(sizeof *m);
    if (m == NULL)
        return 0;
    m->start = addr;
    m->pages = DIV_ROUND_UP(length, VM_PAGE_SIZE);
    m->file = file_reopen(file);
    lock_acquire(&s->lock);
    bool ok = m->file != NULL && range_free(s, addr, length);
    size_t made = 0;
    for (; ok && made < m->pages; made++) {
        struct page_source src = mapping_source(m, made, offset, file_len);
        ok = vm_insert_locked(s, addr + made * VM_PAGE_SIZE, &src, writable, false,
                              &file_ops) != NULL;
    }
    if (ok)
        list_push_back(&s->mappings, &m->node);
    else
        mapping_remove_pages(s, m, made);
    lock_release(&s->lock);
    if (ok)
        return addr;
    file_close(m->file);
    free(m);
    return 0;
}

bool
vm_munmap(struct vm_space *s, uint64_t addr)
{
    struct mapping *found = NULL;
    lock_acquire(&s->lock);
    struct list_node *n;
    list_for_each(n, &s->mappings)
    {
        struct mapping *m = list_entry(n, struct mapping, node);
        if (m->start == addr) {
            found = m;
            break;
        }
    }
    if (found != NULL) {
        mapping_remove_pages(s, found, found->pages); /* writes back */
        list_remove(&found->node);
    }
    lock_release(&s->lock);
    if (found == NULL)
        return false;
    file_close(found->file);
    free(found);
    return true;
}

void
vm_mappings_free(struct vm_space *s)
{
    while (!list_empty(&s->mappings)) {
        struct mapping *m = list_entry(list_pop_front(&s->mappings), struct mapping, node);
        file_close(m->file);
        free(m);
    }
}

bool
vm_mappings_copy(struct vm_space *dst, struct vm_space *src)
{
    struct list_node *n;
    list_for_each(n, &src->mappings)
    {
        struct mapping *m = list_entry(n, struct mapping, node);
        struct mapping *c = malloc(sizeof *c);
        if (c == NULL)
            return false;
        *c = *m;
        c->file = file_reopen(m->file);
        if (c->file == NULL) {
            free(c);
            return false;
        }
        list_push_back(&dst->mappings, &c->node);
    }
    return true;
}

struct file *
vm_mapping_file_in(struct vm_space *dst, uint64_t va, struct file *file)
{
    struct list_node *n;
    list_for_each(n, &dst->mappings)
    {
        struct mapping *m = list_entry(n, struct mapping, node);
        if (va >= m->start && va < m->start + m->pages * VM_PAGE_SIZE)
            return m->file;
    }
    return file;
}
