/* The ELF loader (see loader.h and docs/abi.md). */
#include "userprog/loader.h"

#include "fs/file.h"
#include "lib/string.h"
#include "vm/vm.h"

#define EI_NIDENT 16
#define ET_EXEC 2
#define EM_X86_64 62
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_SHLIB 5
#define PF_X 1
#define PF_W 2
#define MAX_PHDRS 64
#define USER_TOP_VA 0x8004000000UL
#define PAGE_MASK_VA (VM_PAGE_SIZE - 1)

struct elf_header {
    unsigned char ident[EI_NIDENT];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* A page being put together from one or more segments. */
struct page_plan {
    uint64_t va; /* 0: none */
    bool writable, executable;
    struct page_source source;
};

/* True if H is a header we accept: static x86-64 executable, ELF64 LE. */
static bool
header_ok(const struct elf_header *h)
{
    static const unsigned char magic[7] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
    return memcmp(h->ident, magic, sizeof magic) == 0 && h->type == ET_EXEC &&
           h->machine == EM_X86_64 && h->version == 1 &&
           h->phentsize == sizeof(struct elf_phdr) && h->phnum <= MAX_PHDRS;
}

/* True if loadable segment P makes sense for a file of FILE_LEN bytes. */
static bool
segment_ok(const struct elf_phdr *p, int64_t file_len)
{
    return (p->offset & PAGE_MASK_VA) == (p->vaddr & PAGE_MASK_VA) &&
           p->filesz <= p->memsz && p->vaddr >= VM_PAGE_SIZE && p->vaddr < USER_TOP_VA &&
           p->memsz <= USER_TOP_VA - p->vaddr && p->offset <= (uint64_t)file_len &&
           p->filesz <= (uint64_t)file_len - p->offset;
}

/* Adds the planned page to SPACE (if any); false if out of memory or taken. */
static bool
plan_flush(struct vm_space *space, struct page_plan *plan)
{
    if (plan->va == 0)
        return true;
    bool ok = vm_add_page(space, plan->va, &plan->source, plan->writable, plan->executable);
    plan->va = 0;
    return ok;
}

/* Adds the part of segment P that falls in page VA to PLAN. */
static bool
plan_add(struct page_plan *plan, struct file *exe, const struct elf_phdr *p, uint64_t va)
{
    if (plan->va != va) {
        *plan = (struct page_plan){.va = va};
        plan->source.file = exe;
    }
    plan->writable |= (p->flags & PF_W) != 0;
    plan->executable |= (p->flags & PF_X) != 0;
    uint64_t start = p->vaddr > va ? p->vaddr : va;
    uint64_t file_end = p->vaddr + p->filesz;
    uint64_t end = file_end < va + VM_PAGE_SIZE ? file_end : va + VM_PAGE_SIZE;
    if (start >= end)
        return true;
    if (plan->source.n_chunks == PAGE_SOURCE_CHUNKS)
        return false;
    plan->source.chunk[plan->source.n_chunks++] = (struct page_chunk){
        .page_off = start - va,
        .len = end - start,
        .file_off = p->offset + (start - p->vaddr),
    };
    return true;
}

/* Plans and adds the pages of segment P; segments come in address order, so
 * only the page shared with the previous segment can already be planned. */
static bool
load_segment(struct vm_space *space, struct file *exe, const struct elf_phdr *p,
             struct page_plan *plan)
{
    uint64_t first = p->vaddr & ~PAGE_MASK_VA;
    uint64_t end = p->vaddr + p->memsz;
    if (plan->va > first)
        return false; /* out of order or overlapping */
    for (uint64_t va = first; va < end; va += VM_PAGE_SIZE) {
        if (plan->va != va && !plan_flush(space, plan))
            return false;
        if (!plan_add(plan, exe, p, va))
            return false;
    }
    return true;
}

bool
loader_load(struct vm_space *space, struct file *exe, struct load_info *info)
{
    struct elf_header h;
    if (file_read_at(exe, &h, sizeof h, 0) != sizeof h || !header_ok(&h))
        return false;
    int64_t len = file_length(exe);
    struct page_plan plan = {0};
    info->image_end = 0;
    for (unsigned i = 0; i < h.phnum; i++) {
        struct elf_phdr p;
        if (file_read_at(exe, &p, sizeof p, h.phoff + i * sizeof p) != sizeof p)
            return false;
        if (p.type == PT_DYNAMIC || p.type == PT_INTERP || p.type == PT_SHLIB)
            return false;
        if (p.type != PT_LOAD || p.memsz == 0)
            continue;
        if (!segment_ok(&p, len) || !load_segment(space, exe, &p, &plan))
            return false;
        uint64_t end = (p.vaddr + p.memsz + PAGE_MASK_VA) & ~PAGE_MASK_VA;
        if (end > info->image_end)
            info->image_end = end;
    }
    info->entry = h.entry;
    return plan_flush(space, &plan) && info->image_end != 0 && h.entry < USER_TOP_VA;
}
