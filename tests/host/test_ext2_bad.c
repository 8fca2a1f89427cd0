/* Host tests for fs/ on damaged disks: something that is not ext2, a broken
 * superblock or group descriptor, unknown features, block numbers outside the
 * file system or on its metadata, loops in indirect blocks, impossible
 * directory entries, bad inode numbers and inodes, failing writes.  Each must
 * fail cleanly (mount refused, or the operation failing) with a message that
 * says what is wrong, never crash (ASan/UBSan watch every access). */
#include <stdio.h>
#include <string.h>

#include "tests/host/support/ext2_check.h"
#include "tests/host/support/host_console.h"

#define SB      1024 /* byte offset of the superblock */
#define GD      2048 /* byte offset of group 0's descriptor (1 KiB blocks) */
#define BS      1024
#define I_SIZE  4 /* offsets in an inode */
#define I_LINKS 26
#define I_FLAGS 32
#define I_BLOCK 40

static const char *base;                                   /* the good image */
static uint64_t ino_f, ino_big, ino_d, ino_link, ino_root; /* inode offsets */
static uint32_t ino_num_d;                                 /* inode number of /d */

/* Copies the good image to a scratch image and returns its path. */
static const char *
fresh(void)
{
    const char *img = img_path("bad.img");
    CHECK(img_copy(base, img) == 0);
    host_console_clear();
    return img;
}

/* Checks that mounting IMG fails with a message containing WHY. */
static void
expect_mount_fails(const char *img, const char *why)
{
    struct block_device *dev = host_block_open(img, true);
    CHECK(dev != NULL);
    host_console_clear();
    CHECK_MSG(fs_mount(dev) == -1, "mount of a bad image (%s) succeeded", why);
    CHECK_MSG(host_console_contains(why), "no message \"%s\" in: %s", why,
              host_console_text());
    CHECK(!fs_mounted());
    host_block_close(dev);
}

/* Checks that the console says WHY. */
static void
expect_message(const char *why)
{
    CHECK_MSG(host_console_contains(why), "no message \"%s\" in: %s", why,
              host_console_text());
}

/* Builds the good image: a small file, a file with indirect blocks, a
 * directory, a symlink. */
static void
make_base(void)
{
    const char *st = img_path("staging");
    base = img_path("base.img");
    CHECK(
        img_run("rm -rf '%s' && mkdir -p '%s/d' && echo x >'%s/d/x' && ln -s f '%s/link'",
                st, st, st, st) == 0);
    char path[600];
    snprintf(path, sizeof path, "%s/f", st);
    CHECK(stage_write(path, 0, 3000, 1) == 0);
    snprintf(path, sizeof path, "%s/big", st);
    CHECK(stage_write(path, 0, 300000, 2) == 0);
    CHECK(img_mkfs(base, BS, st, "4M", NULL) == 0);
    uint32_t ino;
    CHECK(img_inode_location(base, "/f", &ino, &ino_f) == 0);
    CHECK(img_inode_location(base, "/big", &ino, &ino_big) == 0);
    CHECK(img_inode_location(base, "/d", &ino_num_d, &ino_d) == 0);
    CHECK(img_inode_location(base, "/link", &ino, &ino_link) == 0);
    CHECK(img_inode_location(base, "<2>", &ino, &ino_root) == 0);
}

/* Superblocks and devices that must not mount. */
static void
test_bad_super(void)
{
    const char *img = img_path("junk.img");
    CHECK(img_run("head -c 1048576 /dev/zero >'%s'", img) == 0);
    expect_mount_fails(img, "not an ext2 file system");
    CHECK(img_run("head -c 1048576 /dev/urandom >'%s'", img) == 0);
    expect_mount_fails(img, "not an ext2 file system");
    CHECK(img_run("head -c 1000 /dev/zero >'%s'", img) == 0);
    expect_mount_fails(img, "cannot read the superblock");
    struct {
        uint32_t off, value;
        int width;
        const char *why;
    } cases[] = {
        {SB + 56, 0x1234, 16, "bad magic"},
        {SB + 24, 10, 32, "block size"},
        {SB + 24, 2, 32, "first data block"},
        {SB + 0, 1025, 32, "inode count does not match"},
        {SB + 4, 1u << 30, 32, "larger than the device"},
        {SB + 32, 0, 32, "blocks per group"},
        {SB + 40, 1u << 20, 32, "inodes per group"},
        {SB + 76, 7, 32, "unknown revision"},
        {SB + 88, 100, 16, "inode size"},
        {SB + 84, 1, 32, "first inode"},
        {SB + 96, 0x2 | 0x40, 32, "unsupported incompatible features 0x40"},
        {GD + 8, 999999, 32, "inode table outside the group"},
        {GD + 0, 0, 32, "block bitmap outside the group"},
        {GD + 4, 5000, 32, "inode bitmap outside the group"},
        {GD + 12, 60000, 16, "impossible counts"},
        {ino_root + 0, 0x81a4, 16, "root inode is not a directory"},
        {ino_root + I_LINKS, 0, 16, "inode 2: not in use"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        img = fresh();
        if (cases[i].width == 16)
            CHECK(img_poke16(img, cases[i].off, cases[i].value) == 0);
        else
            CHECK(img_poke32(img, cases[i].off, cases[i].value) == 0);
        expect_mount_fails(img, cases[i].why);
    }
    img = fresh();
    CHECK(img_run("truncate -s 2M '%s'", img) == 0);
    expect_mount_fails(img, "larger than the device");
}

/* An unknown read-only feature mounts read-only: reads work, nothing is
 * written, the image does not change. */
static void
test_ro_compat(void)
{
    const char *img = fresh();
    CHECK(img_poke32(img, SB + 100, 0x3 | 0x400) == 0);
    CHECK(img_copy(img, img_path("ro-before.img")) == 0);
    ext2t_mount(img, 64);
    expect_message("mounting read-only");
    CHECK(fs_read_only());
    ext2t_check_pattern("/big", 2, 300000);
    struct file *f = file_open(NULL, "/f");
    CHECK(f != NULL && file_write(f, "zz", 2) == 0);
    file_close(f);
    CHECK(!fs_create(NULL, "/new", 0) && !fs_mkdir(NULL, "/nd") &&
          !fs_remove(NULL, "/f"));
    CHECK(fs_symlink(NULL, "f", "/l2") == -1);
    ext2t_unmount();
    CHECK(img_run("cmp '%s' '%s'", img, img_path("ro-before.img")) == 0);
}

/* Block numbers in an inode or an indirect block that are outside the file
 * system, on its metadata, or loop. */
static void
test_bad_blocks(void)
{
    const char *img = fresh();
    uint32_t ind, dind;
    uint8_t buf[20000];
    CHECK(img_poke32(img, ino_f + I_BLOCK, 9999999) == 0);
    CHECK(img_peek(img, ino_big + I_BLOCK + 12 * 4, &ind, 4) == 0);
    CHECK(img_peek(img, ino_big + I_BLOCK + 13 * 4, &dind, 4) == 0);
    CHECK(img_poke32(img, (uint64_t)ind * BS + 4, 3) == 0); /* file block 13: the GDT */
    CHECK(img_poke32(img, (uint64_t)dind * BS, dind) == 0); /* a loop */
    ext2t_mount(img, 64);
    struct file *f = file_open(NULL, "/f");
    CHECK(f != NULL && file_read(f, buf, 3000) == 0);
    expect_message("file block 0 maps to block 9999999");
    CHECK_EQ_INT(file_write_at(f, "abc", 3, 10), 0);
    file_close(f);
    f = file_open(NULL, "/big");
    host_console_clear();
    CHECK_EQ_INT(file_read(f, buf, 20000), 13 * BS);
    expect_message("file block 13 maps to block 3, outside the data area");
    CHECK_EQ_INT(file_write_at(f, buf, 100, 13 * BS), 0);
    CHECK_EQ_INT(file_read_at(f, buf, 5000, 270 * BS), 5000); /* through the loop */
    file_close(f);
    host_console_clear();
    CHECK(fs_remove(NULL, "/big") && fs_remove(NULL, "/f"));
    expect_message("not freeing block");
    ext2t_unmount();
    ext2t_mount(img, 64); /* the GDT and superblock survived */
    CHECK(file_open(NULL, "/big") == NULL);
    ext2t_unmount();
}

/* Directory entries with impossible lengths or inode numbers. */
static void
test_bad_dirents(void)
{
    uint32_t dblock = img_file_block(base, "/d", 0);
    uint64_t d = (uint64_t)dblock * BS;
    struct {
        uint64_t off;
        uint32_t value;
        int width;
        const char *why;
    } cases[] = {
        {d + 4, 0, 16, "bad record length"},
        {d + 4, 13, 16, "bad record length"},
        {d + 24 + 4, 2000, 16, "bad record length"},
        {d + 12 + 6, 200, 8, "name longer than its record"},
        {d + 24, 999999, 32, "bad inode number"},
    };
    CHECK(dblock != 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *img = fresh();
        uint8_t v8 = cases[i].value;
        if (cases[i].width == 8)
            CHECK(img_poke(img, cases[i].off, &v8, 1) == 0);
        else if (cases[i].width == 16)
            CHECK(img_poke16(img, cases[i].off, cases[i].value) == 0);
        else
            CHECK(img_poke32(img, cases[i].off, cases[i].value) == 0);
        ext2t_mount(img, 64);
        char name[FILE_NAME_MAX + 1];
        CHECK(file_open(NULL, "/d/x") == NULL);
        expect_message(cases[i].why);
        char where[64];
        snprintf(where, sizeof where, "directory inode %u, block 0", ino_num_d);
        expect_message(where);
        struct file *dir = file_open(NULL, "/d");
        CHECK(dir != NULL && !file_readdir(dir, name));
        file_close(dir);
        CHECK(!fs_create(NULL, "/d/new", 0) && !fs_remove(NULL, "/d/x"));
        CHECK(!fs_remove(NULL, "/d"));
        ext2t_unmount();
    }
}

/* Inodes that cannot be used: reserved numbers, unused, not ext2, odd
 * sizes, bad symlinks. */
static void
test_bad_inodes(void)
{
    uint64_t d = (uint64_t)img_file_block(base, "/d", 0) * BS;
    struct {
        uint64_t off;
        uint32_t value;
        int width;
        const char *path, *why;
    } cases[] = {
        {d + 24, 7, 32, "/d/x", "inode number 7 is out of range or reserved"},
        {ino_f + I_LINKS, 0, 16, "/f", "not in use"},
        {ino_f + I_FLAGS, 0x80000, 32, "/f", "extents"},
        {ino_d + I_SIZE, 1000, 32, "/d", "not a multiple of the block size"},
        {ino_d + I_BLOCK, 0, 32, "/d/x", "has a hole"},
        {ino_link + I_SIZE, 5000, 32, "/link", "bad length"},
        {ino_link + I_BLOCK, 0x00786600, 32, "/link", "NUL"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *img = fresh();
        if (cases[i].width == 16)
            CHECK(img_poke16(img, cases[i].off, cases[i].value) == 0);
        else
            CHECK(img_poke32(img, cases[i].off, cases[i].value) == 0);
        ext2t_mount(img, 64);
        CHECK_MSG(file_open(NULL, cases[i].path) == NULL, "%s opened", cases[i].path);
        expect_message(cases[i].why);
        ext2t_unmount();
    }
    const char *img = fresh(); /* a huge size over few blocks reads zeros */
    CHECK(img_poke32(img, ino_f + 108, 0x100) == 0);
    ext2t_mount(img, 64);
    struct file *f = file_open(NULL, "/f");
    uint8_t buf[100];
    CHECK(f != NULL && file_length(f) == (0x100ll << 32) + 3000);
    memset(buf, 1, sizeof buf);
    CHECK_EQ_INT(file_read_at(f, buf, 100, 1ll << 30), 100);
    CHECK(buf[0] == 0 && buf[99] == 0);
    CHECK_EQ_INT(file_read_at(f, buf, 100, 1ll << 39), 0);
    expect_message("beyond the block map");
    file_close(f);
    ext2t_unmount();
}

/* Bitmaps that disagree with the counts or mark metadata free: allocation
 * skips them and never writes over metadata. */
static void
test_bad_bitmaps(void)
{
    const char *img = fresh();
    uint32_t bbitmap, itable;
    uint8_t zero = 0, ones[BS];
    CHECK(img_peek(img, GD, &bbitmap, 4) == 0 && img_peek(img, GD + 8, &itable, 4) == 0);
    CHECK(img_poke(img, (uint64_t)bbitmap * BS + (itable - 1) / 8, &zero, 1) == 0);
    ext2t_mount(img, 64);
    ext2t_make_file("/new", 4, 200000);
    expect_message("marks metadata block");
    ext2t_check_pattern("/big", 2, 300000);
    ext2t_unmount();
    img = fresh();
    memset(ones, 0xff, sizeof ones);
    CHECK(img_poke(img, (uint64_t)bbitmap * BS, ones, BS) == 0);
    ext2t_mount(img, 64);
    CHECK(fs_create(NULL, "/new", 0));
    struct file *f = file_open(NULL, "/new");
    CHECK(f != NULL && file_write(f, "abc", 3) == 0);
    expect_message("counted free but the bitmap has none");
    file_close(f);
    ext2t_unmount();
}

/* The device refuses writes: a create fails (its entry must reach the disk
 * first), sync reports the lost write-backs with -1, the block layer counts
 * the failed writes, nothing crashes and nothing reaches the console. */
static void
test_write_errors(void)
{
    const char *img = fresh();
    ext2t_mount(img, 16);
    CHECK(fs_create(NULL, "/new", 0));
    host_block_fail_writes_after(ext2t_dev, 0);
    CHECK(!fs_create(NULL, "/other", 0)); /* its entry cannot reach the disk */
    host_console_clear();
    struct file *f = file_open(NULL, "/new");
    CHECK(f != NULL);
    CHECK_EQ_INT(ext2t_write_pattern(f, 4, 100000, 4093), 100000); /* evictions fail */
    file_close(f);
    CHECK(fs_sync() == -1);
    CHECK(ext2t_dev->write_errors > 0);
    CHECK_MSG(!host_console_contains("block"), "disk errors on the console: %s",
              host_console_text());
    ext2t_unmount();
}

int
main(void)
{
    img_setup("test_ext2_bad");
    host_console_set_quiet(true);
    make_base();
    test_bad_super();
    test_ro_compat();
    test_bad_blocks();
    test_bad_dirents();
    test_bad_inodes();
    test_bad_bitmaps();
    test_write_errors();
    img_cleanup();
    return check_done("test_ext2_bad");
}
