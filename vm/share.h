/* The shared-code index: frames holding read-only pages of a program image,
 * by file and offset, so that processes running the same program share them.
 * Guarded by the frame-table lock: the _locked functions run with it held
 * (vm/frame.c takes it). */
#ifndef VM_SHARE_H
#define VM_SHARE_H

struct frame;
struct page_source;

void share_init(void);
/* The frame holding exactly the bytes SRC (one chunk) describes, or NULL. */
struct frame *share_lookup_locked(const struct page_source *src);
/* Lists F as holding SRC's bytes (unless another frame does already). */
void share_insert_locked(struct frame *f, const struct page_source *src);
/* Takes F out of the index, if it is there. */
void share_remove_locked(struct frame *f);

#endif
