/* pc-halt-removed: halt with a removed file still open, its cached pages
 * written through a mapping and never written back.  halt writes every
 * dirty cached page back and frees the removed file, so the disk is clean
 * for e2fsck (the runner checks it), and a file that still has its name
 * keeps the bytes written through its mapping (the host check reads it). */
#include "string.h"
#include "syscall.h"
#include "test.h"

#define PAGE 4096
#define MAP  ((char *)0x10000000)
#define MAP2 ((char *)0x20000000)

static char buf[4 * PAGE];

void
test_main(void)
{
    int gone, kept;
    memset(buf, 'a', sizeof buf);
    if (!create("gone.bin", 0) || (gone = open("gone.bin")) < 2 ||
        write(gone, buf, sizeof buf) != sizeof buf || !create("kept.bin", 0) ||
        (kept = open("kept.bin")) < 2 || write(kept, buf, sizeof buf) != sizeof buf)
        fail("cannot create the files");
    CHECK(mmap(MAP, sizeof buf, 1, gone, 0) == MAP && remove("gone.bin"),
          "map gone.bin writable, remove it");
    memset(MAP, 'G', 2 * PAGE);
    CHECK(mmap(MAP2, sizeof buf, 1, kept, 0) == MAP2, "map kept.bin writable");
    memset(MAP2 + PAGE, 'K', PAGE);
    msg("write through both mappings, halt");
    halt();
}
