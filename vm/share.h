/* The index of frames by where their bytes come from, so that pages with the
 * same bytes share one frame: pages read back from a swap slot that other
 * pages also use, by slot (the swap cache: the next of them finds the frame
 * instead of reading the disk).  A source with no file names a swap slot
 * (share_swap_source).  File pages, program code included, are found
 * through the page cache instead (vm/pagecache.h).  Guarded by
 * the frame-table lock: the _locked functions run with it held (vm/frame.c
 * takes it). */
#ifndef VM_SHARE_H
#define VM_SHARE_H

#include <stdint.h>

#include "vm/vm.h"

struct frame;
struct page_source;

void share_init(void);
/* The source that names swap slot SLOT. */
struct page_source share_swap_source(uint32_t slot);
/* The frame holding exactly the bytes SRC (one chunk) describes, or NULL. */
struct frame *share_lookup_locked(const struct page_source *src);
/* Lists F as holding SRC's bytes (unless another frame does already). */
void share_insert_locked(struct frame *f, const struct page_source *src);
/* Takes F out of the index, if it is there. */
void share_remove_locked(struct frame *f);

#endif
