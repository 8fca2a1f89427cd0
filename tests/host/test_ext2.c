/* Host tests for fs/: reading what mke2fs -d put on an image and writing
 * files, for block sizes 1, 2 and 4 KiB and a revision 0 file system.  Files
 * cover direct, single, double and triple indirect blocks, holes, symlinks,
 * long names, and a hashed (dir_index) directory.  After each scenario the
 * image is unmounted and e2fsck -fn must find it clean; written files must
 * read back the same through debugfs.  The namespace, concurrency and
 * bad-image tests are in test_ext2_ns.c, test_ext2_threads.c and
 * test_ext2_bad.c. */
#include <stdio.h>
#include <string.h>

#include "lib/random.h"
#include "lib/util.h"
#include "fs/ext2fs.h"
#include "tests/host/support/ext2_check.h"
#include "tests/host/support/host_console.h"

#define MEDIUM_SIZE   300000 /* double indirect with 1 KiB blocks */
#define LONG_NAME_LEN 255

struct config {
    const char *name;
    unsigned bs;
    const char *extra; /* more mke2fs options */
    uint64_t far;      /* an offset mapped through the triple indirect block */
};

static const struct config configs[] = {
    {"1k", 1024, NULL, 75ull << 20},
    {"2k", 2048, NULL, 600ull << 20},
    {"4k", 4096, NULL, 5ull << 30},
    {"rev0", 1024, "-r 0", 75ull << 20},
};

/* The 255-byte name used for a long-named file. */
static const char *
long_name(void)
{
    static char name[LONG_NAME_LEN + 1];
    memset(name, 'n', LONG_NAME_LEN);
    memcpy(name, "long_", 5);
    return name;
}

/* Fills staging directory DIR with the files the read test expects. */
static void
stage_tree(const char *dir, const struct config *c)
{
    CHECK(img_run("rm -rf '%s' && mkdir -p '%s/dir/sub' '%s/many'", dir, dir, dir) == 0);
    CHECK(img_run("printf 'hello, world\\n' >'%s/hello.txt' && : >'%s/empty'", dir,
                  dir) == 0);
    char path[1024];
    snprintf(path, sizeof path, "%s/medium.bin", dir);
    CHECK(stage_write(path, 0, MEDIUM_SIZE, 1) == 0);
    snprintf(path, sizeof path, "%s/sparse.bin", dir);
    CHECK(stage_write(path, 0, 4096, 2) == 0);
    CHECK(stage_write(path, (1 << 20) + 100, 512, 2) == 0);
    CHECK(stage_write(path, c->far - 1000, 4096, 2) == 0);
    CHECK(img_run("truncate -s %llu '%s'", (unsigned long long)c->far + 8192, path) == 0);
    snprintf(path, sizeof path, "%s/dir/sub/deep.txt", dir);
    CHECK(stage_write(path, 0, 5000, 3) == 0);
    CHECK(img_run("echo long >'%s/dir/%s'", dir, long_name()) == 0);
    CHECK(img_run("cd '%s' && ln -s hello.txt link && ln -s dir/sub dirlink && ln -s "
                  "dir/./././././././././././././././././././././sub/deep.txt slowlink",
                  dir) == 0);
    CHECK(img_run("cd '%s/many' && for i in $(seq 1 300); do echo $i "
                  ">file_with_a_rather_long_name_$i; done",
                  dir) == 0);
}

/* Builds the read-test image for C (with an indexed directory /many). */
static const char *
make_read_image(const struct config *c)
{
    const char *staging = img_path("staging");
    const char *img = img_path("read.img");
    stage_tree(staging, c);
    CHECK(img_mkfs(img, c->bs, staging, "16M", c->extra) == 0);
    CHECK(img_run("e2fsck -fyD '%s'", img) <= 1); /* index the big directory */
    if (c->extra == NULL) {
        char *st = img_debugfs(img, "stat /many", NULL);
        CHECK_MSG(st != NULL && strstr(st, "Flags: 0x1000") != NULL, "/many not indexed");
        free(st);
    }
    return img;
}

/* The index of the first non-zero byte of BUF (N bytes), or N. */
static size_t
first_nonzero(const uint8_t *buf, size_t n)
{
    size_t i = 0;
    while (i < n && buf[i] == 0)
        i++;
    return i;
}

/* Checks the sparse file: data where it was written, zeros elsewhere. */
static void
check_sparse(const struct config *c)
{
    struct file *f = file_open(NULL, "/sparse.bin");
    uint8_t buf[8192];
    CHECK(f != NULL);
    CHECK_EQ_INT(file_length(f), c->far + 8192);
    CHECK_EQ_INT(file_read_at(f, buf, 4096, 0), 4096);
    CHECK_EQ_INT(pattern_diff(buf, 4096, 2, 0), 4096);
    CHECK_EQ_INT(file_read_at(f, buf, 8192, 500000), 8192); /* a hole */
    CHECK_EQ_INT(first_nonzero(buf, 8192), 8192);
    CHECK_EQ_INT(file_read_at(f, buf, 1000, (1 << 20) + 50), 1000);
    CHECK_EQ_INT(first_nonzero(buf, 50), 50); /* hole, data, hole */
    CHECK_EQ_INT(pattern_diff(buf + 50, 512, 2, (1 << 20) + 100), 512);
    CHECK_EQ_INT(first_nonzero(buf + 562, 438), 438);
    CHECK_EQ_INT(file_read_at(f, buf, 8192, c->far - 2000), 8192);
    CHECK(buf[999] == 0 && buf[5096] == 0);
    CHECK_EQ_INT(pattern_diff(buf + 1000, 4096, 2, c->far - 1000), 4096);
    CHECK_EQ_INT(file_read_at(f, buf, 100, c->far + 8190), 2); /* end of file */
    CHECK_EQ_INT(file_read_at(f, buf, 100, c->far + 8192), 0);
    file_close(f);
}

/* Checks path forms: repeated slashes, ".", "..", relative to a directory,
 * and symlinks (fast, slow, to a directory). */
static void
check_paths(void)
{
    const char *good[] = {"/dir/sub/deep.txt",           "dir//sub///deep.txt",
                          "./dir/./sub/../sub/deep.txt", "/../dir/sub/deep.txt",
                          "/dirlink/deep.txt",           "/slowlink",
                          "dirlink/../sub/deep.txt"};
    for (size_t i = 0; i < ARRAY_SIZE(good); i++)
        ext2t_check_pattern(good[i], 3, 5000);
    struct inode *cwd = fs_lookup_dir(NULL, "/dir");
    CHECK(cwd != NULL);
    struct file *f = file_open(cwd, "sub/deep.txt");
    CHECK(f != NULL && file_length(f) == 5000);
    file_close(f);
    f = file_open(cwd, "../hello.txt");
    CHECK(f != NULL && file_length(f) == 13);
    file_close(f);
    CHECK(file_open(cwd, "hello.txt") == NULL);
    inode_close(cwd);
    CHECK(fs_lookup_dir(NULL, "/hello.txt") == NULL);
    CHECK(file_open(NULL, "/hello.txt/x") == NULL);
    CHECK(file_open(NULL, "/nonexistent") == NULL);
    CHECK(file_open(NULL, "") == NULL);
    int64_t len;
    uint8_t *hello = ext2t_read_all(NULL, "/link", &len);
    CHECK(hello != NULL && len == 13 && memcmp(hello, "hello, world\n", 13) == 0);
    free(hello);
}

/* Reads the names of directory PATH into NAMES (up to MAX); returns how many. */
static int
list_dir(const char *path, char names[][FILE_NAME_MAX + 1], int max)
{
    struct file *d = file_open(NULL, path);
    int n = 0;
    CHECK(d != NULL && file_is_dir(d));
    while (n < max && file_readdir(d, names[n]))
        n++;
    file_close(d);
    return n;
}

/* True if NAME is one of the N names in NAMES. */
static bool
in_list(char names[][FILE_NAME_MAX + 1], int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

/* Checks readdir: root names, "." and ".." skipped, long names cut to 14. */
static void
check_readdir(void)
{
    static char names[400][FILE_NAME_MAX + 1];
    const char *root[] = {"hello.txt", "empty",     "medium.bin", "sparse.bin",
                          "dir",       "link",      "dirlink",    "slowlink",
                          "many",      "lost+found"};
    int n = list_dir("/", names, 400);
    CHECK_EQ_INT(n, ARRAY_SIZE(root));
    for (size_t i = 0; i < ARRAY_SIZE(root); i++)
        CHECK_MSG(in_list(names, n, root[i]), "%s missing from /", root[i]);
    n = list_dir("/dir", names, 400);
    CHECK_EQ_INT(n, 2);
    CHECK(in_list(names, n, "sub") && in_list(names, n, "long_nnnnnnnnn"));
    CHECK_EQ_INT(list_dir("/many", names, 400), 300);
    CHECK(in_list(names, 300, "file_with_a_ra"));
    struct file *f = file_open(NULL, "/hello.txt");
    CHECK(!file_readdir(f, names[0]) && !file_is_dir(f));
    file_close(f);
}

/* Checks /many (an indexed directory): every name is found. */
static void
check_many(void)
{
    char path[128];
    for (int i = 1; i <= 300; i += 7) {
        snprintf(path, sizeof path, "/many/file_with_a_rather_long_name_%d", i);
        int64_t len;
        uint8_t *buf = ext2t_read_all(NULL, path, &len);
        char want[16];
        snprintf(want, sizeof want, "%d\n", i);
        CHECK_MSG(buf != NULL && len == (int64_t)strlen(want) &&
                      memcmp(buf, want, len) == 0,
                  "%s", path);
        free(buf);
    }
}

/* A second read of a cached file does no disk I/O. */
static void
check_cache_hits(void)
{
    int64_t len;
    free(ext2t_read_all(NULL, "/medium.bin", &len));
    uint64_t before = ext2t_dev->read_requests;
    uint8_t *buf = ext2t_read_all(NULL, "/medium.bin", &len);
    CHECK_EQ_INT(ext2t_dev->read_requests, before);
    CHECK_EQ_INT(pattern_diff(buf, len, 1, 0), MEDIUM_SIZE);
    free(buf);
}

/* Mounts a populated image of configuration C and reads everything. */
static void
test_read(const struct config *c)
{
    const char *img = make_read_image(c);
    ext2t_mount(img, 512);
    int64_t len;
    uint8_t *buf = ext2t_read_all(NULL, "/hello.txt", &len);
    CHECK(buf != NULL && len == 13 && memcmp(buf, "hello, world\n", 13) == 0);
    free(buf);
    buf = ext2t_read_all(NULL, "/empty", &len);
    CHECK(buf != NULL && len == 0);
    free(buf);
    ext2t_check_pattern("/medium.bin", 1, MEDIUM_SIZE);
    char path[300];
    snprintf(path, sizeof path, "/dir/%s", long_name());
    buf = ext2t_read_all(NULL, path, &len);
    CHECK(buf != NULL && len == 5 && memcmp(buf, "long\n", 5) == 0);
    free(buf);
    check_sparse(c);
    check_paths();
    check_readdir();
    check_many();
    check_cache_hits();
    uint32_t ino;
    uint64_t off;
    struct file *f = file_open(NULL, "/hello.txt");
    CHECK(img_inode_location(img, "/hello.txt", &ino, &off) == 0);
    CHECK_EQ_INT(file_inumber(f), ino);
    file_close(f);
    ext2t_unmount_fsck(img);
}

/* Writes a file sequentially in odd-sized pieces and reads it back. */
static void
write_sequential(void)
{
    CHECK(fs_create(NULL, "/w/seq", 0));
    struct file *f = file_open(NULL, "/w/seq");
    CHECK_EQ_INT(ext2t_write_pattern(f, 10, 3 << 20, 7919), 3 << 20);
    CHECK_EQ_INT(file_tell(f), 3 << 20);
    CHECK_EQ_INT(file_length(f), 3 << 20);
    file_close(f);
    ext2t_check_pattern("/w/seq", 10, 3 << 20);
}

/* Random writes over a file made with an initial size, against a model. */
static uint8_t *
write_random(size_t size)
{
    struct random_state rs;
    uint8_t *model = calloc(size + 65536, 1);
    uint8_t *buf = malloc(20000);
    size_t len = size;

    random_seed(&rs, 42);
    CHECK(fs_create(NULL, "/w/rand", size));
    struct file *f = file_open(NULL, "/w/rand");
    CHECK_EQ_INT(file_length(f), size);
    for (int i = 0; i < 300; i++) {
        size_t off = random_below(&rs, size + 20000), n = 1 + random_below(&rs, 20000);
        pattern_fill(buf, n, 100 + i, 0);
        CHECK_EQ_INT(file_write_at(f, buf, n, off), n);
        memcpy(model + off, buf, n);
        len = off + n > len ? off + n : len;
    }
    CHECK_EQ_INT(file_length(f), len);
    uint8_t *back = malloc(len);
    CHECK_EQ_INT(file_read_at(f, back, len, 0), len);
    CHECK(memcmp(back, model, len) == 0);
    free(back);
    free(buf);
    file_close(f);
    return model;
}

/* Writing past the end leaves a gap that reads as zeros; writing near the
 * maximum size is cut short. */
static void
write_gaps(const struct config *c)
{
    uint8_t buf[4096];
    CHECK(fs_create(NULL, "/w/gap", 0));
    struct file *f = file_open(NULL, "/w/gap");
    memset(buf, 0xab, sizeof buf);
    CHECK_EQ_INT(file_write_at(f, buf, 100, 0), 100);
    CHECK_EQ_INT(file_write_at(f, buf, 100, 50000), 100);
    CHECK_EQ_INT(file_length(f), 50100);
    CHECK_EQ_INT(file_read_at(f, buf, 4096, 96), 4096);
    CHECK(buf[3] == 0xab && buf[4] == 0 && buf[4095] == 0);
    pattern_fill(buf, 3000, 7, c->far);
    CHECK_EQ_INT(file_write_at(f, buf, 3000, c->far), 3000);
    CHECK_EQ_INT(file_length(f), c->far + 3000);
    memset(buf, 0, sizeof buf);
    CHECK_EQ_INT(file_read_at(f, buf, 3000, c->far), 3000);
    CHECK_EQ_INT(pattern_diff(buf, 3000, 7, c->far), 3000);
    if (c->extra != NULL) { /* revision 0: no large_file, 2 GiB - 1 at most */
        CHECK_EQ_INT(file_write_at(f, buf, 100, 0x7fffffff - 50), 50);
        CHECK_EQ_INT(file_length(f), 0x7fffffff);
        CHECK_EQ_INT(file_write_at(f, buf, 100, 0x7fffffff), 0);
    }
    file_close(f);
}

/* Writes files in several ways, then checks them with e2fsck and debugfs. */
static void
test_write(const struct config *c)
{
    const char *img = img_path("write.img");
    CHECK(img_mkfs(img, c->bs, NULL, "32M", c->extra) == 0);
    ext2t_mount(img, 64);
    CHECK(fs_mkdir(NULL, "/w"));
    write_sequential();
    uint8_t *model = write_random(1 << 20);
    write_gaps(c);
    ext2t_unmount_fsck(img);
    ext2t_check_debugfs(img, "/w/seq", 10, 3 << 20);
    size_t len;
    uint8_t *back = img_cat(img, "/w/rand", &len);
    CHECK(back != NULL && len >= (1 << 20) && memcmp(back, model, len) == 0);
    free(back);
    free(model);
    ext2t_mount(img, 16); /* read again after a remount, with a tiny cache */
    ext2t_check_pattern("/w/seq", 10, 3 << 20);
    ext2t_unmount_fsck(img);
}

/* Blocks a growing file lies in: FILE_BLOCKS data blocks in order, N of
 * them; the count of places where a block does not follow the one before
 * (the indirect block between file blocks 11 and 12 excepted). */
static unsigned
fragments(const char *img, const char *path, unsigned n)
{
    unsigned breaks = 0;
    uint32_t prev = img_file_block(img, path, 0);
    for (unsigned i = 1; i < n; i++) {
        uint32_t b = img_file_block(img, path, i);
        breaks += b != prev + 1 && !(i == 12 && b == prev + 2);
        prev = b;
    }
    return breaks;
}

/* A file that grows again after a remount, with an earlier file's freed
 * blocks before it, gets its new blocks right after its last one (not in
 * the first free blocks after its inode). */
static void
test_contiguous(const struct config *c)
{
    const char *img = img_path("goal.img");
    int64_t chunk = 16 * (int64_t)c->bs;
    CHECK(img_mkfs(img, c->bs, NULL, "8M", c->extra) == 0);
    ext2t_mount(img, 64);
    ext2t_make_file("/a", 1, chunk);
    ext2t_make_file("/b", 2, chunk);
    CHECK(fs_remove(NULL, "/a"));
    ext2t_unmount_fsck(img);
    ext2t_mount(img, 64); /* /b's inode is read again */
    struct file *f = file_open(NULL, "/b");
    uint8_t *buf = malloc(chunk);
    pattern_fill(buf, chunk, 2, chunk);
    CHECK_EQ_INT(file_write_at(f, buf, chunk, chunk), chunk);
    file_close(f);
    free(buf);
    ext2t_unmount_fsck(img);
    ext2t_check_debugfs(img, "/b", 2, 2 * chunk);
    CHECK_EQ_INT(fragments(img, "/b", 32), 0);
}

/* ext2_data_run agrees with ext2_block_is_data block by block, across
 * group boundaries, superblock copies, bitmaps and inode tables (small
 * groups: many of each). */
static void
test_data_run(const struct config *c)
{
    const char *img = img_path("run.img");
    char extra[64];
    snprintf(extra, sizeof extra, "-g %u %s", 8 * c->bs / 4, c->extra ? c->extra : "");
    CHECK(img_mkfs(img, c->bs, NULL, "4M", extra) == 0);
    ext2t_mount(img, 16);
    struct inode *root = fs_root();
    const struct ext2_fs *fs = root->fs;
    static const uint32_t lens[] = {1, 2, 7, 100, 3000, 100000};
    for (uint32_t b = 0; b < fs->blocks_count + 2; b++) {
        for (size_t k = 0; k < ARRAY_SIZE(lens); k++) {
            uint32_t want = 0;
            while (want < lens[k] && ext2_block_is_data(fs, b + want))
                want++;
            CHECK_EQ_INT(ext2_data_run(fs, b, lens[k]), want);
        }
    }
    inode_close(root);
    ext2t_unmount_fsck(img);
}

int
main(void)
{
    img_setup("test_ext2");
    host_console_set_quiet(true);
    for (size_t i = 0; i < ARRAY_SIZE(configs); i++) {
        test_read(&configs[i]);
        test_write(&configs[i]);
        test_contiguous(&configs[i]);
        test_data_run(&configs[i]);
    }
    img_cleanup();
    return check_done("test_ext2");
}
