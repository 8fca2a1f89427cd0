/* Host tests for fs/ names: directories (nested, removing empty ones only,
 * the current directory removed), readdir's 14-byte names, long names,
 * removing open files, denying writes, symbolic links (fast, slow, loops),
 * changing a hashed (dir_index) directory, many small files created, removed
 * and recreated, and a full disk (short writes, no inodes left).  Every
 * scenario ends with e2fsck -fn clean. */
#include <stdio.h>
#include <string.h>

#include "lib/util.h"
#include "tests/host/support/ext2_check.h"
#include "tests/host/support/host_console.h"

/* Makes an empty image with block size BS and SIZE, and mounts it. */
static const char *
fresh_image(unsigned bs, const char *size, const char *extra)
{
    const char *img = img_path("ns.img");
    CHECK(img_mkfs(img, bs, NULL, size, extra) == 0);
    ext2t_mount(img, 64);
    return img;
}

/* Nested directories, removal of empty ones only, the root protected. */
static void
test_dirs(void)
{
    const char *img = fresh_image(1024, "8M", NULL);
    CHECK(fs_mkdir(NULL, "/a") && fs_mkdir(NULL, "/a/b") && fs_mkdir(NULL, "a/b/c"));
    CHECK(!fs_mkdir(NULL, "/a") && !fs_create(NULL, "/a", 0) && !fs_mkdir(NULL, "/"));
    CHECK(!fs_mkdir(NULL, "/x/y") && !fs_mkdir(NULL, "") && !fs_mkdir(NULL, "/a/."));
    CHECK(fs_create(NULL, "/a/b/c/f", 10));
    CHECK(!fs_remove(NULL, "/a/b") && !fs_remove(NULL, "/a/b/c"));
    CHECK(!fs_remove(NULL, "/") && !fs_remove(NULL, "/a/.") && !fs_remove(NULL, "/a/.."));
    CHECK(!fs_remove(NULL, "/a/b/nothing"));
    CHECK(fs_remove(NULL, "/a/b/c/f") && fs_remove(NULL, "/a/b/c"));
    CHECK(fs_lookup_dir(NULL, "/a/b/c") == NULL);
    CHECK(fs_mkdir(NULL, "/a/b/c")); /* again, reusing the inode */
    for (int i = 0; i < 40; i++) {   /* spread over the groups */
        char path[64];
        snprintf(path, sizeof path, "/a/d%d", i);
        CHECK(fs_mkdir(NULL, path));
        snprintf(path, sizeof path, "/a/d%d/file", i);
        CHECK(fs_create(NULL, path, i * 1000));
    }
    struct inode *cwd = fs_lookup_dir(NULL, "/a/b");
    CHECK(cwd != NULL && fs_create(cwd, "x", 3000) && fs_mkdir(cwd, "../e"));
    struct file *f = file_open(cwd, "x");
    uint8_t buf[3000];
    memset(buf, 1, sizeof buf);
    CHECK(f != NULL && file_length(f) == 3000 && file_read(f, buf, 3000) == 3000);
    CHECK(buf[0] == 0 && buf[2999] == 0);
    file_close(f);
    inode_close(cwd);
    ext2t_unmount_fsck(img);
    char *st = img_debugfs(img, "stat /a", NULL);
    CHECK_MSG(st != NULL && strstr(st, "Links: 44") != NULL, "links of /a");
    free(st);
}

/* The current directory is removed: it stays usable as a reference, nothing
 * can be created in it, and it is freed at its last close. */
static void
test_remove_cwd(void)
{
    const char *img = fresh_image(1024, "8M", NULL);
    CHECK(fs_mkdir(NULL, "/gone"));
    struct inode *cwd = fs_lookup_dir(NULL, "/gone");
    CHECK(fs_remove(NULL, "/gone"));
    CHECK(!fs_create(cwd, "f", 0) && !fs_mkdir(cwd, "d"));
    CHECK(fs_lookup_dir(NULL, "/gone") == NULL);
    struct file *d = file_open(cwd, ".");
    char name[FILE_NAME_MAX + 1];
    CHECK(d == NULL || !file_readdir(d, name));
    file_close(d);
    inode_close(cwd);
    ext2t_unmount_fsck(img);
}

/* readdir: names cut to 14 bytes, "." and ".." skipped; names of 255 bytes
 * work, 256 do not. */
static void
test_names(void)
{
    const char *img = fresh_image(2048, "8M", NULL);
    char name[FILE_NAME_MAX + 1], path[600];
    CHECK(fs_mkdir(NULL, "/n"));
    CHECK(fs_create(NULL, "/n/short", 0) && fs_create(NULL, "/n/exactly14chars", 0));
    CHECK(fs_create(NULL, "/n/this_is_a_long_name_over_14", 0));
    memset(path, 0, sizeof path);
    memcpy(path, "/n/", 3);
    memset(path + 3, 'q', 255);
    CHECK(fs_create(NULL, path, 0));
    ext2t_check_pattern(path, 0, 0);
    path[3 + 255] = 'q';
    CHECK(!fs_create(NULL, path, 0) && file_open(NULL, path) == NULL);
    struct file *d = file_open(NULL, "/n");
    int count = 0, found = 0;
    while (file_readdir(d, name)) {
        count++;
        found += strcmp(name, "short") == 0 || strcmp(name, "exactly14chars") == 0 ||
                 strcmp(name, "this_is_a_long") == 0 ||
                 strcmp(name, "qqqqqqqqqqqqqq") == 0;
    }
    CHECK_EQ_INT(count, 4);
    CHECK_EQ_INT(found, 4);
    CHECK(!file_readdir(d, name));
    file_close(d);
    ext2t_unmount_fsck(img);
}

/* A removed file stays readable and writable while open, its name is free
 * at once, and its space comes back at the last close. */
static void
test_remove_open(void)
{
    const char *img = fresh_image(1024, "8M", NULL);
    ext2t_make_file("/r", 5, 200000);
    struct file *f = file_open(NULL, "/r");
    struct file *g = file_reopen(f);
    CHECK(fs_remove(NULL, "/r"));
    CHECK(file_open(NULL, "/r") == NULL && !fs_remove(NULL, "/r"));
    CHECK(fs_create(NULL, "/r", 5));
    struct file *h = file_open(NULL, "/r");
    CHECK(file_inumber(h) != file_inumber(f) && file_length(h) == 5);
    file_close(h);
    uint8_t buf[1000];
    CHECK_EQ_INT(file_read_at(f, buf, 1000, 100000), 1000);
    CHECK_EQ_INT(pattern_diff(buf, 1000, 5, 100000), 1000);
    pattern_fill(buf, 1000, 6, 0);
    CHECK_EQ_INT(file_write_at(g, buf, 1000, 300000), 1000);
    CHECK_EQ_INT(file_length(f), 301000);
    file_close(f);
    CHECK_EQ_INT(file_read_at(g, buf, 1000, 300000), 1000);
    CHECK_EQ_INT(pattern_diff(buf, 1000, 6, 0), 1000);
    file_close(g);
    ext2t_unmount_fsck(img);
    char *st = img_debugfs(img, "stats", NULL);
    CHECK(st != NULL && strstr(st, "Free inodes:") != NULL);
    free(st);
}

/* While a handle denies writes, every write to the inode writes nothing. */
static void
test_deny_write(void)
{
    const char *img = fresh_image(1024, "8M", NULL);
    ext2t_make_file("/exe", 8, 5000);
    struct file *a = file_open(NULL, "/exe"), *b = file_open(NULL, "/exe");
    struct file *c = file_reopen(a);
    file_deny_write(a);
    file_deny_write(a); /* once per handle */
    file_deny_write(c);
    CHECK_EQ_INT(file_write(b, "xx", 2), 0);
    CHECK_EQ_INT(file_write_at(a, "xx", 2, 10), 0);
    file_allow_write(a);
    CHECK_EQ_INT(file_write(b, "xx", 2), 0); /* c still denies */
    file_close(c);
    CHECK_EQ_INT(file_write(b, "xx", 2), 2);
    file_close(a);
    file_close(b);
    ext2t_unmount_fsck(img);
}

/* Symbolic links: fast and slow, relative and absolute, to directories,
 * dangling, loops; removing a link leaves its target. */
static void
test_symlinks(void)
{
    const char *img = fresh_image(1024, "8M", NULL);
    char slow[200] = "sub";
    for (int i = 0; i < 40; i++)
        strcat(slow, "/.");
    strcat(slow, "/deep");
    CHECK(fs_mkdir(NULL, "/sub"));
    ext2t_make_file("/sub/deep", 9, 3000);
    CHECK(fs_symlink(NULL, "sub/deep", "/fast") == 0);
    CHECK(fs_symlink(NULL, slow, "/slow") == 0 && strlen(slow) > 60);
    CHECK(fs_symlink(NULL, "../sub/deep", "/sub/up") == 0);
    CHECK(fs_symlink(NULL, "/sub", "/abs") == 0);
    CHECK(fs_symlink(NULL, "nowhere", "/dangling") == 0);
    CHECK(fs_symlink(NULL, "/loopb", "/loopa") == 0 &&
          fs_symlink(NULL, "/loopa", "/loopb") == 0);
    CHECK(fs_symlink(NULL, "self", "/self") == 0);
    CHECK(fs_symlink(NULL, "x", "/fast") == -1 && fs_symlink(NULL, "", "/e") == -1);
    const char *good[] = {"/fast",     "/slow",  "/sub/up",
                          "/abs/deep", "abs/up", "/abs/../fast"};
    for (size_t i = 0; i < ARRAY_SIZE(good); i++)
        ext2t_check_pattern(good[i], 9, 3000);
    struct inode *dir = fs_lookup_dir(NULL, "/abs");
    CHECK(dir != NULL && inode_inumber(dir) != 2);
    inode_close(dir);
    host_console_clear();
    CHECK(file_open(NULL, "/loopa") == NULL && file_open(NULL, "/self") == NULL);
    CHECK(!host_console_contains("symbolic link"));
    CHECK(file_open(NULL, "/dangling") == NULL);
    CHECK(fs_remove(NULL, "/fast") && fs_remove(NULL, "/slow") &&
          fs_remove(NULL, "/loopa"));
    ext2t_check_pattern("/sub/deep", 9, 3000);
    ext2t_unmount_fsck(img);
    char *st = img_debugfs(img, "stat /abs", NULL);
    CHECK(st != NULL && strstr(st, "Fast link dest: \"/sub\"") != NULL);
    free(st);
}

/* Changing a hashed directory clears its index flag; e2fsck stays happy. */
static void
test_dir_index(void)
{
    const char *staging = img_path("staging"), *img = img_path("ns.img");
    char path[128];
    CHECK(img_run("rm -rf '%s' && mkdir -p '%s/big' && cd '%s/big' && for i in $(seq 1 "
                  "400); do echo $i >entry_with_a_longer_name_$i; done",
                  staging, staging, staging) == 0);
    CHECK(img_mkfs(img, 1024, staging, "8M", NULL) == 0);
    CHECK(img_run("e2fsck -fyD '%s'", img) <= 1);
    char *st = img_debugfs(img, "stat /big", NULL);
    CHECK(st != NULL && strstr(st, "Flags: 0x1000") != NULL);
    free(st);
    ext2t_mount(img, 64);
    for (int i = 1; i <= 400; i += 3) {
        snprintf(path, sizeof path, "/big/entry_with_a_longer_name_%d", i);
        CHECK(fs_remove(NULL, path));
    }
    for (int i = 0; i < 200; i++) {
        snprintf(path, sizeof path, "/big/new_%d", i);
        CHECK(fs_create(NULL, path, i));
    }
    ext2t_unmount_fsck(img);
    st = img_debugfs(img, "stat /big", NULL);
    CHECK(st != NULL && strstr(st, "Flags: 0x0") != NULL);
    free(st);
}

/* Removing files with extended-attribute blocks: a block shared by two
 * inodes (reference count 2) survives the first removal and goes with the
 * second; e2fsck is clean at each step. */
static void
test_xattr(void)
{
    const char *staging = img_path("staging"), *img = img_path("ns.img");
    uint32_t ino, a, b;
    uint64_t off_g;
    CHECK(img_run(
              "rm -rf '%s' && mkdir '%s' && for f in f g h; do echo $f >\"%s/$f\"; done",
              staging, staging, staging) == 0);
    CHECK(img_mkfs(img, 1024, staging, "8M", NULL) == 0);
    CHECK(img_run("head -c 600 /dev/zero | tr '\\0' v >'%s/val' && for f in f g h; do "
                  "debugfs -w -R \"ea_set -f %s/val /$f user.big\" '%s' || exit 1; done",
                  staging, staging, img) == 0);
    CHECK(img_inode_location(img, "/g", &ino, &off_g) == 0);
    char *st = img_debugfs(img, "stat /f", NULL);
    CHECK(st != NULL && sscanf(strstr(st, "File ACL:"), "File ACL: %u", &a) == 1);
    free(st);
    CHECK(img_peek(img, off_g + 104, &b, 4) == 0 && a != 0 && b != 0 && a != b);
    CHECK(img_poke32(img, off_g + 104, a) == 0);            /* g shares f's block */
    CHECK(img_poke32(img, (uint64_t)a * 1024 + 4, 2) == 0); /* two references */
    CHECK(img_run("debugfs -w -R 'freeb %u' '%s'", b, img) == 0);
    CHECK(img_run("e2fsck -fy '%s'", img) <= 1); /* freeb leaves the counts */
    CHECK(img_fsck(img) == 0);
    ext2t_mount(img, 64);
    CHECK(fs_remove(NULL, "/f") && fs_remove(NULL, "/h"));
    ext2t_unmount_fsck(img);
    uint32_t refs;
    CHECK(img_peek(img, (uint64_t)a * 1024 + 4, &refs, 4) == 0 && refs == 1);
    ext2t_mount(img, 64);
    CHECK(fs_remove(NULL, "/g"));
    ext2t_unmount_fsck(img);
    char req[32];
    snprintf(req, sizeof req, "testb %u", a);
    st = img_debugfs(img, req, NULL);
    CHECK_MSG(st != NULL && strstr(st, "not in use") != NULL, "xattr block %u not freed",
              a);
    free(st);
}

/* Many small files created, half removed, recreated; space is reused. */
static void
test_many_files(void)
{
    const char *img = fresh_image(1024, "4M", NULL);
    char path[64];
    CHECK(fs_mkdir(NULL, "/m"));
    for (int round = 0; round < 3; round++) {
        for (int i = round == 0 ? 0 : 1; i < 400; i += round == 0 ? 1 : 2) {
            snprintf(path, sizeof path, "/m/f%03d", i);
            if (round > 0)
                CHECK(fs_remove(NULL, path));
            ext2t_make_file(path, 1000 * round + i, 1 + i * 7 % 3000);
        }
    }
    for (int i = 0; i < 400; i += 37) {
        snprintf(path, sizeof path, "/m/f%03d", i);
        ext2t_check_pattern(path, 1000 * (i % 2 ? 2 : 0) + i, 1 + i * 7 % 3000);
    }
    for (int i = 0; i < 5; i++) { /* a 2 MiB file fits again and again */
        ext2t_make_file("/m/big", 77, 2 << 20);
        CHECK(fs_remove(NULL, "/m/big"));
    }
    ext2t_unmount_fsck(img);
    ext2t_check_debugfs(img, "/m/f037", 2037, 1 + 37 * 7 % 3000);
}

/* A full disk: a write gets a short count, the image stays consistent, and
 * space comes back after a remove.  Then run out of inodes. */
static void
test_full(unsigned bs)
{
    const char *img = fresh_image(bs, "1M", "-N 64");
    CHECK(fs_create(NULL, "/big", 0));
    struct file *f = file_open(NULL, "/big");
    int64_t first = ext2t_write_pattern(f, 11, 4 << 20, 65536);
    CHECK(first > 0 && first < (1 << 20) && file_length(f) == first);
    CHECK_EQ_INT(file_write(f, "x", 1), 0);
    file_close(f);
    ext2t_check_pattern("/big", 11, first);
    CHECK(!fs_mkdir(NULL, "/nodir") && fs_symlink(NULL, "x", "/nolink") == 0);
    CHECK(fs_remove(NULL, "/nolink"));
    ext2t_unmount_fsck(img);
    ext2t_check_debugfs(img, "/big", 11, first);
    ext2t_mount(img, 64);
    CHECK(fs_remove(NULL, "/big") && fs_create(NULL, "/big", 0));
    f = file_open(NULL, "/big");
    CHECK_EQ_INT(ext2t_write_pattern(f, 12, 4 << 20, 65536), first);
    file_close(f);
    CHECK(fs_remove(NULL, "/big"));
    int made = 0;
    char path[32];
    for (;; made++) {
        snprintf(path, sizeof path, "/i%d", made);
        if (!fs_create(NULL, path, 0))
            break;
    }
    CHECK(made > 40 && made < 64);
    ext2t_unmount_fsck(img);
}

int
main(void)
{
    img_setup("test_ext2_ns");
    host_console_set_quiet(true);
    test_dirs();
    test_remove_cwd();
    test_names();
    test_remove_open();
    test_deny_write();
    test_symlinks();
    test_dir_index();
    test_xattr();
    test_many_files();
    test_full(1024);
    test_full(4096);
    img_cleanup();
    return check_done("test_ext2_ns");
}
