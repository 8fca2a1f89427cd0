/* Power cuts at every write: a sequence of file-system operations (create,
 * grow past the direct blocks, mkdir, a long symlink, remove, rmdir, reuse
 * of freed blocks, sync) is run again and again on a fresh image with a tiny
 * cache, each time letting only the first N disk writes through, for every
 * N until the whole sequence fits.  The image then holds exactly what a
 * power cut after write N leaves; `e2fsck -p` must repair it without
 * questions (exit 0 or 1) and leave it clean (docs/fs.md, "Power cuts").
 * The order rules of fs/ are what make this hold; a missing one shows up as
 * an N at which e2fsck asks. */
#include <stdio.h>
#include <string.h>

#include "tests/host/support/ext2_check.h"
#include "tests/host/support/host_console.h"

#define MAX_WRITES 2000 /* far more than the sequence needs */

static const char *base;

/* The operations; their results are not checked, since from write N on
 * they may fail. */
static void
run_sequence(void)
{
    char target[300];
    memset(target, 't', sizeof target - 1);
    target[sizeof target - 1] = '\0';
    struct file *f;
    fs_create(NULL, "/a", 0);
    if ((f = file_open(NULL, "/a")) != NULL) {
        ext2t_write_pattern(f, 1, 20000, 1500); /* 20 blocks: an indirect one */
        file_close(f);
    }
    fs_mkdir(NULL, "/d");
    fs_create(NULL, "/d/b", 0);
    if ((f = file_open(NULL, "/d/b")) != NULL) {
        ext2t_write_pattern(f, 2, 3000, 700);
        file_close(f);
    }
    fs_symlink(NULL, target, "/l");
    fs_remove(NULL, "/d/b");
    fs_remove(NULL, "/d");
    fs_remove(NULL, "/a");
    fs_create(NULL, "/c", 0);
    if ((f = file_open(NULL, "/c")) != NULL) {
        ext2t_write_pattern(f, 3, 16000, 4000); /* reuses /a's blocks */
        file_close(f);
    }
    fs_sync();
}

/* Runs the sequence letting N writes through; returns true if it needed
 * fewer (the last N worth trying). */
static bool
cut_after(long n)
{
    const char *img = img_path("cut.img");
    CHECK(img_copy(base, img) == 0);
    ext2t_mount(img, 8);
    host_block_fail_writes_after(ext2t_dev, n);
    run_sequence();
    fs_unmount();
    long left = host_block_writes_left(ext2t_dev);
    host_block_close(ext2t_dev);
    ext2t_dev = NULL;
    int preen = img_run("e2fsck -fp '%s'", img);
    CHECK_MSG(preen == 0 || preen == 1, "cut after write %ld: e2fsck -p exit %d", n,
              preen);
    CHECK_MSG(img_fsck(img) == 0, "cut after write %ld: unclean after e2fsck -p", n);
    return left > 0;
}

int
main(void)
{
    img_setup("test_ext2_cut");
    host_console_set_quiet(true);
    base = img_path("base.img");
    CHECK(img_mkfs(base, 1024, NULL, "2M", NULL) == 0);
    long n = 0;
    while (n < MAX_WRITES && !cut_after(n))
        n++;
    CHECK_MSG(n < MAX_WRITES, "the sequence never finished");
    printf("test_ext2_cut: %ld cut points, each repaired by e2fsck -p\n", n + 1);
    img_cleanup();
    return check_done("test_ext2_cut");
}
