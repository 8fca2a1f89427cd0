/* libFuzzer target for fs/: the input is a disk image (2 KiB to 1 MiB).  It
 * is copied to the start of an in-memory block device of at least 512 KiB
 * (the rest zeros, so an image whose zero tail was cut off still mounts), and
 * mounted read-write with a tiny block cache; the tree is walked (bounded depth and
 * breadth), every file read at its start and its end, a file written, a directory and a
 * symlink made and removed, an entry found by the walk removed, and the image unmounted.
 * Any crash, sanitizer report, leak, hang or panic is a bug: damaged images must only
 * make operations fail.
 *
 * Build and run: `make fuzz` (see the rule in the Makefile). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/file.h"
#include "fs/fs.h"
#include "tests/host/support/host_block.h"
#include "tests/host/support/host_console.h"

#define MAX_DEPTH   4
#define MAX_ENTRIES 64   /* per walk */
#define READ_SIZE   8192 /* bytes read at each end of a file */
#define MIN_DEVICE  (512 * 1024)

struct walk_state {
    int entries;      /* entries visited so far */
    char victim[128]; /* a path found by the walk, to remove */
    uint8_t buf[READ_SIZE];
};

/* Reads the beginning and the end of open file F. */
static void
fuzz_read_file(struct walk_state *w, struct file *f)
{
    int64_t len = file_length(f);
    file_read(f, w->buf, READ_SIZE);
    if (len > READ_SIZE)
        file_read_at(f, w->buf, READ_SIZE, len - READ_SIZE);
    file_read_at(f, w->buf, 100, len / 2);
}

/* Walks directory PATH (open as DIR) and what it contains, to DEPTH. */
static void
fuzz_walk(struct walk_state *w, const char *path, struct file *dir, int depth)
{
    char name[FILE_NAME_MAX + 1], child[160];

    while (w->entries < MAX_ENTRIES && file_readdir(dir, name)) {
        w->entries++;
        snprintf(child, sizeof child, "%s/%s", path, name);
        struct file *f = file_open(NULL, child);
        if (f == NULL)
            continue;
        if (w->victim[0] == '\0')
            snprintf(w->victim, sizeof w->victim, "%s", child);
        if (!file_is_dir(f))
            fuzz_read_file(w, f);
        else if (depth < MAX_DEPTH)
            fuzz_walk(w, child, f, depth + 1);
        file_close(f);
    }
}

/* Changes the mounted file system: writes, directories, links, removes. */
static void
fuzz_modify(struct walk_state *w)
{
    memset(w->buf, 0x5a, sizeof w->buf);
    if (fs_create(NULL, "/fuzz.new", 100)) {
        struct file *f = file_open(NULL, "/fuzz.new");
        if (f != NULL) {
            file_write(f, w->buf, 5000);
            file_write_at(f, w->buf, 3000, 70000);
            file_read_at(f, w->buf, 4096, 68000);
            file_close(f);
        }
    }
    fs_mkdir(NULL, "/fuzz.dir");
    fs_create(NULL, "/fuzz.dir/x", 10);
    fs_symlink(NULL, "../fuzz.new", "/fuzz.dir/link");
    struct file *f = file_open(NULL, "/fuzz.dir/link");
    if (f != NULL)
        fuzz_read_file(w, f);
    file_close(f);
    struct inode *cwd = fs_lookup_dir(NULL, "/fuzz.dir");
    fs_remove(cwd, "link");
    fs_remove(cwd, "x");
    inode_close(cwd);
    fs_remove(NULL, "/fuzz.dir");
    fs_remove(NULL, "/fuzz.new");
    if (w->victim[0] != '\0')
        fs_remove(NULL, w->victim);
    fs_sync();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    host_console_set_quiet(true);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2048 || size > (1 << 20))
        return 0;
    size_t len = size < MIN_DEVICE ? MIN_DEVICE : size / 512 * 512;
    uint8_t *disk = calloc(1, len);
    struct walk_state *w = calloc(1, sizeof *w);
    if (disk == NULL || w == NULL)
        abort();
    memcpy(disk, data, size < len ? size : len);
    host_console_clear();
    struct block_device *dev = host_block_open_mem(disk, len, true);
    if (dev != NULL && fs_mount_cache(dev, 8) == 0) {
        struct file *root = file_open(NULL, "/");
        if (root != NULL)
            fuzz_walk(w, "", root, 0);
        file_close(root);
        if (!fs_read_only())
            fuzz_modify(w);
        fs_unmount();
    }
    if (dev != NULL)
        host_block_close(dev);
    free(w);
    free(disk);
    return 0;
}
