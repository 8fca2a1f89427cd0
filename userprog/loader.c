/* The ELF loader (see loader.h and docs/abi.md). */
#include "userprog/loader.h"

#include "fs/file.h"
#include "lib/string.h"
#include "vm/pagecache.h"
#include "vm/vm.h"

#define EI_NIDENT    16
#define ET_EXEC      2
#define EM_X86_64    62
#define PT_LOAD      1
#define PT_DYNAMIC   2
#define PT_INTERP    3
#define PT_SHLIB     5
#define PF_X         1
#define PF_W         2
#define MAX_PHDRS    64
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

/* The region being put together: segments become regions, except that a
 * page two or three segments share becomes a one-page region of its own
 * holding the extents of all of them. */
struct region_plan {
    uint64_t start, end; /* end == 0: none */
    bool writable, executable;
    unsigned n_ext;
    struct vm_extent ext[REGION_EXTENTS];
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
           p->filesz <= p->memsz && p->vaddr >= VM_PAGE_SIZE && p->vaddr < USER_TOP &&
           p->memsz <= USER_TOP - p->vaddr && p->offset <= (uint64_t)file_len &&
           p->filesz <= (uint64_t)file_len - p->offset;
}

/* Adds the planned region to SPACE (if any); false if out of memory or the
 * range is taken. */
static bool
plan_flush(struct vm_space *space, struct region_plan *plan)
{
    if (plan->end == 0)
        return true;
    bool ok = vm_map_image(space, plan->start, plan->end, plan->writable,
                           plan->executable, plan->ext, plan->n_ext);
    plan->end = 0;
    return ok;
}

/* Starts a plan for [START, END) holding segment P's bytes. */
static void
plan_start(struct region_plan *plan, uint64_t start, uint64_t end,
           const struct elf_phdr *p)
{
    *plan = (struct region_plan){.start = start, .end = end};
    plan->writable = (p->flags & PF_W) != 0;
    plan->executable = (p->flags & PF_X) != 0;
    if (p->filesz > 0)
        plan->ext[plan->n_ext++] =
            (struct vm_extent){p->vaddr, p->filesz, (int64_t)p->offset};
}

/* Adds segment P's bytes and rights to the planned region; false if it
 * would need more extents than a region has. */
static bool
plan_join(struct region_plan *plan, const struct elf_phdr *p)
{
    plan->writable |= (p->flags & PF_W) != 0;
    plan->executable |= (p->flags & PF_X) != 0;
    if (p->filesz == 0)
        return true;
    if (plan->n_ext == REGION_EXTENTS)
        return false;
    plan->ext[plan->n_ext++] =
        (struct vm_extent){p->vaddr, p->filesz, (int64_t)p->offset};
    return true;
}

/* Plans segment P, pages [FIRST, END).  Segments come in address order, so
 * only the last page of the plan can be shared with P; that page is cut off
 * into a region of its own that holds both. */
static bool
load_segment(struct vm_space *space, const struct elf_phdr *p, struct region_plan *plan)
{
    uint64_t first = p->vaddr & ~PAGE_MASK_VA;
    uint64_t end = (p->vaddr + p->memsz + PAGE_MASK_VA) & ~PAGE_MASK_VA;
    if (plan->end != 0 && first < plan->end - VM_PAGE_SIZE)
        return false; /* out of order or overlapping */
    if (plan->end == 0 || first >= plan->end) {
        if (!plan_flush(space, plan))
            return false;
        plan_start(plan, first, end, p);
        return true;
    }
    if (plan->start < first) { /* cut the shared page off the planned region */
        struct region_plan shared = *plan;
        plan->end = first;
        if (!plan_flush(space, plan))
            return false;
        *plan = shared;
        plan->start = first;
    }
    if (!plan_join(plan, p))
        return false;
    if (end == first + VM_PAGE_SIZE)
        return true;
    if (!plan_flush(space, plan))
        return false;
    plan_start(plan, first + VM_PAGE_SIZE, end, p);
    return true;
}

bool
loader_load(struct vm_space *space, struct file *exe, struct load_info *info)
{
    struct elf_header h;
    if (pagecache_read(exe, &h, sizeof h, 0) != sizeof h || !header_ok(&h))
        return false;
    int64_t len = file_length(exe);
    struct region_plan plan = {0};
    info->image_end = 0;
    for (unsigned i = 0; i < h.phnum; i++) {
        struct elf_phdr p;
        if (pagecache_read(exe, &p, sizeof p, (int64_t)(h.phoff + i * sizeof p)) !=
            sizeof p)
            return false;
        if (p.type == PT_DYNAMIC || p.type == PT_INTERP || p.type == PT_SHLIB)
            return false;
        if (p.type != PT_LOAD || p.memsz == 0)
            continue;
        if (!segment_ok(&p, len) || !load_segment(space, &p, &plan))
            return false;
        uint64_t end = (p.vaddr + p.memsz + PAGE_MASK_VA) & ~PAGE_MASK_VA;
        if (end > info->image_end)
            info->image_end = end;
    }
    info->entry = h.entry;
    return plan_flush(space, &plan) && info->image_end != 0 && h.entry < USER_TOP;
}
