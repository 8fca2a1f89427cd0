/* Self tests of the page cache's hold on its frames (vm/pagecache.c): no
 * pointer to a cached frame outlives the frame's place in the cache.  Both
 * run on the file-system disk the runner builds (e2fsck checks it after).
 *
 * pc-sync-evicting: sync() meets a page the frame table is evicting.  It
 * must wait for the page by its (inode, page), not pin the frame: once
 * evicted the frame is freed or handed on, and a pin sync dropped later
 * was a pin taken from the frame's next user.
 *
 * pc-inode-reuse: a removed file's page that is in use when its inode is
 * freed must never be found under that inode number again, which the next
 * file created gets. */
#include "fs/file.h"
#include "fs/fs.h"
#include "kernel/ktest.h"
#include "kernel/timer.h"
#include "lib/string.h"
#include "vm/frame.h"
#include "vm/pagecache.h"

#define PAGE 4096

/* Creates NAME holding one page of byte C; returns it open, or NULL. */
static struct file *
page_file(const char *name, char c)
{
    static char buf[PAGE];
    memset(buf, c, sizeof buf);
    struct file *f = fs_create(NULL, name, 0) ? file_open(NULL, name) : NULL;
    if (!KTEST_CHECK(f != NULL && file_write_at(f, buf, PAGE, 0) == PAGE, "create %s",
                     name)) {
        if (f != NULL)
            file_close(f);
        return NULL;
    }
    return f;
}

static volatile bool synced;

static void
syncer(void *aux)
{
    (void)aux;
    pagecache_sync();
    synced = true;
}

static void
test_sync_evicting(void)
{
    struct file *file = page_file("evicting", 'e');
    struct frame *f = file != NULL ? pagecache_get(file, 0, 0) : NULL;
    if (!KTEST_CHECK(f != NULL, "page 0 of evicting cached"))
        goto out;
    pagecache_put(f);
    frame_table_lock(); /* what clock_choose does to its victim */
    bool claimed = pagecache_claim_locked(f);
    f->pins++;
    frame_table_unlock();
    KTEST_CHECK(claimed, "the page claimed for eviction");
    synced = false;
    struct thread *t = ktest_spawn("syncer", 0, syncer, NULL);
    timer_sleep(5);
    KTEST_CHECK(!synced, "sync waits for the page being evicted");
    KTEST_CHECK(pagecache_evict(f), "a clean page is dropped");
    frame_table_lock(); /* what frame_evict and frame_make_room do */
    pagecache_forget_locked(f);
    f->pins--;
    bool held = f->pins > 0;
    if (!held)
        frame_free_locked(f);
    frame_table_unlock();
    KTEST_CHECK(!held, "nobody but the evictor held the frame (sync pinned it)");
    ktest_join_all(&t, 1);
    KTEST_CHECK(synced, "sync went on once the page was gone");
    ktest_msg("sync waited for the evicted page without holding its frame");
    if (held) { /* sync has let go of it by now */
        frame_table_lock();
        frame_free_locked(f);
        frame_table_unlock();
    }
out:
    if (file != NULL)
        file_close(file);
    fs_remove(NULL, "evicting");
}
KTEST("pc-sync-evicting", test_sync_evicting);

static void
test_inode_reuse(void)
{
    struct file *old = page_file("old", 'o');
    struct frame *f = old != NULL ? pagecache_get(old, 0, 0) : NULL;
    if (!KTEST_CHECK(f != NULL, "page 0 of old cached")) {
        if (old != NULL)
            file_close(old);
        return;
    }
    uint32_t ino = file_inumber(old);
    file_close(old);
    KTEST_CHECK(fs_remove(NULL, "old"), "old removed while its page is in use");
    struct file *new = page_file("new", 'n');
    if (new != NULL &&
        KTEST_CHECK(file_inumber(new) == ino, "new got old's inode number")) {
        struct frame *g = pagecache_get(new, 0, 0);
        if (KTEST_CHECK(g != NULL, "page 0 of new cached")) {
            KTEST_CHECK(g != f, "new's page is not old's frame");
            KTEST_CHECK(((const char *)g->kva)[0] == 'n' &&
                            ((const char *)g->kva)[PAGE - 1] == 'n',
                        "new's page holds new's bytes");
            pagecache_put(g);
        }
        ktest_msg("a page of a freed inode is never found under its number again");
    }
    pagecache_put(f);
    if (new != NULL)
        file_close(new);
    fs_remove(NULL, "new");
}
KTEST("pc-inode-reuse", test_inode_reuse);
